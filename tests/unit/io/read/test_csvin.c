/* tests/unit/io/read/test_csvin.c — CSV/TSV reading: delimiters, quoting, line numbers, blank and
 * ragged records, column recognition, errors and limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/read/csvin.h"

static rd_csvin parse_opts(const char *s, int tsv, const char *want_id, const char *want_text)
{
    rd_csvin c = {0};
    rd_err err = {0};
    rd_status rc = rd_csvin_parse(s, strlen(s), tsv, want_id, want_text, &c, &err);
    if (rc != RD_OK)
        fail_msg("unexpected error: %s", err.msg);
    return c;
}

static rd_csvin parse(const char *s) { return parse_opts(s, 0, NULL, NULL); }

/* Expects RD_EDATA with a message containing each of the NULL-ended pieces. */
static void expect_fail(const char *s, size_t n, int tsv, const char *want_id,
                        const char *want_text, ...)
{
    rd_csvin c = {0};
    rd_err err = {0};
    assert_int_equal(rd_csvin_parse(s, n, tsv, want_id, want_text, &c, &err), RD_EDATA);
    assert_int_equal(err.code, RD_EDATA);
    va_list ap;
    va_start(ap, want_text);
    for (const char *piece; (piece = va_arg(ap, const char *)) != NULL;)
        if (!strstr(err.msg, piece))
            fail_msg("message \"%s\" lacks \"%s\"", err.msg, piece);
    va_end(ap);
    /* the output is already empty, and freeing it again is harmless */
    assert_null(c.row);
    assert_null(c.col);
    assert_int_equal(c.n_row, 0);
    rd_csvin_free(&c);
}

#define FAILS(s, ...) expect_fail((s), strlen(s), 0, NULL, NULL, __VA_ARGS__, (const char *)NULL)

static void check_row(const rd_csvin *c, size_t i, uint32_t line, const char *const *v)
{
    assert_true(i < c->n_row);
    assert_int_equal(c->row[i].line, line);
    for (size_t k = 0; k < c->n_col; k++)
        assert_string_equal(c->row[i].field[k], v[k]);
}

static void test_comma(void **state)
{
    (void)state;
    rd_csvin c = parse("id,antwoord,leeftijd\nR01,Het is goed.,34\nR02,Te duur,51\n");
    assert_int_equal(c.delim, ',');
    assert_int_equal(c.n_col, 3);
    assert_string_equal(c.col[0], "id");
    assert_string_equal(c.col[1], "antwoord");
    assert_string_equal(c.col[2], "leeftijd");
    assert_int_equal(c.id_col, 0);
    assert_int_equal(c.text_col, 1);
    assert_int_equal(c.n_row, 2);
    check_row(&c, 0, 2, (const char *[]){"R01", "Het is goed.", "34"});
    check_row(&c, 1, 3, (const char *[]){"R02", "Te duur", "51"});
    rd_csvin_free(&c);
}

static void test_semicolon_excel(void **state)
{
    (void)state;
    /* Dutch Excel: ';', CR LF, commas in unquoted answers stay text */
    rd_csvin c = parse("Respondentnummer;Leeftijd;Antwoord\r\n"
                       "1;34;Goed, denk ik\r\n"
                       "2;51;\"Nee; te duur\"\r\n");
    assert_int_equal(c.delim, ';');
    assert_int_equal(c.n_col, 3);
    assert_int_equal(c.id_col, 0);
    assert_int_equal(c.text_col, 2);
    assert_int_equal(c.n_row, 2);
    check_row(&c, 0, 2, (const char *[]){"1", "34", "Goed, denk ik"});
    check_row(&c, 1, 3, (const char *[]){"2", "51", "Nee; te duur"});
    rd_csvin_free(&c);
}

static void test_tab(void **state)
{
    (void)state;
    rd_csvin c = parse("nr\ttekst\n7\tMooi, en; rustig\n8\t  spaties om  \n");
    assert_int_equal(c.delim, '\t');
    assert_int_equal(c.id_col, 0);
    assert_int_equal(c.text_col, 1);
    assert_int_equal(c.n_row, 2);
    check_row(&c, 0, 2, (const char *[]){"7", "Mooi, en; rustig"});
    check_row(&c, 1, 3, (const char *[]){"8", "spaties om"});
    rd_csvin_free(&c);
}

