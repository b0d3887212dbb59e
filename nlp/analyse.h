/* nlp/analyse.h — the per-passage text pipeline: tokenise, normalise, drop stop words,
 * fillers and filler phrases, and keep a lexicon of the word forms seen.
 *
 * A token is *kept* (enters the term matrix) when it is a word (not a number, date, URL,
 * e-mail, phone, amount or abbreviation), is at least two characters and at most 64
 * bytes long, and is neither a stop word nor part of a filler phrase.
 * Every distinct normalised word form gets a lexicon id ("form") local to this analyser,
 * except tokens over RD_NORM_MAX (256) bytes: they could never be kept, and get no form
 * (RD_AN_NOFORM), so they are neither normalised (nlp/normalise.h says why) nor stemmed
 * (Snowball's Dutch stemmer takes quadratic time on a long word with accents) nor held in
 * the lexicon; a transcript that is one 10 MB "word" takes linear time;
 * stemming happens once per form, when asked (rd_an_form_stem), through the analyser's
 * cached Snowball stemmer. Not thread-safe: one rd_an per thread; the rd_stop set is
 * shared read-only. */
#ifndef RD_ANALYSE_H
#define RD_ANALYSE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "nlp/cues.h"
#include "nlp/frames.h"
#include "nlp/stopwords.h"
#include "nlp/strtab.h"
#include "nlp/tokenise.h"

#define RD_AN_NOFORM UINT32_MAX
#define RD_AN_MAX_WORD 64

typedef struct rd_an rd_an;

/* stop is borrowed and must outlive the analyser; algo is a libstemmer name. */
rd_status rd_an_new(const rd_stop *stop, const char *algo, rd_an **out, rd_err *err);
void rd_an_free(rd_an *an); /* NULL is a no-op */

/* Analyses s[0..n) (valid UTF-8). Results below are borrowed until the next call. */
rd_status rd_an_run(rd_an *an, const char *s, size_t n, rd_err *err);
size_t rd_an_count(const rd_an *an);
const rd_token *rd_an_tokens(const rd_an *an);
const uint32_t *rd_an_forms(const rd_an *an); /* RD_AN_NOFORM: non-word kinds, tokens > RD_NORM_MAX */
const uint8_t *rd_an_kept(const rd_an *an);

/* Normalised text of any token of the last run (borrowed until the next call on an). */
rd_status rd_an_norm(rd_an *an, size_t tok, const char **out, size_t *n, rd_err *err);

/* The lexicon: forms seen since rd_an_new, with how often each was kept. */
size_t rd_an_form_count(const rd_an *an);
const char *rd_an_form_str(const rd_an *an, uint32_t form, size_t *n);
uint64_t rd_an_form_uses(const rd_an *an, uint32_t form);
/* *stem borrowed, valid until rd_an_free. */
rd_status rd_an_form_stem(rd_an *an, uint32_t form, const char **stem, size_t *n, rd_err *err);

/* Terms: the stems of kept forms, with ids local to this analyser (dense from 0, in
 * first-seen order). The terms of the last run's kept tokens, in token order, stemming each
 * form the first time it is kept (same rules as rd_an_form_stem). *terms borrowed until
 * the next call on an. */
rd_status rd_an_terms(rd_an *an, const uint32_t **terms, size_t *n, rd_err *err);
/* A form's term, RD_AN_NOFORM when it was never kept (rd_an_terms not yet called on it). */
uint32_t rd_an_form_term(const rd_an *an, uint32_t form);
/* Term ids are below rd_an_term_count; the stem string is borrowed until rd_an_free.
 * (rd_an_form_stem's stems share these ids.) */
size_t rd_an_term_count(const rd_an *an);
const char *rd_an_term_str(const rd_an *an, uint32_t term, size_t *n);

/* Hands the tables of terms (stems, by term id) and of forms (by form id) to the caller,
 * who frees them with rd_strtab_free (a merge adopts one analyser's tables instead of
 * copying them: nlp/vocab.h). Afterwards only rd_an_form_uses, rd_an_form_term and
 * rd_an_free may be called on an. */
void rd_an_take_tables(rd_an *an, rd_strtab **terms, rd_strtab **lexicon);

const char *rd_an_algorithm(const rd_an *an);

/* How much of the normalised form w[0..n) is stemmed: an apostrophe plural (foto's) stems
 * as its singular. For a caller that stems forms with its own stemmer (nlp/journey.h). */
size_t rd_an_stem_len(const char *w, size_t n);

/* Learned frames and phrases (nlp/frames.h), borrowed, must outlive the analyser. Set
 * before the first rd_an_run (forms seen earlier keep their flags): a frame or formula
 * word is then not kept, and rd_an_terms finds phrases: two kept words next to each other
 * with nothing but white space between them, whose terms make a phrase, give the
 * phrase's term (the two stems with a space between) once more, after the terms of all
 * the words (which keep theirs: themes and segments are fitted on words, and a phrase
 * names what its words found, engine/describe/terms.h), and one use of the form made of
 * the two forms with a space between. */
void rd_an_set_frames(rd_an *an, const rd_frames *fr);
/* The token of each term of the last rd_an_terms (a phrase: its first word's), borrowed
 * until the next call on an. */
const uint32_t *rd_an_term_tokens(const rd_an *an);
/* How many of the last rd_an_terms's terms are words' (in token order); the phrases' follow. */
size_t rd_an_word_terms(const rd_an *an);

/* Cue words (nlp/cues.h). Set before the first rd_an_run (forms seen earlier carry no
 * cues); cues is borrowed and must outlive the analyser. */
#define RD_AN_CUE_SLOTS RD_CUE_SLOTS /* the kinds, then the number of word tokens */
void rd_an_set_cues(rd_an *an, const rd_cues *cues);
/* The last run's cue counts per kind (a negated positive counts as negative), then its
 * word-token count: RD_AN_CUE_SLOTS values, borrowed until the next run; all zero when
 * no cues were set. */
const uint32_t *rd_an_cue_counts(const rd_an *an);
/* Cue mask of a form (1u << rd_cue_kind), before the negation rule. */
unsigned rd_an_form_cue(const rd_an *an, uint32_t form);

#endif
