/* tests/unit/nlp/test_lexicon.c — Hunspell dictionaries in memory (nlp/lexicon.h): a small
 * .dic/.aff written here in each FLAG style (long, single characters, numbers with AF
 * aliases), suffix rules and their conditions, forbidden and compound-only entries,
 * escaped slashes, multi-word entries, "ĳ" read as "ij", bad input; and Debian's Dutch
 * dictionary when it is installed (skipped otherwise). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/lexicon.h"

enum { W = RD_LEX_WORD, N = RD_LEX_NAME, P = RD_LEX_PROPER, L = RD_LEX_PLACE };

static const char aff_long[] =
    "# a comment\n"
    "SET UTF-8\n"
    "FLAG long\n"
    "FORBIDDENWORD Fw\n"
    "ONLYINCOMPOUND Cx\n"
    "SFX Zb Y 1\n"
    "SFX Zb 0 en/CaCp .\n"
    "SFX Zc Y 2\n"
    "SFX Zc 0 s [^s]\n"
    "SFX Zc y ies [^aeiou]y\n"
    "SFX Yb Y 1\n"
    "SFX Yb 0 je [^aeiou]\n"
    "\r\n"
    "SFX PN N 1\n"
    "SFX PN 0 s .\n"
    "SFX PI N 1\n"
    "SFX PI 0 se .\n";

static const char dic_long[] =
    "14\n"
    "boek/ZbYa\n"
    "auto/Zc\n"
    "pony/Zc\n"
    "Jansen/PN\n"
    "Utrecht/PNPIGl\n"
    "Kanaleneiland\n"
    "Me\xc4\xb3" "er/PN\n"
    "bakker/Zb\n"
    "verboden/Fw\n"
    "s/Cx\n"
    "km\\/h\n"
    "aan laat\n"
    "jacuzzi/Zc\tOpmerking: een merk\r\n"
    "w\xc4\xb3k/Yb";

static rd_lex *make(const char *aff, const char *dic, const rd_lex_marks *m)
{
    rd_lex *lx = NULL;
    rd_err err;
    rd_status rc = rd_lex_new(aff, strlen(aff), dic, strlen(dic), m, &lx, &err);
    if (rc != RD_OK)
        fail_msg("rd_lex_new: %s", err.msg);
    return lx;
}

static void expect(const rd_lex *lx, const char *w, unsigned want)
{
    unsigned got = rd_lex_lookup(lx, w, strlen(w));
    if (got != want)
        fail_msg("\"%s\": got %u, want %u", w, got, want);
}

static void test_long_flags(void **state)
{
    (void)state;
    rd_lex *lx = make(aff_long, dic_long, NULL);
    assert_int_equal(rd_lex_size(lx), 12); /* forbidden and multi-word entries not counted */
    expect(lx, "boek", W);
    expect(lx, "boeken", W);      /* suffix Zb, its continuation flags ignored */
    expect(lx, "Boeken", W);      /* any case */
    expect(lx, "boekje", 0);      /* boek has no Yb */
    expect(lx, "autos", W);       /* [^s] holds */
    expect(lx, "ponies", W);      /* strip y, add ies, [^aeiou]y */
    expect(lx, "autoies", 0);     /* the condition fails: auto does not end in y */
    expect(lx, "Jansen", N | P);
    expect(lx, "jansen", N | P);
    expect(lx, "Utrecht", N | P | L);
    expect(lx, "Kanaleneiland", N); /* a place without flags: a name, not a proper-noun flag */
    expect(lx, "Meijer", N | P);  /* "ĳ" in the .dic is "ij" */
    expect(lx, "MEIJER", N | P);
    expect(lx, "Me\xc4\xb3" "er", N | P);
    expect(lx, "bakker", W);
    expect(lx, "Bakker", W);      /* an ordinary word, not a name entry */
    expect(lx, "bakkeren", W);
    expect(lx, "verboden", 0);    /* forbidden */
    expect(lx, "s", 0);           /* only in compounds */
    expect(lx, "km/h", W);        /* "\/" is a slash */
    expect(lx, "aan", 0);         /* "aan laat" is several words */
    expect(lx, "jacuzzi", W);     /* fields after a tab ignored */
    expect(lx, "jacuzzis", W);
    expect(lx, "wijkje", W);      /* "wĳk/Yb": condition [^aeiou] on the stem "wijk" */
    expect(lx, "Kowalczyk", 0);
    expect(lx, "", 0);
    rd_lex_free(lx);
}

