/* engine/strbuf.h — a growable text buffer for building output in memory (TSV lines of the
 * text stage, the lists and labels of the run's tables).
 *
 * The text is always NUL-terminated. Errors are sticky: after an allocation fails, oom is
 * set and every later call does nothing; callers check oom once at the end. */
#ifndef RD_STRBUF_H
#define RD_STRBUF_H

#include <stddef.h>

typedef struct {
    char *s;     /* NULL until something is written; owned, free() it */
    size_t n, cap;
    int oom;
} rd_buf;

/* Room for n more bytes and the NUL, for callers that write b->s[b->n…] themselves:
 * 0, or -1 with oom set (also when the size would overflow). */
int rd_buf_reserve(rd_buf *b, size_t n);
void rd_buf_put(rd_buf *b, const char *s, size_t n);
void rd_buf_str(rd_buf *b, const char *s);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void rd_buf_printf(rd_buf *b, const char *fmt, ...);
/* The text so far ("" when empty). */
const char *rd_buf_text(const rd_buf *b);
/* Empties the buffer, keeping its memory. */
void rd_buf_reset(rd_buf *b);

#endif
