/* cohort.c: options, the cohort plan (exact counts) and writing the cohort folder.
 *
 * The plan fixes, over the whole cohort, how many cases have each label, sex, previous
 * infarction and previous revascularisation, so the default cohort has exactly the
 * paper's 152 CAD / 64 no CAD, 88% men, 20% previous MI and 36% previous PCI/CABG
 * (Table 1 of [S1]). Everything else is drawn per case (patient.c).
 *
 * The folder is built in a temporary sibling folder and renamed into place at the end:
 * a failure (bad path, full disk) leaves nothing behind. Files:
 *   manifest.csv   the manifest of docs/pipeline.md 3 + sex, age, colormap, layout, style
 *   truth.csv      the latent truth of every case and whether the images support its label
 *   segments.csv   noise-free relative uptake per map and segment (augmentation-safe truth)
 *   layout.csv     where the disc is in every image
 *   README.txt     what this is (synthetic, not patient data), seed and model version
 *   <case>/{stress_nac,rest_nac,stress_ac,rest_ac}.png|jpg */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/text.h"
#include "../image/encode.h"
#include "../base/file.h"
#include "detmath.h"
#include "model.h"

/* Table 1 of [S1] and conditional splits by label (estimates; docs/synthetic.md). */
#define P_MALE 0.88
#define P_MI_GIVEN_CAD 0.2415      /* with 0.10 below: 20% overall at the seed's 70.4% prevalence */
#define P_MI_GIVEN_NO_CAD 0.10
#define P_REVASC_GIVEN_CAD 0.385   /* with 0.30 below: 36% overall */
#define P_REVASC_GIVEN_NO_CAD 0.30
#define P_REVASC_AFTER_MI 0.70     /* an infarct is usually treated by PCI or CABG (estimate) */
#define P_CABG 0.30
/* Low-likelihood normals: vendors recruit both sexes in equal numbers (QPS: 40 men and 40
 * women [domain 4.2]; docs/synthetic.md, "Low-likelihood population"). */
#define P_MALE_LOW_LIKELIHOOD 0.50

void pc_synth_options_default(pc_synth_options *out)
{
    memset(out, 0, sizeof *out);
    out->cases = PC_SYNTH_DEFAULT_CASES;
    out->seed = 1;
    out->prevalence = PC_SYNTH_DEFAULT_PREVALENCE;
    out->format = PC_SYNTH_FORMAT_PNG;
    out->jpeg_quality = 90;
    out->style = PC_SYNTH_STYLE_EXPORT;
    out->colormap = PC_COLORMAP_COOL;
    out->layout = PC_RINGS_EQUAL_WIDTH;
    out->size = PC_SYNTH_DEFAULT_SIZE;
    out->model_version = PC_SYNTH_MODEL_LATEST;
    out->population = PC_SYNTH_POPULATION_REFERRED;
}

const char *pc_synth_population_name(pc_synth_population population)
{
    return population == PC_SYNTH_POPULATION_LOW_LIKELIHOOD ? "low-likelihood" : "referred";
}

int pc_synth_population_parse(const char *text, pc_synth_population *out)
{
    if (!text) return 0;
    if (strcmp(text, "referred") == 0) *out = PC_SYNTH_POPULATION_REFERRED;
    else if (strcmp(text, "low-likelihood") == 0) *out = PC_SYNTH_POPULATION_LOW_LIKELIHOOD;
    else return 0;
    return 1;
}

