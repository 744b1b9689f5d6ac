/* bench_nn.c: the native engine's benchmark (run by scripts/bench-native; not a test).
 *
 *   bench_nn peak                                  FP32 FMA peak, 1 and 2 threads (AVX2 + FMA)
 *   bench_nn forward H W [options]                 VGG16 inference, one image at a time
 *   bench_nn frozen H W [options]                  VGG16-k frozen layers, one image (scripts/bench-train)
 *   bench_nn train [options]                       VGG16-k training step on cached frozen features
 *   bench_nn layers H W [options]                  every conv layer: forward, weight and input gradient
 * options: --conv IMPL --filter IMPL (ref|avx2|openblas|xnnpack) --threads N --reps N --batch N --k N
 *          --avx512 0|1 (0: the own x86 kernels on the AVX2 tile even where the CPU has AVX-512)
 *          --arch vgg16|vgg19 --first N (layers: start at conv N)
 * Each measurement: warm-up runs, then reps timed runs; the median is reported. Lines
 * starting "RESULT" are for scripts/bench-native: key=value pairs. FLOPs are 2 x MACs of
 * the convolutions and dense layers (the peers-measured.md convention). */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"
#include "kernels/kernels.h"
#include "nn/tensor.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU time of the calling thread: with one thread, robust to other processes taking turns
 * on the cores (the machine is shared); used by the per-layer rows. */
static double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU time of the whole process (every thread): with one thread, the compute a step needs
 * whatever the load of the shared machine (wall time grows with the load, this does not). */
static double process_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

typedef struct options {
    pc_vgg_config cfg;
    int reps, warmup;
    int batch_given, first_layer;
} options;

static int parse(int argc, char **argv, int first, options *o)
{
    pc_vgg_config_default(&o->cfg, PC_VGG16);
    o->reps = 5, o->warmup = 2, o->batch_given = 0, o->first_layer = 0;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        pc_kernel_impl impl;
        if (!v) return fprintf(stderr, "bench_nn: %s needs a value\n", a), 0;
        if (!strcmp(a, "--conv") && pc_kernel_impl_parse(v, &impl))
            o->cfg.kernels.conv = impl;
        else if (!strcmp(a, "--filter") && pc_kernel_impl_parse(v, &impl))
            o->cfg.kernels.conv_filter = impl;
        else if (!strcmp(a, "--gemm") && pc_kernel_impl_parse(v, &impl))
            o->cfg.kernels.gemm = impl;
        else if (!strcmp(a, "--threads"))
            o->cfg.kernels.threads = atoi(v);
        else if (!strcmp(a, "--avx512"))   /* --avx512 0: the own kernels on their AVX2 tile */
            o->cfg.kernels.no_avx512 = atoi(v) == 0;
        else if (!strcmp(a, "--reps"))
            o->reps = atoi(v);
        else if (!strcmp(a, "--warmup"))
            o->warmup = atoi(v);
        else if (!strcmp(a, "--batch"))
            o->cfg.batch = atoi(v), o->batch_given = 1;
        else if (!strcmp(a, "--first"))
            o->first_layer = atoi(v);
        else if (!strcmp(a, "--k"))
            o->cfg.trainable_convs = atoi(v);
        else if (!strcmp(a, "--size"))
            o->cfg.height = o->cfg.width = atoi(v);
        else if (!strcmp(a, "--arch") && pc_vgg_arch_parse(v, &o->cfg.arch))
            ;
        else
            return fprintf(stderr, "bench_nn: bad option %s %s\n", a, v), 0;
        i++;
    }
    if (o->reps < 1) o->reps = 1;
    return 1;
}

/* ---- peak ------------------------------------------------------------------------------------ */

typedef struct peak_arg {
    long iterations;
    double seconds, sink;
} peak_arg;

static void *peak_thread(void *p)
{
    peak_arg *a = p;
    double t0 = now();
    a->sink = bench_fma_chains_avx2(a->iterations);
    a->seconds = now() - t0;
    return NULL;
}

static double peak(int threads)
{
    const long iterations = 100000000;
    double best = 0;
    for (int rep = 0; rep < 3; rep++) {
        pthread_t tid[64];
        peak_arg args[64];
        for (int t = 0; t < threads; t++) {
            args[t].iterations = iterations;
            pthread_create(&tid[t], NULL, peak_thread, &args[t]);
        }
        double flops = 0, slowest = 0;
        for (int t = 0; t < threads; t++) {
            pthread_join(tid[t], NULL);
            flops += 160.0 * (double)iterations;
            if (args[t].seconds > slowest) slowest = args[t].seconds;
        }
        double g = flops / slowest / 1e9;
        if (g > best) best = g;
    }
    return best;
}

