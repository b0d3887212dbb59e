/* tests/unit/nlp/test_transcript.c — the passage builder (nlp/transcript.h): speakers,
 * turns, lines joined by spaces, breaks, long turns split at sentence ends (the 150-word
 * target, the 225/75 look-ahead, run-on sentences cut every 300 words), borrowing against
 * finishing, and a builder reused after reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/transcript.h"

static rd_transcript_builder *builder(void)
{
    rd_transcript_builder *b = NULL;
    rd_err err;
    assert_int_equal(rd_transcript_build_new(&b, &err), RD_OK);
    assert_non_null(b);
    return b;
}

static void line(rd_transcript_builder *b, const char *s, uint32_t ln)
{
    rd_err err;
    assert_int_equal(rd_transcript_build_line(b, s, strlen(s), ln, &err), RD_OK);
}

static size_t speaker(rd_transcript_builder *b, const char *s)
{
    rd_err err;
    size_t h;
    assert_int_equal(rd_transcript_build_speaker(b, s, strlen(s), &h, &err), RD_OK);
    return h;
}

static void turn(rd_transcript_builder *b, size_t spk, rd_role role)
{
    rd_err err;
    assert_int_equal(rd_transcript_build_turn(b, spk, role, &err), RD_OK);
}

static void expect_passage(const rd_passage *p, const char *speaker, rd_role role,
                           uint32_t ln, const char *text)
{
    assert_string_equal(p->speaker, speaker);
    assert_int_equal(p->role, role);
    assert_int_equal(p->line, ln);
    assert_string_equal(p->text, text);
    assert_int_equal(p->text_n, strlen(text));
}

/* Speakers and turns: lines of a turn joined by single spaces, blanks trimmed, tabs and
 * other control blanks as spaces, blank lines nothing; text before the first turn is an
 * unlabelled respondent turn. */
static void test_turns(void **state)
{
    (void)state;
    rd_transcript_builder *b = builder();
    rd_transcript tr = {0};
    rd_err err;
    line(b, "Inleiding zonder spreker.", 1);
    size_t anne = speaker(b, "  Anne\t"), int1 = speaker(b, "Interviewer\tA");
    turn(b, int1, RD_ROLE_INTERVIEWER);
    line(b, "  Hoe gaat het?  ", 3);
    line(b, "", 4);
    line(b, " \t \r", 5);
    turn(b, anne, RD_ROLE_RESPONDENT);
    line(b, "Goed,\tdank\vje.\r", 7);
    line(b, "Echt\fwaar.", 9);
    turn(b, anne, RD_ROLE_RESPONDENT); /* a new turn of the same speaker: a new passage */
    line(b, "Nog iets.", 11);
    turn(b, int1, RD_ROLE_INTERVIEWER); /* a turn without lines leaves nothing */
    turn(b, RD_TRANSCRIPT_NO_SPEAKER, RD_ROLE_RESPONDENT);
    line(b, "Zonder naam.", 14);
    assert_int_equal(rd_transcript_build_finish(b, &tr, &err), RD_OK);
    assert_int_equal(tr.n, 5);
    assert_int_equal(tr.n_respondent, 4);
    assert_true(tr.labelled);
    assert_false(tr.borrowed);
    expect_passage(&tr.v[0], "", RD_ROLE_RESPONDENT, 1, "Inleiding zonder spreker.");
    expect_passage(&tr.v[1], "Interviewer A", RD_ROLE_INTERVIEWER, 3, "Hoe gaat het?");
    expect_passage(&tr.v[2], "Anne", RD_ROLE_RESPONDENT, 7, "Goed, dank je. Echt waar.");
    expect_passage(&tr.v[3], "Anne", RD_ROLE_RESPONDENT, 11, "Nog iets.");
    expect_passage(&tr.v[4], "", RD_ROLE_RESPONDENT, 14, "Zonder naam.");
    rd_transcript_free(&tr);
    assert_null(tr.v);
    assert_int_equal(tr.n, 0);
    rd_transcript_free(NULL);
    rd_transcript_build_free(b);
    rd_transcript_build_free(NULL);
}

