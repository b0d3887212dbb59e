/* nlp/normalise.h — token normalisation: Unicode NFC, full case folding (utf8proc), and
 * typographic apostrophes and hyphens mapped to ASCII ' and -, so that "Foto’s",
 * "FOTO'S" and "foto's" (with a decomposed or composed accent alike) meet as one form.
 * ASCII input takes a fast path (plain lowercasing, which equals NFC + casefold there).
 * Not thread-safe: one rd_norm per thread. */
#ifndef RD_NORMALISE_H
#define RD_NORMALISE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

typedef struct rd_norm rd_norm;

/* On success *out is owned by the caller (rd_norm_free); on failure NULL. */
rd_status rd_norm_new(rd_norm **out, rd_err *err);
void rd_norm_free(rd_norm *nz); /* NULL is a no-op */

/* Text longer than this many bytes is not normalised: only its ASCII letters are
 * lowercased (linear time). Unicode's canonical ordering of combining marks, inside
 * utf8proc, takes time quadratic in a run of marks (a 1 MB run took ten minutes), and no
 * word worth normalising is this long: the analysis keeps words of at most 64 bytes, and
 * normalisation shortens text at most 3 times (U+1FEF, Hangul jamo; checked over every
 * code point in tests/unit/nlp/test_normalise.c), so every token that could end up a
 * kept word is normalised in full. */
#define RD_NORM_MAX 256

/* Normalises s[0..n), which must be valid UTF-8 (see RD_NORM_MAX for n above it). *out
 * is borrowed: NUL-terminated and valid until the next call on nz. */
rd_status rd_norm_apply(rd_norm *nz, const char *s, size_t n, const char **out, size_t *out_n,
                        rd_err *err);

/* Maps a typographic apostrophe or hyphen code point to its ASCII form; others unchanged. */
int32_t rd_norm_fold_punct(int32_t cp);

/* utf8proc's Unicode version, for the run manifest. */
const char *rd_norm_unicode_version(void);
/* utf8proc's own version, for the run manifest. */
const char *rd_norm_library_version(void);

#endif
