/* nlp/lexicon.c — see lexicon.h.
 *
 * Storage. Every entry's word is folded (lower case, "ĳ" as "ij") and interned in one
 * string table; per folded word a byte of RD_LEX_* facts from its entries, and for its
 * lower-case entries a chain of flag strings (the affix rules need them). The flags are
 * kept as the .dic wrote them (after AF aliases are resolved) and compared by the .aff's
 * FLAG kind.
 *
 * Suffixes. A word w is an ordinary word with a suffix when some rule SFX F strip add cond
 * has w = stem - strip + add, the stem's end matches cond, and the stem is a lower-case
 * entry with flag F (one suffix, as Hunspell checks it without continuation classes). The
 * rules are bucketed by the last byte of `add` (empty adds in a bucket of their own), so a
 * lookup tries only the rules whose affix can end the word. */
#include "nlp/lexicon.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "engine/grow.h"
#include "engine/strbuf.h"
#include "nlp/strtab.h"
#include "nlp/utf8.h"

typedef enum { FL_CHAR, FL_LONG, FL_NUM, FL_UTF8 } flag_kind;

enum { MAX_WORD = 256, BUCKETS = 257 };

typedef struct {
    uint32_t flag;       /* offset of the rule's flag in text */
    uint32_t strip, add; /* offsets of folded strings in text */
    uint32_t cond;       /* offset of the condition (as written, "." = any) */
    uint32_t next;       /* next rule in the bucket, or UINT32_MAX */
} rule;

typedef struct {
    uint32_t flags; /* offset in text */
    uint32_t next;  /* next record of the same word, or UINT32_MAX */
} flag_rec;

struct rd_lex {
    flag_kind kind;
    rd_strtab *words;       /* folded entry words */
    unsigned char *facts;   /* per word: RD_LEX_* bits */
    uint32_t *first_rec;    /* per word: first flag record of a lower-case entry */
    size_t cap_words;
    flag_rec *rec;
    size_t n_rec, cap_rec;
    rule *rules;
    size_t n_rules, cap_rules;
    uint32_t bucket[BUCKETS];
    rd_buf text;            /* every string above, each NUL-terminated */
    char **alias;           /* AF aliases 1..n_alias (alias[0] unused) */
    size_t n_alias;
    char forbidden[16], compound_only[16];
    char proper[64], place[64];
    size_t n_entries;
};

/* ---- strings ------------------------------------------------------------------------- */

static uint32_t keep(rd_lex *lx, const char *s, size_t n)
{
    uint32_t off = (uint32_t)lx->text.n;
    rd_buf_put(&lx->text, s, n);
    rd_buf_put(&lx->text, "", 1);
    return off;
}

static const char *str(const rd_lex *lx, uint32_t off)
{
    return lx->text.s + off;
}

size_t rd_lex_fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* ASCII, nearly every byte of a Dutch word list */
            if (k + 1 > cap)
                return SIZE_MAX;
            out[k++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
            i++;
            continue;
        }
        int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (l <= 0)
            return SIZE_MAX;
        i += (size_t)l;
        if (cp == 0x133 || cp == 0x132) {
            if (k + 2 > cap)
                return SIZE_MAX;
            out[k++] = 'i';
            out[k++] = 'j';
            continue;
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        if (k + (size_t)el > cap)
            return SIZE_MAX;
        memcpy(out + k, enc, (size_t)el);
        k += (size_t)el;
    }
    return k;
}

