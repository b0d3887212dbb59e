/* engine/represent.c — see represent.h. */
#include "engine/represent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

rd_status rd_represent_lsa(const rd_csr *c, const uint32_t *row_doc, size_t n_docs,
                           size_t dims, int threads, rd_rng *rng, float *out, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_csr *ct = NULL, *dt = NULL, *d = NULL;
    rd_svd svd = {0};
    memset(out, 0, n_docs * dims * sizeof *out);
    /* Respondent × term counts by two transposes: in Cᵀ (terms × passages) each term's
     * passages are in ascending order, so passages of one respondent are adjacent and
     * merge into one entry of Dᵀ (terms × respondents); D = (Dᵀ)ᵀ has sorted rows. */
    if ((rc = rd_csr_transpose(c, &ct, err)) != RD_OK ||
        (rc = rd_csr_new(ct->n_rows, n_docs, ct->nnz, &dt, err)) != RD_OK)
        goto done;
    size_t q = 0;
    for (size_t t = 0; t < ct->n_rows; t++) {
        uint32_t last = UINT32_MAX;
        for (int64_t e = ct->indptr[t]; e < ct->indptr[t + 1]; e++) {
            uint32_t r = row_doc[ct->indices[e]];
            if (r != last) {
                dt->indices[q] = (int32_t)r;
                dt->data[q++] = ct->data[e];
                last = r;
            } else {
                dt->data[q - 1] += ct->data[e];
            }
        }
        dt->indptr[t + 1] = (int64_t)q;
    }
    dt->nnz = q;
    rd_csr_free(ct);
    ct = NULL;
    if ((rc = rd_csr_transpose(dt, &d, err)) != RD_OK)
        goto done;
    if (d->nnz == 0) {
        rc = rd_fail(err, RD_EDATA, "no terms left for any respondent");
        goto done;
    }
    if ((rc = rd_tfidf_apply(d, NULL, err)) != RD_OK)
        goto done;
    rd_svd_opts so = {dims, 10, 1, threads};
    rd_csr_free(dt); /* counts, not weights: the SVD builds its own transpose */
    dt = NULL;
    if ((rc = rd_svd_randomized(d, NULL, &so, rng, &svd, err)) != RD_OK)
        goto done;
    for (size_t r = 0; r < n_docs; r++)
        for (size_t j = 0; j < dims; j++)
            out[r * dims + j] = svd.u[r * dims + j] * svd.s[j];
    rd_represent_normalise(out, n_docs, dims);
done:
    rd_svd_free(&svd);
    rd_csr_free(ct);
    rd_csr_free(dt);
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
