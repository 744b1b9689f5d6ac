/* cmd_predict.c: `polarcad predict`: a trained model on one study or a whole data set.
 *
 *   --study A B C D   P(CAD), the class, the Grad-CAM territory shares, the
 *                     semi-quantitative scores (the shipped normal database unless
 *                     --normals FILE or --no-normals); --json; --gradcam DIR
 *   --data manifest   one row per case in --out predictions.csv, and the tallies
 *
 * Without --model it runs the shipped model, model/model.pcm (shipped.h). The maps go
 * through the same preprocessing as training (model_run.h). Grad-CAM and its
 * territories are the core's (explain/gradcam.h), so the page will show the same. */
#define _POSIX_C_SOURCE 200809L   /* clock_gettime */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model_run.h"
#include "shipped.h"

static const char *const usage =
    "usage: polarcad predict [--model model.pcm] --study STRESS_NAC REST_NAC STRESS_AC REST_AC\n"
    "                        [--normals normals.db | --no-normals] [--sex M|F] [--json] [--gradcam DIR]\n"
    "                        [OPTIONS]\n"
    "       polarcad predict [--model model.pcm] --data manifest.csv --out predictions.csv [OPTIONS]\n"
    "\n"
    "Runs a trained model on polar maps (exports or screen captures, PNG/JPEG/BMP), through the\n"
    "same preprocessing as training: disc found, cropped, masked, 150 x 150 tiles, the dataset's\n"
    "montage, Keras 'caffe' input. Prints P(CAD), the class, and where the evidence for that class\n"
    "lies: Grad-CAM on the last conv layer, cut back into the polar maps, as shares of the heat\n"
    "per coronary territory (LAD / LCx / RCA, AHA 17-segment assignment) for each map and the\n"
    "study. Write '-' for a map the model's dataset does not use (an ac model needs only the AC maps).\n"
    "\n"
    "options:\n"
    "  --model FILE         the model (polarcad train or export); without it the shipped one,\n"
    "                       model/model.pcm (trained on synthetic data only; model/README.md), found\n"
    "                       like the normal database: $POLARCAD_MODEL_DIR, else model/ beside the tool\n"
    "  --dataset NAME       acnac, ac or nac: only for a model file that does not record it\n"
    "  --normals FILE       the normal database for the semi-quantitative scores (--study); without\n"
    "                       it the shipped one, model/normals-low-likelihood.db, when it is found\n"
    "  --no-normals         no semi-quantitative scores (--study)\n"
    "  --sex M|F            sex of the patient, for per-sex normals (--study)\n"
    "  --json               JSON instead of text (--study)\n"
    "  --gradcam DIR        one PNG per map: the tile as the model saw it beside the heat over a grey\n"
    "                       copy, territory lines, colour bar (DIR must be new or empty; it appears\n"
    "                       complete or not at all) (--study)\n"
    "  --out FILE.csv       per-case predictions (--data): case_id,label,p_cad,class,top_territory,\n"
    "                       lad,lcx,rca (the study's territory shares of the heat)\n"
    "  --skip-unreadable    (--data) a case whose maps cannot be read or preprocessed does not stop the\n"
    "                       run: its row has class 'unreadable', empty numbers and the message in an\n"
    "                       extra last column, error (empty for the other rows); stderr names it too\n"
    "  --no-redraw          maps in a colour table the model was not trained on are read as they are;\n"
    "                       by default they are drawn again in the model's table first (a warning\n"
    "                       says so)\n"
    "  --layout, --colormap, ...   as for polarcad score (below); --layout also sets the rings that\n"
    "                       divide the territories\n";

/* ---- one study ------------------------------------------------------------------------------ */

static const char *class_name(const model_run *r, int cls)
{
    return r->info.class_names[cls];
}

static void print_shares_text(const double s[PC_TERRITORY_COUNT], double of_study, const char *label)
{
    printf("  %-12s", label);
    for (int t = 0; t < PC_TERRITORY_COUNT; t++) printf(" %5.1f%%", 100 * s[t]);
    if (of_study >= 0) printf("   %5.1f%%", 100 * of_study);
    printf("\n");
}

