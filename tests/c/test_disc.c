/* test_disc.c: finding the disc in generated captures: random size (80-2000 px across),
 * position, background colour, labels, colour bar, grid and text overlays, JPEG quality
 * down to 60, tight crops; the centre and the radius must be within 2% of the radius.
 * Also: images with no polar map get a clear "no polar map found" naming the file. */
#include "check.h"
#include "polar_fixture.h"
/* internal headers: this test checks the steps themselves */
#include "base/rng.h"
#include "preprocess/disc.h"

/* Backgrounds seen in exports and viewers, then random ones. */
static const uint8_t plain_backgrounds[][3] = {
    {0, 0, 0}, {255, 255, 255}, {128, 128, 128}, {32, 32, 48}, {0, 0, 96}, {200, 208, 216}, {64, 64, 64},
};

/* The smallest RGB distance from a colour to the part of a table a normal map uses. */
static int distance_to_table(pc_colormap table, const uint8_t c[3])
{
    uint8_t t[256][3];
    pc_colormap_table(table, t);
    int best = 1 << 30;
    for (int i = 40; i < 256; i++) {
        int d = 0;
        for (int k = 0; k < 3; k++) {
            int e = abs(c[k] - t[i][k]);
            if (e > d) d = e;
        }
        if (d < best) best = d;
    }
    return best;
}

static int run_case(int index, pc_rng *rng, double diameter, int tight, int quality)
{
    fx_map map;
    fx_map_normal(&map, (pc_ring_layout)pc_rng_below(rng, 2), pc_rng_u32(rng), 4.0);
    /* Sometimes a severe defect at the rim, the hard case for dark backgrounds. */
    if (pc_rng_below(rng, 2)) map.defect_value[3] = 20.0 + 20.0 * pc_rng_uniform(rng);
    fx_capture s;
    memset(&s, 0, sizeof s);
    s.table = (pc_colormap)pc_rng_below(rng, PC_COLORMAP_COUNT);
    s.radius = diameter / 2.0;
    if (tight) {
        s.width = s.height = (int)ceil(diameter);
        s.cx = s.cy = diameter / 2.0;
    } else {
        double margin = 0.15 * diameter + 40;
        s.width = (int)(diameter + 2 * margin + pc_rng_uniform(rng) * diameter * 0.8);
        s.height = (int)(diameter + 2 * margin + pc_rng_uniform(rng) * diameter * 0.3);
        s.cx = margin + s.radius + pc_rng_uniform(rng) * (s.width - 2 * margin - diameter);
        s.cy = margin + s.radius + pc_rng_uniform(rng) * (s.height - 2 * margin - diameter);
        s.labels = pc_rng_below(rng, 3) != 0;
        s.colour_bar = pc_rng_below(rng, 2);
        s.grid = pc_rng_below(rng, 3) == 0;
        s.score_text = pc_rng_below(rng, 3) == 0;
    }
    /* Background: a common one, or a random colour that is not itself a map colour. */
    do {
        if (pc_rng_below(rng, 2)) {
            memcpy(s.bg, plain_backgrounds[pc_rng_below(rng, 7)], 3);
        } else {
            for (int k = 0; k < 3; k++) s.bg[k] = (uint8_t)pc_rng_below(rng, 256);
        }
    } while (distance_to_table(s.table, s.bg) < 48);
    int light = s.bg[0] + s.bg[1] + s.bg[2] > 384;
    memset(s.ink, light ? 0 : 255, 3);
    pc_image img = fx_render(&s, fx_map_counts, &map);
    pc_image coded = fx_jpeg_roundtrip(&img, quality);
    pc_ctx *ctx = pc_ctx_create();
    pc_disc_fit fit;
    memset(&fit, 0, sizeof fit);
    pc_status status = pc_disc_find(ctx, &coded, "capture.jpg", &fit);
    double tol = 0.02 * s.radius;
    double dc = hypot(fit.disc.cx - s.cx, fit.disc.cy - s.cy), dr = fabs(fit.disc.radius - s.radius);
    int ok = status == PC_STATUS_OK && dc <= tol && dr <= tol;
    if (!ok || getenv("PC_TEST_VERBOSE"))
        fprintf(stderr,
                "case %d: %dx%d disc (%.1f, %.1f) r %.1f, %s, bg %d,%d,%d, q %d%s%s%s%s%s -> %s (%.2f, %.2f) r %.2f: "
                "centre off %.2f px, radius off %.2f px (limit %.2f), edges %.2f, fill %.2f\n",
                index, s.width, s.height, s.cx, s.cy, s.radius, pc_colormap_name(s.table), s.bg[0], s.bg[1],
                s.bg[2], quality, tight ? " tight" : "", s.labels ? " labels" : "", s.colour_bar ? " bar" : "",
                s.grid ? " grid" : "", s.score_text ? " text" : "",
                status ? pc_ctx_last_error(ctx) : "found", fit.disc.cx, fit.disc.cy, fit.disc.radius, dc, dr, tol,
                fit.edge_agreement, fit.fill);
    pc_ctx_free(ctx);
    pc_image_free(&img);
    pc_image_free(&coded);
    return ok;
}

