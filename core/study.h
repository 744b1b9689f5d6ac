/* study.h: the domain's own vocabulary, which every part of the core below the CLI shares.
 *
 * A study is one patient case with four polar maps (bullseye plots): stress and rest,
 * without and with attenuation correction (NAC / AC). The paper's three datasets pick
 * some of them and tile them, each 150 x 150, into one montage image, columns
 * stress | rest and rows NAC then AC (docs/pipeline.md):
 *     acnac  300 x 300   row 0: stress_nac rest_nac   row 1: stress_ac rest_ac
 *     ac     150 x 300   stress_ac rest_ac
 *     nac    150 x 300   stress_nac rest_nac
 * The sex of the patient selects the per-sex normal database of the semi-quantitative
 * analysis. Nothing here allocates or fails. */
#ifndef PC_STUDY_H
#define PC_STUDY_H

/* Side in pixels of one map's tile in the montage, as in the paper. */
enum { PC_TILE_SIZE = 150 };

/* The four maps of a study; the order is the manifest's column order. */
typedef enum pc_map {
    PC_MAP_STRESS_NAC = 0,
    PC_MAP_REST_NAC,
    PC_MAP_STRESS_AC,
    PC_MAP_REST_AC,
    PC_MAP_COUNT
} pc_map;

typedef enum pc_dataset {
    PC_DATASET_ACNAC = 0,
    PC_DATASET_AC,
    PC_DATASET_NAC,
    PC_DATASET_COUNT
} pc_dataset;

typedef enum pc_sex {
    PC_SEX_UNKNOWN = 0,
    PC_SEX_MALE,
    PC_SEX_FEMALE,
    PC_SEX_COUNT
} pc_sex;

/* "stress_nac", "rest_nac", "stress_ac", "rest_ac" (the manifest's column names). */
const char *pc_map_name(pc_map map);
/* "acnac", "ac", "nac". */
const char *pc_dataset_name(pc_dataset dataset);
/* Parses a dataset name; returns 1 and sets *dataset_out, or 0 for an unknown name. */
int pc_dataset_parse(const char *name, pc_dataset *dataset_out);
/* Whether the dataset uses the map. */
int pc_dataset_uses_map(pc_dataset dataset, pc_map map);

/* Montage size in pixels. */
void pc_montage_size(pc_dataset dataset, int *height_out, int *width_out);
/* Whether the dataset uses a map, and if so its tile's top-left corner. */
int pc_montage_tile_origin(pc_dataset dataset, pc_map map, int *top_out, int *left_out);

/* "unknown", "M", "F". */
const char *pc_sex_name(pc_sex sex);
/* Parses M, F, male, female (any case) and "" (unknown); returns 0 for anything else. */
int pc_sex_parse(const char *text, pc_sex *sex_out);

#endif
