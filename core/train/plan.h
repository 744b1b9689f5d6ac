/* plan.h: which images the training set holds (internal to core/train).
 *
 * Every training study once unrotated, then rotated copies until each class holds half of
 * `augment` images (the odd one to label 0, the class the paper had to generate more of):
 * a class's studies are dealt in a shuffled order, reshuffled after each pass, so copies
 * spread evenly over the studies; each copy gets its own uniform angle. Only the seed
 * decides (PCG32 stream per class), never the thread count. */
#ifndef PC_TRAIN_PLAN_H
#define PC_TRAIN_PLAN_H

#include <stdint.h>

#include "../base/status.h"

typedef struct train_item {
    int study;       /* index into the training studies */
    int label;
    double angle;    /* degrees; 0 for the originals */
} train_item;

typedef struct train_plan {
    train_item *items;   /* (count), owned */
    int count, originals;
    int per_class[2];
    int cases_per_class[2];
} train_plan;

/* Fails when a class has no study (nothing to balance with) or labels are not 0/1. */
pc_status train_plan_build(pc_ctx *ctx, const int *labels, int n, int augment, double max_angle, uint64_t seed,
                           train_plan *out);
void train_plan_free(train_plan *plan);

#endif
