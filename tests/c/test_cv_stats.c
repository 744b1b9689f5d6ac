/* test_cv_stats.c: AUC, DeLong, ROC curve, Brier, calibration bins, mean/SD and the logistic
 * regression baseline, against cases worked out by hand (the arithmetic is in the comments).
 * numpy, scipy and scikit-learn are not installed here, so the references are derived,
 * not computed by another program. */
#include "check.h"
#include "polarcad.h"

/* Six cases: positives A = 0.9, 0.8, 0.4; negatives A = 0.7, 0.4, 0.2.
 * psi rows (positives) x columns (negatives 0.7, 0.4, 0.2):
 *   0.9: 1 1 1   V10 = 1
 *   0.8: 1 1 1   V10 = 1
 *   0.4: 0 .5 1  V10 = 1/2          AUC = 7.5 / 9 = 5/6
 * V01 (negatives): 2/3, 5/6, 1.
 * S10 = ((1/6)^2 + (1/6)^2 + (1/3)^2) / 2 = 1/12;  S01 = ((1/6)^2 + 0 + (1/6)^2) / 2 = 1/36
 * var = S10/3 + S01/3 = 1/36 + 1/108 = 1/27.
 * Second score B = 0.6, 0.3, 0.9 | 0.5, 0.1, 0.8: V10 = 2/3, 1/3, 1; V01 = 2/3, 1, 1/3;
 * AUC 2/3; S10_BB = S01_BB = 1/9; S10_AB = -1/12, S01_AB = -1/36;
 * var(A - B) = (1/12 + 1/9 + 1/6)/3 + (1/36 + 1/9 + 1/18)/3 = 13/108 + 7/108 = 5/27. */
static const int label6[6] = {1, 1, 1, 0, 0, 0};
static const double a6[6] = {0.9, 0.8, 0.4, 0.7, 0.4, 0.2};
static const double b6[6] = {0.6, 0.3, 0.9, 0.5, 0.1, 0.8};

static void test_auc(pc_ctx *ctx)
{
    CHECK_NEAR(pc_auc(a6, label6, 6), 5.0 / 6, 1e-15);
    CHECK_NEAR(pc_auc(b6, label6, 6), 2.0 / 3, 1e-15);
    const int all_pos[3] = {1, 1, 1};
    CHECK(isnan(pc_auc(a6, all_pos, 3)));
    pc_auc_ci ci;
    CHECK(pc_auc_delong(ctx, a6, label6, 6, &ci) == PC_STATUS_OK);
    CHECK_INT(ci.positives, 3);
    CHECK_INT(ci.negatives, 3);
    CHECK_NEAR(ci.auc, 5.0 / 6, 1e-15);
    CHECK_NEAR(ci.variance, 1.0 / 27, 1e-15);
    CHECK_NEAR(ci.lo, 5.0 / 6 - 1.959963984540054 * sqrt(1.0 / 27), 1e-12);
    CHECK_NEAR(ci.hi, 1.0, 0);   /* 0.833 + 0.377 clipped */
    CHECK(pc_auc_delong(ctx, b6, label6, 6, &ci) == PC_STATUS_OK);
    CHECK_NEAR(ci.variance, 2.0 / 27, 1e-15);
    pc_auc_diff d;
    CHECK(pc_auc_delong_paired(ctx, a6, b6, label6, 6, &d) == PC_STATUS_OK);
    CHECK_NEAR(d.diff, 1.0 / 6, 1e-15);
    CHECK_NEAR(d.variance, 5.0 / 27, 1e-15);
    CHECK_NEAR(d.z, (1.0 / 6) / sqrt(5.0 / 27), 1e-12);
    CHECK_NEAR(d.p, erfc(d.z / sqrt(2.0)), 1e-15);
    CHECK_NEAR(d.lo, 1.0 / 6 - 1.959963984540054 * sqrt(5.0 / 27), 1e-12);
    /* A score against itself: no difference and no variance. */
    CHECK(pc_auc_delong_paired(ctx, a6, a6, label6, 6, &d) == PC_STATUS_OK);
    CHECK_NEAR(d.diff, 0, 0);
    CHECK_NEAR(d.variance, 0, 1e-15);
    CHECK(isnan(d.p));
    /* One negative only: an AUC, but no DeLong variance. */
    const int one_neg[4] = {1, 1, 1, 0};
    CHECK(pc_auc_delong(ctx, a6, one_neg, 4, &ci) == PC_STATUS_OK);
    CHECK_NEAR(ci.auc, 2.0 / 3, 1e-15);   /* 0.9, 0.8 > 0.7; 0.4 < 0.7 */
    CHECK(isnan(ci.variance) && isnan(ci.lo));
}

