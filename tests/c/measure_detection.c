/* measure_detection.c: how often the disc finder reads the generator's screen captures
 * (scripts/measure-detection runs it; a measurement, not a test).
 *
 *   measure_detection [studies per layout (default 75)] [seed (default 13)] [miss folder or -] [layout]
 *
 * For every capture layout (synth --capture), renders that many studies (four images
 * each) with mixed colour tables and ring layouts, encodes each image as the user's file
 * would be (small: JPEG 60; the others alternately PNG and JPEG 75), decodes it and runs
 * pc_disc_find. A single-map image counts as found when centre and radius are both
 * within 2% of the true radius (layout.csv's truth); pair and quad count as read when
 * pc_disc_find refuses with the several-maps message and pc_disc_find_all returns every
 * map within 2%, in reading order. Every other outcome is printed with its message, and
 * with a miss folder given, the decoded image is written there as PNG to look at; with a layout named, only that one
 * is measured. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "preprocess/disc.h"
#include "synth/synth.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int close_to(const pc_disc *found, const pc_disc *truth)
{
    double tol = 0.02 * truth->radius;
    return hypot(found->cx - truth->cx, found->cy - truth->cy) <= tol && fabs(found->radius - truth->radius) <= tol;
}

typedef struct tally {
    int images, read, wrong, refused;
    double seconds;
} tally;

/* One image: 1 read, 0 not (with a line on stderr saying why). */
static int measure_image(pc_ctx *ctx, const pc_image *img, const pc_synth_placement *pl, const char *what, tally *t)
{
    double t0 = now();
    pc_disc_fit fit;
    pc_status status = pc_disc_find(ctx, img, what, &fit);
    int ok;
    if (pl->discs <= 1) {
        pc_disc truth = {pl->cx, pl->cy, pl->radius};
        ok = status == PC_STATUS_OK && close_to(&fit.disc, &truth);
        t->seconds += now() - t0;
        if (status == PC_STATUS_OK && !ok) {
            t->wrong++;
            fprintf(stderr, "%s: off: found (%.1f, %.1f) r %.1f, true (%.1f, %.1f) r %.1f\n", what, fit.disc.cx,
                    fit.disc.cy, fit.disc.radius, truth.cx, truth.cy, truth.radius);
        } else if (status) {
            t->refused++;
            fprintf(stderr, "%s: refused: %s\n", what, pc_ctx_last_error(ctx));
        }
        return ok;
    }
    int several = status == PC_STATUS_UNSUPPORTED && strstr(pc_ctx_last_error(ctx), "polar maps of about the same size");
    char message[512];
    snprintf(message, sizeof message, "%s", status ? pc_ctx_last_error(ctx) : "one map returned");
    pc_disc_fit all[PC_SYNTH_MAX_DISCS + 2];
    int n = 0;
    pc_status all_status = pc_disc_find_all(ctx, img, what, PC_SYNTH_MAX_DISCS + 2, all, &n);
    t->seconds += now() - t0;
    ok = several && all_status == PC_STATUS_OK && n == pl->discs;
    for (int k = 0; ok && k < n; k++) ok = close_to(&all[k].disc, &pl->disc[k]);
    if (!ok) {
        if (several || status == PC_STATUS_OK) t->wrong++;
        else t->refused++;
        fprintf(stderr, "%s: %d maps: pc_disc_find: %s; pc_disc_find_all: %d discs%s\n", what, pl->discs, message, n,
                all_status ? pc_ctx_last_error(ctx) : "");
    }
    return ok;
}

/* The image as decoded, to <folder>/<capture>-<case>-<map>.png. */
static void write_miss(pc_ctx *ctx, const pc_image *img, const char *folder, const char *capture, const char *case_id,
                       int map)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    if (pc_image_encode_png(ctx, img, &bytes, &size)) return;
    char path[512];
    snprintf(path, sizeof path, "%s/%s-%s-%s.png", folder, capture, case_id, pc_map_name((pc_map)map));
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(bytes, 1, size, f);
        fclose(f);
    }
    free(bytes);
}

