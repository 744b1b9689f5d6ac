/* test_nn_layers.c: every layer's backward against central finite differences, plus the
 * forward definitions, dropout statistics and Adam's update rule (Keras form, docs/pipeline.md 5).
 *
 * Method (ggml's grad mode, llm.c's fake loss): L = sum(out * g) with a fixed random g,
 * summed in double; dL/dx by central differences with step eps, compared per entry with
 * |fd - analytic| <= 2e-3 * max(|fd|, |analytic|) + 2e-4 (the forward is float: its
 * rounding, ~1e-7 relative, divided by eps = 1e-2 gives ~1e-5 noise on these sizes).
 * Entries whose perturbation crosses a kink (a ReLU at 0, a change of max-pool winner)
 * are detected and skipped, as ggml's grad_expect does. Uses the kernel table the model
 * would use (AVX2 natively, reference under WebAssembly); test_kernels checks those
 * kernels against the reference. */
#include <stdint.h>

#include "check.h"
#include "nn/layers.h"
#include "polarcad.h"

static pc_rng rng;
static pc_kernels K;

static void fill(float *p, size_t n, float lo, float hi)
{
    for (size_t i = 0; i < n; i++) p[i] = pc_rng_range(&rng, lo, hi);
}

static double dot(const float *a, const float *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += (double)a[i] * b[i];
    return s;
}

static int near(double fd, double an)
{
    double scale = fabs(fd) > fabs(an) ? fabs(fd) : fabs(an);
    return fabs(fd - an) <= 2e-3 * scale + 2e-4;
}

/* A layer under test: forward(out) from the current params; pre-activation signs for kinks. */
typedef struct fd_case {
    const char *name;
    void (*forward)(void *st, float *out);
    int (*kink_signature)(void *st, uint8_t *sig);   /* fills sig, returns length; NULL = smooth */
    void *st;
    size_t nout;
} fd_case;

/* Checks d(sum(out * g))/dp[i] = grad[i] for entries of p (every entry, or a sample of nmax). */
static void fd_check(const fd_case *c, const char *what, float *p, const float *grad, size_t n, size_t nmax,
                     const float *g, float eps)
{
    float *out = malloc(c->nout * sizeof(float));
    uint8_t *sig0 = malloc(c->nout * 8 + 64), *sig1 = malloc(c->nout * 8 + 64);
    size_t checked = 0, skipped = 0, bad = 0;
    int slen = c->kink_signature ? c->kink_signature(c->st, sig0) : 0;
    for (size_t s = 0; s < (n < nmax ? n : nmax); s++) {
        size_t i = n <= nmax ? s : pc_rng_below(&rng, (uint32_t)n);
        float keep = p[i];
        p[i] = keep + eps;
        c->forward(c->st, out);
        double lp = dot(out, g, c->nout);
        int kink = c->kink_signature && (c->kink_signature(c->st, sig1) != slen || memcmp(sig0, sig1, slen));
        p[i] = keep - eps;
        c->forward(c->st, out);
        double lm = dot(out, g, c->nout);
        kink = kink || (c->kink_signature && (c->kink_signature(c->st, sig1) != slen || memcmp(sig0, sig1, slen)));
        p[i] = keep;
        if (kink) {
            skipped++;
            continue;
        }
        double fd = (lp - lm) / (2.0 * eps);
        checked++;
        if (!near(fd, grad[i])) {
            if (bad < 5)
                fprintf(stderr, "%s %s[%zu]: finite difference %.7g, backward %.7g\n", c->name, what, i, fd,
                        (double)grad[i]);
            bad++;
        }
    }
    check_tally.checks++;
    if (bad) check_tally.failures++;
    /* Kinks must stay a minority, or the check would be hollow. */
    CHECK(checked > 0 && skipped * 2 <= checked + skipped);
    printf("  %-10s %-6s %zu entries checked, %zu skipped at kinks, %zu wrong\n", c->name, what, checked, skipped, bad);
    free(out), free(sig0), free(sig1);
}

/* ---- conv2d ---------------------------------------------------------------------------------- */

typedef struct conv_st {
    size_t n, h, w, ci, co;
    int relu;
    float *in, *wt, *bias, *pre;
    void *ws;
} conv_st;

static void conv_fwd(void *p, float *out)
{
    conv_st *s = p;
    float *packed = s->wt;
    size_t psz = K.conv_packed_size(s->ci, s->co);
    if (psz) {
        packed = aligned_alloc(64, (psz * 4 + 63) / 64 * 64);
        K.conv_pack(s->wt, s->ci, s->co, packed);
    }
    pc_conv2d_forward(&K, s->in, packed, s->bias, s->n, s->h, s->w, s->ci, s->co, s->relu, s->ws, out);
    if (psz) free(packed);
}

