/* io/read/docx.c — see docx.h.
 *
 * How a document becomes lines
 * ----------------------------
 * 1. The zip. libzip opens the bytes in memory (read-only, without ZIP_CHECKCONS: that
 *    check rejects archives whose local headers differ harmlessly from the central
 *    directory, which some writers produce, while what matters for us, the CRC and the
 *    length of the one entry we read, is verified while reading it). The main part is
 *    looked up (word/document.xml, case-insensitively as OPC part names are, or
 *    content.xml after checking `mimetype`), its directory entry is checked against the
 *    size and expansion limits, and it is then streamed in 64 KiB pieces straight into
 *    the XML parser: the decompressed part is never held in memory as a whole, and a
 *    stream longer than its directory entry says is refused as it happens.
 *
 * 2. The XML. libxml2's push parser with our own SAX2 callbacks, so no tree is built.
 *    Options: XML_PARSE_NONET | NOERROR | NOWARNING, never NOENT, DTDLOAD or HUGE. A
 *    DOCTYPE is refused in the internalSubset callback, which libxml2 calls before it
 *    reads the internal subset, so entity declarations (billion laughs) are never even
 *    parsed; without a DTD an undeclared entity reference is a well-formedness error.
 *    Errors reach the per-parser structured handler (sax->serror), which finds our state
 *    through the error's parser context (ctxt->_private) and keeps the first one with its
 *    line. The few messages libxml2 raises without a parser context (character encoding
 *    conversion) would go to the generic handler, which prints to stderr; it is switched
 *    to a silent one for the duration of the call and restored afterwards. libxml2 keeps
 *    that handler per thread, so concurrent calls do not see each other's. xmlInitParser
 *    runs once (pthread_once), as libxml2 2.9 wants before threads use it.
 *
 * 3. The text. Every paragraph (w:p; text:p, text:h) gathers its text in a buffer on a
 *    paragraph stack (a text box's paragraphs sit inside another paragraph: they are
 *    finished, and written, first). While it fills, the paragraph records how far a
 *    leading run of bold text reaches (bold_end), so that at its end it can be written
 *    as `Label: rest` (see label_ok and finish_para for the exact rule). Finished lines
 *    go to the output, or, inside a table, to the open cell; a finished table decides
 *    whether it is a speaker table (finish_table) and writes its lines to whatever
 *    encloses it. The text of all paragraphs together is limited to RD_DOCX_MAX_XML
 *    bytes; the output is finally checked to be valid UTF-8 without control characters
 *    other than newlines.
 *
 * What is ignored, and why it is safe
 * -----------------------------------
 * Word: tracked deletions and moves away (w:del, w:moveFrom), field codes (w:instrText),
 * revision marks' old formatting (w:rPrChange, w:pPrChange), ruby annotations (w:rt),
 * hidden runs (w:vanish), mc:Fallback when a mc:Choice was taken (and any mc:Choice after
 * the first), symbols (w:sym). Bold is direct run formatting (w:rPr/w:b, or the character
 * style Strong/"Zwaar"); bold that comes only from a paragraph or character style defined
 * in styles.xml is not seen, as styles.xml is not read. Headings are paragraphs whose
 * style id is Heading1..9, Kop1..9, Title, Subtitle, Titel or Ondertitel, or that carry
 * an outline level 0..8; they are written as `# text`, which io/read/text.c skips.
 * ODT: annotations, notes (footnotes and endnotes), tracked changes, ruby text, image
 * titles and descriptions, index templates. Bold comes from the automatic styles of
 * content.xml (fo:font-weight bold or 600..900; a parent or own style
 * Strong_20_Emphasis); common styles in styles.xml are not read. Headings are text:h and
 * paragraphs in the Title or Subtitle style. Whitespace in ODT character data is
 * collapsed as ODF prescribes (text:s, text:tab and text:line-break are real spaces);
 * text:s counts above 1024 are cut to 1024. */
#include "io/read/docx.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <utf8proc.h>
#include <zip.h>

#include "engine/strbuf.h"
#include "io/read/text.h"

enum {
    CHUNK = 1 << 16,        /* bytes handed from libzip to libxml2 at a time */
    MAX_SPACES = 1024,      /* text:s c= is clamped to this */
    MIMETYPE_MAX = 256,     /* the ODT `mimetype` entry */
    MANIFEST_MAX = 1 << 20, /* META-INF/manifest.xml, read to spot encryption */
    XML_MSG_MAX = 200
};

#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"

/* --- growable buffers: io/strbuf's rd_buf ------------------------------------------- */

static void buf_free(rd_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* --- parser state -------------------------------------------------------------------- */

typedef struct {
    rd_buf t;
    size_t bold_end;  /* offset just after the last bold non-space byte of the bold prefix */
    int prefix_open;  /* no non-bold, non-space byte seen yet */
    int heading;
} para;

typedef struct {
    rd_buf plain; /* the cell's paragraphs' text, joined by spaces */
    rd_buf lines; /* the cell's lines as they would be written, each ending in '\n' */
} cell;

typedef struct {
    size_t first, n; /* cells[first .. first+n) of the table */
    int header;      /* marked as a header row (w:tblHeader, table:table-header-rows) */
} row;

typedef struct {
    cell *cells;
    size_t n_cells, cap_cells;
    row *rows;
    size_t n_rows, cap_rows;
    cell open;       /* the cell being filled */
    int in_row;      /* rows[n_rows - 1] is open */
    int header_rows; /* ODT: depth of table:table-header-rows */
} table;

/* One open element: its tag and a byte of saved state (see on_start). */
typedef struct {
    uint8_t tag, aux;
} elem;

enum { FAM_TEXT = 0, FAM_PARA = 1 };

typedef struct {
    char *name;
    uint8_t family;
    int8_t weight;  /* -1 not set, 0 normal, 1 bold */
    uint8_t title;  /* a paragraph style based on Title or Subtitle */
} ostyle;

typedef struct {
    int kind;
    const char *part;
    xmlParserCtxtPtr ctxt;

    elem *stack;
    size_t depth, cap_stack;
    size_t skip;       /* > 0: inside an ignored element, this many levels deep */
    int in_body;

    para *paras;       /* paragraph stack; entries above n_paras keep their buffers */
    size_t n_paras, cap_paras;
    table *tables;
    size_t n_tables, cap_tables;
    rd_buf out, scratch;
    size_t text_bytes; /* all paragraph text so far, against RD_DOCX_MAX_XML */

    /* Word */
    int run_bold, run_hidden;
    /* ODT */
    ostyle *styles;
    size_t n_styles, cap_styles;
    int styles_sorted;
    int in_autostyles;
    size_t cur_style;  /* 1 + index of the style:style being read, or 0 */
    int cur_bold;

    /* outcome */
    int stopped, oom, too_long, doctype, root_done;
    int bad_encoding;  /* xmlParseChunk said XML_ERR_INVALID_ENCODING */
    int xml_err, err_line, err_col;
    char err_msg[XML_MSG_MAX];
} docx_state;

static void halt(docx_state *st)
{
    if (!st->stopped) {
        st->stopped = 1;
        if (st->ctxt)
            xmlStopParser(st->ctxt);
    }
}

static void nomem(docx_state *st)
{
    st->oom = 1;
    halt(st);
}

/* Room for n more bytes and a NUL in b; 0, or -1 (oom recorded, parsing stops). */
static int reserve(docx_state *st, rd_buf *b, size_t n)
{
    if (st->oom)
        return -1;
    if (rd_buf_reserve(b, n)) {
        nomem(st);
        return -1;
    }
    return 0;
}

static void put(docx_state *st, rd_buf *b, const char *s, size_t n)
{
    if (reserve(st, b, n) == 0)
        rd_buf_put(b, s, n);
}

static void puts_(docx_state *st, rd_buf *b, const char *s) { put(st, b, s, strlen(s)); }

/* --- labels -------------------------------------------------------------------------- */

static int is_space(unsigned char c) { return c == ' '; }

/* s[0..n) is a speaker label as io/read/labels.h describes (rd_labels_shape). */
static int label_ok(const char *s, size_t n) { return rd_labels_shape(s, n, NULL); }

/* Trims s[*a..*b) of spaces. */
static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && is_space((unsigned char)s[*a]))
        (*a)++;
    while (*b > *a && is_space((unsigned char)s[*b - 1]))
        (*b)--;
}

