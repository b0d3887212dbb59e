/* tests/unit/engine/stats/test_attributes.c — typing of attributes and their summaries per
 * segment, on small cases checked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "engine/stats/attributes.h"

static void test_number(void **state)
{
    (void)state;
    double d = 0;
    assert_true(rd_attr_number("7,4", &d) && d == 7.4);
    assert_true(rd_attr_number(" 8 ", &d) && d == 8.0);
    assert_true(rd_attr_number("-0.5", &d) && d == -0.5);
    assert_true(rd_attr_number("0,1", &d) && d == 0.1);     /* correctly rounded */
    assert_true(rd_attr_number("-0", &d) && d == 0.0 && !signbit(d));
    assert_true(rd_attr_number("1234567890.1234567", &d) && d == 1234567890.1234567);
    assert_false(rd_attr_number("", &d));
    assert_false(rd_attr_number("1e3", &d));
    assert_false(rd_attr_number("nan", &d));
    assert_false(rd_attr_number("1.000,5", &d));
    assert_false(rd_attr_number("7,4,1", &d));
    assert_false(rd_attr_number("-", &d));
    assert_false(rd_attr_number("65+", &d));
}

static double num(const rd_table *t, size_t r, const char *col)
{
    const rd_value *v = rd_table_at(t, r, rd_table_col(t, col));
    return v->kind == RD_V_NUM ? v->d : v->kind == RD_V_INT ? (double)v->i : NAN;
}

static const char *str(const rd_table *t, size_t r, const char *col)
{
    const rd_value *v = rd_table_at(t, r, rd_table_col(t, col));
    return v->kind == RD_V_STR ? v->s : "";
}

/* Six respondents in two segments: a score (one missing, decimal commas) and a household.
 * Segment 1: 6,0 5,0 (and one missing); segment 2: 8 9 7,5.
 * Household: segment 1 alleen alleen gezin; segment 2 gezin gezin gezin. */
static void test_table(void **state)
{
    (void)state;
    const size_t seg[] = {0, 0, 0, 1, 1, 1};
    const char *name[] = {"score", "huishouden", "leeg"};
    const char *val[] = {"6,0", "alleen", "",  "5,0", "alleen", NULL, "",    "gezin", " ",
                         "8",   "gezin",  "",  "9",   "gezin",  "",   "7,5", "gezin", ""};
    rd_attr_in in = {6, seg, 2, 3, name, val, 1};
    rd_table *t = NULL;
    rd_err err;
    assert_int_equal(rd_attr_table(&in, &t, &err), RD_OK);
    assert_string_equal(t->name, "attributes");
    /* score: 2 rows; huishouden: 2 segments × 2 values; leeg: 2 rows */
    assert_int_equal(t->n_rows, 2 + 4 + 2);
    assert_string_equal(str(t, 0, "kind"), "numeric");
    assert_float_equal(num(t, 0, "n"), 3, 0);
    assert_float_equal(num(t, 0, "missing"), 1, 0);
    assert_float_equal(num(t, 0, "mean"), 5.5, 1e-12);
    assert_float_equal(num(t, 0, "median"), 5.5, 1e-12);
    assert_float_equal(num(t, 0, "q1"), 5.25, 1e-12);
    assert_float_equal(num(t, 0, "mean_rest"), 8.1666666666666667, 1e-12);
    assert_float_equal(num(t, 1, "mean"), 8.1666666666666667, 1e-12);
    assert_float_equal(num(t, 1, "median"), 8.0, 1e-12);
    assert_float_equal(num(t, 1, "q3"), 8.5, 1e-12);
    assert_string_equal(str(t, 1, "test"), "kruskal-wallis");
    /* ranks 2,1 | 4,5,3: H = 12/30 · (9/2 + 144/3) − 18 = 3; p = Q_chi2(3, 1) = 0.08326 */
    assert_float_equal(num(t, 1, "statistic"), 3.0, 1e-9);
    assert_float_equal(num(t, 1, "p"), 0.083265, 1e-5);
    assert_string_equal(str(t, 1, "effect_size"), "epsilon_squared");
    /* huishouden: most frequent first ("gezin" 4, "alleen" 2); expected counts < 5:
     * permutation test */
    assert_string_equal(str(t, 2, "kind"), "categorical");
    assert_string_equal(str(t, 2, "value"), "gezin");
    assert_float_equal(num(t, 2, "count"), 1, 0);
    assert_float_equal(num(t, 2, "share"), 1.0 / 3.0, 1e-12);
    assert_float_equal(num(t, 2, "share_rest"), 1.0, 1e-12);
    assert_string_equal(str(t, 3, "value"), "alleen");
    assert_string_equal(str(t, 3, "test"), "chi-square (permutation)");
    /* X² by hand: expected 2, 1 per row; (1-2)²/2·2 + (2-1)²/1·2 = 3 */
    assert_float_equal(num(t, 3, "statistic"), 3.0, 1e-9);
    assert_float_equal(num(t, 3, "effect"), sqrt(3.0 / 6.0), 1e-3);
    /* exact permutation p: tables with segment 1 holding both "alleen" are 4 of 20... the
     * observed (2 alleen in segment 1) or (2 alleen in segment 2) are as extreme: 8/20 */
    assert_float_equal(num(t, 3, "p"), 0.4, 0.03);
    assert_string_equal(str(t, 6, "kind"), "empty");
    assert_true(isnan(num(t, 6, "p")));
    /* BH over the two tests: m = 2 */
    double p1 = num(t, 0, "p"), p2 = num(t, 2, "p");
    double lo = p1 < p2 ? p1 : p2, hi = p1 < p2 ? p2 : p1;
    double qlo = 2 * lo < hi ? 2 * lo : hi;
    assert_float_equal(num(t, 0, "p_adjusted"), p1 < p2 ? qlo : hi, 1e-4);
    assert_float_equal(num(t, 2, "p_adjusted"), p1 < p2 ? hi : qlo, 1e-4);
    /* the same seed: the same table */
    rd_table *t2 = NULL;
    assert_int_equal(rd_attr_table(&in, &t2, &err), RD_OK);
    assert_true(num(t2, 3, "p") == num(t, 3, "p"));
    rd_table_free(t2);
    rd_table_free(t);
}

