/* features.h: what the semi-quantitative analysis measures on each map.
 *
 * From the relative counts of a tile (preprocess/invert.h), using only the geometry
 * module (polar/geometry.h) for where things are:
 *  - per AHA segment (1..17): the mean and the minimum relative count of its measured
 *    pixels, and how many there were;
 *  - per polar-grid sample: the mean relative count in each of PC_GRID_RINGS rings (equal
 *    width in rho) x PC_GRID_SECTORS sectors (equal angle, starting at theta = 0), the
 *    "polar-map samples" that total perfusion deficit is computed over (docs/domain.md
 *    4.4), each weighted by its pixel count (its area on the map).
 * Unmeasured pixels (unmatched, rim) are left out; a segment or sample with none is NAN. */
#ifndef PC_SEMIQUANT_FEATURES_H
#define PC_SEMIQUANT_FEATURES_H

#include <stdint.h>

#include "../polar/geometry.h"
#include "../preprocess/preprocess.h"
#include "../study.h"

enum { PC_GRID_RINGS = 10, PC_GRID_SECTORS = 36, PC_GRID_BINS = PC_GRID_RINGS * PC_GRID_SECTORS };

typedef struct pc_map_features {
    int present;
    float seg_mean[PC_SEGMENT_COUNT];    /* index segment - 1; NAN when the segment has no pixel */
    float seg_min[PC_SEGMENT_COUNT];
    int seg_pixels[PC_SEGMENT_COUNT];
    float grid_mean[PC_GRID_BINS];       /* index ring * PC_GRID_SECTORS + sector; NAN when empty */
    int grid_pixels[PC_GRID_BINS];
} pc_map_features;

/* Everything the scoring needs of one study: no images, so cross-validation can hold a
 * whole cohort in memory (about 13 KB a study). */
typedef struct pc_study_features {
    pc_ring_layout layout;                  /* the ring layout the segments were cut with */
    pc_sex sex;
    pc_map_features map[PC_MAP_COUNT];      /* index pc_map */
} pc_study_features;

/* Polar-grid sample of (rho, theta), or -1 when rho >= 1. */
int pc_grid_bin(double rho, double theta_deg);

/* Which segment and polar-grid sample each pixel of a size x size tile falls in, for one
 * ring layout: computed once from geometry.h and reused for every map. */
typedef struct pc_sampling_index {
    int size;
    pc_ring_layout layout;
    uint8_t *segment;   /* (size, size) 1..17, 0 outside the disc */
    int16_t *bin;       /* (size, size) polar-grid sample, -1 outside */
} pc_sampling_index;

pc_status pc_sampling_index_create(pc_ctx *ctx, int size, pc_ring_layout layout, pc_sampling_index *out);
void pc_sampling_index_free(pc_sampling_index *index);

/* The features of one map. Reference: pc_map_features_from_counts works out every pixel's
 * place with geometry.h as it goes; pc_map_features_indexed reads it from an index (the
 * index's size must be the tile's). Both give identical results (same sums, same order). */
void pc_map_features_from_counts(const pc_counts *counts, pc_ring_layout layout, pc_map_features *out);
void pc_map_features_indexed(const pc_counts *counts, const pc_sampling_index *index, pc_map_features *out);

/* All maps of a preprocessed study (index->size must equal the study's tile size). */
void pc_study_features_from_study(const pc_study *study, const pc_sampling_index *index, pc_sex sex,
                                  pc_study_features *out);

#endif
