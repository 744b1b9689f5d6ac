/* cli.h: what the polarcad command-line tool's commands share.
 *
 * The tool only parses arguments and calls the core; each command lives in its own
 * cmd_*.c file and is listed once in main.c. Exit codes: 0 success, 1 the work failed
 * (bad input file, I/O), 2 the command line was wrong. */
#ifndef PC_CLI_H
#define PC_CLI_H

#include <stdio.h>

#include "polarcad.h"

enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

/* Files larger than this are refused before reading (a polar-map export is < 10 MB). */
#define CLI_MAX_IMAGE_FILE ((size_t)256 * 1024 * 1024)

/* One --option of a command. Exactly one of value/flag is set: value options store the
 * next argument (or the text after '='), flags store 1. */
typedef struct cli_option {
    const char *name;     /* without the dashes: "out" for --out */
    const char **value;   /* where a value option stores its argument */
    int *flag;            /* where a flag stores 1 */
} cli_option;

/* Parses argv[first..argc) against options. Non-option arguments go to positional
 * (up to max_positional; *n_positional counts them; positional may be NULL to refuse
 * any). Prints a message naming the command and returns 0 on a bad command line. */
int cli_parse(const char *command, int argc, char **argv, int first, const cli_option *options,
              int n_options, const char **positional, int max_positional, int *n_positional);

/* Parses a whole decimal number in [min, max]; prints a message and returns 0 otherwise. */
int cli_parse_int(const char *command, const char *option, const char *text, long min, long max, long *out);

/* Reads and decodes an image file; on failure the message is in ctx. */
pc_status cli_load_image(pc_ctx *ctx, const char *path, pc_image *out);

/* Prints "polarcad <command>: <message of ctx>" to stderr and returns CLI_EXIT_FAILURE. */
int cli_report(pc_ctx *ctx, const char *command);

/* Prints s as a JSON string (quoted, with " \\ and control characters escaped) to out. */
void cli_json_string(FILE *out, const char *s);

/* The medical-honesty line every human-facing output carries. */
extern const char *const cli_disclaimer;

/* Commands: argv[0] is "polarcad", argv[1] the command name. */
int cmd_montage(int argc, char **argv);
int cmd_synth(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_normals(int argc, char **argv);
int cmd_preprocess(int argc, char **argv);
int cmd_import_keras(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_cv(int argc, char **argv);

#endif