static void test_random_captures(int count, double max_diameter)
{
    pc_rng rng;
    pc_rng_seed(&rng, 4, 1);
    int failures = 0;
    for (int i = 0; i < count; i++) {
        /* Log-uniform diameter; every fourth case a tight crop; JPEG 60..95 or PNG. */
        double diameter = 80.0 * pow(max_diameter / 80.0, pc_rng_uniform(&rng));
        int tight = i % 4 == 3;
        int quality = pc_rng_below(&rng, 5) == 0 ? 0 : 60 + (int)pc_rng_below(&rng, 36);
        failures += !run_case(i, &rng, diameter, tight, quality);
    }
    CHECK_INT(failures, 0);
    /* The extremes of the range: 80 px at JPEG 60, loose and as a tight crop; 2000 px
     * in the longer sweep only (rendering it takes seconds under the sanitizers). */
    CHECK(run_case(1000, &rng, 80.0, 0, 60));
    CHECK(run_case(1001, &rng, 80.0, 1, 60));
    if (max_diameter >= 2000.0) CHECK(run_case(1002, &rng, 2000.0, 0, 60));
}

static void expect_no_map(const pc_image *img, const char *name, const char *fragment)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_disc_fit fit;
    pc_status status = pc_disc_find(ctx, img, name, &fit);
    CHECK_INT(status, PC_STATUS_NOT_FOUND);
    CHECK_MESSAGE(ctx, name);
    CHECK_MESSAGE(ctx, fragment);
    pc_ctx_free(ctx);
}

