/* disc.c: the bullseye disc in a capture (method in disc.h). */
#include "disc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/rng.h"
#include "disc_check.h"
#include "disc_panel.h"
#include "disc_sibling.h"

enum {
    COARSE_SIDE = 320,     /* the coarse grid has at most this many cells a side */
    MAX_CANDIDATES = 12,
    RAYS = 360,
    RANSAC_TRIES = 400,
    MAX_DEPTH = 2,         /* a panel in the window, a panel in that panel */
    MAX_FOUND = 8,         /* discs kept per image (pc_disc_find_all reports at most this many) */
    MAX_MISSED = 32,       /* candidates not read, kept for the self-check (disc_check.h) */
    MAX_GUESSES = 4        /* canvases seen but not read, kept for the sibling search */
};

/* A disc whose rim agrees with its circle on fewer rays than this share is searched again
 * inside its panel, if it sits on one. A square canvas seen against the window agrees with
 * the circle through the middles of its sides on about 40% of the rays when the disc is
 * small (the 1.5 px edge tolerance is 3% of a 50 px radius); a disc read on its own
 * background agrees on 90% or more (docs/semiquant.md 1.1.1). */
#define RECHECK_AGREEMENT 0.8

typedef struct region {
    int x0, y0, x1, y1;   /* [x0, x1) x [y0, y1) of the image */
} region;

/* Clips box[4] = {x0, y0, x1, y1} to the region (in place). */
static void box_clip(int box[4], region rg)
{
    if (box[0] < rg.x0) box[0] = rg.x0;
    if (box[1] < rg.y0) box[1] = rg.y0;
    if (box[2] > rg.x1) box[2] = rg.x1;
    if (box[3] > rg.y1) box[3] = rg.y1;
}

/* The foreground strength of a region's pixels: max channel difference from the
 * background (the window's, or inside a panel the panel's), computed from the image where
 * it is needed (rays, coarse cells), never for the whole image at once. */
typedef struct strength_map {
    int w, h;              /* region size */
    const uint8_t *rgb;    /* the region's top-left pixel in the image */
    size_t stride;         /* bytes per image row */
    uint8_t bg[3];
    int threshold;         /* strength above which a pixel is foreground */
} strength_map;

/* Strength of pixel (i, j) of the region (inside it). */
static inline int strength_px(const strength_map *s, int i, int j)
{
    const uint8_t *p = s->rgb + (size_t)j * s->stride + (size_t)i * 3;
    int dr = abs(p[0] - s->bg[0]), dg = abs(p[1] - s->bg[1]), db = abs(p[2] - s->bg[2]);
    return dr > dg ? (dr > db ? dr : db) : (dg > db ? dg : db);
}

typedef struct candidate {
    double cx, cy, radius;   /* region coordinates, from the area and centroid */
    long area;               /* coarse cells */
    int bx0, by0, bx1, by1;  /* coarse bounding box, inclusive */
} candidate;

typedef struct point {
    double x, y;
} point;

/* ---- background ------------------------------------------------------------------ */

/* Most common colour of the region's border band (2 px), as 4-bit-per-channel bins, then
 * refined to the mean of border pixels near it. Returns the share of border pixels
 * within PC_DISC_FG_THRESHOLD of that colour, or -1 when out of memory. */
static double border_background(const pc_image *img, region rg, uint8_t bg[3])
{
    memset(bg, 0, 3);
    int *hist = calloc(4096, sizeof(int));
    if (!hist) return -1.0;
    int band = (rg.x1 - rg.x0 >= 8 && rg.y1 - rg.y0 >= 8) ? 2 : 1;
    long total = 0;
    for (int pass = 0; pass < 3; pass++) {
        long sum[3] = {0, 0, 0}, n = 0;
        for (int y = rg.y0; y < rg.y1; y++) {
            int edge_row = y < rg.y0 + band || y >= rg.y1 - band;
            for (int x = rg.x0; x < rg.x1; x++) {
                if (!edge_row && x == rg.x0 + band) x = rg.x1 - band;   /* jump over the inside */
                const uint8_t *p = img->rgb + ((size_t)y * (size_t)img->width + (size_t)x) * 3;
                if (pass == 0) {
                    hist[(p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4)]++;
                    total++;
                    continue;
                }
                int dr = abs(p[0] - bg[0]), dg = abs(p[1] - bg[1]), db = abs(p[2] - bg[2]);
                int dmax = dr > dg ? (dr > db ? dr : db) : (dg > db ? dg : db);
                if (dmax > (pass == 1 ? 8 : PC_DISC_FG_THRESHOLD)) continue;
                sum[0] += p[0], sum[1] += p[1], sum[2] += p[2];
                n++;
            }
        }
        if (pass == 0) {
            int best = 0;
            for (int i = 1; i < 4096; i++)
                if (hist[i] > hist[best]) best = i;
            bg[0] = (uint8_t)(((best >> 8) & 15) * 16 + 8);
            bg[1] = (uint8_t)(((best >> 4) & 15) * 16 + 8);
            bg[2] = (uint8_t)((best & 15) * 16 + 8);
        } else if (n > 0) {
            for (int c = 0; c < 3; c++) bg[c] = (uint8_t)((sum[c] + n / 2) / n);
            if (pass == 2) {
                free(hist);
                return (double)n / (double)total;
            }
        }
    }
    free(hist);
    return 0.0;
}

/* The noise of the background: the strength (difference from bg) that 99% of the border
 * band stays under (0 for a clean export, a few levels for JPEG), taken on each of 32
 * stretches of the border (8 per side) and then the median stretch: text touching the
 * border, or a disc cut off by the image edge, raises a few stretches, not the median. */
