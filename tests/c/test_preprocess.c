/* test_preprocess.c: the fast colour-table inverse against the brute-force reference,
 * colour round trip and table detection for every table (PNG and JPEG), overlays,
 * refusal of discs in unknown colours, crop/mask to 150 x 150, rotation, the study
 * pipeline and montages, and bad inputs (16-bit PNG, 1 x 1, grey, missing file). */
#include "check.h"
#include "polar_fixture.h"
/* internal headers: this test checks the steps themselves */
#include "base/rng.h"
#include "preprocess/colormap_lut.h"
#include "preprocess/invert.h"
#include "preprocess/median.h"
#include "preprocess/tile.h"

static void test_lut_matches_reference(void)
{
    pc_rng rng;
    pc_rng_seed(&rng, 11, 3);
    for (int m = 0; m < PC_COLORMAP_COUNT; m++) {
        pc_colormap_lut *lut = NULL;
        CHECK_INT(pc_colormap_lut_create(NULL, (pc_colormap)m, &lut), PC_STATUS_OK);
        if (!lut) continue;
        uint8_t t[256][3];
        pc_colormap_table((pc_colormap)m, t);
        int mismatches = 0;
        /* Every entry, cell corners and edges (17 levels a channel), random colours. */
        for (int i = 0; i < 256 + 17 * 17 * 17 + 20000; i++) {
            uint8_t c[3];
            if (i < 256) {
                memcpy(c, t[i], 3);
            } else if (i < 256 + 17 * 17 * 17) {
                int j = i - 256;
                const int level[17] = {0, 15, 16, 31, 32, 63, 64, 95, 96, 127, 128, 159, 160, 191, 192, 240, 255};
                c[0] = (uint8_t)level[j % 17], c[1] = (uint8_t)level[j / 17 % 17], c[2] = (uint8_t)level[j / 289];
            } else {
                for (int k = 0; k < 3; k++) c[k] = (uint8_t)pc_rng_below(&rng, 256);
            }
            int d_ref, d_fast;
            int ref = pc_colormap_nearest(t, c[0], c[1], c[2], &d_ref);
            int fast = pc_colormap_lut_nearest(lut, c[0], c[1], c[2], &d_fast);
            if (ref != fast || d_ref != d_fast) {
                if (mismatches++ < 5)
                    fprintf(stderr, "%s: colour %d,%d,%d: reference %d (d2 %d), fast %d (d2 %d)\n",
                            pc_colormap_name((pc_colormap)m), c[0], c[1], c[2], ref, d_ref, fast, d_fast);
            }
        }
        CHECK_INT(mismatches, 0);
        pc_colormap_lut_free(lut);
    }
}

static void test_median_matches_reference(void)
{
    /* Sizes from 1 x 1 up, masks from empty to full, random and smooth values. */
    pc_rng rng;
    pc_rng_seed(&rng, 12, 4);
    const int sizes[][2] = {{1, 1}, {2, 7}, {5, 5}, {6, 3}, {17, 31}, {150, 150}, {64, 9}};
    int mismatches = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (int variant = 0; variant < 4; variant++) {
            int w = sizes[k][0], h = sizes[k][1];
            size_t n = (size_t)w * (size_t)h;
            uint8_t *v = malloc(n), *mask = malloc(n), *a = malloc(n), *b = malloc(n);
            for (size_t i = 0; i < n; i++) {
                int x = (int)(i % (size_t)w), y = (int)(i / (size_t)w);
                v[i] = variant & 1 ? (uint8_t)pc_rng_below(&rng, 256) : (uint8_t)(100 + x + 2 * y + (int)pc_rng_below(&rng, 5));
                mask[i] = variant < 2 ? 1 : pc_rng_below(&rng, 4) != 0;
            }
            pc_median5x5_u8__ref(v, mask, w, h, a);
            pc_median5x5_u8(v, mask, w, h, b);
            for (size_t i = 0; i < n; i++)
                if (a[i] != b[i] && mismatches++ < 5)
                    fprintf(stderr, "median %dx%d variant %d at %zu: reference %d, fast %d\n", w, h, variant, i, a[i],
                            b[i]);
            free(v), free(mask), free(a), free(b);
        }
    CHECK_INT(mismatches, 0);
}

