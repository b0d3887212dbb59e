/* tests/unit/nlp/test_wordlist.c — the word-list line format (nlp/wordlist.h): comments cut,
 * blanks trimmed, CRLF line ends, a last line without a newline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/wordlist.h"

static void test_lines(void **state)
{
    (void)state;
    const char *text = "# kop\n"
                       "  huur  \r\n"
                       "\n"
                       "\tzeg maar # een frase\n"
                       "#\n"
                       "a#b\n"
                       "laatste";
    const char *want[] = {"", "huur", "", "zeg maar", "", "a", "laatste"};
    size_t n = strlen(text), i = 0, b = 99, e = 99, k = 0;
    while (rd_wordlist_line(text, n, &i, &b, &e)) {
        assert_true(k < sizeof want / sizeof *want);
        assert_true(b <= e && e <= n);
        assert_int_equal(e - b, strlen(want[k]));
        assert_memory_equal(text + b, want[k], e - b);
        k++;
    }
    assert_int_equal(k, sizeof want / sizeof *want);
    assert_int_equal(i, n + 1); /* past the last line's (absent) newline */
    /* an empty text has no lines; a lone newline has one, blank */
    i = 0;
    assert_int_equal(rd_wordlist_line("", 0, &i, &b, &e), 0);
    assert_int_equal(rd_wordlist_line("\n", 1, &i, &b, &e), 1);
    assert_int_equal(b, e);
    assert_int_equal(rd_wordlist_line("\n", 1, &i, &b, &e), 0);
    /* a comment only, with blanks before it */
    i = 0;
    assert_int_equal(rd_wordlist_line(" \t# x y", 7, &i, &b, &e), 1);
    assert_int_equal(b, e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
    };
    return cmocka_run_group_tests_name("wordlist", tests, NULL, NULL);
}
