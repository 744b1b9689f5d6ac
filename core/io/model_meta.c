/* model_meta.c: reading one fact out of a model file's metadata: what it was trained on
 * (model_file.h, pc_model_info_trained_on), which every human-readable output prints; and
 * setting one top-level key (pc_model_info_set_metadata_key: export --set-metadata).
 *
 * The metadata is validated JSON (base/json.h) by the time it is here, so this is a
 * scanner of known-good text, not a parser: it walks the top-level object's keys and
 * skips values by their brackets and strings. The page reads the same text with JSON.parse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_file.h"
#include "../image/colormap.h"

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

/* p at a '"': the end of the string (after the closing quote). */
static const char *skip_string(const char *p)
{
    for (p++; *p && *p != '"'; p++)
        if (*p == '\\' && p[1]) p++;
    return *p ? p + 1 : p;
}

/* p at a value: its end. */
static const char *skip_value(const char *p)
{
    if (*p == '"') return skip_string(p);
    int depth = 0;
    for (; *p; p++) {
        if (*p == '"') {
            p = skip_string(p) - 1;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            if (depth == 0) return p;   /* the end of the enclosing object */
            if (--depth == 0) return p + 1;
        } else if (*p == ',' && depth == 0) {
            return p;
        }
    }
    return p;
}

/* Appends one byte to out (capacity cap, used *n, room left for "..." and the NUL). */
static void put(char *out, size_t cap, size_t *n, char c, int *cut)
{
    if (*n + 4 < cap) out[(*n)++] = c;
    else *cut = 1;
}

/* Copies the value at [p, end) into out: a string unescaped (\uXXXX left as written), any
 * other value as its text with runs of whitespace made one space. */
static void copy_value(const char *p, const char *end, char *out, size_t cap)
{
    size_t n = 0;
    int cut = 0;
    if (*p == '"') {
        for (p++; p < end - 1; p++) {
            char c = *p;
            /* \" \\ \/ stand for themselves, \n \t \r become spaces (one line of output), and
             * \uXXXX is copied as written (its backslash here, the rest on the next turns). */
            if (c == '\\' && p + 1 < end - 1 && p[1] != 'u') {
                c = *++p;
                if (c == 'n' || c == 't' || c == 'r' || c == 'b' || c == 'f') c = ' ';
            }
            put(out, cap, &n, c, &cut);
        }
    } else {
        for (; p < end; p++) {
            int ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
            if (ws && (n == 0 || out[n - 1] == ' ')) continue;
            put(out, cap, &n, ws ? ' ' : *p, &cut);
        }
        while (n && out[n - 1] == ' ') n--;
    }
    if (cut) memcpy(out + n, "...", 3), n += 3;
    out[n] = '\0';
}

/* The top-level value of key, as [*start, *end); 0 when absent. */
static int find_key(const char *json, const char *key, const char **start, const char **end)
{
    const char *p = skip_ws(json);
    if (*p != '{') return 0;
    p = skip_ws(p + 1);
    const size_t klen = strlen(key);
    while (*p == '"') {
        const char *k = p + 1, *kend = skip_string(p) - 1;
        p = skip_ws(skip_ws(kend + 1) + 1);   /* past the ':' */
        const char *v = p, *vend = skip_value(p);
        if ((size_t)(kend - k) == klen && memcmp(k, key, klen) == 0) {
            *start = v;
            *end = vend;
            while (*end > *start && ((*end)[-1] == ' ' || (*end)[-1] == '\n' || (*end)[-1] == '\t' || (*end)[-1] == '\r'))
                (*end)--;
            return 1;
        }
        p = skip_ws(vend);
        if (*p != ',') break;
        p = skip_ws(p + 1);
    }
    return 0;
}

int pc_model_info_from_polarcad_train(const pc_model_info *info)
{
    static const char want[] = "\"polarcad train\"";
    const char *v, *end;
    return info && info->metadata_json && find_key(info->metadata_json, "source", &v, &end) &&
           (size_t)(end - v) == sizeof want - 1 && memcmp(v, want, sizeof want - 1) == 0;
}

int pc_model_info_trained_on(const pc_model_info *info, char *out, size_t cap)
{
    static const char *const keys[] = {"trained_on", "training_data", "data", "cohort"};
    if (!cap) return 0;
    out[0] = '\0';
    if (!info || !info->metadata_json || cap < 8) return 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v, *end;
        if (find_key(info->metadata_json, keys[i], &v, &end) && end > v) {
            copy_value(v, end, out, cap);
            return out[0] != '\0';
        }
    }
    return 0;
}

unsigned pc_model_info_colormaps(const pc_model_info *info)
{
    const char *v, *end;
    if (!info || !info->metadata_json || !find_key(info->metadata_json, "colormaps", &v, &end) || *v != '[')
        return 0;
    unsigned mask = 0;
    for (const char *q = skip_ws(v + 1); q < end && *q == '"';) {
        const char *qend = skip_string(q);
        char name[32];
        if (qend - q - 2 < (long)sizeof name) {
            snprintf(name, sizeof name, "%.*s", (int)(qend - q - 2), q + 1);
            pc_colormap map;
            if (pc_colormap_parse(name, &map)) mask |= 1u << map;
        }
        q = skip_ws(qend);
        if (*q == ',') q = skip_ws(q + 1);
    }
    return mask;
}

pc_status pc_model_info_set_metadata_key(pc_ctx *ctx, pc_model_info *info, const char *key, const char *value_json)
{
    const char *old = info->metadata_json ? info->metadata_json : "{}";
    value_json = skip_ws(value_json);   /* a file's value, trimmed: no stray newlines inside the object */
    size_t vlen = strlen(value_json);
    while (vlen && (value_json[vlen - 1] == ' ' || value_json[vlen - 1] == '\n' || value_json[vlen - 1] == '\t' ||
                    value_json[vlen - 1] == '\r'))
        vlen--;
    const size_t klen = strlen(key), olen = strlen(old);
    for (size_t i = 0; i < klen; i++)
        if (key[i] == '"' || key[i] == '\\' || (unsigned char)key[i] < 0x20)
            return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "metadata key '%s': quotes, backslashes and control "
                                                            "characters are not allowed in a key", key);
    if (!klen) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "metadata key: empty");
    char *json = malloc(olen + klen + vlen + 16);
    if (!json) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "model metadata: out of memory");
    const char *v, *end;
    if (find_key(old, key, &v, &end)) {   /* replace the value, keep the member where it was */
        size_t head = (size_t)(v - old);
        memcpy(json, old, head);
        memcpy(json + head, value_json, vlen);
        strcpy(json + head + vlen, end);
    } else {                              /* a new last member */
        const char *close = old + olen;
        while (close > old && close[-1] != '}') close--;
        size_t head = close > old ? (size_t)(close - 1 - old) : 0;
        const char *q = old + head;
        while (q > old && (q[-1] == ' ' || q[-1] == '\n' || q[-1] == '\t' || q[-1] == '\r')) q--;
        int empty = q > old && q[-1] == '{';
        memcpy(json, old, head);
        sprintf(json + head, "%s\"%s\": %.*s}", empty ? "" : ", ", key, (int)vlen, value_json);
    }
    /* The whole object is checked again: a value that is not JSON fails here, and the
     * model's metadata is left as it was. */
    pc_status st = pc_model_info_set_metadata(ctx, info, json);
    free(json);
    if (st) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "metadata key '%s': the value is not one JSON value "
                                                            "(or the metadata would pass 1 MiB)", key);
    return PC_STATUS_OK;
}
