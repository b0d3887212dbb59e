/* nlp/vocab.c — see vocab.h. */
#include "nlp/vocab.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "nlp/strtab.h"

struct rd_vocab {
    rd_strtab *stems, *forms;
    uint64_t *df, *tf;  /* per stem id */
    size_t cap_t;
    uint32_t *form_term; /* per form id */
    uint64_t *form_uses;
    size_t cap_f;
    uint8_t *form_drop;  /* per form: 1 when dropped (rd_vocab_drop_form), or NULL */
    size_t cap_drop;
    /* after pruning */
    int pruned;
    uint32_t *order; /* new id -> stem id */
    uint32_t *label; /* new id -> form id */
    size_t n_kept;
};

rd_status rd_vocab_new(rd_vocab **out, rd_err *err)
{
    rd_vocab *v = calloc(1, sizeof *v);
    *out = NULL;
    if (!v || !(v->stems = rd_strtab_new(1 << 14)) || !(v->forms = rd_strtab_new(1 << 14))) {
        rd_vocab_free(v);
        return rd_fail(err, RD_ENOMEM, "vocabulary");
    }
    *out = v;
    return RD_OK;
}

void rd_vocab_free(rd_vocab *v)
{
    if (!v)
        return;
    rd_strtab_free(v->stems);
    rd_strtab_free(v->forms);
    free(v->df);
    free(v->tf);
    free(v->form_term);
    free(v->form_uses);
    free(v->form_drop);
    free(v->order);
    free(v->label);
    free(v);
}

/* The capacity of the per-term (or per-form) arrays for `need` entries (engine/grow.h):
 * a new vocabulary starts at 16384, an adopted one at the size of its tables; both
 * double from there. 0 on overflow. */
static size_t vocab_cap(size_t cap, size_t need)
{
    return rd_grow_cap(cap, need, cap ? cap : 1 << 14);
}

rd_status rd_vocab_add_term(rd_vocab *v, const char *stem, size_t sn, uint32_t *term,
                            rd_err *err)
{
    size_t need = rd_strtab_count(v->stems) + 1;
    if (need > v->cap_t) {
        size_t nc = vocab_cap(v->cap_t, need), old = v->cap_t;
        if (!nc || RD_RESIZE(v->df, nc) || RD_RESIZE(v->tf, nc))
            return rd_fail(err, RD_ENOMEM, "vocabulary of %zu terms", nc);
        memset(v->df + old, 0, (nc - old) * sizeof *v->df);
        memset(v->tf + old, 0, (nc - old) * sizeof *v->tf);
        v->cap_t = nc;
    }
    uint32_t t = rd_strtab_intern(v->stems, stem, sn, NULL);
    if (t == RD_STRTAB_NONE)
        return rd_fail(err, RD_ENOMEM, "vocabulary");
    *term = t;
    return RD_OK;
}

rd_status rd_vocab_adopt(rd_strtab *stems, rd_strtab *forms, rd_vocab **out, rd_err *err)
{
    rd_vocab *v = calloc(1, sizeof *v);
    *out = NULL;
    if (!v) {
        rd_strtab_free(stems);
        rd_strtab_free(forms);
        return rd_fail(err, RD_ENOMEM, "vocabulary");
    }
    v->stems = stems;
    v->forms = forms;
    size_t nt = rd_strtab_count(stems), nf = rd_strtab_count(forms);
    v->cap_t = nt ? nt : 1;
    v->cap_f = nf ? nf : 1;
    v->df = calloc(v->cap_t, sizeof *v->df);
    v->tf = calloc(v->cap_t, sizeof *v->tf);
    v->form_term = malloc(v->cap_f * sizeof *v->form_term);
    v->form_uses = calloc(v->cap_f, sizeof *v->form_uses);
    if (!v->df || !v->tf || !v->form_term || !v->form_uses) {
        rd_vocab_free(v);
        return rd_fail(err, RD_ENOMEM, "vocabulary of %zu terms", nt);
    }
    for (size_t f = 0; f < nf; f++)
        v->form_term[f] = RD_VOCAB_NONE;
    *out = v;
    return RD_OK;
}

rd_status rd_vocab_intern_form(rd_vocab *v, const char *form, size_t fn, uint32_t *id,
                               rd_err *err)
{
    size_t need = rd_strtab_count(v->forms) + 1;
    if (need > v->cap_f) {
        size_t nc = vocab_cap(v->cap_f, need), old = v->cap_f;
        if (!nc || RD_RESIZE(v->form_term, nc) || RD_RESIZE(v->form_uses, nc))
            return rd_fail(err, RD_ENOMEM, "vocabulary forms");
        for (size_t f = old; f < nc; f++)
            v->form_term[f] = RD_VOCAB_NONE;
        memset(v->form_uses + old, 0, (nc - old) * sizeof *v->form_uses);
        v->cap_f = nc;
    }
    uint32_t f = rd_strtab_intern(v->forms, form, fn, NULL);
    if (f == RD_STRTAB_NONE)
        return rd_fail(err, RD_ENOMEM, "vocabulary forms");
    *id = f;
    return RD_OK;
}

