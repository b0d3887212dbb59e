/* tests/unit/io/read/test_text.c — speaker turns, roles, passages and source lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/read/text.h"

/* One workspace for every parse in this file: parsing with it must give what the
 * owning parser gives, whatever was parsed before. */
static rd_text_ws *shared_ws;

static void assert_same(const rd_transcript *a, const rd_transcript *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->n_respondent, b->n_respondent);
    assert_int_equal(a->labelled, b->labelled);
    for (size_t k = 0; k < a->n; k++) {
        assert_string_equal(a->v[k].speaker, b->v[k].speaker);
        assert_int_equal(a->v[k].text_n, b->v[k].text_n);
        assert_memory_equal(a->v[k].text, b->v[k].text, a->v[k].text_n);
        assert_int_equal(a->v[k].line, b->v[k].line);
        assert_int_equal(a->v[k].role, b->v[k].role);
    }
}

static rd_transcript parse(const char *s, const rd_labels_opts *o)
{
    rd_transcript t = {0}, w;
    rd_err err;
    assert_int_equal(rd_text_parse(s, strlen(s), o, &t, &err), RD_OK);
    assert_false(t.borrowed);
    if (!shared_ws)
        assert_int_equal(rd_text_ws_new(&shared_ws, &err), RD_OK);
    assert_int_equal(rd_text_parse_ws(s, strlen(s), o, shared_ws, &w, &err), RD_OK);
    assert_true(w.borrowed);
    assert_same(&t, &w);
    rd_transcript_free(&w); /* clears only */
    assert_null(w.v);
    return t;
}

/* More than sixteen distinct label candidates (past the linear search): every speaker
 * who speaks twice is a label, one-off capitalised "labels" are not. */
static void test_many_speakers(void **state)
{
    (void)state;
    char s[8192];
    size_t n = 0;
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < 24; k++)
            n += (size_t)snprintf(s + n, sizeof s - n, "Spreker%02d: Beurt %d van spreker %d.\n",
                                  k, round, k);
    n += (size_t)snprintf(s + n, sizeof s - n, "Eenmalig: dit is geen label maar tekst.\n");
    rd_transcript t = parse(s, NULL);
    assert_int_equal(t.n, 48);
    assert_true(t.labelled);
    assert_string_equal(t.v[0].speaker, "Spreker00");
    assert_string_equal(t.v[47].speaker, "Spreker23");
    assert_string_equal(t.v[47].text,
                        "Beurt 1 van spreker 23. Eenmalig: dit is geen label maar tekst.");
    assert_int_equal(t.v[47].line, 48);
    rd_transcript_free(&t);
}

static void test_name_labels(void **state)
{
    (void)state;
    const char *s = "# Interview R01 — 3 maart 2025\n"
                    "Locatie: Brederwold\n"
                    "Interviewer: Hoe lang woont u hier?\n"
                    "Samira: Al tien jaar.\n"
                    "En het bevalt goed.\n"
                    "\n"
                    "Interviewer: Mooi: en de huur?\n"
                    "Samira: Te hoog.\n";
    rd_transcript t = parse(s, NULL);
    assert_int_equal(t.n, 4);
    assert_true(t.labelled);
    assert_string_equal(t.v[0].speaker, "Interviewer");
    assert_int_equal(t.v[0].role, RD_ROLE_INTERVIEWER);
    assert_int_equal(t.v[0].line, 3);
    assert_string_equal(t.v[1].speaker, "Samira");
    assert_int_equal(t.v[1].role, RD_ROLE_RESPONDENT);
    assert_string_equal(t.v[1].text, "Al tien jaar. En het bevalt goed.");
    assert_int_equal(t.v[1].line, 4);
    assert_string_equal(t.v[2].text, "Mooi: en de huur?");
    assert_int_equal(t.n_respondent, 2);
    rd_transcript_free(&t);
}

static void test_short_labels_and_timestamps(void **state)
{
    (void)state;
    const char *s = "I: Vraag een.\nR: Antwoord een.\n"
                    "[00:01:02] Onderzoeker: Tweede vraag?\n"
                    "[00:01:09] Mevrouw de Vries: Tweede antwoord.\n"
                    "(00:02) Q: derde\n"
                    "00:02:30 - A: vierde\n";
    rd_transcript t = parse(s, NULL);
    assert_int_equal(t.n, 6);
    const char *spk[] = {"I", "R", "Onderzoeker", "Mevrouw de Vries", "Q", "A"};
    const rd_role role[] = {RD_ROLE_INTERVIEWER, RD_ROLE_RESPONDENT, RD_ROLE_INTERVIEWER,
                            RD_ROLE_RESPONDENT, RD_ROLE_INTERVIEWER, RD_ROLE_RESPONDENT};
    for (int i = 0; i < 6; i++) {
        assert_string_equal(t.v[i].speaker, spk[i]);
        assert_int_equal(t.v[i].role, role[i]);
        assert_int_equal(t.v[i].line, (uint32_t)i + 1);
    }
    assert_string_equal(t.v[3].text, "Tweede antwoord.");
    rd_transcript_free(&t);
}

