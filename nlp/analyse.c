/* nlp/analyse.c — see analyse.h. */
#include "nlp/analyse.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "nlp/cues.h"
#include "nlp/normalise.h"
#include "nlp/stem.h"
#include "nlp/strtab.h"
#include "nlp/utf8.h"

enum { F_STOP = 1, F_PHRASE = 2, F_SKIP = 4 /* too short or too long */,
       F_LISTED = 8 /* a word that takes a dot as an abbreviation (tokenise.h) */,
       F_CLOSE = 16 /* closes a letter: a signature may follow (nlp/stopwords.h) */ };

/* A direct-mapped cache of recently seen short ASCII forms in front of the lexicon: the
 * lexicon of a large corpus outgrows the CPU caches (hundreds of thousands of forms), and
 * most tokens are a few thousand common words. Bytes are stored zero-padded, so a hit is
 * three word compares and no pointer chase. A miss goes to the lexicon and replaces the
 * entry; the cache changes only speed, never which id a form gets. */
enum { HOT_BITS = 14, HOT_SIZE = 1 << HOT_BITS, HOT_BYTES = 24 };

typedef struct {
    uint64_t w[HOT_BYTES / 8];
    uint32_t id;
    uint8_t n;   /* 0 = empty */
    uint8_t fl;  /* the form's flags */
    uint16_t pad;
} hot_entry;

struct rd_an {
    const rd_stop *stop;
    rd_norm *nz;
    rd_stemmer *st;
    rd_tokens toks;
    uint32_t *form; /* per token */
    uint8_t *kept;  /* per token */
    size_t cap;
    rd_strtab *lex;
    uint8_t *flags;   /* per form */
    uint32_t *pword;  /* per form: its id among phrase words, or UINT32_MAX */
    uint64_t *uses;   /* per form */
    uint32_t *fterm;  /* per form: its term (stem id), RD_AN_NOFORM until first kept */
    size_t lex_cap;
    uint32_t *kterm;  /* rd_an_terms: terms of the last run's kept tokens */
    uint32_t *ktok;   /* rd_an_terms: the token of each */
    size_t kcap;
    size_t kwords;    /* rd_an_terms: how many of the terms are words' (the rest phrases) */
    const char *s;    /* text of the last run */
    hot_entry *hot;   /* HOT_SIZE entries, direct-mapped by hash */
    const rd_cues *cues;               /* borrowed, may be NULL */
    uint8_t *cue;                      /* per form: rd_cues_match mask */
    uint32_t cue_n[RD_AN_CUE_SLOTS];   /* last run: per cue kind, then word tokens */
    const rd_frames *fr;               /* borrowed, may be NULL */
    uint32_t *tfirst, *tsecond;        /* per term: its id among phrases' first (second)
                                          words (nlp/frames.h), or RD_FR_NONE */
    size_t tinfo_n, tinfo_cap;         /* terms looked up so far; capacity */
    uint32_t *pterm;                   /* per phrase: its term, RD_AN_NOFORM until seen */
};

rd_status rd_an_new(const rd_stop *stop, const char *algo, rd_an **out, rd_err *err)
{
    rd_status rc;
    rd_an *an = calloc(1, sizeof *an);
    *out = NULL;
    if (!an)
        return rd_fail(err, RD_ENOMEM, "analyser");
    an->stop = stop;
    if ((rc = rd_norm_new(&an->nz, err)) != RD_OK ||
        (rc = rd_stemmer_new(algo, &an->st, err)) != RD_OK) {
        rd_an_free(an);
        return rc;
    }
    if (!(an->lex = rd_strtab_new(8192)) || !(an->hot = calloc(HOT_SIZE, sizeof *an->hot))) {
        rd_an_free(an);
        return rd_fail(err, RD_ENOMEM, "lexicon");
    }
    *out = an;
    return RD_OK;
}

void rd_an_free(rd_an *an)
{
    if (!an)
        return;
    rd_norm_free(an->nz);
    rd_stemmer_free(an->st);
    rd_tokens_free(&an->toks);
    free(an->form);
    free(an->kept);
    rd_strtab_free(an->lex);
    free(an->flags);
    free(an->uses);
    free(an->pword);
    free(an->fterm);
    free(an->kterm);
    free(an->ktok);
    free(an->tfirst);
    free(an->tsecond);
    free(an->pterm);
    free(an->hot);
    free(an->cue);
    free(an);
}

