/* test_gradcam.c: Grad-CAM heat and territory shares on cases whose answer is known by
 * construction.
 *
 *   1. The weighting itself on a 2 x 2 x 2 layer worked out by hand (means, sum, ReLU).
 *   2. A VGG16 whose weights are set so that only input channel 0 can raise the CAD score:
 *      every conv passes channels 0 and 1 through unchanged (centre tap 1), the head reads
 *      channel 0 only (logit[cad] = global max of channel 0, logit[no_cad] = 0). The input
 *      has a blob of channel 0 in the anteroseptal (LAD) wall of the rest AC map, and a brighter
 *      but irrelevant channel 1 over the whole stress NAC map: the heat must land on the
 *      blob, none on stress NAC, and the LAD must hold the study's heat.
 *   3. Territory shares of hand-made heat maps: one territory lit, a uniform disc (shares =
 *      the territories' areas, 7/17, 5/17, 5/17 on equal-area rings), nothing, negative heat
 *      and heat outside the disc (both ignored).
 *   4. The overlay picture's size and argument checks (PC_GRADCAM_PNG=DIR writes it to look at). */
#include <stdint.h>

#include "check.h"
#include "polarcad.h"

static void test_weighting(void)
{
    /* act (h=1, w=2, c=2): p0 = (1, 2), p1 = (3, 0); grad: p0 = (1, -2), p1 = (3, -4) */
    const float act[4] = {1, 2, 3, 0}, grad[4] = {1, -2, 3, -4};
    float w[2], cam[2];
    pc_gradcam_from_gradient(act, grad, 1, 2, 2, w, cam);
    CHECK_NEAR(w[0], 2.0, 1e-6);    /* (1 + 3) / 2 */
    CHECK_NEAR(w[1], -3.0, 1e-6);   /* (-2 - 4) / 2 */
    CHECK_NEAR(cam[0], 0.0, 1e-6);  /* 2*1 - 3*2 = -4 -> ReLU 0 */
    CHECK_NEAR(cam[1], 6.0, 1e-6);  /* 2*3 - 3*0 */
}

/* Sets every parameter of m to 0 except the pass-through convs and the channel-0 head. */
static void make_channel0_detector(pc_vgg *m)
{
    for (size_t t = 0; t < pc_vgg_tensor_count(m); t++) {
        pc_vgg_tensor v;
        pc_vgg_tensor_get(m, t, &v);
        memset(v.data, 0, v.count * sizeof(float));
        if (v.ndim == 4) {   /* HWIO (3, 3, CI, CO): centre tap, channel k -> channel k for k < 2 */
            size_t ci = v.dims[2], co = v.dims[3];
            for (size_t k = 0; k < 2 && k < ci && k < co; k++) v.data[((1 * 3 + 1) * ci + k) * co + k] = 1.0f;
        } else if (v.ndim == 2) {   /* dense (I, O): unit 0 -> unit 0; the last layer: unit 0 -> class 1 */
            int last = strcmp(v.layer, "dense_2") == 0;
            v.data[last ? 1 : 0] = 1.0f;
        }
    }
    pc_vgg_sync_weights(m);
}