static void test_roc_brier_bins(pc_ctx *ctx)
{
    /* Sorted: 0.9 P, 0.8 P, 0.7 N, 0.4 P + 0.4 N (one threshold), 0.2 N. */
    double fpr[7], tpr[7];
    int count = 0;
    CHECK(pc_roc_curve(ctx, a6, label6, 6, fpr, tpr, &count) == PC_STATUS_OK);
    CHECK_INT(count, 6);
    const double want_f[6] = {0, 0, 0, 1.0 / 3, 2.0 / 3, 1}, want_t[6] = {0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1, 1};
    for (int i = 0; i < 6 && i < count; i++) {
        CHECK_NEAR(fpr[i], want_f[i], 1e-15);
        CHECK_NEAR(tpr[i], want_t[i], 1e-15);
    }
    CHECK(pc_roc_curve(ctx, a6, label6, 3, fpr, tpr, &count) == PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "needs both classes (3 CAD, 0 no CAD)");
    const double p[3] = {1, 0, 0.5};
    const int y[3] = {1, 1, 0};
    CHECK_NEAR(pc_brier(p, y, 3), (0 + 1 + 0.25) / 3, 1e-15);
    const double q[5] = {0.05, 1.0, 0.95, 0.5, 0.55};
    const int z[5] = {0, 1, 0, 1, 1};
    pc_calibration_bin bins[10];
    pc_calibration_bins(q, z, 5, 10, bins);
    CHECK_INT(bins[0].count, 1);
    CHECK_INT(bins[9].count, 2);   /* 1.0 falls in the last bin */
    CHECK_NEAR(bins[9].mean_p, 0.975, 1e-15);
    CHECK_NEAR(bins[9].observed, 0.5, 0);
    CHECK_INT(bins[5].count, 2);   /* 0.5 and 0.55 */
    CHECK(isnan(bins[3].mean_p) && bins[3].count == 0);
    double mean, sd;
    int used;
    const double v[4] = {1, 2, NAN, 3};
    pc_mean_sd(v, 4, &mean, &sd, &used);
    CHECK_NEAR(mean, 2, 0);
    CHECK_NEAR(sd, 1, 1e-15);
    CHECK_INT(used, 3);
}

/* 1-D: x = 0,0,0,0 (one positive), 1,1,1,1 (three positives). Standardised z = -1, +1
 * (mean 1/2, population SD 1/2). By symmetry b = 0; with p = sigmoid(w) the gradient in w is
 *   sum (p_i - y_i) z_i + l2 w = (4p - 3) - (4(1 - p) - 1) + l2 w = 8 sigmoid(w) - 6 + l2 w,
 * zero at the optimum: for l2 -> 0, sigmoid(w) = 3/4, w = ln 3. */
static double solve_1d(double l2)
{
    double lo = 0, hi = 5;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (8 / (1 + exp(-mid)) - 6 + l2 * mid > 0) hi = mid;
        else lo = mid;
    }
    return 0.5 * (lo + hi);
}

static void test_logreg_1d(pc_ctx *ctx)
{
    const double x[8] = {0, 0, 0, 0, 1, 1, 1, 1};
    const int y[8] = {0, 0, 0, 1, 0, 1, 1, 1};
    pc_logreg_options o;
    pc_logreg_options_default(&o);
    CHECK_NEAR(o.l2, 1.0, 0);
    pc_logreg m;
    const double l2s[3] = {1.0, 4.0, 1e-9};
    for (int t = 0; t < 3; t++) {
        o.l2 = l2s[t];
        CHECK(pc_logreg_fit(ctx, x, y, 8, 1, &o, &m) == PC_STATUS_OK);
        CHECK_NEAR(m.mean[0], 0.5, 0);
        CHECK_NEAR(m.sd[0], 0.5, 0);
        CHECK_NEAR(m.bias, 0, 1e-12);
        CHECK_NEAR(m.w[0], solve_1d(l2s[t]), 1e-9);
        pc_logreg_free(&m);
    }
    CHECK_NEAR(solve_1d(1e-9), log(3.0), 1e-8);
    CHECK(pc_logreg_fit(ctx, x, y, 0, 1, &o, &m) == PC_STATUS_INVALID_ARGUMENT);
}

/* Five features of 60 cases, some missing: at the fitted model the penalised gradient is
 * zero (the optimality condition, checked directly rather than against another solver). */
