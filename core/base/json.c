/* json.c: see json.h. A recursive-descent recogniser of RFC 8259's grammar: value, object,
 * array, string (escapes checked, \u with four hex digits), number (no leading zeros, digits
 * after '.' and 'e'), the literals true, false and null. Every step checks the index
 * against n, so no NUL terminator is needed. */
#include "json.h"

#include <stdint.h>
#include <string.h>

int pc_utf8_is_text(const char *text, size_t n, int multiline)
{
    const uint8_t *s = (const uint8_t *)text;
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        if (c < 0x80) {
            if (c < 0x20 && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) return 0;
            if (c == 0x7F) return 0;
            i++;
            continue;
        }
        /* Lead bytes 0x80..0xC1 are continuations or overlong 2-byte forms; above 0xF4 the
         * code point would exceed U+10FFFF. */
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (!len || c > 0xF4 || len > n - i) return 0;
        uint32_t cp = c & (0x3F >> (len - 1));
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

typedef struct json_parser {
    const char *s;
    size_t i, n;   /* next character, length */
    int depth;     /* objects and arrays open around i */
} json_parser;

static void json_ws(json_parser *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' || j->s[j->i] == '\r'))
        j->i++;
}

static int json_value(json_parser *j);

static int json_string(json_parser *j)
{
    if (j->i >= j->n || j->s[j->i] != '"') return 0;
    for (j->i++; j->i < j->n; j->i++) {
        unsigned char c = (unsigned char)j->s[j->i];
        if (c == '"') return j->i++, 1;
        if (c < 0x20) return 0;
        if (c == '\\') {
            if (++j->i >= j->n) return 0;
            char e = j->s[j->i];
            if (e == 'u') {
                for (int k = 0; k < 4; k++) {
                    if (++j->i >= j->n) return 0;
                    char h = j->s[j->i];
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return 0;
                }
            } else if (e == '\0' || !strchr("\"\\/bfnrt", e)) {   /* strchr would find the NUL */
                return 0;
            }
        }
    }
    return 0;
}

static int json_digits(json_parser *j)
{
    size_t start = j->i;
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') j->i++;
    return j->i > start;
}

static int json_number(json_parser *j)
{
    if (j->i < j->n && j->s[j->i] == '-') j->i++;
    if (j->i < j->n && j->s[j->i] == '0')
        j->i++;
    else if (!json_digits(j))
        return 0;
    if (j->i < j->n && j->s[j->i] == '.') {
        j->i++;
        if (!json_digits(j)) return 0;
    }
    if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
        j->i++;
        if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-')) j->i++;
        if (!json_digits(j)) return 0;
    }
    return 1;
}

static int json_literal(json_parser *j, const char *lit)
{
    size_t len = strlen(lit);
    if (j->n - j->i < len || memcmp(j->s + j->i, lit, len) != 0) return 0;
    j->i += len;
    return 1;
}

/* An object (open '{') or array ('['), j->i at the opening bracket. */
static int json_container(json_parser *j, char open, char close)
{
    if (++j->depth > PC_JSON_MAX_DEPTH) return 0;
    j->i++;
    json_ws(j);
    if (j->i < j->n && j->s[j->i] == close) return j->i++, j->depth--, 1;
    for (;;) {
        if (open == '{') {
            if (!json_string(j)) return 0;
            json_ws(j);
            if (j->i >= j->n || j->s[j->i] != ':') return 0;
            j->i++;
            json_ws(j);
        }
        if (!json_value(j)) return 0;
        json_ws(j);
        if (j->i >= j->n) return 0;
        if (j->s[j->i] == close) return j->i++, j->depth--, 1;
        if (j->s[j->i] != ',') return 0;
        j->i++;
        json_ws(j);
    }
}

static int json_value(json_parser *j)
{
    if (j->i >= j->n) return 0;
    switch (j->s[j->i]) {
    case '{': return json_container(j, '{', '}');
    case '[': return json_container(j, '[', ']');
    case '"': return json_string(j);
    case 't': return json_literal(j, "true");
    case 'f': return json_literal(j, "false");
    case 'n': return json_literal(j, "null");
    default: return json_number(j);
    }
}

int pc_json_is_object(const char *s, size_t n)
{
    if (!pc_utf8_is_text(s, n, 1)) return 0;
    json_parser j = {s, 0, n, 0};
    json_ws(&j);
    if (j.i >= n || s[j.i] != '{' || !json_value(&j)) return 0;
    json_ws(&j);
    return j.i == n;
}