/* Writes s[a..b) to the scratch buffer with runs of spaces made single. */
static void put_squeezed(docx_state *st, const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (s[i] != ' ' || (i > a && s[i - 1] != ' '))
            put(st, &st->scratch, s + i, 1);
}

/* --- lines, paragraphs, tables ------------------------------------------------------- */

/* A finished line: to the open cell of the innermost table, or to the output. rendered is
 * the line as written; plain is the paragraph's text without a label's colon or a
 * heading's '#', which a speaker table joins (nothing is written for an empty line in a
 * table: empty cells are common and carry nothing). */
static void emit(docx_state *st, const char *r, size_t rn, const char *pl, size_t pn)
{
    if (st->n_tables) {
        cell *c = &st->tables[st->n_tables - 1].open;
        if (pn) {
            if (c->plain.n)
                put(st, &c->plain, " ", 1);
            put(st, &c->plain, pl, pn);
        }
        if (rn) {
            put(st, &c->lines, r, rn);
            put(st, &c->lines, "\n", 1);
        }
    } else {
        put(st, &st->out, r, rn);
        put(st, &st->out, "\n", 1);
    }
}

static void push_para(docx_state *st, int heading)
{
    if (st->n_paras == st->cap_paras) {
        size_t nc = st->cap_paras ? st->cap_paras * 2 : 4;
        para *np = realloc(st->paras, nc * sizeof *np);
        if (!np) {
            nomem(st);
            return;
        }
        memset(np + st->cap_paras, 0, (nc - st->cap_paras) * sizeof *np);
        st->paras = np;
        st->cap_paras = nc;
    }
    para *p = &st->paras[st->n_paras++];
    p->t.n = 0;
    if (p->t.s)
        p->t.s[0] = '\0';
    p->bold_end = 0;
    p->prefix_open = 1;
    p->heading = heading;
}

/* Appends text to the innermost paragraph. Tabs and line ends become spaces, other C0
 * controls and DEL are dropped; with collapse (ODT character data), a space after a
 * space or at the start of the paragraph is dropped. Tracks the bold prefix. */
static void para_text(docx_state *st, const char *s, size_t n, int bold, int collapse)
{
    if (!st->n_paras || st->stopped)
        return;
    para *p = &st->paras[st->n_paras - 1];
    if (n > RD_DOCX_MAX_XML - st->text_bytes) {
        st->too_long = 1;
        halt(st);
        return;
    }
    if (reserve(st, &p->t, n))
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
    st->text_bytes += k - p->t.n;
    p->t.n = k;
    p->t.s[k] = '\0';
}

/* Writes the innermost paragraph as a line and pops it.
 * Heading: `# text`. Speaker turn: the paragraph starts (after spaces) with bold text B,
 * and either B ends in ':', or the first non-space character after B is ':', or B is
 * followed by a space and more text that does not start with punctuation (",.;!?)]…"
 * would make "**Nee**, dat…" a label). B without that colon and spaces must pass
 * label_ok. Then the line is `B: rest` (`B:` when nothing follows). A paragraph that is
 * bold throughout is a label only when it ends in ':'; otherwise it is text (a bold
 * heading or an emphasised sentence). Everything else is written as it is. */
static void finish_para(docx_state *st)
{
    if (!st->n_paras)
        return;
    para *p = &st->paras[st->n_paras - 1];
    const char *s = p->t.s ? p->t.s : "";
    size_t a = 0, b = p->t.n;
    trim(s, &a, &b);
    st->scratch.n = 0;
    if (p->heading) {
        if (b > a) {
            puts_(st, &st->scratch, "# ");
            put(st, &st->scratch, s + a, b - a);
        }
    } else {
        int label = 0;
        size_t la = a, lb = p->bold_end, r = p->bold_end;
        if (p->bold_end > a) {
            int colon = 0;
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
            trim(s, &la, &lb);
            size_t ra = r;
            while (ra < b && s[ra] == ' ')
                ra++;
            if (colon)
                label = 1;
            else if (ra < b && ra > r && !strchr(",.;:!?)]}", s[ra]) &&
                     !(ra + 3 <= b && memcmp(s + ra, "\xE2\x80\xA6", 3) == 0))
                label = 1;
            if (label) {
                /* label_ok wants single spaces: squeeze into scratch, then check. */
                put_squeezed(st, s, la, lb);
                label = label_ok(st->scratch.s ? st->scratch.s : "", st->scratch.n);
                if (label) {
                    put(st, &st->scratch, ":", 1);
                    if (ra < b) {
                        put(st, &st->scratch, " ", 1);
                        put(st, &st->scratch, s + ra, b - ra);
                    }
                } else {
                    st->scratch.n = 0;
                }
            }
        }
        if (!label)
            put(st, &st->scratch, s + a, b - a);
    }
    if (!st->oom)
        emit(st, st->scratch.s ? st->scratch.s : "", st->scratch.n, s + a, b - a);
    st->n_paras--;
}

static table *top_table(docx_state *st)
{
    return st->n_tables ? &st->tables[st->n_tables - 1] : NULL;
}

static void push_table(docx_state *st)
{
    if (st->n_tables == st->cap_tables) {
        size_t nc = st->cap_tables ? st->cap_tables * 2 : 4;
        table *nt = realloc(st->tables, nc * sizeof *nt);
        if (!nt) {
            nomem(st);
            return;
        }
        st->tables = nt;
        st->cap_tables = nc;
    }
    memset(&st->tables[st->n_tables++], 0, sizeof(table));
}

static void free_table(table *t)
{
    for (size_t i = 0; i < t->n_cells; i++) {
        buf_free(&t->cells[i].plain);
        buf_free(&t->cells[i].lines);
    }
    free(t->cells);
    free(t->rows);
    buf_free(&t->open.plain);
    buf_free(&t->open.lines);
}

static void begin_row(docx_state *st, table *t)
{
    if (t->n_rows == t->cap_rows) {
        size_t nc = t->cap_rows ? t->cap_rows * 2 : 8;
        row *nr = realloc(t->rows, nc * sizeof *nr);
        if (!nr) {
            nomem(st);
            return;
        }
        t->rows = nr;
        t->cap_rows = nc;
    }
    t->rows[t->n_rows++] = (row){t->n_cells, 0, t->header_rows > 0};
    t->in_row = 1;
}

