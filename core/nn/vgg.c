/* vgg.c: VGG16/VGG19 + the paper's head, assembled from the layers of core/nn (see vgg.h).
 *
 * Sections: the layer list (a pure function of the config), memory plan, create/free,
 * parameters, forward over a range of layers, backward over a range, the public
 * inference / training / Grad-CAM calls.
 *
 * The network is a list of ops (conv, pool, global max-pool, dense, dropout). Op f is the
 * lowest op with trainable parameters; ops [0, f) are frozen, ops [f, end) trainable.
 * Training keeps, for cfg.batch images, the input of op f ("frozen output") and the
 * output of every op from f up; backward walks down to f, computing parameter gradients
 * for trainable ops and input gradients only above f. Inference keeps only two
 * ping-pong buffers of one image. Simonyan & Zisserman 2015 (configurations D and E),
 * Keras applications/vgg16.py and vgg19.py for names and order. */
#include "vgg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_OPS = 32,
    MAX_TENSORS = PC_VGG_MAX_TENSORS,
    ALIGN_FLOATS = 16,   /* every arena view starts on a 64-byte boundary */
};

/* ---- the layer list ------------------------------------------------------------------- */

typedef enum op_kind { OP_CONV, OP_POOL, OP_GMP, OP_DENSE, OP_DROPOUT } op_kind;

typedef struct vgg_op {
    op_kind kind;
    char name[PC_VGG_NAME_MAX];
    pc_shape in, out;   /* one image (n = 1); dense and pooled vectors are (1, 1, 1, c) */
    int relu;
    int tensor;         /* index of the kernel tensor (bias = tensor + 1), -1 without parameters */
    int trainable;
    float *packed;      /* conv: weights as the kernels take them (view, or the HWIO kernel itself) */
    float *packed_t;    /* conv: flipped + transposed weights for the input gradient (view), or NULL */
    float *act;         /* training: this op's output for cfg.batch images (view), or NULL below f */
    uint8_t *mask;      /* dropout: training mask for cfg.batch images (view) */
} vgg_op;

typedef struct vgg_tensor {
    char name[2 * PC_VGG_NAME_MAX];
    int op;
    int ndim;
    size_t dims[4];
    size_t count;
    size_t offset;      /* floats into the parameter arena */
    size_t grad_offset; /* floats into the gradient / Adam arenas, when trainable */
    int trainable;
} vgg_tensor;

typedef struct vgg_layout {
    int n_ops, n_tensors, n_convs;
    int first_trainable;   /* f */
    vgg_op ops[MAX_OPS];
    vgg_tensor tensors[MAX_TENSORS];
} vgg_layout;

static const int vgg16_blocks[5] = {2, 2, 3, 3, 3};
static const int vgg19_blocks[5] = {2, 2, 4, 4, 4};
static const int block_channels[5] = {64, 128, 256, 512, 512};

int pc_vgg_conv_count(pc_vgg_arch arch)
{
    return arch == PC_VGG19 ? 16 : arch == PC_VGG16 ? 13 : 0;
}

const char *pc_vgg_arch_name(pc_vgg_arch arch)
{
    return arch == PC_VGG16 ? "vgg16" : arch == PC_VGG19 ? "vgg19" : NULL;
}

int pc_vgg_arch_parse(const char *name, pc_vgg_arch *out)
{
    if (name && strcmp(name, "vgg16") == 0) return *out = PC_VGG16, 1;
    if (name && strcmp(name, "vgg19") == 0) return *out = PC_VGG19, 1;
    return 0;
}

void pc_vgg_config_default(pc_vgg_config *cfg, pc_vgg_arch arch)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->arch = arch;
    cfg->height = 300;
    cfg->width = 300;
    cfg->width_mult = 1.0f;
    cfg->dense1 = 500;
    cfg->dense2 = 250;
    cfg->classes = 2;
    cfg->dropout = 0.5f;
    cfg->trainable_convs = 4;
    cfg->batch = 16;
    cfg->seed = 1;
    cfg->adam = pc_adam_config_default();
}

static size_t conv_channels(int base, float mult)
{
    long c = lroundf((float)base * mult);
    return c < 1 ? 1 : (size_t)c;
}