enum { NOISE_STRETCHES = 32 };

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int compare_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int border_noise(const pc_image *img, region rg, const uint8_t bg[3])
{
    long (*hist)[256] = calloc(NOISE_STRETCHES, sizeof *hist);
    if (!hist) return 255;
    long total[NOISE_STRETCHES] = {0};
    int band = (rg.x1 - rg.x0 >= 8 && rg.y1 - rg.y0 >= 8) ? 2 : 1;
    int w = rg.x1 - rg.x0, h = rg.y1 - rg.y0;
    for (int y = rg.y0; y < rg.y1; y++) {
        int top = y < rg.y0 + band, edge_row = top || y >= rg.y1 - band;
        for (int x = rg.x0; x < rg.x1; x++) {
            if (!edge_row && x == rg.x0 + band) x = rg.x1 - band;
            /* the side (top, bottom, left, right) and the eighth of it */
            int side = edge_row ? (top ? 0 : 1) : (x < rg.x0 + band ? 2 : 3);
            int at = edge_row ? (int)((long)(x - rg.x0) * 8 / w) : (int)((long)(y - rg.y0) * 8 / h);
            int k = side * 8 + at;
            const uint8_t *p = img->rgb + ((size_t)y * (size_t)img->width + (size_t)x) * 3;
            int dr = abs(p[0] - bg[0]), dg = abs(p[1] - bg[1]), db = abs(p[2] - bg[2]);
            hist[k][dr > dg ? (dr > db ? dr : db) : (dg > db ? dg : db)]++;
            total[k]++;
        }
    }
    int level[NOISE_STRETCHES];
    for (int k = 0; k < NOISE_STRETCHES; k++) {
        long seen = 0;
        level[k] = 255;
        for (int v = 0; v < 256 && total[k] > 0; v++) {
            seen += hist[k][v];
            if (seen * 100 >= total[k] * 99) { level[k] = v; break; }
        }
    }
    free(hist);
    qsort(level, NOISE_STRETCHES, sizeof level[0], compare_int);
    return level[NOISE_STRETCHES / 2];
}

static void strength_init(const pc_image *img, region rg, const uint8_t bg[3], strength_map *s)
{
    s->w = rg.x1 - rg.x0;
    s->h = rg.y1 - rg.y0;
    s->stride = (size_t)img->width * 3;
    s->rgb = img->rgb + (size_t)rg.y0 * s->stride + (size_t)rg.x0 * 3;
    memcpy(s->bg, bg, 3);
}

/* Strength of the pixel containing a continuous point; 0 outside the region. */
static int strength_nearest(const strength_map *s, double x, double y)
{
    if (!(x >= 0.0) || !(y >= 0.0)) return 0;
    int i = (int)x, j = (int)y;
    return i < s->w && j < s->h ? strength_px(s, i, j) : 0;
}

/* Bilinear sample of the strength at a continuous point (pixel centres at +0.5);
 * outside the region reads as background (0). */
static double strength_at(const strength_map *s, double x, double y)
{
    double u = x - 0.5, v = y - 0.5;
    int i = (int)floor(u), j = (int)floor(v);
    double fu = u - i, fv = v - j;
    double acc = 0.0;
    for (int dj = 0; dj < 2; dj++)
        for (int di = 0; di < 2; di++) {
            int xi = i + di, yj = j + dj;
            if (xi < 0 || yj < 0 || xi >= s->w || yj >= s->h) continue;
            acc += (di ? fu : 1 - fu) * (dj ? fv : 1 - fv) * strength_px(s, xi, yj);
        }
    return acc;
}

/* ---- coarse candidates --------------------------------------------------------------- */

typedef struct coarse {
    int f, w, h;        /* cell side in pixels, grid size */
    uint8_t *mask;      /* (h, w) 1 = foreground */
    int *label;         /* (h, w) component id, -1 = none */
    int *queue;         /* (h * w) */
} coarse;

static void coarse_free(coarse *c)
{
    free(c->mask);
    free(c->label);
    free(c->queue);
}

static int coarse_build(const strength_map *s, coarse *c)
{
    int side = s->w > s->h ? s->w : s->h;
    c->f = (side + COARSE_SIDE - 1) / COARSE_SIDE;
    if (c->f < 1) c->f = 1;
    c->w = (s->w + c->f - 1) / c->f;
    c->h = (s->h + c->f - 1) / c->f;
    size_t n = (size_t)c->w * (size_t)c->h;
    c->mask = calloc(n, 1);
    c->label = malloc(sizeof(int) * n);
    c->queue = malloc(sizeof(int) * n);
    int *count = calloc(n, sizeof(int));
    uint8_t *tmp = malloc(n);
    if (!c->mask || !c->label || !c->queue || !count || !tmp) {
        free(count);
        free(tmp);
        return 0;
    }
    /* Cells of 4 px or more are judged from every other pixel in each direction. */
    int sub = c->f >= 4 ? 2 : 1;
    int *seen = calloc(n, sizeof(int));
    if (!seen) {
        free(count);
        free(tmp);
        return 0;
    }
    for (int y = 0; y < s->h; y += sub) {
        int *crow = count + (size_t)(y / c->f) * (size_t)c->w, *srow = seen + (size_t)(y / c->f) * (size_t)c->w;
        for (int cx = 0, x = 0; cx < c->w; cx++) {
            int stop = (cx + 1) * c->f < s->w ? (cx + 1) * c->f : s->w, k = 0, m = 0;
            for (x = cx * c->f; x < stop; x += sub, m++) k += strength_px(s, x, y) > s->threshold;
            crow[cx] += k;
            srow[cx] += m;
        }
    }
    for (size_t i = 0; i < n; i++) c->mask[i] = seen[i] > 0 && 2 * count[i] >= seen[i];
    free(seen);
    free(count);
    /* Closing with a 3 x 3 square: dilate, then erode (cells beyond the grid do not count
     * in the erosion, so a disc that touches the image edge keeps its edge). */
    for (int pass = 0; pass < 2; pass++) {
        memcpy(tmp, c->mask, n);
        for (int y = 0; y < c->h; y++)
            for (int x = 0; x < c->w; x++) {
                int any = 0, all = 1;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, yy = y + dy;
                        if (xx < 0 || yy < 0 || xx >= c->w || yy >= c->h) continue;
                        uint8_t v = tmp[(size_t)yy * c->w + xx];
                        any |= v;
                        all &= v;
                    }
                c->mask[(size_t)y * c->w + x] = (uint8_t)(pass == 0 ? any : all);
            }
    }
    free(tmp);
    /* Fill holes: background cells not reachable from the grid's border become foreground. */
    for (size_t i = 0; i < n; i++) c->label[i] = 0;
    int head = 0, tail = 0;
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++) {
            if (x != 0 && y != 0 && x != c->w - 1 && y != c->h - 1) continue;
            size_t i = (size_t)y * c->w + x;
            if (!c->mask[i] && !c->label[i]) { c->label[i] = 1; c->queue[tail++] = (int)i; }
        }
    while (head < tail) {
        int i = c->queue[head++], x = i % c->w, y = i / c->w;
        const int nx[4] = {x - 1, x + 1, x, x}, ny[4] = {y, y, y - 1, y + 1};
        for (int k = 0; k < 4; k++) {
            if (nx[k] < 0 || ny[k] < 0 || nx[k] >= c->w || ny[k] >= c->h) continue;
            size_t j = (size_t)ny[k] * c->w + nx[k];
            if (!c->mask[j] && !c->label[j]) { c->label[j] = 1; c->queue[tail++] = (int)j; }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!c->mask[i] && !c->label[i]) c->mask[i] = 1;
    return 1;
}

