/* engine/themes.c — see themes.h. */
#include "engine/themes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kmeans.h"
#include "engine/metrics.h"
#include "engine/nmf.h"
#include "engine/pool.h"
#include "engine/svd.h"

void rd_themes_free(rd_themes *t)
{
    if (!t)
        return;
    free(t->w);
    free(t->h);
    free(t->weight);
    free(t->cands);
    free(t->card);
    memset(t, 0, sizeof *t);
}

/* The cards' priors: n × m rows, each the indicator of its card's terms at unit length
 * (NULL without cards). */
static rd_status card_priors(const rd_theme_seeds *sd, size_t m, float **out, rd_err *err)
{
    *out = NULL;
    if (!sd || !sd->n)
        return RD_OK;
    float *p = calloc(sd->n * m + 1, sizeof *p);
    if (!p)
        return rd_fail(err, RD_ENOMEM, "topic card priors");
    for (size_t c = 0; c < sd->n; c++) {
        size_t cnt = 0;
        for (size_t e = sd->off[c]; e < sd->off[c + 1]; e++)
            if (sd->terms[e] < m && p[c * m + sd->terms[e]] == 0.0f) {
                p[c * m + sd->terms[e]] = 1.0f;
                cnt++;
            }
        for (size_t t = 0; t < m && cnt; t++)
            p[c * m + t] /= sqrtf((float)cnt);
    }
    *out = p;
    return RD_OK;
}

/* NMF with NNDSVDa start on x (rows × terms): the factors in *f; the first o->seeds->n
 * components guided by prior (card_priors) when there are cards. */
static rd_status nmf_on(const rd_csr *x, size_t k, const rd_themes_opts *o, const float *prior,
                        rd_rng *rng, rd_nmf *f, rd_err *err)
{
    rd_csr *xt = NULL;
    rd_svd svd = {0};
    rd_status rc;
    if ((rc = rd_csr_transpose_mt(x, o->threads, &xt, err)) != RD_OK)
        return rc;
    rd_svd_opts so = {k, 10, 2, o->threads};
    if ((rc = rd_svd_randomized(x, xt, &so, rng, &svd, err)) == RD_OK) {
        rd_nmf_opts no = {.k = k, .max_iter = o->max_iter, .tol = o->tol,
                          .threads = o->threads, .progress = o->progress, .prior = prior,
                          .n_prior = prior ? o->seeds->n : 0,
                          .prior_weight = prior ? o->seeds->weight : 0.0};
        rc = rd_nmf_fit(x, xt, &no, &svd, NULL, f, NULL, err);
    }
    rd_svd_free(&svd);
    rd_csr_free(xt);
    return rc;
}

/* A matrix narrowed to the columns it uses and the cards' terms (rd_csr_narrow): x is the
 * given matrix when it uses every column, else the owned narrow copy, with the priors
 * narrowed alike. A sample of a large corpus's passages uses a small part of its
 * vocabulary, and every NMF and SVD step costs in proportion to the columns; a column
 * without entries ends at zero in H after one HALS update, and comes back as zeros
 * (widen). */
typedef struct {
    const rd_csr *x;
    rd_csr *own;
    uint32_t *cols; /* the kept columns' ids in the full matrix; NULL: not narrowed */
    size_t m;       /* the full matrix's columns */
    const float *prior;
    float *own_prior;
} narrowed;

static void narrowed_free(narrowed *nw)
{
    rd_csr_free(nw->own);
    free(nw->cols);
    free(nw->own_prior);
    memset(nw, 0, sizeof *nw);
}

