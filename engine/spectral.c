/* engine/spectral.c — see spectral.h. */
#include "engine/work.h"
#include "engine/spectral.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kmeans.h"
#include "engine/pool.h"
#include "engine/represent.h"
#include "engine/svd.h"

enum { BLOCK = 256 }; /* rows of one similarity GEMM: fixed, so -j changes no result */

/* ---- the graph ---- */

typedef struct {
    const float *x;
    size_t n, d, nn;
    int32_t *nbr; /* n × nn neighbours, best first */
    float *w;     /* n × nn similarities */
    int oom;
} graph_ctx;

/* The nn largest of s[0..n) but s[self], best first, lower index first on ties. */
static void top_nn(const float *s, size_t n, size_t self, size_t nn, int32_t *nbr, float *w)
{
    size_t got = 0;
    for (size_t j = 0; j < n; j++) {
        if (j == self)
            continue;
        float v = s[j];
        if (got == nn && !(v > w[nn - 1]))
            continue;
        size_t p = got < nn ? got++ : nn - 1;
        while (p > 0 && v > w[p - 1]) {
            w[p] = w[p - 1];
            nbr[p] = nbr[p - 1];
            p--;
        }
        w[p] = v;
        nbr[p] = (int32_t)j;
    }
}

static void graph_blocks(void *p, size_t lo, size_t hi)
{
    graph_ctx *g = p;
    float *s = malloc(BLOCK * g->n * sizeof *s);
    if (!s) {
        g->oom = 1;
        return;
    }
    for (size_t b = lo; b < hi; b++) {
        size_t r0 = b * BLOCK, r1 = r0 + BLOCK < g->n ? r0 + BLOCK : g->n;
        rd_work_gemm(r1 - r0, g->n, g->d);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)(r1 - r0), (blasint)g->n,
                    (blasint)g->d, 1.0f, g->x + r0 * g->d, (blasint)g->d, g->x, (blasint)g->d,
                    0.0f, s, (blasint)g->n);
        for (size_t i = r0; i < r1; i++)
            top_nn(s + (i - r0) * g->n, g->n, i, g->nn, g->nbr + i * g->nn, g->w + i * g->nn);
    }
    free(s);
}

typedef struct {
    int32_t col;
    float w;
} edge;

static int by_col(const void *a, const void *b)
{
    int32_t x = ((const edge *)a)->col, y = ((const edge *)b)->col;
    return (x > y) - (x < y);
}

/* A = max(A, Aᵀ) of the directed neighbour lists, as CSR; weights max(0, cosine). */
static rd_status symmetric(const int32_t *nbr, const float *w, size_t n, size_t nn, rd_csr **out,
                           rd_err *err)
{
    rd_status rc = RD_OK;
    size_t *cnt = calloc(n + 1, sizeof *cnt), *at = malloc((n + 1) * sizeof *at);
    edge *e = malloc(2 * n * nn * sizeof *e + 1);
    rd_csr *a = NULL;
    if (!cnt || !at || !e) {
        rc = rd_fail(err, RD_ENOMEM, "neighbour graph of %zu rows", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < nn; t++) {
            cnt[i + 1]++;
            cnt[(size_t)nbr[i * nn + t] + 1]++;
        }
    for (size_t i = 0; i < n; i++)
        cnt[i + 1] += cnt[i];
    memcpy(at, cnt, (n + 1) * sizeof *at);
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < nn; t++) {
            size_t j = (size_t)nbr[i * nn + t];
            float v = w[i * nn + t] > 0.0f ? w[i * nn + t] : 0.0f;
            e[at[i]++] = (edge){(int32_t)j, v};
            e[at[j]++] = (edge){(int32_t)i, v};
        }
    size_t nnz = 0;
    for (size_t i = 0; i < n; i++) { /* sort each row, keep the larger of duplicates */
        edge *r = e + cnt[i];
        size_t m = cnt[i + 1] - cnt[i], k = 0;
        qsort(r, m, sizeof *r, by_col);
        for (size_t t = 0; t < m; t++) {
            if (k && r[k - 1].col == r[t].col) {
                r[k - 1].w = r[t].w > r[k - 1].w ? r[t].w : r[k - 1].w;
                continue;
            }
            r[k++] = r[t];
        }
        at[i] = k;
        nnz += k;
    }
    if ((rc = rd_csr_new(n, n, nnz, &a, err)) != RD_OK)
        goto done;
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t t = 0; t < at[i]; t++, q++) {
            a->indices[q] = e[cnt[i] + t].col;
            a->data[q] = e[cnt[i] + t].w;
        }
        a->indptr[i + 1] = (int64_t)q;
    }
    *out = a;
    a = NULL;
