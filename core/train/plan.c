/* plan.c: the balanced, augmented training set (see plan.h). */
#include <stdlib.h>
#include <string.h>

#include "../base/rng.h"
#include "plan.h"

/* Fisher-Yates with PCG32. */
static void shuffle(int *a, int n, pc_rng *rng)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)pc_rng_below(rng, (uint32_t)i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

pc_status train_plan_build(pc_ctx *ctx, const int *labels, int n, int augment, double max_angle, uint64_t seed,
                           train_plan *out)
{
    int count_of[2] = {0, 0};
    for (int i = 0; i < n; i++) {
        if (labels[i] != 0 && labels[i] != 1)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "training study %d has label %d (0 or 1)", i, labels[i]);
        count_of[labels[i]]++;
    }
    for (int c = 0; c < 2; c++)
        if (!count_of[c])
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                           "the training studies hold no case of label %d: a classifier needs both classes", c);
    int target[2] = {augment - augment / 2, augment / 2};
    int extra[2], total = n;
    for (int c = 0; c < 2; c++) {
        extra[c] = target[c] > count_of[c] ? target[c] - count_of[c] : 0;
        total += extra[c];
    }
    train_item *items = malloc(sizeof *items * (size_t)total);
    int *order = malloc(sizeof *order * (size_t)n);
    if (!items || !order) {
        free(items);
        free(order);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for %d training images", total);
    }
    int k = 0;
    for (int i = 0; i < n; i++) items[k++] = (train_item){i, labels[i], 0.0};
    for (int c = 0; c < 2; c++) {
        pc_rng rng;
        pc_rng_seed(&rng, seed, 0x61756700u + (uint64_t)c /* "aug" + class */);
        int m = 0;
        for (int i = 0; i < n; i++)
            if (labels[i] == c) order[m++] = i;
        for (int j = 0; j < extra[c]; j++) {
            if (j % m == 0) shuffle(order, m, &rng);
            double angle = (2.0 * pc_rng_uniform_double(&rng) - 1.0) * max_angle;
            items[k++] = (train_item){order[j % m], c, angle};
        }
    }
    free(order);
    memset(out, 0, sizeof *out);
    out->items = items;
    out->count = total;
    out->originals = n;
    for (int c = 0; c < 2; c++) {
        out->per_class[c] = count_of[c] + extra[c];
        out->cases_per_class[c] = count_of[c];
    }
    return PC_STATUS_OK;
}

void train_plan_free(train_plan *plan)
{
    free(plan->items);
    memset(plan, 0, sizeof *plan);
}
