/* test_geometry.c: pixel -> segment on known angles and radii, the partition of the disc,
 * territories. */
#include <math.h>

#include "check.h"
#include "polarcad.h"

static void test_angles(void)
{
    pc_disc disc = {100.0, 100.0, 50.0};
    double rho, theta;
    pc_polar_from_point(&disc, 100.0, 50.0, &rho, &theta);   /* straight up = anterior */
    CHECK_NEAR(rho, 1.0, 1e-12);
    CHECK_NEAR(theta, 90.0, 1e-9);
    pc_polar_from_point(&disc, 50.0, 100.0, &rho, &theta);   /* left = septum */
    CHECK_NEAR(theta, 180.0, 1e-9);
    pc_polar_from_point(&disc, 100.0, 125.0, &rho, &theta);  /* down = inferior */
    CHECK_NEAR(theta, 270.0, 1e-9);
    CHECK_NEAR(rho, 0.5, 1e-12);
    pc_polar_from_point(&disc, 140.0, 100.0, &rho, &theta);  /* right = lateral */
    CHECK_NEAR(theta, 0.0, 1e-9);
    double x, y;
    pc_polar_to_point(&disc, 0.8, 135.0, &x, &y);
    pc_polar_from_point(&disc, x, y, &rho, &theta);
    CHECK_NEAR(rho, 0.8, 1e-12);
    CHECK_NEAR(theta, 135.0, 1e-9);
    CHECK_NEAR(pc_angle_normalize(-30.0), 330.0, 1e-12);
    CHECK_NEAR(pc_angle_normalize(720.0), 0.0, 1e-12);
    CHECK_NEAR(pc_angle_diff(10.0, 350.0), 20.0, 1e-12);
    CHECK_NEAR(pc_angle_diff(350.0, 10.0), -20.0, 1e-12);
}

static void test_segments(void)
{
    /* (rho, theta) -> segment for the equal-width layout, one point well inside each. */
    const struct { double rho, theta; int seg; } cases[] = {
        {0.9, 90, 1}, {0.9, 150, 2}, {0.9, 210, 3}, {0.9, 270, 4}, {0.9, 330, 5}, {0.9, 30, 6},
        {0.6, 90, 7}, {0.6, 150, 8}, {0.6, 210, 9}, {0.6, 270, 10}, {0.6, 330, 11}, {0.6, 30, 12},
        {0.3, 90, 13}, {0.3, 180, 14}, {0.3, 270, 15}, {0.3, 0, 16}, {0.3, 350, 16}, {0.3, 40, 16},
        {0.1, 123, 17}, {0.0, 0, 17}, {1.01, 90, 0},
        /* boundaries: lower edge belongs to the sector */
        {0.9, 60, 1}, {0.9, 120, 2}, {0.9, 0, 6}, {0.3, 45, 13}, {0.3, 135, 14},
        {0.467, 90, 7}, {0.2, 90, 13}, {0.733, 90, 1}, {1.0, 90, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = pc_segment_at(PC_RINGS_EQUAL_WIDTH, cases[i].rho, cases[i].theta);
        if (got != cases[i].seg)
            fprintf(stderr, "rho %.3f theta %.1f: segment %d, expected %d\n", cases[i].rho, cases[i].theta, got,
                    cases[i].seg);
        CHECK_INT(got, cases[i].seg);
    }
    CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_AREA, 0.22, 90), 17);
    CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_AREA, 0.52, 90), 13);
    CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_AREA, 0.79, 90), 7);
    for (int s = 1; s <= 16; s++) {
        /* Each segment's own centre angle, at its ring's middle, maps back to it. */
        double r[4];
        pc_ring_radii(PC_RINGS_EQUAL_WIDTH, r);
        double rho = s <= 6 ? (r[2] + r[3]) / 2 : s <= 12 ? (r[1] + r[2]) / 2 : (r[0] + r[1]) / 2;
        CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_WIDTH, rho, pc_segment_center_deg(s)), s);
    }
}

static void test_partition(void)
{
    /* Every pixel of a 150 x 150 tile inside the disc gets exactly one segment; outside, 0.
     * The areas follow the layout: equal-area rings give each segment about 1/17. */
    for (int layout = 0; layout < PC_RINGS_COUNT; layout++) {
        pc_disc disc = pc_disc_of_tile(150);
        int counts[18] = {0};
        for (int y = 0; y < 150; y++)
            for (int x = 0; x < 150; x++) counts[pc_segment_of_pixel(&disc, (pc_ring_layout)layout, x, y)]++;
        int inside = 0;
        for (int s = 1; s <= 17; s++) inside += counts[s];
        CHECK_NEAR(inside, 3.14159265 * 75 * 75, 150);
        CHECK_INT(inside + counts[0], 150 * 150);
        for (int s = 1; s <= 17; s++) CHECK(counts[s] > 0);
        if (layout == PC_RINGS_EQUAL_AREA)
            for (int s = 1; s <= 17; s++) CHECK_NEAR(counts[s] / (double)inside, 1.0 / 17, 0.006);
    }
}

