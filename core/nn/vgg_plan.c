/* vgg_plan.c: every buffer size of a model, as a pure function of its layout and the
 * kernels' packed and workspace sizes (llm.c's fill_in_*_sizes idea), computed once.
 *
 * Every sum and product is overflow-checked (base/checked.h): under WebAssembly size_t
 * is 32 bits, and a large input or batch must be refused with PC_STATUS_TOO_LARGE before
 * anything is allocated, never wrap to a small size. Activation sizes are checked before
 * the kernels' workspace functions are asked, so their own arithmetic (on the same or
 * smaller products) cannot wrap either. The same range plan sizes the training buffers
 * (from op f, cfg.batch images) and the Grad-CAM buffers (from the explained conv, one
 * image). vgg_model.c and vgg_explain.c carve their arenas in this plan's order. */
#include <stdlib.h>
#include <string.h>

#include "vgg_internal.h"

/* Checked steps: once one overflows, *ok stays 0 and the results are not used. */
static size_t mul(size_t a, size_t b, int *ok)
{
    size_t r = 0;
    if (!pc_size_mul(a, b, &r)) *ok = 0;
    return r;
}

static size_t add(size_t a, size_t b, int *ok)
{
    size_t r = 0;
    if (!pc_size_add(a, b, &r)) *ok = 0;
    return r;
}

static size_t align(size_t floats, int *ok)
{
    size_t r = 0;
    if (!vgg_size_align(floats, &r)) *ok = 0;
    return r;
}

static size_t shape_elems(pc_shape s, int *ok)
{
    size_t r = 0;
    if (!pc_size_mul3(s.h, s.w, s.c, &r)) *ok = 0;
    return r;
}

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

int vgg_plan_range(const vgg_layout *L, const pc_kernels *k, int from, size_t batch, vgg_range_plan *R)
{
    int ok = !L->too_large;
    memset(R, 0, sizeof *R);
    size_t grad_max = 0;
    for (int i = from; ok && i < L->n_ops; i++) {
        const vgg_op *op = &L->ops[i];
        const size_t e = mul(batch, shape_elems(op->out, &ok), &ok);
        R->act_each[i] = align(e, &ok);
        R->acts = add(R->acts, R->act_each[i], &ok);
        grad_max = max_size(grad_max, e);
        if (op->kind != OP_CONV || i == from || !ok) continue;
        /* The input gradient is a forward conv with the flipped, transposed kernel; with
         * packing kernels the HWIO transpose is made in a scratch buffer first. */
        const size_t ci = op->in.c, co = op->out.c, hwio = mul(9, mul(ci, co, &ok), &ok);
        const size_t pt = k->conv_packed_size(co, ci);
        R->packed_t_each[i] = align(pt ? pt : hwio, &ok);
        R->packed_t = add(R->packed_t, R->packed_t_each[i], &ok);
        if (pt) R->transpose_scratch = max_size(R->transpose_scratch, align(hwio, &ok));
    }
    R->grad_each = align(grad_max, &ok);
    R->total = add(add(R->acts, R->packed_t, &ok), add(R->transpose_scratch, mul(2, R->grad_each, &ok), &ok), &ok);
    return ok;
}

/* The largest kernel workspace any conv needs, in bytes (activation sizes already checked). */
static size_t plan_workspace(const vgg_layout *L, const pc_kernels *k, size_t B)
{
    const int f = L->first_trainable;
    size_t ws = 0;
    for (int i = 0; i < L->n_ops; i++) {
        const vgg_op *op = &L->ops[i];
        if (op->kind != OP_CONV) continue;
        const size_t h = op->in.h, w = op->in.w, ci = op->in.c, co = op->out.c;
        ws = max_size(ws, k->conv_workspace(k, 1, h, w, ci, co));
        ws = max_size(ws, k->conv_workspace(k, 1, h, w, co, ci));   /* input gradient of one image (Grad-CAM) */
        if (i < f) continue;
        ws = max_size(ws, k->conv_workspace(k, B, h, w, ci, co));
        if (op->trainable) ws = max_size(ws, k->conv_filter_workspace(k, B, h, w, ci, co));
        if (i > f) ws = max_size(ws, k->conv_workspace(k, B, h, w, co, ci));   /* input gradient */
    }
    return ws;
}

pc_status vgg_plan_memory(pc_ctx *ctx, const pc_vgg_config *cfg, const pc_kernels *k, const vgg_layout *L,
                          vgg_plan *P)
{
    memset(P, 0, sizeof *P);
    pc_vgg_memory *mem = &P->mem;
    const size_t B = (size_t)cfg->batch;
    const int f = L->first_trainable;
    int ok = vgg_plan_range(L, k, f, B, &P->train);
    mem->params = L->param_floats;
    mem->trainable = L->trainable_floats;
    P->frozen_elems = shape_elems(L->ops[f].in, &ok);
    size_t infer_max = 0;
    for (int i = 0; ok && i < L->n_ops; i++) {
        const vgg_op *op = &L->ops[i];
        infer_max = max_size(infer_max, shape_elems(op->out, &ok));
        if (op->kind == OP_DROPOUT) mem->mask_bytes = add(mem->mask_bytes, P->train.act_each[i], &ok);
        if (op->kind != OP_CONV) continue;
        P->packed_each[i] = align(k->conv_packed_size(op->in.c, op->out.c), &ok);
        mem->packed = add(mem->packed, P->packed_each[i], &ok);
    }
    mem->packed = add(add(mem->packed, P->train.packed_t, &ok), P->train.transpose_scratch, &ok);
    /* frozen output + every op output from f up + two gradient buffers + probabilities */
    const size_t frozen = align(mul(B, P->frozen_elems, &ok), &ok);
    const size_t probs = align(mul(B, (size_t)cfg->classes, &ok), &ok);
    mem->train_acts = add(add(frozen, P->train.acts, &ok), add(mul(2, P->train.grad_each, &ok), probs, &ok), &ok);
    mem->infer_acts = mul(2, align(infer_max, &ok), &ok);
    if (ok) mem->workspace_bytes = add(plan_workspace(L, k, B), 63, &ok) / 64 * 64;
    size_t floats = add(mem->params, mul(3, mem->trainable, &ok), &ok);
    floats = add(floats, add(mem->packed, add(mem->train_acts, mem->infer_acts, &ok), &ok), &ok);
    mem->total_bytes = add(mul(floats, sizeof(float), &ok), add(mem->mask_bytes, mem->workspace_bytes, &ok), &ok);
    /* Half the address space at most: the allocator's rounding and the kernels' index
     * arithmetic near the top would otherwise be the next thing to wrap. */
    if (!ok || mem->total_bytes > SIZE_MAX / 2)
        return pc_fail(ctx, PC_STATUS_TOO_LARGE, "vgg: a %d x %d input with batch %d does not fit in memory",
                       cfg->height, cfg->width, cfg->batch);
    return PC_STATUS_OK;
}

pc_status pc_vgg_memory_plan(pc_ctx *ctx, const pc_vgg_config *cfg, const pc_kernels *k, pc_vgg_memory *out)
{
    pc_status st = pc_vgg_config_check(ctx, cfg);
    if (st) return st;
    vgg_layout *L = malloc(sizeof *L);
    vgg_plan *P = malloc(sizeof *P);
    if (!L || !P) {
        free(L);
        free(P);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "vgg: out of memory");
    }
    vgg_build_layout(cfg, L);
    st = vgg_plan_memory(ctx, cfg, k, L, P);
    if (!st) *out = P->mem;
    free(L);
    free(P);
    return st;
}
