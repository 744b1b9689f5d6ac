/* test_kernels.c: every kernel implementation against a double-precision reference.
 *
 * Usage: test_kernels IMPL [--no-avx512]  (ref, avx2, openblas, xnnpack, winograd, wasmsimd,
 * winograd4x4; --no-avx512 keeps the own x86 kernels on their AVX2 tile).
 * Exits 77 (ctest SKIP) when IMPL is not in this build or not supported by this CPU (the
 * AVX2 ones under WebAssembly, the wasm SIMD128 ones natively), never passes silently.
 * Forward-only implementations (xnnpack; under WebAssembly wasmsimd, winograd, winograd4x4)
 * run the weight gradient on the reference.
 * Families: gemm (four transpose cases, beta 0 and 1), conv3x3 forward (bias, ReLU,
 * no bias), conv3x3 weight gradient (accumulating), and the input gradient through the
 * transposed kernel. Shapes sweep edges: 1x1 images, one pixel, sizes around the 6-row
 * tile and 16-column block, channel counts not multiples of the vector width, more
 * than 256 input channels (the split k path), more than 256 pixels (chunked weight
 * gradient), batches. Inputs uniform in [-1, 1] from a fixed seed.
 * Tolerance: |got - want| <= 2e-5 * sum_k |a_k b_k| + 1e-6 per output, i.e. relative
 * to the magnitude of the terms summed (float sums of up to 9 * 300 terms reordered by
 * blocking). The same tolerance holds for Winograd F(4x4, 3x3) (winograd4x4), whose
 * transforms multiply by up to 5 (B^T) and 8 (A^T): measured worst 1.8e-6 of the terms'
 * magnitude under Node, against 2.3e-7 for the direct and F(2x2) kernels (each run prints
 * its worst, so a drift towards the tolerance shows before it fails). Canaries after every output catch stray writes. With threads, results must
 * also be bitwise identical to one thread (determinism), and the one-thread table keeps the
 * AVX2 tile: where the CPU has AVX-512 the Winograd GEMMs on the 12x16 zmm tile must give
 * the same bits as on AVX2 (so a model trains to the same bytes on either CPU). */
#include <stdint.h>

#include "check.h"
#include "kernels/kernels.h"
#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"

static pc_rng rng;
static const double tol_rel = 2e-5;   /* see the opening comment */
static double worst_seen;       /* largest |got - want| / sum |terms| over every check */

static float *rand_buf(size_t n, size_t extra)
{
    float *p = malloc((n + extra) * sizeof(float) + 64);
    for (size_t i = 0; i < n; i++) p[i] = pc_rng_range(&rng, -1.0f, 1.0f);
    for (size_t i = n; i < n + extra; i++) p[i] = 12345.0f;
    return p;
}

static int canaries_ok(const float *p, size_t n, size_t extra)
{
    for (size_t i = n; i < n + extra; i++)
        if (p[i] != 12345.0f) return 0;
    return 1;
}

static int compare(const char *what, const char *impl, const float *got, const double *want, const double *mag,
                   size_t count, const char *shape)
{
    size_t bad = 0, first = 0;
    double worst = 0.0;
    for (size_t i = 0; i < count; i++) {
        double tol = tol_rel * mag[i] + 1e-6, err = fabs((double)got[i] - want[i]);
        if (!(err <= tol)) {
            if (!bad) first = i;
            bad++;
        }
        if (err / (mag[i] + 1e-30) > worst) worst = err / (mag[i] + 1e-30);
    }
    if (worst > worst_seen) worst_seen = worst;
    check_tally.checks++;
    if (bad) {
        check_tally.failures++;
        fprintf(stderr, "%s %s %s: %zu of %zu wrong, first at %zu: got %.9g want %.9g\n", impl, what, shape, bad,
                count, first, (double)got[first], want[first]);
    }
    return bad == 0;
}

/* ---- gemm ---------------------------------------------------------------------------- */