/* Unlabelled text: breaks cut paragraphs into turns; build_text counts lines itself. */
static void test_breaks_and_text(void **state)
{
    (void)state;
    rd_transcript_builder *b = builder();
    rd_transcript tr = {0};
    rd_err err;
    const char *para = "Eerste regel\ntweede regel\n\n  derde  ";
    assert_int_equal(rd_transcript_build_text(b, para, strlen(para), 10, &err), RD_OK);
    assert_int_equal(rd_transcript_build_break(b, &err), RD_OK);
    assert_int_equal(rd_transcript_build_break(b, &err), RD_OK); /* nothing to end: nothing */
    const char *next = "\nna de witregel";
    assert_int_equal(rd_transcript_build_text(b, next, strlen(next), 20, &err), RD_OK);
    assert_int_equal(rd_transcript_build_finish(b, &tr, &err), RD_OK);
    assert_int_equal(tr.n, 2);
    assert_false(tr.labelled);
    expect_passage(&tr.v[0], "", RD_ROLE_RESPONDENT, 10, "Eerste regel tweede regel derde");
    expect_passage(&tr.v[1], "", RD_ROLE_RESPONDENT, 21, "na de witregel");
    /* an empty transcript: no passages */
    assert_int_equal(rd_transcript_build_finish(b, &tr, &err), RD_OK); /* drops the old one */
    assert_int_equal(tr.n, 0);
    assert_int_equal(tr.n_respondent, 0);
    assert_false(tr.labelled);
    rd_transcript_free(&tr);
    rd_transcript_build_free(b);
}

/* Appends `sentences` sentences of `words` words each to the turn, sentence k on source
 * line first + k; words are "wK" so each passage's first word says where it starts. */
static void sentences(rd_transcript_builder *b, int n_sent, int words, uint32_t first)
{
    char buf[8192];
    static int wn = 0;
    for (int k = 0; k < n_sent; k++) {
        size_t n = 0;
        for (int w = 0; w < words; w++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s%d", w ? " " : "",
                                  w ? "x" : "W", wn++);
        buf[n++] = '.';
        buf[n] = '\0';
        line(b, buf, first + (uint32_t)k);
    }
}

static size_t count_words(const char *s)
{
    size_t w = 0;
    for (const char *p = s; *p; p++)
        w += (p == s || p[-1] == ' ') && *p != ' ';
    return w;
}

/* A long turn is cut at sentence ends into passages of about 150 words: once a passage
 * reaches 150 words; before a sentence that would take it past 225 when it holds 75. */
static void test_split_long_turns(void **state)
{
    (void)state;
    rd_transcript_builder *b = builder();
    rd_transcript tr = {0};
    rd_err err;
    /* 40 sentences of 10 words: 150 + 150 + 100, each starting at its sentence's line */
    sentences(b, 40, 10, 100);
    assert_int_equal(rd_transcript_build_finish(b, &tr, &err), RD_OK);
    assert_int_equal(tr.n, 3);
    assert_int_equal(count_words(tr.v[0].text), 150);
    assert_int_equal(count_words(tr.v[1].text), 150);
    assert_int_equal(count_words(tr.v[2].text), 100);
    assert_int_equal(tr.v[0].line, 100);
    assert_int_equal(tr.v[1].line, 115);
    assert_int_equal(tr.v[2].line, 130);
    assert_int_equal(tr.v[1].text[0], 'W'); /* starts with a sentence */
    assert_int_equal(tr.v[0].text[tr.v[0].text_n - 1], '.');
    /* 80 words, then 160: the second would take the first past 225, so it starts its own
     * passage; then 30 more */
    sentences(b, 1, 80, 1);
    sentences(b, 1, 160, 2);
    sentences(b, 1, 30, 3);
    assert_int_equal(rd_transcript_build_finish(b, &tr, &err), RD_OK);
    assert_int_equal(tr.n, 3);
    assert_int_equal(count_words(tr.v[0].text), 80);
    assert_int_equal(count_words(tr.v[1].text), 160);
    assert_int_equal(count_words(tr.v[2].text), 30);
    assert_int_equal(tr.v[2].line, 3);
    /* 70 words, then 160: the first holds fewer than 75, so they stay together (230) */
    sentences(b, 1, 70, 1);
    sentences(b, 1, 160, 2);
    assert_int_equal(rd_transcript_build_finish(b, &tr, &err), RD_OK);
    assert_int_equal(tr.n, 1);
    assert_int_equal(count_words(tr.v[0].text), 230);
    /* under 120 words by spaces: one passage, sentence ends or not */
    sentences(b, 11, 10, 1);
    assert_int_equal(rd_transcript_build_finish(b, &tr, &err), RD_OK);
    assert_int_equal(tr.n, 1);
    assert_int_equal(count_words(tr.v[0].text), 110);
    rd_transcript_free(&tr);
    rd_transcript_build_free(b);
}

