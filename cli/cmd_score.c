/* cmd_score.c: `polarcad score`: the semi-quantitative baseline.
 *
 *   --data manifest.csv   the paper's comparison, both ways: every case against the
 *                         vendor-style database of low-likelihood normals (what the paper's
 *                         software did; the shipped one or --normals FILE), and stratified
 *                         k-fold cross-validation with the database rebuilt from each
 *                         training split's no-CAD cases; accuracy / sensitivity /
 *                         specificity and the pooled confusion matrix beside the paper's
 *                         own Semi-Q rows;
 *   --study A B C D       one study against a saved normal database (the shipped one unless
 *                         --normals FILE), as text or JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "semiq.h"
#include "shipped.h"

static const char *const usage =
    "usage: polarcad score --data manifest.csv [--folds 10] [--seed 1] [--out scores.csv] [OPTIONS]\n"
    "       polarcad score --study STRESS_NAC REST_NAC STRESS_AC REST_AC [--normals normals.db]\n"
    "                      [--sex M|F] [--json] [OPTIONS]\n"
    "\n"
    "Semi-quantitative analysis of polar maps: 17-segment scores 0..4 against a normal\n"
    "database, SSS, SRS, SDS, TPD, per-territory sums, and calls. The maps may be exports or\n"
    "screen captures (PNG, JPEG, BMP); the disc and the colour table are found automatically.\n"
    "\n"
    "--data runs the paper's comparison two ways. Vendor-style: every case against a normal\n"
    "database of low-likelihood normals, as clinical software does (the shipped synthetic one,\n"
    "model/normals-low-likelihood.db, or --normals FILE). Training folds: stratified k-fold\n"
    "cross-validation at case level (same folds as training for the same seed); each fold's\n"
    "normal database is built from the no-CAD (label 0) cases of the OTHER folds only, and\n"
    "scores its own fold. Prints accuracy, sensitivity and specificity with the pooled\n"
    "confusion matrix for Semi-Q (NAC) and Semi-Q (AC), beside the paper's published rows (its\n"
    "own 216 patients), and writes every case's scores and calls to --out. --study scores one\n"
    "study (maps in the order stress NAC, rest NAC, stress AC, rest AC; write '-' for a map\n"
    "you do not have) against the shipped database unless --normals FILE is given. Build a\n"
    "normal database with `polarcad normals`.\n"
    "\n"
    "options:\n"
    "  --folds K            folds (10)\n"
    "  --seed S             seed of the fold assignment (1)\n"
    "  --out FILE.csv       per-case scores and calls (--data)\n"
    "  --normals FILE       normal database (default: the shipped vendor-style one, found as\n"
    "                       docs/semiquant.md 3.1 says; with --data it replaces that one)\n"
    "  --sex M|F            sex of the patient, for per-sex normals (--study)\n"
    "  --json               JSON instead of text (--study)\n"
    "  --skip-unreadable    leave out (and list) cases whose maps cannot be preprocessed, instead\n"
    "                       of stopping at the first (--data); the table then says how many\n";

static void print_row(const char *name, const char *source, const pc_confusion *c)
{
    pc_metrics m = pc_metrics_from_confusion(c);
    printf("%-28s %-22s %8.2f %12.2f %12.2f %6d %4d %4d %4d\n", name, source, 100 * m.accuracy, 100 * m.sensitivity,
           100 * m.specificity, c->tp, c->fn, c->fp, c->tn);
}

/* ---- --data ------------------------------------------------------------------------------ */

/* vendor (may be NULL): the same cases against the vendor-style database, appended as
 * vendor_* columns. */
