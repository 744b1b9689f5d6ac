/* cmd_train.c: `polarcad train`: one model on every case of a manifest (core/train).
 * The cross-validated experiment is `polarcad cv` (cmd_cv.c); both share train_cli.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train_cli.h"

static const char *const usage =
    "usage: polarcad train --data manifest.csv --out model.pcm [--dataset acnac|ac|nac] [--arch vgg16|vgg19]\n"
    "                      [--trainable K] [--weights BASE.pcm] [--augment N] [--epochs E] [--batch B]\n"
    "                      [--lr RATE] [--seed S] [--threads T] [--checkpoint DIR [--resume]] [--quiet]\n"
    "\n"
    "Trains the paper's network (VGG with a 500/250/2 head, top K convs fine-tuned) on every\n"
    "case of the manifest: rotation augmentation (all maps of a study turned by one random angle\n"
    "in [-45, 45] degrees) until the training set holds N images, half per class; the frozen\n"
    "layers run once per image and are cached; Adam, categorical cross-entropy. The model file's\n"
    "metadata records how and on what it was trained. To measure a model, use `polarcad cv`.\n"
    "\n"
    "  --out model.pcm      the model file (written atomically at the end)\n"
    "  --checkpoint DIR     a checkpoint after every epoch and on Ctrl-C / SIGTERM (DIR/checkpoint.pcc)\n"
    "  --resume             continue from DIR's checkpoint (same options, same --threads for\n"
    "                       bit-identical weights)\n";

int cmd_train(int argc, char **argv)
{
    train_args ta;
    memset(&ta, 0, sizeof ta);
    const char *out = NULL, *checkpoint = NULL;
    int resume = 0, help = 0;
    cli_option options[TRAIN_OPTION_COUNT + 4] = {
        {"out", &out, NULL}, {"checkpoint", &checkpoint, NULL}, {"resume", NULL, &resume}, {"help", NULL, &help}};
    int n_options = 4 + train_options(&ta, options + 4);
    if (!cli_parse("train", argc, argv, 2, options, n_options, NULL, 0, NULL)) return CLI_EXIT_USAGE;
    if (help) {
        printf("%s%s\n%s\n", usage, train_options_help, cli_disclaimer);
        return CLI_EXIT_OK;
    }
    if (!out) {
        fprintf(stderr, "polarcad train: give --out model.pcm\n%s", usage);
        return CLI_EXIT_USAGE;
    }
    if (resume && !checkpoint) {
        fprintf(stderr, "polarcad train: --resume needs --checkpoint DIR\n");
        return CLI_EXIT_USAGE;
    }
    train_setup s;
    int code = train_setup_parse("train", &ta, &s);
    if (code) return code;

    pc_ctx *ctx = pc_ctx_create();
    pc_manifest mf = {0};
    pc_study *studies = NULL;
    int *labels = NULL;
    pc_vgg *base = NULL, *model = NULL;
    pc_model_info info;
    memset(&info, 0, sizeof info);
    char *meta = NULL, ckpt_path[4200];
    pc_train_result *r = calloc(1, sizeof *r);
    code = CLI_EXIT_FAILURE;
    if (!ctx || !r || pc_manifest_read_maps(ctx, s.data, pc_manifest_maps_for(s.tc.dataset), &mf) || train_load_base(ctx, &s, &base)) goto report;
    train_setup_config_line(&s, mf.count);
    if (!s.weights && !s.quiet)
        fprintf(stderr, "polarcad train: no --weights: the conv base is NOT ImageNet-pretrained; it starts from "
                        "Glorot-uniform random weights (seed %llu), as Keras initialises a new layer\n",
                (unsigned long long)s.tc.vgg.seed);
    if (checkpoint) {
        if (train_ensure_dir(ctx, checkpoint)) goto report;
        snprintf(ckpt_path, sizeof ckpt_path, "%s/checkpoint.pcc", checkpoint);
        s.tc.checkpoint_path = ckpt_path;
        s.tc.resume = resume;
    }
    char fingerprint[1100];
    snprintf(fingerprint, sizeof fingerprint, "train %s", s.config_line);
    s.tc.fingerprint = fingerprint;
    if (!s.quiet) fprintf(stderr, "polarcad train: preprocessing %d studies from %s ...\n", mf.count, s.data);
    if (train_load_studies(ctx, &mf, s.tc.dataset, s.threads, &studies)) goto report;
    labels = malloc(sizeof *labels * (size_t)mf.count);
    if (!labels) goto report;
    for (int i = 0; i < mf.count; i++) labels[i] = mf.cases[i].label;
    train_progress prog;
    train_progress_init(&prog, "train", "", s.quiet);
    s.tc.progress = train_progress_report;
    s.tc.progress_user = &prog;
    s.tc.stop = &train_stop_flag;
    train_install_signals();
    double t0 = train_now();
    if (pc_train_run(ctx, &s.tc, base, s.weights, studies, labels, mf.count, &model, r)) goto report;
    if (r->interrupted) {
        fprintf(stderr, "polarcad train: interrupted after %d of %d epochs; %s\n", r->epochs_done, s.tc.epochs,
                r->checkpointed ? "the checkpoint is saved: rerun with --resume to continue"
                : checkpoint    ? "stopped before training began, nothing to keep (an earlier checkpoint stays)"
                                : "no --checkpoint was given, so the progress is lost");
        goto done;
    }
    if (pc_model_info_init(ctx, &s.tc.vgg, &info)) goto report;
    info.dataset = (int)s.tc.dataset;
    /* The colour tables the training maps were in: predict and the page warn when a study
     * is in another (the network reads colours; docs/results.md "Robustness"). */
    unsigned seen = 0;
    for (int i = 0; i < mf.count; i++) seen |= 1u << studies[i].table;
    char names[128], tables[160];
    pc_colormap_list(seen, "\"", names, sizeof names);
    snprintf(tables, sizeof tables, "\"colormaps\": [%s]", names);
    if (train_metadata_json(ctx, &s, &mf, tables, r, &meta) || pc_model_info_set_metadata(ctx, &info, meta) ||
        pc_model_save(ctx, model, &info, out))
        goto report;
    printf("trained %s-%s on %d cases of %s (%d CAD, %d no CAD): %d images (%d rotated), %d epochs%s\n",
           pc_vgg_arch_name(s.tc.vgg.arch), ta.trainable ? ta.trainable : "4", mf.count, s.data,
           r->cases_per_class[1], r->cases_per_class[0], r->images, r->images - r->originals, r->epochs_done,
           r->resumed ? " (resumed)" : "");
    if (r->epochs_done)
        printf("last epoch: loss %.4f, training accuracy %.3f (training data: not a measure of the model; use "
               "polarcad cv)\n", r->history[r->epochs_done - 1].loss, r->history[r->epochs_done - 1].accuracy);
    printf("wrote %s in %.0f s\n%s\n", out, train_now() - t0, cli_disclaimer);
    code = CLI_EXIT_OK;
    goto done;
report:
    cli_report(ctx, "train");
done:
    free(meta);
    free(r);
    free(labels);
    pc_model_info_free(&info);
    pc_vgg_free(model);
    pc_vgg_free(base);
    train_free_studies(studies, mf.count);
    pc_manifest_free(&mf);
    pc_ctx_free(ctx);
    return code;
}
