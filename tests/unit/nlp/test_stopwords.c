/* tests/unit/nlp/test_stopwords.c — stop words, fillers and filler phrases (nlp/stopwords.h):
 * the built-in lists, a user's list (comments, blanks, case folding, phrases), the longest
 * phrase winning, phrases over six words ignored, and invalid UTF-8 named by line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/stopwords.h"
#include "nlp/wordlist.h"

extern const unsigned char rd__builtin_stopwords[];
extern const size_t rd__builtin_stopwords_len;
extern const unsigned char rd__builtin_fillers[];
extern const size_t rd__builtin_fillers_len;

/* Longest filler phrase at the start of words[0..n), through the phrase-word ids the
 * analyser uses. */
static size_t match(const rd_stop *sw, const char *const *words, size_t n)
{
    uint32_t ids[8];
    for (size_t k = 0; k < n; k++)
        ids[k] = rd_stop_phrase_word(sw, words[k], strlen(words[k]));
    return rd_stop_match_ids(sw, ids, n);
}

static void test_builtin(void **state)
{
    (void)state;
    rd_stop *sw;
    rd_err err;
    assert_int_equal(rd_stop_new(&sw, &err), RD_OK);
    assert_int_equal(rd_stop_count(sw), 0);
    assert_int_equal(rd_stop_load_builtin(sw, &err), RD_OK);
    assert_true(rd_stop_has(sw, "de", 2));
    assert_true(rd_stop_has(sw, "ehm", 3));
    assert_true(rd_stop_has(sw, "nou", 3));
    assert_false(rd_stop_has(sw, "huur", 4));
    assert_false(rd_stop_has(sw, "zeg maar", 8)); /* a phrase is no single word */
    assert_true(rd_stop_starts_phrase(sw, "zeg", 3));
    assert_false(rd_stop_starts_phrase(sw, "maar", 4)); /* in a phrase, not first */
    assert_true(rd_stop_phrase_word(sw, "maar", 4) != UINT32_MAX);
    assert_false(rd_stop_starts_phrase(sw, "huur", 4));
    assert_int_equal(rd_stop_phrase_word(sw, "huur", 4), UINT32_MAX);
    const char *f[] = {"weet", "je", "wel", "toch"};
    assert_int_equal(match(sw, f, 4), 3); /* longest: "weet je wel" */
    assert_int_equal(match(sw, f, 2), 2);
    assert_int_equal(match(sw, f, 1), 0); /* "weet" alone is no phrase */
    const char *g[] = {"weet", "niet"};
    assert_int_equal(match(sw, g, 2), 0);
    const char *six[] = {"om", "het", "zo", "maar", "te", "zeggen", "dus"};
    assert_int_equal(match(sw, six, 7), 6); /* the longest phrase there is */
    assert_int_equal(match(sw, six, 5), 0);
    rd_stop_free(sw);
    rd_stop_free(NULL);
}

/* The set-free look-up of the built-in lists (for io/read/labels.c): every single word of
 * both lists is found (the static index holds them all), phrases and other words not. */
static void test_builtin_has(void **state)
{
    (void)state;
    const unsigned char *texts[] = {rd__builtin_stopwords, rd__builtin_fillers};
    const size_t lens[] = {rd__builtin_stopwords_len, rd__builtin_fillers_len};
    size_t words = 0;
    for (int l = 0; l < 2; l++) {
        size_t i = 0, b, e;
        while (rd_wordlist_line((const char *)texts[l], lens[l], &i, &b, &e)) {
            const char *w = (const char *)texts[l] + b;
            if (e == b || memchr(w, ' ', e - b))
                continue;
            if (!rd_stop_builtin_has(w, e - b))
                fail_msg("'%.*s' not found", (int)(e - b), w);
            words++;
        }
    }
    assert_true(words > 350);
    static const char *const yes[] = {"nee", "dus", "kijk", "nou", "ok\xC3\xA9", "\xC3\xA9\xC3\xA9n",
                                      "mevrouw", "eh", "de", NULL};
    static const char *const no[] = {"jan", "tip", "voorbeeld", "opmerking", "zeg maar", "Nee",
                                     "", "ne", "neee", NULL};
    for (const char *const *w = yes; *w; w++)
        assert_true(rd_stop_builtin_has(*w, strlen(*w)));
    for (const char *const *w = no; *w; w++)
        assert_false(rd_stop_builtin_has(*w, strlen(*w)));
}

static void test_user_list(void **state)
{
    (void)state;
    rd_stop *sw;
    rd_err err;
    assert_int_equal(rd_stop_new(&sw, &err), RD_OK);
    /* comments, blanks, CRLF, case folding, a phrase, a phrase of seven words (ignored),
     * a "phrase" of one word after trimming */
    const char *user = "# mijn lijst\n\n  Woningcorporatie  # trailing comment\nDe Linde\r\n"
                       "een twee drie vier vijf zes zeven\n"
                       "CAFÉ\n";
    assert_int_equal(rd_stop_load(sw, user, strlen(user), "extra.txt", &err), RD_OK);
    assert_true(rd_stop_has(sw, "woningcorporatie", 16));
    assert_true(rd_stop_has(sw, "café", strlen("café")));
    assert_false(rd_stop_has(sw, "Woningcorporatie", 16)); /* lookups take normalised forms */
    const char *h[] = {"de", "linde"};
    assert_int_equal(match(sw, h, 2), 2);
    const char *seven[] = {"een", "twee", "drie", "vier", "vijf", "zes", "zeven"};
    assert_int_equal(match(sw, seven, 7), 0);
    assert_false(rd_stop_starts_phrase(sw, "een", 3));
    assert_int_equal(rd_stop_count(sw), 3); /* woningcorporatie, café, "de linde" */
    rd_stop_free(sw);
}

static void test_errors(void **state)
{
    (void)state;
    rd_stop *sw;
    rd_err err;
    assert_int_equal(rd_stop_new(&sw, &err), RD_OK);
    /* invalid UTF-8 names file, byte and line; nothing of the file is kept */
    assert_int_equal(rd_stop_load(sw, "a\nb\xff\n", 5, "extra.txt", &err), RD_EUTF8);
    assert_int_equal(err.code, RD_EUTF8);
    assert_string_equal(err.msg, "extra.txt: invalid UTF-8 at byte 3 (line 2)");
    assert_false(rd_stop_has(sw, "a", 1));
    assert_int_equal(rd_stop_load(sw, "", 0, "leeg.txt", &err), RD_OK);
    assert_int_equal(rd_stop_count(sw), 0);
    rd_stop_free(sw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin),
        cmocka_unit_test(test_builtin_has),
        cmocka_unit_test(test_user_list),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("stopwords", tests, NULL, NULL);
}