static void test_no_map(void)
{
    pc_rng rng;
    pc_rng_seed(&rng, 9, 2);
    /* Blank and grey images. */
    pc_image img = {0};
    pc_image_create(NULL, 640, 480, &img);
    expect_no_map(&img, "blank.png", "no polar map found");
    memset(img.rgb, 128, (size_t)640 * 480 * 3);
    expect_no_map(&img, "grey.png", "no polar map found");
    /* A grey gradient with noise ("a grey photo"). */
    for (int y = 0; y < 480; y++)
        for (int x = 0; x < 640; x++)
            memset(img.rgb + ((size_t)y * 640 + x) * 3, (x + y) / 5 + (int)pc_rng_below(&rng, 40), 3);
    expect_no_map(&img, "grey-photo.jpg", "no polar map found");
    /* A "photo": smooth colour blobs and noise everywhere. */
    for (int y = 0; y < 480; y++)
        for (int x = 0; x < 640; x++) {
            uint8_t *p = img.rgb + ((size_t)y * 640 + x) * 3;
            p[0] = (uint8_t)(128 + 100 * sin(x / 37.0) + pc_rng_below(&rng, 20));
            p[1] = (uint8_t)(128 + 90 * cos(y / 23.0 + x / 51.0));
            p[2] = (uint8_t)(100 + 80 * sin((x + y) / 61.0) + pc_rng_below(&rng, 30));
        }
    expect_no_map(&img, "holiday.jpg", "no uniform background");
    /* A bar chart on white. */
    memset(img.rgb, 255, (size_t)640 * 480 * 3);
    for (int b = 0; b < 6; b++) {
        int h = 60 + 50 * b % 300, x0 = 60 + 90 * b;
        for (int y = 440 - h; y < 440; y++)
            for (int x = x0; x < x0 + 60; x++) {
                uint8_t *p = img.rgb + ((size_t)y * 640 + x) * 3;
                p[0] = 40, p[1] = (uint8_t)(80 + 25 * b), p[2] = 200;
            }
    }
    for (int x = 40; x < 620; x++) memset(img.rgb + ((size_t)440 * 640 + x) * 3, 0, 3);
    expect_no_map(&img, "chart.png", "no polar map found");
    /* A square of map colours is not a disc. */
    memset(img.rgb, 0, (size_t)640 * 480 * 3);
    for (int y = 100; y < 400; y++)
        for (int x = 150; x < 450; x++) {
            uint8_t *p = img.rgb + ((size_t)y * 640 + x) * 3;
            p[0] = 220, p[1] = (uint8_t)(y / 2), p[2] = 20;
        }
    expect_no_map(&img, "square.png", "not a disc");
    /* A ring (an outline) is not a map. */
    memset(img.rgb, 0, (size_t)640 * 480 * 3);
    for (int y = 0; y < 480; y++)
        for (int x = 0; x < 640; x++) {
            double r = hypot(x + 0.5 - 320, y + 0.5 - 240);
            if (r > 140 && r < 150) memset(img.rgb + ((size_t)y * 640 + x) * 3, 200, 3);
        }
    expect_no_map(&img, "ring.png", "no polar map found");
    pc_image_free(&img);
    /* Too small to hold a map: 1 x 1 and 40 x 40. */
    pc_image tiny = {0};
    pc_image_create(NULL, 1, 1, &tiny);
    expect_no_map(&tiny, "dot.png", "too small");
    pc_image_free(&tiny);
    pc_image_create(NULL, 40, 40, &tiny);
    expect_no_map(&tiny, "icon.png", "too small");
    pc_image_free(&tiny);
    /* A disc smaller than 64 px in a big image. */
    fx_map map;
    fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 1, 3.0);
    fx_capture s;
    memset(&s, 0, sizeof s);
    s.width = 400, s.height = 300, s.cx = 200, s.cy = 150, s.radius = 20, s.table = PC_COLORMAP_THERMAL;
    pc_image small = fx_render(&s, fx_map_counts, &map);
    expect_no_map(&small, "thumbnail.png", "no polar map found");
    pc_image_free(&small);
}

static void test_panel(void)
{
    /* The map on its own black canvas inside a grey window: found inside the panel. */
    fx_map map;
    fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 3, 3.0);
    fx_capture s;
    memset(&s, 0, sizeof s);
    s.width = 900, s.height = 700, s.cx = 420.3, s.cy = 360.7, s.radius = 180, s.table = PC_COLORMAP_COOL;
    memset(s.bg, 0, 3);
    pc_image img = fx_render(&s, fx_map_counts, &map);
    for (int y = 0; y < 700; y++)
        for (int x = 0; x < 900; x++)
            if (x < 200 || x >= 640 || y < 140 || y >= 580) memset(img.rgb + ((size_t)y * 900 + x) * 3, 190, 3);
    pc_ctx *ctx = pc_ctx_create();
    pc_disc_fit fit;
    CHECK_INT(pc_disc_find(ctx, &img, "panel.png", &fit), PC_STATUS_OK);
    CHECK_NEAR(fit.disc.cx, 420.3, 0.02 * 180);
    CHECK_NEAR(fit.disc.cy, 360.7, 0.02 * 180);
    CHECK_NEAR(fit.disc.radius, 180, 0.02 * 180);
    pc_ctx_free(ctx);
    pc_image_free(&img);
}

int main(int argc, char **argv)
{
    /* `test_disc many` runs a longer sweep (the slow variant). */
    int many = argc > 1 && strcmp(argv[1], "many") == 0;
    test_random_captures(many ? 120 : 32, many ? 2000.0 : 600.0);
    test_no_map();
    test_panel();
    return check_finish(many ? "test_disc many" : "test_disc");
}
