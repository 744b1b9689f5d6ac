/* foldfile.h: the result file of one cross-validation fold, the contract between the
 * training side (`polarcad cv --fold k` writes it) and the report (`cv --merge` reads it).
 *
 *     # polarcad cv fold 3 of 10
 *     # config: manifest_crc32=1a2b3c4d cases=216 dataset=acnac arch=vgg16 trainable=4 ...
 *     case_id,label,fold,p_cad
 *     c0003,1,3,0.912345678
 *
 * DIR/fold-KK.csv (KK two digits, 1-based), UTF-8, LF line ends (CRLF is read too). One
 * row per test case of the fold in manifest order; case_id CSV-quoted when it holds a
 * comma, quote or line break; fold 1-based; p_cad in [0, 1] printed %.9f. The config line
 * is the same in every fold of one experiment: space-separated key=value pairs with
 * manifest_crc32 (8 hex digits: CRC-32 (base/crc32.h, zlib's) of the manifest file's
 * bytes), cases (the manifest's case count) and seed (of pc_folds_stratified); the rest
 * (dataset, arch, trainable, augment, epochs, batch, lr, weights) describes the model and
 * is shown in the report as it is. */
#ifndef PC_CV_FOLDFILE_H
#define PC_CV_FOLDFILE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/status.h"

typedef struct pc_fold_row {
    char *case_id;   /* owned */
    int label;       /* 0 or 1 */
    int fold;        /* 1-based, as written */
    double p_cad;
    int line;        /* line of the file */
} pc_fold_row;

typedef struct pc_fold_file {
    int fold, folds;      /* "fold 3 of 10": 1-based fold, fold count */
    char *config;         /* the config line after "# config: ", owned */
    int count;
    pc_fold_row *rows;    /* (count), owned */
} pc_fold_file;

/* Parses a fold file. name labels messages ("fold-03.csv line 5: p_cad '1.2' is not a
 * probability (0..1)"). *out untouched on failure; free with pc_fold_file_free. */
pc_status pc_fold_file_parse(pc_ctx *ctx, const char *text, size_t size, const char *name, pc_fold_file *out);
void pc_fold_file_free(pc_fold_file *file);

/* Writes the text of a fold file (new malloc'd *text_out, free()) for count rows. */
pc_status pc_fold_file_format(pc_ctx *ctx, int fold, int folds, const char *config, const char *const *case_ids,
                              const int *labels, const double *p_cad, int count, char **text_out, size_t *size_out);

/* The value of key in a config line, copied into out (cap bytes, NUL-terminated).
 * Returns 1, or 0 when the key is absent or its value does not fit. */
int pc_fold_config_value(const char *config, const char *key, char *out, size_t cap);

/* Whether two config lines name the same experiment: equal, or equal but for a weights=
 * tag that one of them wrote before polarcad named a model file by its content's CRC-32
 * (pc_train_file_crc32): every such tag ended in ":2144df1c", the CRC residue that names no
 * file, so it matches a tag of the same file name with any checksum. */
int pc_fold_config_same(const char *a, const char *b);

/* manifest_crc32 of a manifest's bytes. */
uint32_t pc_fold_manifest_crc32(const uint8_t *bytes, size_t size);

#endif
