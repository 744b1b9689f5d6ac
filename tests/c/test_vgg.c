/* test_vgg.c: the VGG model: config checks, layer names and shapes, the memory plan as a
 * pure function, an end-to-end finite-difference check of every parameter tensor of a
 * small VGG16, determinism (seed, thread count), frozen-feature caching, fine-tuning
 * depth semantics, VGG19, a VGG19 started from a VGG16 base (the same conv function), and
 * the Grad-CAM gradient (through each channel's bias).
 *
 * End-to-end finite differences: the forward pass is float, so the loss carries ~1e-6 of
 * rounding noise, and the gradients of the lowest layers of a 16-layer net are ~1e-4:
 * single entries cannot be checked there. So every tensor is checked along a random unit
 * direction d (central differences of the mean loss, dropout off, steps 2e-2 and 1e-2):
 * |fd - <grad, d>| <= 5% |<grad, d>| + 3 |fd(2e-2) - fd(1e-2)| + |right - left slope| / 2
 * + 2e-5, the middle terms being the difference quotient's own error estimates (kinks
 * crossed or straddled, noise); at least half the tensors must get a tolerance under 25%. The head's entries are checked one by one
 * (1% + 2e-5). PyTorch parity (test_vgg_torch) is the tight per-entry check. */
#include <stdint.h>

#include "check.h"
#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"
#include "kernels/kernels.h"
#include "nn/tensor.h"
#include "train/train.h"

static pc_rng rng;

static void small_config(pc_vgg_config *cfg, int threads)
{
    pc_vgg_config_default(cfg, PC_VGG16);
    cfg->height = 32;
    cfg->width = 40;
    cfg->width_mult = 1.0f / 16.0f;   /* 4, 8, 16, 32, 32 channels */
    cfg->dense1 = 8;
    cfg->dense2 = 6;
    cfg->classes = 3;
    cfg->trainable_convs = PC_VGG_ALL_CONVS;
    cfg->batch = 3;
    cfg->seed = 11;
    cfg->kernels.threads = threads;
}

static float *random_images(const pc_vgg_config *cfg, int n)
{
    size_t count = (size_t)n * (size_t)cfg->height * (size_t)cfg->width * 3;
    float *x = malloc(count * sizeof(float));
    for (size_t i = 0; i < count; i++) x[i] = pc_rng_range(&rng, -1.0f, 1.0f);
    return x;
}

