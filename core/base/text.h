/* text.h: a growing text buffer written with printf-style appends.
 *
 * Writers of CSV and text files build the whole file in memory, then write it once
 * (atomically). An allocation failure is remembered rather than reported per call, so a
 * writer appends freely and checks `failed` once at the end. */
#ifndef PC_BASE_TEXT_H
#define PC_BASE_TEXT_H

#include <stddef.h>

typedef struct pc_text {
    char *s;       /* NUL-terminated once anything was appended; NULL before; owned */
    size_t len;    /* bytes used, without the NUL */
    size_t cap;    /* bytes allocated */
    int failed;    /* 1 after an allocation or formatting failure; later appends do nothing */
} pc_text;

/* Appends printf-formatted text. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void pc_text_printf(pc_text *t, const char *fmt, ...);

/* Frees the buffer and zeroes the struct (a zeroed pc_text is an empty buffer). */
void pc_text_free(pc_text *t);

#endif