pc_status pc_synth_options_check(pc_ctx *ctx, const pc_synth_options *opt)
{
    if (!opt) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "synth: no options given");
    if (opt->cases < 1 || opt->cases > PC_SYNTH_MAX_CASES)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "--cases must be from 1 to %d (got %d)", PC_SYNTH_MAX_CASES,
                       opt->cases);
    if (!(opt->prevalence >= 0.0 && opt->prevalence <= 1.0))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "--prevalence must be from 0 to 1 (got %g)", opt->prevalence);
    if (opt->format != PC_SYNTH_FORMAT_PNG && opt->format != PC_SYNTH_FORMAT_JPEG)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "--format must be png or jpg");
    if (opt->jpeg_quality < 1 || opt->jpeg_quality > 100)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "--jpeg-quality must be from 1 to 100 (got %d)",
                       opt->jpeg_quality);
    if (opt->style != PC_SYNTH_STYLE_EXPORT && opt->style != PC_SYNTH_STYLE_SCREENSHOT)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "--style must be export or screenshot");
    if (opt->colormap != PC_SYNTH_MIXED && (opt->colormap < 0 || opt->colormap >= PC_COLORMAP_COUNT))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "unknown colour table %d (use %s or mixed)", opt->colormap,
                       pc_colormap_names());
    if (opt->layout != PC_SYNTH_MIXED && (opt->layout < 0 || opt->layout >= PC_RINGS_COUNT))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "unknown ring layout %d", opt->layout);
    if (opt->size < PC_SYNTH_MIN_SIZE || opt->size > PC_SYNTH_MAX_SIZE)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "--size must be from %d to %d px (got %d)", PC_SYNTH_MIN_SIZE,
                       PC_SYNTH_MAX_SIZE, opt->size);
    if (opt->capture != PC_SYNTH_MIXED && (opt->capture < 0 || opt->capture >= PC_SYNTH_CAPTURE_COUNT))
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "unknown --capture %d", opt->capture);
    if (opt->capture != PC_SYNTH_CAPTURE_VIEWER && opt->style != PC_SYNTH_STYLE_SCREENSHOT)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "--capture %s needs --style screenshot",
                       pc_synth_capture_name(opt->capture));
    if (opt->model_version < PC_SYNTH_MODEL_FIRST || opt->model_version > PC_SYNTH_MODEL_LATEST)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "--model-version must be from %d to %d (got %d)",
                       PC_SYNTH_MODEL_FIRST, PC_SYNTH_MODEL_LATEST, opt->model_version);
    if (opt->population != PC_SYNTH_POPULATION_REFERRED && opt->population != PC_SYNTH_POPULATION_LOW_LIKELIHOOD)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "unknown --population %d", (int)opt->population);
    if (opt->population == PC_SYNTH_POPULATION_LOW_LIKELIHOOD && opt->model_version < 2)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "--population low-likelihood needs --model-version 2 or later");
    return PC_STATUS_OK;
}

/* ---- plan -------------------------------------------------------------------------------- */

static int round_count(double x)
{
    return (int)(x + 0.5);
}

static void shuffle(pc_rng *rng, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)pc_rng_below(rng, (uint32_t)(i + 1));
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

/* History within one label group (members[0..n)): exact MI and revascularisation counts,
 * revascularisation preferring the infarct patients. */
static void assign_history(pc_rng *rng, pc_synth_case_plan *cases, int *members, int n, double p_mi, double p_rv)
{
    int n_mi = round_count(n * p_mi), n_rv = round_count(n * p_rv);
    shuffle(rng, members, n);
    for (int k = 0; k < n_mi && k < n; k++) cases[members[k]].prior_mi = 1;
    int given = 0;
    for (int k = 0; k < n && given < n_rv; k++)   /* infarct patients first, each with P 0.7 */
        if (cases[members[k]].prior_mi && pc_dm_chance(rng, P_REVASC_AFTER_MI)) {
            cases[members[k]].prior_revasc = PC_SYNTH_REVASC_PCI;
            given++;
        }
    shuffle(rng, members, n);
    for (int k = 0; k < n && given < n_rv; k++)
        if (!cases[members[k]].prior_mi && cases[members[k]].prior_revasc == PC_SYNTH_REVASC_NONE) {
            cases[members[k]].prior_revasc = PC_SYNTH_REVASC_PCI;
            given++;
        }
    for (int k = 0; k < n; k++)
        if (cases[members[k]].prior_revasc != PC_SYNTH_REVASC_NONE && pc_dm_chance(rng, P_CABG))
            cases[members[k]].prior_revasc = PC_SYNTH_REVASC_CABG;
}

