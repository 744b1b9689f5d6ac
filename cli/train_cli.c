/* train_cli.c: the parts `polarcad train` and `polarcad cv` share (see train_cli.h). */
#define _POSIX_C_SOURCE 200809L
#include "train_cli.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *const train_options_help =
    "  --data manifest.csv  the studies (docs/pipeline.md 3)\n"
    "  --dataset acnac|ac|nac  which maps and montage (acnac)\n"
    "  --arch vgg16|vgg19   the network (vgg16)\n"
    "  --trainable K        top K conv layers trained with the head, the rest frozen (4; 'all')\n"
    "  --weights BASE.pcm   start the conv layers from this model file (import-keras's ImageNet\n"
    "                       weights, or an earlier model); without it they start Glorot-uniform random\n"
    "  --augment N          training images after rotation augmentation, half per class (1000; 0 = none)\n"
    "  --epochs E           epochs over the cached frozen features (6)\n"
    "  --batch B            minibatch (16)\n"
    "  --lr RATE            Adam's learning rate (0.0001)\n"
    "  --seed S             folds, augmentation, initialisation, dropout, shuffling (1)\n"
    "  --threads T          compute threads (every CPU); results do not depend on T\n"
    "  --cache-mb MB        frozen features kept in memory, the rest spilled to $TMPDIR (2048)\n"
    "  --quiet              no progress on stderr\n"
    "  --input HxW          resize the montage to HxW for the network (the dataset's montage size)\n"
    "  --width-mult X       scale every conv's channels by X (1; small test networks only)\n";

int train_options(train_args *a, cli_option *o)
{
    const cli_option list[TRAIN_OPTION_COUNT] = {
        {"data", &a->data, NULL},           {"dataset", &a->dataset, NULL}, {"arch", &a->arch, NULL},
        {"trainable", &a->trainable, NULL}, {"weights", &a->weights, NULL}, {"augment", &a->augment, NULL},
        {"epochs", &a->epochs, NULL},       {"batch", &a->batch, NULL},     {"lr", &a->lr, NULL},
        {"seed", &a->seed, NULL},           {"threads", &a->threads, NULL}, {"input", &a->input, NULL},
        {"width-mult", &a->width_mult, NULL}, {"cache-mb", &a->cache_mb, NULL}, {"quiet", NULL, &a->quiet},
    };
    memcpy(o, list, sizeof list);
    return TRAIN_OPTION_COUNT;
}

static int parse_double(const char *command, const char *option, const char *text, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || errno || !(v >= lo && v <= hi)) {
        fprintf(stderr, "polarcad %s: --%s must be a number from %g to %g (got '%s')\n", command, option, lo, hi,
                text);
        return 0;
    }
    *out = v;
    return 1;
}

/* "name:crc32" of the base file, spaces made underscores so the config line stays split by spaces. */
static void weights_tag(const char *path, uint32_t crc, char *tag, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(tag, cap, "%s:%08x", base, (unsigned)crc);
    for (char *p = tag; *p; p++)
        if (*p == ' ' || *p == '\t') *p = '_';
}

