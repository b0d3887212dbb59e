/* tests/unit/nlp/test_journey.c — journey files (nlp/journey.h): the built-in journey, the
 * format (stages in order, titles, comments), format errors named by file and line, and
 * the counting of cues in analysed text: stemmed words, phrases within a sentence, the
 * longest cue winning, a cue under two stages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/journey.h"
#include "nlp/stem.h"
#include "nlp/stopwords.h"

static void test_builtin(void **state)
{
    (void)state;
    rd_journey *j;
    rd_err err;
    assert_int_equal(rd_journey_load_builtin(RD_STEM_ALGORITHM, &j, &err), RD_OK);
    static const char *const keys[] = {"orientatie", "inschrijving", "toewijzing", "verhuizing",
                                       "wonen", "reparatie", "renovatie", "huur", "contact",
                                       "vertrek"};
    assert_int_equal(rd_journey_stages(j), 10);
    for (size_t s = 0; s < 10; s++) {
        assert_string_equal(rd_journey_key(j, s), keys[s]);
        assert_true(rd_journey_cues(j, s) >= 15);
    }
    assert_string_equal(rd_journey_title(j, 0), "Oriëntatie");
    assert_string_equal(rd_journey_title(j, 8), "Contact en klachten");
    rd_journey_free(j);
    rd_journey_free(NULL);
}

/* Counts per stage of text under journey j. */
static void count(const rd_journey *j, const char *text, uint16_t *out)
{
    rd_stop *stop;
    rd_an *an;
    rd_journey_scan *sc;
    rd_err err;
    assert_int_equal(rd_stop_new(&stop, &err), RD_OK);
    assert_int_equal(rd_an_new(stop, RD_STEM_ALGORITHM, &an, &err), RD_OK);
    assert_int_equal(rd_journey_scan_new(j, RD_STEM_ALGORITHM, &sc, &err), RD_OK);
    assert_int_equal(rd_an_run(an, text, strlen(text), &err), RD_OK);
    assert_int_equal(rd_journey_scan_count(sc, an, text, out, &err), RD_OK);
    /* a second run on the same analyser: the per-form cache gives the same counts */
    uint16_t again[RD_JOURNEY_MAX_STAGES];
    assert_int_equal(rd_an_run(an, text, strlen(text), &err), RD_OK);
    assert_int_equal(rd_journey_scan_count(sc, an, text, again, &err), RD_OK);
    assert_memory_equal(out, again, rd_journey_stages(j) * sizeof *out);
    rd_journey_scan_free(sc);
    rd_journey_scan_free(NULL);
    rd_an_free(an);
    rd_stop_free(stop);
}

static void test_format_and_count(void **state)
{
    (void)state;
    rd_journey *j;
    rd_err err;
    const char *txt = "# a journey\n\n"
                      "stage rep   Reparatie en onderhoud  \n"
                      "lekkage   # a comment\n"
                      "  Monteur\r\n"
                      "onderhoud\n"
                      "stage reno\n"
                      "groot onderhoud\n"
                      "dubbel glas\n"
                      "monteur\n";
    assert_int_equal(rd_journey_load(txt, strlen(txt), "j.txt", RD_STEM_ALGORITHM, &j, &err),
                     RD_OK);
    assert_int_equal(rd_journey_stages(j), 2);
    assert_string_equal(rd_journey_key(j, 0), "rep");
    assert_string_equal(rd_journey_title(j, 0), "Reparatie en onderhoud");
    assert_string_equal(rd_journey_key(j, 1), "reno");
    assert_string_equal(rd_journey_title(j, 1), "reno"); /* no title: the key */
    assert_int_equal(rd_journey_cues(j, 0), 3);
    assert_int_equal(rd_journey_cues(j, 1), 3);
    uint16_t c[RD_JOURNEY_MAX_STAGES];
    /* stems: "lekkages" is "lekkage"; case folded */
    count(j, "Twee LEKKAGES in een jaar.", c);
    assert_int_equal(c[0], 1);
    assert_int_equal(c[1], 0);
    /* a word of two stages counts for both */
    count(j, "De monteurs kwamen.", c);
    assert_int_equal(c[0], 1);
    assert_int_equal(c[1], 1);
    /* the longest cue wins: "groot onderhoud" is renovation only, "onderhoud" alone repair */
    count(j, "Het groot onderhoud duurde lang, en het onderhoud daarna ook.", c);
    assert_int_equal(c[0], 1);
    assert_int_equal(c[1], 1);
    /* a phrase within one sentence, its words in a row */
    count(j, "Ze zeiden groot. Onderhoud kwam later. Dubbel en glas. Dubbel glas!", c);
    assert_int_equal(c[0], 1); /* "Onderhoud" alone */
    assert_int_equal(c[1], 1); /* only the last "dubbel glas" */
    count(j, "niets van dit alles", c);
    assert_int_equal(c[0] + c[1], 0);
    rd_journey_free(j);
}

static void test_errors(void **state)
{
    (void)state;
    rd_journey *j = (rd_journey *)&j;
    rd_err err;
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"", "e.txt:1: no stage"},
        {"# only a comment\n\n", "e.txt:2: no stage"},
        {"lekkage\nstage a A\nx\n", "e.txt:1: a cue before the first \"stage KEY Title\" line"},
        {"stage a A\nlekkage\nstage b B\n# none\nstage c C\nx\n",
         "e.txt:3: stage 'b' has no cues"},
        {"stage a A\nlekkage\nstage b B\n", "e.txt:3: stage 'b' has no cues"},
        {"stage\nx\n", "e.txt:1: expected \"stage KEY Title\""},
        {"stage k\xC3\xA9y T\nx\n", "e.txt:1: expected \"stage KEY Title\""},
        {"stage a A\nx\nstage a B\ny\n", "e.txt:3: stage 'a' is given twice"},
        {"stage a A\n1234\n", "e.txt:2: a cue holds only words"},
        {"stage a A\n...\n", "e.txt:2: a cue without a word"},
        {"stage a A\neen twee drie vier vijf zes zeven acht negen\n", "e.txt:2: a cue has at most 8 words"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        j = (rd_journey *)&j;
        assert_int_equal(rd_journey_load(bad[i].text, strlen(bad[i].text), "e.txt",
                                         RD_STEM_ALGORITHM, &j, &err),
                         RD_EDATA);
        assert_null(j);
        if (strncmp(err.msg, bad[i].msg, strlen(bad[i].msg)) != 0)
            fail_msg("case %zu: \"%s\"", i, err.msg);
    }
    /* more than the maximum of stages */
    char big[8192];
    size_t n = 0;
    for (int i = 0; i <= RD_JOURNEY_MAX_STAGES; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "stage s%d S\nwoord%d\n", i, i);
    assert_int_equal(rd_journey_load(big, n, "big.txt", RD_STEM_ALGORITHM, &j, &err), RD_EDATA);
    assert_string_equal(err.msg, "big.txt:129: more than 64 stages");
    assert_int_equal(rd_journey_load("stage a\nfijn\xff\n", 13, "utf.txt", RD_STEM_ALGORITHM, &j,
                                     &err),
                     RD_EUTF8);
    assert_string_equal(err.msg, "utf.txt: invalid UTF-8 at byte 12 (line 2)");
    assert_null(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin),
        cmocka_unit_test(test_format_and_count),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("journey", tests, NULL, NULL);
}
