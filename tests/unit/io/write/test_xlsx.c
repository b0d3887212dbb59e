/* tests/unit/io/test_export_xlsx.c — the workbook exporter, checked by reading its output
 * back with an independent reader: Debian's python3-openpyxl, run as /usr/bin/python3.
 * Checked: sheet order and names, text that looks like a formula stays text (openpyxl
 * data_type 's', never 'f'), numbers stay numbers with their value, NaN/inf/empty leave
 * no cell, over-long text is cut to Excel's limit and ends in "…", the header row is
 * frozen, the autofilter covers the data, widths stay within bounds; the run sheet;
 * byte-identical output two seconds apart; RD_EOUTPUT, RD_EINVAL, and RD_EIO on a full
 * disk (/dev/full) with the errno's words and nothing printed on stderr. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <errno.h>
#include <fcntl.h>

#include <math.h>

#include <cmocka.h>

#include <xlsxwriter.h>

#include "io/write/xlsx.h"

#define PY "/usr/bin/python3"
#define ELLIPSIS "\xE2\x80\xA6"

/* Prints what openpyxl sees, one record per line, text hex-encoded (UTF-8) so no byte
 * of it can break the line format:
 *   S <title>                            the sheets, in order
 *   F <title> <freeze_panes> <autofilter ref>      ("-" for none)
 *   W <title> <column letter> <width>
 *   C <title> <coordinate> <data_type> <text | number>   cells holding a value */
static const char script[] =
    "import sys, openpyxl\n"
    "h = lambda s: s.encode(\"utf-8\").hex()\n"
    "wb = openpyxl.load_workbook(sys.argv[1])\n"
    "for ws in wb.worksheets:\n"
    "    print(\"S\", h(ws.title))\n"
    "for ws in wb.worksheets:\n"
    "    print(\"F\", h(ws.title), ws.freeze_panes or \"-\", ws.auto_filter.ref or \"-\")\n"
    "    for k, d in ws.column_dimensions.items():\n"
    "        print(\"W\", h(ws.title), k, repr(float(d.width)))\n"
    "    for row in ws.iter_rows():\n"
    "        for c in row:\n"
    "            if c.value is None:\n"
    "                continue\n"
    "            v = h(c.value) if isinstance(c.value, str) else repr(float(c.value))\n"
    "            print(\"C\", h(ws.title), c.coordinate, c.data_type, v)\n";

typedef struct {
    char *sheet, coord[16], type;
    char *text; /* data_type 's' or 'f' */
    double num; /* data_type 'n' */
} cell;

typedef struct {
    char *sheets[8];
    size_t n_sheets;
    struct {
        char *sheet, freeze[16], filter[32];
    } view[8];
    size_t n_views;
    struct {
        char *sheet, col[8];
        double width;
    } w[64];
    size_t n_w;
    cell *cells;
    size_t n_cells;
} readback;

static char *unhex(const char *h)
{
    size_t n = strlen(h) / 2;
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        assert_int_equal(sscanf(h + 2 * i, "%2x", &v), 1);
        s[i] = (char)v;
    }
    s[n] = '\0';
    return s;
}

static void need_openpyxl(void)
{
    if (access(PY, X_OK) != 0 || system(PY " -c 'import openpyxl' 2>/dev/null") != 0)
        fail_msg("%s with openpyxl is needed to read the workbook back: "
                 "apt-get install python3-openpyxl",
                 PY);
}

