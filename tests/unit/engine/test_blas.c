/* tests/unit/engine/test_blas.c — rd_blas_gemm against a naive product in double, with
 * and without op(B) = Bᵀ and with beta ≠ 0.
 *
 * Thread counts: under 4 million multiply-adds every thread count gives the same bytes
 * (one thread runs). Above, the rows are cut into one block per thread and each block is
 * a single-threaded BLAS call, so a split product is byte for byte the blocks computed
 * one by one — and a given thread count always gives the same bytes. Different thread
 * counts do not: OpenBLAS computes the rows at the end of a block with another kernel
 * than rows inside one (about 1 entry in 20 differs in the last bit or two between -j1
 * and -j2 on a 333-row product), which is why blas.h promises reproducibility for a
 * given -j only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/blas.h"
#include "engine/rng.h"

static float *randn(size_t n, uint64_t seed)
{
    rd_rng g;
    rd_rng_seed(&g, seed);
    float *v = malloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (float)rd_rng_normal(&g);
    return v;
}

/* C = alpha·A·op(B) + beta·C0 in double. */
static void naive(size_t rows, size_t cols, size_t kk, double alpha, const float *a,
                  const float *b, int trans_b, double beta, const float *c0, double *c)
{
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) {
            double s = 0.0;
            for (size_t t = 0; t < kk; t++)
                s += (double)a[i * kk + t] * (trans_b ? b[j * kk + t] : b[t * cols + j]);
            c[i * cols + j] = alpha * s + beta * c0[i * cols + j];
        }
}

/* rd_blas_gemm(threads, …) against the naive product, and run twice: the same bytes. */
static float *product(int threads, size_t rows, size_t cols, size_t kk, float alpha,
                      const float *a, const float *b, int trans_b, float beta, const float *c0)
{
    float *c = malloc(rows * cols * sizeof *c), *again = malloc(rows * cols * sizeof *c);
    double *want = malloc(rows * cols * sizeof *want);
    naive(rows, cols, kk, alpha, a, b, trans_b, beta, c0, want);
    memcpy(c, c0, rows * cols * sizeof *c);
    rd_blas_gemm(threads, rows, cols, kk, alpha, a, b, trans_b, beta, c);
    for (size_t i = 0; i < rows * cols; i++)
        assert_float_equal(c[i], want[i], 1e-4 * (1.0 + fabs(want[i])) * sqrt((double)kk));
    memcpy(again, c0, rows * cols * sizeof *c);
    rd_blas_gemm(threads, rows, cols, kk, alpha, a, b, trans_b, beta, again);
    assert_memory_equal(again, c, rows * cols * sizeof *c);
    free(again);
    free(want);
    return c;
}

/* Every thread count in threads[] gives the bytes of the first. */
static void check(size_t rows, size_t cols, size_t kk, int trans_b, float alpha, float beta,
                  const int *threads, size_t nt)
{
    float *a = randn(rows * kk, 1), *b = randn(kk * cols, 2), *c0 = randn(rows * cols, 3);
    float *c1 = product(threads[0], rows, cols, kk, alpha, a, b, trans_b, beta, c0);
    for (size_t t = 1; t < nt; t++) {
        float *ct = product(threads[t], rows, cols, kk, alpha, a, b, trans_b, beta, c0);
        assert_memory_equal(ct, c1, rows * cols * sizeof *ct);
        free(ct);
    }
    free(a);
    free(b);
    free(c0);
    free(c1);
}

static const int ALL[] = {1, 0, 2, 3, 64, 100};
#define NALL (sizeof ALL / sizeof *ALL)

static void test_small(void **state)
{
    (void)state;
    /* 2 × 3 times 3 × 2, by hand: [1 2 3; 4 5 6]·[1 0; 0 1; 1 1] = [4 5; 10 11] */
    const float a[] = {1, 2, 3, 4, 5, 6}, b[] = {1, 0, 0, 1, 1, 1}, bt[] = {1, 0, 1, 0, 1, 1};
    float c[4] = {1, 1, 1, 1};
    rd_blas_gemm(2, 2, 2, 3, 1.0f, a, b, 0, 0.0f, c);
    const float want[] = {4, 5, 10, 11};
    assert_memory_equal(c, want, sizeof c);
    const float want2[] = {4 * 2 + 1, 5 * 2 + 1, 10 * 2 + 1, 11 * 2 + 1};
    float d[4] = {1, 1, 1, 1};
    rd_blas_gemm(1, 2, 2, 3, 2.0f, a, bt, 1, 1.0f, d);
    assert_memory_equal(d, want2, sizeof d);
    check(7, 5, 3, 0, 1.0f, 0.0f, ALL, NALL);
    check(7, 5, 3, 1, -0.5f, 2.0f, ALL, NALL);
    /* 200 × 100 × 199: just under 4 million multiply-adds, so one thread whatever -j */
    check(200, 100, 199, 1, 1.0f, 0.0f, ALL, NALL);
}

/* 333 × 130 × 100 = 4.3 million multiply-adds: cut into blocks of rows. */
static void test_split_over_threads(void **state)
{
    (void)state;
    size_t rows = 333, cols = 130, kk = 100;
    float *a = randn(rows * kk, 1), *b = randn(cols * kk, 2), *c0 = randn(rows * cols, 3);
    for (int trans_b = 0; trans_b < 2; trans_b++) {
        /* three threads: rows [0, 111), [111, 222), [222, 333), each one BLAS call; the
         * blocks alone are under the limit and run as one call each too */
        float *c3 = product(3, rows, cols, kk, 0.75f, a, b, trans_b, -1.0f, c0);
        float *blk = malloc(rows * cols * sizeof *blk);
        memcpy(blk, c0, rows * cols * sizeof *blk);
        for (size_t r0 = 0; r0 < rows; r0 += 111)
            rd_blas_gemm(1, 111, cols, kk, 0.75f, a + r0 * kk, b, trans_b, -1.0f,
                         blk + r0 * cols);
        assert_memory_equal(blk, c3, rows * cols * sizeof *blk);
        free(blk);
        free(c3);
    }
    /* more threads than RD_POOL_MAX_FOR are 64; fewer than 1 are 1 */
    const int same64[] = {64, 100, 1000}, same1[] = {1, 0, -3};
    check(rows, cols, kk, 0, 1.0f, 0.0f, same64, 3);
    check(rows, cols, kk, 1, 1.0f, 0.0f, same1, 3);
    free(a);
    free(b);
    free(c0);
}

static void test_info(void **state)
{
    (void)state;
    const char *s = rd_blas_info();
    assert_non_null(strstr(s, "OpenBLAS"));
    assert_non_null(strstr(s, "(core "));
    rd_blas_set_threads(0); /* taken as 1; stops OpenBLAS's own workers */
    rd_blas_set_threads(1);
    check(20, 10, 30, 0, 1.0f, 0.0f, ALL, NALL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_split_over_threads),
        cmocka_unit_test(test_info),
    };
    return cmocka_run_group_tests_name("blas", tests, NULL, NULL);
}
