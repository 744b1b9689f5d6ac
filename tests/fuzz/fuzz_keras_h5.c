/* fuzz_keras_h5.c: the Keras HDF5 importer's own logic, on HDF5 files the input describes.
 *
 * Where libhdf5 is the limit: feeding raw bytes to H5Fopen fuzzes libhdf5's file parser
 * (Debian's 1.10, with a long list of fuzzer-found CVEs), which is not our code and which
 * we could not fix. What is ours is the walk over a well-formed file: the layer_names and
 * weight_names attributes (fixed- or variable-length strings, or not strings at all, empty,
 * too many, over-long), the layer groups and the /model_weights layout, and every weight's
 * rank, shape, type and values. So the input is a small program that says what file to
 * write, libhdf5 writes it (correctly), and pc_keras_h5_import reads it into a tiny VGG16.
 *
 * Input bytes, read one at a time (zeros once they run out):
 *   flags: 1 layers under /model_weights, 2 variable-length strings, 4 keras_version and
 *          backend attributes, 8 layer_names of integers, 16 no layer_names at all
 *   layer count (mod 24), then per layer: a name (from NAMES), flags (1 no group, 2 no
 *   weight_names, 4 integer weight_names), the weight count (mod 4), and per weight: a
 *   name (from WEIGHTS), flags (1 no dataset, 2 float64, 4 int32, 8 Theano order, 16 a
 *   NaN, 32 a group instead), the rank (mod 6), and per dimension: below 200 the size the
 *   model needs, else a size 1..5. */
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polarcad.h"

static const char *const NAMES[] = {
    "block1_conv1", "block1_conv2", "block2_conv1", "block2_conv2", "block3_conv1", "block3_conv2",
    "block3_conv3", "block4_conv1", "block4_conv2", "block4_conv3", "block5_conv1", "block5_conv2",
    "block5_conv3", "block5_conv4", "input_1",      "block1_pool",  "fc1",          "predictions",
    "",             "a/b",          "block1_conv1/kernel:0",
};
static const char *const WEIGHTS[] = {"kernel:0", "bias:0", "W_1:0", "b_1:0", "", "kernel:0/x", ".", "missing:0"};
enum { N_NAMES = sizeof NAMES / sizeof NAMES[0], N_WEIGHTS = sizeof WEIGHTS / sizeof WEIGHTS[0] };
enum { MAX_ELEMENTS = 1 << 14 };   /* bigger datasets only cost time */

static pc_vgg *model;   /* the tiny VGG16 the weights go into (1, 2, 4, 8, 8 channels) */
static char path[64];

typedef struct program {
    const uint8_t *p;
    size_t n;
} program;

static unsigned next(program *g)
{
    if (!g->n) return 0;
    g->n--;
    return *g->p++;
}

static void remove_file(void)
{
    remove(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    atexit(remove_file);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);   /* HDF5 would print its error stack */
    /* libhdf5 callocs its metadata cache (over 512 KB) for every file it creates or opens,
     * and its free lists drop blocks over 64 KB, so each input got fresh pages from ASan's
     * allocator: 40% of the time went to page faults (perf). Unlimited free lists let
     * libhdf5 reuse its own blocks; our importer's allocations are unaffected. */
    H5set_free_list_limits(-1, -1, -1, -1, -1, -1);
    snprintf(path, sizeof path, "%s/fuzz_keras_h5-%d.h5", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
             (int)getpid());
    pc_vgg_config cfg;
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.height = 32, cfg.width = 32, cfg.width_mult = 1.0f / 64.0f, cfg.dense1 = 4, cfg.dense2 = 4, cfg.batch = 1;
    cfg.kernels.threads = 1;
    pc_ctx *ctx = pc_ctx_create();
    if (pc_vgg_create(ctx, &cfg, &model)) return 1;
    pc_ctx_free(ctx);
    return 0;
}

/* A string attribute of n entries (or integers, when ints). */
static void put_strings(hid_t obj, const char *name, const char *const *s, int n, int vlen, int ints)
{
    hsize_t dims[1] = {(hsize_t)n};
    hid_t space = H5Screate_simple(1, dims, NULL), type;
    if (ints) {
        int values[32] = {0};
        hid_t a = H5Acreate2(obj, name, H5T_NATIVE_INT, space, H5P_DEFAULT, H5P_DEFAULT);
        H5Awrite(a, H5T_NATIVE_INT, values);
        H5Aclose(a);
        H5Sclose(space);
        return;
    }
    size_t longest = 1;
    for (int i = 0; i < n; i++) longest = strlen(s[i]) > longest ? strlen(s[i]) : longest;
    type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, vlen ? H5T_VARIABLE : longest);
    hid_t a = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (vlen) {
        H5Awrite(a, type, s);
    } else {
        char *buf = calloc((size_t)n + 1, longest);
        for (int i = 0; buf && i < n; i++) memcpy(buf + (size_t)i * longest, s[i], strlen(s[i]));
        if (buf) H5Awrite(a, type, buf);
        free(buf);
    }
    H5Aclose(a);
    H5Tclose(type);
    H5Sclose(space);
}