static pc_status write_scores_csv(pc_ctx *ctx, const char *path, const pc_manifest *mf, int count, const int *folds,
                                  const pc_colormap *tables, const pc_semiq_result *r, const pc_semiq_result *vendor)
{
    size_t cap = 4096 + (size_t)count * 2304, size = 0;
    char *buf = malloc(cap);
    if (!buf) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", path);
#define PUT(...) size += (size_t)snprintf(buf + size, cap - size, __VA_ARGS__)
    PUT("case_id,label,fold,sex,colormap");
    const char *cn[PC_CORRECTION_COUNT] = {"nac", "ac"};
    for (int c = 0; c < PC_CORRECTION_COUNT; c++)
        PUT(",%s_sss,%s_srs,%s_sds,%s_tpd_stress,%s_tpd_rest,%s_tpd_ischaemic,%s_lad_sss,%s_lcx_sss,%s_rca_sss,"
            "%s_lad_sds,%s_lcx_sds,%s_rca_sds,%s_call_paper,%s_call_sss,%s_call_sds,%s_call_tpd",
            cn[c], cn[c], cn[c], cn[c], cn[c], cn[c], cn[c], cn[c], cn[c], cn[c], cn[c], cn[c], cn[c], cn[c], cn[c],
            cn[c]);
    for (int m = 0; m < PC_MAP_COUNT; m++)
        for (int s = 1; s <= PC_SEGMENT_COUNT; s++) PUT(",%s_s%d", pc_map_name((pc_map)m), s);
    for (int c = 0; vendor && c < PC_CORRECTION_COUNT; c++)
        PUT(",vendor_%s_sss,vendor_%s_srs,vendor_%s_sds,vendor_%s_tpd_stress,vendor_%s_call_paper", cn[c], cn[c], cn[c],
            cn[c], cn[c]);
    PUT("\n");
    for (int i = 0; i < count; i++) {
        /* case ids with commas or quotes are quoted as CSV wants. */
        const char *id = mf->cases[i].case_id;
        if (strpbrk(id, ",\"\n\r")) {
            PUT("\"");
            for (const char *p = id; *p; p++) PUT(*p == '"' ? "\"\"" : "%c", *p);
            PUT("\"");
        } else {
            PUT("%s", id);
        }
        PUT(",%d,%d,%s,%s", mf->cases[i].label, folds[i] + 1,
            mf->cases[i].sex == PC_SEX_UNKNOWN ? "" : pc_sex_name(mf->cases[i].sex), pc_colormap_name(tables[i]));
        for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
            const pc_correction_scores *k = &r[i].corr[c];
            PUT(",%d,%d,%d,%.2f,%.2f,%.2f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d", k->sss, k->srs, k->sds, k->tpd_stress,
                k->tpd_rest, k->tpd_ischaemic, k->territory_sss[PC_TERRITORY_LAD], k->territory_sss[PC_TERRITORY_LCX],
                k->territory_sss[PC_TERRITORY_RCA], k->territory_sds[PC_TERRITORY_LAD],
                k->territory_sds[PC_TERRITORY_LCX], k->territory_sds[PC_TERRITORY_RCA], k->call_paper, k->call_sss,
                k->call_sds, k->call_tpd);
        }
        for (int m = 0; m < PC_MAP_COUNT; m++)
            for (int s = 0; s < PC_SEGMENT_COUNT; s++) PUT(",%d", r[i].map[m].score[s]);
        for (int c = 0; vendor && c < PC_CORRECTION_COUNT; c++) {
            const pc_correction_scores *k = &vendor[i].corr[c];
            PUT(",%d,%d,%d,%.2f,%d", k->sss, k->srs, k->sds, k->tpd_stress, k->call_paper);
        }
        PUT("\n");
    }
#undef PUT
    pc_status status = size < cap ? pc_file_write_atomic(ctx, path, buf, size)
                                  : pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: table too large", path);
    free(buf);
    return status;
}

/* Keeps the cases not flagged in failed (compacting the manifest and features in place);
 * the manifest's freed-later strings of dropped cases move to the tail, so
 * pc_manifest_free still frees everything. Returns the new count. */
