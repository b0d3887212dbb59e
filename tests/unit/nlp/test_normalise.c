/* tests/unit/nlp/test_normalise.c — token normalisation (nlp/normalise.h): NFC, full case
 * folding, typographic apostrophes and hyphens to ASCII, the ASCII fast path, tokens
 * long enough to grow both buffers, and the RD_NORM_MAX limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "nlp/normalise.h"

static void test_forms(void **state)
{
    (void)state;
    rd_norm *nz;
    rd_err err;
    const char *o;
    size_t n;
    assert_int_equal(rd_norm_new(&nz, &err), RD_OK);
    const struct { const char *in, *out; } c[] = {
        {"HUURDER", "huurder"},
        {"Geïnteresseerd", "geïnteresseerd"},
        {"Gei\xcc\x88nteresseerd", "geïnteresseerd"}, /* decomposed → NFC */
        {"IDEEËN", "ideeën"},
        {"Foto’s", "foto's"},                         /* U+2019 */
        {"Foto‘s", "foto's"},                         /* U+2018 */
        {"Foto´s", "foto's"},                         /* U+00B4 acute accent */
        {"STRAẞE", "strasse"},                        /* full case folding */
        {"e‐mail", "e-mail"},                         /* U+2010 hyphen */
        {"e‑mail", "e-mail"},                         /* U+2011 non-breaking hyphen */
        {"e–mail", "e–mail"},                         /* an en dash stays */
        {"CAFÉ", "café"},
        {"", ""},
        {"A-B_C 9", "a-b_c 9"},                       /* ASCII: letters only change */
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        assert_int_equal(rd_norm_apply(nz, c[i].in, strlen(c[i].in), &o, &n, &err), RD_OK);
        assert_int_equal(n, strlen(c[i].out));
        assert_string_equal(o, c[i].out);
    }
    /* the input must be valid UTF-8; what is not is refused, not read past */
    assert_int_equal(rd_norm_apply(nz, "\xff\xfe", 2, &o, &n, &err), RD_EUTF8);
    assert_non_null(strstr(err.msg, "normalising"));
    rd_norm_free(nz);
    rd_norm_free(NULL);
}

static void test_fold_punct(void **state)
{
    (void)state;
    const int32_t apos[] = {0x2018, 0x2019, 0x201B, 0x02BC, 0x00B4, 0x2032};
    for (size_t i = 0; i < sizeof apos / sizeof *apos; i++)
        assert_int_equal(rd_norm_fold_punct(apos[i]), '\'');
    assert_int_equal(rd_norm_fold_punct(0x2010), '-');
    assert_int_equal(rd_norm_fold_punct(0x2011), '-');
    assert_int_equal(rd_norm_fold_punct(0x2013), 0x2013); /* en dash */
    assert_int_equal(rd_norm_fold_punct(0x201C), 0x201C); /* “ */
    assert_int_equal(rd_norm_fold_punct('a'), 'a');
}

/* Tokens that outgrow the 256-unit starting buffers, ASCII and not (128 É decompose to
 * 256 code points): the result is whole and the buffers serve the next, short token too. */
static void test_long_tokens(void **state)
{
    (void)state;
    rd_norm *nz;
    rd_err err;
    const char *o;
    size_t n;
    assert_int_equal(rd_norm_new(&nz, &err), RD_OK);
    char big[RD_NORM_MAX + 2];
    for (size_t i = 0; i + 2 <= sizeof big - 1; i += 2)
        memcpy(big + i, "\xc3\x89", 2); /* É */
    big[sizeof big - 2] = '\0';
    assert_int_equal(rd_norm_apply(nz, big, strlen(big), &o, &n, &err), RD_OK);
    assert_int_equal(n, strlen(big));
    for (size_t i = 0; i < n; i += 2)
        assert_memory_equal(o + i, "\xc3\xa9", 2);
    assert_int_equal(o[n], '\0');
    char ascii[1000];
    memset(ascii, 'Q', sizeof ascii);
    assert_int_equal(rd_norm_apply(nz, ascii, sizeof ascii, &o, &n, &err), RD_OK);
    assert_int_equal(n, sizeof ascii);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(o[i], 'q');
    assert_int_equal(o[n], '\0');
    assert_int_equal(rd_norm_apply(nz, "Één", strlen("Één"), &o, &n, &err), RD_OK);
    assert_string_equal(o, "één");
    rd_norm_free(nz);
}

