/* predict.c: a trained model applied to one study (predict.h). The checks were the
 * command-line tool's (cli/model_run.c) and, word for word, the page's (wasm/api_model.c);
 * they live here once so both refuse the same files with the same messages. */
#include "predict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../preprocess/redraw.h"
#include "../train/train.h"

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

/* "acnac 300 x 300, ac 150 x 300, nac 150 x 300" */
static void montage_sizes(char *out, size_t cap)
{
    out[0] = '\0';
    for (int d = 0; d < PC_DATASET_COUNT; d++) {
        int h, w;
        pc_montage_size((pc_dataset)d, &h, &w);
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s %d x %d", d ? ", " : "", pc_dataset_name((pc_dataset)d), h, w);
    }
}

pc_status pc_predictor_check(pc_ctx *ctx, const pc_vgg *model, const pc_model_info *info, int dataset,
                             const char *name, pc_predictor *out)
{
    const pc_vgg_config *c = pc_vgg_get_config(model);
    const int recorded = info->dataset != PC_MODEL_DATASET_NONE;
    pc_predictor p = {.cad_class = 1};
    if (c->classes != 2)
        return pc_fail(ctx, PC_STATUS_UNSUPPORTED,
                       "%s has %d classes; prediction needs a two-class (no CAD / CAD) model", name, c->classes);
    if (recorded && dataset >= 0 && dataset != info->dataset)
        return pc_fail(ctx, PC_STATUS_UNSUPPORTED, "%s is a model for the %s dataset, not %s", name,
                       pc_dataset_name((pc_dataset)info->dataset), pc_dataset_name((pc_dataset)dataset));
    if (recorded) p.dataset = (pc_dataset)info->dataset;
    else if (dataset >= 0) p.dataset = (pc_dataset)dataset;
    else {
        const int fits = datasets_of_size(c, &p.dataset);
        if (fits > 1)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                           "%s does not record its dataset and its %d x %d input fits both ac and nac; say which "
                           "dataset it is for (acnac, ac or nac)", name, c->height, c->width);
        if (fits == 0) {   /* naming a dataset could not help: say what is wrong with the model */
            char sizes[128];
            montage_sizes(sizes, sizeof sizes);
            return pc_fail(ctx, PC_STATUS_UNSUPPORTED,
                           "%s takes %d x %d images, which is no dataset's montage (%s): a model for another input "
                           "size", name, c->height, c->width, sizes);
        }
    }
    int h, w;
    pc_montage_size(p.dataset, &h, &w);
    /* A model polarcad trained with --input HxW saw its dataset's montages resized to HxW:
     * prediction does the same when HxW keeps the montage's aspect ratio (Grad-CAM maps the
     * heat back onto the montage). Any other size mismatch is refused. */
    const int other_size = h != c->height || w != c->width;
    p.resize = other_size && recorded && pc_model_info_from_polarcad_train(info) &&
               (long)c->height * w == (long)c->width * h;
    if (other_size && !p.resize)
        return pc_fail(ctx, PC_STATUS_UNSUPPORTED,
                       "%s takes %d x %d images, but the %s montage is %d x %d: a model for another input size", name,
                       c->height, c->width, pc_dataset_name(p.dataset), h, w);
    for (int i = 0; i < info->n_class_names; i++)
        if (strcmp(info->class_names[i], "cad") == 0) p.cad_class = i;
    char said[sizeof p.trained_on - 16];
    if (pc_model_info_trained_on(info, said, sizeof said))
        snprintf(p.trained_on, sizeof p.trained_on, "trained on: %s", said);
    else
        snprintf(p.trained_on, sizeof p.trained_on, "training data: not recorded in the model file");
    p.colormaps = pc_model_info_colormaps(info);
    p.redraw = 1;
    *out = p;
    return PC_STATUS_OK;
}