/* Mean and max |inverted - true| over matched pixels of a tile of the fx map. */
static void inversion_error(const pc_counts *c, const fx_map *map, double *mean, double *max)
{
    pc_disc disc = pc_disc_of_tile(c->size);
    double sum = 0, worst = 0;
    long n = 0;
    for (int y = 0; y < c->size; y++)
        for (int x = 0; x < c->size; x++) {
            size_t i = (size_t)y * c->size + x;
            if (c->state[i] != PC_PIXEL_MATCHED) continue;
            double rho, theta;
            pc_polar_from_point(&disc, x + 0.5, y + 0.5, &rho, &theta);
            double truth = fx_map_counts(rho, theta, map);
            double e = fabs(c->value[i] - truth);
            sum += e;
            n++;
            /* The max only where the true map is smooth: the 5 x 5 median moves the sharp
             * edges of the hand-made segment defects by a pixel or two. */
            double lo = truth, hi = truth;
            for (int k = 0; k < 8; k++) {
                double r2, t2, v;
                pc_polar_from_point(&disc, x + 0.5 + 3 * cos(k * 0.785), y + 0.5 + 3 * sin(k * 0.785), &r2, &t2);
                v = fx_map_counts(r2 < 0.999 ? r2 : 0.999, t2, map);
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
            if (hi - lo < 5 && e > worst) worst = e;
        }
    *mean = n ? sum / n : 1e9;
    *max = worst;
}

static void test_roundtrip_every_table(const pc_inverter *inv)
{
    pc_invert_options opt;
    pc_invert_options_default(&opt);
    for (int m = 0; m < PC_COLORMAP_COUNT; m++)
        for (int q = 0; q <= 75; q += 75) {
            fx_map map;
            fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 7u + (unsigned)m, 4.0);
            map.defect_value[9] = 35.0;   /* a defect so low counts are exercised too */
            map.defect_value[14] = 50.0;
            pc_image tile = fx_tile(150, (pc_colormap)m, fx_map_counts, &map);
            pc_image coded = fx_jpeg_roundtrip(&tile, q);
            pc_table_fit fits[PC_COLORMAP_COUNT];
            pc_tables_fit(inv, &coded, &opt, fits);
            pc_colormap best = pc_tables_best(fits);
            if ((int)best != m)
                fprintf(stderr, "%s q %d: detected %s\n", pc_colormap_name((pc_colormap)m), q, pc_colormap_name(best));
            CHECK_INT(best, m);
            pc_counts c = {0};
            pc_ctx *ctx = pc_ctx_create();
            CHECK_INT(pc_counts_from_tile(ctx, inv, &coded, (pc_colormap)m, &opt, "tile.png", &c), PC_STATUS_OK);
            double mean, max;
            inversion_error(&c, &map, &mean, &max);
            /* PNG: exact up to the table's own resolution: 2 indices (0.8 points), except the
             * flat top of CEqual (240-255 are one white: up to 6 points). JPEG 75: small
             * mean error, a few unmatched pixels at the defect borders. */
            double max_limit = m == PC_COLORMAP_CEQUAL ? 6.5 : 1.0;
            if (q == 0) {
                CHECK(c.unmatched_fraction < 0.005);   /* only corners of the sharp hand-made defects */
                CHECK(max <= max_limit);
                CHECK(mean <= (m == PC_COLORMAP_CEQUAL ? 2.5 : 0.5));
            } else {
                CHECK(c.unmatched_fraction < 0.05);
                CHECK(mean <= (m == PC_COLORMAP_CEQUAL ? 3.0 : 1.5));
            }
            if (getenv("PC_TEST_VERBOSE") || c.unmatched_fraction >= 0.05 || mean > 1.5)
                fprintf(stderr, "%-8s q %2d: mean error %.2f, max %.2f, unmatched %.3f\n",
                        pc_colormap_name((pc_colormap)m), q, mean, max, c.unmatched_fraction);
            pc_counts_free(&c);
            pc_ctx_free(ctx);
            pc_image_free(&tile);
            pc_image_free(&coded);
        }
}

/* A hot, defect-free map: every value in 72..100%, the part of a table where several
 * tables look alike. */
