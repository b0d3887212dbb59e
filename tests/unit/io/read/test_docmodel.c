/* tests/unit/io/read/test_docmodel.c — the document model (io/read/docmodel.h) driven
 * directly, without zip or XML: how text becomes a paragraph, how a paragraph becomes a
 * line (the bold-label rule, headings), where lines go (the output, a table cell), the
 * element stack and the attribute helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/read/docmodel.h"

/* A paragraph of pieces: bold ones and plain ones, in order. */
typedef struct {
    const char *text;
    int bold;
} piece;

/* The line one paragraph of the given pieces becomes (static buffer). */
static const char *line_of(const piece *p, int heading)
{
    static char got[512];
    rd__doc d;
    memset(&d, 0, sizeof d);
    rd__doc_para_begin(&d, heading);
    for (; p->text; p++)
        rd__doc_text(&d, p->text, strlen(p->text), p->bold, 0);
    rd__doc_para_end(&d);
    assert_false(d.oom);
    assert_int_equal(d.n_paras, 0);
    assert_true(d.out.n > 0 && d.out.n < sizeof got);
    assert_int_equal(d.out.s[d.out.n - 1], '\n');
    memcpy(got, d.out.s, d.out.n - 1);
    got[d.out.n - 1] = '\0';
    rd__doc_free(&d);
    return got;
}

#define B(s) {s, 1}
#define N(s) {s, 0}
#define END {NULL, 0}

static void test_bold_label_rule(void **state)
{
    (void)state;
    static const struct {
        piece p[5];
        const char *want;
    } cases[] = {
        /* labels */
        {{B("Interviewer:"), N(" Hoe gaat het?"), END}, "Interviewer: Hoe gaat het?"},
        {{B("Samira"), N(" Goed, dank u."), END}, "Samira: Goed, dank u."},
        {{B("Samira"), N(" : Goed."), END}, "Samira: Goed."},
        {{B("Mevrouw "), B(" de Vr"), B("ies"), N(": Ja.")}, "Mevrouw de Vries: Ja."},
        {{B("R1:"), N("Nee."), END}, "R1: Nee."},
        {{B("Interviewer:"), END}, "Interviewer:"},
        {{B("  Jan  "), N("  zegt iets  "), END}, "Jan: zegt iets"},
        {{B("Jan"), N(" ja"), B(" vet"), END}, "Jan: ja vet"},
        /* not labels */
        {{B("Nee"), N(", dat denk ik niet."), END}, "Nee, dat denk ik niet."},
        {{B("Nee"), N(" \xE2\x80\xA6 nou ja"), END}, "Nee \xE2\x80\xA6 nou ja"},
        {{B("Nee"), N(" (lacht)"), END}, "Nee: (lacht)"},
        {{B("Ja"), N(" ) raar"), END}, "Ja ) raar"},
        {{B("Be"), N("langrijk is dat."), END}, "Belangrijk is dat."},
        {{B("Deel 2"), END}, "Deel 2"},
        {{B("Dit is een hele lange zin:"), N(" tekst"), END}, "Dit is een hele lange zin: tekst"},
        {{B("1."), N(" Eerste punt"), END}, "1. Eerste punt"},
        {{B("Wat vindt u?"), N(" Prima."), END}, "Wat vindt u? Prima."},
        {{N("Ik zei "), B("nee"), N(" tegen hem."), END}, "Ik zei nee tegen hem."},
        {{N("Interviewer: plat blijft plat"), END}, "Interviewer: plat blijft plat"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = line_of(cases[i].p, 0);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
    }
}

static void test_headings(void **state)
{
    (void)state;
    piece p[] = {B("Intro:"), N(" x "), END};
    assert_string_equal(line_of(p, 1), "# Intro: x");
    /* An empty heading is an empty line. */
    piece e[] = {N("   "), END};
    assert_string_equal(line_of(e, 1), "");
    /* Marked a heading after it opened (a style property). */
    rd__doc d;
    memset(&d, 0, sizeof d);
    rd__doc_para_heading(&d); /* nothing open: nothing happens */
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "Kop", 3, 0, 0);
    rd__doc_para_heading(&d);
    rd__doc_para_end(&d);
    assert_string_equal(d.out.s, "# Kop\n");
    rd__doc_free(&d);
}

