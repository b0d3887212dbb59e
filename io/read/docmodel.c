/* io/read/docmodel.c — see docmodel.h.
 *
 * Every paragraph (w:p; text:p, text:h) gathers its text in a buffer on a paragraph stack
 * (a text box's paragraphs sit inside another paragraph: they are finished, and written,
 * first). While it fills, the paragraph records how far a leading run of bold text reaches
 * (bold_end), so that at its end it can be written as `Label: rest` (bold_label). Finished
 * lines go to the output, or, inside a table, to the open cell; a finished table is written
 * by doctable.c to whatever encloses it. The text of all paragraphs together is limited to
 * RD_DOCUMENT_MAX_XML bytes. */
#include "io/read/docmodel.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "io/read/document.h"
#include "io/read/labels.h"

/* --- outcome ------------------------------------------------------------------------- */

void rd__doc_halt(rd__doc *d)
{
    if (!d->stopped) {
        d->stopped = 1;
        if (d->ctxt)
            xmlStopParser(d->ctxt);
    }
}

void rd__doc_nomem(rd__doc *d)
{
    d->oom = 1;
    rd__doc_halt(d);
}

/* Room for n more bytes and a NUL in b; 0, or -1 (oom recorded, parsing stops). */
static int reserve(rd__doc *d, rd_buf *b, size_t n)
{
    if (d->oom)
        return -1;
    if (rd_buf_reserve(b, n)) {
        rd__doc_nomem(d);
        return -1;
    }
    return 0;
}

static void put(rd__doc *d, rd_buf *b, const char *s, size_t n)
{
    if (reserve(d, b, n) == 0)
        rd_buf_put(b, s, n);
}

static void buf_free(rd_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

void rd__doc_free(rd__doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->cap_paras; i++)
        buf_free(&d->paras[i].t);
    free(d->paras);
    for (size_t i = 0; i < d->n_tables; i++)
        rd__doctable_free(&d->tables[i]);
    free(d->tables);
    free(d->stack);
    buf_free(&d->out);
    buf_free(&d->scratch);
}

/* --- elements ------------------------------------------------------------------------ */

int rd__doc_push(rd__doc *d, uint8_t tag)
{
    if (RD_GROW_MIN(d->stack, d->cap_stack, d->depth + 1, 64)) {
        rd__doc_nomem(d);
        return -1;
    }
    d->stack[d->depth++] = (rd__doc_elem){tag, 0};
    return 0;
}

uint8_t rd__doc_up(const rd__doc *d, size_t k)
{
    return d->depth > k ? d->stack[d->depth - 1 - k].tag : RD__DOC_OTHER;
}

/* --- lines --------------------------------------------------------------------------- */

/* A finished line: to the open cell of the innermost table, or to the output. r is the
 * line as written; pl is the paragraph's text without a label's colon or a heading's '#',
 * which a speaker table joins (nothing is written for an empty line in a table: empty
 * cells are common and carry nothing). */
static void emit(rd__doc *d, const char *r, size_t rn, const char *pl, size_t pn)
{
    if (d->n_tables) {
        rd__doctable_cell *c = &d->tables[d->n_tables - 1].open;
        if (pn) {
            if (c->plain.n)
                put(d, &c->plain, " ", 1);
            put(d, &c->plain, pl, pn);
        }
        if (rn) {
            put(d, &c->lines, r, rn);
            put(d, &c->lines, "\n", 1);
        }
    } else {
        put(d, &d->out, r, rn);
        put(d, &d->out, "\n", 1);
    }
}

/* --- paragraphs ---------------------------------------------------------------------- */

void rd__doc_para_begin(rd__doc *d, int heading)
{
    size_t old = d->cap_paras;
    if (RD_GROW_MIN(d->paras, d->cap_paras, d->n_paras + 1, 4)) {
        rd__doc_nomem(d);
        return;
    }
    memset(d->paras + old, 0, (d->cap_paras - old) * sizeof *d->paras); /* no buffers yet */
    rd__doc_para *p = &d->paras[d->n_paras++];
    p->t.n = 0;
    if (p->t.s)
        p->t.s[0] = '\0';
    p->bold_end = 0;
    p->prefix_open = 1;
    p->heading = heading;
}

