/* nlp/idname.c — see idname.h.
 *
 * An id is cut into words (letters, split at a lower-case letter followed by a capital),
 * each word gets a class (title, particle, generic, name, other) by the numbered rules of
 * idname.h, and the id carries a name when some word is a name. The evidence counters are
 * a string table of the wanted words (folded, as nlp/lexicon.h compares words) with four
 * counters per word and worker. */
#include "nlp/idname.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "engine/grow.h"
#include "nlp/strtab.h"
#include "nlp/utf8.h"

enum { MAXW = 24, KEY = 128, LOOK_MAX = 500 };

/* ---- word lists ---------------------------------------------------------------------- */

static const char *const titles[] = {
    "mevrouw", "mevr", "mw", "mvr", "mej", "mejuffrouw", "juffrouw", "meneer", "mnr", "mr",
    "dhr", "heer", "hr", "familie", "fam", "dr", "drs", "ir", "ing", "prof", "zuster",
    "broeder", "dominee", "pastoor", "meester", "juf", "oma", "opa", "tante", "oom", NULL};

/* surname particles: inside a name, never a name themselves */
static const char *const particles[] = {
    "van", "de", "der", "den", "het", "t", "ter", "ten", "la", "le", "du", "da", "di", "del",
    "della", "von", "vom", "zu", "el", "al", "dos", "das", "do", "vd", "bin", "ben", "abu", NULL};

/* words of ids that are never names, for when there is no lexicon (it knows them) */
static const char *const generic[] = {
    "interview", "interviews", "gesprek", "gesprekken", "transcript", "transcriptie",
    "uitwerking", "verslag", "opname", "sessie", "deel", "groep", "focusgroep", "ronde",
    "meting", "golf", "wave", "enquete", "enquête", "survey", "vragenlijst", "respondent",
    "respondente", "resp", "res", "int", "bewoner", "bewoonster", "huurder", "huurster",
    "deelnemer", "deelneemster", "participant", "huisbezoek", "keukentafelgesprek", "notities",
    "aantekeningen", "definitief", "def", "concept", "versie", "kopie", "final", "audio",
    "video", "teams", "zoom", "pilot", "test", "nieuw", "oud", "nummer", "nr", "id", "code",
    "bijlage", "spreker", "speaker", "man", "vrouw", "partner", "jongeren", "senioren",
    "ouderen", "interviewer", "onderzoeker", "moderator", "tolk", "wijk", "buurt", NULL};

/* common Dutch surnames that are also ordinary words (CBS's most frequent surnames that
 * the lexicon has only in lower case) */
static const char *const surnames[] = {
    "bakker", "visser", "boer", "bos", "vos", "dekker", "brouwer", "kok", "koster", "prins",
    "kramer", "schipper", "koning", "kuiper", "molenaar", "huisman", "post", "jong", "groot",
    "berg", "dijk", "wit", "graaf", "haan", "vink", "hoek", "timmerman", "boon", "bruin",
    "zwart", "jonker", "smid", "wolf", "kuipers", "bosman", "veen", "meer", "beek", "smits",
    "blom", "schouten", "bruijn", "brink", "winter", "zomer", "lange", "klein", "hoekstra",
    "koopman", "scholten", "ruiter", "verhoeven", "mol", "haas", "hout", "vries", NULL};

static const char *const place_preps[] = {"in", "uit", "naar", "te", "vanuit", "richting",
                                          "nabij", NULL};

/* Is the folded word k[0..kn) in the list? */
static int in(const char *k, size_t kn, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == kn && memcmp(*list, k, kn) == 0)
            return 1;
    return 0;
}

unsigned rd_idn_lists(const char *k, size_t n)
{
    return (in(k, n, titles) ? RD_IDN_TITLE : 0u) | (in(k, n, particles) ? RD_IDN_PARTICLE : 0u) |
           (in(k, n, place_preps) ? RD_IDN_PLACE_PREP : 0u) |
           (in(k, n, surnames) ? RD_IDN_SURNAME : 0u);
}

/* ---- words --------------------------------------------------------------------------- */

