/* cmd_cv.c: `polarcad cv`: the paper's cross-validation of the network (docs/pipeline.md 4).
 *
 * Folds are stratified at case level with the seed (pc_folds_stratified, the assignment
 * `score --data` uses); each fold trains on the other folds' cases only (augmentation
 * included) and writes DIR/fold-KK.csv, the contract with the report writer:
 *     # polarcad cv fold 3 of 10
 *     # config: manifest_crc32=... cases=... dataset=... arch=... trainable=... augment=...
 *               epochs=... batch=... lr=... seed=... weights=...   (one line)
 *     case_id,label,fold,p_cad
 *     c0003,1,3,0.912345678          (the fold's test cases in manifest order, %.9f)
 * UTF-8, LF, written atomically, the same bytes for the same seed, any thread count (no
 * times or dates inside). Wall time and losses go to DIR/fold-KK.log. A fold whose file
 * exists with the same config line is skipped, so a stopped experiment continues; a
 * fold's checkpoint (DIR/fold-KK.ckpt/) is resumed and removed when the fold is done. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cv_report.h"
#include "train_cli.h"

static const char *const usage =
    "usage: polarcad cv --data manifest.csv --out DIR [--folds 10] [--fold K] [training options]\n"
    "       polarcad cv --merge DIR --data manifest.csv\n"
    "\n"
    "Stratified k-fold cross-validation of the network at case level, as the paper did: each\n"
    "fold's model is trained (augmentation included) on the other folds' cases only and predicts\n"
    "its own. Writes DIR/fold-KK.csv (P(CAD) of every test case) and DIR/fold-KK.log per fold;\n"
    "when all folds are done, the report (report.md, report.json, predictions.csv, roc.svg,\n"
    "calibration.svg). Rerunning on DIR skips finished folds and resumes a stopped one.\n"
    "\n"
    "  --out DIR            the experiment's folder (made if missing)\n"
    "  --folds K            folds (10); the assignment is the one `score --data --seed S` uses\n"
    "  --fold K             run only fold K (1-based), e.g. one per machine; then `cv --merge DIR`\n"
    "  --merge DIR          write the report from DIR's fold files (with --data, the manifest\n"
    "                       they were run on)\n";

typedef struct cv_run {
    train_setup s;
    const char *dir;
    int folds;
    const pc_manifest *mf;
    const int *fold_of;      /* (cases) 0-based */
    pc_study *studies;       /* (cases), loaded when the first fold needs them */
    pc_vgg *base;
    const semiq_setup *semiq;   /* the report's Semi-Q options */
} cv_run;

static void fold_path(const cv_run *cv, int k, const char *ext, char *out, size_t cap)
{
    snprintf(out, cap, "%s/fold-%02d%s", cv->dir, k + 1, ext);
}

/* 1: DIR/fold-KK.csv exists with this run's header; 2: with it but for an old weights= tag
 * that named no file (pc_fold_config_same; said when `say`); 0: missing or unreadable;
 * -1: from another run, or not a fold file the merge could read (message printed). */
static int fold_done(pc_ctx *ctx, const cv_run *cv, int k, int say)
{
    char path[4200];
    fold_path(cv, k, ".csv", path, sizeof path);
    if (pc_path_kind_of(ctx, path) != PC_PATH_FILE) return 0;
    uint8_t *bytes = NULL;
    size_t size = 0;
    if (pc_file_read(ctx, path, (size_t)64 << 20, &bytes, &size)) return 0;
    /* Read as the merge reads it (core/cv/foldfile.c): a fold file the merge would refuse is
     * not counted as done, and the run stops on it rather than train over someone's file. */
    pc_fold_file file;
    if (pc_fold_file_parse(ctx, (const char *)bytes, size, path, &file)) {
        fprintf(stderr, "polarcad cv: not a fold file polarcad can read: %s\n  move it away to run fold %d again\n",
                pc_ctx_last_error(ctx), k + 1);
        free(bytes);
        return -1;
    }
    free(bytes);
    /* The same fold of the same experiment; the config as pc_fold_config_same reads it (a
     * weights= tag of before model files were named by content matches the same file name). */
    int same = file.fold == k + 1 && file.folds == cv->folds && pc_fold_config_same(file.config, cv->s.config_line);
    if (same && strcmp(file.config, cv->s.config_line) != 0) {
        same = 2;
        if (say) {
            const char *w = strstr(file.config, "weights=");
            fprintf(stderr, "polarcad cv: %s names its base by an older checksum that names no file (%.*s); "
                    "taken as this run's %s\n", path, w ? (int)strcspn(w, " ") : 0, w ? w : "", cv->s.weights_tag);
        }
    }
    if (!same)
        fprintf(stderr,
                "polarcad cv: %s belongs to another experiment:\n"
                "  it has:   # polarcad cv fold %d of %d\n# config: %s\n"
                "  this run: # polarcad cv fold %d of %d\n# config: %s\n"
                "use another --out DIR, or the options that made it\n",
                path, file.fold, file.folds, file.config, k + 1, cv->folds, cv->s.config_line);
    pc_fold_file_free(&file);
    return same ? same : -1;
}

