/* gradcam.h: Grad-CAM heat maps of a study's montage, split back into its polar maps, and
 * the share of the heat each coronary territory holds (public: the tool and the page).
 *
 * Grad-CAM (Selvaraju et al. 2017) on the last conv layer (block5_conv3, VGG19 block5_conv4):
 *     w_c  = mean over (i, j) of d logit[class] / d A(i, j, c)      (one weight per channel)
 *     cam  = ReLU(sum_c w_c A(., ., c))                             (h, w), e.g. 18 x 18 at 300 x 300
 * then bilinearly upsampled to the montage (pixel-centre aligned, as cv2.resize: the five
 * floor-pools cover 288 of 300 pixels, so the map is stretched by that 4%, as in Keras
 * Grad-CAM code), cut into the dataset's tiles (study.h's origins) and masked to each
 * tile's disc. A pixel's territory is the AHA assignment of its segment (polar/geometry.h,
 * on pc_disc_of_tile): the heat's mass per territory, divided by the mass of the map (or of
 * the study), gives shares that sum to 1. The heat is evidence FOR the explained class
 * (the ReLU keeps only what raises its score): a map or study with no positive heat has
 * mass 0 and all shares 0, which means "nothing in the image raised this class", not
 * "equal shares".
 *
 * Usage (x is the montage after pc_vgg_preprocess):
 *     pc_gradcam g;
 *     if (pc_gradcam_explain(ctx, model, x, PC_DATASET_ACNAC, PC_GRADCAM_PREDICTED,
 *                            PC_RINGS_EQUAL_WIDTH, &g)) ... message in ctx ...
 *     g.probs[1], g.study_share[PC_TERRITORY_LAD], g.tile_heat[PC_MAP_REST_AC] ...
 *     pc_gradcam_free(&g); */
#ifndef PC_EXPLAIN_GRADCAM_H
#define PC_EXPLAIN_GRADCAM_H

#include <stddef.h>

#include "../base/status.h"
#include "../image/image.h"
#include "../nn/vgg.h"
#include "../polar/geometry.h"
#include "../study.h"

enum { PC_GRADCAM_PREDICTED = -1 };   /* class_index: explain the class the model predicts */

typedef struct pc_gradcam {
    pc_dataset dataset;
    const char *layer;                /* the explained conv layer (a static name) */
    int class_index;                  /* the explained class */
    int classes;
    float *probs;                     /* (classes) softmax output for the image, owned */
    int height, width;                /* montage size */
    float *heat;                      /* (height, width) upsampled ReLU'd Grad-CAM, owned; raw units */
    int tile_size;                    /* side of the tiles (PC_TILE_SIZE) */
    float *tile_heat[PC_MAP_COUNT];   /* (tile_size, tile_size) each used map's heat, 0 outside the
                                         disc; NULL for maps the dataset does not use; owned */
    float max_heat;                   /* largest tile_heat value (0: no positive evidence); overlays
                                         scale by it so the maps of a study compare */
    double mass;                      /* sum of tile_heat over the study's discs */
    double map_share[PC_MAP_COUNT];   /* each map's share of mass */
    double share[PC_MAP_COUNT][PC_TERRITORY_COUNT];   /* per map: territory shares of that map's mass */
    double study_share[PC_TERRITORY_COUNT];           /* territory shares of the study's mass */
} pc_gradcam;

/* Name of the model's last conv layer, the one Grad-CAM explains. */
const char *pc_gradcam_layer(const pc_vgg *m);

/* The Grad-CAM map of one conv layer: weights_out (c) = spatial means of grad, cam_out (h, w)
 * = ReLU(sum_c weights_out[c] act[., ., c]). act and grad are (h, w, c), NHWC. */
void pc_gradcam_from_gradient(const float *act, const float *grad, size_t h, size_t w, size_t c, float *weights_out,
                              float *cam_out);

/* Heat mass per territory of a (size, size) tile heat map over the tile's disc (pixels
 * outside the disc count for nothing). */
void pc_gradcam_territory_mass(const float *tile_heat, int size, pc_ring_layout layout,
                               double mass_out[PC_TERRITORY_COUNT]);

/* From a montage-sized heat map (height, width) of the dataset: the tiles, their masks and
 * every share (the second half of pc_gradcam_explain; tests feed it hand-made heat).
 * Negative heat is treated as 0. *out is filled (heat copied; probs NULL, class -1). */
pc_status pc_gradcam_from_heat(pc_ctx *ctx, const float *heat, int height, int width, pc_dataset dataset,
                               pc_ring_layout layout, pc_gradcam *out);

/* Grad-CAM of one preprocessed montage x (H, W, 3) of the dataset for class_index (or
 * PC_GRADCAM_PREDICTED: the argmax class, found by the same pass when it is class 0,
 * else by one more pass). The model's input must be the dataset's montage, or the montage
 * resized with its aspect ratio kept (a model trained with --input: x is the resized
 * montage, and the heat is mapped back onto the full-size montage). Fails with a message
 * naming the mismatch. *out is untouched on failure; free it with
 * pc_gradcam_free. */
pc_status pc_gradcam_explain(pc_ctx *ctx, pc_vgg *m, const float *x, pc_dataset dataset, int class_index,
                             pc_ring_layout layout, pc_gradcam *out);
void pc_gradcam_free(pc_gradcam *g);

/* The territory with the largest share (LAD on ties or when every share is 0). */
pc_territory pc_gradcam_top_territory(const double share[PC_TERRITORY_COUNT]);

/* A picture of one map's heat for a human reader: the tile as the network saw it beside
 * the same tile in grey with the heat in a sequential colour scale (dark red -> yellow ->
 * white, alpha growing with the heat) scaled by max_heat (the study's, so maps compare),
 * the territory boundaries drawn thin, a colour bar (0 .. study maximum) and the label
 * (upper-case ASCII is drawn; e.g. "STRESS NAC"). Each tile pixel becomes scale x scale
 * pixels (scale 1..8). *out is a new image. */
pc_status pc_gradcam_overlay(pc_ctx *ctx, const pc_image *tile, const float *tile_heat, float max_heat,
                             pc_ring_layout layout, const char *label, int scale, pc_image *out);

#endif
