/* test_synth_model.c: the synthetic-cohort generator, in memory (runs natively, under
 * ASan/UBSan and as wasm in node).
 *
 * - deterministic maths against libm; territory weights against the 17-segment table;
 * - the cohort plan's exact counts (152/64 CAD, 88% men, 20% MI, 36% revascularisation);
 * - determinism: a case is the same alone, in any order, and in every build (golden hash);
 * - truth read back from the rendered images by inverting the colour table: LAD ischaemia
 *   lowers LAD-territory counts at stress, not at rest; men's NAC inferior wall is lower
 *   than their AC one; balanced three-vessel disease normalises to a near-normal map;
 * - colour-table round trip render -> invert (exact for PNG outside flat table runs,
 *   documented tolerance through JPEG);
 * - screenshot style puts the disc at varied sizes and places;
 * - bad options give clear messages. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "polarcad.h"
#include "synth/detmath.h"
#include "synth/model.h"
#include "synth_util.h"

static void test_detmath(void)
{
    double worst = 0.0;
    for (int i = 0; i <= 20000; i++) {
        double x = -30.0 + 60.0 * i / 20000.0;
        worst = fmax(worst, fabs(pc_dm_exp(x) - exp(x)) / exp(x));
        double y = 1e-6 + 500.0 * i / 20000.0;
        worst = fmax(worst, fabs(pc_dm_log(y) - log(y)));
        worst = fmax(worst, fabs(pc_dm_sin(x) - sin(x)));
        worst = fmax(worst, fabs(pc_dm_cos(x) - cos(x)));
        worst = fmax(worst, fabs(pc_dm_atan2(sin(x) * 2.0, cos(x) * 3.0) - atan2(sin(x) * 2.0, cos(x) * 3.0)));
    }
    CHECK(worst < 1e-14);
    CHECK_NEAR(pc_dm_atan2(0.0, -1.0), PC_DM_PI, 0.0);
    CHECK_NEAR(pc_dm_atan2(-1.0, 0.0), -PC_DM_PI / 2, 1e-16);
    CHECK(pc_dm_exp(-800.0) == 0.0 && pc_dm_log(0.0) < -1e300);
    pc_rng rng;
    pc_rng_seed(&rng, 7, 1);
    double sum = 0.0, sum2 = 0.0;
    for (int i = 0; i < 20000; i++) {
        double z = pc_dm_normal(&rng);
        sum += z;
        sum2 += z * z;
    }
    CHECK_NEAR(sum / 20000.0, 0.0, 0.03);
    CHECK_NEAR(sum2 / 20000.0, 1.0, 0.04);
}

static void test_territories(void)
{
    pc_territory_jitter standard;
    pc_territory_jitter_standard(&standard);
    int mismatches = 0;
    for (int layout = 0; layout < PC_RINGS_COUNT; layout++)
        for (int i = 0; i < 100; i++)
            for (int j = 0; j < 72; j++) {
                double rho = (i + 0.37) / 100.0, theta = j * 5.0 + 1.3;
                double w[3];
                pc_territory_weights((pc_ring_layout)layout, &standard, rho, theta, w);
                int seg = pc_segment_at((pc_ring_layout)layout, rho, theta);
                if (w[pc_segment_territory(seg)] != 1.0) mismatches++;
            }
    CHECK_INT(mismatches, 0);
    /* soft edges: shares in [0, 1] summing to 1, half and half on a boundary */
    pc_territory_jitter soft = standard;
    soft.edge_deg = 20.0;
    soft.edge_rho = 0.1;
    double w[3];
    int bad = 0;
    for (int i = 0; i < 3600; i++) {
        pc_territory_weights(PC_RINGS_EQUAL_WIDTH, &soft, (i % 97) / 96.0, i * 0.1, w);
        if (fabs(w[0] + w[1] + w[2] - 1.0) > 1e-12 || w[0] < 0 || w[1] < 0 || w[2] < 0) bad++;
    }
    CHECK_INT(bad, 0);
    pc_territory_weights(PC_RINGS_EQUAL_WIDTH, &soft, 0.85, 180.0, w);
    CHECK_NEAR(w[PC_TERRITORY_LAD], 0.5, 1e-9);
    CHECK_NEAR(w[PC_TERRITORY_RCA], 0.5, 1e-9);
    /* left dominance: the LCx supplies the basal inferior wall; wrap-around LAD: apical inferior */
    pc_territory_jitter left = standard;
    left.rca_lcx_shift_deg = -80.0;
    pc_territory_weights(PC_RINGS_EQUAL_WIDTH, &left, 0.9, 270.0, w);
    CHECK(w[PC_TERRITORY_LCX] == 1.0);
    pc_territory_jitter wrap = standard;
    wrap.lad_wrap = 1.0;
    pc_territory_weights(PC_RINGS_EQUAL_WIDTH, &wrap, 0.3, 270.0, w);
    CHECK(w[PC_TERRITORY_LAD] == 1.0);
    /* ring warp: boundaries map onto each other and back */
    CHECK_NEAR(pc_ring_warp(PC_RINGS_EQUAL_AREA, PC_RINGS_EQUAL_WIDTH, 0.243), 0.20, 1e-12);
    CHECK_NEAR(pc_ring_warp(PC_RINGS_EQUAL_WIDTH, PC_RINGS_EQUAL_AREA, 0.733), 0.804, 1e-12);
    CHECK_NEAR(pc_ring_warp(PC_RINGS_EQUAL_AREA, PC_RINGS_EQUAL_WIDTH,
                            pc_ring_warp(PC_RINGS_EQUAL_WIDTH, PC_RINGS_EQUAL_AREA, 0.61)), 0.61, 1e-12);
}

