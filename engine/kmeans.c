/* engine/kmeans.c — see kmeans.h. */
#include "engine/kmeans.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/blas.h"
#include "engine/pool.h"

void rd_kmeans_free(rd_kmeans *km)
{
    if (!km)
        return;
    free(km->labels);
    free(km->centers);
    memset(km, 0, sizeof *km);
}

/* Squared distance in double (exact enough for the reported inertia). */
static double sqdist(const float *a, const float *b, size_t d)
{
    double s = 0.0;
    for (size_t j = 0; j < d; j++) {
        double t = (double)a[j] - (double)b[j];
        s += t * t;
    }
    return s;
}

/* The same in float with eight independent partial sums (fast; for seeding only). */
static double sqdist_fast(const float *a, const float *b, size_t d)
{
    float acc[8] = {0};
    size_t j = 0;
    for (; j + 8 <= d; j += 8)
        for (size_t l = 0; l < 8; l++) {
            float t = a[j + l] - b[j + l];
            acc[l] += t * t;
        }
    for (; j < d; j++) {
        float t = a[j] - b[j];
        acc[0] += t * t;
    }
    return (double)(((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])));
}

typedef struct {
    size_t n, k;
    const float *cc;  /* k: ‖c‖² */
    const float *g;   /* n × k: X·Cᵀ */
    int32_t *labels;
    size_t changed[64];
    size_t parts;
} assign_ctx;

static void assign_part(void *p, size_t lo, size_t hi)
{
    assign_ctx *c = p;
    for (size_t part = lo; part < hi; part++) {
        size_t a = c->n * part / c->parts, b = c->n * (part + 1) / c->parts, ch = 0;
        for (size_t i = a; i < b; i++) {
            const float *gi = c->g + i * c->k;
            int32_t best = 0;
            float bd = c->cc[0] - 2.0f * gi[0];
            for (size_t j = 1; j < c->k; j++) {
                float dj = c->cc[j] - 2.0f * gi[j];
                if (dj < bd) {
                    bd = dj;
                    best = (int32_t)j;
                }
            }
            if (c->labels[i] != best) {
                c->labels[i] = best;
                ch++;
            }
        }
        c->changed[part] = ch;
    }
}

static double exact_inertia(const float *x, size_t n, size_t d, const float *centers,
                            const int32_t *labels)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += sqdist(x + i * d, centers + (size_t)labels[i] * d, d);
    return s;
}

/* Assignment: labels[i] = argmin_j ‖c_j‖² − 2·x_i·c_j (‖x_i‖² is the same for every j),
 * X·Cᵀ from one GEMM into g (n × k); cc: k scratch. Returns how many labels changed. */
static size_t assign(const float *x, size_t n, size_t d, const float *centers, size_t k,
                     int threads, float *cc, float *g, int32_t *labels)
{
    for (size_t j = 0; j < k; j++) {
        double s = 0.0;
        for (size_t t = 0; t < d; t++)
            s += (double)centers[j * d + t] * centers[j * d + t];
        cc[j] = (float)s;
    }
    rd_blas_gemm(threads, n, k, d, 1.0f, x, centers, 1, 0.0f, g);
    assign_ctx ac = {n, k, cc, g, labels, {0}, 0};
    ac.parts = (size_t)(threads < 1 ? 1 : threads > 64 ? 64 : threads);
    if (n * k < 200000)
        ac.parts = 1;
    rd_pool_for((int)ac.parts, ac.parts, assign_part, &ac);
    size_t changed = 0;
    for (size_t p = 0; p < ac.parts; p++)
        changed += ac.changed[p];
    return changed;
}

rd_status rd_kmeans_predict(const float *x, size_t n, size_t d, const float *centers, size_t k,
                            int threads, int32_t *labels, rd_err *err)
{
    float *cc = malloc((k ? k : 1) * sizeof *cc), *g = malloc((n * k > 0 ? n * k : 1) * sizeof *g);
    rd_status rc = RD_OK;
    if (!cc || !g) {
        rc = rd_fail(err, RD_ENOMEM, "k-means assignment of %zu points", n);
    } else {
        /* labels is output only: assign compares with the labels it replaces, so give it
         * defined ones (the caller's array may be fresh from malloc) */
        for (size_t i = 0; i < n; i++)
            labels[i] = -1;
        assign(x, n, d, centers, k, threads, cc, g, labels);
    }
    free(cc);
    free(g);
    return rc;
}

