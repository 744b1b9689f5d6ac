/* montage.c: tiles of a study into the dataset's montage (see montage.h). */
#include "montage.h"

#include <string.h>

static const char *const map_names[PC_MAP_COUNT] = {"stress_nac", "rest_nac", "stress_ac", "rest_ac"};
static const char *const dataset_names[PC_DATASET_COUNT] = {"acnac", "ac", "nac"};

const char *pc_map_name(pc_map map)
{
    return map >= 0 && map < PC_MAP_COUNT ? map_names[map] : "unknown map";
}

const char *pc_dataset_name(pc_dataset dataset)
{
    return dataset >= 0 && dataset < PC_DATASET_COUNT ? dataset_names[dataset] : "unknown dataset";
}

int pc_dataset_parse(const char *name, pc_dataset *out)
{
    for (int d = 0; name && d < PC_DATASET_COUNT; d++)
        if (strcmp(name, dataset_names[d]) == 0) { *out = (pc_dataset)d; return 1; }
    return 0;
}

void pc_montage_size(pc_dataset dataset, int *height, int *width)
{
    *height = dataset == PC_DATASET_ACNAC ? 2 * PC_TILE_SIZE : PC_TILE_SIZE;
    *width = 2 * PC_TILE_SIZE;
}

int pc_montage_tile_origin(pc_dataset dataset, pc_map map, int *top, int *left)
{
    int is_ac = map == PC_MAP_STRESS_AC || map == PC_MAP_REST_AC;
    int is_rest = map == PC_MAP_REST_NAC || map == PC_MAP_REST_AC;
    if (map < 0 || map >= PC_MAP_COUNT) return 0;
    if (dataset == PC_DATASET_AC && !is_ac) return 0;
    if (dataset == PC_DATASET_NAC && is_ac) return 0;
    *left = is_rest ? PC_TILE_SIZE : 0;
    *top = dataset == PC_DATASET_ACNAC && is_ac ? PC_TILE_SIZE : 0;
    return 1;
}

pc_status pc_montage_build(pc_ctx *ctx, pc_dataset dataset, const pc_image *const maps[PC_MAP_COUNT],
                           pc_image *out)
{
    if (dataset < 0 || dataset >= PC_DATASET_COUNT)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "montage: unknown dataset %d", (int)dataset);
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        int top, left;
        if (!pc_montage_tile_origin(dataset, (pc_map)m, &top, &left)) continue;
        if (!maps[m] || !maps[m]->rgb)
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
        const pc_image *tile = maps[m];
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
    *out = montage;
    return PC_STATUS_OK;
}
