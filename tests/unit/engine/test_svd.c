/* tests/unit/engine/test_svd.c — randomized truncated SVD against LAPACKE's full SVD.
 *
 * The reference is LAPACKE_dgesdd (double precision, every singular triple) on the same
 * matrix in dense form, with the same sign rule applied. Single precision and the
 * randomized range finder allow a small error: 1e-4 relative on the singular values of
 * an exactly low-rank matrix, 1e-2 on a full-rank sparse one with power iterations. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <lapacke.h>

#include "engine/svd.h"
#include "tests/unit/engine/dense.h"

/* Full SVD of dense a (n×m, n ≥ m here or not): s (min), vt (min × m), u (n × min). */
static void full_svd(const double *a, size_t n, size_t m, double *u, double *s, double *vt)
{
    size_t mn = n < m ? n : m;
    double *c = malloc(n * m * sizeof *c);
    memcpy(c, a, n * m * sizeof *c);
    lapack_int info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 'S', (lapack_int)n, (lapack_int)m, c,
                                     (lapack_int)m, s, u, (lapack_int)mn, vt, (lapack_int)m);
    assert_int_equal(info, 0);
    for (size_t j = 0; j < mn; j++) { /* the same canonical sign as rd_svd_randomized */
        size_t arg = 0;
        for (size_t t = 0; t < m; t++)
            if (fabs(vt[j * m + t]) > fabs(vt[j * m + arg]))
                arg = t;
        if (vt[j * m + arg] < 0) {
            for (size_t t = 0; t < m; t++)
                vt[j * m + t] = -vt[j * m + t];
            for (size_t i = 0; i < n; i++)
                u[i * mn + j] = -u[i * mn + j];
        }
    }
    free(c);
}

static void compare(const double *a, size_t n, size_t m, size_t rank, size_t power,
                    double tol_s, double tol_v)
{
    size_t mn = n < m ? n : m;
    double *u = malloc(n * mn * sizeof *u), *s = malloc(mn * sizeof *s),
           *vt = malloc(mn * m * sizeof *vt);
    full_svd(a, n, m, u, s, vt);
    rd_csr *c = csr_from_dense(a, n, m);
    rd_rng rng;
    rd_rng_seed(&rng, 42);
    rd_svd out;
    rd_err err;
    rd_svd_opts o = {rank, 10, power, 2};
    assert_int_equal(rd_svd_randomized(c, NULL, &o, &rng, &out, &err), RD_OK);
    assert_int_equal(out.rank, rank);
    for (size_t j = 0; j < rank; j++) {
        assert_true(fabs(out.s[j] - s[j]) <= tol_s * s[0]);
        if (j + 1 < rank)
            assert_true(out.s[j] >= out.s[j + 1]);
        /* Singular vectors, where the gap to the next value makes them well defined. */
        if (j + 1 < mn && s[j] - s[j + 1] > 0.05 * s[0]) {
            double dv = 0.0, du = 0.0;
            for (size_t t = 0; t < m; t++)
                dv = fmax(dv, fabs(out.vt[j * m + t] - vt[j * m + t]));
            for (size_t i = 0; i < n; i++)
                du = fmax(du, fabs(out.u[i * rank + j] - u[i * mn + j]));
            assert_true(dv < tol_v);
            assert_true(du < tol_v);
        }
    }
    /* U has orthonormal columns. */
    for (size_t p = 0; p < rank; p++)
        for (size_t q = 0; q < rank; q++) {
            double g = 0.0;
            for (size_t i = 0; i < n; i++)
                g += (double)out.u[i * rank + p] * out.u[i * rank + q];
            assert_true(fabs(g - (p == q)) < 1e-4);
        }
    rd_svd_free(&out);
    rd_csr_free(c);
    free(u);
    free(s);
    free(vt);
}

