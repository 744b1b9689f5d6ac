/* roc.h: ranking and probability metrics of a binary classifier: ROC AUC with DeLong's
 * variance and 95% confidence interval (one AUC, and the difference of two AUCs measured
 * on the same cases), the ROC curve, the Brier score and the reliability diagram's bins.
 *
 * Positive = CAD (label 1, anything non-zero), as metrics.h. A higher score means "more
 * likely CAD". The AUC is the Mann-Whitney statistic with ties counted one half:
 *     AUC = 1/(m n) sum_i sum_j psi(x_i, y_j),  psi = 1 if x > y, 1/2 if x = y, 0 if x < y,
 * over the m positives x and n negatives y. DeLong, DeLong and Clarke-Pearson (Biometrics
 * 1988) give its variance from the placement values V10(x_i) = 1/n sum_j psi(x_i, y_j) and
 * V01(y_j) = 1/m sum_i psi(x_i, y_j):
 *     var = S10 / m + S01 / n,  S10, S01 the sample variances (divisor m - 1, n - 1) of V10, V01;
 * for two scores on the same cases, S10 and S01 become 2 x 2 covariance matrices and
 *     var(A - B) = (S10_aa + S10_bb - 2 S10_ab) / m + (S01_aa + S01_bb - 2 S01_ab) / n.
 * The 95% interval is AUC +- 1.959964 sqrt(var), clipped to [0, 1] (pROC's "delong"
 * interval). All sums run over every (positive, negative) pair, O(m n): clear, and fast
 * enough for cohorts of thousands. */
#ifndef PC_CV_ROC_H
#define PC_CV_ROC_H

#include "../base/status.h"

/* Mann-Whitney AUC of n scores; NaN without a positive or a negative. */
double pc_auc(const double *score, const int *label, int n);

typedef struct pc_auc_ci {
    int positives, negatives;
    double auc;
    double variance;    /* DeLong; NaN with fewer than 2 positives or 2 negatives */
    double lo, hi;      /* 95% interval, clipped to [0, 1]; NaN when the variance is */
} pc_auc_ci;

/* DeLong variance and interval of one AUC. Fails only when out of memory. */
pc_status pc_auc_delong(pc_ctx *ctx, const double *score, const int *label, int n, pc_auc_ci *out);

typedef struct pc_auc_diff {
    double auc_a, auc_b;
    double diff;        /* auc_a - auc_b */
    double variance;    /* DeLong, paired */
    double lo, hi;      /* 95% interval of the difference (not clipped) */
    double z, p;        /* diff / sqrt(variance) and its two-sided normal p-value */
} pc_auc_diff;

/* Paired DeLong comparison of two scores of the same n cases. Fails only when out of memory. */
pc_status pc_auc_delong_paired(pc_ctx *ctx, const double *score_a, const double *score_b, const int *label, int n,
                               pc_auc_diff *out);

/* The empirical ROC curve: one point per distinct score, from (0, 0) (threshold above
 * every score) to (1, 1), calling positive the cases with score >= threshold.
 * fpr_out and tpr_out hold room for n + 1 points; *count_out gets how many. Fails when
 * out of memory, or without a positive or a negative. */
pc_status pc_roc_curve(pc_ctx *ctx, const double *score, const int *label, int n, double *fpr_out, double *tpr_out,
                       int *count_out);

/* Mean of (p - label)^2 over n probabilities; NaN for n = 0. */
double pc_brier(const double *p, const int *label, int n);

/* One bin of a reliability diagram: probabilities in [lo, hi) (the last bin includes 1). */
typedef struct pc_calibration_bin {
    double lo, hi;
    int count;
    double mean_p;      /* mean predicted probability; NaN when empty */
    double observed;    /* fraction of positives; NaN when empty */
} pc_calibration_bin;

/* bins equal-width bins over [0, 1]; probabilities outside [0, 1] are clamped into it. */
void pc_calibration_bins(const double *p, const int *label, int n, int bins, pc_calibration_bin *out);

#endif
