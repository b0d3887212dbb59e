/* tests/unit/nlp/test_tokenise.c — the Dutch tokeniser against a table of tricky cases.
 *
 * Each case lists the expected tokens separated by " | "; a token that is not a word
 * carries its kind after '#': "06-12345678#phone". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/tokenise.h"

typedef struct {
    const char *in, *want;
} tcase;

static const tcase cases[] = {
    /* clitics and elisions */
    {"z'n fiets", "z'n | fiets"},
    {"m'n moeder", "m'n | moeder"},
    {"d'r man", "d'r | man"},
    {"zo'n huis", "zo'n | huis"},
    {"Z’n fiets", "Z’n | fiets"},
    {"'s avonds laat", "'s avonds | laat"},
    {"'s nachts", "'s nachts"},
    {"'s ochtends vroeg", "'s ochtends | vroeg"},
    {"’s morgens", "’s morgens"},
    {"'t is koud", "'t | is | koud"},
    {"'k weet het", "'k | weet | het"},
    {"'s-Hertogenbosch", "'s-Hertogenbosch"},
    {"de jaren '80", "de | jaren | '80#number"},
    {"hij zei 'nee' toen", "hij | zei | nee | toen"},
    /* apostrophe plurals */
    {"foto's maken", "foto's | maken"},
    {"macro's", "macro's"},
    {"baby's en auto's", "baby's | en | auto's"},
    {"cd's", "cd's"},
    {"A4'tje", "A4'tje"},
    /* hyphenated compounds */
    {"e-mail", "e-mail"},
    {"WhatsApp-berichten", "WhatsApp-berichten"},
    {"sociale-mediakanalen", "sociale-mediakanalen"},
    {"cv-ketel", "cv-ketel"},
    {"c.v.-ketel", "c.v.-ketel"},
    {"HR++-glas", "HR++-glas"},
    {"HR++ glas", "HR++ | glas"},
    {"4-kamerwoning", "4-kamerwoning"},
    {"65-plussers", "65-plussers"},
    {"hoofd- en bijzaken", "hoofd- | en | bijzaken"},
    {"CO2-uitstoot", "CO2-uitstoot"},
    {"oud-huurder", "oud-huurder"},
    {"na - voor", "na | voor"},
    /* diacritics, composed and decomposed */
    {"geïnteresseerd", "geïnteresseerd"},
    {"ideeën", "ideeën"},
    {"café", "café"},
    {"cafe\xcc\x81 open", "cafe\xcc\x81 | open"},
    {"privé één", "privé | één"},
    {"coördinator", "coördinator"},
    /* abbreviations */
    {"bijv. de huur", "bijv.#abbrev | de | huur"},
    {"d.w.z. niet", "d.w.z.#abbrev | niet"},
    {"o.a. lekkage", "o.a.#abbrev | lekkage"},
    {"t.a.v. de", "t.a.v.#abbrev | de"},
    {"i.p.v. bellen", "i.p.v.#abbrev | bellen"},
    {"m.b.t. het", "m.b.t.#abbrev | het"},
    {"z.s.m.", "z.s.m.#abbrev"},
    {"a.u.b.", "a.u.b.#abbrev"},
    {"t/m vrijdag", "t/m#abbrev | vrijdag"},
    {"nr. 12", "nr.#abbrev | 12#number"},
    {"Mevr. Jansen", "Mevr.#abbrev | Jansen"},
    {"enz.", "enz.#abbrev"},
    {"Dat is het. Daarna", "Dat | is | het | Daarna"},
    /* numbers, amounts, dates, times */
    {"1.250,50", "1.250,50#number"},
    {"3,1%", "3,1%#number"},
    {"2e keer", "2e#number | keer"},
    {"60m2", "60m2#number"},
    {"2025", "2025#number"},
    {"€ 45,-", "€ 45,-#amount"},
    {"€1.250,00", "€1.250,00#amount"},
    {"45,- per maand", "45,-#amount | per | maand"},
    {"50€", "50€#amount"},
    {"120 euro", "120#number | euro"},
    {"12-03-2025", "12-03-2025#date"},
    {"3/11/2025", "3/11/2025#date"},
    {"2025-03-12", "2025-03-12#date"},
    {"14.30 uur", "14.30#time | uur"},
    {"om 9:15", "om | 9:15#time"},
    {"00:01:02", "00:01:02#time"},
    /* phones */
    {"06-12345678", "06-12345678#phone"},
    {"06 12345678", "06 12345678#phone"},
    {"0612345678", "0612345678#phone"},
    {"020-1234567", "020-1234567#phone"},
    {"020 123 4567", "020 123 4567#phone"},
    {"+31 6 12345678", "+31 6 12345678#phone"},
    {"+31 (0)6 87654321", "+31 (0)6 87654321#phone"},
    {"+31612345678", "+31612345678#phone"},
    {"0800-1234", "0800-1234#phone"},
    {"0 of 1", "0#number | of | 1#number"},
    {"bel 06-12345678 nu", "bel | 06-12345678#phone | nu"},
    /* URLs and e-mail */
    {"info@delinde-voorbeeld.nl", "info@delinde-voorbeeld.nl#email"},
    {"mail j.de.vries@voorbeeld.nl.", "mail | j.de.vries@voorbeeld.nl#email"},
    {"www.delinde-voorbeeld.nl", "www.delinde-voorbeeld.nl#url"},
    {"(zie https://www.delinde-voorbeeld.nl/melden).",
     "zie | https://www.delinde-voorbeeld.nl/melden#url"},
    {"http://x.nl/a?b=c, toen", "http://x.nl/a?b=c#url | toen"},
    /* punctuation and spacing */
    {"Nou... eh, ja!", "Nou | eh | ja"},
    {"“Goed”, zei ze.", "Goed | zei | ze"},
    {"track & trace", "track | trace"},
    {"en/of", "en | of"},
    {"tab\there", "tab | here"},
    {"no\xc2\xa0" "break", "no | break"},
    {"", ""},
    {"   ", ""},
};

