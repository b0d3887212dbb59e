/* engine/describe/theme_rows.c — the themes table: labels, top terms, measures,
 * motivations and tensions, and the theme quotes. */
#include "engine/describe/internal.h"
#include "engine/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/describe/terms.h"

/* The text of b, taken over (b is empty afterwards; an out-of-memory flag stays). */
static char *take_text(rd_buf *b)
{
    char *s = b->s ? b->s : calloc(1, 1);
    b->s = NULL;
    b->n = b->cap = 0;
    return s;
}

/* Scratch of the theme rows, allocated once for all themes. */
typedef struct {
    double *score;  /* max(V, P): term or passage scores */
    double *colsum; /* V: Σ_j H[j, t] */
    uint32_t *best; /* P: each passage's strongest theme (T: none) */
    uint32_t *pres; /* 3 × T × slots: as acc, the passages that use each term a phrase
                       involves (rd_terms_phrases_count) */
    float *acc;     /* 3 × T × V: term sums over the passages each theme dominates: all of
                       them, its motivation passages, its tension passages */
    size_t *cnt;    /* 3 × T: how many passages each sum holds */
    rd_buf b;
} theme_ws;

/* Moves the text of w->b into cell (row, col) of t and empties the buffer. */
static void put_text(theme_ws *w, rd_table *t, size_t row, size_t col)
{
    rd_table_str(t, row, col, rd_buf_text(&w->b));
    rd_buf_reset(&w->b);
}

/* The passages' sums of dominant_sums for the themes [lo, hi) of c->T (w->best: each
 * passage's strongest theme): the sums of each theme in passage order, whichever part
 * makes them, so the bytes do not depend on the thread count. */
typedef struct {
    rd__dctx *c;
    theme_ws *w;
    int parts;
} sums_ctx;

static void sums_part(void *ctx, size_t lo, size_t hi)
{
    sums_ctx *sc = ctx;
    rd__dctx *c = sc->c;
    theme_ws *w = sc->w;
    size_t T = c->T, V = c->V, j0 = T * lo / (size_t)sc->parts, j1 = T * hi / (size_t)sc->parts;
    const rd_csr *x = c->in->x;
    for (size_t p = 0; p < c->P; p++) {
        size_t best = w->best[p];
        if (best < j0 || best >= j1)
            continue;
        for (int k = 0; k < 3; k++) {
            if ((k == 1 && !c->mot[p]) || (k == 2 && !c->ten[p]))
                continue;
            float *a = w->acc + ((size_t)k * T + best) * V;
            w->cnt[(size_t)k * T + best]++;
            rd_terms_phrases_count(&c->ph, x, c->in->xp, p,
                                   w->pres + ((size_t)k * T + best) * c->ph.n_slots);
            for (int64_t e = x->indptr[p]; e < x->indptr[p + 1]; e++)
                a[x->indices[e]] += x->data[e];
        }
    }
}

/* The column sums of H, and the term sums over the passages each theme dominates (the
 * largest weight, when it is positive), over all, motivation and tension passages; the
 * themes shared out over the threads (each thread reads the passages of its themes). */
static void dominant_sums(rd__dctx *c, theme_ws *w)
{
    size_t T = c->T, V = c->V;
    const float *h = c->in->th->h;
    for (size_t j = 0; j < T; j++)
        for (size_t t = 0; t < V; t++)
            w->colsum[t] += h[j * V + t];
    for (size_t p = 0; p < c->P; p++)
        w->best[p] = (uint32_t)rd__strongest_theme(c, p);
    int parts = c->in->threads > 1 ? c->in->threads : 1;
    if ((size_t)parts > T)
        parts = (int)T;
    sums_ctx sc = {c, w, parts};
    rd_pool_for(parts, (size_t)parts, sums_part, &sc);
}

/* The passage counts of pres row k (0 all, 1 motivation, 2 tension passages) of theme j. */
static const uint32_t *uses_of(const rd__dctx *c, const theme_ws *w, size_t k, size_t j)
{
    return w->pres + ((size_t)k * c->T + j) * c->ph.n_slots;
}

/* Theme j's label: weight × exclusivity (the share of the term's weight over all themes
 * that is this theme's), so that words every theme uses do not name one. Into f->label[j]
 * (NULL when memory runs out). */
