/* model_file.c: writing and reading polarcad model files (the layout is in model_file.h).
 *
 * This file knows the layout only; the byte order and bounds checks are base/bytes.h's,
 * the text checks base/json.h's, the checksum base/crc32.h's.
 *
 * Reading never trusts the bytes, because a model file may come from anywhere (a download,
 * a colleague, a disk that flipped a bit): the whole-file checks come first (magic, version,
 * the size field against the real size, the CRC), then every section and field is read
 * through a byte reader that checks each length against the bytes that remain, then the
 * tensors are matched name by name and shape by shape against the architecture, and every
 * value must be finite. Only then is a model allocated and filled. Messages name the file
 * and the fault. */
#include "model_file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/bytes.h"
#include "../base/checked.h"
#include "../base/crc32.h"
#include "../base/file.h"
#include "../base/json.h"
#include "model_quant.h"

static const char magic[8] = {'P', 'C', 'A', 'D', 'M', 'O', 'D', 'L'};
enum { HEADER_BYTES = 24, SECTION_HEADER_BYTES = 12, CRC_BYTES = 4, ARCH_FIELD_BYTES = 4 * 12 };
/* Limits of version 1 that bound what a forged header can make the reader loop over (a
 * VGG19 has 38 tensors). */
enum { MAX_FILE_TENSORS = 64 };
#define MAX_DIM ((uint32_t)1 << 24)

/* ---- dtypes ------------------------------------------------------------------------------------------ */

static const char *const dtype_names[PC_MODEL_DTYPE_COUNT] = {"fp32", "fp16", "int8"};

const char *pc_model_dtype_name(pc_model_dtype dtype)
{
    return (int)dtype >= 0 && dtype < PC_MODEL_DTYPE_COUNT ? dtype_names[dtype] : "?";
}

int pc_model_dtype_parse(const char *name, pc_model_dtype *out)
{
    for (int d = 0; name && d < PC_MODEL_DTYPE_COUNT; d++)
        if (strcmp(name, dtype_names[d]) == 0) {
            *out = (pc_model_dtype)d;
            return 1;
        }
    return 0;
}

