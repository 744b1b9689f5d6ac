/* crc32.h: CRC-32, the one checksum of polarcad's file formats.
 *
 * The model file (io/model_file.h) ends with the CRC-32 of every byte before it, the normal
 * database (semiquant/normals.h) with a `checksum` line holding the CRC-32 of the text
 * before it. One checksum for all formats, so a reader in another language (tests/ref/
 * pcmodel.py uses Python's zlib.crc32) needs one function. This is the IEEE 802.3 CRC in
 * its reflected form (polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF), the
 * same as zlib's crc32(): the CRC of the ASCII bytes "123456789" is 0xCBF43926. */
#ifndef PC_BASE_CRC32_H
#define PC_BASE_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 of bytes[0..size) continuing from crc: 0 to start, or the result of the previous
 * call to checksum a file in pieces. bytes may be NULL when size is 0. */
uint32_t pc_crc32(uint32_t crc, const uint8_t *bytes, size_t size);

/* The CRC-32 of any bytes followed by their own CRC-32 (little-endian, as the model file
 * stores it) is this constant, the CRC's residue: a checksum of such a file names nothing. */
enum { PC_CRC32_RESIDUE = 0x2144DF1Cu };

#endif