static void print_semiq_text(const pc_semiq_result *r, const char *normals)
{
    printf("\nSemi-quantitative scores (normal database %s):\n", normals);
    for (int c = 0; c < PC_CORRECTION_COUNT; c++) {
        const pc_correction_scores *k = &r->corr[c];
        if (!k->present) continue;
        printf("  %-4s SSS %d  SRS %d  SDS %d  stress TPD %.1f%%  paper rule: %s\n",
               pc_correction_name((pc_correction)c), k->sss, k->srs, k->sds, k->tpd_stress,
               k->call_paper ? "CAD" : "no CAD");
    }
}

static void print_study_text(const model_run *r, const char *const paths[PC_MAP_COUNT], const pc_study *study,
                             float p_cad, const pc_gradcam *g, const pc_semiq_result *semiq, const char *normals)
{
    model_run_print_provenance(r, stdout);
    for (int m = 0; m < PC_MAP_COUNT; m++)
        if (paths[m]) {
            printf("  %-10s %s\n", pc_map_name((pc_map)m), paths[m]);
            if (study->present[m] && study->warning[m][0]) printf("  warning: %s\n", study->warning[m]);
        }
    printf("colour table: %s\n", pc_colormap_name(study->table));
    char table_warning[400];
    if (pc_predictor_table_warning(&r->use, study, table_warning, sizeof table_warning))
        printf("warning: %s\n", table_warning);
    printf("\n");
    printf("P(CAD) = %.3f   class: %s\n", (double)p_cad, class_name(r, g->class_index));
    /* polarcad train balances the classes (plan.c): the output assumes half the studies are CAD. */
    printf("  (the output for studies where CAD and no CAD are equally common, as in training: "
           "not a calibrated probability at another prevalence)\n\n");
    printf("Grad-CAM (%s, evidence for '%s'): share of the heat per territory\n", g->layer,
           class_name(r, g->class_index));
    if (g->mass <= 0) {
        printf("  none: no part of the maps raised the score of '%s' (all shares 0)\n",
               class_name(r, g->class_index));
    } else {
        printf("  %-12s %6s %6s %6s   %s\n", "", "LAD", "LCx", "RCA", "of study");
        for (int m = 0; m < PC_MAP_COUNT; m++)
            if (g->tile_heat[m]) print_shares_text(g->share[m], g->map_share[m], pc_map_name((pc_map)m));
        print_shares_text(g->study_share, -1, "study");
        printf("  top territory: %s\n", pc_territory_name(pc_gradcam_top_territory(g->study_share)));
    }
    if (semiq) print_semiq_text(semiq, normals);
    printf("\n%s\n", cli_disclaimer);
}

static void print_shares_json(const double s[PC_TERRITORY_COUNT])
{
    printf("{");
    for (int t = 0; t < PC_TERRITORY_COUNT; t++)
        printf("%s\"%s\": %.4f", t ? ", " : "", pc_territory_name((pc_territory)t), s[t]);
    printf("}");
}