/* Bytes of a tensor's data: n values, the last dimension cols (int8's scale count). */
static int dtype_bytes(pc_model_dtype dtype, size_t n, size_t cols, size_t *out)
{
    if (dtype == PC_MODEL_DTYPE_F16) return pc_size_mul(n, 2, out);
    if (dtype == PC_MODEL_DTYPE_INT8) return pc_size_mul(cols, 4, out) && pc_size_add(*out, n, out);
    return pc_size_mul(n, 4, out);
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

static int metadata_ok(const char *json, size_t n)
{
    return n <= PC_MODEL_METADATA_MAX && pc_json_is_object(json, n);
}

pc_status pc_model_info_set_metadata(pc_ctx *ctx, pc_model_info *info, const char *json)
{
    size_t n = json ? strlen(json) : 0;
    if (!json || !metadata_ok(json, n))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model metadata is not one JSON object of at most 1 MiB");
    char *copy = dup_n(json, n);
    if (!copy) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model metadata: out of memory");
    free(info->metadata_json);
    info->metadata_json = copy;
    return PC_STATUS_OK;
}

static int class_name_ok(const char *s, size_t n)
{
    return n >= 1 && n <= PC_MODEL_CLASS_NAME_MAX && pc_utf8_is_text(s, n, 0);
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

/* Tensor names are Keras's ("block1_conv1/kernel"): ASCII letters, digits and _ / . - only,
 * so they print safely in every message. */
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
    /* Sizes first, with checked arithmetic: the header and every section header state
     * their lengths before the bytes follow, and the limit is checked before allocating. */
    size_t arch = ARCH_FIELD_BYTES, names = 0, tns = 4, meta = strlen(info->metadata_json), total;
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
    pc_byte_writer w = {0};
    if (!pc_bytes_reserve(&w, total))
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file: cannot allocate %zu bytes", total);
    pc_bytes_put(&w, magic, sizeof magic);
    pc_bytes_put_u32(&w, PC_MODEL_FORMAT_VERSION);
    pc_bytes_put_u32(&w, 0);
    pc_bytes_put_u64(&w, total);

    pc_bytes_put(&w, "ARCH", 4);
    pc_bytes_put_u64(&w, arch + names);
    pc_bytes_put_u32(&w, (uint32_t)c->arch);
    pc_bytes_put_u32(&w, (uint32_t)c->height);
    pc_bytes_put_u32(&w, (uint32_t)c->width);
    pc_bytes_put_u32(&w, 3);
    pc_bytes_put_f32(&w, c->width_mult);
    pc_bytes_put_u32(&w, (uint32_t)c->dense1);
    pc_bytes_put_u32(&w, (uint32_t)c->dense2);
    pc_bytes_put_u32(&w, (uint32_t)c->classes);
    pc_bytes_put_f32(&w, c->dropout);
    pc_bytes_put_u32(&w, (uint32_t)(info->dataset + 1));
    pc_bytes_put_u32(&w, (uint32_t)info->preprocessing);
    pc_bytes_put_u32(&w, (uint32_t)info->n_class_names);
    for (int i = 0; i < info->n_class_names; i++) {
        size_t n = strlen(info->class_names[i]);
        pc_bytes_put_u16(&w, (uint16_t)n);
        pc_bytes_put(&w, info->class_names[i], n);
    }

    pc_bytes_put(&w, "TNSR", 4);
    pc_bytes_put_u64(&w, tns);
    pc_bytes_put_u32(&w, (uint32_t)n_tensors);
    for (size_t t = 0; t < n_tensors; t++) {
        const pc_model_tensor *ts = &tensors[t];
        size_t n = strlen(ts->name);
        pc_bytes_put_u16(&w, (uint16_t)n);
        pc_bytes_put(&w, ts->name, n);
        pc_bytes_put_u8(&w, (uint8_t)ts->dtype);
        pc_bytes_put_u8(&w, (uint8_t)ts->ndim);
        pc_bytes_put_u16(&w, 0);
        for (int d = 0; d < ts->ndim; d++) pc_bytes_put_u32(&w, ts->dims[d]);
        pc_bytes_put_u64(&w, ts->data_bytes);
        pc_bytes_put(&w, ts->data, ts->data_bytes);
    }

    pc_bytes_put(&w, "META", 4);
    pc_bytes_put_u64(&w, meta);
    pc_bytes_put(&w, info->metadata_json, meta);
    if (!w.failed) pc_bytes_put_u32(&w, pc_crc32(0, w.bytes, w.len));
    if (w.failed || w.len != total) {   /* the reservation covered everything, so only a size bug lands here */
        pc_byte_writer_free(&w);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file: writing %zu bytes failed", total);
    }
    *bytes_out = w.bytes;
    *size_out = w.len;
    return PC_STATUS_OK;
}

/* One tensor's values as the file stores them for dtype (little-endian), into w. */
static pc_status encode_values(pc_ctx *ctx, const pc_vgg_tensor *v, pc_model_dtype dtype, pc_byte_writer *w)
{
    const size_t n = v->count, cols = v->dims[v->ndim - 1];
    size_t bytes;
    if (!dtype_bytes(dtype, n, cols, &bytes) || !pc_bytes_reserve(w, bytes))
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file: out of memory for tensor %s", v->name);
    if (dtype == PC_MODEL_DTYPE_F16) {
        for (size_t i = 0; i < n; i++) {
            uint16_t h;
            if (!pc_f16_from_f32(v->data[i], &h))
                return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                               "model file: tensor %s value %zu (%g) is beyond fp16's range (|w| <= 65504); "
                               "store this model as fp32 or int8",
                               v->name, i, (double)v->data[i]);
            pc_bytes_put_u16(w, h);
        }
    } else if (dtype == PC_MODEL_DTYPE_INT8) {
        float *scales = malloc(cols * sizeof(float));
        int8_t *q = malloc(n ? n : 1);
        if (scales && q) {
            pc_int8_quantize(v->data, n / cols, cols, scales, q);
            for (size_t j = 0; j < cols; j++) pc_bytes_put_f32(w, scales[j]);
            pc_bytes_put(w, q, n);
        }
        free(scales);
        free(q);
        if (!scales || !q) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file: out of memory for tensor %s", v->name);
    } else {
        for (size_t i = 0; i < n; i++) pc_bytes_put_f32(w, v->data[i]);
    }
    return w->failed ? pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file: out of memory for tensor %s", v->name)
                     : PC_STATUS_OK;
}

