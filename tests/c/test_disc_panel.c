/* test_disc_panel.c: the map as an export draws it (the disc inscribed in its own square
 * canvas, touching all four sides) pasted into a screen capture, as users paste it into a viewer or a slide: a window of
 * white, #c8c8c8, #282830, black or a random flat colour, a line of text at the top,
 * "Apex Base" under the map, a thin colour bar of the map's own colours 20 px to its
 * right, sometimes a 1 px frame; canvases black, white or a flat colour; PNG and JPEG 75,
 * and maps scaled down to 100 px at JPEG 60.
 * Centre and radius must be within 2% of the radius. Built with polar_fixture only. */
#include "check.h"
#include "polar_fixture.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"
#include "preprocess/disc.h"

static void fill(pc_image *img, int x0, int y0, int w, int h, const uint8_t c[3])
{
    for (int y = y0 < 0 ? 0 : y0; y < y0 + h && y < img->height; y++)
        for (int x = x0 < 0 ? 0 : x0; x < x0 + w && x < img->width; x++) memcpy(img->rgb + ((size_t)y * img->width + x) * 3, c, 3);
}

/* One capture: window colour, canvas colour, the tile's side (0: 220-479 px at random);
 * returns 1 when the disc is found within 2%; *wrong_out (may be NULL) = 1 when a disc was
 * returned but not that one (a silent wrong answer, worse than a refusal). */
static int run_panel(int index, pc_rng *rng, const uint8_t window[3], const uint8_t canvas[3], int quality,
                     int tile_side, int *wrong_out)
{
    fx_map map;
    fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, pc_rng_u32(rng), 4.0);
    /* the exported tile: disc inscribed in its canvas */
    int side = tile_side ? tile_side : 220 + (int)pc_rng_below(rng, 260);
    fx_capture t;
    memset(&t, 0, sizeof t);
    t.width = t.height = side;
    t.cx = t.cy = t.radius = side / 2.0;
    memcpy(t.bg, canvas, 3);
    static const pc_colormap tables[] = {PC_COLORMAP_COOL, PC_COLORMAP_THERMAL, PC_COLORMAP_SPET, PC_COLORMAP_SIEMENS};
    t.table = tables[index % 4];
    pc_image tile = fx_render(&t, fx_map_counts, &map);
    /* the window */
    pc_image img = {0};
    int w = 1024 + (int)pc_rng_below(rng, 257), h = 768 + (int)pc_rng_below(rng, 33);
    pc_image_create(NULL, w, h, &img);
    fill(&img, 0, 0, w, h, window);
    int light = window[0] + window[1] + window[2] > 384;
    uint8_t ink[3];
    memset(ink, light ? 20 : 235, 3);
    int x0 = 40 + (int)pc_rng_below(rng, (uint32_t)(w - side - 120)), y0 = 50 + (int)pc_rng_below(rng, (uint32_t)(h - side - 90));
    for (int y = 0; y < side; y++) memcpy(img.rgb + ((size_t)(y0 + y) * w + x0) * 3, tile.rgb + (size_t)y * side * 3, (size_t)side * 3);
    if (index % 3 == 0) {
        static const uint8_t grey[3] = {128, 128, 128};
        fill(&img, x0 - 1, y0 - 1, side + 2, 1, grey);
        fill(&img, x0 - 1, y0 + side, side + 2, 1, grey);
        fill(&img, x0 - 1, y0, 1, side, grey);
        fill(&img, x0 + side, y0, 1, side, grey);
    }
    /* colour bar 20 px to the right, sampled from the map's own colours (its centre column) */
    for (int y = 0; y < side; y++) {
        int ty = (int)(side * 0.1 + 0.8 * side * y / side);
        fill(&img, x0 + side + 20, y0 + y, 8, 1, tile.rgb + ((size_t)ty * side + side / 2) * 3);
    }
    fx_text(&img, 12, 12, 2, "PATIENT SYNTH 0042  STRESS AC", ink);
    fx_text(&img, x0 + side / 2 - 55, y0 + side + 8, 2, "Apex Base", ink);
    pc_image coded = fx_jpeg_roundtrip(&img, quality);
    pc_ctx *ctx = pc_ctx_create();
    pc_disc_fit fit;
    memset(&fit, 0, sizeof fit);
    pc_status status = pc_disc_find(ctx, &coded, "capture.png", &fit);
    double cx = x0 + side / 2.0, cy = y0 + side / 2.0, r = side / 2.0, tol = 0.02 * r;
    int ok = status == PC_STATUS_OK && hypot(fit.disc.cx - cx, fit.disc.cy - cy) <= tol && fabs(fit.disc.radius - r) <= tol;
    if (wrong_out) *wrong_out = status == PC_STATUS_OK && !ok;
    if (!ok || getenv("PC_TEST_VERBOSE"))
        fprintf(stderr, "panel %d: window %d,%d,%d canvas %d,%d,%d side %d q %d -> %s (%.1f, %.1f) r %.1f, true (%.1f, %.1f) r %.1f\n",
                index, window[0], window[1], window[2], canvas[0], canvas[1], canvas[2], side, quality,
                status ? pc_ctx_last_error(ctx) : "found", fit.disc.cx, fit.disc.cy, fit.disc.radius, cx, cy, r);
    pc_ctx_free(ctx);
    pc_image_free(&coded);
    pc_image_free(&img);
    pc_image_free(&tile);
    return ok;
}

