/* patient.c: one case's latent truth, drawn from its own PCG32 stream.
 *
 * Every number below is a model parameter listed in docs/synthetic.md with its source:
 * [S..] tags are the sources listed in docs/domain.md 7, [domain x.y] is section x.y of
 * docs/domain.md, [L..] the extra literature listed in docs/synthetic.md, and "estimate"
 * marks our own working values. Nothing here is tuned to make any classifier or score
 * reach a number.
 *
 * The cohort plan (cohort.c) fixes label, sex, previous infarction and previous
 * revascularisation so their counts are exact; everything else comes from here.
 * Order of draws matters for reproducibility: every model version keeps its own sequence,
 * so a change that alters an image goes behind a new version (synth.h) and version 1's
 * draws stay exactly as they were. */
#include <stdio.h>
#include <string.h>

#include "detmath.h"
#include "model.h"
#include "synth.h"

/* ---- cohort and stress protocol [S1] ---- */
#define AGE_MEAN 66.2
#define AGE_SD 10.4
#define P_ADENOSINE (155.0 / 216.0)          /* 155 of 216 had adenosine [S1] */

/* ---- stress efficacy [S24b]: submaximal exercise, caffeine or anti-anginal drugs (estimate) ---- */
#define P_SUBMAXIMAL_EXERCISE 0.30
#define P_BLUNTED_VASODILATOR 0.10

/* ---- coronary anatomy [L3]: right dominance about 70-85%, left 10-12%, co-dominant the rest ---- */
#define P_RIGHT_DOMINANT 0.75
#define P_CODOMINANT 0.15
#define P_WRAP_LAD 0.40                      /* estimate */
#define P_APEX_RCA 0.08                      /* estimate: apex is the least predictable [S2, S5] */
#define P_APEX_LCX 0.04

/* ---- extent of CAD among label-1 cases [L2]: VA CART 1-vessel 43%, 2-vessel 25%,
 *      3-vessel or left main 28% of obstructive CAD; left main share estimate ---- */
#define P_LEFT_MAIN 0.06
#define P_THREE_VESSEL 0.22
#define P_TWO_VESSEL 0.26                    /* the rest (0.46) single-vessel */
#define P_LM_WITH_RCA 0.35                   /* estimate */
/* single-vessel location (estimate; [S24] found LAD 40 / RCA 30 / LCx 30 among missed ones) */
#define P_1VD_LAD 0.45
#define P_1VD_RCA 0.30
/* ---- lesion grade among flow-limiting vessels (estimate; the paper used FFR < 0.80 for 50-70%) ---- */
#define P_INTERMEDIATE 0.20
#define P_OCCLUSION 0.18
#define P_PROXIMAL 0.40
#define P_MID 0.40
#define P_BRANCH 0.20                        /* diagonal / marginal / PDA lesion: part of the bed */
#define P_COLLATERAL_SIGNIFICANT 0.20
#define P_BALANCED_3TERRITORY 0.20           /* estimate from [S24] (LM 7%, 3VD 10% of missed CAD) and [S25] */
#define P_NONSIGNIFICANT_LESION 0.22         /* a 50-70% lesion with FFR >= 0.80 in an otherwise normal vessel */

/* ---- history [S1]: the infarct vessel, revascularisation mode (estimates) ---- */
#define P_MI_IN_DISEASED_VESSEL 0.80
#define P_CABG 0.30
#define P_REVASC_DISEASED_VESSEL 0.50

/* ---- risk factors [S1 Table 1] shaping non-coronary findings ---- */
#define P_HYPERTENSION 0.82
#define P_DIABETES 0.34
/* ---- non-coronary findings: LBBB [L5]; microvascular dysfunction [L6]; septal hypertrophy (estimates) ---- */
#define P_LBBB 0.05
/* Model version 2: conduction abnormalities explained 6 of 70 false-positive technetium
 * scans in angina patients with normal angiograms [L11], 8.6%; with the septal pattern in
 * 70% of LBBB that is about 12% LBBB among no-CAD referrals (referral bias, like MVD below). */