static void test_plan_counts(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_synth_options opt;
    pc_synth_options_default(&opt);
    pc_synth_plan *plan = NULL;
    CHECK_INT(pc_synth_plan_create(ctx, &opt, &plan), PC_STATUS_OK);
    if (!plan) { pc_ctx_free(ctx); return; }
    int cad = 0, men = 0, mi = 0, revasc = 0, label_errors = 0;
    for (int i = 0; i < opt.cases; i++) {
        pc_synth_patient p;
        pc_synth_patient_sample(plan, i, &p);
        cad += p.label;
        men += p.sex == PC_SYNTH_MALE;
        mi += p.prior_mi;
        revasc += p.prior_revasc != PC_SYNTH_REVASC_NONE;
        int flow_limiting = 0;
        for (int t = 0; t < PC_TERRITORY_COUNT; t++) flow_limiting += p.vessel[t].flow_limiting;
        if ((flow_limiting > 0) != (p.label == 1)) label_errors++;
        if (i == 0) CHECK(strcmp(p.case_id, "c0001") == 0);
    }
    CHECK_INT(cad, 152);          /* 70.4% [S1] */
    CHECK_INT(men, 190);          /* 88% of 216 */
    CHECK_INT(mi, 43);            /* 20% */
    CHECK_INT(revasc, 78);        /* 36% */
    CHECK_INT(label_errors, 0);   /* label 1 <=> a flow-limiting lesion */
    pc_synth_plan_free(plan);
    opt.cases = 100;
    opt.prevalence = 0.3;
    CHECK_INT(pc_synth_plan_create(ctx, &opt, &plan), PC_STATUS_OK);
    cad = 0;
    for (int i = 0; plan && i < opt.cases; i++) cad += plan->cases[i].label;
    CHECK_INT(cad, 30);
    pc_synth_plan_free(plan);
    pc_ctx_free(ctx);
}

/* ---- rendering helpers ---- */

static pc_synth_plan *make_plan(pc_ctx *ctx, int cases, int size, int colormap, pc_synth_style style)
{
    pc_synth_options opt;
    pc_synth_options_default(&opt);
    opt.cases = cases;
    opt.size = size;
    opt.colormap = colormap;
    opt.style = style;
    opt.seed = 20240611;
    pc_synth_plan *plan = NULL;
    if (pc_synth_plan_create(ctx, &opt, &plan)) fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
    /* The callers skip their block without a plan: that must fail the test, not pass it. */
    CHECK(plan != NULL);
    return plan;
}

static uint64_t study_hash(const pc_synth_study *s)
{
    uint64_t h = FNV_START;
    for (int m = 0; m < PC_MAP_COUNT; m++)
        h = fnv1a(h, s->maps[m].rgb, (size_t)s->maps[m].width * s->maps[m].height * 3);
    return h;
}

/* A patient with nothing but normal uptake and its attenuation (no disease, no findings). */
static void make_healthy(pc_synth_patient *p)
{
    memset(p->vessel, 0, sizeof p->vessel);
    p->label = 0;
    p->left_main = p->balanced = p->diseased_vessels = 0;
    p->lbbb = p->microvascular = p->hypertrophy = 0;
    p->lbbb_stress = p->lbbb_rest = 0;
    p->extracardiac[0] = p->extracardiac[1] = 0;
    p->misreg_depth[0] = p->misreg_depth[1] = 0;
    p->stress_efficacy = 1.0;
}

