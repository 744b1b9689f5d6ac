/* redraw.c: a study's tiles in another colour table (see redraw.h). */
#include "redraw.h"

#include <string.h>

#include "../polar/geometry.h"
#include "colormap_lut.h"

/* One tile in place: disc pixels within tolerance of `from` take `to`'s colour at their index. */
static void redraw_tile(const pc_colormap_lut *from, const uint8_t to[256][3], const uint8_t *missing,
                        int tolerance, pc_image *tile)
{
    int n = tile->width;
    pc_disc disc = pc_disc_of_tile(n);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            size_t i = (size_t)y * (size_t)n + (size_t)x;
            if (!pc_disc_contains_pixel(&disc, x, y) || (missing && missing[i])) continue;
            uint8_t *px = tile->rgb + 3 * i;
            int dist2;
            int index = pc_colormap_lut_nearest_within(from, px[0], px[1], px[2], tolerance * tolerance, &dist2);
            if (index < 0) continue;   /* an overlay or a colour of no table: left as drawn */
            memcpy(px, to[index], 3);
        }
}

pc_status pc_study_redraw_tiles(pc_ctx *ctx, const pc_study *study, pc_colormap to, pc_image tiles_out[PC_MAP_COUNT])
{
    pc_invert_options invert;
    pc_invert_options_default(&invert);
    memset(tiles_out, 0, sizeof(pc_image) * PC_MAP_COUNT);
    pc_colormap_lut *from = NULL;
    pc_status status = pc_colormap_lut_create(ctx, study->table, &from);
    if (status) return status;
    uint8_t table[256][3];
    pc_colormap_table(to, table);
    for (int m = 0; m < PC_MAP_COUNT && !status; m++) {
        if (!study->present[m]) continue;
        const pc_image *tile = &study->tile[m];
        status = pc_image_create(ctx, tile->width, tile->height, &tiles_out[m]);
        if (status) break;
        memcpy(tiles_out[m].rgb, tile->rgb, (size_t)tile->width * (size_t)tile->height * 3);
        redraw_tile(from, table, study->missing[m], invert.tolerance, &tiles_out[m]);
    }
    pc_colormap_lut_free(from);
    if (status)
        for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&tiles_out[m]);
    return status;
}
