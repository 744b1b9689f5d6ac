/* report_svg.c: roc.svg and calibration.svg, drawn with a few SVG primitives (see report.h).
 *
 * Both plots share one frame: a 400 x 400 px unit square with a grid every 0.2, axis
 * labels and a legend. Measured methods are filled markers and solid lines; the paper's
 * published points are hollow black markers labelled "paper, its own patients". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "published.h"
#include "report_text.h"
#include "../semiquant/summary.h"

enum { W = 560, X0 = 80, Y0 = 50, S = 400 };

static const char cnn_colour[] = "#1f5fbf", base_colour[] = "#d9822b", semiq_colour[] = "#2e8b57";

static double px(double fx) { return X0 + fx * S; }
static double py(double fy) { return Y0 + S - fy * S; }

/* Text with &, < and > escaped (config values and names may hold them). */
static void svg_text(pc_text *t, double x, double y, const char *anchor, int size, const char *extra, const char *s)
{
    pc_text_printf(t, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s>", x, y, anchor, size, extra);
    for (; *s; s++) {
        if (*s == '&') pc_text_printf(t, "&amp;");
        else if (*s == '<') pc_text_printf(t, "&lt;");
        else if (*s == '>') pc_text_printf(t, "&gt;");
        else pc_text_printf(t, "%c", *s);
    }
    pc_text_printf(t, "</text>\n");
}

static void svg_line(pc_text *t, double x1, double y1, double x2, double y2, const char *style)
{
    pc_text_printf(t, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", x1, y1, x2, y2, style);
}

typedef enum marker { MARK_CIRCLE, MARK_SQUARE, MARK_DIAMOND, MARK_TRIANGLE } marker;

/* A marker centred at (x, y) px; hollow ones are drawn in black on white. */
static void svg_marker(pc_text *t, marker m, double x, double y, const char *colour, int filled)
{
    char style[96];
    snprintf(style, sizeof style, "fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"", filled ? colour : "white",
             filled ? colour : "black", filled ? "1" : "1.8");
    if (m == MARK_CIRCLE) pc_text_printf(t, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" %s/>\n", x, y, style);
    else if (m == MARK_SQUARE)
        pc_text_printf(t, "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" %s/>\n", x - 4.5, y - 4.5, style);
    else if (m == MARK_DIAMOND)
        pc_text_printf(t, "<path d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\" %s/>\n", x, y - 6, style);
    else pc_text_printf(t, "<path d=\"M%.1f %.1fl6 10h-12z\" %s/>\n", x, y - 6, style);
}

/* The frame of both plots: background, grid, ticks, axis labels, title. */
static void frame(pc_text *t, int height, const char *title, const char *x_label, const char *y_label)
{
    pc_text_printf(t, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                      "font-family=\"sans-serif\">\n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n",
                   W, height, W, height, W, height);
    svg_text(t, X0 + S / 2.0, 28, "middle", 16, " font-weight=\"bold\"", title);
    for (int i = 0; i <= 5; i++) {
        double v = i / 5.0;
        char tick[8];
        snprintf(tick, sizeof tick, "%.1f", v);
        svg_line(t, px(v), py(0), px(v), py(1), "stroke=\"#e4e4e4\"");
        svg_line(t, px(0), py(v), px(1), py(v), "stroke=\"#e4e4e4\"");
        svg_text(t, px(v), py(0) + 18, "middle", 12, "", tick);
        svg_text(t, px(0) - 8, py(v) + 4, "end", 12, "", tick);
    }
    pc_text_printf(t, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>\n", X0, Y0,
                   S, S);
    svg_text(t, X0 + S / 2.0, Y0 + S + 42, "middle", 14, "", x_label);
    char rotate[64];
    snprintf(rotate, sizeof rotate, " transform=\"rotate(-90 %d %d)\"", X0 - 45, Y0 + S / 2);
    svg_text(t, X0 - 45, Y0 + S / 2.0, "middle", 14, rotate, y_label);
    svg_line(t, px(0), py(0), px(1), py(1), "stroke=\"#999999\" stroke-dasharray=\"5 4\"");
}

/* A polyline through points given in unit coordinates. */
static void svg_curve(pc_text *t, const double *fx, const double *fy, int n, const char *colour, const char *dash)
{
    pc_text_printf(t, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"", colour, dash);
    for (int i = 0; i < n; i++) pc_text_printf(t, "%s%.1f,%.1f", i ? " " : "", px(fx[i]), py(fy[i]));
    pc_text_printf(t, "\"/>\n");
}

/* One legend entry: a marker or a line sample, then the text; row counts from the top. */
static void legend_entry(pc_text *t, double x, double y, int row, int line, marker m, const char *colour, int filled,
                         const char *text)
{
    double ry = y + 16 * row;
    if (line) svg_line(t, x, ry, x + 22, ry, line == 2 ? "stroke-width=\"2\" stroke-dasharray=\"6 3\" stroke=\"#d9822b\""
                                                      : "stroke-width=\"2\" stroke=\"#1f5fbf\"");
    else svg_marker(t, m, x + 11, ry, colour, filled);
    svg_text(t, x + 30, ry + 4, "start", 12, "", text);
}

static void roc_of(pc_text *t, const double *score, const int *label, int n, const char *colour, const char *dash)
{
    double *f = malloc(sizeof(double) * (size_t)(n + 1)), *s = malloc(sizeof(double) * (size_t)(n + 1));
    int count = 0;
    if (!f || !s) t->failed = 1;
    else if (!pc_roc_curve(NULL, score, label, n, f, s, &count)) svg_curve(t, f, s, count, colour, dash);
    free(f);
    free(s);
}

static void operating_point(pc_text *t, const pc_metrics *m, marker mk, const char *colour, int filled)
{
    if (!isnan(m->sensitivity) && !isnan(m->specificity)) svg_marker(t, mk, px(1 - m->specificity), py(m->sensitivity), colour, filled);
}

static void paper_point(pc_text *t, double sen, double spe, marker mk)
{
    svg_marker(t, mk, px(1 - spe / 100), py(sen / 100), "black", 0);
}

void pc_report_roc_svg(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r)
{
    int n = in->merged->n, *label = malloc(sizeof(int) * (size_t)n);
    if (!label) {
        t->failed = 1;
        return;
    }
    for (int i = 0; i < n; i++) label[i] = in->manifest->cases[i].label;
    char title[96];
    snprintf(title, sizeof title, "ROC, out of fold (%d cases, %d folds)", n, in->merged->folds);
    frame(t, 530, title, "1 - specificity (false positive rate)", "sensitivity (true positive rate)");
    roc_of(t, in->logreg_p, label, n, base_colour, " stroke-dasharray=\"6 3\"");
    roc_of(t, in->merged->p_cad, label, n, cnn_colour, "");
    free(label);
    operating_point(t, &r->method[PC_REPORT_CNN].metrics, MARK_CIRCLE, cnn_colour, 1);
    operating_point(t, &r->method[PC_REPORT_LOGREG].metrics, MARK_CIRCLE, base_colour, 1);
    operating_point(t, &r->method[PC_REPORT_SEMIQ_NAC].metrics, MARK_SQUARE, semiq_colour, 1);
    operating_point(t, &r->method[PC_REPORT_SEMIQ_AC].metrics, MARK_DIAMOND, semiq_colour, 1);
    const pc_published_row *p = pc_report_paper_cnn(in), *x = pc_published_find("Experts", "acnac", -1);
    if (p) paper_point(t, p->sensitivity, p->specificity, MARK_CIRCLE);
    const pc_semiq_published *nac = pc_semiq_paper_row(PC_CORRECTION_NAC), *ac = pc_semiq_paper_row(PC_CORRECTION_AC);
    paper_point(t, nac->sensitivity, nac->specificity, MARK_SQUARE);
    paper_point(t, ac->sensitivity, ac->specificity, MARK_DIAMOND);
    paper_point(t, x->sensitivity, x->specificity, MARK_TRIANGLE);

    char text[128];
    double lx = px(0.40), ly = py(0.47);
    pc_text_printf(t, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"white\" stroke=\"#bbbbbb\"/>\n",
                   lx - 8, ly - 12, px(1) - lx + 2, 16 * 10 + 8);
    snprintf(text, sizeof text, "CNN, AUC %.3f", r->method[PC_REPORT_CNN].auc.auc);
    legend_entry(t, lx, ly, 0, 1, MARK_CIRCLE, cnn_colour, 1, text);
    snprintf(text, sizeof text, "logistic regression, AUC %.3f", r->method[PC_REPORT_LOGREG].auc.auc);
    legend_entry(t, lx, ly, 1, 2, MARK_CIRCLE, base_colour, 1, text);
    legend_entry(t, lx, ly, 2, 0, MARK_CIRCLE, cnn_colour, 1, "CNN at P(CAD) >= 0.5");
    legend_entry(t, lx, ly, 3, 0, MARK_CIRCLE, base_colour, 1, "baseline at P >= 0.5");
    legend_entry(t, lx, ly, 4, 0, MARK_SQUARE, semiq_colour, 1, "Semi-Q (NAC), paper's rule");
    legend_entry(t, lx, ly, 5, 0, MARK_DIAMOND, semiq_colour, 1, "Semi-Q (AC), paper's rule");
    svg_text(t, lx, ly + 16 * 6 + 4, "start", 12, " font-style=\"italic\"", "paper, its own patients:");
    if (p) snprintf(text, sizeof text, "%s %s", p->model, p->source);
    legend_entry(t, lx, ly, 7, 0, MARK_CIRCLE, "black", 0, p ? text : "no CNN row for this model");
    legend_entry(t, lx, ly, 8, 0, MARK_SQUARE, "black", 0, "Semi-Q NAC");
    svg_marker(t, MARK_DIAMOND, lx + 130, ly + 16 * 8, "black", 0);
    svg_text(t, lx + 149, ly + 16 * 8 + 4, "start", 12, "", "Semi-Q AC");
    legend_entry(t, lx, ly, 9, 0, MARK_TRIANGLE, "black", 0, "experts");
    pc_text_printf(t, "</svg>\n");
}

/* One method's reliability points with their bin counts written beside them. */
static void reliability(pc_text *t, const pc_calibration_bin *bins, const char *colour, const char *dash, double dy)
{
    double fx[PC_REPORT_BINS], fy[PC_REPORT_BINS];
    int m = 0;
    for (int b = 0; b < PC_REPORT_BINS; b++)
        if (bins[b].count) {
            fx[m] = bins[b].mean_p;
            fy[m++] = bins[b].observed;
        }
    svg_curve(t, fx, fy, m, colour, dash);
    for (int b = 0; b < PC_REPORT_BINS; b++) {
        if (!bins[b].count) continue;
        char count[16];
        snprintf(count, sizeof count, "%d", bins[b].count);
        svg_marker(t, MARK_CIRCLE, px(bins[b].mean_p), py(bins[b].observed), colour, 1);
        /* Inside the frame: a label that would fall on an axis goes to the other side. */
        double y = py(bins[b].observed) + dy;
        if (y > py(0) - 2 || y < py(1) + 10) y = py(bins[b].observed) - dy + (dy > 0 ? 6 : 0);
        pc_text_printf(t, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" fill=\"%s\">%s</text>\n",
                       px(bins[b].mean_p), y, colour, count);
    }
}

void pc_report_calibration_svg(pc_text *t, const pc_cv_report_input *in, const pc_cv_report *r)
{
    char title[96];
    snprintf(title, sizeof title, "Reliability, out of fold (%d cases, %d bins)", in->merged->n, PC_REPORT_BINS);
    frame(t, 560, title, "mean predicted P(CAD) in the bin", "observed fraction with CAD");
    /* Case counts per bin as bars along the bottom (tallest 60 px), CNN left, baseline right. */
    int most = 1;
    for (int k = 0; k < 2; k++)
        for (int b = 0; b < PC_REPORT_BINS; b++)
            if (r->bins[k][b].count > most) most = r->bins[k][b].count;
    for (int k = 0; k < 2; k++)
        for (int b = 0; b < PC_REPORT_BINS; b++) {
            double h = 60.0 * r->bins[k][b].count / most, w = S / (double)PC_REPORT_BINS / 2 - 2;
            pc_text_printf(t, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                              "fill-opacity=\"0.25\"/>\n",
                           px(r->bins[k][b].lo) + 1 + k * (w + 2), py(0) - h, w, h, k ? base_colour : cnn_colour);
        }
    reliability(t, r->bins[1], base_colour, " stroke-dasharray=\"6 3\"", 16);
    reliability(t, r->bins[0], cnn_colour, "", -9);
    /* The legend below the plot: inside, it would hide points wherever they fall. */
    double lx = px(0.0) + 8, ly = Y0 + S + 66;
    char text[96];
    snprintf(text, sizeof text, "CNN, Brier %.4f", r->method[PC_REPORT_CNN].brier);
    legend_entry(t, lx, ly, 0, 1, MARK_CIRCLE, cnn_colour, 1, text);
    snprintf(text, sizeof text, "logistic regression, Brier %.4f", r->method[PC_REPORT_LOGREG].brier);
    legend_entry(t, lx + 200, ly, 0, 2, MARK_CIRCLE, base_colour, 1, text);
    svg_line(t, lx, ly + 16, lx + 22, ly + 16, "stroke=\"#999999\" stroke-dasharray=\"5 4\"");
    svg_text(t, lx + 30, ly + 20, "start", 12, "", "perfect calibration");
    svg_text(t, lx + 200, ly + 20, "start", 12, "", "numbers and bars: cases per bin");
    pc_text_printf(t, "</svg>\n");
}