static void test_tab_leading_empty_fields(void **state)
{
    (void)state;
    /* a tab delimiter is never trimmed as space: leading tabs are empty first fields */
    rd_csvin c = parse("id\tgroep\tantwoord\n\t\talleen tekst\n\tB\tmet groep\nR3\t\t\n\t\t\n");
    assert_int_equal(c.delim, '\t');
    assert_int_equal(c.n_col, 3);
    assert_int_equal(c.n_row, 3); /* the all-empty last record is blank */
    check_row(&c, 0, 2, (const char *[]){"", "", "alleen tekst"});
    check_row(&c, 1, 3, (const char *[]){"", "B", "met groep"});
    check_row(&c, 2, 4, (const char *[]){"R3", "", ""});
    rd_csvin_free(&c);
}

static void test_sniff_ties_and_quotes(void **state)
{
    (void)state;
    struct {
        const char *s;
        char delim;
    } cs[] = {
        {"antwoord;b,c\n", ';'},           /* tie ';' ',' -> ';' */
        {"antwoord\tb;c\n", '\t'},         /* tie tab ';' -> tab */
        {"antwoord\tb,c\n", '\t'},         /* tie tab ',' -> tab */
        {"antwoord,b;c,d\n", ','},         /* most fields */
        {"antwoord;b;c,d,e,f\tg\n", ','}, /* 3 commas beat 2 semicolons */
        {"\"a;b;c\",antwoord\n", ','},     /* quoted semicolons do not count */
        {"\"a\"\"\t\t\",antwoord\n", ','}, /* nor quoted tabs after a doubled quote */
        {"antwoord\n1;2;3\n", '\t'},       /* one column: tab keeps the text whole */
        {"\n  \n;;;\nantwoord;x\n", ';'},  /* blank lines and an empty row before the header */
        {"\"antwoord\nmeer\",x,y;z\n", ','}, /* the header record spans two lines */
    };
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        rd_csvin c = parse(cs[i].s);
        if (c.delim != cs[i].delim)
            fail_msg("case %zu: delimiter %d, expected %d", i, c.delim, cs[i].delim);
        rd_csvin_free(&c);
    }
    /* .tsv forces tab even where commas would win */
    rd_csvin c = parse_opts("antwoord,id,x\nja,1,2\n", 1, NULL, NULL);
    assert_int_equal(c.delim, '\t');
    assert_int_equal(c.n_col, 1);
    assert_string_equal(c.col[0], "antwoord,id,x");
    assert_string_equal(c.row[0].field[0], "ja,1,2");
    rd_csvin_free(&c);
}

static void test_multiline_quoted_lines(void **state)
{
    (void)state;
    rd_csvin c = parse("id,antwoord\n"                    /* 1 */
                       "1,\"eerste\nregel\n\nvier\"\n"    /* 2-5 */
                       "2,tweede\n"                       /* 6 */
                       "\n"                               /* 7 */
                       "\"3\n\",\"x,\ny\"\n"              /* 8-10 */
                       "4,laatste");                      /* 11, no final newline */
    assert_int_equal(c.n_row, 4);
    check_row(&c, 0, 2, (const char *[]){"1", "eerste\nregel\n\nvier"});
    check_row(&c, 1, 6, (const char *[]){"2", "tweede"});
    check_row(&c, 2, 8, (const char *[]){"3\n", "x,\ny"});
    check_row(&c, 3, 11, (const char *[]){"4", "laatste"});
    rd_csvin_free(&c);
}

static void test_doubled_quotes(void **state)
{
    (void)state;
    rd_csvin c = parse("id,antwoord\n"
                       "1,\"hij zei \"\"ja\"\"\"\n"
                       "2,\"\"\"\"\n"
                       "3,\"\"\n"
                       "4,zonder \"quotes\" eromheen\n");
    assert_int_equal(c.n_row, 4);
    check_row(&c, 0, 2, (const char *[]){"1", "hij zei \"ja\""});
    check_row(&c, 1, 3, (const char *[]){"2", "\""});
    check_row(&c, 2, 4, (const char *[]){"3", ""});
    check_row(&c, 3, 5, (const char *[]){"4", "zonder \"quotes\" eromheen"});
    rd_csvin_free(&c);
}

