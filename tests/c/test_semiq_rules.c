/* test_semiq_rules.c: the semi-quantitative statistics and rules on hand-built features,
 * with every expected figure worked out by hand in the comments (no rendering, no colour
 * inversion: test_semiquant.c covers that path). The normal variation here is realistic
 * (SDs of 5-7 points, above the 2.0 floor), so a wrong SD changes the scores; the sex
 * groups differ by 10 points, so using the wrong group shows; each decision boundary
 * (z limit, score bands, SSS/SDS/TPD calls, the paper rule, min_sex_normals) is tested
 * on both sides; the summary's confusion tallies are counted by hand. */
#include "check.h"
#include "polarcad.h"

/* Offsets of the ten normals of each sex around their mean: sum 0, sum of squares 240,
 * so the sample SD is sqrt(240 / 9) = 5.163978 (the population SD would be 4.898979,
 * sqrt(ss) 15.49). */
static const float offsets[10] = {-8, -6, -4, -2, 0, 0, 2, 4, 6, 8};
#define SD_SEX 5.163978
/* Pooled 20 (10 men at 80, 10 women at 70): mean 75, ss = 2 * 240 + 20 * 5^2 = 980,
 * SD sqrt(980 / 19) = 7.181848. */
#define SD_POOLED 7.181848

/* Every segment and grid sample of every map at `value`; segment minimums 10 below. */
static void fill_study(pc_study_features *f, pc_sex sex, float value)
{
    memset(f, 0, sizeof *f);
    f->layout = PC_RINGS_EQUAL_WIDTH;
    f->sex = sex;
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        pc_map_features *mf = &f->map[m];
        mf->present = 1;
        for (int s = 0; s < PC_SEGMENT_COUNT; s++) {
            mf->seg_mean[s] = value;
            mf->seg_min[s] = value - 10.0f;
            mf->seg_pixels[s] = 100;
        }
        for (int b = 0; b < PC_GRID_BINS; b++) {
            mf->grid_mean[b] = value;
            mf->grid_pixels[b] = 1;
        }
    }
}

/* 10 men around 80 and `women` women around 70 (the first `women` offsets). */
static void build_db(pc_study_features *normals, int women, pc_normals *nd)
{
    const pc_study_features *list[20];
    int n = 0;
    for (int i = 0; i < 10; i++, n++) fill_study(&normals[n], PC_SEX_MALE, 80.0f + offsets[i]);
    for (int i = 0; i < women; i++, n++) fill_study(&normals[n], PC_SEX_FEMALE, 70.0f + offsets[i]);
    for (int i = 0; i < n; i++) list[i] = &normals[i];
    CHECK_INT(pc_normals_build(NULL, list, n, PC_RINGS_EQUAL_WIDTH, nd), PC_STATUS_OK);
}

static void test_normal_statistics(pc_study_features *normals, pc_normals *nd)
{
    build_db(normals, 10, nd);
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        const pc_normal_group *men = &nd->group[m][PC_SEX_MALE], *women = &nd->group[m][PC_SEX_FEMALE];
        const pc_normal_group *all = &nd->group[m][PC_SEX_UNKNOWN];
        CHECK_INT(men->n, 10);
        CHECK_INT(women->n, 10);
        CHECK_INT(all->n, 20);
        for (int s = 0; s < PC_SEGMENT_COUNT; s += 4) {
            CHECK_NEAR(men->seg_mean[s], 80.0, 1e-4);
            CHECK_NEAR(men->seg_sd[s], SD_SEX, 1e-4);
            CHECK_NEAR(men->segmin_mean[s], 70.0, 1e-4);
            CHECK_NEAR(men->segmin_sd[s], SD_SEX, 1e-4);
            CHECK_NEAR(women->seg_mean[s], 70.0, 1e-4);
            CHECK_NEAR(women->seg_sd[s], SD_SEX, 1e-4);
            CHECK_NEAR(all->seg_mean[s], 75.0, 1e-4);
            CHECK_NEAR(all->seg_sd[s], SD_POOLED, 1e-4);
            CHECK_NEAR(all->segmin_mean[s], 65.0, 1e-4);
        }
        CHECK_NEAR(men->grid_mean[123], 80.0, 1e-4);
        CHECK_NEAR(men->grid_sd[123], SD_SEX, 1e-4);
        CHECK_NEAR(all->grid_sd[359], SD_POOLED, 1e-4);
    }
}

