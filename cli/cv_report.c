/* cv_report.c: fold files -> checked merge -> Semi-Q and the baseline on the same folds ->
 * the report files (see cv_report.h). The figures and the text are core's
 * (core/cv/report.h); this file only finds, reads and writes files. */
#define _POSIX_C_SOURCE 200809L
#include "cv_report.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "semiq.h"

/* Everything one merge holds, freed in one place. */
typedef struct merge_run {
    pc_ctx *ctx;
    pc_manifest mf;
    char **names;              /* (count) DIR/fold-*.csv, sorted */
    pc_fold_file *files;       /* (count) */
    int count;
    pc_cv_merged merged;
    pc_study_features *features;
    pc_semiq_result *semiq;
    double *x, *logreg_p, *sss[PC_CORRECTION_COUNT];
    int *call[PC_CORRECTION_COUNT];
    pc_cv_report report;
} merge_run;

static void run_free(merge_run *r)
{
    for (int i = 0; i < r->count; i++) {
        free(r->names[i]);
        pc_fold_file_free(&r->files[i]);
    }
    free(r->names);
    free(r->files);
    pc_cv_merged_free(&r->merged);
    pc_manifest_free(&r->mf);
    free(r->features);
    free(r->semiq);
    free(r->x);
    free(r->logreg_p);
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        free(r->sss[c]);
        free(r->call[c]);
    }
    pc_cv_report_free(&r->report);
    pc_ctx_free(r->ctx);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* DIR/fold-*.csv, every one (also a misnamed fold-3.csv, so a duplicate is found), sorted. */
static pc_status list_folds(pc_ctx *ctx, const char *dir, merge_run *r)
{
    DIR *d = opendir(dir);
    if (!d) return pc_fail(ctx, PC_STATUS_IO, "%s: cannot open the folder", dir);
    int cap = 0;
    pc_status status = PC_STATUS_OK;
    for (struct dirent *e; !status && (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 9 || strncmp(e->d_name, "fold-", 5) != 0 || strcmp(e->d_name + n - 4, ".csv") != 0) continue;
        if (r->count == cap) {
            cap = cap ? 2 * cap : 16;
            char **grown = realloc(r->names, sizeof *grown * (size_t)cap);
            if (!grown) { status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory"); break; }
            r->names = grown;
        }
        char *path = malloc(strlen(dir) + n + 2);
        if (!path) { status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory"); break; }
        sprintf(path, "%s/%s", dir, e->d_name);
        r->names[r->count++] = path;
    }
    closedir(d);
    if (status) return status;
    if (!r->count) return pc_fail(ctx, PC_STATUS_NOT_FOUND, "%s: no fold result files (fold-KK.csv) in it", dir);
    qsort(r->names, (size_t)r->count, sizeof *r->names, by_name);
    return PC_STATUS_OK;
}

static pc_status read_folds(pc_ctx *ctx, merge_run *r)
{
    if (!(r->files = calloc((size_t)r->count, sizeof *r->files)))
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory");
    for (int i = 0; i < r->count; i++) {
        uint8_t *bytes = NULL;
        size_t size = 0;
        pc_status s = pc_file_read(ctx, r->names[i], (size_t)1 << 30, &bytes, &size);
        if (!s) s = pc_fold_file_parse(ctx, (const char *)bytes, size, r->names[i], &r->files[i]);
        free(bytes);
        if (s) return s;
    }
    return PC_STATUS_OK;
}

/* Semi-Q (the paper's rule, default scoring) and the logistic baseline on the merged folds. */
static pc_status run_baselines(pc_ctx *ctx, merge_run *r, const semiq_setup *setup, const pc_logreg_options *lr)
{
    int n = r->mf.count, k = r->merged.folds;
    int *labels = malloc(sizeof(int) * (size_t)n);
    r->semiq = calloc((size_t)n, sizeof *r->semiq);
    r->x = malloc(sizeof(double) * (size_t)n * PC_LOGREG_SEGMENT_FEATURES);
    r->logreg_p = malloc(sizeof(double) * (size_t)n);
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        r->sss[c] = malloc(sizeof(double) * (size_t)n);
        r->call[c] = malloc(sizeof(int) * (size_t)n);
    }
    pc_status s = PC_STATUS_OK;
    if (!labels || !r->semiq || !r->x || !r->logreg_p || !r->sss[0] || !r->sss[1] || !r->call[0] || !r->call[1])
        s = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for %d cases", n);
    for (int i = 0; i < n && !s; i++) {
        labels[i] = r->mf.cases[i].label;
        pc_logreg_segment_features(&r->features[i], r->x + (size_t)i * PC_LOGREG_SEGMENT_FEATURES);
    }
    if (!s) s = pc_semiq_crossval(ctx, r->features, labels, n, r->merged.fold, k, setup->layout, &setup->config,
                                  r->semiq, NULL, NULL);
    if (!s) s = pc_logreg_crossval(ctx, r->x, labels, n, PC_LOGREG_SEGMENT_FEATURES, r->merged.fold, k, lr,
                                   r->logreg_p);
    for (int i = 0; i < n && !s; i++)
        for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
            r->sss[c][i] = r->semiq[i].corr[c].sss;
            r->call[c][i] = r->semiq[i].corr[c].call_paper;
        }
    free(labels);
    return s;
}

