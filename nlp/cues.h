/* nlp/cues.h — Dutch cue words for motivations and tensions (see nlp/data/cues-nl.txt).
 *
 * A cue list is plain text, one cue per line: "KIND WORD", KIND one of motivation,
 * contrast, negation, positive, negative; WORD is normalised like a token (NFC, case
 * folded); a WORD ending in '*' matches every word starting with it. '#' starts a comment.
 * The built-in list is compiled into the library; --cues FILE adds to it.
 * Read-only after loading, so one set may be shared by all threads. */
#ifndef RD_CUES_H
#define RD_CUES_H

#include <stddef.h>
#include <stdint.h>

#include "engine/describe/cues.h"
#include "engine/status.h"


typedef struct rd_cues rd_cues;

/* An empty set; *out owned by the caller (rd_cues_free). */
rd_status rd_cues_new(rd_cues **out, rd_err *err);
void rd_cues_free(rd_cues *c); /* NULL is a no-op */

/* Adds the cues of text[0..n); origin names it in messages. A line that is not
 * "KIND WORD" gives RD_EDATA "origin:line: ..."; invalid UTF-8 gives RD_EUTF8. */
rd_status rd_cues_load(rd_cues *c, const char *text, size_t n, const char *origin, rd_err *err);
rd_status rd_cues_load_builtin(rd_cues *c, rd_err *err);

/* Bit mask (1u << rd_cue_kind) of the kinds the normalised word w[0..n) is a cue of. */
unsigned rd_cues_match(const rd_cues *c, const char *w, size_t n);

size_t rd_cues_count(const rd_cues *c);
const char *rd_cues_kind_name(rd_cue_kind k);

#endif