done:
    rd_csr_free(a);
    free(cnt);
    free(at);
    free(e);
    return rc;
}

rd_status rd_spectral_graph(const float *x, size_t n, size_t d, size_t nn, int threads,
                            rd_csr **out, rd_err *err)
{
    rd_status rc;
    *out = NULL;
    if (nn < 1 || nn >= n)
        return rd_fail(err, RD_EINVAL, "neighbour graph: %zu neighbours of %zu rows", nn, n);
    graph_ctx g = {x, n, d, nn, malloc(n * nn * sizeof(int32_t)), malloc(n * nn * sizeof(float)),
                   0};
    if (!g.nbr || !g.w) {
        rc = rd_fail(err, RD_ENOMEM, "neighbour graph of %zu rows", n);
        goto done;
    }
    rd_pool_for(threads, (n + BLOCK - 1) / BLOCK, graph_blocks, &g);
    if (g.oom) {
        rc = rd_fail(err, RD_ENOMEM, "neighbour graph of %zu rows", n);
        goto done;
    }
    rc = symmetric(g.nbr, g.w, n, nn, out, err);
done:
    free(g.nbr);
    free(g.w);
    return rc;
}

/* ---- the embedding ---- */

/* The normalised adjacency D^-1/2·A·D^-1/2 (a row without weight stays empty). */
static rd_status normalised(const rd_csr *a, rd_csr **out, rd_err *err)
{
    rd_status rc = rd_csr_new(a->n_rows, a->n_cols, a->nnz, out, err);
    double *dinv = malloc((a->n_rows + 1) * sizeof *dinv);
    if (rc != RD_OK || !dinv) {
        free(dinv);
        rd_csr_free(*out);
        *out = NULL;
        return rc != RD_OK ? rc : rd_fail(err, RD_ENOMEM, "normalised graph");
    }
    for (size_t i = 0; i < a->n_rows; i++) {
        double s = 0.0;
        for (int64_t e = a->indptr[i]; e < a->indptr[i + 1]; e++)
            s += a->data[e];
        dinv[i] = s > 0.0 ? 1.0 / sqrt(s) : 0.0;
    }
    memcpy((*out)->indptr, a->indptr, (a->n_rows + 1) * sizeof *a->indptr);
    memcpy((*out)->indices, a->indices, a->nnz * sizeof *a->indices);
    for (size_t i = 0; i < a->n_rows; i++)
        for (int64_t e = a->indptr[i]; e < a->indptr[i + 1]; e++)
            (*out)->data[e] = (float)(a->data[e] * dinv[i] * dinv[a->indices[e]]);
    free(dinv);
    return RD_OK;
}

/* y = (m·q + q) / 2 for q n × c. */
static void step(const rd_csr *m, const float *q, size_t n, size_t c, int threads, float *y)
{
    rd_csr_mm(m, q, c, y, threads);
    for (size_t i = 0; i < n * c; i++)
        y[i] = 0.5f * (y[i] + q[i]);
}

/* u = the m leading Ritz vectors of the subspace q (n × c, orthonormal columns). */
static rd_status ritz(const rd_csr *mat, const float *q, size_t n, size_t c, size_t m, int threads,
                      float *y, float *u, rd_err *err)
{
    float *b = malloc(c * c * sizeof *b), *ev = malloc(c * sizeof *ev),
          *v = malloc(c * m * sizeof *v + 1);
    rd_status rc = RD_OK;
    if (!b || !ev || !v) {
        rc = rd_fail(err, RD_ENOMEM, "spectral embedding");
        goto done;
    }
    step(mat, q, n, c, threads, y);
    rd_work_gemm(c, c, n);
    /* ssyevd (GVL §8.3) */
    rd_work_add(9.0 * (double)c * (double)c * (double)c, 8.0 * (double)c * (double)c);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (blasint)c, (blasint)c, (blasint)n, 1.0f,
                q, (blasint)c, y, (blasint)c, 0.0f, b, (blasint)c);
    for (size_t i = 0; i < c; i++) /* exactly symmetric */
        for (size_t j = i + 1; j < c; j++)
            b[i * c + j] = b[j * c + i] = 0.5f * (b[i * c + j] + b[j * c + i]);
    lapack_int info = LAPACKE_ssyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)c, b, (lapack_int)c, ev);
    if (info != 0) {
        rc = rd_fail(err, RD_ELAPACK, "LAPACKE_ssyevd on %zu x %zu: info=%d", c, c, (int)info);
        goto done;
    }
    for (size_t i = 0; i < c; i++) /* eigenvalues ascend: take the last m, largest first */
        for (size_t j = 0; j < m; j++)
            v[i * m + j] = b[i * c + (c - 1 - j)];
    rd_work_gemm(n, m, c);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (blasint)n, (blasint)m, (blasint)c, 1.0f,
                q, (blasint)c, v, (blasint)m, 0.0f, u, (blasint)m);
    for (size_t j = 0; j < m; j++) { /* canonical sign: the largest entry positive */
        size_t big = 0;
        for (size_t i = 1; i < n; i++)
            if (fabsf(u[i * m + j]) > fabsf(u[big * m + j]))
                big = i;
        if (u[big * m + j] < 0.0f)
            for (size_t i = 0; i < n; i++)
                u[i * m + j] = -u[i * m + j];
    }
