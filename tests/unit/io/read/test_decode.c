/* tests/unit/io/read/test_decode.c — from a file's bytes to UTF-8: BOMs, UTF-16, Windows-1252,
 * binary and broken input, and the byte and line numbers in the errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/read/decode.h"
#include "nlp/utf8.h"

/* One call's results. The outputs start as junk so that every test also checks that
 * rd_decode sets each of them. */
typedef struct {
    rd_status rc;
    const char *out;
    size_t out_n;
    int owned;
    rd_encoding enc;
    rd_err err;
} res;

static res dec(const void *buf, size_t n)
{
    res r;
    r.out = "junk";
    r.out_n = 77;
    r.owned = 5;
    r.enc = RD_ENC_CP1252;
    r.err.code = RD_ELAPACK;
    strcpy(r.err.msg, "untouched");
    r.rc = rd_decode(buf, n, &r.out, &r.out_n, &r.owned, &r.enc, &r.err);
    return r;
}

static void res_free(res *r)
{
    if (r->owned)
        free((char *)r->out);
}

/* buf decodes without a copy: *out is buf + skip. */
static void expect_borrowed(const char *buf, size_t n, size_t skip)
{
    res r = dec(buf, n);
    assert_int_equal(r.rc, RD_OK);
    assert_int_equal(r.enc, RD_ENC_UTF8);
    assert_int_equal(r.owned, 0);
    assert_ptr_equal(r.out, buf + skip);
    assert_int_equal(r.out_n, n - skip);
    assert_int_equal(r.err.code, RD_ELAPACK); /* err left alone on success */
    assert_string_equal(r.err.msg, "untouched");
}

/* buf converts from enc to exactly want (NUL-terminated, owned copy). */
static void expect_text(const void *buf, size_t n, rd_encoding enc, const char *want)
{
    res r = dec(buf, n);
    assert_int_equal(r.rc, RD_OK);
    assert_int_equal(r.enc, enc);
    assert_int_equal(r.owned, 1);
    assert_int_equal(r.out_n, strlen(want));
    assert_memory_equal(r.out, want, r.out_n);
    assert_int_equal(r.out[r.out_n], '\0');
    assert_string_equal(r.err.msg, "untouched");
    res_free(&r);
}

/* buf fails with code and exactly msg, every output zeroed. */
static void expect_fail(const void *buf, size_t n, rd_status code, const char *msg)
{
    res r = dec(buf, n);
    assert_int_equal(r.rc, code);
    assert_int_equal(r.err.code, code);
    assert_string_equal(r.err.msg, msg);
    assert_null(r.out);
    assert_int_equal(r.out_n, 0);
    assert_int_equal(r.owned, 0);
    assert_int_equal(r.enc, RD_ENC_UTF8);
}

#define S(lit) (lit), (sizeof(lit) - 1) /* a string literal and its length without the NUL */

/* Writes the code units v[0..k) as UTF-16 bytes (BOM not added) to dst; returns bytes. */
static size_t u16(const uint16_t *v, size_t k, int be, unsigned char *dst)
{
    for (size_t i = 0; i < k; i++) {
        dst[2 * i + (be ? 0 : 1)] = (unsigned char)(v[i] >> 8);
        dst[2 * i + (be ? 1 : 0)] = (unsigned char)(v[i] & 0xFF);
    }
    return 2 * k;
}

static void test_ascii_and_utf8(void **state)
{
    (void)state;
    static const char ascii[] = "Interviewer: Hoe lang woont u hier?\nBewoner: Tien jaar.\n";
    static const char utf8[] = "Bewoner: ideeën, café, naïef, € 750, “ja” – 😀\n";
    expect_borrowed(S(ascii), 0);
    expect_borrowed(S(utf8), 0);
    expect_borrowed(S(""), 0);
}