static void print_study_json(const model_run *r, const char *const paths[PC_MAP_COUNT], const pc_study *study,
                             float p_cad, const pc_gradcam *g, const pc_semiq_result *semiq)
{
    printf("{\n  \"model\": ");
    cli_json_string(stdout, r->path);
    printf(",\n  \"trained_on\": ");
    cli_json_string(stdout, r->use.trained_on);
    printf(",\n  \"dataset\": \"%s\",\n  \"weights\": \"%s\",\n  \"colormap\": \"%s\",\n"
           "  \"network_colormap\": \"%s\",\n  \"p_cad\": %.6f,\n  \"class\": ",
           pc_dataset_name(r->use.dataset), pc_model_dtype_name(r->info.dtype), pc_colormap_name(study->table),
           pc_colormap_name(pc_predictor_network_table(&r->use, study)), (double)p_cad);
    cli_json_string(stdout, class_name(r, g->class_index));
    printf(",\n  \"gradcam\": {\"layer\": \"%s\", \"class\": ", g->layer);
    cli_json_string(stdout, class_name(r, g->class_index));
    printf(", \"mass\": %.6g, \"top_territory\": \"%s\", \"territories\": ", g->mass,
           pc_territory_name(pc_gradcam_top_territory(g->study_share)));
    print_shares_json(g->study_share);
    printf(",\n    \"maps\": {");
    int first = 1;
    for (int m = 0; m < PC_MAP_COUNT; m++) {
        if (!g->tile_heat[m]) continue;
        printf("%s\n      \"%s\": {\"file\": ", first ? "" : ",", pc_map_name((pc_map)m));
        cli_json_string(stdout, paths[m]);
        printf(", \"share\": %.4f, \"territories\": ", g->map_share[m]);
        print_shares_json(g->share[m]);
        printf("}");
        first = 0;
    }
    printf("}}");
    for (int c = 0; semiq && c < PC_CORRECTION_COUNT; c++) {
        const pc_correction_scores *k = &semiq->corr[c];
        printf(",\n  \"semiq_%s\": ", c ? "ac" : "nac");
        if (!k->present) printf("null");
        else printf("{\"sss\": %d, \"srs\": %d, \"sds\": %d, \"tpd_stress\": %.2f, \"call_paper\": %d}", k->sss,
                    k->srs, k->sds, k->tpd_stress, k->call_paper);
    }
    printf(",\n  \"warnings\": [");   /* a disc cut off by the image edge; a colour table not trained on */
    int n = 0;
    for (int m = 0; m < PC_MAP_COUNT; m++)
        if (study->present[m] && study->warning[m][0]) {
            printf("%s", n++ ? ", " : "");
            cli_json_string(stdout, study->warning[m]);
        }
    char table_warning[400];
    if (pc_predictor_table_warning(&r->use, study, table_warning, sizeof table_warning)) {
        printf("%s", n++ ? ", " : "");
        cli_json_string(stdout, table_warning);
    }
    printf("]");
    printf(",\n  \"disclaimer\": ");
    cli_json_string(stdout, cli_disclaimer);
    printf("\n}\n");
}

/* Writes DIR/<map>.png for each map the model read, built in a temporary folder. seen: the
 * study as the network read it (pc_predictor_network_study: drawn again when the study's
 * table is not the model's), so the heat lies over the tiles it explains. */
static pc_status write_gradcam(pc_ctx *ctx, const char *dir, const model_run *r, const pc_study *seen,
                               const pc_gradcam *g, pc_ring_layout layout, float p_cad)
{
    pc_path_kind kind = pc_path_kind_of(ctx, dir);
    if (kind == PC_PATH_ERROR) return pc_ctx_last_status(ctx);
    if (kind == PC_PATH_FILE || kind == PC_PATH_DIR)
        return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "--gradcam %s already exists (choose a new or empty folder)",
                       dir);
    char *tmp = NULL;
    pc_status st = pc_dir_create_temp(ctx, dir, &tmp);
    char *path = st ? NULL : malloc(strlen(tmp) + 32);
    if (!st && !path) st = pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "out of memory");
    for (int m = 0; !st && m < PC_MAP_COUNT; m++) {
        if (!g->tile_heat[m]) continue;
        char label[96], name[16];
        snprintf(name, sizeof name, "%s", pc_map_name((pc_map)m));
        for (char *c = name; *c; c++) *c = *c == '_' ? ' ' : *c;
        snprintf(label, sizeof label, "%s   GRAD-CAM FOR %s   P(CAD) %.2f", name, class_name(r, g->class_index),
                 (double)p_cad);
        for (char *c = label; *c; c++) *c = *c == '_' ? ' ' : *c;
        pc_image pic = {0};
        sprintf(path, "%s/%s.png", tmp, pc_map_name((pc_map)m));
        st = pc_gradcam_overlay(ctx, &seen->tile[m], g->tile_heat[m], g->max_heat, layout,
                                label, 2, &pic);
        if (!st) st = pc_image_write_file(ctx, &pic, path, 95);
        pc_image_free(&pic);
    }
    if (!st) st = pc_dir_commit(ctx, tmp, dir);
    if (st && tmp) pc_dir_remove_tree(NULL, tmp);
    free(path);
    free(tmp);
    return st;
}

typedef struct predict_args {
    const char *model, *data, *out, *dataset, *normals, *sex, *gradcam;
    int json;
    int no_normals;        /* --no-normals: no scores, not even against the shipped database */
    int skip_unreadable;   /* --data: a case that cannot be read gets an error row instead of stopping */
    int no_redraw;         /* --no-redraw: maps in a table the model was not trained on are read as they are */
} predict_args;