int train_setup_parse(const char *command, const train_args *a, train_setup *out)
{
    train_setup s;
    memset(&s, 0, sizeof s);
    pc_vgg_arch arch = PC_VGG16;
    pc_dataset dataset = PC_DATASET_ACNAC;
    if (!a->data) {
        fprintf(stderr, "polarcad %s: give --data manifest.csv (see polarcad %s --help)\n", command, command);
        return CLI_EXIT_USAGE;
    }
    if (a->arch && !pc_vgg_arch_parse(a->arch, &arch)) {
        fprintf(stderr, "polarcad %s: unknown architecture '%s' (use vgg16 or vgg19)\n", command, a->arch);
        return CLI_EXIT_USAGE;
    }
    if (a->dataset && !pc_dataset_parse(a->dataset, &dataset)) {
        fprintf(stderr, "polarcad %s: unknown dataset '%s' (use acnac, ac or nac)\n", command, a->dataset);
        return CLI_EXIT_USAGE;
    }
    pc_train_config_default(&s.tc, arch, dataset);
    long v;
    double d;
    if (a->trainable && strcmp(a->trainable, "all") == 0) {
        s.tc.vgg.trainable_convs = PC_VGG_ALL_CONVS;
    } else if (a->trainable) {
        if (!cli_parse_int(command, "trainable", a->trainable, 0, pc_vgg_conv_count(arch), &v)) return CLI_EXIT_USAGE;
        s.tc.vgg.trainable_convs = (int)v;
    }
    if (a->augment) {
        if (!cli_parse_int(command, "augment", a->augment, 0, PC_TRAIN_MAX_IMAGES, &v)) return CLI_EXIT_USAGE;
        s.tc.augment = (int)v;
    }
    if (a->epochs) {
        if (!cli_parse_int(command, "epochs", a->epochs, 1, PC_TRAIN_MAX_EPOCHS, &v)) return CLI_EXIT_USAGE;
        s.tc.epochs = (int)v;
    }
    if (a->batch) {
        if (!cli_parse_int(command, "batch", a->batch, 1, 1024, &v)) return CLI_EXIT_USAGE;
        s.tc.vgg.batch = (int)v;
    }
    if (a->lr) {
        if (!parse_double(command, "lr", a->lr, 1e-9, 10.0, &d)) return CLI_EXIT_USAGE;
        s.tc.vgg.adam.lr = (float)d;
    }
    if (a->seed) {
        if (!cli_parse_int(command, "seed", a->seed, 0, 2147483647L, &v)) return CLI_EXIT_USAGE;
        s.tc.vgg.seed = (uint64_t)v;
    }
    if (a->threads) {
        if (!cli_parse_int(command, "threads", a->threads, 1, 256, &v)) return CLI_EXIT_USAGE;
        s.threads = (int)v;
        s.tc.vgg.kernels.threads = (int)v;
    }
    if (a->cache_mb) {
        if (!cli_parse_int(command, "cache-mb", a->cache_mb, 0, 1L << 30, &v)) return CLI_EXIT_USAGE;
        s.tc.cache_budget = (size_t)v << 20;
    }
    if (a->width_mult) {
        if (!parse_double(command, "width-mult", a->width_mult, 0.001, 4.0, &d)) return CLI_EXIT_USAGE;
        s.tc.vgg.width_mult = (float)d;
    }
    if (a->input) {
        int h = 0, w = 0;
        char tail;
        if (sscanf(a->input, "%dx%d%c", &h, &w, &tail) != 2 || h < PC_VGG_MIN_SIDE || w < PC_VGG_MIN_SIDE ||
            h > 4096 || w > 4096) {
            fprintf(stderr, "polarcad %s: --input must be HxW with sides %d..4096 (got '%s')\n", command,
                    PC_VGG_MIN_SIDE, a->input);
            return CLI_EXIT_USAGE;
        }
        s.tc.vgg.height = h, s.tc.vgg.width = w;
    }
    const char *tmp = getenv("TMPDIR");
    s.tc.spill_dir = tmp && *tmp ? tmp : "/tmp";
    s.data = a->data;
    s.weights = a->weights;
    s.quiet = a->quiet;
    pc_ctx *ctx = pc_ctx_create();
    uint32_t crc = 0;
    int code = CLI_EXIT_OK;
    if (!ctx || pc_train_file_crc32(ctx, a->data, &s.manifest_crc)) {
        code = cli_report(ctx, command);
    } else if (a->weights && pc_train_file_crc32(ctx, a->weights, &crc)) {
        pc_fail_prefix(ctx, "--weights");
        code = cli_report(ctx, command);
    }
    pc_ctx_free(ctx);
    if (a->weights) weights_tag(a->weights, crc, s.weights_tag, sizeof s.weights_tag);
    else snprintf(s.weights_tag, sizeof s.weights_tag, "none");
    if (code) return code;
    *out = s;
    return CLI_EXIT_OK;
}

