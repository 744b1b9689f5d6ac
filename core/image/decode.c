/* decode.c: image bytes -> pc_image, with polarcad's limits and messages.
 *
 * stb_image does the decoding; this file decides what to accept and says precisely
 * why something is refused. Three gaps in stb are closed here: it decodes a
 * truncated JPEG or BMP without complaint (missing data reads as zeros), it would
 * allocate whatever a header asks for (up to its own limit), and its failure strings
 * are terse and global. */
#include "image.h"

#include <stdlib.h>
#include <string.h>

#include "../base/checked.h"
#include "stb_image.h"

static const char *label(const char *name)
{
    return name && name[0] ? name : "image";
}

/* A best guess at what non-image bytes are, so the message can say "this is a DICOM
 * file" rather than only "unknown format". */
static const char *guess_foreign_kind(const uint8_t *b, size_t n)
{
    if (n >= 132 && memcmp(b + 128, "DICM", 4) == 0) return "a DICOM file (export the polar map as PNG or JPEG)";
    if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0)) return "a GIF image";
    if (n >= 4 && (memcmp(b, "II*\0", 4) == 0 || memcmp(b, "MM\0*", 4) == 0)) return "a TIFF image";
    if (n >= 4 && memcmp(b, "%PDF", 4) == 0) return "a PDF document";
    if (n >= 4 && memcmp(b, "PK\3\4", 4) == 0) return "a ZIP archive";
    if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0) return "a WebP image";
    if (n >= 8 && memcmp(b + 4, "ftyp", 4) == 0) return "an HEIF/MP4 file";
    if (n >= 8 && memcmp(b, "\x89HDF\r\n\x1a\n", 8) == 0) return "an HDF5 file";
    /* An FTP text-mode transfer or a partial overwrite damages the signature but leaves "PNG". */
    if (n >= 8 && memcmp(b + 1, "PNG", 3) == 0) return "a PNG whose signature is damaged (copy or export it again)";
    size_t printable = 0, probe = n < 512 ? n : 512;
    for (size_t i = 0; i < probe; i++)
        if ((b[i] >= 32 && b[i] < 127) || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') printable++;
    if (probe > 0 && printable == probe) {
        /* SVG is text too, but a user who saved a chart as SVG should hear so. */
        for (size_t i = 0; i + 4 <= probe; i++)
            if (memcmp(b + i, "<svg", 4) == 0) return "an SVG drawing (save or export the map as PNG)";
        return "text";
    }
    return NULL;
}

typedef enum { FORMAT_UNKNOWN, FORMAT_PNG, FORMAT_JPEG, FORMAT_BMP } image_format;

static image_format sniff_format(const uint8_t *b, size_t n)
{
    if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return FORMAT_PNG;
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return FORMAT_JPEG;
    if (n >= 2 && b[0] == 'B' && b[1] == 'M') return FORMAT_BMP;
    return FORMAT_UNKNOWN;
}

static const char *format_name(image_format f)
{
    return f == FORMAT_PNG ? "PNG" : f == FORMAT_JPEG ? "JPEG" : f == FORMAT_BMP ? "BMP" : "image";
}

/* Width and height straight from a PNG IHDR or BMP header, so that a huge size is
 * reported as such even where stb refuses to parse the header at all. Returns 0 when
 * the header is too short to say (JPEG sizes come from stb's SOF parser). */
static int header_dimensions(image_format f, const uint8_t *b, size_t n, uint64_t *w, uint64_t *h)
{
    if (f == FORMAT_PNG && n >= 24 && memcmp(b + 12, "IHDR", 4) == 0) {
        *w = (uint64_t)b[16] << 24 | (uint64_t)b[17] << 16 | (uint64_t)b[18] << 8 | b[19];
        *h = (uint64_t)b[20] << 24 | (uint64_t)b[21] << 16 | (uint64_t)b[22] << 8 | b[23];
        return 1;
    }
    if (f == FORMAT_BMP && n >= 26) {
        int32_t bw = (int32_t)((uint32_t)b[18] | (uint32_t)b[19] << 8 | (uint32_t)b[20] << 16 | (uint32_t)b[21] << 24);
        int32_t bh = (int32_t)((uint32_t)b[22] | (uint32_t)b[23] << 8 | (uint32_t)b[24] << 16 | (uint32_t)b[25] << 24);
        *w = bw < 0 ? (uint64_t)(-(int64_t)bw) : (uint64_t)bw;
        *h = bh < 0 ? (uint64_t)(-(int64_t)bh) : (uint64_t)bh;
        return 1;
    }
    return 0;
}

