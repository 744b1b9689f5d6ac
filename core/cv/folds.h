/* folds.h: stratified k-fold assignment at case level, seeded.
 *
 * The paper's protocol (docs/pipeline.md 4): every case goes to exactly one of k folds,
 * each fold holds about the same share of every class, and a case's images never cross
 * folds because folds are assigned to cases, not images. The semi-quantitative baseline
 * and network training use this same function, so the same seed gives the same folds
 * everywhere. Randomness comes only from PCG32 (base/rng.h). */
#ifndef PC_CV_FOLDS_H
#define PC_CV_FOLDS_H

#include <stdint.h>

#include "../base/status.h"

enum { PC_FOLDS_MAX_CLASSES = 64 };

/* Writes fold_out[i] in 0..k-1 for each of the n cases with labels[i] in
 * 0..PC_FOLDS_MAX_CLASSES-1. Each class is shuffled (PCG32, seed) and dealt round-robin,
 * the dealing continuing from where the previous class stopped, so fold sizes differ by
 * at most one overall and per class (scikit-learn's StratifiedKFold gives the same
 * balance). Fails for k < 2, k > n, or a label out of range; fold_out is untouched then. */
pc_status pc_folds_stratified(pc_ctx *ctx, const int *labels, int n, int k, uint64_t seed, int *fold_out);

#endif
