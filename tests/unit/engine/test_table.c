/* tests/unit/engine/test_table.c — the output tables: typed cells, rows growing past the
 * first capacity, replaced text freed, out-of-range cells ignored, sticky failure; the
 * number a cell shows (rd_table_shown) against printf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/table.h"

static const char *const COLS[] = {"segment", "name", "size", "share"};

static void test_cells(void **state)
{
    (void)state;
    char name[] = "segments";
    rd_table *t = rd_table_new(name, "Segmenten", 4, COLS);
    assert_non_null(t);
    name[0] = 'X'; /* copied in */
    assert_string_equal(t->name, "segments");
    assert_string_equal(t->sheet, "Segmenten");
    assert_int_equal(rd_table_col(t, "size"), 2);
    assert_int_equal(rd_table_col(t, "missing"), 4);
    size_t r = rd_table_add_row(t);
    assert_int_equal(r, 0);
    for (size_t c = 0; c < 4; c++) /* a new row is empty */
        assert_int_equal(rd_table_at(t, r, c)->kind, RD_V_EMPTY);
    rd_table_int(t, r, 0, 1);
    rd_table_str(t, r, 1, "Starters");
    rd_table_str(t, r, 1, "Doorstromers"); /* replaces (and frees) the first text */
    rd_table_strn(t, r, 2, "12345", 2);
    rd_table_num(t, r, 3, 0.25, 4);
    rd_table_num(t, r, 3, NAN, 3);
    assert_int_equal(rd_table_at(t, r, 0)->kind, RD_V_INT);
    assert_int_equal(rd_table_at(t, r, 0)->i, 1);
    assert_int_equal(rd_table_at(t, r, 1)->kind, RD_V_STR);
    assert_string_equal(rd_table_at(t, r, 1)->s, "Doorstromers");
    assert_string_equal(rd_table_at(t, r, 2)->s, "12");
    assert_int_equal(rd_table_at(t, r, 3)->kind, RD_V_NUM);
    assert_true(isnan(rd_table_at(t, r, 3)->d));
    assert_int_equal(rd_table_at(t, r, 3)->digits, 3);
    rd_table_int(t, r, 1, 7); /* text replaced by a number */
    assert_int_equal(rd_table_at(t, r, 1)->kind, RD_V_INT);
    /* outside the table: ignored */
    rd_table_int(t, 5, 0, 9);
    rd_table_str(t, 0, 4, "x");
    assert_int_equal(t->n_rows, 1);
    assert_true(rd_table_ok(t));
    rd_table_free(t);
    rd_table_free(NULL);
    assert_false(rd_table_ok(NULL));
}

static void test_many_rows(void **state)
{
    (void)state;
    rd_table *t = rd_table_new("quotes", "Citaten", 2, COLS);
    char s[32];
    for (size_t i = 0; i < 1000; i++) {
        size_t r = rd_table_add_row(t);
        assert_int_equal(r, i);
        snprintf(s, sizeof s, "row %zu", i);
        rd_table_str(t, r, 1, s);
        if (i % 3 == 0)
            rd_table_int(t, r, 0, (long long)i);
    }
    assert_true(rd_table_ok(t));
    assert_int_equal(t->n_rows, 1000);
    assert_int_equal(t->cap_rows, 1024); /* from 16, doubled */
    for (size_t i = 0; i < 1000; i++) {
        snprintf(s, sizeof s, "row %zu", i);
        assert_string_equal(rd_table_at(t, i, 1)->s, s);
        assert_int_equal(rd_table_at(t, i, 0)->kind, i % 3 == 0 ? RD_V_INT : RD_V_EMPTY);
    }
    rd_table_free(t);
}

static void test_no_columns_and_sticky_failure(void **state)
{
    (void)state;
    rd_table *t = rd_table_new("empty", "Leeg", 0, NULL);
    assert_non_null(t);
    assert_int_equal(rd_table_add_row(t), 0);
    assert_int_equal(rd_table_add_row(t), 1);
    assert_int_equal(rd_table_col(t, "x"), 0);
    rd_table_free(t);

    t = rd_table_new("segments", "Segmenten", 4, COLS);
    size_t r = rd_table_add_row(t);
    rd_table_str(t, r, 1, "a");
    t->oom = 1; /* as after a failed allocation: nothing changes any more */
    assert_false(rd_table_ok(t));
    assert_int_equal(rd_table_add_row(t), 0);
    assert_int_equal(t->n_rows, 1);
    rd_table_str(t, r, 1, "b");
    rd_table_int(t, r, 0, 3);
    rd_table_num(t, r, 3, 1.5, 2);
    assert_string_equal(rd_table_at(t, r, 1)->s, "a");
    assert_int_equal(rd_table_at(t, r, 0)->kind, RD_V_EMPTY);
    assert_int_equal(rd_table_at(t, r, 3)->kind, RD_V_EMPTY);
    rd_table_free(t);
}

