/* tests/unit/nlp/test_idname.c — which ids carry a person's name (nlp/idname.h): the rules
 * one by one with a small lexicon written here, without a lexicon, with corpus evidence
 * (lower case, capitals mid-sentence, speaker labels, places), the name part; and which
 * values look like names and which CSV columns hold names, e-mail addresses or phones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/idname.h"

static const char aff[] = "FLAG long\nSFX Zb Y 1\nSFX Zb 0 en .\n";
static const char dic[] =
    "Jansen/PN\nKarin/PN\nFatima/PN\nAnna/PN\nSanne/PN\nHenk/PN\nWillemsen/PN\nMe\xc4\xb3"
    "er/PN\nMulder/PN\nmulder\nKees/PN\nkees\nVries/PN\nvries\nUtrecht/PNPI\nNoord/PNPI\nnoord\n"
    "Kanaleneiland\nZwolle\n\xc4\xb2sselstein/PN\ninterview/Zb\ngesprek/Zb\nbewoner/Zb\n"
    "tuin/Zb\nbakker/Zb\nvisser/Zb\nen\nde\nbuurt\nwijk\n";

static rd_lex *small_lexicon(void)
{
    rd_lex *lx = NULL;
    rd_err err;
    assert_int_equal(rd_lex_new(aff, strlen(aff), dic, strlen(dic), NULL, &lx, &err), RD_OK);
    return lx;
}

/* id -> its name parts, '|' between ("" when it carries none) */
typedef struct {
    const char *id, *name;
} ncase;