static void format_tokens(const char *s, const rd_tokens *t, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < t->n; i++) {
        int w;
        if (t->v[i].kind == RD_TOK_WORD)
            w = snprintf(out + k, cap - k, "%s%.*s", i ? " | " : "", (int)t->v[i].len,
                         s + t->v[i].off);
        else
            w = snprintf(out + k, cap - k, "%s%.*s#%s", i ? " | " : "", (int)t->v[i].len,
                         s + t->v[i].off, rd_tok_kind_name((rd_tok_kind)t->v[i].kind));
        if (w < 0 || (size_t)w >= cap - k)
            break;
        k += (size_t)w;
    }
}

static void test_table(void **state)
{
    (void)state;
    rd_tokens t = {0};
    rd_err err;
    char got[1024];
    int failures = 0;
    assert_true(sizeof cases / sizeof cases[0] >= 60);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(rd_tok_run(cases[i].in, strlen(cases[i].in), &t, &err), RD_OK);
        format_tokens(cases[i].in, &t, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0) {
            print_error("case %zu: \"%s\"\n   want: %s\n    got: %s\n", i, cases[i].in,
                        cases[i].want, got);
            failures++;
        }
    }
    rd_tokens_free(&t);
    assert_int_equal(failures, 0);
}

static void test_sentence_ends(void **state)
{
    (void)state;
    rd_tokens t = {0};
    rd_err err;
    const char *s = "Dat was het. Daarna o.a. de huur! Klaar? ja";
    assert_int_equal(rd_tok_run(s, strlen(s), &t, &err), RD_OK);
    int ends[16] = {0};
    for (size_t i = 0; i < t.n && i < 16; i++)
        ends[i] = (t.v[i].flags & RD_TOKF_SENT_END) != 0;
    /* Dat was het. | Daarna o.a. de huur! | Klaar? | ja */
    int want[] = {0, 0, 1, 0, 0, 0, 1, 1, 1};
    assert_int_equal(t.n, 9);
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(ends[i], want[i]);
    assert_true(t.v[0].flags & RD_TOKF_UPPER);
    assert_false(t.v[1].flags & RD_TOKF_UPPER);
    rd_tokens_free(&t);
}