pc_colormap pc_predictor_network_table(const pc_predictor *p, const pc_study *study)
{
    if (!p->redraw || !p->colormaps || (p->colormaps >> study->table & 1u)) return study->table;
    for (int t = 0; t < PC_COLORMAP_COUNT; t++)
        if (p->colormaps >> t & 1u) return (pc_colormap)t;
    return study->table;   /* bits of tables this build does not know: nothing to draw in */
}

pc_status pc_predictor_network_study(pc_ctx *ctx, const pc_predictor *p, const pc_study *study, pc_study *seen_out,
                                     pc_image redrawn_out[PC_MAP_COUNT])
{
    memset(redrawn_out, 0, sizeof(pc_image) * PC_MAP_COUNT);
    *seen_out = *study;
    pc_colormap table = pc_predictor_network_table(p, study);
    if (table == study->table) return PC_STATUS_OK;
    pc_status st = pc_study_redraw_tiles(ctx, study, table, redrawn_out);
    if (st) return st;
    memcpy(seen_out->tile, redrawn_out, sizeof(pc_image) * PC_MAP_COUNT);
    seen_out->table = table;
    return PC_STATUS_OK;
}

pc_status pc_predictor_run(pc_ctx *ctx, pc_vgg *model, const pc_predictor *p, const pc_study *study,
                           pc_ring_layout layout, float *p_cad_out, int *class_out, pc_gradcam *gradcam_out)
{
    pc_study seen;
    pc_image redrawn[PC_MAP_COUNT];
    pc_status st = pc_predictor_network_study(ctx, p, study, &seen, redrawn);
    if (!st) st = pc_predictor_run_seen(ctx, model, p, &seen, layout, p_cad_out, class_out, gradcam_out);
    for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&redrawn[m]);
    return st;
}

pc_status pc_predictor_run_seen(pc_ctx *ctx, pc_vgg *model, const pc_predictor *p, const pc_study *seen,
                                pc_ring_layout layout, float *p_cad_out, int *class_out, pc_gradcam *gradcam_out)
{
    /* The training pipeline at angle 0: montage, resized to the model's input when that
     * differs (p->resize), caffe preprocessing. seen's tiles are already in the table the
     * network reads (pc_predictor_network_study). */
    const pc_vgg_config *c = pc_vgg_get_config(model);
    pc_status st = PC_STATUS_OK;
    float *x = malloc((size_t)c->height * (size_t)c->width * 3 * sizeof(float));
    if (!x) st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for the network's input");
    if (!st) st = pc_train_sample(ctx, seen, p->dataset, 0.0, c->height, c->width, x);
    if (!st && gradcam_out) {
        st = pc_gradcam_explain(ctx, model, x, p->dataset, PC_GRADCAM_PREDICTED, layout, gradcam_out);
        if (!st) *p_cad_out = gradcam_out->probs[p->cad_class], *class_out = gradcam_out->class_index;
    } else if (!st) {
        float probs[2];
        st = pc_vgg_predict(ctx, model, x, 1, probs, NULL);
        if (!st) *p_cad_out = probs[p->cad_class], *class_out = probs[1] > probs[0];
    }
    free(x);
    return st;
}

int pc_predictor_table_warning(const pc_predictor *p, const pc_study *study, char *out, size_t cap)
{
    if (cap) out[0] = '\0';
    if (!p->colormaps || (p->colormaps >> study->table & 1u)) return 0;
    char trained[128];
    pc_colormap_list(p->colormaps, "", trained, sizeof trained);
    pc_colormap seen = pc_predictor_network_table(p, study);
    if (seen != study->table)
        snprintf(out, cap, "the maps are in the %s colour table, but this model was trained on maps in %s only: "
                           "they were drawn again in %s, colour by colour, before the network read them; "
                           "check the detected table is right",
                 pc_colormap_name(study->table), trained, pc_colormap_name(seen));
    else
        snprintf(out, cap, "the maps are in the %s colour table, but this model was trained on maps in %s only: "
                           "its output may mean nothing here",
                 pc_colormap_name(study->table), trained);
    return 1;
}
