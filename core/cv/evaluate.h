/* evaluate.h: one method's cross-validated results added up: pooled over all cases and per
 * fold, with mean and SD over the folds (docs/pipeline.md 4).
 *
 * A method gives every case a call (0/1) and, when it has them, a score that ranks cases
 * (for the ROC AUC: the network's P(CAD), or SSS for Semi-Q) and a probability (for the
 * Brier score). Pooled figures treat the n out-of-fold predictions as one sample; the
 * fold figures are each fold's own, so their SD shows how much the folds disagree. */
#ifndef PC_CV_EVALUATE_H
#define PC_CV_EVALUATE_H

#include "metrics.h"
#include "roc.h"

typedef struct pc_method_eval {
    int n, folds;
    int has_score, has_prob;
    pc_confusion pooled;
    pc_metrics metrics;            /* of pooled */
    pc_auc_ci auc;                 /* pooled; NaN fields without a score */
    double brier;                  /* pooled; NaN without a probability */
    pc_confusion *fold_confusion;  /* (folds) owned */
    pc_metrics *fold_metrics;      /* (folds) owned */
    double *fold_auc, *fold_brier; /* (folds) owned; NaN where not defined */
    pc_metrics mean, sd;           /* of fold_metrics, each ratio over the folds that have it */
    double auc_mean, auc_sd, brier_mean, brier_sd;
} pc_method_eval;

/* label, fold (0..folds-1), call (n each); score and prob may be NULL. Fails only when out
 * of memory. Free with pc_method_eval_free. */
pc_status pc_method_evaluate(pc_ctx *ctx, const int *label, const int *fold, int n, int folds, const int *call,
                             const double *score, const double *prob, pc_method_eval *out);
void pc_method_eval_free(pc_method_eval *eval);

/* The metrics of pc_metrics as an array, for tables and per-fold loops. */
enum { PC_METRIC_COUNT = 6 };
double pc_metric_at(const pc_metrics *m, int index);
/* "accuracy", "sensitivity", "specificity", "PPV", "NPV", "F1". */
const char *pc_metric_name(int index);

#endif