static void read_back(const char *path, readback *r)
{
    char cmd[4096], *line = NULL;
    size_t cap = 0, cap_cells = 0;
    memset(r, 0, sizeof *r);
    need_openpyxl();
    assert_true(snprintf(cmd, sizeof cmd, "%s -c '%s' '%s'", PY, script, path) <
                (int)sizeof cmd);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    while (getline(&line, &cap, p) > 0) {
        char *save = NULL, *tok[6] = {0};
        size_t nt = 0;
        line[strcspn(line, "\n")] = '\0';
        for (char *t = strtok_r(line, " ", &save); t && nt < 6; t = strtok_r(NULL, " ", &save))
            tok[nt++] = t;
        if (nt == 0)
            fail_msg("empty line from openpyxl");
        if (tok[0][0] == 'S' && nt == 2) {
            assert_true(r->n_sheets < 8);
            r->sheets[r->n_sheets++] = unhex(tok[1]);
        } else if (tok[0][0] == 'F' && nt == 4) {
            assert_true(r->n_views < 8);
            r->view[r->n_views].sheet = unhex(tok[1]);
            snprintf(r->view[r->n_views].freeze, 16, "%s", tok[2]);
            snprintf(r->view[r->n_views].filter, 32, "%s", tok[3]);
            r->n_views++;
        } else if (tok[0][0] == 'W' && nt == 4) {
            assert_true(r->n_w < 64);
            r->w[r->n_w].sheet = unhex(tok[1]);
            snprintf(r->w[r->n_w].col, 8, "%s", tok[2]);
            r->w[r->n_w].width = strtod(tok[3], NULL);
            r->n_w++;
        } else if (tok[0][0] == 'C' && nt == 5) {
            if (r->n_cells == cap_cells) {
                cap_cells = cap_cells ? 2 * cap_cells : 64;
                r->cells = realloc(r->cells, cap_cells * sizeof *r->cells);
                assert_non_null(r->cells);
            }
            cell *c = &r->cells[r->n_cells++];
            memset(c, 0, sizeof *c);
            c->sheet = unhex(tok[1]);
            snprintf(c->coord, sizeof c->coord, "%s", tok[2]);
            c->type = tok[3][0];
            if (c->type == 'n')
                c->num = strtod(tok[4], NULL);
            else
                c->text = unhex(tok[4]);
        } else {
            fail_msg("unexpected line from openpyxl: %s", line);
        }
    }
    free(line);
    assert_int_equal(pclose(p), 0);
}

static void readback_free(readback *r)
{
    for (size_t i = 0; i < r->n_sheets; i++)
        free(r->sheets[i]);
    for (size_t i = 0; i < r->n_views; i++)
        free(r->view[i].sheet);
    for (size_t i = 0; i < r->n_w; i++)
        free(r->w[i].sheet);
    for (size_t i = 0; i < r->n_cells; i++) {
        free(r->cells[i].sheet);
        free(r->cells[i].text);
    }
    free(r->cells);
}

static const cell *at(const readback *r, const char *sheet, const char *coord)
{
    for (size_t i = 0; i < r->n_cells; i++)
        if (strcmp(r->cells[i].sheet, sheet) == 0 && strcmp(r->cells[i].coord, coord) == 0)
            return &r->cells[i];
    return NULL;
}

static void expect_text(const readback *r, const char *sheet, const char *coord,
                        const char *want)
{
    const cell *c = at(r, sheet, coord);
    if (!c)
        fail_msg("%s!%s: no cell, expected text \"%s\"", sheet, coord, want);
    if (c->type != 's')
        fail_msg("%s!%s: data_type '%c', expected 's' (text)", sheet, coord, c->type);
    assert_string_equal(c->text, want);
}

static void expect_num(const readback *r, const char *sheet, const char *coord, double want)
{
    const cell *c = at(r, sheet, coord);
    if (!c)
        fail_msg("%s!%s: no cell, expected %.17g", sheet, coord, want);
    if (c->type != 'n')
        fail_msg("%s!%s: data_type '%c', expected 'n' (number)", sheet, coord, c->type);
    if (!(fabs(c->num - want) <= 1e-12 * fabs(want)))
        fail_msg("%s!%s: %.17g, expected %.17g", sheet, coord, c->num, want);
}

static void expect_empty(const readback *r, const char *sheet, const char *coord)
{
    if (at(r, sheet, coord))
        fail_msg("%s!%s: expected an empty cell", sheet, coord);
}

static double width_of(const readback *r, const char *sheet, const char *col)
{
    for (size_t i = 0; i < r->n_w; i++)
        if (strcmp(r->w[i].sheet, sheet) == 0 && strcmp(r->w[i].col, col) == 0)
            return r->w[i].width;
    fail_msg("%s: no width for column %s", sheet, col);
    return 0;
}

static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* ---- fixture: three tables and a manifest ---------------------------------------- */

enum { N_TABLES = 3 };