/* The stress-NAC score of segment 1 of a study whose segments are all `value`. */
static int score_of(const pc_normals *nd, const pc_semiq_config *cfg, pc_sex sex, float value, pc_map_scores *out)
{
    pc_study_features *f = calloc(1, sizeof *f);
    pc_semiq_result *r = calloc(1, sizeof *r);
    fill_study(f, sex, value);
    CHECK_INT(pc_semiq_score(NULL, nd, f, cfg, r), PC_STATUS_OK);
    *out = r->map[PC_MAP_STRESS_NAC];
    int score = out->score[0];
    free(f);
    free(r);
    return score;
}

static void test_sd_and_sex_groups(pc_study_features *normals, pc_normals *nd)
{
    pc_semiq_config cfg;
    pc_semiq_config_default(&cfg);
    pc_map_scores ms;
    /* Men: the limit is 80 - 2.5 * 5.164 = 67.09. 67.3 is z 2.46 (normal), 66.9 z 2.54 at
     * 83.6% of normal (score 1). A population SD (4.90) would make 67.3 z 2.59, abnormal;
     * a doubled one would leave 66.9 normal. */
    CHECK_INT(score_of(nd, &cfg, PC_SEX_MALE, 67.3f, &ms), 0);
    CHECK_INT(score_of(nd, &cfg, PC_SEX_MALE, 66.9f, &ms), 1);
    CHECK_NEAR(ms.z[0], (80.0 - 66.9) / SD_SEX, 1e-4);
    CHECK_INT(ms.normals_group, PC_SEX_MALE);
    CHECK_INT(ms.normals_n, 10);
    /* A woman at 56: against the women (70, 5.164) z 2.71, 80% of normal: score 1;
     * against everyone (75, 7.18) it would be 74.7% of normal: score 2. */
    CHECK_INT(score_of(nd, &cfg, PC_SEX_FEMALE, 56.0f, &ms), 1);
    CHECK_INT(ms.normals_group, PC_SEX_FEMALE);
    CHECK_INT(ms.normals_n, 10);
    CHECK_NEAR(ms.percent_of_normal[0], 80.0, 1e-3);
    /* Sex unknown: the pooled group. 56 is z (75 - 56) / 7.18 = 2.65, 74.7%: score 2. */
    CHECK_INT(score_of(nd, &cfg, PC_SEX_UNKNOWN, 56.0f, &ms), 2);
    CHECK_INT(ms.normals_group, PC_SEX_UNKNOWN);
    CHECK_INT(ms.normals_n, 20);

    /* --value min: the segment minimum against the normals' minimums (70 for men). A man
     * with minimums of 62 is z (70 - 62) / 5.164 = 1.55: normal (against the mean of the
     * means, 80, it would be z 3.5). At 56, z 2.71 and 80% of normal: score 1. */
    cfg.value = PC_SEGMENT_VALUE_MIN;
    CHECK_INT(score_of(nd, &cfg, PC_SEX_MALE, 72.0f, &ms), 0);   /* minimums 62 */
    CHECK_INT(score_of(nd, &cfg, PC_SEX_MALE, 66.0f, &ms), 1);   /* minimums 56 */
    CHECK_NEAR(ms.percent_of_normal[0], 80.0, 1e-3);
    cfg.value = PC_SEGMENT_VALUE_MEAN;

    /* min_sex_normals (10) on both sides: with 9 women the pooled 19 are used. */
    build_db(normals, 9, nd);
    CHECK_INT(nd->group[0][PC_SEX_FEMALE].n, 9);
    score_of(nd, &cfg, PC_SEX_FEMALE, 56.0f, &ms);
    CHECK_INT(ms.normals_group, PC_SEX_UNKNOWN);
    CHECK_INT(ms.normals_n, 19);
    cfg.min_sex_normals = 9;
    score_of(nd, &cfg, PC_SEX_FEMALE, 56.0f, &ms);
    CHECK_INT(ms.normals_group, PC_SEX_FEMALE);
}

/* A database of 20 normals with every value at mean 80, SD 4 (above the floor). */
static void flat_db(pc_normals *nd)
{
    memset(nd, 0, sizeof *nd);
    nd->layout = PC_RINGS_EQUAL_WIDTH;
    for (int m = 0; m < PC_MAP_COUNT; m++)
        for (int sex = 0; sex < PC_SEX_COUNT; sex++) {
            pc_normal_group *g = &nd->group[m][sex];
            g->n = 20;
            for (int s = 0; s < PC_SEGMENT_COUNT; s++)
                g->seg_mean[s] = g->segmin_mean[s] = 80.0f, g->seg_sd[s] = g->segmin_sd[s] = 4.0f;
            for (int b = 0; b < PC_GRID_BINS; b++) g->grid_mean[b] = 80.0f, g->grid_sd[b] = 4.0f;
        }
}

