/* colormap.c: colour tables from their anchor points (see colormap.h). */
#include "colormap.h"

#include <stdio.h>
#include <string.h>

typedef struct anchor {
    int index;
    uint8_t r, g, b;
} anchor;

/* Anchor points, index : RGB, from docs/domain.md 5.1. Two anchors at
 * neighbouring indices make a step (CEqual 127/128 and 191/192, Siemens 253/254). */
static const anchor gray_anchors[] = {{0, 0, 0, 0}, {255, 255, 255, 255}};
static const anchor thermal_anchors[] = {
    {0, 1, 1, 1}, {32, 89, 10, 1}, {64, 138, 40, 1}, {96, 186, 69, 9}, {128, 222, 104, 13},
    {160, 254, 142, 21}, {192, 254, 188, 65}, {224, 254, 228, 142}, {255, 254, 254, 254},
};
static const anchor cool_anchors[] = {
    {0, 1, 3, 2}, {63, 1, 128, 127}, {127, 127, 1, 254}, {191, 254, 127, 1}, {255, 254, 250, 246},
};
static const anchor cequal_anchors[] = {
    {0, 1, 1, 1}, {32, 1, 1, 1}, {48, 1, 106, 114}, {64, 1, 115, 158}, {80, 48, 111, 206},
    {96, 112, 112, 254}, {112, 146, 1, 254}, {127, 189, 1, 222}, {128, 175, 2, 220},
    {144, 221, 87, 146}, {160, 236, 113, 104}, {176, 254, 166, 1}, {191, 254, 227, 1},
    {192, 254, 212, 1}, {208, 254, 245, 148}, {224, 254, 254, 209}, {240, 254, 254, 254},
    {255, 254, 254, 254},
};
static const anchor siemens_anchors[] = {
    {0, 2, 1, 32}, {16, 4, 1, 99}, {32, 6, 1, 173}, {48, 13, 1, 232}, {64, 96, 1, 153},
    {80, 180, 1, 74}, {94, 253, 1, 6}, {96, 243, 2, 14}, {128, 245, 59, 11}, {160, 248, 115, 8},
    {192, 250, 172, 5}, {208, 251, 200, 3}, {222, 248, 254, 1}, {240, 251, 254, 139},
    {253, 253, 254, 245}, {254, 1, 1, 1}, {255, 1, 1, 1},
};
static const anchor spet_anchors[] = {
    {0, 4, 1, 4}, {32, 68, 1, 127}, {64, 1, 1, 254}, {108, 1, 203, 71}, {128, 254, 254, 1},
    {192, 254, 128, 1}, {255, 254, 4, 1},
};

typedef struct table_def {
    const char *name;
    const anchor *anchors;
    int count;
} table_def;

#define TABLE(name, a) {name, a, (int)(sizeof(a) / sizeof(a[0]))}
static const table_def tables[PC_COLORMAP_COUNT] = {
    TABLE("gray", gray_anchors),         TABLE("thermal", thermal_anchors),
    TABLE("cool", cool_anchors),         TABLE("cequal", cequal_anchors),
    TABLE("siemens", siemens_anchors),   TABLE("spet", spet_anchors),
};
#undef TABLE

const char *pc_colormap_name(pc_colormap map)
{
    return map >= 0 && map < PC_COLORMAP_COUNT ? tables[map].name : "unknown";
}

int pc_colormap_parse(const char *name, pc_colormap *out)
{
    for (int i = 0; name && i < PC_COLORMAP_COUNT; i++)
        if (strcmp(name, tables[i].name) == 0) { *out = (pc_colormap)i; return 1; }
    return 0;
}

const char *pc_colormap_names(void)
{
    return "gray, thermal, cool, cequal, siemens, spet";
}

void pc_colormap_list(unsigned mask, const char *quote, char *out, size_t cap)
{
    size_t n = 0;
    if (cap) out[0] = '\0';
    for (int m = 0; m < PC_COLORMAP_COUNT && n < cap; m++)
        if (mask >> m & 1u) {
            int w = snprintf(out + n, cap - n, "%s%s%s%s", n ? ", " : "", quote, pc_colormap_name((pc_colormap)m), quote);
            n += w > 0 ? (size_t)w : 0;
        }
}

void pc_colormap_table(pc_colormap map, uint8_t table_out[256][3])
{
    if (map < 0 || map >= PC_COLORMAP_COUNT) map = PC_COLORMAP_GRAY;
    const table_def *t = &tables[map];
    for (int k = 0; k + 1 < t->count; k++) {
        const anchor *a = &t->anchors[k], *b = &t->anchors[k + 1];
        int span = b->index - a->index;
        for (int i = a->index; i <= b->index; i++) {
            /* Integer rounding of the interpolation keeps the table exact on every build. */
            int f = i - a->index;
            table_out[i][0] = (uint8_t)((a->r * (span - f) + b->r * f + span / 2) / span);
            table_out[i][1] = (uint8_t)((a->g * (span - f) + b->g * f + span / 2) / span);
            table_out[i][2] = (uint8_t)((a->b * (span - f) + b->b * f + span / 2) / span);
        }
    }
}

int pc_colormap_nearest(const uint8_t table[256][3], uint8_t r, uint8_t g, uint8_t b, int *dist2_out)
{
    int best = 0, best_d = 1 << 30;
    for (int i = 0; i < 256; i++) {
        int dr = r - table[i][0], dg = g - table[i][1], db = b - table[i][2];
        int d = dr * dr + dg * dg + db * db;
        if (d <= best_d) { best_d = d; best = i; }
    }
    if (dist2_out) *dist2_out = best_d;
    return best;
}