/* Exactly rank 6: A = Σ σ_j x_j y_jᵀ with σ = 32, 16, 8, 4, 2, 1. */
static void test_low_rank_exact(void **state)
{
    (void)state;
    size_t n = 50, m = 35, r = 6;
    rd_rng g;
    rd_rng_seed(&g, 7);
    double *a = calloc(n * m, sizeof *a);
    for (size_t j = 0; j < r; j++) {
        double x[50], y[35], sigma = 32.0 / (double)(1u << j);
        for (size_t i = 0; i < n; i++)
            x[i] = rd_rng_normal(&g);
        for (size_t t = 0; t < m; t++)
            y[t] = rd_rng_normal(&g);
        for (size_t i = 0; i < n; i++)
            for (size_t t = 0; t < m; t++)
                a[i * m + t] += sigma * x[i] * y[t] / 7.0;
    }
    compare(a, n, m, r, 0, 1e-4, 1e-3);
    free(a);
}

/* From RD_SVD_GRAM_MIN columns on, the small SVD goes through the Gram matrix: an exactly
 * rank-6 matrix of 40 rows over that many columns (each component on 400 of them) gives
 * LAPACKE_dgesdd's singular triples as closely as the sgesdd path does. */
static void test_gram_path(void **state)
{
    (void)state;
    size_t n = 40, m = RD_SVD_GRAM_MIN, r = 6;
    rd_rng g;
    rd_rng_seed(&g, 11);
    double *a = calloc(n * m, sizeof *a);
    for (size_t j = 0; j < r; j++) {
        double x[40], sigma = 32.0 / (double)(1u << j);
        for (size_t i = 0; i < n; i++)
            x[i] = rd_rng_normal(&g);
        for (size_t c = 0; c < 400; c++) {
            size_t t = (size_t)(rd_rng_uniform(&g) * (double)m) % m;
            double y = rd_rng_normal(&g);
            for (size_t i = 0; i < n; i++)
                a[i * m + t] += sigma * x[i] * y / 20.0;
        }
    }
    compare(a, n, m, r, 1, 1e-4, 1e-3);
    compare(a, n, m, r, 0, 1e-4, 1e-3);
    free(a);
}

/* Full rank, sparse and nonnegative like a TF-IDF matrix; both orientations. */
static void test_sparse_full_rank(void **state)
{
    (void)state;
    double *a = random_sparse(80, 60, 0.15, 3);
    compare(a, 80, 60, 5, 6, 1e-2, 0.2);
    compare(a, 80, 60, 5, 1, 3e-2, 1.0); /* one power iteration: algorithm 4.3 path */
    free(a);
    a = random_sparse(40, 90, 0.15, 4);
    compare(a, 40, 90, 5, 6, 1e-2, 0.2);
    free(a);
}

/* Rank = min(n, m): the whole spectrum. */
static void test_full_spectrum(void **state)
{
    (void)state;
    double *a = random_sparse(12, 9, 0.5, 5);
    compare(a, 12, 9, 9, 2, 1e-4, 1.0);
    free(a);
}

static void test_deterministic_and_signs(void **state)
{
    (void)state;
    double *a = random_sparse(70, 50, 0.1, 9);
    rd_csr *c = csr_from_dense(a, 70, 50);
    rd_svd s1, s2;
    rd_rng r1, r2;
    rd_err err;
    rd_svd_opts o = {8, 10, 3, 2};
    rd_rng_seed(&r1, 1);
    rd_rng_seed(&r2, 1);
    assert_int_equal(rd_svd_randomized(c, NULL, &o, &r1, &s1, &err), RD_OK);
    o.threads = 1;
    assert_int_equal(rd_svd_randomized(c, NULL, &o, &r2, &s2, &err), RD_OK);
    assert_memory_equal(s1.u, s2.u, 70 * 8 * sizeof(float));
    assert_memory_equal(s1.vt, s2.vt, 8 * 50 * sizeof(float));
    for (size_t j = 0; j < 8; j++) {
        size_t arg = 0;
        for (size_t t = 0; t < 50; t++)
            if (fabsf(s1.vt[j * 50 + t]) > fabsf(s1.vt[j * 50 + arg]))
                arg = t;
        assert_true(s1.vt[j * 50 + arg] > 0);
    }
    rd_svd_free(&s1);
    rd_svd_free(&s2);
    rd_csr_free(c);
    free(a);
}

/* More than 1,024 rows: U is formed in blocks over Q. Exactly rank 3, with Aᵀ given or
 * built inside: the same bytes. */
