/* tests/unit/io/read/test_labels.c — the one speaker-label rule (io/read/labels.h):
 * label shapes and capitalisation, interviewer and respondent roles, "(…)" and trailing
 * numbers, extra interviewer labels, the kinds (strong, name, word, phrase) of labels from
 * Dutch interviews, focus groups, debates and exports, what evidence makes a speaker, and
 * the turn a label starts. Table-driven; whole transcripts are in test_text.c. */
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
        {"\xC3\xABlla", 1, 0},                   /* ëlla: a lower-case letter */
        {"\xC3\x96zt\xC3\xBCrk", 1, 1},          /* Öztürk */
        {"\xE6\x9D\x8E\xE6\x98\x8E", 1, 1},      /* a letter without case counts as capital */
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
        /* a trailing number: apart, any digits; right after a role word, one or two */
        {"I2", 1, 1, 0},
        {"iv2", 1, 1, 0},
        {"Interviewer-2", 1, 1, 0},
        {"R1", 0, 0, 1},
        {"r12", 0, 0, 1},
        {"Respondent 101", 0, 0, 1},
        {"Deelnemer12", 0, 0, 1},
        {"Deelnemer123", 0, 0, 0},
        {"i386", 0, 0, 0},                       /* never the interviewer I */
        {"I386", 0, 0, 0},
        {"R101", 0, 0, 0},
        {"Q1", 1, 1, 0},
        {"Vraag 7", 1, 1, 0},
        /* a leading article; the chair of a debate */
        {"De voorzitter", 1, 1, 0},
        {"Voorzitter", 1, 1, 0},
        {"de interviewer", 1, 1, 0},
        {"De", 0, 0, 0},
        /* neither */
        {"Jan", 0, 0, 0},
        {"Voorzitter Bosma", 0, 0, 0},           /* a title with a name */
        {"Stap 2", 0, 0, 0},
        {"Ir", 0, 0, 0},
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

static const char *const kind_name[] = {"none", "phrase", "word", "name", "strong"};