/* Closes the open cell into the current row (opening a row if a cell came without). */
static void end_cell(docx_state *st, table *t)
{
    if (!t->in_row)
        begin_row(st, t);
    if (st->oom)
        return;
    if (t->n_cells == t->cap_cells) {
        size_t nc = t->cap_cells ? t->cap_cells * 2 : 16;
        cell *ncl = realloc(t->cells, nc * sizeof *ncl);
        if (!ncl) {
            nomem(st);
            return;
        }
        t->cells = ncl;
        t->cap_cells = nc;
    }
    t->cells[t->n_cells++] = t->open;
    memset(&t->open, 0, sizeof t->open);
    t->rows[t->n_rows - 1].n++;
}

/* Lower-cased, trimmed, without a trailing ':': is s[0..n) one of the words? */
static int is_word_of(const char *s, size_t n, const char *const *words)
{
    size_t a = 0, b = n;
    trim(s, &a, &b);
    if (b > a && s[b - 1] == ':')
        b--;
    trim(s, &a, &b);
    for (; *words; words++) {
        size_t k = strlen(*words);
        if (k != b - a)
            continue;
        size_t i = 0;
        while (i < k) {
            char c = s[a + i];
            if ((char)(c >= 'A' && c <= 'Z' ? c + 32 : c) != (*words)[i])
                break;
            i++;
        }
        if (i == k)
            return 1;
    }
    return 0;
}

static const char *const speaker_heads[] = {"spreker", "sprekers", "speaker", "speakers", NULL};
static const char *const label_heads[] = {"naam", "name", "wie", "persoon", "rol", "role",
                                          "deelnemer", "participant", NULL};
static const char *const text_heads[] = {"tekst", "text", "transcript", "transcriptie", "uitspraak",
                                         "inhoud", "citaat", "quote", "fragment", "wat", NULL};
static const char *const time_heads[] = {"tijd", "time", "tijdcode", "timecode", "timestamp",
                                         "tijdstip", NULL};

/* A timestamp cell: digits with at least one ':' (and . , [ ] ( ) - spaces). */
static int is_timestamp(const char *s, size_t n)
{
    int colon = 0, digit = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digit = 1;
        else if (c == ':')
            colon = 1;
        else if (!strchr(".,[]()- ", c))
            return 0;
    }
    return colon && digit;
}

/* The label of a cell's plain text: trimmed, a trailing ':' dropped. */
static void cell_label(const cell *c, size_t *a, size_t *b)
{
    const char *s = c->plain.s ? c->plain.s : "";
    *a = 0;
    *b = c->plain.n;
    trim(s, a, b);
    if (*b > *a && s[*b - 1] == ':')
        (*b)--;
    trim(s, a, b);
}

/* Rows whose label column lc holds a label (or nothing) throughout, with column lc-1 (if
 * lc is 1) holding timestamps or nothing: 1 when every data row fits and at least one
 * has a label. Rows too short to have a text column are text rows and do not count. */
static int speaker_columns(const table *t, const int *header, size_t lc)
{
    size_t labelled = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        const row *w = &t->rows[r];
        if (header[r] || w->n < lc + 2)
            continue;
        if (lc == 1) {
            const cell *ts = &t->cells[w->first];
            size_t a, b;
            cell_label(ts, &a, &b);
            if (b > a && !is_timestamp(ts->plain.s + a, b - a))
                return 0;
        }
        const cell *c = &t->cells[w->first + lc];
        size_t a, b;
        cell_label(c, &a, &b);
        if (b == a)
            continue;
        if (!label_ok(c->plain.s + a, b - a))
            return 0;
        labelled++;
    }
    return labelled > 0;
}

/* Writes a finished table to what encloses it.
 * A speaker table has two or more columns, and its first column (or its second, when the
 * first holds timestamps and there are three or more) holds labels: each data row gives
 * `[timestamp ]Label: text`, text being the later cells' text joined by spaces; a row
 * with an empty label cell is a continuation line (just the text). Header rows are
 * dropped: rows marked as such, and a first row that says Spreker (or Speaker) in its label
 * column, or Naam, Wie, Rol, … there with Tekst, Transcript, Tijd, … in another cell. Any
 * other table gives its cells' lines in order, row by row. */
static void finish_table(docx_state *st)
{
    table *tp = top_table(st);
    if (!tp)
        return;
    if (tp->open.plain.n || tp->open.lines.n)
        end_cell(st, tp);
    table t = *tp;
    st->n_tables--;
    int *header = NULL;
    size_t ncols = 0;
    for (size_t r = 0; r < t.n_rows; r++)
        if (t.rows[r].n > ncols)
            ncols = t.rows[r].n;
    if (st->oom || !t.n_rows)
        goto done;
    if (!(header = calloc(t.n_rows, sizeof *header))) {
        nomem(st);
        goto done;
    }
    for (size_t r = 0; r < t.n_rows; r++)
        header[r] = t.rows[r].header;
    if (!header[0]) {
        /* "Spreker" alone, or a label-column word with a text or time word beside it. */
        const row *w = &t.rows[0];
        int lab = 0, other = 0;
        for (size_t k = 0; k < w->n; k++) {
            const rd_buf *p = &t.cells[w->first + k].plain;
            const char *s = p->s ? p->s : "";
            if (k < 2 && is_word_of(s, p->n, speaker_heads))
                header[0] = 1;
            else if (k < 2 && is_word_of(s, p->n, label_heads))
                lab = 1;
            else if (is_word_of(s, p->n, text_heads) || is_word_of(s, p->n, time_heads))
                other = 1;
        }
        header[0] |= lab && other;
    }
    size_t lc = 0;
    int speaker = ncols >= 2 && speaker_columns(&t, header, 0);
    if (!speaker && ncols >= 3 && speaker_columns(&t, header, 1)) {
        speaker = 1;
        lc = 1;
    }
    for (size_t r = 0; r < t.n_rows && !st->oom; r++) {
        const row *w = &t.rows[r];
        if (speaker) {
            if (header[r])
                continue;
            st->scratch.n = 0;
            size_t from = 0;
            if (w->n >= lc + 2) {
                size_t a, b;
                if (lc == 1) {
                    cell_label(&t.cells[w->first], &a, &b);
                    if (b > a) {
                        put(st, &st->scratch, t.cells[w->first].plain.s + a, b - a);
                        put(st, &st->scratch, " ", 1);
                    }
                }
                const cell *lcell = &t.cells[w->first + lc];
                cell_label(lcell, &a, &b);
                if (b > a) {
                    put(st, &st->scratch, lcell->plain.s + a, b - a);
                    put(st, &st->scratch, ":", 1);
                }
                from = lc + 1;
            }
            for (size_t k = from; k < w->n; k++) {
                const rd_buf *p = &t.cells[w->first + k].plain;
                if (!p->n)
                    continue;
                if (st->scratch.n)
                    put(st, &st->scratch, " ", 1);
                put(st, &st->scratch, p->s, p->n);
            }
            if (st->scratch.n && !st->oom)
                emit(st, st->scratch.s, st->scratch.n, st->scratch.s, st->scratch.n);
        } else {
            for (size_t k = 0; k < w->n && !st->oom; k++) {
                const rd_buf *l = &t.cells[w->first + k].lines;
                size_t i = 0;
                while (i < l->n && !st->oom) {
                    const char *nl = memchr(l->s + i, '\n', l->n - i);
                    size_t e = nl ? (size_t)(nl - l->s) : l->n;
                    emit(st, l->s + i, e - i, l->s + i, e - i);
                    i = e + 1;
                }
            }
        }
    }
done:
    free(header);
    free_table(&t);
}

