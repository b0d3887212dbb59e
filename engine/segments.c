/* engine/segments.c — see segments.h. */
#include "engine/segments.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/classify.h"
#include "engine/kmeans.h"
#include "engine/metrics.h"
#include "engine/spectral.h"

enum { SIL_SAMPLE = 2000, BOOT_MAX = 2000 };
/* A run's labels are below its subset's size (at most BOOT_MAX): bag keeps them as uint16. */
_Static_assert(BOOT_MAX <= UINT16_MAX, "bagging runs' labels in uint16");

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
    free(s->origin);
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

/* ---- one spectral clustering (engine/spectral.h) of some of the rows ---- */

typedef struct {
    float *xs;   /* the rows clustered (ns × d): a copy of the chosen rows */
    size_t ns;
    rd_csr *a;   /* their neighbour graph */
    float *u;    /* their embedding, ns × m */
    size_t m;
} sfit;

static void sfit_free(sfit *s)
{
    free(s->xs);
    rd_csr_free(s->a);
    free(s->u);
    memset(s, 0, sizeof *s);
}

/* Neighbours per row: √ns, at least 10 (at most ns − 1). */
static size_t neighbours(size_t ns)
{
    size_t nn = (size_t)lround(sqrt((double)ns));
    nn = nn < 10 ? 10 : nn;
    return nn >= ns ? ns - 1 : nn;
}

/* The graph and an m-column embedding of the rows idx[0..ns) of x (all rows when idx is
 * NULL). */
static rd_status sfit_prepare(const float *x, size_t d, const size_t *idx, size_t ns, size_t m,
                              const rd_segments_opts *o, rd_rng *r, sfit *s, rd_err *err)
{
    rd_status rc;
    memset(s, 0, sizeof *s);
    s->ns = ns;
    s->m = m < ns ? m : ns;
    if (!(s->xs = malloc(ns * d * sizeof *s->xs + 1)) ||
        !(s->u = malloc(ns * s->m * sizeof *s->u + 1)))
        return rd_fail(err, RD_ENOMEM, "segments of %zu respondents", ns);
    for (size_t i = 0; i < ns; i++)
        memcpy(s->xs + i * d, x + (idx ? idx[i] : i) * d, d * sizeof *s->xs);
    if ((rc = rd_spectral_graph(s->xs, ns, d, neighbours(ns), o->threads, &s->a, err)) != RD_OK)
        return rc;
    return rd_spectral_embed(s->a, s->m, o->power_iters, r, o->threads, s->u, err);
}

/* The mean of the rows of each of the k clusters of labels (centres: k × d). */
static void centres_of(const float *x, size_t n, size_t d, const int32_t *labels, size_t k,
                       float *centres, double *acc, size_t *cnt)
{
    memset(acc, 0, k * d * sizeof *acc);
    memset(cnt, 0, k * sizeof *cnt);
    for (size_t i = 0; i < n; i++) {
        cnt[labels[i]]++;
        for (size_t t = 0; t < d; t++)
            acc[(size_t)labels[i] * d + t] += x[i * d + t];
    }
    for (size_t j = 0; j < k; j++)
        for (size_t t = 0; t < d; t++)
            centres[j * d + t] = cnt[j] ? (float)(acc[j * d + t] / (double)cnt[j]) : 0.0f;
}

/* Σ ‖x_i − the centre of i's cluster‖² over the n rows of x (km: labels and centres). */
static double inertia_of(const float *x, size_t n, size_t d, const rd_kmeans *km)
{
    double in = 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < d; t++) {
            double dd = (double)x[i * d + t] - km->centers[(size_t)km->labels[i] * d + t];
            in += dd * dd;
        }
    return in;
}

/* Every row's nearest of the k centres (squared distance, the rule classify places by,
 * engine/classify.h) into tmp; labels takes them unless that would leave a cluster empty.
 * 1 when it did, 0 when labels is as it was. cnt: k scratch. */
static int to_nearest(const float *x, size_t n, size_t d, const float *centres, size_t k,
                      int threads, int32_t *labels, int32_t *tmp, size_t *cnt)
{
    rd_classify_assign(x, n, d, centres, k, threads, tmp);
    memset(cnt, 0, k * sizeof *cnt);
    for (size_t i = 0; i < n; i++)
        cnt[tmp[i]]++;
    for (size_t j = 0; j < k; j++)
        if (cnt[j] == 0)
            return 0;
    memcpy(labels, tmp, n * sizeof *tmp);
    return 1;
}

