/* polar_fixture.c: see polar_fixture.h. */
#include "polar_fixture.h"
/* internal headers: this test checks the steps themselves */
#include "preprocess/tile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void fx_map_normal(fx_map *m, pc_ring_layout layout, unsigned seed, double wobble)
{
    m->layout = layout;
    m->seed = seed;
    m->wobble = wobble;
    for (int s = 0; s < PC_SEGMENT_COUNT; s++) m->defect_value[s] = -1.0;
}

double fx_map_counts(double rho, double theta_deg, const void *user)
{
    const fx_map *m = user;
    int seg = pc_segment_at(m->layout, rho, theta_deg);
    if (seg > 0 && m->defect_value[seg - 1] >= 0) return m->defect_value[seg - 1];
    double t = theta_deg * (3.14159265358979323846 / 180.0);
    double v = 82.0 + 6.0 * cos(t);                              /* lateral (theta 0) hottest */
    if (rho > 0.75) {   /* basal septal dip */
        double a = pc_angle_diff(theta_deg, 180.0) / 30.0;
        v -= 6.0 * exp(-a * a);
    }
    v -= 5.0 * exp(-rho * rho / 0.02);                           /* apical thinning */
    /* A smooth per-study wobble: two low-order harmonics with phases from the seed. */
    double p1 = (m->seed * 2654435761u % 1000) / 1000.0 * 6.283, p2 = (m->seed * 40503u % 1000) / 1000.0 * 6.283;
    v += m->wobble * (0.6 * sin(t + p1) * rho + 0.4 * cos(2 * t + p2) * rho);
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

static void colour_of(const uint8_t table[256][3], double counts, uint8_t out[3])
{
    int i = (int)floor(counts * 255.0 / 100.0 + 0.5);
    i = i < 0 ? 0 : i > 255 ? 255 : i;
    memcpy(out, table[i], 3);
}

static void put_pixel(pc_image *img, int x, int y, const uint8_t c[3])
{
    if (x < 0 || y < 0 || x >= img->width || y >= img->height) return;
    memcpy(img->rgb + ((size_t)y * (size_t)img->width + (size_t)x) * 3, c, 3);
}

/* ---- a 5 x 7 font for labels and digits --------------------------------------------- */

typedef struct glyph {
    char c;
    uint8_t rows[7];   /* 5 bits per row, MSB = left */
} glyph;

static const glyph font[] = {
    {'A', {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}}, {'N', {0x11, 0x19, 0x15, 0x13, 0x11, 0x11, 0x11}},
    {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}}, {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}}, {'P', {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10}},
    {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}}, {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'F', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10}}, {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}}, {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}}, {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}}, {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}}, {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}}, {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}}, {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'%', {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03}}, {':', {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}},
    {' ', {0, 0, 0, 0, 0, 0, 0}},
};

void fx_text(pc_image *img, int x, int y, int scale, const char *text, const uint8_t ink[3])
{
    for (const char *p = text; *p; p++, x += 6 * scale) {
        const uint8_t *rows = NULL;
        static const uint8_t block[7] = {0x1F, 0x1F, 0x1F, 0x1F, 0x1F, 0x1F, 0x1F};
        for (size_t g = 0; g < sizeof font / sizeof font[0]; g++)
            if (font[g].c == *p) rows = font[g].rows;
        if (!rows) rows = block;
        for (int r = 0; r < 7; r++)
            for (int c = 0; c < 5; c++)
                if (rows[r] & (0x10 >> c))
                    for (int dy = 0; dy < scale; dy++)
                        for (int dx = 0; dx < scale; dx++) put_pixel(img, x + c * scale + dx, y + r * scale + dy, ink);
    }
}

/* ---- rendering -------------------------------------------------------------------------- */

