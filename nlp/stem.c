/* nlp/stem.c — see stem.h. Cache: word → stem id, both interned in rd_strtab. */
#include "nlp/stem.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "nlp/strtab.h"

#ifndef RD_LIBSTEMMER_VERSION
#define RD_LIBSTEMMER_VERSION "unknown"
#endif

struct rd_stemmer {
    struct sb_stemmer *sb;
    char algo[32];
    rd_strtab *words, *stems;
    uint32_t *stem_of; /* per word id */
    size_t cap;
};

const char *rd_stem_library_version(void)
{
    return RD_LIBSTEMMER_VERSION;
}

rd_status rd_stemmer_new(const char *algo, rd_stemmer **out, rd_err *err)
{
    rd_stemmer *s = NULL;
    *out = NULL;
    if (!algo || strlen(algo) >= sizeof s->algo)
        return rd_fail(err, RD_EINVAL, "stemmer: no algorithm name");
    if (!(s = calloc(1, sizeof *s)))
        return rd_fail(err, RD_ENOMEM, "stemmer");
    strcpy(s->algo, algo);
    s->sb = sb_stemmer_new(algo, "UTF_8");
    if (!s->sb) {
        rd_stemmer_free(s);
        return rd_fail(err, RD_EINVAL, "libstemmer has no algorithm \"%s\" for UTF-8", algo);
    }
    if (!(s->words = rd_strtab_new(4096)) || !(s->stems = rd_strtab_new(4096))) {
        rd_stemmer_free(s);
        return rd_fail(err, RD_ENOMEM, "stem cache");
    }
    *out = s;
    return RD_OK;
}

void rd_stemmer_free(rd_stemmer *s)
{
    if (!s)
        return;
    sb_stemmer_delete(s->sb);
    rd_strtab_free(s->words);
    rd_strtab_free(s->stems);
    free(s->stem_of);
    free(s);
}

rd_status rd_stem(rd_stemmer *s, const char *w, size_t n, const char **stem, size_t *stem_n,
                  rd_err *err)
{
    uint32_t id = rd_strtab_find(s->words, w, n);
    if (id != RD_STRTAB_NONE) {
        *stem = rd_strtab_str(s->stems, s->stem_of[id], stem_n);
        return RD_OK;
    }
    if (n > INT32_MAX)
        return rd_fail(err, RD_EINVAL, "word of %zu bytes is too long to stem", n);
    /* Make room first so that a failure leaves the cache consistent. */
    if (RD_GROW_MIN(s->stem_of, s->cap, rd_strtab_count(s->words) + 1, 4096))
        return rd_fail(err, RD_ENOMEM, "stem cache");
    const sb_symbol *r = sb_stemmer_stem(s->sb, (const sb_symbol *)w, (int)n);
    if (!r)
        return rd_fail(err, RD_ENOMEM, "libstemmer");
    int rl = sb_stemmer_length(s->sb);
    uint32_t sid = rd_strtab_intern(s->stems, (const char *)r, (size_t)rl, NULL);
    if (sid == RD_STRTAB_NONE || (id = rd_strtab_intern(s->words, w, n, NULL)) == RD_STRTAB_NONE)
        return rd_fail(err, RD_ENOMEM, "stem cache");
    s->stem_of[id] = sid;
    *stem = rd_strtab_str(s->stems, sid, stem_n);
    return RD_OK;
}

rd_status rd_stem_id(rd_stemmer *s, const char *w, size_t n, uint32_t *id, rd_err *err)
{
    if (n > INT32_MAX)
        return rd_fail(err, RD_EINVAL, "word of %zu bytes is too long to stem", n);
    const sb_symbol *r = sb_stemmer_stem(s->sb, (const sb_symbol *)w, (int)n);
    if (!r)
        return rd_fail(err, RD_ENOMEM, "libstemmer");
    int rl = sb_stemmer_length(s->sb);
    uint32_t sid = rd_strtab_intern(s->stems, (const char *)r, (size_t)rl, NULL);
    if (sid == RD_STRTAB_NONE)
        return rd_fail(err, RD_ENOMEM, "stem cache");
    *id = sid;
    return RD_OK;
}

rd_status rd_stem_intern(rd_stemmer *s, const char *str, size_t n, uint32_t *id, rd_err *err)
{
    uint32_t sid = rd_strtab_intern(s->stems, str, n, NULL);
    if (sid == RD_STRTAB_NONE)
        return rd_fail(err, RD_ENOMEM, "stem cache");
    *id = sid;
    return RD_OK;
}

const char *rd_stem_str(const rd_stemmer *s, uint32_t id, size_t *n)
{
    return rd_strtab_str(s->stems, id, n);
}

size_t rd_stem_count(const rd_stemmer *s)
{
    return s->stems ? rd_strtab_count(s->stems) : 0;
}

rd_strtab *rd_stem_take_stems(rd_stemmer *s)
{
    rd_strtab *t = s->stems;
    s->stems = NULL;
    return t;
}

const char *rd_stemmer_algorithm(const rd_stemmer *s)
{
    return s->algo;
}