void train_setup_config_line(train_setup *s, int cases)
{
    const pc_vgg_config *c = &s->tc.vgg;
    char k[16];
    if (c->trainable_convs == PC_VGG_ALL_CONVS) snprintf(k, sizeof k, "all");
    else snprintf(k, sizeof k, "%d", c->trainable_convs);
    int len = snprintf(s->config_line, sizeof s->config_line,
                       "manifest_crc32=%08x cases=%d dataset=%s arch=%s trainable=%s augment=%d epochs=%d batch=%d "
                       "lr=%g seed=%llu weights=%s",
                       (unsigned)s->manifest_crc, cases, pc_dataset_name(s->tc.dataset), pc_vgg_arch_name(c->arch), k,
                       s->tc.augment, s->tc.epochs, c->batch, (double)c->adam.lr, (unsigned long long)c->seed,
                       s->weights_tag);
    /* Options beyond the paper's, only when they differ from the default (they change results too). */
    int h, w;
    pc_montage_size(s->tc.dataset, &h, &w);
    if (c->height != h || c->width != w)
        len += snprintf(s->config_line + len, sizeof s->config_line - (size_t)len, " input=%dx%d", c->height, c->width);
    if (c->width_mult != 1.0f)
        snprintf(s->config_line + len, sizeof s->config_line - (size_t)len, " width_mult=%g", (double)c->width_mult);
}

pc_status train_load_base(pc_ctx *ctx, const train_setup *s, pc_vgg **base_out)
{
    *base_out = NULL;
    if (!s->weights) return PC_STATUS_OK;
    pc_vgg_config runtime;
    pc_vgg_config_default(&runtime, s->tc.vgg.arch);
    runtime.batch = 1;            /* only its weights are read: keep the arenas small */
    runtime.trainable_convs = 0;
    runtime.kernels.threads = 1;
    pc_model_info info;
    memset(&info, 0, sizeof info);
    pc_status status = pc_model_load(ctx, s->weights, &runtime, base_out, &info);
    pc_model_info_free(&info);
    if (!status && !s->quiet && s->tc.vgg.arch == PC_VGG19 && pc_vgg_get_config(*base_out)->arch == PC_VGG16)
        fprintf(stderr, "polarcad: %s is a vgg16: the vgg19's 13 conv layers that vgg16 has start from it, "
                        "block3_conv4, block4_conv4 and block5_conv4 as the identity (so it starts as the vgg16's "
                        "function, as the VGG paper started deeper networks from a shallower one)\n", s->weights);
    return status;
}

/* ---- studies on a few threads --------------------------------------------------------- */

typedef struct load_job {
    const pc_manifest *mf;
    pc_dataset dataset;
    const pc_inverter *inverter;
    pc_study *studies;
    pc_status *status;     /* (count) */
    char **message;        /* (count) */
    pthread_mutex_t lock;
    int next, failed_at;
} load_job;

static pc_status load_one(pc_ctx *ctx, const load_job *job, int i)
{
    const pc_manifest_case *c = &job->mf->cases[i];
    pc_image images[PC_MAP_COUNT];
    const pc_image *in[PC_MAP_COUNT] = {0};
    const char *names[PC_MAP_COUNT] = {0};
    memset(images, 0, sizeof images);
    pc_status status = PC_STATUS_OK;
    for (int m = 0; m < PC_MAP_COUNT && !status; m++) {
        if (!pc_dataset_uses_map(job->dataset, (pc_map)m)) continue;
        names[m] = c->path[m];
        status = cli_load_image(ctx, c->path[m], &images[m]);
        in[m] = &images[m];
    }
    pc_preprocess_options opt;
    pc_preprocess_options_default(&opt);
    if (!status) status = pc_study_preprocess(ctx, job->inverter, in, names, &opt, &job->studies[i]);
    for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&images[m]);
    if (!status)
        for (int m = 0; m < PC_MAP_COUNT; m++) pc_counts_free(&job->studies[i].counts[m]);   /* only tiles are needed */
    return status;
}

