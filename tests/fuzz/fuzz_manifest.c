/* fuzz_manifest.c: the manifest.csv reader (RFC 4180 records, the header, every row's
 * checks, duplicate case ids). pc_manifest_parse is the whole reader but for the file
 * reading and the stat() of each image path, which need no fuzzing. */
#include <stddef.h>
#include <stdint.h>

#include "polarcad.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_manifest manifest = {0};
    pc_manifest_parse(ctx, (const char *)data, size, "manifest.csv", "cohort/", &manifest);
    pc_manifest_free(&manifest);
    pc_ctx_free(ctx);
    return 0;
}
