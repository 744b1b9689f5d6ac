/* vgg_internal.h: what the vgg_*.c files share and nobody else sees: the layer list, the
 * memory plan, the model struct and the passes over a range of layers.
 *
 * The files, one purpose each (vgg.h is the public side):
 *     vgg_config.c   config defaults and checks, architecture names
 *     vgg_layout.c   the layer list and parameter tensors, a pure function of the config
 *     vgg_plan.c     every buffer size, computed once with overflow checks
 *     vgg_model.c    create / free: arenas carved by the plan, Glorot initialisation
 *     vgg_params.c   parameter tensors by name, conv weight packing
 *     vgg_pass.c     forward and backward over a range of layers (no allocation)
 *     vgg_infer.c    preprocessing, prediction, the frozen part
 *     vgg_train.c    forward + backward on a minibatch, Adam steps
 *     vgg_explain.c  the Grad-CAM gradient
 *     vgg_state.c    the training state a checkpoint saves (Adam moments, dropout rng)
 *
 * The network is a list of ops (conv, pool, global max-pool, dense, dropout). Op f is the
 * lowest op with trainable parameters; ops [0, f) are frozen, ops [f, end) trainable, and
 * every conv above f is trainable (the trainable convs are the top k). Training keeps,
 * for cfg.batch images, the input of op f ("frozen output") and the output of every op
 * from f up; backward walks down to f, computing parameter gradients for trainable ops
 * and input gradients only above f. Inference keeps only two ping-pong buffers of one
 * image. Simonyan & Zisserman 2015 (configurations D and E), Keras
 * applications/vgg16.py and vgg19.py for names and order. */
#ifndef PC_NN_VGG_INTERNAL_H
#define PC_NN_VGG_INTERNAL_H

#include "vgg.h"

#include "../base/checked.h"
#include "../base/rng.h"
#include "../kernels/kernels.h"
#include "layers.h"
#include "tensor.h"

enum {
    VGG_MAX_OPS = 32,
    VGG_ALIGN_FLOATS = 16,   /* every arena view starts on a 64-byte boundary */
};

/* ---- the layer list (vgg_layout.c) --------------------------------------------------------- */

typedef enum vgg_op_kind { OP_CONV, OP_POOL, OP_GMP, OP_DENSE, OP_DROPOUT } vgg_op_kind;

typedef struct vgg_op {
    vgg_op_kind kind;
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
    vgg_op ops[VGG_MAX_OPS];
    vgg_tensor tensors[PC_VGG_MAX_TENSORS];
    size_t param_floats;     /* end of the last tensor in the parameter arena */
    size_t trainable_floats; /* end of the last trainable tensor in the gradient arena */
    int too_large;           /* a tensor size or offset does not fit in size_t (32-bit builds) */
} vgg_layout;

/* Conv channels of a layer: max(1, round(base * mult)). */
size_t vgg_conv_channels(int base, float mult);
/* The whole network from a checked config: ops, shapes, tensors, trainable flags and
 * parameter offsets. Pure: no allocation, no state. */
void vgg_build_layout(const pc_vgg_config *cfg, vgg_layout *L);

/* Floats rounded up to the arena alignment; 0 (leaving *out alone) on overflow, as checked.h. */
static inline int vgg_size_align(size_t floats, size_t *out)
{
    size_t up;
    if (!pc_size_add(floats, VGG_ALIGN_FLOATS - 1, &up)) return 0;
    *out = up / VGG_ALIGN_FLOATS * VGG_ALIGN_FLOATS;
    return 1;
}

/* The same for sizes the plan has already checked. */
static inline size_t vgg_align_up(size_t floats)
{
    return (floats + VGG_ALIGN_FLOATS - 1) / VGG_ALIGN_FLOATS * VGG_ALIGN_FLOATS;
}

/* Elements of one image's output of op (the plan has checked that it fits). */
static inline size_t vgg_op_elems(const vgg_op *op)
{
    return pc_shape_image_elems(op->out);
}

/* ---- the memory plan (vgg_plan.c) ------------------------------------------------------------ */

/* The buffers a backward pass down to op `from` needs for `batch` images: the output of
 * every op from `from` up, two gradient buffers, and the transposed kernels of the convs
 * above `from`. Training uses it with from = f and cfg.batch images, Grad-CAM with the
 * explained conv and one image. All sizes in floats, each aligned. */
