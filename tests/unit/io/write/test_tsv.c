/* tests/unit/io/write/test_tsv.c — the TSV writer: tabs, CR and LF inside a field become
 * spaces, numbers in the C locale, flushing (and its failures), and whole tables written
 * byte for byte, also past the 64 KiB at which rows are flushed; a path that cannot be
 * created is RD_EOUTPUT, a full disk RD_EIO. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <math.h>

#include "io/write/tsv.h"
#include "tests/unit/tmpdir.h"

static void test_fields(void **state)
{
    (void)state;
    rd_buf b = {0};
    rd_tsv_field(&b, "a\tb\nc\rd", 7);
    rd_buf_put(&b, "|", 1);
    rd_tsv_field(&b, "\t\t", 2);
    rd_buf_put(&b, "|", 1);
    rd_tsv_field(&b, "", 0);
    rd_buf_put(&b, "|", 1);
    rd_tsv_field(&b, "kort\tgenoeg", 4); /* only n bytes */
    rd_buf_put(&b, "|", 1);
    rd_tsv_str(&b, "zei:\t\"ja\"\r\n");
    rd_buf_put(&b, "|", 1);
    rd_tsv_str(&b, "één, twee; drie");
    assert_false(b.oom);
    assert_string_equal(rd_buf_text(&b), "a b c d|  ||kort|zei: \"ja\"  |één, twee; drie");
    free(b.s);
}

static void test_numbers(void **state)
{
    (void)state;
    rd_buf b = {0};
    const uint64_t u[] = {0, 7, 10, 1234567890, UINT64_MAX};
    for (size_t i = 0; i < sizeof u / sizeof *u; i++) {
        rd_tsv_u64(&b, u[i]);
        rd_buf_put(&b, " ", 1);
    }
    assert_string_equal(rd_buf_text(&b), "0 7 10 1234567890 18446744073709551615 ");
    rd_buf_reset(&b);

    rd_value v[] = {
        {.kind = RD_V_STR, .s = (char *)"tab\there"},
        {.kind = RD_V_INT, .i = -42},
        {.kind = RD_V_INT, .i = LLONG_MAX},
        {.kind = RD_V_NUM, .d = 0.123456789, .digits = 4},
        {.kind = RD_V_NUM, .d = 1234567.0, .digits = 0},  /* 0 digits: %.6g */
        {.kind = RD_V_NUM, .d = 2.5e-7, .digits = 3},
        {.kind = RD_V_NUM, .d = NAN, .digits = 4},
        {.kind = RD_V_NUM, .d = -INFINITY, .digits = 4},
        {.kind = RD_V_EMPTY},
        {.kind = RD_V_NUM, .d = 0.5, .digits = 17},
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        rd_tsv_value(&b, &v[i]);
        rd_buf_put(&b, "|", 1);
    }
    assert_string_equal(rd_buf_text(&b),
                        "tab here|-42|9223372036854775807|0.1235|1.23457e+06|2.5e-07||||0.5|");
    free(b.s);
}

static void test_flush(void **state)
{
    (void)state;
    char mem[64] = {0};
    rd_err err = {0};
    rd_buf b = {0};
    FILE *f = fmemopen(mem, sizeof mem, "w");
    assert_non_null(f);
    rd_buf_str(&b, "x\ty\n");
    assert_int_equal(rd_tsv_flush(&b, f, "mem", &err), RD_OK);
    assert_int_equal(b.n, 0); /* emptied */
    assert_int_equal(rd_tsv_flush(&b, f, "mem", &err), RD_OK); /* nothing to write */
    fclose(f);
    assert_string_equal(mem, "x\ty\n");

    b.oom = 1; /* as after an allocation failed while b was built */
    f = fmemopen(mem, sizeof mem, "w");
    assert_int_equal(rd_tsv_flush(&b, f, "standard output", &err), RD_ENOMEM);
    assert_string_equal(err.msg, "standard output: output buffer");
    fclose(f);
    free(b.s);

    rd_buf c = {0};
    if (!(f = fopen("/dev/full", "wb"))) {
        skip(); /* no /dev/full here */
    }
    setvbuf(f, NULL, _IONBF, 0);
    rd_buf_str(&c, "nowhere to go\n");
    assert_int_equal(rd_tsv_flush(&c, f, "full", &err), RD_EIO);
    char want[128];
    snprintf(want, sizeof want, "full: %s", strerror(ENOSPC));
    assert_string_equal(err.msg, want);
    fclose(f);
    free(c.s);
}

/* A table with every kind of cell and text that needs cleaning. */
static rd_table *sample_table(size_t extra_rows)
{
    static const char *const cols[] = {"segment", "name\tcol", "share", "top_terms"};
    rd_table *t = rd_table_new("names", "Namen", 4, cols);
    assert_non_null(t);
    size_t r = rd_table_add_row(t);
    rd_table_int(t, r, 0, 1);
    rd_table_str(t, r, 1, "De\tZoekers");
    rd_table_num(t, r, 2, 0.333333333, 3);
    rd_table_str(t, r, 3, "huur; wachtlijst\r\nwoning");
    r = rd_table_add_row(t); /* every cell left empty */
    for (size_t i = 0; i < extra_rows; i++) {
        r = rd_table_add_row(t);
        rd_table_int(t, r, 0, (long long)(i + 3));
        rd_table_str(t, r, 1, "");
        rd_table_num(t, r, 2, (double)i / 8.0, 0);
        rd_table_str(t, r, 3, "een; twee; drie; vier; vijf; zes; zeven; acht");
    }
    assert_true(rd_table_ok(t));
    return t;
}