static void test_tall(void **state)
{
    (void)state;
    size_t n = 2600, m = 12, r = 3;
    rd_rng g;
    rd_rng_seed(&g, 8);
    double *a = calloc(n * m, sizeof *a);
    for (size_t j = 0; j < r; j++) {
        double y[12], sigma = 9.0 / (double)(j + 1);
        for (size_t t = 0; t < m; t++)
            y[t] = rd_rng_normal(&g);
        for (size_t i = 0; i < n; i++) {
            double xi = rd_rng_normal(&g) / 50.0;
            for (size_t t = 0; t < m; t++)
                a[i * m + t] += sigma * xi * y[t];
        }
    }
    compare(a, n, m, r, 1, 1e-4, 1e-3);
    rd_csr *c = csr_from_dense(a, n, m), *ct;
    rd_err err;
    assert_int_equal(rd_csr_transpose(c, &ct, &err), RD_OK);
    rd_svd s1, s2;
    rd_rng r1, r2;
    rd_rng_seed(&r1, 3);
    rd_rng_seed(&r2, 3);
    rd_svd_opts o = {r, 5, 2, 2};
    assert_int_equal(rd_svd_randomized(c, NULL, &o, &r1, &s1, &err), RD_OK);
    assert_int_equal(rd_svd_randomized(c, ct, &o, &r2, &s2, &err), RD_OK);
    assert_int_equal(s1.n_rows, n);
    assert_int_equal(s1.n_cols, m);
    assert_memory_equal(s1.u, s2.u, n * r * sizeof *s1.u);
    assert_memory_equal(s1.s, s2.s, r * sizeof *s1.s);
    assert_memory_equal(s1.vt, s2.vt, r * m * sizeof *s1.vt);
    rd_svd_free(&s1);
    rd_svd_free(&s2);
    rd_svd_free(NULL);
    rd_csr_free(c);
    rd_csr_free(ct);
    free(a);
}

/* y (n×l) after orthonormalisation against y0, its columns before: max |QᵀQ − I| and the
 * largest relative residual of a column of y0 outside the span of Q, in double. */
static void orth_errors(const float *q, const float *y0, size_t n, size_t l, double *dev,
                        double *res)
{
    *dev = 0.0;
    *res = 0.0;
    for (size_t a = 0; a < l; a++)
        for (size_t b = a; b < l; b++) {
            double d = 0.0;
            for (size_t i = 0; i < n; i++)
                d += (double)q[i * l + a] * q[i * l + b];
            d = fabs(d - (a == b ? 1.0 : 0.0));
            *dev = d > *dev ? d : *dev;
        }
    double *c = malloc(l * sizeof *c);
    for (size_t b = 0; b < l; b++) {
        double n2 = 0.0, r2 = 0.0;
        for (size_t a = 0; a < l; a++) {
            c[a] = 0.0;
            for (size_t i = 0; i < n; i++)
                c[a] += (double)q[i * l + a] * y0[i * l + b];
        }
        for (size_t i = 0; i < n; i++) {
            double p = 0.0;
            for (size_t a = 0; a < l; a++)
                p += c[a] * q[i * l + a];
            n2 += (double)y0[i * l + b] * y0[i * l + b];
            r2 += (p - y0[i * l + b]) * (p - y0[i * l + b]);
        }
        if (n2 > 0.0 && sqrt(r2 / n2) > *res)
            *res = sqrt(r2 / n2);
    }
    free(c);
}

/* Each row x of y (n×l) becomes x·H·D·H: H = I − 2·v·vᵀ (v a random unit vector) mixes
 * every column into every other, D = diag(10^(−e·j/(l−1))): y's condition number becomes
 * about 10^e, not graded along the columns. */
static void ill_mix(float *y, size_t n, size_t l, double e, rd_rng *g)
{
    double *v = malloc(l * sizeof *v), *x = malloc(l * sizeof *x), nv = 0.0;
    for (size_t j = 0; j < l; j++) {
        v[j] = rd_rng_normal(g);
        nv += v[j] * v[j];
    }
    for (size_t j = 0; j < l; j++)
        v[j] /= sqrt(nv);
    for (size_t i = 0; i < n; i++) {
        for (int h = 0; h < 2; h++) {
            double d = 0.0;
            for (size_t j = 0; j < l; j++) {
                x[j] = h ? x[j] : y[i * l + j];
                d += x[j] * v[j];
            }
            for (size_t j = 0; j < l; j++) {
                x[j] -= 2.0 * d * v[j];
                if (!h)
                    x[j] *= pow(10.0, -e * (double)j / (double)(l - 1));
            }
        }
        for (size_t j = 0; j < l; j++)
            y[i * l + j] = (float)x[j];
    }
    free(v);
    free(x);
}