pc_status pc_model_encode_as(pc_ctx *ctx, pc_vgg *m, const pc_model_info *info, pc_model_dtype dtype,
                             uint8_t **bytes_out, size_t *size_out)
{
    const size_t n = pc_vgg_tensor_count(m);
    pc_model_tensor tensors[PC_VGG_MAX_TENSORS];
    pc_byte_writer values[PC_VGG_MAX_TENSORS];
    memset(values, 0, sizeof values);
    pc_model_info arch = *info;
    arch.config = *pc_vgg_get_config(m);   /* the model's architecture wins over the info's */
    if ((int)dtype < 0 || dtype >= PC_MODEL_DTYPE_COUNT)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model file: unknown dtype %d", (int)dtype);
    if (info->n_class_names != arch.config.classes)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model file: %d class names for %d classes",
                       info->n_class_names, arch.config.classes);
    pc_status st = PC_STATUS_OK;
    for (size_t t = 0; t < n && !st; t++) {
        pc_vgg_tensor v;
        pc_vgg_tensor_get(m, t, &v);
        /* int8 is for kernels; a bias would need a scale per value, more than its fp32 */
        const pc_model_dtype d = dtype == PC_MODEL_DTYPE_INT8 && v.ndim == 1 ? PC_MODEL_DTYPE_F32 : dtype;
        tensors[t].name = v.name;
        tensors[t].dtype = d;
        tensors[t].ndim = v.ndim;
        for (int k = 0; k < v.ndim; k++) tensors[t].dims[k] = (uint32_t)v.dims[k];
        st = encode_values(ctx, &v, d, &values[t]);   /* little-endian on every host */
        tensors[t].data = values[t].bytes;
        tensors[t].data_bytes = values[t].len;
    }
    if (!st) st = pc_model_encode_tensors(ctx, &arch, tensors, n, bytes_out, size_out);
    for (size_t t = 0; t < n; t++) pc_byte_writer_free(&values[t]);
    return st;
}

pc_status pc_model_encode(pc_ctx *ctx, pc_vgg *m, const pc_model_info *info, uint8_t **bytes_out, size_t *size_out)
{
    return pc_model_encode_as(ctx, m, info, PC_MODEL_DTYPE_F32, bytes_out, size_out);
}

pc_status pc_model_save_as(pc_ctx *ctx, pc_vgg *m, const pc_model_info *info, pc_model_dtype dtype,
                           const char *path)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_status st = pc_model_encode_as(ctx, m, info, dtype, &bytes, &size);
    if (st) return st;
    st = pc_file_write_atomic(ctx, path, bytes, size);
    free(bytes);
    return st;
}

pc_status pc_model_save(pc_ctx *ctx, pc_vgg *m, const pc_model_info *info, const char *path)
{
    return pc_model_save_as(ctx, m, info, PC_MODEL_DTYPE_F32, path);
}

/* ---- decoding -------------------------------------------------------------------------------------------- */

typedef struct file_tensor {
    const pc_vgg_tensor_desc *want;
    const uint8_t *data;    /* into the file's bytes, checked: the values in the layout of dtype */
    pc_model_dtype dtype;
    size_t cols;            /* last dimension: int8's scale count */
} file_tensor;

/* The message for a read past the end of r; what names the part being read. */
static pc_status truncated(pc_ctx *ctx, const char *nm, const char *what, const pc_byte_reader *r)
{
    return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: %s: needs %zu bytes, %zu remain (truncated or corrupt)",
                   nm, what, r->needed, r->left);
}

/* The next section, which must carry tag: its payload as a reader of its own. */
static pc_status section(pc_ctx *ctx, const char *nm, pc_byte_reader *r, const char *tag, pc_byte_reader *payload_out)
{
    const uint8_t *t = pc_bytes_get(r, 4);
    uint64_t len = pc_bytes_get_u64(r);
    if (r->failed) return truncated(ctx, nm, "section header", r);
    if (memcmp(t, tag, 4) != 0) {
        char got[5] = {0};
        for (int i = 0; i < 4; i++) got[i] = t[i] >= 0x20 && t[i] < 0x7F ? (char)t[i] : '?';
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: expected section %s, found '%s'", nm, tag, got);
    }
    if (!pc_bytes_take(r, len, payload_out))
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                       "model file %s: section %s says %llu bytes, %zu remain (truncated or corrupt)", nm, tag,
                       (unsigned long long)len, r->left);
    return PC_STATUS_OK;
}

