/* test_manifest_folds.c: manifest.csv parsing and its errors (with line numbers),
 * stratified folds (balance, coverage, determinism) and the metrics. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "polarcad.h"

static void expect_parse_error(const char *text, const char *fragment)
{
    pc_ctx *ctx = pc_ctx_create();
    pc_manifest m = {0};
    m.count = 12345;
    pc_status status = pc_manifest_parse(ctx, text, strlen(text), "cohort/manifest.csv", "cohort", &m);
    CHECK_INT(status, PC_STATUS_BAD_FORMAT);
    CHECK_INT(m.count, 12345);   /* untouched */
    CHECK_MESSAGE(ctx, "cohort/manifest.csv");
    CHECK_MESSAGE(ctx, fragment);
    pc_ctx_free(ctx);
}

static void test_manifest_parse(void)
{
    pc_ctx *ctx = pc_ctx_create();
    /* BOM, CRLF, columns in another order, an extra column, quotes with commas, doubled
     * quotes and a line break inside, blank lines, sex in several spellings. */
    const char *text =
        "\xEF\xBB\xBF" "label,case_id,rest_ac,stress_ac,rest_nac,stress_nac,note,sex\r\n"
        "1,c0001,c0001/ra.png,c0001/sa.png,c0001/rn.png,c0001/sn.png,plain,M\r\n"
        "\r\n"
        "0,\"c,0002\",\"dir with, comma/ra.jpg\",/abs/sa.jpg,rn.jpg,sn.jpg,\"said \"\"hi\"\"\nover two lines\",female\n"
        "0, c0003 ,ra.png,sa.png,rn.png,sn.png,,\n";
    pc_manifest m = {0};
    CHECK_INT(pc_manifest_parse(ctx, text, strlen(text), "manifest.csv", "cohort", &m), PC_STATUS_OK);
    CHECK_INT(m.count, 3);
    CHECK(m.has_sex);
    if (m.count == 3) {
        CHECK(strcmp(m.cases[0].case_id, "c0001") == 0);
        CHECK_INT(m.cases[0].label, 1);
        CHECK_INT(m.cases[0].sex, PC_SEX_MALE);
        CHECK(strcmp(m.cases[0].path[PC_MAP_STRESS_NAC], "cohort/c0001/sn.png") == 0);
        CHECK(strcmp(m.cases[0].path[PC_MAP_REST_AC], "cohort/c0001/ra.png") == 0);
        CHECK_INT(m.cases[0].line, 2);
        CHECK(strcmp(m.cases[1].case_id, "c,0002") == 0);
        CHECK(strcmp(m.cases[1].path[PC_MAP_REST_AC], "cohort/dir with, comma/ra.jpg") == 0);
        CHECK(strcmp(m.cases[1].path[PC_MAP_STRESS_AC], "/abs/sa.jpg") == 0);
        CHECK_INT(m.cases[1].sex, PC_SEX_FEMALE);
        CHECK_INT(m.cases[1].line, 4);
        CHECK(strcmp(m.cases[2].case_id, "c0003") == 0);   /* trimmed */
        CHECK_INT(m.cases[2].sex, PC_SEX_UNKNOWN);
        CHECK_INT(m.cases[2].line, 6);   /* after the quoted line break */
    }
    pc_manifest_free(&m);
    pc_manifest_free(&m);   /* twice is harmless */
    /* No sex column: unknown for all. */
    const char *plain = "case_id,label,stress_nac,rest_nac,stress_ac,rest_ac\nx,0,a,b,c,d";
    CHECK_INT(pc_manifest_parse(ctx, plain, strlen(plain), "m.csv", NULL, &m), PC_STATUS_OK);
    CHECK(!m.has_sex && m.count == 1 && m.cases[0].sex == PC_SEX_UNKNOWN);
    CHECK(strcmp(m.cases[0].path[PC_MAP_REST_AC], "d") == 0);
    pc_manifest_free(&m);
    pc_ctx_free(ctx);

    const char *header = "case_id,label,stress_nac,rest_nac,stress_ac,rest_ac\n";
    char buf[512];
    expect_parse_error("", "the file is empty");
    expect_parse_error("case_id,label,stress_nac,rest_nac,stress_ac\nc1,0,a,b,c\n",
                       "line 1: the header lacks the column 'rest_ac'");
    expect_parse_error("case_id,label,label,stress_nac,rest_nac,stress_ac,rest_ac\n", "line 1: the column 'label' "
                       "appears twice");
    expect_parse_error(header, "a header but no cases");
    snprintf(buf, sizeof buf, "%sc1,0,a,b,c,d\nc2,yes,a,b,c,d\n", header);
    expect_parse_error(buf, "line 3: label 'yes' must be 0 (no CAD) or 1 (CAD)");
    snprintf(buf, sizeof buf, "%sc1,2,a,b,c,d\n", header);
    expect_parse_error(buf, "line 2: label '2'");
    snprintf(buf, sizeof buf, "%sc1,0,a,b,c\n", header);
    expect_parse_error(buf, "line 2: 5 fields, but the header has 6");
    snprintf(buf, sizeof buf, "%sc1,0,a,b,c,d\n\nc1,1,a,b,c,d\n", header);
    expect_parse_error(buf, "line 4: case_id 'c1' already used on line 2");
    snprintf(buf, sizeof buf, "%s,0,a,b,c,d\n", header);
    expect_parse_error(buf, "line 2: case_id is empty");
    snprintf(buf, sizeof buf, "%sc1,0,a,,c,d\n", header);
    expect_parse_error(buf, "line 2: the rest_nac path is empty");
    snprintf(buf, sizeof buf, "%sc1,0,\"a,b,c,d\n", header);
    expect_parse_error(buf, "line 2: a quoted field is never closed");
    snprintf(buf, sizeof buf, "%sc1,0,a\"b,b,c,d\n", header);
    expect_parse_error(buf, "line 2: a quote");
    expect_parse_error("case_id,label,stress_nac,rest_nac,stress_ac,rest_ac,sex\nc1,0,a,b,c,d,X\n",
                       "line 2: sex 'X' must be M, F or empty");
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static void test_manifest_read(void)
{
    /* Real files: a missing image is named with its line and case. */
    char dir[256];
    snprintf(dir, sizeof dir, "test_manifest_tmp_%ld", (long)getpid());
    mkdir(dir, 0777);
    char path[512];
    const char *names[] = {"sn.png", "rn.png", "sa.png"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        write_text(path, "x");
    }
    snprintf(path, sizeof path, "%s/manifest.csv", dir);
    write_text(path, "case_id,label,stress_nac,rest_nac,stress_ac,rest_ac\nc1,1,sn.png,rn.png,sa.png,ra.png\n");
    pc_ctx *ctx = pc_ctx_create();
    pc_manifest m = {0};
    CHECK_INT(pc_manifest_read(ctx, path, &m), PC_STATUS_NOT_FOUND);
    CHECK_MESSAGE(ctx, "manifest.csv line 2: case c1: rest_ac file");
    CHECK_MESSAGE(ctx, "/ra.png: No such file or directory");
    /* A NAC model reads only the NAC maps: the missing AC file is not its concern. */
    CHECK_INT(pc_manifest_read_maps(ctx, path, pc_manifest_maps_for(PC_DATASET_NAC), &m), PC_STATUS_OK);
    pc_manifest_free(&m);
    CHECK_INT(pc_manifest_read_maps(ctx, path, pc_manifest_maps_for(PC_DATASET_AC), &m), PC_STATUS_NOT_FOUND);
    CHECK_MESSAGE(ctx, "rest_ac file");
    char ra[512];
    snprintf(ra, sizeof ra, "%s/ra.png", dir);
    write_text(ra, "x");
    /* An AC-only data set: no NAC columns at all, or empty NAC fields. */
    char ac_path[512];
    snprintf(ac_path, sizeof ac_path, "%s/ac.csv", dir);
    write_text(ac_path, "case_id,label,stress_ac,rest_ac\nc1,1,sa.png,ra.png\n");
    CHECK_INT(pc_manifest_read_maps(ctx, ac_path, pc_manifest_maps_for(PC_DATASET_AC), &m), PC_STATUS_OK);
    CHECK_INT(m.count, 1);
    if (m.count == 1) {
        CHECK(m.cases[0].path[PC_MAP_STRESS_NAC] == NULL && m.cases[0].path[PC_MAP_REST_NAC] == NULL);
        CHECK(m.cases[0].path[PC_MAP_STRESS_AC] != NULL && m.cases[0].path[PC_MAP_REST_AC] != NULL);
    }
    pc_manifest_free(&m);
    CHECK_INT(pc_manifest_read(ctx, ac_path, &m), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "the header lacks the column 'stress_nac' (a manifest needs");
    CHECK_INT(pc_manifest_read_maps(ctx, ac_path, pc_manifest_maps_for(PC_DATASET_ACNAC), &m), PC_STATUS_BAD_FORMAT);
    CHECK_INT(pc_manifest_read_maps(ctx, ac_path, pc_manifest_maps_for(PC_DATASET_NAC), &m), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "lacks the column 'stress_nac' (this data set needs case_id, label, stress_nac, rest_nac)");
    write_text(ac_path, "case_id,label,stress_nac,rest_nac,stress_ac,rest_ac\nc1,1,,,sa.png,ra.png\n");
    CHECK_INT(pc_manifest_read_maps(ctx, ac_path, pc_manifest_maps_for(PC_DATASET_AC), &m), PC_STATUS_OK);
    if (m.count == 1) CHECK(m.cases[0].path[PC_MAP_REST_NAC] == NULL);
    pc_manifest_free(&m);
    CHECK_INT(pc_manifest_read(ctx, ac_path, &m), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "line 2: the stress_nac path is empty");
    write_text(ac_path, "case_id,label,stress_ac,rest_ac\nc1,1,sa.png,\n");   /* a needed map stays needed */
    CHECK_INT(pc_manifest_read_maps(ctx, ac_path, pc_manifest_maps_for(PC_DATASET_AC), &m), PC_STATUS_BAD_FORMAT);
    CHECK_MESSAGE(ctx, "line 2: the rest_ac path is empty");
    remove(ac_path);
    CHECK_INT(pc_manifest_read(ctx, path, &m), PC_STATUS_OK);
    CHECK_INT(m.count, 1);
    if (m.count == 1) CHECK(strcmp(m.cases[0].path[PC_MAP_REST_AC], ra) == 0);
    pc_manifest_free(&m);
    CHECK_INT(pc_manifest_read(ctx, "no/such/manifest.csv", &m), PC_STATUS_NOT_FOUND);
    CHECK_MESSAGE(ctx, "no/such/manifest.csv");
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    remove(ra);
    snprintf(path, sizeof path, "%s/manifest.csv", dir);
    remove(path);
    rmdir(dir);
    pc_ctx_free(ctx);
}

static void test_folds(void)
{
    enum { N = 216 };
    int labels[N], folds[N], again[N], other[N];
    for (int i = 0; i < N; i++) labels[i] = i < 152;   /* the paper's 152 CAD, 64 no CAD */
    pc_ctx *ctx = pc_ctx_create();
    CHECK_INT(pc_folds_stratified(ctx, labels, N, 10, 1, folds), PC_STATUS_OK);
    int per_fold[10][2] = {{0}};
    for (int i = 0; i < N; i++) {
        CHECK(folds[i] >= 0 && folds[i] < 10);
        per_fold[folds[i]][labels[i]]++;
    }
    int min1 = N, max1 = 0, min0 = N, max0 = 0, mint = N, maxt = 0;
    for (int f = 0; f < 10; f++) {
        int t = per_fold[f][0] + per_fold[f][1];
        min1 = per_fold[f][1] < min1 ? per_fold[f][1] : min1, max1 = per_fold[f][1] > max1 ? per_fold[f][1] : max1;
        min0 = per_fold[f][0] < min0 ? per_fold[f][0] : min0, max0 = per_fold[f][0] > max0 ? per_fold[f][0] : max0;
        mint = t < mint ? t : mint, maxt = t > maxt ? t : maxt;
    }
    CHECK(max1 - min1 <= 1 && max0 - min0 <= 1 && maxt - mint <= 1);
    CHECK(min1 == 15 && max0 == 7);
    CHECK_INT(pc_folds_stratified(ctx, labels, N, 10, 1, again), PC_STATUS_OK);
    CHECK(memcmp(folds, again, sizeof folds) == 0);
    CHECK_INT(pc_folds_stratified(ctx, labels, N, 10, 2, other), PC_STATUS_OK);
    CHECK(memcmp(folds, other, sizeof folds) != 0);
    /* Not simply in order: the first ten CAD cases do not sit in folds 0..9. */
    int in_order = 1;
    for (int i = 0; i < 10; i++) in_order &= folds[i] == i;
    CHECK(!in_order);
    /* A fixed assignment, so a change in the shuffle is noticed (network training relies on
     * the same folds for the same seed). */
    int first[8];
    memcpy(first, folds, sizeof first);
    const int pinned[8] = {9, 0, 0, 5, 0, 5, 6, 2};
    CHECK(memcmp(first, pinned, sizeof pinned) == 0);
    if (getenv("PC_TEST_VERBOSE"))
        fprintf(stderr, "folds[0..7] = %d %d %d %d %d %d %d %d\n", first[0], first[1], first[2], first[3], first[4],
                first[5], first[6], first[7]);
    /* Errors. */
    CHECK_INT(pc_folds_stratified(ctx, labels, N, 1, 1, folds), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "1 folds is impossible for 216 cases");
    CHECK_INT(pc_folds_stratified(ctx, labels, 5, 6, 1, folds), PC_STATUS_INVALID_ARGUMENT);
    labels[7] = -1;
    CHECK_INT(pc_folds_stratified(ctx, labels, N, 10, 1, folds), PC_STATUS_INVALID_ARGUMENT);
    CHECK_MESSAGE(ctx, "case 7 has label -1");
    pc_ctx_free(ctx);
}

static void test_metrics(void)
{
    /* The paper's Semi-Q (NAC) confusion matrix gives its published ratios. */
    pc_confusion c = {0};
    for (int i = 0; i < 110; i++) pc_confusion_add(&c, 1, 1);
    for (int i = 0; i < 42; i++) pc_confusion_add(&c, 1, 0);
    for (int i = 0; i < 34; i++) pc_confusion_add(&c, 0, 1);
    for (int i = 0; i < 30; i++) pc_confusion_add(&c, 0, 0);
    CHECK(c.tp == 110 && c.fn == 42 && c.fp == 34 && c.tn == 30);
    pc_metrics m = pc_metrics_from_confusion(&c);
    CHECK_NEAR(100 * m.accuracy, 64.81, 0.005);
    CHECK_NEAR(100 * m.sensitivity, 72.37, 0.005);
    CHECK_NEAR(100 * m.specificity, 46.88, 0.0051);   /* 46.875 */
    CHECK_NEAR(100 * m.precision, 76.39, 0.005);   /* Table 3 */
    CHECK_NEAR(m.npv, 30.0 / 72.0, 1e-12);
    CHECK_NEAR(m.f1, 220.0 / 296.0, 1e-12);
    pc_confusion none = {0, 0, 3, 4};
    m = pc_metrics_from_confusion(&none);
    CHECK(isnan(m.sensitivity) && !isnan(m.specificity));
    pc_confusion s = pc_confusion_sum(c, none);
    CHECK_INT(pc_confusion_total(&s), 223);
}

int main(void)
{
    test_manifest_parse();
    test_manifest_read();
    test_folds();
    test_metrics();
    return check_finish("test_manifest_folds");
}
