/* model.h: what the generator's files share (internal to core/synth, not public API).
 *
 * The count maps live on a GRID x GRID working grid that covers the disc. Each grid
 * point knows its display polar coordinates (rho, theta), its anatomical depth s (0 at
 * the apex, 1 at the base; the equal-width ring radii are the anatomical reference, so a
 * vendor layout only warps rho), its 17-segment number in the vendor layout and its share
 * of LV mass (each segment is 1/17 of the LV). All physiology is written in (s, theta). */
#ifndef PC_SYNTH_MODEL_H
#define PC_SYNTH_MODEL_H

#include <stdint.h>

#include "../base/rng.h"
#include "synth.h"

enum { SYNTH_N = PC_SYNTH_GRID, SYNTH_NN = PC_SYNTH_GRID * PC_SYNTH_GRID };

typedef struct synth_grid {
    pc_ring_layout layout;
    double rho[SYNTH_NN];
    double theta[SYNTH_NN];      /* degrees */
    double s[SYNTH_NN];          /* anatomical depth */
    uint8_t inside[SYNTH_NN];    /* rho <= 1 */
    uint8_t segment[SYNTH_NN];   /* 1..17, 0 outside */
    double mass[SYNTH_NN];       /* share of LV mass; sums to 1 over the disc */
} synth_grid;

/* Streams of a case: each purpose has its own, so changing one does not shift the others. */
enum { SYNTH_STREAM_PATIENT = 1, SYNTH_STREAM_NOISE = 2, SYNTH_STREAM_STYLE = 3 };
static inline uint64_t synth_stream(int index, int purpose)
{
    return 4u * (uint64_t)index + (uint64_t)purpose;
}
/* Stream of the cohort plan (index -1 would collide with nothing: stream 0). */
enum { SYNTH_STREAM_PLAN = 0 };

/* "c0001"; width grows with the cohort size so ids sort. */
void synth_case_id(int index, int cases, char *buf, int size);

void synth_grid_init(synth_grid *g, pc_ring_layout layout);

/* Gaussian of an angle difference (degrees). */
double synth_gauss_angle(double theta, double center, double width);
double synth_smoothstep(double x);   /* 0 below 0, 1 above 1 */

/* perfusion.c: normal uptake of the patient (multiplicative shape around 1) for NAC and
 * AC (the lateral-hot pattern is milder on AC). */
void synth_normal_uptake(const pc_synth_patient *p, const synth_grid *g, double *nac_out, double *ac_out);
/* perfusion.c: non-coronary findings (LBBB, microvascular patches, septal hypertrophy) as a
 * multiplicative factor at stress (rest = 0) or rest (rest = 1). */
void synth_noncoronary(const pc_synth_patient *p, const synth_grid *g, int rest, double *out);

/* disease.c: territory shares of the patient (3 per grid point, pc_territory order). */
void synth_territories(const pc_synth_patient *p, const synth_grid *g, double *w3_out);
/* disease.c: coronary disease as a multiplicative factor (ischaemia at stress, scar at
 * both, critical-stenosis rest deficit at rest). work: 3 * SYNTH_NN doubles of scratch. */
void synth_coronary(const pc_synth_patient *p, const synth_grid *g, const double *w3, int rest, double *work,
                    double *out);

/* bed.c (model version 2): the grade (0..1) of a defect over its bed (the bed's share, 0..1,
 * per grid point; its border is where it crosses one half). The grade is one half on a wavy
 * line that wanders around the border by up to `irregular` (0..1) x 0.12 disc radii, and
 * rises from 0 to 1 across the fade, centred on that line; the fade is `core` x the bed's
 * deepest distance inside (at least 0.15 disc radii). phase_deg places the waves.
 * scratch: SYNTH_NN doubles. */
void synth_bed_grade(const synth_grid *g, const double *bed, double core, double irregular, double phase_deg,
                     double *scratch, double *out);

/* attenuation.c: attenuation (NAC) or residual attenuation + AC artefacts (AC), as a
 * multiplicative factor, and extracardiac activity as an additive term. */
void synth_attenuation(const pc_synth_patient *p, const synth_grid *g, int rest, double *nac_out, double *ac_out);
void synth_extracardiac(const pc_synth_patient *p, const synth_grid *g, int ac, int rest, double *add_out);

/* acquisition.c: white N(0,1) noise for one acquisition (shared by its AC and NAC). */
void synth_noise_field(pc_rng *rng, double *out);
/* acquisition.c: the resolution blur of a patient: Gaussian kernel and the blurred disc
 * mask that normalises the convolution at the rim. work: 2 * SYNTH_NN doubles. */
enum { SYNTH_KERNEL_MAX = 32 };
typedef struct synth_blur {
    double kernel[2 * SYNTH_KERNEL_MAX + 1];
    int radius;
    double k2;                  /* sum of squared kernel taps */
    double mask[SYNTH_NN];
} synth_blur;
void synth_blur_init(synth_blur *b, const synth_grid *g, double blur_rho, double *work);
/* acquisition.c: counts = signal + noise, resolution blur inside the disc, scaled to its
 * own maximum (the hottest point = 1). noise may be NULL (noise-free). work is scratch
 * of 2 * SYNTH_NN doubles. */
void synth_acquire(const synth_grid *g, const synth_blur *b, const double *signal, const double *noise,
                   double noise_sd, double *work, double *out);

/* render.c: bilinear sample of a grid map at continuous grid coordinates. */
double synth_grid_sample(const double *map, double gx, double gy);
/* render.c: paints the disc of a normalised grid map into img through the table. Pixels
 * outside the disc are left as they are. */
void synth_paint_disc(pc_image *img, const pc_disc *disc, const double *map, const uint8_t table[256][3]);

/* font.c: a 5x7 bitmap font (ASCII; lower case drawn as upper case). */
int synth_text_width(const char *text, int scale);
enum { SYNTH_TEXT_HEIGHT = 7 };
void synth_text_draw(pc_image *img, int x, int y, const char *text, int scale, const uint8_t rgb[3]);
void synth_fill_rect(pc_image *img, int x, int y, int w, int h, const uint8_t rgb[3]);

/* screenshot.c: a screen capture of one map: the disc at a random size and place on a
 * uniform background with wall labels, a title, patient text and a colour bar. */
pc_status synth_screenshot(pc_ctx *ctx, pc_rng *rng, const pc_synth_patient *p, pc_map map, int nominal_diameter,
                           const double *counts, pc_image *out, pc_synth_placement *placement);

/* capture.c: a screen capture of map `map` in the layout opt->capture (viewer goes to
 * synth_screenshot; the others paste the export tile). counts: the study's four maps. */
pc_status synth_capture(pc_ctx *ctx, pc_rng *rng, const pc_synth_patient *p, pc_map map, const pc_synth_options *opt,
                        const double (*counts)[SYNTH_NN], pc_image *out, pc_synth_placement *placement);

#endif
