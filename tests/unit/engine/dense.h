/* tests/unit/engine/dense.h — small helpers for the engine tests: dense matrices from the
 * seeded RNG, their CSR form, and checks of a CSR matrix's arrays. Header-only; each test
 * executable includes it once, after <cmocka.h>. */
#ifndef RD_TEST_DENSE_H
#define RD_TEST_DENSE_H

#include <math.h>
#include <stdlib.h>

#include "engine/csr.h"
#include "engine/rng.h"

/* m is rows × cols with the arrays ip (rows + 1), ix and v (nnz each), and valid. */
static inline void expect_csr(const rd_csr *m, size_t rows, size_t cols, size_t nnz,
                              const int64_t *ip, const int32_t *ix, const float *v)
{
    rd_err err;
    assert_int_equal(m->n_rows, rows);
    assert_int_equal(m->n_cols, cols);
    assert_int_equal(m->nnz, nnz);
    assert_memory_equal(m->indptr, ip, (rows + 1) * sizeof *ip);
    if (nnz) {
        assert_memory_equal(m->indices, ix, nnz * sizeof *ix);
        assert_memory_equal(m->data, v, nnz * sizeof *v);
    }
    assert_int_equal(rd_csr_check(m, &err), RD_OK);
}

/* a and b are the same matrix, byte for byte. */
static inline void expect_same_csr(const rd_csr *a, const rd_csr *b)
{
    expect_csr(a, b->n_rows, b->n_cols, b->nnz, b->indptr, b->indices, b->data);
}

/* CSR of a dense row-major n×m array, keeping entries whose magnitude exceeds 0. */
static inline rd_csr *csr_from_dense(const double *a, size_t n, size_t m)
{
    size_t nnz = 0;
    for (size_t i = 0; i < n * m; i++)
        nnz += a[i] != 0.0;
    rd_csr *c = NULL;
    rd_err err;
    if (rd_csr_new(n, m, nnz, &c, &err) != RD_OK)
        abort();
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < m; j++)
            if (a[i * m + j] != 0.0) {
                c->indices[q] = (int32_t)j;
                c->data[q++] = (float)a[i * m + j];
            }
        c->indptr[i + 1] = (int64_t)q;
    }
    return c;
}

/* 3 × 3 counts:  d0: t0=1 t1=2   d1: t1=1   d2: t0=1 t2=3 (indptr 0 2 3 5). */
static inline rd_csr *example_3x3(void)
{
    const double a[] = {1, 2, 0, 0, 1, 0, 1, 0, 3};
    return csr_from_dense(a, 3, 3);
}

/* Sparse random n×m with nonnegative entries: each kept with probability density. */
static inline double *random_sparse(size_t n, size_t m, double density, uint64_t seed)
{
    rd_rng r;
    rd_rng_seed(&r, seed);
    double *a = calloc(n * m, sizeof *a);
    for (size_t i = 0; i < n * m; i++)
        if (rd_rng_uniform(&r) < density)
            a[i] = 0.1 + rd_rng_uniform(&r);
    return a;
}

/* Planted blocks: n rows × (blocks · per) terms; row i speaks of block block[i] only: each
 * of that block's terms with probability 0.7 (at least one), counted 1..3 times. Counts,
 * dense, row-major (caller frees). */
static inline double *planted_counts(size_t n, size_t blocks, size_t per, const size_t *block,
                                     uint64_t seed)
{
    rd_rng r;
    rd_rng_seed(&r, seed);
    size_t m = blocks * per;
    double *a = calloc(n * m, sizeof *a);
    for (size_t i = 0; i < n; i++) {
        size_t b = block[i], got = 0;
        for (size_t t = b * per; t < (b + 1) * per; t++)
            if (rd_rng_uniform(&r) < 0.7) {
                a[i * m + t] = (double)(1 + rd_rng_below(&r, 3));
                got++;
            }
        if (!got)
            a[i * m + b * per] = 1.0;
    }
    return a;
}

#endif
