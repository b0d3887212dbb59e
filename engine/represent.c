/* engine/represent.c — see represent.h. */
#include "engine/represent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "engine/pool.h"
#include "engine/svd.h"
#include "engine/tfidf.h"

void rd_represent_normalise(float *x, size_t n, size_t d)
{
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t t = 0; t < d; t++)
            s += (double)x[i * d + t] * x[i * d + t];
        if (s > 0.0) {
            double inv = 1.0 / sqrt(s);
            for (size_t t = 0; t < d; t++)
                x[i * d + t] = (float)(x[i * d + t] * inv);
        }
    }
}

rd_status rd_represent_profile(const float *w, size_t n_rows, size_t k,
                               const uint32_t *row_doc, size_t n_docs, float *out, rd_err *err)
{
    double *acc = calloc(n_docs * k + 1, sizeof *acc);
    memset(out, 0, n_docs * k * sizeof *out);
    if (!acc)
        return rd_fail(err, RD_ENOMEM, "theme profiles of %zu respondents", n_docs);
    for (size_t p = 0; p < n_rows; p++)
        for (size_t j = 0; j < k; j++)
            acc[(size_t)row_doc[p] * k + j] += w[p * k + j];
    for (size_t r = 0; r < n_docs; r++) {
        double s = 0.0;
        for (size_t j = 0; j < k; j++)
            s += acc[r * k + j];
        if (s > 0.0)
            for (size_t j = 0; j < k; j++)
                out[r * k + j] = (float)(acc[r * k + j] / s);
    }
    free(acc);
    return RD_OK;
}

void rd_lsa_basis_free(rd_lsa_basis *b)
{
    if (!b)
        return;
    free(b->idf);
    free(b->v);
    memset(b, 0, sizeof *b);
}

/* Merges the sorted a[0..na) and b[0..nb) into out. */
static void merge_ids(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, uint32_t *out)
{
    size_t i = 0, j = 0, o = 0;
    while (i < na && j < nb)
        out[o++] = a[i] < b[j] ? a[i++] : b[j++];
    while (i < na)
        out[o++] = a[i++];
    while (j < nb)
        out[o++] = b[j++];
}

rd_status rd_represent_sum(const rd_csr *c, const uint32_t *row_doc, size_t n_docs,
                           rd_csr **out, rd_err *err)
{
    rd_status rc;
    size_t m = c->n_cols, n = c->n_rows, p = 0, q = 0;
    rd_csr *d = NULL;
    *out = NULL;
    /* A respondent's rows are adjacent: their counts are added up in a dense row (acc,
     * stamped with the respondent in mark), each term's in row order (the first count,
     * then the others: the bits the sum had when it went through two transposes), and the
     * terms the respondent used are kept sorted by merging in each row's new ones. */
    float *acc = malloc((m ? m : 1) * sizeof *acc);
    uint32_t *mark = calloc(m ? m : 1, sizeof *mark);
    uint32_t *ids = malloc((m ? m : 1) * sizeof *ids), *tmp = malloc((m ? m : 1) * sizeof *tmp);
    uint32_t *fresh = malloc((m ? m : 1) * sizeof *fresh);
    if (!acc || !mark || !ids || !tmp || !fresh) {
        rc = rd_fail(err, RD_ENOMEM, "respondent counts over %zu terms", m);
        goto done;
    }
    if ((rc = rd_csr_new(n_docs, m, c->nnz, &d, err)) != RD_OK)
        goto done;
    for (size_t r = 0; r < n_docs; r++) {
        size_t cnt = 0;
        for (; p < n && row_doc[p] == r; p++) {
            size_t nn = 0;
            for (int64_t e = c->indptr[p]; e < c->indptr[p + 1]; e++) {
                uint32_t t = (uint32_t)c->indices[e];
                if (mark[t] != (uint32_t)r + 1) {
                    mark[t] = (uint32_t)r + 1;
                    acc[t] = c->data[e];
                    fresh[nn++] = t;
                } else {
                    acc[t] += c->data[e];
                }
            }
            if (nn) {
                merge_ids(ids, cnt, fresh, nn, tmp);
                uint32_t *sw = ids;
                ids = tmp;
                tmp = sw;
                cnt += nn;
            }
        }
        for (size_t i = 0; i < cnt; i++) {
            d->indices[q] = (int32_t)ids[i];
            d->data[q++] = acc[ids[i]];
        }
        d->indptr[r + 1] = (int64_t)q;
    }
    if (p != n) {
        rc = rd_fail(err, RD_EINVAL,
                     "passage %zu belongs to respondent %u, out of order or beyond %zu", p,
                     (unsigned)row_doc[p], n_docs);
        goto done;
    }
    d->nnz = q;
    (void)RD_RESIZE(d->indices, q ? q : 1); /* shrink to fit; on failure the larger blocks */
    (void)RD_RESIZE(d->data, q ? q : 1);
    *out = d;
    d = NULL;
done:
    rd_csr_free(d);
    free(acc);
    free(mark);
    free(ids);
    free(tmp);
    free(fresh);
    return rc;
}