typedef struct vgg_range_plan {
    size_t act_each[VGG_MAX_OPS];      /* op i's output for batch images; 0 below from */
    size_t packed_t_each[VGG_MAX_OPS]; /* op i's transposed kernel; 0 when it needs none */
    size_t acts, packed_t;             /* the sums of the two above */
    size_t transpose_scratch;          /* the HWIO transpose before packing (packing kernels only) */
    size_t grad_each;                  /* each of the two gradient buffers: the largest output */
    size_t total;                      /* acts + packed_t + transpose_scratch + 2 grad_each */
} vgg_range_plan;

/* Fills *R; returns 0 when a size does not fit in size_t. */
int vgg_plan_range(const vgg_layout *L, const pc_kernels *k, int from, size_t batch, vgg_range_plan *R);

typedef struct vgg_plan {
    pc_vgg_memory mem;
    size_t packed_each[VGG_MAX_OPS]; /* conv i's packed weights (0: the kernels read HWIO) */
    size_t frozen_elems;             /* one image's input of op f */
    vgg_range_plan train;            /* from f, cfg.batch images */
} vgg_plan;

/* Every arena size of the model, or PC_STATUS_TOO_LARGE when one does not fit. */
pc_status vgg_plan_memory(pc_ctx *ctx, const pc_vgg_config *cfg, const pc_kernels *k, const vgg_layout *L,
                          vgg_plan *P);

/* ---- the model (vgg_model.c, vgg_params.c) ------------------------------------------------------ */

typedef struct vgg_explain {
    int layer;          /* op index the buffers were made for, -1 none */
    float *block;       /* one allocation: acts of ops [layer, end), packed_t, two gradient buffers */
    float *acts[VGG_MAX_OPS];
    float *packed_t[VGG_MAX_OPS];
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

/* Zeroed, 64-byte aligned; NULL when out of memory. */
void *vgg_arena_alloc(size_t bytes);
/* PC_STATUS_INVALID_ARGUMENT unless 1 <= n <= max images ("vgg <what>: ..."). */
pc_status vgg_check_batch(pc_ctx *ctx, const char *what, int n, int max);
/* Frees the Grad-CAM buffers (vgg_explain.c makes them). */
void vgg_explain_release(vgg_explain *e);

static inline float *vgg_weights_of(pc_vgg *m, const vgg_op *op)
{
    return m->params + m->L.tensors[op->tensor].offset;
}

static inline float *vgg_bias_of(pc_vgg *m, const vgg_op *op)
{
    return m->params + m->L.tensors[op->tensor + 1].offset;
}

/* The gradient view of a tensor, NULL when frozen. */
static inline float *vgg_grad_of(pc_vgg *m, int tensor)
{
    const vgg_tensor *t = &m->L.tensors[tensor];
    return t->trainable ? m->grads + t->grad_offset : NULL;
}

/* Packs one conv's flipped, transposed kernel (for its input gradient) into packed_t;
 * scratch: plan.transpose_scratch floats, used when the kernels pack. */
void vgg_pack_conv_transposed(pc_vgg *m, const vgg_op *op, float *scratch, float *packed_t);
/* Re-packs one conv's weights, and its transposed copy into packed_t when that is set. */
void vgg_pack_conv(pc_vgg *m, const vgg_op *op, float *scratch, float *packed_t);

/* ---- passes over a range of ops (vgg_pass.c) ---------------------------------------------------- */

/* Runs ops [first, last) on nb images. in: the input of op first. In train mode dropout
 * draws masks; otherwise it is skipped (its output is its input). For each op the output
 * goes to store[i] when store and store[i] are set, else to the ping-pong buffer not
 * holding the current input; the last op writes to final_out when that is set. where[i]
 * (when where is set) receives the address of op i's output. Returns the last output. */
const float *vgg_forward_range(pc_vgg *m, int first, int last, const float *in, size_t nb, int train,
                               float *const *store, float *final_out, const float **where);

/* What a backward pass over ops [stop, last) reads and where it writes. */
typedef struct vgg_backward {
    int stop, last;                /* walks ops last-1 down to stop */
    size_t nb;                     /* images */
    const float *const *acts;      /* acts[i]: op i's output (from the forward pass) */
    const float *in_of_stop;       /* the input of op stop */
    float *const *packed_t;        /* packed_t[i]: conv i's transposed kernel */
    int train;                     /* whether the forward pass applied dropout */
    int param_grads;               /* accumulate parameter gradients of trainable ops */
    int want_din;                  /* compute the gradient w.r.t. the input of op stop */
    float *grad_a, *grad_b;        /* two gradient buffers; grad_a holds the gradient w.r.t.
                                      op last-1's output on entry (overwritten) */
} vgg_backward;

/* Returns the gradient w.r.t. the input of op stop (in grad_a or grad_b) when want_din,
 * else NULL. */
float *vgg_backward_range(pc_vgg *m, const vgg_backward *b);

#endif