static void test_colon_in_sentence_is_not_a_label(void **state)
{
    (void)state;
    /* "Kijk" occurs once as a candidate; "mijn punt is" is not capitalised. */
    const char *s = "Interviewer: En?\nBewoner: Nou.\nKijk: dat is het punt.\n"
                    "mijn punt is: te duur.\nInterviewer: Oké.\nBewoner: Ja. Om 14:30 belde ik.\n";
    rd_transcript t = parse(s, NULL);
    assert_int_equal(t.n, 4);
    assert_string_equal(t.v[1].text, "Nou. Kijk: dat is het punt. mijn punt is: te duur.");
    assert_string_equal(t.v[3].text, "Ja. Om 14:30 belde ik.");
    rd_transcript_free(&t);
}

static void test_interviewer_variants_and_extra(void **state)
{
    (void)state;
    char *extra[] = {"Anouk"};
    rd_labels_opts o = {extra, 1};
    const char *s = "Interviewer 2: a\nOnderzoeker (Anne): b\nGESPREKSLEIDER: c\nAnouk: d\n"
                    "Vraag: e\nAnouk: f\nPiet: g\nPiet: h\n";
    rd_transcript t = parse(s, &o);
    assert_int_equal(t.n, 8);
    for (int i = 0; i < 6; i++)
        assert_int_equal(t.v[i].role, RD_ROLE_INTERVIEWER);
    assert_int_equal(t.v[6].role, RD_ROLE_RESPONDENT);
    assert_true(rd_labels_is_interviewer("Moderator", 9, NULL));
    assert_true(rd_labels_is_interviewer("int.", 4, NULL));
    assert_false(rd_labels_is_interviewer("Anouk", 5, NULL));
    rd_transcript_free(&t);
}

static void test_unlabelled_paragraphs(void **state)
{
    (void)state;
    const char *s = "\xEF\xBB\xBF" "Beste De Linde,\n\nIk woon hier al lang.\nDe kozijnen rotten.\n\n"
                    "Met vriendelijke groet\n";
    rd_transcript t = parse(s, NULL);
    assert_false(t.labelled);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.v[0].speaker, "");
    assert_int_equal(t.v[0].role, RD_ROLE_RESPONDENT);
    assert_string_equal(t.v[1].text, "Ik woon hier al lang. De kozijnen rotten.");
    assert_int_equal(t.v[1].line, 3);
    assert_int_equal(t.v[2].line, 6);
    rd_transcript_free(&t);
}

static void test_long_turn_split(void **state)
{
    (void)state;
    /* 40 sentences of 10 words on lines of their own: 400 words in one turn */
    size_t cap = 40 * 80 + 64;
    char *s = malloc(cap);
    size_t k = (size_t)snprintf(s, cap, "I: vraag\nR: ");
    for (int i = 0; i < 40; i++)
        k += (size_t)snprintf(s + k, cap - k, "Zin %d heeft precies tien woorden voor deze test hier.\n", i);
    rd_transcript t = parse(s, NULL);
    assert_int_equal(t.n, 1 + 3); /* 150 + 150 + 100 */
    size_t words[3] = {0};
    for (int p = 1; p < 4; p++) {
        for (const char *q = t.v[p].text; *q; q++)
            words[p - 1] += *q == ' ';
        words[p - 1]++;
    }
    assert_int_equal(words[0], 150);
    assert_int_equal(words[1], 150);
    assert_int_equal(words[2], 100);
    assert_int_equal(t.v[1].line, 2);
    assert_int_equal(t.v[2].line, 17); /* sentence 15 starts on line 17 */
    assert_int_equal(t.v[3].line, 32);
    assert_string_equal(t.v[2].speaker, "R");
    rd_transcript_free(&t);
    free(s);
}