static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Interns a normalised word form, computing its flags the first time. */
static uint32_t intern_form(rd_an *an, const char *w, size_t n)
{
    int is_new;
    size_t need = rd_strtab_count(an->lex) + 1;
    if (need > an->lex_cap) { /* the per-form arrays share one capacity */
        size_t nc = rd_grow_cap(an->lex_cap, need, 8192);
        if (!nc || RD_RESIZE(an->flags, nc) || RD_RESIZE(an->uses, nc) ||
            RD_RESIZE(an->pword, nc) || RD_RESIZE(an->cue, nc) || RD_RESIZE(an->fterm, nc))
            return RD_AN_NOFORM;
        an->lex_cap = nc;
    }
    uint32_t id = rd_strtab_intern(an->lex, w, n, &is_new);
    if (id == RD_STRTAB_NONE)
        return RD_AN_NOFORM;
    if (is_new) {
        uint8_t f = 0;
        if (rd_stop_has(an->stop, w, n) || (an->fr && rd_fr_drops(an->fr, w, n)))
            f |= F_STOP;
        if (rd_stop_starts_phrase(an->stop, w, n))
            f |= F_PHRASE;
        if (rd_stop_closes(an->stop, w, n))
            f |= F_CLOSE;
        if (n > RD_AN_MAX_WORD || count_chars(w, n) < 2)
            f |= F_SKIP;
        if (rd_tok_listed_abbrev(w, n))
            f |= F_LISTED;
        an->flags[id] = f;
        an->uses[id] = 0;
        an->fterm[id] = RD_AN_NOFORM;
        an->pword[id] = rd_stop_phrase_word(an->stop, w, n);
        an->cue[id] = an->cues ? (uint8_t)rd_cues_match(an->cues, w, n) : 0;
    }
    return id;
}

/* A byte that may go on an e-mail address after a dot in its local part (a local-part
 * byte, or the '@' itself). */
static int email_byte(char c)
{
    return rd__tok_letter[(unsigned char)c] || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '%' || c == '+' || c == '-' || c == '@';
}

/* Room for one more token in the token, form and kept arrays. */
static rd_status reserve_token(rd_an *an, rd_err *err)
{
    if (an->toks.n == an->toks.cap && rd_tokens_reserve(&an->toks, 1, err) != RD_OK)
        return RD_ENOMEM;
    if (an->toks.n >= an->cap) { /* the per-token arrays follow the token array's capacity */
        size_t nc = an->toks.cap;
        if (RD_RESIZE(an->form, nc))
            return rd_fail(err, RD_ENOMEM, "token forms");
        if (RD_RESIZE(an->kept, nc))
            return rd_fail(err, RD_ENOMEM, "token flags");
        an->cap = nc;
    }
    return RD_OK;
}

/* The form of a short lowercase ASCII word held zero-padded in key[0..3), and its flags,
 * through the hot cache; the lexicon on a miss. RD_AN_NOFORM when out of memory. */
static inline uint32_t hot_form(rd_an *an, const uint64_t key[HOT_BYTES / 8], size_t len,
                                uint8_t *fl)
{
    uint64_t h = (key[0] * 0x9E3779B97F4A7C15u) ^ (key[1] * 0xC2B2AE3D27D4EB4Fu) ^
                 (key[2] * 0x165667B19E3779F9u) ^ len;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93u;
    hot_entry *he = &an->hot[h >> (64 - HOT_BITS)];
    if (he->n == len && he->w[0] == key[0] && he->w[1] == key[1] && he->w[2] == key[2]) {
        *fl = he->fl;
        return he->id;
    }
    uint32_t f = intern_form(an, (const char *)key, len);
    if (f == RD_AN_NOFORM)
        return f;
    memcpy(he->w, key, sizeof he->w);
    he->n = (uint8_t)len;
    he->id = f;
    he->fl = an->flags[f];
    *fl = he->fl;
    return f;
}