static void test_text_cleaning(void **state)
{
    (void)state;
    rd__doc d;
    memset(&d, 0, sizeof d);
    /* Tabs and line ends become spaces, other controls are dropped. */
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "a\tb\nc\rd\x01" "e\x7f" "f", 11, 0, 0);
    rd__doc_para_end(&d);
    /* Collapsed (ODT): no leading space, no runs of spaces. */
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "  x  \n y", 8, 0, 1);
    rd__doc_text(&d, "  z", 3, 0, 1);
    rd__doc_para_end(&d);
    /* Text outside a paragraph goes nowhere. */
    rd__doc_text(&d, "weg", 3, 0, 0);
    assert_string_equal(d.out.s, "a b c def\nx y z\n");
    assert_int_equal(d.text_bytes, 9 + 5);
    rd__doc_para_end(&d); /* none open: nothing */
    assert_string_equal(d.out.s, "a b c def\nx y z\n");
    rd__doc_free(&d);
}

/* A paragraph inside another (a text box) is written first; the outer one keeps its own
 * text and bold prefix. */
static void test_nested_paragraphs(void **state)
{
    (void)state;
    rd__doc d;
    memset(&d, 0, sizeof d);
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "Jan", 3, 1, 0);
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "kader", 5, 0, 0);
    rd__doc_para_end(&d);
    rd__doc_text(&d, ":", 1, 1, 0);
    rd__doc_text(&d, " tekst", 6, 0, 0);
    rd__doc_para_end(&d);
    /* The inner paragraph's buffer is reused without leaking old text. */
    rd__doc_para_begin(&d, 0);
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "b", 1, 0, 0);
    rd__doc_para_end(&d);
    rd__doc_para_end(&d);
    assert_string_equal(d.out.s, "kader\nJan: tekst\nb\n\n");
    rd__doc_free(&d);
}

/* Lines inside a table go to its open cell, as written and as plain text; a finished
 * table is written where it stands (here: into the enclosing table's cell). */
static void test_lines_into_cells(void **state)
{
    (void)state;
    rd__doc d;
    memset(&d, 0, sizeof d);
    rd__doc_table_begin(&d);
    rd__doc_row_begin(&d);
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "Jan", 3, 1, 0);
    rd__doc_text(&d, " ja", 3, 0, 0);
    rd__doc_para_end(&d);
    rd__doc_para_begin(&d, 0);
    rd__doc_para_end(&d); /* an empty line in a cell is not written */
    const rd__doctable_cell *c = &d.tables[0].open;
    assert_string_equal(c->plain.s, "Jan ja");
    assert_string_equal(c->lines.s, "Jan: ja\n");
    rd__doc_cell_end(&d);
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "Blok", 4, 0, 0);
    rd__doc_para_end(&d);
    rd__doc_table_begin(&d); /* nested, in the second cell */
    rd__doc_row_begin(&d);
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "Piet", 4, 0, 0);
    rd__doc_para_end(&d);
    rd__doc_cell_end(&d);
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "nee", 3, 0, 0);
    rd__doc_para_end(&d);
    rd__doc_cell_end(&d);
    rd__doc_row_end(&d);
    rd__doc_table_end(&d);
    assert_int_equal(d.n_tables, 1);
    assert_string_equal(d.tables[0].open.lines.s, "Blok\nPiet: nee\n");
    rd__doc_row_end(&d); /* closes the open cell */
    rd__doc_table_end(&d);
    assert_int_equal(d.n_tables, 0);
    /* Two columns, labels in the first: a speaker table. */
    assert_string_equal(d.out.s, "Jan ja: Blok Piet: nee\n");
    /* Table steps without a table do nothing. */
    rd__doc_row_begin(&d);
    rd__doc_row_header(&d);
    rd__doc_header_rows(&d, 1);
    rd__doc_cell_end(&d);
    rd__doc_row_end(&d);
    rd__doc_table_end(&d);
    assert_false(d.oom);
    rd__doc_free(&d);
}

