/* tests/unit/engine/test_spectral.c — the nearest-neighbour graph (neighbours by hand,
 * symmetric, cosine weights, the same bytes for any thread count), the embedding (two
 * blocks of a graph come apart, orthonormal columns), clusters of planted groups, and
 * modularity against a value computed by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/spectral.h"

/* Unit vectors in the plane at the given angles (degrees). */
static float *at_angles(const double *deg, size_t n)
{
    float *x = malloc(n * 2 * sizeof *x);
    for (size_t i = 0; i < n; i++) {
        x[i * 2] = (float)cos(deg[i] * M_PI / 180.0);
        x[i * 2 + 1] = (float)sin(deg[i] * M_PI / 180.0);
    }
    return x;
}

static float weight(const rd_csr *a, size_t i, size_t j)
{
    for (int64_t e = a->indptr[i]; e < a->indptr[i + 1]; e++)
        if ((size_t)a->indices[e] == j)
            return a->data[e];
    return -1.0f; /* no edge */
}

static void test_graph_by_hand(void **state)
{
    (void)state;
    const double deg[] = {0, 10, 90, 100, 45};
    float *x = at_angles(deg, 5);
    rd_csr *a = NULL;
    rd_err err;
    assert_int_equal(rd_spectral_graph(x, 5, 2, 1, 1, &a, &err), RD_OK);
    /* nearest: 0↔1, 2↔3; 4 (45°) is 35° from 10° and from 90°... and 45° from both 0° and
     * 90°: its nearest is 1 (10°, lower index than 3 at 100°: 55°) */
    assert_float_equal(weight(a, 0, 1), cos(10 * M_PI / 180), 1e-6);
    assert_float_equal(weight(a, 1, 0), cos(10 * M_PI / 180), 1e-6);
    assert_float_equal(weight(a, 2, 3), cos(10 * M_PI / 180), 1e-6);
    assert_float_equal(weight(a, 4, 1), cos(35 * M_PI / 180), 1e-6);
    assert_float_equal(weight(a, 1, 4), cos(35 * M_PI / 180), 1e-6); /* max(A, Aᵀ) */
    assert_true(weight(a, 0, 2) < 0);                                   /* no edge */
    assert_true(weight(a, 0, 0) < 0);                                   /* no self */
    assert_int_equal(rd_csr_check(a, &err), RD_OK);
    rd_csr_free(a);
    /* bad neighbour counts */
    assert_int_equal(rd_spectral_graph(x, 5, 2, 0, 1, &a, &err), RD_EINVAL);
    assert_int_equal(rd_spectral_graph(x, 5, 2, 5, 1, &a, &err), RD_EINVAL);
    assert_null(a);
    free(x);
}

/* n points around 3 directions of R^6 (unit rows), group i % 3. */
static float *groups(size_t n, uint64_t seed)
{
    rd_rng g;
    rd_rng_seed(&g, seed);
    float *x = malloc(n * 6 * sizeof *x);
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t t = 0; t < 6; t++) {
            double v = (t == i % 3 ? 4.0 : 0.0) + 0.5 * rd_rng_normal(&g);
            x[i * 6 + t] = (float)v;
            s += v * v;
        }
        for (size_t t = 0; t < 6; t++)
            x[i * 6 + t] = (float)(x[i * 6 + t] / sqrt(s));
    }
    return x;
}

static void test_graph_symmetric_and_thread_free(void **state)
{
    (void)state;
    size_t n = 600; /* three blocks of the GEMM */
    float *x = groups(n, 3);
    rd_csr *a1 = NULL, *a3 = NULL;
    rd_err err;
    assert_int_equal(rd_spectral_graph(x, n, 6, 12, 1, &a1, &err), RD_OK);
    assert_int_equal(rd_spectral_graph(x, n, 6, 12, 3, &a3, &err), RD_OK);
    assert_int_equal(a1->nnz, a3->nnz);
    assert_memory_equal(a1->indptr, a3->indptr, (n + 1) * sizeof *a1->indptr);
    assert_memory_equal(a1->indices, a3->indices, a1->nnz * sizeof *a1->indices);
    assert_memory_equal(a1->data, a3->data, a1->nnz * sizeof *a1->data);
    for (size_t i = 0; i < n; i++) {
        assert_true(a1->indptr[i + 1] - a1->indptr[i] >= 12); /* its own 12, maybe more */
        for (int64_t e = a1->indptr[i]; e < a1->indptr[i + 1]; e++) {
            size_t j = (size_t)a1->indices[e];
            assert_true(j != i);
            assert_float_equal(weight(a1, j, i), a1->data[e], 0); /* symmetric */
            assert_true(a1->data[e] >= 0.0f && a1->data[e] <= 1.0f + 1e-6f);
            assert_int_equal(j % 3, i % 3); /* neighbours come from the same group */
        }
    }
    rd_csr_free(a1);
    rd_csr_free(a3);
    free(x);
}