/* Bytes 0..k of a word kept, the rest cleared: masks[min(k, 8)]. */
static const uint64_t low_bytes[9] = {
    0, 0xFFu, 0xFFFFu, 0xFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFFFu, 0xFFFFFFFFFFFFu,
    0xFFFFFFFFFFFFFFu, 0xFFFFFFFFFFFFFFFFu};

/* The form of the token tk of s (a word or an abbreviation; not the fused fast path's
 * plain ASCII words), normalising it as needed. */
static rd_status token_form(rd_an *an, const char *s, const rd_token *t, uint32_t *form,
                            uint8_t *flags, rd_err *err)
{
    const char *w;
    size_t wn;
    char low[RD_AN_MAX_WORD];
    uint64_t key[HOT_BYTES / 8] = {0, 0, 0};
    rd_status rc;
    if (t->len > RD_NORM_MAX) { /* never a kept word: not normalised, no form (analyse.h) */
        *form = RD_AN_NOFORM;
        *flags = F_SKIP;
        return RD_OK;
    }
    if (t->len <= HOT_BYTES)
        memcpy(key, s + t->off, t->len);
    if (t->len <= HOT_BYTES && !((key[0] | key[1] | key[2]) & 0x8080808080808080u)) {
        /* short ASCII token (e-mail, z'n, c.v.-ketel): lowercasing is the whole
         * normalisation; the hot cache in front of the lexicon */
        for (size_t i = 0; i < HOT_BYTES / 8; i++) {
            /* ASCII upper case to lower case, eight bytes at a time (bytes < 0x80) */
            uint64_t x = key[i];
            uint64_t hi = x + 0x3f3f3f3f3f3f3f3fu; /* bit 7 set where byte >= 'A' */
            uint64_t lo = x + 0x2525252525252525u; /* bit 7 set where byte > 'Z' */
            key[i] = x | (((hi & ~lo) & 0x8080808080808080u) >> 2);
        }
        *form = hot_form(an, key, t->len, flags);
        return *form == RD_AN_NOFORM ? rd_fail(err, RD_ENOMEM, "lexicon") : RD_OK;
    }
    if ((t->flags & RD_TOKF_ASCII) && t->len <= sizeof low) {
        /* plain ASCII letters: lowercasing is the whole normalisation */
        const char *p = s + t->off;
        for (size_t i = 0; i < t->len; i++)
            low[i] = (char)(p[i] | ((p[i] >= 'A' && p[i] <= 'Z') ? 0x20 : 0));
        w = low;
        wn = t->len;
    } else if ((rc = rd_norm_apply(an->nz, s + t->off, t->len, &w, &wn, err)) != RD_OK) {
        return rc;
    }
    uint32_t f = intern_form(an, w, wn);
    if (f == RD_AN_NOFORM)
        return rd_fail(err, RD_ENOMEM, "lexicon");
    *form = f;
    *flags = an->flags[f];
    return RD_OK;
}

/* Filler phrases ("zeg maar", "weet je wel") in the last run: the longest phrase of stop
 * list words starting at each token whose form starts one, its tokens no longer kept. */
/* An e-mail or letter signature: the last word that closes a letter ("groet",
 * "groeten", rd_stop_closes) followed by punctuation or a line break, then at most
 * SIGNATURE_WORDS words to the end of the text ("Met vriendelijke groet,\nJan de Vries"):
 * those words are the signature, kept out of the terms like the closing itself.
 * "Doe de groeten aan de buren" (a space after the closing) is no signature. */
enum { SIGNATURE_WORDS = 4 };
static void drop_signature(rd_an *an)
{
    size_t nt = an->toks.n, k = nt, words = 0;
    while (k > 0) {
        const rd_token *t = &an->toks.v[k - 1];
        if (t->kind == RD_TOK_WORD && an->form[k - 1] != RD_AN_NOFORM &&
            (an->flags[an->form[k - 1]] & F_CLOSE))
            break;
        words += t->kind == RD_TOK_WORD;
        k--;
    }
    if (k == 0 || k == nt || words == 0 || words > SIGNATURE_WORDS)
        return;
    const rd_token *c = &an->toks.v[k - 1], *next = &an->toks.v[k];
    uint32_t i = c->off + c->len;
    while (i < next->off && an->s[i] == ' ')
        i++;
    if (i == next->off)
        return;
    for (size_t j = k; j < nt; j++)
        an->kept[j] = 0;
}

