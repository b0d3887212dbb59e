/* nlp/redact_ids.h — internal to nlp/redact: the scanners for personal numbers that are
 * not contact data: citizen service numbers (BSN), dates of birth and Dutch licence plates.
 * The rules are stated in nlp/redact.h; nlp/redact_ids.c explains how they are applied.
 *
 * Each scanner looks at s[0..n) (valid UTF-8) from the word start i and returns the end of
 * its match, or 0. None of them looks further than a fixed number of bytes before or after
 * i, so the redaction pass stays linear. */
#ifndef RD_REDACT_IDS_H
#define RD_REDACT_IDS_H

#include <stddef.h>

/* 1 when the code point at s[i] is a letter, digit or mark (past the end: 0). Defined in
 * nlp/redact.c, the one place that classifies characters for masking. */
int rd__redact_word_at(const char *s, size_t n, size_t i);

/* At a digit that starts a number: the first of the three below that matches, as its
 * mask ("[BSN]", "[geboortedatum]", "[kenteken]") with the end of the match in *e; NULL
 * (and *e 0) when none does. */
const char *rd__redact_number(const char *s, size_t n, size_t i, size_t *e);

/* At a digit: 9 digits, compact or in groups, that pass the 11-test. */
size_t rd__redact_bsn(const char *s, size_t n, size_t i);
/* At a digit: a full date (day, month, year) with a birth word or ° near it. */
size_t rd__redact_birth_date(const char *s, size_t n, size_t i);
/* At a digit or an ASCII letter: a licence plate in one of the RDW side codes 1-14 (with
 * dashes, capitals), or next to kenteken/nummerbord (also without dashes, any case). */
size_t rd__redact_plate(const char *s, size_t n, size_t i);

#endif