static int drop_failed(pc_manifest *mf, pc_study_features *features, pc_colormap *tables, const uint8_t *failed)
{
    int kept = 0;
    for (int i = 0; i < mf->count; i++) {
        if (failed[i]) continue;
        pc_manifest_case t = mf->cases[kept];
        mf->cases[kept] = mf->cases[i];
        mf->cases[i] = t;
        features[kept] = features[i];
        tables[kept] = tables[i];
        kept++;
    }
    return kept;
}

/* The vendor-style database of --data: --normals FILE, else the shipped one. Returns 1
 * when loaded into nd (its path in path), 0 when the shipped one is absent or made for
 * other rings (a note says so; the run goes on without it), -1 on an error (reported). */
static int load_vendor_normals(pc_ctx *ctx, const char *given, const char *argv0, pc_ring_layout layout,
                               pc_normals *nd, char *path, size_t size)
{
    if (given) snprintf(path, size, "%s", given);
    else if (!shipped_file(argv0, SHIPPED_NORMALS, path, size)) {
        printf("vendor-style normal database: not found (looked in %s); only the training-fold rows follow\n", path);
        return 0;
    }
    if (semiq_read_normals(ctx, path, nd)) {
        cli_report(ctx, "score");
        return -1;
    }
    if (nd->layout == layout) return 1;
    if (given) {
        fprintf(stderr, "polarcad score: %s has %s rings but this run samples %s rings (give --layout %s)\n", path,
                pc_ring_layout_name(nd->layout), pc_ring_layout_name(layout), pc_ring_layout_name(nd->layout));
        return -1;
    }
    printf("vendor-style normal database %s: %s rings, this run samples %s; only the training-fold rows follow\n",
           path, pc_ring_layout_name(nd->layout), pc_ring_layout_name(layout));
    return 0;
}

static void print_no_cad(const char *what, const pc_semiq_summary *sum)
{
    printf("no-CAD cases, %s:", what);
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        const pc_semiq_no_cad *z = &sum->no_cad[c];
        if (!z->count) break;
        printf("%s %s SSS median %d (quartiles %d-%d), %.0f%% with SSS 0-3", c ? ";" : "",
               pc_correction_name((pc_correction)c), z->sss_median, z->sss_q1, z->sss_q3, 100.0 * z->share_sss_0_3);
    }
    printf("\n");
}

