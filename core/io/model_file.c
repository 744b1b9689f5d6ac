/* model_file.c: writing and reading polarcad model files (format in model_file.h).
 *
 * Reading never trusts the bytes: the whole-file checks come first (magic, version, the
 * size field against the real size, the CRC), then every section and field is parsed
 * through a cursor that checks each length against the bytes that remain (style.md 2.3,
 * the opposite of llama2.c's memory_map_weights), then the tensors are matched name by
 * name and shape by shape against the architecture, and every value must be finite.
 * Only then is a model allocated and filled. Messages name the file and the fault. */
#include "model_file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/checked.h"
#include "../base/file.h"

static const char magic[8] = {'P', 'C', 'A', 'D', 'M', 'O', 'D', 'L'};
enum { HEADER_BYTES = 24, SECTION_HEADER_BYTES = 12, CRC_BYTES = 4, MAX_FILE_TENSORS = 64 };
#define MAX_DIM ((uint32_t)1 << 24)

/* ---- CRC-32 -------------------------------------------------------------------------------- */

uint32_t pc_crc32(uint32_t crc, const uint8_t *bytes, size_t size)
{
    /* The table is built per call (256 x 8 steps, nothing next to hashing megabytes) so the
     * library keeps no global state. */
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

/* ---- little-endian writer -------------------------------------------------------------------- */

typedef struct writer {
    uint8_t *p;
} writer;

static void put_bytes(writer *w, const void *b, size_t n)
{
    if (n) memcpy(w->p, b, n);
    w->p += n;
}
static void put_u8(writer *w, uint8_t v)
{
    *w->p++ = v;
}
static void put_u16(writer *w, uint16_t v)
{
    for (int i = 0; i < 2; i++) *w->p++ = (uint8_t)(v >> (8 * i));
}
static void put_u32(writer *w, uint32_t v)
{
    for (int i = 0; i < 4; i++) *w->p++ = (uint8_t)(v >> (8 * i));
}
static void put_u64(writer *w, uint64_t v)
{
    for (int i = 0; i < 8; i++) *w->p++ = (uint8_t)(v >> (8 * i));
}
static void put_f32(writer *w, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    put_u32(w, v);
}

/* ---- bounds-checked little-endian reader ---------------------------------------------------------- */

typedef struct reader {
    const uint8_t *p;
    size_t left;
    pc_ctx *ctx;
    const char *name;   /* file name for messages */
    const char *where;  /* what is being read, for messages */
    int failed;
} reader;

static int need(reader *r, size_t n)
{
    if (r->failed) return 0;
    if (n > r->left) {
        pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: %s: needs %zu bytes, %zu remain (truncated or corrupt)",
                r->name, r->where, n, r->left);
        r->failed = 1;
        return 0;
    }
    return 1;
}
static const uint8_t *get_bytes(reader *r, size_t n)
{
    if (!need(r, n)) return NULL;
    const uint8_t *p = r->p;
    r->p += n, r->left -= n;
    return p;
}
static uint32_t get_le(reader *r, int bytes)
{
    const uint8_t *p = get_bytes(r, (size_t)bytes);
    uint32_t v = 0;
    for (int i = 0; p && i < bytes; i++) v |= (uint32_t)p[i] << (8 * i);
    return v;
}
static uint8_t get_u8(reader *r)
{
    return (uint8_t)get_le(r, 1);
}
static uint16_t get_u16(reader *r)
{
    return (uint16_t)get_le(r, 2);
}
static uint32_t get_u32(reader *r)
{
    return get_le(r, 4);
}
static uint64_t get_u64(reader *r)
{
    uint64_t lo = get_le(r, 4);
    return lo | (uint64_t)get_le(r, 4) << 32;
}
static float get_f32(reader *r)
{
    uint32_t v = get_u32(r);
    float f;
    memcpy(&f, &v, 4);
    return f;
}
static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- text checks: UTF-8 and JSON ------------------------------------------------------------------ */

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates) with no control characters
 * other than tab, LF and CR (allowed only when multiline). */
