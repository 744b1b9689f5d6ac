/* text.c: see text.h. */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pc_text_printf(pc_text *t, const char *fmt, ...)
{
    if (t->failed) return;
    for (;;) {
        va_list args;
        va_start(args, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, args);
        va_end(args);
        if (n < 0) { t->failed = 1; return; }
        if (t->s && t->len + (size_t)n < t->cap) { t->len += (size_t)n; return; }
        /* Too small (or nothing allocated yet): grow geometrically and format again. */
        size_t cap = t->cap ? t->cap * 2 : 65536;
        while (cap <= t->len + (size_t)n) cap *= 2;
        char *grown = realloc(t->s, cap);
        if (!grown) { t->failed = 1; return; }
        t->s = grown;
        t->cap = cap;
    }
}

void pc_text_free(pc_text *t)
{
    free(t->s);
    memset(t, 0, sizeof *t);
}
