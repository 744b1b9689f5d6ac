/* test_model_quant.c: the model file's fp16 and int8 tensors (model_file.h, io/model_quant.h).
 *
 *   1. binary16 conversions: every one of the 65536 patterns round-trips, and the special
 *      values (signed zero, subnormals, ties to even, the largest finite value, overflow,
 *      infinities and NaN) convert as IEEE 754 says.
 *   2. int8 quantisation: per output channel (the last dimension), error <= scale / 2 per
 *      weight, the largest weight of a channel at +-127, an all-zero channel at scale 0.
 *   3. Files: fp16 and int8 round trips through the same loader (values as the conversions
 *      promise, biases kept fp32 in int8 files, re-exporting an int8 model gives the same
 *      bytes), smaller files, a weight beyond fp16's range refused by name, and the loader
 *      refusing a corrupted scale block (negative, NaN, infinite, huge), the CRC fixed up so
 *      the parser itself is exercised.
 *   4. The "trained on" line from the metadata. */
#include <float.h>
#include <stdint.h>

#include "check.h"
#include "model_forge.h"
#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"
#include "io/model_quant.h"

static float bits_f32(uint32_t x)
{
    float f;
    memcpy(&f, &x, 4);
    return f;
}

static uint16_t f16(float f)
{
    uint16_t h = 0xDEAD;
    CHECK(pc_f16_from_f32(f, &h));
    return h;
}