static double hot_counts(double rho, double theta_deg, const void *user)
{
    (void)user;
    return 86.0 + 12.0 * cos(theta_deg * 3.14159265358979 / 180.0) * rho + 2.0 * sin(5.0 * rho);
}

static void test_detect_normal_maps(const pc_inverter *inv)
{
    pc_invert_options opt;
    pc_invert_options_default(&opt);
    for (int m = 0; m < PC_COLORMAP_COUNT; m++)
        for (int q = 60; q <= 100; q += 20) {
            pc_image tile = fx_tile(150, (pc_colormap)m, hot_counts, NULL);
            pc_image coded = fx_jpeg_roundtrip(&tile, q == 100 ? 0 : q);
            pc_table_fit fits[PC_COLORMAP_COUNT];
            pc_tables_fit(inv, &coded, &opt, fits);
            pc_colormap best = pc_tables_best(fits);
            if ((int)best != m)
                fprintf(stderr, "normal %s map at q %d: detected %s\n", pc_colormap_name((pc_colormap)m), q,
                        pc_colormap_name(best));
            CHECK_INT(best, m);
            pc_image_free(&tile);
            pc_image_free(&coded);
        }
}

static void test_overlays_and_refusal(const pc_inverter *inv)
{
    pc_invert_options opt;
    pc_invert_options_default(&opt);
    fx_map map;
    fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 5, 3.0);
    /* White grid and digits over a thermal map: white is in the table (100%), so only the
     * outlier rule can tell it from counts. They must be left out, and the values kept. */
    fx_capture s;
    memset(&s, 0, sizeof s);
    s.width = s.height = 150, s.cx = s.cy = s.radius = 75, s.table = PC_COLORMAP_THERMAL;
    s.grid = 1, s.score_text = 1;
    memset(s.ink, 255, 3);
    pc_image tile = fx_render(&s, fx_map_counts, &map);
    pc_ctx *ctx = pc_ctx_create();
    pc_counts c = {0};
    CHECK_INT(pc_counts_from_tile(ctx, inv, &tile, PC_COLORMAP_THERMAL, &opt, "overlay.png", &c), PC_STATUS_OK);
    double mean, max;
    inversion_error(&c, &map, &mean, &max);
    CHECK(c.unmatched_fraction > 0.02 && c.unmatched_fraction < 0.2);
    CHECK(mean < 0.6);
    if (getenv("PC_TEST_VERBOSE")) fprintf(stderr, "overlay: unmatched %.3f, mean error %.2f, max %.2f\n",
                                           c.unmatched_fraction, mean, max);
    pc_counts_free(&c);
    pc_image_free(&tile);

    /* A pie chart: a disc of flat colours from no table is refused, naming the file. */
    pc_image pie = {0};
    pc_image_create(NULL, 150, 150, &pie);
    const uint8_t slices[4][3] = {{230, 120, 160}, {90, 200, 230}, {150, 230, 90}, {240, 230, 120}};
    for (int y = 0; y < 150; y++)
        for (int x = 0; x < 150; x++) {
            double a = atan2(75 - (y + 0.5), x + 0.5 - 75) + 3.14159265;
            memcpy(pie.rgb + ((size_t)y * 150 + x) * 3, slices[(int)(a / 1.5708) % 4], 3);
        }
    pc_tile_mask(&pie);
    pc_table_fit fits[PC_COLORMAP_COUNT];
    pc_tables_fit(inv, &pie, &opt, fits);
    CHECK_INT(pc_counts_from_tile(ctx, inv, &pie, pc_tables_best(fits), &opt, "pie.png", &c), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "pie.png: not a polar map in a known colour table");
    CHECK(c.value == NULL);
    pc_image_free(&pie);
    pc_ctx_free(ctx);
}

static uint8_t *pixel(const pc_image *img, int x, int y)
{
    return img->rgb + ((size_t)y * (size_t)img->width + (size_t)x) * 3;
}

