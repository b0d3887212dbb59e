/* tests/unit/nlp/test_cues.c — cue word lists (nlp/cues.h): the built-in list, kinds,
 * prefixes, normalisation, a word of several kinds, and format errors named by line. The
 * analyser's counts of cues in a passage are tested in test_analyse.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/cues.h"

static void test_builtin(void **state)
{
    (void)state;
    rd_cues *c;
    rd_err err;
    assert_int_equal(rd_cues_new(&c, &err), RD_OK);
    assert_int_equal(rd_cues_count(c), 0);
    assert_int_equal(rd_cues_match(c, "graag", 5), 0u);
    assert_int_equal(rd_cues_load_builtin(c, &err), RD_OK);
    assert_true(rd_cues_count(c) > 100);
    assert_int_equal(rd_cues_match(c, "graag", 5), 1u << RD_CUE_MOTIVATION);
    assert_int_equal(rd_cues_match(c, "belangrijkste", 13), 1u << RD_CUE_MOTIVATION);
    assert_int_equal(rd_cues_match(c, "maar", 4), 1u << RD_CUE_CONTRAST);
    assert_int_equal(rd_cues_match(c, "niet", 4), 1u << RD_CUE_NEGATION);
    assert_int_equal(rd_cues_match(c, "fijn", 4), 1u << RD_CUE_POSITIVE);
    assert_int_equal(rd_cues_match(c, "frustrerend", 11), 1u << RD_CUE_NEGATIVE);
    assert_int_equal(rd_cues_match(c, "huur", 4), 0u);
    rd_cues_free(c);
    rd_cues_free(NULL);
}

static void test_user_list(void **state)
{
    (void)state;
    rd_cues *c;
    rd_err err;
    assert_int_equal(rd_cues_new(&c, &err), RD_OK);
    /* comments, blanks, tabs between kind and word, case folding, a prefix, a word of two
     * kinds, a prefix given twice */
    const char *extra = "# comment\nmotivation PARKEERPLEK\n  negative tocht*  \n"
                        "positive\tRUIM\r\nmotivation ruim\nnegative TOCHT*\ncontrast tocht*\n";
    assert_int_equal(rd_cues_load(c, extra, strlen(extra), "x.txt", &err), RD_OK);
    assert_int_equal(rd_cues_count(c), 3); /* parkeerplek, ruim, tocht* */
    assert_int_equal(rd_cues_match(c, "parkeerplek", 11), 1u << RD_CUE_MOTIVATION);
    assert_int_equal(rd_cues_match(c, "parkeerplekken", 14), 0u); /* a word is whole */
    assert_int_equal(rd_cues_match(c, "tochtig", 7), (1u << RD_CUE_NEGATIVE) | (1u << RD_CUE_CONTRAST));
    assert_int_equal(rd_cues_match(c, "tocht", 5), (1u << RD_CUE_NEGATIVE) | (1u << RD_CUE_CONTRAST));
    assert_int_equal(rd_cues_match(c, "toch", 4), 0u);
    assert_int_equal(rd_cues_match(c, "ruim", 4), (1u << RD_CUE_POSITIVE) | (1u << RD_CUE_MOTIVATION));
    /* many words: the per-word kinds grow past their first 256 */
    char big[20000];
    size_t n = 0;
    for (int i = 0; i < 600; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "%s woord%d\n", i % 2 ? "positive" : "negative", i);
    assert_int_equal(rd_cues_load(c, big, n, "big.txt", &err), RD_OK);
    assert_int_equal(rd_cues_count(c), 603);
    assert_int_equal(rd_cues_match(c, "woord599", 8), 1u << RD_CUE_POSITIVE);
    assert_int_equal(rd_cues_match(c, "woord598", 8), 1u << RD_CUE_NEGATIVE);
    assert_int_equal(rd_cues_match(c, "ruim", 4), (1u << RD_CUE_POSITIVE) | (1u << RD_CUE_MOTIVATION));
    rd_cues_free(c);
}

static void test_errors(void **state)
{
    (void)state;
    rd_cues *c;
    rd_err err;
    assert_int_equal(rd_cues_new(&c, &err), RD_OK);
    const struct { const char *text, *msg; } bad[] = {
        {"motivation graag\nwens iets\n", "bad.txt:2: expected \"KIND WORD\""}, /* no such kind */
        {"negative twee woorden\n", "bad.txt:1: expected"},                    /* two words */
        {"# x\n\nnegative\n", "bad.txt:3: expected"},                           /* no word */
        {"positive *\n", "bad.txt:1: a lone '*' would match every word"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(rd_cues_load(c, bad[i].text, strlen(bad[i].text), "bad.txt", &err), RD_EDATA);
        assert_int_equal(err.code, RD_EDATA);
        if (strncmp(err.msg, bad[i].msg, strlen(bad[i].msg)) != 0)
            fail_msg("case %zu: \"%s\"", i, err.msg);
    }
    assert_int_equal(rd_cues_load(c, "positive fijn\xff\n", 14, "utf.txt", &err), RD_EUTF8);
    assert_string_equal(err.msg, "utf.txt: invalid UTF-8 at byte 13 (line 1)");
    assert_string_equal(rd_cues_kind_name(RD_CUE_MOTIVATION), "motivation");
    assert_string_equal(rd_cues_kind_name(RD_CUE_NEGATIVE), "negative");
    assert_string_equal(rd_cues_kind_name(RD_CUE__COUNT), "?");
    rd_cues_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin),
        cmocka_unit_test(test_user_list),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("cues", tests, NULL, NULL);
}
