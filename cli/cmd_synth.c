/* cmd_synth.c: `polarcad synth`: the synthetic cohort (core/synth, docs/synthetic.md).
 *
 * Cases are independent (each has its own random streams), so they are spread over a
 * few POSIX threads here, in the CLI, and the files are byte-identical whatever the
 * number of threads. The core stays single-threaded and compiles to wasm. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char *const usage =
    "usage: polarcad synth --out DIR [--cases 216] [--seed N] [--format png|jpg] [--jpeg-quality Q]\n"
    "                      [--style export|screenshot] [--colormap NAME|mixed] [--layout NAME|mixed]\n"
    "                      [--capture LAYOUT|mixed] [--size PX] [--prevalence P] [--threads T]\n"
    "                      [--population referred|low-likelihood] [--model-version 1|2]\n"
    "       polarcad synth --gallery OUT.png [--cases 12] [--seed N] [--colormap NAME|mixed] [--layout ...]\n"
    "\n"
    "Writes a synthetic cohort of SPECT polar-map studies (four maps each: stress/rest, NAC/AC)\n"
    "generated from a model of myocardial perfusion, coronary disease, attenuation and\n"
    "acquisition (docs/synthetic.md). The default mirrors the paper's cohort: 216 cases,\n"
    "152 CAD and 64 no CAD, 88% men, 20% previous infarction, 36% previous revascularisation.\n"
    "\n"
    "  --out DIR          new (or empty) folder: manifest.csv, truth.csv, segments.csv,\n"
    "                     layout.csv, README.txt and DIR/<case>/<map>.png|jpg; written to a\n"
    "                     temporary folder beside DIR and renamed at the end\n"
    "  --cases N          number of studies (default 216; 12 for --gallery)\n"
    "  --seed N           random seed (default 1); same seed + version = identical files\n"
    "  --format png|jpg   image format (default png); jpg mimics the paper's exports\n"
    "  --jpeg-quality Q   1..100 (default 90)\n"
    "  --style export     the disc filling a square tile on black (default)\n"
    "  --style screenshot a screen capture: disc of varied size and place, labels, colour bar\n"
    "  --capture LAYOUT   with --style screenshot, what the capture shows: viewer (default; the\n"
    "                     disc on a window with labels), panel (the export tile in a window),\n"
    "                     slide (pasted with a drop shadow), pair (stress and rest side by side),\n"
    "                     quad (all four maps), small (a 100 px disc), cut (cut off by the edge),\n"
    "                     or mixed (drawn per image)\n"
    "  --colormap NAME    gray, thermal, cool (default), cequal, siemens, spet, or mixed\n"
    "  --layout NAME      ring radii: equal-width (default), equal-area, or mixed\n"
    "  --size PX          export tile side / nominal screenshot disc diameter (default 256)\n"
    "  --prevalence P     share of CAD cases, 0..1 (default 152/216)\n"
    "  --population NAME  referred (default: the paper's angiography-referred patients) or\n"
    "                     low-likelihood (no CAD, no infarct, LBBB, microvascular disease or\n"
    "                     hypertrophy, men and women 50/50: the people vendors recruit for\n"
    "                     normal limits; every label 0, for `polarcad normals`)\n"
    "  --model-version V  generator version: 2 (default; defects fade from the bed's core to its\n"
    "                     edge) or 1 (the first model, byte-identical to earlier cohorts)\n"
    "  --threads T        worker threads (default: the number of processors, at most 8)\n"
    "  --gallery OUT.png  a contact sheet of the cohort's first N studies with their truth\n";

/* ---- a small thread pool for pc_synth_runner_fn ---- */

typedef struct pool {
    int threads;
    pthread_mutex_t lock;
    int next, n;
    int failed;
    pc_status status;
    char message[1024];
    pc_synth_task_fn task;
    void *arg;
} pool;