/* Defined in stb_impl.c, beside stb's failure string. */
void pc_stbi_failure_clear(void);

/* stb's terse failure codes ("outofdata", "bad huffman code") in words a person can act
 * on. A code not listed (or none at all) still gets a sentence: what the bytes are and
 * what to try. */
static const char *plain_reason(const char *code, image_format f)
{
    static const struct {
        const char *code, *words;
    } table[] = {
        {"outofdata", "the file ends in the middle of its image data (cut short: copy or export it again)"},
        {"read past buffer", "the file ends in the middle of its image data (cut short: copy or export it again)"},
        {"no IDAT", "the PNG holds no image data (cut short before its pixels: copy or export it again)"},
        {"first not IHDR", "the PNG header chunk is missing (not a PNG written by an image program)"},
        {"bad IHDR len", "the PNG header chunk is damaged"},
        {"bad png sig", "the PNG signature is damaged"},
        {"multiple IHDR", "the PNG has two header chunks (a damaged file)"},
        {"zlib corrupt", "the compressed pixel data is damaged (a corrupt or partly overwritten file)"},
        {"bad zlib header", "the compressed pixel data is damaged (a corrupt or partly overwritten file)"},
        {"bad huffman code", "the compressed pixel data is damaged (a corrupt or partly overwritten file)"},
        {"bad dist", "the compressed pixel data is damaged (a corrupt or partly overwritten file)"},
        {"bad codelengths", "the compressed pixel data is damaged (a corrupt or partly overwritten file)"},
        {"bad code lengths", "the compressed pixel data is damaged (a corrupt or partly overwritten file)"},
        {"not enough pixels", "the compressed pixel data holds fewer pixels than the header promises (cut short or damaged)"},
        {"invalid filter", "the PNG pixel rows are damaged (unknown row filter)"},
        {"no preset dict", "the PNG uses a compression feature image programs never write (a damaged file)"},
        {"bad ctype", "the PNG colour type is invalid (a damaged header)"},
        {"1/2/4/8/16-bit only", "the PNG bit depth is invalid (a damaged header)"},
        {"invalid PLTE", "the PNG palette is damaged"},
        {"no PLTE", "the PNG needs a palette but has none (a damaged file)"},
        {"no SOI", "the JPEG start marker is missing"},
        {"no SOF", "the JPEG frame header is missing (cut short, or a JPEG variant such as lossless or arithmetic-coded)"},
        {"expected marker", "the JPEG data is damaged (a marker is missing where one must be)"},
        {"unknown marker", "the JPEG data is damaged (an unknown marker)"},
        {"bad AC huff", "the JPEG image data is damaged (corrupt entropy-coded data)"},
        {"bad DC huff", "the JPEG image data is damaged (corrupt entropy-coded data)"},
        {"bad huffman", "the JPEG image data is damaged (corrupt entropy-coded data)"},
        {"can't merge dc and ac", "the progressive JPEG data is damaged"},
        {"outofmem", "there is not enough memory to decode it"},
        {"too large", "its size is beyond what the decoder accepts"},
        {"0-pixel image", "its header gives an empty image"},
        {"0 width", "its header gives an empty image"},
        {"invalid width", "its header gives an invalid width"},
        {"bad BMP", "the BMP header is damaged"},
    };
    /* stb's header probe tries every format and keeps the last one's complaint ("unknown
     * image type"), which says nothing about the format the bytes claim: such codes fall
     * through to the format's own sentence. */
    if (code && code[0])
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
            if (strcmp(code, table[i].code) == 0) return table[i].words;
    switch (f) {
    case FORMAT_PNG: return "the PNG data is damaged or cut short (copy or export it again)";
    case FORMAT_JPEG: return "the JPEG data is damaged or cut short (copy or export it again)";
    case FORMAT_BMP: return "the BMP data is damaged, cut short, or in a BMP variant the decoder does not read";
    default: return "the image data is damaged or cut short";
    }
}

/* "<name>: corrupt or truncated PNG header: <words>", with stb's own code appended when
 * it has one (for a bug report), never as empty parentheses. */
static pc_status refuse_corrupt(pc_ctx *ctx, const char *who, image_format f, const char *part)
{
    const char *code = stbi_failure_reason();
    const char *words = plain_reason(code, f);
    if (code && code[0] && strcmp(code, "unknown image type") != 0)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: corrupt or truncated %s %s: %s (decoder: %s)", who,
                       format_name(f), part, words, code);
    return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: corrupt or truncated %s %s: %s", who, format_name(f), part, words);
}

