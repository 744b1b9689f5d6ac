/* report.c: the report's figures, and report.md (see report.h). The other files are
 * rendered in report_data.c (CSV, JSON) and report_svg.c (the figures). */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "published.h"
#include "report_text.h"
#include "../semiquant/summary.h"

const char *const pc_report_disclaimer =
    "polarcad is research and teaching software, not a diagnostic device. Its figures describe "
    "a model on the data above, not a clinical test.";

const char *pc_report_method_name(pc_report_method method)
{
    static const char *const names[PC_REPORT_METHOD_COUNT] = {"CNN", "logistic regression (baseline)",
                                                              "Semi-Q (NAC)", "Semi-Q (AC)"};
    return method >= 0 && method < PC_REPORT_METHOD_COUNT ? names[method] : "?";
}

const char *pc_report_file_name(pc_report_file file)
{
    static const char *const names[PC_REPORT_FILE_COUNT] = {"predictions.csv", "report.md", "report.json", "roc.svg",
                                                            "calibration.svg"};
    return file >= 0 && file < PC_REPORT_FILE_COUNT ? names[file] : "?";
}

const char *pc_report_config(const pc_cv_report_input *in, const char *key, char *buf)
{
    return pc_fold_config_value(in->merged->config, key, buf, 64) ? buf : "?";
}

const pc_published_row *pc_report_paper_cnn(const pc_cv_report_input *in)
{
    char arch[64], dataset[64], depth[64];
    const char *k = pc_report_config(in, "trainable", depth);
    return pc_published_find(pc_report_config(in, "arch", arch), pc_report_config(in, "dataset", dataset),
                             k[0] == '?' ? -1 : atoi(k));
}

void pc_cv_report_free(pc_cv_report *report)
{
    if (!report) return;
    for (int m = 0; m < PC_REPORT_METHOD_COUNT; m++) {
        pc_method_eval_free(&report->method[m]);
        free(report->call[m]);
    }
    memset(report, 0, sizeof *report);
}

pc_status pc_cv_report_evaluate(pc_ctx *ctx, const pc_cv_report_input *in, pc_cv_report *out)
{
    pc_cv_report r;
    memset(&r, 0, sizeof r);
    const pc_cv_merged *mg = in->merged;
    int n = mg->n;
    int *label = malloc(sizeof(int) * (size_t)n);
    pc_status status = label ? PC_STATUS_OK : PC_STATUS_OUT_OF_MEMORY;
    for (int m = 0; m < PC_REPORT_METHOD_COUNT && !status; m++)
        if (!(r.call[m] = malloc(sizeof(int) * (size_t)n))) status = PC_STATUS_OUT_OF_MEMORY;
    if (status) {
        status = pc_fail(ctx, status, "report: out of memory for %d cases", n);
        goto done;
    }
    for (int i = 0; i < n; i++) {
        label[i] = in->manifest->cases[i].label;
        r.positives += label[i];
        /* A two-class softmax calls the larger output: P(CAD) >= 0.5 (ties to CAD). */
        r.call[PC_REPORT_CNN][i] = mg->p_cad[i] >= 0.5;
        r.call[PC_REPORT_LOGREG][i] = in->logreg_p[i] >= 0.5;
        r.call[PC_REPORT_SEMIQ_NAC][i] = in->semiq_call[PC_CORRECTION_NAC][i] != 0;
        r.call[PC_REPORT_SEMIQ_AC][i] = in->semiq_call[PC_CORRECTION_AC][i] != 0;
    }
    const double *score[PC_REPORT_METHOD_COUNT] = {mg->p_cad, in->logreg_p, in->semiq_sss[PC_CORRECTION_NAC],
                                                   in->semiq_sss[PC_CORRECTION_AC]};
    for (int m = 0; m < PC_REPORT_METHOD_COUNT && !status; m++)
        status = pc_method_evaluate(ctx, label, mg->fold, n, mg->folds, r.call[m], score[m],
                                    m <= PC_REPORT_LOGREG ? score[m] : NULL, &r.method[m]);
    if (!status) status = pc_auc_delong_paired(ctx, mg->p_cad, in->logreg_p, label, n, &r.cnn_vs_logreg);
    pc_calibration_bins(mg->p_cad, label, n, PC_REPORT_BINS, r.bins[0]);
    pc_calibration_bins(in->logreg_p, label, n, PC_REPORT_BINS, r.bins[1]);
done:
    free(label);
    if (status) pc_cv_report_free(&r);
    else *out = r;
    return status;
}

