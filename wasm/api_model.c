/* api_model.c: the shims behind Model in model.mjs: a model file from bytes, and one
 * prediction (P(CAD), the class, Grad-CAM per polar map and per territory).
 *
 * The prediction is the native `polarcad predict`'s, step for step (cli/model_run.c):
 * the study's montage for the model's dataset -> pc_vgg_preprocess -> pc_gradcam_explain
 * for the predicted class (or pc_vgg_predict alone without Grad-CAM). Grad-CAM, its tiles
 * and territory shares are the core's (explain/gradcam.h), so the page shows what the
 * tool prints. Conventions as in api.c: status returned, result through the last
 * argument, C owns the memory, JS copies out at once. */
#include <emscripten/emscripten.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polarcad.h"

/* A model loaded for prediction, with what the checks of loading decided. */
typedef struct pcw_model {
    pc_vgg *vgg;
    pc_model_info info;
    pc_dataset dataset;     /* from the file, or the caller's when the file records none */
    int cad_class;          /* index of the class named "cad" (else 1) */
    char trained_on[600];   /* "trained on: ..." or "training data: not recorded in the model file" */
} pcw_model;

EMSCRIPTEN_KEEPALIVE void pcw_model_free(pcw_model *m)
{
    if (!m) return;
    pc_vgg_free(m->vgg);
    pc_model_info_free(&m->info);
    free(m);
}

/* The file records no dataset: its input size decides when only one dataset has it. */
static int dataset_of_size(const pc_vgg_config *c, pc_dataset *out)
{
    int found = 0;
    for (int d = 0; d < PC_DATASET_COUNT; d++) {
        int h, w;
        pc_montage_size((pc_dataset)d, &h, &w);
        if (h == c->height && w == c->width) *out = (pc_dataset)d, found++;
    }
    return found == 1;
}

/* The checks `polarcad predict` makes of a model file (cli/model_run.c), with the same
 * words: two classes, a dataset (recorded, given as `dataset` >= 0, or implied by the input
 * size) whose montage is the model's input. */
static pc_status check_for_prediction(pc_ctx *ctx, const char *name, int dataset, pcw_model *m)
{
    const pc_vgg_config *c = pc_vgg_get_config(m->vgg);
    const int recorded = m->info.dataset != PC_MODEL_DATASET_NONE;
    if (c->classes != 2)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                       "%s has %d classes; prediction needs a two-class (no CAD / CAD) model", name, c->classes);
    if (recorded && dataset >= 0 && dataset != m->info.dataset)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s is a model for the %s dataset, not %s", name,
                       pc_dataset_name((pc_dataset)m->info.dataset), pc_dataset_name((pc_dataset)dataset));
    if (recorded) m->dataset = (pc_dataset)m->info.dataset;
    else if (dataset >= 0) m->dataset = (pc_dataset)dataset;
    else if (!dataset_of_size(c, &m->dataset)) {
        if (c->height == 150 && c->width == 300)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                           "%s does not record its dataset and its %d x %d input fits both ac and nac; say which "
                           "with the dataset option (acnac, ac or nac)", name, c->height, c->width);
        /* No dataset option could help: say what is wrong with the model (as polarcad predict). */
        char sizes[128] = "";
        for (int d = 0; d < PC_DATASET_COUNT; d++) {
            int dh, dw;
            pc_montage_size((pc_dataset)d, &dh, &dw);
            size_t len = strlen(sizes);
            snprintf(sizes + len, sizeof sizes - len, "%s%s %d x %d", d ? ", " : "", pc_dataset_name((pc_dataset)d),
                     dh, dw);
        }
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                       "%s takes %d x %d images, which is no dataset's montage (%s): a model for another input size",
                       name, c->height, c->width, sizes);
    }
    int h, w;
    pc_montage_size(m->dataset, &h, &w);
    if (h != c->height || w != c->width)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                       "%s takes %d x %d images, but the %s montage is %d x %d: a model for another input size",
                       name, c->height, c->width, pc_dataset_name(m->dataset), h, w);
    m->cad_class = 1;
    for (int i = 0; i < m->info.n_class_names; i++)
        if (strcmp(m->info.class_names[i], "cad") == 0) m->cad_class = i;
    char said[sizeof m->trained_on - 16];
    if (pc_model_info_trained_on(&m->info, said, sizeof said))
        snprintf(m->trained_on, sizeof m->trained_on, "trained on: %s", said);
    else
        snprintf(m->trained_on, sizeof m->trained_on, "training data: not recorded in the model file");
    return PC_STATUS_OK;
}

