/* file.h: whole-file reading with a size limit, and atomic writing.
 *
 * Native builds only use these (the page gets bytes from the browser). Writing goes to
 * a temporary file in the same folder and is renamed over the target at the end, so a
 * failure or a crash never leaves a half-written output behind. */
#ifndef PC_IO_FILE_H
#define PC_IO_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/status.h"

/* Reads all of path into a new malloc'd buffer (*bytes_out, free with free()).
 * Refuses files larger than max_size bytes before reading them. */
pc_status pc_file_read(pc_ctx *ctx, const char *path, size_t max_size, uint8_t **bytes_out, size_t *size_out);

/* Writes bytes to path atomically (temporary file + fsync + rename). */
pc_status pc_file_write_atomic(pc_ctx *ctx, const char *path, const void *bytes, size_t size);

#endif
