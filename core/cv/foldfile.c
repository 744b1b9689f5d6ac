/* foldfile.c: reading and writing fold result files (see foldfile.h). */
#include "foldfile.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/crc32.h"
#include "../base/text.h"

static const char header_columns[] = "case_id,label,fold,p_cad";

void pc_fold_file_free(pc_fold_file *file)
{
    if (!file) return;
    for (int i = 0; i < file->count; i++) free(file->rows[i].case_id);
    free(file->rows);
    free(file->config);
    memset(file, 0, sizeof *file);
}

/* One line of the text from *pos (without its LF or CRLF); *pos moves past it. Returns 0
 * at the end. A quoted field may hold line breaks, so rows are split by next_field, not here. */
static int next_line(const char *text, size_t size, size_t *pos, const char **line, size_t *len)
{
    if (*pos >= size) return 0;
    const char *s = text + *pos, *nl = memchr(s, '\n', size - *pos);
    size_t n = nl ? (size_t)(nl - s) : size - *pos;
    *pos += n + (nl != NULL);
    if (n && s[n - 1] == '\r') n--;
    *line = s;
    *len = n;
    return 1;
}

/* One CSV field of a row starting at *p (RFC 4180 quoting), copied into out (cap bytes).
 * *p moves past the field and its comma. Returns 0 on a malformed quote or a field too long. */
static int next_field(const char **p, const char *end, char *out, size_t cap)
{
    const char *s = *p;
    size_t n = 0;
    if (s < end && *s == '"') {
        for (s++;; s++) {
            if (s >= end) return 0;
            if (*s == '"') {
                if (s + 1 < end && s[1] == '"') s++;
                else { s++; break; }
            }
            if (n + 1 >= cap) return 0;
            out[n++] = *s;
        }
        if (s < end && *s != ',') return 0;
    } else {
        for (; s < end && *s != ','; s++) {
            if (*s == '"' || n + 1 >= cap) return 0;
            out[n++] = *s;
        }
    }
    out[n] = '\0';
    *p = s < end ? s + 1 : s;
    return 1;
}

/* A whole number in [lo, hi] from text; 0 otherwise. */
static int parse_int(const char *text, long lo, long hi, int *out)
{
    char *e = NULL;
    errno = 0;
    long v = strtol(text, &e, 10);
    if (!*text || *e || errno || v < lo || v > hi) return 0;
    *out = (int)v;
    return 1;
}

/* Parses the data rows from *pos; rows is grown as needed. */
static pc_status parse_rows(pc_ctx *ctx, const char *text, size_t size, size_t pos, int line_no, const char *name,
                            pc_fold_file *f)
{
    const char *line;
    size_t len;
    int cap = 0;
    char id[1024], field[3][64];
    while (next_line(text, size, &pos, &line, &len)) {
        line_no++;
        if (!len) continue;
        /* A quoted case_id with a line break in it: extend the line to the closing quote. */
        if (line[0] == '"') {
            while (1) {
                int quotes = 0;
                for (size_t i = 0; i < len; i++) quotes += line[i] == '"';
                if (quotes % 2 == 0 || pos >= size) break;
                const char *more;
                size_t more_len;
                next_line(text, size, &pos, &more, &more_len);
                len = (size_t)(more - line) + more_len;
            }
        }
        const char *p = line, *end = line + len;
        if (!next_field(&p, end, id, sizeof id) || !next_field(&p, end, field[0], sizeof field[0]) ||
            !next_field(&p, end, field[1], sizeof field[1]) || !next_field(&p, end, field[2], sizeof field[2]) ||
            p != end || end[-1] == ',')
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: expected 4 fields case_id,label,fold,p_cad", name,
                           line_no);
        pc_fold_row r = {NULL, 0, 0, 0, line_no};
        char *e = NULL;
        if (!id[0]) return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: empty case_id", name, line_no);
        if (!parse_int(field[0], 0, 1, &r.label))
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: label '%s' must be 0 or 1", name, line_no, field[0]);
        if (!parse_int(field[1], 1, f->folds, &r.fold) || r.fold != f->fold)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: fold '%s' is not this file's fold %d", name, line_no,
                           field[1], f->fold);
        errno = 0;
        r.p_cad = strtod(field[2], &e);
        if (!field[2][0] || *e || errno || !(r.p_cad >= 0 && r.p_cad <= 1))
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: p_cad '%s' is not a probability (0..1)", name,
                           line_no, field[2]);
        if (f->count == cap) {
            cap = cap ? 2 * cap : 64;
            pc_fold_row *grown = realloc(f->rows, sizeof *grown * (size_t)cap);
            if (!grown) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", name);
            f->rows = grown;
        }
        if (!(r.case_id = malloc(strlen(id) + 1))) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", name);
        strcpy(r.case_id, id);
        f->rows[f->count++] = r;
    }
    if (!f->count) return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: no cases after the header", name);
    return PC_STATUS_OK;
}

