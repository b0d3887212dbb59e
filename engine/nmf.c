/* engine/nmf.c — see nmf.h. H is kept transposed (Ht, m×k) while iterating so that both
 * half-steps are the same row update over a row-major array. */
#include "engine/nmf.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/work.h"
#include "engine/blas.h"
#include "engine/pool.h"

void rd_nmf_free(rd_nmf *f)
{
    if (!f)
        return;
    free(f->w);
    free(f->h);
    memset(f, 0, sizeof *f);
}

typedef struct {
    float *w;       /* rows × k being updated */
    float *g;       /* rows × k: on entry A − W·B, the negative gradient; clobbered */
    const float *b; /* k × k: the Gram matrix of the fixed factor */
    size_t k;
    const float *target; /* rows × np: prior_weight·τ_j·p_j[row] (H half-step), or NULL */
    size_t np;           /* components with a prior (the first np) */
    float shrink;        /* 1 / (1 + prior_weight) */
} rows_ctx;

/* The HALS sweep over j inside each row, with the row's negative gradient g = a − w·B
 * kept current:  δ = max(0, w_j + g_j / b_jj) − w_j;  w_j += δ;  g −= δ·B[j,:]
 * (B is symmetric, so row j is column j). The update of g is an axpy of length k. */
static void update_rows(void *p, size_t lo, size_t hi)
{
    const rows_ctx *c = p;
    size_t k = c->k;
    for (size_t i = lo; i < hi; i++) {
        float *restrict w = c->w + i * k, *restrict g = c->g + i * k;
        for (size_t j = 0; j < k; j++) {
            const float *restrict bj = c->b + j * k;
            if (!(bj[j] > 0.0f))
                continue;
            float v = w[j] + g[j] / bj[j];
            if (j < c->np)
                v = (v + c->target[i * c->np + j]) * c->shrink;
            float delta = (v > 0.0f ? v : 0.0f) - w[j];
            if (delta == 0.0f)
                continue;
            w[j] += delta;
            for (size_t l = 0; l < k; l++)
                g[l] -= delta * bj[l];
        }
    }
}

/* One HALS sweep of w (rows × k) against data term a (clobbered: becomes the gradient
 * scratch) and Gram b: g = a − w·b by one GEMM, then the row sweeps in parallel. */
static void hals_rows(float *w, float *a, const float *b, size_t rows, size_t k, int threads,
                      const float *target, size_t np, float shrink)
{
    rd_blas_gemm(threads, rows, k, k, -1.0f, w, b, 0, 1.0f, a);
    rd_work_add(2.0 * (double)rows * (double)k * (double)k, /* the sweeps */
                12.0 * (double)rows * (double)k);
    rows_ctx c = {w, a, b, k, target, target ? np : 0, shrink};
    rd_pool_for(rows * k * k > 2000000 ? threads : 1, rows, update_rows, &c);
}

/* g = fᵀ·f for a rows × k row-major f. */
static void gram(const float *f, size_t rows, size_t k, float *g)
{
    rd_work_gemm(k, k, rows);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (blasint)k, (blasint)k, (blasint)rows,
                1.0f, f, (blasint)k, f, (blasint)k, 0.0f, g, (blasint)k);
}

static double dot(const float *a, const float *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (double)a[i] * (double)b[i];
    return s;
}

/* NNDSVDa: see nmf.h. w n×k, ht m×k. */
static void nndsvd(const rd_svd *s, size_t k, float avg, float *w, float *ht)
{
    size_t n = s->n_rows, m = s->n_cols, r = s->rank;
    for (size_t j = 0; j < k; j++) {
        const float *y = s->vt + j * m;
        double xp = 0, xn = 0, yp = 0, yn = 0;
        for (size_t i = 0; i < n; i++) {
            double v = s->u[i * r + j];
            if (v > 0)
                xp += v * v;
            else
                xn += v * v;
        }
        for (size_t t = 0; t < m; t++) {
            double v = y[t];
            if (v > 0)
                yp += v * v;
            else
                yn += v * v;
        }
        xp = sqrt(xp), xn = sqrt(xn), yp = sqrt(yp), yn = sqrt(yn);
        double mp = xp * yp, mneg = xn * yn;
        int pos = j == 0 || mp >= mneg; /* the leading pair is taken in absolute value */
        double sigma = j == 0 ? 1.0 : (pos ? mp : mneg);
        double nx = j == 0 ? 1.0 : (pos ? xp : xn), ny = j == 0 ? 1.0 : (pos ? yp : yn);
        double lam = sqrt((double)s->s[j] * sigma);
        double cx = nx > 0 ? lam / nx : 0.0, cy = ny > 0 ? lam / ny : 0.0;
        for (size_t i = 0; i < n; i++) {
            double v = s->u[i * r + j];
            v = j == 0 ? fabs(v) : (pos ? (v > 0 ? v : 0) : (v < 0 ? -v : 0));
            w[i * k + j] = (float)(cx * v);
        }
        for (size_t t = 0; t < m; t++) {
            double v = y[t];
            v = j == 0 ? fabs(v) : (pos ? (v > 0 ? v : 0) : (v < 0 ? -v : 0));
            ht[t * k + j] = (float)(cy * v);
        }
    }
    for (size_t i = 0; i < n * k; i++)
        if (w[i] < 1e-12f)
            w[i] = avg;
    for (size_t i = 0; i < m * k; i++)
        if (ht[i] < 1e-12f)
            ht[i] = avg;
}

