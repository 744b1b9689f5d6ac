/* invert.c: colours -> relative counts (see invert.h). */
#include "invert.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../polar/geometry.h"
#include "median.h"

struct pc_inverter {
    pc_colormap_lut *lut[PC_COLORMAP_COUNT];
};

pc_status pc_inverter_create(pc_ctx *ctx, pc_inverter **out)
{
    pc_inverter *inv = calloc(1, sizeof *inv);
    if (!inv) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "colour inversion: out of memory");
    for (int m = 0; m < PC_COLORMAP_COUNT; m++) {
        pc_status status = pc_colormap_lut_create(ctx, (pc_colormap)m, &inv->lut[m]);
        if (status) {
            pc_inverter_free(inv);
            return status;
        }
    }
    *out = inv;
    return PC_STATUS_OK;
}

void pc_inverter_free(pc_inverter *inv)
{
    if (!inv) return;
    for (int m = 0; m < PC_COLORMAP_COUNT; m++) pc_colormap_lut_free(inv->lut[m]);
    free(inv);
}

const pc_colormap_lut *pc_inverter_lut(const pc_inverter *inv, pc_colormap map)
{
    return map >= 0 && map < PC_COLORMAP_COUNT ? inv->lut[map] : NULL;
}

void pc_invert_options_default(pc_invert_options *opt)
{
    opt->tolerance = 40;
    opt->outlier = 20;
    opt->rim_margin = 0.03;
    opt->max_unmatched = 0.30;
}

/* Whether pixel (x, y) of an n x n tile is inside the disc less the rim margin. */
static int in_measured_disc(int n, double margin, int x, int y)
{
    double c = n / 2.0, r = c * (1.0 - margin);
    double dx = x + 0.5 - c, dy = y + 0.5 - c;
    return dx * dx + dy * dy <= r * r;
}

void pc_tables_fit(const pc_inverter *inv, const pc_image *tile, const pc_invert_options *opt,
                   pc_table_fit fits_out[PC_COLORMAP_COUNT])
{
    pc_tables_fit_masked(inv, tile, NULL, opt, fits_out);
}

void pc_tables_fit_masked(const pc_inverter *inv, const pc_image *tile, const uint8_t *missing,
                          const pc_invert_options *opt, pc_table_fit fits_out[PC_COLORMAP_COUNT])
{
    int n = tile->width, tol2 = opt->tolerance * opt->tolerance;
    for (int m = 0; m < PC_COLORMAP_COUNT; m++) {
        pc_table_fit fit = {0, 0, 0.0, 0.0};
        double dist = 0.0;
        for (int y = 0; y < n; y += 2)
            for (int x = 0; x < n; x += 2) {
                if (!in_measured_disc(n, opt->rim_margin, x, y)) continue;
                if (missing && missing[(size_t)y * (size_t)n + (size_t)x]) continue;
                const uint8_t *p = tile->rgb + ((size_t)y * (size_t)n + (size_t)x) * 3;
                int d2;
                fit.pixels++;
                if (pc_colormap_lut_nearest_within(inv->lut[m], p[0], p[1], p[2], tol2, &d2) >= 0) {
                    fit.matched++;
                    dist += sqrt((double)d2);
                    fit.loss += d2;
                } else {
                    fit.loss += tol2;
                }
            }
        fit.mean_dist = fit.matched ? dist / (double)fit.matched : 0.0;
        fits_out[m] = fit;
    }
}

pc_colormap pc_tables_best(const pc_table_fit fits[PC_COLORMAP_COUNT])
{
    int best = 0;
    for (int m = 1; m < PC_COLORMAP_COUNT; m++) {
        /* Compare loss per pixel without dividing: a/b < c/d with positive b, d. */
        double lhs = fits[m].loss * (double)(fits[best].pixels > 0 ? fits[best].pixels : 1);
        double rhs = fits[best].loss * (double)(fits[m].pixels > 0 ? fits[m].pixels : 1);
        if (lhs < rhs || (lhs == rhs && fits[m].matched > fits[best].matched)) best = m;
    }
    return (pc_colormap)best;
}

void pc_counts_free(pc_counts *c)
{
    if (!c) return;
    free(c->value);
    free(c->state);
    memset(c, 0, sizeof *c);
}