/* Segment values for scores 0..4 against mean 80, SD 4: 80 (z 0), 70 (z 2.5, 87.5%),
 * 59 (73.75%), 40 (50%), 20 (25%). */
static const float value_for_score[5] = {80, 70, 59, 40, 20};

/* A study whose stress maps score `stress` and rest maps `rest` (17 scores each). */
static pc_semiq_result scored(const pc_normals *nd, const pc_semiq_config *cfg, const int *stress, const int *rest)
{
    pc_study_features *f = calloc(1, sizeof *f);
    fill_study(f, PC_SEX_MALE, 80.0f);
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        const int *sc = m == PC_MAP_STRESS_NAC || m == PC_MAP_STRESS_AC ? stress : rest;
        for (int s = 0; s < PC_SEGMENT_COUNT; s++) f->map[m].seg_mean[s] = value_for_score[sc[s]];
    }
    pc_semiq_result r;
    CHECK_INT(pc_semiq_score(NULL, nd, f, cfg, &r), PC_STATUS_OK);
    free(f);
    return r;
}

static void test_calls(void)
{
    pc_normals *nd = malloc(sizeof *nd);
    flat_db(nd);
    pc_semiq_config cfg;
    pc_semiq_config_default(&cfg);
    /* The score bands at their edges: 75% (60) is score 1, just below is 2. */
    CHECK_INT(pc_semiq_segment_score(&cfg, 60.0, 80.0, 4.0, NULL), 1);
    CHECK_INT(pc_semiq_segment_score(&cfg, 59.9, 80.0, 4.0, NULL), 2);

    /* SSS/SDS and the paper rules, each on both sides of its threshold. Scores of 1 in
     * the first segments; segment 1 is LAD (territories: geometry.h). */
    struct { int sss, srs, nac_paper, ac_paper, call_sss, call_sds; } rows[] = {
        {4, 2, 1, 1, 1, 1},   /* SDS 2: NAC SSS > 3 and SDS > 1; SSS >= 4; SDS >= 2 */
        {4, 3, 0, 1, 1, 0},   /* SDS 1: NAC rule fails on SDS; SDS >= 2 fails */
        {3, 1, 0, 1, 0, 1},   /* SSS 3: NAC rule fails on SSS (3 > 3 is false); SSS >= 4 fails */
        {1, 0, 0, 1, 0, 0},   /* AC: SSS 1 > 0 and SDS 1 > 0 */
        {1, 1, 0, 0, 0, 0},   /* AC: SDS 0 */
        {0, 0, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int stress[PC_SEGMENT_COUNT] = {0}, rest[PC_SEGMENT_COUNT] = {0};
        for (int s = 0; s < rows[i].sss; s++) stress[s] = 1;
        for (int s = 0; s < rows[i].srs; s++) rest[s] = 1;
        pc_semiq_result r = scored(nd, &cfg, stress, rest);
        for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
            const pc_correction_scores *cs = &r.corr[c];
            CHECK_INT(cs->sss, rows[i].sss);
            CHECK_INT(cs->sds, rows[i].sss - rows[i].srs);
            CHECK_INT(cs->call_paper, c == PC_CORRECTION_NAC ? rows[i].nac_paper : rows[i].ac_paper);
            CHECK_INT(cs->call_sss, rows[i].call_sss);
            CHECK_INT(cs->call_sds, rows[i].call_sds);
        }
    }
    /* Per-territory SDS: segment 1 (LAD) scores 2 at stress, 1 at rest: LAD SDS 1. */
    int stress[PC_SEGMENT_COUNT] = {2}, rest[PC_SEGMENT_COUNT] = {1};
    pc_semiq_result r = scored(nd, &cfg, stress, rest);
    CHECK_INT(r.corr[PC_CORRECTION_AC].territory_sss[PC_TERRITORY_LAD], 2);
    CHECK_INT(r.corr[PC_CORRECTION_AC].territory_srs[PC_TERRITORY_LAD], 1);
    CHECK_INT(r.corr[PC_CORRECTION_AC].territory_sds[PC_TERRITORY_LAD], 1);

    /* TPD: 360 grid samples of one pixel each; a sample at 20 (25% of normal) has full
     * severity 4 (4 * 0.75 / 0.625 = 4.8, capped). 18 such samples are 18 / 360 = 5.0% of
     * the map exactly: the TPD >= 5 call fires; 17 (4.72%) do not. */
    pc_study_features *f = calloc(1, sizeof *f);
    for (int k = 17; k <= 18; k++) {
        fill_study(f, PC_SEX_MALE, 80.0f);
        for (int b = 0; b < k; b++) f->map[PC_MAP_STRESS_AC].grid_mean[b] = 20.0f;
        CHECK_INT(pc_semiq_score(NULL, nd, f, &cfg, &r), PC_STATUS_OK);
        CHECK_NEAR(r.corr[PC_CORRECTION_AC].tpd_stress, 100.0 * k / 360.0, 1e-9);
        CHECK_INT(r.corr[PC_CORRECTION_AC].call_tpd, k == 18);
        CHECK_NEAR(r.corr[PC_CORRECTION_AC].tpd_rest, 0.0, 1e-12);
    }
    free(f);
    free(nd);
}