typedef struct {
    rd_table *t[N_TABLES];
    char *long_text, *emoji_text;
    rd_manifest_option options[5], results[2];
    rd_manifest_input inputs[2];
    rd_manifest m;
    char dir[64];
} fixture;

static const char *const formula_like[] = {"=1+1", "=HYPERLINK(\"http://x\")", "@SUM(A1)",
                                           "+31 6 1234", "-5", "\tx"};

static void build(fixture *f)
{
    memset(f, 0, sizeof *f);
    /* 40,000 characters, 'ë' among them: the cut must fall between characters. */
    const char *unit = "ideeën "; /* 7 characters, 8 bytes */
    f->long_text = malloc(40000 / 7 * 8 + 8 + 1);
    assert_non_null(f->long_text);
    f->long_text[0] = '\0';
    for (size_t i = 0, pos = 0; i < 40000 / 7 + 1; i++, pos += 8)
        memcpy(f->long_text + pos, unit, 9);
    f->long_text[40000 / 7 * 8 + 40000 % 7] = '\0'; /* exactly 40,000: "…ideeën id" */
    /* 20,000 U+1F600: 40,000 UTF-16 units, the unit Excel's limit counts. */
    f->emoji_text = malloc(20000 * 4 + 1);
    assert_non_null(f->emoji_text);
    for (size_t i = 0; i < 20000; i++)
        memcpy(f->emoji_text + 4 * i, "\xF0\x9F\x98\x80", 4);
    f->emoji_text[20000 * 4] = '\0';

    const char *seg_cols[] = {"segment", "respondent", "tekst", "aandeel", "woorden"};
    rd_table *t = f->t[0] = rd_table_new("segments", "Segmenten", 5, seg_cols);
    assert_non_null(t);
    const double share[] = {0.123456789012345, -0.5, NAN, 1234.5678, -1e-9, INFINITY, 1e20};
    for (size_t r = 0; r < 7; r++) {
        size_t row = rd_table_add_row(t);
        rd_table_int(t, row, 0, (long long)r + 1);
        char resp[8];
        snprintf(resp, sizeof resp, "R%02zu", r + 1);
        rd_table_str(t, row, 1, resp);
        rd_table_num(t, row, 3, share[r], 4);
    }
    rd_table_str(t, 0, 2, "geïnteresseerd café ideeën");
    rd_table_str(t, 1, 2, formula_like[0]);
    rd_table_str(t, 2, 2, formula_like[1]);
    rd_table_str(t, 3, 2, formula_like[2]);
    rd_table_str(t, 4, 1, formula_like[3]);
    rd_table_str(t, 4, 2, formula_like[4]);
    rd_table_str(t, 5, 1, formula_like[5]);
    rd_table_str(t, 5, 2, f->long_text);
    rd_table_str(t, 6, 2, f->emoji_text);
    rd_table_int(t, 0, 4, 42);
    rd_table_int(t, 1, 4, -7);
    /* row 2, column 4: never set (RD_V_EMPTY) */
    rd_table_int(t, 3, 4, 0);
    rd_table_int(t, 4, 4, 123456789012LL);
    rd_table_int(t, 5, 4, -3);
    assert_true(rd_table_ok(t));

    const char *theme_cols[] = {"thema", "label", "gewicht", "rang"};
    t = f->t[1] = rd_table_new("themes", "Thema's", 4, theme_cols);
    assert_non_null(t);
    for (size_t r = 0; r < 3; r++)
        rd_table_int(t, rd_table_add_row(t), 0, (long long)r + 1);
    rd_table_str(t, 0, 1, "zorg, wachten");
    rd_table_str(t, 1, 1, "-5 sterren");
    rd_table_num(t, 0, 2, 0.25, 4);
    rd_table_num(t, 1, 2, -0.75, 4);
    rd_table_num(t, 2, 2, -12.5, 3);
    rd_table_int(t, 0, 3, 1);
    rd_table_int(t, 1, 3, -2);
    assert_true(rd_table_ok(t));

    const char *resp_cols[] = {"respondent", "segmenten"};
    f->t[2] = rd_table_new("respondents", "Respondenten", 2, resp_cols); /* no rows */
    assert_non_null(f->t[2]);

    f->options[0] = (rd_manifest_option){"segments", {.kind = RD_V_INT, .i = 12}};
    f->options[1] = (rd_manifest_option){"min_df", {.kind = RD_V_NUM, .d = 0.05, .digits = 4}};
    f->options[2] = (rd_manifest_option){"stopwords", {.kind = RD_V_STR, .s = "nl"}};
    f->options[3] = (rd_manifest_option){"k", {.kind = RD_V_EMPTY}};
    f->options[4] = (rd_manifest_option){"label", {.kind = RD_V_STR, .s = "=cmd|' /C calc'!A0"}};
    f->results[0] = (rd_manifest_option){"themes", {.kind = RD_V_INT, .i = 5}};
    f->results[1] = (rd_manifest_option){"nmf_rel_err", {.kind = RD_V_NUM, .d = 0.0123, .digits = 4}};
    f->inputs[0].path = "interviews/R01.txt";
    f->inputs[0].bytes = 12345;
    memset(f->inputs[0].sha256, 'a', 64);
    f->inputs[1].path = "interviews/R02 café.txt";
    f->inputs[1].bytes = (uint64_t)1 << 60; /* beyond 2^53: written as text */
    memset(f->inputs[1].sha256, 'b', 64);
    f->m = (rd_manifest){.program = "rodedraad",
                         .version = "0.1.0",
                         .command = "rodedraad run interviews --seed 7",
                         .created = NULL,
                         .stemmer_algorithm = "dutch",
                         .libstemmer_version = "2.2.0-2",
                         .unicode_version = "15.0.0",
                         .utf8proc_version = "2.8.0",
                         .blas = "OpenBLAS 0.3.21",
                         .seed = 7,
                         .threads = 2,
                         .options = f->options,
                         .n_options = 5,
                         .results = f->results,
                         .n_results = 2,
                         .inputs = f->inputs,
                         .n_inputs = 2};
    snprintf(f->dir, sizeof f->dir, "/tmp/rd-xlsx-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
}

static void teardown_fixture(fixture *f, const char *const *files, size_t n)
{
    char path[128];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
        unlink(path);
    }
    assert_int_equal(rmdir(f->dir), 0);
    for (size_t i = 0; i < N_TABLES; i++)
        rd_table_free(f->t[i]);
    free(f->long_text);
    free(f->emoji_text);
}

