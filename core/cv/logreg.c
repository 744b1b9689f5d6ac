/* logreg.c: L2-regularised logistic regression by Newton's method (see logreg.h). */
#include "logreg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pc_logreg_options_default(pc_logreg_options *options)
{
    options->l2 = 1.0;
    options->iterations = 25;
}

void pc_logreg_free(pc_logreg *model)
{
    if (!model) return;
    free(model->mean);
    free(model->sd);
    free(model->w);
    memset(model, 0, sizeof *model);
}

/* log(1 + exp(t)) without overflow. */
static double softplus(double t)
{
    return t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

static double sigmoid(double t)
{
    return t >= 0 ? 1.0 / (1.0 + exp(-t)) : exp(t) / (1.0 + exp(t));
}

/* Standardised design matrix z (n, d + 1): column 0 is the bias (1), then the features. */
static void standardise(const double *x, int n, int d, const double *mean, const double *sd, double *z)
{
    for (int i = 0; i < n; i++) {
        z[(size_t)i * (d + 1)] = 1.0;
        for (int j = 0; j < d; j++) {
            double v = x[(size_t)i * d + j];
            z[(size_t)i * (d + 1) + 1 + j] = isnan(v) ? 0.0 : (v - mean[j]) / sd[j];
        }
    }
}

/* Objective at theta (d + 1: bias, w): sum of log losses + l2/2 |w|^2. */
static double objective(const double *z, const int *y, int n, int d1, const double *theta, double l2)
{
    double f = 0;
    for (int i = 0; i < n; i++) {
        double t = 0;
        for (int j = 0; j < d1; j++) t += z[(size_t)i * d1 + j] * theta[j];
        f += softplus(t) - (y[i] ? t : 0.0);   /* -log P(y | t) */
    }
    for (int j = 1; j < d1; j++) f += 0.5 * l2 * theta[j] * theta[j];
    return f;
}

/* Solves h s = g in place (s replaces g) by Cholesky; h (d1, d1) is overwritten.
 * Returns 0 if h is not positive definite. */
static int cholesky_solve(double *h, double *g, int d1)
{
    for (int j = 0; j < d1; j++) {
        for (int k = 0; k < j; k++)
            for (int i = j; i < d1; i++) h[i * d1 + j] -= h[i * d1 + k] * h[j * d1 + k];
        if (h[j * d1 + j] <= 0) return 0;
        double r = sqrt(h[j * d1 + j]);
        for (int i = j; i < d1; i++) h[i * d1 + j] /= r;
    }
    for (int i = 0; i < d1; i++) {   /* L y = g */
        for (int k = 0; k < i; k++) g[i] -= h[i * d1 + k] * g[k];
        g[i] /= h[i * d1 + i];
    }
    for (int i = d1 - 1; i >= 0; i--) {   /* L^T s = y */
        for (int k = i + 1; k < d1; k++) g[i] -= h[k * d1 + i] * g[k];
        g[i] /= h[i * d1 + i];
    }
    return 1;
}

/* Newton iterations from theta = 0. work holds 3 (d1) + (d1, d1) doubles. */
static void newton(const double *z, const int *y, int n, int d1, const pc_logreg_options *o, double *theta,
                   double *work)
{
    double *g = work, *next = g + d1, *h = next + d1;
    memset(theta, 0, sizeof(double) * (size_t)d1);
    double f = objective(z, y, n, d1, theta, o->l2);
    for (int it = 0; it < o->iterations; it++) {
        memset(g, 0, sizeof(double) * (size_t)d1);
        memset(h, 0, sizeof(double) * (size_t)d1 * (size_t)d1);
        for (int i = 0; i < n; i++) {
            const double *zi = z + (size_t)i * d1;
            double t = 0;
            for (int j = 0; j < d1; j++) t += zi[j] * theta[j];
            double p = sigmoid(t), r = p - (y[i] ? 1.0 : 0.0), wgt = p * (1 - p);
            for (int j = 0; j < d1; j++) {
                g[j] += r * zi[j];
                for (int k = 0; k <= j; k++) h[j * d1 + k] += wgt * zi[j] * zi[k];
            }
        }
        for (int j = 0; j < d1; j++) {
            for (int k = 0; k < j; k++) h[k * d1 + j] = h[j * d1 + k];
            /* The bias is not penalised; a tiny ridge keeps h definite when every p is 0 or 1. */
            h[j * d1 + j] += j ? o->l2 : 1e-9;
            if (j) g[j] += o->l2 * theta[j];
        }
        if (!cholesky_solve(h, g, d1)) break;
        /* Step halving: Newton from 0 can overshoot on nearly separable data. */
        /* Near the optimum the decrease is below the objective's rounding: a step that
         * raises it by no more than that is still taken, so the gradient gets to ~0. */
        double step = 1.0, fn = f, slack = 1e-13 * fabs(f);
        for (int half = 0; half < 40; half++, step *= 0.5) {
            for (int j = 0; j < d1; j++) next[j] = theta[j] - step * g[j];
            fn = objective(z, y, n, d1, next, o->l2);
            if (fn <= f + slack) break;
        }
        if (!(fn <= f + slack)) break;   /* no step helps: at the optimum to rounding */
        memcpy(theta, next, sizeof(double) * (size_t)d1);
        f = fn;
    }
}

pc_status pc_logreg_fit(pc_ctx *ctx, const double *x, const int *y, int n, int d, const pc_logreg_options *options,
                        pc_logreg *out)
{
    if (!x || !y || !options || n < 1 || d < 1)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "logistic regression: nothing to fit (%d cases, %d features)",
                       n, d);
    int d1 = d + 1;
    pc_logreg m = {d, malloc(sizeof(double) * (size_t)d), malloc(sizeof(double) * (size_t)d),
                   malloc(sizeof(double) * (size_t)d), 0};
    double *z = malloc(sizeof(double) * (size_t)n * (size_t)d1);
    double *theta = malloc(sizeof(double) * (size_t)d1);
    double *work = malloc(sizeof(double) * (size_t)d1 * (size_t)(d1 + 3));
    if (!m.mean || !m.sd || !m.w || !z || !theta || !work) {
        pc_logreg_free(&m);
        free(z);
        free(theta);
        free(work);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "logistic regression: out of memory (%d x %d)", n, d);
    }
    for (int j = 0; j < d; j++) {
        double sum = 0, ss = 0;
        int c = 0;
        for (int i = 0; i < n; i++) {
            double v = x[(size_t)i * d + j];
            if (!isnan(v)) sum += v, c++;
        }
        m.mean[j] = c ? sum / c : 0.0;
        for (int i = 0; i < n; i++) {
            double v = x[(size_t)i * d + j];
            if (!isnan(v)) ss += (v - m.mean[j]) * (v - m.mean[j]);
        }
        m.sd[j] = c && ss > 0 ? sqrt(ss / c) : 1.0;
    }
    standardise(x, n, d, m.mean, m.sd, z);
    newton(z, y, n, d1, options, theta, work);
    m.bias = theta[0];
    memcpy(m.w, theta + 1, sizeof(double) * (size_t)d);
    free(z);
    free(theta);
    free(work);
    *out = m;
    return PC_STATUS_OK;
}

