/* geometry.c: the 17-segment bullseye (see geometry.h for the conventions). */
#include "geometry.h"

#include <math.h>
#include <string.h>

static const double ring_radii[PC_RINGS_COUNT][4] = {
    {0.20, 0.467, 0.733, 1.0},   /* equal width: matplotlib's AHA bullseye */
    {0.243, 0.542, 0.804, 1.0},  /* equal area: sqrt of cumulative segment fractions 1/17, 5/17, 11/17 */
};

static const char *const segment_names[PC_SEGMENT_COUNT + 1] = {
    "?",
    "basal anterior", "basal anteroseptal", "basal inferoseptal", "basal inferior",
    "basal inferolateral", "basal anterolateral",
    "mid anterior", "mid anteroseptal", "mid inferoseptal", "mid inferior",
    "mid inferolateral", "mid anterolateral",
    "apical anterior", "apical septal", "apical inferior", "apical lateral",
    "apex",
};

static const pc_territory segment_territory[PC_SEGMENT_COUNT + 1] = {
    PC_TERRITORY_LAD,
    PC_TERRITORY_LAD, PC_TERRITORY_LAD, PC_TERRITORY_RCA, PC_TERRITORY_RCA, PC_TERRITORY_LCX, PC_TERRITORY_LCX,
    PC_TERRITORY_LAD, PC_TERRITORY_LAD, PC_TERRITORY_RCA, PC_TERRITORY_RCA, PC_TERRITORY_LCX, PC_TERRITORY_LCX,
    PC_TERRITORY_LAD, PC_TERRITORY_LAD, PC_TERRITORY_RCA, PC_TERRITORY_LCX,
    PC_TERRITORY_LAD,
};

pc_disc pc_disc_of_tile(int size)
{
    pc_disc d = {size / 2.0, size / 2.0, size / 2.0};
    return d;
}

double pc_angle_normalize(double theta_deg)
{
    double t = fmod(theta_deg, 360.0);
    if (t < 0) t += 360.0;
    if (t >= 360.0) t -= 360.0;   /* fmod of a tiny negative can round up to 360 */
    return t;
}

double pc_angle_diff(double a_deg, double b_deg)
{
    double d = pc_angle_normalize(a_deg - b_deg);
    return d > 180.0 ? d - 360.0 : d;
}

void pc_polar_from_point(const pc_disc *disc, double x, double y, double *rho, double *theta_deg)
{
    double dx = x - disc->cx, dy = y - disc->cy;
    *rho = hypot(dx, dy) / disc->radius;
    *theta_deg = pc_angle_normalize(atan2(-dy, dx) * (180.0 / 3.14159265358979323846));
}

void pc_polar_to_point(const pc_disc *disc, double rho, double theta_deg, double *x, double *y)
{
    double t = theta_deg * (3.14159265358979323846 / 180.0);
    *x = disc->cx + rho * disc->radius * cos(t);
    *y = disc->cy - rho * disc->radius * sin(t);
}

void pc_ring_radii(pc_ring_layout layout, double radii_out[4])
{
    if (layout < 0 || layout >= PC_RINGS_COUNT) layout = PC_RINGS_EQUAL_WIDTH;
    memcpy(radii_out, ring_radii[layout], sizeof ring_radii[layout]);
}

int pc_segment_at(pc_ring_layout layout, double rho, double theta_deg)
{
    if (layout < 0 || layout >= PC_RINGS_COUNT) layout = PC_RINGS_EQUAL_WIDTH;
    const double *r = ring_radii[layout];
    if (rho > 1.0 || rho < 0.0) return 0;
    if (rho < r[0]) return 17;
    double t = pc_angle_normalize(theta_deg);
    if (rho < r[1]) return 13 + (int)(pc_angle_normalize(t - 45.0) / 90.0) % 4;
    int sector = (int)(pc_angle_normalize(t - 60.0) / 60.0) % 6;
    return (rho < r[2] ? 7 : 1) + sector;
}

int pc_disc_contains_pixel(const pc_disc *disc, int x, int y)
{
    double dx = x + 0.5 - disc->cx, dy = y + 0.5 - disc->cy;
    return dx * dx + dy * dy <= disc->radius * disc->radius;
}

int pc_segment_of_pixel(const pc_disc *disc, pc_ring_layout layout, int x, int y)
{
    double rho, theta;
    pc_polar_from_point(disc, x + 0.5, y + 0.5, &rho, &theta);
    return pc_segment_at(layout, rho, theta);
}

double pc_segment_center_deg(int segment)
{
    if (segment >= 1 && segment <= 12) return pc_angle_normalize(90.0 + 60.0 * ((segment - 1) % 6));
    if (segment >= 13 && segment <= 16) return pc_angle_normalize(90.0 + 90.0 * (segment - 13));
    return 0.0;
}

double pc_segment_width_deg(int segment)
{
    if (segment >= 1 && segment <= 12) return 60.0;
    if (segment >= 13 && segment <= 16) return 90.0;
    return 360.0;
}

const char *pc_segment_name(int segment)
{
    return segment >= 1 && segment <= PC_SEGMENT_COUNT ? segment_names[segment] : segment_names[0];
}

pc_territory pc_segment_territory(int segment)
{
    return segment >= 1 && segment <= PC_SEGMENT_COUNT ? segment_territory[segment] : PC_TERRITORY_LAD;
}

const char *pc_territory_name(pc_territory territory)
{
    switch (territory) {
    case PC_TERRITORY_LAD: return "LAD";
    case PC_TERRITORY_LCX: return "LCx";
    case PC_TERRITORY_RCA: return "RCA";
    default: return "?";
    }
}

