/* engine/segments.h — segments: groups of respondents who talk alike, found by spectral
 * clustering (engine/spectral.h) of a representation of each respondent
 * (engine/represent.h), with an automatic number of segments and a stability measure.
 *
 * The graph: every respondent's √n nearest neighbours (at least 10) by cosine, of all
 * respondents or, above select_n, of select_n drawn at random; its leading eigenvectors
 * (power_iters subspace iterations); k-means with n_init restarts on the first k of them.
 * With a sample, every respondent then joins the segment whose mean row (in the
 * representation) is nearest. Then each segment's centre is the mean row of its members,
 * and every respondent joins the segment whose centre is nearest (squared distance,
 * engine/classify.h: rd_classify_nearest; skipped if that would empty a segment): the
 * rule `classify` places new respondents by, so a respondent of the run classified again
 * gets its own segment. It moves 0–4 % of respondents on the labelled corpora and left
 * segment NMI at the gold k unchanged (README).
 *
 * Bagged (bag_runs > 0; Dudoit & Fridlyand, "Bagging to improve the accuracy of a
 * clustering procedure", Bioinformatics 19 (2003), BagClust1): bag_runs more spectral
 * clusterings, each of its own random 80 % of the respondents (at most 2,000), every
 * respondent assigned to the nearest mean row of each run's segments and the run's
 * segments matched one to one to the result's (as for the stability below, with other
 * random draws); every respondent then takes the segment most of the runs and the result
 * itself give it (the result's on ties, else the lowest), and the centres and the nearest
 * centre rule above are applied once more to these votes (nothing changes when a segment
 * would be left empty). On the six labelled corpora of the README it raised segment NMI
 * at the gold k on five (0.003-0.08; level on the sixth) and the share of segments kept
 * when 5 % of the respondents are removed; on round, well separated clusters it changes
 * nothing. The stability below is measured on the bagged result, with runs of their own.
 * Segments grown from start labels (init, below) are not bagged.
 *
 * Automatic k: every candidate from 2 to k_max (every k up to 12, then in widening steps)
 * whose smallest segment holds at least min_size respondents is scored by the modularity of
 * its partition of the graph (Newman 2006; select_init k-means restarts each); the highest
 * modularity wins (the smaller k on ties): the partition the graph supports best. (Taking
 * the largest k within 3 % of the best, as before, drifted to 2× the gold k on flat
 * curves.) Fewer than 2·min_size
 * respondents: one segment. Modularity does not reward a trivial split the way a stability
 * score does (a two-way split is always stable).
 *
 * Stability of the result: `boot` spectral clusterings at the chosen k, each of its own
 * random 80 % of the respondents (at most 4,000); every respondent is assigned to the
 * nearest mean row of every run's segments, the run's segments are matched one to one to
 * the final ones (greedy on overlap — Lange et al., "Stability-based validation of
 * clustering solutions", Neural Computation 16 (2004)), and a respondent's stability is the
 * share of runs that put it in its own segment. The segment-level figure is the mean ARI of
 * the runs against the result.
 * Segments are numbered by size, largest first (first respondent's index on ties); a
 * respondent's fit is the cosine to its segment's centre.
 *
 * Starting from given segments (init: a previous wave's, `run --previous`): no graph and
 * no choice of k. Each start segment's centre is the mean row of the respondents init puts
 * in it (a start segment without any is gone from the outset); then Lloyd's iterations —
 * every respondent (those init leaves out, −1, too) joins the nearest centre (squared
 * distance, rd_classify_nearest), every centre moves to the mean of its members, a segment
 * left without members is dropped — until no respondent changes segment or init_iters
 * rounds. The last step is always an assignment, so every respondent sits on its nearest
 * centre, as after a fit from scratch. origin[j] says which start segment segment j grew
 * from. Stability and silhouette are measured as without init. */
#ifndef RD_SEGMENTS_H
#define RD_SEGMENTS_H

#include <stdint.h>

#include "engine/csr.h"
#include "engine/rng.h"

typedef struct {
    size_t k;        /* wanted; 0 = automatic */
    size_t k_max;    /* automatic: largest k tried */
    size_t min_size; /* automatic: smallest acceptable segment */
    size_t n_init;   /* k-means restarts of the final clustering of the embedding */
    size_t select_init; /* k-means restarts per candidate k */
    size_t power_iters; /* subspace iterations of the spectral embedding */
    size_t boot;     /* stability runs */
    size_t bag_runs; /* runs of the bagged segments (see above); 0: not bagged */
    size_t select_n; /* the graph holds at most this many respondents (a random sample) */
    int threads;
    uint64_t seed;
    const int32_t *init; /* n start labels in 0..init_k-1 or −1, or NULL (see above); k
                            must then be 0 or init_k */
    size_t init_k;
    size_t init_iters;   /* Lloyd rounds from init, at most (0: 100) */
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
    double inertia;    /* Σ ‖x − its segment's mean row‖² */
    rd_segments_cand *cands;
    size_t n_cands; /* 0 when k was given */
    int32_t *origin;   /* k: the init segment each segment started from; NULL without init */
    size_t iters;      /* Lloyd rounds from init (0 without init) */
    int converged;     /* from init: stopped because no respondent changed segment */
} rd_segments;

/* x: n × d representation. RD_EDATA when k exceeds the number of distinct respondents
 * (the message says how many there are); RD_EINVAL when init comes with a k other than
 * init_k or a label outside −1..init_k−1. On failure *out is zeroed. */
rd_status rd_segments_fit(const float *x, size_t n, size_t d, const rd_segments_opts *o,
                          rd_segments *out, rd_err *err);
void rd_segments_free(rd_segments *s);

#endif