/* Workspace of one restart, allocated once per rd_kmeans_fit. */
typedef struct {
    float *g;       /* n × k */
    float *cc;      /* k */
    double *sum;    /* k × d */
    size_t *count;  /* k */
    double *dist;   /* n: squared distance to own centre / to the nearest seed */
} ws;

/* Greedy k-means++ seeding into centers (k × d). */
static void seed_pp(const float *x, size_t n, size_t d, size_t k, rd_rng *rng, ws *w,
                    float *centers)
{
    size_t trials = 2 + (size_t)log((double)k);
    size_t first = (size_t)rd_rng_below(rng, n);
    memcpy(centers, x + first * d, d * sizeof *centers);
    double pot = 0.0;
    for (size_t i = 0; i < n; i++)
        pot += (w->dist[i] = sqdist_fast(x + i * d, centers, d));
    for (size_t c = 1; c < k; c++) {
        size_t best = 0;
        double best_pot = INFINITY;
        for (size_t t = 0; t < trials; t++) {
            size_t pick;
            if (pot > 0.0) {
                double u = rd_rng_uniform(rng) * pot, acc = 0.0;
                pick = n - 1;
                for (size_t i = 0; i < n; i++) {
                    acc += w->dist[i];
                    if (acc > u) {
                        pick = i;
                        break;
                    }
                }
            } else {
                pick = (size_t)rd_rng_below(rng, n); /* every point already a centre */
            }
            double p = 0.0;
            for (size_t i = 0; i < n; i++)
                p += fmin(w->dist[i], sqdist_fast(x + i * d, x + pick * d, d));
            if (p < best_pot) {
                best_pot = p;
                best = pick;
            }
        }
        memcpy(centers + c * d, x + best * d, d * sizeof *centers);
        pot = 0.0;
        for (size_t i = 0; i < n; i++) {
            w->dist[i] = fmin(w->dist[i], sqdist_fast(x + i * d, centers + c * d, d));
            pot += w->dist[i];
        }
    }
}

/* Lloyd iterations from the given centres; labels must hold -1 or a previous labeling.
 * Returns the final inertia. */
static double lloyd(const float *x, size_t n, size_t d, size_t k,
                    size_t max_iter, double tol, int threads, ws *w, float *centers, int32_t *labels,
                    size_t *iters, int *converged, double *trace)
{
    double inertia = 0.0;
    size_t it = 0;
    *converged = 0;
    while (it < max_iter) {
        size_t changed = assign(x, n, d, centers, k, threads, w->cc, w->g, labels);
        /* Empty clusters take the points farthest from their own centres. */
        memset(w->count, 0, k * sizeof *w->count);
        for (size_t i = 0; i < n; i++)
            w->count[labels[i]]++;
        int any_empty = 0;
        for (size_t j = 0; j < k; j++)
            any_empty |= w->count[j] == 0;
        if (any_empty) {
            for (size_t i = 0; i < n; i++)
                w->dist[i] = sqdist(x + i * d, centers + (size_t)labels[i] * d, d);
            for (size_t j = 0; j < k; j++) {
                if (w->count[j])
                    continue;
                size_t far = n;
                for (size_t i = 0; i < n; i++)
                    if (w->count[labels[i]] > 1 && w->dist[i] >= 0.0 &&
                        (far == n || w->dist[i] > w->dist[far]))
                        far = i;
                if (far == n)
                    break; /* fewer distinct movable points than clusters */
                w->count[labels[far]]--;
                labels[far] = (int32_t)j;
                w->count[j] = 1;
                w->dist[far] = -1.0; /* moved: not movable again */
                changed++;
            }
        }
        /* Update: each centre to the mean of its points (an empty one stays put). */
        memset(w->sum, 0, k * d * sizeof *w->sum);
        for (size_t i = 0; i < n; i++) {
            double *s = w->sum + (size_t)labels[i] * d;
            const float *xi = x + i * d;
            for (size_t t = 0; t < d; t++)
                s[t] += xi[t];
        }
        double shift = 0.0;
        for (size_t j = 0; j < k; j++)
            if (w->count[j])
                for (size_t t = 0; t < d; t++) {
                    float c = (float)(w->sum[j * d + t] / (double)w->count[j]);
                    double u = (double)c - (double)centers[j * d + t];
                    shift += u * u;
                    centers[j * d + t] = c;
                }
        if (trace) /* exact inertia per iteration only when asked (tests) */
            trace[it] = exact_inertia(x, n, d, centers, labels);
        it++;
        if (changed == 0 || shift <= tol) {
            *converged = 1;
            break;
        }
    }
    inertia = exact_inertia(x, n, d, centers, labels);
    *iters = it;
    return inertia;
}