/* The fold file (core/cv/foldfile.h writes the contract the merge reads), written atomically. */
static pc_status write_fold_file(pc_ctx *ctx, const cv_run *cv, int k, const int *test, int n_test, const double *p)
{
    char path[4200];
    fold_path(cv, k, ".csv", path, sizeof path);
    const char **ids = malloc(sizeof *ids * (size_t)(n_test > 0 ? n_test : 1));
    int *labels = malloc(sizeof *labels * (size_t)(n_test > 0 ? n_test : 1));
    char *text = NULL;
    size_t size = 0;
    pc_status status = PC_STATUS_OK;
    if (!ids || !labels) status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", path);
    for (int i = 0; !status && i < n_test; i++) {
        ids[i] = cv->mf->cases[test[i]].case_id;
        labels[i] = cv->mf->cases[test[i]].label;
    }
    if (!status) status = pc_fold_file_format(ctx, k + 1, cv->folds, cv->s.config_line, ids, labels, p, n_test,
                                              &text, &size);
    if (!status) status = pc_file_write_atomic(ctx, path, text, size);
    free(text);
    free(labels);
    free(ids);
    return status;
}

/* Free text beside the fold file: what ran, how long, the losses. */
static void write_fold_log(pc_ctx *ctx, const cv_run *cv, int k, const pc_train_result *r, double seconds,
                           int n_train, int n_test)
{
    char path[4200];
    fold_path(cv, k, ".log", path, sizeof path);
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f) return;
    fprintf(f, "polarcad %s cv fold %d of %d\nconfig: %s\n", pc_version(), k + 1, cv->folds, cv->s.config_line);
    fprintf(f, "training cases %d (%d CAD, %d no CAD), test cases %d\n", n_train, r->cases_per_class[1],
            r->cases_per_class[0], n_test);
    fprintf(f, "training images %d (%d rotated; %d no CAD, %d CAD); frozen output %.2f MB per image, %ld spilled\n",
            r->images, r->images - r->originals, r->per_class[0], r->per_class[1], (double)r->frozen_bytes / 1048576.0,
            r->spilled);
    if (r->resumed) fprintf(f, "resumed from a checkpoint after epoch %d\n", r->resumed_epoch);
    for (int e = 0; e < r->epochs_done; e++)
        fprintf(f, "epoch %d: loss %.6f, training accuracy %.4f\n", e + 1, r->history[e].loss, r->history[e].accuracy);
    fprintf(f, "wall time %.1f s (this process%s)\n", seconds, r->resumed ? ", since the resume" : "");
    fclose(f);
    if (pc_file_write_atomic(ctx, path, buf, size)) fprintf(stderr, "polarcad cv: %s\n", pc_ctx_last_error(ctx));
    free(buf);
}

