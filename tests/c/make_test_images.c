/* make_test_images.c: writes small test images for the command-line tests:
 *   make_test_images DIR   ->  DIR/{stress_nac,rest_nac}.png, DIR/{stress_ac,rest_ac}.jpg,
 *                              DIR/truncated.png, DIR/notes.txt */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polarcad.h"

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: make_test_images DIR\n"); return 2; }
    pc_ctx *ctx = pc_ctx_create();
    const char *names[PC_MAP_COUNT] = {"stress_nac.png", "rest_nac.png", "stress_ac.jpg", "rest_ac.jpg"};
    char path[4096];
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        pc_image img = {0};
        int w = 200 + 50 * m, h = 180 + 40 * m;
        pc_image_create(ctx, w, h, &img);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                uint8_t *p = img.rgb + ((size_t)y * w + x) * 3;
                p[0] = (uint8_t)(60 * m + x % 50);
                p[1] = (uint8_t)(y % 200);
                p[2] = (uint8_t)(255 - 60 * m);
            }
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
