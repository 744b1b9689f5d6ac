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

void pc_conv2d_backward(const pc_kernels *k, const float *in, const float *out, const float *packed_t, size_t n,
                        size_t h, size_t w, size_t ci, size_t co, int relu, void *ws, float *dout, float *din,
                        float *dw, float *db)
{
    const size_t pixels = n * h * w;
    if (relu) pc_relu_backward(out, dout, pixels * co, dout);
    if (db)
        for (size_t p = 0; p < pixels; p++)
            for (size_t c = 0; c < co; c++) db[c] += dout[p * co + c];
    if (dw) k->conv_backward_filter(k, in, dout, n, h, w, ci, co, ws, dw);
    if (din) k->conv_forward(k, dout, packed_t, NULL, n, h, w, co, ci, 0, ws, din);
}
