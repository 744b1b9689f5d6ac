/* image.h: 8-bit RGB images, decoding from memory, resizing, and study montages.
 *
 * A pc_image owns its pixels (row-major, 3 bytes per pixel, R G B, no row padding).
 * Decoding wraps stb_image with polarcad's own limits, checked from the header BEFORE
 * any large allocation, because stb targets callers who can avoid bad images and we
 * cannot (a clinician may drop anything on the page). */
#ifndef PC_IMAGE_IMAGE_H
#define PC_IMAGE_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/status.h"

/* Limits on decoded images (documented in README): a side over 8192 px or more than
 * 64 megapixels is refused before decoding. */
enum { PC_IMAGE_MAX_SIDE = 8192 };
#define PC_IMAGE_MAX_PIXELS ((size_t)64 * 1024 * 1024)

typedef struct pc_image {
    int width;
    int height;
    uint8_t *rgb;   /* (height, width, 3), owned; free with pc_image_free */
} pc_image;

/* Allocates a zeroed width x height image. Fails on zero or over-limit sizes. */
pc_status pc_image_create(pc_ctx *ctx, int width, int height, pc_image *out);
/* Frees the pixels and zeroes the struct; safe on a zeroed or already freed image. */
void pc_image_free(pc_image *image);

/* Decodes PNG, JPEG or BMP bytes into RGB8 (alpha is composited on black, grey is
 * expanded). `name` only labels messages ("stress_ac.png: ..."); may be NULL.
 * Errors: empty input, unknown format, over-limit size, 16-bit PNG, corrupt or
 * truncated data. *out is untouched on failure. */
pc_status pc_image_decode(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                          pc_image *out);
/* The same with a caller's tighter budget: an image within the decoder's limits but of
 * more than max_pixels pixels is refused from its header too, before any allocation
 * ("<name>: W x H pixels (N megapixels) is over the limit of M megapixels <why>"; why may
 * be NULL). The WebAssembly module uses it to keep a study and the model within its
 * memory (wasm/api.c). Images over the decoder's own limits get pc_image_decode's message. */
pc_status pc_image_decode_within(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                                 size_t max_pixels, const char *why, pc_image *out);

typedef enum pc_resize_filter {
    PC_RESIZE_AUTO = 0,   /* AREA when shrinking an axis, BILINEAR when enlarging it */
    PC_RESIZE_BILINEAR,   /* pixel-centre aligned, edge-clamped (as OpenCV INTER_LINEAR) */
    PC_RESIZE_AREA        /* exact box average over the source footprint (as INTER_AREA) */
} pc_resize_filter;

/* Resizes src into a new width x height image. */
pc_status pc_image_resize(pc_ctx *ctx, const pc_image *src, int width, int height,
                          pc_resize_filter filter, pc_image *out);

/* Float version of the same filters on interleaved channels: dst (dh, dw, channels)
 * from src (sh, sw, channels). Never fails; caller guarantees sizes >= 1. */
void pc_resize_f32(const float *src, int sw, int sh, int channels, pc_resize_filter filter, float *dst, int dw,
                   int dh);

#endif
