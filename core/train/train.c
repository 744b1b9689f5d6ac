/* train.c: one training run (train.h): the augmented training set, the frozen pass into
 * the cache, the epochs on the trainable top, checkpoints. The pieces are plan.c (which
 * images), sample.c (one image), cache.c (frozen outputs), checkpoint.c (the state). */
#include <stdlib.h>
#include <string.h>

#include "../base/rng.h"
#include "../nn/tensor.h"
#include "cache.h"
#include "checkpoint.h"
#include "plan.h"
#include "train.h"

void pc_train_config_default(pc_train_config *tc, pc_vgg_arch arch, pc_dataset dataset)
{
    memset(tc, 0, sizeof *tc);
    pc_vgg_config_default(&tc->vgg, arch);
    pc_montage_size(dataset, &tc->vgg.height, &tc->vgg.width);
    tc->vgg.adam.lr = 1e-4f;
    tc->dataset = dataset;
    tc->augment = 1000;
    tc->epochs = 6;   /* README "Choosing the epochs": the measured loss curve flattens after ~300 Adam steps */
    tc->max_angle = 45.0;
    tc->cache_budget = (size_t)2 << 30;
    tc->spill_dir = "/tmp";
    tc->fingerprint = "";
}

/* Copies the conv layers of base into m after checking that base is the same network (its
 * input size aside). */
static pc_status load_base(pc_ctx *ctx, pc_vgg *m, pc_vgg *base, const char *name)
{
    const pc_vgg_config *a = pc_vgg_get_config(m), *b = pc_vgg_get_config(base);
    if (a->arch != b->arch)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s is a %s, this training builds a %s", name,
                       pc_vgg_arch_name(b->arch), pc_vgg_arch_name(a->arch));
    if (a->width_mult != b->width_mult)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s has width multiplier %g, this training %g", name,
                       (double)b->width_mult, (double)a->width_mult);
    /* The input size may differ: a conv kernel is the same at any size, and the head, whose
     * first dense layer depends on it, starts fresh (a 150 x 150 base serves the 75 x 150 AC
     * montage too, as an ImageNet base at 224 serves the paper's 300 x 300). */
    size_t n = pc_vgg_tensor_count(m);
    for (size_t i = 0; i < n; i++) {
        pc_vgg_tensor t, s;
        pc_vgg_tensor_get(m, i, &t);
        if (strncmp(t.layer, "block", 5) != 0) continue;   /* the head starts fresh */
        long j = pc_vgg_tensor_find(base, t.name);
        if (j < 0) return pc_fail(ctx, PC_STATUS_NOT_FOUND, "%s has no tensor %s", name, t.name);
        pc_vgg_tensor_get(base, (size_t)j, &s);
        if (s.count != t.count)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: tensor %s holds %zu values, this network %zu", name,
                           t.name, s.count, t.count);
        memcpy(t.data, s.data, t.count * sizeof(float));
    }
    pc_vgg_sync_weights(m);
    return PC_STATUS_OK;
}

static void report(const pc_train_config *tc, pc_train_phase phase, int epoch, long done, long total, double loss,
                   double acc)
{
    if (!tc->progress) return;
    pc_train_progress p = {phase, epoch, tc->epochs, done, total, loss, acc};
    tc->progress(tc->progress_user, &p);
}

static int stopping(const pc_train_config *tc)
{
    return tc->stop && *tc->stop;
}

/* Renders every planned image and stores its frozen output. */
static pc_status fill_cache(pc_ctx *ctx, const pc_train_config *tc, pc_vgg *m, const pc_study *studies,
                            const train_plan *plan, train_cache *cache, int *interrupted)
{
    const size_t in_elems = (size_t)tc->vgg.height * (size_t)tc->vgg.width * 3;
    float *x = malloc(in_elems * sizeof(float)), *f = malloc(cache->elems * sizeof(float));
    pc_status status = x && f ? PC_STATUS_OK
                              : pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for one training image");
    for (int i = 0; i < plan->count && !status; i++) {
        if (stopping(tc)) {
            *interrupted = 1;
            break;
        }
        const train_item *it = &plan->items[i];
        status = pc_train_sample(ctx, &studies[it->study], tc->dataset, it->angle, tc->vgg.height, tc->vgg.width, x);
        if (!status) status = pc_vgg_forward_frozen(ctx, m, x, 1, f);
        if (!status) status = train_cache_put(ctx, cache, i, f);
        report(tc, PC_TRAIN_PHASE_FROZEN, 0, i + 1, plan->count, 0, 0);
    }
    free(x);
    free(f);
    return status;
}

/* The order of epoch e (0-based): a function of the seed and e only, so a resumed run
 * replays it exactly. */
