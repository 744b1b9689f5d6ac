/* test_model_file.c: the model file: round trip, every validation with its message, and a
 * corruption corpus (truncation at many offsets, bit flips, forged files whose size and
 * checksum were fixed up so the parser itself is exercised). Run under ASan/UBSan too:
 * no input may crash. */
#include <stdint.h>

#include "check.h"
#include "model_forge.h"
#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"

static pc_rng rng;
static pc_vgg_config one_thread;   /* runtime fields for decoding: no thread pool per decode */

static void tiny_config(pc_vgg_config *cfg)
{
    pc_vgg_config_default(cfg, PC_VGG16);
    cfg->height = 32, cfg->width = 48, cfg->width_mult = 1.0f / 64.0f;   /* 1, 2, 4, 8, 8 channels */
    cfg->dense1 = 8, cfg->dense2 = 6, cfg->classes = 3, cfg->batch = 1, cfg->seed = 21;
    cfg->kernels.threads = 1;
}


static int decode_fails(pc_ctx *ctx, const uint8_t *b, size_t size, pc_status *st)
{
    pc_vgg *m = (pc_vgg *)(uintptr_t)1;   /* must stay untouched on failure */
    pc_model_info info;
    *st = pc_model_decode(ctx, b, size, "t.pcm", &one_thread, &m, &info);
    if (*st == PC_STATUS_OK) {
        pc_vgg_free(m);
        pc_model_info_free(&info);
        return 0;
    }
    return m == (pc_vgg *)(uintptr_t)1 && strlen(pc_ctx_last_error(ctx)) > 10 &&
           strstr(pc_ctx_last_error(ctx), "t.pcm") != NULL;
}