typedef struct {
    size_t b, e;       /* bytes in the id */
    size_t letters;
    int cap, allcaps;
    char key[KEY];     /* folded */
    size_t kn;         /* 0 when too long to fold */
} word;

static int is_letter(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
           c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN ||
           c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

static int is_upper(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_lower(int32_t cp)
{
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static void finish(word *w, const char *s)
{
    w->kn = rd_lex_fold(s + w->b, w->e - w->b, w->key, sizeof w->key);
    if (w->kn == SIZE_MAX)
        w->kn = 0;
}

/* The words of s[0..n) into v (at most MAXW); their number. camel: split "InterviewMulder"
 * where a lower-case letter meets a capital. */
static size_t words_of(const char *s, size_t n, word *v, int camel)
{
    size_t nw = 0;
    int32_t prev = 0;
    word *w = NULL;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t l = rd_utf8_decode(s + i, n - i, &cp);
        int letter = is_letter(cp);
        if (w && (!letter || (camel && is_upper(cp) && is_lower(prev)))) {
            finish(w, s);
            w = NULL;
        }
        if (letter && !w) {
            if (nw == MAXW)
                break;
            w = &v[nw++];
            *w = (word){.b = i, .cap = is_upper(cp), .allcaps = 1};
        }
        if (w) {
            w->e = i + l;
            w->letters++;
            w->allcaps &= !is_lower(cp);
        }
        prev = cp;
        i += l;
    }
    if (w)
        finish(w, s);
    return nw;
}

/* ---- evidence ------------------------------------------------------------------------ */

enum { C_CAP, C_LOW, C_PLACE, C_LABEL, C_N };

struct rd_idn_ev {
    rd_strtab *words;
    int nw;
    uint32_t **cnt;    /* per worker: C_N counters per word */
    size_t cap;        /* words the counters have room for */
    size_t min_len, max_len;
};

rd_status rd_idn_ev_new(int workers, rd_idn_ev **out, rd_err *err)
{
    rd_idn_ev *ev = calloc(1, sizeof *ev);
    *out = NULL;
    if (workers < 1)
        workers = 1;
    if (!ev || !(ev->words = rd_strtab_new(64)) ||
        !(ev->cnt = calloc((size_t)workers, sizeof *ev->cnt))) {
        rd_idn_ev_free(ev);
        return rd_fail(err, RD_ENOMEM, "name evidence");
    }
    ev->nw = workers;
    ev->min_len = SIZE_MAX;
    *out = ev;
    return RD_OK;
}

void rd_idn_ev_free(rd_idn_ev *ev)
{
    if (!ev)
        return;
    for (int w = 0; ev->cnt && w < ev->nw; w++)
        free(ev->cnt[w]);
    free(ev->cnt);
    rd_strtab_free(ev->words);
    free(ev);
}

static int plain_word(const word *w)
{
    return w->kn && w->letters >= 2 && !in(w->key, w->kn, titles) &&
           !in(w->key, w->kn, particles) && !in(w->key, w->kn, generic);
}

rd_status rd_idn_ev_want(rd_idn_ev *ev, const char *id, size_t n, rd_err *err)
{
    word v[MAXW];
    size_t nw = words_of(id, n, v, 1);
    for (size_t k = 0; k < nw; k++) {
        if (!v[k].cap || !plain_word(&v[k]))
            continue;
        int is_new;
        uint32_t t = rd_strtab_intern(ev->words, v[k].key, v[k].kn, &is_new);
        if (t == RD_STRTAB_NONE)
            return rd_fail(err, RD_ENOMEM, "name evidence");
        if (!is_new)
            continue;
        if ((size_t)t >= ev->cap) { /* every worker's counters grow together */
            size_t nc = rd_grow_cap(ev->cap, (size_t)t + 1, 64);
            for (int w = 0; w < ev->nw; w++) {
                if (!nc || RD_RESIZE(ev->cnt[w], nc * C_N))
                    return rd_fail(err, RD_ENOMEM, "name evidence");
                memset(ev->cnt[w] + ev->cap * C_N, 0, (nc - ev->cap) * C_N * sizeof(uint32_t));
            }
            ev->cap = nc;
        }
        if (v[k].kn < ev->min_len)
            ev->min_len = v[k].kn;
        if (v[k].kn > ev->max_len)
            ev->max_len = v[k].kn;
    }
    return RD_OK;
}

size_t rd_idn_ev_size(const rd_idn_ev *ev)
{
    return ev ? rd_strtab_count(ev->words) : 0;
}

/* The wanted word s[a..e), or RD_STRTAB_NONE. */
static uint32_t find(const rd_idn_ev *ev, const char *s, size_t a, size_t e)
{
    char key[KEY];
    /* a fold never shortens a word by more than the ĳ ligature's byte, nor lengthens it
     * by more than 2x: outside these bounds the word cannot be wanted */
    if (e - a + 2 < ev->min_len || e - a > 2 * ev->max_len + 2)
        return RD_STRTAB_NONE;
    size_t kn = rd_lex_fold(s + a, e - a, key, sizeof key);
    return kn == SIZE_MAX ? RD_STRTAB_NONE : rd_strtab_find(ev->words, key, kn);
}

void rd_idn_ev_scan(rd_idn_ev *ev, int w, const char *s, size_t n)
{
    if (!ev || rd_strtab_count(ev->words) == 0)
        return;
    uint32_t *cnt = ev->cnt[w];
    int start = 1, prep = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t l = rd_utf8_decode(s + i, n - i, &cp);
        if (!is_letter(cp)) {
            if (cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == ';' || cp == '\n')
                start = 1, prep = 0;
            else if (cp != ' ' && cp != '\t' && cp != '"' && cp != '\'' && cp != '(' &&
                     cp < 0x2000)
                start = 0, prep = 0;
            i += l;
            continue;
        }
        size_t a = i;
        int cap = is_upper(cp);
        while (i < n) {
            l = rd_utf8_decode(s + i, n - i, &cp);
            if (!is_letter(cp))
                break;
            i += l;
        }
        uint32_t t = find(ev, s, a, i);
        if (t != RD_STRTAB_NONE) {
            uint32_t *c = cnt + (size_t)t * C_N;
            if (cap && !start)
                c[C_CAP]++;
            if (cap && prep)
                c[C_PLACE]++;
            if (!cap)
                c[C_LOW]++;
        }
        char low[12];
        size_t k = 0;
        for (; a + k < i && k < sizeof low; k++)
            low[k] = (char)((unsigned char)s[a + k] | 0x20);
        prep = a + k == i && in(low, k, place_preps);
        start = 0;
    }
}

void rd_idn_ev_label(rd_idn_ev *ev, int w, const char *label, size_t n)
{
    word v[MAXW];
    if (!ev || rd_strtab_count(ev->words) == 0 || rd_redact_is_generic_label(label, n))
        return;
    size_t nw = words_of(label, n, v, 0);
    for (size_t k = 0; k < nw; k++) {
        uint32_t t = v[k].kn ? rd_strtab_find(ev->words, v[k].key, v[k].kn) : RD_STRTAB_NONE;
        if (t != RD_STRTAB_NONE)
            ev->cnt[w][(size_t)t * C_N + C_LABEL]++;
    }
}

rd_idn_counts rd_idn_ev_counts(const rd_idn_ev *ev, const char *s, size_t n)
{
    rd_idn_counts c = {0, 0, 0, 0};
    char key[KEY];
    if (!ev || rd_strtab_count(ev->words) == 0)
        return c;
    size_t kn = rd_lex_fold(s, n, key, sizeof key);
    uint32_t t = kn == SIZE_MAX ? RD_STRTAB_NONE : rd_strtab_find(ev->words, key, kn);
    for (int w = 0; t != RD_STRTAB_NONE && w < ev->nw; w++) {
        const uint32_t *x = ev->cnt[w] + (size_t)t * C_N;
        c.cap_mid += x[C_CAP];
        c.low += x[C_LOW];
        c.place += x[C_PLACE];
        c.label += x[C_LABEL];
    }
    return c;
}

int rd_idn_may_carry(const char *id, size_t n)
{
    word v[MAXW];
    size_t nw = words_of(id, n, v, 1);
    for (size_t k = 0; k < nw; k++)
        if (v[k].letters >= 2 && v[k].kn && !in(v[k].key, v[k].kn, particles) &&
            !in(v[k].key, v[k].kn, generic))
            return 1;
    return 0;
}

/* ---- the rules ----------------------------------------------------------------------- */

typedef enum { W_OTHER, W_TITLE, W_PARTICLE, W_NAME } wclass;

/* Rules 2-7 of idname.h for a word not after a title. */
static wclass classify(const rd_idn_ctx *c, const char *s, const word *w)
{
    if (w->letters < 2 || !w->kn)
        return W_OTHER;
    if (in(w->key, w->kn, titles))
        return W_TITLE;
    if (in(w->key, w->kn, particles))
        return W_PARTICLE;
    if (in(w->key, w->kn, generic) || (w->allcaps && w->letters <= 4))
        return W_OTHER;
    unsigned f = rd_lex_lookup(c->lex, s + w->b, w->e - w->b);
    rd_idn_counts ev = rd_idn_ev_counts(c->ev, s + w->b, w->e - w->b);
    int corpus_place = ev.place > 0 && 2 * ev.place >= ev.cap_mid;
    if ((f & RD_LEX_PLACE) || ((f & RD_LEX_NAME) && !(f & RD_LEX_PROPER)) || corpus_place)
        return W_OTHER;
    if ((f & RD_LEX_PROPER) && !(f & RD_LEX_WORD))
        return W_NAME;
    if (!w->cap)
        return W_OTHER;
    if (ev.label > 0)
        return W_NAME;
    if (in(w->key, w->kn, surnames))
        return ev.low > 0 && ev.cap_mid == 0 ? W_OTHER : W_NAME;
    if ((f & RD_LEX_PROPER) || !(f & RD_LEX_WORD))
        return ev.low > 0 && ev.low >= ev.cap_mid ? W_OTHER : W_NAME;
    return ev.cap_mid > 0 && 10 * ev.cap_mid >= 9 * (ev.cap_mid + ev.low) ? W_NAME : W_OTHER;
}

/* The classes of the words of s, with rule 1 (a word after a title is a name). */
static size_t classes(const rd_idn_ctx *c, const char *s, size_t n, word *v, wclass *k, int camel)
{
    size_t nw = words_of(s, n, v, camel);
    int after_title = 0;
    for (size_t i = 0; i < nw; i++) {
        k[i] = classify(c, s, &v[i]);
        if (after_title && k[i] != W_PARTICLE && k[i] != W_TITLE) {
            int plain = v[i].letters >= 2 && v[i].kn && !in(v[i].key, v[i].kn, generic);
            int lower_word = !v[i].cap && (rd_lex_lookup(c->lex, s + v[i].b, v[i].e - v[i].b) &
                                           RD_LEX_WORD);
            if (plain && !lower_word)
                k[i] = W_NAME;
            after_title = 0;
        }
        if (k[i] == W_TITLE)
            after_title = 1;
    }
    return nw;
}

size_t rd_idn_carries_name(const rd_idn_ctx *c, const char *id, size_t n, rd_idn_span *parts,
                           size_t max)
{
    word v[MAXW];
    wclass k[MAXW];
    size_t np = 0;
    if (rd_redact_is_generic_label(id, n))
        return 0;
    size_t nw = classes(c, id, n, v, k, 1);
    for (size_t i = 0; i < nw; i++) {
        if (k[i] != W_NAME)
            continue;
        size_t f = i, last = i;
        while (f > 0 && (k[f - 1] == W_PARTICLE || k[f - 1] == W_TITLE))
            f--;
        for (size_t j = i + 1; j < nw && (k[j] == W_PARTICLE || k[j] == W_NAME); j++)
            if (k[j] == W_NAME)
                last = j;
        if (np < max)
            parts[np] = (rd_idn_span){v[f].b, v[last].e};
        np++;
        i = last;
    }
    return np;
}

/* ---- values of CSV columns ----------------------------------------------------------- */

/* Splits v into tokens at spaces; each token must be letters (hyphens and apostrophes
 * inside) or an initial / abbreviated title with a dot. */
int rd_idn_looks_like_person(const rd_idn_ctx *c, const char *v, size_t n)
{
    word w[MAXW];
    wclass k[MAXW];
    size_t a = 0;
    while (a < n && (v[a] == ' ' || v[a] == '\t'))
        a++;
    while (n > a && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    if (n == a || n - a > 80)
        return 0;
    for (size_t i = a; i < n;) { /* only letters, spaces, - ' . */
        int32_t cp;
        size_t l = rd_utf8_decode(v + i, n - i, &cp);
        if (!is_letter(cp) && cp != ' ' && cp != '-' && cp != '\'' && cp != 0x2019 && cp != '.')
            return 0;
        i += l;
    }
    size_t nw = classes(c, v + a, n - a, w, k, 0);
    int title = 0, initial = 0, names = 0, plain = 0;
    if (nw == 0 || nw > 5)
        return 0;
    for (size_t i = 0; i < nw; i++) {
        const word *x = &w[i];
        int dot = a + x->e < n && v[a + x->e] == '.';
        if (k[i] == W_TITLE) {
            title = 1;
            continue;
        }
        if (x->letters == 1 && x->cap && dot) {
            initial = 1;
            continue;
        }
        if (k[i] == W_PARTICLE)
            continue;
        if (!x->cap)
            return 0;
        unsigned f = rd_lex_lookup(c->lex, v + a + x->b, x->e - x->b);
        if ((f & RD_LEX_PLACE) || ((f & RD_LEX_NAME) && !(f & RD_LEX_PROPER)))
            return 0;
        plain++;
        names += k[i] == W_NAME;
    }
    if (plain == 0)
        return 0;
    if (title || initial)
        return 1;
    if (plain == 1) {
        for (size_t i = 0; i < nw; i++)
            if (k[i] == W_NAME)
                return (rd_lex_lookup(c->lex, v + a + w[i].b, w[i].e - w[i].b) & RD_LEX_PROPER) != 0;
        return 0;
    }
    return names > 0;
}

rd_status rd_idn_column(const rd_idn_ctx *c, rd_redactor *r, const char *const *v, size_t n,
                        rd_idn_col *kind, rd_err *err)
{
    size_t seen = 0, mail = 0, phone = 0, names = 0;
    rd_strtab *distinct = rd_strtab_new(64);
    *kind = RD_IDN_COL_PLAIN;
    if (!distinct)
        return rd_fail(err, RD_ENOMEM, "column values");
    for (size_t i = 0; i < n && seen < LOOK_MAX; i++) {
        if (!v[i])
            continue;
        size_t a = 0, e = strlen(v[i]);
        while (a < e && (v[i][a] == ' ' || v[i][a] == '\t' || v[i][a] == '\n'))
            a++;
        while (e > a && (v[i][e - 1] == ' ' || v[i][e - 1] == '\t' || v[i][e - 1] == '\n'))
            e--;
        if (a == e)
            continue;
        seen++;
        if (rd_strtab_intern(distinct, v[i] + a, e - a, NULL) == RD_STRTAB_NONE) {
            rd_strtab_free(distinct);
            return rd_fail(err, RD_ENOMEM, "column values");
        }
        const char *m;
        size_t mn;
        if (rd_redact_apply(r, v[i] + a, e - a, &m, &mn, err) == RD_OK) {
            mail += mn == 8 && memcmp(m, "[e-mail]", 8) == 0;
            phone += mn == 10 && memcmp(m, "[telefoon]", 10) == 0;
        }
        names += rd_idn_looks_like_person(c, v[i] + a, e - a);
    }
    size_t nd = rd_strtab_count(distinct);
    rd_strtab_free(distinct);
    if (2 * mail > seen)
        *kind = RD_IDN_COL_EMAIL;
    else if (2 * phone > seen)
        *kind = RD_IDN_COL_PHONE;
    else if (2 * names > seen && 2 * nd >= seen)
        *kind = RD_IDN_COL_NAMES;
    return RD_OK;
}
