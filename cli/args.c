/* args.c: the small argument parser every command uses (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cli_disclaimer =
    "polarcad is research and teaching software, not a diagnostic device. "
    "Its shipped model is trained on synthetic data only.";

static const cli_option *find_option(const cli_option *options, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0) return &options[i];
    return NULL;
}

int cli_parse(const char *command, int argc, char **argv, int first, const cli_option *options,
              int n_options, const char **positional, int max_positional, int *n_positional)
{
    if (n_positional) *n_positional = 0;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (!positional || !n_positional || *n_positional >= max_positional) {
                fprintf(stderr, "polarcad %s: unexpected argument '%s' (see polarcad %s --help)\n", command, arg,
                        command);
                return 0;
            }
            positional[(*n_positional)++] = arg;
            continue;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const cli_option *opt = find_option(options, n_options, name, len);
        if (!opt) {
            fprintf(stderr, "polarcad %s: unknown option '--%.*s' (see polarcad %s --help)\n", command, (int)len,
                    name, command);
            return 0;
        }
        if (opt->flag) {
            if (eq) {
                fprintf(stderr, "polarcad %s: option '--%s' takes no value\n", command, opt->name);
                return 0;
            }
            *opt->flag = 1;
            continue;
        }
        if (eq) {
            *opt->value = eq + 1;
        } else if (i + 1 < argc) {
            *opt->value = argv[++i];
        } else {
            fprintf(stderr, "polarcad %s: option '--%s' needs a value\n", command, opt->name);
            return 0;
        }
    }
    return 1;
}

int cli_parse_int(const char *command, const char *option, const char *text, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = text ? strtol(text, &end, 10) : 0;
    if (!text || !*text || *end || errno || v < min || v > max) {
        fprintf(stderr, "polarcad %s: --%s must be a whole number from %ld to %ld (got '%s')\n", command, option,
                min, max, text ? text : "");
        return 0;
    }
    *out = v;
    return 1;
}

pc_status cli_load_image(pc_ctx *ctx, const char *path, pc_image *out)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_status status = pc_file_read(ctx, path, CLI_MAX_IMAGE_FILE, &bytes, &size);
    if (status) return status;
    status = pc_image_decode(ctx, bytes, size, path, out);
    free(bytes);
    return status;
}

int cli_report(pc_ctx *ctx, const char *command)
{
    fprintf(stderr, "polarcad %s: %s\n", command, pc_ctx_last_error(ctx));
    return CLI_EXIT_FAILURE;
}

void cli_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c < 0x20) fprintf(out, "\\u%04x", c);
        else fputc(c, out);
    }
    fputc('"', out);
}
