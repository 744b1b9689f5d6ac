/* model_file.h: polarcad's model file, one binary format for the native tool and the browser.
 *
 * Layout, format version 1 (all integers little-endian, floats IEEE-754 binary32 LE):
 *
 *   offset 0   "PCADMODL"                 magic, 8 bytes
 *          8   u32 version = 1            readers refuse newer versions
 *         12   u32 flags = 0              reserved
 *         16   u64 file size              the whole file, checksum included
 *         24   sections, in this order, each: 4-byte tag, u64 payload length, payload
 *              "ARCH"  u32 arch (16 | 19), u32 input height, u32 input width, u32 input channels (3),
 *                      f32 width multiplier, u32 dense1, u32 dense2, u32 classes, f32 dropout rate,
 *                      u32 dataset (0 unspecified, 1 acnac, 2 ac, 3 nac), u32 preprocessing (1 = Keras
 *                      "caffe"), u32 class-name count (= classes), then per name: u16 length (1..64) +
 *                      UTF-8 bytes (printable, no control characters)
 *              "TNSR"  u32 tensor count, then per tensor: u16 name length (1..63) + name,
 *                      u8 dtype (0 fp32; 1 fp16 and 2 int8 are reserved, see below), u8 ndim (1..4),
 *                      u16 reserved = 0, u32 dims[ndim], u64 data length in bytes, data
 *              "META"  UTF-8 JSON object (<= 1 MiB): how and on what the model was trained, metrics,
 *                      date, source revision; free-form for readers, validated as JSON
 *   end - 4    u32 CRC-32 (IEEE 802.3, as zlib.crc32) of every byte before it
 *
 * Tensors are named and shaped as Keras names them: "block1_conv1/kernel" (3, 3, CI, CO) HWIO,
 * "block1_conv1/bias" (CO), "dense/kernel" (I, O), ... (vgg.h). A file holds exactly the
 * tensors of its architecture, each once.
 * Reserved dtypes (a later format use for the shipped web model, not written or read yet):
 * fp16 = IEEE binary16 per value; int8 = one f32 scale per output channel (last dimension)
 * followed by int8 values, value = scale * q. Readers of version 1 refuse them clearly.
 *
 * Loading validates every field, each length against the bytes that remain, and every
 * value (finite floats), and fails with a message naming the file and the fault; it never
 * crashes on truncated, corrupted or foreign bytes (tests/c/test_model_file.c). */
#ifndef PC_IO_MODEL_FILE_H
#define PC_IO_MODEL_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/status.h"
#include "../nn/vgg.h"

enum {
    PC_MODEL_FORMAT_VERSION = 1,
    PC_MODEL_NAME_MAX = 63,
    PC_MODEL_CLASS_NAME_MAX = 64,
    PC_MODEL_DATASET_NONE = -1,
    PC_MODEL_PREPROCESS_CAFFE = 1,
};
#define PC_MODEL_METADATA_MAX ((size_t)1 << 20)
#define PC_MODEL_FILE_MAX ((size_t)1 << 30)   /* 1 GiB: a full VGG19 is ~0.6 GB */

typedef enum pc_model_dtype {
    PC_MODEL_DTYPE_F32 = 0,
    PC_MODEL_DTYPE_F16 = 1,    /* reserved */
    PC_MODEL_DTYPE_INT8 = 2,   /* reserved */
} pc_model_dtype;

/* What a model file says besides the weights. */
typedef struct pc_model_info {
    pc_vgg_config config;   /* architecture from the file; batch, k, seed, Adam, kernels from the caller */
    int dataset;            /* PC_MODEL_DATASET_NONE or a pc_dataset (study.h) */
    int preprocessing;      /* PC_MODEL_PREPROCESS_CAFFE */
    int n_class_names;
    char **class_names;     /* owned UTF-8 strings, one per class */
    char *metadata_json;    /* owned, a JSON object */
} pc_model_info;

/* Defaults for a model with cfg->classes classes: names "no_cad", "cad" for two classes
 * ("class_0", ... otherwise), dataset unspecified, caffe preprocessing, metadata "{}". */
pc_status pc_model_info_init(pc_ctx *ctx, const pc_vgg_config *cfg, pc_model_info *out);
void pc_model_info_free(pc_model_info *info);
/* Replaces the metadata after checking that json is one JSON object (<= 1 MiB). */
pc_status pc_model_info_set_metadata(pc_ctx *ctx, pc_model_info *info, const char *json);
/* Replaces class name i (1..64 printable UTF-8 bytes). */
pc_status pc_model_info_set_class_name(pc_ctx *ctx, pc_model_info *info, int i, const char *name);

/* Encodes the model's parameters and info into a new malloc'd buffer (free with free()). */
pc_status pc_model_encode(pc_ctx *ctx, pc_vgg *m, const pc_model_info *info, uint8_t **bytes_out, size_t *size_out);
/* Encodes and writes atomically (no half-written file on failure). */
pc_status pc_model_save(pc_ctx *ctx, pc_vgg *m, const pc_model_info *info, const char *path);

/* Decodes and validates bytes. `name` labels messages ("model.pcm: ..."). runtime supplies
 * the fields the file does not store (batch, trainable_convs, seed, adam, kernels); NULL =
 * pc_vgg_config_default's. On success *info_out is filled (free with pc_model_info_free)
 * and, when model_out is not NULL, *model_out is a new model with the file's weights
 * (free with pc_vgg_free). Nothing is written on failure. */
pc_status pc_model_decode(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                          const pc_vgg_config *runtime, pc_vgg **model_out, pc_model_info *info_out);
/* Reads path (at most PC_MODEL_FILE_MAX bytes) and decodes it. */
pc_status pc_model_load(pc_ctx *ctx, const char *path, const pc_vgg_config *runtime, pc_vgg **model_out,
                        pc_model_info *info_out);

/* ---- lower level: arbitrary tensor lists (the Keras importer and the format tests) ---- */

typedef struct pc_model_tensor {
    const char *name;
    pc_model_dtype dtype;
    int ndim;
    uint32_t dims[4];
    const void *data;       /* little-endian values; data_bytes of them */
    size_t data_bytes;
} pc_model_tensor;

/* Encodes exactly the given tensors (no check against the architecture: this is how the
 * tests make files that are well-formed but wrong). */
pc_status pc_model_encode_tensors(pc_ctx *ctx, const pc_model_info *info, const pc_model_tensor *tensors,
                                  size_t n_tensors, uint8_t **bytes_out, size_t *size_out);

#endif