static int run_data(const char *data, const char *folds_text, const char *seed_text, const char *out_path,
                    int skip_unreadable, const char *normals_path, const char *argv0, const semiq_setup *setup)
{
    long k = 10, seed = 1;
    if (folds_text && !cli_parse_int("score", "folds", folds_text, 2, 1000, &k)) return CLI_EXIT_USAGE;
    if (seed_text && !cli_parse_int("score", "seed", seed_text, 0, 2147483647L, &seed)) return CLI_EXIT_USAGE;
    pc_ctx *ctx = pc_ctx_create();
    pc_manifest mf = {0};
    semiq_engine engine = {0};
    pc_study_features *features = NULL;
    pc_colormap *tables = NULL;
    int *labels = NULL, *folds = NULL, normals_per_fold[1000];
    pc_semiq_result *results = NULL, *vendor = NULL;
    pc_normals *vendor_db = malloc(sizeof *vendor_db);
    char vendor_path[4096];
    int exit_code = CLI_EXIT_FAILURE;
    if (!ctx || !vendor_db) {
        pc_ctx_free(ctx);
        free(vendor_db);
        return CLI_EXIT_FAILURE;
    }
    if (pc_manifest_read(ctx, data, &mf) || semiq_engine_create(ctx, setup, &engine)) {
        cli_report(ctx, "score");
        goto done;
    }
    int n = mf.count, positives = 0;
    for (int i = 0; i < n; i++) positives += mf.cases[i].label;
    if (k > n) {
        fprintf(stderr, "polarcad score: %ld folds for %d cases is impossible\n", k, n);
        goto done;
    }
    fprintf(stderr, "polarcad score: preprocessing %d studies (%d maps) from %s ...\n", n, 4 * n, data);
    uint8_t *failed = skip_unreadable ? calloc((size_t)n, 1) : NULL;
    if (skip_unreadable && !failed) {
        fputs("polarcad score: out of memory\n", stderr);
        goto done;
    }
    if (semiq_load_cohort(ctx, &engine, setup, &mf, &features, &tables, failed)) {
        cli_report(ctx, "score");
        free(failed);
        goto done;
    }
    int skipped = 0, total_cases = n;
    if (failed) {
        int all = mf.count;
        int kept = drop_failed(&mf, features, tables, failed);
        skipped = all - kept;
        free(failed);
        /* Cases beyond `kept` are only there to be freed; the analysis sees `kept` cases. */
        n = kept;
        positives = 0;
        for (int i = 0; i < n; i++) positives += mf.cases[i].label;
        if (k > n) {
            fprintf(stderr, "polarcad score: %d readable cases are too few for %ld folds\n", n, k);
            goto done;
        }
    }
    labels = malloc(sizeof(int) * (size_t)n);
    folds = malloc(sizeof(int) * (size_t)n);
    results = calloc((size_t)n, sizeof *results);
    if (!labels || !folds || !results) {
        fputs("polarcad score: out of memory\n", stderr);
        goto done;
    }
    for (int i = 0; i < n; i++) labels[i] = mf.cases[i].label;
    if (pc_folds_stratified(ctx, labels, n, (int)k, (uint64_t)seed, folds) ||
        pc_semiq_crossval(ctx, features, labels, n, folds, (int)k, setup->layout, &setup->config, results, NULL,
                    normals_per_fold)) {
        cli_report(ctx, "score");
        goto done;
    }
    /* Vendor-style: every case against low-likelihood normals that are not this data. */
    int have_vendor = load_vendor_normals(ctx, normals_path, argv0, setup->layout, vendor_db, vendor_path,
                                          sizeof vendor_path);
    if (have_vendor < 0) goto done;
    if (have_vendor) {
        vendor = calloc((size_t)n, sizeof *vendor);
        if (!vendor) { fputs("polarcad score: out of memory\n", stderr); goto done; }
        for (int i = 0; i < n; i++)
            if (pc_semiq_score(ctx, vendor_db, &features[i], &setup->config, &vendor[i])) {
                pc_fail_prefix(ctx, vendor_path);
                cli_report(ctx, "score");
                goto done;
            }
    }
    if (out_path && write_scores_csv(ctx, out_path, &mf, n, folds, tables, results, vendor)) {
        cli_report(ctx, "score");
        goto done;
    }

    int nmin = normals_per_fold[0], nmax = normals_per_fold[0];
    for (int f = 1; f < k; f++) {
        if (normals_per_fold[f] < nmin) nmin = normals_per_fold[f];
        if (normals_per_fold[f] > nmax) nmax = normals_per_fold[f];
    }
    int table_count[PC_COLORMAP_COUNT] = {0};
    for (int i = 0; i < n; i++) table_count[tables[i]]++;
    printf("Semi-quantitative baseline on %s: %d cases (%d CAD, %d no CAD)%s\n", data, n, positives, n - positives,
           mf.has_sex ? ", per-sex normals where a sex has enough" : "");
    if (skipped)
        printf("%d of %d cases left out: their maps could not be preprocessed (listed on stderr)\n", skipped,
               total_cases);
    printf("colour tables found:");
    for (int t = 0; t < PC_COLORMAP_COUNT; t++)
        if (table_count[t]) printf(" %s %d", pc_colormap_name((pc_colormap)t), table_count[t]);
    printf("; rings %s; segment %s scored\n", pc_ring_layout_name(setup->layout),
           setup->config.value == PC_SEGMENT_VALUE_MIN ? "minimum" : "mean");
    if (have_vendor)
        printf("vendor-style normals: %s (%d low-likelihood normals: %d men, %d women), not built from this\n"
               "data, scores every case.\n", vendor_path, vendor_db->group[0][PC_SEX_UNKNOWN].n,
               vendor_db->group[0][PC_SEX_MALE].n, vendor_db->group[0][PC_SEX_FEMALE].n);
    printf("training-fold normals: %ld-fold stratified cross-validation, seed %ld: each fold's normal database\n"
           "is built from the no-CAD cases of the other folds only (%d-%d studies) and scores its own fold.\n\n", k,
           seed, nmin, nmax);
    printf("%-28s %-22s %8s %12s %12s %6s %4s %4s %4s\n", "method", "source", "accuracy", "sensitivity",
           "specificity", "TP", "FN", "FP", "TN");
    pc_semiq_summary sum, vsum;
    if (pc_semiq_summarize(ctx, results, labels, n, &sum) ||
        (have_vendor && pc_semiq_summarize(ctx, vendor, labels, n, &vsum))) {
        cli_report(ctx, "score");
        goto done;
    }
    char name[96];
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        snprintf(name, sizeof name, "Semi-Q (%s)", pc_correction_name((pc_correction)c));
        if (have_vendor) print_row(name, "vendor-style normals", &vsum.confusion[c][PC_SEMIQ_CALL_PAPER]);
        print_row(name, "training-fold normals", &sum.confusion[c][PC_SEMIQ_CALL_PAPER]);
        print_row(name, "paper, its own data*", &pc_semiq_paper_row((pc_correction)c)->confusion);
    }
    printf("\nother calls, measured on this data:\n");
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        const char *cn = pc_correction_name((pc_correction)c);
        const pc_semiq_call calls[3] = {PC_SEMIQ_CALL_SSS, PC_SEMIQ_CALL_SDS, PC_SEMIQ_CALL_TPD};
        for (int j = 0; j < 3; j++) {
            if (calls[j] == PC_SEMIQ_CALL_SSS) snprintf(name, sizeof name, "%s SSS >= %d", cn, setup->config.sss_at_least);
            else if (calls[j] == PC_SEMIQ_CALL_SDS) snprintf(name, sizeof name, "%s SDS >= %d", cn, setup->config.sds_at_least);
            else snprintf(name, sizeof name, "%s stress TPD >= %g%%", cn, setup->config.tpd_at_least);
            if (have_vendor) print_row(name, "vendor-style normals", &vsum.confusion[c][calls[j]]);
            print_row(name, "training-fold normals", &sum.confusion[c][calls[j]]);
        }
    }
    /* Calibration: how the no-CAD cases score (normals should score about SSS 0-3). */
    printf("\n");
    if (have_vendor) print_no_cad("vendor-style normals", &vsum);
    print_no_cad("training-fold normals (out of fold)", &sum);
    printf("\nPaper rules: Semi-Q (NAC) = SSS > %d and SDS > %d; Semi-Q (AC) = SSS > %d and SDS > %d.\n",
           setup->config.paper_sss_over[0], setup->config.paper_sds_over[0], setup->config.paper_sss_over[1],
           setup->config.paper_sds_over[1]);
    printf("* The paper's own published results (Apostolopoulos et al., Hell J Nucl Med 2020, Tables 2-3:\n"
           "  216 real patients, angiography as reference, its own software). Not measured here, not the\n"
           "  same data: a reference point, not a like-for-like comparison.\n");
    if (out_path) printf("wrote %s (%d cases)\n", out_path, n);
    printf("\n%s\n", cli_disclaimer);
    exit_code = CLI_EXIT_OK;
