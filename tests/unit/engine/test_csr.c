/* tests/unit/engine/test_csr.c — compressed sparse rows: the invariants rd_csr_check
 * enforces, the transpose, the sparse × dense product (against a dense product in double,
 * and the same bytes for every thread count), row selection and the squared norm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/csr.h"
#include "tests/unit/engine/dense.h"

static void test_csr_check(void **state)
{
    (void)state;
    rd_csr *m = example_3x3();
    rd_err err;
    m->indices[1] = 0; /* not increasing */
    assert_int_equal(rd_csr_check(m, &err), RD_EINVAL);
    m->indices[1] = 5; /* out of range */
    assert_int_equal(rd_csr_check(m, &err), RD_EINVAL);
    m->indices[1] = 1;
    m->data[2] = NAN;
    assert_int_equal(rd_csr_check(m, &err), RD_EINVAL);
    m->data[2] = 1;
    assert_int_equal(rd_csr_check(m, &err), RD_OK);
    m->indptr[2] = 1; /* decreases from row 1 to row 2 */
    assert_int_equal(rd_csr_check(m, &err), RD_EINVAL);
    assert_string_equal(err.msg, "csr: indptr decreases at row 1");
    m->indptr[2] = 3;
    m->indptr[3] = 4; /* does not end at nnz */
    assert_int_equal(rd_csr_check(m, &err), RD_EINVAL);
    rd_csr_free(m);
    rd_csr_free(NULL);
}

static void test_new_limits(void **state)
{
    (void)state;
    rd_csr *m = (rd_csr *)1;
    rd_err err;
    assert_int_equal(rd_csr_new(2, (size_t)INT32_MAX + 1, 0, &m, &err), RD_EINVAL);
    assert_null(m);
    assert_int_equal(rd_csr_new(0, 0, 0, &m, &err), RD_OK); /* empty is fine */
    assert_int_equal(m->indptr[0], 0);
    assert_int_equal(rd_csr_check(m, &err), RD_OK);
    rd_csr_free(m);
    /* a transpose would need more rows than int32 column indices hold */
    rd_csr big = {.n_rows = (size_t)INT32_MAX + 1, .n_cols = 1};
    assert_int_equal(rd_csr_transpose(&big, &m, &err), RD_EINVAL);
    assert_null(m);
}

static void test_transpose(void **state)
{
    (void)state;
    rd_csr *m = example_3x3(), *t, *tt;
    rd_err err;
    assert_int_equal(rd_csr_transpose(m, &t, &err), RD_OK);
    /* columns of m:  t0: d0=1 d2=1   t1: d0=2 d1=1   t2: d2=3 */
    const int64_t ip[] = {0, 2, 4, 5};
    const int32_t ix[] = {0, 2, 0, 1, 2};
    const float v[] = {1, 1, 2, 1, 3};
    assert_int_equal(t->n_rows, 3);
    assert_int_equal(t->nnz, 5);
    assert_memory_equal(t->indptr, ip, sizeof ip);
    assert_memory_equal(t->indices, ix, sizeof ix);
    assert_memory_equal(t->data, v, sizeof v);
    assert_int_equal(rd_csr_check(t, &err), RD_OK);
    assert_int_equal(rd_csr_transpose(t, &tt, &err), RD_OK); /* twice: m again */
    assert_memory_equal(tt->indptr, m->indptr, 4 * sizeof *m->indptr);
    assert_memory_equal(tt->indices, m->indices, 5 * sizeof *m->indices);
    assert_memory_equal(tt->data, m->data, 5 * sizeof *m->data);
    rd_csr_free(t);
    rd_csr_free(tt);
    rd_csr_free(m);
}

/* The transpose on 2 and 3 threads, of a matrix large enough (over a million entries) to
 * be split: the same bytes as on one, and transposing back gives the matrix again. */
static void test_transpose_threads(void **state)
{
    (void)state;
    size_t n = 3000, m = 1200;
    double *a = random_sparse(n, m, 0.35, 91);
    rd_csr *x = csr_from_dense(a, n, m), *t1, *tp, *back;
    rd_err err;
    free(a);
    assert_true(x->nnz > 1000000);
    assert_int_equal(rd_csr_transpose(x, &t1, &err), RD_OK);
    for (int threads = 2; threads <= 3; threads++) {
        assert_int_equal(rd_csr_transpose_mt(x, threads, &tp, &err), RD_OK);
        expect_same_csr(tp, t1);
        assert_int_equal(rd_csr_transpose_mt(tp, threads, &back, &err), RD_OK);
        expect_same_csr(back, x);
        rd_csr_free(tp);
        rd_csr_free(back);
    }
    rd_csr_free(t1);
    rd_csr_free(x);
}