static int compare_area(const void *a, const void *b)
{
    long x = ((const candidate *)a)->area, y = ((const candidate *)b)->area;
    return (x < y) - (x > y);
}

/* Connected regions (4-neighbour) of the coarse mask that are at all round: the overlap
 * with the circle of equal area at the centroid, as intersection over union, is >= 0.3
 * (a disc scores ~1, a small disc with big labels merged into it 0.4-0.8, a square 0.84,
 * a long bar or a line far less). A loose gate: the rim fit decides. Largest first. */
static int coarse_candidates(coarse *c, candidate *out, int max_out)
{
    size_t n = (size_t)c->w * (size_t)c->h;
    for (size_t i = 0; i < n; i++) c->label[i] = -1;
    int found = 0, id = 0;
    candidate all[64];
    int kept = 0;
    double min_radius = 0.8 * PC_DISC_MIN_DIAMETER / 2.0 / c->f;
    for (size_t start = 0; start < n; start++) {
        if (!c->mask[start] || c->label[start] >= 0) continue;
        int head = 0, tail = 0;
        c->queue[tail++] = (int)start;
        c->label[start] = id;
        double sx = 0, sy = 0;
        int bx0 = c->w, by0 = c->h, bx1 = -1, by1 = -1;
        while (head < tail) {
            int i = c->queue[head++], x = i % c->w, y = i / c->w;
            sx += x + 0.5;
            sy += y + 0.5;
            if (x < bx0) bx0 = x;
            if (x > bx1) bx1 = x;
            if (y < by0) by0 = y;
            if (y > by1) by1 = y;
            const int nx[4] = {x - 1, x + 1, x, x}, ny[4] = {y, y, y - 1, y + 1};
            for (int k = 0; k < 4; k++) {
                if (nx[k] < 0 || ny[k] < 0 || nx[k] >= c->w || ny[k] >= c->h) continue;
                size_t j = (size_t)ny[k] * c->w + nx[k];
                if (c->mask[j] && c->label[j] < 0) { c->label[j] = id; c->queue[tail++] = (int)j; }
            }
        }
        long area = tail;
        double r = sqrt(area / 3.14159265358979323846);
        if (r >= min_radius) {
            double cx = sx / area, cy = sy / area;
            long inside = 0;
            for (int y = by0; y <= by1; y++)
                for (int x = bx0; x <= bx1; x++) {
                    if (c->label[(size_t)y * c->w + x] != id) continue;
                    double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                    inside += dx * dx + dy * dy <= r * r;
                }
            double iou = (double)inside / (double)(2 * area - inside);
            if (iou >= 0.3 && kept < 64) {
                candidate cand = {cx * c->f, cy * c->f, r * c->f, area, bx0, by0, bx1, by1};
                all[kept++] = cand;
            }
        }
        id++;
    }
    qsort(all, (size_t)kept, sizeof all[0], compare_area);
    for (int i = 0; i < kept && found < max_out; i++) out[found++] = all[i];
    return found;
}

/* ---- rim and circle fit ------------------------------------------------------------- */

/* Edge along one ray: the last foreground sample before a run of background at least
 * `run` px long, refined to the half-contrast crossing. Returns 0 for a ray that never
 * meets foreground or never leaves it. */