void rd_represent_project(const rd_csr *w, const float *v, size_t dims, int threads, float *out)
{
    /* rd_csr_mm computes each row alone, in the row's entry order, whatever the thread
     * count: a respondent's row is the same bits in the run and in classify */
    rd_csr_mm(w, v, dims, out, threads);
    rd_represent_normalise(out, w->n_rows, dims);
}

rd_status rd_represent_lsa(const rd_csr *c, const uint32_t *row_doc, size_t n_docs,
                           size_t dims, int threads, rd_rng *rng, float *out,
                           rd_lsa_basis *basis, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_csr *d = NULL;
    rd_svd svd = {0};
    rd_lsa_basis b = {0};
    memset(out, 0, n_docs * dims * sizeof *out);
    if (basis)
        memset(basis, 0, sizeof *basis);
    if ((rc = rd_represent_sum(c, row_doc, n_docs, &d, err)) != RD_OK)
        goto done;
    if (d->nnz == 0) {
        rc = rd_fail(err, RD_EDATA, "no terms left for any respondent");
        goto done;
    }
    b.terms = d->n_cols;
    b.dims = dims;
    if (!(b.idf = malloc(b.terms * sizeof *b.idf + 1)) ||
        !(b.v = malloc(b.terms * dims * sizeof *b.v + 1))) {
        rc = rd_fail(err, RD_ENOMEM, "LSA basis of %zu terms", b.terms);
        goto done;
    }
    if ((rc = rd_tfidf_apply(d, b.idf, err)) != RD_OK)
        goto done;
    rd_svd_opts so = {dims, 10, 1, threads};
    if ((rc = rd_svd_randomized(d, NULL, &so, rng, &svd, err)) != RD_OK)
        goto done;
    /* V = Vtᵀ in blocks of 64 terms: a block's rows of V stay in cache while each
     * component's row of Vt is read in order */
    for (size_t t0 = 0; t0 < b.terms; t0 += 64) {
        size_t t1 = t0 + 64 < b.terms ? t0 + 64 : b.terms;
        for (size_t a = 0; a < dims; a++)
            for (size_t t = t0; t < t1; t++)
                b.v[t * dims + a] = svd.vt[a * b.terms + t];
    }
    rd_svd_free(&svd);
    rd_represent_project(d, b.v, dims, threads, out);
    if (basis) {
        *basis = b;
        b = (rd_lsa_basis){0};
    }
done:
    rd_lsa_basis_free(&b);
    rd_svd_free(&svd);
    rd_csr_free(d);
    return rc;
}

rd_status rd_represent_rows(rd_represent_kind kind, const float *profile, size_t t,
                            const float *lsa, size_t dims, size_t n_docs, float **out,
                            size_t *d, rd_err *err)
{
    size_t w = kind == RD_REP_PROFILE ? t : kind == RD_REP_LSA ? dims : t + dims;
    float *rep = malloc(n_docs * w * sizeof *rep + 1);
    *out = NULL;
    *d = w;
    if (!rep)
        return rd_fail(err, RD_ENOMEM, "respondent rows");
    for (size_t i = 0; i < n_docs; i++) {
        float *ri = rep + i * w;
        if (kind == RD_REP_LSA) {
            memcpy(ri, lsa + i * dims, dims * sizeof *ri);
            continue;
        }
        memcpy(ri, profile + i * t, t * sizeof *ri);
        rd_represent_normalise(ri, 1, t);
        if (kind == RD_REP_BOTH) {
            memcpy(ri + t, lsa + i * dims, dims * sizeof *ri);
            for (size_t j = 0; j < w; j++)
                ri[j] *= (float)M_SQRT1_2;
        }
    }
    *out = rep;
    return RD_OK;
}

