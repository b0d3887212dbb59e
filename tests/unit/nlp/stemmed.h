/* tests/unit/nlp/stemmed.h — a helper for the nlp tests: the vocabulary term of a word,
 * stemmed as the text stage stems it. Header-only; include it after <cmocka.h>. */
#ifndef RD_TEST_STEMMED_H
#define RD_TEST_STEMMED_H

#include <string.h>

#include "nlp/stem.h"
#include "nlp/vocab.h"

/* The term of word w (lower case) in v, or RD_VOCAB_NONE. */
static inline uint32_t vocab_term_of(const rd_vocab *v, const char *w)
{
    rd_stemmer *st;
    rd_err err;
    const char *s;
    size_t n;
    assert_int_equal(rd_stemmer_new(RD_STEM_ALGORITHM, &st, &err), RD_OK);
    assert_int_equal(rd_stem(st, w, strlen(w), &s, &n, &err), RD_OK);
    uint32_t t = rd_vocab_find(v, s, n);
    rd_stemmer_free(st);
    return t;
}

#endif