done:
    free(labels);
    free(folds);
    free(results);
    free(vendor);
    free(vendor_db);
    free(features);
    free(tables);
    semiq_engine_free(&engine);
    pc_manifest_free(&mf);
    pc_ctx_free(ctx);
    return exit_code;
}

/* ---- --study ----------------------------------------------------------------------------- */

static void json_string(const char *s)
{
    cli_json_string(stdout, s);
}

static void print_study_json(const char *const paths[PC_MAP_COUNT], const pc_study *study, const pc_semiq_result *r,
                             const char *normals_path, int normals_default, const semiq_setup *setup)
{
    printf("{\n  \"normals\": ");
    json_string(normals_path);
    printf(",\n  \"normals_default\": %s", normals_default ? "true" : "false");
    printf(",\n  \"layout\": \"%s\",\n  \"colormap\": \"%s\",\n  \"maps\": {", pc_ring_layout_name(setup->layout),
           pc_colormap_name(study->table));
    int first = 1;
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        if (!study->present[m]) continue;
        const pc_map_scores *s = &r->map[m];
        printf("%s\n    \"%s\": {\"file\": ", first ? "" : ",", pc_map_name((pc_map)m));
        json_string(paths[m]);
        printf(", \"disc\": [%.2f, %.2f, %.2f], \"unmatched\": %.4f, \"normals_group\": \"%s\", \"normals_n\": %d,"
               " \"sum\": %d, \"tpd\": %.2f, \"scores\": [",
               study->disc[m].disc.cx, study->disc[m].disc.cy, study->disc[m].disc.radius,
               study->counts[m].unmatched_fraction, s->normals_group ? pc_sex_name(s->normals_group) : "all",
               s->normals_n, s->sum, s->tpd);
        for (int k = 0; k < PC_SEGMENT_COUNT; k++) printf("%s%d", k ? ", " : "", s->score[k]);
        printf("]}");
        first = 0;
    }
    printf("\n  }");
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        const pc_correction_scores *k = &r->corr[c];
        printf(",\n  \"%s\": ", c ? "ac" : "nac");
        if (!k->present) { printf("null"); continue; }
        printf("{\"sss\": %d, \"srs\": %d, \"sds\": %d, \"tpd_stress\": %.2f, \"tpd_rest\": %.2f, "
               "\"tpd_ischaemic\": %.2f, \"territories\": {", k->sss, k->srs, k->sds, k->tpd_stress, k->tpd_rest,
               k->tpd_ischaemic);
        for (int t = 0; t < PC_TERRITORY_COUNT; t++)
            printf("%s\"%s\": {\"sss\": %d, \"srs\": %d, \"sds\": %d}", t ? ", " : "",
                   pc_territory_name((pc_territory)t), k->territory_sss[t], k->territory_srs[t], k->territory_sds[t]);
        printf("}, \"calls\": {\"paper\": %d, \"sss\": %d, \"sds\": %d, \"tpd\": %d}}", k->call_paper, k->call_sss,
               k->call_sds, k->call_tpd);
    }
    printf(",\n  \"warnings\": [");   /* a disc cut off by the image edge, say */
    for (int m = 0, n = 0; m < PC_MAP_COUNT; m++)
        if (study->present[m] && study->warning[m][0]) {
            printf("%s", n++ ? ", " : "");
            json_string(study->warning[m]);
        }
    printf("]");
    printf(",\n  \"disclaimer\": ");
    json_string(cli_disclaimer);
    printf("\n}\n");
}

