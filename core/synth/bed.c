/* bed.c: perfusion beds graded from their core to their edge (model version 2).
 *
 * Version 1 filled a lesion's bed (territory share x reach x branch window) with one
 * depth, so a side-branch lesion painted a wedge with straight radial edges and an almost
 * hard step: its 20 deg soft edge is a few pixels wide near the apex. A real defect is
 * deepest in the bed's core and fades towards its border, where neighbouring beds and
 * collaterals overlap (docs/domain.md 3.2: "deepest in the territory core, grading off").
 *
 * Here the grade depends on the distance from the bed's border on the map, not on an
 * angle, so the fade is as wide at the apex as at the base: the border is where the bed
 * falls below one half; a two-pass chamfer distance (weights 1 and sqrt 2 in grid steps)
 * gives every point inside its distance from it; the valve-plane rim is not a border (the
 * myocardium ends there, the bed does not). The deficit factor is
 * smoothstep(distance / fade) with fade a share (`core`) of the bed's deepest distance: the
 * full deficit only in the core, a border zone around it as wide as the bed allows, and a
 * wavy start of the fade so the edges are not straight. Only + - x / and detmath, so the
 * bytes stay reproducible. */
#include "detmath.h"
#include "model.h"

enum { BED_FAR = 1000000 };
/* The narrowest fade (disc radii): 17 deg at mid-ventricle, 10 deg at the base (s 0.9): domain 3.2 says 10-30 deg. */
#define FADE_FLOOR 0.15

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

void synth_bed_grade(const synth_grid *g, const double *bed, double core, double irregular, double phase_deg,
                     double *out)
{
    for (int i = 0; i < SYNTH_NN; i++)
        out[i] = g->inside[i] && bed[i] < 0.5 ? 0.0 : (double)BED_FAR;
    chamfer(out);
    const double step = 2.0 / SYNTH_N;   /* disc radii per grid step */
    const double a = phase_deg * PC_DM_PI / 180.0, ca = pc_dm_cos(a), sa = pc_dm_sin(a);
    double deepest = 0.0;
    for (int i = 0; i < SYNTH_NN; i++)
        if (g->inside[i] && bed[i] >= 0.5 && out[i] < BED_FAR && out[i] > deepest) deepest = out[i];
    double fade = core * deepest * step;
    if (fade < FADE_FLOOR) fade = FADE_FLOOR;
    for (int i = 0; i < SYNTH_NN; i++) {
        if (!g->inside[i] || bed[i] < 0.5) {
            out[i] = 0.0;
            continue;
        }
        /* a smooth ripple (wavelengths about 0.9 and 1.3 disc radii) moves where the fade
         * starts inwards by 0..irregular x fade, so no edge stays a straight radius; the
         * deficit still starts from 0 */
        double x = ((i % SYNTH_N) + 0.5) * step - 1.0, y = ((i / SYNTH_N) + 0.5) * step - 1.0;
        double u = x * ca + y * sa, w = y * ca - x * sa;
        double ripple = 0.5 * (pc_dm_cos(7.0 * u + a) + pc_dm_cos(5.0 * w + 2.0 * a));
        double inset = irregular * fade * 0.5 * (1.0 + ripple);
        out[i] = synth_smoothstep((out[i] * step - inset) / fade);
    }
}