static void test_f16(void)
{
    int bad = 0;
    for (uint32_t h = 0; h < 65536; h++) {
        float f = pc_f32_from_f16((uint16_t)h);
        uint16_t back = 0;
        int finite = ((h >> 10) & 0x1F) != 31;
        if (finite ? !(pc_f16_from_f32(f, &back) && back == h) : isfinite(f)) bad++;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(f16(0.0f), 0x0000);
    CHECK_INT(f16(-0.0f), 0x8000);
    CHECK_INT(f16(1.0f), 0x3C00);
    CHECK_INT(f16(-2.0f), 0xC000);
    CHECK_INT(f16(1.0f / 3.0f), 0x3555);
    CHECK_INT(f16(65504.0f), 0x7BFF);
    CHECK_INT(f16(65519.99f), 0x7BFF);                  /* below the halfway point to 65536 */
    CHECK_INT(f16(ldexpf(1.0f, -14)), 0x0400);          /* smallest normal */
    CHECK_INT(f16(ldexpf(1.0f, -24)), 0x0001);          /* smallest subnormal */
    CHECK_INT(f16(ldexpf(1.0f, -25)), 0x0000);          /* half of it: a tie, to even (zero) */
    CHECK_INT(f16(ldexpf(1.5f, -25)), 0x0001);          /* above the tie */
    CHECK_INT(f16(ldexpf(3.0f, -25)), 0x0002);          /* 1.5 units: a tie, to even (2) */
    CHECK_INT(f16(-ldexpf(1.0f, -30)), 0x8000);         /* underflow keeps the sign */
    CHECK_INT(f16(1.0f + ldexpf(1.0f, -11)), 0x3C00);   /* tie between 1 and 1 + 2^-10: even */
    CHECK_INT(f16(1.0f + ldexpf(3.0f, -11)), 0x3C02);   /* tie, to the even neighbour above */
    CHECK_INT(f16(ldexpf(0x3FF, -24) + ldexpf(1.0f, -25)), 0x0400);   /* largest subnormal + half: carries */
    uint16_t h = 0x1234;
    CHECK(!pc_f16_from_f32(65520.0f, &h) && h == 0x1234);   /* rounds to infinity: refused, untouched */
    CHECK(!pc_f16_from_f32(INFINITY, &h) && !pc_f16_from_f32(-INFINITY, &h) && !pc_f16_from_f32(NAN, &h));
    CHECK(!pc_f16_from_f32(FLT_MAX, &h) && h == 0x1234);
    CHECK(isinf(pc_f32_from_f16(0x7C00)) && isinf(pc_f32_from_f16(0xFC00)) && isnan(pc_f32_from_f16(0x7E00)));
    CHECK(signbit(pc_f32_from_f16(0x8000)) && pc_f32_from_f16(0x8000) == 0.0f);
    CHECK(pc_f32_from_f16(0x0001) == ldexpf(1.0f, -24));
    CHECK(bits_f32(0x3F800000u) == pc_f32_from_f16(0x3C00));
}

static void test_int8(pc_rng *rng)
{
    enum { ROWS = 27, COLS = 5 };
    float w[ROWS * COLS], scales[COLS];
    int8_t q[ROWS * COLS];
    for (int i = 0; i < ROWS * COLS; i++) w[i] = pc_rng_range(rng, -2, 2) * (float)(1 + i % COLS);
    for (int i = 0; i < ROWS; i++) w[i * COLS + 3] = 0.0f;   /* an all-zero channel */
    w[7 * COLS + 1] = -40.0f;                                /* a channel's extreme is negative */
    pc_int8_quantize(w, ROWS, COLS, scales, q);
    CHECK_NEAR(scales[1], 40.0 / 127.0, 1e-7);
    CHECK(scales[3] == 0.0f);
    double worst = 0;
    int at_extreme[COLS] = {0};
    for (int i = 0; i < ROWS * COLS; i++) {
        int j = i % COLS;
        double err = fabs((double)w[i] - (double)scales[j] * q[i]);
        if (scales[j] > 0) worst = fmax(worst, err / scales[j]);
        else CHECK(q[i] == 0 && err == 0);
        CHECK(q[i] >= -127 && q[i] <= 127);
        if (q[i] == 127 || q[i] == -127) at_extreme[j] = 1;
    }
    printf("int8: largest error %.6f scale (bound 0.5)\n", worst);
    CHECK(worst <= 0.5 + 1e-5);   /* w / scale is itself rounded once in float */
    CHECK(q[7 * COLS + 1] == -127);
    for (int j = 0; j < COLS; j++) CHECK(at_extreme[j] == (j != 3));
}

static void tiny_config(pc_vgg_config *cfg)
{
    pc_vgg_config_default(cfg, PC_VGG16);
    cfg->height = 32, cfg->width = 32, cfg->width_mult = 1.0f / 16.0f;   /* 4, 8, 16, 32, 32 channels */
    cfg->dense1 = 8, cfg->dense2 = 6, cfg->batch = 1, cfg->seed = 5, cfg->kernels.threads = 1;
}

/* Offset of the first int8 scale of the named tensor in an encoded file. */
static size_t scale_offset(const uint8_t *b, size_t size, const char *name, int ndim)
{
    size_t n = strlen(name);
    for (size_t i = 0; i + n < size; i++)
        if (memcmp(b + i, name, n) == 0) return i + n + 1 + 1 + 2 + 4 * (size_t)ndim + 8;
    return 0;
}

static void test_files(pc_ctx *ctx, pc_rng *rng)
{
    pc_vgg_config cfg, one;
    tiny_config(&cfg);
    pc_vgg_config_default(&one, PC_VGG16);
    one.kernels.threads = 1;
    pc_vgg *m = NULL;
    pc_model_info info;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_OK);
    CHECK_INT(pc_model_info_init(ctx, &cfg, &info), PC_STATUS_OK);
    if (!m) return;
    for (size_t t = 0; t < pc_vgg_tensor_count(m); t++) {   /* non-zero biases, so keeping them shows */
        pc_vgg_tensor v;
        pc_vgg_tensor_get(m, t, &v);
        if (v.ndim == 1)
            for (size_t i = 0; i < v.count; i++) v.data[i] = pc_rng_range(rng, -1, 1);
    }
    pc_vgg_sync_weights(m);
    uint8_t *b[PC_MODEL_DTYPE_COUNT] = {0};
    size_t size[PC_MODEL_DTYPE_COUNT] = {0};
    for (int d = 0; d < PC_MODEL_DTYPE_COUNT; d++) {
        CHECK_INT(pc_model_encode_as(ctx, m, &info, (pc_model_dtype)d, &b[d], &size[d]), PC_STATUS_OK);
        pc_vgg *back = NULL;
        pc_model_info bi;
        CHECK_INT(pc_model_decode(ctx, b[d], size[d], "q.pcm", &one, &back, &bi), PC_STATUS_OK);
        if (!back) continue;
        CHECK_INT(bi.dtype, d);
        double worst = 0;   /* in units of the allowed error */
        for (size_t t = 0; t < pc_vgg_tensor_count(m); t++) {
            pc_vgg_tensor v, w;
            pc_vgg_tensor_get(m, t, &v);
            pc_vgg_tensor_get(back, t, &w);
            const size_t cols = v.dims[v.ndim - 1];
            float scales[512];
            int8_t *q = malloc(v.count);
            if (d == PC_MODEL_DTYPE_INT8) pc_int8_quantize(v.data, v.count / cols, cols, scales, q);
            for (size_t i = 0; i < v.count; i++) {
                float want = v.data[i];
                if (d == PC_MODEL_DTYPE_F16) want = pc_f32_from_f16(f16(v.data[i]));
                if (d == PC_MODEL_DTYPE_INT8 && v.ndim > 1) {
                    double err = fabs((double)w.data[i] - v.data[i]), bound = scales[i % cols] / 2 * (1 + 1e-5);
                    if (err > bound) worst = fmax(worst, err / bound);
                    want = w.data[i];
                }
                if (w.data[i] != want) worst = fmax(worst, 2.0);
            }
            free(q);
        }
        printf("%s file: %zu bytes (fp32 %zu)\n", pc_model_dtype_name((pc_model_dtype)d), size[d], size[0]);
        CHECK(worst == 0);
        if (d == PC_MODEL_DTYPE_INT8) {   /* dequantised int8 weights quantise to themselves */
            uint8_t *again = NULL;
            size_t n_again = 0;
            CHECK_INT(pc_model_encode_as(ctx, back, &bi, PC_MODEL_DTYPE_INT8, &again, &n_again), PC_STATUS_OK);
            CHECK(n_again == size[d] && again && memcmp(again, b[d], n_again) == 0);
            free(again);
        }
        pc_vgg_free(back);
        pc_model_info_free(&bi);
    }
    CHECK(size[1] < size[0] * 6 / 10 && size[2] < size[0] * 4 / 10);

    /* Corrupted scale blocks, with the size and CRC made consistent again. */
    const float bad[4] = {-1.0f, NAN, INFINITY, FLT_MAX / 64.0f};
    size_t at = scale_offset(b[2], size[2], "block3_conv1/kernel", 4);
    CHECK(at > 0 && at + 4 < size[2]);
    uint8_t *c = malloc(size[2]);
    for (int k = 0; k < 4 && at; k++) {
        memcpy(c, b[2], size[2]);
        memcpy(c + at + 4 * 3, &bad[k], 4);   /* the fourth channel's scale (little-endian host) */
        forge(c, size[2]);
        pc_vgg *mm = NULL;
        pc_model_info ii;
        CHECK_INT(pc_model_decode(ctx, c, size[2], "q.pcm", &one, &mm, &ii), PC_STATUS_BAD_FORMAT);
        CHECK_MESSAGE(ctx, "model file q.pcm: tensor block3_conv1/kernel: int8 scale 3 is");
        CHECK_MESSAGE(ctx, "the scale block is corrupt");
        CHECK(mm == NULL);
    }
    memcpy(c, b[2], size[2]);   /* the same byte changed without fixing the CRC: the checksum says so */
    c[at + 13] ^= 0x10;
    pc_model_info ii;
    CHECK_INT(pc_model_decode(ctx, c, size[2], "q.pcm", &one, NULL, &ii), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "checksum mismatch");
    free(c);
    for (int d = 0; d < PC_MODEL_DTYPE_COUNT; d++) free(b[d]);

    /* A weight fp16 cannot hold. */
    pc_vgg_tensor v;
    pc_vgg_tensor_get(m, (size_t)pc_vgg_tensor_find(m, "dense_1/kernel"), &v);
    v.data[5] = 70000.0f;
    uint8_t *x = NULL;
    size_t nx = 0;
    CHECK_INT(pc_model_encode_as(ctx, m, &info, PC_MODEL_DTYPE_F16, &x, &nx), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "tensor dense_1/kernel value 5 (70000) is beyond fp16's range");
    CHECK(x == NULL);
    CHECK_INT(pc_model_encode_as(ctx, m, &info, PC_MODEL_DTYPE_INT8, &x, &nx), PC_STATUS_OK);   /* int8 can */
    free(x);
    pc_model_dtype dt;
    CHECK(pc_model_dtype_parse("int8", &dt) && dt == PC_MODEL_DTYPE_INT8 && !pc_model_dtype_parse("fp64", &dt));
    pc_vgg_free(m);
    pc_model_info_free(&info);
}

