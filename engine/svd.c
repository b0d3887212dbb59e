/* engine/svd.c — see svd.h. */
#include "engine/svd.h"

#include <cblas.h>
#include <lapacke.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "engine/work.h"

/* Row-major n×l is column-major l×n, i.e. Yᵀ: the LQ factorisation Yᵀ = L·Q̃ (sgelqf,
 * sorglq) gives Q̃ with orthonormal rows in place, and Q = Q̃ᵀ is then y itself, so no
 * transposed copy is made (LAPACKE's row-major path would make two). */
static rd_status orthonormalise_lq(float *y, size_t n, size_t l, float *tau, rd_err *err)
{
    /* sgelqf and sorglq: 2·l²·n each, leading order (GVL §5.2) */
    rd_work_add(4.0 * (double)l * (double)l * (double)n, 16.0 * (double)l * (double)n);
    lapack_int info = LAPACKE_sgelqf(LAPACK_COL_MAJOR, (lapack_int)l, (lapack_int)n, y,
                                     (lapack_int)l, tau);
    if (info == 0)
        info = LAPACKE_sorglq(LAPACK_COL_MAJOR, (lapack_int)l, (lapack_int)n, (lapack_int)l, y,
                              (lapack_int)l, tau);
    if (info != 0)
        return rd_fail(err, info < 0 ? RD_ENOMEM : RD_ELAPACK,
                       "LAPACKE_sgelqf/sorglq on %zu x %zu: info=%d%s", l, n, (int)info,
                       info == LAPACK_WORK_MEMORY_ERROR ? " (out of memory)" : "");
    return RD_OK;
}

/* y (n×l, row-major) times op(b) (l×r: b itself, or with trans the first r rows of the
 * l×l b transposed) into y's own memory at stride r ≤ l, in row blocks of blk through tb
 * (blk×r): block [b0, b1) of the product ends at b1·r ≤ b1·l, before any row of y not yet
 * read, so no second n×l array is needed. */
static void times_in_place(float *y, size_t n, size_t l, const float *b, int trans, size_t r,
                           size_t blk, float *tb)
{
    for (size_t b0 = 0; b0 < n; b0 += blk) {
        size_t bn = n - b0 < blk ? n - b0 : blk;
        rd_work_gemm(bn, r, l);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, trans ? CblasTrans : CblasNoTrans, (blasint)bn,
                    (blasint)r, (blasint)l, 1.0f, y + b0 * l, (blasint)l, b,
                    (blasint)(trans ? l : r), 0.0f, tb, (blasint)r);
        memmove(y + b0 * r, tb, bn * r * sizeof *y);
    }
}

/* g = yᵀ·y (l × l, upper triangle) of the n×l row-major y, summed in double: each block of
 * bk rows is copied into blk (bk × l doubles) and added by dsyrk. Counted by the callers. */
static void gram_double(const float *y, size_t n, size_t l, size_t bk, double *g, double *blk)
{
    memset(g, 0, l * l * sizeof *g);
    for (size_t b0 = 0; b0 < n; b0 += bk) {
        size_t bn = n - b0 < bk ? n - b0 : bk;
        for (size_t i = 0; i < bn * l; i++)
            blk[i] = y[b0 * l + i];
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (blasint)l, (blasint)bn, 1.0, blk,
                    (blasint)l, 1.0, g, (blasint)l);
    }
}

/* One pass of Cholesky QR: G = yᵀ·y summed in double over row blocks, G = Rᵀ·R (dpotrf),
 * R⁻¹ (dtrtri, in double) and y = y·R⁻¹ (sgemm by row blocks, times_in_place, as the
 * rest of the SVD: strsm instead kept 18 MB more of OpenBLAS's buffers resident for the
 * rest of the run, 40,000 × 110 on 2 threads). blk: scratch of RD_SVD_CHOLQR_BLK × l
 * doubles, tb of as many floats, r of l × l floats (R⁻¹ is left there). With check, y is
 * only multiplied when ‖R⁻¹ − I‖_F ≤ RD_SVD_CHOLQR_TOL. 0 when y was multiplied; 1 when
 * it was not: G is not positive definite, R⁻¹ is not finite in single precision, or the
 * check failed; a LAPACK error otherwise (err says which, y untouched). */
