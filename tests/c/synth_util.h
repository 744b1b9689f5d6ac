/* synth_util.h: helpers the synthetic-cohort tests share: reading counts back from
 * rendered images by inverting the colour table, segment and territory means, hashing. */
#ifndef PC_TEST_SYNTH_UTIL_H
#define PC_TEST_SYNTH_UTIL_H

#include <stdint.h>
#include <stdlib.h>

#include "polarcad.h"

/* FNV-1a, 64 bit. */
static inline uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
#define FNV_START 14695981039346656037ULL

/* Relative counts (0..1) of every pixel of img by nearest table entry; -1 outside the disc.
 * A direct-mapped cache of colours keeps whole cohorts fast. */
static inline double *invert_image(const pc_image *img, const pc_disc *disc, pc_colormap map)
{
    uint8_t table[256][3];
    pc_colormap_table(map, table);
    enum { CACHE = 4096 };
    static uint32_t keys[CACHE];
    static int16_t values[CACHE];
    static int cache_map = -1;
    if (cache_map != (int)map) {
        for (int i = 0; i < CACHE; i++) keys[i] = 0xFFFFFFFFu;
        cache_map = (int)map;
    }
    double *counts = malloc(sizeof(double) * (size_t)img->width * (size_t)img->height);
    if (!counts) return NULL;
    for (int y = 0; y < img->height; y++)
        for (int x = 0; x < img->width; x++) {
            double dx = x + 0.5 - disc->cx, dy = y + 0.5 - disc->cy;
            size_t i = (size_t)y * img->width + x;
            if (dx * dx + dy * dy > disc->radius * disc->radius) { counts[i] = -1.0; continue; }
            const uint8_t *px = img->rgb + i * 3;
            uint32_t key = (uint32_t)px[0] << 16 | (uint32_t)px[1] << 8 | px[2];
            uint32_t slot = (key * 2654435761u) >> 20;
            if (keys[slot] != key) {
                keys[slot] = key;
                values[slot] = (int16_t)pc_colormap_nearest(table, px[0], px[1], px[2], NULL);
            }
            counts[i] = values[slot] / 255.0;
        }
    return counts;
}

/* Mean counts per segment (index 1..17) of an inverted image. */
static inline void segment_means(const double *counts, const pc_image *img, const pc_disc *disc,
                                 pc_ring_layout layout, double means_out[PC_SEGMENT_COUNT + 1])
{
    double sum[PC_SEGMENT_COUNT + 1] = {0};
    int n[PC_SEGMENT_COUNT + 1] = {0};
    for (int y = 0; y < img->height; y++)
        for (int x = 0; x < img->width; x++) {
            double c = counts[(size_t)y * img->width + x];
            if (c < 0) continue;
            int seg = pc_segment_of_pixel(disc, layout, x, y);
            if (!seg) continue;
            sum[seg] += c;
            n[seg]++;
        }
    for (int s = 0; s <= PC_SEGMENT_COUNT; s++) means_out[s] = n[s] ? sum[s] / n[s] : 0.0;
}

/* Mean over the segments of a standard (AHA) territory. */
static inline double territory_mean(const double means[PC_SEGMENT_COUNT + 1], pc_territory t)
{
    double sum = 0.0;
    int n = 0;
    for (int s = 1; s <= PC_SEGMENT_COUNT; s++)
        if (pc_segment_territory(s) == t) { sum += means[s]; n++; }
    return n ? sum / n : 0.0;
}

/* Mean of the inferior segments (4, 10, 15). */
static inline double inferior_mean(const double means[PC_SEGMENT_COUNT + 1])
{
    return (means[4] + means[10] + means[15]) / 3.0;
}

#endif
