/* engine/stats/signif.h — the significance tests behind the attributes per segment:
 * Pearson's chi-square test of independence on a groups × categories table (with a seeded
 * permutation test when expected counts are small) and Cramér's V; the Kruskal–Wallis
 * test with an effect size; Benjamini–Hochberg adjusted p-values.
 *
 * Distribution functions come from GSL (gsl_cdf_chisq_Q), which is why this is a library
 * of its own (rd_stats): the numerical core (rd_engine) links only BLAS, LAPACKE and libm.
 * No allocation inside loops that run per permutation; no file, no terminal. A test that
 * cannot be made (fewer than two groups or categories with data) gives NaN statistic and
 * p, which the tables write empty. */
#ifndef RD_STATS_SIGNIF_H
#define RD_STATS_SIGNIF_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

/* Permutations of the permutation test: p = (1 + #{X²* ≥ X²}) / (1 + N). */
enum { RD_STATS_PERMUTATIONS = 9999 };

typedef struct {
    double stat;    /* X² or H (tie-corrected); NaN when no test can be made */
    double df;      /* degrees of freedom of the chi-square reference */
    double p;       /* p-value; NaN when no test can be made */
    double effect;  /* Cramér's V, or epsilon-squared H/(n-1) for Kruskal–Wallis */
    int permuted;   /* 1: p from the permutation test (an expected count below 5) */
    size_t n;       /* observations used */
} rd_stats_test;

/* Chi-square test of independence on the r × c counts tab (row-major). Rows and columns
 * without any count are left out (df = (r'-1)(c'-1) over the rest). When an expected
 * count is below 5, p comes from n_perm random permutations of the column labels against
 * the row labels (margins kept), drawn from a generator seeded with seed: the same seed
 * gives the same p. Otherwise p = Q_chi2(X², df). RD_ENOMEM or RD_EINVAL (no table). */
rd_status rd_stats_chisq(const size_t *tab, size_t r, size_t c, uint64_t seed, size_t n_perm,
                         rd_stats_test *out, rd_err *err);

/* Kruskal–Wallis test of x[0..n) in groups g[0..n) (each < k): mid-ranks for ties, H with
 * the tie correction, p = Q_chi2(H, k'-1) over the k' groups with observations; effect
 * epsilon-squared H/(n-1) (Tomczak & Tomczak 2014). All values equal: H = 0, p = 1.
 * RD_ENOMEM or RD_EINVAL. */
rd_status rd_stats_kruskal(const double *x, const size_t *g, size_t n, size_t k,
                           rd_stats_test *out, rd_err *err);

/* Benjamini–Hochberg: q[i] = min over p[j] ≥ p[i] of p[j]·m/rank(j), at most 1, for the m
 * p-values that are not NaN (NaN stays NaN). q may be p. RD_ENOMEM only. */
rd_status rd_stats_bh(const double *p, size_t n, double *q, rd_err *err);

/* The upper tail of the chi-square distribution, Q(x; df) (GSL). */
double rd_stats_chisq_q(double x, double df);

#endif
