/* tile.c: crop, mask and rotate polar-map tiles (see tile.h). */
#include "tile.h"

#include <math.h>
#include <stdlib.h>

/* Weights of one output axis over a continuous source window [start, start + length),
 * clamped to the image's n pixels (beyond the edge slack the pixels are blacked out after,
 * pc_tile_missing_create). Area footprints when shrinking, bilinear at the
 * output pixel centre when enlarging. */
typedef struct window_axis {
    int taps;
    int *index;      /* (n_out, taps) source index of each tap, clamped to the image */
    float *weight;   /* (n_out, taps) */
} window_axis;

static void window_axis_free(window_axis *a)
{
    free(a->index);
    free(a->weight);
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int window_axis_init(window_axis *a, double start, double length, int n_src, int n_out)
{
    double scale = length / n_out;
    int area = scale > 1.0;
    a->taps = area ? (int)ceil(scale) + 2 : 2;
    a->index = calloc((size_t)n_out * (size_t)a->taps, sizeof(int));
    a->weight = calloc((size_t)n_out * (size_t)a->taps, sizeof(float));
    if (!a->index || !a->weight) return 0;
    for (int d = 0; d < n_out; d++) {
        int *idx = a->index + (size_t)d * (size_t)a->taps;
        float *w = a->weight + (size_t)d * (size_t)a->taps;
        if (area) {
            double lo = start + d * scale, hi = lo + scale;
            int j0 = (int)floor(lo);
            for (int k = 0; k < a->taps; k++) {
                int j = j0 + k;
                double a0 = lo > j ? lo : j, a1 = hi < j + 1 ? hi : j + 1;
                idx[k] = clampi(j, 0, n_src - 1);
                w[k] = a1 > a0 ? (float)((a1 - a0) / scale) : 0.0f;
            }
        } else {
            double x = start + (d + 0.5) * scale - 0.5;
            int j0 = (int)floor(x);
            double f = x - j0;
            idx[0] = clampi(j0, 0, n_src - 1);
            idx[1] = clampi(j0 + 1, 0, n_src - 1);
            w[0] = (float)(1.0 - f);
            w[1] = (float)f;
        }
    }
    return 1;
}

void pc_tile_mask(pc_image *tile)
{
    if (!tile || !tile->rgb || tile->width != tile->height) return;
    pc_disc disc = pc_disc_of_tile(tile->width);
    for (int y = 0; y < tile->height; y++)
        for (int x = 0; x < tile->width; x++) {
            if (!pc_disc_contains_pixel(&disc, x, y)) {
                uint8_t *p = tile->rgb + ((size_t)y * (size_t)tile->width + (size_t)x) * 3;
                p[0] = p[1] = p[2] = 0;
            }
        }
}

double pc_tile_edge_slack(double radius)
{
    return radius * 0.012 > 1.5 ? radius * 0.012 : 1.5;
}

/* Whether tile pixel (x, y) of an n x n tile of disc lies inside the disc but maps to a
 * point more than slack beyond the edge of a width x height image. */
static int tile_pixel_missing(const pc_disc *disc, int width, int height, int n, double slack, int x, int y)
{
    pc_disc own = pc_disc_of_tile(n);
    if (!pc_disc_contains_pixel(&own, x, y)) return 0;   /* outside the disc: black anyway */
    double scale = 2.0 * disc->radius / n;
    double sx = disc->cx - disc->radius + (x + 0.5) * scale, sy = disc->cy - disc->radius + (y + 0.5) * scale;
    return sx < -slack || sy < -slack || sx > width + slack || sy > height + slack;
}

pc_status pc_tile_missing_create(pc_ctx *ctx, const pc_disc *disc, int width, int height, int size,
                                 uint8_t **missing_out, long *missing_count_out)
{
    *missing_out = NULL;
    if (missing_count_out) *missing_count_out = 0;
    double slack = pc_tile_edge_slack(disc->radius);
    /* Most discs are whole: nothing to allocate. */
    if (disc->cx - disc->radius >= -slack && disc->cy - disc->radius >= -slack &&
        disc->cx + disc->radius <= width + slack && disc->cy + disc->radius <= height + slack)
        return PC_STATUS_OK;
    uint8_t *missing = calloc((size_t)size * (size_t)size, 1);
    if (!missing) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "tile: out of memory");
    long count = 0;
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
            if (tile_pixel_missing(disc, width, height, size, slack, x, y)) {
                missing[(size_t)y * (size_t)size + (size_t)x] = 1;
                count++;
            }
    if (count == 0) {
        free(missing);
        return PC_STATUS_OK;
    }
    *missing_out = missing;
    if (missing_count_out) *missing_count_out = count;
    return PC_STATUS_OK;
}