static void print_study_text(const char *const paths[PC_MAP_COUNT], const pc_study *study, const pc_semiq_result *r,
                             const char *normals_path, int normals_default, const semiq_setup *setup)
{
    printf("Semi-quantitative analysis (normal database %s, %s rings)\n", normals_path,
           pc_ring_layout_name(setup->layout));
    if (normals_default)
        printf("  the shipped default: vendor-style normal limits from a synthetic low-likelihood cohort\n"
               "  (model/README-normals.md); give --normals FILE for another\n");
    for (int m = 0; m < PC_MAP_COUNT; m++)
        if (study->present[m])
            printf("  %-10s %s: disc r %.0f px at (%.0f, %.0f), %.1f%% unmatched, normals %s (n %d)\n",
                   pc_map_name((pc_map)m), paths[m], study->disc[m].disc.radius, study->disc[m].disc.cx,
                   study->disc[m].disc.cy, 100 * study->counts[m].unmatched_fraction,
                   r->map[m].normals_group ? pc_sex_name(r->map[m].normals_group) : "all", r->map[m].normals_n);
    for (int m = 0; m < PC_MAP_COUNT; m++)
        if (study->present[m] && study->warning[m][0]) printf("  warning: %s\n", study->warning[m]);
    printf("colour table: %s%s\n\n", pc_colormap_name(study->table),
           setup->preprocess.table >= 0 ? " (forced)" : " (detected)");
    printf("%-3s %-22s %10s %10s %10s %10s\n", "#", "segment", "stress_nac", "rest_nac", "stress_ac", "rest_ac");
    for (int s = 0; s < PC_SEGMENT_COUNT; s++) {
        printf("%-3d %-22s", s + 1, pc_segment_name(s + 1));
        for (int m = 0; m < PC_MAP_COUNT; m++)
            if (study->present[m]) printf(" %10d", r->map[m].score[s]);
            else printf(" %10s", "-");
        printf("\n");
    }
    printf("\n%-26s %16s %16s\n", "", "NAC", "AC");
    char cell[2][64];
#define ROW(label, ...)                                                                              \
    do {                                                                                             \
        for (int c = 0; c < PC_CORRECTION_COUNT; c++) {                                              \
            const pc_correction_scores *k = &r->corr[c];                                             \
            if (k->present) snprintf(cell[c], sizeof cell[c], __VA_ARGS__);                          \
            else snprintf(cell[c], sizeof cell[c], "-");                                             \
        }                                                                                            \
        printf("%-26s %16s %16s\n", label, cell[0], cell[1]);                                        \
    } while (0)
    ROW("SSS / SRS / SDS", "%d / %d / %d", k->sss, k->srs, k->sds);
    ROW("TPD stress / rest (%)", "%.1f / %.1f", k->tpd_stress, k->tpd_rest);
    ROW("LAD SSS / SDS", "%d / %d", k->territory_sss[PC_TERRITORY_LAD], k->territory_sds[PC_TERRITORY_LAD]);
    ROW("LCx SSS / SDS", "%d / %d", k->territory_sss[PC_TERRITORY_LCX], k->territory_sds[PC_TERRITORY_LCX]);
    ROW("RCA SSS / SDS", "%d / %d", k->territory_sss[PC_TERRITORY_RCA], k->territory_sds[PC_TERRITORY_RCA]);
    ROW("paper rule", "%s (>%d, >%d)", k->call_paper ? "CAD" : "no CAD", setup->config.paper_sss_over[c],
        setup->config.paper_sds_over[c]);
    ROW("SSS >= N", "%s", k->call_sss ? "abnormal" : "normal");
    ROW("SDS >= N", "%s", k->call_sds ? "ischaemia" : "none");
    ROW("stress TPD >= limit", "%s", k->call_tpd ? "abnormal" : "normal");
#undef ROW
    printf("\n%s\n", cli_disclaimer);
}

