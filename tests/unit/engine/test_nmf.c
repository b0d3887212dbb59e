/* tests/unit/engine/test_nmf.c — HALS NMF: the objective never increases, a planted
 * nonnegative factorisation is recovered, the KKT residual is small at convergence, the
 * same bytes for every thread count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/nmf.h"
#include "tests/unit/engine/dense.h"

static void fit(const rd_csr *x, const rd_csr *xt, size_t k, size_t iters, double tol, int nndsvd,
                rd_nmf *out, double *trace)
{
    rd_err err;
    rd_rng rng;
    rd_svd svd = {0};
    rd_rng_seed(&rng, 11);
    if (nndsvd) {
        rd_svd_opts so = {k, 10, 4, 2};
        assert_int_equal(rd_svd_randomized(x, xt, &so, &rng, &svd, &err), RD_OK);
    }
    rd_nmf_opts o = {.k = k, .max_iter = iters, .tol = tol, .threads = 2};
    assert_int_equal(rd_nmf_fit(x, xt, &o, nndsvd ? &svd : NULL, &rng, out, trace, &err), RD_OK);
    rd_svd_free(&svd);
}

static void test_monotone(void **state)
{
    (void)state;
    double *a = random_sparse(120, 90, 0.12, 21);
    rd_csr *x = csr_from_dense(a, 120, 90), *xt;
    rd_err err;
    assert_int_equal(rd_csr_transpose(x, &xt, &err), RD_OK);
    for (int init = 0; init < 2; init++) {
        double trace[301];
        rd_nmf f;
        fit(x, xt, 7, 300, -1.0, init, &f, trace); /* tol < 0: never stop early */
        assert_int_equal(f.iters, 300);
        assert_false(f.converged);
        for (size_t t = 0; t < f.iters; t++) {
            if (!(trace[t + 1] <= trace[t] * (1.0 + 1e-6)))
                print_error("f rose at %zu: %.9g -> %.9g\n", t, trace[t], trace[t + 1]);
            assert_true(trace[t + 1] <= trace[t] * (1.0 + 1e-6));
        }
        assert_true(trace[f.iters] < trace[0]);
        for (size_t i = 0; i < f.n_rows * f.k; i++)
            assert_true(f.w[i] >= 0.0f);
        for (size_t i = 0; i < f.k * f.n_cols; i++)
            assert_true(f.h[i] >= 0.0f);
        rd_nmf_free(&f);
    }
    rd_csr_free(x);
    rd_csr_free(xt);
    free(a);
}

/* X = W0·H0 with 4 components on disjoint groups of 10 columns (plus overlap noise-free
 * mixing in W0): the fit must reach X and find each H0 row (cosine > 0.99). */
static void test_planted(void **state)
{
    (void)state;
    size_t n = 60, m = 40, k = 4;
    double w0[60 * 4], h0[4 * 40] = {0}, *a = calloc(n * m, sizeof *a);
    rd_rng g;
    rd_rng_seed(&g, 5);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            w0[i * k + j] = (j == i % k) ? 1.0 + rd_rng_uniform(&g)
                                         : (rd_rng_uniform(&g) < 0.3 ? rd_rng_uniform(&g) : 0.0);
    for (size_t j = 0; j < k; j++)
        for (size_t t = 10 * j; t < 10 * j + 10; t++)
            h0[j * m + t] = 0.2 + rd_rng_uniform(&g);
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < m; t++)
            for (size_t j = 0; j < k; j++)
                a[i * m + t] += w0[i * k + j] * h0[j * m + t];
    rd_csr *x = csr_from_dense(a, n, m), *xt;
    rd_err err;
    assert_int_equal(rd_csr_transpose(x, &xt, &err), RD_OK);
    rd_nmf f;
    fit(x, xt, k, 5000, 1e-12, 1, &f, NULL);
    assert_true(f.rel_err < 1e-3);
    /* Projection on the true H gives back the true W (the problem is exactly solvable). */
    float h0f[4 * 40], wp[60 * 4];
    for (size_t i = 0; i < k * m; i++)
        h0f[i] = (float)h0[i];
    assert_int_equal(rd_nmf_project(x, h0f, k, 4, 2, wp, &err), RD_OK);
    for (size_t i = 0; i < n * k; i++)
        assert_float_equal(wp[i], w0[i], 1e-3);
    for (size_t j = 0; j < k; j++) {
        double best = 0.0;
        for (size_t q = 0; q < k; q++) {
            double d = 0, n0 = 0, n1 = 0;
            for (size_t t = 0; t < m; t++) {
                d += h0[j * m + t] * f.h[q * m + t];
                n0 += h0[j * m + t] * h0[j * m + t];
                n1 += (double)f.h[q * m + t] * f.h[q * m + t];
            }
            best = fmax(best, d / sqrt(n0 * n1));
        }
        assert_true(best > 0.99);
    }
    rd_nmf_free(&f);
    rd_csr_free(x);
    rd_csr_free(xt);
    free(a);
}

