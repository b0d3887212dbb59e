/* engine/describe/facts.c — the theme measures behind the themes and segments tables; see
 * README.md, "Motivations and tensions". */
#include "engine/describe/internal.h"

#include <math.h>
#include <stdlib.h>

void rd__facts_free(rd__facts *f, size_t T)
{
    free(f->mass);
    free(f->mrate);
    free(f->trate);
    free(f->mix);
    free(f->spread);
    free(f->mi);
    free(f->ti);
    free(f->seg_mean);
    free(f->all_mean);
    free(f->seg_mot);
    free(f->seg_ten);
    free(f->all_mot);
    free(f->all_ten);
    free(f->talks);
    for (size_t j = 0; f->label && j < T; j++)
        free(f->label[j]);
    free(f->label);
    free(f->rel);
}

/* Every array of f, zeroed. */
static rd_status facts_alloc(rd__facts *f, size_t T, size_t K, size_t V, rd_err *err)
{
    if (!(f->mass = calloc(T, sizeof(double))) || !(f->mrate = calloc(T, sizeof(double))) ||
        !(f->trate = calloc(T, sizeof(double))) || !(f->mix = calloc(T, sizeof(double))) ||
        !(f->spread = calloc(T, sizeof(double))) || !(f->mi = calloc(T, sizeof(double))) ||
        !(f->ti = calloc(T, sizeof(double))) || !(f->seg_mean = calloc(K * T, sizeof(double))) ||
        !(f->all_mean = calloc(T, sizeof(double))) ||
        !(f->seg_mot = calloc(K * T, sizeof(double))) ||
        !(f->seg_ten = calloc(K * T, sizeof(double))) ||
        !(f->all_mot = calloc(T, sizeof(double))) || !(f->all_ten = calloc(T, sizeof(double))) ||
        !(f->talks = calloc(T, sizeof(size_t))) || !(f->label = calloc(T, sizeof(char *))) ||
        !(f->rel = malloc(T * V * sizeof(float) + 1)))
        return rd_fail(err, RD_ENOMEM, "theme measures");
    return RD_OK;
}

/* Sums over the passages, weighted by their theme weights: per theme the mass, the weight
 * of motivation and tension passages (mrate, trate, not yet divided), of positive and
 * negative judgements (pos, neg); per segment × theme the weight of motivation and tension
 * passages (seg_mot, seg_ten). talk[r·T + j] = 1 when theme j dominates a passage of
 * respondent r. */
static void passage_sums(const rd__dctx *c, rd__facts *f, double *pos, double *neg,
                         unsigned char *talk)
{
    size_t T = c->T;
    const float *w = c->in->th->w;
    const int32_t *lab = c->in->sg->label;
    for (size_t p = 0; p < c->P; p++) {
        const uint16_t *cu = c->in->row_cues + p * RD_CUE_SLOTS;
        size_t s = (size_t)lab[c->in->row_doc[p]], best = 0;
        for (size_t j = 0; j < T; j++) {
            double x = w[p * T + j];
            f->mass[j] += x;
            f->mrate[j] += x * c->mot[p];
            f->trate[j] += x * c->ten[p];
            pos[j] += x * cu[RD_CUE_POSITIVE];
            neg[j] += x * cu[RD_CUE_NEGATIVE];
            f->seg_mot[s * T + j] += x * c->mot[p];
            f->seg_ten[s * T + j] += x * c->ten[p];
            if (w[p * T + j] > w[p * T + best])
                best = j;
        }
        if (T && w[p * T + best] > 0.0f)
            talk[(size_t)c->in->row_doc[p] * T + best] = 1;
    }
}

/* Per segment × theme the mean theme share of the members; per theme the mean over
 * everyone and the respondents it dominates a passage of. */
static void respondent_means(const rd__dctx *c, rd__facts *f, const unsigned char *talk)
{
    size_t T = c->T;
    const int32_t *lab = c->in->sg->label;
    for (size_t r = 0; r < c->N; r++)
        for (size_t j = 0; j < T; j++) {
            double x = c->in->profile[r * T + j];
            f->seg_mean[(size_t)lab[r] * T + j] += x;
            f->all_mean[j] += x / (double)c->N;
            f->talks[j] += talk[r * T + j];
        }
    for (size_t s = 0; s < c->K; s++)
        for (size_t j = 0; j < T; j++)
            f->seg_mean[s * T + j] /= (double)c->in->sg->size[s];
}

/* Motivation (tension) talk: each segment's weight per theme as shares of the segment's
 * own, and everyone's (all_mot, all_ten) as shares of the whole. */
