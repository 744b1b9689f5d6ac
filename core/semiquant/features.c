/* features.c: segment and polar-grid sampling of relative counts (see features.h). */
#include "features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int pc_grid_bin(double rho, double theta_deg)
{
    if (!(rho >= 0.0) || rho >= 1.0) return -1;
    int ring = (int)(rho * PC_GRID_RINGS);
    int sector = (int)(pc_angle_normalize(theta_deg) * PC_GRID_SECTORS / 360.0);
    if (ring >= PC_GRID_RINGS) ring = PC_GRID_RINGS - 1;
    if (sector >= PC_GRID_SECTORS) sector = PC_GRID_SECTORS - 1;
    return ring * PC_GRID_SECTORS + sector;
}

pc_status pc_sampling_index_create(pc_ctx *ctx, int size, pc_ring_layout layout, pc_sampling_index *out)
{
    if (size <= 0 || size > 4096 || !out)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "sampling index: tile size %d is not usable", size);
    pc_sampling_index ix = {size, layout, malloc((size_t)size * (size_t)size),
                            malloc(sizeof(int16_t) * (size_t)size * (size_t)size)};
    if (!ix.segment || !ix.bin) {
        pc_sampling_index_free(&ix);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "sampling index: out of memory");
    }
    pc_disc disc = pc_disc_of_tile(size);
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) {
            double rho, theta;
            pc_polar_from_point(&disc, x + 0.5, y + 0.5, &rho, &theta);
            size_t i = (size_t)y * (size_t)size + (size_t)x;
            ix.segment[i] = (uint8_t)pc_segment_at(layout, rho, theta);
            ix.bin[i] = (int16_t)pc_grid_bin(rho, theta);
        }
    *out = ix;
    return PC_STATUS_OK;
}

void pc_sampling_index_free(pc_sampling_index *index)
{
    if (!index) return;
    free(index->segment);
    free(index->bin);
    index->segment = NULL;
    index->bin = NULL;
}

/* Shared accumulation: seg/bin of pixel i come from `where` (index or geometry). */
typedef struct sums {
    double seg[PC_SEGMENT_COUNT], grid[PC_GRID_BINS];
} sums;

static void start(pc_map_features *out, sums *s)
{
    memset(out, 0, sizeof *out);
    memset(s, 0, sizeof *s);
    for (int k = 0; k < PC_SEGMENT_COUNT; k++) out->seg_min[k] = INFINITY;
}

static void add(pc_map_features *out, sums *s, int seg, int bin, float v)
{
    if (seg > 0) {
        s->seg[seg - 1] += v;
        out->seg_pixels[seg - 1]++;
        if (v < out->seg_min[seg - 1]) out->seg_min[seg - 1] = v;
    }
    if (bin >= 0) {
        s->grid[bin] += v;
        out->grid_pixels[bin]++;
    }
}

static void finish(pc_map_features *out, const sums *s)
{
    for (int k = 0; k < PC_SEGMENT_COUNT; k++) {
        int n = out->seg_pixels[k];
        out->seg_mean[k] = n ? (float)(s->seg[k] / n) : NAN;
        if (!n) out->seg_min[k] = NAN;
    }
    for (int b = 0; b < PC_GRID_BINS; b++)
        out->grid_mean[b] = out->grid_pixels[b] ? (float)(s->grid[b] / out->grid_pixels[b]) : NAN;
    out->present = 1;
}

void pc_map_features_from_counts(const pc_counts *counts, pc_ring_layout layout, pc_map_features *out)
{
    sums s;
    start(out, &s);
    int n = counts->size;
    pc_disc disc = pc_disc_of_tile(n);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            size_t i = (size_t)y * (size_t)n + (size_t)x;
            if (counts->state[i] != PC_PIXEL_MATCHED) continue;
            double rho, theta;
            pc_polar_from_point(&disc, x + 0.5, y + 0.5, &rho, &theta);
            add(out, &s, pc_segment_at(layout, rho, theta), pc_grid_bin(rho, theta), counts->value[i]);
        }
    finish(out, &s);
}

void pc_map_features_indexed(const pc_counts *counts, const pc_sampling_index *index, pc_map_features *out)
{
    sums s;
    start(out, &s);
    size_t count = (size_t)counts->size * (size_t)counts->size;
    for (size_t i = 0; i < count; i++)
        if (counts->state[i] == PC_PIXEL_MATCHED) add(out, &s, index->segment[i], index->bin[i], counts->value[i]);
    finish(out, &s);
}

void pc_study_features_from_study(const pc_study *study, const pc_sampling_index *index, pc_sex sex,
                                  pc_study_features *out)
{
    memset(out, 0, sizeof *out);
    out->layout = index->layout;
    out->sex = sex;
    for (int m = 0; m < PC_MAP_COUNT; m++)
        if (study->present[m]) pc_map_features_indexed(&study->counts[m], index, &out->map[m]);
}