rd_status rd_kmeans_fit(const float *x, size_t n, size_t d, const rd_kmeans_opts *o,
                        rd_rng *rng, rd_kmeans *out, double *trace, size_t *trace_n,
                        rd_err *err)
{
    rd_status rc = RD_OK;
    size_t k = o->k;
    ws w = {0};
    float *cen = NULL;
    int32_t *lab = NULL;
    memset(out, 0, sizeof *out);
    if (trace_n)
        *trace_n = 0;
    if (k < 1 || k > n || d < 1)
        return rd_fail(err, RD_EINVAL, "k-means: %zu clusters for %zu points of dimension %zu",
                       k, n, d);
    w.g = malloc(n * k * sizeof *w.g);
    w.cc = malloc(k * sizeof *w.cc);
    w.sum = malloc(k * d * sizeof *w.sum);
    w.count = malloc(k * sizeof *w.count);
    w.dist = malloc(n * sizeof *w.dist);
    cen = malloc(k * d * sizeof *cen);
    lab = malloc(n * sizeof *lab);
    out->labels = malloc(n * sizeof *out->labels);
    out->centers = malloc(k * d * sizeof *out->centers);
    if (!w.g || !w.cc || !w.sum || !w.count || !w.dist || !cen || !lab || !out->labels ||
        !out->centers) {
        rc = rd_fail(err, RD_ENOMEM, "k-means workspace for %zu points, k=%zu", n, k);
        goto done;
    }
    /* Centre-shift tolerance, scikit-learn's rule: a run stops when the centres moved by
     * less than 1e-4 × the mean per-dimension variance of the data in total (Σ_j ‖Δc_j‖²),
     * or when no assignment changed. */
    double var = 0.0;
    for (size_t t = 0; t < d; t++) {
        double mu = 0.0, m2 = 0.0;
        for (size_t i = 0; i < n; i++) {
            mu += x[i * d + t];
            m2 += (double)x[i * d + t] * x[i * d + t];
        }
        mu /= (double)n;
        var += m2 / (double)n - mu * mu;
    }
    double tol = 1e-4 * var / (double)d;
    rd_rng base = *rng;
    rd_rng_next(rng);
    out->inertia = INFINITY;
    for (size_t r = 0; r < (o->n_init ? o->n_init : 1); r++) {
        rd_rng rr;
        size_t iters;
        int conv;
        rd_rng_fork(&base, r, &rr);
        seed_pp(x, n, d, k, &rr, &w, cen);
        for (size_t i = 0; i < n; i++)
            lab[i] = -1;
        double in = lloyd(x, n, d, k, o->max_iter ? o->max_iter : 300, tol, o->threads, &w, cen,
                          lab, &iters, &conv, r == 0 ? trace : NULL);
        if (r == 0 && trace_n)
            *trace_n = iters;
        if (in < out->inertia) {
            out->inertia = in;
            out->iters = iters;
            out->converged = conv;
            memcpy(out->labels, lab, n * sizeof *lab);
            memcpy(out->centers, cen, k * d * sizeof *cen);
        }
    }
    out->n = n;
    out->d = d;
    out->k = k;
done:
    if (rc != RD_OK)
        rd_kmeans_free(out);
    free(w.g);
    free(w.cc);
    free(w.sum);
    free(w.count);
    free(w.dist);
    free(cen);
    free(lab);
    return rc;
}