/* Trains fold k and writes its files. Returns an exit code. */
static int run_fold(pc_ctx *ctx, cv_run *cv, int k)
{
    const int n = cv->mf->count;
    int *train_idx = malloc(sizeof(int) * (size_t)n), *test_idx = malloc(sizeof(int) * (size_t)n);
    int *labels = malloc(sizeof(int) * (size_t)n);
    pc_study *train = malloc(sizeof *train * (size_t)n), *test = malloc(sizeof *test * (size_t)n);
    double *p = malloc(sizeof(double) * (size_t)n);
    pc_train_result *r = calloc(1, sizeof *r);
    pc_vgg *model = NULL;
    int code = CLI_EXIT_FAILURE, n_train = 0, n_test = 0;
    if (!train_idx || !test_idx || !labels || !train || !test || !p || !r) {
        pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory");
        goto report;
    }
    /* Shallow copies: the split's arrays view the studies loaded once for all folds. */
    for (int i = 0; i < n; i++) {
        if (cv->fold_of[i] == k) {
            test[n_test] = cv->studies[i];
            test_idx[n_test++] = i;
        } else {
            train[n_train] = cv->studies[i];
            labels[n_train] = cv->mf->cases[i].label;
            train_idx[n_train++] = i;
        }
    }
    char ckpt_dir[4200], ckpt[4300], label[32], fingerprint[1200];
    fold_path(cv, k, ".ckpt", ckpt_dir, sizeof ckpt_dir);
    snprintf(ckpt, sizeof ckpt, "%s/checkpoint.pcc", ckpt_dir);
    snprintf(label, sizeof label, "fold %d/%d", k + 1, cv->folds);
    snprintf(fingerprint, sizeof fingerprint, "cv fold=%d/%d %s", k + 1, cv->folds, cv->s.config_line);
    if (train_ensure_dir(ctx, ckpt_dir)) goto report;
    pc_train_config tc = cv->s.tc;
    tc.checkpoint_path = ckpt;
    tc.resume = 1;
    tc.fingerprint = fingerprint;
    train_progress prog;
    train_progress_init(&prog, "cv", label, cv->s.quiet);
    tc.progress = train_progress_report;
    tc.progress_user = &prog;
    tc.stop = &train_stop_flag;
    double t0 = train_now();
    if (pc_train_run(ctx, &tc, cv->base, cv->s.weights, train, labels, n_train, &model, r)) goto report;
    if (r->interrupted) {
        if (r->checkpointed)
            fprintf(stderr, "polarcad cv: fold %d interrupted after %d of %d epochs; its checkpoint is in %s: rerun "
                            "the same command to continue\n", k + 1, r->epochs_done, tc.epochs, ckpt_dir);
        else
            fprintf(stderr, "polarcad cv: fold %d interrupted before training began; nothing to keep\n", k + 1);
        goto done;
    }
    if (pc_train_predict(ctx, model, tc.dataset, test, n_test, p) || write_fold_file(ctx, cv, k, test_idx, n_test, p))
        goto report;
    write_fold_log(ctx, cv, k, r, train_now() - t0, n_train, n_test);
    if (pc_dir_remove_tree(ctx, ckpt_dir)) fprintf(stderr, "polarcad cv: %s\n", pc_ctx_last_error(ctx));
    if (!cv->s.quiet)
        fprintf(stderr, "polarcad cv: fold %d of %d done in %.0f s: %d test cases -> %s/fold-%02d.csv\n", k + 1,
                cv->folds, train_now() - t0, n_test, cv->dir, k + 1);
    code = CLI_EXIT_OK;
    goto done;
report:
    cli_report(ctx, "cv");
done:
    pc_vgg_free(model);
    free(r);
    free(p);
    free(test);
    free(train);
    free(labels);
    free(test_idx);
    free(train_idx);
    return code;
}

static int run_cv(cv_run *cv, int only_fold)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_manifest mf = {0};
    int *labels = NULL, *fold_of = NULL, code = CLI_EXIT_FAILURE;
    if (!ctx || pc_manifest_read(ctx, cv->s.data, &mf)) goto report;
    const int n = mf.count;
    if (cv->folds > n) {
        fprintf(stderr, "polarcad cv: %d folds for %d cases is impossible\n", cv->folds, n);
        goto done;
    }
    labels = malloc(sizeof(int) * (size_t)n);
    fold_of = malloc(sizeof(int) * (size_t)n);
    if (!labels || !fold_of) goto done;
    for (int i = 0; i < n; i++) labels[i] = mf.cases[i].label;
    if (pc_folds_stratified(ctx, labels, n, cv->folds, cv->s.tc.vgg.seed, fold_of)) goto report;
    train_setup_config_line(&cv->s, n);
    cv->mf = &mf;
    cv->fold_of = fold_of;
    if (train_ensure_dir(ctx, cv->dir)) goto report;
    int first = only_fold ? only_fold - 1 : 0, last = only_fold ? only_fold : cv->folds, done_count = 0;
    /* A fold run alone (--fold K) must be able to merge with the folds already in DIR: check
     * them before hours of training, not at the merge (another base, say, or another lr). */
    for (int k = 0; k < cv->folds; k++) {
        if (k >= first && k < last) continue;
        if (fold_done(ctx, cv, k, 0) < 0) {
            fprintf(stderr, "polarcad cv: fold %d was not run: it would not merge with %s/fold-%02d.csv\n", first + 1,
                    cv->dir, k + 1);
            goto done;
        }
    }
    train_install_signals();
    for (int k = first; k < last; k++) {
        int state = fold_done(ctx, cv, k, 1);
        if (state < 0) goto done;
        if (state > 0) {
            if (!cv->s.quiet) fprintf(stderr, "polarcad cv: fold %d of %d already done, skipped\n", k + 1, cv->folds);
            char ckpt_dir[4200];   /* left over when a kill came between the fold file and its removal */
            fold_path(cv, k, ".ckpt", ckpt_dir, sizeof ckpt_dir);
            if (pc_path_kind_of(ctx, ckpt_dir) != PC_PATH_MISSING) pc_dir_remove_tree(ctx, ckpt_dir);
            continue;
        }
        if (!cv->studies) {
            if (!cv->s.weights && !cv->s.quiet)
                fprintf(stderr, "polarcad cv: no --weights: the conv base is NOT ImageNet-pretrained; every fold "
                                "starts from Glorot-uniform random weights (seed %llu)\n",
                        (unsigned long long)cv->s.tc.vgg.seed);
            if (!cv->s.quiet) fprintf(stderr, "polarcad cv: preprocessing %d studies from %s ...\n", n, cv->s.data);
            if (train_load_base(ctx, &cv->s, &cv->base) ||
                train_load_studies(ctx, &mf, cv->s.tc.dataset, cv->s.threads, &cv->studies))
                goto report;
        }
        if ((code = run_fold(ctx, cv, k)) != CLI_EXIT_OK) goto done;
        code = CLI_EXIT_FAILURE;
    }
    for (int k = 0; k < cv->folds; k++) done_count += fold_done(ctx, cv, k, 0) > 0;
    if (done_count < cv->folds) {
        printf("polarcad cv: %d of %d folds are done in %s; run the others (--fold K), then polarcad cv --merge %s\n"
               "%s\n", done_count, cv->folds, cv->dir, cv->dir, cli_disclaimer);
        code = CLI_EXIT_OK;
    } else if (only_fold) {
        printf("polarcad cv: all %d folds are done in %s; polarcad cv --merge %s writes the report\n%s\n", cv->folds,
               cv->dir, cv->dir, cli_disclaimer);
        code = CLI_EXIT_OK;
    } else {
        code = cv_report_write(cv->dir, cv->s.data, cv->semiq, cv->s.quiet);
    }
    goto done;
