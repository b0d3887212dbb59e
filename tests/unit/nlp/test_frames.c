/* tests/unit/nlp/test_frames.c — what is learned from a sample of respondents
 * (nlp/frames.h), on small corpora generated here in memory: words said at the edges of
 * many conversations (frame words), a formula said verbatim by 70 % of the respondents
 * (its words dropped, the varied talk around it kept), phrases (two kept words side by
 * side far more often than chance) and no phrase across a sentence end or a turn, the
 * analyser joining a phrase into one term and moving its uses (nlp/analyse.h), the
 * sample's spread and word budget, and the same result whichever worker recorded which
 * source. The words planted are on no list (nlp/data). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/analyse.h"
#include "nlp/frames.h"
#include "nlp/stem.h"
#include "nlp/stopwords.h"
#include "nlp/transcript.h"

static rd_stop *g_stop;

static int group_setup(void **state)
{
    rd_err err;
    (void)state;
    return rd_stop_new(&g_stop, &err) != RD_OK || rd_stop_load_builtin(g_stop, &err) != RD_OK;
}

static int group_teardown(void **state)
{
    (void)state;
    rd_stop_free(g_stop);
    return 0;
}

/* ---- generated respondents -------------------------------------------------------- */

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 33;
}

static const char *const nouns[] = {
    "lekkage", "keuken", "schimmel", "buren", "tuin", "balkon", "lift", "portiek", "verwarming",
    "ketel", "raam", "deur", "dak", "trap", "huur", "energie", "rekening", "monteur", "afspraak",
    "klacht", "wachtlijst", "verhuizing", "school", "speeltuin", "fiets", "container", "afval",
    "bomen", "bankje", "wijk", "straat", "bus", "winkel", "dokter", "zorg", "vloer", "muur",
    "zolder", "kelder", "schuur"};
enum { N_NOUNS = sizeof nouns / sizeof *nouns };

/* A sentence of everyday talk: three nouns drawn at random in a few frames. */
static void sentence(uint64_t *s, char *out, size_t cap)
{
    const char *a = nouns[lcg(s) % N_NOUNS], *b = nouns[lcg(s) % N_NOUNS],
               *c = nouns[lcg(s) % N_NOUNS];
    switch (lcg(s) % 4) {
    case 0: snprintf(out, cap, "Ik heb de %s en de %s gezien bij de %s.", a, b, c); break;
    case 1: snprintf(out, cap, "Met de %s is het zo, want de %s en de %s ook.", a, b, c); break;
    case 2: snprintf(out, cap, "Over de %s wil ik zeggen dat de %s bij de %s hoort.", a, b, c); break;
    default: snprintf(out, cap, "Toen kwam de %s, daarna de %s en de %s.", a, b, c); break;
    }
}

/* A respondent's transcript: `turns` respondent turns (after an interviewer question each)
 * of two generated sentences; first[i] (or NULL) goes before turn 0's sentences, last
 * after the last turn's, mid in turn 2. */
static void respondent(uint64_t *s, int turns, const char *first, const char *mid,
                       const char *last, rd_transcript *tr)
{
    rd_err err;
    rd_transcript_builder *b;
    size_t in, re;
    assert_int_equal(rd_transcript_build_new(&b, &err), RD_OK);
    assert_int_equal(rd_transcript_build_speaker(b, "Int", 3, &in, &err), RD_OK);
    assert_int_equal(rd_transcript_build_speaker(b, "R", 1, &re, &err), RD_OK);
    for (int t = 0; t < turns; t++) {
        char line[1024], s1[256], s2[256];
        assert_int_equal(rd_transcript_build_turn(b, in, RD_ROLE_INTERVIEWER, &err), RD_OK);
        assert_int_equal(rd_transcript_build_line(b, "En verder?", 10, (uint32_t)(2 * t + 1), &err), RD_OK);
        assert_int_equal(rd_transcript_build_turn(b, re, RD_ROLE_RESPONDENT, &err), RD_OK);
        sentence(s, s1, sizeof s1);
        sentence(s, s2, sizeof s2);
        snprintf(line, sizeof line, "%s %s %s %s %s", t == 0 && first ? first : "", s1,
                 t == 2 && mid ? mid : "", s2, t == turns - 1 && last ? last : "");
        assert_int_equal(rd_transcript_build_line(b, line, strlen(line), (uint32_t)(2 * t + 2), &err), RD_OK);
    }
    assert_int_equal(rd_transcript_build_finish(b, tr, &err), RD_OK);
    rd_transcript_build_free(b);
}

