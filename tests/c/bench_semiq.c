/* bench_semiq.c: how long one study takes: four 1000 x 800 screen captures (labels, colour
 * bar, JPEG) preprocessed (disc, crop, colour table, counts) and scored against a normal
 * database. Run by scripts/bench-semiq; not a test (no timing is asserted anywhere).
 *
 *     bench_semiq [repeats]
 *
 * Prints the one-time costs (colour-table inverses, sampling index), decoding (reported
 * apart: the page decodes in the browser), the per-study time (median and best of
 * `repeats`), its parts, and the fast colour inverse against the brute-force reference. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polar_fixture.h"
/* internal headers: this test checks the steps themselves */
#include "preprocess/disc.h"
#include "preprocess/invert.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int main(int argc, char **argv)
{
    int repeats = argc > 1 ? atoi(argv[1]) : 30;
    if (repeats < 1) repeats = 1;
    pc_ctx *ctx = pc_ctx_create();

    /* Four captures of one study: a thermal display, dark background, labels, colour bar,
     * a defect at stress; saved as JPEG 90 as a screen grab would be. */
    uint8_t *jpeg[PC_MAP_COUNT];
    size_t jpeg_size[PC_MAP_COUNT];
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        fx_map map;
        fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 77u + (unsigned)m, 3.0);
        if (m == PC_MAP_STRESS_NAC || m == PC_MAP_STRESS_AC) map.defect_value[0] = map.defect_value[6] = 40.0;
        fx_capture s;
        memset(&s, 0, sizeof s);
        s.width = 1000, s.height = 800, s.radius = 280 + 10 * m, s.cx = 420 + 15 * m, s.cy = 400 - 5 * m;
        s.table = PC_COLORMAP_THERMAL, s.labels = 1, s.colour_bar = 1;
        s.bg[0] = 24, s.bg[1] = 24, s.bg[2] = 32;
        memset(s.ink, 230, 3);
        pc_image img = fx_render(&s, fx_map_counts, &map);
        pc_image_encode_jpeg(ctx, &img, 90, &jpeg[m], &jpeg_size[m]);
        pc_image_free(&img);
    }
    /* A normal database from 30 normal studies (features only). */
    double t0 = now_ms();
    pc_inverter *inv = NULL;
    if (pc_inverter_create(ctx, &inv)) { fprintf(stderr, "%s\n", pc_ctx_last_error(ctx)); return 1; }
    double t_inverter = now_ms() - t0;
    t0 = now_ms();
    pc_sampling_index index;
    pc_sampling_index_create(ctx, PC_TILE_SIZE, PC_RINGS_EQUAL_WIDTH, &index);
    double t_index = now_ms() - t0;
    pc_study_features *normal = calloc(30, sizeof *normal);
    const pc_study_features *list[30];
    pc_invert_options iopt;
    pc_invert_options_default(&iopt);
    for (int i = 0; i < 30; i++) {
        normal[i].layout = PC_RINGS_EQUAL_WIDTH;
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            fx_map map;
            fx_map_normal(&map, PC_RINGS_EQUAL_WIDTH, 1000u + 4u * (unsigned)i + (unsigned)m, 3.0);
            pc_image tile = fx_tile(PC_TILE_SIZE, PC_COLORMAP_THERMAL, fx_map_counts, &map);
            pc_counts c;
            pc_counts_from_tile(ctx, inv, &tile, PC_COLORMAP_THERMAL, &iopt, "normal", &c);
            pc_map_features_indexed(&c, &index, &normal[i].map[m]);
            pc_counts_free(&c);
            pc_image_free(&tile);
        }
        list[i] = &normal[i];
    }
    pc_normals *nd = malloc(sizeof *nd);
    pc_normals_build(ctx, list, 30, PC_RINGS_EQUAL_WIDTH, nd);
    pc_semiq_config cfg;
    pc_semiq_config_default(&cfg);
    pc_preprocess_options popt;
    pc_preprocess_options_default(&popt);

    double *t_decode = calloc((size_t)repeats, sizeof(double)), *t_study = calloc((size_t)repeats, sizeof(double));
    double *t_disc = calloc((size_t)repeats, sizeof(double)), *t_rest = calloc((size_t)repeats, sizeof(double));
    pc_semiq_result result;
    for (int r = 0; r < repeats; r++) {
        pc_image img[PC_MAP_COUNT];
        const pc_image *in[PC_MAP_COUNT];
        t0 = now_ms();
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            pc_image_decode(ctx, jpeg[m], jpeg_size[m], "capture.jpg", &img[m]);
            in[m] = &img[m];
        }
        double t1 = now_ms();
        pc_study study;
        if (pc_study_preprocess(ctx, inv, in, NULL, &popt, &study)) {
            fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
            return 1;
        }
        pc_study_features f;
        pc_study_features_from_study(&study, &index, PC_SEX_MALE, &f);
        if (pc_semiq_score(ctx, nd, &f, &cfg, &result)) {
            fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
            return 1;
        }
        double t2 = now_ms();
        /* The disc search alone, for the breakdown. */
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            pc_disc_fit fit;
            pc_disc_find(ctx, &img[m], "capture.jpg", &fit);
        }
        double t3 = now_ms();
        t_decode[r] = t1 - t0;
        t_study[r] = t2 - t1;
        t_disc[r] = t3 - t2;
        t_rest[r] = t_study[r] - t_disc[r];
        pc_study_free(&study);
        for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&img[m]);
    }
    /* Fast colour inverse vs the reference, on colours of real captures (JPEG pixels). */
    pc_image probe;
    pc_image_decode(ctx, jpeg[0], jpeg_size[0], "capture.jpg", &probe);
    uint8_t table[256][3];
    pc_colormap_table(PC_COLORMAP_THERMAL, table);
    const pc_colormap_lut *lut = pc_inverter_lut(inv, PC_COLORMAP_THERMAL);
    size_t pixels = (size_t)probe.width * (size_t)probe.height;
    long sink = 0;
    t0 = now_ms();
    for (size_t i = 0; i < pixels; i++) sink += pc_colormap_nearest(table, probe.rgb[3 * i], probe.rgb[3 * i + 1],
                                                                    probe.rgb[3 * i + 2], NULL);
    double t_ref = now_ms() - t0;
    t0 = now_ms();
    for (size_t i = 0; i < pixels; i++) sink -= pc_colormap_lut_nearest(lut, probe.rgb[3 * i], probe.rgb[3 * i + 1],
                                                                        probe.rgb[3 * i + 2], NULL);
    double t_fast = now_ms() - t0;

    printf("polarcad semi-quantitative benchmark (%d repeats; 2-core shared machine, compare within a run)\n",
           repeats);
    printf("one-time: colour-table inverses %.1f ms, sampling index %.2f ms\n", t_inverter, t_index);
    /* median_of sorts in place, so each best (t[0]) is read after its median. */
    double med_decode = median_of(t_decode, repeats), med_study = median_of(t_study, repeats);
    double med_disc = median_of(t_disc, repeats), med_rest = median_of(t_rest, repeats);
    printf("decode four 1000x800 JPEGs:              median %6.2f ms  best %6.2f ms  (not part of the target)\n",
           med_decode, t_decode[0]);
    printf("one study preprocessed and scored:       median %6.2f ms  best %6.2f ms  (target < 50 ms)\n", med_study,
           t_study[0]);
    printf("  of which the disc search (4 images):   median %6.2f ms  best %6.2f ms\n", med_disc, t_disc[0]);
    printf("  crop, colour table, counts, scores:    median %6.2f ms  best %6.2f ms\n", med_rest, t_rest[0]);
    printf("colour inverse over %zu pixels: reference %.1f ms, fast %.1f ms (%.0fx), results %s\n", pixels, t_ref,
           t_fast, t_ref / t_fast, sink == 0 ? "identical" : "DIFFER");
    printf("fast inverse: %.1f candidate entries per cell, averaged over all 4096 cells (thermal; the reference scans 256)\n",
           pc_colormap_lut_mean_candidates(lut));
    printf("check: table %s, NAC SSS %d SDS %d, AC SSS %d SDS %d\n", "thermal", result.corr[0].sss,
           result.corr[0].sds, result.corr[1].sss, result.corr[1].sds);
    pc_image_free(&probe);
    for (int m = 0; m < PC_MAP_COUNT; m++) free(jpeg[m]);
    free(t_decode), free(t_study), free(t_disc), free(t_rest);
    free(nd);
    free(normal);
    pc_sampling_index_free(&index);
    pc_inverter_free(inv);
    pc_ctx_free(ctx);
    return sink == 0 ? 0 : 1;
}
