/* semiq.h: what the preprocessing and semi-quantitative commands (score, normals,
 * preprocess) share: their common options, loading a study's four image files, and
 * loading a whole manifest's cohort on a few threads. */
#ifndef PC_CLI_SEMIQ_H
#define PC_CLI_SEMIQ_H

#include "cli.h"

/* Options every semi-quantitative command accepts (text as given on the command line). */
typedef struct semiq_args {
    const char *layout, *colormap, *value, *normal_limit, *sd_floor, *bands, *min_sex_normals;
    const char *paper_nac, *paper_ac, *sss, *sds, *tpd, *threads;
} semiq_args;

/* Appends the cli_option entries of semiq_args to options (room for SEMIQ_OPTION_COUNT). */
enum { SEMIQ_OPTION_COUNT = 13 };
int semiq_options(semiq_args *a, cli_option *options);

/* The help text of those options. */
extern const char *const semiq_options_help;

/* Everything the options decide. */
typedef struct semiq_setup {
    pc_ring_layout layout;
    int layout_given;         /* --layout was on the command line */
    pc_preprocess_options preprocess;
    pc_semiq_config config;
    int threads;
} semiq_setup;

/* Parses semiq_args into a setup (defaults for what is not given); prints a message
 * naming the command and returns 0 on a bad value. */
int semiq_setup_parse(const char *command, const semiq_args *a, semiq_setup *out);

/* The command-line parse every semi-quantitative command does: options[0..n_own) are
 * the command's own (with room for SEMIQ_OPTION_COUNT more after them, which this adds),
 * *help is the flag its "help" option sets; positional (room for max_positional, NULL for
 * none) and *n_positional receive the rest. Prints the usage and the shared options' help
 * when asked. Returns -1 when the command should go on with *setup_out filled, otherwise
 * the exit code to return (0 after the help, 2 on a usage error). */
int semiq_command_parse(const char *command, int argc, char **argv, const char *usage, cli_option *options,
                        int n_own, semiq_args *args, const int *help, int max_positional,
                        const char **positional, int *n_positional, semiq_setup *setup_out);

/* The shared read-only state: colour inverses and the sampling index. */
typedef struct semiq_engine {
    pc_inverter *inverter;
    pc_sampling_index index;
} semiq_engine;

pc_status semiq_engine_create(pc_ctx *ctx, const semiq_setup *setup, semiq_engine *out);
void semiq_engine_free(semiq_engine *engine);

/* Reads, decodes and preprocesses the four maps (paths indexed by pc_map; NULL = absent),
 * and samples them. study_out (may be NULL) keeps the tiles and counts. */
pc_status semiq_load_study(pc_ctx *ctx, const semiq_engine *engine, const semiq_setup *setup,
                           const char *const paths[PC_MAP_COUNT], pc_sex sex, pc_study_features *features_out,
                           pc_study *study_out);

/* Loads every case of a manifest (features_out: new array of manifest->count, free()).
 * tables_out (may be NULL) gets each case's colour table. With failed_out NULL, a case
 * that cannot be read fails the whole load, and the message names the case and file of
 * the first failing case in manifest order. With failed_out (manifest->count flags), such
 * cases are flagged, their messages printed to stderr in manifest order, and the load
 * goes on; it fails only if no case could be read. */
pc_status semiq_load_cohort(pc_ctx *ctx, const semiq_engine *engine, const semiq_setup *setup,
                            const pc_manifest *manifest, pc_study_features **features_out, pc_colormap **tables_out,
                            uint8_t *failed_out);

/* Reads and parses a normal database file into out (about 38 KB). */
pc_status semiq_read_normals(pc_ctx *ctx, const char *path, pc_normals *out);

#endif
