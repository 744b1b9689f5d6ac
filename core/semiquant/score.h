/* score.h: segment scores, SSS/SRS/SDS, TPD, territories and the calls.
 *
 * Segment score (0..4, docs/domain.md 4.1-4.2), from the segment's value v (its mean
 * relative count, or its minimum) and the normal group's mean mu and SD for that segment:
 *   - normal limit: z = (mu - v) / max(SD, sd_floor); z < normal_limit_sd (2.5) scores 0.
 *     2-2.5 SD is the usual automatic normal limit (docs/domain.md 4.2);
 *   - below the limit, the severity comes from v as a percentage of mu, in the bands of the
 *     severity grades of docs/domain.md 3.3 (mild 60-75%, moderate 45-60%, severe 30-45%,
 *     absent < 30% of peak) re-expressed against a normal segment of about 80% of peak:
 *     >= 75% of normal scores 1, >= 56% 2, >= 37.5% 3, below that 4.
 * The limits are parameters (pc_semiq_config); docs/semiquant.md records how the
 * defaults were calibrated (normal studies score SSS 0-3).
 *
 * SSS / SRS: sums of the 17 stress / rest scores (0..68). SDS = SSS - SRS (docs/domain.md
 * 4.1: the sum of stress - rest over segments; negative when rest is worse).
 * TPD (docs/domain.md 4.4): every polar-grid sample below its normal limit gets a
 * continuous severity 4 * (1 - v / mu) / (1 - 0.375), capped at 4 (so a sample at the
 * "absent" level has severity 4, as the segment scores); TPD = sum of severity x area /
 * (4 x total area), in % of the map. Ischaemic TPD = stress TPD - rest TPD.
 * Territories: sums over the AHA assignment of polar/geometry.h.
 * Calls (1 = CAD) per correction:
 *   paper: SSS > a and SDS > b, with (a, b) = (3, 1) for NAC and (0, 0) for AC (the seed
 *          paper's criteria, docs/domain.md 4.5);
 *   sss:   SSS >= 4;  sds: SDS >= 2;  tpd: stress TPD >= 5% (docs/domain.md 4.3-4.4). */
#ifndef PC_SEMIQUANT_SCORE_H
#define PC_SEMIQUANT_SCORE_H

#include "normals.h"

typedef enum pc_correction { PC_CORRECTION_NAC = 0, PC_CORRECTION_AC, PC_CORRECTION_COUNT } pc_correction;

/* "NAC", "AC". */
const char *pc_correction_name(pc_correction c);
/* The stress and rest maps of a correction. */
pc_map pc_correction_stress(pc_correction c);
pc_map pc_correction_rest(pc_correction c);

typedef enum pc_segment_value { PC_SEGMENT_VALUE_MEAN = 0, PC_SEGMENT_VALUE_MIN } pc_segment_value;

typedef struct pc_semiq_config {
    pc_segment_value value;          /* which segment value is scored (mean) */
    double normal_limit_sd;          /* z at which a segment or sample becomes abnormal (2.5) */
    double sd_floor;                 /* smallest SD used, in percentage points (2.0) */
    double band[3];                  /* % of normal mean separating scores 1|2, 2|3, 3|4 (75, 56, 37.5) */
    int min_sex_normals;             /* normals a sex group needs before it is used (10) */
    int paper_sss_over[PC_CORRECTION_COUNT];   /* paper call: SSS > this ... (NAC 3, AC 0) */
    int paper_sds_over[PC_CORRECTION_COUNT];   /* ... and SDS > this (NAC 1, AC 0) */
    int sss_at_least;                /* 4 */
    int sds_at_least;                /* 2 */
    double tpd_at_least;             /* 5.0 (% of LV) */
} pc_semiq_config;

void pc_semiq_config_default(pc_semiq_config *config);

typedef struct pc_map_scores {
    int present;
    int score[PC_SEGMENT_COUNT];              /* index segment - 1 */
    float z[PC_SEGMENT_COUNT];                /* SDs below the normal mean (NAN if unknown) */
    float percent_of_normal[PC_SEGMENT_COUNT];
    int sum;                                  /* summed score */
    double tpd;                               /* % of the map */
    int missing;                              /* segments without pixels or normals (scored 0) */
    pc_sex normals_group;                     /* which group was used (UNKNOWN = pooled) */
    int normals_n;                            /* its size */
} pc_map_scores;

typedef struct pc_correction_scores {
    int present;                              /* both maps of the correction were scored */
    int sss, srs, sds;
    double tpd_stress, tpd_rest, tpd_ischaemic;
    int territory_sss[PC_TERRITORY_COUNT], territory_srs[PC_TERRITORY_COUNT], territory_sds[PC_TERRITORY_COUNT];
    int call_paper, call_sss, call_sds, call_tpd;   /* 1 = CAD */
} pc_correction_scores;

typedef struct pc_semiq_result {
    pc_map_scores map[PC_MAP_COUNT];
    pc_correction_scores corr[PC_CORRECTION_COUNT];
} pc_semiq_result;

/* Scores a study against a normal database. Fails when the study was sampled with a
 * different ring layout, or a map present in the study has fewer than 2 normals. */
pc_status pc_semiq_score(pc_ctx *ctx, const pc_normals *normals, const pc_study_features *study,
                         const pc_semiq_config *config, pc_semiq_result *out);

/* Score of one value against a normal mean and SD (the rule above); *z_out may be NULL. */
int pc_semiq_segment_score(const pc_semiq_config *config, double value, double mean, double sd, double *z_out);

#endif