static void test_header_rows(void **state)
{
    (void)state;
    rd__doc d;
    memset(&d, 0, sizeof d);
    rd__doc_table_begin(&d);
    rd__doc_header_rows(&d, +1); /* ODT: rows begun inside are header rows */
    rd__doc_row_begin(&d);
    rd__doc_header_rows(&d, -1);
    rd__doc_header_rows(&d, -1); /* never below zero */
    assert_int_equal(d.tables[0].header_rows, 0);
    rd__doc_row_begin(&d);
    rd__doc_row_header(&d); /* Word: marks the open row */
    rd__doc_row_end(&d);
    rd__doc_row_header(&d); /* no row open: nothing */
    assert_int_equal(d.tables[0].n_rows, 2);
    assert_true(d.tables[0].rows[0].header);
    assert_true(d.tables[0].rows[1].header);
    rd__doc_table_end(&d);
    rd__doc_free(&d);
}

static void test_element_stack(void **state)
{
    (void)state;
    rd__doc d;
    memset(&d, 0, sizeof d);
    assert_int_equal(rd__doc_up(&d, 0), RD__DOC_OTHER);
    for (int i = 0; i < 200; i++)
        assert_int_equal(rd__doc_push(&d, (uint8_t)(RD__DOC_TAGS + i % 50)), 0);
    assert_int_equal(d.depth, 200);
    assert_int_equal(rd__doc_up(&d, 0), RD__DOC_TAGS + 199 % 50);
    assert_int_equal(rd__doc_up(&d, 2), RD__DOC_TAGS + 197 % 50);
    assert_int_equal(rd__doc_up(&d, 199), RD__DOC_TAGS);
    assert_int_equal(rd__doc_up(&d, 200), RD__DOC_OTHER);
    assert_int_equal(d.stack[0].aux, 0);
    rd__doc_halt(&d);
    rd__doc_halt(&d);
    assert_true(d.stopped);
    rd__doc_para_begin(&d, 0);
    rd__doc_text(&d, "x", 1, 0, 0); /* stopped: ignored */
    assert_int_equal(d.paras[0].t.n, 0);
    rd__doc_free(&d);
    rd__doc_free(NULL);
}

static void test_names_and_attributes(void **state)
{
    (void)state;
    static const rd__doc_tagname tags[] = {{"p", 7}, {"tbl", 8}, {NULL, 0}};
    assert_int_equal(rd__doc_lookup(tags, (const xmlChar *)"tbl"), 8);
    assert_int_equal(rd__doc_lookup(tags, (const xmlChar *)"tb"), RD__DOC_OTHER);
    assert_true(rd__doc_eq((const xmlChar *)"abc", "abc"));
    assert_false(rd__doc_eq(NULL, "abc"));
    assert_true(rd__doc_val_is("FaLse", 5, "false"));
    assert_false(rd__doc_val_is("false", 4, "false"));
    assert_false(rd__doc_val_is("falsf", 5, "false"));
    /* SAX2 attributes: localname, prefix, URI, value, end of value. */
    const char *v1 = "Heading1", *v2 = "on", *v3 = "x";
    const xmlChar *atts[] = {
        (const xmlChar *)"val", (const xmlChar *)"a", (const xmlChar *)"urn:a",
        (const xmlChar *)v3, (const xmlChar *)v3 + 1,
        (const xmlChar *)"val", (const xmlChar *)"w", (const xmlChar *)"urn:w",
        (const xmlChar *)v1, (const xmlChar *)v1 + 8,
        (const xmlChar *)"b", (const xmlChar *)"s", (const xmlChar *)"urn:strict",
        (const xmlChar *)v2, (const xmlChar *)v2 + 2};
    size_t n = 0;
    const char *v = rd__doc_attr(atts, 3, "urn:w", NULL, "val", &n);
    assert_ptr_equal(v, v1);
    assert_int_equal(n, 8);
    v = rd__doc_attr(atts, 3, "urn:w", "urn:strict", "b", &n);
    assert_ptr_equal(v, v2);
    assert_int_equal(n, 2);
    assert_null(rd__doc_attr(atts, 3, "urn:w", NULL, "b", &n));
    assert_null(rd__doc_attr(atts, 2, "urn:w", "urn:strict", "b", &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bold_label_rule),
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_text_cleaning),
        cmocka_unit_test(test_nested_paragraphs),
        cmocka_unit_test(test_lines_into_cells),
        cmocka_unit_test(test_header_rows),
        cmocka_unit_test(test_element_stack),
        cmocka_unit_test(test_names_and_attributes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
