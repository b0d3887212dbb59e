/* tests/unit/engine/test_metrics.c — the agreement measures (ARI, NMI, silhouette)
 * against values computed with scikit-learn 1.2 (adjusted_rand_score,
 * normalized_mutual_info_score, silhouette_score), the examples of scikit-learn's user
 * guide (clustering performance evaluation) and hand computations; and the greedy
 * matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/metrics.h"
#include "engine/rng.h"

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

/* The user guide's examples: relabelling does not matter, a discordant labeling scores
 * −0.5, one cluster against singletons scores 0. */
static void test_user_guide(void **state)
{
    (void)state;
    int32_t a[] = {0, 0, 1, 1}, swapped[] = {1, 1, 0, 0}, cross[] = {0, 1, 0, 1};
    int32_t one[] = {0, 0, 0, 0}, each[] = {0, 1, 2, 3};
    assert_float_equal(rd_metrics_ari(a, 2, a, 2, 4), 1.0, 1e-12);
    assert_float_equal(rd_metrics_ari(a, 2, swapped, 2, 4), 1.0, 1e-12);
    assert_float_equal(rd_metrics_ari(a, 2, cross, 2, 4), -0.5, 1e-12);
    assert_float_equal(rd_metrics_ari(one, 1, each, 4, 4), 0.0, 1e-12);
    assert_float_equal(rd_metrics_ari(one, 1, one, 1, 4), 1.0, 0); /* both trivial */
    assert_float_equal(rd_metrics_nmi(a, 2, swapped, 2, 4), 1.0, 1e-12);
    assert_float_equal(rd_metrics_nmi(a, 2, cross, 2, 4), 0.0, 1e-12);
    assert_float_equal(rd_metrics_nmi(one, 1, each, 4, 4), 0.0, 1e-12);
    assert_float_equal(rd_metrics_nmi(one, 1, one, 1, 4), 1.0, 0); /* both trivial */
    /* symmetric */
    int32_t b1[] = {0, 0, 1, 2};
    assert_float_equal(rd_metrics_ari(b1, 3, a, 2, 4), rd_metrics_ari(a, 2, b1, 3, 4), 1e-15);
    assert_float_equal(rd_metrics_nmi(b1, 3, a, 2, 4), rd_metrics_nmi(a, 2, b1, 3, 4), 1e-15);
}

/* Points 0, 1, 10, 11 on a line in clusters {0, 1} and {10, 11}:
 *   s(0) = (10.5 − 1) / 10.5,  s(1) = (9.5 − 1) / 9.5, the same for 11 and 10,
 *   mean = (9.5/10.5 + 8.5/9.5) / 2 = 0.899749373433584.
 * On the subset {0, 1, 10} the point 10 is a singleton (0):
 *   (9/10 + 8/9 + 0) / 3 = 0.5962962962962963. */
static void test_silhouette_by_hand(void **state)
{
    (void)state;
    const float x[] = {0, 0, 1, 0, 10, 0, 11, 0};
    const int32_t l[] = {0, 0, 1, 1}, l3[] = {0, 0, 2, 2}; /* cluster 1 of 3 unused */
    double s;
    rd_err err;
    for (int threads = 1; threads <= 4; threads++) {
        assert_int_equal(rd_metrics_silhouette(x, 2, l, 2, NULL, 4, threads, &s, &err), RD_OK);
        assert_float_equal(s, 0.899749373433584, 1e-6);
    }
    assert_int_equal(rd_metrics_silhouette(x, 2, l3, 3, NULL, 4, 1, &s, &err), RD_OK);
    assert_float_equal(s, 0.899749373433584, 1e-6);
    const size_t idx[] = {0, 1, 2};
    assert_int_equal(rd_metrics_silhouette(x, 2, l, 2, idx, 3, 1, &s, &err), RD_OK);
    assert_float_equal(s, 0.5962962962962963, 1e-6);
    const size_t one_cluster[] = {0, 1};
    assert_int_equal(rd_metrics_silhouette(x, 2, l, 2, one_cluster, 2, 1, &s, &err), RD_OK);
    assert_float_equal(s, 0.0, 0);
}

/* The silhouette of 600 points in 20 dimensions (its Gram GEMM is 7.2 M multiply-adds,
 * cut into blocks): the same double for every thread count. */
static void test_silhouette_threads(void **state)
{
    (void)state;
    size_t n = 600, d = 20;
    float *x = malloc(n * d * sizeof *x);
    int32_t *l = malloc(n * sizeof *l);
    rd_rng g;
    rd_rng_seed(&g, 8);
    for (size_t i = 0; i < n; i++) {
        l[i] = (int32_t)(i % 3);
        for (size_t t = 0; t < d; t++)
            x[i * d + t] = (float)(rd_rng_normal(&g) + (t == (size_t)l[i] ? 2.0 : 0.0));
    }
    double s1, s;
    rd_err err;
    assert_int_equal(rd_metrics_silhouette(x, d, l, 3, NULL, n, 1, &s1, &err), RD_OK);
    assert_true(s1 > 0.05);
    for (int threads = 2; threads <= 5; threads++) {
        assert_int_equal(rd_metrics_silhouette(x, d, l, 3, NULL, n, threads, &s, &err), RD_OK);
        assert_memory_equal(&s, &s1, sizeof s);
    }
    free(x);
    free(l);
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
    const double ties[] = {1, 1, 1, 1};
    assert_int_equal(rd_metrics_match(ties, 2, map, &err), RD_OK);
    assert_int_equal(map[0], 0); /* all equal: row-major order */
    assert_int_equal(map[1], 1);
    assert_int_equal(rd_metrics_match(NULL, 0, map, &err), RD_OK); /* nothing to match */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agreement_measures),
        cmocka_unit_test(test_user_guide),
        cmocka_unit_test(test_silhouette_by_hand),
        cmocka_unit_test(test_silhouette_threads),
        cmocka_unit_test(test_match),
    };
    return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
