/* attenuation.c: soft-tissue attenuation (NAC), what CT attenuation correction leaves and
 * adds (AC), and subdiaphragmatic activity (docs/domain.md 2.2, 2.3, 6.4).
 *
 * NAC: the diaphragm lowers the inferior wall, most at the base (men, flat wide chest,
 * higher BMI); the breast lowers the anterior/anterolateral wall (women) and may sit
 * differently at stress and rest (pseudo-reversible); obesity lowers the lateral wall.
 * AC: keeps ac_residual of those, deepens the apex (apical thinning accentuated), may
 * over-correct the inferior wall (so the anterior wall looks relatively lower), and a
 * CT/SPECT misregistration makes an anterior/anterolateral/lateral defect that can differ
 * between stress and rest. Patient motion makes opposing-wall reductions ("hurricane") and
 * upward creep after exercise an inferior one at stress; these are in the projections, so
 * AC and NAC share them. Activity in the liver or bowel spills into the basal inferior
 * wall (and may become the normalisation maximum); filtered back-projection may carve a
 * cold notch next to it. */
#include "detmath.h"
#include "model.h"

void synth_attenuation(const pc_synth_patient *p, const synth_grid *g, int rest, double *nac_out, double *ac_out)
{
    double r = p->ac_residual;
    for (int i = 0; i < SYNTH_NN; i++) {
        double s = g->s[i], t = g->theta[i];
        double diaphragm = p->diaphragm_depth * p->diaphragm_ratio[rest] *
                           synth_gauss_angle(t, p->diaphragm_center_deg, p->diaphragm_width_deg) * (0.35 + 0.65 * s);
        double breast = p->breast_depth[rest] * synth_gauss_angle(t, p->breast_center_deg[rest], p->breast_width_deg) *
                        (1.0 - 0.35 * s);
        double lateral = p->lateral_fat_depth * synth_gauss_angle(t, 0.0, 40.0) * (0.5 + 0.5 * s);
        /* motion and creep are in the projections, so AC and NAC both show them */
        double shared = 1.0;
        if (p->motion_depth[rest] > 0.0)
            shared *= 1.0 - p->motion_depth[rest] * (synth_gauss_angle(t, p->motion_angle_deg[rest], 30.0) +
                                                     synth_gauss_angle(t, p->motion_angle_deg[rest] + 180.0, 30.0)) *
                                (0.3 + 0.7 * s);
        if (!rest && p->creep_depth > 0.0)
            shared *= 1.0 - p->creep_depth * synth_gauss_angle(t, 270.0, 40.0) * (0.3 + 0.7 * s);
        nac_out[i] = shared * (1.0 - diaphragm) * (1.0 - breast) * (1.0 - lateral);
        double ac = shared * (1.0 - r * diaphragm) * (1.0 - r * breast) * (1.0 - r * lateral);
        ac *= 1.0 - p->ac_apical_extra * pc_dm_exp(-s * s / (2.0 * 0.20 * 0.20));
        ac *= 1.0 + p->ac_inferior_gain * synth_gauss_angle(t, 270.0, 50.0);
        ac *= 1.0 - p->misreg_depth[rest] * synth_gauss_angle(t, p->misreg_center_deg[rest], 35.0) * (0.4 + 0.6 * s);
        ac_out[i] = ac;
    }
}

void synth_extracardiac(const pc_synth_patient *p, const synth_grid *g, int ac, int rest, double *add_out)
{
    double a = p->extracardiac[rest] * (ac ? 1.2 : 1.0);   /* AC raises deep activity more */
    for (int i = 0; i < SYNTH_NN; i++) {
        double v = 0.0;
        if (a > 0.0) {
            double s = g->s[i], t = g->theta[i];
            double ang = synth_gauss_angle(t, 270.0, 35.0);
            v = a * ang * pc_dm_exp(-(s - 1.0) * (s - 1.0) / (2.0 * 0.18 * 0.18));
            if (p->fbp_notch[rest]) v -= 0.5 * a * ang * pc_dm_exp(-(s - 0.68) * (s - 0.68) / (2.0 * 0.09 * 0.09));
        }
        add_out[i] = v;
    }
}