static void test_gemm(const pc_kernels *k, const char *impl)
{
    const size_t shapes[][3] = {{1, 1, 1}, {7, 5, 3}, {16, 500, 512}, {3, 250, 500}, {13, 2, 250}, {33, 17, 1}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++)
                for (int beta = 0; beta < 2; beta++) {
                    size_t M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
                    size_t lda = (ta ? M : K) + 3, ldb = (tb ? K : N) + 1, ldc = N + 2; /* strides != widths */
                    float *a = rand_buf((ta ? K : M) * lda, 0), *b = rand_buf((tb ? N : K) * ldb, 0);
                    float *c = rand_buf(M * ldc, 8);
                    double *want = malloc(M * ldc * sizeof(double)), *mag = malloc(M * ldc * sizeof(double));
                    for (size_t i = 0; i < M; i++)
                        for (size_t j = 0; j < ldc; j++) {
                            double sum = beta ? c[i * ldc + j] : 0.0, m = fabs(sum);
                            if (j < N)
                                for (size_t p = 0; p < K; p++) {
                                    double t = (double)(ta ? a[p * lda + i] : a[i * lda + p]) *
                                               (tb ? b[j * ldb + p] : b[p * ldb + j]);
                                    sum += t, m += fabs(t);
                                }
                            else
                                sum = c[i * ldc + j];   /* padding columns must stay */
                            want[i * ldc + j] = sum, mag[i * ldc + j] = m;
                        }
                    k->gemm(k, ta, tb, M, N, K, a, lda, b, ldb, beta ? 1.0f : 0.0f, c, ldc);
                    char shape[96];
                    snprintf(shape, sizeof shape, "M=%zu N=%zu K=%zu ta=%d tb=%d beta=%d", M, N, K, ta, tb, beta);
                    compare("gemm", impl, c, want, mag, M * ldc, shape);
                    CHECK(canaries_ok(c, M * ldc, 8));
                    free(a), free(b), free(c), free(want), free(mag);
                }
}

/* ---- conv3x3 --------------------------------------------------------------------------- */

typedef struct conv_shape {
    size_t n, h, w, ci, co;
} conv_shape;

static const conv_shape conv_shapes[] = {
    {1, 1, 1, 1, 1},    {1, 1, 1, 3, 64},   {2, 5, 7, 3, 17},   {1, 8, 8, 16, 16},  {1, 3, 13, 33, 31},
    {3, 4, 4, 7, 48},   {1, 9, 9, 64, 64},  {1, 6, 5, 300, 20}, {2, 18, 18, 8, 40}, {1, 20, 20, 5, 19},
    {1, 2, 37, 13, 5},  {4, 3, 3, 257, 18}, {1, 7, 1, 2, 33},   {2, 11, 9, 24, 32},
    /* >= 128 output channels: the packed-A path of the AVX2 forward */
    {2, 5, 7, 13, 129}, {1, 9, 3, 260, 144}, {1, 1, 1, 5, 128},
};

static void conv_ref_double(double *out, double *mag, const float *in, const float *w, const float *bias,
                            const conv_shape *s, int relu)
{
    for (size_t b = 0; b < s->n; b++)
        for (size_t y = 0; y < s->h; y++)
            for (size_t x = 0; x < s->w; x++)
                for (size_t o = 0; o < s->co; o++) {
                    double sum = bias ? bias[o] : 0.0, m = fabs(sum);
                    for (size_t dy = 0; dy < 3; dy++)
                        for (size_t dx = 0; dx < 3; dx++) {
                            long yy = (long)y + (long)dy - 1, xx = (long)x + (long)dx - 1;
                            if (yy < 0 || xx < 0 || yy >= (long)s->h || xx >= (long)s->w) continue;
                            for (size_t i = 0; i < s->ci; i++) {
                                double t = (double)in[((b * s->h + (size_t)yy) * s->w + (size_t)xx) * s->ci + i] *
                                           w[((dy * 3 + dx) * s->ci + i) * s->co + o];
                                sum += t, m += fabs(t);
                            }
                        }
                    size_t idx = ((b * s->h + y) * s->w + x) * s->co + o;
                    out[idx] = relu && sum < 0 ? 0.0 : sum;
                    mag[idx] = m;
                }
}

static float *pack(const pc_kernels *k, const float *w, size_t ci, size_t co, float **owned)
{
    size_t sz = k->conv_packed_size(ci, co);
    *owned = NULL;
    if (!sz) return (float *)w;
    *owned = aligned_alloc(64, (sz * sizeof(float) + 63) / 64 * 64);
    k->conv_pack(w, ci, co, *owned);
    return *owned;
}

static void *workspace(size_t bytes)
{
    return aligned_alloc(64, (bytes + 64) / 64 * 64);
}