static void test_config_errors(pc_ctx *ctx)
{
    pc_vgg_config cfg;
    pc_vgg *m = NULL;
    pc_vgg_config_default(&cfg, PC_VGG16);
    CHECK_INT(pc_vgg_config_check(ctx, &cfg), PC_STATUS_OK);
    cfg.height = 31;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "31 x 300");
    CHECK(m == NULL);
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.trainable_convs = 14;
    CHECK_INT(pc_vgg_config_check(ctx, &cfg), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "0..13");
    pc_vgg_config_default(&cfg, PC_VGG19);
    cfg.trainable_convs = 16;
    CHECK_INT(pc_vgg_config_check(ctx, &cfg), PC_STATUS_OK);
    cfg.arch = (pc_vgg_arch)17;
    CHECK_INT(pc_vgg_config_check(ctx, &cfg), PC_STATUS_INVALID_ARGUMENT);
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.dropout = 1.0f;
    CHECK_INT(pc_vgg_config_check(ctx, &cfg), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "dropout");
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.adam.lr = 0.0f;
    CHECK_INT(pc_vgg_config_check(ctx, &cfg), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "Adam");
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.width_mult = 0.0f;
    CHECK_INT(pc_vgg_config_check(ctx, &cfg), PC_STATUS_INVALID_ARGUMENT);
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.classes = 1;
    CHECK_INT(pc_vgg_config_check(ctx, &cfg), PC_STATUS_INVALID_ARGUMENT);
    /* Keras "caffe" preprocessing: BGR order, ImageNet means subtracted, no scaling. */
    const uint8_t rgb[6] = {255, 0, 10, 0, 128, 255};
    float pre[6];
    pc_vgg_preprocess(rgb, 1, 2, pre);
    CHECK_NEAR(pre[0], 10 - 103.939, 1e-4);
    CHECK_NEAR(pre[1], 0 - 116.779, 1e-4);
    CHECK_NEAR(pre[2], 255 - 123.68, 1e-4);
    CHECK_NEAR(pre[3], 255 - 103.939, 1e-4);
    CHECK_NEAR(pre[5], 0 - 123.68, 1e-4);
    pc_vgg_arch a;
    CHECK(pc_vgg_arch_parse("vgg19", &a) && a == PC_VGG19);
    CHECK(!pc_vgg_arch_parse("resnet", &a));
    /* The memory plan is computed without building: sane for the paper's configuration. */
    pc_vgg_config_default(&cfg, PC_VGG16);
    pc_kernels ref = {0};
    pc_kernels_options o = {0};
    o.conv = PC_KERNEL_REF, o.conv_filter = PC_KERNEL_REF, o.gemm = PC_KERNEL_REF, o.threads = 1;
    CHECK_INT(pc_kernels_init(ctx, &o, &ref), PC_STATUS_OK);
    pc_vgg_memory mem;
    CHECK_INT(pc_vgg_memory_plan(ctx, &cfg, &ref, &mem), PC_STATUS_OK);
    /* 14,714,688 conv + 382,252 head parameters (each tensor padded to 16 floats);
     * trainable at k = 4: block4_conv3, block5_conv1..3 and the head = 9,821,484 (as Keras). */
    CHECK(mem.params >= 15096940 && mem.params < 15096940 + 16 * 32);
    CHECK(mem.trainable >= 9821484 && mem.trainable < 9821484 + 16 * 14);
    /* training keeps the frozen block4_conv2 output (37 x 37 x 512) for 16 images, and more */
    CHECK(mem.train_acts > (size_t)16 * 37 * 37 * 512 * 2);
    CHECK(mem.infer_acts >= (size_t)2 * 300 * 300 * 64);
    CHECK(mem.total_bytes > mem.params * 4);
    printf("VGG16-4, 300 x 300, batch 16 (reference kernels): params %zu, trainable %zu, train acts %zu, "
           "infer %zu floats, total %.0f MB\n",
           mem.params, mem.trainable, mem.train_acts, mem.infer_acts, (double)mem.total_bytes / 1048576.0);
    cfg.height = cfg.width = 4096;
    cfg.batch = 4096;
    pc_status big = pc_vgg_memory_plan(ctx, &cfg, &ref, &mem);
    CHECK(big == PC_STATUS_TOO_LARGE || (big == PC_STATUS_OK && sizeof(size_t) > 4));
    pc_kernels_free(&ref);
}