/* Decodes a model file (fp32, fp16 or int8 weights) from bytes for prediction. dataset:
 * a pc_dataset for a file that records none, or -1. */
EMSCRIPTEN_KEEPALIVE pc_status pcw_model_load(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                                              int dataset, pcw_model **out)
{
    pcw_model *m = calloc(1, sizeof *m);
    if (!m) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory loading the model", name);
    pc_vgg_config runtime;
    pc_vgg_config_default(&runtime, PC_VGG16);
    runtime.batch = 1, runtime.trainable_convs = 0;   /* inference: no training arenas */
    pc_status st = pc_model_decode(ctx, bytes, size, name, &runtime, &m->vgg, &m->info);
    if (!st) st = check_for_prediction(ctx, name, dataset, m);
    if (st) {
        pcw_model_free(m);
        return st;
    }
    *out = m;
    return PC_STATUS_OK;
}

EMSCRIPTEN_KEEPALIVE const char *pcw_model_arch(const pcw_model *m)
{
    return pc_vgg_arch_name(pc_vgg_get_config(m->vgg)->arch);
}
EMSCRIPTEN_KEEPALIVE double pcw_model_width_mult(const pcw_model *m)
{
    return (double)pc_vgg_get_config(m->vgg)->width_mult;
}
EMSCRIPTEN_KEEPALIVE int pcw_model_height(const pcw_model *m) { return pc_vgg_get_config(m->vgg)->height; }
EMSCRIPTEN_KEEPALIVE int pcw_model_width(const pcw_model *m) { return pc_vgg_get_config(m->vgg)->width; }
EMSCRIPTEN_KEEPALIVE int pcw_model_dataset(const pcw_model *m) { return (int)m->dataset; }
EMSCRIPTEN_KEEPALIVE const char *pcw_model_weights(const pcw_model *m) { return pc_model_dtype_name(m->info.dtype); }
EMSCRIPTEN_KEEPALIVE const char *pcw_model_trained_on(const pcw_model *m) { return m->trained_on; }
EMSCRIPTEN_KEEPALIVE const char *pcw_model_metadata(const pcw_model *m) { return m->info.metadata_json; }
EMSCRIPTEN_KEEPALIVE int pcw_model_cad_class(const pcw_model *m) { return m->cad_class; }
EMSCRIPTEN_KEEPALIVE int pcw_model_class_count(const pcw_model *m) { return m->info.n_class_names; }
EMSCRIPTEN_KEEPALIVE const char *pcw_model_class_name(const pcw_model *m, int i) { return m->info.class_names[i]; }

/* ---- one prediction ------------------------------------------------------------------- */

typedef struct pcw_prediction {
    float p_cad;
    int class_index;
    int has_gradcam;
    pc_gradcam gradcam;   /* zeroed without Grad-CAM */
} pcw_prediction;

EMSCRIPTEN_KEEPALIVE void pcw_prediction_free(pcw_prediction *p)
{
    if (!p) return;
    pc_gradcam_free(&p->gradcam);
    free(p);
}

/* P(CAD) of a preprocessed study and, with gradcam, its Grad-CAM for the predicted class
 * with territory shares over layout's rings (a pc_ring_layout). */
