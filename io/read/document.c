/* io/read/document.c — see document.h; how the reader is cut is in docmodel.h.
 *
 * This file is the entry point and the XML stream:
 *
 * 1. The zip (doczip.h) gives the main part's entry, checked against the limits. It is
 *    streamed in 64 KiB pieces straight into the XML parser: the decompressed part is
 *    never held in memory as a whole, and a stream longer than its directory entry says
 *    is refused as it happens.
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
 * 3. The elements. Each start tag is named by the format (docx.h, odt.h), which may have
 *    it skipped with everything inside; otherwise it is pushed on the element stack and
 *    handed to the format, which fills the document model (docmodel.h). End tags pop it
 *    and tell the format; character data goes to the format while a paragraph is open.
 *
 * 4. The text. The model's output is checked to be valid UTF-8 without control
 *    characters other than newlines, to hold some body text, and to stay within
 *    RD_DOCUMENT_MAX_XML bytes. */
#include "io/read/document.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <utf8proc.h>
#include <zip.h>

#include "io/read/docmodel.h"
#include "io/read/docx.h"
#include "io/read/doczip.h"
#include "io/read/odt.h"

enum {
    CHUNK = 1 << 16,        /* bytes handed from libzip to libxml2 at a time */
    XML_MSG_MAX = 200
};

/* The parse of one main part: the model the format fills, and what the stream saw. */
typedef struct {
    rd__doc d;          /* SAX user data and ctxt->_private point to the stream */
    const char *part;
    size_t skip;        /* > 0: inside an ignored element, this many levels deep */
    int doctype, root_done;
    int bad_encoding;   /* xmlParseChunk said XML_ERR_INVALID_ENCODING */
    int xml_err, err_line, err_col;
    char err_msg[XML_MSG_MAX];
} stream;

/* --- SAX callbacks ------------------------------------------------------------------- */

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **ns, int nb_atts, int nb_defaulted,
                     const xmlChar **atts)
{
    (void)prefix; (void)nb_ns; (void)ns; (void)nb_defaulted;
    stream *s = ud;
    rd__doc *d = &s->d;
    if (d->stopped)
        return;
    if (s->skip) {
        s->skip++;
        return;
    }
    uint8_t tag = d->fmt->tag(d, uri, local);
    if (tag == RD__DOC_SKIP) {
        s->skip = 1;
        return;
    }
    if (rd__doc_push(d, tag))
        return;
    d->fmt->start(d, &d->stack[d->depth - 1], atts, nb_atts);
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)local; (void)prefix; (void)uri;
    stream *s = ud;
    rd__doc *d = &s->d;
    if (d->stopped)
        return;
    if (s->skip) {
        s->skip--;
        return;
    }
    if (!d->depth)
        return;
    rd__doc_elem e = d->stack[--d->depth];
    if (!d->depth)
        s->root_done = 1;
    d->fmt->end(d, e);
}

static void on_chars(void *ud, const xmlChar *ch, int len)
{
    stream *s = ud;
    rd__doc *d = &s->d;
    if (d->stopped || s->skip || !d->n_paras || len <= 0)
        return;
    d->fmt->chars(d, (const char *)ch, (size_t)len);
}

static void on_doctype(void *ud, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name; (void)ext; (void)sys;
    stream *s = ud;
    s->doctype = 1;
    rd__doc_halt(&s->d);
}

/* The first error (not warning) of this parse, found through the error's own parser
 * context: the data argument is not reliably ours in libxml2 2.9. */