static int cholqr_pass(float *y, size_t n, size_t l, int check, double *g, double *blk,
                       float *tb, float *r, rd_status *rc, rd_err *err)
{
    gram_double(y, n, l, RD_SVD_CHOLQR_BLK, g, blk);
    lapack_int info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (lapack_int)l, g, (lapack_int)l);
    if (info == 0)
        info = LAPACKE_dtrtri(LAPACK_ROW_MAJOR, 'U', 'N', (lapack_int)l, g, (lapack_int)l);
    if (info < 0) {
        *rc = rd_fail(err, info == LAPACK_WORK_MEMORY_ERROR ? RD_ENOMEM : RD_ELAPACK,
                      "LAPACKE_dpotrf/dtrtri on %zu x %zu: info=%d", l, l, (int)info);
        return -1;
    }
    if (info > 0) /* not positive definite (or R singular) */
        return 1;
    double dev = 0.0;
    for (size_t i = 0; i < l; i++)
        for (size_t j = 0; j < l; j++) {
            double v = j >= i ? g[i * l + j] : 0.0, e = v - (i == j ? 1.0 : 0.0);
            if (!(fabs(v) <= 3e38)) /* NaN too */
                return 1;
            r[i * l + j] = (float)v;
            dev += e * e;
        }
    if (check && !(sqrt(dev) <= RD_SVD_CHOLQR_TOL))
        return 1;
    times_in_place(y, n, l, r, 0, l, RD_SVD_CHOLQR_BLK, tb);
    return 0;
}

/* CholeskyQR2 (Fukaya et al., "CholeskyQR2: a simple and communication-avoiding algorithm
 * for computing a tall-skinny QR factorization", 2014): two passes of Cholesky QR, the
 * second repairing the orthogonality the first lost (about u·cond(y)). The Gram is summed
 * and factorised in double, so the first pass holds up to cond(y) of about 1/u in single
 * precision (1.7e7) instead of 1/√u. The second pass's R⁻¹ must be close to the identity
 * (‖R⁻¹ − I‖_F ≤ RD_SVD_CHOLQR_TOL, so the first pass's result has a condition number of
 * at most 3): it says that result was nearly orthonormal already. When it is not, or a
 * Gram is not positive definite (y of lower rank than l, as for duplicate rows), *ok is
 * 0 and y holds a basis of the same column space (the first pass's y·R⁻¹, or y itself),
 * for the LQ path to finish. */
rd_status rd_svd_cholqr2(float *y, size_t n, size_t l, int *ok, rd_err *err)
{
    double *g = malloc(l * l * sizeof *g + 1);
    double *blk = malloc(RD_SVD_CHOLQR_BLK * l * sizeof *blk + 1);
    float *r = malloc(l * l * sizeof *r + 1), *tb = malloc(RD_SVD_CHOLQR_BLK * l * sizeof *tb + 1);
    rd_status rc = RD_OK;
    *ok = 0;
    if (!g || !blk || !r || !tb) {
        rc = rd_fail(err, RD_ENOMEM, "orthonormal basis of %zu x %zu", n, l);
        goto done;
    }
    /* per pass: the Gram n·l² (syrk, reading y once as doubles), l³/3 each for potrf and
     * trtri; the product with R⁻¹ is counted by times_in_place */
    int pass = 0;
    for (; pass < 2; pass++) {
        rd_work_add((double)n * (double)l * (double)l +
                        2.0 * (double)l * (double)l * (double)l / 3.0,
                    8.0 * (double)n * (double)l);
        if (cholqr_pass(y, n, l, pass == 1, g, blk, tb, r, &rc, err) != 0)
            break;
    }
    *ok = pass == 2;
done:
    free(g);
    free(blk);
    free(r);
    free(tb);
    return rc;
}

rd_status rd_svd_orthonormalise(float *y, size_t n, size_t l, float *tau, rd_err *err)
{
    if (n >= RD_SVD_CHOLQR_MIN) {
        int ok;
        rd_status rc = rd_svd_cholqr2(y, n, l, &ok, err);
        if (ok || rc != RD_OK)
            return rc;
    }
    return orthonormalise_lq(y, n, l, tau, err);
}

/* The SVD of the tall m×l row-major z = Bᵀ = Ub·Σ·Vbᵀ through the eigenvectors of the
 * l×l Gram matrix zᵀz = Vb·Σ²·Vbᵀ (LAPACKE_dsyevd): the Gram is summed in double over row
 * blocks of z, then Ub = z·Vb·Σ⁻¹ overwrites z block by block (a column with σ = 0 is
 * zero). sv and vbt as LAPACKE_sgesdd returns them (vbt: Vbᵀ, row-major l×l). */
