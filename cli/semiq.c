/* semiq.c: shared parts of the score, normals and preprocess commands (see semiq.h). */
#define _POSIX_C_SOURCE 200809L
#include "semiq.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const semiq_options_help =
    "  --layout equal-width|equal-area   ring layout of the 17 segments (equal-width)\n"
    "  --colormap NAME      force a colour table instead of detecting it (gray, thermal, cool,\n"
    "                       cequal, siemens, spet)\n"
    "  --value mean|min     segment value that is scored (mean)\n"
    "  --normal-limit SD    SDs below the normal mean where a segment turns abnormal (2.5)\n"
    "  --sd-floor PTS       smallest normal SD used, in percentage points (2)\n"
    "  --bands A,B,C        % of the normal mean separating scores 1|2, 2|3, 3|4 (75,56,37.5)\n"
    "  --min-sex-normals N  normals a sex group needs before it is used instead of all (10)\n"
    "  --paper-nac A,B      paper call on NAC: SSS > A and SDS > B (3,1)\n"
    "  --paper-ac A,B       paper call on AC: SSS > A and SDS > B (0,0)\n"
    "  --sss N  --sds N  --tpd PCT   the clinical calls SSS >= N (4), SDS >= N (2), stress TPD >= PCT (5)\n"
    "  --threads N          threads for loading images (2)\n";

int semiq_options(semiq_args *a, cli_option *o)
{
    const cli_option list[SEMIQ_OPTION_COUNT] = {
        {"layout", &a->layout, NULL},       {"colormap", &a->colormap, NULL},
        {"value", &a->value, NULL},         {"normal-limit", &a->normal_limit, NULL},
        {"sd-floor", &a->sd_floor, NULL},   {"bands", &a->bands, NULL},
        {"min-sex-normals", &a->min_sex_normals, NULL},
        {"paper-nac", &a->paper_nac, NULL}, {"paper-ac", &a->paper_ac, NULL},
        {"sss", &a->sss, NULL},             {"sds", &a->sds, NULL},
        {"tpd", &a->tpd, NULL},             {"threads", &a->threads, NULL},
    };
    memcpy(o, list, sizeof list);
    return SEMIQ_OPTION_COUNT;
}

/* Parses "x[,y[,z]]" into exactly n numbers in [lo, hi]. */
static int parse_numbers(const char *command, const char *option, const char *text, int n, double lo, double hi,
                         double *out)
{
    const char *p = text;
    for (int i = 0; i < n; i++) {
        char *end = NULL;
        errno = 0;
        double v = strtod(p, &end);
        if (end == p || errno || v < lo || v > hi || (i < n - 1 ? *end != ',' : *end != '\0')) {
            fprintf(stderr, "polarcad %s: --%s needs %d number%s from %g to %g, comma-separated (got '%s')\n",
                    command, option, n, n > 1 ? "s" : "", lo, hi, text);
            return 0;
        }
        out[i] = v;
        p = end + 1;
    }
    return 1;
}

