/* test_synth_capture.c: the generator's capture layouts (synth --capture, capture.c):
 * what each draws and records in its placement, and that the disc finder reads them
 * (single maps within 2% of the truth; pairs and quads refused as several maps and read
 * in full by pc_disc_find_all). The wide measurement is scripts/measure-detection. */
#include "check.h"
#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "preprocess/disc.h"
#include "synth/synth.h"

static int close_to(const pc_disc *a, const pc_disc *b)
{
    double tol = 0.02 * b->radius;
    return hypot(a->cx - b->cx, a->cy - b->cy) <= tol && fabs(a->radius - b->radius) <= tol;
}

static void test_layout(pc_synth_capture kind, int expect_discs)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_synth_options opt;
    pc_synth_options_default(&opt);
    opt.cases = 2;
    opt.seed = 7;
    opt.size = 200;
    opt.style = PC_SYNTH_STYLE_SCREENSHOT;
    opt.capture = kind;
    opt.colormap = PC_COLORMAP_COOL;
    pc_synth_plan *plan = NULL;
    CHECK_INT(pc_synth_plan_create(ctx, &opt, &plan), PC_STATUS_OK);
    if (!plan) { pc_ctx_free(ctx); return; }
    uint8_t table[256][3];
    pc_colormap_table(PC_COLORMAP_COOL, table);
    int clipped = 0, cut_read = 0, cut_wrong = 0;
    for (int i = 0; i < opt.cases; i++) {
        pc_synth_patient p;
        pc_synth_patient_sample(plan, i, &p);
        pc_synth_study s = {0};
        CHECK_INT(pc_synth_study_render(ctx, plan, &p, &s), PC_STATUS_OK);
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            const pc_synth_placement *pl = &s.placement[m];
            const pc_image *img = &s.maps[m];
            CHECK_INT(pl->capture, kind);
            CHECK_INT(pl->discs, expect_discs);
            CHECK(img->width == pl->width && img->height == pl->height && img->width >= 640);
            CHECK(pl->disc[pl->own].cx == pl->cx && pl->disc[pl->own].radius == pl->radius);
            if (kind == PC_SYNTH_CAPTURE_SMALL) CHECK_NEAR(pl->radius, 50.0, 1e-9);
            clipped += pl->clipped;
            /* each disc shows table colours inside (small: averaged, so only near) */
            for (int k = 0; k < pl->discs; k++) {
                int x = (int)(pl->disc[k].cx + 0.3 * pl->disc[k].radius), y = (int)pl->disc[k].cy;
                if (x < 0 || x >= img->width || y < 0 || y >= img->height) continue;
                const uint8_t *px = img->rgb + ((size_t)y * img->width + x) * 3;
                int d2 = -1;
                pc_colormap_nearest(table, px[0], px[1], px[2], &d2);
                CHECK(d2 <= (kind == PC_SYNTH_CAPTURE_SMALL ? 300 : 0));
            }
            /* the finder reads it */
            pc_disc_fit fit;
            pc_status st = pc_disc_find(ctx, img, "capture.png", &fit);
            pc_disc truth = {pl->cx, pl->cy, pl->radius};
            if (kind == PC_SYNTH_CAPTURE_CUT) {
                /* a map cut off by the window edge is read from its visible rim */
                if (st == PC_STATUS_OK) cut_read += close_to(&fit.disc, &truth), cut_wrong += !close_to(&fit.disc, &truth);
                else fprintf(stderr, "cut: %s\n", pc_ctx_last_error(ctx));
            } else if (expect_discs == 1) {
                CHECK_INT(st, PC_STATUS_OK);
                if (st == PC_STATUS_OK) CHECK(close_to(&fit.disc, &truth));
                if (st) fprintf(stderr, "%s: %s\n", pc_synth_capture_name(kind), pc_ctx_last_error(ctx));
            } else {
                CHECK_INT(st, PC_STATUS_UNSUPPORTED);
                CHECK_MESSAGE(ctx, "polar maps of about the same size");
                CHECK_MESSAGE(ctx, "one map per file");
                pc_disc_fit all[8];
                int n = 0;
                CHECK_INT(pc_disc_find_all(ctx, img, "capture.png", 8, all, &n), PC_STATUS_OK);
                CHECK_INT(n, expect_discs);
                for (int k = 0; k < n && k < pl->discs; k++) CHECK(close_to(&all[k].disc, &pl->disc[k]));
            }
        }
        pc_synth_study_free(&s);
    }
    if (kind == PC_SYNTH_CAPTURE_CUT) {
        CHECK(clipped == 2 * PC_MAP_COUNT);
        CHECK_INT(cut_read, 2 * PC_MAP_COUNT);
        CHECK_INT(cut_wrong, 0);
    }
    pc_synth_plan_free(plan);
    pc_ctx_free(ctx);
}