static void test_round_trip(pc_ctx *ctx, uint8_t **bytes_out, size_t *size_out)
{
    pc_vgg_config cfg;
    tiny_config(&cfg);
    pc_vgg *m = NULL;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_OK);
    pc_model_info info;
    CHECK_INT(pc_model_info_init(ctx, &cfg, &info), PC_STATUS_OK);
    CHECK(strcmp(info.class_names[0], "class_0") == 0 && strcmp(info.metadata_json, "{}") == 0);
    info.dataset = PC_DATASET_AC;
    CHECK_INT(pc_model_info_set_class_name(ctx, &info, 1, "défaut"), PC_STATUS_OK);
    CHECK_INT(pc_model_info_set_class_name(ctx, &info, 2, ""), PC_STATUS_INVALID_ARGUMENT);
    CHECK_INT(pc_model_info_set_class_name(ctx, &info, 3, "x"), PC_STATUS_INVALID_ARGUMENT);
    const char *meta = "{\"trained_on\": \"synthetic\", \"folds\": [1, 2.5e-3, -0.5E+2], \"ok\": true, "
                       "\"none\": null, \"nested\": {\"a\": \"\\u00e9\\n\"}}";
    CHECK_INT(pc_model_info_set_metadata(ctx, &info, meta), PC_STATUS_OK);
    /* non-zero biases so they round-trip visibly */
    for (size_t t = 0; t < pc_vgg_tensor_count(m); t++) {
        pc_vgg_tensor v;
        pc_vgg_tensor_get(m, t, &v);
        if (v.ndim == 1)
            for (size_t i = 0; i < v.count; i++) v.data[i] = pc_rng_range(&rng, -1, 1);
    }
    uint8_t *bytes = NULL;
    size_t size = 0;
    CHECK_INT(pc_model_encode(ctx, m, &info, &bytes, &size), PC_STATUS_OK);
    printf("tiny model file: %zu bytes\n", size);

    pc_vgg *m2 = NULL;
    pc_model_info info2;
    pc_vgg_config runtime;
    pc_vgg_config_default(&runtime, PC_VGG16);
    runtime.batch = 2, runtime.trainable_convs = 2, runtime.kernels.threads = 1;
    CHECK_INT(pc_model_decode(ctx, bytes, size, "t.pcm", &runtime, &m2, &info2), PC_STATUS_OK);
    if (m2) {
        const pc_vgg_config *c2 = pc_vgg_get_config(m2);
        CHECK(c2->arch == PC_VGG16 && c2->height == 32 && c2->width == 48 && c2->width_mult == cfg.width_mult &&
              c2->dense1 == 8 && c2->dense2 == 6 && c2->classes == 3 && c2->dropout == 0.5f);
        CHECK(c2->batch == 2 && c2->trainable_convs == 2);   /* runtime fields from the caller */
        CHECK_INT(info2.dataset, PC_DATASET_AC);
        CHECK_INT(info2.preprocessing, PC_MODEL_PREPROCESS_CAFFE);
        CHECK(info2.n_class_names == 3 && strcmp(info2.class_names[1], "défaut") == 0 &&
              strcmp(info2.class_names[2], "class_2") == 0);
        CHECK(strcmp(info2.metadata_json, meta) == 0);
        int same = 1;
        for (size_t t = 0; t < pc_vgg_tensor_count(m); t++) {
            pc_vgg_tensor a, b;
            pc_vgg_tensor_get(m, t, &a);
            pc_vgg_tensor_get(m2, t, &b);
            same &= strcmp(a.name, b.name) == 0 && memcmp(a.data, b.data, a.count * 4) == 0;
        }
        CHECK(same);
        /* same predictions, bit for bit */
        float x[32 * 48 * 3], p1[3], p2[3];
        for (size_t i = 0; i < sizeof x / sizeof x[0]; i++) x[i] = pc_rng_range(&rng, -100, 100);
        CHECK_INT(pc_vgg_predict(ctx, m, x, 1, p1, NULL), PC_STATUS_OK);
        CHECK_INT(pc_vgg_predict(ctx, m2, x, 1, p2, NULL), PC_STATUS_OK);
        CHECK(memcmp(p1, p2, sizeof p1) == 0);
        pc_vgg_free(m2);
        pc_model_info_free(&info2);
    }
    /* validate-only decode (no model) */
    CHECK_INT(pc_model_decode(ctx, bytes, size, "t.pcm", NULL, NULL, &info2), PC_STATUS_OK);
    pc_model_info_free(&info2);
    /* through a file */
    const char *path = "test_model_file.tmp.pcm";
    CHECK_INT(pc_model_save(ctx, m, &info, path), PC_STATUS_OK);
    CHECK_INT(pc_model_load(ctx, path, NULL, &m2, &info2), PC_STATUS_OK);
    pc_vgg_free(m2);
    pc_model_info_free(&info2);
    remove(path);
    CHECK_INT(pc_model_load(ctx, "no/such/dir/model.pcm", NULL, &m2, &info2), PC_STATUS_NOT_FOUND);
    /* class names must match the classes */
    uint8_t *b2 = NULL;
    size_t s2 = 0;
    info.n_class_names = 2;
    CHECK_INT(pc_model_encode(ctx, m, &info, &b2, &s2), PC_STATUS_INVALID_ARGUMENT);
    CHECK(b2 == NULL);
    info.n_class_names = 3;
    pc_model_info_free(&info);
    pc_vgg_free(m);
    *bytes_out = bytes;
    *size_out = size;
}

