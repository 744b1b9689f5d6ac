/* metrics.h: binary classification counts and the metrics the paper reports.
 *
 * Positive = CAD (label 1). Ratios with an empty denominator are NaN, never a made-up
 * 0 or 100: a fold with no negatives has no specificity. */
#ifndef PC_CV_METRICS_H
#define PC_CV_METRICS_H

typedef struct pc_confusion {
    int tp, fn;   /* truth 1: called positive, called negative */
    int fp, tn;   /* truth 0: called positive, called negative */
} pc_confusion;

typedef struct pc_metrics {
    double accuracy;      /* (tp + tn) / all */
    double sensitivity;   /* recall: tp / (tp + fn) */
    double specificity;   /* tn / (tn + fp) */
    double precision;     /* positive predictive value: tp / (tp + fp) */
    double npv;           /* tn / (tn + fn) */
    double f1;            /* 2 tp / (2 tp + fp + fn) */
} pc_metrics;

/* Counts one case: truth and call are 0 or 1 (anything non-zero counts as 1). */
void pc_confusion_add(pc_confusion *c, int truth, int call);
/* Sum of two tables (pooling folds). */
pc_confusion pc_confusion_sum(pc_confusion a, pc_confusion b);
int pc_confusion_total(const pc_confusion *c);
pc_metrics pc_metrics_from_confusion(const pc_confusion *c);

/* Mean and sample SD (n - 1) of the values that are not NaN (a fold without negatives has
 * no specificity and is left out, not counted as 0). *count_out (may be NULL) gets how
 * many were used; the mean is NaN with none, the SD NaN with fewer than two. */
void pc_mean_sd(const double *values, int n, double *mean_out, double *sd_out, int *count_out);

#endif
