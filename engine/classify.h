/* engine/classify.h — placing new respondents on a saved run's segments and themes.
 *
 * The numbers a run keeps for this (the saved model, io/write/model.h) and the same steps
 * the run took, never refitted:
 *   LSA rows     the respondent's passage counts summed, weighted with the run's
 *                respondent-level idf (engine/tfidf.h), projected on the run's basis and
 *                scaled to unit length (engine/represent.h: rd_represent_project);
 *   theme shares every passage's TF-IDF with the run's passage idf, in its context as the
 *                run read it (the respondent's neighbouring passages at the run's weight,
 *                engine/csr.h: rd_csr_context_rows), its theme weights by nonnegative
 *                least squares against the run's themes (engine/nmf.h: rd_nmf_project,
 *                rd_nmf_project_context),
 *                summed per respondent and scaled to sum 1;
 *   segment      the nearest segment centre (squared Euclidean distance in the run's
 *                representation, lower index on ties: rd_classify_nearest, the rule the
 *                run's own final assignment uses, engine/segments.h), with the runner-up;
 *   fit          the cosine to the segment's centre, as the run reports it; margin the fit
 *                less the runner-up's fit;
 *   fits         0 when the fit is below the segment's threshold: the 5th percentile of the
 *                fits of the run's own members of that segment (rd_classify_thresholds),
 *                so about one member in twenty of the run would itself have been refused.
 *                A respondent of one passage (a message, a single answer) is held to the
 *                passage threshold instead: the same percentile over the run's own single
 *                passages, each placed alone, that land in their respondent's segment
 *                (engine/analysis.h): one passage says less than a whole interview, and
 *                reaches a lower fit even where it belongs.
 * A respondent with no term of the run's vocabulary gets no segment (segment −1). */
#ifndef RD_CLASSIFY_H
#define RD_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "engine/csr.h"
#include "engine/represent.h"

typedef struct {
    size_t terms;
    const double *idf;      /* terms: the passages' idf */
    size_t themes;
    const float *h;         /* themes × terms, rows sum to 1 (engine/themes.h) */
    float context;          /* the run's theme context (engine/themes.h): a neighbouring
                               passage's weight when the weights are found; 0: none */
    rd_represent_kind rep;
    size_t dims;            /* LSA dimensions (0 for profile) */
    const double *lsa_idf;  /* terms: the respondents' idf (dims > 0) */
    const float *v;         /* terms × dims: the LSA basis (dims > 0) */
    size_t k, d;            /* segments; the representation's width */
    const float *centres;   /* k × d */
    const float *threshold; /* k: the lowest fit that still places a respondent */
    const float *passage_threshold; /* k, or NULL (then threshold): the same for a
                                       respondent of one passage */
} rd_classify_model;

typedef struct {
    int32_t segment;   /* 0..k-1, or −1 when the respondent has no known term */
    int32_t runner_up; /* the second nearest, or −1 with one segment */
    float fit;         /* cosine to segment's centre */
    float runner_fit;  /* cosine to runner-up's centre */
    int fits;          /* fit ≥ the segment's threshold */
} rd_classify_row;

/* The nearest of k centres (k × d) to x (d): *best and *second (−1 when k < 2), by
 * squared distance accumulated in double in column order; lower index on ties. */
void rd_classify_nearest(const float *x, const float *centres, size_t k, size_t d,
                         int32_t *best, int32_t *second);

/* labels[i] = rd_classify_nearest of row i of x (n × d), over `threads` threads; a row's
 * label depends on that row alone. */
void rd_classify_assign(const float *x, size_t n, size_t d, const float *centres, size_t k,
                        int threads, int32_t *labels);

/* Cosine of x and c (d each); 0 when either is zero. */
float rd_classify_cosine(const float *x, const float *c, size_t d);

/* Per segment (k), the fit below which a new respondent is not placed: the 5th percentile
 * (nearest rank, ⌈0.05·m⌉-th smallest of its m members' fits) of the fits of its own
 * members (label, fit: n of them); 0 for a segment without members. */
rd_status rd_classify_thresholds(const int32_t *label, const float *fit, size_t n, size_t k,
                                 float *threshold, rd_err *err);

/* counts: passages × m->terms raw counts (consumed: *counts is NULL afterwards), rows
 * grouped by respondent in order (row_doc non-decreasing), n_docs respondents. rows
 * (n_docs) and shares (n_docs × m->themes, may be NULL) receive the results. */
rd_status rd_classify_run(const rd_classify_model *m, rd_csr **counts, const uint32_t *row_doc,
                          size_t n_docs, int threads, rd_classify_row *rows, float *shares,
                          rd_err *err);

#endif
