/* score.c: the semi-quantitative scores (rules in score.h). */
#include "score.h"

#include <math.h>
#include <string.h>

const char *pc_correction_name(pc_correction c)
{
    return c == PC_CORRECTION_AC ? "AC" : "NAC";
}

pc_map pc_correction_stress(pc_correction c)
{
    return c == PC_CORRECTION_AC ? PC_MAP_STRESS_AC : PC_MAP_STRESS_NAC;
}

pc_map pc_correction_rest(pc_correction c)
{
    return c == PC_CORRECTION_AC ? PC_MAP_REST_AC : PC_MAP_REST_NAC;
}

void pc_semiq_config_default(pc_semiq_config *c)
{
    memset(c, 0, sizeof *c);
    c->value = PC_SEGMENT_VALUE_MEAN;
    c->normal_limit_sd = 2.5;
    c->sd_floor = 2.0;
    c->band[0] = 75.0;
    c->band[1] = 56.0;
    c->band[2] = 37.5;
    c->min_sex_normals = 10;
    c->paper_sss_over[PC_CORRECTION_NAC] = 3;
    c->paper_sds_over[PC_CORRECTION_NAC] = 1;
    c->paper_sss_over[PC_CORRECTION_AC] = 0;
    c->paper_sds_over[PC_CORRECTION_AC] = 0;
    c->sss_at_least = 4;
    c->sds_at_least = 2;
    c->tpd_at_least = 5.0;
}

int pc_semiq_segment_score(const pc_semiq_config *c, double value, double mean, double sd, double *z_out)
{
    if (!isfinite(value) || !isfinite(mean) || !(mean > 0)) {
        if (z_out) *z_out = NAN;
        return 0;
    }
    double sd_eff = isfinite(sd) && sd > c->sd_floor ? sd : c->sd_floor;
    double z = (mean - value) / sd_eff;
    if (z_out) *z_out = z;
    if (z < c->normal_limit_sd) return 0;
    double pct = 100.0 * value / mean;
    if (pct >= c->band[0]) return 1;
    if (pct >= c->band[1]) return 2;
    if (pct >= c->band[2]) return 3;
    return 4;
}

/* Continuous severity of one polar-grid sample (0 when within normal limits). */
static double sample_severity(const pc_semiq_config *c, double value, double mean, double sd)
{
    if (!isfinite(value) || !isfinite(mean) || !(mean > 0)) return 0.0;
    double sd_eff = isfinite(sd) && sd > c->sd_floor ? sd : c->sd_floor;
    if ((mean - value) / sd_eff < c->normal_limit_sd) return 0.0;
    double severity = 4.0 * (1.0 - value / mean) / (1.0 - c->band[2] / 100.0);
    return severity > 4.0 ? 4.0 : severity < 0.0 ? 0.0 : severity;
}

static pc_status score_map(pc_ctx *ctx, const pc_normals *nd, const pc_study_features *study, pc_map m,
                           const pc_semiq_config *c, pc_map_scores *out)
{
    const pc_map_features *f = &study->map[m];
    const pc_normal_group *g = &nd->group[m][PC_SEX_UNKNOWN];
    out->normals_group = PC_SEX_UNKNOWN;
    if (study->sex != PC_SEX_UNKNOWN && nd->group[m][study->sex].n >= c->min_sex_normals &&
        nd->group[m][study->sex].n >= 2) {
        g = &nd->group[m][study->sex];
        out->normals_group = study->sex;
    }
    if (g->n < 2)
        return pc_fail(ctx, PC_STATUS_NOT_FOUND, "normal database: %d normal %s map%s, at least 2 are needed", g->n,
                       pc_map_name(m), g->n == 1 ? "" : "s");
    out->normals_n = g->n;
    out->present = 1;
    for (int s = 0; s < PC_SEGMENT_COUNT; s++) {
        double v = c->value == PC_SEGMENT_VALUE_MIN ? f->seg_min[s] : f->seg_mean[s];
        double mu = c->value == PC_SEGMENT_VALUE_MIN ? g->segmin_mean[s] : g->seg_mean[s];
        double sd = c->value == PC_SEGMENT_VALUE_MIN ? g->segmin_sd[s] : g->seg_sd[s];
        double z;
        out->score[s] = pc_semiq_segment_score(c, v, mu, sd, &z);
        out->z[s] = (float)z;
        out->percent_of_normal[s] = isfinite(v) && isfinite(mu) && mu > 0 ? (float)(100.0 * v / mu) : NAN;
        if (!isfinite(z)) out->missing++;
        out->sum += out->score[s];
    }
    double weighted = 0.0, area = 0.0;
    for (int b = 0; b < PC_GRID_BINS; b++) {
        if (!f->grid_pixels[b] || !isfinite(f->grid_mean[b]) || !isfinite(g->grid_mean[b])) continue;
        area += f->grid_pixels[b];
        weighted += f->grid_pixels[b] * sample_severity(c, f->grid_mean[b], g->grid_mean[b], g->grid_sd[b]);
    }
    out->tpd = area > 0 ? 100.0 * weighted / (4.0 * area) : 0.0;
    return PC_STATUS_OK;
}

pc_status pc_semiq_score(pc_ctx *ctx, const pc_normals *nd, const pc_study_features *study,
                         const pc_semiq_config *c, pc_semiq_result *out)
{
    if (!nd || !study || !c || !out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "score: nothing given");
    if (study->layout != nd->layout)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                       "score: the study was sampled with %s rings, the normal database with %s rings",
                       pc_ring_layout_name(study->layout), pc_ring_layout_name(nd->layout));
    pc_semiq_result r;
    memset(&r, 0, sizeof r);
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        if (!study->map[m].present) continue;
        pc_status status = score_map(ctx, nd, study, (pc_map)m, c, &r.map[m]);
        if (status) return status;
    }
    for (int k = 0; k < PC_CORRECTION_COUNT; k++) {
        const pc_map_scores *st = &r.map[pc_correction_stress((pc_correction)k)];
        const pc_map_scores *re = &r.map[pc_correction_rest((pc_correction)k)];
        pc_correction_scores *cs = &r.corr[k];
        if (!st->present || !re->present) continue;
        cs->present = 1;
        cs->sss = st->sum;
        cs->srs = re->sum;
        cs->sds = cs->sss - cs->srs;
        for (int s = 0; s < PC_SEGMENT_COUNT; s++) {
            pc_territory t = pc_segment_territory(s + 1);
            cs->territory_sss[t] += st->score[s];
            cs->territory_srs[t] += re->score[s];
            cs->territory_sds[t] += st->score[s] - re->score[s];
        }
        cs->tpd_stress = st->tpd;
        cs->tpd_rest = re->tpd;
        cs->tpd_ischaemic = st->tpd - re->tpd;
        cs->call_paper = cs->sss > c->paper_sss_over[k] && cs->sds > c->paper_sds_over[k];
        cs->call_sss = cs->sss >= c->sss_at_least;
        cs->call_sds = cs->sds >= c->sds_at_least;
        cs->call_tpd = cs->tpd_stress >= c->tpd_at_least;
    }
    *out = r;
    return PC_STATUS_OK;
}
