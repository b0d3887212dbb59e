/* nlp/frames.h — what the corpus itself shows to be talk about the talk rather than its
 * content, and the word pairs it uses as one term; learned once, from a sample of
 * respondents, before the corpus is counted.
 *
 * The sample: at most RD_FR_SAMPLE_SOURCES sources, spread evenly by source index
 * (never chosen by worker), and at most RD_FR_SAMPLE_WORDS word tokens over all of them
 * (each source gets an equal share; a respondent cut short by it is not an edge witness).
 * Of each sampled respondent the respondent passages are kept as word tokens: normalised
 * form, term (the stem of a kept word; nlp/analyse.h), and how each word joins the one
 * before it (same sentence; next token; nothing but white space between them).
 *
 * What is learned (the numbers and why: README "The conversation's frame"):
 *   frame words    kept words said mostly at the edges of the conversation: of their
 *                  occurrences in respondents with at least 4 passages and 160 words
 *                  (edge witnesses; at least 10 of them), at least three quarters (and at
 *                  least 3 times the share of all words there) lie in the first 40 or
 *                  the last 40 words of the respondent's talk, in at least max(3, 10 %)
 *                  of those respondents (greetings, thanks, goodbyes, call chatter);
 *   formulas       word 4-grams within one sentence with at least two kept words, said
 *                  verbatim by at least max(5, 60 %) of the sampled respondents (at
 *                  least 10), that hold together both ways: the 4-gram is at least 4 in
 *                  5 of the uses of its first three words together and of its last three
 *                  (a procedure line, a salutation, a signature); a formula word is a
 *                  kept word at least half of whose occurrences lie inside formula
 *                  occurrences; a whole passage of at most 3 words (one kept) said by at
 *                  least max(5, 20 %) of the respondents with 4 or more passages (at least
 *                  10 of them) is a formula too (a page's heading "Opmerking", "Zie ook";
 *                  a respondent of one short answer, and an answer to the interviewer,
 *                  are no witnesses);
 *   phrases        pairs of kept words (neither a frame nor a formula word) with nothing
 *                  but white space between them, by stem, seen at least 4 times in at
 *                  least 3 respondents, in at least two contexts (the words either side:
 *                  a sentence repeated verbatim is no collocation), with an NPMI of at
 *                  least 0.5: one term ("sociale
 *                  huur"), counted instead of its two words where they stand together.
 * Frame and formula words are dropped like stop words (rd_fr_drops, by normalised
 * form); phrases are joined by the analyser (nlp/analyse.h: rd_an_set_frames).
 * Everything is decided from strings and counts in sample order, so the result does
 * not depend on the number of threads. Read-only after learning: one rd_frames may be
 * shared by all threads. */
#ifndef RD_FRAMES_H
#define RD_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "engine/strbuf.h"
#include "nlp/stopwords.h"
#include "nlp/transcript.h"

#define RD_FR_NONE UINT32_MAX
enum { RD_FR_SAMPLE_SOURCES = 1024, RD_FR_SAMPLE_WORDS = 1 << 21 };

/* What to learn. */
enum { RD_FR_FRAMES = 1, /* frame words and formulas */ RD_FR_PHRASES = 2 };

typedef struct rd_frames rd_frames;
typedef struct rd_fr_sample rd_fr_sample;

/* --- the sample ------------------------------------------------------------------- */

/* How many of n sources the sample takes, and the index of the k-th of them (k below
 * that number): floor(k * n / m), evenly spread, increasing. */
size_t rd_fr_sample_sources(size_t n);
size_t rd_fr_sample_source(size_t k, size_t n);

/* A sample of n_items sources (rd_fr_sample_sources of the corpus) recorded by up to
 * `workers` threads, each with its own analyser built on stop (borrowed) and algo. */
rd_status rd_fr_sample_new(size_t n_items, int workers, const rd_stop *stop, const char *algo,
                           rd_fr_sample **out, rd_err *err);
void rd_fr_sample_free(rd_fr_sample *s); /* NULL is a no-op */

/* Records the respondent passages of tr, one respondent, into item `item` on worker
 * `worker` (0..workers-1). Items may be recorded in parallel, each by one worker at a
 * time; a worker records one item at a time. Stops silently at the item's share of
 * the word budget. */
rd_status rd_fr_sample_add(rd_fr_sample *s, size_t item, int worker, const rd_transcript *tr,
                           rd_err *err);

/* Learns `what` (RD_FR_*) from the sample. *out is owned by the caller (rd_frames_free);
 * with nothing to learn it is an empty set. The sample may be freed afterwards. */
rd_status rd_fr_learn(rd_fr_sample *s, unsigned what, rd_frames **out, rd_err *err);
void rd_frames_free(rd_frames *f); /* NULL is a no-op */

/* --- what the analyser asks ------------------------------------------------------- */

/* 1 when the normalised form w[0..n) is a frame or formula word. */
int rd_fr_drops(const rd_frames *f, const char *w, size_t n);
/* How many phrases there are. */
size_t rd_fr_phrase_count(const rd_frames *f);
/* The id of stem s[0..n) among the first (second) words of phrases, or RD_FR_NONE. */
uint32_t rd_fr_first(const rd_frames *f, const char *s, size_t n);
uint32_t rd_fr_second(const rd_frames *f, const char *s, size_t n);
/* The phrase made of first word a and second word b (ids as above), or RD_FR_NONE. */
uint32_t rd_fr_phrase(const rd_frames *f, uint32_t a, uint32_t b);
/* Phrase p's term: the two stems with one space between (borrowed, NUL-terminated,
 * valid until rd_frames_free). */
const char *rd_fr_phrase_term(const rd_frames *f, uint32_t p, size_t *n);

/* --- saved and restored (the saved model, io/write/model.h) ------------------------ */

/* Appends what the analyser asks of f as text: a line "drop\tWORD" per frame or formula
 * word (unless skip(ctx, word) says 1: names of people stay out of a saved model), then
 * "phrase\tSTEM\tSTEM" per phrase in the order of its term id. */
rd_status rd_frames_save(const rd_frames *f, int (*skip)(void *ctx, const char *w, size_t n),
                         void *ctx, rd_buf *out, rd_err *err);
/* The set such text describes (nothing learned to report: rd_fr_items is empty). A line
 * of another shape, or a phrase given twice, is RD_EDATA naming origin and the line. */
rd_status rd_frames_restore(const char *s, size_t n, const char *origin, rd_frames **out,
                            rd_err *err);

/* --- what was learned, for people ------------------------------------------------- */

typedef enum { RD_FR_FRAME_WORD, RD_FR_FORMULA, RD_FR_FORMULA_WORD, RD_FR_PHRASE } rd_fr_kind;

typedef struct {
    rd_fr_kind kind;
    const char *text;   /* the word, the trigram, or the phrase as first written (borrowed) */
    uint32_t count;     /* occurrences in the sample (of a frame word: at the edges) */
    uint32_t resp;      /* sampled respondents that say it (frame word: at the edges) */
    double score;       /* frame word: edge share; formula: the weaker of its two
                           cohesions; formula word: share inside formulas; phrase: NPMI */
} rd_fr_item;

/* The items learned, in kind order, then by text bytes; and the sample's size. */
size_t rd_fr_items(const rd_frames *f, const rd_fr_item **items);
void rd_fr_sample_stats(const rd_frames *f, size_t *respondents, size_t *words);

#endif