static void on_error(void *ud, xmlErrorPtr e)
{
    (void)ud;
    if (!e || e->level < XML_ERR_ERROR || !e->ctxt)
        return;
    stream *s = ((xmlParserCtxtPtr)e->ctxt)->_private;
    if (!s || s->xml_err)
        return;
    s->xml_err = e->code ? e->code : -1;
    s->err_line = e->line;
    s->err_col = e->int2;
    size_t k = 0;
    const char *m = e->message ? e->message : "unknown error";
    for (; *m && k + 1 < sizeof s->err_msg; m++)
        s->err_msg[k++] = (*m == '\n' || *m == '\r' || *m == '\t') ? ' ' : *m;
    while (k && s->err_msg[k - 1] == ' ')
        k--;
    s->err_msg[k] = '\0';
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx; (void)msg;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

/* --- the main part ------------------------------------------------------------------- */

static rd_status xml_result(stream *s, rd_err *err)
{
    const char *p = s->part;
    if (s->d.oom)
        return rd_fail(err, RD_ENOMEM, "reading %s", p);
    if (s->doctype)
        return rd_fail(err, RD_EDATA, "refused: %s declares a DOCTYPE (entity expansion is not "
                       "allowed)", p);
    if (s->d.too_long)
        return rd_fail(err, RD_EDATA, "the text of %s is over the limit of %zu bytes", p,
                       (size_t)RD_DOCUMENT_MAX_XML);
    if (s->xml_err == XML_ERR_NO_MEMORY)
        return rd_fail(err, RD_ENOMEM, "parsing %s", p);
    if (s->xml_err)
        return rd_fail(err, RD_EDATA, "XML error in %s at line %d: %s (column %d)", p,
                       s->err_line, s->err_msg, s->err_col);
    xmlParserCtxtPtr c = s->d.ctxt;
    if (!c->wellFormed || !c->nsWellFormed || !s->root_done) {
        const xmlError *e = xmlCtxtGetLastError(c);
        if (e && e->code == XML_ERR_NO_MEMORY)
            return rd_fail(err, RD_ENOMEM, "parsing %s", p);
        /* libxml2 2.9 raises a failed character conversion without its parser context:
         * it shows as an error on the input buffer (or as errNo) and nothing else. */
        int enc = s->bad_encoding || (c->input && c->input->buf && c->input->buf->error) ||
                  c->errNo == XML_ERR_INVALID_ENCODING ||
                  c->errNo == XML_ERR_UNSUPPORTED_ENCODING || c->errNo == XML_IO_ENCODER;
        return rd_fail(err, RD_EDATA, "XML error in %s at line %d: %s", p,
                       e ? e->line : (c->input ? c->input->line : 0),
                       enc ? "the text cannot be decoded in the character encoding it declares"
                           : "the document is incomplete or malformed");
    }
    return RD_OK;
}

/* The SAX2 callbacks above. */
static void sax_init(xmlSAXHandler *h)
{
    memset(h, 0, sizeof *h);
    h->initialized = XML_SAX2_MAGIC;
    h->startElementNs = on_start;
    h->endElementNs = on_end;
    h->characters = on_chars;
    h->ignorableWhitespace = on_chars;
    h->cdataBlock = on_chars;
    h->internalSubset = on_doctype;
    h->serror = on_error;
}

/* The parser, created on the first piece k bytes long (its first bytes let libxml2 guess
 * the encoding; *used says how many it took). */
static rd_status start_parser(stream *s, xmlSAXHandler *sax, const char *buf, zip_int64_t k,
                              int *used, rd_err *err)
{
    *used = k < 4 ? (int)k : 4;
    if (!(s->d.ctxt = xmlCreatePushParserCtxt(sax, s, buf, *used, NULL)))
        return rd_fail(err, RD_ENOMEM, "creating the XML parser");
    s->d.ctxt->_private = s;
    xmlCtxtUseOptions(s->d.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    return RD_OK;
}

/* The parser has stopped or met the end of the document. */
static int parser_done(const stream *s)
{
    return s->d.stopped || s->d.ctxt->disableSAX || s->d.ctxt->instate == XML_PARSER_EOF;
}

/* Streams entry idx (size bytes by its directory entry) through the parser. */
static rd_status parse_part(stream *s, zip_t *za, zip_int64_t idx, zip_uint64_t size,
                            rd_err *err)
{
    rd_status rc = RD_OK;
    zip_file_t *zf = NULL;
    char *buf = NULL;
    zip_uint64_t total = 0;
    xmlSAXHandler sax;
    sax_init(&sax);
    xmlGenericErrorFunc old_fn = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet);

    if (!(zf = zip_fopen_index(za, (zip_uint64_t)idx, 0))) {
        rc = rd__doczip_fail(err, zip_error_code_zip(zip_get_error(za)), s->part,
                             zip_error_strerror(zip_get_error(za)));
        goto done;
    }
    if (!(buf = malloc(CHUNK))) {
        rc = rd_fail(err, RD_ENOMEM, "reading %s", s->part);
        goto done;
    }
    for (;;) {
        zip_int64_t k = zip_fread(zf, buf, CHUNK);
        int off = 0;
        if (k < 0) {
            rc = rd__doczip_fail(err, zip_error_code_zip(zip_file_get_error(zf)), s->part,
                                 zip_error_strerror(zip_file_get_error(zf)));
            goto done;
        }
        total += (zip_uint64_t)k;
        if (total > size) {
            rc = rd_fail(err, RD_EDATA, "damaged zip archive (%s is longer than its directory "
                         "entry says)", s->part);
            goto done;
        }
        if (!s->d.ctxt && (rc = start_parser(s, &sax, buf, k, &off, err)) != RD_OK)
            goto done;
        if (k == 0)
            break;
        if (k > off &&
            xmlParseChunk(s->d.ctxt, buf + off, (int)k - off, 0) == XML_ERR_INVALID_ENCODING)
            s->bad_encoding = 1;
        if (parser_done(s))
            break;
    }
    if (!parser_done(s)) {
        if (total != size) {
            rc = rd_fail(err, RD_EDATA, "damaged or truncated zip archive (%s is %llu bytes where "
                         "the directory says %llu)", s->part, (unsigned long long)total,
                         (unsigned long long)size);
            goto done;
        }
        if (xmlParseChunk(s->d.ctxt, NULL, 0, 1) == XML_ERR_INVALID_ENCODING)
            s->bad_encoding = 1;
    }
    rc = xml_result(s, err);
done:
    xmlSetGenericErrorFunc(old_ctx, old_fn);
    if (zf)
        zip_fclose(zf);
    free(buf);
    return rc;
}

/* --- the text ------------------------------------------------------------------------ */

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

/* The model's output, cleaned and checked, handed to the caller. */
static rd_status take_text(stream *s, char **text, size_t *text_n, rd_err *err)
{
    rd_buf *out = &s->d.out;
    size_t len = out->s ? sanitise(out->s, out->n) : 0;
    if (!has_body_text(out->s ? out->s : "", len))
        return rd_fail(err, RD_EDATA, "no text in the document body");
    if (len > RD_DOCUMENT_MAX_XML)
        return rd_fail(err, RD_EDATA, "the text of %s is over the limit of %zu bytes", s->part,
                       (size_t)RD_DOCUMENT_MAX_XML);
    out->s[len] = '\0';
    *text = out->s;
    *text_n = len;
    out->s = NULL; /* ownership moves to the caller */
    return RD_OK;
}

static void stream_free(stream *s)
{
    if (s->d.fs && s->d.fmt->state_free)
        s->d.fmt->state_free(s->d.fs);
    free(s->d.fs);
    rd__doc_free(&s->d);
    if (s->d.ctxt)
        xmlFreeParserCtxt(s->d.ctxt);
}

rd_status rd_document_text(const void *data, size_t n, int kind, char **text, size_t *text_n,
                           rd_err *err)
{
    rd_status rc = RD_OK;
    zip_t *za = NULL;
    zip_int64_t idx;
    zip_uint64_t size;
    stream s;
    memset(&s, 0, sizeof s);
    if (text)
        *text = NULL;
    if (text_n)
        *text_n = 0;
    if (!text || !text_n || (!data && n))
        return rd_fail(err, RD_EINVAL, "rd_document_text: no data or no place for the text");
    if (kind != RD_DOCUMENT_WORD && kind != RD_DOCUMENT_ODT)
        return rd_fail(err, RD_EINVAL, "rd_document_text: unknown document kind %d", kind);
    pthread_once(&xml_once, xml_init);
    s.part = rd__doczip_part(kind);
    s.d.fmt = kind == RD_DOCUMENT_WORD ? &rd__docx_format : &rd__odt_format;
    if (!(s.d.fs = calloc(1, s.d.fmt->state_size))) {
        rc = rd_fail(err, RD_ENOMEM, "reading %s", s.part);
        goto done;
    }
    if ((rc = rd__doczip_open(data, n, kind, &za, err)) == RD_OK &&
        (rc = rd__doczip_main_part(za, n, kind, &idx, &size, err)) == RD_OK &&
        (rc = parse_part(&s, za, idx, size, err)) == RD_OK)
        rc = take_text(&s, text, text_n, err);
done:
    stream_free(&s);
    if (za)
        zip_discard(za);
    return rc;
}
