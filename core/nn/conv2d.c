/* conv2d.c: the 3x3 "same" convolution layer (Keras Conv2D(k, 3, padding="same",
 * activation="relu"), PyTorch Conv2d(ci, co, 3, padding=1) + ReLU), forward and backward.
 *
 * The arithmetic is the kernel table's (kernels.h): forward is one conv3x3 call; the
 * backward is three pieces:
 *     dZ   = dOut masked by the ReLU (out > 0)
 *     db  += sum over pixels of dZ                       (here, plain loop)
 *     dW  += conv3x3 weight gradient of (in, dZ)          (kernel)
 *     dIn  = conv3x3 forward of dZ with the flipped, transposed kernel (kernel)
 * The last identity: din[y][x][i] = sum_{dy,dx,o} dZ[y-dy+1][x-dx+1][o] w[dy][dx][i][o]
 * is a "same" convolution of dZ with wt[2-dy][2-dx][o][i] = w[dy][dx][i][o]. */
#include "layers.h"

void pc_conv2d_forward(const pc_kernels *k, const float *in, const float *packed, const float *bias, size_t n, size_t h,
                       size_t w, size_t ci, size_t co, int relu, void *ws, float *out)
{
    k->conv_forward(k, in, packed, bias, n, h, w, ci, co, relu, ws, out);
}

/* The ReLU mask and the bias gradient for channels [16 i, 16 i + 16): tasks own channels, so
 * each db[c] is still summed over the pixels in order (the same bits for any thread count). */
typedef struct mask_job {
    const float *out;
    float *dout, *db;
    size_t pixels, co;
    int relu;
} mask_job;

enum { MASK_CHANNELS = 16 };

static void mask_task(void *arg, size_t i)
{
    const mask_job *j = arg;
    const size_t c0 = i * MASK_CHANNELS, c1 = c0 + MASK_CHANNELS < j->co ? c0 + MASK_CHANNELS : j->co;
    for (size_t p = 0; p < j->pixels; p++) {
        float *d = j->dout + p * j->co;
        const float *o = j->out + p * j->co;
        if (j->relu) pc_relu_backward(o + c0, d + c0, c1 - c0, d + c0);
        if (j->db)
            for (size_t c = c0; c < c1; c++) j->db[c] += d[c];
    }
}

void pc_conv2d_backward(const pc_kernels *k, const float *in, const float *out, const float *packed_t, size_t n,
                        size_t h, size_t w, size_t ci, size_t co, int relu, void *ws, float *dout, float *din,
                        float *dw, float *db)
{
    /* dZ = dOut masked by the ReLU, and db: on the table's threads (serial, they were ~3 % of
     * a training step's time, doubled on a 2-thread pool that waits). */
    const mask_job mj = {out, dout, db, n * h * w, co, relu};
    if (relu || db) pc_parallel_for(k, (co + MASK_CHANNELS - 1) / MASK_CHANNELS, mask_task, (void *)&mj);
    if (dw) k->conv_backward_filter(k, in, dout, n, h, w, ci, co, ws, dw);
    if (din) k->conv_forward(k, dout, packed_t, NULL, n, h, w, co, ci, 0, ws, din);
}
