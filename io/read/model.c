/* io/read/model.c — see model.h. Every length is checked against the bytes that are left
 * before anything is allocated for it, so a damaged file is refused, never trusted. */
#include "io/read/model.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "nlp/stem.h"
#include "nlp/utf8.h"

enum { MAX_OWN = 24, HEAD = 16 + 4 + 4, DIGEST = 32 };

typedef struct {
    unsigned char *buf; /* the file */
    void *p[MAX_OWN];   /* arrays allocated for it */
    size_t n;
} owned;

typedef struct {
    const unsigned char *p, *end, *start;
    const char *shown;
    const char *sec;    /* section tag, for messages */
    rd_err *err;
    owned *own;
} cur;

static rd_status bad(cur *c, const char *what)
{
    return rd_fail(c->err, RD_EDATA,
                   "%s: damaged model: section %s, byte %zu: %s; run `rodedraad run` again to "
                   "write a new one",
                   c->shown, c->sec, (size_t)(c->p - c->start), what);
}

static void *own_alloc(cur *c, size_t bytes)
{
    if (c->own->n == MAX_OWN)
        return NULL;
    void *p = malloc(bytes ? bytes : 1);
    if (p)
        c->own->p[c->own->n++] = p;
    return p;
}

static uint64_t le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static rd_status get_u(cur *c, int n, uint64_t *v)
{
    if ((size_t)(c->end - c->p) < (size_t)n)
        return bad(c, "ends too early");
    *v = le(c->p, n);
    c->p += n;
    return RD_OK;
}

/* A count of items each at least `each` bytes long, that fits the rest of the section. */
static rd_status get_count(cur *c, size_t each, uint64_t limit, size_t *n)
{
    uint64_t v = 0;
    rd_status rc = get_u(c, 8, &v);
    if (rc != RD_OK)
        return rc;
    if (v > limit || (each && v > (uint64_t)(c->end - c->p) / each))
        return bad(c, "a count larger than the section");
    *n = (size_t)v;
    return RD_OK;
}

static rd_status get_str(cur *c, const char **s)
{
    const unsigned char *z = memchr(c->p, '\0', (size_t)(c->end - c->p));
    size_t bad_at;
    if (!z)
        return bad(c, "a string without its end");
    if (!rd_utf8_valid((const char *)c->p, (size_t)(z - c->p), &bad_at))
        return bad(c, "a string that is not UTF-8");
    *s = (const char *)c->p;
    c->p = z + 1;
    return RD_OK;
}

static rd_status get_strs(cur *c, size_t n, const char ***out)
{
    const char **v = own_alloc(c, n * sizeof *v);
    if (!v)
        return rd_fail(c->err, RD_ENOMEM, "%s: reading the model", c->shown);
    for (size_t i = 0; i < n; i++) {
        rd_status rc = get_str(c, &v[i]);
        if (rc != RD_OK)
            return rc;
    }
    *out = v;
    return RD_OK;
}

static rd_status get_f32(cur *c, size_t n, const float **out)
{
    if (n > (size_t)(c->end - c->p) / 4)
        return bad(c, "ends too early");
    float *v = own_alloc(c, n * sizeof *v);
    if (!v)
        return rd_fail(c->err, RD_ENOMEM, "%s: reading the model", c->shown);
    for (size_t i = 0; i < n; i++) {
        uint32_t u = (uint32_t)le(c->p, 4);
        memcpy(&v[i], &u, 4);
        c->p += 4;
        if (!isfinite(v[i]))
            return bad(c, "a number that is not finite");
    }
    *out = v;
    return RD_OK;
}

static rd_status get_f64(cur *c, size_t n, const double **out)
{
    if (n > (size_t)(c->end - c->p) / 8)
        return bad(c, "ends too early");
    double *v = own_alloc(c, n * sizeof *v);
    if (!v)
        return rd_fail(c->err, RD_ENOMEM, "%s: reading the model", c->shown);
    for (size_t i = 0; i < n; i++) {
        uint64_t u = le(c->p, 8);
        memcpy(&v[i], &u, 8);
        c->p += 8;
        if (!isfinite(v[i]))
            return bad(c, "a number that is not finite");
    }
    *out = v;
    return RD_OK;
}

