/* api.c: the C functions the JavaScript wrapper (polarcad.mjs) calls.
 *
 * Thin shims over the core. Objects live on the heap and JS holds them by pointer.
 * Every fallible shim follows the core's rule: it returns a pc_status (0 = OK, else the
 * message is in the context) and writes its result through the last argument, a pointer
 * to a pointer that JS allocates and reads. C owns all memory: JS copies results out at
 * once, since views on wasm memory break when it grows. Names: pcw_ = polarcad wasm. */
#include <emscripten/emscripten.h>
#include <stdlib.h>

#include "polarcad.h"

EMSCRIPTEN_KEEPALIVE const char *pcw_version(void) { return pc_version(); }

EMSCRIPTEN_KEEPALIVE pc_ctx *pcw_ctx_create(void) { return pc_ctx_create(); }
EMSCRIPTEN_KEEPALIVE void pcw_ctx_free(pc_ctx *ctx) { pc_ctx_free(ctx); }
EMSCRIPTEN_KEEPALIVE const char *pcw_ctx_last_error(pc_ctx *ctx) { return pc_ctx_last_error(ctx); }

/* The enums' names, so a test can check that study-kinds.mjs lists them in C's order. */
EMSCRIPTEN_KEEPALIVE const char *pcw_map_name(int map) { return pc_map_name((pc_map)map); }
EMSCRIPTEN_KEEPALIVE const char *pcw_dataset_name(int dataset) { return pc_dataset_name((pc_dataset)dataset); }

/* ---- images ------------------------------------------------------------------------- */

/* Moves value into a heap box at *out; frees value if the box cannot be had. */
static pc_status image_box(pc_ctx *ctx, pc_status status, pc_image value, pc_image **out)
{
    if (status) return status;
    pc_image *box = malloc(sizeof *box);
    if (!box) {
        pc_image_free(&value);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    *box = value;
    *out = box;
    return PC_STATUS_OK;
}

EMSCRIPTEN_KEEPALIVE pc_status pcw_image_create(pc_ctx *ctx, int width, int height, pc_image **out)
{
    pc_image image = {0};
    return image_box(ctx, pc_image_create(ctx, width, height, &image), image, out);
}

EMSCRIPTEN_KEEPALIVE pc_status pcw_image_decode(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                                                pc_image **out)
{
    pc_image image = {0};
    return image_box(ctx, pc_image_decode(ctx, bytes, size, name, &image), image, out);
}

EMSCRIPTEN_KEEPALIVE pc_status pcw_image_resize(pc_ctx *ctx, const pc_image *src, int width, int height, int filter,
                                                pc_image **out)
{
    pc_image image = {0};
    return image_box(ctx, pc_image_resize(ctx, src, width, height, (pc_resize_filter)filter, &image), image, out);
}

EMSCRIPTEN_KEEPALIVE int pcw_image_width(const pc_image *image) { return image->width; }
EMSCRIPTEN_KEEPALIVE int pcw_image_height(const pc_image *image) { return image->height; }
EMSCRIPTEN_KEEPALIVE uint8_t *pcw_image_rgb(const pc_image *image) { return image->rgb; }

EMSCRIPTEN_KEEPALIVE void pcw_image_free(pc_image *image)
{
    pc_image_free(image);
    free(image);
}

/* ---- a study: maps -> discs, tiles, colour table -> montage ----------------------------- */

/* The colour tables' inverses (about 10 ms to build); JS makes one and keeps it. */
EMSCRIPTEN_KEEPALIVE pc_status pcw_inverter_create(pc_ctx *ctx, pc_inverter **out)
{
    return pc_inverter_create(ctx, out);
}
EMSCRIPTEN_KEEPALIVE void pcw_inverter_free(pc_inverter *inv) { pc_inverter_free(inv); }

/* images and names: arrays of PC_MAP_COUNT pointers in pc_map order, NULL for an absent
 * map (names may be NULL: messages then use the map's name). The colour table is
 * detected. */
EMSCRIPTEN_KEEPALIVE pc_status pcw_study_preprocess(pc_ctx *ctx, const pc_inverter *inv,
                                                    const pc_image *const *images, const char *const *names,
                                                    pc_study **out)
{
    pc_preprocess_options opt;
    pc_preprocess_options_default(&opt);
    pc_study *box = malloc(sizeof *box);
    if (!box) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory");
    pc_status status = pc_study_preprocess(ctx, inv, images, names, &opt, box);
    if (status) {
        free(box);
        return status;
    }
    *out = box;
    return PC_STATUS_OK;
}

EMSCRIPTEN_KEEPALIVE void pcw_study_free(pc_study *study)
{
    pc_study_free(study);
    free(study);
}

EMSCRIPTEN_KEEPALIVE int pcw_study_present(const pc_study *study, int map) { return study->present[map]; }
EMSCRIPTEN_KEEPALIVE const char *pcw_study_table(const pc_study *study) { return pc_colormap_name(study->table); }

/* Where the map's disc is in its source image, and how well it was found:
 * out[0..5] = cx, cy, radius (px; pixel (i, j) has its centre at i + 0.5, j + 0.5),
 * edge agreement and fill (shares 0..1, see pc_disc_fit), and the share of the disc
 * that matches no colour of the detected table. */
EMSCRIPTEN_KEEPALIVE void pcw_study_disc(const pc_study *study, int map, double *out)
{
    const pc_disc_fit *fit = &study->disc[map];
    out[0] = fit->disc.cx;
    out[1] = fit->disc.cy;
    out[2] = fit->disc.radius;
    out[3] = fit->edge_agreement;
    out[4] = fit->fill;
    out[5] = study->counts[map].unmatched_fraction;
}

/* What a reader must know about the map, "" for nothing: that part of its disc was outside
 * the image and is left out (pc_study's warning), and the share of the disc cut off that
 * way (0 when the whole disc is in its image). */
EMSCRIPTEN_KEEPALIVE const char *pcw_study_warning(const pc_study *study, int map) { return study->warning[map]; }
EMSCRIPTEN_KEEPALIVE double pcw_study_missing_share(const pc_study *study, int map)
{
    return study->missing_share[map];
}

/* The dataset's montage of the study's disc-cropped, masked tiles: the network's input. */
EMSCRIPTEN_KEEPALIVE pc_status pcw_study_montage(pc_ctx *ctx, const pc_study *study, int dataset, pc_image **out)
{
    pc_image image = {0};
    return image_box(ctx, pc_study_montage(ctx, study, (pc_dataset)dataset, &image), image, out);
}
