/* normals.c: building, writing and reading the normal database (see normals.h). */
#include "normals.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/crc32.h"
#include "../base/text.h"

static const char *const group_sex_name[PC_SEX_COUNT] = {"all", "M", "F"};

/* Mean and sample SD of the finite values among n; NAN when fewer than two. */
static void mean_sd(const float *values, int n, float *mean, float *sd)
{
    double s = 0.0, ss = 0.0;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(values[i])) { s += values[i]; k++; }
    if (k < 2) { *mean = NAN; *sd = NAN; return; }
    double m = s / k;
    for (int i = 0; i < n; i++)
        if (isfinite(values[i])) ss += (values[i] - m) * (values[i] - m);
    *mean = (float)m;
    *sd = (float)sqrt(ss / (k - 1));
}

enum { FEATURE_SEG_MEAN, FEATURE_SEG_MIN, FEATURE_GRID };

/* One feature of every member of group (map m, sex) into values; returns the member
 * count. Members: studies that have the map and, for the sex groups, that sex. */
static int collect(const pc_study_features *const *normals, int n, int m, int sex, int kind, int index,
                   float *values)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        const pc_study_features *f = normals[i];
        if (!f->map[m].present || (sex != PC_SEX_UNKNOWN && f->sex != (pc_sex)sex)) continue;
        const pc_map_features *mf = &f->map[m];
        values[k++] = kind == FEATURE_SEG_MEAN ? mf->seg_mean[index]
                      : kind == FEATURE_SEG_MIN ? mf->seg_min[index]
                                                : mf->grid_mean[index];
    }
    return k;
}

pc_status pc_normals_build(pc_ctx *ctx, const pc_study_features *const *normals, int n, pc_ring_layout layout,
                           pc_normals *out)
{
    if (!out || (n > 0 && !normals)) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "normals: nothing given");
    for (int i = 0; i < n; i++)
        if (normals[i]->layout != layout)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                           "normals: study %d was sampled with the %s rings, the database uses %s", i,
                           pc_ring_layout_name(normals[i]->layout), pc_ring_layout_name(layout));
    float *values = malloc(sizeof(float) * (size_t)(n > 0 ? n : 1));
    if (!values) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "normals: out of memory");
    memset(out, 0, sizeof *out);
    out->layout = layout;
    for (int m = 0; m < PC_MAP_COUNT; m++)
        for (int sex = 0; sex < PC_SEX_COUNT; sex++) {
            pc_normal_group *g = &out->group[m][sex];
            for (int s = 0; s < PC_SEGMENT_COUNT; s++) {
                g->n = collect(normals, n, m, sex, FEATURE_SEG_MEAN, s, values);
                mean_sd(values, g->n, &g->seg_mean[s], &g->seg_sd[s]);
                collect(normals, n, m, sex, FEATURE_SEG_MIN, s, values);
                mean_sd(values, g->n, &g->segmin_mean[s], &g->segmin_sd[s]);
            }
            for (int b = 0; b < PC_GRID_BINS; b++) {
                collect(normals, n, m, sex, FEATURE_GRID, b, values);
                mean_sd(values, g->n, &g->grid_mean[b], &g->grid_sd[b]);
            }
        }
    free(values);
    return PC_STATUS_OK;
}

/* ---- text form ---------------------------------------------------------------------------- */

static uint32_t checksum(const char *text, size_t n)
{
    return pc_crc32(0, (const uint8_t *)text, n);
}

static void put_row(pc_text *b, const char *key, const float *v, int n)
{
    pc_text_printf(b, "%s", key);
    for (int i = 0; i < n; i++) {
        if (isfinite(v[i])) pc_text_printf(b, " %.4f", (double)v[i]);
        else pc_text_printf(b, " nan");
    }
    pc_text_printf(b, "\n");
}

pc_status pc_normals_format(pc_ctx *ctx, const pc_normals *nd, char **text_out, size_t *size_out)
{
    if (!nd || !text_out || !size_out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "normals: nothing to write");
    pc_text b = {0};
    pc_text_printf(&b, "polarcad-normals %d\n", PC_NORMALS_VERSION);
    pc_text_printf(&b, "# Semi-quantitative normal database of polarcad (docs/semiquant.md).\n");
    pc_text_printf(&b, "# Relative counts in %% of each map's maximum; mean and sample SD over normal studies\n");
    pc_text_printf(&b, "# of the 17 segment means, segment minimums and the polar-grid samples.\n");
    pc_text_printf(&b, "layout %s\n", pc_ring_layout_name(nd->layout));
    pc_text_printf(&b, "grid %d %d\n", PC_GRID_RINGS, PC_GRID_SECTORS);
    for (int m = 0; m < PC_MAP_COUNT; m++)
        for (int sex = 0; sex < PC_SEX_COUNT; sex++) {
            const pc_normal_group *g = &nd->group[m][sex];
            pc_text_printf(&b, "group %s %s %d\n", pc_map_name((pc_map)m), group_sex_name[sex], g->n);
            put_row(&b, "seg_mean", g->seg_mean, PC_SEGMENT_COUNT);
            put_row(&b, "seg_sd", g->seg_sd, PC_SEGMENT_COUNT);
            put_row(&b, "segmin_mean", g->segmin_mean, PC_SEGMENT_COUNT);
            put_row(&b, "segmin_sd", g->segmin_sd, PC_SEGMENT_COUNT);
            put_row(&b, "grid_mean", g->grid_mean, PC_GRID_BINS);
            put_row(&b, "grid_sd", g->grid_sd, PC_GRID_BINS);
        }
    pc_text_printf(&b, "end\n");
    if (!b.failed) pc_text_printf(&b, "checksum %08x\n", (unsigned)checksum(b.s, b.len));
    if (b.failed) {
        pc_text_free(&b);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "normals: out of memory writing the database");
    }
    *text_out = b.s;
    *size_out = b.len;
    return PC_STATUS_OK;
}

