/* tests/unit/io/read/docfixture.h — documents built in memory for the tests of io/read's
 * document reader (test_document.c, test_doczip.c, test_docx.c, test_odt.c).
 *
 * Every document is zipped here from XML strings (mkzip), so each test shows the markup
 * it feeds the reader and the exact text it expects back. Include after <cmocka.h>. */
#ifndef RD_TEST_DOCFIXTURE_H
#define RD_TEST_DOCFIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "io/read/document.h"
#include "nlp/utf8.h"

/* --- building documents ---------------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *data;
    size_t n; /* 0: strlen(data) */
} entry;

/* Zips the entries (deflated) into a malloc'd buffer. */
static inline unsigned char *mkzip(const entry *e, size_t ne, size_t *out_n)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    zip_source_keep(src);
    for (size_t i = 0; i < ne; i++) {
        size_t n = e[i].n ? e[i].n : strlen(e[i].data);
        zip_source_t *s = zip_source_buffer(za, e[i].data, n, 0);
        assert_non_null(s);
        assert_true(zip_file_add(za, e[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
    zip_int64_t len = zip_source_tell(src);
    assert_true(len > 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
    unsigned char *buf = malloc((size_t)len);
    assert_non_null(buf);
    assert_int_equal(zip_source_read(src, buf, (zip_uint64_t)len), len);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *out_n = (size_t)len;
    return buf;
}

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOC_HEAD                                                                              \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"                         \
    "<w:document xmlns:w=\"" W_NS "\" "                                                       \
    "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "               \
    "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "        \
    "xmlns:v=\"urn:schemas-microsoft-com:vml\" mc:Ignorable=\"wps\">\n"
#define DOC_TAIL "</w:document>\n"

static inline char *cat3(const char *a, const char *b, const char *c)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *s = malloc(na + nb + nc + 1);
    assert_non_null(s);
    memcpy(s, a, na);
    memcpy(s + na, b, nb);
    memcpy(s + na + nb, c, nc + 1);
    return s;
}

/* A .docx whose word/document.xml is DOC_HEAD <w:body>body</w:body> DOC_TAIL. */
static inline unsigned char *docx(const char *body, size_t *n)
{
    char *b = cat3("<w:body>", body, "</w:body>\n");
    char *xml = cat3(DOC_HEAD, b, DOC_TAIL);
    entry e[] = {{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>", 0},
                 {"word/document.xml", xml, 0},
                 {"word/styles.xml", "<w:styles xmlns:w=\"" W_NS "\"/>", 0}};
    unsigned char *z = mkzip(e, 3, n);
    free(b);
    free(xml);
    return z;
}

/* A .docx with word/document.xml exactly as given. */
static inline unsigned char *docx_raw(const char *xml, size_t xml_n, size_t *n)
{
    entry e[] = {{"word/document.xml", xml, xml_n}};
    return mkzip(e, 1, n);
}

#define ODT_HEAD                                                                              \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                            \
    "<office:document-content "                                                              \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                      \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "                        \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                          \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                        \
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "                       \
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" "                 \
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "                                          \
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "               \
    "office:version=\"1.3\">\n"

/* The automatic styles LibreOffice writes for bold and normal spans and a bold paragraph. */
#define ODT_STYLES                                                                            \
    "<office:automatic-styles>"                                                               \
    "<style:style style:name=\"T1\" style:family=\"text\">"                                   \
    "<style:text-properties fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/>"       \
    "</style:style>"                                                                          \
    "<style:style style:name=\"T2\" style:family=\"text\">"                                   \
    "<style:text-properties fo:font-style=\"italic\"/></style:style>"                         \
    "<style:style style:name=\"T3\" style:family=\"text\">"                                   \
    "<style:text-properties fo:font-weight=\"700\"/></style:style>"                           \
    "<style:style style:name=\"P1\" style:family=\"paragraph\" "                              \
    "style:parent-style-name=\"Standard\">"                                                   \
    "<style:text-properties fo:font-weight=\"bold\"/></style:style>"                          \
    "<style:style style:name=\"P2\" style:family=\"paragraph\" "                              \
    "style:parent-style-name=\"Title\"/>"                                                     \
    "</office:automatic-styles>"

static inline unsigned char *odt_with(const char *mimetype, const char *body, size_t *n)
{
    char *b = cat3("<office:body><office:text>", body, "</office:text></office:body>");
    char *x = cat3(ODT_HEAD ODT_STYLES, b, "</office:document-content>\n");
    entry e[] = {{"mimetype", mimetype, 0},
                 {"content.xml", x, 0},
                 {"styles.xml", "<?xml version=\"1.0\"?><x/>", 0}};
    unsigned char *z = mimetype ? mkzip(e, 3, n) : mkzip(e + 1, 2, n);
    free(b);
    free(x);
    return z;
}

static inline unsigned char *odt(const char *body, size_t *n)
{
    return odt_with("application/vnd.oasis.opendocument.text", body, n);
}

/* --- reading --------------------------------------------------------------------------- */

/* Reads z[0..n) as kind; asserts success and valid, NUL-terminated UTF-8. Frees z. */
static inline char *read_ok(unsigned char *z, size_t n, int kind)
{
    char *text = (char *)1;
    size_t tn = 99;
    rd_err err = {0};
    rd_status rc = rd_document_text(z, n, kind, &text, &tn, &err);
    if (rc != RD_OK)
        fail_msg("rd_document_text failed: %s", err.msg);
    assert_non_null(text);
    assert_int_equal(strlen(text), tn);
    assert_true(rd_utf8_valid(text, tn, NULL));
    for (size_t i = 0; i < tn; i++)
        assert_true((unsigned char)text[i] >= 0x20 || text[i] == '\n');
    free(z);
    return text;
}

static inline char *word(const char *body)
{
    size_t n;
    unsigned char *z = docx(body, &n);
    return read_ok(z, n, RD_DOCUMENT_WORD);
}

static inline char *odf(const char *body)
{
    size_t n;
    unsigned char *z = odt(body, &n);
    return read_ok(z, n, RD_DOCUMENT_ODT);
}

/* Reads z and expects failure with status want; returns the message. Frees z. */
static inline rd_err read_fail(const void *z, size_t n, int kind, rd_status want)
{
    char *text = (char *)1;
    size_t tn = 99;
    rd_err err = {0};
    rd_status rc = rd_document_text(z, n, kind, &text, &tn, &err);
    if (rc == RD_OK)
        fail_msg("expected an error, got text: %s", text);
    assert_int_equal(rc, want);
    assert_int_equal(err.code, want);
    assert_null(text);
    assert_int_equal(tn, 0);
    assert_true(strlen(err.msg) > 0);
    return err;
}

static inline void expect_word(const char *body, const char *want)
{
    char *t = word(body);
    assert_string_equal(t, want);
    free(t);
}

static inline void expect_odt(const char *body, const char *want)
{
    char *t = odf(body);
    assert_string_equal(t, want);
    free(t);
}

#define P(x) "<w:p>" x "</w:p>"
#define R(x) "<w:r>" x "</w:r>"
#define T(x) "<w:t xml:space=\"preserve\">" x "</w:t>"
#define BOLD "<w:rPr><w:b/></w:rPr>"
#define RT(x) R(T(x))
#define RB(x) R(BOLD T(x))

#define TC(x) "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>" x "</w:tc>"
#define TR(x) "<w:tr>" x "</w:tr>"
#define TBL(x) "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>" x "</w:tbl>"
#define TP(x) "<text:p text:style-name=\"Standard\">" x "</text:p>"

#endif
