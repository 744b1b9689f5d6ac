/* gradcam.c: Grad-CAM of a montage and its territory shares (see gradcam.h). The gradient
 * itself is the network's (nn/vgg_explain.c); this file turns it into a heat map, cuts the
 * map into the study's tiles and weighs it by territory. The picture is overlay.c's. */
#include "gradcam.h"

#include <stdlib.h>
#include <string.h>

void pc_gradcam_free(pc_gradcam *g)
{
    if (!g) return;
    free(g->probs);
    free(g->heat);
    for (int m = 0; m < PC_MAP_COUNT; m++) free(g->tile_heat[m]);
    memset(g, 0, sizeof *g);
}

const char *pc_gradcam_layer(const pc_vgg *m)
{
    return pc_vgg_get_config(m)->arch == PC_VGG19 ? "block5_conv4" : "block5_conv3";
}

void pc_gradcam_from_gradient(const float *act, const float *grad, size_t h, size_t w, size_t c, float *weights_out,
                              float *cam_out)
{
    const size_t hw = h * w;
    for (size_t k = 0; k < c; k++) weights_out[k] = 0.0f;
    for (size_t p = 0; p < hw; p++)
        for (size_t k = 0; k < c; k++) weights_out[k] += grad[p * c + k];
    for (size_t k = 0; k < c; k++) weights_out[k] /= (float)hw;
    for (size_t p = 0; p < hw; p++) {
        double s = 0.0;   /* double: 512 channels of mixed signs */
        for (size_t k = 0; k < c; k++) s += (double)weights_out[k] * act[p * c + k];
        cam_out[p] = s > 0.0 ? (float)s : 0.0f;
    }
}

void pc_gradcam_territory_mass(const float *tile_heat, int size, pc_ring_layout layout,
                               double mass_out[PC_TERRITORY_COUNT])
{
    const pc_disc disc = pc_disc_of_tile(size);
    for (int t = 0; t < PC_TERRITORY_COUNT; t++) mass_out[t] = 0.0;
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) {
            int seg = pc_segment_of_pixel(&disc, layout, x, y);
            float v = tile_heat[(size_t)y * (size_t)size + (size_t)x];
            if (seg && v > 0.0f) mass_out[pc_segment_territory(seg)] += v;
        }
}

pc_territory pc_gradcam_top_territory(const double share[PC_TERRITORY_COUNT])
{
    int best = 0;
    for (int t = 1; t < PC_TERRITORY_COUNT; t++)
        if (share[t] > share[best]) best = t;
    return (pc_territory)best;
}

/* Shares = mass / total, or all 0 when there is no mass (no positive evidence). */
static void to_shares(const double *mass, int n, double total, double *share_out)
{
    for (int i = 0; i < n; i++) share_out[i] = total > 0.0 ? mass[i] / total : 0.0;
}

pc_status pc_gradcam_from_heat(pc_ctx *ctx, const float *heat, int height, int width, pc_dataset dataset,
                               pc_ring_layout layout, pc_gradcam *out)
{
    int mh, mw;
    if ((int)dataset < 0 || dataset >= PC_DATASET_COUNT)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "grad-cam: unknown dataset %d", (int)dataset);
    pc_montage_size(dataset, &mh, &mw);
    if (height != mh || width != mw)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "grad-cam: a %d x %d heat map for the %d x %d %s montage",
                       height, width, mh, mw, pc_dataset_name(dataset));
    pc_gradcam g;
    memset(&g, 0, sizeof g);
    g.dataset = dataset, g.class_index = -1, g.height = height, g.width = width, g.tile_size = PC_TILE_SIZE;
    const size_t n = (size_t)height * (size_t)width, ts = PC_TILE_SIZE;
    g.heat = malloc(n * sizeof(float));
    int ok = g.heat != NULL;
    const pc_disc disc = pc_disc_of_tile(PC_TILE_SIZE);
    double map_mass[PC_MAP_COUNT] = {0}, study_mass[PC_TERRITORY_COUNT] = {0};
    for (int m = 0; ok && m < PC_MAP_COUNT; m++) {
        int top, left;
        if (!pc_montage_tile_origin(dataset, (pc_map)m, &top, &left)) continue;
        float *t = g.tile_heat[m] = calloc(ts * ts, sizeof(float));
        if (!(ok = t != NULL)) break;
        for (size_t y = 0; y < ts; y++)
            for (size_t x = 0; x < ts; x++) {
                float v = heat[((size_t)top + y) * (size_t)width + (size_t)left + x];
                int inside = pc_segment_of_pixel(&disc, layout, (int)x, (int)y) != 0;
                t[y * ts + x] = inside && v > 0.0f ? v : 0.0f;
                if (t[y * ts + x] > g.max_heat) g.max_heat = t[y * ts + x];
            }
        double mass[PC_TERRITORY_COUNT];
        pc_gradcam_territory_mass(t, PC_TILE_SIZE, layout, mass);
        for (int k = 0; k < PC_TERRITORY_COUNT; k++) {
            map_mass[m] += mass[k];
            study_mass[k] += mass[k];
        }
        to_shares(mass, PC_TERRITORY_COUNT, map_mass[m], g.share[m]);
        g.mass += map_mass[m];
    }
    if (!ok) {
        pc_gradcam_free(&g);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "grad-cam: out of memory");
    }
    for (size_t i = 0; i < n; i++) g.heat[i] = heat[i] > 0.0f ? heat[i] : 0.0f;
    to_shares(map_mass, PC_MAP_COUNT, g.mass, g.map_share);
    to_shares(study_mass, PC_TERRITORY_COUNT, g.mass, g.study_share);
    *out = g;
    return PC_STATUS_OK;
}

