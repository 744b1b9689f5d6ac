/* layers.h: the layers of the network engine, forward directly above backward (llm.c).
 *
 * Conventions:
 *   - argument order: see polarcad.h ("Conventions"); a dout that backward overwrites is written;
 *   - tensors are NHWC / HWIO / (I, O) as tensor.h says; sizes are per call, n = batch;
 *   - forward writes its outputs; backward WRITES din and ACCUMULATES (+=) into dw and db,
 *     so parameter gradients sum over calls until the caller zeroes them;
 *   - a NULL din (or dw/db) means "not needed": frozen layers compute no weight gradient,
 *     the lowest trainable layer computes no input gradient;
 *   - nothing allocates: scratch comes in as ws, sized by the kernels' workspace functions.
 * The references are Keras' layers (Conv2D padding "same", MaxPooling2D, GlobalMaxPooling2D,
 * Dense, Dropout, softmax + categorical cross-entropy, Adam) and their PyTorch twins. */
#ifndef PC_NN_LAYERS_H
#define PC_NN_LAYERS_H

#include <stddef.h>
#include <stdint.h>

#include "../base/rng.h"
#include "../kernels/kernels.h"
#include "adam.h"     /* pc_adam_config */
#include "tensor.h"

/* ---- conv2d.c: 3x3 "same" convolution + bias, optional fused ReLU --------------------- */

/* out (n, h, w, co) = relu?(conv3x3(in (n, h, w, ci), w) + bias). packed: the kernel in the
 * table's packed form (or the HWIO kernel when conv_packed_size is 0). */
void pc_conv2d_forward(const pc_kernels *k, const float *in, const float *packed, const float *bias, size_t n, size_t h,
                       size_t w, size_t ci, size_t co, int relu, void *ws, float *out);
/* Backward of the above. dout (n, h, w, co) is the gradient w.r.t. out and is OVERWRITTEN
 * by the gradient before the ReLU (masked where out <= 0, as PyTorch's relu backward).
 * out: the forward output (for the mask; unused when !relu). packed_t: the flipped and
 * transposed kernel (pc_conv3x3_transpose_weights) in packed form; needed only when din.
 * dw (3, 3, ci, co) and db (co) accumulate; din (n, h, w, ci) is written. */
void pc_conv2d_backward(const pc_kernels *k, const float *in, const float *out, const float *packed_t, size_t n,
                        size_t h, size_t w, size_t ci, size_t co, int relu, void *ws, float *dout, float *din,
                        float *dw, float *db);

/* ---- pool.c: 2x2 max-pool, stride 2, and global max-pool ----------------------------- */

/* out (n, h/2, w/2, c) = max over each 2x2 window (floor: an odd last row/column is dropped). */
void pc_maxpool2x2_forward(const float *in, size_t n, size_t h, size_t w, size_t c, float *out);
/* din (n, h, w, c) = dout routed to the first maximum of each window (row-major scan, as
 * PyTorch), zero elsewhere (also on dropped rows/columns). */
void pc_maxpool2x2_backward(const float *in, const float *dout, size_t n, size_t h, size_t w, size_t c, float *din);
/* out (n, c) = max over h, w. */
void pc_global_maxpool_forward(const float *in, size_t n, size_t h, size_t w, size_t c, float *out);
/* din (n, h, w, c) = dout (n, c) at the first maximum of each channel, zero elsewhere. */
void pc_global_maxpool_backward(const float *in, const float *dout, size_t n, size_t h, size_t w, size_t c, float *din);

/* ---- dense.c: fully connected + bias, optional fused ReLU ----------------------------- */

/* out (n, no) = relu?(in (n, ni) x w (ni, no) + bias (no)). */
void pc_dense_forward(const pc_kernels *k, const float *in, const float *w, const float *bias, size_t n, size_t ni,
                      size_t no, int relu, float *out);
/* dout (n, no) is OVERWRITTEN by the pre-ReLU gradient (when relu). dw, db accumulate;
 * din (n, ni) is written. */
void pc_dense_backward(const pc_kernels *k, const float *in, const float *out, const float *w, size_t n, size_t ni,
                       size_t no, int relu, float *dout, float *din, float *dw, float *db);

/* ---- act.c: ReLU ------------------------------------------------------------------------ */

/* out = max(0, in); out may equal in. */
void pc_relu_forward(const float *in, size_t count, float *out);
/* din = dout where out > 0, else 0 (the derivative at 0 is taken as 0, as PyTorch);
 * din may equal dout. */
void pc_relu_backward(const float *out, const float *dout, size_t count, float *din);

/* ---- dropout.c: inverted dropout ----------------------------------------------------------- */

/* Training: each element is kept with probability 1 - rate (mask[i] = 1) and scaled by
 * 1 / (1 - rate), else zeroed (Keras Dropout, training=True). The draws are one
 * pc_rng_uniform per element in index order (kept when u >= rate), so a given rng state
 * gives the same mask on every machine. rate in [0, 1). out may equal in. */
void pc_dropout_forward(const float *in, size_t count, float rate, pc_rng *rng, float *out, uint8_t *mask);
/* din = dout * mask / (1 - rate). din may equal dout. */
void pc_dropout_backward(const float *dout, const uint8_t *mask, size_t count, float rate, float *din);

/* ---- loss.c: softmax, and softmax + categorical cross-entropy ------------------------------ */

/* probs (n, k) = softmax(logits (n, k)) per row, the maximum subtracted first; the
 * prediction path's softmax, and the loss's below. */
void pc_softmax_forward(const float *logits, size_t n, size_t k, float *probs);
/* probs (n, k) = softmax(logits (n, k)) per row; returns the mean over the batch of
 * -log probs[label]. Computed as logsumexp - logit[label] with the maximum subtracted
 * first (exp never overflows; the loss of a confident wrong answer is finite). */
float pc_softmax_xent_forward(const float *logits, const int *labels, size_t n, size_t k, float *probs);
/* dlogits (n, k) = (probs - onehot(label)) / n, the gradient of the mean loss. Written. */
void pc_softmax_xent_backward(const float *probs, const int *labels, size_t n, size_t k, float *dlogits);

/* ---- adam.c: Adam, as Keras implements it ----------------------------------------------- */

/* One Adam step t (t >= 1) on count parameters:
 *     m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *     p -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon)  */
void pc_adam_update(const float *grad, size_t count, const pc_adam_config *cfg, long t, float *param, float *m,
                    float *v);

#endif