static int ray_edge(const strength_map *s, double cx, double cy, double angle, double r0, double r1, double run,
                    point *edge)
{
    const double step = 0.7;   /* the scan reads whole pixels; the crossing is refined below */
    double dx = cos(angle), dy = -sin(angle);
    double last_fg = -1.0, bg_run = 0.0;
    int left = 0;
    for (double r = r0; r <= r1; r += step) {
        int v = strength_nearest(s, cx + r * dx, cy + r * dy);
        if (v > s->threshold) {
            last_fg = r;
            bg_run = 0.0;
        } else if (last_fg >= 0) {
            bg_run += step;
            if (bg_run >= run) { left = 1; break; }
        }
    }
    if (last_fg < 0 || !left) return 0;
    /* Foreground up to the region's edge: the disc runs over it (cut off by the window,
     * or touching its panel's side), and where it ends is not known. */
    double ox = cx + (last_fg + step) * dx, oy = cy + (last_fg + step) * dy;
    if (ox < 0.0 || oy < 0.0 || ox >= s->w || oy >= s->h) return 0;
    /* Contrast just inside the edge, then where the strength falls to half of it. */
    double inside = 0.0;
    int n = 0;
    for (double r = last_fg - 3.0; r <= last_fg - 1.0; r += 0.5)
        if (r >= r0) { inside += strength_at(s, cx + r * dx, cy + r * dy); n++; }
    inside = n ? inside / n : strength_at(s, cx + last_fg * dx, cy + last_fg * dy);
    double level = 0.5 * inside;
    double r_edge = last_fg + 0.5 * step;
    double prev_r = last_fg - 2.0, prev_v = strength_at(s, cx + prev_r * dx, cy + prev_r * dy);
    for (double r = prev_r + 0.125; r <= last_fg + step + 1.5; r += 0.125) {
        double v = strength_at(s, cx + r * dx, cy + r * dy);
        if (prev_v >= level && v < level) {
            r_edge = prev_r + (prev_v - level) / (prev_v - v) * (r - prev_r);
        }
        prev_r = r;
        prev_v = v;
    }
    edge->x = cx + r_edge * dx;
    edge->y = cy + r_edge * dy;
    return 1;
}

/* Circle through three points; 0 when they are (nearly) collinear. */
static int circle3(point a, point b, point c, double *cx, double *cy, double *r)
{
    double bx = b.x - a.x, by = b.y - a.y, qx = c.x - a.x, qy = c.y - a.y;
    double d = 2.0 * (bx * qy - by * qx);
    if (fabs(d) < 1e-9) return 0;
    double b2 = bx * bx + by * by, c2 = qx * qx + qy * qy;
    double ux = (qy * b2 - by * c2) / d, uy = (bx * c2 - qx * b2) / d;
    *cx = a.x + ux;
    *cy = a.y + uy;
    *r = sqrt(ux * ux + uy * uy);
    return 1;
}

static int solve3(double m[3][3], double v[3], double out[3])
{
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                 m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    if (fabs(det) < 1e-12) return 0;
    for (int k = 0; k < 3; k++) {
        double t[3][3];
        memcpy(t, m, sizeof t);
        for (int i = 0; i < 3; i++) t[i][k] = v[i];
        out[k] = (t[0][0] * (t[1][1] * t[2][2] - t[1][2] * t[2][1]) - t[0][1] * (t[1][0] * t[2][2] - t[1][2] * t[2][0]) +
                  t[0][2] * (t[1][0] * t[2][1] - t[1][1] * t[2][0])) / det;
    }
    return 1;
}

/* Geometric least squares (Gauss-Newton on distance - R) over the points flagged in use. */
static void circle_refine(const point *p, const uint8_t *use, int n, double *cx, double *cy, double *r)
{
    for (int it = 0; it < 12; it++) {
        double jtj[3][3] = {{0}}, jtr[3] = {0};
        for (int i = 0; i < n; i++) {
            if (!use[i]) continue;
            double dx = p[i].x - *cx, dy = p[i].y - *cy, d = hypot(dx, dy);
            if (d < 1e-9) continue;
            double j[3] = {-dx / d, -dy / d, -1.0}, res = d - *r;
            for (int a = 0; a < 3; a++) {
                jtr[a] += j[a] * res;
                for (int b = 0; b < 3; b++) jtj[a][b] += j[a] * j[b];
            }
        }
        double delta[3];
        for (int a = 0; a < 3; a++) jtr[a] = -jtr[a];
        if (!solve3(jtj, jtr, delta)) return;
        *cx += delta[0];
        *cy += delta[1];
        *r += delta[2];
        if (fabs(delta[0]) + fabs(delta[1]) + fabs(delta[2]) < 1e-6) return;
    }
}

static int mark_inliers(const point *p, int n, double cx, double cy, double r, double tol, uint8_t *use)
{
    int count = 0;
    for (int i = 0; i < n; i++) {
        use[i] = fabs(hypot(p[i].x - cx, p[i].y - cy) - r) <= tol;
        count += use[i];
    }
    return count;
}

/* How far an edge point may lie from the circle and still agree with it: 1.2% of the
 * radius, but at least 1.5 px, since JPEG's chroma subsampling moves a small disc's edge by
 * a pixel or two. */
static double edge_tolerance(double r)
{
    return r * 0.012 > 1.5 ? r * 0.012 : 1.5;
}

typedef enum fit_result { FIT_OK = 0, FIT_FEW_EDGES, FIT_IRREGULAR, FIT_SMALL, FIT_HOLLOW, FIT_SOFT } fit_result;

/* How far, in px, the strength takes to fall from 80% to 20% of its level just inside the
 * rim (4-8 px in), along each agreeing ray: the median over them. A map's rim measures
 * 0.5-3 px over the generator's captures (anti-aliasing, scaling, JPEG 60-75); the
 * shading of a hot or cold spot measures 5 px and more. */
static double rim_width(const strength_map *s, const point *pts, const uint8_t *use, int n, double cx, double cy,
                        double r)
{
    double widths[RAYS];
    int count = 0;
    for (int q = 0; q < n; q++) {
        if (!use[q]) continue;
        double angle = atan2(pts[q].y - cy, pts[q].x - cx), ux = cos(angle), uy = sin(angle);
        double level = 0.0;
        int m = 0;
        for (double t = r - 8.0; t <= r - 4.0; t += 0.5, m++) level += strength_at(s, cx + t * ux, cy + t * uy);
        level /= m;
        double high = -1.0, low = -1.0;   /* the outermost samples at or above 80% and 20% */
        for (double t = r - 8.0; t <= r + 4.0; t += 0.25) {
            double v = strength_at(s, cx + t * ux, cy + t * uy);
            if (v >= 0.8 * level) high = t;
            if (v >= 0.2 * level) low = t;
        }
        if (high >= 0.0 && low >= 0.0) widths[count++] = low - high;
    }
    if (count == 0) return 0.0;
    qsort(widths, (size_t)count, sizeof widths[0], compare_double);
    return widths[count / 2];
}

