/* tests/unit/io/read/test_document.c — the entry point and the XML stream
 * (io/read/document.h): XML bombs and errors, an empty body, bad arguments, silence on
 * stderr, threads, and flipped bytes anywhere. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "docfixture.h"

static void test_err_xml_bomb(void **state)
{
    (void)state;
    const char *laughs =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
        " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
        " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
        " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
        " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
        "]>\n"
        "<w:document xmlns:w=\"" W_NS "\"><w:body>" P(RT("&lol9;")) "</w:body></w:document>";
    size_t n;
    unsigned char *z = docx_raw(laughs, 0, &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "refused: word/document.xml declares a DOCTYPE (entity expansion "
                               "is not allowed)");
    free(z);
    /* An external entity (XXE) is refused the same way, for ODT too. */
    entry x[] = {{"content.xml", "<?xml version=\"1.0\"?><!DOCTYPE d SYSTEM \"file:///etc/passwd\">"
                                 "<office:document-content/>", 0}};
    z = mkzip(x, 1, &n);
    e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "refused: content.xml declares a DOCTYPE (entity expansion is not "
                               "allowed)");
    free(z);
    /* Without a DOCTYPE, an undeclared entity is an XML error. */
    z = docx_raw("<w:document xmlns:w=\"" W_NS "\"><w:body>" P(RT("&xxe;"))
                 "</w:body></w:document>", 0, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(
        strstr(e.msg, "XML error in word/document.xml at line 1: Entity 'xxe' not defined"));
    free(z);
}

static void test_err_malformed_xml(void **state)
{
    (void)state;
    size_t n;
    unsigned char *z = docx_raw("<?xml version=\"1.0\"?>\n<w:document xmlns:w=\"" W_NS "\">\n"
                                "<w:body>\n<w:p><w:r><w:t>x</w:t></w:r>\n</w:body>\n"
                                "</w:document>\n", 0, &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "XML error in word/document.xml at line 5: "));
    assert_non_null(strstr(e.msg, "mismatch"));
    free(z);
    /* Cut short: the document never ends. */
    z = docx_raw("<w:document xmlns:w=\"" W_NS "\"><w:body><w:p>", 0, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "XML error in word/document.xml at line 1"));
    free(z);
    /* Empty part, binary part, undeclared namespace prefix. */
    entry e0[] = {{"word/document.xml", "", 0}};
    z = mkzip(e0, 1, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "XML error in word/document.xml at line 1"));
    free(z);
    z = docx_raw("\x01\x02\x03\xff\xfe binary", 13, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "XML error in word/document.xml"));
    free(z);
    /* A declared encoding the bytes do not fit: libxml2 reports it outside its context. */
    z = docx_raw("<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><w:document xmlns:w=\"" W_NS
                 "\"><w:body><w:p><w:r><w:t>\x1b$B\xff\xff\x1b(B</w:t></w:r></w:p></w:body>"
                 "</w:document>", 0, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "XML error in word/document.xml at line 1: the text cannot be "
                               "decoded in the character encoding it declares");
    free(z);
    z = docx_raw("<w:document><w:body>" P(RT("x")) "</w:body></w:document>", 0, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "XML error in word/document.xml at line 1: Namespace prefix w"));
    free(z);
}

static void test_err_empty_body(void **state)
{
    (void)state;
    size_t n;
    unsigned char *z = docx("", &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "no text in the document body");
    free(z);
    /* Empty paragraphs, a deleted paragraph's text and headings only: still no text. */
    z = docx("<w:p/>" P(RT("   ")) P("<w:del>" RT("weg") "</w:del>")
             P("<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>" RT("Kop")) "<w:sectPr/>", &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "no text in the document body");
    free(z);
    z = odt("<text:p/><text:sequence-decls/>", &n);
    e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "no text in the document body");
    free(z);
}

static void test_err_arguments(void **state)
{
    (void)state;
    char *t;
    size_t tn;
    rd_err e = {0};
    assert_int_equal(rd_document_text("PK", 2, 7, &t, &tn, &e), RD_EINVAL);
    assert_null(t);
    assert_int_equal(rd_document_text(NULL, 5, RD_DOCUMENT_WORD, &t, &tn, &e), RD_EINVAL);
    assert_int_equal(rd_document_text("PK", 2, RD_DOCUMENT_WORD, &t, &tn, NULL), RD_EDATA);
}

