/* make_fold_files.c: fold result files as `polarcad cv --fold k` would write them, with a
 * known P(CAD), for the report's command-line tests:
 *   make_fold_files MANIFEST DIR K SEED  ->  DIR/fold-01.csv .. DIR/fold-KK.csv
 * P(CAD) of case i (manifest order): CAD 0.55 + 0.4 (i % 5) / 4, except every 4th CAD case
 * 0.35; no CAD 0.05 + 0.4 (i % 5) / 4, except every 3rd no-CAD case 0.6. So some of each
 * class are miscalled at 0.5, and the ranking is not perfect. */
#include <stdio.h>
#include <stdlib.h>

#include "polarcad.h"

int main(int argc, char **argv)
{
    if (argc != 5) { fprintf(stderr, "usage: make_fold_files MANIFEST DIR K SEED\n"); return 2; }
    pc_ctx *ctx = pc_ctx_create();
    pc_manifest mf = {0};
    uint8_t *bytes = NULL;
    size_t size = 0;
    int k = atoi(argv[3]);
    if (pc_file_read(ctx, argv[1], 1 << 26, &bytes, &size) || pc_manifest_read(ctx, argv[1], &mf)) {
        fprintf(stderr, "make_fold_files: %s\n", pc_ctx_last_error(ctx));
        return 1;
    }
    int n = mf.count, *labels = malloc(sizeof(int) * n), *folds = malloc(sizeof(int) * n), cad = 0, no_cad = 0;
    double *p = malloc(sizeof(double) * n);
    const char **ids = malloc(sizeof(char *) * n);
    for (int i = 0; i < n; i++) {
        labels[i] = mf.cases[i].label;
        if (labels[i]) p[i] = cad++ % 4 == 3 ? 0.35 : 0.55 + 0.4 * (i % 5) / 4;
        else p[i] = no_cad++ % 3 == 2 ? 0.6 : 0.05 + 0.4 * (i % 5) / 4;
    }
    char config[256];
    snprintf(config, sizeof config, "manifest_crc32=%08x cases=%d dataset=acnac arch=vgg16 trainable=4 augment=1000 "
             "epochs=8 batch=16 lr=0.0001 seed=%s weights=none", (unsigned)pc_fold_manifest_crc32(bytes, size), n,
             argv[4]);
    int rc = pc_folds_stratified(ctx, labels, n, k, (uint64_t)atoll(argv[4]), folds) != PC_STATUS_OK;
    for (int f = 0; f < k && !rc; f++) {
        int m = 0, l[4096];
        double q[4096];
        for (int i = 0; i < n; i++)
            if (folds[i] == f) {
                ids[m] = mf.cases[i].case_id;
                l[m] = labels[i];
                q[m++] = p[i];
            }
        char *text = NULL, path[4096];
        snprintf(path, sizeof path, "%s/fold-%02d.csv", argv[2], f + 1);
        rc = pc_fold_file_format(ctx, f + 1, k, config, ids, l, q, m, &text, &size) ||
             pc_file_write_atomic(ctx, path, text, size);
        free(text);
    }
    if (rc) fprintf(stderr, "make_fold_files: %s\n", pc_ctx_last_error(ctx));
    free(bytes);
    free(labels);
    free(folds);
    free(p);
    free(ids);
    pc_manifest_free(&mf);
    pc_ctx_free(ctx);
    return rc;
}