/* --- element names ------------------------------------------------------------------- */

enum {
    T_OTHER = 0,
    T_SKIP,
    /* Word */
    W_BODY, W_P, W_PPR, W_PSTYLE, W_OUTLINELVL, W_R, W_RPR, W_B, W_VANISH, W_RSTYLE, W_T,
    W_SPACE, W_NBHYPHEN, W_TBL, W_TR, W_TRPR, W_TBLHEADER, W_TC,
    MC_AC, MC_CHOICE, MC_FALLBACK,
    /* ODT */
    O_BODY, O_TEXT, O_AUTOSTYLES, S_STYLE, S_TEXTPROPS, X_P, X_H, X_SPAN, X_S, X_SPACE,
    TB_TABLE, TB_HEADERROWS, TB_ROW, TB_CELL
};

typedef struct {
    const char *name;
    uint8_t tag;
} tagname;

static const char NS_W[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char NS_W_STRICT[] = "http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char NS_MC[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";
static const char NS_OFFICE[] = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
static const char NS_TEXT[] = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
static const char NS_TABLE[] = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
static const char NS_STYLE[] = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
static const char NS_FO[] = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
static const char NS_SVG[] = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";

static const tagname word_tags[] = {
    {"body", W_BODY}, {"p", W_P}, {"pPr", W_PPR}, {"pStyle", W_PSTYLE},
    {"outlineLvl", W_OUTLINELVL}, {"r", W_R}, {"rPr", W_RPR}, {"b", W_B},
    {"vanish", W_VANISH}, {"rStyle", W_RSTYLE}, {"t", W_T}, {"tab", W_SPACE},
    {"br", W_SPACE}, {"cr", W_SPACE}, {"ptab", W_SPACE}, {"noBreakHyphen", W_NBHYPHEN},
    {"tbl", W_TBL}, {"tr", W_TR}, {"trPr", W_TRPR}, {"tblHeader", W_TBLHEADER}, {"tc", W_TC},
    {"del", T_SKIP}, {"moveFrom", T_SKIP}, {"instrText", T_SKIP}, {"delText", T_SKIP},
    {"delInstrText", T_SKIP}, {"rPrChange", T_SKIP}, {"pPrChange", T_SKIP}, {"rt", T_SKIP},
    {NULL, 0}};
static const tagname mc_tags[] = {
    {"AlternateContent", MC_AC}, {"Choice", MC_CHOICE}, {"Fallback", MC_FALLBACK}, {NULL, 0}};
static const tagname office_tags[] = {
    {"body", O_BODY}, {"text", O_TEXT}, {"automatic-styles", O_AUTOSTYLES},
    {"annotation", T_SKIP}, {"annotation-end", T_SKIP}, {NULL, 0}};
static const tagname text_tags[] = {
    {"p", X_P}, {"h", X_H}, {"span", X_SPAN}, {"s", X_S}, {"tab", X_SPACE},
    {"line-break", X_SPACE}, {"note", T_SKIP}, {"tracked-changes", T_SKIP},
    {"ruby-text", T_SKIP}, {"table-of-content-source", T_SKIP},
    {"illustration-index-source", T_SKIP}, {"object-index-source", T_SKIP},
    {"user-index-source", T_SKIP}, {"table-index-source", T_SKIP},
    {"alphabetical-index-source", T_SKIP}, {"bibliography-source", T_SKIP}, {NULL, 0}};
static const tagname table_tags[] = {
    {"table", TB_TABLE}, {"table-header-rows", TB_HEADERROWS}, {"table-row", TB_ROW},
    {"table-cell", TB_CELL}, {"covered-table-cell", TB_CELL}, {NULL, 0}};
static const tagname style_tags[] = {
    {"style", S_STYLE}, {"text-properties", S_TEXTPROPS}, {NULL, 0}};
static const tagname svg_tags[] = {{"title", T_SKIP}, {"desc", T_SKIP}, {NULL, 0}};

static int eq(const xmlChar *a, const char *b) { return a && strcmp((const char *)a, b) == 0; }

static int is_w(const xmlChar *uri) { return eq(uri, NS_W) || eq(uri, NS_W_STRICT); }

static uint8_t lookup(const tagname *t, const xmlChar *local)
{
    for (; t->name; t++)
        if (eq(local, t->name))
            return t->tag;
    return T_OTHER;
}

static uint8_t classify(int kind, const xmlChar *uri, const xmlChar *local)
{
    if (!uri)
        return T_OTHER;
    if (kind == RD_DOCX_WORD) {
        if (is_w(uri))
            return lookup(word_tags, local);
        if (eq(uri, NS_MC))
            return lookup(mc_tags, local);
        return T_OTHER;
    }
    if (eq(uri, NS_TEXT))
        return lookup(text_tags, local);
    if (eq(uri, NS_TABLE))
        return lookup(table_tags, local);
    if (eq(uri, NS_OFFICE))
        return lookup(office_tags, local);
    if (eq(uri, NS_STYLE))
        return lookup(style_tags, local);
    if (eq(uri, NS_SVG))
        return lookup(svg_tags, local);
    return T_OTHER;
}

/* The value of attribute {uri}local (uri NULL: Word's main namespace, either flavour) as
 * a pointer and length into libxml2's buffer, or NULL. */
static const char *attr(const xmlChar **atts, int nb, const char *uri, const char *local,
                        size_t *len)
{
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = atts + 5 * i;
        if (eq(a[0], local) && (uri ? eq(a[2], uri) : is_w(a[2]))) {
            *len = (size_t)(a[4] - a[3]);
            return (const char *)a[3];
        }
    }
    return NULL;
}

static int val_is(const char *v, size_t n, const char *w)
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

/* ST_OnOff: absent or anything but 0/false/off is on. */
static int onoff(const xmlChar **atts, int nb)
{
    size_t n;
    const char *v = attr(atts, nb, NULL, "val", &n);
    return !v || !(val_is(v, n, "0") || val_is(v, n, "false") || val_is(v, n, "off"));
}

/* Heading1..9, Kop1..9 (an optional space or '_' before the digit), Title, Subtitle,
 * Titel, Ondertitel; case-insensitive. */
static int heading_style(const char *v, size_t n)
{
    static const char *const pre[] = {"heading", "kop"};
    for (size_t i = 0; i < 2; i++) {
        size_t k = strlen(pre[i]);
        if (n < k + 1 || !val_is(v, k, pre[i]))
            continue;
        size_t j = k;
        if (j < n && (v[j] == ' ' || v[j] == '_'))
            j++;
        if (j + 1 == n && v[j] >= '1' && v[j] <= '9')
            return 1;
    }
    return val_is(v, n, "title") || val_is(v, n, "subtitle") || val_is(v, n, "titel") ||
           val_is(v, n, "ondertitel");
}

/* --- ODT automatic styles ------------------------------------------------------------ */

static int is_title(const char *v, size_t n)
{
    return (n == 5 && memcmp(v, "Title", 5) == 0) || (n == 8 && memcmp(v, "Subtitle", 8) == 0);
}

static int style_cmp(const void *x, const void *y)
{
    const ostyle *a = x, *b = y;
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    return strcmp(a->name, b->name);
}

static const ostyle *find_style(docx_state *st, const char *name, size_t n, uint8_t family)
{
    if (!name || !st->n_styles)
        return NULL;
    if (!st->styles_sorted) {
        qsort(st->styles, st->n_styles, sizeof *st->styles, style_cmp);
        st->styles_sorted = 1;
    }
    char key[256];
    if (n >= sizeof key)
        return NULL;
    memcpy(key, name, n);
    key[n] = '\0';
    ostyle k = {key, family, 0, 0};
    return bsearch(&k, st->styles, st->n_styles, sizeof *st->styles, style_cmp);
}