static int run_study(const predict_args *a, const char *const given[PC_MAP_COUNT], const semiq_setup *setup)
{
    pc_sex sex = PC_SEX_UNKNOWN;
    if (a->sex && (!pc_sex_parse(a->sex, &sex) || !a->sex[0])) {
        fprintf(stderr, "polarcad predict: --sex must be M or F (got '%s')\n", a->sex);
        return CLI_EXIT_USAGE;
    }
    /* The shipped normal database unless told otherwise; without it the scores are left out
     * (said in the output), the prediction does not need them. */
    char shipped_normals[4200];
    const char *normals = a->normals;
    if (!normals && !a->no_normals) {
        if (shipped_file(NULL, SHIPPED_NORMALS, shipped_normals, sizeof shipped_normals)) normals = shipped_normals;
        else fprintf(stderr, "polarcad predict: no normal database given and the shipped one was not found (looked "
                             "in %s): no semi-quantitative scores\n", shipped_normals);
    }
    model_run r;
    int code = model_run_load("predict", a->model, a->dataset, &r);
    if (code) return code;
    r.use.redraw = !a->no_redraw;
    const char *paths[PC_MAP_COUNT], *load[PC_MAP_COUNT];
    if (!model_run_paths("predict", &r, given, paths)) {
        model_run_free(&r);
        return CLI_EXIT_USAGE;
    }
    /* With a normal database every given map is scored, also those the model does not read. */
    for (int m = 0; m < PC_MAP_COUNT; m++) load[m] = normals && strcmp(given[m], "-") ? given[m] : paths[m];
    pc_ctx *ctx = pc_ctx_create();
    semiq_engine engine = {0};
    pc_normals *nd = normals ? malloc(sizeof *nd) : NULL;
    uint8_t *bytes = NULL;
    size_t size = 0;
    pc_study study, seen;
    pc_image redrawn[PC_MAP_COUNT] = {0};
    pc_study_features features;
    pc_gradcam g = {0};
    pc_semiq_result semiq;
    int have_study = 0;
    float p_cad = 0;
    code = CLI_EXIT_FAILURE;
    semiq_setup s = *setup;
    if (!ctx || (normals && !nd)) goto done;
    if (normals && (pc_file_read(ctx, normals, 64u << 20, &bytes, &size) ||
                       pc_normals_parse(ctx, (const char *)bytes, size, normals, nd))) {
        cli_report(ctx, "predict");
        goto done;
    }
    if (nd && !setup->layout_given) s.layout = nd->layout;   /* the database decides, unless told */
    if (semiq_engine_create(ctx, &s, &engine) || semiq_load_study(ctx, &engine, &s, load, sex, &features, &study)) {
        cli_report(ctx, "predict");
        goto done;
    }
    have_study = 1;
    clock_t t0 = clock();
    int class_index;
    /* The study as the network reads it, drawn again once if need be, for the network and
     * the Grad-CAM pictures alike. */
    if (pc_predictor_network_study(ctx, &r.use, &study, &seen, redrawn) ||
        pc_predictor_run_seen(ctx, r.model, &r.use, &seen, s.layout, &p_cad, &class_index, &g) ||
        (nd && pc_semiq_score(ctx, nd, &features, &s.config, &semiq)) ||
        (a->gradcam && write_gradcam(ctx, a->gradcam, &r, &seen, &g, s.layout, p_cad))) {
        cli_report(ctx, "predict");
        goto done;
    }
    if (getenv("POLARCAD_TIMING"))
        fprintf(stderr, "predict: network + Grad-CAM %.0f ms (CPU time)\n", 1e3 * (double)(clock() - t0) / CLOCKS_PER_SEC);
    if (a->json) print_study_json(&r, paths, &study, p_cad, &g, nd ? &semiq : NULL);
    else print_study_text(&r, paths, &study, p_cad, &g, nd ? &semiq : NULL, normals);
    if (a->gradcam && !a->json) printf("wrote the Grad-CAM pictures to %s\n", a->gradcam);
    code = CLI_EXIT_OK;
done:
    if (have_study) pc_study_free(&study);
    for (int m = 0; m < PC_MAP_COUNT; m++) pc_image_free(&redrawn[m]);
    pc_gradcam_free(&g);
    free(bytes);
    free(nd);
    semiq_engine_free(&engine);
    model_run_free(&r);
    pc_ctx_free(ctx);
    return code;
}