/* A text section: valid UTF-8, no NUL; kept NUL-terminated by copying. */
static rd_status get_text(cur *c, const char **s, size_t *n)
{
    size_t len = (size_t)(c->end - c->p), bad_at;
    if (memchr(c->p, '\0', len) || !rd_utf8_valid((const char *)c->p, len, &bad_at))
        return bad(c, "text that is not UTF-8");
    char *t = own_alloc(c, len + 1);
    if (!t)
        return rd_fail(c->err, RD_ENOMEM, "%s: reading the model", c->shown);
    memcpy(t, c->p, len);
    t[len] = '\0';
    c->p += len;
    *s = t;
    *n = len;
    return RD_OK;
}

static rd_status sec_cards(cur *c, rd_model *m)
{
    rd_status rc = get_count(c, 9, 100000, &m->n_cards);
    size_t *off;
    const char **name, **term = NULL;
    if (rc != RD_OK)
        return rc;
    if (!(off = own_alloc(c, (m->n_cards + 1) * sizeof *off)) ||
        !(name = own_alloc(c, (m->n_cards + 1) * sizeof *name)))
        return rd_fail(c->err, RD_ENOMEM, "%s: reading the model", c->shown);
    /* terms of all cards: at most one per remaining byte */
    size_t cap = (size_t)(c->end - c->p) + 1, nt = 0;
    if (!(term = own_alloc(c, cap * sizeof *term)))
        return rd_fail(c->err, RD_ENOMEM, "%s: reading the model", c->shown);
    off[0] = 0;
    for (size_t k = 0; k < m->n_cards; k++) {
        size_t n;
        if ((rc = get_str(c, &name[k])) != RD_OK || (rc = get_count(c, 1, cap, &n)) != RD_OK)
            return rc;
        for (size_t i = 0; i < n; i++)
            if ((rc = get_str(c, &term[nt++])) != RD_OK)
                return rc;
        off[k + 1] = nt;
    }
    m->card_name = name;
    m->card_off = off;
    m->card_term = term;
    return RD_OK;
}

static rd_status sec_terms(cur *c, rd_model *m)
{
    rd_status rc = get_count(c, 9, UINT32_MAX, &m->terms);
    if (rc == RD_OK && m->terms == 0)
        return bad(c, "no terms");
    if (rc == RD_OK)
        rc = get_strs(c, m->terms, (const char ***)&m->term);
    if (rc != RD_OK)
        return rc;
    if (!(m->term_index = rd_strtab_new(m->terms)))
        return rd_fail(c->err, RD_ENOMEM, "%s: reading the model", c->shown);
    for (size_t i = 0; i < m->terms; i++) {
        int fresh = 0;
        uint32_t id = rd_strtab_intern(m->term_index, m->term[i], strlen(m->term[i]), &fresh);
        if (id == RD_STRTAB_NONE)
            return rd_fail(c->err, RD_ENOMEM, "%s: reading the model", c->shown);
        if (!fresh)
            return bad(c, "a term given twice");
    }
    return get_f64(c, m->terms, &m->idf);
}

static rd_status sec_lsa(cur *c, rd_model *m)
{
    rd_status rc = get_count(c, 0, 128, &m->dims);
    if (rc == RD_OK && m->dims)
        rc = get_f64(c, m->terms, &m->lsa_idf);
    if (rc == RD_OK && m->dims)
        rc = get_f32(c, m->terms * m->dims, &m->v);
    return rc;
}

static rd_status sec_themes(cur *c, rd_model *m)
{
    rd_status rc = get_count(c, 0, 10000, &m->themes);
    if (rc == RD_OK && m->themes == 0)
        return bad(c, "no themes");
    const float *context = NULL;
    if (rc == RD_OK && (rc = get_f32(c, 1, &context)) == RD_OK) {
        if (!(*context >= 0.0f && *context <= 1.0f))
            return bad(c, "a context weight outside 0..1");
        m->context = *context;
    }
    if (rc == RD_OK)
        rc = get_f32(c, m->themes * m->terms, &m->h);
    if (rc == RD_OK)
        rc = get_strs(c, m->themes, (const char ***)&m->theme_label);
    return rc;
}

