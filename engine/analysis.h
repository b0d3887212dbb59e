/* engine/analysis.h — the numerical half of `rodedraad run`: from the passages' term
 * counts to themes, theme shares and segments, with the sizes engine/select.h decides.
 *
 * Steps, each announced to the caller's step function before it starts (for progress and
 * stage timings; the engine itself measures nothing):
 *   LSA        the respondents' LSA rows from the raw counts (engine/represent.h), unless
 *              the representation is `profile` or there is one respondent;
 *   TFIDF      the passages' TF-IDF, in place of the counts (engine/tfidf.h);
 *
 * With name-only terms (multi-word terms, whose words are counted too) the LSA and the
 * themes are fitted on the counts without them, and xp keeps where they are said, for the
 * descriptions: on six labelled corpora, fitting on phrase columns that replace their
 * words cost theme coherence and segment NMI (README, "Multi-word terms").
 *   THEMES     NMF themes (engine/themes.h);
 *   REPRESENT  theme shares per respondent, and the rows k-means sees;
 *   SEGMENTS   spectral segments with automatic k and stability, or grown from a
 *              previous wave's (init) (engine/segments.h);
 *   DONE       (after the last step). */
#ifndef RD_ANALYSIS_H
#define RD_ANALYSIS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/csr.h"
#include "engine/represent.h"
#include "engine/segments.h"
#include "engine/themes.h"

typedef enum {
    RD_ANALYSIS_LSA,
    RD_ANALYSIS_TFIDF,
    RD_ANALYSIS_THEMES,
    RD_ANALYSIS_REPRESENT,
    RD_ANALYSIS_SEGMENTS,
    RD_ANALYSIS_DONE
} rd_analysis_step;

typedef struct {
    size_t segments;          /* wanted; 0 = automatic */
    size_t themes;            /* wanted; 0 = automatic */
    uint64_t seed;
    int threads;
    rd_represent_kind rep;
    double context;           /* a neighbouring passage's weight in the themes (engine/
                                 themes.h: rd_themes_opts.context); 0: none */
    const rd_theme_seeds *seeds; /* topic cards (engine/themes.h), or NULL */
    const unsigned char *name_only; /* per term (column), or NULL: 1 for a term that names
                                       but is not fitted (a multi-word term, whose words
                                       are counted as well): their entries move to xp, and
                                       the LSA, themes and segments are fitted on the rest */
    _Atomic size_t *nmf_iters; /* NMF iterations so far (all fits), or NULL */
    void (*step)(void *ctx, rd_analysis_step s); /* may be NULL */
    const int32_t *init;      /* n_docs start segments (a previous wave's, −1: none), or
                                 NULL: segments found from scratch (engine/segments.h) */
    size_t init_k;            /* start segments; segments must be 0 or init_k with init */
    void *step_ctx;
} rd_analysis_opts;

typedef struct {
    rd_csr *x;          /* passages × terms TF-IDF (the counts, weighted in place; the
                           name-only terms' columns empty); NULL after
                           rd_analysis_release_passages */
    size_t n_passages, n_terms; /* x's shape, kept when x is let go */
    rd_csr *xp;         /* passages × terms: the name-only terms' counts (NULL: none), which
                           words are said in a phrase where (engine/describe/terms.h) */
    rd_themes th;
    float context;      /* the context weight the themes were fitted with (0: none) */
    rd_segments sg;
    float *profile;     /* n_docs × T theme shares */
    size_t n_docs;
    rd_represent_kind rep; /* the representation used (profile for a single respondent) */
    size_t dims;        /* LSA components (0 without LSA) */
    double *idf;        /* x->n_cols: the passages' idf (engine/tfidf.h); 0 for a name-only
                           term, so that classify weighs a new passage as x was weighed */
    rd_lsa_basis basis; /* the LSA basis (zeroed without LSA) */
    float *passage_threshold; /* sg.k, with the lsa representation only (else NULL): per
                                 segment, the 5th percentile of the fits of single passages
                                 (at most 20,000, evenly spaced, each placed alone) that the
                                 nearest centre puts in their respondent's own segment: what
                                 classify asks of a one-passage respondent (a message) */
    float *map;         /* n_docs × 2: the LSA rows on their two principal axes
                           (rd_represent_map), for the report's map of respondents; NULL
                           without LSA */
} rd_analysis;

/* *counts (passages × terms raw counts, rows grouped by respondent in order: row_doc
 * non-decreasing, n_docs respondents, at least one non-zero) is taken over: *counts is
 * NULL afterwards, whatever the outcome. On success *out holds the results
 * (rd_analysis_free); on failure it is zeroed. */
rd_status rd_analysis_run(rd_csr **counts, const uint32_t *row_doc, size_t n_docs,
                          const rd_analysis_opts *o, rd_analysis *out, rd_err *err);
void rd_analysis_free(rd_analysis *a); /* NULL and zeroed structs are fine */

/* Lets go of the passages' matrices once the description is made: x and xp are freed and
 * NULL, n_passages and n_terms keep x's shape. What is written after it (the tables, the
 * saved model) needs neither; at 40,000 documents they are 23 MB of the run's peak, which
 * the writing would otherwise add to. NULL is fine. */
void rd_analysis_release_passages(rd_analysis *a);

#endif