static int utf8_ok(const uint8_t *s, size_t n, int multiline)
{
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        if (c < 0x80) {
            if (c < 0x20 && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) return 0;
            if (c == 0x7F) return 0;
            i++;
            continue;
        }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (!len || c > 0xF4 || i + len > n) return 0;
        uint32_t cp = c & (0x3F >> (len - 1));
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

typedef struct json_parser {
    const char *s;
    size_t i, n;
    int depth;
} json_parser;

static void json_ws(json_parser *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' || j->s[j->i] == '\r'))
        j->i++;
}

static int json_value(json_parser *j);

static int json_string(json_parser *j)
{
    if (j->i >= j->n || j->s[j->i] != '"') return 0;
    for (j->i++; j->i < j->n; j->i++) {
        unsigned char c = (unsigned char)j->s[j->i];
        if (c == '"') return j->i++, 1;
        if (c < 0x20) return 0;
        if (c == '\\') {
            if (++j->i >= j->n) return 0;
            char e = j->s[j->i];
            if (e == 'u') {
                for (int k = 0; k < 4; k++) {
                    if (++j->i >= j->n) return 0;
                    char h = j->s[j->i];
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return 0;
                }
            } else if (!strchr("\"\\/bfnrt", e) || e == '\0') {
                return 0;
            }
        }
    }
    return 0;
}

static int json_digits(json_parser *j)
{
    size_t start = j->i;
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') j->i++;
    return j->i > start;
}

static int json_number(json_parser *j)
{
    if (j->i < j->n && j->s[j->i] == '-') j->i++;
    if (j->i < j->n && j->s[j->i] == '0')
        j->i++;
    else if (!json_digits(j))
        return 0;
    if (j->i < j->n && j->s[j->i] == '.') {
        j->i++;
        if (!json_digits(j)) return 0;
    }
    if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
        j->i++;
        if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-')) j->i++;
        if (!json_digits(j)) return 0;
    }
    return 1;
}

static int json_literal(json_parser *j, const char *lit)
{
    size_t len = strlen(lit);
    if (j->n - j->i < len || memcmp(j->s + j->i, lit, len) != 0) return 0;
    j->i += len;
    return 1;
}

static int json_container(json_parser *j, char open, char close)
{
    if (++j->depth > 64) return 0;   /* bounded recursion */
    j->i++;
    json_ws(j);
    if (j->i < j->n && j->s[j->i] == close) return j->i++, j->depth--, 1;
    for (;;) {
        if (open == '{') {
            if (!json_string(j)) return 0;
            json_ws(j);
            if (j->i >= j->n || j->s[j->i] != ':') return 0;
            j->i++;
            json_ws(j);
        }
        if (!json_value(j)) return 0;
        json_ws(j);
        if (j->i >= j->n) return 0;
        if (j->s[j->i] == close) return j->i++, j->depth--, 1;
        if (j->s[j->i] != ',') return 0;
        j->i++;
        json_ws(j);
    }
}

static int json_value(json_parser *j)
{
    if (j->i >= j->n) return 0;
    switch (j->s[j->i]) {
    case '{': return json_container(j, '{', '}');
    case '[': return json_container(j, '[', ']');
    case '"': return json_string(j);
    case 't': return json_literal(j, "true");
    case 'f': return json_literal(j, "false");
    case 'n': return json_literal(j, "null");
    default: return json_number(j);
    }
}

/* 1 when s[0..n) is exactly one JSON object (RFC 8259 syntax, nesting <= 64). */
static int json_object_ok(const char *s, size_t n)
{
    json_parser j = {s, 0, n, 0};
    json_ws(&j);
    if (j.i >= n || s[j.i] != '{' || !json_value(&j)) return 0;
    json_ws(&j);
    return j.i == n;
}

/* ---- info ------------------------------------------------------------------------------------------- */

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void pc_model_info_free(pc_model_info *info)
{
    if (!info) return;
    for (int i = 0; info->class_names && i < info->n_class_names; i++) free(info->class_names[i]);
    free(info->class_names);
    free(info->metadata_json);
    memset(info, 0, sizeof *info);
}

