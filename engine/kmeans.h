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

/* One-to-one matching of k items to k items by a similarity matrix (k × k, row-major):
 * repeatedly the largest remaining entry (first in row-major order on ties) pairs its row
 * with its column; map[row] = column. Greedy, not optimal, and sufficient for matching
 * clusterings or themes that mostly agree. */
rd_status rd_match_greedy(const double *score, size_t k, int32_t *map, rd_err *err);

/* Adjusted Rand index of two labelings of n items (Hubert & Arabie, 1985); labels are
 * 0..ka-1 and 0..kb-1. 1 for identical partitions, about 0 for chance; 1 when both put
 * everything in one cluster. */
double rd_ari(const int32_t *a, size_t ka, const int32_t *b, size_t kb, size_t n);

/* Normalised mutual information (arithmetic-mean normalisation, as scikit-learn's
 * default). 1 when both labelings are trivial. */
double rd_nmi(const int32_t *a, size_t ka, const int32_t *b, size_t kb, size_t n);

/* Mean silhouette (Rousseeuw, 1987) with Euclidean distance, over the points idx[0..m)
 * (all points when idx is NULL; m = n then), each compared with the other points of that
 * same set. Points in singleton clusters count 0. Returns 0 when fewer than 2 clusters
 * occur. Needs O(m) scratch; m is what the caller chooses to afford (O(m²·d) time). */
rd_status rd_silhouette(const float *x, size_t d, const int32_t *labels, size_t k,
                        const size_t *idx, size_t m, int threads, double *out, rd_err *err);

#endif
