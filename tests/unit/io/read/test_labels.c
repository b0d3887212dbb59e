/* tests/unit/io/read/test_labels.c — the one speaker-label rule (io/read/labels.h):
 * label shapes and capitalisation, interviewer and respondent roles, "(…)" and trailing
 * numbers, extra interviewer labels, and the turn a label starts. Table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/read/labels.h"

/* Each label is copied into a buffer of exactly its length, so that the sanitizer sees a
 * read past the end. */
static char *exact(const char *s, size_t *n)
{
    *n = strlen(s);
    char *b = malloc(*n ? *n : 1);
    assert_non_null(b);
    memcpy(b, s, *n);
    return b;
}

static void test_shapes(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int shape, caps; /* caps only looked at when shape is 1 */
    } cases[] = {
        /* names and roles */
        {"Jan", 1, 1},
        {"jan", 1, 0},
        {"R1", 1, 1},
        {"Interviewer 2", 1, 1},                 /* a number is a capitalised word */
        {"Onderzoeker (Anne)", 1, 1},            /* so is "(…)" */
        {"Mevrouw de Vries", 1, 1},              /* particles after the first word */
        {"Jan van der Berg", 1, 1},
        {"Jan 't Hart", 1, 1},
        {"Karim el Amrani", 1, 1},
        {"van Dijk", 1, 0},                      /* a particle does not start a name */
        {"Jan vanaf", 1, 0},                     /* "vanaf" is no particle */
        {"iPhone van Anne", 1, 0},
        {"\xC3\x8BLLA", 1, 1},                   /* ËLLA: a non-ASCII letter starts it */
        {"\xC3\xABlla", 1, 1},                   /* ëlla: non-ASCII counts as capitalised */
        {"O'Brien", 1, 1},
        {"Anne-Marie", 1, 1},
        {"J.P. Balkenende", 1, 1},
        {"Partner/Vriend", 1, 1},
        {"Een twee drie vier vijf", 1, 0},       /* five words */
        {"Aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd", 1, 1}, /* 40 bytes */
        /* not labels */
        {"", 0, 0},
        {"Een twee drie vier vijf zes", 0, 0},   /* six words */
        {"Aaaaaaaaaabbbbbbbbbbccccccccccddddddddddx", 0, 0}, /* 41 bytes */
        {"1Jan", 0, 0},
        {"(Anne)", 0, 0},
        {" Jan", 0, 0},
        {"Jan ", 0, 0},
        {"Jan  Piet", 0, 0},
        {"Jan:", 0, 0},
        {"Wat vindt u?", 0, 0},
        {"Jan, Piet", 0, 0},
        {"Jan\tPiet", 0, 0},
        {"\xE2\x82\xAC" "uro", 0, 0},           /* € is no letter */
        {"\xE2\x80\x94Jan", 0, 0},              /* nor is a dash */
        {"\xFF" "Jan", 0, 0},                   /* nor invalid UTF-8 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n;
        char *s = exact(cases[i].s, &n);
        int caps = -1;
        int shape = rd_labels_shape(s, n, &caps);
        if (shape != cases[i].shape)
            fail_msg("\"%s\": shape %d, want %d", cases[i].s, shape, cases[i].shape);
        if (shape && caps != cases[i].caps)
            fail_msg("\"%s\": caps %d, want %d", cases[i].s, caps, cases[i].caps);
        assert_int_equal(rd_labels_shape(s, n, NULL), shape); /* caps may be NULL */
        free(s);
    }
}