static void check(const rd_idn_ctx *c, const ncase *cs, size_t n)
{
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        rd_idn_span p[4];
        char got[256] = "";
        size_t np = rd_idn_carries_name(c, cs[i].id, strlen(cs[i].id), p, 4);
        for (size_t k = 0; k < np && k < 4; k++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%.*s", k ? "|" : "",
                     (int)(p[k].e - p[k].b), cs[i].id + p[k].b);
        if (strcmp(got, cs[i].name) != 0) {
            print_error("\"%s\": got \"%s\", want \"%s\"\n", cs[i].id, got, cs[i].name);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static void test_rules_with_lexicon(void **state)
{
    (void)state;
    rd_lex *lx = small_lexicon();
    rd_idn_ctx c = {lx, NULL};
    static const ncase cases[] = {
        /* 1. after a title, any case, particles skipped */
        {"Interview mevrouw Jansen", "mevrouw Jansen"},
        {"Gesprek dhr. Bakker", "dhr. Bakker"},
        {"familie El Amrani", "familie El Amrani"},
        {"Gesprek fam. de Boer", "fam. de Boer"},
        {"interview meneer pietersen", "meneer pietersen"},
        {"mevrouw en meneer", ""},
        {"Interview mevrouw 3", ""},
        /* 2. short abbreviations */
        {"Interview VVE", ""},
        {"Gesprek GGD Noord", ""},
        /* 3. places */
        {"Interview Utrecht", ""},
        {"Bewoner Kanaleneiland", ""},
        {"Keukentafelgesprek Zwolle", ""},
        /* 4. proper nouns that are no ordinary word, in any case */
        {"Interview Karin", "Karin"},
        {"interview_sanne", "sanne"},
        {"Interview mevr. Meijer", "mevr. Meijer"},
        {"Bewoner Henk Willemsen", "Henk Willemsen"},
        {"interview_fatima_2024-03-01", "fatima"},
        /* 5. capitalised: proper nouns that are also words, surnames, unknown words */
        {"InterviewMulder", "Mulder"},
        {"Interview Kees", "Kees"},
        {"Interview Bakker", "Bakker"},
        {"Gesprek Kowalczyk", "Kowalczyk"},
        {"Interview Karin de Vries", "Karin de Vries"},
        {"Interview Anna en Henk", "Anna|Henk"},
        {"Interview van Dijk", "van Dijk"},
        /* 6. capitalised ordinary words without evidence; 7. lower case */
        {"Gesprek Tuin", ""},
        {"interview kowalczyk", ""},
        {"Gesprek Wijk Noord", ""},
        /* generic labels and ids */
        {"R01", ""},
        {"resp_12", ""},
        {"Interview 3", ""},
        {"Respondent 12", ""},
        {"Bewoner B", ""},
        {"", ""},
        {"12345", ""},
    };
    check(&c, cases, sizeof cases / sizeof cases[0]);
    rd_lex_free(lx);
}

static void test_rules_without_lexicon(void **state)
{
    (void)state;
    rd_idn_ctx c = {NULL, NULL};
    static const ncase cases[] = {
        {"Interview mevrouw Jansen", "mevrouw Jansen"},
        {"Interview Karin", "Karin"},
        {"Interview Utrecht", "Utrecht"},   /* without a lexicon a place cannot be told */
        {"interview_sanne", ""},            /* nor a name in lower case */
        {"Interview Bakker", "Bakker"},
        {"Interview 3", ""},
        {"Gesprek Bewoner", ""},
        {"R01", ""},
    };
    check(&c, cases, sizeof cases / sizeof cases[0]);
}

static void test_evidence(void **state)
{
    (void)state;
    rd_lex *lx = small_lexicon();
    rd_idn_ev *ev = NULL;
    rd_err err;
    static const char *const ids[] = {"Gesprek Wijkteam", "Interview Tuin", "Interview IJsselstein",
                                      "Interview Kees", "Interview Pino", "Interview Bakker",
                                      "Gesprek Visser"};
    assert_int_equal(rd_idn_ev_new(2, &ev, &err), RD_OK);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        assert_int_equal(rd_idn_ev_want(ev, ids[i], strlen(ids[i]), &err), RD_OK);
    assert_int_equal(rd_idn_ev_size(ev), 7); /* the capitalised words that are not generic */
    static const char t0[] =
        "Het wijkteam kwam langs. Ook het wijkteam belde. Tuin is een mooie naam, zei mevrouw "
        "Tuin, en Tuin lachte. Ik woon in IJsselstein, uit IJsselstein kom ik.";
    static const char t1[] =
        "Wijkteam! Dan zegt Tuin: \"Kees is er niet.\" De kees van de buren blaft, de kees ook. "
        "De visser viste.";
    rd_idn_ev_scan(ev, 0, t0, strlen(t0));
    rd_idn_ev_scan(ev, 1, t1, strlen(t1));
    rd_idn_ev_label(ev, 1, "Pino", 4);
    rd_idn_ev_label(ev, 1, "Bewoner 2", 9); /* generic: not counted */
    rd_idn_counts k = rd_idn_ev_counts(ev, "wijkteam", 8);
    assert_int_equal(k.low, 2);
    assert_int_equal(k.cap_mid, 0); /* "Wijkteam!" starts the text */
    k = rd_idn_ev_counts(ev, "TUIN", 4);
    assert_int_equal(k.cap_mid, 3); /* mid-sentence three times, once at a sentence start */
    assert_int_equal(k.low, 0);
    k = rd_idn_ev_counts(ev, "IJsselstein", 11);
    assert_int_equal(k.place, 2);
    k = rd_idn_ev_counts(ev, "Pino", 4);
    assert_int_equal(k.label, 1);
    k = rd_idn_ev_counts(ev, "nergens", 7);
    assert_int_equal(k.cap_mid + k.low + k.place + k.label, 0);
    rd_idn_ctx c = {lx, ev};
    static const ncase cases[] = {
        {"Gesprek Wijkteam", ""},          /* unknown, but written in lower case */
        {"Interview Tuin", "Tuin"},        /* a word, but capitalised mid-sentence */
        {"Interview IJsselstein", ""},     /* a proper noun used after in/uit: a place */
        {"Interview Kees", ""},            /* also a word, more often in lower case */
        {"Interview Pino", "Pino"},        /* a speaker label */
        {"Interview Bakker", "Bakker"},    /* a surname, not in the corpus */
        {"Gesprek Visser", ""},            /* a surname the corpus uses only as a word */
    };
    check(&c, cases, sizeof cases / sizeof cases[0]);
    rd_idn_ev_free(ev);
    rd_idn_ev_free(NULL);
    rd_lex_free(lx);
}

static void test_looks_like_person(void **state)
{
    (void)state;
    rd_lex *lx = small_lexicon();
    rd_idn_ctx c = {lx, NULL};
    static const char *const yes[] = {"Jan de Vries", "J. Jansen", "mevr. Bakker", "Karin",
                                      " Fatima El Amrani ", "Anna-Maria van den Berg",
                                      "Henk Willemsen", "Dhr. P. Pietersen", NULL};
    static const char *const no[] = {"Bloemenbuurt", "De Akkers", "Utrecht", "45-64", "Ja",
                                     "karin", "Noord Utrecht", "Kowalczyk", "jan@x.nl",
                                     "06-12345678", "Karin!", "Mevrouw", "Een Twee Drie Vier Vijf Zes",
                                     "", NULL};
    for (const char *const *s = yes; *s; s++)
        if (!rd_idn_looks_like_person(&c, *s, strlen(*s)))
            fail_msg("\"%s\" should look like a name", *s);
    for (const char *const *s = no; *s; s++)
        if (rd_idn_looks_like_person(&c, *s, strlen(*s)))
            fail_msg("\"%s\" should not look like a name", *s);
    rd_lex_free(lx);
}

static rd_idn_col column(const rd_idn_ctx *c, rd_redactor *r, const char *const *v, size_t n)
{
    rd_idn_col k;
    rd_err err;
    assert_int_equal(rd_idn_column(c, r, v, n, &k, &err), RD_OK);
    return k;
}

static void test_columns(void **state)
{
    (void)state;
    rd_lex *lx = small_lexicon();
    rd_idn_ctx c = {lx, NULL};
    rd_redactor *r = NULL;
    rd_err err;
    assert_int_equal(rd_redact_new(&r, &err), RD_OK);
    const char *mail[] = {"a@x.nl", " b.c@voorbeeld.nl", "", NULL, "geen", "d@e.com"};
    const char *phone[] = {"06-12345678", "020 123 4567", "+31 6 12345678", "onbekend"};
    const char *names[] = {"Jan de Vries", "Karin Jansen", "J. Bakker", "Anna", "Henk Willemsen",
                           "weet ik niet"};
    const char *wijk[] = {"De Akkers", "De Akkers", "Bloemenbuurt", "De Akkers", "Bloemenbuurt",
                          "Bloemenbuurt"};
    const char *same[] = {"Jan de Vries", "Jan de Vries", "Jan de Vries", "Jan de Vries"};
    const char *plain[] = {"45-64", "30-44", "80+", "2003", "", NULL};
    assert_int_equal(column(&c, r, mail, 6), RD_IDN_COL_EMAIL);
    assert_int_equal(column(&c, r, phone, 4), RD_IDN_COL_PHONE);
    assert_int_equal(column(&c, r, names, 6), RD_IDN_COL_NAMES);
    assert_int_equal(column(&c, r, wijk, 6), RD_IDN_COL_PLAIN);
    assert_int_equal(column(&c, r, same, 4), RD_IDN_COL_PLAIN); /* names that repeat: a label */
    assert_int_equal(column(&c, r, plain, 6), RD_IDN_COL_PLAIN);
    assert_int_equal(column(&c, r, plain, 0), RD_IDN_COL_PLAIN);
    rd_redact_free(r);
    rd_lex_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_with_lexicon),
        cmocka_unit_test(test_rules_without_lexicon),
        cmocka_unit_test(test_evidence),
        cmocka_unit_test(test_looks_like_person),
        cmocka_unit_test(test_columns),
    };
    return cmocka_run_group_tests_name("idname", tests, NULL, NULL);
}