static void theme_label(rd__dctx *c, rd__facts *f, theme_ws *w, size_t j)
{
    size_t V = c->V, idx[LABEL_TERMS];
    long card = rd__theme_card(c, j);
    if (card >= 0) { /* a card's theme carries the card's name */
        f->label[j] = strdup(c->in->cards[card].name);
        return;
    }
    const float *h = c->in->th->h + j * V;
    for (size_t t = 0; t < V; t++)
        w->score[t] = w->colsum[t] > 0 ? (double)h[t] * h[t] / w->colsum[t] : 0.0;
    size_t nl = rd_terms_shown(w->score, V, LABEL_TERMS, 0.0, &c->ph, uses_of(c, w, 0, j), idx);
    rd_terms_join(c->in->term_label, idx, nl, ", ", &w->b);
    f->label[j] = take_text(&w->b);
}

/* Theme j's row r up to its measures: number, label, kind, weight, respondents, top terms
 * with their weights, the indices and rates. */
static void theme_measures(rd__dctx *c, const rd__facts *f, theme_ws *w, size_t j, rd_table *tt,
                           size_t r)
{
    size_t V = c->V, idx[TOP_TERMS];
    const float *h = c->in->th->h + j * V;
    rd_table_int(tt, r, 0, (long long)j + 1);
    rd_table_str(tt, r, 1, f->label[j]);
    const char *kind = "theme";
    if (j == f->background)
        kind = "background";
    else if (f->ti[j] >= 1.1 && f->ti[j] >= f->mi[j])
        kind = "tension";
    else if (f->mi[j] >= 1.1)
        kind = "motivation";
    rd_table_str(tt, r, 2, kind);
    rd_table_num(tt, r, 3, c->in->th->weight[j], 4);
    rd_table_int(tt, r, 4, (long long)f->talks[j]);
    rd_table_num(tt, r, 5, (double)f->talks[j] / (double)c->N, 4);
    for (size_t t = 0; t < V; t++)
        w->score[t] = h[t];
    size_t nt = rd_terms_top(w->score, V, TOP_TERMS, 0.0, idx); /* the words fitted */
    for (size_t i = 0; i < nt; i++) {
        if (i)
            rd_buf_put(&w->b, "; ", 2);
        rd_buf_str(&w->b, c->in->term_label[idx[i]]);
        rd_buf_printf(&w->b, " %.3f", w->score[idx[i]]);
    }
    put_text(w, tt, r, 6);
    rd_table_num(tt, r, 7, f->mi[j], 3);
    rd_table_num(tt, r, 8, f->ti[j], 3);
    rd_table_num(tt, r, 9, f->mrate[j], 3);
    rd_table_num(tt, r, 10, f->trate[j], 3);
    rd_table_num(tt, r, 11, f->mix[j], 3);
    rd_table_num(tt, r, 12, f->spread[j], 3);
}

/* Motivations / tensions of theme j: terms whose mean weight in the theme's motivation
 * (tension) passages most exceeds their mean weight in all its passages. */
static void cue_terms(rd__dctx *c, theme_ws *w, size_t j, rd_table *tt, size_t r)
{
    size_t T = c->T, V = c->V, idx[CUE_TERMS];
    for (int k = 1; k < 3; k++) {
        const float *a0 = w->acc + j * V, *ak = w->acc + ((size_t)k * T + j) * V;
        size_t n0 = w->cnt[j], nk = w->cnt[(size_t)k * T + j];
        for (size_t t = 0; t < V; t++)
            w->score[t] = nk && n0 ? ak[t] / (double)nk - a0[t] / (double)n0 : 0.0;
        size_t nc = rd_terms_shown(w->score, V, CUE_TERMS, 0.0, &c->ph, uses_of(c, w, (size_t)k, j),
                                   idx);
        rd_terms_join(c->in->term_label, idx, nc, "; ", &w->b);
        put_text(w, tt, r, (size_t)(12 + k));
    }
}

/* The quotes of every theme, picked in one pass over the passages (W row by row, instead
 * of a pass over a column of W per theme and kind): per theme its THEME_QUOTES by theme
 * weight × length weight, and its CUE_QUOTES among the motivation and the tension
 * passages. pick holds T × (THEME_QUOTES + 2 × CUE_QUOTES) rows, sc as many scores. */
