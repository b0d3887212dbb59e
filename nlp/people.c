/* nlp/people.c — see people.h.
 *
 * Counting. Each worker keeps, per form of its analyser, a cue class (looked up from the
 * form's string the first time the form is the word before a capitalised one) and the row
 * of its counters (0 until the form is first capitalised): a lower-case token costs one
 * byte compare. Gathering sums the workers' rows into rows per vocabulary form; deciding
 * reads each row's form string and uses from the vocabulary. */
#include "nlp/people.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "engine/grow.h"
#include "engine/strbuf.h"
#include "nlp/idname.h"
#include "nlp/strtab.h"
#include "nlp/tokenise.h"
#include "nlp/utf8.h"

enum { E_START, E_MID, E_PERSON, E_PLACE, E_CAPS, E_N };

/* cue classes of a form, as the word before a capitalised one */
enum {
    K_CUE = 1,      /* person cue */
    K_PARTICLE = 2, /* surname particle (also "de", "het") */
    K_PREP = 4,     /* place preposition */
    K_ARTICLE = 8,  /* de, het, een, 't */
    K_SURNAME = 16, /* common surname that is an ordinary word */
    K_ORG = 32,     /* a word for someone's dealings with an organisation: klant, medewerker */
    K_BIJ = 64,     /* bij, voor: "klant bij", "werkt voor" */
    K_KNOWN = 128   /* looked up */
};

enum { WALK = 4, KEY = 64 };

/* Words for kin, neighbours and roles, possessives and naming verbs, that come right before
 * a person's name (titles are nlp/idname.h's). */
static const char *const person_cues[] = {
    "dochter", "dochtertje", "zoon", "zoontje", "man", "vrouw", "echtgenoot", "echtgenote",
    "partner", "vriend", "vriendin", "vriendje", "vriendinnetje", "moeder", "vader", "mama",
    "papa", "mam", "pap", "broer", "broertje", "zus", "zusje", "zuster", "neef", "neefje",
    "nicht", "nichtje", "kleinzoon", "kleindochter", "kleinkind", "buurman", "buurvrouw",
    "buurjongen", "buurmeisje", "collega", "schoonmoeder", "schoonvader", "schoonzoon",
    "schoondochter", "schoonzus", "zwager", "huismeester", "wijkbeheerder", "consulent",
    "consulente", "wijkagent", "wijkconsulent", "opzichter", "heet", "heette", "heten",
    "genaamd", NULL};

/* Verbs of saying and thinking that follow a person's name at a sentence start ("Elif zegt
 * dat ..."): the only cue there, where every word is capitalised. */
static const char *const said_by[] = {
    "zegt", "zei", "vertelt", "vertelde", "vroeg", "vraagt", "vindt", "vond", "denkt", "dacht",
    "belde", "appte", "woont", "woonde", NULL};

static const char *const articles[] = {"de", "het", "een", "'t", "t", "'s", NULL};

/* Words before "van" or "bij" that say an organisation follows: "een medewerker van Ymere",
 * "klant bij Eneco", "werkt bij de Lidl", "de app van Mitros". */
static const char *const org_nouns[] = {
    "klant", "klanten", "medewerker", "medewerkers", "medewerkster", "klantenservice",
    "website", "site", "app", "factuur", "facturen", "rekening", "contract", "abonnement",
    "monteur", "monteurs", "lid", "werkt", "werk", "werken", "werkte", "gewerkt", "afdeling",
    "loket", "kantoor", "vestiging", "filiaal", "aangesloten", "verzekerd", NULL};

/* Endings of place and organisation names (rule 4), after at least three letters. */
static const char *const place_endings[] = {
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "hof", "park",
    "plantsoen", "steeg", "dreef", "markt", "buurt", "wijk", "kwartier", "eiland", "dorp",
    "stad", "polder", "haven", "woude", "wold", "kerk", "brug", "flat", "toren", "centrum",
    "dienst", "bank", "gemeente", "stichting", "wonen", "woningen", "groep", "zorg", "school",
    "kantoor", "fonds", "bureau", "winkel", "vereniging", NULL};

