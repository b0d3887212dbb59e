/* tests/unit/nlp/test_redact.c — privacy redaction of quotes against a table of cases.
 *
 * Every case runs through one redactor that knows these names:
 *     Karin -> R07, Mevrouw De Vries -> R08, Jan -> R01, Renée -> R09,
 *     Piet de Jong -> [interviewer]
 * A case whose want is NULL must come back unchanged, byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/redact.h"

typedef struct {
    const char *in, *want;
} rcase;

#define SAME NULL

static const rcase cases[] = {
    /* e-mail addresses */
    {"mail a.b-c@x.nl maar", "mail [e-mail] maar"},
    {"jan+tag@mail.example.com", "[e-mail]"},
    {"(karin.devries@voorbeeld.nl).", "([e-mail])."},
    {"Mail naar JAN@X.NL!", "Mail naar [e-mail]!"},
    {"info@localhost en a@b", SAME},
    /* phone numbers */
    {"bel 06-12345678.", "bel [telefoon]."},
    {"06 12345678", "[telefoon]"},
    {"06 12 34 56 78", "[telefoon]"},
    {"0612345678", "[telefoon]"},
    {"+31 6 12345678", "[telefoon]"},
    {"+31(0)6 1234 5678", "[telefoon]"},
    {"+31 (0)20 1234567", "[telefoon]"},
    {"+316-12345678", "[telefoon]"},
    {"0031 6 12345678", "[telefoon]"},
    {"020-1234567 of 010 123 4567", "[telefoon] of [telefoon]"},
    {"0318-123456", "[telefoon]"},
    {"0900-1234 en 0800 123 4567", "[telefoon] en [telefoon]"},
    {"088-1234567", "[telefoon]"},
    {"(020) 123 4567", "[telefoon]"},
    {"+44 20 7946 0958", "[telefoon]"},
    {"tel:+32 2 123 45 67", "tel:[telefoon]"},
    {"06 12345678 12 keer", "[telefoon] 12 keer"},
    {"bel 06 even", SAME},
    {"0 1 2 3 4 5 6 7 8 9", SAME},
    {"op 01-03-2024 10:30", SAME},
    {"06-12-2024 10:30 uur", SAME},
    {"06123 of 061234567890123", SAME},
    {"0,5 liter om 00:30", SAME},
    {"+5 graden", SAME},
    /* IBANs */
    {"NL91ABNA0417164300", "[IBAN]"},
    {"rekening NL91 ABNA 0417 1643 00.", "rekening [IBAN]."},
    {"BE68 5390 0754 7034 voor de huur", "[IBAN] voor de huur"},
    {"DE89370400440532013000", "[IBAN]"},
    {"GB82 WEST 1234 5698 7654 32", "[IBAN]"},
    {"nl91abna0417164300", "[IBAN]"},
    {"NL12ABNA0417164300", "[IBAN]"},
    {"DE00370400440532013000", SAME},
    {"code AB12CDEF en XY12 ABCD EFGH IJKL", SAME},
    /* addresses and postcodes */
    {"Dorpsstraat 12, 1234 AB Utrecht", "[adres] Utrecht"},
    {"Ik woon op de Kerkstraat 12b.", "Ik woon op de [adres]."},
    {"Op Kerkstraat 12 woont", "Op [adres] woont"},
    {"1234 AB 12a", "[adres]"},
    {"postcode 3511AB huisnummer 7", "postcode [adres]"},
    {"Jan van Galenstraat 4", "[adres]"},
    {"Grote Markt 5 en Oude Gracht 3", "[adres] en [adres]"},
    {"Willem-Alexanderlaan 3-II", "[adres]"},
    {"Kerkstraat nr. 5", "[adres]"},
    {"Zuiderzee 5, 1234 AB Lelystad", "[adres] Lelystad"},
    {"op nummer 12, 1234 AB", "op nummer [adres]"},
    {"postcode 1234 AB toch?", "postcode [postcode] toch?"},
    {"3511AB", "[postcode]"},
    {"de straat is druk", SAME},
    {"straatverlichting op nummer 12", SAME},
    {"Ik heb op de Kerkstraat 12 jaar gewoond", SAME},
    {"de kerkstraat 12", SAME},
    {"De Dorpsstraat is druk", SAME},
    {"1234 euro", SAME},
    {"in 2024 EU-breed, 1024 KB", SAME},
    /* amounts, years, dates, times, percentages */
    {"€ 750 per maand, 750 euro, € 1.250,50", SAME},
    {"1.250,50 en 45,-", SAME},
    {"in 2023 en 2024", SAME},
    {"12-03-2024, 12 maart, 2025-03-12", SAME},
    {"om 10:30 of om 9 uur, 14.30", SAME},
    {"3,5% en 50%", SAME},
    /* names */
    {"Karin zei dat", "R07 zei dat"},
    {"karin en KARIN", "R07 en R07"},
    {"Karina en Karin", "Karina en R07"},
    {"(Karin), Karin.", "(R07), R07."},
    {"Dat zei Karin", "Dat zei R07"},
    {"Karin's fiets en Karin’s auto", "R07's fiets en R07’s auto"},
    {"Karins moeder", "R07s moeder"},
    {"Jan belde in januari, niet Jansen of Januari",
     "R01 belde in januari, niet Jansen of Januari"},
    {"Jan-Willem", "R01-Willem"},
    {"Jan en Karin, Jan en Karin", "R01 en R07, R01 en R07"},
    {"mevrouw de  Vries", "R08"},
    {"meneer De Vries, de Vries, Vries", "meneer R08, R08, R08"},
    {"vries en de vries", SAME},
    {"Piet de Jong: ik was jong", "[interviewer]: ik was jong"},
    {"toen de Jong belde", "toen [interviewer] belde"},
    {"Renée zei “nee” tegen René", "R09 zei “nee” tegen René"},
    {"RENÉE en renée", "R09 en R09"},
    {"café Karin, geïnteresseerd", "café R07, geïnteresseerd"},
    {"Karinë", SAME},
    /* UTF-8 around, empty */
    {"“Bel me op 06-12345678”, zei ze.", "“Bel me op [telefoon]”, zei ze."},
    {"Geïnteresseerd? Mail jan@x.nl — ideeën.", "Geïnteresseerd? Mail [e-mail] — ideeën."},
    {"", ""},
};

