/* engine/describe/terms.h — picking and listing the terms (or themes) that describe
 * something: the largest entries of a score vector, and their labels joined into a cell;
 * words shown as the multi-word term they are mostly said in. */
#ifndef RD_DESCRIBE_TERMS_H
#define RD_DESCRIBE_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "engine/csr.h"
#include "engine/status.h"
#include "engine/strbuf.h"

/* Indices of the `top` largest of v[0..n) (descending, lower index on ties) into idx,
 * skipping values ≤ floor (and NaN); returns how many. */
size_t rd_terms_top(const double *v, size_t n, size_t top, double floor, size_t *idx);

/* Appends label[idx[0]], sep, label[idx[1]], … to b. */
void rd_terms_join(const char *const *label, const size_t *idx, size_t n, const char *sep,
                   rd_buf *b);

#define RD_TERMS_NONE UINT32_MAX

/* The multi-word terms of n terms ("slimme meter"): the themes and segments are fitted on
 * words (a phrase's words are counted too, engine/analysis.h), and a phrase names what its
 * words found. phrase[t] marks one, first[t] and second[t] are its words (RD_TERMS_NONE
 * for a word that is no term); of[off[w] .. off[w + 1]) are the phrases word w is in;
 * slot[t] numbers the terms phrases involve (the phrases and their words; -1 for the
 * others), whose passages are counted (rd_terms_phrases_count). */
typedef struct {
    size_t n;
    const unsigned char *phrase; /* NULL: no multi-word terms */
    const uint32_t *first, *second;
    size_t *off;
    uint32_t *of;
    int32_t *slot;
    size_t n_slots;
} rd_term_phrases;

/* ph for n terms (phrase, first and second borrowed; phrase NULL or marking none: no
 * phrases). */
rd_status rd_terms_phrases_init(rd_term_phrases *ph, size_t n, const unsigned char *phrase,
                                const uint32_t *first, const uint32_t *second, rd_err *err);
void rd_terms_phrases_free(rd_term_phrases *ph); /* zeroed is fine */

/* cnt[slot] += 1 for each term with a slot in row `row` of x (the words) or of xp (the
 * phrases' entries; may be NULL). */
void rd_terms_phrases_count(const rd_term_phrases *ph, const rd_csr *x, const rd_csr *xp,
                            size_t row, uint32_t *cnt);

/* The `top` (at most 21) terms shown for the scores v (n terms): the words ranked by v (a
 * phrase's own score is not ranked), each shown as the phrase of it said in at least half
 * of the passages described that use the word (the most used such phrase; cnt: the
 * passages per slot, rd_terms_phrases_count); the phrase's other word is then not shown
 * again. idx gets the terms shown; returns how many. Without phrases, rd_terms_top. */
size_t rd_terms_shown(const double *v, size_t n, size_t top, double floor,
                      const rd_term_phrases *ph, const uint32_t *cnt, size_t *idx);

#endif