static int run_study(const char *const given[PC_MAP_COUNT], const char *normals_given, const char *argv0,
                     const char *sex_text, int json, const semiq_setup *setup)
{
    pc_sex sex = PC_SEX_UNKNOWN;
    if (sex_text && (!pc_sex_parse(sex_text, &sex) || !sex_text[0])) {
        fprintf(stderr, "polarcad score: --sex must be M or F (got '%s')\n", sex_text);
        return CLI_EXIT_USAGE;
    }
    const char *paths[PC_MAP_COUNT];
    for (int m = 0; m < PC_MAP_COUNT; m++) paths[m] = strcmp(given[m], "-") == 0 ? NULL : given[m];
    char normals_path[4096];
    snprintf(normals_path, sizeof normals_path, "%s", normals_given ? normals_given : "");
    if (!normals_given && !shipped_file(argv0, SHIPPED_NORMALS, normals_path, sizeof normals_path)) {
        fprintf(stderr, "polarcad score: the shipped normal database was not found (looked in %s); give --normals "
                        "FILE (make one with `polarcad normals`)\n", normals_path);
        return CLI_EXIT_FAILURE;
    }
    pc_ctx *ctx = pc_ctx_create();
    pc_normals *nd = malloc(sizeof *nd);
    semiq_engine engine = {0};
    int exit_code = CLI_EXIT_FAILURE;
    if (!ctx || !nd) { fputs("polarcad score: out of memory\n", stderr); goto done; }
    if (semiq_read_normals(ctx, normals_path, nd)) {
        cli_report(ctx, "score");
        goto done;
    }
    semiq_setup s = *setup;
    if (!setup->layout_given) s.layout = nd->layout;   /* the database decides, unless told */
    if (semiq_engine_create(ctx, &s, &engine)) { cli_report(ctx, "score"); goto done; }
    pc_study_features features;
    pc_study study;
    pc_semiq_result result;
    if (semiq_load_study(ctx, &engine, &s, paths, sex, &features, &study)) { cli_report(ctx, "score"); goto done; }
    if (pc_semiq_score(ctx, nd, &features, &s.config, &result)) {
        pc_fail_prefix(ctx, normals_path);
        cli_report(ctx, "score");
        pc_study_free(&study);
        goto done;
    }
    if (json) print_study_json(paths, &study, &result, normals_path, !normals_given, &s);
    else print_study_text(paths, &study, &result, normals_path, !normals_given, &s);
    pc_study_free(&study);
    exit_code = CLI_EXIT_OK;
done:
    free(nd);
    semiq_engine_free(&engine);
    pc_ctx_free(ctx);
    return exit_code;
}