static void test_corruption(pc_ctx *ctx, const uint8_t *good, size_t size)
{
    uint8_t *b = malloc(size + 16);
    pc_status st;
    size_t failures = 0, trials = 0;
    /* 1. Truncation at every offset (most fail on the size field). */
    for (size_t cut = 0; cut < size; cut++, trials++) failures += decode_fails(ctx, good, cut, &st);
    CHECK_INT(failures, trials);
    /* 2. Forged truncations: size field and checksum fixed, so each section parser meets
     *    the end of the bytes. Every 3rd offset. */
    failures = trials = 0;
    for (size_t cut = 24 + 12 + 4; cut < size; cut += 3, trials++) {
        memcpy(b, good, cut - 4);
        forge(b, cut);
        failures += decode_fails(ctx, b, cut, &st);
    }
    CHECK_INT(failures, trials);
    printf("forged truncations: %zu of %zu refused\n", failures, trials);
    /* 3. One flipped bit anywhere: the checksum or a header check refuses it. */
    failures = trials = 0;
    for (int i = 0; i < 2000; i++, trials++) {
        memcpy(b, good, size);
        size_t at = pc_rng_below(&rng, (uint32_t)size);
        b[at] ^= (uint8_t)(1u << pc_rng_below(&rng, 8));
        failures += decode_fails(ctx, b, size, &st);
    }
    CHECK_INT(failures, trials);
    /* 4. Forged byte changes (checksum fixed): in the headers they must be refused or be
     *    harmless; in weights they may decode. Nothing crashes, every refusal names the file. */
    size_t refused = 0, accepted = 0, bad_refusals = 0;
    for (int i = 0; i < 3000; i++) {
        memcpy(b, good, size);
        size_t at = i < 2000 ? pc_rng_below(&rng, 400) : pc_rng_below(&rng, (uint32_t)(size - 4));
        b[at] = (uint8_t)pc_rng_u32(&rng);
        forge(b, size);
        pc_vgg *m = NULL;
        pc_model_info info;
        st = pc_model_decode(ctx, b, size, "t.pcm", &one_thread, &m, &info);
        if (st == PC_STATUS_OK) {
            accepted++;
            pc_vgg_free(m);
            pc_model_info_free(&info);
        } else {
            refused++;
            bad_refusals += !strstr(pc_ctx_last_error(ctx), "t.pcm") || m != NULL;
        }
    }
    printf("forged byte changes: %zu refused, %zu accepted (weights, names, metadata text)\n", refused, accepted);
    CHECK_INT(bad_refusals, 0);
    CHECK(refused > 1000);
    /* 5. Trailing bytes, a foreign file, empty input, another version, a checksum error. */
    memcpy(b, good, size);
    b[size] = 0;
    CHECK(decode_fails(ctx, b, size + 1, &st));
    CHECK_MESSAGE(ctx, "trailing bytes");
    const uint8_t png[16] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    CHECK(decode_fails(ctx, png, sizeof png, &st));
    CHECK_MESSAGE(ctx, "not a polarcad model file (it is a PNG image)");
    CHECK(decode_fails(ctx, good, 0, &st));
    CHECK_MESSAGE(ctx, "empty");
    CHECK(decode_fails(ctx, good, 5, &st));
    CHECK_MESSAGE(ctx, "too short");
    memcpy(b, good, size);
    b[8] = 2;
    forge(b, size);
    CHECK(decode_fails(ctx, b, size, &st));
    CHECK_INT(st, PC_STATUS_UNSUPPORTED);
    CHECK_MESSAGE(ctx, "format version 2");
    memcpy(b, good, size);
    b[size - 1] ^= 0x40;
    CHECK(decode_fails(ctx, b, size, &st));
    CHECK_MESSAGE(ctx, "checksum mismatch");
    memcpy(b, good, size);
    uint8_t *name = NULL;   /* a control character in a class name */
    for (size_t i = 0; i + 7 < size && !name; i++)
        if (memcmp(good + i, "class_0", 7) == 0) name = b + i;
    CHECK(name != NULL);
    if (name) {
        name[3] = '\t';
        forge(b, size);
        CHECK(decode_fails(ctx, b, size, &st));
        CHECK_MESSAGE(ctx, "class name 0 is not 1..64 bytes of printable UTF-8");
    }
    memcpy(b, good, size);
    b[24] = 'X';   /* the ARCH tag */
    forge(b, size);
    CHECK(decode_fails(ctx, b, size, &st));
    CHECK_MESSAGE(ctx, "expected section ARCH");
    free(b);
}