static void test_layout(pc_ctx *ctx)
{
    pc_vgg_config cfg;
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.height = 150, cfg.width = 150, cfg.batch = 1, cfg.width_mult = 0.125f;
    pc_vgg *m = NULL;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_OK);
    if (!m) return;
    CHECK_INT(pc_vgg_tensor_count(m), 32);
    pc_vgg_tensor t;
    pc_vgg_tensor_get(m, 0, &t);
    CHECK(strcmp(t.name, "block1_conv1/kernel") == 0 && t.ndim == 4 && t.dims[0] == 3 && t.dims[2] == 3 &&
          t.dims[3] == 8 && !t.trainable && t.grad == NULL);
    long i = pc_vgg_tensor_find(m, "block4_conv3/kernel");
    CHECK(i == 18);
    pc_vgg_tensor_get(m, (size_t)i, &t);
    CHECK(t.trainable && t.grad != NULL && t.dims[2] == 64 && t.dims[3] == 64);
    pc_vgg_tensor_get(m, (size_t)pc_vgg_tensor_find(m, "block4_conv2/bias"), &t);
    CHECK(!t.trainable);
    pc_vgg_tensor_get(m, (size_t)pc_vgg_tensor_find(m, "dense_2/kernel"), &t);
    CHECK(t.ndim == 2 && t.dims[0] == 250 && t.dims[1] == 2 && t.trainable);
    CHECK(pc_vgg_tensor_find(m, "dense_3/kernel") == -1);
    /* Keras init: biases zero, Glorot-uniform kernels inside the limit, not all equal. */
    pc_vgg_tensor_get(m, (size_t)pc_vgg_tensor_find(m, "dense/kernel"), &t);
    float limit = sqrtf(6.0f / (64 + 500)), lo = 1, hi = -1;
    for (size_t j = 0; j < t.count; j++) lo = fminf(lo, t.data[j]), hi = fmaxf(hi, t.data[j]);
    CHECK(lo >= -limit && hi <= limit && hi - lo > limit);
    pc_vgg_tensor_get(m, (size_t)pc_vgg_tensor_find(m, "dense/bias"), &t);
    CHECK(t.data[0] == 0.0f && t.data[499] == 0.0f);
    /* 150: 150 -> 75 -> 37 -> 18 -> 9 -> 4; k = 4 freezes up to block4_conv2 (18 x 18). */
    pc_shape fs = pc_vgg_frozen_shape(m);
    CHECK(fs.h == 18 && fs.w == 18 && fs.c == 64);
    CHECK(strcmp(pc_vgg_frozen_boundary(m), "block4_conv3") == 0);
    pc_shape s;
    CHECK(pc_vgg_conv_shape(m, "block5_conv3", &s) && s.h == 9 && s.w == 9 && s.c == 64);
    CHECK(pc_vgg_conv_shape(m, "block1_conv2", &s) && s.h == 150 && s.c == 8);
    CHECK(!pc_vgg_conv_shape(m, "block5_pool", &s));
    pc_vgg_free(m);

    /* VGG19 at 150 x 300 with k = 0: the frozen output is the global max-pool's. */
    pc_vgg_config_default(&cfg, PC_VGG19);
    cfg.height = 150, cfg.width = 300, cfg.batch = 2, cfg.width_mult = 0.0625f, cfg.trainable_convs = 0;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_OK);
    if (!m) return;
    CHECK_INT(pc_vgg_tensor_count(m), 38);
    CHECK(pc_vgg_tensor_find(m, "block5_conv4/kernel") == 30);
    fs = pc_vgg_frozen_shape(m);
    CHECK(fs.h == 1 && fs.w == 1 && fs.c == 32);
    CHECK(strcmp(pc_vgg_frozen_boundary(m), "dense") == 0);
    CHECK(pc_vgg_conv_shape(m, "block5_conv4", &s) && s.h == 9 && s.w == 18);
    float *x = random_images(&cfg, 2), feats[64], probs[4];
    int labels[2] = {0, 1};
    CHECK_INT(pc_vgg_forward_frozen(ctx, m, x, 2, feats), PC_STATUS_OK);
    pc_vgg_step_result r;
    CHECK_INT(pc_vgg_train_step(ctx, m, feats, 1, labels, 2, &r), PC_STATUS_OK);
    CHECK(isfinite(r.loss) && r.loss > 0);
    CHECK_INT(pc_vgg_predict(ctx, m, x, 2, probs, NULL), PC_STATUS_OK);
    CHECK_NEAR(probs[0] + probs[1], 1.0, 1e-6);
    /* bad calls */
    CHECK_INT(pc_vgg_train_step(ctx, m, feats, 1, labels, 3, &r), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "1..2");
    labels[1] = 2;
    CHECK_INT(pc_vgg_train_step(ctx, m, feats, 1, labels, 2, &r), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "label 2");
    free(x);
    pc_vgg_free(m);
    pc_vgg_free(NULL);
}

/* ---- end-to-end finite differences ---------------------------------------------------------- */

static double loss_of(pc_ctx *ctx, pc_vgg *m, const float *x, const int *labels, int n)
{
    pc_vgg_step_result r;
    pc_vgg_sync_weights(m);
    pc_vgg_forward_backward(ctx, m, x, 0, labels, n, 0, &r, NULL);
    return r.loss;
}

