/* vgg_model.c: building and freeing a model: the kernels table, one arena per lifetime
 * sized by vgg_plan.c and carved into views in the plan's order, Keras' default
 * initialisation. Parameter access and packing are vgg_params.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vgg_internal.h"

void *vgg_arena_alloc(size_t bytes)
{
    bytes = (bytes + 63) / 64 * 64;
    if (bytes == 0) bytes = 64;
    void *p = aligned_alloc(64, bytes);
    if (p) memset(p, 0, bytes);
    return p;
}

const pc_vgg_config *pc_vgg_get_config(const pc_vgg *m)
{
    return &m->cfg;
}

const pc_kernels *pc_vgg_get_kernels(const pc_vgg *m)
{
    return &m->kernels;
}

const pc_vgg_memory *pc_vgg_get_memory(const pc_vgg *m)
{
    return &m->plan.mem;
}

static void init_glorot(pc_vgg *m)
{
    pc_rng rng;
    pc_rng_seed(&rng, m->cfg.seed, 0x696e6974u /* "init" */);
    for (int t = 0; t < m->L.n_tensors; t++) {
        const vgg_tensor *ts = &m->L.tensors[t];
        float *data = m->params + ts->offset;
        if (ts->ndim == 1) continue;   /* biases stay zero */
        /* Keras GlorotUniform: limit = sqrt(6 / (fan_in + fan_out)), fans include the 3x3 field. */
        double fan_in = ts->ndim == 4 ? 9.0 * (double)ts->dims[2] : (double)ts->dims[0];
        double fan_out = ts->ndim == 4 ? 9.0 * (double)ts->dims[3] : (double)ts->dims[1];
        float limit = (float)sqrt(6.0 / (fan_in + fan_out));
        for (size_t i = 0; i < ts->count; i++) data[i] = pc_rng_range(&rng, -limit, limit);
    }
}

void pc_vgg_free(pc_vgg *m)
{
    if (!m) return;
    vgg_explain_release(&m->explain);
    free(m->params);
    free(m->grads);
    free(m->packed);
    free(m->train);
    free(m->masks);
    free(m->infer_a);
    free(m->ws);
    pc_kernels_free(&m->kernels);
    free(m);
}

pc_status pc_vgg_create(pc_ctx *ctx, const pc_vgg_config *cfg, pc_vgg **out)
{
    pc_status st = pc_vgg_config_check(ctx, cfg);
    if (st) return st;
    pc_vgg *m = calloc(1, sizeof *m);
    if (!m) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "vgg: out of memory");
    m->cfg = *cfg;
    m->explain.layer = -1;
    vgg_build_layout(cfg, &m->L);
    if ((st = pc_kernels_init(ctx, &cfg->kernels, &m->kernels))) {
        free(m);
        return st;
    }
    vgg_plan *P = &m->plan;
    if ((st = vgg_plan_memory(ctx, cfg, &m->kernels, &m->L, P))) {
        pc_vgg_free(m);
        return st;
    }
    const pc_vgg_memory *mem = &P->mem;
    const size_t B = (size_t)cfg->batch;
    m->params = vgg_arena_alloc(mem->params * sizeof(float));
    m->grads = vgg_arena_alloc(3 * mem->trainable * sizeof(float));
    m->packed = vgg_arena_alloc(mem->packed * sizeof(float));
    m->train = vgg_arena_alloc(mem->train_acts * sizeof(float));
    m->masks = vgg_arena_alloc(mem->mask_bytes);
    m->infer_a = vgg_arena_alloc(mem->infer_acts * sizeof(float));
    m->ws = vgg_arena_alloc(mem->workspace_bytes);
    if (!m->params || !m->grads || !m->packed || !m->train || !m->masks || !m->infer_a || !m->ws) {
        double mb = (double)mem->total_bytes / (1024.0 * 1024.0);
        pc_vgg_free(m);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "vgg: cannot allocate %.0f MB for the model", mb);
    }
    m->adam_m = m->grads + mem->trainable;
    m->adam_v = m->adam_m + mem->trainable;
    m->infer_b = m->infer_a + mem->infer_acts / 2;

    /* Carve the views. */
    float *p = m->packed;
    for (int i = 0; i < m->L.n_ops; i++) {
        vgg_op *op = &m->L.ops[i];
        if (op->kind != OP_CONV) continue;
        op->packed = P->packed_each[i] ? p : vgg_weights_of(m, op);
        p += P->packed_each[i];
        op->packed_t = P->train.packed_t_each[i] ? p : NULL;
        p += P->train.packed_t_each[i];
    }
    m->transpose_scratch = P->train.transpose_scratch ? p : NULL;
    float *a = m->train;
    m->train_in = a;
    a += vgg_align_up(B * P->frozen_elems);
    uint8_t *mk = m->masks;
    for (int i = m->L.first_trainable; i < m->L.n_ops; i++) {
        vgg_op *op = &m->L.ops[i];
        op->act = a;
        a += P->train.act_each[i];
        if (op->kind == OP_DROPOUT) {
            op->mask = mk;
            mk += P->train.act_each[i];
        }
    }
    m->grad_a = a;
    a += P->train.grad_each;
    m->grad_b = a;
    a += P->train.grad_each;
    m->probs = a;

    init_glorot(m);
    pc_vgg_sync_weights(m);
    pc_rng_seed(&m->dropout_rng, cfg->seed, 0x64726f70u /* "drop" */);
    *out = m;
    return PC_STATUS_OK;
}
