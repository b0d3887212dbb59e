/* engine/describe/segment_rows.c — the segments, segment × theme and respondents tables:
 * distinguishing terms, themes against the average, motivations and tensions, typical
 * respondents and the segment quotes. */
#include "engine/describe/internal.h"
#include "engine/pool.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/describe/terms.h"

/* "T3 label (×1.85); …" for the themes idx[0..n) with their ratios. */
static void theme_list(const rd__facts *f, const size_t *idx, size_t n, const double *ratio,
                       rd_buf *b)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            rd_buf_put(b, "; ", 2);
        rd_buf_printf(b, "T%zu %s (\xC3\x97%.2f)", idx[i] + 1, f->label[idx[i]], ratio[idx[i]]);
    }
}

/* Scratch of the segment rows, allocated once for all segments. */
typedef struct {
    double *sum, *all;  /* K × V and V: TF-IDF summed over each segment's and all passages */
    uint32_t *last;     /* per part of sums_part: V, the last respondent seen using each term */
    uint32_t *pres;     /* K × slots: each segment's passages that use each term a phrase
                           involves (rd_terms_phrases_count) */
    uint32_t *users;    /* K × V: the segment's members who use each term */
    uint32_t *users_all; /* V: all respondents who use it */
    double *show;       /* V: the score the top terms are listed by */
    size_t *npass;      /* K: passages per segment */
    double *score;      /* max(V, P) + T: passage scores */
    double *lift, *ml, *tl, *rank; /* T: a segment's theme ratios to the average, ranks */
    float *rel;         /* V: quote relevance, the segment's distinguishing terms */
    size_t *typ, n_typ; /* the segment's members, most typical first */
    double median_fit;  /* of all respondents */
    size_t mot_th[SEG_THEMES], ten_th[SEG_THEMES], nmo, nte; /* its motivation, tension themes */
    rd_buf b;
} seg_ws;

static void ws_free(seg_ws *w)
{
    free(w->sum);
    free(w->pres);
    free(w->last);
    free(w->all);
    free(w->users);
    free(w->users_all);
    free(w->show);
    free(w->score);
    free(w->lift);
    free(w->ml);
    free(w->tl);
    free(w->rank);
    free(w->rel);
    free(w->npass);
    free(w->typ);
    free(w->b.s);
}

/* Moves the text of w->b into cell (row, col) of t and empties the buffer. */
static void put_text(seg_ws *w, rd_table *t, size_t row, size_t col)
{
    rd_table_str(t, row, col, rd_buf_text(&w->b));
    rd_buf_reset(&w->b);
}

/* The first columns of segment s's row r: number, empty name, size, share, mean stability
 * of the members (collected in w->typ). */