/* Learns from n respondents made by make(i, tr), each its own sampled source, recorded by
 * worker i % workers. */
typedef void (*make_fn)(uint64_t *s, size_t i, rd_transcript *tr);

static rd_frames *learn(size_t n, make_fn make, int workers, unsigned what)
{
    rd_err err;
    rd_fr_sample *s;
    rd_frames *fr;
    uint64_t seed = 7;
    assert_int_equal(rd_fr_sample_sources(n), n);
    assert_int_equal(rd_fr_sample_new(n, workers, g_stop, RD_STEM_ALGORITHM, &s, &err), RD_OK);
    for (size_t i = 0; i < n; i++) {
        rd_transcript tr = {0};
        make(&seed, i, &tr);
        assert_int_equal(rd_fr_sample_add(s, i, (int)(i % (size_t)workers), &tr, &err), RD_OK);
        rd_transcript_free(&tr);
    }
    assert_int_equal(rd_fr_learn(s, what, &fr, &err), RD_OK);
    rd_fr_sample_free(s);
    if (getenv("DUMP")) {
        const rd_fr_item *it;
        size_t m = rd_fr_items(fr, &it);
        for (size_t i = 0; i < m; i++)
            fprintf(stderr, "%d\t%s\t%u\t%u\t%.3f\n", it[i].kind, it[i].text, it[i].count, it[i].resp, it[i].score);
    }
    return fr;
}

/* 1 when the items of kind k hold text. */
static int learned(const rd_frames *fr, rd_fr_kind k, const char *text)
{
    const rd_fr_item *it;
    size_t n = rd_fr_items(fr, &it);
    for (size_t i = 0; i < n; i++)
        if (it[i].kind == k && strcmp(it[i].text, text) == 0)
            return 1;
    return 0;
}

static size_t count_kind(const rd_frames *fr, rd_fr_kind k)
{
    const rd_fr_item *it;
    size_t n = rd_fr_items(fr, &it), c = 0;
    for (size_t i = 0; i < n; i++)
        c += it[i].kind == k;
    return c;
}

static int drops(const rd_frames *fr, const char *w)
{
    return rd_fr_drops(fr, w, strlen(w));
}

/* ---- the sample ------------------------------------------------------------------- */

static void test_sample_sources(void **state)
{
    (void)state;
    assert_int_equal(rd_fr_sample_sources(0), 0);
    assert_int_equal(rd_fr_sample_sources(10), 10);
    for (size_t k = 0; k < 10; k++)
        assert_int_equal(rd_fr_sample_source(k, 10), k);
    size_t n = 40000, m = rd_fr_sample_sources(n);
    assert_int_equal(m, RD_FR_SAMPLE_SOURCES);
    assert_int_equal(rd_fr_sample_source(0, n), 0);
    for (size_t k = 1; k < m; k++) { /* evenly spread, increasing */
        size_t a = rd_fr_sample_source(k - 1, n), b = rd_fr_sample_source(k, n);
        assert_true(b > a && b - a >= n / m - 1 && b - a <= n / m + 1);
    }
    assert_true(rd_fr_sample_source(m - 1, n) < n);
}

/* One respondent far longer than an item's share of the word budget: the sample holds
 * the share, and the respondent is no edge witness. */
