/* geometry.h: the bullseye geometry, the only place polarcad defines it.
 *
 * Convention (docs/domain.md 1.2-1.5, AHA 2002): apex at the centre, base at the
 * rim; anterior at 12 o'clock, septum at 9, inferior at 6, lateral at 3. Angles theta
 * are degrees counter-clockwise from 3 o'clock (anterior = 90), in [0, 360). rho is
 * the distance from the centre divided by the disc radius (rim = 1). From an image
 * pixel (x, y) with y pointing down: theta = atan2(-(y - cy), x - cx), rho = |p - c| / R.
 * Pixel (i, j) has its centre at (i + 0.5, j + 0.5).
 *
 * Segments 1..17: basal 1-6 and mid 7-12 are 60-degree sectors starting at 60 degrees
 * (1 and 7 anterior, then anteroseptal, inferoseptal, inferior, inferolateral,
 * anterolateral, going counter-clockwise); apical 13-16 are 90-degree sectors centred
 * on 90 (anterior), 180 (septal), 270 (inferior), 0 (lateral); 17 is the apex cap.
 * Ring radii come in two layouts (docs/domain.md 1.3). Territories: LAD 1 2 7 8 13 14 17,
 * RCA 3 4 9 10 15, LCx 5 6 11 12 16 (AHA standard assignment). */
#ifndef PC_POLAR_GEOMETRY_H
#define PC_POLAR_GEOMETRY_H

enum { PC_SEGMENT_COUNT = 17 };

typedef enum pc_ring_layout {
    PC_RINGS_EQUAL_WIDTH = 0,  /* cap < 0.20, apical < 0.467, mid < 0.733, basal <= 1 */
    PC_RINGS_EQUAL_AREA,       /* cap < 0.243, apical < 0.542, mid < 0.804, basal <= 1 */
    PC_RINGS_COUNT
} pc_ring_layout;

typedef enum pc_territory {
    PC_TERRITORY_LAD = 0,
    PC_TERRITORY_LCX,
    PC_TERRITORY_RCA,
    PC_TERRITORY_COUNT
} pc_territory;

/* Where a disc sits in an image, in pixels. */
typedef struct pc_disc {
    double cx, cy;   /* centre */
    double radius;   /* rim */
} pc_disc;

/* The disc that fills a size x size tile exactly (centre size/2, radius size/2). */
pc_disc pc_disc_of_tile(int size);

/* Whether the centre of pixel (x, y) lies inside the disc (on the rim counts as inside):
 * the one rule every tile loop uses to tell the map from the black around it. */
int pc_disc_contains_pixel(const pc_disc *disc, int x, int y);

/* Polar coordinates of image point (x, y) (continuous; pixel centres are at +0.5). */
void pc_polar_from_point(const pc_disc *disc, double x, double y, double *rho, double *theta_deg);
/* Image point of (rho, theta). */
void pc_polar_to_point(const pc_disc *disc, double rho, double theta_deg, double *x, double *y);

/* Outer radii (as rho) of the cap, apical ring, mid ring and basal ring (the last is 1). */
void pc_ring_radii(pc_ring_layout layout, double radii_out[4]);

/* Segment 1..17 at (rho, theta), or 0 when rho > 1 (outside the map). */
int pc_segment_at(pc_ring_layout layout, double rho, double theta_deg);
/* Segment of the pixel whose centre is at (x + 0.5, y + 0.5), or 0 outside the disc. */
int pc_segment_of_pixel(const pc_disc *disc, pc_ring_layout layout, int x, int y);

/* Angular centre of a segment (degrees) and its angular width; 17 has width 360. */
double pc_segment_center_deg(int segment);
double pc_segment_width_deg(int segment);

/* "basal anterior" ... "apex"; "?" for an invalid number. */
const char *pc_segment_name(int segment);
/* Standard territory of a segment (1..17). */
pc_territory pc_segment_territory(int segment);
/* "LAD", "LCx", "RCA". */
const char *pc_territory_name(pc_territory territory);
const char *pc_ring_layout_name(pc_ring_layout layout);
int pc_ring_layout_parse(const char *name, pc_ring_layout *out);

/* Normalises any angle to [0, 360). */
double pc_angle_normalize(double theta_deg);
/* Signed smallest difference a - b in (-180, 180]. */
double pc_angle_diff(double a_deg, double b_deg);

/* ---- per-patient anatomy (the synthetic generator's); the functions above stay the AHA model ---- */

/* Per-patient variation of the coronary territories (docs/domain.md 1.5: dominance,
 * wrap-around LAD, variable apex, soft boundaries). Angles are the shifts of the three
 * boundaries from the AHA table (basal/mid: LAD 60-180, RCA 180-300, LCx 300-60;
 * apical: LAD 45-225, RCA 225-315, LCx 315-45; cap: LAD). A standard jitter (all zero,
 * apex LAD, no softness) reproduces pc_segment_territory(pc_segment_at(...)) exactly. */
typedef struct pc_territory_jitter {
    double lad_lcx_shift_deg;   /* anterolateral boundary; + moves it towards lateral (LAD larger) */
    double lad_rca_shift_deg;   /* septal boundary; + moves it towards inferior (LAD larger) */
    double rca_lcx_shift_deg;   /* inferolateral boundary; + = RCA reaches the inferolateral wall
                                   (right dominance), about -60 or less = LCx supplies the inferior
                                   wall (left dominance) */
    double lad_wrap;            /* 0..1: share of the apical inferior sector the LAD supplies (wrap-around) */
    pc_territory apex;          /* supplier of the apical cap (segment 17) */
    double edge_deg;            /* angular width of a soft hand-over between territories (0 = hard) */
    double edge_rho;            /* radial width of the hand-over at ring boundaries (0 = hard) */
} pc_territory_jitter;

/* The AHA table: no shifts, no wrap, apex LAD, hard edges. */
void pc_territory_jitter_standard(pc_territory_jitter *out);

/* Share of each territory (index pc_territory) at (rho, theta) for the given layout;
 * the three weights are in [0, 1] and sum to 1. Outside the disc (rho > 1) the rim's
 * values are returned. */
void pc_territory_weights(pc_ring_layout layout, const pc_territory_jitter *jitter, double rho,
                          double theta_deg, double weights_out[PC_TERRITORY_COUNT]);

/* Maps rho in one ring layout to the rho at the same anatomical position in another:
 * piecewise linear through the ring radii, so segment boundaries map onto each other. */
double pc_ring_warp(pc_ring_layout from, pc_ring_layout to, double rho);

#endif