static void test_crlf_and_cr(void **state)
{
    (void)state;
    rd_csvin c = parse("id;antwoord\r\n"
                       "1;\"twee\r\nregels\"\r\n"
                       "\r\n"
                       "2;eind\r\n");
    assert_int_equal(c.n_row, 2);
    check_row(&c, 0, 2, (const char *[]){"1", "twee\nregels"});
    check_row(&c, 1, 5, (const char *[]){"2", "eind"});
    rd_csvin_free(&c);

    /* old Mac line ends: a lone CR is a line break, inside quotes it becomes LF */
    c = parse("id,antwoord\r1,\"a\rb\"\r2,c\r");
    assert_int_equal(c.n_row, 2);
    check_row(&c, 0, 2, (const char *[]){"1", "a\nb"});
    check_row(&c, 1, 4, (const char *[]){"2", "c"});
    for (size_t i = 0; i < c.n_row; i++)
        for (size_t k = 0; k < c.n_col; k++)
            assert_null(strchr(c.row[i].field[k], '\r'));
    rd_csvin_free(&c);
}

static void test_bom(void **state)
{
    (void)state;
    rd_csvin c = parse("\xEF\xBB\xBF" "Antwoord;Nr\nfijn;1\n");
    assert_string_equal(c.col[0], "Antwoord");
    assert_int_equal(c.delim, ';');
    assert_int_equal(c.text_col, 0);
    assert_int_equal(c.id_col, 1);
    check_row(&c, 0, 2, (const char *[]){"fijn", "1"});
    rd_csvin_free(&c);
}

static void test_blank_records(void **state)
{
    (void)state;
    rd_csvin c = parse("\n\n  \nid;antwoord\n\n;\n  ;  \n\"\";\"\"\n1;ja\n\n\n2;nee\n\n");
    assert_int_equal(c.n_col, 2);
    assert_int_equal(c.n_row, 2);
    check_row(&c, 0, 9, (const char *[]){"1", "ja"});
    check_row(&c, 1, 12, (const char *[]){"2", "nee"});
    rd_csvin_free(&c);
}

static void test_short_and_long_records(void **state)
{
    (void)state;
    rd_csvin c = parse("id,antwoord,extra\n1\n2,twee\n3,drie,x\n");
    assert_int_equal(c.n_row, 3);
    check_row(&c, 0, 2, (const char *[]){"1", "", ""});
    check_row(&c, 1, 3, (const char *[]){"2", "twee", ""});
    check_row(&c, 2, 4, (const char *[]){"3", "drie", "x"});
    rd_csvin_free(&c);

    FAILS("id,antwoord\n1,ja\n2,nee,te,veel\n3,ok\n", "line 3:", "4 fields", "header has 2");
    /* the line is where the record starts, after a multi-line field */
    FAILS("id,antwoord\n1,\"a\nb\"\n2,\"c\nd\",e\n", "line 4:", "3 fields");
}

static void test_text_names(void **state)
{
    (void)state;
    const char *names[] = {"antwoord", "tekst", "text", "bericht", "opmerking", "toelichting",
                           "reactie", "comment", "message", "answer"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char s[128];
        for (int v = 0; v < 3; v++) {
            /* as is; upper case with a trailing ':'; quoted with spaces around */
            char nm[40];
            size_t k;
            for (k = 0; names[i][k]; k++)
                nm[k] = v == 1 ? (char)(names[i][k] - 32) : names[i][k];
            nm[k] = '\0';
            if (v == 0)
                snprintf(s, sizeof s, "leeftijd,%s\n3,x\n", nm);
            else if (v == 1)
                snprintf(s, sizeof s, "leeftijd,%s:\n3,x\n", nm);
            else
                snprintf(s, sizeof s, "leeftijd,\"  %s \"\n3,x\n", nm);
            rd_csvin c = parse(s);
            if (c.text_col != 1)
                fail_msg("%s: text_col %zu", s, c.text_col);
            assert_int_equal(c.id_col, RD_CSVIN_NONE);
            rd_csvin_free(&c);
        }
    }
}

static void test_id_names(void **state)
{
    (void)state;
    const char *names[] = {"respondent", "respondentnummer", "respondent_id", "id",
                           "nr", "nummer", "ID:", " Nummer ", "Respondent_ID"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char s[128];
        snprintf(s, sizeof s, "leeftijd,\"%s\",antwoord\n3,x,y\n", names[i]);
        rd_csvin c = parse(s);
        if (c.id_col != 1)
            fail_msg("%s: id_col %zu", names[i], c.id_col);
        assert_int_equal(c.text_col, 2);
        rd_csvin_free(&c);
    }
}

