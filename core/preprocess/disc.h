/* disc.h: finding the bullseye disc in an export or a screen capture.
 *
 * Input: any RGB image holding one polar map: a plain export, a tight crop, or a screen
 * capture with labels, a colour bar and text around the map, on a uniform background of
 * any colour, possibly JPEG-compressed. Output: the disc's centre and radius in pixels,
 * to sub-pixel precision.
 *
 * Method (no parameters to tune per image; docs/semiquant.md 1.1 has the numbers):
 *  1. Background: the most common colour along the image border.
 *  2. Foreground: pixels whose colour differs from the background by more than
 *     PC_DISC_FG_THRESHOLD in some channel.
 *  3. Coarse candidates: the foreground mask on a grid of at most ~320 cells a side,
 *     closed (so thin grid lines drawn over the map do not cut it up) and with holes
 *     filled (text inside the map, hot spots the colour of the background); connected
 *     regions that are at all round (overlap with the circle of the same area) are
 *     candidates, largest first.
 *  4. Rim: 360 rays from the candidate's centre find where the foreground ends, at
 *     sub-pixel precision (half-contrast crossing, so an anti-aliased edge and a dark rim
 *     on a dark background both land on the true edge). A robust circle fit (RANSAC, then
 *     geometric least squares on the agreeing rays) ignores rays that a label touching
 *     the disc pushes out or a background-coloured patch at the rim pulls in.
 *  5. Checks: most rays agree with the circle, the disc is at least
 *     PC_DISC_MIN_DIAMETER px across, most of it differs from the background, and its rim
 *     is a step, not the slow shading of a spot inside a map whose own rim is lost in the
 *     background. Otherwise the image gets "no polar map found" with the reason.
 *  6. Only if that finds nothing: once more with a threshold just above the background's
 *     own noise, for maps whose colours come close to the background.
 * Panels: a candidate that is not a disc but whose box has corners of one flat colour
 * (a map on its own canvas, black, white or any colour, inside a window of another) is
 * searched again with that colour as a second background (disc_panel.h). Against window
 * and canvas together, a disc inscribed in its canvas, touching all four sides, is a disc.
 * A weak disc (under 80% of the rays agree) is checked the same way, first with its
 * circle's square as the box: a small map's square canvas passes as the circle through the
 * middles of its sides, 2-3% too large. A weak fit on a panel never stands: what is read
 * inside replaces it, and if nothing is, it counts as a shape not read (the self-check
 * below). A weak fit on no panel stands. Of two fits of one disc, the one whose rim agrees
 * better is kept.
 * Several maps: every candidate is fitted, not only the first that works, so an image with
 * two or four maps is recognised as such (pc_disc_find refuses it, pc_disc_find_all reads
 * them all). Once a map is found on a canvas, boxes of the same side whose corners are the
 * same canvas colour are searched too (disc_sibling.h): a display of maps whose colours
 * come close to the window's breaks up into fragments that the coarse search cannot read.
 * Self-check (disc_check.h): a small disc inside a larger one's square is a canvas fragment
 * and goes; a shape at least half as large as the maps found, on none of them, that could
 * not be read means a map was missed, and the image is refused rather than read in part.
 * Cut off by the image edge: rays that run into the edge give no rim point, so the circle
 * is fitted to the visible rim; the disc is accepted when its centre and at least 60% of
 * its rim are inside the image, else refused. pc_disc_fit.visible_rim says how much was
 * inside; the tile masks the part outside (tile.h) and the study warns (preprocess.h).
 * Known limit: a map whose colours equal the background over most of its rim (a gray map
 * on the same grey) cannot be separated from it by colour and is reported as not found. */
#ifndef PC_PREPROCESS_DISC_H
#define PC_PREPROCESS_DISC_H

#include <stdint.h>

#include "../base/status.h"
#include "../image/image.h"
#include "../polar/geometry.h"
#include "preprocess.h"   /* pc_disc_fit */

enum {
    PC_DISC_MIN_DIAMETER = 64,   /* px; the documented range is 80-2000, with some slack below */
    PC_DISC_FG_THRESHOLD = 28    /* max channel difference from the background that counts as map */
};
/* Two discs count as maps of one display (a stress/rest pair, a 2 x 2 study) when the
 * smaller's radius is at least this share of the larger's; a smaller disc (a thumbnail,
 * a logo) never competes with the map. */
#define PC_DISC_SEVERAL_RATIO 0.8

/* Finds the polar-map disc in image: the largest disc. name labels messages ("stress_ac.png:
 * no polar map found: ..."). Fails with PC_STATUS_NOT_FOUND when there is none, and with
 * PC_STATUS_UNSUPPORTED when the image holds several maps of about the same size
 * (PC_DISC_SEVERAL_RATIO): which one is stress or rest, NAC or AC cannot be told from the
 * pixels, so the message asks for one map per file. *fit_out is untouched on failure. */
pc_status pc_disc_find(pc_ctx *ctx, const pc_image *image, const char *name, pc_disc_fit *fit_out);

/* Every disc in image (at most max_fits, at least PC_DISC_MIN_DIAMETER across) in reading
 * order: rows top to bottom, left to right within a row, into fits_out[max_fits].
 * *count_out >= 1 on success; fails as pc_disc_find does when there is none. */
pc_status pc_disc_find_all(pc_ctx *ctx, const pc_image *image, const char *name, int max_fits,
                           pc_disc_fit *fits_out, int *count_out);

#endif
