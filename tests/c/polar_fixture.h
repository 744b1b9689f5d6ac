/* polar_fixture.h: hand-built polar maps and screen captures for the tests.
 *
 * Built only from polar/geometry.h and image/colormap.h, never from the synthetic
 * generator, so preprocessing and scoring are tested against what the conventions say,
 * not against another piece of our own code. */
#ifndef PC_TEST_POLAR_FIXTURE_H
#define PC_TEST_POLAR_FIXTURE_H

#include "polarcad.h"

/* Relative counts (0..100) at (rho, theta) of a map. */
typedef double (*fx_counts_fn)(double rho, double theta_deg, const void *user);

/* A normal-looking map: 82% with a hotter lateral wall, a basal septal dip and mild
 * apical thinning, plus a smooth per-study wobble from `seed` (amplitude `wobble`
 * points). Segment defects: defect_value[s - 1] < 0 means none, otherwise the counts of
 * the whole of segment s (in `layout`) are that value. */
typedef struct fx_map {
    pc_ring_layout layout;
    double wobble;
    unsigned seed;
    double defect_value[PC_SEGMENT_COUNT];
} fx_map;

void fx_map_normal(fx_map *m, pc_ring_layout layout, unsigned seed, double wobble);
double fx_map_counts(double rho, double theta_deg, const void *user);

typedef struct fx_capture {
    int width, height;
    double cx, cy, radius;     /* disc in continuous pixel coordinates */
    uint8_t bg[3];
    pc_colormap table;
    int labels;                /* ANT / SEPT / INF / LAT around the disc, a title line */
    int colour_bar;            /* a vertical colour bar of the table to the right or left */
    int grid;                  /* 17-segment grid lines drawn over the map (1 px, in ink) */
    int score_text;            /* digits drawn over the segments */
    uint8_t ink[3];            /* colour of labels, text and grid lines */
} fx_capture;

/* Renders a capture; the disc edge is anti-aliased by 4 x 4 supersampling. */
pc_image fx_render(const fx_capture *spec, fx_counts_fn counts, const void *user);

/* A size x size tile of the map (black outside, as preprocessing makes them). */
pc_image fx_tile(int size, pc_colormap table, fx_counts_fn counts, const void *user);

/* Draws text with a 5 x 7 font scaled by `scale`, top-left at (x, y). Unknown characters
 * are drawn as blocks. */
void fx_text(pc_image *img, int x, int y, int scale, const char *text, const uint8_t ink[3]);

/* Encodes as JPEG at quality q and decodes again (q <= 0: PNG round trip). */
pc_image fx_jpeg_roundtrip(const pc_image *img, int quality);

#endif