static void test_utf8_bom(void **state)
{
    (void)state;
    static const char bom[] = "\xEF\xBB\xBF" "Bewoner: ideeën en café\n";
    static const char bom_only[] = "\xEF\xBB\xBF";
    expect_borrowed(S(bom), 3);
    expect_borrowed(S(bom_only), 3);
    /* only a whole BOM is dropped: EF BB alone is not UTF-8 but is cp1252 "ï»" */
    expect_text(S("\xEF\xBB"), RD_ENC_CP1252, "ï»");
}

static void test_empty_and_null(void **state)
{
    (void)state;
    res r = dec(NULL, 0);
    assert_int_equal(r.rc, RD_OK);
    assert_string_equal(r.out, "");
    assert_int_equal(r.out_n, 0);
    assert_int_equal(r.owned, 0);
    r = dec(NULL, 5);
    assert_int_equal(r.rc, RD_EINVAL);
    assert_null(r.out);
}

/* "naïef ëé € 😀\n" with a BOM, as code units. */
static const uint16_t dutch16[] = {0xFEFF, 'n', 'a', 0x00EF, 'e', 'f', ' ', 0x00EB, 0x00E9, ' ',
                                   0x20AC, ' ', 0xD83D, 0xDE00, '\n'};
static const char dutch8[] = "naïef ëé € 😀\n";

static void test_utf16le(void **state)
{
    (void)state;
    unsigned char b[64];
    size_t n = u16(dutch16, sizeof dutch16 / sizeof *dutch16, 0, b);
    assert_int_equal(b[0], 0xFF);
    expect_text(b, n, RD_ENC_UTF16LE, dutch8);
    expect_text(b, 2, RD_ENC_UTF16LE, ""); /* BOM only */
}

static void test_utf16be(void **state)
{
    (void)state;
    unsigned char b[64];
    size_t n = u16(dutch16, sizeof dutch16 / sizeof *dutch16, 1, b);
    assert_int_equal(b[0], 0xFE);
    expect_text(b, n, RD_ENC_UTF16BE, dutch8);
    /* the highest code point, U+10FFFF, and the last BMP one */
    static const uint16_t top[] = {0xFEFF, 0xDBFF, 0xDFFF, 0xFFFD};
    n = u16(top, 4, 1, b);
    expect_text(b, n, RD_ENC_UTF16BE, "\xF4\x8F\xBF\xBF\xEF\xBF\xBD");
}

static void test_utf16_surrogates(void **state)
{
    (void)state;
    unsigned char b[64];
    static const uint16_t high_mid[] = {0xFEFF, 'a', 0xD83D, 'b'};
    static const uint16_t high_end[] = {0xFEFF, 'a', '\n', 0xD83D};
    static const uint16_t low[] = {0xFEFF, 0xDE00, 'a'};
    static const uint16_t reversed[] = {0xFEFF, 'x', '\n', '\n', 0xDE00, 0xD83D};
    static const uint16_t two_highs[] = {0xFEFF, 0xD83D, 0xD83D, 0xDE00};
    static const uint16_t two_lows[] = {0xFEFF, 'a', 0xDE00, 0xDE00};
    for (int be = 0; be <= 1; be++) {
        expect_fail(b, u16(high_mid, 4, be, b), RD_EUTF8, "invalid UTF-16 at byte 4 (line 1)");
        expect_fail(b, u16(high_end, 4, be, b), RD_EUTF8, "invalid UTF-16 at byte 6 (line 2)");
        expect_fail(b, u16(low, 3, be, b), RD_EUTF8, "invalid UTF-16 at byte 2 (line 1)");
        expect_fail(b, u16(reversed, 6, be, b), RD_EUTF8, "invalid UTF-16 at byte 8 (line 3)");
        expect_fail(b, u16(two_highs, 4, be, b), RD_EUTF8, "invalid UTF-16 at byte 2 (line 1)");
        expect_fail(b, u16(two_lows, 4, be, b), RD_EUTF8, "invalid UTF-16 at byte 4 (line 1)");
    }
}

