/* engine/describe/quotes.c — see quotes.h. */
#include "engine/describe/quotes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Relevance of the tokens [a, z) of p to rel plus one per cue of cue_mask, summed in token
 * order. */
static double score_tokens(const rd_quote_passage *p, size_t a, size_t z, const float *rel,
                           unsigned cue_mask)
{
    double s = 0.0;
    for (size_t t = a; t < z; t++) {
        if (p->tok_cue[t] & cue_mask)
            s += 1.0;
        if (rel && p->tok_term[t] >= 0)
            s += rel[p->tok_term[t]];
    }
    return s;
}

/* The window of sentences [*a, *z] around the best one, grown as the header says. */
static void grow_window(const rd_quote_passage *p, const double *sc, size_t best, size_t *a,
                        size_t *z)
{
    const rd_quote_span *sent = p->sent;
    *a = *z = best;
    while (sent[*z].e - sent[*a].b < RD_QUOTE_MIN) {
        int can_l = *a > 0 && sent[*z].e - sent[*a - 1].b <= RD_QUOTE_MAX;
        int can_r = *z + 1 < p->n_sent && sent[*z + 1].e - sent[*a].b <= RD_QUOTE_MAX;
        if (can_l && (!can_r || sc[*a - 1] > sc[*z + 1]))
            (*a)--;
        else if (can_r)
            (*z)++;
        else
            break;
    }
}

rd_status rd_quote_make(const rd_quote_source *src, size_t row, const float *rel,
                        unsigned cue_mask, char **out, rd_err *err)
{
    rd_quote_passage p;
    rd_status rc;
    *out = NULL;
    if ((rc = src->passage(src->ctx, row, &p, err)) != RD_OK)
        return rc;
    double *sc = malloc((p.n_sent + 1) * sizeof *sc);
    if (!sc)
        return rd_fail(err, RD_ENOMEM, "quotes");
    size_t best = 0;
    for (size_t i = 0; i < p.n_sent; i++) {
        sc[i] = score_tokens(&p, p.sent_tok[i], p.sent_tok[i + 1], rel, cue_mask);
        /* per sentence, longer sentences should not win only by their length */
        sc[i] /= sqrt(1.0 + (double)(p.sent[i].e - p.sent[i].b) / 40.0);
        if (sc[i] > sc[best])
            best = i;
    }
    size_t a = 0, z = 0;
    if (p.n_sent)
        grow_window(&p, sc, best, &a, &z);
    free(sc);
    const char *s = p.text;
    size_t qb = p.n_sent ? p.sent[a].b : 0, qe = p.n_sent ? p.sent[z].e : p.n, len = qe - qb;
    int cut = 0;
    if (len > RD_QUOTE_MAX) {
        len = RD_QUOTE_MAX;
        while (len > RD_QUOTE_MAX / 2 && s[qb + len] != ' ')
            len--;
        while (len > 0 && ((unsigned char)s[qb + len] & 0xC0) == 0x80)
            len--; /* never split a UTF-8 sequence */
        cut = 1;
    }
    const char *q = s + qb;
    size_t qn = len;
    if (src->mask && (rc = src->mask(src->ctx, s + qb, len, &q, &qn, err)) != RD_OK)
        return rc;
    if (!(*out = malloc(qn + 4)))
        return rd_fail(err, RD_ENOMEM, "quotes");
    memcpy(*out, q, qn);
    if (cut)
        memcpy(*out + qn, "\xE2\x80\xA6", 3), qn += 3;
    (*out)[qn] = '\0';
    return RD_OK;
}

void rd_quote_picker_offer(rd_quote_picker *pk, size_t p, double score, const uint32_t *row_doc)
{
    size_t want = pk->want, *out = pk->out;
    double *sc = pk->sc;
    if (want == 0 || !(score > 0))
        return;
    size_t d = row_doc[p], k;
    for (k = 0; k < pk->got; k++)
        if (row_doc[out[k]] == d)
            break;
    if (k < pk->got) { /* same respondent: keep the better one */
        if (!(score > sc[k]))
            return;
        for (size_t m = k; m + 1 < pk->got; m++)
            out[m] = out[m + 1], sc[m] = sc[m + 1];
        pk->got--;
    }
    size_t pos = pk->got < want ? pk->got++ : want;
    if (pos == want) {
        if (!(score > sc[want - 1]))
            return;
        pos = want - 1;
    }
    while (pos > 0 && score > sc[pos - 1]) {
        out[pos] = out[pos - 1], sc[pos] = sc[pos - 1];
        pos--;
    }
    out[pos] = p, sc[pos] = score;
}

/* rd_quote_pick over the rows rows[0..n) (ascending), or over rows 0..n-1 when rows is NULL. */
static size_t pick(const double *score, const size_t *rows, size_t n, const uint32_t *row_doc,
                   size_t want, size_t *out)
{
    double sc[RD_QUOTE_PICK_MAX];
    rd_quote_picker pk = {want > RD_QUOTE_PICK_MAX ? RD_QUOTE_PICK_MAX : want, 0, out, sc};
    for (size_t i = 0; i < n; i++) {
        size_t p = rows ? rows[i] : i;
        rd_quote_picker_offer(&pk, p, score[p], row_doc);
    }
    return pk.got;
}

size_t rd_quote_pick(const double *score, size_t n_rows, const uint32_t *row_doc, size_t want,
                     size_t *out)
{
    return pick(score, NULL, n_rows, row_doc, want, out);
}

size_t rd_quote_pick_rows(const double *score, const size_t *rows, size_t n,
                          const uint32_t *row_doc, size_t want, size_t *out)
{
    return pick(score, rows, n, row_doc, want, out);
}
