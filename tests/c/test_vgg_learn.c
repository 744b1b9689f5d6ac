/* test_vgg_learn.c: the engine learns. A small-width VGG16 trained from scratch (Keras init,
 * Adam defaults, dropout 0.5, batch 16) on small synthetic montages of an easy task must
 * drive the loss down and reach > 95% training accuracy (dropout off) within a bounded
 * number of steps.
 *
 * The task mimics the paper's input: a 2 x 2 montage of 24 x 24 "polar maps" (bright discs
 * with a radial profile and random brightness, hue and noise; columns stress | rest). CAD
 * cases carry a dark sector (a perfusion defect of random position and width) in the
 * stress maps only (a reversible defect); normal cases have none. */
#include <stdint.h>

#include "check.h"
#include "polarcad.h"
/* internal headers this file needs beyond the public API */
#include "base/rng.h"

enum { TILE = 24, SIDE = 2 * TILE, N_IMAGES = 64, BATCH = 16, MAX_STEPS = 400 };

static void draw_tile(uint8_t *rgb, int top, int left, int defect, float defect_angle, float defect_width,
                      float gain, float hue, pc_rng *rng)
{
    const float c = (TILE - 1) / 2.0f, radius = TILE * 0.45f;
    for (int y = 0; y < TILE; y++)
        for (int x = 0; x < TILE; x++) {
            float dy = y - c, dx = x - c, r = sqrtf(dx * dx + dy * dy) / radius;
            float v = 0.0f;
            if (r <= 1.0f) {
                v = gain * (0.55f + 0.45f * (1.0f - r * r));
                float a = atan2f(dy, dx), d = fabsf(remainderf(a - defect_angle, 6.2831853f));
                if (defect && d < defect_width && r > 0.2f) v *= 0.25f;
            }
            v += pc_rng_range(rng, -0.04f, 0.04f);
            v = v < 0 ? 0 : v > 1 ? 1 : v;
            uint8_t *p = rgb + ((size_t)(top + y) * SIDE + (size_t)(left + x)) * 3;
            p[0] = (uint8_t)(255.0f * v);
            p[1] = (uint8_t)(255.0f * v * (0.5f + 0.5f * hue));
            p[2] = (uint8_t)(255.0f * v * (1.0f - 0.6f * hue));
        }
}

int main(void)
{
    pc_rng rng;
    pc_rng_seed(&rng, 42, 5);
    pc_ctx *ctx = pc_ctx_create();
    const size_t img = (size_t)SIDE * SIDE * 3;
    float *x = malloc(N_IMAGES * img * sizeof(float));
    uint8_t *rgb = malloc(img);
    int labels[N_IMAGES];
    for (int i = 0; i < N_IMAGES; i++) {
        labels[i] = i % 2;
        float angle = pc_rng_range(&rng, -3.14159f, 3.14159f), width = pc_rng_range(&rng, 0.5f, 0.9f);
        float hue = pc_rng_uniform(&rng);
        for (int t = 0; t < 4; t++)   /* tiles: row 0 NAC, row 1 AC; column 0 stress, column 1 rest */
            draw_tile(rgb, (t / 2) * TILE, (t % 2) * TILE, labels[i] && t % 2 == 0, angle, width,
                      pc_rng_range(&rng, 0.7f, 1.0f), hue, &rng);
        pc_vgg_preprocess(rgb, SIDE, SIDE, x + (size_t)i * img);
    }

    pc_vgg_config cfg;
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.height = SIDE, cfg.width = SIDE, cfg.width_mult = 1.0f / 16.0f;   /* 4, 8, 16, 32, 32 channels */
    cfg.dense1 = 64, cfg.dense2 = 32;
    cfg.trainable_convs = PC_VGG_ALL_CONVS, cfg.batch = BATCH, cfg.seed = 3;
    cfg.kernels.threads = 1;   /* tiny layers: thread hand-off would cost more than it saves */
    pc_vgg *m = NULL;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_OK);
    if (!m) return check_finish("test_vgg_learn");

    float *batch = malloc(BATCH * img * sizeof(float)), probs[N_IMAGES * 2];
    int blabels[BATCH], order[N_IMAGES];
    for (int i = 0; i < N_IMAGES; i++) order[i] = i;
    double first_loss = 0, last_loss = 0, accuracy = 0;
    int step = 0, epoch_pos = N_IMAGES;
    for (step = 1; step <= MAX_STEPS; step++) {
        if (epoch_pos + BATCH > N_IMAGES) {   /* reshuffle every epoch */
            for (int i = N_IMAGES - 1; i > 0; i--) {
                int j = (int)pc_rng_below(&rng, (uint32_t)(i + 1)), t = order[i];
                order[i] = order[j], order[j] = t;
            }
            epoch_pos = 0;
        }
        for (int b = 0; b < BATCH; b++) {
            int i = order[epoch_pos + b];
            memcpy(batch + (size_t)b * img, x + (size_t)i * img, img * sizeof(float));
            blabels[b] = labels[i];
        }
        epoch_pos += BATCH;
        pc_vgg_step_result r;
        if (pc_vgg_train_step(ctx, m, batch, 0, blabels, BATCH, &r)) break;
        if (step <= 4) first_loss += r.loss / 4;
        if (step % 20 == 0) {
            int correct = 0;
            CHECK_INT(pc_vgg_predict(ctx, m, x, N_IMAGES, probs, NULL), PC_STATUS_OK);
            double loss = 0;
            for (int i = 0; i < N_IMAGES; i++) {
                correct += (probs[2 * i + 1] > probs[2 * i]) == (labels[i] == 1);
                loss -= log(fmax(probs[2 * i + labels[i]], 1e-12));
            }
            accuracy = (double)correct / N_IMAGES, last_loss = loss / N_IMAGES;
            printf("step %3d: training accuracy %.3f, loss %.4f\n", step, accuracy, last_loss);
            if (accuracy > 0.95 && last_loss < 0.5 * first_loss) break;   /* both, not whichever comes first */
        }
    }
    printf("reached %.1f%% training accuracy after %d steps (loss %.4f -> %.4f)\n", 100 * accuracy, step, first_loss,
           last_loss);
    CHECK(accuracy > 0.95);
    CHECK(step <= MAX_STEPS);
    CHECK(last_loss < 0.5 * first_loss);
    free(x), free(rgb), free(batch);
    pc_vgg_free(m);
    pc_ctx_free(ctx);
    return check_finish("test_vgg_learn");
}
