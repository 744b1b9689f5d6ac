/* shipped.c: finding model/'s files beside the executable (see shipped.h). */
#define _DEFAULT_SOURCE   /* readlink, PATH_MAX */
#include "shipped.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    fclose(f);
    return 1;
}

int shipped_file(const char *argv0, const char *name, char *out, size_t size)
{
    const char *env = getenv("POLARCAD_MODEL_DIR");
    if (env && env[0]) {
        snprintf(out, size, "%s/%s", env, name);
        if (file_exists(out)) return 1;
        snprintf(out, size, "%s/%s (POLARCAD_MODEL_DIR)", env, name);
        return 0;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) exe[n] = '\0';
    else snprintf(exe, sizeof exe, "%s", argv0 ? argv0 : "");
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    else snprintf(exe, sizeof exe, ".");
    static const char *const places[] = {"model", "../model", "../../model", "../share/polarcad"};
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        snprintf(out, size, "%s/%s/%s", exe, places[i], name);
        if (file_exists(out)) {
            char real[PATH_MAX];   /* "model/model.pcm" reads better than "build/native/../../model/model.pcm" */
            if (realpath(out, real) && strlen(real) < size) strcpy(out, real);
            return 1;
        }
    }
    snprintf(out, size, "%s/{model,../model,../../model,../share/polarcad}/%s", exe, name);
    return 0;
}