pc_image fx_render(const fx_capture *s, fx_counts_fn counts, const void *user)
{
    pc_image img = {0};
    pc_image_create(NULL, s->width, s->height, &img);
    for (size_t i = 0; i < (size_t)s->width * (size_t)s->height; i++) memcpy(img.rgb + 3 * i, s->bg, 3);
    uint8_t table[256][3];
    pc_colormap_table(s->table, table);
    pc_disc disc = {s->cx, s->cy, s->radius};
    int x0 = (int)floor(s->cx - s->radius) - 1, x1 = (int)ceil(s->cx + s->radius) + 1;
    int y0 = (int)floor(s->cy - s->radius) - 1, y1 = (int)ceil(s->cy + s->radius) + 1;
    for (int y = y0 < 0 ? 0 : y0; y <= y1 && y < s->height; y++)
        for (int x = x0 < 0 ? 0 : x0; x <= x1 && x < s->width; x++) {
            double rho, theta;
            pc_polar_from_point(&disc, x + 0.5, y + 0.5, &rho, &theta);
            double edge = (rho - 1.0) * s->radius;   /* px from the rim */
            uint8_t c[3];
            if (edge < -1.0) {
                colour_of(table, counts(rho, theta, user), c);
                put_pixel(&img, x, y, c);
            } else if (edge <= 1.0) {
                /* Anti-aliased rim: average of 4 x 4 subsamples. */
                double acc[3] = {0, 0, 0};
                for (int sy = 0; sy < 4; sy++)
                    for (int sx = 0; sx < 4; sx++) {
                        double r2, t2;
                        pc_polar_from_point(&disc, x + (sx + 0.5) / 4, y + (sy + 0.5) / 4, &r2, &t2);
                        if (r2 <= 1.0) colour_of(table, counts(r2 < 0.999 ? r2 : 0.999, t2, user), c);
                        else memcpy(c, s->bg, 3);
                        for (int k = 0; k < 3; k++) acc[k] += c[k];
                    }
                for (int k = 0; k < 3; k++) c[k] = (uint8_t)floor(acc[k] / 16.0 + 0.5);
                put_pixel(&img, x, y, c);
            }
        }
    int scale = s->radius > 300 ? 4 : s->radius > 120 ? 2 : 1;
    if (s->grid) {
        double radii[4];
        pc_ring_radii(PC_RINGS_EQUAL_WIDTH, radii);
        for (int k = 0; k < 3; k++)
            for (int a = 0; a < 3600; a++) {
                double x, y;
                pc_polar_to_point(&disc, radii[k], a / 10.0, &x, &y);
                put_pixel(&img, (int)x, (int)y, s->ink);
            }
        for (int a = 0; a < 360; a += 60)
            for (double r = radii[1]; r < 0.98; r += 0.5 / s->radius) {
                double x, y;
                pc_polar_to_point(&disc, r, a + 60.0, &x, &y);
                put_pixel(&img, (int)x, (int)y, s->ink);
            }
    }
    if (s->score_text)
        for (int seg = 1; seg <= 16; seg++) {
            double radii[4], x, y;
            pc_ring_radii(PC_RINGS_EQUAL_WIDTH, radii);
            double r = seg <= 6 ? (radii[2] + 1) / 2 : seg <= 12 ? (radii[1] + radii[2]) / 2 : (radii[0] + radii[1]) / 2;
            pc_polar_to_point(&disc, r, pc_segment_center_deg(seg), &x, &y);
            char digit[2] = {(char)('0' + seg % 5), 0};
            fx_text(&img, (int)x - 2 * scale, (int)y - 3 * scale, scale, digit, s->ink);
        }
    if (s->labels) {
        int gap = 6 * scale;
        fx_text(&img, (int)s->cx - 9 * scale, (int)(s->cy - s->radius) - 7 * scale - gap, scale, "ANT", s->ink);
        fx_text(&img, (int)s->cx - 9 * scale, (int)(s->cy + s->radius) + gap, scale, "INF", s->ink);
        fx_text(&img, (int)(s->cx - s->radius) - 24 * scale - gap, (int)s->cy - 3 * scale, scale, "SEPT", s->ink);
        fx_text(&img, (int)(s->cx + s->radius) + gap, (int)s->cy - 3 * scale, scale, "LAT", s->ink);
        fx_text(&img, 4, 4, scale, "STRESS AC 1", s->ink);
    }
    if (s->colour_bar) {
        /* To the right of the disc when there is room, else to the left. */
        int bw = 8 * scale, bh = (int)(1.6 * s->radius);
        int bx = (int)(s->cx + s->radius) + 40 * scale;
        if (bx + bw + 30 * scale >= s->width) bx = (int)(s->cx - s->radius) - 40 * scale - bw;
        int by = (int)(s->cy - bh / 2);
        for (int y = 0; y < bh; y++) {
            uint8_t c[3];
            colour_of(table, 100.0 * (bh - 1 - y) / (bh - 1), c);
            for (int x = 0; x < bw; x++) put_pixel(&img, bx + x, by + y, c);
        }
        fx_text(&img, bx + bw + 2 * scale, by, scale, "100%", s->ink);
        fx_text(&img, bx + bw + 2 * scale, by + bh - 7 * scale, scale, "0%", s->ink);
    }
    return img;
}

pc_image fx_tile(int size, pc_colormap table, fx_counts_fn counts, const void *user)
{
    fx_capture spec;
    memset(&spec, 0, sizeof spec);
    spec.width = spec.height = size;
    spec.cx = spec.cy = spec.radius = size / 2.0;
    spec.table = table;
    pc_image img = fx_render(&spec, counts, user);
    pc_tile_mask(&img);
    return img;
}

pc_image fx_jpeg_roundtrip(const pc_image *img, int quality)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_image out = {0};
    if (quality > 0) pc_image_encode_jpeg(NULL, img, quality, &bytes, &size);
    else pc_image_encode_png(NULL, img, &bytes, &size);
    pc_image_decode(NULL, bytes, size, "roundtrip", &out);
    free(bytes);
    return out;
}
