/* polarcad.h: the public API of the polarcad core, the one header the command-line tool,
 * the WebAssembly shims and anyone linking libpolarcad include.
 *
 * polarcad reads SPECT myocardial perfusion polar maps (bullseye plots) and classifies
 * studies as flow-limiting coronary artery disease or not (see README.md). The core has
 * no globals, never prints and never exits: every fallible call returns a pc_status and
 * leaves a message in the caller's context.
 *
 * Usage: decode the four maps of a study, preprocess them (disc, tile, colour table) and
 * build the paper's ACNAC montage, the network's input.
 *
 *     pc_ctx *ctx = pc_ctx_create();
 *     pc_image maps[PC_MAP_COUNT] = {0};
 *     const pc_image *images[PC_MAP_COUNT] = {0};
 *     pc_inverter *inverter = NULL;
 *     pc_study study = {0};
 *     pc_image montage = {0};
 *     for (int m = 0; m < PC_MAP_COUNT; m++) {
 *         if (pc_image_decode(ctx, bytes[m], sizes[m], names[m], &maps[m])) goto fail;
 *         images[m] = &maps[m];
 *     }
 *     pc_preprocess_options options;
 *     pc_preprocess_options_default(&options);
 *     if (pc_inverter_create(ctx, &inverter) ||
 *         pc_study_preprocess(ctx, inverter, images, names, &options, &study) ||
 *         pc_study_montage(ctx, &study, PC_DATASET_ACNAC, &montage)) goto fail;
 *     ... montage.rgb is 300 x 300 x 3; study.disc[m] says where each disc was ...
 *     goto done;
 *   fail:
 *     fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
 *   done:
 *     pc_image_free(&montage);
 *     pc_study_free(&study);
 *     pc_inverter_free(inverter);
 *     for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&maps[m]);
 *     pc_ctx_free(ctx);
 *
 * Conventions (the whole core follows them; other headers refer here):
 *   - Argument order: OUTPUTS LAST. First the context (pc_ctx for fallible calls, the
 *     kernel table for compute), or the object a function belongs to (pc_image_free(img),
 *     pc_confusion_add(c, ...)); then inputs, weights, sizes and options; then what the
 *     function writes (out-parameters named *_out, written buffers such as out, din, dw).
 *   - Failure: a fallible call returns a pc_status (0 = PC_STATUS_OK) and leaves a message
 *     naming the input and the fault in the context (pc_ctx_last_error). Out-parameters
 *     are left unchanged on failure.
 *   - Ownership: whoever creates an object frees it with the matching _free; _free(NULL)
 *     and freeing a zeroed struct are no-ops. Compute functions never allocate.
 *
 * Public and internal: the headers below are the API. Every other header in core/ is
 * internal (the steps of preprocessing, the colour lookup tables, layers and kernels,
 * the generator's model, byte and text helpers): core's own files and its white-box
 * tests include them; the CLI and wasm/ never do (tests/c/check_public_api.sh checks). */
#ifndef POLARCAD_H
#define POLARCAD_H

/* base: status and messages, files */
#include "base/status.h"
#include "base/file.h"
/* images: decoding with limits, resizing, writing, the clinical colour tables */
#include "image/image.h"
#include "image/encode.h"
#include "image/colormap.h"
/* the domain: maps, datasets, montage layout, sex; bullseye geometry */
#include "study.h"
#include "polar/geometry.h"
/* data sets and folds */
#include "io/manifest.h"
#include "cv/folds.h"
#include "cv/metrics.h"
/* cross-validated results: fold files and their merge, AUC + DeLong, the transparent
 * baseline, evaluation per method, the paper's published rows, the report */
#include "cv/roc.h"
#include "cv/foldfile.h"
#include "cv/merge.h"
#include "cv/logreg.h"
#include "cv/evaluate.h"
#include "cv/published.h"
#include "cv/report.h"
/* the one study pipeline: images -> discs, tiles, colour table, counts -> montage */
#include "preprocess/preprocess.h"
#include "preprocess/redraw.h"
/* the semi-quantitative baseline */
#include "semiquant/features.h"
#include "semiquant/normals.h"
#include "semiquant/score.h"
#include "semiquant/crossval.h"
#include "semiquant/summary.h"
/* the synthetic cohort */
#include "synth/synth.h"
/* the network and its files (Keras import needs libhdf5: native builds only) */
#include "kernels/choice.h"
#include "nn/adam.h"
#include "nn/shape.h"
#include "nn/vgg.h"
#include "io/model_file.h"
#include "io/keras_h5.h"
/* explanations: Grad-CAM heat per polar map and coronary territory */
#include "explain/gradcam.h"
/* a trained model applied to a study: the checks before it predicts, P(CAD), Grad-CAM */
#include "explain/predict.h"
/* training: augmentation, frozen-feature cache, epochs, checkpoints */
#include "train/train.h"

/* "0.1.0": the version of the core library (CMake's project version). */
const char *pc_version(void);

#endif