/* A cursor over lines, for parsing with line numbers. */
typedef struct lines {
    const char *p, *end;
    int line;
    int cut;   /* the current line is the file's last and has no newline: the file is cut short */
    char buf[8192];
    const char *who;
    pc_ctx *ctx;
} lines;

/* Next non-comment, non-blank line into buf (NUL-terminated). Returns 0 at the end,
 * -1 when a line is too long (message set). */
static int next_line(lines *L)
{
    while (L->p < L->end) {
        const char *nl = memchr(L->p, '\n', (size_t)(L->end - L->p));
        const char *stop = nl ? nl : L->end;
        size_t len = (size_t)(stop - L->p);
        L->line++;
        const char *start = L->p;
        L->p = nl ? nl + 1 : L->end;
        L->cut = !nl;   /* polarcad normals ends every line, the last one too */
        if (len && start[len - 1] == '\r') len--;
        if (len >= sizeof L->buf) {
            pc_fail(L->ctx, PC_STATUS_BAD_FORMAT,
                    "%s line %d: line too long (over %zu bytes): not a polarcad normal database, or a damaged one",
                    L->who, L->line, sizeof L->buf - 1);
            return -1;
        }
        memcpy(L->buf, start, len);
        L->buf[len] = '\0';
        if (len == 0 || L->buf[0] == '#') continue;
        return 1;
    }
    return 0;
}

/* The error on the current line. A file cut in the middle of a line fails on that line
 * with some parse error; the cut itself is what the user can act on, so it is said too. */
static pc_status bad(lines *L, const char *what)
{
    return pc_fail(L->ctx, PC_STATUS_BAD_FORMAT, "%s line %d: %s%s", L->who, L->line, what,
                   L->cut ? "; the file ends in the middle of this line: it is cut short (copy it again, or "
                            "rebuild it with polarcad normals)" : "");
}

/* The file ended where `what` should be: no line to point at, only the cut. */
static pc_status ended(lines *L, const char *what)
{
    return pc_fail(L->ctx, PC_STATUS_BAD_FORMAT,
                   "%s: the file ends after line %d, where %s should be: it is cut short (copy it again, or "
                   "rebuild it with polarcad normals)", L->who, L->line, what);
}

/* "key v1 ... vn": values in [lo, hi] or nan. */
static pc_status parse_row(lines *L, const char *key, float *v, int n, double lo, double hi)
{
    int got = next_line(L);
    if (got < 0) return PC_STATUS_BAD_FORMAT;
    char msg[160];
    if (got == 0) {
        snprintf(msg, sizeof msg, "'%s'", key);
        return ended(L, msg);
    }
    size_t klen = strlen(key);
    if (strncmp(L->buf, key, klen) != 0 || (L->buf[klen] != ' ' && L->buf[klen] != '\0')) {
        snprintf(msg, sizeof msg, "expected '%s'", key);
        return bad(L, msg);
    }
    const char *p = L->buf + klen;
    for (int i = 0; i < n; i++) {
        while (*p == ' ' || *p == '\t') p++;
        if (strncmp(p, "nan", 3) == 0 && (p[3] == ' ' || p[3] == '\0' || p[3] == '\t')) {
            v[i] = NAN;
            p += 3;
            continue;
        }
        char *e = NULL;
        errno = 0;
        double x = strtod(p, &e);
        if (e == p || errno || !isfinite(x)) {
            snprintf(msg, sizeof msg, "'%s' has %d values, expected %d", key, i, n);
            return bad(L, msg);
        }
        if (x < lo || x > hi) {
            snprintf(msg, sizeof msg, "'%s' value %d is %g, outside %g..%g", key, i + 1, x, lo, hi);
            return bad(L, msg);
        }
        v[i] = (float)x;
        p = e;
    }
    while (*p == ' ' || *p == '\t') p++;
    if (*p) {
        snprintf(msg, sizeof msg, "'%s' has more than %d values", key, n);
        return bad(L, msg);
    }
    return PC_STATUS_OK;
}

