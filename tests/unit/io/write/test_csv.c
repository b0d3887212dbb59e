/* tests/unit/io/write/test_csv.c — RFC 4180 quoting (semicolons too), formula neutralisation
 * at the start of text and after every ';' and line break inside it, and number
 * formatting of the CSV writer (the fast %.4g path must print what printf prints), sticky
 * write failures, and whole tables written to a file (RD_EOUTPUT, RD_EIO on /dev/full). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/rng.h"
#include "io/write/csv.h"
#include "tests/unit/tmpdir.h"

#include <errno.h>

static char out[1 << 16];

static rd_csv open_mem(void)
{
    rd_csv c = {fmemopen(out, sizeof out, "w"), 1, 0, RD_CSV_RFC4180};
    assert_non_null(c.f);
    return c;
}

static void test_quoting_and_guard(void **state)
{
    (void)state;
    rd_csv c = open_mem();
    rd_csv_str(&c, "plain");
    rd_csv_str(&c, "a,b");
    rd_csv_str(&c, "zei \"nee\"");
    rd_csv_str(&c, "regel\neen");
    rd_csv_str(&c, "=SUM(A1)");
    rd_csv_str(&c, "-1 euro, echt");
    rd_csv_str(&c, "@user");
    rd_csv_int(&c, -12);
    rd_csv_num(&c, -0.0, 4);
    rd_csv_end(&c);
    fclose(c.f);
    assert_string_equal(out, "plain,\"a,b\",\"zei \"\"nee\"\"\",\"regel\neen\",'=SUM(A1),\"'-1 euro, "
                             "echt\",'@user,-12,0\r\n");
    assert_false(c.failed);
}

/* Semicolons are quoted; the guard looks past spaces and double quotes, and runs again
 * after every ';', CR and LF inside text; numbers are never guarded. */
static void test_semicolons_and_guard_inside(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"a;b", "\"a;b\""},
        {"huur 0.027; wachten 0.015", "\"huur 0.027; wachten 0.015\""},
        {"…;=cmd|' /C calc'!A0", "\"…;'=cmd|' /C calc'!A0\""},
        {"ja; -2+3", "\"ja;' -2+3\""},
        {"x;\"=1\"", "\"x;'\"\"=1\"\"\""},
        {"  =1+1", "'  =1+1"},
        {"\"@SUM(A1)\"", "\"'\"\"@SUM(A1)\"\"\""},
        {"\ttab", "'\ttab"},
        {"regel\n-2+3", "\"regel\n'-2+3\""},
        {"regel\r\n@x", "\"regel\r\n'@x\""},
        {"\r\n@x", "\"'\r\n'@x\""},
        {"a;;=b", "\"a;;'=b\""},
        {"'s avonds; 's nachts", "\"'s avonds; 's nachts\""},
        {"min-2, plus+3", "\"min-2, plus+3\""},
        {"eind;", "\"eind;\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rd_csv c = open_mem();
        rd_csv_str(&c, cases[i].in);
        fclose(c.f);
        assert_false(c.failed);
        if (strcmp(out, cases[i].out) != 0)
            fail_msg("case %zu: got [%s], want [%s]", i, out, cases[i].out);
    }
    rd_csv c = open_mem();
    rd_csv_int(&c, -3);
    rd_csv_num(&c, -0.25, 4);
    rd_csv_num(&c, -1e-9, 6);
    rd_csv_end(&c);
    fclose(c.f);
    assert_string_equal(out, "-3,-0.25,-1e-09\r\n");
    assert_true(rd_csv_formula_like("  \"=", 4));
    assert_false(rd_csv_formula_like("  \"", 3));
    assert_false(rd_csv_formula_like("'=x", 3));
    assert_false(rd_csv_formula_like("\n=x", 3));
}

static void test_numbers_like_printf(void **state)
{
    (void)state;
    rd_rng r;
    rd_rng_seed(&r, 3);
    for (int i = 0; i < 200000; i++) {
        double v = rd_rng_uniform(&r);
        v = i % 3 == 0 ? v : i % 3 == 1 ? v * 0.01 : -v * 0.001; /* several decades */
        char want[64];
        snprintf(want, sizeof want, "%.4g", v);
        rd_csv c = open_mem();
        rd_csv_num(&c, v, 4);
        fclose(c.f);
        if (strcmp(out, want) != 0)
            fail_msg("%.17g: got %s, printf %s", v, out, want);
        /* what the workbook and model.json hold is what the CSV shows */
        if (strtod(out, NULL) != rd_table_shown(v, 4))
            fail_msg("%.17g: CSV %s, rd_table_shown %.17g", v, out, rd_table_shown(v, 4));
    }
    const double edge[] = {0.99996, 0.099996, 0.0001, 0.00012, 0.5, 1.0, 123.456, 1e-7};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        char want[64];
        snprintf(want, sizeof want, "%.4g", edge[i]);
        rd_csv c = open_mem();
        rd_csv_num(&c, edge[i], 4);
        fclose(c.f);
        assert_string_equal(out, want);
    }
}

/* A stream that fills up: every later write fails, and the failure sticks. */
static void test_sticky_failure(void **state)
{
    (void)state;
    char small[8];
    rd_csv c = {fmemopen(small, sizeof small, "w"), 1, 0, RD_CSV_RFC4180};
    assert_non_null(c.f);
    setvbuf(c.f, NULL, _IONBF, 0);
    rd_csv_str(&c, "een,twee");
    rd_csv_str(&c, "\"drie\"");
    rd_csv_int(&c, 12345);
    rd_csv_num(&c, 0.5, 4);
    rd_csv_end(&c);
    assert_true(c.failed);
    fclose(c.f);
}