static rd_status narrow(const rd_csr *x, const float *prior, size_t n_prior, narrowed *nw,
                        rd_err *err)
{
    size_t m = x->n_cols, kept;
    unsigned char *keep = NULL;
    rd_status rc;
    memset(nw, 0, sizeof *nw);
    nw->x = x;
    nw->m = m;
    nw->prior = prior;
    if (prior) {
        if (!(keep = calloc(m ? m : 1, 1)))
            return rd_fail(err, RD_ENOMEM, "topic card terms");
        for (size_t c = 0; c < n_prior; c++)
            for (size_t t = 0; t < m; t++)
                keep[t] |= prior[c * m + t] != 0.0f;
    }
    rc = rd_csr_narrow(x, keep, &nw->own, &nw->cols, &kept, err);
    free(keep);
    if (rc != RD_OK || !nw->own)
        return rc;
    nw->x = nw->own;
    if (prior) {
        if (!(nw->own_prior = malloc(n_prior * kept * sizeof *nw->own_prior + 1))) {
            narrowed_free(nw);
            return rd_fail(err, RD_ENOMEM, "topic card priors");
        }
        for (size_t c = 0; c < n_prior; c++)
            for (size_t j = 0; j < kept; j++)
                nw->own_prior[c * kept + j] = prior[c * m + nw->cols[j]];
        nw->prior = nw->own_prior;
    }
    return RD_OK;
}

/* f's H, fitted on nw->x, back over every column of the full matrix (zero where narrowed
 * away). */
static rd_status widen(const narrowed *nw, rd_nmf *f, rd_err *err)
{
    if (!nw->cols)
        return RD_OK;
    size_t kept = nw->x->n_cols, m = nw->m;
    float *h = calloc(f->k * m + 1, sizeof *h);
    if (!h)
        return rd_fail(err, RD_ENOMEM, "theme terms");
    for (size_t j = 0; j < f->k; j++)
        for (size_t c = 0; c < kept; c++)
            h[j * m + nw->cols[c]] = f->h[j * kept + c];
    free(f->h);
    f->h = h;
    f->n_cols = m;
    return RD_OK;
}

/* Mean cosine of the rows of a and b (k × m each) matched one to one (rd_metrics_match);
 * NAN when memory runs out. */
static double match_cosine(const float *a, const float *b, size_t k, size_t m)
{
    double *c = malloc(k * k * sizeof *c), *na = malloc(k * sizeof *na), *nb = malloc(k * sizeof *nb);
    int32_t *map = malloc(k * sizeof *map);
    double total = NAN;
    if (!c || !na || !nb || !map)
        goto done;
    for (size_t i = 0; i < k; i++) {
        double sa = 0, sb = 0;
        for (size_t t = 0; t < m; t++) {
            sa += (double)a[i * m + t] * a[i * m + t];
            sb += (double)b[i * m + t] * b[i * m + t];
        }
        na[i] = sqrt(sa);
        nb[i] = sqrt(sb);
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double s = 0;
            for (size_t t = 0; t < m; t++)
                s += (double)a[i * m + t] * b[j * m + t];
            c[i * k + j] = na[i] > 0 && nb[j] > 0 ? s / (na[i] * nb[j]) : 0.0;
        }
    if (rd_metrics_match(c, k, map, NULL) != RD_OK)
        goto done;
    total = 0.0;
    for (size_t i = 0; i < k; i++)
        total += c[i * k + (size_t)map[i]];
    total /= (double)k;
done:
    free(c);
    free(na);
    free(nb);
    free(map);
    return total;
}

/* The candidate after t: every T up to 12, then in widening steps (as the segments' k). */
static size_t next_t(size_t t)
{
    return t < 12 ? t + 1 : t < 24 ? t + 2 : t < 48 ? t + 4 : t + 8;
}

/* Whether the passages' weights read them in their context, and whether the fits do. */
static int context_weights(const rd_themes_opts *o)
{
    return o->context_group && o->context > 0.0f;
}

static int context_fits(const rd_themes_opts *o)
{
    return context_weights(o) && !o->context_weights_only;
}