static int in_list(const char *k, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, k, n) == 0)
            return 1;
    return 0;
}

typedef struct {
    uint32_t *row;      /* per analyser form: 1 + its row, or 0 */
    uint8_t *cls;       /* per analyser form: K_* bits, 0 until looked up */
    size_t cap_f;
    uint32_t *form;     /* per row: its analyser form */
    uint32_t *cnt;      /* per row: E_N counters */
    size_t n_rows, cap_rows, cap_cnt;
} worker;

typedef struct {
    char *w;
    size_t n;
    int capitalised;
} name;

struct rd_people {
    worker *w;
    int nw;
    rd_people_lex_fn lex_fn;
    void *lex_ctx;
    /* gathered: per vocabulary form 1 + its row, then the rows */
    uint32_t *grow_of;
    size_t n_vforms;
    uint32_t *gform;    /* per row: vocabulary form */
    uint32_t *gcnt;     /* per row: E_N counters */
    size_t n_g, cap_g, cap_gcnt;
    /* decided */
    rd_strtab *seen;    /* gathered form strings; ev and rule by their ids */
    rd_people_ev *ev;
    uint8_t *rule;
    name *names;
    size_t n_names;
};

rd_status rd_people_new(int workers, rd_people **out, rd_err *err)
{
    rd_people *p = calloc(1, sizeof *p);
    *out = NULL;
    if (workers < 1)
        workers = 1;
    if (!p || !(p->w = calloc((size_t)workers, sizeof *p->w))) {
        free(p);
        return rd_fail(err, RD_ENOMEM, "name evidence");
    }
    p->nw = workers;
    *out = p;
    return RD_OK;
}

void rd_people_free(rd_people *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->nw; i++) {
        worker *w = &p->w[i];
        free(w->row);
        free(w->cls);
        free(w->form);
        free(w->cnt);
    }
    free(p->w);
    free(p->grow_of);
    free(p->gform);
    free(p->gcnt);
    rd_strtab_free(p->seen);
    free(p->ev);
    free(p->rule);
    for (size_t i = 0; i < p->n_names; i++)
        free(p->names[i].w);
    free(p->names);
    free(p);
}

void rd_people_set_lexicon(rd_people *p, rd_people_lex_fn lex, void *ctx)
{
    p->lex_fn = lex;
    p->lex_ctx = ctx;
}

/* ---- counting ------------------------------------------------------------------------ */

static int upper_cp(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* Does the token s[0..n) start with a capital? */
static int capital(const char *s, size_t n)
{
    unsigned char b = (unsigned char)s[0];
    if (b < 0x80)
        return b >= 'A' && b <= 'Z';
    int32_t cp;
    rd_utf8_decode(s, n, &cp);
    return upper_cp(cp);
}

/* Is s[0..n) (starting with a capital) all capitals, or has it a capital right after a
 * lower-case letter? */
static int inner_caps(const char *s, size_t n)
{
    int lower = 0, prev_lower = 0, letters = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += rd_utf8_decode(s + i, n - i, &cp);
        utf8proc_category_t c = utf8proc_category(cp);
        int up = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
        int lo = c == UTF8PROC_CATEGORY_LL;
        if (up && prev_lower)
            return 1;
        letters += up || lo;
        lower |= lo;
        prev_lower = lo;
    }
    return !lower && letters >= 2;
}

/* The cue class of the string k[0..n) (a form: lower case). */
static uint8_t classify(const char *k, size_t n)
{
    char key[KEY];
    uint8_t c = K_KNOWN;
    if (n && k[n - 1] == '.') /* an abbreviation: "mevr.", "dhr." */
        n--;
    if (n == 0 || n > sizeof key)
        return c;
    memcpy(key, k, n);
    unsigned l = rd_idn_lists(key, n);
    if ((l & RD_IDN_TITLE) || in_list(key, n, person_cues))
        c |= K_CUE;
    if (l & RD_IDN_PARTICLE)
        c |= K_PARTICLE;
    if (l & RD_IDN_PLACE_PREP)
        c |= K_PREP;
    if (l & RD_IDN_SURNAME)
        c |= K_SURNAME;
    if (in_list(key, n, articles))
        c |= K_ARTICLE;
    if (in_list(key, n, org_nouns))
        c |= K_ORG;
    if ((n == 3 && memcmp(key, "bij", 3) == 0) || (n == 4 && memcmp(key, "voor", 4) == 0))
        c |= K_BIJ;
    return c;
}

