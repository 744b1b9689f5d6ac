/* synth.h: the synthetic polar-map cohort (model described in docs/synthetic.md).
 *
 * No real patient data exists in polarcad, so the project makes its own, grounded in the
 * physiology of docs/domain.md. The generator works in four steps, each in its own
 * file:
 *
 *   cohort plan (cohort.c)    exact counts: label, sex, previous infarction and
 *                             revascularisation over the cohort (the paper's Table 1)
 *   patient (patient.c)       one case's latent truth from its own PCG32 stream:
 *                             anatomy, coronary lesions, scar, non-coronary findings,
 *                             attenuation, acquisition
 *   count maps (patient_maps.c with perfusion.c, disease.c, attenuation.c, acquisition.c)
 *                             four relative-count maps on a working grid
 *   images (render.c, screenshot.c)
 *                             colour table, export tile or screen capture
 *
 * Usage (one case, in memory):
 *
 *     pc_synth_options opt;  pc_synth_options_default(&opt);  opt.cases = 12;
 *     pc_synth_plan *plan = NULL;  pc_synth_plan_create(ctx, &opt, &plan);
 *     pc_synth_patient p;  pc_synth_patient_sample(plan, 3, &p);
 *     pc_synth_study study = {0};
 *     if (pc_synth_study_render(ctx, plan, &p, &study) == PC_STATUS_OK)
 *         ... study.maps[PC_MAP_STRESS_AC] is an RGB pc_image ...
 *     pc_synth_study_free(&study);  pc_synth_plan_free(plan);
 *
 * Determinism: every case draws from its own streams (seed, 4 * index + k), so a case is
 * the same whether it is generated alone, in any order or on any thread. All floating
 * point goes through detmath.h, so the same seed and model version give the same bytes
 * on every IEEE-754 machine (docs/synthetic.md, "Determinism"). */
#ifndef PC_SYNTH_SYNTH_H
#define PC_SYNTH_SYNTH_H

#include <stdint.h>

#include "../base/status.h"
#include "../image/colormap.h"
#include "../image/image.h"
#include "../study.h"
#include "../polar/geometry.h"

/* Versions of the generative model (--model-version): a version changes whenever the same
 * seed would give other images, and every version stays byte-reproducible. 1 is the first
 * model; 2 (the default) grades each perfusion bed from its core to its edge and adds the
 * low-likelihood population (docs/synthetic.md, "Model versions"). */
enum { PC_SYNTH_MODEL_FIRST = 1, PC_SYNTH_MODEL_LATEST = 2 };

/* Who the cohort is (--population). */
typedef enum pc_synth_population {
    PC_SYNTH_POPULATION_REFERRED = 0,   /* the paper's: patients sent to angiography (the default) */
    PC_SYNTH_POPULATION_LOW_LIKELIHOOD  /* no CAD, few confounders, men and women 50/50: the people
                                           vendors recruit for normal limits (model version 2) */
} pc_synth_population;
/* "referred", "low-likelihood"; parse accepts those names. */
const char *pc_synth_population_name(pc_synth_population population);
int pc_synth_population_parse(const char *text, pc_synth_population *out);

/* Cohort defaults (the paper's Table 1 and results: 152 of 216 CAD, 88% men). */
enum { PC_SYNTH_DEFAULT_CASES = 216, PC_SYNTH_MAX_CASES = 100000 };
enum { PC_SYNTH_DEFAULT_SIZE = 256, PC_SYNTH_MIN_SIZE = 32, PC_SYNTH_MAX_SIZE = 2048 };
#define PC_SYNTH_DEFAULT_PREVALENCE (152.0 / 216.0)

/* Working grid: the count maps are modelled on GRID x GRID samples covering the disc
 * (about 2 samples per mm of myocardium), then interpolated to the output size. */
enum { PC_SYNTH_GRID = 96 };

typedef enum pc_synth_format { PC_SYNTH_FORMAT_PNG = 0, PC_SYNTH_FORMAT_JPEG } pc_synth_format;
typedef enum pc_synth_style { PC_SYNTH_STYLE_EXPORT = 0, PC_SYNTH_STYLE_SCREENSHOT } pc_synth_style;

/* Colour table / ring layout choice: one for the whole cohort, or drawn per case. */
enum { PC_SYNTH_MIXED = -1 };