pc_status pc_model_info_init(pc_ctx *ctx, const pc_vgg_config *cfg, pc_model_info *out)
{
    pc_status st = pc_vgg_config_check(ctx, cfg);
    if (st) return st;
    pc_model_info info;
    memset(&info, 0, sizeof info);
    info.config = *cfg;
    info.dataset = PC_MODEL_DATASET_NONE;
    info.preprocessing = PC_MODEL_PREPROCESS_CAFFE;
    info.n_class_names = cfg->classes;
    info.class_names = calloc((size_t)cfg->classes, sizeof(char *));
    info.metadata_json = dup_n("{}", 2);
    int ok = info.class_names && info.metadata_json;
    for (int i = 0; ok && i < cfg->classes; i++) {
        char name[32];
        if (cfg->classes == 2)
            snprintf(name, sizeof name, "%s", i == 0 ? "no_cad" : "cad");
        else
            snprintf(name, sizeof name, "class_%d", i);
        ok = (info.class_names[i] = dup_n(name, strlen(name))) != NULL;
    }
    if (!ok) {
        pc_model_info_free(&info);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model info: out of memory");
    }
    *out = info;
    return PC_STATUS_OK;
}

pc_status pc_model_info_set_metadata(pc_ctx *ctx, pc_model_info *info, const char *json)
{
    size_t n = json ? strlen(json) : 0;
    if (!json || n > PC_MODEL_METADATA_MAX || !utf8_ok((const uint8_t *)json, n, 1) || !json_object_ok(json, n))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model metadata is not one JSON object of at most 1 MiB");
    char *copy = dup_n(json, n);
    if (!copy) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model metadata: out of memory");
    free(info->metadata_json);
    info->metadata_json = copy;
    return PC_STATUS_OK;
}

static int class_name_ok(const char *s, size_t n)
{
    return n >= 1 && n <= PC_MODEL_CLASS_NAME_MAX && utf8_ok((const uint8_t *)s, n, 0);
}

pc_status pc_model_info_set_class_name(pc_ctx *ctx, pc_model_info *info, int i, const char *name)
{
    if (i < 0 || i >= info->n_class_names)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "class %d is outside 0..%d", i, info->n_class_names - 1);
    size_t n = name ? strlen(name) : 0;
    if (!name || !class_name_ok(name, n))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "class name must be 1..64 bytes of printable UTF-8");
    char *copy = dup_n(name, n);
    if (!copy) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "class name: out of memory");
    free(info->class_names[i]);
    info->class_names[i] = copy;
    return PC_STATUS_OK;
}

/* ---- encoding ------------------------------------------------------------------------------------------ */

