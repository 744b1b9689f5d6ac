/* patient_maps.c: one patient -> four count maps -> four images, plus the measured truth.
 *
 * The four maps share one patient: the true perfusion (normal uptake x coronary disease x
 * non-coronary findings) is identical in all of them; attenuation differs between NAC and
 * AC; stress and rest differ by ischaemia, breast position, misregistration and
 * extracardiac activity; the AC and NAC of one acquisition share its count noise
 * (docs/domain.md 6.2). Measured truth comes from noise-free maps and counterfactuals
 * of the same patient (the same maps without the disease, without the artefacts), so it
 * says what the images can show, not just what the patient has. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detmath.h"
#include "model.h"

typedef struct fields {
    synth_grid grid;                         /* display coordinates, segments, LV mass */
    synth_grid acq[2];                       /* [rest]: the heart as each acquisition sampled it */
    synth_blur blur;
    double w3[2][3 * SYNTH_NN];              /* [rest] territory shares */
    double normal[2][2][SYNTH_NN];           /* [ac][rest] */
    double noncor[2][SYNTH_NN];              /* [rest] */
    double coronary[2][SYNTH_NN];            /* [rest] */
    double atten[2][2][SYNTH_NN];            /* [ac][rest] */
    double extra[2][2][SYNTH_NN];            /* [ac][rest] */
    double noise[2][SYNTH_NN];               /* [rest] */
    double signal[SYNTH_NN];
    double work[3 * SYNTH_NN];               /* scratch: synth_coronary needs 3, blur and acquire 2 */
    double counts[PC_MAP_COUNT][SYNTH_NN];   /* what the images show */
    double clean[PC_MAP_COUNT][SYNTH_NN];    /* noise-free */
    double cf[4][SYNTH_NN];                  /* counterfactuals for the summary */
} fields;

static void map_condition(pc_map m, int *rest, int *ac)
{
    *rest = m == PC_MAP_REST_NAC || m == PC_MAP_REST_AC;
    *ac = m == PC_MAP_STRESS_AC || m == PC_MAP_REST_AC;
}

enum { WITH_CORONARY = 1, WITH_NONCORONARY = 2, WITH_ARTEFACTS = 4, WITH_ALL = 7 };

/* signal = normal x [non-coronary] x [coronary] x [attenuation] + [extracardiac] */
static void build_signal(fields *f, int ac, int rest, int parts)
{
    for (int i = 0; i < SYNTH_NN; i++) {
        double v = f->normal[ac][rest][i];
        if (parts & WITH_NONCORONARY) v *= f->noncor[rest][i];
        if (parts & WITH_CORONARY) v *= f->coronary[rest][i];
        if (parts & WITH_ARTEFACTS) v = v * f->atten[ac][rest][i] + f->extra[ac][rest][i];
        f->signal[i] = v;
    }
}

/* % of LV (mass-weighted) where reference - map >= 0.10 */
static double lowered_pct(const synth_grid *g, const double *reference, const double *map)
{
    double pct = 0.0;
    for (int i = 0; i < SYNTH_NN; i++)
        if (g->inside[i] && reference[i] - map[i] >= 0.10) pct += g->mass[i];
    return 100.0 * pct;
}

static void append_reason(char *why, size_t size, const char *reason)
{
    size_t n = strlen(why);
    if (strstr(why, reason)) return;
    snprintf(why + n, size - n, "%s%s", n ? "; " : "", reason);
}