/* Over RD_NORM_MAX bytes only ASCII letters are lowercased; a run of combining marks of
 * alternating classes (which canonical ordering sorts in quadratic time) comes back as
 * it is. At RD_NORM_MAX bytes the text is still normalised in full. */
static void test_limit(void **state)
{
    (void)state;
    rd_norm *nz;
    rd_err err;
    const char *o;
    size_t n;
    assert_int_equal(rd_norm_new(&nz, &err), RD_OK);
    size_t big = 1 << 20;
    char *s = malloc(big + 1);
    assert_non_null(s);
    s[0] = 'E';
    for (size_t i = 1; i + 4 <= big; i += 4)
        memcpy(s + i, "\xcc\x81\xcc\xa3", 4); /* U+0301 (class 230), U+0323 (220) */
    size_t len = 1 + (big - 1) / 4 * 4;
    assert_int_equal(rd_norm_apply(nz, s, len, &o, &n, &err), RD_OK);
    assert_int_equal(n, len);
    assert_int_equal(o[0], 'e');
    assert_memory_equal(o + 1, s + 1, len - 1);
    /* RD_NORM_MAX bytes, "E", 64 U+0301 and 63 U+0323 alternating, "X": the marks are
     * sorted (220 before 230), the first U+0323 composes with the E, and all is folded */
    s[RD_NORM_MAX - 1] = 'X';
    assert_int_equal(rd_norm_apply(nz, s, RD_NORM_MAX, &o, &n, &err), RD_OK);
    assert_int_equal(n, RD_NORM_MAX);
    assert_memory_equal(o, "\xe1\xba\xb9\xcc\xa3", 5); /* U+1EB9, then U+0323 */
    assert_memory_equal(o + n - 3, "\xcc\x81x", 3);
    /* two bytes more (a whole U+0323): only the ASCII letters change */
    s[RD_NORM_MAX - 1] = '\xcc';
    s[RD_NORM_MAX + 1] = 'X';
    assert_int_equal(rd_norm_apply(nz, s, RD_NORM_MAX + 2, &o, &n, &err), RD_OK);
    assert_int_equal(n, RD_NORM_MAX + 2);
    assert_int_equal(o[0], 'e');
    assert_memory_equal(o + 1, s + 1, RD_NORM_MAX);
    assert_int_equal(o[RD_NORM_MAX + 1], 'x');
    free(s);
    rd_norm_free(nz);
}

/* Why RD_NORM_MAX can be 256 when kept words have at most 64 bytes: normalisation makes
 * no code point, nor the canonical decomposition of one (what NFC composes back), more
 * than 3 times shorter, so no text over 192 bytes normalises to 64 bytes or fewer. */
static void test_shrink_bound(void **state)
{
    (void)state;
    rd_norm *nz;
    rd_err err;
    const char *o;
    size_t n, worst_num = 1, worst_den = 1;
    assert_int_equal(rd_norm_new(&nz, &err), RD_OK);
    for (int32_t cp = 0x80; cp < 0x110000; cp++) {
        if (cp >= 0xD800 && cp < 0xE000)
            continue;
        utf8proc_uint8_t b[8] = {0};
        size_t l = (size_t)utf8proc_encode_char(cp, b);
        assert_int_equal(rd_norm_apply(nz, (const char *)b, l, &o, &n, &err), RD_OK);
        if (l * worst_den > n * worst_num)
            worst_num = l, worst_den = n;
        utf8proc_uint8_t *d = utf8proc_NFD(b);
        assert_non_null(d);
        l = strlen((const char *)d);
        assert_int_equal(rd_norm_apply(nz, (const char *)d, l, &o, &n, &err), RD_OK);
        if (l * worst_den > n * worst_num)
            worst_num = l, worst_den = n;
        free(d);
    }
    assert_true(worst_num <= 3 * worst_den);
    assert_true(RD_NORM_MAX > 3 * 64);
    rd_norm_free(nz);
}

static void test_versions(void **state)
{
    (void)state;
    const char *u = rd_norm_unicode_version(), *l = rd_norm_library_version();
    assert_non_null(u);
    assert_non_null(l);
    assert_true(strchr(u, '.') != NULL); /* "15.0.0" and the like */
    assert_true(strchr(l, '.') != NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_fold_punct),
        cmocka_unit_test(test_long_tokens),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_shrink_bound),
        cmocka_unit_test(test_versions),
    };
    return cmocka_run_group_tests_name("normalise", tests, NULL, NULL);
}