static void test_budget(void **state)
{
    (void)state;
    rd_err err;
    rd_fr_sample *s;
    rd_frames *fr;
    rd_transcript tr = {0};
    uint64_t seed = 3;
    size_t items = RD_FR_SAMPLE_SOURCES, resp, words;
    assert_int_equal(rd_fr_sample_new(items, 1, g_stop, RD_STEM_ALGORITHM, &s, &err), RD_OK);
    respondent(&seed, 200, NULL, NULL, NULL, &tr); /* 200 turns of about 25 words */
    assert_int_equal(rd_fr_sample_add(s, 0, 0, &tr, &err), RD_OK);
    assert_int_equal(rd_fr_sample_add(s, 0, 0, &tr, &err), RD_OK); /* full: nothing more */
    assert_int_equal(rd_fr_sample_add(s, 1, 0, &tr, &err), RD_OK);
    rd_transcript_free(&tr);
    assert_int_equal(rd_fr_learn(s, RD_FR_FRAMES | RD_FR_PHRASES, &fr, &err), RD_OK);
    rd_fr_sample_stats(fr, &resp, &words);
    assert_int_equal(resp, 2);
    assert_int_equal(words, 2 * (RD_FR_SAMPLE_WORDS / items));
    rd_frames_free(fr);
    rd_fr_sample_free(s);
}

/* ---- frame words ------------------------------------------------------------------ */

static void make_edges(uint64_t *s, size_t i, rd_transcript *tr)
{
    /* 16 of 24 open with "Kwispelstaart!", 12 close with "Floepsalon, floepsalon."; one
     * noun is said at the edges by only two of them */
    respondent(s, 20, i % 3 ? "Kwispelstaart!" : i == 0 || i == 3 ? "Zuurkool." : NULL, NULL,
               i % 2 ? "Floepsalon, floepsalon." : NULL, tr);
}

static void test_frame_words(void **state)
{
    (void)state;
    rd_frames *fr = learn(24, make_edges, 1, RD_FR_FRAMES);
    assert_true(drops(fr, "kwispelstaart"));
    assert_true(drops(fr, "floepsalon"));
    assert_true(learned(fr, RD_FR_FRAME_WORD, "kwispelstaart"));
    assert_false(drops(fr, "zuurkool")); /* two respondents are not many */
    for (size_t k = 0; k < N_NOUNS; k++)
        assert_false(drops(fr, nouns[k]));
    assert_int_equal(count_kind(fr, RD_FR_FRAME_WORD), 2);
    assert_int_equal(rd_fr_phrase_count(fr), 0);
    rd_frames_free(fr);
}

/* Respondents of one passage each (a survey) have no edges to tell apart. */
static void make_short(uint64_t *s, size_t i, rd_transcript *tr)
{
    (void)i;
    respondent(s, 1, "Kwispelstaart!", NULL, NULL, tr);
}

static void test_no_edges_in_surveys(void **state)
{
    (void)state;
    rd_frames *fr = learn(30, make_short, 1, RD_FR_FRAMES);
    assert_false(drops(fr, "kwispelstaart"));
    assert_int_equal(count_kind(fr, RD_FR_FRAME_WORD), 0);
    rd_frames_free(fr);
}

/* ---- formulas --------------------------------------------------------------------- */

static void make_formula(uint64_t *s, size_t i, rd_transcript *tr)
{
    /* 21 of 30 (70 %) say the formula in the middle of their talk; 15 say "de huur is"
     * with whatever follows (natural talk, not a formula) */
    static const char *const tails[] = {"De huur is hoog.", "De huur is gestegen.",
                                        "De huur is een zorg.", "De huur is best te doen."};
    char mid[128];
    snprintf(mid, sizeof mid, "%s %s", i % 10 < 7 ? "Blauwe vogels zingen zacht." : "",
             i % 2 ? tails[lcg(s) % 4] : "");
    respondent(s, 5, NULL, mid, NULL, tr);
}

static void test_formula(void **state)
{
    (void)state;
    rd_frames *fr = learn(30, make_formula, 2, RD_FR_FRAMES | RD_FR_PHRASES);
    assert_true(learned(fr, RD_FR_FORMULA, "blauwe vogels zingen zacht"));
    assert_int_equal(count_kind(fr, RD_FR_FORMULA), 1);
    const char *const words[] = {"blauwe", "vogels", "zingen", "zacht"};
    for (size_t k = 0; k < 4; k++) {
        assert_true(drops(fr, words[k]));
        assert_true(learned(fr, RD_FR_FORMULA_WORD, words[k]));
    }
    assert_false(drops(fr, "huur"));
    assert_false(learned(fr, RD_FR_FORMULA, "de huur is"));
    for (size_t k = 0; k < N_NOUNS; k++)
        assert_false(drops(fr, nouns[k]));
    /* formula words are in no phrase */
    assert_int_equal(rd_fr_first(fr, "blauw", 5), RD_FR_NONE);
    assert_int_equal(rd_fr_phrase_count(fr), 0);
    rd_frames_free(fr);
}

