/* io/read/docmodel.h — the document model that Word and OpenDocument readers fill while
 * their main XML part streams past: internal to io/read's document reader (document.c,
 * docx.c, odt.c) and its tests.
 *
 * How the document reader is cut:
 *   document.c  the entry point (document.h) and the XML stream: libxml2's push parser,
 *               its safety options and errors, the open-element stack, and the final
 *               checks on the text; for every element it asks the format what it is;
 *   doczip.c    the zip container: opening the bytes, finding the main part, the size,
 *               expansion and encryption checks, an ODT's mimetype and manifest;
 *   docx.c,     what a format's elements mean: which open a paragraph, a run, a table,
 *   odt.c       which make text bold, which make a heading, what to skip; they call the
 *               model below and know nothing of zip or of the other format;
 *   docmodel.c  (this) what is format-free: the paragraph stack and how a paragraph
 *               becomes a line (the bold-label rule), where a finished line goes (the open
 *               cell of the innermost table, or the output), the table stack, the outcome
 *               flags (out of memory, text too long, stopped), and the small helpers the
 *               formats use to read element names and attributes;
 *   doctable.c  how a finished table becomes lines (which column holds speakers).
 *
 * Errors are sticky: after memory runs out (oom) or the text passes RD_DOCUMENT_MAX_XML
 * (too_long) every call does nothing and the parser is stopped; the caller turns the flags
 * into a status once the stream ends. */
#ifndef RD_DOCMODEL_H
#define RD_DOCMODEL_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/parser.h>

#include "engine/strbuf.h"
#include "io/read/doctable.h"

/* An open element: its tag (the format's number for it) and a byte a format may use to
 * save state that the element's end restores. */
typedef struct {
    uint8_t tag, aux;
} rd__doc_elem;

/* Tags every format shares; a format numbers its own from RD__DOC_TAGS on. */
enum { RD__DOC_OTHER = 0, RD__DOC_SKIP = 1, RD__DOC_TAGS = 2 };

typedef struct rd__doc rd__doc;

/* A format: how its elements are read. tag() names an element before it is pushed
 * (RD__DOC_SKIP: the element and everything inside it are ignored); start() runs once it
 * is on the stack (rd__doc_up(d, 0) is the element itself), end() after it is popped;
 * chars() gets character data inside an open paragraph. A format's own state is
 * state_size zeroed bytes at d->fs, released with state_free (may be NULL). */
typedef struct {
    uint8_t (*tag)(rd__doc *d, const xmlChar *uri, const xmlChar *local);
    void (*start)(rd__doc *d, rd__doc_elem *e, const xmlChar **atts, int nb_atts);
    void (*end)(rd__doc *d, rd__doc_elem e);
    void (*chars)(rd__doc *d, const char *s, size_t n);
    size_t state_size;
    void (*state_free)(void *fs);
} rd__doc_format;

typedef struct {
    rd_buf t;
    size_t bold_end;  /* offset just after the last bold non-space byte of the bold prefix */
    int prefix_open;  /* no non-bold, non-space byte seen yet */
    int heading;
} rd__doc_para;

struct rd__doc {
    const rd__doc_format *fmt;
    void *fs;              /* the format's state */
    xmlParserCtxtPtr ctxt; /* stopped through it; NULL when no parser runs (tests) */

    rd__doc_elem *stack;   /* open elements, innermost last */
    size_t depth, cap_stack;
    int in_body;           /* inside the document body (a format counts it) */

    rd__doc_para *paras;   /* paragraph stack; entries above n_paras keep their buffers */
    size_t n_paras, cap_paras;
    rd__doctable *tables;  /* table stack */
    size_t n_tables, cap_tables;
    rd_buf out, scratch;   /* the lines written; a line being put together */
    size_t text_bytes;     /* all paragraph text so far, against RD_DOCUMENT_MAX_XML */

    int stopped, oom, too_long;
};

/* --- outcome ------------------------------------------------------------------------- */

void rd__doc_halt(rd__doc *d);  /* stops the parser (once) */
void rd__doc_nomem(rd__doc *d); /* records oom and halts */
void rd__doc_free(rd__doc *d);  /* everything d holds but the format state; NULL-safe */

/* --- elements ------------------------------------------------------------------------ */

/* Pushes an element with tag (aux 0): 0, or -1 (oom recorded). */
int rd__doc_push(rd__doc *d, uint8_t tag);
/* The tag of the element k levels up from the innermost open one (0: innermost), or
 * RD__DOC_OTHER above the root. */
uint8_t rd__doc_up(const rd__doc *d, size_t k);

/* --- paragraphs ---------------------------------------------------------------------- */

/* Opens a paragraph (inside the current one, for a text box's). */
void rd__doc_para_begin(rd__doc *d, int heading);
/* Marks the innermost paragraph as a heading (nothing when none is open). */
void rd__doc_para_heading(rd__doc *d);
/* Appends text to the innermost paragraph. Tabs and line ends become spaces, other C0
 * controls and DEL are dropped; with collapse (ODT character data), a space after a
 * space or at the start of the paragraph is dropped. bold says whether the text is bold,
 * which decides how far the paragraph's bold prefix reaches. */
void rd__doc_text(rd__doc *d, const char *s, size_t n, int bold, int collapse);
/* Writes the innermost paragraph as a line (see docmodel.c for the bold-label rule) and
 * pops it. */
void rd__doc_para_end(rd__doc *d);

/* --- tables -------------------------------------------------------------------------- */

void rd__doc_table_begin(rd__doc *d);
/* Closes a cell left open and starts a row of the innermost table. */
void rd__doc_row_begin(rd__doc *d);
void rd__doc_row_end(rd__doc *d);
/* Marks the current row of the innermost table as a header row (when a row is open). */
void rd__doc_row_header(rd__doc *d);
/* ODT's table-header-rows: delta +1 when one opens, -1 when it closes. */
void rd__doc_header_rows(rd__doc *d, int delta);
void rd__doc_cell_end(rd__doc *d);
/* Pops the innermost table and writes its lines (doctable.h) to what encloses it. */
void rd__doc_table_end(rd__doc *d);

/* --- names and attributes, for the formats ------------------------------------------ */

typedef struct {
    const char *name;
    uint8_t tag;
} rd__doc_tagname;

/* a is the NUL-terminated string b. */
int rd__doc_eq(const xmlChar *a, const char *b);
/* The tag of local in a table ended by {NULL, 0}, or RD__DOC_OTHER. */
uint8_t rd__doc_lookup(const rd__doc_tagname *t, const xmlChar *local);
/* The value of attribute {uri}local, or of {alt}local when alt is not NULL, among
 * libxml2's SAX2 attributes, as a pointer and length into libxml2's buffer, or NULL. */
const char *rd__doc_attr(const xmlChar **atts, int nb, const char *uri, const char *alt,
                         const char *local, size_t *len);
/* v[0..n) equals the lower-case ASCII word w, ignoring ASCII case. */
int rd__doc_val_is(const char *v, size_t n, const char *w);

/* Trims s[*a..*b) of spaces (the model's text and the tables' cells use one rule). */
void rd__doc_trim(const char *s, size_t *a, size_t *b);

#endif