static void test_write_table(void **state)
{
    (void)state;
    static const char *const cols[] = {"kind", "n", "share", "leeg"};
    char dir[PATH_MAX], p[PATH_MAX], want[2 * PATH_MAX];
    rd_err err = {0};
    rd_table *t = rd_table_new("quotes", "Citaten", 4, cols);
    size_t r = rd_table_add_row(t);
    rd_table_str(t, r, 0, "=1+1, zei ze");
    rd_table_int(t, r, 1, -3);
    rd_table_num(t, r, 2, 0.123456, 4);
    r = rd_table_add_row(t);
    rd_table_num(t, r, 2, 2.0 / 3.0, 0); /* 0 digits: %.6g */
    assert_true(rd_table_ok(t));
    assert_int_equal(tmpdir_make(dir), 0);
    tmpdir_path(p, dir, "quotes.csv");
    assert_int_equal(rd_csv_write(p, t, RD_CSV_RFC4180, &err), RD_OK);
    char *got = tmpdir_slurp(p);
    assert_string_equal(got, "kind,n,share,leeg\r\n\"'=1+1, zei ze\",-3,0.1235,\r\n,,0.666667,\r\n");
    free(got);
    tmpdir_path(p, dir, "nergens/quotes.csv");
    assert_int_equal(rd_csv_write(p, t, RD_CSV_RFC4180, &err), RD_EOUTPUT);
    snprintf(want, sizeof want, "%s: cannot create: %s", p, strerror(ENOENT));
    assert_string_equal(err.msg, want);
    if (access("/dev/full", W_OK) == 0) {
        assert_int_equal(rd_csv_write("/dev/full", t, RD_CSV_RFC4180, &err), RD_EIO);
        snprintf(want, sizeof want, "/dev/full: %s", strerror(ENOSPC));
        assert_string_equal(err.msg, want);
    }
    rd_table_free(t);
    tmpdir_remove(dir);
}

/* excel-nl: BOM, ';', CRLF, decimal commas; list columns (themes.top_terms) with " | "
 * between items and decimal commas inside; other text (label) as it is. */
static void test_excel_nl(void **state)
{
    (void)state;
    static const char *const cols[] = {"theme", "label", "weight", "top_terms", "quote"};
    char dir[PATH_MAX], p[PATH_MAX];
    rd_err err = {0};
    rd_table *t = rd_table_new("themes", "Thema's", 5, cols);
    size_t r = rd_table_add_row(t);
    rd_table_int(t, r, 0, 1);
    rd_table_str(t, r, 1, "huur, 's avonds");
    rd_table_num(t, r, 2, 0.27455, 4);
    rd_table_str(t, r, 3, "app 0.027; huur 0.015; T4 euro (\xC3\x97" "2.15); v1.2.3");
    rd_table_str(t, r, 4, "Het kost 2.5 euro; -zei ze");
    r = rd_table_add_row(t);
    rd_table_num(t, r, 2, 1468.25, 6);
    rd_table_num(t, r, 0, 1.5e-7, 4);
    assert_true(rd_table_ok(t));
    assert_int_equal(tmpdir_make(dir), 0);
    tmpdir_path(p, dir, "themes.csv");
    assert_int_equal(rd_csv_write(p, t, RD_CSV_EXCEL_NL, &err), RD_OK);
    char *got = tmpdir_slurp(p);
    assert_string_equal(got, "\xEF\xBB\xBF" "theme;label;weight;top_terms;quote\r\n"
                             "1;\"huur, 's avonds\";0,2746;\"app 0,027 | huur 0,015 | T4 euro "
                             "(\xC3\x97" "2,15) | v1,2,3\";\"Het kost 2.5 euro;' -zei ze\"\r\n"
                             "1,5e-07;;1468,25;;\r\n");
    free(got);
    /* the default is unchanged: no BOM, ',' and '.', lists as they are */
    assert_int_equal(rd_csv_write(p, t, RD_CSV_RFC4180, &err), RD_OK);
    got = tmpdir_slurp(p);
    assert_string_equal(got, "theme,label,weight,top_terms,quote\r\n"
                             "1,\"huur, 's avonds\",0.2746,\"app 0.027; huur 0.015; T4 euro "
                             "(\xC3\x97" "2.15); v1.2.3\",\"Het kost 2.5 euro;' -zei ze\"\r\n"
                             "1.5e-07,,1468.25,,\r\n");
    free(got);
    rd_csv_dialect d;
    assert_int_equal(rd_csv_dialect_parse("excel-nl", &d), 0);
    assert_int_equal(d, RD_CSV_EXCEL_NL);
    assert_int_equal(rd_csv_dialect_parse("rfc4180", &d), 0);
    assert_int_equal(d, RD_CSV_RFC4180);
    assert_int_equal(rd_csv_dialect_parse("excel", &d), -1);
    assert_string_equal(rd_csv_dialect_name(RD_CSV_EXCEL_NL), "excel-nl");
    rd_table_free(t);
    tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting_and_guard),
        cmocka_unit_test(test_semicolons_and_guard_inside),
        cmocka_unit_test(test_numbers_like_printf),
        cmocka_unit_test(test_sticky_failure),
        cmocka_unit_test(test_write_table),
        cmocka_unit_test(test_excel_nl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