/* A formula needs many respondents: said by every one of 8 (too few to tell), or by
 * half of 30 (content repeated, not the frame), it is no formula. */
static void make_half(uint64_t *s, size_t i, rd_transcript *tr)
{
    respondent(s, 5, NULL, i % 2 ? "Blauwe vogels zingen zacht." : NULL, NULL, tr);
}

/* Learning from n respondents made by make finds no formula and keeps word. */
static void expect_no_formula(size_t n, make_fn make, int workers, const char *word)
{
    rd_frames *fr = learn(n, make, workers, RD_FR_FRAMES);
    assert_int_equal(count_kind(fr, RD_FR_FORMULA), 0);
    assert_false(drops(fr, word));
    rd_frames_free(fr);
}

static void test_formula_needs_many(void **state)
{
    (void)state;
    expect_no_formula(8, make_formula, 1, "vogels");
    expect_no_formula(30, make_half, 1, "vogels");
}

/* Pages with headings: 30 respondents of 6 passages; "Zeepbel." a passage of its own in
 * 9 of them (30 %), "Zeepbel" also once in a sentence of 3 others; "Groene wolk." in 3
 * (10 %, too few); each heading otherwise a plain word. `survey`: respondents of one
 * passage, the one-word answer "Zeepbel." from each (no witness: a survey answer).
 * `asked`: the pages of `headings` with an interviewer's question before the short
 * passage (an answer, no witness). */
static void heading_page_q(uint64_t *s, const char *head, const char *in_text, int turns,
                           int asked, rd_transcript *tr)
{
    rd_err err;
    rd_transcript_builder *b;
    size_t re, in;
    assert_int_equal(rd_transcript_build_new(&b, &err), RD_OK);
    assert_int_equal(rd_transcript_build_speaker(b, "R", 1, &re, &err), RD_OK);
    assert_int_equal(rd_transcript_build_speaker(b, "Int", 3, &in, &err), RD_OK);
    uint32_t line_no = 1;
    for (int t = 0; t < turns; t++) {
        char line[1024], s1[256];
        const char *text = line;
        if (t == 2 && head) {
            text = head;
            if (asked) {
                assert_int_equal(rd_transcript_build_turn(b, in, RD_ROLE_INTERVIEWER, &err), RD_OK);
                assert_int_equal(rd_transcript_build_line(b, "Wat ziet u?", 11, line_no++, &err), RD_OK);
            }
        } else {
            sentence(s, s1, sizeof s1);
            snprintf(line, sizeof line, "%s %s", s1, t == 3 && in_text ? in_text : "");
        }
        assert_int_equal(rd_transcript_build_turn(b, re, RD_ROLE_RESPONDENT, &err), RD_OK);
        assert_int_equal(rd_transcript_build_line(b, text, strlen(text), line_no++, &err), RD_OK);
    }
    assert_int_equal(rd_transcript_build_finish(b, tr, &err), RD_OK);
    rd_transcript_build_free(b);
}

static void heading_page(uint64_t *s, const char *head, const char *in_text, int turns,
                         rd_transcript *tr)
{
    heading_page_q(s, head, in_text, turns, 0, tr);
}

static void make_headings(uint64_t *s, size_t i, rd_transcript *tr)
{
    const char *head = i % 10 < 3 ? "Zeepbel." : i % 10 == 3 ? "Groene wolk." : NULL;
    heading_page(s, head, i % 10 == 5 ? "Een zeepbel hier." : NULL, 6, tr);
}

static void make_asked(uint64_t *s, size_t i, rd_transcript *tr)
{
    heading_page_q(s, i % 10 < 3 ? "Zeepbel." : NULL, NULL, 6, 1, tr);
}

static void make_survey(uint64_t *s, size_t i, rd_transcript *tr)
{
    (void)i;
    heading_page(s, "Zeepbel.", NULL, 1, tr);
}

