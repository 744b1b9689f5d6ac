/* cmd_import_keras.c: `polarcad import-keras`: ImageNet weights from a Keras HDF5 file
 * -> a polarcad model file (conv base imported, the paper's head freshly initialised). */
#define _POSIX_C_SOURCE 200809L   /* gmtime_r */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#ifdef PC_HAVE_HDF5
#endif

static const char *const usage =
    "usage: polarcad import-keras FILE.h5 --arch vgg16|vgg19 --out MODEL\n"
    "                             [--dataset acnac|ac|nac] [--input HxW] [--seed N]\n"
    "\n"
    "Reads the ImageNet conv weights of a Keras HDF5 weight file, e.g.\n"
    "  vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 (or the vgg19 one) from\n"
    "  https://github.com/fchollet/deep-learning-models/releases/tag/v0.1\n"
    "and writes a polarcad model: the VGG conv base with those weights plus the paper's\n"
    "head (GlobalMaxPool, Dense 500, Dropout, Dense 250, Dropout, Dense 2) initialised\n"
    "Glorot-uniform from --seed (default 1), ready for fine-tuning.\n"
    "--dataset sets the input size to the dataset's montage (acnac 300x300, the default;\n"
    "ac and nac 150x300); --input HxW overrides it.\n";

/* Appends s to out as a JSON string body (quotes and control characters escaped). */
static void json_escape(char *out, size_t cap, const char *s)
{
    size_t n = strlen(out);
    for (; *s && n + 7 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            out[n++] = '\\', out[n++] = (char)c;
        else if (c < 0x20)
            n += (size_t)snprintf(out + n, cap - n, "\\u%04x", c);
        else
            out[n++] = (char)c;
    }
    out[n] = '\0';
}

int cmd_import_keras(int argc, char **argv)
{
    const char *positional[1] = {0}, *arch_name = NULL, *out_path = NULL, *dataset_name = "acnac";
    const char *input = NULL, *seed_text = "1";
    int help = 0, n_pos = 0;
    const cli_option options[] = {
        {"arch", &arch_name, NULL},   {"out", &out_path, NULL}, {"dataset", &dataset_name, NULL},
        {"input", &input, NULL},      {"seed", &seed_text, NULL}, {"help", NULL, &help},
    };
    if (!cli_parse("import-keras", argc, argv, 2, options, (int)(sizeof options / sizeof options[0]), positional, 1,
                   &n_pos))
        return CLI_EXIT_USAGE;
    if (help) {
        fputs(usage, stdout);
        return CLI_EXIT_OK;
    }
    pc_vgg_arch arch;
    pc_dataset dataset;
    long seed;
    if (n_pos != 1 || !out_path || !arch_name) {
        fprintf(stderr, "polarcad import-keras: give FILE.h5, --arch and --out\n%s", usage);
        return CLI_EXIT_USAGE;
    }
    if (!pc_vgg_arch_parse(arch_name, &arch)) {
        fprintf(stderr, "polarcad import-keras: unknown architecture '%s' (use vgg16 or vgg19)\n", arch_name);
        return CLI_EXIT_USAGE;
    }
    if (!pc_dataset_parse(dataset_name, &dataset)) {
        fprintf(stderr, "polarcad import-keras: unknown dataset '%s' (use acnac, ac or nac)\n", dataset_name);
        return CLI_EXIT_USAGE;
    }
    if (!cli_parse_int("import-keras", "--seed", seed_text, 0, 2147483647L, &seed)) return CLI_EXIT_USAGE;
    pc_vgg_config cfg;
    pc_vgg_config_default(&cfg, arch);
    pc_montage_size(dataset, &cfg.height, &cfg.width);
    if (input) {
        int h = 0, w = 0;
        char tail;
        if (sscanf(input, "%dx%d%c", &h, &w, &tail) != 2 || h < PC_VGG_MIN_SIDE || w < PC_VGG_MIN_SIDE ||
            h > PC_VGG_MAX_SIDE || w > PC_VGG_MAX_SIDE) {
            fprintf(stderr, "polarcad import-keras: --input must be HxW with sides %d..%d (got '%s')\n",
                    PC_VGG_MIN_SIDE, PC_VGG_MAX_SIDE, input);
            return CLI_EXIT_USAGE;
        }
        cfg.height = h, cfg.width = w;
    }
    cfg.seed = (uint64_t)seed;
    cfg.batch = 1;              /* the importer trains nothing: keep the arenas small */
    cfg.trainable_convs = 0;
    cfg.kernels.threads = 1;

#ifndef PC_HAVE_HDF5
    fprintf(stderr, "polarcad import-keras: this build has no HDF5 support (configure with PC_WITH_HDF5=ON)\n");
    return CLI_EXIT_FAILURE;
#else
    pc_ctx *ctx = pc_ctx_create();
    pc_vgg *m = NULL;
    pc_model_info info;
    memset(&info, 0, sizeof info);
    int code = CLI_EXIT_FAILURE;
    pc_keras_import_report rep;
    if (!ctx) {
        fputs("polarcad import-keras: out of memory\n", stderr);
        return CLI_EXIT_FAILURE;
    }
    if (pc_vgg_create(ctx, &cfg, &m) || pc_keras_h5_import(ctx, positional[0], m, &rep) ||
        pc_model_info_init(ctx, &cfg, &info)) {
        cli_report(ctx, "import-keras");
        goto done;
    }
    info.dataset = (int)dataset;
    char stamp[32] = "";
    time_t now = time(NULL);
    struct tm tm_utc;
    if (gmtime_r(&now, &tm_utc)) strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm_utc);
    const char *base = strrchr(positional[0], '/');
    base = base ? base + 1 : positional[0];
    char meta[2048] = "{\"source\": \"keras_imagenet_weights\", \"keras_file\": \"";
    json_escape(meta, sizeof meta, base);
    strcat(meta, "\", \"keras_version\": \"");
    json_escape(meta, sizeof meta, rep.keras_version);
    strcat(meta, "\", \"keras_backend\": \"");
    json_escape(meta, sizeof meta, rep.backend);
    size_t used = strlen(meta);
    snprintf(meta + used, sizeof meta - used,
             "\", \"head_init\": \"glorot_uniform\", \"seed\": %ld, \"trained\": false, "
             "\"polarcad_version\": \"%s\", \"created_utc\": \"%s\"}",
             seed, pc_version(), stamp);
    if (pc_model_info_set_metadata(ctx, &info, meta) || pc_model_save(ctx, m, &info, out_path)) {
        cli_report(ctx, "import-keras");
        goto done;
    }
    printf("imported %d conv layers of %s from %s", rep.conv_layers_loaded, arch_name, positional[0]);
    if (rep.keras_version[0]) printf(" (Keras %s%s%s)", rep.keras_version, rep.backend[0] ? ", " : "", rep.backend);
    if (rep.layers_skipped) printf("; skipped %d layers outside the conv base", rep.layers_skipped);
    printf("\nhead dense %d/%d/%d initialised Glorot-uniform (seed %ld); input %d x %d (%s)\nwrote %s\n%s\n",
           cfg.dense1, cfg.dense2, cfg.classes, seed, cfg.height, cfg.width, dataset_name, out_path, cli_disclaimer);
    code = CLI_EXIT_OK;
done:
    pc_model_info_free(&info);
    pc_vgg_free(m);
    pc_ctx_free(ctx);
    return code;
#endif
}
