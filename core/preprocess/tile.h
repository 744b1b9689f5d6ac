/* tile.h: from a found disc to the 150 x 150 tile the rest of polarcad reads, and the
 * rotation used for augmentation.
 *
 * A tile is a square RGB image whose inscribed circle is the polar map (the disc of
 * pc_disc_of_tile(size)); pixels whose centre lies outside that circle are black, as in
 * the paper's inputs. */
#ifndef PC_PREPROCESS_TILE_H
#define PC_PREPROCESS_TILE_H

#include <stdint.h>

#include "../base/status.h"
#include "../image/image.h"
#include "../polar/geometry.h"

/* Resamples the square around disc (sub-pixel placement) to a new size x size tile:
 * area average when shrinking, bilinear when enlarging (the filters of pc_image_resize,
 * but on a continuous window), then masks outside the disc to black. A disc cut off by the
 * image edge has no pixels for its part beyond the edge: those tile pixels
 * (pc_tile_missing_create) are black like the outside of the disc, never a copy of the
 * edge pixels (which would smear the rim's colour, a perfusion nobody measured, across
 * them). Within PC_TILE_EDGE_SLACK of the edge the window repeats the edge pixels: that is
 * the rounding of a tight crop's fit, whose rim touches the image edge. */
pc_status pc_tile_from_disc(pc_ctx *ctx, const pc_image *image, const pc_disc *disc, int size, pc_image *out);

/* How far (px of the source image) beyond its edge a tile pixel's centre may map and still
 * count as in the image: the fit's own uncertainty at a tight crop's rim (1.5 px, or 1.2%
 * of the radius for a large disc, as the finder's edge tolerance). */
double pc_tile_edge_slack(double radius);

/* The tile pixels of disc's size x size tile that lie inside the disc but map to a point
 * of the source (width x height) more than pc_tile_edge_slack beyond its edge: a disc cut
 * off by the image edge. *missing_out = a new (size, size) mask, 1 = missing, owned by the
 * caller, or NULL when no pixel is missing; *missing_count_out (may be NULL) = how many. */
pc_status pc_tile_missing_create(pc_ctx *ctx, const pc_disc *disc, int width, int height, int size,
                                 uint8_t **missing_out, long *missing_count_out);

/* Sets every pixel whose centre is outside the tile's disc to black (in place). The tile
 * must be square. */
void pc_tile_mask(pc_image *tile);

/* Rotates a square tile about its centre by angle_deg counter-clockwise on screen (the
 * direction of increasing theta, geometry.h), bilinear. Samples are taken at least one
 * pixel inside the rim, so the black outside never bleeds in; outside stays black.
 * *out is a new image of the same size. */
pc_status pc_tile_rotate(pc_ctx *ctx, const pc_image *tile, double angle_deg, pc_image *out);

#endif
