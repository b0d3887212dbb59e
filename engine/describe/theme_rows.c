/* engine/describe/theme_rows.c — the themes table: labels, top terms, measures,
 * motivations and tensions, and the theme quotes. */
#include "engine/describe/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/describe/terms.h"

static char *take_text(rd_buf *b)
{
    char *s = b->s ? b->s : calloc(1, 1);
    b->s = NULL;
    b->n = b->cap = 0;
    return s;
}

rd_status rd__describe_themes(rd__dctx *c, rd__facts *f, rd_table *tt, rd_table *qt, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t T = c->T, V = c->V, P = c->P;
    const float *h = c->in->th->h, *w = c->in->th->w;
    double *score = malloc((V > P ? V : P) * sizeof *score + 8), *colsum = calloc(V + 1, sizeof *colsum);
    /* theme-dominant passages: term sums over all, motivation and tension passages */
    float *acc = calloc(3 * T * V + 1, sizeof *acc);
    size_t *cnt = calloc(3 * T + 1, sizeof *cnt), idx[TOP_TERMS > CUE_QUOTES ? TOP_TERMS : CUE_QUOTES];
    size_t pick[THEME_QUOTES > CUE_QUOTES ? THEME_QUOTES : CUE_QUOTES];
    rd_buf b = {0};
    char id[32];
    if (!score || !colsum || !acc || !cnt) {
        rc = rd_fail(err, RD_ENOMEM, "theme descriptions");
        goto done;
    }
    for (size_t j = 0; j < T; j++)
        for (size_t t = 0; t < V; t++)
            colsum[t] += h[j * V + t];
    for (size_t p = 0; p < P; p++) {
        size_t best = 0;
        for (size_t j = 1; j < T; j++)
            if (w[p * T + j] > w[p * T + best])
                best = j;
        if (!(w[p * T + best] > 0.0f))
            continue;
        for (int k = 0; k < 3; k++) {
            if ((k == 1 && !c->mot[p]) || (k == 2 && !c->ten[p]))
                continue;
            float *a = acc + ((size_t)k * T + best) * V;
            cnt[(size_t)k * T + best]++;
            for (int64_t e = c->in->x->indptr[p]; e < c->in->x->indptr[p + 1]; e++)
                a[c->in->x->indices[e]] += c->in->x->data[e];
        }
    }
    for (size_t j = 0; j < T; j++) {
        /* label: weight × exclusivity (the share of the term's weight over all themes
         * that is this theme's), so that words every theme uses do not name one */
        for (size_t t = 0; t < V; t++)
            score[t] = colsum[t] > 0 ? (double)h[j * V + t] * h[j * V + t] / colsum[t] : 0.0;
        size_t nl = rd_terms_top(score, V, LABEL_TERMS, 0.0, idx);
        rd_terms_join(c->in->term_label, idx, nl, ", ", &b);
        f->label[j] = take_text(&b);
        if (!f->label[j]) {
            rc = rd_fail(err, RD_ENOMEM, "theme labels");
            goto done;
        }
        size_t r = rd_table_add_row(tt);
        rd_table_int(tt, r, 0, (long long)j + 1);
        rd_table_str(tt, r, 1, f->label[j]);
        const char *kind = "theme";
        if (f->ti[j] >= 1.1 && f->ti[j] >= f->mi[j])
            kind = "tension";
        else if (f->mi[j] >= 1.1)
            kind = "motivation";
        rd_table_str(tt, r, 2, kind);
        rd_table_num(tt, r, 3, c->in->th->weight[j], 4);
        rd_table_int(tt, r, 4, (long long)f->talks[j]);
        rd_table_num(tt, r, 5, (double)f->talks[j] / (double)c->N, 4);
        for (size_t t = 0; t < V; t++)
            score[t] = h[j * V + t];
        size_t nt = rd_terms_top(score, V, TOP_TERMS, 0.0, idx);
        for (size_t i = 0; i < nt; i++) {
            if (i)
                rd_buf_put(&b, "; ", 2);
            rd_buf_str(&b, c->in->term_label[idx[i]]);
            rd_buf_printf(&b, " %.3f", score[idx[i]]);
        }
        rd_table_str(tt, r, 6, rd_buf_text(&b));
        rd_buf_reset(&b);
        rd_table_num(tt, r, 7, f->mi[j], 3);
        rd_table_num(tt, r, 8, f->ti[j], 3);
        rd_table_num(tt, r, 9, f->mrate[j], 3);
        rd_table_num(tt, r, 10, f->trate[j], 3);
        rd_table_num(tt, r, 11, f->mix[j], 3);
        rd_table_num(tt, r, 12, f->spread[j], 3);
        /* motivations / tensions: terms whose mean weight in the theme's motivation
         * (tension) passages most exceeds their mean weight in all its passages */
        for (int k = 1; k < 3; k++) {
            const float *a0 = acc + j * V, *ak = acc + ((size_t)k * T + j) * V;
            size_t n0 = cnt[j], nk = cnt[(size_t)k * T + j];
            for (size_t t = 0; t < V; t++)
                score[t] = nk && n0 ? ak[t] / (double)nk - a0[t] / (double)n0 : 0.0;
            size_t nc = rd_terms_top(score, V, CUE_TERMS, 0.0, idx);
            rd_terms_join(c->in->term_label, idx, nc, "; ", &b);
            rd_table_str(tt, r, (size_t)(12 + k), rd_buf_text(&b));
            rd_buf_reset(&b);
        }
        /* quotes: the passages that weigh most on the theme (longer ones preferred),
         * one per respondent; then motivation and tension quotes */
        for (size_t p = 0; p < P; p++)
            score[p] = w[p * T + j] * c->lenw[p];
        size_t nq = rd_quote_pick(score, c->P, c->in->row_doc, THEME_QUOTES, pick);
        snprintf(id, sizeof id, "T%zu", j + 1);
        for (size_t i = 0; i < nq; i++) {
            const char *q;
            if ((rc = rd__add_quote(c, qt, "theme", id, i + 1, pick[i], f->rel + j * V, 0, &q, err)) !=
                RD_OK)
                goto done;
            if (i == 0) {
                rd_table_str(tt, r, 15, q);
                rd__source_of(c, pick[0]);
                rd_table_str(tt, r, 16, c->src);
                rd_table_str(tt, r, 17, c->in->respondent[c->in->row_doc[pick[0]]]);
            }
        }
        for (int k = 1; k < 3; k++) {
            const uint8_t *flag = k == 1 ? c->mot : c->ten;
            for (size_t p = 0; p < P; p++)
                score[p] = flag[p] ? w[p * T + j] * c->lenw[p] : 0.0;
            nq = rd_quote_pick(score, c->P, c->in->row_doc, CUE_QUOTES, pick);
            for (size_t i = 0; i < nq; i++)
                if ((rc = rd__add_quote(c, qt, k == 1 ? "motivation" : "tension", id, i + 1, pick[i],
                                    f->rel + j * V, k == 1 ? MOTIVATION_MASK : TENSION_MASK, NULL,
                                    err)) != RD_OK)
                    goto done;
        }
        if (!rd_table_ok(tt) || b.oom) {
            rc = rd_fail(err, RD_ENOMEM, "themes table");
            goto done;
        }
    }
done:
    free(score);
    free(colsum);
    free(acc);
    free(cnt);
    free(b.s);
    return rc;
}

