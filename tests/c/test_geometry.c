/* test_geometry.c: pixel -> segment on known angles and radii, the partition of the disc,
 * territories. */
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

int main(void)
{
    test_angles();
    test_segments();
    test_partition();
    test_territories();
    return check_finish("test_geometry");
}
