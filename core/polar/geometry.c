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
