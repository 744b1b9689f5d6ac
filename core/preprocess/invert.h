/* invert.h: colour-table inversion, from a tile's colours back to relative counts.
 *
 * Each pixel of the disc goes to its nearest entry of a clinical colour table
 * (image/colormap.h, the tables the generator renders with), and that index i gives the
 * relative count 100 * i / 255 (0 = no counts, 100 = the map's maximum). Which table an
 * image uses is detected: the table with the smallest mean truncated squared distance,
 * min(d^2, tolerance^2), over the disc's pixels. Counting matches alone is not enough:
 * a normal map uses only the top third of its table, where several tables look alike
 * (the reds of S-PET and Siemens, the orange-to-white of thermal and cool), and all of
 * them "match" within tolerance; the right one is several times closer.
 *
 * Pixels are "unmatched" when they are farther than `tolerance` from every entry (text,
 * grid lines and JPEG colour smear at sharp borders), or when their index sits more than
 * `outlier` points away from the median of the matched pixels of their 5 x 5
 * neighbourhood (thin overlays drawn in a colour that happens to be in the table, like
 * white text on a thermal map; real defects are smooth over many pixels). A matched
 * pixel's value is that 5 x 5 median (docs/domain.md 5.2 suggests median filtering): it
 * removes 1-2 px overlays and JPEG speckle and keeps defect edges. Unmatched pixels are left out of every
 * measurement; an image where more than `max_unmatched` of the disc is unmatched is
 * refused, since it is probably not a polar map in a known table.
 *
 * The outermost ring of the disc (`rim_margin` of the radius) is left out too: its
 * pixels mix the map with the background. */
#ifndef PC_PREPROCESS_INVERT_H
#define PC_PREPROCESS_INVERT_H

#include <stdint.h>

#include "../base/status.h"
#include "../image/colormap.h"
#include "../image/image.h"
#include "colormap_lut.h"
#include "preprocess.h"   /* pc_inverter, pc_invert_options, pc_table_fit, pc_counts */

/* The inverse of one table, from the inverter (preprocess.h) built once and shared. */
const pc_colormap_lut *pc_inverter_lut(const pc_inverter *inv, pc_colormap map);

/* How well one table explains a tile's disc: fits every table to the tile (every other
 * pixel in each direction, which is plenty). */
void pc_tables_fit(const pc_inverter *inv, const pc_image *tile, const pc_invert_options *opt,
                   pc_table_fit fits_out[PC_COLORMAP_COUNT]);
/* The same, leaving out the tile pixels flagged in missing ((size, size), 1 = the part of
 * a disc cut off by the image edge, tile.h; NULL = none), as if outside the disc. */
void pc_tables_fit_masked(const pc_inverter *inv, const pc_image *tile, const uint8_t *missing,
                          const pc_invert_options *opt, pc_table_fit fits_out[PC_COLORMAP_COUNT]);
/* The best table given fits (summed over several tiles if wanted): the smallest loss per
 * pixel, more matched pixels breaking ties. */
pc_colormap pc_tables_best(const pc_table_fit fits[PC_COLORMAP_COUNT]);

/* Inverts a square tile with the given table. name labels messages. Fails (and frees
 * everything) when the unmatched share is over opt->max_unmatched:
 * "rest_ac.jpg: 64% of the disc matches no colour of the thermal table (limit 30%): ..."
 * *counts_out is untouched on failure; free it with pc_counts_free. */
pc_status pc_counts_from_tile(pc_ctx *ctx, const pc_inverter *inv, const pc_image *tile, pc_colormap table,
                              const pc_invert_options *opt, const char *name, pc_counts *counts_out);
/* The same, with the pixels flagged in missing (as for pc_tables_fit_masked) PC_PIXEL_OUTSIDE:
 * no counts were seen there, so none are read (the black fill of the tile would read as
 * 0% in most tables, a defect nobody measured). */
pc_status pc_counts_from_tile_masked(pc_ctx *ctx, const pc_inverter *inv, const pc_image *tile,
                                     const uint8_t *missing, pc_colormap table, const pc_invert_options *opt,
                                     const char *name, pc_counts *counts_out);

#endif
