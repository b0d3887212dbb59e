/* engine/kmeans.h — k-means clustering of dense points (rows of a row-major n×d array).
 *
 * Lloyd's algorithm: assign every point to its nearest centre, move every centre to the
 * mean of its points, until no assignment changes or max_iter. Squared distances come
 * from one GEMM per iteration:  ‖x − c‖² = ‖x‖² − 2·x·c + ‖c‖²  (cblas_sgemm for X·Cᵀ).
 * Seeding is greedy k-means++ (Arthur & Vassilvitskii, SODA 2007): the first centre is
 * a uniformly drawn point, each further centre the best of 2 + ⌊ln k⌋ candidates drawn
 * with probability proportional to the squared distance to the nearest chosen centre.
 * A cluster left empty takes the point farthest from its own centre, which lowers the
 * inertia, so the inertia never increases from one iteration to the next. n_init
 * restarts each draw from their own stream of the rng; the lowest inertia wins (the
 * earlier restart on ties). Inertia is summed in double from the points themselves. */
#ifndef RD_KMEANS_H
#define RD_KMEANS_H

#include <stdint.h>

#include "engine/rng.h"
#include "engine/status.h"

typedef struct {
    size_t k;        /* clusters, 1..n */
    size_t n_init;   /* restarts (≥ 1) */
    size_t max_iter; /* Lloyd iterations per restart */
    int threads;     /* for distance scans */
} rd_kmeans_opts;

typedef struct {
    size_t n, d, k;
    int32_t *labels; /* n, in 0..k-1 */
    float *centers;  /* k × d */
    double inertia;  /* Σ ‖x_i − c_{label i}‖² */
    size_t iters;    /* of the winning restart */
    int converged;   /* the winning restart stopped because nothing changed */
} rd_kmeans;

/* rng advances by one draw per call (restart streams are forked from it). trace, if not
 * NULL, receives the inertia after each iteration of the first restart (max_iter
 * doubles) and *trace_n their number. On failure *out is zeroed. */
rd_status rd_kmeans_fit(const float *x, size_t n, size_t d, const rd_kmeans_opts *o,
                        rd_rng *rng, rd_kmeans *out, double *trace, size_t *trace_n,
                        rd_err *err);
void rd_kmeans_free(rd_kmeans *km); /* NULL and zeroed structs are fine */

/* Labels of all n points of x (n × d): the nearest of the k centres (k × d), by the same
 * GEMM-based distances as the fit. */
rd_status rd_kmeans_predict(const float *x, size_t n, size_t d, const float *centers, size_t k,
                            int threads, int32_t *labels, rd_err *err);

#endif
