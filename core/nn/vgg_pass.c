/* vgg_pass.c: forward and backward over a range of the layer list, the two loops every
 * public call (predict, frozen features, training step, Grad-CAM) is made of. They call
 * the layers of layers.h on views the caller carved; nothing here allocates, and which
 * buffers a pass uses is the caller's choice (vgg_internal.h). */
#include <string.h>

#include "vgg_internal.h"

const float *vgg_forward_range(pc_vgg *m, int first, int last, const float *in, size_t nb, int train,
                               float *const *store, float *final_out, const float **where)
{
    const pc_kernels *k = &m->kernels;
    const float *cur = in;
    for (int i = first; i < last; i++) {
        vgg_op *op = &m->L.ops[i];
        float *dst = store && store[i] ? store[i] : (cur == m->infer_a ? m->infer_b : m->infer_a);
        if (i == last - 1 && final_out) dst = final_out;
        const pc_shape s = op->in;
        switch (op->kind) {
        case OP_CONV:
            pc_conv2d_forward(k, cur, op->packed, vgg_bias_of(m, op), nb, s.h, s.w, s.c, op->out.c, op->relu, m->ws,
                              dst);
            break;
        case OP_POOL:
            pc_maxpool2x2_forward(cur, nb, s.h, s.w, s.c, dst);
            break;
        case OP_GMP:
            pc_global_maxpool_forward(cur, nb, s.h, s.w, s.c, dst);
            break;
        case OP_DENSE:
            pc_dense_forward(k, cur, vgg_weights_of(m, op), vgg_bias_of(m, op), nb, s.c, op->out.c, op->relu, dst);
            break;
        case OP_DROPOUT:
            if (train && m->cfg.dropout > 0.0f)
                pc_dropout_forward(cur, nb * s.c, m->cfg.dropout, &m->dropout_rng, dst, op->mask);
            else if ((store && store[i]) || (i == last - 1 && final_out))
                memcpy(dst, cur, nb * s.c * sizeof(float));
            else
                dst = (float *)cur;   /* inference: the identity, no copy */
            break;
        }
        if (where) where[i] = dst;
        cur = dst;
    }
    return cur;
}

float *vgg_backward_range(pc_vgg *m, const vgg_backward *b)
{
    const pc_kernels *k = &m->kernels;
    const size_t nb = b->nb;
    const int train = b->train;
    float *grad = b->grad_a;
    for (int i = b->last - 1; i >= b->stop; i--) {
        vgg_op *op = &m->L.ops[i];
        const float *in = i == b->stop ? b->in_of_stop : b->acts[i - 1];
        float *din = i > b->stop || b->want_din ? (grad == b->grad_a ? b->grad_b : b->grad_a) : NULL;
        const pc_shape s = op->in;
        const int pg = b->param_grads && op->trainable;
        switch (op->kind) {
        case OP_CONV:
            pc_conv2d_backward(k, in, b->acts[i], b->packed_t[i], nb, s.h, s.w, s.c, op->out.c, op->relu, m->ws, grad,
                               din, pg ? vgg_grad_of(m, op->tensor) : NULL, pg ? vgg_grad_of(m, op->tensor + 1) : NULL);
            break;
        case OP_POOL:
            if (din) pc_maxpool2x2_backward(in, grad, nb, s.h, s.w, s.c, din);
            break;
        case OP_GMP:
            if (din) pc_global_maxpool_backward(in, grad, nb, s.h, s.w, s.c, din);
            break;
        case OP_DENSE:
            pc_dense_backward(k, in, b->acts[i], vgg_weights_of(m, op), nb, s.c, op->out.c, op->relu, grad, din,
                              pg ? vgg_grad_of(m, op->tensor) : NULL, pg ? vgg_grad_of(m, op->tensor + 1) : NULL);
            break;
        case OP_DROPOUT:
            if (din) {
                if (train && m->cfg.dropout > 0.0f)
                    pc_dropout_backward(grad, op->mask, nb * s.c, m->cfg.dropout, din);
                else
                    memcpy(din, grad, nb * s.c * sizeof(float));
            }
            break;
        }
        if (!din) return NULL;
        grad = din;
    }
    return grad;
}