static void test_other_flag_kinds(void **state)
{
    (void)state;
    /* single-character flags (no FLAG line) */
    rd_lex_marks m1 = {"P", "Q R"};
    rd_lex *lx = make("SFX A Y 1\nSFX A 0 s .\n", "kat/A\nPiet/P\nZwolle/PQ\n", &m1);
    expect(lx, "kats", W);
    expect(lx, "Piet", N | P);
    expect(lx, "Zwolle", N | P | L);
    rd_lex_free(lx);
    /* numeric flags through AF aliases */
    rd_lex_marks m2 = {"30", NULL};
    lx = make("FLAG num\nAF 2\nAF 1,20 # boek\nAF 30\nSFX 1 Y 1\nSFX 1 0 en .\n",
              "2\nboek/1\nAnna/2\nkaas/9\n", &m2);
    expect(lx, "boeken", W);
    expect(lx, "Anna", N | P);
    expect(lx, "kaas", 0); /* alias 9 does not exist: the entry is skipped */
    rd_lex_free(lx);
    /* UTF-8 flags */
    rd_lex_marks m3 = {"\xc3\xa9", NULL};
    lx = make("FLAG UTF-8\nSFX \xc3\xa0 Y 1\nSFX \xc3\xa0 0 en .\n", "boek/\xc3\xa0\nJan/\xc3\xa9\n", &m3);
    expect(lx, "boeken", W);
    expect(lx, "Jan", N | P);
    rd_lex_free(lx);
}

static void test_errors(void **state)
{
    (void)state;
    rd_lex *lx = (rd_lex *)1;
    rd_err err;
    assert_int_equal(rd_lex_new("", 0, "0\n", 2, NULL, &lx, &err), RD_EDATA);
    assert_null(lx);
    assert_int_equal(rd_lex_new("SET ISO8859-1\n", 14, "a\n", 2, NULL, &lx, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "ISO8859-1"));
    assert_int_equal(rd_lex_new("", 0, "a\xff\n", 3, NULL, &lx, &err), RD_EUTF8);
    assert_int_equal(rd_lex_lookup(NULL, "boek", 4), 0);
    rd_lex_free(NULL);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    char *b = malloc((size_t)len + 1);
    *n = b ? fread(b, 1, (size_t)len, f) : 0;
    fclose(f);
    return b;
}

/* Debian's hunspell-nl (OpenTaal): the flags lexicon.h documents. */
static void test_debian_dutch(void **state)
{
    (void)state;
    size_t an = 0, dn = 0;
    char *aff = slurp("/usr/share/hunspell/nl_NL.aff", &an);
    char *dic = slurp("/usr/share/hunspell/nl_NL.dic", &dn);
    if (!aff || !dic) {
        free(aff);
        free(dic);
        skip(); /* hunspell-nl is not installed */
    }
    rd_lex *lx = NULL;
    rd_err err;
    assert_int_equal(rd_lex_new(aff, an, dic, dn, NULL, &lx, &err), RD_OK);
    assert_true(rd_lex_size(lx) > 100000);
    expect(lx, "Jansen", N | P);
    expect(lx, "Karin", N | P);
    expect(lx, "Meijer", N | P);        /* Meĳer in the .dic */
    expect(lx, "Utrecht", N | P | L);   /* PI: a place */
    expect(lx, "Kanaleneiland", N);     /* no flag at all */
    expect(lx, "Zwolle", N);
    assert_int_equal(rd_lex_lookup(lx, "bakker", 6), W); /* a surname, but an ordinary word */
    assert_true(rd_lex_lookup(lx, "wijkteam", 8) & W);   /* wĳkteam */
    assert_true(rd_lex_lookup(lx, "gesprekken", 10) & W);
    assert_true(rd_lex_lookup(lx, "interviews", 10) & W);
    assert_int_equal(rd_lex_lookup(lx, "Kowalczyk", 9), 0);
    rd_lex_free(lx);
    free(aff);
    free(dic);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_flags),
        cmocka_unit_test(test_other_flag_kinds),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_debian_dutch),
    };
    return cmocka_run_group_tests_name("lexicon", tests, NULL, NULL);
}