pc_status pc_vgg_config_check(pc_ctx *ctx, const pc_vgg_config *c)
{
    if (!c) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: no config");
    if (!pc_vgg_arch_name(c->arch))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: architecture %d is not VGG16 or VGG19", (int)c->arch);
    if (c->height < PC_VGG_MIN_SIDE || c->height > PC_VGG_MAX_SIDE || c->width < PC_VGG_MIN_SIDE ||
        c->width > PC_VGG_MAX_SIDE)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: input %d x %d is outside %d..%d pixels a side",
                       c->height, c->width, PC_VGG_MIN_SIDE, PC_VGG_MAX_SIDE);
    if (!(c->width_mult > 0.0f) || !(c->width_mult <= 8.0f) ||
        conv_channels(512, c->width_mult) > PC_VGG_MAX_CONV_CHANNELS)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: width multiplier %g is outside (0, 8]",
                       (double)c->width_mult);
    if (c->dense1 < 1 || c->dense1 > PC_VGG_MAX_DENSE || c->dense2 < 1 || c->dense2 > PC_VGG_MAX_DENSE)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: dense sizes %d, %d are outside 1..%d", c->dense1,
                       c->dense2, PC_VGG_MAX_DENSE);
    if (c->classes < 2 || c->classes > PC_VGG_MAX_CLASSES)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: %d classes is outside 2..%d", c->classes,
                       PC_VGG_MAX_CLASSES);
    if (!(c->dropout >= 0.0f) || !(c->dropout < 1.0f))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: dropout rate %g is outside [0, 1)", (double)c->dropout);
    if (c->trainable_convs < PC_VGG_ALL_CONVS || c->trainable_convs > pc_vgg_conv_count(c->arch))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                       "vgg: %d trainable conv layers is outside 0..%d (or -1 for all)", c->trainable_convs,
                       pc_vgg_conv_count(c->arch));
    if (c->batch < 1 || c->batch > PC_VGG_MAX_BATCH)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: batch %d is outside 1..%d", c->batch,
                       PC_VGG_MAX_BATCH);
    if (!(c->adam.lr > 0.0f) || !(c->adam.beta1 >= 0.0f && c->adam.beta1 < 1.0f) ||
        !(c->adam.beta2 >= 0.0f && c->adam.beta2 < 1.0f) || !(c->adam.epsilon > 0.0f))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                       "vgg: Adam needs lr > 0, beta1 and beta2 in [0, 1), epsilon > 0 (got %g, %g, %g, %g)",
                       (double)c->adam.lr, (double)c->adam.beta1, (double)c->adam.beta2, (double)c->adam.epsilon);
    return PC_STATUS_OK;
}

