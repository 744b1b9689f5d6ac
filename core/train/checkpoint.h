/* checkpoint.h: a training run's whole state in one file, written atomically (internal).
 *
 * Layout, version 1 (little-endian; floats as IEEE-754 binary32, doubles binary64 bits):
 *   "PCADCKPT"  u32 version = 1
 *   u32 fingerprint length, fingerprint bytes   the configuration line (must match on resume)
 *   u32 epochs done, then per epoch: f64 loss, f64 accuracy
 *   u32 minibatches done of the next epoch, f64 their loss sum, f64 their correct count
 *   i64 Adam steps, u64 dropout PCG32 state, u64 its increment
 *   u64 moment count M, M f32 Adam m, M f32 Adam v
 *   u32 tensor count, per tensor: u64 floats, the floats (Keras order, vgg.h)
 *   u32 CRC-32 of every byte before it
 * The file replaces its predecessor by rename (pc_file_write_atomic), so a kill at any
 * moment leaves either the old or the new checkpoint, each complete. */
#ifndef PC_TRAIN_CHECKPOINT_H
#define PC_TRAIN_CHECKPOINT_H

#include "../base/status.h"
#include "../nn/vgg.h"
#include "train.h"

/* Where a run is: whole epochs done (their means in history) and, when stopped inside an
 * epoch, its minibatches done and their sums (the epoch's order is a function of the seed
 * and the epoch, so the rest of it can be replayed exactly). */
typedef struct train_position {
    int epochs_done;
    int batches_done;
    double loss_sum, correct;   /* over the images of the batches done */
} train_position;

pc_status train_checkpoint_save(pc_ctx *ctx, const char *path, const char *fingerprint, pc_vgg *m,
                                const train_position *at, const pc_train_epoch *history);

/* Whether a checkpoint exists at path (1), is missing (0). */
int train_checkpoint_exists(const char *path);

/* Reads path into m (weights, Adam moments and steps, dropout generator) and the history;
 * refuses a file of another configuration (naming both fingerprints), a damaged file, or
 * one whose sizes do not fit m. m is unchanged on failure. */
pc_status train_checkpoint_load(pc_ctx *ctx, const char *path, const char *fingerprint, pc_vgg *m,
                                train_position *at_out, pc_train_epoch *history_out);

#endif
