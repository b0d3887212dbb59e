/* nlp/stopwords.h — Dutch stop words and spoken fillers, single words and phrases.
 *
 * Lists are plain text, one entry per line, '#' starts a comment; entries are normalised
 * like tokens (NFC, case folded). An entry with spaces ("zeg maar", "weet je wel") is a
 * phrase: a run of word tokens with exactly those forms is dropped as a whole. An entry
 * "WORD ..." (one word, a space, three dots) is a stop word that closes a letter ("groet
 * ..."): a short signature after it, to the end of the passage, is dropped too
 * (nlp/analyse.h).
 * The built-in lists (nlp/data/stopwords-nl.txt, fillers-nl.txt, frames-nl.txt) are
 * compiled into the library; --stopwords FILE adds to them.
 * Read-only after loading, so one set may be shared by all threads. */
#ifndef RD_STOPWORDS_H
#define RD_STOPWORDS_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

typedef struct rd_stop rd_stop;

/* An empty set; on success *out is owned by the caller (rd_stop_free). */
rd_status rd_stop_new(rd_stop **out, rd_err *err);
void rd_stop_free(rd_stop *sw); /* NULL is a no-op */

/* Adds the entries of a list text[0..n); origin names it in error messages ("path:line").
 * Invalid UTF-8 gives RD_EUTF8 naming origin, line and byte. */
rd_status rd_stop_load(rd_stop *sw, const char *text, size_t n, const char *origin, rd_err *err);

/* The built-in lists, as bits for rd_stop_load_lists. */
enum { RD_STOP_LIST_STOP = 1,   /* nlp/data/stopwords-nl.txt: function words */
       RD_STOP_LIST_FILLER = 2, /* nlp/data/fillers-nl.txt: spoken fillers */
       RD_STOP_LIST_FRAME = 4,  /* nlp/data/frames-nl.txt: the conversation's frame */
       RD_STOP_LISTS_ALL = 7 };

/* Adds the built-in lists named by `which` (RD_STOP_LIST_* bits; 0 adds nothing). */
rd_status rd_stop_load_lists(rd_stop *sw, unsigned which, rd_err *err);

/* Adds all the built-in lists (rd_stop_load_lists with RD_STOP_LISTS_ALL). */
rd_status rd_stop_load_builtin(rd_stop *sw, rd_err *err);

/* 1 when the normalised form w[0..n) is a single-word stop word or filler. */
int rd_stop_has(const rd_stop *sw, const char *w, size_t n);

/* 1 when the normalised form w[0..n) closes a letter (an entry "WORD ..."). */
int rd_stop_closes(const rd_stop *sw, const char *w, size_t n);

/* 1 when w[0..n) is the first word of some phrase. */
int rd_stop_starts_phrase(const rd_stop *sw, const char *w, size_t n);

/* Id of w[0..n) among the words that occur in phrases, or UINT32_MAX. */
uint32_t rd_stop_phrase_word(const rd_stop *sw, const char *w, size_t n);

/* Length in words of the longest phrase whose word ids (rd_stop_phrase_word) match
 * ids[0..n) at its start, or 0. */
size_t rd_stop_match_ids(const rd_stop *sw, const uint32_t *ids, size_t n);

size_t rd_stop_count(const rd_stop *sw); /* words + phrases */

/* Every list loaded into the set, in order, each ending with a newline: loading it into an
 * empty set (rd_stop_load) gives the same set. For the saved model (io/write/model.h). */
const char *rd_stop_text(const rd_stop *sw, size_t *n);

/* 1 when w[0..n) (lower case, NFC) is a single-word entry of the built-in stop word or
 * filler list ("nee", "dus", "kijk", "oké"), without a set: the lists are indexed once, on
 * the first call, into static memory (thread-safe; nothing to free, nothing can fail).
 * For callers outside the text stage that only need to know whether a word is common,
 * such as the speaker-label rule (io/read/labels.h). */
int rd_stop_builtin_has(const char *w, size_t n);

#endif