static void test_tile_and_rotation(const pc_inverter *inv)
{
    pc_invert_options opt;
    pc_invert_options_default(&opt);
    /* A capture -> tile: 150 x 150, black outside, close to the directly rendered tile. */
    fx_map map;
    fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 21, 3.0);
    map.defect_value[12] = 30.0;   /* segment 13, apical anterior (45-135 degrees) */
    fx_capture s;
    memset(&s, 0, sizeof s);
    s.width = 1000, s.height = 800, s.cx = 431.7, s.cy = 377.2, s.radius = 301.4, s.table = PC_COLORMAP_COOL;
    s.labels = s.colour_bar = 1;
    memset(s.bg, 255, 3);
    pc_image cap = fx_render(&s, fx_map_counts, &map);
    pc_ctx *ctx = pc_ctx_create();
    pc_image tile = {0};
    pc_disc_fit fit;
    CHECK_INT(pc_map_tile(ctx, &cap, "capture.png", 150, &tile, &fit), PC_STATUS_OK);
    CHECK_INT(tile.width, 150);
    CHECK_INT(tile.height, 150);
    pc_image ref = fx_tile(150, PC_COLORMAP_COOL, fx_map_counts, &map);
    double diff = 0;
    int outside_black = 1;
    pc_disc td = pc_disc_of_tile(150);
    for (int y = 0; y < 150; y++)
        for (int x = 0; x < 150; x++) {
            double rho, theta;
            pc_polar_from_point(&td, x + 0.5, y + 0.5, &rho, &theta);
            const uint8_t *p = pixel(&tile, x, y), *q = pixel(&ref, x, y);
            if (rho > 1.0) outside_black &= p[0] == 0 && p[1] == 0 && p[2] == 0;
            else if (rho < 0.95)
                for (int k = 0; k < 3; k++) diff += abs(p[k] - q[k]);
        }
    CHECK(outside_black);
    diff /= 3.0 * 3.14159 * 75 * 75 * 0.9;
    if (diff >= 3.0) fprintf(stderr, "tile vs reference: mean difference %.2f levels\n", diff);
    CHECK(diff < 3.0);   /* area resampling vs point sampling at 2x: a few levels at edges */

    /* Rotation by 90 degrees counter-clockwise takes the apical anterior defect (13) to
     * the apical septal segment (14); four turns give the tile back. */
    pc_image r90 = {0};
    CHECK_INT(pc_tile_rotate(ctx, &ref, 90.0, &r90), PC_STATUS_OK);
    pc_counts c0 = {0}, c1 = {0};
    pc_map_features f0, f1;
    CHECK_INT(pc_counts_from_tile(ctx, inv, &ref, PC_COLORMAP_COOL, &opt, "ref", &c0), PC_STATUS_OK);
    CHECK_INT(pc_counts_from_tile(ctx, inv, &r90, PC_COLORMAP_COOL, &opt, "r90", &c1), PC_STATUS_OK);
    pc_map_features_from_counts(&c0, PC_RINGS_EQUAL_WIDTH, &f0);
    pc_map_features_from_counts(&c1, PC_RINGS_EQUAL_WIDTH, &f1);
    CHECK_NEAR(f0.seg_mean[12], 30.0, 1.0);
    CHECK(f0.seg_mean[13] > 70.0);
    CHECK_NEAR(f1.seg_mean[13], 30.0, 1.0);
    CHECK(f1.seg_mean[12] > 70.0);
    pc_counts_free(&c0);
    pc_counts_free(&c1);
    pc_image turn = {0}, next = {0};
    pc_tile_rotate(ctx, &r90, 90.0, &turn);
    pc_tile_rotate(ctx, &turn, 90.0, &next);
    pc_image_free(&turn);
    pc_tile_rotate(ctx, &next, 90.0, &turn);
    long same = 0, inside = 0;
    for (int y = 0; y < 150; y++)
        for (int x = 0; x < 150; x++) {
            double rho, theta;
            pc_polar_from_point(&td, x + 0.5, y + 0.5, &rho, &theta);
            if (rho >= 0.98) continue;
            inside++;
            same += memcmp(pixel(&turn, x, y), pixel(&ref, x, y), 3) == 0;
        }
    CHECK_INT(same, inside);
    /* Any angle: outside stays black, the rim is never darkened by the black outside. */
    pc_image r33 = {0};
    CHECK_INT(pc_tile_rotate(ctx, &ref, 33.0, &r33), PC_STATUS_OK);
    int rim_ok = 1, out_ok = 1;
    for (int y = 0; y < 150; y++)
        for (int x = 0; x < 150; x++) {
            double rho, theta;
            pc_polar_from_point(&td, x + 0.5, y + 0.5, &rho, &theta);
            const uint8_t *p = pixel(&r33, x, y);
            if (rho > 1.0) out_ok &= p[0] == 0 && p[1] == 0 && p[2] == 0;
            else if (rho > 0.97) rim_ok &= p[0] + p[1] + p[2] > 300;   /* cool at >= 60% is bright */
        }
    CHECK(out_ok);
    CHECK(rim_ok);
    CHECK_INT(pc_tile_rotate(ctx, &cap, 10.0, &next), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "not square");
    pc_image_free(&r33);
    pc_image_free(&turn);
    pc_image_free(&next);
    pc_image_free(&r90);
    pc_image_free(&ref);
    pc_image_free(&tile);
    pc_image_free(&cap);
    pc_ctx_free(ctx);
}