static void drop_phrases(rd_an *an)
{
    size_t nt = an->toks.n;
    uint32_t ids[8];
    for (size_t k = 0; k < nt; k++) {
        if (an->form[k] == RD_AN_NOFORM || !(an->flags[an->form[k]] & F_PHRASE))
            continue;
        size_t m = 0;
        while (m < 6 && k + m < nt && an->form[k + m] != RD_AN_NOFORM &&
               an->pword[an->form[k + m]] != UINT32_MAX) {
            ids[m] = an->pword[an->form[k + m]];
            m++;
        }
        size_t len = rd_stop_match_ids(an->stop, ids, m);
        for (size_t j = 0; j < len; j++)
            an->kept[k + j] = 0;
        if (len)
            k += len - 1;
    }
}

/* Cue counts of the last run (cue_n zeroed by the caller). A positive judgement up to
 * three word tokens after a negation ("niet goed", "nooit echt prettig") counts as
 * negative. */
static void count_cues(rd_an *an)
{
    size_t nt = an->toks.n, words = 0, last_neg = SIZE_MAX;
    for (size_t k = 0; k < nt; k++) {
        if (an->toks.v[k].kind != RD_TOK_WORD)
            continue;
        words++;
        unsigned m = an->form[k] != RD_AN_NOFORM ? an->cue[an->form[k]] : 0;
        if ((m & (1u << RD_CUE_POSITIVE)) && last_neg != SIZE_MAX && words - last_neg <= 3)
            m = (m & ~(1u << RD_CUE_POSITIVE)) | (1u << RD_CUE_NEGATIVE);
        if (m & (1u << RD_CUE_NEGATION))
            last_neg = words;
        for (unsigned c = 0; c < RD_CUE__COUNT; c++)
            an->cue_n[c] += (m >> c) & 1u;
    }
    an->cue_n[RD_CUE__COUNT] = (uint32_t)(words > UINT32_MAX ? UINT32_MAX : words);
}

/* The tokeniser's pass (rd_tok_next) fused with the lexicon lookup. The common token, a
 * run of at most 24 ASCII letters that is certainly a whole word (see below), is scanned
 * here: its bytes are loaded as three words, masked to its length, lowercased with one
 * OR (they are all letters), hashed and looked up in the hot cache without being copied.
 * Bytes at which no token starts are skipped here too. Everything else (digits,
 * apostrophes, hyphens, initials, non-ASCII text, ...) goes through rd_tok_next and
 * token_form, so the tokens, forms and kept flags are exactly those of rd_tok_words
 * followed by a lookup of each token (tested on random text in tests/unit/nlp, and by the
 * tokeniser's fuzz target). */
