/* nlp/stopwords.c — see stopwords.h. Words live in one rd_strtab; a phrase is stored as
 * its word ids, and a second table marks which words start a phrase. */
#include "nlp/stopwords.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "engine/strbuf.h"
#include "nlp/normalise.h"
#include "nlp/strtab.h"
#include "nlp/utf8.h"
#include "nlp/wordlist.h"

extern const unsigned char rd__builtin_stopwords[];
extern const size_t rd__builtin_stopwords_len;
extern const unsigned char rd__builtin_fillers[];
extern const size_t rd__builtin_fillers_len;
extern const unsigned char rd__builtin_frames[];
extern const size_t rd__builtin_frames_len;

enum { MAX_PHRASE = 6 };

typedef struct {
    uint32_t w[MAX_PHRASE];
    size_t n;
} phrase;

struct rd_stop {
    rd_strtab *words;   /* single stop words */
    rd_strtab *close;   /* words that close a letter (entries "WORD ...") */
    rd_strtab *pwords;  /* words appearing in phrases */
    uint8_t *pstart;    /* per pwords id: starts a phrase */
    size_t pstart_cap;
    phrase *ph;
    size_t n_ph, cap_ph;
    rd_buf text;        /* every list loaded, one after another (rd_stop_text) */
};

rd_status rd_stop_new(rd_stop **out, rd_err *err)
{
    rd_stop *sw = calloc(1, sizeof *sw);
    *out = NULL;
    if (!sw || !(sw->words = rd_strtab_new(512)) || !(sw->pwords = rd_strtab_new(64)) ||
        !(sw->close = rd_strtab_new(16))) {
        rd_stop_free(sw);
        return rd_fail(err, RD_ENOMEM, "stop word set");
    }
    *out = sw;
    return RD_OK;
}

void rd_stop_free(rd_stop *sw)
{
    if (!sw)
        return;
    rd_strtab_free(sw->words);
    rd_strtab_free(sw->pwords);
    rd_strtab_free(sw->close);
    free(sw->pstart);
    free(sw->ph);
    free(sw->text.s);
    free(sw);
}

static rd_status add_phrase(rd_stop *sw, const char *s, size_t n, rd_err *err)
{
    phrase p = {{0}, 0};
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t b = i;
        while (i < n && s[i] != ' ')
            i++;
        if (i == b)
            break;
        if (p.n == MAX_PHRASE)
            return RD_OK; /* longer phrases are ignored */
        uint32_t id = rd_strtab_intern(sw->pwords, s + b, i - b, NULL);
        if (id == RD_STRTAB_NONE)
            return rd_fail(err, RD_ENOMEM, "stop phrase");
        p.w[p.n++] = id;
    }
    if (p.n < 2)
        return RD_OK;
    if (RD_GROW(sw->ph, sw->cap_ph, sw->n_ph + 1))
        return rd_fail(err, RD_ENOMEM, "stop phrases");
    sw->ph[sw->n_ph++] = p;
    size_t need = rd_strtab_count(sw->pwords);
    if (need > sw->pstart_cap) { /* sized to twice the phrase words so far, not doubled */
        if (RD_RESIZE(sw->pstart, need * 2))
            return rd_fail(err, RD_ENOMEM, "stop phrases");
        memset(sw->pstart + sw->pstart_cap, 0, need * 2 - sw->pstart_cap);
        sw->pstart_cap = need * 2;
    }
    sw->pstart[p.w[0]] = 1;
    return RD_OK;
}

rd_status rd_stop_load(rd_stop *sw, const char *text, size_t n, const char *origin, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_norm *nz = NULL;
    size_t bad;
    if (!rd_utf8_valid(text, n, &bad))
        return rd_fail(err, RD_EUTF8, "%s: invalid UTF-8 at byte %zu (line %zu)", origin, bad,
                       rd_utf8_line_of(text, bad));
    rd_buf_put(&sw->text, text, n);
    if (n && text[n - 1] != '\n')
        rd_buf_put(&sw->text, "\n", 1);
    if (sw->text.oom)
        return rd_fail(err, RD_ENOMEM, "%s: stop words", origin);
    if ((rc = rd_norm_new(&nz, err)) != RD_OK)
        return rc;
    size_t i = 0, b, f;
    while (rc == RD_OK && rd_wordlist_line(text, n, &i, &b, &f)) {
        if (f > b) {
            const char *w;
            size_t wn;
            if ((rc = rd_norm_apply(nz, text + b, f - b, &w, &wn, err)) != RD_OK)
                break;
            int closes = wn > 4 && memcmp(w + wn - 4, " ...", 4) == 0 && !memchr(w, ' ', wn - 4);
            if (closes) {
                wn -= 4;
                if (rd_strtab_intern(sw->close, w, wn, NULL) == RD_STRTAB_NONE) {
                    rc = rd_fail(err, RD_ENOMEM, "stop words");
                    break;
                }
            }
            if (memchr(w, ' ', wn) || memchr(w, '\t', wn)) {
                rc = add_phrase(sw, w, wn, err);
            } else if (rd_strtab_intern(sw->words, w, wn, NULL) == RD_STRTAB_NONE) {
                rc = rd_fail(err, RD_ENOMEM, "stop words");
            }
        }
    }
    rd_norm_free(nz);
    return rc;
}

