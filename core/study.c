/* study.c: names and montage geometry of a study's maps and datasets (see study.h). */
#define _POSIX_C_SOURCE 200809L   /* strcasecmp */
#include "study.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

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

int pc_dataset_parse(const char *name, pc_dataset *dataset_out)
{
    for (int d = 0; name && d < PC_DATASET_COUNT; d++)
        if (strcmp(name, dataset_names[d]) == 0) { *dataset_out = (pc_dataset)d; return 1; }
    return 0;
}

int pc_dataset_uses_map(pc_dataset dataset, pc_map map)
{
    if (map < 0 || map >= PC_MAP_COUNT || dataset < 0 || dataset >= PC_DATASET_COUNT) return 0;
    int is_ac = map == PC_MAP_STRESS_AC || map == PC_MAP_REST_AC;
    return dataset == PC_DATASET_ACNAC || (dataset == PC_DATASET_AC) == is_ac;
}

void pc_montage_size(pc_dataset dataset, int *height_out, int *width_out)
{
    *height_out = dataset == PC_DATASET_ACNAC ? 2 * PC_TILE_SIZE : PC_TILE_SIZE;
    *width_out = 2 * PC_TILE_SIZE;
}

int pc_montage_tile_origin(pc_dataset dataset, pc_map map, int *top_out, int *left_out)
{
    if (!pc_dataset_uses_map(dataset, map)) return 0;
    int is_ac = map == PC_MAP_STRESS_AC || map == PC_MAP_REST_AC;
    int is_rest = map == PC_MAP_REST_NAC || map == PC_MAP_REST_AC;
    *left_out = is_rest ? PC_TILE_SIZE : 0;
    *top_out = dataset == PC_DATASET_ACNAC && is_ac ? PC_TILE_SIZE : 0;
    return 1;
}

const char *pc_sex_name(pc_sex sex)
{
    return sex == PC_SEX_MALE ? "M" : sex == PC_SEX_FEMALE ? "F" : "unknown";
}

int pc_sex_parse(const char *text, pc_sex *sex_out)
{
    if (!text) return 0;
    if (!text[0]) { *sex_out = PC_SEX_UNKNOWN; return 1; }
    if (strcasecmp(text, "m") == 0 || strcasecmp(text, "male") == 0) { *sex_out = PC_SEX_MALE; return 1; }
    if (strcasecmp(text, "f") == 0 || strcasecmp(text, "female") == 0) { *sex_out = PC_SEX_FEMALE; return 1; }
    return 0;
}
