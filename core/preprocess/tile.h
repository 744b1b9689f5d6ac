/* tile.h: from a found disc to the 150 x 150 tile the rest of polarcad reads, and the
 * rotation used for augmentation.
 *
 * A tile is a square RGB image whose inscribed circle is the polar map (the disc of
 * pc_disc_of_tile(size)); pixels whose centre lies outside that circle are black, as in
 * the paper's inputs. */
#ifndef PC_PREPROCESS_TILE_H
#define PC_PREPROCESS_TILE_H

#include "../base/status.h"
#include "../image/image.h"
#include "../polar/geometry.h"

/* Resamples the square around disc (sub-pixel placement) to a new size x size tile:
 * area average when shrinking, bilinear when enlarging (the filters of pc_image_resize,
 * but on a continuous window), then masks outside the disc to black. Parts of the window
 * beyond the image repeat its edge pixels (they are outside the disc anyway, or a tight
 * crop's own rim). */
pc_status pc_tile_from_disc(pc_ctx *ctx, const pc_image *image, const pc_disc *disc, int size, pc_image *out);

/* Sets every pixel whose centre is outside the tile's disc to black (in place). The tile
 * must be square. */
void pc_tile_mask(pc_image *tile);

/* Rotates a square tile about its centre by angle_deg counter-clockwise on screen (the
 * direction of increasing theta, geometry.h), bilinear. Samples are taken at least one
 * pixel inside the rim, so the black outside never bleeds in; outside stays black.
 * *out is a new image of the same size. */
pc_status pc_tile_rotate(pc_ctx *ctx, const pc_image *tile, double angle_deg, pc_image *out);

#endif