pc_status pc_cv_report_render(pc_ctx *ctx, const pc_cv_report_input *in, const pc_cv_report *report,
                              pc_report_file file, char **text_out, size_t *size_out)
{
    pc_text t = {0};
    switch (file) {
    case PC_REPORT_PREDICTIONS: pc_report_predictions(&t, in, report); break;
    case PC_REPORT_MARKDOWN: pc_report_markdown(&t, in, report); break;
    case PC_REPORT_JSON: pc_report_json(&t, in, report); break;
    case PC_REPORT_ROC_SVG: pc_report_roc_svg(&t, in, report); break;
    case PC_REPORT_CALIBRATION_SVG: pc_report_calibration_svg(&t, in, report); break;
    default: return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "report: no file kind %d", (int)file);
    }
    if (t.failed || !t.s) {
        pc_text_free(&t);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "report: out of memory writing %s", pc_report_file_name(file));
    }
    *text_out = t.s;
    *size_out = t.len;
    return PC_STATUS_OK;
}

/* ---- report.md ------------------------------------------------------------------------- */

/* A percentage with two decimals as the paper prints them, or "n/a". */
static void pct(pc_text *t, double v)
{
    if (isnan(v)) pc_text_printf(t, " n/a |");
    else pc_text_printf(t, " %.2f |", 100 * v);
}

static void pct_sd(pc_text *t, double mean, double sd)
{
    if (isnan(mean)) pc_text_printf(t, " n/a |");
    else if (isnan(sd)) pc_text_printf(t, " %.2f |", 100 * mean);
    else pc_text_printf(t, " %.2f ± %.2f |", 100 * mean, 100 * sd);
}

static void num(pc_text *t, const char *fmt, double v)
{
    if (isnan(v)) pc_text_printf(t, " n/a |");
    else {
        pc_text_printf(t, " ");
        pc_text_printf(t, fmt, v);
        pc_text_printf(t, " |");
    }
}

/* note (may be NULL) says what ranked the cases when it is not the method's probability. */
static void auc_cell(pc_text *t, const pc_auc_ci *a, const char *note)
{
    if (isnan(a->auc)) pc_text_printf(t, " n/a");
    else if (isnan(a->lo)) pc_text_printf(t, " %.3f", a->auc);
    else pc_text_printf(t, " %.3f (%.3f-%.3f)", a->auc, a->lo, a->hi);
    pc_text_printf(t, "%s%s |", note ? " " : "", note ? note : "");
}

static void counts(pc_text *t, const pc_confusion *c)
{
    pc_text_printf(t, " %d | %d | %d | %d |\n", c->tp, c->fn, c->fp, c->tn);
}

static const char summary_head[] =
    "| method | source | accuracy | sensitivity | specificity | PPV | NPV | F1 | ROC AUC (95% CI) | Brier | TP | FN "
    "| FP | TN |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

/* score_note: what ranks the cases for the AUC when it is not the method's probability. */
static void measured_row(pc_text *t, const char *name, const pc_method_eval *e, const char *score_note)
{
    pc_text_printf(t, "| %s | measured, this data |", name);
    for (int k = 0; k < PC_METRIC_COUNT; k++) pct(t, pc_metric_at(&e->metrics, k));
    auc_cell(t, &e->auc, score_note);
    num(t, "%.4f", e->brier);
    counts(t, &e->pooled);
}

/* A published row: accuracy, sensitivity, specificity as printed; the rest from its
 * confusion matrix where the paper gives one. */