void rd_vocab_form_uses(rd_vocab *v, uint32_t form, uint32_t term, uint64_t uses)
{
    v->form_term[form] = term;
    v->form_uses[form] += uses;
}

rd_status rd_vocab_add_form(rd_vocab *v, const char *stem, size_t sn, const char *form,
                            size_t fn, uint64_t uses, uint32_t *term, rd_err *err)
{
    uint32_t f;
    rd_status rc = rd_vocab_add_term(v, stem, sn, term, err);
    if (rc == RD_OK && (rc = rd_vocab_intern_form(v, form, fn, &f, err)) == RD_OK)
        rd_vocab_form_uses(v, f, *term, uses);
    return rc;
}

size_t rd_vocab_form_count(const rd_vocab *v) { return rd_strtab_count(v->forms); }
uint64_t rd_vocab_form_total(const rd_vocab *v, uint32_t form) { return v->form_uses[form]; }

const char *rd_vocab_form_str(const rd_vocab *v, uint32_t form, size_t *n)
{
    return rd_strtab_str(v->forms, form, n);
}

rd_status rd_vocab_drop_form(rd_vocab *v, uint32_t form, rd_err *err)
{
    size_t nf = rd_strtab_count(v->forms);
    if (nf > v->cap_drop) {
        size_t old = v->cap_drop;
        if (RD_RESIZE(v->form_drop, nf))
            return rd_fail(err, RD_ENOMEM, "dropped forms");
        memset(v->form_drop + old, 0, nf - old);
        v->cap_drop = nf;
    }
    v->form_drop[form] = 1;
    return RD_OK;
}

/* Is form f dropped? */
static int dropped(const rd_vocab *v, size_t f)
{
    return f < v->cap_drop && v->form_drop[f];
}

/* Terms whose dropped forms hold half of their uses or more lose their df, so that
 * pruning does not keep them. */
static rd_status drop_terms(rd_vocab *v, size_t nt, size_t nf, rd_err *err)
{
    if (!v->form_drop)
        return RD_OK;
    uint64_t *all = calloc(nt ? nt : 1, sizeof *all), *gone = calloc(nt ? nt : 1, sizeof *gone);
    if (!all || !gone) {
        free(all);
        free(gone);
        return rd_fail(err, RD_ENOMEM, "pruning %zu terms", nt);
    }
    for (size_t f = 0; f < nf; f++) {
        uint32_t t = v->form_term[f];
        if (t == RD_VOCAB_NONE)
            continue;
        all[t] += v->form_uses[f];
        if (dropped(v, f))
            gone[t] += v->form_uses[f];
    }
    for (size_t t = 0; t < nt; t++)
        if (gone[t] && 2 * gone[t] >= all[t])
            v->df[t] = 0;
    free(all);
    free(gone);
    return RD_OK;
}

void rd_vocab_add_counts(rd_vocab *v, uint32_t term, uint64_t df, uint64_t tf)
{
    v->df[term] += df;
    v->tf[term] += tf;
}

static const rd_vocab *sort_v; /* qsort has no context argument in C11 */

/* A stem id with its first eight bytes, big-endian and zero-padded: comparing prefixes
 * orders most pairs without reading the strings (stems hold no NUL bytes). */
typedef struct {
    uint64_t pre;
    uint32_t id;
} stem_key;

/* Sorts n (key, value) pairs by key, stably: least significant byte first, one counting
 * pass per byte, skipping bytes in which all keys agree. tk, tv: scratch of n each. */
static void radix_sort(uint64_t *key, uint32_t *val, size_t n, uint64_t *tk, uint32_t *tv)
{
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[(key[i] >> shift) & 0xFF]++;
        if (n == 0 || count[(key[0] >> shift) & 0xFF] == n)
            continue; /* every key has the same byte here */
        size_t pos = 0;
        for (unsigned b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = pos;
            pos += c;
        }
        for (size_t i = 0; i < n; i++) {
            size_t d = count[(key[i] >> shift) & 0xFF]++;
            tk[d] = key[i];
            tv[d] = val[i];
        }
        memcpy(key, tk, n * sizeof *key);
        memcpy(val, tv, n * sizeof *val);
    }
}