/* The kinds of labels as Dutch transcripts write them. */
static void test_kinds(void **state)
{
    (void)state;
    static char *const extra[] = {"Anouk"};
    const rd_labels_opts opts = {extra, 1};
    static const struct {
        const char *s;
        rd_labels_kind k;
    } cases[] = {
        /* roles, any case */
        {"Interviewer", RD_LABELS_STRONG},
        {"I", RD_LABELS_STRONG},
        {"R", RD_LABELS_STRONG},
        {"int", RD_LABELS_STRONG},
        {"r1", RD_LABELS_STRONG},
        {"resp", RD_LABELS_STRONG},
        {"Respondent 3", RD_LABELS_STRONG},
        {"Bewoner", RD_LABELS_STRONG},
        {"Spreker 2", RD_LABELS_STRONG},
        {"De voorzitter", RD_LABELS_STRONG},
        {"Onderzoeker (Sanne Meijer)", RD_LABELS_STRONG},
        {"Anouk", RD_LABELS_STRONG},             /* an extra interviewer label */
        /* titles with a name; debates (Handelingen) */
        {"De heer \xC3\x96zt\xC3\xBCrk", RD_LABELS_STRONG},
        {"Mevrouw Jansen", RD_LABELS_STRONG},
        {"Mevrouw de Vries", RD_LABELS_STRONG},
        {"Meneer Hoekstra", RD_LABELS_STRONG},
        {"Dhr. Bakker", RD_LABELS_STRONG},
        {"Mw. El Amrani", RD_LABELS_STRONG},
        {"Minister De Jonge", RD_LABELS_STRONG},
        {"Minister Hoekstra", RD_LABELS_STRONG},
        {"Staatssecretaris Van Huffelen", RD_LABELS_STRONG},
        {"Minister-president Rutte", RD_LABELS_STRONG},
        {"Mevrouw Jansen (SP)", RD_LABELS_STRONG},
        {"De heer Omtzigt (CDA)", RD_LABELS_STRONG},
        /* names of several words, or with "(…)" */
        {"Jan van der Berg", RD_LABELS_STRONG},
        {"Karim El Amrani", RD_LABELS_STRONG},
        {"Lotte Smeets", RD_LABELS_STRONG},
        {"Mehmet Y\xC4\xB1ld\xC4\xB1z", RD_LABELS_STRONG},
        {"J.P. Balkenende", RD_LABELS_STRONG},
        {"De Vries", RD_LABELS_STRONG},          /* a particle may start a surname */
        {"Jan (bewoner)", RD_LABELS_STRONG},
        /* one capitalised word that is no common word */
        {"Jan", RD_LABELS_NAME},
        {"\xC3\x96zt\xC3\xBCrk", RD_LABELS_NAME},
        {"Samira", RD_LABELS_NAME},
        {"Anne-Marie", RD_LABELS_NAME},
        {"O'Brien", RD_LABELS_NAME},
        {"\xC3\x89lise", RD_LABELS_NAME},
        {"Tip", RD_LABELS_NAME},                 /* by shape a name: the text decides */
        {"Voorbeeld", RD_LABELS_NAME},
        {"Opmerking", RD_LABELS_NAME},
        /* words: common words, digits, lower-case ids, capitalised words no name */
        {"Nee", RD_LABELS_WORD},
        {"Dus", RD_LABELS_WORD},
        {"Kijk", RD_LABELS_WORD},
        {"Ok\xC3\xA9", RD_LABELS_WORD},        /* Oké: a filler */
        {"Mevrouw", RD_LABELS_WORD},             /* a title without a name */
        {"Let op", RD_LABELS_WORD},
        {"Nou Ja", RD_LABELS_WORD},
        {"Stap 2", RD_LABELS_WORD},
        {"i386", RD_LABELS_WORD},
        {"I386", RD_LABELS_WORD},
        {"R101", RD_LABELS_WORD},
        {"viking1", RD_LABELS_WORD},
        {"jan", RD_LABELS_WORD},
        {"Kijk (lacht)", RD_LABELS_WORD},
        /* phrases: a lower-case word after the first */
        {"Let wel", RD_LABELS_PHRASE},
        {"iPhone van Anne", RD_LABELS_PHRASE},
        {"mijn punt is", RD_LABELS_PHRASE},
        {"Dus wat ik bedoel", RD_LABELS_PHRASE},
        {"De heer", RD_LABELS_PHRASE},
        {"van Dijk", RD_LABELS_PHRASE},
        /* no label */
        {"", RD_LABELS_NONE},
        {"1 Jan", RD_LABELS_NONE},
        {"Jan, Piet", RD_LABELS_NONE},
        {"https://example.nl", RD_LABELS_NONE},
        {"Een twee drie vier vijf zes", RD_LABELS_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n;
        char *s = exact(cases[i].s, &n);
        rd_labels_kind k = rd_labels_kind_of(s, n, &opts);
        if (k != cases[i].k)
            fail_msg("\"%s\": %s, want %s", cases[i].s, kind_name[k], kind_name[cases[i].k]);
        free(s);
    }
}

/* What evidence makes a speaker of each kind. */
static void test_accept(void **state)
{
    (void)state;
    static const struct {
        rd_labels_kind k;
        rd_labels_evidence e; /* uses, timestamped, in_talk, opens, after_interviewer */
        int want;
    } cases[] = {
        {RD_LABELS_STRONG, {1, 0, 0, 0, 0}, 1},  /* at once, anywhere */
        {RD_LABELS_NAME, {1, 0, 0, 1, 0}, 0},    /* once, before the conversation */
        {RD_LABELS_NAME, {1, 0, 1, 1, 0}, 1},    /* once in it, opening a sentence */
        {RD_LABELS_NAME, {1, 0, 1, 0, 0}, 0},    /* "Tip: bel het huurteam" */
        {RD_LABELS_NAME, {1, 0, 1, 0, 1}, 1},    /* "Jan: ja hoor" after the interviewer */
        {RD_LABELS_NAME, {1, 0, 0, 0, 1}, 0},
        {RD_LABELS_NAME, {2, 0, 0, 0, 0}, 1},
        {RD_LABELS_NAME, {1, 1, 0, 0, 0}, 1},
        {RD_LABELS_WORD, {1, 0, 1, 1, 1}, 0},    /* "Nee: Dat klopt niet", once */
        {RD_LABELS_WORD, {2, 0, 0, 0, 0}, 1},    /* "viking1:" on two lines */
        {RD_LABELS_WORD, {1, 1, 0, 0, 0}, 1},    /* "[00:01:02] Nee: …" */
        {RD_LABELS_PHRASE, {1, 1, 1, 1, 1}, 0},  /* "[00:01:02] Dus wat ik bedoel: …" */
        {RD_LABELS_PHRASE, {2, 0, 0, 0, 0}, 1},  /* "iPhone van Anne:" on two lines */
        {RD_LABELS_NONE, {9, 1, 1, 1, 1}, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (rd_labels_accept(cases[i].k, &cases[i].e) != cases[i].want)
            fail_msg("case %zu (%s): want %d", i, kind_name[cases[i].k], cases[i].want);
}

/* The two steps of a file's verdict, over candidates kept inside larger structs. */
static void test_decide(void **state)
{
    (void)state;
    struct held {
        rd_labels_cand c;
        int other;
    } h[] = {
        {{"Datum", 5, {1, 0, 0, 1, 0}, 5, 9}, 0},        /* a preamble line */
        {{"Interviewer", 11, {2, 0, 0, 1, 0}, 10, 9}, 0},
        {{"Jan", 3, {1, 0, 0, 1, 0}, 20, 9}, 0},         /* once, opens: a speaker */
        {{"Tip", 3, {1, 0, 0, 0, 0}, 30, 9}, 0},         /* once, lower case after it */
        {{"Kees", 4, {1, 0, 0, 0, 0}, 40, 9}, 0},        /* the same, after the interviewer */
        {{"Nee", 3, {1, 0, 0, 1, 0}, 50, 9}, 0},         /* a common word once */
        {{"Bewoner", 7, {0, 0, 0, 1, 0}, 60, 9}, 0},     /* no uses: no speaker */
    };
    size_t talk = rd_labels_decide(&h[0].c, 7, sizeof *h, SIZE_MAX, NULL);
    assert_int_equal(talk, 10);
    static const int want[] = {0, 1, 1, 0, 0, 0, 0};
    for (size_t i = 0; i < 7; i++)
        if (h[i].c.speaker != want[i])
            fail_msg("%s: speaker %d", h[i].c.s, h[i].c.speaker);
    assert_true(rd_labels_decide_late(&h[4].c, talk, NULL));  /* Kees after the interviewer */
    assert_false(rd_labels_decide_late(&h[5].c, talk, NULL)); /* Nee stays text */
    assert_false(rd_labels_decide_late(&h[0].c, talk, NULL)); /* before the conversation */
    /* an earlier start (a subtitle's voice tag) puts Datum inside the conversation */
    talk = rd_labels_decide(&h[0].c, 7, sizeof *h, 0, NULL);
    assert_int_equal(talk, 0);
    assert_int_equal(h[0].c.speaker, 1);
}

static void test_opens(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int opens;
    } cases[] = {
        {"Ja, drie keer.", 1}, {"ja hoor", 0}, {"", 1}, {"(lacht) Ja.", 1},
        {"\xE2\x80\xA6" "eh, nee", 1}, {"3 keer", 1}, {"\xC3\xA9\xC3\xA9n keer", 0},
        {"\xC3\x89\xC3\xA9n keer", 1}, {"'t Was zo", 1}, {"\"Nee\", zei ik", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n;
        char *s = exact(cases[i].s, &n);
        if (rd_labels_opens(s, n) != cases[i].opens)
            fail_msg("\"%s\": want %d", cases[i].s, cases[i].opens);
        free(s);
    }
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
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_accept),
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_opens),
        cmocka_unit_test(test_turns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
