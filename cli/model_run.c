/* model_run.c: loading a model for prediction and running one study through it (model_run.h). */
#include "model_run.h"

#include <stdlib.h>
#include <string.h>

int model_run_load(const char *command, const char *path, const char *dataset_name, model_run *out)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    pc_dataset wanted = PC_DATASET_ACNAC;
    if (dataset_name && !pc_dataset_parse(dataset_name, &wanted)) {
        fprintf(stderr, "polarcad %s: --dataset must be acnac, ac or nac (got '%s')\n", command, dataset_name);
        return CLI_EXIT_USAGE;
    }
    pc_ctx *ctx = pc_ctx_create();
    if (!ctx) return CLI_EXIT_FAILURE;
    pc_vgg_config runtime;
    pc_vgg_config_default(&runtime, PC_VGG16);
    runtime.batch = 1, runtime.trainable_convs = 0;   /* inference: no training arenas to speak of */
    if (pc_model_load(ctx, path, &runtime, &out->model, &out->info)) {
        cli_report(ctx, command);
        pc_ctx_free(ctx);
        return CLI_EXIT_FAILURE;
    }
    pc_status st = pc_predictor_check(ctx, out->model, &out->info, dataset_name ? (int)wanted : -1, path, &out->use);
    if (st) {
        /* Only an input size that fits two datasets is the user's to settle. */
        if (st == PC_STATUS_INVALID_ARGUMENT)
            fprintf(stderr, "polarcad %s: %s with --dataset\n", command, pc_ctx_last_error(ctx));
        else
            cli_report(ctx, command);
        pc_ctx_free(ctx);
        model_run_free(out);
        return st == PC_STATUS_INVALID_ARGUMENT ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
    }
    pc_ctx_free(ctx);
    return CLI_EXIT_OK;
}

void model_run_free(model_run *r)
{
    pc_vgg_free(r->model);
    pc_model_info_free(&r->info);
    r->model = NULL;
}

int model_run_paths(const char *command, const model_run *r, const char *const given[PC_MAP_COUNT],
                    const char *paths_out[PC_MAP_COUNT])
{
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        const int absent = !given[m] || !given[m][0] || strcmp(given[m], "-") == 0;
        paths_out[m] = NULL;
        if (!pc_dataset_uses_map(r->use.dataset, (pc_map)m)) continue;
        if (absent) {
            fprintf(stderr, "polarcad %s: the %s model needs the %s map, which was not given\n", command,
                    pc_dataset_name(r->use.dataset), pc_map_name((pc_map)m));
            return 0;
        }
        paths_out[m] = given[m];
    }
    return 1;
}

pc_status model_run_case(pc_ctx *ctx, const model_run *r, const semiq_engine *engine, const semiq_setup *setup,
                         const pc_manifest_case *c, pc_study *study_out)
{
    const char *paths[PC_MAP_COUNT];
    pc_study_features features;
    pc_status st = PC_STATUS_OK;
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        const int used = pc_dataset_uses_map(r->use.dataset, (pc_map)m);
        paths[m] = used ? c->path[m] : NULL;
        if (used && (!c->path[m] || !c->path[m][0]))
            st = pc_fail(ctx, PC_STATUS_NOT_FOUND, "the %s model needs the %s map, which is not given",
                         pc_dataset_name(r->use.dataset), pc_map_name((pc_map)m));
    }
    if (!st) st = semiq_load_study(ctx, engine, setup, paths, c->sex, &features, study_out);
    if (st) {
        char prefix[300];
        snprintf(prefix, sizeof prefix, "case %s (manifest line %d)", c->case_id, c->line);
        pc_fail_prefix(ctx, prefix);
    }
    return st;
}

pc_status model_run_study(pc_ctx *ctx, model_run *r, const pc_study *study, pc_ring_layout layout,
                          float *p_cad_out, pc_gradcam *gradcam_out)
{
    int class_index;
    return pc_predictor_run(ctx, r->model, &r->use, study, layout, p_cad_out, &class_index, gradcam_out);
}

void model_run_print_provenance(const model_run *r, FILE *out)
{
    const pc_vgg_config *c = pc_vgg_get_config(r->model);
    fprintf(out, "model: %s (%s, width x%g, %s %d x %d%s, weights stored as %s)\n", r->path,
            pc_vgg_arch_name(c->arch), (double)c->width_mult, pc_dataset_name(r->use.dataset), c->height, c->width,
            r->use.resize ? ": the montage resized to it, as in training" : "", pc_model_dtype_name(r->info.dtype));
    fprintf(out, "%s\n", r->use.trained_on);
}
