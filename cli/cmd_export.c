/* cmd_export.c: `polarcad export`: a model file with its weights stored as fp16 or int8
 * (model_file.h), read back by the same loader, and optionally what that costs on a data
 * set: the largest change of P(CAD) against the original and how many decisions flip. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_run.h"

static const char *const usage =
    "usage: polarcad export --model model.pcm --dtype fp16|int8 --out small.pcm\n"
    "                       [--check-data manifest.csv [--dataset NAME]]\n"
    "\n"
    "Writes the model with smaller weights: fp16 (IEEE half precision, every tensor; about half\n"
    "the size) or int8 (kernels as 8-bit integers with one scale per output channel, symmetric,\n"
    "scale = max|w| / 127; biases stay fp32; about a quarter). The metadata (what the model was\n"
    "trained on) is kept. Every polarcad reads such files and computes in fp32. The written file\n"
    "is read back before the command reports success.\n"
    "\n"
    "--check-data runs both models on every case of a manifest (the same preprocessing as\n"
    "predict) and reports the largest |P(CAD) change| and how many calls (P(CAD) > 0.5) change.\n"
    "\n"
    "--set-metadata KEY=FILE sets the metadata's top-level KEY to the JSON value in FILE (e.g.\n"
    "cv=cv.json: the cross-validated figures of the model's configuration, which the page shows;\n"
    "scripts/train-default writes it). FILE must hold one JSON value; the rest of the metadata stays.\n";

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

/* Both models on every case: max and mean |delta P(CAD)|, decisions that change. */
static int check_data(const char *manifest, const char *original, const char *exported, const char *dataset)
{
    model_run a, b;
    int code = model_run_load("export", original, dataset, &a);
    if (code) return code;
    if ((code = model_run_load("export", exported, dataset, &b))) {
        model_run_free(&a);
        return code;
    }
    semiq_args sa;
    memset(&sa, 0, sizeof sa);
    semiq_setup setup;
    semiq_setup_parse("export", &sa, &setup);
    pc_ctx *ctx = pc_ctx_create();
    pc_manifest mf = {0};
    semiq_engine engine = {0};
    code = CLI_EXIT_FAILURE;
    if (!ctx || pc_manifest_read(ctx, manifest, &mf) || semiq_engine_create(ctx, &setup, &engine)) {
        if (ctx) cli_report(ctx, "export");
        goto done;
    }
    double worst = 0, sum = 0;
    int flips = 0, worst_case = 0;
    for (int i = 0; i < mf.count; i++) {
        const pc_manifest_case *c = &mf.cases[i];
        pc_study study;
        float pa = 0, pb = 0;
        if (model_run_case(ctx, &a, &engine, &setup, c, &study)) {
            cli_report(ctx, "export");
            goto done;
        }
        pc_status st = model_run_study(ctx, &a, &study, setup.layout, &pa, NULL);
        if (!st) st = model_run_study(ctx, &b, &study, setup.layout, &pb, NULL);
        pc_study_free(&study);
        if (st) {
            cli_report(ctx, "export");
            goto done;
        }
        double d = fabs((double)pa - (double)pb);
        sum += d;
        if (d > worst) worst = d, worst_case = i;
        flips += (pa > 0.5f) != (pb > 0.5f);
    }
    printf("checked on %s: %d cases\n", manifest, mf.count);
    printf("  largest |P(CAD) change| %.2e (case %s), mean %.2e\n", worst, mf.count ? mf.cases[worst_case].case_id : "-",
           mf.count ? sum / mf.count : 0.0);
    printf("  calls (P(CAD) > 0.5) that change: %d of %d\n", flips, mf.count);
    code = CLI_EXIT_OK;
done:
    semiq_engine_free(&engine);
    pc_manifest_free(&mf);
    model_run_free(&a);
    model_run_free(&b);
    pc_ctx_free(ctx);
    return code;
}

