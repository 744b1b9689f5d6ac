/* test_synth_cohort.c (slow, native): the default cohort written to disk and read back
 * from the plain files only (manifest.csv, truth.csv, PNGs), as downstream code will:
 *
 * - counts: 216 cases, 152 CAD / 64 no CAD, 190 men, four decodable 256 px maps each;
 * - truth consistency measured from the images by inverting the colour table:
 *   ischaemic LAD cases have lower LAD-territory counts at stress than at rest; men's NAC
 *   inferior wall is lower than their AC one; balanced-disease cases look near-normal;
 * - the share of cases whose images do not support their label lies in the range the
 *   literature gives (docs/synthetic.md), and the numbers are printed for the record.
 *
 * Usage: test_synth_cohort [WORKDIR] (default: a folder under the current directory). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "polarcad.h"
#include "synth_util.h"

enum { MAX_COLS = 128, MAX_ROWS = 1024 };

typedef struct table {
    int rows, cols;
    char *header[MAX_COLS];
    char *cell[MAX_ROWS][MAX_COLS];
    char *text;
} table;

/* Splits a CSV file in place (double-quoted fields without embedded quotes). */
static int table_read(const char *path, table *t)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_ctx *ctx = pc_ctx_create();
    memset(t, 0, sizeof *t);
    if (pc_file_read(ctx, path, 64u << 20, &bytes, &size)) {
        fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
        pc_ctx_free(ctx);
        return 0;
    }
    pc_ctx_free(ctx);
    t->text = realloc(bytes, size + 1);
    t->text[size] = '\0';
    char *p = t->text;
    int row = -1;
    while (*p && row < MAX_ROWS) {
        int col = 0;
        for (;;) {
            char *field = p;
            if (*p == '"') {
                field = ++p;
                while (*p && *p != '"') p++;
                if (*p) *p++ = '\0';
            } else {
                while (*p && *p != ',' && *p != '\n') p++;
            }
            char end = *p;
            *p = '\0';
            if (col < MAX_COLS) {
                if (row < 0) t->header[col] = field;
                else t->cell[row][col] = field;
            }
            col++;
            if (end) p++;
            if (end != ',') break;
        }
        if (row < 0) t->cols = col;
        row++;
    }
    t->rows = row;
    return 1;
}

static int column(const table *t, const char *name)
{
    for (int c = 0; c < t->cols; c++)
        if (strcmp(t->header[c], name) == 0) return c;
    fprintf(stderr, "no column %s\n", name);
    return -1;
}

static const char *get(const table *t, int row, const char *name)
{
    int c = column(t, name);
    return c >= 0 && t->cell[row][c] ? t->cell[row][c] : "";
}

static double num(const table *t, int row, const char *name)
{
    return atof(get(t, row, name));
}