static rd_status export_threads(fixture *f, const char *name, char *path, size_t cap,
                                int threads, rd_err *err)
{
    snprintf(path, cap, "%s/%s", f->dir, name);
    return rd_xlsx_write(path, (const rd_table *const *)f->t, N_TABLES, &f->m, threads, err);
}

static rd_status export(fixture *f, const char *name, char *path, size_t cap, rd_err *err)
{
    return export_threads(f, name, path, cap, 1, err);
}

/* ---- tests ----------------------------------------------------------------------- */

static void test_read_back(void **state)
{
    (void)state;
    fixture f;
    readback r;
    rd_err err = {RD_OK, ""};
    char path[128];
    build(&f);
    assert_int_equal(export(&f, "uitvoer.xlsx", path, sizeof path, &err), RD_OK);
    read_back(path, &r);

    const char *want_sheets[] = {"Segmenten", "Thema's", "Respondenten", "Uitleg", "Uitvoering"};
    assert_int_equal(r.n_sheets, 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(r.sheets[i], want_sheets[i]);
    for (size_t i = 0; i < r.n_views; i++)
        assert_string_equal(r.view[i].freeze, "A2");
    assert_int_equal(r.n_views, 5);
    assert_string_equal(r.view[0].filter, "A1:E8");
    assert_string_equal(r.view[1].filter, "A1:D4");
    assert_string_equal(r.view[2].filter, "A1:B1"); /* header only */

    /* Header and text: every formula-like string is text, exactly as given. */
    const char *S = "Segmenten";
    expect_text(&r, S, "A1", "Segment"); /* known columns get their Dutch title */
    expect_text(&r, S, "E1", "woorden");
    expect_text(&r, S, "C2", "geïnteresseerd café ideeën");
    expect_text(&r, S, "C3", formula_like[0]);
    expect_text(&r, S, "C4", formula_like[1]);
    expect_text(&r, S, "C5", formula_like[2]);
    expect_text(&r, S, "B6", formula_like[3]);
    expect_text(&r, S, "C6", formula_like[4]);
    expect_text(&r, S, "B7", formula_like[5]);
    for (size_t i = 0; i < r.n_cells; i++)
        if (r.cells[i].type == 'f')
            fail_msg("%s!%s is a formula", r.cells[i].sheet, r.cells[i].coord);

    /* Numbers stay numbers, with the table's significant digits (the CSV's value); NaN,
     * inf and unset cells stay empty. */
    expect_num(&r, S, "A2", 1);
    expect_num(&r, S, "A8", 7);
    expect_num(&r, S, "D2", 0.1235);
    expect_num(&r, S, "D3", -0.5);
    expect_empty(&r, S, "D4");
    expect_num(&r, S, "D5", 1235.0);
    expect_num(&r, S, "D6", -1e-9);
    expect_empty(&r, S, "D7");
    expect_num(&r, S, "D8", 1e20);
    expect_num(&r, S, "E2", 42);
    expect_num(&r, S, "E3", -7);
    expect_empty(&r, S, "E4");
    expect_num(&r, S, "E5", 0);
    expect_num(&r, S, "E6", 123456789012.0);
    expect_num(&r, S, "E7", -3);

    /* Over-long text: cut between characters, ending in "…", within Excel's limit
     * (32,767 UTF-16 units; an emoji is two). */
    const cell *c = at(&r, S, "C7");
    assert_non_null(c);
    assert_int_equal(c->type, 's');
    size_t n = strlen(c->text);
    assert_true(n > 3 && strcmp(c->text + n - 3, ELLIPSIS) == 0);
    assert_int_equal(code_points(c->text), 32767);
    assert_memory_equal(c->text, f.long_text, n - 3);
    c = at(&r, S, "C8");
    assert_non_null(c);
    n = strlen(c->text);
    assert_true(n > 3 && strcmp(c->text + n - 3, ELLIPSIS) == 0);
    assert_int_equal(code_points(c->text), 16383 + 1);
    assert_memory_equal(c->text, f.emoji_text, n - 3);

    /* Widths: Excel stores w + 0.71 for a width w of whole characters (5 px padding at
     * 7 px per digit), so a set width w reads back in [w, w + 1). */
    for (size_t i = 0; i < r.n_w; i++)
        if (strcmp(r.w[i].sheet, "Uitvoering") != 0 || strcmp(r.w[i].col, "C") != 0)
            if (r.w[i].width < 8 || r.w[i].width >= 61)
                fail_msg("%s column %s: width %g", r.w[i].sheet, r.w[i].col, r.w[i].width);
    double w = width_of(&r, S, "A"); /* "segment": 7 + 2 */
    assert_true(w >= 9 && w < 10);
    w = width_of(&r, S, "C"); /* long text: capped */
    assert_true(w >= 60 && w < 61);
    w = width_of(&r, S, "B"); /* "respondent": 10 + 2 */
    assert_true(w >= 12 && w < 13);
    w = width_of(&r, "Respondenten", "B"); /* "segmenten": 9 + 2 */
    assert_true(w >= 11 && w < 12);

    /* Thema's: negatives and integers. */
    expect_text(&r, "Thema's", "B3", "-5 sterren");
    expect_num(&r, "Thema's", "C3", -0.75);
    expect_num(&r, "Thema's", "C4", -12.5);
    expect_num(&r, "Thema's", "D3", -2);
    expect_empty(&r, "Thema's", "D4");

    /* Uitvoering: find each label in column A. */
    const char *U = "Uitvoering";
    expect_text(&r, U, "A1", "eigenschap");
    expect_text(&r, U, "B1", "waarde");
    struct {
        const char *label;
        char kind; /* 's' text, 'n' number, '-' empty */
        const char *text;
        double num;
    } rows[] = {
        {"program", 's', "rodedraad", 0},
        {"version", 's', "0.1.0", 0},
        {"command", 's', "rodedraad run interviews --seed 7", 0},
        {"stemmer_algorithm", 's', "dutch", 0},
        {"libstemmer_version", 's', "2.2.0-2", 0},
        {"unicode_version", 's', "15.0.0", 0},
        {"utf8proc_version", 's', "2.8.0", 0},
        {"blas", 's', "OpenBLAS 0.3.21", 0},
        {"seed", 'n', NULL, 7},
        {"threads", 'n', NULL, 2},
        {"optie: segments", 'n', NULL, 12},
        {"optie: min_df", 'n', NULL, 0.05},
        {"optie: stopwords", 's', "nl", 0},
        {"optie: k", '-', NULL, 0},
        {"optie: label", 's', "=cmd|' /C calc'!A0", 0},
        {"resultaat: themes", 'n', NULL, 5},
        {"resultaat: nmf_rel_err", 'n', NULL, 0.0123},
    };
    size_t last = 0;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        size_t row = 0;
        for (size_t k = 0; k < r.n_cells && !row; k++)
            if (strcmp(r.cells[k].sheet, U) == 0 && r.cells[k].coord[0] == 'A' &&
                r.cells[k].type == 's' && strcmp(r.cells[k].text, rows[i].label) == 0)
                row = (size_t)atoi(r.cells[k].coord + 1);
        if (!row)
            fail_msg("Uitvoering: no row \"%s\"", rows[i].label);
        assert_true(row > last); /* in the documented order */
        last = row;
        char coord[16];
        snprintf(coord, sizeof coord, "B%zu", row);
        if (rows[i].kind == 's')
            expect_text(&r, U, coord, rows[i].text);
        else if (rows[i].kind == 'n')
            expect_num(&r, U, coord, rows[i].num);
        else
            expect_empty(&r, U, coord);
    }
    for (size_t k = 0; k < r.n_cells; k++) /* created is NULL: no row */
        if (strcmp(r.cells[k].sheet, U) == 0 && r.cells[k].type == 's')
            assert_string_not_equal(r.cells[k].text, "created");
    /* Then a blank row and the inputs. */
    char coord[16];
    for (const char *col = "ABC"; *col; col++) {
        snprintf(coord, sizeof coord, "%c%zu", *col, last + 1);
        expect_empty(&r, U, coord);
    }
    const char *in_head[] = {"invoerbestand", "bytes", "sha256"};
    for (size_t k = 0; k < 3; k++) {
        snprintf(coord, sizeof coord, "%c%zu", (char)('A' + k), last + 2);
        expect_text(&r, U, coord, in_head[k]);
    }
    snprintf(coord, sizeof coord, "A%zu", last + 3);
    expect_text(&r, U, coord, "interviews/R01.txt");
    snprintf(coord, sizeof coord, "B%zu", last + 3);
    expect_num(&r, U, coord, 12345);
    snprintf(coord, sizeof coord, "C%zu", last + 3);
    expect_text(&r, U, coord, f.inputs[0].sha256);
    snprintf(coord, sizeof coord, "A%zu", last + 4);
    expect_text(&r, U, coord, "interviews/R02 café.txt");
    snprintf(coord, sizeof coord, "B%zu", last + 4);
    expect_text(&r, U, coord, "1152921504606846976");
    snprintf(coord, sizeof coord, "C%zu", last + 4);
    expect_text(&r, U, coord, f.inputs[1].sha256);
    w = width_of(&r, U, "C"); /* a hash stays on one line: 64 + 2 */
    assert_true(w >= 66 && w < 67);

    readback_free(&r);
    const char *files[] = {"uitvoer.xlsx"};
    teardown_fixture(&f, files, 1);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long len = ftell(fp);
    assert_true(len > 0);
    rewind(fp);
    char *buf = malloc((size_t)len);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    *n = (size_t)len;
    return buf;
}

