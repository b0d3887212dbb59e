/* engine/metrics.h — comparing clusterings: agreement of two labelings (ARI, NMI), the
 * silhouette of one, and a one-to-one matching of clusters or themes by similarity. Used by
 * model selection (engine/segments, engine/themes) and by the benchmarks' quality figures. */
#ifndef RD_METRICS_H
#define RD_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

/* One-to-one matching of k items to k items by a similarity matrix (k × k, row-major):
 * repeatedly the largest remaining entry (first in row-major order on ties) pairs its row
 * with its column; map[row] = column. Greedy, not optimal, and sufficient for matching
 * clusterings or themes that mostly agree. */
rd_status rd_metrics_match(const double *score, size_t k, int32_t *map, rd_err *err);

/* Adjusted Rand index of two labelings of n items (Hubert & Arabie, 1985); labels are
 * 0..ka-1 and 0..kb-1. 1 for identical partitions, about 0 for chance; 1 when both put
 * everything in one cluster. */
double rd_metrics_ari(const int32_t *a, size_t ka, const int32_t *b, size_t kb, size_t n);

/* Normalised mutual information (arithmetic-mean normalisation, as scikit-learn's
 * default). 1 when both labelings are trivial. */
double rd_metrics_nmi(const int32_t *a, size_t ka, const int32_t *b, size_t kb, size_t n);

/* Mean silhouette (Rousseeuw, 1987) with Euclidean distance, over the points idx[0..m)
 * (all points when idx is NULL; m = n then), each compared with the other points of that
 * same set. Points in singleton clusters count 0. Returns 0 when fewer than 2 clusters
 * occur. Needs O(m) scratch; m is what the caller chooses to afford (O(m²·d) time). */
rd_status rd_metrics_silhouette(const float *x, size_t d, const int32_t *labels,
                                size_t k, const size_t *idx, size_t m, int threads, double *out,
                                rd_err *err);

#endif
