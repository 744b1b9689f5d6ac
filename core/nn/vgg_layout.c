/* vgg_layout.c: the layer list of VGG16 / VGG19 + the paper's head and its parameter
 * tensors, as a pure function of a checked config (vgg_internal.h says what a layout
 * holds). Names and order are Keras' (applications/vgg16.py, vgg19.py). Buffer sizes
 * are vgg_plan.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgg_internal.h"

static const int vgg16_blocks[5] = {2, 2, 3, 3, 3};
static const int vgg19_blocks[5] = {2, 2, 4, 4, 4};
static const int block_channels[5] = {64, 128, 256, 512, 512};

static void add_tensor(vgg_layout *L, int op, const char *suffix, int ndim, const size_t *dims)
{
    vgg_tensor *t = &L->tensors[L->n_tensors++];
    char layer[PC_VGG_NAME_MAX];
    memcpy(layer, L->ops[op].name, sizeof layer);   /* a copy: snprintf's source and target must not overlap */
    snprintf(t->name, sizeof t->name, "%s/%s", layer, suffix);
    t->op = op;
    t->ndim = ndim;
    t->count = 1;
    for (int d = 0; d < ndim; d++) {
        t->dims[d] = dims[d];
        if (!pc_size_mul(t->count, dims[d], &t->count)) L->too_large = 1;
    }
}

static vgg_op *add_op(vgg_layout *L, vgg_op_kind kind, const char *name, pc_shape in, pc_shape out, int relu)
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

/* *at += count, rounded up to the arena alignment; 0 on overflow. */
static int advance(size_t *at, size_t count)
{
    size_t padded;
    return vgg_size_align(count, &padded) && pc_size_add(*at, padded, at);
}

void vgg_build_layout(const pc_vgg_config *cfg, vgg_layout *L)
{
    memset(L, 0, sizeof *L);
    const int *blocks = cfg->arch == PC_VGG19 ? vgg19_blocks : vgg16_blocks;
    const int n_convs = pc_vgg_conv_count(cfg->arch);
    const int k = cfg->trainable_convs == PC_VGG_ALL_CONVS ? n_convs : cfg->trainable_convs;
    pc_shape s = pc_shape_make(1, (size_t)cfg->height, (size_t)cfg->width, 3);
    char name[PC_VGG_NAME_MAX];
    int conv_index = 0;
    for (int b = 0; b < 5; b++) {
        size_t co = vgg_conv_channels(block_channels[b], cfg->width_mult);
        for (int i = 0; i < blocks[b]; i++, conv_index++) {
            /* The casts tell the compiler the numbers are small (gcc -O1 otherwise warns
             * that two full ints might not fit). */
            snprintf(name, sizeof name, "block%u_conv%u", (unsigned char)(b + 1), (unsigned char)(i + 1));
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
        if (!advance(&offset, ts->count)) L->too_large = 1;
        if (ts->trainable) {
            ts->grad_offset = grad_offset;
            if (!advance(&grad_offset, ts->count)) L->too_large = 1;
        }
    }
    L->param_floats = offset;
    L->trainable_floats = grad_offset;
}

size_t pc_vgg_describe_tensors(const pc_vgg_config *cfg, pc_vgg_tensor_desc out[PC_VGG_MAX_TENSORS])
{
    vgg_layout *L = malloc(sizeof *L);
    if (!L) return 0;
    vgg_build_layout(cfg, L);
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
