/* evaluate.c: pooled and per-fold figures of one method (see evaluate.h). */
#include "evaluate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double pc_metric_at(const pc_metrics *m, int index)
{
    const double v[PC_METRIC_COUNT] = {m->accuracy, m->sensitivity, m->specificity, m->precision, m->npv, m->f1};
    return index >= 0 && index < PC_METRIC_COUNT ? v[index] : NAN;
}

const char *pc_metric_name(int index)
{
    static const char *const names[PC_METRIC_COUNT] = {"accuracy", "sensitivity", "specificity", "PPV", "NPV", "F1"};
    return index >= 0 && index < PC_METRIC_COUNT ? names[index] : "?";
}

void pc_method_eval_free(pc_method_eval *eval)
{
    if (!eval) return;
    free(eval->fold_confusion);
    free(eval->fold_metrics);
    free(eval->fold_auc);
    free(eval->fold_brier);
    memset(eval, 0, sizeof *eval);
}

/* Mean and SD over folds of each metric, written through pc_metric_at's order. */
static void metrics_mean_sd(const pc_metrics *fold, int folds, double *values, pc_metrics *mean, pc_metrics *sd)
{
    double mu[PC_METRIC_COUNT], s[PC_METRIC_COUNT];
    for (int k = 0; k < PC_METRIC_COUNT; k++) {
        for (int f = 0; f < folds; f++) values[f] = pc_metric_at(&fold[f], k);
        pc_mean_sd(values, folds, &mu[k], &s[k], NULL);
    }
    *mean = (pc_metrics){mu[0], mu[1], mu[2], mu[3], mu[4], mu[5]};
    *sd = (pc_metrics){s[0], s[1], s[2], s[3], s[4], s[5]};
}

pc_status pc_method_evaluate(pc_ctx *ctx, const int *label, const int *fold, int n, int folds, const int *call,
                             const double *score, const double *prob, pc_method_eval *out)
{
    pc_method_eval e;
    memset(&e, 0, sizeof e);
    e.n = n;
    e.folds = folds;
    e.has_score = score != NULL;
    e.has_prob = prob != NULL;
    e.fold_confusion = calloc((size_t)folds, sizeof *e.fold_confusion);
    e.fold_metrics = calloc((size_t)folds, sizeof *e.fold_metrics);
    e.fold_auc = calloc((size_t)folds, sizeof *e.fold_auc);
    e.fold_brier = calloc((size_t)folds, sizeof *e.fold_brier);
    double *s = malloc(sizeof(double) * (size_t)(n + folds)), *p = malloc(sizeof(double) * (size_t)n);
    int *y = malloc(sizeof(int) * (size_t)n);
    pc_status status = PC_STATUS_OK;
    if (!e.fold_confusion || !e.fold_metrics || !e.fold_auc || !e.fold_brier || !s || !p || !y) {
        status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "evaluation: out of memory for %d cases", n);
        goto done;
    }
    for (int i = 0; i < n; i++) {
        pc_confusion_add(&e.pooled, label[i], call[i]);
        pc_confusion_add(&e.fold_confusion[fold[i]], label[i], call[i]);
    }
    e.metrics = pc_metrics_from_confusion(&e.pooled);
    e.auc = (pc_auc_ci){0, 0, NAN, NAN, NAN, NAN};
    if (score && (status = pc_auc_delong(ctx, score, label, n, &e.auc))) goto done;
    e.brier = prob ? pc_brier(prob, label, n) : NAN;
    for (int f = 0; f < folds; f++) {
        e.fold_metrics[f] = pc_metrics_from_confusion(&e.fold_confusion[f]);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (fold[i] != f) continue;
            y[m] = label[i];
            s[m] = score ? score[i] : 0;
            p[m++] = prob ? prob[i] : 0;
        }
        e.fold_auc[f] = score ? pc_auc(s, y, m) : NAN;
        e.fold_brier[f] = prob && m ? pc_brier(p, y, m) : NAN;
    }
    metrics_mean_sd(e.fold_metrics, folds, s, &e.mean, &e.sd);
    pc_mean_sd(e.fold_auc, folds, &e.auc_mean, &e.auc_sd, NULL);
    pc_mean_sd(e.fold_brier, folds, &e.brier_mean, &e.brier_sd, NULL);
done:
    free(s);
    free(p);
    free(y);
    if (status) pc_method_eval_free(&e);
    else *out = e;
    return status;
}
