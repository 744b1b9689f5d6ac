/* vgg_params.c: the parameter tensors of a built model by index and name (views into the
 * parameter and gradient arenas), and the packing of conv weights into the kernels'
 * layout after they change. */
#include <string.h>

#include "vgg_internal.h"

size_t pc_vgg_tensor_count(const pc_vgg *m)
{
    return (size_t)m->L.n_tensors;
}

void pc_vgg_tensor_get(pc_vgg *m, size_t i, pc_vgg_tensor *out)
{
    const vgg_tensor *t = &m->L.tensors[i];
    memset(out, 0, sizeof *out);
    out->name = t->name;
    out->layer = m->L.ops[t->op].name;
    out->ndim = t->ndim;
    for (int d = 0; d < t->ndim; d++) out->dims[d] = t->dims[d];
    out->count = t->count;
    out->data = m->params + t->offset;
    out->grad = vgg_grad_of(m, (int)i);
    out->trainable = t->trainable;
}

long pc_vgg_tensor_find(const pc_vgg *m, const char *name)
{
    for (int t = 0; t < m->L.n_tensors; t++)
        if (strcmp(m->L.tensors[t].name, name) == 0) return t;
    return -1;
}

void vgg_pack_conv_transposed(pc_vgg *m, const vgg_op *op, float *scratch, float *packed_t)
{
    const pc_kernels *k = &m->kernels;
    const size_t ci = op->in.c, co = op->out.c;
    const float *w = vgg_weights_of(m, op);
    if (k->conv_packed_size(co, ci)) {
        pc_conv3x3_transpose_weights(w, ci, co, scratch);
        k->conv_pack(scratch, co, ci, packed_t);
    } else {
        pc_conv3x3_transpose_weights(w, ci, co, packed_t);
    }
}

void vgg_pack_conv(pc_vgg *m, const vgg_op *op, float *scratch, float *packed_t)
{
    const pc_kernels *k = &m->kernels;
    const size_t ci = op->in.c, co = op->out.c;
    if (k->conv_packed_size(ci, co)) k->conv_pack(vgg_weights_of(m, op), ci, co, op->packed);
    if (packed_t) vgg_pack_conv_transposed(m, op, scratch, packed_t);
}

void pc_vgg_sync_weights(pc_vgg *m)
{
    for (int i = 0; i < m->L.n_ops; i++)
        if (m->L.ops[i].kind == OP_CONV) vgg_pack_conv(m, &m->L.ops[i], m->transpose_scratch, m->L.ops[i].packed_t);
}