/* ---- a data set ----------------------------------------------------------------------------- */

/* Writes s as one RFC 4180 field (quoted, inner quotes doubled, line breaks as spaces) into
 * out (room for 2 strlen(s) + 2 bytes, at most 4096 characters of s); returns the bytes written. */
static size_t csv_quote(char *out, size_t room, const char *s)
{
    size_t n = 0;
    if (room < 3) return 0;
    out[n++] = '"';
    for (size_t i = 0; s[i] && i < 4096 && n + 3 < room; i++) {
        char ch = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
        if (ch == '"') out[n++] = '"';
        out[n++] = ch;
    }
    out[n++] = '"';
    return n;
}

static int run_data(const predict_args *a, const semiq_setup *setup)
{
    model_run r;
    int code = model_run_load("predict", a->model, a->dataset, &r);
    if (code) return code;
    r.use.redraw = !a->no_redraw;
    pc_ctx *ctx = pc_ctx_create();
    pc_manifest mf = {0};
    semiq_engine engine = {0};
    char *csv = NULL;
    size_t len = 0, cap = 0;
    pc_confusion conf = {0};
    code = CLI_EXIT_FAILURE;
    if (!ctx || pc_manifest_read_maps(ctx, a->data, pc_manifest_maps_for(r.use.dataset), &mf) || semiq_engine_create(ctx, setup, &engine)) {
        if (ctx) cli_report(ctx, "predict");
        goto done;
    }
    cap = 128 + (size_t)mf.count * 160;
    if (!(csv = malloc(cap))) goto done;
    const int skip = a->skip_unreadable;
    int unreadable = 0, other_table = 0;
    char first_table_warning[512] = "";
    len += (size_t)snprintf(csv + len, cap - len, "case_id,label,p_cad,class,top_territory,lad,lcx,rca%s\n",
                            skip ? ",error" : "");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < mf.count; i++) {
        const pc_manifest_case *c = &mf.cases[i];
        /* the row's numbers take under 128 bytes; an error message, quoted, at most twice its length */
        const size_t need = 128 + strlen(c->case_id) + (skip ? 2 * 4096 + 2 : 0);
        while (len + need > cap) {
            char *bigger = realloc(csv, cap *= 2);
            if (!bigger) goto done;
            csv = bigger;
        }
        pc_study study;
        pc_gradcam g = {0};
        float p = 0;
        if (model_run_case(ctx, &r, &engine, setup, c, &study)) {
            if (!skip) {
                cli_report(ctx, "predict");
                goto done;
            }
            fprintf(stderr, "polarcad predict: skipped (unreadable): %s\n", pc_ctx_last_error(ctx));
            unreadable++;
            len += (size_t)snprintf(csv + len, cap - len, "%s,%d,,unreadable,,,,,", c->case_id, c->label);
            len += csv_quote(csv + len, cap - len, pc_ctx_last_error(ctx));
            csv[len++] = '\n';
            continue;
        }
        pc_status st = model_run_study(ctx, &r, &study, setup->layout, &p, &g);
        char table_warning[400];
        if (!st && pc_predictor_table_warning(&r.use, &study, table_warning, sizeof table_warning) && !other_table++)
            snprintf(first_table_warning, sizeof first_table_warning, "%s: %s", c->case_id, table_warning);
        pc_study_free(&study);
        if (st) {
            cli_report(ctx, "predict");
            goto done;
        }
        int cls = g.class_index == r.use.cad_class;
        pc_confusion_add(&conf, c->label, cls);

        len += (size_t)snprintf(csv + len, cap - len, "%s,%d,%.6f,%s,%s,%.4f,%.4f,%.4f%s\n", c->case_id, c->label,
                                (double)p, cls ? "cad" : "no_cad",
                                g.mass > 0 ? pc_territory_name(pc_gradcam_top_territory(g.study_share)) : "",
                                g.study_share[0], g.study_share[1], g.study_share[2], skip ? "," : "");
        pc_gradcam_free(&g);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (unreadable == mf.count) {   /* nothing to write: fail as without --skip-unreadable */
        fprintf(stderr, "polarcad predict: none of the %d cases of %s could be read; %s not written\n", mf.count,
                a->data, a->out);
        goto done;
    }
    if (pc_file_write_atomic(ctx, a->out, csv, len)) {
        cli_report(ctx, "predict");
        goto done;
    }
    double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    pc_metrics mt = pc_metrics_from_confusion(&conf);
    model_run_print_provenance(&r, stdout);
    printf("%d cases of %s in %.1f s (%.0f ms a study, preprocessing and Grad-CAM included)\n", mf.count, a->data,
           secs, 1e3 * secs / (mf.count ? mf.count : 1));
    if (unreadable)
        printf("%d of them unreadable and skipped (class 'unreadable', the message in the error column); "
               "the tallies below are over the other %d\n", unreadable, mf.count - unreadable);
    if (other_table)
        printf("warning: %d of them are in a colour table this model was not trained on (the first, %s)\n",
               other_table, first_table_warning);
    printf("class = the more probable one (P(CAD) > 0.5): accuracy %.2f%%, sensitivity %.2f%%, specificity %.2f%%"
           " (TP %d FN %d FP %d TN %d)\n", 100 * mt.accuracy, 100 * mt.sensitivity, 100 * mt.specificity, conf.tp,
           conf.fn, conf.fp, conf.tn);
    printf("wrote %s\n\n%s\n", a->out, cli_disclaimer);
    code = CLI_EXIT_OK;
done:
    free(csv);
    semiq_engine_free(&engine);
    pc_manifest_free(&mf);
    model_run_free(&r);
    pc_ctx_free(ctx);
    return code;
}

