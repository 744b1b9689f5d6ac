/* colormap_lut.c: cell-pruned exact nearest-entry search (see colormap_lut.h). */
#include "colormap_lut.h"

#include <stdlib.h>

enum { CELL_BITS = 4, CELLS = 1 << CELL_BITS, CELL_SIDE = 256 / CELLS, CELL_COUNT = CELLS * CELLS * CELLS };

struct pc_colormap_lut {
    uint8_t table[256][3];
    uint32_t start[CELL_COUNT + 1];   /* candidates of cell c: cand[start[c] .. start[c + 1]) */
    uint8_t *cand;                    /* entry indices, increasing within a cell */
    int floor[CELL_COUNT];            /* smallest possible squared distance from the cell to any entry */
};

static int cell_of(uint8_t r, uint8_t g, uint8_t b)
{
    return (r >> CELL_BITS) << (2 * CELL_BITS) | (g >> CELL_BITS) << CELL_BITS | (b >> CELL_BITS);
}

pc_status pc_colormap_lut_create(pc_ctx *ctx, pc_colormap map, pc_colormap_lut **out)
{
    if (map < 0 || map >= PC_COLORMAP_COUNT)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "colour table %d does not exist", (int)map);
    pc_colormap_lut *lut = calloc(1, sizeof *lut);
    /* Per channel and cell coordinate, the squared distance of each entry's channel value
     * to the cell's range, at its nearest and at its farthest: (3, CELLS, 256). */
    int (*near)[CELLS][256] = malloc(sizeof(int) * 3 * CELLS * 256);
    int (*far)[CELLS][256] = malloc(sizeof(int) * 3 * CELLS * 256);
    uint8_t *scratch = malloc((size_t)CELL_COUNT * 256);
    if (!lut || !near || !far || !scratch) goto oom;
    pc_colormap_table(map, lut->table);
    for (int ch = 0; ch < 3; ch++)
        for (int c = 0; c < CELLS; c++) {
            int lo = c * CELL_SIDE, hi = lo + CELL_SIDE - 1;
            for (int e = 0; e < 256; e++) {
                int v = lut->table[e][ch];
                int dn = v < lo ? lo - v : v > hi ? v - hi : 0;
                int df = v - lo > hi - v ? v - lo : hi - v;
                near[ch][c][e] = dn * dn;
                far[ch][c][e] = df * df;
            }
        }
    uint32_t total = 0;
    for (int cell = 0; cell < CELL_COUNT; cell++) {
        int cr = cell >> (2 * CELL_BITS), cg = (cell >> CELL_BITS) & (CELLS - 1), cb = cell & (CELLS - 1);
        int bound = 1 << 30, lowest = 1 << 30;
        for (int e = 0; e < 256; e++) {
            int f = far[0][cr][e] + far[1][cg][e] + far[2][cb][e];
            int g = near[0][cr][e] + near[1][cg][e] + near[2][cb][e];
            if (f < bound) bound = f;
            if (g < lowest) lowest = g;
        }
        lut->floor[cell] = lowest;
        lut->start[cell] = total;
        uint8_t *list = scratch + total;
        int n = 0;
        for (int e = 0; e < 256; e++)
            if (near[0][cr][e] + near[1][cg][e] + near[2][cb][e] <= bound) list[n++] = (uint8_t)e;
        total += (uint32_t)n;
    }
    lut->start[CELL_COUNT] = total;
    lut->cand = malloc(total ? total : 1);
    if (!lut->cand) goto oom;
    for (uint32_t i = 0; i < total; i++) lut->cand[i] = scratch[i];
    free(near);
    free(far);
    free(scratch);
    *out = lut;
    return PC_STATUS_OK;
oom:
    free(near);
    free(far);
    free(scratch);
    free(lut);
    return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "colour table inverse: out of memory");
}

void pc_colormap_lut_free(pc_colormap_lut *lut)
{
    if (!lut) return;
    free(lut->cand);
    free(lut);
}

int pc_colormap_lut_nearest(const pc_colormap_lut *lut, uint8_t r, uint8_t g, uint8_t b, int *dist2_out)
{
    int cell = cell_of(r, g, b);
    int best = 0, best_d = 1 << 30;
    for (uint32_t i = lut->start[cell]; i < lut->start[cell + 1]; i++) {
        const uint8_t *t = lut->table[lut->cand[i]];
        int dr = r - t[0], dg = g - t[1], db = b - t[2];
        int d = dr * dr + dg * dg + db * db;
        if (d <= best_d) { best_d = d; best = lut->cand[i]; }
    }
    if (dist2_out) *dist2_out = best_d;
    return best;
}

int pc_colormap_lut_nearest_within(const pc_colormap_lut *lut, uint8_t r, uint8_t g, uint8_t b, int max_dist2,
                                   int *dist2_out)
{
    if (lut->floor[cell_of(r, g, b)] > max_dist2) return -1;
    int d2;
    int best = pc_colormap_lut_nearest(lut, r, g, b, &d2);
    if (d2 > max_dist2) return -1;
    if (dist2_out) *dist2_out = d2;
    return best;
}

const uint8_t (*pc_colormap_lut_table(const pc_colormap_lut *lut))[3]
{
    return (const uint8_t(*)[3])lut->table;
}

double pc_colormap_lut_mean_candidates(const pc_colormap_lut *lut)
{
    return (double)lut->start[CELL_COUNT] / CELL_COUNT;
}
