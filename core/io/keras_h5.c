/* keras_h5.c: reads the conv base of a Keras HDF5 weight file into a VGG (see keras_h5.h).
 *
 * Native only (libhdf5 from Debian's libhdf5-dev; excluded from the WebAssembly build in
 * CMakeLists.txt). HDF5 prints its own error stack by default; that printing is switched
 * off while a file is read (a library-wide HDF5 setting, restored afterwards) and every
 * failure becomes a polarcad message naming the file, the layer and the fault. All
 * weights are read and checked into a staging buffer first; the model is only written
 * when the whole file was good. */
#include "keras_h5.h"

#include <hdf5.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_LAYERS = 4096, MAX_NAME = 256 };

typedef struct strings {
    int n;
    char **s;
} strings;

static void strings_free(strings *l)
{
    for (int i = 0; l->s && i < l->n; i++) free(l->s[i]);
    free(l->s);
    l->s = NULL;
    l->n = 0;
}

static char *copy_bounded(const char *src, size_t cap)
{
    size_t n = 0;
    while (n < cap && src[n]) n++;
    char *d = malloc(n + 1);
    if (d) memcpy(d, src, n), d[n] = '\0';
    return d;
}

/* Reads a 1-D (or scalar) string attribute, fixed- or variable-length, into out.
 * Returns 0 and sets out on success; -1 when absent; -2 when present but unreadable. */
static int read_strings(hid_t obj, const char *name, strings *out)
{
    memset(out, 0, sizeof *out);
    if (H5Aexists(obj, name) <= 0) return -1;
    int rc = -2;
    hid_t attr = H5Aopen(obj, name, H5P_DEFAULT), type = -1, space = -1, mem = -1;
    if (attr < 0) return -2;
    type = H5Aget_type(attr);
    space = H5Aget_space(attr);
    if (type < 0 || space < 0 || H5Tget_class(type) != H5T_STRING) goto done;
    hssize_t n = H5Sget_simple_extent_npoints(space);
    if (n < 0 || n > MAX_LAYERS) goto done;
    out->s = calloc((size_t)n + 1, sizeof(char *));
    if (!out->s) goto done;
    mem = H5Tcopy(H5T_C_S1);
    if (mem < 0) goto done;
    if (H5Tis_variable_str(type) > 0) {
        char **buf = calloc((size_t)n + 1, sizeof(char *));
        if (!buf || H5Tset_size(mem, H5T_VARIABLE) < 0 || H5Aread(attr, mem, buf) < 0) {
            free(buf);
            goto done;
        }
        int ok = 1;
        for (hssize_t i = 0; i < n; i++) ok &= buf[i] && (out->s[i] = copy_bounded(buf[i], MAX_NAME)) != NULL;
        H5Dvlen_reclaim(mem, space, H5P_DEFAULT, buf);
        free(buf);
        out->n = (int)n;
        if (!ok) goto done;
    } else {
        size_t size = H5Tget_size(type);
        if (size == 0 || size > MAX_NAME) goto done;
        char *buf = calloc((size_t)n + 1, size);
        if (!buf || H5Tset_size(mem, size) < 0 || H5Tset_strpad(mem, H5T_STR_NULLPAD) < 0 ||
            H5Aread(attr, mem, buf) < 0) {
            free(buf);
            goto done;
        }
        int ok = 1;
        for (hssize_t i = 0; i < n; i++) ok &= (out->s[i] = copy_bounded(buf + (size_t)i * size, size)) != NULL;
        free(buf);
        out->n = (int)n;
        if (!ok) goto done;
    }
    rc = 0;
done:
    if (mem >= 0) H5Tclose(mem);
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    H5Aclose(attr);
    if (rc) strings_free(out);
    return rc;
}

static void read_root_text(hid_t obj, const char *name, char *out, size_t cap)
{
    strings s;
    out[0] = '\0';
    if (read_strings(obj, name, &s) == 0 && s.n >= 1) snprintf(out, cap, "%s", s.s[0]);
    if (s.s) strings_free(&s);
}

typedef struct import_job {
    pc_ctx *ctx;
    const char *path;
    pc_status st;
} import_job;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static pc_status failf(import_job *j, pc_status status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    j->st = pc_fail(j->ctx, status, "Keras weights %s: %s", j->path, msg);
    return j->st;
}

static void dims_text(char *out, size_t cap, const hsize_t *dims, int rank)
{
    size_t used = 0;
    out[0] = '\0';
    for (int d = 0; d < rank && used < cap; d++) {
        int n = snprintf(out + used, cap - used, "%s%llu", d ? ", " : "(", (unsigned long long)dims[d]);
        if (n < 0) break;
        used += (size_t)n;
    }
    if (used < cap) snprintf(out + used, cap - used, ")");
}