pc_status pc_synth_plan_create(pc_ctx *ctx, const pc_synth_options *opt, pc_synth_plan **out)
{
    pc_status status = pc_synth_options_check(ctx, opt);
    if (status) return status;
    int n = opt->cases;
    pc_synth_plan *plan = calloc(1, sizeof *plan);
    int *order = malloc(sizeof(int) * (size_t)n);
    int *group = malloc(sizeof(int) * (size_t)n);
    if (plan) plan->cases = calloc((size_t)n, sizeof *plan->cases);
    if (!plan || !plan->cases || !order || !group) {
        free(order);
        free(group);
        pc_synth_plan_free(plan);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "synth: out of memory for a plan of %d cases", n);
    }
    plan->options = *opt;
    pc_rng rng;
    pc_rng_seed(&rng, opt->seed, SYNTH_STREAM_PLAN);
    /* Low-likelihood people have no CAD and no cardiac history: only the sexes are planned. */
    int low = opt->population == PC_SYNTH_POPULATION_LOW_LIKELIHOOD;
    int n_cad = low ? 0 : round_count(n * opt->prevalence);
    int n_male = round_count(n * (low ? P_MALE_LOW_LIKELIHOOD : P_MALE));
    for (int i = 0; i < n; i++) order[i] = i;
    shuffle(&rng, order, n);
    for (int k = 0; k < n_cad; k++) plan->cases[order[k]].label = 1;
    shuffle(&rng, order, n);
    for (int k = 0; k < n; k++) plan->cases[order[k]].sex = k < n_male ? PC_SYNTH_MALE : PC_SYNTH_FEMALE;
    for (int label = 1; label >= 0 && !low; label--) {
        int m = 0;
        for (int i = 0; i < n; i++)
            if (plan->cases[i].label == label) group[m++] = i;
        assign_history(&rng, plan->cases, group, m, label ? P_MI_GIVEN_CAD : P_MI_GIVEN_NO_CAD,
                       label ? P_REVASC_GIVEN_CAD : P_REVASC_GIVEN_NO_CAD);
    }
    free(order);
    free(group);
    *out = plan;
    return PC_STATUS_OK;
}

void pc_synth_plan_free(pc_synth_plan *plan)
{
    if (!plan) return;
    free(plan->cases);
    free(plan);
}

/* ---- names and the one-line truth ------------------------------------------------------ */

static const char *lesion_name(pc_synth_lesion_kind k)
{
    static const char *const names[] = {"none", "nonsignificant", "intermediate", "significant", "occlusion"};
    return k >= 0 && k <= PC_SYNTH_LESION_OCCLUSION ? names[k] : "?";
}

static const char *site_name(pc_synth_site s)
{
    return s == PC_SYNTH_SITE_PROXIMAL ? "proximal" : s == PC_SYNTH_SITE_MID ? "mid" : "distal";
}

static const char *revasc_name(pc_synth_revasc r)
{
    return r == PC_SYNTH_REVASC_PCI ? "pci" : r == PC_SYNTH_REVASC_CABG ? "cabg" : "none";
}

static const char *dominance_name(int d)
{
    return d == 0 ? "right" : d == 1 ? "codominant" : "left";
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void appendf(char *buf, int size, const char *fmt, ...)
{
    size_t n = strlen(buf);
    if ((int)n >= size - 1) return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(buf + n, (size_t)size - n, fmt, args);
    va_end(args);
}

void pc_synth_truth_line(const pc_synth_patient *p, const pc_synth_summary *s, char *buf, int size)
{
    static const char *const short_site[] = {"prox", "mid", "dist"};
    buf[0] = '\0';
    if (p->left_main) appendf(buf, size, "LM %.0f%% ", p->vessel[PC_TERRITORY_LAD].stenosis_pct);
    for (int t = 0; t < PC_TERRITORY_COUNT; t++) {
        const pc_synth_vessel *v = &p->vessel[t];
        if (!v->flow_limiting || (p->left_main && t != PC_TERRITORY_RCA)) continue;
        appendf(buf, size, "%s %s%s %.0f%% ", pc_territory_name((pc_territory)t), short_site[v->site],
                v->branch ? " br" : "", v->stenosis_pct);
    }
    for (int kind = 0; kind < 2; kind++) {   /* "isch LAD 14% RCA 6% scar RCA 20%" */
        const double *extent = kind ? s->scar_extent : s->isch_extent;
        int first = 1;
        for (int t = 0; t < PC_TERRITORY_COUNT; t++)
            if (extent[t] >= 1.0) {
                appendf(buf, size, "%s%s %.0f%% ", first ? (kind ? "scar " : "isch ") : "",
                        pc_territory_name((pc_territory)t), extent[t]);
                first = 0;
            }
    }
    if (p->balanced) appendf(buf, size, "balanced ");
    if (p->lbbb) appendf(buf, size, "LBBB ");
    if (p->microvascular) appendf(buf, size, "MVD ");
    if (p->hypertrophy) appendf(buf, size, "LVH ");
    if (s->attenuation_nac_pct >= 5.0) appendf(buf, size, "NAC atten %.0f%% ", s->attenuation_nac_pct);
    if (s->artefact_ac_pct >= 5.0) appendf(buf, size, "AC artef %.0f%% ", s->artefact_ac_pct);
    if (!buf[0]) appendf(buf, size, "normal ");
    if (strcmp(s->support, "consistent") != 0) appendf(buf, size, "| %s: %s", s->support, s->why);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == ' ') buf[--n] = '\0';
}