/* ---- FLOPs of a model ---------------------------------------------------------------------------- */

/* Forward FLOPs of tensor pair t (kernel) for one image. */
static double layer_flops(pc_vgg *m, size_t t)
{
    pc_vgg_tensor k;
    pc_vgg_tensor_get(m, t, &k);
    if (k.ndim == 2) return 2.0 * (double)k.dims[0] * (double)k.dims[1];
    pc_shape s;
    pc_vgg_conv_shape(m, k.layer, &s);
    return 2.0 * (double)s.h * (double)s.w * 9.0 * (double)k.dims[2] * (double)k.dims[3];
}

static double forward_flops(pc_vgg *m)
{
    double f = 0;
    for (size_t t = 0; t < pc_vgg_tensor_count(m); t += 2) f += layer_flops(m, t);
    return f;
}

/* The work a training step on cached features must do per image: trainable forward,
 * weight gradients, and input gradients of every trainable layer but the lowest. */
static double train_flops(pc_vgg *m)
{
    double f = 0;
    int lowest = 1;
    for (size_t t = 0; t < pc_vgg_tensor_count(m); t += 2) {
        pc_vgg_tensor k;
        pc_vgg_tensor_get(m, t, &k);
        if (!k.trainable) continue;
        double l = layer_flops(m, t);
        f += 2.0 * l + (lowest ? 0.0 : l);
        lowest = 0;
    }
    return f;
}

static pc_vgg *make_model(pc_ctx *ctx, const pc_vgg_config *cfg)
{
    pc_vgg *m = NULL;
    if (pc_vgg_create(ctx, cfg, &m)) {
        fprintf(stderr, "bench_nn: %s\n", pc_ctx_last_error(ctx));
        exit(1);
    }
    return m;
}

static float *random_buffer(size_t n, float lo, float hi, uint64_t seed)
{
    pc_rng rng;
    pc_rng_seed(&rng, seed, 1);
    float *p = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) p[i] = pc_rng_range(&rng, lo, hi);
    return p;
}

static void describe(pc_vgg *m)
{
    const pc_kernels *k = pc_vgg_get_kernels(m);
    printf("kernels: conv %s, weight gradient %s, gemm %s, %d thread(s)\n", pc_kernel_impl_name(k->conv_impl),
           pc_kernel_impl_name(k->conv_filter_impl), pc_kernel_impl_name(k->gemm_impl), k->threads);
}

static int bench_forward(pc_ctx *ctx, options *o)
{
    o->cfg.batch = 1;
    o->cfg.trainable_convs = 0;
    pc_vgg *m = make_model(ctx, &o->cfg);
    describe(m);
    const size_t img = (size_t)o->cfg.height * (size_t)o->cfg.width * 3;
    float *x = random_buffer(img, -120, 120, 1), probs[2];
    double *times = malloc((size_t)o->reps * sizeof(double));
    for (int i = 0; i < o->warmup; i++) pc_vgg_predict(ctx, m, x, 1, probs, NULL);
    for (int i = 0; i < o->reps; i++) {
        double t0 = now();
        pc_vgg_predict(ctx, m, x, 1, probs, NULL);
        times[i] = now() - t0;
    }
    double min = times[0];
    for (int i = 1; i < o->reps; i++) min = times[i] < min ? times[i] : min;
    double med = median(times, o->reps), flops = forward_flops(m);
    printf("forward %dx%d: median %.1f ms (min %.1f), %.2f images/s, %.1f GFLOP/s (%.2f GFLOP/image)\n",
           o->cfg.height, o->cfg.width, med * 1e3, min * 1e3, 1.0 / med, flops / med / 1e9, flops / 1e9);
    printf("RESULT kind=forward h=%d w=%d conv=%s threads=%d median_s=%.6f min_s=%.6f gflop=%.4f\n", o->cfg.height,
           o->cfg.width, pc_kernel_impl_name(pc_vgg_get_kernels(m)->conv_impl), pc_vgg_get_kernels(m)->threads, med,
           min, flops / 1e9);
    free(x), free(times);
    pc_vgg_free(m);
    return 0;
}