/* Reads one dataset of a conv layer into dst if its shape is want (rank 4 or 1). */
static pc_status read_weight(import_job *j, hid_t group, const char *layer, const char *wname, const size_t *want,
                             int want_rank, float *dst, int *matched)
{
    hid_t ds = H5Dopen2(group, wname, H5P_DEFAULT), space = -1, type = -1;
    char what[2 * MAX_NAME + 8];
    snprintf(what, sizeof what, "%s/%s", layer, wname);
    *matched = 0;
    if (ds < 0) return failf(j, PC_STATUS_BAD_FORMAT, "weight %s is listed but is not a dataset", what);
    space = H5Dget_space(ds);
    type = H5Dget_type(ds);
    hsize_t dims[8] = {0};
    int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    if (rank < 0 || rank > 8 || H5Sget_simple_extent_dims(space, dims, NULL) < 0 || type < 0) {
        failf(j, PC_STATUS_BAD_FORMAT, "weight %s has an unreadable shape", what);
        goto done;
    }
    if (rank != want_rank) goto done;   /* the other weight of the layer: not an error here */
    *matched = 1;
    int same = 1;
    for (int d = 0; d < rank; d++) same &= dims[d] == want[d];
    if (!same) {
        char got[96], exp[96];
        hsize_t w[4];
        for (int d = 0; d < rank; d++) w[d] = want[d];
        dims_text(got, sizeof got, dims, rank);
        dims_text(exp, sizeof exp, w, rank);
        /* (CO, CI, 3, 3): the Theano-ordered files ("th_dim_ordering_th_kernels") */
        int theano = rank == 4 && dims[2] == 3 && dims[3] == 3 && dims[0] == want[3] && dims[1] == want[2];
        failf(j, PC_STATUS_BAD_FORMAT, "weight %s has shape %s, the model needs %s%s", what, got, exp,
              theano ? " (these are Theano-ordered kernels: use the tf_dim_ordering_tf_kernels file)" : "");
        goto done;
    }
    if (H5Tget_class(type) != H5T_FLOAT) {
        failf(j, PC_STATUS_BAD_FORMAT, "weight %s is not floating point", what);
        goto done;
    }
    if (H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, dst) < 0) {
        failf(j, PC_STATUS_IO, "weight %s could not be read", what);
        goto done;
    }
    size_t count = 1;
    for (int d = 0; d < rank; d++) count *= (size_t)dims[d];
    for (size_t i = 0; i < count; i++)
        if (!isfinite(dst[i])) {
            failf(j, PC_STATUS_BAD_FORMAT, "weight %s holds a non-finite value", what);
            goto done;
        }
done:
    if (type >= 0) H5Tclose(type);
    if (space >= 0) H5Sclose(space);
    H5Dclose(ds);
    return j->st;
}