static uint8_t cls_of(worker *w, const rd_an *an, uint32_t f)
{
    if (!w->cls[f]) {
        size_t n;
        const char *s = rd_an_form_str(an, f, &n);
        w->cls[f] = classify(s, n);
    }
    return w->cls[f];
}

/* Room for nf forms; 0, or -1 when out of memory. */
static int grow_forms(worker *w, size_t nf)
{
    if (nf <= w->cap_f)
        return 0;
    size_t nc = rd_grow_cap(w->cap_f, nf, 4096), old = w->cap_f;
    if (!nc || RD_RESIZE(w->row, nc) || RD_RESIZE(w->cls, nc))
        return -1;
    memset(w->row + old, 0, (nc - old) * sizeof *w->row);
    memset(w->cls + old, 0, nc - old);
    w->cap_f = nc;
    return 0;
}

/* The counters of form f, a row made on first use; NULL when out of memory. */
static uint32_t *counters(worker *w, uint32_t f)
{
    if (!w->row[f]) {
        if (RD_GROW(w->form, w->cap_rows, w->n_rows + 1) ||
            RD_GROW(w->cnt, w->cap_cnt, (w->n_rows + 1) * E_N))
            return NULL;
        w->form[w->n_rows] = f;
        memset(w->cnt + w->n_rows * E_N, 0, E_N * sizeof *w->cnt);
        w->row[f] = (uint32_t)++w->n_rows;
    }
    return w->cnt + (size_t)(w->row[f] - 1) * E_N;
}

/* Does a sentence end right before token j (the tokeniser's rule: after '!' or '?', or
 * after '.' or '…' before a capital)? Also at a token that is no word (a number, a date). */
static int starts_here(const rd_an *an, const char *s, size_t j)
{
    const rd_token *tk = rd_an_tokens(an);
    if (j == 0 || rd_an_forms(an)[j - 1] == RD_AN_NOFORM)
        return 1;
    int gap = rd_tok_gap_ends(s, tk[j - 1].off + tk[j - 1].len, tk[j].off);
    return gap == 2 || (gap == 1 && capital(s + tk[j].off, tk[j].len));
}

/* The cue of the capitalised token k (not at a sentence start): E_PERSON, E_PLACE or -1.
 * Looks back, within the sentence (the tokeniser's rule), over the other words of the name
 * (capitalised words that are no cue, surname particles) to the word before it: a person
 * cue there, or a capitalised word (kept, or an initial) before lower-case particles
 * ("Gerrit van der Wal", "G. van der Wal"),
 * makes a person; a place preposition or an article there, or an article among the
 * particles that start the name ("in de Rivierenbuurt", "van De Linde"), a place. */
