/* io/read/odt.c — see odt.h.
 *
 * The automatic styles come before the body in content.xml: each text or paragraph style
 * is kept with its weight (bold, normal or not set) and whether it is a title; they are
 * sorted by family and name when the body first looks one up. While the body is read,
 * cur_bold is the bold state at the current point: a paragraph sets it from its style, a
 * span from its own, and each saves the state around it in its element byte, restored at
 * its end. */
#include "io/read/odt.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"

enum { MAX_SPACES = 1024 }; /* text:s c= is clamped to this */

enum {
    O_BODY = RD__DOC_TAGS, O_TEXT, O_AUTOSTYLES, S_STYLE, S_TEXTPROPS, X_P, X_H, X_SPAN, X_S,
    X_SPACE, TB_TABLE, TB_HEADERROWS, TB_ROW, TB_CELL
};

enum { FAM_TEXT = 0, FAM_PARA = 1 };

typedef struct {
    char *name;
    uint8_t family;
    int8_t weight;  /* -1 not set, 0 normal, 1 bold */
    uint8_t title;  /* a paragraph style based on Title or Subtitle */
} ostyle;

typedef struct {
    ostyle *styles;
    size_t n_styles, cap_styles;
    int styles_sorted;
    int in_autostyles;
    size_t cur_style;  /* 1 + index of the style:style being read, or 0 */
    int cur_bold;
} odt_state;

static const char NS_OFFICE[] = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
static const char NS_TEXT[] = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
static const char NS_TABLE[] = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
static const char NS_STYLE[] = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
static const char NS_FO[] = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
static const char NS_SVG[] = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";

static const rd__doc_tagname office_tags[] = {
    {"body", O_BODY}, {"text", O_TEXT}, {"automatic-styles", O_AUTOSTYLES},
    {"annotation", RD__DOC_SKIP}, {"annotation-end", RD__DOC_SKIP}, {NULL, 0}};
static const rd__doc_tagname text_tags[] = {
    {"p", X_P}, {"h", X_H}, {"span", X_SPAN}, {"s", X_S}, {"tab", X_SPACE},
    {"line-break", X_SPACE}, {"note", RD__DOC_SKIP}, {"tracked-changes", RD__DOC_SKIP},
    {"ruby-text", RD__DOC_SKIP}, {"table-of-content-source", RD__DOC_SKIP},
    {"illustration-index-source", RD__DOC_SKIP}, {"object-index-source", RD__DOC_SKIP},
    {"user-index-source", RD__DOC_SKIP}, {"table-index-source", RD__DOC_SKIP},
    {"alphabetical-index-source", RD__DOC_SKIP}, {"bibliography-source", RD__DOC_SKIP},
    {NULL, 0}};
static const rd__doc_tagname table_tags[] = {
    {"table", TB_TABLE}, {"table-header-rows", TB_HEADERROWS}, {"table-row", TB_ROW},
    {"table-cell", TB_CELL}, {"covered-table-cell", TB_CELL}, {NULL, 0}};
static const rd__doc_tagname style_tags[] = {
    {"style", S_STYLE}, {"text-properties", S_TEXTPROPS}, {NULL, 0}};
static const rd__doc_tagname svg_tags[] = {
    {"title", RD__DOC_SKIP}, {"desc", RD__DOC_SKIP}, {NULL, 0}};

static uint8_t odt_tag(rd__doc *d, const xmlChar *uri, const xmlChar *local)
{
    (void)d;
    if (!uri)
        return RD__DOC_OTHER;
    if (rd__doc_eq(uri, NS_TEXT))
        return rd__doc_lookup(text_tags, local);
    if (rd__doc_eq(uri, NS_TABLE))
        return rd__doc_lookup(table_tags, local);
    if (rd__doc_eq(uri, NS_OFFICE))
        return rd__doc_lookup(office_tags, local);
    if (rd__doc_eq(uri, NS_STYLE))
        return rd__doc_lookup(style_tags, local);
    if (rd__doc_eq(uri, NS_SVG))
        return rd__doc_lookup(svg_tags, local);
    return RD__DOC_OTHER;
}

/* --- automatic styles ---------------------------------------------------------------- */

static int is_title(const char *v, size_t n)
{
    return (n == 5 && memcmp(v, "Title", 5) == 0) || (n == 8 && memcmp(v, "Subtitle", 8) == 0);
}

