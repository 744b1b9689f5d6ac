/* disc_panel.h: the flat colour of a panel around a shape (internal to disc.c).
 *
 * A map is often shown on a canvas of its own (the export's black square, a white viewer
 * pane) inside a window of another colour. Against the window, disc and canvas are one
 * shape, a square, and its edge is not a circle. The canvas is told apart by where it
 * shows: in the corners of the shape's bounding box, outside the ellipse inscribed in it,
 * where an inscribed disc never reaches. disc.c then trims the box to the canvas and
 * searches it with the canvas colour as background; beyond the region counts as
 * background, so the disc may touch the canvas edges. */
#ifndef PC_PREPROCESS_DISC_PANEL_H
#define PC_PREPROCESS_DISC_PANEL_H

#include <stdint.h>

#include "../image/image.h"

/* The colour of the panel in the box [x0, x1) x [y0, y1) of img (inside the image), from
 * the box's corner areas inset by `inset` px. Pixels within `near` (max channel
 * difference) of `known`, the colour around the box, are left out:
 * what remains must be mostly one colour (at least half of it in one 4-bit-per-channel
 * bin, and at least a fifth of the corner samples in all). Returns 1 and the mean colour
 * of that bin's neighbourhood in out, or 0 when the corners are not one flat colour. */
int disc_panel_colour(const pc_image *img, int x0, int y0, int x1, int y1, int inset, const uint8_t known[3],
                      int near, uint8_t out[3]);

/* Shrinks box {x0, y0, x1, y1} side by side while its outermost row or column has less
 * than half of its pixels within `near` of the panel colour: window strips left by the
 * grid's rounding, a frame line, labels or a drop shadow merged into the shape go, the
 * panel's own edge (panel colour but where the disc touches it) stays. A side on the
 * image's border goes only while its line is mostly `known`, the window's colour: a map
 * cut off by the window edge runs over that side, and its line is disc, not panel. */
void disc_panel_trim(const pc_image *img, int box[4], const uint8_t panel[3], const uint8_t known[3], int near);

#endif