rd_status rd_an_run(rd_an *an, const char *s, size_t n, rd_err *err)
{
    rd_status rc;
    if (n >= UINT32_MAX)
        return rd_fail(err, RD_EINVAL, "text of %zu bytes is too long to tokenise", n);
    an->s = s;
    an->toks.n = 0;
    int any_phrase = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (rd__tok_skip[c]) {
            i++;
            continue;
        }
        if ((rc = reserve_token(an, err)) != RD_OK)
            return rc;
        size_t k = an->toks.n;
        rd_token *tk = &an->toks.v[k];
        uint32_t f;
        uint8_t fl = 0;
        if (rd__tok_letter[c]) {
            size_t j = i + 1;
            while (j < n && rd__tok_letter[(unsigned char)s[j]])
                j++;
            size_t len = j - i;
            /* A run of letters is a whole word before a space or punctuation (word_stop);
             * before ':' unless it is "http(s)" (a URL); before '.' unless it could be
             * initials (d.w.z.: two letters or fewer), "www." or an e-mail address (a
             * local-part character after the dot), and then a listed abbreviation takes
             * the dot, which its form's flags tell. */
            uint8_t flags = RD_TOKF_ASCII; /* as the tokeniser's own fast path has it */
            int whole = j == n || rd__tok_word_stop[(unsigned char)s[j]], dotted = 0;
            if (!whole && s[j] == ':') {
                whole = !((len == 4 || (len == 5 && (s[i + 4] | 0x20) == 's')) &&
                          (s[i] | 0x20) == 'h' && (s[i + 1] | 0x20) == 't' &&
                          (s[i + 2] | 0x20) == 't' && (s[i + 3] | 0x20) == 'p');
                flags = 0; /* the tokeniser's general path sets no flag */
            } else if (!whole && s[j] == '.' && len >= 3 && (j + 1 == n || !email_byte(s[j + 1])) &&
                       !(len == 3 && (s[i] | 0x20) == 'w' && (s[i + 1] | 0x20) == 'w' &&
                         (s[i + 2] | 0x20) == 'w')) {
                whole = dotted = 1;
                flags = 0;
            }
            if (whole && len <= HOT_BYTES) {
                uint64_t key[HOT_BYTES / 8];
                if (i + HOT_BYTES <= n) {
                    memcpy(key, s + i, HOT_BYTES); /* three loads; bytes past len masked off */
                } else {
                    memset(key, 0, HOT_BYTES);
                    memcpy(key, s + i, len);
                }
                for (size_t w = 0; w < HOT_BYTES / 8; w++) {
                    size_t have = len > 8 * w ? len - 8 * w : 0;
                    uint64_t m = low_bytes[have < 8 ? have : 8];
                    key[w] = (key[w] | 0x2020202020202020u) & m; /* letters: | 0x20 lowercases */
                }
                if ((f = hot_form(an, key, len, &fl)) == RD_AN_NOFORM)
                    return rd_fail(err, RD_ENOMEM, "lexicon");
                an->toks.n = k + 1;
                if (dotted && (fl & F_LISTED)) { /* "bijv.": an abbreviation with its dot */
                    *tk = (rd_token){(uint32_t)i, (uint32_t)len + 1, RD_TOK_ABBREV, 0};
                    an->kept[k] = 0;
                    if ((rc = token_form(an, s, tk, &an->form[k], &fl, err)) != RD_OK)
                        return rc;
                    any_phrase |= fl & (F_PHRASE | F_CLOSE);
                    i = j + 1;
                    continue;
                }
                *tk = (rd_token){(uint32_t)i, (uint32_t)len, RD_TOK_WORD, flags};
                an->form[k] = f;
                an->kept[k] = !(fl & (F_STOP | F_SKIP));
                any_phrase |= fl & (F_PHRASE | F_CLOSE);
                i = j;
                continue;
            }
        }
        if (!rd_tok_next(s, n, &i, tk))
            break;
        an->toks.n = k + 1;
        an->form[k] = RD_AN_NOFORM;
        an->kept[k] = 0;
        if (tk->kind != RD_TOK_WORD && tk->kind != RD_TOK_ABBREV)
            continue;
        if ((rc = token_form(an, s, tk, &f, &fl, err)) != RD_OK)
            return rc;
        an->form[k] = f;
        any_phrase |= fl & (F_PHRASE | F_CLOSE);
        an->kept[k] = tk->kind == RD_TOK_WORD && !(fl & (F_STOP | F_SKIP));
    }
    if (any_phrase) { /* a word that may start a stop phrase or close a letter */
        drop_phrases(an);
        drop_signature(an);
    }
    size_t nt = an->toks.n;
    for (size_t k = 0; k < nt; k++)
        if (an->kept[k])
            an->uses[an->form[k]]++;
    memset(an->cue_n, 0, sizeof an->cue_n);
    if (an->cues) /* inspect, tokens, vocab: no cue counts wanted */
        count_cues(an);
    return RD_OK;
}

void rd_an_set_cues(rd_an *an, const rd_cues *cues) { an->cues = cues; }
void rd_an_set_frames(rd_an *an, const rd_frames *fr) { an->fr = fr; }
const uint32_t *rd_an_term_tokens(const rd_an *an) { return an->ktok; }
size_t rd_an_word_terms(const rd_an *an) { return an->kwords; }
const uint32_t *rd_an_cue_counts(const rd_an *an) { return an->cue_n; }
unsigned rd_an_form_cue(const rd_an *an, uint32_t f) { return an->cue[f]; }