static int conv_sig(void *p, uint8_t *sig)
{
    conv_st *s = p;
    int relu = s->relu;
    s->relu = 0;
    size_t n = s->n * s->h * s->w * s->co;
    conv_fwd(s, s->pre);
    s->relu = relu;
    for (size_t i = 0; i < n; i++) sig[i] = s->pre[i] > 0.0f;
    return (int)n;
}

static void test_conv2d(int relu)
{
    conv_st s = {2, 5, 4, 3, relu ? 8 : 20, relu, 0, 0, 0, 0, 0};
    const size_t nin = s.n * s.h * s.w * s.ci, nout = s.n * s.h * s.w * s.co, nw = 9 * s.ci * s.co;
    s.in = malloc(nin * 4), s.wt = malloc(nw * 4), s.bias = malloc(s.co * 4), s.pre = malloc(nout * 4);
    size_t wsz = K.conv_workspace(&K, s.n, s.h, s.w, s.ci, s.co);
    size_t w2 = K.conv_workspace(&K, s.n, s.h, s.w, s.co, s.ci), w3 = K.conv_filter_workspace(&K, s.n, s.h, s.w, s.ci, s.co);
    wsz = wsz > w2 ? wsz : w2, wsz = wsz > w3 ? wsz : w3;
    s.ws = aligned_alloc(64, (wsz + 64) / 64 * 64);
    fill(s.in, nin, -1, 1), fill(s.wt, nw, -0.5f, 0.5f), fill(s.bias, s.co, -0.2f, 0.2f);
    /* With the ReLU, biases of +-(0.5..1) keep most pre-activations away from the kink. */
    if (relu)
        for (size_t c = 0; c < s.co; c++) s.bias[c] = (c % 2 ? 1.0f : -1.0f) * pc_rng_range(&rng, 0.5f, 1.0f);
    float *g = malloc(nout * 4), *out = malloc(nout * 4), *dout = malloc(nout * 4);
    fill(g, nout, -1, 1);
    float *din = malloc(nin * 4), *dw = calloc(nw, 4), *db = calloc(s.co, 4), *wt_t = malloc(nw * 4);
    conv_fwd(&s, out);
    memcpy(dout, g, nout * 4);
    pc_conv3x3_transpose_weights(s.wt, s.ci, s.co, wt_t);
    float *packed_t = wt_t;
    size_t psz = K.conv_packed_size(s.co, s.ci);
    if (psz) {
        packed_t = aligned_alloc(64, (psz * 4 + 63) / 64 * 64);
        K.conv_pack(wt_t, s.co, s.ci, packed_t);
    }
    pc_conv2d_backward(&K, s.in, out, packed_t, s.n, s.h, s.w, s.ci, s.co, relu, s.ws, dout, din, dw, db);
    fd_case c = {relu ? "conv+relu" : "conv", conv_fwd, relu ? conv_sig : NULL, &s, nout};
    const float eps = relu ? 3e-3f : 1e-2f;
    fd_check(&c, "input", s.in, din, nin, 400, g, eps);
    fd_check(&c, "kernel", s.wt, dw, nw, 400, g, eps);
    fd_check(&c, "bias", s.bias, db, s.co, 400, g, eps);
    /* Backward accumulates into dw and db: a second call doubles them. */
    float *dw1 = malloc(nw * 4);
    memcpy(dw1, dw, nw * 4);
    memcpy(dout, g, nout * 4);
    pc_conv2d_backward(&K, s.in, out, packed_t, s.n, s.h, s.w, s.ci, s.co, relu, s.ws, dout, NULL, dw, NULL);
    int doubled = 1;
    for (size_t i = 0; i < nw; i++) doubled &= fabsf(dw[i] - 2 * dw1[i]) <= 1e-5f * (1 + fabsf(dw1[i]));
    CHECK(doubled);
    if (psz) free(packed_t);
    free(s.in), free(s.wt), free(s.bias), free(s.pre), free(s.ws), free(g), free(out), free(dout), free(din);
    free(dw), free(db), free(wt_t), free(dw1);
}

/* ---- pools ------------------------------------------------------------------------------------- */

typedef struct pool_st {
    size_t n, h, w, c;
    int global;
    float *in;
} pool_st;

