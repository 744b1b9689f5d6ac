/* normals.h: the semi-quantitative normal database.
 *
 * Built from the maps of normal studies (label 0, training data only: the cross-validation
 * driver in semiquant/crossval.h makes sure of that), separately for each map kind (stress/rest
 * x NAC/AC, docs/domain.md 2.1: normal limits differ with attenuation correction) and for
 * all normals pooled, men only and women only. Per group it keeps the mean and sample SD
 * (n - 1) of every segment mean, segment minimum and polar-grid sample.
 *
 * Saved as a small text file (about 100 KB; docs/semiquant.md describes it):
 *
 *     polarcad-normals 2
 *     layout equal-width
 *     grid 10 36
 *     group stress_nac all 57
 *     seg_mean 81.2 ... (17 values)   seg_sd, segmin_mean, segmin_sd (17 each)
 *     grid_mean ... (360 values)      grid_sd (360)
 *     ... 12 groups (4 maps x all, M, F) ...
 *     end
 *     checksum 89abcdef               (CRC-32, base/crc32.h, of every byte before this line)
 *
 * Statistics a group cannot have (fewer than 2 values) are written as nan. Loading
 * checks the magic, the version, every keyword, count and range, and the checksum, and
 * names the line of the first fault. A version 1 file (the same text with an FNV-1a
 * checksum) is refused with that reason rather than as a checksum mismatch: rebuild it
 * with `polarcad normals`. */
#ifndef PC_SEMIQUANT_NORMALS_H
#define PC_SEMIQUANT_NORMALS_H

#include <stddef.h>

#include "features.h"

enum { PC_NORMALS_VERSION = 2 };

typedef struct pc_normal_group {
    int n;                                  /* normal studies with this map in the group */
    float seg_mean[PC_SEGMENT_COUNT];       /* mean over normals of the segment means */
    float seg_sd[PC_SEGMENT_COUNT];
    float segmin_mean[PC_SEGMENT_COUNT];    /* of the segment minimums */
    float segmin_sd[PC_SEGMENT_COUNT];
    float grid_mean[PC_GRID_BINS];          /* of the polar-grid samples */
    float grid_sd[PC_GRID_BINS];
} pc_normal_group;

typedef struct pc_normals {
    pc_ring_layout layout;
    /* [map][sex]: sex PC_SEX_UNKNOWN holds all normals pooled, MALE and FEMALE each sex. */
    pc_normal_group group[PC_MAP_COUNT][PC_SEX_COUNT];
} pc_normals;

/* Builds the database from the given normal studies (the caller picks them; every one
 * must have been sampled with `layout`). About 38 KB: allocate it on the heap. */
pc_status pc_normals_build(pc_ctx *ctx, const pc_study_features *const *normals, int n, pc_ring_layout layout,
                           pc_normals *out);

/* Text form (new malloc'd buffer, *text_out, free with free()). */
pc_status pc_normals_format(pc_ctx *ctx, const pc_normals *normals, char **text_out, size_t *size_out);
/* Parses and validates the text form. name labels messages. */
pc_status pc_normals_parse(pc_ctx *ctx, const char *text, size_t size, const char *name, pc_normals *out);

#endif
