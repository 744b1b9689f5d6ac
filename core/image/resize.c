/* resize.c: separable image resampling, bilinear and area (box) filters.
 *
 * Each axis gets a table of contributions: for every output index, the first source
 * index and a few weights that sum to 1. The image is then filtered horizontally into
 * a float buffer and vertically into the destination. Area weights are the exact
 * overlap of the output pixel's footprint with each source pixel (OpenCV's INTER_AREA
 * when shrinking); bilinear samples at pixel centres (OpenCV's INTER_LINEAR). */
#include "image.h"

#include <math.h>
#include <stdlib.h>

typedef struct axis_table {
    int taps;       /* weights per output index */
    int *first;     /* (n_out) first source index */
    float *weight;  /* (n_out, taps) weights; unused taps are 0 */
} axis_table;

/* Leaves the table empty, so that freeing it again (init's failure path, then the caller's
 * cleanup) is harmless: scan-build found that double free. */
static void axis_table_free(axis_table *t)
{
    free(t->first);
    free(t->weight);
    t->first = NULL;
    t->weight = NULL;
}

static int axis_table_init(axis_table *t, int n_src, int n_dst, pc_resize_filter filter)
{
    if (filter == PC_RESIZE_AUTO) filter = n_dst < n_src ? PC_RESIZE_AREA : PC_RESIZE_BILINEAR;
    double scale = (double)n_src / (double)n_dst;
    t->taps = filter == PC_RESIZE_AREA ? (int)ceil(scale) + 1 : 2;
    t->first = malloc(sizeof(int) * (size_t)n_dst);
    t->weight = calloc((size_t)n_dst * (size_t)t->taps, sizeof(float));
    if (!t->first || !t->weight) { axis_table_free(t); return 0; }

    for (int d = 0; d < n_dst; d++) {
        float *w = t->weight + (size_t)d * (size_t)t->taps;
        if (filter == PC_RESIZE_AREA) {
            double a = d * scale, b = (d + 1) * scale;
            int j0 = (int)floor(a);
            int j1 = (int)ceil(b);
            if (j1 > n_src) j1 = n_src;
            t->first[d] = j0;
            for (int j = j0; j < j1 && j - j0 < t->taps; j++) {
                double lo = a > j ? a : j, hi = b < j + 1 ? b : j + 1;
                w[j - j0] = (float)((hi - lo) / (b - a));
            }
        } else {
            double x = (d + 0.5) * scale - 0.5;
            if (x < 0) x = 0;
            if (x > n_src - 1) x = n_src - 1;
            int j0 = (int)floor(x);
            if (j0 > n_src - 2) j0 = n_src > 1 ? n_src - 2 : 0;
            double f = x - j0;
            t->first[d] = j0;
            w[0] = (float)(1.0 - f);
            if (n_src > 1) w[1] = (float)f;
        }
    }
    return 1;
}

/* Vertical pass: dst row d = sum of tmp rows weighted by the y table. */
static void vertical_pass(const float *tmp, int row_len, const axis_table *ty, int dh, int sh, float *dst)
{
    for (int d = 0; d < dh; d++) {
        float *out = dst + (size_t)d * (size_t)row_len;
        for (int i = 0; i < row_len; i++) out[i] = 0.0f;
        const float *w = ty->weight + (size_t)d * (size_t)ty->taps;
        for (int k = 0; k < ty->taps; k++) {
            int j = ty->first[d] + k;
            if (w[k] == 0.0f || j >= sh) continue;
            const float *in = tmp + (size_t)j * (size_t)row_len;
            for (int i = 0; i < row_len; i++) out[i] += w[k] * in[i];
        }
    }
}

void pc_resize_f32(const float *src, int sw, int sh, int channels, pc_resize_filter filter, float *dst, int dw,
                   int dh)
{
    axis_table tx = {0}, ty = {0};
    float *tmp = malloc(sizeof(float) * (size_t)sh * (size_t)dw * (size_t)channels);
    if (!tmp || !axis_table_init(&tx, sw, dw, filter) || !axis_table_init(&ty, sh, dh, filter)) {
        /* Out of memory on a small internal buffer: leave dst zeroed rather than crash. */
        for (size_t i = 0; i < (size_t)dw * (size_t)dh * (size_t)channels; i++) dst[i] = 0.0f;
        goto done;
    }
    for (int y = 0; y < sh; y++) {
        const float *in = src + (size_t)y * (size_t)sw * (size_t)channels;
        float *out = tmp + (size_t)y * (size_t)dw * (size_t)channels;
        for (int d = 0; d < dw; d++) {
            const float *w = tx.weight + (size_t)d * (size_t)tx.taps;
            for (int c = 0; c < channels; c++) {
                float acc = 0.0f;
                for (int k = 0; k < tx.taps; k++) {
                    int j = tx.first[d] + k;
                    if (j < sw) acc += w[k] * in[(size_t)j * (size_t)channels + (size_t)c];
                }
                out[(size_t)d * (size_t)channels + (size_t)c] = acc;
            }
        }
    }
    vertical_pass(tmp, dw * channels, &ty, dh, sh, dst);
done:
    free(tmp);
    axis_table_free(&tx);
    axis_table_free(&ty);
}

pc_status pc_image_resize(pc_ctx *ctx, const pc_image *src, int width, int height,
                          pc_resize_filter filter, pc_image *out)
{
    if (!src || !src->rgb || src->width <= 0 || src->height <= 0)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "resize: empty source image");
    pc_image result = {0};
    pc_status status = pc_image_create(ctx, width, height, &result);
    if (status) return status;

    int sw = src->width, sh = src->height;
    axis_table tx = {0}, ty = {0};
    float *tmp = malloc(sizeof(float) * (size_t)sh * (size_t)width * 3);
    float *rows = malloc(sizeof(float) * (size_t)height * (size_t)width * 3);
    if (!tmp || !rows || !axis_table_init(&tx, sw, width, filter) || !axis_table_init(&ty, sh, height, filter)) {
        status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "resize: out of memory");
        pc_image_free(&result);
        goto done;
    }
    for (int y = 0; y < sh; y++) {
        const uint8_t *in = src->rgb + (size_t)y * (size_t)sw * 3;
        float *o = tmp + (size_t)y * (size_t)width * 3;
        for (int d = 0; d < width; d++) {
            const float *w = tx.weight + (size_t)d * (size_t)tx.taps;
            float r = 0, g = 0, b = 0;
            for (int k = 0; k < tx.taps; k++) {
                int j = tx.first[d] + k;
                if (j >= sw) break;
                r += w[k] * in[3 * j];
                g += w[k] * in[3 * j + 1];
                b += w[k] * in[3 * j + 2];
            }
            o[3 * d] = r;
            o[3 * d + 1] = g;
            o[3 * d + 2] = b;
        }
    }
    vertical_pass(tmp, width * 3, &ty, height, sh, rows);
    for (size_t i = 0; i < (size_t)width * (size_t)height * 3; i++) {
        float v = floorf(rows[i] + 0.5f);
        result.rgb[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
    *out = result;
done:
    free(tmp);
    free(rows);
    axis_table_free(&tx);
    axis_table_free(&ty);
    return status;
}
