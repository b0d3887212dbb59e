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

/* Per theme: mass, motivation and tension rates, polarity mix, spread across segments,
 * the two indices; per segment × theme: mean share and shares of motivation and tension
 * talk. See README "Motivations and tensions". */
rd_status rd__facts_compute(rd__dctx *c, rd__facts *f, rd_err *err)
{
    size_t T = c->T, K = c->K, P = c->P, V = c->V;
    const float *w = c->in->th->w;
    const int32_t *lab = c->in->sg->label;
    double *pos = calloc(T, sizeof *pos), *neg = calloc(T, sizeof *neg);
    double *mt = calloc(K + 1, sizeof *mt), *tt = calloc(K + 1, sizeof *tt);
    unsigned char *talk = calloc(c->N * T + 1, 1);
    rd_status rc = RD_OK;
    if (!(f->mass = calloc(T, sizeof(double))) || !(f->mrate = calloc(T, sizeof(double))) ||
        !(f->trate = calloc(T, sizeof(double))) || !(f->mix = calloc(T, sizeof(double))) ||
        !(f->spread = calloc(T, sizeof(double))) || !(f->mi = calloc(T, sizeof(double))) ||
        !(f->ti = calloc(T, sizeof(double))) || !(f->seg_mean = calloc(K * T, sizeof(double))) ||
        !(f->all_mean = calloc(T, sizeof(double))) ||
        !(f->seg_mot = calloc(K * T, sizeof(double))) ||
        !(f->seg_ten = calloc(K * T, sizeof(double))) ||
        !(f->all_mot = calloc(T, sizeof(double))) || !(f->all_ten = calloc(T, sizeof(double))) ||
        !(f->talks = calloc(T, sizeof(size_t))) || !(f->label = calloc(T, sizeof(char *))) ||
        !(f->rel = malloc(T * V * sizeof(float) + 1)) || !pos || !neg || !mt || !tt || !talk) {
        rc = rd_fail(err, RD_ENOMEM, "theme measures");
        goto done;
    }
    for (size_t p = 0; p < P; p++) {
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
    for (size_t r = 0; r < c->N; r++)
        for (size_t j = 0; j < T; j++) {
            double x = c->in->profile[r * T + j];
            f->seg_mean[(size_t)lab[r] * T + j] += x;
            f->all_mean[j] += x / (double)c->N;
            f->talks[j] += talk[r * T + j];
        }
    for (size_t s = 0; s < K; s++) {
        for (size_t j = 0; j < T; j++) {
            f->seg_mean[s * T + j] /= (double)c->in->sg->size[s];
            mt[s] += f->seg_mot[s * T + j];
            tt[s] += f->seg_ten[s * T + j];
        }
        for (size_t j = 0; j < T; j++) {
            f->all_mot[j] += f->seg_mot[s * T + j];
            f->all_ten[j] += f->seg_ten[s * T + j];
            f->seg_mot[s * T + j] = mt[s] > 0 ? f->seg_mot[s * T + j] / mt[s] : 0.0;
            f->seg_ten[s * T + j] = tt[s] > 0 ? f->seg_ten[s * T + j] / tt[s] : 0.0;
        }
    }
    double smt = 0, stt = 0;
    for (size_t j = 0; j < T; j++) {
        smt += f->all_mot[j];
        stt += f->all_ten[j];
    }
    double m_avg = 0, t_avg = 0, x_avg = 0, s_avg = 0;
    for (size_t j = 0; j < T; j++) {
        f->all_mot[j] = smt > 0 ? f->all_mot[j] / smt : 0.0;
        f->all_ten[j] = stt > 0 ? f->all_ten[j] / stt : 0.0;
        f->mrate[j] = f->mass[j] > 0 ? f->mrate[j] / f->mass[j] : 0.0;
        f->trate[j] = f->mass[j] > 0 ? f->trate[j] / f->mass[j] : 0.0;
        f->mix[j] = pos[j] + neg[j] > 0 ? 2.0 * fmin(pos[j], neg[j]) / (pos[j] + neg[j]) : 0.0;
        /* spread: coefficient of variation of the segments' mean shares of the theme,
         * weighted by segment size */
        double var = 0;
        for (size_t s = 0; s < K; s++) {
            double dlt = f->seg_mean[s * T + j] - f->all_mean[j];
            var += (double)c->in->sg->size[s] / (double)c->N * dlt * dlt;
        }
        f->spread[j] = f->all_mean[j] > 0 ? sqrt(var) / f->all_mean[j] : 0.0;
        m_avg += f->mrate[j] / (double)T;
        t_avg += f->trate[j] / (double)T;
        x_avg += f->mix[j] / (double)T;
        s_avg += f->spread[j] / (double)T;
    }
    /* Indices are relative to the average theme of this run: 1 = average. The tension
     * index averages the components that vary at all. */
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
    /* Quote relevance: each theme's term weights scaled to a maximum of 1. */
    for (size_t j = 0; j < T; j++) {
        const float *h = c->in->th->h + j * V;
        float mx = 0;
        for (size_t t = 0; t < V; t++)
            mx = h[t] > mx ? h[t] : mx;
        for (size_t t = 0; t < V; t++)
            f->rel[j * V + t] = mx > 0 ? h[t] / mx : 0.0f;
    }
done:
    free(pos);
    free(neg);
    free(mt);
    free(tt);
    free(talk);
    return rc;
}

