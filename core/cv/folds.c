/* folds.c: stratified k-fold assignment (see folds.h). */
#include "folds.h"

#include <stdlib.h>

#include "../base/rng.h"

pc_status pc_folds_stratified(pc_ctx *ctx, const int *labels, int n, int k, uint64_t seed, int *fold_out)
{
    if (!labels || !fold_out || n <= 0)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "folds: no cases given");
    if (k < 2 || k > n)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "folds: %d folds is impossible for %d cases (need 2..%d)", k,
                       n, n);
    for (int i = 0; i < n; i++)
        if (labels[i] < 0 || labels[i] >= PC_FOLDS_MAX_CLASSES)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "folds: case %d has label %d (expected 0..%d)", i,
                           labels[i], PC_FOLDS_MAX_CLASSES - 1);
    int *order = malloc(sizeof(int) * (size_t)n);
    if (!order) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "folds: out of memory");

    pc_rng rng;
    pc_rng_seed(&rng, seed, 0xF01D5u);
    int next_fold = 0;
    for (int c = 0; c < PC_FOLDS_MAX_CLASSES; c++) {
        int m = 0;
        for (int i = 0; i < n; i++)
            if (labels[i] == c) order[m++] = i;
        /* Fisher-Yates with an unbiased bound, so the shuffle is the same on every build. */
        for (int i = m - 1; i > 0; i--) {
            int j = (int)pc_rng_below(&rng, (uint32_t)i + 1u);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < m; i++) {
            fold_out[order[i]] = next_fold;
            next_fold = (next_fold + 1) % k;
        }
    }
    free(order);
    return PC_STATUS_OK;
}