static int first_upper(const char *s, size_t n)
{
    int32_t cp;
    if (n == 0)
        return 0;
    rd_utf8_decode(s, n, &cp);
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* ---- flags --------------------------------------------------------------------------- */

/* Length of the flag starting at f (f[0] != 0), by the FLAG kind; a "num" flag runs to
 * the next ',' (which the caller skips). */
static size_t flag_len(flag_kind k, const char *f)
{
    switch (k) {
    case FL_LONG: return f[1] ? 2 : 1;
    case FL_NUM: return strcspn(f, ",");
    case FL_UTF8: {
        int32_t cp;
        return rd_utf8_decode(f, strlen(f), &cp);
    }
    case FL_CHAR: break;
    }
    return 1;
}

/* Does the flag string flags hold flag f[0..fn)? */
static int has_flag(flag_kind k, const char *flags, const char *f, size_t fn)
{
    for (const char *p = flags; *p;) {
        size_t l = flag_len(k, p);
        if (l == fn && memcmp(p, f, fn) == 0)
            return 1;
        p += l;
        if (k == FL_NUM && *p == ',')
            p++;
    }
    return 0;
}

/* Does flags hold any of the space-separated flags in list? */
static int has_any(flag_kind k, const char *flags, const char *list)
{
    for (const char *p = list; *p;) {
        p += strspn(p, " ");
        size_t l = strcspn(p, " ");
        if (l && has_flag(k, flags, p, l))
            return 1;
        p += l;
    }
    return 0;
}

/* ---- the .aff ------------------------------------------------------------------------ */

/* The next whitespace-separated field of line[*i..e): [*a, *b); 0 when there is none. */
static int field(const char *line, size_t e, size_t *i, size_t *a, size_t *b)
{
    while (*i < e && (line[*i] == ' ' || line[*i] == '\t'))
        (*i)++;
    if (*i >= e)
        return 0;
    *a = *i;
    while (*i < e && line[*i] != ' ' && line[*i] != '\t')
        (*i)++;
    *b = *i;
    return 1;
}

static int is_kw(const char *s, size_t a, size_t b, const char *kw)
{
    return b - a == strlen(kw) && memcmp(s + a, kw, b - a) == 0;
}

static void copy_field(char *dst, size_t cap, const char *s, size_t a, size_t b)
{
    size_t l = b - a < cap - 1 ? b - a : cap - 1;
    memcpy(dst, s + a, l);
    dst[l] = '\0';
}

/* One SFX rule line "SFX F strip add[/cont] cond ..." (header lines "SFX F Y n" are not
 * rules: their fourth field is a number and they have no condition). */
static rd_status add_rule(rd_lex *lx, const char *s, size_t i, size_t e)
{
    size_t fa, fb, sa, sb, aa, ab, ca, cb;
    if (!field(s, e, &i, &fa, &fb) || !field(s, e, &i, &sa, &sb) || !field(s, e, &i, &aa, &ab) ||
        !field(s, e, &i, &ca, &cb))
        return RD_OK;
    char strip[MAX_WORD], add[MAX_WORD];
    size_t al = strcspn(s + aa, "/ \t");
    if (aa + al < ab)
        ab = aa + al;
    size_t sl = is_kw(s, sa, sb, "0") ? 0 : rd_lex_fold(s + sa, sb - sa, strip, sizeof strip);
    al = is_kw(s, aa, ab, "0") ? 0 : rd_lex_fold(s + aa, ab - aa, add, sizeof add);
    if (sl == SIZE_MAX || al == SIZE_MAX)
        return RD_OK;
    if (RD_GROW(lx->rules, lx->cap_rules, lx->n_rules + 1))
        return RD_ENOMEM;
    rule *r = &lx->rules[lx->n_rules];
    r->flag = keep(lx, s + fa, fb - fa);
    r->strip = keep(lx, strip, sl);
    r->add = keep(lx, add, al);
    r->cond = keep(lx, s + ca, cb - ca);
    size_t bk = al ? (unsigned char)add[al - 1] : BUCKETS - 1;
    r->next = lx->bucket[bk];
    lx->bucket[bk] = (uint32_t)lx->n_rules++;
    return lx->text.oom ? RD_ENOMEM : RD_OK;
}

static rd_status parse_aff(rd_lex *lx, const char *s, size_t n, rd_err *err)
{
    size_t expect_af = 0;
    for (size_t ls = 0, le; ls < n; ls = le + 1) {
        const char *nl = memchr(s + ls, '\n', n - ls);
        le = nl ? (size_t)(nl - s) : n;
        size_t e = le, i = ls, a, b;
        if (e > ls && s[e - 1] == '\r')
            e--;
        if (!field(s, e, &i, &a, &b))
            continue;
        size_t va = 0, vb = 0; /* set when has_v (gcc 12 -O2 cannot tell) */
        int has_v = field(s, e, &i, &va, &vb);
        if (is_kw(s, a, b, "SET") && has_v && !is_kw(s, va, vb, "UTF-8"))
            return rd_fail(err, RD_EDATA, "the .aff file is not UTF-8 (SET %.*s)", (int)(vb - va),
                           s + va);
        if (is_kw(s, a, b, "FLAG") && has_v)
            lx->kind = is_kw(s, va, vb, "long") ? FL_LONG
                       : is_kw(s, va, vb, "num") ? FL_NUM
                       : is_kw(s, va, vb, "UTF-8") ? FL_UTF8 : FL_CHAR;
        else if (is_kw(s, a, b, "FORBIDDENWORD") && has_v)
            copy_field(lx->forbidden, sizeof lx->forbidden, s, va, vb);
        else if (is_kw(s, a, b, "ONLYINCOMPOUND") && has_v)
            copy_field(lx->compound_only, sizeof lx->compound_only, s, va, vb);
        else if (is_kw(s, a, b, "AF") && has_v && expect_af == 0 && lx->n_alias == 0) {
            expect_af = strtoul(s + va, NULL, 10);
            if (expect_af > 100000 || !(lx->alias = calloc(expect_af + 1, sizeof *lx->alias)))
                return rd_fail(err, RD_ENOMEM, "dictionary: %zu flag aliases", expect_af);
        } else if (is_kw(s, a, b, "AF") && has_v && lx->n_alias < expect_af) {
            if (!(lx->alias[++lx->n_alias] = strndup(s + va, vb - va)))
                return rd_fail(err, RD_ENOMEM, "dictionary: flag aliases");
        } else if (is_kw(s, a, b, "SFX") && has_v && add_rule(lx, s, va, e) != RD_OK) {
            return rd_fail(err, RD_ENOMEM, "dictionary: suffix rules");
        }
    }
    return RD_OK;
}

/* ---- the .dic ------------------------------------------------------------------------ */

/* Records one entry: word w[0..wn) (unescaped) with flags f (NUL-terminated). */
static rd_status add_entry(rd_lex *lx, const char *w, size_t wn, const char *f)
{
    char key[MAX_WORD];
    size_t kn = rd_lex_fold(w, wn, key, sizeof key);
    if (kn == SIZE_MAX || kn == 0 ||
        (lx->forbidden[0] && has_flag(lx->kind, f, lx->forbidden, strlen(lx->forbidden))))
        return RD_OK;
    int is_new;
    uint32_t id = rd_strtab_intern(lx->words, key, kn, &is_new);
    if (id == RD_STRTAB_NONE)
        return RD_ENOMEM;
    if (is_new) {
        if ((size_t)id >= lx->cap_words) { /* the two per-word arrays grow together */
            size_t nc = rd_grow_cap(lx->cap_words, (size_t)id + 1, 1024);
            if (!nc || RD_RESIZE(lx->facts, nc) || RD_RESIZE(lx->first_rec, nc))
                return RD_ENOMEM;
            lx->cap_words = nc;
        }
        lx->facts[id] = 0;
        lx->first_rec[id] = UINT32_MAX;
    }
    lx->n_entries++;
    if (first_upper(w, wn)) {
        unsigned b = RD_LEX_NAME;
        if (has_any(lx->kind, f, lx->proper))
            b |= RD_LEX_PROPER;
        if (has_any(lx->kind, f, lx->place))
            b |= RD_LEX_PLACE;
        lx->facts[id] |= (unsigned char)b;
        return RD_OK;
    }
    if (!(lx->compound_only[0] && has_flag(lx->kind, f, lx->compound_only, strlen(lx->compound_only))))
        lx->facts[id] |= RD_LEX_WORD;
    if (!*f)
        return RD_OK;
    if (RD_GROW(lx->rec, lx->cap_rec, lx->n_rec + 1))
        return RD_ENOMEM;
    lx->rec[lx->n_rec] = (flag_rec){keep(lx, f, strlen(f)), lx->first_rec[id]};
    lx->first_rec[id] = (uint32_t)lx->n_rec++;
    return lx->text.oom ? RD_ENOMEM : RD_OK;
}

/* One .dic line: the word up to an unescaped '/', a tab or the end (a space ends it only
 * after the flags); the flags up to white space; AF numbers resolved. */
static rd_status dic_line(rd_lex *lx, const char *s, size_t e)
{
    char w[MAX_WORD], f[MAX_WORD];
    size_t wn = 0, i = 0, fn = 0;
    for (; i < e && s[i] != '/' && s[i] != '\t'; i++) {
        if (s[i] == '\\' && i + 1 < e && s[i + 1] == '/')
            i++;
        if (wn + 1 >= sizeof w)
            return RD_OK;
        w[wn++] = s[i];
    }
    while (wn > 0 && w[wn - 1] == ' ')
        wn--;
    if (wn == 0 || memchr(w, ' ', wn))
        return RD_OK; /* empty, or several words */
    if (i < e && s[i] == '/')
        for (i++; i < e && s[i] != ' ' && s[i] != '\t' && fn + 1 < sizeof f; i++)
            f[fn++] = s[i];
    f[fn] = '\0';
    if (lx->n_alias && fn) {
        unsigned long k = strtoul(f, NULL, 10);
        if (k < 1 || k > lx->n_alias || !lx->alias[k])
            return RD_OK;
        return add_entry(lx, w, wn, lx->alias[k]);
    }
    return add_entry(lx, w, wn, f);
}

static rd_status parse_dic(rd_lex *lx, const char *s, size_t n, rd_err *err)
{
    int first = 1;
    for (size_t ls = 0, le; ls < n; ls = le + 1) {
        const char *nl = memchr(s + ls, '\n', n - ls);
        le = nl ? (size_t)(nl - s) : n;
        size_t e = le;
        if (e > ls && s[e - 1] == '\r')
            e--;
        if (first) { /* the entry count (a hint, not trusted) */
            first = 0;
            size_t k = ls;
            while (k < e && s[k] >= '0' && s[k] <= '9')
                k++;
            if (k > ls && k == e)
                continue;
        }
        if (dic_line(lx, s + ls, e - ls) != RD_OK)
            return rd_fail(err, RD_ENOMEM, "dictionary: %zu entries", lx->n_entries);
    }
    if (lx->n_entries == 0)
        return rd_fail(err, RD_EDATA, "the dictionary holds no words");
    return RD_OK;
}

rd_status rd_lex_new(const char *aff, size_t an, const char *dic, size_t dn,
                     const rd_lex_marks *marks, rd_lex **out, rd_err *err)
{
    rd_status rc;
    size_t bad;
    rd_lex *lx = calloc(1, sizeof *lx);
    *out = NULL;
    if (!lx || !(lx->words = rd_strtab_new(dn / 12))) {
        rd_lex_free(lx);
        return rd_fail(err, RD_ENOMEM, "dictionary");
    }
    for (size_t b = 0; b < BUCKETS; b++)
        lx->bucket[b] = UINT32_MAX;
    snprintf(lx->proper, sizeof lx->proper, "%s", marks && marks->proper ? marks->proper : "PN");
    snprintf(lx->place, sizeof lx->place, "%s", marks && marks->place ? marks->place : "PI PJ PK");
    if (!rd_utf8_valid(aff, an, &bad))
        rc = rd_fail(err, RD_EUTF8, "the .aff file: invalid UTF-8 at byte %zu", bad);
    else if (!rd_utf8_valid(dic, dn, &bad))
        rc = rd_fail(err, RD_EUTF8, "the .dic file: invalid UTF-8 at byte %zu", bad);
    else if ((rc = parse_aff(lx, aff, an, err)) == RD_OK)
        rc = parse_dic(lx, dic, dn, err);
    if (rc == RD_OK && lx->text.oom)
        rc = rd_fail(err, RD_ENOMEM, "dictionary");
    if (rc != RD_OK) {
        rd_lex_free(lx);
        return rc;
    }
    *out = lx;
    return RD_OK;
}

void rd_lex_free(rd_lex *lx)
{
    if (!lx)
        return;
    for (size_t k = 1; lx->alias && k <= lx->n_alias; k++)
        free(lx->alias[k]);
    free(lx->alias);
    rd_strtab_free(lx->words);
    free(lx->facts);
    free(lx->first_rec);
    free(lx->rec);
    free(lx->rules);
    free(lx->text.s);
    free(lx);
}

size_t rd_lex_size(const rd_lex *lx)
{
    return lx ? lx->n_entries : 0;
}

/* ---- lookups ------------------------------------------------------------------------- */

/* Does the end of stem[0..sn) match the condition (atoms: a character, '.', [set] or
 * [^set]; "ĳ" in a condition stands for its last letter j)? */
static int cond_ok(const char *cond, const char *stem, size_t sn)
{
    if (strcmp(cond, ".") == 0)
        return 1;
    /* walk the condition's atoms right to left against the stem's code points */
    const char *a[64];
    size_t na = 0;
    for (const char *p = cond; *p && na < 64;) {
        a[na++] = p;
        if (*p == '[') {
            const char *q = strchr(p, ']');
            if (!q)
                return 0;
            p = q + 1;
        } else {
            int32_t cp;
            p += rd_utf8_decode(p, strlen(p), &cp);
        }
    }
    size_t j = sn;
    for (size_t k = na; k-- > 0;) {
        if (j == 0)
            return 0;
        int32_t c;
        j -= rd_utf8_decode_back(stem, j, &c);
        const char *p = a[k];
        if (*p == '.')
            continue;
        int32_t want;
        if (*p != '[') {
            rd_utf8_decode(p, strlen(p), &want);
            if ((want == 0x133 ? 'j' : utf8proc_tolower(want)) != c)
                return 0;
            continue;
        }
        int neg = p[1] == '^', in = 0;
        for (const char *q = p + 1 + neg; *q && *q != ']';) {
            q += rd_utf8_decode(q, strlen(q), &want);
            in |= (want == 0x133 ? 'j' : utf8proc_tolower(want)) == c;
        }
        if (in == neg)
            return 0;
    }
    return 1;
}

/* Does the lower-case entry `id` carry flag f? */
static int entry_has(const rd_lex *lx, uint32_t id, const char *f)
{
    size_t fn = strlen(f);
    for (uint32_t r = lx->first_rec[id]; r != UINT32_MAX; r = lx->rec[r].next)
        if (has_flag(lx->kind, str(lx, lx->rec[r].flags), f, fn))
            return 1;
    return 0;
}

/* Is the folded word w[0..n) a lower-case entry with one suffix? */
static int suffixed(const rd_lex *lx, const char *w, size_t n)
{
    char stem[MAX_WORD];
    for (int pass = 0; pass < 2; pass++) {
        uint32_t r = lx->bucket[pass ? BUCKETS - 1 : (unsigned char)w[n - 1]];
        for (; r != UINT32_MAX; r = lx->rules[r].next) {
            const rule *ru = &lx->rules[r];
            const char *add = str(lx, ru->add), *strip = str(lx, ru->strip);
            size_t al = strlen(add), sl = strlen(strip);
            if (al >= n || memcmp(w + n - al, add, al) != 0 || n - al + sl >= sizeof stem)
                continue;
            memcpy(stem, w, n - al);
            memcpy(stem + n - al, strip, sl);
            size_t stn = n - al + sl;
            if (!cond_ok(str(lx, ru->cond), stem, stn))
                continue;
            uint32_t id = rd_strtab_find(lx->words, stem, stn);
            if (id != RD_STRTAB_NONE && (lx->facts[id] & RD_LEX_WORD) &&
                entry_has(lx, id, str(lx, ru->flag)))
                return 1;
        }
    }
    return 0;
}

unsigned rd_lex_lookup(const rd_lex *lx, const char *w, size_t n)
{
    char key[MAX_WORD];
    if (!lx || n == 0)
        return 0;
    size_t kn = rd_lex_fold(w, n, key, sizeof key);
    if (kn == SIZE_MAX || kn == 0)
        return 0;
    uint32_t id = rd_strtab_find(lx->words, key, kn);
    unsigned facts = id == RD_STRTAB_NONE ? 0 : lx->facts[id];
    if (!(facts & RD_LEX_WORD) && suffixed(lx, key, kn))
        facts |= RD_LEX_WORD;
    return facts;
}