static int tensor_name_ok(const char *s, size_t n)
{
    if (n < 1 || n > PC_MODEL_NAME_MAX) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '/' ||
              c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

pc_status pc_model_encode_tensors(pc_ctx *ctx, const pc_model_info *info, const pc_model_tensor *tensors,
                                  size_t n_tensors, uint8_t **bytes_out, size_t *size_out)
{
    const pc_vgg_config *c = &info->config;
    if (n_tensors > MAX_FILE_TENSORS)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model file: %zu tensors, at most %d", n_tensors,
                       MAX_FILE_TENSORS);
    if (info->n_class_names < 0 || info->n_class_names > PC_VGG_MAX_CLASSES || !info->metadata_json)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model file: incomplete model info");
    /* Sizes first, with checked arithmetic; then one allocation and a straight write. */
    size_t arch = 4 * 12, names = 0, tns = 4, meta = strlen(info->metadata_json), total;
    for (int i = 0; i < info->n_class_names; i++) {
        size_t n = strlen(info->class_names[i]);
        if (!class_name_ok(info->class_names[i], n))
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model file: class name %d is not 1..64 bytes of UTF-8", i);
        names += 2 + n;
    }
    for (size_t t = 0; t < n_tensors; t++) {
        size_t n = strlen(tensors[t].name);
        if (!tensor_name_ok(tensors[t].name, n) || tensors[t].ndim < 1 || tensors[t].ndim > 4)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model file: tensor %zu has a bad name or rank", t);
        if (!pc_size_add(tns, 2 + n + 4 + 4 * (size_t)tensors[t].ndim + 8, &tns) ||
            !pc_size_add(tns, tensors[t].data_bytes, &tns))
            return pc_fail(ctx, PC_STATUS_TOO_LARGE, "model file: too large");
    }
    if (!pc_size_add(HEADER_BYTES + 3 * SECTION_HEADER_BYTES + CRC_BYTES, arch + names, &total) ||
        !pc_size_add(total, tns, &total) || !pc_size_add(total, meta, &total) || total > PC_MODEL_FILE_MAX)
        return pc_fail(ctx, PC_STATUS_TOO_LARGE, "model file: larger than %zu bytes", (size_t)PC_MODEL_FILE_MAX);
    uint8_t *buf = malloc(total);
    if (!buf) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file: cannot allocate %zu bytes", total);
    writer w = {buf};
    put_bytes(&w, magic, 8);
    put_u32(&w, PC_MODEL_FORMAT_VERSION);
    put_u32(&w, 0);
    put_u64(&w, total);

    put_bytes(&w, "ARCH", 4);
    put_u64(&w, arch + names);
    put_u32(&w, (uint32_t)c->arch);
    put_u32(&w, (uint32_t)c->height);
    put_u32(&w, (uint32_t)c->width);
    put_u32(&w, 3);
    put_f32(&w, c->width_mult);
    put_u32(&w, (uint32_t)c->dense1);
    put_u32(&w, (uint32_t)c->dense2);
    put_u32(&w, (uint32_t)c->classes);
    put_f32(&w, c->dropout);
    put_u32(&w, (uint32_t)(info->dataset + 1));
    put_u32(&w, (uint32_t)info->preprocessing);
    put_u32(&w, (uint32_t)info->n_class_names);
    for (int i = 0; i < info->n_class_names; i++) {
        size_t n = strlen(info->class_names[i]);
        put_u16(&w, (uint16_t)n);
        put_bytes(&w, info->class_names[i], n);
    }

    put_bytes(&w, "TNSR", 4);
    put_u64(&w, tns);
    put_u32(&w, (uint32_t)n_tensors);
    for (size_t t = 0; t < n_tensors; t++) {
        const pc_model_tensor *ts = &tensors[t];
        size_t n = strlen(ts->name);
        put_u16(&w, (uint16_t)n);
        put_bytes(&w, ts->name, n);
        put_u8(&w, (uint8_t)ts->dtype);
        put_u8(&w, (uint8_t)ts->ndim);
        put_u16(&w, 0);
        for (int d = 0; d < ts->ndim; d++) put_u32(&w, ts->dims[d]);
        put_u64(&w, ts->data_bytes);
        put_bytes(&w, ts->data, ts->data_bytes);
    }

    put_bytes(&w, "META", 4);
    put_u64(&w, meta);
    put_bytes(&w, info->metadata_json, meta);
    put_u32(&w, pc_crc32(0, buf, total - CRC_BYTES));
    *bytes_out = buf;
    *size_out = total;
    return PC_STATUS_OK;
}

static int host_is_little_endian(void)
{
    const uint16_t one = 1;
    uint8_t b;
    memcpy(&b, &one, 1);
    return b == 1;
}

