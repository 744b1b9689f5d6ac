/* predict.h: a trained model applied to one study, the same for the command-line tool and
 * the page (public). Two steps:
 *   - pc_predictor_check: the checks a model file must pass before it predicts, with
 *     messages a user can act on (two classes; the dataset it was made for; an input size
 *     that is its dataset's montage, or that montage resized as `polarcad train --input`
 *     did), and what they decide: the dataset, which class is CAD, the trained-on line;
 *   - pc_predictor_run: P(CAD) of a preprocessed study as training saw it at angle 0
 *     (montage, resized when the model was trained so, Keras "caffe" preprocessing) and,
 *     when asked, its Grad-CAM for the predicted class (the same pass gives the P).
 *     A study in a colour table the model was not trained on is first drawn again in
 *     one it was (preprocess/redraw.h), unless the caller turns that off.
 *
 * Usage:
 *     pc_predictor p;
 *     if (pc_predictor_check(ctx, model, &info, -1, "model.pcm", &p)) ... message in ctx ...
 *     float p_cad; int cls;
 *     if (pc_predictor_run(ctx, model, &p, study, PC_RINGS_EQUAL_WIDTH, &p_cad, &cls, &gradcam)) ... */
#ifndef PC_EXPLAIN_PREDICT_H
#define PC_EXPLAIN_PREDICT_H

#include "../base/status.h"
#include "../io/model_file.h"
#include "../nn/vgg.h"
#include "../preprocess/preprocess.h"
#include "../study.h"
#include "gradcam.h"

typedef struct pc_predictor {
    pc_dataset dataset;     /* the file's, or the caller's when the file records none */
    int cad_class;          /* index of the class named "cad" (else 1) */
    int resize;             /* the montage is resized to the model's input (a polarcad model
                               trained with --input HxW of the montage's aspect ratio) */
    char trained_on[600];   /* "trained on: ..." or "training data: not recorded in the model file" */
    unsigned colormaps;     /* the colour tables its training maps were in (1u << pc_colormap); 0 = unknown */
    int redraw;             /* 1 (pc_predictor_check's default): maps in another table are drawn
                               again in the first of colormaps before the network sees them */
} pc_predictor;

/* Checks model (loaded with info) for prediction; name labels the messages ("m.pcm is a
 * model for the acnac dataset, not ac"). dataset: the caller's choice (a pc_dataset), or -1.
 * It must agree with the file's dataset, and decides it for a file that records none; else
 * the input size decides. Fails with PC_STATUS_INVALID_ARGUMENT only when naming a dataset
 * would help (a file that records none, with an input that fits both ac and nac); with
 * PC_STATUS_UNSUPPORTED for a model that cannot predict here (classes, another dataset,
 * another input size). *out untouched on failure. */
pc_status pc_predictor_check(pc_ctx *ctx, const pc_vgg *model, const pc_model_info *info, int dataset,
                             const char *name, pc_predictor *out);

/* P(CAD) (*p_cad_out) and the predicted class (*class_out: the argmax, class 0 on a tie, as
 * Grad-CAM's) of a preprocessed study; with gradcam_out (may be NULL), its Grad-CAM for the
 * predicted class with territory shares over layout's rings (free with pc_gradcam_free). */
pc_status pc_predictor_run(pc_ctx *ctx, pc_vgg *model, const pc_predictor *p, const pc_study *study,
                           pc_ring_layout layout, float *p_cad_out, int *class_out, pc_gradcam *gradcam_out);

/* pc_predictor_run on a study already as the network reads it (pc_predictor_network_study's
 * seen_out), for a caller that also shows those tiles and so need not draw them twice. */
pc_status pc_predictor_run_seen(pc_ctx *ctx, pc_vgg *model, const pc_predictor *p, const pc_study *seen,
                                pc_ring_layout layout, float *p_cad_out, int *class_out, pc_gradcam *gradcam_out);

/* The colour table the network sees the study in: the study's own, or, when the model
 * records tables that do not include it and p->redraw is on, the first it records. */
pc_colormap pc_predictor_network_table(const pc_predictor *p, const pc_study *study);

/* The study as the network reads it: *seen_out is a shallow copy of study whose tiles are
 * redrawn_out's, drawn in pc_predictor_network_table's table, when that table is not the
 * study's; else study's own (redrawn_out then stays empty). seen_out borrows from study and
 * redrawn_out: never free it; free each of redrawn_out with pc_image_free. On failure
 * nothing is allocated. */
pc_status pc_predictor_network_study(pc_ctx *ctx, const pc_predictor *p, const pc_study *study, pc_study *seen_out,
                                     pc_image redrawn_out[PC_MAP_COUNT]);

/* 1 with a warning in out when the study's colour table is not one the model was trained on
 * (the network reads colours: in another table its output can be meaningless, see
 * docs/results.md "Robustness"), saying whether the maps were drawn again in the model's
 * table; 0 with out = "" otherwise, or when the model does not say. */
int pc_predictor_table_warning(const pc_predictor *p, const pc_study *study, char *out, size_t cap);

#endif