/* The widest rim still read as a map's: 4 px, or 2.5% of the radius for a large disc (an
 * image scaled up by the viewer softens its rim in proportion). */
static double max_rim_width(double r)
{
    return r * 0.025 > 4.0 ? r * 0.025 : 4.0;
}

static fit_result fit_candidate(const strength_map *s, const candidate *cand, pc_disc_fit *fit)
{
    point pts[RAYS];
    uint8_t use[RAYS];
    int n = 0;
    double run = cand->radius * 0.04 > 3.0 ? cand->radius * 0.04 : 3.0;
    for (int k = 0; k < RAYS; k++) {
        double angle = (k + 0.5) * (2.0 * 3.14159265358979323846 / RAYS);
        if (ray_edge(s, cand->cx, cand->cy, angle, 0.5 * cand->radius, 1.6 * cand->radius, run, &pts[n])) n++;
    }
    if (n < RAYS / 4) return FIT_FEW_EDGES;

    /* RANSAC: the circle through three edge points that most other edges agree with. */
    pc_rng rng;
    pc_rng_seed(&rng, 0xD15Cu, 1u);
    int best_count = -1;
    double bx = cand->cx, by = cand->cy, br = cand->radius;
    for (int t = 0; t < RANSAC_TRIES; t++) {
        int i = (int)pc_rng_below(&rng, (uint32_t)n), j = (int)pc_rng_below(&rng, (uint32_t)n),
            k = (int)pc_rng_below(&rng, (uint32_t)n);
        if (i == j || j == k || i == k) continue;
        double cx, cy, r;
        if (!circle3(pts[i], pts[j], pts[k], &cx, &cy, &r)) continue;
        if (r < 0.5 * cand->radius || r > 1.6 * cand->radius) continue;
        double tol = edge_tolerance(r);
        double lo2 = (r - tol) * (r - tol), hi2 = (r + tol) * (r + tol);
        int count = 0;
        for (int q = 0; q < n; q++) {
            double ex = pts[q].x - cx, ey = pts[q].y - cy, d2 = ex * ex + ey * ey;
            count += d2 >= lo2 && d2 <= hi2;
        }
        if (count > best_count) { best_count = count; bx = cx; by = cy; br = r; }
    }
    int inliers = 0;
    for (int round = 0; round < 4; round++) {
        double tol = edge_tolerance(br);
        inliers = mark_inliers(pts, n, bx, by, br, tol, use);
        if (inliers < 3) return FIT_IRREGULAR;
        circle_refine(pts, use, n, &bx, &by, &br);
    }
    double tol = edge_tolerance(br);
    inliers = mark_inliers(pts, n, bx, by, br, tol, use);
    /* Agreement among the rays that found an edge (rays that ran off the region say
     * nothing); at least RAYS / 4 of them did. */
    fit->edge_agreement = (double)inliers / n;
    if (inliers < n * 0.4 || inliers < RAYS * 0.25 || !(br > 0)) return FIT_IRREGULAR;
    if (2.0 * br < PC_DISC_MIN_DIAMETER) return FIT_SMALL;

    /* Most of the disc must differ from the background (a ring or an outline is not a map). */
    long in = 0, fg = 0;
    double step = br / 40.0;
    for (double y = -0.9 * br; y <= 0.9 * br; y += step)
        for (double x = -0.9 * br; x <= 0.9 * br; x += step) {
            if (x * x + y * y > 0.81 * br * br) continue;
            in++;
            fg += strength_at(s, bx + x, by + y) > s->threshold;
        }
    fit->fill = in ? (double)fg / (double)in : 0.0;
    if (fit->fill < 0.6) return FIT_HOLLOW;
    /* A map's rim is a step; a patch inside a map whose rim is lost in the background (a
     * dark spot in a light gray map on a light window) fades out slowly. */
    if (rim_width(s, pts, use, n, bx, by, br) > max_rim_width(br)) return FIT_SOFT;
    fit->disc.cx = bx;
    fit->disc.cy = by;
    fit->disc.radius = br;
    return FIT_OK;
}

/* ---- search ---------------------------------------------------------------------------- */

static const char *fit_reason(fit_result r)
{
    switch (r) {
    case FIT_FEW_EDGES: return "the largest round shape has no clear edge";
    case FIT_IRREGULAR: return "the largest round shape is not a disc (its edge is not a circle)";
    case FIT_SMALL: return "the disc is smaller than 64 px across";
    case FIT_HOLLOW: return "the round shape is hollow or mostly background-coloured";
    case FIT_SOFT: return "the round shape has no sharp rim (a patch of a map whose own rim is lost in the background?)";
    default: return "the largest round shape is not a disc";
    }
}

/* What a search has found so far. */
/* A canvas seen around a candidate: its colour and the longer side of its trimmed box. */
typedef struct canvas_guess {
    uint8_t colour[3];
    int side;
} canvas_guess;

typedef struct findings {
    pc_disc_fit fit[MAX_FOUND];   /* image coordinates, in the order found */
    int n;
    disc_shape missed[MAX_MISSED];   /* candidates fitted but not read as a disc */
    int n_missed;
    canvas_guess guess[MAX_GUESSES];   /* canvases searched without finding a disc */
    int n_guesses;
    double prune;                 /* candidates smaller than prune x the largest disc found are not fitted */
    int out_of_memory;
} findings;

static void findings_add(findings *f, const pc_disc_fit *fit)
{
    /* The same disc seen twice (as itself and again inside its panel) is kept once: the
     * fit whose rim agrees better. Against the window, a small map's square canvas can pass
     * as a circle through the middles of its sides (RECHECK_AGREEMENT); inside the canvas
     * the disc's own rim agrees far better, and that fit must win. */
    for (int i = 0; i < f->n; i++) {
        double d = hypot(f->fit[i].disc.cx - fit->disc.cx, f->fit[i].disc.cy - fit->disc.cy);
        if (d < 0.5 * (f->fit[i].disc.radius > fit->disc.radius ? f->fit[i].disc.radius : fit->disc.radius)) {
            if (fit->edge_agreement > f->fit[i].edge_agreement) f->fit[i] = *fit;
            return;
        }
    }
    if (f->n < MAX_FOUND) f->fit[f->n++] = *fit;
}

