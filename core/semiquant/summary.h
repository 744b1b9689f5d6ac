/* summary.h: what a cross-validated semi-quantitative run adds up to, and the paper's own
 * published rows to set beside it.
 *
 * pc_semiq_crossval (crossval.h) scores every case out of fold; this file tallies those
 * results per correction (NAC, AC) and per call into confusion tables, and describes how
 * the no-CAD cases score (docs/domain.md 4.2: normals should score about SSS 0-3), so
 * the command-line tool only prints and a later report or the page can show the same
 * figures without computing them again. */
#ifndef PC_SEMIQUANT_SUMMARY_H
#define PC_SEMIQUANT_SUMMARY_H

#include "../cv/metrics.h"
#include "score.h"

/* The four calls of a correction's scores (score.h's call_* fields). */
typedef enum pc_semiq_call {
    PC_SEMIQ_CALL_PAPER = 0,   /* the paper's rule: SSS > a and SDS > b */
    PC_SEMIQ_CALL_SSS,         /* SSS >= sss_at_least */
    PC_SEMIQ_CALL_SDS,         /* SDS >= sds_at_least */
    PC_SEMIQ_CALL_TPD,         /* stress TPD >= tpd_at_least */
    PC_SEMIQ_CALL_COUNT
} pc_semiq_call;

/* The call of one correction's scores (1 = CAD). */
int pc_semiq_call_of(const pc_correction_scores *scores, pc_semiq_call call);

/* How the no-CAD cases of one correction score (out of fold). Quartiles are order
 * statistics of the sorted sums: q1 = v[n/4], median = v[n/2], q3 = v[3n/4]. */
typedef struct pc_semiq_no_cad {
    int count;                  /* no-CAD cases; 0 leaves the rest unset */
    int sss_median, sss_q1, sss_q3;
    double share_sss_0_3;       /* fraction with SSS 0-3 */
} pc_semiq_no_cad;

typedef struct pc_semiq_summary {
    int cases, positives;
    pc_confusion confusion[PC_CORRECTION_COUNT][PC_SEMIQ_CALL_COUNT];
    pc_semiq_no_cad no_cad[PC_CORRECTION_COUNT];
} pc_semiq_summary;

/* Tallies results and labels (n each). Fails only when out of memory. */
pc_status pc_semiq_summarize(pc_ctx *ctx, const pc_semiq_result *results, const int *labels, int n,
                             pc_semiq_summary *summary_out);

/* The paper's published Semi-Q row of a correction (Apostolopoulos et al., Hell J Nucl
 * Med 2020, Tables 2 and 3: 216 real patients, its own software). A reference point,
 * never a measurement of ours. */
typedef struct pc_semiq_published {
    double accuracy, sensitivity, specificity;   /* percent, as printed in the paper */
    pc_confusion confusion;
} pc_semiq_published;

const pc_semiq_published *pc_semiq_paper_row(pc_correction correction);

#endif