/* The rows rows[0..n) of x in their context (ctx: rd_csr_context_rows) or as they are. */
static rd_status take_rows(const rd_csr *x, const rd_themes_opts *o, int ctx,
                           const size_t *rows, size_t n, rd_csr **out, rd_err *err)
{
    if (ctx)
        return rd_csr_context_rows(x, o->context_group, o->context, rows, n, o->threads, out,
                                   err);
    return rd_csr_rows(x, rows, n, out, err);
}

/* Stability of T themes on the selection xs (c->stability, c->rel_err): H fitted on xs
 * and on o->boot subsets of 80 %. Every candidate sees the same subsets (a paired
 * comparison: the differences between candidates are not those of their draws); the
 * fits' own starts come from a stream of the candidate's. rng does not move, so the
 * candidates can be scored in any order, side by side. */
static rd_status score_t(const rd_csr *xs, size_t t, const rd_themes_opts *o,
                         const float *prior, const rd_rng *rng, rd_themes_cand *c, rd_err *err)
{
    rd_status rc;
    rd_csr *sub = NULL;
    size_t *subrows = NULL, ns = xs->n_rows, nsub = (ns * 4 + 4) / 5;
    rd_nmf ref = {0}, f = {0};
    rd_rng tr, sr;
    c->t = t;
    rd_rng_fork(rng, 1000 + t, &tr);
    if ((rc = nmf_on(xs, t, o, prior, &tr, &ref, err)) != RD_OK)
        goto done;
    c->rel_err = ref.rel_err;
    double s = 0.0;
    for (size_t b = 0; b < o->boot; b++) {
        free(subrows);
        rd_csr_free(sub);
        sub = NULL;
        rd_rng_fork(rng, 1 + b, &sr);
        if (!(subrows = rd_rng_sample(&sr, ns, nsub))) {
            rc = rd_fail(err, RD_ENOMEM, "theme selection subset");
            goto done;
        }
        if ((rc = rd_csr_rows(xs, subrows, nsub, &sub, err)) != RD_OK ||
            (rc = nmf_on(sub, t, o, prior, &tr, &f, err)) != RD_OK)
            goto done;
        double mc = match_cosine(ref.h, f.h, t, xs->n_cols);
        rd_nmf_free(&f);
        if (isnan(mc)) {
            rc = rd_fail(err, RD_ENOMEM, "theme matching");
            goto done;
        }
        s += mc;
    }
    c->stability = o->boot ? s / (double)o->boot : 1.0;
done:
    rd_nmf_free(&ref);
    rd_nmf_free(&f);
    rd_csr_free(sub);
    free(subrows);
    return rc;
}

typedef struct {
    const rd_csr *xs;
    const rd_themes_opts *o; /* one thread per fit: the candidates run side by side */
    const float *prior;
    const rd_rng *rng;
    rd_themes_cand *cands;
    rd_status *rc;
    rd_err *errs;
} cand_ctx;

static void cand_item(void *ctx, size_t i, int worker)
{
    cand_ctx *cc = ctx;
    (void)worker;
    cc->rc[i] = score_t(cc->xs, cc->cands[i].t, cc->o, cc->prior, cc->rng, &cc->cands[i],
                        &cc->errs[i]);
}

/* Scores every candidate T on (a sample of) x, o->threads candidates at a time (each fit
 * on one thread: at a few thousand passages the fits gain more from running side by side
 * than from sharing their rows); *best is the chosen T. */
