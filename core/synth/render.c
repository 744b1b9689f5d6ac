/* render.c: a normalised count map through a clinical colour table into pixels.
 *
 * Pixels whose centre lies inside the disc take the colour of the table entry nearest to
 * the interpolated relative count (index = round(255 * count)); the disc edge is hard, as
 * clinical exports draw it, so every disc pixel is an exact table colour (before JPEG).
 * The colour tables are core/image/colormap.c's, the same ones preprocessing inverts. */
#include <math.h>

#include "detmath.h"
#include "model.h"

double synth_grid_sample(const double *map, double gx, double gy)
{
    /* grid sample (i, j) has its centre at (i + 0.5, j + 0.5) */
    double fx = gx - 0.5, fy = gy - 0.5;
    if (fx < 0.0) fx = 0.0;
    if (fy < 0.0) fy = 0.0;
    if (fx > SYNTH_N - 1) fx = SYNTH_N - 1;
    if (fy > SYNTH_N - 1) fy = SYNTH_N - 1;
    int x0 = (int)fx, y0 = (int)fy;
    int x1 = x0 + 1 < SYNTH_N ? x0 + 1 : x0, y1 = y0 + 1 < SYNTH_N ? y0 + 1 : y0;
    double ax = fx - x0, ay = fy - y0;
    double top = map[y0 * SYNTH_N + x0] * (1.0 - ax) + map[y0 * SYNTH_N + x1] * ax;
    double bottom = map[y1 * SYNTH_N + x0] * (1.0 - ax) + map[y1 * SYNTH_N + x1] * ax;
    return top * (1.0 - ay) + bottom * ay;
}

void synth_paint_disc(pc_image *img, const pc_disc *disc, const double *map, const uint8_t table[256][3])
{
    int x0 = (int)floor(disc->cx - disc->radius) - 1, x1 = (int)ceil(disc->cx + disc->radius) + 1;
    int y0 = (int)floor(disc->cy - disc->radius) - 1, y1 = (int)ceil(disc->cy + disc->radius) + 1;
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > img->width) x1 = img->width;
    if (y1 > img->height) y1 = img->height;
    double r2 = disc->radius * disc->radius, to_grid = (SYNTH_N / 2.0) / disc->radius;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            double dx = x + 0.5 - disc->cx, dy = y + 0.5 - disc->cy;
            if (dx * dx + dy * dy > r2) continue;
            double v = synth_grid_sample(map, SYNTH_N / 2.0 + dx * to_grid, SYNTH_N / 2.0 + dy * to_grid);
            int index = (int)(v * 255.0 + 0.5);
            if (index < 0) index = 0;
            if (index > 255) index = 255;
            uint8_t *px = img->rgb + ((size_t)y * img->width + x) * 3;
            px[0] = table[index][0];
            px[1] = table[index][1];
            px[2] = table[index][2];
        }
}