static void add_ischaemia(pc_synth_patient *p, pc_territory t, double deficit)
{
    pc_synth_vessel *v = &p->vessel[t];
    v->kind = PC_SYNTH_LESION_SIGNIFICANT;
    v->flow_limiting = 1;
    v->stenosis_pct = 85;
    v->site = PC_SYNTH_SITE_PROXIMAL;
    v->bed_reach = 1.0;
    v->bed_width_deg = 360.0;
    v->stress_deficit = deficit;
    p->label = 1;
}

/* Segment means of map m of a rendered export-style study. */
static void study_segments(const pc_synth_study *s, const pc_synth_patient *p, pc_map m,
                           double means[PC_SEGMENT_COUNT + 1])
{
    pc_disc disc = {s->placement[m].cx, s->placement[m].cy, s->placement[m].radius};
    double *c = invert_image(&s->maps[m], &disc, p->colormap);
    CHECK(c != NULL);
    if (!c) return;
    segment_means(c, &s->maps[m], &disc, p->layout, means);
    free(c);
}

/* FNV-1a over the PNG and JPEG bytes of the first ten cases of a fixed plan. */
static uint64_t golden_hash(pc_ctx *ctx, int model_version)
{
    pc_synth_options opt;
    pc_synth_options_default(&opt);
    opt.cases = 10;
    opt.size = 96;
    opt.colormap = PC_SYNTH_MIXED;
    opt.seed = 20240611;
    opt.model_version = model_version;
    pc_synth_plan *plan = NULL;
    if (pc_synth_plan_create(ctx, &opt, &plan)) return 0;
    uint64_t h = FNV_START;
    for (int i = 0; i < 10; i++) {
        pc_synth_patient p;
        pc_synth_patient_sample(plan, i, &p);
        pc_synth_study s = {0};
        if (pc_synth_study_render(ctx, plan, &p, &s)) continue;
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            uint8_t *bytes = NULL;
            size_t size = 0;
            if (pc_image_encode_png(ctx, &s.maps[m], &bytes, &size) == PC_STATUS_OK) h = fnv1a(h, bytes, size);
            free(bytes);
            if (pc_image_encode_jpeg(ctx, &s.maps[m], 85, &bytes, &size) == PC_STATUS_OK) h = fnv1a(h, bytes, size);
            free(bytes);
        }
        pc_synth_study_free(&s);
    }
    pc_synth_plan_free(plan);
    fprintf(stderr, "golden hash of model version %d: 0x%016llxULL\n", model_version, (unsigned long long)h);
    return h;
}

static void test_determinism(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_synth_plan *plan = make_plan(ctx, 10, 96, PC_SYNTH_MIXED, PC_SYNTH_STYLE_EXPORT);
    if (!plan) { pc_ctx_free(ctx); return; }
    /* a case is the same alone, after others, and in reverse order */
    uint64_t forward[10], backward[10];
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < 10; k++) {
            int i = pass ? 9 - k : k;
            pc_synth_patient p;
            pc_synth_patient_sample(plan, i, &p);
            pc_synth_study s = {0};
            CHECK_INT(pc_synth_study_render(ctx, plan, &p, &s), PC_STATUS_OK);
            (pass ? backward : forward)[i] = study_hash(&s);
            pc_synth_study_free(&s);
        }
    for (int i = 0; i < 10; i++) CHECK(forward[i] == backward[i]);
    CHECK(forward[0] != forward[1]);
    pc_synth_plan_free(plan);
    /* Golden hashes over PNG and JPEG bytes of ten cases, per model version: the same in
     * every build (native, sanitised, wasm) and on every machine. Version 1 must never
     * change; a change to the current model must become a new version (synth.h) with its
     * own value (the one printed). */
    CHECK(golden_hash(ctx, 1) == 0x2cb60612718ea642ULL);
    CHECK(golden_hash(ctx, 2) == 0x9e21d880cd90eca8ULL);
    pc_ctx_free(ctx);
}

