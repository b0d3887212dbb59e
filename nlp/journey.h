/* nlp/journey.h — the tenant's journey: an ordered list of stages, each with cue words and
 * phrases, and the count of each stage's cues in a passage.
 *
 * A journey file is plain UTF-8 text (the default: nlp/data/journey-nl.txt):
 *
 *     # comment
 *     stage KEY Title words
 *     cue word
 *     a cue phrase
 *     stage KEY2 Another title
 *     ...
 *
 * "stage KEY Title" starts a stage (KEY: 1 to 32 letters, digits, '-' or '_'; the title is
 * the rest of the line, KEY when empty); every other non-blank line is one cue of the
 * stage above it. '#' starts a comment. Stages keep the file's order (at most
 * RD_JOURNEY_MAX_STAGES); every stage needs at least one cue. A cue is tokenised,
 * normalised and stemmed exactly as corpus words are (nlp/analyse.h; the Snowball stemmer
 * named at load), so "lekkage" matches "lekkages" (a word also matches when it does
 * without its plural ending -s, -'s or -en: Snowball keeps the s after a vowel); a cue of
 * several words (at most
 * RD_JOURNEY_MAX_WORDS) matches those words in a row within one sentence (the tokeniser's
 * sentence rule, nlp/tokenise.h), stop words included.
 *
 * Counting (rd_journey_scan_count): at each word of a passage the longest cue starting
 * there matches (its words are then passed over, so "groot onderhoud" counts once, for its
 * own stage, and not also as "onderhoud"); a cue listed under two stages counts for both.
 * Read-only after loading: one rd_journey may be shared by all threads, each with its own
 * rd_journey_scan. */
#ifndef RD_JOURNEY_H
#define RD_JOURNEY_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "nlp/analyse.h"

enum { RD_JOURNEY_MAX_STAGES = 64, RD_JOURNEY_MAX_WORDS = 8 };

typedef struct rd_journey rd_journey;

/* Parses text[0..n); origin names it in messages ("FILE:LINE: ..."). algo: the libstemmer
 * algorithm the corpus is stemmed with. Errors: RD_EUTF8 (invalid UTF-8, with the byte and
 * line), RD_EDATA (no stage, a cue before the first stage, a bad or repeated KEY, a stage
 * without cues, a cue without words or with too many, too many stages), RD_ENOMEM. On
 * success *out is owned by the caller (rd_journey_free); on failure it is NULL. */
rd_status rd_journey_load(const char *text, size_t n, const char *origin, const char *algo,
                          rd_journey **out, rd_err *err);
/* The built-in journey (nlp/data/journey-nl.txt). */
rd_status rd_journey_load_builtin(const char *algo, rd_journey **out, rd_err *err);
void rd_journey_free(rd_journey *j); /* NULL is a no-op */

size_t rd_journey_stages(const rd_journey *j);
/* The list text it was loaded from (rd_journey_load of it gives the same journey). */
const char *rd_journey_text(const rd_journey *j, size_t *n);
/* Borrowed, valid until rd_journey_free. */
const char *rd_journey_key(const rd_journey *j, size_t stage);
const char *rd_journey_title(const rd_journey *j, size_t stage);
/* Cues of a stage. */
size_t rd_journey_cues(const rd_journey *j, size_t stage);

/* One thread's matcher over an analyser's forms; borrows j, which must outlive it. */
typedef struct rd_journey_scan rd_journey_scan;
rd_status rd_journey_scan_new(const rd_journey *j, const char *algo, rd_journey_scan **out,
                              rd_err *err);
void rd_journey_scan_free(rd_journey_scan *sc); /* NULL is a no-op */

/* Counts the cues per stage in the analyser's last run over text s (the text given to
 * rd_an_run): counts[0..rd_journey_stages) are set (saturating at UINT16_MAX). The scan
 * must always be used with the same analyser (it caches per form). */
rd_status rd_journey_scan_count(rd_journey_scan *sc, rd_an *an, const char *s,
                                uint16_t *counts, rd_err *err);

#endif
