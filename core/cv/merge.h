/* merge.h: the fold result files of one experiment (foldfile.h) checked against each other
 * and the manifest, and put back in manifest order.
 *
 * Checks, each failure a message naming the file and line: every fold 1..K present exactly
 * once (and in the file its name says), the same config line everywhere, the manifest's
 * CRC-32 and case count as the config says, every manifest case in exactly one fold with
 * the manifest's label and in the fold pc_folds_stratified gives it for the config's seed
 * and K (so the Semi-Q and baseline rows, computed on those folds, are on the SAME folds
 * as the network's). */
#ifndef PC_CV_MERGE_H
#define PC_CV_MERGE_H

#include <stdint.h>

#include "../io/manifest.h"
#include "foldfile.h"

typedef struct pc_cv_merged {
    int n;            /* cases, manifest order */
    int folds;        /* K */
    uint64_t seed;    /* of the fold assignment */
    char *config;     /* the config line, owned */
    int *fold;        /* (n) 0-based fold of each case, owned */
    double *p_cad;    /* (n) out-of-fold P(CAD), owned */
} pc_cv_merged;

/* files[0..count) were read from names[0..count) (the names label messages and, when they
 * end in fold-KK.csv, must agree with the fold inside). manifest_name labels the manifest
 * in messages; manifest_crc32 is pc_fold_manifest_crc32 of its bytes. *out untouched on
 * failure; free with pc_cv_merged_free. */
pc_status pc_cv_merge(pc_ctx *ctx, const pc_fold_file *files, const char *const *names, int count,
                      const pc_manifest *manifest, const char *manifest_name, uint32_t manifest_crc32,
                      pc_cv_merged *out);
void pc_cv_merged_free(pc_cv_merged *merged);

#endif
