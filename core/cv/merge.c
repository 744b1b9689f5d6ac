/* merge.c: checking and merging fold result files (see merge.h). */
#include "merge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folds.h"

void pc_cv_merged_free(pc_cv_merged *merged)
{
    if (!merged) return;
    free(merged->config);
    free(merged->fold);
    free(merged->p_cad);
    memset(merged, 0, sizeof *merged);
}

/* The fold a file's name says ("runs/fold-07.csv" -> 7), or 0 when it is not so named. */
static int fold_of_name(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    int k = 0, n = 0;
    if (sscanf(base, "fold-%2d.csv%n", &k, &n) == 1 && (size_t)n == strlen(base) && strlen(base) == 11) return k;
    return 0;
}

/* The first space-separated item where two config lines differ, for the message. */
static void first_difference(const char *a, const char *b, char *out, size_t cap)
{
    const char *start = a;
    while (*a && *a == *b) a++, b++;
    while (a > start && a[-1] != ' ') a--, b--;
    size_t na = strcspn(a, " "), nb = strcspn(b, " ");
    snprintf(out, cap, "'%.*s' vs '%.*s'", (int)(na > 60 ? 60 : na), a, (int)(nb > 60 ? 60 : nb), b);
}

static int by_case_id(const void *pa, const void *pb)
{
    return strcmp((*(const pc_manifest_case *const *)pa)->case_id, (*(const pc_manifest_case *const *)pb)->case_id);
}

static int key_vs_case(const void *key, const void *elem)
{
    return strcmp((const char *)key, (*(const pc_manifest_case *const *)elem)->case_id);
}

/* The files agree with each other: fold count, names, config, each fold once. */
static pc_status check_files(pc_ctx *ctx, const pc_fold_file *files, const char *const *names, int count, int *seen)
{
    int k = files[0].folds;
    for (int i = 0; i < count; i++) {
        const pc_fold_file *f = &files[i];
        if (f->folds != k)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 1: fold %d of %d, but %s is a fold of %d", names[i],
                           f->fold, f->folds, names[0], k);
        int named = fold_of_name(names[i]);
        if (named && named != f->fold)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 1: holds fold %d, but its name says fold %d", names[i],
                           f->fold, named);
        if (!pc_fold_config_same(f->config, files[0].config)) {
            char diff[160];
            first_difference(f->config, files[0].config, diff, sizeof diff);
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                           "%s line 2: config differs from %s's (%s): folds of different experiments", names[i],
                           names[0], diff);
        }
        if (seen[f->fold - 1] >= 0)
            return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 1: fold %d again (also in %s)", names[i], f->fold,
                           names[seen[f->fold - 1]]);
        seen[f->fold - 1] = i;
    }
    for (int f = 0; f < k; f++)
        if (seen[f] < 0)
            return pc_fail(ctx, PC_STATUS_NOT_FOUND, "fold %d of %d is missing (no fold-%02d.csv beside %s)", f + 1, k,
                           f + 1, names[0]);
    return PC_STATUS_OK;
}

/* The config's manifest_crc32, cases and seed against the manifest. */
static pc_status check_config(pc_ctx *ctx, const char *config, const char *name, const pc_manifest *mf,
                              const char *manifest_name, uint32_t crc, uint64_t *seed_out)
{
    char v[64], *e = NULL;
    if (!pc_fold_config_value(config, "manifest_crc32", v, sizeof v) || strlen(v) != 8)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 2: the config has no manifest_crc32=XXXXXXXX", name);
    unsigned long c = strtoul(v, &e, 16);
    if (*e) return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 2: manifest_crc32 '%s' is not hexadecimal", name, v);
    if ((uint32_t)c != crc)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                       "%s line 2: the folds were run on a manifest with CRC-32 %08lx, but %s has %08lx (another "
                       "manifest, or it changed since)", name, c, manifest_name, (unsigned long)crc);
    if (!pc_fold_config_value(config, "cases", v, sizeof v) || strtol(v, &e, 10) != mf->count || *e)
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 2: the config says cases=%s, %s has %d", name, v,
                       manifest_name, mf->count);
    errno = 0;
    unsigned long long seed = pc_fold_config_value(config, "seed", v, sizeof v) ? strtoull(v, &e, 10) : 0;
    if (!v[0] || *e || errno || v[0] == '-')
        return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line 2: the config has no seed=N", name);
    *seed_out = seed;
    return PC_STATUS_OK;
}