size_t rd_an_count(const rd_an *an) { return an->toks.n; }
const rd_token *rd_an_tokens(const rd_an *an) { return an->toks.v; }
const uint32_t *rd_an_forms(const rd_an *an) { return an->form; }
const uint8_t *rd_an_kept(const rd_an *an) { return an->kept; }
size_t rd_an_form_count(const rd_an *an) { return rd_strtab_count(an->lex); }
uint64_t rd_an_form_uses(const rd_an *an, uint32_t f) { return an->uses[f]; }
const char *rd_an_algorithm(const rd_an *an) { return rd_stemmer_algorithm(an->st); }

const char *rd_an_form_str(const rd_an *an, uint32_t f, size_t *n)
{
    return rd_strtab_str(an->lex, f, n);
}

rd_status rd_an_norm(rd_an *an, size_t tok, const char **out, size_t *n, rd_err *err)
{
    if (an->form[tok] != RD_AN_NOFORM) {
        *out = rd_strtab_str(an->lex, an->form[tok], n);
        return RD_OK;
    }
    const rd_token *t = &an->toks.v[tok];
    return rd_norm_apply(an->nz, an->s + t->off, t->len, out, n, err);
}

/* Apostrophe plurals (foto's, cd's) stem as their singular: Snowball would only drop the
 * s and keep the apostrophe. The length of w to stem. */
static size_t stem_len(const char *w, size_t wn)
{
    return wn > 2 && w[wn - 2] == '\'' && w[wn - 1] == 's' && w[0] != '\'' ? wn - 2 : wn;
}

size_t rd_an_stem_len(const char *w, size_t n) { return stem_len(w, n); }

/* Each term's ids among the phrases' first and second words, for the terms made since
 * the last call (stems and phrase terms alike: a phrase term is neither). */
static rd_status phrase_info(rd_an *an, rd_err *err)
{
    size_t nt = rd_stem_count(an->st);
    if (nt > an->tinfo_cap) {
        size_t nc = rd_grow_cap(an->tinfo_cap, nt, 1024);
        if (!nc || RD_RESIZE(an->tfirst, nc) || RD_RESIZE(an->tsecond, nc))
            return rd_fail(err, RD_ENOMEM, "phrase words");
        an->tinfo_cap = nc;
    }
    if (!an->pterm) {
        size_t np = rd_fr_phrase_count(an->fr);
        if (!(an->pterm = malloc(np * sizeof *an->pterm)))
            return rd_fail(err, RD_ENOMEM, "phrases");
        for (size_t p = 0; p < np; p++)
            an->pterm[p] = RD_AN_NOFORM;
    }
    for (; an->tinfo_n < nt; an->tinfo_n++) {
        size_t sn;
        const char *st = rd_stem_str(an->st, (uint32_t)an->tinfo_n, &sn);
        an->tfirst[an->tinfo_n] = rd_fr_first(an->fr, st, sn);
        an->tsecond[an->tinfo_n] = rd_fr_second(an->fr, st, sn);
    }
    return RD_OK;
}

/* 1 when tokens a and a + 1 of the last run have nothing but white space between them. */
static int side_by_side(const rd_an *an, uint32_t a, uint32_t b)
{
    if (b != a + 1)
        return 0;
    const rd_token *x = &an->toks.v[a], *y = &an->toks.v[b];
    for (uint32_t i = x->off + x->len; i < y->off; i++)
        if (an->s[i] != ' ' && an->s[i] != '\t')
            return 0;
    return 1;
}

/* Phrase p, made of the forms of tokens a and b (side by side): its term, interned on
 * first use, and one more use of the form of the two written together. */
static rd_status phrase_term(rd_an *an, uint32_t a_tok, uint32_t b_tok, uint32_t p, uint32_t *term,
                             rd_err *err)
{
    char buf[2 * RD_AN_MAX_WORD + 1];
    uint32_t fa = an->form[a_tok], fb = an->form[b_tok];
    size_t na, nb;
    const char *a = rd_strtab_str(an->lex, fa, &na), *b = rd_strtab_str(an->lex, fb, &nb);
    if (an->pterm[p] == RD_AN_NOFORM) {
        size_t kn;
        const char *key = rd_fr_phrase_term(an->fr, p, &kn);
        rd_status rc = rd_stem_intern(an->st, key, kn, &an->pterm[p], err);
        if (rc != RD_OK)
            return rc;
    }
    if (na + nb + 1 > sizeof buf) /* kept words are at most RD_AN_MAX_WORD bytes */
        return rd_fail(err, RD_EINVAL, "phrase of %zu bytes", na + nb + 1);
    memcpy(buf, a, na);
    buf[na] = ' ';
    memcpy(buf + na + 1, b, nb);
    uint32_t pf = intern_form(an, buf, na + nb + 1);
    if (pf == RD_AN_NOFORM)
        return rd_fail(err, RD_ENOMEM, "lexicon");
    an->fterm[pf] = an->pterm[p];
    an->uses[pf]++;
    *term = an->pterm[p];
    return RD_OK;
}

