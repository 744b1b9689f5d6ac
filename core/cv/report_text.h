/* report_text.h (internal): the renderers behind pc_cv_report_render, one per file kind,
 * each appending to a text buffer, and the helpers they share. */
#ifndef PC_CV_REPORT_TEXT_H
#define PC_CV_REPORT_TEXT_H

#include "../base/text.h"
#include "report.h"

void pc_report_markdown(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r);
void pc_report_predictions(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r);
void pc_report_json(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r);
void pc_report_roc_svg(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r);
void pc_report_calibration_svg(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r);

/* The config value of key, or "?" (buf of 64 bytes holds it). */
const char *pc_report_config(const pc_cv_report_input *in, const char *key, char *buf);
/* The paper's row for this experiment's model (config arch, dataset, trainable), or NULL. */
const struct pc_published_row *pc_report_paper_cnn(const pc_cv_report_input *in);

/* The not-a-diagnostic-device line. */
extern const char *const pc_report_disclaimer;

#endif
