/* engine/tfidf.c — see tfidf.h. Sums and idf in double; stored weights in float. */
#include "engine/tfidf.h"

#include <math.h>
#include <stdlib.h>

rd_status rd_tfidf_weigh(rd_csr *m, const double *idf, rd_err *err)
{
    for (size_t p = 0; p < m->nnz; p++)
        if (!(m->data[p] > 0.0f))
            return rd_fail(err, RD_EINVAL, "tf-idf: count %g is not positive", (double)m->data[p]);
    for (size_t r = 0; r < m->n_rows; r++) {
        double ss = 0.0;
        for (int64_t p = m->indptr[r]; p < m->indptr[r + 1]; p++) {
            double w = (1.0 + log((double)m->data[p])) * idf[m->indices[p]];
            m->data[p] = (float)w;
            ss += w * w;
        }
        if (ss > 0.0) {
            double inv = 1.0 / sqrt(ss);
            for (int64_t p = m->indptr[r]; p < m->indptr[r + 1]; p++)
                m->data[p] = (float)((double)m->data[p] * inv);
        }
    }
    return RD_OK;
}

rd_status rd_tfidf_apply(rd_csr *m, double *idf_out, rd_err *err)
{
    rd_status rc = RD_OK;
    double *idf = NULL;
    uint64_t *df = NULL;
    if (!(idf = malloc((m->n_cols ? m->n_cols : 1) * sizeof *idf)) ||
        !(df = calloc(m->n_cols ? m->n_cols : 1, sizeof *df))) {
        rc = rd_fail(err, RD_ENOMEM, "idf for %zu terms", m->n_cols);
        goto done;
    }
    for (size_t p = 0; p < m->nnz; p++)
        df[m->indices[p]]++;
    for (size_t t = 0; t < m->n_cols; t++)
        idf[t] = log((1.0 + (double)m->n_rows) / (1.0 + (double)df[t])) + 1.0;
    if ((rc = rd_tfidf_weigh(m, idf, err)) != RD_OK)
        goto done;
    if (idf_out)
        for (size_t t = 0; t < m->n_cols; t++)
            idf_out[t] = idf[t];
done:
    free(idf);
    free(df);
    return rc;
}