static rd_status choose_t(const rd_csr *x, const rd_themes_opts *o, const float *prior,
                          rd_rng *rng, rd_themes *out, size_t *best, rd_err *err)
{
    rd_status rc = RD_OK, *rcs = NULL;
    rd_err *errs = NULL;
    rd_csr *sel = NULL;
    size_t *rows = NULL;
    size_t n = x->n_rows;
    const rd_csr *xs = x;
    narrowed nw = {0};
    if (n > o->select_rows) {
        if (!(rows = rd_rng_sample(rng, n, o->select_rows)))
            return rd_fail(err, RD_ENOMEM, "theme selection sample");
        if ((rc = take_rows(x, o, context_fits(o), rows, o->select_rows, &sel, err)) != RD_OK)
            goto done;
        xs = sel;
    } else if (context_fits(o)) { /* above fit_rows, every passage in its context here */
        if ((rc = take_rows(x, o, 1, NULL, n, &sel, err)) != RD_OK)
            goto done;
        xs = sel;
    }
    if ((rc = narrow(xs, prior, o->seeds ? o->seeds->n : 0, &nw, err)) != RD_OK)
        goto done;
    out->cands = calloc(o->t_max - o->t_min + 1, sizeof *out->cands);
    if (!out->cands) {
        rc = rd_fail(err, RD_ENOMEM, "theme candidates");
        goto done;
    }
    for (size_t t = o->t_min; t <= o->t_max; t = next_t(t))
        out->cands[out->n_cands++].t = t;
    rcs = calloc(out->n_cands, sizeof *rcs);
    errs = calloc(out->n_cands, sizeof *errs);
    if (!rcs || !errs) {
        rc = rd_fail(err, RD_ENOMEM, "theme candidates");
        goto done;
    }
    rd_themes_opts one = *o;
    one.threads = 1;
    cand_ctx cc = {nw.x, &one, nw.prior, rng, out->cands, rcs, errs};
    if ((rc = rd_pool_run(out->n_cands, o->threads, cand_item, NULL, &cc, err)) != RD_OK)
        goto done;
    double best_score = -1.0;
    *best = o->t_min;
    for (size_t i = 0; i < out->n_cands; i++) {
        if (rcs[i] != RD_OK) {
            *err = errs[i];
            rc = rcs[i];
            goto done;
        }
        if (out->cands[i].stability > best_score) { /* the most stable; the smaller T on ties */
            best_score = out->cands[i].stability;
            *best = out->cands[i].t;
        }
    }
done:
    narrowed_free(&nw);
    rd_csr_free(sel);
    free(rows);
    free(rcs);
    free(errs);
    return rc;
}

/* A 64-bit fingerprint of the matrix (FNV-1a over its shape, structure and values). */
static uint64_t fingerprint(const rd_csr *x)
{
    uint64_t h = 1469598103934665603ull;
#define MIX(v)                                                                                   \
    do {                                                                                         \
        h ^= (uint64_t)(v);                                                                      \
        h *= 1099511628211ull;                                                                   \
    } while (0)
    MIX(x->n_rows);
    MIX(x->n_cols);
    MIX(x->nnz);
    for (size_t i = 0; i <= x->n_rows; i++)
        MIX(x->indptr[i]);
    for (size_t e = 0; e < x->nnz; e++) {
        uint32_t bits;
        memcpy(&bits, &x->data[e], sizeof bits);
        MIX(x->indices[e]);
        MIX(bits);
    }
#undef MIX
    return h;
}

/* The number of themes: o->themes when given (RD_EDATA when it exceeds the passages or
 * the terms), else the choice of choose_t over [t_min, t_max] cut to 1 .. min(n, m), which
 * fills out->cands; o's range is cut in place. */