#define P_LBBB_NO_CAD_REFERRED 0.12
#define P_LBBB_PATTERN 0.70                  /* 34 of 48 LBBB patients showed the septal pattern [L5] */
#define P_MVD_BASE 0.04
#define P_MVD_DIABETES 0.10
#define P_MVD_HYPERTENSION 0.03
/* Referral bias: the cohort is the 21% of MPI patients sent to angiography [S1]; those
 * without obstructive CAD were mostly sent for symptoms or an abnormal scan, and about half
 * of patients with angina and no obstructive CAD have coronary microvascular dysfunction
 * [L6]. We assume about half of those show patchy stress defects on SPECT (estimate). */
#define P_MVD_NO_CAD_REFERRED 0.30
#define P_HYPERTROPHY_BASE 0.03
#define P_HYPERTROPHY_HYPERTENSION 0.04

/* ---- attenuation and AC [S20-S23, L4] ---- */
#define P_MISREG_SIGNIFICANT 0.28            /* > 1 px on > 1 axis or > 3 px: 28% of studies [L4] */
#define P_MISREG_SAME_AT_REST 0.64           /* stress and rest differed by > 1 px in 36% [L4] */
#define P_EXTRACARDIAC_ADENOSINE 0.25        /* estimate: vasodilators raise splanchnic uptake */
#define P_EXTRACARDIAC_EXERCISE 0.08
#define P_EXTRACARDIAC_REST 0.20
#define P_FBP_NOTCH 0.30
/* ---- acquisition-to-acquisition variability (estimates; docs/synthetic.md) ---- */
#define ORIENT_ROT_SD 4.0                    /* degrees: LV axis and reorientation per acquisition */
#define ORIENT_SCALE_SD 0.04                 /* apex-to-base sampling extent */
#define DIAPHRAGM_RATIO_SD 0.15              /* "usually fixed" [S23], not identical */
#define P_MOTION 0.10                        /* visible motion per acquisition [domain 2.2 names it] */
#define P_CREEP_EXERCISE 0.10                /* upward creep after exercise */

/* ---- model version 2 (estimates; docs/synthetic.md, "Model versions") ---- */
/* A defect covers its bed and grades off across the bed's border over about 10-30 deg
 * [domain 3.2]: the fade (centred on the border, bed.c) is this share of the bed's deepest
 * distance inside. A whole territory's deepest point lies about 0.4 disc radii from its
 * border, so 0.25-0.60 of it is 0.10-0.24 radii, 10-30 deg at mid-ventricle (s 0.5); bed.c
 * keeps at least 0.15 for narrow beds. */
#define FADE_CORE_MIN 0.25
#define FADE_CORE_MAX 0.60
/* How far the half-grade line wanders around the bed border, as a share of bed.c's 0.12
 * disc radii: the tissue border follows interdigitating branches, not a straight line
 * [L10] (amount estimate). */
#define FADE_IRREGULAR_MIN 0.50
#define FADE_IRREGULAR_MAX 1.00
#define SCAR_FADE_CORE_MIN 0.20              /* infarcts: a dense core, a narrower border zone (estimate) */
#define SCAR_FADE_CORE_MAX 0.50
/* Low-likelihood normals: younger than referrals (estimate; age does not change the images). */
#define LOW_AGE_MEAN 55.0
#define LOW_AGE_SD 10.0

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Centre (deg) and width of a territory's basal/mid sector under the patient's jitter. */
static void territory_span(const pc_territory_jitter *j, pc_territory t, double *center, double *width)
{
    double a = 60.0 + j->lad_lcx_shift_deg, b = 180.0 + j->lad_rca_shift_deg, c = 300.0 + j->rca_lcx_shift_deg;
    if (b < a) b = a;
    if (c < b) c = b;
    double lo, hi;
    switch (t) {
    case PC_TERRITORY_LAD: lo = a; hi = b; break;
    case PC_TERRITORY_RCA: lo = b; hi = c; break;
    default: lo = c; hi = a + 360.0; break;
    }
    *center = pc_angle_normalize((lo + hi) / 2.0);
    *width = hi - lo;
}

