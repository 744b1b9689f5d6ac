/* encode.h: pc_image -> PNG or JPEG bytes in memory (stb_image_write). */
#ifndef PC_IMAGE_ENCODE_H
#define PC_IMAGE_ENCODE_H

#include "image.h"

/* Encodes to a new malloc'd buffer (*bytes_out, free with free()). */
pc_status pc_image_encode_png(pc_ctx *ctx, const pc_image *image, uint8_t **bytes_out, size_t *size_out);
/* quality 1..100, 4:2:0 chroma subsampling as stb writes it (like most exports). */
pc_status pc_image_encode_jpeg(pc_ctx *ctx, const pc_image *image, int quality, uint8_t **bytes_out,
                               size_t *size_out);

/* Encodes by the file name's extension (.png, .jpg/.jpeg) and writes atomically. */
pc_status pc_image_write_file(pc_ctx *ctx, const pc_image *image, const char *path, int jpeg_quality);

#endif