static size_t align_up(size_t floats)
{
    return (floats + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS;
}

static void add_tensor(vgg_layout *L, int op, const char *suffix, int ndim, const size_t *dims)
{
    vgg_tensor *t = &L->tensors[L->n_tensors++];
    char layer[PC_VGG_NAME_MAX];
    memcpy(layer, L->ops[op].name, sizeof layer);   /* a copy: snprintf's source and target must not overlap */
    snprintf(t->name, sizeof t->name, "%s/%s", layer, suffix);
    t->op = op;
    t->ndim = ndim;
    t->count = 1;
    for (int d = 0; d < ndim; d++) t->dims[d] = dims[d], t->count *= dims[d];
}

static vgg_op *add_op(vgg_layout *L, op_kind kind, const char *name, pc_shape in, pc_shape out, int relu)
{
    vgg_op *op = &L->ops[L->n_ops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    snprintf(op->name, sizeof op->name, "%s", name);
    op->in = in;
    op->out = out;
    op->relu = relu;
    op->tensor = -1;
    return op;
}

/* The whole network from a checked config: ops, shapes, tensors, trainable flags and
 * parameter offsets. Pure: no allocation, no state. */
static void build_layout(const pc_vgg_config *cfg, vgg_layout *L)
{
    memset(L, 0, sizeof *L);
    const int *blocks = cfg->arch == PC_VGG19 ? vgg19_blocks : vgg16_blocks;
    const int n_convs = pc_vgg_conv_count(cfg->arch);
    const int k = cfg->trainable_convs == PC_VGG_ALL_CONVS ? n_convs : cfg->trainable_convs;
    pc_shape s = pc_shape_make(1, (size_t)cfg->height, (size_t)cfg->width, 3);
    char name[PC_VGG_NAME_MAX];
    int conv_index = 0;
    for (int b = 0; b < 5; b++) {
        size_t co = conv_channels(block_channels[b], cfg->width_mult);
        for (int i = 0; i < blocks[b]; i++, conv_index++) {
            snprintf(name, sizeof name, "block%d_conv%d", b + 1, i + 1);
            pc_shape out = pc_shape_make(1, s.h, s.w, co);
            vgg_op *op = add_op(L, OP_CONV, name, s, out, 1);
            op->trainable = conv_index >= n_convs - k;
            op->tensor = L->n_tensors;
            size_t kd[4] = {3, 3, s.c, co}, bd[1] = {co};
            add_tensor(L, L->n_ops - 1, "kernel", 4, kd);
            add_tensor(L, L->n_ops - 1, "bias", 1, bd);
            s = out;
        }
        snprintf(name, sizeof name, "block%d_pool", b + 1);
        pc_shape out = pc_shape_make(1, pc_pool2_out(s.h), pc_pool2_out(s.w), s.c);
        add_op(L, OP_POOL, name, s, out, 0);
        s = out;
    }
    pc_shape v = pc_shape_make(1, 1, 1, s.c);
    add_op(L, OP_GMP, "global_max_pooling2d", s, v, 0);
    const size_t widths[3] = {(size_t)cfg->dense1, (size_t)cfg->dense2, (size_t)cfg->classes};
    const char *dense_names[3] = {"dense", "dense_1", "dense_2"}, *drop_names[2] = {"dropout", "dropout_1"};
    for (int d = 0; d < 3; d++) {
        pc_shape out = pc_shape_make(1, 1, 1, widths[d]);
        vgg_op *op = add_op(L, OP_DENSE, dense_names[d], v, out, d < 2);
        op->trainable = 1;
        op->tensor = L->n_tensors;
        size_t kd[2] = {v.c, widths[d]}, bd[1] = {widths[d]};
        add_tensor(L, L->n_ops - 1, "kernel", 2, kd);
        add_tensor(L, L->n_ops - 1, "bias", 1, bd);
        v = out;
        if (d < 2) add_op(L, OP_DROPOUT, drop_names[d], v, v, 0);
    }
    L->n_convs = n_convs;
    L->first_trainable = L->n_ops;
    for (int i = L->n_ops - 1; i >= 0; i--)
        if (L->ops[i].trainable) L->first_trainable = i;
    size_t offset = 0, grad_offset = 0;
    for (int t = 0; t < L->n_tensors; t++) {
        vgg_tensor *ts = &L->tensors[t];
        ts->trainable = L->ops[ts->op].trainable;
        ts->offset = offset;
        offset += align_up(ts->count);
        if (ts->trainable) {
            ts->grad_offset = grad_offset;
            grad_offset += align_up(ts->count);
        }
    }
}

size_t pc_vgg_describe_tensors(const pc_vgg_config *cfg, pc_vgg_tensor_desc out[PC_VGG_MAX_TENSORS])
{
    vgg_layout *L = malloc(sizeof *L);
    if (!L) return 0;
    build_layout(cfg, L);
    size_t n = (size_t)L->n_tensors;
    for (size_t t = 0; t < n; t++) {
        memset(&out[t], 0, sizeof out[t]);
        memcpy(out[t].name, L->tensors[t].name, sizeof out[t].name);
        out[t].ndim = L->tensors[t].ndim;
        for (int d = 0; d < 4; d++) out[t].dims[d] = L->tensors[t].dims[d];
        out[t].count = L->tensors[t].count;
    }
    free(L);
    return n;
}

/* ---- memory plan ------------------------------------------------------------------------- */

static size_t op_elems(const vgg_op *op)
{
    return pc_shape_image_elems(op->out);
}

/* Whether op i needs the transposed kernel for training: a trainable conv above f. */
static int needs_packed_t(const vgg_layout *L, int i)
{
    return L->ops[i].kind == OP_CONV && L->ops[i].trainable && i > L->first_trainable;
}

typedef struct vgg_plan {
    pc_vgg_memory mem;
    size_t packed_each[MAX_OPS], packed_t_each[MAX_OPS], transpose_scratch;
    size_t frozen_elems, grad_elems, act_total;
} vgg_plan;

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

static void plan_memory(const pc_vgg_config *cfg, const pc_kernels *k, const vgg_layout *L, vgg_plan *P)
{
    memset(P, 0, sizeof *P);
    const size_t B = (size_t)cfg->batch;
    for (int t = 0; t < L->n_tensors; t++) {
        P->mem.params += align_up(L->tensors[t].count);
        if (L->tensors[t].trainable) P->mem.trainable += align_up(L->tensors[t].count);
    }
    size_t ws = 0, infer_max = 0;
    const int f = L->first_trainable;
    P->frozen_elems = f < L->n_ops ? pc_shape_image_elems(L->ops[f].in) : 0;
    for (int i = 0; i < L->n_ops; i++) {
        const vgg_op *op = &L->ops[i];
        infer_max = max_size(infer_max, op_elems(op));
        if (i >= f) {
            P->act_total += align_up(B * op_elems(op));
            P->grad_elems = max_size(P->grad_elems, B * op_elems(op));
        }
        if (op->kind == OP_DROPOUT && i >= f) P->mem.mask_bytes += align_up(B * op_elems(op));
        if (op->kind != OP_CONV) continue;
        const size_t h = op->in.h, w = op->in.w, ci = op->in.c, co = op->out.c;
        P->packed_each[i] = align_up(k->conv_packed_size(ci, co));
        ws = max_size(ws, k->conv_workspace(k, 1, h, w, ci, co));
        ws = max_size(ws, k->conv_workspace(k, 1, h, w, co, ci));   /* input gradient of one image (Grad-CAM) */
        if (i >= f) {
            ws = max_size(ws, k->conv_workspace(k, B, h, w, ci, co));
            if (op->trainable) ws = max_size(ws, k->conv_filter_workspace(k, B, h, w, ci, co));
        }
        if (needs_packed_t(L, i)) {
            size_t pt = k->conv_packed_size(co, ci);
            /* With packing kernels the HWIO transpose is made in a scratch buffer first. */
            P->packed_t_each[i] = align_up(pt ? pt : 9 * ci * co);
            if (pt) P->transpose_scratch = max_size(P->transpose_scratch, align_up(9 * ci * co));
            ws = max_size(ws, k->conv_workspace(k, B, h, w, co, ci));
        }
    }
    for (int i = 0; i < L->n_ops; i++) P->mem.packed += P->packed_each[i] + P->packed_t_each[i];
    P->mem.packed += P->transpose_scratch;
    /* frozen output + every op output from f up + two gradient buffers + probabilities */
    P->mem.train_acts = align_up(B * P->frozen_elems) + P->act_total + 2 * align_up(P->grad_elems) +
                        align_up(B * (size_t)cfg->classes);
    P->mem.infer_acts = 2 * align_up(infer_max);
    P->mem.workspace_bytes = (ws + 63) / 64 * 64;
    P->mem.total_bytes = (P->mem.params + 3 * P->mem.trainable + P->mem.packed + P->mem.train_acts +
                          P->mem.infer_acts) * sizeof(float) + P->mem.mask_bytes + P->mem.workspace_bytes;
}

/* Whether every arena size of the config fits in size_t (32 bits under WebAssembly). The
 * same plan as plan_memory, in double (exact enough for a bound, never overflows), with
 * generous slack for alignment, packing and workspace. */
static int plan_fits(const pc_vgg_config *cfg, const vgg_layout *L)
{
    const double B = (double)cfg->batch;
    double params = 0, conv_params = 0, trainable_acts = 0, grad_max = 0, infer_max = 0;
    for (int t = 0; t < L->n_tensors; t++) params += (double)L->tensors[t].count + ALIGN_FLOATS;
    for (int i = 0; i < L->n_ops; i++) {
        const vgg_op *op = &L->ops[i];
        double e = (double)op->out.h * (double)op->out.w * (double)op->out.c;
        infer_max = e > infer_max ? e : infer_max;
        if (op->kind == OP_CONV) conv_params += 9.0 * (double)op->in.c * ((double)op->out.c + 16.0);
        if (i >= L->first_trainable) {
            trainable_acts += B * e + ALIGN_FLOATS;
            grad_max = B * e > grad_max ? B * e : grad_max;
        }
    }
    const vgg_op *f = &L->ops[L->first_trainable];
    double frozen = B * (double)f->in.h * (double)f->in.w * (double)f->in.c;
    double floats = 4.0 * params + 3.0 * conv_params + frozen + 2.0 * trainable_acts + 2.0 * grad_max +
                    2.0 * infer_max + 1e6;
    return floats * 4.0 < (double)SIZE_MAX / 2;
}

pc_status pc_vgg_memory_plan(pc_ctx *ctx, const pc_vgg_config *cfg, const pc_kernels *k, pc_vgg_memory *out)
{
    pc_status st = pc_vgg_config_check(ctx, cfg);
    if (st) return st;
    vgg_layout *L = malloc(sizeof *L);
    if (!L) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "vgg: out of memory");
    build_layout(cfg, L);
    if (!plan_fits(cfg, L)) {
        free(L);
        return pc_fail(ctx, PC_STATUS_TOO_LARGE, "vgg: a %d x %d input with batch %d does not fit in memory",
                       cfg->height, cfg->width, cfg->batch);
    }
    vgg_plan P;
    plan_memory(cfg, k, L, &P);
    *out = P.mem;
    free(L);
    return PC_STATUS_OK;
}

/* ---- the model ---------------------------------------------------------------------------- */

typedef struct vgg_explain {
    int layer;          /* op index the buffers were made for, -1 none */
    float *block;       /* one allocation: acts of ops [layer, end), two gradient buffers, packed_t */
    float *acts[MAX_OPS];
    float *packed_t[MAX_OPS];
    float *scratch;     /* HWIO transpose before packing */
    float *grad_a, *grad_b;
} vgg_explain;

struct pc_vgg {
    pc_vgg_config cfg;
    pc_kernels kernels;
    vgg_layout L;
    vgg_plan plan;
    float *params;        /* every tensor, Keras order */
    float *grads;         /* trainable tensors only: gradient, Adam m, Adam v (3 views of one block) */
    float *adam_m, *adam_v;
    float *packed;        /* packed conv weights (+ transposed, + transpose scratch) */
    float *transpose_scratch;
    float *train;         /* training activations for cfg.batch images */
    float *train_in;      /* (batch, frozen shape) */
    float *grad_a, *grad_b;
    float *probs;         /* (batch, classes) */
    uint8_t *masks;
    float *infer_a, *infer_b;
    void *ws;
    pc_rng dropout_rng;
    long adam_t;
    vgg_explain explain;
};

static void *arena_alloc(size_t bytes)
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

static float *weights_of(pc_vgg *m, const vgg_op *op)
{
    return m->params + m->L.tensors[op->tensor].offset;
}

static float *bias_of(pc_vgg *m, const vgg_op *op)
{
    return m->params + m->L.tensors[op->tensor + 1].offset;
}

static float *grad_of(pc_vgg *m, int tensor)
{
    const vgg_tensor *t = &m->L.tensors[tensor];
    return t->trainable ? m->grads + t->grad_offset : NULL;
}

/* Packs one conv's flipped, transposed kernel (for its input gradient) into packed_t. */
static void pack_conv_transposed(pc_vgg *m, vgg_op *op, float *packed_t, float *scratch)
{
    const pc_kernels *k = &m->kernels;
    const size_t ci = op->in.c, co = op->out.c;
    const float *w = weights_of(m, op);
    if (k->conv_packed_size(co, ci)) {
        pc_conv3x3_transpose_weights(scratch, w, ci, co);
        k->conv_pack(packed_t, scratch, co, ci);
    } else {
        pc_conv3x3_transpose_weights(packed_t, w, ci, co);
    }
}

/* Re-packs one conv's weights, and its transposed copy when it has one. */
static void pack_conv(pc_vgg *m, vgg_op *op, float *packed_t, float *scratch)
{
    const pc_kernels *k = &m->kernels;
    const size_t ci = op->in.c, co = op->out.c;
    if (k->conv_packed_size(ci, co)) k->conv_pack(op->packed, weights_of(m, op), ci, co);
    if (packed_t) pack_conv_transposed(m, op, packed_t, scratch);
}

void pc_vgg_sync_weights(pc_vgg *m)
{
    for (int i = 0; i < m->L.n_ops; i++)
        if (m->L.ops[i].kind == OP_CONV) pack_conv(m, &m->L.ops[i], m->L.ops[i].packed_t, m->transpose_scratch);
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

static void explain_release(vgg_explain *e)
{
    free(e->block);
    memset(e, 0, sizeof *e);
    e->layer = -1;
}

void pc_vgg_free(pc_vgg *m)
{
    if (!m) return;
    explain_release(&m->explain);
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
    build_layout(cfg, &m->L);
    if (!plan_fits(cfg, &m->L)) {
        free(m);
        return pc_fail(ctx, PC_STATUS_TOO_LARGE, "vgg: a %d x %d input with batch %d does not fit in memory",
                       cfg->height, cfg->width, cfg->batch);
    }
    if ((st = pc_kernels_init(ctx, &cfg->kernels, &m->kernels))) {
        free(m);
        return st;
    }
    vgg_plan *P = &m->plan;
    plan_memory(cfg, &m->kernels, &m->L, P);
    const pc_vgg_memory *mem = &P->mem;
    const size_t B = (size_t)cfg->batch;
    m->params = arena_alloc(mem->params * sizeof(float));
    m->grads = arena_alloc(3 * mem->trainable * sizeof(float));
    m->packed = arena_alloc(mem->packed * sizeof(float));
    m->train = arena_alloc(mem->train_acts * sizeof(float));
    m->masks = arena_alloc(mem->mask_bytes);
    m->infer_a = arena_alloc(mem->infer_acts * sizeof(float));
    m->ws = arena_alloc(mem->workspace_bytes);
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
        op->packed = P->packed_each[i] ? p : weights_of(m, op);
        p += P->packed_each[i];
        op->packed_t = P->packed_t_each[i] ? p : NULL;
        p += P->packed_t_each[i];
    }
    m->transpose_scratch = P->transpose_scratch ? p : NULL;
    float *a = m->train;
    m->train_in = a;
    a += align_up(B * P->frozen_elems);
    uint8_t *mk = m->masks;
    for (int i = m->L.first_trainable; i < m->L.n_ops; i++) {
        vgg_op *op = &m->L.ops[i];
        op->act = a;
        a += align_up(B * op_elems(op));
        if (op->kind == OP_DROPOUT) {
            op->mask = mk;
            mk += align_up(B * op_elems(op));
        }
    }
    m->grad_a = a;
    a += align_up(P->grad_elems);
    m->grad_b = a;
    a += align_up(P->grad_elems);
    m->probs = a;

    init_glorot(m);
    pc_vgg_sync_weights(m);
    pc_rng_seed(&m->dropout_rng, cfg->seed, 0x64726f70u /* "drop" */);
    *out = m;
    return PC_STATUS_OK;
}

/* ---- parameters ---------------------------------------------------------------------------- */

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
    out->grad = grad_of(m, (int)i);
    out->trainable = t->trainable;
}

