/* report.h: the cross-validation report: the network's out-of-fold P(CAD) beside the
 * transparent baseline (logreg.h) and Semi-Q (NAC, AC) on the same folds, and the paper's
 * published rows (published.h, semiquant/summary.h) labelled "paper, its own patients".
 *
 * Everything is computed here and rendered to text in memory; the caller writes the files
 * (`polarcad cv`, cli/cv_report.c). Deterministic: the same inputs give the same bytes
 * (no clock, no locale: numbers are printed with fixed formats).
 *   predictions.csv  case_id, fold, label, p_cad, cnn_call (P >= 0.5), semiq_nac_call,
 *                    semiq_ac_call (the paper's rule), logreg_p, logreg_call (P >= 0.5)
 *   report.md        provenance, the pooled table, the CNN-vs-baseline sentence, per-fold
 *                    tables with mean +- SD and the pooled confusion matrices, notes
 *   report.json      the same figures (NaN as null)
 *   roc.svg          ROC of the CNN and the baseline, Semi-Q operating points, the paper's points
 *   calibration.svg  reliability diagram (10 bins) of the CNN and the baseline, with counts */
#ifndef PC_CV_REPORT_H
#define PC_CV_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../io/manifest.h"
#include "../semiquant/score.h"
#include "evaluate.h"
#include "logreg.h"
#include "merge.h"

typedef enum pc_report_method {
    PC_REPORT_CNN = 0,
    PC_REPORT_LOGREG,
    PC_REPORT_SEMIQ_NAC,
    PC_REPORT_SEMIQ_AC,
    PC_REPORT_METHOD_COUNT
} pc_report_method;

typedef struct pc_cv_report_input {
    const char *manifest_name;        /* as given on the command line */
    uint32_t manifest_crc32;
    int synthetic;                    /* its folder holds the generator's README.txt or truth.csv */
    const pc_manifest *manifest;
    const pc_cv_merged *merged;       /* folds and P(CAD), manifest order */
    const double *logreg_p;           /* (n) out of fold, same folds */
    const int *semiq_call[PC_CORRECTION_COUNT];      /* (n) the paper's rule, out of fold */
    const double *semiq_sss[PC_CORRECTION_COUNT];    /* (n) SSS, ranks cases for Semi-Q's AUC */
    const pc_semiq_config *semiq;     /* the rules, for the notes */
    const pc_logreg_options *logreg;
} pc_cv_report_input;

enum { PC_REPORT_BINS = 10 };

typedef struct pc_cv_report {
    pc_method_eval method[PC_REPORT_METHOD_COUNT];
    int *call[PC_REPORT_METHOD_COUNT];   /* (n) owned */
    int positives;
    pc_auc_diff cnn_vs_logreg;           /* paired DeLong, AUC(CNN) - AUC(baseline) */
    pc_calibration_bin bins[2][PC_REPORT_BINS];   /* CNN, baseline */
} pc_cv_report;

/* The figures. Fails only when out of memory. Free with pc_cv_report_free. */
pc_status pc_cv_report_evaluate(pc_ctx *ctx, const pc_cv_report_input *in, pc_cv_report *out);
void pc_cv_report_free(pc_cv_report *report);

/* "CNN", "logistic regression (baseline)", "Semi-Q (NAC)", "Semi-Q (AC)". */
const char *pc_report_method_name(pc_report_method method);

typedef enum pc_report_file {
    PC_REPORT_PREDICTIONS = 0,
    PC_REPORT_MARKDOWN,
    PC_REPORT_JSON,
    PC_REPORT_ROC_SVG,
    PC_REPORT_CALIBRATION_SVG,
    PC_REPORT_FILE_COUNT
} pc_report_file;

/* "predictions.csv", "report.md", "report.json", "roc.svg", "calibration.svg". */
const char *pc_report_file_name(pc_report_file file);

/* The text of one file (new malloc'd *text_out, free()). Fails only when out of memory. */
pc_status pc_cv_report_render(pc_ctx *ctx, const pc_cv_report_input *in, const pc_cv_report *report,
                              pc_report_file file, char **text_out, size_t *size_out);

#endif
