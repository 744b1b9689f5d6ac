/* make_seeds.c: writes the fuzzers' seeds that only polarcad itself can write (a model
 * file, a normal database), in their real formats, small. Run once by hand; its output is
 * committed in tests/fuzz/corpus/ (the images come from make_seeds.py, the manifests are
 * written by hand):
 *
 *     build/fuzz/tests/fuzz/make_seeds tests/fuzz/corpus */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "polarcad.h"

static int write_file(pc_ctx *ctx, const char *folder, const char *name, const void *bytes, size_t size)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    return pc_file_write_atomic(ctx, path, bytes, size) != PC_STATUS_OK;
}

/* The smallest VGG16 the format allows: 32 x 32 input, 1, 2, 4, 8, 8 channels, head 4/4/2. */
static int model_seed(pc_ctx *ctx, const char *folder, pc_vgg_arch arch, const char *name)
{
    pc_vgg_config cfg;
    pc_vgg_config_default(&cfg, arch);
    cfg.height = 32, cfg.width = 32, cfg.width_mult = 1.0f / 64.0f, cfg.dense1 = 4, cfg.dense2 = 4, cfg.batch = 1;
    pc_vgg *m = NULL;
    pc_model_info info = {0};
    uint8_t *bytes = NULL;
    size_t size = 0;
    int bad = pc_vgg_create(ctx, &cfg, &m) || pc_model_info_init(ctx, &cfg, &info) ||
              pc_model_info_set_metadata(ctx, &info, "{\"trained_on\": \"synthetic\", \"folds\": [1, 2.5e0, null, true]}") ||
              pc_model_encode(ctx, m, &info, &bytes, &size) || write_file(ctx, folder, name, bytes, size);
    free(bytes);
    pc_model_info_free(&info);
    pc_vgg_free(m);
    return bad;
}

/* A database with plausible numbers (and one empty group of NaNs, as a small cohort has). */
static int normals_seed(pc_ctx *ctx, const char *folder)
{
    pc_normals *nd = calloc(1, sizeof *nd);
    if (!nd) return 1;
    for (int m = 0; m < PC_MAP_COUNT; m++)
        for (int s = 0; s < PC_SEX_COUNT; s++) {
            pc_normal_group *g = &nd->group[m][s];
            g->n = m == 0 && s == 2 ? 0 : 20 + m + s;
            for (int i = 0; i < PC_SEGMENT_COUNT; i++) {
                g->seg_mean[i] = g->n ? 70.0f + (float)i : NAN, g->seg_sd[i] = g->n ? 5.5f : NAN;
                g->segmin_mean[i] = g->n ? 55.0f + (float)i : NAN, g->segmin_sd[i] = g->n ? 7.25f : NAN;
            }
            for (int b = 0; b < PC_GRID_BINS; b++)
                g->grid_mean[b] = g->n ? 60.0f + (float)(b % 37) : NAN, g->grid_sd[b] = g->n ? 6.0f : NAN;
        }
    char *text = NULL;
    size_t size = 0;
    int bad = pc_normals_format(ctx, nd, &text, &size) || write_file(ctx, folder, "fuzz_normals/normals.db", text, size);
    free(text);
    free(nd);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_seeds CORPUS_FOLDER\n");
        return 2;
    }
    pc_ctx *ctx = pc_ctx_create();
    int bad = model_seed(ctx, argv[1], PC_VGG16, "fuzz_model_file/vgg16-tiny.pcm") ||
              model_seed(ctx, argv[1], PC_VGG19, "fuzz_model_file/vgg19-tiny.pcm") || normals_seed(ctx, argv[1]);
    if (bad) fprintf(stderr, "make_seeds: %s\n", pc_ctx_last_error(ctx));
    pc_ctx_free(ctx);
    return bad;
}
