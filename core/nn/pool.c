/* pool.c: 2x2 max-pool with stride 2 (Keras MaxPooling2D((2, 2)), PyTorch max_pool2d(x, 2))
 * and global max-pool (Keras GlobalMaxPooling2D), forward and backward.
 *
 * Backward recomputes each window's argmax from the forward input instead of storing
 * indices: the first maximum in row-major window order wins, which is PyTorch's choice
 * (it updates only on a strictly greater value). Ties are common after a ReLU (several
 * zeros), but a zero that wins a pool came from a ReLU that also zeroes its gradient,
 * so the choice does not change any parameter gradient. NaN never wins. */
#include <string.h>

#include "layers.h"

void pc_maxpool2x2_forward(const float *in, size_t n, size_t h, size_t w, size_t c, float *out)
{
    const size_t ho = pc_pool2_out(h), wo = pc_pool2_out(w);
    for (size_t b = 0; b < n; b++)
        for (size_t y = 0; y < ho; y++)
            for (size_t x = 0; x < wo; x++) {
                const float *r0 = in + ((b * h + 2 * y) * w + 2 * x) * c, *r1 = r0 + w * c;
                float *o = out + ((b * ho + y) * wo + x) * c;
                for (size_t ch = 0; ch < c; ch++) {
                    float m = r0[ch];
                    if (r0[c + ch] > m) m = r0[c + ch];
                    if (r1[ch] > m) m = r1[ch];
                    if (r1[c + ch] > m) m = r1[c + ch];
                    o[ch] = m;
                }
            }
}

void pc_maxpool2x2_backward(const float *in, const float *dout, size_t n, size_t h, size_t w, size_t c, float *din)
{
    const size_t ho = pc_pool2_out(h), wo = pc_pool2_out(w);
    memset(din, 0, n * h * w * c * sizeof(float));
    for (size_t b = 0; b < n; b++)
        for (size_t y = 0; y < ho; y++)
            for (size_t x = 0; x < wo; x++) {
                const size_t base = ((b * h + 2 * y) * w + 2 * x) * c;
                const size_t offs[4] = {0, c, w * c, w * c + c};
                const float *g = dout + ((b * ho + y) * wo + x) * c;
                for (size_t ch = 0; ch < c; ch++) {
                    size_t best = 0;
                    for (size_t q = 1; q < 4; q++)
                        if (in[base + offs[q] + ch] > in[base + offs[best] + ch]) best = q;
                    din[base + offs[best] + ch] = g[ch];
                }
            }
}

void pc_global_maxpool_forward(const float *in, size_t n, size_t h, size_t w, size_t c, float *out)
{
    for (size_t b = 0; b < n; b++) {
        const float *src = in + b * h * w * c;
        float *o = out + b * c;
        memcpy(o, src, c * sizeof(float));
        for (size_t p = 1; p < h * w; p++)
            for (size_t ch = 0; ch < c; ch++)
                if (src[p * c + ch] > o[ch]) o[ch] = src[p * c + ch];
    }
}

void pc_global_maxpool_backward(const float *in, const float *dout, size_t n, size_t h, size_t w, size_t c, float *din)
{
    memset(din, 0, n * h * w * c * sizeof(float));
    for (size_t b = 0; b < n; b++) {
        const float *src = in + b * h * w * c;
        for (size_t ch = 0; ch < c; ch++) {
            size_t best = 0;
            for (size_t p = 1; p < h * w; p++)
                if (src[p * c + ch] > src[best * c + ch]) best = p;
            din[b * h * w * c + best * c + ch] = dout[b * c + ch];
        }
    }
}
