/* test_vgg_torch.c: PyTorch parity of the VGG (as llm.c's test_gpt2 checks GPT-2 against PyTorch).
 *
 *   test_vgg_torch write small|full DIR   writes DIR/<mode>.pcm (our model file) and DIR/<mode>_input.fix
 *   (tests/ref/vgg_torch.py <mode> DIR    PyTorch, float64, from those files -> DIR/<mode>_ref.fix)
 *   test_vgg_torch check small|full DIR   loads the model file, recomputes, compares every tensor
 * (torch_parity.sh runs the three steps; without torch it exits 77 = SKIP.)
 *
 * small: VGG16 at width 1/8 (8..64 channels), the paper's head (500, 250, 2), 64 x 64 input,
 *        k = 4, batch 4: eval logits; Grad-CAM gradients at block5_conv3 and block4_conv2;
 *        the loss and the gradient of every trainable tensor of a training step with dropout
 *        ON (polarcad's masks, replayed in Python); the losses of 5 Keras-Adam steps; every
 *        trainable tensor after them.
 * full:  the full-size VGG16 at 150 x 150, 2 images: eval logits, the 512 global-max-pooled
 *        features, Grad-CAM gradients.
 * Each comparison prints max |ours - torch| and its ratio to max |torch| (check_tensor);
 * the tolerances, as ratios to max |torch| per tensor (parameters after Adam: to 5 lr),
 * are TOL_* below with the values measured when they were set. The reference is float64, so these are the float32 engine's
 * own errors. */
#include <stdint.h>

#include "check.h"
#include "fixture.h"
#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"
#include "kernels/kernels.h"
#include "nn/tensor.h"

/* Allowed, relative to max |torch| per tensor; measured with the Winograd kernels (the
 * default) and with the direct AVX2 kernels, 2 threads (the direct figures in brackets): */
#define TOL_LOGITS 5e-5     /* measured: small 9.1e-7, full-size VGG16 at 150 x 150 9.9e-7 (direct 4.3e-6) */
#define TOL_ACT 2e-5        /* measured: conv activations, pooled features <= 8.7e-7 (direct 2.0e-6) */
#define TOL_GRAD 1e-5       /* measured: parameter and Grad-CAM gradients <= 9.9e-7 (direct 1.3e-6); was 1e-4 */
/* Losses, absolute (losses ~0.7-1.1). Step 1 is one forward pass with dropout, so float32
 * rounding alone: measured 1.4e-8 (Winograd, AVX2 host, 2025); the bound is 8 float32 ulps
 * of a loss of 0.74, room for the direct kernels' ~5x larger logit errors. Steps 2-5 come
 * after Adam updates, and there the difference is not rounding of the loss: Adam moves a
 * parameter whose gradient is at the ~2e-7 rounding level by up to +-lr either way (see
 * TOL_PARAM), so the two sides train slightly different networks, and how far apart they
 * land depends on the summation order of the kernels. Measured: <= 1.5e-6 (AVX2 host),
 * 9.3e-6 on an AVX-512 host, which nearly touched the old common bound of 1e-5; the bound
 * is 3x the worst measured. */
#define TOL_LOSS 5e-7
#define TOL_LOSS_AFTER_ADAM 3e-5
#define TOL_PARAM 3e-2      /* after 5 Adam steps, relative to 5 lr: measured 5.8e-3 (direct 2.6e-3), see below */
/* Parameters after Adam: each step moves a parameter by about lr * m / sqrt(v), close to
 * +-lr whatever the gradient's size, so an entry whose true gradient is ~0 (below the
 * ~2e-7 float32 rounding of the gradients above) moves by an amount rounding decides, on
 * either side. That is Adam's conditioning, not an error of the engine: the differences
 * are measured against the largest possible total move, 5 * lr. */

static double worst_ratio[5];

