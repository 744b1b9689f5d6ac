/* preprocess.h: the one way from a study's images to what the analyses read (public).
 *
 *     decoded image -> find the disc -> crop square, resample to 150 x 150, mask
 *                   -> detect the colour table (jointly over the study's maps)
 *                   -> relative counts per pixel (the semi-quantitative analysis)
 *     four tiles    -> the montage of each dataset (the network's input)
 *
 * The command-line tool, the WebAssembly API and the page all go through
 * pc_study_preprocess and pc_study_montage, so what the page shows is what training
 * and prediction see. Decoding and file reading stay with the caller (the CLI reads
 * files, the page gets bytes from the browser), so everything here runs in the
 * WebAssembly build too. The steps themselves (disc.h, tile.h, invert.h, montage.h)
 * are internal. */
#ifndef PC_PREPROCESS_PREPROCESS_H
#define PC_PREPROCESS_PREPROCESS_H

#include <stdint.h>

#include "../base/status.h"
#include "../image/colormap.h"
#include "../image/image.h"
#include "../polar/geometry.h"
#include "../study.h"

/* Where the disc was found in its image. */
typedef struct pc_disc_fit {
    pc_disc disc;             /* centre and radius in pixels (pixel (i, j) has its centre at i + 0.5, j + 0.5) */
    uint8_t background[3];    /* the background colour found around the disc */
    double edge_agreement;    /* share of rim rays whose edge lies on the fitted circle */
    double fill;              /* share of the disc (inside 0.9 R) that differs from the background */
    double visible_rim;       /* share of the rim inside the image: 1 unless the image edge cuts the disc off */
} pc_disc_fit;

/* The inverses of all clinical colour tables, built once (about 10 ms) and shared
 * read-only by every study (and thread). */
typedef struct pc_inverter pc_inverter;

pc_status pc_inverter_create(pc_ctx *ctx, pc_inverter **inverter_out);
void pc_inverter_free(pc_inverter *inv);

/* How colours are read back to counts (invert.h describes the method). */
typedef struct pc_invert_options {
    int tolerance;          /* RGB distance to the nearest entry that still matches (default 40) */
    int outlier;            /* points (0..100) from the 5 x 5 median that make a pixel an overlay (default 20) */
    double rim_margin;      /* fraction of the radius left out at the rim (default 0.03) */
    double max_unmatched;   /* refuse tiles with more unmatched disc pixels than this (default 0.30) */
} pc_invert_options;

void pc_invert_options_default(pc_invert_options *opt);

/* How well one colour table explains a tile's disc. */
typedef struct pc_table_fit {
    long matched;       /* disc pixels within tolerance */
    long pixels;        /* disc pixels looked at */
    double mean_dist;   /* mean nearest distance over the matched pixels */
    double loss;        /* sum over the pixels of min(d^2, tolerance^2): the detection criterion */
} pc_table_fit;

/* Relative counts of one tile. A pixel is outside the disc (or its rim margin), matched
 * to the table, or unmatched (an overlay, text, or a colour of no table). */
enum { PC_PIXEL_OUTSIDE = 0, PC_PIXEL_MATCHED = 1, PC_PIXEL_UNMATCHED = 2 };

typedef struct pc_counts {
    int size;                   /* tile side */
    float *value;               /* (size, size) relative counts 0..100 where state is MATCHED, else 0 */
    uint8_t *state;             /* (size, size) PC_PIXEL_* */
    pc_colormap table;
    long matched, unmatched;    /* disc pixels (inside the rim margin) */
    double unmatched_fraction;  /* unmatched / (matched + unmatched) */
} pc_counts;

void pc_counts_free(pc_counts *counts);

typedef struct pc_preprocess_options {
    int tile_size;              /* side of the tiles (default PC_TILE_SIZE = 150) */
    int table;                  /* a pc_colormap to force, or -1 to detect (default) */
    pc_invert_options invert;
} pc_preprocess_options;

void pc_preprocess_options_default(pc_preprocess_options *opt);

/* One image -> its masked tile and where the disc was (disc_out may be NULL). name labels
 * messages. *tile_out is untouched on failure. */
pc_status pc_map_tile(pc_ctx *ctx, const pc_image *image, const char *name, int size, pc_image *tile_out,
                      pc_disc_fit *disc_out);

typedef struct pc_study {
    int present[PC_MAP_COUNT];               /* which maps were given */
    pc_image tile[PC_MAP_COUNT];             /* (size, size) masked tiles, index pc_map */
    pc_disc_fit disc[PC_MAP_COUNT];          /* where each disc was in its image */
    pc_counts counts[PC_MAP_COUNT];          /* relative counts of each tile */
    uint8_t *missing[PC_MAP_COUNT];          /* (size, size) 1 = the tile pixel lies beyond the image edge (a
                                                disc cut off by it): black, PC_PIXEL_OUTSIDE in counts; NULL
                                                when the whole disc is in its image */
    double missing_share[PC_MAP_COUNT];      /* share of the disc's tile pixels missing that way (0 = none) */
    char warning[PC_MAP_COUNT][256];         /* "" or what a reader must know about the map: that part of
                                                its disc was outside the image and was left out */
    pc_colormap table;                       /* the table used for all maps */
    pc_table_fit fits[PC_COLORMAP_COUNT];    /* every table's fit, summed over the maps */
} pc_study;

/* Preprocesses the maps of one study. images and names are indexed by pc_map; an image
 * may be NULL (that map is absent, e.g. an AC-only study). The colour table is detected
 * once for the whole study (all its maps come from one display), unless forced.
 * Messages name the map's file. *study_out is untouched on failure; free it with
 * pc_study_free. */
pc_status pc_study_preprocess(pc_ctx *ctx, const pc_inverter *inv, const pc_image *const images[PC_MAP_COUNT],
                              const char *const names[PC_MAP_COUNT], const pc_preprocess_options *opt,
                              pc_study *study_out);
void pc_study_free(pc_study *study);

/* The dataset's montage of the study's tiles: the network's input (before the VGG
 * preprocessing). Fails naming the map when the dataset needs one the study lacks.
 * *montage_out is a new image owned by the caller. */
pc_status pc_study_montage(pc_ctx *ctx, const pc_study *study, pc_dataset dataset, pc_image *montage_out);

#endif