static int cmp_stem_key(const void *a, const void *b)
{
    const stem_key *x = a, *y = b;
    if (x->pre != y->pre)
        return x->pre < y->pre ? -1 : 1;
    size_t na, nb;
    const char *sa = rd_strtab_str(sort_v->stems, x->id, &na);
    const char *sb = rd_strtab_str(sort_v->stems, y->id, &nb);
    int c = memcmp(sa, sb, na < nb ? na : nb);
    return c ? c : (na > nb) - (na < nb);
}

rd_status rd_vocab_prune(rd_vocab *v, size_t n_docs, uint64_t min_df, double max_df,
                         uint32_t **map, size_t *n_old, rd_err *err)
{
    size_t nt = rd_strtab_count(v->stems), nf = rd_strtab_count(v->forms), k = 0;
    uint32_t *m = NULL, *best = NULL;
    rd_status rc = RD_OK;
    *map = NULL;
    *n_old = 0;
    if (v->pruned)
        return rd_fail(err, RD_EINVAL, "vocabulary pruned twice");
    /* max_df never cuts below min_df: on a handful of passages every term is "common" */
    double maxc = max_df * (double)n_docs;
    if (maxc < (double)min_df)
        maxc = (double)min_df;
    if ((rc = drop_terms(v, nt, nf, err)) != RD_OK)
        return rc;
    if (!(m = malloc((nt ? nt : 1) * sizeof *m)) || !(best = malloc((nt ? nt : 1) * sizeof *best)) ||
        !(v->order = malloc((nt ? nt : 1) * sizeof *v->order)) ||
        !(v->label = malloc((nt ? nt : 1) * sizeof *v->label))) {
        rc = rd_fail(err, RD_ENOMEM, "pruning %zu terms", nt);
        goto done;
    }
    for (size_t t = 0; t < nt; t++) {
        best[t] = RD_VOCAB_NONE;
        if (v->df[t] > 0 && v->df[t] >= min_df && (double)v->df[t] <= maxc + 1e-9)
            v->order[k++] = (uint32_t)t;
    }
    /* Stem byte order: by the first eight bytes (a radix sort), then runs that share
     * them by the whole string. */
    uint64_t *pre = malloc((k ? k : 1) * 2 * sizeof *pre);
    uint32_t *tv = malloc((k ? k : 1) * sizeof *tv);
    if (!pre || !tv) {
        free(pre);
        free(tv);
        rc = rd_fail(err, RD_ENOMEM, "pruning %zu terms", nt);
        goto done;
    }
    for (size_t i = 0; i < k; i++) {
        size_t n;
        const unsigned char *s = (const unsigned char *)rd_strtab_str(v->stems, v->order[i], &n);
        uint64_t p = 0;
        for (size_t j = 0; j < 8; j++)
            p = p << 8 | (j < n ? s[j] : 0);
        pre[i] = p;
    }
    radix_sort(pre, v->order, k, pre + k, tv);
    sort_v = v;
    for (size_t a = 0; a < k;) {
        size_t b = a + 1;
        while (b < k && pre[b] == pre[a])
            b++;
        if (b - a > 1) {
            stem_key *keys = malloc((b - a) * sizeof *keys);
            if (!keys) {
                free(pre);
                free(tv);
                rc = rd_fail(err, RD_ENOMEM, "pruning %zu terms", nt);
                goto done;
            }
            for (size_t i = a; i < b; i++)
                keys[i - a] = (stem_key){pre[i], v->order[i]};
            qsort(keys, b - a, sizeof *keys, cmp_stem_key);
            for (size_t i = a; i < b; i++)
                v->order[i] = keys[i - a].id;
            free(keys);
        }
        a = b;
    }
    free(pre);
    free(tv);
    for (size_t t = 0; t < nt; t++)
        m[t] = RD_VOCAB_NONE;
    for (size_t i = 0; i < k; i++)
        m[v->order[i]] = (uint32_t)i;
    /* label: the most used form; ties to the smaller bytes */
    for (size_t f = 0; f < nf; f++) {
        uint32_t t = v->form_term[f];
        if (t == RD_VOCAB_NONE || dropped(v, f))
            continue; /* an adopted string that is no term's form, or a name */
        uint32_t b = best[t];
        if (b == RD_VOCAB_NONE || v->form_uses[f] > v->form_uses[b]) {
            best[t] = (uint32_t)f;
        } else if (v->form_uses[f] == v->form_uses[b]) {
            size_t na, nb;
            const char *sa = rd_strtab_str(v->forms, (uint32_t)f, &na);
            const char *sb = rd_strtab_str(v->forms, b, &nb);
            int c = memcmp(sa, sb, na < nb ? na : nb);
            if (c < 0 || (c == 0 && na < nb))
                best[t] = (uint32_t)f;
        }
    }
    for (size_t i = 0; i < k; i++)
        v->label[i] = best[v->order[i]];
    v->n_kept = k;
    v->pruned = 1;
    *map = m;
    *n_old = nt;
    m = NULL;
done:
    free(m);
    free(best);
    return rc;
}

