/* disc_check.c: the finder's self-check on what it found (see disc_check.h). */
#include "disc_check.h"

#include <math.h>

double disc_check_visible_rim(const pc_disc *d, int width, int height)
{
    const int samples = 720;
    int inside = 0;
    for (int k = 0; k < samples; k++) {
        double a = (k + 0.5) * (2.0 * 3.14159265358979323846 / samples);
        double x = d->cx + d->radius * cos(a), y = d->cy + d->radius * sin(a);
        inside += x >= 0.0 && y >= 0.0 && x <= width && y <= height;
    }
    return (double)inside / samples;
}

static int in_square(const pc_disc *d, double x, double y)
{
    return fabs(x - d->cx) < d->radius && fabs(y - d->cy) < d->radius;
}

int disc_check_drop_fragments(pc_disc_fit *fits, int n)
{
    int kept = 0;
    for (int i = 0; i < n; i++) {
        int fragment = 0;
        for (int j = 0; j < n && !fragment; j++)
            fragment = j != i && fits[j].disc.radius > fits[i].disc.radius &&
                       in_square(&fits[j].disc, fits[i].disc.cx, fits[i].disc.cy);
        if (!fragment) fits[kept++] = fits[i];
    }
    return kept;
}

int disc_check_missed(const pc_disc_fit *fits, int n, const disc_shape *missed, int n_missed)
{
    double largest = 0.0;
    for (int i = 0; i < n; i++)
        if (fits[i].disc.radius > largest) largest = fits[i].disc.radius;
    for (int k = 0; k < n_missed; k++) {
        if (missed[k].radius < DISC_CHECK_MISSED_RATIO * largest) continue;
        int on_disc = 0;
        for (int i = 0; i < n && !on_disc; i++) on_disc = in_square(&fits[i].disc, missed[k].cx, missed[k].cy);
        if (!on_disc) return k;
    }
    return -1;
}
