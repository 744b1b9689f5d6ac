/* screenshot.c: a map as a screen capture of a clinical package (--style
 * screenshot; docs/domain.md 1.1 and 6, items 8-9).
 *
 * A uniform background of a random colour and size, the disc at a random diameter and
 * position, wall labels around it (ANT above, SEPT left, INF below, LAT right, as the
 * display convention puts them), a title naming the map, a line of (synthetic) patient
 * text and a vertical colour bar with tick labels; on some cases a 17-segment grid over
 * the disc. Preprocessing has to find the disc; layout.csv records where it is. */
#include <math.h>
#include <stdio.h>

#include "detmath.h"
#include "model.h"

static const uint8_t backgrounds[][3] = {
    {0, 0, 0}, {18, 18, 18}, {40, 40, 48}, {0, 0, 64}, {24, 40, 64}, {96, 96, 96},
    {180, 180, 180}, {224, 224, 224}, {255, 255, 255}, {12, 36, 12},
};
static const int canvases[][2] = {{640, 480}, {800, 600}, {960, 720}, {1024, 768}, {1024, 640}};
#define P_GRID_OVERLAY 0.25

static const char *map_title(pc_map m)
{
    switch (m) {
    case PC_MAP_STRESS_NAC: return "STRESS NAC";
    case PC_MAP_REST_NAC: return "REST NAC";
    case PC_MAP_STRESS_AC: return "STRESS AC";
    default: return "REST AC";
    }
}

/* Light grey lines along the layout's ring boundaries and segment edges (inside the disc). */
static void draw_grid_overlay(pc_image *img, const pc_disc *disc, pc_ring_layout layout, const uint8_t rgb[3])
{
    double r[4];
    pc_ring_radii(layout, r);
    int x0 = (int)floor(disc->cx - disc->radius), x1 = (int)ceil(disc->cx + disc->radius);
    int y0 = (int)floor(disc->cy - disc->radius), y1 = (int)ceil(disc->cy + disc->radius);
    for (int y = y0 < 0 ? 0 : y0; y <= y1 && y < img->height; y++)
        for (int x = x0 < 0 ? 0 : x0; x <= x1 && x < img->width; x++) {
            /* detmath rather than pc_polar_from_point (libm) keeps the pixels identical everywhere */
            double dx = x + 0.5 - disc->cx, dy = y + 0.5 - disc->cy;
            double rho = pc_dm_sqrt(dx * dx + dy * dy) / disc->radius;
            double theta = pc_angle_normalize(pc_dm_atan2(-dy, dx) * (180.0 / PC_DM_PI));
            if (rho > 1.0) continue;
            double dist = rho * disc->radius;   /* px from the centre */
            int line = 0;
            for (int k = 0; k < 3; k++)
                if (fabs(rho - r[k]) * disc->radius < 0.6) line = 1;
            if (!line && rho >= r[0]) {
                double first = rho < r[1] ? 45.0 : 60.0, step = rho < r[1] ? 90.0 : 60.0;
                double off = fmod(theta - first + 720.0, step);
                double ang = off < step / 2 ? off : step - off;          /* degrees to the nearest spoke */
                if (ang * (PC_DM_PI / 180.0) * dist < 0.6) line = 1;
            }
            if (line) {
                uint8_t *px = img->rgb + ((size_t)y * img->width + x) * 3;
                px[0] = rgb[0];
                px[1] = rgb[1];
                px[2] = rgb[2];
            }
        }
}

