/* disc_panel.c: the flat colour of a panel around a shape (see disc_panel.h). */
#include "disc_panel.h"

#include <stdlib.h>

static int max_difference(const uint8_t *p, const uint8_t c[3])
{
    int dr = abs(p[0] - c[0]), dg = abs(p[1] - c[1]), db = abs(p[2] - c[2]);
    return dr > dg ? (dr > db ? dr : db) : (dg > db ? dg : db);
}

/* Steps over a grid of samples of the inset box, stopping only on those in its four corner
 * squares (a tenth of the box's shorter side: clear of an inscribed disc, which leaves
 * 0.29 of its radius free along each diagonal, even when a label or a colour bar merged
 * into the shape makes the box a little larger than the panel). */
typedef struct corner_walk {
    int x0, y0, x1, y1;   /* the inset box */
    int corner;           /* side of the corner squares */
    int step;
} corner_walk;

static int corner_next(const corner_walk *w, int *x, int *y)
{
    for (;;) {
        *x += w->step;
        if (*x >= w->x1) {
            *x = w->x0;
            *y += w->step;
        }
        if (*y >= w->y1) return 0;
        int in_x = *x < w->x0 + w->corner || *x >= w->x1 - w->corner;
        int in_y = *y < w->y0 + w->corner || *y >= w->y1 - w->corner;
        if (in_x && in_y) return 1;
    }
}

int disc_panel_colour(const pc_image *img, int x0, int y0, int x1, int y1, int inset, const uint8_t known[3],
                      int near, uint8_t out[3])
{
    corner_walk w = {x0 + inset, y0 + inset, x1 - inset, y1 - inset, 0, 1};
    if (w.x1 - w.x0 < 20 || w.y1 - w.y0 < 20) return 0;
    int shorter = (w.x1 - w.x0) < (w.y1 - w.y0) ? (w.x1 - w.x0) : (w.y1 - w.y0);
    w.corner = shorter / 10;
    w.step = w.corner / 16 > 1 ? w.corner / 16 : 1;   /* about 16 x 16 samples per corner */
    int *hist = calloc(4096, sizeof(int));
    if (!hist) return 0;
    long samples = 0, unknown = 0;
    int x = w.x0 - w.step, y = w.y0;
    while (corner_next(&w, &x, &y)) {
        const uint8_t *p = img->rgb + ((size_t)y * (size_t)img->width + (size_t)x) * 3;
        samples++;
        if (max_difference(p, known) <= near) continue;
        unknown++;
        hist[(p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4)]++;
    }
    int best = 0;
    for (int i = 1; i < 4096; i++)
        if (hist[i] > hist[best]) best = i;
    free(hist);
    if (samples == 0 || unknown * 5 < samples) return 0;
    /* The bin's centre refined to the mean of the samples near it; JPEG noise spreads a
     * flat colour over neighbouring bins, so the share is counted around that mean. */
    uint8_t guess[3] = {(uint8_t)(((best >> 8) & 15) * 16 + 8), (uint8_t)(((best >> 4) & 15) * 16 + 8),
                        (uint8_t)((best & 15) * 16 + 8)};
    for (int round = 0; round < 2; round++) {
        long sum[3] = {0, 0, 0}, n = 0;
        x = w.x0 - w.step, y = w.y0;
        while (corner_next(&w, &x, &y)) {
            const uint8_t *p = img->rgb + ((size_t)y * (size_t)img->width + (size_t)x) * 3;
            if (max_difference(p, guess) > 16) continue;
            sum[0] += p[0], sum[1] += p[1], sum[2] += p[2];
            n++;
        }
        if (n == 0) return 0;
        for (int c = 0; c < 3; c++) guess[c] = (uint8_t)((sum[c] + n / 2) / n);
        if (round == 1 && n * 2 < unknown) return 0;   /* the corners are not mostly one colour */
    }
    for (int c = 0; c < 3; c++) out[c] = guess[c];
    /* A colour this close to the one around the box adds nothing. */
    return max_difference(out, known) > near;
}

/* 1 when at least half of row `at` (vertical = 0) or column `at` of the box is within
 * `near` of colour c. */
static int mostly(const pc_image *img, const int box[4], int vertical, int at, const uint8_t c[3], int near)
{
    int lo = vertical ? box[1] : box[0], hi = vertical ? box[3] : box[2], n = 0;
    for (int k = lo; k < hi; k++) {
        int x = vertical ? at : k, y = vertical ? k : at;
        n += max_difference(img->rgb + ((size_t)y * (size_t)img->width + (size_t)x) * 3, c) <= near;
    }
    return 2 * n >= hi - lo;
}

/* Whether the outermost line of the box on one side goes: one that is not mostly panel,
 * except on the image's own border, where a map cut off by the window edge runs over the
 * side (its line is disc, not panel): there only a line of window colour goes. */
static int trim_side(const pc_image *img, const int box[4], int vertical, int at, int on_border,
                     const uint8_t panel[3], const uint8_t known[3], int near)
{
    if (on_border) return mostly(img, box, vertical, at, known, near);
    return !mostly(img, box, vertical, at, panel, near);
}

void disc_panel_trim(const pc_image *img, int box[4], const uint8_t panel[3], const uint8_t known[3], int near)
{
    int moved = 1;
    while (moved && box[2] - box[0] > 2 && box[3] - box[1] > 2) {
        moved = 0;
        if (trim_side(img, box, 0, box[1], box[1] == 0, panel, known, near)) box[1]++, moved = 1;
        if (trim_side(img, box, 0, box[3] - 1, box[3] == img->height, panel, known, near)) box[3]--, moved = 1;
        if (trim_side(img, box, 1, box[0], box[0] == 0, panel, known, near)) box[0]++, moved = 1;
        if (trim_side(img, box, 1, box[2] - 1, box[2] == img->width, panel, known, near)) box[2]--, moved = 1;
    }
}
