/* tests/unit/engine/test_metrics.c — the agreement measures (ARI, NMI, silhouette)
 * against values computed with scikit-learn 1.2 (adjusted_rand_score,
 * normalized_mutual_info_score, silhouette_score), and the greedy matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/metrics.h"

static void test_agreement_measures(void **state)
{
    (void)state;
    int32_t a1[] = {0, 0, 1, 1}, b1[] = {0, 0, 1, 2};
    assert_float_equal(rd_metrics_ari(a1, 2, b1, 3, 4), 0.5714285714285714, 1e-12);
    assert_float_equal(rd_metrics_nmi(a1, 2, b1, 3, 4), 0.7999999999999999, 1e-12);
    int32_t a2[] = {0, 0, 0, 1, 1, 1, 2, 2}, b2[] = {1, 1, 0, 0, 2, 2, 2, 2};
    assert_float_equal(rd_metrics_ari(a2, 3, b2, 3, 8), 0.18181818181818182, 1e-12);
    assert_float_equal(rd_metrics_nmi(a2, 3, b2, 3, 8), 0.5300257549140327, 1e-12);
    assert_float_equal(rd_metrics_ari(a2, 3, a2, 3, 8), 1.0, 1e-12);
    float x[] = {0, 0, 1, 0, 0, 1, 5, 5, 6, 5, 5, 7, 9, 0};
    int32_t l[] = {0, 0, 0, 1, 1, 1, 2};
    double s;
    rd_err err;
    assert_int_equal(rd_metrics_silhouette(x, 2, l, 3, NULL, 7, 2, &s, &err), RD_OK);
    assert_float_equal(s, 0.6800878362396785, 1e-6);
    int32_t one[] = {0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(rd_metrics_silhouette(x, 2, one, 1, NULL, 7, 2, &s, &err), RD_OK);
    assert_float_equal(s, 0.0, 0.0);
}

static void test_match(void **state)
{
    (void)state;
    rd_err err;
    const double score[] = {0.1, 0.9, 0.0, /* row 0 would like column 1 too */
                            0.8, 0.95, 0.2,
                            0.3, 0.3, 0.3};
    int32_t map[3];
    assert_int_equal(rd_metrics_match(score, 3, map, &err), RD_OK);
    assert_int_equal(map[1], 1); /* 0.95 first */
    assert_int_equal(map[2], 0); /* then 0.3 at (2, 0), first of the ties, over row 0's 0.1 */
    assert_int_equal(map[0], 2); /* row 0 gets what is left */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agreement_measures),
        cmocka_unit_test(test_match),
    };
    return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
