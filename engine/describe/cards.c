/* engine/describe/cards.c — what the data says about each topic card (--codebook): its
 * theme, how much of the corpus it covers, how coherent it is, whether the data supports
 * it, and the words the data adds to it. The rules are in README "Topic cards". */
#include "engine/describe/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/describe/terms.h"

/* A card is supported when its theme is the strongest theme of at least SUPPORT_PASSAGES
 * passages (and SUPPORT_SHARE of them all) from at least SUPPORT_RESPONDENTS respondents,
 * and at least SUPPORT_EVIDENCE of those passages use one of the card's own words: a theme
 * that keeps the card's words only because the card put them there, while its passages
 * talk of something else, is the data saying no. */
#define SUPPORT_PASSAGES 3
#define SUPPORT_SHARE 0.01
#define SUPPORT_RESPONDENTS 2
#define SUPPORT_EVIDENCE 0.2
enum { ADDED_TERMS = 8, COHERENCE_TERMS = 10 };

long rd__theme_card(const rd__dctx *c, size_t j)
{
    const int32_t *card = c->in->th->card;
    if (!card || !c->in->cards || card[j] < 0)
        return -1;
    long seed = card[j];
    for (size_t i = 0; i < c->in->n_cards; i++) /* seeds are the cards with terms, in order */
        if (c->in->cards[i].n_terms && seed-- == 0)
            return (long)i;
    return -1;
}

static int has_term(const uint32_t *terms, size_t n, uint32_t t)
{
    for (size_t i = 0; i < n; i++)
        if (terms[i] == t)
            return 1;
    return 0;
}

/* NPMI of the pairs of terms idx[0..n) over the passages (a pair never together: -1), the
 * mean over pairs; NAN with fewer than two terms. */
static double npmi(const rd_csr *x, const size_t *idx, size_t n, uint8_t *mark)
{
    size_t df[COHERENCE_TERMS] = {0}, co[COHERENCE_TERMS][COHERENCE_TERMS] = {{0}};
    if (n < 2)
        return NAN;
    for (size_t p = 0; p < x->n_rows; p++) {
        size_t in[COHERENCE_TERMS], k = 0;
        for (int64_t e = x->indptr[p]; e < x->indptr[p + 1]; e++)
            mark[x->indices[e]] = 1;
        for (size_t a = 0; a < n; a++)
            if (mark[idx[a]])
                in[k++] = a;
        for (int64_t e = x->indptr[p]; e < x->indptr[p + 1]; e++)
            mark[x->indices[e]] = 0;
        for (size_t a = 0; a < k; a++) {
            df[in[a]]++;
            for (size_t b = a + 1; b < k; b++)
                co[in[a]][in[b]]++;
        }
    }
    double total = 0.0, P = (double)x->n_rows;
    size_t pairs = 0;
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++, pairs++) {
            if (!co[a][b]) {
                total -= 1.0;
                continue;
            }
            double pab = (double)co[a][b] / P, pa = (double)df[a] / P, pb = (double)df[b] / P;
            total += pab >= 1.0 ? 1.0 : log(pab / (pa * pb)) / -log(pab);
        }
    return total / (double)pairs;
}

rd_status rd__describe_cards(rd__dctx *c, const rd__facts *f, rd_table *t, rd_err *err)
{
    size_t T = c->T, V = c->V, P = c->P;
    const float *h = c->in->th->h;
    const rd_csr *x = c->in->x;
    double *score = malloc((V + 1) * sizeof *score);
    uint8_t *mark = calloc(V + 1, 1);
    size_t *dom = malloc((P + 1) * sizeof *dom);
    rd_buf b = {0};
    rd_status rc = RD_OK;
    if (!score || !mark || !dom) {
        rc = rd_fail(err, RD_ENOMEM, "topic card descriptions");
        goto done;
    }
    for (size_t p = 0; p < P; p++)
        dom[p] = rd__strongest_theme(c, p);
    for (size_t i = 0; i < c->in->n_cards; i++) {
        const rd_describe_card *card = &c->in->cards[i];
        size_t r = rd_table_add_row(t), j = T;
        rd_table_str(t, r, 0, card->name);
        rd_table_int(t, r, 6, (long long)card->words_found);
        rd_table_int(t, r, 7, (long long)card->words);
        for (size_t k = 0; k < T; k++)
            if (rd__theme_card(c, k) == (long)i)
                j = k;
        if (j == T) {
            rd_table_str(t, r, 1, "no");
            rd_table_str(t, r, 11, "the corpus uses none of the card's words");
            continue;
        }
        /* the respondents with a passage it is the strongest theme of: f->talks */
        size_t passages = 0, evidence = 0, resp = f->talks[j];
        for (size_t p = 0; p < P; p++) {
            if (dom[p] != j)
                continue;
            passages++;
            for (int64_t e = x->indptr[p]; e < x->indptr[p + 1]; e++)
                if (has_term(card->terms, card->n_terms, (uint32_t)x->indices[e])) {
                    evidence++;
                    break;
                }
        }
        double ev = passages ? (double)evidence / (double)passages : 0.0;
        const char *why = NULL;
        if (passages < SUPPORT_PASSAGES || (double)passages < SUPPORT_SHARE * (double)P)
            why = "hardly any passage is mostly about it";
        else if (resp < SUPPORT_RESPONDENTS)
            why = "only one respondent talks about it";
        else if (ev < SUPPORT_EVIDENCE)
            why = "its passages hardly use the card's words: the data took the theme elsewhere";
        rd_table_str(t, r, 1, why ? "no" : "yes");
        rd_table_int(t, r, 2, (long long)j + 1);
        rd_table_num(t, r, 3, P ? (double)passages / (double)P : 0.0, 4);
        rd_table_int(t, r, 4, (long long)resp);
        rd_table_num(t, r, 5, c->N ? (double)resp / (double)c->N : 0.0, 4);
        rd_table_num(t, r, 8, ev, 4);
        size_t idx[COHERENCE_TERMS > ADDED_TERMS ? COHERENCE_TERMS : ADDED_TERMS];
        for (size_t v = 0; v < V; v++)
            score[v] = h[j * V + v];
        size_t nt = rd_terms_top(score, V, COHERENCE_TERMS, 0.0, idx);
        rd_table_num(t, r, 9, npmi(x, idx, nt, mark), 4);
        for (size_t v = 0; v < V; v++) /* what the data adds: the theme's own words */
            score[v] = has_term(card->terms, card->n_terms, (uint32_t)v) ? 0.0 : h[j * V + v];
        nt = rd_terms_top(score, V, ADDED_TERMS, 0.0, idx);
        rd_terms_join(c->in->term_label, idx, nt, "; ", &b);
        rd_table_str(t, r, 10, rd_buf_text(&b));
        rd_buf_reset(&b);
        if (why)
            rd_table_str(t, r, 11, why);
    }
    if (!rd_table_ok(t) || b.oom)
        rc = rd_fail(err, RD_ENOMEM, "topic cards table");
done:
    free(score);
    free(mark);
    free(dom);
    free(b.s);
    return rc;
}