report:
    cli_report(ctx, "cv");
done:
    train_free_studies(cv->studies, mf.count);
    cv->studies = NULL;
    pc_vgg_free(cv->base);
    free(labels);
    free(fold_of);
    pc_manifest_free(&mf);
    pc_ctx_free(ctx);
    return code;
}

int cmd_cv(int argc, char **argv)
{
    train_args ta;
    memset(&ta, 0, sizeof ta);
    const char *out = NULL, *folds = NULL, *fold = NULL, *merge = NULL, *checkpoint = NULL;
    int help = 0, resume = 0;
    semiq_args sa;
    memset(&sa, 0, sizeof sa);
    cli_option options[TRAIN_OPTION_COUNT + 7 + SEMIQ_OPTION_COUNT] = {
        {"out", &out, NULL},     {"folds", &folds, NULL},       {"fold", &fold, NULL},   {"merge", &merge, NULL},
        {"help", NULL, &help},   {"checkpoint", &checkpoint, NULL}, {"resume", NULL, &resume}};
    int n_options = 7 + train_options(&ta, options + 7);
    /* The report's Semi-Q options, but the last, --threads: that name is the training
     * option's (the report loads its images on Semi-Q's default 2 threads, as before). */
    n_options += semiq_options(&sa, options + n_options) - 1;
    if (!cli_parse("cv", argc, argv, 2, options, n_options, NULL, 0, NULL)) return CLI_EXIT_USAGE;
    if (help) {
        printf("%s%s\nSemi-quantitative options, for the report's Semi-Q rows (normal databases from each fold's\n"
               "training cases):\n%s\n%s\n", usage, train_options_help, semiq_options_help, cli_disclaimer);
        return CLI_EXIT_OK;
    }
    semiq_setup semiq;   /* checked now, not after hours of training */
    if (!semiq_setup_parse("cv", &sa, &semiq)) return CLI_EXIT_USAGE;
    if (merge) return cv_report_write(merge, ta.data, &semiq, ta.quiet);   /* the manifest is --data */
    if (checkpoint) {
        fprintf(stderr, "polarcad cv: each fold keeps its checkpoint in DIR/fold-KK.ckpt/; --checkpoint is for "
                        "polarcad train\n");
        return CLI_EXIT_USAGE;
    }
    (void)resume;   /* accepted: cv always resumes a fold's checkpoint */
    if (!out) {
        fprintf(stderr, "polarcad cv: give --out DIR\n%s", usage);
        return CLI_EXIT_USAGE;
    }
    cv_run cv;
    memset(&cv, 0, sizeof cv);
    long k = 10, only = 0;
    if (folds && !cli_parse_int("cv", "folds", folds, 2, 99, &k)) return CLI_EXIT_USAGE;
    if (fold && !cli_parse_int("cv", "fold", fold, 1, k, &only)) {
        fprintf(stderr, "polarcad cv: --fold counts from 1 to --folds (%ld)\n", k);
        return CLI_EXIT_USAGE;
    }
    int code = train_setup_parse("cv", &ta, &cv.s);
    if (code) return code;
    cv.dir = out;
    cv.folds = (int)k;
    cv.semiq = &semiq;
    return run_cv(&cv, (int)only);
}
