/* engine/analysis.c — see analysis.h. */
#include "engine/analysis.h"

#include <stdlib.h>
#include <string.h>

#include "engine/select.h"
#include "engine/tfidf.h"

static void step(const rd_analysis_opts *o, rd_analysis_step s)
{
    if (o->step)
        o->step(o->step_ctx, s);
}

void rd_analysis_free(rd_analysis *a)
{
    if (!a)
        return;
    rd_csr_free(a->x);
    rd_themes_free(&a->th);
    rd_segments_free(&a->sg);
    free(a->profile);
    free(a->map);
    free(a->idf);
    rd_lsa_basis_free(&a->basis);
    memset(a, 0, sizeof *a);
}

rd_status rd_analysis_run(rd_csr **counts, const uint32_t *row_doc, size_t n_docs,
                          const rd_analysis_opts *o, rd_analysis *out, rd_err *err)
{
    rd_status rc = RD_OK;
    float *rep = NULL, *lsa = NULL;
    size_t d = 0;
    memset(out, 0, sizeof *out);
    out->x = *counts;
    *counts = NULL;
    out->n_docs = n_docs;
    out->rep = o->rep;
    /* LSA first, from the raw counts (it frees its scratch before the themes need theirs);
     * then TF-IDF of the passages in place. */
    step(o, RD_ANALYSIS_LSA);
    if (out->rep != RD_REP_PROFILE) {
        out->dims = rd_select_lsa_dims(n_docs, out->x->n_cols);
        if (out->dims < 1)
            out->rep = RD_REP_PROFILE; /* one respondent: nothing to project */
    }
    if (out->rep != RD_REP_PROFILE) {
        rd_rng lr;
        rd_rng_seed(&lr, o->seed ^ 0x4c5341ull);
        if (!(lsa = malloc(n_docs * out->dims * sizeof *lsa))) {
            rc = rd_fail(err, RD_ENOMEM, "LSA rows");
            goto done;
        }
        if ((rc = rd_represent_lsa(out->x, row_doc, n_docs, out->dims, o->threads, &lr, lsa,
                                   &out->basis, err)) != RD_OK)
            goto done;
        /* The report's map: the LSA rows on their two principal axes (8 bytes a
         * respondent; the covariance from at most 5,000 of them). */
        if (!(out->map = malloc(n_docs * 2 * sizeof *out->map))) {
            rc = rd_fail(err, RD_ENOMEM, "map of respondents");
            goto done;
        }
        if ((rc = rd_represent_map(lsa, n_docs, out->dims, 5000, out->map, err)) != RD_OK)
            goto done;
    } else {
        out->dims = 0;
    }
    step(o, RD_ANALYSIS_TFIDF);
    if (!(out->idf = malloc(out->x->n_cols * sizeof *out->idf + 1))) {
        rc = rd_fail(err, RD_ENOMEM, "idf of %zu terms", out->x->n_cols);
        goto done;
    }
    if ((rc = rd_tfidf_apply(out->x, out->idf, err)) != RD_OK)
        goto done;

    /* On the LSA rows the segments come first, so that automatic T can be chosen in the
     * window their number sets (engine/select.h); on theme shares they need the themes. */
    if (out->rep == RD_REP_LSA) {
        step(o, RD_ANALYSIS_SEGMENTS);
        rd_segments_opts so = rd_select_segments(n_docs, o->segments, o->seed, o->threads);
        so.init = o->init;
        so.init_k = o->init_k;
        if ((rc = rd_segments_fit(lsa, n_docs, out->dims, &so, &out->sg, err)) != RD_OK)
            goto done;
    }

    step(o, RD_ANALYSIS_THEMES);
    rd_themes_opts to = rd_select_themes(out->x->n_rows, o->themes, out->sg.k, o->seed,
                                         o->threads);
    to.progress = o->nmf_iters;
    to.seeds = o->seeds;
    if ((rc = rd_themes_fit(out->x, &to, &out->th, err)) != RD_OK)
        goto done;

    /* Theme shares per respondent (reported), and the rows k-means sees. */
    step(o, RD_ANALYSIS_REPRESENT);
    size_t T = out->th.k;
    if (!(out->profile = malloc(n_docs * T * sizeof *out->profile))) {
        rc = rd_fail(err, RD_ENOMEM, "theme profiles");
        goto done;
    }
    if ((rc = rd_represent_profile(out->th.w, out->th.n_rows, T, row_doc, n_docs, out->profile,
                                   err)) != RD_OK)
        goto done;
    if (out->rep != RD_REP_LSA) {
        if ((rc = rd_represent_rows(out->rep, out->profile, T, lsa, out->dims, n_docs, &rep, &d,
                                    err)) != RD_OK)
            goto done;
        step(o, RD_ANALYSIS_SEGMENTS);
        rd_segments_opts so = rd_select_segments(n_docs, o->segments, o->seed, o->threads);
        so.init = o->init;
        so.init_k = o->init_k;
        if ((rc = rd_segments_fit(rep, n_docs, d, &so, &out->sg, err)) != RD_OK)
            goto done;
    }
    step(o, RD_ANALYSIS_DONE);
done:
    if (rc != RD_OK)
        rd_analysis_free(out);
    free(rep);
    free(lsa);
    return rc;
}
