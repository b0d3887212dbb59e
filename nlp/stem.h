/* nlp/stem.h — Snowball stemming over libstemmer, with a per-stemmer cache.
 *
 * The algorithm name is always passed explicitly: on Debian 12 (libstemmer 2.2.0) "dutch"
 * is Porter's Dutch stemmer; Snowball 3 renamed it and made Kraaij-Pohlmann the default,
 * so an implicit choice would change results silently across versions.
 * Not thread-safe: one rd_stemmer per thread. */
#ifndef RD_STEM_H
#define RD_STEM_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "nlp/strtab.h"

#define RD_STEM_ALGORITHM "dutch"

typedef struct rd_stemmer rd_stemmer;

/* algo: a libstemmer algorithm name, e.g. "dutch". On success *out is owned by the
 * caller (rd_stemmer_free). On failure *out is NULL and err says why. */
rd_status rd_stemmer_new(const char *algo, rd_stemmer **out, rd_err *err);
void rd_stemmer_free(rd_stemmer *s); /* NULL is a no-op */

/* Stems w[0..n) (normalised UTF-8). *stem is borrowed: NUL-terminated, valid until
 * rd_stemmer_free (the cache keeps every stem it has returned). */
rd_status rd_stem(rd_stemmer *s, const char *w, size_t n, const char **stem, size_t *stem_n,
                  rd_err *err);

/* Stems a word the caller will not ask for again (e.g. each distinct form a thread sees,
 * once): no word cache, only the stem is kept. *id gets the stem's id among the stems this
 * stemmer has returned (dense, from 0, in first-seen order; shared with rd_stem's), for
 * rd_stem_str. */
rd_status rd_stem_id(rd_stemmer *s, const char *w, size_t n, uint32_t *id, rd_err *err);
/* The id of s[0..n) among the stems, taken as it is (not stemmed): a term made of stems,
 * such as a phrase's ("sociaal huur"), in the same table and id space as the stems. */
rd_status rd_stem_intern(rd_stemmer *s, const char *str, size_t n, uint32_t *id, rd_err *err);
/* Stem id -> the stem (borrowed, NUL-terminated, valid until rd_stemmer_free). */
const char *rd_stem_str(const rd_stemmer *s, uint32_t id, size_t *n);
/* How many distinct stems the stemmer has returned. */
size_t rd_stem_count(const rd_stemmer *s);
/* Hands the table of stems (ids as rd_stem_id gave them) to the caller, who frees it
 * with rd_strtab_free; afterwards the stemmer may only be freed. */
rd_strtab *rd_stem_take_stems(rd_stemmer *s);

const char *rd_stemmer_algorithm(const rd_stemmer *s);

/* The libstemmer version this build was configured against (Debian package version). */
const char *rd_stem_library_version(void);

#endif
