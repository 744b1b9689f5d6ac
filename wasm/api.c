/* api.c: the C functions the JavaScript wrapper (polarcad.mjs) calls.
 *
 * Thin shims over the core. Objects live on the heap and JS holds them by pointer.
 * Every fallible shim follows the core's rule: it returns a pc_status (0 = OK, else the
 * message is in the context) and writes its result through the last argument, a pointer
 * to a pointer that JS allocates and reads. C owns all memory: JS copies results out at
 * once, since views on wasm memory break when it grows. Names: pcw_ = polarcad wasm. */
#include <emscripten/emscripten.h>
#include <stdlib.h>
#include <string.h>

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

/* The most pixels an image may have here, below the decoder's own 64-megapixel limit:
 * decoding and searching an image takes about 5 bytes a pixel beyond the module's other
 * memory, and with the full VGG16 loaded (about 340 MB at its peak, README "The
 * JavaScript API") a study of 16-megapixel images stays under 512 MB. A 4K screen capture
 * is 8.3 megapixels, a 5K one 14.7. Checked from the header, before any allocation. */
#define PCW_MAX_IMAGE_PIXELS ((size_t)16 * 1000 * 1000)
static const char *const image_budget_why =
    "in the WebAssembly module, which keeps a study and the model in under 512 MB of memory (crop the capture "
    "to the map, or scale it down)";

EMSCRIPTEN_KEEPALIVE pc_status pcw_image_create(pc_ctx *ctx, int width, int height, pc_image **out)
{
    if (width > 0 && height > 0 && (size_t)width * (size_t)height > PCW_MAX_IMAGE_PIXELS)
        return pc_fail(ctx, PC_STATUS_TOO_LARGE, "image: %d x %d pixels (%.1f megapixels) is over the limit of %g "
                       "megapixels %s", width, height, (double)width * height / 1e6,
                       (double)PCW_MAX_IMAGE_PIXELS / 1e6, image_budget_why);
    pc_image image = {0};
    return image_box(ctx, pc_image_create(ctx, width, height, &image), image, out);
}

EMSCRIPTEN_KEEPALIVE pc_status pcw_image_decode(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                                                pc_image **out)
{
    pc_image image = {0};
    return image_box(ctx,
                     pc_image_decode_within(ctx, bytes, size, name, PCW_MAX_IMAGE_PIXELS, image_budget_why, &image),
                     image, out);
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

/* The dataset's montage of the study's disc-cropped, masked tiles: the network's input. */
EMSCRIPTEN_KEEPALIVE pc_status pcw_study_montage(pc_ctx *ctx, const pc_study *study, int dataset, pc_image **out)
{
    pc_image image = {0};
    return image_box(ctx, pc_study_montage(ctx, study, (pc_dataset)dataset, &image), image, out);
}

/* ---- a study given back: JS keeps the study as plain copies (tiles, relative counts) ---- */

/* The tile of a present map, (size, size) RGB, and its relative counts (values 0..100 and
 * the PC_PIXEL_* state of every pixel), for JS to copy. */
EMSCRIPTEN_KEEPALIVE int pcw_study_tile_size(const pc_study *study, int map) { return study->tile[map].width; }
EMSCRIPTEN_KEEPALIVE const uint8_t *pcw_study_tile(const pc_study *study, int map) { return study->tile[map].rgb; }
EMSCRIPTEN_KEEPALIVE const float *pcw_study_count_values(const pc_study *study, int map)
{
    return study->counts[map].value;
}
EMSCRIPTEN_KEEPALIVE const uint8_t *pcw_study_count_states(const pc_study *study, int map)
{
    return study->counts[map].state;
}

/* Copies one map's tile and counts into study (size x size each; JS checked the lengths),
 * refusing values a preprocessed study cannot hold, since JS may have changed them. */
static pc_status assemble_map(pc_ctx *ctx, pc_study *study, int m, int size, const uint8_t *tile,
                              const float *values, const uint8_t *states)
{
    const char *map = pc_map_name((pc_map)m);
    const size_t n = (size_t)size * (size_t)size;
    pc_counts *c = &study->counts[m];
    pc_status st = pc_image_create(ctx, size, size, &study->tile[m]);
    if (st) return st;
    memcpy(study->tile[m].rgb, tile, n * 3);
    c->size = size;
    c->table = study->table;
    c->value = malloc(n * sizeof *c->value);
    c->state = malloc(n);
    if (!c->value || !c->state) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for the %s map", map);
    for (size_t i = 0; i < n; i++) {
        const float v = values[i];
        if (states[i] > PC_PIXEL_UNMATCHED || !(v >= 0 && v <= 100))
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                           "%s: the study's relative counts were changed (pixel %zu: state %d, value %g); "
                           "pass the study as preprocessStudy returned it", map, i, states[i], (double)v);
        c->value[i] = v;
        c->state[i] = states[i];
        c->matched += states[i] == PC_PIXEL_MATCHED;
        c->unmatched += states[i] == PC_PIXEL_UNMATCHED;
    }
    const long disc = c->matched + c->unmatched;
    c->unmatched_fraction = disc ? (double)c->unmatched / (double)disc : 0;
    study->present[m] = 1;
    return PC_STATUS_OK;
}

/* A C study from the copies preprocessStudy returned: arrays of PC_MAP_COUNT pointers in
 * pc_map order (NULL for an absent map) to tiles, count values and count states, each
 * map PC_TILE_SIZE square; table is the colour table's name. Where each disc was in its
 * source image is not needed again and stays zero. */
EMSCRIPTEN_KEEPALIVE pc_status pcw_study_assemble(pc_ctx *ctx, const char *table, const uint8_t *const *tiles,
                                                  const float *const *values, const uint8_t *const *states,
                                                  pc_study **out)
{
    pc_colormap colormap;
    if (!pc_colormap_parse(table, &colormap))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "the study's colour table '%s' is not one polarcad knows",
                       table);
    pc_study *study = calloc(1, sizeof *study);
    if (!study) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory");
    study->table = colormap;
    pc_status st = PC_STATUS_OK;
    for (int m = 0; m < PC_MAP_COUNT && !st; m++)
        if (tiles[m]) st = assemble_map(ctx, study, m, PC_TILE_SIZE, tiles[m], values[m], states[m]);
    if (st) {
        pcw_study_free(study);
        return st;
    }
    *out = study;
    return PC_STATUS_OK;
}