static void add_style(docx_state *st, const xmlChar **atts, int nb)
{
    size_t nn, fn, pn;
    const char *name = attr(atts, nb, NS_STYLE, "name", &nn);
    const char *fam = attr(atts, nb, NS_STYLE, "family", &fn);
    const char *parent = attr(atts, nb, NS_STYLE, "parent-style-name", &pn);
    st->cur_style = 0;
    if (!name || !fam || nn == 0 || nn >= 256)
        return;
    uint8_t family;
    if (fn == 4 && memcmp(fam, "text", 4) == 0)
        family = FAM_TEXT;
    else if (fn == 9 && memcmp(fam, "paragraph", 9) == 0)
        family = FAM_PARA;
    else
        return;
    if (st->n_styles == st->cap_styles) {
        size_t nc = st->cap_styles ? st->cap_styles * 2 : 32;
        ostyle *ns = realloc(st->styles, nc * sizeof *ns);
        if (!ns) {
            nomem(st);
            return;
        }
        st->styles = ns;
        st->cap_styles = nc;
    }
    char *copy = malloc(nn + 1);
    if (!copy) {
        nomem(st);
        return;
    }
    memcpy(copy, name, nn);
    copy[nn] = '\0';
    ostyle *s = &st->styles[st->n_styles++];
    s->name = copy;
    s->family = family;
    s->weight = -1;
    s->title = 0;
    if (parent && family == FAM_TEXT && pn == 18 && memcmp(parent, "Strong_20_Emphasis", 18) == 0)
        s->weight = 1;
    if (parent && family == FAM_PARA && is_title(parent, pn))
        s->title = 1;
    st->styles_sorted = 0;
    st->cur_style = st->n_styles;
}

/* fo:font-weight: bold, or a number of 600 and up, is bold. */
static void style_weight(docx_state *st, const xmlChar **atts, int nb)
{
    size_t n;
    const char *w = attr(atts, nb, NS_FO, "font-weight", &n);
    if (!w || !st->cur_style)
        return;
    int bold = val_is(w, n, "bold") || val_is(w, n, "bolder") ||
               (n == 3 && w[0] >= '6' && w[0] <= '9' && w[1] == '0' && w[2] == '0');
    st->styles[st->cur_style - 1].weight = (int8_t)bold;
}

/* --- SAX callbacks ------------------------------------------------------------------- */

static int push_elem(docx_state *st, uint8_t tag)
{
    if (st->depth == st->cap_stack) {
        size_t nc = st->cap_stack ? st->cap_stack * 2 : 64;
        elem *ns = realloc(st->stack, nc * sizeof *ns);
        if (!ns) {
            nomem(st);
            return -1;
        }
        st->stack = ns;
        st->cap_stack = nc;
    }
    st->stack[st->depth++] = (elem){tag, 0};
    return 0;
}

/* The tag of the element k levels up from the innermost open one (0: innermost). */
static uint8_t up(const docx_state *st, size_t k)
{
    return st->depth > k ? st->stack[st->depth - 1 - k].tag : T_OTHER;
}

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **ns, int nb_atts, int nb_defaulted,
                     const xmlChar **atts)
{
    (void)prefix; (void)nb_ns; (void)ns; (void)nb_defaulted;
    docx_state *st = ud;
    if (st->stopped)
        return;
    if (st->skip) {
        st->skip++;
        return;
    }
    uint8_t tag = classify(st->kind, uri, local);
    /* mc:AlternateContent: the first mc:Choice is read; later Choices, and the Fallback
     * once a Choice was read, are skipped. The AlternateContent's aux says "taken". */
    if (tag == MC_CHOICE || tag == MC_FALLBACK) {
        if (up(st, 0) == MC_AC && st->stack[st->depth - 1].aux)
            tag = T_SKIP;
        else if (up(st, 0) == MC_AC && tag == MC_CHOICE)
            st->stack[st->depth - 1].aux = 1;
    }
    if (tag == T_SKIP) {
        st->skip = 1;
        return;
    }
    uint8_t parent = up(st, 0), grand = up(st, 1);
    if (push_elem(st, tag))
        return;
    elem *e = &st->stack[st->depth - 1];
    size_t n;
    const char *v;
    switch (tag) {
    case W_BODY:
        st->in_body++;
        break;
    case W_P:
        if (st->in_body)
            push_para(st, 0);
        else
            e->tag = T_OTHER;
        break;
    case W_PSTYLE: /* w:p/w:pPr/w:pStyle */
        if (parent == W_PPR && grand == W_P && st->n_paras &&
            (v = attr(atts, nb_atts, NULL, "val", &n)))
            st->paras[st->n_paras - 1].heading |= heading_style(v, n);
        break;
    case W_OUTLINELVL:
        if (parent == W_PPR && grand == W_P && st->n_paras &&
            (v = attr(atts, nb_atts, NULL, "val", &n)) && n == 1 && v[0] >= '0' && v[0] <= '8')
            st->paras[st->n_paras - 1].heading = 1;
        break;
    case W_R: /* aux keeps the enclosing run's state: a text box's runs nest in a run */
        e->aux = (uint8_t)(st->run_bold | st->run_hidden << 1);
        st->run_bold = st->run_hidden = 0;
        break;
    case W_B:
        if (parent == W_RPR && grand == W_R)
            st->run_bold = onoff(atts, nb_atts);
        break;
    case W_VANISH:
        if (parent == W_RPR && grand == W_R)
            st->run_hidden = onoff(atts, nb_atts);
        break;
    case W_RSTYLE:
        if (parent == W_RPR && grand == W_R && (v = attr(atts, nb_atts, NULL, "val", &n)) &&
            (val_is(v, n, "strong") || val_is(v, n, "zwaar")))
            st->run_bold = 1;
        break;
    case W_SPACE:
        if (parent == W_R && !st->run_hidden)
            para_text(st, " ", 1, st->run_bold, 0);
        break;
    case W_NBHYPHEN:
        if (parent == W_R && !st->run_hidden)
            para_text(st, "-", 1, st->run_bold, 0);
        break;
    case W_TBL:
    case TB_TABLE:
        push_table(st);
        break;
    case W_TR:
    case TB_ROW:
        if (top_table(st)) {
            table *t = top_table(st);
            if (t->open.plain.n || t->open.lines.n)
                end_cell(st, t);
            begin_row(st, t);
        }
        break;
    case W_TBLHEADER:
        if (parent == W_TRPR && grand == W_TR && top_table(st) && top_table(st)->in_row &&
            onoff(atts, nb_atts))
            top_table(st)->rows[top_table(st)->n_rows - 1].header = 1;
        break;
    case TB_HEADERROWS:
        if (top_table(st))
            top_table(st)->header_rows++;
        break;
    case O_TEXT:
        if (parent == O_BODY)
            st->in_body++;
        else
            e->tag = T_OTHER;
        break;
    case O_AUTOSTYLES:
        st->in_autostyles = 1;
        break;
    case S_STYLE:
        if (st->in_autostyles && parent == O_AUTOSTYLES)
            add_style(st, atts, nb_atts);
        break;
    case S_TEXTPROPS:
        if (st->in_autostyles && parent == S_STYLE)
            style_weight(st, atts, nb_atts);
        break;
    case X_P:
    case X_H: {
        if (!st->in_body) {
            e->tag = T_OTHER;
            break;
        }
        v = attr(atts, nb_atts, NS_TEXT, "style-name", &n);
        const ostyle *s = find_style(st, v, v ? n : 0, FAM_PARA);
        int heading = tag == X_H || (s && s->title) || (v && is_title(v, n));
        e->aux = (uint8_t)st->cur_bold;
        st->cur_bold = s && s->weight > 0;
        push_para(st, heading);
        break;
    }
    case X_SPAN: {
        e->aux = (uint8_t)st->cur_bold;
        v = attr(atts, nb_atts, NS_TEXT, "style-name", &n);
        const ostyle *s = find_style(st, v, v ? n : 0, FAM_TEXT);
        if (s && s->weight >= 0)
            st->cur_bold = s->weight;
        else if (v && n == 18 && memcmp(v, "Strong_20_Emphasis", 18) == 0)
            st->cur_bold = 1;
        break;
    }
    case X_S:
        if (st->in_body && st->n_paras) {
            size_t c = 1;
            if ((v = attr(atts, nb_atts, NS_TEXT, "c", &n))) {
                c = 0;
                for (size_t i = 0; i < n && v[i] >= '0' && v[i] <= '9' && c <= MAX_SPACES; i++)
                    c = c * 10 + (size_t)(v[i] - '0');
                if (c > MAX_SPACES)
                    c = MAX_SPACES;
                if (c == 0)
                    c = 1;
            }
            static const char spaces[32] = "                                ";
            while (c && !st->stopped) {
                size_t k = c < sizeof spaces ? c : sizeof spaces;
                para_text(st, spaces, k, st->cur_bold, 0);
                c -= k;
            }
        }
        break;
    case X_SPACE:
        if (st->in_body && st->n_paras)
            para_text(st, " ", 1, st->cur_bold, 0);
        break;
    default:
        break;
    }
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)local; (void)prefix; (void)uri;
    docx_state *st = ud;
    if (st->stopped)
        return;
    if (st->skip) {
        st->skip--;
        return;
    }
    if (!st->depth)
        return;
    elem e = st->stack[--st->depth];
    if (!st->depth)
        st->root_done = 1;
    switch (e.tag) {
    case W_BODY:
        st->in_body--;
        break;
    case O_TEXT:
        st->in_body--;
        break;
    case W_P:
        finish_para(st);
        break;
    case X_P:
    case X_H:
        finish_para(st);
        st->cur_bold = e.aux;
        break;
    case X_SPAN:
        st->cur_bold = e.aux;
        break;
    case W_R:
        st->run_bold = e.aux & 1;
        st->run_hidden = (e.aux >> 1) & 1;
        break;
    case W_TBL:
    case TB_TABLE:
        finish_table(st);
        break;
    case W_TR:
    case TB_ROW:
        if (top_table(st)) {
            table *t = top_table(st);
            if (t->open.plain.n || t->open.lines.n)
                end_cell(st, t);
            t->in_row = 0;
        }
        break;
    case W_TC:
    case TB_CELL:
        if (top_table(st))
            end_cell(st, top_table(st));
        break;
    case TB_HEADERROWS:
        if (top_table(st) && top_table(st)->header_rows)
            top_table(st)->header_rows--;
        break;
    case O_AUTOSTYLES:
        st->in_autostyles = 0;
        st->cur_style = 0;
        break;
    case S_STYLE:
        st->cur_style = 0;
        break;
    default:
        break;
    }
}