static pc_status refuse_size(pc_ctx *ctx, const char *who, uint64_t w, uint64_t h)
{
    return pc_fail(ctx, PC_STATUS_TOO_LARGE,
                   "%s: %llu x %llu pixels is over the limit (%d px a side, %zu megapixels)", who,
                   (unsigned long long)w, (unsigned long long)h, PC_IMAGE_MAX_SIDE,
                   PC_IMAGE_MAX_PIXELS / (1024 * 1024));
}

static int over_limit(uint64_t w, uint64_t h)
{
    return w > PC_IMAGE_MAX_SIDE || h > PC_IMAGE_MAX_SIDE || w * h > PC_IMAGE_MAX_PIXELS;
}

/* Within the decoder's limits but over the caller's budget (pc_image_decode_within). */
static pc_status refuse_budget(pc_ctx *ctx, const char *who, uint64_t w, uint64_t h, size_t max_pixels,
                               const char *why)
{
    return pc_fail(ctx, PC_STATUS_TOO_LARGE, "%s: %llu x %llu pixels (%.1f megapixels) is over the limit of %g "
                   "megapixels%s%s", who, (unsigned long long)w, (unsigned long long)h, (double)(w * h) / 1e6,
                   (double)max_pixels / 1e6, why ? " " : "", why ? why : "");
}

/* stb_image 2.27 (Debian's) builds a Huffman table from the 16 code counts of a DHT
 * segment without checking that they add up to at most 256 symbols (stb 2.28 checks):
 * more write past the end of its tables (found by tests/fuzz/fuzz_image_decode). The
 * tables are read here as stb reads them: one after another while the segment's length
 * says more follow, even past that length, and as zeros past the end of the file. */
static int jpeg_dht_ok(const uint8_t *b, size_t n, size_t pos, long left)
{
    while (left > 0) {
        size_t symbols = 0;
        for (size_t i = 1; i <= 16; i++) symbols += pos + i < n ? b[pos + i] : 0;
        if (symbols > 256) return 0;
        pos += 17 + symbols;
        left -= 17 + (long)symbols;
    }
    return 1;
}

typedef struct jpeg_walk {
    int complete;         /* the end-of-image marker is reached, with only markers and scans before it */
    int bad_huffman;      /* a DHT segment stb would overflow on */
    int missing_huffman;  /* a scan decodes with a table no DHT defined before it */
    unsigned defined;     /* the tables defined so far: bits 0..3 DC, 4..7 AC */
    int progressive;      /* SOF2 */
} jpeg_walk;

/* stb_image 2.27 does not check that a scan's Huffman tables were ever defined: it decodes
 * with whatever its (malloc'd, uninitialised) table memory holds and indexes far outside
 * the tables (found by tests/fuzz/fuzz_image_decode; stb 2.28 bounds the index). A baseline
 * scan decodes with its components' DC and AC tables; a progressive one with the DC tables
 * in a first DC scan, the AC tables in any AC scan, none in a DC refinement. The SOS
 * segment is whole (its length was checked). */
static void jpeg_check_scan(jpeg_walk *w, const uint8_t *sos, size_t length)
{
    size_t components = length >= 3 ? sos[2] : 0;
    if (length < 6 + 2 * components) return;   /* stb refuses the segment itself */
    uint8_t ss = sos[3 + 2 * components], ah = sos[5 + 2 * components] >> 4;
    int need_dc = !w->progressive || (ss == 0 && ah == 0), need_ac = !w->progressive || ss > 0;
    for (size_t c = 0; c < components; c++) {
        unsigned dc = sos[4 + 2 * c] >> 4, ac = sos[4 + 2 * c] & 15;
        if ((need_dc && dc < 4 && !(w->defined & (1u << dc))) || (need_ac && ac < 4 && !(w->defined & (16u << ac))))
            w->missing_huffman = 1;
    }
}

/* Marks the tables a (whole) DHT segment defines, as stb reads them. */
static void jpeg_mark_tables(jpeg_walk *w, const uint8_t *b, size_t n, size_t pos, long left)
{
    while (left > 0 && pos + 16 < n) {
        uint8_t q = b[pos];
        size_t symbols = 0;
        for (size_t i = 1; i <= 16; i++) symbols += b[pos + i];
        if ((q >> 4) <= 1 && (q & 15) <= 3) w->defined |= 1u << ((q >> 4) * 4 + (q & 15));
        pos += 17 + symbols;
        left -= 17 + (long)symbols;
    }
}

