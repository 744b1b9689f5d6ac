/* manifest.c: manifest.csv parsing (see manifest.h).
 *
 * A small RFC 4180 reader: records are split into fields by a state machine that knows
 * about quotes, so commas and line breaks inside quotes stay in the field. Each record
 * remembers the line it started on, for messages. */
#define _POSIX_C_SOURCE 200809L
#include "manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/file.h"
#include "../base/json.h"

#define MANIFEST_MAX_BYTES ((size_t)64 * 1024 * 1024)

enum { COL_CASE_ID = 0, COL_LABEL, COL_MAPS, COL_SEX = COL_MAPS + PC_MAP_COUNT, COL_KNOWN };

/* One record: fields as NUL-terminated strings in one buffer. */
typedef struct record {
    char **field;
    int count, capacity;
    char *text;
    size_t length, text_capacity;
    int line;
} record;

static void record_free(record *r)
{
    free(r->field);
    free(r->text);
}

static int text_push(record *r, char c)
{
    if (r->length + 1 >= r->text_capacity) {
        size_t cap = r->text_capacity ? r->text_capacity * 2 : 256;
        char *grown = realloc(r->text, cap);
        if (!grown) return 0;
        r->text = grown;
        r->text_capacity = cap;
    }
    r->text[r->length++] = c;
    return 1;
}

/* Field starts are kept as offsets while the text grows, then turned into pointers. */
static int field_start(record *r)
{
    if (r->count == r->capacity) {
        int cap = r->capacity ? r->capacity * 2 : 16;
        char **grown = realloc(r->field, sizeof(char *) * (size_t)cap);
        if (!grown) return 0;
        r->field = grown;
        r->capacity = cap;
    }
    r->field[r->count++] = (char *)(uintptr_t)r->length;
    return 1;
}

typedef struct reader {
    const char *p, *end;
    int line;   /* line of *p */
    const char *name;
} reader;

/* Reads the next non-blank record. Returns 1 with a record, 0 at the end, -1 on error
 * (message in ctx). */
static int read_record(pc_ctx *ctx, reader *rd, record *r)
{
    /* Skip blank lines. */
    while (rd->p < rd->end && (*rd->p == '\n' || *rd->p == '\r')) {
        if (*rd->p == '\n') rd->line++;
        rd->p++;
    }
    if (rd->p >= rd->end) return 0;
    r->count = 0;
    r->length = 0;
    r->line = rd->line;
    if (!field_start(r)) goto oom;
    int quoted = 0, after_quote = 0;
    while (rd->p < rd->end) {
        char c = *rd->p;
        if (quoted) {
            if (c == '"') {
                if (rd->p + 1 < rd->end && rd->p[1] == '"') {
                    if (!text_push(r, '"')) goto oom;
                    rd->p += 2;
                    continue;
                }
                quoted = 0;
                after_quote = 1;
                rd->p++;
                continue;
            }
            if (c == '\n') rd->line++;
            if (!text_push(r, c)) goto oom;
            rd->p++;
            continue;
        }
        if (c == ',') {
            if (!text_push(r, '\0') || !field_start(r)) goto oom;
            after_quote = 0;
            rd->p++;
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (c == '\r' && rd->p + 1 < rd->end && rd->p[1] == '\n') rd->p++;
            rd->p++;
            rd->line++;
            break;
        }
        if (c == '"') {
            /* A quote opens a field only at its start; elsewhere it is malformed. */
            size_t start = (size_t)(uintptr_t)r->field[r->count - 1];
            if (r->length != start || after_quote)
                return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: a quote (\") in the middle of a field "
                               "(quote the whole field and double inner quotes)", rd->name, rd->line), -1;
            quoted = 1;
            rd->p++;
            continue;
        }
        if (after_quote)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: text after a closing quote", rd->name, rd->line),
                   -1;
        if (c == '\0')
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: a NUL byte (is this a text file?)", rd->name,
                           rd->line), -1;
        if (!text_push(r, c)) goto oom;
        rd->p++;
    }
    if (quoted)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: a quoted field is never closed", rd->name, r->line),
               -1;
    if (!text_push(r, '\0')) goto oom;
    for (int i = 0; i < r->count; i++) r->field[i] = r->text + (size_t)(uintptr_t)r->field[i];
    return 1;
oom:
    return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", rd->name), -1;
}

/* Trims spaces and tabs at both ends, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    return s;
}

static char *join_path(const char *folder, const char *rel)
{
    size_t nf = folder && rel[0] != '/' ? strlen(folder) : 0, nr = strlen(rel);
    char *out = malloc(nf + nr + 2);
    if (!out) return NULL;
    if (nf) {
        memcpy(out, folder, nf);
        if (out[nf - 1] != '/') out[nf++] = '/';
    }
    memcpy(out + nf, rel, nr + 1);
    return out;
}

void pc_manifest_free(pc_manifest *m)
{
    if (!m) return;
    for (int i = 0; i < m->count; i++) {
        free(m->cases[i].case_id);
        for (int k = 0; k < PC_MAP_COUNT; k++) free(m->cases[i].path[k]);
    }
    free(m->cases);
    m->cases = NULL;
    m->count = 0;
    m->has_sex = 0;
}

/* Case ids and paths go into messages, CSV and JSON output: they must be UTF-8 text (a
 * spreadsheet's "CSV" in a legacy code page is not). */