static void on_chars(void *ud, const xmlChar *ch, int len)
{
    docx_state *st = ud;
    if (st->stopped || st->skip || !st->n_paras || len <= 0)
        return;
    if (st->kind == RD_DOCX_WORD) {
        if (up(st, 0) == W_T && up(st, 1) == W_R && !st->run_hidden)
            para_text(st, (const char *)ch, (size_t)len, st->run_bold, 0);
    } else if (st->in_body) {
        para_text(st, (const char *)ch, (size_t)len, st->cur_bold, 1);
    }
}

static void on_doctype(void *ud, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name; (void)ext; (void)sys;
    docx_state *st = ud;
    st->doctype = 1;
    halt(st);
}

/* The first error (not warning) of this parse, found through the error's own parser
 * context: the data argument is not reliably ours in libxml2 2.9. */
static void on_error(void *ud, xmlErrorPtr e)
{
    (void)ud;
    if (!e || e->level < XML_ERR_ERROR || !e->ctxt)
        return;
    docx_state *st = ((xmlParserCtxtPtr)e->ctxt)->_private;
    if (!st || st->xml_err)
        return;
    st->xml_err = e->code ? e->code : -1;
    st->err_line = e->line;
    st->err_col = e->int2;
    size_t k = 0;
    const char *m = e->message ? e->message : "unknown error";
    for (; *m && k + 1 < sizeof st->err_msg; m++)
        st->err_msg[k++] = (*m == '\n' || *m == '\r' || *m == '\t') ? ' ' : *m;
    while (k && st->err_msg[k - 1] == ' ')
        k--;
    st->err_msg[k] = '\0';
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx; (void)msg;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

/* --- zip ----------------------------------------------------------------------------- */

static rd_status zip_fail(rd_err *err, int code, const char *what, const char *msg)
{
    if (code == ZIP_ER_MEMORY)
        return rd_fail(err, RD_ENOMEM, "reading the zip archive");
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
        return rd_fail(err, RD_EDATA, "%s is encrypted (a password-protected document)", what);
    if (code == ZIP_ER_COMPNOTSUPP)
        return rd_fail(err, RD_EDATA, "%s uses a compression method that cannot be read (%s)",
                       what, msg);
    return rd_fail(err, RD_EDATA, "damaged or truncated zip archive (%s: %s)", what, msg);
}

/* Reads a small entry whole: at most max bytes, checked against its directory entry. */
static rd_status read_small(zip_t *za, zip_int64_t idx, const char *name, size_t max, char *buf,
                            size_t *len, rd_err *err)
{
    rd_status rc = RD_OK;
    zip_file_t *zf = NULL;
    zip_stat_t zs;
    *len = 0;
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE)) {
        rc = zip_fail(err, zip_error_code_zip(zip_get_error(za)), name,
                      zip_error_strerror(zip_get_error(za)));
        goto done;
    }
    if (zs.size > max) {
        rc = rd_fail(err, RD_EDATA, "%s is %llu bytes, more than expected (at most %zu)", name,
                     (unsigned long long)zs.size, max);
        goto done;
    }
    if (!(zf = zip_fopen_index(za, (zip_uint64_t)idx, 0))) {
        rc = zip_fail(err, zip_error_code_zip(zip_get_error(za)), name,
                      zip_error_strerror(zip_get_error(za)));
        goto done;
    }
    size_t got = 0;
    for (;;) {
        zip_int64_t k = zip_fread(zf, buf + got, max + 1 - got);
        if (k < 0) {
            rc = zip_fail(err, zip_error_code_zip(zip_file_get_error(zf)), name,
                          zip_error_strerror(zip_file_get_error(zf)));
            goto done;
        }
        if (k == 0)
            break;
        got += (size_t)k;
        if (got > max || got > zs.size)
            break;
    }
    if (got != zs.size) {
        rc = rd_fail(err, RD_EDATA, "damaged or truncated zip archive (%s: %zu bytes where the "
                     "directory says %llu)", name, got, (unsigned long long)zs.size);
        goto done;
    }
    *len = got;
