/* engine/themes.h — themes: NMF of the passage × term TF-IDF matrix.
 *
 * A theme is a row of H (a weighting of terms, scaled to sum 1) and a column of W (how
 * much each passage speaks of it). Themes are numbered by weight, the share of all theme
 * weight Σ_p W[p,j] they carry, largest first (lower NMF index on ties).
 *
 * Large corpora: when there are more than fit_rows passages, H is learnt on fit_rows of
 * them drawn at random (seeded), and every passage then gets its weights by nonnegative
 * least squares against that H (rd_nmf_project). Below fit_rows (every realistic
 * interview study) the NMF runs on all passages.
 *
 * Passages in their context (context_group and context > 0): every fit, the choice of T
 * and the passages' weights see each passage's row plus `context` times the rows of its
 * neighbours with the same group (the passage before and after it of the same
 * respondent), at unit length (rd_csr_context_rows); a passage without words of its own
 * stays without weight. Below fit_rows these rows are made once; above it only for the
 * sample H is learnt on and for the projection, 65,536 passages at a time. With
 * context_weights_only (topic cards: a card's theme is learnt from the words of the
 * passages themselves) the fits and the choice of T see each passage alone, and every
 * passage's weights are then its context row projected on H (rd_nmf_project_context, 10
 * sweeps when H was fitted on every passage, 2 after a sample).
 *
 * Automatic number of themes: every T in [t_min, t_max] (up to 12, then in steps of 2, 4,
 * 8) is scored by stability
 * (Greene, O'Callaghan & Cunningham, "How many topics? Stability analysis for topic
 * models", ECML PKDD 2014): H is fitted on all (selection) passages and on `boot`
 * random 80 % subsets; each subset's themes are matched one to one with the reference
 * themes (one to one on cosine similarity) and the score is the mean matched cosine.
 * The most stable T wins (the smaller on ties), as in Greene et al. Every candidate is
 * scored on the same subsets, so their differences are not those of their draws. (The
 * largest T within one standard error of the most stable, tried too, sat at the top of
 * the window on four of six labelled corpora: with 5 subsets the error is as large as the
 * differences.) The window is the caller's
 * (engine/select.h ties it to the number of segments): stability alone cannot choose
 * between far-apart T, since a few broad themes always reproduce and on documentation
 * corpora nearly every T from 3 to 20 reproduces above 0.8. */
#ifndef RD_THEMES_H
#define RD_THEMES_H

#include <stdatomic.h>

#include "engine/csr.h"
#include "engine/rng.h"

/* Topic cards (themakaartjes) as seeds: card c holds the term ids
 * terms[off[c] .. off[c+1]) (at least one each). Card c's theme is the NMF's component c,
 * guided by the card (engine/nmf.h): its prior is the card's terms, equally weighted, at
 * unit length, with weight `weight`. The other themes are found as without cards. */
typedef struct {
    size_t n;
    const size_t *off;     /* n + 1 */
    const uint32_t *terms; /* off[n] term ids */
    double weight;         /* the prior's weight against the data (nmf.h: prior_weight) */
} rd_theme_seeds;

typedef struct {
    size_t themes;       /* wanted; 0 = automatic */
    size_t t_min, t_max; /* automatic range */
    size_t boot;         /* subsets per candidate in the automatic choice */
    size_t select_rows;  /* automatic choice uses at most this many passages */
    size_t fit_rows;     /* H learnt on at most this many passages */
    size_t max_iter;     /* NMF iteration cap */
    double tol;          /* NMF relative decrease to stop */
    int threads;
    uint64_t seed;
    _Atomic size_t *progress; /* NMF iterations so far (all fits), or NULL */
    const uint32_t *context_group; /* per passage, its conversation (the respondent's
                                      doc), or NULL: see rd_themes_fit */
    float context;                 /* a neighbour's weight in a passage's context; 0: none */
    int context_weights_only;      /* 1: the fits see each passage alone, and only the
                                      passages' weights read them in their context */
    const rd_theme_seeds *seeds; /* topic cards, or NULL. Automatic T then counts the
                                    themes beside the cards: the window becomes
                                    [cards + t_min, cards + t_max] (cards cover what
                                    the researcher asked about; the rest of the talk
                                    still needs the themes a blind run would give it) */
} rd_themes_opts;

typedef struct {
    size_t t;
    double stability; /* mean matched cosine, 0..1 */
    double rel_err;   /* of the reference fit */
} rd_themes_cand;

typedef struct {
    size_t n_rows, n_terms, k;
    float *w;        /* n_rows × k, theme order */
    float *h;        /* k × n_terms, rows sum to 1, theme order */
    double *weight;  /* k, shares summing to 1, descending */
    size_t iters;    /* NMF iterations of the final fit */
    int converged;
    double rel_err;  /* ‖X − W·H‖_F / ‖X‖_F of the final fit (on its rows) */
    size_t fit_rows; /* passages the final H was learnt on */
    rd_themes_cand *cands;
    size_t n_cands; /* 0 when themes was given */
    int32_t *card;  /* k: the card (rd_theme_seeds index) whose theme it is, or -1 */
} rd_themes;

/* x: TF-IDF passages × terms. Fails with RD_EDATA when x has no non-zero (no terms) or
 * fewer rows or columns than the wanted number of themes (message says which), or when
 * fewer themes are wanted than there are cards.
 * On failure *out is zeroed. */
rd_status rd_themes_fit(const rd_csr *x, const rd_themes_opts *o, rd_themes *out, rd_err *err);
void rd_themes_free(rd_themes *t);

#endif