static void test_end_to_end_fd(pc_ctx *ctx)
{
    pc_vgg_config cfg;
    small_config(&cfg, 1);   /* tiny layers: one thread is faster than handing out tasks */
    pc_vgg *m = NULL;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_OK);
    if (!m) return;
    /* Positive conv biases keep most ReLUs in their linear part, so steps cross few kinks. */
    for (size_t t = 0; t < pc_vgg_tensor_count(m); t++) {
        pc_vgg_tensor ts;
        pc_vgg_tensor_get(m, t, &ts);
        if (ts.ndim == 1)
            for (size_t j = 0; j < ts.count; j++) ts.data[j] = pc_rng_range(&rng, 0.3f, 0.6f);
    }
    float *x = random_images(&cfg, 3);
    for (size_t j = 0; j < (size_t)3 * 32 * 40 * 3; j++) x[j] *= 3.0f;
    int labels[3] = {2, 0, 1};
    pc_vgg_zero_grad(m);
    pc_vgg_step_result r;
    pc_vgg_sync_weights(m);
    CHECK_INT(pc_vgg_forward_backward(ctx, m, x, 0, labels, 3, 0, &r, NULL), PC_STATUS_OK);
    const size_t nt = pc_vgg_tensor_count(m);
    float *grads[64] = {0};
    for (size_t t = 0; t < nt; t++) {   /* later calls accumulate more: keep a copy */
        pc_vgg_tensor ts;
        pc_vgg_tensor_get(m, t, &ts);
        CHECK(ts.grad != NULL);
        grads[t] = malloc(ts.count * sizeof(float));
        if (ts.grad) memcpy(grads[t], ts.grad, ts.count * sizeof(float));
    }
    /* 1. Every tensor along a random unit direction d: FD of the loss vs <grad, d>. The
     *    step-halving difference estimates the FD's own error (kinks, float noise). */
    size_t strong = 0, bad = 0;
    for (size_t t = 0; t < nt; t++) {
        pc_vgg_tensor ts;
        pc_vgg_tensor_get(m, t, &ts);
        float *keep = malloc(ts.count * 4), *d = malloc(ts.count * 4);
        memcpy(keep, ts.data, ts.count * 4);
        double norm = 0, an = 0, fd[2];
        for (size_t j = 0; j < ts.count; j++) d[j] = pc_rng_range(&rng, -1, 1), norm += (double)d[j] * d[j];
        for (size_t j = 0; j < ts.count; j++) d[j] = (float)(d[j] / sqrt(norm)), an += (double)grads[t][j] * d[j];
        const float steps[2] = {2e-2f, 1e-2f};
        double l0 = loss_of(ctx, m, x, labels, 3), lp = 0, lm = 0;
        for (int e = 0; e < 2; e++) {
            for (size_t j = 0; j < ts.count; j++) ts.data[j] = keep[j] + steps[e] * d[j];
            lp = loss_of(ctx, m, x, labels, 3);
            for (size_t j = 0; j < ts.count; j++) ts.data[j] = keep[j] - steps[e] * d[j];
            lm = loss_of(ctx, m, x, labels, 3);
            fd[e] = (lp - lm) / (2.0 * steps[e]);
        }
        memcpy(ts.data, keep, ts.count * 4);
        /* A kink between -1e-2 and 1e-2 shows as different one-sided slopes; the central
         * quotient then averages them and may be off from the derivative by half the jump. */
        double kink = fabs((lp - l0) - (l0 - lm)) / 1e-2;
        double tol = 0.05 * fabs(an) + 3.0 * fabs(fd[0] - fd[1]) + 0.5 * kink + 2e-5;
        strong += tol < 0.25 * fabs(an);
        if (!(fabs(fd[1] - an) <= tol)) {
            fprintf(stderr, "%s along d: finite difference %.6g (step 2e-2: %.6g), backward %.6g\n", ts.name, fd[1],
                    fd[0], an);
            bad++;
        }
        free(keep), free(d);
    }
    printf("end-to-end directional finite differences: %zu tensors, %zu within 25%% tolerance or tighter, %zu wrong\n",
           nt, strong, bad);
    CHECK_INT(bad, 0);
    CHECK(strong * 2 >= nt);   /* at least half the tensors are checked tightly, not by the noise floor */
    /* 2. Entries of the head (smooth apart from two ReLUs): element by element. */
    size_t checked = 0, wrong = 0;
    for (size_t t = (size_t)pc_vgg_tensor_find(m, "dense/kernel"); t < nt; t++) {
        pc_vgg_tensor ts;
        pc_vgg_tensor_get(m, t, &ts);
        for (int s = 0; s < 6; s++) {
            size_t j = pc_rng_below(&rng, (uint32_t)ts.count);
            float keep = ts.data[j];
            ts.data[j] = keep + 1e-2f;
            double lp = loss_of(ctx, m, x, labels, 3);
            ts.data[j] = keep - 1e-2f;
            double lm = loss_of(ctx, m, x, labels, 3);
            ts.data[j] = keep;
            double fd = (lp - lm) / 2e-2, an = grads[t][j];
            checked++;
            if (fabs(fd - an) > 1e-2 * fmax(fabs(fd), fabs(an)) + 2e-5) {
                fprintf(stderr, "%s[%zu]: finite difference %.7g, backward %.7g\n", ts.name, j, fd, an);
                wrong++;
            }
        }
    }
    CHECK_INT(wrong, 0);
    CHECK(checked == 36);
    for (size_t t = 0; t < nt; t++) free(grads[t]);
    pc_vgg_sync_weights(m);
    free(x);
    pc_vgg_free(m);
}

