/* status.h: status codes and the error context every fallible call reports into.
 *
 * The convention (docs/pipeline.md 6): whatever can fail on input returns a pc_status
 * (0 = OK) and records a specific, human-readable message in the caller's pc_ctx
 * ("stress_ac.png: PNG data is truncated"). Messages live in the context, not in a
 * global, so two threads with two contexts never race.
 * JavaScript turns a non-zero status into `throw new Error(pc_ctx_last_error(ctx))`.
 */
#ifndef PC_BASE_STATUS_H
#define PC_BASE_STATUS_H

#include <stddef.h>

typedef enum pc_status {
    PC_STATUS_OK = 0,
    PC_STATUS_INVALID_ARGUMENT,   /* a caller passed something impossible (NULL, zero size, unknown name) */
    PC_STATUS_IO,                 /* a file could not be opened, read or written */
    PC_STATUS_BAD_FORMAT,         /* the bytes are not what they claim to be (corrupt, truncated, foreign) */
    PC_STATUS_UNSUPPORTED,        /* valid, but something polarcad deliberately does not handle */
    PC_STATUS_TOO_LARGE,          /* over a documented size limit; refused before allocating */
    PC_STATUS_OUT_OF_MEMORY,
    PC_STATUS_NOT_FOUND,          /* something expected in the input is absent (a disc, a column, a tensor) */
    PC_STATUS_COUNT
} pc_status;

/* Short fixed name of a status ("bad format"), never NULL. */
const char *pc_status_str(pc_status status);

/* Error context: holds the message of the last failure. Cheap; make one per thread. */
typedef struct pc_ctx pc_ctx;

/* Returns NULL only when out of memory. Free with pc_ctx_free (NULL is a no-op). */
pc_ctx *pc_ctx_create(void);
void pc_ctx_free(pc_ctx *ctx);

/* Message of the last failure recorded in ctx; "" when none. Valid until the next call
 * that uses ctx. Never NULL (also for ctx == NULL). */
const char *pc_ctx_last_error(const pc_ctx *ctx);
pc_status pc_ctx_last_status(const pc_ctx *ctx);
void pc_ctx_clear(pc_ctx *ctx);

/* Records a printf-formatted message and returns status, so that failing is one line:
 *     return pc_fail(ctx, PC_STATUS_BAD_FORMAT, "%s: not a PNG", name);
 * ctx may be NULL (the message is dropped). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
pc_status pc_fail(pc_ctx *ctx, pc_status status, const char *fmt, ...);

/* Prepends "prefix: " to the message already in ctx and returns its status. Used by
 * callers that add context ("case c0012: " + "stress_ac.png: truncated"). */
pc_status pc_fail_prefix(pc_ctx *ctx, const char *prefix);

#endif