/* A column whose header says it holds personal data is never the id, and is flagged. */
static void test_personal_headers(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        rd_csvin_kind kind;
    } h[] = {{"Naam", RD_CSVIN_NAMES}, {"name", RD_CSVIN_NAMES}, {"Uw naam:", RD_CSVIN_NAMES},
             {"Naam respondent", RD_CSVIN_NAMES}, {"Voornaam", RD_CSVIN_NAMES},
             {"Achternaam", RD_CSVIN_NAMES}, {"E-mail", RD_CSVIN_EMAIL},
             {"E-mailadres", RD_CSVIN_EMAIL}, {"email", RD_CSVIN_EMAIL}, {"Mail", RD_CSVIN_EMAIL},
             {"Telefoon", RD_CSVIN_PHONE}, {"Tel.nr", RD_CSVIN_PHONE}, {"tel", RD_CSVIN_PHONE},
             {"Mobiel nummer", RD_CSVIN_PHONE}, {"GSM", RD_CSVIN_PHONE},
             {"Geboortedatum", RD_CSVIN_BIRTH}, {"BSN", RD_CSVIN_BSN},
             {"Wijknaam", RD_CSVIN_PLAIN}, {"Mailing", RD_CSVIN_PLAIN},
             {"Telefonisch bereikbaar", RD_CSVIN_PLAIN}, {"Respondentnummer", RD_CSVIN_PLAIN},
             {"Antwoord", RD_CSVIN_PLAIN}, {"", RD_CSVIN_PLAIN}};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
        if (rd_csvin_header_kind(h[i].header) != h[i].kind)
            fail_msg("\"%s\": kind %d, want %d", h[i].header, rd_csvin_header_kind(h[i].header),
                     h[i].kind);
    rd_csvin c = parse("naam;e-mail;antwoord\nKarin;k@x.nl;ja\n");
    assert_int_equal(c.id_col, RD_CSVIN_NONE); /* a name is never an id */
    assert_int_equal(c.personal[0], RD_CSVIN_NAMES);
    assert_int_equal(c.personal[1], RD_CSVIN_EMAIL);
    assert_int_equal(c.personal[2], RD_CSVIN_PLAIN);
    rd_csvin_free(&c);
    c = parse("Naam,Respondent,Antwoord\nKarin,7,ja\n");
    assert_int_equal(c.id_col, 1);
    /* rd_csvin_pick_id skips what it is told to */
    unsigned char skip[3] = {0, 1, 0};
    assert_int_equal(rd_csvin_pick_id(&c, skip), RD_CSVIN_NONE);
    rd_csvin_free(&c);
    /* --csv-id may name a personal column: the caller decides what to do with it */
    c = parse_opts("naam,antwoord\nKarin,ja\n", 0, "naam", NULL);
    assert_int_equal(c.id_col, 0);
    rd_csvin_free(&c);
}

static void test_prefix_match(void **state)
{
    (void)state;
    rd_csvin c = parse("Respondent nr.;Leeftijd;Antwoord vraag 3\n1;2;3\n");
    assert_int_equal(c.id_col, 0);
    assert_int_equal(c.text_col, 2);
    rd_csvin_free(&c);

    /* exact beats prefix, whatever the order */
    c = parse("Antwoord vraag 1,Nr van de straat,Opmerking,id\n1,2,3,4\n");
    assert_int_equal(c.text_col, 2);
    assert_int_equal(c.id_col, 3);
    rd_csvin_free(&c);

    /* a trailing ':' still makes an exact match */
    c = parse("Antwoord vraag 1;Opmerking :;Nr van de straat;ID:\n1;2;3;4\n");
    assert_int_equal(c.text_col, 1);
    assert_int_equal(c.id_col, 3);
    rd_csvin_free(&c);

    /* among exact matches the list's order of preference, then the leftmost column */
    c = parse("opmerking,antwoord,antwoord\na,b,c\n");
    assert_int_equal(c.text_col, 1);
    rd_csvin_free(&c);
    c = parse("Naam;Respondentnummer;Tekst\na;1;c\n");
    assert_int_equal(c.id_col, 1);
    rd_csvin_free(&c);

    /* a prefix must be a whole word: "idee" is no id, "antwoorden" no answer */
    c = parse("idee,antwoord_2,naamloos\nx,y,z\n");
    assert_int_equal(c.id_col, RD_CSVIN_NONE);
    assert_int_equal(c.text_col, 1);
    rd_csvin_free(&c);
    FAILS("antwoorden,id\nx,1\n", "no text column", "antwoorden, id", "--csv-text");

    /* the id is never the text column: with "id" as the text, the id is sought elsewhere */
    c = parse_opts("id,nummer\nx,1\n", 0, NULL, "id");
    assert_int_equal(c.text_col, 0);
    assert_int_equal(c.id_col, 1);
    rd_csvin_free(&c);
}

