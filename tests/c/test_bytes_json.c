/* test_bytes_json.c: the building blocks of the file readers on their own: the byte
 * reader's bounds (every read past the end refused, nothing consumed, the failure sticky),
 * the byte writer's order and its overflow, CRC-32 check values, UTF-8 edge cases and the
 * JSON depth limit with balanced documents. Inputs are malloc'd to their exact size, so
 * ASan catches any read one byte too far. */
#include <stdint.h>

#include "base/bytes.h"
#include "base/crc32.h"
#include "base/json.h"
#include "check.h"

/* A copy of n bytes of s in a buffer of exactly n bytes (no NUL after it). */
static char *exact(const char *s, size_t n)
{
    char *b = malloc(n ? n : 1);
    if (b && n) memcpy(b, s, n);
    return b;
}

static void test_crc32(void)
{
    const uint8_t check[] = "123456789";
    CHECK_INT(pc_crc32(0, check, 9), 0xCBF43926u);   /* the catalogued CRC-32 check value */
    CHECK_INT(pc_crc32(pc_crc32(0, check, 4), check + 4, 5), 0xCBF43926u);   /* in pieces */
    CHECK_INT(pc_crc32(0, NULL, 0), 0);
    const uint8_t zero = 0;
    CHECK_INT(pc_crc32(0, &zero, 1), 0xD202EF8Du);   /* zlib.crc32(b"\0") */
}

static void test_reader(void)
{
    const uint8_t b[15] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B,
                           0x00, 0x00, 0x80, 0x3F};   /* ... then 1.0f */
    pc_byte_reader r = pc_byte_reader_of(b, sizeof b);
    CHECK_INT(pc_bytes_get_u8(&r), 0x01);
    CHECK_INT(pc_bytes_get_u16(&r), 0x0302);
    CHECK_INT(pc_bytes_get_u64(&r), 0x0B0A090807060504ull);
    CHECK(pc_bytes_get_f32(&r) == 1.0f);
    CHECK(r.left == 0 && !r.failed);
    CHECK(pc_bytes_get(&r, 0) != NULL);   /* zero bytes always fit */

    /* One byte too many: refused, nothing consumed, what was needed and what remained kept. */
    r = pc_byte_reader_of(b, 3);
    CHECK_INT(pc_bytes_get_u32(&r), 0);
    CHECK(r.failed && r.needed == 4 && r.left == 3 && r.p == b);
    CHECK_INT(pc_bytes_get_u8(&r), 0);   /* sticky: even a byte that would fit is refused */
    CHECK(r.left == 3 && r.needed == 4);
    CHECK(pc_bytes_get(&r, 0) == NULL);

    /* u64 needs all 8 bytes at once: with 7 left nothing is read. */
    r = pc_byte_reader_of(b, 7);
    CHECK_INT(pc_bytes_get_u64(&r), 0);
    CHECK(r.failed && r.left == 7 && r.needed == 8);

    /* A length from a file larger than anything (2^64 - 1, or above size_t on wasm). */
    pc_byte_reader part = pc_byte_reader_of(NULL, 12345);
    r = pc_byte_reader_of(b, sizeof b);
    CHECK(!pc_bytes_take(&r, UINT64_MAX, &part));
    CHECK(r.failed && r.left == sizeof b && r.needed == SIZE_MAX && part.left == 12345);
    r = pc_byte_reader_of(b, sizeof b);
    CHECK(!pc_bytes_take(&r, sizeof b + 1, &part));
    r = pc_byte_reader_of(b, sizeof b);
    CHECK(pc_bytes_take(&r, 4, &part));
    CHECK(part.p == b && part.left == 4 && r.p == b + 4 && r.left == sizeof b - 4);
    CHECK_INT(pc_bytes_get_u32(&part), 0x04030201);
    CHECK_INT(pc_bytes_get_u8(&part), 0);   /* the part ends where it was cut */
    CHECK(part.failed && !r.failed);

    /* A reader over an exact-size heap copy reads every byte and not one more. */
    uint8_t *heap = (uint8_t *)exact((const char *)b, sizeof b);
    r = pc_byte_reader_of(heap, sizeof b);
    size_t n = 0;
    while (pc_bytes_get(&r, 1)) n++;
    CHECK_INT(n, sizeof b);
    free(heap);
}

