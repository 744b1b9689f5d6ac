/* fuzz_normals.c: the normal-database reader (text lines, rows of numbers, ranges, the
 * version, the checksum line).
 *
 * A mutated file almost never keeps a valid CRC-32, and the reader checks it only after
 * parsing everything, so a wrong checksum hides nothing. It does hide the final checks
 * (the checksum line, text after it): the harness rewrites the checksum line after the
 * first "end" line so that mutants get there. The mismatch message itself is covered by
 * tests/data/bad/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crc32.h"
#include "polarcad.h"

/* Offset just past the first line that reads "end" (the parser strips a \r), or 0. */
static size_t after_end_line(const uint8_t *data, size_t size)
{
    for (size_t start = 0; start < size;) {
        const uint8_t *nl = memchr(data + start, '\n', size - start);
        if (!nl) return 0;
        size_t len = (size_t)(nl - (data + start));
        if ((len == 3 || (len == 4 && data[start + 3] == '\r')) && memcmp(data + start, "end", 3) == 0)
            return (size_t)(nl - data) + 1;
        start += len + 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t covered = after_end_line(data, size);
    char *text = malloc(size + 32);
    if (!text) return 0;
    size_t n = size;
    memcpy(text, data, size);
    if (covered)
        n = covered + (size_t)snprintf(text + covered, 32, "checksum %08x\n",
                                       (unsigned)pc_crc32(0, (const uint8_t *)text, covered));
    pc_ctx *ctx = pc_ctx_create();
    pc_normals normals;
    pc_normals_parse(ctx, text, n, "normals.db", &normals);
    pc_ctx_free(ctx);
    free(text);
    return 0;
}
