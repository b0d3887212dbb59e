/* nlp/utf8.c — see utf8.h. ASCII runs are skipped eight bytes at a time. */
#include "nlp/utf8.h"

#include <string.h>

size_t rd_utf8_line_of(const char *s, size_t off)
{
    size_t line = 1;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + off - p))) != NULL; p++)
        line++;
    return line;
}

int rd_utf8_valid(const char *s, size_t n, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (!(w & 0x8080808080808080u)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = u[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;      /* overlong */
            if (c == 0xED) hi = 0x9F;      /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;      /* overlong */
            if (c == 0xF4) hi = 0x8F;      /* above U+10FFFF */
        } else {
            goto invalid;
        }
        if (i + need >= n) /* truncated at the end */
            goto invalid;
        if (u[i + 1] < lo || u[i + 1] > hi)
            goto invalid;
        for (size_t k = 2; k <= need; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                goto invalid;
        i += need + 1;
        continue;
    invalid:
        if (bad)
            *bad = i;
        return 0;
    }
    return 1;
}