static void test_run_on_sentence_is_cut(void **state)
{
    (void)state;
    size_t cap = 1000 * 6 + 16;
    char *s = malloc(cap);
    size_t k = 0;
    for (int i = 0; i < 1000; i++)
        k += (size_t)snprintf(s + k, cap - k, "woord ");
    rd_transcript t = parse(s, NULL);
    assert_true(t.n >= 3);
    for (size_t p = 0; p < t.n; p++)
        assert_true(t.v[p].text_n <= 400 * 6);
    rd_transcript_free(&t);
    free(s);
}

static void test_only_headings(void **state)
{
    (void)state;
    rd_transcript t = parse("# kop\n\n   \n# nog een\n", NULL);
    assert_int_equal(t.n, 0);
    rd_transcript_free(&t);
}

/* The one label rule that text, documents and subtitles share. */
static void test_label_shape(void **state)
{
    (void)state;
    int caps = -1;
#define SHAPE(s, c) rd_labels_shape(s, strlen(s), c)
    assert_true(SHAPE("Jan van der Berg", &caps) && caps == 1);
    assert_true(SHAPE("Anne ten Brink", &caps) && caps == 1);
    assert_true(SHAPE("Onderzoeker (Sanne Meijer)", &caps) && caps == 1);
    assert_true(SHAPE("Mehmet Y\xc4\xb1ld\xc4\xb1z", &caps) && caps == 1);
    assert_true(SHAPE("\xc3\x89lise", &caps) && caps == 1);
    assert_true(SHAPE("iPhone van Anne", &caps) && caps == 0);
    assert_true(SHAPE("Dus wat ik bedoel", &caps) && caps == 0);
    assert_true(SHAPE("R", NULL));
    assert_false(SHAPE("", NULL));
    assert_false(SHAPE("Een twee drie vier vijf zes", NULL));             /* six words */
    assert_false(SHAPE("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL)); /* 41 bytes */
    assert_false(SHAPE("Jan  Smit", NULL));                                /* two spaces */
    assert_false(SHAPE("Jan ", NULL));
    assert_false(SHAPE("1 Jan", NULL));                                    /* a digit first */
    assert_false(SHAPE("\xe2\x80\x9cNee", NULL));                         /* a quote first */
    assert_false(SHAPE("Nee, zei hij", NULL));
    assert_false(SHAPE("Jan_Smit", NULL));
#undef SHAPE
}


/* The timestamp forms of io/read/timestamp.h before a label: minutes above 99, SMPTE
 * timecodes, ranges (as a speaker table writes them), blanks inside brackets. A timestamp
 * is evidence enough for a one-off label; what is no timestamp leaves the line alone. */
static void test_timestamp_forms(void **state)
{
    (void)state;
    const char *s = "[105:12] Karin: Na anderhalf uur.\n"                 /* 1 */
                    "01:00:12:05 Interviewer: Tijdcode.\n"               /* 2 */
                    "00:01:02 - 00:01:09 Jan: Een bereik.\n"             /* 3 */
                    "[ 00:02:00 ] Piet: Met spaties.\n"                  /* 4 */
                    "(00:03\xE2\x80\x93" "00:04) Kees: Met een streep.\n" /* 5 */
                    "00:05:00:00:00 Anna: vijf groepen\n"                /* 6 */
                    "14:30: Bram: geen tijd\n";                          /* 7 */
    rd_transcript t = parse(s, NULL);
    assert_int_equal(t.n, 5);
    const char *spk[] = {"Karin", "Interviewer", "Jan", "Piet", "Kees"};
    for (int i = 0; i < 5; i++) {
        assert_string_equal(t.v[i].speaker, spk[i]);
        assert_int_equal(t.v[i].line, (uint32_t)i + 1);
    }
    assert_string_equal(t.v[2].text, "Een bereik.");
    assert_string_equal(t.v[4].text, "Met een streep. 00:05:00:00:00 Anna: vijf groepen "
                                     "14:30: Bram: geen tijd");
    rd_transcript_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_shape),
        cmocka_unit_test(test_many_speakers),
        cmocka_unit_test(test_name_labels),
        cmocka_unit_test(test_short_labels_and_timestamps),
        cmocka_unit_test(test_timestamp_forms),
        cmocka_unit_test(test_colon_in_sentence_is_not_a_label),
        cmocka_unit_test(test_interviewer_variants_and_extra),
        cmocka_unit_test(test_unlabelled_paragraphs),
        cmocka_unit_test(test_long_turn_split),
        cmocka_unit_test(test_run_on_sentence_is_cut),
        cmocka_unit_test(test_only_headings),
    };
    int rc = cmocka_run_group_tests_name("transcript", tests, NULL, NULL);
    rd_text_ws_free(shared_ws);
    return rc;
}
