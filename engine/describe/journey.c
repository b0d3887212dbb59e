/* engine/describe/journey.c — see journey.h for the placement; below it, the journey table:
 * per segment × stage the passages on the stage, their share of the segment's passages,
 * their motivation and tension rates and the most typical of them as a quote. */
#include "engine/describe/journey.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/describe/internal.h"

/* The stage of the most evidence among e[0..S) (none: -1); ties go to the larger q (when
 * q is given), then to the earlier stage. `skip` is left out (the first stage, when
 * looking for the second). */
static int32_t best_stage(const double *e, size_t S, const double *q, int32_t skip)
{
    int32_t b = -1;
    for (size_t s = 0; s < S; s++) {
        if ((int32_t)s == skip || !(e[s] > 0.0))
            continue;
        if (b < 0 || e[s] > e[b] || (e[s] == e[b] && q && q[s] > q[b]))
            b = (int32_t)s;
    }
    return b;
}

/* e[0..S) of passage p: its own hits plus the question's, weighted. */
static void evidence(const rd_journey_in *in, size_t p, double *e)
{
    const uint16_t *h = in->hits + p * 2 * in->S;
    for (size_t s = 0; s < in->S; s++)
        e[s] = (double)h[s] + in->question * (double)h[in->S + s];
}

/* Whether passage p has theme weight: words that count (not only frame talk). */
static int has_theme(const rd_journey_in *in, size_t p)
{
    for (size_t j = 0; j < in->T; j++)
        if (in->w[p * in->T + j] > 0.0f)
            return 1;
    return 0;
}

/* q[0..S) of passage p: Σ_j w̃[p][j] D[j][s] (all 0 when p has no theme weight). */
static void theme_q(const rd_journey_in *in, const double *D, size_t p, double *q)
{
    size_t S = in->S, T = in->T;
    const float *wp = in->w + p * T;
    double sum = 0.0;
    for (size_t j = 0; j < T; j++)
        sum += wp[j] > 0.0f ? wp[j] : 0.0f;
    for (size_t s = 0; s < S; s++)
        q[s] = 0.0;
    for (size_t j = 0; sum > 0.0 && j < T; j++) {
        if (!(wp[j] > 0.0f))
            continue;
        double a = wp[j] / sum;
        for (size_t s = 0; s < S; s++)
            q[s] += a * D[j * S + s];
    }
}

rd_status rd_journey_place_run(const rd_journey_in *in, rd_journey_place *out, rd_err *err)
{
    size_t P = in->P, S = in->S, T = in->T;
    double *D = calloc(T * S + 1, sizeof *D), *q = malloc((S + 1) * sizeof *q),
           *e = malloc((S + 1) * sizeof *e);
    if (!D || !q || !e) {
        free(D);
        free(q);
        free(e);
        return rd_fail(err, RD_ENOMEM, "journey placement");
    }
    /* Step 1 without ties: the passages whose stage is clear teach the themes' stages. */
    for (size_t p = 0; p < P; p++) {
        evidence(in, p, e);
        int32_t b = best_stage(e, S, NULL, -1);
        int clear = b >= 0;
        for (size_t s = 0; clear && s < S; s++)
            clear = (int32_t)s == b || e[s] < e[b];
        if (!clear)
            continue;
        const float *wp = in->w + p * T;
        double sum = 0.0;
        for (size_t j = 0; j < T; j++)
            sum += wp[j] > 0.0f ? wp[j] : 0.0f;
        for (size_t j = 0; sum > 0.0 && j < T; j++)
            if (wp[j] > 0.0f)
                D[j * S + (size_t)b] += wp[j] / sum;
    }
    for (size_t j = 0; j < T; j++) {
        double sum = 0.0;
        for (size_t s = 0; s < S; s++)
            sum += D[j * S + s];
        for (size_t s = 0; sum > 0.0 && s < S; s++)
            D[j * S + s] /= sum;
    }
    /* Steps 1, 2 and 3 for every passage. */
    for (size_t p = 0; p < P; p++) {
        evidence(in, p, e);
        theme_q(in, D, p, q);
        int32_t b = best_stage(e, S, q, -1);
        out->stage2[p] = -1;
        if (b >= 0) {
            out->stage[p] = b;
            out->stage2[p] = best_stage(e, S, q, b);
            out->by[p] = RD_JOURNEY_BY_CUES;
            out->score[p] = e[b];
            continue;
        }
        if (in->group && p > 0 && in->group[p - 1] == in->group[p] && out->stage[p - 1] >= 0 &&
            has_theme(in, p)) {
            out->stage[p] = out->stage[p - 1];
            out->by[p] = RD_JOURNEY_BY_CONVERSATION;
            out->score[p] = 0.0;
            continue;
        }
        size_t best = 0;
        for (size_t s = 1; s < S; s++)
            if (q[s] > q[best])
                best = s;
        if (S > 0 && q[best] >= in->min_theme && q[best] > 0.0) {
            out->stage[p] = (int32_t)best;
            out->by[p] = RD_JOURNEY_BY_THEMES;
            out->score[p] = q[best];
        } else {
            out->stage[p] = -1;
            out->by[p] = RD_JOURNEY_BY_NONE;
            out->score[p] = 0.0;
        }
    }
    free(D);
    free(q);
    free(e);
    return RD_OK;
}