void rd__doc_para_heading(rd__doc *d)
{
    if (d->n_paras)
        d->paras[d->n_paras - 1].heading = 1;
}

void rd__doc_text(rd__doc *d, const char *s, size_t n, int bold, int collapse)
{
    if (!d->n_paras || d->stopped)
        return;
    rd__doc_para *p = &d->paras[d->n_paras - 1];
    if (n > RD_DOCUMENT_MAX_XML - d->text_bytes) {
        d->too_long = 1;
        rd__doc_halt(d);
        return;
    }
    if (reserve(d, &p->t, n))
        return;
    size_t k = p->t.n;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            if (c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f')
                continue;
            c = ' ';
        }
        if (c == ' ' && collapse && (k == 0 || p->t.s[k - 1] == ' '))
            continue;
        p->t.s[k++] = (char)c;
        if (p->prefix_open && c != ' ') {
            if (bold)
                p->bold_end = k;
            else
                p->prefix_open = 0;
        }
    }
    d->text_bytes += k - p->t.n;
    p->t.n = k;
    p->t.s[k] = '\0';
}

void rd__doc_trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && s[*a] == ' ')
        (*a)++;
    while (*b > *a && s[*b - 1] == ' ')
        (*b)--;
}

/* Writes s[a..b) to the scratch buffer with runs of spaces made single. */
static void put_squeezed(rd__doc *d, const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (s[i] != ' ' || (i > a && s[i - 1] != ' '))
            put(d, &d->scratch, s + i, 1);
}

/* The bold-label rule, on the trimmed paragraph text s[a..b) whose bold prefix ends at
 * bold_end: the paragraph starts with bold text B, and either B ends in ':', or the first
 * non-space character after B is ':', or B is followed by a space and more text that does
 * not start with punctuation (",.;!?)]…" would make "**Nee**, dat…" a label). B without
 * that colon and its spaces squeezed must have a label's shape (io/read/labels.h). Then
 * `B: rest` (`B:` when nothing follows) is written to the scratch buffer and 1 returned;
 * otherwise the scratch buffer is left empty and 0 returned. A paragraph that is bold
 * throughout is thus a label only when it ends in ':'. */
static int bold_label(rd__doc *d, const char *s, size_t a, size_t b, size_t bold_end)
{
    size_t la = a, lb = bold_end, r = bold_end;
    int colon = 0;
    if (bold_end <= a)
        return 0;
    if (s[lb - 1] == ':') {
        colon = 1;
        lb--;
    } else {
        size_t j = r;
        while (j < b && s[j] == ' ')
            j++;
        if (j < b && s[j] == ':') {
            colon = 1;
            r = j + 1;
        }
    }
    rd__doc_trim(s, &la, &lb);
    size_t ra = r;
    while (ra < b && s[ra] == ' ')
        ra++;
    if (!colon && !(ra < b && ra > r && !strchr(",.;:!?)]}", s[ra]) &&
                    !(ra + 3 <= b && memcmp(s + ra, "\xE2\x80\xA6", 3) == 0)))
        return 0;
    /* rd_labels_shape wants single spaces: squeeze into scratch, then check. */
    put_squeezed(d, s, la, lb);
    if (!rd_labels_shape(d->scratch.s ? d->scratch.s : "", d->scratch.n, NULL)) {
        d->scratch.n = 0;
        return 0;
    }
    put(d, &d->scratch, ":", 1);
    if (ra < b) {
        put(d, &d->scratch, " ", 1);
        put(d, &d->scratch, s + ra, b - ra);
    }
    return 1;
}

/* A heading is written `# text` (nothing when empty), a speaker turn `B: rest` (see
 * bold_label), everything else as it is. */