static void test_kkt(void **state)
{
    (void)state;
    double *a = random_sparse(70, 50, 0.2, 33);
    rd_csr *x = csr_from_dense(a, 70, 50), *xt;
    rd_err err;
    assert_int_equal(rd_csr_transpose(x, &xt, &err), RD_OK);
    rd_nmf f0, f1;
    double r0, r1;
    fit(x, xt, 5, 0, 1e-4, 1, &f0, NULL); /* the initialisation itself */
    fit(x, xt, 5, 20000, 1e-10, 1, &f1, NULL);
    assert_int_equal(f0.iters, 0);
    assert_true(f1.converged);
    assert_true(f1.rel_err < f0.rel_err);
    assert_int_equal(rd_nmf_kkt(x, xt, &f0, 1, &r0, &err), RD_OK);
    assert_int_equal(rd_nmf_kkt(x, xt, &f1, 1, &r1, &err), RD_OK);
    assert_true(r1 < 1e-2 * r0);
    rd_nmf_free(&f0);
    rd_nmf_free(&f1);
    rd_csr_free(x);
    rd_csr_free(xt);
    free(a);
}

static void test_stops_on_tol(void **state)
{
    (void)state;
    double *a = random_sparse(50, 40, 0.2, 8);
    rd_csr *x = csr_from_dense(a, 50, 40), *xt;
    rd_err err;
    assert_int_equal(rd_csr_transpose(x, &xt, &err), RD_OK);
    rd_nmf f;
    fit(x, xt, 3, 500, 1e-3, 1, &f, NULL);
    assert_true(f.converged);
    assert_true(f.iters > 0 && f.iters < 500);
    assert_true(f.rel_err > 0.0 && f.rel_err < 1.0);
    rd_nmf_free(&f);
    rd_nmf_opts o = {.k = 41, .max_iter = 10, .tol = 1e-4, .threads = 1};
    rd_rng rng;
    rd_rng_seed(&rng, 1);
    assert_int_equal(rd_nmf_fit(x, xt, &o, NULL, &rng, &f, NULL, &err), RD_EINVAL);
    rd_csr_free(x);
    rd_csr_free(xt);
    free(a);
}

/* Every thread count gives the same bytes: 12,000 rows and k = 20 make each HALS sweep's
 * GEMM 4.8 M multiply-adds (cut into blocks) and run the row updates and the sparse
 * products (over 100,000 non-zeros) on threads; rd_nmf_project likewise. */
static void test_threads_same_bytes(void **state)
{
    (void)state;
    size_t n = 12000, m = 60, k = 20;
    double *a = random_sparse(n, m, 0.15, 5);
    rd_csr *x = csr_from_dense(a, n, m), *xt;
    rd_err err;
    assert_true(x->nnz > 100000);
    assert_int_equal(rd_csr_transpose(x, &xt, &err), RD_OK);
    rd_nmf ref = {0}, f;
    float *w1 = malloc(n * k * sizeof *w1), *wt = malloc(n * k * sizeof *wt);
    const int threads[] = {1, 2, 3, 5};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        rd_rng rng;
        rd_rng_seed(&rng, 3);
        rd_nmf_opts o = {.k = k, .max_iter = 8, .tol = -1.0, .threads = threads[t]};
        assert_int_equal(rd_nmf_fit(x, xt, &o, NULL, &rng, t ? &f : &ref, NULL, &err), RD_OK);
        assert_int_equal(rd_nmf_project(x, ref.h, k, 2, threads[t], t ? wt : w1, &err), RD_OK);
        if (!t)
            continue;
        assert_memory_equal(f.w, ref.w, n * k * sizeof *f.w);
        assert_memory_equal(f.h, ref.h, k * m * sizeof *f.h);
        assert_memory_equal(wt, w1, n * k * sizeof *wt);
        rd_nmf_free(&f);
    }
    /* prepared once, applied to the rows in batches of 5,000: each row as projected whole */
    rd_nmf_proj pj;
    assert_int_equal(rd_nmf_proj_prepare(ref.h, k, m, 2, &pj, &err), RD_OK);
    for (size_t b = 0; b < n; b += 5000) {
        size_t nb = n - b < 5000 ? n - b : 5000, *rows = malloc(nb * sizeof *rows);
        rd_csr *xb;
        for (size_t i = 0; i < nb; i++)
            rows[i] = b + i;
        assert_int_equal(rd_csr_rows(x, rows, nb, &xb, &err), RD_OK);
        assert_int_equal(rd_nmf_proj_apply(&pj, xb, 2, wt + b * k, &err), RD_OK);
        rd_csr_free(xb);
        free(rows);
    }
    rd_nmf_proj_free(&pj);
    assert_memory_equal(wt, w1, n * k * sizeof *wt);
    rd_nmf_free(&ref);
    free(w1);
    free(wt);
    rd_csr_free(x);
    rd_csr_free(xt);
    free(a);
}

/* rd_nmf_project_context over more rows than one batch: the context rows made whole and
 * projected, byte for byte. */
