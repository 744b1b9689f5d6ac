/* disc_check.h: the finder's self-check on what it found (internal to disc.c).
 *
 * A wrong circle is the worst outcome: a wrong crop analysed as if right. Two patterns
 * caught on the generator's captures (docs/semiquant.md 1.1.1):
 *  - a fragment fitted as a small disc: when a map's colours come close to the window's,
 *    a corner of its canvas and a bit of the disc stand out alone and can be round enough;
 *    it lies inside the square of a larger disc found (dropped), or the larger shapes it
 *    came from were not read at all (the image is refused);
 *  - a display with one map missed: a shape about as large as the maps found, not on any
 *    of them, that could not be read. Returning the others would read a quad as a pair,
 *    or one map of a pair as the only one; the image is refused instead. */
#ifndef PC_PREPROCESS_DISC_CHECK_H
#define PC_PREPROCESS_DISC_CHECK_H

#include "preprocess.h"   /* pc_disc_fit */

/* A disc cut off by the image edge is read from its visible rim when at least this share of
 * its rim is inside the image and so is its centre: enough rim to fix the circle, and the
 * cut part (at most about 14% of the disc's area) lies in the basal ring on one side. */
#define DISC_CHECK_MIN_VISIBLE_RIM 0.6

/* Share (0..1) of the circle's rim that lies inside a width x height image. */
double disc_check_visible_rim(const pc_disc *d, int width, int height);

/* A candidate shape that was not read as a disc: centre and radius from its area. */
typedef struct disc_shape {
    double cx, cy, radius;
} disc_shape;

/* A shape this share of the largest disc's radius or more, not on any disc, counts as a
 * map missed. Labels, colour bars and logos beside a map stay well below it. */
#define DISC_CHECK_MISSED_RATIO 0.5

/* Drops every fit whose centre lies inside the bounding square of a larger one (a
 * fragment of that map's canvas); keeps the order of the rest. Returns how many are left. */
int disc_check_drop_fragments(pc_disc_fit *fits, int n);

/* The index of the first missed shape that is at least DISC_CHECK_MISSED_RATIO of the
 * largest fit's radius and whose centre is outside every fit's bounding square, or -1. */
int disc_check_missed(const pc_disc_fit *fits, int n, const disc_shape *missed, int n_missed);

#endif
