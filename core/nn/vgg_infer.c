/* vgg_infer.c: inference: Keras' VGG preprocessing, class probabilities, and the frozen
 * part's output that training caches. One image at a time through the two ping-pong
 * buffers of the inference arena. */
#include <string.h>

#include "vgg_internal.h"

void pc_vgg_preprocess(const uint8_t *rgb, size_t h, size_t w, float *out)
{
    /* Keras imagenet_utils.preprocess_input(mode="caffe"): BGR order, ImageNet channel means. */
    const float mean_bgr[3] = {103.939f, 116.779f, 123.68f};
    for (size_t p = 0; p < h * w; p++)
        for (int c = 0; c < 3; c++) out[p * 3 + c] = (float)rgb[p * 3 + (2 - c)] - mean_bgr[c];
}

pc_status vgg_check_batch(pc_ctx *ctx, const char *what, int n, int max)
{
    if (n < 1 || n > max)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg %s: %d images is outside 1..%d", what, n, max);
    return PC_STATUS_OK;
}

pc_status pc_vgg_predict(pc_ctx *ctx, pc_vgg *m, const float *x, int n, float *probs, float *logits)
{
    pc_status st = vgg_check_batch(ctx, "predict", n, PC_VGG_MAX_BATCH);
    if (st) return st;
    if (!x || !probs) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg predict: no input or output buffer");
    const size_t K = (size_t)m->cfg.classes, img = (size_t)m->cfg.height * (size_t)m->cfg.width * 3;
    for (int b = 0; b < n; b++) {
        const float *z = vgg_forward_range(m, 0, m->L.n_ops, x + (size_t)b * img, 1, 0, NULL, NULL, NULL);
        if (logits) memcpy(logits + (size_t)b * K, z, K * sizeof(float));
        pc_softmax_forward(z, 1, K, probs + (size_t)b * K);
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
    pc_status st = vgg_check_batch(ctx, "forward_frozen", n, PC_VGG_MAX_BATCH);
    if (st) return st;
    if (!x || !out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg forward_frozen: no input or output buffer");
    const size_t img = (size_t)m->cfg.height * (size_t)m->cfg.width * 3, fe = m->plan.frozen_elems;
    const int f = m->L.first_trainable;
    for (int b = 0; b < n; b++) {
        if (f == 0)
            memcpy(out + (size_t)b * fe, x + (size_t)b * img, fe * sizeof(float));
        else
            vgg_forward_range(m, 0, f, x + (size_t)b * img, 1, 0, NULL, out + (size_t)b * fe, NULL);
    }
    return PC_STATUS_OK;
}