/* The manifest's folder holds the generator's README.txt or truth.csv. */
static int is_synthetic(pc_ctx *ctx, const char *manifest_path)
{
    const char *slash = strrchr(manifest_path, '/');
    int len = slash ? (int)(slash - manifest_path) : 1, found = 0;
    const char *folder = slash ? manifest_path : ".";
    const char *marks[2] = {"README.txt", "truth.csv"};
    for (int m = 0; m < 2 && !found; m++) {
        char path[4096];
        snprintf(path, sizeof path, "%.*s/%s", len, folder, marks[m]);
        found = pc_path_kind_of(ctx, path) == PC_PATH_FILE;
    }
    return found;
}

static pc_status write_report(pc_ctx *ctx, const char *dir, const pc_cv_report_input *in, const pc_cv_report *rep,
                              int quiet)
{
    for (int f = 0; f < PC_REPORT_FILE_COUNT; f++) {
        char *text = NULL, path[4096];
        size_t size = 0;
        snprintf(path, sizeof path, "%s/%s", dir, pc_report_file_name((pc_report_file)f));
        pc_status s = pc_cv_report_render(ctx, in, rep, (pc_report_file)f, &text, &size);
        if (!s) s = pc_file_write_atomic(ctx, path, text, size);
        free(text);
        if (s) return s;
        if (!quiet) printf("wrote %s\n", path);
    }
    return PC_STATUS_OK;
}

int cv_report_write(const char *dir, const char *manifest_path, const semiq_setup *semiq, int quiet)
{
    if (!dir || !manifest_path) {
        fprintf(stderr, "polarcad cv: the report needs the manifest the folds were run on: --data manifest.csv\n");
        return CLI_EXIT_USAGE;
    }
    merge_run r;
    memset(&r, 0, sizeof r);
    pc_ctx *ctx = r.ctx = pc_ctx_create();
    if (!ctx) return CLI_EXIT_FAILURE;
    uint8_t *bytes = NULL;
    size_t size = 0;
    const semiq_setup setup = *semiq;
    semiq_engine engine = {0};
    pc_logreg_options lr;
    pc_logreg_options_default(&lr);
    int code = CLI_EXIT_FAILURE;
    if (pc_file_read(ctx, manifest_path, (size_t)64 << 20, &bytes, &size) || pc_manifest_read(ctx, manifest_path, &r.mf) ||
        list_folds(ctx, dir, &r) || read_folds(ctx, &r) ||
        pc_cv_merge(ctx, r.files, (const char *const *)r.names, r.count, &r.mf, manifest_path,
                    pc_fold_manifest_crc32(bytes, size), &r.merged)) {
        cli_report(ctx, "cv");
        goto done;
    }
    if (!quiet)
        fprintf(stderr, "polarcad cv: %d folds merged; preprocessing %d studies for Semi-Q and the baseline ...\n",
                r.merged.folds, r.mf.count);
    if (semiq_engine_create(ctx, &setup, &engine) ||
        semiq_load_cohort(ctx, &engine, &setup, &r.mf, &r.features, NULL, NULL) ||
        run_baselines(ctx, &r, &setup, &lr)) {
        cli_report(ctx, "cv");
        goto done;
    }
    pc_cv_report_input in = {manifest_path, pc_fold_manifest_crc32(bytes, size), is_synthetic(ctx, manifest_path),
                             &r.mf, &r.merged, r.logreg_p, {r.call[0], r.call[1]}, {r.sss[0], r.sss[1]},
                             &setup.config, &lr};
    if (pc_cv_report_evaluate(ctx, &in, &r.report) || write_report(ctx, dir, &in, &r.report, quiet)) {
        cli_report(ctx, "cv");
        goto done;
    }
    if (!quiet) {
        const pc_auc_diff *d = &r.report.cnn_vs_logreg;
        printf("ROC AUC: CNN %.3f, logistic-regression baseline %.3f, difference %+.3f (95%% CI %+.3f to %+.3f, "
               "DeLong): the CNN %s the baseline\n%s\n", d->auc_a, d->auc_b, d->diff, d->lo, d->hi,
               d->lo > 0 ? "beats" : d->hi < 0 ? "is worse than" : "does not beat", cli_disclaimer);
    }
    code = CLI_EXIT_OK;
done:
    free(bytes);
    semiq_engine_free(&engine);
    run_free(&r);
    return code;
}
