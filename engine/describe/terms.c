/* engine/describe/terms.c — see terms.h. */
#include "engine/describe/terms.h"

#include <stdlib.h>
#include <string.h>

/* rd_terms_top, leaving out the terms marked in skip (may be NULL). */
static size_t top_of(const double *v, size_t n, size_t top, double floor,
                     const unsigned char *skip, size_t *idx)
{
    size_t got = 0;
    if (top == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] > floor) || (skip && skip[i]))
            continue;
        size_t p = got < top ? got++ : top;
        if (p == top) {
            if (!(v[i] > v[idx[top - 1]]))
                continue;
            p = top - 1;
        }
        while (p > 0 && v[i] > v[idx[p - 1]]) {
            idx[p] = idx[p - 1];
            p--;
        }
        idx[p] = i;
    }
    return got;
}

size_t rd_terms_top(const double *v, size_t n, size_t top, double floor, size_t *idx)
{
    return top_of(v, n, top, floor, NULL, idx);
}

void rd_terms_join(const char *const *label, const size_t *idx, size_t n, const char *sep,
                   rd_buf *b)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            rd_buf_str(b, sep);
        rd_buf_str(b, label[idx[i]]);
    }
}

rd_status rd_terms_phrases_init(rd_term_phrases *ph, size_t n, const unsigned char *phrase,
                                const uint32_t *first, const uint32_t *second, rd_err *err)
{
    memset(ph, 0, sizeof *ph);
    ph->n = n;
    if (!phrase)
        return RD_OK;
    size_t np = 0;
    for (size_t t = 0; t < n; t++)
        np += phrase[t] != 0;
    if (np == 0)
        return RD_OK;
    ph->phrase = phrase;
    ph->first = first;
    ph->second = second;
    ph->off = calloc(n + 1, sizeof *ph->off);
    ph->of = malloc(2 * np * sizeof *ph->of);
    ph->slot = malloc((n + 1) * sizeof *ph->slot);
    if (!ph->off || !ph->of || !ph->slot) {
        rd_terms_phrases_free(ph);
        return rd_fail(err, RD_ENOMEM, "multi-word terms");
    }
    for (size_t t = 0; t < n; t++) /* counts, then starts, then fill (off[w] moves on) */
        if (phrase[t]) {
            if (first[t] < n)
                ph->off[first[t]]++;
            if (second[t] < n && second[t] != first[t])
                ph->off[second[t]]++;
        }
    size_t at = 0;
    for (size_t w = 0; w < n; w++) {
        size_t c = ph->off[w];
        ph->off[w] = at;
        at += c;
        ph->slot[w] = c || phrase[w] ? (int32_t)ph->n_slots++ : -1;
    }
    ph->off[n] = at;
    for (size_t t = 0; t < n; t++)
        if (phrase[t]) {
            if (first[t] < n)
                ph->of[ph->off[first[t]]++] = (uint32_t)t;
            if (second[t] < n && second[t] != first[t])
                ph->of[ph->off[second[t]]++] = (uint32_t)t;
        }
    for (size_t w = n; w > 0; w--) /* back to the starts */
        ph->off[w] = ph->off[w - 1];
    ph->off[0] = 0;
    return RD_OK;
}

void rd_terms_phrases_free(rd_term_phrases *ph)
{
    free(ph->off);
    free(ph->of);
    free(ph->slot);
    memset(ph, 0, sizeof *ph);
}

void rd_terms_phrases_count(const rd_term_phrases *ph, const rd_csr *x, const rd_csr *xp,
                            size_t row, uint32_t *cnt)
{
    if (!ph->phrase)
        return;
    for (int pass = 0; pass < 2; pass++) {
        const rd_csr *m = pass ? xp : x;
        if (!m)
            continue;
        for (int64_t e = m->indptr[row]; e < m->indptr[row + 1]; e++) {
            int32_t sl = ph->slot[m->indices[e]];
            if (sl >= 0)
                cnt[sl]++;
        }
    }
}

enum { SHOWN_MAX = 64, SHOWN_TOP = SHOWN_MAX / 3 };

static int listed(const size_t *v, size_t n, size_t t)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == t)
            return 1;
    return 0;
}

size_t rd_terms_shown(const double *v, size_t n, size_t top, double floor,
                      const rd_term_phrases *ph, const uint32_t *cnt, size_t *idx)
{
    if (!ph || !ph->phrase)
        return top_of(v, n, top, floor, NULL, idx);
    if (top > SHOWN_TOP)
        top = SHOWN_TOP;
    size_t cand[SHOWN_MAX], seen[3 * SHOWN_MAX], ns = 0, got = 0;
    size_t nc = top_of(v, n, 3 * top, floor, ph->phrase, cand); /* a phrase may take two */
    for (size_t i = 0; i < nc && got < top; i++) {
        size_t w = cand[i], best = n;
        if (listed(seen, ns, w))
            continue;
        uint32_t uw = ph->slot[w] >= 0 ? cnt[ph->slot[w]] : 0, bu = 0;
        for (size_t e = ph->off[w]; e < ph->off[w + 1]; e++) {
            size_t p = ph->of[e];
            uint32_t up = cnt[ph->slot[p]];
            if (up > 0 && 2 * (uint64_t)up >= uw && up > bu) {
                bu = up;
                best = p;
            }
        }
        seen[ns++] = w;
        if (best < n) {
            if (listed(seen, ns, best))
                continue;
            size_t other = ph->first[best] == w ? ph->second[best] : ph->first[best];
            seen[ns++] = best;
            if (other < n)
                seen[ns++] = other;
            w = best;
        }
        idx[got++] = w;
    }
    return got;
}