/* Adds "model file <nm>: " to a message from the network's config checks. */
static pc_status prefix_file(pc_ctx *ctx, const char *nm)
{
    char prefix[512];
    snprintf(prefix, sizeof prefix, "model file %s", nm);
    return pc_fail_prefix(ctx, prefix);
}

static pc_status parse_arch(pc_ctx *ctx, const char *nm, pc_byte_reader *r, pc_model_info *info)
{
    pc_vgg_config *c = &info->config;
    uint32_t arch = pc_bytes_get_u32(r), h = pc_bytes_get_u32(r), w = pc_bytes_get_u32(r), ch = pc_bytes_get_u32(r);
    float mult = pc_bytes_get_f32(r);
    uint32_t d1 = pc_bytes_get_u32(r), d2 = pc_bytes_get_u32(r), classes = pc_bytes_get_u32(r);
    float dropout = pc_bytes_get_f32(r);
    uint32_t dataset = pc_bytes_get_u32(r), prep = pc_bytes_get_u32(r), n_names = pc_bytes_get_u32(r);
    if (r->failed) return truncated(ctx, nm, "architecture", r);
    if (arch != 16 && arch != 19)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: architecture %u is not VGG16 or VGG19", nm, arch);
    if (h < PC_VGG_MIN_SIDE || h > PC_VGG_MAX_SIDE || w < PC_VGG_MIN_SIDE || w > PC_VGG_MAX_SIDE)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: input %u x %u is outside %d..%d", nm, h, w,
                       PC_VGG_MIN_SIDE, PC_VGG_MAX_SIDE);
    if (ch != 3) return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: %u input channels (must be 3)", nm, ch);
    if (!(mult > 0.0f && mult <= 8.0f))
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: width multiplier %g is outside (0, 8]", nm,
                       (double)mult);
    if (d1 < 1 || d1 > PC_VGG_MAX_DENSE || d2 < 1 || d2 > PC_VGG_MAX_DENSE)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: dense sizes %u, %u are outside 1..%d", nm, d1, d2,
                       PC_VGG_MAX_DENSE);
    if (classes < 2 || classes > PC_VGG_MAX_CLASSES)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: %u classes is outside 2..%d", nm, classes,
                       PC_VGG_MAX_CLASSES);
    if (!(dropout >= 0.0f && dropout < 1.0f))
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: dropout rate %g is outside [0, 1)", nm,
                       (double)dropout);
    if (dataset > 3)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                       "model file %s: dataset code %u is unknown (0 none, 1 acnac, 2 ac, 3 nac): a damaged file", nm,
                       dataset);
    if (prep != PC_MODEL_PREPROCESS_CAFFE)
        return pc_fail(ctx, PC_STATUS_UNSUPPORTED, "model file %s: preprocessing mode %u is unknown (1 = caffe)", nm,
                       prep);
    if (n_names != classes)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: %u class names for %u classes", nm, n_names,
                       classes);
    c->arch = (pc_vgg_arch)arch;
    c->height = (int)h, c->width = (int)w, c->width_mult = mult;
    c->dense1 = (int)d1, c->dense2 = (int)d2, c->classes = (int)classes, c->dropout = dropout;
    info->dataset = (int)dataset - 1;
    info->preprocessing = (int)prep;
    info->class_names = calloc(classes, sizeof(char *));
    if (!info->class_names) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file %s: out of memory", nm);
    info->n_class_names = (int)classes;
    for (uint32_t i = 0; i < classes; i++) {
        uint16_t len = pc_bytes_get_u16(r);
        const char *s = (const char *)pc_bytes_get(r, len);
        if (r->failed) return truncated(ctx, nm, "class names", r);
        if (!class_name_ok(s, len))
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                           "model file %s: class name %u is not 1..64 bytes of printable UTF-8", nm, i);
        if (!(info->class_names[i] = dup_n(s, len)))
            return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file %s: out of memory", nm);
    }
    if (r->left)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: %zu unexpected bytes after the architecture", nm,
                       r->left);
    if (pc_vgg_config_check(ctx, c)) return prefix_file(ctx, nm);
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

