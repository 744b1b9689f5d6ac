/* capture.c: the screen captures users bring besides a viewer window (--capture).
 *
 * screenshot.c draws the map straight on a window with labels around it ("viewer"). The
 * layouts here start from the map as an export draws it, the disc inscribed in its own
 * square canvas (black, sometimes white or another flat colour), and paste it:
 *
 *   panel  into a window (white, #c8c8c8, #282830, black or a random flat colour), a line
 *          of text at the top, "Apex Base" under it, a thin colour bar of the map's own
 *          colours 20 px to its right, sometimes a 1 px frame
 *   slide  onto a slide with a title and a soft drop shadow down and to the right
 *   pair   stress and rest of the same kind (NAC or AC) side by side, titled
 *   quad   all four maps, 2 x 2 (NAC above AC, stress left of rest), titled
 *   small  scaled down to a 100 px disc (drawn 4x larger and area-averaged, so its edge is
 *          soft as a scaled image's); write with --format jpg --jpeg-quality 60 for the
 *          issue's case
 *   cut    near the window edge, 2-10% of the disc's diameter cut off by it
 *
 * Random flat colours are drawn away from the map's colour table (at least 48 levels in
 * some channel from every entry a map uses): a map on a canvas of its own colours has no
 * visible edge for anyone. placement records every disc; for pair and quad, which of them
 * is the file's own map. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detmath.h"
#include "model.h"

static const char *const capture_names[PC_SYNTH_CAPTURE_COUNT] = {"viewer", "panel", "slide", "pair",
                                                                  "quad",   "small", "cut"};

const char *pc_synth_capture_name(int capture)
{
    if (capture == PC_SYNTH_MIXED) return "mixed";
    return capture >= 0 && capture < PC_SYNTH_CAPTURE_COUNT ? capture_names[capture] : "unknown";
}

int pc_synth_capture_parse(const char *text, int *out)
{
    for (int i = 0; i < PC_SYNTH_CAPTURE_COUNT; i++)
        if (text && strcmp(text, capture_names[i]) == 0) {
            *out = i;
            return 1;
        }
    return 0;
}

/* ---- colours ------------------------------------------------------------------------ */

static int far_from_table(const uint8_t c[3], const uint8_t table[256][3])
{
    for (int i = 40; i < 256; i++) {
        int d = 0;
        for (int k = 0; k < 3; k++) {
            int e = abs(c[k] - table[i][k]);
            if (e > d) d = e;
        }
        if (d < 48) return 0;
    }
    return 1;
}

static void random_flat_colour(pc_rng *rng, const uint8_t table[256][3], uint8_t out[3])
{
    for (int tries = 0; tries < 200; tries++) {
        for (int k = 0; k < 3; k++) out[k] = (uint8_t)pc_rng_below(rng, 256);
        if (far_from_table(out, table)) return;
    }
    out[0] = out[1] = out[2] = 0;   /* black: far from the part of every table a map uses */
}

/* Window colours of the captures, and now and then a random one. */
static void window_colour(pc_rng *rng, const uint8_t table[256][3], uint8_t out[3])
{
    static const uint8_t common[][3] = {{255, 255, 255}, {200, 200, 200}, {40, 40, 48}, {0, 0, 0}};
    if (pc_dm_chance(rng, 0.25)) {
        random_flat_colour(rng, table, out);
        return;
    }
    const uint8_t *c = common[pc_rng_below(rng, 4)];
    out[0] = c[0], out[1] = c[1], out[2] = c[2];
}

/* The map's own canvas: black mostly, as exports draw it. */
static void canvas_colour(pc_rng *rng, const uint8_t table[256][3], uint8_t out[3])
{
    double u = pc_dm_uniform(rng, 0.0, 1.0);
    if (u < 0.7) out[0] = out[1] = out[2] = 0;
    else if (u < 0.8) out[0] = out[1] = out[2] = 255;
    else random_flat_colour(rng, table, out);
    if (!far_from_table(out, table)) out[0] = out[1] = out[2] = 0;   /* white on a CEqual map */
}

