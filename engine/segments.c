/* engine/segments.c — see segments.h. */
#include "engine/segments.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kmeans.h"
#include "engine/metrics.h"

enum { SIL_SAMPLE = 2000, BOOT_MAX = 4000 };

void rd_segments_free(rd_segments *s)
{
    if (!s)
        return;
    free(s->label);
    free(s->size);
    free(s->centers);
    free(s->fit);
    free(s->stability);
    free(s->cands);
    memset(s, 0, sizeof *s);
}

/* Number of distinct rows of x, counting no further than cap. Rows closer than 1e-6
 * relative (squared distance ≤ 1e-12 of the squared norms) count as one: identical
 * transcripts go through floating-point steps at different positions and can differ in
 * the last bits. */
static size_t distinct_rows(const float *x, size_t n, size_t d, size_t cap, size_t *reps)
{
    size_t nr = 0;
    for (size_t i = 0; i < n && nr < cap; i++) {
        size_t r = 0;
        for (; r < nr; r++) {
            const float *a = x + reps[r] * d, *b = x + i * d;
            double dd = 0.0, na = 0.0, nb = 0.0;
            for (size_t t = 0; t < d; t++) {
                double u = (double)a[t] - (double)b[t];
                dd += u * u;
                na += (double)a[t] * a[t];
                nb += (double)b[t] * b[t];
            }
            if (dd <= 1e-12 * (na + nb))
                break;
        }
        if (r == nr)
            reps[nr++] = i;
    }
    return nr;
}

/* Stability of labels ref (k clusters) on x: see segments.h. per_point may be NULL. */
static rd_status stability(const float *x, size_t n, size_t d, size_t k, const int32_t *ref,
                           size_t boot, int threads, const rd_rng *base, double *mean_ari,
                           float *per_point, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t m = (n * 4 + 4) / 5;
    if (m > BOOT_MAX)
        m = BOOT_MAX; /* large corpora: runs on a random BOOT_MAX, every point assigned */
    float *sub = malloc(m * d * sizeof *sub + 1);
    int32_t *lab = malloc(n * sizeof *lab + 1), *map = malloc(k * sizeof *map + 1);
    unsigned *agree = calloc(n + 1, sizeof *agree);
    double *overlap = malloc(k * k * sizeof *overlap + 1);
    size_t *idx = NULL;
    rd_kmeans km = {0};
    *mean_ari = 1.0;
    if (!sub || !lab || !map || !agree || !overlap) {
        rc = rd_fail(err, RD_ENOMEM, "stability runs");
        goto done;
    }
    if (k < 2 || boot == 0 || m < k) {
        for (size_t i = 0; per_point && i < n; i++)
            per_point[i] = 1.0f;
        goto done;
    }
    double s = 0.0;
    for (size_t b = 0; b < boot; b++) {
        rd_rng r;
        rd_rng_fork(base, 1000 + b, &r);
        free(idx);
        if (!(idx = rd_rng_sample(&r, n, m))) {
            rc = rd_fail(err, RD_ENOMEM, "stability subset");
            goto done;
        }
        for (size_t i = 0; i < m; i++)
            memcpy(sub + i * d, x + idx[i] * d, d * sizeof *sub);
        rd_kmeans_opts ko = {k, 1, 100, threads};
        if ((rc = rd_kmeans_fit(sub, m, d, &ko, &r, &km, NULL, NULL, err)) != RD_OK)
            goto done;
        rc = rd_kmeans_predict(x, n, d, km.centers, k, threads, lab, err);
        rd_kmeans_free(&km);
        if (rc != RD_OK)
            goto done;
        s += rd_metrics_ari(lab, k, ref, k, n);
        /* The run's segments matched one to one to the result's by overlap. */
        memset(overlap, 0, k * k * sizeof *overlap);
        for (size_t i = 0; i < n; i++)
            overlap[(size_t)lab[i] * k + (size_t)ref[i]] += 1.0;
        if ((rc = rd_metrics_match(overlap, k, map, err)) != RD_OK)
            goto done;
        for (size_t i = 0; i < n; i++)
            agree[i] += map[lab[i]] == ref[i];
    }
    *mean_ari = s / (double)boot;
    for (size_t i = 0; per_point && i < n; i++)
        per_point[i] = (float)((double)agree[i] / (double)boot);
done:
    rd_kmeans_free(&km);
    free(sub);
    free(lab);
    free(agree);
    free(map);
    free(overlap);
    free(idx);
    return rc;
}

