/* tests/unit/engine/stats/test_signif.c — the significance tests against published values
 * and small cases that can be checked by hand.
 *
 * Sources of the expected values:
 *  - chi-square: R's documentation of chisq.test, its first example (Agresti 2007, p. 39:
 *    party identification by gender, 762 327 468 / 484 239 477) prints
 *    "X-squared = 30.07, df = 2, p-value = 2.954e-07". Cramér's V is then
 *    sqrt(30.07 / (2757 · 1)) = 0.1044 by hand.
 *  - Kruskal–Wallis: R's documentation of kruskal.test (Hollander & Wolfe 1973, p. 116:
 *    normal subjects, obstructive airway disease, asbestosis) prints
 *    "Kruskal-Wallis chi-squared = 0.77143, df = 2, p-value = 0.68".
 *  - the chi-square table: the 5 % critical value with one degree of freedom is 3.841
 *    (NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.4).
 *  - Benjamini & Hochberg (1995), section 4: of their 15 p-values, the step-up rule at
 *    q = 0.05 rejects the four smallest.
 *  - by hand: Kruskal–Wallis with ties on {1,2,2} against {2,3,3}; the permutation test on
 *    [[3,0],[0,3]], whose exact permutation p is 2/20 (Fisher's exact two-sided test). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "engine/stats/signif.h"

static void test_chisq_q_table(void **state)
{
    (void)state;
    assert_float_equal(rd_stats_chisq_q(3.841458820694124, 1.0), 0.05, 1e-9);
    /* df 2: Q(x) = exp(-x/2) exactly */
    assert_float_equal(rd_stats_chisq_q(4.0, 2.0), exp(-2.0), 1e-12);
    assert_float_equal(rd_stats_chisq_q(0.0, 3.0), 1.0, 0);
    assert_true(isnan(rd_stats_chisq_q(1.0, 0.0)));
}

static void test_chisq_agresti(void **state)
{
    (void)state;
    const size_t tab[] = {762, 327, 468, 484, 239, 477};
    rd_stats_test t;
    rd_err err;
    assert_int_equal(rd_stats_chisq(tab, 2, 3, 1, RD_STATS_PERMUTATIONS, &t, &err), RD_OK);
    assert_float_equal(t.stat, 30.07, 0.005);
    assert_float_equal(t.df, 2.0, 0);
    assert_float_equal(t.p, 2.954e-07, 0.0005e-07);
    assert_float_equal(t.effect, 0.1044, 0.00005);
    assert_int_equal(t.permuted, 0);
    assert_int_equal(t.n, 2757);
}

/* Empty rows and columns are left out: the same table with a zero row and column. */
static void test_chisq_drops_empty(void **state)
{
    (void)state;
    const size_t tab[] = {762, 0, 327, 468, 0, 0, 0, 0, 484, 0, 239, 477};
    rd_stats_test t;
    rd_err err;
    assert_int_equal(rd_stats_chisq(tab, 3, 4, 1, 0, &t, &err), RD_OK);
    assert_float_equal(t.stat, 30.07, 0.005);
    assert_float_equal(t.df, 2.0, 0);
    /* one row with data: no test */
    const size_t one[] = {3, 4, 0, 0};
    assert_int_equal(rd_stats_chisq(one, 2, 2, 1, 0, &t, &err), RD_OK);
    assert_true(isnan(t.p) && isnan(t.stat));
}

static void test_chisq_permutation(void **state)
{
    (void)state;
    const size_t tab[] = {3, 0, 0, 3};
    rd_stats_test t, t2, t3;
    rd_err err;
    assert_int_equal(rd_stats_chisq(tab, 2, 2, 7, RD_STATS_PERMUTATIONS, &t, &err), RD_OK);
    assert_int_equal(t.permuted, 1);
    assert_float_equal(t.stat, 6.0, 1e-12); /* every expected count 1.5: 4 · 1.5²/1.5 */
    assert_float_equal(t.effect, 1.0, 1e-12);
    /* the exact p is 0.1; 9,999 draws put the estimate within 0.015 (5 standard errors) */
    assert_float_equal(t.p, 0.1, 0.015);
    /* the same seed gives the same p; p is of the form (1+b)/(1+N) */
    assert_int_equal(rd_stats_chisq(tab, 2, 2, 7, RD_STATS_PERMUTATIONS, &t2, &err), RD_OK);
    assert_true(t.p == t2.p);
    double b = t.p * (1.0 + RD_STATS_PERMUTATIONS) - 1.0;
    assert_float_equal(b, round(b), 1e-6);
    assert_int_equal(rd_stats_chisq(tab, 2, 2, 8, RD_STATS_PERMUTATIONS, &t3, &err), RD_OK);
    assert_float_equal(t3.p, 0.1, 0.015);
    /* no association: every permutation is at least as extreme, p = 1 */
    const size_t flat[] = {2, 2, 2, 2};
    assert_int_equal(rd_stats_chisq(flat, 2, 2, 7, 99, &t, &err), RD_OK);
    assert_float_equal(t.stat, 0.0, 1e-12);
    assert_float_equal(t.p, 1.0, 0);
}

