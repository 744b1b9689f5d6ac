/* vgg.h: VGG16 / VGG19 with the paper's classification head: build, infer, fine-tune,
 * explain.
 *
 * The network (Simonyan & Zisserman 2015, configurations D and E, with the paper's small
 * head on top), with Keras' layer names:
 *     block1_conv1 .. block5_conv3 (VGG19: .._conv4)   3x3 same conv + ReLU
 *     block1_pool .. block5_pool                        2x2 max-pool, stride 2, floor
 *     global_max_pooling2d -> dense (500, ReLU) -> dropout -> dense_1 (250, ReLU)
 *     -> dropout_1 -> dense_2 (classes, softmax), loss: categorical cross-entropy
 * Any input height and width >= 32 (five pools must leave a pixel); a width multiplier
 * scales every conv's channel count for small test networks.
 *
 * Fine-tuning depth k ("VGG16-k"): the top k conv layers and the head are trainable, the
 * rest frozen. Frozen layers compute no weight gradient and nothing below the lowest
 * trainable layer computes an input gradient. The frozen layers' output for an image
 * never changes during training, so pc_vgg_forward_frozen returns it for caching and the
 * training step accepts it in place of the image.
 *
 * Usage:
 *     pc_vgg_config cfg;
 *     pc_vgg_config_default(&cfg, PC_VGG16);          // 300 x 300, k = 4, batch 16
 *     pc_vgg *m = NULL;
 *     if (pc_vgg_create(ctx, &cfg, &m)) ...            // Glorot-uniform kernels, zero biases
 *     pc_vgg_forward_frozen(ctx, m, images, n, feats);  // once per image
 *     for (...) pc_vgg_train_step(ctx, m, feats + i * fsize, 1, labels + i, 16, &res);
 *     pc_vgg_predict(ctx, m, image, 1, probs);
 *     pc_vgg_free(m);
 *
 * Memory (llm.c's idea): every buffer's size is a pure function of the config
 * (pc_vgg_memory); the model allocates a few arenas at creation (parameters, packed
 * weights, gradients + Adam moments of the trainable tensors, training activations for
 * cfg.batch images, inference buffers for one image, kernel workspace) and computing
 * never allocates, except the Grad-CAM buffers, made on first use.
 * Inputs are preprocessed images (pc_vgg_preprocess), float NHWC (n, H, W, 3).
 * The implementation is the vgg_*.c files, one purpose each (listed in vgg_internal.h). */
#ifndef PC_NN_VGG_H
#define PC_NN_VGG_H

#include <stddef.h>
#include <stdint.h>

#include "../base/status.h"
#include "../kernels/choice.h"
#include "adam.h"
#include "shape.h"

typedef enum pc_vgg_arch {
    PC_VGG16 = 16,
    PC_VGG19 = 19
} pc_vgg_arch;

enum {
    PC_VGG_MIN_SIDE = 32,         /* five 2x2 pools must leave at least one pixel */
    PC_VGG_MAX_SIDE = 4096,
    PC_VGG_MAX_BATCH = 4096,
    PC_VGG_MAX_DENSE = 65536,
    PC_VGG_MAX_CLASSES = 1024,
    PC_VGG_MAX_CONV_CHANNELS = 4096,
    PC_VGG_ALL_CONVS = -1,        /* trainable_convs: every conv layer (training from scratch) */
    PC_VGG_NAME_MAX = 32
};

typedef struct pc_vgg_config {
    pc_vgg_arch arch;
    int height, width;          /* input size in pixels */
    float width_mult;           /* conv channels = max(1, round(published * width_mult)); 1 = VGG */
    int dense1, dense2;         /* head widths (paper: 500, 250) */
    int classes;                /* output classes (2: no CAD, CAD) */
    float dropout;              /* rate of both dropout layers (paper: 0.5); 0 = none */
    int trainable_convs;        /* k: the top k convs are trainable; PC_VGG_ALL_CONVS = all */
    int batch;                  /* largest training minibatch */
    uint64_t seed;              /* initialisation and dropout masks */
    pc_adam_config adam;
    pc_kernels_options kernels; /* zero = automatic choice, every core */
} pc_vgg_config;

/* The paper's setup: VGG16/19, 300 x 300 (ACNAC montage), width 1, head 500/250/2,
 * dropout 0.5, k = 4, batch 16, seed 1, Keras' Adam defaults, automatic kernels. */