/* Y = A·B on a matrix large enough (over 100,000 non-zeros) to be split over threads. */
static void test_mm(void **state)
{
    (void)state;
    size_t n = 1500, m = 400, k = 5;
    double *a = random_sparse(n, m, 0.2, 77);
    rd_csr *x = csr_from_dense(a, n, m);
    assert_true(x->nnz > 100000);
    float *b = malloc(m * k * sizeof *b), *y1 = malloc(n * k * sizeof *y1),
          *yt = malloc(n * k * sizeof *yt);
    rd_rng g;
    rd_rng_seed(&g, 3);
    for (size_t i = 0; i < m * k; i++)
        b[i] = (float)rd_rng_normal(&g);
    rd_csr_mm(x, b, k, y1, 1);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++) {
            double s = 0.0;
            for (size_t t = 0; t < m; t++)
                s += (double)(float)a[i * m + t] * b[t * k + j];
            assert_float_equal(y1[i * k + j], s, 1e-4 * (1.0 + fabs(s)));
        }
    const int threads[] = {0, 2, 3, 7, 100};
    for (size_t i = 0; i < sizeof threads / sizeof *threads; i++) {
        memset(yt, 0xff, n * k * sizeof *yt); /* NaN: every entry must be written */
        rd_csr_mm(x, b, k, yt, threads[i]);
        assert_memory_equal(yt, y1, n * k * sizeof *yt);
    }
    free(a);
    free(b);
    free(y1);
    free(yt);
    rd_csr_free(x);
}

/* Y = Aᵀ·B straight from A: bit for bit rd_csr_mm on the transpose, for every thread
 * count, with empty columns (their rows of Y are zeros) and k above and below the block. */
static void test_tmm(void **state)
{
    (void)state;
    size_t n = 1500, m = 400;
    double *a = random_sparse(n, m, 0.2, 78);
    for (size_t i = 0; i < n; i++)
        a[i * m + 7] = a[i * m + 399] = 0.0; /* two empty columns */
    rd_csr *x = csr_from_dense(a, n, m), *xt;
    rd_err err;
    free(a);
    assert_true(x->nnz > 100000);
    assert_int_equal(rd_csr_transpose(x, &xt, &err), RD_OK);
    const size_t ks[] = {5, 37, 110};
    for (size_t ki = 0; ki < sizeof ks / sizeof *ks; ki++) {
        size_t k = ks[ki];
        float *b = malloc(n * k * sizeof *b), *y1 = malloc(m * k * sizeof *y1),
              *yt = malloc(m * k * sizeof *yt);
        rd_rng g;
        rd_rng_seed(&g, 5 + k);
        for (size_t i = 0; i < n * k; i++)
            b[i] = (float)rd_rng_normal(&g);
        rd_csr_mm(xt, b, k, y1, 1);
        for (size_t j = 0; j < k; j++)
            assert_true(y1[7 * k + j] == 0.0f && y1[399 * k + j] == 0.0f);
        const int threads[] = {0, 1, 2, 3, 7, 100};
        for (size_t i = 0; i < sizeof threads / sizeof *threads; i++) {
            memset(yt, 0xff, m * k * sizeof *yt); /* NaN: every entry must be written */
            rd_csr_tplan plan;
            assert_int_equal(rd_csr_tmm_plan(x, threads[i], &plan, &err), RD_OK);
            assert_true(plan.parts >= 1 && plan.parts <= RD_CSR_MAXP);
            assert_true(plan.cuts[0] == 0 && plan.cuts[plan.parts] == m);
            rd_csr_tmm(x, &plan, b, k, yt);
            assert_memory_equal(yt, y1, m * k * sizeof *yt);
        }
        free(b);
        free(y1);
        free(yt);
    }
    rd_csr_free(xt);
    rd_csr_free(x);
}

static void test_rows_and_norm(void **state)
{
    (void)state;
    rd_csr *m = example_3x3(), *s;
    rd_err err;
    const size_t rows[] = {2, 0, 2};
    assert_int_equal(rd_csr_rows(m, rows, 3, &s, &err), RD_OK);
    const int64_t ip[] = {0, 2, 4, 6};
    const int32_t ix[] = {0, 2, 0, 1, 0, 2};
    const float v[] = {1, 3, 1, 2, 1, 3};
    expect_csr(s, 3, 3, 6, ip, ix, v);
    assert_float_equal(rd_csr_sqnorm(m), 1 + 4 + 1 + 1 + 9, 0);
    assert_float_equal(rd_csr_sqnorm(s), 1 + 9 + 1 + 4 + 1 + 9, 0);
    rd_csr_free(s);
    assert_int_equal(rd_csr_rows(m, rows, 0, &s, &err), RD_OK);
    assert_int_equal(s->n_rows, 0);
    assert_int_equal(s->nnz, 0);
    rd_csr_free(s);
    rd_csr_free(m);
}

