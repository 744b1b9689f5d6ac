/* cache.c: frozen outputs in memory and in an unlinked spill file (see cache.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"

pc_status train_cache_open(pc_ctx *ctx, size_t elems, long count, size_t budget, const char *spill_dir,
                           train_cache *out)
{
    train_cache c;
    memset(&c, 0, sizeof c);
    c.elems = elems;
    c.count = count;
    c.fd = -1;
    c.dir = spill_dir ? spill_dir : "/tmp";
    size_t bytes = elems * sizeof(float);
    c.in_memory = (long)(budget / bytes) < count ? (long)(budget / bytes) : count;
    if (c.in_memory > 0) {
        c.mem = malloc((size_t)c.in_memory * bytes);
        if (!c.mem)
            return pc_fail(ctx, PC_STATUS_OUT_OF_MEMORY, "cannot allocate %.0f MB for the frozen-feature cache",
                           (double)c.in_memory * (double)bytes / 1048576.0);
    }
    if (c.in_memory < count) {
        char path[4096];
        snprintf(path, sizeof path, "%s/polarcad-frozen-XXXXXX", c.dir);
        c.fd = mkstemp(path);
        if (c.fd < 0) {
            free(c.mem);
            return pc_fail(ctx, PC_STATUS_IO, "cannot create the frozen-feature spill file in %s: %s", c.dir,
                           strerror(errno));
        }
        unlink(path);   /* gone with the descriptor, also when the process is killed */
    }
    *out = c;
    return PC_STATUS_OK;
}

pc_status train_cache_put(pc_ctx *ctx, train_cache *c, long i, const float *x)
{
    size_t bytes = c->elems * sizeof(float);
    if (i < c->in_memory) {
        memcpy(c->mem + (size_t)i * c->elems, x, bytes);
        return PC_STATUS_OK;
    }
    off_t at = (off_t)(i - c->in_memory) * (off_t)bytes;
    for (size_t done = 0; done < bytes;) {
        ssize_t w = pwrite(c->fd, (const char *)x + done, bytes - done, at + (off_t)done);
        if (w <= 0)
            return pc_fail(ctx, PC_STATUS_IO,
                           "frozen-feature spill file in %s: %s (it needs %.0f MB beyond the memory budget; "
                           "free space there, point TMPDIR elsewhere or raise --cache-mb)",
                           c->dir, w < 0 ? strerror(errno) : "short write",
                           (double)(c->count - c->in_memory) * (double)bytes / 1048576.0);
        done += (size_t)w;
    }
    return PC_STATUS_OK;
}

pc_status train_cache_get(pc_ctx *ctx, const train_cache *c, long i, float *out)
{
    size_t bytes = c->elems * sizeof(float);
    if (i < c->in_memory) {
        memcpy(out, c->mem + (size_t)i * c->elems, bytes);
        return PC_STATUS_OK;
    }
    off_t at = (off_t)(i - c->in_memory) * (off_t)bytes;
    for (size_t done = 0; done < bytes;) {
        ssize_t r = pread(c->fd, (char *)out + done, bytes - done, at + (off_t)done);
        if (r <= 0)
            return pc_fail(ctx, PC_STATUS_IO, "frozen-feature spill file in %s: %s", c->dir,
                           r < 0 ? strerror(errno) : "unexpected end");
        done += (size_t)r;
    }
    return PC_STATUS_OK;
}

void train_cache_close(train_cache *c)
{
    free(c->mem);
    if (c->fd >= 0) close(c->fd);
    memset(c, 0, sizeof *c);
    c->fd = -1;
}
