/* test_wasm_vgg.c: the whole network on the WebAssembly SIMD128 kernels against the same
 * network on the reference kernels.
 *
 * A reduced VGG16 (64 x 56 input, width 1/4: 16 .. 128 channels, so every conv but the first
 * takes the Winograd path; head 32/16/2; k = 0) is built twice from one seed, once per
 * implementation (the parameters are bitwise the same), and both predict the same three
 * preprocessed-scale images. Checked: the conv base's output (after the global max-pool) and
 * the logits, by NMSE = sum (ours - ref)^2 / sum ref^2 <= 1e-9, and the class probabilities
 * to 1e-5. Measured under Node: the direct kernel sums in the reference's order (bias, then
 * taps, then channels, multiply then add) and is bitwise equal (NMSE 0); Winograd F(2x2)
 * 1.2e-12 and F(4x4) 4.4e-12 on the features. 1e-9 leaves room for other engines and still
 * catches a single wrong channel or tile (~1e-3). Under the native build the wasm kernels
 * are absent: a visible SKIP (exit 77). */
#include "check.h"
#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"
#include "kernels/kernels.h"
#include "nn/tensor.h"

enum { IMAGES = 3, H = 64, W = 56 };

static pc_vgg *make(pc_ctx *ctx, pc_kernel_impl conv)
{
    pc_vgg_config cfg;
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.height = H, cfg.width = W, cfg.width_mult = 0.25f;
    cfg.dense1 = 32, cfg.dense2 = 16, cfg.classes = 2;
    cfg.trainable_convs = 0, cfg.batch = 1, cfg.seed = 7;
    cfg.kernels.conv = conv;
    cfg.kernels.threads = 1;
    pc_vgg *m = NULL;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_OK);
    return m;
}

static double nmse(const float *got, const float *want, size_t n)
{
    double num = 0.0, den = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)got[i] - want[i];
        num += d * d, den += (double)want[i] * want[i];
    }
    return den > 0.0 ? num / den : num;
}

int main(void)
{
    const pc_kernel_impl impls[] = {PC_KERNEL_WASMSIMD, PC_KERNEL_WINOGRAD, PC_KERNEL_WINOGRAD4X4};
    if (!pc_kernel_impl_available(PC_KERNEL_WASMSIMD)) {
        printf("test_wasm_vgg: SKIP: the WebAssembly SIMD128 kernels are not in this build\n");
        return 77;
    }
    pc_ctx *ctx = pc_ctx_create();
    pc_rng rng;
    pc_rng_seed(&rng, 3, 1);
    float *x = malloc((size_t)IMAGES * H * W * 3 * sizeof(float));
    for (size_t i = 0; i < (size_t)IMAGES * H * W * 3; i++) x[i] = pc_rng_range(&rng, -120.0f, 130.0f);

    pc_vgg *ref = make(ctx, PC_KERNEL_REF);
    if (!ref) return check_finish("test_wasm_vgg");
    const size_t fe = pc_shape_image_elems(pc_vgg_frozen_shape(ref));
    float *feat_ref = malloc(IMAGES * fe * sizeof(float)), *feat = malloc(IMAGES * fe * sizeof(float));
    float probs_ref[IMAGES * 2], logits_ref[IMAGES * 2], probs[IMAGES * 2], logits[IMAGES * 2];
    CHECK_INT(pc_vgg_forward_frozen(ctx, ref, x, IMAGES, feat_ref), PC_STATUS_OK);
    CHECK_INT(pc_vgg_predict(ctx, ref, x, IMAGES, probs_ref, logits_ref), PC_STATUS_OK);

    for (size_t s = 0; s < sizeof impls / sizeof impls[0]; s++) {
        pc_vgg *m = make(ctx, impls[s]);
        if (!m) continue;
        CHECK_INT(pc_vgg_get_kernels(m)->conv_impl, impls[s]);
        CHECK_INT(pc_vgg_forward_frozen(ctx, m, x, IMAGES, feat), PC_STATUS_OK);
        CHECK_INT(pc_vgg_predict(ctx, m, x, IMAGES, probs, logits), PC_STATUS_OK);
        const double e_feat = nmse(feat, feat_ref, IMAGES * fe), e_logit = nmse(logits, logits_ref, IMAGES * 2);
        double dp = 0.0;
        for (int i = 0; i < IMAGES * 2; i++) dp = fmax(dp, fabs((double)probs[i] - probs_ref[i]));
        printf("test_wasm_vgg %s: NMSE features %.3g, logits %.3g; max |dP| %.3g\n",
               pc_kernel_impl_name(impls[s]), e_feat, e_logit, dp);
        CHECK(e_feat <= 1e-9);
        CHECK(e_logit <= 1e-9);
        CHECK(dp <= 1e-5);
        pc_vgg_free(m);
    }
    pc_vgg_free(ref);
    free(x), free(feat_ref), free(feat);
    pc_ctx_free(ctx);
    return check_finish("test_wasm_vgg");
}
