/* train.h: training a VGG on studies as the paper did (public).
 *
 * What one training run does (docs/pipeline.md 4, 5):
 *   1. the training set: every training study once as it is, plus rotated copies (all its
 *      maps turned by ONE random angle in [-max_angle, max_angle] degrees about the disc
 *      centre, then montaged) until the set holds `augment` images, half of each class
 *      (the paper generated more no-CAD images to balance its 152/64 cohort);
 *   2. the frozen layers run once per image, their outputs cached (in memory up to
 *      cache_budget bytes, the rest in an unlinked temporary file in spill_dir, so it is
 *      gone whatever happens to the process);
 *   3. `epochs` epochs of the trainable top on the cached outputs: the images shuffled
 *      every epoch, minibatches of vgg.batch, Adam (Keras), categorical cross-entropy;
 *   4. after each epoch, and when *stop becomes non-zero (the CLI's signal handler sets
 *      it), an atomic checkpoint: weights, Adam moments, dropout and step state, the
 *      epoch history and the configuration's fingerprint. resume continues from it, and
 *      the resumed run ends with exactly the weights of an uninterrupted one.
 * Everything random comes from vgg.seed through PCG32 streams: the same seed and thread
 * count give the same bits. The study images are the caller's (the CLI reads files);
 * progress is reported through a callback (the core never prints).
 *
 *     pc_train_config tc;
 *     pc_train_config_default(&tc, PC_VGG16, PC_DATASET_ACNAC);
 *     tc.checkpoint_path = "run.ckpt/checkpoint.pcc";
 *     pc_vgg *model = NULL;
 *     pc_train_result r;
 *     if (pc_train_run(ctx, &tc, NULL, "", studies, labels, n, &model, &r)) ...
 *     if (!r.interrupted) pc_train_predict(ctx, model, tc.dataset, test_studies, n_test, p_cad);
 */
#ifndef PC_TRAIN_TRAIN_H
#define PC_TRAIN_TRAIN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/status.h"
#include "../nn/vgg.h"
#include "../preprocess/preprocess.h"
#include "../study.h"

enum { PC_TRAIN_MAX_EPOCHS = 1000, PC_TRAIN_MAX_IMAGES = 10000000 };

/* What the progress callback is told. */
typedef enum pc_train_phase {
    PC_TRAIN_PHASE_FROZEN = 0,   /* rendering images and running the frozen layers: done/total images */
    PC_TRAIN_PHASE_EPOCH,        /* training: done/total images of this epoch */
    PC_TRAIN_PHASE_EPOCH_END     /* an epoch finished: loss and accuracy are its means */
} pc_train_phase;

typedef struct pc_train_progress {
    pc_train_phase phase;
    int epoch, epochs;           /* 1-based epoch (0 in the frozen phase), of epochs */
    long done, total;            /* images */
    double loss, accuracy;       /* running means over this epoch so far */
} pc_train_progress;

typedef void (*pc_train_progress_fn)(void *user, const pc_train_progress *progress);

typedef struct pc_train_config {
    pc_vgg_config vgg;           /* architecture, input size, k, batch, lr (vgg.adam.lr), seed, threads */
    pc_dataset dataset;          /* which maps, which montage */
    int augment;                 /* images in the training set; at or below the number of training
                                    studies nothing is added (0: the studies as they are) */
    int epochs;
    double max_angle;            /* degrees (45) */
    size_t cache_budget;         /* bytes of frozen outputs kept in memory (2 GiB) */
    const char *spill_dir;       /* folder of the temporary spill file ("/tmp") */
    const char *checkpoint_path; /* checkpoint file, or NULL for none */
    int resume;                  /* continue from checkpoint_path when it exists */
    const char *fingerprint;     /* one line naming every option that changes results (checked on resume) */
    const volatile sig_atomic_t *stop; /* when it becomes non-zero: checkpoint and return (may be NULL) */
    pc_train_progress_fn progress;
    void *progress_user;
} pc_train_config;

/* The paper's setup for arch and dataset: the dataset's montage size, k = 4, batch 16,
 * lr 1e-4, seed 1, 1000 images, 6 epochs, 45 degrees, a 2 GiB cache in /tmp, no checkpoint. */
void pc_train_config_default(pc_train_config *tc, pc_vgg_arch arch, pc_dataset dataset);

typedef struct pc_train_epoch {
    double loss, accuracy;       /* means over the epoch's minibatches (dropout on) */
} pc_train_epoch;

typedef struct pc_train_result {
    int interrupted;             /* *stop was set: the model is not final */
    int checkpointed;            /* when interrupted: the state was saved (0 when stopped before epoch 1 began) */
    int resumed;                 /* started from a checkpoint */
    int resumed_epoch;           /* epochs already done in that checkpoint */
    int epochs_done;
    pc_train_epoch history[PC_TRAIN_MAX_EPOCHS]; /* (epochs_done) */
    int images, originals;       /* training-set size, of which unrotated */
    int per_class[2];            /* images of label 0 and 1 */
    int cases_per_class[2];      /* training studies of label 0 and 1 */
    size_t frozen_bytes;         /* one image's cached frozen output */
    long spilled;                /* images whose frozen output went to the spill file */
} pc_train_result;

/* Starts m's conv layers from base's (the head is left as it is): the same architecture,
 * or a VGG16 base for a VGG19 (the 13 shared layers copied, the three VGG19 adds started as
 * the identity, so m first computes base's conv function; *deepened_out = 1 then, else 0;
 * may be NULL); the same width multiplier; any input size (conv kernels do not depend on
 * it). Fails naming base by name, m then partly written. */
pc_status pc_train_load_base(pc_ctx *ctx, pc_vgg *m, pc_vgg *base, const char *name, int *deepened_out);

/* Trains a new model on n studies (tiles kept by pc_study_preprocess) with labels 0/1.
 * base (may be NULL): a model whose conv layers start the network (pc_train_load_base;
 * checked, the message names base_name); without it the network
 * starts from pc_vgg_create's Glorot-uniform weights. On success *model_out is the trained
 * model (free with pc_vgg_free), also when result->interrupted (then it is the state the
 * checkpoint holds). A checkpoint whose fingerprint differs from tc->fingerprint is
 * refused. Failures writing a checkpoint fail the run and keep the previous checkpoint. */
pc_status pc_train_run(pc_ctx *ctx, const pc_train_config *tc, pc_vgg *base, const char *base_name,
                       const pc_study *studies, const int *labels, int n, pc_vgg **model_out,
                       pc_train_result *result);

/* P(label 1) for n studies, unrotated montages, dropout off: p_out (n). */
pc_status pc_train_predict(pc_ctx *ctx, pc_vgg *m, pc_dataset dataset, const pc_study *studies, int n,
                           double *p_out);

/* The network's input for one study: its maps (each turned by angle_deg, 0 = as is) in the
 * dataset's montage, resized to height x width when that differs, Keras "caffe"
 * preprocessed: out (height, width, 3). */
pc_status pc_train_sample(pc_ctx *ctx, const pc_study *study, pc_dataset dataset, double angle_deg, int height,
                          int width, float *out);

/* The CRC-32 (zlib's) that names a file's content, as a run's configuration line and its
 * model's metadata record the manifest and the base model by (files up to 1 GiB): of all
 * its bytes, or, for a file that ends with the CRC-32 of the bytes before it (every
 * polarcad model file), of those bytes, i.e. that stored checksum. The whole-file CRC-32 of
 * such a file is PC_CRC32_RESIDUE whatever it holds, so it would name none. */
pc_status pc_train_file_crc32(pc_ctx *ctx, const char *path, uint32_t *crc_out);

#endif