double pc_logreg_predict(const pc_logreg *model, const double *x)
{
    double t = model->bias;
    for (int j = 0; j < model->d; j++)
        if (!isnan(x[j])) t += model->w[j] * (x[j] - model->mean[j]) / model->sd[j];
    return sigmoid(t);
}

pc_status pc_logreg_crossval(pc_ctx *ctx, const double *x, const int *y, int n, int d, const int *folds, int k,
                             const pc_logreg_options *options, double *p_out)
{
    double *tx = malloc(sizeof(double) * (size_t)n * (size_t)d);
    int *ty = malloc(sizeof(int) * (size_t)n);
    pc_status status = tx && ty ? PC_STATUS_OK : pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "logistic regression: out of memory");
    for (int f = 0; f < k && !status; f++) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (folds[i] == f) continue;
            memcpy(tx + (size_t)m * d, x + (size_t)i * d, sizeof(double) * (size_t)d);
            ty[m++] = y[i];
        }
        pc_logreg model;
        status = pc_logreg_fit(ctx, tx, ty, m, d, options, &model);
        for (int i = 0; i < n && !status; i++)
            if (folds[i] == f) p_out[i] = pc_logreg_predict(&model, x + (size_t)i * d);
        if (!status) pc_logreg_free(&model);
    }
    free(tx);
    free(ty);
    return status;
}

void pc_logreg_segment_features(const pc_study_features *study, double *x_out)
{
    for (int m = 0; m < PC_MAP_COUNT; m++)
        for (int s = 0; s < PC_SEGMENT_COUNT; s++)
            x_out[m * PC_SEGMENT_COUNT + s] = study->map[m].present ? study->map[m].seg_mean[s] : NAN;
}
