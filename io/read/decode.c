/* io/read/decode.c — see decode.h.
 *
 * Every conversion is measure-then-fill: one pass validates and counts the UTF-8 bytes
 * the text will take, the copy is allocated at exactly that size (+1 for the NUL), and a
 * second pass writes it. Errors are therefore found before anything is allocated. */
#include "io/read/decode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/utf8.h"

/* Windows-1252 0x80-0x9F to Unicode (0 = left undefined by cp1252); 0xA0-0xFF are
 * Latin-1, i.e. the byte value is the code point. From the Unicode mapping file
 * https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80-87 */
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,      /* 88-8F */
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90-97 */
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178, /* 98-9F */
};

/* How a byte counts in the "sensible cp1252" test (decode.h, rules a-c). */
enum { CP_FORBIDDEN, CP_ASCII, CP_GOOD, CP_OTHER };

static int cp1252_class(unsigned char c)
{
    if (c < 0x80) {
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r' || c == '\f')
            return CP_ASCII;
        return CP_FORBIDDEN; /* C0 control (0x7F DEL is not C0 and passes) */
    }
    if (c < 0xA0 && cp1252_c1[c - 0x80] == 0)
        return CP_FORBIDDEN; /* undefined in cp1252 */
    if (c >= 0xC0)
        return c == 0xD7 || c == 0xF7 ? CP_OTHER : CP_GOOD; /* letters but × ÷ */
    switch (c) {
    /* cp1252 letters: ƒ Š Œ Ž š œ ž Ÿ; Latin-1 letters below 0xC0: ª µ º */
    case 0x83: case 0x8A: case 0x8C: case 0x8E: case 0x9A: case 0x9C: case 0x9E: case 0x9F:
    case 0xAA: case 0xB5: case 0xBA:
    /* typographic punctuation: € ‚ „ … ‹ ‘ ’ “ ” • – — › nbsp « ° · » */
    case 0x80: case 0x82: case 0x84: case 0x85: case 0x8B: case 0x91: case 0x92: case 0x93:
    case 0x94: case 0x95: case 0x96: case 0x97: case 0x9B: case 0xA0: case 0xAB: case 0xB0:
    case 0xB7: case 0xBB:
        return CP_GOOD;
    default:
        return CP_OTHER;
    }
}

static uint32_t cp1252_to_cp(unsigned char c)
{
    return c >= 0x80 && c < 0xA0 ? cp1252_c1[c - 0x80] : c;
}

