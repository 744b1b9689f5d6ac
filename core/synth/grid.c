/* grid.c: the working grid (see model.h) and small shared helpers. */
#include <stdio.h>

#include "detmath.h"
#include "model.h"

void synth_case_id(int index, int cases, char *buf, int size)
{
    /* width 4, or more for cohorts over 9999 cases, so ids sort as text */
    unsigned width = 4;
    for (int n = cases; n >= 10000 && width < 9; n /= 10) width++;
    snprintf(buf, (size_t)size, "c%0*u", (int)width, (unsigned)(index + 1) % 1000000000u);
}

double synth_smoothstep(double x)
{
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    return x * x * (3.0 - 2.0 * x);
}

double synth_gauss_angle(double theta, double center, double width)
{
    double d = pc_angle_diff(theta, center) / width;
    if (d > 6.0 || d < -6.0) return 0.0;   /* exp(-18) < 2e-8: below anything visible */
    return pc_dm_exp(-0.5 * d * d);
}

void synth_grid_init(synth_grid *g, pc_ring_layout layout)
{
    g->layout = layout;
    const double half = SYNTH_N / 2.0;
    int count[PC_SEGMENT_COUNT + 1] = {0};
    for (int y = 0; y < SYNTH_N; y++)
        for (int x = 0; x < SYNTH_N; x++) {
            int i = y * SYNTH_N + x;
            double dx = x + 0.5 - half, dy = y + 0.5 - half;
            double rho = pc_dm_sqrt(dx * dx + dy * dy) / half;
            double theta = pc_angle_normalize(pc_dm_atan2(-dy, dx) * (180.0 / PC_DM_PI));
            g->rho[i] = rho;
            g->theta[i] = theta;
            g->s[i] = pc_ring_warp(layout, PC_RINGS_EQUAL_WIDTH, rho);
            g->inside[i] = rho <= 1.0;
            g->segment[i] = (uint8_t)(rho <= 1.0 ? pc_segment_at(layout, rho, theta) : 0);
            count[g->segment[i]]++;
        }
    for (int i = 0; i < SYNTH_NN; i++) {
        int seg = g->segment[i];
        g->mass[i] = seg && count[seg] ? 1.0 / (PC_SEGMENT_COUNT * (double)count[seg]) : 0.0;
    }
}