int main(int argc, char **argv)
{
    int studies = argc > 1 ? atoi(argv[1]) : 75;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 13;
    const char *misses = argc > 3 && strcmp(argv[3], "-") != 0 ? argv[3] : NULL;
    int only = -1;
    if (argc > 4 && !pc_synth_capture_parse(argv[4], &only)) {
        fprintf(stderr, "measure_detection: unknown layout '%s'\n", argv[4]);
        return 2;
    }
    if (studies < 1) studies = 1;
    pc_ctx *ctx = pc_ctx_create();
    tally total = {0};
    printf("| capture | images | read within 2%% | off by more | refused | rate | find ms/image |\n");
    printf("|---|---|---|---|---|---|---|\n");
    for (int kind = 0; kind < PC_SYNTH_CAPTURE_COUNT; kind++) {
        if (only >= 0 && kind != only) continue;
        pc_synth_options opt;
        pc_synth_options_default(&opt);
        opt.cases = studies;
        opt.seed = seed + (uint64_t)kind;
        opt.style = PC_SYNTH_STYLE_SCREENSHOT;
        opt.capture = kind;
        opt.colormap = PC_SYNTH_MIXED;
        opt.layout = PC_SYNTH_MIXED;
        pc_synth_plan *plan = NULL;
        if (pc_synth_plan_create(ctx, &opt, &plan)) {
            fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
            return 1;
        }
        tally t = {0};
        for (int i = 0; i < studies; i++) {
            pc_synth_patient p;
            pc_synth_patient_sample(plan, i, &p);
            pc_synth_study s = {0};
            if (pc_synth_study_render(ctx, plan, &p, &s)) {
                fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
                return 1;
            }
            for (int m = 0; m < PC_MAP_COUNT; m++) {
                int quality = kind == PC_SYNTH_CAPTURE_SMALL ? 60 : (i + m) % 2 ? 75 : 0;
                uint8_t *bytes = NULL;
                size_t size = 0;
                pc_status st = quality ? pc_image_encode_jpeg(ctx, &s.maps[m], quality, &bytes, &size)
                                       : pc_image_encode_png(ctx, &s.maps[m], &bytes, &size);
                pc_image img = {0};
                if (!st) st = pc_image_decode(ctx, bytes, size, "capture", &img);
                free(bytes);
                if (st) {
                    fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
                    return 1;
                }
                char what[96];
                snprintf(what, sizeof what, "%s %s/%s.%s (%s, %s)", pc_synth_capture_name(kind), p.case_id,
                         pc_map_name((pc_map)m), quality ? "jpg" : "png", pc_colormap_name(p.colormap),
                         quality ? (quality == 60 ? "q60" : "q75") : "png");
                t.images++;
                int read = measure_image(ctx, &img, &s.placement[m], what, &t);
                t.read += read;
                if (!read && misses) write_miss(ctx, &img, misses, pc_synth_capture_name(kind), p.case_id, m);
                pc_image_free(&img);
            }
            pc_synth_study_free(&s);
        }
        pc_synth_plan_free(plan);
        printf("| %s | %d | %d | %d | %d | %.1f%% | %.1f |\n", pc_synth_capture_name(kind), t.images, t.read, t.wrong,
               t.refused, 100.0 * t.read / t.images, 1000.0 * t.seconds / t.images);
        fflush(stdout);
        total.images += t.images, total.read += t.read, total.wrong += t.wrong, total.refused += t.refused;
        total.seconds += t.seconds;
    }
    printf("| all | %d | %d | %d | %d | %.2f%% | %.1f |\n", total.images, total.read, total.wrong, total.refused,
           100.0 * total.read / total.images, 1000.0 * total.seconds / total.images);
    pc_ctx_free(ctx);
    return 0;
}
