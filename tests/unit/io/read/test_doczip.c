/* tests/unit/io/read/test_doczip.c — the zip container (io/read/doczip.h): what is not
 * a zip, a missing or renamed main part, damage, zip bombs, the size limit, an ODT's
 * mimetype and manifest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docfixture.h"
#include "io/read/doczip.h"

static void test_odt_mimetype(void **state)
{
    (void)state;
    size_t n;
    /* No mimetype entry: fine. */
    unsigned char *z = odt_with(NULL, TP("zonder mimetype"), &n);
    char *t = read_ok(z, n, RD_DOCUMENT_ODT);
    assert_string_equal(t, "zonder mimetype\n");
    free(t);
    z = odt_with("application/vnd.oasis.opendocument.spreadsheet", TP("x"), &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "not an OpenDocument text (mimetype "
                               "application/vnd.oasis.opendocument.spreadsheet)");
    free(z);
    /* LibreOffice's password protection: the manifest declares encrypted entries. */
    entry enc[] = {{"mimetype", "application/vnd.oasis.opendocument.text", 0},
                   {"META-INF/manifest.xml", "<manifest:manifest xmlns:manifest=\"urn:oasis:names:"
                    "tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path="
                    "\"content.xml\"><manifest:encryption-data/></manifest:file-entry>"
                    "</manifest:manifest>", 0},
                   {"content.xml", "\x8f\x12\xa0garbage", 0}};
    z = mkzip(enc, 3, &n);
    e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_non_null(strstr(e.msg, "password-protected"));
    free(z);
}

static void test_err_not_a_zip(void **state)
{
    (void)state;
    unsigned char junk[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 24);
    }
    rd_err e = read_fail(junk, sizeof junk, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "not a zip archive");
    e = read_fail("", 0, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "not a zip archive (the file is empty)");
    e = read_fail("Interviewer: dit is platte tekst\n", 33, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "not a zip archive");
    /* An encrypted .docx is an OLE compound file. */
    e = read_fail("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "password-protected"));
}

static void test_err_missing_part(void **state)
{
    (void)state;
    size_t n;
    entry e1[] = {{"xl/workbook.xml", "<workbook/>", 0}};
    unsigned char *z = mkzip(e1, 1, &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "not a Word document (a zip without word/document.xml)");
    e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "not an OpenDocument text (a zip without content.xml)");
    free(z);
    /* An .odt read as Word says what it looks like. */
    z = odt(TP("x"), &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "not a Word document (a zip without word/document.xml; it looks "
                               "like an OpenDocument file)");
    free(z);
}

static void test_err_truncated(void **state)
{
    (void)state;
    size_t n;
    unsigned char *z = docx(P(RT("Een paragraaf met wat tekst erin.")), &n);
    rd_err e = read_fail(z, n / 2, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "damaged or truncated zip archive ("));
    /* Every cut gives an error, never a crash (and never text from half an entry). */
    for (size_t k = 1; k < n; k++)
        read_fail(z, k, RD_DOCUMENT_WORD, RD_EDATA);
    free(z);
}

static void test_err_zip_bomb(void **state)
{
    (void)state;
    size_t big = 10u << 20, n;
    char *spaces = malloc(big);
    assert_non_null(spaces);
    memset(spaces, ' ', big);
    entry e1[] = {{"word/document.xml", spaces, big}};
    unsigned char *z = mkzip(e1, 1, &n);
    assert_true(n < big / 200);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "word/document.xml expands "));
    assert_non_null(strstr(e.msg, " times, over the limit of 200 (a zip bomb?)"));
    free(z);
    free(spaces);
}

/* The central directory claims 300 MB uncompressed: refused before anything is read. */
static void test_err_size_limit(void **state)
{
    (void)state;
    size_t n;
    unsigned char *z = docx(P(RT("x")), &n);
    int patched = 0;
    for (size_t i = 0; i + 46 < n; i++) {
        if (memcmp(z + i, "PK\x01\x02", 4) == 0 &&
            memcmp(z + i + 46, "word/document.xml", 17) == 0) {
            uint32_t v = 300u << 20;
            for (int b = 0; b < 4; b++)
                z[i + 24 + b] = (unsigned char)(v >> (8 * b));
            patched = 1;
        }
    }
    assert_true(patched);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    char want[200];
    snprintf(want, sizeof want, "word/document.xml is %u bytes uncompressed, over the limit of %zu",
             300u << 20, (size_t)RD_DOCUMENT_MAX_XML);
    assert_string_equal(e.msg, want);
    free(z);
}

static void test_part_names_and_failures(void **state)
{
    (void)state;
    rd_err e;
    assert_string_equal(rd__doczip_part(RD_DOCUMENT_WORD), "word/document.xml");
    assert_string_equal(rd__doczip_part(RD_DOCUMENT_ODT), "content.xml");
    assert_int_equal(rd__doczip_fail(&e, ZIP_ER_MEMORY, "x.xml", "m"), RD_ENOMEM);
    assert_int_equal(rd__doczip_fail(&e, ZIP_ER_WRONGPASSWD, "x.xml", "m"), RD_EDATA);
    assert_string_equal(e.msg, "x.xml is encrypted (a password-protected document)");
    assert_int_equal(rd__doczip_fail(&e, ZIP_ER_NOPASSWD, "x.xml", "m"), RD_EDATA);
    assert_string_equal(e.msg, "x.xml is encrypted (a password-protected document)");
    assert_int_equal(rd__doczip_fail(&e, ZIP_ER_COMPNOTSUPP, "x.xml", "m"), RD_EDATA);
    assert_string_equal(e.msg, "x.xml uses a compression method that cannot be read (m)");
    assert_int_equal(rd__doczip_fail(&e, ZIP_ER_CRC, "x.xml", "CRC error"), RD_EDATA);
    assert_string_equal(e.msg, "damaged or truncated zip archive (x.xml: CRC error)");
}

