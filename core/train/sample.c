/* sample.c: one study -> one network input: the dataset's maps turned by one angle about
 * the disc centre (the tile's centre: tiles are cut around the found disc), montaged as
 * pc_study_montage does, resized when the network's input is smaller, then Keras' "caffe"
 * preprocessing. Prediction uses angle 0, so training and prediction see the same
 * pipeline (docs/pipeline.md 1). */
#include <string.h>

#include "../preprocess/tile.h"
#include "train.h"

pc_status pc_train_sample(pc_ctx *ctx, const pc_study *study, pc_dataset dataset, double angle_deg, int height,
                          int width, float *out)
{
    pc_study turned = *study;   /* shallow: its tiles are replaced below, nothing else is read */
    pc_image rotated[PC_MAP_COUNT];
    memset(rotated, 0, sizeof rotated);
    pc_image montage = {0}, resized = {0};
    pc_status status = PC_STATUS_OK;
    for (int m = 0; m < PC_MAP_COUNT && !status && angle_deg != 0.0; m++) {
        if (!study->present[m] || !pc_dataset_uses_map(dataset, (pc_map)m)) continue;
        status = pc_tile_rotate(ctx, &study->tile[m], angle_deg, &rotated[m]);
        turned.tile[m] = rotated[m];
    }
    if (!status) status = pc_study_montage(ctx, &turned, dataset, &montage);
    const pc_image *input = &montage;
    if (!status && (montage.height != height || montage.width != width)) {
        status = pc_image_resize(ctx, &montage, width, height, PC_RESIZE_AUTO, &resized);
        input = &resized;
    }
    if (!status) pc_vgg_preprocess(input->rgb, (size_t)height, (size_t)width, out);
    pc_image_free(&resized);
    pc_image_free(&montage);
    for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&rotated[m]);
    return status;
}