pc_status pc_counts_from_tile(pc_ctx *ctx, const pc_inverter *inv, const pc_image *tile, pc_colormap table,
                              const pc_invert_options *opt, const char *name, pc_counts *out)
{
    return pc_counts_from_tile_masked(ctx, inv, tile, NULL, table, opt, name, out);
}

pc_status pc_counts_from_tile_masked(pc_ctx *ctx, const pc_inverter *inv, const pc_image *tile,
                                     const uint8_t *missing, pc_colormap table, const pc_invert_options *opt,
                                     const char *name, pc_counts *out)
{
    const char *who = name && name[0] ? name : "image";
    if (!inv || !tile || !tile->rgb || !opt || !out)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: colour inversion without a tile", who);
    if (tile->width != tile->height)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: the tile is %d x %d, not square", who, tile->width,
                       tile->height);
    if (table < 0 || table >= PC_COLORMAP_COUNT)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: colour table %d does not exist", who, (int)table);
    int n = tile->width;
    size_t count = (size_t)n * (size_t)n;
    pc_counts c = {0};
    c.size = n;
    c.table = table;
    c.value = calloc(count, sizeof(float));
    c.state = calloc(count, 1);
    uint8_t *index = calloc(count, 1);
    if (!c.value || !c.state || !index) {
        free(index);
        pc_counts_free(&c);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory inverting colours", who);
    }
    const pc_colormap_lut *lut = inv->lut[table];
    int tol2 = opt->tolerance * opt->tolerance;
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            size_t i = (size_t)y * (size_t)n + (size_t)x;
            if (!in_measured_disc(n, opt->rim_margin, x, y) || (missing && missing[i])) continue;
            const uint8_t *p = tile->rgb + i * 3;
            int k = pc_colormap_lut_nearest_within(lut, p[0], p[1], p[2], tol2, NULL);
            c.state[i] = k >= 0 ? PC_PIXEL_MATCHED : PC_PIXEL_UNMATCHED;
            index[i] = (uint8_t)(k >= 0 ? k : 0);
        }
    /* The value of a matched pixel is the median of the matched pixels in its 5 x 5
     * neighbourhood: it removes 1-2 px overlays (grid lines, digits) drawn in colours
     * that are in the table, and JPEG speckle, while keeping defect edges. A pixel far
     * from that median is itself an overlay and becomes unmatched. */
    int outlier_index = (int)ceil(opt->outlier * 255.0 / 100.0);
    uint8_t *median = malloc(count), *matched = malloc(count);
    if (!median || !matched) {
        free(median);
        free(matched);
        free(index);
        pc_counts_free(&c);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory inverting colours", who);
    }
    for (size_t i = 0; i < count; i++) matched[i] = c.state[i] == PC_PIXEL_MATCHED;
    pc_median5x5_u8(index, matched, n, n, median);
    free(matched);
    for (size_t i = 0; i < count; i++) {
        if (c.state[i] == PC_PIXEL_MATCHED && abs(index[i] - median[i]) > outlier_index) c.state[i] = PC_PIXEL_UNMATCHED;
        if (c.state[i] == PC_PIXEL_MATCHED) {
            c.value[i] = (float)(median[i] * (100.0 / 255.0));
            c.matched++;
        } else if (c.state[i] == PC_PIXEL_UNMATCHED) {
            c.unmatched++;
        }
    }
    free(median);
    free(index);
    long disc = c.matched + c.unmatched;
    c.unmatched_fraction = disc ? (double)c.unmatched / (double)disc : 1.0;
    if (c.unmatched_fraction > opt->max_unmatched) {
        pc_status s = pc_fail(ctx, PC_STATUS_BAD_FORMAT,
                              "%s: not a polar map in a known colour table: %.0f%% of the disc matches no colour "
                              "of the best table (%s; limit %.0f%%; known tables: %s)",
                              who, 100.0 * c.unmatched_fraction, pc_colormap_name(table), 100.0 * opt->max_unmatched,
                              pc_colormap_names());
        pc_counts_free(&c);
        return s;
    }
    *out = c;
    return PC_STATUS_OK;
}