static void sample_anatomy(pc_rng *rng, pc_synth_patient *p)
{
    pc_territory_jitter *j = &p->territory;
    pc_territory_jitter_standard(j);
    double u = pc_rng_uniform_double(rng);
    if (u < P_RIGHT_DOMINANT) {
        p->dominance = 0;
        j->rca_lcx_shift_deg = pc_dm_uniform(rng, 0.0, 30.0);
    } else if (u < P_RIGHT_DOMINANT + P_CODOMINANT) {
        p->dominance = 1;
        j->rca_lcx_shift_deg = pc_dm_uniform(rng, -25.0, 5.0);
    } else {
        p->dominance = 2;
        j->rca_lcx_shift_deg = pc_dm_uniform(rng, -95.0, -60.0);
    }
    j->lad_lcx_shift_deg = pc_dm_normal_clip(rng, 0.0, 10.0, -20.0, 20.0);
    j->lad_rca_shift_deg = pc_dm_normal_clip(rng, 0.0, 10.0, -20.0, 20.0);
    j->lad_wrap = pc_dm_chance(rng, P_WRAP_LAD) ? pc_dm_uniform(rng, 0.3, 1.0) : 0.0;
    u = pc_rng_uniform_double(rng);
    j->apex = u < P_APEX_RCA ? PC_TERRITORY_RCA : u < P_APEX_RCA + P_APEX_LCX ? PC_TERRITORY_LCX : PC_TERRITORY_LAD;
    if (j->lad_wrap > 0.0) j->apex = PC_TERRITORY_LAD;   /* an LAD that wraps round the apex supplies it */
    j->edge_deg = pc_dm_uniform(rng, 15.0, 30.0);     /* defects grade off over 10-30 deg [domain 3.2] */
    j->edge_rho = pc_dm_uniform(rng, 0.05, 0.12);
}

/* One flow-limiting lesion in vessel t; efficacy scales the hyperaemic deficit. */
static void sample_lesion(pc_rng *rng, pc_synth_patient *p, pc_territory t, int left_main)
{
    pc_synth_vessel *v = &p->vessel[t];
    v->flow_limiting = 1;
    double u = pc_rng_uniform_double(rng);
    if (left_main) {
        v->kind = PC_SYNTH_LESION_SIGNIFICANT;
        v->stenosis_pct = pc_dm_uniform(rng, 50.0, 90.0);   /* LM > 50% is flow-limiting [S1] */
    } else if (u < P_INTERMEDIATE) {
        v->kind = PC_SYNTH_LESION_INTERMEDIATE;
        v->stenosis_pct = pc_dm_uniform(rng, 50.0, 70.0);
        v->ffr = pc_dm_uniform(rng, 0.65, 0.80);
    } else if (u < P_INTERMEDIATE + P_OCCLUSION) {
        v->kind = PC_SYNTH_LESION_OCCLUSION;
        v->stenosis_pct = pc_dm_uniform(rng, 95.0, 100.0);
    } else {
        v->kind = PC_SYNTH_LESION_SIGNIFICANT;
        v->stenosis_pct = pc_dm_uniform(rng, 70.0, 95.0);
    }
    u = pc_rng_uniform_double(rng);
    v->site = left_main ? PC_SYNTH_SITE_PROXIMAL
                        : u < P_PROXIMAL ? PC_SYNTH_SITE_PROXIMAL
                                         : u < P_PROXIMAL + P_MID ? PC_SYNTH_SITE_MID : PC_SYNTH_SITE_DISTAL;
    v->bed_reach = v->site == PC_SYNTH_SITE_PROXIMAL ? 1.0
                   : v->site == PC_SYNTH_SITE_MID    ? pc_dm_uniform(rng, 0.70, 0.90)
                                                     : pc_dm_uniform(rng, 0.45, 0.65);
    double center, width;
    territory_span(&p->territory, t, &center, &width);
    v->branch = !left_main && pc_dm_chance(rng, P_BRANCH);
    if (v->branch) {
        v->bed_width_deg = pc_dm_uniform(rng, 0.35, 0.65) * width;
        v->bed_center_deg = pc_angle_normalize(center + pc_dm_uniform(rng, -0.5, 0.5) * (width - v->bed_width_deg));
    } else {
        v->bed_center_deg = center;
        v->bed_width_deg = 360.0;
    }
    /* Hyperaemic tracer deficit in the bed core before collaterals (estimate; severity
     * grades of [domain 3.3]: mild 60-75% of peak, moderate 45-60%, severe 30-45%). */
    double raw;
    if (v->kind == PC_SYNTH_LESION_INTERMEDIATE) {
        raw = pc_dm_uniform(rng, 0.06, 0.20);
    } else if (v->kind == PC_SYNTH_LESION_OCCLUSION) {
        raw = pc_dm_uniform(rng, 0.40, 0.65);
    } else {
        double s = left_main ? 70.0 + (v->stenosis_pct - 50.0) * 0.6 : v->stenosis_pct;
        raw = clamp(0.15 + 0.30 * (s - 70.0) / 25.0 + 0.06 * pc_dm_normal(rng), 0.08, 0.50);
    }
    if (v->kind == PC_SYNTH_LESION_OCCLUSION) v->collateral = pc_dm_uniform(rng, 0.2, 0.7);
    else if (v->kind == PC_SYNTH_LESION_SIGNIFICANT && pc_dm_chance(rng, P_COLLATERAL_SIGNIFICANT))
        v->collateral = pc_dm_uniform(rng, 0.1, 0.4);
    v->stress_deficit = raw * p->stress_efficacy * (1.0 - v->collateral);
    /* Rest flow stays normal until about 85-90% diameter stenosis [S23d]. */
    v->rest_deficit = v->stenosis_pct >= 90.0 ? pc_dm_uniform(rng, 0.0, 0.12) * (1.0 - 0.5 * v->collateral) : 0.0;
}

