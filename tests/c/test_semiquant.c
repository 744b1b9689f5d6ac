/* test_semiquant.c: scores of hand-built maps with known defects, the normal database's
 * file form (round trip, truncation, bit flips, foreign and future files), and no leakage
 * in cross-validation (a test-fold case never enters its fold's normal database). */
#include <stddef.h>

#include "check.h"
#include "polar_fixture.h"
/* internal headers: this test checks the steps themselves */
#include "base/rng.h"
#include "preprocess/invert.h"

static pc_inverter *inv;
static pc_sampling_index sampling;   /* equal-width rings, 150 px */

/* One map through the real path: tile -> colour inversion -> features. */
static void map_features(const fx_map *map, pc_colormap table, int jpeg_quality, pc_map_features *out)
{
    pc_image tile = fx_tile(150, table, fx_map_counts, map);
    pc_image coded = fx_jpeg_roundtrip(&tile, jpeg_quality);
    pc_invert_options opt;
    pc_invert_options_default(&opt);
    pc_counts counts = {0};
    pc_ctx *ctx = pc_ctx_create();
    pc_status status = pc_counts_from_tile(ctx, inv, &coded, table, &opt, "map", &counts);
    CHECK_INT(status, PC_STATUS_OK);
    if (status) fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
    if (map->layout == sampling.layout) pc_map_features_indexed(&counts, &sampling, out);
    else pc_map_features_from_counts(&counts, map->layout, out);
    pc_counts_free(&counts);
    pc_ctx_free(ctx);
    pc_image_free(&tile);
    pc_image_free(&coded);
}

/* A study: the same defects in all four maps unless stress_only; seed varies the wobble. */
typedef struct defect {
    int segments[6];   /* 0-terminated */
    double value;
    int stress_only;
} defect;

static void study_features(unsigned seed, pc_sex sex, const defect *d, pc_colormap table, int jpeg_quality,
                           pc_study_features *out)
{
    memset(out, 0, sizeof *out);
    out->layout = PC_RINGS_EQUAL_WIDTH;
    out->sex = sex;
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        fx_map map;
        fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, seed * 4u + (unsigned)m, 3.0);
        int stress = m == PC_MAP_STRESS_NAC || m == PC_MAP_STRESS_AC;
        if (d && (stress || !d->stress_only))
            for (int k = 0; d->segments[k]; k++) map.defect_value[d->segments[k] - 1] = d->value;
        map_features(&map, table, jpeg_quality, &out->map[m]);
    }
}

enum { NORMALS = 24 };

static void build_normals(pc_study_features *normal, pc_normals *nd)
{
    const pc_study_features *list[NORMALS];
    for (int i = 0; i < NORMALS; i++) {
        study_features(100u + (unsigned)i, i % 3 ? PC_SEX_MALE : PC_SEX_FEMALE, NULL, (pc_colormap)(i % 6), 0,
                       &normal[i]);
        list[i] = &normal[i];
    }
    CHECK_INT(pc_normals_build(NULL, list, NORMALS, PC_RINGS_EQUAL_WIDTH, nd), PC_STATUS_OK);
}

static void expect_segments(const pc_map_scores *s, const int *segments, int score, const char *what)
{
    for (int seg = 1; seg <= PC_SEGMENT_COUNT; seg++) {
        int expected = 0;
        for (int k = 0; segments && segments[k]; k++)
            if (segments[k] == seg) expected = score;
        if (s->score[seg - 1] != expected)
            fprintf(stderr, "%s: segment %d scored %d (z %.2f, %.1f%% of normal), expected %d\n", what, seg,
                    s->score[seg - 1], (double)s->z[seg - 1], (double)s->percent_of_normal[seg - 1], expected);
        CHECK_INT(s->score[seg - 1], expected);
    }
}