static const uint8_t *ink_on(const uint8_t bg[3])
{
    static const uint8_t dark[3] = {20, 20, 20}, light[3] = {235, 235, 235};
    return bg[0] * 3 + bg[1] * 6 + bg[2] > 1200 ? dark : light;
}

static uint8_t *pixel(pc_image *img, int x, int y)
{
    return img->rgb + ((size_t)y * img->width + x) * 3;
}

/* ---- pieces ------------------------------------------------------------------------- */

/* The export tile at (x, y), side px: canvas colour, the disc inscribed (touching all four
 * sides). Returns the disc. */
static pc_disc draw_tile(pc_image *img, double x, double y, double side, const uint8_t canvas[3],
                         const double *counts, const uint8_t table[256][3], int with_canvas)
{
    if (with_canvas) synth_fill_rect(img, (int)floor(x), (int)floor(y), (int)ceil(side), (int)ceil(side), canvas);
    pc_disc d = {x + side / 2.0, y + side / 2.0, side / 2.0};
    synth_paint_disc(img, &d, counts, table);
    return d;
}

/* A thin vertical bar of the map's own colours, its hottest at the top. */
static void draw_colour_bar(pc_image *img, int x, int y, int w, int h, const double *counts,
                            const uint8_t table[256][3])
{
    double lo = 1.0, hi = 0.0;
    for (int i = 0; i < SYNTH_NN; i++) {
        if (counts[i] < lo) lo = counts[i];
        if (counts[i] > hi) hi = counts[i];
    }
    if (lo < 0.0) lo = 0.0;
    if (hi > 1.0) hi = 1.0;
    for (int k = 0; k < h; k++) {
        double v = hi - (hi - lo) * k / (h > 1 ? h - 1 : 1);
        synth_fill_rect(img, x, y + k, w, 1, table[(int)(v * 255.0 + 0.5)]);
    }
}

static void draw_frame(pc_image *img, int x, int y, int w, int h, const uint8_t rgb[3])
{
    synth_fill_rect(img, x - 1, y - 1, w + 2, 1, rgb);
    synth_fill_rect(img, x - 1, y + h, w + 2, 1, rgb);
    synth_fill_rect(img, x - 1, y, 1, h, rgb);
    synth_fill_rect(img, x + w, y, 1, h, rgb);
}

/* A soft drop shadow of the square of side `side` at (x, y), offset by `off` px down and
 * right: the background darkened by up to `depth`, fading over `blur` px either side of
 * the offset square's edge. */
static void draw_shadow(pc_image *img, double x, double y, double side, double off, double blur, double depth)
{
    double half = side / 2.0, cx = x + off + half, cy = y + off + half;
    int x0 = (int)floor(x + off - blur), y0 = (int)floor(y + off - blur);
    int x1 = (int)ceil(x + off + side + blur), y1 = (int)ceil(y + off + side + blur);
    for (int py = y0 < 0 ? 0 : y0; py < y1 && py < img->height; py++)
        for (int px = x0 < 0 ? 0 : x0; px < x1 && px < img->width; px++) {
            double dx = fabs(px + 0.5 - cx) - half, dy = fabs(py + 0.5 - cy) - half;
            double outside = dx > dy ? dx : dy;   /* signed distance to the square's edge */
            double a = outside <= -blur ? 1.0 : outside >= blur ? 0.0 : 0.5 - 0.5 * (outside / blur);
            uint8_t *p = pixel(img, px, py);
            for (int c = 0; c < 3; c++) p[c] = (uint8_t)(p[c] * (1.0 - depth * a) + 0.5);
        }
}

/* The disc drawn 4x larger on its canvas, then every 4 x 4 block averaged into img at
 * (x, y): a 100 px map as a scaled-down image looks. */