void pc_vgg_config_default(pc_vgg_config *cfg, pc_vgg_arch arch);
/* Checks every field; the message names the field and the allowed range. */
pc_status pc_vgg_config_check(pc_ctx *ctx, const pc_vgg_config *cfg);
/* "vgg16" / "vgg19" (NULL for others); parse returns 1 on success. */
const char *pc_vgg_arch_name(pc_vgg_arch arch);
int pc_vgg_arch_parse(const char *name, pc_vgg_arch *out);
/* Number of conv layers: 13 or 16. */
int pc_vgg_conv_count(pc_vgg_arch arch);

/* Everything the arenas hold, in floats (or bytes where named so), as pure functions of
 * the config (and of the kernels' packed/workspace sizes). Test and print these. */
typedef struct pc_vgg_memory {
    size_t params;          /* every kernel and bias */
    size_t trainable;       /* of which trainable: gradients, Adam m and v each hold this many */
    size_t packed;          /* conv weights in the kernels' layout (+ transposed for training) */
    size_t train_acts;      /* activations and gradients of the trainable part for cfg.batch images */
    size_t infer_acts;      /* two ping-pong buffers for one image */
    size_t mask_bytes;      /* dropout masks */
    size_t workspace_bytes; /* kernel scratch, the largest any layer needs */
    size_t total_bytes;
} pc_vgg_memory;
pc_status pc_vgg_memory_plan(pc_ctx *ctx, const pc_vgg_config *cfg, const pc_kernels *k, pc_vgg_memory *out);

typedef struct pc_vgg pc_vgg;

/* Builds a model with Keras' default initialisation (Glorot-uniform kernels, zero biases)
 * drawn from cfg->seed. Starts the kernels' threads. Free with pc_vgg_free. */
pc_status pc_vgg_create(pc_ctx *ctx, const pc_vgg_config *cfg, pc_vgg **out);
void pc_vgg_free(pc_vgg *m);
const pc_vgg_config *pc_vgg_get_config(const pc_vgg *m);
const pc_kernels *pc_vgg_get_kernels(const pc_vgg *m);
/* Arena sizes of this model. */
const pc_vgg_memory *pc_vgg_get_memory(const pc_vgg *m);

/* ---- parameters, by name --------------------------------------------------------------- */

typedef struct pc_vgg_tensor {
    const char *name;       /* "block1_conv1/kernel", "dense_2/bias" */
    const char *layer;      /* "block1_conv1" */
    int ndim;               /* 4 (HWIO conv kernel), 2 (dense kernel (I, O)) or 1 (bias) */
    size_t dims[4];
    size_t count;
    float *data;            /* view into the parameter arena; write, then pc_vgg_sync_weights */
    float *grad;            /* view into the gradient arena, NULL when frozen */
    int trainable;
} pc_vgg_tensor;

/* The parameter tensors a (checked) config has, without building anything: names and
 * shapes in Keras' order. Returns the count (at most PC_VGG_MAX_TENSORS). */
enum { PC_VGG_MAX_TENSORS = 40 };
typedef struct pc_vgg_tensor_desc {
    char name[2 * PC_VGG_NAME_MAX];
    int ndim;
    size_t dims[4];
    size_t count;
} pc_vgg_tensor_desc;
size_t pc_vgg_describe_tensors(const pc_vgg_config *cfg, pc_vgg_tensor_desc out[PC_VGG_MAX_TENSORS]);

/* Parameter tensors in Keras' order (kernel, bias per layer, bottom to top). */
size_t pc_vgg_tensor_count(const pc_vgg *m);
/* Fills *out for tensor i < count (views stay valid until pc_vgg_free). */
void pc_vgg_tensor_get(pc_vgg *m, size_t i, pc_vgg_tensor *out);
/* Index of the named tensor, or -1. */
long pc_vgg_tensor_find(const pc_vgg *m, const char *name);
/* Re-packs the conv weights after parameters were written through the views (loading,
 * importing). Training steps do this themselves for what they update. */
void pc_vgg_sync_weights(pc_vgg *m);

/* ---- inference ---------------------------------------------------------------------------- */

/* Keras' VGG preprocessing ("caffe"): RGB -> BGR, minus the ImageNet means
 * [103.939, 116.779, 123.68], no scaling. rgb (h, w, 3) bytes -> out (h, w, 3) floats. */
