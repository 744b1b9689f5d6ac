/* test_bad_models.c: the model files of the bad-input corpus (tests/data/bad/expected.tsv,
 * door "model") through pc_model_load: each must fail with a message that names the file
 * and contains the table's fragment. Built natively and as WebAssembly, so the core's
 * loader is checked in both; cli_bad_corpus.sh sends the same files through predict and
 * export.
 *
 *     test_bad_models CORPUS_FOLDER */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "polarcad.h"

int main(int argc, char **argv)
{
    if (argc != 2) return fprintf(stderr, "usage: test_bad_models CORPUS_FOLDER\n"), 2;
    char table[1024], line[1024];
    snprintf(table, sizeof table, "%s/expected.tsv", argv[1]);
    FILE *f = fopen(table, "r");
    CHECK(f != NULL);
    if (!f) return 1;
    pc_ctx *ctx = pc_ctx_create();
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        char *file = strtok(line, "\t"), *door = strtok(NULL, "\t"), *code = strtok(NULL, "\t"),
             *fragment = strtok(NULL, "\n");
        if (!file || file[0] == '#' || !door || strcmp(door, "model") != 0 || !code || !fragment) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", argv[1], file);
        pc_model_info info;
        pc_vgg *model = NULL;
        pc_status st = pc_model_load(ctx, path, NULL, &model, &info);
        const char *msg = pc_ctx_last_error(ctx);
        int ok = st != PC_STATUS_OK && strstr(msg, path) && strstr(msg, fragment);
        if (!ok) fprintf(stderr, "%s: got \"%s\", want \"%s\"\n", file, st ? msg : "(loaded)", fragment);
        CHECK(ok);
        if (!st) pc_model_info_free(&info), pc_vgg_free(model);
        rows++;
    }
    fclose(f);
    pc_ctx_free(ctx);
    CHECK(rows >= 8);
    return check_finish("test_bad_models");
}