static int is_strong(const char *v, size_t n)
{
    return n == 18 && memcmp(v, "Strong_20_Emphasis", 18) == 0;
}

static int style_cmp(const void *x, const void *y)
{
    const ostyle *a = x, *b = y;
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    return strcmp(a->name, b->name);
}

static const ostyle *find_style(odt_state *o, const char *name, size_t n, uint8_t family)
{
    if (!name || !o->n_styles)
        return NULL;
    if (!o->styles_sorted) {
        qsort(o->styles, o->n_styles, sizeof *o->styles, style_cmp);
        o->styles_sorted = 1;
    }
    char key[256];
    if (n >= sizeof key)
        return NULL;
    memcpy(key, name, n);
    key[n] = '\0';
    ostyle k = {key, family, 0, 0};
    return bsearch(&k, o->styles, o->n_styles, sizeof *o->styles, style_cmp);
}

/* office:automatic-styles/style:style: a text or paragraph style, kept by name. */
static void add_style(rd__doc *d, const xmlChar **atts, int nb)
{
    odt_state *o = d->fs;
    size_t nn, fn, pn;
    const char *name = rd__doc_attr(atts, nb, NS_STYLE, NULL, "name", &nn);
    const char *fam = rd__doc_attr(atts, nb, NS_STYLE, NULL, "family", &fn);
    const char *parent = rd__doc_attr(atts, nb, NS_STYLE, NULL, "parent-style-name", &pn);
    o->cur_style = 0;
    if (!name || !fam || nn == 0 || nn >= 256)
        return;
    uint8_t family;
    if (fn == 4 && memcmp(fam, "text", 4) == 0)
        family = FAM_TEXT;
    else if (fn == 9 && memcmp(fam, "paragraph", 9) == 0)
        family = FAM_PARA;
    else
        return;
    if (RD_GROW_MIN(o->styles, o->cap_styles, o->n_styles + 1, 32)) {
        rd__doc_nomem(d);
        return;
    }
    char *copy = malloc(nn + 1);
    if (!copy) {
        rd__doc_nomem(d);
        return;
    }
    memcpy(copy, name, nn);
    copy[nn] = '\0';
    ostyle *s = &o->styles[o->n_styles++];
    s->name = copy;
    s->family = family;
    s->weight = -1;
    s->title = 0;
    if (parent && family == FAM_TEXT && is_strong(parent, pn))
        s->weight = 1;
    if (parent && family == FAM_PARA && is_title(parent, pn))
        s->title = 1;
    o->styles_sorted = 0;
    o->cur_style = o->n_styles;
}

/* style:text-properties of the style being read: fo:font-weight bold, bolder, or a number
 * of 600 and up, is bold. */
static void style_weight(odt_state *o, const xmlChar **atts, int nb)
{
    size_t n;
    const char *w = rd__doc_attr(atts, nb, NS_FO, NULL, "font-weight", &n);
    if (!w || !o->cur_style)
        return;
    int bold = rd__doc_val_is(w, n, "bold") || rd__doc_val_is(w, n, "bolder") ||
               (n == 3 && w[0] >= '6' && w[0] <= '9' && w[1] == '0' && w[2] == '0');
    o->styles[o->cur_style - 1].weight = (int8_t)bold;
}

static void odt_state_free(void *fs)
{
    odt_state *o = fs;
    for (size_t i = 0; i < o->n_styles; i++)
        free(o->styles[i].name);
    free(o->styles);
}

/* --- the body ------------------------------------------------------------------------ */

/* text:p, text:h: a paragraph (in the body), bold and a title by its style. */
static void para_start(rd__doc *d, rd__doc_elem *e, const xmlChar **atts, int nb)
{
    odt_state *o = d->fs;
    size_t n;
    if (!d->in_body) {
        e->tag = RD__DOC_OTHER;
        return;
    }
    const char *v = rd__doc_attr(atts, nb, NS_TEXT, NULL, "style-name", &n);
    const ostyle *s = find_style(o, v, v ? n : 0, FAM_PARA);
    int heading = e->tag == X_H || (s && s->title) || (v && is_title(v, n));
    e->aux = (uint8_t)o->cur_bold;
    o->cur_bold = s && s->weight > 0;
    rd__doc_para_begin(d, heading);
}

