/* test_cv_merge.c: fold result files (foldfile.h) written, read back and merged (merge.h),
 * and every fault the merge must refuse, each with a message naming the file and line. */
#include "check.h"
#include "polarcad.h"

enum { N = 12, K = 3 };

static const char manifest_text[] =
    "case_id,label,stress_nac,rest_nac,stress_ac,rest_ac\n"
    "c00,1,a,b,c,d\nc01,0,a,b,c,d\nc02,1,a,b,c,d\n\"c,03\",1,a,b,c,d\nc04,0,a,b,c,d\nc05,1,a,b,c,d\n"
    "c06,0,a,b,c,d\nc07,1,a,b,c,d\nc08,1,a,b,c,d\n\"say \"\"09\"\"\",0,a,b,c,d\nc10,1,a,b,c,d\nc11,0,a,b,c,d\n";

typedef struct experiment {
    pc_manifest mf;
    uint32_t crc;
    int folds[N];
    char config[256];
    char *text[K];       /* fold files as written */
    pc_fold_file file[K];
    const char *names[K];
} experiment;

static const char *const default_names[K] = {"run/fold-01.csv", "run/fold-02.csv", "run/fold-03.csv"};

/* The text of fold f (0-based) with p_cad = case index / 100. */
static char *fold_text(pc_ctx *ctx, const experiment *e, int f, const char *config)
{
    const char *ids[N];
    int labels[N], m = 0;
    double p[N];
    for (int i = 0; i < N; i++) {
        if (e->folds[i] != f) continue;
        ids[m] = e->mf.cases[i].case_id;
        labels[m] = e->mf.cases[i].label;
        p[m++] = i / 100.0;
    }
    char *text = NULL;
    size_t size = 0;
    CHECK(pc_fold_file_format(ctx, f + 1, K, config, ids, labels, p, m, &text, &size) == PC_STATUS_OK);
    return text;
}

static void setup(pc_ctx *ctx, experiment *e)
{
    memset(e, 0, sizeof *e);
    CHECK(pc_manifest_parse(ctx, manifest_text, strlen(manifest_text), "m.csv", "", &e->mf) == PC_STATUS_OK);
    e->crc = pc_fold_manifest_crc32((const uint8_t *)manifest_text, strlen(manifest_text));
    int labels[N];
    for (int i = 0; i < N; i++) labels[i] = e->mf.cases[i].label;
    CHECK(pc_folds_stratified(ctx, labels, N, K, 7, e->folds) == PC_STATUS_OK);
    snprintf(e->config, sizeof e->config, "manifest_crc32=%08x cases=%d dataset=acnac arch=vgg16 trainable=4 seed=7",
             (unsigned)e->crc, N);
    for (int f = 0; f < K; f++) {
        e->text[f] = fold_text(ctx, e, f, e->config);
        e->names[f] = default_names[f];
    }
}

static void teardown(experiment *e)
{
    for (int f = 0; f < K; f++) {
        free(e->text[f]);
        pc_fold_file_free(&e->file[f]);
    }
    pc_manifest_free(&e->mf);
}

/* Parses the current texts and merges count files; returns the merge's status. */
static pc_status merge(pc_ctx *ctx, experiment *e, int count, pc_cv_merged *out)
{
    for (int f = 0; f < count; f++) {
        pc_fold_file_free(&e->file[f]);
        if (pc_fold_file_parse(ctx, e->text[f], strlen(e->text[f]), e->names[f], &e->file[f])) return 99;
    }
    return pc_cv_merge(ctx, e->file, e->names, count, &e->mf, "m.csv", e->crc, out);
}

/* Replaces the first occurrence of from in fold file f's text by to. */
static void edit(experiment *e, int f, const char *from, const char *to)
{
    char *at = strstr(e->text[f], from);
    CHECK(at != NULL);
    if (!at) return;
    size_t head = (size_t)(at - e->text[f]), nf = strlen(from), nt = strlen(to), total = strlen(e->text[f]);
    char *t = malloc(total - nf + nt + 1);
    memcpy(t, e->text[f], head);
    memcpy(t + head, to, nt);
    strcpy(t + head + nt, at + nf);
    free(e->text[f]);
    e->text[f] = t;
}

static void test_good(pc_ctx *ctx)
{
    experiment e;
    setup(ctx, &e);
    CHECK(strncmp(e.text[0], "# polarcad cv fold 1 of 3\n# config: manifest_crc32=", 51) == 0);
    CHECK(strstr(e.text[0], "\ncase_id,label,fold,p_cad\n") != NULL);
    pc_cv_merged m;
    CHECK(merge(ctx, &e, K, &m) == PC_STATUS_OK);
    if (!pc_ctx_last_status(ctx)) {
        CHECK_INT(m.n, N);
        CHECK_INT(m.folds, K);
        CHECK_INT(m.seed, 7);
        for (int i = 0; i < N; i++) {
            CHECK_INT(m.fold[i], e.folds[i]);
            CHECK_NEAR(m.p_cad[i], i / 100.0, 1e-12);
        }
        CHECK(strcmp(m.config, e.config) == 0);
        pc_cv_merged_free(&m);
    }
    /* The quoted ids came back as they were. */
    int found = 0;
    for (int f = 0; f < K; f++)
        for (int r = 0; r < e.file[f].count; r++)
            found += !strcmp(e.file[f].rows[r].case_id, "c,03") + !strcmp(e.file[f].rows[r].case_id, "say \"09\"");
    CHECK_INT(found, 2);
    char v[32];
    CHECK(pc_fold_config_value(e.config, "trainable", v, sizeof v) && strcmp(v, "4") == 0);
    CHECK(!pc_fold_config_value(e.config, "train", v, sizeof v));
    CHECK(!pc_fold_config_value(e.config, "dataset", v, 3));   /* "acnac" does not fit */
    teardown(&e);
}