static rd_redactor *make_redactor(void)
{
    rd_redactor *r = NULL;
    rd_err err;
    static const char *const names[][2] = {{"Karin", "R07"},
                                           {"Mevrouw De Vries", "R08"},
                                           {"Jan", "R01"},
                                           {"Renée", "R09"},
                                           {"Piet de Jong", "[interviewer]"}};
    assert_int_equal(rd_redact_new(&r, &err), RD_OK);
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        assert_int_equal(rd_redact_add_name(r, names[k][0], strlen(names[k][0]), names[k][1], &err),
                         RD_OK);
    return r;
}

static void test_table(void **state)
{
    (void)state;
    rd_redactor *r = make_redactor();
    rd_err err;
    int failures = 0;
    assert_true(sizeof cases / sizeof cases[0] >= 50);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *in = cases[i].in, *want = cases[i].want ? cases[i].want : in, *out = NULL;
        size_t out_n = 0;
        assert_int_equal(rd_redact_apply(r, in, strlen(in), &out, &out_n, &err), RD_OK);
        assert_non_null(out);
        assert_int_equal(out[out_n], '\0');
        if (out_n != strlen(want) || memcmp(out, want, out_n) != 0) {
            print_error("case %zu: \"%s\"\n   want: %s\n    got: %.*s\n", i, in, want,
                        (int)out_n, out);
            failures++;
        }
    }
    rd_redact_free(r);
    assert_int_equal(failures, 0);
}

/* Text with nothing to mask comes back byte for byte, whatever its size. */
static void test_identity(void **state)
{
    (void)state;
    static const char piece[] =
        "De huur is € 750 per maand (1.250,50 met servicekosten); in 2023 kwam de monteur "
        "op 12-03-2024 om 10:30, nummer 12 aan de straat. Geïnteresseerd? “Nee”, zei ze. "
        "Bel 06 even, 3,5% meer, 1234 euro, HR++-glas, 's avonds, café, ideeën.\n";
    size_t k = sizeof piece - 1, n = 4000 * k;
    char *s = malloc(n);
    assert_non_null(s);
    for (size_t i = 0; i < n; i += k)
        memcpy(s + i, piece, k);
    rd_redactor *r = make_redactor();
    rd_err err;
    const char *out;
    size_t out_n;
    assert_int_equal(rd_redact_apply(r, s, n, &out, &out_n, &err), RD_OK);
    assert_int_equal(out_n, n);
    assert_memory_equal(out, s, n);
    rd_redact_free(r);
    free(s);
}