static void segment_size(rd__dctx *c, seg_ws *w, size_t s, rd_table *st, size_t r)
{
    const rd_segments *sg = c->in->sg;
    rd_table_int(st, r, 0, (long long)s + 1);
    rd_table_str(st, r, 1, "");
    rd_table_int(st, r, 2, (long long)sg->size[s]);
    rd_table_num(st, r, 3, (double)sg->size[s] / (double)c->N, 4);
    double stab = 0;
    w->n_typ = 0;
    for (size_t d = 0; d < c->N; d++)
        if ((size_t)sg->label[d] == s) {
            stab += sg->stability[d];
            w->typ[w->n_typ++] = d;
        }
    rd_table_num(st, r, 4, w->n_typ ? stab / (double)w->n_typ : 0.0, 4);
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The median of fit[0..n), sorted in scratch (n floats). */
static double median_fit(const float *fit, size_t n, float *scratch)
{
    if (n == 0)
        return 0.0;
    memcpy(scratch, fit, n * sizeof *scratch);
    qsort(scratch, n, sizeof *scratch, cmp_float);
    return n % 2 ? scratch[n / 2] : 0.5 * ((double)scratch[n / 2 - 1] + scratch[n / 2]);
}

/* The kind of segment s (column 5): "catch-all" or "segment" (internal.h), and a note
 * for a catch-all. */
static rd_status segment_kind(rd__dctx *c, const seg_ws *w, size_t s, rd_table *st, size_t r,
                              rd_err *err)
{
    const rd_segments *sg = c->in->sg;
    double fit = 0;
    for (size_t i = 0; i < w->n_typ; i++)
        fit += sg->fit[w->typ[i]];
    fit = w->n_typ ? fit / (double)w->n_typ : 0.0;
    double share = (double)sg->size[s] / (double)c->N;
    int catch_all = c->K >= 3 && share > CATCH_ALL_SHARE && fit < w->median_fit;
    rd_table_str(st, r, 5, catch_all ? "catch-all" : "segment");
    if (!catch_all)
        return RD_OK;
    char msg[320];
    snprintf(msg, sizeof msg,
             "segment %zu is a catch-all: it holds %.0f %% of the respondents, and their mean "
             "fit (%.2f) is below the median fit of all respondents (%.2f); it is what the "
             "other segments leave over, not a persona",
             s + 1, 100.0 * share, fit, w->median_fit);
    return rd_strlist_push(c->notes, msg, err);
}

/* Distinguishing terms: mean TF-IDF in the segment's passages minus the mean in the other
 * segments' passages, into c->seg_score (persona names are matched on it); w->rel gets them
 * scaled to a maximum of 1. The top terms listed are those of positive score that the most
 * members use and the fewest others: a·ln(a/b), a (b) the share of the segment's members
 * (of the other respondents) who use the term, each smoothed by ½ over n + 1. A difference
 * of mean weights favours the words everyone says a little more in one segment ("jaar",
 * "weg", "zet" on the samples); the share of people who say it is what a persona is. */
static void segment_terms(rd__dctx *c, seg_ws *w, size_t s, rd_table *st, size_t r)
{
    size_t V = c->V, rest = c->P - w->npass[s], idx[TOP_TERMS];
    double *ss = c->seg_score + s * V, mx = 0;
    for (size_t t = 0; t < V; t++) {
        double in = w->npass[s] ? w->sum[s * V + t] / (double)w->npass[s] : 0.0;
        double out = rest ? (w->all[t] - w->sum[s * V + t]) / (double)rest : 0.0;
        ss[t] = in - out;
        mx = ss[t] > mx ? ss[t] : mx;
    }
    for (size_t t = 0; t < V; t++)
        w->rel[t] = ss[t] > 0 && mx > 0 ? (float)(ss[t] / mx) : 0.0f;
    size_t n_in = c->in->sg->size[s], n_out = c->N - n_in;
    for (size_t t = 0; t < V; t++) {
        size_t u_all = w->users_all[t];
        double a = ((double)w->users[s * V + t] + 0.5) / ((double)n_in + 1.0);
        double b = ((double)(u_all - w->users[s * V + t]) + 0.5) / ((double)n_out + 1.0);
        w->show[t] = ss[t] > 0 && a > b ? a * log(a / b) + 1e-6 * w->rel[t] : 0.0;
    }
    size_t nt = rd_terms_shown(w->show, V, TOP_TERMS, 0.0, &c->ph,
                               w->pres + s * c->ph.n_slots, idx);
    rd_terms_join(c->in->term_label, idx, nt, "; ", &w->b);
    put_text(w, st, r, 6);
}

/* Themes against the average (the members' mean share over everyone's): the segment ×
 * theme rows, top_themes; motivations (tensions): the themes that take the largest share
 * of the segment's motivation (tension) talk, weighted by how much more than the average
 * segment: share × ratio. */
static void segment_themes(rd__dctx *c, const rd__facts *f, seg_ws *w, size_t s, rd_table *st,
                           size_t r, rd_table *stt)
{
    size_t T = c->T, idx[SEG_THEMES];
    for (size_t j = 0; j < T; j++) {
        w->lift[j] = f->all_mean[j] > 0 ? f->seg_mean[s * T + j] / f->all_mean[j] : 0.0;
        w->ml[j] = f->all_mot[j] > 0 ? f->seg_mot[s * T + j] / f->all_mot[j] : 0.0;
        w->tl[j] = f->all_ten[j] > 0 ? f->seg_ten[s * T + j] / f->all_ten[j] : 0.0;
        size_t q = rd_table_add_row(stt);
        rd_table_int(stt, q, 0, (long long)s + 1);
        rd_table_int(stt, q, 1, (long long)j + 1);
        rd_table_str(stt, q, 2, f->label[j]);
        rd_table_num(stt, q, 3, f->seg_mean[s * T + j], 4);
        rd_table_num(stt, q, 4, f->all_mean[j], 4);
        rd_table_num(stt, q, 5, w->lift[j], 4);
        rd_table_num(stt, q, 6, f->seg_mot[s * T + j], 4);
        rd_table_num(stt, q, 7, f->seg_ten[s * T + j], 4);
    }
    /* top themes: the largest excess of the segment's mean share over everyone's (a theme
     * the segment talks about much, not a small theme with a large ratio), above average */
    for (size_t j = 0; j < T; j++)
        w->rank[j] = j == f->background ? 0.0 : f->seg_mean[s * T + j] - f->all_mean[j];
    size_t nth = rd_terms_top(w->rank, T, SEG_THEMES, 0.0, idx);
    theme_list(f, idx, nth, w->lift, &w->b);
    put_text(w, st, r, 7);
    for (size_t j = 0; j < T; j++)
        w->rank[j] = j == f->background ? 0.0 : f->seg_mot[s * T + j] * w->ml[j];
    w->nmo = rd_terms_top(w->rank, T, SEG_THEMES, 0.0, w->mot_th);
    theme_list(f, w->mot_th, w->nmo, w->ml, &w->b);
    put_text(w, st, r, 8);
    for (size_t j = 0; j < T; j++)
        w->rank[j] = j == f->background ? 0.0 : f->seg_ten[s * T + j] * w->tl[j];
    w->nte = rd_terms_top(w->rank, T, SEG_THEMES, 0.0, w->ten_th);
    theme_list(f, w->ten_th, w->nte, w->tl, &w->b);
    put_text(w, st, r, 9);
}

/* Respondent a before b: the higher fit, the lower index on ties. */
static int more_typical(const float *fit, size_t a, size_t b)
{
    return fit[a] > fit[b] || (fit[a] == fit[b] && a < b);
}

/* Typical respondents: the members by fit (cosine to the segment centre), highest first
 * (lower index on ties); the first TYPICAL listed. */
static void typical(rd__dctx *c, seg_ws *w, rd_table *st, size_t r)
{
    const float *fit = c->in->sg->fit;
    size_t *typ = w->typ;
    size_t keep = 0; /* the best TYPICAL so far, in order, in typ[0 .. keep) */
    for (size_t i = 0; i < w->n_typ; i++) {
        size_t v = typ[i], k = keep < TYPICAL ? keep++ : TYPICAL;
        if (k == TYPICAL) {
            if (!more_typical(fit, v, typ[TYPICAL - 1]))
                continue;
            k = TYPICAL - 1;
        }
        while (k > 0 && more_typical(fit, v, typ[k - 1])) {
            typ[k] = typ[k - 1];
            k--;
        }
        typ[k] = v;
    }
    w->n_typ = keep;
    for (size_t i = 0; i < w->n_typ; i++) {
        if (i)
            rd_buf_put(&w->b, "; ", 2);
        rd_buf_put(&w->b, c->in->respondent[typ[i]], strlen(c->in->respondent[typ[i]]));
    }
    put_text(w, st, r, 10);
}

/* The (round + 1)-th best passage of the respondent whose passages are rows [pa, pz), by
 * w->score (positive scores only); *p, or 0 when it has fewer. The scores of the better
 * ones are zeroed on the way. */
static int nth_best(seg_ws *w, size_t pa, size_t pz, size_t round, size_t P, size_t *p)
{
    size_t pk[3], got = 0;
    for (size_t q = 0; q <= round; q++) {
        size_t bp = P;
        for (size_t i = pa; i < pz; i++)
            if (w->score[i] > 0 && (bp == P || w->score[i] > w->score[bp]))
                bp = i;
        if (bp == P)
            break;
        pk[got++] = bp;
        w->score[bp] = 0.0;
    }
    if (got <= round)
        return 0;
    *p = pk[round];
    return 1;
}

/* Quotes: from each typical respondent, the passage that weighs most on the segment's
 * characteristic themes (by lift); with fewer than three members, more passages of the same
 * ones. The first one goes into the segment's row. */
static rd_status segment_quotes(rd__dctx *c, seg_ws *w, size_t s, rd_table *st, size_t r,
                                rd_table *qt, rd_err *err)
{
    rd_status rc;
    size_t T = c->T, rank_q = 0;
    const float *tw = c->in->th->w;
    char id[48];
    snprintf(id, sizeof id, "S%zu", s + 1);
    for (size_t round = 0; round < 3 && rank_q < TYPICAL; round++)
        for (size_t i = 0; i < w->n_typ && rank_q < TYPICAL; i++) {
            /* a respondent's passages are consecutive rows */
            size_t pa = c->doc_row[w->typ[i]], pz = c->doc_row[w->typ[i] + 1], row;
            for (size_t p = pa; p < pz; p++) {
                w->score[p] = 0.0;
                for (size_t j = 0; j < T; j++)
                    w->score[p] += (w->lift[j] > 1.0 ? w->lift[j] : 0.0) * tw[p * T + j];
                w->score[p] = (w->score[p] + 1e-6) * c->lenw[p];
            }
            if (!nth_best(w, pa, pz, round, c->P, &row))
                continue;
            const char *q;
            if ((rc = rd__add_quote(c, qt, "segment", id, ++rank_q, row, w->rel, 0, &q, err)) !=
                RD_OK)
                return rc;
            if (rank_q == 1) {
                rd_table_str(st, r, 11, q);
                rd__source_of(c, row);
                rd_table_str(st, r, 12, c->src);
                rd_table_str(st, r, 13, c->in->respondent[w->typ[i]]);
            }
        }
    return RD_OK;
}


/* The sums over the passages for the segments' rows, shared out over `parts` parts: part
 * 0 makes the totals over all passages (all, users_all), part q > 0 the sums of the
 * segments [K(q−1)/(parts−1), Kq/(parts−1)) — each sum in passage order whichever part
 * makes it, so the bytes do not depend on the thread count. With one part it makes all. */
typedef struct {
    rd__dctx *c;
    seg_ws *w;
    int parts;
} sums_ctx;

static void sums_part(void *ctx, size_t lo, size_t hi)
{
    sums_ctx *sc = ctx;
    rd__dctx *c = sc->c;
    seg_ws *w = sc->w;
    const rd_csr *x = c->in->x;
    const int32_t *label = c->in->sg->label;
    size_t V = c->V, K = c->K;
    for (size_t q = lo; q < hi; q++) {
        int totals = q == 0, segs = sc->parts == 1 || q > 0;
        size_t s0 = sc->parts == 1 ? 0 : K * (q - 1) / (size_t)(sc->parts - 1);
        size_t s1 = sc->parts == 1 ? K : K * q / (size_t)(sc->parts - 1);
        uint32_t *last = w->last + q * (V + 1);
        for (size_t t = 0; t < V; t++)
            last[t] = UINT32_MAX;
        for (size_t p = 0; p < c->P; p++) {
            uint32_t d = c->in->row_doc[p];
            size_t s = (size_t)label[d];
            int mine = segs && s >= s0 && s < s1;
            if (!mine && !totals)
                continue;
            if (mine) {
                w->npass[s]++;
                rd_terms_phrases_count(&c->ph, x, c->in->xp, p, w->pres + s * c->ph.n_slots);
            }
            for (int64_t e = x->indptr[p]; e < x->indptr[p + 1]; e++) {
                size_t t = (size_t)x->indices[e];
                int first = last[t] != d; /* the respondent's first use of the term */
                if (mine) {
                    w->sum[s * V + t] += x->data[e];
                    w->users[s * V + t] += (uint32_t)first;
                }
                if (totals) {
                    w->all[t] += x->data[e];
                    w->users_all[t] += (uint32_t)first;
                }
                last[t] = d;
            }
        }
    }
}

/* A quote per segment motivation and tension, from the segment's members. */
static rd_status cue_quotes(rd__dctx *c, const rd__facts *f, seg_ws *w, size_t s, rd_table *qt,
                            rd_err *err)
{
    rd_status rc;
    size_t T = c->T, P = c->P;
    const int32_t *label = c->in->sg->label;
    char id[48];
    for (int k = 0; k < 2; k++) {
        const size_t *th_list = k == 0 ? w->mot_th : w->ten_th;
        size_t nl = k == 0 ? w->nmo : w->nte;
        const uint8_t *flag = k == 0 ? c->mot : c->ten;
        for (size_t i = 0; i < nl; i++) {
            size_t j = th_list[i], pk;
            for (size_t p = 0; p < P; p++)
                w->score[p] = flag[p] && (size_t)label[c->in->row_doc[p]] == s
                                  ? c->in->th->w[p * T + j] * c->lenw[p]
                                  : 0.0;
            if (!rd_quote_pick(w->score, P, c->in->row_doc, 1, &pk))
                continue;
            snprintf(id, sizeof id, "S%zu/T%zu", s + 1, j + 1);
            if ((rc = rd__add_quote(c, qt, k == 0 ? "motivation" : "tension", id, 1, pk,
                                    f->rel + j * c->V, k == 0 ? MOTIVATION_MASK : TENSION_MASK,
                                    NULL, err)) != RD_OK)
                return rc;
        }
    }
    return RD_OK;
}

rd_status rd__describe_segments(rd__dctx *c, const rd__facts *f, rd_table *st, rd_table *stt,
                                rd_table *qt, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t K = c->K, T = c->T, V = c->V, P = c->P, N = c->N;
    const rd_segments *sg = c->in->sg;
    seg_ws w = {0};
    w.sum = calloc(K * V + 1, sizeof *w.sum);
    w.all = calloc(V + 1, sizeof *w.all);
    w.score = malloc(((V > P ? V : P) + T) * sizeof *w.score + 8);
    w.lift = malloc((T + 1) * sizeof *w.lift);
    w.ml = malloc((T + 1) * sizeof *w.ml);
    w.tl = malloc((T + 1) * sizeof *w.tl);
    w.rank = malloc((T + 1) * sizeof *w.rank);
    w.rel = malloc((V > N ? V : N) * sizeof *w.rel + sizeof *w.rel);
    w.npass = calloc(K + 1, sizeof *w.npass);
    w.users = calloc(K * V + 1, sizeof *w.users);
    w.users_all = calloc(V + 1, sizeof *w.users_all);
    w.show = malloc((V + 1) * sizeof *w.show);
    w.pres = calloc(K * c->ph.n_slots + 1, sizeof *w.pres);
    w.typ = malloc((N + 1) * sizeof *w.typ);
    if (!w.sum || !w.all || !w.score || !w.lift || !w.ml || !w.tl || !w.rank || !w.rel ||
        !w.npass || !w.typ || !w.users || !w.users_all || !w.show || !w.pres ||
        !(c->seg_score = calloc(K * V + 1, sizeof *c->seg_score))) {
        rc = rd_fail(err, RD_ENOMEM, "segment descriptions");
        goto done;
    }
    int parts = c->in->threads > 1 ? c->in->threads : 1;
    if ((size_t)parts > K + 1)
        parts = (int)(K + 1);
    if (!(w.last = malloc((size_t)parts * (V + 1) * sizeof *w.last))) {
        rc = rd_fail(err, RD_ENOMEM, "segment descriptions");
        goto done;
    }
    sums_ctx sc = {c, &w, parts};
    rd_pool_for(parts, (size_t)parts, sums_part, &sc);
    w.median_fit = median_fit(sg->fit, N, w.rel);
    for (size_t s = 0; s < K; s++) {
        size_t r = rd_table_add_row(st);
        segment_size(c, &w, s, st, r);
        if ((rc = segment_kind(c, &w, s, st, r, err)) != RD_OK)
            goto done;
        segment_terms(c, &w, s, st, r);
        segment_themes(c, f, &w, s, st, r, stt);
        typical(c, &w, st, r);
        if ((rc = segment_quotes(c, &w, s, st, r, qt, err)) != RD_OK ||
            (rc = cue_quotes(c, f, &w, s, qt, err)) != RD_OK)
            goto done;
        if (!rd_table_ok(st) || !rd_table_ok(stt) || w.b.oom) {
            rc = rd_fail(err, RD_ENOMEM, "segments table");
            goto done;
        }
    }
done:
    ws_free(&w);
    return rc;
}
