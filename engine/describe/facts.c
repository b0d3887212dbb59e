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
    free(f->even);
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
        !(f->talks = calloc(T, sizeof(size_t))) || !(f->even = calloc(T, sizeof(double))) || !(f->label = calloc(T, sizeof(char *))) ||
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
                         unsigned char *talk, double *rmass)
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
            rmass[(size_t)c->in->row_doc[p] * T + j] += x;
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
 * segments, and the two indices. The indices compare the theme with the corpus, not with
 * the other themes of this run, so that a theme's kind depends on its own passages alone:
 * the motivation index is its motivation rate over the share of all passages that are
 * motivation passages; the tension index the mean of its tension rate over the share of
 * tension passages and its polarity mix over the mix of all passages' judgements (of the
 * parts whose corpus figure is not 0). 1 = as the corpus. */
static void theme_indices(const rd__dctx *c, rd__facts *f, const double *pos, const double *neg)
{
    size_t T = c->T;
    double base_m = 0, base_t = 0, all_pos = 0, all_neg = 0;
    for (size_t p = 0; p < c->P; p++) {
        const uint16_t *cu = c->in->row_cues + p * RD_CUE_SLOTS;
        base_m += c->mot[p];
        base_t += c->ten[p];
        all_pos += cu[RD_CUE_POSITIVE];
        all_neg += cu[RD_CUE_NEGATIVE];
    }
    base_m = c->P ? base_m / (double)c->P : 0.0;
    base_t = c->P ? base_t / (double)c->P : 0.0;
    double base_x = all_pos + all_neg > 0 ? 2.0 * fmin(all_pos, all_neg) / (all_pos + all_neg) : 0.0;
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
        f->mi[j] = base_m > 0 ? f->mrate[j] / base_m : 0.0;
        double sum = 0;
        int parts = 0;
        if (base_t > 0)
            sum += f->trate[j] / base_t, parts++;
        if (base_x > 0)
            sum += f->mix[j] / base_x, parts++;
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

/* Each theme's evenness over the respondents (rmass: N × T weights), and the background
 * theme (internal.h). */
static void background(const rd__dctx *c, rd__facts *f, const double *rmass)
{
    size_t T = c->T;
    f->background = T;
    for (size_t j = 0; j < T; j++) {
        double h = 0.0;
        for (size_t r = 0; r < c->N; r++) {
            double p = f->mass[j] > 0 ? rmass[r * T + j] / f->mass[j] : 0.0;
            if (p > 0)
                h -= p * log(p);
        }
        f->even[j] = c->N ? exp(h) / (double)c->N : 0.0;
        if (f->even[j] >= BACKGROUND_EVEN && f->spread[j] <= BACKGROUND_SPREAD &&
            (f->background == T || f->even[j] > f->even[f->background]))
            f->background = j;
    }
}

/* Per theme: mass, motivation and tension rates, polarity mix, spread across segments,
 * the two indices; per segment × theme: mean share and shares of motivation and tension
 * talk; each theme's evenness and the background theme. See README "Motivations and tensions". */
rd_status rd__facts_compute(rd__dctx *c, rd__facts *f, rd_err *err)
{
    size_t T = c->T;
    double *pos = calloc(T, sizeof *pos), *neg = calloc(T, sizeof *neg);
    double *rmass = calloc(c->N * T + 1, sizeof *rmass);
    unsigned char *talk = calloc(c->N * T + 1, 1);
    rd_status rc = facts_alloc(f, T, c->K, c->V, err);
    if (rc == RD_OK && (!pos || !neg || !talk || !rmass))
        rc = rd_fail(err, RD_ENOMEM, "theme measures");
    if (rc == RD_OK) {
        passage_sums(c, f, pos, neg, talk, rmass);
        respondent_means(c, f, talk);
        talk_shares(c, f);
        theme_indices(c, f, pos, neg);
        background(c, f, rmass);
        quote_relevance(c, f);
    }
    free(pos);
    free(neg);
    free(rmass);
    free(talk);
    return rc;
}
