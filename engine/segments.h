/* engine/segments.h — segments: k-means on a representation of each respondent
 * (engine/represent.h), with an automatic number of segments and a stability measure.
 *
 * Automatic k: every k in 2..k_max with a smallest segment of at least min_size
 * respondents is scored by  silhouette × stability  (silhouette: Rousseeuw 1987, on at
 * most 2,000 respondents drawn at random; stability: the mean ARI between the full
 * clustering and `boot` clusterings of random 80 % subsets, compared on the respondents
 * they share — Lange et al., "Stability-based validation of clustering solutions",
 * Neural Computation 16 (2004)). The highest score wins; smaller k on ties. With fewer
 * than 2·min_size respondents there is one segment.
 *
 * Stability of the result: for the chosen k, `boot` k-means runs, each with its own seed
 * on a random 80 % of the respondents (at most 4,000); every respondent is assigned to the nearest centre
 * of every run, the run's segments are matched one to one to the final ones (greedy on
 * overlap), and a respondent's stability is the share of runs that put it in its own
 * segment. The segment-level figure is the mean ARI of the runs against the result.
 * Segments are numbered by size, largest first (first respondent's index on ties). */
#ifndef RD_SEGMENTS_H
#define RD_SEGMENTS_H

#include <stdint.h>

#include "engine/csr.h"
#include "engine/rng.h"

typedef struct {
    size_t k;        /* wanted; 0 = automatic */
    size_t k_max;    /* automatic: largest k tried */
    size_t min_size; /* automatic: smallest acceptable segment */
    size_t n_init;   /* k-means restarts of the final fit */
    size_t boot;     /* stability runs */
    size_t select_n; /* automatic choice scores on at most this many respondents */
    int threads;
    uint64_t seed;
} rd_segments_opts;

typedef struct {
    size_t k;
    double silhouette, stability, score;
    size_t smallest;
    int eligible; /* smallest ≥ min_size */
} rd_segments_cand;

typedef struct {
    size_t n, d, k;
    int32_t *label;    /* n, 0..k-1 by size */
    size_t *size;      /* k */
    float *centers;    /* k × d */
    float *fit;        /* n: cosine similarity to the own segment's centre */
    float *stability;  /* n: 0..1 */
    double ari;        /* mean ARI of the stability runs against the result */
    double silhouette; /* of the result, on at most 2,000 respondents */
    double inertia;
    size_t iters;
    rd_segments_cand *cands;
    size_t n_cands; /* 0 when k was given */
} rd_segments;

/* x: n × d representation. RD_EDATA when k exceeds the number of distinct respondents
 * (the message says how many there are). On failure *out is zeroed. */
rd_status rd_segments_fit(const float *x, size_t n, size_t d, const rd_segments_opts *o,
                          rd_segments *out, rd_err *err);
void rd_segments_free(rd_segments *s);

#endif