static void summarise(const pc_synth_patient *p, fields *f, pc_synth_summary *s)
{
    const synth_grid *g = &f->grid;
    memset(s, 0, sizeof *s);
    /* Extent and severity per territory from the disease factors themselves. */
    double isch_sum[3] = {0}, scar_sum[3] = {0};
    for (int i = 0; i < SYNTH_NN; i++) {
        if (!g->inside[i]) continue;
        const double *w = f->w3[0] + 3 * i;
        int t = w[1] > w[0] ? 1 : 0;
        if (w[2] > w[t]) t = 2;
        double ds = 1.0 - f->coronary[0][i], dr = 1.0 - f->coronary[1][i];
        if (ds - dr >= 0.10) { s->isch_extent[t] += g->mass[i]; isch_sum[t] += g->mass[i] * (ds - dr); }
        if (dr >= 0.10) { s->scar_extent[t] += g->mass[i]; scar_sum[t] += g->mass[i] * dr; }
    }
    for (int t = 0; t < 3; t++) {
        s->isch_severity[t] = s->isch_extent[t] > 0 ? isch_sum[t] / s->isch_extent[t] : 0.0;
        s->scar_severity[t] = s->scar_extent[t] > 0 ? scar_sum[t] / s->scar_extent[t] : 0.0;
        s->isch_extent[t] *= 100.0;
        s->scar_extent[t] *= 100.0;
    }
    /* What the images can show: counterfactual maps of the same patient at stress. */
    const int ac = 1;
    build_signal(f, ac, 0, WITH_ALL & ~WITH_CORONARY);
    synth_acquire(g, &f->blur, f->signal, NULL, 0.0, f->work, f->cf[0]);           /* AC, no coronary */
    build_signal(f, ac, 0, WITH_ARTEFACTS);
    synth_acquire(g, &f->blur, f->signal, NULL, 0.0, f->work, f->cf[1]);           /* AC, no disease */
    build_signal(f, 0, 0, WITH_ARTEFACTS);
    synth_acquire(g, &f->blur, f->signal, NULL, 0.0, f->work, f->cf[2]);           /* NAC, no disease */
    build_signal(f, 0, 0, 0);
    synth_acquire(g, &f->blur, f->signal, NULL, 0.0, f->work, f->cf[3]);           /* NAC, ideal */
    s->coronary_visible_pct = lowered_pct(g, f->cf[0], f->clean[PC_MAP_STRESS_AC]);
    s->noncoronary_visible_pct = lowered_pct(g, f->cf[1], f->cf[0]);
    s->attenuation_nac_pct = lowered_pct(g, f->cf[3], f->cf[2]);
    build_signal(f, ac, 0, 0);
    synth_acquire(g, &f->blur, f->signal, NULL, 0.0, f->work, f->cf[3]);           /* AC, ideal */
    s->artefact_ac_pct = lowered_pct(g, f->cf[3], f->cf[1]);
    s->coronary_visible = s->coronary_visible_pct >= 5.0;
    s->noncoronary_visible = s->noncoronary_visible_pct >= 5.0;

    char *why = s->why;
    size_t size = sizeof s->why;
    if (p->label) {
        if (s->coronary_visible) {
            snprintf(s->support, sizeof s->support, "consistent");
        } else {
            snprintf(s->support, sizeof s->support, "contradicts");
            if (p->balanced) append_reason(why, size, "balanced 3-territory disease hidden by normalisation");
            for (int t = 0; t < PC_TERRITORY_COUNT; t++) {
                const pc_synth_vessel *v = &p->vessel[t];
                if (!v->flow_limiting) continue;
                if (v->kind == PC_SYNTH_LESION_INTERMEDIATE) append_reason(why, size, "borderline lesion (50-70%, FFR < 0.80)");
                if (v->collateral >= 0.3) append_reason(why, size, "collateral supply");
                if (v->branch) append_reason(why, size, "small side-branch bed");
                if (v->site == PC_SYNTH_SITE_DISTAL) append_reason(why, size, "distal lesion, small bed");
            }
            if (p->stress_efficacy < 0.85) append_reason(why, size, "submaximal stress");
            if (!why[0]) append_reason(why, size, "mild ischaemia below visibility");
        }
    } else {
        if (s->coronary_visible) {
            int scar = 0;
            for (int t = 0; t < PC_TERRITORY_COUNT; t++) scar |= p->vessel[t].scar;
            append_reason(why, size, scar ? "prior infarct, artery now patent" : "non-obstructive lesion with mild ischaemia");
        }
        if (s->noncoronary_visible) {
            if (p->lbbb && p->lbbb_stress > 0) append_reason(why, size, "LBBB septal defect");
            if (p->microvascular) append_reason(why, size, "microvascular dysfunction");
            if (p->hypertrophy) append_reason(why, size, "septal hypertrophy (lateral relatively low)");
        }
        if (why[0]) {
            snprintf(s->support, sizeof s->support, "contradicts");
        } else if (s->attenuation_nac_pct >= 5.0 || s->artefact_ac_pct >= 5.0) {
            snprintf(s->support, sizeof s->support, "ambiguous");
            if (s->attenuation_nac_pct >= 5.0) {
                if (p->diaphragm_depth >= 0.10) append_reason(why, size, "NAC inferior attenuation");
                if (p->breast_depth[0] >= 0.10 || p->breast_depth[1] >= 0.10) append_reason(why, size, "NAC breast attenuation");
                if (p->lateral_fat_depth >= 0.08) append_reason(why, size, "NAC lateral attenuation (obesity)");
                if (p->extracardiac[0] > 0) append_reason(why, size, "subdiaphragmatic activity");
                if (!why[0]) append_reason(why, size, "NAC attenuation");
            }
            if (s->artefact_ac_pct >= 5.0) {
                if (p->misreg_depth[0] >= 0.06) append_reason(why, size, "AC misregistration");
                if (p->ac_apical_extra >= 0.08) append_reason(why, size, "AC apical thinning");
                if (p->extracardiac[0] > 0) append_reason(why, size, "subdiaphragmatic activity");
                if (p->breast_depth[0] * p->ac_residual >= 0.04) append_reason(why, size, "AC residual breast attenuation");
                append_reason(why, size, "AC artefact");
            }
        } else {
            snprintf(s->support, sizeof s->support, "consistent");
        }
    }
}