static rd_status sec_segments(cur *c, rd_model *m)
{
    uint64_t rep = 0, zero = 0;
    rd_status rc;
    if ((rc = get_u(c, 4, &rep)) != RD_OK || (rc = get_u(c, 4, &zero)) != RD_OK)
        return rc;
    if (rep > 2 || zero)
        return bad(c, "an unknown representation");
    m->rep = (uint32_t)rep;
    if ((rc = get_count(c, 0, 100000, &m->k)) != RD_OK ||
        (rc = get_count(c, 0, 128 + 10000, &m->d)) != RD_OK)
        return rc;
    size_t want = rep == 0 ? m->themes : rep == 1 ? m->dims : m->themes + m->dims;
    if (m->k == 0 || m->d != want)
        return bad(c, "segments that do not fit the themes and the LSA basis");
    const uint64_t *size = NULL;
    uint64_t *sz;
    if ((rc = get_f32(c, m->k * m->d, &m->centres)) != RD_OK ||
        (rc = get_f32(c, m->k, &m->threshold)) != RD_OK ||
        (rc = get_f32(c, m->k, &m->passage_threshold)) != RD_OK)
        return rc;
    if (m->k > (size_t)(c->end - c->p) / 8)
        return bad(c, "ends too early");
    if (!(sz = own_alloc(c, m->k * sizeof *sz)))
        return rd_fail(c->err, RD_ENOMEM, "%s: reading the model", c->shown);
    for (size_t j = 0; j < m->k; j++) {
        sz[j] = le(c->p, 8);
        c->p += 8;
    }
    size = sz;
    m->size = size;
    return get_strs(c, m->k, (const char ***)&m->seg_name);
}

void rd_model_free(rd_model *m)
{
    owned *o = m ? m->own : NULL;
    if (o) {
        for (size_t i = 0; i < o->n; i++)
            free(o->p[i]);
        free(o->buf);
        free(o);
    }
    if (m) {
        rd_strtab_free(m->term_index);
        memset(m, 0, sizeof *m);
    }
}

rd_status rd_model_parse(const char *shown, const unsigned char *buf, size_t n, int check_digest,
                         rd_model *m, rd_err *err)
{
    static const char tags[][5] = {"META", "STOP", "FRAM", "JRNY", "CARD", "TERM", "LSA ",
                                   "THEM", "SEGM"};
    enum { N_SEC = sizeof tags / sizeof *tags };
    rd_status rc = RD_OK;
    memset(m, 0, sizeof *m);
    if (n < HEAD + DIGEST || memcmp(buf, RD_MODEL_MAGIC, 16) != 0)
        return rd_fail(err, RD_EDATA,
                       "%s: not a rodedraad model (give the output folder of `rodedraad run`)",
                       shown);
    uint32_t version = (uint32_t)le(buf + 16, 4);
    if (version != RD_MODEL_VERSION)
        return rd_fail(err, RD_EDATA,
                       "%s: a model of format %u, and this rodedraad reads format %d; run "
                       "`rodedraad run` again with this version",
                       shown, version, RD_MODEL_VERSION);
    if (check_digest) {
        unsigned char dig[EVP_MAX_MD_SIZE];
        unsigned dn = 0;
        if (EVP_Digest(buf, n - DIGEST, dig, &dn, EVP_sha256(), NULL) != 1 || dn != DIGEST)
            return rd_fail(err, RD_ENOMEM, "%s: OpenSSL could not compute SHA-256", shown);
        if (memcmp(dig, buf + n - DIGEST, DIGEST) != 0)
            return rd_fail(err, RD_EDATA,
                           "%s: damaged model (its SHA-256 does not match its contents); run "
                           "`rodedraad run` again to write a new one",
                           shown);
    }
    owned *o = calloc(1, sizeof *o);
    if (!o || !(o->buf = malloc(n))) {
        free(o);
        return rd_fail(err, RD_ENOMEM, "%s: reading the model", shown);
    }
    memcpy(o->buf, buf, n);
    m->own = o;
    cur c = {o->buf + HEAD, o->buf + n - DIGEST, o->buf, shown, "header", err, o};
    if (le(buf + 20, 4) != N_SEC) {
        rc = bad(&c, "not the sections this version writes");
        goto done;
    }
    for (size_t s = 0; s < N_SEC && rc == RD_OK; s++) {
        uint64_t zero = 0, len = 0;
        c.sec = tags[s];
        if ((size_t)(c.end - c.p) < 16 || memcmp(c.p, tags[s], 4) != 0) {
            rc = bad(&c, "a section missing or out of order");
            break;
        }
        c.p += 4;
        if ((rc = get_u(&c, 4, &zero)) != RD_OK || (rc = get_u(&c, 8, &len)) != RD_OK)
            break;
        if (zero || len > (uint64_t)(c.end - c.p)) {
            rc = bad(&c, "a section longer than the file");
            break;
        }
        const unsigned char *end = c.end;
        c.end = c.p + len;
        switch (s) {
        case 0: rc = get_text(&c, &m->meta, &m->meta_n); break;
        case 1: rc = get_text(&c, &m->stop, &m->stop_n); break;
        case 2: rc = get_text(&c, &m->frames, &m->frames_n); break;
        case 3: rc = get_text(&c, &m->journey, &m->journey_n); break;
        case 4: rc = sec_cards(&c, m); break;
        case 5: rc = sec_terms(&c, m); break;
        case 6: rc = sec_lsa(&c, m); break;
        case 7: rc = sec_themes(&c, m); break;
        default: rc = sec_segments(&c, m); break;
        }
        if (rc == RD_OK && c.p != c.end)
            rc = bad(&c, "bytes left over at the end of the section");
        c.end = end;
    }
    c.sec = "end";
    if (rc == RD_OK && c.p != c.end)
        rc = bad(&c, "bytes after the last section");
done:
    if (rc != RD_OK)
        rd_model_free(m);
    return rc;
}

