/* io/read/codebook.c — see codebook.h. */
#include "io/read/codebook.h"

#include <csv.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/read/decode.h"
#include "io/read/files.h"

enum { CODEBOOK_MAX_BYTES = 16 << 20 };

void rd_codebook_free(rd_codebook *cb)
{
    if (!cb)
        return;
    for (size_t i = 0; i < cb->n; i++) {
        free(cb->v[i].name);
        rd_strlist_free(&cb->v[i].words);
    }
    free(cb->v);
    memset(cb, 0, sizeof *cb);
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

/* s[0..*n) without white space at either end: the new start, *n updated. */
static const char *trim(const char *s, size_t *n)
{
    while (*n && is_blank(*s))
        s++, (*n)--;
    while (*n && is_blank(s[*n - 1]))
        (*n)--;
    return s;
}

static rd_card *find_card(rd_codebook *cb, const char *name, size_t n)
{
    for (size_t i = 0; i < cb->n; i++)
        if (strlen(cb->v[i].name) == n && strncasecmp(cb->v[i].name, name, n) == 0)
            return &cb->v[i];
    return NULL;
}

/* Pushes s[0..n) (trimmed; nothing when empty) onto l. */
static rd_status push_word(rd_strlist *l, const char *s, size_t n, rd_err *err)
{
    s = trim(s, &n);
    if (!n)
        return RD_OK;
    char *w = strndup(s, n);
    if (!w)
        return rd_fail(err, RD_ENOMEM, "topic card words");
    rd_status rc = rd_strlist_push(l, w, err);
    free(w);
    return rc;
}

/* The words of s[0..n), split at any byte of seps. */
static rd_status push_words(rd_strlist *l, const char *s, size_t n, const char *seps, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t b = 0;
    for (size_t i = 0; i <= n && rc == RD_OK; i++)
        if (i == n || strchr(seps, s[i])) {
            rc = push_word(l, s + b, i - b, err);
            b = i + 1;
        }
    return rc;
}

/* A new card named s[0..n) (trimmed) starting at line; *out the card. RD_EDATA when the
 * name is empty or taken. */
static rd_status add_card(rd_codebook *cb, const char *shown, const char *s, size_t n,
                          size_t line, rd_card **out, rd_err *err)
{
    s = trim(s, &n);
    if (!n)
        return rd_fail(err, RD_EDATA, "%s:%zu: a card without a name", shown, line);
    rd_card *dup = find_card(cb, s, n);
    if (dup)
        return rd_fail(err, RD_EDATA, "%s:%zu: the card \"%s\" is already on line %zu; give "
                       "each card one block (or merge the two)", shown, line, dup->name,
                       dup->line);
    if (cb->n == cb->cap) {
        size_t cap = cb->cap ? 2 * cb->cap : 16;
        rd_card *v = realloc(cb->v, cap * sizeof *v);
        if (!v)
            return rd_fail(err, RD_ENOMEM, "topic cards");
        cb->v = v;
        cb->cap = cap;
    }
    rd_card *c = &cb->v[cb->n];
    memset(c, 0, sizeof *c);
    if (!(c->name = strndup(s, n)))
        return rd_fail(err, RD_ENOMEM, "topic cards");
    c->line = line;
    cb->n++;
    *out = c;
    return push_word(&c->words, s, n, err);
}

/* RD_EDATA naming the line of the first NUL byte of s[0..n), or RD_OK when there is none
 * (rd_decode refuses them in files; the parsers are also called on raw text). */
static rd_status no_nul(const char *shown, const char *s, size_t n, rd_err *err)
{
    const char *z = memchr(s, '\0', n);
    if (!z)
        return RD_OK;
    size_t line = 1;
    for (const char *c = s; c < z; c++)
        line += *c == '\n';
    return rd_fail(err, RD_EDATA, "%s:%zu: a NUL byte: not a text file", shown, line);
}

/* Every card has a word besides its name (need_words), and there is a card. */
static rd_status check_cards(const rd_codebook *cb, const char *shown, int need_words,
                             rd_err *err)
{
    if (!cb->n)
        return rd_fail(err, RD_EDATA, "%s: no topic cards found (a card is a name on a line of "
                       "its own with its words on the lines below; see README \"Topic cards\")",
                       shown);
    for (size_t i = 0; need_words && i < cb->n; i++)
        if (cb->v[i].words.n < 2)
            return rd_fail(err, RD_EDATA, "%s:%zu: the card \"%s\" has no words: write the "
                           "words and phrases it is about below its name", shown, cb->v[i].line,
                           cb->v[i].name);
    return RD_OK;
}

rd_status rd_codebook_parse_text(const char *shown, const char *s, size_t n, rd_codebook *out,
                                 rd_err *err)
{
    rd_status rc = RD_OK;
    rd_card *cur = NULL;
    size_t line = 0;
    memset(out, 0, sizeof *out);
    if ((rc = no_nul(shown, s, n, err)) != RD_OK)
        return rc;
    for (size_t i = 0; i < n && rc == RD_OK;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        line++;
        const char *hash = memchr(s + i, '#', e - i);
        size_t len = (hash ? (size_t)(hash - s) : e) - i;
        const char *l = trim(s + i, &len);
        i = e + 1;
        if (!len) {
            if (!hash) /* an empty line ends the card; a comment line does not */
                cur = NULL;
            continue;
        }
        if (!cur) {
            const char *colon = memchr(l, ':', len);
            size_t nl = colon ? (size_t)(colon - l) : len;
            if ((rc = add_card(out, shown, l, nl, line, &cur, err)) == RD_OK && colon)
                rc = push_words(&cur->words, colon + 1, len - nl - 1, ",;", err);
        } else {
            rc = push_words(&cur->words, l, len, ",;", err);
        }
    }
    if (rc == RD_OK)
        rc = check_cards(out, shown, 1, err);
    if (rc != RD_OK)
        rd_codebook_free(out);
    return rc;
}

/* --- CSV ----------------------------------------------------------------------------- */

typedef struct {
    rd_codebook *cb;
    const char *shown;
    rd_strlist fields;
    size_t line, start; /* the line being fed; the line the current record started on */
    size_t records;
    rd_status rc;
    rd_err *err;
} csv_ctx;

static void on_field(void *f, size_t n, void *p)
{
    csv_ctx *c = p;
    if (c->rc != RD_OK)
        return;
    if (!c->fields.n && !c->start)
        c->start = c->line;
    char *v = strndup(f ? f : "", n);
    if (!v) {
        c->rc = rd_fail(c->err, RD_ENOMEM, "topic cards");
        return;
    }
    c->rc = rd_strlist_push(&c->fields, v, c->err);
    free(v);
}

static int is_header_cell(const char *s)
{
    static const char *const h[] = {"card", "kaart", "code", "thema", "name", "naam", NULL};
    size_t n = strlen(s);
    s = trim(s, &n);
    for (const char *const *k = h; *k; k++)
        if (strlen(*k) == n && strncasecmp(*k, s, n) == 0)
            return 1;
    return 0;
}

static void on_record(int term, void *p)
{
    (void)term;
    csv_ctx *c = p;
    size_t line = c->start ? c->start : c->line;
    int any = 0;
    for (size_t i = 0; i < c->fields.n; i++) {
        size_t n = strlen(c->fields.v[i]);
        trim(c->fields.v[i], &n);
        any |= n > 0;
    }
    if (c->rc == RD_OK && any && !(c->records++ == 0 && is_header_cell(c->fields.v[0]))) {
        const char *name = c->fields.v[0];
        size_t nn = strlen(name);
        name = trim(name, &nn);
        rd_card *card = nn ? find_card(c->cb, name, nn) : NULL;
        if (!card)
            c->rc = add_card(c->cb, c->shown, name, nn, line, &card, c->err);
        for (size_t i = 1; i < c->fields.n && c->rc == RD_OK; i++)
            c->rc = push_words(&card->words, c->fields.v[i], strlen(c->fields.v[i]), ",;",
                               c->err);
    }
    rd_strlist_free(&c->fields);
    memset(&c->fields, 0, sizeof c->fields);
    c->start = 0;
}

rd_status rd_codebook_parse_csv(const char *shown, const char *s, size_t n, char delim,
                                rd_codebook *out, rd_err *err)
{
    struct csv_parser p;
    csv_ctx c = {.cb = out, .shown = shown, .err = err, .rc = RD_OK};
    memset(out, 0, sizeof *out);
    if (no_nul(shown, s, n, err) != RD_OK)
        return RD_EDATA;
    if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0)
        return rd_fail(err, RD_ENOMEM, "CSV parser");
    csv_set_delim(&p, (unsigned char)delim);
    /* Fed a line at a time, so that a record's line is known. */
    for (size_t i = 0; i < n && c.rc == RD_OK;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        if (e < n)
            e++;
        c.line++;
        if (csv_parse(&p, s + i, e - i, on_field, on_record, &c) != e - i && c.rc == RD_OK)
            c.rc = rd_fail(err, RD_EDATA, "%s:%zu: %s", shown, c.line,
                           csv_strerror(csv_error(&p)));
        i = e;
    }
    if (c.rc == RD_OK && csv_fini(&p, on_field, on_record, &c) != 0)
        c.rc = rd_fail(err, RD_EDATA, "%s:%zu: %s (a quote is not closed)", shown,
                       c.start ? c.start : c.line, csv_strerror(csv_error(&p)));
    csv_free(&p);
    rd_strlist_free(&c.fields);
    if (c.rc == RD_OK)
        c.rc = check_cards(out, shown, 1, err);
    if (c.rc != RD_OK)
        rd_codebook_free(out);
    return c.rc;
}