static void *load_worker(void *arg)
{
    load_job *job = arg;
    pc_ctx *ctx = pc_ctx_create();
    for (;;) {
        pthread_mutex_lock(&job->lock);
        int i = job->next++;
        int stop = i >= job->mf->count || i > job->failed_at;
        pthread_mutex_unlock(&job->lock);
        if (stop) break;
        pc_status s = ctx ? load_one(ctx, job, i) : PC_STATUS_OUT_OF_MEMORY;
        if (!s) continue;
        const pc_manifest_case *c = &job->mf->cases[i];
        char prefix[300];
        snprintf(prefix, sizeof prefix, "case %s (manifest line %d)", c->case_id, c->line);
        if (ctx) pc_fail_prefix(ctx, prefix);
        job->status[i] = s;
        job->message[i] = strdup(ctx ? pc_ctx_last_error(ctx) : "out of memory");
        pthread_mutex_lock(&job->lock);
        if (i < job->failed_at) job->failed_at = i;
        pthread_mutex_unlock(&job->lock);
    }
    pc_ctx_free(ctx);
    return NULL;
}

void train_free_studies(pc_study *studies, int n)
{
    for (int i = 0; studies && i < n; i++) pc_study_free(&studies[i]);
    free(studies);
}

pc_status train_load_studies(pc_ctx *ctx, const pc_manifest *mf, pc_dataset dataset, int threads,
                             pc_study **studies_out)
{
    int n = mf->count;
    load_job job;
    memset(&job, 0, sizeof job);
    job.mf = mf;
    job.dataset = dataset;
    job.failed_at = n;
    job.studies = calloc((size_t)n, sizeof *job.studies);
    job.status = calloc((size_t)n, sizeof *job.status);
    job.message = calloc((size_t)n, sizeof *job.message);
    pc_inverter *inverter = NULL;
    pc_status status = PC_STATUS_OK;
    if (!job.studies || !job.status || !job.message || pthread_mutex_init(&job.lock, NULL) != 0) {
        status = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for %d studies", n);
        goto done;
    }
    if ((status = pc_inverter_create(ctx, &inverter))) goto done;
    job.inverter = inverter;
    if (threads <= 0) threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads > 16) threads = 16;
    if (threads > n) threads = n;
    pthread_t tid[16];
    int started = 0;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tid[started], NULL, load_worker, &job) == 0) started++;
    load_worker(&job);
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&job.lock);
    if (job.failed_at < n) {
        status = pc_fail(ctx, job.status[job.failed_at], "%s", job.message[job.failed_at]);
        goto done;
    }
    *studies_out = job.studies;
    job.studies = NULL;
done:
    for (int i = 0; job.message && i < n; i++) free(job.message[i]);
    free(job.message);
    free(job.status);
    train_free_studies(job.studies, n);
    pc_inverter_free(inverter);
    return status;
}

int train_data_is_synthetic(const char *manifest_path)
{
    char folder[4096], path[4200];
    snprintf(folder, sizeof folder, "%s", manifest_path);
    char *slash = strrchr(folder, '/');
    if (slash) *slash = '\0';
    else snprintf(folder, sizeof folder, ".");
    struct stat st;
    snprintf(path, sizeof path, "%s/README.txt", folder);
    if (stat(path, &st) == 0) return 1;
    snprintf(path, sizeof path, "%s/truth.csv", folder);
    return stat(path, &st) == 0;
}

/* ---- signals ----------------------------------------------------------------------------- */

volatile sig_atomic_t train_stop_flag = 0;

static void on_signal(int sig)
{
    (void)sig;
    train_stop_flag = 1;
}

void train_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* ---- progress ------------------------------------------------------------------------------ */

double train_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void train_progress_init(train_progress *p, const char *command, const char *label, int quiet)
{
    memset(p, 0, sizeof *p);
    p->command = command;
    p->label = label ? label : "";
    p->quiet = quiet;
    p->tty = isatty(STDERR_FILENO);
    p->start = train_now();
}