void rd__doc_para_end(rd__doc *d)
{
    if (!d->n_paras)
        return;
    rd__doc_para *p = &d->paras[d->n_paras - 1];
    const char *s = p->t.s ? p->t.s : "";
    size_t a = 0, b = p->t.n;
    rd__doc_trim(s, &a, &b);
    d->scratch.n = 0;
    if (p->heading) {
        if (b > a) {
            put(d, &d->scratch, "# ", 2);
            put(d, &d->scratch, s + a, b - a);
        }
    } else if (!bold_label(d, s, a, b, p->bold_end)) {
        put(d, &d->scratch, s + a, b - a);
    }
    if (!d->oom)
        emit(d, d->scratch.s ? d->scratch.s : "", d->scratch.n, s + a, b - a);
    d->n_paras--;
}

/* --- tables -------------------------------------------------------------------------- */

static rd__doctable *top_table(rd__doc *d)
{
    return d->n_tables ? &d->tables[d->n_tables - 1] : NULL;
}

void rd__doc_table_begin(rd__doc *d)
{
    if (RD_GROW_MIN(d->tables, d->cap_tables, d->n_tables + 1, 4)) {
        rd__doc_nomem(d);
        return;
    }
    memset(&d->tables[d->n_tables++], 0, sizeof(rd__doctable));
}

void rd__doc_row_begin(rd__doc *d)
{
    rd__doctable *t = top_table(d);
    if (t && rd__doctable_row_begin(t))
        rd__doc_nomem(d);
}

void rd__doc_row_end(rd__doc *d)
{
    rd__doctable *t = top_table(d);
    if (t && rd__doctable_row_end(t))
        rd__doc_nomem(d);
}

void rd__doc_row_header(rd__doc *d)
{
    rd__doctable *t = top_table(d);
    if (t && t->in_row)
        t->rows[t->n_rows - 1].header = 1;
}

void rd__doc_header_rows(rd__doc *d, int delta)
{
    rd__doctable *t = top_table(d);
    if (t && delta > 0)
        t->header_rows++;
    else if (t && t->header_rows)
        t->header_rows--;
}

void rd__doc_cell_end(rd__doc *d)
{
    rd__doctable *t = top_table(d);
    if (t && !d->oom && rd__doctable_cell_end(t))
        rd__doc_nomem(d);
}

/* doctable's line sink: emit, stopping once memory ran out. */
static int emit_line(void *ctx, const char *r, size_t rn, const char *pl, size_t pn)
{
    rd__doc *d = ctx;
    emit(d, r, rn, pl, pn);
    return d->oom ? -1 : 0;
}

void rd__doc_table_end(rd__doc *d)
{
    rd__doctable *tp = top_table(d);
    if (!tp)
        return;
    if (!d->oom && rd__doctable_close(tp))
        rd__doc_nomem(d);
    rd__doctable t = *tp;
    d->n_tables--;
    if (!d->oom && rd__doctable_write(&t, &d->scratch, emit_line, d))
        rd__doc_nomem(d);
    rd__doctable_free(&t);
}

/* --- names and attributes ------------------------------------------------------------ */

int rd__doc_eq(const xmlChar *a, const char *b) { return a && strcmp((const char *)a, b) == 0; }

uint8_t rd__doc_lookup(const rd__doc_tagname *t, const xmlChar *local)
{
    for (; t->name; t++)
        if (rd__doc_eq(local, t->name))
            return t->tag;
    return RD__DOC_OTHER;
}

/* libxml2's SAX2 attributes come five pointers each: localname, prefix, URI, value,
 * end of value. */
const char *rd__doc_attr(const xmlChar **atts, int nb, const char *uri, const char *alt,
                         const char *local, size_t *len)
{
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = atts + 5 * i;
        if (rd__doc_eq(a[0], local) && (rd__doc_eq(a[2], uri) || (alt && rd__doc_eq(a[2], alt)))) {
            *len = (size_t)(a[4] - a[3]);
            return (const char *)a[3];
        }
    }
    return NULL;
}

int rd__doc_val_is(const char *v, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (n != k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = v[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != w[i])
            return 0;
    }
    return 1;
}
