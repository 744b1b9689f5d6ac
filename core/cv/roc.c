/* roc.c: AUC, DeLong's variance, the ROC curve, Brier score, calibration bins (see roc.h). */
#include "roc.h"

#include <math.h>
#include <stdlib.h>

/* The 97.5% point of the standard normal distribution. */
static const double z975 = 1.959963984540054;

static double psi(double x, double y)
{
    return x > y ? 1.0 : x == y ? 0.5 : 0.0;
}

double pc_auc(const double *score, const int *label, int n)
{
    double sum = 0;
    long m = 0, k = 0;
    for (int i = 0; i < n; i++) {
        if (label[i]) m++;
        else k++;
        if (!label[i]) continue;
        for (int j = 0; j < n; j++)
            if (!label[j]) sum += psi(score[i], score[j]);
    }
    return m && k ? sum / ((double)m * (double)k) : NAN;
}

/* DeLong's placement values of one score: v10 (the positives, in case order), v01 (the
 * negatives). Sizes m and k, counted by the caller. */
static void placements(const double *score, const int *label, int n, int m, int k, double *v10, double *v01)
{
    int a = 0, b = 0;
    for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            if (!label[i] && label[j]) sum += psi(score[j], score[i]);
            if (label[i] && !label[j]) sum += psi(score[i], score[j]);
        }
        if (label[i]) v10[a++] = sum / k;
        else v01[b++] = sum / m;
    }
}

static double mean_of(const double *v, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += v[i];
    return s / n;
}

/* Sample covariance of two equally long vectors (divisor n - 1). */
static double covariance(const double *a, const double *b, int n)
{
    double ma = mean_of(a, n), mb = mean_of(b, n), s = 0;
    for (int i = 0; i < n; i++) s += (a[i] - ma) * (b[i] - mb);
    return s / (n - 1);
}

/* Counts positives and negatives and allocates room for `scores` sets of placements:
 * (*v10)[s * m ..] and (*v01)[s * k ..]. */
static pc_status prepare(pc_ctx *ctx, const int *label, int n, int scores, int *m, int *k, double **v10, double **v01)
{
    *m = *k = 0;
    for (int i = 0; i < n; i++) {
        if (label[i]) (*m)++;
        else (*k)++;
    }
    *v10 = malloc(sizeof(double) * (size_t)(*m > 0 ? *m : 1) * (size_t)scores);
    *v01 = malloc(sizeof(double) * (size_t)(*k > 0 ? *k : 1) * (size_t)scores);
    if (*v10 && *v01) return PC_STATUS_OK;
    free(*v10);
    free(*v01);
    return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "AUC: out of memory for %d cases", n);
}

pc_status pc_auc_delong(pc_ctx *ctx, const double *score, const int *label, int n, pc_auc_ci *out)
{
    int m, k;
    double *v10, *v01;
    pc_status status = prepare(ctx, label, n, 1, &m, &k, &v10, &v01);
    if (status) return status;
    pc_auc_ci r = {m, k, pc_auc(score, label, n), NAN, NAN, NAN};
    if (m >= 2 && k >= 2) {
        placements(score, label, n, m, k, v10, v01);
        r.variance = covariance(v10, v10, m) / m + covariance(v01, v01, k) / k;
        double half = z975 * sqrt(r.variance);
        r.lo = fmax(0.0, r.auc - half);
        r.hi = fmin(1.0, r.auc + half);
    }
    free(v10);
    free(v01);
    *out = r;
    return PC_STATUS_OK;
}

pc_status pc_auc_delong_paired(pc_ctx *ctx, const double *score_a, const double *score_b, const int *label, int n,
                               pc_auc_diff *out)
{
    int m, k;
    double *v10, *v01;
    pc_status status = prepare(ctx, label, n, 2, &m, &k, &v10, &v01);
    if (status) return status;
    pc_auc_diff r = {pc_auc(score_a, label, n), pc_auc(score_b, label, n), NAN, NAN, NAN, NAN, NAN, NAN};
    r.diff = r.auc_a - r.auc_b;
    if (m >= 2 && k >= 2) {
        double *a10 = v10, *b10 = v10 + m, *a01 = v01, *b01 = v01 + k;
        placements(score_a, label, n, m, k, a10, a01);
        placements(score_b, label, n, m, k, b10, b01);
        double s10 = covariance(a10, a10, m) + covariance(b10, b10, m) - 2 * covariance(a10, b10, m);
        double s01 = covariance(a01, a01, k) + covariance(b01, b01, k) - 2 * covariance(a01, b01, k);
        r.variance = s10 / m + s01 / k;
        double se = sqrt(r.variance);
        r.lo = r.diff - z975 * se;
        r.hi = r.diff + z975 * se;
        if (se > 0) {
            r.z = r.diff / se;
            r.p = erfc(fabs(r.z) / sqrt(2.0));
        }
    }
    free(v10);
    free(v01);
    *out = r;
    return PC_STATUS_OK;
}

/* Sorting by score, highest first; ties by case order so the result is the same everywhere. */
typedef struct ranked {
    double score;
    int label, index;
} ranked;

static int by_score_desc(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->score != b->score) return a->score < b->score ? 1 : -1;
    return (a->index > b->index) - (a->index < b->index);
}

pc_status pc_roc_curve(pc_ctx *ctx, const double *score, const int *label, int n, double *fpr_out, double *tpr_out,
                       int *count_out)
{
    int m = 0, k = 0;
    for (int i = 0; i < n; i++) {
        if (label[i]) m++;
        else k++;
    }
    if (!m || !k) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "ROC curve: needs both classes (%d CAD, %d no CAD)", m, k);
    ranked *r = malloc(sizeof *r * (size_t)n);
    if (!r) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "ROC curve: out of memory for %d cases", n);
    for (int i = 0; i < n; i++) r[i] = (ranked){score[i], label[i] != 0, i};
    qsort(r, (size_t)n, sizeof *r, by_score_desc);
    int tp = 0, fp = 0, count = 0;
    fpr_out[count] = 0;
    tpr_out[count++] = 0;
    for (int i = 0; i < n; i++) {
        if (r[i].label) tp++;
        else fp++;
        /* One point per threshold: after the last case of a run of equal scores. */
        if (i + 1 < n && r[i + 1].score == r[i].score) continue;
        fpr_out[count] = (double)fp / k;
        tpr_out[count++] = (double)tp / m;
    }
    free(r);
    *count_out = count;
    return PC_STATUS_OK;
}

double pc_brier(const double *p, const int *label, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double d = p[i] - (label[i] ? 1.0 : 0.0);
        s += d * d;
    }
    return n > 0 ? s / n : NAN;
}

void pc_calibration_bins(const double *p, const int *label, int n, int bins, pc_calibration_bin *out)
{
    for (int b = 0; b < bins; b++) out[b] = (pc_calibration_bin){(double)b / bins, (double)(b + 1) / bins, 0, 0, 0};
    for (int i = 0; i < n; i++) {
        double v = p[i] < 0 ? 0 : p[i] > 1 ? 1 : p[i];
        int b = (int)(v * bins);
        if (b >= bins) b = bins - 1;
        out[b].count++;
        out[b].mean_p += v;
        out[b].observed += label[i] ? 1.0 : 0.0;
    }
    for (int b = 0; b < bins; b++) {
        out[b].mean_p = out[b].count ? out[b].mean_p / out[b].count : NAN;
        out[b].observed = out[b].count ? out[b].observed / out[b].count : NAN;
    }
}