/* Captures that the finder once read wrongly or refused, exactly as scripts/measure-detection
 * renders and encodes them (its seed + layout, 75 studies, mixed tables and ring layouts,
 * PNG or JPEG 75 alternating, small JPEG 60), by seed, layout, case and map. Each must be read within 2%
 * (pair, quad: refused by pc_disc_find as several maps, all read by pc_disc_find_all). */
typedef struct regression {
    int seed, capture, index;   /* index = case number - 1 */
    pc_map map;
    const char *was;            /* what went wrong before */
} regression;

static const regression regressions[] = {
    {13, PC_SYNTH_CAPTURE_CUT, 11, PC_MAP_STRESS_AC, "refused: canvas cut by the window edge trimmed away"},
    {13, PC_SYNTH_CAPTURE_CUT, 3, PC_MAP_REST_NAC, "refused: gray on light grey, the cut disc hid the second pass"},
    {13, PC_SYNTH_CAPTURE_CUT, 50, PC_MAP_STRESS_NAC, "refused: gray on a dark canvas cut by the edge"},
    {13, PC_SYNTH_CAPTURE_QUAD, 8, PC_MAP_STRESS_AC, "one of four maps returned (gray on black canvases)"},
    {13, PC_SYNTH_CAPTURE_QUAD, 39, PC_MAP_REST_AC, "a canvas fragment found instead of a map"},
    {13, PC_SYNTH_CAPTURE_QUAD, 32, PC_MAP_STRESS_NAC, "a 37 px canvas corner returned as the only map"},
    {13, PC_SYNTH_CAPTURE_PAIR, 51, PC_MAP_REST_NAC, "one of two maps returned"},
    {13, PC_SYNTH_CAPTURE_SMALL, 71, PC_MAP_STRESS_AC, "2.9% too large: the square canvas read as a circle"},
    {13, PC_SYNTH_CAPTURE_SMALL, 28, PC_MAP_STRESS_NAC, "2.7% too large: the square canvas read as a circle"},
    {13, PC_SYNTH_CAPTURE_SMALL, 9, PC_MAP_REST_NAC, "2.6% too large: the square canvas read as a circle"},
    {13, PC_SYNTH_CAPTURE_SLIDE, 23, PC_MAP_STRESS_AC, "a 49 px shaded patch inside a gray map returned"},
    {13, PC_SYNTH_CAPTURE_SLIDE, 23, PC_MAP_REST_NAC, "refused: a shaded patch inside a gray map was read"},
};