void pc_synth_study_free(pc_synth_study *study)
{
    if (!study) return;
    for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&study->maps[m]);
}

pc_status pc_synth_study_render(pc_ctx *ctx, const pc_synth_plan *plan, const pc_synth_patient *p,
                                pc_synth_study *out)
{
    const pc_synth_options *opt = &plan->options;
    fields *f = malloc(sizeof *f);
    if (!f) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "case %s: out of memory for the count maps", p->case_id);
    pc_synth_study study;
    memset(&study, 0, sizeof study);
    pc_status status = PC_STATUS_OK;

    synth_grid *g = &f->grid;
    synth_grid_init(g, p->layout);
    synth_blur_init(&f->blur, g, p->blur_rho, f->work);
    for (int rest = 0; rest < 2; rest++) {
        /* Each acquisition is reoriented on its own: its map is turned by a few degrees and
         * covers a slightly different apex-to-base extent, so normal features and
         * artefacts do not fall on exactly the same pixels at stress and rest. */
        synth_grid *a = &f->acq[rest];
        *a = *g;
        for (int i = 0; i < SYNTH_NN; i++) {
            a->theta[i] = pc_angle_normalize(g->theta[i] + p->orient_rot_deg[rest]);
            a->s[i] = g->s[i] * p->orient_scale[rest];
        }
        synth_territories(p, a, f->w3[rest]);
        synth_noncoronary(p, a, rest, f->noncor[rest]);
        synth_coronary(p, a, f->w3[rest], rest, f->work, f->coronary[rest]);
        synth_normal_uptake(p, a, f->normal[0][rest], f->normal[1][rest]);
        synth_attenuation(p, a, rest, f->atten[0][rest], f->atten[1][rest]);
        for (int ac = 0; ac < 2; ac++) synth_extracardiac(p, a, ac, rest, f->extra[ac][rest]);
    }
    pc_rng noise_rng;
    pc_rng_seed(&noise_rng, opt->seed, synth_stream(p->index, SYNTH_STREAM_NOISE));
    synth_noise_field(&noise_rng, f->noise[0]);
    synth_noise_field(&noise_rng, f->noise[1]);

    for (int m = 0; m < PC_MAP_COUNT; m++) {
        int rest, ac;
        map_condition((pc_map)m, &rest, &ac);
        build_signal(f, ac, rest, WITH_ALL);
        synth_acquire(g, &f->blur, f->signal, f->noise[rest], p->noise_sd[rest], f->work, f->counts[m]);
        synth_acquire(g, &f->blur, f->signal, NULL, 0.0, f->work, f->clean[m]);
        double sum[PC_SEGMENT_COUNT + 1] = {0};
        int count[PC_SEGMENT_COUNT + 1] = {0};
        for (int i = 0; i < SYNTH_NN; i++) {
            sum[g->segment[i]] += f->clean[m][i];
            count[g->segment[i]]++;
        }
        for (int seg = 1; seg <= PC_SEGMENT_COUNT; seg++)
            study.segment_uptake[m][seg] = count[seg] ? sum[seg] / count[seg] : 0.0;
    }
    summarise(p, f, &study.summary);

    uint8_t table[256][3];
    pc_colormap_table(p->colormap, table);
    pc_rng style_rng;
    pc_rng_seed(&style_rng, opt->seed, synth_stream(p->index, SYNTH_STREAM_STYLE));
    for (int m = 0; m < PC_MAP_COUNT && status == PC_STATUS_OK; m++) {
        if (opt->style == PC_SYNTH_STYLE_SCREENSHOT) {
            status = synth_capture(ctx, &style_rng, p, (pc_map)m, opt, (const double(*)[SYNTH_NN])f->counts,
                                   &study.maps[m], &study.placement[m]);
        } else {
            status = pc_image_create(ctx, opt->size, opt->size, &study.maps[m]);
            if (status == PC_STATUS_OK) {
                pc_disc disc = pc_disc_of_tile(opt->size);
                synth_paint_disc(&study.maps[m], &disc, f->counts[m], table);
                pc_synth_placement *pl = &study.placement[m];
                pl->width = pl->height = opt->size;
                pl->cx = disc.cx;
                pl->cy = disc.cy;
                pl->radius = disc.radius;
            }
        }
    }
    free(f);
    if (status) {
        pc_synth_study_free(&study);
        return pc_fail_prefix(ctx, p->case_id);
    }
    *out = study;
    return PC_STATUS_OK;
}