static void test_known_defects(const pc_normals *nd)
{
    pc_semiq_config cfg;
    pc_semiq_config_default(&cfg);
    pc_ctx *ctx = pc_ctx_create();
    pc_semiq_result r;

    /* Held-out normal studies score 0 everywhere. */
    for (unsigned seed = 500; seed < 504; seed++) {
        pc_study_features f;
        study_features(seed, PC_SEX_MALE, NULL, PC_COLORMAP_THERMAL, 0, &f);
        CHECK_INT(pc_semiq_score(ctx, nd, &f, &cfg, &r), PC_STATUS_OK);
        for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
            CHECK_INT(r.corr[c].sss, 0);
            CHECK_INT(r.corr[c].srs, 0);
            CHECK(r.corr[c].tpd_stress < 1.0);
            CHECK_INT(r.corr[c].call_paper, 0);
        }
    }

    /* Absent uptake (20%, docs/domain.md 3.3) over segments 1, 7 and 13 at stress only: an
     * LAD ischaemia. 20% is 24% of the normal ~82%: score 4 each. SSS 12, SRS 0, SDS 12,
     * all in the LAD territory; every call positive. TPD: the three segments are 17.5% of
     * the disc (equal-width rings: (1 - .733^2)/6 + (.733^2 - .467^2)/6 + (.467^2 - .2^2)/4)
     * at full severity, less the samples that straddle their edges. */
    const defect lad = {{1, 7, 13, 0}, 20.0, 1};
    pc_study_features f;
    for (int q = 0; q <= 80; q += 80) {   /* PNG and JPEG 80 give the same scores */
        study_features(7, PC_SEX_MALE, &lad, PC_COLORMAP_COOL, q, &f);
        CHECK_INT(pc_semiq_score(ctx, nd, &f, &cfg, &r), PC_STATUS_OK);
        const int segs[] = {1, 7, 13, 0};
        for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
            const pc_correction_scores *cs = &r.corr[c];
            expect_segments(&r.map[pc_correction_stress((pc_correction)c)], segs, 4, "LAD stress");
            expect_segments(&r.map[pc_correction_rest((pc_correction)c)], NULL, 0, "LAD rest");
            CHECK_INT(cs->sss, 12);
            CHECK_INT(cs->srs, 0);
            CHECK_INT(cs->sds, 12);
            CHECK_INT(cs->territory_sss[PC_TERRITORY_LAD], 12);
            CHECK_INT(cs->territory_sds[PC_TERRITORY_LAD], 12);
            CHECK_INT(cs->territory_sss[PC_TERRITORY_LCX], 0);
            CHECK_INT(cs->territory_sss[PC_TERRITORY_RCA], 0);
            CHECK(cs->tpd_stress > 14.0 && cs->tpd_stress < 18.0);
            CHECK(cs->tpd_rest < 1.0);
            CHECK_NEAR(cs->tpd_ischaemic, cs->tpd_stress - cs->tpd_rest, 1e-12);
            CHECK(cs->call_paper && cs->call_sss && cs->call_sds && cs->call_tpd);
            if (getenv("PC_TEST_VERBOSE"))
                fprintf(stderr, "LAD q %d %s: SSS %d SRS %d SDS %d TPD %.2f / %.2f\n", q, pc_correction_name(c),
                        cs->sss, cs->srs, cs->sds, cs->tpd_stress, cs->tpd_rest);
        }
    }

    /* A severe defect (35%, docs/domain.md 3.3: severe = 30-45% of peak; 43% of
     * the normal ~82%) over segments 1, 7 and 13 at stress: score 3 each, SSS 9, SRS 0,
     * SDS 9, LAD 9; both paper rules fire. */
    const defect severe = {{1, 7, 13, 0}, 35.0, 1};
    study_features(11, PC_SEX_MALE, &severe, PC_COLORMAP_THERMAL, 75, &f);
    CHECK_INT(pc_semiq_score(ctx, nd, &f, &cfg, &r), PC_STATUS_OK);
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        expect_segments(&r.map[pc_correction_stress((pc_correction)c)], severe.segments, 3, "severe LAD stress");
        CHECK_INT(r.corr[c].sss, 9);
        CHECK_INT(r.corr[c].srs, 0);
        CHECK_INT(r.corr[c].sds, 9);
        CHECK_INT(r.corr[c].territory_sss[PC_TERRITORY_LAD], 9);
        CHECK_INT(r.corr[c].call_paper, 1);
    }

    /* A fixed inferior scar, severe (35% = 43% of normal: score 3) at stress and rest over
     * 4, 10 and 15: SSS 9, SRS 9, SDS 0, RCA territory; no paper call (SDS must be > 1 on
     * NAC and > 0 on AC), but SSS >= 4. */
    const defect rca = {{4, 10, 15, 0}, 35.0, 0};
    study_features(8, PC_SEX_FEMALE, &rca, PC_COLORMAP_SIEMENS, 0, &f);
    CHECK_INT(pc_semiq_score(ctx, nd, &f, &cfg, &r), PC_STATUS_OK);
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        const int segs[] = {4, 10, 15, 0};
        expect_segments(&r.map[pc_correction_stress((pc_correction)c)], segs, 3, "RCA stress");
        expect_segments(&r.map[pc_correction_rest((pc_correction)c)], segs, 3, "RCA rest");
        CHECK_INT(r.corr[c].sss, 9);
        CHECK_INT(r.corr[c].srs, 9);
        CHECK_INT(r.corr[c].sds, 0);
        CHECK_INT(r.corr[c].territory_srs[PC_TERRITORY_RCA], 9);
        CHECK_INT(r.corr[c].call_paper, 0);
        CHECK_INT(r.corr[c].call_sss, 1);
        CHECK_INT(r.corr[c].call_sds, 0);
    }
    /* 8 women among 24 normals: fewer than 10, so the pooled group is used. */
    CHECK_INT(r.map[0].normals_group, PC_SEX_UNKNOWN);
    CHECK_INT(r.map[0].normals_n, NORMALS);

    /* Moderate (55% = 63-67% of normal: score 2) in the lateral wall, 6 and 12, stress only:
     * SSS 4, SDS 4, LCx; the AC paper rule fires (SSS > 0, SDS > 0) and so does NAC's. A
     * mild one (70% = ~80% of normal: score 1) in segment 6 alone: SSS 1, SDS 1: the AC
     * rule fires, the NAC rule (SSS > 3) does not. */
    const defect lcx = {{6, 12, 0}, 55.0, 1};
    study_features(9, PC_SEX_MALE, &lcx, PC_COLORMAP_GRAY, 0, &f);
    CHECK_INT(pc_semiq_score(ctx, nd, &f, &cfg, &r), PC_STATUS_OK);
    expect_segments(&r.map[PC_MAP_STRESS_AC], lcx.segments, 2, "LCx stress");
    CHECK_INT(r.corr[PC_CORRECTION_AC].territory_sss[PC_TERRITORY_LCX], 4);
    CHECK_INT(r.corr[PC_CORRECTION_AC].call_paper, 1);
    CHECK_INT(r.corr[PC_CORRECTION_NAC].call_paper, 1);
    const defect mild = {{6, 0}, 70.0, 1};
    study_features(10, PC_SEX_MALE, &mild, PC_COLORMAP_SPET, 0, &f);
    CHECK_INT(pc_semiq_score(ctx, nd, &f, &cfg, &r), PC_STATUS_OK);
    expect_segments(&r.map[PC_MAP_STRESS_NAC], mild.segments, 1, "mild stress");
    CHECK_INT(r.corr[PC_CORRECTION_AC].sss, 1);
    CHECK_INT(r.corr[PC_CORRECTION_AC].call_paper, 1);
    CHECK_INT(r.corr[PC_CORRECTION_NAC].call_paper, 0);
    CHECK_INT(r.corr[PC_CORRECTION_NAC].call_sss, 0);

    /* The score rule itself, at its documented edges (mean 80, SD 4). */
    CHECK_INT(pc_semiq_segment_score(&cfg, 71.0, 80.0, 4.0, NULL), 0);    /* z 2.25 */
    CHECK_INT(pc_semiq_segment_score(&cfg, 70.0, 80.0, 4.0, NULL), 1);    /* z 2.5, 87.5% */
    CHECK_INT(pc_semiq_segment_score(&cfg, 59.0, 80.0, 4.0, NULL), 2);    /* 73.75% */
    CHECK_INT(pc_semiq_segment_score(&cfg, 44.8, 80.0, 4.0, NULL), 2);    /* 56% */
    CHECK_INT(pc_semiq_segment_score(&cfg, 44.0, 80.0, 4.0, NULL), 3);
    CHECK_INT(pc_semiq_segment_score(&cfg, 30.0, 80.0, 4.0, NULL), 3);    /* 37.5% */
    CHECK_INT(pc_semiq_segment_score(&cfg, 29.9, 80.0, 4.0, NULL), 4);
    CHECK_INT(pc_semiq_segment_score(&cfg, 76.0, 80.0, 0.5, NULL), 0);    /* SD floored at 2: z 2 */
    CHECK_INT(pc_semiq_segment_score(&cfg, NAN, 80.0, 4.0, NULL), 0);

    /* A different ring layout than the database's is refused. */
    f.layout = PC_RINGS_EQUAL_AREA;
    CHECK_INT(pc_semiq_score(ctx, nd, &f, &cfg, &r), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "equal-area");
    pc_ctx_free(ctx);
}