/* ---- determinism, caching, fine-tuning depth -------------------------------------------------- */

static int same_params(pc_vgg *a, pc_vgg *b)
{
    for (size_t t = 0; t < pc_vgg_tensor_count(a); t++) {
        pc_vgg_tensor ta, tb;
        pc_vgg_tensor_get(a, t, &ta), pc_vgg_tensor_get(b, t, &tb);
        if (memcmp(ta.data, tb.data, ta.count * sizeof(float)) != 0) return 0;
    }
    return 1;
}

static void test_determinism_and_caching(pc_ctx *ctx)
{
    pc_vgg_config cfg;
    small_config(&cfg, 2);
    cfg.height = 64, cfg.width = 64, cfg.trainable_convs = 4, cfg.batch = 4, cfg.width_mult = 0.125f;
    pc_vgg *a = NULL, *b = NULL, *c = NULL;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &a), PC_STATUS_OK);
    cfg.kernels.threads = 1;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &b), PC_STATUS_OK);
    CHECK_INT(pc_vgg_create(ctx, &cfg, &c), PC_STATUS_OK);
    if (!a || !b || !c) return;
    CHECK(same_params(a, b));
    float *x = random_images(&cfg, 4);
    for (size_t j = 0; j < (size_t)4 * 64 * 64 * 3; j++) x[j] *= 100.0f;   /* preprocessed pixel scale */
    int labels[4] = {0, 1, 2, 1};
    pc_shape fs = pc_vgg_frozen_shape(c);
    size_t fe = pc_shape_image_elems(fs);
    float *feats = malloc(4 * fe * sizeof(float));
    CHECK_INT(pc_vgg_forward_frozen(ctx, c, x, 4, feats), PC_STATUS_OK);
    float before[2][64];
    pc_vgg_tensor frozen, top;
    pc_vgg_tensor_get(a, (size_t)pc_vgg_tensor_find(a, "block4_conv2/kernel"), &frozen);
    pc_vgg_tensor_get(a, (size_t)pc_vgg_tensor_find(a, "block4_conv3/kernel"), &top);
    memcpy(before[0], frozen.data, sizeof before[0]);
    memcpy(before[1], top.data, sizeof before[1]);
    float losses[3][4];
    for (int step = 0; step < 4; step++) {
        pc_vgg_step_result ra, rb, rc;
        CHECK_INT(pc_vgg_train_step(ctx, a, x, 0, labels, 4, &ra), PC_STATUS_OK);
        CHECK_INT(pc_vgg_train_step(ctx, b, x, 0, labels, 4, &rb), PC_STATUS_OK);
        CHECK_INT(pc_vgg_train_step(ctx, c, feats, 1, labels, 4, &rc), PC_STATUS_OK);
        losses[0][step] = ra.loss, losses[1][step] = rb.loss, losses[2][step] = rc.loss;
    }
    printf("losses over 4 steps (2 threads): %.6f %.6f %.6f %.6f\n", losses[0][0], losses[0][1], losses[0][2],
           losses[0][3]);
    /* 1 thread and 2 threads, images and cached features: bitwise the same. */
    CHECK(memcmp(losses[0], losses[1], sizeof losses[0]) == 0);
    CHECK(memcmp(losses[0], losses[2], sizeof losses[0]) == 0);
    CHECK(same_params(a, b));
    CHECK(same_params(a, c));
    CHECK(losses[0][3] < losses[0][0]);
    CHECK_INT(pc_vgg_adam_steps(a), 4);
    /* Frozen layers did not move, trainable ones did. */
    CHECK(memcmp(before[0], frozen.data, sizeof before[0]) == 0);
    CHECK(memcmp(before[1], top.data, sizeof before[1]) != 0);
    /* A second model from the same seed gives the same first loss: no hidden state. */
    pc_vgg *d = NULL;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &d), PC_STATUS_OK);
    pc_vgg_step_result rd;
    CHECK_INT(pc_vgg_train_step(ctx, d, x, 0, labels, 4, &rd), PC_STATUS_OK);
    CHECK(rd.loss == losses[0][0]);
    pc_vgg_free(d);
    free(x), free(feats);
    pc_vgg_free(a), pc_vgg_free(b), pc_vgg_free(c);
}