static rd_status svd_gram(float *z, size_t m, size_t l, float *sv, float *vbt, rd_err *err)
{
    enum { BLK = 1024 };
    rd_status rc = RD_OK;
    double *g = malloc(l * l * sizeof *g), *blk = malloc(BLK * l * sizeof *blk);
    double *lam = malloc(l * sizeof *lam);
    float *e = malloc(l * l * sizeof *e), *tb = malloc(BLK * l * sizeof *tb);
    if (!g || !blk || !lam || !e || !tb) {
        rc = rd_fail(err, RD_ENOMEM, "svd: Gram matrix of %zu columns", l);
        goto done;
    }
    gram_double(z, m, l, BLK, g, blk);
    for (size_t b0 = 0; b0 < m; b0 += BLK) { /* each block: its rows and the Gram once */
        size_t bn = m - b0 < BLK ? m - b0 : BLK;
        rd_work_add((double)l * (double)l * (double)bn,
                    8.0 * ((double)bn * (double)l + (double)l * (double)l));
    }
    /* GVL §8.3 */
    rd_work_add(9.0 * (double)l * (double)l * (double)l, 16.0 * (double)l * (double)l);
    lapack_int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)l, g,
                                     (lapack_int)l, lam);
    if (info != 0) {
        rc = rd_fail(err, info < 0 ? RD_ENOMEM : RD_ELAPACK,
                     "LAPACKE_dsyevd on %zu x %zu: info=%d%s", l, l, (int)info,
                     info > 0 ? ", did not converge" : "");
        goto done;
    }
    /* eigenvalues ascending: singular value j is the (l − 1 − j)-th */
    for (size_t j = 0; j < l; j++) {
        size_t src = l - 1 - j;
        double sig = lam[src] > 0.0 ? sqrt(lam[src]) : 0.0;
        sv[j] = (float)sig;
        for (size_t i = 0; i < l; i++) {
            vbt[j * l + i] = (float)g[i * l + src];
            e[i * l + j] = sig > 0.0 ? (float)(g[i * l + src] / sig) : 0.0f;
        }
    }
    times_in_place(z, m, l, e, 0, l, BLK, tb);
done:
    free(g);
    free(blk);
    free(lam);
    free(e);
    free(tb);
    return rc;
}

void rd_svd_free(rd_svd *s)
{
    if (!s)
        return;
    free(s->u);
    free(s->s);
    free(s->vt);
    memset(s, 0, sizeof *s);
}

/* z = Aᵀ·y: through the transpose when the caller has one, else straight from a by the
 * plan (rd_csr_tmm: the same bits, without the copy). */
static void times_t(const rd_csr *a, const rd_csr *at, const rd_csr_tplan *plan,
                    const float *y, size_t l, float *z, int threads)
{
    if (at)
        rd_csr_mm(at, y, l, z, threads);
    else
        rd_csr_tmm(a, plan, y, l, z);
}