static void sample_nonsignificant(pc_rng *rng, pc_synth_vessel *v)
{
    v->kind = PC_SYNTH_LESION_NONSIGNIFICANT;
    v->stenosis_pct = pc_dm_uniform(rng, 50.0, 70.0);
    v->ffr = pc_dm_uniform(rng, 0.80, 0.95);
    v->site = PC_SYNTH_SITE_MID;
    v->bed_reach = pc_dm_uniform(rng, 0.6, 1.0);
    v->bed_center_deg = 0.0;
    v->bed_width_deg = 360.0;
    v->stress_deficit = pc_dm_uniform(rng, 0.0, 0.08);   /* FFR >= 0.80: little or no ischaemia */
}

static pc_territory pick_vessel(pc_rng *rng, double p_lad, double p_rca)
{
    double u = pc_rng_uniform_double(rng);
    return u < p_lad ? PC_TERRITORY_LAD : u < p_lad + p_rca ? PC_TERRITORY_RCA : PC_TERRITORY_LCX;
}

static void sample_coronary(pc_rng *rng, pc_synth_patient *p)
{
    int diseased[PC_TERRITORY_COUNT] = {0};
    if (p->label) {
        double u = pc_rng_uniform_double(rng);
        if (u < P_LEFT_MAIN) {
            p->left_main = 1;
            diseased[PC_TERRITORY_LAD] = diseased[PC_TERRITORY_LCX] = 1;
            diseased[PC_TERRITORY_RCA] = pc_dm_chance(rng, P_LM_WITH_RCA);
        } else if (u < P_LEFT_MAIN + P_THREE_VESSEL) {
            diseased[0] = diseased[1] = diseased[2] = 1;
        } else if (u < P_LEFT_MAIN + P_THREE_VESSEL + P_TWO_VESSEL) {
            double w = pc_rng_uniform_double(rng);   /* LAD+RCA 0.4, LAD+LCx 0.3, LCx+RCA 0.3 (estimate) */
            if (w < 0.4) diseased[PC_TERRITORY_LAD] = diseased[PC_TERRITORY_RCA] = 1;
            else if (w < 0.7) diseased[PC_TERRITORY_LAD] = diseased[PC_TERRITORY_LCX] = 1;
            else diseased[PC_TERRITORY_LCX] = diseased[PC_TERRITORY_RCA] = 1;
        } else {
            diseased[pick_vessel(rng, P_1VD_LAD, P_1VD_RCA)] = 1;
        }
    }
    for (int t = 0; t < PC_TERRITORY_COUNT; t++) {
        if (diseased[t]) {
            int lm = p->left_main && t != PC_TERRITORY_RCA;
            sample_lesion(rng, p, (pc_territory)t, lm);
            p->diseased_vessels++;
        } else if (pc_dm_chance(rng, P_NONSIGNIFICANT_LESION)) {
            sample_nonsignificant(rng, &p->vessel[t]);
        }
    }
    /* Balanced disease: all three territories flow-limited with nearly equal deficits, so
     * normalising the map to its own maximum hides it [domain 3.4]. */
    if (p->diseased_vessels == 3 && pc_dm_chance(rng, P_BALANCED_3TERRITORY)) {
        p->balanced = 1;
        double common = pc_dm_uniform(rng, 0.25, 0.45) * p->stress_efficacy;
        for (int t = 0; t < PC_TERRITORY_COUNT; t++) {
            pc_synth_vessel *v = &p->vessel[t];
            v->site = PC_SYNTH_SITE_PROXIMAL;
            v->bed_reach = 1.0;
            v->branch = 0;
            v->bed_width_deg = 360.0;
            v->collateral = 0.0;
            v->stress_deficit = clamp(common + pc_dm_normal(rng) * 0.025, 0.05, 0.6);
        }
    }
}

