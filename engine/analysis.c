/* engine/analysis.c — see analysis.h. */
#include "engine/analysis.h"

#include <stdlib.h>
#include <string.h>

#include "engine/classify.h"
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
    rd_csr_free(a->xp);
    free(a->passage_threshold);
    rd_lsa_basis_free(&a->basis);
    memset(a, 0, sizeof *a);
}

void rd_analysis_release_passages(rd_analysis *a)
{
    if (!a)
        return;
    rd_csr_free(a->x);
    rd_csr_free(a->xp);
    a->x = NULL;
    a->xp = NULL;
}

/* Passages a run samples to learn how well a single passage fits its segment. */
enum { PASSAGE_SAMPLE = 20000 };

/* LSA rows of up to PASSAGE_SAMPLE passages, evenly spaced, each placed alone as classify
 * places a one-passage respondent (engine/classify.h); *rows (m × dims) and *doc (m). */
static rd_status passage_rows(const rd_csr *c, const uint32_t *row_doc, const rd_lsa_basis *b,
                              int threads, float **rows, uint32_t **doc, size_t *m_out,
                              rd_err *err)
{
    size_t m = c->n_rows < PASSAGE_SAMPLE ? c->n_rows : PASSAGE_SAMPLE;
    size_t *pick = malloc(m * sizeof *pick + 1);
    rd_csr *s = NULL;
    rd_status rc = RD_OK;
    *rows = NULL;
    *doc = NULL;
    *m_out = 0;
    if (!pick || !(*rows = malloc(m * b->dims * sizeof **rows + 1)) ||
        !(*doc = malloc(m * sizeof **doc + 1))) {
        rc = rd_fail(err, RD_ENOMEM, "passage rows");
        goto done;
    }
    for (size_t i = 0; i < m; i++) {
        pick[i] = (size_t)((unsigned long long)i * c->n_rows / m);
        (*doc)[i] = row_doc[pick[i]];
    }
    if ((rc = rd_csr_rows(c, pick, m, &s, err)) != RD_OK ||
        (rc = rd_tfidf_weigh(s, b->idf, err)) != RD_OK)
        goto done;
    rd_represent_project(s, b->v, b->dims, threads, *rows);
    *m_out = m;
done:
    rd_csr_free(s);
    free(pick);
    if (rc != RD_OK) {
        free(*rows);
        free(*doc);
        *rows = NULL;
        *doc = NULL;
    }
    return rc;
}

/* Per segment, the 5th percentile of the fits of the sampled passages that the nearest
 * centre puts in their own respondent's segment (rd_classify_thresholds). */
static rd_status passage_thresholds(const float *rows, const uint32_t *doc, size_t m,
                                    const rd_segments *sg, float **out, rd_err *err)
{
    int32_t *lab = malloc(m * sizeof *lab + 1);
    float *fit = malloc(m * sizeof *fit + 1);
    *out = malloc(sg->k * sizeof **out + 1);
    if (!lab || !fit || !*out) {
        free(lab);
        free(fit);
        free(*out);
        *out = NULL;
        return rd_fail(err, RD_ENOMEM, "passage thresholds");
    }
    for (size_t i = 0; i < m; i++) {
        const float *x = rows + i * sg->d;
        int32_t best, second, own = sg->label[doc[i]];
        double nn = 0;
        for (size_t t = 0; t < sg->d; t++)
            nn += (double)x[t] * x[t];
        lab[i] = -1;
        fit[i] = 0.0f;
        if (!(nn > 0))
            continue;
        rd_classify_nearest(x, sg->centers, sg->k, sg->d, &best, &second);
        if (best == own) {
            lab[i] = own;
            fit[i] = rd_classify_cosine(x, sg->centers + (size_t)own * sg->d, sg->d);
        }
    }
    rd_status rc = rd_classify_thresholds(lab, fit, m, sg->k, *out, err);
    free(lab);
    free(fit);
    return rc;
}

/* The cards' seeds without the name-only terms (a card keeps them when it has nothing
 * else): *out and the arrays in *off, *terms (the caller frees them). */