/* Two seconds apart: more than the 1 s resolution of core.xml's dates and the 2 s
 * resolution of zip entry times, so any clock in the file would show; and on 1, 2 and 4
 * threads (the table sheets are deflated on them). */
static void test_byte_identical(void **state)
{
    (void)state;
    fixture f;
    rd_err err = {RD_OK, ""};
    char a[128], b[128], c[128];
    size_t na, nb, nc;
    build(&f);
    assert_int_equal(export_threads(&f, "a.xlsx", a, sizeof a, 1, &err), RD_OK);
    sleep(2);
    assert_int_equal(export_threads(&f, "b.xlsx", b, sizeof b, 2, &err), RD_OK);
    assert_int_equal(export_threads(&f, "c.xlsx", c, sizeof c, 4, &err), RD_OK);
    char *da = slurp(a, &na), *db = slurp(b, &nb), *dc = slurp(c, &nc);
    assert_int_equal(na, nb);
    assert_memory_equal(da, db, na);
    assert_int_equal(na, nc);
    assert_memory_equal(da, dc, na);
    free(da);
    free(db);
    free(dc);
    const char *files[] = {"a.xlsx", "b.xlsx", "c.xlsx"};
    teardown_fixture(&f, files, 3);
}

/* The table sheets' data rows are written by rodedraad, not by libxlsxwriter (xlsx.c): the
 * text of each cell must be the XML libxlsxwriter itself writes for it. The same texts are
 * written once through rd_xlsx_write and once with libxlsxwriter's own calls, and the
 * <t> elements of the two sheets (python3's zipfile reads them) must be the same bytes:
 * escapes of &, <, >, of control characters (_xHHHH_, tab and line feed kept), and
 * xml:space="preserve" for leading or trailing white space. */