/* The layer's activation and gradient for one class, and the probabilities. */
static pc_status class_cam(pc_ctx *ctx, pc_vgg *m, const float *x, int class_index, const pc_shape *s, float *act,
                           float *grad, float *weights, float *cam, float *probs)
{
    pc_status st = pc_vgg_class_gradient(ctx, m, x, class_index, pc_gradcam_layer(m), act, grad, probs);
    if (st) return st;
    pc_gradcam_from_gradient(act, grad, s->h, s->w, s->c, weights, cam);
    return PC_STATUS_OK;
}

static int argmax(const float *p, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (p[i] > p[best]) best = i;
    return best;
}

pc_status pc_gradcam_explain(pc_ctx *ctx, pc_vgg *m, const float *x, pc_dataset dataset, int class_index,
                             pc_ring_layout layout, pc_gradcam *out)
{
    const pc_vgg_config *cfg = pc_vgg_get_config(m);
    int mh, mw;
    if ((int)dataset < 0 || dataset >= PC_DATASET_COUNT)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "grad-cam: unknown dataset %d", (int)dataset);
    pc_montage_size(dataset, &mh, &mw);
    /* The input may be the montage resized (train --input): the heat covers the whole input,
     * so it is upsampled onto the whole montage; a change of aspect ratio is refused. */
    if ((long)cfg->height * mw != (long)cfg->width * mh)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                       "grad-cam: the model takes %d x %d images, the %s montage is %d x %d", cfg->height,
                       cfg->width, pc_dataset_name(dataset), mh, mw);
    if (class_index < PC_GRADCAM_PREDICTED || class_index >= cfg->classes)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "grad-cam: class %d is outside 0..%d", class_index,
                       cfg->classes - 1);
    pc_shape s;
    if (!pc_vgg_conv_shape(m, pc_gradcam_layer(m), &s))
        return pc_fail(ctx, PC_STATUS_NOT_FOUND, "grad-cam: the model has no layer %s", pc_gradcam_layer(m));
    const size_t hwc = s.h * s.w * s.c, n = (size_t)mh * (size_t)mw;
    float *act = malloc(hwc * sizeof(float)), *grad = malloc(hwc * sizeof(float));
    float *weights = malloc(s.c * sizeof(float)), *cam = malloc(s.h * s.w * sizeof(float));
    float *heat = malloc(n * sizeof(float)), *probs = malloc((size_t)cfg->classes * sizeof(float));
    pc_status st = PC_STATUS_OK;
    if (!act || !grad || !weights || !cam || !heat || !probs) {
        st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "grad-cam: out of memory");
        goto done;
    }
    int cls = class_index == PC_GRADCAM_PREDICTED ? 0 : class_index;
    st = class_cam(ctx, m, x, cls, &s, act, grad, weights, cam, probs);
    /* The probabilities come with the first pass; explain again only if the guess was wrong. */
    if (!st && class_index == PC_GRADCAM_PREDICTED && argmax(probs, cfg->classes) != cls) {
        cls = argmax(probs, cfg->classes);
        st = class_cam(ctx, m, x, cls, &s, act, grad, weights, cam, probs);
    }
    if (st) goto done;
    pc_resize_f32(cam, (int)s.w, (int)s.h, 1, PC_RESIZE_BILINEAR, heat, mw, mh);
    pc_gradcam g;
    if ((st = pc_gradcam_from_heat(ctx, heat, mh, mw, dataset, layout, &g))) goto done;
    g.layer = pc_gradcam_layer(m);
    g.class_index = cls;
    g.classes = cfg->classes;
    g.probs = probs;
    probs = NULL;
    *out = g;
done:
    free(act);
    free(grad);
    free(weights);
    free(cam);
    free(heat);
    free(probs);
    return st;
}
