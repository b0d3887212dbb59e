/* tests/unit/io/read/test_doctable.c — how a finished table becomes lines
 * (io/read/doctable.h), on tables built cell by cell: which rows are headers, which column
 * holds the speakers, timestamp columns, continuation rows, and tables that are not
 * speaker tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/read/doctable.h"

/* Rows of cells given as strings, "|" between cells, ";" between rows, a leading "!"
 * marking a header row; each cell is one paragraph (plain text and one line; an empty
 * cell has neither). "\n" inside a cell separates its paragraphs. */
static void build(rd__doctable *t, const char *spec)
{
    memset(t, 0, sizeof *t);
    const char *p = spec;
    while (*p) {
        int header = *p == '!';
        p += header;
        assert_int_equal(rd__doctable_row_begin(t), 0);
        if (header)
            t->rows[t->n_rows - 1].header = 1;
        for (;;) {
            size_t k = strcspn(p, "|;\n");
            if (k) {
                if (t->open.plain.n)
                    rd_buf_put(&t->open.plain, " ", 1);
                rd_buf_put(&t->open.plain, p, k);
                rd_buf_put(&t->open.lines, p, k);
                rd_buf_put(&t->open.lines, "\n", 1);
            }
            p += k;
            if (*p == '\n') {
                p++;
                continue;
            }
            assert_int_equal(rd__doctable_cell_end(t), 0);
            if (*p == '|') {
                p++;
                continue;
            }
            break;
        }
        assert_int_equal(rd__doctable_row_end(t), 0);
        if (*p == ';')
            p++;
    }
}

static int collect(void *ctx, const char *r, size_t rn, const char *pl, size_t pn)
{
    rd_buf *out = ctx;
    assert_int_equal(rn, pn);
    assert_memory_equal(r, pl, rn);
    rd_buf_put(out, r, rn);
    rd_buf_put(out, "\n", 1);
    return 0;
}

/* The lines the table gives, each ending in '\n' (static buffer). */
static const char *lines_of(const char *spec)
{
    static char got[1024];
    rd__doctable t;
    rd_buf line = {0}, out = {0};
    build(&t, spec);
    assert_int_equal(rd__doctable_write(&t, &line, collect, &out), 0);
    assert_false(out.oom);
    assert_true(out.n < sizeof got);
    memcpy(got, rd_buf_text(&out), out.n + 1);
    rd__doctable_free(&t);
    free(line.s);
    free(out.s);
    return got;
}

static void test_speaker_tables(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *want;
    } cases[] = {
        /* labels in the first column; a trailing ':' dropped; several paragraphs joined */
        {"Interviewer|Hoe gaat het?\nEn thuis?;Samira:|Goed.",
         "Interviewer: Hoe gaat het? En thuis?\nSamira: Goed.\n"},
        /* an empty label cell continues; an empty text cell gives the bare label */
        {"Jan|Eerst dit.;|En verder.;Piet|", "Jan: Eerst dit.\nEn verder.\nPiet:\n"},
        /* more than two columns: the later cells are joined */
        {"Jan|een|twee;Piet|drie|", "Jan: een twee\nPiet: drie\n"},
        /* a short row is text: it neither counts nor spoils the table */
        {"Jan|ja;Alleen tekst;Piet|nee", "Jan: ja\nAlleen tekst\nPiet: nee\n"},
        /* "Naam | Jan": data, not a header (no text or time word beside it) */
        {"Naam|Jan;Woonplaats|Utrecht", "Naam: Jan\nWoonplaats: Utrecht\n"},
        /* a timestamp column before the labels (three or more columns) */
        {"00:01:02|Jan|Hallo.;[00:01:09]|Piet|Dag.;|Piet|Nog iets.",
         "00:01:02 Jan: Hallo.\n[00:01:09] Piet: Dag.\nPiet: Nog iets.\n"},
        /* a row of empty cells gives nothing */
        {"Jan|ja;|;Piet|nee", "Jan: ja\nPiet: nee\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = lines_of(cases[i].spec);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
    }
}

static void test_header_rows(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *want;
    } cases[] = {
        {"Spreker|Tekst;Jan|ja", "Jan: ja\n"},
        {"SPREKERS:|x;Jan|ja", "Jan: ja\n"},
        {"Tekst|Speaker;Jan|ja", "Jan: ja\n"},   /* "Speaker" in the second cell */
        {"Naam|Uitspraak;Jan|ja", "Jan: ja\n"},  /* a label word with a text word */
        {"Wie|Tijd|Wat;Jan|1|ja", "Jan: 1 ja\n"},
        {"Tijd|Naam|Tekst;00:01|Jan|ja", "00:01 Jan: ja\n"},
        {"!Wie?|Zegt wat?;I|Vraag.;R|Ja.", "I: Vraag.\nR: Ja.\n"}, /* marked */
        /* only the first row can be a header by its words */
        {"Jan|ja;Spreker|Tekst", "Jan: ja\nSpreker: Tekst\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = lines_of(cases[i].spec);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
    }
}