/* --- the journey table ----------------------------------------------------------- */

/* Passages of segment k on stage s: group g = k * S + s; the rows of each group in
 * order[first[g] .. first[g + 1]). */
typedef struct {
    size_t *order, *first;
    double *cent;    /* V: the group's mean TF-IDF row */
    float *rel;      /* V: cent scaled to max 1, the quote's relevance */
    double *score;   /* P: typicality of the group's rows, 0 elsewhere */
    double *n2;      /* P: a row's squared norm, while its group's quote is chosen */
    rd_buf b;
} jws;

/* The quote of group g: its most typical passage, the one closest to the group's mean
 * TF-IDF (cosine), shorter passages weighed down as every quote is (lenw). */
static rd_status group_quote(rd__dctx *c, jws *w, size_t g, rd_table *jt, size_t r,
                             rd_table *qt, rd_err *err)
{
    const rd_csr *x = c->in->x;
    size_t a = w->first[g], e = w->first[g + 1], S = c->in->n_stages;
    if (a == e)
        return RD_OK;
    /* Three passes over the group's entries: the sums (and their largest: the entries are
     * ≥ 0, so every sum only grows and the largest sum seen is the largest at the end);
     * the norm over the distinct terms (each counted once, marked by setting rel) with each
     * passage's dot product and norm (the same sums in the same order as cosine()); the
     * clearing below. */
    double mx = 0.0;
    for (size_t i = a; i < e; i++) {
        size_t p = w->order[i];
        for (int64_t t = x->indptr[p]; t < x->indptr[p + 1]; t++) {
            double *v = &w->cent[x->indices[t]];
            *v += x->data[t];
            if (*v > mx)
                mx = *v;
        }
    }
    double cn = 0.0;
    for (size_t i = a; i < e; i++) {
        size_t p = w->order[i];
        double dot = 0.0, n2 = 0.0;
        for (int64_t t = x->indptr[p]; t < x->indptr[p + 1]; t++) {
            int32_t v = x->indices[t];
            double d = x->data[t], cv = w->cent[v];
            if (w->rel[v] == 0.0f) {
                cn += cv * cv;
                w->rel[v] = (float)(mx > 0.0 ? cv / mx : 0.0);
            }
            dot += d * cv;
            n2 += d * d;
        }
        w->score[p] = dot;
        w->n2[p] = n2;
    }
    cn = sqrt(cn);
    for (size_t i = a; i < e; i++) {
        size_t p = w->order[i];
        double dot = w->score[p], n2 = w->n2[p];
        w->score[p] = c->lenw[p] * (1e-6 + (n2 > 0.0 && cn > 0.0 ? dot / (sqrt(n2) * cn) : 0.0));
    }
    size_t best;
    rd_status rc = RD_OK;
    if (rd_quote_pick_rows(w->score, w->order + a, e - a, c->in->row_doc, 1, &best) == 1) {
        char id[96];
        const char *text;
        snprintf(id, sizeof id, "S%zu/%s", g / S + 1, c->in->stage_key[g % S]);
        if ((rc = rd__add_quote(c, qt, "journey", id, 1, best, w->rel, 0, &text, err)) == RD_OK) {
            rd_table_str(jt, r, 9, text);
            rd_table_str(jt, r, 10, c->src);
            rd_table_str(jt, r, 11, c->in->respondent[c->in->row_doc[best]]);
        }
    }
    for (size_t i = a; i < e; i++) {
        size_t p = w->order[i];
        w->score[p] = 0.0;
        for (int64_t t = x->indptr[p]; t < x->indptr[p + 1]; t++) {
            w->cent[x->indices[t]] = 0.0;
            w->rel[x->indices[t]] = 0.0f;
        }
    }
    return rc;
}