/* rd_csr_context_rows against a dense reference: each non-empty row plus c × its
 * neighbours of the same group, at unit length; empty rows stay empty; a selection of rows
 * gives those rows of the whole. */
static void test_context_rows(void **state)
{
    (void)state;
    const size_t n = 23, m = 17;
    double *a = random_sparse(n, m, 0.2, 7);
    for (size_t t = 0; t < m; t++) /* rows 4 and 11 empty */
        a[4 * m + t] = a[11 * m + t] = 0.0;
    const uint32_t group[23] = {0, 0, 0, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 4, 4, 5, 5, 5,
                                5, 5, 6, 6, 6};
    const float c = 0.5f;
    rd_csr *x = csr_from_dense(a, n, m), *y = NULL, *z = NULL;
    rd_err err;
    assert_int_equal(rd_csr_context_rows(x, group, c, NULL, n, 1, &y, &err), RD_OK);
    assert_int_equal(rd_csr_check(y, &err), RD_OK);
    assert_int_equal(y->n_rows, n);
    double *ref = calloc(n * m, sizeof *ref);
    for (size_t i = 0; i < n; i++) {
        double own = 0.0, ss = 0.0;
        for (size_t t = 0; t < m; t++)
            own += a[i * m + t];
        if (own == 0.0)
            continue;
        for (size_t t = 0; t < m; t++) {
            double v = a[i * m + t];
            if (i > 0 && group[i - 1] == group[i])
                v += c * a[(i - 1) * m + t];
            if (i + 1 < n && group[i + 1] == group[i])
                v += c * a[(i + 1) * m + t];
            ref[i * m + t] = v;
            ss += v * v;
        }
        for (size_t t = 0; t < m; t++)
            ref[i * m + t] /= sqrt(ss);
    }
    for (size_t i = 0; i < n; i++) {
        double got[17] = {0};
        for (int64_t e = y->indptr[i]; e < y->indptr[i + 1]; e++)
            got[y->indices[e]] = y->data[e];
        for (size_t t = 0; t < m; t++)
            assert_float_equal(got[t], ref[i * m + t], 1e-6);
    }
    assert_int_equal(y->indptr[5] - y->indptr[4], 0);
    assert_int_equal(y->indptr[12] - y->indptr[11], 0);
    const size_t rows[] = {22, 3, 7, 12, 0, 11};
    assert_int_equal(rd_csr_context_rows(x, group, c, rows, 6, 3, &z, &err), RD_OK);
    for (size_t i = 0; i < 6; i++) {
        size_t r = rows[i];
        assert_int_equal(z->indptr[i + 1] - z->indptr[i], y->indptr[r + 1] - y->indptr[r]);
        for (int64_t e = 0; e < z->indptr[i + 1] - z->indptr[i]; e++) {
            assert_int_equal(z->indices[z->indptr[i] + e], y->indices[y->indptr[r] + e]);
            assert_float_equal(z->data[z->indptr[i] + e], y->data[y->indptr[r] + e], 0);
        }
    }
    free(ref);
    free(a);
    rd_csr_free(x);
    rd_csr_free(y);
    rd_csr_free(z);
    /* Over threads (above 100,000 entries): the same bytes for 1, 2 and 3, and for rows
     * picked from the whole. */
    const size_t bn = 12000, bm = 300;
    double *big = random_sparse(bn, bm, 0.04, 9);
    for (size_t t = 0; t < bm; t++)
        big[777 * bm + t] = 0.0;
    uint32_t *bg = malloc(bn * sizeof *bg);
    for (size_t i = 0; i < bn; i++)
        bg[i] = (uint32_t)(i / 7);
    rd_csr *bx = csr_from_dense(big, bn, bm), *b1 = NULL, *bt = NULL;
    assert_int_equal(rd_csr_context_rows(bx, bg, c, NULL, bn, 1, &b1, &err), RD_OK);
    assert_true(b1->nnz > 100000);
    for (int th = 2; th <= 3; th++) {
        assert_int_equal(rd_csr_context_rows(bx, bg, c, NULL, bn, th, &bt, &err), RD_OK);
        expect_same_csr(b1, bt);
        rd_csr_free(bt);
    }
    size_t *pick = malloc(bn * sizeof *pick);
    for (size_t i = 0; i < bn; i++)
        pick[i] = (i * 7919) % bn;
    assert_int_equal(rd_csr_context_rows(bx, bg, c, pick, bn, 2, &bt, &err), RD_OK);
    for (size_t i = 0; i < bn; i++) {
        size_t r = pick[i];
        assert_int_equal(bt->indptr[i + 1] - bt->indptr[i], b1->indptr[r + 1] - b1->indptr[r]);
        assert_memory_equal(bt->indices + bt->indptr[i], b1->indices + b1->indptr[r],
                            (size_t)(b1->indptr[r + 1] - b1->indptr[r]) * sizeof *bt->indices);
        assert_memory_equal(bt->data + bt->indptr[i], b1->data + b1->indptr[r],
                            (size_t)(b1->indptr[r + 1] - b1->indptr[r]) * sizeof *bt->data);
    }
    free(pick);
    free(big);
    free(bg);
    rd_csr_free(bx);
    rd_csr_free(b1);
    rd_csr_free(bt);
}