static double largest_radius(const findings *f)
{
    double r = 0.0;
    for (int i = 0; i < f->n; i++)
        if (f->fit[i].disc.radius > r) r = f->fit[i].disc.radius;
    return r;
}

static fit_result scan(const pc_image *img, region rg, const uint8_t bg[3], int threshold, int depth, findings *f,
                       int *candidates);

/* The panel around candidate k, if its box has corners of one flat colour other than bg
 * (disc_panel.h): searched inside, trimmed to it, with that colour as background. square
 * (or NULL) is a weak fit's circle: if it is a canvas read as the circle through the
 * middles of its sides, the circle's bounding square is that canvas, and its corners are
 * read there (a label merged into the shape below it would fill the lower corners of the
 * candidate's box with text). Returns the longer side of the trimmed panel and its colour
 * in panel[3], or 0 when there is no panel. */
static int scan_panel(const pc_image *img, region rg, const coarse *c, const candidate *k, const pc_disc *square,
                      const uint8_t bg[3], int depth, findings *f, uint8_t panel[3])
{
    /* The box in pixels, one cell wider on each side than the coarse box (the grid rounds
     * it), within the region. */
    int box[4] = {rg.x0 + (k->bx0 - 1) * c->f, rg.y0 + (k->by0 - 1) * c->f, rg.x0 + (k->bx1 + 2) * c->f,
                  rg.y0 + (k->by1 + 2) * c->f};
    int inset = 2 * c->f + 1;   /* corners read 2 cells in from the box, past the rounding and any thin frame */
    if (square) {
        box[0] = (int)floor(square->cx - square->radius), box[1] = (int)floor(square->cy - square->radius);
        box[2] = (int)ceil(square->cx + square->radius), box[3] = (int)ceil(square->cy + square->radius);
        inset = 2;   /* past the canvas's own rim pixels, mixed with the window by scaling and JPEG */
    }
    box_clip(box, rg);
    /* A label under the map or a colour bar beside it that merged into its shape makes the
     * box longer than the canvas, with text or bar in two of its corners: then the square at
     * its top left (where the canvas is, the labels going below and the bar to the right) is
     * read. */
    int w = box[2] - box[0], h = box[3] - box[1], square_side = w < h ? w : h;
    if (!disc_panel_colour(img, box[0], box[1], box[2], box[3], inset, bg, PC_DISC_FG_THRESHOLD, panel) &&
        !(w != h && disc_panel_colour(img, box[0], box[1], box[0] + square_side, box[1] + square_side, inset, bg,
                                      PC_DISC_FG_THRESHOLD, panel)))
        return 0;
    disc_panel_trim(img, box, panel, bg, PC_DISC_FG_THRESHOLD);
    region inner = {box[0], box[1], box[2], box[3]};
    if (inner.x1 - inner.x0 >= PC_DISC_MIN_DIAMETER && inner.y1 - inner.y0 >= PC_DISC_MIN_DIAMETER) {
        int inner_candidates;
        scan(img, inner, panel, PC_DISC_FG_THRESHOLD, depth + 1, f, &inner_candidates);
    }
    int side = inner.x1 - inner.x0 > inner.y1 - inner.y0 ? inner.x1 - inner.x0 : inner.y1 - inner.y0;
    return side > 0 ? side : 1;
}

/* Candidates of one region against its background colour, each fitted. A candidate that
 * is not a disc but sits on a panel of a flat colour (the corners of its box, see
 * disc_panel.h) is searched again inside the panel, trimmed to it, with the panel's colour
 * as background: outside the region counts as background, so a disc that touches the
 * panel's edges is a disc there, as in a tight crop. Returns the reason the largest
 * candidate failed (FIT_OK if it did not), and sets *candidates. */
static fit_result scan(const pc_image *img, region rg, const uint8_t bg[3], int threshold, int depth, findings *f,
                       int *candidates)
{
    strength_map s = {0};
    coarse c = {0};
    strength_init(img, rg, bg, &s);
    s.threshold = threshold;
    fit_result first = FIT_FEW_EDGES;
    *candidates = 0;
    if (!coarse_build(&s, &c)) {
        coarse_free(&c);
        f->out_of_memory = 1;
        return first;
    }
    candidate cands[MAX_CANDIDATES];
    int n = coarse_candidates(&c, cands, MAX_CANDIDATES);
    *candidates = n;
    for (int i = 0; i < n; i++) {
        const candidate *k = &cands[i];
        if (k->radius < f->prune * largest_radius(f)) continue;
        pc_disc_fit fit = {{0, 0, 0}, {bg[0], bg[1], bg[2]}, 0, 0, 1.0};
        fit_result r = fit_candidate(&s, k, &fit);
        fit.disc.cx += rg.x0;
        fit.disc.cy += rg.y0;
        /* A weak fit may be a square canvas read as the circle through the middles of its
         * sides: it stands only if the shape is on no panel (RECHECK_AGREEMENT). */
        int weak = r == FIT_OK && fit.edge_agreement < RECHECK_AGREEMENT;
        if (i == 0) first = weak ? FIT_IRREGULAR : r;
        if (r == FIT_OK && !weak) {
            findings_add(f, &fit);
            continue;
        }
        int before = f->n;
        uint8_t panel[3];
        /* A weak fit's panel is looked for in its circle's square only: the candidate's box
         * may hold a drop shadow or a label merged into the shape, whose colour can pass for a
         * panel's in its corners and would throw away a disc drawn on a canvas the colour of
         * the window. */
        int side = depth < MAX_DEPTH ? scan_panel(img, rg, &c, k, weak ? &fit.disc : NULL, bg, depth, f, panel) : 0;
        if (weak && side == 0) {
            findings_add(f, &fit);
            continue;
        }
        if (f->n == before && f->n_missed < MAX_MISSED) {
            disc_shape miss = {k->cx + rg.x0, k->cy + rg.y0, k->radius};
            f->missed[f->n_missed++] = miss;
        }
        /* A canvas not read, or only a strip of one (a map whose colours come close to the
         * window's breaks it up): its side is a guess for the sibling search. */
        if (f->n == before && side >= PC_DISC_MIN_DIAMETER && f->n_guesses < MAX_GUESSES) {
            canvas_guess *g = &f->guess[f->n_guesses++];
            memcpy(g->colour, panel, 3);
            g->side = side;
        }
    }
    coarse_free(&c);
    return first;
}

