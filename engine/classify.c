/* engine/classify.c — see classify.h. */
#include "engine/classify.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/nmf.h"
#include "engine/pool.h"
#include "engine/tfidf.h"

void rd_classify_nearest(const float *x, const float *centres, size_t k, size_t d,
                         int32_t *best, int32_t *second)
{
    double b1 = INFINITY, b2 = INFINITY;
    int32_t i1 = -1, i2 = -1;
    for (size_t j = 0; j < k; j++) {
        const float *c = centres + j * d;
        double s = 0.0;
        for (size_t t = 0; t < d; t++) {
            double z = (double)x[t] - (double)c[t];
            s += z * z;
        }
        if (s < b1) {
            b2 = b1;
            i2 = i1;
            b1 = s;
            i1 = (int32_t)j;
        } else if (s < b2) {
            b2 = s;
            i2 = (int32_t)j;
        }
    }
    *best = i1;
    *second = i2;
}

typedef struct {
    const float *x, *centres;
    size_t d, k;
    int32_t *labels;
} assign_job;

static void assign_rows(void *ctx, size_t lo, size_t hi)
{
    const assign_job *j = ctx;
    for (size_t i = lo; i < hi; i++) {
        int32_t second;
        rd_classify_nearest(j->x + i * j->d, j->centres, j->k, j->d, &j->labels[i], &second);
    }
}

void rd_classify_assign(const float *x, size_t n, size_t d, const float *centres, size_t k,
                        int threads, int32_t *labels)
{
    assign_job j = {x, centres, d, k, labels};
    rd_pool_for(threads, n, assign_rows, &j);
}

float rd_classify_cosine(const float *x, const float *c, size_t d)
{
    double dp = 0, nx = 0, nc = 0;
    for (size_t t = 0; t < d; t++) {
        dp += (double)x[t] * c[t];
        nx += (double)x[t] * x[t];
        nc += (double)c[t] * c[t];
    }
    return nx > 0 && nc > 0 ? (float)(dp / sqrt(nx * nc)) : 0.0f;
}

static int cmp_float(const void *p, const void *q)
{
    float a = *(const float *)p, b = *(const float *)q;
    return (a > b) - (a < b);
}

rd_status rd_classify_thresholds(const int32_t *label, const float *fit, size_t n, size_t k,
                                 float *threshold, rd_err *err)
{
    float *v = malloc(n * sizeof *v + 1);
    if (!v)
        return rd_fail(err, RD_ENOMEM, "fit thresholds of %zu segments", k);
    for (size_t j = 0; j < k; j++) {
        size_t m = 0;
        threshold[j] = 0.0f;
        for (size_t i = 0; i < n; i++)
            if (label[i] == (int32_t)j)
                v[m++] = fit[i];
        if (!m)
            continue;
        qsort(v, m, sizeof *v, cmp_float);
        size_t r = (m * 5 + 99) / 100; /* ⌈0.05·m⌉, at least 1 */
        threshold[j] = v[(r ? r : 1) - 1];
    }
    free(v);
    return RD_OK;
}

rd_status rd_classify_run(const rd_classify_model *m, rd_csr **counts, const uint32_t *row_doc,
                          size_t n_docs, int threads, rd_classify_row *rows, float *shares,
                          rd_err *err)
{
    rd_status rc = RD_OK;
    rd_csr *x = *counts, *d = NULL;
    size_t n_rows = x->n_rows;
    float *lsa = NULL, *w = NULL, *profile = NULL, *rep = NULL;
    size_t width = 0;
    *counts = NULL;
    if (x->n_cols != m->terms) {
        rc = rd_fail(err, RD_EINVAL, "counts of %zu terms for a model of %zu", x->n_cols,
                     m->terms);
        goto done;
    }
    if (m->dims > 0) {
        if ((rc = rd_represent_sum(x, row_doc, n_docs, &d, err)) != RD_OK ||
            (rc = rd_tfidf_weigh(d, m->lsa_idf, err)) != RD_OK)
            goto done;
        if (!(lsa = malloc(n_docs * m->dims * sizeof *lsa + 1))) {
            rc = rd_fail(err, RD_ENOMEM, "LSA rows of %zu respondents", n_docs);
            goto done;
        }
        rd_represent_project(d, m->v, m->dims, threads, lsa);
    }
    if ((rc = rd_tfidf_weigh(x, m->idf, err)) != RD_OK)
        goto done;
    if (!(w = malloc(x->n_rows * m->themes * sizeof *w + 1)) ||
        !(profile = malloc(n_docs * m->themes * sizeof *profile + 1))) {
        rc = rd_fail(err, RD_ENOMEM, "theme weights of %zu passages", x->n_rows);
        goto done;
    }
    if (x->n_rows) { /* the passages in their context when the run read them so */
        rc = m->context > 0.0f ? rd_nmf_project_context(x, row_doc, m->context, m->h,
                                                        m->themes, 10, threads, w, err)
                               : rd_nmf_project(x, m->h, m->themes, 10, threads, w, err);
        if (rc != RD_OK)
            goto done;
    }
    if ((rc = rd_represent_profile(w, x->n_rows, m->themes, row_doc, n_docs, profile, err)) !=
        RD_OK)
        goto done;
    if (shares)
        memcpy(shares, profile, n_docs * m->themes * sizeof *shares);
    if ((rc = rd_represent_rows(m->rep, profile, m->themes, lsa, m->dims, n_docs, &rep, &width,
                                err)) != RD_OK)
        goto done;
    if (width != m->d) {
        rc = rd_fail(err, RD_EINVAL, "rows of %zu columns for centres of %zu", width, m->d);
        goto done;
    }
    uint32_t *np = calloc(n_docs + 1, sizeof *np);
    if (!np) {
        rc = rd_fail(err, RD_ENOMEM, "classify");
        goto done;
    }
    for (size_t p = 0; p < n_rows; p++)
        np[row_doc[p]]++;
    for (size_t i = 0; i < n_docs; i++) {
        const float *ri = rep + i * width;
        rd_classify_row *o = &rows[i];
        double nn = 0.0;
        for (size_t t = 0; t < width; t++)
            nn += (double)ri[t] * ri[t];
        *o = (rd_classify_row){.segment = -1, .runner_up = -1};
        if (!(nn > 0.0) || m->k == 0)
            continue;
        rd_classify_nearest(ri, m->centres, m->k, width, &o->segment, &o->runner_up);
        o->fit = rd_classify_cosine(ri, m->centres + (size_t)o->segment * width, width);
        if (o->runner_up >= 0)
            o->runner_fit = rd_classify_cosine(ri, m->centres + (size_t)o->runner_up * width, width);
        const float *th = np[i] == 1 && m->passage_threshold ? m->passage_threshold : m->threshold;
        o->fits = o->fit >= th[o->segment];
    }
    free(np);
done:
    rd_csr_free(x);
    rd_csr_free(d);
    free(lsa);
    free(w);
    free(profile);
    free(rep);
    return rc;
}