static size_t utf8_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Writes cp (a Unicode scalar value) as UTF-8 at o; returns the byte count. */
static size_t utf8_put(char *o, uint32_t cp)
{
    unsigned char *p = (unsigned char *)o;
    if (cp < 0x80) {
        p[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        p[0] = (unsigned char)(0xC0 | (cp >> 6));
        p[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        p[0] = (unsigned char)(0xE0 | (cp >> 12));
        p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        p[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    p[0] = (unsigned char)(0xF0 | (cp >> 18));
    p[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    p[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    p[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Rule (d): 1 when buf[0..n), whose first invalid UTF-8 sequence starts at first_bad,
 * holds two or more valid multi-byte sequences outside its invalid bytes.
 *
 * The file is cut at each invalid byte: rd_utf8_valid finds the next invalid byte after
 * the last one, so each byte is looked at a bounded number of times (linear overall). In
 * a valid stretch every byte >= 0xC0 leads a multi-byte sequence, so counting those
 * counts the sequences. An invalid byte is skipped alone, so "C3 41" counts C3 as
 * invalid and resumes at 41; a stray continuation byte is likewise one invalid byte. */
static int broken_utf8(const char *buf, size_t n, size_t first_bad)
{
    const unsigned char *u = (const unsigned char *)buf;
    size_t i = 0, seg = first_bad, multi = 0;
    int broken = 0;
    for (;;) {
        for (size_t k = i; k < i + seg; k++)
            multi += u[k] >= 0xC0;
        if (multi >= 2) {
            broken = 1;
            break;
        }
        if (i + seg >= n) /* this stretch ran to the end */
            break;
        i += seg + 1;     /* past the invalid byte */
        if (rd_utf8_valid(buf + i, n - i, &seg))
            seg = n - i;
    }
    return broken;
}

/* Rules (a)-(c): 1 when u[0..n) reads as sensible cp1252; *need is then the length of
 * its UTF-8 form (at most 3n). */
static int cp1252_sensible(const unsigned char *u, size_t n, size_t *need)
{
    size_t high = 0, good = 0, len = 0;
    for (size_t i = 0; i < n; i++) {
        int k = cp1252_class(u[i]);
        if (k == CP_FORBIDDEN)
            return 0;
        if (k != CP_ASCII) {
            high++;
            good += k == CP_GOOD;
        }
        len += utf8_len(cp1252_to_cp(u[i]));
    }
    *need = len;
    /* (high - good) / high <= 10 %, in integers: exact since high - good is whole */
    return high - good <= high / 10;
}

/* The UTF-16 code unit at u[i], u[i + 1]. */
static uint32_t u16_at(const unsigned char *u, size_t i, int be)
{
    return be ? (uint32_t)u[i] << 8 | u[i + 1] : (uint32_t)u[i + 1] << 8 | u[i];
}

/* One pass over the UTF-16 code units after the BOM. With o NULL it validates and sets
 * *need to the UTF-8 length (at most 1.5 (n - 2): 3 bytes per unit, 4 per pair);
 * otherwise it writes the (validated) text to o. */
static rd_status utf16_pass(const unsigned char *u, size_t n, int be, char *o, size_t *need,
                            rd_err *err)
{
    rd_status rc = RD_OK;
    size_t i = 2, len = 0, line = 1;
    while (i + 1 < n) {
        size_t at = i;
        uint32_t c = u16_at(u, i, be), d = 0;
        i += 2;
        if (c == 0) {
            rc = rd_fail(err, RD_EDATA,
                         "binary file (NUL character at byte %zu), not a text transcript", at);
            break;
        }
        if (c >= 0xD800 && c <= 0xDFFF) {
            if (c <= 0xDBFF && i + 1 < n)
                d = u16_at(u, i, be);
            if (d < 0xDC00 || d > 0xDFFF) { /* a lone low, or a high without its low */
                rc = rd_fail(err, RD_EUTF8, "invalid UTF-16 at byte %zu (line %zu)", at, line);
                break;
            }
            c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
            i += 2;
        }
        line += c == '\n';
        len += o ? utf8_put(o + len, c) : utf8_len(c);
    }
    if (rc == RD_OK && i < n) /* one byte left over: an odd byte count */
        rc = rd_fail(err, RD_EUTF8, "invalid UTF-16 at byte %zu (line %zu)", n - 1, line);
    *need = len;
    return rc;
}

static rd_status from_utf16(const unsigned char *u, size_t n, int be, char **out,
                            size_t *out_n, rd_err *err)
{
    rd_status rc;
    size_t need = 0;
    char *o = NULL;
    if ((rc = utf16_pass(u, n, be, NULL, &need, err)) != RD_OK)
        goto done;
    if (!(o = malloc(need + 1))) {
        rc = rd_fail(err, RD_ENOMEM, "%zu bytes for the text converted from UTF-16", need + 1);
        goto done;
    }
    (void)utf16_pass(u, n, be, o, &need, err); /* validated above: cannot fail */
    o[need] = '\0';
    *out = o;
    *out_n = need;
done:
    return rc;
}

static rd_status from_cp1252(const unsigned char *u, size_t n, size_t need, char **out,
                             size_t *out_n, rd_err *err)
{
    rd_status rc = RD_OK;
    char *o = malloc(need + 1);
    if (!o) {
        rc = rd_fail(err, RD_ENOMEM, "%zu bytes for the text converted from Windows-1252",
                     need + 1);
    } else {
        size_t len = 0;
        for (size_t i = 0; i < n; i++)
            len += utf8_put(o + len, cp1252_to_cp(u[i]));
        o[len] = '\0';
        *out = o;
        *out_n = len;
    }
    return rc;
}

rd_status rd_decode(const char *buf, size_t n, const char **out, size_t *out_n, int *owned,
                    rd_encoding *enc, rd_err *err)
{
    rd_status rc = RD_OK;
    const unsigned char *u = (const unsigned char *)buf;
    const char *nul;
    char *copy = NULL;
    size_t skip = 0, bad = 0, need = 0, copy_n = 0;
    rd_encoding e = RD_ENC_UTF8;
    int too_big;
    *out = NULL;
    *out_n = 0;
    *owned = 0;
    *enc = RD_ENC_UTF8;

    if (!buf) {
        if (n == 0)
            *out = "";
        else
            rc = rd_fail(err, RD_EINVAL, "no buffer for %zu bytes", n);
        goto done;
    }
    /* A converted text takes at most 3n + 1 bytes, which must fit a size_t (a concern
     * for 32-bit builds only); UTF-8 input is not copied and has no such limit. */
    too_big = n > (SIZE_MAX - 1) / 3;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        e = u[0] == 0xFF ? RD_ENC_UTF16LE : RD_ENC_UTF16BE;
        if (too_big)
            rc = rd_fail(err, RD_ENOMEM, "%zu bytes are too many to convert from UTF-16", n);
        else
            rc = from_utf16(u, n, e == RD_ENC_UTF16BE, &copy, &copy_n, err);
        goto done;
    }
    if ((nul = memchr(buf, '\0', n)) != NULL) {
        rc = rd_fail(err, RD_EDATA, "binary file (NUL byte at byte %zu), not a text transcript",
                     (size_t)(nul - buf));
        goto done;
    }
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        skip = 3;
    if (rd_utf8_valid(buf + skip, n - skip, &bad)) {
        *out = buf + skip;
        *out_n = n - skip;
        goto done;
    }
    bad += skip;
    if (!skip && !too_big && !broken_utf8(buf, n, bad) && cp1252_sensible(u, n, &need)) {
        e = RD_ENC_CP1252;
        rc = from_cp1252(u, n, need, &copy, &copy_n, err);
        goto done;
    }
    rc = rd_fail(err, RD_EUTF8, "invalid UTF-8 at byte %zu (line %zu)", bad,
                 rd_utf8_line_of(buf, bad));
done:
    if (rc == RD_OK) {
        *enc = e;
        if (copy) {
            *out = copy;
            *out_n = copy_n;
            *owned = 1;
        }
    }
    return rc;
}

const char *rd_decode_encoding_name(rd_encoding e)
{
    switch (e) {
    case RD_ENC_UTF8: return "UTF-8";
    case RD_ENC_UTF16LE: return "UTF-16LE";
    case RD_ENC_UTF16BE: return "UTF-16BE";
    case RD_ENC_CP1252: return "Windows-1252";
    }
    return "?";
}