/* libxml2 must print nothing, whatever the input: fd 2 goes to a file meanwhile. */
static void test_nothing_on_stderr(void **state)
{
    (void)state;
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    fflush(stderr);
    int saved = dup(2);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(tmp), 2) >= 0);
    const char *bad[] = {
        "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p></w:body>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:document xmlns:w=\"" W_NS "\"/>",
        "<?xml version=\"1.0\" encoding=\"bogus-8\"?><w:document xmlns:w=\"" W_NS "\"/>",
        "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><w:document xmlns:w=\"" W_NS "\">"
        "<w:body><w:p><w:r><w:t>\x1b$B\xff\xff\x1b(B</w:t></w:r></w:p></w:body></w:document>",
        "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>\xc3\x28</w:t></w:r></w:p>"
        "</w:body></w:document>",
        "<w:document xmlns:w=\"" W_NS "\" xmlns:w=\"x\"/>",
        "<w:document xmlns:w=\"not a uri\"><w:body/></w:document>",
        "<!DOCTYPE x [<!ENTITY a SYSTEM \"http://example.invalid/\">]><x>&a;</x>",
        "<x>&#0;</x>",
        "<?xml version=\"1.1\"?><x>&#1;</x>",
        "\xef\xbb\xbf<x/>",
        "\xff\xfe<\0x\0/\0>\0",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t n, len = strlen(bad[i]);
        if (i + 1 == sizeof bad / sizeof *bad)
            len = 10;
        unsigned char *z = docx_raw(bad[i], len, &n);
        char *t = NULL;
        size_t tn;
        rd_err e;
        if (rd_document_text(z, n, RD_DOCUMENT_WORD, &t, &tn, &e) == RD_OK)
            free(t);
        free(z);
    }
    fflush(stderr);
    assert_true(dup2(saved, 2) >= 0);
    close(saved);
    assert_int_equal(fseek(tmp, 0, SEEK_END), 0);
    long written = ftell(tmp);
    fclose(tmp);
    assert_int_equal(written, 0);
}

typedef struct {
    const unsigned char *good, *bad;
    size_t good_n, bad_n;
    int failures;
} thread_job;

static void *thread_main(void *arg)
{
    thread_job *j = arg;
    for (int i = 0; i < 40; i++) {
        char *t = NULL;
        size_t tn;
        rd_err e;
        if (rd_document_text(j->good, j->good_n, RD_DOCUMENT_WORD, &t, &tn, &e) != RD_OK ||
            strcmp(t, "Jan: een\n# Kop\n") != 0)
            j->failures++;
        free(t);
        t = NULL;
        if (rd_document_text(j->bad, j->bad_n, RD_DOCUMENT_WORD, &t, &tn, &e) != RD_EDATA ||
            !strstr(e.msg, "at line 3:"))
            j->failures++;
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    size_t gn, bn;
    unsigned char *good = docx(P(RB("Jan") RT(" een"))
                               P("<w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr>" RT("Kop")), &gn);
    unsigned char *bad = docx_raw("<w:document xmlns:w=\"" W_NS "\">\n<w:body>\n</w:bod>", 0, &bn);
    enum { NT = 4 };
    pthread_t th[NT];
    thread_job jobs[NT];
    for (int i = 0; i < NT; i++) {
        jobs[i] = (thread_job){good, bad, gn, bn, 0};
        assert_int_equal(pthread_create(&th[i], NULL, thread_main, &jobs[i]), 0);
    }
    for (int i = 0; i < NT; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].failures, 0);
    }
    free(good);
    free(bad);
}

/* Flipped bytes anywhere in a document: an error or valid text, never a crash. */
static void test_mutations(void **state)
{
    (void)state;
    size_t n;
    unsigned char *z = docx(TBL(TR(TC(P(RB("Jan:") RT(" a"))) TC(P(RT("b")))))
                            P("<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>" RT("k"))
                            P(R("<mc:AlternateContent><mc:Choice><w:txbxContent>" P(RT("c"))
                                "</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>"
                                P(RT("d")) "</w:txbxContent></mc:Fallback></mc:AlternateContent>")),
                            &n);
    unsigned char *m = malloc(n);
    assert_non_null(m);
    uint32_t x = 42;
    int ok = 0;
    for (int it = 0; it < 3000; it++) {
        memcpy(m, z, n);
        int flips = 1 + it % 4;
        for (int f = 0; f < flips; f++) {
            x = x * 1664525u + 1013904223u;
            size_t at = (x >> 8) % n;
            x = x * 1664525u + 1013904223u;
            m[at] = (unsigned char)(x >> 24);
        }
        char *t = NULL;
        size_t tn = 0;
        rd_err e = {0};
        rd_status rc = rd_document_text(m, n, it % 7 ? RD_DOCUMENT_WORD : RD_DOCUMENT_ODT, &t, &tn, &e);
        if (rc == RD_OK) {
            assert_true(rd_utf8_valid(t, tn, NULL));
            assert_int_equal(strlen(t), tn);
            ok++;
            free(t);
        } else {
            assert_null(t);
            assert_true(e.msg[0] != '\0');
        }
    }
    assert_true(ok > 0); /* flips in unread bytes (names, times) keep the document readable */
    free(m);
    free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_err_xml_bomb),
        cmocka_unit_test(test_err_malformed_xml),
        cmocka_unit_test(test_err_empty_body),
        cmocka_unit_test(test_err_arguments),
        cmocka_unit_test(test_nothing_on_stderr),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