static int cue_of(worker *w, const rd_an *an, const char *s, size_t k)
{
    const rd_token *tk = rd_an_tokens(an);
    const uint32_t *fm = rd_an_forms(an);
    const uint8_t *kept = rd_an_kept(an);
    size_t j = k;
    uint8_t ctx = 0;
    int art = 0, low_particle = 0;
    for (int steps = 0; steps < WALK && !starts_here(an, s, j); steps++) {
        const rd_token *a = &tk[j - 1];
        uint8_t c = cls_of(w, an, fm[j - 1]);
        int cap = capital(s + a->off, a->len) && (kept[j - 1] || a->len == 1); /* no "En" */
        if ((c & (K_CUE | K_PREP)) || (!(c & K_PARTICLE) && !cap)) {
            ctx = c; /* the word before the name */
            break;
        }
        if (cap && !(c & K_PARTICLE)) { /* an earlier word of the name */
            /* a first name or an initial before "van der", "de"; a word at a sentence
             * start is capitalised anyway ("Vroeger de Linde"), an initial is not */
            if (low_particle && (a->len == 1 || !starts_here(an, s, j - 1)))
                return E_PERSON;
        } else { /* a particle; capitalised only in names of things ("Stichting De Linde") */
            art |= (c & K_ARTICLE) != 0;
            low_particle |= !cap;
        }
        j--;
    }
    if (ctx & K_CUE)
        return E_PERSON;
    if ((ctx & (K_PREP | K_ARTICLE)) || (art && !(cls_of(w, an, fm[k]) & K_SURNAME)))
        return E_PLACE;
    /* "een medewerker van Ymere", "klant bij Eneco" */
    if (((ctx & K_ORG) && low_particle) ||
        ((ctx & K_BIJ) && j >= 2 && !starts_here(an, s, j - 1) &&
         (cls_of(w, an, fm[j - 2]) & K_ORG)))
        return E_PLACE;
    return -1;
}

/* Is token k followed, after white space only, by a verb of said_by? */
static int said_next(const rd_an *an, const char *s, size_t k)
{
    const rd_token *tk = rd_an_tokens(an);
    size_t n;
    if (k + 1 >= rd_an_count(an) || rd_an_forms(an)[k + 1] == RD_AN_NOFORM)
        return 0;
    for (size_t p = tk[k].off + tk[k].len; p < tk[k + 1].off; p++)
        if (s[p] != ' ')
            return 0;
    const char *f = rd_an_form_str(an, rd_an_forms(an)[k + 1], &n);
    return in_list(f, n, said_by);
}

rd_status rd_people_scan(rd_people *p, int wi, const rd_an *an, const char *s, size_t n,
                         rd_err *err)
{
    worker *w = &p->w[wi];
    size_t nt = rd_an_count(an);
    const rd_token *tk = rd_an_tokens(an);
    const uint32_t *fm = rd_an_forms(an);
    const uint8_t *kept = rd_an_kept(an);
    (void)n;
    if (grow_forms(w, rd_an_form_count(an)))
        return rd_fail(err, RD_ENOMEM, "name evidence");
    for (size_t k = 0; k < nt; k++) {
        const rd_token *t = &tk[k];
        if (!kept[k] || !capital(s + t->off, t->len))
            continue;
        uint32_t *c = counters(w, fm[k]);
        if (!c)
            return rd_fail(err, RD_ENOMEM, "name evidence");
        c[E_CAPS] += (uint32_t)inner_caps(s + t->off, t->len);
        if (k == 0 || rd_tok_gap_ends(s, tk[k - 1].off + tk[k - 1].len, t->off)) {
            c[E_START]++;
            c[E_PERSON] += (uint32_t)said_next(an, s, k);
            continue;
        }
        c[E_MID]++;
        int cue = cue_of(w, an, s, k);
        if (cue >= 0)
            c[cue]++;
    }
    return RD_OK;
}

/* ---- gathering ----------------------------------------------------------------------- */

rd_status rd_people_gather(rd_people *p, int wi, const uint32_t *map, const rd_vocab *v,
                           rd_err *err)
{
    const worker *w = &p->w[wi];
    size_t nv = rd_vocab_form_count(v);
    if (nv > p->n_vforms) {
        if (RD_RESIZE(p->grow_of, nv))
            return rd_fail(err, RD_ENOMEM, "name evidence");
        memset(p->grow_of + p->n_vforms, 0, (nv - p->n_vforms) * sizeof *p->grow_of);
        p->n_vforms = nv;
    }
    for (size_t r = 0; r < w->n_rows; r++) {
        uint32_t g = map ? map[w->form[r]] : w->form[r];
        /* a form no worker kept (dropped as frame or formula) has no term to leave; skipped
         * alike on every worker, so the decisions do not depend on the thread count */
        if (g == RD_VOCAB_NONE || g >= nv || !rd_vocab_form_total(v, g))
            continue;
        if (!p->grow_of[g]) {
            if (RD_GROW(p->gform, p->cap_g, p->n_g + 1) ||
                RD_GROW(p->gcnt, p->cap_gcnt, (p->n_g + 1) * E_N))
                return rd_fail(err, RD_ENOMEM, "name evidence");
            p->gform[p->n_g] = g;
            memset(p->gcnt + p->n_g * E_N, 0, E_N * sizeof *p->gcnt);
            p->grow_of[g] = (uint32_t)++p->n_g;
        }
        uint32_t *dst = p->gcnt + (size_t)(p->grow_of[g] - 1) * E_N;
        for (int e = 0; e < E_N; e++)
            dst[e] += w->cnt[r * E_N + e];
    }
    return RD_OK;
}