static void test_logreg_optimum(pc_ctx *ctx)
{
    enum { N = 60, D = 5 };
    double x[N * D];
    int y[N];
    unsigned s = 12345;
    for (int i = 0; i < N; i++) {
        double t = 0;
        for (int j = 0; j < D; j++) {
            s = s * 1103515245u + 12345u;
            x[i * D + j] = 10.0 * j + (double)((s >> 8) % 1000) / 100.0;
            t += (j % 2 ? -0.3 : 0.4) * x[i * D + j];
        }
        s = s * 1103515245u + 12345u;
        y[i] = t + (double)((s >> 8) % 1000) / 200.0 > 14.0;
    }
    x[7 * D + 2] = NAN;
    pc_logreg_options o;
    pc_logreg_options_default(&o);
    pc_logreg m;
    CHECK(pc_logreg_fit(ctx, x, y, N, D, &o, &m) == PC_STATUS_OK);
    double g[D + 1] = {0};
    for (int i = 0; i < N; i++) {
        double r = pc_logreg_predict(&m, x + i * D) - y[i];
        g[0] += r;
        for (int j = 0; j < D; j++) {
            double v = x[i * D + j];
            g[j + 1] += r * (isnan(v) ? 0 : (v - m.mean[j]) / m.sd[j]);
        }
    }
    for (int j = 0; j < D; j++) g[j + 1] += o.l2 * m.w[j];
    for (int j = 0; j <= D; j++) CHECK_NEAR(g[j], 0, 1e-9);
    pc_logreg_free(&m);

    /* Out of fold: fold f's predictions are those of a model fitted without fold f. */
    int folds[N], train_y[N];
    double p[N], p2[N], train_x[N * D];
    for (int i = 0; i < N; i++) folds[i] = i % 4;
    CHECK(pc_logreg_crossval(ctx, x, y, N, D, folds, 4, &o, p) == PC_STATUS_OK);
    CHECK(pc_logreg_crossval(ctx, x, y, N, D, folds, 4, &o, p2) == PC_STATUS_OK);
    CHECK(memcmp(p, p2, sizeof p) == 0);
    int m2 = 0;
    for (int i = 0; i < N; i++)
        if (folds[i] != 2) {
            memcpy(train_x + m2 * D, x + i * D, sizeof(double) * D);
            train_y[m2++] = y[i];
        }
    CHECK(pc_logreg_fit(ctx, train_x, train_y, m2, D, &o, &m) == PC_STATUS_OK);
    CHECK(pc_logreg_predict(&m, x + 2 * D) == p[2]);
    CHECK(pc_logreg_predict(&m, x + 6 * D) == p[6]);
    pc_logreg_free(&m);
}

/* Separable data: without the penalty the weights would grow without bound; with it they
 * stay finite and rank the cases correctly. */
static void test_logreg_separable(pc_ctx *ctx)
{
    double x[10];
    int y[10];
    for (int i = 0; i < 10; i++) {
        x[i] = i;
        y[i] = i >= 5;
    }
    pc_logreg_options o;
    pc_logreg_options_default(&o);
    pc_logreg m;
    CHECK(pc_logreg_fit(ctx, x, y, 10, 1, &o, &m) == PC_STATUS_OK);
    CHECK(isfinite(m.w[0]) && m.w[0] > 1 && m.w[0] < 20);
    CHECK(pc_logreg_predict(&m, &x[4]) < 0.5 && pc_logreg_predict(&m, &x[5]) > 0.5);
    pc_logreg_free(&m);
    /* The study features: 4 maps x 17 segment means, NaN for an absent map. */
    pc_study_features sf;
    memset(&sf, 0, sizeof sf);
    sf.map[PC_MAP_REST_AC].present = 1;
    sf.map[PC_MAP_REST_AC].seg_mean[16] = 77.0f;
    double f[PC_LOGREG_SEGMENT_FEATURES];
    pc_logreg_segment_features(&sf, f);
    CHECK_INT(PC_LOGREG_SEGMENT_FEATURES, 68);
    CHECK_NEAR(f[PC_MAP_REST_AC * 17 + 16], 77.0, 0);
    CHECK(isnan(f[0]));
}

static void test_published(void)
{
    const pc_published_row *r = pc_published_find("vgg16", "acnac", 4);
    CHECK(r && r->has_confusion && r->confusion.tp == 114 && r->confusion.tn == 47);
    CHECK(r && r->accuracy == 74.53);
    r = pc_published_find("VGG16", "acnac", 8);
    CHECK(r && r->accuracy == 62.03 && !r->has_confusion);
    r = pc_published_find("vgg19", "ac", 4);   /* depth not in Table 4: Table 2's row */
    CHECK(r && r->accuracy == 51.85);
    CHECK(pc_published_find("resnet", "acnac", 4) == NULL);
    int n = 0;
    const pc_published_row *all = pc_published_rows(&n);
    CHECK_INT(n, 12);
    /* Table 3's counts agree with Table 2's ratios (as printed, truncated to 2 decimals). */
    for (int i = 0; i < n; i++) {
        if (!all[i].has_confusion) continue;
        pc_metrics m = pc_metrics_from_confusion(&all[i].confusion);
        CHECK_NEAR(100 * m.sensitivity, all[i].sensitivity, 0.01);
        CHECK_NEAR(100 * m.specificity, all[i].specificity, 0.01);
        CHECK_NEAR(100 * m.accuracy, all[i].accuracy, 0.01);
    }
}

int main(void)
{
    pc_ctx *ctx = pc_ctx_create();
    test_auc(ctx);
    test_roc_brier_bins(ctx);
    test_logreg_1d(ctx);
    test_logreg_optimum(ctx);
    test_logreg_separable(ctx);
    test_published();
    pc_ctx_free(ctx);
    return check_finish("test_cv_stats");
}
