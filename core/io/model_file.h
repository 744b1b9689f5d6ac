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
 *                      u8 dtype (0 fp32, 1 fp16, 2 int8; see below), u8 ndim (1..4),
 *                      u16 reserved = 0, u32 dims[ndim], u64 data length in bytes, data
 *              "META"  UTF-8 JSON object (<= 1 MiB): how and on what the model was trained, metrics,
 *                      date, source revision; free-form for readers, validated as JSON
 *   end - 4    u32 CRC-32 (IEEE 802.3, as zlib.crc32) of every byte before it
 *
 * Tensors are named and shaped as Keras names them: "block1_conv1/kernel" (3, 3, CI, CO) HWIO,
 * "block1_conv1/bias" (CO), "dense/kernel" (I, O), ... (vgg.h). A file holds exactly the
 * tensors of its architecture, each once.
 * The data of a tensor of n values whose last dimension is C (a conv kernel's CO in HWIO, a
 * dense kernel's O, a bias's only dimension), by dtype:
 *   0 fp32  n IEEE binary32 values (4n bytes); every value finite
 *   1 fp16  n IEEE binary16 values (2n bytes); every value finite
 *   2 int8  C f32 scales, one per output channel (4C bytes), then n int8 values q (n bytes),
 *           row-major as fp32 would be; value = scale[index mod C] * q. Scales are finite,
 *           >= 0 and at most FLT_MAX / 128. Writers quantise symmetrically: scale = max |w|
 *           / 127 over the channel, q = round(w / scale) in -127..127 (io/model_quant.h)
 * The dtype is per tensor, so a file may mix them: `polarcad export --dtype int8` stores
 * the kernels as int8 and keeps the biases fp32 (a scale per bias value would outweigh it).
 * Readers dequantise to fp32 at load; the network always computes in fp32. fp16 and int8
 * came into use without a version change: readers that predate them refuse such tensors
 * by name ("a type reserved in format version 1"), which is the behaviour the version
 * promised.
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
    PC_MODEL_DTYPE_F16 = 1,
    PC_MODEL_DTYPE_INT8 = 2,
    PC_MODEL_DTYPE_COUNT
} pc_model_dtype;

/* "fp32", "fp16", "int8"; parse returns 1 and sets *out on success. */
const char *pc_model_dtype_name(pc_model_dtype dtype);
int pc_model_dtype_parse(const char *name, pc_model_dtype *out);

/* What a model file says besides the weights. */
typedef struct pc_model_info {
    pc_vgg_config config;   /* architecture from the file; batch, k, seed, Adam, kernels from the caller */
    int dataset;            /* PC_MODEL_DATASET_NONE or a pc_dataset (study.h) */
    int preprocessing;      /* PC_MODEL_PREPROCESS_CAFFE */
    int n_class_names;
    char **class_names;     /* owned UTF-8 strings, one per class */
    char *metadata_json;    /* owned, a JSON object */
    pc_model_dtype dtype;   /* how the file stores the weights: its narrowest tensor type (F32 when
                               all are fp32); informative, the loaded model is fp32 */
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
/* The same with the weights stored as dtype: F32 as above; F16 every tensor in binary16
 * (fails naming the tensor if a value is beyond fp16's range, 65504); INT8 the kernels as
 * int8 with per-output-channel scales, the biases fp32. */
pc_status pc_model_encode_as(pc_ctx *ctx, pc_vgg *m, const pc_model_info *info, pc_model_dtype dtype,
                             uint8_t **bytes_out, size_t *size_out);
pc_status pc_model_save_as(pc_ctx *ctx, pc_vgg *m, const pc_model_info *info, pc_model_dtype dtype,
                           const char *path);

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

/* What the model was trained on, for every human-readable output: the metadata's top-level
 * "trained_on" (the key training writes), else "training_data", "data" or "cohort"; a
 * string value as text, any other value as its JSON. Writes at most cap bytes (with the
 * NUL; a longer value ends in "...") and returns 1, or returns 0 and writes "" when the
 * metadata records none of them. (io/model_meta.c) */
int pc_model_info_trained_on(const pc_model_info *info, char *out, size_t cap);

/* The colour tables the model's training maps were in: the metadata's top-level "colormaps"
 * (a list of pc_colormap names; polarcad train writes it) as a mask of 1u << pc_colormap;
 * 0 when not recorded. (io/model_meta.c) */
unsigned pc_model_info_colormaps(const pc_model_info *info);

/* Sets the metadata's top-level key to value_json (one JSON value: replaced where the key is,
 * else added last). The result is validated as a whole; on failure the metadata is unchanged.
 * (io/model_meta.c; export --set-metadata KEY=FILE) */
pc_status pc_model_info_set_metadata_key(pc_ctx *ctx, pc_model_info *info, const char *key, const char *value_json);

/* 1 when the metadata's top-level "source" is "polarcad train": such a model learned from
 * its dataset's montages resized to its input (train --input HxW; pc_train_sample), so
 * prediction may resize a montage the same way. 0 otherwise (imported, hand-made, unknown). */
int pc_model_info_from_polarcad_train(const pc_model_info *info);

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