static pc_status draw_scaled_tile(pc_ctx *ctx, pc_image *img, int x, int y, int side, const uint8_t canvas[3],
                                  const double *counts, const uint8_t table[256][3])
{
    pc_image big = {0};
    pc_status status = pc_image_create(ctx, 4 * side, 4 * side, &big);
    if (status) return status;
    draw_tile(&big, 0, 0, 4.0 * side, canvas, counts, table, 1);
    for (int j = 0; j < side; j++)
        for (int i = 0; i < side; i++) {
            if (x + i < 0 || y + j < 0 || x + i >= img->width || y + j >= img->height) continue;
            int sum[3] = {0, 0, 0};
            for (int v = 0; v < 4; v++)
                for (int u = 0; u < 4; u++) {
                    const uint8_t *p = pixel(&big, 4 * i + u, 4 * j + v);
                    sum[0] += p[0], sum[1] += p[1], sum[2] += p[2];
                }
            uint8_t *q = pixel(img, x + i, y + j);
            for (int c = 0; c < 3; c++) q[c] = (uint8_t)((sum[c] + 8) / 16);
        }
    pc_image_free(&big);
    return PC_STATUS_OK;
}

static const char *map_title(pc_map m)
{
    static const char *const t[PC_MAP_COUNT] = {"STRESS NAC", "REST NAC", "STRESS AC", "REST AC"};
    return t[m];
}

/* ---- layouts ------------------------------------------------------------------------ */

typedef struct scene {
    pc_rng *rng;
    const pc_synth_patient *p;
    pc_map map;
    int nominal;                          /* nominal disc diameter (--size) */
    const double (*counts)[SYNTH_NN];     /* the study's four maps */
    uint8_t table[256][3];
    pc_image img;
    pc_synth_placement *pl;
} scene;

static pc_status scene_canvas(pc_ctx *ctx, scene *s, int w, int h, const uint8_t bg[3])
{
    pc_status status = pc_image_create(ctx, w, h, &s->img);
    if (status) return status;
    synth_fill_rect(&s->img, 0, 0, w, h, bg);
    s->pl->width = w;
    s->pl->height = h;
    s->pl->background[0] = bg[0], s->pl->background[1] = bg[1], s->pl->background[2] = bg[2];
    return PC_STATUS_OK;
}

static void scene_disc(scene *s, pc_disc d, int own)
{
    pc_synth_placement *pl = s->pl;
    if (pl->discs < PC_SYNTH_MAX_DISCS) pl->disc[pl->discs++] = d;
    if (own) {
        pl->own = pl->discs - 1;
        pl->cx = d.cx, pl->cy = d.cy, pl->radius = d.radius;
    }
    if (d.cx - d.radius < 0 || d.cy - d.radius < 0 || d.cx + d.radius > pl->width || d.cy + d.radius > pl->height)
        pl->clipped = 1;
}

/* panel and cut: one tile in a window; cut pushes it over an edge. */
static pc_status layout_panel(pc_ctx *ctx, scene *s, int cut)
{
    pc_rng *rng = s->rng;
    int w = 1024 + 32 * (int)pc_rng_below(rng, 9), h = 768 + 4 * (int)pc_rng_below(rng, 9);
    uint8_t bg[3], canvas[3];
    window_colour(rng, s->table, bg);
    canvas_colour(rng, s->table, canvas);
    int with_canvas = !cut || pc_dm_chance(rng, 0.5);
    int frame = pc_dm_chance(rng, 0.3);
    pc_status status = scene_canvas(ctx, s, w, h, bg);
    if (status) return status;
    const uint8_t *ink = ink_on(bg);
    double side = s->nominal * pc_dm_uniform(rng, 1.0, 2.0);
    if (side > h - 140) side = h - 140;
    if (side < 80) side = 80;
    int bar_w = 6 + (int)pc_rng_below(rng, 6);
    double x, y;
    if (!cut) {
        x = pc_dm_uniform(rng, 20, w - side - 20 - 20 - bar_w - 20);
        y = pc_dm_uniform(rng, 40, h - side - 40);
    } else {
        /* 2-10% of the diameter over one of the four edges */
        double over = side * pc_dm_uniform(rng, 0.02, 0.10);
        int edge = (int)pc_rng_below(rng, 4);
        x = pc_dm_uniform(rng, 20, w - side - 20);
        y = pc_dm_uniform(rng, 40, h - side - 40);
        if (edge == 0) x = -over;
        else if (edge == 1) x = w - side + over;
        else if (edge == 2) y = -over;
        else y = h - side + over;
    }
    pc_disc d = draw_tile(&s->img, x, y, side, canvas, s->counts[s->map], s->table, with_canvas);
    if (frame && with_canvas) {
        static const uint8_t grey[3] = {128, 128, 128};
        draw_frame(&s->img, (int)floor(x), (int)floor(y), (int)ceil(side), (int)ceil(side), grey);
    }
    if (!cut || pc_dm_chance(rng, 0.5))
        draw_colour_bar(&s->img, (int)(x + side) + 20, (int)y, bar_w, (int)side, s->counts[s->map], s->table);
    synth_text_draw(&s->img, 12, 10, map_title(s->map), 2, ink);
    synth_text_draw(&s->img, 12 + synth_text_width(map_title(s->map), 2) + 24, 10, s->p->case_id, 2, ink);
    synth_text_draw(&s->img, (int)(x + side / 2) - synth_text_width("Apex Base", 2) / 2, (int)(y + side) + 8,
                    "Apex Base", 2, ink);
    scene_disc(s, d, 1);
    return PC_STATUS_OK;
}