/* A run-on sentence (no sentence end) is cut every 300 words; text of no words at all
 * stays whole. */
static void test_run_on(void **state)
{
    (void)state;
    rd_transcript_builder *b = builder();
    rd_transcript tr = {0};
    rd_err err;
    char *buf = malloc(10000);
    assert_non_null(buf);
    size_t n = 0;
    for (int w = 0; w < 700; w++)
        n += (size_t)sprintf(buf + n, "%sen%d", w ? " " : "", w);
    line(b, buf, 5);
    assert_int_equal(rd_transcript_build_finish(b, &tr, &err), RD_OK);
    assert_int_equal(tr.n, 3);
    assert_int_equal(count_words(tr.v[0].text), 300);
    assert_int_equal(count_words(tr.v[1].text), 300);
    assert_int_equal(count_words(tr.v[2].text), 100);
    assert_true(strncmp(tr.v[1].text, "en300 ", 6) == 0);
    assert_int_equal(tr.v[1].line, 5);
    n = 0;
    for (int w = 0; w < 200; w++)
        n += (size_t)sprintf(buf + n, "%s...", w ? " " : "");
    line(b, buf, 1);
    assert_int_equal(rd_transcript_build_finish(b, &tr, &err), RD_OK);
    assert_int_equal(tr.n, 1);
    assert_int_equal(tr.v[0].text_n, n);
    free(buf);
    rd_transcript_free(&tr);
    rd_transcript_build_free(b);
}

/* Borrowing hands out the builder's own arrays until its next reset; finishing moves them
 * to the caller. A reset builder forgets speakers and starts an unlabelled transcript. */
static void test_borrow_finish_reset(void **state)
{
    (void)state;
    rd_transcript_builder *b = builder();
    rd_transcript tr = {0}, own = {0};
    rd_err err;
    size_t karin = speaker(b, "Karin");
    turn(b, karin, RD_ROLE_RESPONDENT);
    line(b, "Eerst geleend.", 2);
    assert_int_equal(rd_transcript_build_borrow(b, &tr, &err), RD_OK);
    assert_true(tr.borrowed);
    assert_int_equal(tr.n, 1);
    expect_passage(&tr.v[0], "Karin", RD_ROLE_RESPONDENT, 2, "Eerst geleend.");
    rd_transcript_free(&tr); /* clears, frees nothing: the builder's arrays live on */
    assert_null(tr.v);
    assert_int_equal(rd_transcript_build_reset(b, &err), RD_OK);
    line(b, "Na de reset.", 1);
    assert_int_equal(rd_transcript_build_borrow(b, &tr, &err), RD_OK);
    assert_int_equal(tr.n, 1);
    assert_false(tr.labelled);
    expect_passage(&tr.v[0], "", RD_ROLE_RESPONDENT, 1, "Na de reset.");
    /* many passages after a reset: the arrays grow past their first size */
    assert_int_equal(rd_transcript_build_reset(b, &err), RD_OK);
    char s[64];
    for (int k = 0; k < 100; k++) {
        size_t h = speaker(b, k % 2 ? "I" : "R");
        turn(b, h, k % 2 ? RD_ROLE_INTERVIEWER : RD_ROLE_RESPONDENT);
        snprintf(s, sizeof s, "Beurt %d.", k);
        line(b, s, (uint32_t)k + 1);
    }
    assert_int_equal(rd_transcript_build_finish(b, &own, &err), RD_OK);
    assert_false(own.borrowed);
    assert_int_equal(own.n, 100);
    assert_int_equal(own.n_respondent, 50);
    expect_passage(&own.v[99], "I", RD_ROLE_INTERVIEWER, 100, "Beurt 99.");
    expect_passage(&own.v[42], "R", RD_ROLE_RESPONDENT, 43, "Beurt 42.");
    /* the finished transcript is the caller's: the builder's next one does not touch it */
    line(b, "Iets nieuws.", 1);
    assert_int_equal(rd_transcript_build_borrow(b, &tr, &err), RD_OK);
    assert_string_equal(own.v[0].text, "Beurt 0.");
    assert_string_equal(tr.v[0].text, "Iets nieuws.");
    rd_transcript_free(&own);
    rd_transcript_build_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_turns),
        cmocka_unit_test(test_breaks_and_text),
        cmocka_unit_test(test_split_long_turns),
        cmocka_unit_test(test_run_on),
        cmocka_unit_test(test_borrow_finish_reset),
    };
    return cmocka_run_group_tests_name("transcript", tests, NULL, NULL);
}