/* --- REFI-QDA codebook ------------------------------------------------------------------ */

/* The <Description> text of code element e into card's words. */
static rd_status qdc_description(rd_card *card, xmlNode *e, rd_err *err)
{
    rd_status rc = RD_OK;
    for (xmlNode *d = e->children; d && rc == RD_OK; d = d->next)
        if (d->type == XML_ELEMENT_NODE && xmlStrcmp(d->name, BAD_CAST "Description") == 0) {
            xmlChar *text = xmlNodeGetContent(d);
            if (text)
                rc = push_words(&card->words, (const char *)text, strlen((const char *)text),
                                ",;.:\n", err);
            xmlFree(text);
        }
    return rc;
}

/* The codes below node: a top-level <Code> (card NULL) is a card; a code inside one gives
 * its name and description to that card as words. */
static rd_status qdc_codes(rd_codebook *cb, const char *shown, xmlNode *node, rd_card *card,
                           rd_err *err)
{
    rd_status rc = RD_OK;
    for (xmlNode *e = node; e && rc == RD_OK; e = e->next) {
        if (e->type != XML_ELEMENT_NODE)
            continue;
        rd_card *into = card;
        if (xmlStrcmp(e->name, BAD_CAST "Code") == 0) {
            xmlChar *name = xmlGetProp(e, BAD_CAST "name");
            size_t line = (size_t)xmlGetLineNo(e);
            if (!name)
                rc = rd_fail(err, RD_EDATA, "%s:%zu: a <Code> without a name", shown, line);
            else if (!card)
                rc = add_card(cb, shown, (const char *)name, strlen((const char *)name), line,
                              &into, err);
            else
                rc = push_word(&card->words, (const char *)name, strlen((const char *)name),
                               err);
            xmlFree(name);
            if (rc == RD_OK)
                rc = qdc_description(into, e, err);
        }
        if (rc == RD_OK)
            rc = qdc_codes(cb, shown, e->children, into, err);
    }
    return rc;
}

