/* tests/unit/nlp/test_normalise.c — token normalisation (nlp/normalise.h): NFC, full case
 * folding, typographic apostrophes and hyphens to ASCII, the ASCII fast path, and tokens
 * long enough to grow both buffers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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

/* Tokens longer than the 256-unit starting buffers, ASCII and not: the result is whole
 * and the buffers serve the next, short token too. */
static void test_long_tokens(void **state)
{
    (void)state;
    rd_norm *nz;
    rd_err err;
    const char *o;
    size_t n;
    assert_int_equal(rd_norm_new(&nz, &err), RD_OK);
    char big[3000];
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
        cmocka_unit_test(test_versions),
    };
    return cmocka_run_group_tests_name("normalise", tests, NULL, NULL);
}