static pc_status check_text(pc_ctx *ctx, const char *who, const record *r)
{
    for (int i = 0; i < r->count; i++)
        if (!pc_utf8_is_text(r->field[i], strlen(r->field[i]), 1))
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: field %d is not UTF-8 text (save the manifest "
                           "as UTF-8, \"CSV UTF-8\" in a spreadsheet)", who, r->line, i + 1);
    return PC_STATUS_OK;
}

static int compare_ids(const void *a, const void *b)
{
    const pc_manifest_case *x = *(const pc_manifest_case *const *)a, *y = *(const pc_manifest_case *const *)b;
    return strcmp(x->case_id, y->case_id);
}

unsigned pc_manifest_maps_for(pc_dataset dataset)
{
    unsigned maps = 0;
    for (int k = 0; k < PC_MAP_COUNT; k++)
        if (pc_dataset_uses_map(dataset, (pc_map)k)) maps |= 1u << k;
    return maps;
}

/* "stress_ac, rest_ac": the map columns of a mask, for messages. */
static void needed_names(unsigned maps, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int k = 0; k < PC_MAP_COUNT; k++)
        if (maps & (1u << k)) {
            size_t n = strlen(buf);
            snprintf(buf + n, size - n, ", %s", pc_map_name((pc_map)k));
        }
}

pc_status pc_manifest_parse(pc_ctx *ctx, const char *text, size_t size, const char *name, const char *folder,
                            pc_manifest *out)
{
    return pc_manifest_parse_maps(ctx, text, size, name, folder, PC_MANIFEST_ALL_MAPS, out);
}

