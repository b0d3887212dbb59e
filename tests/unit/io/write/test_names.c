/* tests/unit/io/write/test_names.c — reading names.tsv back: a BOM and CRLF accepted, the
 * header checked, empty names and blank lines left out, names and terms trimmed, many
 * names and terms (the arrays grow), and each refusal with its status and message: a
 * missing or empty file, a wrong header, a line without three fields, a segment that is
 * not a number, a name given twice, invalid UTF-8 or UTF-16 (byte and line). Files as
 * Excel saves them: Windows-1252 (with the transcripts' warning) and UTF-16 LE with a BOM.
 * After a failure the result is empty. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>

#include "engine/strbuf.h"
#include "io/write/names.h"
#include "tests/unit/tmpdir.h"

#define HEADER "segment\tname\ttop_terms\n"

/* Writes n bytes of text to test_dir/names.tsv and reads it; the path is left in path. */
static rd_status read_text(const char *text, size_t n, rd_names *out, rd_err *err, char *path)
{
    assert_int_equal(tmpdir_put(test_dir, "names.tsv", text, n), 0);
    tmpdir_path(path, test_dir, "names.tsv");
    memset(out, 0, sizeof *out);
    return rd_names_read(path, out, err);
}

/* Reads text, expects code and the message "PATH<rest>", and an empty result. */
static void expect_fail(const char *text, rd_status code, const char *rest)
{
    char path[PATH_MAX], want[2 * PATH_MAX];
    rd_names nm;
    rd_err err = {0};
    assert_int_equal(read_text(text, strlen(text), &nm, &err, path), code);
    assert_int_equal(err.code, code);
    snprintf(want, sizeof want, "%s%s", path, rest);
    assert_string_equal(err.msg, want);
    assert_null(nm.v);
    assert_int_equal(nm.n, 0);
    rd_names_free(&nm);
}

static void test_read(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF"
                               "segment\tname\ttop_terms\r\n"
                               "1\tDe Zoekers\thuur; wachtlijst;  ; woning\r\n"
                               "2\t\tbuurt; groen\r\n"
                               "\r\n"
                               "3\t  Doorstromers \t doorstromen \n"
                               "4\tStille huurders\t\n"
                               "\n";
    char path[PATH_MAX];
    rd_names nm;
    rd_err err = {0};
    assert_int_equal(read_text(text, sizeof text - 1, &nm, &err, path), RD_OK);
    assert_int_equal(nm.n, 3);
    assert_int_equal(nm.v[0].segment, 1);
    assert_string_equal(nm.v[0].name, "De Zoekers");
    assert_int_equal(nm.v[0].line, 2);
    assert_int_equal(nm.v[0].n_terms, 3);
    assert_string_equal(nm.v[0].terms[0], "huur");
    assert_string_equal(nm.v[0].terms[1], "wachtlijst");
    assert_string_equal(nm.v[0].terms[2], "woning");
    assert_int_equal(nm.v[1].segment, 3);
    assert_string_equal(nm.v[1].name, "Doorstromers");
    assert_int_equal(nm.v[1].line, 5);
    assert_int_equal(nm.v[1].n_terms, 1);
    assert_string_equal(nm.v[1].terms[0], "doorstromen");
    assert_int_equal(nm.v[2].segment, 4);
    assert_string_equal(nm.v[2].name, "Stille huurders");
    assert_int_equal(nm.v[2].line, 6);
    assert_int_equal(nm.v[2].n_terms, 0);
    rd_names_free(&nm);
    assert_null(nm.v);
    assert_int_equal(nm.n, 0);
    rd_names_free(&nm); /* again: nothing left */
    rd_names_free(NULL);
}

/* The formula guard names.tsv is written with comes off again; a ' that guards nothing
 * stays (a name may start with one). */
static void test_guard_removed(void **state)
{
    (void)state;
    static const char text[] = HEADER
                               "1\t'=cmd|' /C calc'!A0\t'-2+3; huur\n"
                               "2\t' @SUM(A1)\t'@x\n"
                               "3\t-40 plus\t 'huur; -1\n"
                               "4\t's Avonds\t's avonds\n";
    char path[PATH_MAX];
    rd_names nm;
    rd_err err = {0};
    assert_int_equal(read_text(text, sizeof text - 1, &nm, &err, path), RD_OK);
    assert_int_equal(nm.n, 4);
    assert_string_equal(nm.v[0].name, "=cmd|' /C calc'!A0");
    assert_string_equal(nm.v[0].terms[0], "-2+3");
    assert_string_equal(nm.v[0].terms[1], "huur");
    assert_string_equal(nm.v[1].name, "@SUM(A1)");
    assert_string_equal(nm.v[1].terms[0], "@x");
    assert_string_equal(nm.v[2].name, "-40 plus");
    assert_string_equal(nm.v[2].terms[0], "'huur");
    assert_string_equal(nm.v[2].terms[1], "-1");
    assert_string_equal(nm.v[3].name, "'s Avonds");
    assert_string_equal(nm.v[3].terms[0], "'s avonds");
    rd_names_free(&nm);
}