static void test_writer(void)
{
    pc_byte_writer w = {0};
    pc_bytes_put_u8(&w, 0x01);
    pc_bytes_put_u16(&w, 0x0302);
    pc_bytes_put_u32(&w, 0x07060504u);
    pc_bytes_put_u64(&w, 0x0F0E0D0C0B0A0908ull);
    pc_bytes_put_f32(&w, -2.5f);
    pc_bytes_put(&w, "xyz", 3);
    pc_bytes_put(&w, NULL, 0);
    CHECK(!w.failed && w.len == 1 + 2 + 4 + 8 + 4 + 3);
    int ordered = 1;
    for (int i = 0; i < 15; i++) ordered &= w.bytes[i] == i + 1;
    CHECK(ordered);
    pc_byte_reader r = pc_byte_reader_of(w.bytes, w.len);
    pc_bytes_get(&r, 15);
    CHECK(pc_bytes_get_f32(&r) == -2.5f);
    CHECK(memcmp(pc_bytes_get(&r, 3), "xyz", 3) == 0 && r.left == 0);

    /* Growth across many small puts keeps every byte. */
    for (uint32_t i = 0; i < 100000; i++) pc_bytes_put_u32(&w, i);
    r = pc_byte_reader_of(w.bytes + 22, w.len - 22);
    uint32_t bad = 0;
    for (uint32_t i = 0; i < 100000; i++) bad += pc_bytes_get_u32(&r) != i;
    CHECK(!w.failed && bad == 0 && r.left == 0);

    /* A size that overflows is refused, sticky; later puts change nothing. */
    size_t len = w.len;
    CHECK(!pc_bytes_reserve(&w, SIZE_MAX));
    CHECK(w.failed);
    pc_bytes_put_u8(&w, 7);
    CHECK(w.len == len && !pc_bytes_reserve(&w, 1));
    pc_byte_writer_free(&w);
    CHECK(w.bytes == NULL && w.len == 0 && w.cap == 0 && !w.failed);
    pc_byte_writer_free(&w);   /* freeing an empty writer is harmless */

    /* An exact reservation allocates once, to the byte. */
    CHECK(pc_bytes_reserve(&w, 1000) && w.cap >= 1000);
    uint8_t *first = w.bytes;
    for (int i = 0; i < 250; i++) pc_bytes_put_u32(&w, (uint32_t)i);
    CHECK(w.bytes == first && w.len == 1000);
    pc_byte_writer_free(&w);
}

static int utf8(const char *s, size_t n, int multiline)
{
    char *b = exact(s, n);
    int ok = pc_utf8_is_text(b, n, multiline);
    free(b);
    return ok;
}