static void test_study_pipeline(const pc_inverter *inv)
{
    /* Four captures of one study in different sizes and places, one of them a tight crop;
     * the table is detected for the whole study; montages come out in the paper's sizes. */
    pc_image caps[PC_MAP_COUNT];
    const pc_image *in[PC_MAP_COUNT];
    const char *names[PC_MAP_COUNT] = {"sn.jpg", "rn.jpg", "sa.jpg", "ra.png"};
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        fx_map map;
        fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 40u + (unsigned)m, 3.0);
        fx_capture s;
        memset(&s, 0, sizeof s);
        s.table = PC_COLORMAP_SIEMENS;
        if (m == 3) {
            s.width = s.height = 240, s.cx = s.cy = s.radius = 120;
        } else {
            s.width = 700 + 100 * m, s.height = 600, s.cx = 300 + 50 * m, s.cy = 290, s.radius = 150 + 40 * m;
            s.labels = 1, s.colour_bar = m != 1;
            memset(s.ink, 255, 3);
            s.bg[0] = 40, s.bg[1] = 40, s.bg[2] = 40;
        }
        pc_image img = fx_render(&s, fx_map_counts, &map);
        caps[m] = fx_jpeg_roundtrip(&img, m == 3 ? 0 : 80);
        pc_image_free(&img);
        in[m] = &caps[m];
    }
    pc_ctx *ctx = pc_ctx_create();
    pc_preprocess_options opt;
    pc_preprocess_options_default(&opt);
    pc_study study;
    CHECK_INT(pc_study_preprocess(ctx, inv, in, names, &opt, &study), PC_STATUS_OK);
    CHECK_INT(study.table, PC_COLORMAP_SIEMENS);
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        CHECK(study.present[m]);
        CHECK_INT(study.tile[m].width, 150);
        CHECK(study.counts[m].unmatched_fraction < 0.05);
    }
    const struct { pc_dataset d; int h, w; } sizes[] = {{PC_DATASET_ACNAC, 300, 300}, {PC_DATASET_AC, 150, 300},
                                                       {PC_DATASET_NAC, 150, 300}};
    for (int k = 0; k < 3; k++) {
        pc_image montage = {0};
        CHECK_INT(pc_study_montage(ctx, &study, sizes[k].d, &montage), PC_STATUS_OK);
        CHECK_INT(montage.height, sizes[k].h);
        CHECK_INT(montage.width, sizes[k].w);
        /* The corners of every tile are masked black. */
        CHECK(montage.rgb && montage.rgb[0] == 0 && pixel(&montage, 299, sizes[k].h - 1)[1] == 0);
        pc_image_free(&montage);
    }
    pc_study_free(&study);

    /* An AC-only study works; the NAC montage then names the missing map. */
    const pc_image *ac_only[PC_MAP_COUNT] = {NULL, NULL, &caps[2], &caps[3]};
    CHECK_INT(pc_study_preprocess(ctx, inv, ac_only, names, &opt, &study), PC_STATUS_OK);
    pc_image montage = {0};
    CHECK_INT(pc_study_montage(ctx, &study, PC_DATASET_NAC, &montage), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "stress_nac map is missing");
    pc_study_free(&study);

    /* One blank map spoils the study, and the message names that file. */
    pc_image blank = {0};
    pc_image_create(NULL, 300, 200, &blank);
    memset(blank.rgb, 128, 300 * 200 * 3);
    const pc_image *with_grey[PC_MAP_COUNT] = {&caps[0], &caps[1], &blank, &caps[3]};
    memset(&study, 0x55, sizeof study);
    pc_study before = study;
    CHECK_INT(pc_study_preprocess(ctx, inv, with_grey, names, &opt, &study), PC_STATUS_NOT_FOUND);
    CHECK_MESSAGE(ctx, "sa.jpg: no polar map found");
    CHECK(memcmp(&before, &study, sizeof study) == 0);   /* untouched on failure */
    pc_image_free(&blank);
    for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&caps[m]);
    pc_ctx_free(ctx);
}

