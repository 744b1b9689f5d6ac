/* cv_report.h: the report of a cross-validation run, from the fold files in DIR. */
#ifndef PC_CLI_CV_REPORT_H
#define PC_CLI_CV_REPORT_H

int cv_report_write(const char *dir, int quiet);

#endif