/* What a screenshot-style image shows (--capture; capture.c, docs/synthetic.md). */
typedef enum pc_synth_capture {
    PC_SYNTH_CAPTURE_VIEWER = 0,   /* the disc on a window with labels and a colour bar (the default) */
    PC_SYNTH_CAPTURE_PANEL,        /* the export tile (disc inscribed in its canvas) in a window */
    PC_SYNTH_CAPTURE_SLIDE,        /* pasted into a slide with a drop shadow */
    PC_SYNTH_CAPTURE_PAIR,         /* stress and rest side by side */
    PC_SYNTH_CAPTURE_QUAD,         /* all four maps, 2 x 2 */
    PC_SYNTH_CAPTURE_SMALL,        /* scaled down to a 100 px disc */
    PC_SYNTH_CAPTURE_CUT,          /* partly cut off by the window edge */
    PC_SYNTH_CAPTURE_COUNT
} pc_synth_capture;
/* "viewer", ... ("mixed" for PC_SYNTH_MIXED); parse accepts the names of single layouts. */
const char *pc_synth_capture_name(int capture);
int pc_synth_capture_parse(const char *text, int *out);

typedef struct pc_synth_options {
    int cases;                 /* >= 1 */
    uint64_t seed;
    double prevalence;         /* share of label 1 (CAD), 0..1; default 152/216 */
    pc_synth_format format;
    int jpeg_quality;          /* 1..100, default 90 */
    pc_synth_style style;
    int colormap;              /* a pc_colormap or PC_SYNTH_MIXED; default cool */
    int layout;                /* a pc_ring_layout or PC_SYNTH_MIXED; default equal-width */
    int size;                  /* export: tile side in px; screenshot: nominal disc diameter (varied) */
    int capture;               /* screenshot style: a pc_synth_capture or PC_SYNTH_MIXED; default viewer */
    int model_version;         /* PC_SYNTH_MODEL_FIRST..LATEST; default LATEST */
    pc_synth_population population;   /* default referred */
} pc_synth_options;

void pc_synth_options_default(pc_synth_options *out);
/* Checks every field; the message names the offending option. */
pc_status pc_synth_options_check(pc_ctx *ctx, const pc_synth_options *opt);

/* ---- latent truth of one case ------------------------------------------------------- */

typedef enum pc_synth_sex { PC_SYNTH_MALE = 0, PC_SYNTH_FEMALE = 1 } pc_synth_sex;
typedef enum pc_synth_stress { PC_SYNTH_STRESS_ADENOSINE = 0, PC_SYNTH_STRESS_EXERCISE } pc_synth_stress;
typedef enum pc_synth_revasc { PC_SYNTH_REVASC_NONE = 0, PC_SYNTH_REVASC_PCI, PC_SYNTH_REVASC_CABG } pc_synth_revasc;

/* Angiographic grade of the worst lesion in one vessel. */
typedef enum pc_synth_lesion_kind {
    PC_SYNTH_LESION_NONE = 0,        /* no lesion >= 50% */
    PC_SYNTH_LESION_NONSIGNIFICANT,  /* 50-70% with FFR >= 0.80: not flow-limiting (label 0) */
    PC_SYNTH_LESION_INTERMEDIATE,    /* 50-70% with FFR < 0.80: flow-limiting by the paper's rule */
    PC_SYNTH_LESION_SIGNIFICANT,     /* 70-95% */
    PC_SYNTH_LESION_OCCLUSION        /* 95-100% (critical or chronic total occlusion) */
} pc_synth_lesion_kind;

typedef enum pc_synth_site { PC_SYNTH_SITE_PROXIMAL = 0, PC_SYNTH_SITE_MID, PC_SYNTH_SITE_DISTAL } pc_synth_site;

typedef struct pc_synth_vessel {
    pc_synth_lesion_kind kind;
    int flow_limiting;         /* counts for the label (kind >= INTERMEDIATE) */
    double stenosis_pct;       /* 0 when kind == NONE */
    double ffr;                /* measured for 50-70% lesions, else 0 */
    pc_synth_site site;
    int branch;                /* 1: lesion in a side branch (diagonal, marginal, PDA): smaller bed */
    double bed_center_deg;     /* branch beds: angular centre and width inside the territory */
    double bed_width_deg;
    double bed_reach;          /* anatomical depth the bed reaches from the apex (0..1; 1 = base) */
    double collateral;         /* 0..1: share of the stress deficit collaterals make up */
    double stress_deficit;     /* tracer-uptake reduction in the bed core at stress, after
                                  collaterals and stress efficacy (0..0.7) */
    double rest_deficit;       /* the same at rest (critical stenosis only) */
    int revascularised;        /* stented or grafted earlier */
    /* scar (previous infarction in this territory) */
    int scar;
    double scar_depth;         /* uptake reduction in the scar core (0.2..0.7) */
    double scar_center_deg, scar_width_deg;
    double scar_from, scar_to; /* anatomical depth range (0 = apex, 1 = base) */
    /* model version 2: how the defect fades across its bed's border (bed.c) */
    double fade_core;          /* ischaemia: the fade's width as a share of the bed's deepest
                                  distance from its border (0.25..0.6), centred on the border */
    double fade_irregular;     /* how far the half-grade line wanders around the border (0.5..1 of
                                  0.12 disc radii): edges that are not straight */
    double fade_phase_deg;
    double scar_fade_core;     /* the same for the scar */
} pc_synth_vessel;