/* Boxes of one canvas's side whose corners are its colour (disc_sibling.h), each searched
 * as that canvas. */
static void scan_siblings_of(const pc_image *img, const uint8_t window[3], const uint8_t canvas[3], int side,
                             findings *f)
{
    /* The squares of the maps found are taken; a much smaller disc found (a fragment of a
     * canvas, see disc_check.h) does not keep a sibling from being searched. */
    int known[MAX_FOUND][4], boxes[MAX_FOUND][4], n_known = 0;
    for (int i = 0; i < f->n; i++) {
        const pc_disc *d = &f->fit[i].disc;
        if (2.0 * d->radius < PC_DISC_SEVERAL_RATIO * side) continue;
        int *k = known[n_known++];
        k[0] = (int)floor(d->cx - d->radius), k[1] = (int)floor(d->cy - d->radius);
        k[2] = (int)ceil(d->cx + d->radius), k[3] = (int)ceil(d->cy + d->radius);
    }
    region whole = {0, 0, img->width, img->height};
    int n = disc_sibling_boxes(img, canvas, side, PC_DISC_FG_THRESHOLD, (const int(*)[4])known, n_known,
                               MAX_FOUND - f->n, boxes);
    if (n < 0) f->out_of_memory = 1;
    for (int i = 0; i < n; i++) {
        /* Slack for the rounding of the side and the corners' inset, then trimmed to the canvas. */
        int box[4] = {boxes[i][0] - 4, boxes[i][1] - 4, boxes[i][2] + 4, boxes[i][3] + 4};
        box_clip(box, whole);
        disc_panel_trim(img, box, canvas, window, PC_DISC_FG_THRESHOLD);
        region inner = {box[0], box[1], box[2], box[3]};
        if (inner.x1 - inner.x0 < PC_DISC_MIN_DIAMETER || inner.y1 - inner.y0 < PC_DISC_MIN_DIAMETER) continue;
        int candidates;
        scan(img, inner, canvas, PC_DISC_FG_THRESHOLD, MAX_DEPTH, f, &candidates);
    }
}

/* More maps like one seen on a canvas of its own: the largest disc found on one (a canvas
 * side of its diameter), else each canvas seen but not read (the side of its trimmed box). */
static void scan_siblings(const pc_image *img, const uint8_t window[3], findings *f)
{
    const pc_disc_fit *model = NULL;
    for (int i = 0; i < f->n; i++) {
        const pc_disc_fit *fit = &f->fit[i];
        int dr = abs(fit->background[0] - window[0]), dg = abs(fit->background[1] - window[1]),
            db = abs(fit->background[2] - window[2]);
        int on_canvas = dr > PC_DISC_FG_THRESHOLD || dg > PC_DISC_FG_THRESHOLD || db > PC_DISC_FG_THRESHOLD;
        if (on_canvas && (!model || fit->disc.radius > model->disc.radius)) model = fit;
    }
    if (model) {
        uint8_t canvas[3] = {model->background[0], model->background[1], model->background[2]};
        scan_siblings_of(img, window, canvas, (int)floor(2.0 * model->disc.radius + 0.5), f);
        return;
    }
    for (int g = 0; g < f->n_guesses && f->n < MAX_FOUND && !f->out_of_memory; g++)
        scan_siblings_of(img, window, f->guess[g].colour, f->guess[g].side, f);
}

