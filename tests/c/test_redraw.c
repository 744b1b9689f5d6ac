/* test_redraw.c: maps drawn again in another colour table (preprocess/redraw.h) and the
 * predictor's choice of the table its network sees (explain/predict.h):
 *   - the result is, pixel for pixel, what the brute-force nearest entry (image/colormap.h's
 *     reference) gives, tolerance, overlays, the cut-off part and the outside included;
 *   - a map drawn in any table and redrawn in cool is the same map drawn in cool directly,
 *     up to the tables' resolution (PNG) or JPEG's noise;
 *   - the predictor redraws only when the model names tables and the study's is not one. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "polar_fixture.h"
/* internal headers: this test checks the step itself */
#include "explain/predict.h"
#include "polar/geometry.h"
#include "preprocess/redraw.h"

/* A study holding one tile (stress AC), in `table`; missing may be NULL. Tiles are owned by
 * the caller: only the struct is filled. */
static pc_study one_map_study(const pc_image *tile, pc_colormap table, uint8_t *missing)
{
    pc_study s;
    memset(&s, 0, sizeof s);
    s.present[PC_MAP_STRESS_AC] = 1;
    s.tile[PC_MAP_STRESS_AC] = *tile;
    s.missing[PC_MAP_STRESS_AC] = missing;
    s.table = table;
    return s;
}

static int in_disc(int n, int x, int y)
{
    pc_disc d = pc_disc_of_tile(n);
    return pc_disc_contains_pixel(&d, x, y);
}

/* Against the reference: every pixel computed the slow way, with the same rules. */
static void test_matches_reference(void)
{
    fx_map map;
    fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 5u, 4.0);
    map.defect_value[6] = 30.0;
    pc_image drawn = fx_tile(150, PC_COLORMAP_THERMAL, fx_map_counts, &map);
    const uint8_t ink[3] = {0, 255, 0};
    fx_text(&drawn, 40, 70, 2, "SSS 12", ink);   /* an overlay in a colour of no table */
    pc_image tile = fx_jpeg_roundtrip(&drawn, 80);
    uint8_t *missing = calloc(150 * 150, 1);
    CHECK(missing != NULL);
    if (!missing) return;
    for (int y = 0; y < 150; y++)
        for (int x = 0; x < 20; x++) missing[y * 150 + x] = 1;   /* the left edge cut off */
    pc_study study = one_map_study(&tile, PC_COLORMAP_THERMAL, missing);
    pc_ctx *ctx = pc_ctx_create();
    pc_image out[PC_MAP_COUNT];
    CHECK_INT(pc_study_redraw_tiles(ctx, &study, PC_COLORMAP_COOL, out), PC_STATUS_OK);
    for (int m = 0; m < PC_MAP_COUNT; m++)
        if (m != PC_MAP_STRESS_AC) CHECK(out[m].rgb == NULL && out[m].width == 0);   /* absent maps stay absent */
    uint8_t from[256][3], to[256][3];
    pc_colormap_table(PC_COLORMAP_THERMAL, from);
    pc_colormap_table(PC_COLORMAP_COOL, to);
    pc_invert_options opt;
    pc_invert_options_default(&opt);
    long differ = 0, redrawn = 0, kept = 0;
    for (int y = 0; y < 150; y++)
        for (int x = 0; x < 150; x++) {
            const uint8_t *a = tile.rgb + 3 * (y * 150 + x);
            uint8_t want[3] = {a[0], a[1], a[2]};
            if (in_disc(150, x, y) && !missing[y * 150 + x]) {
                int d2;
                int i = pc_colormap_nearest(from, a[0], a[1], a[2], &d2);
                if (d2 <= opt.tolerance * opt.tolerance) memcpy(want, to[i], 3), redrawn++;
                else kept++;
            }
            differ += memcmp(want, out[PC_MAP_STRESS_AC].rgb + 3 * (y * 150 + x), 3) != 0;
        }
    CHECK_INT(differ, 0);
    CHECK(redrawn > 10000);   /* most of the disc */
    CHECK(kept > 50);         /* the green text */
    pc_image_free(&out[PC_MAP_STRESS_AC]);
    free(missing);
    pc_image_free(&tile);
    pc_image_free(&drawn);
    pc_ctx_free(ctx);
}

/* Drawn in table T, then redrawn in cool, against drawn in cool at once: the mean and 95th
 * percentile colour distance over the disc (the last few per cent are the sharp borders of
 * the hand-made defects, where JPEG rings most). */