void pc_vgg_preprocess(const uint8_t *rgb, size_t h, size_t w, float *out);
/* probs (n, classes): softmax outputs for n preprocessed images (n, H, W, 3), dropout off.
 * logits (n, classes) may be NULL. Images run one at a time through the conv base. */
pc_status pc_vgg_predict(pc_ctx *ctx, pc_vgg *m, const float *x, int n, float *probs, float *logits);

/* ---- the frozen part --------------------------------------------------------------------- */

/* Shape of one image's frozen output: the input of the lowest trainable layer (the image
 * itself when every conv is trainable; (1, 1, 1, C) after the global max-pool when k = 0). */
pc_shape pc_vgg_frozen_shape(const pc_vgg *m);
/* Name of the lowest trainable layer (whose input the frozen output is). */
const char *pc_vgg_frozen_boundary(const pc_vgg *m);
/* out (n, frozen shape): the frozen layers' output for n preprocessed images. */
pc_status pc_vgg_forward_frozen(pc_ctx *ctx, pc_vgg *m, const float *x, int n, float *out);

/* ---- training ------------------------------------------------------------------------------ */

typedef struct pc_vgg_step_result {
    float loss;     /* mean categorical cross-entropy of the minibatch (before the update) */
    int correct;    /* images whose largest probability was their label */
} pc_vgg_step_result;

/* Sets every gradient to zero. */
void pc_vgg_zero_grad(pc_vgg *m);
/* Forward (dropout active when train_mode) and backward on n <= cfg.batch examples,
 * ACCUMULATING parameter gradients (call pc_vgg_zero_grad first for a fresh step).
 * input: preprocessed images (n, H, W, 3), or when input_is_frozen the frozen outputs
 * (n, frozen shape). labels: n class indices. probs (n, classes) may be NULL. */
pc_status pc_vgg_forward_backward(pc_ctx *ctx, pc_vgg *m, const float *input, int input_is_frozen,
                                  const int *labels, int n, int train_mode, pc_vgg_step_result *result,
                                  float *probs);
/* One Adam step on every trainable tensor with the gradients as they are, then re-packs
 * the updated weights. Counts steps (t = 1, 2, ...). */
void pc_vgg_adam_step(pc_vgg *m);
/* zero_grad + forward_backward (dropout on) + adam_step: one training step. */
pc_status pc_vgg_train_step(pc_ctx *ctx, pc_vgg *m, const float *input, int input_is_frozen, const int *labels,
                            int n, pc_vgg_step_result *result);
/* Adam steps taken so far. */
long pc_vgg_adam_steps(const pc_vgg *m);

/* What training changes besides the parameters, for checkpoints (core/train): Adam's step
 * count and moments, and the dropout generator's PCG32 state. adam_m and adam_v are views
 * into the model's arenas (moments floats each, the trainable tensors in Keras order):
 * read them to save, write through them to restore. */
typedef struct pc_vgg_train_state {
    long adam_steps;
    uint64_t dropout_rng[2];   /* PCG32 state and stream increment */
    size_t moments;            /* = pc_vgg_memory.trainable */
    float *adam_m, *adam_v;    /* (moments) views */
} pc_vgg_train_state;
void pc_vgg_train_state_get(pc_vgg *m, pc_vgg_train_state *out);
/* Restores the step count and the dropout generator (the moments go through the views). */
void pc_vgg_train_state_set(pc_vgg *m, long adam_steps, const uint64_t dropout_rng[2]);

/* ---- explanation (Grad-CAM) ---------------------------------------------------------------- */

/* Output shape (1, h, w, c) of a conv layer by name; returns 0 if there is no such conv. */
int pc_vgg_conv_shape(const pc_vgg *m, const char *layer, pc_shape *out);
/* For one preprocessed image x (H, W, 3): act (h, w, c) = the named conv layer's output
 * (after its ReLU) and grad (h, w, c) = d logit[class_index] / d act (the pre-softmax class
 * score, as Grad-CAM uses), dropout off. probs (classes) may be NULL. */
pc_status pc_vgg_class_gradient(pc_ctx *ctx, pc_vgg *m, const float *x, int class_index, const char *layer,
                                float *act, float *grad, float *probs);

#endif
