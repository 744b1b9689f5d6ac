/* overlay.c: the picture of one map's Grad-CAM heat for a human reader (gradcam.h).
 *
 *   +------------------------------------------------------+
 *   | LABEL                                                |
 *   |  [the tile as the network saw it] [grey tile + heat] |
 *   |                                   [colour bar 0..max]|
 *   +------------------------------------------------------+
 *
 * The polar map itself is drawn in a clinical colour table (often a "hot" one), so the
 * heat goes over a grey copy of the tile, never over the colours: two colour scales on one
 * disc cannot be read. The heat's scale is inferno (Smith & van der Walt, matplotlib):
 * sequential, readable in grey and by colour-blind readers, and unlike every clinical MPI
 * table (docs/domain.md 5.1), and the territory lines are light blue, a hue inferno lacks. Alpha grows with the square root of the heat so weak evidence
 * still shows faintly. Territory boundaries (AHA, polar/geometry.h) are drawn thin and
 * labelled. The 5x7 font is the generator's (synth/model.h), the one font in the core. */
#include <math.h>
#include <string.h>

#include "../synth/model.h"
#include "gradcam.h"

/* Inferno, 9 anchors at equal steps (matplotlib's _inferno_data at 0, 32, ..., 255). */
static const uint8_t inferno[9][3] = {{0, 0, 4},      {31, 12, 72},   {85, 15, 109},  {136, 34, 106}, {186, 54, 85},
                                      {227, 89, 51},  {249, 140, 10}, {249, 201, 50}, {252, 255, 164}};

static void heat_colour(float h, uint8_t rgb[3])
{
    float f = h <= 0.0f ? 0.0f : h >= 1.0f ? 8.0f : h * 8.0f;
    int i = (int)f;
    if (i > 7) i = 7;
    float t = f - (float)i;
    for (int k = 0; k < 3; k++) rgb[k] = (uint8_t)lrintf((1.0f - t) * inferno[i][k] + t * inferno[i + 1][k]);
}

enum { MARGIN = 10, GAP = 12, BAR_H = 10 };
static const uint8_t background[3] = {24, 24, 24}, text_rgb[3] = {235, 235, 235},
                     shadow_rgb[3] = {0, 0, 0}, line_rgb[3] = {90, 200, 255};

static void put(pc_image *img, int x, int y, const uint8_t rgb[3])
{
    if (x < 0 || y < 0 || x >= img->width || y >= img->height) return;
    memcpy(img->rgb + ((size_t)y * (size_t)img->width + (size_t)x) * 3, rgb, 3);
}

/* Territory of tile pixel (x, y), or -1 outside the disc. */
static int territory_at(const pc_disc *disc, pc_ring_layout layout, int x, int y, int size)
{
    if (x < 0 || y < 0 || x >= size || y >= size) return -1;
    int seg = pc_segment_of_pixel(disc, layout, x, y);
    return seg ? (int)pc_segment_territory(seg) : -1;
}

pc_status pc_gradcam_overlay(pc_ctx *ctx, const pc_image *tile, const float *tile_heat, float max_heat,
                             pc_ring_layout layout, const char *label, int scale, pc_image *out)
{
    if (!tile || !tile->rgb || tile->width != tile->height || !tile_heat || scale < 1 || scale > 8)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "grad-cam overlay: needs a square tile, its heat and a "
                                                        "scale of 1..8");
    const int size = tile->width, side = size * scale, title_h = 2 * SYNTH_TEXT_HEIGHT + 2 * MARGIN;
    const int width = 2 * MARGIN + 2 * side + GAP;
    const int height = title_h + side + GAP + BAR_H + SYNTH_TEXT_HEIGHT + 2 * MARGIN;
    pc_image img;
    pc_status st = pc_image_create(ctx, width, height, &img);
    if (st) return st;
    synth_fill_rect(&img, 0, 0, width, height, background);
    synth_text_draw(&img, MARGIN, MARGIN, label ? label : "", 2, text_rgb);
    const int y0 = title_h, xl = MARGIN, xr = MARGIN + side + GAP;
    const pc_disc disc = pc_disc_of_tile(size);
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            int tx = x / scale, ty = y / scale;
            const uint8_t *p = tile->rgb + ((size_t)ty * (size_t)size + (size_t)tx) * 3;
            put(&img, xl + x, y0 + y, p);
            /* Right: grey (dimmed so the heat stands out), the heat blended over it. */
            float grey = 0.6f * (0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2]);
            float h = max_heat > 0.0f ? tile_heat[(size_t)ty * (size_t)size + (size_t)tx] / max_heat : 0.0f;
            uint8_t c[3], o[3];
            heat_colour(h, c);
            float a = h > 0.0f ? 0.85f * sqrtf(h) : 0.0f;
            for (int k = 0; k < 3; k++) o[k] = (uint8_t)lrintf((1.0f - a) * grey + a * c[k]);
            put(&img, xr + x, y0 + y, o);
        }
    /* Territory boundaries: where a pixel's territory differs from its right or lower neighbour. */
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            int t = territory_at(&disc, layout, x / scale, y / scale, size);
            int tr = territory_at(&disc, layout, (x + 1) / scale, y / scale, size);
            int td = territory_at(&disc, layout, x / scale, (y + 1) / scale, size);
            if (t >= 0 && ((tr >= 0 && tr != t) || (td >= 0 && td != t))) put(&img, xr + x, y0 + y, line_rgb);
        }
    /* Territory names at their middles: LAD anteroseptal, LCx lateral, RCA inferior. */
    static const double name_theta[PC_TERRITORY_COUNT] = {135.0, 0.0, 255.0};
    for (int t = 0; t < PC_TERRITORY_COUNT; t++) {
        double px, py;
        pc_polar_to_point(&disc, 0.62, name_theta[t], &px, &py);
        const char *name = pc_territory_name((pc_territory)t);
        int tw = synth_text_width(name, scale > 1 ? 2 : 1), th = SYNTH_TEXT_HEIGHT * (scale > 1 ? 2 : 1);
        int tx = xr + (int)lrint(px * scale) - tw / 2, ty = y0 + (int)lrint(py * scale) - th / 2;
        synth_text_draw(&img, tx + 1, ty + 1, name, scale > 1 ? 2 : 1, shadow_rgb);   /* readable over any heat */
        synth_text_draw(&img, tx, ty, name, scale > 1 ? 2 : 1, text_rgb);
    }
    /* Colour bar under the heat panel: 0 (left) to the study's largest heat (right). */
    const int yb = y0 + side + GAP;
    for (int x = 0; x < side; x++) {
        uint8_t c[3];
        float h = (float)x / (float)(side - 1);
        heat_colour(h, c);
        for (int y = 0; y < BAR_H; y++) put(&img, xr + x, yb + y, c);
    }
    synth_text_draw(&img, xr, yb + BAR_H + 4, "0", 1, text_rgb);
    const char *hi = max_heat > 0.0f ? "STUDY MAXIMUM" : "NO POSITIVE EVIDENCE";
    synth_text_draw(&img, xr + side - synth_text_width(hi, 1), yb + BAR_H + 4, hi, 1, text_rgb);
    synth_text_draw(&img, xl, yb + BAR_H + 4, "AS THE MODEL SAW IT", 1, text_rgb);
    *out = img;
    return PC_STATUS_OK;
}