done:
    if (zf)
        zip_fclose(zf);
    return rc;
}

static int has_prefix(const void *data, size_t n, const char *magic, size_t k)
{
    return n >= k && memcmp(data, magic, k) == 0;
}

static rd_status open_zip(const void *data, size_t n, int kind, zip_t **out, rd_err *err)
{
    zip_error_t ze;
    zip_source_t *src;
    *out = NULL;
    if (n == 0)
        return rd_fail(err, RD_EDATA, "not a zip archive (the file is empty)");
    if (has_prefix(data, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return rd_fail(err, RD_EDATA, "not a zip archive (an OLE compound file: %s)",
                       kind == RD_DOCX_WORD ? "a password-protected .docx or an old .doc?"
                                            : "a password-protected or old binary document?");
    zip_error_init(&ze);
    if (!(src = zip_source_buffer_create(data, n, 0, &ze))) {
        zip_error_fini(&ze);
        return rd_fail(err, RD_ENOMEM, "reading the zip archive");
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!za) {
        zip_source_free(src);
        int code = zip_error_code_zip(&ze);
        rd_status rc;
        int pk = has_prefix(data, n, "PK\x03\x04", 4) || has_prefix(data, n, "PK\x05\x06", 4) ||
                 has_prefix(data, n, "PK\x07\x08", 4);
        if (code == ZIP_ER_MEMORY)
            rc = rd_fail(err, RD_ENOMEM, "reading the zip archive");
        else if (code == ZIP_ER_NOZIP && !pk)
            rc = rd_fail(err, RD_EDATA, "not a zip archive");
        else if (code == ZIP_ER_NOZIP)
            rc = rd_fail(err, RD_EDATA, "damaged or truncated zip archive (its central directory "
                         "is missing: the file may be cut short)");
        else
            rc = rd_fail(err, RD_EDATA, "damaged or truncated zip archive (%s)",
                         zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    *out = za;
    return RD_OK;
}

static int contains(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == w[0] && memcmp(s + i, w, k) == 0)
            return 1;
    return 0;
}

/* ODT: `mimetype`, when present, names a text document; META-INF/manifest.xml does not
 * declare encrypted entries (LibreOffice's password protection encrypts inside the zip). */
static rd_status check_odt(zip_t *za, rd_err *err)
{
    rd_status rc = RD_OK;
    char *man = NULL;
    char mt[MIMETYPE_MAX + 1];
    size_t len;
    zip_int64_t idx = zip_name_locate(za, "mimetype", 0);
    if (idx >= 0) {
        if ((rc = read_small(za, idx, "mimetype", MIMETYPE_MAX, mt, &len, err)) != RD_OK)
            goto done;
        while (len && (mt[len - 1] == '\n' || mt[len - 1] == '\r' || mt[len - 1] == ' '))
            len--;
        mt[len] = '\0';
        if (strcmp(mt, ODT_MIMETYPE) != 0 && strcmp(mt, ODT_MIMETYPE "-template") != 0) {
            for (size_t i = 0; i < len; i++)
                if ((unsigned char)mt[i] < 0x20 || (unsigned char)mt[i] >= 0x7F)
                    mt[i] = '?';
            if (len > 100)
                strcpy(mt + 97, "...");
            rc = rd_fail(err, RD_EDATA, "not an OpenDocument text (mimetype %s)",
                         len ? mt : "is empty");
            goto done;
        }
    }
    idx = zip_name_locate(za, "META-INF/manifest.xml", 0);
    if (idx >= 0) {
        if (!(man = malloc(MANIFEST_MAX + 1))) {
            rc = rd_fail(err, RD_ENOMEM, "reading META-INF/manifest.xml");
            goto done;
        }
        /* An unreadable or oversized manifest is no reason to refuse the document. */
        rd_err ignored;
        if (read_small(za, idx, "META-INF/manifest.xml", MANIFEST_MAX, man, &len, &ignored) ==
                RD_OK &&
            contains(man, len, "encryption-data")) {
            rc = rd_fail(err, RD_EDATA,
                         "the document is password-protected (content.xml is encrypted)");
            goto done;
        }
    }
done:
    free(man);
    return rc;
}

/* --- the main part ------------------------------------------------------------------- */

static rd_status xml_result(docx_state *st, rd_err *err)
{
    const char *p = st->part;
    if (st->oom)
        return rd_fail(err, RD_ENOMEM, "reading %s", p);
    if (st->doctype)
        return rd_fail(err, RD_EDATA, "refused: %s declares a DOCTYPE (entity expansion is not "
                       "allowed)", p);
    if (st->too_long)
        return rd_fail(err, RD_EDATA, "the text of %s is over the limit of %zu bytes", p,
                       (size_t)RD_DOCX_MAX_XML);
    if (st->xml_err == XML_ERR_NO_MEMORY)
        return rd_fail(err, RD_ENOMEM, "parsing %s", p);
    if (st->xml_err)
        return rd_fail(err, RD_EDATA, "XML error in %s at line %d: %s (column %d)", p,
                       st->err_line, st->err_msg, st->err_col);
    xmlParserCtxtPtr c = st->ctxt;
    if (!c->wellFormed || !c->nsWellFormed || !st->root_done) {
        const xmlError *e = xmlCtxtGetLastError(c);
        if (e && e->code == XML_ERR_NO_MEMORY)
            return rd_fail(err, RD_ENOMEM, "parsing %s", p);
        /* libxml2 2.9 raises a failed character conversion without its parser context:
         * it shows as an error on the input buffer (or as errNo) and nothing else. */
        int enc = st->bad_encoding || (c->input && c->input->buf && c->input->buf->error) ||
                  c->errNo == XML_ERR_INVALID_ENCODING ||
                  c->errNo == XML_ERR_UNSUPPORTED_ENCODING || c->errNo == XML_IO_ENCODER;
        return rd_fail(err, RD_EDATA, "XML error in %s at line %d: %s", p,
                       e ? e->line : (c->input ? c->input->line : 0),
                       enc ? "the text cannot be decoded in the character encoding it declares"
                           : "the document is incomplete or malformed");
    }
    return RD_OK;
}

/* Streams entry idx (size bytes by its directory entry) through the parser. */
static rd_status parse_part(docx_state *st, zip_t *za, zip_int64_t idx, zip_uint64_t size,
                            rd_err *err)
{
    rd_status rc = RD_OK;
    zip_file_t *zf = NULL;
    char *buf = NULL;
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_chars;
    sax.ignorableWhitespace = on_chars;
    sax.cdataBlock = on_chars;
    sax.internalSubset = on_doctype;
    sax.serror = on_error;

    xmlGenericErrorFunc old_fn = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet);

    if (!(zf = zip_fopen_index(za, (zip_uint64_t)idx, 0))) {
        rc = zip_fail(err, zip_error_code_zip(zip_get_error(za)), st->part,
                      zip_error_strerror(zip_get_error(za)));
        goto done;
    }
    if (!(buf = malloc(CHUNK))) {
        rc = rd_fail(err, RD_ENOMEM, "reading %s", st->part);
        goto done;
    }
    zip_uint64_t total = 0;
    for (;;) {
        zip_int64_t k = zip_fread(zf, buf, CHUNK);
        if (k < 0) {
            rc = zip_fail(err, zip_error_code_zip(zip_file_get_error(zf)), st->part,
                          zip_error_strerror(zip_file_get_error(zf)));
            goto done;
        }
        total += (zip_uint64_t)k;
        if (total > size) {
            rc = rd_fail(err, RD_EDATA, "damaged zip archive (%s is longer than its directory "
                         "entry says)", st->part);
            goto done;
        }
        int off = 0;
        if (!st->ctxt) {
            off = k < 4 ? (int)k : 4;
            if (!(st->ctxt = xmlCreatePushParserCtxt(&sax, st, buf, off, NULL))) {
                rc = rd_fail(err, RD_ENOMEM, "creating the XML parser");
                goto done;
            }
            st->ctxt->_private = st;
            xmlCtxtUseOptions(st->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        }
        if (k == 0)
            break;
        if (k > off &&
            xmlParseChunk(st->ctxt, buf + off, (int)k - off, 0) == XML_ERR_INVALID_ENCODING)
            st->bad_encoding = 1;
        if (st->stopped || st->ctxt->disableSAX || st->ctxt->instate == XML_PARSER_EOF)
            break;
    }
    if (!st->stopped && !st->ctxt->disableSAX && st->ctxt->instate != XML_PARSER_EOF) {
        if (total != size) {
            rc = rd_fail(err, RD_EDATA, "damaged or truncated zip archive (%s is %llu bytes where "
                         "the directory says %llu)", st->part, (unsigned long long)total,
                         (unsigned long long)size);
            goto done;
        }
        if (xmlParseChunk(st->ctxt, NULL, 0, 1) == XML_ERR_INVALID_ENCODING)
            st->bad_encoding = 1;
    }
    rc = xml_result(st, err);
done:
    xmlSetGenericErrorFunc(old_ctx, old_fn);
    if (zf)
        zip_fclose(zf);
    free(buf);
    return rc;
}

/* Drops C1 controls and any invalid UTF-8 (libxml2 gives valid UTF-8; this is a guard),
 * turns U+2028/U+2029 into spaces, in place. Returns the new length. */
static size_t sanitise(char *s, size_t n)
{
    size_t o = 0, i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            s[o++] = s[i++];
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 1) {
            i++;
            continue;
        }
        if (cp >= 0x80 && cp <= 0x9F) {
            i += (size_t)k;
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029) {
            s[o++] = ' ';
            i += (size_t)k;
            continue;
        }
        memmove(s + o, s + i, (size_t)k);
        o += (size_t)k;
        i += (size_t)k;
    }
    return o;
}

/* A line with something on it that is not a heading. */
static int has_body_text(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i < n && s[i] != '\n' && s[i] != '#')
            return 1;
        const char *nl = memchr(s + i, '\n', n - i);
        i = nl ? (size_t)(nl - s) + 1 : n;
    }
    return 0;
}