/* The shape the model needs for a weight of this rank in this layer (kernel or bias). */
static void wanted(const char *layer, int rank, int theano, hsize_t *dims)
{
    for (int d = 0; d < 4; d++) dims[d] = 1;
    size_t t = 0;
    while (t + 1 < pc_vgg_tensor_count(model)) {
        pc_vgg_tensor v;
        pc_vgg_tensor_get(model, t, &v);
        if (strcmp(v.layer, layer) == 0) break;
        t += 2;
    }
    if (t + 1 >= pc_vgg_tensor_count(model)) return;
    pc_vgg_tensor kernel, bias;
    pc_vgg_tensor_get(model, t, &kernel);
    pc_vgg_tensor_get(model, t + 1, &bias);
    if (rank == 1) dims[0] = bias.dims[0];
    for (int d = 0; rank == 4 && d < 4; d++) dims[d] = kernel.dims[theano ? 3 - d : d];
}

static void put_weight(program *g, hid_t group, const char *layer, const char *name)
{
    unsigned flags = next(g), rank = next(g) % 6;
    hsize_t dims[5], need[4];
    wanted(layer, (int)rank, flags & 8, need);
    size_t count = 1;
    for (unsigned d = 0; d < rank; d++) {
        unsigned b = next(g);
        dims[d] = b < 200 && d < 4 ? need[d] : b % 5 + 1;
        count *= (size_t)dims[d];
    }
    if ((flags & 1) || count > MAX_ELEMENTS || !name[0]) return;
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    if (flags & 32) {
        H5Gclose(H5Gcreate2(group, name, lcpl, H5P_DEFAULT, H5P_DEFAULT));
        H5Pclose(lcpl);
        return;
    }
    double *values = malloc(count * sizeof *values);
    for (size_t i = 0; values && i < count; i++) values[i] = (double)(i % 7) * 0.125 - 0.25;
    if (values && (flags & 16)) values[count / 2] = NAN;
    hid_t type = flags & 4 ? H5T_STD_I32LE : flags & 2 ? H5T_IEEE_F64LE : H5T_IEEE_F32LE;
    hid_t space = rank ? H5Screate_simple((int)rank, dims, NULL) : H5Screate(H5S_SCALAR);
    hid_t ds = H5Dcreate2(group, name, type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    if (ds >= 0 && values) H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
    if (ds >= 0) H5Dclose(ds);
    H5Sclose(space);
    H5Pclose(lcpl);
    free(values);
}

static void put_layers(program *g, hid_t root, unsigned flags)
{
    const char *layers[24];
    int n = (int)(next(g) % 24);
    for (int i = 0; i < n; i++) {
        const char *layer = layers[i] = NAMES[next(g) % N_NAMES];
        unsigned lflags = next(g);
        int nw = (int)(next(g) % 4);
        const char *weights[4];
        for (int w = 0; w < nw; w++) weights[w] = WEIGHTS[next(g) % N_WEIGHTS];
        if ((lflags & 1) || !layer[0] || H5Lexists(root, layer, H5P_DEFAULT) > 0) continue;
        hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
        H5Pset_create_intermediate_group(lcpl, 1);
        hid_t group = H5Gcreate2(root, layer, lcpl, H5P_DEFAULT, H5P_DEFAULT);
        H5Pclose(lcpl);
        if (group < 0) continue;
        if (!(lflags & 2)) put_strings(group, "weight_names", weights, nw, flags & 2, lflags & 4);
        for (int w = 0; w < nw; w++) put_weight(g, group, layer, weights[w]);
        H5Gclose(group);
    }
    if (!(flags & 16)) put_strings(root, "layer_names", layers, n, flags & 2, flags & 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    program g = {data, size};
    unsigned flags = next(&g);
    hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0) return 0;
    hid_t root = flags & 1 ? H5Gcreate2(file, "model_weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : file;
    if (flags & 4) {
        const char *version[] = {"2.10.0"}, *backend[] = {"tensorflow"};
        put_strings(file, "keras_version", version, 1, flags & 2, 0);
        put_strings(file, "backend", backend, 1, flags & 2, 0);
    }
    put_layers(&g, root, flags);
    if (root != file) H5Gclose(root);
    H5Fclose(file);
    pc_ctx *ctx = pc_ctx_create();
    pc_keras_import_report report;
    /* FUZZ_VERBOSE=1 prints each verdict: to check what a seed or a crash input builds. */
    if (pc_keras_h5_import(ctx, path, model, &report) && getenv("FUZZ_VERBOSE"))
        fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
    else if (getenv("FUZZ_VERBOSE"))
        fprintf(stderr, "imported %d conv layers\n", report.conv_layers_loaded);
    pc_ctx_free(ctx);
    return 0;
}
