/* bytes.h: a bounds-checked little-endian byte reader and a growable byte writer, the
 * building blocks of polarcad's binary file formats (io/model_file.c).
 *
 * The reader never trusts a length read from a file: every read first checks the bytes it
 * needs against the bytes that remain (sizes from files may be anything; a reader that
 * walks pointers from header fields unchecked reads out of bounds on the first truncated
 * file). A read past the end consumes nothing, returns zeros and marks the reader failed;
 * every later read fails too. So a parser reads a group of fields, checks `failed` once,
 * and writes its own message from `needed` and `left`: the reader knows no file name and
 * holds no error context.
 *
 * The writer appends, growing its buffer with overflow-checked sizes (base/checked.h). An
 * allocation failure or overflow is remembered the same way, so a writer puts freely and
 * checks `failed` once at the end.
 *
 * Both use little-endian byte order whatever the host's, floats as their IEEE-754 binary32
 * bit patterns. Argument order: the reader or writer comes first, as pc_ctx does (it is
 * the object the call works on); a separate result goes last (pc_bytes_take's part_out). */
#ifndef PC_BASE_BYTES_H
#define PC_BASE_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* ---- reader ---- */

typedef struct pc_byte_reader {
    const uint8_t *p;   /* next unread byte; a view into the caller's bytes, never owned */
    size_t left;        /* bytes that remain from p */
    int failed;         /* 1 after a read past the end; later reads fail too */
    size_t needed;      /* after the failure: the bytes the failed read needed (left: what remained) */
} pc_byte_reader;

/* A reader over bytes[0..size). */
static inline pc_byte_reader pc_byte_reader_of(const uint8_t *bytes, size_t size)
{
    pc_byte_reader r = {bytes, size, 0, 0};
    return r;
}

/* The next n bytes (a pointer into the reader's bytes), skipped over; NULL when fewer
 * than n remain or the reader has failed. */
const uint8_t *pc_bytes_get(pc_byte_reader *r, size_t n);
uint8_t pc_bytes_get_u8(pc_byte_reader *r);
uint16_t pc_bytes_get_u16(pc_byte_reader *r);
uint32_t pc_bytes_get_u32(pc_byte_reader *r);
uint64_t pc_bytes_get_u64(pc_byte_reader *r);
float pc_bytes_get_f32(pc_byte_reader *r);
/* Splits off the next n bytes as a reader of their own (a section's payload) and skips
 * them. n is a u64 as files store it: on a 32-bit host (wasm) it may exceed size_t.
 * Returns 1, or 0 (r failed, *part_out untouched) when fewer than n remain. */
int pc_bytes_take(pc_byte_reader *r, uint64_t n, pc_byte_reader *part_out);

/* ---- writer ---- */

typedef struct pc_byte_writer {
    uint8_t *bytes;   /* owned; NULL before anything was reserved or put. Take it, or pc_byte_writer_free */
    size_t len;       /* bytes written */
    size_t cap;       /* bytes allocated */
    int failed;       /* 1 after an allocation failure or a size overflow; later puts do nothing */
} pc_byte_writer;

/* Makes room for n more bytes, so a writer that knows its total size allocates once.
 * Returns 1, or 0 when the writer has failed (now or before). */
int pc_bytes_reserve(pc_byte_writer *w, size_t n);
void pc_bytes_put(pc_byte_writer *w, const void *data, size_t n);
void pc_bytes_put_u8(pc_byte_writer *w, uint8_t v);
void pc_bytes_put_u16(pc_byte_writer *w, uint16_t v);
void pc_bytes_put_u32(pc_byte_writer *w, uint32_t v);
void pc_bytes_put_u64(pc_byte_writer *w, uint64_t v);
void pc_bytes_put_f32(pc_byte_writer *w, float v);
/* Frees the buffer and zeroes the writer (a zeroed pc_byte_writer is empty). */
void pc_byte_writer_free(pc_byte_writer *w);

#endif
