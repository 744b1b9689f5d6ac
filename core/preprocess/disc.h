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
 *     PC_DISC_MIN_DIAMETER px across, and most of it differs from the background.
 *     Otherwise the image gets "no polar map found" with the reason.
 *  6. Only if that finds nothing: once more with a threshold just above the background's
 *     own noise, for maps whose colours come close to the background.
 * If a candidate is a uniform panel (a square map canvas inside a window of another
 * colour), the search repeats once inside it, with the panel's colour as background.
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

/* Finds the polar-map disc in image. name labels messages ("stress_ac.png: no polar map
 * found: ..."). Fails with PC_STATUS_NOT_FOUND when there is none, *fit_out untouched. */
pc_status pc_disc_find(pc_ctx *ctx, const pc_image *image, const char *name, pc_disc_fit *fit_out);

#endif