static void test_project_context(void **state)
{
    (void)state;
    size_t n = RD_NMF_CONTEXT_BATCH + 4000, m = 40, k = 6;
    double *a = random_sparse(n, m, 0.1, 11);
    rd_csr *x = csr_from_dense(a, n, m), *xc;
    uint32_t *group = malloc(n * sizeof *group);
    float *h = malloc(k * m * sizeof *h), *w1 = malloc(n * k * sizeof *w1),
          *w2 = malloc(n * k * sizeof *w2);
    rd_rng rng;
    rd_err err;
    rd_rng_seed(&rng, 4);
    for (size_t i = 0; i < k * m; i++)
        h[i] = (float)rd_rng_uniform(&rng);
    for (size_t i = 0; i < n; i++)
        group[i] = (uint32_t)(i / 3);
    assert_int_equal(rd_csr_context_rows(x, group, 0.25f, NULL, n, 2, &xc, &err), RD_OK);
    assert_int_equal(rd_nmf_project(xc, h, k, 3, 2, w1, &err), RD_OK);
    assert_int_equal(rd_nmf_project_context(x, group, 0.25f, h, k, 3, 2, w2, &err), RD_OK);
    assert_memory_equal(w1, w2, n * k * sizeof *w1);
    free(a);
    free(group);
    free(h);
    free(w1);
    free(w2);
    rd_csr_free(x);
    rd_csr_free(xc);
}

/* cosine of row j of h (k × m) with p (m) */
static double row_cos(const float *h, size_t j, size_t m, const float *p)
{
    double d = 0, a = 0, b = 0;
    for (size_t t = 0; t < m; t++) {
        d += (double)h[j * m + t] * p[t];
        a += (double)h[j * m + t] * h[j * m + t];
        b += (double)p[t] * p[t];
    }
    return a > 0 && b > 0 ? d / sqrt(a * b) : 0.0;
}

/* A prior on component 0 (a topic card): with weight 0 it only sets the start; with weight
 * w every H update keeps a share w / (1 + w) of the row on the prior's direction, so the
 * final row stays close to it on data that has nothing of the kind. */
static void test_prior(void **state)
{
    (void)state;
    enum { N = 120, M = 90, K = 4 };
    double *a = random_sparse(N, M, 0.12, 23);
    rd_csr *x = csr_from_dense(a, N, M), *xt;
    rd_err err;
    rd_rng rng;
    rd_svd svd = {0};
    float prior[2 * M] = {0};
    for (size_t t = 0; t < 5; t++) /* terms 0..4, and 40..44 for the second */
        prior[t] = prior[M + 40 + t] = 1.0f / sqrtf(5.0f);
    assert_int_equal(rd_csr_transpose(x, &xt, &err), RD_OK);
    rd_rng_seed(&rng, 11);
    rd_svd_opts so = {K, 10, 4, 2};
    assert_int_equal(rd_svd_randomized(x, xt, &so, &rng, &svd, &err), RD_OK);
    double cos[3];
    const double weights[3] = {0.0, 1.0, 4.0};
    for (int i = 0; i < 3; i++) {
        rd_nmf f;
        rd_nmf_opts o = {.k = K, .max_iter = 200, .tol = 1e-6, .threads = 2, .prior = prior,
                         .n_prior = 2, .prior_weight = weights[i]};
        assert_int_equal(rd_nmf_fit(x, xt, &o, &svd, NULL, &f, NULL, &err), RD_OK);
        cos[i] = row_cos(f.h, 0, M, prior);
        assert_true(row_cos(f.h, 1, M, prior + M) > (i ? 0.5 : 0.0));
        rd_nmf_free(&f);
        /* a start only: the first iteration's row is not the prior any more, but the
         * start was (max_iter 0 returns the start) */
        o.max_iter = 0;
        assert_int_equal(rd_nmf_fit(x, xt, &o, &svd, NULL, &f, NULL, &err), RD_OK);
        assert_float_equal(row_cos(f.h, 0, M, prior), 1.0, 1e-5);
        rd_nmf_free(&f);
    }
    assert_true(cos[0] < cos[1] && cos[1] < cos[2]);
    assert_true(cos[1] > 0.5);
    /* more priors than components */
    rd_nmf f;
    rd_nmf_opts bad = {.k = 1, .max_iter = 5, .tol = 1e-4, .threads = 1, .prior = prior,
                       .n_prior = 2, .prior_weight = 1.0};
    assert_int_equal(rd_nmf_fit(x, xt, &bad, &svd, NULL, &f, NULL, &err), RD_EINVAL);
    rd_svd_free(&svd);
    rd_csr_free(x);
    rd_csr_free(xt);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monotone),
        cmocka_unit_test(test_planted),
        cmocka_unit_test(test_kkt),
        cmocka_unit_test(test_stops_on_tol),
        cmocka_unit_test(test_threads_same_bytes),
        cmocka_unit_test(test_project_context),
        cmocka_unit_test(test_prior),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
