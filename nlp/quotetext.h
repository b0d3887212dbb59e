/* nlp/quotetext.h — the text side of quotes: a passage prepared for the engine's quote choice
 * (engine/describe/quotes.h) and the masking of what is quoted.
 *
 * rd_qtext_prepare gives each token of a passage its vocabulary term (a kept word whose
 * stem the vocabulary has) and its cue kinds, analysed exactly as the text stage analysed
 * the corpus (the same stop words, stemmer and cues), and splits the passage into
 * sentences where the tokeniser ends them (nlp/tokenise.h: the one sentence rule, also
 * used to cut turns into passages, with its one list of abbreviations); at most 512
 * sentences, the last holding the rest.
 *
 * Masking (nlp/redact.h), unless redaction is off: personal data, and the names of the
 * speakers of the transcript the passages come from (rd_qtext_speakers): a respondent's
 * name becomes the respondent id, an interviewer's "[interviewer]"; generic labels
 * ("Respondent 3", "Bewoner") are not names. Not thread-safe: one rd_qtext per thread. */
#ifndef RD_QTEXT_H
#define RD_QTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/describe/quotes.h"
#include "engine/status.h"
#include "nlp/cues.h"
#include "nlp/people.h"
#include "nlp/frames.h"
#include "nlp/stopwords.h"
#include "nlp/transcript.h"
#include "nlp/vocab.h"

typedef struct rd_qtext rd_qtext;

/* stop, cues (may be NULL) and v are borrowed and must outlive q; algo is the libstemmer
 * algorithm; redact 0 turns masking off. */
rd_status rd_qtext_new(const rd_stop *stop, const char *algo, const rd_cues *cues,
                        const rd_vocab *v, int redact, rd_qtext **out, rd_err *err);
void rd_qtext_free(rd_qtext *q); /* NULL is a no-op */

/* What the text stage learned from the corpus (nlp/frames.h; may be NULL), borrowed, set
 * before the first rd_qtext_prepare: the passages are then analysed as the corpus was,
 * frame words dropped (each token carries its word's term; phrases name, they do not weigh). */
void rd_qtext_set_frames(rd_qtext *q, const rd_frames *fr);

/* The speakers whose names rd_qtext_mask masks from now on: those of tr (NULL: none),
 * respondents' names replaced by resp_id. */
rd_status rd_qtext_speakers(rd_qtext *q, const rd_transcript *tr, const char *resp_id,
                             rd_err *err);

/* One more name that rd_qtext_mask masks, with repl (nlp/redact.h: rd_redact_add_name),
 * until the next rd_qtext_speakers: a name the respondent's id or survey row carried. A
 * no-op without redaction. */
rd_status rd_qtext_add_name(rd_qtext *q, const char *name, size_t n, const char *repl,
                            rd_err *err);

/* The names of people the corpus shows (nlp/people.h), masked as "[naam]" in every text
 * from now on (rd_qtext_speakers keeps them; a speaker's own name still becomes the
 * respondent id): each only where it is capitalised, when rd_people_name says so. A no-op
 * without redaction or with p NULL. */
rd_status rd_qtext_people(rd_qtext *q, const rd_people *p, rd_err *err);

/* Prepares s[0..n) (valid UTF-8); *out borrows from q until the next call on q. */
rd_status rd_qtext_prepare(rd_qtext *q, const char *s, size_t n, rd_quote_passage *out,
                            rd_err *err);

/* Masks s[0..n): *out borrowed until the next call on q (s itself without redaction). */
rd_status rd_qtext_mask(rd_qtext *q, const char *s, size_t n, const char **out, size_t *out_n,
                         rd_err *err);

/* The vocabulary term of w[0..n), normalised and stemmed like a corpus word: a phrase of
 * the vocabulary it holds ("sociale huur"), else of its words (a persona term may be
 * written as a phrase, "de huur"), the first whose stem the vocabulary has; -1 when none
 * has one. */
rd_status rd_qtext_term(rd_qtext *q, const char *w, size_t n, int32_t *term, rd_err *err);

/* Every vocabulary term of w[0..n) (a topic card's word or phrase), normalised and stemmed
 * like a corpus word: a phrase of the vocabulary first, then each kept word whose stem the
 * vocabulary has, each once, into out (at most cap; *n_out how many). *n_kept gets the
 * number of words kept at all (not stop, filler or frame words), found in the vocabulary
 * or not: 0 means w holds only such words. */
rd_status rd_qtext_terms(rd_qtext *q, const char *w, size_t n, uint32_t *out, size_t cap,
                         size_t *n_out, size_t *n_kept, rd_err *err);

#endif