/* max |ours - ref| <= tol * scale, scale = max |ref| unless given (> 0). */
static void compare_scaled(const char *name, const float *ours, const fixture *ref, const char *ref_name, size_t count,
                           double tol, int kind, double scale)
{
    const fixture_tensor *t = fixture_find(ref, ref_name);
    check_tally.checks++;
    if (!t || t->count != count) {
        check_tally.failures++;
        fprintf(stderr, "%s: reference %s %s\n", name, ref_name, t ? "has another size" : "is missing");
        return;
    }
    double maxdiff = 0, maxref = 0;
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        double d = fabs((double)ours[i] - t->data[i]);
        if (d > maxdiff) maxdiff = d, at = i;
        if (fabs(t->data[i]) > maxref) maxref = fabs(t->data[i]);
    }
    if (scale <= 0) scale = maxref;
    double ratio = scale > 0 ? maxdiff / scale : maxdiff;
    if (ratio > worst_ratio[kind]) worst_ratio[kind] = ratio;
    int ok = ratio <= tol;
    printf("  %-34s max |diff| %.3g = %.2e of %s %.3g %s\n", name, maxdiff, ratio,
           scale == maxref ? "max |ref|" : "5 lr", scale, ok ? "ok" : "FAIL");
    if (!ok) {
        check_tally.failures++;
        fprintf(stderr, "%s: at %zu ours %.9g torch %.9g (tolerance %.1e)\n", name, at, (double)ours[at],
                t->data[at], tol);
    }
}

static void compare(const char *name, const float *ours, const fixture *ref, const char *ref_name, size_t count,
                    double tol, int kind)
{
    compare_scaled(name, ours, ref, ref_name, count, tol, kind, 0.0);
}

typedef struct setup {
    pc_vgg_config cfg;
    int n;
    int gradcam_class;
    float bias_scale;
} setup;

static void make_setup(const char *mode, setup *s)
{
    pc_vgg_config_default(&s->cfg, PC_VGG16);
    s->gradcam_class = 1;
    if (strcmp(mode, "small") == 0) {
        s->cfg.height = 64, s->cfg.width = 64, s->cfg.width_mult = 0.125f;
        s->cfg.trainable_convs = 4, s->cfg.batch = 4, s->cfg.seed = 7;
        s->n = 4, s->bias_scale = 0.1f;
    } else {
        s->cfg.height = 150, s->cfg.width = 150;
        s->cfg.trainable_convs = 0, s->cfg.batch = 1, s->cfg.seed = 3;
        s->n = 2, s->bias_scale = 0.05f;
    }
    s->cfg.kernels.threads = 2;
}

