/* crossval.c: out-of-fold semi-quantitative scoring (see crossval.h). */
#include "crossval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pc_status pc_semiq_crossval(pc_ctx *ctx, const pc_study_features *cases, const int *labels, int n, const int *folds,
                      int k, pc_ring_layout layout, const pc_semiq_config *config, pc_semiq_result *results_out,
                      uint8_t *in_normals_out, int *normals_out)
{
    if (!cases || !labels || !folds || !config || !results_out || n <= 0 || k < 2)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "cross-validation: nothing to do");
    for (int i = 0; i < n; i++)
        if (folds[i] < 0 || folds[i] >= k)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "cross-validation: case %d is in fold %d of %d", i,
                           folds[i], k);
    const pc_study_features **normal = malloc(sizeof *normal * (size_t)n);
    pc_normals *nd = malloc(sizeof *nd);
    if (!normal || !nd) {
        free(normal);
        free(nd);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "cross-validation: out of memory");
    }
    if (in_normals_out) memset(in_normals_out, 0, (size_t)k * (size_t)n);
    pc_status status = PC_STATUS_OK;
    for (int f = 0; f < k && !status; f++) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (folds[i] == f || labels[i] != 0) continue;   /* training split, normals only */
            normal[m++] = &cases[i];
            if (in_normals_out) in_normals_out[(size_t)f * (size_t)n + (size_t)i] = 1;
        }
        if (normals_out) normals_out[f] = m;
        status = pc_normals_build(ctx, normal, m, layout, nd);
        for (int i = 0; i < n && !status; i++) {
            if (folds[i] != f) continue;
            status = pc_semiq_score(ctx, nd, &cases[i], config, &results_out[i]);
            if (status) {
                char prefix[96];
                snprintf(prefix, sizeof prefix, "fold %d of %d (%d normals), case %d", f + 1, k, m, i);
                pc_fail_prefix(ctx, prefix);
            }
        }
    }
    free(normal);
    free(nd);
    return status;
}