static void test_utf16_odd_length(void **state)
{
    (void)state;
    expect_fail(S("\xFF\xFE" "a\0b"), RD_EUTF8, "invalid UTF-16 at byte 4 (line 1)");
    expect_fail(S("\xFE\xFF" "\0a\0\n\0b\0"), RD_EUTF8, "invalid UTF-16 at byte 8 (line 2)");
    expect_fail(S("\xFF\xFE" "x"), RD_EUTF8, "invalid UTF-16 at byte 2 (line 1)");
    /* a high surrogate cut by the odd byte: the surrogate is the first problem */
    expect_fail(S("\xFF\xFE" "\x3D\xD8" "x"), RD_EUTF8, "invalid UTF-16 at byte 2 (line 1)");
}

static void test_utf16_nul(void **state)
{
    (void)state;
    expect_fail(S("\xFF\xFE" "a\0\0\0b\0"), RD_EDATA,
                "binary file (NUL character at byte 4), not a text transcript");
    expect_fail(S("\xFE\xFF" "\0a\0\0"), RD_EDATA,
                "binary file (NUL character at byte 4), not a text transcript");
    /* a UTF-32LE BOM reads as UTF-16LE followed by U+0000 */
    expect_fail(S("\xFF\xFE\0\0" "a\0\0\0"), RD_EDATA,
                "binary file (NUL character at byte 2), not a text transcript");
}

static void test_nul_in_8bit(void **state)
{
    (void)state;
    expect_fail(S("PK\003\004\000\000junk"), RD_EDATA,
                "binary file (NUL byte at byte 4), not a text transcript");
    expect_fail(S("caf\xe9\0"), RD_EDATA,
                "binary file (NUL byte at byte 4), not a text transcript");
    expect_fail(S("\xEF\xBB\xBF" "ab\0"), RD_EDATA, /* counted in the file, BOM included */
                "binary file (NUL byte at byte 5), not a text transcript");
    expect_fail(S("\0"), RD_EDATA, "binary file (NUL byte at byte 0), not a text transcript");
    expect_fail(S("caf\xc3\xa9\xff\0"), RD_EDATA, /* before the invalid-UTF-8 check */
                "binary file (NUL byte at byte 6), not a text transcript");
}

static void test_cp1252_dutch(void **state)
{
    (void)state;
    static const char in[] = "Bewoner: het caf\xe9 had idee\xebn, \x80 750 per maand.\r\n"
                             "Interviewer: \x93Na\xef" "ef\x94 \x96 zegt u?\r\n"
                             "Bewoner: \x91" "Ja\x92\x85 \x84" "dat\x93 \x97 d\xe1\xe0\xe4\xf6\xfc\xdf\t\f\n";
    static const char want[] = "Bewoner: het café had ideeën, € 750 per maand.\r\n"
                               "Interviewer: “Naïef” – zegt u?\r\n"
                               "Bewoner: ‘Ja’… „dat“ — dáàäöüß\t\f\n";
    expect_text(S(in), RD_ENC_CP1252, want);
    expect_text(S("\xe9"), RD_ENC_CP1252, "é");
    expect_text(S("\xa0\xab\xbb\xb0\xb7\x95"), RD_ENC_CP1252, "\u00a0«»°·•");
}

/* Each defined byte 0x80-0xFF after nine é's (so the 90 % rule holds whatever it is)
 * converts to its code point; expected values from the Unicode CP1252.TXT table. */
static void test_cp1252_table(void **state)
{
    (void)state;
    static const char *const c1[32] = {
        "€", NULL, "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "Š", "‹", "Œ", NULL, "Ž", NULL,
        NULL, "‘", "’", "“", "”", "•", "–", "—", "˜", "™", "š", "›", "œ", NULL, "ž", "Ÿ"};
    for (int c = 0x80; c <= 0xFF; c++) {
        char in[16], want[32];
        memcpy(in, "\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9 ", 10);
        in[10] = (char)c;
        in[11] = '\0';
        strcpy(want, "ééééééééé ");
        if (c < 0xA0) {
            if (!c1[c - 0x80]) {
                expect_fail(in, 11, RD_EUTF8, "invalid UTF-8 at byte 0 (line 1)");
                continue;
            }
            strcat(want, c1[c - 0x80]);
        } else {
            char l1[3] = {(char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F)), '\0'};
            strcat(want, l1);
        }
        expect_text(in, 11, RD_ENC_CP1252, want);
    }
}