static void test_write_table(void **state)
{
    (void)state;
    char dir[PATH_MAX], p[PATH_MAX];
    rd_err err = {0};
    assert_int_equal(tmpdir_make(dir), 0);
    rd_table *t = sample_table(0);
    tmpdir_path(p, dir, "names.tsv");
    assert_int_equal(tmpdir_puts(dir, "names.tsv", "an old file, longer than the new one ....."
                                                  "............................................"
                                                  "..........................................\n"),
                     0);
    assert_int_equal(rd_tsv_write_table(p, t, &err), RD_OK);
    char *got = tmpdir_slurp(p);
    assert_string_equal(got, "segment\tname col\tshare\ttop_terms\n"
                             "1\tDe Zoekers\t0.333\thuur; wachtlijst  woning\n"
                             "\t\t\t\n");
    free(got);
    rd_table_free(t);
    tmpdir_remove(dir);
}

/* A table file is meant for a spreadsheet: its text (header included) is guarded like CSV
 * text, its numbers are not; the field functions (stdout of inspect, tokens, vocab) are not
 * guarded. */
static void test_table_guard(void **state)
{
    (void)state;
    static const char *const cols[] = {"segment", "=name", "top_terms"};
    char dir[PATH_MAX], p[PATH_MAX];
    rd_err err = {0};
    assert_int_equal(tmpdir_make(dir), 0);
    rd_table *t = rd_table_new("names", "Namen", 3, cols);
    size_t r = rd_table_add_row(t);
    rd_table_int(t, r, 0, -1);
    rd_table_str(t, r, 1, "=cmd|' /C calc'!A0");
    rd_table_str(t, r, 2, "-2+3; @SUM(A1); huur");
    r = rd_table_add_row(t);
    rd_table_num(t, r, 0, -0.5, 4);
    rd_table_str(t, r, 1, "\t@x");
    rd_table_str(t, r, 2, " +31; 's avonds");
    assert_true(rd_table_ok(t));
    tmpdir_path(p, dir, "names.tsv");
    assert_int_equal(rd_tsv_write_table(p, t, &err), RD_OK);
    char *got = tmpdir_slurp(p);
    assert_string_equal(got, "segment\t'=name\ttop_terms\n"
                             "-1\t'=cmd|' /C calc'!A0\t'-2+3; @SUM(A1); huur\n"
                             "-0.5\t' @x\t' +31; 's avonds\n");
    free(got);
    rd_buf b = {0};
    rd_tsv_str(&b, "=1+1");
    rd_buf_put(&b, "\t", 1);
    rd_tsv_field(&b, "-", 1);
    assert_int_equal(b.n, 6);
    assert_memory_equal(b.s, "=1+1\t-", 6);
    free(b.s);
    rd_table_free(t);
    tmpdir_remove(dir);
}

/* Rows past 64 KiB are flushed while the table is written: the file is the same. */
static void test_write_big_table(void **state)
{
    (void)state;
    char dir[PATH_MAX], p[PATH_MAX];
    rd_err err = {0};
    enum { ROWS = 4000 };
    assert_int_equal(tmpdir_make(dir), 0);
    rd_table *t = sample_table(ROWS);
    rd_buf want = {0};
    rd_buf_str(&want, "segment\tname col\tshare\ttop_terms\n"
                      "1\tDe Zoekers\t0.333\thuur; wachtlijst  woning\n"
                      "\t\t\t\n");
    for (size_t i = 0; i < ROWS; i++)
        rd_buf_printf(&want, "%zu\t\t%g\teen; twee; drie; vier; vijf; zes; zeven; acht\n", i + 3,
                      (double)i / 8.0);
    assert_true(want.n > 3 * (1u << 16));
    tmpdir_path(p, dir, "big.tsv");
    assert_int_equal(rd_tsv_write_table(p, t, &err), RD_OK);
    char *got = tmpdir_slurp(p);
    assert_non_null(got);
    assert_int_equal(strlen(got), want.n);
    assert_string_equal(got, rd_buf_text(&want));
    free(got);
    free(want.s);
    rd_table_free(t);
    tmpdir_remove(dir);
}

static void test_write_fails(void **state)
{
    (void)state;
    char dir[PATH_MAX], p[PATH_MAX], want[2 * PATH_MAX];
    rd_err err = {0};
    assert_int_equal(tmpdir_make(dir), 0);
    rd_table *t = sample_table(0);
    tmpdir_path(p, dir, "no/such/folder/names.tsv");
    assert_int_equal(rd_tsv_write_table(p, t, &err), RD_EOUTPUT);
    assert_int_equal(err.code, RD_EOUTPUT);
    snprintf(want, sizeof want, "%s: cannot create: %s", p, strerror(ENOENT));
    assert_string_equal(err.msg, want);
    assert_int_equal(rd_tsv_write_table(dir, t, &err), RD_EOUTPUT); /* a folder */
    snprintf(want, sizeof want, "%s: cannot create: %s", dir, strerror(EISDIR));
    assert_string_equal(err.msg, want);
    if (access("/dev/full", W_OK) == 0) {
        assert_int_equal(rd_tsv_write_table("/dev/full", t, &err), RD_EIO);
        snprintf(want, sizeof want, "/dev/full: %s", strerror(ENOSPC));
        assert_string_equal(err.msg, want);
    }
    rd_table_free(t);
    tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_flush),
        cmocka_unit_test(test_write_table),
        cmocka_unit_test(test_table_guard),
        cmocka_unit_test(test_write_big_table),
        cmocka_unit_test(test_write_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
