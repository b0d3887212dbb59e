/* tests/unit/nlp/test_utf8.c — strict UTF-8 validation (RFC 3629), line numbers for
 * messages, and decoding forwards and backwards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/utf8.h"

static void test_valid(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(rd_utf8_valid("", 0, &bad));
    assert_true(rd_utf8_valid("ideeën café €", strlen("ideeën café €"), &bad));
    assert_true(rd_utf8_valid("\xf0\x9f\x98\x80", 4, &bad));         /* emoji */
    assert_true(rd_utf8_valid("\xed\x9f\xbf", 3, &bad));             /* U+D7FF, below the surrogates */
    assert_true(rd_utf8_valid("\xf4\x8f\xbf\xbf", 4, &bad));         /* U+10FFFF, the last */
    assert_true(rd_utf8_valid("\xe0\xa0\x80", 3, &bad));             /* U+0800, the first of 3 */
    assert_true(rd_utf8_valid("\xf0\x90\x80\x80", 4, NULL));         /* U+10000, the first of 4 */
    assert_int_equal(bad, 99); /* untouched when valid */
    const struct { const char *s; size_t n, at; } badc[] = {
        {"abc\xff", 4, 3},
        {"ab\xc3", 3, 2},                 /* truncated at the end */
        {"\xc0\xaf", 2, 0},               /* overlong / */
        {"\xc1\xbf", 2, 0},               /* overlong, two bytes */
        {"x\xe0\x80\xaf", 4, 1},          /* overlong */
        {"\xf0\x8f\xbf\xbf", 4, 0},       /* overlong, four bytes */
        {"ok \xed\xa0\x80", 6, 3},        /* surrogate */
        {"\xf4\x90\x80\x80", 4, 0},       /* above U+10FFFF */
        {"\xf5\x80\x80\x80", 4, 0},       /* no such lead byte */
        {"\x80", 1, 0},                   /* a lone continuation byte */
        {"\xe2\x82x", 3, 0},              /* a continuation byte missing inside */
        {"\xf0\x9f\x98x!", 5, 0},         /* the fourth byte is not a continuation */
        {"12345678901234567\x80", 18, 17}, /* after the 8-byte fast path */
        {"caf\xe9 ", 5, 3},               /* Latin-1 é */
    };
    for (size_t i = 0; i < sizeof badc / sizeof badc[0]; i++) {
        assert_false(rd_utf8_valid(badc[i].s, badc[i].n, &bad));
        assert_int_equal(bad, badc[i].at);
        assert_false(rd_utf8_valid(badc[i].s, badc[i].n, NULL));
    }
}

static void test_line_of(void **state)
{
    (void)state;
    assert_int_equal(rd_utf8_line_of("a\nb\n\nc", 0), 1);
    assert_int_equal(rd_utf8_line_of("a\nb\n\nc", 1), 1); /* the newline itself: still line 1 */
    assert_int_equal(rd_utf8_line_of("a\nb\n\nc", 2), 2);
    assert_int_equal(rd_utf8_line_of("a\nb\n\nc", 4), 3);
    assert_int_equal(rd_utf8_line_of("a\nb\n\nc", 5), 4);
}

/* Code points of one to four bytes, forwards and from their end; text cut short decodes
 * its first byte alone rather than reading past the end. */
static void test_decode(void **state)
{
    (void)state;
    const struct { const char *s; int32_t cp; size_t len; } c[] = {
        {"a", 'a', 1},
        {"\xc3\xab", 0xEB, 2},             /* ë */
        {"\xe2\x82\xac", 0x20AC, 3},       /* € */
        {"\xf0\x9f\x98\x80", 0x1F600, 4},  /* 😀 */
    };
    char buf[16];
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        int32_t cp = -1;
        assert_int_equal(rd_utf8_decode(c[i].s, c[i].len, &cp), c[i].len);
        assert_int_equal(cp, c[i].cp);
        /* backwards, after a prefix of ASCII and another code point */
        snprintf(buf, sizeof buf, "x\xc3\xab%s", c[i].s);
        size_t end = 3 + c[i].len;
        cp = -1;
        assert_int_equal(rd_utf8_decode_back(buf, end, &cp), c[i].len);
        assert_int_equal(cp, c[i].cp);
        assert_int_equal(rd_utf8_decode_back(buf, 3, &cp), 2);
        assert_int_equal(cp, 0xEB);
        assert_int_equal(rd_utf8_decode_back(buf, 1, &cp), 1);
        assert_int_equal(cp, 'x');
    }
    /* exact-size buffers: AddressSanitizer sees a read past the end */
    char *one = malloc(1), *two = malloc(2);
    assert_non_null(one);
    assert_non_null(two);
    memcpy(one, "\xc3", 1);
    memcpy(two, "\xe2\x82", 2);
    int32_t cp;
    assert_int_equal(rd_utf8_decode(one, 1, &cp), 1);
    assert_int_equal(cp, 0xC3);
    assert_int_equal(rd_utf8_decode(two, 2, &cp), 1);
    assert_int_equal(cp, 0xE2);
    free(one);
    free(two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_line_of),
        cmocka_unit_test(test_decode),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
