/* encode.c: see encode.h. */
#define _POSIX_C_SOURCE 200809L
#include "encode.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/file.h"
#include "stb_image_write.h"

typedef struct growable {
    uint8_t *bytes;
    size_t size, capacity;
    int failed;
} growable;

static void append(void *context, void *data, int size)
{
    growable *g = context;
    if (g->failed || size <= 0) return;
    if (g->size + (size_t)size > g->capacity) {
        size_t capacity = g->capacity ? g->capacity * 2 : 65536;
        while (capacity < g->size + (size_t)size) capacity *= 2;
        uint8_t *grown = realloc(g->bytes, capacity);
        if (!grown) { g->failed = 1; return; }
        g->bytes = grown;
        g->capacity = capacity;
    }
    memcpy(g->bytes + g->size, data, (size_t)size);
    g->size += (size_t)size;
}

static pc_status finish(pc_ctx *ctx, growable *g, int ok, const char *what, uint8_t **bytes_out, size_t *size_out)
{
    if (!ok || g->failed) {
        free(g->bytes);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "encoding %s failed (out of memory)", what);
    }
    *bytes_out = g->bytes;
    *size_out = g->size;
    return PC_STATUS_OK;
}

pc_status pc_image_encode_png(pc_ctx *ctx, const pc_image *image, uint8_t **bytes_out, size_t *size_out)
{
    if (!image || !image->rgb) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "encode PNG: empty image");
    growable g = {0};
    int ok = stbi_write_png_to_func(append, &g, image->width, image->height, 3, image->rgb, image->width * 3);
    return finish(ctx, &g, ok, "PNG", bytes_out, size_out);
}

pc_status pc_image_encode_jpeg(pc_ctx *ctx, const pc_image *image, int quality, uint8_t **bytes_out,
                               size_t *size_out)
{
    if (!image || !image->rgb) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "encode JPEG: empty image");
    if (quality < 1 || quality > 100)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "JPEG quality %d is outside 1..100", quality);
    growable g = {0};
    int ok = stbi_write_jpg_to_func(append, &g, image->width, image->height, 3, image->rgb, quality);
    return finish(ctx, &g, ok, "JPEG", bytes_out, size_out);
}

pc_status pc_image_write_file(pc_ctx *ctx, const pc_image *image, const char *path, int jpeg_quality)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_status status;
    if (dot && strcasecmp(dot, ".png") == 0)
        status = pc_image_encode_png(ctx, image, &bytes, &size);
    else if (dot && (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0))
        status = pc_image_encode_jpeg(ctx, image, jpeg_quality, &bytes, &size);
    else
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: output must end in .png, .jpg or .jpeg",
                       path ? path : "(null)");
    if (status) return pc_fail_prefix(ctx, path);
    status = pc_file_write_atomic(ctx, path, bytes, size);
    free(bytes);
    return status;
}
