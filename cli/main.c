/* main.c: the polarcad command-line tool: picks a command and runs it. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cv_report.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

/* One line per command; each command's own --help explains its options. */
static const command commands[] = {
    {"montage", cmd_montage, "tile the four polar maps of a study into the paper's montage"},
    {"synth", cmd_synth, "write a synthetic cohort of polar-map studies (or a gallery of it)"},
    {"preprocess", cmd_preprocess, "find the disc in captures, write 150 x 150 tiles and the montages"},
    {"normals", cmd_normals, "build the semi-quantitative normal database from no-CAD cases"},
    {"score", cmd_score, "semi-quantitative scores (SSS/SRS/SDS, TPD); cross-validated baseline"},
    {"import-keras", cmd_import_keras, "ImageNet VGG weights from a Keras .h5 file -> a polarcad model"},
    {"predict", cmd_predict, "P(CAD), class, Grad-CAM territories (and scores) of a study or a data set"},
    {"export", cmd_export, "a model file with fp16 or int8 weights (smaller, e.g. for the page)"},
    {"train", cmd_train, "train the network on a manifest (augmentation, cached frozen layers, checkpoints)"},
    {"cv", cmd_cv, "the paper's k-fold cross-validation (--fold K per run; --merge: report beside Semi-Q, baseline)"},
};

static void print_help(void)
{
    printf("polarcad %s: deep learning on SPECT myocardial perfusion polar maps\n\n", pc_version());
    printf("usage: polarcad COMMAND [OPTIONS]   (polarcad COMMAND --help for its options)\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  %-14s %s\n", commands[i].name, commands[i].summary);
    printf("\n  --help         this text\n  --version      the version\n\n%s\n", cli_disclaimer);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help();
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_help();
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("polarcad %s\n", pc_version());
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc, argv);
    fprintf(stderr, "polarcad: unknown command '%s' (see polarcad --help)\n", argv[1]);
    return CLI_EXIT_USAGE;
}
