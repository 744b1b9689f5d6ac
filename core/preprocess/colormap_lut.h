/* colormap_lut.h: a fast exact inverse of a colour table (colour -> nearest index).
 *
 * pc_colormap_nearest (image/colormap.h) is the reference: it compares a colour with all
 * 256 entries. This gives the same answer, ties included, by cutting RGB space into
 * 16 x 16 x 16 cells and keeping for each cell only the entries that can be nearest to
 * some colour in it: entry e is kept when its smallest possible distance to the cell is
 * at most the smallest, over all entries, of the largest distance to the cell. Any entry
 * that is nearest (or tied nearest) for a colour in the cell passes that test, and the
 * candidates are searched in increasing index with the reference's tie rule (higher index
 * wins), so the result is identical. A typical cell keeps a handful of entries. */
#ifndef PC_PREPROCESS_COLORMAP_LUT_H
#define PC_PREPROCESS_COLORMAP_LUT_H

#include <stdint.h>

#include "../base/status.h"
#include "../image/colormap.h"

typedef struct pc_colormap_lut pc_colormap_lut;   /* opaque; read-only once built */

/* Builds the inverse of one table (about 2 M integer operations). Free with
 * pc_colormap_lut_free (NULL is a no-op). */
pc_status pc_colormap_lut_create(pc_ctx *ctx, pc_colormap map, pc_colormap_lut **out);
void pc_colormap_lut_free(pc_colormap_lut *lut);

/* Same result as pc_colormap_nearest(table of map, r, g, b, dist2_out). */
int pc_colormap_lut_nearest(const pc_colormap_lut *lut, uint8_t r, uint8_t g, uint8_t b, int *dist2_out);

/* The nearest entry if it lies within sqrt(max_dist2), else -1 (*dist2_out is then not
 * set). Same index as pc_colormap_lut_nearest whenever that one is within the limit; cells
 * whose every colour is farther than the limit from the whole table answer at once. */
int pc_colormap_lut_nearest_within(const pc_colormap_lut *lut, uint8_t r, uint8_t g, uint8_t b, int max_dist2,
                                   int *dist2_out);

/* The table the inverse was built from (256 x RGB). */
const uint8_t (*pc_colormap_lut_table(const pc_colormap_lut *lut))[3];

/* Mean number of candidate entries per cell (for the benchmark). */
double pc_colormap_lut_mean_candidates(const pc_colormap_lut *lut);

#endif
