/* nlp/cues.c — see cues.h. Whole words live in one rd_strtab with a kind mask per id;
 * prefixes (WORD*) are few and are scanned linearly, once per new word form. */
#include "nlp/cues.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "nlp/normalise.h"
#include "nlp/stopwords.h"
#include "nlp/strtab.h"
#include "nlp/utf8.h"
#include "nlp/wordlist.h"

extern const unsigned char rd__builtin_cues[];
extern const size_t rd__builtin_cues_len;

static const char *const kind_names[RD_CUE__COUNT] = {"motivation", "contrast", "negation",
                                                      "positive", "negative"};

typedef struct {
    char *s;
    size_t n;
    unsigned mask;
} prefix;

struct rd_cues {
    rd_strtab *words;
    unsigned *mask;  /* per word id */
    size_t cap_mask;
    prefix *pre;
    size_t n_pre, cap_pre;
};

const char *rd_cues_kind_name(rd_cue_kind k)
{
    return k < RD_CUE__COUNT ? kind_names[k] : "?";
}

rd_status rd_cues_new(rd_cues **out, rd_err *err)
{
    rd_cues *c = calloc(1, sizeof *c);
    *out = NULL;
    if (!c || !(c->words = rd_strtab_new(256))) {
        rd_cues_free(c);
        return rd_fail(err, RD_ENOMEM, "cue list");
    }
    *out = c;
    return RD_OK;
}

void rd_cues_free(rd_cues *c)
{
    if (!c)
        return;
    rd_strtab_free(c->words);
    free(c->mask);
    for (size_t i = 0; i < c->n_pre; i++)
        free(c->pre[i].s);
    free(c->pre);
    free(c);
}

static int add_word(rd_cues *c, const char *w, size_t n, unsigned bit)
{
    uint32_t id = rd_strtab_intern(c->words, w, n, NULL);
    if (id == RD_STRTAB_NONE)
        return -1;
    if (id >= c->cap_mask) {
        size_t old = c->cap_mask;
        if (RD_GROW_MIN(c->mask, c->cap_mask, (size_t)id + 1, 256))
            return -1;
        memset(c->mask + old, 0, (c->cap_mask - old) * sizeof *c->mask); /* no kinds yet */
    }
    c->mask[id] |= bit;
    return 0;
}

static int add_prefix(rd_cues *c, const char *w, size_t n, unsigned bit)
{
    for (size_t i = 0; i < c->n_pre; i++)
        if (c->pre[i].n == n && memcmp(c->pre[i].s, w, n) == 0) {
            c->pre[i].mask |= bit;
            return 0;
        }
    if (RD_GROW_MIN(c->pre, c->cap_pre, c->n_pre + 1, 32))
        return -1;
    char *s = malloc(n + 1);
    if (!s)
        return -1;
    memcpy(s, w, n);
    s[n] = '\0';
    c->pre[c->n_pre++] = (prefix){s, n, bit};
    return 0;
}

rd_status rd_cues_load(rd_cues *c, const char *text, size_t n, const char *origin, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_norm *nz = NULL;
    size_t bad, line = 0;
    if (!rd_utf8_valid(text, n, &bad))
        return rd_fail(err, RD_EUTF8, "%s: invalid UTF-8 at byte %zu (line %zu)", origin, bad,
                       rd_utf8_line_of(text, bad));
    if ((rc = rd_norm_new(&nz, err)) != RD_OK)
        return rc;
    size_t i = 0, b, f;
    while (rc == RD_OK && rd_wordlist_line(text, n, &i, &b, &f)) {
        line++;
        if (f == b)
            continue;
        size_t k = b;
        while (k < f && text[k] != ' ' && text[k] != '\t')
            k++;
        size_t kind = RD_CUE__COUNT;
        for (size_t j = 0; j < RD_CUE__COUNT; j++)
            if (strlen(kind_names[j]) == k - b && memcmp(kind_names[j], text + b, k - b) == 0)
                kind = j;
        size_t wb = k;
        while (wb < f && (text[wb] == ' ' || text[wb] == '\t'))
            wb++;
        if (kind == RD_CUE__COUNT || wb == f || memchr(text + wb, ' ', f - wb) ||
            memchr(text + wb, '\t', f - wb)) {
            rc = rd_fail(err, RD_EDATA,
                         "%s:%zu: expected \"KIND WORD\" with KIND one of motivation, contrast, "
                         "negation, positive, negative, and one word",
                         origin, line);
            break;
        }
        int star = text[f - 1] == '*';
        const char *w;
        size_t wn;
        if (star && f - 1 == wb) {
            rc = rd_fail(err, RD_EDATA, "%s:%zu: a lone '*' would match every word", origin, line);
            break;
        }
        if ((rc = rd_norm_apply(nz, text + wb, f - wb - (size_t)star, &w, &wn, err)) != RD_OK)
            break;
        unsigned bit = 1u << kind;
        if ((star ? add_prefix(c, w, wn, bit) : add_word(c, w, wn, bit)) != 0)
            rc = rd_fail(err, RD_ENOMEM, "cue list");
    }
    rd_norm_free(nz);
    return rc;
}

rd_status rd_cues_load_builtin(rd_cues *c, rd_err *err)
{
    return rd_cues_load(c, (const char *)rd__builtin_cues, rd__builtin_cues_len,
                        "nlp/data/cues-nl.txt", err);
}

unsigned rd_cues_match(const rd_cues *c, const char *w, size_t n)
{
    unsigned m = 0;
    uint32_t id = rd_strtab_find(c->words, w, n);
    if (id != RD_STRTAB_NONE)
        m = c->mask[id];
    for (size_t i = 0; i < c->n_pre; i++)
        if (n >= c->pre[i].n && memcmp(w, c->pre[i].s, c->pre[i].n) == 0)
            m |= c->pre[i].mask;
    return m;
}

size_t rd_cues_count(const rd_cues *c)
{
    return rd_strtab_count(c->words) + c->n_pre;
}