pc_status pc_normals_parse(pc_ctx *ctx, const char *text, size_t size, const char *name, pc_normals *out)
{
    const char *who = name && name[0] ? name : "normal database";
    if (!out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: no output given", who);
    if (!text || size == 0) return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: the file is empty", who);
    lines *L = calloc(1, sizeof *L);
    pc_normals *nd = calloc(1, sizeof *nd);
    if (!L || !nd) {
        free(L);
        free(nd);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", who);
    }
    L->p = text;
    L->end = text + size;
    L->who = who;
    L->ctx = ctx;
    pc_status status = PC_STATUS_OK;
    int version = 0;
    char word[64], word2[64];
    int got = next_line(L);
    if (got <= 0 || sscanf(L->buf, "polarcad-normals %d", &version) != 1) {
        status = got < 0 ? PC_STATUS_BAD_FORMAT
                         : pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: not a polarcad normal database (no "
                                   "'polarcad-normals' header)", who);
        goto done;
    }
    if (version == 1) {   /* same text, other checksum: say so rather than report a mismatch */
        status = pc_fail(ctx, PC_STATUS_UNSUPPORTED, "%s: normal database format version 1 uses an FNV-1a checksum; "
                         "rebuild it with polarcad normals", who);
        goto done;
    }
    if (version != PC_NORMALS_VERSION) {
        status = pc_fail(ctx, PC_STATUS_UNSUPPORTED, "%s: normal database format %d; this polarcad reads format %d%s",
                         who, version, PC_NORMALS_VERSION, version > PC_NORMALS_VERSION ? " (written by a newer "
                         "polarcad)" : "");
        goto done;
    }
    if ((got = next_line(L)) <= 0 || sscanf(L->buf, "layout %63s", word) != 1 ||
        !pc_ring_layout_parse(word, &nd->layout)) {
        status = got < 0    ? PC_STATUS_BAD_FORMAT
                 : got == 0 ? ended(L, "the 'layout' line")
                            : bad(L, "expected 'layout equal-width' or 'layout equal-area'");
        goto done;
    }
    int rings = 0, sectors = 0;
    if ((got = next_line(L)) <= 0 || sscanf(L->buf, "grid %d %d", &rings, &sectors) != 2 ||
        rings != PC_GRID_RINGS || sectors != PC_GRID_SECTORS) {
        status = got < 0    ? PC_STATUS_BAD_FORMAT
                 : got == 0 ? ended(L, "the 'grid' line")
                            : bad(L, "expected 'grid 10 36'");
        goto done;
    }
    for (int m = 0; m < PC_MAP_COUNT; m++)
        for (int sex = 0; sex < PC_SEX_COUNT; sex++) {
            pc_normal_group *g = &nd->group[m][sex];
            int n = -1;
            char expect[96];
            snprintf(expect, sizeof expect, "expected 'group %s %s N'", pc_map_name((pc_map)m), group_sex_name[sex]);
            got = next_line(L);
            if (got <= 0 || sscanf(L->buf, "group %63s %63s %d", word, word2, &n) != 3 ||
                strcmp(word, pc_map_name((pc_map)m)) != 0 || strcmp(word2, group_sex_name[sex]) != 0 ||
                n < 0 || n > 100000000) {
                status = got < 0 ? PC_STATUS_BAD_FORMAT : got == 0 ? ended(L, "a 'group' line") : bad(L, expect);
                goto done;
            }
            g->n = n;
            /* Relative counts lie in 0..100; a little slack for rounding. */
            if ((status = parse_row(L, "seg_mean", g->seg_mean, PC_SEGMENT_COUNT, 0, 100.5)) ||
                (status = parse_row(L, "seg_sd", g->seg_sd, PC_SEGMENT_COUNT, 0, 100.5)) ||
                (status = parse_row(L, "segmin_mean", g->segmin_mean, PC_SEGMENT_COUNT, 0, 100.5)) ||
                (status = parse_row(L, "segmin_sd", g->segmin_sd, PC_SEGMENT_COUNT, 0, 100.5)) ||
                (status = parse_row(L, "grid_mean", g->grid_mean, PC_GRID_BINS, 0, 100.5)) ||
                (status = parse_row(L, "grid_sd", g->grid_sd, PC_GRID_BINS, 0, 100.5)))
                goto done;
        }
    if ((got = next_line(L)) <= 0 || strcmp(L->buf, "end") != 0) {
        status = got < 0 ? PC_STATUS_BAD_FORMAT : got == 0 ? ended(L, "'end'") : bad(L, "expected 'end'");
        goto done;
    }
    size_t covered = (size_t)(L->p - text);
    unsigned stored = 0;
    if ((got = next_line(L)) <= 0 || sscanf(L->buf, "checksum %8x", &stored) != 1) {
        status = got < 0    ? PC_STATUS_BAD_FORMAT
                 : got == 0 ? ended(L, "its checksum line")
                            : bad(L, "expected 'checksum XXXXXXXX'");
        goto done;
    }
    if (stored != checksum(text, covered)) {
        status = pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                         "%s: checksum mismatch: the file was changed or damaged after polarcad wrote it (copy it "
                         "again, or rebuild it with polarcad normals)", who);
        goto done;
    }
    if (next_line(L) != 0) {
        status = bad(L, "unexpected text after the checksum");
        goto done;
    }
    *out = *nd;
done:
    free(L);
    free(nd);
    return status;
}
