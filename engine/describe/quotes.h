/* engine/describe/quotes.h — quotes: which passages to quote, and which sentences of them.
 *
 * The engine never reads a transcript: the caller's quote source hands it a passage's text
 * already split into sentences, with each token's vocabulary term and cue kinds
 * (nlp/quotetext.h prepares them), and masks the text that is quoted.
 *
 * A quote of a passage, for a relevance vector rel over the terms and a set of cue kinds:
 * every sentence scores Σ over its tokens of rel[term] (kept words) plus 1 for each token
 * that is a cue of one of the kinds, divided by √(1 + bytes / 40) so that long sentences do
 * not win by their length alone; the best sentence (the first on ties) grows by its
 * better-scoring neighbour while the quote is under RD_QUOTE_MIN bytes and stays within
 * RD_QUOTE_MAX; a quote still longer than RD_QUOTE_MAX (one long sentence) is cut at a
 * space after at least half of it, never inside a UTF-8 sequence, and ends in "…". */
#ifndef RD_DESCRIBE_QUOTES_H
#define RD_DESCRIBE_QUOTES_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

enum { RD_QUOTE_MIN = 120, RD_QUOTE_MAX = 320 };

typedef struct {
    size_t b, e; /* bytes [b, e) of the passage text */
} rd_quote_span;

/* One passage prepared for quoting; every pointer borrowed from the quote source. */
typedef struct {
    const char *text;
    size_t n;
    size_t n_sent;
    const rd_quote_span *sent;  /* n_sent sentences, in order, not overlapping */
    const size_t *sent_tok;     /* n_sent + 1: the tokens of sentence i are
                                   [sent_tok[i], sent_tok[i + 1]) */
    const int32_t *tok_term;    /* per token: its vocabulary term (a kept word), or -1 */
    const uint8_t *tok_cue;     /* per token: its cue kinds, bits 1u << rd_cue_kind */
} rd_quote_passage;

typedef struct {
    /* Fills *out for passage `row` (a row of the term matrix); valid until the next call. */
    rd_status (*passage)(void *ctx, size_t row, rd_quote_passage *out, rd_err *err);
    /* Masks personal data in s[0..n), a part of the passage fetched last; *out borrowed
     * until the next call. NULL: quotes are not masked. */
    rd_status (*mask)(void *ctx, const char *s, size_t n, const char **out, size_t *out_n,
                      rd_err *err);
    void *ctx;
} rd_quote_source;

/* The quote of passage `row` for relevance rel (n_terms values; NULL: cues alone) and cue
 * kinds cue_mask: *out malloc'd (the caller frees), masked by the source. */
rd_status rd_quote_make(const rd_quote_source *src, size_t row, const float *rel,
                        unsigned cue_mask, char **out, rd_err *err);

/* Up to `want` (at most RD_QUOTE_PICK_MAX) rows with the largest score[row] (> 0), from
 * different respondents (row_doc): the best row of each respondent, best first (the
 * earlier row on ties). */
#define RD_QUOTE_PICK_MAX 16
size_t rd_quote_pick(const double *score, size_t n_rows, const uint32_t *row_doc, size_t want,
                     size_t *out);

/* The same over the rows rows[0..n) only (ascending): what rd_quote_pick gives when every
 * other row's score is 0, without reading them. */
size_t rd_quote_pick_rows(const double *score, const size_t *rows, size_t n,
                          const uint32_t *row_doc, size_t want, size_t *out);

/* rd_quote_pick as a stream, so that several picks share one pass over the rows: offer
 * rows in ascending order with their scores; out[0..got) is the pick so far. out and sc
 * hold `want` entries each (the caller's); start with got = 0. */
typedef struct {
    size_t want, got;
    size_t *out;
    double *sc; /* the scores of out */
} rd_quote_picker;

void rd_quote_picker_offer(rd_quote_picker *pk, size_t p, double score, const uint32_t *row_doc);

#endif
