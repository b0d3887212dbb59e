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
    /* citizen service numbers (BSN): 9 digits passing the 11-test */
    {"mijn bsn is 123456782.", "mijn bsn is [BSN]."},
    {"1234.56.782 en 123 456 782", "[BSN] en [BSN]"},
    {"123.456.782, 123-456-782, 12 34 56 782", "[BSN], [BSN], [BSN]"},
    {"BSN: 012345672", "BSN: [BSN]"},
    {"sofinummer 123\xc2\xa0" "456\xc2\xa0" "782!", "sofinummer [BSN]!"},
    {"(123456782)", "([BSN])"},
    {"123456789 en 987654321", SAME},
    {"€ 123.456.782 of €123456782", SAME},
    {"123456782 euro, 123456782,- en 123456782,50", SAME},
    {"000000000 en 1234567820 en 12345678", SAME},
    {"123 456 782 12 en 123.456 782", SAME},
    {"123456782% en 123456782a", SAME},
    /* dates of birth: a full date next to a birth word */
    {"geboren op 12-03-1954", "geboren op [geboortedatum]"},
    {"Geboortedatum: 3 maart 1961.", "Geboortedatum: [geboortedatum]."},
    {"geb. 12/3/54", "geb. [geboortedatum]"},
    {"°12-03-1954 en ° 1-1-1950", "°[geboortedatum] en ° [geboortedatum]"},
    {"Ik ben op 3 mrt. 1961 geboren.", "Ik ben op [geboortedatum] geboren."},
    {"12-03-1954 ben ik geboren", "[geboortedatum] ben ik geboren"},
    {"ik ben geboren in Utrecht op 1954-03-12", "ik ben geboren in Utrecht op [geboortedatum]"},
    {"geboren 3 maart '61 en geb.datum 4 juni 1950",
     "geboren [geboortedatum] en geb.datum [geboortedatum]"},
    {"Geboortedatum 12.3.1954, verjaardag 2e april 1970",
     "Geboortedatum [geboortedatum], verjaardag [geboortedatum]"},
    {"geboren in 1954, geboren op 12 maart", SAME},
    {"Ik ben geboren. Op 12-03-2024 kwam hij.", SAME},
    {"geboren op 32-13-1954 of 12-03-19544", SAME},
    {"op 12-03-1954 kwam de brief van de geboorteakte niet", SAME},
    {"het kind was geboren, en toen kwam de aannemer op 4 mei 2020", SAME},
    /* licence plates: RDW side codes 1-14 */
    {"PB-12-34 12-34-PB 12-PB-34 PB-12-TX PB-TX-12 12-PB-TX 12-PBT-3",
     "[kenteken] [kenteken] [kenteken] [kenteken] [kenteken] [kenteken] [kenteken]"},
    {"1-PBT-23 PB-123-T P-123-TX PBT-12-X P-12-BTX 1-PB-234 123-PB-4.",
     "[kenteken] [kenteken] [kenteken] [kenteken] [kenteken] [kenteken] [kenteken]."},
    {"kenteken 12pbt3, nummerbord: PB12TX", "kenteken [kenteken], nummerbord: [kenteken]"},
    {"het kenteken is pb-12-tx; kenteken 3511AB", "het kenteken is [kenteken]; kenteken [kenteken]"},
    {"COVID-19, 2-kamerflat, A2-snelweg, PB12TX, pb-12-tx", SAME},
    {"AB-12-34-56, 12-03-54, 1-2-3, MP-3, PB-12-34a", SAME},
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

/* The planted false-positive set: numbers that are not personal, in the sentences they
 * come in. None may be masked. */
static const char *const keep[] = {
    "De huur is € 750 per maand, 750 euro, € 1.250,50 of 1.250,50 euro.",
    "In 1954 kwamen we, in 2024 gingen we, van 1990 tot 2005.",
    "Dat scheelt 12,5% of 3 procent, 50%.",
    "Om 10:30, om 9 uur, 14.30 uur, 09:15-10:45.",
    "Op nummer 12, huisnummer 7, de 3e verdieping, 12 jaar gewoond.",
    "Op 12-03-2024 kwam de monteur; 2025-03-12; 12 maart 2024; 1-1-2000.",
    "Het dossiernummer is 123456789, factuur 987654321, zaak 111111111.",
    "Een 2-kamerflat, COVID-19, de A2, MP3, HR++-glas, 100m2, 4x4, 1-2-3.",
    "Er wonen 17.000.000 mensen; 1.234.567 stuks; 123.456.789 euro.",
    "Bel 06 even, code 1234, pin 123456, 2 x 3 = 6, 08:00-17:00 uur.",
};

