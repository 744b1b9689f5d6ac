/* file.h: whole-file reading with a size limit, and atomic writing.
 *
 * Native builds only use these (the page gets bytes from the browser). Writing goes to
 * a temporary file in the same folder and is renamed over the target at the end, so a
 * failure or a crash never leaves a half-written output behind. */
#ifndef PC_BASE_FILE_H
#define PC_BASE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Reads all of path into a new malloc'd buffer (*bytes_out, free with free()).
 * Refuses files larger than max_size bytes before reading them. */
pc_status pc_file_read(pc_ctx *ctx, const char *path, size_t max_size, uint8_t **bytes_out, size_t *size_out);

/* Writes bytes to path atomically (temporary file + fsync + rename). */
pc_status pc_file_write_atomic(pc_ctx *ctx, const char *path, const void *bytes, size_t size);

/* ---- folders: outputs made of many files are built in a temporary folder and renamed into place ---- */

/* Plain write (no temporary file): for files inside a temporary folder that is itself
 * renamed into place at the end. */
pc_status pc_file_write(pc_ctx *ctx, const char *path, const void *bytes, size_t size);

/* What is at path. */
typedef enum pc_path_kind {
    PC_PATH_MISSING = 0,
    PC_PATH_FILE,           /* a file (or anything that is not a folder) */
    PC_PATH_EMPTY_DIR,
    PC_PATH_DIR,            /* a folder with entries */
    PC_PATH_ERROR           /* could not be examined (permissions); message in ctx */
} pc_path_kind;
pc_path_kind pc_path_kind_of(pc_ctx *ctx, const char *path);

/* Creates one folder (its parent must exist). */
pc_status pc_dir_create(pc_ctx *ctx, const char *path);

/* Creates a new folder beside target, named "<target>.tmp-<pid>-<n>", for building an
 * output that is renamed to target at the end. *path_out is malloc'd (free()). */
pc_status pc_dir_create_temp(pc_ctx *ctx, const char *target, char **path_out);

/* Removes a folder with the files and folders in it (symbolic links are removed, never
 * followed). Only for folders the caller made itself. */
pc_status pc_dir_remove_tree(pc_ctx *ctx, const char *path);

/* Renames folder from to target; target must be missing or an empty folder. */
pc_status pc_dir_commit(pc_ctx *ctx, const char *from, const char *target);

#endif
