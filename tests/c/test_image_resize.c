/* test_image_resize.c: area and bilinear resampling against hand-computed values. */
#include "check.h"
#include "polarcad.h"

static void fill_constant(pc_image *img, uint8_t r, uint8_t g, uint8_t b)
{
    for (size_t i = 0; i < (size_t)img->width * img->height; i++) {
        img->rgb[3 * i] = r;
        img->rgb[3 * i + 1] = g;
        img->rgb[3 * i + 2] = b;
    }
}

static void test_constant_stays_constant(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_image src = {0};
    pc_image_create(ctx, 1000, 800, &src);
    fill_constant(&src, 17, 130, 250);
    const int sizes[][2] = {{150, 150}, {7, 3}, {1000, 800}, {1, 1}, {2001, 1603}};
    for (int f = PC_RESIZE_AUTO; f <= PC_RESIZE_AREA; f++)
        for (int k = 0; k < 5; k++) {
            pc_image out = {0};
            CHECK_INT(pc_image_resize(ctx, &src, sizes[k][0], sizes[k][1], (pc_resize_filter)f, &out), PC_STATUS_OK);
            int bad = 0;
            for (size_t i = 0; out.rgb && i < (size_t)out.width * out.height; i++)
                bad += out.rgb[3 * i] != 17 || out.rgb[3 * i + 1] != 130 || out.rgb[3 * i + 2] != 250;
            CHECK_INT(bad, 0);
            pc_image_free(&out);
        }
    pc_image_free(&src);
    pc_ctx_free(ctx);
}

static void test_area_is_exact_average(void)
{
    /* 4x4 -> 2x2: each output is the mean of a 2x2 block. 3x1 -> 2x1: footprints of 1.5 px. */
    pc_ctx *ctx = pc_ctx_create();
    pc_image src = {0};
    pc_image_create(ctx, 4, 4, &src);
    for (int i = 0; i < 16; i++) src.rgb[3 * i] = src.rgb[3 * i + 1] = src.rgb[3 * i + 2] = (uint8_t)(i * 10);
    pc_image out = {0};
    CHECK_INT(pc_image_resize(ctx, &src, 2, 2, PC_RESIZE_AREA, &out), PC_STATUS_OK);
    CHECK_INT(out.rgb[0], 25);        /* (0 + 10 + 40 + 50) / 4 */
    CHECK_INT(out.rgb[3], 45);        /* (20 + 30 + 60 + 70) / 4 */
    CHECK_INT(out.rgb[6], 105);       /* (80 + 90 + 120 + 130) / 4 */
    CHECK_INT(out.rgb[9], 125);
    pc_image_free(&out);
    pc_image_free(&src);

    pc_image row = {0};
    pc_image_create(ctx, 3, 1, &row);
    row.rgb[0] = 0; row.rgb[3] = 90; row.rgb[6] = 180;
    CHECK_INT(pc_image_resize(ctx, &row, 2, 1, PC_RESIZE_AREA, &out), PC_STATUS_OK);
    CHECK_INT(out.rgb[0], 30);        /* (1 * 0 + 0.5 * 90) / 1.5 */
    CHECK_INT(out.rgb[3], 150);       /* (0.5 * 90 + 1 * 180) / 1.5 */
    pc_image_free(&out);
    pc_image_free(&row);
    pc_ctx_free(ctx);
}

static void test_bilinear_enlarges_linear_ramp(void)
{
    /* A ramp 0, 100 enlarged to 4 px samples at centres -0.25, 0.25, 0.75, 1.25 (clamped):
     * 0, 25, 75, 100. */
    pc_ctx *ctx = pc_ctx_create();
    pc_image src = {0};
    pc_image_create(ctx, 2, 1, &src);
    src.rgb[0] = 0; src.rgb[3] = 100;
    pc_image out = {0};
    CHECK_INT(pc_image_resize(ctx, &src, 4, 1, PC_RESIZE_BILINEAR, &out), PC_STATUS_OK);
    CHECK_INT(out.rgb[0], 0);
    CHECK_INT(out.rgb[3], 25);
    CHECK_INT(out.rgb[6], 75);
    CHECK_INT(out.rgb[9], 100);
    pc_image_free(&out);
    /* AUTO enlarging = bilinear. */
    CHECK_INT(pc_image_resize(ctx, &src, 4, 1, PC_RESIZE_AUTO, &out), PC_STATUS_OK);
    CHECK_INT(out.rgb[3], 25);
    pc_image_free(&out);
    pc_image_free(&src);
    pc_ctx_free(ctx);
}

static void test_float_matches_u8(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_image src = {0};
    pc_image_create(ctx, 97, 61, &src);
    float *fsrc = malloc(sizeof(float) * 97 * 61 * 3);
    for (int i = 0; i < 97 * 61 * 3; i++) {
        src.rgb[i] = (uint8_t)((i * 131) % 251);
        fsrc[i] = src.rgb[i];
    }
    float *fdst = malloc(sizeof(float) * 40 * 150 * 3);
    pc_resize_f32(fsrc, 97, 61, 3, PC_RESIZE_AUTO, fdst, 40, 150);
    pc_image out = {0};
    CHECK_INT(pc_image_resize(ctx, &src, 40, 150, PC_RESIZE_AUTO, &out), PC_STATUS_OK);
    double worst = 0;
    for (int i = 0; i < 40 * 150 * 3; i++) {
        double d = fabs(fdst[i] - out.rgb[i]);
        if (d > worst) worst = d;
    }
    CHECK(worst <= 0.5 + 1e-3);   /* u8 path = float path rounded */
    pc_image_free(&out);
    pc_image_free(&src);
    free(fsrc);
    free(fdst);
    pc_ctx_free(ctx);
}

static void test_bad_sizes(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_image src = {0}, out = {0};
    pc_image_create(ctx, 3, 3, &src);
    CHECK_INT(pc_image_resize(ctx, &src, 0, 5, PC_RESIZE_AUTO, &out), PC_STATUS_INVALID_ARGUMENT);
    CHECK_INT(pc_image_resize(ctx, &src, 100000, 5, PC_RESIZE_AUTO, &out), PC_STATUS_TOO_LARGE);
    CHECK(out.rgb == NULL);
    pc_image empty = {0};
    CHECK_INT(pc_image_resize(ctx, &empty, 5, 5, PC_RESIZE_AUTO, &out), PC_STATUS_INVALID_ARGUMENT);
    pc_image_free(&src);
    pc_ctx_free(ctx);
}

int main(void)
{
    test_constant_stays_constant();
    test_area_is_exact_average();
    test_bilinear_enlarges_linear_ramp();
    test_float_matches_u8();
    test_bad_sizes();
    return check_finish("test_image_resize");
}