static void pool_fwd(void *p, float *out)
{
    pool_st *s = p;
    if (s->global)
        pc_global_maxpool_forward(s->in, s->n, s->h, s->w, s->c, out);
    else
        pc_maxpool2x2_forward(s->in, s->n, s->h, s->w, s->c, out);
}

/* Distinct inputs 0.01 apart (shuffled), so a step of 1e-3 never changes a winner. */
static void distinct_fill(float *p, size_t n)
{
    for (size_t i = 0; i < n; i++) p[i] = 0.01f * (float)i - 0.005f * (float)n;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = pc_rng_below(&rng, (uint32_t)(i + 1));
        float t = p[i];
        p[i] = p[j], p[j] = t;
    }
}

static void test_pool(int global)
{
    pool_st s = {2, 5, 7, 3, global, NULL};   /* odd sides: the last row and column are dropped */
    const size_t nin = s.n * s.h * s.w * s.c;
    const size_t nout = global ? s.n * s.c : s.n * (s.h / 2) * (s.w / 2) * s.c;
    s.in = malloc(nin * 4);
    distinct_fill(s.in, nin);
    float *g = malloc(nout * 4), *din = malloc(nin * 4), *out = malloc(nout * 4);
    fill(g, nout, -1, 1);
    pool_fwd(&s, out);
    if (global)
        pc_global_maxpool_backward(s.in, g, s.n, s.h, s.w, s.c, din);
    else
        pc_maxpool2x2_backward(s.in, g, s.n, s.h, s.w, s.c, din);
    fd_case c = {global ? "gmaxpool" : "maxpool2x2", pool_fwd, NULL, &s, nout};
    fd_check(&c, "input", s.in, din, nin, nin, g, 1e-3f);
    /* Forward definition on a hand example: floor of 3x3 keeps one window. */
    if (!global) {
        float x[9] = {1, 5, 9, 2, 3, 9, 7, 8, 9}, y = 0, dx[9], gy = 2.0f;
        pc_maxpool2x2_forward(x, 1, 3, 3, 1, &y);
        CHECK_NEAR(y, 5.0f, 0);
        pc_maxpool2x2_backward(x, &gy, 1, 3, 3, 1, dx);
        CHECK_NEAR(dx[1], 2.0f, 0);
        float rest = 0;
        for (int i = 0; i < 9; i++) rest += i == 1 ? 0 : fabsf(dx[i]);
        CHECK_NEAR(rest, 0.0f, 0);
        /* ties: the first maximum in row-major order wins (PyTorch) */
        float t[4] = {0, 0, 0, 0}, ty, dt[4];
        pc_maxpool2x2_forward(t, 1, 2, 2, 1, &ty);
        pc_maxpool2x2_backward(t, &gy, 1, 2, 2, 1, dt);
        CHECK(dt[0] == 2.0f && dt[1] == 0 && dt[2] == 0 && dt[3] == 0);
    }
    free(s.in), free(g), free(din), free(out);
}

/* ---- dense ------------------------------------------------------------------------------------- */

typedef struct dense_st {
    size_t n, ni, no;
    int relu;
    float *in, *w, *b, *pre;
} dense_st;

static void dense_fwd(void *p, float *out)
{
    dense_st *s = p;
    pc_dense_forward(&K, s->in, s->w, s->b, s->n, s->ni, s->no, s->relu, out);
}

static int dense_sig(void *p, uint8_t *sig)
{
    dense_st *s = p;
    pc_dense_forward(&K, s->in, s->w, s->b, s->n, s->ni, s->no, 0, s->pre);
    for (size_t i = 0; i < s->n * s->no; i++) sig[i] = s->pre[i] > 0.0f;
    return (int)(s->n * s->no);
}

static void test_dense(int relu)
{
    dense_st s = {3, 17, 9, relu, 0, 0, 0, 0};
    const size_t nin = s.n * s.ni, nout = s.n * s.no, nw = s.ni * s.no;
    s.in = malloc(nin * 4), s.w = malloc(nw * 4), s.b = malloc(s.no * 4), s.pre = malloc(nout * 4);
    fill(s.in, nin, -1, 1), fill(s.w, nw, -0.5f, 0.5f), fill(s.b, s.no, -0.3f, 0.3f);
    float *g = malloc(nout * 4), *out = malloc(nout * 4), *dout = malloc(nout * 4);
    float *din = malloc(nin * 4), *dw = calloc(nw, 4), *db = calloc(s.no, 4);
    fill(g, nout, -1, 1);
    dense_fwd(&s, out);
    memcpy(dout, g, nout * 4);
    pc_dense_backward(&K, s.in, out, s.w, s.n, s.ni, s.no, relu, dout, din, dw, db);
    fd_case c = {relu ? "dense+relu" : "dense", dense_fwd, relu ? dense_sig : NULL, &s, nout};
    fd_check(&c, "input", s.in, din, nin, nin, g, 1e-2f);
    fd_check(&c, "kernel", s.w, dw, nw, nw, g, 1e-2f);
    fd_check(&c, "bias", s.b, db, s.no, s.no, g, 1e-2f);
    free(s.in), free(s.w), free(s.b), free(s.pre), free(g), free(out), free(dout), free(din), free(dw), free(db);
}