/* Labels of all n rows of x from k clusters of the rows idx (sample labels slab): each row
 * goes to the nearest centre of the sample's clusters. centres (k × d) is filled. */
static rd_status spread(const float *x, size_t n, size_t d, const sfit *s, const int32_t *slab,
                        size_t k, int threads, float *centres, int32_t *labels, rd_err *err)
{
    double *acc = malloc(k * d * sizeof *acc + 1);
    size_t *cnt = malloc(k * sizeof *cnt + 1);
    rd_status rc = RD_OK;
    if (!acc || !cnt)
        rc = rd_fail(err, RD_ENOMEM, "segment centres");
    else {
        centres_of(s->xs, s->ns, d, slab, k, centres, acc, cnt);
        rc = rd_kmeans_predict(x, n, d, centres, k, threads, labels, err);
    }
    free(acc);
    free(cnt);
    return rc;
}

/* `boot` spectral clusterings of random subsets of x (each of m = 80 % of the rows, at most
 * BOOT_MAX), every row assigned to the nearest mean row of each run's clusters, the run's
 * clusters matched one to one to ref's by overlap. fork: the first of the runs' rng forks
 * of base. Per run its ARI against ref is added to *ari_sum (may be NULL); per row, agree
 * counts the runs that put it in its own cluster of ref (may be NULL), runs (n × boot, may
 * be NULL) receives its matched label in each run. Nothing is run (and nothing counted) when k < 2
 * or the subsets would hold no more than k rows: *done is then 0. */
static rd_status boot_runs(const float *x, size_t n, size_t d, size_t k, const int32_t *ref,
                           const rd_segments_opts *o, size_t boot, const rd_rng *base,
                           uint64_t fork, double *ari_sum, unsigned *agree, uint16_t *runs,
                           int *done, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t m = (n * 4 + 4) / 5;
    if (m > BOOT_MAX)
        m = BOOT_MAX; /* large corpora: runs on a random BOOT_MAX, every point assigned */
    *done = 0;
    if (ari_sum)
        *ari_sum = 0.0;
    if (k < 2 || boot == 0 || m <= k)
        return RD_OK;
    int32_t *lab = malloc(n * sizeof *lab + 1), *slab = malloc(m * sizeof *slab + 1),
            *map = malloc(k * sizeof *map + 1);
    float *centres = malloc(k * d * sizeof *centres + 1);
    double *overlap = malloc(k * k * sizeof *overlap + 1);
    size_t *idx = NULL;
    sfit sf = {0};
    if (!lab || !slab || !map || !centres || !overlap) {
        rc = rd_fail(err, RD_ENOMEM, "stability runs");
        goto done;
    }
    for (size_t b = 0; b < boot; b++) {
        rd_rng r;
        rd_rng_fork(base, fork + b, &r);
        free(idx);
        sfit_free(&sf);
        if (!(idx = rd_rng_sample(&r, n, m))) {
            rc = rd_fail(err, RD_ENOMEM, "stability subset");
            goto done;
        }
        if ((rc = sfit_prepare(x, d, idx, m, k, o, &r, &sf, err)) != RD_OK ||
            (rc = rd_spectral_cluster(sf.u, m, sf.m, k, 1, o->threads, &r, slab, err)) != RD_OK ||
            (rc = spread(x, n, d, &sf, slab, k, o->threads, centres, lab, err)) != RD_OK)
            goto done;
        if (ari_sum)
            *ari_sum += rd_metrics_ari(lab, k, ref, k, n);
        /* The run's segments matched one to one to the result's by overlap. */
        memset(overlap, 0, k * k * sizeof *overlap);
        for (size_t i = 0; i < n; i++)
            overlap[(size_t)lab[i] * k + (size_t)ref[i]] += 1.0;
        if ((rc = rd_metrics_match(overlap, k, map, err)) != RD_OK)
            goto done;
        for (size_t i = 0; agree && i < n; i++)
            agree[i] += map[lab[i]] == ref[i];
        for (size_t i = 0; runs && i < n; i++)
            runs[i * boot + b] = (uint16_t)map[lab[i]];
    }
    *done = 1;
done:
    sfit_free(&sf);
    free(lab);
    free(slab);
    free(centres);
    free(map);
    free(overlap);
    free(idx);
    return rc;
}