static void test_truth_from_images(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_synth_plan *plan = make_plan(ctx, 24, 128, PC_COLORMAP_COOL, PC_SYNTH_STYLE_EXPORT);
    if (!plan) { pc_ctx_free(ctx); return; }
    double seg[PC_MAP_COUNT][PC_SEGMENT_COUNT + 1];

    /* LAD ischaemia: stress LAD-territory counts lower than rest, other territories not */
    int lad_cases = 0, lad_ok = 0;
    for (int i = 0; i < 6; i++) {
        pc_synth_patient p;
        pc_synth_patient_sample(plan, i, &p);
        make_healthy(&p);
        add_ischaemia(&p, PC_TERRITORY_LAD, 0.30);
        pc_synth_study s = {0};
        if (pc_synth_study_render(ctx, plan, &p, &s)) continue;
        for (int m = 0; m < PC_MAP_COUNT; m++) study_segments(&s, &p, (pc_map)m, seg[m]);
        double drop_ac = territory_mean(seg[PC_MAP_REST_AC], PC_TERRITORY_LAD) -
                         territory_mean(seg[PC_MAP_STRESS_AC], PC_TERRITORY_LAD);
        double drop_nac = territory_mean(seg[PC_MAP_REST_NAC], PC_TERRITORY_LAD) -
                          territory_mean(seg[PC_MAP_STRESS_NAC], PC_TERRITORY_LAD);
        lad_cases++;
        if (drop_ac > 0.08 && drop_nac > 0.08) lad_ok++;
        else fprintf(stderr, "%s: LAD stress-rest drop AC %.3f NAC %.3f\n", p.case_id, drop_ac, drop_nac);
        CHECK(s.summary.coronary_visible);
        CHECK(s.summary.isch_extent[PC_TERRITORY_LAD] > 15.0);
        pc_synth_study_free(&s);
    }
    CHECK_INT(lad_ok, lad_cases);

    /* men: NAC inferior wall lower than AC (attenuation), measured on the cohort's own cases */
    int men = 0, men_lower = 0;
    double nac_sum = 0.0, ac_sum = 0.0;
    for (int i = 0; i < plan->options.cases; i++) {
        pc_synth_patient p;
        pc_synth_patient_sample(plan, i, &p);
        if (p.sex != PC_SYNTH_MALE) continue;
        pc_synth_study s = {0};
        if (pc_synth_study_render(ctx, plan, &p, &s)) continue;
        study_segments(&s, &p, PC_MAP_STRESS_NAC, seg[0]);
        study_segments(&s, &p, PC_MAP_STRESS_AC, seg[1]);
        men++;
        nac_sum += inferior_mean(seg[0]);
        ac_sum += inferior_mean(seg[1]);
        men_lower += inferior_mean(seg[0]) < inferior_mean(seg[1]);
        pc_synth_study_free(&s);
    }
    CHECK(men >= 15);
    if (men) fprintf(stderr, "men %d: inferior NAC %.3f vs AC %.3f, lower in %d\n", men, nac_sum / men, ac_sum / men, men_lower);
    CHECK(nac_sum < ac_sum - 0.04 * men);
    CHECK(men_lower >= (men * 3) / 4);

    /* balanced three-vessel disease: near-normal after normalisation; one vessel: not */
    pc_synth_patient p;
    pc_synth_patient_sample(plan, 3, &p);
    make_healthy(&p);
    pc_synth_study healthy = {0}, balanced = {0}, single = {0};
    pc_synth_patient b = p, one = p;
    for (int t = 0; t < PC_TERRITORY_COUNT; t++) add_ischaemia(&b, (pc_territory)t, 0.35);
    b.balanced = 1;
    b.diseased_vessels = 3;
    add_ischaemia(&one, PC_TERRITORY_LAD, 0.35);
    if (pc_synth_study_render(ctx, plan, &p, &healthy) == PC_STATUS_OK &&
        pc_synth_study_render(ctx, plan, &b, &balanced) == PC_STATUS_OK &&
        pc_synth_study_render(ctx, plan, &one, &single) == PC_STATUS_OK) {
        double h[PC_SEGMENT_COUNT + 1], bal[PC_SEGMENT_COUNT + 1], sv[PC_SEGMENT_COUNT + 1];
        study_segments(&healthy, &p, PC_MAP_STRESS_AC, h);
        study_segments(&balanced, &b, PC_MAP_STRESS_AC, bal);
        study_segments(&single, &one, PC_MAP_STRESS_AC, sv);
        double worst_bal = 0.0, worst_single = 0.0;
        for (int sgm = 1; sgm <= PC_SEGMENT_COUNT; sgm++) {
            worst_bal = fmax(worst_bal, h[sgm] - bal[sgm]);
            worst_single = fmax(worst_single, h[sgm] - sv[sgm]);
        }
        fprintf(stderr, "balanced: worst segment drop %.3f (single vessel %.3f)\n", worst_bal, worst_single);
        CHECK(worst_bal < 0.07);
        CHECK(worst_single > 0.15);
        CHECK(!balanced.summary.coronary_visible && single.summary.coronary_visible);
    }
    pc_synth_study_free(&healthy);
    pc_synth_study_free(&balanced);
    pc_synth_study_free(&single);
    pc_synth_plan_free(plan);
    pc_ctx_free(ctx);
}

