/* engine/describe/segment_rows.c — the segments, segment × theme and respondents tables:
 * distinguishing terms, themes against the average, motivations and tensions, typical
 * respondents and the segment quotes. */
#include "engine/describe/internal.h"

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

rd_status rd__describe_segments(rd__dctx *c, const rd__facts *f, rd_table *st, rd_table *stt,
                                rd_table *qt, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t K = c->K, T = c->T, V = c->V, P = c->P, N = c->N;
    const rd_segments *sg = c->in->sg;
    const rd_csr *x = c->in->x;
    double *sum = calloc(K * V + 1, sizeof *sum), *all = calloc(V + 1, sizeof *all);
    double *score = malloc(((V > P ? V : P) + T) * sizeof *score + 8);
    double *lift = malloc((T + 1) * sizeof *lift), *ml = malloc((T + 1) * sizeof *ml),
           *tl = malloc((T + 1) * sizeof *tl), *rank = malloc((T + 1) * sizeof *rank);
    float *rel = malloc((V + 1) * sizeof *rel);
    size_t *npass = calloc(K + 1, sizeof *npass), idx[TOP_TERMS + SEG_THEMES];
    size_t *typ = malloc((N + 1) * sizeof *typ);
    rd_buf b = {0};
    char id[48];
    if (!sum || !all || !score || !lift || !ml || !tl || !rank || !rel || !npass || !typ ||
        !(c->seg_score = calloc(K * V + 1, sizeof *c->seg_score))) {
        rc = rd_fail(err, RD_ENOMEM, "segment descriptions");
        goto done;
    }
    for (size_t p = 0; p < P; p++) {
        size_t s = (size_t)sg->label[c->in->row_doc[p]];
        npass[s]++;
        for (int64_t e = x->indptr[p]; e < x->indptr[p + 1]; e++) {
            sum[s * V + (size_t)x->indices[e]] += x->data[e];
            all[x->indices[e]] += x->data[e];
        }
    }
    for (size_t s = 0; s < K; s++) {
        size_t r = rd_table_add_row(st);
        /* distinguishing terms: mean TF-IDF in the segment's passages minus the mean in
         * the other segments' passages */
        size_t rest = P - npass[s];
        double *ss = c->seg_score + s * V, mx = 0;
        for (size_t t = 0; t < V; t++) {
            double in = npass[s] ? sum[s * V + t] / (double)npass[s] : 0.0;
            double out = rest ? (all[t] - sum[s * V + t]) / (double)rest : 0.0;
            ss[t] = in - out;
            mx = ss[t] > mx ? ss[t] : mx;
        }
        for (size_t t = 0; t < V; t++)
            rel[t] = ss[t] > 0 && mx > 0 ? (float)(ss[t] / mx) : 0.0f;
        size_t nt = rd_terms_top(ss, V, TOP_TERMS, 0.0, idx);
        rd_terms_join(c->in->term_label, idx, nt, "; ", &b);
        rd_table_int(st, r, 0, (long long)s + 1);
        rd_table_str(st, r, 1, "");
        rd_table_int(st, r, 2, (long long)sg->size[s]);
        rd_table_num(st, r, 3, (double)sg->size[s] / (double)N, 4);
        double stab = 0;
        size_t nm = 0;
        for (size_t d = 0; d < N; d++)
            if ((size_t)sg->label[d] == s) {
                stab += sg->stability[d];
                typ[nm++] = d;
            }
        rd_table_num(st, r, 4, nm ? stab / (double)nm : 0.0, 4);
        rd_table_str(st, r, 5, rd_buf_text(&b));
        rd_buf_reset(&b);
        /* themes against the average: the members' mean share over everyone's */
        for (size_t j = 0; j < T; j++) {
            lift[j] = f->all_mean[j] > 0 ? f->seg_mean[s * T + j] / f->all_mean[j] : 0.0;
            ml[j] = f->all_mot[j] > 0 ? f->seg_mot[s * T + j] / f->all_mot[j] : 0.0;
            tl[j] = f->all_ten[j] > 0 ? f->seg_ten[s * T + j] / f->all_ten[j] : 0.0;
            size_t q = rd_table_add_row(stt);
            rd_table_int(stt, q, 0, (long long)s + 1);
            rd_table_int(stt, q, 1, (long long)j + 1);
            rd_table_str(stt, q, 2, f->label[j]);
            rd_table_num(stt, q, 3, f->seg_mean[s * T + j], 4);
            rd_table_num(stt, q, 4, f->all_mean[j], 4);
            rd_table_num(stt, q, 5, lift[j], 4);
            rd_table_num(stt, q, 6, f->seg_mot[s * T + j], 4);
            rd_table_num(stt, q, 7, f->seg_ten[s * T + j], 4);
        }
        size_t nth = rd_terms_top(lift, T, SEG_THEMES, 1.0, idx);
        theme_list(f, idx, nth, lift, &b);
        rd_table_str(st, r, 6, rd_buf_text(&b));
        rd_buf_reset(&b);
        /* motivations (tensions): the themes that take the largest share of the
         * segment's motivation (tension) talk, weighted by how much more than the
         * average segment: share × ratio */
        size_t mot_th[SEG_THEMES], ten_th[SEG_THEMES], nmo, nte;
        for (size_t j = 0; j < T; j++)
            rank[j] = f->seg_mot[s * T + j] * ml[j];
        nmo = rd_terms_top(rank, T, SEG_THEMES, 0.0, mot_th);
        theme_list(f, mot_th, nmo, ml, &b);
        rd_table_str(st, r, 7, rd_buf_text(&b));
        rd_buf_reset(&b);
        for (size_t j = 0; j < T; j++)
            rank[j] = f->seg_ten[s * T + j] * tl[j];
        nte = rd_terms_top(rank, T, SEG_THEMES, 0.0, ten_th);
        theme_list(f, ten_th, nte, tl, &b);
        rd_table_str(st, r, 8, rd_buf_text(&b));
        rd_buf_reset(&b);
        /* typical respondents: highest fit (cosine to the segment centre) */
        for (size_t i = 1; i < nm; i++) {
            size_t v = typ[i], k = i;
            while (k > 0 && (sg->fit[typ[k - 1]] < sg->fit[v] ||
                             (sg->fit[typ[k - 1]] == sg->fit[v] && typ[k - 1] > v))) {
                typ[k] = typ[k - 1];
                k--;
            }
            typ[k] = v;
        }
        size_t nty = nm < TYPICAL ? nm : TYPICAL;
        for (size_t i = 0; i < nty; i++) {
            if (i)
                rd_buf_put(&b, "; ", 2);
            rd_buf_put(&b, c->in->respondent[typ[i]], strlen(c->in->respondent[typ[i]]));
        }
        rd_table_str(st, r, 9, rd_buf_text(&b));
        rd_buf_reset(&b);
        /* quotes: from each typical respondent, the passage that weighs most on the
         * segment's characteristic themes (by lift); with fewer than three members, more
         * passages of the same ones */
        snprintf(id, sizeof id, "S%zu", s + 1);
        size_t rank_q = 0;
        for (size_t round = 0; round < 3 && rank_q < TYPICAL; round++)
            for (size_t i = 0; i < nty && rank_q < TYPICAL; i++) {
                /* a respondent's passages are consecutive rows */
                size_t pa = c->doc_row[typ[i]], pz = c->doc_row[typ[i] + 1];
                for (size_t p = pa; p < pz; p++) {
                    score[p] = 0.0;
                    for (size_t j = 0; j < T; j++)
                        score[p] += (lift[j] > 1.0 ? lift[j] : 0.0) * c->in->th->w[p * T + j];
                    score[p] = (score[p] + 1e-6) * c->lenw[p];
                }
                size_t pk[3];
                size_t got = 0;
                /* the (round+1)-th best passage of this respondent */
                for (size_t q = 0; q <= round; q++) {
                    size_t bp = P;
                    for (size_t p = pa; p < pz; p++)
                        if (score[p] > 0 && (bp == P || score[p] > score[bp]))
                            bp = p;
                    if (bp == P)
                        break;
                    pk[got++] = bp;
                    score[bp] = 0.0;
                }
                if (got <= round)
                    continue;
                const char *q;
                if ((rc = rd__add_quote(c, qt, "segment", id, ++rank_q, pk[round], rel, 0, &q, err)) !=
                    RD_OK)
                    goto done;
                if (rank_q == 1) {
                    rd_table_str(st, r, 10, q);
                    rd__source_of(c, pk[round]);
                    rd_table_str(st, r, 11, c->src);
                    rd_table_str(st, r, 12, c->in->respondent[typ[i]]);
                }
            }
        /* a quote per segment motivation and tension, from the segment's members */
        for (int k = 0; k < 2; k++) {
            const size_t *th_list = k == 0 ? mot_th : ten_th;
            size_t nl = k == 0 ? nmo : nte;
            const uint8_t *flag = k == 0 ? c->mot : c->ten;
            for (size_t i = 0; i < nl; i++) {
                size_t j = th_list[i];
                for (size_t p = 0; p < P; p++)
                    score[p] = flag[p] && (size_t)sg->label[c->in->row_doc[p]] == s
                                   ? c->in->th->w[p * T + j] * c->lenw[p]
                                   : 0.0;
                size_t pk;
                if (!rd_quote_pick(score, c->P, c->in->row_doc, 1, &pk))
                    continue;
                snprintf(id, sizeof id, "S%zu/T%zu", s + 1, j + 1);
                if ((rc = rd__add_quote(c, qt, k == 0 ? "motivation" : "tension", id, 1, pk,
                                    f->rel + j * V, k == 0 ? MOTIVATION_MASK : TENSION_MASK, NULL,
                                    err)) != RD_OK)
                    goto done;
            }
        }
        if (!rd_table_ok(st) || !rd_table_ok(stt) || b.oom) {
            rc = rd_fail(err, RD_ENOMEM, "segments table");
            goto done;
        }
    }
done:
    free(sum);
    free(all);
    free(score);
    free(lift);
    free(ml);
    free(tl);
    free(rank);
    free(rel);
    free(npass);
    free(typ);
    free(b.s);
    return rc;
}

