/* model_run.h: what the commands that run a trained model (predict, export --check-data)
 * share: loading a model file with the checks a user needs (core's pc_predictor_check: two
 * classes, the dataset and input size it was made for; the page makes the same), its
 * provenance line, and one study through the same preprocessing as training
 * (pc_predictor_run). */
#ifndef PC_CLI_MODEL_RUN_H
#define PC_CLI_MODEL_RUN_H

#include <stdio.h>

#include "semiq.h"

typedef struct model_run {
    const char *path;
    pc_vgg *model;
    pc_model_info info;
    pc_predictor use;         /* what the checks decided: dataset, CAD class, resize, trained-on line */
} model_run;

/* Loads the model at path for inference. dataset_name (--dataset, may be NULL) must agree
 * with the file's dataset and is needed when the file records none and its input size
 * does not decide it. Prints "polarcad <command>: ..." and returns CLI_EXIT_FAILURE (bad or
 * foreign file, a model for another dataset or input size) or CLI_EXIT_USAGE; 0 on success. */
int model_run_load(const char *command, const char *path, const char *dataset_name, model_run *out);
void model_run_free(model_run *r);

/* The map files the model reads: paths_out[m] = given[m] for the dataset's maps ("-" is an
 * error naming the map), NULL for the others (not read at all). Prints and returns 0 on
 * error. given may hold NULL for absent maps (a manifest). */
int model_run_paths(const char *command, const model_run *r, const char *const given[PC_MAP_COUNT],
                    const char *paths_out[PC_MAP_COUNT]);

/* Reads and preprocesses the maps of manifest case c that the model uses (semiq_load_study);
 * a failure's message names the case and its manifest line. *study_out: free with pc_study_free. */
pc_status model_run_case(pc_ctx *ctx, const model_run *r, const semiq_engine *engine, const semiq_setup *setup,
                         const pc_manifest_case *c, pc_study *study_out);

/* P(CAD) of a preprocessed study; with gradcam_out, also its Grad-CAM for the predicted
 * class (the same pass gives the probabilities). */
pc_status model_run_study(pc_ctx *ctx, model_run *r, const pc_study *study, pc_ring_layout layout,
                          float *p_cad_out, pc_gradcam *gradcam_out);

/* "model: PATH (vgg16, width 1, acnac 300 x 300, weights int8)" and the trained-on line. */
void model_run_print_provenance(const model_run *r, FILE *out);

#endif