static const char *const tricky[] = {
    "plain",        "a\x01" "b",  "x\ry",      "\x0b" "v", "&<>\"'",   " lead",
    "trail ",       "line\n",   "tab\tin",   "\tlead",  "_x0041_",  "\x7f" "del",
    "\x1f" "end\x1f", "ë € 😀", "a  b",     "\n",       "x\x0c" "y",
};

static char *sheet_texts(const char *path, const char *part)
{
    char cmd[1024], *out = NULL;
    size_t len = 0, cap = 0;
    snprintf(cmd, sizeof cmd,
             "%s -c 'import re, sys, zipfile; x = zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]); "
             "[print(t.hex()) for t in re.findall(rb\"<t[ >].*?</t>\", x, re.S)]' '%s' '%s'",
             PY, path, part);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char buf[4096];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, p)) > 0) {
        if (len + k + 1 > cap) {
            cap = 2 * (len + k + 1);
            out = realloc(out, cap);
            assert_non_null(out);
        }
        memcpy(out + len, buf, k);
        len += k;
    }
    assert_int_equal(pclose(p), 0);
    assert_non_null(out);
    out[len] = '\0';
    return out;
}

static void test_text_as_libxlsxwriter(void **state)
{
    (void)state;
    fixture f;
    rd_err err = {RD_OK, ""};
    char ours[128], ref[128];
    size_t n = sizeof tricky / sizeof *tricky;
    build(&f);
    const char *cols[] = {"tekst"};
    rd_table *t = rd_table_new("texts", "Teksten", 1, cols);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++)
        rd_table_str(t, rd_table_add_row(t), 0, tricky[i]);
    assert_true(rd_table_ok(t));
    const rd_table *one[] = {t};
    snprintf(ours, sizeof ours, "%s/ours.xlsx", f.dir);
    assert_int_equal(rd_xlsx_write(ours, one, 1, &f.m, 2, &err), RD_OK);

    snprintf(ref, sizeof ref, "%s/ref.xlsx", f.dir);
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(ref, &o);
    assert_non_null(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Teksten");
    assert_non_null(ws);
    assert_int_equal(worksheet_write_string(ws, 0, 0, "tekst", NULL), LXW_NO_ERROR);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, tricky[i], NULL),
                         LXW_NO_ERROR);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    char *a = sheet_texts(ours, "xl/worksheets/sheet1.xml");
    char *b = sheet_texts(ref, "xl/worksheets/sheet1.xml");
    /* ours has the column's Dutch title in its header row: compare from the data rows on. */
    char *da = strchr(a, '\n'), *db = strchr(b, '\n');
    assert_non_null(da);
    assert_non_null(db);
    assert_string_equal(da, db);
    free(a);
    free(b);
    rd_table_free(t);
    const char *files[] = {"ours.xlsx", "ref.xlsx"};
    teardown_fixture(&f, files, 2);
}