/* 9·d1 + 8·d2 + ... + 2·d8 - d9 divisible by 11, not all zeros */
static int eleven_test(const char *d)
{
    int sum = 0, any = 0;
    for (int k = 0; k < 9; k++) {
        sum += (k < 8 ? 9 - k : -1) * (d[k] - '0');
        any |= d[k] != '0';
    }
    return any && sum % 11 == 0;
}

static void test_keep(void **state)
{
    (void)state;
    rd_redactor *r = NULL;
    rd_err err;
    const char *out;
    size_t out_n;
    assert_int_equal(rd_redact_new(&r, &err), RD_OK);
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        assert_int_equal(rd_redact_apply(r, keep[i], strlen(keep[i]), &out, &out_n, &err), RD_OK);
        if (strcmp(out, keep[i]) != 0)
            fail_msg("false mask:\n  in:  %s\n  out: %s", keep[i], out);
    }
    /* 5,000 pseudo-random 9-digit numbers: masked exactly when the 11-test holds */
    uint64_t x = 88172645463325252u;
    int masked = 0;
    for (int i = 0; i < 5000; i++) {
        char num[32], text[64];
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        snprintf(num, sizeof num, "%09llu", (unsigned long long)(x % 1000000000u));
        snprintf(text, sizeof text, "nummer %s.", num);
        assert_int_equal(rd_redact_apply(r, text, strlen(text), &out, &out_n, &err), RD_OK);
        int want = eleven_test(num);
        masked += want;
        if (want ? strcmp(out, "nummer [BSN].") != 0 : strcmp(out, text) != 0)
            fail_msg("%s: got \"%s\" (11-test %s)", num, out, want ? "holds" : "fails");
    }
    assert_in_range(masked, 350, 560); /* about one in eleven */
    rd_redact_free(r);
}

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

/* Lasting names (a corpus's names of people, nlp/people.h): kept by rd_redact_clear_names;
 * with `capitalised`, masked only where capitalised; a speaker's name wins. */
static void test_lasting_names(void **state)
{
    (void)state;
    rd_redactor *r = NULL;
    rd_err err;
    assert_int_equal(rd_redact_new(&r, &err), RD_OK);
    assert_int_equal(rd_redact_add_lasting(r, "roos", 4, NULL, 1, &err), RD_OK);
    assert_int_equal(rd_redact_add_lasting(r, "jayden", 6, NULL, 0, &err), RD_OK);
    expect(r, "Roos plukt een roos voor jayden en Jayden's moeder",
           "[naam] plukt een roos voor [naam] en [naam]'s moeder");
    /* a speaker's name (with its parts) wins over a lasting one, and goes; lasting ones stay */
    assert_int_equal(rd_redact_add_name(r, "Roos Jansen", 11, "R03", &err), RD_OK);
    expect(r, "Roos Jansen en Roos", "R03 en R03");
    rd_redact_clear_names(r);
    expect(r, "Roos Jansen en Roos", "[naam] Jansen en [naam]");
    /* one word starting with a letter, valid UTF-8 */
    assert_int_equal(rd_redact_add_lasting(r, "van dijk", 8, NULL, 1, &err), RD_EINVAL);
    assert_int_equal(rd_redact_add_lasting(r, "'s-hertogenbosch", 16, NULL, 1, &err), RD_EINVAL);
    assert_int_equal(rd_redact_add_lasting(r, "zo\xffia", 5, NULL, 1, &err), RD_EUTF8);
    rd_redact_clear_lasting(r);
    expect(r, "Roos en Jayden", "Roos en Jayden");
    rd_redact_free(r);
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
    static const char *const fills[] = {"a.", "0 ", "1 ", "Ab ", "a@", "NL91 ", "x-",
                                        "12 ", "1.", "geb 1-1-", "PB-1", "12-12-1954 "};
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
        cmocka_unit_test(test_keep),
        cmocka_unit_test(test_generic_labels),
        cmocka_unit_test(test_names_lifecycle),
        cmocka_unit_test(test_lasting_names),
        cmocka_unit_test(test_long_input),
    };
    return cmocka_run_group_tests_name("redact", tests, NULL, NULL);
}
