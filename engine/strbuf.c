/* engine/strbuf.c — see strbuf.h. */
#include "engine/strbuf.h"

#include "engine/grow.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rd_buf_reserve(rd_buf *b, size_t n)
{
    if (b->oom)
        return -1;
    if (n > SIZE_MAX / 4 - b->n || RD_GROW_MIN(b->s, b->cap, b->n + n + 1, 64)) {
        b->oom = 1;
        return -1;
    }
    return 0;
}

void rd_buf_put(rd_buf *b, const char *s, size_t n)
{
    if (rd_buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

void rd_buf_str(rd_buf *b, const char *s) { rd_buf_put(b, s, strlen(s)); }

void rd_buf_printf(rd_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k > 0)
        rd_buf_put(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

const char *rd_buf_text(const rd_buf *b) { return b->s && b->n ? b->s : ""; }

void rd_buf_reset(rd_buf *b)
{
    b->n = 0;
    if (b->s)
        b->s[0] = '\0';
}
