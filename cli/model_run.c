/* model_run.c: loading a model for prediction and running one study through it (model_run.h). */
#include "model_run.h"

#include <stdlib.h>
#include <string.h>

/* The file records no dataset: its input size decides when only one dataset has it.
 * Returns how many datasets have that size (*out is set when it is one). */
static int datasets_of_size(const pc_vgg_config *c, pc_dataset *out)
{
    int found = 0;
    for (int d = 0; d < PC_DATASET_COUNT; d++) {
        int h, w;
        pc_montage_size((pc_dataset)d, &h, &w);
        if (h == c->height && w == c->width) *out = (pc_dataset)d, found++;
    }
    return found;
}

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
    pc_ctx_free(ctx);
    const pc_vgg_config *c = pc_vgg_get_config(out->model);
    const int recorded = out->info.dataset != PC_MODEL_DATASET_NONE;
    int code = CLI_EXIT_FAILURE, h, w;
    if (c->classes != 2) {
        fprintf(stderr, "polarcad %s: %s has %d classes; prediction needs a two-class (no CAD / CAD) model\n",
                command, path, c->classes);
        goto fail;
    }
    if (recorded && dataset_name && (int)wanted != out->info.dataset) {
        fprintf(stderr, "polarcad %s: %s is a model for the %s dataset, not %s\n", command, path,
                pc_dataset_name((pc_dataset)out->info.dataset), dataset_name);
        goto fail;
    }
    if (recorded) out->dataset = (pc_dataset)out->info.dataset;
    else if (dataset_name) out->dataset = wanted;
    else if (datasets_of_size(c, &out->dataset) == 0) {
        /* No --dataset could help: say what is wrong with the model instead. */
        char sizes[128] = "";
        for (int d = 0; d < PC_DATASET_COUNT; d++) {
            int dh, dw;
            pc_montage_size((pc_dataset)d, &dh, &dw);
            size_t len = strlen(sizes);
            snprintf(sizes + len, sizeof sizes - len, "%s%s %d x %d", d ? ", " : "", pc_dataset_name((pc_dataset)d),
                     dh, dw);
        }
        fprintf(stderr, "polarcad %s: %s takes %d x %d images, which is no dataset's montage (%s): a model for "
                        "another input size\n", command, path, c->height, c->width, sizes);
        goto fail;
    } else if (datasets_of_size(c, &out->dataset) > 1) {
        fprintf(stderr, "polarcad %s: %s does not record its dataset and its %d x %d input fits both ac and nac; say "
                        "which with --dataset acnac|ac|nac\n", command, path, c->height, c->width);
        code = CLI_EXIT_USAGE;
        goto fail;
    }
    pc_montage_size(out->dataset, &h, &w);
    /* A model polarcad trained with --input HxW saw its dataset's montages resized to HxW:
     * prediction does the same (model_run_study) when HxW keeps the montage's aspect ratio
     * (Grad-CAM maps the heat back onto the montage). Any other size mismatch is refused. */
    out->resize = (h != c->height || w != c->width) && recorded && pc_model_info_from_polarcad_train(&out->info) &&
                  (long)c->height * w == (long)c->width * h;   /* Grad-CAM needs the montage's aspect */
    if ((h != c->height || w != c->width) && !out->resize) {
        fprintf(stderr, "polarcad %s: %s takes %d x %d images, but the %s montage is %d x %d: a model for another "
                        "input size\n", command, path, c->height, c->width, pc_dataset_name(out->dataset), h, w);
        goto fail;
    }
    out->cad_class = 1;
    for (int i = 0; i < out->info.n_class_names; i++)
        if (strcmp(out->info.class_names[i], "cad") == 0) out->cad_class = i;
    char said[sizeof out->trained_on - 16];
    if (pc_model_info_trained_on(&out->info, said, sizeof said))
        snprintf(out->trained_on, sizeof out->trained_on, "trained on: %s", said);
    else
        snprintf(out->trained_on, sizeof out->trained_on, "training data: not recorded in the model file");
    return CLI_EXIT_OK;
fail:
    model_run_free(out);
    return code;
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
        if (!pc_dataset_uses_map(r->dataset, (pc_map)m)) continue;
        if (absent) {
            fprintf(stderr, "polarcad %s: the %s model needs the %s map, which was not given\n", command,
                    pc_dataset_name(r->dataset), pc_map_name((pc_map)m));
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
        const int used = pc_dataset_uses_map(r->dataset, (pc_map)m);
        paths[m] = used ? c->path[m] : NULL;
        if (used && (!c->path[m] || !c->path[m][0]))
            st = pc_fail(ctx, PC_STATUS_NOT_FOUND, "the %s model needs the %s map, which is not given",
                         pc_dataset_name(r->dataset), pc_map_name((pc_map)m));
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
    /* The training pipeline at angle 0: montage, resized to the model's input when that
     * differs (r->resize), caffe preprocessing. */
    const pc_vgg_config *c = pc_vgg_get_config(r->model);
    float *x = malloc((size_t)c->height * (size_t)c->width * 3 * sizeof(float));
    if (!x) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for the network's input");
    pc_status st = pc_train_sample(ctx, study, r->dataset, 0.0, c->height, c->width, x);
    if (st) {
        free(x);
        return st;
    }
    if (gradcam_out) {
        st = pc_gradcam_explain(ctx, r->model, x, r->dataset, PC_GRADCAM_PREDICTED, layout, gradcam_out);
        if (!st) *p_cad_out = gradcam_out->probs[r->cad_class];
    } else {
        float probs[2];
        st = pc_vgg_predict(ctx, r->model, x, 1, probs, NULL);
        if (!st) *p_cad_out = probs[r->cad_class];
    }
    free(x);
    return st;
}

void model_run_print_provenance(const model_run *r, FILE *out)
{
    const pc_vgg_config *c = pc_vgg_get_config(r->model);
    fprintf(out, "model: %s (%s, width x%g, %s %d x %d%s, weights stored as %s)\n", r->path,
            pc_vgg_arch_name(c->arch), (double)c->width_mult, pc_dataset_name(r->dataset), c->height, c->width,
            r->resize ? ": the montage resized to it, as in training" : "", pc_model_dtype_name(r->info.dtype));
    fprintf(out, "%s\n", r->trained_on);
}
