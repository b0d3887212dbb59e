/* tests/unit/engine/test_select.c — the model selection policy of engine/select.h, number
 * by number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "engine/select.h"

/* min(100, respondents − 1, terms); 0 for one respondent. */
static void test_lsa_dims(void **state)
{
    (void)state;
    assert_int_equal(rd_select_lsa_dims(0, 50), 0);
    assert_int_equal(rd_select_lsa_dims(1, 50), 0);
    assert_int_equal(rd_select_lsa_dims(2, 50), 1);
    assert_int_equal(rd_select_lsa_dims(30, 50), 29);
    assert_int_equal(rd_select_lsa_dims(30, 7), 7);
    assert_int_equal(rd_select_lsa_dims(101, 5000), 100);
    assert_int_equal(rd_select_lsa_dims(40000, 5000), 100);
    assert_int_equal(rd_select_lsa_dims(40000, 60), 60);
}

/* Without segments T over 3 .. passages / 30 clamped to 8..20; with k segments over
 * max(3, k) .. max(8, 2k); the rest fixed. */
static void test_themes(void **state)
{
    (void)state;
    const size_t rows[] = {0, 100, 239, 240, 270, 330, 599, 600, 630, 100000};
    const size_t tmax[] = {8, 8, 8, 8, 9, 11, 19, 20, 20, 20};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        rd_themes_opts o = rd_select_themes(rows[i], 0, 0, 9, 3);
        assert_int_equal(o.t_min, 3);
        assert_int_equal(o.t_max, tmax[i]);
    }
    const size_t segs[] = {1, 2, 3, 4, 5, 12, 60};
    const size_t smin[] = {3, 3, 3, 4, 5, 12, 60}, smax[] = {8, 8, 8, 8, 10, 24, 120};
    for (size_t i = 0; i < sizeof segs / sizeof *segs; i++) {
        rd_themes_opts o = rd_select_themes(100000, 0, segs[i], 9, 3);
        assert_int_equal(o.t_min, smin[i]);
        assert_int_equal(o.t_max, smax[i]);
    }
    rd_themes_opts o = rd_select_themes(500, 8, 0, 42, 2);
    assert_int_equal(o.themes, 8);
    assert_int_equal(o.boot, 5);
    assert_int_equal(o.select_rows, 5000);
    assert_int_equal(o.fit_rows, 20000);
    assert_int_equal(o.max_iter, 200);
    assert_float_equal(o.tol, 1e-4, 0);
    assert_int_equal(o.threads, 2);
    assert_int_equal(o.seed, 42);
    assert_null(o.progress);
}

/* k over 2 .. 2·√n (10..60); smallest segment max(3, ⌈n / 50⌉); 10 restarts up to 5,000
 * respondents, 3 above, 3 per candidate; 20 subspace iterations; 10 stability runs up to
 * 5,000 respondents, 5 above; the graph of at most 5,000. */
static void test_segments(void **state)
{
    (void)state;
    const size_t n[] = {1, 20, 32, 150, 151, 200, 1000, 1001, 5000, 5001, 100000};
    const size_t min_size[] = {3, 3, 3, 3, 4, 4, 20, 21, 100, 101, 2000};
    const size_t k_max[] = {10, 10, 11, 24, 25, 28, 60, 60, 60, 60, 60};
    for (size_t i = 0; i < sizeof n / sizeof *n; i++) {
        rd_segments_opts o = rd_select_segments(n[i], 0, 1, 1);
        assert_int_equal(o.k, 0);
        assert_int_equal(o.k_max, k_max[i]);
        assert_int_equal(o.min_size, min_size[i]);
        assert_int_equal(o.n_init, n[i] <= 5000 ? 10 : 3);
        assert_int_equal(o.select_init, 3);
        assert_int_equal(o.power_iters, 20);
        assert_int_equal(o.boot, n[i] <= 5000 ? 10 : 5);
        assert_int_equal(o.bag_runs, n[i] <= 1000 ? 30 : n[i] <= 5000 ? 10 : 5);
        assert_int_equal(o.select_n, 5000);
    }
    rd_segments_opts o = rd_select_segments(300, 4, 77, 5);
    assert_int_equal(o.k, 4);
    assert_int_equal(o.seed, 77);
    assert_int_equal(o.threads, 5);
    assert_float_equal(RD_SELECT_NAME_MIN_SIM, 0.2, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lsa_dims),
        cmocka_unit_test(test_themes),
        cmocka_unit_test(test_segments),
    };
    return cmocka_run_group_tests_name("select", tests, NULL, NULL);
}