/* ---- relu, dropout, loss, adam ------------------------------------------------------------------ */

typedef struct elem_st {
    size_t n;
    float *in;
    uint8_t *mask;
    float rate;
} elem_st;

static void relu_fwd(void *p, float *out)
{
    elem_st *s = p;
    pc_relu_forward(s->in, s->n, out);
}

static void dropout_fixed_fwd(void *p, float *out)
{
    elem_st *s = p;
    const float scale = 1.0f / (1.0f - s->rate);
    for (size_t i = 0; i < s->n; i++) out[i] = s->mask[i] ? s->in[i] * scale : 0.0f;
}

static void test_relu_dropout(void)
{
    elem_st s = {300, NULL, NULL, 0.5f};
    s.in = malloc(s.n * 4), s.mask = malloc(s.n);
    for (size_t i = 0; i < s.n; i++) {   /* away from the kink at 0 */
        float v = pc_rng_range(&rng, 0.05f, 1.0f);
        s.in[i] = pc_rng_below(&rng, 2) ? v : -v;
    }
    float *g = malloc(s.n * 4), *out = malloc(s.n * 4), *din = malloc(s.n * 4);
    fill(g, s.n, -1, 1);
    pc_relu_forward(s.in, s.n, out);
    pc_relu_backward(out, g, s.n, din);
    fd_case c = {"relu", relu_fwd, NULL, &s, s.n};
    fd_check(&c, "input", s.in, din, s.n, s.n, g, 1e-2f);

    /* Dropout: the backward of the forward's own mask, by finite differences, at several
     * rates (at 0.5 alone, 1 / rate and 1 / (1 - rate) are the same scale). */
    pc_rng r;
    const float fd_rates[3] = {0.5f, 0.2f, 0.7f};
    for (int t = 0; t < 3; t++) {
        s.rate = fd_rates[t];
        pc_rng_seed(&r, 9, 3);
        pc_dropout_forward(s.in, s.n, s.rate, &r, out, s.mask);
        pc_dropout_backward(g, s.mask, s.n, s.rate, din);
        fd_case d = {"dropout", dropout_fixed_fwd, NULL, &s, s.n};
        fd_check(&d, "input", s.in, din, s.n, s.n, g, 1e-2f);
        const float scale = 1.0f / (1.0f - s.rate);   /* 2, 1.25, 3.33 */
        for (size_t i = 0; i < s.n; i++) {
            CHECK(out[i] == (s.mask[i] ? s.in[i] * scale : 0.0f));
            CHECK(din[i] == (s.mask[i] ? g[i] * scale : 0.0f));
        }
    }

    /* Statistics and determinism: keep rate 1 - p, same seed same mask. */
    const size_t big = 200000;
    float *x = malloc(big * 4), *y = malloc(big * 4);
    uint8_t *m1 = malloc(big), *m2 = malloc(big);
    for (size_t i = 0; i < big; i++) x[i] = 1.0f;
    const float rates[3] = {0.5f, 0.1f, 0.0f};
    for (int t = 0; t < 3; t++) {
        pc_rng_seed(&r, 77, 3);
        pc_dropout_forward(x, big, rates[t], &r, y, m1);
        double kept = 0, mean = 0;
        for (size_t i = 0; i < big; i++) kept += m1[i], mean += y[i];
        CHECK_NEAR(kept / big, 1.0 - rates[t], 0.005);
        CHECK_NEAR(mean / big, 1.0, 0.01);   /* inverted dropout keeps the expectation */
        pc_rng_seed(&r, 77, 3);
        pc_dropout_forward(x, big, rates[t], &r, y, m2);
        CHECK(memcmp(m1, m2, big) == 0);
    }
    free(x), free(y), free(m1), free(m2), free(s.in), free(s.mask), free(g), free(out), free(din);
}

typedef struct loss_st {
    size_t n, k;
    float *z, *p;
    int *labels;
} loss_st;

