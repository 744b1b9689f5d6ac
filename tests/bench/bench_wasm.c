/* bench_wasm.c: the WebAssembly engine's benchmark module (scripts/bench-wasm drives it from
 * tests/bench/bench_wasm.mjs in Node; a benchmark, not a test, and not the page's module).
 *
 * Exports, all single-threaded (the wasm build has no thread pool):
 *   bench_vgg_create(h, w, conv)   VGG16 + the paper's head (500/250/2), batch 1, frozen
 *                                  (k = 0: no training buffers), Keras initialisation from
 *                                  seed 1, conv kernels by name ("auto", "ref", ...); NULL on error
 *   bench_vgg_tensor_count/name/ndim/dim/data   the parameters, for the peer to load
 *   bench_vgg_sync(m)              re-packs after the parameters were written
 *   bench_vgg_predict(m, x, logits, probs)      one preprocessed image (h, w, 3)
 *   bench_conv_ms(h, w, ci, co, conv, reps)     median ms of one conv forward (+ bias, ReLU)
 *                                               with that implementation: the per-layer
 *                                               table behind kernels.c's AUTO choice
 *   bench_error()                  the last error message */
#include <emscripten/emscripten.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polarcad.h"
/* internal headers a kernel benchmark needs beyond the public API */
#include "kernels/kernels.h"

static pc_ctx *ctx;
static char error[256];

static pc_ctx *context(void)
{
    if (!ctx) ctx = pc_ctx_create();
    return ctx;
}

static void keep_error(void)
{
    snprintf(error, sizeof error, "%s", pc_ctx_last_error(ctx));
}

EMSCRIPTEN_KEEPALIVE const char *bench_error(void)
{
    return error;
}

EMSCRIPTEN_KEEPALIVE pc_vgg *bench_vgg_create(int h, int w, const char *conv)
{
    pc_vgg_config cfg;
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.height = h, cfg.width = w, cfg.batch = 1, cfg.trainable_convs = 0;
    cfg.kernels.threads = 1;
    if (!pc_kernel_impl_parse(conv, &cfg.kernels.conv)) {
        snprintf(error, sizeof error, "unknown conv implementation '%s'", conv);
        return NULL;
    }
    pc_vgg *m = NULL;
    if (pc_vgg_create(context(), &cfg, &m)) {
        keep_error();
        return NULL;
    }
    return m;
}

EMSCRIPTEN_KEEPALIVE void bench_vgg_free(pc_vgg *m)
{
    pc_vgg_free(m);
}

EMSCRIPTEN_KEEPALIVE int bench_vgg_tensor_count(pc_vgg *m)
{
    return (int)pc_vgg_tensor_count(m);
}

static pc_vgg_tensor tensor(pc_vgg *m, int i)
{
    pc_vgg_tensor t;
    pc_vgg_tensor_get(m, (size_t)i, &t);
    return t;
}

EMSCRIPTEN_KEEPALIVE const char *bench_vgg_tensor_name(pc_vgg *m, int i)
{
    return tensor(m, i).name;
}

EMSCRIPTEN_KEEPALIVE int bench_vgg_tensor_ndim(pc_vgg *m, int i)
{
    return tensor(m, i).ndim;
}

EMSCRIPTEN_KEEPALIVE int bench_vgg_tensor_dim(pc_vgg *m, int i, int d)
{
    return (int)tensor(m, i).dims[d];
}

EMSCRIPTEN_KEEPALIVE float *bench_vgg_tensor_data(pc_vgg *m, int i)
{
    return tensor(m, i).data;
}

EMSCRIPTEN_KEEPALIVE void bench_vgg_sync(pc_vgg *m)
{
    pc_vgg_sync_weights(m);
}

EMSCRIPTEN_KEEPALIVE const char *bench_vgg_conv_impl(pc_vgg *m)
{
    return pc_kernel_impl_name(pc_vgg_get_kernels(m)->conv_impl);
}

EMSCRIPTEN_KEEPALIVE double bench_vgg_memory_mb(pc_vgg *m)
{
    return (double)pc_vgg_get_memory(m)->total_bytes / (1 << 20);
}

EMSCRIPTEN_KEEPALIVE int bench_vgg_predict(pc_vgg *m, const float *x, float *logits, float *probs)
{
    if (pc_vgg_predict(ctx, m, x, 1, probs, logits)) {
        keep_error();
        return -1;
    }
    return 0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

EMSCRIPTEN_KEEPALIVE double bench_conv_ms(int h, int w, int ci, int co, const char *conv, int reps)
{
    pc_kernels_options o = {0};
    o.threads = 1;
    pc_kernels k;
    if (!pc_kernel_impl_parse(conv, &o.conv) || pc_kernels_init(context(), &o, &k)) return -1.0;
    const size_t nin = (size_t)h * w * ci, nout = (size_t)h * w * co, nw = 9 * (size_t)ci * co;
    const size_t np = k.conv_packed_size(ci, co), nws = k.conv_workspace(&k, 1, h, w, ci, co);
    float *in = malloc(nin * sizeof(float)), *out = malloc(nout * sizeof(float)), *wt = malloc(nw * sizeof(float));
    float *bias = calloc((size_t)co, sizeof(float)), *packed = np ? malloc(np * sizeof(float)) : NULL;
    void *ws = malloc(nws + 16);
    double times[64], median = -1.0;
    if (reps < 1 || reps > 64 || !in || !out || !wt || !bias || (np && !packed) || !ws) goto done;
    for (size_t i = 0; i < nin; i++) in[i] = (float)(i % 97) * 0.01f;
    for (size_t i = 0; i < nw; i++) wt[i] = (float)(i % 89) * 0.001f - 0.04f;
    if (np) k.conv_pack(wt, ci, co, packed);
    const float *pw = np ? packed : wt;
    k.conv_forward(&k, in, pw, bias, 1, h, w, ci, co, 1, ws, out);   /* warm-up */
    for (int r = 0; r < reps; r++) {
        double t0 = emscripten_get_now();
        k.conv_forward(&k, in, pw, bias, 1, h, w, ci, co, 1, ws, out);
        times[r] = emscripten_get_now() - t0;
    }
    qsort(times, (size_t)reps, sizeof times[0], by_value);
    median = times[reps / 2];
done:
    free(in), free(out), free(wt), free(bias), free(packed), free(ws);
    pc_kernels_free(&k);
    return median;
}
