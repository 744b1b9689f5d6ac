/* test_image_decode.c: decoding real PNG/JPEG/BMP bytes, and every kind of bad input. */
#include <stdint.h>

#include "check.h"
#include "polarcad.h"
#include "stb_image_write.h"

/* stb_image_write defines this without declaring it in its header. */
unsigned char *stbi_zlib_compress(unsigned char *data, int data_len, int *out_len, int quality);

/* A test image with structure in both axes and every channel. */
static pc_image make_pattern(int w, int h)
{
    pc_image img = {0};
    pc_image_create(NULL, w, h, &img);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = img.rgb + ((size_t)y * w + x) * 3;
            p[0] = (uint8_t)(x * 255 / (w > 1 ? w - 1 : 1));
            p[1] = (uint8_t)(y * 255 / (h > 1 ? h - 1 : 1));
            p[2] = (uint8_t)(((x / 8 + y / 8) & 1) ? 200 : 40);
        }
    return img;
}

typedef struct buffer {
    uint8_t *bytes;
    size_t size;
} buffer;

static void append(void *ctx, void *data, int size)
{
    buffer *b = ctx;
    b->bytes = realloc(b->bytes, b->size + (size_t)size);
    memcpy(b->bytes + b->size, data, (size_t)size);
    b->size += (size_t)size;
}

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