/* Render a known smooth field through each table, invert it, compare. */
static void test_colour_roundtrip(void)
{
    pc_ctx *ctx = pc_ctx_create();
    static double field[SYNTH_NN];
    for (int y = 0; y < SYNTH_N; y++)
        for (int x = 0; x < SYNTH_N; x++) {  /* ramp across the disc, a gentle wave, a sharp defect */
            double v = fmin(1.0, fmax(0.0, (x + 0.5) / SYNTH_N + 0.05 * sin(y * 0.2)));
            if (y > SYNTH_N * 0.6 && x > SYNTH_N * 0.3 && x < SYNTH_N * 0.7) v *= 0.4;
            field[y * SYNTH_N + x] = v;
        }
    const int size = 192;
    pc_disc disc = pc_disc_of_tile(size);
    for (int m = 0; m < PC_COLORMAP_COUNT; m++) {
        uint8_t table[256][3];
        pc_colormap_table((pc_colormap)m, table);
        pc_image img = {0};
        if (pc_image_create(ctx, size, size, &img)) continue;
        synth_paint_disc(&img, &disc, field, table);
        /* PNG: lossless, so the index comes back exactly except inside flat runs of the
         * table (CEqual 0-32 and 240-255, Siemens 254-255), where any entry of the run is
         * the same colour. */
        uint8_t *bytes = NULL;
        size_t nbytes = 0;
        pc_image png = {0}, jpg = {0};
        CHECK_INT(pc_image_encode_png(ctx, &img, &bytes, &nbytes), PC_STATUS_OK);
        CHECK_INT(pc_image_decode(ctx, bytes, nbytes, "roundtrip.png", &png), PC_STATUS_OK);
        free(bytes);
        CHECK_INT(pc_image_encode_jpeg(ctx, &img, 90, &bytes, &nbytes), PC_STATUS_OK);
        CHECK_INT(pc_image_decode(ctx, bytes, nbytes, "roundtrip.jpg", &jpg), PC_STATUS_OK);
        free(bytes);
        double *cp = png.rgb ? invert_image(&png, &disc, (pc_colormap)m) : NULL;
        double *cj = jpg.rgb ? invert_image(&jpg, &disc, (pc_colormap)m) : NULL;
        CHECK(cp != NULL && cj != NULL);   /* without them the comparison below would not run */
        int exact_errors = 0, n = 0, hist[256] = {0};
        double sum_err = 0.0;
        for (int y = 0; cp && cj && y < size; y++)
            for (int x = 0; x < size; x++) {
                size_t i = (size_t)y * size + x;
                if (cp[i] < 0) continue;
                double dx = x + 0.5 - disc.cx, dy = y + 0.5 - disc.cy;
                if (dx * dx + dy * dy > (disc.radius - 2) * (disc.radius - 2)) continue;   /* JPEG rim blocks */
                double to_grid = (SYNTH_N / 2.0) / disc.radius;
                double v = synth_grid_sample(field, SYNTH_N / 2.0 + dx * to_grid, SYNTH_N / 2.0 + dy * to_grid);
                int want = (int)(v * 255.0 + 0.5), got = (int)(cp[i] * 255.0 + 0.5);
                int flat = (m == PC_COLORMAP_CEQUAL && (want <= 32 || want >= 240)) ||
                           (m == PC_COLORMAP_SIEMENS && want >= 254);
                if (!flat && got != want) exact_errors++;
                if (flat) continue;
                double e = fabs(cj[i] - want / 255.0);
                sum_err += e;
                int bin = (int)(e * 255.0 + 0.5);
                hist[bin > 255 ? 255 : bin]++;
                n++;
            }
        CHECK_INT(exact_errors, 0);
        /* JPEG q90 with 4:2:0 chroma: documented tolerance (docs/synthetic.md): mean error
         * <= 2% of full scale and 95% of pixels within 6%. */
        int p95 = 0;
        for (int acc = 0; p95 < 256 && (acc += hist[p95]) < 0.95 * n; p95++) {}
        double mean = n ? sum_err / n : 1.0;
        fprintf(stderr, "%-8s JPEG q90 inversion: mean error %.4f, 95th percentile %d/255\n",
                pc_colormap_name((pc_colormap)m), mean, p95);
        CHECK(n > 10000);
        CHECK(mean <= 0.02);
        CHECK(p95 <= 15);
        free(cp);
        free(cj);
        pc_image_free(&png);
        pc_image_free(&jpg);
        pc_image_free(&img);
    }
    pc_ctx_free(ctx);
}