static void test_open_and_find(void **state)
{
    (void)state;
    size_t n;
    zip_t *za = NULL;
    zip_int64_t idx = -1;
    zip_uint64_t size = 0;
    rd_err e;
    const char *xml = "<w:document xmlns:w=\"" W_NS "\"/>";
    entry e1[] = {{"docProps/app.xml", "<x/>", 0}, {"WORD/Document.XML", xml, 0}};
    unsigned char *z = mkzip(e1, 2, &n);
    assert_int_equal(rd__doczip_open(z, n, RD_DOCUMENT_WORD, &za, &e), RD_OK);
    /* Word's part is found whatever its case; its size is the directory's. */
    assert_int_equal(rd__doczip_main_part(za, n, RD_DOCUMENT_WORD, &idx, &size, &e), RD_OK);
    assert_int_equal(idx, 1);
    assert_int_equal(size, strlen(xml));
    /* ... but an ODT's content.xml only by its exact name; a .docx read as ODT says so. */
    assert_int_equal(rd__doczip_main_part(za, n, RD_DOCUMENT_ODT, &idx, &size, &e), RD_EDATA);
    assert_string_equal(e.msg, "not an OpenDocument text (a zip without content.xml; it looks "
                               "like a Word document)");
    zip_discard(za);
    free(z);
    /* An OLE file as ODT; a zip whose central directory is cut off. */
    assert_int_equal(rd__doczip_open("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....", 12, RD_DOCUMENT_ODT,
                                     &za, &e), RD_EDATA);
    assert_null(za);
    assert_string_equal(e.msg, "not a zip archive (an OLE compound file: a password-protected "
                               "or old binary document?)");
    z = docx(P(RT("tekst")), &n);
    assert_int_equal(rd__doczip_open(z, 40, RD_DOCUMENT_WORD, &za, &e), RD_EDATA);
    assert_string_equal(e.msg, "damaged or truncated zip archive (its central directory is "
                               "missing: the file may be cut short)");
    free(z);
}

static void test_encrypted_part(void **state)
{
    (void)state;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    zip_source_keep(src);
    const char *xml = "<w:document xmlns:w=\"" W_NS "\"><w:body>" P(RT("geheim")) "</w:body>"
                      "</w:document>";
    zip_int64_t i = zip_file_add(za, "word/document.xml",
                                 zip_source_buffer(za, xml, strlen(xml), 0), 0);
    assert_true(i >= 0);
    if (zip_file_set_encryption(za, (zip_uint64_t)i, ZIP_EM_AES_256, "wachtwoord") != 0) {
        zip_discard(za);
        zip_source_free(src);
        skip(); /* libzip built without encryption */
    }
    assert_int_equal(zip_close(za), 0);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
    size_t n = (size_t)zip_source_tell(src);
    assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
    unsigned char *buf = malloc(n);
    assert_non_null(buf);
    assert_int_equal(zip_source_read(src, buf, n), (zip_int64_t)n);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    rd_err e = read_fail(buf, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "word/document.xml is encrypted (a password-protected document)");
    free(buf);
}

static void test_odt_mimetype_forms(void **state)
{
    (void)state;
    size_t n;
    /* A template, and a trailing line end, are fine. */
    unsigned char *z = odt_with("application/vnd.oasis.opendocument.text-template", TP("sjabloon"),
                                &n);
    char *t = read_ok(z, n, RD_DOCUMENT_ODT);
    assert_string_equal(t, "sjabloon\n");
    free(t);
    z = odt_with("application/vnd.oasis.opendocument.text\r\n", TP("x"), &n);
    t = read_ok(z, n, RD_DOCUMENT_ODT);
    assert_string_equal(t, "x\n");
    free(t);
    /* Empty, or with control characters (shown as '?'). */
    z = odt_with(" ", TP("x"), &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "not an OpenDocument text (mimetype is empty)");
    free(z);
    z = odt_with("text/\x01plain", TP("x"), &n);
    e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "not an OpenDocument text (mimetype text/?plain)");
    free(z);
    /* Over 256 bytes: refused as it is read. */
    char big[300];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    z = odt_with(big, TP("x"), &n);
    e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "mimetype is 299 bytes, more than expected (at most 256)");
    free(z);
    /* A manifest without encrypted entries is no reason to refuse. */
    entry ok[] = {{"META-INF/manifest.xml", "<manifest:manifest/>", 0},
                  {"content.xml", ODT_HEAD "<office:body><office:text>" TP("leesbaar")
                   "</office:text></office:body></office:document-content>", 0}};
    z = mkzip(ok, 2, &n);
    t = read_ok(z, n, RD_DOCUMENT_ODT);
    assert_string_equal(t, "leesbaar\n");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_odt_mimetype),
        cmocka_unit_test(test_err_not_a_zip),
        cmocka_unit_test(test_err_missing_part),
        cmocka_unit_test(test_err_truncated),
        cmocka_unit_test(test_err_zip_bomb),
        cmocka_unit_test(test_err_size_limit),
        cmocka_unit_test(test_part_names_and_failures),
        cmocka_unit_test(test_open_and_find),
        cmocka_unit_test(test_encrypted_part),
        cmocka_unit_test(test_odt_mimetype_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
