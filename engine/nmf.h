/* engine/nmf.h — nonnegative matrix factorisation X ≈ W·H of a sparse nonnegative X.
 *
 * Minimises f(W, H) = ½‖X − W·H‖²_F over W ≥ 0 (n×k), H ≥ 0 (k×m) by hierarchical
 * alternating least squares (HALS; Cichocki & Phan, IEICE Trans. Fundamentals E92-A
 * (2009); Gillis, "The why and how of nonnegative matrix factorization", 2014). One
 * iteration updates every column of W, then every row of H, each exactly minimising f
 * in that block with the others fixed:
 *
 *   A = X·Hᵀ,  B = H·Hᵀ:    W[:,j] ← max(0, W[:,j] + (A[:,j] − W·B[:,j]) / B[j,j])
 *   C = Xᵀ·W,  D = Wᵀ·W:    H[j,:] ← max(0, H[j,:] + (C[:,j] − Hᵀ·D[:,j])ᵀ / D[j,j])
 *
 * so f never increases. Sweeping j in order inside each row of W (rows are independent)
 * is the same update as sweeping columns, and lets rows run in parallel. A column whose
 * B[j,j] (or D[j,j]) is 0 is left as it is. The objective is tracked without forming
 * W·H:  2f = ‖X‖² − 2·⟨H, Cᵀ⟩ + ⟨D, H·Hᵀ⟩.  The loop stops when an iteration lowers f
 * by less than tol·f (converged) or after max_iter iterations (not converged; not an
 * error).
 *
 * Guided components (topic cards, engine/themes.h): the first n_prior components may each
 * have a prior, a direction p_j over the columns (≥ 0, unit length). Their rows of H are
 * then started from p_j (scaled to the norm of the row NNDSVD gave) and every H update of
 * such a row minimises f + ½·λ_j·‖H[j,:] − τ_j·p_j‖² with λ_j = prior_weight·D[j,j] and
 * τ_j = ‖H[j,:]‖ before the update: the data move the row, the prior keeps a share
 * prior_weight / (1 + prior_weight) of its direction on p_j, at the row's own scale (so
 * the prior does not fight the scale W and H share):
 *   H[j,t] ← max(0, (H[j,t] + G[t,j] / D[j,j] + prior_weight·τ_j·p_j[t]) / (1 + prior_weight)).
 * With prior_weight 0 a prior only sets the start. f is the data term alone, so with a
 * prior it may rise a little between iterations; the stopping rule is unchanged.
 *
 * Initialisation: NNDSVD (Boutsidis & Gallopoulos, Pattern Recognition 41 (2008)) from a
 * truncated SVD of X, with exact zeros set to the mean of X (the "a" variant), or, with
 * no SVD, uniform random values scaled to the mean of X. All workspaces are allocated
 * once, before the first iteration. */
#ifndef RD_NMF_H
#define RD_NMF_H

#include <stdatomic.h>

#include "engine/csr.h"
#include "engine/rng.h"
#include "engine/svd.h"

typedef struct {
    size_t k;        /* components, 1..min(n, m) */
    size_t max_iter; /* iteration cap (e.g. 200) */
    double tol;      /* relative decrease of f that counts as converged (e.g. 1e-4) */
    int threads;     /* for the sparse products and row updates */
    _Atomic size_t *progress; /* if not NULL, incremented after each iteration (for a
                                 progress display; the engine itself never prints) */
    const float *prior;  /* n_prior × n_cols directions of the first components, or NULL */
    size_t n_prior;      /* ≤ k */
    double prior_weight; /* ≥ 0: the prior's weight against the data (above) */
} rd_nmf_opts;

typedef struct {
    size_t n_rows, n_cols, k;
    float *w;       /* n_rows × k, row-major */
    float *h;       /* k × n_cols, row-major */
    size_t iters;   /* iterations run */
    int converged;  /* 1 when stopped by tol, 0 when by max_iter */
    double rel_err; /* ‖X − W·H‖_F / ‖X‖_F at the end */
} rd_nmf;

/* x and xt (= xᵀ, from rd_csr_transpose) must hold nonnegative values. init: an SVD of x
 * with rank ≥ k for NNDSVD, or NULL for a random start drawn from rng (rng may be NULL
 * when init is given). trace, if not NULL, receives f before the first iteration and
 * after each one (max_iter + 1 doubles). On failure *out is zeroed. */
rd_status rd_nmf_fit(const rd_csr *x, const rd_csr *xt, const rd_nmf_opts *o,
                     const rd_svd *init, rd_rng *rng, rd_nmf *out, double *trace, rd_err *err);
void rd_nmf_free(rd_nmf *f); /* NULL and zeroed structs are fine */

/* The KKT residual of (w, h) for x: ‖min(W, ∇_W f)‖_F + ‖min(H, ∇_H f)‖_F, which is 0
 * exactly at a stationary point of the constrained problem. Allocates its own scratch. */
rd_status rd_nmf_kkt(const rd_csr *x, const rd_csr *xt, const rd_nmf *f, int threads,
                     double *residual, rd_err *err);



/* Solves min_{W ≥ 0} ‖X − W·H‖_F for a fixed h (k × x->n_cols, row-major) by `sweeps`
 * HALS sweeps over W (A = X·Hᵀ and B = H·Hᵀ are formed once), starting from the
 * unconstrained solution A·B⁻¹ clipped at 0.
 * Used to give every passage its theme weights when H was learnt on a sample of them.
 * w: x->n_rows × k, overwritten. */
rd_status rd_nmf_project(const rd_csr *x, const float *h, size_t k, size_t sweeps, int threads,
                         float *w, rd_err *err);

/* The same in two steps, for rows that come a batch at a time: what depends on h alone
 * (Hᵀ, B = H·Hᵀ and B⁻¹) is made once by rd_nmf_proj_prepare (h: k × m), and each batch x
 * (m columns) is projected by rd_nmf_proj_apply, row for row as rd_nmf_project would. */
typedef struct {
    size_t k, m;
    int threads;
    float *ht, *b, *binv; /* m × k, k × k, k × k */
    int have_inv;         /* B could be inverted (else the sweeps start from 0) */
} rd_nmf_proj;
rd_status rd_nmf_proj_prepare(const float *h, size_t k, size_t m, int threads, rd_nmf_proj *p,
                              rd_err *err);
rd_status rd_nmf_proj_apply(const rd_nmf_proj *p, const rd_csr *x, size_t sweeps, float *w,
                            rd_err *err);
void rd_nmf_proj_free(rd_nmf_proj *p); /* zeroed structs are fine */

/* rd_nmf_project of the rows of x in their context (rd_csr_context_rows(x, group, c)),
 * RD_NMF_CONTEXT_BATCH rows at a time on h prepared once, so that the context rows are
 * never all held (the themes of a large corpus, classify). */
enum { RD_NMF_CONTEXT_BATCH = 65536 };
rd_status rd_nmf_project_context(const rd_csr *x, const uint32_t *group, float c,
                                 const float *h, size_t k, size_t sweeps, int threads, float *w,
                                 rd_err *err);

#endif