/* A disc cut off by the image edge (its left 50 of 300 px beyond it): the tile is black
 * where the image has no pixels, those pixels count for nothing (not 0%), and the study
 * says so; the same map whole gives no warning. Before, the tile repeated the edge
 * column's colours across the missing part and they were read as counts. */
static void test_cut_disc(const pc_inverter *inv)
{
    fx_map map;
    fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 77, 3.0);
    pc_ctx *ctx = pc_ctx_create();
    pc_preprocess_options opt;
    pc_preprocess_options_default(&opt);
    for (int cut = 0; cut < 2; cut++) {
        fx_capture s;
        memset(&s, 0, sizeof s);
        s.width = 800, s.height = 700, s.cx = cut ? 250.0 : 400.0, s.cy = 340.0, s.radius = 300.0;
        s.table = PC_COLORMAP_THERMAL;
        memset(s.bg, 255, 3);
        pc_image cap = fx_render(&s, fx_map_counts, &map);
        const pc_image *in[PC_MAP_COUNT] = {NULL, NULL, &cap, NULL};
        const char *names[PC_MAP_COUNT] = {NULL, NULL, "cut.png", NULL};
        pc_study study;
        CHECK_INT(pc_study_preprocess(ctx, inv, in, names, &opt, &study), PC_STATUS_OK);
        pc_image_free(&cap);
        if (!study.present[PC_MAP_STRESS_AC]) continue;
        if (!cut) {
            CHECK(study.missing[PC_MAP_STRESS_AC] == NULL);
            CHECK(study.warning[PC_MAP_STRESS_AC][0] == 0);
            CHECK(study.missing_share[PC_MAP_STRESS_AC] == 0.0);
            CHECK(study.disc[PC_MAP_STRESS_AC].visible_rim > 0.999);
            pc_study_free(&study);
            continue;
        }
        const uint8_t *missing = study.missing[PC_MAP_STRESS_AC];
        const pc_counts *c = &study.counts[PC_MAP_STRESS_AC];
        const pc_image *tile = &study.tile[PC_MAP_STRESS_AC];
        CHECK(missing != NULL);
        CHECK(strstr(study.warning[PC_MAP_STRESS_AC], "cut.png: part of the disc is outside the image") != NULL);
        CHECK(strstr(study.warning[PC_MAP_STRESS_AC], "81% of its rim is inside") != NULL);
        /* The circular segment 50 px deep of a 300 px disc is 4.0% of its area, 3.6% less
         * the edge slack (3.6 px), whose pixels are still read. */
        CHECK_NEAR(study.missing_share[PC_MAP_STRESS_AC], 0.037, 0.004);
        long n_missing = 0, black = 0, outside = 0, left_matched = 0;
        for (int y = 0; missing && y < 150; y++)
            for (int x = 0; x < 150; x++) {
                size_t i = (size_t)y * 150 + (size_t)x;
                if (missing[i]) {
                    const uint8_t *p = pixel(tile, x, y);
                    n_missing++;
                    black += p[0] == 0 && p[1] == 0 && p[2] == 0;
                    outside += c->state[i] == PC_PIXEL_OUTSIDE;
                } else if (x < 30) {
                    left_matched += c->state[i] == PC_PIXEL_MATCHED;   /* the visible part still counts */
                }
            }
        CHECK(n_missing > 500);
        CHECK_INT(black, n_missing);
        CHECK_INT(outside, n_missing);
        CHECK(left_matched > 200);
        CHECK(c->unmatched_fraction < 0.05);
        pc_study_free(&study);
    }
    pc_ctx_free(ctx);
}