static int bench_train(pc_ctx *ctx, options *o)
{
    pc_vgg *m = make_model(ctx, &o->cfg);
    describe(m);
    const int B = o->cfg.batch;
    pc_shape fs = pc_vgg_frozen_shape(m);
    const size_t fe = pc_shape_image_elems(fs);
    /* Cached frozen features: non-negative, as a ReLU's outputs (their values do not change the work). */
    float *feats = random_buffer((size_t)B * fe, 0.0f, 2.0f, 2);
    int *labels = malloc((size_t)B * sizeof(int));
    for (int b = 0; b < B; b++) labels[b] = b % 2;
    double *times = malloc((size_t)o->reps * sizeof(double));
    pc_vgg_step_result r;
    double *cpu = malloc((size_t)o->reps * sizeof(double));
    for (int i = 0; i < o->warmup; i++) pc_vgg_train_step(ctx, m, feats, 1, labels, B, &r);
    for (int i = 0; i < o->reps; i++) {
        double t0 = now(), c0 = process_cpu();
        pc_vgg_train_step(ctx, m, feats, 1, labels, B, &r);
        times[i] = now() - t0, cpu[i] = process_cpu() - c0;
    }
    double med = median(times, o->reps), med_cpu = median(cpu, o->reps), flops = train_flops(m);
    free(cpu);
    printf("train VGG16-%d %dx%d batch %d on cached %s inputs (%zux%zux%zu): median %.3f s/step, %.2f images/s, "
           "%.1f nominal GFLOP/s (%.2f GFLOP/image)\n",
           o->cfg.trainable_convs, o->cfg.height, o->cfg.width, B, pc_vgg_frozen_boundary(m), fs.h, fs.w, fs.c, med,
           B / med, flops * B / med / 1e9, flops / 1e9);
    printf("CPU time %.3f s/step (all threads; with --threads 1 the compute a step needs, whatever the load)\n",
           med_cpu);
    printf("RESULT kind=train h=%d w=%d k=%d batch=%d threads=%d median_s=%.6f cpu_s=%.6f gflop_per_image=%.4f\n",
           o->cfg.height, o->cfg.width, o->cfg.trainable_convs, B, pc_vgg_get_kernels(m)->threads, med, med_cpu,
           flops / 1e9);
    free(feats), free(labels), free(times);
    pc_vgg_free(m);
    return 0;
}

/* The frozen-feature pass of training (scripts/bench-train): the layers below the trainable
 * top on one image at a time, as pc_train_run runs them once per augmented image. */
static int bench_frozen(pc_ctx *ctx, options *o)
{
    o->cfg.batch = 1;
    pc_vgg *m = make_model(ctx, &o->cfg);
    describe(m);
    pc_shape fs = pc_vgg_frozen_shape(m);
    const size_t img = (size_t)o->cfg.height * (size_t)o->cfg.width * 3;
    float *x = random_buffer(img, -120, 120, 1), *f = malloc(pc_shape_image_elems(fs) * sizeof(float));
    double *times = malloc((size_t)o->reps * sizeof(double));
    double *cpu = malloc((size_t)o->reps * sizeof(double));
    for (int i = 0; i < o->warmup; i++) pc_vgg_forward_frozen(ctx, m, x, 1, f);
    for (int i = 0; i < o->reps; i++) {
        double t0 = now(), c0 = process_cpu();
        pc_vgg_forward_frozen(ctx, m, x, 1, f);
        times[i] = now() - t0, cpu[i] = process_cpu() - c0;
    }
    double med = median(times, o->reps), med_cpu = median(cpu, o->reps);
    free(cpu);
    printf("frozen pass VGG16-%d %dx%d up to %s (%zux%zux%zu): median %.1f ms/image\n", o->cfg.trainable_convs,
           o->cfg.height, o->cfg.width, pc_vgg_frozen_boundary(m), fs.h, fs.w, fs.c, med * 1e3);
    printf("RESULT kind=frozen h=%d w=%d k=%d threads=%d median_s=%.6f cpu_s=%.6f\n", o->cfg.height, o->cfg.width,
           o->cfg.trainable_convs, pc_vgg_get_kernels(m)->threads, med, med_cpu);
    free(x), free(f), free(times);
    pc_vgg_free(m);
    return 0;
}

/* Every conv layer of the network at H x W: forward (batch 1), and for the training path
 * (batch --batch) forward, weight gradient and input gradient, for the table's kernels. */