/* Every row: a manifest case, once, with its label, in the fold the seed gives it. */
static pc_status check_rows(pc_ctx *ctx, const pc_fold_file *files, const char *const *names, int count,
                            const pc_manifest *mf, const char *manifest_name, const pc_manifest_case **sorted,
                            const int *expected, int *where, double *p)
{
    /* where[2 i], where[2 i + 1]: the file and row case i was found in, or -1. */
    for (int i = 0; i < 2 * mf->count; i++) where[i] = -1;
    for (int fi = 0; fi < count; fi++)
        for (int r = 0; r < files[fi].count; r++) {
            const pc_fold_row *row = &files[fi].rows[r];
            const pc_manifest_case **hit =
                bsearch(row->case_id, sorted, (size_t)mf->count, sizeof *sorted, key_vs_case);
            if (!hit)
                return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: case '%s' is not in %s", names[fi], row->line,
                               row->case_id, manifest_name);
            int i = (int)(*hit - mf->cases);
            if (where[2 * i] >= 0) {
                int f0 = where[2 * i], r0 = where[2 * i + 1];
                return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: case '%s' again (already in %s line %d)",
                               names[fi], row->line, row->case_id, names[f0], files[f0].rows[r0].line);
            }
            if (row->label != mf->cases[i].label)
                return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s line %d: case '%s' has label %d, but %s line %d says %d",
                               names[fi], row->line, row->case_id, row->label, manifest_name, mf->cases[i].line,
                               mf->cases[i].label);
            if (row->fold - 1 != expected[i])
                return pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                               "%s line %d: case '%s' is in fold %d, but the stratified folds of this seed put it in "
                               "fold %d (Semi-Q and the baseline must run on the same folds)",
                               names[fi], row->line, row->case_id, row->fold, expected[i] + 1);
            where[2 * i] = fi;
            where[2 * i + 1] = r;
            p[i] = row->p_cad;
        }
    for (int i = 0; i < mf->count; i++)
        if (where[2 * i] < 0)
            return pc_fail(ctx, PC_STATUS_NOT_FOUND, "case '%s' (%s line %d) is in no fold file", mf->cases[i].case_id,
                           manifest_name, mf->cases[i].line);
    return PC_STATUS_OK;
}

pc_status pc_cv_merge(pc_ctx *ctx, const pc_fold_file *files, const char *const *names, int count,
                      const pc_manifest *manifest, const char *manifest_name, uint32_t manifest_crc32,
                      pc_cv_merged *out)
{
    if (count < 1 || !files || !manifest) return pc_fail(ctx, PC_STATUS_NOT_FOUND, "no fold files to merge");
    int n = manifest->count, k = files[0].folds;
    pc_cv_merged m = {n, k, 0, malloc(strlen(files[0].config) + 1), malloc(sizeof(int) * (size_t)n),
                      malloc(sizeof(double) * (size_t)n)};
    int *seen = malloc(sizeof(int) * (size_t)k), *labels = malloc(sizeof(int) * (size_t)n);
    int *where = malloc(sizeof(int) * 2 * (size_t)n);
    const pc_manifest_case **sorted = malloc(sizeof *sorted * (size_t)n);
    pc_status status = PC_STATUS_OK;
    if (!m.config || !m.fold || !m.p_cad || !seen || !labels || !where || !sorted) {
        status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "merge: out of memory for %d cases", n);
        goto done;
    }
    strcpy(m.config, files[0].config);
    for (int f = 0; f < k; f++) seen[f] = -1;
    for (int i = 0; i < n; i++) {
        labels[i] = manifest->cases[i].label;
        sorted[i] = &manifest->cases[i];
    }
    qsort(sorted, (size_t)n, sizeof *sorted, by_case_id);
    if ((status = check_files(ctx, files, names, count, seen))) goto done;
    if ((status = check_config(ctx, files[0].config, names[0], manifest, manifest_name, manifest_crc32, &m.seed)))
        goto done;
    if ((status = pc_folds_stratified(ctx, labels, n, k, m.seed, m.fold))) goto done;
    status = check_rows(ctx, files, names, count, manifest, manifest_name, sorted, m.fold, where, m.p_cad);
done:
    free(seen);
    free(labels);
    free(where);
    free(sorted);
    if (status) pc_cv_merged_free(&m);
    else *out = m;
    return status;
}