/* Files that are well-formed but wrong, through the low-level encoder. */
static void test_wrong_contents(pc_ctx *ctx)
{
    pc_vgg_config cfg;
    tiny_config(&cfg);
    pc_vgg *m = NULL;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_OK);
    pc_model_info info;
    CHECK_INT(pc_model_info_init(ctx, &cfg, &info), PC_STATUS_OK);
    const size_t n = pc_vgg_tensor_count(m);
    pc_model_tensor t[PC_VGG_MAX_TENSORS + 1];
    for (size_t i = 0; i < n; i++) {
        pc_vgg_tensor v;
        pc_vgg_tensor_get(m, i, &v);
        t[i].name = v.name, t[i].dtype = PC_MODEL_DTYPE_F32, t[i].ndim = v.ndim;
        for (int d = 0; d < v.ndim; d++) t[i].dims[d] = (uint32_t)v.dims[d];
        t[i].data = v.data, t[i].data_bytes = v.count * 4;
    }
    uint8_t *b;
    size_t size;
    pc_status st;
    struct {
        const char *what, *message;
        pc_status status;
    } cases[] = {
        {"missing", "block3_conv2/bias is missing", PC_STATUS_BAD_FORMAT},
        {"duplicate", "block1_conv1/kernel appears twice", PC_STATUS_BAD_FORMAT},
        {"shape", "block1_conv2/kernel has shape (3, 3, 1, 2), the architecture needs (3, 3, 1, 1)",
         PC_STATUS_BAD_FORMAT},
        {"unknown", "tensor block6_conv1/kernel is not part of a vgg16", PC_STATUS_BAD_FORMAT},
        {"fp16", "block2_conv2/bias: 8 data bytes for 2 fp16 values (expected 4)", PC_STATUS_BAD_FORMAT},
        {"int8", "block2_conv2/bias: 8 data bytes for 2 int8 values (expected 10)", PC_STATUS_BAD_FORMAT},
        {"type3", "block2_conv2/bias has unknown type code 3", PC_STATUS_BAD_FORMAT},
        {"nan", "dense/bias value 2 is not finite", PC_STATUS_BAD_FORMAT},
        {"bytes", "data bytes for", PC_STATUS_BAD_FORMAT},
        {"arch", "architecture 17 is not VGG16 or VGG19", PC_STATUS_BAD_FORMAT},
        {"side", "input 31 x 48", PC_STATUS_BAD_FORMAT},
        {"json", "metadata is not one JSON object", PC_STATUS_BAD_FORMAT},
        {"k", "trainable conv layers", PC_STATUS_INVALID_ARGUMENT},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        pc_model_tensor u[PC_VGG_MAX_TENSORS + 1];
        memcpy(u, t, n * sizeof t[0]);
        size_t nu = n;
        pc_model_info inf = info;
        const char *w = cases[c].what;
        float nan_bias[8];
        float wide[9 * 2];
        char *meta_keep = info.metadata_json;
        pc_vgg_config runtime;
        pc_vgg_config_default(&runtime, PC_VGG16);
        runtime.kernels.threads = 1;
        if (!strcmp(w, "missing")) memmove(&u[11], &u[12], (n - 12) * sizeof u[0]), nu--;
        if (!strcmp(w, "duplicate")) u[nu++] = u[0];
        if (!strcmp(w, "shape")) u[2].dims[3] = 2, u[2].data = wide, u[2].data_bytes = sizeof wide;
        if (!strcmp(w, "unknown")) u[5].name = "block6_conv1/kernel";
        if (!strcmp(w, "fp16")) u[7].dtype = PC_MODEL_DTYPE_F16;
        if (!strcmp(w, "int8")) u[7].dtype = PC_MODEL_DTYPE_INT8;
        if (!strcmp(w, "type3")) u[7].dtype = (pc_model_dtype)3;
        if (!strcmp(w, "nan")) {
            memset(nan_bias, 0, sizeof nan_bias);
            nan_bias[2] = NAN;
            u[27].data = nan_bias;
        }
        if (!strcmp(w, "bytes")) u[3].data_bytes -= 4;
        if (!strcmp(w, "arch")) inf.config.arch = (pc_vgg_arch)17;
        if (!strcmp(w, "side")) inf.config.height = 31;
        if (!strcmp(w, "json")) inf.metadata_json = "{\"a\": 1,}";
        if (!strcmp(w, "k")) runtime.trainable_convs = 99;
        memset(wide, 0, sizeof wide);
        CHECK_INT(pc_model_encode_tensors(ctx, &inf, u, nu, &b, &size), PC_STATUS_OK);
        info.metadata_json = meta_keep;
        pc_vgg *mm = NULL;
        pc_model_info out;
        st = pc_model_decode(ctx, b, size, "t.pcm", &runtime, &mm, &out);
        CHECK_INT(st, cases[c].status);
        CHECK_MESSAGE(ctx, cases[c].message);
        CHECK(mm == NULL);
        free(b);
    }
    pc_model_info_free(&info);
    pc_vgg_free(m);
}

