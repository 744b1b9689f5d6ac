/* bytes.c: see bytes.h. Values are assembled byte by byte (shifts, no casts of pointers),
 * so the code is the same on little- and big-endian hosts and never reads unaligned. */
#include "bytes.h"

#include <stdlib.h>
#include <string.h>

#include "checked.h"

/* ---- reader ---- */

const uint8_t *pc_bytes_get(pc_byte_reader *r, size_t n)
{
    if (r->failed) return NULL;
    if (n > r->left) {
        r->failed = 1;
        r->needed = n;
        return NULL;
    }
    const uint8_t *p = r->p;
    r->p += n;
    r->left -= n;
    return p;
}

/* The next `bytes` bytes (at most 8) as a little-endian integer; 0 after a failure. */
static uint64_t get_le(pc_byte_reader *r, int bytes)
{
    const uint8_t *p = pc_bytes_get(r, (size_t)bytes);
    uint64_t v = 0;
    for (int i = 0; p && i < bytes; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}

uint8_t pc_bytes_get_u8(pc_byte_reader *r)
{
    return (uint8_t)get_le(r, 1);
}

uint16_t pc_bytes_get_u16(pc_byte_reader *r)
{
    return (uint16_t)get_le(r, 2);
}

uint32_t pc_bytes_get_u32(pc_byte_reader *r)
{
    return (uint32_t)get_le(r, 4);
}

uint64_t pc_bytes_get_u64(pc_byte_reader *r)
{
    return get_le(r, 8);
}

float pc_bytes_get_f32(pc_byte_reader *r)
{
    uint32_t v = pc_bytes_get_u32(r);
    float f;
    memcpy(&f, &v, sizeof f);
    return f;
}

int pc_bytes_take(pc_byte_reader *r, uint64_t n, pc_byte_reader *part_out)
{
    if (r->failed) return 0;
    if (n > r->left) {
        r->failed = 1;
        r->needed = (uint64_t)(size_t)n == n ? (size_t)n : SIZE_MAX;   /* wasm: size_t is 32 bits */
        return 0;
    }
    *part_out = pc_byte_reader_of(r->p, (size_t)n);
    r->p += n;
    r->left -= (size_t)n;
    return 1;
}

/* ---- writer ---- */

int pc_bytes_reserve(pc_byte_writer *w, size_t n)
{
    if (w->failed) return 0;
    size_t need;
    if (!pc_size_add(w->len, n, &need)) {
        w->failed = 1;
        return 0;
    }
    if (need <= w->cap) return 1;
    /* Grow geometrically so byte-by-byte puts stay linear overall; exactly `need` when
     * doubling would overflow. */
    size_t cap = w->cap < 256 ? 256 : w->cap;
    while (cap < need && cap <= SIZE_MAX / 2) cap *= 2;
    if (cap < need) cap = need;
    uint8_t *grown = realloc(w->bytes, cap);
    if (!grown) {
        w->failed = 1;
        return 0;
    }
    w->bytes = grown;
    w->cap = cap;
    return 1;
}

void pc_bytes_put(pc_byte_writer *w, const void *data, size_t n)
{
    if (!pc_bytes_reserve(w, n)) return;
    if (n) memcpy(w->bytes + w->len, data, n);
    w->len += n;
}

/* v as `bytes` little-endian bytes. */
static void put_le(pc_byte_writer *w, uint64_t v, int bytes)
{
    uint8_t b[8];
    for (int i = 0; i < bytes; i++) b[i] = (uint8_t)(v >> (8 * i));
    pc_bytes_put(w, b, (size_t)bytes);
}

void pc_bytes_put_u8(pc_byte_writer *w, uint8_t v)
{
    put_le(w, v, 1);
}

void pc_bytes_put_u16(pc_byte_writer *w, uint16_t v)
{
    put_le(w, v, 2);
}

void pc_bytes_put_u32(pc_byte_writer *w, uint32_t v)
{
    put_le(w, v, 4);
}

void pc_bytes_put_u64(pc_byte_writer *w, uint64_t v)
{
    put_le(w, v, 8);
}

void pc_bytes_put_f32(pc_byte_writer *w, float v)
{
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    pc_bytes_put_u32(w, u);
}

void pc_byte_writer_free(pc_byte_writer *w)
{
    free(w->bytes);
    memset(w, 0, sizeof *w);
}