static void test_trained_on(pc_ctx *ctx)
{
    pc_vgg_config cfg;
    tiny_config(&cfg);
    pc_model_info info;
    CHECK_INT(pc_model_info_init(ctx, &cfg, &info), PC_STATUS_OK);
    char out[64];
    CHECK(!pc_model_info_trained_on(&info, out, sizeof out) && out[0] == '\0');
    const struct {
        const char *json, *want;
    } cases[] = {
        {"{\"trained_on\": \"synthetic cohort, seed 7 (216 cases)\"}", "synthetic cohort, seed 7 (216 cases)"},
        {"{\"a\": {\"trained_on\": \"no\"}, \"x\": [1, \"}\"], \"trained_on\" : \"yes \\\"q\\\"\" }", "yes \"q\""},
        {"{\"data\": {\"cohort\": \"synthetic\",\n \"cases\": 216}}", "{\"cohort\": \"synthetic\", \"cases\": 216}"},
        {"{\"training_data\": \"" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "\"}",
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..."},   /* 60 + ... + NUL = 64 */
        {"{\"date\": \"2024\"}", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_INT(pc_model_info_set_metadata(ctx, &info, cases[i].json), PC_STATUS_OK);
        int found = pc_model_info_trained_on(&info, out, sizeof out);
        CHECK(found == (cases[i].want[0] != '\0'));
        if (strcmp(out, cases[i].want) != 0) fprintf(stderr, "case %zu: '%s', want '%s'\n", i, out, cases[i].want);
        CHECK(strcmp(out, cases[i].want) == 0);
    }
    pc_model_info_free(&info);
}

int main(void)
{
    pc_rng rng;
    pc_rng_seed(&rng, 8, 1);
    pc_ctx *ctx = pc_ctx_create();
    test_f16();
    test_int8(&rng);
    test_files(ctx, &rng);
    test_trained_on(ctx);
    pc_ctx_free(ctx);
    return check_finish("test_model_quant");
}
