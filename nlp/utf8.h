/* nlp/utf8.h — UTF-8 validation and decoding. Strict RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF. */
#ifndef RD_UTF8_H
#define RD_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* 1 when s[0..n) is valid UTF-8. Otherwise 0 and *bad (may be NULL) is the byte offset,
 * counted from 0, of the first byte of the first invalid sequence. */
int rd_utf8_valid(const char *s, size_t n, size_t *bad);

/* The 1-based line of byte offset off in s (newlines counted before it), for messages. */
size_t rd_utf8_line_of(const char *s, size_t off);

/* Decodes the code point at s[0..n) (n >= 1) of text already validated; returns the
 * number of bytes it takes (1..4). */
static inline size_t rd_utf8_decode(const char *s, size_t n, int32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80 || n < 2) {
        *cp = u[0];
        return 1;
    }
    if (u[0] < 0xE0) {
        *cp = ((int32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
        return 2;
    }
    if (u[0] < 0xF0 || n < 4) {
        if (n < 3) {
            *cp = u[0];
            return 1;
        }
        *cp = ((int32_t)(u[0] & 0x0F) << 12) | ((int32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        return 3;
    }
    *cp = ((int32_t)(u[0] & 0x07) << 18) | ((int32_t)(u[1] & 0x3F) << 12) |
          ((int32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
    return 4;
}

/* Decodes the code point that ends just before s[i] (i >= 1); returns its length. */
static inline size_t rd_utf8_decode_back(const char *s, size_t i, int32_t *cp)
{
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    rd_utf8_decode(s + j, i - j, cp);
    return i - j;
}

#endif
