/* study.h: the whole preprocessing of one study (design.md "Data flow"):
 *
 *     decoded image -> find the disc -> crop square, resample to 150 x 150, mask
 *                   -> detect the colour table (jointly over the study's maps)
 *                   -> relative counts per pixel
 *     four tiles    -> the montage of each dataset (acnac, ac, nac)
 *
 * Decoding and file reading stay with the caller (the CLI reads files, the page gets
 * bytes from the browser), so everything here runs in the WebAssembly build too. */
#ifndef PC_PREPROCESS_STUDY_H
#define PC_PREPROCESS_STUDY_H

#include "../base/status.h"
#include "../image/image.h"
#include "../image/montage.h"
#include "disc.h"
#include "invert.h"
#include "tile.h"

typedef struct pc_preprocess_options {
    int tile_size;              /* side of the tiles (default PC_TILE_SIZE = 150) */
    int table;                  /* a pc_colormap to force, or -1 to detect (default) */
    pc_invert_options invert;
} pc_preprocess_options;

void pc_preprocess_options_default(pc_preprocess_options *opt);

/* One image -> its masked tile (and where the disc was). */
pc_status pc_map_tile(pc_ctx *ctx, const pc_image *image, const char *name, int size, pc_image *tile_out,
                      pc_disc_fit *disc_out);

typedef struct pc_study {
    int present[PC_MAP_COUNT];               /* which maps were given */
    pc_image tile[PC_MAP_COUNT];             /* (size, size) masked tiles, index pc_map */
    pc_disc_fit disc[PC_MAP_COUNT];          /* where each disc was in its image */
    pc_counts counts[PC_MAP_COUNT];          /* relative counts of each tile */
    pc_colormap table;                       /* the table used for all maps */
    pc_table_fit fits[PC_COLORMAP_COUNT];    /* every table's fit, summed over the maps */
} pc_study;

/* Preprocesses the maps of one study. images and names are indexed by pc_map; an image
 * may be NULL (that map is absent, e.g. an AC-only study). The colour table is detected
 * once for the whole study (all its maps come from one display), unless forced.
 * Messages name the map's file. *out is untouched on failure. */
pc_status pc_study_preprocess(pc_ctx *ctx, const pc_inverter *inv, const pc_image *const images[PC_MAP_COUNT],
                              const char *const names[PC_MAP_COUNT], const pc_preprocess_options *opt,
                              pc_study *out);
void pc_study_free(pc_study *study);

/* The dataset's montage of the study's tiles (pc_montage_build). */
pc_status pc_study_montage(pc_ctx *ctx, const pc_study *study, pc_dataset dataset, pc_image *out);

#endif