/* Checks one tensor's values (count of them, last dimension cols) in the layout of dtype. */
static pc_status check_values(pc_ctx *ctx, const char *nm, const char *tname, pc_model_dtype dtype,
                              pc_byte_reader values, size_t count, size_t cols)
{
    if (dtype == PC_MODEL_DTYPE_INT8) {
        for (size_t j = 0; j < cols; j++) {
            float sc = pc_bytes_get_f32(&values);
            if (!(sc >= 0.0f && sc <= PC_INT8_SCALE_MAX))   /* also false for NaN */
                return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                               "model file %s: tensor %s: int8 scale %zu is %g (must be finite, >= 0 and <= "
                               "FLT_MAX/128): the scale block is corrupt",
                               nm, tname, j, (double)sc);
        }
        return PC_STATUS_OK;   /* every int8 value is valid */
    }
    for (size_t i = 0; i < count; i++) {
        float v = dtype == PC_MODEL_DTYPE_F16 ? pc_f32_from_f16(pc_bytes_get_u16(&values)) : pc_bytes_get_f32(&values);
        if (!isfinite(v))
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s value %zu is not finite", nm, tname, i);
    }
    return PC_STATUS_OK;
}

/* Reads the tensor table and points found[k] at the data of want[k], for every k;
 * *narrowest_out is the narrowest dtype met. */
static pc_status parse_tensors(pc_ctx *ctx, const char *nm, pc_byte_reader *r, const pc_vgg_config *cfg,
                               const pc_vgg_tensor_desc *want, size_t n_want, file_tensor *found,
                               pc_model_dtype *narrowest_out)
{
    *narrowest_out = PC_MODEL_DTYPE_F32;
    uint32_t count = pc_bytes_get_u32(r);
    if (r->failed) return truncated(ctx, nm, "tensor table", r);
    if (count > MAX_FILE_TENSORS)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: %u tensors (at most %d)", nm, count,
                       MAX_FILE_TENSORS);
    for (uint32_t t = 0; t < count; t++) {
        uint16_t len = pc_bytes_get_u16(r);
        const char *name = (const char *)pc_bytes_get(r, len);
        uint8_t dtype = pc_bytes_get_u8(r), ndim = pc_bytes_get_u8(r);
        uint16_t reserved = pc_bytes_get_u16(r);
        if (r->failed) return truncated(ctx, nm, "tensor header", r);
        if (!tensor_name_ok(name, len))
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %u has a malformed name", nm, t);
        char tname[PC_MODEL_NAME_MAX + 1];
        memcpy(tname, name, len);
        tname[len] = '\0';
        if (dtype >= PC_MODEL_DTYPE_COUNT)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s has unknown type code %u", nm, tname,
                           dtype);
        if (ndim < 1 || ndim > 4 || reserved != 0)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s has rank %u (1..4) or reserved %u", nm,
                           tname, ndim, reserved);
        size_t dims[4] = {0}, count_elems = 1;
        for (int d = 0; d < ndim; d++) {
            uint32_t v = pc_bytes_get_u32(r);
            if (r->failed) return truncated(ctx, nm, "tensor header", r);
            if (v < 1 || v > MAX_DIM)
                return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s dimension %d is %u", nm, tname, d,
                               v);
            dims[d] = v;
            if (!pc_size_mul(count_elems, v, &count_elems))
                return pc_fail(ctx, PC_STATUS_TOO_LARGE, "model file %s: tensor %s is too large", nm, tname);
        }
        uint64_t bytes = pc_bytes_get_u64(r);
        if (r->failed) return truncated(ctx, nm, "tensor header", r);
        const size_t cols = dims[ndim - 1];
        size_t want_bytes;
        if (!dtype_bytes((pc_model_dtype)dtype, count_elems, cols, &want_bytes))
            return pc_fail(ctx, PC_STATUS_TOO_LARGE, "model file %s: tensor %s is too large", nm, tname);
        if (bytes != want_bytes)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                           "model file %s: tensor %s: %llu data bytes for %zu %s values (expected %zu)", nm, tname,
                           (unsigned long long)bytes, count_elems, dtype_names[dtype], want_bytes);
        pc_byte_reader values;
        if (!pc_bytes_take(r, want_bytes, &values))
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s: expected %zu bytes, %zu remain", nm,
                           tname, want_bytes, r->left);
        size_t k = 0;
        while (k < n_want && strcmp(want[k].name, tname) != 0) k++;
        if (k == n_want)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s is not part of a %s", nm, tname,
                           pc_vgg_arch_name(cfg->arch));
        if (found[k].data)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s appears twice", nm, tname);
        int same = ndim == want[k].ndim;
        for (int d = 0; same && d < ndim; d++) same = dims[d] == want[k].dims[d];
        if (!same) {
            char got[96], exp[96];
            format_dims(got, sizeof got, dims, ndim);
            format_dims(exp, sizeof exp, want[k].dims, want[k].ndim);
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                           "model file %s: tensor %s has shape %s, the architecture needs %s", nm, tname, got, exp);
        }
        pc_status st = check_values(ctx, nm, tname, (pc_model_dtype)dtype, values, count_elems, cols);
        if (st) return st;
        found[k].want = &want[k];
        found[k].data = values.p;
        found[k].dtype = (pc_model_dtype)dtype;
        found[k].cols = cols;
        if (dtype > *narrowest_out) *narrowest_out = (pc_model_dtype)dtype;
    }
    if (r->left)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: %zu unexpected bytes after the tensors", nm,
                       r->left);
    for (size_t k = 0; k < n_want; k++)
        if (!found[k].data)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: tensor %s is missing", nm, want[k].name);
    return PC_STATUS_OK;
}