pc_status pc_model_encode(pc_ctx *ctx, pc_vgg *m, const pc_model_info *info, uint8_t **bytes_out, size_t *size_out)
{
    const size_t n = pc_vgg_tensor_count(m);
    pc_model_tensor tensors[PC_VGG_MAX_TENSORS];
    float *swapped[PC_VGG_MAX_TENSORS] = {0};
    pc_model_info arch = *info;
    arch.config = *pc_vgg_get_config(m);   /* the model's architecture wins over the info's */
    if (info->n_class_names != arch.config.classes)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model file: %d class names for %d classes",
                       info->n_class_names, arch.config.classes);
    pc_status st = PC_STATUS_OK;
    for (size_t t = 0; t < n; t++) {
        pc_vgg_tensor v;
        pc_vgg_tensor_get(m, t, &v);
        tensors[t].name = v.name;
        tensors[t].dtype = PC_MODEL_DTYPE_F32;
        tensors[t].ndim = v.ndim;
        for (int d = 0; d < v.ndim; d++) tensors[t].dims[d] = (uint32_t)v.dims[d];
        tensors[t].data = v.data;
        tensors[t].data_bytes = v.count * sizeof(float);
        if (!host_is_little_endian()) {   /* files are little-endian everywhere */
            uint8_t *b = malloc(v.count * 4);
            if (!b) {
                st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file: out of memory");
                goto done;
            }
            for (size_t i = 0; i < v.count; i++) {
                uint32_t u;
                memcpy(&u, &v.data[i], 4);
                for (int k = 0; k < 4; k++) b[i * 4 + k] = (uint8_t)(u >> (8 * k));
            }
            swapped[t] = (float *)b;
            tensors[t].data = b;
        }
    }
    st = pc_model_encode_tensors(ctx, &arch, tensors, n, bytes_out, size_out);
done:
    for (size_t t = 0; t < n; t++) free(swapped[t]);
    return st;
}

pc_status pc_model_save(pc_ctx *ctx, pc_vgg *m, const pc_model_info *info, const char *path)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_status st = pc_model_encode(ctx, m, info, &bytes, &size);
    if (st) return st;
    st = pc_file_write_atomic(ctx, path, bytes, size);
    free(bytes);
    return st;
}

/* ---- decoding -------------------------------------------------------------------------------------------- */

typedef struct file_tensor {
    const pc_vgg_tensor_desc *want;
    const uint8_t *data;
} file_tensor;

static pc_status section(reader *r, const char *tag, reader *payload)
{
    r->where = "section header";
    const uint8_t *t = get_bytes(r, 4);
    uint64_t len = get_u64(r);
    if (r->failed) return pc_ctx_last_status(r->ctx);
    if (memcmp(t, tag, 4) != 0) {
        char got[5] = {0};
        for (int i = 0; i < 4; i++) got[i] = t[i] >= 0x20 && t[i] < 0x7F ? (char)t[i] : '?';
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: expected section %s, found '%s'", r->name, tag,
                       got);
    }
    if (len > r->left)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT,
                       "model file %s: section %s says %llu bytes, %zu remain (truncated or corrupt)", r->name, tag,
                       (unsigned long long)len, r->left);
    *payload = *r;
    payload->left = (size_t)len;
    r->p += len, r->left -= (size_t)len;
    return PC_STATUS_OK;
}

static pc_status fail_at(reader *r)
{
    return pc_ctx_last_status(r->ctx);
}