rd_status rd_stop_load_lists(rd_stop *sw, unsigned which, rd_err *err)
{
    static const struct {
        unsigned bit;
        const unsigned char *text;
        const size_t *n;
        const char *origin;
    } lists[] = {
        {RD_STOP_LIST_STOP, rd__builtin_stopwords, &rd__builtin_stopwords_len, "nlp/data/stopwords-nl.txt"},
        {RD_STOP_LIST_FILLER, rd__builtin_fillers, &rd__builtin_fillers_len, "nlp/data/fillers-nl.txt"},
        {RD_STOP_LIST_FRAME, rd__builtin_frames, &rd__builtin_frames_len, "nlp/data/frames-nl.txt"},
    };
    rd_status rc = RD_OK;
    for (size_t i = 0; i < sizeof lists / sizeof *lists && rc == RD_OK; i++)
        if (which & lists[i].bit)
            rc = rd_stop_load(sw, (const char *)lists[i].text, *lists[i].n, lists[i].origin, err);
    return rc;
}

rd_status rd_stop_load_builtin(rd_stop *sw, rd_err *err)
{
    return rd_stop_load_lists(sw, RD_STOP_LISTS_ALL, err);
}

int rd_stop_closes(const rd_stop *sw, const char *w, size_t n)
{
    return rd_strtab_find(sw->close, w, n) != RD_STRTAB_NONE;
}

int rd_stop_has(const rd_stop *sw, const char *w, size_t n)
{
    return rd_strtab_find(sw->words, w, n) != RD_STRTAB_NONE;
}

int rd_stop_starts_phrase(const rd_stop *sw, const char *w, size_t n)
{
    uint32_t id = rd_strtab_find(sw->pwords, w, n);
    return id != RD_STRTAB_NONE && id < sw->pstart_cap && sw->pstart[id];
}

uint32_t rd_stop_phrase_word(const rd_stop *sw, const char *w, size_t n)
{
    return rd_strtab_find(sw->pwords, w, n);
}

size_t rd_stop_match_ids(const rd_stop *sw, const uint32_t *ids, size_t n)
{
    size_t best = 0, m = n < MAX_PHRASE ? n : MAX_PHRASE;
    for (size_t p = 0; p < sw->n_ph; p++) {
        const phrase *ph = &sw->ph[p];
        if (ph->n > m || ph->n <= best)
            continue;
        size_t k = 0;
        while (k < ph->n && ids[k] == ph->w[k])
            k++;
        if (k == ph->n)
            best = ph->n;
    }
    return best;
}

size_t rd_stop_count(const rd_stop *sw)
{
    return rd_strtab_count(sw->words) + sw->n_ph;
}

/* The built-in lists' single words, indexed once into static memory: offsets into the
 * embedded texts, sorted by length and bytes for a binary search. The lists hold about
 * 390 words; BUILTIN_MAX leaves room for them to grow (a unit test checks the index holds
 * every word). The entries are stored lower case and NFC already, as the files say. */
enum { BUILTIN_MAX = 2048 };

typedef struct {
    const char *s;
    uint32_t n;
} builtin_word;

static builtin_word builtin_words[BUILTIN_MAX];
static size_t n_builtin_words;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static int word_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn)
        return an < bn ? -1 : 1;
    return memcmp(a, b, an);
}

static int builtin_cmp(const void *pa, const void *pb)
{
    const builtin_word *a = pa, *b = pb;
    return word_cmp(a->s, a->n, b->s, b->n);
}

static void index_list(const unsigned char *text, size_t n)
{
    size_t i = 0, b, e;
    while (rd_wordlist_line((const char *)text, n, &i, &b, &e))
        if (e > b && !memchr(text + b, ' ', e - b) && !memchr(text + b, '\t', e - b) &&
            n_builtin_words < BUILTIN_MAX)
            builtin_words[n_builtin_words++] = (builtin_word){(const char *)text + b, (uint32_t)(e - b)};
}

static void index_builtin(void)
{
    index_list(rd__builtin_stopwords, rd__builtin_stopwords_len);
    index_list(rd__builtin_fillers, rd__builtin_fillers_len);
    qsort(builtin_words, n_builtin_words, sizeof *builtin_words, builtin_cmp);
}

int rd_stop_builtin_has(const char *w, size_t n)
{
    pthread_once(&builtin_once, index_builtin);
    size_t lo = 0, hi = n_builtin_words;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = word_cmp(builtin_words[mid].s, builtin_words[mid].n, w, n);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

const char *rd_stop_text(const rd_stop *sw, size_t *n)
{
    *n = sw->text.n;
    return sw->text.s ? sw->text.s : "";
}
