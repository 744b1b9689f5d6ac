/* cmd_preprocess.c: `polarcad preprocess`: one study's captures -> the 150 x 150 masked
 * tiles and the three dataset montages, as the network and the page will see them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "semiq.h"

static const char *const usage =
    "usage: polarcad preprocess --study STRESS_NAC REST_NAC STRESS_AC REST_AC --out DIR [--colormap NAME]\n"
    "\n"
    "Finds the disc in each map (export or screen capture), crops it square, masks the outside\n"
    "black and resizes to 150 x 150, detects the colour table, and writes DIR/<map>.png for\n"
    "each map and DIR/montage_<dataset>.png for acnac, ac and nac (those whose maps were given;\n"
    "'-' for an absent map). DIR must not exist or be empty; it appears complete or not at all.\n";

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
    const char *paths[PC_MAP_COUNT];
    for (int m = 0; m < PC_MAP_COUNT; m++) paths[m] = strcmp(positional[m], "-") == 0 ? NULL : positional[m];

    pc_ctx *ctx = pc_ctx_create();
    semiq_engine engine = {0};
    pc_study study;
    pc_study_features features;
    int exit_code = CLI_EXIT_FAILURE, have_study = 0, files = 0;
    char *tmp = NULL, *path = NULL;
    if (!ctx) return CLI_EXIT_FAILURE;
    pc_path_kind kind = pc_path_kind_of(ctx, out);
    if (kind == PC_PATH_FILE || kind == PC_PATH_DIR) {
        fprintf(stderr, "polarcad preprocess: %s already exists (choose a new or empty folder)\n", out);
        goto done;
    }
    if (kind == PC_PATH_ERROR) { cli_report(ctx, "preprocess"); goto done; }
    if (semiq_engine_create(ctx, &setup, &engine) ||
        semiq_load_study(ctx, &engine, &setup, paths, PC_SEX_UNKNOWN, &features, &study)) {
        cli_report(ctx, "preprocess");
        goto done;
    }
    have_study = 1;
    /* Everything goes to a temporary folder beside DIR, renamed to DIR at the end. */
    if (pc_dir_create_temp(ctx, out, &tmp)) { cli_report(ctx, "preprocess"); goto done; }
    path = malloc(strlen(tmp) + 64);
    if (!path) { fputs("polarcad preprocess: out of memory\n", stderr); goto fail; }
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        if (!study.present[m]) continue;
        sprintf(path, "%s/%s.png", tmp, pc_map_name((pc_map)m));
        if (pc_image_write_file(ctx, &study.tile[m], path, 95)) { cli_report(ctx, "preprocess"); goto fail; }
        files++;
        printf("%-10s %s: disc r %.1f px at (%.1f, %.1f), %.1f%% of the disc unmatched\n", pc_map_name((pc_map)m),
               paths[m], study.disc[m].disc.radius, study.disc[m].disc.cx, study.disc[m].disc.cy,
               100 * study.counts[m].unmatched_fraction);
        if (study.warning[m][0]) printf("  warning: %s\n", study.warning[m]);
    }
    for (int d = 0; d < PC_DATASET_COUNT; d++) {
        int needed = 1;   /* a dataset whose maps were not all given is skipped */
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            int top, left;
            if (pc_montage_tile_origin((pc_dataset)d, (pc_map)m, &top, &left) && !study.present[m]) needed = 0;
        }
        if (!needed) continue;
        pc_image montage = {0};
        sprintf(path, "%s/montage_%s.png", tmp, pc_dataset_name((pc_dataset)d));
        pc_status s = pc_study_montage(ctx, &study, (pc_dataset)d, &montage);
        if (!s) s = pc_image_write_file(ctx, &montage, path, 95);
        pc_image_free(&montage);
        if (s) { cli_report(ctx, "preprocess"); goto fail; }
        files++;
    }
    if (pc_dir_commit(ctx, tmp, out)) { cli_report(ctx, "preprocess"); goto fail; }
    printf("colour table %s%s; wrote %d files to %s\n", pc_colormap_name(study.table),
           setup.preprocess.table >= 0 ? " (forced)" : " (detected)", files, out);
    exit_code = CLI_EXIT_OK;
    goto done;
fail:
    pc_dir_remove_tree(NULL, tmp);
done:
    free(path);
    free(tmp);
    if (have_study) pc_study_free(&study);
    semiq_engine_free(&engine);
    pc_ctx_free(ctx);
    return exit_code;
}