static void test_redrawn_is_drawn(void)
{
    for (int t = 0; t < PC_COLORMAP_COUNT; t++)
        for (int q = 0; q <= 90; q += 90) {
            fx_map map;
            fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 11u + (unsigned)t, 4.0);
            map.defect_value[3] = 40.0;
            map.defect_value[12] = 55.0;
            pc_image drawn = fx_tile(150, (pc_colormap)t, fx_map_counts, &map);
            pc_image tile = fx_jpeg_roundtrip(&drawn, q);
            pc_image cool = fx_tile(150, PC_COLORMAP_COOL, fx_map_counts, &map);
            pc_study study = one_map_study(&tile, (pc_colormap)t, NULL);
            pc_image out[PC_MAP_COUNT];
            CHECK_INT(pc_study_redraw_tiles(NULL, &study, PC_COLORMAP_COOL, out), PC_STATUS_OK);
            long hist[443] = {0}, n = 0;
            double sum = 0;
            for (int y = 0; y < 150; y++)
                for (int x = 0; x < 150; x++) {
                    if (!in_disc(150, x, y)) {
                        /* outside the disc: untouched (black in both) */
                        CHECK(memcmp(out[PC_MAP_STRESS_AC].rgb + 3 * (y * 150 + x), tile.rgb + 3 * (y * 150 + x), 3) == 0);
                        continue;
                    }
                    const uint8_t *a = out[PC_MAP_STRESS_AC].rgb + 3 * (y * 150 + x), *b = cool.rgb + 3 * (y * 150 + x);
                    int d2 = 0;
                    for (int c = 0; c < 3; c++) d2 += (a[c] - b[c]) * (a[c] - b[c]);
                    int d = 0;
                    while ((d + 1) * (d + 1) <= d2) d++;
                    hist[d]++, n++, sum += d;
                }
            long below = 0;
            int p95 = 0;
            while (p95 < 442 && (below += hist[p95]) < n * 95 / 100) p95++;
            double mean = sum / (double)n;
            /* PNG: the same colours but for a step of cool at the table's own resolution
             * (measured: mean 0.1-1.6, 95% exact); JPEG 90 adds its noise, about as much in
             * every table as in cool itself (mean 4.5-6.8, 95th percentile 19-29). */
            double mean_limit = q ? 8.0 : 2.0;
            int p95_limit = q ? 36 : 2;
            if (getenv("PC_TEST_VERBOSE") || mean > mean_limit || p95 > p95_limit)
                fprintf(stderr, "%-8s q %2d: mean distance %.2f, 95th percentile %d\n",
                        pc_colormap_name((pc_colormap)t), q, mean, p95);
            CHECK(mean <= mean_limit);
            CHECK(p95 <= p95_limit);
            pc_image_free(&out[PC_MAP_STRESS_AC]);
            pc_image_free(&cool);
            pc_image_free(&tile);
            pc_image_free(&drawn);
        }
}

static void test_network_table(void)
{
    pc_image tile = fx_tile(64, PC_COLORMAP_GRAY, fx_map_counts, &(fx_map){0});
    pc_study study = one_map_study(&tile, PC_COLORMAP_GRAY, NULL);
    pc_predictor p;
    memset(&p, 0, sizeof p);
    p.redraw = 1;
    p.colormaps = 0;   /* the model does not say: nothing is redrawn, nothing warned */
    CHECK_INT(pc_predictor_network_table(&p, &study), PC_COLORMAP_GRAY);
    char warning[400];
    CHECK_INT(pc_predictor_table_warning(&p, &study, warning, sizeof warning), 0);
    p.colormaps = 1u << PC_COLORMAP_GRAY | 1u << PC_COLORMAP_COOL;   /* trained on this one too */
    CHECK_INT(pc_predictor_network_table(&p, &study), PC_COLORMAP_GRAY);
    CHECK_INT(pc_predictor_table_warning(&p, &study, warning, sizeof warning), 0);
    p.colormaps = 1u << PC_COLORMAP_SPET | 1u << PC_COLORMAP_COOL;   /* the first it names, in enum order */
    pc_colormap first = PC_COLORMAP_COOL < PC_COLORMAP_SPET ? PC_COLORMAP_COOL : PC_COLORMAP_SPET;
    CHECK_INT(pc_predictor_network_table(&p, &study), first);
    CHECK_INT(pc_predictor_table_warning(&p, &study, warning, sizeof warning), 1);
    CHECK(strstr(warning, "drawn again in") != NULL);
    p.redraw = 0;      /* turned off: read as it is, and the warning says what that means */
    CHECK_INT(pc_predictor_network_table(&p, &study), PC_COLORMAP_GRAY);
    CHECK_INT(pc_predictor_table_warning(&p, &study, warning, sizeof warning), 1);
    CHECK(strstr(warning, "may mean nothing") != NULL);
    pc_image_free(&tile);
}

int main(void)
{
    test_matches_reference();
    test_redrawn_is_drawn();
    test_network_table();
    return check_finish("test_redraw");
}