static pc_status parse_arch(reader *r, pc_model_info *info)
{
    pc_vgg_config *c = &info->config;
    r->where = "architecture";
    uint32_t arch = get_u32(r), h = get_u32(r), w = get_u32(r), ch = get_u32(r);
    float mult = get_f32(r);
    uint32_t d1 = get_u32(r), d2 = get_u32(r), classes = get_u32(r);
    float dropout = get_f32(r);
    uint32_t dataset = get_u32(r), prep = get_u32(r), n_names = get_u32(r);
    if (r->failed) return fail_at(r);
    const char *nm = r->name;
    if (arch != 16 && arch != 19)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: architecture %u is not VGG16 or VGG19", nm, arch);
    if (h < PC_VGG_MIN_SIDE || h > PC_VGG_MAX_SIDE || w < PC_VGG_MIN_SIDE || w > PC_VGG_MAX_SIDE)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: input %u x %u is outside %d..%d", nm, h, w,
                       PC_VGG_MIN_SIDE, PC_VGG_MAX_SIDE);
    if (ch != 3)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: %u input channels (must be 3)", nm, ch);
    if (!(mult > 0.0f && mult <= 8.0f))
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: width multiplier %g is outside (0, 8]", nm,
                       (double)mult);
    if (d1 < 1 || d1 > PC_VGG_MAX_DENSE || d2 < 1 || d2 > PC_VGG_MAX_DENSE)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: dense sizes %u, %u are outside 1..%d", nm, d1, d2,
                       PC_VGG_MAX_DENSE);
    if (classes < 2 || classes > PC_VGG_MAX_CLASSES)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: %u classes is outside 2..%d", nm, classes,
                       PC_VGG_MAX_CLASSES);
    if (!(dropout >= 0.0f && dropout < 1.0f))
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: dropout rate %g is outside [0, 1)", nm,
                       (double)dropout);
    if (dataset > 3)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: dataset code %u is not 0..3", nm, dataset);
    if (prep != PC_MODEL_PREPROCESS_CAFFE)
        return pc_fail(r->ctx, PC_STATUS_UNSUPPORTED, "model file %s: preprocessing mode %u is unknown (1 = caffe)", nm,
                       prep);
    if (n_names != classes)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: %u class names for %u classes", nm, n_names,
                       classes);
    c->arch = (pc_vgg_arch)arch;
    c->height = (int)h, c->width = (int)w, c->width_mult = mult;
    c->dense1 = (int)d1, c->dense2 = (int)d2, c->classes = (int)classes, c->dropout = dropout;
    info->dataset = (int)dataset - 1;
    info->preprocessing = (int)prep;
    info->class_names = calloc(classes, sizeof(char *));
    if (!info->class_names) return pc_fail(r->ctx, PC_STATUS_OUT_OF_MEMORY, "model file %s: out of memory", nm);
    info->n_class_names = (int)classes;
    r->where = "class names";
    for (uint32_t i = 0; i < classes; i++) {
        uint16_t len = get_u16(r);
        const uint8_t *s = get_bytes(r, len);
        if (r->failed) return fail_at(r);
        if (!class_name_ok((const char *)s, len))
            return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT,
                           "model file %s: class name %u is not 1..64 bytes of printable UTF-8", nm, i);
        if (!(info->class_names[i] = dup_n((const char *)s, len)))
            return pc_fail(r->ctx, PC_STATUS_OUT_OF_MEMORY, "model file %s: out of memory", nm);
    }
    if (r->left)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: %zu unexpected bytes after the architecture", nm,
                       r->left);
    pc_status st = pc_vgg_config_check(r->ctx, c);
    if (st) {
        char prefix[512];
        snprintf(prefix, sizeof prefix, "model file %s", nm);
        return pc_fail_prefix(r->ctx, prefix);
    }
    return PC_STATUS_OK;
}

static void format_dims(char *out, size_t cap, const size_t *dims, int ndim)
{
    size_t used = 0;
    out[0] = '\0';
    for (int d = 0; d < ndim && used < cap; d++) {
        int n = snprintf(out + used, cap - used, "%s%zu", d ? ", " : "(", dims[d]);
        if (n < 0) break;
        used += (size_t)n;
    }
    if (used < cap) snprintf(out + used, cap - used, ")");
}

