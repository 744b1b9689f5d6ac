/* features.c: segment and polar-grid sampling of relative counts (see features.h). */
#include "features.h"

#include <math.h>
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

void pc_map_features_from_counts(const pc_counts *counts, pc_ring_layout layout, pc_map_features *out)
{
    double seg_sum[PC_SEGMENT_COUNT] = {0}, grid_sum[PC_GRID_BINS] = {0};
    memset(out, 0, sizeof *out);
    for (int s = 0; s < PC_SEGMENT_COUNT; s++) out->seg_min[s] = INFINITY;
    int n = counts->size;
    pc_disc disc = pc_disc_of_tile(n);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            size_t i = (size_t)y * (size_t)n + (size_t)x;
            if (counts->state[i] != PC_PIXEL_MATCHED) continue;
            double rho, theta;
            pc_polar_from_point(&disc, x + 0.5, y + 0.5, &rho, &theta);
            int seg = pc_segment_at(layout, rho, theta);
            int bin = pc_grid_bin(rho, theta);
            float v = counts->value[i];
            if (seg > 0) {
                seg_sum[seg - 1] += v;
                out->seg_pixels[seg - 1]++;
                if (v < out->seg_min[seg - 1]) out->seg_min[seg - 1] = v;
            }
            if (bin >= 0) {
                grid_sum[bin] += v;
                out->grid_pixels[bin]++;
            }
        }
    for (int s = 0; s < PC_SEGMENT_COUNT; s++) {
        int k = out->seg_pixels[s];
        out->seg_mean[s] = k ? (float)(seg_sum[s] / k) : NAN;
        if (!k) out->seg_min[s] = NAN;
    }
    for (int b = 0; b < PC_GRID_BINS; b++)
        out->grid_mean[b] = out->grid_pixels[b] ? (float)(grid_sum[b] / out->grid_pixels[b]) : NAN;
    out->present = 1;
}

void pc_study_features_from_study(const pc_study *study, pc_ring_layout layout, pc_sex sex,
                                  pc_study_features *out)
{
    memset(out, 0, sizeof *out);
    out->layout = layout;
    out->sex = sex;
    for (int m = 0; m < PC_MAP_COUNT; m++)
        if (study->present[m]) pc_map_features_from_counts(&study->counts[m], layout, &out->map[m]);
}
