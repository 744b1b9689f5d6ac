/* cv_report.h: the report of a cross-validation run, from its fold result files.
 *
 * `polarcad cv` calls this when every fold is done, and `polarcad cv --merge DIR --data
 * manifest.csv` calls it on its own. It reads DIR/fold-KK.csv (core/cv/foldfile.h), checks
 * them against each other and the manifest (core/cv/merge.h), runs Semi-Q and the logistic
 * baseline on the same folds (the maps are preprocessed again, from the manifest), and
 * writes predictions.csv, report.md, report.json, roc.svg and calibration.svg into DIR
 * (core/cv/report.h; each file atomically). */
#ifndef PC_CLI_CV_REPORT_H
#define PC_CLI_CV_REPORT_H

#include "semiq.h"

/* Returns a CLI exit code: 0 written, 1 failure (message on stderr naming the file and
 * line), 2 usage (no manifest given). setup: the Semi-Q options of the command line
 * (layout, colormap, normal limits, the paper's and the clinical thresholds; the normal
 * databases are always built from each fold's training cases). quiet: no progress and no
 * summary on stdout. */
int cv_report_write(const char *dir, const char *manifest_path, const semiq_setup *setup, int quiet);


#endif
