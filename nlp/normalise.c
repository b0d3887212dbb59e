/* nlp/normalise.c — see normalise.h.
 *
 * Non-ASCII tokens go through utf8proc in three steps, into buffers kept in rd_norm so
 * that no allocation happens per token: decompose with case folding (and our punctuation
 * map as the custom function), canonical composition (NFC), re-encoding to UTF-8.
 * Text over RD_NORM_MAX bytes takes the ASCII path, which copies other bytes unchanged. */
#include "nlp/normalise.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "engine/grow.h"

struct rd_norm {
    utf8proc_int32_t *buf; /* code points; reencoded to UTF-8 in place */
    size_t cap;            /* in code points */
    char *abuf;            /* ASCII fast path */
    size_t acap;
};

int32_t rd_norm_fold_punct(int32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x00B4: case 0x2032:
        return '\'';
    case 0x2010: case 0x2011:
        return '-';
    default:
        return cp;
    }
}

static utf8proc_int32_t fold_cb(utf8proc_int32_t cp, void *data)
{
    (void)data;
    return rd_norm_fold_punct(cp);
}

const char *rd_norm_unicode_version(void)
{
    return utf8proc_unicode_version();
}

rd_status rd_norm_new(rd_norm **out, rd_err *err)
{
    rd_norm *nz = calloc(1, sizeof *nz);
    *out = NULL;
    if (!nz)
        return rd_fail(err, RD_ENOMEM, "normaliser");
    nz->cap = 256;
    nz->acap = 256;
    nz->buf = malloc(nz->cap * sizeof *nz->buf);
    nz->abuf = malloc(nz->acap);
    if (!nz->buf || !nz->abuf) {
        rd_norm_free(nz);
        return rd_fail(err, RD_ENOMEM, "normaliser buffers");
    }
    *out = nz;
    return RD_OK;
}

void rd_norm_free(rd_norm *nz)
{
    if (!nz)
        return;
    free(nz->buf);
    free(nz->abuf);
    free(nz);
}

rd_status rd_norm_apply(rd_norm *nz, const char *s, size_t n, const char **out, size_t *out_n,
                        rd_err *err)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i;
    for (i = 0; i < n && u[i] < 0x80; i++)
        ;
    if (i == n || n > RD_NORM_MAX) { /* ASCII: lowercase is NFC + casefold; too long: as is */
        if (n + 1 > nz->acap) { /* sized to twice the token, not doubled */
            if (RD_RESIZE(nz->abuf, (n + 1) * 2))
                return rd_fail(err, RD_ENOMEM, "normalising a %zu-byte token", n);
            nz->acap = (n + 1) * 2;
        }
        for (i = 0; i < n; i++) {
            unsigned char c = u[i];
            nz->abuf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        nz->abuf[n] = '\0';
        *out = nz->abuf;
        *out_n = n;
        return RD_OK;
    }
    const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
    for (;;) {
        utf8proc_ssize_t len = utf8proc_decompose_custom(u, (utf8proc_ssize_t)n, nz->buf,
                                                         (utf8proc_ssize_t)nz->cap, opt,
                                                         fold_cb, NULL);
        if (len < 0)
            return rd_fail(err, RD_EUTF8, "normalising: %s", utf8proc_errmsg(len));
        /* reencode needs room for up to 4 bytes per code point within the same buffer */
        if ((size_t)len + 1 <= nz->cap) {
            len = utf8proc_normalize_utf32(nz->buf, len, opt);
            if (len < 0)
                return rd_fail(err, RD_EUTF8, "normalising: %s", utf8proc_errmsg(len));
            len = utf8proc_reencode(nz->buf, len, opt);
            if (len < 0)
                return rd_fail(err, RD_EUTF8, "normalising: %s", utf8proc_errmsg(len));
            *out = (const char *)nz->buf;
            *out_n = (size_t)len;
            return RD_OK;
        }
        size_t nc = (size_t)len * 2 + 16; /* sized to twice the need, not doubled */
        if (RD_RESIZE(nz->buf, nc))
            return rd_fail(err, RD_ENOMEM, "normalising a %zu-byte token", n);
        nz->cap = nc;
    }
}

const char *rd_norm_library_version(void)
{
    return utf8proc_version();
}