static void test_known_network(pc_ctx *ctx)
{
    pc_vgg_config cfg;
    pc_vgg_config_default(&cfg, PC_VGG16);
    cfg.width_mult = 1.0f / 32.0f;   /* 2, 4, 8, 16, 16 channels */
    cfg.dense1 = 4, cfg.dense2 = 4, cfg.dropout = 0, cfg.batch = 1, cfg.kernels.threads = 1;
    pc_vgg *m = NULL;
    CHECK_INT(pc_vgg_create(ctx, &cfg, &m), PC_STATUS_OK);
    if (!m) return;
    make_channel0_detector(m);
    CHECK(strcmp(pc_gradcam_layer(m), "block5_conv3") == 0);

    const int H = 300, W = 300;
    float *x = calloc((size_t)H * W * 3, sizeof(float));
    const pc_disc disc = pc_disc_of_tile(PC_TILE_SIZE);
    double bx, by;   /* the blob: rest AC tile (top 150, left 150), anteroseptal wall, the LAD core (theta 125, rho 0.5) */
    pc_polar_to_point(&disc, 0.5, 125.0, &bx, &by);
    for (int y = 0; y < PC_TILE_SIZE; y++)
        for (int xx = 0; xx < PC_TILE_SIZE; xx++) {
            double dx = xx + 0.5 - bx, dy = y + 0.5 - by;
            if (dx * dx + dy * dy < 8.0 * 8.0) x[(((size_t)150 + y) * W + 150 + xx) * 3 + 0] = 1.0f;
            if (pc_segment_of_pixel(&disc, PC_RINGS_EQUAL_WIDTH, xx, y)) x[((size_t)y * W + xx) * 3 + 1] = 5.0f;
        }
    pc_gradcam g;
    CHECK_INT(pc_gradcam_explain(ctx, m, x, PC_DATASET_ACNAC, PC_GRADCAM_PREDICTED, PC_RINGS_EQUAL_WIDTH, &g),
              PC_STATUS_OK);
    CHECK_INT(g.class_index, 1);
    CHECK_NEAR(g.probs[1], 1.0 / (1.0 + exp(-1.0)), 1e-5);   /* logits (0, 1) */
    CHECK(g.mass > 0 && g.max_heat > 0);
    printf("known network: map shares %.4f %.4f %.4f %.4f, study LAD %.4f LCx %.4f RCA %.4f\n", g.map_share[0],
           g.map_share[1], g.map_share[2], g.map_share[3], g.study_share[0], g.study_share[1], g.study_share[2]);
    CHECK(g.map_share[PC_MAP_REST_AC] > 0.95);
    CHECK(g.map_share[PC_MAP_STRESS_NAC] == 0.0);   /* channel 1 does not count, however bright */
    CHECK(g.share[PC_MAP_REST_AC][PC_TERRITORY_LAD] > 0.9);
    CHECK(g.study_share[PC_TERRITORY_LAD] > 0.9);
    CHECK(pc_gradcam_top_territory(g.study_share) == PC_TERRITORY_LAD);
    /* The heat's centre of mass lies near the blob. (Not its hottest pixel: one activation
     * cell upsampled bilinearly is a plateau, and which pixel of a plateau wins is decided by
     * rounding, so it moves with the kernels' summation order.) */
    const float *t = g.tile_heat[PC_MAP_REST_AC];
    double sum = 0, hx = 0, hy = 0;
    for (size_t i = 0; i < (size_t)PC_TILE_SIZE * PC_TILE_SIZE; i++) {
        sum += t[i];
        hx += t[i] * ((double)(i % PC_TILE_SIZE) + 0.5);
        hy += t[i] * ((double)(i / PC_TILE_SIZE) + 0.5);
    }
    CHECK(sum > 0);
    if (sum > 0) hx /= sum, hy /= sum;
    printf("heat centre (%.1f, %.1f), blob (%.1f, %.1f)\n", hx, hy, bx, by);
    CHECK(hypot(hx - bx, hy - by) < 20.0);   /* within about one block5 cell: 300 / 18 = 16.7 px */
    pc_gradcam_free(&g);

    /* No CAD: logit[no_cad] is 0 whatever the input, so there is no evidence for it anywhere. */
    CHECK_INT(pc_gradcam_explain(ctx, m, x, PC_DATASET_ACNAC, 0, PC_RINGS_EQUAL_WIDTH, &g), PC_STATUS_OK);
    CHECK_INT(g.class_index, 0);
    CHECK(g.mass == 0.0 && g.max_heat == 0.0 && g.study_share[0] == 0.0 && g.map_share[3] == 0.0);
    pc_gradcam_free(&g);

    /* A 300 x 300 model cannot explain a 150 x 300 montage; nor a class it does not have. */
    CHECK_INT(pc_gradcam_explain(ctx, m, x, PC_DATASET_AC, PC_GRADCAM_PREDICTED, PC_RINGS_EQUAL_WIDTH, &g),
              PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "the model takes 300 x 300 images, the ac montage is 150 x 300");
    CHECK_INT(pc_gradcam_explain(ctx, m, x, PC_DATASET_ACNAC, 2, PC_RINGS_EQUAL_WIDTH, &g),
              PC_STATUS_INVALID_ARGUMENT);
    free(x);
    pc_vgg_free(m);
}