static pc_status layout_slide(pc_ctx *ctx, scene *s)
{
    pc_rng *rng = s->rng;
    static const uint8_t slides[][3] = {{255, 255, 255}, {242, 242, 242}, {230, 236, 244}, {31, 56, 100}};
    uint8_t bg[3], canvas[3];
    const uint8_t *sb = slides[pc_rng_below(rng, 4)];
    bg[0] = sb[0], bg[1] = sb[1], bg[2] = sb[2];
    canvas_colour(rng, s->table, canvas);
    int w = pc_dm_chance(rng, 0.5) ? 1280 : 1024, h = w == 1280 ? 720 : 768;
    pc_status status = scene_canvas(ctx, s, w, h, bg);
    if (status) return status;
    const uint8_t *ink = ink_on(bg);
    synth_text_draw(&s->img, 48, 36, "Myocardial perfusion", 4, ink);
    synth_text_draw(&s->img, 48, 36 + 40, map_title(s->map), 3, ink);
    double side = s->nominal * pc_dm_uniform(rng, 1.0, 1.9);
    if (side > h - 200) side = h - 200;
    double x = pc_dm_uniform(rng, 48, w - side - 48), y = pc_dm_uniform(rng, 130, h - side - 40);
    /* as office programs draw them: a few px down and right, blurred less than offset */
    double off = pc_dm_uniform(rng, 4, 12), blur = off * pc_dm_uniform(rng, 0.3, 0.8);
    draw_shadow(&s->img, x, y, side, off, blur, pc_dm_uniform(rng, 0.3, 0.5));
    pc_disc d = draw_tile(&s->img, x, y, side, canvas, s->counts[s->map], s->table, 1);
    scene_disc(s, d, 1);
    return PC_STATUS_OK;
}

/* pair (n = 2) and quad (n = 4): titled tiles in a grid, in reading order. */
static pc_status layout_grid(pc_ctx *ctx, scene *s, int n)
{
    pc_rng *rng = s->rng;
    int cols = 2, rows = n / 2;
    int w = 1024 + 64 * (int)pc_rng_below(rng, 5), h = 768 + 8 * (int)pc_rng_below(rng, 5);
    uint8_t bg[3], canvas[3];
    window_colour(rng, s->table, bg);
    canvas_colour(rng, s->table, canvas);
    int with_canvas = pc_dm_chance(rng, 0.7);
    pc_status status = scene_canvas(ctx, s, w, h, bg);
    if (status) return status;
    const uint8_t *ink = ink_on(bg);
    int gap = 16 + (int)pc_rng_below(rng, 40), top = 40, title = 24;
    double cell_w = (w - 40 - gap * (cols - 1)) / (double)cols, cell_h = (h - top - 20 - gap * (rows - 1)) / (double)rows;
    double side = cell_w < cell_h - title ? cell_w : cell_h - title;
    double want = s->nominal * pc_dm_uniform(rng, 0.9, 1.6);
    if (want < side) side = want;
    if (side < 80) side = 80;
    synth_text_draw(&s->img, 20, 10, s->p->case_id, 2, ink);
    int first = n == 2 ? (s->map & ~1) : 0;   /* a pair shows the stress and rest of the file's kind */
    for (int k = 0; k < n; k++) {
        pc_map m = (pc_map)(first + k);
        double x = 20 + (k % cols) * (cell_w + gap) + (cell_w - side) / 2;
        double y = top + (k / cols) * (cell_h + gap) + title;
        synth_text_draw(&s->img, (int)x, (int)y - title + 4, map_title(m), 2, ink);
        pc_disc d = draw_tile(&s->img, x, y, side, canvas, s->counts[m], s->table, with_canvas);
        scene_disc(s, d, m == s->map);
    }
    return PC_STATUS_OK;
}