/* One fault: setup, change, merge; expects failure with the given message fragments. */
typedef void (*fault_fn)(experiment *e);

static void expect_fault(pc_ctx *ctx, const char *what, fault_fn change, int count, const char *fragment)
{
    experiment e;
    setup(ctx, &e);
    change(&e);
    pc_cv_merged m;
    pc_status s = merge(ctx, &e, count, &m);
    if (s == PC_STATUS_OK) pc_cv_merged_free(&m);
    CHECK(s != PC_STATUS_OK);
    if (!strstr(pc_ctx_last_error(ctx), fragment)) fprintf(stderr, "fault '%s':\n", what);
    CHECK_MESSAGE(ctx, fragment);
    teardown(&e);
}

static void no_change(experiment *e) { (void)e; }
static void duplicate_fold(experiment *e)
{
    free(e->text[2]);
    e->text[2] = malloc(strlen(e->text[1]) + 1);
    strcpy(e->text[2], e->text[1]);
    e->names[2] = "run/fold-2.csv";   /* not named fold-KK.csv: the duplicate is found by content */
}
static void misnamed(experiment *e) { e->names[1] = "run/fold-03.csv"; }
static void other_config(experiment *e) { edit(e, 1, "trainable=4", "trainable=8"); }
static void other_fold_count(experiment *e) { edit(e, 2, "fold 3 of 3", "fold 3 of 4"); }
static void other_manifest(experiment *e) { e->crc ^= 1; }
static void case_in_two(experiment *e)
{
    /* The first case of fold 1 also written into fold 2. */
    char row[64], *line = strstr(e->text[0], "p_cad\n") + 6;
    size_t n = strcspn(line, "\n");
    snprintf(row, sizeof row, "%.*s\n", (int)n, line);
    row[n - 13] = '2';   /* "...,1,0.020000000": the fold column says 2 */
    char *t = malloc(strlen(e->text[1]) + strlen(row) + 1);
    strcpy(t, e->text[1]);
    strcat(t, row);
    free(e->text[1]);
    e->text[1] = t;
}
static void wrong_label(experiment *e)
{
    /* c00 is CAD (label 1) in the manifest; find its fold and say 0. */
    int f = e->folds[0];
    edit(e, f, "c00,1,", "c00,0,");
}
static void wrong_fold(experiment *e)
{
    /* Swap c00 between folds: remove it from its fold and append it to another. */
    int f = e->folds[0], g = (f + 1) % K;
    char row[64];
    snprintf(row, sizeof row, "c00,1,%d,0.000000000\n", f + 1);
    edit(e, f, row, "");
    snprintf(row, sizeof row, "c00,1,%d,0.000000000\n", g + 1);
    char *t = malloc(strlen(e->text[g]) + strlen(row) + 1);
    strcpy(t, e->text[g]);
    strcat(t, row);
    free(e->text[g]);
    e->text[g] = t;
}
static void unknown_case(experiment *e) { edit(e, e->folds[1], "c01,", "c99,"); }
static void missing_case(experiment *e)
{
    char row[64];
    snprintf(row, sizeof row, "c01,0,%d,0.010000000\n", e->folds[1] + 1);
    edit(e, e->folds[1], row, "");
}
static void bad_p(experiment *e) { edit(e, e->folds[1], "0.010000000", "1.5"); }
static void bad_header(experiment *e) { edit(e, 0, "case_id,label,fold,p_cad", "case,label,fold,p"); }
static void no_crc(experiment *e)
{
    for (int f = 0; f < K; f++) edit(e, f, "manifest_crc32=", "manifest_crc=");
}
static void bad_fold_column(experiment *e) { edit(e, 0, ",1,0.", ",2,0."); }