static void test_regressions(void)
{
    pc_ctx *ctx = pc_ctx_create();
    for (size_t r = 0; r < sizeof regressions / sizeof regressions[0]; r++) {
        const regression *g = &regressions[r];
        pc_synth_options opt;
        pc_synth_options_default(&opt);
        opt.cases = 75;
        opt.seed = (uint64_t)(g->seed + g->capture);
        opt.style = PC_SYNTH_STYLE_SCREENSHOT;
        opt.capture = g->capture;
        opt.colormap = PC_SYNTH_MIXED;
        opt.layout = PC_SYNTH_MIXED;
        pc_synth_plan *plan = NULL;
        CHECK_INT(pc_synth_plan_create(ctx, &opt, &plan), PC_STATUS_OK);
        if (!plan) continue;
        pc_synth_patient p;
        pc_synth_patient_sample(plan, g->index, &p);
        pc_synth_study s = {0};
        CHECK_INT(pc_synth_study_render(ctx, plan, &p, &s), PC_STATUS_OK);
        int quality = g->capture == PC_SYNTH_CAPTURE_SMALL ? 60 : (g->index + (int)g->map) % 2 ? 75 : 0;
        uint8_t *bytes = NULL;
        size_t size = 0;
        pc_image img = {0};
        pc_status st = quality ? pc_image_encode_jpeg(ctx, &s.maps[g->map], quality, &bytes, &size)
                               : pc_image_encode_png(ctx, &s.maps[g->map], &bytes, &size);
        if (!st) st = pc_image_decode(ctx, bytes, size, "capture", &img);
        CHECK_INT(st, PC_STATUS_OK);
        const pc_synth_placement *pl = &s.placement[g->map];
        int ok = 0;
        if (!st && pl->discs == 1) {
            pc_disc_fit fit;
            pc_disc truth = {pl->cx, pl->cy, pl->radius};
            ok = pc_disc_find(ctx, &img, "capture.png", &fit) == PC_STATUS_OK && close_to(&fit.disc, &truth);
        } else if (!st) {
            pc_disc_fit all[8];
            int n = 0;
            ok = pc_disc_find(ctx, &img, "capture.png", all) == PC_STATUS_UNSUPPORTED &&
                 pc_disc_find_all(ctx, &img, "capture.png", 8, all, &n) == PC_STATUS_OK && n == pl->discs;
            for (int k = 0; ok && k < n; k++) ok = close_to(&all[k].disc, &pl->disc[k]);
        }
        if (!ok)
            fprintf(stderr, "regression seed %d %s %s/%s (was: %s): %s\n", g->seed, pc_synth_capture_name(g->capture),
                    p.case_id, pc_map_name(g->map), g->was, pc_ctx_last_error(ctx));
        CHECK(ok);
        free(bytes);
        pc_image_free(&img);
        pc_synth_study_free(&s);
        pc_synth_plan_free(plan);
    }
    pc_ctx_free(ctx);
}

static void test_options(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_synth_options opt;
    pc_synth_options_default(&opt);
    CHECK_INT(opt.capture, PC_SYNTH_CAPTURE_VIEWER);   /* the default screenshot is unchanged */
    opt.capture = PC_SYNTH_CAPTURE_QUAD;
    CHECK_INT(pc_synth_options_check(ctx, &opt), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "--capture quad needs --style screenshot");
    opt.style = PC_SYNTH_STYLE_SCREENSHOT;
    CHECK_INT(pc_synth_options_check(ctx, &opt), PC_STATUS_OK);
    opt.capture = 99;
    CHECK_INT(pc_synth_options_check(ctx, &opt), PC_STATUS_INVALID_ARGUMENT);
    int c = -5;
    CHECK(pc_synth_capture_parse("slide", &c) && c == PC_SYNTH_CAPTURE_SLIDE);
    CHECK(!pc_synth_capture_parse("poster", &c));
    CHECK(strcmp(pc_synth_capture_name(PC_SYNTH_MIXED), "mixed") == 0);
    pc_ctx_free(ctx);
}

int main(void)
{
    test_options();
    test_regressions();
    test_layout(PC_SYNTH_CAPTURE_PANEL, 1);
    test_layout(PC_SYNTH_CAPTURE_SLIDE, 1);
    test_layout(PC_SYNTH_CAPTURE_SMALL, 1);
    test_layout(PC_SYNTH_CAPTURE_CUT, 1);
    test_layout(PC_SYNTH_CAPTURE_PAIR, 2);
    test_layout(PC_SYNTH_CAPTURE_QUAD, 4);
    return check_finish("test_synth_capture");
}