typedef struct pc_synth_patient {
    int model_version;         /* the options' model version: which physiology draws the maps */
    int index;                 /* 0-based position in the cohort */
    char case_id[16];          /* "c0001" */
    int label;                 /* 1 = flow-limiting CAD on angiography */
    pc_synth_sex sex;
    int age;
    double bmi;
    double chest_flatness;     /* men 0..1: wide flat chest, more diaphragmatic attenuation */
    double breast;             /* women 0..1: breast size/density index */
    pc_synth_stress stress;
    double stress_efficacy;    /* 0.4..1: achieved hyperaemia (submaximal exercise, caffeine) */
    int prior_mi;
    pc_synth_revasc prior_revasc;
    int hypertension, diabetes;   /* risk factors [S1 Table 1]; shape microvascular disease and hypertrophy */
    pc_ring_layout layout;     /* vendor sampling radii */
    pc_colormap colormap;
    pc_territory_jitter territory;
    int dominance;             /* 0 right, 1 co-dominant, 2 left */

    pc_synth_vessel vessel[PC_TERRITORY_COUNT];
    int left_main;             /* left-main stenosis >50% (LAD + LCx beds) */
    int diseased_vessels;      /* flow-limiting vessels (left main counts LAD and LCx) */
    int balanced;              /* multivessel disease with nearly equal deficits */

    /* non-coronary findings */
    int lbbb;
    double lbbb_stress, lbbb_rest;   /* septal uptake reduction */
    int microvascular;
    int mvd_patches;
    double mvd_depth[3], mvd_theta[3], mvd_depth_pos[3], mvd_size[3];
    int hypertrophy;
    double septal_gain;        /* septal uptake increase (hypertrophy) */

    /* normal uptake */
    double lateral_gain_nac, lateral_gain_ac, lateral_center_deg;
    double basal_septal_dip, basal_septal_width_deg;
    double apical_thinning;    /* NAC; AC adds ac_apical_extra */
    double rim_falloff;
    double hetero_amp[3], hetero_phase[3];   /* angular modes k = 2, 3, 4 */
    double hetero_radial;

    /* attenuation (NAC) and AC artefacts */
    double diaphragm_depth, diaphragm_width_deg, diaphragm_center_deg;
    double breast_depth[2], breast_center_deg[2], breast_width_deg;   /* [0] stress, [1] rest */
    double lateral_fat_depth;
    double ac_residual;        /* share of the NAC attenuation left after AC */
    double ac_apical_extra;
    double ac_inferior_gain;   /* AC over-correction of the inferior wall */
    double misreg_depth[2], misreg_center_deg[2];  /* AC misregistration, stress/rest */
    double extracardiac[2];    /* subdiaphragmatic activity next to the inferior wall, stress/rest */
    int fbp_notch[2];          /* the activity also carves a cold notch into the inferior wall */

    /* acquisition */
    double noise_sd[2];        /* relative count noise after smoothing, stress/rest */
    double blur_rho;           /* resolution (Gaussian sigma) in disc radii */

    /* differences between the stress and the rest acquisition [0] stress, [1] rest */
    double orient_rot_deg[2];  /* LV axis / reorientation: the map turns by this angle */
    double orient_scale[2];    /* apex-to-base extent the sampling covers (about 1) */
    double diaphragm_ratio[2]; /* diaphragm attenuation relative to its mean (breathing, position) */
    double motion_depth[2];    /* patient motion: opposing-wall ("hurricane") reductions */
    double motion_angle_deg[2];
    double creep_depth;        /* upward creep after exercise: inferior reduction at stress */
} pc_synth_patient;