int cmd_predict(int argc, char **argv)
{
    predict_args a;
    memset(&a, 0, sizeof a);
    int study = 0, help = 0;
    semiq_args sa;
    cli_option options[14 + SEMIQ_OPTION_COUNT] = {
        {"model", &a.model, NULL},     {"data", &a.data, NULL},   {"out", &a.out, NULL},
        {"dataset", &a.dataset, NULL}, {"normals", &a.normals, NULL}, {"sex", &a.sex, NULL},
        {"gradcam", &a.gradcam, NULL}, {"json", NULL, &a.json},   {"study", NULL, &study},
        {"help", NULL, &help},         {"skip-unreadable", NULL, &a.skip_unreadable},
        {"no-normals", NULL, &a.no_normals}, {"no-redraw", NULL, &a.no_redraw},
    };
    const char *positional[PC_MAP_COUNT + 1];
    int n_positional = 0;
    semiq_setup setup;
    int code = semiq_command_parse("predict", argc, argv, usage, options, 13, &sa, &help, PC_MAP_COUNT + 1,
                                   positional, &n_positional, &setup);
    if (code >= 0) return code;
    if (!a.data == !study) {
        fprintf(stderr, "polarcad predict: needs either --study A B C D or --data manifest.csv\n%s", usage);
        return CLI_EXIT_USAGE;
    }
    if (a.normals && a.no_normals) {
        fprintf(stderr, "polarcad predict: --normals and --no-normals contradict each other\n");
        return CLI_EXIT_USAGE;
    }
    char shipped_model[4200];
    if (!a.model) {
        if (!shipped_file(argv[0], SHIPPED_MODEL, shipped_model, sizeof shipped_model)) {
            fprintf(stderr, "polarcad predict: no --model given and the shipped model was not found (looked in %s); "
                            "train it with scripts/train-default or give --model FILE\n", shipped_model);
            return CLI_EXIT_FAILURE;
        }
        a.model = shipped_model;
    }
    if (a.data) {
        if (n_positional || !a.out || a.normals || a.no_normals || a.sex || a.json || a.gradcam) {
            fprintf(stderr, "polarcad predict: --data takes --out FILE.csv; --normals, --no-normals, --sex, --json "
                            "and --gradcam go with --study\n");
            return CLI_EXIT_USAGE;
        }
        return run_data(&a, &setup);
    }
    if (n_positional != PC_MAP_COUNT) {
        fprintf(stderr, "polarcad predict: --study needs 4 maps: STRESS_NAC REST_NAC STRESS_AC REST_AC ('-' for "
                        "one the model does not use), got %d\n", n_positional);
        return CLI_EXIT_USAGE;
    }
    if (a.out || a.skip_unreadable) {
        fprintf(stderr, "polarcad predict: --out and --skip-unreadable go with --data\n");
        return CLI_EXIT_USAGE;
    }
    return run_study(&a, positional, &setup);
}