/* stb_image_write declares this without a header prototype. */
unsigned char *stbi_zlib_compress(unsigned char *data, int data_len, int *out_len, int quality);

static void test_bad_files(void)
{
    pc_ctx *ctx = pc_ctx_create();
    /* Missing file: the reader names it. */
    uint8_t *bytes = NULL;
    size_t size = 0;
    CHECK_INT(pc_file_read(ctx, "no/such/stress_ac.png", 1 << 20, &bytes, &size), PC_STATUS_NOT_FOUND);
    CHECK_MESSAGE(ctx, "no/such/stress_ac.png");
    /* 1 x 1 image: decodes, then "too small" from the disc finder. */
    pc_image dot = {0};
    pc_image_create(NULL, 1, 1, &dot);
    uint8_t *png = NULL;
    pc_image_encode_png(NULL, &dot, &png, &size);
    pc_image decoded = {0};
    CHECK_INT(pc_image_decode(ctx, png, size, "dot.png", &decoded), PC_STATUS_OK);
    pc_image tile = {0};
    CHECK_INT(pc_map_tile(ctx, &decoded, "dot.png", 150, &tile, NULL), PC_STATUS_NOT_FOUND);
    CHECK_MESSAGE(ctx, "dot.png: no polar map found: 1 x 1 pixels is too small");
    free(png);
    pc_image_free(&decoded);
    pc_image_free(&dot);
    /* A 16-bit PNG (built by hand) is refused at decoding with the reason. */
    uint8_t raw[1 + 4 * 6 * 2 * 4];
    memset(raw, 0, sizeof raw);
    int zlen = 0;
    uint8_t *z = stbi_zlib_compress(raw, (int)sizeof raw, &zlen, 6);
    uint8_t file[256];
    size_t n = 0;
    const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    memcpy(file, sig, 8);
    n = 8;
    const uint8_t ihdr[13] = {0, 0, 0, 4, 0, 0, 0, 4, 16, 2, 0, 0, 0};
    const struct { const char *type; const uint8_t *data; uint32_t len; } chunks[3] = {
        {"IHDR", ihdr, 13}, {"IDAT", z, (uint32_t)zlen}, {"IEND", NULL, 0}};
    for (int k = 0; k < 3; k++) {
        uint32_t len = chunks[k].len;
        file[n++] = (uint8_t)(len >> 24), file[n++] = (uint8_t)(len >> 16), file[n++] = (uint8_t)(len >> 8),
        file[n++] = (uint8_t)len;
        size_t start = n;
        memcpy(file + n, chunks[k].type, 4);
        n += 4;
        if (len) memcpy(file + n, chunks[k].data, len);
        n += len;
        uint32_t crc = 0xFFFFFFFFu;
        for (size_t i = start; i < n; i++) {
            crc ^= file[i];
            for (int b = 0; b < 8; b++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
        crc ^= 0xFFFFFFFFu;
        file[n++] = (uint8_t)(crc >> 24), file[n++] = (uint8_t)(crc >> 16), file[n++] = (uint8_t)(crc >> 8),
        file[n++] = (uint8_t)crc;
    }
    free(z);
    CHECK_INT(pc_image_decode(ctx, file, n, "deep.png", &decoded), PC_STATUS_UNSUPPORTED);
    CHECK_MESSAGE(ctx, "deep.png: 16-bit PNG is not supported");
    pc_ctx_free(ctx);
}

int main(void)
{
    pc_inverter *inv = NULL;
    CHECK_INT(pc_inverter_create(NULL, &inv), PC_STATUS_OK);
    if (!inv) return check_finish("test_preprocess");
    test_lut_matches_reference();
    test_median_matches_reference();
    test_roundtrip_every_table(inv);
    test_detect_normal_maps(inv);
    test_overlays_and_refusal(inv);
    test_tile_and_rotation(inv);
    test_study_pipeline(inv);
    test_cut_disc(inv);
    test_bad_files();
    pc_inverter_free(inv);
    return check_finish("test_preprocess");
}