/* Stability of labels ref (k clusters) on x: see segments.h. per_point may be NULL. */
static rd_status stability(const float *x, size_t n, size_t d, size_t k, const int32_t *ref,
                           const rd_segments_opts *o, const rd_rng *base, double *mean_ari,
                           float *per_point, rd_err *err)
{
    unsigned *agree = calloc(n + 1, sizeof *agree);
    double s = 0.0;
    int done = 0;
    *mean_ari = 1.0;
    if (!agree)
        return rd_fail(err, RD_ENOMEM, "stability runs");
    rd_status rc = boot_runs(x, n, d, k, ref, o, o->boot, base, 1000, &s, agree, NULL, &done,
                             err);
    if (rc == RD_OK && done)
        *mean_ari = s / (double)o->boot;
    for (size_t i = 0; rc == RD_OK && per_point && i < n; i++)
        per_point[i] = done ? (float)((double)agree[i] / (double)o->boot) : 1.0f;
    free(agree);
    return rc;
}

/* Bagged clustering (Dudoit & Fridlyand, "Bagging to improve the accuracy of a clustering
 * procedure", Bioinformatics 19 (2003), BagClust1): o->bag_runs runs on random subsets, each
 * matched to km's clusters (boot_runs), and every row takes the cluster most of the runs
 * and km itself give it (km's on ties, else the lowest). km's centres become the mean rows
 * of the voted clusters and its labels the nearest centre's, as label_all ends; nothing
 * changes when that would leave a cluster empty. */