EMSCRIPTEN_KEEPALIVE pc_status pcw_predict(pc_ctx *ctx, pcw_model *m, const pc_study *study, int gradcam, int layout,
                                           pcw_prediction **out)
{
    pcw_prediction *p = calloc(1, sizeof *p);
    if (!p) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for the prediction");
    pc_image montage = {0};
    float *x = NULL;
    pc_status st = pc_study_montage(ctx, study, m->dataset, &montage);
    if (st) goto done;
    const size_t n = (size_t)montage.width * (size_t)montage.height * 3;
    if (!(x = malloc(n * sizeof *x))) {
        st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for the network's input");
        goto done;
    }
    pc_vgg_preprocess(montage.rgb, (size_t)montage.height, (size_t)montage.width, x);
    if (gradcam) {
        st = pc_gradcam_explain(ctx, m->vgg, x, m->dataset, PC_GRADCAM_PREDICTED, (pc_ring_layout)layout,
                                &p->gradcam);
        if (st) goto done;
        p->has_gradcam = 1;
        p->p_cad = p->gradcam.probs[m->cad_class];
        p->class_index = p->gradcam.class_index;
    } else {
        float probs[2];
        if ((st = pc_vgg_predict(ctx, m->vgg, x, 1, probs, NULL))) goto done;
        p->p_cad = probs[m->cad_class];
        p->class_index = probs[1] > probs[0];   /* the argmax, class 0 on a tie (as Grad-CAM's) */
    }
done:
    free(x);
    pc_image_free(&montage);
    if (st) {
        pcw_prediction_free(p);
        return st;
    }
    *out = p;
    return PC_STATUS_OK;
}

EMSCRIPTEN_KEEPALIVE double pcw_prediction_p_cad(const pcw_prediction *p) { return (double)p->p_cad; }
EMSCRIPTEN_KEEPALIVE int pcw_prediction_class(const pcw_prediction *p) { return p->class_index; }
EMSCRIPTEN_KEEPALIVE int pcw_prediction_has_gradcam(const pcw_prediction *p) { return p->has_gradcam; }

EMSCRIPTEN_KEEPALIVE const char *pcw_gradcam_layer(const pcw_prediction *p) { return p->gradcam.layer; }
EMSCRIPTEN_KEEPALIVE double pcw_gradcam_mass(const pcw_prediction *p) { return p->gradcam.mass; }
EMSCRIPTEN_KEEPALIVE double pcw_gradcam_max_heat(const pcw_prediction *p) { return (double)p->gradcam.max_heat; }
EMSCRIPTEN_KEEPALIVE int pcw_gradcam_tile_size(const pcw_prediction *p) { return p->gradcam.tile_size; }
EMSCRIPTEN_KEEPALIVE const char *pcw_gradcam_top_territory(const pcw_prediction *p)
{
    return pc_territory_name(pc_gradcam_top_territory(p->gradcam.study_share));
}

/* The study's territory shares (map = -1: out[0..2] LAD, LCx, RCA) or one map's (out[0..2]
 * its territory shares, out[3] its share of the study's heat). Returns 0 for a map the
 * model's dataset does not read (out untouched). */
EMSCRIPTEN_KEEPALIVE int pcw_gradcam_shares(const pcw_prediction *p, int map, double *out)
{
    const pc_gradcam *g = &p->gradcam;
    if (map < 0) {
        memcpy(out, g->study_share, sizeof g->study_share);
        return 1;
    }
    if (!g->tile_heat[map]) return 0;
    memcpy(out, g->share[map], sizeof g->share[map]);
    out[PC_TERRITORY_COUNT] = g->map_share[map];
    return 1;
}

/* One map's heat, (tile_size, tile_size) raw units, 0 outside the disc; NULL when the
 * dataset does not read the map. */
EMSCRIPTEN_KEEPALIVE const float *pcw_gradcam_tile_heat(const pcw_prediction *p, int map)
{
    return p->gradcam.tile_heat[map];
}