static void paper_row(pc_text *t, const char *name, const char *source, double acc, double sen, double spe,
                      const pc_confusion *c)
{
    pc_text_printf(t, "| %s | paper, its own patients (%s) | %.2f | %.2f | %.2f |", name, source, acc, sen, spe);
    if (c) {
        pc_metrics m = pc_metrics_from_confusion(c);
        pct(t, m.precision);
        pct(t, m.npv);
        pct(t, m.f1);
        pc_text_printf(t, " not given | n/a |");
        counts(t, c);
    } else {
        pc_text_printf(t, " n/a | n/a | n/a | not given | n/a | | | | |\n");
    }
}

/* The config line in words, with what differs from the paper's network said plainly (a
 * reader of the paper assumes ImageNet weights and the 300 x 300 montage otherwise). */
static void network_sentence(pc_text *t, const pc_cv_report_input *in)
{
    char arch[64], k[64], weights[64], input[64], width[64], augment[64], epochs[64];
    pc_report_config(in, "arch", arch);
    pc_report_config(in, "trainable", k);
    pc_report_config(in, "augment", augment);
    pc_report_config(in, "epochs", epochs);
    const int has_weights = pc_fold_config_value(in->merged->config, "weights", weights, sizeof weights);
    const int has_input = pc_fold_config_value(in->merged->config, "input", input, sizeof input);
    const int has_width = pc_fold_config_value(in->merged->config, "width_mult", width, sizeof width);
    pc_text_printf(t, "- Network: %s with its top %s conv layers and the head trained, %s augmented images a fold, "
                      "%s epochs; ", arch, k, augment, epochs);
    if (!has_weights || strcmp(weights, "none") == 0)
        pc_text_printf(t, "conv base **not ImageNet-pretrained** (Glorot-uniform random weights; the paper "
                          "fine-tuned ImageNet weights)");
    else
        pc_text_printf(t, "conv base from `%s`", weights);
    if (has_input) pc_text_printf(t, "; input resized to %s (the paper: the montage as it is)", input);
    if (has_width && strcmp(width, "1") != 0)
        pc_text_printf(t, "; **%s x the channels of %s**: a reduced test network, not the published one", width,
                       arch);
    pc_text_printf(t, ".\n");
}

static void provenance(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r)
{
    char b[64];
    int n = in->merged->n;
    pc_text_printf(t, "# polarcad cross-validation report\n\n> **Not a diagnostic device.** %s\n\n",
                   pc_report_disclaimer);
    pc_text_printf(t, "## Cohort and model\n\n");
    pc_text_printf(t, "- Manifest: `%s` (CRC-32 %08x), %d cases: %d CAD, %d no CAD (%.1f%% CAD).\n",
                   in->manifest_name, (unsigned)in->manifest_crc32, n, r->positives, n - r->positives,
                   100.0 * r->positives / n);
    if (in->synthetic)
        pc_text_printf(t, "- **Synthetic data**: the manifest's folder holds the generator's README.txt or "
                          "truth.csv. No patient is in it; the figures say how the methods do on the generator's "
                          "cohort, not on patients.\n");
    else
        pc_text_printf(t, "- Data: as given (not recognised as polarcad's synthetic cohort).\n");
    pc_text_printf(t, "- Folds: %d-fold stratified at case level, seed %s; the same folds for all four methods "
                      "(the CNN's fold files were checked against them).\n",
                   in->merged->folds, pc_report_config(in, "seed", b));
    pc_text_printf(t, "- Model: `%s`\n", in->merged->config);
    network_sentence(t, in);
    pc_text_printf(t, "\n");
}