long pc_vgg_tensor_find(const pc_vgg *m, const char *name)
{
    for (int t = 0; t < m->L.n_tensors; t++)
        if (strcmp(m->L.tensors[t].name, name) == 0) return t;
    return -1;
}

void pc_vgg_zero_grad(pc_vgg *m)
{
    memset(m->grads, 0, m->plan.mem.trainable * sizeof(float));
}

/* ---- forward over a range of ops ---------------------------------------------------------- */

/* Runs ops [first, last) on nb images. in: the input of op first. For each op the output
 * goes to store[i] when store and store[i] are set, else to the ping-pong buffer not
 * holding the current input; the last op writes to final_out when that is set. In train
 * mode dropout draws masks; otherwise it is skipped (its output is its input). where[i]
 * receives the address of op i's output. Returns the last output. */
static const float *forward_range(pc_vgg *m, int first, int last, const float *in, size_t nb, float *const *store,
                                  float *final_out, int train, const float **where)
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
            pc_conv2d_forward(k, dst, cur, op->packed, bias_of(m, op), nb, s.h, s.w, s.c, op->out.c, op->relu, m->ws);
            break;
        case OP_POOL: pc_maxpool2x2_forward(dst, cur, nb, s.h, s.w, s.c); break;
        case OP_GMP: pc_global_maxpool_forward(dst, cur, nb, s.h, s.w, s.c); break;
        case OP_DENSE:
            pc_dense_forward(k, dst, cur, weights_of(m, op), bias_of(m, op), nb, s.c, op->out.c, op->relu);
            break;
        case OP_DROPOUT:
            if (train && m->cfg.dropout > 0.0f)
                pc_dropout_forward(dst, op->mask, cur, nb * s.c, m->cfg.dropout, &m->dropout_rng);
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

