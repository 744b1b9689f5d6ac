/* make_test_model.c: writes a model file for the command-line tests, as `polarcad train`
 * will but from a random (Glorot) initialisation: make_test_model OUT DATASET|none HEIGHT
 * WIDTH WIDTH_MULT SEED [METADATA_JSON]. Small width multipliers keep the tests fast. */
#include <stdio.h>
#include <stdlib.h>

#include "polarcad.h"

int main(int argc, char **argv)
{
    if (argc < 7) {
        fprintf(stderr, "usage: make_test_model OUT DATASET|none HEIGHT WIDTH WIDTH_MULT SEED [METADATA_JSON]\n");
        return 2;
    }
    pc_vgg_config cfg;
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.height = atoi(argv[3]), cfg.width = atoi(argv[4]), cfg.width_mult = (float)atof(argv[5]);
    cfg.seed = (uint64_t)atoll(argv[6]);
    cfg.batch = 1, cfg.trainable_convs = 0, cfg.dense1 = 32, cfg.dense2 = 16;
    pc_ctx *ctx = pc_ctx_create();
    pc_vgg *m = NULL;
    pc_model_info info = {0};
    pc_dataset dataset = PC_DATASET_ACNAC;
    int ok = pc_vgg_create(ctx, &cfg, &m) == PC_STATUS_OK && pc_model_info_init(ctx, &cfg, &info) == PC_STATUS_OK;
    if (ok && pc_dataset_parse(argv[2], &dataset)) info.dataset = (int)dataset;
    /* Small non-zero biases: with Glorot kernels and zero biases a random network's two logits
     * sit so close that every P(CAD) is about 0.5, which tests nothing. */
    for (size_t t = 0; ok && t < pc_vgg_tensor_count(m); t++) {
        pc_vgg_tensor v;
        pc_vgg_tensor_get(m, t, &v);
        for (size_t i = 0; v.ndim == 1 && i < v.count; i++) v.data[i] = 0.05f * (float)((i * 7 + t) % 5) - 0.08f;
    }
    if (ok) pc_vgg_sync_weights(m);
    ok = ok && (argc < 8 || pc_model_info_set_metadata(ctx, &info, argv[7]) == PC_STATUS_OK) &&
         pc_model_save(ctx, m, &info, argv[1]) == PC_STATUS_OK;
    if (!ok) fprintf(stderr, "make_test_model: %s\n", pc_ctx_last_error(ctx));
    pc_vgg_free(m);
    pc_model_info_free(&info);
    pc_ctx_free(ctx);
    return ok ? 0 : 1;
}