static void sample_history(pc_rng *rng, pc_synth_patient *p)
{
    pc_territory infarct = PC_TERRITORY_COUNT;
    if (p->prior_mi) {
        int candidates[PC_TERRITORY_COUNT], n = 0;
        for (int t = 0; t < PC_TERRITORY_COUNT; t++)
            if (p->vessel[t].flow_limiting) candidates[n++] = t;
        if (n > 0 && pc_dm_chance(rng, P_MI_IN_DISEASED_VESSEL)) infarct = (pc_territory)candidates[pc_rng_below(rng, (uint32_t)n)];
        else infarct = pick_vessel(rng, 0.45, 0.35);
        pc_synth_vessel *v = &p->vessel[infarct];
        double center, width;
        territory_span(&p->territory, infarct, &center, &width);
        v->scar = 1;
        v->scar_depth = pc_dm_uniform(rng, 0.20, 0.65);   /* non-transmural to transmural (estimate) */
        v->scar_width_deg = pc_dm_uniform(rng, 0.4, 1.0) * width;
        v->scar_center_deg = pc_angle_normalize(center + pc_dm_normal_clip(rng, 0.0, 12.0, -25.0, 25.0));
        /* at least 0.45 of the apex-base depth, so a scar never shrinks to a thin ring where
         * its territory is narrow */
        v->scar_from = pc_dm_uniform(rng, 0.0, 0.45);
        v->scar_to = v->scar_from + pc_dm_uniform(rng, 0.45, 0.8);
        if (v->scar_to > 1.0) v->scar_to = 1.0;
    }
    if (p->prior_revasc != PC_SYNTH_REVASC_NONE) {
        if (infarct != PC_TERRITORY_COUNT) {
            p->vessel[infarct].revascularised = 1;
        } else {
            pc_territory t = pick_vessel(rng, 0.45, 0.30);
            if (p->label && pc_dm_chance(rng, P_REVASC_DISEASED_VESSEL))
                for (int k = 0; k < PC_TERRITORY_COUNT; k++)
                    if (p->vessel[k].flow_limiting) { t = (pc_territory)k; break; }
            p->vessel[t].revascularised = 1;
        }
        /* CABG patients usually had multivessel disease: graft more than one vessel. */
        if (p->prior_revasc == PC_SYNTH_REVASC_CABG)
            for (int k = 0; k < PC_TERRITORY_COUNT; k++)
                if (pc_dm_chance(rng, 0.6)) p->vessel[k].revascularised = 1;
    }
}

static void sample_noncoronary(pc_rng *rng, pc_synth_patient *p, int hypertension, int diabetes)
{
    double p_lbbb = p->model_version >= 2 && !p->label ? P_LBBB_NO_CAD_REFERRED : P_LBBB;
    if (pc_dm_chance(rng, p_lbbb)) {
        p->lbbb = 1;
        if (pc_dm_chance(rng, P_LBBB_PATTERN)) {
            /* worse with exercise (tachycardia), milder with vasodilators [domain 2.2, L5] */
            p->lbbb_stress = p->stress == PC_SYNTH_STRESS_EXERCISE ? pc_dm_uniform(rng, 0.15, 0.30)
                                                                   : pc_dm_uniform(rng, 0.08, 0.18);
            p->lbbb_rest = p->lbbb_stress * pc_dm_uniform(rng, 0.4, 0.8);   /* partly reversible [L5] */
        }
    }
    double p_mvd = P_MVD_BASE + P_MVD_DIABETES * diabetes + P_MVD_HYPERTENSION * hypertension;
    if (!p->label && p_mvd < P_MVD_NO_CAD_REFERRED) p_mvd = P_MVD_NO_CAD_REFERRED;
    if (pc_dm_chance(rng, p_mvd)) {
        p->microvascular = 1;
        p->mvd_patches = 1 + (int)pc_rng_below(rng, 3);
        for (int k = 0; k < p->mvd_patches; k++) {
            p->mvd_depth[k] = pc_dm_uniform(rng, 0.08, 0.20);
            p->mvd_theta[k] = pc_dm_uniform(rng, 0.0, 360.0);
            p->mvd_depth_pos[k] = pc_dm_uniform(rng, 0.2, 0.9);
            p->mvd_size[k] = pc_dm_uniform(rng, 0.08, 0.18);
        }
    }
    if (pc_dm_chance(rng, P_HYPERTROPHY_BASE + P_HYPERTROPHY_HYPERTENSION * hypertension)) {
        p->hypertrophy = 1;
        p->septal_gain = pc_dm_uniform(rng, 0.08, 0.20);   /* hot septum [S36b] */
    }
}