pc_status pc_manifest_parse_maps(pc_ctx *ctx, const char *text, size_t size, const char *name, const char *folder,
                                 unsigned maps, pc_manifest *out)
{
    const char *who = name && name[0] ? name : "manifest";
    if (!out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: no output given", who);
    if (!text || size == 0) return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: the file is empty", who);
    if (size >= 2 && (((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) ||
                      ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF)))
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: the file is UTF-16 text; save it as UTF-8 (CSV UTF-8)", who);
    reader rd = {text, text + size, 1, who};
    if (size >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF)
        rd.p += 3;

    static const char *const known[COL_KNOWN] = {"case_id", "label", "stress_nac", "rest_nac",
                                                 "stress_ac", "rest_ac", "sex"};
    int column[COL_KNOWN];
    for (int k = 0; k < COL_KNOWN; k++) column[k] = -1;
    record r = {0};
    pc_manifest m = {0};
    int capacity = 0, header_fields = 0;
    pc_status status = PC_STATUS_OK;

    int got = read_record(ctx, &rd, &r);
    if (got < 0) { status = pc_ctx_last_status(ctx); goto fail; }
    if (got == 0) { status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: the file is empty", who); goto fail; }
    if ((status = check_text(ctx, who, &r))) goto fail;
    header_fields = r.count;
    for (int i = 0; i < r.count; i++) {
        const char *col = trim(r.field[i]);
        for (int k = 0; k < COL_KNOWN; k++) {
            if (strcmp(col, known[k]) != 0) continue;
            if (column[k] >= 0) {
                status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: the column '%s' appears twice", who, r.line,
                                 col);
                goto fail;
            }
            column[k] = i;
        }
    }
    maps &= PC_MANIFEST_ALL_MAPS;
    for (int k = 0; k < COL_SEX; k++) {
        const int needed = k < COL_MAPS || (maps & (1u << (k - COL_MAPS)));
        if (column[k] < 0 && needed) {
            char names[80];
            needed_names(maps, names, sizeof names);
            status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: the header lacks the column '%s' (%s needs "
                             "case_id, label%s)", who, r.line, known[k],
                             maps == PC_MANIFEST_ALL_MAPS ? "a manifest" : "this data set", names);
            goto fail;
        }
    }
    m.has_sex = column[COL_SEX] >= 0;

    while ((got = read_record(ctx, &rd, &r)) == 1) {
        if ((status = check_text(ctx, who, &r))) goto fail;
        if (r.count != header_fields) {
            status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: %d fields, but the header has %d", who, r.line,
                             r.count, header_fields);
            goto fail;
        }
        if (m.count >= PC_MANIFEST_MAX_CASES) {
            status = pc_fail(ctx, PC_STATUS_TOO_LARGE, "%s: more than %d cases", who, PC_MANIFEST_MAX_CASES);
            goto fail;
        }
        if (m.count == capacity) {
            int cap = capacity ? capacity * 2 : 64;
            pc_manifest_case *grown = realloc(m.cases, sizeof *grown * (size_t)cap);
            if (!grown) { status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", who); goto fail; }
            m.cases = grown;
            capacity = cap;
        }
        pc_manifest_case *c = &m.cases[m.count];
        memset(c, 0, sizeof *c);
        m.count++;
        c->line = r.line;
        const char *id = trim(r.field[column[COL_CASE_ID]]);
        if (!id[0]) {
            status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: case_id is empty", who, r.line);
            goto fail;
        }
        c->case_id = strdup(id);
        const char *label = trim(r.field[column[COL_LABEL]]);
        if (strcmp(label, "0") != 0 && strcmp(label, "1") != 0) {
            status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: label '%.40s' must be 0 (no CAD) or 1 (CAD)", who,
                             r.line, label);
            goto fail;
        }
        c->label = label[0] - '0';
        if (m.has_sex && !pc_sex_parse(trim(r.field[column[COL_SEX]]), &c->sex)) {
            status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: sex '%.40s' must be M, F or empty", who, r.line,
                             trim(r.field[column[COL_SEX]]));
            goto fail;
        }
        int out_of_memory = 0;
        for (int k = 0; k < PC_MAP_COUNT; k++) {
            const int needed = (maps & (1u << k)) != 0;
            const char *rel = column[COL_MAPS + k] >= 0 ? trim(r.field[column[COL_MAPS + k]]) : "";
            if (!rel[0] && needed) {
                status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: the %s path is empty", who, r.line,
                                 pc_map_name((pc_map)k));
                goto fail;
            }
            if (!rel[0]) continue;   /* a map this data set does not use, left out: path NULL */
            c->path[k] = join_path(folder, rel);
            if (!c->path[k]) out_of_memory = 1;
        }
        if (!c->case_id || out_of_memory) {
            status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", who);
            goto fail;
        }
    }
    if (got < 0) { status = pc_ctx_last_status(ctx); goto fail; }
    if (m.count == 0) {
        status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: a header but no cases", who);
        goto fail;
    }
    /* Duplicate case ids would let one patient sit in two folds. */
    pc_manifest_case **sorted = malloc(sizeof *sorted * (size_t)m.count);
    if (!sorted) { status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", who); goto fail; }
    for (int i = 0; i < m.count; i++) sorted[i] = &m.cases[i];
    qsort(sorted, (size_t)m.count, sizeof *sorted, compare_ids);
    for (int i = 1; i < m.count; i++)
        if (strcmp(sorted[i]->case_id, sorted[i - 1]->case_id) == 0) {
            const pc_manifest_case *a = sorted[i - 1], *b = sorted[i];
            if (a->line > b->line) { const pc_manifest_case *t = a; a = b; b = t; }
            status = pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: case_id '%.80s' already used on line %d", who,
                             b->line, b->case_id, a->line);
            free(sorted);
            goto fail;
        }
    free(sorted);
    record_free(&r);
    *out = m;
    return PC_STATUS_OK;
fail:
    record_free(&r);
    pc_manifest_free(&m);
    return status;
}

pc_status pc_manifest_read(pc_ctx *ctx, const char *path, pc_manifest *out)
{
    return pc_manifest_read_maps(ctx, path, PC_MANIFEST_ALL_MAPS, out);
}

pc_status pc_manifest_read_maps(pc_ctx *ctx, const char *path, unsigned maps, pc_manifest *out)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_status status = pc_file_read(ctx, path, MANIFEST_MAX_BYTES, &bytes, &size);
    if (status) return status;
    /* The folder of the manifest, for relative image paths. */
    char *folder = strdup(path);
    if (!folder) {
        free(bytes);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", path);
    }
    char *slash = strrchr(folder, '/');
    if (slash) slash[1] = '\0';
    else folder[0] = '\0';
    pc_manifest m = {0};
    status = pc_manifest_parse_maps(ctx, (const char *)bytes, size, path, folder, maps, &m);
    free(bytes);
    free(folder);
    if (status) return status;
    for (int i = 0; i < m.count; i++)
        for (int k = 0; k < PC_MAP_COUNT; k++) {
            struct stat st;
            const char *p = m.cases[i].path[k];
            if (!(maps & (1u << k))) continue;   /* not read for this data set: given or not, not checked */
            int missing = stat(p, &st) != 0;
            if (missing || S_ISDIR(st.st_mode)) {
                status = pc_fail(ctx, PC_STATUS_NOT_FOUND, "%s line %d: case %.80s: %s file %.200s: %s", path,
                                 m.cases[i].line, m.cases[i].case_id, pc_map_name((pc_map)k), p,
                                 missing ? strerror(errno) : "is a folder");
                pc_manifest_free(&m);
                return status;
            }
        }
    *out = m;
    return PC_STATUS_OK;
}
