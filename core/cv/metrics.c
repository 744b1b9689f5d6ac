/* metrics.c: confusion tables and their ratios (see metrics.h). */
#include "metrics.h"

#include <math.h>

void pc_confusion_add(pc_confusion *c, int truth, int call)
{
    if (truth) {
        if (call) c->tp++;
        else c->fn++;
    } else {
        if (call) c->fp++;
        else c->tn++;
    }
}

pc_confusion pc_confusion_sum(pc_confusion a, pc_confusion b)
{
    pc_confusion s = {a.tp + b.tp, a.fn + b.fn, a.fp + b.fp, a.tn + b.tn};
    return s;
}

int pc_confusion_total(const pc_confusion *c)
{
    return c->tp + c->fn + c->fp + c->tn;
}

static double ratio(int num, int den)
{
    return den > 0 ? (double)num / (double)den : NAN;
}

pc_metrics pc_metrics_from_confusion(const pc_confusion *c)
{
    pc_metrics m;
    m.accuracy = ratio(c->tp + c->tn, pc_confusion_total(c));
    m.sensitivity = ratio(c->tp, c->tp + c->fn);
    m.specificity = ratio(c->tn, c->tn + c->fp);
    m.precision = ratio(c->tp, c->tp + c->fp);
    m.npv = ratio(c->tn, c->tn + c->fn);
    m.f1 = ratio(2 * c->tp, 2 * c->tp + c->fp + c->fn);
    return m;
}

void pc_mean_sd(const double *values, int n, double *mean_out, double *sd_out, int *count_out)
{
    double sum = 0;
    int m = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(values[i])) {
            sum += values[i];
            m++;
        }
    double mean = m ? sum / m : NAN, ss = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(values[i])) ss += (values[i] - mean) * (values[i] - mean);
    *mean_out = mean;
    *sd_out = m > 1 ? sqrt(ss / (m - 1)) : NAN;
    if (count_out) *count_out = m;
}