static void test_want_columns(void **state)
{
    (void)state;
    const char *s = "Vraag 1;Vraag 2;Wie\nja;nee;R1\n";
    rd_csvin c = parse_opts(s, 0, " wie", "VRAAG 2 ");
    assert_int_equal(c.text_col, 1);
    assert_int_equal(c.id_col, 2);
    rd_csvin_free(&c);

    /* want overrides recognition */
    c = parse_opts("id,antwoord,nummer,toelichting\n1,2,3,4\n", 0, "nummer", "toelichting");
    assert_int_equal(c.id_col, 2);
    assert_int_equal(c.text_col, 3);
    rd_csvin_free(&c);

    /* exact only: no prefix, no trailing ':' */
    expect_fail(s, strlen(s), 0, NULL, "Vraag", "no column 'Vraag'",
                "(columns: Vraag 1, Vraag 2, Wie)", (const char *)NULL);
    expect_fail(s, strlen(s), 0, "resp", "Vraag 1", "no column 'resp'",
                "(columns: Vraag 1, Vraag 2, Wie)", (const char *)NULL);
    expect_fail("Antwoord:,b\nx,y\n", 16, 0, NULL, "antwoord", "no column 'antwoord'",
                (const char *)NULL);
}

static void test_no_text_column(void **state)
{
    (void)state;
    FAILS("id;leeftijd;woonplaats\n1;2;3\n", "no text column", "columns: id, leeftijd, woonplaats",
          "--csv-text");
    /* the message stays short for very wide headers */
    char s[4000];
    size_t k = 0;
    for (int i = 0; i < 300; i++)
        k += (size_t)snprintf(s + k, sizeof s - k, "%skolomnaam%d", i ? "," : "", i);
    snprintf(s + k, sizeof s - k, "\n");
    rd_csvin c = {0};
    rd_err err = {0};
    assert_int_equal(rd_csvin_parse(s, strlen(s), 0, NULL, NULL, &c, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "kolomnaam0, kolomnaam1"));
    assert_non_null(strstr(err.msg, ", \xE2\x80\xA6"));
    assert_non_null(strstr(err.msg, "--csv-text"));
}

static void test_no_id_column(void **state)
{
    (void)state;
    rd_csvin c = parse("leeftijd,antwoord\n30,a\n40,b\n");
    assert_int_equal(c.id_col, RD_CSVIN_NONE);
    assert_int_equal(c.text_col, 1);
    assert_int_equal(c.n_row, 2);
    rd_csvin_free(&c);
}

static void test_empty_header(void **state)
{
    (void)state;
    rd_csvin c = parse("id,,antwoord,\"  \"\n1,a,b,c\n");
    assert_int_equal(c.n_col, 4);
    assert_string_equal(c.col[0], "id");
    assert_string_equal(c.col[1], "kolom 2");
    assert_string_equal(c.col[3], "kolom 4");
    check_row(&c, 0, 2, (const char *[]){"1", "a", "b", "c"});
    rd_csvin_free(&c);
    /* header names are trimmed even inside quotes */
    c = parse("\" Antwoord \t\";\"\nid\"\nx;1\n");
    assert_string_equal(c.col[0], "Antwoord");
    assert_string_equal(c.col[1], "id");
    assert_int_equal(c.id_col, 1);
    check_row(&c, 0, 3, (const char *[]){"x", "1"});
    rd_csvin_free(&c);
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    FAILS("id,antwoord\n1,ok\n2,\"open\nnog meer\n\n", "line 3: quoted field never closed");
    FAILS("id,antwoord\n1,ok\n2,\"open", "line 3: quoted field never closed");
    FAILS("id,antwoord\n1,ok\n\n\"open,x\n", "line 4: quoted field never closed");
    /* the field starts on the line of the delimiter before it */
    FAILS("id,antwoord\n\"1\n\",\"a\"\"\n", "line 3: quoted field never closed");
    FAILS("\"antwoord", "line 1: quoted field never closed");
    /* a closing quote at the very end is fine */
    rd_csvin c = parse("id,antwoord\n1,\"dicht\"");
    check_row(&c, 0, 2, (const char *[]){"1", "dicht"});
    rd_csvin_free(&c);
}

