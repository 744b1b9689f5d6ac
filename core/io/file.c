/* file.c: see file.h. POSIX (fsync, rename); the wasm build compiles it but the page
 * never calls it. */
#define _POSIX_C_SOURCE 200809L
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

pc_status pc_file_read(pc_ctx *ctx, const char *path, size_t max_size, uint8_t **bytes_out, size_t *size_out)
{
    if (!path || !path[0]) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "no file name given");
    struct stat st;
    if (stat(path, &st) != 0)
        return pc_fail(ctx, errno == ENOENT ? PC_STATUS_NOT_FOUND : PC_STATUS_IO, "%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) return pc_fail(ctx, PC_STATUS_IO, "%s: is a folder, not a file", path);
    if (st.st_size < 0 || (unsigned long long)st.st_size > (unsigned long long)max_size)
        return pc_fail(ctx, PC_STATUS_TOO_LARGE, "%s: %lld bytes is over the limit of %zu bytes", path,
                       (long long)st.st_size, max_size);
    FILE *f = fopen(path, "rb");
    if (!f) return pc_fail(ctx, PC_STATUS_IO, "%s: %s", path, strerror(errno));
    size_t size = (size_t)st.st_size;
    uint8_t *bytes = malloc(size ? size : 1);
    if (!bytes) {
        fclose(f);
        return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory for %zu bytes", path, size);
    }
    size_t got = fread(bytes, 1, size, f);
    int read_error = ferror(f);
    fclose(f);
    if (got != size || read_error) {
        free(bytes);
        return pc_fail(ctx, PC_STATUS_IO, "%s: read %zu of %zu bytes", path, got, size);
    }
    *bytes_out = bytes;
    *size_out = size;
    return PC_STATUS_OK;
}

pc_status pc_file_write_atomic(pc_ctx *ctx, const char *path, const void *bytes, size_t size)
{
    if (!path || !path[0]) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "no output file name given");
    size_t len = strlen(path);
    char *tmp = malloc(len + 32);
    if (!tmp) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", path);
    snprintf(tmp, len + 32, "%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        pc_status s = pc_fail(ctx, PC_STATUS_IO, "%s: cannot write: %s", path, strerror(errno));
        free(tmp);
        return s;
    }
    int ok = fwrite(bytes, 1, size, f) == size;
    ok = fflush(f) == 0 && ok;
    ok = fsync(fileno(f)) == 0 && ok;
    int saved_errno = errno;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        if (ok) saved_errno = errno;
        remove(tmp);
        free(tmp);
        return pc_fail(ctx, PC_STATUS_IO, "%s: write failed: %s", path, strerror(saved_errno));
    }
    free(tmp);
    return PC_STATUS_OK;
}