/* ---- Grad-CAM gradient -------------------------------------------------------------------------- */

/* d logit[cls] / d bias_c[ch] = sum over pixels where act_c > 0 of grad_c[p][ch]: the
 * per-channel sums Grad-CAM averages, checked by finite differences through the bias. */
static void test_class_gradient(pc_ctx *ctx)
{
    pc_vgg_config cfg;
    small_config(&cfg, 1);
    cfg.height = 48, cfg.width = 48;
    pc_vgg *m = NULL;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_OK);
    if (!m) return;
    for (size_t t = 0; t < pc_vgg_tensor_count(m); t++) {
        pc_vgg_tensor ts;
        pc_vgg_tensor_get(m, t, &ts);
        for (size_t j = 0; j < ts.count; j++) ts.data[j] = ts.ndim == 1 ? 0.3f : ts.data[j];
    }
    pc_vgg_sync_weights(m);
    float *x = random_images(&cfg, 1);
    for (size_t j = 0; j < (size_t)48 * 48 * 3; j++) x[j] *= 3.0f;
    const char *layers[3] = {"block5_conv3", "block4_conv2", "block2_conv1"};
    size_t checked = 0, bad = 0;
    for (int l = 0; l < 3; l++) {
        pc_shape s;
        CHECK(pc_vgg_conv_shape(m, layers[l], &s));
        size_t count = pc_shape_image_elems(s);
        float *act = malloc(count * 4), *grad = malloc(count * 4), probs[3], logits[3], probs2[3];
        int cls = l % 3;
        CHECK_INT(pc_vgg_class_gradient(ctx, m, x, cls, layers[l], act, grad, probs), PC_STATUS_OK);
        CHECK_INT(pc_vgg_predict(ctx, m, x, 1, probs2, logits), PC_STATUS_OK);
        CHECK(memcmp(probs, probs2, sizeof probs) == 0);
        char bname[64];
        snprintf(bname, sizeof bname, "%s/bias", layers[l]);
        pc_vgg_tensor bias;
        pc_vgg_tensor_get(m, (size_t)pc_vgg_tensor_find(m, bname), &bias);
        for (size_t ch = 0; ch < s.c; ch++) {
            double want = 0;
            for (size_t p = 0; p < s.h * s.w; p++)
                if (act[p * s.c + ch] > 0) want += grad[p * s.c + ch];
            double fd[2], lp0 = 0, lm0 = 0, l0;
            const float steps[2] = {2e-3f, 1e-3f};
            float keep = bias.data[ch], lz[3];
            pc_vgg_predict(ctx, m, x, 1, probs2, lz);
            l0 = lz[cls];
            for (int e = 0; e < 2; e++) {
                float lp[3], lm[3];
                bias.data[ch] = keep + steps[e];
                pc_vgg_predict(ctx, m, x, 1, probs2, lp);
                bias.data[ch] = keep - steps[e];
                pc_vgg_predict(ctx, m, x, 1, probs2, lm);
                fd[e] = ((double)lp[cls] - lm[cls]) / (2.0 * steps[e]);
                lp0 = lp[cls], lm0 = lm[cls];
            }
            bias.data[ch] = keep;
            /* skip where a kink is crossed or straddled (one-sided slopes or step sizes disagree) */
            if (fabs(fd[0] - fd[1]) > 1e-2 * fmax(fabs(fd[0]), fabs(fd[1])) + 1e-4) continue;
            if (fabs((lp0 - l0) - (l0 - lm0)) / steps[1] > 1e-2 * fabs(fd[1]) + 2e-4) continue;
            checked++;
            if (fabs(fd[1] - want) > 1e-2 * fmax(fabs(fd[1]), fabs(want)) + 2e-4) {
                if (bad < 5) fprintf(stderr, "%s channel %zu: fd %.7g, grad-cam sum %.7g\n", layers[l], ch, fd[1], want);
                bad++;
            }
        }
        free(act), free(grad);
    }
    printf("Grad-CAM gradient: %zu channels checked, %zu wrong\n", checked, bad);
    CHECK(checked >= 30);
    CHECK_INT(bad, 0);
    float dummy[4];
    CHECK_INT(pc_vgg_class_gradient(ctx, m, x, 0, "block9_conv1", dummy, dummy, NULL), PC_STATUS_NOT_FOUND);
    CHECK_MESSAGE(ctx, "block9_conv1");
    CHECK_INT(pc_vgg_class_gradient(ctx, m, x, 3, "block5_conv3", dummy, dummy, NULL), PC_STATUS_INVALID_ARGUMENT);
    free(x);
    pc_vgg_free(m);
}

