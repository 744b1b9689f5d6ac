/* train_cli.h: what `polarcad train` and `polarcad cv` share: their training options, the
 * configuration line that names a run, loading a manifest's studies, the progress display
 * and the SIGINT/SIGTERM flag (the one piece of global state, and it lives here, in the
 * CLI: the core only reads the flag it is handed). */
#ifndef PC_CLI_TRAIN_CLI_H
#define PC_CLI_TRAIN_CLI_H

#include <signal.h>

#include "cli.h"

/* The options as given on the command line. */
typedef struct train_args {
    const char *data, *dataset, *arch, *trainable, *weights, *augment, *epochs, *batch, *lr, *seed, *threads;
    const char *input, *width_mult, *cache_mb;
    int quiet;
} train_args;

enum { TRAIN_OPTION_COUNT = 15 };
/* Appends the cli_option entries of train_args to options (room for TRAIN_OPTION_COUNT). */
int train_options(train_args *a, cli_option *options);
extern const char *const train_options_help;

/* Everything a run needs besides its studies. */
typedef struct train_setup {
    pc_train_config tc;
    const char *data;             /* manifest path */
    const char *weights;          /* base model path or NULL */
    char weights_tag[300];        /* "none" or "<file name>:<crc32>" */
    uint32_t manifest_crc;
    int threads;                  /* 0 = every CPU */
    int quiet;
    char config_line[1024];       /* "manifest_crc32=... cases=... dataset=... ... weights=..." */
} train_setup;

/* Parses the options (defaults for what is missing) and reads the manifest's CRC and the
 * base file's CRC; prints a message naming the command and returns CLI_EXIT_OK, or the
 * exit code to return. cases: the number of manifest cases (for the config line). */
int train_setup_parse(const char *command, const train_args *a, train_setup *out);
/* Fills config_line from the setup and the case count. */
void train_setup_config_line(train_setup *s, int cases);

/* The base model of --weights (NULL without it), small runtime arenas; message in ctx. */
pc_status train_load_base(pc_ctx *ctx, const train_setup *s, pc_vgg **base_out);

/* Reads, decodes and preprocesses the maps the dataset uses of every manifest case on a
 * few threads (tiles kept, counts dropped). studies_out: new array of manifest->count
 * (free each with pc_study_free, then free()). The message names the case, its manifest
 * line and the file of the first case in manifest order that fails. */
pc_status train_load_studies(pc_ctx *ctx, const pc_manifest *mf, pc_dataset dataset, int threads,
                             pc_study **studies_out);
void train_free_studies(pc_study *studies, int n);

/* Whether the manifest's folder holds the generator's README.txt or truth.csv. */
int train_data_is_synthetic(const char *manifest_path);

/* The flag SIGINT and SIGTERM set; install the handlers once before training. */
extern volatile sig_atomic_t train_stop_flag;
void train_install_signals(void);

/* Progress on stderr: a bar with rate and ETA on a terminal, one plain line per epoch
 * otherwise, nothing when quiet. label prefixes the lines ("fold 3/10"). */
typedef struct train_progress {
    const char *command, *label;
    int quiet, tty;
    double start, last_draw;      /* seconds */
} train_progress;
void train_progress_init(train_progress *p, const char *command, const char *label, int quiet);
void train_progress_report(void *user, const pc_train_progress *progress);

/* Seconds on a monotonic clock. */
double train_now(void);

/* The model file's metadata: how and on what it was trained. *json_out is malloc'd. */
pc_status train_metadata_json(pc_ctx *ctx, const train_setup *s, const pc_manifest *mf, const char *extra,
                              const pc_train_result *r, char **json_out);

/* Makes the checkpoint folder if it is missing (its parent must exist) and removes what a
 * killed run may have left in it: temporary files of checkpoint.pcc (a kill during the
 * write; the checkpoint itself is always whole, it is replaced by rename). */
pc_status train_ensure_dir(pc_ctx *ctx, const char *path);

#endif