pc_status synth_screenshot(pc_ctx *ctx, pc_rng *rng, const pc_synth_patient *p, pc_map map, int nominal_diameter,
                           const double *counts, pc_image *out, pc_synth_placement *placement)
{
    int which = (int)pc_rng_below(rng, sizeof canvases / sizeof canvases[0]);
    int width = canvases[which][0], height = canvases[which][1];
    const uint8_t *bg = backgrounds[pc_rng_below(rng, sizeof backgrounds / sizeof backgrounds[0])];
    int light = bg[0] * 3 + bg[1] * 6 + bg[2] > 1200;
    static const uint8_t dark_text[3] = {0, 0, 0}, light_text[3] = {235, 235, 235}, yellow[3] = {255, 230, 0};
    const uint8_t *fg = light ? dark_text : (pc_dm_chance(rng, 0.3) ? yellow : light_text);
    int overlay = pc_dm_chance(rng, P_GRID_OVERLAY);

    double diameter = nominal_diameter * pc_dm_uniform(rng, 0.5, 1.6);
    int scale = diameter >= 420 ? 3 : diameter >= 200 ? 2 : 1;
    int th = SYNTH_TEXT_HEIGHT * scale;
    int bar_w = 8 + 4 * scale;
    int left = synth_text_width("SEPT", scale) + 12;
    int right = synth_text_width("LAT", scale) + 12 + bar_w + 8 + synth_text_width("100%", scale) + 8;
    int top = 8 + th + 8 + th + 6, bottom = th + 6 + th + 16;
    double max_d = width - left - right;
    if (height - top - bottom < max_d) max_d = height - top - bottom;
    if (diameter > max_d) diameter = max_d;
    if (diameter < 80.0) diameter = 80.0;
    double radius = diameter / 2.0;
    double cx = pc_dm_uniform(rng, left + radius, width - right - radius);
    double cy = pc_dm_uniform(rng, top + radius, height - bottom - radius);

    pc_image img = {0};
    pc_status status = pc_image_create(ctx, width, height, &img);
    if (status) return status;
    synth_fill_rect(&img, 0, 0, width, height, bg);
    uint8_t table[256][3];
    pc_colormap_table(p->colormap, table);
    pc_disc disc = {cx, cy, radius};
    synth_paint_disc(&img, &disc, counts, table);
    if (overlay) {
        static const uint8_t grey[3] = {200, 200, 200};
        draw_grid_overlay(&img, &disc, p->layout, grey);
    }
    /* wall labels */
    int icx = (int)cx, icy = (int)cy, ir = (int)ceil(radius);
    synth_text_draw(&img, icx - synth_text_width("ANT", scale) / 2, icy - ir - 6 - th, "ANT", scale, fg);
    synth_text_draw(&img, icx - synth_text_width("INF", scale) / 2, icy + ir + 6, "INF", scale, fg);
    synth_text_draw(&img, icx - ir - 8 - synth_text_width("SEPT", scale), icy - th / 2, "SEPT", scale, fg);
    int lat_x = icx + ir + 8;
    synth_text_draw(&img, lat_x, icy - th / 2, "LAT", scale, fg);
    /* colour bar: maximum at the top */
    int bar_x = lat_x + synth_text_width("LAT", scale) + 12, bar_y = icy - ir, bar_h = 2 * ir;
    for (int y = 0; y < bar_h; y++) {
        int index = bar_h > 1 ? 255 - (int)((255.0 * y) / (bar_h - 1) + 0.5) : 255;
        synth_fill_rect(&img, bar_x, bar_y + y, bar_w, 1, table[index]);
    }
    int tick_x = bar_x + bar_w + 6;
    synth_text_draw(&img, tick_x, bar_y, "100%", scale, fg);
    synth_text_draw(&img, tick_x, bar_y + bar_h / 2 - th / 2, "50%", scale, fg);
    synth_text_draw(&img, tick_x, bar_y + bar_h - th, "0%", scale, fg);
    /* title and patient line */
    synth_text_draw(&img, 8, 8, map_title(map), scale, fg);
    char line[96];
    snprintf(line, sizeof line, "SYNTHETIC %s  %s %dY  %s", p->case_id, p->sex == PC_SYNTH_MALE ? "M" : "F", p->age,
             pc_colormap_name(p->colormap));
    synth_text_draw(&img, 8, height - th - 8, line, scale, fg);

    placement->width = width;
    placement->height = height;
    placement->cx = cx;
    placement->cy = cy;
    placement->radius = radius;
    placement->background[0] = bg[0];
    placement->background[1] = bg[1];
    placement->background[2] = bg[2];
    placement->overlay = overlay;
    *out = img;
    return PC_STATUS_OK;
}