/* A VGG19 started from a VGG16 base (pc_train_load_base): the 13 shared conv layers copied,
 * the three extra ones the identity, so its whole conv base (k = 0: the global max-pool's
 * output) computes what the VGG16's does, on images at the preprocessed pixel scale. The
 * other way round is refused. */
static void test_vgg19_from_vgg16(pc_ctx *ctx)
{
    pc_vgg_config c16, c19;
    small_config(&c16, 1);
    c16.height = 48, c16.width = 64, c16.trainable_convs = 0, c16.batch = 2;
    c19 = c16;
    c19.arch = PC_VGG19;
    c19.seed = 12;   /* other random weights everywhere, so nothing matches by accident */
    pc_vgg *m16 = NULL, *m19 = NULL;
    CHECK_INT(pc_vgg_create(ctx, &c16, &m16), PC_STATUS_OK);
    CHECK_INT(pc_vgg_create(ctx, &c19, &m19), PC_STATUS_OK);
    if (!m16 || !m19) return;
    int deepened = 0;
    CHECK_INT(pc_train_load_base(ctx, m19, m16, "base16.pcm", &deepened), PC_STATUS_OK);
    CHECK_INT(deepened, 1);
    float *x = random_images(&c16, 2);
    for (size_t j = 0; j < (size_t)2 * 48 * 64 * 3; j++) x[j] *= 100.0f;
    size_t fe = pc_shape_image_elems(pc_vgg_frozen_shape(m16));
    CHECK(fe == pc_shape_image_elems(pc_vgg_frozen_shape(m19)));
    float *f16 = malloc(2 * fe * sizeof(float)), *f19 = malloc(2 * fe * sizeof(float));
    CHECK_INT(pc_vgg_forward_frozen(ctx, m16, x, 2, f16), PC_STATUS_OK);
    CHECK_INT(pc_vgg_forward_frozen(ctx, m19, x, 2, f19), PC_STATUS_OK);
    double worst = 0, scale = 0;
    for (size_t i = 0; i < 2 * fe; i++) {
        double d = fabs((double)f16[i] - (double)f19[i]);
        worst = d > worst ? d : worst;
        scale = fabs((double)f16[i]) > scale ? fabs((double)f16[i]) : scale;
    }
    CHECK(scale > 0);
    CHECK(worst <= 1e-4 * scale);   /* the same sums, in other kernels' order at most */
    /* Without the base the two differ: the check above can fail. */
    pc_vgg *fresh = NULL;
    CHECK_INT(pc_vgg_create(ctx, &c19, &fresh), PC_STATUS_OK);
    if (fresh) {
        CHECK_INT(pc_vgg_forward_frozen(ctx, fresh, x, 2, f19), PC_STATUS_OK);
        double apart = 0;
        for (size_t i = 0; i < 2 * fe; i++) apart = fmax(apart, fabs((double)f16[i] - (double)f19[i]));
        CHECK(apart > 1e-2 * scale);
        pc_vgg_free(fresh);
    }
    CHECK_INT(pc_train_load_base(ctx, m16, m19, "base19.pcm", NULL), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "base19.pcm is a vgg19, this training builds a vgg16");
    free(f16);
    free(f19);
    free(x);
    pc_vgg_free(m16);
    pc_vgg_free(m19);
}

int main(void)
{
    pc_rng_seed(&rng, 99, 4);
    pc_ctx *ctx = pc_ctx_create();
    test_config_errors(ctx);
    test_layout(ctx);
    test_end_to_end_fd(ctx);
    test_determinism_and_caching(ctx);
    test_class_gradient(ctx);
    test_vgg19_from_vgg16(ctx);
    pc_ctx_free(ctx);
    return check_finish("test_vgg");
}
