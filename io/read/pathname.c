/* io/read/pathname.c — see pathname.h. */
#include "io/read/pathname.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The length (1-4) of the strict UTF-8 sequence at s (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF) and its code point, or 0 when s[0] starts none. */
static size_t utf8_at(const unsigned char *s, uint32_t *cp)
{
    unsigned char b = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len;
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
        *cp = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        *cp = b & 0x0Fu;
        lo = b == 0xE0 ? 0xA0 : 0x80;
        hi = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        *cp = b & 0x07u;
        lo = b == 0xF0 ? 0x90 : 0x80;
        hi = b == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi) /* also stops at the NUL that ends s */
        return 0;
    for (size_t k = 1; k < len; k++) {
        if (k > 1 && (s[k] < 0x80 || s[k] > 0xBF))
            return 0;
        *cp = (*cp << 6) | (s[k] & 0x3Fu);
    }
    return len;
}

/* Code points that can make a name read as another or break a line: shown as \uHHHH. */
static int unicode_escaped(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Output that keeps whole units: once one does not fit, nothing more is written, but the
 * length needed is still counted. */
typedef struct {
    char *out;
    size_t cap, n, need;
    int full;
} sink;

static void put(sink *k, const char *u, size_t len)
{
    k->need += len;
    if (k->full || !k->out)
        return;
    if (k->n + len >= k->cap) {
        k->full = 1;
        return;
    }
    memcpy(k->out + k->n, u, len);
    k->n += len;
}

/* Escapes s into k. names: the shown form of a file name (tab escaped, the backslash
 * rule); otherwise the net for a message line (tab and backslashes kept). */
static void escape(const char *s, int names, sink *k)
{
    const unsigned char *u = (const unsigned char *)s;
    char e[16];
    while (*u) {
        uint32_t cp = 0;
        size_t len = utf8_at(u, &cp);
        if (len == 0 || (cp < 0x20 && (names || cp != '\t')) || cp == 0x7F) {
            snprintf(e, sizeof e, "\\x%02X", len == 0 ? u[0] : (unsigned)cp);
            put(k, e, 4);
            u++;
            continue;
        }
        if (unicode_escaped(cp)) {
            snprintf(e, sizeof e, "\\u%04X", (unsigned)cp);
            put(k, e, 6);
        } else if (names && cp == '\\' && (u[1] == 'x' || u[1] == 'u')) {
            put(k, "\\x5C", 4);
        } else {
            put(k, (const char *)u, len);
        }
        u += len;
    }
    if (k->out)
        k->out[k->n] = '\0';
}

int rd_pathname_plain(const char *raw)
{
    /* Most names are printable ASCII without a backslash: decided in one pass over the
     * bytes (the text stage asks for every file); others go through the full rule. */
    const unsigned char *u = (const unsigned char *)raw;
    while (*u >= 0x20 && *u < 0x7F && *u != '\\')
        u++;
    if (*u == '\0')
        return 1;
    sink k = {0};
    escape(raw, 1, &k);
    return k.need == strlen(raw);
}

static char *escaped_copy(const char *s, int names)
{
    sink m = {0};
    escape(s, names, &m);
    char *out = malloc(m.need + 1);
    if (!out)
        return NULL;
    sink k = {out, m.need + 1, 0, 0, 0};
    escape(s, names, &k);
    return out;
}

char *rd_pathname_show(const char *raw) { return escaped_copy(raw, 1); }

char *rd_pathname_safe(const char *s) { return escaped_copy(s, 0); }

const char *rd_pathname_show_into(const char *raw, char *out, size_t cap)
{
    sink k = {out, cap, 0, 0, 0};
    escape(raw, 1, &k);
    return out;
}

char *rd_pathname_base64(const char *raw)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *s = (const unsigned char *)raw;
    size_t n = strlen(raw), o = 0;
    char *out = malloc((n + 2) / 3 * 4 + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? b64[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}