/* What a file that is not ours probably is, from its first bytes, so the message says
 * what to do instead: a model from elsewhere is the common mistake. */
static const char *foreign_kind(const uint8_t *b, size_t n)
{
    static const uint8_t png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static const uint8_t hdf5[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};
    if (n >= 8 && memcmp(b, png, 8) == 0) return "it is a PNG image";
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "it is a JPEG image";
    if (n >= 2 && b[0] == 'B' && b[1] == 'M') return "it looks like a BMP image";
    if (n >= 8 && memcmp(b, hdf5, 8) == 0)
        return "it is an HDF5 file, perhaps Keras weights: polarcad import-keras converts ImageNet VGG weights";
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
        return "it is a ZIP archive, perhaps a PyTorch .pt or a Keras .keras file, which polarcad does not read";
    /* ONNX is a protobuf ModelProto whose first field is ir_version (field 1, varint: tag
     * 0x08) with a small value; our magic never starts with 0x08. */
    if (n >= 2 && b[0] == 0x08 && b[1] < 0x80)
        return "it looks like an ONNX model, which polarcad does not read";
    if (n >= 16 && memcmp(b, "polarcad-normals", 16) == 0) return "it is a polarcad normal database, not a model";
    size_t printable = 0, probe = n < 512 ? n : 512;
    for (size_t i = 0; i < probe; i++)
        if ((b[i] >= 32 && b[i] < 127) || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') printable++;
    if (printable == probe)
        return "it is text; a model file is binary, written by polarcad train, import-keras or export";
    return "wrong magic bytes; a model file is written by polarcad train, import-keras or export";
}

/* The checks on the whole file, before any section is read: magic, version, flags, the
 * size field against the real size, the checksum. On success *body_out holds the sections
 * (after the header, before the checksum). */
static pc_status check_file(pc_ctx *ctx, const char *nm, const uint8_t *bytes, size_t size, pc_byte_reader *body_out)
{
    if (size == 0) return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: empty, not a polarcad model file", nm);
    if (memcmp(bytes, magic, size < sizeof magic ? size : sizeof magic) != 0)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: not a polarcad model file (%s)", nm,
                       foreign_kind(bytes, size));
    if (size < HEADER_BYTES + 3 * SECTION_HEADER_BYTES + CRC_BYTES)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                       "model file %s: only %zu bytes, too short for a model file (cut short? copy it again)", nm, size);
    /* Long enough for the header and the checksum, so these reads cannot fail. */
    pc_byte_reader r = pc_byte_reader_of(bytes + sizeof magic, size - sizeof magic - CRC_BYTES);
    pc_byte_reader crc = pc_byte_reader_of(bytes + size - CRC_BYTES, CRC_BYTES);
    uint32_t version = pc_bytes_get_u32(&r), flags = pc_bytes_get_u32(&r);
    uint64_t declared = pc_bytes_get_u64(&r);
    if (version != PC_MODEL_FORMAT_VERSION)
        return pc_fail(ctx, version > PC_MODEL_FORMAT_VERSION ? PC_STATUS_UNSUPPORTED : PC_STATUS_BAD_FORMAT,
                       "model file %s: format version %u, this polarcad reads version %d%s", nm, version,
                       PC_MODEL_FORMAT_VERSION, version > PC_MODEL_FORMAT_VERSION ? " (written by a newer polarcad)" : "");
    if (flags != 0)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: header flags %#x are reserved (0)", nm, flags);
    if (declared != size)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "model file %s: the header says %llu bytes but there are %zu (%s)",
                       nm, (unsigned long long)declared, size,
                       declared > size ? "truncated: the file is cut short; copy it again"
                                       : "trailing bytes: something was appended to the file; copy it again");
    uint32_t stored = pc_bytes_get_u32(&crc), computed = pc_crc32(0, bytes, size - CRC_BYTES);
    if (stored != computed)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                       "model file %s: checksum mismatch (stored %08x, computed %08x): the file was changed or "
                       "damaged after polarcad wrote it; copy it again",
                       nm, stored, computed);
    *body_out = r;
    return PC_STATUS_OK;
}