/* Walks the JPEG marker segments and entropy-coded scans. A truncated file runs out
 * before its end-of-image marker. Bytes where a marker must be are skipped up to the next
 * 0xFF, as stb does, so that every DHT segment stb would read is checked. */
static jpeg_walk walk_jpeg(const uint8_t *b, size_t n)
{
    jpeg_walk w = {0, 0, 0, 0, 0};
    int garbage = 0;
    size_t pos = 2;   /* after SOI */
    while (pos < n) {
        if (b[pos] != 0xFF) { garbage = 1; pos++; continue; }   /* garbage where a marker must be */
        while (pos < n && b[pos] == 0xFF) pos++;                 /* fill bytes */
        if (pos >= n) break;
        uint8_t marker = b[pos++];
        if (marker == 0xD9) { w.complete = !garbage; break; }               /* EOI */
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue; /* no length */
        if (pos + 2 > n) break;
        size_t length = ((size_t)b[pos] << 8) | b[pos + 1];
        if (marker == 0xC4 && !jpeg_dht_ok(b, n, pos + 2, (long)length - 2)) w.bad_huffman = 1;
        if (length < 2 || pos + length > n) break;
        if (marker == 0xC2) w.progressive = 1;
        if (marker == 0xC4) jpeg_mark_tables(&w, b, n, pos + 2, (long)length - 2);
        if (marker == 0xDA) jpeg_check_scan(&w, b + pos, length);
        pos += length;
        if (marker != 0xDA) continue;
        /* Entropy-coded data: runs until a marker other than a stuffed 0xFF00 or RSTn. */
        for (;;) {
            if (pos + 1 >= n) return w;
            if (b[pos] == 0xFF) {
                uint8_t next = b[pos + 1];
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) { pos += 2; continue; }
                if (next == 0xFF) { pos++; continue; }
                break;   /* a real marker: back to the segment loop */
            }
            pos++;
        }
    }
    return w;
}

/* Every PNG chunk must fit in the file. stb_image 2.27 grows its IDAT buffer to a chunk's
 * declared length before reading it, so a few hundred bytes that claim a 1 GiB chunk make it
 * ask for 2 GiB (found by tests/fuzz/fuzz_image_decode). Returns 0 when a chunk's length
 * runs past the end of the file. */
static int png_chunks_fit(const uint8_t *b, size_t n)
{
    for (size_t pos = 8; pos + 8 <= n;) {
        uint64_t length = (uint64_t)b[pos] << 24 | (uint64_t)b[pos + 1] << 16 | (uint64_t)b[pos + 2] << 8 | b[pos + 3];
        if (length + 12 > n - pos) return 0;   /* 4 length, 4 type, the data, 4 CRC */
        if (memcmp(b + pos + 4, "IEND", 4) == 0) return 1;
        pos += (size_t)length + 12;
    }
    return 1;   /* a file cut inside a chunk header: stb's own message says so */
}

/* An uncompressed BMP must hold offset + stride * |height| bytes. */
static int bmp_is_complete(const uint8_t *b, size_t n)
{
    if (n < 34) return 0;
    uint32_t offset = (uint32_t)b[10] | (uint32_t)b[11] << 8 | (uint32_t)b[12] << 16 | (uint32_t)b[13] << 24;
    uint32_t header = (uint32_t)b[14] | (uint32_t)b[15] << 8 | (uint32_t)b[16] << 16 | (uint32_t)b[17] << 24;
    if (header < 40) return 1;   /* old OS/2 header: leave it to stb */
    int32_t width = (int32_t)((uint32_t)b[18] | (uint32_t)b[19] << 8 | (uint32_t)b[20] << 16 | (uint32_t)b[21] << 24);
    int32_t height = (int32_t)((uint32_t)b[22] | (uint32_t)b[23] << 8 | (uint32_t)b[24] << 16 | (uint32_t)b[25] << 24);
    unsigned bpp = (unsigned)b[28] | (unsigned)b[29] << 8;
    uint32_t compression = (uint32_t)b[30] | (uint32_t)b[31] << 8 | (uint32_t)b[32] << 16 | (uint32_t)b[33] << 24;
    if (compression != 0 && compression != 3) return 1;   /* RLE: stb checks as it goes */
    if (width <= 0 || height == 0 || bpp == 0) return 0;
    uint64_t rows = height < 0 ? (uint64_t)(-(int64_t)height) : (uint64_t)height;
    uint64_t stride = (((uint64_t)width * bpp + 31) / 32) * 4;
    return (uint64_t)offset + stride * rows <= (uint64_t)n;
}