static void sample_normal_uptake(pc_rng *rng, pc_synth_patient *p)
{
    /* lateral wall hottest, more on NAC [domain 2.1]; lateral/septal ratio about 1.06-1.2 (estimate) */
    p->lateral_gain_nac = pc_dm_uniform(rng, 0.03, 0.09);
    p->lateral_gain_ac = pc_dm_uniform(rng, 0.0, 0.04);
    p->lateral_center_deg = pc_dm_normal_clip(rng, 15.0, 15.0, -20.0, 50.0);
    p->basal_septal_dip = pc_dm_uniform(rng, 0.08, 0.20);
    p->basal_septal_width_deg = pc_dm_uniform(rng, 22.0, 35.0);
    p->apical_thinning = pc_dm_uniform(rng, 0.03, 0.10) + (p->sex == PC_SYNTH_FEMALE ? 0.02 : 0.0);
    p->rim_falloff = pc_dm_uniform(rng, 0.04, 0.12);
    for (int k = 0; k < 3; k++) {
        p->hetero_amp[k] = pc_dm_uniform(rng, 0.01, 0.03);   /* regional heterogeneity of normals (estimate) */
        p->hetero_phase[k] = pc_dm_uniform(rng, 0.0, 360.0);
    }
    p->hetero_radial = pc_dm_uniform(rng, -0.03, 0.03);
}

static void sample_attenuation(pc_rng *rng, pc_synth_patient *p)
{
    /* NAC inferior (diaphragm): mostly men, more with a flat wide chest and higher BMI [S23, L7] */
    if (p->sex == PC_SYNTH_MALE)
        p->diaphragm_depth = clamp(0.07 + 0.010 * (p->bmi - 27.0) + 0.12 * p->chest_flatness + 0.04 * pc_dm_normal(rng), 0.0, 0.38);
    else
        p->diaphragm_depth = clamp(0.03 + 0.005 * (p->bmi - 27.0) + 0.03 * pc_dm_normal(rng), 0.0, 0.20);
    p->diaphragm_center_deg = pc_dm_normal_clip(rng, 270.0, 10.0, 245.0, 295.0);
    p->diaphragm_width_deg = pc_dm_uniform(rng, 30.0, 50.0);
    /* NAC anterior (breast): women, shifts between stress and rest [S22, S23, S23b] */
    double depth = 0.0;
    if (p->sex == PC_SYNTH_FEMALE) depth = clamp(0.04 + 0.22 * p->breast + 0.03 * pc_dm_normal(rng), 0.0, 0.35);
    else if (p->bmi > 32.0) depth = pc_dm_uniform(rng, 0.0, 0.06);      /* chest-wall fat (estimate) */
    p->breast_depth[0] = depth;
    p->breast_center_deg[0] = pc_dm_normal_clip(rng, 85.0, 15.0, 40.0, 130.0);
    p->breast_depth[1] = depth * pc_dm_normal_clip(rng, 1.0, 0.25, 0.5, 1.5);
    p->breast_center_deg[1] = p->breast_center_deg[0] + pc_dm_normal_clip(rng, 0.0, 12.0, -30.0, 30.0);
    p->breast_width_deg = pc_dm_uniform(rng, 35.0, 55.0);
    /* lateral reduction with obesity [domain 2.2] */
    p->lateral_fat_depth = p->bmi > 30.0 ? clamp(0.02 + 0.012 * (p->bmi - 30.0) + 0.02 * pc_dm_normal(rng), 0.0, 0.15) : 0.0;
    /* CT-AC: removes most attenuation, accentuates apical thinning, may over-correct the
     * inferior wall, and misregistration makes anterior/lateral defects [S20, S21, L4] */
    p->ac_residual = pc_dm_uniform(rng, 0.05, 0.25);
    p->ac_apical_extra = pc_dm_uniform(rng, 0.03, 0.12);
    p->ac_inferior_gain = pc_dm_uniform(rng, 0.0, 0.06);
    for (int c = 0; c < 2; c++) {
        if (c == 1 && pc_dm_chance(rng, P_MISREG_SAME_AT_REST)) {
            p->misreg_depth[1] = p->misreg_depth[0];
            p->misreg_center_deg[1] = p->misreg_center_deg[0];
            continue;
        }
        p->misreg_depth[c] = pc_dm_chance(rng, P_MISREG_SIGNIFICANT) ? pc_dm_uniform(rng, 0.06, 0.18)
                                                                      : pc_dm_uniform(rng, 0.0, 0.03);
        p->misreg_center_deg[c] = pc_dm_uniform(rng, 10.0, 110.0);
    }
    /* subdiaphragmatic activity next to the inferior wall [S23] */
    double p_stress = p->stress == PC_SYNTH_STRESS_ADENOSINE ? P_EXTRACARDIAC_ADENOSINE : P_EXTRACARDIAC_EXERCISE;
    for (int c = 0; c < 2; c++) {
        double pr = c == 0 ? p_stress : P_EXTRACARDIAC_REST;
        /* mostly mild: 0.05 + 0.30 u^2 of the myocardial counts next to the inferior base */
        double u = pc_rng_uniform_double(rng);
        p->extracardiac[c] = pc_dm_chance(rng, pr) ? 0.05 + 0.30 * u * u : 0.0;
        p->fbp_notch[c] = p->extracardiac[c] > 0.0 && pc_dm_chance(rng, P_FBP_NOTCH);
    }
}