const char *pc_ring_layout_name(pc_ring_layout layout)
{
    return layout == PC_RINGS_EQUAL_AREA ? "equal-area" : "equal-width";
}

int pc_ring_layout_parse(const char *name, pc_ring_layout *out)
{
    if (name && strcmp(name, "equal-width") == 0) { *out = PC_RINGS_EQUAL_WIDTH; return 1; }
    if (name && strcmp(name, "equal-area") == 0) { *out = PC_RINGS_EQUAL_AREA; return 1; }
    return 0;
}

/* ---- territories with per-patient jitter (synthetic cohort) ---------------------------- */

void pc_territory_jitter_standard(pc_territory_jitter *out)
{
    memset(out, 0, sizeof *out);
    out->apex = PC_TERRITORY_LAD;
}

static double smoothstep01(double x)
{
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    return x * x * (3.0 - 2.0 * x);
}

/* Membership of theta in the counter-clockwise interval [a, a + len) with soft edges of
 * width e centred on the boundaries (hard when e == 0). The rising edge of one interval
 * and the falling edge of its neighbour add up to 1 (smoothstep(x) + smoothstep(1-x) = 1). */
static double interval_membership(double theta, double a, double len, double e)
{
    if (len <= 0.0) return 0.0;
    double u = pc_angle_normalize(theta - a);
    if (u >= 180.0 + len / 2.0) u -= 360.0;   /* u in [len/2 - 180, len/2 + 180) */
    if (e <= 0.0) return (u >= 0.0 && u < len) ? 1.0 : 0.0;
    double rise = smoothstep01(u / e + 0.5), fall = smoothstep01((len - u) / e + 0.5);
    return rise < fall ? rise : fall;
}

/* Weights of one ring kind: basal/mid (apical = 0) or apical (apical = 1). */
static void ring_weights(const pc_territory_jitter *j, int apical, double theta, double w[PC_TERRITORY_COUNT])
{
    double b_lad_lcx = (apical ? 45.0 : 60.0) + j->lad_lcx_shift_deg;
    double b_lad_rca = (apical ? 225.0 : 180.0) + j->lad_rca_shift_deg;
    double b_rca_lcx = (apical ? 315.0 : 300.0) + j->rca_lcx_shift_deg;
    if (apical) {
        double wrap = j->lad_wrap < 0.0 ? 0.0 : j->lad_wrap > 1.0 ? 1.0 : j->lad_wrap;
        b_lad_rca += wrap * (b_rca_lcx - b_lad_rca);
    }
    if (b_lad_rca < b_lad_lcx) b_lad_rca = b_lad_lcx;
    if (b_rca_lcx < b_lad_rca) b_rca_lcx = b_lad_rca;
    if (b_rca_lcx > b_lad_lcx + 360.0) b_rca_lcx = b_lad_lcx + 360.0;
    double e = j->edge_deg;
    w[PC_TERRITORY_LAD] = interval_membership(theta, b_lad_lcx, b_lad_rca - b_lad_lcx, e);
    w[PC_TERRITORY_RCA] = interval_membership(theta, b_lad_rca, b_rca_lcx - b_lad_rca, e);
    w[PC_TERRITORY_LCX] = interval_membership(theta, b_rca_lcx, b_lad_lcx + 360.0 - b_rca_lcx, e);
}

/* 0 below edge - band/2, 1 above edge + band/2 (a step when band == 0; rho == edge counts
 * as above, as pc_segment_at does). */
static double radial_step(double rho, double edge, double band)
{
    if (band <= 0.0) return rho >= edge ? 1.0 : 0.0;
    return smoothstep01((rho - edge) / band + 0.5);
}

void pc_territory_weights(pc_ring_layout layout, const pc_territory_jitter *jitter, double rho,
                          double theta_deg, double weights_out[PC_TERRITORY_COUNT])
{
    pc_territory_jitter standard;
    if (!jitter) {
        pc_territory_jitter_standard(&standard);
        jitter = &standard;
    }
    double r[4];
    pc_ring_radii(layout, r);
    if (rho > 1.0) rho = 1.0;
    if (rho < 0.0) rho = 0.0;
    double outer[PC_TERRITORY_COUNT], apical[PC_TERRITORY_COUNT], cap[PC_TERRITORY_COUNT] = {0};
    ring_weights(jitter, 0, theta_deg, outer);
    ring_weights(jitter, 1, theta_deg, apical);
    int owner = jitter->apex >= 0 && jitter->apex < PC_TERRITORY_COUNT ? (int)jitter->apex : 0;
    cap[owner] = 1.0;
    double to_outer = radial_step(rho, r[1], jitter->edge_rho);
    double to_ring = radial_step(rho, r[0], jitter->edge_rho);
    double sum = 0.0;
    for (int t = 0; t < PC_TERRITORY_COUNT; t++) {
        double ring = apical[t] + (outer[t] - apical[t]) * to_outer;
        weights_out[t] = cap[t] + (ring - cap[t]) * to_ring;
        sum += weights_out[t];
    }
    if (sum > 0.0)
        for (int t = 0; t < PC_TERRITORY_COUNT; t++) weights_out[t] /= sum;
}

double pc_ring_warp(pc_ring_layout from, pc_ring_layout to, double rho)
{
    double a[5] = {0}, b[5] = {0};
    pc_ring_radii(from, a + 1);
    pc_ring_radii(to, b + 1);
    if (rho <= 0.0) return rho;
    if (rho >= 1.0) return rho;   /* beyond the rim: identity keeps outside points outside */
    for (int i = 0; i < 4; i++)
        if (rho < a[i + 1]) return b[i] + (rho - a[i]) * (b[i + 1] - b[i]) / (a[i + 1] - a[i]);
    return rho;
}
