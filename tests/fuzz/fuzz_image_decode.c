/* fuzz_image_decode.c: pc_image_decode on any bytes (PNG, JPEG, BMP and everything else).
 *
 * The decoder's own limits (8192 px a side, 64 megapixels) are part of what is fuzzed, so
 * no extra cap here. A refusal is fine; a crash, leak or undefined behaviour is not. */
#include <stddef.h>
#include <stdint.h>

#include "polarcad.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_image image = {0};
    if (pc_image_decode(ctx, data, size, "fuzz.png", &image) == PC_STATUS_OK)
        /* Touch the last pixel: the size the decoder reports must be the size it allocated. */
        image.rgb[(size_t)image.width * (size_t)image.height * 3 - 1] ^= 1;
    pc_image_free(&image);
    pc_ctx_free(ctx);
    return 0;
}