static void test_other_tables(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *want;
    } cases[] = {
        /* questions in the first column are not labels: the cells' lines in order */
        {"Wat vindt u van de buurt?|Prima.;Jan: ja|Eh, 14:30 was het.",
         "Wat vindt u van de buurt?\nPrima.\nJan: ja\nEh, 14:30 was het.\n"},
        /* one column */
        {"Jan;Piet", "Jan\nPiet\n"},
        /* no row with a label */
        {"|a;|b", "a\nb\n"},
        /* a marked header row of a plain table is kept */
        {"!Vraag 1?|Antwoord;Wat nu?|Niets.", "Vraag 1?\nAntwoord\nWat nu?\nNiets.\n"},
        /* a first column that is not all timestamps: no timestamp column */
        {"om 10 uur|Jan|ja;00:02|Piet|nee", "om 10 uur\nJan\nja\n00:02\nPiet\nnee\n"},
        /* two columns of which the first holds times: the second is no label column */
        {"00:01|Jan;00:02|Piet", "00:01\nJan\n00:02\nPiet\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = lines_of(cases[i].spec);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
    }
    /* No rows, no lines. */
    assert_string_equal(lines_of(""), "");
}

/* The building steps: a cell without a row opens one; closing skips an empty open cell;
 * header_rows marks rows begun inside ODT's table-header-rows; free leaves it empty. */
static void test_building(void **state)
{
    (void)state;
    rd__doctable t;
    memset(&t, 0, sizeof t);
    rd_buf_put(&t.open.plain, "a", 1);
    assert_int_equal(rd__doctable_cell_end(&t), 0);
    assert_int_equal(t.n_rows, 1);
    assert_int_equal(t.rows[0].n, 1);
    assert_int_equal(rd__doctable_close(&t), 0);
    assert_int_equal(t.n_cells, 1);
    t.header_rows = 1;
    assert_int_equal(rd__doctable_row_begin(&t), 0);
    t.header_rows = 0;
    assert_true(t.rows[1].header);
    assert_int_equal(rd__doctable_cell_end(&t), 0); /* an empty cell still counts */
    assert_int_equal(t.rows[1].first, 1);
    assert_int_equal(t.rows[1].n, 1);
    rd_buf_put(&t.open.lines, "x\n", 2);
    assert_int_equal(rd__doctable_row_end(&t), 0);
    assert_false(t.in_row);
    assert_int_equal(t.rows[1].n, 2);
    for (int i = 0; i < 100; i++) { /* grows past its first capacities */
        assert_int_equal(rd__doctable_row_begin(&t), 0);
        rd_buf_put(&t.open.plain, "c", 1);
        assert_int_equal(rd__doctable_cell_end(&t), 0);
    }
    assert_int_equal(t.n_rows, 102);
    assert_int_equal(t.n_cells, 103);
    assert_int_equal(t.rows[101].first, 102);
    rd__doctable_free(&t);
    assert_int_equal(t.n_rows, 0);
    assert_null(t.cells);
    rd__doctable_free(NULL);
}

static int stop_at_second(void *ctx, const char *r, size_t rn, const char *pl, size_t pn)
{
    (void)r; (void)rn; (void)pl; (void)pn;
    int *calls = ctx;
    return ++*calls == 2 ? -1 : 0;
}

/* An emit that says stop ends the writing with -1. */
static void test_emit_stops(void **state)
{
    (void)state;
    rd__doctable t;
    rd_buf line = {0};
    int calls = 0;
    build(&t, "Jan|a;Piet|b;Kees|c");
    assert_int_equal(rd__doctable_write(&t, &line, stop_at_second, &calls), -1);
    assert_int_equal(calls, 2);
    rd__doctable_free(&t);
    calls = 0;
    build(&t, "Wat?|a;Hoe?|b");
    assert_int_equal(rd__doctable_write(&t, &line, stop_at_second, &calls), -1);
    assert_int_equal(calls, 2);
    rd__doctable_free(&t);
    free(line.s);
}


/* Timestamp cells are what io/read/timestamp.h's rd_timestamp_cell accepts: ranges and
 * brackets yes, loose digits and colons no. */
static void test_timestamp_cells(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *want;
    } cases[] = {
        {"00:01 - 00:05|Jan|Hallo.;00:05 \xE2\x80\x93 00:09|Piet|Dag.",
         "00:01 - 00:05 Jan: Hallo.\n00:05 \xE2\x80\x93 00:09 Piet: Dag.\n"},
        {"00:00:01.000 --> 00:00:04.000|Jan|Hallo.;(105:12)|Piet|Dag.",
         "00:00:01.000 --> 00:00:04.000 Jan: Hallo.\n(105:12) Piet: Dag.\n"},
        /* loose digits and colons are no timestamps (the old cell rule took any mix of
         * digits, ':' and . , [ ] ( ) -): no timestamp column, no speaker table */
        {"1:2:3:4:5|Jan|Hallo.;::1|Piet|Dag.", "1:2:3:4:5\nJan\nHallo.\n::1\nPiet\nDag.\n"},
        {"(1:)|Jan|Hallo.", "(1:)\nJan\nHallo.\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = lines_of(cases[i].spec);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_speaker_tables),
        cmocka_unit_test(test_header_rows),
        cmocka_unit_test(test_other_tables),
        cmocka_unit_test(test_timestamp_cells),
        cmocka_unit_test(test_building),
        cmocka_unit_test(test_emit_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