static void test_unwritable_path(void **state)
{
    (void)state;
    fixture f;
    rd_err err = {RD_OK, ""};
    char want[256];
    const char *path = "/nonexistent-dir/x.xlsx";
    build(&f);
    assert_int_equal(rd_xlsx_write(path, (const rd_table *const *)f.t, N_TABLES, &f.m, 2, &err),
                     RD_EOUTPUT);
    snprintf(want, sizeof want, "%s: cannot create: %s", path, strerror(ENOENT));
    assert_string_equal(err.msg, want);
    teardown_fixture(&f, NULL, 0);
}

/* Writes the fixture to /dev/full with stderr captured: RD_EIO "/dev/full: No space left on
 * device", and not a byte on stderr. fault: rd__xlsx_fault for the call. */
static void full_disk(int fault, const char *want_stderr_part)
{
    fixture f;
    rd_err err = {RD_OK, ""};
    char want[256], errpath[160];
    build(&f);
    snprintf(errpath, sizeof errpath, "%s/stderr", f.dir);
    fflush(stderr);
    int saved = dup(STDERR_FILENO), fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    assert_true(dup2(fd, STDERR_FILENO) >= 0);
    close(fd);
    rd__xlsx_fault = fault;
    rd_status rc = rd_xlsx_write("/dev/full", (const rd_table *const *)f.t, N_TABLES, &f.m, 2, &err);
    rd__xlsx_fault = 0;
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    static char printed[8192];
    FILE *ef = fopen(errpath, "rb");
    assert_non_null(ef);
    size_t n = fread(printed, 1, sizeof printed - 1, ef);
    printed[n] = '\0';
    fclose(ef);
    if (want_stderr_part) {
        assert_non_null(strstr(printed, want_stderr_part)); /* the library does print */
    } else if (n) {
        fail_msg("printed on stderr: %s", printed);
    }
    assert_int_equal(rc, RD_EIO);
    snprintf(want, sizeof want, "/dev/full: %s", strerror(ENOSPC));
    if (!want_stderr_part) /* loud: the errno went to stderr, not to us */
        assert_string_equal(err.msg, want);
    const char *files[] = {"stderr"};
    teardown_fixture(&f, files, 1);
}

