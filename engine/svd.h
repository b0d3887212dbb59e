/* engine/svd.h — truncated SVD of a sparse matrix by randomized range finding.
 *
 * A ≈ U·diag(S)·Vt with U n×r, S r, Vt r×m (r = rank). Halko, Martinsson & Tropp,
 * "Finding structure with randomness", SIAM Review 53 (2011), algorithms 4.4 and 5.1:
 *
 *   Ω  m×l uniform on [−√3, √3] (l = r + oversample, at most min(n, m)), from the rng
 *   Q  = qr(A·Ω);  q times: Q = qr(A·qr(Aᵀ·Q))   (power iterations, re-orthonormalised;
 *                                                 for q = 1 simply Q = qr(A·Aᵀ·A·Ω))
 *   Bᵀ = Aᵀ·Q   (m×l),  Bᵀ = Ub·Σ·Vbᵀ  (LAPACKE_sgesdd; from RD_SVD_GRAM_MIN columns of A
 *                                     on: the eigenvectors of the l×l Gram B·Bᵀ,
 *                                     summed in double, and Ub = Bᵀ·Vb·Σ⁻¹)
 *   A ≈ Q·B = (Q·Vb)·Σ·Ubᵀ   →  U = Q·Vb, Vt = Ubᵀ, both cut to r
 *
 * Sparse products use rd_csr_mm (A and its transpose), dense ones cblas_sgemm, QR is
 * rd_svd_orthonormalise (below: CholeskyQR2 from RD_SVD_CHOLQR_MIN rows on, else LAPACKE
 * sgelqf + sorglq on the transposed view). Signs are canonical: in each right singular
 * vector the entry of largest magnitude (lowest index on ties) is positive, U's column
 * flipped with it.
 * Single precision throughout, as the TF-IDF matrix is. */
#ifndef RD_SVD_H
#define RD_SVD_H

#include "engine/csr.h"
#include "engine/rng.h"

/* From this many columns of A (terms) on, the small SVD goes through the Gram matrix: the
 * tall m×l SVD costs seconds at a million passages (306,000 × 110: sgesdd 1.5 s against
 * 0.8 s for the Gram path, in a microbenchmark; 2.3 s inside the run, with LAPACKE's
 * row-major copies), and in double the Gram loses nothing that matters to single-precision factors
 * (the first 100 singular vectors agree with sgesdd's to a cosine of 1 − 4e−7). Below it
 * sgesdd, as always: every corpus of interviews stays on the path it had. */
#define RD_SVD_GRAM_MIN ((size_t)100000)

typedef struct {
    size_t rank;        /* components wanted, 1..min(n, m) */
    size_t oversample;  /* extra random directions (10 is customary) */
    size_t power_iters; /* 0..; more sharpens a slowly decaying spectrum */
    int threads;        /* for the sparse products */
} rd_svd_opts;

typedef struct {
    size_t n_rows, n_cols, rank;
    float *u;  /* n_rows × rank, row-major */
    float *s;  /* rank, descending */
    float *vt; /* rank × n_cols, row-major */
} rd_svd;

/* at is Aᵀ (rd_csr_transpose), or NULL: the products with Aᵀ are then taken from a itself
 * (rd_csr_tmm; the same bits, no copy; at a million passages the LSA's SVD took 7.0 s
 * with the transpose built inside and 4.1 s without). rng advances.
 * On success *out holds the factors (rd_svd_free); on failure it is zeroed. */
rd_status rd_svd_randomized(const rd_csr *a, const rd_csr *at, const rd_svd_opts *o,
                            rd_rng *rng, rd_svd *out, rd_err *err);
/* From this many rows on, rd_svd_orthonormalise takes CholeskyQR2 (engine/svd.c): a Gram
 * matrix, a Cholesky factor and a product with its inverse, all level-3, where LAPACK's LQ
 * spends most of its time in level-2 panels (40,000 × 110 in a microbenchmark on 2
 * threads, three runs: 0.34–0.35 s for sgelqf + sorglq, 0.048–0.049 s for the CholeskyQR2
 * as written here). Below it the LQ, as always: every corpus
 * of interviews stays on the path it had. */
#define RD_SVD_CHOLQR_MIN ((size_t)4096)
#define RD_SVD_CHOLQR_BLK ((size_t)1024) /* rows per block of the Gram and the product */
#define RD_SVD_CHOLQR_TOL 0.5 /* the second pass's ‖R⁻¹ − I‖_F at most (rd_svd_cholqr2) */

/* Overwrites the n×l row-major y (l ≤ n) with an orthonormal basis of its columns:
 * LAPACK's LQ of yᵀ below RD_SVD_CHOLQR_MIN rows; from there CholeskyQR2, falling back to
 * the LQ when y is too ill-conditioned or of lower rank than l. tau is scratch of l
 * floats. RD_ELAPACK (or RD_ENOMEM) when LAPACK fails. */
rd_status rd_svd_orthonormalise(float *y, size_t n, size_t l, float *tau, rd_err *err);

/* CholeskyQR2 of the n×l row-major y (l ≤ n), whatever n: *ok = 1 when y now holds an
 * orthonormal basis of its columns; *ok = 0 when y was too ill-conditioned or of lower
 * rank than l, and y then holds a basis of the same column space, not orthonormal.
 * RD_ENOMEM, or RD_ELAPACK when LAPACK reports an argument error. */
rd_status rd_svd_cholqr2(float *y, size_t n, size_t l, int *ok, rd_err *err);
void rd_svd_free(rd_svd *s); /* NULL and zeroed structs are fine */

#endif