rd_status rd_svd_randomized(const rd_csr *a, const rd_csr *at_in, const rd_svd_opts *o,
                            rd_rng *rng, rd_svd *out, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t n = a->n_rows, m = a->n_cols, r = o->rank, mn = n < m ? n : m;
    size_t l = r + o->oversample;
    const rd_csr *at = at_in;
    rd_csr_tplan plan = {{0}, 1};
    float *y = NULL, *z = NULL, *tau = NULL, *sv = NULL, *vbt = NULL;
    memset(out, 0, sizeof *out);
    if (r < 1 || r > mn)
        return rd_fail(err, RD_EINVAL, "svd: rank %zu outside 1..%zu for a %zu x %zu matrix",
                       r, mn, n, m);
    if (l > mn)
        l = mn;
    if (n > INT_MAX / 2 || m > INT_MAX / 2 || n * l > (size_t)INT_MAX * 64)
        return rd_fail(err, RD_EINVAL, "svd: %zu x %zu exceeds the LAPACK index range", n, m);
    y = malloc(n * l * sizeof *y);
    z = malloc(m * l * sizeof *z);
    tau = malloc(l * sizeof *tau);
    sv = malloc(l * sizeof *sv);
    vbt = malloc(l * l * sizeof *vbt);
    out->s = malloc(r * sizeof *out->s);
    out->vt = malloc(r * m * sizeof *out->vt);
    if (!y || !z || !tau || !sv || !vbt || !out->s || !out->vt) {
        rc = rd_fail(err, RD_ENOMEM, "svd workspace for %zu x %zu, rank %zu", n, m, r);
        goto done;
    }
    if (!at && (rc = rd_csr_tmm_plan(a, o->threads, &plan, err)) != RD_OK)
        goto done;
    /* Ω, m×l, held in z until Z is needed: uniform on [−√3, √3] (mean 0, variance 1).
     * Any independent zero-mean test matrix captures the range (Halko et al. §4.6 and
     * §11 discuss structured and non-Gaussian ones); uniforms cost a fraction of normals. */
    for (size_t i = 0; i < m * l; i++)
        z[i] = (float)((2.0 * rd_rng_uniform(rng) - 1.0) * 1.7320508075688772);

    rd_csr_mm(a, z, l, y, o->threads); /* Y = A·Ω */
    /* Power iterations. One is taken as (A·Aᵀ)·A·Ω directly (Halko et al., algorithm 4.3:
     * with a single iteration the spectrum is only squared, well inside single precision);
     * with more, every intermediate block is re-orthonormalised (algorithm 4.4). */
    for (size_t it = 0; it < o->power_iters; it++) {
        if (o->power_iters > 1 && (rc = rd_svd_orthonormalise(y, n, l, tau, err)) != RD_OK)
            goto done;
        times_t(a, at, &plan, y, l, z, o->threads); /* Z = Aᵀ·Y */
        if (o->power_iters > 1 && (rc = rd_svd_orthonormalise(z, m, l, tau, err)) != RD_OK)
            goto done;
        rd_csr_mm(a, z, l, y, o->threads); /* Y = A·Z */
    }
    if ((rc = rd_svd_orthonormalise(y, n, l, tau, err)) != RD_OK) /* Q */
        goto done;
    times_t(a, at, &plan, y, l, z, o->threads); /* Bᵀ = Aᵀ·Q, m×l; overwritten by Ub */
    if (m >= RD_SVD_GRAM_MIN) {
        if ((rc = svd_gram(z, m, l, sv, vbt, err)) != RD_OK)
            goto done;
    } else {
        /* thin SVD with U and V: 6·m·l² + 20·l³ (GVL Table 8.6.1) */
        rd_work_add(6.0 * (double)m * (double)l * (double)l +
                        20.0 * (double)l * (double)l * (double)l,
                    8.0 * (double)m * (double)l);
        lapack_int info = LAPACKE_sgesdd(LAPACK_ROW_MAJOR, 'O', (lapack_int)m, (lapack_int)l, z,
                                         (lapack_int)l, sv, NULL, (lapack_int)l, vbt,
                                         (lapack_int)l);
        if (info != 0) {
            rc = rd_fail(err, info < 0 ? RD_ENOMEM : RD_ELAPACK,
                         "LAPACKE_sgesdd on %zu x %zu: info=%d%s", m, l, (int)info,
                         info > 0 ? ", SVD did not converge" : "");
            goto done;
        }
    }
    /* U = Q·Vb = Q·(Vbᵀ)ᵀ, first r columns, written over Q itself. Vt = Ubᵀ, first r
     * rows. */
    {
        size_t blk = n < 1024 ? n : 1024;
        float *tb = malloc((blk * r > 0 ? blk * r : 1) * sizeof *tb);
        if (!tb) {
            rc = rd_fail(err, RD_ENOMEM, "svd: U block");
            goto done;
        }
        times_in_place(y, n, l, vbt, 1, r, blk, tb);
        free(tb);
        (void)RD_RESIZE(y, n * r); /* shrink to n × r; on failure y keeps its larger block */
        out->u = y;
        y = NULL;
    }
    for (size_t t = 0; t < m; t++)
        for (size_t j = 0; j < r; j++)
            out->vt[j * m + t] = z[t * l + j];
    for (size_t j = 0; j < r; j++) {
        out->s[j] = sv[j];
        float *v = out->vt + j * m, best = 0.0f;
        size_t arg = 0;
        for (size_t t = 0; t < m; t++)
            if (fabsf(v[t]) > best) {
                best = fabsf(v[t]);
                arg = t;
            }
        if (v[arg] < 0.0f) {
            for (size_t t = 0; t < m; t++)
                v[t] = -v[t];
            for (size_t i = 0; i < n; i++)
                out->u[i * r + j] = -out->u[i * r + j];
        }
    }
    out->n_rows = n;
    out->n_cols = m;
    out->rank = r;
done:
    if (rc != RD_OK)
        rd_svd_free(out);
    free(y);
    free(z);
    free(tau);
    free(sv);
    free(vbt);
    return rc;
}
