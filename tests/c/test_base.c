/* test_base.c: error context, checked sizes, the PCG32 generator. */
#include <stdint.h>

#include "base/checked.h"
#include "check.h"
#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"

static void test_context(void)
{
    pc_ctx *ctx = pc_ctx_create();
    CHECK(ctx != NULL);
    CHECK(strcmp(pc_ctx_last_error(ctx), "") == 0);
    CHECK_INT(pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: %d bytes", "a.png", 12), PC_STATUS_BAD_FORMAT);
    CHECK(strcmp(pc_ctx_last_error(ctx), "a.png: 12 bytes") == 0);
    CHECK_INT(pc_ctx_last_status(ctx), PC_STATUS_BAD_FORMAT);
    CHECK_INT(pc_fail_prefix(ctx, "case c1"), PC_STATUS_BAD_FORMAT);
    CHECK(strcmp(pc_ctx_last_error(ctx), "case c1: a.png: 12 bytes") == 0);
    /* Over-long messages are cut, never overflow. */
    char big[4000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    pc_fail(ctx, PC_STATUS_IO, "%s", big);
    CHECK(strlen(pc_ctx_last_error(ctx)) < sizeof big);
    pc_ctx_clear(ctx);
    CHECK_INT(pc_ctx_last_status(ctx), PC_STATUS_OK);
    CHECK(strcmp(pc_ctx_last_error(NULL), "") == 0);
    CHECK_INT(pc_fail(NULL, PC_STATUS_IO, "dropped"), PC_STATUS_IO);
    for (int s = 0; s < PC_STATUS_COUNT; s++) CHECK(strlen(pc_status_str((pc_status)s)) > 0);
    pc_ctx_free(ctx);
    pc_ctx_free(NULL);
}

static void test_checked(void)
{
    size_t out = 7;
    CHECK(pc_size_mul(3, 4, &out) && out == 12);
    CHECK(!pc_size_mul(SIZE_MAX / 2 + 1, 2, &out));
    CHECK(!pc_size_add(SIZE_MAX, 1, &out));
    CHECK(pc_size_mul3(2, 3, 4, &out) && out == 24);
    size_t half = SIZE_MAX / 2 + 1;   /* 2^31 on wasm32, 2^63 natively */
    CHECK(!pc_size_mul3(half, 2, 1, &out));
    CHECK(!pc_size_mul3(1, half, 4, &out));
}

static void test_rng(void)
{
    /* Reference output of pcg32_srandom_r(42, 54) from the PCG demo program (pcg32-demo.c). */
    static const uint32_t expected[6] = {0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e};
    pc_rng rng;
    pc_rng_seed(&rng, 42, 54);
    for (int i = 0; i < 6; i++) CHECK_INT(pc_rng_u32(&rng), expected[i]);

    pc_rng_seed(&rng, 7, 1);
    int counts[5] = {0};
    double sum = 0, sum2 = 0;
    for (int i = 0; i < 50000; i++) {
        counts[pc_rng_below(&rng, 5)]++;
        float u = pc_rng_uniform(&rng);
        CHECK(u >= 0.0f && u < 1.0f);
        double n = pc_rng_normal(&rng);
        sum += n;
        sum2 += n * n;
    }
    for (int k = 0; k < 5; k++) CHECK(counts[k] > 9500 && counts[k] < 10500);
    CHECK_NEAR(sum / 50000, 0.0, 0.03);
    CHECK_NEAR(sum2 / 50000, 1.0, 0.03);
}

int main(void)
{
    test_context();
    test_checked();
    test_rng();
    return check_finish("test_base");
}
