/* api_normals.c: the shims behind Normals in normals.mjs: a semi-quantitative normal
 * database from bytes, and one study scored against it (SSS/SRS/SDS, TPD, the calls and
 * the 17 segment scores they are sums of).
 *
 * Scoring is the native `polarcad predict --normals` / `score --study`'s (cli/semiq.c):
 * the study's relative counts sampled with the database's ring layout
 * (pc_study_features_from_study) -> pc_semiq_score with the default settings. Conventions
 * as in api.c. */
#include <emscripten/emscripten.h>
#include <stdlib.h>

#include "polarcad.h"

/* A normal database and the sampling index for its ring layout (made once: every study
 * scored against it is sampled the same way). About 40 KB + 70 KB. */
typedef struct pcw_normals {
    pc_normals db;
    pc_sampling_index index;
} pcw_normals;

EMSCRIPTEN_KEEPALIVE void pcw_normals_free(pcw_normals *n)
{
    if (!n) return;
    pc_sampling_index_free(&n->index);
    free(n);
}

/* Parses and validates a normal database file's bytes (the text `polarcad normals` writes). */
EMSCRIPTEN_KEEPALIVE pc_status pcw_normals_load(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                                                pcw_normals **out)
{
    pcw_normals *n = calloc(1, sizeof *n);
    if (!n) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", name);
    pc_status st = pc_normals_parse(ctx, (const char *)bytes, size, name, &n->db);
    if (!st) st = pc_sampling_index_create(ctx, PC_TILE_SIZE, n->db.layout, &n->index);
    if (st) {
        pcw_normals_free(n);
        return st;
    }
    *out = n;
    return PC_STATUS_OK;
}

EMSCRIPTEN_KEEPALIVE const char *pcw_normals_layout(const pcw_normals *n) { return pc_ring_layout_name(n->db.layout); }
EMSCRIPTEN_KEEPALIVE int pcw_normals_layout_index(const pcw_normals *n) { return (int)n->db.layout; }
/* How many normal studies a group holds: sex 0 pooled, 1 men, 2 women (pc_sex). */
EMSCRIPTEN_KEEPALIVE int pcw_normals_group_size(const pcw_normals *n, int map, int sex)
{
    return n->db.group[map][sex].n;
}

/* Scores a study (sex a pc_sex) with the default settings; *out: free with pcw_semiq_free. */
EMSCRIPTEN_KEEPALIVE pc_status pcw_normals_score(pc_ctx *ctx, const pcw_normals *n, const pc_study *study, int sex,
                                                 pc_semiq_result **out)
{
    pc_study_features *features = malloc(sizeof *features);
    pc_semiq_result *result = malloc(sizeof *result);
    pc_status st = PC_STATUS_OK;
    if (!features || !result) st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for the scores");
    if (!st) {
        pc_semiq_config config;
        pc_semiq_config_default(&config);
        pc_study_features_from_study(study, &n->index, (pc_sex)sex, features);
        st = pc_semiq_score(ctx, &n->db, features, &config, result);
    }
    free(features);
    if (st) {
        free(result);
        return st;
    }
    *out = result;
    return PC_STATUS_OK;
}

EMSCRIPTEN_KEEPALIVE void pcw_semiq_free(pc_semiq_result *r) { free(r); }

/* One correction's (0 NAC, 1 AC) scores: out[0..10] = present, SSS, SRS, SDS, stress TPD,
 * rest TPD, ischaemic TPD, and the paper, SSS, SDS and TPD calls (1 = CAD). */
EMSCRIPTEN_KEEPALIVE void pcw_semiq_correction(const pc_semiq_result *r, int correction, double *out)
{
    const pc_correction_scores *k = &r->corr[correction];
    const double v[11] = {k->present,     k->sss,        k->srs,      k->sds,      k->tpd_stress, k->tpd_rest,
                          k->tpd_ischaemic, k->call_paper, k->call_sss, k->call_sds, k->call_tpd};
    for (int i = 0; i < 11; i++) out[i] = v[i];
}

/* One correction's per-territory sums: out[0..8] = SSS, SRS, SDS of LAD, LCx, RCA in turn. */
EMSCRIPTEN_KEEPALIVE void pcw_semiq_territories(const pc_semiq_result *r, int correction, int *out)
{
    const pc_correction_scores *k = &r->corr[correction];
    for (int t = 0; t < PC_TERRITORY_COUNT; t++) {
        out[3 * t] = k->territory_sss[t];
        out[3 * t + 1] = k->territory_srs[t];
        out[3 * t + 2] = k->territory_sds[t];
    }
}

/* One map's 17 segment scores (0..4, segment s at index s - 1) into out. */
EMSCRIPTEN_KEEPALIVE void pcw_semiq_segments(const pc_semiq_result *r, int map, int *out)
{
    for (int s = 0; s < PC_SEGMENT_COUNT; s++) out[s] = r->map[map].score[s];
}

/* The stress (stress = 1) or rest map of a correction, a pc_map. */
EMSCRIPTEN_KEEPALIVE int pcw_correction_map(int correction, int stress)
{
    return (int)(stress ? pc_correction_stress((pc_correction)correction) : pc_correction_rest((pc_correction)correction));
}