static int do_write(const char *mode, const char *dir)
{
    setup s;
    make_setup(mode, &s);
    pc_ctx *ctx = pc_ctx_create();
    pc_vgg *m = NULL;
    pc_model_info info;
    pc_rng rng;
    pc_rng_seed(&rng, 1234, 9);
    if (pc_vgg_create(ctx, &s.cfg, &m) || pc_model_info_init(ctx, &s.cfg, &info)) {
        fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
        return 1;
    }
    for (size_t t = 0; t < pc_vgg_tensor_count(m); t++) {   /* biases that matter */
        pc_vgg_tensor v;
        pc_vgg_tensor_get(m, t, &v);
        if (v.ndim == 1)
            for (size_t i = 0; i < v.count; i++) v.data[i] = pc_rng_range(&rng, -s.bias_scale, s.bias_scale);
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.pcm", dir, mode);
    if (pc_model_save(ctx, m, &info, path)) {
        fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
        return 1;
    }
    /* Inputs at the scale of caffe-preprocessed pixels. */
    const size_t count = (size_t)s.n * (size_t)s.cfg.height * (size_t)s.cfg.width * 3;
    float *x = malloc(count * sizeof(float));
    for (size_t i = 0; i < count; i++) x[i] = pc_rng_range(&rng, -120.0f, 120.0f);
    float labels[4] = {0, 1, 1, 0}, k = (float)s.cfg.trainable_convs, seed = (float)s.cfg.seed,
          cls = (float)s.gradcam_class;
    fixture f = {0};
    size_t dx[4] = {(size_t)s.n, (size_t)s.cfg.height, (size_t)s.cfg.width, 3}, dl[1] = {(size_t)s.n}, one[1] = {1};
    fixture_add(&f, "x", 4, dx, x, NULL);
    fixture_add(&f, "labels", 1, dl, labels, NULL);
    fixture_add(&f, "trainable_convs", 1, one, &k, NULL);
    fixture_add(&f, "seed", 1, one, &seed, NULL);
    fixture_add(&f, "gradcam_class", 1, one, &cls, NULL);
    snprintf(path, sizeof path, "%s/%s_input.fix", dir, mode);
    int ok = fixture_write(&f, path);
    fixture_free(&f);
    free(x);
    pc_model_info_free(&info);
    pc_vgg_free(m);
    pc_ctx_free(ctx);
    printf("wrote %s/%s.pcm and %s\n", dir, mode, path);
    return ok ? 0 : 1;
}

static int do_check(const char *mode, const char *dir)
{
    setup s;
    make_setup(mode, &s);
    char path[1024];
    fixture in, ref;
    snprintf(path, sizeof path, "%s/%s_input.fix", dir, mode);
    if (!fixture_read(&in, path)) return fprintf(stderr, "cannot read %s\n", path), 1;
    snprintf(path, sizeof path, "%s/%s_ref.fix", dir, mode);
    if (!fixture_read(&ref, path)) return fprintf(stderr, "cannot read %s\n", path), 1;
    pc_ctx *ctx = pc_ctx_create();
    pc_vgg *m = NULL;
    pc_model_info info;
    snprintf(path, sizeof path, "%s/%s.pcm", dir, mode);
    if (pc_model_load(ctx, path, &s.cfg, &m, &info)) {
        fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
        return 1;
    }
    const pc_vgg_config *cfg = pc_vgg_get_config(m);
    const fixture_tensor *xt = fixture_find(&in, "x"), *lt = fixture_find(&in, "labels");
    const size_t img = (size_t)cfg->height * (size_t)cfg->width * 3, K = (size_t)cfg->classes;
    float *x = malloc((size_t)s.n * img * sizeof(float));
    int labels[4];
    for (size_t i = 0; i < (size_t)s.n * img; i++) x[i] = (float)xt->data[i];
    for (int b = 0; b < s.n; b++) labels[b] = (int)lt->data[b];
    printf("%s: kernels conv %s / weight gradient %s, %d threads\n", mode,
           pc_kernel_impl_name(pc_vgg_get_kernels(m)->conv_impl),
           pc_kernel_impl_name(pc_vgg_get_kernels(m)->conv_filter_impl), pc_vgg_get_kernels(m)->threads);

    /* 1. inference */
    float *probs = malloc((size_t)s.n * K * sizeof(float)), *logits = malloc((size_t)s.n * K * sizeof(float));
    CHECK_INT(pc_vgg_predict(ctx, m, x, s.n, probs, logits), PC_STATUS_OK);
    compare("logits (eval)", logits, &ref, "logits_eval", (size_t)s.n * K, TOL_LOGITS, 0);

    /* 2. Grad-CAM gradients, image 0 */
    const char *layers[2] = {"block5_conv3", "block4_conv2"};
    for (int l = 0; l < 2; l++) {
        pc_shape sh;
        CHECK(pc_vgg_conv_shape(m, layers[l], &sh));
        size_t count = pc_shape_image_elems(sh);
        float *act = malloc(count * 4), *grad = malloc(count * 4);
        char name[96], rname[96];
        CHECK_INT(pc_vgg_class_gradient(ctx, m, x, s.gradcam_class, layers[l], act, grad, NULL), PC_STATUS_OK);
        snprintf(name, sizeof name, "%s activation", layers[l]);
        snprintf(rname, sizeof rname, "gradcam/%s/act", layers[l]);
        compare(name, act, &ref, rname, count, TOL_ACT, 1);
        snprintf(name, sizeof name, "%s d logit / d act", layers[l]);
        snprintf(rname, sizeof rname, "gradcam/%s/grad", layers[l]);
        compare(name, grad, &ref, rname, count, TOL_GRAD, 2);
        free(act), free(grad);
    }

    if (strcmp(mode, "small") == 0) {
        /* 3. one training step's gradients, dropout on */
        pc_vgg_step_result r;
        pc_vgg_zero_grad(m);
        CHECK_INT(pc_vgg_forward_backward(ctx, m, x, 0, labels, s.n, 1, &r, NULL), PC_STATUS_OK);
        const fixture_tensor *l1 = fixture_find(&ref, "step1/loss");
        CHECK(l1 != NULL);
        if (l1) {
            printf("  step 1 loss: ours %.9f torch %.9f\n", (double)r.loss, l1->data[0]);
            CHECK_NEAR(r.loss, l1->data[0], TOL_LOSS);
        }
        int n_trainable = 0;
        for (size_t t = 0; t < pc_vgg_tensor_count(m); t++) {
            pc_vgg_tensor v;
            pc_vgg_tensor_get(m, t, &v);
            char rname[160];
            snprintf(rname, sizeof rname, "step1/grad/%s", v.name);
            if (!v.trainable) {   /* frozen: no gradient on either side */
                CHECK(v.grad == NULL && fixture_find(&ref, rname) == NULL);
                continue;
            }
            n_trainable++;
            char name[96];
            snprintf(name, sizeof name, "grad %s", v.name);
            compare(name, v.grad, &ref, rname, v.count, TOL_GRAD, 2);
        }
        CHECK_INT(n_trainable, 14);   /* block4_conv3, block5_conv1..3, dense, dense_1, dense_2 */
        /* 4. five Keras-Adam steps on the batch (the first's gradients are above) */
        float losses[5] = {r.loss};
        pc_vgg_adam_step(m);
        for (int step = 1; step < 5; step++) {
            CHECK_INT(pc_vgg_train_step(ctx, m, x, 0, labels, s.n, &r), PC_STATUS_OK);
            losses[step] = r.loss;
        }
        const fixture_tensor *lt5 = fixture_find(&ref, "losses");
        CHECK(lt5 && lt5->count == 5);
        for (int i = 0; lt5 && i < 5; i++) {
            printf("  step %d loss: ours %.9f torch %.9f\n", i + 1, (double)losses[i], lt5->data[i]);
            CHECK_NEAR(losses[i], lt5->data[i], i == 0 ? TOL_LOSS : TOL_LOSS_AFTER_ADAM);
        }
        for (size_t t = 0; t < pc_vgg_tensor_count(m); t++) {
            pc_vgg_tensor v;
            pc_vgg_tensor_get(m, t, &v);
            if (!v.trainable) continue;
            char name[96], rname[160];
            snprintf(name, sizeof name, "after 5 steps %s", v.name);
            snprintf(rname, sizeof rname, "final/%s", v.name);
            compare_scaled(name, v.data, &ref, rname, v.count, TOL_PARAM, 3, 5.0 * cfg->adam.lr);
        }
    } else {
        /* 2b. features: the 512 global-max-pooled values (through the frozen path: k = 0) */
        pc_shape fs = pc_vgg_frozen_shape(m);
        float *feats = malloc((size_t)s.n * fs.c * sizeof(float));
        CHECK_INT(pc_vgg_forward_frozen(ctx, m, x, s.n, feats), PC_STATUS_OK);
        compare("global max-pooled features", feats, &ref, "features_eval", (size_t)s.n * fs.c, TOL_ACT, 1);
        free(feats);
    }
    printf("worst ratios: logits %.2e, activations %.2e, gradients %.2e, parameters after Adam %.2e (of 5 lr)\n", worst_ratio[0],
           worst_ratio[1], worst_ratio[2], worst_ratio[3]);
    free(x), free(probs), free(logits);
    fixture_free(&in), fixture_free(&ref);
    pc_model_info_free(&info);
    pc_vgg_free(m);
    pc_ctx_free(ctx);
    return check_finish("test_vgg_torch");
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[2], "small") && strcmp(argv[2], "full"))) {
        fprintf(stderr, "usage: test_vgg_torch write|check small|full DIR\n");
        return 2;
    }
    if (strcmp(argv[1], "write") == 0) return do_write(argv[2], argv[3]);
    if (strcmp(argv[1], "check") == 0) return do_check(argv[2], argv[3]);
    fprintf(stderr, "usage: test_vgg_torch write|check small|full DIR\n");
    return 2;
}
