/* fuzz_preprocess.c: decode + the whole preprocessing of one map, as the page and the CLI
 * run it: disc search, crop, mask, resample, colour-table detection and inversion.
 *
 * The map is given as the study's stress AC map alone (the others absent), which is a
 * study the pipeline accepts. */
#include <stddef.h>
#include <stdint.h>

#include "polarcad.h"

/* Built once: the colour tables' inverses take about 10 ms, and every study shares them
 * read-only, so building them per input would only slow the fuzzer down. */
static pc_inverter *inverter;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    pc_ctx *ctx = pc_ctx_create();
    if (pc_inverter_create(ctx, &inverter)) return 1;
    pc_ctx_free(ctx);
    return 0;
}

/* Images above a megapixel are left out: they only slow the disc search down (its cost
 * grows with the area), and the decoder's limits are fuzz_image_decode's business. */
enum { MAX_PIXELS = 1024 * 1024 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_image image = {0};
    pc_study study = {0};
    const pc_image *images[PC_MAP_COUNT] = {0};
    const char *names[PC_MAP_COUNT] = {0};
    if (pc_image_decode(ctx, data, size, "stress_ac.png", &image) == PC_STATUS_OK &&
        (size_t)image.width * (size_t)image.height <= MAX_PIXELS) {
        images[PC_MAP_STRESS_AC] = &image;
        names[PC_MAP_STRESS_AC] = "stress_ac.png";
        pc_preprocess_options options;
        pc_preprocess_options_default(&options);
        pc_study_preprocess(ctx, inverter, images, names, &options, &study);
    }
    pc_study_free(&study);
    pc_image_free(&image);
    pc_ctx_free(ctx);
    return 0;
}
