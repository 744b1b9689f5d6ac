/* crc32.c: see crc32.h. Bytewise with a 256-entry table (Sarwate's method); the table is
 * rebuilt per call (256 x 8 shifts, nothing next to hashing a model file) so the library
 * keeps no global state and needs no initialisation call. */
#include "crc32.h"

uint32_t pc_crc32(uint32_t crc, const uint8_t *bytes, size_t size)
{
    uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    crc = ~crc;
    for (size_t i = 0; i < size; i++) crc = table[(crc ^ bytes[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}