static rd_status silhouette_of(const float *x, size_t n, size_t d, const int32_t *lab, size_t k,
                               const rd_rng *base, int threads, double *out, rd_err *err)
{
    rd_rng r;
    rd_status rc;
    rd_rng_fork(base, 2000, &r);
    if (n <= SIL_SAMPLE)
        return rd_metrics_silhouette(x, d, lab, k, NULL, n, threads, out, err);
    size_t *idx = rd_rng_sample(&r, n, SIL_SAMPLE);
    if (!idx)
        return rd_fail(err, RD_ENOMEM, "silhouette sample");
    rc = rd_metrics_silhouette(x, d, lab, k, idx, SIL_SAMPLE, threads, out, err);
    free(idx);
    return rc;
}

/* Scores the candidates 2..kmax on x (n × d): fills out->cands, returns the best k (1 when
 * none is eligible). */
static rd_status choose_k(const float *x, size_t n, size_t d, const rd_segments_opts *o,
                          size_t kmax, const rd_rng *base, rd_segments *out, size_t *best,
                          rd_err *err)
{
    rd_status rc = RD_OK;
    rd_kmeans km = {0};
    float *xs = NULL;
    size_t *idx = NULL;
    size_t ns = n;
    const float *xx = x;
    *best = 1;
    if (n > o->select_n) {
        rd_rng r;
        rd_rng_fork(base, 3000, &r);
        ns = o->select_n;
        if (!(idx = rd_rng_sample(&r, n, ns)) || !(xs = malloc(ns * d * sizeof *xs))) {
            rc = rd_fail(err, RD_ENOMEM, "segment selection sample");
            goto done;
        }
        for (size_t i = 0; i < ns; i++)
            memcpy(xs + i * d, x + idx[i] * d, d * sizeof *xs);
        xx = xs;
    }
    out->cands = calloc(kmax + 1, sizeof *out->cands);
    if (!out->cands) {
        rc = rd_fail(err, RD_ENOMEM, "segment candidates");
        goto done;
    }
    double best_score = -INFINITY;
    size_t min_size = o->min_size * ns / n; /* scaled to the selection sample */
    for (size_t k = 2; k <= kmax; k++) {
        rd_segments_cand *c = &out->cands[out->n_cands++];
        rd_rng r;
        rd_rng_fork(base, 4000 + k, &r);
        rd_kmeans_opts ko = {k, o->n_init, 300, o->threads};
        if ((rc = rd_kmeans_fit(xx, ns, d, &ko, &r, &km, NULL, NULL, err)) != RD_OK)
            goto done;
        size_t *cnt = calloc(k, sizeof *cnt);
        if (!cnt) {
            rc = rd_fail(err, RD_ENOMEM, "segment sizes");
            goto done;
        }
        for (size_t i = 0; i < ns; i++)
            cnt[km.labels[i]]++;
        c->k = k;
        c->smallest = ns;
        for (size_t j = 0; j < k; j++)
            c->smallest = cnt[j] < c->smallest ? cnt[j] : c->smallest;
        free(cnt);
        c->smallest = c->smallest * n / ns; /* back to the whole corpus */
        c->eligible = c->smallest >= o->min_size && c->smallest * ns / n >= min_size;
        if ((rc = silhouette_of(xx, ns, d, km.labels, k, &r, o->threads, &c->silhouette, err)) != RD_OK ||
            (rc = stability(xx, ns, d, k, km.labels, o->boot, o->threads, &r, &c->stability,
                            NULL, err)) != RD_OK)
            goto done;
        c->score = fmax(0.0, c->silhouette) * fmax(0.0, c->stability);
        rd_kmeans_free(&km);
        if (c->eligible && c->score > best_score) {
            best_score = c->score;
            *best = k;
        }
    }
done:
    rd_kmeans_free(&km);
    free(xs);
    free(idx);
    return rc;
}

/* The number of segments: o->k when given (RD_EDATA when it exceeds the respondents or the
 * distinct ones), else the choice of choose_k over 2 .. k_max cut to n / min_size and to
 * the distinct respondents, which fills out->cands; 1 when that range is empty. */
static rd_status number_of_segments(const float *x, size_t n, size_t d, const rd_segments_opts *o,
                                    const rd_rng *base, rd_segments *out, size_t *k, rd_err *err)
{
    size_t cap = o->k ? o->k : (o->k_max > 1 ? o->k_max : 1);
    size_t *reps = malloc((cap + 1) * sizeof *reps);
    *k = o->k;
    if (!reps)
        return rd_fail(err, RD_ENOMEM, "segments");
    size_t distinct = distinct_rows(x, n, d, cap, reps);
    free(reps);
    if (*k > n)
        return rd_fail(err, RD_EDATA,
                       "%zu segments asked for, but there are only %zu respondents", *k, n);
    if (*k > distinct)
        return rd_fail(err, RD_EDATA,
                       "%zu segments asked for, but only %zu respondents differ in what they "
                       "say (the others are duplicates); ask for at most %zu",
                       *k, distinct, distinct);
    if (*k)
        return RD_OK;
    size_t kmax = o->k_max;
    size_t by_size = o->min_size ? n / o->min_size : n;
    if (kmax > by_size)
        kmax = by_size;
    if (kmax > distinct)
        kmax = distinct;
    *k = 1;
    return kmax >= 2 ? choose_k(x, n, d, o, kmax, base, out, k, err) : RD_OK;
}