/* text:span: bold by its automatic style (when that sets a weight) or as Strong. */
static void span_start(odt_state *o, rd__doc_elem *e, const xmlChar **atts, int nb)
{
    size_t n;
    e->aux = (uint8_t)o->cur_bold;
    const char *v = rd__doc_attr(atts, nb, NS_TEXT, NULL, "style-name", &n);
    const ostyle *s = find_style(o, v, v ? n : 0, FAM_TEXT);
    if (s && s->weight >= 0)
        o->cur_bold = s->weight;
    else if (v && is_strong(v, n))
        o->cur_bold = 1;
}

/* text:s: text:c spaces (1 when absent or 0, at most MAX_SPACES). */
static void spaces(rd__doc *d, const xmlChar **atts, int nb)
{
    static const char blanks[32] = "                                ";
    const odt_state *o = d->fs;
    size_t n, c = 1;
    const char *v = rd__doc_attr(atts, nb, NS_TEXT, NULL, "c", &n);
    if (v) {
        c = 0;
        for (size_t i = 0; i < n && v[i] >= '0' && v[i] <= '9' && c <= MAX_SPACES; i++)
            c = c * 10 + (size_t)(v[i] - '0');
        if (c > MAX_SPACES)
            c = MAX_SPACES;
        if (c == 0)
            c = 1;
    }
    while (c && !d->stopped) {
        size_t k = c < sizeof blanks ? c : sizeof blanks;
        rd__doc_text(d, blanks, k, o->cur_bold, 0);
        c -= k;
    }
}

static void odt_start(rd__doc *d, rd__doc_elem *e, const xmlChar **atts, int nb)
{
    odt_state *o = d->fs;
    uint8_t parent = rd__doc_up(d, 1);
    switch (e->tag) {
    case O_TEXT:
        if (parent == O_BODY)
            d->in_body++;
        else
            e->tag = RD__DOC_OTHER;
        break;
    case O_AUTOSTYLES:
        o->in_autostyles = 1;
        break;
    case S_STYLE:
        if (o->in_autostyles && parent == O_AUTOSTYLES)
            add_style(d, atts, nb);
        break;
    case S_TEXTPROPS:
        if (o->in_autostyles && parent == S_STYLE)
            style_weight(o, atts, nb);
        break;
    case X_P:
    case X_H:
        para_start(d, e, atts, nb);
        break;
    case X_SPAN:
        span_start(o, e, atts, nb);
        break;
    case X_S:
        if (d->in_body && d->n_paras)
            spaces(d, atts, nb);
        break;
    case X_SPACE:
        if (d->in_body && d->n_paras)
            rd__doc_text(d, " ", 1, o->cur_bold, 0);
        break;
    case TB_TABLE:
        rd__doc_table_begin(d);
        break;
    case TB_ROW:
        rd__doc_row_begin(d);
        break;
    case TB_HEADERROWS:
        rd__doc_header_rows(d, +1);
        break;
    default:
        break;
    }
}

static void odt_end(rd__doc *d, rd__doc_elem e)
{
    odt_state *o = d->fs;
    switch (e.tag) {
    case O_TEXT:
        d->in_body--;
        break;
    case X_P:
    case X_H:
        rd__doc_para_end(d);
        o->cur_bold = e.aux;
        break;
    case X_SPAN:
        o->cur_bold = e.aux;
        break;
    case TB_TABLE:
        rd__doc_table_end(d);
        break;
    case TB_ROW:
        rd__doc_row_end(d);
        break;
    case TB_CELL:
        rd__doc_cell_end(d);
        break;
    case TB_HEADERROWS:
        rd__doc_header_rows(d, -1);
        break;
    case O_AUTOSTYLES:
        o->in_autostyles = 0;
        o->cur_style = 0;
        break;
    case S_STYLE:
        o->cur_style = 0;
        break;
    default:
        break;
    }
}

/* Character data of the body, collapsed. */
static void odt_chars(rd__doc *d, const char *s, size_t n)
{
    const odt_state *o = d->fs;
    if (d->in_body)
        rd__doc_text(d, s, n, o->cur_bold, 1);
}

const rd__doc_format rd__odt_format = {odt_tag, odt_start, odt_end, odt_chars,
                                       sizeof(odt_state), odt_state_free};