int cmd_score(int argc, char **argv)
{
    const char *data = NULL, *folds = NULL, *seed = NULL, *out = NULL, *normals = NULL, *sex = NULL;
    int study = 0, json = 0, help = 0, skip = 0;
    semiq_args sa;
    cli_option options[16 + SEMIQ_OPTION_COUNT] = {
        {"data", &data, NULL}, {"folds", &folds, NULL}, {"seed", &seed, NULL}, {"out", &out, NULL},
        {"normals", &normals, NULL}, {"sex", &sex, NULL}, {"study", NULL, &study}, {"json", NULL, &json},
        {"help", NULL, &help}, {"skip-unreadable", NULL, &skip},
    };
    const char *positional[PC_MAP_COUNT + 1];
    int n_positional = 0;
    semiq_setup setup;
    int code = semiq_command_parse("score", argc, argv, usage, options, 10, &sa, &help, PC_MAP_COUNT + 1, positional,
                                   &n_positional, &setup);
    if (code >= 0) return code;
    if (!data == !study) {
        fprintf(stderr, "polarcad score: give either --data manifest.csv or --study A B C D\n%s", usage);
        return CLI_EXIT_USAGE;
    }
    if (data) {
        if (n_positional) {
            fprintf(stderr, "polarcad score: unexpected argument '%s'\n", positional[0]);
            return CLI_EXIT_USAGE;
        }
        if (sex || json) {
            fprintf(stderr, "polarcad score: --sex and --json go with --study; --data takes each case's sex from "
                            "the manifest\n");
            return CLI_EXIT_USAGE;
        }
        return run_data(data, folds, seed, out, skip, normals, argv[0], &setup);
    }
    if (n_positional != PC_MAP_COUNT) {
        fprintf(stderr, "polarcad score: --study needs 4 maps: STRESS_NAC REST_NAC STRESS_AC REST_AC ('-' for "
                        "an absent one), got %d\n", n_positional);
        return CLI_EXIT_USAGE;
    }
    if (folds || seed || out || skip) {
        fprintf(stderr, "polarcad score: --folds, --seed, --out and --skip-unreadable go with --data\n");
        return CLI_EXIT_USAGE;
    }
    return run_study(positional, normals, argv[0], sex, json, &setup);
}