/* A header only: no names, no error; a header with more after top_terms is accepted. */
static void test_header_only(void **state)
{
    (void)state;
    char path[PATH_MAX];
    rd_names nm;
    rd_err err = {0};
    assert_int_equal(read_text(HEADER, strlen(HEADER), &nm, &err, path), RD_OK);
    assert_int_equal(nm.n, 0);
    rd_names_free(&nm);
    static const char wide[] = "segment\tname\ttop_terms\tnotes\n1\tA\tx; y\tlater\n";
    assert_int_equal(read_text(wide, strlen(wide), &nm, &err, path), RD_OK);
    assert_int_equal(nm.n, 1);
    assert_string_equal(nm.v[0].name, "A");
    assert_int_equal(nm.v[0].n_terms, 2);
    assert_string_equal(nm.v[0].terms[1], "y");
    rd_names_free(&nm);
}

/* More names than the first 16 slots and more terms than one: everything kept in order. */
static void test_many(void **state)
{
    (void)state;
    enum { NAMES = 100, TERMS = 37 };
    char path[PATH_MAX];
    rd_names nm;
    rd_err err = {0};
    rd_buf b = {0};
    rd_buf_str(&b, HEADER);
    for (int i = 1; i <= NAMES; i++) {
        rd_buf_printf(&b, "%d\tnaam %d\t", i, i);
        for (int t = 0; t < TERMS; t++)
            rd_buf_printf(&b, "%sterm%d_%d", t ? "; " : "", i, t);
        rd_buf_str(&b, "\n");
    }
    assert_false(b.oom);
    assert_int_equal(read_text(b.s, b.n, &nm, &err, path), RD_OK);
    assert_int_equal(nm.n, NAMES);
    for (int i = 0; i < NAMES; i++) {
        char want[64];
        snprintf(want, sizeof want, "naam %d", i + 1);
        assert_string_equal(nm.v[i].name, want);
        assert_int_equal(nm.v[i].segment, i + 1);
        assert_int_equal(nm.v[i].line, i + 2);
        assert_int_equal(nm.v[i].n_terms, TERMS);
        for (int t = 0; t < TERMS; t++) {
            snprintf(want, sizeof want, "term%d_%d", i + 1, t);
            assert_string_equal(nm.v[i].terms[t], want);
        }
    }
    rd_names_free(&nm);
    free(b.s);
}

static void test_missing_and_empty(void **state)
{
    (void)state;
    char path[PATH_MAX], want[2 * PATH_MAX];
    rd_names nm = {0};
    rd_err err = {0};
    tmpdir_path(path, test_dir, "absent.tsv");
    assert_int_equal(rd_names_read(path, &nm, &err), RD_ENOINPUT);
    snprintf(want, sizeof want, "%s: cannot open: %s", path, strerror(ENOENT));
    assert_string_equal(err.msg, want);
    assert_null(nm.v);
    expect_fail("", RD_EDATA, ": empty; expected the header \"segment<TAB>name<TAB>top_terms\"");
    expect_fail("\xEF\xBB\xBF", RD_EDATA,
                ": empty; expected the header \"segment<TAB>name<TAB>top_terms\"");
}

static void test_bad_header(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "segment\tname\n1\tA\n",             /* two fields */
        "segments\tname\ttop_terms\n",       /* a longer first field */
        "segment\tnaam\ttop_terms\n",        /* Dutch */
        "segment\tname\tterms\n",            /* third field too short */
        "1\tA\thuur\n",                      /* no header at all */
        "\n" HEADER,                         /* the header must be the first line */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_fail(bad[i], RD_EDATA,
                    ":1: expected the header \"segment<TAB>name<TAB>top_terms\" as rodedraad "
                    "writes it in names.tsv");
}

static void test_bad_lines(void **state)
{
    (void)state;
    expect_fail(HEADER "1\tA\thuur\n2\tB\n", RD_EDATA,
                ":3: expected three tab-separated fields (segment, name, top_terms), found 2");
    expect_fail(HEADER "De Zoekers\n", RD_EDATA,
                ":2: expected three tab-separated fields (segment, name, top_terms), found 1");
    expect_fail(HEADER "een\tA\thuur\n", RD_EDATA,
                ":2: segment \"een\" is not a number of at least 1");
    expect_fail(HEADER "0\tA\thuur\n", RD_EDATA, ":2: segment \"0\" is not a number of at least 1");
    expect_fail(HEADER "-3\tA\thuur\n", RD_EDATA,
                ":2: segment \"-3\" is not a number of at least 1");
    expect_fail(HEADER "2x\tA\thuur\n", RD_EDATA,
                ":2: segment \"2x\" is not a number of at least 1");
    expect_fail(HEADER "\tA\thuur\n", RD_EDATA, ":2: segment \"\" is not a number of at least 1");
    expect_fail(HEADER "99999999999999999999999\tA\thuur\n", RD_EDATA,
                ":2: segment \"99999999999999999999999\" is not a number of at least 1");
}

