/* nlp/frames.c — see frames.h.
 *
 * The sample is recorded per item (a sampled source) in the ids of the analyser of the
 * worker that read it; rd_fr_learn maps every item, in item order, to ids of its own
 * (normalised forms and stems interned by their strings), so what it learns depends on
 * the strings and their order in the sample alone. */
#include "nlp/frames.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "engine/strbuf.h"
#include "nlp/analyse.h"
#include "nlp/strtab.h"
#include "nlp/tokenise.h"

/* The numbers of frames.h, with the reasons in README ("The conversation's frame"). */
enum {
    EDGE_WORDS = 40,          /* words at each end of a respondent's talk */
    EDGE_MIN_PASSAGES = 4,    /* respondents with fewer have no middle to compare with */
    EDGE_MIN_RESP = 3,
    EDGE_MIN_SAMPLE = 10,     /* edge witnesses needed before anything is a frame word */
    FORMULA_LEN = 4,          /* words in a formula n-gram */
    FORMULA_MIN_KEPT = 2,     /* kept words among them */
    FORMULA_MIN_SAMPLE = 10,  /* respondents needed before anything is called a formula */
    FORMULA_MIN_RESP = 5,
    SHORT_MAX_WORDS = 3,      /* a short passage: at most this many words */
    SHORT_MIN_PASSAGES = 4,   /* respondents with fewer passages are no witness */
    PHRASE_MIN_COUNT = 4,
    PHRASE_MIN_RESP = 3
};
#define EDGE_SHARE 0.75
#define EDGE_LIFT 3.0
#define EDGE_RESP_SHARE 0.1
#define FORMULA_RESP_SHARE 0.6
#define FORMULA_COHESION 0.8
#define FORMULA_COVER 0.5
#define SHORT_RESP_SHARE 0.2
#define PHRASE_NPMI 0.5

/* How a word joins the word before it (low bits of its flags), and the edge mark. */
enum { L_NEW = 0,  /* first of its passage or sentence */
       L_SENT = 1, /* the next token of the same sentence, after punctuation */
       L_NEXT = 2, /* the next token, nothing but white space between */
       L_GAP = 3,  /* same sentence, a number, date, amount, ... between */
       L_MASK = 3, T_EDGE = 4,
       T_PSTART = 8,  /* the first word of a passage */
       T_NOSHORT = 16 /* ... of a passage that is no short-passage witness: an answer
                         to the interviewer, or cut short by the word budget */ };

typedef struct {
    int worker;            /* whose analyser's ids these are; -1 before the first word */
    uint32_t *form, *term; /* per word token: form; term, or RD_FR_NONE when not kept */
    uint8_t *fl;           /* per word token: L_* | T_EDGE | T_PSTART | T_NOSHORT */
    size_t n, cap;
    size_t *rend;          /* per respondent: the end of its words */
    uint8_t *relig;        /* per respondent: an edge witness */
    size_t nr, cap_r;
    size_t budget;         /* words this item may hold */
    int full;
} item;

struct rd_fr_sample {
    item *it;
    size_t n_items;
    int workers;
    rd_an **an;            /* per worker */
    rd_tokens *tk;         /* per worker: the passage's tokens with their sentence ends */
};

/* One phrase: stems a and b (ids among the firsts and seconds), its term's id in keys. */
typedef struct {
    uint32_t a, b, p;
} pair_ix;

struct rd_frames {
    rd_strtab *drop;       /* frame and formula words */
    rd_strtab *first, *second, *keys; /* phrases: their first and second stems; terms */
    pair_ix *pairs;        /* by (a, b) */
    size_t n_pairs;
    rd_strtab *texts;      /* report texts */
    rd_fr_item *items;
    size_t n_items, cap_items;
    size_t respondents, words;
};

/* --- the sample ------------------------------------------------------------------- */

size_t rd_fr_sample_sources(size_t n)
{
    return n < RD_FR_SAMPLE_SOURCES ? n : RD_FR_SAMPLE_SOURCES;
}

size_t rd_fr_sample_source(size_t k, size_t n)
{
    size_t m = rd_fr_sample_sources(n);
    return m ? (size_t)((unsigned long long)k * n / m) : 0;
}

rd_status rd_fr_sample_new(size_t n_items, int workers, const rd_stop *stop, const char *algo,
                           rd_fr_sample **out, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_fr_sample *s = calloc(1, sizeof *s);
    *out = NULL;
    if (workers < 1)
        workers = 1;
    if (!s || !(s->it = calloc(n_items ? n_items : 1, sizeof *s->it)) ||
        !(s->an = calloc((size_t)workers, sizeof *s->an)) ||
        !(s->tk = calloc((size_t)workers, sizeof *s->tk))) {
        rd_fr_sample_free(s);
        return rd_fail(err, RD_ENOMEM, "frame sample");
    }
    s->n_items = n_items;
    s->workers = workers;
    for (size_t k = 0; k < n_items; k++) {
        s->it[k].worker = -1;
        s->it[k].budget = RD_FR_SAMPLE_WORDS / n_items;
    }
    for (int w = 0; w < workers && rc == RD_OK; w++)
        rc = rd_an_new(stop, algo, &s->an[w], err);
    if (rc != RD_OK) {
        rd_fr_sample_free(s);
        return rc;
    }
    *out = s;
    return RD_OK;
}

static void item_free(item *it)
{
    free(it->form);
    free(it->term);
    free(it->fl);
    free(it->rend);
    free(it->relig);
    memset(it, 0, sizeof *it);
}

void rd_fr_sample_free(rd_fr_sample *s)
{
    if (!s)
        return;
    for (size_t k = 0; s->it && k < s->n_items; k++)
        item_free(&s->it[k]);
    for (int w = 0; s->an && w < s->workers; w++)
        rd_an_free(s->an[w]);
    for (int w = 0; s->tk && w < s->workers; w++)
        rd_tokens_free(&s->tk[w]);
    free(s->it);
    free(s->an);
    free(s->tk);
    free(s);
}