static void talk_shares(const rd__dctx *c, rd__facts *f)
{
    size_t T = c->T;
    for (size_t s = 0; s < c->K; s++) {
        double mt = 0, tt = 0;
        for (size_t j = 0; j < T; j++) {
            mt += f->seg_mot[s * T + j];
            tt += f->seg_ten[s * T + j];
        }
        for (size_t j = 0; j < T; j++) {
            f->all_mot[j] += f->seg_mot[s * T + j];
            f->all_ten[j] += f->seg_ten[s * T + j];
            f->seg_mot[s * T + j] = mt > 0 ? f->seg_mot[s * T + j] / mt : 0.0;
            f->seg_ten[s * T + j] = tt > 0 ? f->seg_ten[s * T + j] / tt : 0.0;
        }
    }
    double smt = 0, stt = 0;
    for (size_t j = 0; j < T; j++) {
        smt += f->all_mot[j];
        stt += f->all_ten[j];
    }
    for (size_t j = 0; j < T; j++) {
        f->all_mot[j] = smt > 0 ? f->all_mot[j] / smt : 0.0;
        f->all_ten[j] = stt > 0 ? f->all_ten[j] / stt : 0.0;
    }
}

/* Per theme the motivation and tension rates, the polarity mix, the spread across
 * segments, and the two indices. Indices are relative to the average theme of this run:
 * 1 = average. The tension index averages the components that vary at all. */
static void theme_indices(const rd__dctx *c, rd__facts *f, const double *pos, const double *neg)
{
    size_t T = c->T;
    double m_avg = 0, t_avg = 0, x_avg = 0, s_avg = 0;
    for (size_t j = 0; j < T; j++) {
        f->mrate[j] = f->mass[j] > 0 ? f->mrate[j] / f->mass[j] : 0.0;
        f->trate[j] = f->mass[j] > 0 ? f->trate[j] / f->mass[j] : 0.0;
        f->mix[j] = pos[j] + neg[j] > 0 ? 2.0 * fmin(pos[j], neg[j]) / (pos[j] + neg[j]) : 0.0;
        /* spread: coefficient of variation of the segments' mean shares of the theme,
         * weighted by segment size */
        double var = 0;
        for (size_t s = 0; s < c->K; s++) {
            double dlt = f->seg_mean[s * T + j] - f->all_mean[j];
            var += (double)c->in->sg->size[s] / (double)c->N * dlt * dlt;
        }
        f->spread[j] = f->all_mean[j] > 0 ? sqrt(var) / f->all_mean[j] : 0.0;
        m_avg += f->mrate[j] / (double)T;
        t_avg += f->trate[j] / (double)T;
        x_avg += f->mix[j] / (double)T;
        s_avg += f->spread[j] / (double)T;
    }
    for (size_t j = 0; j < T; j++) {
        f->mi[j] = m_avg > 0 ? f->mrate[j] / m_avg : 0.0;
        double sum = 0;
        int parts = 0;
        if (t_avg > 0)
            sum += f->trate[j] / t_avg, parts++;
        if (x_avg > 0)
            sum += f->mix[j] / x_avg, parts++;
        if (s_avg > 0)
            sum += f->spread[j] / s_avg, parts++;
        f->ti[j] = parts ? sum / parts : 0.0;
    }
}

/* Quote relevance: each theme's term weights scaled to a maximum of 1. */
static void quote_relevance(const rd__dctx *c, rd__facts *f)
{
    size_t V = c->V;
    for (size_t j = 0; j < c->T; j++) {
        const float *h = c->in->th->h + j * V;
        float mx = 0;
        for (size_t t = 0; t < V; t++)
            mx = h[t] > mx ? h[t] : mx;
        for (size_t t = 0; t < V; t++)
            f->rel[j * V + t] = mx > 0 ? h[t] / mx : 0.0f;
    }
}

/* Per theme: mass, motivation and tension rates, polarity mix, spread across segments,
 * the two indices; per segment × theme: mean share and shares of motivation and tension
 * talk. See README "Motivations and tensions". */
rd_status rd__facts_compute(rd__dctx *c, rd__facts *f, rd_err *err)
{
    size_t T = c->T;
    double *pos = calloc(T, sizeof *pos), *neg = calloc(T, sizeof *neg);
    unsigned char *talk = calloc(c->N * T + 1, 1);
    rd_status rc = facts_alloc(f, T, c->K, c->V, err);
    if (rc == RD_OK && (!pos || !neg || !talk))
        rc = rd_fail(err, RD_ENOMEM, "theme measures");
    if (rc == RD_OK) {
        passage_sums(c, f, pos, neg, talk);
        respondent_means(c, f, talk);
        talk_shares(c, f);
        theme_indices(c, f, pos, neg);
        quote_relevance(c, f);
    }
    free(pos);
    free(neg);
    free(talk);
    return rc;
}