static void sample_acquisition(pc_rng *rng, pc_synth_patient *p)
{
    /* One-day protocol: low-dose rest (about a third of the stress activity) is noisier [domain 6.3];
     * heavier patients give fewer counts (estimate). */
    double s = clamp(pc_dm_uniform(rng, 0.010, 0.022) * (1.0 + 0.02 * (p->bmi - 27.0)), 0.008, 0.04);
    p->noise_sd[0] = s;
    p->noise_sd[1] = s * 1.7320508075688772 * pc_dm_uniform(rng, 0.9, 1.1);
    /* Resolution: reconstructed FWHM about 12-17 mm (Anger camera, Butterworth-filtered,
     * plus the polar sampling over short-axis slices) on a disc whose radius is the roughly
     * 95 mm endocardial path from apex to base; smaller hearts (women) blur relatively more
     * (estimate). */
    p->blur_rho = pc_dm_uniform(rng, 0.060, 0.085) * (p->sex == PC_SYNTH_FEMALE ? 1.12 : 1.0);
}

/* Drawn last so the earlier draws (and so the rest of the patient) do not depend on it. */
static void sample_acquisition_differences(pc_rng *rng, pc_synth_patient *p)
{
    for (int c = 0; c < 2; c++) {
        p->orient_rot_deg[c] = pc_dm_normal_clip(rng, 0.0, ORIENT_ROT_SD, -12.0, 12.0);
        p->orient_scale[c] = pc_dm_normal_clip(rng, 1.0, ORIENT_SCALE_SD, 0.9, 1.1);
        p->diaphragm_ratio[c] = pc_dm_normal_clip(rng, 1.0, DIAPHRAGM_RATIO_SD, 0.7, 1.3);
        if (pc_dm_chance(rng, P_MOTION)) {
            p->motion_depth[c] = pc_dm_uniform(rng, 0.05, 0.15);
            p->motion_angle_deg[c] = pc_dm_uniform(rng, 0.0, 180.0);
        }
    }
    if (p->stress == PC_SYNTH_STRESS_EXERCISE && pc_dm_chance(rng, P_CREEP_EXERCISE))
        p->creep_depth = pc_dm_uniform(rng, 0.05, 0.15);
}

/* Model version 2: how each defect fades from its core to its border (bed.c). Drawn after
 * everything else so the rest of the patient keeps version 1's draws. */
