/* crossval.h: the paper's comparison, done honestly: k-fold cross-validation of the
 * semi-quantitative baseline with the normal database rebuilt inside each fold.
 *
 * For each fold f: the normal database is built from the cases that are NOT in fold f
 * and are labelled 0 (no CAD), and only the cases of fold f are scored against it. No
 * case ever meets a database it helped build. Folds come from cv/folds.h, the same
 * assignment network training uses, so one seed gives the same folds for both. */
#ifndef PC_SEMIQUANT_CROSSVAL_H
#define PC_SEMIQUANT_CROSSVAL_H

#include <stdint.h>

#include "score.h"

/* cases, labels and folds have n entries (folds in 0..k-1). results_out (n) receives
 * each case's out-of-fold result. in_normals_out, if not NULL, is (k, n) bytes:
 * in_normals_out[f * n + i] = 1 when case i entered fold f's normal database (the
 * no-leakage test reads it); normals_out (k), if not NULL, gets the size of each fold's
 * normal set. */
pc_status pc_semiq_crossval(pc_ctx *ctx, const pc_study_features *cases, const int *labels, int n, const int *folds,
                      int k, pc_ring_layout layout, const pc_semiq_config *config, pc_semiq_result *results_out,
                      uint8_t *in_normals_out, int *normals_out);

#endif