static void test_spaces(void **state)
{
    (void)state;
    rd_csvin c = parse("id,antwoord,x\n1,   ,\"   \"\n2,  a b  ,\"  c \"\n");
    assert_int_equal(c.n_row, 2);
    check_row(&c, 0, 2, (const char *[]){"1", "", "   "});
    check_row(&c, 1, 3, (const char *[]){"2", "a b", "  c "});
    rd_csvin_free(&c);
    /* a record of spaces only is blank */
    c = parse("antwoord,x\n   ,   \n\t,\t\nja,1\n");
    assert_int_equal(c.n_row, 1);
    check_row(&c, 0, 4, (const char *[]){"ja", "1"});
    rd_csvin_free(&c);
}

static void test_semicolons_in_quoted_comma_csv(void **state)
{
    (void)state;
    rd_csvin c = parse("id,antwoord\n1,\"ja; nee; misschien; geen idee\"\n2,\"a;b\"\n");
    assert_int_equal(c.delim, ',');
    assert_int_equal(c.n_col, 2);
    check_row(&c, 0, 2, (const char *[]){"1", "ja; nee; misschien; geen idee"});
    check_row(&c, 1, 3, (const char *[]){"2", "a;b"});
    rd_csvin_free(&c);
}

static void test_utf8_values(void **state)
{
    (void)state;
    rd_csvin c = parse("naam;reactie\nJoël;Één café, “prima” — ja\n");
    check_row(&c, 0, 2, (const char *[]){"Joël", "Één café, “prima” — ja"});
    rd_csvin_free(&c);
}

static void test_empty_and_header_only(void **state)
{
    (void)state;
    FAILS("", "no header row");
    FAILS("\n\n  \n;;\n", "no header row");
    FAILS("\xEF\xBB\xBF", "no header row");
    rd_csvin c = parse("id,antwoord\n\n");
    assert_int_equal(c.n_col, 2);
    assert_int_equal(c.n_row, 0);
    assert_int_equal(c.text_col, 1);
    rd_csvin_free(&c);
}

static void test_column_limit(void **state)
{
    (void)state;
    size_t cap = 10001 * 3 + 64;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t k = 0;
    memcpy(s, "antwoord", 8);
    k = 8;
    for (int i = 1; i < 10000; i++) {
        memcpy(s + k, ",k", 2);
        k += 2;
    }
    s[k++] = '\n';
    memcpy(s + k, "ja\n", 4);
    rd_csvin c = {0};
    rd_err err = {0};
    assert_int_equal(rd_csvin_parse(s, strlen(s), 0, NULL, NULL, &c, &err), RD_OK);
    assert_int_equal(c.n_col, 10000);
    assert_string_equal(c.row[0].field[9999], "");
    rd_csvin_free(&c);
    /* one more column is too many */
    k--;
    memcpy(s + k, ",k\nja\n", 7);
    expect_fail(s, strlen(s), 0, NULL, NULL, "line 1:", "more than 10000 columns",
                (const char *)NULL);
    free(s);
}

static void test_field_limit(void **state)
{
    (void)state;
    size_t big = ((size_t)64 << 20) + 1, pre = strlen("id,antwoord\n1,ok\n\n2,\"");
    char *s = malloc(pre + big + 3);
    assert_non_null(s);
    memcpy(s, "id,antwoord\n1,ok\n\n2,\"", pre);
    memset(s + pre, 'x', big);
    memcpy(s + pre + big, "\"\n", 3);
    expect_fail(s, strlen(s), 0, NULL, NULL, "line 4:", "longer than 64 MB", (const char *)NULL);
    /* exactly 64 MiB is allowed */
    s[pre + big - 1] = '"';
    s[pre + big] = '\n';
    s[pre + big + 1] = '\0';
    rd_csvin c = {0};
    rd_err err = {0};
    assert_int_equal(rd_csvin_parse(s, strlen(s), 0, NULL, NULL, &c, &err), RD_OK);
    assert_int_equal(c.n_row, 2);
    assert_int_equal(strlen(c.row[1].field[1]), big - 1);
    rd_csvin_free(&c);
    free(s);
}