pc_status pc_fold_file_parse(pc_ctx *ctx, const char *text, size_t size, const char *name, pc_fold_file *out)
{
    pc_fold_file f;
    memset(&f, 0, sizeof f);
    size_t pos = 0, len;
    const char *line;
    char buf[128];
    int n = 0;
    if (!next_line(text, size, &pos, &line, &len) || len >= sizeof buf)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 1: expected '# polarcad cv fold K of N'", name);
    memcpy(buf, line, len);
    buf[len] = '\0';
    if (sscanf(buf, "# polarcad cv fold %d of %d%n", &f.fold, &f.folds, &n) != 2 || (size_t)n != len ||
        f.folds < 2 || f.fold < 1 || f.fold > f.folds)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 1: expected '# polarcad cv fold K of N' (got '%s')", name,
                       buf);
    static const char tag[] = "# config: ";
    if (!next_line(text, size, &pos, &line, &len) || len < sizeof tag - 1 || memcmp(line, tag, sizeof tag - 1))
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 2: expected '# config: key=value ...'", name);
    if (!(f.config = malloc(len - (sizeof tag - 1) + 1)))
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", name);
    memcpy(f.config, line + sizeof tag - 1, len - (sizeof tag - 1));
    f.config[len - (sizeof tag - 1)] = '\0';
    pc_status status = PC_STATUS_OK;
    if (!next_line(text, size, &pos, &line, &len) || len != strlen(header_columns) || memcmp(line, header_columns, len))
        status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 3: expected the header '%s'", name, header_columns);
    if (!status) status = parse_rows(ctx, text, size, pos, 3, name, &f);
    if (status) {
        pc_fold_file_free(&f);
        return status;
    }
    *out = f;
    return PC_STATUS_OK;
}

pc_status pc_fold_file_format(pc_ctx *ctx, int fold, int folds, const char *config, const char *const *case_ids,
                              const int *labels, const double *p_cad, int count, char **text_out, size_t *size_out)
{
    pc_text t = {0};
    pc_text_printf(&t, "# polarcad cv fold %d of %d\n# config: %s\n%s\n", fold, folds, config, header_columns);
    for (int i = 0; i < count; i++) {
        const char *id = case_ids[i];
        if (strpbrk(id, ",\"\r\n")) {
            pc_text_printf(&t, "\"");
            for (const char *p = id; *p; p++) pc_text_printf(&t, *p == '"' ? "\"\"" : "%c", *p);
            pc_text_printf(&t, "\"");
        } else {
            pc_text_printf(&t, "%s", id);
        }
        pc_text_printf(&t, ",%d,%d,%.9f\n", labels[i] != 0, fold, p_cad[i]);
    }
    if (t.failed) {
        pc_text_free(&t);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "fold file: out of memory");
    }
    *text_out = t.s;
    *size_out = t.len;
    return PC_STATUS_OK;
}

/* The weights= tag's file name (up to its last ':') and checksum (after it) in config. */
static int weights_tag_parts(const char *config, const char **tag, size_t *tag_len, size_t *name_len)
{
    const char *w = strstr(config, "weights=");
    if (!w) return 0;
    *tag = w;
    *tag_len = strcspn(w, " ");
    const char *colon = NULL;
    for (const char *c = w; c < w + *tag_len; c++)
        if (*c == ':') colon = c;
    if (!colon) return 0;
    *name_len = (size_t)(colon - w);
    return 1;
}

int pc_fold_config_same(const char *a, const char *b)
{
    if (strcmp(a, b) == 0) return 1;
    const char *ta, *tb;
    size_t la, lb, na, nb;
    if (!weights_tag_parts(a, &ta, &la, &na) || !weights_tag_parts(b, &tb, &lb, &nb)) return 0;
    static const char legacy[] = ":2144df1c";
    const size_t n = sizeof legacy - 1;
    int a_legacy = la - na == n && memcmp(ta + na, legacy, n) == 0;
    int b_legacy = lb - nb == n && memcmp(tb + nb, legacy, n) == 0;
    return (a_legacy || b_legacy) && ta - a == tb - b && memcmp(a, b, (size_t)(ta - a)) == 0 && na == nb &&
           memcmp(ta, tb, na) == 0 && strcmp(ta + la, tb + lb) == 0;
}

int pc_fold_config_value(const char *config, const char *key, char *out, size_t cap)
{
    size_t k = strlen(key);
    for (const char *p = config; *p;) {
        while (*p == ' ') p++;
        const char *end = strchr(p, ' ');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > k && strncmp(p, key, k) == 0 && p[k] == '=') {
            if (n - k - 1 >= cap) return 0;
            memcpy(out, p + k + 1, n - k - 1);
            out[n - k - 1] = '\0';
            return 1;
        }
        p += n;
    }
    return 0;
}

uint32_t pc_fold_manifest_crc32(const uint8_t *bytes, size_t size)
{
    return pc_crc32(0, bytes, size);
}
