/* cmd_preprocess.c: `polarcad preprocess`: one study's captures -> the 150 x 150 masked
 * tiles and the three dataset montages, as the network and the page will see them. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "semiq.h"

static const char *const usage =
    "usage: polarcad preprocess --study STRESS_NAC REST_NAC STRESS_AC REST_AC --out DIR [--colormap NAME]\n"
    "\n"
    "Finds the disc in each map (export or screen capture), crops it square, masks the outside\n"
    "black and resizes to 150 x 150, detects the colour table, and writes DIR/<map>.png for\n"
    "each map and DIR/montage_<dataset>.png for acnac, ac and nac (those whose maps were given;\n"
    "'-' for an absent map). DIR must not exist yet; it appears complete or not at all.\n";

enum { DIR_MAX = 3900, NAME_MAX_LEN = 64, PATH_MAX_LEN = DIR_MAX + NAME_MAX_LEN + 8 };

static void remove_tree(const char dir[DIR_MAX], char names[][NAME_MAX_LEN], int n)
{
    char path[PATH_MAX_LEN];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%.3899s/%.63s", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
}

int cmd_preprocess(int argc, char **argv)
{
    const char *out = NULL, *colormap = NULL;
    int study_flag = 0, help = 0;
    const cli_option options[] = {{"out", &out, NULL}, {"colormap", &colormap, NULL},
                                  {"study", NULL, &study_flag}, {"help", NULL, &help}};
    const char *positional[PC_MAP_COUNT + 1];
    int n_positional = 0;
    if (!cli_parse("preprocess", argc, argv, 2, options, 4, positional, PC_MAP_COUNT + 1, &n_positional))
        return CLI_EXIT_USAGE;
    if (help) { fputs(usage, stdout); return CLI_EXIT_OK; }
    if (!study_flag || n_positional != PC_MAP_COUNT || !out) {
        fprintf(stderr, "polarcad preprocess: needs --study with 4 maps and --out DIR\n%s", usage);
        return CLI_EXIT_USAGE;
    }
    semiq_args sa;
    memset(&sa, 0, sizeof sa);
    sa.colormap = colormap;
    semiq_setup setup;
    if (!semiq_setup_parse("preprocess", &sa, &setup)) return CLI_EXIT_USAGE;
    struct stat st;
    if (stat(out, &st) == 0) {
        fprintf(stderr, "polarcad preprocess: %s already exists (choose a new folder)\n", out);
        return CLI_EXIT_FAILURE;
    }
    const char *paths[PC_MAP_COUNT];
    for (int m = 0; m < PC_MAP_COUNT; m++) paths[m] = strcmp(positional[m], "-") == 0 ? NULL : positional[m];

    pc_ctx *ctx = pc_ctx_create();
    semiq_engine engine = {0};
    pc_study study;
    pc_study_features features;
    int exit_code = CLI_EXIT_FAILURE, have_study = 0;
    char tmp[DIR_MAX], path[PATH_MAX_LEN];
    char names[PC_MAP_COUNT + PC_DATASET_COUNT][NAME_MAX_LEN];
    int n_written = 0;
    if (strlen(out) > DIR_MAX - 32) {
        fprintf(stderr, "polarcad preprocess: the folder name is too long\n");
        pc_ctx_free(ctx);
        return CLI_EXIT_USAGE;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out, (long)getpid());
    if (!ctx) return CLI_EXIT_FAILURE;
    if (semiq_engine_create(ctx, &setup, &engine) ||
        semiq_load_study(ctx, &engine, &setup, paths, PC_SEX_UNKNOWN, &features, &study)) {
        cli_report(ctx, "preprocess");
        goto done;
    }
    have_study = 1;
    if (mkdir(tmp, 0777) != 0) {
        fprintf(stderr, "polarcad preprocess: cannot create %s: %s\n", tmp, strerror(errno));
        goto done;
    }
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        if (!study.present[m]) continue;
        snprintf(names[n_written], sizeof names[0], "%s.png", pc_map_name((pc_map)m));
        snprintf(path, sizeof path, "%.3899s/%.63s", tmp, names[n_written]);
        n_written++;
        if (pc_image_write_file(ctx, &study.tile[m], path, 95)) goto fail;
        printf("%-10s %s: disc r %.1f px at (%.1f, %.1f), %.1f%% of the disc unmatched\n", pc_map_name((pc_map)m),
               paths[m], study.disc[m].disc.radius, study.disc[m].disc.cx, study.disc[m].disc.cy,
               100 * study.counts[m].unmatched_fraction);
    }
    for (int d = 0; d < PC_DATASET_COUNT; d++) {
        pc_image montage = {0};
        pc_ctx *quiet = pc_ctx_create();
        int ok = pc_study_montage(quiet, &study, (pc_dataset)d, &montage) == PC_STATUS_OK;
        pc_ctx_free(quiet);
        if (!ok) continue;   /* a dataset whose maps were not given */
        snprintf(names[n_written], sizeof names[0], "montage_%s.png", pc_dataset_name((pc_dataset)d));
        snprintf(path, sizeof path, "%.3899s/%.63s", tmp, names[n_written]);
        n_written++;
        pc_status s = pc_image_write_file(ctx, &montage, path, 95);
        pc_image_free(&montage);
        if (s) goto fail;
    }
    if (rename(tmp, out) != 0) {
        fprintf(stderr, "polarcad preprocess: cannot rename %s to %s: %s\n", tmp, out, strerror(errno));
        remove_tree(tmp, names, n_written);
        goto done;
    }
    printf("colour table %s%s; wrote %d files to %s\n", pc_colormap_name(study.table),
           setup.preprocess.table >= 0 ? " (forced)" : " (detected)", n_written, out);
    exit_code = CLI_EXIT_OK;
    goto done;
fail:
    cli_report(ctx, "preprocess");
    remove_tree(tmp, names, n_written);
done:
    if (have_study) pc_study_free(&study);
    semiq_engine_free(&engine);
    pc_ctx_free(ctx);
    return exit_code;
}