/* The summary's tallies, counted by hand over six cases. */
static void test_summary(void)
{
    enum { N = 6 };
    const int labels[N] = {1, 1, 1, 0, 0, 0};
    /* NAC paper calls 1 0 1 1 0 0 -> TP 2, FN 1, FP 1, TN 2; AC paper calls all 1 ->
     * TP 3, FP 3; NAC SDS calls 1 1 0 0 0 0 -> TP 2, FN 1, TN 3; NAC SSS calls 0 0 0 0 0 1
     * -> FN 3, FP 1, TN 2. No-CAD NAC SSS 5, 0, 2: sorted 0 2 5, median 2, 2 of 3 in 0-3. */
    const int nac_paper[N] = {1, 0, 1, 1, 0, 0}, nac_sds[N] = {1, 1, 0, 0, 0, 0}, nac_sss[N] = {0, 0, 0, 0, 0, 1};
    const int nac_sum[N] = {9, 9, 9, 5, 0, 2};
    pc_semiq_result r[N];
    memset(r, 0, sizeof r);
    for (int i = 0; i < N; i++) {
        pc_correction_scores *nac = &r[i].corr[PC_CORRECTION_NAC], *ac = &r[i].corr[PC_CORRECTION_AC];
        nac->call_paper = nac_paper[i], nac->call_sds = nac_sds[i], nac->call_sss = nac_sss[i];
        nac->sss = nac_sum[i];
        ac->call_paper = 1;
        ac->sss = 1;
    }
    pc_semiq_summary s;
    CHECK_INT(pc_semiq_summarize(NULL, r, labels, N, &s), PC_STATUS_OK);
    CHECK_INT(s.cases, 6);
    CHECK_INT(s.positives, 3);
    const pc_confusion *c = &s.confusion[PC_CORRECTION_NAC][PC_SEMIQ_CALL_PAPER];
    CHECK(c->tp == 2 && c->fn == 1 && c->fp == 1 && c->tn == 2);
    c = &s.confusion[PC_CORRECTION_AC][PC_SEMIQ_CALL_PAPER];
    CHECK(c->tp == 3 && c->fn == 0 && c->fp == 3 && c->tn == 0);
    c = &s.confusion[PC_CORRECTION_NAC][PC_SEMIQ_CALL_SDS];
    CHECK(c->tp == 2 && c->fn == 1 && c->fp == 0 && c->tn == 3);
    c = &s.confusion[PC_CORRECTION_NAC][PC_SEMIQ_CALL_SSS];
    CHECK(c->tp == 0 && c->fn == 3 && c->fp == 1 && c->tn == 2);
    pc_metrics m = pc_metrics_from_confusion(&s.confusion[PC_CORRECTION_NAC][PC_SEMIQ_CALL_SDS]);
    CHECK_NEAR(m.sensitivity, 2.0 / 3.0, 1e-12);
    CHECK_NEAR(m.specificity, 1.0, 1e-12);
    CHECK_INT(s.no_cad[PC_CORRECTION_NAC].count, 3);
    CHECK_INT(s.no_cad[PC_CORRECTION_NAC].sss_median, 2);
    CHECK_INT(s.no_cad[PC_CORRECTION_NAC].sss_q1, 0);
    CHECK_INT(s.no_cad[PC_CORRECTION_NAC].sss_q3, 5);
    CHECK_NEAR(s.no_cad[PC_CORRECTION_NAC].share_sss_0_3, 2.0 / 3.0, 1e-12);
}

int main(void)
{
    pc_study_features *normals = calloc(20, sizeof *normals);
    pc_normals *nd = calloc(1, sizeof *nd);
    test_normal_statistics(normals, nd);
    test_sd_and_sex_groups(normals, nd);
    test_calls();
    test_summary();
    free(normals);
    free(nd);
    return check_finish("test_semiq_rules");
}
