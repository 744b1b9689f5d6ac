/* checkpoint.c: training checkpoints (see checkpoint.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/bytes.h"
#include "../base/crc32.h"
#include "../base/file.h"
#include "checkpoint.h"

#define CKPT_MAGIC "PCADCKPT"
enum { CKPT_VERSION = 1 };
#define CKPT_MAX_BYTES ((size_t)2 << 30)

static void put_f64(pc_byte_writer *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    pc_bytes_put_u64(w, bits);
}

static double get_f64(pc_byte_reader *r)
{
    uint64_t bits = pc_bytes_get_u64(r);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

static void put_floats(pc_byte_writer *w, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++) pc_bytes_put_f32(w, x[i]);
}

pc_status train_checkpoint_save(pc_ctx *ctx, const char *path, const char *fingerprint, pc_vgg *m,
                                const train_position *at, const pc_train_epoch *history)
{
    const int epochs_done = at->epochs_done;
    pc_vgg_train_state st;
    pc_vgg_train_state_get(m, &st);
    pc_byte_writer w;
    memset(&w, 0, sizeof w);
    pc_bytes_put(&w, CKPT_MAGIC, 8);
    pc_bytes_put_u32(&w, CKPT_VERSION);
    pc_bytes_put_u32(&w, (uint32_t)strlen(fingerprint));
    pc_bytes_put(&w, fingerprint, strlen(fingerprint));
    pc_bytes_put_u32(&w, (uint32_t)epochs_done);
    for (int e = 0; e < epochs_done; e++) {
        put_f64(&w, history[e].loss);
        put_f64(&w, history[e].accuracy);
    }
    pc_bytes_put_u32(&w, (uint32_t)at->batches_done);
    put_f64(&w, at->loss_sum);
    put_f64(&w, at->correct);
    pc_bytes_put_u64(&w, (uint64_t)st.adam_steps);
    pc_bytes_put_u64(&w, st.dropout_rng[0]);
    pc_bytes_put_u64(&w, st.dropout_rng[1]);
    pc_bytes_put_u64(&w, st.moments);
    put_floats(&w, st.adam_m, st.moments);
    put_floats(&w, st.adam_v, st.moments);
    size_t nt = pc_vgg_tensor_count(m);
    pc_bytes_put_u32(&w, (uint32_t)nt);
    for (size_t i = 0; i < nt; i++) {
        pc_vgg_tensor t;
        pc_vgg_tensor_get(m, i, &t);
        pc_bytes_put_u64(&w, t.count);
        put_floats(&w, t.data, t.count);
    }
    pc_bytes_put_u32(&w, pc_crc32(0, w.bytes, w.len));
    pc_status status = w.failed ? pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory for the checkpoint", path)
                                : pc_file_write_atomic(ctx, path, w.bytes, w.len);
    pc_byte_writer_free(&w);
    return status;
}

int train_checkpoint_exists(const char *path)
{
    struct stat s;
    return path && stat(path, &s) == 0;
}

/* Reads n floats into out (may be NULL: checked only). */
static void get_floats(pc_byte_reader *r, float *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float v = pc_bytes_get_f32(r);
        if (out) out[i] = v;
    }
}

pc_status train_checkpoint_load(pc_ctx *ctx, const char *path, const char *fingerprint, pc_vgg *m,
                                train_position *at_out, pc_train_epoch *history_out)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_status status = pc_file_read(ctx, path, CKPT_MAX_BYTES, &bytes, &size);
    if (status) return status;
    status = PC_STATUS_BAD_FORMAT;
    if (size < 16 || memcmp(bytes, CKPT_MAGIC, 8) != 0) {
        pc_fail(ctx, status, "%s: not a polarcad training checkpoint", path);
        goto done;
    }
    uint32_t stored = (uint32_t)bytes[size - 4] | (uint32_t)bytes[size - 3] << 8 | (uint32_t)bytes[size - 2] << 16 |
                      (uint32_t)bytes[size - 1] << 24;
    if (pc_crc32(0, bytes, size - 4) != stored) {
        pc_fail(ctx, status, "%s: checksum mismatch (a damaged checkpoint; delete it to start over)", path);
        goto done;
    }
    pc_byte_reader r = pc_byte_reader_of(bytes + 8, size - 12);
    uint32_t version = pc_bytes_get_u32(&r), flen = pc_bytes_get_u32(&r);
    const uint8_t *fp = pc_bytes_get(&r, flen);
    if (r.failed || version != CKPT_VERSION) {
        pc_fail(ctx, status, "%s: checkpoint version %u, this polarcad reads %d", path, version, CKPT_VERSION);
        goto done;
    }
    if (flen != strlen(fingerprint) || memcmp(fp, fingerprint, flen) != 0) {
        status = pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                         "%s was written by another configuration:\n  checkpoint: %.*s\n  this run:   %s\n"
                         "(run with the checkpoint's options, or remove it to start over)",
                         path, (int)flen, (const char *)fp, fingerprint);
        goto done;
    }
    /* First pass: check every size against m without touching it; second pass: copy. */
    pc_byte_reader start = r;
    pc_vgg_train_state st;
    pc_vgg_train_state_get(m, &st);
    for (int pass = 0; pass < 2; pass++) {
        int write = pass == 1;
        r = start;
        uint32_t epochs = pc_bytes_get_u32(&r);
        if (epochs > PC_TRAIN_MAX_EPOCHS) {
            pc_fail(ctx, status, "%s: %u epochs is more than %d", path, epochs, PC_TRAIN_MAX_EPOCHS);
            goto done;
        }
        for (uint32_t e = 0; e < epochs; e++) {
            double loss = get_f64(&r), acc = get_f64(&r);
            if (write) history_out[e] = (pc_train_epoch){loss, acc};
        }
        train_position at = {(int)epochs, (int)pc_bytes_get_u32(&r), 0, 0};
        at.loss_sum = get_f64(&r);
        at.correct = get_f64(&r);
        long steps = (long)pc_bytes_get_u64(&r);
        uint64_t rng[2];
        rng[0] = pc_bytes_get_u64(&r);
        rng[1] = pc_bytes_get_u64(&r);
        uint64_t moments = pc_bytes_get_u64(&r);
        if (r.failed || moments != st.moments) {
            pc_fail(ctx, status, "%s: holds %llu optimiser values, this model has %zu (another network)", path,
                    (unsigned long long)moments, st.moments);
            goto done;
        }
        get_floats(&r, write ? st.adam_m : NULL, st.moments);
        get_floats(&r, write ? st.adam_v : NULL, st.moments);
        uint32_t nt = pc_bytes_get_u32(&r);
        if (nt != pc_vgg_tensor_count(m)) {
            pc_fail(ctx, status, "%s: holds %u tensors, this model has %zu", path, nt, pc_vgg_tensor_count(m));
            goto done;
        }
        for (size_t i = 0; i < nt && !r.failed; i++) {
            pc_vgg_tensor t;
            pc_vgg_tensor_get(m, i, &t);
            if (pc_bytes_get_u64(&r) != t.count) {
                pc_fail(ctx, status, "%s: tensor %s has another size in the checkpoint", path, t.name);
                goto done;
            }
            get_floats(&r, write ? t.data : NULL, t.count);
        }
        if (r.failed || r.left) {
            pc_fail(ctx, status, "%s: truncated or overlong checkpoint", path);
            goto done;
        }
        if (write) {
            pc_vgg_train_state_set(m, steps, rng);
            pc_vgg_sync_weights(m);
            *at_out = at;
        }
    }
    status = PC_STATUS_OK;
done:
    free(bytes);
    return status;
}