/* ---- deciding ------------------------------------------------------------------------ */

/* The length of w without a possessive 's (or ’s after normalisation: 's). */
static size_t base_len(const char *w, size_t n)
{
    return n > 3 && w[n - 2] == '\'' && w[n - 1] == 's' ? n - 2 : n;
}

static int place_ending(const char *w, size_t n)
{
    for (const char *const *e = place_endings; *e; e++) {
        size_t l = strlen(*e);
        if (n >= l + 3 && memcmp(w + n - l, *e, l) == 0)
            return 1;
    }
    return 0;
}

/* Is w[0..n) letters only, with hyphens or apostrophes inside? */
static int letters_only(const char *w, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t l = rd_utf8_decode(w + i, n - i, &cp);
        utf8proc_category_t c = utf8proc_category(cp);
        int letter = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
                     c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LO ||
                     c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC;
        if (!letter && !((cp == '-' || cp == '\'') && i > 0 && i + l < n))
            return 0;
        i += l;
    }
    return n > 0;
}

/* Is w[0..n) a place by the lexicon: a place flag, or a capitalised entry without the
 * proper-noun flag? */
static int lex_place(unsigned f)
{
    return (f & RD_LEX_PLACE) || ((f & RD_LEX_NAME) && !(f & RD_LEX_PROPER));
}

/* Is w[0..n), unknown to the lexicon, a word made from a place name that it knows
 * (Turkse, Marokkaanse, Amsterdammers: the place or language name plus e, se, s, er, ers,
 * en)? */
static int place_derived(const rd_lex *lx, const char *w, size_t n)
{
    static const char *const ends[] = {"e", "se", "s", "er", "ers", "en", NULL};
    for (const char *const *e = ends; *e; e++) {
        size_t l = strlen(*e);
        if (n > l + 2 && memcmp(w + n - l, *e, l) == 0 && lex_place(rd_lex_lookup(lx, w, n - l)))
            return 1;
    }
    return 0;
}

rd_people_rule rd_people_judge(const rd_lex *lx, const char *w, size_t n, const rd_people_ev *e)
{
    size_t bn = base_len(w, n);
    unsigned f = rd_lex_lookup(lx, w, bn);
    uint64_t cap = (uint64_t)e->start + e->mid, low = e->uses > cap ? e->uses - cap : 0;
    int proper_only = (f & RD_LEX_PROPER) && !(f & (RD_LEX_WORD | RD_LEX_PLACE));
    int surname = (rd_idn_lists(w, bn) & RD_IDN_SURNAME) != 0;
    if (e->mid == 0) /* a proper noun, or a word unknown to the lexicon before "zegt"
                      * (without one, "Gisteren zei" would be a name: Dutch puts the verb
                      * second) */
        return low == 0 && e->start > 0 &&
                       (proper_only || (e->person && lx && !(f & (RD_LEX_WORD | RD_LEX_PLACE)) &&
                                        !e->caps && letters_only(w, bn)))
                   ? RD_PEOPLE_START_NAME
                   : RD_PEOPLE_RARE;
    if (2 * (uint64_t)e->caps >= cap || !letters_only(w, bn))
        return RD_PEOPLE_SHAPE;
    if (e->person > e->place)
        return e->mid >= low ? RD_PEOPLE_CUE_NAME : RD_PEOPLE_CUE_WORD;
    if (lex_place(f) || place_ending(w, bn) || (!f && place_derived(lx, w, bn)))
        return RD_PEOPLE_PLACE;
    if (e->place > e->person && 2 * (uint64_t)e->place >= e->mid)
        return RD_PEOPLE_PLACE_CUES;
    if (proper_only)
        return e->mid >= low ? RD_PEOPLE_PROPER_NAME : RD_PEOPLE_PROPER_WORD;
    if (4 * (uint64_t)e->mid >= e->start && ((f & RD_LEX_PROPER) || !(f & RD_LEX_WORD) || surname)) {
        /* the weakest evidence of a name: place cues in a quarter of its uses outweigh it
         * (an organisation the lexicon does not know: "naar Menzis gebeld") */
        if (e->place > e->person && 4 * (uint64_t)e->place >= e->mid)
            return RD_PEOPLE_PLACE_CUES;
        /* the lexicon's proper-noun flag is evidence of its own: then capitalised in most
         * uses suffices, else nearly everywhere */
        if (e->mid >= ((f & RD_LEX_PROPER) ? low : 9 * low))
            return RD_PEOPLE_CAPITALISED;
        if (e->mid >= 2)
            return RD_PEOPLE_CAPITALISED_WORD;
    }
    return RD_PEOPLE_WORD;
}

