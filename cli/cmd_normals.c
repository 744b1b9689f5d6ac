/* cmd_normals.c: `polarcad normals`: builds the semi-quantitative normal database from the
 * no-CAD cases of a manifest and saves it (the file `polarcad score --study` and, later,
 * the page load). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "semiq.h"

static const char *const usage =
    "usage: polarcad normals --data manifest.csv --out normals.db [OPTIONS]\n"
    "\n"
    "Builds the normal database from the cases labelled 0 (no CAD) in the manifest: per map\n"
    "(stress/rest x NAC/AC) and for all normals, men and women (when the manifest has a sex\n"
    "column), the mean and SD of every segment mean, segment minimum and polar-grid sample.\n"
    "Cases labelled 1 are never used. Do not score the same cases against it: for an honest\n"
    "estimate use `polarcad score --data`, which rebuilds it inside cross-validation.\n"
    "\n"
    "options:\n";

int cmd_normals(int argc, char **argv)
{
    const char *data = NULL, *out = NULL;
    int help = 0;
    semiq_args sa;
    cli_option options[3 + SEMIQ_OPTION_COUNT] = {{"data", &data, NULL}, {"out", &out, NULL}, {"help", NULL, &help}};
    semiq_setup setup;
    int code = semiq_command_parse("normals", argc, argv, usage, options, 3, &sa, &help, 0, NULL, NULL, &setup);
    if (code >= 0) return code;
    if (!data || !out) {
        fprintf(stderr, "polarcad normals: --data manifest.csv and --out FILE are both required\n");
        return CLI_EXIT_USAGE;
    }
    pc_ctx *ctx = pc_ctx_create();
    pc_manifest mf = {0}, normal = {0};
    semiq_engine engine = {0};
    pc_study_features *features = NULL;
    const pc_study_features **list = NULL;
    pc_normals *nd = malloc(sizeof *nd);
    char *text = NULL;
    size_t size = 0;
    int exit_code = CLI_EXIT_FAILURE;
    if (!ctx || !nd) { fputs("polarcad normals: out of memory\n", stderr); goto done; }
    if (pc_manifest_read(ctx, data, &mf)) { cli_report(ctx, "normals"); goto done; }
    /* Only the no-CAD cases are read at all. */
    normal.cases = malloc(sizeof *normal.cases * (size_t)mf.count);
    list = malloc(sizeof *list * (size_t)mf.count);
    if (!normal.cases || !list) { fputs("polarcad normals: out of memory\n", stderr); goto done; }
    for (int i = 0; i < mf.count; i++)
        if (mf.cases[i].label == 0) normal.cases[normal.count++] = mf.cases[i];
    if (normal.count < 2) {
        fprintf(stderr, "polarcad normals: %s has %d case%s labelled 0; a normal database needs at least 2\n", data,
                normal.count, normal.count == 1 ? "" : "s");
        goto done;
    }
    fprintf(stderr, "polarcad normals: preprocessing %d no-CAD studies from %s ...\n", normal.count, data);
    if (semiq_engine_create(ctx, &setup, &engine) || semiq_load_cohort(ctx, &engine, &setup, &normal, &features, NULL, NULL)) {
        cli_report(ctx, "normals");
        goto done;
    }
    for (int i = 0; i < normal.count; i++) list[i] = &features[i];
    if (pc_normals_build(ctx, list, normal.count, setup.layout, nd) || pc_normals_format(ctx, nd, &text, &size) ||
        pc_file_write_atomic(ctx, out, text, size)) {
        cli_report(ctx, "normals");
        goto done;
    }
    printf("wrote %s: %d normal studies (%d men, %d women), %s rings, %zu bytes\n", out, normal.count,
           nd->group[0][PC_SEX_MALE].n, nd->group[0][PC_SEX_FEMALE].n, pc_ring_layout_name(setup.layout), size);
    exit_code = CLI_EXIT_OK;
done:
    free(text);
    free(nd);
    free(list);
    free(features);
    free(normal.cases);   /* borrowed case entries: freed with mf */
    semiq_engine_free(&engine);
    pc_manifest_free(&mf);
    pc_ctx_free(ctx);
    return exit_code;
}
