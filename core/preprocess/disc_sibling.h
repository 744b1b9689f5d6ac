/* disc_sibling.h: more panels like one already found (internal to disc.c).
 *
 * A pair or a 2 x 2 display pastes its exports side by side: square canvases of one
 * colour and one size. When a map's own colours come close to the window's (a gray map on
 * a light-grey window), disc and canvas do not stand out from the window as one shape:
 * the canvas shows only as four corner pieces, and the coarse search sees fragments, not a
 * square. Once one map has been found on its canvas, its siblings are looked for by what
 * they share with it: a box of the same side whose four corners are all canvas colour. */
#ifndef PC_PREPROCESS_DISC_SIBLING_H
#define PC_PREPROCESS_DISC_SIBLING_H

#include <stdint.h>

#include "../image/image.h"

/* Boxes {x0, y0, x1, y1} of side `side` px whose four corner squares (a tenth of the side)
 * are almost all within `near` (max channel difference) of `panel`, the best first, none
 * overlapping another or any of the n_known boxes in known; at most max_out of them into
 * boxes_out. Returns how many, or -1 when out of memory. */
int disc_sibling_boxes(const pc_image *img, const uint8_t panel[3], int side, int near, const int (*known)[4],
                       int n_known, int max_out, int (*boxes_out)[4]);

#endif
