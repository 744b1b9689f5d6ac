/* report_data.c: predictions.csv and report.json (see report.h). */
#include <math.h>
#include <string.h>

#include "published.h"
#include "report_text.h"
#include "../semiquant/summary.h"

static void csv_id(pc_text *t, const char *id)
{
    if (!strpbrk(id, ",\"\r\n")) {
        pc_text_printf(t, "%s", id);
        return;
    }
    pc_text_printf(t, "\"");
    for (const char *p = id; *p; p++) pc_text_printf(t, *p == '"' ? "\"\"" : "%c", *p);
    pc_text_printf(t, "\"");
}

void pc_report_predictions(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r)
{
    pc_text_printf(t, "case_id,fold,label,p_cad,cnn_call,semiq_nac_call,semiq_ac_call,logreg_p,logreg_call\n");
    for (int i = 0; i < in->merged->n; i++) {
        csv_id(t, in->manifest->cases[i].case_id);
        pc_text_printf(t, ",%d,%d,%.9f,%d,%d,%d,%.9f,%d\n", in->merged->fold[i] + 1, in->manifest->cases[i].label,
                       in->merged->p_cad[i], r->call[PC_REPORT_CNN][i], r->call[PC_REPORT_SEMIQ_NAC][i],
                       r->call[PC_REPORT_SEMIQ_AC][i], in->logreg_p[i], r->call[PC_REPORT_LOGREG][i]);
    }
}

/* ---- report.json ---------------------------------------------------------------------- */

static void json_string(pc_text *t, const char *s)
{
    pc_text_printf(t, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') pc_text_printf(t, "\\%c", c);
        else if (c < 0x20) pc_text_printf(t, "\\u%04x", c);
        else pc_text_printf(t, "%c", c);
    }
    pc_text_printf(t, "\"");
}

/* A number with 6 decimals, or null for NaN (JSON has no NaN). */
static void json_num(pc_text *t, double v)
{
    if (isnan(v) || isinf(v)) pc_text_printf(t, "null");
    else pc_text_printf(t, "%.6f", v);
}

/* prefix, then "key": value (json_num). */
static void json_kv(pc_text *t, const char *prefix, const char *key, double v)
{
    pc_text_printf(t, "%s\"%s\": ", prefix, key);
    json_num(t, v);
}

static void json_confusion(pc_text *t, const pc_confusion *c)
{
    pc_text_printf(t, "{\"tp\": %d, \"fn\": %d, \"fp\": %d, \"tn\": %d}", c->tp, c->fn, c->fp, c->tn);
}

/* "accuracy": ..., ... "f1": ... (ratios 0..1) */
static void json_metrics(pc_text *t, const pc_metrics *m)
{
    static const char *const keys[PC_METRIC_COUNT] = {"accuracy", "sensitivity", "specificity", "ppv", "npv", "f1"};
    pc_text_printf(t, "{");
    for (int k = 0; k < PC_METRIC_COUNT; k++) {
        pc_text_printf(t, "%s\"%s\": ", k ? ", " : "", keys[k]);
        json_num(t, pc_metric_at(m, k));
    }
    pc_text_printf(t, "}");
}

static void json_method(pc_text *t, const pc_method_eval *e, const char *name)
{
    pc_text_printf(t, "    {\"name\": ");
    json_string(t, name);
    pc_text_printf(t, ",\n     \"pooled\": {\"metrics\": ");
    json_metrics(t, &e->metrics);
    json_kv(t, ", ", "auc", e->auc.auc);
    json_kv(t, ", ", "auc_variance", e->auc.variance);
    pc_text_printf(t, ", \"auc_ci95\": [");
    json_num(t, e->auc.lo);
    pc_text_printf(t, ", ");
    json_num(t, e->auc.hi);
    json_kv(t, "], ", "brier", e->brier);
    pc_text_printf(t, ", \"confusion\": ");
    json_confusion(t, &e->pooled);
    pc_text_printf(t, "},\n     \"folds\": [");
    for (int f = 0; f < e->folds; f++) {
        pc_text_printf(t, "%s\n       {\"fold\": %d, \"metrics\": ", f ? "," : "", f + 1);
        json_metrics(t, &e->fold_metrics[f]);
        json_kv(t, ", ", "auc", e->fold_auc[f]);
        json_kv(t, ", ", "brier", e->fold_brier[f]);
        pc_text_printf(t, ", \"confusion\": ");
        json_confusion(t, &e->fold_confusion[f]);
        pc_text_printf(t, "}");
    }
    pc_text_printf(t, "],\n     \"mean\": ");
    json_metrics(t, &e->mean);
    pc_text_printf(t, ", \"sd\": ");
    json_metrics(t, &e->sd);
    json_kv(t, ",\n     ", "auc_mean", e->auc_mean);
    json_kv(t, ", ", "auc_sd", e->auc_sd);
    json_kv(t, ", ", "brier_mean", e->brier_mean);
    json_kv(t, ", ", "brier_sd", e->brier_sd);
    pc_text_printf(t, "}");
}

