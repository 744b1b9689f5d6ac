/* montage.h: the maps of a study and the paper's three dataset montages.
 *
 * A study has four polar maps. A dataset picks some of them and tiles them, each
 * 150 x 150, with columns stress | rest and rows NAC then AC (design.md):
 *     acnac  300 x 300   row 0: stress_nac rest_nac   row 1: stress_ac rest_ac
 *     ac     150 x 300   stress_ac rest_ac
 *     nac    150 x 300   stress_nac rest_nac */
#ifndef PC_IMAGE_MONTAGE_H
#define PC_IMAGE_MONTAGE_H

#include "image.h"

enum { PC_TILE_SIZE = 150 };

typedef enum pc_map {
    PC_MAP_STRESS_NAC = 0,
    PC_MAP_REST_NAC,
    PC_MAP_STRESS_AC,
    PC_MAP_REST_AC,
    PC_MAP_COUNT
} pc_map;

typedef enum pc_dataset {
    PC_DATASET_ACNAC = 0,
    PC_DATASET_AC,
    PC_DATASET_NAC,
    PC_DATASET_COUNT
} pc_dataset;

/* "stress_nac", "rest_nac", "stress_ac", "rest_ac" (the manifest's column names). */
const char *pc_map_name(pc_map map);
/* "acnac", "ac", "nac". */
const char *pc_dataset_name(pc_dataset dataset);
/* Parses a dataset name; returns 1 and sets *out, or 0 for an unknown name. */
int pc_dataset_parse(const char *name, pc_dataset *out);
/* Montage size in pixels. */
void pc_montage_size(pc_dataset dataset, int *height, int *width);
/* Whether the dataset uses a map, and if so its tile's top-left corner. */
int pc_montage_tile_origin(pc_dataset dataset, pc_map map, int *top, int *left);

/* Builds the dataset's montage from maps[PC_MAP_COUNT] (index = pc_map). Maps the dataset
 * does not use may be NULL. Each used map is resized to 150 x 150 (area filter when
 * shrinking) unless it already is. *out is a new image owned by the caller. */
pc_status pc_montage_build(pc_ctx *ctx, pc_dataset dataset, const pc_image *const maps[PC_MAP_COUNT],
                           pc_image *out);

#endif
