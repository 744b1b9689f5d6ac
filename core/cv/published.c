/* published.c: the paper's Tables 2-4 (see published.h). */
#include "published.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

#define NO_COUNTS 0, {0, 0, 0, 0}

/* Table 2 (the paper's best depth, VGG16-4 on ACNAC; VGG19 has the same ACNAC row and
 * counts in Table 3), Table 4 (VGG16-k on ACNAC). Confusion {TP, FN, FP, TN}. */
static const pc_published_row rows[] = {
    {"Experts", "acnac", -1, "Tables 2-3", 75.00, 76.97, 70.31, 1, {117, 35, 19, 45}},
    {"VGG16", "acnac", 4, "Tables 2-3", 74.53, 75.00, 73.43, 1, {114, 38, 17, 47}},
    {"VGG16", "ac", -1, "Table 2", 57.40, 61.18, 48.43, NO_COUNTS},
    {"VGG16", "nac", -1, "Table 2", 41.66, 47.36, 28.12, NO_COUNTS},
    {"VGG19", "acnac", -1, "Tables 2-3", 74.53, 75.00, 73.43, 1, {114, 38, 17, 47}},
    {"VGG19", "ac", -1, "Table 2", 51.85, 57.89, 28.12, NO_COUNTS},
    {"VGG19", "nac", -1, "Table 2", 58.33, 62.50, 48.43, NO_COUNTS},
    {"VGG16", "acnac", 0, "Table 4", 54.16, 59.21, 42.18, NO_COUNTS},
    {"VGG16", "acnac", 1, "Table 4", 55.55, 58.55, 48.43, NO_COUNTS},
    {"VGG16", "acnac", 8, "Table 4", 62.03, 61.84, 62.50, NO_COUNTS},
    {"VGG16", "acnac", 12, "Table 4", 47.22, 50.65, 39.06, NO_COUNTS},
    {"VGG16", "acnac", 16, "Table 4", 43.05, 49.34, 28.12, NO_COUNTS},
};

const pc_published_row *pc_published_rows(int *count_out)
{
    *count_out = (int)(sizeof rows / sizeof rows[0]);
    return rows;
}

static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

const pc_published_row *pc_published_find(const char *model, const char *dataset, int trainable)
{
    const pc_published_row *fallback = NULL;
    if (!model || !dataset) return NULL;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const pc_published_row *r = &rows[i];
        if (!same_name(r->model, model) || !same_name(r->dataset, dataset)) continue;
        if (r->trainable == trainable) return r;
        if (!fallback && strcmp(r->source, "Table 4") != 0) fallback = r;
    }
    return fallback;
}