int semiq_setup_parse(const char *command, const semiq_args *a, semiq_setup *out)
{
    semiq_setup s;
    memset(&s, 0, sizeof s);
    s.layout = PC_RINGS_EQUAL_WIDTH;
    pc_preprocess_options_default(&s.preprocess);
    pc_semiq_config_default(&s.config);
    s.threads = 2;
    double v[3];
    s.layout_given = a->layout != NULL;
    if (a->layout && !pc_ring_layout_parse(a->layout, &s.layout)) {
        fprintf(stderr, "polarcad %s: --layout must be equal-width or equal-area (got '%s')\n", command, a->layout);
        return 0;
    }
    if (a->colormap) {
        pc_colormap map;
        if (!pc_colormap_parse(a->colormap, &map)) {
            fprintf(stderr, "polarcad %s: unknown colour table '%s' (known: %s)\n", command, a->colormap,
                    pc_colormap_names());
            return 0;
        }
        s.preprocess.table = (int)map;
    }
    if (a->value) {
        if (strcmp(a->value, "mean") == 0) s.config.value = PC_SEGMENT_VALUE_MEAN;
        else if (strcmp(a->value, "min") == 0) s.config.value = PC_SEGMENT_VALUE_MIN;
        else {
            fprintf(stderr, "polarcad %s: --value must be mean or min (got '%s')\n", command, a->value);
            return 0;
        }
    }
    if (a->normal_limit) {
        if (!parse_numbers(command, "normal-limit", a->normal_limit, 1, 0.0, 20.0, v)) return 0;
        s.config.normal_limit_sd = v[0];
    }
    if (a->sd_floor) {
        if (!parse_numbers(command, "sd-floor", a->sd_floor, 1, 0.01, 50.0, v)) return 0;
        s.config.sd_floor = v[0];
    }
    if (a->bands) {
        if (!parse_numbers(command, "bands", a->bands, 3, 0.0, 100.0, v)) return 0;
        if (!(v[0] > v[1] && v[1] > v[2])) {
            fprintf(stderr, "polarcad %s: --bands must decrease (got '%s')\n", command, a->bands);
            return 0;
        }
        memcpy(s.config.band, v, sizeof s.config.band);
    }
    long n;
    if (a->min_sex_normals) {
        if (!cli_parse_int(command, "min-sex-normals", a->min_sex_normals, 2, 1000000, &n)) return 0;
        s.config.min_sex_normals = (int)n;
    }
    const char *paper[PC_CORRECTION_COUNT] = {a->paper_nac, a->paper_ac};
    const char *paper_name[PC_CORRECTION_COUNT] = {"paper-nac", "paper-ac"};
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        if (!paper[c]) continue;
        if (!parse_numbers(command, paper_name[c], paper[c], 2, -1, 68, v)) return 0;
        s.config.paper_sss_over[c] = (int)v[0];
        s.config.paper_sds_over[c] = (int)v[1];
    }
    if (a->sss) {
        if (!cli_parse_int(command, "sss", a->sss, 0, 68, &n)) return 0;
        s.config.sss_at_least = (int)n;
    }
    if (a->sds) {
        if (!cli_parse_int(command, "sds", a->sds, -68, 68, &n)) return 0;
        s.config.sds_at_least = (int)n;
    }
    if (a->tpd) {
        if (!parse_numbers(command, "tpd", a->tpd, 1, 0.0, 100.0, v)) return 0;
        s.config.tpd_at_least = v[0];
    }
    if (a->threads) {
        if (!cli_parse_int(command, "threads", a->threads, 1, 64, &n)) return 0;
        s.threads = (int)n;
    }
    *out = s;
    return 1;
}

int semiq_command_parse(const char *command, int argc, char **argv, const char *usage, cli_option *options,
                        int n_own, semiq_args *args, const int *help, int max_positional,
                        const char **positional, int *n_positional, semiq_setup *setup_out)
{
    memset(args, 0, sizeof *args);
    int n_options = n_own + semiq_options(args, options + n_own);
    if (!cli_parse(command, argc, argv, 2, options, n_options, positional, max_positional, n_positional))
        return CLI_EXIT_USAGE;
    if (*help) {
        fputs(usage, stdout);
        fputs(semiq_options_help, stdout);
        return CLI_EXIT_OK;
    }
    return semiq_setup_parse(command, args, setup_out) ? -1 : CLI_EXIT_USAGE;
}

pc_status semiq_engine_create(pc_ctx *ctx, const semiq_setup *setup, semiq_engine *out)
{
    memset(out, 0, sizeof *out);
    pc_status status = pc_inverter_create(ctx, &out->inverter);
    if (!status) status = pc_sampling_index_create(ctx, setup->preprocess.tile_size, setup->layout, &out->index);
    if (status) semiq_engine_free(out);
    return status;
}

void semiq_engine_free(semiq_engine *e)
{
    pc_inverter_free(e->inverter);
    pc_sampling_index_free(&e->index);
    memset(e, 0, sizeof *e);
}

pc_status semiq_load_study(pc_ctx *ctx, const semiq_engine *engine, const semiq_setup *setup,
                           const char *const paths[PC_MAP_COUNT], pc_sex sex, pc_study_features *features_out,
                           pc_study *study_out)
{
    pc_image images[PC_MAP_COUNT];
    const pc_image *in[PC_MAP_COUNT] = {0};
    memset(images, 0, sizeof images);
    pc_status status = PC_STATUS_OK;
    for (int m = 0; m < PC_MAP_COUNT && !status; m++) {
        if (!paths[m]) continue;
        status = cli_load_image(ctx, paths[m], &images[m]);
        in[m] = &images[m];
    }
    pc_study study;
    if (!status) status = pc_study_preprocess(ctx, engine->inverter, in, paths, &setup->preprocess, &study);
    for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&images[m]);
    if (status) return status;
    pc_study_features_from_study(&study, &engine->index, sex, features_out);
    if (study_out) *study_out = study;
    else pc_study_free(&study);
    return PC_STATUS_OK;
}