pc_status pc_image_decode(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                          pc_image *out)
{
    return pc_image_decode_within(ctx, bytes, size, name, PC_IMAGE_MAX_PIXELS, NULL, out);
}

pc_status pc_image_decode_within(pc_ctx *ctx, const uint8_t *bytes, size_t size, const char *name,
                                 size_t max_pixels, const char *why, pc_image *out)
{
    const char *who = label(name);
    if (!out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: no output image given", who);
    if (!bytes || size == 0) return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: the file is empty", who);
    if (size > (size_t)INT32_MAX)
        return pc_fail(ctx, PC_STATUS_TOO_LARGE, "%s: the file is larger than 2 GiB", who);

    image_format format = sniff_format(bytes, size);
    if (format == FORMAT_UNKNOWN) {
        const char *kind = guess_foreign_kind(bytes, size);
        if (kind)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                           "%s: not a PNG, JPEG or BMP image; it looks like %s", who, kind);
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: not a PNG, JPEG or BMP image", who);
    }

    jpeg_walk jpeg = {1, 0, 0, 0, 0};
    if (format == FORMAT_JPEG) jpeg = walk_jpeg(bytes, size);
    if (jpeg.bad_huffman)   /* before stb reads a single table, even for the header */
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                       "%s: corrupt JPEG: a Huffman table is damaged (more than 256 codes)", who);
    if (jpeg.missing_huffman)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                       "%s: corrupt JPEG: a scan uses a Huffman table the file never defines (a damaged file, or "
                       "a Motion-JPEG frame without its tables)", who);

    uint64_t header_w, header_h;
    if (header_dimensions(format, bytes, size, &header_w, &header_h)) {
        if (over_limit(header_w, header_h)) return refuse_size(ctx, who, header_w, header_h);
        if (header_w * header_h > max_pixels) return refuse_budget(ctx, who, header_w, header_h, max_pixels, why);
    }

    int width = 0, height = 0, channels = 0;
    pc_stbi_failure_clear();
    if (!stbi_info_from_memory(bytes, (int)size, &width, &height, &channels))
        return refuse_corrupt(ctx, who, format, "header");
    if (width <= 0 || height <= 0)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: %s header gives an empty image (%d x %d)", who,
                       format_name(format), width, height);
    if (over_limit((uint64_t)width, (uint64_t)height)) return refuse_size(ctx, who, (uint64_t)width, (uint64_t)height);
    if ((uint64_t)width * (uint64_t)height > max_pixels)
        return refuse_budget(ctx, who, (uint64_t)width, (uint64_t)height, max_pixels, why);
    if (format == FORMAT_PNG && stbi_is_16_bit_from_memory(bytes, (int)size))
        return pc_fail(ctx, PC_STATUS_UNSUPPORTED,
                       "%s: 16-bit PNG is not supported (polar-map exports are 8-bit colour; "
                       "export as 8-bit PNG or JPEG)", who);
    if (format == FORMAT_PNG && !png_chunks_fit(bytes, size))
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: corrupt or truncated PNG data: %s", who,
                       plain_reason("outofdata", format));
    if (!jpeg.complete)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                       "%s: JPEG data ends before its end-of-image marker (truncated or corrupt file)", who);
    if (format == FORMAT_BMP && !bmp_is_complete(bytes, size))
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: BMP pixel data is truncated", who);

    /* With alpha, decode RGBA and composite on black (the background of a polar map),
     * rather than keep whatever colour transparent pixels happen to carry. */
    int has_alpha = channels == 2 || channels == 4;
    int got = 0;
    pc_stbi_failure_clear();
    uint8_t *pixels = stbi_load_from_memory(bytes, (int)size, &width, &height, &got, has_alpha ? 4 : 3);
    if (!pixels) return refuse_corrupt(ctx, who, format, "data");
    if (has_alpha) {
        size_t count = (size_t)width * (size_t)height;
        for (size_t i = 0; i < count; i++) {
            unsigned a = pixels[4 * i + 3];
            for (int c = 0; c < 3; c++)
                pixels[3 * i + c] = (uint8_t)((pixels[4 * i + c] * a + 127) / 255);
        }
        /* Shrinking in place never moves a pixel ahead of one not yet read. */
        uint8_t *shrunk = realloc(pixels, count * 3);
        if (shrunk) pixels = shrunk;
    }
    out->width = width;
    out->height = height;
    out->rgb = pixels;   /* stb allocates with malloc (STBI_MALLOC default), freed by free() */
    return PC_STATUS_OK;
}
