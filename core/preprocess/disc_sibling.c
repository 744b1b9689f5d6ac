/* disc_sibling.c: more panels like one already found (see disc_sibling.h). */
#include "disc_sibling.h"

#include <stdlib.h>

enum {
    COARSE_STEP = 4,  /* px between box positions tried first; the best is then refined to 1 px */
    CORNER_INSET = 3
};

/* Share of the corner squares that a box's corners must have in panel colour: an inscribed
 * disc leaves them free, anti-aliasing and JPEG take a little. */
#define SIBLING_CORNER_SHARE 0.9

typedef struct panel_sums {
    int w, h;
    int *sum;   /* (h + 1, w + 1) summed-area table of the panel-colour mask */
} panel_sums;

static int panel_sums_build(const pc_image *img, const uint8_t panel[3], int near, panel_sums *s)
{
    s->w = img->width;
    s->h = img->height;
    s->sum = calloc((size_t)(s->w + 1) * (size_t)(s->h + 1), sizeof(int));
    if (!s->sum) return 0;
    for (int y = 0; y < s->h; y++) {
        int row = 0;
        for (int x = 0; x < s->w; x++) {
            const uint8_t *p = img->rgb + ((size_t)y * (size_t)s->w + (size_t)x) * 3;
            int dr = abs(p[0] - panel[0]), dg = abs(p[1] - panel[1]), db = abs(p[2] - panel[2]);
            row += (dr > dg ? (dr > db ? dr : db) : (dg > db ? dg : db)) <= near;
            s->sum[(size_t)(y + 1) * (size_t)(s->w + 1) + (size_t)(x + 1)] =
                s->sum[(size_t)y * (size_t)(s->w + 1) + (size_t)(x + 1)] + row;
        }
    }
    return 1;
}

/* Panel-colour pixels in [x0, x0 + n) x [y0, y0 + n) (inside the image). */
static int square_count(const panel_sums *s, int x0, int y0, int n)
{
    size_t stride = (size_t)s->w + 1;
    const int *a = s->sum + (size_t)y0 * stride, *b = s->sum + (size_t)(y0 + n) * stride;
    return b[x0 + n] - b[x0] - a[x0 + n] + a[x0];
}

/* The smallest of the four corner squares' panel shares for the box at (x, y). The squares
 * sit CORNER_INSET px in from the box's corners: JPEG's chroma subsampling smears the
 * canvas's outer edge into the window by a pixel or two. */
static double corner_score(const panel_sums *s, int x, int y, int side)
{
    int c = side / 10 - CORNER_INSET, near = CORNER_INSET, far = side - CORNER_INSET - c;
    int k[4] = {square_count(s, x + near, y + near, c), square_count(s, x + far, y + near, c),
                square_count(s, x + near, y + far, c), square_count(s, x + far, y + far, c)};
    int low = k[0];
    for (int i = 1; i < 4; i++)
        if (k[i] < low) low = k[i];
    return (double)low / ((double)c * c);
}

static int overlaps(const int a[4], const int b[4])
{
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

static int overlaps_any(const int box[4], const int (*list)[4], int n)
{
    for (int i = 0; i < n; i++)
        if (overlaps(box, list[i])) return 1;
    return 0;
}

int disc_sibling_boxes(const pc_image *img, const uint8_t panel[3], int side, int near, const int (*known)[4],
                       int n_known, int max_out, int (*boxes_out)[4])
{
    if (side < 20 || side > img->width || side > img->height) return 0;
    panel_sums s;
    if (!panel_sums_build(img, panel, near, &s)) return -1;
    int found = 0;
    while (found < max_out) {
        /* The best free position on the coarse steps, then to the pixel around it. */
        double best = SIBLING_CORNER_SHARE;
        int bx = -1, by = -1;
        for (int y = 0; y + side <= s.h; y += COARSE_STEP)
            for (int x = 0; x + side <= s.w; x += COARSE_STEP) {
                int box[4] = {x, y, x + side, y + side};
                if (overlaps_any(box, known, n_known) || overlaps_any(box, boxes_out, found)) continue;
                double v = corner_score(&s, x, y, side);
                if (v > best) best = v, bx = x, by = y;
            }
        if (bx < 0) break;
        int x0 = bx, y0 = by;
        for (int y = y0 - COARSE_STEP; y <= y0 + COARSE_STEP; y++)
            for (int x = x0 - COARSE_STEP; x <= x0 + COARSE_STEP; x++) {
                int box[4] = {x, y, x + side, y + side};
                if (x < 0 || y < 0 || x + side > s.w || y + side > s.h) continue;
                if (overlaps_any(box, known, n_known) || overlaps_any(box, boxes_out, found)) continue;
                double v = corner_score(&s, x, y, side);
                if (v > best) best = v, bx = x, by = y;
            }
        int *out = boxes_out[found++];
        out[0] = bx, out[1] = by, out[2] = bx + side, out[3] = by + side;
    }
    free(s.sum);
    return found;
}