rd_status rd_nmf_fit(const rd_csr *x, const rd_csr *xt, const rd_nmf_opts *o,
                     const rd_svd *init, rd_rng *rng, rd_nmf *out, double *trace, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t n = x->n_rows, m = x->n_cols, k = o->k, mn = n < m ? n : m;
    float *w = NULL, *ht = NULL, *a = NULL, *ct = NULL, *ct2 = NULL, *b = NULL, *d = NULL;
    float *target = NULL;
    size_t np = o->prior ? o->n_prior : 0;
    memset(out, 0, sizeof *out);
    if (np > k)
        return rd_fail(err, RD_EINVAL, "nmf: %zu priors for %zu components", np, k);
    if (k < 1 || k > mn)
        return rd_fail(err, RD_EINVAL, "nmf: %zu components outside 1..%zu for %zu x %zu", k,
                       mn, n, m);
    if (init && (init->rank < k || init->n_rows != n || init->n_cols != m))
        return rd_fail(err, RD_EINVAL, "nmf: the SVD given for initialisation does not fit");
    if (!init && !rng)
        return rd_fail(err, RD_EINVAL, "nmf: neither an SVD nor a random generator to start");
    w = malloc(n * k * sizeof *w);
    ht = malloc(m * k * sizeof *ht);
    a = malloc(n * k * sizeof *a);
    ct = malloc(m * k * sizeof *ct);
    ct2 = malloc(m * k * sizeof *ct2);
    b = malloc(k * k * sizeof *b);
    d = malloc(k * k * sizeof *d);
    if (np && !(target = malloc(m * np * sizeof *target))) {
        rc = rd_fail(err, RD_ENOMEM, "nmf prior for %zu components", np);
        goto done;
    }
    if (!w || !ht || !a || !ct || !ct2 || !b || !d) {
        rc = rd_fail(err, RD_ENOMEM, "nmf workspace for %zu x %zu, %zu components", n, m, k);
        goto done;
    }
    double sum = 0.0;
    for (size_t p = 0; p < x->nnz; p++) {
        if (!(x->data[p] >= 0.0f)) {
            rc = rd_fail(err, RD_EINVAL, "nmf: negative or NaN value in the data");
            goto done;
        }
        sum += x->data[p];
    }
    float avg = (float)(sum / ((double)n * (double)m));
    if (init) {
        nndsvd(init, k, avg, w, ht);
    } else {
        float scale = sqrtf(avg / (float)k);
        for (size_t i = 0; i < n * k; i++)
            w[i] = scale * (float)rd_rng_uniform(rng);
        for (size_t i = 0; i < m * k; i++)
            ht[i] = scale * (float)rd_rng_uniform(rng);
    }
    for (size_t j = 0; j < np; j++) { /* a guided row starts on its prior, at its scale */
        double nn = 0.0;
        for (size_t t = 0; t < m; t++)
            nn += (double)ht[t * k + j] * ht[t * k + j];
        for (size_t t = 0; t < m; t++)
            ht[t * k + j] = (float)(sqrt(nn) * o->prior[j * m + t]);
    }
    const float shrink = (float)(1.0 / (1.0 + o->prior_weight));

    const double xx = rd_csr_sqnorm(x);
    /* f before the first iteration: C = Xᵀ·W, D = Wᵀ·W, B = Hᵀ-Gram. */
    rd_csr_mm(xt, w, k, ct, o->threads);
    gram(w, n, k, d);
    gram(ht, m, k, b);
    double f = 0.5 * (xx - 2.0 * dot(ht, ct, m * k) + dot(d, b, k * k));
    if (trace)
        trace[0] = f;
    size_t it = 0;
    int converged = 0;
    while (it < o->max_iter) {
        rd_csr_mm(x, ht, k, a, o->threads); /* A = X·Hᵀ; B = H·Hᵀ is current */
        hals_rows(w, a, b, n, k, o->threads, NULL, 0, 1.0f);
        rd_csr_mm(xt, w, k, ct, o->threads); /* C = Xᵀ·W */
        gram(w, n, k, d);                    /* D = Wᵀ·W */
        memcpy(ct2, ct, m * k * sizeof *ct2);
        for (size_t j = 0; j < np; j++) { /* prior_weight·τ_j·p_j, τ_j = ‖H[j,:]‖ now */
            double nn = 0.0;
            for (size_t t = 0; t < m; t++)
                nn += (double)ht[t * k + j] * ht[t * k + j];
            float tau = (float)(o->prior_weight * sqrt(nn));
            for (size_t t = 0; t < m; t++)
                target[t * np + j] = tau * o->prior[j * m + t];
        }
        hals_rows(ht, ct2, d, m, k, o->threads, target, np, shrink);
        gram(ht, m, k, b); /* H·Hᵀ: for f now, and B of the next iteration */
        double fn = 0.5 * (xx - 2.0 * dot(ht, ct, m * k) + dot(d, b, k * k));
        it++;
        if (o->progress)
            atomic_fetch_add_explicit(o->progress, 1, memory_order_relaxed);
        if (trace)
            trace[it] = fn;
        double drop = f - fn;
        f = fn;
        if (drop < o->tol * fabs(fn)) {
            converged = 1;
            break;
        }
    }
    out->h = malloc(k * m * sizeof *out->h);
    if (!out->h) {
        rc = rd_fail(err, RD_ENOMEM, "nmf: %zu x %zu factor", k, m);
        goto done;
    }
    for (size_t t = 0; t < m; t++)
        for (size_t j = 0; j < k; j++)
            out->h[j * m + t] = ht[t * k + j];
    out->w = w;
    w = NULL;
    out->n_rows = n;
    out->n_cols = m;
    out->k = k;
    out->iters = it;
    out->converged = converged;
    out->rel_err = xx > 0 ? sqrt(fmax(2.0 * f, 0.0) / xx) : 0.0;
done:
    if (rc != RD_OK)
        rd_nmf_free(out);
    free(w);
    free(ht);
    free(a);
    free(ct);
    free(ct2);
    free(b);
    free(d);
    free(target);
    return rc;
}