static int bench_layers(pc_ctx *ctx, options *o)
{
    pc_kernels k;
    if (pc_kernels_init(ctx, &o->cfg.kernels, &k)) return fprintf(stderr, "%s\n", pc_ctx_last_error(ctx)), 1;
    printf("kernels: conv %s, weight gradient %s, %d thread(s); batch %d\n", pc_kernel_impl_name(k.conv_impl),
           pc_kernel_impl_name(k.conv_filter_impl), k.threads, o->cfg.batch);
    int side_h = o->cfg.height, side_w = o->cfg.width;
    const int chans[5] = {64, 128, 256, 512, 512}, convs[5] = {2, 2, 3, 3, 3};
    int ci = 3, index = 0;
    for (int b = 0; b < 5; b++, side_h /= 2, side_w /= 2)
        for (int c = 0; c < convs[b]; c++, index++) {
            if (index < o->first_layer) {
                ci = chans[b];
                continue;
            }
            const size_t n = (size_t)o->cfg.batch, h = (size_t)side_h, w = (size_t)side_w, co = (size_t)chans[b];
            float *in = random_buffer(n * h * w * (size_t)ci, 0, 1, 3), *wt = random_buffer(9 * (size_t)ci * co, -.1f, .1f, 4);
            float *out = malloc(n * h * w * co * sizeof(float)), *dw = calloc(9 * (size_t)ci * co, sizeof(float));
            size_t ps = k.conv_packed_size((size_t)ci, co), wsz = k.conv_workspace(&k, n, h, w, (size_t)ci, co);
            size_t fsz = k.conv_filter_workspace(&k, n, h, w, (size_t)ci, co);
            float *packed = ps ? aligned_alloc(64, (ps * 4 + 63) / 64 * 64) : wt;
            if (ps) k.conv_pack(wt, (size_t)ci, co, packed);
            void *ws = aligned_alloc(64, ((wsz > fsz ? wsz : fsz) + 64) / 64 * 64);
            double flops = 2.0 * (double)(n * h * w) * 9.0 * ci * (double)co, tf[2] = {1e30, 1e30};
            double (*clock)(void) = k.threads == 1 ? thread_cpu : now;
            for (int rep = 0; rep < o->reps + 1; rep++) {   /* best of reps (the first is a warm-up) */
                double t0 = clock();
                k.conv_forward(&k, in, packed, NULL, n, h, w, (size_t)ci, co, 1, ws, out);
                double t1 = clock();
                k.conv_backward_filter(&k, in, out, n, h, w, (size_t)ci, co, ws, dw);
                double t2 = clock();
                if (rep && t1 - t0 < tf[0]) tf[0] = t1 - t0;
                if (rep && t2 - t1 < tf[1]) tf[1] = t2 - t1;
            }
            printf("block%d_conv%d %3zux%-3zu %3d->%3zu: forward %6.1f GFLOP/s, weight gradient %6.1f GFLOP/s (%.1f + %.1f ms)\n",
                   b + 1, c + 1, h, w, ci, co, flops / tf[0] / 1e9, flops / tf[1] / 1e9, tf[0] * 1e3, tf[1] * 1e3);
            printf("RESULT kind=layer name=block%d_conv%d h=%zu w=%zu ci=%d co=%zu batch=%zu fwd_gflops=%.2f filt_gflops=%.2f\n",
                   b + 1, c + 1, h, w, ci, co, n, flops / tf[0] / 1e9, flops / tf[1] / 1e9);
            if (ps) free(packed);
            free(in), free(wt), free(out), free(dw), free(ws);
            ci = chans[b];
        }
    pc_kernels_free(&k);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_nn peak | forward H W | frozen H W | train | layers H W [options]\n");
        return 2;
    }
    pc_ctx *ctx = pc_ctx_create();
    options o;
    int rc = 2;
    if (!strcmp(argv[1], "peak")) {
        if (!pc_kernel_impl_available(PC_KERNEL_AVX2)) return fprintf(stderr, "bench_nn: no AVX2 + FMA\n"), 1;
        double p1 = peak(1), p2 = peak(2);
        printf("FP32 FMA peak (AVX2, 256-bit): 1 thread %.1f GFLOP/s, 2 threads %.1f GFLOP/s\n", p1, p2);
        printf("RESULT kind=peak threads1=%.2f threads2=%.2f\n", p1, p2);
        rc = 0;
    } else if (!strcmp(argv[1], "forward") && argc >= 4 && parse(argc, argv, 4, &o)) {
        o.cfg.height = atoi(argv[2]), o.cfg.width = atoi(argv[3]);
        rc = bench_forward(ctx, &o);
    } else if (!strcmp(argv[1], "frozen") && argc >= 4 && parse(argc, argv, 4, &o)) {
        o.cfg.height = atoi(argv[2]), o.cfg.width = atoi(argv[3]);
        rc = bench_frozen(ctx, &o);
    } else if (!strcmp(argv[1], "train") && parse(argc, argv, 2, &o)) {
        rc = bench_train(ctx, &o);
    } else if (!strcmp(argv[1], "layers") && argc >= 4 && parse(argc, argv, 4, &o)) {
        o.cfg.height = atoi(argv[2]), o.cfg.width = atoi(argv[3]);
        if (!o.batch_given) o.cfg.batch = 1;
        rc = bench_layers(ctx, &o);
    } else {
        fprintf(stderr, "usage: bench_nn peak | forward H W | frozen H W | train | layers H W [options]\n");
    }
    pc_ctx_free(ctx);
    return rc;
}