/* CholeskyQR2 and the orthonormalisation it serves from RD_SVD_CHOLQR_MIN rows on. Done by
 * CholeskyQR2 itself: a well-conditioned y; graded columns (cond about 1e5); mixed ones of
 * cond 1e7 — beyond what a Gram in single precision holds (about 1/√u = 4e3), not beyond
 * the Gram in double. Left to the LQ: y of lower rank than l (a repeated and a zero
 * column) and mixed columns of cond 1e9 (the Gram's Cholesky fails). Every result is
 * orthonormal and spans y's columns. */
static void test_orthonormalise(void **state)
{
    (void)state;
    size_t n = RD_SVD_CHOLQR_MIN + 904, l = 40;
    float *y = malloc(n * l * sizeof *y), *y0 = malloc(n * l * sizeof *y0);
    float *tau = malloc(l * sizeof *tau);
    rd_err err;
    for (int kind = 0; kind < 5; kind++) {
        rd_rng g;
        rd_rng_seed(&g, 40 + (uint64_t)kind);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < l; j++) {
                double scale = kind == 1 ? pow(10.0, -5.0 * (double)j / (double)(l - 1)) : 1.0;
                y[i * l + j] = (float)(rd_rng_normal(&g) * scale);
            }
        if (kind == 1) /* mix the columns so the scales are not along the axes */
            for (size_t i = 0; i < n; i++)
                for (size_t j = 1; j < l; j++)
                    y[i * l + j] += 0.5f * y[i * l + j - 1];
        if (kind == 2)
            for (size_t i = 0; i < n; i++) {
                y[i * l + 7] = y[i * l + 3];
                y[i * l + 20] = 0.0f;
            }
        if (kind >= 3)
            ill_mix(y, n, l, kind == 3 ? 7.0 : 9.0, &g);
        memcpy(y0, y, n * l * sizeof *y);
        int ok = -1;
        assert_int_equal(rd_svd_cholqr2(y, n, l, &ok, &err), RD_OK);
        assert_int_equal(ok, kind != 2 && kind != 4);
        double dev, res;
        if (ok) {
            orth_errors(y, y0, n, l, &dev, &res);
            assert_true(dev < 1e-5);
            assert_true(res < 1e-5);
        }
        memcpy(y, y0, n * l * sizeof *y);
        assert_int_equal(rd_svd_orthonormalise(y, n, l, tau, &err), RD_OK);
        orth_errors(y, y0, n, l, &dev, &res);
        assert_true(dev < 1e-5);
        assert_true(res < 1e-5);
    }
    free(y);
    free(y0);
    free(tau);
}

static void test_bad_rank(void **state)
{
    (void)state;
    double *a = random_sparse(5, 4, 0.5, 1);
    rd_csr *c = csr_from_dense(a, 5, 4);
    rd_svd s;
    rd_rng r;
    rd_err err;
    rd_rng_seed(&r, 1);
    rd_svd_opts o = {5, 10, 1, 1};
    assert_int_equal(rd_svd_randomized(c, NULL, &o, &r, &s, &err), RD_EINVAL);
    assert_null(s.u);
    o.rank = 0;
    assert_int_equal(rd_svd_randomized(c, NULL, &o, &r, &s, &err), RD_EINVAL);
    rd_csr_free(c);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_low_rank_exact),
        cmocka_unit_test(test_gram_path),
        cmocka_unit_test(test_sparse_full_rank),
        cmocka_unit_test(test_full_spectrum),
        cmocka_unit_test(test_deterministic_and_signs),
        cmocka_unit_test(test_tall),
        cmocka_unit_test(test_orthonormalise),
        cmocka_unit_test(test_bad_rank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