static int normals_close(const pc_normals *a, const pc_normals *b)
{
    if (a->layout != b->layout) return 0;
    for (int m = 0; m < PC_MAP_COUNT; m++)
        for (int s = 0; s < PC_SEX_COUNT; s++) {
            const pc_normal_group *x = &a->group[m][s], *y = &b->group[m][s];
            if (x->n != y->n) return 0;
            const float *fx = x->seg_mean, *fy = y->seg_mean;
            size_t count = (sizeof *x - offsetof(pc_normal_group, seg_mean)) / sizeof(float);
            for (size_t i = 0; i < count; i++) {
                if (isnan(fx[i]) != isnan(fy[i])) return 0;
                if (!isnan(fx[i]) && fabs(fx[i] - fy[i]) > 6e-5) return 0;
            }
        }
    return 1;
}

static void test_normals_file(const pc_normals *nd)
{
    pc_ctx *ctx = pc_ctx_create();
    char *text = NULL;
    size_t size = 0;
    CHECK_INT(pc_normals_format(ctx, nd, &text, &size), PC_STATUS_OK);
    CHECK(size > 1000 && size < 400000);
    pc_normals *back = calloc(1, sizeof *back);
    CHECK_INT(pc_normals_parse(ctx, text, size, "normals.db", back), PC_STATUS_OK);
    CHECK(normals_close(nd, back));
    /* Women's groups exist (8 normals); a group nobody is in is all nan and still loads. */
    CHECK_INT(back->group[PC_MAP_REST_AC][PC_SEX_FEMALE].n, 8);
    pc_normals empty;
    CHECK_INT(pc_normals_build(ctx, NULL, 0, PC_RINGS_EQUAL_AREA, &empty), PC_STATUS_OK);
    char *etext = NULL;
    size_t esize = 0;
    CHECK_INT(pc_normals_format(ctx, &empty, &etext, &esize), PC_STATUS_OK);
    CHECK_INT(pc_normals_parse(ctx, etext, esize, "empty.db", back), PC_STATUS_OK);
    CHECK(isnan(back->group[0][0].seg_mean[0]) && back->layout == PC_RINGS_EQUAL_AREA);
    free(etext);

    /* Truncated anywhere: a clear error, never a crash, never a silent success. */
    int silent = 0;
    for (size_t cut = 0; cut < size; cut += size / 97 + 1)
        if (pc_normals_parse(ctx, text, cut, "cut.db", back) == PC_STATUS_OK) silent++;
    CHECK_INT(silent, 0);
    CHECK_INT(pc_normals_parse(ctx, text, size - 3, "cut.db", back), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "cut.db");
    /* Any changed byte is caught (by the parser or the checksum). */
    silent = 0;
    for (size_t at = 20; at < size - 20; at += size / 53 + 1) {
        char saved = text[at];
        text[at] = text[at] == '7' ? '8' : text[at] == ' ' ? '1' : '7';
        if (pc_normals_parse(ctx, text, size, "flip.db", back) == PC_STATUS_OK) silent++;
        text[at] = saved;
    }
    CHECK_INT(silent, 0);
    char *digit = strstr(text, "seg_mean ") + 9;
    char saved = *digit;
    *digit = *digit == '7' ? '6' : '7';
    CHECK_INT(pc_normals_parse(ctx, text, size, "flip.db", back), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "checksum mismatch");
    *digit = saved;
    /* Foreign and future files. */
    CHECK_INT(pc_normals_parse(ctx, "case_id,label\n", 14, "manifest.csv", back), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "manifest.csv: not a polarcad normal database");
    CHECK_INT(pc_normals_parse(ctx, "polarcad-normals 3\n", 19, "new.db", back), PC_STATUS_UNSUPPORTED);
    CHECK_MESSAGE(ctx, "newer polarcad");
    /* Format 1 had an FNV-1a checksum: refused by name, not as a checksum mismatch. */
    CHECK(strncmp(text, "polarcad-normals 2\n", 19) == 0);
    text[17] = '1';
    CHECK_INT(pc_normals_parse(ctx, text, size, "old.db", back), PC_STATUS_UNSUPPORTED);
    CHECK_MESSAGE(ctx, "old.db: normal database format version 1 uses an FNV-1a checksum; rebuild it with polarcad normals");
    text[17] = '2';
    CHECK_INT(pc_normals_parse(ctx, "", 0, "zero.db", back), PC_STATUS_BAD_FORMAT);
    /* Out-of-range values are refused with the line, even with a fixed-up checksum. */
    char *bad = malloc(size);
    memcpy(bad, text, size);
    char *sd = strstr(bad, "seg_sd ") + 7;
    sd[0] = '-';
    CHECK_INT(pc_normals_parse(ctx, bad, size, "neg.db", back), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "neg.db line 9: 'seg_sd' value 1 is");
    free(bad);
    free(back);
    free(text);
    pc_ctx_free(ctx);
}