static void test_long_input(void **state)
{
    (void)state;
    /* A single 1 MB "word" is one token; a 1 MB run of apostrophes, hyphens and dots
     * tokenises without error (no timing here: speed is measured in benchmarks/). */
    size_t n = 1 << 20;
    char *s = malloc(n);
    assert_non_null(s);
    memset(s, 'a', n);
    rd_tokens t = {0};
    rd_err err;
    assert_int_equal(rd_tok_run(s, n, &t, &err), RD_OK);
    assert_int_equal(t.n, 1);
    for (size_t i = 0; i < n; i++)
        s[i] = "'-.a"[i % 4];
    assert_int_equal(rd_tok_run(s, n, &t, &err), RD_OK);
    /* Runs of bytes an e-mail address may hold before its '@' ("abc.abc.", "abc_abc_",
     * "a+a+"): one word per "abc" (the scan for an '@' stops after 64 bytes; unbounded,
     * it read the rest of the run from every word, minutes for 1 MB). */
    static const char *const runs[] = {"abc.", "abc_", "ab+"};
    for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
        size_t m = strlen(runs[r]);
        for (size_t i = 0; i < n; i++)
            s[i] = runs[r][i % m];
        assert_int_equal(rd_tok_run(s, n, &t, &err), RD_OK);
        assert_int_equal(t.n, (n + m - 1) / m);
        assert_int_equal(t.v[0].kind, RD_TOK_WORD);
    }
    rd_tokens_free(&t);
    free(s);
}

/* An e-mail address has a local part of at most 64 bytes and a domain of at most 255
 * (RFC 5321): longer ones are words, not one e-mail token. */
static void test_email_limits(void **state)
{
    (void)state;
    char s[400];
    rd_tokens t = {0};
    rd_err err;
    memset(s, 'a', 64);
    strcpy(s + 64, "@voorbeeld.nl");
    assert_int_equal(rd_tok_run(s, strlen(s), &t, &err), RD_OK);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.v[0].kind, RD_TOK_EMAIL);
    memset(s, 'a', 65);
    strcpy(s + 65, "@voorbeeld.nl");
    assert_int_equal(rd_tok_run(s, strlen(s), &t, &err), RD_OK);
    assert_true(t.n >= 2);
    for (size_t i = 0; i < t.n; i++)
        assert_int_not_equal(t.v[i].kind, RD_TOK_EMAIL);
    strcpy(s, "jan@");
    memset(s + 4, 'b', 252);
    strcpy(s + 256, ".nl"); /* a domain of 255 bytes */
    assert_int_equal(rd_tok_run(s, strlen(s), &t, &err), RD_OK);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.v[0].kind, RD_TOK_EMAIL);
    strcpy(s + 256, "b.nl"); /* 256 bytes */
    assert_int_equal(rd_tok_run(s, strlen(s), &t, &err), RD_OK);
    for (size_t i = 0; i < t.n; i++)
        assert_int_not_equal(t.v[i].kind, RD_TOK_EMAIL);
    rd_tokens_free(&t);
}

/* rd_tok_next, one token at a time, gives exactly rd_tok_words' tokens (on the table). */
static void test_next_matches_words(void **state)
{
    (void)state;
    rd_tokens t = {0};
    rd_err err;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *in = cases[c].in;
        size_t n = strlen(in), i = 0, k = 0;
        rd_token tk;
        assert_int_equal(rd_tok_words(in, n, &t, &err), RD_OK);
        while (rd_tok_next(in, n, &i, &tk)) {
            assert_true(k < t.n);
            assert_int_equal(tk.off, t.v[k].off);
            assert_int_equal(tk.len, t.v[k].len);
            assert_int_equal(tk.kind, t.v[k].kind);
            assert_int_equal(tk.flags, t.v[k].flags);
            assert_int_equal(i, tk.off + tk.len);
            k++;
        }
        assert_int_equal(k, t.n);
        assert_int_equal(i, n);
    }
    rd_tokens_free(&t);
}