/* Reading by names: the table found among others (NULL entries skipped), text and numbers
 * of cells, and "" / NaN for whatever is missing or of the other kind. */
static void test_read_by_name(void **state)
{
    (void)state;
    static const char *const cols[] = {"label", "weight"};
    rd_table *a = rd_table_new("themes", "Thema's", 2, cols), *b = rd_table_new("x", "X", 2, cols);
    assert_non_null(a);
    assert_non_null(b);
    size_t r = rd_table_add_row(a);
    rd_table_str(a, r, 0, "huur, euro");
    rd_table_int(a, r, 1, 3);
    r = rd_table_add_row(a);
    rd_table_num(a, r, 1, 0.25, 4); /* label left empty */
    const rd_table *ts[] = {b, NULL, a};
    assert_ptr_equal(rd_table_find(ts, 3, "themes"), a);
    assert_null(rd_table_find(ts, 3, "segments"));
    assert_string_equal(rd_table_text(a, 0, "label"), "huur, euro");
    assert_string_equal(rd_table_text(a, 1, "label"), "");
    assert_string_equal(rd_table_text(a, 0, "weight"), "");  /* a number, not text */
    assert_string_equal(rd_table_text(a, 0, "missing"), "");
    assert_string_equal(rd_table_text(a, 5, "label"), "");
    assert_string_equal(rd_table_text(NULL, 0, "label"), "");
    assert_true(rd_table_number(a, 0, "weight") == 3.0);
    assert_true(rd_table_number(a, 1, "weight") == 0.25);
    assert_true(isnan(rd_table_number(a, 0, "label")));
    assert_true(isnan(rd_table_number(a, 1, "label")));
    assert_true(isnan(rd_table_number(a, 9, "weight")));
    assert_true(isnan(rd_table_number(NULL, 0, "weight")));
    rd_table_free(a);
    rd_table_free(b);
}

/* The shown number: the double nearest to printf's %.*e rounding (exact decimal
 * expansion), for values across magnitudes, floats cast to double, near-ties and the
 * edges. */
static void test_shown(void **state)
{
    (void)state;
    assert_true(rd_table_shown(0.25744563341140747, 4) == 0.2574);
    assert_true(rd_table_shown((double)0.8f, 4) == 0.8);
    assert_true(rd_table_shown(-1.0 / 3.0, 4) == -0.3333);
    assert_true(rd_table_shown(1234.5678, 4) == 1235.0);
    assert_true(rd_table_shown(0.99996, 4) == 1.0);
    assert_true(rd_table_shown(12345678.9, 3) == 12300000.0);
    assert_true(rd_table_shown(0.000123456, 2) == 0.00012);
    assert_true(rd_table_shown(2.5, 0) == 2.5); /* digits ≤ 0: 6 */
    assert_true(rd_table_shown(0.1234567, 0) == 0.123457);
    double z = rd_table_shown(-0.0, 4);
    assert_true(z == 0.0 && !signbit(z));
    assert_true(isnan(rd_table_shown(NAN, 4)));
    assert_true(isinf(rd_table_shown(-INFINITY, 4)) && rd_table_shown(-INFINITY, 4) < 0);
    assert_true(rd_table_shown(1.7976931348623157e308, 4) == 1.7976931348623157e308);
    assert_true(rd_table_shown(5e-324, 4) == 5e-324);
    /* exact halves in binary: printf rounds them to even, so must the fast path */
    assert_true(rd_table_shown(0.125, 2) == 0.12);
    assert_true(rd_table_shown(0.375, 2) == 0.38);
    assert_true(rd_table_shown(2.5, 1) == 2.0);
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int digits = 1 + (int)(x % 8);
        double m = (double)(x >> 11) / 9007199254740992.0; /* [0, 1) */
        int e = (int)((x >> 3) % 40) - 20;
        double v = m * pow(10.0, e) * ((x & 4) ? -1.0 : 1.0);
        if (i % 3 == 0)
            v = (double)(float)v;
        if (i % 7 == 0) /* a decimal with a 5 after the digits kept: near a tie */
            v = (floor(m * 1e4) + 0.5) / 1e4;
        char buf[64];
        snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
        double want = v == 0.0 ? 0.0 : strtod(buf, NULL);
        double got = rd_table_shown(v, digits);
        if (got != want)
            fail_msg("rd_table_shown(%.17g, %d) = %.17g, printf gives %s", v, digits, got, buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_many_rows),
        cmocka_unit_test(test_no_columns_and_sticky_failure),
        cmocka_unit_test(test_read_by_name),
        cmocka_unit_test(test_shown),
    };
    return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