static void format_duration(double s, char *out, size_t cap)
{
    long t = (long)(s + 0.5);
    if (t >= 3600) snprintf(out, cap, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else snprintf(out, cap, "%ld:%02ld", t / 60, t % 60);
}

void train_progress_report(void *user, const pc_train_progress *g)
{
    train_progress *p = user;
    if (p->quiet) return;
    double now = train_now();
    const char *what = g->phase == PC_TRAIN_PHASE_FROZEN ? "frozen layers" : "epoch";
    if (g->done == 1 || (g->phase != PC_TRAIN_PHASE_FROZEN && g->done <= 16 && g->phase != PC_TRAIN_PHASE_EPOCH_END))
        p->start = now;   /* the rate of this phase, from its first step */
    if (!p->tty && g->phase == PC_TRAIN_PHASE_FROZEN && g->done == 1)
        fprintf(stderr, "polarcad %s: %s%srunning the frozen layers once on %ld training images ...\n", p->command,
                p->label, *p->label ? ": " : "", g->total);
    if (g->phase == PC_TRAIN_PHASE_EPOCH_END || (g->phase == PC_TRAIN_PHASE_FROZEN && g->done == g->total)) {
        if (p->tty) fputc('\n', stderr);
        if (g->phase == PC_TRAIN_PHASE_FROZEN)
            fprintf(stderr, "polarcad %s: %s%sfrozen layers run on %ld training images\n", p->command, p->label,
                    *p->label ? ": " : "", g->total);
        else
            fprintf(stderr, "polarcad %s: %s%sepoch %d/%d: loss %.4f, training accuracy %.3f\n", p->command,
                    p->label, *p->label ? ": " : "", g->epoch, g->epochs, g->loss, g->accuracy);
        p->last_draw = 0;
        return;
    }
    if (!p->tty || now - p->last_draw < 0.25) return;
    p->last_draw = now;
    double elapsed = now - p->start, rate = elapsed > 0 ? (double)g->done / elapsed : 0;
    char eta[32] = "-";
    if (rate > 0) format_duration((double)(g->total - g->done) / rate, eta, sizeof eta);
    char bar[31];
    int fill = g->total ? (int)(30 * g->done / g->total) : 0;
    for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    char epoch[32] = "";
    if (g->phase == PC_TRAIN_PHASE_EPOCH) snprintf(epoch, sizeof epoch, " %d/%d", g->epoch, g->epochs);
    fprintf(stderr, "\r%s%s%s%s [%s] %ld/%ld  %.1f img/s  ETA %s", p->label, *p->label ? " " : "", what, epoch, bar,
            g->done, g->total, rate, eta);
    if (g->phase == PC_TRAIN_PHASE_EPOCH) fprintf(stderr, "  loss %.4f acc %.3f", g->loss, g->accuracy);
    fflush(stderr);
}

/* ---- metadata ------------------------------------------------------------------------------ */

/* Appends s to buf as the inside of a JSON string. */
static void json_append(char *buf, size_t cap, const char *s)
{
    size_t len = strlen(buf);
    for (; *s && len + 8 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') len += (size_t)snprintf(buf + len, cap - len, "\\%c", c);
        else if (c < 0x20) len += (size_t)snprintf(buf + len, cap - len, "\\u%04x", c);
        else buf[len++] = (char)c, buf[len] = '\0';
    }
}

pc_status train_metadata_json(pc_ctx *ctx, const train_setup *s, const pc_manifest *mf, const char *extra,
                              const pc_train_result *r, char **json_out)
{
    size_t cap = 16384 + (size_t)r->epochs_done * 64;
    char *j = calloc(cap, 1);
    if (!j) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory for the model's metadata");
    int cad = 0;
    for (int i = 0; i < mf->count; i++) cad += mf->cases[i].label;
    /* SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the date, so two runs can be compared byte for byte. */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t now = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    char stamp[32] = "";
    struct tm tm_utc;
    if (gmtime_r(&now, &tm_utc)) strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm_utc);
    const pc_vgg_config *c = &s->tc.vgg;
    /* "trained_on": the one sentence every human-readable output of predict prints. */
    char trained_on[512];
    snprintf(trained_on, sizeof trained_on, "%s, %d cases (%d CAD, %d no CAD), %s",
             train_data_is_synthetic(s->data) ? "a synthetic cohort (polarcad synth), not patient data"
                                              : "the data set of a manifest",
             mf->count, cad, mf->count - cad, s->data);
    strcat(j, "{\"source\": \"polarcad train\", \"trained\": true, \"trained_on\": \"");
    json_append(j, cap, trained_on);
    strcat(j, "\", \"manifest\": \"");
    json_append(j, cap, s->data);
    size_t n = strlen(j);
    n += (size_t)snprintf(j + n, cap - n,
                          "\", \"manifest_crc32\": \"%08x\", \"cases\": %d, \"cases_cad\": %d, \"cases_no_cad\": %d, "
                          "\"training_cases\": %d, \"training_images\": %d, \"synthetic\": %s, \"dataset\": \"%s\", "
                          "\"arch\": \"%s\", \"trainable\": %d, \"input\": [%d, %d], \"width_mult\": %g, "
                          "\"augment\": %d, \"max_angle\": %g, \"epochs\": %d, \"batch\": %d, \"lr\": %g, "
                          "\"seed\": %llu, \"weights\": \"",
                          (unsigned)s->manifest_crc, mf->count, cad, mf->count - cad,
                          r->cases_per_class[0] + r->cases_per_class[1], r->images,
                          train_data_is_synthetic(s->data) ? "true" : "false", pc_dataset_name(s->tc.dataset),
                          pc_vgg_arch_name(c->arch), c->trainable_convs, c->height, c->width, (double)c->width_mult,
                          s->tc.augment, s->tc.max_angle, s->tc.epochs, c->batch, (double)c->adam.lr,
                          (unsigned long long)c->seed);
    json_append(j, cap, s->weights ? s->weights_tag : "none (Glorot-uniform random conv base, not ImageNet)");
    strcat(j, "\", \"config\": \"");
    json_append(j, cap, s->config_line);
    n = strlen(j);
    n += (size_t)snprintf(j + n, cap - n, "\", %s%s\"history\": [", extra ? extra : "", extra ? ", " : "");
    for (int e = 0; e < r->epochs_done; e++)
        n += (size_t)snprintf(j + n, cap - n, "%s{\"loss\": %.6f, \"accuracy\": %.6f}", e ? ", " : "",
                              r->history[e].loss, r->history[e].accuracy);
    snprintf(j + n, cap - n, "], \"polarcad_version\": \"%s\", \"created_utc\": \"%s\"}", pc_version(), stamp);
    *json_out = j;
    return PC_STATUS_OK;
}

pc_status train_ensure_dir(pc_ctx *ctx, const char *path)
{
    pc_path_kind k = pc_path_kind_of(ctx, path);
    if (k == PC_PATH_ERROR) return pc_ctx_last_status(ctx);
    if (k == PC_PATH_FILE) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s exists and is not a folder", path);
    /* Folds run in parallel (GNU parallel, Slurm) may create DIR at the same moment: the
     * loser of that race finds the folder there, which is all it wanted. */
    if (k == PC_PATH_MISSING && pc_dir_create(ctx, path)) {
        k = pc_path_kind_of(ctx, path);
        if (k != PC_PATH_DIR && k != PC_PATH_EMPTY_DIR)
            return pc_fail(ctx, PC_STATUS_IO, "cannot create the folder %s", path);
        return PC_STATUS_OK;
    }
    DIR *dir = opendir(path);
    if (!dir) return PC_STATUS_OK;
    const char stale[] = "checkpoint.pcc.tmp-";
    for (struct dirent *e; (e = readdir(dir));) {
        if (strncmp(e->d_name, stale, sizeof stale - 1) != 0) continue;
        char full[4400];
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        unlink(full);
    }
    closedir(dir);
    return PC_STATUS_OK;
}