static void test_release(void **state)
{
    (void)state;
    rd_csvin c = {0};
    rd_csvin_free(&c);
    rd_csvin_free(NULL);
    c = parse("antwoord\nx\n");
    rd_csvin_free(&c);
    assert_null(c.row);
    assert_null(c.col);
    assert_int_equal(c.n_row, 0);
    assert_int_equal(c.n_col, 0);
    rd_csvin_free(&c);
    rd_err err = {0};
    assert_int_equal(rd_csvin_parse(NULL, 0, 0, NULL, NULL, &c, &err), RD_EDATA);
    assert_int_equal(rd_csvin_parse("x", 1, 0, NULL, NULL, NULL, &err), RD_EINVAL);
}

/* Random text from CSV's special bytes: never a crash, and on success the invariants hold
 * (every row has n_col strings, no CR anywhere, lines rise and stay within the text). */
static void test_random_inputs(void **state)
{
    (void)state;
    const char alphabet[] = {',', ';', '\t', '"', '\r', '\n', ' ', 'a', 'b', '\0', ':', 'i', 'd'};
    uint64_t x = 0x9E3779B97F4A7C15u;
    char s[64];
    size_t ok = 0;
    for (int it = 0; it < 50000; it++) {
        size_t n = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t len = (size_t)(x % sizeof s);
        if (it % 3 == 0) {
            memcpy(s, "antwoord,id\n", 12);
            n = 12;
        }
        while (n < len) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            s[n++] = alphabet[x % sizeof alphabet];
        }
        uint32_t lines = 1;
        for (size_t i = 0; i < n; i++)
            if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < n && s[i + 1] == '\n')))
                lines++;
        rd_csvin c = {0};
        rd_err err = {0};
        rd_status rc = rd_csvin_parse(s, n, (int)(x >> 60) == 0, NULL, NULL, &c, &err);
        if (rc != RD_OK) {
            assert_int_equal(rc, RD_EDATA);
            assert_true(err.msg[0] != '\0');
            assert_null(c.row);
            continue;
        }
        ok++;
        assert_true(c.text_col < c.n_col);
        assert_true(c.id_col == RD_CSVIN_NONE || c.id_col < c.n_col);
        for (size_t k = 0; k < c.n_col; k++)
            assert_true(c.col[k][0] != '\0');
        uint32_t prev = 0;
        for (size_t i = 0; i < c.n_row; i++) {
            assert_true(c.row[i].line > prev && c.row[i].line <= lines);
            prev = c.row[i].line;
            int any = 0;
            for (size_t k = 0; k < c.n_col; k++) {
                assert_non_null(c.row[i].field[k]);
                assert_null(strchr(c.row[i].field[k], '\r'));
                any |= c.row[i].field[k][0] != '\0';
            }
            assert_true(any);
        }
        rd_csvin_free(&c);
    }
    assert_true(ok > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comma),
        cmocka_unit_test(test_semicolon_excel),
        cmocka_unit_test(test_tab),
        cmocka_unit_test(test_tab_leading_empty_fields),
        cmocka_unit_test(test_sniff_ties_and_quotes),
        cmocka_unit_test(test_multiline_quoted_lines),
        cmocka_unit_test(test_doubled_quotes),
        cmocka_unit_test(test_crlf_and_cr),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_blank_records),
        cmocka_unit_test(test_short_and_long_records),
        cmocka_unit_test(test_text_names),
        cmocka_unit_test(test_id_names),
        cmocka_unit_test(test_personal_headers),
        cmocka_unit_test(test_prefix_match),
        cmocka_unit_test(test_want_columns),
        cmocka_unit_test(test_no_text_column),
        cmocka_unit_test(test_no_id_column),
        cmocka_unit_test(test_empty_header),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_spaces),
        cmocka_unit_test(test_semicolons_in_quoted_comma_csv),
        cmocka_unit_test(test_utf8_values),
        cmocka_unit_test(test_empty_and_header_only),
        cmocka_unit_test(test_column_limit),
        cmocka_unit_test(test_field_limit),
        cmocka_unit_test(test_release),
        cmocka_unit_test(test_random_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