static void test_territory_shares(pc_ctx *ctx)
{
    const int H = 300, W = 300, S = PC_TILE_SIZE;
    float *heat = calloc((size_t)H * W, sizeof(float));
    const pc_disc disc = pc_disc_of_tile(S);
    const pc_ring_layout L = PC_RINGS_EQUAL_AREA;
    for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++) {
            int seg = pc_segment_of_pixel(&disc, L, x, y);
            if (seg && pc_segment_territory(seg) == PC_TERRITORY_RCA) heat[(size_t)y * W + x] = 2.0f;   /* stress NAC */
            heat[(size_t)y * W + 150 + x] = 1.0f;                                       /* rest NAC: everywhere */
            heat[((size_t)150 + y) * W + 150 + x] = -3.0f;                              /* rest AC: negative */
        }
    heat[0] = 100.0f;   /* stress NAC's corner, outside the disc */
    pc_gradcam g;
    CHECK_INT(pc_gradcam_from_heat(ctx, heat, H, W, PC_DATASET_ACNAC, L, &g), PC_STATUS_OK);
    CHECK_NEAR(g.share[PC_MAP_STRESS_NAC][PC_TERRITORY_RCA], 1.0, 1e-12);
    CHECK_NEAR(g.share[PC_MAP_REST_NAC][PC_TERRITORY_LAD], 7.0 / 17.0, 0.01);
    CHECK_NEAR(g.share[PC_MAP_REST_NAC][PC_TERRITORY_LCX], 5.0 / 17.0, 0.01);
    CHECK_NEAR(g.share[PC_MAP_REST_NAC][PC_TERRITORY_RCA], 5.0 / 17.0, 0.01);
    for (int k = 0; k < PC_TERRITORY_COUNT; k++) {
        CHECK(g.share[PC_MAP_STRESS_AC][k] == 0.0);   /* no heat */
        CHECK(g.share[PC_MAP_REST_AC][k] == 0.0);     /* negative heat is no evidence */
    }
    CHECK(g.tile_heat[PC_MAP_STRESS_NAC][0] == 0.0f);   /* masked to the disc */
    CHECK_NEAR(g.max_heat, 2.0, 0);
    /* Study: stress NAC holds 2 x (5/17) of a disc's area in RCA, rest NAC 1 x a disc. */
    double rca = 2.0 * 5.0 / 17.0, total = rca + 1.0;
    CHECK_NEAR(g.map_share[PC_MAP_STRESS_NAC], rca / total, 0.01);
    CHECK_NEAR(g.study_share[PC_TERRITORY_RCA], (rca + 5.0 / 17.0) / total, 0.01);
    double sum = 0, msum = 0;
    for (int k = 0; k < PC_TERRITORY_COUNT; k++) sum += g.study_share[k];
    for (int m = 0; m < PC_MAP_COUNT; m++) msum += g.map_share[m];
    CHECK_NEAR(sum, 1.0, 1e-12);
    CHECK_NEAR(msum, 1.0, 1e-12);
    CHECK(pc_gradcam_top_territory(g.study_share) == PC_TERRITORY_RCA);

    /* The overlay of the rest NAC map. */
    pc_image tile = {0}, pic = {0};
    CHECK_INT(pc_image_create(ctx, S, S, &tile), PC_STATUS_OK);
    for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++)
            if (pc_segment_of_pixel(&disc, L, x, y)) memset(tile.rgb + ((size_t)y * S + x) * 3, 180, 3);
    CHECK_INT(pc_gradcam_overlay(ctx, &tile, g.tile_heat[PC_MAP_STRESS_NAC], g.max_heat, L, "STRESS NAC", 2, &pic),
              PC_STATUS_OK);
    CHECK(pic.width > 2 * 2 * S && pic.height > 2 * S);
    const char *dir = getenv("PC_GRADCAM_PNG");
    if (dir) {
        char path[512];
        snprintf(path, sizeof path, "%s/hand_made_rca.png", dir);
        CHECK_INT(pc_image_write_file(ctx, &pic, path, 95), PC_STATUS_OK);
    }
    pc_image_free(&pic);
    CHECK_INT(pc_gradcam_overlay(ctx, &tile, g.tile_heat[0], g.max_heat, L, "X", 9, &pic), PC_STATUS_INVALID_ARGUMENT);
    pc_image_free(&tile);
    pc_gradcam_free(&g);

    /* AC montage: only the AC maps have tiles. */
    CHECK_INT(pc_gradcam_from_heat(ctx, heat, 150, 300, PC_DATASET_AC, L, &g), PC_STATUS_OK);
    CHECK(g.tile_heat[PC_MAP_STRESS_AC] && g.tile_heat[PC_MAP_REST_AC] && !g.tile_heat[PC_MAP_STRESS_NAC]);
    pc_gradcam_free(&g);
    CHECK_INT(pc_gradcam_from_heat(ctx, heat, 300, 300, PC_DATASET_NAC, L, &g), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "a 300 x 300 heat map for the 150 x 300 nac montage");
    free(heat);
}

int main(void)
{
    pc_ctx *ctx = pc_ctx_create();
    test_weighting();
    test_known_network(ctx);
    test_territory_shares(ctx);
    pc_ctx_free(ctx);
    return check_finish("test_gradcam");
}
