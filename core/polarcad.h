/* polarcad.h: the public API of the polarcad core, the one header the command-line tool
 * and the WebAssembly binding include.
 *
 * polarcad reads SPECT myocardial perfusion polar maps (bullseye plots) and classifies
 * studies as flow-limiting coronary artery disease or not (see README.md). The core has
 * no globals, never prints and never exits: every fallible call returns a pc_status and
 * leaves a message in the caller's context.
 *
 * Usage: decode the four maps of a study and build the paper's ACNAC montage.
 *
 *     pc_ctx *ctx = pc_ctx_create();
 *     pc_image maps[PC_MAP_COUNT] = {0};
 *     for (int m = 0; m < PC_MAP_COUNT; m++)
 *         if (pc_image_decode(ctx, bytes[m], sizes[m], names[m], &maps[m]))
 *             { fprintf(stderr, "%s\n", pc_ctx_last_error(ctx)); goto done; }
 *     const pc_image *tiles[PC_MAP_COUNT] = {&maps[0], &maps[1], &maps[2], &maps[3]};
 *     pc_image montage = {0};
 *     if (pc_montage_build(ctx, PC_DATASET_ACNAC, tiles, &montage) == PC_STATUS_OK)
 *         ... montage.rgb is 300 x 300 x 3 ...
 *     pc_image_free(&montage);
 *   done:
 *     for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&maps[m]);
 *     pc_ctx_free(ctx);
 *
 * Ownership: whoever creates an object frees it with the matching _free; _free(NULL)
 * and freeing a zeroed struct are no-ops. Out-parameters come last and are left
 * unchanged on failure. */
#ifndef POLARCAD_H
#define POLARCAD_H

#include "base/status.h"
#include "base/rng.h"
#include "image/image.h"
#include "image/encode.h"
#include "image/colormap.h"
#include "image/montage.h"
#include "polar/geometry.h"
#include "io/file.h"
#include "synth/synth.h"
#include "io/manifest.h"
#include "cv/folds.h"
#include "cv/metrics.h"
#include "preprocess/colormap_lut.h"
#include "preprocess/median.h"
#include "preprocess/disc.h"
#include "preprocess/tile.h"
#include "preprocess/invert.h"
#include "preprocess/study.h"
#include "semiquant/features.h"
#include "semiquant/normals.h"
#include "semiquant/score.h"
#include "semiquant/cv.h"
#include "nn/vgg.h"
#include "io/model_file.h"

/* "0.1.0": the version of the core library (CMake's project version). */
const char *pc_version(void);

#endif
