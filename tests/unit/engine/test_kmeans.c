/* tests/unit/engine/test_kmeans.c — k-means on separated blobs (scored with the ARI of
 * engine/metrics), monotone inertia, empty cluster repair, determinism, predict, the same
 * bytes for every thread count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/kmeans.h"
#include "engine/metrics.h"
#include "engine/rng.h"

/* n points around each of k centres 10 apart in d dimensions, shuffled; truth in lab. */
static float *blobs(size_t k, size_t per, size_t d, int32_t *lab, uint64_t seed)
{
    rd_rng g;
    rd_rng_seed(&g, seed);
    size_t n = k * per;
    float *x = malloc(n * d * sizeof *x);
    for (size_t i = 0; i < n; i++)
        lab[i] = (int32_t)(i % k);
    for (size_t i = n - 1; i > 0; i--) { /* Fisher–Yates */
        size_t j = (size_t)rd_rng_below(&g, i + 1);
        int32_t t = lab[i];
        lab[i] = lab[j];
        lab[j] = t;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < d; t++)
            x[i * d + t] = (float)((t == (size_t)lab[i] % d ? 10.0 * (1 + lab[i] / (int32_t)d) : 0.0) +
                                   rd_rng_normal(&g));
    return x;
}

static void test_blobs_exact(void **state)
{
    (void)state;
    int32_t truth[400];
    for (size_t k = 2; k <= 8; k += 3) {
        float *x = blobs(k, 50, 6, truth, k);
        rd_rng rng;
        rd_rng_seed(&rng, 1);
        rd_kmeans km;
        rd_err err;
        rd_kmeans_opts o = {k, 5, 300, 2};
        assert_int_equal(rd_kmeans_fit(x, k * 50, 6, &o, &rng, &km, NULL, NULL, &err), RD_OK);
        assert_float_equal(rd_metrics_ari(km.labels, k, truth, k, k * 50), 1.0, 1e-12);
        assert_true(km.converged);
        rd_kmeans_free(&km);
        free(x);
    }
}

static void test_inertia_monotone(void **state)
{
    (void)state;
    rd_rng g;
    rd_rng_seed(&g, 99);
    size_t n = 500, d = 4;
    float *x = malloc(n * d * sizeof *x);
    for (size_t i = 0; i < n * d; i++)
        x[i] = (float)rd_rng_uniform(&g); /* no structure: many iterations */
    double trace[300];
    size_t tn;
    rd_kmeans km;
    rd_err err;
    rd_kmeans_opts o = {9, 1, 300, 1};
    assert_int_equal(rd_kmeans_fit(x, n, d, &o, &g, &km, trace, &tn, &err), RD_OK);
    assert_true(tn > 3);
    for (size_t t = 0; t + 1 < tn; t++)
        assert_true(trace[t + 1] <= trace[t] * (1.0 + 1e-6));
    assert_float_equal(trace[tn - 1], km.inertia, 1e-9 * km.inertia);
    rd_kmeans_free(&km);
    free(x);
}

/* Three identical points and one other, k = 3: seeding must pick a duplicate centre,
 * one cluster comes out empty and is repaired; no NaN anywhere. */
static void test_empty_cluster_repair(void **state)
{
    (void)state;
    float x[] = {0, 0, 0, 0, 0, 0, 5, 5};
    for (uint64_t s = 1; s <= 20; s++) {
        rd_rng rng;
        rd_rng_seed(&rng, s);
        rd_kmeans km;
        rd_err err;
        rd_kmeans_opts o = {3, 2, 50, 1};
        assert_int_equal(rd_kmeans_fit(x, 4, 2, &o, &rng, &km, NULL, NULL, &err), RD_OK);
        size_t cnt[3] = {0};
        for (int i = 0; i < 4; i++)
            cnt[km.labels[i]]++;
        assert_true(cnt[0] && cnt[1] && cnt[2]);
        for (int i = 0; i < 6; i++)
            assert_false(isnan(km.centers[i]));
        assert_float_equal(km.inertia, 0.0, 1e-12);
        rd_kmeans_free(&km);
    }
}