static void pick_theme_quotes(rd__dctx *c, rd_quote_picker *pk, size_t *pick, double *sc)
{
    size_t T = c->T, P = c->P, per = THEME_QUOTES + 2 * CUE_QUOTES;
    const float *tw = c->in->th->w;
    for (size_t j = 0; j < T; j++) {
        size_t *o = pick + j * per;
        double *s = sc + j * per;
        pk[3 * j] = (rd_quote_picker){THEME_QUOTES, 0, o, s};
        pk[3 * j + 1] = (rd_quote_picker){CUE_QUOTES, 0, o + THEME_QUOTES, s + THEME_QUOTES};
        pk[3 * j + 2] = (rd_quote_picker){CUE_QUOTES, 0, o + THEME_QUOTES + CUE_QUOTES,
                                          s + THEME_QUOTES + CUE_QUOTES};
    }
    for (size_t p = 0; p < P; p++) {
        const float *wp = tw + p * T;
        double lw = c->lenw[p];
        int mot = c->mot[p] != 0, ten = c->ten[p] != 0;
        for (size_t j = 0; j < T; j++) {
            double score = wp[j] * lw;
            if (!(score > 0))
                continue;
            rd_quote_picker_offer(&pk[3 * j], p, score, c->in->row_doc);
            if (mot)
                rd_quote_picker_offer(&pk[3 * j + 1], p, score, c->in->row_doc);
            if (ten)
                rd_quote_picker_offer(&pk[3 * j + 2], p, score, c->in->row_doc);
        }
    }
}

/* Quotes of theme j (picked by pick_theme_quotes): the passages that weigh most on the
 * theme (longer ones preferred), one per respondent, the first into its row; then
 * motivation and tension quotes. */
static rd_status theme_quotes(rd__dctx *c, const rd__facts *f, const rd_quote_picker *pk,
                              size_t j, rd_table *tt, size_t r, rd_table *qt, rd_err *err)
{
    rd_status rc;
    const float *rel = f->rel + j * c->V;
    char id[32];
    snprintf(id, sizeof id, "T%zu", j + 1);
    for (size_t i = 0; i < pk[0].got; i++) {
        const char *q;
        if ((rc = rd__add_quote(c, qt, "theme", id, i + 1, pk[0].out[i], rel, 0, &q, err)) !=
            RD_OK)
            return rc;
        if (i == 0) {
            rd_table_str(tt, r, 15, q);
            rd__source_of(c, pk[0].out[0]);
            rd_table_str(tt, r, 16, c->src);
            rd_table_str(tt, r, 17, c->in->respondent[c->in->row_doc[pk[0].out[0]]]);
        }
    }
    for (int k = 1; k < 3; k++)
        for (size_t i = 0; i < pk[k].got; i++)
            if ((rc = rd__add_quote(c, qt, k == 1 ? "motivation" : "tension", id, i + 1,
                                    pk[k].out[i], rel, k == 1 ? MOTIVATION_MASK : TENSION_MASK,
                                    NULL, err)) != RD_OK)
                return rc;
    return RD_OK;
}

rd_status rd__describe_themes(rd__dctx *c, rd__facts *f, rd_table *tt, rd_table *qt, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t T = c->T, V = c->V, P = c->P;
    theme_ws w = {0};
    w.score = malloc((V > P ? V : P) * sizeof *w.score + 8);
    w.colsum = calloc(V + 1, sizeof *w.colsum);
    w.acc = calloc(3 * T * V + 1, sizeof *w.acc);
    w.cnt = calloc(3 * T + 1, sizeof *w.cnt);
    w.pres = calloc(3 * T * c->ph.n_slots + 1, sizeof *w.pres);
    w.best = malloc((P + 1) * sizeof *w.best);
    size_t per = THEME_QUOTES + 2 * CUE_QUOTES;
    rd_quote_picker *pk = malloc((3 * T + 1) * sizeof *pk);
    size_t *pick = malloc((per * T + 1) * sizeof *pick);
    double *sc = malloc((per * T + 1) * sizeof *sc);
    if (!w.score || !w.colsum || !w.acc || !w.cnt || !w.pres || !w.best || !pk || !pick || !sc) {
        rc = rd_fail(err, RD_ENOMEM, "theme descriptions");
        goto done;
    }
    dominant_sums(c, &w);
    pick_theme_quotes(c, pk, pick, sc);
    for (size_t j = 0; j < T; j++) {
        theme_label(c, f, &w, j);
        if (!f->label[j]) {
            rc = rd_fail(err, RD_ENOMEM, "theme labels");
            goto done;
        }
        size_t r = rd_table_add_row(tt);
        theme_measures(c, f, &w, j, tt, r);
        cue_terms(c, &w, j, tt, r);
        if ((rc = theme_quotes(c, f, pk + 3 * j, j, tt, r, qt, err)) != RD_OK)
            goto done;
        if (!rd_table_ok(tt) || w.b.oom) {
            rc = rd_fail(err, RD_ENOMEM, "themes table");
            goto done;
        }
    }
done:
    free(pk);
    free(pick);
    free(sc);
    free(w.score);
    free(w.colsum);
    free(w.acc);
    free(w.cnt);
    free(w.pres);
    free(w.best);
    free(w.b.s);
    return rc;
}