static pc_status parse_tensors(reader *r, const pc_vgg_config *cfg, const pc_vgg_tensor_desc *want, size_t n_want,
                               file_tensor *found)
{
    const char *nm = r->name;
    r->where = "tensor table";
    uint32_t count = get_u32(r);
    if (r->failed) return fail_at(r);
    if (count > MAX_FILE_TENSORS)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: %u tensors (at most %d)", nm, count,
                       MAX_FILE_TENSORS);
    for (uint32_t t = 0; t < count; t++) {
        r->where = "tensor header";
        uint16_t len = get_u16(r);
        const uint8_t *name = get_bytes(r, len);
        uint8_t dtype = get_u8(r), ndim = get_u8(r);
        uint16_t reserved = get_u16(r);
        if (r->failed) return fail_at(r);
        if (!tensor_name_ok((const char *)name, len))
            return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %u has a malformed name", nm, t);
        char tname[PC_MODEL_NAME_MAX + 1];
        memcpy(tname, name, len);
        tname[len] = '\0';
        if (dtype == PC_MODEL_DTYPE_F16 || dtype == PC_MODEL_DTYPE_INT8)
            return pc_fail(r->ctx, PC_STATUS_UNSUPPORTED,
                           "model file %s: tensor %s is %s, a type reserved in format version 1 that this polarcad "
                           "does not read yet (only fp32)",
                           nm, tname, dtype == PC_MODEL_DTYPE_F16 ? "fp16" : "int8");
        if (dtype != PC_MODEL_DTYPE_F32)
            return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s has unknown type code %u", nm,
                           tname, dtype);
        if (ndim < 1 || ndim > 4 || reserved != 0)
            return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s has rank %u (1..4) or reserved %u",
                           nm, tname, ndim, reserved);
        size_t dims[4] = {0}, count_elems = 1;
        for (int d = 0; d < ndim; d++) {
            uint32_t v = get_u32(r);
            if (r->failed) return fail_at(r);
            if (v < 1 || v > MAX_DIM)
                return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s dimension %d is %u", nm, tname,
                               d, v);
            dims[d] = v;
            if (!pc_size_mul(count_elems, v, &count_elems))
                return pc_fail(r->ctx, PC_STATUS_TOO_LARGE, "model file %s: tensor %s is too large", nm, tname);
        }
        uint64_t bytes = get_u64(r);
        if (r->failed) return fail_at(r);
        size_t want_bytes;
        if (!pc_size_mul(count_elems, 4, &want_bytes) || bytes != want_bytes)
            return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT,
                           "model file %s: tensor %s: %llu data bytes for %zu fp32 values (expected %zu)", nm, tname,
                           (unsigned long long)bytes, count_elems, count_elems * 4);
        r->where = "tensor data";
        const uint8_t *data = get_bytes(r, want_bytes);
        if (!data) {
            pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s: expected %zu bytes, %zu remain", nm, tname,
                    want_bytes, r->left);
            return PC_STATUS_BAD_FORMAT;
        }
        size_t k = 0;
        while (k < n_want && strcmp(want[k].name, tname) != 0) k++;
        if (k == n_want)
            return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s is not part of a %s", nm, tname,
                           pc_vgg_arch_name(cfg->arch));
        if (found[k].data)
            return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s appears twice", nm, tname);
        int same = ndim == want[k].ndim;
        for (int d = 0; same && d < ndim; d++) same = dims[d] == want[k].dims[d];
        if (!same) {
            char got[96], exp[96];
            format_dims(got, sizeof got, dims, ndim);
            format_dims(exp, sizeof exp, want[k].dims, want[k].ndim);
            return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT,
                           "model file %s: tensor %s has shape %s, the architecture needs %s", nm, tname, got, exp);
        }
        for (size_t i = 0; i < count_elems; i++) {
            uint32_t u = le32(data + 4 * i);
            float f;
            memcpy(&f, &u, 4);
            if (!isfinite(f))
                return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s value %zu is not finite", nm,
                               tname, i);
        }
        found[k].want = &want[k];
        found[k].data = data;
    }
    if (r->left)
        return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: %zu unexpected bytes after the tensors", nm,
                       r->left);
    for (size_t k = 0; k < n_want; k++)
        if (!found[k].data)
            return pc_fail(r->ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s is missing", nm, want[k].name);
    return PC_STATUS_OK;
}

