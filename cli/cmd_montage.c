/* cmd_montage.c: `polarcad montage`: the maps of a study -> the dataset's montage image,
 * through the same preprocessing as training and prediction (pc_study_preprocess). */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char *const usage =
    "usage: polarcad montage --stress-nac FILE --rest-nac FILE --stress-ac FILE --rest-ac FILE\n"
    "                        [--dataset acnac|ac|nac] --out FILE.png|.jpg\n"
    "\n"
    "Tiles the polar maps of one study as the paper did: each map 150 x 150, columns\n"
    "stress | rest, rows NAC then AC. acnac (default) is 300 x 300 and needs all four\n"
    "maps; ac and nac are 150 x 300 and need only their two. Maps are PNG, JPEG or BMP\n"
    "exports or screen captures: each map's disc is found, cropped and masked, and its\n"
    "colour table detected, exactly as for training and prediction, so the montage is\n"
    "what the network sees.\n";

int cmd_montage(int argc, char **argv)
{
    const char *paths[PC_MAP_COUNT] = {0};
    const char *dataset_name = "acnac", *out_path = NULL;
    int help = 0;
    const cli_option options[] = {
        {"stress-nac", &paths[PC_MAP_STRESS_NAC], NULL}, {"rest-nac", &paths[PC_MAP_REST_NAC], NULL},
        {"stress-ac", &paths[PC_MAP_STRESS_AC], NULL},   {"rest-ac", &paths[PC_MAP_REST_AC], NULL},
        {"dataset", &dataset_name, NULL},                {"out", &out_path, NULL},
        {"help", NULL, &help},
    };
    if (!cli_parse("montage", argc, argv, 2, options, (int)(sizeof options / sizeof options[0]), NULL, 0, NULL))
        return CLI_EXIT_USAGE;
    if (help) { fputs(usage, stdout); return CLI_EXIT_OK; }

    pc_dataset dataset;
    if (!pc_dataset_parse(dataset_name, &dataset)) {
        fprintf(stderr, "polarcad montage: unknown dataset '%s' (use acnac, ac or nac)\n", dataset_name);
        return CLI_EXIT_USAGE;
    }
    if (!out_path) {
        fprintf(stderr, "polarcad montage: --out FILE is required\n%s", usage);
        return CLI_EXIT_USAGE;
    }
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        if (pc_dataset_uses_map(dataset, (pc_map)m) && !paths[m]) {
            char option[32];
            snprintf(option, sizeof option, "%s", pc_map_name((pc_map)m));
            for (char *c = option; *c; c++) if (*c == '_') *c = '-';
            fprintf(stderr, "polarcad montage: dataset %s needs the %s map: give --%s FILE\n", dataset_name,
                    pc_map_name((pc_map)m), option);
            return CLI_EXIT_USAGE;
        }
    }

    pc_ctx *ctx = pc_ctx_create();
    pc_image maps[PC_MAP_COUNT] = {{0}};
    const pc_image *images[PC_MAP_COUNT] = {0};
    pc_inverter *inverter = NULL;
    pc_study study = {0};
    pc_image montage = {0};
    int exit_code = CLI_EXIT_FAILURE;
    if (!ctx) { fputs("polarcad montage: out of memory\n", stderr); return CLI_EXIT_FAILURE; }
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        if (!pc_dataset_uses_map(dataset, (pc_map)m)) continue;
        if (cli_load_image(ctx, paths[m], &maps[m])) { cli_report(ctx, "montage"); goto done; }
        images[m] = &maps[m];
    }
    pc_preprocess_options preprocess;
    pc_preprocess_options_default(&preprocess);
    if (pc_inverter_create(ctx, &inverter) || pc_study_preprocess(ctx, inverter, images, paths, &preprocess, &study) ||
        pc_study_montage(ctx, &study, dataset, &montage) || pc_image_write_file(ctx, &montage, out_path, 95)) {
        cli_report(ctx, "montage");
        goto done;
    }
    printf("wrote %s (%s montage, %d x %d; colour table %s)\n", out_path, dataset_name, montage.height,
           montage.width, pc_colormap_name(study.table));
    exit_code = CLI_EXIT_OK;
done:
    pc_image_free(&montage);
    pc_study_free(&study);
    pc_inverter_free(inverter);
    for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&maps[m]);
    pc_ctx_free(ctx);
    return exit_code;
}
