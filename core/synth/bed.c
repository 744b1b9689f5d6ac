/* bed.c: perfusion beds graded across their border (model version 2).
 *
 * Version 1 filled a lesion's bed (territory share x reach x branch window) with one
 * depth, so a side-branch lesion painted a wedge with straight radial edges and an almost
 * hard step. A real defect covers its bed, the myocardium at risk: reduced flow fills the
 * region of the occluded vessel up to a narrow intermediate zone about 3 mm wide at its
 * lateral margins, and infarcts reach the lateral margins of the area at risk
 * (docs/synthetic.md [L9]); the border itself is sharp at tissue level but extremely
 * irregular, interdigitating peninsulas of normal and ischaemic muscle [L10]. What a scan
 * shows is that border softened by the camera (acquisition.c's blur) and by the beds'
 * overlap at the hand-over (docs/domain.md 3.2: "grading off over about 10-30 deg").
 *
 * So the grade is centred on the bed's border, not started inside it: a two-pass chamfer
 * distance (weights 1 and sqrt 2 in grid steps) gives every point its distance from the
 * border, positive inside the bed and negative outside (the valve-plane rim is not a
 * border: the myocardium ends there, the bed does not). The line where the grade is one
 * half wanders around the border by up to 0.12 disc radii: a smooth ripple of three
 * waves 60 deg apart with unequal wavelengths (1.0, 1.2 and 1.4 disc radii), so no edge
 * stays a straight radius and the pattern does not repeat (a first ripple of two waves,
 * scaled with the fade, drew regular scallops along a long scar border), and the grade
 * rises over `fade` across that line (smoothstep), so there is no hard step. The first version-2 grade
 * started the fade at the border and ran it inwards: it shrank every bed by half a fade
 * (ischaemic extent median 33% -> 18% LV) and kept the border itself straight. Only
 * + - x / and detmath, so the bytes stay reproducible. */
#include "detmath.h"
#include "model.h"

enum { BED_FAR = 1000000 };
/* The narrowest fade (disc radii): 17 deg at mid-ventricle, 10 deg at the base (s 0.9): domain 3.2 says 10-30 deg. */
#define FADE_FLOOR 0.15
/* How far (disc radii) the half-grade line wanders at irregular = 1: the ripple is not
 * scaled with a big bed's wide fade, which would draw large regular waves. */
#define WANDER 0.12

static double min2(double a, double b)
{
    return a < b ? a : b;
}

/* Forward and backward chamfer passes over dist (grid steps); 0 marks the border. */
static void chamfer(double *dist)
{
    const double diag = 1.4142135623730951;
    for (int y = 0; y < SYNTH_N; y++)
        for (int x = 0; x < SYNTH_N; x++) {
            double *d = &dist[y * SYNTH_N + x];
            if (x > 0) *d = min2(*d, d[-1] + 1.0);
            if (y > 0) {
                *d = min2(*d, d[-SYNTH_N] + 1.0);
                if (x > 0) *d = min2(*d, d[-SYNTH_N - 1] + diag);
                if (x < SYNTH_N - 1) *d = min2(*d, d[-SYNTH_N + 1] + diag);
            }
        }
    for (int y = SYNTH_N - 1; y >= 0; y--)
        for (int x = SYNTH_N - 1; x >= 0; x--) {
            double *d = &dist[y * SYNTH_N + x];
            if (x < SYNTH_N - 1) *d = min2(*d, d[1] + 1.0);
            if (y < SYNTH_N - 1) {
                *d = min2(*d, d[SYNTH_N] + 1.0);
                if (x < SYNTH_N - 1) *d = min2(*d, d[SYNTH_N + 1] + diag);
                if (x > 0) *d = min2(*d, d[SYNTH_N - 1] + diag);
            }
        }
}

/* Distance (disc radii) of every point of the disc from the border of the bed (bed share
 * >= 1/2): positive inside, negative outside, about +-half a step next to the border.
 * Points outside the disc seed nothing, so the valve-plane rim is no border. A bed that
 * fills the whole disc (no border) is BED_FAR deep everywhere. */
static void signed_distance(const synth_grid *g, const double *bed, double step, double *dist, double *scratch)
{
    for (int i = 0; i < SYNTH_NN; i++) {
        int in_disc = g->inside[i] != 0, in_bed = in_disc && bed[i] >= 0.5;
        dist[i] = in_disc && !in_bed ? 0.0 : (double)BED_FAR;   /* depth into the bed */
        scratch[i] = in_bed ? 0.0 : (double)BED_FAR;            /* distance outside it */
    }
    chamfer(dist);
    chamfer(scratch);
    for (int i = 0; i < SYNTH_NN; i++) {
        if (!g->inside[i]) continue;
        if (bed[i] >= 0.5) dist[i] = dist[i] < BED_FAR ? (dist[i] - 0.5) * step : (double)BED_FAR;
        else dist[i] = scratch[i] < BED_FAR ? -(scratch[i] - 0.5) * step : -(double)BED_FAR;
    }
}

void synth_bed_grade(const synth_grid *g, const double *bed, double core, double irregular, double phase_deg,
                     double *scratch, double *out)
{
    const double step = 2.0 / SYNTH_N;   /* disc radii per grid step */
    signed_distance(g, bed, step, out, scratch);
    double deepest = 0.0;
    for (int i = 0; i < SYNTH_NN; i++)
        if (g->inside[i] && out[i] < BED_FAR && out[i] > deepest) deepest = out[i];
    double fade = core * deepest;
    if (fade < FADE_FLOOR) fade = FADE_FLOOR;
    const double a = phase_deg * PC_DM_PI / 180.0, ca = pc_dm_cos(a), sa = pc_dm_sin(a);
    for (int i = 0; i < SYNTH_NN; i++) {
        if (!g->inside[i]) {
            out[i] = 0.0;
            continue;
        }
        double x = ((i % SYNTH_N) + 0.5) * step - 1.0, y = ((i / SYNTH_N) + 0.5) * step - 1.0;
        double u = x * ca + y * sa, w = y * ca - x * sa;
        /* three waves 60 deg apart with unequal wavelengths, so the pattern does not repeat */
        double ripple = (pc_dm_cos(7.9 * u + a) + pc_dm_cos(6.3 * (0.5 * u + 0.866 * w) + 2.0 * a) +
                         pc_dm_cos(5.0 * (-0.5 * u + 0.866 * w) + 3.0 * a)) / 3.0;   /* -1..1 */
        out[i] = synth_smoothstep((out[i] + irregular * WANDER * ripple) / fade + 0.5);
    }
}