rd_status rd__describe_journey(rd__dctx *c, const int32_t *stage, const int32_t *stage2,
                               rd_table *jt, rd_table *qt, rd_err *err)
{
    rd_status rc = RD_OK;
    const rd_describe_in *in = c->in;
    size_t S = in->n_stages, K = c->K, G = K * S, P = c->P, V = c->V;
    const int32_t *lab = in->sg->label;
    jws w = {0};
    size_t *seg_pass = NULL, *also = NULL, *mot = NULL, *ten = NULL;
    if (!(w.order = malloc((P + 1) * sizeof *w.order)) ||
        !(w.first = calloc(G + 2, sizeof *w.first)) ||
        !(w.cent = calloc(V + 1, sizeof *w.cent)) || !(w.rel = calloc(V + 1, sizeof *w.rel)) ||
        !(w.score = calloc(P + 1, sizeof *w.score)) || !(w.n2 = malloc((P + 1) * sizeof *w.n2)) ||
        !(seg_pass = calloc(K + 1, sizeof *seg_pass)) || !(also = calloc(G + 1, sizeof *also)) ||
        !(mot = calloc(G + 1, sizeof *mot)) || !(ten = calloc(G + 1, sizeof *ten))) {
        rc = rd_fail(err, RD_ENOMEM, "journey table");
        goto done;
    }
    /* counting sort of the placed passages by group, in row order within a group */
    for (size_t p = 0; p < P; p++) {
        size_t k = (size_t)lab[in->row_doc[p]];
        seg_pass[k]++;
        if (stage2[p] >= 0)
            also[k * S + (size_t)stage2[p]]++;
        if (stage[p] < 0)
            continue;
        size_t g = k * S + (size_t)stage[p];
        w.first[g + 2]++;
        mot[g] += c->mot[p];
        ten[g] += c->ten[p];
    }
    for (size_t g = 0; g < G; g++)
        w.first[g + 2] += w.first[g + 1];
    for (size_t p = 0; p < P; p++)
        if (stage[p] >= 0)
            w.order[w.first[(size_t)lab[in->row_doc[p]] * S + (size_t)stage[p] + 1]++] = p;
    for (size_t k = 0; k < K && rc == RD_OK; k++)
        for (size_t s = 0; s < S && rc == RD_OK; s++) {
            size_t g = k * S + s, n = w.first[g + 1] - w.first[g];
            size_t r = rd_table_add_row(jt);
            rd_table_int(jt, r, 0, (long long)k + 1);
            rd_table_int(jt, r, 1, (long long)s + 1);
            rd_table_str(jt, r, 2, in->stage_key[s]);
            rd_table_str(jt, r, 3, in->stage_title[s]);
            rd_table_int(jt, r, 4, (long long)n);
            rd_table_num(jt, r, 5, seg_pass[k] ? (double)n / (double)seg_pass[k] : 0.0, 4);
            rd_table_int(jt, r, 6, (long long)also[g]);
            rd_table_num(jt, r, 7, n ? (double)mot[g] / (double)n : NAN, 4);
            rd_table_num(jt, r, 8, n ? (double)ten[g] / (double)n : NAN, 4);
            rc = group_quote(c, &w, g, jt, r, qt, err);
        }
    if (rc == RD_OK && !rd_table_ok(jt))
        rc = rd_fail(err, RD_ENOMEM, "journey table");
done:
    free(w.order);
    free(w.first);
    free(w.cent);
    free(w.rel);
    free(w.score);
    free(w.n2);
    free(seg_pass);
    free(also);
    free(mot);
    free(ten);
    return rc;
}