static void put_be32(buffer *b, uint32_t v)
{
    uint8_t q[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    append(b, q, 4);
}

static void put_chunk(buffer *b, const char *type, const uint8_t *data, uint32_t n)
{
    put_be32(b, n);
    size_t start = b->size;
    append(b, (void *)type, 4);
    if (n) append(b, (void *)data, (int)n);
    put_be32(b, crc32_of(b->bytes + start, n + 4));
}

/* A PNG with an arbitrary header (width, height, bit depth), built by hand. */
static buffer make_png_raw(uint32_t w, uint32_t h, int depth, int with_data)
{
    buffer b = {0};
    append(&b, "\x89PNG\r\n\x1a\n", 8);
    uint8_t ihdr[13] = {(uint8_t)(w >> 24), (uint8_t)(w >> 16), (uint8_t)(w >> 8), (uint8_t)w,
                        (uint8_t)(h >> 24), (uint8_t)(h >> 16), (uint8_t)(h >> 8), (uint8_t)h,
                        (uint8_t)depth, 2, 0, 0, 0};
    put_chunk(&b, "IHDR", ihdr, 13);
    if (with_data) {
        size_t row = 1 + (size_t)w * 3 * (size_t)(depth / 8);
        uint8_t *raw = calloc(row * h, 1);
        for (size_t i = 0; i < row * h; i++) raw[i] = (i % row) ? (uint8_t)(i * 7) : 0;
        int zlen = 0;
        uint8_t *z = stbi_zlib_compress(raw, (int)(row * h), &zlen, 6);
        put_chunk(&b, "IDAT", z, (uint32_t)zlen);
        free(z);
        free(raw);
    }
    put_chunk(&b, "IEND", NULL, 0);
    return b;
}

static void test_png_roundtrip(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_image src = make_pattern(37, 23);
    uint8_t *png = NULL;
    size_t size = 0;
    CHECK_INT(pc_image_encode_png(ctx, &src, &png, &size), PC_STATUS_OK);
    pc_image out = {0};
    CHECK_INT(pc_image_decode(ctx, png, size, "pattern.png", &out), PC_STATUS_OK);
    CHECK_INT(out.width, 37);
    CHECK_INT(out.height, 23);
    CHECK(out.rgb && memcmp(out.rgb, src.rgb, 37 * 23 * 3) == 0);
    pc_image_free(&out);
    free(png);
    pc_image_free(&src);
    pc_ctx_free(ctx);
}

static void test_jpeg_roundtrip(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_image src = make_pattern(64, 48);
    for (int q = 60; q <= 100; q += 20) {
        uint8_t *jpg = NULL;
        size_t size = 0;
        CHECK_INT(pc_image_encode_jpeg(ctx, &src, q, &jpg, &size), PC_STATUS_OK);
        pc_image out = {0};
        CHECK_INT(pc_image_decode(ctx, jpg, size, "pattern.jpg", &out), PC_STATUS_OK);
        CHECK_INT(out.width, 64);
        CHECK_INT(out.height, 48);
        double err = 0;
        for (size_t i = 0; out.rgb && i < 64 * 48 * 3; i++) err += fabs((double)out.rgb[i] - src.rgb[i]);
        err /= 64 * 48 * 3;
        CHECK(err < 12.0);   /* mean absolute error of a lossy codec on a busy pattern */
        pc_image_free(&out);
        free(jpg);
    }
    pc_image_free(&src);
    pc_ctx_free(ctx);
}

/* A refusal explains itself: a sentence after the file name, no empty or "(null)" reason. */
static int message_explains(const char *m)
{
    const char *colon = strstr(m, ": ");
    int ok = colon && strlen(colon) > 10 && !strstr(m, "()") && !strstr(m, "(null)") && !strstr(m, ": )");
    if (!ok) fprintf(stderr, "message explains nothing: '%s'\n", m);
    return ok;
}

static void test_bmp_and_alpha(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_image src = make_pattern(13, 9);
    buffer bmp = {0};
    CHECK(stbi_write_bmp_to_func(append, &bmp, 13, 9, 3, src.rgb));
    pc_image out = {0};
    CHECK_INT(pc_image_decode(ctx, bmp.bytes, bmp.size, "p.bmp", &out), PC_STATUS_OK);
    CHECK(out.rgb && memcmp(out.rgb, src.rgb, 13 * 9 * 3) == 0);
    pc_image_free(&out);
    /* Truncated BMP: stb would fill the missing rows with zeros; we refuse it. */
    CHECK_INT(pc_image_decode(ctx, bmp.bytes, bmp.size - 40, "p.bmp", &out), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "p.bmp");
    CHECK_MESSAGE(ctx, "truncated");
    CHECK(out.rgb == NULL);
    free(bmp.bytes);

    /* RGBA: a half-transparent white pixel composites on black to grey. */
    uint8_t rgba[2 * 4] = {255, 255, 255, 128, 10, 20, 30, 255};
    buffer png = {0};
    CHECK(stbi_write_png_to_func(append, &png, 2, 1, 4, rgba, 8));
    CHECK_INT(pc_image_decode(ctx, png.bytes, png.size, "a.png", &out), PC_STATUS_OK);
    CHECK(out.rgb && out.rgb[0] == 128 && out.rgb[1] == 128 && out.rgb[3] == 10 && out.rgb[5] == 30);
    pc_image_free(&out);
    free(png.bytes);

    /* Grey PNG expands to RGB. */
    uint8_t grey[3] = {0, 100, 255};
    png = (buffer){0};
    CHECK(stbi_write_png_to_func(append, &png, 3, 1, 1, grey, 3));
    CHECK_INT(pc_image_decode(ctx, png.bytes, png.size, "g.png", &out), PC_STATUS_OK);
    CHECK(out.rgb && out.rgb[3] == 100 && out.rgb[4] == 100 && out.rgb[5] == 100);
    pc_image_free(&out);
    free(png.bytes);
    pc_image_free(&src);
    pc_ctx_free(ctx);
}

static void expect_refused(pc_ctx *ctx, const void *bytes, size_t size, const char *name, pc_status status,
                           const char *fragment)
{
    pc_image out = {0};
    pc_status got = pc_image_decode(ctx, bytes, size, name, &out);
    CHECK_INT(got, status);
    CHECK(out.rgb == NULL && out.width == 0);
    CHECK_MESSAGE(ctx, name);
    CHECK_MESSAGE(ctx, fragment);
    pc_image_free(&out);
}

static void test_bad_inputs(void)
{
    pc_ctx *ctx = pc_ctx_create();
    expect_refused(ctx, "", 0, "empty.png", PC_STATUS_BAD_FORMAT, "empty");
    expect_refused(ctx, "hello, this is a text file\n", 27, "notes.txt", PC_STATUS_BAD_FORMAT, "looks like text");
    uint8_t dicom[200] = {0};
    memcpy(dicom + 128, "DICM", 4);
    expect_refused(ctx, dicom, sizeof dicom, "map.dcm", PC_STATUS_BAD_FORMAT, "DICOM");
    expect_refused(ctx, "GIF89a\1\0\1\0", 10, "x.gif", PC_STATUS_BAD_FORMAT, "GIF");
    uint8_t noise[300];
    for (int i = 0; i < 300; i++) noise[i] = (uint8_t)(i * 37 + 11);
    noise[0] = 0x01;
    expect_refused(ctx, noise, sizeof noise, "noise.bin", PC_STATUS_BAD_FORMAT, "not a PNG, JPEG or BMP");

    /* Size limits are read from the header and enforced before any pixel is allocated. */
    buffer wide = make_png_raw(9000, 10, 8, 0);
    expect_refused(ctx, wide.bytes, wide.size, "wide.png", PC_STATUS_TOO_LARGE, "9000 x 10");
    free(wide.bytes);
    buffer tall = make_png_raw(10, 9000, 8, 0);   /* the side limit holds for the height too */
    expect_refused(ctx, tall.bytes, tall.size, "tall.png", PC_STATUS_TOO_LARGE, "10 x 9000");
    free(tall.bytes);
    buffer huge = make_png_raw(8192, 8200, 8, 0);
    expect_refused(ctx, huge.bytes, huge.size, "huge.png", PC_STATUS_TOO_LARGE, "over the limit");
    free(huge.bytes);
    buffer giant = make_png_raw(1000000, 1000000, 8, 0);
    expect_refused(ctx, giant.bytes, giant.size, "giant.png", PC_STATUS_TOO_LARGE, "over the limit");
    free(giant.bytes);
    buffer zero = make_png_raw(0, 10, 8, 0);
    expect_refused(ctx, zero.bytes, zero.size, "zero.png", PC_STATUS_BAD_FORMAT, "zero.png");
    free(zero.bytes);

    buffer deep = make_png_raw(4, 3, 16, 1);
    expect_refused(ctx, deep.bytes, deep.size, "deep.png", PC_STATUS_UNSUPPORTED, "16-bit PNG");
    free(deep.bytes);
    buffer ok8 = make_png_raw(4, 3, 8, 1);   /* the same builder at 8 bits decodes */
    pc_image out = {0};
    CHECK_INT(pc_image_decode(ctx, ok8.bytes, ok8.size, "ok8.png", &out), PC_STATUS_OK);
    pc_image_free(&out);
    free(ok8.bytes);

    /* Truncation at every offset of a PNG and a JPEG: always refused with a message
     * (or, for a PNG cut after its last pixel byte, decoded completely), never a crash. */
    pc_image src = make_pattern(40, 30);
    uint8_t *png = NULL, *jpg = NULL;
    size_t png_size = 0, jpg_size = 0;
    pc_image_encode_png(ctx, &src, &png, &png_size);
    pc_image_encode_jpeg(ctx, &src, 90, &jpg, &jpg_size);
    int png_refused = 0, jpg_refused = 0, bad_messages = 0;
    for (size_t cut = 0; cut < png_size; cut++) {
        pc_status s = pc_image_decode(ctx, png, cut, "cut.png", &out);
        if (s) {
            png_refused++;
            CHECK(strstr(pc_ctx_last_error(ctx), "cut.png") != NULL);
            bad_messages += !message_explains(pc_ctx_last_error(ctx));
        } else {
            CHECK(out.width == 40 && out.height == 30 && memcmp(out.rgb, src.rgb, 40 * 30 * 3) == 0);
            pc_image_free(&out);
        }
    }
    for (size_t cut = 0; cut < jpg_size; cut++) {
        pc_status s = pc_image_decode(ctx, jpg, cut, "cut.jpg", &out);
        if (s) {
            jpg_refused++;
            bad_messages += !message_explains(pc_ctx_last_error(ctx));
        } else {
            pc_image_free(&out);
        }
    }
    CHECK(png_refused >= (int)png_size - 13);   /* at most the IEND chunk may go missing */
    CHECK_INT(jpg_refused, (int)jpg_size);      /* a JPEG without its EOI marker is refused */
    CHECK_INT(pc_image_decode(ctx, jpg, jpg_size / 2, "half.jpg", &out), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "truncated");

    /* Bit flips anywhere: decode or refuse, never crash (ASan/UBSan watch this run). */
    for (size_t i = 0; i < png_size; i += 3) {
        png[i] ^= 0x5A;
        if (pc_image_decode(ctx, png, png_size, "flip.png", &out) == PC_STATUS_OK) pc_image_free(&out);
        else bad_messages += !message_explains(pc_ctx_last_error(ctx));
        png[i] ^= 0x5A;
    }
    for (size_t i = 0; i < jpg_size; i += 3) {
        jpg[i] ^= 0x5A;
        if (pc_image_decode(ctx, jpg, jpg_size, "flip.jpg", &out) == PC_STATUS_OK) pc_image_free(&out);
        else bad_messages += !message_explains(pc_ctx_last_error(ctx));
        jpg[i] ^= 0x5A;
    }
    CHECK_INT(bad_messages, 0);
    /* Specific cases, in words: a PNG cut inside its pixel data, its compressed data
     * overwritten, a JPEG with no frame, a BMP with a damaged header. */
    CHECK_INT(pc_image_decode(ctx, png, png_size / 2, "half.png", &out), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "half.png: corrupt or truncated PNG data:");
    CHECK(message_explains(pc_ctx_last_error(ctx)));
    for (size_t i = 60; i < png_size - 20; i++) png[i] = (uint8_t)(i * 131);
    CHECK_INT(pc_image_decode(ctx, png, png_size, "scribbled.png", &out), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "damaged");
    uint8_t sof_less[] = {0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 'h', 'i', 0xFF, 0xD9};
    expect_refused(ctx, sof_less, sizeof sof_less, "empty.jpg", PC_STATUS_BAD_FORMAT, "JPEG data is damaged or cut short");
    buffer bmp = {0};
    CHECK(stbi_write_bmp_to_func(append, &bmp, 40, 30, 3, src.rgb));
    bmp.bytes[26] = 7;   /* planes must be 1 */
    expect_refused(ctx, bmp.bytes, bmp.size, "odd.bmp", PC_STATUS_BAD_FORMAT, "BMP data is damaged");
    CHECK(message_explains(pc_ctx_last_error(ctx)));
    free(bmp.bytes);
    free(png);
    free(jpg);
    pc_image_free(&src);
    pc_ctx_free(ctx);
}

/* pc_image_decode_within: a caller's tighter budget, from the header, with its own words;
 * the decoder's limits keep their message; an image at the budget decodes. */
static void test_decode_within(void)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_image out = {0};
    buffer over = make_png_raw(1001, 1000, 8, 0);   /* header only: refused before any data is read */
    CHECK_INT(pc_image_decode_within(ctx, over.bytes, over.size, "over.png", 1000000, "here (why)", &out),
              PC_STATUS_TOO_LARGE);
    CHECK(out.rgb == NULL);
    CHECK_MESSAGE(ctx, "over.png: 1001 x 1000 pixels (1.0 megapixels) is over the limit of 1 megapixels here (why)");
    free(over.bytes);
    buffer wide = make_png_raw(9000, 10, 8, 0);
    CHECK_INT(pc_image_decode_within(ctx, wide.bytes, wide.size, "wide.png", 10000, "here", &out), PC_STATUS_TOO_LARGE);
    CHECK_MESSAGE(ctx, "9000 x 10 pixels is over the limit (8192 px a side, 64 megapixels)");
    free(wide.bytes);
    buffer fits = make_png_raw(100, 100, 8, 1);
    CHECK_INT(pc_image_decode_within(ctx, fits.bytes, fits.size, "fits.png", 10000, NULL, &out), PC_STATUS_OK);
    CHECK(out.width == 100 && out.height == 100);
    pc_image_free(&out);
    CHECK_INT(pc_image_decode_within(ctx, fits.bytes, fits.size, "fits.png", 9999, NULL, &out), PC_STATUS_TOO_LARGE);
    CHECK_MESSAGE(ctx, "fits.png: 100 x 100 pixels (0.0 megapixels) is over the limit of 0.009999 megapixels");
    free(fits.bytes);
    pc_ctx_free(ctx);
}

int main(void)
{
    test_png_roundtrip();
    test_jpeg_roundtrip();
    test_bmp_and_alpha();
    test_bad_inputs();
    test_decode_within();
    return check_finish("test_image_decode");
}