/* ---- backward over a range of ops ------------------------------------------------------------ */

/* Walks ops last-1 down to stop. grad: gradient w.r.t. op last-1's output (nb images,
 * in ga or gb; it is overwritten). train: whether the forward pass applied dropout. acts[i]: op i's output; in_of_first: the input of op
 * stop. Parameter gradients accumulate for trainable ops when param_grads; the input
 * gradient of op stop is computed only when want_din (then it is returned). packed_t[i]:
 * the transposed kernels to use. Returns the gradient w.r.t. the input of op stop, or NULL. */
static float *backward_range(pc_vgg *m, int stop, int last, const float *const *acts, const float *in_of_stop,
                             float *grad, size_t nb, float *ga, float *gb, int train, int param_grads, int want_din,
                             float *const *packed_t)
{
    const pc_kernels *k = &m->kernels;
    for (int i = last - 1; i >= stop; i--) {
        vgg_op *op = &m->L.ops[i];
        const float *in = i == stop ? in_of_stop : acts[i - 1];
        float *din = i > stop || want_din ? (grad == ga ? gb : ga) : NULL;
        const pc_shape s = op->in;
        const int pg = param_grads && op->trainable;
        switch (op->kind) {
        case OP_CONV:
            pc_conv2d_backward(k, din, pg ? grad_of(m, op->tensor) : NULL, pg ? grad_of(m, op->tensor + 1) : NULL,
                               grad, acts[i], in, packed_t[i], nb, s.h, s.w, s.c, op->out.c, op->relu, m->ws);
            break;
        case OP_POOL:
            if (din) pc_maxpool2x2_backward(din, grad, in, nb, s.h, s.w, s.c);
            break;
        case OP_GMP:
            if (din) pc_global_maxpool_backward(din, grad, in, nb, s.h, s.w, s.c);
            break;
        case OP_DENSE:
            pc_dense_backward(k, din, pg ? grad_of(m, op->tensor) : NULL, pg ? grad_of(m, op->tensor + 1) : NULL, grad,
                              acts[i], in, weights_of(m, op), nb, s.c, op->out.c, op->relu);
            break;
        case OP_DROPOUT:
            if (din) {
                if (train && m->cfg.dropout > 0.0f)
                    pc_dropout_backward(din, grad, op->mask, nb * s.c, m->cfg.dropout);
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

/* ---- inference --------------------------------------------------------------------------------- */

void pc_vgg_preprocess(float *out, const uint8_t *rgb, size_t h, size_t w)
{
    /* Keras imagenet_utils.preprocess_input(mode="caffe"): BGR order, ImageNet channel means. */
    const float mean_bgr[3] = {103.939f, 116.779f, 123.68f};
    for (size_t p = 0; p < h * w; p++)
        for (int c = 0; c < 3; c++) out[p * 3 + c] = (float)rgb[p * 3 + (2 - c)] - mean_bgr[c];
}

static pc_status check_batch(pc_ctx *ctx, const char *what, int n, int max)
{
    if (n < 1 || n > max)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg %s: %d images is outside 1..%d", what, n, max);
    return PC_STATUS_OK;
}

static void softmax_rows(float *probs, const float *logits, size_t n, size_t k)
{
    for (size_t b = 0; b < n; b++) {
        const float *z = logits + b * k;
        float zmax = z[0];
        for (size_t c = 1; c < k; c++)
            if (z[c] > zmax) zmax = z[c];
        double sum = 0.0;
        for (size_t c = 0; c < k; c++) sum += exp((double)z[c] - zmax);
        for (size_t c = 0; c < k; c++) probs[b * k + c] = (float)(exp((double)z[c] - zmax) / sum);
    }
}

pc_status pc_vgg_predict(pc_ctx *ctx, pc_vgg *m, const float *x, int n, float *probs, float *logits)
{
    pc_status st = check_batch(ctx, "predict", n, PC_VGG_MAX_BATCH);
    if (st) return st;
    if (!x || !probs) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg predict: no input or output buffer");
    const size_t K = (size_t)m->cfg.classes, img = (size_t)m->cfg.height * (size_t)m->cfg.width * 3;
    for (int b = 0; b < n; b++) {
        const float *z = forward_range(m, 0, m->L.n_ops, x + (size_t)b * img, 1, NULL, NULL, 0, NULL);
        if (logits) memcpy(logits + (size_t)b * K, z, K * sizeof(float));
        softmax_rows(probs + (size_t)b * K, z, 1, K);
    }
    return PC_STATUS_OK;
}

pc_shape pc_vgg_frozen_shape(const pc_vgg *m)
{
    return m->L.ops[m->L.first_trainable].in;
}

const char *pc_vgg_frozen_boundary(const pc_vgg *m)
{
    return m->L.ops[m->L.first_trainable].name;
}

pc_status pc_vgg_forward_frozen(pc_ctx *ctx, pc_vgg *m, const float *x, int n, float *out)
{
    pc_status st = check_batch(ctx, "forward_frozen", n, PC_VGG_MAX_BATCH);
    if (st) return st;
    if (!x || !out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg forward_frozen: no input or output buffer");
    const size_t img = (size_t)m->cfg.height * (size_t)m->cfg.width * 3, fe = m->plan.frozen_elems;
    const int f = m->L.first_trainable;
    for (int b = 0; b < n; b++) {
        if (f == 0)
            memcpy(out + (size_t)b * fe, x + (size_t)b * img, fe * sizeof(float));
        else
            forward_range(m, 0, f, x + (size_t)b * img, 1, NULL, out + (size_t)b * fe, 0, NULL);
    }
    return PC_STATUS_OK;
}

/* ---- training ------------------------------------------------------------------------------------ */

pc_status pc_vgg_forward_backward(pc_ctx *ctx, pc_vgg *m, const float *input, int input_is_frozen,
                                  const int *labels, int n, int train_mode, pc_vgg_step_result *result,
                                  float *probs)
{
    pc_status st = check_batch(ctx, "training step", n, m->cfg.batch);
    if (st) return st;
    if (!input || !labels) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg training step: no input or labels");
    const size_t K = (size_t)m->cfg.classes, nb = (size_t)n;
    for (int b = 0; b < n; b++)
        if (labels[b] < 0 || (size_t)labels[b] >= K)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg training step: label %d of image %d is outside 0..%d",
                           labels[b], b, (int)K - 1);
    const int f = m->L.first_trainable, end = m->L.n_ops;
    const float *fin = input;
    if (!input_is_frozen && f > 0) {
        pc_vgg_forward_frozen(ctx, m, input, n, m->train_in);
        fin = m->train_in;
    }
    float *store[MAX_OPS] = {0};
    const float *acts[MAX_OPS] = {0};
    for (int i = f; i < end; i++) store[i] = m->L.ops[i].act;
    forward_range(m, f, end, fin, nb, store, NULL, train_mode, acts);
    const float *logits = acts[end - 1];
    const float loss = pc_softmax_xent_forward(m->probs, logits, labels, nb, K);
    int correct = 0;
    for (size_t b = 0; b < nb; b++) {
        size_t best = 0;
        for (size_t c = 1; c < K; c++)
            if (m->probs[b * K + c] > m->probs[b * K + best]) best = c;
        correct += best == (size_t)labels[b];
    }
    if (probs) memcpy(probs, m->probs, nb * K * sizeof(float));
    pc_softmax_xent_backward(m->grad_a, m->probs, labels, nb, K);
    float *packed_t[MAX_OPS];
    for (int i = 0; i < end; i++) packed_t[i] = m->L.ops[i].packed_t;
    backward_range(m, f, end, acts, fin, m->grad_a, nb, m->grad_a, m->grad_b, train_mode, 1, 0, packed_t);
    if (result) {
        result->loss = loss;
        result->correct = correct;
    }
    return PC_STATUS_OK;
}

void pc_vgg_adam_step(pc_vgg *m)
{
    m->adam_t++;
    for (int t = 0; t < m->L.n_tensors; t++) {
        const vgg_tensor *ts = &m->L.tensors[t];
        if (!ts->trainable) continue;
        pc_adam_update(m->params + ts->offset, m->adam_m + ts->grad_offset, m->adam_v + ts->grad_offset,
                       m->grads + ts->grad_offset, ts->count, &m->cfg.adam, m->adam_t);
    }
    for (int i = 0; i < m->L.n_ops; i++) {
        vgg_op *op = &m->L.ops[i];
        if (op->kind == OP_CONV && op->trainable) pack_conv(m, op, op->packed_t, m->transpose_scratch);
    }
}

long pc_vgg_adam_steps(const pc_vgg *m)
{
    return m->adam_t;
}

pc_status pc_vgg_train_step(pc_ctx *ctx, pc_vgg *m, const float *input, int input_is_frozen, const int *labels,
                            int n, pc_vgg_step_result *result)
{
    pc_vgg_zero_grad(m);
    pc_status st = pc_vgg_forward_backward(ctx, m, input, input_is_frozen, labels, n, 1, result, NULL);
    if (st) return st;
    pc_vgg_adam_step(m);
    return PC_STATUS_OK;
}

/* ---- explanation (Grad-CAM) -------------------------------------------------------------------------- */

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

/* Buffers for explaining at op c, one image: outputs of ops [c, end), two gradient
 * buffers, the transposed kernels of the convs above c, a transpose scratch. */
static pc_status explain_prepare(pc_ctx *ctx, pc_vgg *m, int c)
{
    vgg_explain *e = &m->explain;
    if (e->layer == c) return PC_STATUS_OK;
    explain_release(e);
    const pc_kernels *k = &m->kernels;
    size_t total = 0, gmax = 0, scratch = 0, sizes[MAX_OPS] = {0}, tsizes[MAX_OPS] = {0};
    for (int i = c; i < m->L.n_ops; i++) {
        const vgg_op *op = &m->L.ops[i];
        sizes[i] = align_up(op_elems(op));
        gmax = max_size(gmax, op_elems(op));
        if (op->kind == OP_CONV && i > c) {
            size_t pt = k->conv_packed_size(op->out.c, op->in.c);
            tsizes[i] = align_up(pt ? pt : 9 * op->in.c * op->out.c);
            if (pt) scratch = max_size(scratch, align_up(9 * op->in.c * op->out.c));
        }
        total += sizes[i] + tsizes[i];
    }
    total += 2 * align_up(gmax) + scratch;
    e->block = arena_alloc(total * sizeof(float));
    if (!e->block) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "vgg: out of memory for the Grad-CAM buffers");
    float *p = e->block;
    for (int i = c; i < m->L.n_ops; i++) {
        e->acts[i] = p, p += sizes[i];
        e->packed_t[i] = tsizes[i] ? p : NULL, p += tsizes[i];
    }
    e->grad_a = p, p += align_up(gmax);
    e->grad_b = p, p += align_up(gmax);
    e->scratch = scratch ? p : NULL;
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
    const float *cin = c == 0 ? x : forward_range(m, 0, c, x, 1, NULL, NULL, 0, NULL);
    const float *acts[MAX_OPS] = {0};
    forward_range(m, c, end, cin, 1, e->acts, NULL, 0, acts);
    const size_t K = (size_t)m->cfg.classes;
    if (probs) softmax_rows(probs, acts[end - 1], 1, K);
    for (int i = c + 1; i < end; i++)
        if (e->packed_t[i]) pack_conv_transposed(m, &m->L.ops[i], e->packed_t[i], e->scratch);
    memset(e->grad_a, 0, K * sizeof(float));
    e->grad_a[class_index] = 1.0f;
    float *g = e->grad_a;
    if (c + 1 < end) g = backward_range(m, c + 1, end, acts, acts[c], e->grad_a, 1, e->grad_a, e->grad_b, 0, 0, 1,
                                        e->packed_t);
    const size_t count = op_elems(&m->L.ops[c]);
    memcpy(act, acts[c], count * sizeof(float));
    memcpy(grad, g, count * sizeof(float));
    return PC_STATUS_OK;
}