static void test_conv(const pc_kernels *k, const pc_kernels *k1, const char *impl, int filter)
{
    for (size_t s = 0; s < sizeof conv_shapes / sizeof conv_shapes[0]; s++) {
        const conv_shape *cs = &conv_shapes[s];
        const size_t nin = cs->n * cs->h * cs->w * cs->ci, nout = cs->n * cs->h * cs->w * cs->co;
        const size_t nw = 9 * cs->ci * cs->co;
        char shape[96];
        snprintf(shape, sizeof shape, "n=%zu h=%zu w=%zu ci=%zu co=%zu", cs->n, cs->h, cs->w, cs->ci, cs->co);
        float *in = rand_buf(nin, 0), *w = rand_buf(nw, 0), *bias = rand_buf(cs->co, 0);
        double *want = malloc((nout > nw ? nout : nw) * sizeof(double) + nin * sizeof(double));
        double *mag = malloc((nout > nw ? nout : nw) * sizeof(double) + nin * sizeof(double));
        if (!filter) {
            /* forward with bias + ReLU, then without bias */
            float *owned, *packed = pack(k, w, cs->ci, cs->co, &owned);
            void *ws = workspace(k->conv_workspace(k, cs->n, cs->h, cs->w, cs->ci, cs->co));
            for (int variant = 0; variant < 2; variant++) {
                float *out = rand_buf(nout, 16);
                const float *b = variant == 0 ? bias : NULL;
                k->conv_forward(k, in, packed, b, cs->n, cs->h, cs->w, cs->ci, cs->co, variant == 0, ws, out);
                conv_ref_double(want, mag, in, w, b, cs, variant == 0);
                compare(variant == 0 ? "conv forward (bias, relu)" : "conv forward (no bias)", impl, out, want, mag,
                        nout, shape);
                CHECK(canaries_ok(out, nout, 16));
                if (k1) {   /* same kernel on one thread: bitwise the same */
                    float *out1 = rand_buf(nout, 0);
                    k1->conv_forward(k1, in, packed, b, cs->n, cs->h, cs->w, cs->ci, cs->co, variant == 0, ws, out1);
                    CHECK(memcmp(out, out1, nout * sizeof(float)) == 0);
                    free(out1);
                }
                free(out);
            }
            /* input gradient = forward of dout with the transposed kernel */
            float *dout = rand_buf(nout, 0), *wt = malloc(nw * sizeof(float));
            pc_conv3x3_transpose_weights(w, cs->ci, cs->co, wt);
            float *owned_t, *packed_t = pack(k, wt, cs->co, cs->ci, &owned_t);
            void *ws_t = workspace(k->conv_workspace(k, cs->n, cs->h, cs->w, cs->co, cs->ci));
            float *din = rand_buf(nin, 16);
            k->conv_forward(k, dout, packed_t, NULL, cs->n, cs->h, cs->w, cs->co, cs->ci, 0, ws_t, din);
            for (size_t b = 0; b < cs->n; b++)   /* din = sum over outputs reached by each input */
                for (size_t y = 0; y < cs->h; y++)
                    for (size_t x = 0; x < cs->w; x++)
                        for (size_t i = 0; i < cs->ci; i++) {
                            double sum = 0.0, m = 0.0;
                            for (size_t dy = 0; dy < 3; dy++)
                                for (size_t dx = 0; dx < 3; dx++) {
                                    long oy = (long)y - (long)dy + 1, ox = (long)x - (long)dx + 1;
                                    if (oy < 0 || ox < 0 || oy >= (long)cs->h || ox >= (long)cs->w) continue;
                                    for (size_t o = 0; o < cs->co; o++) {
                                        double t =
                                            (double)dout[((b * cs->h + (size_t)oy) * cs->w + (size_t)ox) * cs->co + o] *
                                            w[((dy * 3 + dx) * cs->ci + i) * cs->co + o];
                                        sum += t, m += fabs(t);
                                    }
                                }
                            size_t idx = ((b * cs->h + y) * cs->w + x) * cs->ci + i;
                            want[idx] = sum, mag[idx] = m;
                        }
            compare("conv input gradient", impl, din, want, mag, nin, shape);
            CHECK(canaries_ok(din, nin, 16));
            free(dout), free(wt), free(owned_t), free(ws_t), free(din), free(owned), free(ws);
        } else {
            float *dout = rand_buf(nout, 0), *dw = rand_buf(nw, 16);
            for (size_t i = 0; i < nw; i++) want[i] = dw[i], mag[i] = fabs(dw[i]);   /* accumulates */
            for (size_t b = 0; b < cs->n; b++)
                for (size_t y = 0; y < cs->h; y++)
                    for (size_t x = 0; x < cs->w; x++)
                        for (size_t dy = 0; dy < 3; dy++)
                            for (size_t dx = 0; dx < 3; dx++) {
                                long yy = (long)y + (long)dy - 1, xx = (long)x + (long)dx - 1;
                                if (yy < 0 || xx < 0 || yy >= (long)cs->h || xx >= (long)cs->w) continue;
                                for (size_t i = 0; i < cs->ci; i++)
                                    for (size_t o = 0; o < cs->co; o++) {
                                        double t =
                                            (double)in[((b * cs->h + (size_t)yy) * cs->w + (size_t)xx) * cs->ci + i] *
                                            dout[((b * cs->h + y) * cs->w + x) * cs->co + o];
                                        size_t idx = ((dy * 3 + dx) * cs->ci + i) * cs->co + o;
                                        want[idx] += t, mag[idx] += fabs(t);
                                    }
                            }
            float *dw0 = malloc(nw * sizeof(float));
            memcpy(dw0, dw, nw * sizeof(float));
            void *ws = workspace(k->conv_filter_workspace(k, cs->n, cs->h, cs->w, cs->ci, cs->co));
            k->conv_backward_filter(k, in, dout, cs->n, cs->h, cs->w, cs->ci, cs->co, ws, dw);
            compare("conv weight gradient", impl, dw, want, mag, nw, shape);
            CHECK(canaries_ok(dw, nw, 16));
            if (k1) {
                k1->conv_backward_filter(k1, in, dout, cs->n, cs->h, cs->w, cs->ci, cs->co, ws, dw0);
                CHECK(memcmp(dw, dw0, nw * sizeof(float)) == 0);
            }
            free(dout), free(dw), free(dw0), free(ws);
        }
        free(in), free(w), free(bias), free(want), free(mag);
    }
}

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "ref";
    const int no_avx512 = argc > 2 && strcmp(argv[2], "--no-avx512") == 0;
    pc_kernel_impl impl;
    if (!pc_kernel_impl_parse(name, &impl) || impl == PC_KERNEL_AUTO || (argc > 2 && !no_avx512)) {
        fprintf(stderr, "usage: test_kernels ref|avx2|openblas|xnnpack|winograd|wasmsimd|winograd4x4 [--no-avx512]\n");
        return 2;
    }
    if (!pc_kernel_impl_available(impl)) {
        printf("test_kernels: SKIP: %s is not available in this build or on this CPU\n", name);
        return 77;
    }
    pc_rng_seed(&rng, 5, 1);
    pc_ctx *ctx = pc_ctx_create();
    pc_kernels k2 = {0}, k1 = {0};
    pc_kernels_options o = {0};
    o.gemm = impl == PC_KERNEL_OPENBLAS || impl == PC_KERNEL_WASMSIMD ? impl : PC_KERNEL_REF;
    o.conv = impl;
    const int has_filter = pc_kernels_filter_available(impl);
    o.conv_filter = has_filter ? impl : PC_KERNEL_REF;
    o.threads = 2;
    o.no_avx512 = no_avx512;
    CHECK_INT(pc_kernels_init(ctx, &o, &k2), PC_STATUS_OK);
    /* The one-thread table every result is compared with bit for bit stays on AVX2: so the
     * AVX-512 tile, where this CPU has it, must give the AVX2 tile's bits (kernels.h). */
    o.threads = 1;
    o.no_avx512 = 1;
    CHECK_INT(pc_kernels_init(ctx, &o, &k1), PC_STATUS_OK);
    CHECK_INT(k2.conv_impl, impl);
    CHECK_INT(k1.x86_avx512, 0);
    if (no_avx512) CHECK_INT(k2.x86_avx512, 0);
    printf("test_kernels %s: %d thread(s), gemm %s, weight gradient %s, x86 tile %s\n", name, k2.threads,
           pc_kernel_impl_name(k2.gemm_impl), pc_kernel_impl_name(k2.conv_filter_impl),
           k2.x86_avx512 ? "AVX-512 12x16 (compared bitwise with AVX2 6x16)" : "AVX2 6x16 (or none)");

    test_gemm(&k2, name);
    test_conv(&k2, k2.threads > 1 ? &k1 : NULL, name, 0);
    if (has_filter) test_conv(&k2, k2.threads > 1 ? &k1 : NULL, name, 1);
    printf("test_kernels %s: worst |error| / sum |terms| = %.3g (tolerance %.3g)\n", name, worst_seen, tol_rel);

    /* A request the build cannot serve is an error with a message, not a silent fallback. */
    pc_kernels bad;
    pc_kernels_options ob = {0};
    ob.conv_filter = PC_KERNEL_XNNPACK;
    CHECK_INT(pc_kernels_init(ctx, &ob, &bad), PC_STATUS_UNSUPPORTED);
    CHECK_MESSAGE(ctx, "weight gradient");
    ob.conv_filter = PC_KERNEL_WINOGRAD4X4;   /* forward only, or not in this build */
    CHECK_INT(pc_kernels_init(ctx, &ob, &bad), PC_STATUS_UNSUPPORTED);
    ob.conv_filter = PC_KERNEL_AUTO;
    ob.threads = -1;
    CHECK_INT(pc_kernels_init(ctx, &ob, &bad), PC_STATUS_INVALID_ARGUMENT);

    pc_kernels_free(&k2);
    pc_kernels_free(&k1);
    pc_ctx_free(ctx);
    return check_finish("test_kernels");
}