/* Copies the checked tensor data into a new model's parameters. */
static pc_status fill_model(pc_ctx *ctx, const char *nm, const pc_vgg_config *cfg, const pc_vgg_tensor_desc *want,
                            const file_tensor *found, size_t n_want, pc_vgg **model_out)
{
    pc_vgg *m = NULL;
    if (pc_vgg_create(ctx, cfg, &m)) return prefix_file(ctx, nm);
    for (size_t k = 0; k < n_want; k++) {
        pc_vgg_tensor v;
        pc_vgg_tensor_get(m, (size_t)pc_vgg_tensor_find(m, want[k].name), &v);
        const file_tensor *f = &found[k];
        size_t bytes = 0;
        dtype_bytes(f->dtype, v.count, f->cols, &bytes);   /* checked when the table was read */
        pc_byte_reader values = pc_byte_reader_of(f->data, bytes);
        if (f->dtype == PC_MODEL_DTYPE_INT8) {   /* dequantised here: the network computes in fp32 */
            float *scales = malloc(f->cols * sizeof(float));
            if (!scales) {
                pc_vgg_free(m);
                return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file %s: out of memory", nm);
            }
            for (size_t j = 0; j < f->cols; j++) scales[j] = pc_bytes_get_f32(&values);
            const uint8_t *q = pc_bytes_get(&values, v.count);
            for (size_t i = 0; i < v.count; i++) v.data[i] = scales[i % f->cols] * (float)(int8_t)q[i];
            free(scales);
        } else if (f->dtype == PC_MODEL_DTYPE_F16) {
            for (size_t i = 0; i < v.count; i++) v.data[i] = pc_f32_from_f16(pc_bytes_get_u16(&values));
        } else {
            for (size_t i = 0; i < v.count; i++) v.data[i] = pc_bytes_get_f32(&values);
        }
    }
    pc_vgg_sync_weights(m);
    *model_out = m;
    return PC_STATUS_OK;
}

pc_status pc_model_decode(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                          const pc_vgg_config *runtime, pc_vgg **model_out, pc_model_info *info_out)
{
    const char *nm = name ? name : "(memory)";
    if (!bytes && size) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "model file %s: no bytes", nm);
    pc_byte_reader r;
    pc_status st = check_file(ctx, nm, bytes, size, &r);
    if (st) return st;

    pc_model_info info;
    memset(&info, 0, sizeof info);
    if (runtime)
        info.config = *runtime;
    else
        pc_vgg_config_default(&info.config, PC_VGG16);
    pc_vgg_tensor_desc *want = NULL;
    file_tensor *found = NULL;
    pc_byte_reader arch, tns, meta;
    if ((st = section(ctx, nm, &r, "ARCH", &arch)) || (st = parse_arch(ctx, nm, &arch, &info))) goto fail;
    want = malloc(PC_VGG_MAX_TENSORS * sizeof *want);
    found = calloc(PC_VGG_MAX_TENSORS, sizeof *found);
    size_t n_want = want && found ? pc_vgg_describe_tensors(&info.config, want) : 0;
    if (!n_want) {
        st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model file %s: out of memory", nm);
        goto fail;
    }
    if ((st = section(ctx, nm, &r, "TNSR", &tns)) ||
        (st = parse_tensors(ctx, nm, &tns, &info.config, want, n_want, found, &info.dtype)))
        goto fail;
    if ((st = section(ctx, nm, &r, "META", &meta))) goto fail;
    if (!metadata_ok((const char *)meta.p, meta.left)) {
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
    if (model_out && (st = fill_model(ctx, nm, &info.config, want, found, n_want, model_out))) goto fail;
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
