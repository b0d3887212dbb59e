/* engine/describe/personas.h — persona names follow their segments across reruns.
 *
 * A researcher names segments in names.tsv (a name and the segment's distinguishing terms
 * then); on a rerun each name is put on the new segment whose distinguishing terms match
 * its terms best. A name's terms are looked up in this run's vocabulary by the caller
 * (stemmed like the corpus, nlp/quotetext.h); the name's vector weighs its i-th term
 * 1/(i+1), a term missing from the vocabulary counting in the norm only. Its similarity to
 * a segment is the cosine between that vector and the positive part of the segment's
 * distinguishing-term scores. Names and segments are paired greedily, most similar pair
 * first (the first name, then the first segment, on ties), one to one; a name whose best
 * remaining segment is less similar than min_sim is reported and not placed. */
#ifndef RD_DESCRIBE_PERSONAS_H
#define RD_DESCRIBE_PERSONAS_H

#include <stddef.h>
#include <stdint.h>

#include "engine/lists.h"
#include "engine/status.h"

typedef struct {
    const char *name;      /* as the researcher wrote it */
    size_t line;           /* its line in the names file, for messages */
    const int32_t *terms;  /* n_terms vocabulary terms of its words, in order; -1 for a word
                              this run's vocabulary does not have */
    size_t n_terms;
} rd_persona;

/* seg_score: k × v distinguishing-term scores (engine/describe/describe.h). seg_name[s]
 * gets the index of the name placed on segment s, or -1. Every name not placed adds a
 * line to notes that says why, with segments numbered from 1:
 *   name "X" (line 3) is not used: no segment reaches 0.20 (closest: segment 2, 0.12)
 *   name "X" (line 3) is not used: its closest segment (2, similarity 0.25) went to name
 *     "Y" (0.41), and no other segment reaches 0.20
 * (or "…, and the one other segment that reaches 0.20 went to another name" / "the N
 * other segments …"). *matched and *unmatched count the names. */
rd_status rd_personas_match(const double *seg_score, size_t k, size_t v, const rd_persona *names,
                            size_t m, double min_sim, int32_t *seg_name, rd_strlist *notes,
                            size_t *matched, size_t *unmatched, rd_err *err);

#endif
