/* make_test_images.c: writes small test images for the command-line tests:
 *   make_test_images DIR   ->  DIR/{stress_nac,rest_nac}.png, DIR/{stress_ac,rest_ac}.jpg,
 *                              DIR/truncated.png, DIR/notes.txt
 * The four maps are hand-built polar maps (polar_fixture.h) of different sizes on
 * different backgrounds, some with labels and a colour bar, so the commands' preprocessing
 * (disc search, colour table) has real maps to read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polar_fixture.h"

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: make_test_images DIR\n"); return 2; }
    pc_ctx *ctx = pc_ctx_create();
    const char *names[PC_MAP_COUNT] = {"stress_nac.png", "rest_nac.png", "stress_ac.jpg", "rest_ac.jpg"};
    char path[4096];
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        fx_map map;
        fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 11u + (unsigned)m, 3.0);
        fx_capture spec = {0};
        spec.width = 200 + 50 * m;
        spec.height = 180 + 40 * m;
        spec.radius = 0.4 * spec.height;
        spec.cx = 0.45 * spec.width;
        spec.cy = 0.5 * spec.height;
        const uint8_t backgrounds[PC_MAP_COUNT][3] = {{0, 0, 0}, {255, 255, 255}, {40, 40, 48}, {200, 200, 200}};
        memcpy(spec.bg, backgrounds[m], 3);
        spec.table = PC_COLORMAP_THERMAL;
        spec.labels = m % 2;
        spec.colour_bar = m >= 2;
        const uint8_t ink_dark[3] = {10, 10, 10}, ink_light[3] = {240, 240, 240};
        memcpy(spec.ink, m == 1 || m == 3 ? ink_dark : ink_light, 3);
        pc_image img = fx_render(&spec, fx_map_counts, &map);
        snprintf(path, sizeof path, "%s/%s", argv[1], names[m]);
        if (pc_image_write_file(ctx, &img, path, 90)) { fprintf(stderr, "%s\n", pc_ctx_last_error(ctx)); return 1; }
        if (m == 0) {
            uint8_t *png = NULL;
            size_t size = 0;
            pc_image_encode_png(ctx, &img, &png, &size);
            snprintf(path, sizeof path, "%s/truncated.png", argv[1]);
            pc_file_write_atomic(ctx, path, png, size / 2);
            free(png);
        }
        pc_image_free(&img);
    }
    snprintf(path, sizeof path, "%s/notes.txt", argv[1]);
    pc_file_write_atomic(ctx, path, "not an image\n", 13);
    pc_ctx_free(ctx);
    return 0;
}
