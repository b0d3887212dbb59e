/* tests/unit/io/read/test_text.c — speaker turns, roles, passages and source lines; a
 * table of transcripts in the conventions of Dutch interviews, focus groups, debates and
 * exports, and of lines that are no labels (io/read/labels.h's rule in a whole file). */
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

/* A transcript as one string: a line `speaker|role|text` per passage (role i or r). */
static char *render(const rd_transcript *t)
{
    size_t cap = 64, k = 0;
    for (size_t p = 0; p < t->n; p++)
        cap += strlen(t->v[p].speaker) + t->v[p].text_n + 8;
    char *out = malloc(cap);
    assert_non_null(out);
    for (size_t p = 0; p < t->n; p++)
        k += (size_t)snprintf(out + k, cap - k, "%s|%c|%s\n", t->v[p].speaker,
                              t->v[p].role == RD_ROLE_INTERVIEWER ? 'i' : 'r', t->v[p].text);
    out[k] = '\0';
    return out;
}

/* Whole transcripts: who says what, by io/read/labels.h's rule. */
static void test_label_table(void **state)
{
    (void)state;
    static const struct {
        const char *name, *in, *want;
    } cases[] = {
        /* interviews: a respondent who speaks once is a speaker */
        {"title and name, once", "Interviewer: Heeft u dat gemeld?\nDe heer \xC3\x96zt\xC3\xBCrk: Ja, drie keer gebeld.\n",
         "Interviewer|i|Heeft u dat gemeld?\nDe heer \xC3\x96zt\xC3\xBCrk|r|Ja, drie keer gebeld.\n"},
        {"first name, once", "Interviewer: Heeft u dat gemeld?\nJan: Ja, drie keer gebeld.\n",
         "Interviewer|i|Heeft u dat gemeld?\nJan|r|Ja, drie keer gebeld.\n"},
        {"mevrouw, once", "Interviewer: Heeft u dat gemeld?\nMevrouw Jansen: Ja hoor.\n",
         "Interviewer|i|Heeft u dat gemeld?\nMevrouw Jansen|r|Ja hoor.\n"},
        {"name after the interviewer, lower case", "Interviewer: Heeft u gebeld?\nJan: ja hoor, drie keer.\n",
         "Interviewer|i|Heeft u gebeld?\nJan|r|ja hoor, drie keer.\n"},
        {"surname only", "Interviewer: En toen?\n\xC3\x96zt\xC3\xBCrk: Toen belde ik weer.\n",
         "Interviewer|i|En toen?\n\xC3\x96zt\xC3\xBCrk|r|Toen belde ik weer.\n"},
        {"abbreviated titles", "Interviewer: Wie begint?\nDhr. Bakker: Ik.\nMw. El Amrani: Dan ik.\n",
         "Interviewer|i|Wie begint?\nDhr. Bakker|r|Ik.\nMw. El Amrani|r|Dan ik.\n"},
        {"I and R", "I: Hoe lang woont u hier?\nR: Tien jaar.\nI: En?\nR: Fijn.\n",
         "I|i|Hoe lang woont u hier?\nR|r|Tien jaar.\nI|i|En?\nR|r|Fijn.\n"},
        {"numbered roles", "Interviewer 2: Vraag.\nRespondent 12: Antwoord.\n",
         "Interviewer 2|i|Vraag.\nRespondent 12|r|Antwoord.\n"},
        {"survey style", "Vraag 1: Wat vindt u van de buurt?\nAntwoord: Rustig.\n",
         "Vraag 1|i|Wat vindt u van de buurt?\nAntwoord|r|Rustig.\n"},
        {"label alone on its line", "Interviewer:\nHoe gaat het?\nMevrouw Bakker:\nGoed hoor.\n",
         "Interviewer|i|Hoe gaat het?\nMevrouw Bakker|r|Goed hoor.\n"},
        {"a partner joins once", "Interviewer: Klopt dat?\nMevrouw de Vries: Ja.\nInterviewer: En toen?\n"
         "Mevrouw de Vries: Toen kwam de brief.\nHenk: Die heb ik nog.\nMevrouw de Vries: Ja.\n",
         "Interviewer|i|Klopt dat?\nMevrouw de Vries|r|Ja.\nInterviewer|i|En toen?\n"
         "Mevrouw de Vries|r|Toen kwam de brief.\nHenk|r|Die heb ik nog.\nMevrouw de Vries|r|Ja.\n"},
        {"preamble before the first label", "Datum: 3 maart 2025\nLocatie: Brederwold\nInterviewer: Hoe gaat het?\nBewoner: Goed.\n",
         "Interviewer|i|Hoe gaat het?\nBewoner|r|Goed.\n"},
        /* focus groups */
        {"participant speaks once", "Moderator: Wie begint?\nAnne: Ik. De huur is te hoog.\nPiet: Bij mij ook.\n"
         "Kees: Ik ben het met Anne eens.\nAnne: Precies.\nPiet: Zeker.\n",
         "Moderator|i|Wie begint?\nAnne|r|Ik. De huur is te hoog.\nPiet|r|Bij mij ook.\n"
         "Kees|r|Ik ben het met Anne eens.\nAnne|r|Precies.\nPiet|r|Zeker.\n"},
        {"once, lower case, after a participant", "Moderator: Wie begint?\nAnne: Ik.\nPiet: Ik ook.\n"
         "Kees: eens met Anne.\nAnne: Goed.\nPiet: Ja.\n",
         "Moderator|i|Wie begint?\nAnne|r|Ik.\nPiet|r|Ik ook. Kees: eens met Anne.\nAnne|r|Goed.\nPiet|r|Ja.\n"},
        {"deelnemers and sprekers", "Gespreksleider: Welkom.\nDeelnemer 1: Dank.\nDeelnemer 2: Hoi.\nSpreker 3: Hallo.\n",
         "Gespreksleider|i|Welkom.\nDeelnemer 1|r|Dank.\nDeelnemer 2|r|Hoi.\nSpreker 3|r|Hallo.\n"},
        /* debates (Handelingen) */
        {"debate", "De voorzitter: Het woord is aan de heer Omtzigt.\nDe heer Omtzigt (CDA): Voorzitter, dank u wel.\n"
         "Minister Hoekstra: Ik deel die zorg.\nMevrouw Jansen (SP): Daar ben ik het niet mee eens.\nDe voorzitter: Dank u wel.\n",
         "De voorzitter|i|Het woord is aan de heer Omtzigt.\nDe heer Omtzigt (CDA)|r|Voorzitter, dank u wel.\n"
         "Minister Hoekstra|r|Ik deel die zorg.\nMevrouw Jansen (SP)|r|Daar ben ik het niet mee eens.\n"
         "De voorzitter|i|Dank u wel.\n"},
        {"ministers once", "De voorzitter: Minister.\nMinister De Jonge: Dank.\nStaatssecretaris Van Huffelen: Ook dank.\n",
         "De voorzitter|i|Minister.\nMinister De Jonge|r|Dank.\nStaatssecretaris Van Huffelen|r|Ook dank.\n"},
        /* exports with timestamps */
        {"Teams text export", "[00:01:02] Spreker 1: Goedemorgen.\n[00:01:05] Spreker 2: Hallo.\n",
         "Spreker 1|r|Goedemorgen.\nSpreker 2|r|Hallo.\n"},
        {"a timestamp vouches for a word", "[00:00:05] Interviewer: Klopt dat?\n[00:00:09] Nee: dat klopt niet.\n",
         "Interviewer|i|Klopt dat?\nNee|r|dat klopt niet.\n"},
        {"a timestamp does not vouch for a phrase", "[00:00:05] Interviewer: En?\n[00:00:09] Anne: Nou.\n[00:00:12] dus wat ik bedoel: het is duur.\n",
         "Interviewer|i|En?\nAnne|r|Nou. [00:00:12] dus wat ik bedoel: het is duur.\n"},
        {"Teams header lines", "Jan de Vries   0:03\nGoedemorgen allemaal.\nFijn dat jullie er zijn.\n\n"
         "Anne Bakker   0:10\nHoi.\n\nKees\t1:02\nIk heb een vraag.\n",
         "Jan de Vries|r|Goedemorgen allemaal. Fijn dat jullie er zijn.\nAnne Bakker|r|Hoi.\nKees|r|Ik heb een vraag.\n"},
        {"header lines with roles and CRLF", "Interviewer 00:00:01\r\nHoe gaat het?\r\nRespondent [00:00:04]\r\nGoed.\r\n",
         "Interviewer|i|Hoe gaat het?\nRespondent|r|Goed.\n"},
        {"a lone header line is text", "Dinsdag 14:30\nIk belde de corporatie.\n", "|r|Dinsdag 14:30 Ik belde de corporatie.\n"},
        {"no header: more after the time", "I: En?\nR: Nou.\nJan 14:30 belde ik.\nPiet 15:00 ook.\n",
         "I|i|En?\nR|r|Nou. Jan 14:30 belde ik. Piet 15:00 ook.\n"},
        /* lower-case ids */
        {"viking ids", "viking1: hoi allemaal\nviking2: hallo\nviking1: hoe gaat het\nviking2: prima\n",
         "viking1|r|hoi allemaal\nviking2|r|hallo\nviking1|r|hoe gaat het\nviking2|r|prima\n"},
        {"int and r1", "int: hoe gaat het\nr1: goed hoor\nint: en verder\nr1: ook goed\n",
         "int|i|hoe gaat het\nr1|r|goed hoor\nint|i|en verder\nr1|r|ook goed\n"},
        {"iv and resp", "iv: waar woont u\nresp: in de wijk\n", "iv|i|waar woont u\nresp|r|in de wijk\n"},
        {"a lower-case name once stays text", "I: En?\nR: Nou.\njan: ja precies\n", "I|i|En?\nR|r|Nou. jan: ja precies\n"},
        {"a Zoom name on two lines", "iPhone van Anne: Hoi.\nInterviewer: Hoi Anne.\niPhone van Anne: Ik hoor je.\n",
         "iPhone van Anne|r|Hoi.\nInterviewer|i|Hoi Anne.\niPhone van Anne|r|Ik hoor je.\n"},
        {"R101 on two lines", "I: Vraag.\nR101: Een.\nI: Nog een.\nR101: Twee.\n",
         "I|i|Vraag.\nR101|r|Een.\nI|i|Nog een.\nR101|r|Twee.\n"},
        /* lines that are no labels */
        {"i386 in an interview", "Interviewer: Welke computer?\nR: Een oude.\ni386: dat was het.\nInterviewer: Ok.\n",
         "Interviewer|i|Welke computer?\nR|r|Een oude. i386: dat was het.\nInterviewer|i|Ok.\n"},
        {"i386 in a text", "i386: dat was mijn eerste computer.\nDaarna kwam de Pentium.\n",
         "|r|i386: dat was mijn eerste computer. Daarna kwam de Pentium.\n"},
        {"I386 twice is no interviewer", "I386: een.\nI386: twee.\n", "I386|r|een.\nI386|r|twee.\n"},
        {"let op", "I: En?\nR: Bel ze.\nLet op: de huur gaat omhoog.\n", "I|i|En?\nR|r|Bel ze. Let op: de huur gaat omhoog.\n"},
        {"let wel", "I: En?\nR: Bel ze.\nLet wel: niet na vijven.\n", "I|i|En?\nR|r|Bel ze. Let wel: niet na vijven.\n"},
        {"nee", "I: Klopt dat?\nR: Nou.\nNee: dat klopt niet.\n", "I|i|Klopt dat?\nR|r|Nou. Nee: dat klopt niet.\n"},
        {"dus", "I: En?\nR: Duur.\nDus: verhuizen.\n", "I|i|En?\nR|r|Duur. Dus: verhuizen.\n"},
        {"tip", "I: En?\nR: Ik heb een tip.\nTip: bel het huurteam.\n", "I|i|En?\nR|r|Ik heb een tip. Tip: bel het huurteam.\n"},
        {"voorbeeld", "I: En?\nR: Neem de buren.\nVoorbeeld: een buurman die klaagt.\n",
         "I|i|En?\nR|r|Neem de buren. Voorbeeld: een buurman die klaagt.\n"},
        {"opmerking", "I: En?\nR: Ja.\nOpmerking: de opname is slecht.\n", "I|i|En?\nR|r|Ja. Opmerking: de opname is slecht.\n"},
        {"stap 2", "I: Hoe ging het?\nR: Eerst bellen.\nStap 2: Een brief sturen.\n",
         "I|i|Hoe ging het?\nR|r|Eerst bellen. Stap 2: Een brief sturen.\n"},
        {"kijk", "I: En?\nR: Nou.\nKijk: Dat is het punt.\n", "I|i|En?\nR|r|Nou. Kijk: Dat is het punt.\n"},
        {"a url", "I: Waar?\nR: Op de site.\nhttps://www.dewoonbond.nl: daar staat het.\n",
         "I|i|Waar?\nR|r|Op de site. https://www.dewoonbond.nl: daar staat het.\n"},
        {"a time", "I: Wanneer?\nR: Dinsdag.\nom 14:30: toen belde ik.\n", "I|i|Wanneer?\nR|r|Dinsdag. om 14:30: toen belde ik.\n"},
        {"a phrase once", "I: En?\nR: Nou.\nDus wat ik bedoel: het is duur.\n", "I|i|En?\nR|r|Nou. Dus wat ik bedoel: het is duur.\n"},
        {"no labels at all", "Tip: bel het huurteam.\nLet op: de huur gaat omhoog.\n\nMet groet.\n",
         "|r|Tip: bel het huurteam. Let op: de huur gaat omhoog.\n|r|Met groet.\n"},
        {"two names once each, nothing else", "Jan: Hoe gaat het?\nPiet: Goed.\n", "|r|Jan: Hoe gaat het? Piet: Goed.\n"},
        /* weak labels that the file vouches for by using them twice */
        {"nee twice", "Nee: een.\nNee: twee.\n", "Nee|r|een.\nNee|r|twee.\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rd_transcript t = parse(cases[i].in, NULL);
        char *got = render(&t);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s:\ngot:\n%swant:\n%s", cases[i].name, got, cases[i].want);
        free(got);
        rd_transcript_free(&t);
    }
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
        cmocka_unit_test(test_label_table),
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
