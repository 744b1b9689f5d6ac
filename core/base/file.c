/* file.c: see file.h. POSIX (fsync, rename); the wasm build compiles it but the page
 * never calls it. */
#define _POSIX_C_SOURCE 200809L
#include "file.h"

#include <dirent.h>
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

/* ---- folders ------------------------------------------------------------------------- */


pc_status pc_file_write(pc_ctx *ctx, const char *path, const void *bytes, size_t size)
{
    if (!path || !path[0]) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "no output file name given");
    FILE *f = fopen(path, "wb");
    if (!f) return pc_fail(ctx, PC_STATUS_IO, "%s: cannot write: %s", path, strerror(errno));
    int ok = fwrite(bytes, 1, size, f) == size;
    int saved_errno = errno;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        remove(path);
        return pc_fail(ctx, PC_STATUS_IO, "%s: write failed: %s", path, strerror(saved_errno ? saved_errno : errno));
    }
    return PC_STATUS_OK;
}

pc_path_kind pc_path_kind_of(pc_ctx *ctx, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT) return PC_PATH_MISSING;
        pc_fail(ctx, PC_STATUS_IO, "%s: %s", path, strerror(errno));
        return PC_PATH_ERROR;
    }
    if (!S_ISDIR(st.st_mode)) return PC_PATH_FILE;
    DIR *d = opendir(path);
    if (!d) {
        pc_fail(ctx, PC_STATUS_IO, "%s: %s", path, strerror(errno));
        return PC_PATH_ERROR;
    }
    pc_path_kind kind = PC_PATH_EMPTY_DIR;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) { kind = PC_PATH_DIR; break; }
    closedir(d);
    return kind;
}

pc_status pc_dir_create(pc_ctx *ctx, const char *path)
{
    if (mkdir(path, 0777) != 0) return pc_fail(ctx, PC_STATUS_IO, "%s: cannot create folder: %s", path, strerror(errno));
    return PC_STATUS_OK;
}

pc_status pc_dir_create_temp(pc_ctx *ctx, const char *target, char **path_out)
{
    if (!target || !target[0]) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "no output folder given");
    size_t len = strlen(target);
    while (len > 1 && target[len - 1] == '/') len--;   /* "out/" -> "out.tmp-..." beside it */
    size_t cap = len + 48;
    char *tmp = malloc(cap);
    if (!tmp) return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "%s: out of memory", target);
    for (int n = 0; n < 1000; n++) {
        snprintf(tmp, cap, "%.*s.tmp-%ld-%d", (int)len, target, (long)getpid(), n);
        if (mkdir(tmp, 0777) == 0) {
            *path_out = tmp;
            return PC_STATUS_OK;
        }
        if (errno != EEXIST) break;
    }
    pc_status s = pc_fail(ctx, PC_STATUS_IO, "%.*s: cannot create a temporary folder beside it (%s): %s", (int)len,
                          target, tmp, strerror(errno));
    free(tmp);
    return s;
}

static int remove_tree(const char *path, int depth)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode)) return remove(path);
    if (depth > 16) return -1;
    DIR *d = opendir(path);
    if (!d) return -1;
    int rc = 0;
    struct dirent *e;
    size_t len = strlen(path);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        size_t n = len + strlen(e->d_name) + 2;
        char *child = malloc(n);
        if (!child) { rc = -1; break; }
        snprintf(child, n, "%s/%s", path, e->d_name);
        if (remove_tree(child, depth + 1) != 0) rc = -1;
        free(child);
    }
    closedir(d);
    if (rmdir(path) != 0) rc = -1;
    return rc;
}

pc_status pc_dir_remove_tree(pc_ctx *ctx, const char *path)
{
    if (!path || !path[0]) return pc_fail(ctx, PC_STATUS_INVALID_ARGUMENT, "no folder given");
    if (remove_tree(path, 0) != 0) return pc_fail(ctx, PC_STATUS_IO, "%s: could not remove: %s", path, strerror(errno));
    return PC_STATUS_OK;
}

pc_status pc_dir_commit(pc_ctx *ctx, const char *from, const char *target)
{
    pc_path_kind kind = pc_path_kind_of(ctx, target);
    if (kind == PC_PATH_ERROR) return pc_ctx_last_status(ctx);
    if (kind == PC_PATH_FILE) return pc_fail(ctx, PC_STATUS_IO, "%s: exists and is not a folder", target);
    if (kind == PC_PATH_DIR) return pc_fail(ctx, PC_STATUS_IO, "%s: exists and is not empty", target);
    if (rename(from, target) != 0)
        return pc_fail(ctx, PC_STATUS_IO, "%s: cannot move the finished folder into place: %s", target, strerror(errno));
    return PC_STATUS_OK;
}