static void summary(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r)
{
    pc_text_printf(t, "## Results, pooled over the %d out-of-fold predictions\n\n%s", in->merged->n, summary_head);
    measured_row(t, "CNN", &r->method[PC_REPORT_CNN], NULL);
    const pc_published_row *p = pc_report_paper_cnn(in);
    if (p) {
        char name[64];
        if (p->trainable >= 0) snprintf(name, sizeof name, "%s-%d, %s", p->model, p->trainable, p->dataset);
        else snprintf(name, sizeof name, "%s, %s", p->model, p->dataset);
        paper_row(t, name, p->source, p->accuracy, p->sensitivity, p->specificity,
                  p->has_confusion ? &p->confusion : NULL);
    }
    measured_row(t, "logistic regression (baseline)", &r->method[PC_REPORT_LOGREG], NULL);
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        const pc_semiq_published *s = pc_semiq_paper_row((pc_correction)c);
        measured_row(t, pc_report_method_name((pc_report_method)(PC_REPORT_SEMIQ_NAC + c)),
                     &r->method[PC_REPORT_SEMIQ_NAC + c], "of SSS");
        paper_row(t, pc_report_method_name((pc_report_method)(PC_REPORT_SEMIQ_NAC + c)), "Tables 2-3", s->accuracy,
                  s->sensitivity, s->specificity, &s->confusion);
    }
    const pc_published_row *x = pc_published_find("Experts", "acnac", -1);
    paper_row(t, "Experts (AC + NAC + clinical data)", x->source, x->accuracy, x->sensitivity, x->specificity,
              &x->confusion);
}

/* The sentence that says whether the CNN beats the transparent baseline. */
static void verdict(pc_text *t, const pc_cv_report *r)
{
    const pc_auc_diff *d = &r->cnn_vs_logreg;
    pc_text_printf(t, "\n**CNN against the transparent baseline.** ROC AUC %.3f (CNN) vs %.3f (logistic regression on "
                      "the 68 segment values): difference %+.3f",
                   d->auc_a, d->auc_b, d->diff);
    if (isnan(d->lo)) {
        pc_text_printf(t, " (no confidence interval: too few cases of a class). ");
    } else {
        pc_text_printf(t, ", 95%% CI %+.3f to %+.3f (DeLong, paired)", d->lo, d->hi);
        if (!isnan(d->p)) pc_text_printf(t, ", p = %.3g", d->p);
        pc_text_printf(t, ". ");
    }
    if (!isnan(d->lo) && d->lo > 0)
        pc_text_printf(t, "**The CNN beats the baseline**: the interval of the difference lies above 0.\n");
    else if (!isnan(d->hi) && d->hi < 0)
        pc_text_printf(t, "**The CNN is worse than the baseline**: the interval of the difference lies below 0; "
                          "the segment values alone rank the cases better.\n");
    else
        pc_text_printf(t, "**The CNN does not beat the baseline**: the interval of the difference includes 0, so "
                          "on these data it has not shown anything the 17-segment values did not already say.\n");
}

static void fold_table(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r, int m)
{
    const pc_method_eval *e = &r->method[m];
    static const char *const rule[PC_REPORT_METHOD_COUNT] = {"called CAD when P(CAD) >= 0.5",
                                                             "called CAD when P(CAD) >= 0.5", NULL, NULL};
    pc_text_printf(t, "\n### %s\n\n", pc_report_method_name((pc_report_method)m));
    if (rule[m]) pc_text_printf(t, "Calls: %s. ", rule[m]);
    else {
        int c = m - PC_REPORT_SEMIQ_NAC;
        pc_text_printf(t, "Calls: the paper's rule SSS > %d and SDS > %d; the AUC ranks cases by SSS. ",
                       in->semiq->paper_sss_over[c], in->semiq->paper_sds_over[c]);
    }
    pc_text_printf(t, "Per fold, then mean ± SD over the folds that have the figure, then pooled.\n\n"
                      "| fold | cases | CAD | accuracy | sensitivity | specificity | PPV | NPV | F1 | ROC AUC | Brier "
                      "| TP | FN | FP | TN |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int f = 0; f < e->folds; f++) {
        const pc_confusion *c = &e->fold_confusion[f];
        pc_text_printf(t, "| %d | %d | %d |", f + 1, pc_confusion_total(c), c->tp + c->fn);
        for (int k = 0; k < PC_METRIC_COUNT; k++) pct(t, pc_metric_at(&e->fold_metrics[f], k));
        num(t, "%.3f", e->fold_auc[f]);
        num(t, "%.4f", e->fold_brier[f]);
        counts(t, c);
    }
    pc_text_printf(t, "| mean ± SD | | |");
    for (int k = 0; k < PC_METRIC_COUNT; k++) pct_sd(t, pc_metric_at(&e->mean, k), pc_metric_at(&e->sd, k));
    if (isnan(e->auc_mean)) pc_text_printf(t, " n/a |");
    else pc_text_printf(t, " %.3f ± %.3f |", e->auc_mean, e->auc_sd);
    if (isnan(e->brier_mean)) pc_text_printf(t, " n/a |");
    else pc_text_printf(t, " %.4f ± %.4f |", e->brier_mean, e->brier_sd);
    pc_text_printf(t, " | | | |\n| pooled | %d | %d |", e->n, r->positives);
    for (int k = 0; k < PC_METRIC_COUNT; k++) pct(t, pc_metric_at(&e->metrics, k));
    auc_cell(t, &e->auc, NULL);
    num(t, "%.4f", e->brier);
    counts(t, &e->pooled);
    const pc_confusion *c = &e->pooled;
    pc_text_printf(t, "\nPooled confusion matrix:\n\n| | CAD (truth) | no CAD (truth) |\n|---|---|---|\n"
                      "| called CAD | %d (TP) | %d (FP) |\n| called no CAD | %d (FN) | %d (TN) |\n",
                   c->tp, c->fp, c->fn, c->tn);
}

