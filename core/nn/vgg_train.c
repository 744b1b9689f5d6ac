/* vgg_train.c: training: forward with dropout and backward on a minibatch, accumulating
 * the parameter gradients, then Keras' Adam on every trainable tensor (layers.h). The
 * loop over epochs, augmentation and checkpoints are the caller's. */
#include <string.h>

#include "vgg_internal.h"

void pc_vgg_zero_grad(pc_vgg *m)
{
    memset(m->grads, 0, m->plan.mem.trainable * sizeof(float));
}

pc_status pc_vgg_forward_backward(pc_ctx *ctx, pc_vgg *m, const float *input, int input_is_frozen,
                                  const int *labels, int n, int train_mode, pc_vgg_step_result *result,
                                  float *probs)
{
    pc_status st = vgg_check_batch(ctx, "training step", n, m->cfg.batch);
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
    float *store[VGG_MAX_OPS] = {0};
    const float *acts[VGG_MAX_OPS] = {0};
    for (int i = f; i < end; i++) store[i] = m->L.ops[i].act;
    vgg_forward_range(m, f, end, fin, nb, train_mode, store, NULL, acts);
    const float *logits = acts[end - 1];
    const float loss = pc_softmax_xent_forward(logits, labels, nb, K, m->probs);
    int correct = 0;
    for (size_t b = 0; b < nb; b++) {
        size_t best = 0;
        for (size_t c = 1; c < K; c++)
            if (m->probs[b * K + c] > m->probs[b * K + best]) best = c;
        correct += best == (size_t)labels[b];
    }
    if (probs) memcpy(probs, m->probs, nb * K * sizeof(float));
    pc_softmax_xent_backward(m->probs, labels, nb, K, m->grad_a);
    float *packed_t[VGG_MAX_OPS];
    for (int i = 0; i < end; i++) packed_t[i] = m->L.ops[i].packed_t;
    const vgg_backward b = {.stop = f, .last = end, .nb = nb, .acts = acts, .in_of_stop = fin, .packed_t = packed_t,
                            .train = train_mode, .param_grads = 1, .want_din = 0,
                            .grad_a = m->grad_a, .grad_b = m->grad_b};
    vgg_backward_range(m, &b);
    if (result) {
        result->loss = loss;
        result->correct = correct;
    }
    return PC_STATUS_OK;
}

/* Adam on one chunk of one tensor: element-wise, so chunks on any thread give the same bits. */
typedef struct adam_job {
    pc_vgg *m;
    const vgg_tensor *ts;
} adam_job;

enum { ADAM_CHUNK = 1 << 16 };

static void adam_task(void *arg, size_t i)
{
    const adam_job *j = arg;
    const size_t start = i * ADAM_CHUNK, count = j->ts->count - start < ADAM_CHUNK ? j->ts->count - start : ADAM_CHUNK;
    pc_vgg *m = j->m;
    pc_adam_update(m->grads + j->ts->grad_offset + start, count, &m->cfg.adam, m->adam_t,
                   m->params + j->ts->offset + start, m->adam_m + j->ts->grad_offset + start,
                   m->adam_v + j->ts->grad_offset + start);
}

void pc_vgg_adam_step(pc_vgg *m)
{
    m->adam_t++;
    for (int t = 0; t < m->L.n_tensors; t++) {
        const vgg_tensor *ts = &m->L.tensors[t];
        if (!ts->trainable) continue;
        const adam_job j = {m, ts};
        pc_parallel_for(&m->kernels, (ts->count + ADAM_CHUNK - 1) / ADAM_CHUNK, adam_task, (void *)&j);
    }
    for (int i = 0; i < m->L.n_ops; i++) {
        vgg_op *op = &m->L.ops[i];
        if (op->kind == OP_CONV && op->trainable) vgg_pack_conv(m, op, m->transpose_scratch, op->packed_t);
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
