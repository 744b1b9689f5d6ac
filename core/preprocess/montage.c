/* montage.c: tiles placed into the dataset's montage (see montage.h). */
#include "montage.h"

#include <string.h>

pc_status pc_montage_assemble(pc_ctx *ctx, pc_dataset dataset, const pc_image *const tiles[PC_MAP_COUNT],
                              pc_image *montage_out)
{
    if (dataset < 0 || dataset >= PC_DATASET_COUNT)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "montage: unknown dataset %d", (int)dataset);
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        int top, left;
        if (!pc_montage_tile_origin(dataset, (pc_map)m, &top, &left)) continue;
        if (!tiles[m] || !tiles[m]->rgb)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "montage %s: the %s map is missing",
                           pc_dataset_name(dataset), pc_map_name((pc_map)m));
    }
    int height, width;
    pc_montage_size(dataset, &height, &width);
    pc_image montage = {0};
    pc_status status = pc_image_create(ctx, width, height, &montage);
    if (status) return status;

    for (int m = 0; m < PC_MAP_COUNT; m++) {
        int top, left;
        if (!pc_montage_tile_origin(dataset, (pc_map)m, &top, &left)) continue;
        const pc_image *tile = tiles[m];
        pc_image resized = {0};
        if (tile->width != PC_TILE_SIZE || tile->height != PC_TILE_SIZE) {
            status = pc_image_resize(ctx, tile, PC_TILE_SIZE, PC_TILE_SIZE, PC_RESIZE_AUTO, &resized);
            if (status) { pc_image_free(&montage); return status; }
            tile = &resized;
        }
        for (int y = 0; y < PC_TILE_SIZE; y++)
            memcpy(montage.rgb + ((size_t)(top + y) * (size_t)width + (size_t)left) * 3,
                   tile->rgb + (size_t)y * PC_TILE_SIZE * 3, PC_TILE_SIZE * 3);
        pc_image_free(&resized);
    }
    *montage_out = montage;
    return PC_STATUS_OK;
}