static void test_screenshot_style(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_synth_plan *plan = make_plan(ctx, 4, 160, PC_COLORMAP_THERMAL, PC_SYNTH_STYLE_SCREENSHOT);
    if (!plan) { pc_ctx_free(ctx); return; }
    double rmin = 1e9, rmax = 0, cxmin = 1e9, cxmax = 0, cymin = 1e9, cymax = 0;
    uint8_t table[256][3];
    pc_colormap_table(PC_COLORMAP_THERMAL, table);
    for (int i = 0; i < plan->options.cases; i++) {
        pc_synth_patient p;
        pc_synth_patient_sample(plan, i, &p);
        pc_synth_study s = {0};
        if (pc_synth_study_render(ctx, plan, &p, &s)) continue;
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            const pc_synth_placement *pl = &s.placement[m];
            const pc_image *img = &s.maps[m];
            CHECK(img->width == pl->width && img->height == pl->height && img->width >= 640);
            CHECK(pl->radius >= 40.0);
            CHECK(pl->cx - pl->radius >= 0 && pl->cx + pl->radius <= img->width);
            CHECK(pl->cy - pl->radius >= 0 && pl->cy + pl->radius <= img->height);
            rmin = fmin(rmin, pl->radius), rmax = fmax(rmax, pl->radius);
            cxmin = fmin(cxmin, pl->cx / img->width), cxmax = fmax(cxmax, pl->cx / img->width);
            cymin = fmin(cymin, pl->cy / img->height), cymax = fmax(cymax, pl->cy / img->height);
            /* just inside the disc: a table colour; the corner pixel right of the top: background */
            int x = (int)(pl->cx + 0.5 * pl->radius), y = (int)pl->cy;
            const uint8_t *px = img->rgb + ((size_t)y * img->width + x) * 3;
            int d2 = -1;
            pc_colormap_nearest(table, px[0], px[1], px[2], &d2);
            if (!pl->overlay) CHECK_INT(d2, 0);
            const uint8_t *corner = img->rgb + ((size_t)(img->height / 2) * img->width + (img->width - 1)) * 3;
            CHECK(corner[0] == pl->background[0] && corner[1] == pl->background[1] && corner[2] == pl->background[2]);
        }
        pc_synth_study_free(&s);
    }
    CHECK(rmax / rmin > 1.5);
    CHECK(cxmax - cxmin > 0.15 && cymax - cymin > 0.1);
    pc_synth_plan_free(plan);
    pc_ctx_free(ctx);
}

static void test_bad_options(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_synth_options opt;
    pc_synth_options_default(&opt);
    CHECK_INT(pc_synth_options_check(ctx, &opt), PC_STATUS_OK);
    opt.cases = 0;
    CHECK_INT(pc_synth_options_check(ctx, &opt), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "--cases");
    pc_synth_options_default(&opt);
    opt.size = 8;
    CHECK_INT(pc_synth_options_check(ctx, &opt), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "--size");
    pc_synth_options_default(&opt);
    opt.colormap = 42;
    CHECK_INT(pc_synth_options_check(ctx, &opt), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "colour table");
    pc_synth_options_default(&opt);
    opt.jpeg_quality = 0;
    CHECK_INT(pc_synth_options_check(ctx, &opt), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "--jpeg-quality");
    pc_synth_options_default(&opt);
    opt.prevalence = 1.5;
    pc_synth_plan *plan = NULL;
    CHECK_INT(pc_synth_plan_create(ctx, &opt, &plan), PC_STATUS_INVALID_ARGUMENT);
    CHECK(plan == NULL);
    pc_ctx_free(ctx);
}

int main(void)
{
    test_detmath();
    test_territories();
    test_plan_counts();
    test_determinism();
    test_truth_from_images();
    test_colour_roundtrip();
    test_screenshot_style();
    test_bad_options();
    return check_finish("test_synth_model");
}