static void test_deterministic(void **state)
{
    (void)state;
    int32_t truth[300];
    float *x = blobs(3, 100, 5, truth, 4);
    rd_kmeans a, b;
    rd_rng r1, r2;
    rd_err err;
    rd_rng_seed(&r1, 17);
    rd_rng_seed(&r2, 17);
    rd_kmeans_opts o = {4, 3, 100, 2};
    assert_int_equal(rd_kmeans_fit(x, 300, 5, &o, &r1, &a, NULL, NULL, &err), RD_OK);
    assert_int_equal(rd_kmeans_fit(x, 300, 5, &o, &r2, &b, NULL, NULL, &err), RD_OK);
    assert_memory_equal(a.labels, b.labels, 300 * sizeof(int32_t));
    assert_memory_equal(a.centers, b.centers, 4 * 5 * sizeof(float));
    rd_kmeans_free(&b);
    o.k = 301;
    assert_int_equal(rd_kmeans_fit(x, 300, 5, &o, &r1, &b, NULL, NULL, &err), RD_EINVAL);
    rd_kmeans_free(&a);
    rd_kmeans_free(&b);
    free(x);
}

/* predict gives the fit's own labels back. */
static void test_predict(void **state)
{
    (void)state;
    int32_t truth[150], lab[150];
    float *x = blobs(3, 50, 4, truth, 12);
    rd_rng rng;
    rd_rng_seed(&rng, 2);
    rd_kmeans km;
    rd_err err;
    rd_kmeans_opts o = {3, 3, 100, 2};
    assert_int_equal(rd_kmeans_fit(x, 150, 4, &o, &rng, &km, NULL, NULL, &err), RD_OK);
    assert_int_equal(rd_kmeans_predict(x, 150, 4, km.centers, 3, 2, lab, &err), RD_OK);
    assert_memory_equal(lab, km.labels, sizeof lab);
    rd_kmeans_free(&km);
    free(x);
}

/* Every thread count gives the same bytes, on a shape whose distance GEMM (6,000 × 8 ×
 * 100 = 4.8 M multiply-adds) is cut into blocks and whose assignment runs on threads. */
static void test_threads_same_bytes(void **state)
{
    (void)state;
    size_t k = 8, per = 750, n = k * per, d = 100;
    int32_t *truth = malloc(n * sizeof *truth), *lab = malloc(n * sizeof *lab);
    float *x = blobs(k, per, d, truth, 9);
    for (size_t i = 0; i < n * d; i++) /* blobs closer together: many Lloyd steps */
        x[i] *= (float)(0.05 + 0.001 * (double)(i % 7));
    rd_kmeans ref = {0}, km;
    rd_err err;
    const int threads[] = {1, 2, 3, 4, 7};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        rd_rng rng;
        rd_rng_seed(&rng, 5);
        rd_kmeans_opts o = {k, 2, 300, threads[t]};
        assert_int_equal(rd_kmeans_fit(x, n, d, &o, &rng, t ? &km : &ref, NULL, NULL, &err),
                         RD_OK);
        assert_int_equal(rd_kmeans_predict(x, n, d, ref.centers, k, threads[t], lab, &err),
                         RD_OK);
        assert_memory_equal(lab, ref.labels, n * sizeof *lab);
        if (!t)
            continue;
        assert_memory_equal(km.labels, ref.labels, n * sizeof *lab);
        assert_memory_equal(km.centers, ref.centers, k * d * sizeof *km.centers);
        assert_memory_equal(&km.inertia, &ref.inertia, sizeof km.inertia);
        assert_int_equal(km.iters, ref.iters);
        rd_kmeans_free(&km);
    }
    rd_kmeans_free(&ref);
    free(x);
    free(truth);
    free(lab);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blobs_exact),
        cmocka_unit_test(test_inertia_monotone),
        cmocka_unit_test(test_empty_cluster_repair),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_predict),
        cmocka_unit_test(test_threads_same_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