/* Power iteration for the leading eigenvector of the symmetric d × d matrix c, orthogonal
 * to `against` (NULL: none): v ← C·v, v ← v − (v·a)a, v ← v/‖v‖, a fixed number of steps
 * from a start vector with distinct entries (so it is not orthogonal to the answer except
 * by accident). Eigenvalues of a covariance are ≥ 0, so the iteration finds the largest. */
static void leading(const double *c, size_t d, const double *against, double *v, double *tmp)
{
    for (size_t i = 0; i < d; i++)
        v[i] = 1.0 + 1.0 / (double)(i + 2);
    for (int it = 0; it < 300; it++) {
        if (against) {
            double dot = 0;
            for (size_t i = 0; i < d; i++)
                dot += v[i] * against[i];
            for (size_t i = 0; i < d; i++)
                v[i] -= dot * against[i];
        }
        double nn = 0;
        for (size_t i = 0; i < d; i++)
            nn += v[i] * v[i];
        if (!(nn > 0))
            break;
        nn = 1.0 / sqrt(nn);
        for (size_t i = 0; i < d; i++)
            v[i] *= nn;
        if (it == 299)
            break;
        for (size_t i = 0; i < d; i++) {
            double acc = 0;
            for (size_t j = 0; j < d; j++)
                acc += c[i * d + j] * v[j];
            tmp[i] = acc;
        }
        memcpy(v, tmp, d * sizeof *v);
    }
    /* The sign: the largest entry positive (ties: the first). */
    size_t big = 0;
    for (size_t i = 1; i < d; i++)
        if (fabs(v[i]) > fabs(v[big]))
            big = i;
    if (v[big] < 0)
        for (size_t i = 0; i < d; i++)
            v[i] = -v[i];
}

rd_status rd_represent_map(const float *x, size_t n, size_t d, size_t sample, float *out,
                           rd_err *err)
{
    rd_status rc = RD_OK;
    double *mu = NULL, *c = NULL, *v = NULL;
    if (n == 0 || d == 0)
        return rd_fail(err, RD_EINVAL, "map of %zu rows of %zu columns", n, d);
    size_t m = sample && n > sample ? sample : n;
    if (!(mu = calloc(d, sizeof *mu)) || !(c = calloc(d * d, sizeof *c)) ||
        !(v = calloc(4 * d, sizeof *v))) {
        rc = rd_fail(err, RD_ENOMEM, "map of respondents (%zu columns)", d);
        goto done;
    }
    for (size_t j = 0; j < m; j++) {
        const float *r = x + (m < n ? (size_t)((double)j * (double)n / (double)m) : j) * d;
        for (size_t a = 0; a < d; a++)
            mu[a] += r[a];
    }
    for (size_t a = 0; a < d; a++)
        mu[a] /= (double)m;
    /* Covariance of the sample: Σ (x − μ)(x − μ)ᵀ / m, upper triangle then mirrored. */
    double *y = v + 2 * d; /* scratch row */
    for (size_t j = 0; j < m; j++) {
        const float *r = x + (m < n ? (size_t)((double)j * (double)n / (double)m) : j) * d;
        for (size_t a = 0; a < d; a++)
            y[a] = r[a] - mu[a];
        for (size_t a = 0; a < d; a++)
            for (size_t b = a; b < d; b++)
                c[a * d + b] += y[a] * y[b];
    }
    for (size_t a = 0; a < d; a++)
        for (size_t b = a; b < d; b++)
            c[b * d + a] = c[a * d + b] /= (double)m;
    double *v1 = v, *v2 = v + d, *tmp = v + 3 * d;
    leading(c, d, NULL, v1, tmp);
    if (d >= 2)
        leading(c, d, v1, v2, tmp);
    for (size_t i = 0; i < n; i++) {
        double p1 = 0, p2 = 0;
        for (size_t a = 0; a < d; a++) {
            double z = x[i * d + a] - mu[a];
            p1 += z * v1[a];
            if (d >= 2)
                p2 += z * v2[a];
        }
        out[2 * i] = (float)p1;
        out[2 * i + 1] = (float)p2;
    }
done:
    free(mu);
    free(c);
    free(v);
    return rc;
}