static void test_short_passages(void **state)
{
    (void)state;
    rd_frames *fr = learn(30, make_headings, 2, RD_FR_FRAMES);
    assert_true(learned(fr, RD_FR_FORMULA, "zeepbel"));
    assert_true(drops(fr, "zeepbel"));
    assert_false(learned(fr, RD_FR_FORMULA, "groene wolk"));
    assert_false(drops(fr, "wolk"));
    for (size_t k = 0; k < N_NOUNS; k++)
        assert_false(drops(fr, nouns[k]));
    rd_frames_free(fr);
    expect_no_formula(30, make_survey, 1, "zeepbel");
    expect_no_formula(30, make_asked, 2, "zeepbel");
}

/* Only what is asked for is learned. */
static void test_what(void **state)
{
    (void)state;
    rd_frames *fr = learn(30, make_formula, 1, RD_FR_PHRASES);
    assert_false(drops(fr, "blauwe"));
    assert_int_equal(count_kind(fr, RD_FR_FORMULA), 0);
    /* not dropped; and no phrase either: a sentence said verbatim, always between the
     * same words, is repetition, not a collocation */
    assert_int_equal(rd_fr_phrase_count(fr), 0);
    rd_frames_free(fr);
    fr = learn(30, make_formula, 1, 0);
    const rd_fr_item *it;
    assert_int_equal(rd_fr_items(fr, &it), 0);
    assert_false(drops(fr, "blauwe"));
    rd_frames_free(fr);
}

/* ---- phrases ---------------------------------------------------------------------- */

static void make_phrases(uint64_t *s, size_t i, rd_transcript *tr)
{
    /* 12 of 30 talk about their slimme meter, in sentences of their own; 12 say "zwarte" at
     * the end of one sentence (or before a comma) and "kat" at the start of the next, and
     * 10 end a turn with "zwarte" and start the next with "kat" */
    static const char *const slim[] = {"Die slimme meter klopt niet.",
                                       "De slimme meter zit in de kast.",
                                       "Sinds de slimme meter betaal ik meer."};
    char mid[256];
    static const char *const cat[] = {"Alles was zwarte. Kat erbij.", "Dat was zwarte, kat!",
                                      "Het werd zwarte. Kat ook, zwarte. Kat."};
    snprintf(mid, sizeof mid, "%s %s", i % 5 < 2 ? slim[i % 3] : "", i % 5 >= 3 ? cat[i % 3] : "");
    rd_err err;
    rd_transcript_builder *b;
    size_t re;
    respondent(s, 4, NULL, mid, NULL, tr);
    if (i % 3 == 0) { /* a transcript with a turn ending "zwarte" and the next "kat ..." */
        rd_transcript_free(tr);
        assert_int_equal(rd_transcript_build_new(&b, &err), RD_OK);
        assert_int_equal(rd_transcript_build_speaker(b, "R", 1, &re, &err), RD_OK);
        for (int t = 0; t < 4; t++) {
            assert_int_equal(rd_transcript_build_turn(b, re, RD_ROLE_RESPONDENT, &err), RD_OK);
            char line[256];
            sentence(s, line, sizeof line);
            strcat(line, t % 2 ? " Kat." : " Zwarte");
            assert_int_equal(rd_transcript_build_line(b, line, strlen(line), (uint32_t)t + 1, &err), RD_OK);
        }
        assert_int_equal(rd_transcript_build_finish(b, tr, &err), RD_OK);
        rd_transcript_build_free(b);
    }
}

static void test_phrases(void **state)
{
    (void)state;
    rd_frames *fr = learn(30, make_phrases, 3, RD_FR_FRAMES | RD_FR_PHRASES);
    assert_true(learned(fr, RD_FR_PHRASE, "slimme meter"));
    uint32_t a = rd_fr_first(fr, "slimm", 5), b = rd_fr_second(fr, "meter", 5);
    assert_int_not_equal(a, RD_FR_NONE);
    assert_int_not_equal(b, RD_FR_NONE);
    uint32_t p = rd_fr_phrase(fr, a, b);
    assert_int_not_equal(p, RD_FR_NONE);
    size_t n;
    assert_string_equal(rd_fr_phrase_term(fr, p, &n), "slimm meter");
    assert_int_equal(n, 11);
    assert_int_equal(rd_fr_first(fr, "meter", 5), RD_FR_NONE); /* "meter slimme": no */
    assert_int_equal(rd_fr_phrase_count(fr), 1);
    /* never across a sentence end, a comma, or a turn */
    assert_int_equal(rd_fr_first(fr, "zwart", 5), RD_FR_NONE);
    assert_int_equal(rd_fr_second(fr, "kat", 3), RD_FR_NONE);
    rd_frames_free(fr);
}