static void test_text_checks(pc_ctx *ctx)
{
    const uint8_t check[] = "123456789";
    CHECK_INT(pc_crc32(0, check, 9), 0xCBF43926u);   /* the standard CRC-32 check value */
    CHECK_INT(pc_crc32(pc_crc32(0, check, 4), check + 4, 5), 0xCBF43926u);
    pc_vgg_config cfg;
    tiny_config(&cfg);
    pc_model_info info;
    CHECK_INT(pc_model_info_init(ctx, &cfg, &info), PC_STATUS_OK);
    const char *good[] = {"{}", " { } ", "{\"a\":[]}", "{\"a\":[1,{\"b\":false}],\"c\":-0.0e1}", "{\"\\\"\":\"\\/\"}"};
    const char *bad[] = {"",        "[]",          "{",        "{\"a\"}",          "{\"a\":}",  "{\"a\":1,}",
                         "{a:1}",   "{\"a\":01}",  "{\"a\":.5}", "{\"a\":\"\\x\"}", "{} {}",     "{\"a\":tru}",
                         "{\"a\":\"\x01\"}", "{\"a\":\"\xc3\"}", "{\"a\":1e}", "{\"a\":\"\\u12g4\"}"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK_INT(pc_model_info_set_metadata(ctx, &info, good[i]), PC_STATUS_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pc_status st = pc_model_info_set_metadata(ctx, &info, bad[i]);
        if (st != PC_STATUS_INVALID_ARGUMENT) fprintf(stderr, "accepted bad JSON #%zu: %s\n", i, bad[i]);
        CHECK_INT(st, PC_STATUS_INVALID_ARGUMENT);
    }
    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 99);
    deep[0] = '{';
    memcpy(deep + 1, "\"a\":", 4);
    deep[199] = '\0';
    CHECK_INT(pc_model_info_set_metadata(ctx, &info, deep), PC_STATUS_INVALID_ARGUMENT);   /* too deep, unbalanced */
    pc_model_info_free(&info);
}

int main(void)
{
    pc_rng_seed(&rng, 31, 2);
    pc_vgg_config_default(&one_thread, PC_VGG16);
    one_thread.kernels.threads = 1;
    pc_ctx *ctx = pc_ctx_create();
    uint8_t *good = NULL;
    size_t size = 0;
    test_round_trip(ctx, &good, &size);
    if (good) test_corruption(ctx, good, size);
    free(good);
    test_wrong_contents(ctx);
    test_text_checks(ctx);
    pc_ctx_free(ctx);
    return check_finish("test_model_file");
}
