/* manifest.h: manifest.csv, the one input format for data sets (docs/pipeline.md 3).
 *
 *     case_id,label,stress_nac,rest_nac,stress_ac,rest_ac[,sex][,anything else]
 *     c0001,1,c0001/stress_nac.png,c0001/rest_nac.png,c0001/stress_ac.png,c0001/rest_ac.png
 *
 * UTF-8 (a leading byte-order mark is skipped), a header row, comma-separated fields,
 * RFC 4180 quoting ("a, b" and "say ""hi""", line breaks allowed inside quotes), LF or
 * CRLF line ends, blank lines ignored. Columns may come in any order; extra columns are
 * allowed and ignored except `sex` (M/F, male/female, any case; empty = unknown), which
 * the semi-quantitative normal database uses when present. label is 0 (no CAD) or 1
 * (flow-limiting CAD on angiography). Image paths are relative to the manifest's folder
 * (absolute paths are kept as they are).
 *
 * Errors name the manifest and the line of the record ("cohort/manifest.csv line 7: label
 * 'yes' must be 0 or 1"). Parsing works on bytes and compiles everywhere; only
 * pc_manifest_read touches the file system (it also checks that every image exists). */
#ifndef PC_IO_MANIFEST_H
#define PC_IO_MANIFEST_H

#include <stddef.h>

#include "../base/status.h"
#include "../study.h"

enum { PC_MANIFEST_MAX_CASES = 1000000 };

typedef struct pc_manifest_case {
    char *case_id;
    int label;                  /* 0 or 1 */
    pc_sex sex;                 /* PC_SEX_UNKNOWN without a sex column */
    char *path[PC_MAP_COUNT];   /* index pc_map; joined with the manifest's folder; NULL for a
                                   map the reader did not need and the manifest left out */
    int line;                   /* line of the manifest where the record starts (1 = header) */
} pc_manifest_case;

typedef struct pc_manifest {
    int count;
    pc_manifest_case *cases;   /* (count), owned */
    int has_sex;               /* the header has a sex column */
} pc_manifest;

/* Parses manifest text. name labels messages; folder (may be NULL or "") is joined in
 * front of relative image paths. Checks: the required columns are present exactly once,
 * every record has as many fields as the header, case_id is non-empty and unique, label
 * is 0 or 1, sex is valid, no image path is empty, and there is at least one case.
 * *out is untouched on failure. */
pc_status pc_manifest_parse(pc_ctx *ctx, const char *text, size_t size, const char *name, const char *folder,
                            pc_manifest *out);

/* Reads path (at most 64 MiB), parses it with the file's folder, and checks that every
 * image file exists ("manifest.csv line 12: stress_ac file c0011/stress_ac.png: No such
 * file or directory"). Native only in practice (the page has no file system). */
pc_status pc_manifest_read(pc_ctx *ctx, const char *path, pc_manifest *out);

/* The same for a data set that reads only some maps (train and predict --data for an ac or
 * nac model): maps is a mask of (1u << pc_map), e.g. pc_manifest_maps_for(PC_DATASET_AC).
 * The columns and paths of the other maps may be absent or empty (their path is then NULL)
 * and are not checked for existence; the needed ones are checked as above. */
enum { PC_MANIFEST_ALL_MAPS = (1u << PC_MAP_COUNT) - 1u };
unsigned pc_manifest_maps_for(pc_dataset dataset);
pc_status pc_manifest_parse_maps(pc_ctx *ctx, const char *text, size_t size, const char *name, const char *folder,
                                 unsigned maps, pc_manifest *out);
pc_status pc_manifest_read_maps(pc_ctx *ctx, const char *path, unsigned maps, pc_manifest *out);

void pc_manifest_free(pc_manifest *manifest);

#endif
