/* summary.c: tallies of out-of-fold semi-quantitative results (see summary.h). */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

int pc_semiq_call_of(const pc_correction_scores *scores, pc_semiq_call call)
{
    switch (call) {
    case PC_SEMIQ_CALL_PAPER: return scores->call_paper;
    case PC_SEMIQ_CALL_SSS: return scores->call_sss;
    case PC_SEMIQ_CALL_SDS: return scores->call_sds;
    case PC_SEMIQ_CALL_TPD: return scores->call_tpd;
    default: return 0;
    }
}

static int compare_int(const void *a, const void *b)
{
    return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

pc_status pc_semiq_summarize(pc_ctx *ctx, const pc_semiq_result *results, const int *labels, int n,
                             pc_semiq_summary *summary_out)
{
    pc_semiq_summary s;
    memset(&s, 0, sizeof s);
    int *sums = malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    if (!sums) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "semi-quantitative summary: out of memory");
    s.cases = n;
    for (int i = 0; i < n; i++) {
        s.positives += labels[i] != 0;
        for (int c = 0; c < PC_CORRECTION_COUNT; c++)
            for (int k = 0; k < PC_SEMIQ_CALL_COUNT; k++)
                pc_confusion_add(&s.confusion[c][k], labels[i], pc_semiq_call_of(&results[i].corr[c], k));
    }
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        int m = 0, low = 0;
        for (int i = 0; i < n; i++)
            if (!labels[i]) {
                sums[m++] = results[i].corr[c].sss;
                low += results[i].corr[c].sss <= 3;
            }
        if (!m) continue;
        qsort(sums, (size_t)m, sizeof *sums, compare_int);
        pc_semiq_no_cad *z = &s.no_cad[c];
        z->count = m;
        z->sss_median = sums[m / 2];
        z->sss_q1 = sums[m / 4];
        z->sss_q3 = sums[(3 * m) / 4];
        z->share_sss_0_3 = (double)low / m;
    }
    free(sums);
    *summary_out = s;
    return PC_STATUS_OK;
}

/* Tables 2 and 3 of the paper: accuracy, sensitivity, specificity and TP, FN, FP, TN. */
static const pc_semiq_published paper_rows[PC_CORRECTION_COUNT] = {
    {64.81, 72.37, 46.88, {110, 42, 34, 30}},   /* NAC */
    {66.20, 65.13, 68.75, {99, 53, 20, 44}},    /* AC */
};

const pc_semiq_published *pc_semiq_paper_row(pc_correction correction)
{
    return correction >= 0 && correction < PC_CORRECTION_COUNT ? &paper_rows[correction] : NULL;
}