static void test_territories(void)
{
    const int lad[] = {1, 2, 7, 8, 13, 14, 17}, rca[] = {3, 4, 9, 10, 15}, lcx[] = {5, 6, 11, 12, 16};
    for (int i = 0; i < 7; i++) CHECK_INT(pc_segment_territory(lad[i]), PC_TERRITORY_LAD);
    for (int i = 0; i < 5; i++) CHECK_INT(pc_segment_territory(rca[i]), PC_TERRITORY_RCA);
    for (int i = 0; i < 5; i++) CHECK_INT(pc_segment_territory(lcx[i]), PC_TERRITORY_LCX);
    CHECK(strcmp(pc_segment_name(4), "basal inferior") == 0);
    CHECK(strcmp(pc_segment_name(17), "apex") == 0);
    CHECK(strcmp(pc_territory_name(PC_TERRITORY_LCX), "LCx") == 0);
}


/* ---- pixel level: what sampling a tile pixel by pixel relies on ---------------------- */

static void test_pixels_at_known_places(void)
{
    /* Pixels of a 150 x 150 tile, read off the display convention: anterior up, septum left,
     * inferior down, lateral right (centre 75, 75; pixel (i, j) has its centre at +0.5). */
    pc_disc tile = pc_disc_of_tile(150);
    const struct { int x, y, seg; } px[] = {
        {75, 8, 1},     /* straight up near the rim: basal anterior */
        {20, 60, 2},    /* left, a little up: basal anteroseptal (165 degrees) */
        {20, 95, 3},    /* left, a little down: basal inferoseptal (200 degrees) */
        {75, 140, 4},   /* straight down: basal inferior */
        {130, 95, 5},   /* right, a little down: basal inferolateral (340 degrees) */
        {130, 55, 6},   /* right, a little up: basal anterolateral (20 degrees) */
        {75, 30, 7}, {40, 60, 8}, {40, 90, 9}, {75, 120, 10}, {110, 90, 11}, {110, 60, 12},
        {75, 52, 13}, {52, 75, 14}, {75, 98, 15}, {98, 75, 16}, {75, 75, 17}, {78, 72, 17},
        {0, 0, 0}, {149, 149, 0}, {149, 74, 6}, {149, 75, 5},   /* either side of 3 o'clock */
    };
    for (size_t i = 0; i < sizeof px / sizeof px[0]; i++) {
        int got = pc_segment_of_pixel(&tile, PC_RINGS_EQUAL_WIDTH, px[i].x, px[i].y);
        if (got != px[i].seg) fprintf(stderr, "pixel (%d, %d): segment %d, expected %d\n", px[i].x, px[i].y, got,
                                      px[i].seg);
        CHECK_INT(got, px[i].seg);
    }
    /* The same places on a disc anywhere in a big image (centre and radius not whole). */
    pc_disc off = {612.3, 401.7, 233.9};
    for (int seg = 1; seg <= 16; seg++) {
        double r[4];
        pc_ring_radii(PC_RINGS_EQUAL_AREA, r);
        double rho = seg <= 6 ? (r[2] + r[3]) / 2 : seg <= 12 ? (r[1] + r[2]) / 2 : (r[0] + r[1]) / 2;
        double x, y;
        pc_polar_to_point(&off, rho, pc_segment_center_deg(seg), &x, &y);
        CHECK_INT(pc_segment_of_pixel(&off, PC_RINGS_EQUAL_AREA, (int)floor(x), (int)floor(y)), seg);
    }
    /* Wrap-around at 0/360 degrees and the ring edges of the equal-area layout. */
    CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_WIDTH, 0.9, 359.999), 5);
    CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_WIDTH, 0.9, 360.0), 6);
    CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_WIDTH, 0.9, -0.001), 5);
    CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_WIDTH, 0.3, 314.999), 15);
    CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_WIDTH, 0.3, 315.0), 16);
    CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_WIDTH, 0.3, 44.999), 16);
    const struct { double rho; int seg; } edges[] = {
        {0.2429, 17}, {0.2431, 13}, {0.5419, 13}, {0.5421, 7}, {0.8039, 7}, {0.8041, 1}, {1.0, 1}, {1.0001, 0},
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        CHECK_INT(pc_segment_at(PC_RINGS_EQUAL_AREA, edges[i].rho, 90.0), edges[i].seg);
}