static void test_full_disk(void **state)
{
    (void)state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    full_disk(0, NULL);                 /* assembled in memory, copied by our writes */
    full_disk(RD__XLSX_NO_MEMFD, NULL); /* assembled in a temporary file, the same */
}

/* Bad sheet names are refused before anything is written, naming the table. */
static void test_bad_sheet_names(void **state)
{
    (void)state;
    fixture f;
    char path[128];
    const char *bad[] = {"segmenten", /* Segmenten again: Excel ignores case */
                         "Thema/s", "a:b", "[x]", "wat?", "a*b", "a\\b",
                         "Een naam van meer dan 31 tekens!", "'quoted'", "", "uitvoering"};
    const char *col[] = {"x"};
    build(&f);
    snprintf(path, sizeof path, "%s/bad.xlsx", f.dir);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        rd_err err = {RD_OK, ""};
        rd_table *dup = rd_table_new("dubbel", bad[i], 1, col);
        assert_non_null(dup);
        const rd_table *two[] = {f.t[0], dup};
        rd_status rc = rd_xlsx_write(path, two, 2, &f.m, 1, &err);
        if (rc != RD_EINVAL)
            fail_msg("sheet name \"%s\": status %d, expected RD_EINVAL", bad[i], (int)rc);
        assert_non_null(strstr(err.msg, "dubbel"));
        assert_int_equal(access(path, F_OK), -1);
        rd_table_free(dup);
    }
    /* Two tables with the same sheet name. */
    rd_err err = {RD_OK, ""};
    const rd_table *same[] = {f.t[0], f.t[1], f.t[0]};
    assert_int_equal(rd_xlsx_write(path, same, 3, &f.m, 1, &err), RD_EINVAL);
    assert_non_null(strstr(err.msg, "segments"));
    /* A table that ran out of memory while it was built. */
    f.t[1]->oom = 1;
    assert_int_equal(export(&f, "bad.xlsx", path, sizeof path, &err), RD_ENOMEM);
    f.t[1]->oom = 0;
    teardown_fixture(&f, NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_back),
        cmocka_unit_test(test_byte_identical),
        cmocka_unit_test(test_text_as_libxlsxwriter),
        cmocka_unit_test(test_unwritable_path),
        cmocka_unit_test(test_full_disk),
        cmocka_unit_test(test_bad_sheet_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