/* The analyser adds a learned phrase's term where its words stand side by side. */
static void test_join(void **state)
{
    (void)state;
    rd_err err;
    rd_an *an;
    const uint32_t *terms, *ktok;
    size_t nk, n;
    rd_frames *fr = learn(30, make_phrases, 1, RD_FR_FRAMES | RD_FR_PHRASES);
    assert_int_equal(rd_an_new(g_stop, RD_STEM_ALGORITHM, &an, &err), RD_OK);
    rd_an_set_frames(an, fr);
    const char *s = "De slimme meter en de slimme, meter. Slimme meter slimme meter!";
    assert_int_equal(rd_an_run(an, s, strlen(s), &err), RD_OK);
    assert_int_equal(rd_an_terms(an, &terms, &nk, &err), RD_OK);
    /* the words' terms in token order, then a phrase's where its words stand side by side
     * (not across the comma) */
    assert_int_equal(nk, 11);
    assert_int_equal(rd_an_word_terms(an), 8);
    ktok = rd_an_term_tokens(an);
    const char *want[] = {"slimm", "meter", "slimm", "meter", "slimm", "meter",
                          "slimm", "meter", "slimm meter", "slimm meter", "slimm meter"};
    const uint32_t tok[] = {1, 2, 5, 6, 7, 8, 9, 10, 1, 7, 9};
    for (size_t k = 0; k < nk; k++) {
        assert_string_equal(rd_an_term_str(an, terms[k], &n), want[k]);
        assert_int_equal(ktok[k], tok[k]);
    }
    /* the form of the two words together is used three times; the words keep their uses */
    uint64_t pair = 0, slimme = 0;
    for (uint32_t f = 0; f < rd_an_form_count(an); f++) {
        const char *w = rd_an_form_str(an, f, &n);
        if (strcmp(w, "slimme meter") == 0) {
            pair = rd_an_form_uses(an, f);
            assert_string_equal(rd_an_term_str(an, rd_an_form_term(an, f), &n), "slimm meter");
        } else if (strcmp(w, "slimme") == 0) {
            slimme = rd_an_form_uses(an, f);
        }
    }
    assert_int_equal(pair, 3);
    assert_int_equal(slimme, 4);
    /* room for the phrase after a run that sized the arrays for one token (the sanitizer
     * build checks the writes) */
    rd_an_free(an);
    assert_int_equal(rd_an_new(g_stop, RD_STEM_ALGORITHM, &an, &err), RD_OK);
    rd_an_set_frames(an, fr);
    assert_int_equal(rd_an_run(an, "meter", 5, &err), RD_OK);
    assert_int_equal(rd_an_terms(an, &terms, &nk, &err), RD_OK);
    assert_int_equal(rd_an_run(an, "slimme meter", 12, &err), RD_OK);
    assert_int_equal(rd_an_terms(an, &terms, &nk, &err), RD_OK);
    assert_int_equal(nk, 3);
    assert_string_equal(rd_an_term_str(an, terms[2], &n), "slimm meter");
    rd_an_free(an);
    rd_frames_free(fr);
}

/* Which worker recorded which source changes nothing learned. */
static void test_workers(void **state)
{
    (void)state;
    rd_frames *a = learn(30, make_formula, 1, RD_FR_FRAMES | RD_FR_PHRASES);
    rd_frames *b = learn(30, make_formula, 3, RD_FR_FRAMES | RD_FR_PHRASES);
    const rd_fr_item *x, *y;
    size_t n = rd_fr_items(a, &x);
    assert_int_equal(rd_fr_items(b, &y), n);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(x[i].kind, y[i].kind);
        assert_string_equal(x[i].text, y[i].text);
        assert_int_equal(x[i].count, y[i].count);
        assert_int_equal(x[i].resp, y[i].resp);
        assert_true(x[i].score == y[i].score);
    }
    rd_frames_free(a);
    rd_frames_free(b);
}