rd_status rd_model_read(const char *path, const char *shown, rd_model *m, rd_err *err)
{
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "rb");
    if (!f)
        return rd_fail(err, RD_ENOINPUT, "%s: cannot open the model: %s (is it the output "
                       "folder of `rodedraad run`?)", shown, strerror(errno));
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    rd_status rc = RD_OK;
    for (;;) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 1 << 16;
            unsigned char *nb;
            if (cap >= RD_MODEL_MAX_BYTES) {
                rc = rd_fail(err, RD_EDATA, "%s: larger than any model (%d bytes)", shown,
                             RD_MODEL_MAX_BYTES);
                break;
            }
            if (!(nb = realloc(buf, nc))) {
                rc = rd_fail(err, RD_ENOMEM, "%s: reading the model", shown);
                break;
            }
            buf = nb;
            cap = nc;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                rc = rd_fail(err, RD_EIO, "%s: reading the model failed", shown);
            break;
        }
    }
    fclose(f);
    if (rc == RD_OK)
        rc = rd_model_parse(shown, buf, n, 1, m, err);
    free(buf);
    char algo[64] = "";
    if (rc == RD_OK && (!rd_model_meta(m, "stemmer_algorithm", algo, sizeof algo) ||
                        strcmp(algo, RD_STEM_ALGORITHM) != 0)) {
        rc = rd_fail(err, RD_EDATA, "%s: made with the Snowball stemmer '%s', and this "
                     "rodedraad stems with '%s'; write the model again with this rodedraad "
                     "(`rodedraad run`)", shown, algo, RD_STEM_ALGORITHM);
        rd_model_free(m);
    }
    return rc;
}

int rd_model_meta(const rd_model *m, const char *key, char *out, size_t cap)
{
    size_t kn = strlen(key);
    const char *s = m->meta, *e = s ? s + m->meta_n : NULL;
    while (s && s < e) {
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        size_t len = nl ? (size_t)(nl - s) : (size_t)(e - s);
        if (len > kn && memcmp(s, key, kn) == 0 && s[kn] == '=') {
            size_t vn = len - kn - 1;
            if (vn >= cap)
                vn = cap ? cap - 1 : 0;
            if (cap) {
                memcpy(out, s + kn + 1, vn);
                out[vn] = '\0';
            }
            return 1;
        }
        s += len + 1;
    }
    return 0;
}
