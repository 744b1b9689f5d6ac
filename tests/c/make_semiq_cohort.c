/* make_semiq_cohort.c: a small cohort of screen-capture-style maps for the command-line
 * tests, drawn with the test fixture (geometry.h + colormap.h), not the generator:
 *   make_semiq_cohort DIR N  ->  DIR/manifest.csv (with a sex column), DIR/cNNNN/<map>.jpg,
 *                                DIR/blank.png, DIR/notes.txt
 * Cases labelled 1 have a defect in a random segment (reversible or fixed). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "polar_fixture.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: make_semiq_cohort DIR N\n"); return 2; }
    const char *dir = argv[1];
    int n = atoi(argv[2]);
    char path[4096];
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/manifest.csv", dir);
    FILE *mf = fopen(path, "w");
    if (!mf) { perror(path); return 1; }
    fprintf(mf, "case_id,label,stress_nac,rest_nac,stress_ac,rest_ac,sex\n");
    pc_rng rng;
    pc_rng_seed(&rng, 5, 5);
    for (int i = 0; i < n; i++) {
        int label = i % 3 != 0;
        char id[32];
        snprintf(id, sizeof id, "c%04d", i);
        snprintf(path, sizeof path, "%s/%s", dir, id);
        mkdir(path, 0777);
        int seg = 1 + (int)pc_rng_below(&rng, 16), fixed = (int)pc_rng_below(&rng, 3) == 0;
        double value = 25 + 30 * pc_rng_uniform(&rng);
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            fx_map map;
            fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, (unsigned)(i * 4 + m), 4.0);
            int stress = m == PC_MAP_STRESS_NAC || m == PC_MAP_STRESS_AC;
            if (label && (stress || fixed)) {
                map.defect_value[seg - 1] = value;
                if (seg <= 6) map.defect_value[seg + 5] = value;
            }
            fx_capture s;
            memset(&s, 0, sizeof s);
            s.width = 420, s.height = 320, s.radius = 100 + (int)pc_rng_below(&rng, 30);
            s.cx = 150 + (int)pc_rng_below(&rng, 60), s.cy = 160;
            s.table = PC_COLORMAP_THERMAL, s.labels = 1, s.colour_bar = 1;
            memset(s.ink, 255, 3);
            pc_image img = fx_render(&s, fx_map_counts, &map);
            snprintf(path, sizeof path, "%s/%s/%s.jpg", dir, id, pc_map_name((pc_map)m));
            pc_ctx *ctx = pc_ctx_create();
            if (pc_image_write_file(ctx, &img, path, 90)) { fprintf(stderr, "%s\n", pc_ctx_last_error(ctx)); return 1; }
            pc_ctx_free(ctx);
            pc_image_free(&img);
        }
        fprintf(mf, "%s,%d,%s/stress_nac.jpg,%s/rest_nac.jpg,%s/stress_ac.jpg,%s/rest_ac.jpg,%s\n", id, label, id, id,
                id, id, i % 5 ? "M" : "F");
    }
    fclose(mf);
    pc_image blank = {0};
    pc_image_create(NULL, 300, 200, &blank);
    memset(blank.rgb, 128, 300 * 200 * 3);
    snprintf(path, sizeof path, "%s/blank.png", dir);
    pc_image_write_file(NULL, &blank, path, 90);
    pc_image_free(&blank);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    FILE *t = fopen(path, "w");
    if (t) { fputs("not an image\n", t); fclose(t); }
    return 0;
}
