/* api_model.c: the shims behind Model in model.mjs: a model file from bytes, and one
 * prediction (P(CAD), the class, Grad-CAM per polar map and per territory).
 *
 * The checks and the prediction are the native `polarcad predict`'s own code (core's
 * explain/predict.h: pc_predictor_check, then pc_predictor_run: the training pipeline at
 * angle 0, then Grad-CAM for the predicted class or the probabilities alone), so the page
 * refuses the files the tool refuses and shows what it prints. Conventions as in api.c: status returned, result through the last
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
    pc_predictor use;   /* dataset, CAD class, resize, trained-on line (core's pc_predictor_check) */
    char table_warning[400];   /* the last pcw_model_table_warning */
} pcw_model;

EMSCRIPTEN_KEEPALIVE void pcw_model_free(pcw_model *m)
{
    if (!m) return;
    pc_vgg_free(m->vgg);
    pc_model_info_free(&m->info);
    free(m);
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
    if (!st) st = pc_predictor_check(ctx, m->vgg, &m->info, dataset, name, &m->use);
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
EMSCRIPTEN_KEEPALIVE int pcw_model_dataset(const pcw_model *m) { return (int)m->use.dataset; }
EMSCRIPTEN_KEEPALIVE const char *pcw_model_weights(const pcw_model *m) { return pc_model_dtype_name(m->info.dtype); }
EMSCRIPTEN_KEEPALIVE const char *pcw_model_trained_on(const pcw_model *m) { return m->use.trained_on; }
EMSCRIPTEN_KEEPALIVE const char *pcw_model_metadata(const pcw_model *m) { return m->info.metadata_json; }
EMSCRIPTEN_KEEPALIVE int pcw_model_cad_class(const pcw_model *m) { return m->use.cad_class; }
EMSCRIPTEN_KEEPALIVE int pcw_model_class_count(const pcw_model *m) { return m->info.n_class_names; }
EMSCRIPTEN_KEEPALIVE const char *pcw_model_class_name(const pcw_model *m, int i) { return m->info.class_names[i]; }

/* "" or the warning that the study's colour table is not one the model was trained on
 * (core's pc_predictor_table_warning; native predict prints the same). Owned by m, valid
 * until the next call. */
EMSCRIPTEN_KEEPALIVE const char *pcw_model_table_warning(pcw_model *m, const pc_study *study)
{
    pc_predictor_table_warning(&m->use, study, m->table_warning, sizeof m->table_warning);
    return m->table_warning;
}

/* The name of the colour table the network sees the study in: the study's own, or the
 * model's when the maps are drawn again (core's pc_predictor_network_table). Static text. */
EMSCRIPTEN_KEEPALIVE const char *pcw_model_network_table(const pcw_model *m, const pc_study *study)
{
    return pc_colormap_name(pc_predictor_network_table(&m->use, study));
}

/* ---- one prediction ------------------------------------------------------------------- */

typedef struct pcw_prediction {
    float p_cad;
    int class_index;
    int has_gradcam;
    pc_gradcam gradcam;   /* zeroed without Grad-CAM */
    /* What the network read, for the page to show: the dataset's montage (seen[0]) and each
     * map's tile (seen[1 + map]; empty for a map the study lacks), in the table the network
     * read them in. Copies: the study they came from is the caller's. */
    pc_image seen[1 + PC_MAP_COUNT];
} pcw_prediction;

EMSCRIPTEN_KEEPALIVE void pcw_prediction_free(pcw_prediction *p)
{
    if (!p) return;
    pc_gradcam_free(&p->gradcam);
    for (int i = 0; i < 1 + PC_MAP_COUNT; i++) pc_image_free(&p->seen[i]);
    free(p);
}

/* Keeps copies of what the network read of seen (pc_predictor_network_study's study) in p. */
static pc_status keep_seen(pc_ctx *ctx, const pcw_model *m, const pc_study *seen, pcw_prediction *p)
{
    pc_status st = pc_study_montage(ctx, seen, m->use.dataset, &p->seen[0]);
    for (int i = 0; !st && i < PC_MAP_COUNT; i++) {
        if (!seen->present[i]) continue;
        const pc_image *tile = &seen->tile[i];
        st = pc_image_create(ctx, tile->width, tile->height, &p->seen[1 + i]);
        if (!st) memcpy(p->seen[1 + i].rgb, tile->rgb, (size_t)tile->width * (size_t)tile->height * 3);
    }
    return st;
}

/* P(CAD) of a preprocessed study and, with gradcam, its Grad-CAM for the predicted class
 * with territory shares over layout's rings (a pc_ring_layout); with what the network read
 * of the study (pcw_prediction_seen), drawn again in the model's table once for both. */
EMSCRIPTEN_KEEPALIVE pc_status pcw_predict(pc_ctx *ctx, pcw_model *m, const pc_study *study, int gradcam, int layout,
                                           pcw_prediction **out)
{
    pcw_prediction *p = calloc(1, sizeof *p);
    if (!p) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for the prediction");
    pc_study seen;   /* shallow: borrows study's tiles or redrawn's */
    pc_image redrawn[PC_MAP_COUNT];
    pc_status st = pc_predictor_network_study(ctx, &m->use, study, &seen, redrawn);
    if (!st) st = pc_predictor_run_seen(ctx, m->vgg, &m->use, &seen, (pc_ring_layout)layout, &p->p_cad,
                                        &p->class_index, gradcam ? &p->gradcam : NULL);
    if (!st) st = keep_seen(ctx, m, &seen, p);
    for (int i = 0; i < PC_MAP_COUNT; i++) pc_image_free(&redrawn[i]);
    if (st) {
        pcw_prediction_free(p);
        return st;
    }
    p->has_gradcam = gradcam != 0;
    *out = p;
    return PC_STATUS_OK;
}

EMSCRIPTEN_KEEPALIVE double pcw_prediction_p_cad(const pcw_prediction *p) { return (double)p->p_cad; }
EMSCRIPTEN_KEEPALIVE int pcw_prediction_class(const pcw_prediction *p) { return p->class_index; }
EMSCRIPTEN_KEEPALIVE int pcw_prediction_has_gradcam(const pcw_prediction *p) { return p->has_gradcam; }

/* What the network read: 0 the montage, 1 + map that map's tile; NULL for a map the study
 * lacks. Owned by p. */
EMSCRIPTEN_KEEPALIVE const pc_image *pcw_prediction_seen(const pcw_prediction *p, int i)
{
    if (i < 0 || i > PC_MAP_COUNT) return NULL;
    return p->seen[i].rgb ? &p->seen[i] : NULL;
}

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
