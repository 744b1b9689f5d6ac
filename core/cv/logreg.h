/* logreg.h: the transparent baseline: L2-regularised logistic regression on the 17-segment
 * values of the four polar maps, cross-validated on the same folds as the network.
 *
 * A network that does not beat this has learned nothing the segment values did not
 * already say (issue 9). The model, on d features standardised with the TRAINING cases'
 * mean and SD (population SD, as scikit-learn's StandardScaler; a constant feature keeps
 * SD 1; a missing value (NaN) counts as the mean, i.e. 0 after standardising):
 *     P(CAD | z) = sigmoid(b + w . z),
 * fitted by minimising  sum_i logloss(y_i, P_i) + (l2 / 2) |w|^2  (the bias is not
 * penalised) with Newton's method (IRLS) for a fixed number of iterations, each step
 * halved until the objective does not increase. The Hessian is positive definite (the l2
 * term), so every step is a Cholesky solve; nothing random: the same data give the same
 * model bit for bit. */
#ifndef PC_CV_LOGREG_H
#define PC_CV_LOGREG_H

#include "../base/status.h"
#include "../semiquant/features.h"

/* The features of a study: seg_mean of the 17 segments of each map, maps in pc_map order. */
enum { PC_LOGREG_SEGMENT_FEATURES = PC_MAP_COUNT * PC_SEGMENT_COUNT };

typedef struct pc_logreg_options {
    double l2;          /* penalty on |w|^2 / 2, on standardised features (1.0) */
    int iterations;     /* Newton steps (25; a logistic fit converges in under 10) */
} pc_logreg_options;

void pc_logreg_options_default(pc_logreg_options *options);

typedef struct pc_logreg {
    int d;
    double *mean, *sd;  /* (d) standardisation from the training cases */
    double *w;          /* (d) weights on standardised features */
    double bias;
} pc_logreg;

/* x is (n, d) row-major; y (n) 0/1. Fails for n < 1, d < 1, or out of memory; *out
 * untouched then. Free with pc_logreg_free. */
pc_status pc_logreg_fit(pc_ctx *ctx, const double *x, const int *y, int n, int d, const pc_logreg_options *options,
                        pc_logreg *out);
/* P(CAD) of one case (d features). */
double pc_logreg_predict(const pc_logreg *model, const double *x);
void pc_logreg_free(pc_logreg *model);

/* Out-of-fold probabilities: for each fold f in 0..k-1, fitted on the cases not in f,
 * predicting the cases in f. p_out (n). */
pc_status pc_logreg_crossval(pc_ctx *ctx, const double *x, const int *y, int n, int d, const int *folds, int k,
                             const pc_logreg_options *options, double *p_out);

/* The PC_LOGREG_SEGMENT_FEATURES values of a study (NaN for an absent map or segment). */
void pc_logreg_segment_features(const pc_study_features *study, double *x_out);

#endif