static void loss_fwd(void *st, float *out)
{
    loss_st *s = st;
    out[0] = pc_softmax_xent_forward(s->z, s->labels, s->n, s->k, s->p);
}

static void test_loss(void)
{
    loss_st s = {4, 3, NULL, NULL, NULL};
    int labels[4] = {0, 2, 1, 2};
    s.labels = labels;
    s.z = malloc(12 * 4), s.p = malloc(12 * 4);
    fill(s.z, 12, -3, 3);
    float loss = pc_softmax_xent_forward(s.z, labels, s.n, s.k, s.p);
    double want = 0;
    for (size_t b = 0; b < s.n; b++) {
        double se = 0;
        for (size_t c = 0; c < s.k; c++) se += exp((double)s.z[b * 3 + c]);
        want += -log(exp((double)s.z[b * 3 + labels[b]]) / se);
        double ps = 0;
        for (size_t c = 0; c < s.k; c++) ps += s.p[b * 3 + c];
        CHECK_NEAR(ps, 1.0, 1e-6);
    }
    CHECK_NEAR(loss, want / s.n, 1e-6);
    float dz[12], g = 1.0f;
    pc_softmax_xent_backward(s.p, labels, s.n, s.k, dz);
    fd_case c = {"softmax_ce", loss_fwd, NULL, &s, 1};
    fd_check(&c, "logits", s.z, dz, 12, 12, &g, 1e-2f);
    /* Stable for huge logits: finite loss, exact probabilities. */
    float zbig[2] = {1000.0f, -1000.0f}, pbig[2];
    int l1 = 1;
    float lbig = pc_softmax_xent_forward(zbig, &l1, 1, 2, pbig);
    CHECK_NEAR(lbig, 2000.0f, 1e-3);
    CHECK(pbig[0] == 1.0f && pbig[1] == 0.0f);
    free(s.z), free(s.p);
}

static void test_adam(void)
{
    /* Keras' update, by hand in double, for 5 steps on a few parameters. */
    pc_adam_config cfg = pc_adam_config_default();
    CHECK_NEAR(cfg.lr, 1e-3f, 0);
    CHECK_NEAR(cfg.beta1, 0.9f, 0);
    CHECK_NEAR(cfg.beta2, 0.999f, 0);
    CHECK_NEAR(cfg.epsilon, 1e-7f, 0);
    cfg.lr = 0.01f;
    float p[4] = {0.5f, -1.0f, 2.0f, 0.0f}, m[4] = {0}, v[4] = {0};
    double pd[4] = {0.5, -1.0, 2.0, 0.0}, md[4] = {0}, vd[4] = {0};
    for (long t = 1; t <= 5; t++) {
        float g[4];
        for (int i = 0; i < 4; i++) g[i] = (float)(0.3 * i - 0.4 + 0.05 * t) * (i == 3 ? 1e-6f : 1.0f);
        pc_adam_update(g, 4, &cfg, t, p, m, v);
        double alpha = 0.01 * sqrt(1 - pow(0.999, t)) / (1 - pow(0.9, t));
        for (int i = 0; i < 4; i++) {
            md[i] = 0.9 * md[i] + 0.1 * g[i];
            vd[i] = 0.999 * vd[i] + 0.001 * (double)g[i] * g[i];
            pd[i] -= alpha * md[i] / (sqrt(vd[i]) + 1e-7);
        }
    }
    for (int i = 0; i < 4; i++) CHECK_NEAR(p[i], pd[i], 1e-6 * (1 + fabs(pd[i])));
    /* epsilon is added before bias correction: a tiny gradient moves the parameter by less
     * than lr (it would move by ~lr with epsilon after correction, torch's form). */
    CHECK(fabs(p[3]) < 5 * 0.01 && fabs(p[3]) > 0.0);
}

int main(void)
{
    pc_rng_seed(&rng, 2024, 7);
    pc_ctx *ctx = pc_ctx_create();
    pc_kernels_options o = {0};
    o.threads = 2;
    if (pc_kernels_init(ctx, &o, &K)) {
        fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
        return 1;
    }
    printf("kernels: conv %s, weight gradient %s, gemm %s\n", pc_kernel_impl_name(K.conv_impl),
           pc_kernel_impl_name(K.conv_filter_impl), pc_kernel_impl_name(K.gemm_impl));
    test_conv2d(0);
    test_conv2d(1);
    test_pool(0);
    test_pool(1);
    test_dense(0);
    test_dense(1);
    test_relu_dropout();
    test_loss();
    test_adam();
    pc_kernels_free(&K);
    pc_ctx_free(ctx);
    return check_finish("test_nn_layers");
}