static pc_status import_open(import_job *j, hid_t file, pc_vgg *m, float *stage, pc_keras_import_report *rep)
{
    /* Keras' save_weights puts layer_names at the root; model.save puts them in /model_weights. */
    hid_t root = file, mw = -1;
    strings layers = {0, NULL};
    int rc = read_strings(file, "layer_names", &layers);
    if (rc == -1 && H5Lexists(file, "model_weights", H5P_DEFAULT) > 0) {
        mw = H5Gopen2(file, "model_weights", H5P_DEFAULT);
        if (mw >= 0) root = mw, rc = read_strings(mw, "layer_names", &layers);
    }
    read_root_text(file, "keras_version", rep->keras_version, sizeof rep->keras_version);
    read_root_text(file, "backend", rep->backend, sizeof rep->backend);
    if (rc == -1) {
        failf(j, PC_STATUS_BAD_FORMAT, "no 'layer_names' attribute: not a Keras weight file");
        goto done;
    }
    if (rc) {
        failf(j, PC_STATUS_BAD_FORMAT, "the 'layer_names' attribute is not a list of strings");
        goto done;
    }
    rep->layers_in_file = layers.n;

    /* Every conv layer of the model, in order, found by name. */
    size_t offset = 0;
    const size_t nt = pc_vgg_tensor_count(m);
    for (size_t t = 0; t < nt; t += 2) {
        pc_vgg_tensor kernel, bias;
        pc_vgg_tensor_get(m, t, &kernel);
        pc_vgg_tensor_get(m, t + 1, &bias);
        if (kernel.ndim != 4) break;   /* the head: not in the file */
        const char *layer = kernel.layer;
        int found = -1;
        for (int i = 0; i < layers.n && found < 0; i++)
            if (strcmp(layers.s[i], layer) == 0) found = i;
        if (found < 0 || H5Lexists(root, layer, H5P_DEFAULT) <= 0) {
            const int vgg19 = pc_vgg_get_config(m)->arch == PC_VGG19;
            failf(j, PC_STATUS_NOT_FOUND, "layer %s is missing (a %s weight file has block1_conv1 .. block5_conv%d)",
                  layer, vgg19 ? "VGG19" : "VGG16", vgg19 ? 4 : 3);
            goto done;
        }
        hid_t g = H5Gopen2(root, layer, H5P_DEFAULT);
        strings wn = {0, NULL};
        if (g < 0 || read_strings(g, "weight_names", &wn) != 0 || wn.n != 2) {
            failf(j, PC_STATUS_BAD_FORMAT, "layer %s does not list its two weights (kernel, bias) in 'weight_names'",
                  layer);
            if (wn.s) strings_free(&wn);
            if (g >= 0) H5Gclose(g);
            goto done;
        }
        int got_kernel = 0, got_bias = 0;
        for (int w = 0; w < 2 && !j->st; w++) {
            int matched = 0;
            if (!got_kernel && read_weight(j, g, layer, wn.s[w], kernel.dims, 4, stage + offset, &matched) == 0 &&
                matched) {
                got_kernel = 1;
                continue;
            }
            if (!j->st && !got_bias &&
                read_weight(j, g, layer, wn.s[w], bias.dims, 1, stage + offset + kernel.count, &matched) == 0 &&
                matched)
                got_bias = 1;
        }
        if (!j->st && (!got_kernel || !got_bias))
            failf(j, PC_STATUS_BAD_FORMAT, "layer %s needs a rank-4 kernel and a rank-1 bias", layer);
        strings_free(&wn);
        H5Gclose(g);
        if (j->st) goto done;
        offset += kernel.count + bias.count;
        rep->conv_layers_loaded++;
    }
    /* Layers with weights that the conv base does not use (a with-top file's fc1, ...). */
    for (int i = 0; i < layers.n; i++) {
        int ours = 0;
        for (size_t t = 0; t < nt; t++) {
            pc_vgg_tensor v;
            pc_vgg_tensor_get(m, t, &v);
            ours |= v.ndim == 4 && strcmp(v.layer, layers.s[i]) == 0;
        }
        if (ours || H5Lexists(root, layers.s[i], H5P_DEFAULT) <= 0) continue;
        hid_t g = H5Gopen2(root, layers.s[i], H5P_DEFAULT);
        strings wn = {0, NULL};
        if (g >= 0 && read_strings(g, "weight_names", &wn) == 0 && wn.n > 0) rep->layers_skipped++;
        if (wn.s) strings_free(&wn);
        if (g >= 0) H5Gclose(g);
    }
done:
    strings_free(&layers);
    if (mw >= 0) H5Gclose(mw);
    return j->st;
}

pc_status pc_keras_h5_import(pc_ctx *ctx, const char *path, pc_vgg *m, pc_keras_import_report *report)
{
    import_job j = {ctx, path ? path : "(null)", PC_STATUS_OK};
    pc_keras_import_report rep;
    memset(&rep, 0, sizeof rep);
    if (!path || !m) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "Keras import: no file or no model");
    FILE *probe = fopen(path, "rb");
    if (!probe) return pc_fail(ctx, PC_STATUS_NOT_FOUND, "Keras weights %s: cannot open the file", path);
    fclose(probe);

    size_t total = 0;   /* conv kernels and biases: (kernel, bias) pairs until the head */
    for (size_t t = 0; t + 1 < pc_vgg_tensor_count(m); t += 2) {
        pc_vgg_tensor kernel, bias;
        pc_vgg_tensor_get(m, t, &kernel);
        pc_vgg_tensor_get(m, t + 1, &bias);
        if (kernel.ndim != 4) break;
        total += kernel.count + bias.count;
    }
    float *stage = malloc(total * sizeof(float));
    if (!stage) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "Keras weights %s: out of memory", path);

    H5E_auto2_t old_func = NULL;
    void *old_data = NULL;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    htri_t is_h5 = H5Fis_hdf5(path);
    hid_t file = -1;
    if (is_h5 <= 0) {
        failf(&j, PC_STATUS_BAD_FORMAT, "not an HDF5 file (Keras weight files are .h5)");
    } else if ((file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) < 0) {
        failf(&j, PC_STATUS_IO, "HDF5 could not open it (damaged file?)");
    } else {
        import_open(&j, file, m, stage, &rep);
        H5Fclose(file);
    }
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);

    if (!j.st) {   /* all good: copy the staged weights into the model */
        size_t offset = 0;
        for (size_t t = 0; t + 1 < pc_vgg_tensor_count(m); t += 2) {
            pc_vgg_tensor kernel, bias;
            pc_vgg_tensor_get(m, t, &kernel);
            pc_vgg_tensor_get(m, t + 1, &bias);
            if (kernel.ndim != 4) break;
            memcpy(kernel.data, stage + offset, kernel.count * sizeof(float));
            memcpy(bias.data, stage + offset + kernel.count, bias.count * sizeof(float));
            offset += kernel.count + bias.count;
        }
        pc_vgg_sync_weights(m);
        if (report) *report = rep;
    }
    free(stage);
    return j.st;
}