static void test_generic_labels(void **state)
{
    (void)state;
    static const char *const generic[] = {
        "R", "I", "R07", "r1", "Respondent", "Respondent 3", "Respondent R07", "Bewoner",
        "Bewoner B:", "Huurder", "Huurster 2", "Interviewer", "INTERVIEWER:", "Interviewer1",
        "Man", "Vrouw", "Deelnemer 3", "Spreker 1", "Speaker_2", "Geïnterviewde", "Q", "A",
        "Moderator", "Onbekend", "1", "  Vrouw  ", "", NULL};
    static const char *const named[] = {
        "Karin", "Mevrouw Jansen", "Interviewer (Anna)", "Jan", "Man Jan", "De Vries",
        "Bewoner Karin", "Respondent 12345", "Anna", "Mr. Jansen", NULL};
    for (const char *const *g = generic; *g; g++)
        if (!rd_redact_is_generic_label(*g, strlen(*g)))
            fail_msg("\"%s\" should be generic", *g);
    for (const char *const *g = named; *g; g++)
        if (rd_redact_is_generic_label(*g, strlen(*g)))
            fail_msg("\"%s\" should be a name", *g);
}

static void expect(rd_redactor *r, const char *in, const char *want)
{
    rd_err err;
    const char *out;
    size_t out_n;
    assert_int_equal(rd_redact_apply(r, in, strlen(in), &out, &out_n, &err), RD_OK);
    assert_string_equal(out, want);
    assert_int_equal(out_n, strlen(want));
}

static void test_names_lifecycle(void **state)
{
    (void)state;
    rd_redactor *r = NULL;
    rd_err err;
    assert_int_equal(rd_redact_new(&r, &err), RD_OK);
    /* no names: nothing but the patterns */
    expect(r, "Karin belt 0612345678", "Karin belt [telefoon]");
    assert_int_equal(rd_redact_add_name(r, " Karin ", 7, "R07", &err), RD_OK);
    expect(r, "Karin belt", "R07 belt");
    /* adding again replaces the replacement; NULL means [naam] */
    assert_int_equal(rd_redact_add_name(r, "Karin", 5, "R12", &err), RD_OK);
    expect(r, "Karin belt", "R12 belt");
    assert_int_equal(rd_redact_add_name(r, "Ad", 2, NULL, &err), RD_OK);
    expect(r, "Ad, Ads boek, het bos, ads", "[naam], [naam]s boek, het bos, ads");
    /* a part shared by two names keeps the first repl; the longest name wins */
    assert_int_equal(rd_redact_add_name(r, "Anna de Wit", 11, "R01", &err), RD_OK);
    assert_int_equal(rd_redact_add_name(r, "Piet de Wit", 11, "R02", &err), RD_OK);
    expect(r, "Piet de Wit en de Wit en Anna, wit", "R02 en R01 en R01, wit");
    rd_redact_clear_names(r);
    expect(r, "Karin en Anna", "Karin en Anna");
    /* errors leave the redactor as it was */
    assert_int_equal(rd_redact_add_name(r, "  ", 2, "X", &err), RD_EINVAL);
    assert_int_equal(rd_redact_add_name(r, "...", 3, "X", &err), RD_EINVAL);
    assert_int_equal(rd_redact_add_name(r, "Ka\xffrin", 6, "X", &err), RD_EUTF8);
    const char *out = "x";
    size_t out_n = 9;
    assert_int_equal(rd_redact_apply(r, "ab\xc3", 3, &out, &out_n, &err), RD_EUTF8);
    assert_null(out);
    assert_int_equal(out_n, 0);
    assert_non_null(strstr(err.msg, "byte 2"));
    expect(r, "", "");
    rd_redact_free(r);
    rd_redact_free(NULL);
}

/* Pathological inputs finish (linear pass; no timing here) and keep their length. */
static void test_long_input(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    char *s = malloc(n);
    assert_non_null(s);
    rd_redactor *r = make_redactor();
    rd_err err;
    const char *out;
    size_t out_n;
    static const char *const fills[] = {"a.", "0 ", "1 ", "Ab ", "a@", "NL91 ", "x-"};
    for (size_t f = 0; f < sizeof fills / sizeof fills[0]; f++) {
        size_t k = strlen(fills[f]);
        for (size_t i = 0; i < n; i++)
            s[i] = fills[f][i % k];
        assert_int_equal(rd_redact_apply(r, s, n, &out, &out_n, &err), RD_OK);
        assert_int_equal(out_n, n);
    }
    rd_redact_free(r);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_generic_labels),
        cmocka_unit_test(test_names_lifecycle),
        cmocka_unit_test(test_long_input),
    };
    return cmocka_run_group_tests_name("redact", tests, NULL, NULL);
}