static rd_status number_of_themes(const rd_csr *x, rd_themes_opts *o, const float *prior,
                                  const rd_rng *rng, rd_themes *out, size_t *k, rd_err *err)
{
    size_t n = x->n_rows, m = x->n_cols, mn = n < m ? n : m;
    size_t cards = o->seeds ? o->seeds->n : 0;
    *k = o->themes;
    if (cards > mn)
        return rd_fail(err, RD_EDATA,
                       "%zu topic cards, but there are only %zu passages and %zu terms: a card "
                       "needs a theme of its own",
                       cards, n, m);
    if (*k && *k < cards)
        return rd_fail(err, RD_EDATA,
                       "%zu themes asked for, but the codebook has %zu cards and each card is "
                       "a theme; ask for at least %zu (or leave -t automatic)",
                       *k, cards, cards);
    if (cards && !*k) { /* the window counts the themes beside the cards */
        o->t_min += cards;
        o->t_max += cards;
    }
    if (*k > mn)
        return rd_fail(err, RD_EDATA,
                       "%zu themes asked for, but there are only %zu passages and %zu terms; "
                       "ask for at most %zu",
                       *k, n, m, mn);
    if (*k)
        return RD_OK;
    if (o->t_max > mn)
        o->t_max = mn;
    if (o->t_min > o->t_max)
        o->t_min = o->t_max;
    if (o->t_min < 1)
        o->t_min = 1;
    if (o->t_min == o->t_max) {
        *k = o->t_min;
        return RD_OK;
    }
    /* The selection's subsets come from a stream keyed by the passages, not by the seed:
     * the number of themes is a function of the corpus. */
    rd_rng sel;
    (void)rng;
    rd_rng_seed(&sel, fingerprint(x) ^ 0x746865ull);
    return choose_t(x, o, prior, &sel, out, k, err);
}

/* The final NMF with k themes into *f, on all passages or on a sample of fit_rows of them
 * (*fit_rows: how many). *w receives every passage's n × k weights: f's own W (taken
 * over) when the fit saw every passage as the weights see it, else the projection of all
 * passages on its H (in their context when the weights read it, rd_nmf_project_context:
 * then 10 sweeps when the fit saw every passage, as classify projects, and 2 after a
 * sample). */
static rd_status final_fit(const rd_csr *x, size_t k, const rd_themes_opts *o, const float *prior,
                           const rd_rng *rng, rd_nmf *f, float **w, size_t *fit_rows,
                           rd_err *err)
{
    rd_status rc = RD_OK;
    rd_csr *fit = NULL;
    size_t *rows = NULL, n = x->n_rows;
    const rd_csr *xf = x;
    narrowed nw = {0};
    rd_rng s;
    *w = NULL;
    if (o->fit_rows && n > o->fit_rows) {
        rd_rng_fork(rng, 2, &s);
        if (!(rows = rd_rng_sample(&s, n, o->fit_rows))) {
            rc = rd_fail(err, RD_ENOMEM, "theme fit sample");
            goto done;
        }
        if ((rc = take_rows(x, o, context_fits(o), rows, o->fit_rows, &fit, err)) != RD_OK)
            goto done;
        xf = fit;
    }
    if ((rc = narrow(xf, prior, o->seeds ? o->seeds->n : 0, &nw, err)) != RD_OK)
        goto done;
    rd_rng_fork(rng, 3, &s);
    if ((rc = nmf_on(nw.x, k, o, nw.prior, &s, f, err)) != RD_OK ||
        (rc = widen(&nw, f, err)) != RD_OK)
        goto done;
    *fit_rows = xf->n_rows;
    /* the weights read the passages in their context, and the fit did not see them so */
    int ctx = context_weights(o) && (!context_fits(o) || xf != x);
    size_t sweeps = xf == x ? 10 : 2;
    if (xf == x && !ctx) {
        *w = f->w;
        f->w = NULL;
    } else if (!(*w = malloc(n * k * sizeof **w))) {
        rc = rd_fail(err, RD_ENOMEM, "theme weights of %zu passages", n);
    } else if (!ctx) {
        rc = rd_nmf_project(x, f->h, k, 2, o->threads, *w, err);
    } else {
        rc = rd_nmf_project_context(x, o->context_group, o->context, f->h, k, sweeps,
                                    o->threads, *w, err);
    }
done:
    narrowed_free(&nw);
    rd_csr_free(fit);
    free(rows);
    return rc;
}

/* The factors h (k × m) and w (n × k) scaled into out: H rows sum to 1, W columns carry the
 * mass (W[:, j] · Σ_t H[j, t]); themes ordered by mass, largest first (lower index on
 * ties), with their shares of the total as weights. */
