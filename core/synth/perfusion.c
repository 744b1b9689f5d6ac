/* perfusion.c: normal myocardial uptake and the non-coronary findings.
 *
 * Normal map (docs/domain.md 2.1, 6.3): fairly homogeneous, the lateral wall often
 * hottest (more on NAC), a basal septal dip at the rim between about 150 and 210 deg
 * (membranous septum), mild apical thinning (AC adds more: attenuation.c), a slight fall
 * at the valve plane, and a little low-frequency patient-specific variation.
 * Non-coronary findings (2.2, 6.6): LBBB (septal, apex spared, partly reversible),
 * microvascular dysfunction (patchy mild stress-only reductions not following a
 * territory) and septal hypertrophy (a hot septum that makes the lateral wall look
 * relatively reduced after normalisation). */
#include "detmath.h"
#include "model.h"

void synth_normal_uptake(const pc_synth_patient *p, const synth_grid *g, double *nac_out, double *ac_out)
{
    const double deg = PC_DM_PI / 180.0;
    for (int i = 0; i < SYNTH_NN; i++) {
        double s = g->s[i], t = g->theta[i];
        double lateral = pc_dm_cos((t - p->lateral_center_deg) * deg);
        double u = 1.0;
        u *= 1.0 - p->basal_septal_dip * synth_gauss_angle(t, 180.0, p->basal_septal_width_deg) *
                       synth_smoothstep((s - 0.60) / 0.35);
        u *= 1.0 - p->apical_thinning * pc_dm_exp(-s * s / (2.0 * 0.18 * 0.18));
        u *= 1.0 - p->rim_falloff * synth_smoothstep((s - 0.85) / 0.15);
        double h = 1.0;
        for (int k = 0; k < 3; k++) h += p->hetero_amp[k] * pc_dm_cos(((k + 2) * t - p->hetero_phase[k]) * deg);
        u *= h * (1.0 + p->hetero_radial * (s - 0.5));
        nac_out[i] = u * (1.0 + p->lateral_gain_nac * lateral);
        ac_out[i] = u * (1.0 + p->lateral_gain_ac * lateral);
    }
}

void synth_noncoronary(const pc_synth_patient *p, const synth_grid *g, int rest, double *out)
{
    double lbbb = rest ? p->lbbb_rest : p->lbbb_stress;
    const double deg = PC_DM_PI / 180.0;
    for (int i = 0; i < SYNTH_NN; i++) {
        double s = g->s[i], t = g->theta[i], f = 1.0;
        if (lbbb > 0.0)   /* septal and anteroseptal, apex relatively spared */
            f *= 1.0 - lbbb * synth_gauss_angle(t, 170.0, 40.0) * synth_smoothstep((s - 0.12) / 0.25);
        if (p->microvascular && !rest) {
            double x = s * pc_dm_cos(t * deg), y = s * pc_dm_sin(t * deg);
            for (int k = 0; k < p->mvd_patches; k++) {
                double cx = p->mvd_depth_pos[k] * pc_dm_cos(p->mvd_theta[k] * deg);
                double cy = p->mvd_depth_pos[k] * pc_dm_sin(p->mvd_theta[k] * deg);
                double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                f *= 1.0 - p->mvd_depth[k] * pc_dm_exp(-d2 / (2.0 * p->mvd_size[k] * p->mvd_size[k]));
            }
        }
        if (p->hypertrophy) f *= 1.0 + p->septal_gain * synth_gauss_angle(t, 180.0, 45.0) * (0.5 + 0.5 * s);
        out[i] = f;
    }
}
