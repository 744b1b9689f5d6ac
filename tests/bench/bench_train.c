/* bench_train.c: the frozen-feature pass of training (scripts/bench-train; a benchmark,
 * not a test): VGG16-4 at H x W, block1_conv1 .. block4_conv2 on one image at a time, as
 * pc_train_run runs it once per augmented image before the epochs. Random weights and
 * input (the values do not change the work). Prints a RESULT line.
 *
 *     bench_train frozen H W [--threads N] [--reps N] [--k K] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polarcad.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 4 || strcmp(argv[1], "frozen") != 0) {
        fprintf(stderr, "usage: bench_train frozen H W [--threads N] [--reps N] [--k K]\n");
        return 2;
    }
    pc_vgg_config cfg;
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.height = atoi(argv[2]), cfg.width = atoi(argv[3]);
    int reps = 5;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--threads")) cfg.kernels.threads = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--reps")) reps = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--k")) cfg.trainable_convs = atoi(argv[i + 1]);
    }
    cfg.batch = 1;
    pc_ctx *ctx = pc_ctx_create();
    pc_vgg *m = NULL;
    if (reps < 1 || reps > 1000 || pc_vgg_create(ctx, &cfg, &m)) {
        fprintf(stderr, "bench_train: %s\n", reps < 1 || reps > 1000 ? "--reps 1..1000" : pc_ctx_last_error(ctx));
        return 1;
    }
    pc_shape fs = pc_vgg_frozen_shape(m);
    size_t in = (size_t)cfg.height * (size_t)cfg.width * 3, out = (size_t)fs.h * fs.w * fs.c;
    float *x = malloc(in * sizeof(float)), *f = malloc(out * sizeof(float));
    double times[1000];
    for (size_t i = 0; i < in; i++) x[i] = (float)((int)(i * 2654435761u % 241) - 120);
    pc_vgg_forward_frozen(ctx, m, x, 1, f);   /* warm-up */
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        pc_vgg_forward_frozen(ctx, m, x, 1, f);
        times[r] = now() - t0;
    }
    qsort(times, (size_t)reps, sizeof times[0], cmp_double);
    printf("frozen pass VGG16-%d %dx%d up to %s (%zux%zux%zu): median %.1f ms/image\n", cfg.trainable_convs,
           cfg.height, cfg.width, pc_vgg_frozen_boundary(m), fs.h, fs.w, fs.c, 1e3 * times[reps / 2]);
    printf("RESULT kind=frozen h=%d w=%d k=%d threads=%d median_s=%.6f\n", cfg.height, cfg.width, cfg.trainable_convs,
           cfg.kernels.threads, times[reps / 2]);
    free(x);
    free(f);
    pc_vgg_free(m);
    pc_ctx_free(ctx);
    return 0;
}
