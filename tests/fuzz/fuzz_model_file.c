/* fuzz_model_file.c: the model-file loader: header, sections, architecture, class names,
 * tensor table, the JSON metadata, and (when everything checks) a model built from it.
 *
 * The loader checks the size field and the CRC-32 before any section, so a mutant with a
 * stale size or checksum never gets further; the harness writes both (the fuzzer still
 * reaches the size and checksum messages through inputs shorter than the header). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/crc32.h"
#include "polarcad.h"

enum { SIZE_OFFSET = 16, HEADER_AND_CRC = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *bytes = malloc(size ? size : 1);
    if (!bytes) return 0;
    memcpy(bytes, data, size);
    if (size >= HEADER_AND_CRC) {
        for (int i = 0; i < 8; i++) bytes[SIZE_OFFSET + i] = (uint8_t)((uint64_t)size >> (8 * i));
        uint32_t crc = pc_crc32(0, bytes, size - 4);
        for (int i = 0; i < 4; i++) bytes[size - 4 + i] = (uint8_t)(crc >> (8 * i));
    }
    /* Batch 1, one thread: the runtime fields the file does not store, kept small so that
     * a legitimate tiny model costs microseconds. */
    pc_vgg_config runtime;
    pc_vgg_config_default(&runtime, PC_VGG16);
    runtime.batch = 1;
    runtime.kernels.threads = 1;
    pc_ctx *ctx = pc_ctx_create();
    pc_vgg *model = NULL;
    pc_model_info info;
    if (pc_model_decode(ctx, bytes, size, "model.pcm", &runtime, &model, &info) == PC_STATUS_OK)
        pc_model_info_free(&info);
    pc_vgg_free(model);
    pc_ctx_free(ctx);
    free(bytes);
    return 0;
}