rd_status rd_codebook_parse_qdc(const char *shown, const char *s, size_t n, rd_codebook *out,
                                rd_err *err)
{
    rd_status rc;
    memset(out, 0, sizeof *out);
    if (n > (size_t)INT32_MAX)
        return rd_fail(err, RD_EDATA, "%s: too large for a codebook", shown);
    xmlResetLastError();
    xmlDoc *doc = xmlReadMemory(s, (int)n, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        char msg[200] = "not well-formed XML";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t k = strlen(msg);
            while (k && is_blank(msg[k - 1]))
                msg[--k] = '\0';
        }
        return rd_fail(err, RD_EDATA, "%s:%d: not a REFI-QDA codebook: %s", shown,
                       e ? e->line : 1, msg);
    }
    rc = qdc_codes(out, shown, xmlDocGetRootElement(doc), NULL, err);
    xmlFreeDoc(doc);
    if (rc == RD_OK && !out->n)
        rc = rd_fail(err, RD_EDATA, "%s: no <Code> in this codebook", shown);
    if (rc != RD_OK)
        rd_codebook_free(out);
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcasecmp(s + n - k, suffix) == 0;
}

rd_status rd_codebook_read(const char *path, const char *shown, rd_codebook *out, rd_err *err)
{
    rd_status rc;
    char *buf = NULL;
    const char *s = NULL;
    size_t n = 0;
    int owned = 0;
    rd_encoding enc = RD_ENC_UTF8;
    rd_err why = {0};
    memset(out, 0, sizeof *out);
    if ((rc = rd_files_read(path, CODEBOOK_MAX_BYTES, &buf, &n, err)) != RD_OK)
        return rc;
    if (ends_with(path, ".qdc")) { /* XML says its own encoding */
        rc = rd_codebook_parse_qdc(shown, buf, n, out, err);
        free(buf);
        return rc;
    }
    if ((rc = rd_decode(buf, n, &s, &n, &owned, &enc, &why)) != RD_OK) {
        rc = rd_fail(err, rc, "%s: %s; save the topic cards as UTF-8 text", shown, why.msg);
        free(buf);
        return rc;
    }
    if (ends_with(path, ".csv") || ends_with(path, ".tsv")) {
        char delim = ',';
        if (ends_with(path, ".tsv")) {
            delim = '\t';
        } else {
            size_t semi = 0, comma = 0;
            for (size_t i = 0; i < n && s[i] != '\n'; i++)
                semi += s[i] == ';', comma += s[i] == ',';
            if (semi > comma)
                delim = ';';
        }
        rc = rd_codebook_parse_csv(shown, s, n, delim, out, err);
    } else {
        rc = rd_codebook_parse_text(shown, s, n, out, err);
    }
    if (rc == RD_OK && enc == RD_ENC_CP1252)
        snprintf(out->note, sizeof out->note,
                 "%s: not valid UTF-8; read as Windows-1252 and converted (save it as UTF-8 "
                 "to silence this)",
                 shown);
    if (owned)
        free((char *)s);
    free(buf);
    return rc;
}