/* ---- a cohort on a few threads --------------------------------------------------------- */

typedef struct cohort_job {
    const semiq_engine *engine;
    const semiq_setup *setup;
    const pc_manifest *manifest;
    pc_study_features *features;
    pc_colormap *tables;
    pc_status *status;     /* (count) per case */
    char **message;        /* (count) per failing case */
    pthread_mutex_t lock;
    int next, failed_at;   /* next case to take; lowest failing case so far */
    int keep_going;        /* skip failing cases instead of stopping */
} cohort_job;

static void *cohort_worker(void *arg)
{
    cohort_job *job = arg;
    pc_ctx *ctx = pc_ctx_create();
    for (;;) {
        pthread_mutex_lock(&job->lock);
        int i = job->next++;
        int stop = i >= job->manifest->count || i > job->failed_at;
        pthread_mutex_unlock(&job->lock);
        if (stop) break;
        const pc_manifest_case *c = &job->manifest->cases[i];
        pc_study study;
        pc_status s = ctx ? semiq_load_study(ctx, job->engine, job->setup, (const char *const *)c->path, c->sex,
                                             &job->features[i], &study)
                          : PC_STATUS_OUT_OF_MEMORY;
        job->status[i] = s;
        if (s) {
            char prefix[300];
            snprintf(prefix, sizeof prefix, "case %s (manifest line %d)", c->case_id, c->line);
            if (ctx) pc_fail_prefix(ctx, prefix);
            job->message[i] = strdup(ctx ? pc_ctx_last_error(ctx) : "out of memory");
            pthread_mutex_lock(&job->lock);
            if (i < job->failed_at && !job->keep_going) job->failed_at = i;
            pthread_mutex_unlock(&job->lock);
        } else {
            if (job->tables) job->tables[i] = study.table;
            pc_study_free(&study);
        }
    }
    pc_ctx_free(ctx);
    return NULL;
}

pc_status semiq_load_cohort(pc_ctx *ctx, const semiq_engine *engine, const semiq_setup *setup,
                            const pc_manifest *manifest, pc_study_features **features_out, pc_colormap **tables_out,
                            uint8_t *failed_out)
{
    int n = manifest->count;
    cohort_job job;
    memset(&job, 0, sizeof job);
    job.engine = engine;
    job.setup = setup;
    job.manifest = manifest;
    job.failed_at = n;
    job.keep_going = failed_out != NULL;
    job.features = calloc((size_t)n, sizeof *job.features);
    job.tables = tables_out ? calloc((size_t)n, sizeof *job.tables) : NULL;
    job.status = calloc((size_t)n, sizeof *job.status);
    job.message = calloc((size_t)n, sizeof *job.message);
    pc_status status = PC_STATUS_OK;
    if (!job.features || !job.status || !job.message || (tables_out && !job.tables) ||
        pthread_mutex_init(&job.lock, NULL) != 0) {
        status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for %d cases", n);
        goto done;
    }
    int threads = setup->threads < n ? setup->threads : n;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tid[started], NULL, cohort_worker, &job) == 0) started++;
    cohort_worker(&job);   /* this thread works too */
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&job.lock);
    if (job.failed_at < n) {
        status = pc_fail(ctx, job.status[job.failed_at], "%s", job.message[job.failed_at]);
        goto done;
    }
    if (failed_out) {
        int failed = 0, first = -1;
        for (int i = 0; i < n; i++) {
            failed_out[i] = job.status[i] != PC_STATUS_OK;
            if (!failed_out[i]) continue;
            if (first < 0) first = i;
            failed++;
            fprintf(stderr, "skipped: %s\n", job.message[i]);
        }
        if (failed == n) {
            status = pc_fail(ctx, job.status[first], "no case could be read; the first: %s", job.message[first]);
            goto done;
        }
    }
    *features_out = job.features;
    job.features = NULL;
    if (tables_out) {
        *tables_out = job.tables;
        job.tables = NULL;
    }
done:
    for (int i = 0; job.message && i < n; i++) free(job.message[i]);
    free(job.message);
    free(job.status);
    free(job.features);
    free(job.tables);
    return status;
}

/* ---- the shipped normal database ------------------------------------------------------- */

pc_status semiq_read_normals(pc_ctx *ctx, const char *path, pc_normals *out)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_status status = pc_file_read(ctx, path, 64u << 20, &bytes, &size);
    if (!status) status = pc_normals_parse(ctx, (const char *)bytes, size, path, out);
    free(bytes);
    return status;
}