static void test_sampling(void)
{
    /* The indexed fast path gives exactly the reference features. */
    pc_sampling_index index[PC_RINGS_COUNT];
    for (int layout = 0; layout < PC_RINGS_COUNT; layout++) {
        CHECK_INT(pc_sampling_index_create(NULL, 150, (pc_ring_layout)layout, &index[layout]), PC_STATUS_OK);
        fx_map map;
        fx_map_normal(&map, (pc_ring_layout)layout, 31, 5.0);
        map.defect_value[4] = 33.0;
        pc_image tile = fx_tile(150, PC_COLORMAP_CEQUAL, fx_map_counts, &map);
        pc_image coded = fx_jpeg_roundtrip(&tile, 70);
        pc_invert_options opt;
        pc_invert_options_default(&opt);
        pc_counts counts = {0};
        CHECK_INT(pc_counts_from_tile(NULL, inv, &coded, PC_COLORMAP_CEQUAL, &opt, "x", &counts), PC_STATUS_OK);
        pc_map_features ref, fast;
        pc_map_features_from_counts(&counts, (pc_ring_layout)layout, &ref);
        pc_map_features_indexed(&counts, &index[layout], &fast);
        CHECK(memcmp(&ref, &fast, sizeof ref) == 0);
        CHECK_NEAR(ref.seg_mean[4], 33.0, 1.5);
        CHECK(ref.seg_min[4] <= ref.seg_mean[4] && ref.seg_pixels[4] > 100);
        int total = 0;
        for (int b = 0; b < PC_GRID_BINS; b++) total += ref.grid_pixels[b];
        CHECK_INT(total, counts.matched);
        pc_counts_free(&counts);
        pc_image_free(&tile);
        pc_image_free(&coded);
        pc_sampling_index_free(&index[layout]);
    }
    /* Polar-grid samples: 10 rings of rho, 36 sectors of 10 degrees from 3 o'clock. */
    CHECK_INT(pc_grid_bin(0.0, 0.0), 0);
    CHECK_INT(pc_grid_bin(0.05, 9.9), 0);
    CHECK_INT(pc_grid_bin(0.05, 10.0), 1);
    CHECK_INT(pc_grid_bin(0.15, 359.9), PC_GRID_SECTORS + 35);
    CHECK_INT(pc_grid_bin(0.999, 90.0), 9 * PC_GRID_SECTORS + 9);
    CHECK_INT(pc_grid_bin(1.0, 90.0), -1);
    CHECK_INT(pc_grid_bin(NAN, 90.0), -1);
}

