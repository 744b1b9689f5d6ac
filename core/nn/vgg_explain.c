/* vgg_explain.c: the Grad-CAM gradient: the explained conv's activation and the gradient
 * of one class score with respect to it (Selvaraju et al. 2017). Its buffers are made on
 * first use for the explained layer (sized by vgg_plan_range, one image) and kept until
 * another layer is asked for; the heat map itself is computed by the caller. */
#include <stdlib.h>
#include <string.h>

#include "vgg_internal.h"

void vgg_explain_release(vgg_explain *e)
{
    free(e->block);
    memset(e, 0, sizeof *e);
    e->layer = -1;
}

static int find_conv(const pc_vgg *m, const char *layer)
{
    for (int i = 0; i < m->L.n_ops; i++)
        if (m->L.ops[i].kind == OP_CONV && layer && strcmp(m->L.ops[i].name, layer) == 0) return i;
    return -1;
}

int pc_vgg_conv_shape(const pc_vgg *m, const char *layer, pc_shape *out)
{
    int i = find_conv(m, layer);
    if (i < 0) return 0;
    *out = m->L.ops[i].out;
    return 1;
}

/* Buffers for explaining at op c, one image (vgg_plan_range from c): outputs of ops
 * [c, end), the transposed kernels of the convs above c, a transpose scratch and two
 * gradient buffers, carved in that order. */
static pc_status explain_prepare(pc_ctx *ctx, pc_vgg *m, int c)
{
    vgg_explain *e = &m->explain;
    if (e->layer == c) return PC_STATUS_OK;
    vgg_explain_release(e);
    vgg_range_plan R;
    size_t bytes;
    /* Checked like the training plan: from a conv below f it covers more ops than that one. */
    if (!vgg_plan_range(&m->L, &m->kernels, c, 1, &R) || !pc_size_mul(R.total, sizeof(float), &bytes))
        return pc_fail(ctx, PC_STATUS_TOO_LARGE, "vgg: the Grad-CAM buffers do not fit in memory");
    e->block = vgg_arena_alloc(bytes);
    if (!e->block) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "vgg: out of memory for the Grad-CAM buffers");
    float *p = e->block;
    for (int i = c; i < m->L.n_ops; i++) e->acts[i] = p, p += R.act_each[i];
    for (int i = c; i < m->L.n_ops; i++) e->packed_t[i] = R.packed_t_each[i] ? p : NULL, p += R.packed_t_each[i];
    e->scratch = R.transpose_scratch ? p : NULL, p += R.transpose_scratch;
    e->grad_a = p, p += R.grad_each;
    e->grad_b = p;
    e->layer = c;
    return PC_STATUS_OK;
}

pc_status pc_vgg_class_gradient(pc_ctx *ctx, pc_vgg *m, const float *x, int class_index, const char *layer,
                                float *act, float *grad, float *probs)
{
    const int c = find_conv(m, layer);
    if (c < 0) return pc_fail(ctx, PC_STATUS_NOT_FOUND, "vgg: no conv layer named '%s'", layer ? layer : "(null)");
    if (class_index < 0 || class_index >= m->cfg.classes)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: class %d is outside 0..%d", class_index,
                       m->cfg.classes - 1);
    if (!x || !act || !grad) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: no input or output buffer");
    pc_status st = explain_prepare(ctx, m, c);
    if (st) return st;
    vgg_explain *e = &m->explain;
    const int end = m->L.n_ops;
    /* Up to c-1 on the inference buffers, then every output from c on kept. */
    const float *cin = c == 0 ? x : vgg_forward_range(m, 0, c, x, 1, 0, NULL, NULL, NULL);
    const float *acts[VGG_MAX_OPS] = {0};
    vgg_forward_range(m, c, end, cin, 1, 0, e->acts, NULL, acts);
    const size_t K = (size_t)m->cfg.classes;
    if (probs) pc_softmax_forward(acts[end - 1], 1, K, probs);
    for (int i = c + 1; i < end; i++)
        if (e->packed_t[i]) vgg_pack_conv_transposed(m, &m->L.ops[i], e->scratch, e->packed_t[i]);
    memset(e->grad_a, 0, K * sizeof(float));
    e->grad_a[class_index] = 1.0f;
    float *g = e->grad_a;
    if (c + 1 < end) {
        const vgg_backward b = {.stop = c + 1, .last = end, .nb = 1, .acts = acts, .in_of_stop = acts[c],
                                .packed_t = e->packed_t, .train = 0, .param_grads = 0, .want_din = 1,
                                .grad_a = e->grad_a, .grad_b = e->grad_b};
        g = vgg_backward_range(m, &b);
    }
    const size_t count = vgg_op_elems(&m->L.ops[c]);
    memcpy(act, acts[c], count * sizeof(float));
    memcpy(grad, g, count * sizeof(float));
    return PC_STATUS_OK;
}