/* Ten values among 24 respondents, more than RD_ATTR_TOP + 1: the top RD_ATTR_TOP (a and b
 * four times, then c..h twice, ties by bytes), then i and j together as "overig" with a
 * note. */
static void test_overig(void **state)
{
    (void)state;
    enum { N = 24 };
    size_t seg[N];
    const char *val[N];
    static const char *const words[12] = {"a", "a", "j", "b", "b", "c", "d", "e",
                                         "f", "g", "h", "i"};
    for (size_t i = 0; i < N; i++)
        seg[i] = i % 2, val[i] = words[i % 12];
    const char *name[] = {"buurt"};
    rd_attr_in in = {N, seg, 2, 1, name, val, 3};
    rd_table *t = NULL;
    rd_err err;
    assert_int_equal(rd_attr_table(&in, &t, &err), RD_OK);
    assert_int_equal(t->n_rows, 2 * (RD_ATTR_TOP + 1));
    assert_string_equal(str(t, 0, "value"), "a");
    assert_string_equal(str(t, 1, "value"), "b");
    assert_string_equal(str(t, RD_ATTR_TOP, "value"), "overig");
    assert_string_equal(str(t, 0, "note"), "2 minder vaak gegeven waarden samen als overig");
    rd_table_free(t);
    /* most values unique: rows, but no test */
    static const char *const uniq[12] = {"a", "a", "b", "c", "d", "e", "f", "g",
                                         "h", "i", "j", "k"};
    for (size_t i = 0; i < N; i++)
        val[i] = i < 12 ? uniq[i] : "";
    assert_int_equal(rd_attr_table(&in, &t, &err), RD_OK);
    assert_string_equal(str(t, 0, "note"), "11 van de 12 waarden verschillend: niet getoetst");
    assert_string_equal(str(t, 0, "test"), "");
    assert_true(isnan(num(t, 0, "p")) && isnan(num(t, 0, "p_adjusted")));
    rd_table_free(t);
    /* a bad segment is refused */
    seg[0] = 5;
    assert_int_equal(rd_attr_table(&in, &t, &err), RD_EINVAL);
    assert_null(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_overig),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