/* ---- no leakage ------------------------------------------------------------------------ */

static void test_no_leakage(void)
{
    /* 30 cases: 15 normal (label 0), 15 with defects (label 1), in 5 folds. */
    enum { N = 30, K = 5 };
    pc_study_features *cases = calloc(N, sizeof *cases);
    int labels[N], folds[N];
    /* Two rendered studies (a normal and an LAD defect), then every case is one of them
     * with its own deterministic jitter of +-2 points on every value. */
    pc_study_features base[2];
    const defect d = {{1, 7, 13, 0}, 35.0, 1};
    study_features(300u, PC_SEX_MALE, NULL, PC_COLORMAP_THERMAL, 0, &base[0]);
    study_features(301u, PC_SEX_MALE, &d, PC_COLORMAP_THERMAL, 0, &base[1]);
    pc_rng rng;
    pc_rng_seed(&rng, 77, 1);
    for (int i = 0; i < N; i++) {
        labels[i] = i % 2;
        cases[i] = base[labels[i]];
        cases[i].sex = i % 4 < 3 ? PC_SEX_MALE : PC_SEX_FEMALE;
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            pc_map_features *f = &cases[i].map[m];
            for (int s = 0; s < PC_SEGMENT_COUNT; s++) {
                f->seg_mean[s] += pc_rng_range(&rng, -2.0f, 2.0f);
                f->seg_min[s] += pc_rng_range(&rng, -2.0f, 2.0f);
            }
            for (int b = 0; b < PC_GRID_BINS; b++) f->grid_mean[b] += pc_rng_range(&rng, -2.0f, 2.0f);
        }
    }
    pc_ctx *ctx = pc_ctx_create();
    CHECK_INT(pc_folds_stratified(ctx, labels, N, K, 2024, folds), PC_STATUS_OK);
    pc_semiq_config cfg;
    pc_semiq_config_default(&cfg);
    pc_semiq_result *r1 = calloc(N, sizeof *r1), *r2 = calloc(N, sizeof *r2);
    uint8_t used[K * N];
    int normals[K];
    CHECK_INT(pc_semiq_crossval(ctx, cases, labels, N, folds, K, PC_RINGS_EQUAL_WIDTH, &cfg, r1, used, normals),
              PC_STATUS_OK);
    /* The trace: exactly the training split's label-0 cases entered each fold's database. */
    int leaks = 0, wrong = 0;
    for (int f = 0; f < K; f++) {
        int count = 0;
        for (int i = 0; i < N; i++) {
            int expected = folds[i] != f && labels[i] == 0;
            if (used[f * N + i] && folds[i] == f) leaks++;
            if (used[f * N + i] != expected) wrong++;
            count += used[f * N + i];
        }
        CHECK_INT(normals[f], count);
        CHECK_INT(count, 12);   /* 15 normals, 3 of them in each fold */
    }
    CHECK_INT(leaks, 0);
    CHECK_INT(wrong, 0);

    /* Behaviour, independent of the trace: poison one normal case. Results in its own fold
     * must not move (it is not in that fold's database); results in the other folds must
     * (it is in theirs). */
    int j = 0;
    while (labels[j] != 0) j++;
    for (int m = 0; m < PC_MAP_COUNT; m++)
        for (int s = 0; s < PC_SEGMENT_COUNT; s++) cases[j].map[m].seg_mean[s] = 40.0f;
    CHECK_INT(pc_semiq_crossval(ctx, cases, labels, N, folds, K, PC_RINGS_EQUAL_WIDTH, &cfg, r2, NULL, NULL),
              PC_STATUS_OK);
    int same_fold_changed = 0, other_fold_changed = 0;
    for (int i = 0; i < N; i++) {
        if (i == j) continue;
        int changed = memcmp(&r1[i], &r2[i], sizeof r1[i]) != 0;
        if (folds[i] == folds[j]) same_fold_changed += changed;
        else other_fold_changed += changed;
    }
    CHECK_INT(same_fold_changed, 0);
    CHECK(other_fold_changed > 0);

    /* Bad folds are refused. */
    folds[3] = K;
    CHECK_INT(pc_semiq_crossval(ctx, cases, labels, N, folds, K, PC_RINGS_EQUAL_WIDTH, &cfg, r2, NULL, NULL),
              PC_STATUS_INVALID_ARGUMENT);
    free(r1);
    free(r2);
    free(cases);
    pc_ctx_free(ctx);
}

int main(void)
{
    CHECK_INT(pc_inverter_create(NULL, &inv), PC_STATUS_OK);
    CHECK_INT(pc_sampling_index_create(NULL, 150, PC_RINGS_EQUAL_WIDTH, &sampling), PC_STATUS_OK);
    if (!inv || !sampling.segment) return check_finish("test_semiquant");
    pc_study_features *normal = calloc(NORMALS, sizeof *normal);
    pc_normals *nd = calloc(1, sizeof *nd);
    build_normals(normal, nd);
    test_sampling();
    test_known_defects(nd);
    test_normals_file(nd);
    test_no_leakage();
    free(normal);
    free(nd);
    pc_inverter_free(inv);
    pc_sampling_index_free(&sampling);
    return check_finish("test_semiquant");
}
