/* status.c: the error context (see status.h). */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PC_CTX_MESSAGE_MAX = 1024 };

struct pc_ctx {
    pc_status last_status;
    char last_error[PC_CTX_MESSAGE_MAX];
};

const char *pc_status_str(pc_status status)
{
    switch (status) {
    case PC_STATUS_OK: return "ok";
    case PC_STATUS_INVALID_ARGUMENT: return "invalid argument";
    case PC_STATUS_IO: return "i/o error";
    case PC_STATUS_BAD_FORMAT: return "bad format";
    case PC_STATUS_UNSUPPORTED: return "unsupported";
    case PC_STATUS_TOO_LARGE: return "too large";
    case PC_STATUS_OUT_OF_MEMORY: return "out of memory";
    case PC_STATUS_NOT_FOUND: return "not found";
    case PC_STATUS_COUNT: break;
    }
    return "unknown status";
}

pc_ctx *pc_ctx_create(void)
{
    return calloc(1, sizeof(pc_ctx));
}

void pc_ctx_free(pc_ctx *ctx)
{
    free(ctx);
}

const char *pc_ctx_last_error(const pc_ctx *ctx)
{
    return ctx ? ctx->last_error : "";
}

pc_status pc_ctx_last_status(const pc_ctx *ctx)
{
    return ctx ? ctx->last_status : PC_STATUS_OK;
}

void pc_ctx_clear(pc_ctx *ctx)
{
    if (!ctx) return;
    ctx->last_status = PC_STATUS_OK;
    ctx->last_error[0] = '\0';
}

pc_status pc_fail(pc_ctx *ctx, pc_status status, const char *fmt, ...)
{
    if (!ctx) return status;
    va_list args;
    va_start(args, fmt);
    vsnprintf(ctx->last_error, sizeof ctx->last_error, fmt, args);
    va_end(args);
    ctx->last_status = status;
    return status;
}

pc_status pc_fail_prefix(pc_ctx *ctx, const char *prefix)
{
    if (!ctx) return PC_STATUS_INVALID_ARGUMENT;
    /* Build "prefix: old" in a scratch buffer, cutting at the buffer size (truncation of
     * an over-long message is intended). */
    char joined[PC_CTX_MESSAGE_MAX];
    size_t n = 0;
    for (const char *p = prefix; *p && n + 1 < sizeof joined; p++) joined[n++] = *p;
    for (const char *p = ": "; *p && n + 1 < sizeof joined; p++) joined[n++] = *p;
    for (const char *p = ctx->last_error; *p && n + 1 < sizeof joined; p++) joined[n++] = *p;
    joined[n] = '\0';
    memcpy(ctx->last_error, joined, n + 1);
    return ctx->last_status;
}