static void test_roles(void **state)
{
    (void)state;
    static char *const extra[] = {"Anouk", "Moderatrice 1"};
    const rd_labels_opts opts = {extra, 2};
    static const struct {
        const char *s;
        int interviewer, interviewer_with_extra, respondent;
    } cases[] = {
        {"Interviewer", 1, 1, 0},
        {"INTERVIEWER", 1, 1, 0},
        {"Interviewer 2", 1, 1, 0},
        {"Interviewer2", 1, 1, 0},
        {"Interviewer (Anne)", 1, 1, 0},
        {"Onderzoekster", 1, 1, 0},
        {"Gespreksleider", 1, 1, 0},
        {"Int.", 1, 1, 0},
        {"I", 1, 1, 0},
        {"Q", 1, 1, 0},
        {"Vraag", 1, 1, 0},
        {"Researcher", 1, 1, 0},
        {"R", 0, 0, 1},
        {"Resp", 0, 0, 1},
        {"Respondent 3", 0, 0, 1},
        {"Respondente", 0, 0, 1},
        {"A", 0, 0, 1},
        {"Antwoord", 0, 0, 1},
        {"Bewoner (m)", 0, 0, 1},
        {"Huurster", 0, 0, 1},
        {"Ge\xC3\xAFnterviewde", 0, 0, 1},
        {"Spreker 2", 0, 0, 1},
        {"B", 0, 0, 1},
        {"P", 0, 0, 1},
        /* extra interviewer labels, compared the same way */
        {"Anouk", 0, 1, 0},
        {"anouk (2)", 0, 1, 0},
        {"Moderatrice", 0, 1, 0},
        {"Moderatrice 7", 0, 1, 0},
        /* neither */
        {"Jan", 0, 0, 0},
        {"Interviewers zeggen", 0, 0, 0},
        {"Rr", 0, 0, 0},
        {"", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n;
        char *s = exact(cases[i].s, &n);
        if (rd_labels_is_interviewer(s, n, NULL) != cases[i].interviewer ||
            rd_labels_is_interviewer(s, n, &opts) != cases[i].interviewer_with_extra ||
            rd_labels_is_respondent(s, n) != cases[i].respondent)
            fail_msg("\"%s\": interviewer %d/%d, respondent %d", cases[i].s,
                     rd_labels_is_interviewer(s, n, NULL),
                     rd_labels_is_interviewer(s, n, &opts), rd_labels_is_respondent(s, n));
        free(s);
    }
    /* No extra labels: the same as NULL. */
    const rd_labels_opts none = {NULL, 0};
    assert_true(rd_labels_is_interviewer("Vraag", 5, &none));
    assert_false(rd_labels_is_interviewer("Anouk", 5, &none));
}

/* A turn gets its speaker as written and its role by the label without blanks around. */
static void test_turns(void **state)
{
    (void)state;
    static char *const extra[] = {"Anouk"};
    const rd_labels_opts opts = {extra, 1};
    rd_transcript_builder *b = NULL;
    rd_transcript t = {0};
    rd_err err;
    assert_int_equal(rd_transcript_build_new(&b, &err), RD_OK);
    static const char *const spk[] = {"Interviewer", "  Samira  ", "Anouk", "\tQ\t", ""};
    for (uint32_t i = 0; i < 5; i++) {
        assert_int_equal(rd_labels_turn(b, spk[i], strlen(spk[i]), &opts, &err), RD_OK);
        assert_int_equal(rd_transcript_build_line(b, "tekst", 5, i + 1, &err), RD_OK);
    }
    assert_int_equal(rd_transcript_build_finish(b, &t, &err), RD_OK);
    assert_int_equal(t.n, 5);
    static const char *const want[] = {"Interviewer", "Samira", "Anouk", "Q", ""};
    static const rd_role role[] = {RD_ROLE_INTERVIEWER, RD_ROLE_RESPONDENT,
                                   RD_ROLE_INTERVIEWER, RD_ROLE_INTERVIEWER,
                                   RD_ROLE_RESPONDENT};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(t.v[i].speaker, want[i]);
        assert_int_equal(t.v[i].role, role[i]);
    }
    assert_int_equal(t.n_respondent, 2);
    rd_transcript_free(&t);
    rd_transcript_build_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_turns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
