/* io/write/qdpx.c — see qdpx.h.
 *
 * The project XML is written with libxml2's xmlTextWriter into memory, in the element order
 * Project.xsd's sequences demand (Users, CodeBook, Variables, Cases, Sources, Sets,
 * Description; inside a case: VariableValue before SourceRef; inside a source:
 * PlainTextSelection; inside a selection: Coding). Empty containers are left out: the
 * schema wants at least one child in each. The zip is built with libzip on an in-memory
 * buffer source, then written to the file through io/write/outfile.h. */
#include "io/write/qdpx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>
#include <openssl/evp.h>
#include <zip.h>

#include "engine/grow.h"
#include "engine/strbuf.h"
#include "io/write/outfile.h"
#include "nlp/utf8.h"

enum { GUID_LEN = 37 };

typedef struct {
    char *name, *desc, *colour;
    size_t parent;
    char guid[GUID_LEN];
} code;

typedef struct {
    char *name, *desc;
    rd_qdpx_type type;
    char guid[GUID_LEN];
} variable;

typedef struct {
    size_t start, end, code;
    char *name;
    char guid[GUID_LEN], coding[GUID_LEN];
} selection;

typedef struct {
    char *name, *text;
    size_t n, n_cp;
    selection *sel;
    size_t n_sel, cap_sel;
    char guid[GUID_LEN];
} source;

typedef struct {
    size_t var;
    char *value;
} value;

typedef struct {
    char *name;
    size_t src;
    value *v;
    size_t n_v, cap_v;
    char guid[GUID_LEN];
} kase;

typedef struct {
    char *name, *desc;
    size_t *member;
    size_t n_member, cap_member;
    char guid[GUID_LEN];
} set;

struct rd_qdpx {
    char *project, *origin, *desc;
    char user[GUID_LEN];
    code *c;
    size_t n_c, cap_c;
    variable *var;
    size_t n_var, cap_var;
    source *src;
    size_t n_src, cap_src;
    kase *cs;
    size_t n_cs, cap_cs;
    set *set;
    size_t n_set, cap_set;
    rd_buf key; /* scratch for GUID keys */
};