rd_status rd_nmf_kkt(const rd_csr *x, const rd_csr *xt, const rd_nmf *f, int threads,
                     double *residual, rd_err *err)
{
    size_t n = f->n_rows, m = f->n_cols, k = f->k;
    float *ht = calloc(m * k + 1, sizeof *ht), *a = malloc(n * k * sizeof *a),
          *ct = malloc(m * k * sizeof *ct), *b = malloc(k * k * sizeof *b),
          *d = malloc(k * k * sizeof *d);
    rd_status rc = RD_OK;
    *residual = 0.0;
    if (!ht || !a || !ct || !b || !d) {
        rc = rd_fail(err, RD_ENOMEM, "nmf kkt scratch");
        goto done;
    }
    for (size_t t = 0; t < m; t++)
        for (size_t j = 0; j < k; j++)
            ht[t * k + j] = f->h[j * m + t];
    rd_csr_mm(x, ht, k, a, threads);
    rd_csr_mm(xt, f->w, k, ct, threads);
    gram(ht, m, k, b);
    gram(f->w, n, k, d);
    /* ∇_W f = W·B − A,  ∇_H f (transposed) = Ht·D − C. */
    double sw = 0.0, sh = 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++) {
            double g = -(double)a[i * k + j];
            for (size_t l = 0; l < k; l++)
                g += (double)f->w[i * k + l] * (double)b[l * k + j];
            double v = fmin((double)f->w[i * k + j], g);
            sw += v * v;
        }
    for (size_t t = 0; t < m; t++)
        for (size_t j = 0; j < k; j++) {
            double g = -(double)ct[t * k + j];
            for (size_t l = 0; l < k; l++)
                g += (double)ht[t * k + l] * (double)d[l * k + j];
            double v = fmin((double)ht[t * k + j], g);
            sh += v * v;
        }
    *residual = sqrt(sw) + sqrt(sh);
done:
    free(ht);
    free(a);
    free(ct);
    free(b);
    free(d);
    return rc;
}

