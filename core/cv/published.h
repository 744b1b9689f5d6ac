/* published.h: the seed paper's published results, as data, to set beside ours.
 *
 * Apostolopoulos et al., Hell J Nucl Med 2020 (216 real patients, 152 CAD and 64 no CAD on
 * invasive angiography, 10-fold cross-validation, its own software): Table 2 (accuracy,
 * sensitivity, specificity per dataset for VGG16, VGG19 and the experts), Table 3 (the
 * confusion matrices of the experts and of VGG16/VGG19 on ACNAC; the Semi-Q rows are
 * semiquant/summary.h's pc_semiq_paper_row) and Table 4 (VGG16-k on ACNAC). Reference
 * points on other patients, never measurements of ours: the report labels them "paper,
 * its own patients". The paper gives no ROC AUC, PPV of every row, or per-fold values.
 * Its percentages are as printed: they look truncated, not rounded (161/216 = 74.537% is
 * printed 74.53), and 73.43 in Table 2 is 73.44 in the text. */
#ifndef PC_CV_PUBLISHED_H
#define PC_CV_PUBLISHED_H

#include "metrics.h"

typedef struct pc_published_row {
    const char *model;       /* "VGG16", "VGG19", "Experts" */
    const char *dataset;     /* "acnac", "ac", "nac" (as study.h names them) */
    int trainable;           /* VGG16-k's k; -1 when the paper does not say */
    const char *source;      /* "Table 2", "Table 4" */
    double accuracy, sensitivity, specificity;   /* percent, as printed */
    int has_confusion;       /* Table 3 gives the counts */
    pc_confusion confusion;
} pc_published_row;

/* All rows, in the paper's order; *count_out gets how many. */
const pc_published_row *pc_published_rows(int *count_out);

/* The row for a model (case-insensitive "vgg16"), dataset and trainable depth: Table 4's
 * VGG16-k when k is there, else Table 2's row of that model and dataset (the paper's
 * chosen depth); NULL when the paper has none. */
const pc_published_row *pc_published_find(const char *model, const char *dataset, int trainable);

#endif