done:
    free(b);
    free(ev);
    free(v);
    return rc;
}

rd_status rd_spectral_embed(const rd_csr *a, size_t m, size_t iters, rd_rng *rng, int threads,
                            float *u, rd_err *err)
{
    rd_status rc;
    size_t n = a->n_rows, c = m + 8 < n ? m + 8 : n;
    rd_csr *mat = NULL;
    if (m < 1 || m > n)
        return rd_fail(err, RD_EINVAL, "spectral embedding: %zu vectors of %zu rows", m, n);
    float *q = malloc(n * c * sizeof *q), *y = malloc(n * c * sizeof *y), *tau = malloc(c * sizeof *tau);
    if (!q || !y || !tau) {
        rc = rd_fail(err, RD_ENOMEM, "spectral embedding of %zu rows", n);
        goto done;
    }
    if ((rc = normalised(a, &mat, err)) != RD_OK)
        goto done;
    for (size_t i = 0; i < n * c; i++)
        q[i] = (float)(2.0 * rd_rng_uniform(rng) - 1.0);
    if ((rc = rd_svd_orthonormalise(q, n, c, tau, err)) != RD_OK)
        goto done;
    for (size_t it = 0; it < iters; it++) {
        step(mat, q, n, c, threads, y);
        if ((rc = rd_svd_orthonormalise(y, n, c, tau, err)) != RD_OK)
            goto done;
        float *t = q;
        q = y;
        y = t;
    }
    rc = ritz(mat, q, n, c, m, threads, y, u, err);
done:
    rd_csr_free(mat);
    free(q);
    free(y);
    free(tau);
    return rc;
}

/* ---- clusters and modularity ---- */

rd_status rd_spectral_cluster(const float *u, size_t n, size_t m, size_t k, size_t n_init,
                              int threads, rd_rng *rng, int32_t *labels, rd_err *err)
{
    rd_kmeans km = {0};
    float *z = malloc(n * k * sizeof *z + 1);
    if (!z)
        return rd_fail(err, RD_ENOMEM, "spectral clusters");
    for (size_t i = 0; i < n; i++)
        memcpy(z + i * k, u + i * m, k * sizeof *z);
    rd_represent_normalise(z, n, k);
    rd_kmeans_opts ko = {k, n_init ? n_init : 1, 300, threads};
    rd_status rc = rd_kmeans_fit(z, n, k, &ko, rng, &km, NULL, NULL, err);
    if (rc == RD_OK)
        memcpy(labels, km.labels, n * sizeof *labels);
    rd_kmeans_free(&km);
    free(z);
    return rc;
}

double rd_spectral_modularity(const rd_csr *a, const int32_t *labels, size_t k)
{
    double *in = calloc(k + 1, sizeof *in), *deg = calloc(k + 1, sizeof *deg), total = 0.0;
    double q = 0.0;
    if (!in || !deg)
        goto done;
    for (size_t i = 0; i < a->n_rows; i++)
        for (int64_t e = a->indptr[i]; e < a->indptr[i + 1]; e++) {
            double v = a->data[e];
            total += v;
            deg[labels[i]] += v;
            if (labels[a->indices[e]] == labels[i])
                in[labels[i]] += v;
        }
    for (size_t c = 0; total > 0.0 && c < k; c++)
        q += in[c] / total - (deg[c] / total) * (deg[c] / total);
done:
    free(in);
    free(deg);
    return q;
}
