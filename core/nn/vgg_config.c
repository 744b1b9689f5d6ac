/* vgg_config.c: the model's configuration: the paper's defaults, the checks every field
 * goes through before anything is sized, and the architecture names. Sizes and buffers
 * are vgg_layout.c's and vgg_plan.c's. */
#include <math.h>
#include <string.h>

#include "vgg_internal.h"

int pc_vgg_conv_count(pc_vgg_arch arch)
{
    return arch == PC_VGG19 ? 16 : arch == PC_VGG16 ? 13 : 0;
}

const char *pc_vgg_arch_name(pc_vgg_arch arch)
{
    return arch == PC_VGG16 ? "vgg16" : arch == PC_VGG19 ? "vgg19" : NULL;
}

int pc_vgg_arch_parse(const char *name, pc_vgg_arch *out)
{
    if (name && strcmp(name, "vgg16") == 0) return *out = PC_VGG16, 1;
    if (name && strcmp(name, "vgg19") == 0) return *out = PC_VGG19, 1;
    return 0;
}

void pc_vgg_config_default(pc_vgg_config *cfg, pc_vgg_arch arch)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->arch = arch;
    cfg->height = 300;
    cfg->width = 300;
    cfg->width_mult = 1.0f;
    cfg->dense1 = 500;
    cfg->dense2 = 250;
    cfg->classes = 2;
    cfg->dropout = 0.5f;
    cfg->trainable_convs = 4;
    cfg->batch = 16;
    cfg->seed = 1;
    cfg->adam = pc_adam_config_default();
}

size_t vgg_conv_channels(int base, float mult)
{
    long c = lroundf((float)base * mult);
    return c < 1 ? 1 : (size_t)c;
}

pc_status pc_vgg_config_check(pc_ctx *ctx, const pc_vgg_config *c)
{
    if (!c) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: no config");
    if (!pc_vgg_arch_name(c->arch))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: architecture %d is not VGG16 or VGG19", (int)c->arch);
    if (c->height < PC_VGG_MIN_SIDE || c->height > PC_VGG_MAX_SIDE || c->width < PC_VGG_MIN_SIDE ||
        c->width > PC_VGG_MAX_SIDE)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: input %d x %d is outside %d..%d pixels a side",
                       c->height, c->width, PC_VGG_MIN_SIDE, PC_VGG_MAX_SIDE);
    if (!(c->width_mult > 0.0f) || !(c->width_mult <= 8.0f) ||
        vgg_conv_channels(512, c->width_mult) > PC_VGG_MAX_CONV_CHANNELS)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: width multiplier %g is outside (0, 8]",
                       (double)c->width_mult);
    if (c->dense1 < 1 || c->dense1 > PC_VGG_MAX_DENSE || c->dense2 < 1 || c->dense2 > PC_VGG_MAX_DENSE)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: dense sizes %d, %d are outside 1..%d", c->dense1,
                       c->dense2, PC_VGG_MAX_DENSE);
    if (c->classes < 2 || c->classes > PC_VGG_MAX_CLASSES)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: %d classes is outside 2..%d", c->classes,
                       PC_VGG_MAX_CLASSES);
    if (!(c->dropout >= 0.0f) || !(c->dropout < 1.0f))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: dropout rate %g is outside [0, 1)", (double)c->dropout);
    if (c->trainable_convs < PC_VGG_ALL_CONVS || c->trainable_convs > pc_vgg_conv_count(c->arch))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                       "vgg: %d trainable conv layers is outside 0..%d (or -1 for all)", c->trainable_convs,
                       pc_vgg_conv_count(c->arch));
    if (c->batch < 1 || c->batch > PC_VGG_MAX_BATCH)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "vgg: batch %d is outside 1..%d", c->batch,
                       PC_VGG_MAX_BATCH);
    if (!(c->adam.lr > 0.0f) || !(c->adam.beta1 >= 0.0f && c->adam.beta1 < 1.0f) ||
        !(c->adam.beta2 >= 0.0f && c->adam.beta2 < 1.0f) || !(c->adam.epsilon > 0.0f))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                       "vgg: Adam needs lr > 0, beta1 and beta2 in [0, 1), epsilon > 0 (got %g, %g, %g, %g)",
                       (double)c->adam.lr, (double)c->adam.beta1, (double)c->adam.beta2, (double)c->adam.epsilon);
    return PC_STATUS_OK;
}