/* Every disc in the image (or the reason there is none), largest first. */
static pc_status search(pc_ctx *ctx, const pc_image *img, const char *who, double prune, findings *f)
{
    memset(f, 0, sizeof *f);
    region rg = {0, 0, img->width, img->height};
    uint8_t bg[3];
    double share = border_background(img, rg, bg);
    if (share < 0.0) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory finding the disc", who);
    if (share < 0.25)
        return pc_fail(ctx, PC_STATUS_NOT_FOUND,
                       "%s: no polar map found: the image has no uniform background around a disc "
                       "(only %.0f%% of its border is one colour; a photo or a busy screenshot?)",
                       who, 100.0 * share);
    f->prune = prune;
    /* Pass 1 with the standard threshold; pass 2, only if that finds nothing, with a
     * threshold just above the background's own noise: it catches maps whose colours come
     * close to the background (a gray map on light grey), where JPEG ringing is the risk. */
    int candidates = 0, second_candidates = 0;
    fit_result first = scan(img, rg, bg, PC_DISC_FG_THRESHOLD, 0, f, &candidates);
    int low = 2 * border_noise(img, rg, bg) + 8;
    if (f->n == 0 && !f->out_of_memory && low < PC_DISC_FG_THRESHOLD)
        scan(img, rg, bg, low, 0, f, &second_candidates);
    if (!f->out_of_memory) scan_siblings(img, bg, f);
    f->n = disc_check_drop_fragments(f->fit, f->n);
    /* A disc cut off by the image edge: kept when enough of its rim and its centre are inside. */
    double least_rim = 1.0;
    int kept = 0;
    for (int i = 0; i < f->n; i++) {
        const pc_disc *d = &f->fit[i].disc;
        double rim = disc_check_visible_rim(d, img->width, img->height);
        int centre_in = d->cx >= 0 && d->cy >= 0 && d->cx <= img->width && d->cy <= img->height;
        f->fit[i].visible_rim = rim;
        if (rim >= DISC_CHECK_MIN_VISIBLE_RIM && centre_in) f->fit[kept++] = f->fit[i];
        else if (rim < least_rim) least_rim = rim;
    }
    if (kept == 0 && f->n > 0)
        return pc_fail(ctx, PC_STATUS_NOT_FOUND,
                       "%s: no polar map found: the disc runs off the image edge (%.0f%% of its rim is inside the "
                       "image, at least %.0f%% with its centre is needed); capture the whole map", who,
                       100.0 * least_rim, 100.0 * DISC_CHECK_MIN_VISIBLE_RIM);
    f->n = kept;
    if (f->out_of_memory) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory finding the disc", who);
    if (f->n == 0 && candidates == 0)
        return pc_fail(ctx, PC_STATUS_NOT_FOUND,
                       "%s: no polar map found: nothing round and at least %d px across stands out from the "
                       "background", who, PC_DISC_MIN_DIAMETER);
    if (f->n == 0) return pc_fail(ctx, PC_STATUS_NOT_FOUND, "%s: no polar map found: %s", who, fit_reason(first));
    int missed = disc_check_missed(f->fit, f->n, f->missed, f->n_missed);
    if (missed >= 0)
        return pc_fail(ctx, PC_STATUS_NOT_FOUND,
                       "%s: no polar map found: %d disc%s read, but a shape as large near (%.0f, %.0f) could not be "
                       "read (another map whose colours come close to the background?); crop the capture to one "
                       "map with a clear edge", who, f->n, f->n == 1 ? "" : "s", f->missed[missed].cx,
                       f->missed[missed].cy);
    /* Largest first (insertion sort: at most MAX_FOUND). */
    for (int i = 1; i < f->n; i++)
        for (int j = i; j > 0 && f->fit[j].disc.radius > f->fit[j - 1].disc.radius; j--) {
            pc_disc_fit t = f->fit[j];
            f->fit[j] = f->fit[j - 1];
            f->fit[j - 1] = t;
        }
    return PC_STATUS_OK;
}

static pc_status check_image(pc_ctx *ctx, const pc_image *image, const char *who)
{
    if (!image || !image->rgb || image->width <= 0 || image->height <= 0)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: no image given", who);
    if (image->width < PC_DISC_MIN_DIAMETER || image->height < PC_DISC_MIN_DIAMETER)
        return pc_fail(ctx, PC_STATUS_NOT_FOUND,
                       "%s: no polar map found: %d x %d pixels is too small to hold one (the disc must be at least "
                       "%d px across)", who, image->width, image->height, PC_DISC_MIN_DIAMETER);
    return PC_STATUS_OK;
}

pc_status pc_disc_find(pc_ctx *ctx, const pc_image *image, const char *name, pc_disc_fit *out)
{
    const char *who = name && name[0] ? name : "image";
    if (!out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: no output given", who);
    pc_status status = check_image(ctx, image, who);
    if (status) return status;
    findings f;
    /* Discs much smaller than one already found cannot compete with it: not fitted. */
    status = search(ctx, image, who, PC_DISC_SEVERAL_RATIO * 0.75, &f);
    if (status) return status;
    if (f.n >= 2 && f.fit[1].disc.radius >= PC_DISC_SEVERAL_RATIO * f.fit[0].disc.radius) {
        char where[160] = "";
        int len = 0, shown = f.n < 4 ? f.n : 4;
        for (int i = 0; i < shown && len < (int)sizeof where - 24; i++)
            len += snprintf(where + len, sizeof where - (size_t)len, "%s(%.0f, %.0f)", i ? ", " : "",
                            f.fit[i].disc.cx, f.fit[i].disc.cy);
        return pc_fail(ctx, PC_STATUS_UNSUPPORTED,
                       "%s: %s%d polar maps of about the same size in one image (centres at %s%s): polarcad cannot "
                       "tell which is stress or rest, NAC or AC; crop the capture to one map per file",
                       who, f.n >= MAX_FOUND ? "at least " : "", f.n, where, f.n > shown ? ", ..." : "");
    }
    *out = f.fit[0];
    return PC_STATUS_OK;
}

/* a before b in reading order: a's row is higher (centres more than half the smaller
 * radius apart in y), or the same row and a is further left. */
static int comes_before(const pc_disc *a, const pc_disc *b)
{
    double half = 0.5 * (a->radius < b->radius ? a->radius : b->radius);
    if (fabs(a->cy - b->cy) > half) return a->cy < b->cy;
    return a->cx < b->cx;
}

pc_status pc_disc_find_all(pc_ctx *ctx, const pc_image *image, const char *name, int max_out, pc_disc_fit *out,
                           int *count_out)
{
    const char *who = name && name[0] ? name : "image";
    if (!out || max_out < 1 || !count_out) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: no output given", who);
    pc_status status = check_image(ctx, image, who);
    if (status) return status;
    findings f;
    status = search(ctx, image, who, 0.0, &f);
    if (status) return status;
    /* Reading order: rows of discs top to bottom, left to right within a row. */
    for (int i = 1; i < f.n; i++)
        for (int j = i; j > 0 && comes_before(&f.fit[j].disc, &f.fit[j - 1].disc); j--) {
            pc_disc_fit t = f.fit[j];
            f.fit[j] = f.fit[j - 1];
            f.fit[j - 1] = t;
        }
    int n = f.n < max_out ? f.n : max_out;
    for (int i = 0; i < n; i++) out[i] = f.fit[i];
    *count_out = n;
    return PC_STATUS_OK;
}
