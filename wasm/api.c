/* api.c: the C functions the JavaScript wrapper (polarcad.mjs) calls.
 *
 * Thin shims over the core: handles are heap pointers that JS passes back, every
 * fallible call returns 0/NULL on failure with the message in the context, and C owns
 * all memory (JS copies results out at once, since views on wasm memory break when it
 * grows). Names: pcw_ = polarcad wasm. */
#include <emscripten/emscripten.h>
#include <stdlib.h>

#include "polarcad.h"

EMSCRIPTEN_KEEPALIVE const char *pcw_version(void) { return pc_version(); }

EMSCRIPTEN_KEEPALIVE pc_ctx *pcw_ctx_create(void) { return pc_ctx_create(); }
EMSCRIPTEN_KEEPALIVE void pcw_ctx_free(pc_ctx *ctx) { pc_ctx_free(ctx); }
EMSCRIPTEN_KEEPALIVE const char *pcw_ctx_last_error(pc_ctx *ctx) { return pc_ctx_last_error(ctx); }

/* Images live on the heap so JS can hold them by pointer. */
static pc_image *image_box(pc_ctx *ctx, pc_image value)
{
    pc_image *box = malloc(sizeof *box);
    if (!box) {
        pc_image_free(&value);
        pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    *box = value;
    return box;
}

EMSCRIPTEN_KEEPALIVE pc_image *pcw_image_create(pc_ctx *ctx, int width, int height)
{
    pc_image image = {0};
    return pc_image_create(ctx, width, height, &image) ? NULL : image_box(ctx, image);
}

EMSCRIPTEN_KEEPALIVE pc_image *pcw_image_decode(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name)
{
    pc_image image = {0};
    return pc_image_decode(ctx, bytes, size, name, &image) ? NULL : image_box(ctx, image);
}

EMSCRIPTEN_KEEPALIVE int pcw_image_width(const pc_image *image) { return image->width; }
EMSCRIPTEN_KEEPALIVE int pcw_image_height(const pc_image *image) { return image->height; }
EMSCRIPTEN_KEEPALIVE uint8_t *pcw_image_rgb(const pc_image *image) { return image->rgb; }

EMSCRIPTEN_KEEPALIVE void pcw_image_free(pc_image *image)
{
    pc_image_free(image);
    free(image);
}

EMSCRIPTEN_KEEPALIVE pc_image *pcw_image_resize(pc_ctx *ctx, const pc_image *src, int width, int height, int filter)
{
    pc_image image = {0};
    return pc_image_resize(ctx, src, width, height, (pc_resize_filter)filter, &image) ? NULL : image_box(ctx, image);
}

/* maps: the four images in pc_map order (stress_nac, rest_nac, stress_ac, rest_ac); 0 = absent. */
EMSCRIPTEN_KEEPALIVE pc_image *pcw_montage(pc_ctx *ctx, int dataset, const pc_image *stress_nac,
                                           const pc_image *rest_nac, const pc_image *stress_ac,
                                           const pc_image *rest_ac)
{
    const pc_image *maps[PC_MAP_COUNT] = {stress_nac, rest_nac, stress_ac, rest_ac};
    pc_image image = {0};
    return pc_montage_build(ctx, (pc_dataset)dataset, maps, &image) ? NULL : image_box(ctx, image);
}
