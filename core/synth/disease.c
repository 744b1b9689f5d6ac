/* disease.c: coronary territories and the defects of coronary disease.
 *
 * Territories come from core/polar/geometry.c (pc_territory_weights) with the patient's
 * jitter: dominance, wrap-around LAD, apex supply, soft boundaries (docs/domain.md
 * 1.5, 6.1). A lesion's perfusion bed is its territory, cut to the distal part of the
 * ventricle for mid and distal lesions and to an angular window for side-branch lesions;
 * the defect is deepest in the bed's core and grades off over its soft edges (3.2).
 * Model version 2 grades each bed from its core to its border instead (bed.c).
 * Ischaemia reduces uptake at stress only (and at rest for critical stenoses); scar
 * reduces it at both; both together make a mixed defect (3.1). */
#include "detmath.h"
#include "model.h"

void synth_territories(const pc_synth_patient *p, const synth_grid *g, double *w3_out)
{
    for (int i = 0; i < SYNTH_NN; i++)
        pc_territory_weights(PC_RINGS_EQUAL_WIDTH, &p->territory, g->s[i], g->theta[i], w3_out + 3 * i);
}

/* Soft angular window centred on c, full width w, edges 20 deg. */
static double angular_window(double theta, double c, double w)
{
    if (w >= 360.0) return 1.0;
    double d = pc_angle_diff(theta, c);
    if (d < 0) d = -d;
    return 1.0 - synth_smoothstep((d - w / 2.0) / 20.0 + 0.5);
}

/* The bed of a lesion: 1 in the core of the territory part it supplies. */
static double bed_of(const pc_synth_vessel *v, double w, double s, double theta)
{
    double reach = v->bed_reach >= 1.0 ? 1.0 : 1.0 - synth_smoothstep((s - v->bed_reach) / 0.12 + 0.5);
    return w * reach * angular_window(theta, v->bed_center_deg, v->bed_width_deg);
}

/* Depth range of a scar: 1 from scar_from to scar_to (to the rim when scar_to is 1). */
static double scar_radial(const pc_synth_vessel *v, double s)
{
    double from = synth_smoothstep((s - v->scar_from) / 0.08 + 0.5);
    return v->scar_to >= 1.0 ? from : from * (1.0 - synth_smoothstep((s - v->scar_to) / 0.08 + 0.5));
}

/* Model version 1 (and balanced disease in version 2, a global reduction with no core):
 * the defect fills its bed, softened only by the territory hand-overs. */
static void coronary_flat(const pc_synth_patient *p, const synth_grid *g, const double *w3, int rest, double *out)
{
    for (int i = 0; i < SYNTH_NN; i++) {
        double s = g->s[i], t = g->theta[i], f = 1.0;
        for (int k = 0; k < PC_TERRITORY_COUNT; k++) {
            const pc_synth_vessel *v = &p->vessel[k];
            double w = w3[3 * i + k];
            if (w <= 0.0) continue;
            double deficit = rest ? v->rest_deficit : v->stress_deficit;
            if (deficit > 0.0) f *= 1.0 - deficit * bed_of(v, w, s, t);
            if (v->scar) f *= 1.0 - v->scar_depth * w * scar_radial(v, s) * angular_window(t, v->scar_center_deg, v->scar_width_deg);
        }
        out[i] = f;
    }
}

/* Model version 2: each bed graded from its border to its core (bed.c). */
static void coronary_graded(const pc_synth_patient *p, const synth_grid *g, const double *w3, int rest, double *work,
                            double *out)
{
    double *bed = work, *grade = work + SYNTH_NN, *scratch = work + 2 * SYNTH_NN;
    for (int i = 0; i < SYNTH_NN; i++) out[i] = 1.0;
    for (int k = 0; k < PC_TERRITORY_COUNT; k++) {
        const pc_synth_vessel *v = &p->vessel[k];
        double deficit = rest ? v->rest_deficit : v->stress_deficit;
        if (deficit > 0.0) {
            for (int i = 0; i < SYNTH_NN; i++) bed[i] = bed_of(v, w3[3 * i + k], g->s[i], g->theta[i]);
            synth_bed_grade(g, bed, v->fade_core, v->fade_irregular, v->fade_phase_deg, scratch, grade);
            for (int i = 0; i < SYNTH_NN; i++) out[i] *= 1.0 - deficit * grade[i];
        }
        if (v->scar) {
            for (int i = 0; i < SYNTH_NN; i++)
                bed[i] = w3[3 * i + k] * scar_radial(v, g->s[i]) * angular_window(g->theta[i], v->scar_center_deg, v->scar_width_deg);
            synth_bed_grade(g, bed, v->scar_fade_core, v->fade_irregular, v->fade_phase_deg + 90.0, scratch, grade);
            for (int i = 0; i < SYNTH_NN; i++) out[i] *= 1.0 - v->scar_depth * grade[i];
        }
    }
}

void synth_coronary(const pc_synth_patient *p, const synth_grid *g, const double *w3, int rest, double *work,
                    double *out)
{
    if (p->model_version >= 2 && !p->balanced) coronary_graded(p, g, w3, rest, work, out);
    else coronary_flat(p, g, w3, rest, out);
}
