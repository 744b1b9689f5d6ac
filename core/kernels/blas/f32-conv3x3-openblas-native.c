/* f32-conv3x3-openblas-native.c: 3x3 "same" convolution (forward and weight gradient) as
 * im2col + OpenBLAS sgemm (f32-gemm-openblas-native.c).
 *
 * This is darknet's im2col + GEMM, in chunks of output pixels so the column
 * buffer stays bounded (at most PC_IM2COL_MAX floats, 16 MB): a chunk's rows are the
 * 9 * CI input values under each pixel's taps (zeros outside), then
 *     forward:        out[chunk] (rows, CO) = col (rows, 9 CI) x W (9 CI, CO), + bias, ReLU
 *     weight grad.:   dW (9 CI, CO) += col^T x dOut[chunk] (rows, CO)
 * The packed weights are the HWIO kernel itself. It is the measured alternative to the
 * own AVX2 kernels (kernels.c says which won). */
#include <string.h>

#include "blas.h"

#define PC_IM2COL_MAX ((size_t)4 << 20)

static size_t chunk_rows(size_t pixels, size_t ci)
{
    size_t rows = PC_IM2COL_MAX / (9 * ci);
    if (rows < 1) rows = 1;
    return rows < pixels ? rows : pixels;
}

size_t pc_f32_conv3x3_workspace_openblas__native(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci,
                                                 size_t co)
{
    (void)k, (void)co;
    return chunk_rows(n * h * w, ci) * 9 * ci * sizeof(float);
}

/* col (rows, 9 ci) for pixels p0 .. p0 + rows - 1. */
static void im2col(const float *in, size_t p0, size_t rows, size_t h, size_t w, size_t ci, float *col)
{
    for (size_t r = 0; r < rows; r++) {
        size_t p = p0 + r, b = p / (h * w), y = p % (h * w) / w, x = p % w;
        for (size_t s = 0; s < 9; s++) {
            size_t yy = y + s / 3, xx = x + s % 3;
            float *dst = col + (r * 9 + s) * ci;
            if (yy >= 1 && yy <= h && xx >= 1 && xx <= w)
                memcpy(dst, in + ((b * h + yy - 1) * w + xx - 1) * ci, ci * sizeof(float));
            else
                memset(dst, 0, ci * sizeof(float));
        }
    }
}

void pc_f32_conv3x3_forward_openblas__native(const pc_kernels *k, const float *in, const float *packed,
                                             const float *bias, size_t n, size_t h, size_t w, size_t ci, size_t co,
                                             int relu, void *ws, float *out)
{
    float *col = ws;
    const size_t pixels = n * h * w, step = chunk_rows(pixels, ci);
    for (size_t p0 = 0; p0 < pixels; p0 += step) {
        size_t rows = pixels - p0 < step ? pixels - p0 : step;
        im2col(in, p0, rows, h, w, ci, col);
        pc_f32_gemm_openblas__native(k, 0, 0, rows, co, 9 * ci, col, 9 * ci, packed, co, 0.0f, out + p0 * co, co);
    }
    for (size_t p = 0; p < pixels; p++) {
        float *o = out + p * co;
        if (bias)
            for (size_t c = 0; c < co; c++) o[c] += bias[c];
        if (relu)
            for (size_t c = 0; c < co; c++) o[c] = o[c] > 0.0f ? o[c] : 0.0f;
    }
}

void pc_f32_conv3x3_backward_filter_openblas__native(const pc_kernels *k, const float *in, const float *dout, size_t n,
                                                     size_t h, size_t w, size_t ci, size_t co, void *ws, float *dw)
{
    float *col = ws;
    const size_t pixels = n * h * w, step = chunk_rows(pixels, ci);
    for (size_t p0 = 0; p0 < pixels; p0 += step) {
        size_t rows = pixels - p0 < step ? pixels - p0 : step;
        im2col(in, p0, rows, h, w, ci, col);
        pc_f32_gemm_openblas__native(k, 1, 0, 9 * ci, co, rows, col, 9 * ci, dout + p0 * co, co, 1.0f, dw, co);
    }
}