static void epoch_order(uint64_t seed, int e, int *order, int n)
{
    pc_rng rng;
    pc_rng_seed(&rng, seed, 0x65706f00u + (uint64_t)e /* "epo" + epoch */);
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)pc_rng_below(&rng, (uint32_t)i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

/* The epochs from `at` on; checkpoints after each and when stopped. */
static pc_status run_epochs(pc_ctx *ctx, const pc_train_config *tc, pc_vgg *m, const train_plan *plan,
                            const train_cache *cache, train_position *at, pc_train_epoch *history, int *interrupted,
                            int *checkpointed)
{
    const int n = plan->count, B = tc->vgg.batch;
    int *order = malloc(sizeof *order * (size_t)n);
    float *batch = malloc(sizeof(float) * cache->elems * (size_t)B);
    int labels[PC_VGG_MAX_BATCH];
    if (!order || !batch) {
        free(order);
        free(batch);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for a minibatch of %d frozen outputs", B);
    }
    pc_status status = PC_STATUS_OK;
    const int batches = (n + B - 1) / B;
    while (at->epochs_done < tc->epochs && !status) {
        epoch_order(tc->vgg.seed, at->epochs_done, order, n);
        while (at->batches_done < batches && !status) {
            if (stopping(tc)) {
                *interrupted = 1;
                break;
            }
            int first = at->batches_done * B, nb = n - first < B ? n - first : B;
            for (int b = 0; b < nb && !status; b++) {
                labels[b] = plan->items[order[first + b]].label;
                status = train_cache_get(ctx, cache, order[first + b], batch + (size_t)b * cache->elems);
            }
            pc_vgg_step_result r;
            if (!status) status = pc_vgg_train_step(ctx, m, batch, 1, labels, nb, &r);
            if (status) break;
            at->loss_sum += (double)r.loss * nb;
            at->correct += r.correct;
            at->batches_done++;
            long done = (long)first + nb;
            report(tc, PC_TRAIN_PHASE_EPOCH, at->epochs_done + 1, done, n, at->loss_sum / (double)done,
                   at->correct / (double)done);
        }
        if (status || *interrupted) break;
        history[at->epochs_done] = (pc_train_epoch){at->loss_sum / n, at->correct / n};
        *at = (train_position){at->epochs_done + 1, 0, 0, 0};
        report(tc, PC_TRAIN_PHASE_EPOCH_END, at->epochs_done, n, n, history[at->epochs_done - 1].loss,
               history[at->epochs_done - 1].accuracy);
        if (tc->checkpoint_path)
            status = train_checkpoint_save(ctx, tc->checkpoint_path, tc->fingerprint, m, at, history);
    }
    if (!status && *interrupted && tc->checkpoint_path) {
        status = train_checkpoint_save(ctx, tc->checkpoint_path, tc->fingerprint, m, at, history);
        *checkpointed = !status;
    }
    free(order);
    free(batch);
    return status;
}

pc_status pc_train_run(pc_ctx *ctx, const pc_train_config *tc, pc_vgg *base, const char *base_name,
                       const pc_study *studies, const int *labels, int n, pc_vgg **model_out,
                       pc_train_result *result)
{
    if (tc->epochs < 1 || tc->epochs > PC_TRAIN_MAX_EPOCHS)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "epochs %d is outside 1..%d", tc->epochs, PC_TRAIN_MAX_EPOCHS);
    if (tc->augment < 0 || tc->augment > PC_TRAIN_MAX_IMAGES)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "augment %d is outside 0..%d", tc->augment,
                       PC_TRAIN_MAX_IMAGES);
    if (n < 1 || !studies || !labels) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "no training studies");
    const char *fingerprint = tc->fingerprint ? tc->fingerprint : "";
    pc_train_result res;
    memset(&res, 0, sizeof res);
    train_plan plan;
    memset(&plan, 0, sizeof plan);
    train_cache cache;
    memset(&cache, 0, sizeof cache);
    cache.fd = -1;
    pc_vgg *m = NULL;
    pc_train_epoch *history = calloc(PC_TRAIN_MAX_EPOCHS, sizeof *history);
    train_position at = {0, 0, 0, 0};
    pc_status status = history ? pc_vgg_create(ctx, &tc->vgg, &m)
                               : pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory");
    if (!status && base) status = load_base(ctx, m, base, base_name ? base_name : "the base model");
    if (!status) status = train_plan_build(ctx, labels, n, tc->augment, tc->max_angle, tc->vgg.seed, &plan);
    if (!status && tc->resume && train_checkpoint_exists(tc->checkpoint_path)) {
        status = train_checkpoint_load(ctx, tc->checkpoint_path, fingerprint, m, &at, history);
        res.resumed = !status;
        res.resumed_epoch = at.epochs_done;
    }
    if (status) goto done;
    pc_shape fs = pc_vgg_frozen_shape(m);
    size_t elems = pc_shape_image_elems(fs);
    res.frozen_bytes = elems * sizeof(float);
    if (at.epochs_done < tc->epochs) {
        status = train_cache_open(ctx, elems, plan.count, tc->cache_budget, tc->spill_dir, &cache);
        if (!status) status = fill_cache(ctx, tc, m, studies, &plan, &cache, &res.interrupted);
        if (!status && !res.interrupted) status = run_epochs(ctx, tc, m, &plan, &cache, &at, history, &res.interrupted,
                                                                    &res.checkpointed);
        res.spilled = cache.count - cache.in_memory;
    }
    if (status) goto done;
    res.epochs_done = at.epochs_done;
    memcpy(res.history, history, sizeof res.history);
    res.images = plan.count;
    res.originals = plan.originals;
    for (int c = 0; c < 2; c++) {
        res.per_class[c] = plan.per_class[c];
        res.cases_per_class[c] = plan.cases_per_class[c];
    }
    *model_out = m;
    m = NULL;
    *result = res;
done:
    train_cache_close(&cache);
    train_plan_free(&plan);
    pc_vgg_free(m);
    free(history);
    return status;
}

pc_status pc_train_predict(pc_ctx *ctx, pc_vgg *m, pc_dataset dataset, const pc_study *studies, int n,
                           double *p_out)
{
    const pc_vgg_config *cfg = pc_vgg_get_config(m);
    float *x = malloc(sizeof(float) * (size_t)cfg->height * (size_t)cfg->width * 3);
    float probs[PC_VGG_MAX_CLASSES];
    if (!x) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for one input image");
    pc_status status = PC_STATUS_OK;
    for (int i = 0; i < n && !status; i++) {
        status = pc_train_sample(ctx, &studies[i], dataset, 0.0, cfg->height, cfg->width, x);
        if (!status) status = pc_vgg_predict(ctx, m, x, 1, probs, NULL);
        if (!status) p_out[i] = probs[1];
    }
    free(x);
    return status;
}