static void test_cp1252_undefined_byte(void **state)
{
    (void)state;
    static const unsigned char undef[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
    expect_fail(S("caf\xe9\x81"), RD_EUTF8, "invalid UTF-8 at byte 3 (line 1)");
    for (size_t i = 0; i < sizeof undef; i++) {
        char in[] = "regel een\nregel twee: caf\xe9 ?";
        in[sizeof in - 2] = (char)undef[i];
        expect_fail(in, sizeof in - 1, RD_EUTF8, "invalid UTF-8 at byte 25 (line 2)");
    }
}

static void test_cp1252_controls(void **state)
{
    (void)state;
    expect_text(S("caf\xe9\t\r\n\f\x7f"), RD_ENC_CP1252, "café\t\r\n\f\x7f");
    for (int c = 1; c < 0x20; c++) {
        char in[] = "caf\xe9 ?";
        if (c == '\t' || c == '\n' || c == '\r' || c == '\f')
            continue;
        in[5] = (char)c;
        expect_fail(in, 6, RD_EUTF8, "invalid UTF-8 at byte 3 (line 1)");
    }
}

/* At least 90 % of the non-ASCII bytes must be letters or typographic punctuation:
 * © (0xA9) and ¤ (0xA4) are neither. */
static void test_cp1252_ninety_percent(void **state)
{
    (void)state;
    expect_text(S("\xe9 \xe9 \xe9 \xe9 \xe9 \xe9 \xe9 \xe9 \xe9 \xa9"), RD_ENC_CP1252,
                "é é é é é é é é é ©");
    expect_fail(S("\xe9 \xe9 \xe9 \xe9 \xe9 \xe9 \xe9 \xe9 \xa9 \xa9"), RD_EUTF8,
                "invalid UTF-8 at byte 0 (line 1)");
    expect_fail(S("x\xa4\xa5\xa6\xa7\xa8\xa9\xa4\xa5\xa6\xa7\xa8\xa9\xe9"), RD_EUTF8,
                "invalid UTF-8 at byte 1 (line 1)");
    /* × and ÷ are not letters: 18 good of 20 is 90 %, 17 of 19 is 89.5 % */
    expect_text(S("\xd7\xf7\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9"),
                RD_ENC_CP1252, "×÷éééééééééééééééééé");
    expect_fail(S("\xd7\xf7\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9"),
                RD_EUTF8, "invalid UTF-8 at byte 0 (line 1)");
}

/* Pseudo-random bytes without NUL: control characters and undefined bytes abound. */
static void test_binary_garbage(void **state)
{
    (void)state;
    enum { N = 4096 };
    char *b = malloc(N + 1);
    uint32_t s = 12345;
    size_t bad;
    assert_non_null(b);
    for (size_t i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        b[i] = (char)((s >> 16) & 0xFF);
        if (!b[i] || (i < 3 && (unsigned char)b[i] >= 0xEF))
            b[i] = 'x'; /* no NUL, no BOM */
    }
    b[N] = '\0';
    assert_false(rd_utf8_valid(b, N, &bad));
    char msg[128];
    snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu (line %zu)", bad, rd_utf8_line_of(b, bad));
    expect_fail(b, N, RD_EUTF8, msg);
    free(b);
}

/* UTF-8 text with one corrupt byte: its other multi-byte sequences show that it is UTF-8.
 * Read as cp1252 it would pass rules a-c (ë is Ã«, – is â€“, all "good" bytes), so this
 * checks the broken-UTF-8 rule itself. */
static void test_broken_utf8(void **state)
{
    (void)state;
    static const char head[] = "Bewoner: ideeën – echt\nInterviewer: en?\nBewoner: Geëmigreerd ";
    static const char tail[] = " naar Zeeland\n";
    char in[256];
    snprintf(in, sizeof in, "%s\xc3%s", head, tail);
    char msg[64];
    snprintf(msg, sizeof msg, "invalid UTF-8 at byte %zu (line 3)", sizeof head - 1);
    expect_fail(in, strlen(in), RD_EUTF8, msg);
    /* a truncated final sequence, likewise */
    expect_fail(S("ideeën en ideeën \xe2\x80"), RD_EUTF8, "invalid UTF-8 at byte 19 (line 1)");
    /* two valid sequences suffice; one is taken as chance in cp1252 text */
    expect_fail(S("ide\xc3\xabn ide\xc3\xabn \xc3 x"), RD_EUTF8, "invalid UTF-8 at byte 14 (line 1)");
    expect_text(S("ide\xc3\xabn \xc3 x"), RD_ENC_CP1252, "ideÃ«n Ã x");
    /* cp1252 where "CAFÉ”" happens to be valid UTF-8 (C9 94) once */
    expect_text(S("\x93" "CAF\xc9\x94 en idee\xebn"), RD_ENC_CP1252, "“CAFÉ” en ideeën");
    expect_fail(S("\x93" "CAF\xc9\x94 en \x93" "CAF\xc9\x94 en idee\xebn"), RD_EUTF8,
                "invalid UTF-8 at byte 0 (line 1)");
}

/* A UTF-8 BOM says UTF-8: what follows is not second-guessed as cp1252. */
static void test_bom_then_invalid(void **state)
{
    (void)state;
    expect_fail(S("\xEF\xBB\xBF" "ab\ncaf\xe9\n"), RD_EUTF8, "invalid UTF-8 at byte 9 (line 2)");
    /* even when the rest would be sensible cp1252 (¿ is the only non-letter of 13) */
    expect_fail(S("\xEF\xBB\xBF" "\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9"), RD_EUTF8,
                "invalid UTF-8 at byte 3 (line 1)");
    expect_text(S("\xef\xbb \xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9"), RD_ENC_CP1252,
                "ï» éééééééééé"); /* no BOM: the same letters convert */
    expect_text(S("ab\ncaf\xe9\n"), RD_ENC_CP1252, "ab\ncafé\n");
}

static void test_error_position(void **state)
{
    (void)state;
    expect_fail(S("regel een\nregel twee\n\n\x81x"), RD_EUTF8, "invalid UTF-8 at byte 22 (line 4)");
    expect_fail(S("a\r\nb\n\xa4"), RD_EUTF8, "invalid UTF-8 at byte 5 (line 3)"); /* ¤: 0 % */
    expect_fail(S("\n\n\xc3\xa9\n\xe2\x82\xac \xc3\xa9\xe9"), RD_EUTF8,
                "invalid UTF-8 at byte 11 (line 4)"); /* counted from the start, not after é */
}

static void test_encoding_name(void **state)
{
    (void)state;
    assert_string_equal(rd_decode_encoding_name(RD_ENC_UTF8), "UTF-8");
    assert_string_equal(rd_decode_encoding_name(RD_ENC_UTF16LE), "UTF-16LE");
    assert_string_equal(rd_decode_encoding_name(RD_ENC_UTF16BE), "UTF-16BE");
    assert_string_equal(rd_decode_encoding_name(RD_ENC_CP1252), "Windows-1252");
    assert_string_equal(rd_decode_encoding_name((rd_encoding)99), "?");
}

/* Invariants on any input, on a heap buffer of exactly n bytes so that ASan catches a
 * read past it (rd_decode must not read buf[n]). */
static void check_any(const unsigned char *src, size_t n)
{
    unsigned char *b = malloc(n ? n : 1);
    assert_non_null(b);
    if (n)
        memcpy(b, src, n);
    res r = dec(b, n);
    if (r.rc != RD_OK) {
        assert_true(r.rc == RD_EUTF8 || r.rc == RD_EDATA);
        assert_int_equal(r.err.code, r.rc);
        assert_true(strlen(r.err.msg) > 10);
        assert_null(r.out);
        assert_int_equal(r.owned, 0);
    } else if (!r.owned) {
        assert_int_equal(r.enc, RD_ENC_UTF8);
        size_t skip = (size_t)((const unsigned char *)r.out - b);
        assert_true(skip == 0 || skip == 3);
        assert_int_equal(r.out_n, n - skip);
        assert_true(rd_utf8_valid(r.out, r.out_n, NULL));
        assert_null(memchr(r.out, '\0', r.out_n));
    } else {
        assert_int_not_equal(r.enc, RD_ENC_UTF8);
        assert_true(rd_utf8_valid(r.out, r.out_n, NULL));
        assert_null(memchr(r.out, '\0', r.out_n));
        assert_int_equal(r.out[r.out_n], '\0');
        if (r.enc == RD_ENC_CP1252)
            assert_true(r.out_n <= 3 * n);
        else
            assert_true(r.out_n <= 3 * (n - 2) / 2);
    }
    res_free(&r);
    free(b);
}

static void test_any_input(void **state)
{
    (void)state;
    unsigned char b[80];
    for (unsigned i = 0; i < 65536; i++) { /* every 0-, 1- and 2-byte input */
        b[0] = (unsigned char)(i >> 8);
        b[1] = (unsigned char)i;
        check_any(b, 2);
        if (i < 256)
            check_any(b + 1, 1);
    }
    check_any(b, 0);
    /* random inputs from an alphabet that hits every branch */
    static const unsigned char alpha[] = {'a', ' ', '\n', '\t', 0x00, 0x01, 0x3D, 0x80, 0x81,
                                          0x93, 0x94, 0xA9, 0xAB, 0xBB, 0xBF, 0xC3, 0xC9,
                                          0xD8, 0xDC, 0xDE, 0xE2, 0xE9, 0xEB, 0xEF, 0xF0,
                                          0xF4, 0xFE, 0xFF};
    static const char *const pre[] = {"", "\xFF\xFE", "\xFE\xFF", "\xEF\xBB\xBF"};
    uint32_t s = 2024;
    for (int it = 0; it < 200000; it++) {
        s = s * 1103515245u + 12345u;
        const char *p = pre[(s >> 8) & 3];
        size_t k = strlen(p), n = k + ((s >> 12) % 64);
        memcpy(b, p, k);
        for (size_t i = k; i < n; i++) {
            s = s * 1103515245u + 12345u;
            b[i] = alpha[(s >> 16) % sizeof alpha];
        }
        check_any(b, n);
    }
}

/* A long file with an invalid byte every other byte: linear, and converted exactly. */
static void test_large_cp1252(void **state)
{
    (void)state;
    enum { K = 1 << 20 };
    char *in = malloc(2 * K + 1), *want = malloc(3 * K + 1);
    assert_non_null(in);
    assert_non_null(want);
    for (size_t i = 0; i < K; i++) {
        memcpy(in + 2 * i, "\xeb" "a", 2);
        memcpy(want + 3 * i, "ëa", 3);
    }
    in[2 * K] = want[3 * K] = '\0';
    expect_text(in, 2 * K, RD_ENC_CP1252, want);
    free(in);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_and_utf8),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_empty_and_null),
        cmocka_unit_test(test_utf16le),
        cmocka_unit_test(test_utf16be),
        cmocka_unit_test(test_utf16_surrogates),
        cmocka_unit_test(test_utf16_odd_length),
        cmocka_unit_test(test_utf16_nul),
        cmocka_unit_test(test_nul_in_8bit),
        cmocka_unit_test(test_cp1252_dutch),
        cmocka_unit_test(test_cp1252_table),
        cmocka_unit_test(test_cp1252_undefined_byte),
        cmocka_unit_test(test_cp1252_controls),
        cmocka_unit_test(test_cp1252_ninety_percent),
        cmocka_unit_test(test_binary_garbage),
        cmocka_unit_test(test_broken_utf8),
        cmocka_unit_test(test_bom_then_invalid),
        cmocka_unit_test(test_error_position),
        cmocka_unit_test(test_encoding_name),
        cmocka_unit_test(test_any_input),
        cmocka_unit_test(test_large_cp1252),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