static void test_partition_fine(void)
{
    /* On a fine grid every point of the disc has exactly one segment, and each segment's
     * share of the area is what the ring radii and sector widths say. */
    for (int layout = 0; layout < PC_RINGS_COUNT; layout++) {
        double r[4];
        pc_ring_radii((pc_ring_layout)layout, r);
        double expected[18];
        for (int s = 1; s <= 6; s++) expected[s] = (r[3] * r[3] - r[2] * r[2]) / 6.0;
        for (int s = 7; s <= 12; s++) expected[s] = (r[2] * r[2] - r[1] * r[1]) / 6.0;
        for (int s = 13; s <= 16; s++) expected[s] = (r[1] * r[1] - r[0] * r[0]) / 4.0;
        expected[17] = r[0] * r[0];
        long counts[18] = {0}, inside = 0, bad = 0;
        const int n = 800;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                double x = -1.0 + (i + 0.5) * 2.0 / n, y = -1.0 + (j + 0.5) * 2.0 / n;
                double rho = hypot(x, y), theta = pc_angle_normalize(atan2(-y, x) * 180.0 / 3.14159265358979);
                int seg = pc_segment_at((pc_ring_layout)layout, rho, theta);
                if (seg < 0 || seg > 17) { bad++; continue; }
                counts[seg]++;
                inside += rho <= 1.0;
                bad += (rho <= 1.0) != (seg != 0);   /* in the disc without a segment, or outside with one */
            }
        CHECK_INT(bad, 0);
        for (int s = 1; s <= 17; s++) CHECK_NEAR(counts[s] / (double)inside, expected[s], 0.002);
    }
}

static void test_territory_membership(void)
{
    /* Every segment is in exactly one territory; LAD 7 segments, LCx 5, RCA 5; the apical
     * ring splits anterior+septal (LAD), inferior (RCA), lateral (LCx). */
    int per[PC_TERRITORY_COUNT] = {0};
    for (int s = 1; s <= 17; s++) {
        pc_territory t = pc_segment_territory(s);
        CHECK(t >= 0 && t < PC_TERRITORY_COUNT);
        per[t]++;
    }
    CHECK_INT(per[PC_TERRITORY_LAD], 7);
    CHECK_INT(per[PC_TERRITORY_LCX], 5);
    CHECK_INT(per[PC_TERRITORY_RCA], 5);
    /* By place: the anterior wall is LAD at every ring, inferior is RCA, lateral is LCx. */
    const struct { double rho, theta; pc_territory t; } where[] = {
        {0.9, 90, PC_TERRITORY_LAD}, {0.6, 90, PC_TERRITORY_LAD}, {0.3, 90, PC_TERRITORY_LAD},
        {0.9, 270, PC_TERRITORY_RCA}, {0.6, 270, PC_TERRITORY_RCA}, {0.3, 270, PC_TERRITORY_RCA},
        {0.9, 10, PC_TERRITORY_LCX}, {0.6, 330, PC_TERRITORY_LCX}, {0.3, 0, PC_TERRITORY_LCX},
        {0.9, 150, PC_TERRITORY_LAD}, {0.9, 210, PC_TERRITORY_RCA}, {0.05, 200, PC_TERRITORY_LAD},
    };
    for (size_t i = 0; i < sizeof where / sizeof where[0]; i++)
        CHECK_INT(pc_segment_territory(pc_segment_at(PC_RINGS_EQUAL_WIDTH, where[i].rho, where[i].theta)), where[i].t);
    CHECK(strcmp(pc_territory_name(PC_TERRITORY_RCA), "RCA") == 0 && strcmp(pc_segment_name(0), "?") == 0);
}

/* Pixel-centre membership by hand: a 4 x 4 tile loses exactly its four corners, a centre
 * on the rim counts as inside, and a 150 tile holds about pi * 75^2 pixels. */
static void test_disc_contains_pixel(void)
{
    pc_disc four = pc_disc_of_tile(4);
    int inside = 0;
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) inside += pc_disc_contains_pixel(&four, x, y);
    CHECK_INT(inside, 12);
    CHECK(!pc_disc_contains_pixel(&four, 0, 0) && !pc_disc_contains_pixel(&four, 3, 3));
    CHECK(pc_disc_contains_pixel(&four, 1, 0) && pc_disc_contains_pixel(&four, 0, 1));
    pc_disc rim = {0.5, -0.5, 1.0};   /* pixel (0, 0)'s centre is exactly on the rim */
    CHECK(pc_disc_contains_pixel(&rim, 0, 0) && !pc_disc_contains_pixel(&rim, 1, 0));
    pc_disc big = pc_disc_of_tile(150);
    inside = 0;
    for (int y = 0; y < 150; y++)
        for (int x = 0; x < 150; x++) inside += pc_disc_contains_pixel(&big, x, y);
    CHECK(fabs(inside - 3.14159265358979 * 75.0 * 75.0) < 2.0 * 3.14159265358979 * 75.0);
}

int main(void)
{
    test_disc_contains_pixel();
    test_angles();
    test_segments();
    test_partition();
    test_territories();
    test_pixels_at_known_places();
    test_partition_fine();
    test_territory_membership();
    return check_finish("test_geometry");
}
