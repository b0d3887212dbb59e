/* io/read/docx.c — see docx.h.
 *
 * A run's bold and hidden state is set by its w:rPr and read by its w:t; a text box's
 * runs nest inside a run, so each w:r saves the state of the run around it in its element
 * byte and restores it at its end. */
#include "io/read/docx.h"

#include <string.h>

enum {
    W_BODY = RD__DOC_TAGS, W_P, W_PPR, W_PSTYLE, W_OUTLINELVL, W_R, W_RPR, W_B, W_VANISH,
    W_RSTYLE, W_T, W_SPACE, W_NBHYPHEN, W_TBL, W_TR, W_TRPR, W_TBLHEADER, W_TC,
    MC_AC, MC_CHOICE, MC_FALLBACK
};

typedef struct {
    int run_bold, run_hidden;
} word_state;

static const char NS_W[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char NS_W_STRICT[] = "http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char NS_MC[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

static const rd__doc_tagname word_tags[] = {
    {"body", W_BODY}, {"p", W_P}, {"pPr", W_PPR}, {"pStyle", W_PSTYLE},
    {"outlineLvl", W_OUTLINELVL}, {"r", W_R}, {"rPr", W_RPR}, {"b", W_B},
    {"vanish", W_VANISH}, {"rStyle", W_RSTYLE}, {"t", W_T}, {"tab", W_SPACE},
    {"br", W_SPACE}, {"cr", W_SPACE}, {"ptab", W_SPACE}, {"noBreakHyphen", W_NBHYPHEN},
    {"tbl", W_TBL}, {"tr", W_TR}, {"trPr", W_TRPR}, {"tblHeader", W_TBLHEADER}, {"tc", W_TC},
    {"del", RD__DOC_SKIP}, {"moveFrom", RD__DOC_SKIP}, {"instrText", RD__DOC_SKIP},
    {"delText", RD__DOC_SKIP}, {"delInstrText", RD__DOC_SKIP}, {"rPrChange", RD__DOC_SKIP},
    {"pPrChange", RD__DOC_SKIP}, {"rt", RD__DOC_SKIP}, {NULL, 0}};
static const rd__doc_tagname mc_tags[] = {
    {"AlternateContent", MC_AC}, {"Choice", MC_CHOICE}, {"Fallback", MC_FALLBACK}, {NULL, 0}};

/* The value of w:local (either flavour of the namespace), or NULL. */
static const char *wattr(const xmlChar **atts, int nb, const char *local, size_t *len)
{
    return rd__doc_attr(atts, nb, NS_W, NS_W_STRICT, local, len);
}

/* ST_OnOff: absent or anything but 0/false/off is on. */
static int onoff(const xmlChar **atts, int nb)
{
    size_t n;
    const char *v = wattr(atts, nb, "val", &n);
    return !v || !(rd__doc_val_is(v, n, "0") || rd__doc_val_is(v, n, "false") ||
                   rd__doc_val_is(v, n, "off"));
}

/* Heading1..9, Kop1..9 (an optional space or '_' before the digit), Title, Subtitle,
 * Titel, Ondertitel; case-insensitive. */
static int heading_style(const char *v, size_t n)
{
    static const char *const pre[] = {"heading", "kop"};
    for (size_t i = 0; i < 2; i++) {
        size_t k = strlen(pre[i]);
        if (n < k + 1 || !rd__doc_val_is(v, k, pre[i]))
            continue;
        size_t j = k;
        if (j < n && (v[j] == ' ' || v[j] == '_'))
            j++;
        if (j + 1 == n && v[j] >= '1' && v[j] <= '9')
            return 1;
    }
    return rd__doc_val_is(v, n, "title") || rd__doc_val_is(v, n, "subtitle") ||
           rd__doc_val_is(v, n, "titel") || rd__doc_val_is(v, n, "ondertitel");
}

/* mc:AlternateContent: the first mc:Choice is read; later Choices, and the Fallback once
 * a Choice was read, are skipped. The AlternateContent's element byte says "taken". */
static uint8_t word_tag(rd__doc *d, const xmlChar *uri, const xmlChar *local)
{
    uint8_t tag = RD__DOC_OTHER;
    if (!uri)
        return tag;
    if (rd__doc_eq(uri, NS_W) || rd__doc_eq(uri, NS_W_STRICT))
        tag = rd__doc_lookup(word_tags, local);
    else if (rd__doc_eq(uri, NS_MC))
        tag = rd__doc_lookup(mc_tags, local);
    if ((tag == MC_CHOICE || tag == MC_FALLBACK) && rd__doc_up(d, 0) == MC_AC) {
        rd__doc_elem *ac = &d->stack[d->depth - 1];
        if (ac->aux)
            tag = RD__DOC_SKIP;
        else if (tag == MC_CHOICE)
            ac->aux = 1;
    }
    return tag;
}

/* w:p/w:pPr/w:pStyle and w:p/w:pPr/w:outlineLvl: a heading style or an outline level. */
static void para_props(rd__doc *d, uint8_t tag, const xmlChar **atts, int nb)
{
    size_t n;
    const char *v;
    if (rd__doc_up(d, 1) != W_PPR || rd__doc_up(d, 2) != W_P || !d->n_paras ||
        !(v = wattr(atts, nb, "val", &n)))
        return;
    if (tag == W_PSTYLE ? heading_style(v, n) : n == 1 && v[0] >= '0' && v[0] <= '8')
        rd__doc_para_heading(d);
}

/* w:r/w:rPr/w:b, w:vanish, w:rStyle: the run's bold and hidden state. */
static void run_props(rd__doc *d, uint8_t tag, const xmlChar **atts, int nb)
{
    word_state *w = d->fs;
    size_t n;
    const char *v;
    if (rd__doc_up(d, 1) != W_RPR || rd__doc_up(d, 2) != W_R)
        return;
    if (tag == W_B)
        w->run_bold = onoff(atts, nb);
    else if (tag == W_VANISH)
        w->run_hidden = onoff(atts, nb);
    else if ((v = wattr(atts, nb, "val", &n)) &&
             (rd__doc_val_is(v, n, "strong") || rd__doc_val_is(v, n, "zwaar")))
        w->run_bold = 1;
}

static void word_start(rd__doc *d, rd__doc_elem *e, const xmlChar **atts, int nb)
{
    word_state *w = d->fs;
    switch (e->tag) {
    case W_BODY:
        d->in_body++;
        break;
    case W_P:
        if (d->in_body)
            rd__doc_para_begin(d, 0);
        else
            e->tag = RD__DOC_OTHER;
        break;
    case W_PSTYLE:
    case W_OUTLINELVL:
        para_props(d, e->tag, atts, nb);
        break;
    case W_R: /* aux keeps the enclosing run's state: a text box's runs nest in a run */
        e->aux = (uint8_t)(w->run_bold | w->run_hidden << 1);
        w->run_bold = w->run_hidden = 0;
        break;
    case W_B:
    case W_VANISH:
    case W_RSTYLE:
        run_props(d, e->tag, atts, nb);
        break;
    case W_SPACE:
    case W_NBHYPHEN:
        if (rd__doc_up(d, 1) == W_R && !w->run_hidden)
            rd__doc_text(d, e->tag == W_SPACE ? " " : "-", 1, w->run_bold, 0);
        break;
    case W_TBL:
        rd__doc_table_begin(d);
        break;
    case W_TR:
        rd__doc_row_begin(d);
        break;
    case W_TBLHEADER:
        if (rd__doc_up(d, 1) == W_TRPR && rd__doc_up(d, 2) == W_TR && onoff(atts, nb))
            rd__doc_row_header(d);
        break;
    default:
        break;
    }
}

static void word_end(rd__doc *d, rd__doc_elem e)
{
    word_state *w = d->fs;
    switch (e.tag) {
    case W_BODY:
        d->in_body--;
        break;
    case W_P:
        rd__doc_para_end(d);
        break;
    case W_R:
        w->run_bold = e.aux & 1;
        w->run_hidden = (e.aux >> 1) & 1;
        break;
    case W_TBL:
        rd__doc_table_end(d);
        break;
    case W_TR:
        rd__doc_row_end(d);
        break;
    case W_TC:
        rd__doc_cell_end(d);
        break;
    default:
        break;
    }
}

/* Text is the character data of a run's w:t. */
static void word_chars(rd__doc *d, const char *s, size_t n)
{
    const word_state *w = d->fs;
    if (rd__doc_up(d, 0) == W_T && rd__doc_up(d, 1) == W_R && !w->run_hidden)
        rd__doc_text(d, s, n, w->run_bold, 0);
}

const rd__doc_format rd__docx_format = {word_tag, word_start, word_end, word_chars,
                                        sizeof(word_state), NULL};
