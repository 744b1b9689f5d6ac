/* f32-conv3x3-ref.c: the reference 3x3 "same" convolution, NHWC input, HWIO weights.
 *
 * The definition every other conv kernel is checked against, written as the formula:
 *     out[n][y][x][o] = bias[o] + sum_{dy, dx, i} in[n][y + dy - 1][x + dx - 1][i] * w[dy][dx][i][o]
 * with zeros outside the image (padding 1, Keras padding="same", PyTorch padding=1), and
 *     dw[dy][dx][i][o] += sum_{n, y, x} in[n][y + dy - 1][x + dx - 1][i] * dout[n][y][x][o].
 * The packed form is the HWIO kernel itself (packed size 0: callers pass the weights).
 * No workspace. Sums run in float. */
#include <string.h>

#include "../kernels.h"

size_t pc_f32_conv3x3_packed_size__ref(size_t ci, size_t co)
{
    (void)ci, (void)co;
    return 0;   /* no packing: the kernel reads the HWIO weights where they are */
}

void pc_f32_conv3x3_pack__ref(const float *w, size_t ci, size_t co, float *packed)
{
    memcpy(packed, w, 9 * ci * co * sizeof(float));
}

size_t pc_f32_conv3x3_workspace__ref(const pc_kernels *k, size_t n, size_t h, size_t w, size_t ci, size_t co)
{
    (void)k, (void)n, (void)h, (void)w, (void)ci, (void)co;
    return 0;
}

void pc_f32_conv3x3_forward__ref(const pc_kernels *k, const float *in, const float *packed, const float *bias, size_t n,
                                 size_t h, size_t w, size_t ci, size_t co, int relu, void *ws, float *out)
{
    (void)k, (void)ws;
    for (size_t b = 0; b < n; b++)
        for (size_t y = 0; y < h; y++)
            for (size_t x = 0; x < w; x++) {
                float *o = out + ((b * h + y) * w + x) * co;
                for (size_t oc = 0; oc < co; oc++) o[oc] = bias ? bias[oc] : 0.0f;
                for (size_t dy = 0; dy < 3; dy++) {
                    if (y + dy < 1 || y + dy - 1 >= h) continue;
                    for (size_t dx = 0; dx < 3; dx++) {
                        if (x + dx < 1 || x + dx - 1 >= w) continue;
                        const float *src = in + ((b * h + y + dy - 1) * w + x + dx - 1) * ci;
                        const float *wt = packed + (dy * 3 + dx) * ci * co;
                        for (size_t i = 0; i < ci; i++)
                            for (size_t oc = 0; oc < co; oc++) o[oc] += src[i] * wt[i * co + oc];
                    }
                }
                if (relu)
                    for (size_t oc = 0; oc < co; oc++) o[oc] = o[oc] > 0.0f ? o[oc] : 0.0f;
            }
}

void pc_f32_conv3x3_backward_filter__ref(const pc_kernels *k, const float *in, const float *dout, size_t n, size_t h,
                                         size_t w, size_t ci, size_t co, void *ws, float *dw)
{
    (void)k, (void)ws;
    /* Pixel by pixel, each tap's contribution added straight into dw (oc innermost, so
     * the loops stream through memory; this is also the wasm build's training path). */
    for (size_t b = 0; b < n; b++)
        for (size_t y = 0; y < h; y++)
            for (size_t x = 0; x < w; x++) {
                const float *g = dout + ((b * h + y) * w + x) * co;
                for (size_t dy = 0; dy < 3; dy++) {
                    if (y + dy < 1 || y + dy - 1 >= h) continue;
                    for (size_t dx = 0; dx < 3; dx++) {
                        if (x + dx < 1 || x + dx - 1 >= w) continue;
                        const float *src = in + ((b * h + y + dy - 1) * w + x + dx - 1) * ci;
                        float *dwt = dw + (dy * 3 + dx) * ci * co;
                        for (size_t i = 0; i < ci; i++)
                            for (size_t oc = 0; oc < co; oc++) dwt[i * co + oc] += src[i] * g[oc];
                    }
                }
            }
}
