/* tests/unit/engine/test_blas.c — rd_blas_gemm against a naive product in double, with
 * and without op(B) = Bᵀ and with beta ≠ 0.
 *
 * Thread counts: every thread count gives the same bytes. Under 4 million multiply-adds
 * the product is one BLAS call; above, the rows are cut into blocks that depend on the
 * shape alone (rd__blas_block_rows), each a single-threaded BLAS call, and the threads
 * only share the blocks out. (When the blocks followed the thread count, about 1 entry in
 * 20 of a 333-row product differed in the last bit or two between -j1 and -j2: OpenBLAS
 * computes the rows at the end of a call with another kernel than the rows inside one.) */
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
#include "engine/work.h"
#include "tests/unit/engine/dense.h"

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

/* Above 4 million multiply-adds: blocks of rows by shape, the same bytes for every
 * thread count, and byte for byte the blocks computed one by one. */
static void test_split_over_threads(void **state)
{
    (void)state;
    static const size_t shapes[][3] = {
        {333, 130, 100},  /* 4.3 M: blocks of 192 rows, the last one 141 */
        {1000, 37, 150},  /* 5.5 M: 384, 384, 232 */
        {5003, 8, 100},   /* k-means distances: 2,624 rows, then 2,379 */
        {20011, 20, 20},  /* a HALS sweep: 5,248 rows a block, 4 blocks */
        {64, 1000, 100},  /* 6.4 M in 64 rows: one block */
    };
    const int threads[] = {1, 2, 3, 4, 7, 64, 100, 0, -3};
    for (size_t sh = 0; sh < sizeof shapes / sizeof *shapes; sh++) {
        size_t rows = shapes[sh][0], cols = shapes[sh][1], kk = shapes[sh][2];
        size_t block = rd__blas_block_rows(rows, cols, kk);
        assert_true(block % 64 == 0 || block == rows);
        assert_true(block * cols * kk >= RD_BLAS_BLOCK_WORK || block == rows);
        float *a = randn(rows * kk, 1), *b = randn(cols * kk, 2), *c0 = randn(rows * cols, 3);
        for (int trans_b = 0; trans_b < 2; trans_b++) {
            float *c1 = product(1, rows, cols, kk, 0.75f, a, b, trans_b, -1.0f, c0);
            for (size_t t = 1; t < sizeof threads / sizeof *threads; t++) {
                float *ct = product(threads[t], rows, cols, kk, 0.75f, a, b, trans_b, -1.0f, c0);
                assert_memory_equal(ct, c1, rows * cols * sizeof *ct);
                free(ct);
            }
            /* the blocks one by one, each under the limit, so one call each */
            float *blk = malloc(rows * cols * sizeof *blk);
            memcpy(blk, c0, rows * cols * sizeof *blk);
            for (size_t r0 = 0; r0 < rows; r0 += block) {
                size_t r1 = r0 + block < rows ? r0 + block : rows;
                assert_int_equal(rd__blas_block_rows(r1 - r0, cols, kk), r1 - r0);
                rd_blas_gemm(1, r1 - r0, cols, kk, 0.75f, a + r0 * kk, b, trans_b, -1.0f,
                             blk + r0 * cols);
            }
            assert_memory_equal(blk, c1, rows * cols * sizeof *blk);
            free(blk);
            free(c1);
        }
        free(a);
        free(b);
        free(c0);
    }
    assert_int_equal(rd__blas_block_rows(333, 130, 100), 192);
    assert_int_equal(rd__blas_block_rows(200, 100, 199), 200); /* under 4 M: one call */
    assert_int_equal(rd__blas_block_rows(0, 10, 10), 1);
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

/* The work counters (engine/work.h): a product of m × k by k × n counts 2·m·n·k
 * operations and its operands and result once, whatever the thread count; a sparse
 * product 2·nnz·k operations. */
static void test_work(void **state)
{
    (void)state;
    float a[6 * 4] = {0}, b[4 * 5] = {0}, c[6 * 5];
    double f0, b0, f1, b1;
    rd_work_get(&f0, &b0);
    rd_blas_gemm(2, 6, 5, 4, 1.0f, a, b, 0, 0.0f, c);
    rd_work_get(&f1, &b1);
    assert_true(f1 - f0 == 2.0 * 6 * 5 * 4);
    assert_true(b1 - b0 == 4.0 * (6 * 4 + 4 * 5 + 2 * 6 * 5));
    const double d[] = {1, 0, 2, /**/ 0, 3, 0};
    rd_csr *m = csr_from_dense(d, 2, 3);
    float x[3 * 4] = {0}, y[2 * 4];
    rd_work_get(&f0, &b0);
    rd_csr_mm(m, x, 4, y, 1);
    rd_work_get(&f1, &b1);
    assert_true(f1 - f0 == 2.0 * 3 * 4);
    assert_true(b1 - b0 == 8.0 * 3 + 8.0 * 3 + 4.0 * 4 * (2 + 3));
    rd_csr_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_split_over_threads),
        cmocka_unit_test(test_info),
        cmocka_unit_test(test_work),
    };
    return cmocka_run_group_tests_name("blas", tests, NULL, NULL);
}