static void notes(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r)
{
    pc_text_printf(t, "\n## Notes\n\n"
                      "- **Transparent baseline**: L2-regularised logistic regression (penalty %g, %d Newton steps) "
                      "on the mean relative count of the 17 segments of each of the four maps (68 values), "
                      "standardised with the training folds' mean and SD, fitted on the training folds and "
                      "predicting the test fold: a CNN that does not beat it has learned nothing the segment values "
                      "did not already say.\n",
                   in->logreg->l2, in->logreg->iterations);
    pc_text_printf(t, "- **Semi-Q**: segment scores against a normal database built, in each fold, from the no-CAD "
                      "cases of the other folds only; the paper's rules (NAC: SSS > %d and SDS > %d; AC: SSS > %d "
                      "and SDS > %d).\n",
                   in->semiq->paper_sss_over[0], in->semiq->paper_sds_over[0], in->semiq->paper_sss_over[1],
                   in->semiq->paper_sds_over[1]);
    pc_text_printf(t, "- **ROC AUC**: Mann-Whitney with ties counted one half; 95%% CI from DeLong's variance "
                      "(clipped to 0-1). Per-fold AUCs are shown without intervals. Brier score: mean squared "
                      "difference of P(CAD) and the label (0 is perfect, 0.25 is a constant 0.5).\n");
    {
        const pc_method_eval *e = &r->method[PC_REPORT_CNN];
        pc_text_printf(t, "- **Pooled against per-fold AUC**: the pooled AUC ranks all cases' P(CAD) together, "
                          "though each fold's come from its own model; when the models' P(CAD) levels differ "
                          "from fold to fold, the pooled AUC can fall below the mean of the per-fold ones (CNN "
                          "here: pooled %.3f, per-fold mean %.3f). The accuracy and the other calls at P(CAD) "
                          ">= 0.5 do not depend on it.\n", e->auc.auc, e->auc_mean);
    }
    pc_text_printf(t, "- **paper, its own patients**: Apostolopoulos et al., Hell J Nucl Med 2020, Tables 2-4: 216 "
                      "real patients (152 CAD, 64 no CAD, invasive angiography), its own software, 10-fold "
                      "cross-validation. Printed figures, not measured here and not on these data: a reference "
                      "point, not a like-for-like comparison. The paper gives no ROC AUC; PPV, NPV and F1 of its "
                      "rows are computed from its confusion matrices where it gives them.\n");
    pc_text_printf(t, "- Figures: `roc.svg` (ROC curves, operating points), `calibration.svg` (reliability "
                      "diagram); every case in `predictions.csv`.\n");
}

void pc_report_markdown(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r)
{
    provenance(t, in, r);
    summary(t, in, r);
    verdict(t, r);
    pc_text_printf(t, "\n## Per fold\n");
    for (int m = 0; m < PC_REPORT_METHOD_COUNT; m++) fold_table(t, in, r, m);
    notes(t, in, r);
    pc_text_printf(t, "\n%s\n", pc_report_disclaimer);
}
