/* file_crc.c: the CRC-32 of a file, by which a training run names its inputs (train.h). */
#include <stdlib.h>

#include "../base/crc32.h"
#include "../base/file.h"
#include "train.h"

pc_status pc_train_file_crc32(pc_ctx *ctx, const char *path, uint32_t *crc_out)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_status status = pc_file_read(ctx, path, (size_t)1 << 30, &bytes, &size);
    if (status) return status;
    uint32_t whole = pc_crc32(0, bytes, size);
    /* A file carrying its own CRC-32 at the end: name it by that (its content's) checksum. */
    *crc_out = size >= 4 && whole == (uint32_t)PC_CRC32_RESIDUE ? pc_crc32(0, bytes, size - 4) : whole;
    free(bytes);
    return PC_STATUS_OK;
}
