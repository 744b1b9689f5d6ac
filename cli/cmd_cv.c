/* cmd_cv.c: `polarcad cv --merge DIR --data manifest.csv`: the report of finished folds.
 * A placeholder until training lands (it runs the folds too); all logic is in cv_report.c. */
#include <stdio.h>

#include "cli.h"
#include "cv_report.h"

static const char *const usage =
    "usage: polarcad cv --merge DIR --data manifest.csv [--quiet]\n\n"
    "Merges DIR/fold-KK.csv (one per fold, from `polarcad cv --fold K`), checks them against the\n"
    "manifest, runs Semi-Q and the logistic-regression baseline on the same folds, and writes\n"
    "predictions.csv, report.md, report.json, roc.svg and calibration.svg into DIR.\n";

int cmd_cv(int argc, char **argv)
{
    const char *merge = NULL, *data = NULL;
    int help = 0, quiet = 0;
    const cli_option options[] = {{"merge", &merge, NULL}, {"data", &data, NULL}, {"quiet", NULL, &quiet},
                                  {"help", NULL, &help}};
    if (!cli_parse("cv", argc, argv, 2, options, 4, NULL, 0, NULL)) return CLI_EXIT_USAGE;
    if (help) {
        fputs(usage, stdout);
        return CLI_EXIT_OK;
    }
    if (!merge) {
        fprintf(stderr, "polarcad cv: training is not in this build yet; give --merge DIR\n%s", usage);
        return CLI_EXIT_USAGE;
    }
    return cv_report_write(merge, data, quiet);
}