static void test_faults(pc_ctx *ctx)
{
    expect_fault(ctx, "missing fold", no_change, 2, "fold 3 of 3 is missing (no fold-03.csv beside run/fold-01.csv)");
    expect_fault(ctx, "duplicate fold", duplicate_fold, 3, "run/fold-2.csv line 1: fold 2 again (also in run/fold-02.csv)");
    expect_fault(ctx, "misnamed", misnamed, 3, "run/fold-03.csv line 1: holds fold 2, but its name says fold 3");
    expect_fault(ctx, "config", other_config, 3,
                 "run/fold-02.csv line 2: config differs from run/fold-01.csv's ('trainable=8' vs 'trainable=4')");
    expect_fault(ctx, "fold count", other_fold_count, 3, "run/fold-03.csv line 1: fold 3 of 4, but run/fold-01.csv is a fold of 3");
    expect_fault(ctx, "manifest crc", other_manifest, 3, "line 2: the folds were run on a manifest with CRC-32");
    expect_fault(ctx, "manifest crc", other_manifest, 3, "but m.csv has");
    expect_fault(ctx, "two folds", case_in_two, 3, "run/fold-02.csv line 8: case");
    expect_fault(ctx, "two folds", case_in_two, 3, "again (already in run/fold-01.csv line 4)");
    expect_fault(ctx, "wrong label", wrong_label, 3, "case 'c00' has label 0, but m.csv line 2 says 1");
    expect_fault(ctx, "wrong fold", wrong_fold, 3, "case 'c00' is in fold");
    expect_fault(ctx, "wrong fold", wrong_fold, 3, "stratified folds of this seed put it in fold");
    expect_fault(ctx, "unknown case", unknown_case, 3, "case 'c99' is not in m.csv");
    expect_fault(ctx, "missing case", missing_case, 3, "case 'c01' (m.csv line 3) is in no fold file");
    expect_fault(ctx, "bad p", bad_p, 3, "p_cad '1.5' is not a probability (0..1)");
    expect_fault(ctx, "bad header", bad_header, 3, "run/fold-01.csv line 3: expected the header 'case_id,label,fold,p_cad'");
    expect_fault(ctx, "no crc", no_crc, 3, "run/fold-01.csv line 2: the config has no manifest_crc32=XXXXXXXX");
    expect_fault(ctx, "fold column", bad_fold_column, 3, "run/fold-01.csv line 4: fold '2' is not this file's fold 1");
    pc_fold_file f;
    CHECK(pc_fold_file_parse(ctx, "# polarcad cv fold 4 of 3\n", 26, "x.csv", &f) == PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "x.csv line 1: expected '# polarcad cv fold K of N' (got '# polarcad cv fold 4 of 3')");
    const char *empty = "# polarcad cv fold 1 of 3\n# config: seed=1\ncase_id,label,fold,p_cad\n";
    CHECK(pc_fold_file_parse(ctx, empty, strlen(empty), "y.csv", &f) == PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "y.csv: no cases after the header");
    const char *fields = "# polarcad cv fold 1 of 3\n# config: seed=1\ncase_id,label,fold,p_cad\nc1,1,1,0.5,7\n";
    CHECK(pc_fold_file_parse(ctx, fields, strlen(fields), "z.csv", &f) == PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "z.csv line 4: expected 4 fields case_id,label,fold,p_cad");
    const char *crlf = "# polarcad cv fold 1 of 2\r\n# config: seed=1\r\ncase_id,label,fold,p_cad\r\n\"a\nb\",1,1,0.5\r\n";
    CHECK(pc_fold_file_parse(ctx, crlf, strlen(crlf), "w.csv", &f) == PC_STATUS_OK);
    if (!pc_ctx_last_status(ctx) || f.count) {
        CHECK_INT(f.count, 1);
        CHECK(strcmp(f.rows[0].case_id, "a\nb") == 0);
        CHECK(strcmp(f.config, "seed=1") == 0);
        pc_fold_file_free(&f);
    }
}

/* Config lines: equal ones match; a weights= tag of before model files were named by content
 * (":2144df1c", the CRC residue) matches the same file name with any checksum, nothing else. */
static void test_config_same(void)
{
    const char *now = "manifest_crc32=0a9cf468 seed=1 weights=base-150x150.pcm:6d1e0a2b input=150x150";
    const char *legacy = "manifest_crc32=0a9cf468 seed=1 weights=base-150x150.pcm:2144df1c input=150x150";
    CHECK(pc_fold_config_same(now, now) && pc_fold_config_same("weights=none", "weights=none"));
    CHECK(pc_fold_config_same(now, legacy) && pc_fold_config_same(legacy, now));
    CHECK(!pc_fold_config_same(now, "manifest_crc32=0a9cf468 seed=1 weights=base-150x150.pcm:6d1e0a2c input=150x150"));
    CHECK(!pc_fold_config_same(legacy, "manifest_crc32=0a9cf468 seed=1 weights=other.pcm:6d1e0a2b input=150x150"));
    CHECK(!pc_fold_config_same(legacy, "manifest_crc32=0a9cf468 seed=2 weights=base-150x150.pcm:6d1e0a2b input=150x150"));
    CHECK(!pc_fold_config_same(legacy, "manifest_crc32=0a9cf468 seed=1 weights=base-150x150.pcm:6d1e0a2b input=75x150"));
    CHECK(!pc_fold_config_same(legacy, "manifest_crc32=0a9cf468 seed=1 weights=base-150x150.pcm:6d1e0a2b"));
    CHECK(!pc_fold_config_same(legacy, "manifest_crc32=0a9cf468 seed=1 weights=none input=150x150"));
}

int main(void)
{
    pc_ctx *ctx = pc_ctx_create();
    test_config_same();
    test_good(ctx);
    test_faults(ctx);
    pc_ctx_free(ctx);
    return check_finish("test_cv_merge");
}