static void test_utf8(void)
{
    struct {
        const char *s;
        size_t n;
        int line, multiline;   /* expected results */
    } cases[] = {
        {"", 0, 1, 1},
        {"plain ascii ~", 13, 1, 1},
        {"\xC2\x80", 2, 1, 1},               /* U+0080, the first 2-byte code point */
        {"\xDF\xBF", 2, 1, 1},               /* U+07FF */
        {"\xE0\xA0\x80", 3, 1, 1},           /* U+0800 */
        {"\xED\x9F\xBF", 3, 1, 1},           /* U+D7FF, just below the surrogates */
        {"\xEE\x80\x80", 3, 1, 1},           /* U+E000, just above */
        {"\xEF\xBF\xBF", 3, 1, 1},           /* U+FFFF */
        {"\xF0\x90\x80\x80", 4, 1, 1},       /* U+10000 */
        {"\xF4\x8F\xBF\xBF", 4, 1, 1},       /* U+10FFFF, the last code point */
        {"\xC0\x80", 2, 0, 0},               /* overlong NUL */
        {"\xC1\xBF", 2, 0, 0},               /* overlong U+007F */
        {"\xE0\x9F\xBF", 3, 0, 0},           /* overlong U+07FF */
        {"\xF0\x8F\xBF\xBF", 4, 0, 0},       /* overlong U+FFFF */
        {"\xED\xA0\x80", 3, 0, 0},           /* U+D800, a surrogate */
        {"\xED\xBF\xBF", 3, 0, 0},           /* U+DFFF */
        {"\xF4\x90\x80\x80", 4, 0, 0},       /* U+110000, beyond Unicode */
        {"\xF5\x80\x80\x80", 4, 0, 0},       /* lead byte that can never start a sequence */
        {"\xFF", 1, 0, 0},
        {"\x80", 1, 0, 0},                   /* lone continuation byte */
        {"a\xC3", 2, 0, 0},                  /* sequence cut by the end of the buffer */
        {"\xE2\x82", 2, 0, 0},
        {"\xF0\x9F\x98", 3, 0, 0},
        {"\xC3(", 2, 0, 0},                  /* continuation byte missing */
        {"a\0b", 3, 0, 0},                   /* NUL inside */
        {"\x1B[0m", 4, 0, 0},                /* escape */
        {"\x7F", 1, 0, 0},                   /* DEL */
        {"a\tb", 3, 0, 1},                   /* tab, LF and CR: multiline only */
        {"a\nb\r\n", 5, 0, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int line = utf8(cases[i].s, cases[i].n, 0), multi = utf8(cases[i].s, cases[i].n, 1);
        if (line != cases[i].line || multi != cases[i].multiline)
            fprintf(stderr, "utf8 case %zu: got %d/%d, expected %d/%d\n", i, line, multi, cases[i].line,
                    cases[i].multiline);
        CHECK(line == cases[i].line && multi == cases[i].multiline);
    }
}

static int json(const char *s, size_t n)
{
    char *b = exact(s, n);
    int ok = pc_json_is_object(b, n);
    free(b);
    return ok;
}

/* {"a": [[...[ ]...]]} with `depth` levels in all (the object counts as one). */
static char *nested(int depth, size_t *n_out)
{
    size_t arrays = (size_t)depth - 1, n = 6 + 2 * arrays;
    char *s = malloc(n);
    memcpy(s, "{\"a\":", 5);
    memset(s + 5, '[', arrays);
    memset(s + 5 + arrays, ']', arrays);
    s[n - 1] = '}';
    *n_out = n;
    return s;
}

static void test_json(void)
{
    const char *good[] = {"{}", " {\t}\r\n", "{\"a\":[]}", "{\"a\":[1,{\"b\":false}],\"c\":-0.0e1}",
                          "{\"\\\"\":\"\\/\\b\\f\\n\\r\\t\\\\\"}", "{\"\\u00E9\":\"\xC3\xA9\"}", "{\"n\":null,\"t\":true}",
                          "{\"x\":0,\"y\":-12.5E+3,\"z\":1e-9}"};
    const char *bad[] = {"",          "[]",           "{",           "{\"a\"}",       "{\"a\":}",
                         "{\"a\":1,}", "{a:1}",        "{\"a\":01}",  "{\"a\":.5}",    "{\"a\":\"\\x\"}",
                         "{} {}",     "{\"a\":tru}",  "{\"a\":1e}",  "{\"a\":\"\\u12g4\"}", "{\"a\":\"\\u12\"}",
                         "{\"a\":-}", "{\"a\":1.}",   "{\"a\":\"\x01\"}", "{\"a\":\"\xC3\"}", "{\"a\":\"x}",
                         "{\"a\":[1 2]}", "{\"a\":\"\x7F\"}", "{\"a\"::1}", "{,}", "{\"a\":nul}"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int ok = json(good[i], strlen(good[i]));
        if (!ok) fprintf(stderr, "refused good JSON #%zu: %s\n", i, good[i]);
        CHECK(ok);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int ok = json(bad[i], strlen(bad[i]));
        if (ok) fprintf(stderr, "accepted bad JSON #%zu: %s\n", i, bad[i]);
        CHECK(!ok);
    }
    /* A string that runs to the very end of an exact-size buffer, in every state. */
    const char *cut = "{\"k\":\"\\u00e9\"}";
    for (size_t n = 0; n < strlen(cut); n++) CHECK(!json(cut, n));
    CHECK(json(cut, strlen(cut)));

    /* The depth limit, with balanced documents (an unbalanced one fails anyway), in
     * numbers: 64 is the documented limit (json.h), so a changed constant fails here too. */
    CHECK_INT(PC_JSON_MAX_DEPTH, 64);
    size_t n;
    char *s = nested(64, &n);
    CHECK(pc_json_is_object(s, n));
    free(s);
    s = nested(65, &n);
    CHECK(!pc_json_is_object(s, n));
    free(s);
    s = nested(1000000, &n);   /* refused at the limit, long before the stack could run out */
    CHECK(!pc_json_is_object(s, n));
    free(s);
    /* Siblings do not add up: many containers side by side at depth 2 are fine. */
    char wide[6 + 3 * 1000 + 2];
    size_t w = 0;
    memcpy(wide, "{\"a\":[", 6), w = 6;
    for (int i = 0; i < 1000; i++) memcpy(wide + w, i ? ",[]" : "[] ", 3), w += 3;
    wide[w++] = ']';
    wide[w++] = '}';
    CHECK(json(wide, w));
}

int main(void)
{
    test_crc32();
    test_reader();
    test_writer();
    test_utf8();
    test_json();
    return check_finish("test_bytes_json");
}
