/* engine/describe/describe.h — from the engine's factors to what a researcher reads: the
 * run's tables.
 *
 * Themes get a label (the surface forms that weigh most on the theme and least on the
 * others), top terms with weights, the share of respondents who talk about them,
 * motivation and tension measures, and quotes. Segments get size and share, the terms
 * that set them apart, their themes against the average, motivations and tensions, their
 * most typical respondents and quotes from them. The methods are described in README.md,
 * "What run does".
 *
 * Everything comes in as data: the passages' TF-IDF with their respondents, lines and cue
 * counts, the term labels, the respondents' ids, sources and (already masked) attributes,
 * the persona names with their terms looked up, and a quote source that hands over the
 * text of a passage when it is quoted (engine/describe/quotes.h). The engine reads no file.
 *
 * Tables (engine/table.h), all owned by the rd_description:
 *   themes, segments, respondents, segment_themes, quotes, selection and, with a journey
 *   (engine/describe/journey.h), journey — exported as CSV, workbook sheets and
 *   model.json; names — the names.tsv rows. The passages table — one row per
 *   respondent passage (respondent, source, its strongest two themes with their shares,
 *   its journey stages; no text), exported as passages.csv only — is not held whole: it
 *   grows with the corpus (a million rows would not fit a worksheet, and its cells would
 *   be the largest thing of the run at its peak), so the description keeps what makes its
 *   rows and rd_describe_passages writes them a batch at a time into a small table. */
#ifndef RD_DESCRIBE_H
#define RD_DESCRIBE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/csr.h"
#include "engine/describe/personas.h"
#include "engine/describe/quotes.h"
#include "engine/lists.h"
#include "engine/segments.h"
#include "engine/status.h"
#include "engine/table.h"
#include "engine/themes.h"

/* A topic card (--codebook) as the descriptions report it. */
typedef struct {
    const char *name;       /* the card's name: its theme's label */
    const uint32_t *terms;  /* the card's terms in the vocabulary */
    size_t n_terms;         /* 0: the corpus uses none of its words, so it has no theme */
    size_t words;           /* the card's words and phrases (its name aside) that hold a
                               word that is not a stop, filler or frame word */
    size_t words_found;     /* of those, how many the corpus uses (give a term) */
} rd_describe_card;

typedef struct {
    const rd_csr *x;               /* TF-IDF of the passages: n_rows × n_terms (words) */
    const rd_csr *xp;              /* where the multi-word terms are said (n_rows × n_terms,
                                      their columns only), or NULL */
    const uint32_t *row_doc;       /* per row: its respondent (rows of one are consecutive) */
    const uint32_t *row_line;      /* per row: the source line where the passage starts */
    const uint16_t *row_cues;      /* per row: RD_CUE_SLOTS counts (engine/describe/cues.h) */
    const rd_themes *th;
    const rd_segments *sg;
    const float *profile;          /* n_docs × T theme shares */
    const char *const *term_label; /* n_terms labels (the words people read) */
    const unsigned char *phrase;   /* n_terms: 1 for a multi-word term (its words are terms
                                      too, and the themes were fitted on them); NULL: none */
    const uint32_t *phrase_first, *phrase_second; /* n_terms: a phrase's words' terms
                                      (RD_TERMS_NONE: not a term); with phrase */
    size_t n_docs;
    const char *const *respondent; /* n_docs respondent ids */
    const char *const *source;     /* n_docs source names: quote sources are "name:line" */
    size_t n_attr;                 /* respondent attributes (survey columns) */
    const char *const *attr_name;  /* n_attr column names */
    const char *const *attr;       /* n_docs × n_attr values, already masked; NULL: empty */
    const rd_persona *names;       /* persona names to carry over; may be NULL */
    size_t n_names;
    double name_min_sim;           /* a name moves only to a segment at least this similar */
    const char *const *carried;    /* sg->k names carried from a previous wave (NULL or ""
                                      where none), or NULL: a segment that no persona name
                                      reaches gets its carried name, unless a persona name
                                      placed elsewhere is the same */
    rd_quote_source quotes;
    const rd_describe_card *cards; /* topic cards, in the codebook's order, or NULL; the
                                      cards with terms are the themes' seeds in that order
                                      (rd_themes.card) */
    size_t n_cards;
    size_t n_stages;               /* stages of the tenant's journey; 0: no journey */
    const char *const *stage_key;  /* n_stages keys (journey.csv, passages.csv) */
    const char *const *stage_title;/* n_stages titles people read */
    const uint16_t *row_stages;    /* per row: 2 × n_stages journey cue hits, the passage's
                                      own, then its question's (nlp/textstage.h) */
    int threads;                   /* for the sums over the passages (engine/pool.h); the
                                      tables are the same for every count */
} rd_describe_in;

enum { RD_DESCRIBE_TABLES = 7 };

/* What the passages table is made of: the caller's arrays (rd_describe_in's, which must
 * outlive the description) and the journey's placement (owned). */
typedef struct {
    size_t P, T, n_stages;
    const float *w;                /* P × T theme weights (th->w) */
    const uint32_t *row_doc, *row_line;
    const char *const *respondent, *const *source;
    const char **stage_key;        /* n_stages, owned (the strings are the caller's) */
    int32_t *stage, *stage2;       /* P each, owned; NULL without a journey */
} rd_passage_rows;

typedef struct {
    rd_table *t[RD_DESCRIBE_TABLES]; /* themes, segments, respondents, segment_themes,
                                        quotes, selection, and with a journey: journey */
    size_t n_tables;                 /* of t: 7 with a journey, else 6 */
    rd_table *names;                 /* segment, name, top_terms */
    rd_passage_rows passages;        /* what makes the passages table's rows */
    rd_table *cards;                 /* with topic cards: one row per card (cards.csv, a
                                        sheet); NULL without */
    rd_strlist notes;                /* messages for the user (names that found no segment) */
    size_t names_matched, names_unmatched;
} rd_description;

/* Builds every table. On failure *out is empty; rd_describe_free releases it either way. */
rd_status rd_describe_run(const rd_describe_in *in, rd_description *out, rd_err *err);
void rd_describe_free(rd_description *d);

/* An empty passages table, "passages" (sheet "Passages"): respondent, source, theme, share,
 * theme_2, share_2, stage, stage_2; NULL when out of memory. */
rd_table *rd_describe_passages_table(void);
/* Rows [from, to) of the passages table (to ≤ P) into t, a table from
 * rd_describe_passages_table whose rows are dropped first: per passage its respondent and
 * source ("name:line"), the two themes with the largest shares of its theme weight (W row
 * scaled to sum 1), empty where it has no theme weight (or only one theme), and its journey
 * stage and second stage (keys; empty for none and without a journey). RD_ENOMEM only. */
rd_status rd_describe_passages(const rd_description *d, size_t from, size_t to, rd_table *t,
                               rd_err *err);

#endif