static void json_paper_row(pc_text *t, const char *model, const char *dataset, int trainable, const char *source,
                           double acc, double sen, double spe, const pc_confusion *c)
{
    pc_text_printf(t, "    {\"label\": \"paper, its own patients\", \"model\": ");
    json_string(t, model);
    pc_text_printf(t, ", \"dataset\": \"%s\", \"trainable\": ", dataset);
    if (trainable >= 0) pc_text_printf(t, "%d", trainable);
    else pc_text_printf(t, "null");
    pc_text_printf(t, ", \"source\": \"%s\", \"accuracy_pct\": %.2f, \"sensitivity_pct\": %.2f, "
                      "\"specificity_pct\": %.2f, \"confusion\": ",
                   source, acc, sen, spe);
    if (c) json_confusion(t, c);
    else pc_text_printf(t, "null");
    pc_text_printf(t, "}");
}

static void json_paper(pc_text *t)
{
    int n = 0;
    const pc_published_row *rows = pc_published_rows(&n);
    pc_text_printf(t, "  \"paper\": [\n");
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        const pc_semiq_published *s = pc_semiq_paper_row((pc_correction)c);
        json_paper_row(t, c ? "Semi-Q (AC)" : "Semi-Q (NAC)", c ? "ac" : "nac", -1, "Tables 2-3", s->accuracy,
                       s->sensitivity, s->specificity, &s->confusion);
        pc_text_printf(t, ",\n");
    }
    for (int i = 0; i < n; i++) {
        json_paper_row(t, rows[i].model, rows[i].dataset, rows[i].trainable, rows[i].source, rows[i].accuracy,
                       rows[i].sensitivity, rows[i].specificity, rows[i].has_confusion ? &rows[i].confusion : NULL);
        pc_text_printf(t, "%s\n", i + 1 < n ? "," : "");
    }
    pc_text_printf(t, "  ]");
}

void pc_report_json(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r)
{
    char seed[64];
    pc_text_printf(t, "{\n  \"manifest\": ");
    json_string(t, in->manifest_name);
    pc_text_printf(t, ",\n  \"manifest_crc32\": \"%08x\",\n  \"cases\": %d,\n  \"cad\": %d,\n  \"no_cad\": %d,\n"
                      "  \"synthetic\": %s,\n  \"folds\": %d,\n  \"seed\": %s,\n  \"config\": ",
                   (unsigned)in->manifest_crc32, in->merged->n, r->positives, in->merged->n - r->positives,
                   in->synthetic ? "true" : "false", in->merged->folds, pc_report_config(in, "seed", seed));
    json_string(t, in->merged->config);
    pc_text_printf(t, ",\n  \"calls\": {\"cnn\": \"p_cad >= 0.5\", \"logistic_regression\": \"p >= 0.5\", "
                      "\"semiq_nac\": \"SSS > %d and SDS > %d\", \"semiq_ac\": \"SSS > %d and SDS > %d\", "
                      "\"semiq_auc_score\": \"SSS\"},\n  \"methods\": [\n",
                   in->semiq->paper_sss_over[0], in->semiq->paper_sds_over[0], in->semiq->paper_sss_over[1],
                   in->semiq->paper_sds_over[1]);
    for (int m = 0; m < PC_REPORT_METHOD_COUNT; m++) {
        json_method(t, &r->method[m], pc_report_method_name((pc_report_method)m));
        pc_text_printf(t, "%s\n", m + 1 < PC_REPORT_METHOD_COUNT ? "," : "");
    }
    const pc_auc_diff *d = &r->cnn_vs_logreg;
    json_kv(t, "  ],\n  \"cnn_minus_baseline_auc\": {", "auc_cnn", d->auc_a);
    json_kv(t, ", ", "auc_baseline", d->auc_b);
    json_kv(t, ", ", "difference", d->diff);
    json_kv(t, ", ", "variance", d->variance);
    pc_text_printf(t, ", \"ci95\": [");
    json_num(t, d->lo);
    pc_text_printf(t, ", ");
    json_num(t, d->hi);
    json_kv(t, "], ", "p", d->p);
    pc_text_printf(t, ", \"cnn_beats_baseline\": %s},\n", !isnan(d->lo) && d->lo > 0 ? "true" : "false");
    pc_text_printf(t, "  \"calibration_bins\": [");
    for (int b = 0; b < PC_REPORT_BINS; b++) {
        pc_text_printf(t, "%s\n    {\"lo\": %.2f, \"hi\": %.2f, \"cnn_count\": %d, \"cnn_mean_p\": ", b ? "," : "",
                       r->bins[0][b].lo, r->bins[0][b].hi, r->bins[0][b].count);
        json_num(t, r->bins[0][b].mean_p);
        json_kv(t, ", ", "cnn_observed", r->bins[0][b].observed);
        pc_text_printf(t, ", \"baseline_count\": %d, \"baseline_mean_p\": ", r->bins[1][b].count);
        json_num(t, r->bins[1][b].mean_p);
        json_kv(t, ", ", "baseline_observed", r->bins[1][b].observed);
        pc_text_printf(t, "}");
    }
    pc_text_printf(t, "\n  ],\n");
    json_paper(t);
    pc_text_printf(t, ",\n  \"disclaimer\": ");
    json_string(t, pc_report_disclaimer);
    pc_text_printf(t, "\n}\n");
}