size_t rd_qdpx_codepoints(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

void rd_qdpx_guid(const char *key, size_t n, char out[37])
{
    static const char ns[] = "rodedraad-qdpx-1";
    unsigned char d[EVP_MAX_MD_SIZE] = {0};
    unsigned int dn = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
        EVP_DigestUpdate(md, ns, sizeof ns) != 1 || EVP_DigestUpdate(md, key, n) != 1 ||
        EVP_DigestFinal_ex(md, d, &dn) != 1) {
        /* libcrypto failed (out of memory): a GUID of the key's bytes folded, still valid
         * and still the same for the same key */
        memset(d, 0, sizeof d);
        for (size_t i = 0; i < n; i++)
            d[i % 16] = (unsigned char)(d[i % 16] * 31u + (unsigned char)key[i]);
    }
    EVP_MD_CTX_free(md);
    d[6] = (unsigned char)((d[6] & 0x0F) | 0x50); /* version 5 (name-based) */
    d[8] = (unsigned char)((d[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[d[i] >> 4];
        out[o++] = hex[d[i] & 15];
    }
    out[o] = '\0';
}

/* The GUID of kind, ordinal and the strings given (NUL-separated), into out. */
static rd_status guid_of(rd_qdpx *p, char out[GUID_LEN], const char *kind, size_t ordinal,
                         const char *const *parts, const size_t *lens, size_t n_parts, rd_err *err)
{
    rd_buf *b = &p->key;
    rd_buf_reset(b);
    rd_buf_str(b, kind);
    rd_buf_printf(b, "%c%zu", '\0', ordinal);
    for (size_t i = 0; i < n_parts; i++) {
        rd_buf_put(b, "", 1);
        rd_buf_put(b, parts[i] ? parts[i] : "", parts[i] ? lens[i] : 0);
    }
    if (b->oom)
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    rd_qdpx_guid(b->s, b->n, out);
    return RD_OK;
}

/* guid_of for NUL-terminated strings */
static rd_status guid_str(rd_qdpx *p, char out[GUID_LEN], const char *kind, size_t ordinal,
                          const char *a, const char *b, rd_err *err)
{
    const char *parts[2] = {a, b};
    size_t lens[2] = {a ? strlen(a) : 0, b ? strlen(b) : 0};
    return guid_of(p, out, kind, ordinal, parts, lens, 2, err);
}

/* strdup of s, NULL staying NULL; 0 when memory ran out. */
static int dup_opt(char **out, const char *s)
{
    *out = s ? strdup(s) : NULL;
    return !s || *out;
}

rd_status rd_qdpx_new(const char *project, const char *origin, const char *description,
                      rd_qdpx **out, rd_err *err)
{
    rd_qdpx *p = calloc(1, sizeof *p);
    *out = NULL;
    if (!p || !dup_opt(&p->project, project ? project : "rodedraad") ||
        !dup_opt(&p->origin, origin ? origin : "rodedraad") || !dup_opt(&p->desc, description)) {
        rd_qdpx_free(p);
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    }
    rd_status rc = guid_str(p, p->user, "user", 0, p->origin, NULL, err);
    if (rc != RD_OK) {
        rd_qdpx_free(p);
        return rc;
    }
    *out = p;
    return RD_OK;
}

void rd_qdpx_free(rd_qdpx *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_c; i++) {
        free(p->c[i].name);
        free(p->c[i].desc);
        free(p->c[i].colour);
    }
    for (size_t i = 0; i < p->n_var; i++) {
        free(p->var[i].name);
        free(p->var[i].desc);
    }
    for (size_t i = 0; i < p->n_src; i++) {
        for (size_t j = 0; j < p->src[i].n_sel; j++)
            free(p->src[i].sel[j].name);
        free(p->src[i].sel);
        free(p->src[i].name);
        free(p->src[i].text);
    }
    for (size_t i = 0; i < p->n_cs; i++) {
        for (size_t j = 0; j < p->cs[i].n_v; j++)
            free(p->cs[i].v[j].value);
        free(p->cs[i].v);
        free(p->cs[i].name);
    }
    for (size_t i = 0; i < p->n_set; i++) {
        free(p->set[i].name);
        free(p->set[i].desc);
        free(p->set[i].member);
    }
    free(p->c);
    free(p->var);
    free(p->src);
    free(p->cs);
    free(p->set);
    free(p->project);
    free(p->origin);
    free(p->desc);
    free(p->key.s);
    free(p);
}

static int is_colour(const char *s)
{
    if (!s || s[0] != '#' || strlen(s) != 7)
        return 0;
    for (size_t i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", s[i]))
            return 0;
    return 1;
}

rd_status rd_qdpx_code(rd_qdpx *p, const char *name, const char *description,
                       const char *colour, size_t parent, size_t *idx, rd_err *err)
{
    if (parent != RD_QDPX_NONE && parent >= p->n_c)
        return rd_fail(err, RD_EINVAL, "REFI-QDA export: code \"%s\": no parent code %zu", name,
                       parent);
    if (colour && !is_colour(colour))
        return rd_fail(err, RD_EINVAL, "REFI-QDA export: code \"%s\": colour %s is not #RRGGBB",
                       name, colour);
    if (RD_GROW(p->c, p->cap_c, p->n_c + 1))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    code *c = &p->c[p->n_c];
    memset(c, 0, sizeof *c);
    c->parent = parent;
    if (!dup_opt(&c->name, name ? name : "") || !dup_opt(&c->desc, description) ||
        !dup_opt(&c->colour, colour)) {
        free(c->name);
        free(c->desc);
        free(c->colour);
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    }
    rd_status rc = guid_str(p, c->guid, "code", p->n_c,
                            parent == RD_QDPX_NONE ? "" : p->c[parent].guid, c->name, err);
    if (rc != RD_OK) {
        free(c->name);
        free(c->desc);
        free(c->colour);
        return rc;
    }
    if (idx)
        *idx = p->n_c;
    p->n_c++;
    return RD_OK;
}

rd_status rd_qdpx_variable(rd_qdpx *p, const char *name, rd_qdpx_type type,
                           const char *description, size_t *idx, rd_err *err)
{
    if (RD_GROW(p->var, p->cap_var, p->n_var + 1))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    variable *v = &p->var[p->n_var];
    memset(v, 0, sizeof *v);
    v->type = type;
    if (!dup_opt(&v->name, name ? name : "") || !dup_opt(&v->desc, description)) {
        free(v->name);
        free(v->desc);
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    }
    rd_status rc = guid_str(p, v->guid, "variable", p->n_var, v->name, NULL, err);
    if (rc != RD_OK) {
        free(v->name);
        free(v->desc);
        return rc;
    }
    if (idx)
        *idx = p->n_var;
    p->n_var++;
    return RD_OK;
}

rd_status rd_qdpx_source(rd_qdpx *p, const char *name, const char *text, size_t n,
                         size_t *idx, rd_err *err)
{
    size_t bad = 0;
    if (!rd_utf8_valid(text, n, &bad))
        return rd_fail(err, RD_EINVAL, "REFI-QDA export: source \"%s\": not valid UTF-8 at byte %zu",
                       name, bad);
    if (RD_GROW(p->src, p->cap_src, p->n_src + 1))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    source *s = &p->src[p->n_src];
    memset(s, 0, sizeof *s);
    s->name = strdup(name ? name : "");
    s->text = malloc(n + 1);
    if (!s->name || !s->text) {
        free(s->name);
        free(s->text);
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export: source \"%s\"", name);
    }
    memcpy(s->text, text, n);
    s->text[n] = '\0';
    s->n = n;
    s->n_cp = rd_qdpx_codepoints(text, n);
    const char *parts[2] = {s->name, s->text};
    size_t lens[2] = {strlen(s->name), n};
    rd_status rc = guid_of(p, s->guid, "source", p->n_src, parts, lens, 2, err);
    if (rc != RD_OK) {
        free(s->name);
        free(s->text);
        return rc;
    }
    if (idx)
        *idx = p->n_src;
    p->n_src++;
    return RD_OK;
}

rd_status rd_qdpx_select(rd_qdpx *p, size_t src, size_t start, size_t end, size_t cd,
                         const char *name, rd_err *err)
{
    if (src >= p->n_src || cd >= p->n_c)
        return rd_fail(err, RD_EINVAL, "REFI-QDA export: a selection of source %zu with code %zu: "
                       "no such source or code", src, cd);
    source *s = &p->src[src];
    if (start > end || end > s->n_cp)
        return rd_fail(err, RD_EINVAL, "REFI-QDA export: source \"%s\": selection %zu..%zu outside "
                       "its %zu characters", s->name, start, end, s->n_cp);
    if (RD_GROW(s->sel, s->cap_sel, s->n_sel + 1))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    selection *l = &s->sel[s->n_sel];
    memset(l, 0, sizeof *l);
    l->start = start;
    l->end = end;
    l->code = cd;
    if (!dup_opt(&l->name, name))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    char pos[64];
    snprintf(pos, sizeof pos, "%zu-%zu", start, end);
    const char *parts[3] = {s->guid, pos, p->c[cd].guid};
    size_t lens[3] = {strlen(s->guid), strlen(pos), strlen(p->c[cd].guid)};
    rd_status rc = guid_of(p, l->guid, "selection", s->n_sel, parts, lens, 3, err);
    if (rc == RD_OK)
        rc = guid_str(p, l->coding, "coding", 0, l->guid, NULL, err);
    if (rc != RD_OK) {
        free(l->name);
        return rc;
    }
    s->n_sel++;
    return RD_OK;
}

rd_status rd_qdpx_case(rd_qdpx *p, const char *name, size_t src, size_t *idx, rd_err *err)
{
    if (src != RD_QDPX_NONE && src >= p->n_src)
        return rd_fail(err, RD_EINVAL, "REFI-QDA export: case \"%s\": no source %zu", name, src);
    if (RD_GROW(p->cs, p->cap_cs, p->n_cs + 1))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    kase *c = &p->cs[p->n_cs];
    memset(c, 0, sizeof *c);
    c->src = src;
    if (!(c->name = strdup(name ? name : "")))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    rd_status rc = guid_str(p, c->guid, "case", p->n_cs, c->name, NULL, err);
    if (rc != RD_OK) {
        free(c->name);
        return rc;
    }
    if (idx)
        *idx = p->n_cs;
    p->n_cs++;
    return RD_OK;
}

static int is_integer(const char *s)
{
    if (*s == '-')
        s++;
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

rd_status rd_qdpx_value(rd_qdpx *p, size_t cs, size_t var, const char *val, rd_err *err)
{
    if (cs >= p->n_cs || var >= p->n_var)
        return rd_fail(err, RD_EINVAL, "REFI-QDA export: a value of case %zu, variable %zu: no "
                       "such case or variable", cs, var);
    if (!val || !*val)
        return RD_OK;
    if (p->var[var].type == RD_QDPX_INTEGER && !is_integer(val))
        return rd_fail(err, RD_EINVAL, "REFI-QDA export: variable \"%s\": \"%s\" is not an integer",
                       p->var[var].name, val);
    kase *c = &p->cs[cs];
    if (RD_GROW(c->v, c->cap_v, c->n_v + 1))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    if (!(c->v[c->n_v].value = strdup(val)))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    c->v[c->n_v++].var = var;
    return RD_OK;
}

rd_status rd_qdpx_set(rd_qdpx *p, const char *name, const char *description, size_t *idx,
                      rd_err *err)
{
    if (RD_GROW(p->set, p->cap_set, p->n_set + 1))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    set *s = &p->set[p->n_set];
    memset(s, 0, sizeof *s);
    if (!dup_opt(&s->name, name ? name : "") || !dup_opt(&s->desc, description)) {
        free(s->name);
        free(s->desc);
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    }
    rd_status rc = guid_str(p, s->guid, "set", p->n_set, s->name, NULL, err);
    if (rc != RD_OK) {
        free(s->name);
        free(s->desc);
        return rc;
    }
    if (idx)
        *idx = p->n_set;
    p->n_set++;
    return RD_OK;
}

rd_status rd_qdpx_member(rd_qdpx *p, size_t st, size_t src, rd_err *err)
{
    if (st >= p->n_set || src >= p->n_src)
        return rd_fail(err, RD_EINVAL, "REFI-QDA export: set %zu, source %zu: no such set or "
                       "source", st, src);
    set *s = &p->set[st];
    if (RD_GROW(s->member, s->cap_member, s->n_member + 1))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    s->member[s->n_member++] = src;
    return RD_OK;
}

/* ---- XML ---------------------------------------------------------------------------- */

typedef struct {
    xmlTextWriterPtr w;
    rd_buf clean;
    int failed; /* a writer call or an allocation failed */
} xw;

/* s as XML 1.0 can hold it (see qdpx.h), in x->clean until the next call. */
static const xmlChar *xml_text(xw *x, const char *s)
{
    static const char repl[] = "\xEF\xBF\xBD"; /* U+FFFD */
    size_t n = strlen(s);
    rd_buf_reset(&x->clean);
    rd_buf_reserve(&x->clean, n);
    for (size_t i = 0; i < n;) {
        size_t bad = 0, k;
        unsigned char u = (unsigned char)s[i];
        if (u < 0x80) {
            if (u < 0x20 && u != '\t' && u != '\n' && u != '\r')
                rd_buf_put(&x->clean, repl, 3);
            else
                rd_buf_put(&x->clean, s + i, 1);
            i++;
            continue;
        }
        k = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : 2;
        if (i + k > n || !rd_utf8_valid(s + i, k, &bad)) {
            rd_buf_put(&x->clean, repl, 3);
            i++;
            continue;
        }
        if (k == 3 && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
            (unsigned char)s[i + 2] >= 0xBE)
            rd_buf_put(&x->clean, repl, 3); /* U+FFFE, U+FFFF */
        else
            rd_buf_put(&x->clean, s + i, k);
        i += k;
    }
    if (x->clean.oom)
        x->failed = 1;
    return BAD_CAST rd_buf_text(&x->clean);
}

static void x_start(xw *x, const char *name)
{
    if (!x->failed && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
        x->failed = 1;
}

static void x_end(xw *x)
{
    if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
        x->failed = 1;
}

static void attr(xw *x, const char *name, const char *v)
{
    if (x->failed)
        return;
    const xmlChar *t = xml_text(x, v);
    if (!x->failed && xmlTextWriterWriteAttribute(x->w, BAD_CAST name, t) < 0)
        x->failed = 1;
}

static void attr_num(xw *x, const char *name, size_t v)
{
    char num[32];
    snprintf(num, sizeof num, "%zu", v);
    attr(x, name, num);
}

/* <name>text</name> */
static void element(xw *x, const char *name, const char *text)
{
    if (x->failed)
        return;
    x_start(x, name);
    const xmlChar *t = xml_text(x, text);
    if (!x->failed && xmlTextWriterWriteString(x->w, t) < 0)
        x->failed = 1;
    x_end(x);
}

/* <name targetGUID="guid"/> */
static void ref(xw *x, const char *name, const char *guid)
{
    x_start(x, name);
    attr(x, "targetGUID", guid);
    x_end(x);
}

static void write_code(xw *x, const rd_qdpx *p, size_t i)
{
    const code *c = &p->c[i];
    x_start(x, "Code");
    attr(x, "guid", c->guid);
    attr(x, "name", c->name);
    attr(x, "isCodable", "true");
    if (c->colour)
        attr(x, "color", c->colour);
    if (c->desc && *c->desc)
        element(x, "Description", c->desc);
    for (size_t j = i + 1; j < p->n_c; j++)
        if (p->c[j].parent == i)
            write_code(x, p, j);
    x_end(x);
}

static void write_codes(xw *x, const rd_qdpx *p)
{
    x_start(x, "Codes");
    for (size_t i = 0; i < p->n_c; i++)
        if (p->c[i].parent == RD_QDPX_NONE)
            write_code(x, p, i);
    x_end(x);
}

static void write_variables(xw *x, const rd_qdpx *p)
{
    x_start(x, "Variables");
    for (size_t i = 0; i < p->n_var; i++) {
        const variable *v = &p->var[i];
        x_start(x, "Variable");
        attr(x, "guid", v->guid);
        attr(x, "name", v->name);
        attr(x, "typeOfVariable", v->type == RD_QDPX_INTEGER ? "Integer" : "Text");
        if (v->desc && *v->desc)
            element(x, "Description", v->desc);
        x_end(x);
    }
    x_end(x);
}

static void write_case_list(xw *x, const rd_qdpx *p)
{
    x_start(x, "Cases");
    for (size_t i = 0; i < p->n_cs; i++) {
        const kase *c = &p->cs[i];
        x_start(x, "Case");
        attr(x, "guid", c->guid);
        attr(x, "name", c->name);
        for (size_t j = 0; j < c->n_v; j++) {
            const variable *v = &p->var[c->v[j].var];
            x_start(x, "VariableValue");
            ref(x, "VariableRef", v->guid);
            element(x, v->type == RD_QDPX_INTEGER ? "IntegerValue" : "TextValue", c->v[j].value);
            x_end(x);
        }
        if (c->src != RD_QDPX_NONE)
            ref(x, "SourceRef", p->src[c->src].guid);
        x_end(x);
    }
    x_end(x);
}

static void write_sources(xw *x, const rd_qdpx *p)
{
    char path[64];
    x_start(x, "Sources");
    for (size_t i = 0; i < p->n_src; i++) {
        const source *s = &p->src[i];
        x_start(x, "TextSource");
        attr(x, "guid", s->guid);
        attr(x, "name", s->name);
        snprintf(path, sizeof path, "internal://%s.txt", s->guid);
        attr(x, "plainTextPath", path);
        attr(x, "creatingUser", p->user);
        for (size_t j = 0; j < s->n_sel; j++) {
            const selection *l = &s->sel[j];
            x_start(x, "PlainTextSelection");
            attr(x, "guid", l->guid);
            if (l->name)
                attr(x, "name", l->name);
            attr_num(x, "startPosition", l->start);
            attr_num(x, "endPosition", l->end);
            attr(x, "creatingUser", p->user);
            x_start(x, "Coding");
            attr(x, "guid", l->coding);
            attr(x, "creatingUser", p->user);
            ref(x, "CodeRef", p->c[l->code].guid);
            x_end(x);
            x_end(x);
        }
        x_end(x);
    }
    x_end(x);
}

static void write_sets(xw *x, const rd_qdpx *p)
{
    x_start(x, "Sets");
    for (size_t i = 0; i < p->n_set; i++) {
        const set *s = &p->set[i];
        x_start(x, "Set");
        attr(x, "guid", s->guid);
        attr(x, "name", s->name);
        if (s->desc && *s->desc)
            element(x, "Description", s->desc);
        for (size_t j = 0; j < s->n_member; j++)
            ref(x, "MemberSource", p->src[s->member[j]].guid);
        x_end(x);
    }
    x_end(x);
}

/* The document (project 1, codebook 0) into *out (xmlBufferFree). */
static rd_status build_xml(const rd_qdpx *p, int project, xmlBufferPtr *out, rd_err *err)
{
    xw x = {0};
    xmlBufferPtr buf = xmlBufferCreate();
    *out = NULL;
    if (!buf || !(x.w = xmlNewTextWriterMemory(buf, 0))) {
        xmlBufferFree(buf);
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    }
    if (xmlTextWriterSetIndent(x.w, 1) < 0 || xmlTextWriterSetIndentString(x.w, BAD_CAST "  ") < 0 ||
        xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL) < 0)
        x.failed = 1;
    if (project) {
        x_start(&x, "Project");
        attr(&x, "xmlns", "urn:QDA-XML:project:1.0");
        attr(&x, "name", p->project);
        attr(&x, "origin", p->origin);
        attr(&x, "creatingUserGUID", p->user);
        x_start(&x, "Users");
        x_start(&x, "User");
        attr(&x, "guid", p->user);
        attr(&x, "name", p->origin);
        x_end(&x);
        x_end(&x);
        if (p->n_c) {
            x_start(&x, "CodeBook");
            write_codes(&x, p);
            x_end(&x);
        }
        if (p->n_var)
            write_variables(&x, p);
        if (p->n_cs)
            write_case_list(&x, p);
        if (p->n_src)
            write_sources(&x, p);
        if (p->n_set)
            write_sets(&x, p);
        if (p->desc && *p->desc)
            element(&x, "Description", p->desc);
        x_end(&x);
    } else {
        x_start(&x, "CodeBook");
        attr(&x, "xmlns", "urn:QDA-XML:codebook:1.0");
        attr(&x, "origin", p->origin);
        if (p->n_c)
            write_codes(&x, p);
        x_end(&x);
    }
    if (!x.failed && xmlTextWriterEndDocument(x.w) < 0)
        x.failed = 1;
    xmlFreeTextWriter(x.w); /* flushes into buf */
    free(x.clean.s);
    if (x.failed) {
        xmlBufferFree(buf);
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export: writing the XML failed (out of memory)");
    }
    *out = buf;
    return RD_OK;
}

/* Writes data[0..n) to path (io/write/outfile.h's errors). */
static rd_status write_bytes(const char *path, const void *data, size_t n, rd_err *err)
{
    FILE *f = rd__outfile_open(path, err);
    if (!f)
        return RD_EOUTPUT;
    int failed = n && fwrite(data, 1, n, f) != n ? rd__outfile_errno() : 0;
    return rd__outfile_close(f, failed, path, err);
}

rd_status rd_qdpx_write_codebook(const rd_qdpx *p, const char *path, rd_err *err)
{
    xmlBufferPtr buf = NULL;
    rd_status rc = build_xml(p, 0, &buf, err);
    if (rc == RD_OK)
        rc = write_bytes(path, xmlBufferContent(buf), (size_t)xmlBufferLength(buf), err);
    xmlBufferFree(buf);
    return rc;
}

/* ---- the zip ------------------------------------------------------------------------ */

/* Adds data[0..n) (which must outlive the archive's close) as name, with the fixed time,
 * mode and compression. 0, or -1. */
static int zip_put(zip_t *za, const char *name, const void *data, size_t n)
{
    zip_source_t *s = zip_source_buffer(za, data, n, 0);
    if (!s)
        return -1;
    zip_int64_t i = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
    if (i < 0) {
        zip_source_free(s);
        return -1;
    }
    zip_uint64_t idx = (zip_uint64_t)i;
    const zip_uint16_t dosdate = (0 << 9) | (1 << 5) | 1; /* 1980-01-01 */
    if (zip_set_file_compression(za, idx, ZIP_CM_DEFLATE, 9) != 0 ||
        zip_file_set_dostime(za, idx, 0, dosdate, 0) != 0 ||
        zip_file_set_external_attributes(za, idx, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) != 0)
        return -1;
    return 0;
}

static int by_guid(const void *a, const void *b)
{
    return strcmp((*(const source *const *)a)->guid, (*(const source *const *)b)->guid);
}

/* The archive's bytes into *out (free) and *out_n. */
static rd_status build_zip(const rd_qdpx *p, const xmlBufferPtr qde, char **out, size_t *out_n,
                           rd_err *err)
{
    rd_status rc = RD_OK;
    zip_error_t ze;
    zip_t *za = NULL;
    const source **order = malloc((p->n_src + 1) * sizeof *order);
    char (*names)[64] = malloc((p->n_src + 1) * sizeof *names);
    char *bytes = NULL;
    zip_error_init(&ze);
    *out = NULL;
    *out_n = 0;
    zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!order || !names || !mem || !(za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze))) {
        rc = rd_fail(err, RD_ENOMEM, "REFI-QDA export: the zip: %s",
                     mem ? zip_error_strerror(&ze) : "out of memory");
        if (mem && !za)
            zip_source_free(mem);
        mem = NULL;
        goto done;
    }
    zip_source_keep(mem); /* read back after zip_close */
    for (size_t i = 0; i < p->n_src; i++)
        order[i] = &p->src[i];
    qsort(order, p->n_src, sizeof *order, by_guid);
    /* entries in name order: "project.qde" < "sources/…" */
    if (zip_put(za, "project.qde", xmlBufferContent(qde), (size_t)xmlBufferLength(qde)) != 0)
        goto zip_failed;
    for (size_t k = 0; k < p->n_src; k++) {
        const source *s = order[k];
        snprintf(names[k], sizeof *names, "sources/%s.txt", s->guid);
        if (zip_put(za, names[k], s->text, s->n) != 0)
            goto zip_failed;
    }
    if (zip_close(za) != 0)
        goto zip_failed;
    za = NULL;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_open(mem) != 0)
        goto src_failed;
    if (zip_source_stat(mem, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(bytes = malloc(st.size ? st.size : 1)) ||
        zip_source_read(mem, bytes, st.size) != (zip_int64_t)st.size) {
        zip_source_close(mem);
        goto src_failed;
    }
    zip_source_close(mem);
    *out = bytes;
    *out_n = (size_t)st.size;
    bytes = NULL;
    goto done;
zip_failed:
    rc = rd_fail(err, RD_ENOMEM, "REFI-QDA export: building the zip failed: %s",
                 zip_strerror(za));
    zip_discard(za);
    za = NULL;
    goto done;
src_failed:
    rc = rd_fail(err, RD_ENOMEM, "REFI-QDA export: reading the zip back failed: %s",
                 zip_error_strerror(zip_source_error(mem)));
done:
    free(bytes);
    if (mem)
        zip_source_free(mem);
    zip_error_fini(&ze);
    free(order);
    free(names);
    return rc;
}

rd_status rd_qdpx_write(const rd_qdpx *p, const char *path, rd_err *err)
{
    xmlBufferPtr qde = NULL;
    char *zip = NULL;
    size_t n = 0;
    rd_status rc = build_xml(p, 1, &qde, err);
    if (rc == RD_OK)
        rc = build_zip(p, qde, &zip, &n, err);
    xmlBufferFree(qde);
    if (rc == RD_OK)
        rc = write_bytes(path, zip, n, err);
    free(zip);
    return rc;
}