static void state_free(docx_state *st)
{
    for (size_t i = 0; i < st->cap_paras; i++)
        buf_free(&st->paras[i].t);
    free(st->paras);
    for (size_t i = 0; i < st->n_tables; i++)
        free_table(&st->tables[i]);
    free(st->tables);
    for (size_t i = 0; i < st->n_styles; i++)
        free(st->styles[i].name);
    free(st->styles);
    free(st->stack);
    buf_free(&st->out);
    buf_free(&st->scratch);
    if (st->ctxt)
        xmlFreeParserCtxt(st->ctxt);
}

rd_status rd_docx_text(const void *data, size_t n, int kind, char **text, size_t *text_n,
                       rd_err *err)
{
    rd_status rc = RD_OK;
    zip_t *za = NULL;
    docx_state st;
    memset(&st, 0, sizeof st);
    if (text)
        *text = NULL;
    if (text_n)
        *text_n = 0;
    if (!text || !text_n || (!data && n))
        return rd_fail(err, RD_EINVAL, "rd_docx_text: no data or no place for the text");
    if (kind != RD_DOCX_WORD && kind != RD_DOCX_ODT)
        return rd_fail(err, RD_EINVAL, "rd_docx_text: unknown document kind %d", kind);
    pthread_once(&xml_once, xml_init);
    st.kind = kind;
    st.part = kind == RD_DOCX_WORD ? "word/document.xml" : "content.xml";

    if ((rc = open_zip(data, n, kind, &za, err)) != RD_OK)
        goto done;
    if (kind == RD_DOCX_ODT && (rc = check_odt(za, err)) != RD_OK)
        goto done;
    zip_int64_t idx = zip_name_locate(za, st.part, 0);
    if (idx < 0 && kind == RD_DOCX_WORD)
        idx = zip_name_locate(za, st.part, ZIP_FL_NOCASE);
    if (idx < 0) {
        /* Say so when the other kind's part is there: a renamed file. */
        if (kind == RD_DOCX_WORD)
            rc = rd_fail(err, RD_EDATA, "not a Word document (a zip without word/document.xml%s)",
                         zip_name_locate(za, "content.xml", 0) >= 0
                             ? "; it looks like an OpenDocument file" : "");
        else
            rc = rd_fail(err, RD_EDATA, "not an OpenDocument text (a zip without content.xml%s)",
                         zip_name_locate(za, "word/document.xml", ZIP_FL_NOCASE) >= 0
                             ? "; it looks like a Word document" : "");
        goto done;
    }
    zip_stat_t zs;
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) != 0 ||
        (zs.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) != (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) {
        rc = zip_fail(err, zip_error_code_zip(zip_get_error(za)), st.part,
                      zip_error_strerror(zip_get_error(za)));
        goto done;
    }
    if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE) {
        rc = rd_fail(err, RD_EDATA, "%s is encrypted (a password-protected document)", st.part);
        goto done;
    }
    if (zs.size > RD_DOCX_MAX_XML) {
        rc = rd_fail(err, RD_EDATA, "%s is %llu bytes uncompressed, over the limit of %zu", st.part,
                     (unsigned long long)zs.size, (size_t)RD_DOCX_MAX_XML);
        goto done;
    }
    if (zs.comp_size > n) {
        rc = rd_fail(err, RD_EDATA, "damaged or truncated zip archive (%s: %llu compressed bytes "
                     "in a file of %zu)", st.part, (unsigned long long)zs.comp_size, n);
        goto done;
    }
    if (zs.size > (zip_uint64_t)RD_DOCX_MAX_RATIO * zs.comp_size) {
        rc = rd_fail(err, RD_EDATA, "%s expands %llu times, over the limit of %d (a zip bomb?)",
                     st.part, (unsigned long long)(zs.size / (zs.comp_size ? zs.comp_size : 1)),
                     RD_DOCX_MAX_RATIO);
        goto done;
    }
    if ((rc = parse_part(&st, za, idx, zs.size, err)) != RD_OK)
        goto done;

    size_t len = st.out.s ? sanitise(st.out.s, st.out.n) : 0;
    if (!has_body_text(st.out.s ? st.out.s : "", len)) {
        rc = rd_fail(err, RD_EDATA, "no text in the document body");
        goto done;
    }
    if (len > RD_DOCX_MAX_XML) {
        rc = rd_fail(err, RD_EDATA, "the text of %s is over the limit of %zu bytes", st.part,
                     (size_t)RD_DOCX_MAX_XML);
        goto done;
    }
    st.out.s[len] = '\0';
    *text = st.out.s;
    *text_n = len;
    st.out.s = NULL; /* ownership moves to the caller */
done:
    state_free(&st);
    if (za)
        zip_discard(za);
    return rc;
}