/* out's labels, sizes and centres from km, segments numbered by size descending (by first
 * member on ties), and every respondent's fit: the cosine to its segment's centre. */
static rd_status number_by_size(const float *x, size_t n, size_t d, const rd_kmeans *km,
                                rd_segments *out, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t k = km->k;
    out->label = malloc(n * sizeof *out->label);
    out->size = calloc(k, sizeof *out->size);
    out->centers = malloc(k * d * sizeof *out->centers);
    out->fit = malloc(n * sizeof *out->fit);
    out->stability = malloc(n * sizeof *out->stability);
    size_t *order = malloc(k * sizeof *order), *rank = malloc(k * sizeof *rank);
    size_t *first = malloc(k * sizeof *first);
    if (!out->label || !out->size || !out->centers || !out->fit || !out->stability || !order ||
        !rank || !first) {
        rc = rd_fail(err, RD_ENOMEM, "segments");
        goto done;
    }
    size_t *cnt = out->size;
    for (size_t j = 0; j < k; j++)
        first[j] = n;
    for (size_t i = 0; i < n; i++) {
        size_t j = (size_t)km->labels[i];
        cnt[j]++;
        if (first[j] == n)
            first[j] = i;
    }
    for (size_t j = 0; j < k; j++)
        order[j] = j;
    for (size_t a = 1; a < k; a++)
        for (size_t b = a; b > 0; b--) {
            size_t p = order[b - 1], q = order[b];
            if (cnt[q] > cnt[p] || (cnt[q] == cnt[p] && first[q] < first[p])) {
                order[b - 1] = q;
                order[b] = p;
            } else {
                break;
            }
        }
    for (size_t j = 0; j < k; j++) {
        rank[order[j]] = j;
        first[j] = cnt[order[j]]; /* reuse: sizes in the new order */
    }
    memcpy(out->size, first, k * sizeof *first);
    for (size_t j = 0; j < k; j++)
        memcpy(out->centers + j * d, km->centers + order[j] * d, d * sizeof *out->centers);
    for (size_t i = 0; i < n; i++)
        out->label[i] = (int32_t)rank[km->labels[i]];
    for (size_t i = 0; i < n; i++) {
        const float *c = out->centers + (size_t)out->label[i] * d, *xi = x + i * d;
        double dp = 0, nx = 0, nc = 0;
        for (size_t t = 0; t < d; t++) {
            dp += (double)xi[t] * c[t];
            nx += (double)xi[t] * xi[t];
            nc += (double)c[t] * c[t];
        }
        out->fit[i] = nx > 0 && nc > 0 ? (float)(dp / sqrt(nx * nc)) : 0.0f;
    }
done:
    free(order);
    free(rank);
    free(first);
    return rc;
}

rd_status rd_segments_fit(const float *x, size_t n, size_t d, const rd_segments_opts *o,
                          rd_segments *out, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_kmeans km = {0};
    rd_rng base, r;
    size_t k = 0;
    memset(out, 0, sizeof *out);
    if (n == 0)
        return rd_fail(err, RD_EDATA, "no respondents to segment");
    rd_rng_seed(&base, o->seed);
    if ((rc = number_of_segments(x, n, d, o, &base, out, &k, err)) != RD_OK)
        goto done;
    rd_rng_fork(&base, 5000, &r);
    rd_kmeans_opts ko = {k, o->n_init, 300, o->threads};
    if ((rc = rd_kmeans_fit(x, n, d, &ko, &r, &km, NULL, NULL, err)) != RD_OK ||
        (rc = number_by_size(x, n, d, &km, out, err)) != RD_OK)
        goto done;
    out->n = n;
    out->d = d;
    out->k = k;
    out->inertia = km.inertia;
    out->iters = km.iters;
    rd_rng_fork(&base, 6000, &r);
    if ((rc = silhouette_of(x, n, d, out->label, k, &r, o->threads, &out->silhouette, err)) ==
        RD_OK)
        rc = stability(x, n, d, k, out->label, o->boot, o->threads, &r, &out->ari, out->stability,
                       err);
done:
    if (rc != RD_OK)
        rd_segments_free(out);
    rd_kmeans_free(&km);
    return rc;
}
