/* json.h: validation of UTF-8 text and of JSON syntax, for the text fields of binary
 * formats (the model file's class names and metadata, io/model_file.c).
 *
 * Validation only: nothing is parsed into values. A reader that needs the values (the page,
 * with JSON.parse) gets text that is known to be well-formed, so a corrupted or hostile
 * file fails here with a clear message instead of somewhere downstream. */
#ifndef PC_BASE_JSON_H
#define PC_BASE_JSON_H

#include <stddef.h>

/* Deepest nesting of objects and arrays accepted (the outer object is depth 1). The
 * validator recurses once per level, so the limit bounds its stack use: a file of a
 * million '[' must not overflow the stack, least of all wasm's small one. Metadata that
 * people write is a few levels deep. */
enum { PC_JSON_MAX_DEPTH = 64 };

/* 1 when s[0..n) is well-formed UTF-8 (shortest forms only, no surrogates, nothing above
 * U+10FFFF) without control characters (C0 and DEL); multiline != 0 also allows tab, LF
 * and CR. 0 otherwise. */
int pc_utf8_is_text(const char *s, size_t n, int multiline);

/* 1 when s[0..n) is UTF-8 text (pc_utf8_is_text, multiline) holding exactly one JSON
 * object (RFC 8259 syntax, whitespace around it allowed) nested at most PC_JSON_MAX_DEPTH
 * deep. 0 otherwise. s need not be NUL-terminated. */
int pc_json_is_object(const char *s, size_t n);

#endif