static pc_status layout_small(pc_ctx *ctx, scene *s)
{
    pc_rng *rng = s->rng;
    int w = 640 + 32 * (int)pc_rng_below(rng, 6), h = 480 + 24 * (int)pc_rng_below(rng, 6);
    uint8_t bg[3], canvas[3];
    window_colour(rng, s->table, bg);
    canvas_colour(rng, s->table, canvas);
    pc_status status = scene_canvas(ctx, s, w, h, bg);
    if (status) return status;
    const uint8_t *ink = ink_on(bg);
    int side = 100, x = 20 + (int)pc_rng_below(rng, (uint32_t)(w - side - 80)),
        y = 40 + (int)pc_rng_below(rng, (uint32_t)(h - side - 80));
    if ((status = draw_scaled_tile(ctx, &s->img, x, y, side, canvas, s->counts[s->map], s->table))) return status;
    synth_text_draw(&s->img, 12, 10, map_title(s->map), 1, ink);
    synth_text_draw(&s->img, x + side / 2 - synth_text_width("Apex Base", 1) / 2, y + side + 6, "Apex Base", 1, ink);
    draw_colour_bar(&s->img, x + side + 12, y, 5, side, s->counts[s->map], s->table);
    pc_disc d = {x + side / 2.0, y + side / 2.0, side / 2.0};
    scene_disc(s, d, 1);
    return PC_STATUS_OK;
}

pc_status synth_capture(pc_ctx *ctx, pc_rng *rng, const pc_synth_patient *p, pc_map map, const pc_synth_options *opt,
                        const double (*counts)[SYNTH_NN], pc_image *out, pc_synth_placement *placement)
{
    int kind = opt->capture;
    if (kind == PC_SYNTH_MIXED) kind = (int)pc_rng_below(rng, PC_SYNTH_CAPTURE_COUNT);
    if (kind == PC_SYNTH_CAPTURE_VIEWER) {
        /* The original screenshot, drawing exactly what it always drew from the stream. */
        pc_status status = synth_screenshot(ctx, rng, p, map, opt->size, counts[map], out, placement);
        if (status) return status;
        placement->capture = kind;
        placement->discs = 1;
        placement->own = 0;
        placement->disc[0].cx = placement->cx, placement->disc[0].cy = placement->cy;
        placement->disc[0].radius = placement->radius;
        return PC_STATUS_OK;
    }
    scene s = {rng, p, map, opt->size, counts, {{0}}, {0}, placement};
    pc_colormap_table(p->colormap, s.table);
    memset(placement, 0, sizeof *placement);
    placement->capture = kind;
    pc_status status;
    switch (kind) {
    case PC_SYNTH_CAPTURE_PANEL: status = layout_panel(ctx, &s, 0); break;
    case PC_SYNTH_CAPTURE_CUT: status = layout_panel(ctx, &s, 1); break;
    case PC_SYNTH_CAPTURE_SLIDE: status = layout_slide(ctx, &s); break;
    case PC_SYNTH_CAPTURE_PAIR: status = layout_grid(ctx, &s, 2); break;
    case PC_SYNTH_CAPTURE_QUAD: status = layout_grid(ctx, &s, 4); break;
    default: status = layout_small(ctx, &s); break;
    }
    if (status) {
        pc_image_free(&s.img);
        return status;
    }
    *out = s.img;
    return PC_STATUS_OK;
}