/* The byte tables callers use to run the fast path themselves say what rd_tok_next does:
 * no token starts at a skip byte, whatever follows it; a token can start at every other
 * ASCII byte but NUL (letters, digits, the apostrophe of 's avonds and '80, the + of
 * +31 phone numbers); a run of letters before a word_stop byte is one whole word. */
static void test_byte_tables(void **state)
{
    (void)state;
    static const char *const after[] = {"", "a", "abc", "1", "31 6 12345678", "s avonds", "80",
                                        "k", "t ", "n.", "www.x.nl", "@x.nl", "-x"};
    char s[64];
    rd_token tk;
    for (int b = 1; b < 128; b++) {
        int starts = 0;
        for (size_t a = 0; a < sizeof after / sizeof *after; a++) {
            s[0] = (char)b;
            strcpy(s + 1, after[a]);
            size_t i = 0;
            if (rd_tok_next(s, strlen(s), &i, &tk) && tk.off == 0)
                starts = 1;
        }
        if (rd__tok_skip[b] && starts)
            fail_msg("byte %d is marked skip, but a token starts there", b);
        if (!rd__tok_skip[b] && !starts)
            fail_msg("byte %d is not marked skip, but no token starts there", b);
        int letter = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
        assert_int_equal(rd__tok_letter[b] != 0, letter);
        if (rd__tok_word_stop[b]) {
            snprintf(s, sizeof s, "abc%cdef", b);
            size_t i = 0;
            assert_true(rd_tok_next(s, 7, &i, &tk));
            assert_int_equal(tk.off, 0);
            assert_int_equal(tk.len, 3);
            assert_int_equal(tk.kind, RD_TOK_WORD);
        }
    }
    for (int b = 128; b < 256; b++)
        assert_true(!rd__tok_skip[b] && !rd__tok_letter[b] && !rd__tok_word_stop[b]);
    assert_true(rd_tok_listed_abbrev("bijv", 4));
    assert_true(rd_tok_listed_abbrev("mevr", 4));
    assert_false(rd_tok_listed_abbrev("Bijv", 4)); /* lower case only */
    assert_false(rd_tok_listed_abbrev("huis", 4));
}

/* The sentence rule's test of a gap between two tokens (shared with nlp/people.c). */
static void test_gap_ends(void **state)
{
    (void)state;
    static const struct { const char *gap; int want; } gaps[] = {
        {" ", 0}, {", ", 0}, {". ", 1}, {"\xe2\x80\xa6 ", 1}, {"? ", 2}, {"! ", 2},
        {".) ", 1}, {"...! ", 2}, {" - ", 0}, {"\xe2\x80\x93 ", 0}, {"", 0}};
    for (size_t i = 0; i < sizeof gaps / sizeof *gaps; i++)
        assert_int_equal(rd_tok_gap_ends(gaps[i].gap, 0, strlen(gaps[i].gap)), gaps[i].want);
    /* only the bytes in [a, b) count */
    assert_int_equal(rd_tok_gap_ends("a. b", 2, 4), 0);
    assert_int_equal(rd_tok_gap_ends("a\xe2\x80\xa6", 1, 3), 0); /* a cut ellipsis */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_sentence_ends),
        cmocka_unit_test(test_long_input),
        cmocka_unit_test(test_email_limits),
        cmocka_unit_test(test_next_matches_words),
        cmocka_unit_test(test_byte_tables),
        cmocka_unit_test(test_gap_ends),
    };
    return cmocka_run_group_tests_name("tokenise", tests, NULL, NULL);
}