static rd_status fit_seeds(const rd_theme_seeds *sd, const unsigned char *name_only,
                           rd_theme_seeds *out, size_t **off, uint32_t **terms, rd_err *err)
{
    *off = malloc((sd->n + 1) * sizeof **off);
    *terms = malloc((sd->off[sd->n] + 1) * sizeof **terms);
    if (!*off || !*terms)
        return rd_fail(err, RD_ENOMEM, "topic card terms");
    size_t o = 0;
    for (size_t c = 0; c < sd->n; c++) {
        (*off)[c] = o;
        for (size_t e = sd->off[c]; e < sd->off[c + 1]; e++)
            if (!name_only[sd->terms[e]])
                (*terms)[o++] = sd->terms[e];
        if (o == (*off)[c])
            for (size_t e = sd->off[c]; e < sd->off[c + 1]; e++)
                (*terms)[o++] = sd->terms[e];
    }
    (*off)[sd->n] = o;
    *out = (rd_theme_seeds){sd->n, *off, *terms, sd->weight};
    return RD_OK;
}

rd_status rd_analysis_run(rd_csr **counts, const uint32_t *row_doc, size_t n_docs,
                          const rd_analysis_opts *o, rd_analysis *out, rd_err *err)
{
    rd_status rc = RD_OK;
    float *rep = NULL, *lsa = NULL, *prows = NULL;
    uint32_t *pdoc = NULL, *seed_terms = NULL;
    size_t d = 0, pm = 0, *seed_off = NULL;
    rd_theme_seeds seeds;
    memset(out, 0, sizeof *out);
    out->x = *counts;
    out->n_passages = out->x->n_rows;
    out->n_terms = out->x->n_cols;
    *counts = NULL;
    out->n_docs = n_docs;
    out->rep = o->rep;
    if (o->name_only && (rc = rd_csr_split_cols(out->x, o->name_only, &out->xp, err)) != RD_OK)
        goto done;
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
        if (out->rep == RD_REP_LSA &&
            (rc = passage_rows(out->x, row_doc, &out->basis, o->threads, &prows, &pdoc, &pm,
                               err)) != RD_OK)
            goto done;
        if (out->xp) /* a new respondent's name-only terms weigh nothing (engine/classify.h) */
            for (size_t t = 0; t < out->x->n_cols; t++)
                if (o->name_only[t])
                    out->basis.idf[t] = 0.0;
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
    for (size_t t = 0; out->xp && t < out->x->n_cols; t++)
        if (o->name_only[t])
            out->idf[t] = 0.0;

    /* On the LSA rows the segments come first, so that automatic T can be chosen in the
     * window their number sets (engine/select.h); on theme shares they need the themes. */
    if (out->rep == RD_REP_LSA) {
        step(o, RD_ANALYSIS_SEGMENTS);
        rd_segments_opts so = rd_select_segments(n_docs, o->segments, o->seed, o->threads);
        so.init = o->init;
        so.init_k = o->init_k;
        if ((rc = rd_segments_fit(lsa, n_docs, out->dims, &so, &out->sg, err)) != RD_OK ||
            (rc = passage_thresholds(prows, pdoc, pm, &out->sg, &out->passage_threshold,
                                     err)) != RD_OK)
            goto done;
        free(prows);
        free(pdoc);
        prows = NULL;
        pdoc = NULL;
    }

    step(o, RD_ANALYSIS_THEMES);
    rd_themes_opts to = rd_select_themes(out->x->n_rows, o->themes, out->sg.k, o->seed,
                                         o->threads);
    to.progress = o->nmf_iters;
    to.context_group = row_doc;
    to.context = (float)o->context;
    to.context_weights_only = o->seeds != NULL; /* a card's theme: from the passages' words */
    to.seeds = o->seeds;
    if (o->seeds && out->xp) {
        if ((rc = fit_seeds(o->seeds, o->name_only, &seeds, &seed_off, &seed_terms, err)) != RD_OK)
            goto done;
        to.seeds = &seeds;
    }
    if ((rc = rd_themes_fit(out->x, &to, &out->th, err)) != RD_OK)
        goto done;
    out->context = to.context;

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
    free(prows);
    free(pdoc);
    free(seed_off);
    free(seed_terms);
    return rc;
}