static void *worker(void *data)
{
    pool *p = data;
    pc_ctx *ctx = pc_ctx_create();
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int i = p->failed || !ctx ? p->n : p->next++;
        if (!ctx && !p->failed) {
            p->failed = 1;
            p->status = PC_STATUS_OUT_OF_MEMORY;
            snprintf(p->message, sizeof p->message, "out of memory");
        }
        pthread_mutex_unlock(&p->lock);
        if (i >= p->n) break;
        pc_status status = p->task(p->arg, i, ctx);
        if (status) {
            pthread_mutex_lock(&p->lock);
            if (!p->failed) {
                p->failed = 1;
                p->status = status;
                snprintf(p->message, sizeof p->message, "%s", pc_ctx_last_error(ctx));
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
    pc_ctx_free(ctx);
    return NULL;
}

static pc_status run_pool(void *runner_data, pc_ctx *ctx, int n, pc_synth_task_fn task, void *arg)
{
    pool *p = runner_data;
    p->next = 0;
    p->n = n;
    p->failed = 0;
    p->status = PC_STATUS_OK;
    p->task = task;
    p->arg = arg;
    pthread_t ids[8];
    int started = 0;
    for (int t = 0; t < p->threads && t < 8; t++)
        if (pthread_create(&ids[t], NULL, worker, p) == 0) started++;
    if (started == 0) worker(p);   /* no thread could start: do the work here */
    for (int t = 0; t < started; t++) pthread_join(ids[t], NULL);
    if (p->failed) return pc_fail(ctx, p->status, "%s", p->message);
    return PC_STATUS_OK;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int parse_choice(const char *option, const char *text, int *out, int (*parse)(const char *, int *))
{
    if (!text) return 1;
    if (strcmp(text, "mixed") == 0) {
        *out = PC_SYNTH_MIXED;
        return 1;
    }
    if (parse(text, out)) return 1;
    fprintf(stderr, "polarcad synth: unknown --%s '%s'\n", option, text);
    return 0;
}

static int parse_colormap(const char *text, int *out)
{
    pc_colormap c;
    if (!pc_colormap_parse(text, &c)) return 0;
    *out = (int)c;
    return 1;
}

static int parse_layout(const char *text, int *out)
{
    pc_ring_layout l;
    if (!pc_ring_layout_parse(text, &l)) return 0;
    *out = (int)l;
    return 1;
}

int cmd_synth(int argc, char **argv)
{
    const char *out_dir = NULL, *gallery = NULL, *cases_text = NULL, *seed_text = NULL, *format = NULL;
    const char *quality_text = NULL, *style = NULL, *colormap = NULL, *layout = NULL, *size_text = NULL;
    const char *prevalence_text = NULL, *threads_text = NULL, *capture = NULL, *population = NULL, *version = NULL;
    int help = 0;
    const cli_option options[] = {
        {"out", &out_dir, NULL},           {"gallery", &gallery, NULL},     {"cases", &cases_text, NULL},
        {"seed", &seed_text, NULL},        {"format", &format, NULL},       {"jpeg-quality", &quality_text, NULL},
        {"style", &style, NULL},           {"colormap", &colormap, NULL},   {"layout", &layout, NULL},
        {"size", &size_text, NULL},        {"prevalence", &prevalence_text, NULL},
        {"threads", &threads_text, NULL},  {"capture", &capture, NULL},  {"help", NULL, &help},
        {"population", &population, NULL}, {"model-version", &version, NULL},
    };
    if (!cli_parse("synth", argc, argv, 2, options, (int)(sizeof options / sizeof options[0]), NULL, 0, NULL))
        return CLI_EXIT_USAGE;
    if (help) {
        fputs(usage, stdout);
        return CLI_EXIT_OK;
    }
    if (!out_dir == !gallery) {
        fprintf(stderr, "polarcad synth: give exactly one of --out DIR or --gallery OUT.png\n%s", usage);
        return CLI_EXIT_USAGE;
    }

    pc_synth_options opt;
    pc_synth_options_default(&opt);
    if (gallery) opt.cases = 12;
    long v;
    if (cases_text) {
        if (!cli_parse_int("synth", "cases", cases_text, 1, PC_SYNTH_MAX_CASES, &v)) return CLI_EXIT_USAGE;
        opt.cases = (int)v;
    }
    if (seed_text) {
        char *end = NULL;
        unsigned long long seed = strtoull(seed_text, &end, 10);
        if (!*seed_text || *end || seed_text[0] == '-') {
            fprintf(stderr, "polarcad synth: --seed must be a whole number >= 0 (got '%s')\n", seed_text);
            return CLI_EXIT_USAGE;
        }
        opt.seed = seed;
    }
    if (format) {
        if (strcmp(format, "png") == 0) opt.format = PC_SYNTH_FORMAT_PNG;
        else if (strcmp(format, "jpg") == 0 || strcmp(format, "jpeg") == 0) opt.format = PC_SYNTH_FORMAT_JPEG;
        else {
            fprintf(stderr, "polarcad synth: --format must be png or jpg (got '%s')\n", format);
            return CLI_EXIT_USAGE;
        }
    }
    if (quality_text) {
        if (!cli_parse_int("synth", "jpeg-quality", quality_text, 1, 100, &v)) return CLI_EXIT_USAGE;
        opt.jpeg_quality = (int)v;
    }
    if (style) {
        if (strcmp(style, "export") == 0) opt.style = PC_SYNTH_STYLE_EXPORT;
        else if (strcmp(style, "screenshot") == 0) opt.style = PC_SYNTH_STYLE_SCREENSHOT;
        else {
            fprintf(stderr, "polarcad synth: --style must be export or screenshot (got '%s')\n", style);
            return CLI_EXIT_USAGE;
        }
    }
    if (colormap && !parse_choice("colormap", colormap, &opt.colormap, parse_colormap)) {
        fprintf(stderr, "polarcad synth: colour tables: %s, or mixed\n", pc_colormap_names());
        return CLI_EXIT_USAGE;
    }
    if (layout && !parse_choice("layout", layout, &opt.layout, parse_layout)) {
        fprintf(stderr, "polarcad synth: layouts: equal-width, equal-area, or mixed\n");
        return CLI_EXIT_USAGE;
    }
    if (capture && !parse_choice("capture", capture, &opt.capture, pc_synth_capture_parse)) {
        fprintf(stderr, "polarcad synth: captures: viewer, panel, slide, pair, quad, small, cut, or mixed\n");
        return CLI_EXIT_USAGE;
    }
    if (size_text) {
        if (!cli_parse_int("synth", "size", size_text, PC_SYNTH_MIN_SIZE, PC_SYNTH_MAX_SIZE, &v)) return CLI_EXIT_USAGE;
        opt.size = (int)v;
    }
    if (prevalence_text) {
        char *end = NULL;
        double p = strtod(prevalence_text, &end);
        if (!*prevalence_text || *end || !(p >= 0.0 && p <= 1.0)) {
            fprintf(stderr, "polarcad synth: --prevalence must be a number from 0 to 1 (got '%s')\n",
                    prevalence_text);
            return CLI_EXIT_USAGE;
        }
        opt.prevalence = p;
    }
    if (version) {
        if (!cli_parse_int("synth", "model-version", version, PC_SYNTH_MODEL_FIRST, PC_SYNTH_MODEL_LATEST, &v))
            return CLI_EXIT_USAGE;
        opt.model_version = (int)v;
    }
    if (population && !pc_synth_population_parse(population, &opt.population)) {
        fprintf(stderr, "polarcad synth: --population must be referred or low-likelihood (got '%s')\n", population);
        return CLI_EXIT_USAGE;
    }
    if (opt.population == PC_SYNTH_POPULATION_LOW_LIKELIHOOD) {
        if (prevalence_text) {
            fprintf(stderr, "polarcad synth: --prevalence does not go with --population low-likelihood (nobody "
                            "in it has CAD)\n");
            return CLI_EXIT_USAGE;
        }
        if (opt.model_version < 2) {
            fprintf(stderr, "polarcad synth: --population low-likelihood needs --model-version 2\n");
            return CLI_EXIT_USAGE;
        }
        opt.prevalence = 0.0;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
    if (threads_text) {
        if (!cli_parse_int("synth", "threads", threads_text, 1, 8, &v)) return CLI_EXIT_USAGE;
        threads = (int)v;
    }

    pc_ctx *ctx = pc_ctx_create();
    if (!ctx) {
        fputs("polarcad synth: out of memory\n", stderr);
        return CLI_EXIT_FAILURE;
    }
    int exit_code = CLI_EXIT_OK;
    double start = now_seconds();
    if (gallery) {
        pc_image sheet = {0};
        if (pc_synth_gallery_render(ctx, &opt, &sheet) || pc_image_write_file(ctx, &sheet, gallery, 92)) {
            exit_code = cli_report(ctx, "synth");
        } else {
            printf("wrote %s: %d synthetic studies (seed %llu), %d x %d px\n", gallery, opt.cases,
                   (unsigned long long)opt.seed, sheet.width, sheet.height);
            printf("%s\n", cli_disclaimer);
        }
        pc_image_free(&sheet);
    } else {
        pool p;
        memset(&p, 0, sizeof p);
        p.threads = threads;
        pthread_mutex_init(&p.lock, NULL);
        if (pc_synth_cohort_write(ctx, out_dir, &opt, run_pool, &p)) {
            exit_code = cli_report(ctx, "synth");
        } else {
            int n_cad = (int)(opt.cases * opt.prevalence + 0.5);
            printf("wrote %s: %d synthetic studies (%d CAD, %d no CAD), seed %llu, model version %d%s, %.2f s on %d "
                   "threads\n",
                   out_dir, opt.cases, n_cad, opt.cases - n_cad, (unsigned long long)opt.seed, opt.model_version,
                   opt.population == PC_SYNTH_POPULATION_LOW_LIKELIHOOD ? ", low-likelihood population" : "",
                   now_seconds() - start, threads);
            printf("truth.csv says, per case, whether its images support its label; see docs/synthetic.md\n");
            printf("%s\n", cli_disclaimer);
        }
        pthread_mutex_destroy(&p.lock);
    }
    pc_ctx_free(ctx);
    return exit_code;
}