static int blank_between(const char *s, const rd_token *x, const rd_token *y)
{
    for (uint32_t i = x->off + x->len; i < y->off; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

/* Appends the word tokens of passage s[0..n) to the item, analysed by an (tokens tk);
 * *cut is set when the item's budget ran out (the passage is then marked T_NOSHORT, as
 * an answer is). */
static rd_status record_passage(item *it, rd_an *an, rd_tokens *tk, const char *s, size_t n,
                                int answer, int *cut, rd_err *err)
{
    size_t first = it->n;
    const uint32_t *terms, *ktok;
    size_t nk, ki = 0, nt;
    rd_status rc;
    if ((rc = rd_tok_run(s, n, tk, err)) != RD_OK || (rc = rd_an_run(an, s, n, err)) != RD_OK ||
        (rc = rd_an_terms(an, &terms, &nk, err)) != RD_OK)
        return rc;
    if ((nt = rd_an_count(an)) != tk->n) /* the analyser takes the tokeniser's tokens */
        return rd_fail(err, RD_EINVAL, "frame sample: %zu tokens against %zu", nt, tk->n);
    ktok = rd_an_term_tokens(an);
    const uint32_t *forms = rd_an_forms(an);
    size_t last = SIZE_MAX;
    int brk = 0;
    for (size_t t = 0; t < nt; t++) {
        const rd_token *x = &tk->v[t];
        if (x->kind == RD_TOK_WORD && forms[t] != RD_AN_NOFORM) {
            if (it->n >= it->budget) {
                *cut = 1;
                if (it->n > first)
                    it->fl[first] |= T_NOSHORT;
                return RD_OK;
            }
            if (it->n == it->cap) {
                size_t nc = rd_grow_cap(it->cap, it->n + 1, 1024);
                if (!nc || RD_RESIZE(it->form, nc) || RD_RESIZE(it->term, nc) || RD_RESIZE(it->fl, nc))
                    return rd_fail(err, RD_ENOMEM, "frame sample");
                it->cap = nc;
            }
            int link = last == SIZE_MAX || brk ? L_NEW
                       : last + 1 != t                        ? L_GAP
                       : blank_between(s, &tk->v[last], x)    ? L_NEXT
                                                              : L_SENT;
            it->form[it->n] = forms[t];
            it->term[it->n] = ki < nk && ktok[ki] == t ? terms[ki++] : RD_FR_NONE;
            it->fl[it->n++] = (uint8_t)(link | (last == SIZE_MAX
                                                    ? T_PSTART | (answer ? T_NOSHORT : 0)
                                                    : 0));
            last = t;
            brk = 0;
        }
        if (x->flags & RD_TOKF_SENT_END)
            brk = 1;
    }
    return RD_OK;
}

rd_status rd_fr_sample_add(rd_fr_sample *s, size_t k, int worker, const rd_transcript *tr,
                           rd_err *err)
{
    item *it = &s->it[k];
    rd_status rc = RD_OK;
    if (it->full)
        return RD_OK;
    if (it->worker >= 0 && it->worker != worker)
        return rd_fail(err, RD_EINVAL, "frame sample: item %zu recorded by two workers", k);
    it->worker = worker;
    size_t r0 = it->n, np = 0;
    int cut = 0;
    for (size_t p = 0; p < tr->n && !cut && rc == RD_OK; p++) {
        const rd_passage *ps = &tr->v[p];
        if (ps->role != RD_ROLE_RESPONDENT)
            continue;
        int answer = p > 0 && tr->v[p - 1].role != RD_ROLE_RESPONDENT;
        rc = record_passage(it, s->an[worker], &s->tk[worker], ps->text, ps->text_n, answer,
                            &cut, err);
        np++;
    }
    if (rc != RD_OK)
        return rc;
    if (it->nr == it->cap_r) {
        size_t nc = rd_grow_cap(it->cap_r, it->nr + 1, 64);
        if (!nc || RD_RESIZE(it->rend, nc) || RD_RESIZE(it->relig, nc))
            return rd_fail(err, RD_ENOMEM, "frame sample");
        it->cap_r = nc;
    }
    /* an edge witness: a whole conversation of several turns, long enough that its edges
     * (the first and the last EDGE_WORDS words of the respondent's talk, over as many
     * turns as they take) are at most half of it */
    int elig = !cut && np >= EDGE_MIN_PASSAGES && it->n - r0 >= 4 * EDGE_WORDS;
    it->rend[it->nr] = it->n;
    it->relig[it->nr++] = (uint8_t)elig;
    for (size_t i = r0; elig && i < r0 + EDGE_WORDS; i++)
        it->fl[i] |= T_EDGE;
    for (size_t i = it->n - EDGE_WORDS; elig && i < it->n; i++)
        it->fl[i] |= T_EDGE;
    it->full = cut;
    return RD_OK;
}

/* --- the sample in ids of its own ------------------------------------------------- */

typedef struct {
    uint32_t *form, *stem; /* per word; stem RD_FR_NONE when not kept */
    uint8_t *fl;
    size_t n;
    size_t *rend;          /* per respondent */
    uint8_t *relig;
    size_t nr;
    rd_strtab *forms, *stems;
} sample;

static void sample_free(sample *g)
{
    free(g->form);
    free(g->stem);
    free(g->fl);
    free(g->rend);
    free(g->relig);
    rd_strtab_free(g->forms);
    rd_strtab_free(g->stems);
}

/* Worker w's id x (a form, or with term a term) as an id of table t, looked up once
 * through map (RD_FR_NONE: not yet). */
static uint32_t own_id(rd_an *an, rd_strtab *t, uint32_t *map, uint32_t x, int term)
{
    if (map[x] == RD_FR_NONE) {
        size_t n;
        const char *str = term ? rd_an_term_str(an, x, &n) : rd_an_form_str(an, x, &n);
        map[x] = rd_strtab_intern(t, str, n, NULL);
    }
    return map[x];
}

static rd_status own_ids(rd_fr_sample *s, sample *g, uint32_t **fmap, uint32_t **tmap, rd_err *err)
{
    size_t n = 0, nr = 0;
    for (size_t k = 0; k < s->n_items; k++) {
        n += s->it[k].n;
        nr += s->it[k].nr;
    }
    if (!(g->form = malloc((n ? n : 1) * sizeof *g->form)) ||
        !(g->stem = malloc((n ? n : 1) * sizeof *g->stem)) || !(g->fl = malloc(n ? n : 1)) ||
        !(g->rend = malloc((nr ? nr : 1) * sizeof *g->rend)) || !(g->relig = malloc(nr ? nr : 1)) ||
        !(g->forms = rd_strtab_new(1 << 14)) || !(g->stems = rd_strtab_new(1 << 14)))
        return rd_fail(err, RD_ENOMEM, "frame sample");
    for (int w = 0; w < s->workers; w++) {
        size_t nf = rd_an_form_count(s->an[w]), nt = rd_an_term_count(s->an[w]);
        if (!(fmap[w] = malloc((nf ? nf : 1) * sizeof **fmap)) ||
            !(tmap[w] = malloc((nt ? nt : 1) * sizeof **tmap)))
            return rd_fail(err, RD_ENOMEM, "frame sample");
        memset(fmap[w], 0xFF, (nf ? nf : 1) * sizeof **fmap);
        memset(tmap[w], 0xFF, (nt ? nt : 1) * sizeof **tmap);
    }
    for (size_t k = 0; k < s->n_items; k++) {
        item *it = &s->it[k];
        for (size_t i = 0; i < it->n; i++, g->n++) {
            rd_an *an = s->an[it->worker];
            g->form[g->n] = own_id(an, g->forms, fmap[it->worker], it->form[i], 0);
            g->stem[g->n] = it->term[i] == RD_FR_NONE
                                ? RD_FR_NONE
                                : own_id(an, g->stems, tmap[it->worker], it->term[i], 1);
            g->fl[g->n] = it->fl[i];
            if (g->form[g->n] == RD_STRTAB_NONE ||
                (it->term[i] != RD_FR_NONE && g->stem[g->n] == RD_STRTAB_NONE))
                return rd_fail(err, RD_ENOMEM, "frame sample");
        }
        for (size_t r = 0; r < it->nr; r++, g->nr++) {
            g->rend[g->nr] = g->n - it->n + it->rend[r];
            g->relig[g->nr] = it->relig[r];
        }
        item_free(it);
    }
    return RD_OK;
}

/* The sample in ids of its own (forms and stems by string, in sample order). */
static rd_status make_sample(rd_fr_sample *s, sample *g, rd_err *err)
{
    uint32_t **fmap = calloc((size_t)s->workers, sizeof *fmap);
    uint32_t **tmap = calloc((size_t)s->workers, sizeof *tmap);
    rd_status rc = fmap && tmap ? own_ids(s, g, fmap, tmap, err)
                                : rd_fail(err, RD_ENOMEM, "frame sample");
    for (int w = 0; fmap && w < s->workers; w++)
        free(fmap[w]);
    for (int w = 0; tmap && w < s->workers; w++)
        free(tmap[w]);
    free(fmap);
    free(tmap);
    return rc;
}

/* --- counting n-grams ------------------------------------------------------------- */

/* An open-addressing table of id tuples (up to four; unused places 0, unused slots have
 * used == 0) with counts: how often, in how many respondents (stamp: the last respondent
 * + 1 that counted), and one more number for the caller. */
enum { GRAM_N = 4 };
_Static_assert((int)SHORT_MAX_WORDS <= (int)GRAM_N, "a short passage is one key");
typedef struct {
    uint32_t k[GRAM_N];
    uint32_t used, count, resp, stamp, aux;
    uint32_t ctx, varied; /* pairs: the first occurrence's context; 1 once another differs */
} gram;

typedef struct {
    gram *v;
    size_t cap, n; /* cap a power of two, load at most 1/2 */
} grams;

static size_t gram_hash(const uint32_t *k)
{
    uint64_t h = 0x8CB92BA72F3D8DD7u;
    for (int j = 0; j < GRAM_N; j++) {
        h = (h ^ k[j]) * 0x9E3779B97F4A7C15u;
        h ^= h >> 29;
    }
    h *= 0xD6E8FEB86659FD93u;
    return (size_t)(h ^ (h >> 32));
}

/* The slot of key k: its entry, or the free slot where it would go. t->cap > 0. */
static gram *gram_find(const grams *t, const uint32_t *k)
{
    for (size_t i = gram_hash(k) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        gram *g = &t->v[i];
        if (!g->used || memcmp(g->k, k, sizeof g->k) == 0)
            return g;
    }
}

/* The n ids x[0..n) as a key, the rest zero. */
static void gram_key(uint32_t *k, const uint32_t *x, size_t n)
{
    memset(k, 0, GRAM_N * sizeof *k);
    memcpy(k, x, n * sizeof *k);
}

/* The entry of key k, added with zero counts when new; NULL when out of memory. */
static gram *gram_get(grams *t, const uint32_t *k)
{
    if (2 * (t->n + 1) > t->cap) {
        grams nt = {calloc(t->cap ? 2 * t->cap : 1024, sizeof *nt.v), t->cap ? 2 * t->cap : 1024, t->n};
        if (!nt.v)
            return NULL;
        for (size_t i = 0; i < t->cap; i++)
            if (t->v[i].used)
                *gram_find(&nt, t->v[i].k) = t->v[i];
        free(t->v);
        *t = nt;
    }
    gram *g = gram_find(t, k);
    if (!g->used) {
        memset(g, 0, sizeof *g);
        memcpy(g->k, k, sizeof g->k);
        g->used = 1;
        t->n++;
    }
    return g;
}

/* The entry of key k or NULL (also in an empty table). */
static const gram *gram_lookup(const grams *t, const uint32_t *k)
{
    if (!t->cap)
        return NULL;
    const gram *g = gram_find(t, k);
    return g->used ? g : NULL;
}

/* One more occurrence, in respondent r. */
static void gram_count(gram *g, size_t r)
{
    g->count++;
    if (g->stamp != r + 1) {
        g->stamp = (uint32_t)(r + 1);
        g->resp++;
    }
}

/* --- what is learned -------------------------------------------------------------- */

typedef struct {
    uint32_t *occ;     /* per form: kept occurrences */
    uint32_t *occ_el;  /* ... in edge witnesses */
    uint32_t *edge;    /* ... at their edges */
    uint32_t *eresp;   /* edge witnesses saying it at an edge */
    uint32_t *resp;    /* respondents saying it at all (kept or not) */
    uint32_t *stamp, *estamp;
    uint32_t *inside;  /* kept occurrences inside formulas */
    uint8_t *drop;     /* 1 frame word, 2 formula word */
    size_t n_el, w_el, w_edge; /* edge witnesses, their kept words, those at edges */
} form_stats;

static void stats_free(form_stats *f)
{
    free(f->occ);
    free(f->occ_el);
    free(f->edge);
    free(f->eresp);
    free(f->resp);
    free(f->stamp);
    free(f->estamp);
    free(f->inside);
    free(f->drop);
}

static rd_status count_forms(const sample *g, form_stats *f, rd_err *err)
{
    size_t nf = rd_strtab_count(g->forms), m = nf ? nf : 1;
    if (!(f->occ = calloc(m, 4)) || !(f->occ_el = calloc(m, 4)) || !(f->edge = calloc(m, 4)) ||
        !(f->eresp = calloc(m, 4)) || !(f->resp = calloc(m, 4)) || !(f->stamp = calloc(m, 4)) ||
        !(f->estamp = calloc(m, 4)) || !(f->inside = calloc(m, 4)) || !(f->drop = calloc(m, 1)))
        return rd_fail(err, RD_ENOMEM, "frame statistics");
    size_t i = 0;
    for (size_t r = 0; r < g->nr; r++) {
        uint32_t st = (uint32_t)(r + 1);
        f->n_el += g->relig[r];
        for (; i < g->rend[r]; i++) {
            uint32_t x = g->form[i];
            if (f->stamp[x] != st) {
                f->stamp[x] = st;
                f->resp[x]++;
            }
            if (g->stem[i] == RD_FR_NONE)
                continue;
            f->w_el += g->relig[r];
            f->w_edge += (g->fl[i] & T_EDGE) != 0;
            f->occ[x]++;
            f->occ_el[x] += g->relig[r];
            if (g->fl[i] & T_EDGE) {
                f->edge[x]++;
                if (f->estamp[x] != st) {
                    f->estamp[x] = st;
                    f->eresp[x]++;
                }
            }
        }
    }
    return RD_OK;
}

static rd_status add_item(rd_frames *fr, rd_fr_kind kind, const char *text, size_t n,
                          uint32_t count, uint32_t resp, double score, rd_err *err)
{
    uint32_t id = rd_strtab_intern(fr->texts, text, n, NULL);
    if (id == RD_STRTAB_NONE || RD_GROW(fr->items, fr->cap_items, fr->n_items + 1))
        return rd_fail(err, RD_ENOMEM, "frame report");
    fr->items[fr->n_items++] = (rd_fr_item){kind, rd_strtab_str(fr->texts, id, NULL), count, resp, score};
    return RD_OK;
}

/* Frame words: said mostly at the edges of the conversation, by many respondents. */
static rd_status edge_words(const sample *g, form_stats *f, rd_frames *fr, rd_err *err)
{
    rd_status rc = RD_OK;
    double base = f->w_el ? (double)f->w_edge / (double)f->w_el : 1.0;
    double share = EDGE_LIFT * base > EDGE_SHARE ? EDGE_LIFT * base : EDGE_SHARE;
    double need = ceil(EDGE_RESP_SHARE * (double)f->n_el);
    if (need < EDGE_MIN_RESP)
        need = EDGE_MIN_RESP;
    size_t nf = f->n_el < EDGE_MIN_SAMPLE ? 0 : rd_strtab_count(g->forms);
    for (uint32_t x = 0; x < nf && rc == RD_OK; x++) {
        if (!f->occ_el[x] || (double)f->eresp[x] < need ||
            (double)f->edge[x] < share * (double)f->occ_el[x])
            continue;
        size_t n;
        const char *s = rd_strtab_str(g->forms, x, &n);
        f->drop[x] = 1;
        rc = add_item(fr, RD_FR_FRAME_WORD, s, n, f->edge[x], f->eresp[x],
                      (double)f->edge[x] / (double)f->occ_el[x], err);
    }
    return rc;
}

/* The text of forms x[0..k) with spaces between, into buf (cap bytes); its length. */
static size_t join_text(const rd_strtab *t, const uint32_t *x, size_t k, char *buf, size_t cap)
{
    size_t len = 0;
    for (size_t j = 0; j < k; j++) {
        size_t n;
        const char *s = rd_strtab_str(t, x[j], &n);
        if (j && len < cap)
            buf[len++] = ' ';
        if (n > cap - len)
            n = cap - len;
        memcpy(buf + len, s, n);
        len += n;
    }
    return len;
}

/* A word that follows the word before it in the same sentence, nothing but white space
 * or punctuation between. */
static int linked(uint8_t fl)
{
    return (fl & L_MASK) == L_SENT || (fl & L_MASK) == L_NEXT;
}

/* Whether word i ends an n-gram (n words i-n+1..i) of one sentence whose words all
 * occur in at least `need` respondents. */
static int ngram_at(const sample *g, const form_stats *f, size_t i, size_t r0, size_t n,
                    double need)
{
    if (i < r0 + n - 1)
        return 0;
    for (size_t j = i + 1 - n; j <= i; j++)
        if ((j > i + 1 - n && !linked(g->fl[j])) || (double)f->resp[g->form[j]] < need)
            return 0;
    return 1;
}

/* Whether word i ends a candidate formula: a FORMULA_LEN-gram of one sentence of common
 * words, at least FORMULA_MIN_KEPT of them kept (one content word between function words,
 * "de X en de", is grammar, not a formula). */
static int formula_at(const sample *g, const form_stats *f, size_t i, size_t r0, double need)
{
    int kept = 0;
    if (!ngram_at(g, f, i, r0, FORMULA_LEN, need))
        return 0;
    for (size_t j = i + 1 - FORMULA_LEN; j <= i; j++)
        kept += g->stem[j] != RD_FR_NONE;
    return kept >= FORMULA_MIN_KEPT;
}

/* Counts the candidate formulas (long: counts and respondents) and the (FORMULA_LEN-1)-
 * grams of common words (short: counts), the words' form ids as keys. */
static rd_status count_ngrams(const sample *g, const form_stats *f, double need, grams *lng,
                              grams *shrt, rd_err *err)
{
    size_t i = 0;
    uint32_t k[GRAM_N];
    for (size_t r = 0; r < g->nr; r++) {
        size_t r0 = i;
        for (; i < g->rend[r]; i++) {
            if (ngram_at(g, f, i, r0, FORMULA_LEN - 1, need)) {
                gram_key(k, &g->form[i + 2 - FORMULA_LEN], FORMULA_LEN - 1);
                gram *b = gram_get(shrt, k);
                if (!b)
                    return rd_fail(err, RD_ENOMEM, "formula statistics");
                b->count++;
            }
            if (!formula_at(g, f, i, r0, need))
                continue;
            gram_key(k, &g->form[i + 1 - FORMULA_LEN], FORMULA_LEN);
            gram *t = gram_get(lng, k);
            if (!t)
                return rd_fail(err, RD_ENOMEM, "formula statistics");
            gram_count(t, r);
        }
    }
    return RD_OK;
}

/* Whether words [a, b) hold a kept word. */
static int any_kept(const sample *g, size_t a, size_t b)
{
    for (size_t j = a; j < b; j++)
        if (g->stem[j] != RD_FR_NONE)
            return 1;
    return 0;
}

/* The end of the passage that starts at word a, below the respondent's end r1. */
static size_t passage_end(const sample *g, size_t a, size_t r1)
{
    size_t b = a + 1;
    while (b < r1 && !(g->fl[b] & T_PSTART))
        b++;
    return b;
}

/* The key of the passage of words [a, b) (at most GRAM_N): their forms + 1, so that a
 * shorter passage never reads as a longer one, the rest 0. */
static void short_key(const sample *g, size_t a, size_t b, uint32_t *k)
{
    memset(k, 0, GRAM_N * sizeof *k);
    for (size_t j = a; j < b; j++)
        k[j - a] = g->form[j] + 1;
}

/* Short passages said verbatim by many respondents: a whole passage of 1 to
 * SHORT_MAX_WORDS words (with a kept one) that at least max(FORMULA_MIN_RESP,
 * SHORT_RESP_SHARE) of the respondents with SHORT_MIN_PASSAGES or more passages say (at
 * least FORMULA_MIN_SAMPLE of them): the headings of pages ("Opmerking", "Tip", "Zie
 * ook"), the labels of a form. They are formulas too: their kept words count as inside
 * one. A respondent of one short answer (a survey) is no witness, and neither is an
 * answer to the interviewer (many say "Moeilijk." to the same question), so a word many
 * answer with is never one; nor is a passage the word budget cut short. */
static rd_status short_passages(const sample *g, form_stats *f, rd_frames *fr, rd_err *err)
{
    rd_status rc = RD_OK;
    grams sp = {0};
    uint32_t k[GRAM_N], x[GRAM_N];
    size_t n_wit = 0, i = 0;
    for (size_t r = 0; r < g->nr; r++, i = g->rend[r - 1]) {
        size_t r1 = g->rend[r], np = 0;
        for (size_t j = i; j < r1; j++)
            np += (g->fl[j] & T_PSTART) != 0;
        if (np < SHORT_MIN_PASSAGES)
            continue;
        n_wit++;
        for (size_t a = i, b; a < r1; a = b) {
            b = passage_end(g, a, r1);
            if (b - a > SHORT_MAX_WORDS || (g->fl[a] & T_NOSHORT) || !any_kept(g, a, b))
                continue;
            short_key(g, a, b, k);
            gram *t = gram_get(&sp, k);
            if (!t) {
                rc = rd_fail(err, RD_ENOMEM, "short passages");
                goto done;
            }
            gram_count(t, r);
        }
    }
    double need = ceil(SHORT_RESP_SHARE * (double)n_wit);
    if (need < FORMULA_MIN_RESP)
        need = FORMULA_MIN_RESP;
    if (n_wit < FORMULA_MIN_SAMPLE)
        goto done;
    for (size_t q = 0; q < sp.cap && rc == RD_OK; q++) {
        gram *t = &sp.v[q];
        if (!t->used || t->resp < need)
            continue;
        size_t n = 0;
        while (n < GRAM_N && t->k[n])
            x[n] = t->k[n] - 1, n++;
        char buf[SHORT_MAX_WORDS * (RD_AN_MAX_WORD + 1)];
        t->aux = 1;
        rc = add_item(fr, RD_FR_FORMULA, buf, join_text(g->forms, x, n, buf, sizeof buf), t->count,
                      t->resp, (double)t->resp / (double)n_wit, err);
    }
    i = 0;
    for (size_t r = 0; r < g->nr && rc == RD_OK; r++, i = g->rend[r - 1]) {
        size_t r1 = g->rend[r];
        for (size_t a = i, b; a < r1; a = b) {
            b = passage_end(g, a, r1);
            if (b - a > SHORT_MAX_WORDS || (g->fl[a] & T_NOSHORT))
                continue;
            short_key(g, a, b, k);
            const gram *t = gram_lookup(&sp, k);
            if (!t || !t->aux)
                continue;
            for (size_t j = a; j < b; j++)
                f->inside[g->form[j]] += g->stem[j] != RD_FR_NONE;
        }
    }
done:
    free(sp.v);
    return rc;
}

/* Formulas: FORMULA_LEN-grams said verbatim by many respondents that hold together both
 * ways (the n-gram is nearly every use of the words before its last and of the words
 * after its first); formula words: kept words mostly said inside them. */
static rd_status formulas(const sample *g, form_stats *f, rd_frames *fr, rd_err *err)
{
    rd_status rc = RD_OK;
    grams lng = {0}, shrt = {0};
    uint32_t k[GRAM_N];
    double need = ceil(FORMULA_RESP_SHARE * (double)g->nr);
    if (need < FORMULA_MIN_RESP)
        need = FORMULA_MIN_RESP;
    if ((rc = short_passages(g, f, fr, err)) != RD_OK ||
        (g->nr >= FORMULA_MIN_SAMPLE &&
         (rc = count_ngrams(g, f, need, &lng, &shrt, err)) != RD_OK))
        goto done;
    for (size_t s = 0; s < lng.cap && rc == RD_OK; s++) {
        gram *t = &lng.v[s];
        if (!t->used || t->resp < need)
            continue;
        gram_key(k, t->k, FORMULA_LEN - 1);
        const gram *head = gram_lookup(&shrt, k);
        gram_key(k, t->k + 1, FORMULA_LEN - 1);
        const gram *tail = gram_lookup(&shrt, k);
        if (!head || !tail)
            continue; /* cannot happen: every counted n-gram's parts were counted */
        double c1 = (double)t->count / head->count, c2 = (double)t->count / tail->count;
        if (c1 < FORMULA_COHESION || c2 < FORMULA_COHESION)
            continue;
        char buf[FORMULA_LEN * (RD_AN_MAX_WORD + 1)];
        t->aux = 1;
        rc = add_item(fr, RD_FR_FORMULA, buf, join_text(g->forms, t->k, FORMULA_LEN, buf, sizeof buf),
                      t->count, t->resp, c1 < c2 ? c1 : c2, err);
    }
    /* the kept words inside formula occurrences, each counted once */
    size_t i = 0, covered_to = 0;
    for (size_t r = 0; r < g->nr && rc == RD_OK && lng.n; r++) {
        size_t r0 = i;
        for (; i < g->rend[r]; i++) {
            if (!formula_at(g, f, i, r0, need))
                continue;
            gram_key(k, &g->form[i + 1 - FORMULA_LEN], FORMULA_LEN);
            const gram *t = gram_lookup(&lng, k);
            if (!t || !t->aux)
                continue;
            size_t j0 = i + 1 - FORMULA_LEN;
            for (size_t j = j0 > covered_to ? j0 : covered_to; j <= i; j++)
                f->inside[g->form[j]] += g->stem[j] != RD_FR_NONE;
            covered_to = i + 1;
        }
    }
    size_t nf = rd_strtab_count(g->forms);
    for (uint32_t x = 0; x < nf && rc == RD_OK; x++) {
        if (!f->occ[x] || f->drop[x] || (double)f->inside[x] < FORMULA_COVER * f->occ[x])
            continue;
        size_t n;
        const char *s = rd_strtab_str(g->forms, x, &n);
        f->drop[x] = 2;
        rc = add_item(fr, RD_FR_FORMULA_WORD, s, n, f->occ[x], f->resp[x],
                      (double)f->inside[x] / f->occ[x], err);
    }
done:
    free(lng.v);
    free(shrt.v);
    return rc;
}

/* --- phrases ---------------------------------------------------------------------- */

typedef struct {
    uint32_t a, b;     /* stems */
    uint32_t fa, fb;   /* the forms they were first written in */
    uint32_t count, resp;
    double npmi;
} found;

static const rd_strtab *sort_stems; /* qsort has no context argument in C11 */

static int cmp_str(const rd_strtab *t, uint32_t x, uint32_t y)
{
    size_t nx, ny;
    const char *a = rd_strtab_str(t, x, &nx), *b = rd_strtab_str(t, y, &ny);
    int c = memcmp(a, b, nx < ny ? nx : ny);
    return c ? c : (nx > ny) - (nx < ny);
}

static int cmp_found(const void *p, const void *q)
{
    const found *x = p, *y = q;
    int c = cmp_str(sort_stems, x->a, y->a);
    return c ? c : cmp_str(sort_stems, x->b, y->b);
}

static int cmp_pair(const void *p, const void *q)
{
    const pair_ix *x = p, *y = q;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

/* A word of the sample that may be in a phrase: kept, and neither a frame nor a formula
 * word. */
static int phrase_word(const sample *g, const form_stats *f, size_t i)
{
    return g->stem[i] != RD_FR_NONE && !f->drop[g->form[i]];
}

/* Counts the stems of phrase words (uni, their total *total) and the pairs of them that
 * stand side by side (aux: the first occurrence). */
static rd_status count_pairs(const sample *g, const form_stats *f, uint32_t *uni, size_t *total,
                             grams *pairs, rd_err *err)
{
    size_t i = 0;
    for (size_t r = 0; r < g->nr; r++) {
        size_t r0 = i;
        for (; i < g->rend[r]; i++) {
            if (!phrase_word(g, f, i))
                continue;
            uni[g->stem[i]]++;
            ++*total;
            if (i == r0 || (g->fl[i] & L_MASK) != L_NEXT || !phrase_word(g, f, i - 1) ||
                g->stem[i - 1] == g->stem[i])
                continue;
            uint32_t k[GRAM_N];
            gram_key(k, &g->stem[i - 1], 2);
            gram *p = gram_get(pairs, k);
            if (!p)
                return rd_fail(err, RD_ENOMEM, "phrase statistics");
            /* the context: the words either side of the pair in its sentence */
            uint32_t ctx[GRAM_N] = {RD_FR_NONE, RD_FR_NONE, 0, 0};
            if (i >= r0 + 2 && linked(g->fl[i - 1]))
                ctx[0] = g->form[i - 2];
            if (i + 1 < g->rend[r] && linked(g->fl[i + 1]))
                ctx[1] = g->form[i + 1];
            uint32_t h = (uint32_t)gram_hash(ctx);
            if (!p->count) {
                p->aux = (uint32_t)i;
                p->ctx = h;
            } else if (p->ctx != h) {
                p->varied = 1;
            }
            gram_count(p, r);
        }
    }
    return RD_OK;
}

/* The pairs that are phrases, sorted by their stems' bytes, into *out (caller frees). */
static rd_status find_phrases(const sample *g, const form_stats *f, found **out, size_t *n_out,
                              rd_err *err)
{
    rd_status rc;
    grams pairs = {0};
    size_t ns = rd_strtab_count(g->stems), total = 0, n = 0;
    uint32_t *uni = calloc(ns ? ns : 1, sizeof *uni);
    found *v = NULL;
    *out = NULL;
    *n_out = 0;
    if (!uni)
        return rd_fail(err, RD_ENOMEM, "phrase statistics");
    if ((rc = count_pairs(g, f, uni, &total, &pairs, err)) != RD_OK)
        goto done;
    if (!(v = malloc((pairs.n ? pairs.n : 1) * sizeof *v))) {
        rc = rd_fail(err, RD_ENOMEM, "phrase statistics");
        goto done;
    }
    for (size_t s = 0; s < pairs.cap; s++) {
        const gram *p = &pairs.v[s];
        if (!p->used || p->count < PHRASE_MIN_COUNT || p->resp < PHRASE_MIN_RESP || !p->varied)
            continue;
        /* NPMI = ln(p(ab) / (p(a) p(b))) / -ln p(ab), probabilities over phrase words */
        double N = (double)total, pab = p->count / N;
        double pmi = log(pab / ((uni[p->k[0]] / N) * (uni[p->k[1]] / N)));
        double npmi = pab < 1.0 ? pmi / -log(pab) : 1.0;
        if (npmi >= PHRASE_NPMI)
            v[n++] = (found){p->k[0], p->k[1], g->form[p->aux - 1], g->form[p->aux], p->count,
                             p->resp, npmi};
    }
    sort_stems = g->stems;
    qsort(v, n, sizeof *v, cmp_found);
    *out = v;
    *n_out = n;
    v = NULL;
done:
    free(v);
    free(uni);
    free(pairs.v);
    return rc;
}

/* Phrases: pairs of kept words that stand together far more often than chance. */
static rd_status phrases(const sample *g, const form_stats *f, rd_frames *fr, rd_err *err)
{
    found *v = NULL;
    size_t n = 0;
    rd_status rc = find_phrases(g, f, &v, &n, err);
    if (rc == RD_OK && !(fr->pairs = malloc((n ? n : 1) * sizeof *fr->pairs)))
        rc = rd_fail(err, RD_ENOMEM, "phrases");
    for (size_t k = 0; k < n && rc == RD_OK; k++) {
        char buf[2 * RD_AN_MAX_WORD + 2];
        uint32_t ab[2] = {v[k].a, v[k].b}, fab[2] = {v[k].fa, v[k].fb};
        size_t len = join_text(g->stems, ab, 2, buf, sizeof buf), an, bn;
        const char *a = rd_strtab_str(g->stems, v[k].a, &an), *b = rd_strtab_str(g->stems, v[k].b, &bn);
        uint32_t ia = rd_strtab_intern(fr->first, a, an, NULL);
        uint32_t ib = rd_strtab_intern(fr->second, b, bn, NULL);
        uint32_t key = rd_strtab_intern(fr->keys, buf, len, NULL);
        if (ia == RD_STRTAB_NONE || ib == RD_STRTAB_NONE || key != k) {
            rc = rd_fail(err, RD_ENOMEM, "phrases");
            break;
        }
        fr->pairs[fr->n_pairs++] = (pair_ix){ia, ib, key};
        rc = add_item(fr, RD_FR_PHRASE, buf, join_text(g->forms, fab, 2, buf, sizeof buf),
                      v[k].count, v[k].resp, v[k].npmi, err);
    }
    qsort(fr->pairs, fr->n_pairs, sizeof *fr->pairs, cmp_pair);
    free(v);
    return rc;
}

static int cmp_item(const void *p, const void *q)
{
    const rd_fr_item *x = p, *y = q;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return strcmp(x->text, y->text);
}

static rd_status frames_new(rd_frames **out, rd_err *err)
{
    rd_frames *fr = calloc(1, sizeof *fr);
    *out = NULL;
    if (!fr || !(fr->drop = rd_strtab_new(64)) || !(fr->first = rd_strtab_new(64)) ||
        !(fr->second = rd_strtab_new(64)) || !(fr->keys = rd_strtab_new(64)) ||
        !(fr->texts = rd_strtab_new(64))) {
        rd_frames_free(fr);
        return rd_fail(err, RD_ENOMEM, "frames");
    }
    *out = fr;
    return RD_OK;
}

rd_status rd_fr_learn(rd_fr_sample *s, unsigned what, rd_frames **out, rd_err *err)
{
    sample g = {0};
    form_stats f = {0};
    rd_frames *fr = NULL;
    rd_status rc = frames_new(&fr, err);
    *out = NULL;
    if (rc != RD_OK || (rc = make_sample(s, &g, err)) != RD_OK ||
        (rc = count_forms(&g, &f, err)) != RD_OK)
        goto done;
    fr->respondents = g.nr;
    fr->words = g.n;
    if ((what & RD_FR_FRAMES) && ((rc = edge_words(&g, &f, fr, err)) != RD_OK ||
                                  (rc = formulas(&g, &f, fr, err)) != RD_OK))
        goto done;
    if ((what & RD_FR_PHRASES) && (rc = phrases(&g, &f, fr, err)) != RD_OK)
        goto done;
    size_t nf = rd_strtab_count(g.forms);
    for (uint32_t x = 0; x < nf; x++) {
        size_t n;
        const char *w = rd_strtab_str(g.forms, x, &n);
        if (f.drop[x] && rd_strtab_intern(fr->drop, w, n, NULL) == RD_STRTAB_NONE) {
            rc = rd_fail(err, RD_ENOMEM, "frames");
            goto done;
        }
    }
    if (fr->n_items) /* items is NULL when nothing was learned */
        qsort(fr->items, fr->n_items, sizeof *fr->items, cmp_item);
    *out = fr;
    fr = NULL;
done:
    stats_free(&f);
    sample_free(&g);
    rd_frames_free(fr);
    return rc;
}

void rd_frames_free(rd_frames *f)
{
    if (!f)
        return;
    rd_strtab_free(f->drop);
    rd_strtab_free(f->first);
    rd_strtab_free(f->second);
    rd_strtab_free(f->keys);
    rd_strtab_free(f->texts);
    free(f->pairs);
    free(f->items);
    free(f);
}

/* --- queries ---------------------------------------------------------------------- */

int rd_fr_drops(const rd_frames *f, const char *w, size_t n)
{
    return rd_strtab_find(f->drop, w, n) != RD_STRTAB_NONE;
}

size_t rd_fr_phrase_count(const rd_frames *f) { return f->n_pairs; }

uint32_t rd_fr_first(const rd_frames *f, const char *s, size_t n)
{
    uint32_t id = rd_strtab_find(f->first, s, n);
    return id == RD_STRTAB_NONE ? RD_FR_NONE : id;
}

uint32_t rd_fr_second(const rd_frames *f, const char *s, size_t n)
{
    uint32_t id = rd_strtab_find(f->second, s, n);
    return id == RD_STRTAB_NONE ? RD_FR_NONE : id;
}

uint32_t rd_fr_phrase(const rd_frames *f, uint32_t a, uint32_t b)
{
    size_t lo = 0, hi = f->n_pairs;
    pair_ix key = {a, b, 0};
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_pair(&f->pairs[mid], &key);
        if (c == 0)
            return f->pairs[mid].p;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return RD_FR_NONE;
}

const char *rd_fr_phrase_term(const rd_frames *f, uint32_t p, size_t *n)
{
    return rd_strtab_str(f->keys, p, n);
}

size_t rd_fr_items(const rd_frames *f, const rd_fr_item **items)
{
    *items = f->items;
    return f->n_items;
}

void rd_fr_sample_stats(const rd_frames *f, size_t *respondents, size_t *words)
{
    *respondents = f->respondents;
    *words = f->words;
}

/* --- saved and restored ----------------------------------------------------------- */

static int plain_word(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\t' || s[i] == '\n' || s[i] == '\0')
            return 0;
    return 1;
}

rd_status rd_frames_save(const rd_frames *f, int (*skip)(void *ctx, const char *w, size_t n),
                         void *ctx, rd_buf *out, rd_err *err)
{
    size_t nd = rd_strtab_count(f->drop);
    for (uint32_t x = 0; x < nd; x++) {
        size_t n;
        const char *w = rd_strtab_str(f->drop, x, &n);
        if (!plain_word(w, n) || (skip && skip(ctx, w, n)))
            continue;
        rd_buf_str(out, "drop\t");
        rd_buf_put(out, w, n);
        rd_buf_put(out, "\n", 1);
    }
    /* phrases in the order of their terms (keys): the restored set numbers them alike */
    uint32_t *by_key = malloc((f->n_pairs ? f->n_pairs : 1) * sizeof *by_key);
    if (!by_key)
        return rd_fail(err, RD_ENOMEM, "saving phrases");
    for (size_t k = 0; k < f->n_pairs; k++)
        by_key[f->pairs[k].p] = (uint32_t)k;
    for (size_t p = 0; p < f->n_pairs; p++) {
        const pair_ix *q = &f->pairs[by_key[p]];
        size_t an, bn;
        const char *a = rd_strtab_str(f->first, q->a, &an), *b = rd_strtab_str(f->second, q->b, &bn);
        rd_buf_str(out, "phrase\t");
        rd_buf_put(out, a, an);
        rd_buf_put(out, "\t", 1);
        rd_buf_put(out, b, bn);
        rd_buf_put(out, "\n", 1);
    }
    free(by_key);
    return out->oom ? rd_fail(err, RD_ENOMEM, "saving what was learned") : RD_OK;
}

rd_status rd_frames_restore(const char *s, size_t n, const char *origin, rd_frames **out,
                            rd_err *err)
{
    rd_frames *fr = NULL;
    rd_status rc = frames_new(&fr, err);
    size_t cap = 0, line = 0;
    *out = NULL;
    for (size_t i = 0; rc == RD_OK && i < n;) {
        const char *e = memchr(s + i, '\n', n - i);
        size_t len = e ? (size_t)(e - (s + i)) : n - i;
        const char *l = s + i, *t1 = memchr(l, '\t', len);
        line++;
        i += len + 1;
        if (!t1) {
            rc = rd_fail(err, RD_EDATA, "%s: learned frame line %zu has no tab", origin, line);
            break;
        }
        size_t kn = (size_t)(t1 - l);
        const char *v = t1 + 1;
        size_t vn = len - kn - 1;
        if (kn == 4 && memcmp(l, "drop", 4) == 0 && plain_word(v, vn)) {
            if (rd_strtab_intern(fr->drop, v, vn, NULL) == RD_STRTAB_NONE)
                rc = rd_fail(err, RD_ENOMEM, "frames");
            continue;
        }
        const char *t2 = vn ? memchr(v, '\t', vn) : NULL;
        if (!(kn == 6 && memcmp(l, "phrase", 6) == 0) || !t2 || !plain_word(v, (size_t)(t2 - v)) ||
            !plain_word(t2 + 1, vn - (size_t)(t2 - v) - 1) || vn > 2 * RD_AN_MAX_WORD + 1) {
            rc = rd_fail(err, RD_EDATA, "%s: learned frame line %zu is not 'drop WORD' or "
                         "'phrase STEM STEM'", origin, line);
            break;
        }
        size_t an = (size_t)(t2 - v), bn = vn - an - 1;
        char key[2 * RD_AN_MAX_WORD + 2];
        memcpy(key, v, an);
        key[an] = ' ';
        memcpy(key + an + 1, t2 + 1, bn);
        int fresh = 0;
        uint32_t ia = rd_strtab_intern(fr->first, v, an, NULL);
        uint32_t ib = rd_strtab_intern(fr->second, t2 + 1, bn, NULL);
        uint32_t k = rd_strtab_intern(fr->keys, key, an + 1 + bn, &fresh);
        if (ia == RD_STRTAB_NONE || ib == RD_STRTAB_NONE || k == RD_STRTAB_NONE) {
            rc = rd_fail(err, RD_ENOMEM, "frames");
            break;
        }
        if (!fresh) {
            rc = rd_fail(err, RD_EDATA, "%s: learned frame line %zu repeats a phrase", origin, line);
            break;
        }
        if (RD_GROW(fr->pairs, cap, fr->n_pairs + 1)) {
            rc = rd_fail(err, RD_ENOMEM, "frames");
            break;
        }
        fr->pairs[fr->n_pairs++] = (pair_ix){ia, ib, k};
    }
    if (rc == RD_OK && fr->n_pairs)
        qsort(fr->pairs, fr->n_pairs, sizeof *fr->pairs, cmp_pair);
    if (rc != RD_OK) {
        rd_frames_free(fr);
        return rc;
    }
    *out = fr;
    return RD_OK;
}