/* Segment means of one map file (export style: the disc fills the tile). */
static int map_segments(const char *folder, const char *file, pc_colormap map, pc_ring_layout layout,
                        double means[PC_SEGMENT_COUNT + 1], int *size_out)
{
    char path[2100];
    snprintf(path, sizeof path, "%s/%s", folder, file);
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_ctx *ctx = pc_ctx_create();
    pc_image img = {0};
    int ok = pc_file_read(ctx, path, 16u << 20, &bytes, &size) == PC_STATUS_OK &&
             pc_image_decode(ctx, bytes, size, path, &img) == PC_STATUS_OK;
    if (!ok) fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
    free(bytes);
    pc_ctx_free(ctx);
    if (!ok) return 0;
    pc_disc disc = pc_disc_of_tile(img.width);
    double *c = invert_image(&img, &disc, map);
    if (c) segment_means(c, &img, &disc, layout, means);
    *size_out = img.width == img.height ? img.width : -1;
    free(c);
    pc_image_free(&img);
    return c != NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *work = argc > 1 ? argv[1] : "synth_cohort_test";
    char folder[1024];
    snprintf(folder, sizeof folder, "%s/cohort", work);
    pc_ctx *ctx = pc_ctx_create();
    pc_dir_create(ctx, work);
    pc_dir_remove_tree(ctx, folder);
    pc_synth_options opt;
    pc_synth_options_default(&opt);
    if (pc_synth_cohort_write(ctx, folder, &opt, NULL, NULL)) {
        fprintf(stderr, "%s\n", pc_ctx_last_error(ctx));
        CHECK(0);
        return check_finish("test_synth_cohort");
    }
    static table manifest, truth;
    char path[1100];
    snprintf(path, sizeof path, "%s/manifest.csv", folder);
    CHECK(table_read(path, &manifest));
    snprintf(path, sizeof path, "%s/truth.csv", folder);
    CHECK(table_read(path, &truth));
    CHECK_INT(manifest.rows, 216);
    CHECK_INT(truth.rows, 216);
    int n = manifest.rows < truth.rows ? manifest.rows : truth.rows;

    int cad = 0, men = 0, decoded = 0;
    int lad_n = 0, lad_clean = 0, lad_lower = 0, men_n = 0, men_lower = 0;
    double lad_drop = 0.0, inf_diff = 0.0;
    double low_balanced[64], low_normal[256], low_visible[256];
    int nb = 0, nn = 0, nv = 0;
    int support[2][3] = {{0}};   /* [label][consistent, ambiguous, contradicts] */
    for (int i = 0; i < n; i++) {
        int label = atoi(get(&manifest, i, "label"));
        cad += label;
        int male = strcmp(get(&manifest, i, "sex"), "M") == 0;
        men += male;
        CHECK(strcmp(get(&manifest, i, "case_id"), get(&truth, i, "case_id")) == 0);
        pc_colormap map;
        pc_ring_layout layout;
        CHECK(pc_colormap_parse(get(&manifest, i, "colormap"), &map));
        CHECK(pc_ring_layout_parse(get(&manifest, i, "layout"), &layout));
        double seg[PC_MAP_COUNT][PC_SEGMENT_COUNT + 1];
        int all = 1;
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            int size = 0;
            if (!map_segments(folder, get(&manifest, i, pc_map_name((pc_map)m)), map, layout, seg[m], &size) ||
                size != 256)
                all = 0;
        }
        decoded += all;
        if (!all) continue;
        const char *sup = get(&truth, i, "images_support_label");
        int k = strcmp(sup, "consistent") == 0 ? 0 : strcmp(sup, "ambiguous") == 0 ? 1 : 2;
        support[label][k]++;

        /* LAD ischaemia without LAD scar: LAD territory lower at stress than at rest (AC).
         * "Clean" cases have no confounder that moves the normalisation or adds a defect
         * of its own: single-vessel, no extracardiac activity, no AC misregistration, no LBBB. */
        if (label && num(&truth, i, "lad_isch_extent") >= 10.0 && num(&truth, i, "lad_scar_extent") < 2.0) {
            double drop = territory_mean(seg[PC_MAP_REST_AC], PC_TERRITORY_LAD) -
                          territory_mean(seg[PC_MAP_STRESS_AC], PC_TERRITORY_LAD);
            lad_n++;
            lad_drop += drop;
            int clean = atoi(get(&truth, i, "diseased_vessels")) == 1 && num(&truth, i, "extracardiac_stress") == 0 &&
                        num(&truth, i, "extracardiac_rest") == 0 && num(&truth, i, "misreg_stress") < 0.06 &&
                        num(&truth, i, "misreg_rest") < 0.06 && !atoi(get(&truth, i, "lbbb"));
            if (clean) {
                lad_clean++;
                lad_lower += drop > 0.0;
            }
        }
        if (male) {
            double d = inferior_mean(seg[PC_MAP_STRESS_AC]) - inferior_mean(seg[PC_MAP_STRESS_NAC]);
            men_n++;
            inf_diff += d;
            men_lower += d > 0.0;
        }
        /* lowest segment of the stress AC map: near-normal maps keep it high */
        double low = 1.0;
        for (int s = 1; s <= PC_SEGMENT_COUNT; s++) low = fmin(low, seg[PC_MAP_STRESS_AC][s]);
        if (atoi(get(&truth, i, "balanced"))) {
            if (nb < 64) low_balanced[nb++] = low;
        } else if (!label && k == 0) {
            low_normal[nn++] = low;
        } else if (label && k == 0 && atoi(get(&truth, i, "diseased_vessels")) == 1) {
            low_visible[nv++] = low;
        }
    }
    CHECK_INT(cad, 152);
    CHECK_INT(men, 190);
    CHECK_INT(decoded, 216);

    printf("LAD ischaemia: %d cases, stress AC LAD mean %.3f below rest on average; %d without confounders, "
           "lower in %d of them\n", lad_n, lad_n ? lad_drop / lad_n : 0.0, lad_clean, lad_lower);
    CHECK(lad_n >= 15 && lad_clean >= 8);
    CHECK(lad_n && lad_drop / lad_n > 0.05);
    CHECK(lad_lower >= (lad_clean * 9) / 10);
    printf("men: %d, stress inferior wall AC - NAC %.3f on average, NAC lower in %d\n", men_n,
           men_n ? inf_diff / men_n : 0.0, men_lower);
    CHECK(men_n && inf_diff / men_n > 0.04);
    CHECK(men_lower >= (men_n * 3) / 4);

    qsort(low_normal, (size_t)nn, sizeof(double), cmp_double);
    qsort(low_visible, (size_t)nv, sizeof(double), cmp_double);
    double mean_bal = 0.0;
    for (int b = 0; b < nb; b++) mean_bal += low_balanced[b] / nb;
    double normal_p10 = nn ? low_normal[nn / 10] : 0.0, visible_median = nv ? low_visible[nv / 2] : 1.0;
    printf("lowest stress-AC segment: balanced %d cases mean %.3f; normal no-CAD p10 %.3f (n %d); visible "
           "single-vessel median %.3f (n %d)\n",
           nb, mean_bal, normal_p10, nn, visible_median, nv);
    CHECK(nb >= 2);
    CHECK(mean_bal >= normal_p10 - 0.03);
    CHECK(mean_bal > visible_median + 0.05);

    int n1 = support[1][0] + support[1][1] + support[1][2], n0 = support[0][0] + support[0][1] + support[0][2];
    printf("label 1 (%d): consistent %d, contradicts (map-negative CAD) %d = %.1f%%\n", n1, support[1][0],
           support[1][2], n1 ? 100.0 * support[1][2] / n1 : 0.0);
    printf("label 0 (%d): consistent %d, ambiguous (artefact) %d, contradicts (non-coronary defect) %d\n", n0,
           support[0][0], support[0][1], support[0][2]);
    /* Literature (docs/synthetic.md): MPI sensitivity 76-88% -> 12-24% of CAD map-negative;
     * specificity 60-77% (47% for the seed's NAC rule) -> a quarter to a half of no-CAD
     * cases show something, and 46 of 70 angina patients with normal angiograms (66%) had a
     * defect on technetium SPECT [L11]. Broad bounds: a sanity check, not a target. */
    CHECK(n1 && support[1][2] >= n1 / 20 && support[1][2] <= n1 * 35 / 100);
    CHECK(n0 && support[0][1] + support[0][2] >= n0 / 5 && support[0][1] + support[0][2] <= n0 * 3 / 4);

    pc_dir_remove_tree(ctx, folder);
    free(manifest.text);
    free(truth.text);
    pc_ctx_free(ctx);
    return check_finish("test_synth_cohort");
}