static void test_embed_and_cluster(void **state)
{
    (void)state;
    size_t n = 90, m = 5;
    float *x = groups(n, 7), *u = malloc(n * m * sizeof *u);
    rd_csr *a = NULL;
    rd_err err;
    rd_rng r;
    rd_rng_seed(&r, 11);
    assert_int_equal(rd_spectral_graph(x, n, 6, 10, 2, &a, &err), RD_OK);
    assert_int_equal(rd_spectral_embed(a, m, 20, &r, 2, u, &err), RD_OK);
    /* orthonormal columns, each with its largest entry positive */
    for (size_t p = 0; p < m; p++)
        for (size_t q = 0; q < m; q++) {
            double s = 0;
            for (size_t i = 0; i < n; i++)
                s += (double)u[i * m + p] * u[i * m + q];
            assert_float_equal(s, p == q ? 1.0 : 0.0, 1e-3);
        }
    /* three disconnected groups: the first three vectors are constant on each group (up to
     * the degrees), so k-means on them finds the groups */
    int32_t lab[90];
    assert_int_equal(rd_spectral_cluster(u, n, m, 3, 5, 2, &r, lab, &err), RD_OK);
    for (size_t i = 3; i < n; i++)
        assert_int_equal(lab[i], lab[i % 3]);
    assert_true(lab[0] != lab[1] && lab[1] != lab[2] && lab[0] != lab[2]);
    /* the planted partition has a high modularity, a random one about none */
    double q = rd_spectral_modularity(a, lab, 3);
    assert_true(q > 0.6);
    int32_t shuffled[90];
    for (size_t i = 0; i < n; i++)
        shuffled[i] = (int32_t)((i / 3) % 3);
    assert_true(rd_spectral_modularity(a, shuffled, 3) < 0.1);
    /* the same start, the same bytes */
    float *u2 = malloc(n * m * sizeof *u2);
    rd_rng_seed(&r, 11);
    assert_int_equal(rd_spectral_embed(a, m, 20, &r, 1, u2, &err), RD_OK);
    assert_memory_equal(u, u2, n * m * sizeof *u);
    rd_csr_free(a);
    free(u2);
    free(u);
    free(x);
}

/* Two triangles joined by one edge (weight 1 everywhere): Q of the triangles = 5/14. */
static void test_modularity_by_hand(void **state)
{
    (void)state;
    static const int edges[7][2] = {{0, 1}, {1, 2}, {0, 2}, {3, 4}, {4, 5}, {3, 5}, {2, 3}};
    rd_csr *a = NULL;
    rd_err err;
    assert_int_equal(rd_csr_new(6, 6, 14, &a, &err), RD_OK);
    size_t q = 0;
    for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 6; j++)
            for (int e = 0; e < 7; e++)
                if ((edges[e][0] == i && edges[e][1] == j) || (edges[e][1] == i && edges[e][0] == j)) {
                    a->indices[q] = j;
                    a->data[q++] = 1.0f;
                }
        a->indptr[i + 1] = (int64_t)q;
    }
    int32_t tri[6] = {0, 0, 0, 1, 1, 1}, one[6] = {0};
    assert_float_equal(rd_spectral_modularity(a, tri, 2), 5.0 / 14.0, 1e-12);
    assert_float_equal(rd_spectral_modularity(a, one, 1), 0.0, 1e-12);
    rd_csr_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_graph_by_hand),
        cmocka_unit_test(test_graph_symmetric_and_thread_free),
        cmocka_unit_test(test_embed_and_cluster),
        cmocka_unit_test(test_modularity_by_hand),
    };
    return cmocka_run_group_tests_name("spectral", tests, NULL, NULL);
}