/* --set-metadata KEY=FILE: the JSON value in FILE (at most 1 MiB) under KEY. */
static pc_status set_metadata(pc_ctx *ctx, pc_model_info *info, const char *key_eq_file)
{
    const char *eq = strchr(key_eq_file, '=');
    char key[256];
    snprintf(key, sizeof key, "%.*s", (int)(eq - key_eq_file), key_eq_file);
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_status st = pc_file_read(ctx, eq + 1, 1u << 20, &bytes, &size);
    char *text = st ? NULL : malloc(size + 1);
    if (!st && !text) st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "--set-metadata: out of memory");
    if (!st) {
        memcpy(text, bytes, size);
        text[size] = '\0';
        if (memchr(text, '\0', size)) st = pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "%s is not text", eq + 1);
        else st = pc_model_info_set_metadata_key(ctx, info, key, text);
    }
    free(text);
    free(bytes);
    if (st) pc_fail_prefix(ctx, "--set-metadata");
    return st;
}

int cmd_export(int argc, char **argv)
{
    const char *model = NULL, *dtype_name = NULL, *out = NULL, *data = NULL, *dataset = NULL, *set_meta = NULL;
    int help = 0;
    const cli_option options[] = {{"model", &model, NULL},     {"dtype", &dtype_name, NULL},
                                  {"out", &out, NULL},         {"check-data", &data, NULL},
                                  {"dataset", &dataset, NULL}, {"help", NULL, &help},
                                  {"set-metadata", &set_meta, NULL}};
    if (!cli_parse("export", argc, argv, 2, options, 7, NULL, 0, NULL)) return CLI_EXIT_USAGE;
    if (help) {
        fputs(usage, stdout);
        return CLI_EXIT_OK;
    }
    pc_model_dtype dtype;
    if (!model || !dtype_name || !out) {
        fprintf(stderr, "polarcad export: needs --model FILE, --dtype fp16|int8 and --out FILE\n%s", usage);
        return CLI_EXIT_USAGE;
    }
    if (!pc_model_dtype_parse(dtype_name, &dtype)) {
        fprintf(stderr, "polarcad export: --dtype must be fp16, int8 or fp32 (got '%s')\n", dtype_name);
        return CLI_EXIT_USAGE;
    }
    const char *meta_file = set_meta ? strchr(set_meta, '=') : NULL;
    if (set_meta && (!meta_file || meta_file == set_meta || !meta_file[1])) {
        fprintf(stderr, "polarcad export: --set-metadata needs KEY=FILE (got '%s')\n", set_meta);
        return CLI_EXIT_USAGE;
    }
    pc_ctx *ctx = pc_ctx_create();
    pc_vgg_config runtime;
    pc_vgg_config_default(&runtime, PC_VGG16);
    runtime.batch = 1, runtime.trainable_convs = 0;
    pc_vgg *m = NULL, *back = NULL;
    pc_model_info info = {0}, info_back = {0};
    int code = CLI_EXIT_FAILURE;
    if (!ctx) return CLI_EXIT_FAILURE;
    /* Loaded, written atomically, then read back: a file that does not load is never reported as done. */
    if (pc_model_load(ctx, model, &runtime, &m, &info) || (set_meta && set_metadata(ctx, &info, set_meta)) ||
        pc_model_save_as(ctx, m, &info, dtype, out) ||
        pc_model_load(ctx, out, &runtime, &back, &info_back)) {
        cli_report(ctx, "export");
        goto done;
    }
    printf("wrote %s: weights %s, %ld bytes (from %s, %s, %ld bytes)\n", out, pc_model_dtype_name(info_back.dtype),
           file_size(out), model, pc_model_dtype_name(info.dtype), file_size(model));
    code = data ? check_data(data, model, out, dataset) : CLI_EXIT_OK;
done:
    pc_vgg_free(m);
    pc_vgg_free(back);
    pc_model_info_free(&info);
    pc_model_info_free(&info_back);
    pc_ctx_free(ctx);
    return code;
}