static void test_kruskal_hollander_wolfe(void **state)
{
    (void)state;
    const double x[] = {2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0};
    const size_t g[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2};
    rd_stats_test t;
    rd_err err;
    assert_int_equal(rd_stats_kruskal(x, g, 14, 3, &t, &err), RD_OK);
    assert_float_equal(t.stat, 0.77143, 0.000005);
    assert_float_equal(t.df, 2.0, 0);
    assert_float_equal(t.p, 0.68, 0.005);
    assert_float_equal(t.effect, 0.77143 / 13.0, 1e-5);
    /* an empty fourth group changes nothing */
    assert_int_equal(rd_stats_kruskal(x, g, 14, 4, &t, &err), RD_OK);
    assert_float_equal(t.df, 2.0, 0);
    assert_float_equal(t.stat, 0.77143, 0.000005);
}

/* {1,2,2} against {2,3,3}: mid-ranks 1, 3, 3 | 3, 5.5, 5.5; rank sums 7 and 14;
 * H = 12/42 · (49 + 196)/3 − 21 = 7/3; ties 2,2,2 and 3,3: correction
 * 1 − (24 + 6)/210 = 6/7; H = 49/18 = 2.7222; p = Q_chi2(2.7222, 1) = 0.09896. */
static void test_kruskal_ties(void **state)
{
    (void)state;
    const double x[] = {1, 2, 2, 2, 3, 3};
    const size_t g[] = {0, 0, 0, 1, 1, 1};
    rd_stats_test t;
    rd_err err;
    assert_int_equal(rd_stats_kruskal(x, g, 6, 2, &t, &err), RD_OK);
    assert_float_equal(t.stat, 49.0 / 18.0, 1e-12);
    assert_float_equal(t.p, 0.098960, 1e-6);
    assert_float_equal(t.effect, 49.0 / 18.0 / 5.0, 1e-12);
    /* all equal: H = 0, p = 1 */
    const double same[] = {5, 5, 5, 5};
    const size_t g2[] = {0, 1, 0, 1};
    assert_int_equal(rd_stats_kruskal(same, g2, 4, 2, &t, &err), RD_OK);
    assert_float_equal(t.stat, 0.0, 0);
    assert_float_equal(t.p, 1.0, 0);
    /* one group: no test */
    assert_int_equal(rd_stats_kruskal(same, (const size_t[]){0, 0, 0, 0}, 4, 2, &t, &err), RD_OK);
    assert_true(isnan(t.p));
    /* a group out of range is refused */
    assert_int_equal(rd_stats_kruskal(same, (const size_t[]){0, 3, 0, 1}, 4, 2, &t, &err),
                     RD_EINVAL);
}

static void test_bh(void **state)
{
    (void)state;
    const double p[] = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
                        0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000};
    double q[15];
    rd_err err;
    assert_int_equal(rd_stats_bh(p, 15, q, &err), RD_OK);
    int rejected = 0;
    for (int i = 0; i < 15; i++)
        rejected += q[i] <= 0.05;
    assert_int_equal(rejected, 4);
    assert_float_equal(q[3], 0.0095 * 15 / 4, 1e-12);   /* 0.035625 */
    assert_float_equal(q[0], 0.0015, 1e-12);            /* min(15·0.0001, 7.5·0.0004, ...) */
    assert_float_equal(q[14], 1.0, 0);
    /* monotone in p */
    for (int i = 1; i < 15; i++)
        assert_true(q[i] >= q[i - 1]);
    /* by hand, unsorted, with a NaN left out of m: {0.04, NaN, 0.01, 0.03} → m = 3:
     * 0.01·3 = 0.03; 0.03·3/2 = 0.045; 0.04·3/3 = 0.04 → min from above: 0.04, 0.04 */
    double p2[] = {0.04, NAN, 0.01, 0.03};
    assert_int_equal(rd_stats_bh(p2, 4, p2, &err), RD_OK); /* in place */
    assert_float_equal(p2[0], 0.04, 1e-12);
    assert_true(isnan(p2[1]));
    assert_float_equal(p2[2], 0.03, 1e-12);
    assert_float_equal(p2[3], 0.04, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chisq_q_table),
        cmocka_unit_test(test_chisq_agresti),
        cmocka_unit_test(test_chisq_drops_empty),
        cmocka_unit_test(test_chisq_permutation),
        cmocka_unit_test(test_kruskal_hollander_wolfe),
        cmocka_unit_test(test_kruskal_ties),
        cmocka_unit_test(test_bh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