static rd_status bag(const float *x, size_t n, size_t d, size_t k, const rd_segments_opts *o,
                     const rd_rng *base, rd_kmeans *km, rd_err *err)
{
    size_t boot = o->bag_runs;
    uint16_t *runs = malloc(n * boot * sizeof *runs + 1);
    int32_t *vote = malloc(n * sizeof *vote + 1), *near = malloc(n * sizeof *near + 1);
    unsigned *cnt = calloc(k + 1, sizeof *cnt);
    size_t *size = calloc(k + 1, sizeof *size);
    double *acc = malloc(k * d * sizeof *acc + 1);
    float *cen = malloc(k * d * sizeof *cen + 1);
    int done = 0;
    rd_status rc = RD_OK;
    if (!runs || !vote || !near || !cnt || !size || !acc || !cen) {
        rc = rd_fail(err, RD_ENOMEM, "bagged segments");
        goto out;
    }
    rc = boot_runs(x, n, d, k, km->labels, o, boot, base, 8000, NULL, NULL, runs, &done, err);
    if (rc != RD_OK || !done)
        goto out;
    for (size_t i = 0; i < n; i++) {
        int32_t own = km->labels[i], best = own;
        cnt[own]++;
        for (size_t b = 0; b < boot; b++)
            cnt[runs[i * boot + b]]++;
        for (size_t j = 0; j < k; j++)
            if (cnt[j] > cnt[best] || (cnt[j] == cnt[best] && best != own && (int32_t)j < best))
                best = (int32_t)j;
        vote[i] = best;
        cnt[own] = 0;
        for (size_t b = 0; b < boot; b++)
            cnt[runs[i * boot + b]] = 0;
    }
    centres_of(x, n, d, vote, k, cen, acc, size);
    for (size_t j = 0; j < k; j++)
        if (size[j] == 0)
            goto out;
    if (!to_nearest(x, n, d, cen, k, o->threads, vote, near, size))
        goto out;
    memcpy(km->labels, vote, n * sizeof *vote);
    memcpy(km->centers, cen, k * d * sizeof *cen);
    km->inertia = inertia_of(x, n, d, km);
out:
    free(runs);
    free(vote);
    free(near);
    free(cnt);
    free(size);
    free(acc);
    free(cen);
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

/* The next candidate number of segments after k: every k up to 12, then every second up
 * to 24, every fourth up to 48, every eighth beyond. */
static size_t next_k(size_t k)
{
    return k < 12 ? k + 1 : k < 24 ? k + 2 : k < 48 ? k + 4 : k + 8;
}

/* Scores the candidates 2..kmax by the modularity of their spectral clusters on the graph
 * of s (a sample of ns of the n respondents): fills out->cands, returns the chosen k: the
 * eligible candidate of highest modularity (the smaller on ties); 1 when none is
 * eligible. */
static rd_status choose_k(const sfit *s, size_t n, const rd_segments_opts *o, size_t kmax,
                          const rd_rng *base, rd_segments *out, size_t *best, rd_err *err)
{
    rd_status rc = RD_OK;
    int32_t *lab = malloc(s->ns * sizeof *lab + 1);
    size_t *cnt = malloc((kmax + 1) * sizeof *cnt);
    double best_q = -INFINITY;
    *best = 1;
    if (!lab || !cnt || !(out->cands = calloc(kmax + 1, sizeof *out->cands))) {
        rc = rd_fail(err, RD_ENOMEM, "segment candidates");
        goto done;
    }
    for (size_t k = 2; k <= kmax; k = next_k(k)) {
        rd_segments_cand *c = &out->cands[out->n_cands++];
        rd_rng r;
        rd_rng_fork(base, 4000 + k, &r);
        if ((rc = rd_spectral_cluster(s->u, s->ns, s->m, k, o->select_init, o->threads, &r, lab,
                                      err)) != RD_OK)
            goto done;
        memset(cnt, 0, k * sizeof *cnt);
        for (size_t i = 0; i < s->ns; i++)
            cnt[lab[i]]++;
        c->k = k;
        c->smallest = s->ns;
        for (size_t j = 0; j < k; j++)
            c->smallest = cnt[j] < c->smallest ? cnt[j] : c->smallest;
        c->smallest = c->smallest * n / s->ns; /* back to the whole corpus */
        c->eligible = c->smallest >= o->min_size;
        c->score = rd_spectral_modularity(s->a, lab, k);
        c->silhouette = c->stability = NAN; /* not measured per candidate */
        if (c->eligible && c->score > best_q) {
            best_q = c->score;
            *best = k;
        }
    }
done:
    free(lab);
    free(cnt);
    return rc;
}

/* The number of segments when given: *k = o->k (RD_EDATA when it exceeds the respondents or
 * the distinct ones); automatic (*k = 0): *kmax, the largest candidate, o->k_max cut to
 * n / min_size and to the distinct respondents. */
static rd_status number_of_segments(const float *x, size_t n, size_t d, const rd_segments_opts *o,
                                    size_t *k, size_t *kmax, rd_err *err)
{
    size_t cap = o->k ? o->k : (o->k_max > 1 ? o->k_max : 1);
    size_t *reps = malloc((cap + 1) * sizeof *reps);
    *k = o->k;
    *kmax = 1;
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
    *kmax = o->k_max;
    size_t by_size = o->min_size ? n / o->min_size : n;
    if (*kmax > by_size)
        *kmax = by_size;
    if (*kmax > distinct)
        *kmax = distinct;
    if (*kmax < 2)
        *k = 1;
    return RD_OK;
}

/* out's labels, sizes and centres from km, segments numbered by size descending (by first
 * member on ties), and every respondent's fit: the cosine to its segment's centre. */
static rd_status number_by_size(const float *x, size_t n, size_t d, const rd_kmeans *km,
                                const int32_t *origin, rd_segments *out, rd_err *err)
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
    int with_origin = !origin || (out->origin = malloc(k * sizeof *out->origin + 1)) != NULL;
    if (!with_origin || !out->label || !out->size || !out->centers || !out->fit || !out->stability || !order ||
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
    for (size_t j = 0; origin && j < k; j++)
        out->origin[j] = origin[order[j]];
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

/* Every respondent's segment (km: labels and the mean row of each segment): the spectral
 * clusters of the sample s when it holds every respondent, else the sample's clusters
 * spread to all by the nearest centre. */
static rd_status label_all(const float *x, size_t n, size_t d, const sfit *s, size_t k,
                           const rd_segments_opts *o, const rd_rng *base, rd_kmeans *km,
                           rd_err *err)
{
    rd_status rc = RD_OK;
    double *acc = malloc(k * d * sizeof *acc + 1);
    size_t *cnt = malloc(k * sizeof *cnt + 1);
    int32_t *slab = NULL;
    km->k = k;
    km->n = n;
    km->d = d;
    if (!acc || !cnt || !(km->labels = calloc(n, sizeof *km->labels)) ||
        !(km->centers = malloc(k * d * sizeof *km->centers))) {
        rc = rd_fail(err, RD_ENOMEM, "segments");
        goto done;
    }
    if (k > 1) {
        rd_rng r;
        rd_rng_fork(base, 5000, &r);
        if (!(slab = malloc(s->ns * sizeof *slab))) {
            rc = rd_fail(err, RD_ENOMEM, "segments");
            goto done;
        }
        if ((rc = rd_spectral_cluster(s->u, s->ns, s->m, k, o->n_init, o->threads, &r, slab,
                                      err)) != RD_OK)
            goto done;
        if (s->ns == n)
            memcpy(km->labels, slab, n * sizeof *slab);
        else if ((rc = spread(x, n, d, s, slab, k, o->threads, km->centers, km->labels, err)) != RD_OK)
            goto done;
    }
    centres_of(x, n, d, km->labels, k, km->centers, acc, cnt);
    /* Every respondent then joins the segment whose centre is nearest, the centres kept:
     * the rule that places a new respondent (engine/classify.h) gives each respondent of
     * the run its own segment. Skipped in the rare case it would empty a segment. */
    if (k > 1) {
        if (!(slab = realloc(slab, n * sizeof *slab))) {
            rc = rd_fail(err, RD_ENOMEM, "segments");
            goto done;
        }
        to_nearest(x, n, d, km->centers, k, o->threads, km->labels, slab, cnt);
    }
    km->inertia = inertia_of(x, n, d, km);
done:
    free(acc);
    free(cnt);
    free(slab);
    return rc;
}

/* Segments grown from the start labels o->init (see segments.h): km gets the labels and
 * centres, out->origin (in km's order, renumbered by number_by_size) the start segment of
 * each, out->iters and out->converged the rounds. */
static rd_status from_init(const float *x, size_t n, size_t d, const rd_segments_opts *o,
                           rd_kmeans *km, rd_segments *out, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t K = o->init_k, k = 0, cap = o->init_iters ? o->init_iters : 100;
    int32_t *lab = malloc(n * sizeof *lab + 1), *next = malloc(n * sizeof *next + 1);
    int32_t *origin = malloc((K + 1) * sizeof *origin), *remap = malloc((K + 1) * sizeof *remap);
    double *acc = malloc((K + 1) * d * sizeof *acc);
    size_t *cnt = malloc((K + 1) * sizeof *cnt);
    km->n = n;
    km->d = d;
    if (o->k && o->k != K) {
        rc = rd_fail(err, RD_EINVAL, "segments: %zu asked for, starting from %zu", o->k, K);
        goto done;
    }
    if (!lab || !next || !origin || !remap || !acc || !cnt ||
        !(km->centers = malloc((K + 1) * d * sizeof *km->centers))) {
        rc = rd_fail(err, RD_ENOMEM, "segments from the previous wave");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (o->init[i] < -1 || (o->init[i] >= 0 && (size_t)o->init[i] >= K)) {
            rc = rd_fail(err, RD_EINVAL, "segments: start label %d outside 0..%zu",
                         (int)o->init[i], K);
            goto done;
        }
        lab[i] = o->init[i];
    }
    for (size_t j = 0; j < K; j++)
        origin[j] = (int32_t)j;
    k = K;
    for (size_t it = 0;; it++) {
        /* drop the segments without members; their centres are the means of the rest */
        memset(cnt, 0, k * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            if (lab[i] >= 0)
                cnt[lab[i]]++;
        size_t live = 0;
        for (size_t j = 0; j < k; j++) {
            remap[j] = cnt[j] ? (int32_t)live : -1;
            if (cnt[j])
                origin[live++] = origin[j];
        }
        if (live == 0) { /* nothing placed: one segment of everyone */
            for (size_t i = 0; i < n; i++)
                lab[i] = 0;
            origin[0] = -1;
            live = 1;
        } else {
            for (size_t i = 0; i < n; i++)
                if (lab[i] >= 0)
                    lab[i] = remap[lab[i]];
        }
        k = live;
        /* every respondent of a start segment counts; those without one (−1) do not yet */
        memset(acc, 0, k * d * sizeof *acc);
        memset(cnt, 0, k * sizeof *cnt);
        for (size_t i = 0; i < n; i++) {
            if (lab[i] < 0)
                continue;
            cnt[lab[i]]++;
            for (size_t t = 0; t < d; t++)
                acc[(size_t)lab[i] * d + t] += x[i * d + t];
        }
        for (size_t j = 0; j < k; j++)
            for (size_t t = 0; t < d; t++)
                km->centers[j * d + t] = (float)(acc[j * d + t] / (double)cnt[j]);
        rd_classify_assign(x, n, d, km->centers, k, o->threads, next);
        size_t changed = 0;
        for (size_t i = 0; i < n; i++)
            changed += next[i] != lab[i];
        memcpy(lab, next, n * sizeof *lab);
        out->iters = it + 1;
        if (!changed || it + 1 >= cap) {
            out->converged = !changed;
            break;
        }
    }
    /* the last assignment may have emptied a segment: drop it, keep the centres */
    memset(cnt, 0, k * sizeof *cnt);
    for (size_t i = 0; i < n; i++)
        cnt[lab[i]]++;
    size_t live = 0;
    for (size_t j = 0; j < k; j++) {
        remap[j] = cnt[j] ? (int32_t)live : -1;
        if (cnt[j]) {
            origin[live] = origin[j];
            memmove(km->centers + live * d, km->centers + j * d, d * sizeof *km->centers);
            live++;
        }
    }
    for (size_t i = 0; i < n; i++)
        lab[i] = remap[lab[i]];
    km->k = live;
    km->labels = lab;
    lab = NULL;
    km->inertia = inertia_of(x, n, d, km);
    rc = number_by_size(x, n, d, km, origin, out, err);
done:
    free(lab);
    free(next);
    free(origin);
    free(remap);
    free(acc);
    free(cnt);
    return rc;
}

rd_status rd_segments_fit(const float *x, size_t n, size_t d, const rd_segments_opts *o,
                          rd_segments *out, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_kmeans km = {0};
    rd_rng base, r;
    size_t k = 0, kmax = 1, *idx = NULL;
    sfit s = {0};
    memset(out, 0, sizeof *out);
    if (n == 0)
        return rd_fail(err, RD_EDATA, "no respondents to segment");
    rd_rng_seed(&base, o->seed);
    if (o->init) {
        if ((rc = from_init(x, n, d, o, &km, out, err)) != RD_OK)
            goto done;
        k = km.k;
        goto measure;
    }
    if ((rc = number_of_segments(x, n, d, o, &k, &kmax, err)) != RD_OK)
        goto done;
    if (k != 1) {
        /* the graph of every respondent, or of select_n of them drawn at random */
        size_t ns = n > o->select_n ? o->select_n : n;
        rd_rng_fork(&base, 3000, &r);
        if (ns < n && !(idx = rd_rng_sample(&r, n, ns))) {
            rc = rd_fail(err, RD_ENOMEM, "segment sample");
            goto done;
        }
        if ((rc = sfit_prepare(x, d, idx, ns, k ? k : kmax, o, &r, &s, err)) != RD_OK ||
            (k == 0 && (rc = choose_k(&s, n, o, kmax, &base, out, &k, err)) != RD_OK))
            goto done;
    }
    if ((rc = label_all(x, n, d, &s, k, o, &base, &km, err)) != RD_OK ||
        (o->bag_runs && k > 1 && (rc = bag(x, n, d, k, o, &base, &km, err)) != RD_OK) ||
        (rc = number_by_size(x, n, d, &km, NULL, out, err)) != RD_OK)
        goto done;
measure:
    out->n = n;
    out->d = d;
    out->k = k;
    out->inertia = km.inertia;
    rd_rng_fork(&base, 6000, &r);
    if ((rc = silhouette_of(x, n, d, out->label, k, &r, o->threads, &out->silhouette, err)) ==
        RD_OK)
        rc = stability(x, n, d, k, out->label, o, &r, &out->ari, out->stability, err);
done:
    if (rc != RD_OK)
        rd_segments_free(out);
    rd_kmeans_free(&km);
    sfit_free(&s);
    free(idx);
    return rc;
}
