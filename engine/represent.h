/* engine/represent.h — what k-means sees of each respondent.
 *
 * Representations (one row per respondent):
 *   profile  the respondent's theme shares: Σ over their passages of W[p,:], scaled to
 *            sum 1, then to unit length (so k-means compares directions: what people
 *            talk about, not how much);
 *   lsa      latent semantic analysis of the respondent's own TF-IDF vector (passage
 *            counts summed per respondent, TF-IDF, truncated SVD to `dims` components):
 *            scikit-learn's documented workflow. A respondent's row is its TF-IDF vector
 *            projected on the basis (x·V, as TruncatedSVD.transform does), scaled to unit
 *            length: the same function places a new respondent on a saved run's basis
 *            (engine/classify.h), so a respondent of the run gets its row to the bit;
 *   both     the two side by side, each half scaled by 1/√2 (unit length overall).
 *
 * The analysis (engine/analysis.h) builds the LSA rows from the passage counts before the
 * TF-IDF of the passages is taken in place, the theme shares once the themes are known, and
 * then the rows of the chosen kind. */
#ifndef RD_REPRESENT_H
#define RD_REPRESENT_H

#include <stdint.h>

#include "engine/csr.h"
#include "engine/rng.h"

typedef enum { RD_REP_PROFILE, RD_REP_LSA, RD_REP_BOTH } rd_represent_kind;

/* Theme shares per respondent: out (n_docs × k) gets Σ_{p: row_doc[p] = r} w[p,:] scaled to
 * sum 1 (all zeros for a respondent with no theme weight at all). */
rd_status rd_represent_profile(const float *w, size_t n_rows, size_t k,
                               const uint32_t *row_doc, size_t n_docs, float *out,
                               rd_err *err);

/* The LSA basis: the respondent-level idf of each term and the right singular vectors. */
typedef struct {
    size_t terms, dims;
    double *idf; /* terms: idf of the respondents' TF-IDF (engine/tfidf.h) */
    float *v;    /* terms × dims: row t is term t's coordinates */
} rd_lsa_basis;

/* LSA rows (n_docs × dims, unit length) from passage counts whose rows are grouped by
 * respondent in order (row_doc non-decreasing). dims ≤ min(n_docs, terms). basis (may be
 * NULL) receives the basis (rd_lsa_basis_free). */
rd_status rd_represent_lsa(const rd_csr *counts, const uint32_t *row_doc, size_t n_docs,
                           size_t dims, int threads, rd_rng *rng, float *out,
                           rd_lsa_basis *basis, rd_err *err);
void rd_lsa_basis_free(rd_lsa_basis *b); /* NULL and zeroed structs are fine */

/* Respondent × term counts from passage counts whose rows are grouped by respondent in
 * order (row_doc non-decreasing): *out (n_docs × terms, sorted rows). */
rd_status rd_represent_sum(const rd_csr *counts, const uint32_t *row_doc, size_t n_docs,
                           rd_csr **out, rd_err *err);

/* out (w->n_rows × dims): each TF-IDF row of w projected on the basis v (w->n_cols × dims)
 * by rd_csr_mm (float, entries in the row's order), then scaled to unit length. A row's
 * result depends on that row alone (not on the thread count nor on the other rows). */
void rd_represent_project(const rd_csr *w, const float *v, size_t dims, int threads,
                          float *out);

/* The rows of kind for k-means: *out (n_docs × *d, malloc'd, the caller frees) from the
 * theme shares (n_docs × t) and, for lsa and both, the LSA rows (n_docs × dims). */
rd_status rd_represent_rows(rd_represent_kind kind, const float *profile, size_t t,
                            const float *lsa, size_t dims, size_t n_docs, float **out,
                            size_t *d, rd_err *err);

/* A map of the rows of x (n × d, d ≥ 1) in two dimensions, for the report: out (n × 2)
 * gets each row, centred, projected on the two principal axes of the rows (PCA). The axes
 * are the two leading eigenvectors of the covariance of at most `sample` evenly spaced rows
 * (every n/sample-th; all when n ≤ sample), found by power iteration (a fixed number of
 * steps from a fixed start, the second kept orthogonal to the first) in double precision;
 * each axis's largest entry is made positive. Deterministic: no RNG, no threads. With
 * d = 1 the second coordinate is 0. */
rd_status rd_represent_map(const float *x, size_t n, size_t d, size_t sample, float *out,
                           rd_err *err);

/* Scales every row of x (n × d) to unit length (zero rows stay zero). */
void rd_represent_normalise(float *x, size_t n, size_t d);

#endif
