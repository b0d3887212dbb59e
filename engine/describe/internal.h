/* engine/describe/internal.h — what the parts of engine/describe share: the context of one
 * description run and the theme measures. Not for use outside engine/describe (and its
 * tests). */
#ifndef RD_DESCRIBE_INTERNAL_H
#define RD_DESCRIBE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/describe/cues.h"
#include "engine/describe/describe.h"
#include "engine/describe/terms.h"
#include "engine/strbuf.h"

enum {
    TOP_TERMS = 10,    /* top_terms of a theme or segment */
    LABEL_TERMS = 3,   /* surface forms in a theme label */
    CUE_TERMS = 5,     /* terms listed as a theme's motivations / tensions */
    SEG_THEMES = 3,    /* themes listed per segment (top_themes, motivations, tensions) */
    TYPICAL = 3,       /* typical respondents per segment, one quote each */
    THEME_QUOTES = 3,  /* quotes per theme, from different respondents */
    CUE_QUOTES = 2,    /* quotes per theme motivation / tension */
    FULL_WORDS = 20    /* passages shorter than this many words make weaker quotes */
};

#define TENSION_MASK ((1u << RD_CUE_CONTRAST) | (1u << RD_CUE_NEGATION) | (1u << RD_CUE_NEGATIVE))
#define MOTIVATION_MASK (1u << RD_CUE_MOTIVATION)

typedef struct {
    const rd_describe_in *in;
    size_t P, V, T, K, N;
    uint8_t *mot, *ten;    /* per passage: motivation / tension passage */
    double *lenw;          /* per passage: min(1, words / FULL_WORDS) */
    char src[4200];        /* the source of the last quote, "name:line" */
    double *seg_score;     /* K × V: distinguishing score of each term per segment */
    size_t *doc_row;       /* N + 1: the rows of doc d are doc_row[d] .. doc_row[d+1]-1 */
    rd_strlist *notes;     /* the description's messages for the user */
    rd_term_phrases ph;    /* the multi-word terms, for the terms shown */
} rd__dctx;

typedef struct {
    double *mass, *mrate, *trate, *mix, *spread, *mi, *ti; /* per theme */
    double *seg_mean;   /* K × T mean theme share of the members */
    double *all_mean;   /* T */
    double *seg_mot, *seg_ten; /* K × T share of the segment's motivation / tension talk */
    double *all_mot, *all_ten; /* T */
    size_t *talks;      /* T: respondents for whom the theme dominates a passage */
    double *even;       /* T: evenness of the theme's weight over the respondents, 0..1 */
    size_t background;  /* the background theme (see below), or T when there is none */
    char **label;       /* T theme labels */
    float *rel;         /* T × V: H rows scaled to max 1, for quote scoring */
} rd__facts;

/* A theme is the run's background theme when it is spread evenly over everyone: its weight
 * over the respondents is at least as even as a uniform spread over BACKGROUND_EVEN of them
 * (evenness: exp(entropy of the weight's distribution over respondents) / respondents) and
 * no segment's mean share of it is far from the average (segment spread, the coefficient
 * of variation, at most BACKGROUND_SPREAD). Of the themes that qualify, only the most even
 * is; it is marked kind=background and left out of the segments' themes, motivations and
 * tensions. */
/* A segment is a catch-all when it holds more than CATCH_ALL_SHARE of the respondents and
 * its members' mean fit is below the median fit of all respondents: a large group that
 * fits its centre worse than the typical respondent fits theirs is what is left over, not
 * a persona. It is kept (a segment per respondent is the promise of -k) but marked
 * kind=catch-all, with a note for the user. Only from 3 segments on: of two segments, one
 * always holds more than CATCH_ALL_SHARE and one is usually the looser. */
#define CATCH_ALL_SHARE 0.35

#define BACKGROUND_EVEN 0.8
#define BACKGROUND_SPREAD 0.2

/* Per theme: mass, motivation and tension rates, polarity mix, spread across segments,
 * the two indices, labels (filled by rd__describe_themes) and quote relevance; per
 * segment × theme: mean share and shares of motivation and tension talk (facts.c). */
rd_status rd__facts_compute(rd__dctx *c, rd__facts *f, rd_err *err);
void rd__facts_free(rd__facts *f, size_t T);

/* Passage p's strongest theme (the largest weight, the lower index on ties), or c->T when
 * it has no theme weight. */
size_t rd__strongest_theme(const rd__dctx *c, size_t p);
/* The card (index into c->in->cards) whose theme theme j is, or -1. */
long rd__theme_card(const rd__dctx *c, size_t j);
/* The cards table (engine/describe/cards.c). */
rd_status rd__describe_cards(rd__dctx *c, const rd__facts *f, rd_table *t, rd_err *err);

/* "name:line" of passage `row` into c->src. */
void rd__source_of(rd__dctx *c, size_t row);
/* Appends a row to the quotes table for passage `row` and returns the quote in *text (owned
 * by the table; text may be NULL). */
rd_status rd__add_quote(rd__dctx *c, rd_table *qt, const char *kind, const char *id, size_t rank,
                        size_t row, const float *rel, unsigned cue_mask, const char **text,
                        rd_err *err);

/* The rows of the themes table and the theme quotes (theme_rows.c). */
rd_status rd__describe_themes(rd__dctx *c, rd__facts *f, rd_table *tt, rd_table *qt, rd_err *err);
/* The rows of the segments and segment × theme tables and the segment quotes; fills
 * c->seg_score (segment_rows.c). */
rd_status rd__describe_segments(rd__dctx *c, const rd__facts *f, rd_table *st, rd_table *stt,
                                rd_table *qt, rd_err *err);

/* The journey table's rows and the journey quotes (journey.c), from the passages' stages
 * (rd_journey_place_run: -1 for none). */
rd_status rd__describe_journey(rd__dctx *c, const int32_t *stage, const int32_t *stage2,
                               rd_table *jt, rd_table *qt, rd_err *err);

#endif