int rd_people_rule_drops(rd_people_rule r)
{
    return r == RD_PEOPLE_START_NAME || r == RD_PEOPLE_CUE_NAME || r == RD_PEOPLE_PROPER_NAME ||
           r == RD_PEOPLE_CAPITALISED;
}

int rd_people_rule_masks(rd_people_rule r)
{
    return rd_people_rule_drops(r) || r == RD_PEOPLE_CUE_WORD || r == RD_PEOPLE_PROPER_WORD ||
           r == RD_PEOPLE_CAPITALISED_WORD;
}

const char *rd_people_rule_name(rd_people_rule r)
{
    static const char *const names[] = {"rare", "start-name", "shape", "cue-name", "cue-word",
                                        "place", "place-cues", "proper-name", "proper-word",
                                        "capitalised", "capitalised-word", "word"};
    return (unsigned)r < sizeof names / sizeof *names ? names[r] : "?";
}

static int cmp_name(const void *a, const void *b)
{
    const name *x = a, *y = b;
    int c = memcmp(x->w, y->w, x->n < y->n ? x->n : y->n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* Sorts the names and joins the ones that are the same base form ("karin", "karin's"):
 * masked only where capitalised when either is. */
static void sort_names(rd_people *p)
{
    size_t k = 0;
    if (p->n_names > 1)
        qsort(p->names, p->n_names, sizeof *p->names, cmp_name);
    for (size_t i = 0; i < p->n_names; i++) {
        if (k && cmp_name(&p->names[k - 1], &p->names[i]) == 0) {
            p->names[k - 1].capitalised |= p->names[i].capitalised;
            free(p->names[i].w);
        } else {
            p->names[k++] = p->names[i];
        }
    }
    p->n_names = k;
}

/* Adds the name w[0..n) (its base form). */
static rd_status add_name(rd_people *p, const char *w, size_t n, int capitalised, size_t *cap)
{
    if (RD_GROW(p->names, *cap, p->n_names + 1))
        return RD_ENOMEM;
    char *c = malloc(n + 1);
    if (!c)
        return RD_ENOMEM;
    memcpy(c, w, n);
    c[n] = '\0';
    p->names[p->n_names++] = (name){c, n, capitalised};
    return RD_OK;
}

rd_status rd_people_decide(rd_people *p, rd_vocab *v, rd_err *err)
{
    const rd_lex *lx = p->lex_fn ? p->lex_fn(p->lex_ctx) : NULL;
    size_t cap = 0;
    rd_status rc = RD_OK;
    if (!(p->seen = rd_strtab_new(p->n_g)) || !(p->ev = calloc(p->n_g + 1, sizeof *p->ev)) ||
        !(p->rule = calloc(p->n_g + 1, 1)))
        return rd_fail(err, RD_ENOMEM, "names");
    for (size_t r = 0; r < p->n_g && rc == RD_OK; r++) {
        size_t n;
        uint32_t g = p->gform[r];
        const char *w = rd_vocab_form_str(v, g, &n);
        const uint32_t *c = p->gcnt + r * E_N;
        rd_people_ev e = {c[E_START], c[E_MID], c[E_PERSON], c[E_PLACE], c[E_CAPS],
                          rd_vocab_form_total(v, g)};
        uint32_t id = rd_strtab_intern(p->seen, w, n, NULL);
        if (id == RD_STRTAB_NONE)
            return rd_fail(err, RD_ENOMEM, "names");
        rd_people_rule rule = rd_people_judge(lx, w, n, &e);
        p->ev[id] = e;
        p->rule[id] = (uint8_t)rule;
        if (!rd_people_rule_masks(rule))
            continue;
        size_t bn = base_len(w, n);
        unsigned f = rd_lex_lookup(lx, w, bn);
        uint64_t low = e.uses - (e.start + e.mid < e.uses ? e.start + e.mid : e.uses);
        int any_case = lx && (f & RD_LEX_PROPER) && !(f & RD_LEX_WORD) && low == 0;
        if (rd_people_rule_drops(rule))
            rc = rd_vocab_drop_form(v, g, err);
        if (rc == RD_OK && add_name(p, w, bn, !any_case, &cap) != RD_OK)
            rc = rd_fail(err, RD_ENOMEM, "names");
    }
    sort_names(p);
    return rc;
}

/* A gathered form, for sorting the report by its bytes. */
typedef struct {
    const char *s;
    size_t n;
    uint32_t id;
} seen_form;

static int cmp_form(const void *a, const void *b)
{
    const seen_form *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

rd_status rd_people_report(const rd_people *p, rd_buf *out, rd_err *err)
{
    size_t n = p->seen ? rd_strtab_count(p->seen) : 0;
    seen_form *f = malloc((n ? n : 1) * sizeof *f);
    if (!f)
        return rd_fail(err, RD_ENOMEM, "names report");
    for (size_t i = 0; i < n; i++) {
        f[i].id = (uint32_t)i;
        f[i].s = rd_strtab_str(p->seen, f[i].id, &f[i].n);
    }
    if (n > 1)
        qsort(f, n, sizeof *f, cmp_form);
    rd_buf_str(out, "form\tname\trule\tstart\tmid\tlow\tperson\tplace\tcaps\n");
    for (size_t i = 0; i < n; i++) {
        const rd_people_ev *e = &p->ev[f[i].id];
        uint64_t cap = (uint64_t)e->start + e->mid;
        rd_people_rule r = (rd_people_rule)p->rule[f[i].id];
        rd_buf_put(out, f[i].s, f[i].n);
        rd_buf_printf(out, "\t%d\t%s\t%u\t%u\t%llu\t%u\t%u\t%u\n",
                      rd_people_rule_drops(r) ? 2 : rd_people_rule_masks(r),
                      rd_people_rule_name(r), e->start, e->mid,
                      (unsigned long long)(e->uses > cap ? e->uses - cap : 0), e->person, e->place,
                      e->caps);
    }
    free(f);
    return out->oom ? rd_fail(err, RD_ENOMEM, "names report") : RD_OK;
}

size_t rd_people_count(const rd_people *p)
{
    return p ? p->n_names : 0;
}

const char *rd_people_name(const rd_people *p, size_t i, size_t *n, int *capitalised)
{
    *n = p->names[i].n;
    *capitalised = p->names[i].capitalised;
    return p->names[i].w;
}

int rd_people_lookup(const rd_people *p, const char *w, size_t n, rd_people_ev *ev,
                     rd_people_rule *rule)
{
    uint32_t id = p && p->seen ? rd_strtab_find(p->seen, w, n) : RD_STRTAB_NONE;
    if (id == RD_STRTAB_NONE)
        return 0;
    *ev = p->ev[id];
    *rule = (rd_people_rule)p->rule[id];
    return 1;
}