int main(void)
{
    pc_rng rng;
    pc_rng_seed(&rng, 13, 1);
    static const uint8_t windows[][3] = {{255, 255, 255}, {200, 200, 200}, {40, 40, 48}, {0, 0, 0}};
    static const uint8_t canvases[][3] = {{0, 0, 0}, {255, 255, 255}, {0, 0, 0}, {60, 30, 90}};
    int failures = 0, index = 0;
    /* every window colour with every canvas colour, PNG and JPEG 75 */
    for (int wi = 0; wi < 4; wi++)
        for (int ci = 0; ci < 4; ci++) {
            if (memcmp(windows[wi], canvases[ci], 3) == 0) continue;   /* no panel to see: the plain case */
            failures += !run_panel(index, &rng, windows[wi], canvases[ci], index % 2 ? 75 : 0, 0, NULL);
            index++;
        }
    /* random flat window colours around a black canvas */
    for (int k = 0; k < 6; k++) {
        uint8_t window[3] = {(uint8_t)(60 + pc_rng_below(&rng, 196)), (uint8_t)(60 + pc_rng_below(&rng, 196)),
                             (uint8_t)(60 + pc_rng_below(&rng, 196))};
        static const uint8_t black[3] = {0, 0, 0};
        failures += !run_panel(index, &rng, window, black, k % 2 ? 75 : 0, 0, NULL);
        index++;
    }
    CHECK_INT(failures, 0);
    /* A map scaled down to 100 px and saved as JPEG 60 on every window and canvas colour:
     * against the window the whole square canvas stands out, and the circle through the
     * middles of its sides agrees with 40% of the rays within the 1.5 px tolerance; it was
     * returned as the map, 2-3% too large, before a weak fit's square was
     * searched as a canvas. None may be wrong; one is refused (the dark purple canvas on a
     * black window, its label and colour bar merged into the shape: docs/semiquant.md
     * 1.1.1), the other 25 are read. */
    int small_read = 0, small_wrong = 0, small_total = 0;
    for (int wi = 0; wi < 4; wi++)
        for (int ci = 0; ci < 4; ci++) {
            if (memcmp(windows[wi], canvases[ci], 3) == 0) continue;
            for (int k = 0; k < 2; k++, index++) {
                int wrong = 0;
                small_read += run_panel(index, &rng, windows[wi], canvases[ci], 60, 100, &wrong);
                small_wrong += wrong;
                small_total++;
            }
        }
    CHECK_INT(small_total, 26);
    CHECK_INT(small_wrong, 0);
    CHECK(small_read >= 25);
    return check_finish("test_disc_panel");
}