/* Measured truth of a rendered study (from the noise-free maps; docs/synthetic.md). */
typedef struct pc_synth_summary {
    double isch_extent[PC_TERRITORY_COUNT];    /* % LV with stress - rest deficit >= 10% */
    double isch_severity[PC_TERRITORY_COUNT];  /* mean stress - rest deficit there (0..1) */
    double scar_extent[PC_TERRITORY_COUNT];    /* % LV with rest deficit >= 10% */
    double scar_severity[PC_TERRITORY_COUNT];
    double coronary_visible_pct;     /* % LV where coronary disease lowers the normalised stress
                                        AC map by >= 10 points (balanced disease hides here) */
    double noncoronary_visible_pct;  /* the same for LBBB, microvascular, hypertrophy */
    double attenuation_nac_pct;      /* % LV where NAC attenuation lowers the stress map >= 10 points */
    double artefact_ac_pct;          /* the same for the AC artefacts */
    int coronary_visible;            /* coronary_visible_pct >= 5 (about one segment) */
    int noncoronary_visible;
    char support[16];                /* "consistent", "ambiguous", "contradicts" */
    char why[256];                   /* reasons when not consistent, ';'-separated */
} pc_synth_summary;

/* Where the disc sits in each written image (tests and preprocessing use it). */
enum { PC_SYNTH_MAX_DISCS = 4 };
typedef struct pc_synth_placement {
    int width, height;         /* image size */
    double cx, cy, radius;     /* disc centre and radius in pixels (of the file's own map) */
    uint8_t background[3];
    int overlay;               /* 1: a 17-segment grid is drawn over the disc (screenshot style) */
    /* screenshot style only (0 in exports): */
    int capture;               /* pc_synth_capture of this image */
    int discs;                 /* maps in the image: 1, 2 (pair) or 4 (quad) */
    pc_disc disc[PC_SYNTH_MAX_DISCS];   /* every map in the image in reading order */
    int own;                   /* index in disc[] of the file's own map */
    int clipped;               /* 1: a disc runs over the image edge (cut) */
} pc_synth_placement;

typedef struct pc_synth_study {
    pc_image maps[PC_MAP_COUNT];               /* RGB, owned */
    pc_synth_placement placement[PC_MAP_COUNT];
    pc_synth_summary summary;
    /* noise-free relative counts per segment (index 1..17; 0 unused), after normalisation */
    double segment_uptake[PC_MAP_COUNT][PC_SEGMENT_COUNT + 1];
} pc_synth_study;

/* ---- cohort plan ---------------------------------------------------------------------- */

typedef struct pc_synth_case_plan {
    int label;
    pc_synth_sex sex;
    int prior_mi;
    pc_synth_revasc prior_revasc;
} pc_synth_case_plan;

typedef struct pc_synth_plan {
    pc_synth_options options;
    pc_synth_case_plan *cases;   /* (options.cases) */
} pc_synth_plan;

/* Draws the cohort-level assignments (exact counts). Free with pc_synth_plan_free. */
pc_status pc_synth_plan_create(pc_ctx *ctx, const pc_synth_options *opt, pc_synth_plan **out);
void pc_synth_plan_free(pc_synth_plan *plan);

/* Samples case `index` (0-based) of the plan. Deterministic in (seed, index, plan). */
void pc_synth_patient_sample(const pc_synth_plan *plan, int index, pc_synth_patient *out);

/* Renders the four maps of a patient in the plan's style, size and format-independent RGB
 * (encoding is the writer's), with its measured truth. */
pc_status pc_synth_study_render(pc_ctx *ctx, const pc_synth_plan *plan, const pc_synth_patient *patient,
                                pc_synth_study *out);
void pc_synth_study_free(pc_synth_study *study);

/* ---- cohort folder ---------------------------------------------------------------------- */

/* Runs task(arg, i, task_ctx) for i in [0, n) and returns the first failure (its message
 * copied into ctx). A NULL runner runs serially with ctx. The CLI passes a thread pool
 * that gives each thread its own context; results never depend on the order. */
typedef pc_status (*pc_synth_task_fn)(void *arg, int i, pc_ctx *task_ctx);
typedef pc_status (*pc_synth_runner_fn)(void *runner_data, pc_ctx *ctx, int n, pc_synth_task_fn task, void *arg);

/* Writes the whole cohort to dir (manifest.csv, truth.csv, segments.csv, layout.csv and one
 * folder per case) through a temporary folder beside it that is renamed at the end; on
 * any failure nothing is left behind. dir must not exist or be an empty folder. */
pc_status pc_synth_cohort_write(pc_ctx *ctx, const char *dir, const pc_synth_options *opt,
                                pc_synth_runner_fn runner, void *runner_data);

/* The contact sheet: every case of the cohort as four maps side by side with its label
 * and a one-line truth. *out is a new image. */
pc_status pc_synth_gallery_render(pc_ctx *ctx, const pc_synth_options *opt, pc_image *out);

/* One-line human summary of a case's truth ("LAD prox 85% isch 14% | NAC inf atten"). */
void pc_synth_truth_line(const pc_synth_patient *p, const pc_synth_summary *s, char *buf, int size);

#endif
