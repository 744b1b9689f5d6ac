/* cache.h: the frozen layers' outputs, computed once per training image (internal).
 *
 * The first images (as many as the memory budget holds) stay in memory, the rest go to a
 * temporary file in a given folder. The file is unlinked as soon as it is created, so it
 * disappears when the cache is closed or the process dies, however it dies. */
#ifndef PC_TRAIN_CACHE_H
#define PC_TRAIN_CACHE_H

#include <stddef.h>

#include "../base/status.h"

typedef struct train_cache {
    size_t elems;        /* floats per image */
    long count;          /* images */
    long in_memory;      /* images 0..in_memory-1 are in mem, the rest in the file */
    float *mem;          /* (in_memory, elems) */
    int fd;              /* spill file, -1 when everything fits */
    const char *dir;     /* the spill file's folder, for messages */
} train_cache;

/* Room for count images of elems floats, at most budget bytes of it in memory. */
pc_status train_cache_open(pc_ctx *ctx, size_t elems, long count, size_t budget, const char *spill_dir,
                           train_cache *out);
/* Stores image i (i < count). */
pc_status train_cache_put(pc_ctx *ctx, train_cache *c, long i, const float *x);
/* Copies image i to out (elems floats). */
pc_status train_cache_get(pc_ctx *ctx, const train_cache *c, long i, float *out);
void train_cache_close(train_cache *c);

#endif
