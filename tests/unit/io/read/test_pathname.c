/* tests/unit/io/read/test_pathname.c — file names as shown (io/read/pathname.h): ordinary
 * names unchanged, invalid UTF-8 and controls escaped, the shown form always valid UTF-8
 * and one to one, the message net, cutting at unit boundaries, and base64. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "io/read/pathname.h"
#include "nlp/utf8.h"

static void expect_show(const char *raw, const char *want)
{
    char *got = rd_pathname_show(raw);
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fail_msg("shown \"%s\", want \"%s\"", got, want);
    assert_int_equal(rd_pathname_plain(raw), strcmp(raw, want) == 0);
    free(got);
}

static void test_show(void **state)
{
    (void)state;
    expect_show("interviews/R01.txt", "interviews/R01.txt");
    expect_show("Geïnterviewden/Ærø ëé 中文 😀.docx", "Geïnterviewden/Ærø ëé 中文 😀.docx");
    expect_show("", "");
    expect_show("R\xFF\xFE.txt", "R\\xFF\\xFE.txt");
    expect_show("R\x1B[31mrood.txt", "R\\x1B[31mrood.txt");
    expect_show("tab\there\nnl\r\x7F", "tab\\x09here\\x0Anl\\x0D\\x7F");
    expect_show("c1\xC2\x85x", "c1\\u0085x");                      /* NEL, a C1 control */
    expect_show("bidi\xE2\x80\xAEtxt.exe", "bidi\\u202Etxt.exe");  /* RIGHT-TO-LEFT OVERRIDE */
    expect_show("ls\xE2\x80\xA8ps\xE2\x80\xA9", "ls\\u2028ps\\u2029");
    expect_show("iso\xE2\x81\xA6x", "iso\\u2066x");
    /* invalid sequences: overlong, surrogate, above U+10FFFF, truncated, lone continuation */
    expect_show("\xC0\xAF", "\\xC0\\xAF");
    expect_show("\xED\xA0\x80", "\\xED\\xA0\\x80");
    expect_show("\xF4\x90\x80\x80", "\\xF4\\x90\\x80\\x80");
    expect_show("a\xE2\x82", "a\\xE2\\x82");
    expect_show("\x80z", "\\x80z");
    expect_show("caf\xE9.txt", "caf\\xE9.txt"); /* Windows-1252 é */
    /* a backslash is kept, but shown as \x5C where it could be read as an escape */
    expect_show("a\\b.txt", "a\\b.txt");
    expect_show("a\\xFF.txt", "a\\x5CxFF.txt");
    expect_show("a\\u0085", "a\\x5Cu0085");
}

/* Different names never look the same, and what is shown is valid UTF-8 without controls. */
static void test_one_to_one(void **state)
{
    (void)state;
    const char *names[] = {"a\xFF", "a\\xFF", "a\\x5CxFF", "a\\\\xFF", "a\xC2\x85", "a\\u0085",
                           "a\\x5Cu0085", "a\x1B", "a\\x1B", "a\\", "a\\\\"};
    size_t n = sizeof names / sizeof *names;
    char *shown[sizeof names / sizeof *names];
    for (size_t i = 0; i < n; i++) {
        assert_non_null(shown[i] = rd_pathname_show(names[i]));
        assert_true(rd_utf8_valid(shown[i], strlen(shown[i]), NULL));
        for (const char *c = shown[i]; *c; c++)
            assert_true((unsigned char)*c >= 0x20 && *c != 0x7F);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(shown[i], shown[j]) == 0)
                fail_msg("\"%s\" and \"%s\" both shown as \"%s\"", names[i], names[j], shown[i]);
    for (size_t i = 0; i < n; i++)
        free(shown[i]);
    /* every byte pair, valid or not: valid UTF-8 out */
    char raw[3] = {0}, *s;
    for (int a = 1; a < 256; a++)
        for (int b = 1; b < 256; b += 7) {
            raw[0] = (char)a;
            raw[1] = (char)b;
            assert_non_null(s = rd_pathname_show(raw));
            assert_true(rd_utf8_valid(s, strlen(s), NULL));
            free(s);
        }
}

static void test_safe(void **state)
{
    (void)state;
    char *s = rd_pathname_safe("x: \\x5C ok\tR\xFF \x1B[2J café");
    assert_string_equal(s, "x: \\x5C ok\tR\\xFF \\x1B[2J café");
    char *again = rd_pathname_safe(s); /* never changes a message twice */
    assert_string_equal(again, s);
    free(again);
    free(s);
}

static void test_show_into(void **state)
{
    (void)state;
    char buf[8];
    assert_string_equal(rd_pathname_show_into("abc", buf, sizeof buf), "abc");
    assert_string_equal(rd_pathname_show_into("abcdefghij", buf, sizeof buf), "abcdefg");
    assert_string_equal(rd_pathname_show_into("ab\xFF\xFE", buf, sizeof buf), "ab\\xFF");
    assert_string_equal(rd_pathname_show_into("abcdeé", buf, sizeof buf), "abcdeé");
    assert_string_equal(rd_pathname_show_into("abcdefé", buf, sizeof buf), "abcdef");
    char one[1];
    assert_string_equal(rd_pathname_show_into("abc", one, 1), "");
}

static void test_base64(void **state)
{
    (void)state;
    static const struct {
        const char *raw, *b64;
    } cases[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                 {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},   {"fooba", "Zm9vYmE="},
                 {"foobar", "Zm9vYmFy"}, {"g/R\xFF\xFE" "33.txt", "Zy9S//4zMy50eHQ="}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *b = rd_pathname_base64(cases[i].raw);
        assert_non_null(b);
        assert_string_equal(b, cases[i].b64);
        free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_show),     cmocka_unit_test(test_one_to_one),
        cmocka_unit_test(test_safe),     cmocka_unit_test(test_show_into),
        cmocka_unit_test(test_base64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