/* ---- writing ----------------------------------------------------------------------------- */

typedef struct case_result {
    pc_synth_patient patient;
    pc_synth_summary summary;
    pc_synth_placement placement[PC_MAP_COUNT];
    double segment_uptake[PC_MAP_COUNT][PC_SEGMENT_COUNT + 1];
} case_result;

typedef struct write_job {
    const pc_synth_plan *plan;
    const char *folder;        /* the temporary folder */
    case_result *results;      /* (cases) */
} write_job;

static const char *extension(const pc_synth_options *opt)
{
    return opt->format == PC_SYNTH_FORMAT_JPEG ? "jpg" : "png";
}

static char *join3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s/%s%s%s", a, b, c[0] ? "/" : "", c);
    return s;
}

static pc_status write_case(void *arg, int i, pc_ctx *ctx)
{
    write_job *job = arg;
    const pc_synth_options *opt = &job->plan->options;
    case_result *r = &job->results[i];
    pc_synth_patient_sample(job->plan, i, &r->patient);
    pc_synth_study study = {0};
    pc_status status = pc_synth_study_render(ctx, job->plan, &r->patient, &study);
    if (status) return status;
    r->summary = study.summary;
    memcpy(r->placement, study.placement, sizeof r->placement);
    memcpy(r->segment_uptake, study.segment_uptake, sizeof r->segment_uptake);
    char *dir = join3(job->folder, r->patient.case_id, "");
    if (!dir) status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory");
    else status = pc_dir_create(ctx, dir);
    for (int m = 0; m < PC_MAP_COUNT && status == PC_STATUS_OK; m++) {
        char name[32];
        snprintf(name, sizeof name, "%s.%s", pc_map_name((pc_map)m), extension(opt));
        char *path = join3(dir, name, "");
        uint8_t *bytes = NULL;
        size_t size = 0;
        if (!path) { status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory"); break; }
        status = opt->format == PC_SYNTH_FORMAT_JPEG
                     ? pc_image_encode_jpeg(ctx, &study.maps[m], opt->jpeg_quality, &bytes, &size)
                     : pc_image_encode_png(ctx, &study.maps[m], &bytes, &size);
        if (status == PC_STATUS_OK) status = pc_file_write(ctx, path, bytes, size);
        free(bytes);
        free(path);
    }
    free(dir);
    pc_synth_study_free(&study);
    return status;
}

static pc_status save_text(pc_ctx *ctx, pc_text *t, const char *folder, const char *name)
{
    pc_status status;
    char *path = join3(folder, name, "");
    if (t->failed || !path) status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", name);
    else status = pc_file_write(ctx, path, t->s ? t->s : "", t->len);
    free(path);
    pc_text_free(t);
    return status;
}

static pc_status write_tables(pc_ctx *ctx, const pc_synth_plan *plan, const char *folder, const case_result *results)
{
    const pc_synth_options *opt = &plan->options;
    int n = opt->cases;
    const char *ext = extension(opt);
    pc_text t = {0};
    pc_status status;

    pc_text_printf(&t, "case_id,label,stress_nac,rest_nac,stress_ac,rest_ac,sex,age,colormap,layout,style\n");
    for (int i = 0; i < n; i++) {
        const pc_synth_patient *p = &results[i].patient;
        const char *id = p->case_id;
        pc_text_printf(&t, "%s,%d,%s/stress_nac.%s,%s/rest_nac.%s,%s/stress_ac.%s,%s/rest_ac.%s,%s,%d,%s,%s,%s\n", id, p->label, id,
            ext, id, ext, id, ext, id, ext, p->sex == PC_SYNTH_MALE ? "M" : "F", p->age, pc_colormap_name(p->colormap),
            pc_ring_layout_name(p->layout), opt->style == PC_SYNTH_STYLE_SCREENSHOT ? "screenshot" : "export");
    }
    if ((status = save_text(ctx, &t, folder, "manifest.csv"))) return status;

    pc_text_printf(&t, "case_id,label,sex,age,bmi,hypertension,diabetes,stress,stress_efficacy,prior_mi,prior_revasc,"
            "dominance,lad_wrap,apex_supply,layout,colormap");
    static const char *const vn[3] = {"lad", "lcx", "rca"};
    for (int v = 0; v < 3; v++)
        pc_text_printf(&t, ",%s_lesion,%s_stenosis,%s_ffr,%s_site,%s_branch,%s_collateral,%s_stress_deficit,%s_rest_deficit,"
                "%s_revascularised,%s_scar_depth,%s_isch_extent,%s_isch_severity,%s_scar_extent,%s_scar_severity",
            vn[v], vn[v], vn[v], vn[v], vn[v], vn[v], vn[v], vn[v], vn[v], vn[v], vn[v], vn[v], vn[v], vn[v]);
    pc_text_printf(&t, ",left_main,diseased_vessels,balanced,lbbb,lbbb_stress,lbbb_rest,microvascular,hypertrophy,"
            "nac_inferior_depth,nac_breast_depth_stress,nac_breast_depth_rest,nac_lateral_depth,ac_residual,"
            "ac_apical_extra,misreg_stress,misreg_rest,extracardiac_stress,extracardiac_rest,noise_stress,noise_rest,"
            "blur_rho,coronary_visible_pct,noncoronary_visible_pct,attenuation_nac_pct,artefact_ac_pct,"
            "images_support_label,why,model_version\n");
    for (int i = 0; i < n; i++) {
        const pc_synth_patient *p = &results[i].patient;
        const pc_synth_summary *s = &results[i].summary;
        pc_text_printf(&t, "%s,%d,%s,%d,%.1f,%d,%d,%s,%.3f,%d,%s,%s,%.2f,%s,%s,%s", p->case_id, p->label,
            p->sex == PC_SYNTH_MALE ? "M" : "F", p->age, p->bmi, p->hypertension, p->diabetes,
            p->stress == PC_SYNTH_STRESS_ADENOSINE ? "adenosine" : "exercise", p->stress_efficacy, p->prior_mi,
            revasc_name(p->prior_revasc), dominance_name(p->dominance), p->territory.lad_wrap,
            pc_territory_name(p->territory.apex), pc_ring_layout_name(p->layout), pc_colormap_name(p->colormap));
        for (int v = 0; v < 3; v++) {
            const pc_synth_vessel *x = &p->vessel[v];
            pc_text_printf(&t, ",%s,%.0f,%.2f,%s,%d,%.2f,%.3f,%.3f,%d,%.3f,%.1f,%.3f,%.1f,%.3f", lesion_name(x->kind),
                x->stenosis_pct, x->ffr, x->kind == PC_SYNTH_LESION_NONE ? "" : site_name(x->site), x->branch,
                x->collateral, x->stress_deficit, x->rest_deficit, x->revascularised, x->scar ? x->scar_depth : 0.0,
                s->isch_extent[v], s->isch_severity[v], s->scar_extent[v], s->scar_severity[v]);
        }
        pc_text_printf(&t, ",%d,%d,%d,%d,%.3f,%.3f,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.4f,%.4f,%.4f",
            p->left_main, p->diseased_vessels, p->balanced, p->lbbb, p->lbbb_stress, p->lbbb_rest, p->microvascular,
            p->hypertrophy, p->diaphragm_depth, p->breast_depth[0], p->breast_depth[1], p->lateral_fat_depth,
            p->ac_residual, p->ac_apical_extra, p->misreg_depth[0], p->misreg_depth[1], p->extracardiac[0],
            p->extracardiac[1], p->noise_sd[0], p->noise_sd[1], p->blur_rho);
        pc_text_printf(&t, ",%.1f,%.1f,%.1f,%.1f,%s,\"%s\",%d\n", s->coronary_visible_pct, s->noncoronary_visible_pct,
            s->attenuation_nac_pct, s->artefact_ac_pct, s->support, s->why, p->model_version);
    }
    if ((status = save_text(ctx, &t, folder, "truth.csv"))) return status;

    pc_text_printf(&t, "case_id,map,segment,territory,uptake_pct\n");
    for (int i = 0; i < n; i++)
        for (int m = 0; m < PC_MAP_COUNT; m++)
            for (int seg = 1; seg <= PC_SEGMENT_COUNT; seg++)
                pc_text_printf(&t, "%s,%s,%d,%s,%.1f\n", results[i].patient.case_id, pc_map_name((pc_map)m), seg,
                    pc_territory_name(pc_segment_territory(seg)), 100.0 * results[i].segment_uptake[m][seg]);
    if ((status = save_text(ctx, &t, folder, "segments.csv"))) return status;

    /* Screenshots add what they show and every disc in reading order ("cx cy r;..."); the
     * export layout keeps its columns. */
    int shots = opt->style == PC_SYNTH_STYLE_SCREENSHOT;
    pc_text_printf(&t, "case_id,map,file,width,height,cx,cy,radius,background,overlay%s\n",
                   shots ? ",capture,discs,own,clipped,all_discs" : "");
    for (int i = 0; i < n; i++)
        for (int m = 0; m < PC_MAP_COUNT; m++) {
            const pc_synth_placement *pl = &results[i].placement[m];
            pc_text_printf(&t, "%s,%s,%s/%s.%s,%d,%d,%.2f,%.2f,%.2f,#%02x%02x%02x,%d", results[i].patient.case_id,
                pc_map_name((pc_map)m), results[i].patient.case_id, pc_map_name((pc_map)m), ext, pl->width, pl->height,
                pl->cx, pl->cy, pl->radius, pl->background[0], pl->background[1], pl->background[2], pl->overlay);
            if (shots) {
                pc_text_printf(&t, ",%s,%d,%d,%d,", pc_synth_capture_name(pl->capture), pl->discs, pl->own, pl->clipped);
                for (int k = 0; k < pl->discs; k++)
                    pc_text_printf(&t, "%s%.2f %.2f %.2f", k ? ";" : "", pl->disc[k].cx, pl->disc[k].cy,
                                   pl->disc[k].radius);
            }
            pc_text_printf(&t, "\n");
        }
    if ((status = save_text(ctx, &t, folder, "layout.csv"))) return status;

    int n_cad = 0, n_male = 0;
    for (int i = 0; i < n; i++) {
        n_cad += results[i].patient.label;
        n_male += results[i].patient.sex == PC_SYNTH_MALE;
    }
    pc_text_printf(&t,
        "SYNTHETIC DATA - NOT PATIENT DATA - NOT FOR DIAGNOSIS\n\n"
        "Made by polarcad synth (model version %d%s), seed %llu: %d cases, %d CAD (label 1) and %d no CAD,\n"
        "%d men. Every image was generated from a model of myocardial perfusion (docs/synthetic.md);\n"
        "no real patient contributed to it. truth.csv holds the latent truth of every case,\n"
        "segments.csv the noise-free uptake per segment, layout.csv where the disc is in each image.\n",
        opt->model_version, opt->population == PC_SYNTH_POPULATION_LOW_LIKELIHOOD ? ", low-likelihood population" : "",
        (unsigned long long)opt->seed, n, n_cad, n - n_cad, n_male);
    return save_text(ctx, &t, folder, "README.txt");
}

static pc_status run_serial(void *runner_data, pc_ctx *ctx, int n, pc_synth_task_fn task, void *arg)
{
    (void)runner_data;
    for (int i = 0; i < n; i++) {
        pc_status status = task(arg, i, ctx);
        if (status) return status;
    }
    return PC_STATUS_OK;
}

pc_status pc_synth_cohort_write(pc_ctx *ctx, const char *dir, const pc_synth_options *opt,
                                pc_synth_runner_fn runner, void *runner_data)
{
    if (!dir || !dir[0]) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "synth: no output folder given (--out DIR)");
    pc_status status = pc_synth_options_check(ctx, opt);
    if (status) return status;
    pc_path_kind kind = pc_path_kind_of(ctx, dir);
    if (kind == PC_PATH_ERROR) return pc_ctx_last_status(ctx);
    if (kind == PC_PATH_FILE) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s: exists and is not a folder", dir);
    if (kind == PC_PATH_DIR)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT,
                       "%s: folder exists and is not empty; give a new or empty folder (nothing was written)", dir);

    pc_synth_plan *plan = NULL;
    if ((status = pc_synth_plan_create(ctx, opt, &plan))) return status;
    char *folder = NULL;
    case_result *results = calloc((size_t)opt->cases, sizeof *results);
    if (!results) {
        pc_synth_plan_free(plan);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "synth: out of memory for %d cases", opt->cases);
    }
    status = pc_dir_create_temp(ctx, dir, &folder);
    if (status == PC_STATUS_OK) {
        write_job job = {plan, folder, results};
        status = (runner ? runner : run_serial)(runner_data, ctx, opt->cases, write_case, &job);
        if (status == PC_STATUS_OK) status = write_tables(ctx, plan, folder, results);
        if (status == PC_STATUS_OK) status = pc_dir_commit(ctx, folder, dir);
        if (status) {
            /* keep the first message: removal problems are secondary */
            pc_ctx *scratch = pc_ctx_create();
            pc_dir_remove_tree(scratch, folder);
            pc_ctx_free(scratch);
        }
    }
    free(folder);
    free(results);
    pc_synth_plan_free(plan);
    return status;
}