size_t rd_vocab_size(const rd_vocab *v)
{
    return v->pruned ? v->n_kept : rd_strtab_count(v->stems);
}

static uint32_t stem_id(const rd_vocab *v, uint32_t id)
{
    return v->pruned ? v->order[id] : id;
}

const char *rd_vocab_term(const rd_vocab *v, uint32_t id, size_t *n)
{
    return rd_strtab_str(v->stems, stem_id(v, id), n);
}

const char *rd_vocab_label(const rd_vocab *v, uint32_t id, size_t *n)
{
    if (!v->pruned)
        return rd_vocab_term(v, id, n);
    return rd_strtab_str(v->forms, v->label[id], n);
}

uint64_t rd_vocab_df(const rd_vocab *v, uint32_t id) { return v->df[stem_id(v, id)]; }
uint64_t rd_vocab_tf(const rd_vocab *v, uint32_t id) { return v->tf[stem_id(v, id)]; }

static int cmp_tf(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    uint64_t tx = rd_vocab_tf(sort_v, x), ty = rd_vocab_tf(sort_v, y);
    if (tx != ty)
        return tx > ty ? -1 : 1;
    if (sort_v->pruned) /* pruned ids are in stem byte order */
        return (x > y) - (x < y);
    size_t na, nb;
    const char *sa = rd_vocab_term(sort_v, x, &na), *sb = rd_vocab_term(sort_v, y, &nb);
    int c = memcmp(sa, sb, na < nb ? na : nb);
    return c ? c : (na > nb) - (na < nb);
}

rd_status rd_vocab_by_tf(const rd_vocab *v, uint32_t **order, rd_err *err)
{
    size_t n = rd_vocab_size(v);
    uint32_t *o = malloc((n ? n : 1) * sizeof *o), *tv = malloc((n ? n : 1) * sizeof *tv);
    uint64_t *key = malloc((n ? n : 1) * 2 * sizeof *key);
    *order = NULL;
    if (!o || !tv || !key) {
        free(o);
        free(tv);
        free(key);
        return rd_fail(err, RD_ENOMEM, "ordering %zu terms", n);
    }
    for (size_t i = 0; i < n; i++)
        o[i] = (uint32_t)i;
    if (v->pruned) {
        /* pruned ids are in stem byte order already: a stable sort by tf descending */
        for (size_t i = 0; i < n; i++)
            key[i] = UINT64_MAX - rd_vocab_tf(v, (uint32_t)i);
        radix_sort(key, o, n, key + n, tv);
    } else {
        sort_v = v;
        qsort(o, n, sizeof *o, cmp_tf);
    }
    free(tv);
    free(key);
    *order = o;
    return RD_OK;
}

uint32_t rd_vocab_find(const rd_vocab *v, const char *s, size_t n)
{
    size_t lo = 0, hi = rd_vocab_size(v);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, tn;
        const char *t = rd_vocab_term(v, (uint32_t)mid, &tn);
        int cmp = memcmp(t, s, tn < n ? tn : n);
        if (cmp == 0)
            cmp = tn < n ? -1 : tn > n ? 1 : 0;
        if (cmp == 0)
            return (uint32_t)mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return RD_VOCAB_NONE;
}

rd_status rd_vocab_phrases(const rd_vocab *v, unsigned char **phrase, uint32_t **first,
                           uint32_t **second, rd_err *err)
{
    size_t n = rd_vocab_size(v);
    *phrase = calloc(n + 1, 1);
    *first = malloc((n + 1) * sizeof **first);
    *second = malloc((n + 1) * sizeof **second);
    if (!*phrase || !*first || !*second) {
        free(*phrase);
        free(*first);
        free(*second);
        *phrase = NULL;
        *first = *second = NULL;
        return rd_fail(err, RD_ENOMEM, "multi-word terms of %zu terms", n);
    }
    for (size_t t = 0; t < n; t++) {
        size_t kn;
        const char *k = rd_vocab_term(v, (uint32_t)t, &kn);
        const char *sp = memchr(k, ' ', kn);
        (*first)[t] = (*second)[t] = RD_VOCAB_NONE;
        if (!sp)
            continue;
        (*phrase)[t] = 1;
        (*first)[t] = rd_vocab_find(v, k, (size_t)(sp - k));
        (*second)[t] = rd_vocab_find(v, sp + 1, kn - (size_t)(sp - k) - 1);
    }
    return RD_OK;
}
