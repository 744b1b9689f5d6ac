/* dense.c: the fully connected layer (Keras Dense(units, activation="relu"), PyTorch
 * Linear + ReLU), forward and backward, on the table's GEMM.
 *     out = in W + b                    (n, ni) x (ni, no)
 *     dW += in^T dZ,  db += colsum dZ,  din = dZ W^T      (dZ = dOut masked by the ReLU) */
#include "layers.h"

void pc_dense_forward(const pc_kernels *k, const float *in, const float *w, const float *bias, size_t n, size_t ni,
                      size_t no, int relu, float *out)
{
    k->gemm(k, 0, 0, n, no, ni, in, ni, w, no, 0.0f, out, no);
    for (size_t b = 0; b < n; b++)
        for (size_t o = 0; o < no; o++) out[b * no + o] += bias[o];
    if (relu) pc_relu_forward(out, n * no, out);
}

void pc_dense_backward(const pc_kernels *k, const float *in, const float *out, const float *w, size_t n, size_t ni,
                       size_t no, int relu, float *dout, float *din, float *dw, float *db)
{
    if (relu) pc_relu_backward(out, dout, n * no, dout);
    if (db)
        for (size_t b = 0; b < n; b++)
            for (size_t o = 0; o < no; o++) db[o] += dout[b * no + o];
    if (dw) k->gemm(k, 1, 0, ni, no, n, in, ni, dout, no, 1.0f, dw, no);
    if (din) k->gemm(k, 0, 1, n, ni, no, dout, no, w, no, 0.0f, din, ni);
}