static void test_name_twice(void **state)
{
    (void)state;
    expect_fail(HEADER "1\tDe Zoekers\thuur\n2\t\t\n3\tAnders\tx\n4\t De Zoekers \tgroen\n",
                RD_EDATA,
                ":5: the name \"De Zoekers\" is also on line 2; give each segment its own name");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* a UTF-8 BOM says UTF-8: 3 + 23 + 5, the bad byte (0xE9, Latin-1 é) is at byte 31 */
    expect_fail("\xEF\xBB\xBF" HEADER "1\tCaf\xE9\thuur\n", RD_EUTF8,
                ": invalid UTF-8 at byte 31 (line 2); save the names file as UTF-8 text "
                "(tab-separated)");
    /* 0x81 is undefined in Windows-1252: not read as it either */
    expect_fail("\x81", RD_EUTF8,
                ": invalid UTF-8 at byte 0 (line 1); save the names file as UTF-8 text "
                "(tab-separated)");
    /* 23 + 9 + 1 + 4: a truncated 4-byte sequence at byte 37, on line 4 */
    expect_fail(HEADER "1\tA\thuur\n\n2\tB\t\xF0\x9F\x98\n", RD_EUTF8,
                ": invalid UTF-8 at byte 37 (line 4); save the names file as UTF-8 text "
                "(tab-separated)");
    /* UTF-16 with an odd byte count: reported at its last byte */
    expect_fail("\xFF\xFEs", RD_EUTF8,
                ": invalid UTF-16 at byte 2 (line 1); save the names file as UTF-8 text "
                "(tab-separated)");
}

/* What Excel writes for "Tekst (tab-gescheiden)": Windows-1252, CRLF. Read, converted,
 * and the transcripts' warning in note. */
static void test_windows_1252(void **state)
{
    (void)state;
    static const char text[] = "segment\tname\ttop_terms\r\n"
                               "1\tCaf\xE9-bezoekers\thuur; \x93wachtlijst\x94\r\n"
                               "2\tZo\xEBkers\t\r\n";
    char path[PATH_MAX], want[2 * PATH_MAX];
    rd_names nm;
    rd_err err = {0};
    assert_int_equal(read_text(text, sizeof text - 1, &nm, &err, path), RD_OK);
    assert_int_equal(nm.n, 2);
    assert_string_equal(nm.v[0].name, "Caf\xC3\xA9-bezoekers");
    assert_int_equal(nm.v[0].n_terms, 2);
    assert_string_equal(nm.v[0].terms[1], "\xE2\x80\x9Cwachtlijst\xE2\x80\x9D");
    assert_string_equal(nm.v[1].name, "Zo\xC3\xABkers");
    assert_int_equal(nm.v[1].line, 3);
    snprintf(want, sizeof want,
             "%s: not valid UTF-8; read as Windows-1252 and converted (save it as UTF-8 to "
             "silence this)",
             path);
    assert_string_equal(nm.note, want);
    rd_names_free(&nm);
}

/* What Excel writes for "Unicode-tekst": UTF-16 LE with a BOM, CRLF. No warning. */
static void test_utf16(void **state)
{
    (void)state;
    const char *utf8 = "segment\tname\ttop_terms\r\n1\tCaf\xC3\xA9-bezoekers\thuur; woning\r\n"
                       "2\t\xF0\x9F\x8F\xA0 Thuis\t\r\n";
    char buf[512], path[PATH_MAX];
    size_t n = 0;
    buf[n++] = '\xFF', buf[n++] = '\xFE';
    for (const unsigned char *p = (const unsigned char *)utf8; *p;) { /* UTF-8 → UTF-16LE */
        unsigned cp;
        if (*p < 0x80) cp = *p++;
        else if (*p < 0xE0) cp = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F), p += 2;
        else if (*p < 0xF0) cp = (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F), p += 3;
        else cp = (unsigned)(p[0] & 0x07) << 18 | (unsigned)(p[1] & 0x3F) << 12 | (unsigned)(p[2] & 0x3F) << 6 | (p[3] & 0x3F), p += 4;
        unsigned u[2], k = 0;
        if (cp >= 0x10000)
            u[k++] = 0xD800 + ((cp - 0x10000) >> 10), u[k++] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
        else
            u[k++] = cp;
        for (unsigned j = 0; j < k; j++)
            buf[n++] = (char)(u[j] & 0xFF), buf[n++] = (char)(u[j] >> 8);
    }
    rd_names nm;
    rd_err err = {0};
    assert_int_equal(read_text(buf, n, &nm, &err, path), RD_OK);
    assert_int_equal(nm.n, 2);
    assert_string_equal(nm.v[0].name, "Caf\xC3\xA9-bezoekers");
    assert_int_equal(nm.v[0].n_terms, 2);
    assert_string_equal(nm.v[0].terms[1], "woning");
    assert_string_equal(nm.v[1].name, "\xF0\x9F\x8F\xA0 Thuis");
    assert_string_equal(nm.note, "");
    rd_names_free(&nm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_guard_removed),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_many),
        cmocka_unit_test(test_missing_and_empty),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_name_twice),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_windows_1252),
        cmocka_unit_test(test_utf16),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