/* Phrases among the last run's *nk kept terms, left to right (a word that joined the word
 * before it joins no other, nlp/frames.h): each phrase's term is appended after the words'
 * terms, with its first word's token; the words keep their own terms. */
static rd_status join_phrases(rd_an *an, size_t *nk, rd_err *err)
{
    rd_status rc = phrase_info(an, err);
    size_t n = *nk, k = n;
    for (size_t r = 1; r < n && rc == RD_OK; r++) {
        uint32_t a = an->kterm[r - 1], b = an->kterm[r], p = RD_FR_NONE;
        if (an->tfirst[a] != RD_FR_NONE && an->tsecond[b] != RD_FR_NONE &&
            side_by_side(an, an->ktok[r - 1], an->ktok[r]))
            p = rd_fr_phrase(an->fr, an->tfirst[a], an->tsecond[b]);
        if (p == RD_FR_NONE)
            continue;
        if ((rc = phrase_term(an, an->ktok[r - 1], an->ktok[r], p, &an->kterm[k], err)) != RD_OK)
            break;
        an->ktok[k++] = an->ktok[r - 1];
        r++; /* the second word starts no phrase */
    }
    an->kwords = n;
    *nk = k;
    return rc;
}

rd_status rd_an_terms(rd_an *an, const uint32_t **terms, size_t *n, rd_err *err)
{
    size_t nt = an->toks.n, k = 0;
    rd_status rc = RD_OK;
    /* a term per token and one per phrase (at most one per two tokens): sized to twice
     * the passage's tokens when that is not room enough, not doubled */
    if (nt + nt / 2 > an->kcap) {
        if (RD_RESIZE(an->kterm, nt * 2) || RD_RESIZE(an->ktok, nt * 2))
            return rd_fail(err, RD_ENOMEM, "kept terms");
        an->kcap = nt * 2;
    }
    for (size_t t = 0; t < nt; t++) {
        if (!an->kept[t])
            continue;
        uint32_t f = an->form[t], term = an->fterm[f];
        if (term == RD_AN_NOFORM) { /* first time this form is kept: stem it */
            size_t wn;
            const char *w = rd_strtab_str(an->lex, f, &wn);
            if ((rc = rd_stem_id(an->st, w, stem_len(w, wn), &term, err)) != RD_OK)
                return rc;
            an->fterm[f] = term;
        }
        an->ktok[k] = (uint32_t)t;
        an->kterm[k++] = term;
    }
    an->kwords = k;
    if (an->fr && k > 1 && rd_fr_phrase_count(an->fr) && (rc = join_phrases(an, &k, err)) != RD_OK)
        return rc;
    *terms = an->kterm;
    *n = k;
    return RD_OK;
}

uint32_t rd_an_form_term(const rd_an *an, uint32_t form) { return an->fterm[form]; }

void rd_an_take_tables(rd_an *an, rd_strtab **terms, rd_strtab **lexicon)
{
    *terms = rd_stem_take_stems(an->st);
    *lexicon = an->lex;
    an->lex = NULL;
}
size_t rd_an_term_count(const rd_an *an) { return rd_stem_count(an->st); }

const char *rd_an_term_str(const rd_an *an, uint32_t term, size_t *n)
{
    return rd_stem_str(an->st, term, n);
}

rd_status rd_an_form_stem(rd_an *an, uint32_t f, const char **stem, size_t *n, rd_err *err)
{
    size_t wn;
    const char *w = rd_strtab_str(an->lex, f, &wn);
    return rd_stem(an->st, w, stem_len(w, wn), stem, n, err);
}
