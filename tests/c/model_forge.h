/* model_forge.h: edits model files the way a broken writer would, for the format tests. */
#ifndef PC_TEST_MODEL_FORGE_H
#define PC_TEST_MODEL_FORGE_H

#include <stddef.h>
#include <stdint.h>

#include "base/crc32.h"

/* Rewrites the size field and the checksum after an edit, so the parser, not the CRC, sees it. */
static inline void forge(uint8_t *b, size_t size)
{
    for (int i = 0; i < 8; i++) b[16 + i] = (uint8_t)((uint64_t)size >> (8 * i));
    uint32_t crc = pc_crc32(0, b, size - 4);
    for (int i = 0; i < 4; i++) b[size - 4 + i] = (uint8_t)(crc >> (8 * i));
}

#endif