/* rd_csr_narrow: the used and the marked columns, renumbered in order; nothing to do when
 * every column is kept. */
static void test_narrow(void **state)
{
    (void)state;
    const double a[] = {0, 2, 0, 0, 5, /**/ 0, 0, 0, 0, 1, /**/ 0, 3, 0, 0, 0};
    rd_csr *m = csr_from_dense(a, 3, 5), *s;
    uint32_t *cols;
    size_t kept;
    rd_err err;
    assert_int_equal(rd_csr_narrow(m, NULL, &s, &cols, &kept, &err), RD_OK);
    assert_int_equal(kept, 2);
    assert_int_equal(cols[0], 1);
    assert_int_equal(cols[1], 4);
    const int64_t ip[] = {0, 2, 3, 4};
    const int32_t ix[] = {0, 1, 1, 0};
    const float v[] = {2, 5, 1, 3};
    expect_csr(s, 3, 2, 4, ip, ix, v);
    rd_csr_free(s);
    free(cols);
    const unsigned char keep[] = {0, 0, 1, 0, 0};
    assert_int_equal(rd_csr_narrow(m, keep, &s, &cols, &kept, &err), RD_OK);
    assert_int_equal(kept, 3);
    assert_int_equal(cols[1], 2);
    assert_int_equal(s->indices[1], 2);
    rd_csr_free(s);
    free(cols);
    const unsigned char all[] = {1, 1, 1, 1, 1};
    assert_int_equal(rd_csr_narrow(m, all, &s, &cols, &kept, &err), RD_OK);
    assert_null(s);
    assert_null(cols);
    assert_int_equal(kept, 5);
    rd_csr_free(m);
}

/* Entries of the marked columns moved out, in place; the shape and the rest kept. */
static void test_split_cols(void **state)
{
    (void)state;
    const double a[] = {0, 2, 0, 4, 5, /**/ 0, 0, 0, 4, 0, /**/ 1, 3, 0, 7, 0};
    rd_csr *m = csr_from_dense(a, 3, 5), *s;
    rd_err err;
    const unsigned char mark[] = {0, 0, 0, 1, 0};
    assert_int_equal(rd_csr_split_cols(m, mark, &s, &err), RD_OK);
    const int64_t ip[] = {0, 2, 2, 4};
    const int32_t ix[] = {1, 4, 0, 1};
    const float v[] = {2, 5, 1, 3};
    expect_csr(m, 3, 5, 4, ip, ix, v);
    const int64_t sp[] = {0, 1, 2, 3};
    const int32_t sx[] = {3, 3, 3};
    const float sv[] = {4, 4, 7};
    expect_csr(s, 3, 5, 3, sp, sx, sv);
    rd_csr_free(s);
    const unsigned char none[] = {0, 0, 0, 1, 0}; /* column 3 has no entry left */
    assert_int_equal(rd_csr_split_cols(m, none, &s, &err), RD_OK);
    assert_null(s);
    expect_csr(m, 3, 5, 4, ip, ix, v);
    rd_csr_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csr_check),
        cmocka_unit_test(test_new_limits),
        cmocka_unit_test(test_transpose),
        cmocka_unit_test(test_transpose_threads),
        cmocka_unit_test(test_mm),
        cmocka_unit_test(test_tmm),
        cmocka_unit_test(test_rows_and_norm),
        cmocka_unit_test(test_context_rows),
        cmocka_unit_test(test_narrow),
        cmocka_unit_test(test_split_cols),
    };
    return cmocka_run_group_tests_name("csr", tests, NULL, NULL);
}
