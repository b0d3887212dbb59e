/* tests/unit/io/read/test_pdf.c — the text layer of a PDF through pdftotext in a child
 * (io/read/pdf.h): a small PDF written here with a text layer (read when poppler-utils is
 * installed, skipped with a message when not), one without (a "scan"), a damaged one, not
 * a PDF at all; and, with stand-in tools written as shell scripts, every way the child can
 * end: a hang stopped by the timeout, a crash, endless output stopped by the size limit, a
 * password refusal, control characters and form feeds cleaned, output that is not UTF-8,
 * a tool that is not there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sys/stat.h>

#include "io/read/pdf.h"
#include "tmpfolder.h"

/* A PDF of one page per entry of pages (lines separated by '\n'), Helvetica, WinAnsi;
 * NULL pages have no text (as a scan). Written with correct xref offsets. */
static size_t make_pdf(char *out, size_t cap, const char *const *pages, size_t n_pages)
{
    size_t off[32], n = 0, k = 0;
    char obj[4096];
    assert_true(n_pages <= 8);
#define PUT(...) (k += (size_t)snprintf(out + k, cap - k, __VA_ARGS__))
    PUT("%%PDF-1.4\n");
    off[++n] = k;
    PUT("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    off[++n] = k;
    PUT("2 0 obj\n<< /Type /Pages /Count %zu /Kids [", n_pages);
    for (size_t p = 0; p < n_pages; p++)
        PUT(" %zu 0 R", 4 + 2 * p);
    PUT(" ] >>\nendobj\n");
    off[++n] = k;
    PUT("3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
        "/WinAnsiEncoding >>\nendobj\n");
    for (size_t p = 0; p < n_pages; p++) {
        size_t o = (size_t)snprintf(obj, sizeof obj, "BT /F1 11 Tf 14 TL 50 780 Td\n");
        for (const char *l = pages[p]; l && *l;) {
            size_t len = strcspn(l, "\n");
            o += (size_t)snprintf(obj + o, sizeof obj - o, "(%.*s) Tj T*\n", (int)len, l);
            l += len + (l[len] == '\n');
        }
        o += (size_t)snprintf(obj + o, sizeof obj - o, "ET");
        off[++n] = k;
        PUT("%zu 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
            "/Font << /F1 3 0 R >> >> /Contents %zu 0 R >>\nendobj\n", n, n + 1);
        off[++n] = k;
        PUT("%zu 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n", n, o, obj);
    }
    size_t xref = k;
    PUT("xref\n0 %zu\n0000000000 65535 f \n", n + 1);
    for (size_t i = 1; i <= n; i++)
        PUT("%010zu 00000 n \n", off[i]);
    PUT("trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1, xref);
#undef PUT
    assert_true(k < cap);
    return k;
}

static int have_pdftotext(void)
{
    return system("command -v pdftotext >/dev/null 2>&1") == 0;
}

static void test_text_layer(void **state)
{
    (void)state;
    if (!have_pdftotext()) {
        print_message("pdftotext not installed (Debian package poppler-utils): skipped\n");
        skip();
    }
    static const char *const pages[] = {
        "Interviewer: Hoe bevalt de woning?\nBewoner: De kozijnen rotten.\nDat is vervelend.",
        "Interviewer: En de buurt?\nBewoner: Prima, idee\353n genoeg."};
    char pdf[8192], *text = NULL;
    size_t n = make_pdf(pdf, sizeof pdf, pages, 2), tn = 0;
    rd_err err = {0};
    assert_int_equal(rd_pdf_text(pdf, n, NULL, &text, &tn, &err), RD_OK);
    assert_int_equal(strlen(text), tn);
    assert_null(strchr(text, '\f'));
    /* pages in order, one text line per line; line numbers are those of pdftotext's text */
    assert_memory_equal(text, "Interviewer: Hoe bevalt de woning?\nBewoner: De kozijnen "
                        "rotten.\nDat is vervelend.\n", 79);
    assert_non_null(strstr(text, "\nInterviewer: En de buurt?\nBewoner: Prima, ideeën genoeg."));
    free(text);
}

static void test_no_text_layer(void **state)
{
    (void)state;
    if (!have_pdftotext())
        skip();
    static const char *const pages[] = {NULL, NULL};
    char pdf[8192], *text = (char *)"not null";
    size_t n = make_pdf(pdf, sizeof pdf, pages, 2), tn = 9;
    rd_err err = {0};
    assert_int_equal(rd_pdf_text(pdf, n, NULL, &text, &tn, &err), RD_EDATA);
    assert_null(text);
    assert_int_equal(tn, 0);
    assert_non_null(strstr(err.msg, "no text layer (a scanned PDF?): run OCR first"));
}

static void test_damaged(void **state)
{
    (void)state;
    char pdf[8192], *text = NULL;
    size_t tn;
    rd_err err = {0};
    static const char *const pages[] = {"Bewoner: tekst"};
    size_t n = make_pdf(pdf, sizeof pdf, pages, 1);
    assert_int_equal(rd_pdf_text("GIF89a....", 10, NULL, &text, &tn, &err), RD_EDATA);
    assert_string_equal(err.msg, "not a PDF file (no %PDF- header in its first 1024 bytes)");
    if (!have_pdftotext())
        skip();
    assert_int_equal(rd_pdf_text(pdf, n / 3, NULL, &text, &tn, &err), RD_EDATA);
    assert_null(text);
    assert_non_null(strstr(err.msg, "damaged PDF: pdftotext could not read it ("));
}

/* A stand-in for pdftotext: a shell script body, made executable in the test folder. */
static const char *tool(const char *name, const char *body)
{
    char script[1024];
    snprintf(script, sizeof script, "#!/bin/sh\n%s\n", body);
    put(name, script);
    assert_int_equal(chmod(at(name), 0755), 0);
    return at(name);
}

/* Runs the stand-in on a minimal PDF; returns its status, *text and err set. */
static rd_status run_with(const char *t, unsigned timeout_s, size_t max_text, char **text,
                          rd_err *err)
{
    static const char pdf[] = "%PDF-1.4\n%%EOF\n";
    size_t tn;
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s", t);
    rd_pdf_opts o = {.tool = path, .timeout_s = timeout_s, .max_text = max_text};
    return rd_pdf_text(pdf, sizeof pdf - 1, &o, text, &tn, err);
}

static void test_stand_ins(void **state)
{
    (void)state;
    char *text = NULL;
    rd_err err = {0};
    /* a hang: stopped by the wall-clock timeout, the call returns */
    assert_int_equal(run_with(tool("hang", "exec sleep 60"), 1, 0, &text, &err), RD_EDATA);
    assert_string_equal(err.msg, "pdftotext took longer than 1 s on this PDF and was stopped "
                        "(a damaged or very large PDF?)");
    /* a crash */
    assert_int_equal(run_with(tool("crash", "kill -SEGV $$"), 5, 0, &text, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "pdftotext crashed on this PDF (signal 11, SIGSEGV"));
    /* endless text: stopped at the limit */
    assert_int_equal(run_with(tool("endless", "exec yes Bewoner"), 20, 1 << 20, &text, &err),
                     RD_EDATA);
    assert_string_equal(err.msg, "its text is over 1 MB, the limit per file (pdftotext was "
                        "stopped)");
    /* a password */
    assert_int_equal(run_with(tool("pw", "echo 'Command Line Error: Incorrect password' >&2; "
                                   "exit 1"), 5, 0, &text, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "password-protected PDF"));
    /* another failure: its message is shown */
    assert_int_equal(run_with(tool("fail", "echo 'Syntax Warning: x' >&2; echo 'Syntax Error: "
                                   "broken \033[31mxref' >&2; exit 1"), 5, 0, &text, &err),
                     RD_EDATA);
    assert_string_equal(err.msg, "damaged PDF: pdftotext could not read it (Syntax Error: "
                        "broken  [31mxref)");
    assert_int_equal(run_with(tool("exit2", "exit 2"), 5, 0, &text, &err), RD_EDATA);
    assert_string_equal(err.msg, "pdftotext failed on this PDF (exit 2: no message)");
    /* form feeds dropped, NUL and other controls made spaces */
    assert_int_equal(run_with(tool("ctl", "printf 'Bewoner: a\\000b\\033c\\tz\\n\\f"
                                   "Bewoner: d\\n\\f'"), 5, 0, &text, &err), RD_OK);
    assert_string_equal(text, "Bewoner: a b c\tz\nBewoner: d\n");
    free(text);
    text = NULL;
    assert_int_equal(run_with(tool("latin", "printf 'caf\\351\\n'"), 5, 0, &text, &err),
                     RD_EDATA);
    assert_string_equal(err.msg, "the text pdftotext extracted is not valid UTF-8 at byte 3");
    assert_int_equal(run_with(tool("blank", "printf ' \\n\\f\\n\\f'"), 5, 0, &text, &err),
                     RD_EDATA);
    assert_non_null(strstr(err.msg, "no text layer"));
    /* not there */
    assert_int_equal(run_with(at("nergens/pdftotext"), 5, 0, &text, &err), RD_ENOINPUT);
    assert_non_null(strstr(err.msg, "is not installed (Debian package poppler-utils)"));
    assert_null(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_layer),
        cmocka_unit_test(test_no_text_layer),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test_setup_teardown(test_stand_ins, tmp_setup, tmp_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
