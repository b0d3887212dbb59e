/* engine/csr.c — see csr.h. */
#include "engine/csr.h"

#include <math.h>
#include <stdlib.h>

rd_status rd_csr_new(size_t n_rows, size_t n_cols, size_t nnz, rd_csr **out, rd_err *err)
{
    rd_csr *m = calloc(1, sizeof *m);
    *out = NULL;
    if (n_cols > INT32_MAX)
        return rd_fail(err, RD_EINVAL, "%zu columns exceed the int32 index range", n_cols);
    if (!m)
        return rd_fail(err, RD_ENOMEM, "sparse matrix");
    m->n_rows = n_rows;
    m->n_cols = n_cols;
    m->nnz = nnz;
    m->indptr = calloc(n_rows + 1, sizeof *m->indptr);
    m->indices = malloc((nnz ? nnz : 1) * sizeof *m->indices);
    m->data = malloc((nnz ? nnz : 1) * sizeof *m->data);
    if (!m->indptr || !m->indices || !m->data) {
        rd_csr_free(m);
        return rd_fail(err, RD_ENOMEM, "sparse matrix %zu x %zu with %zu entries", n_rows,
                       n_cols, nnz);
    }
    *out = m;
    return RD_OK;
}

void rd_csr_free(rd_csr *m)
{
    if (!m)
        return;
    free(m->indptr);
    free(m->indices);
    free(m->data);
    free(m);
}

rd_status rd_csr_check(const rd_csr *m, rd_err *err)
{
    if (m->indptr[0] != 0 || (size_t)m->indptr[m->n_rows] != m->nnz)
        return rd_fail(err, RD_EINVAL, "csr: indptr does not span 0..nnz");
    for (size_t r = 0; r < m->n_rows; r++) {
        if (m->indptr[r + 1] < m->indptr[r])
            return rd_fail(err, RD_EINVAL, "csr: indptr decreases at row %zu", r);
        for (int64_t p = m->indptr[r]; p < m->indptr[r + 1]; p++) {
            int32_t c = m->indices[p];
            if (c < 0 || (size_t)c >= m->n_cols || (p > m->indptr[r] && c <= m->indices[p - 1]))
                return rd_fail(err, RD_EINVAL, "csr: bad column %d in row %zu", (int)c, r);
            if (!isfinite(m->data[p]))
                return rd_fail(err, RD_EINVAL, "csr: non-finite value in row %zu", r);
        }
    }
    return RD_OK;
}