static rd_status scale_and_order(const float *h, const float *w, size_t n, size_t m, size_t k,
                                 size_t cards, rd_themes *out, rd_err *err)
{
    rd_status rc = RD_OK;
    out->card = malloc(k * sizeof *out->card);
    out->w = malloc(n * k * sizeof *out->w);
    out->h = malloc(k * m * sizeof *out->h);
    out->weight = malloc(k * sizeof *out->weight);
    size_t *order = malloc(k * sizeof *order);
    double *mass = calloc(k, sizeof *mass), *hs = calloc(k, sizeof *hs);
    if (!out->card || !out->w || !out->h || !out->weight || !order || !mass || !hs) {
        rc = rd_fail(err, RD_ENOMEM, "themes");
        goto done;
    }
    for (size_t j = 0; j < k; j++) {
        for (size_t t = 0; t < m; t++)
            hs[j] += h[j * m + t];
    }
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++) {
            double v = (double)w[i * k + j] * hs[j];
            mass[j] += v;
            total += v;
        }
    for (size_t j = 0; j < k; j++)
        order[j] = j;
    for (size_t a = 1; a < k; a++) /* insertion sort: mass descending, index ascending */
        for (size_t b = a; b > 0 && mass[order[b]] > mass[order[b - 1]]; b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    for (size_t j = 0; j < k; j++) {
        size_t s = order[j];
        out->card[j] = s < cards ? (int32_t)s : -1;
        out->weight[j] = total > 0 ? mass[s] / total : 1.0 / (double)k;
        for (size_t t = 0; t < m; t++)
            out->h[j * m + t] = hs[s] > 0 ? (float)(h[s * m + t] / hs[s]) : 0.0f;
        for (size_t i = 0; i < n; i++)
            out->w[i * k + j] = (float)((double)w[i * k + s] * hs[s]);
    }
done:
    free(order);
    free(mass);
    free(hs);
    return rc;
}

rd_status rd_themes_fit(const rd_csr *x, const rd_themes_opts *o_in, rd_themes *out, rd_err *err)
{
    rd_status rc;
    rd_themes_opts o = *o_in;
    rd_rng rng;
    rd_nmf f = {0};
    float *w = NULL;
    size_t k = 0, fit_rows = 0;
    memset(out, 0, sizeof *out);
    if (x->nnz == 0)
        return rd_fail(err, RD_EDATA, "no terms to find themes in: every passage is empty after "
                                      "stop words and --min-df/--max-df pruning");
    rd_rng_seed(&rng, o.seed);
    rd_csr *xc = NULL;
    if (context_fits(&o) && x->n_rows <= o.fit_rows) {
        /* every fit sees every passage: put them all in their context once */
        if ((rc = rd_csr_context_rows(x, o.context_group, o.context, NULL, x->n_rows,
                                      o.threads, &xc, err)) != RD_OK)
            return rc;
        x = xc;
        o.context_group = NULL;
    }
    float *prior = NULL;
    size_t cards = o.seeds ? o.seeds->n : 0;
    if ((rc = card_priors(o.seeds, x->n_cols, &prior, err)) == RD_OK &&
        (rc = number_of_themes(x, &o, prior, &rng, out, &k, err)) == RD_OK &&
        (rc = final_fit(x, k, &o, prior, &rng, &f, &w, &fit_rows, err)) == RD_OK &&
        (rc = scale_and_order(f.h, w, x->n_rows, x->n_cols, k, cards, out, err)) == RD_OK) {
        out->n_rows = x->n_rows;
        out->n_terms = x->n_cols;
        out->k = k;
        out->iters = f.iters;
        out->converged = f.converged;
        out->rel_err = f.rel_err;
        out->fit_rows = fit_rows;
    }
    if (rc != RD_OK)
        rd_themes_free(out);
    rd_nmf_free(&f);
    free(w);
    free(prior);
    rd_csr_free(xc);
    return rc;
}