pc_status pc_model_decode(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                          const pc_vgg_config *runtime, pc_vgg **model_out, pc_model_info *info_out)
{
    const char *nm = name ? name : "(memory)";
    if (!bytes && size) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model file %s: no bytes", nm);
    if (size == 0) return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: empty, not a polarcad model file", nm);
    if (memcmp(bytes, magic, size < sizeof magic ? size : sizeof magic) != 0)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: not a polarcad model file (wrong magic bytes)", nm);
    if (size < HEADER_BYTES + 3 * SECTION_HEADER_BYTES + CRC_BYTES)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: only %zu bytes, too short for a model file", nm,
                       size);
    reader r = {bytes + 8, size - 8, ctx, nm, "header", 0};
    uint32_t version = get_u32(&r), flags = get_u32(&r);
    uint64_t declared = get_u64(&r);
    if (version != PC_MODEL_FORMAT_VERSION)
        return pc_fail(ctx, version > PC_MODEL_FORMAT_VERSION ? PC_STATUS_UNSUPPORTED : PC_STATUS_BAD_FORMAT,
                       "model file %s: format version %u, this polarcad reads version %d", nm, version,
                       PC_MODEL_FORMAT_VERSION);
    if (flags != 0)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: header flags %#x are reserved (0)", nm, flags);
    if (declared != size)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: the header says %llu bytes but there are %zu (%s)",
                       nm, (unsigned long long)declared, size, declared > size ? "truncated" : "trailing bytes");
    uint32_t stored = le32(bytes + size - CRC_BYTES), computed = pc_crc32(0, bytes, size - CRC_BYTES);
    if (stored != computed)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                       "model file %s: checksum mismatch (stored %08x, computed %08x): the file is corrupted", nm, stored,
                       computed);
    r.left -= CRC_BYTES;

    pc_model_info info;
    memset(&info, 0, sizeof info);
    if (runtime)
        info.config = *runtime;
    else
        pc_vgg_config_default(&info.config, PC_VGG16);
    pc_vgg_tensor_desc *want = NULL;
    file_tensor *found = NULL;
    pc_vgg *m = NULL;
    reader arch, tns, meta;
    pc_status st;
    if ((st = section(&r, "ARCH", &arch)) || (st = parse_arch(&arch, &info))) goto fail;
    want = malloc(PC_VGG_MAX_TENSORS * sizeof *want);
    found = calloc(PC_VGG_MAX_TENSORS, sizeof *found);
    if (!want || !found) {
        st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file %s: out of memory", nm);
        goto fail;
    }
    size_t n_want = pc_vgg_describe_tensors(&info.config, want);
    if (!n_want) {
        st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file %s: out of memory", nm);
        goto fail;
    }
    if ((st = section(&r, "TNSR", &tns)) || (st = parse_tensors(&tns, &info.config, want, n_want, found))) goto fail;
    if ((st = section(&r, "META", &meta))) goto fail;
    if (meta.left > PC_MODEL_METADATA_MAX || !utf8_ok(meta.p, meta.left, 1) ||
        !json_object_ok((const char *)meta.p, meta.left)) {
        st = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: the metadata is not one JSON object of at most 1 MiB",
                     nm);
        goto fail;
    }
    if (r.left) {
        st = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: %zu unexpected bytes after the metadata", nm, r.left);
        goto fail;
    }
    if (!(info.metadata_json = dup_n((const char *)meta.p, meta.left))) {
        st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file %s: out of memory", nm);
        goto fail;
    }
    if (model_out) {
        if ((st = pc_vgg_create(ctx, &info.config, &m))) {
            char prefix[512];
            snprintf(prefix, sizeof prefix, "model file %s", nm);
            pc_fail_prefix(ctx, prefix);
            goto fail;
        }
        for (size_t k = 0; k < n_want; k++) {
            pc_vgg_tensor v;
            pc_vgg_tensor_get(m, (size_t)pc_vgg_tensor_find(m, want[k].name), &v);
            for (size_t i = 0; i < v.count; i++) {
                uint32_t u = le32(found[k].data + 4 * i);
                memcpy(&v.data[i], &u, 4);
            }
        }
        pc_vgg_sync_weights(m);
        *model_out = m;
    }
    free(want);
    free(found);
    *info_out = info;
    return PC_STATUS_OK;
fail:
    free(want);
    free(found);
    pc_model_info_free(&info);
    return st;
}

pc_status pc_model_load(pc_ctx *ctx, const char *path, const pc_vgg_config *runtime, pc_vgg **model_out,
                        pc_model_info *info_out)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_status st = pc_file_read(ctx, path, PC_MODEL_FILE_MAX, &bytes, &size);
    if (st) return st;
    st = pc_model_decode(ctx, bytes, size, path, runtime, model_out, info_out);
    free(bytes);
    return st;
}