pc_status pc_tile_from_disc(pc_ctx *ctx, const pc_image *image, const pc_disc *disc, int size, pc_image *out)
{
    if (!image || !image->rgb || !disc || !out)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "tile: no image or disc given");
    if (!(disc->radius > 0) || !isfinite(disc->cx) || !isfinite(disc->cy))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "tile: the disc has no size");
    pc_image tile = {0};
    pc_status status = pc_image_create(ctx, size, size, &tile);
    if (status) return status;
    window_axis ax = {0}, ay = {0};
    float *rows = malloc(sizeof(float) * (size_t)image->height * (size_t)size * 3);
    double side = 2.0 * disc->radius;
    if (!rows || !window_axis_init(&ax, disc->cx - disc->radius, side, image->width, size) ||
        !window_axis_init(&ay, disc->cy - disc->radius, side, image->height, size)) {
        status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "tile: out of memory");
        pc_image_free(&tile);
        goto done;
    }
    /* Horizontal pass only over the source rows the vertical pass will read. */
    int y_lo = image->height, y_hi = -1;
    for (int i = 0; i < size * ay.taps; i++)
        if (ay.weight[i] != 0.0f) {
            if (ay.index[i] < y_lo) y_lo = ay.index[i];
            if (ay.index[i] > y_hi) y_hi = ay.index[i];
        }
    for (int y = y_lo; y <= y_hi; y++) {
        const uint8_t *in = image->rgb + (size_t)y * (size_t)image->width * 3;
        float *o = rows + (size_t)y * (size_t)size * 3;
        for (int d = 0; d < size; d++) {
            const int *idx = ax.index + (size_t)d * (size_t)ax.taps;
            const float *w = ax.weight + (size_t)d * (size_t)ax.taps;
            float r = 0, g = 0, b = 0;
            for (int k = 0; k < ax.taps; k++) {
                if (w[k] == 0.0f) continue;
                const uint8_t *p = in + 3 * idx[k];
                r += w[k] * p[0];
                g += w[k] * p[1];
                b += w[k] * p[2];
            }
            o[3 * d] = r;
            o[3 * d + 1] = g;
            o[3 * d + 2] = b;
        }
    }
    for (int d = 0; d < size; d++) {
        const int *idx = ay.index + (size_t)d * (size_t)ay.taps;
        const float *w = ay.weight + (size_t)d * (size_t)ay.taps;
        uint8_t *o = tile.rgb + (size_t)d * (size_t)size * 3;
        for (int i = 0; i < size * 3; i++) {
            float acc = 0.0f;
            for (int k = 0; k < ay.taps; k++)
                if (w[k] != 0.0f) acc += w[k] * rows[(size_t)idx[k] * (size_t)size * 3 + (size_t)i];
            float v = floorf(acc + 0.5f);
            o[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
    }
    pc_tile_mask(&tile);
    uint8_t *missing = NULL;
    status = pc_tile_missing_create(ctx, disc, image->width, image->height, size, &missing, NULL);
    if (status) {
        pc_image_free(&tile);
        goto done;
    }
    for (size_t i = 0; missing && i < (size_t)size * (size_t)size; i++)
        if (missing[i]) tile.rgb[3 * i] = tile.rgb[3 * i + 1] = tile.rgb[3 * i + 2] = 0;
    free(missing);
    *out = tile;
done:
    free(rows);
    window_axis_free(&ax);
    window_axis_free(&ay);
    return status;
}

pc_status pc_tile_rotate(pc_ctx *ctx, const pc_image *tile, double angle_deg, pc_image *out)
{
    if (!tile || !tile->rgb || !out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "rotate: no tile given");
    if (tile->width != tile->height)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "rotate: the tile is %d x %d, not square", tile->width,
                       tile->height);
    if (!isfinite(angle_deg)) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "rotate: the angle is not a number");
    int n = tile->width;
    pc_image rotated = {0};
    pc_status status = pc_image_create(ctx, n, n, &rotated);
    if (status) return status;
    pc_disc disc = pc_disc_of_tile(n);
    double a = angle_deg * (3.14159265358979323846 / 180.0), ca = cos(a), sa = sin(a);
    /* Samples stay within R - 1 of the centre: all four bilinear neighbours are then
     * inside the disc (their centres are within R - 1 + sqrt(2)/2 < R). */
    double r_max = disc.radius - 1.0 > 0 ? disc.radius - 1.0 : 0.0;
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            if (!pc_disc_contains_pixel(&disc, x, y)) continue;   /* stays black */
            double dx = x + 0.5 - disc.cx, dy = y + 0.5 - disc.cy;
            /* Content at theta moves to theta + angle, so read from theta - angle. With y
             * pointing down, a counter-clockwise screen rotation by -angle of (dx, dy) is: */
            double sx = ca * dx - sa * dy, sy = sa * dx + ca * dy;
            double rr = hypot(sx, sy);
            if (rr > r_max) { sx *= r_max / rr; sy *= r_max / rr; }
            double u = disc.cx + sx - 0.5, v = disc.cy + sy - 0.5;
            int i = (int)floor(u), j = (int)floor(v);
            double fu = u - i, fv = v - j;
            uint8_t *o = rotated.rgb + ((size_t)y * (size_t)n + (size_t)x) * 3;
            for (int c = 0; c < 3; c++) {
                double acc = 0.0;
                for (int dj = 0; dj < 2; dj++)
                    for (int di = 0; di < 2; di++) {
                        int xi = clampi(i + di, 0, n - 1), yj = clampi(j + dj, 0, n - 1);
                        acc += (di ? fu : 1 - fu) * (dj ? fv : 1 - fv) *
                               tile->rgb[((size_t)yj * (size_t)n + (size_t)xi) * 3 + (size_t)c];
                    }
                o[c] = (uint8_t)floor(acc + 0.5);
            }
        }
    *out = rotated;
    return PC_STATUS_OK;
}