static int skip_meter(void *ctx, const char *w, size_t n)
{
    (void)ctx;
    return n == 5 && memcmp(w, "meter", 5) == 0;
}

/* Saved and restored (the saved model): the drop words and phrases come back alike and the
 * analyser joins with the restored set as with the learned one; a skipped word stays out;
 * malformed text is refused with its line. */
static void test_save_restore(void **state)
{
    (void)state;
    rd_err err;
    rd_buf b = {0}, b2 = {0};
    rd_frames *fr = learn(30, make_formula, 3, RD_FR_FRAMES | RD_FR_PHRASES), *back = NULL;
    rd_frames *ph = learn(30, make_phrases, 3, RD_FR_FRAMES | RD_FR_PHRASES), *pb = NULL;
    assert_int_equal(rd_frames_save(fr, NULL, NULL, &b, &err), RD_OK);
    assert_true(b.n > 0);
    assert_int_equal(rd_frames_restore(b.s, b.n, "m", &back, &err), RD_OK);
    assert_int_equal(rd_frames_save(back, NULL, NULL, &b2, &err), RD_OK);
    assert_int_equal(b.n, b2.n);
    assert_memory_equal(b.s, b2.s, b.n);
    const rd_fr_item *items;
    size_t ni = rd_fr_items(fr, &items);
    for (size_t i = 0; i < ni; i++)
        if (items[i].kind == RD_FR_FORMULA_WORD)
            assert_true(rd_fr_drops(back, items[i].text, strlen(items[i].text)));
    rd_buf_reset(&b);
    assert_int_equal(rd_frames_save(ph, NULL, NULL, &b, &err), RD_OK);
    assert_non_null(strstr(b.s, "phrase\tslimm\tmeter\n"));
    assert_int_equal(rd_frames_restore(b.s, b.n, "m", &pb, &err), RD_OK);
    assert_int_equal(rd_fr_phrase_count(pb), rd_fr_phrase_count(ph));
    uint32_t p = rd_fr_phrase(pb, rd_fr_first(pb, "slimm", 5), rd_fr_second(pb, "meter", 5));
    assert_int_not_equal(p, RD_FR_NONE);
    size_t n;
    assert_string_equal(rd_fr_phrase_term(pb, p, &n), "slimm meter");
    rd_frames_free(pb);
    pb = NULL;
    /* a skipped drop word: make_phrases learns no drop word "meter", so skip a phrase-free set */
    rd_buf_reset(&b);
    rd_buf_str(&b, "drop\tmeter\ndrop\tdoei\n");
    assert_int_equal(rd_frames_restore(b.s, b.n, "m", &pb, &err), RD_OK);
    rd_buf_reset(&b2);
    assert_int_equal(rd_frames_save(pb, skip_meter, NULL, &b2, &err), RD_OK);
    assert_string_equal(b2.s, "drop\tdoei\n");
    rd_frames_free(pb);
    pb = NULL;
    const char *bad[] = {"drop meter\n", "phrase\ta\n", "phrase\ta\tb\nphrase\ta\tb\n",
                         "other\tx\n", "drop\t\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(rd_frames_restore(bad[i], strlen(bad[i]), "m.model", &pb, &err), RD_EDATA);
        assert_null(pb);
        assert_non_null(strstr(err.msg, "m.model"));
    }
    free(b.s);
    free(b2.s);
    rd_frames_free(fr);
    rd_frames_free(back);
    rd_frames_free(ph);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_sources), cmocka_unit_test(test_budget),
        cmocka_unit_test(test_frame_words),    cmocka_unit_test(test_no_edges_in_surveys),
        cmocka_unit_test(test_formula),        cmocka_unit_test(test_formula_needs_many),        cmocka_unit_test(test_what),
        cmocka_unit_test(test_short_passages),
        cmocka_unit_test(test_phrases),        cmocka_unit_test(test_join),
        cmocka_unit_test(test_workers),        cmocka_unit_test(test_save_restore),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
