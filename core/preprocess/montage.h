/* montage.h: tiles placed into the dataset's montage (internal to preprocessing).
 *
 * The one way from four maps to the network's input is pc_study_preprocess +
 * pc_study_montage (preprocess.h): disc found, cropped, masked, then tiled here. This
 * helper only places images at the tile origins of study.h's layout; it knows nothing of
 * discs, so nothing outside preprocessing calls it. */
#ifndef PC_PREPROCESS_MONTAGE_H
#define PC_PREPROCESS_MONTAGE_H

#include "../base/status.h"
#include "../image/image.h"
#include "../study.h"

/* Builds the dataset's montage from tiles[PC_MAP_COUNT] (index = pc_map). Tiles the
 * dataset does not use may be NULL. A tile that is not PC_TILE_SIZE square is resized
 * (area filter when shrinking). *montage_out is a new image owned by the caller. */
pc_status pc_montage_assemble(pc_ctx *ctx, pc_dataset dataset, const pc_image *const tiles[PC_MAP_COUNT],
                              pc_image *montage_out);

#endif
