/* test_montage.c: the paper's three montages: sizes, tile placement, missing maps. */
#include "check.h"
#include "polarcad.h"
#include "preprocess/montage.h"   /* internal: the raw tiling under pc_study_montage */

static const uint8_t colours[PC_MAP_COUNT][3] = {{200, 10, 10}, {10, 200, 10}, {10, 10, 200}, {200, 200, 10}};

static void pixel_at(const pc_image *img, int y, int x, uint8_t out[3])
{
    memcpy(out, img->rgb + ((size_t)y * img->width + x) * 3, 3);
}

static void test_layouts(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_image maps[PC_MAP_COUNT] = {{0}};
    const pc_image *tiles[PC_MAP_COUNT];
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        /* Different input sizes: 150 (copied), larger (area), smaller (bilinear). */
        int size = m == 0 ? 150 : m == 1 ? 431 : m == 2 ? 90 : 1000;
        pc_image_create(ctx, size, m == 3 ? 800 : size, &maps[m]);
        for (size_t i = 0; i < (size_t)maps[m].width * maps[m].height; i++) memcpy(maps[m].rgb + 3 * i, colours[m], 3);
        tiles[m] = &maps[m];
    }
    const struct { pc_dataset d; int h, w; } expect[] = {
        {PC_DATASET_ACNAC, 300, 300}, {PC_DATASET_AC, 150, 300}, {PC_DATASET_NAC, 150, 300}};
    for (int k = 0; k < 3; k++) {
        pc_image out = {0};
        CHECK_INT(pc_montage_assemble(ctx, expect[k].d, tiles, &out), PC_STATUS_OK);
        CHECK_INT(out.height, expect[k].h);
        CHECK_INT(out.width, expect[k].w);
        int h, w;
        pc_montage_size(expect[k].d, &h, &w);
        CHECK_INT(h, expect[k].h);
        CHECK_INT(w, expect[k].w);
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            int top, left;
            if (!pc_montage_tile_origin(expect[k].d, (pc_map)m, &top, &left)) continue;
            /* Every pixel of the tile has the map's colour. */
            int bad = 0;
            for (int y = 0; y < 150; y++)
                for (int x = 0; x < 150; x++) {
                    uint8_t p[3];
                    pixel_at(&out, top + y, left + x, p);
                    bad += memcmp(p, colours[m], 3) != 0;
                }
            CHECK_INT(bad, 0);
        }
        pc_image_free(&out);
    }
    /* Placement: columns stress | rest, rows NAC then AC. */
    int top, left;
    CHECK(pc_montage_tile_origin(PC_DATASET_ACNAC, PC_MAP_REST_AC, &top, &left) && top == 150 && left == 150);
    CHECK(pc_montage_tile_origin(PC_DATASET_ACNAC, PC_MAP_STRESS_NAC, &top, &left) && top == 0 && left == 0);
    CHECK(pc_montage_tile_origin(PC_DATASET_AC, PC_MAP_STRESS_AC, &top, &left) && top == 0 && left == 0);
    CHECK(pc_montage_tile_origin(PC_DATASET_NAC, PC_MAP_REST_NAC, &top, &left) && top == 0 && left == 150);
    CHECK(!pc_montage_tile_origin(PC_DATASET_AC, PC_MAP_REST_NAC, &top, &left));
    CHECK(!pc_montage_tile_origin(PC_DATASET_NAC, PC_MAP_STRESS_AC, &top, &left));

    /* Missing map: named in the message; a dataset that does not need it works. */
    tiles[PC_MAP_REST_NAC] = NULL;
    pc_image out = {0};
    CHECK_INT(pc_montage_assemble(ctx, PC_DATASET_ACNAC, tiles, &out), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "rest_nac");
    CHECK(out.rgb == NULL);
    CHECK_INT(pc_montage_assemble(ctx, PC_DATASET_AC, tiles, &out), PC_STATUS_OK);
    pc_image_free(&out);
    for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&maps[m]);
    pc_ctx_free(ctx);
}

static void test_names(void)
{
    pc_dataset d;
    CHECK(pc_dataset_parse("acnac", &d) && d == PC_DATASET_ACNAC);
    CHECK(pc_dataset_parse("nac", &d) && d == PC_DATASET_NAC);
    CHECK(!pc_dataset_parse("ACNAC", &d));
    CHECK(!pc_dataset_parse(NULL, &d));
    CHECK(strcmp(pc_map_name(PC_MAP_REST_AC), "rest_ac") == 0);
    CHECK(strcmp(pc_dataset_name(PC_DATASET_AC), "ac") == 0);
}

int main(void)
{
    test_layouts();
    test_names();
    return check_finish("test_montage");
}