static void sample_bed_shapes(pc_rng *rng, pc_synth_patient *p)
{
    for (int t = 0; t < PC_TERRITORY_COUNT; t++) {
        pc_synth_vessel *v = &p->vessel[t];
        v->fade_core = pc_dm_uniform(rng, FADE_CORE_MIN, FADE_CORE_MAX);
        v->fade_irregular = pc_dm_uniform(rng, FADE_IRREGULAR_MIN, FADE_IRREGULAR_MAX);
        v->fade_phase_deg = pc_dm_uniform(rng, 0.0, 360.0);
        v->scar_fade_core = pc_dm_uniform(rng, SCAR_FADE_CORE_MIN, SCAR_FADE_CORE_MAX);
    }
}

void pc_synth_patient_sample(const pc_synth_plan *plan, int index, pc_synth_patient *out)
{
    pc_synth_patient *p = out;
    memset(p, 0, sizeof *p);
    const pc_synth_case_plan *cp = &plan->cases[index];
    const pc_synth_options *opt = &plan->options;
    pc_rng rng;
    pc_rng_seed(&rng, opt->seed, synth_stream(index, SYNTH_STREAM_PATIENT));

    p->model_version = opt->model_version;
    int low = opt->population == PC_SYNTH_POPULATION_LOW_LIKELIHOOD;
    p->index = index;
    synth_case_id(index, opt->cases, p->case_id, sizeof p->case_id);
    p->label = cp->label;
    p->sex = cp->sex;
    p->prior_mi = cp->prior_mi;
    p->prior_revasc = cp->prior_revasc;

    p->age = low ? (int)(pc_dm_normal_clip(&rng, LOW_AGE_MEAN, LOW_AGE_SD, 30.0, 80.0) + 0.5)
                 : (int)(pc_dm_normal_clip(&rng, AGE_MEAN, AGE_SD, 35.0, 90.0) + 0.5);
    p->bmi = p->sex == PC_SYNTH_MALE ? pc_dm_normal_clip(&rng, 28.5, 4.5, 18.0, 48.0)
                                     : pc_dm_normal_clip(&rng, 29.0, 6.0, 17.0, 50.0);
    double habitus = pc_rng_uniform_double(&rng);
    if (p->sex == PC_SYNTH_MALE) p->chest_flatness = habitus;
    else p->breast = clamp(0.35 + 0.03 * (p->bmi - 27.0) + 0.2 * (2.0 * habitus - 1.0), 0.0, 1.0);
    int hypertension = pc_dm_chance(&rng, P_HYPERTENSION);
    int diabetes = pc_dm_chance(&rng, P_DIABETES);

    p->stress = pc_dm_chance(&rng, P_ADENOSINE) ? PC_SYNTH_STRESS_ADENOSINE : PC_SYNTH_STRESS_EXERCISE;
    double p_blunt = p->stress == PC_SYNTH_STRESS_EXERCISE ? P_SUBMAXIMAL_EXERCISE : P_BLUNTED_VASODILATOR;
    p->stress_efficacy = pc_dm_chance(&rng, p_blunt) ? pc_dm_uniform(&rng, 0.45, 0.80) : pc_dm_uniform(&rng, 0.88, 1.0);

    p->layout = opt->layout == PC_SYNTH_MIXED ? (pc_ring_layout)pc_rng_below(&rng, PC_RINGS_COUNT) : (pc_ring_layout)opt->layout;
    p->colormap = opt->colormap == PC_SYNTH_MIXED ? (pc_colormap)pc_rng_below(&rng, PC_COLORMAP_COUNT) : (pc_colormap)opt->colormap;

    /* Low-likelihood people are recruited without CAD, cardiac history or the conditions
     * that change perfusion (LBBB, microvascular disease, hypertrophy); their risk factors
     * only shaped those here, so they are left out too. */
    if (low) hypertension = diabetes = 0;
    sample_anatomy(&rng, p);
    if (!low) {
        sample_coronary(&rng, p);
        sample_history(&rng, p);
        sample_noncoronary(&rng, p, hypertension, diabetes);
    }
    p->hypertension = hypertension;
    p->diabetes = diabetes;
    sample_normal_uptake(&rng, p);
    sample_attenuation(&rng, p);
    sample_acquisition(&rng, p);
    sample_acquisition_differences(&rng, p);
    if (p->model_version >= 2) sample_bed_shapes(&rng, p);
}