rd_status rd_nmf_proj_prepare(const float *h, size_t k, size_t m, int threads, rd_nmf_proj *p,
                              rd_err *err)
{
    memset(p, 0, sizeof *p);
    p->k = k;
    p->m = m;
    p->threads = threads;
    p->ht = malloc(m * k * sizeof *p->ht + 1);
    p->b = malloc(k * k * sizeof *p->b + 1);
    p->binv = malloc(k * k * sizeof *p->binv + 1);
    if (!p->ht || !p->b || !p->binv) {
        rd_nmf_proj_free(p);
        return rd_fail(err, RD_ENOMEM, "nmf projection on %zu components", k);
    }
    for (size_t t = 0; t < m; t++)
        for (size_t j = 0; j < k; j++)
            p->ht[t * k + j] = h[j * m + t];
    gram(p->ht, m, k, p->b);
    /* Warm start: the unconstrained least-squares solution A·B⁻¹ clipped at 0 (B is
     * symmetric positive definite unless a theme is empty; then start from 0).
     * spotrf + spotri (GVL §4.2) */
    memcpy(p->binv, p->b, k * k * sizeof *p->binv);
    rd_work_add((double)k * (double)k * (double)k, 8.0 * (double)k * (double)k);
    lapack_int kk = (lapack_int)k;
    p->have_inv = LAPACKE_spotrf(LAPACK_ROW_MAJOR, 'U', kk, p->binv, kk) == 0 &&
                  LAPACKE_spotri(LAPACK_ROW_MAJOR, 'U', kk, p->binv, kk) == 0;
    if (p->have_inv)
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < i; j++)
                p->binv[i * k + j] = p->binv[j * k + i]; /* spotri fills one triangle */
    return RD_OK;
}

void rd_nmf_proj_free(rd_nmf_proj *p)
{
    if (!p)
        return;
    free(p->ht);
    free(p->b);
    free(p->binv);
    memset(p, 0, sizeof *p);
}

rd_status rd_nmf_proj_apply(const rd_nmf_proj *p, const rd_csr *x, size_t sweeps, float *w,
                            rd_err *err)
{
    size_t n = x->n_rows, k = p->k;
    float *a = malloc(n * k * sizeof *a + 1), *g = malloc(n * k * sizeof *g + 1);
    if (!a || !g) {
        free(a);
        free(g);
        return rd_fail(err, RD_ENOMEM, "nmf projection of %zu rows on %zu components", n, k);
    }
    rd_csr_mm(x, p->ht, k, a, p->threads);
    if (p->have_inv) {
        rd_blas_gemm(p->threads, n, k, k, 1.0f, a, p->binv, 0, 0.0f, w);
        for (size_t i = 0; i < n * k; i++)
            w[i] = w[i] > 0.0f ? w[i] : 0.0f;
    } else {
        memset(w, 0, n * k * sizeof *w);
    }
    for (size_t s = 0; s < sweeps; s++) {
        memcpy(g, a, n * k * sizeof *g);
        hals_rows(w, g, p->b, n, k, p->threads, NULL, 0, 1.0f);
    }
    free(a);
    free(g);
    return RD_OK;
}

rd_status rd_nmf_project_context(const rd_csr *x, const uint32_t *group, float c,
                                 const float *h, size_t k, size_t sweeps, int threads, float *w,
                                 rd_err *err)
{
    size_t n = x->n_rows, *rows = malloc(RD_NMF_CONTEXT_BATCH * sizeof *rows);
    rd_nmf_proj p;
    if (!rows)
        return rd_fail(err, RD_ENOMEM, "theme weights");
    rd_status rc = rd_nmf_proj_prepare(h, k, x->n_cols, threads, &p, err);
    for (size_t b = 0; b < n && rc == RD_OK; b += RD_NMF_CONTEXT_BATCH) {
        size_t nb = n - b < RD_NMF_CONTEXT_BATCH ? n - b : RD_NMF_CONTEXT_BATCH;
        rd_csr *xb = NULL;
        for (size_t i = 0; i < nb; i++)
            rows[i] = b + i;
        if ((rc = rd_csr_context_rows(x, group, c, rows, nb, threads, &xb, err)) == RD_OK)
            rc = rd_nmf_proj_apply(&p, xb, sweeps, w + b * k, err);
        rd_csr_free(xb);
    }
    rd_nmf_proj_free(&p);
    free(rows);
    return rc;
}

rd_status rd_nmf_project(const rd_csr *x, const float *h, size_t k, size_t sweeps, int threads,
                         float *w, rd_err *err)
{
    rd_nmf_proj p;
    rd_status rc = rd_nmf_proj_prepare(h, k, x->n_cols, threads, &p, err);
    if (rc == RD_OK)
        rc = rd_nmf_proj_apply(&p, x, sweeps, w, err);
    rd_nmf_proj_free(&p);
    return rc;
}
