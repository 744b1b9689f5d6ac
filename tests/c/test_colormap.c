/* test_colormap.c: anchors are reproduced exactly; rendering then inverting gives the
 * index back for every table. */
#include "check.h"
#include "polarcad.h"

static void test_anchors(void)
{
    uint8_t t[256][3];
    pc_colormap_table(PC_COLORMAP_THERMAL, t);
    CHECK(t[0][0] == 1 && t[0][1] == 1 && t[0][2] == 1);
    CHECK(t[128][0] == 222 && t[128][1] == 104 && t[128][2] == 13);
    CHECK(t[255][0] == 254 && t[255][1] == 254 && t[255][2] == 254);
    CHECK(t[16][0] == 45);   /* halfway between 1 and 89 */
    pc_colormap_table(PC_COLORMAP_COOL, t);
    CHECK(t[63][0] == 1 && t[63][1] == 128 && t[63][2] == 127);
    CHECK(t[191][0] == 254 && t[191][1] == 127 && t[191][2] == 1);
    pc_colormap_table(PC_COLORMAP_SIEMENS, t);
    CHECK(t[254][0] == 1 && t[255][2] == 1 && t[253][2] == 245);
    pc_colormap_table(PC_COLORMAP_CEQUAL, t);
    CHECK(t[128][0] == 175 && t[191][1] == 227 && t[192][1] == 212);
    pc_colormap_table(PC_COLORMAP_GRAY, t);
    for (int i = 0; i < 256; i++) CHECK_INT(t[i][0], i);
}

static void test_roundtrip(void)
{
    /* Tables with flat runs (CEqual's black 0-32 and white 240-255, Siemens's black
     * 254-255) cannot be inverted inside the run; the nearest-entry rule returns the top
     * of a run, so the error is bounded by the run length. */
    for (int m = 0; m < PC_COLORMAP_COUNT; m++) {
        uint8_t t[256][3];
        pc_colormap_table((pc_colormap)m, t);
        int worst = 0;
        for (int i = 0; i < 256; i++) {
            int d2 = -1;
            int j = pc_colormap_nearest(t, t[i][0], t[i][1], t[i][2], &d2);
            CHECK_INT(d2, 0);
            int err = abs(j - i);
            if (m == PC_COLORMAP_CEQUAL && (i <= 32 || i >= 240)) continue;
            if (m == PC_COLORMAP_SIEMENS && i >= 254) continue;
            if (err > worst) worst = err;
        }
        if (worst > 2) fprintf(stderr, "%s: worst round-trip error %d\n", pc_colormap_name((pc_colormap)m), worst);
        CHECK(worst <= 2);
        pc_colormap parsed;
        CHECK(pc_colormap_parse(pc_colormap_name((pc_colormap)m), &parsed) && (int)parsed == m);
    }
    pc_colormap parsed;
    CHECK(!pc_colormap_parse("jet", &parsed));
}

int main(void)
{
    test_anchors();
    test_roundtrip();
    return check_finish("test_colormap");
}
