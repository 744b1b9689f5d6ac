/* image.c: pc_image allocation. */
#include "image.h"

#include <stdlib.h>

pc_status pc_image_create(pc_ctx *ctx, int width, int height, pc_image *out)
{
    if (!out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "image: no output given");
    if (width <= 0 || height <= 0)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "image: size %d x %d is empty", width, height);
    if (width > PC_IMAGE_MAX_SIDE || height > PC_IMAGE_MAX_SIDE ||
        (size_t)width * (size_t)height > PC_IMAGE_MAX_PIXELS)
        return pc_fail(ctx, PC_STATUS_TOO_LARGE, "image: %d x %d pixels is over the limit", width, height);
    uint8_t *rgb = calloc((size_t)width * (size_t)height, 3);
    if (!rgb) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "image: out of memory for %d x %d", width, height);
    out->width = width;
    out->height = height;
    out->rgb = rgb;
    return PC_STATUS_OK;
}

void pc_image_free(pc_image *image)
{
    if (!image) return;
    free(image->rgb);
    image->rgb = NULL;
    image->width = 0;
    image->height = 0;
}
