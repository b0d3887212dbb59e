/* tests/unit/io/read/test_files.c — finding and reading input files (io/read/files.h):
 * sorted order, hidden entries skipped, transcript extensions, a folder without
 * transcripts, missing inputs, symlink loops, the same file reached twice, and whole-file
 * reads. Each test works in its own mkdtemp folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/read/files.h"
#include "tmpfolder.h"

static void dir(const char *rel) { assert_int_equal(mkdir(at(rel), 0777), 0); }

/* Expands the inputs (relative to tmp_base) into files and problems, the files relative
 * to tmp_base. */
typedef struct {
    rd_strlist files;
    rd_errlist problems;
} found;

static found expand(const char *const *rel, size_t n)
{
    found f = {{0}, {0}};
    char *in[16];
    rd_err err = {0};
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++)
        assert_non_null(in[i] = strdup(at(rel[i])));
    assert_int_equal(rd_files_expand(in, n, &f.files, &f.problems, &err), RD_OK);
    for (size_t i = 0; i < n; i++)
        free(in[i]);
    size_t bl = strlen(tmp_base) + 1;
    for (size_t i = 0; i < f.files.n; i++) {
        assert_memory_equal(f.files.v[i], at(""), bl); /* under tmp_base/ */
        memmove(f.files.v[i], f.files.v[i] + bl, strlen(f.files.v[i] + bl) + 1);
    }
    return f;
}

static void expect_files(const found *f, const char *const *want, size_t n)
{
    for (size_t i = 0; i < f->files.n && i < n; i++)
        if (strcmp(f->files.v[i], want[i]) != 0)
            fail_msg("file %zu: got %s, want %s", i, f->files.v[i], want[i]);
    assert_int_equal(f->files.n, n);
}

static void found_free(found *f)
{
    rd_strlist_free(&f->files);
    rd_errlist_free(&f->problems);
}

static void test_sorted_and_filtered(void **state)
{
    (void)state;
    dir("in");
    dir("in/.hid");
    dir("in/sub");
    dir("in/sub/deeper");
    static const char *const names[] = {
        "in/b.txt", "in/a.docx", "in/Z.md", "in/X.TXT", "in/c.csv", "in/d.tsv", "in/e.vtt",
        "in/f.srt", "in/g.odt", "in/notes.pdf", "in/Makefile", "in/.hidden.txt",
        "in/.hid/x.txt", "in/sub/c.srt", "in/sub/deeper/h.txt", "in/txt"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        put(names[i], "x\n");
    const char *in[] = {"in"};
    found f = expand(in, 1);
    /* Sorted by path bytes (capitals first); hidden files and folders, and files without
     * a transcript extension, left out. */
    static const char *const want[] = {"in/X.TXT", "in/Z.md",  "in/a.docx", "in/b.txt",
                                       "in/c.csv", "in/d.tsv", "in/e.vtt",  "in/f.srt",
                                       "in/g.odt", "in/sub/c.srt", "in/sub/deeper/h.txt"};
    expect_files(&f, want, sizeof want / sizeof *want);
    assert_int_equal(f.problems.n, 0);
    found_free(&f);
    /* Argument order does not matter; a named file is taken whatever its extension. */
    const char *in2[] = {"in/notes.pdf", "in/b.txt", "in/Makefile"};
    const char *in3[] = {"in/Makefile", "in/b.txt", "in/notes.pdf"};
    static const char *const want2[] = {"in/Makefile", "in/b.txt", "in/notes.pdf"};
    f = expand(in2, 3);
    expect_files(&f, want2, 3);
    found_free(&f);
    f = expand(in3, 3);
    expect_files(&f, want2, 3);
    found_free(&f);
}

static void test_problems(void **state)
{
    (void)state;
    dir("leeg");
    dir("leeg/sub");
    put("leeg/notities.pdf", "x");
    put("leeg/.verborgen.txt", "x");
    put("leeg/sub/ook.docx.bak", "x");
    dir("goed");
    put("goed/a.txt", "x");
    assert_int_equal(mkfifo(at("pijp"), 0600), 0);
    const char *in[] = {"leeg", "ontbreekt.txt", "goed", "pijp"};
    found f = expand(in, 4);
    static const char *const want[] = {"goed/a.txt"};
    expect_files(&f, want, 1);
    assert_int_equal(f.problems.n, 3);
    char msg[PATH_MAX + 256];
    snprintf(msg, sizeof msg, "%s: no transcripts found in this folder (looked for .txt, .md, "
             ".docx, .odt, .vtt, .srt, .csv and .tsv files)", at("leeg"));
    assert_string_equal(f.problems.v[0].msg, msg);
    assert_int_equal(f.problems.v[0].code, RD_ENOINPUT);
    snprintf(msg, sizeof msg, "%s: no such file or folder", at("ontbreekt.txt"));
    assert_string_equal(f.problems.v[1].msg, msg);
    assert_int_equal(f.problems.v[1].code, RD_ENOINPUT);
    snprintf(msg, sizeof msg, "%s: not a regular file or folder", at("pijp"));
    assert_string_equal(f.problems.v[2].msg, msg);
    found_free(&f);
}

static void test_same_file_once(void **state)
{
    (void)state;
    dir("in");
    dir("in/sub");
    put("in/b.txt", "x\n");
    put("in/sub/c.txt", "x\n");
    assert_int_equal(link(at("in/b.txt"), at("in/hard.txt")), 0);
    assert_int_equal(symlink("b.txt", at("in/link.txt")), 0);
    assert_int_equal(symlink("sub", at("in/alias")), 0);
    /* The folder, a file in it by two spellings, the folder again: each file once, under
     * the first path that reached it (the walk goes in name order). */
    const char *in[] = {"in", "in/b.txt", "in/sub/../b.txt", "in/", "in/sub"};
    found f = expand(in, 5);
    static const char *const want[] = {"in/alias/c.txt", "in/b.txt"};
    expect_files(&f, want, 2);
    assert_int_equal(f.problems.n, 0);
    found_free(&f);
}

static void test_symlink_loops(void **state)
{
    (void)state;
    dir("in");
    dir("in/sub");
    put("in/a.txt", "x\n");
    put("in/sub/b.txt", "x\n");
    assert_int_equal(symlink("..", at("in/sub/up")), 0);
    assert_int_equal(symlink(".", at("in/self")), 0);
    assert_int_equal(symlink("nergens.txt", at("in/dood.txt")), 0);
    assert_int_equal(symlink("nergens.bin", at("in/dood.bin")), 0);
    const char *in[] = {"in"};
    found f = expand(in, 1);
    static const char *const want[] = {"in/a.txt", "in/sub/b.txt"};
    expect_files(&f, want, 2);
    /* A dangling link with a transcript's name is a problem; any other is ignored. */
    assert_int_equal(f.problems.n, 1);
    char msg[PATH_MAX + 256];
    snprintf(msg, sizeof msg, "%s: cannot read: No such file or directory", at("in/dood.txt"));
    assert_string_equal(f.problems.v[0].msg, msg);
    found_free(&f);
}

static void test_extensions(void **state)
{
    (void)state;
    static const struct {
        const char *path, *ext;
    } cases[] = {
        {"a.txt", ".txt"},   {"A.TXT", ".txt"},     {"x/y.Docx", ".docx"}, {"r.md", ".md"},
        {"r.odt", ".odt"},   {"r.vtt", ".vtt"},     {"r.srt", ".srt"},     {"r.csv", ".csv"},
        {"r.tsv", ".tsv"},   {"a.txt.bak", NULL},   {".txt", NULL},        {"txt", NULL},
        {"a.doc", NULL},     {"a.docx/", NULL},     {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *e = rd_files_transcript_ext(cases[i].path);
        if (cases[i].ext ? !e || strcmp(e, cases[i].ext) != 0 : e != NULL)
            fail_msg("%s: got %s, want %s", cases[i].path, e ? e : "NULL",
                     cases[i].ext ? cases[i].ext : "NULL");
        assert_int_equal(rd_files_is_transcript(cases[i].path), cases[i].ext != NULL);
    }
}

static void test_read(void **state)
{
    (void)state;
    char *buf = NULL, msg[PATH_MAX + 256];
    size_t n = 99;
    rd_err err = {0};
    put("a.txt", "Jan: hallo\n");
    assert_int_equal(rd_files_read(at("a.txt"), 100, &buf, &n, &err), RD_OK);
    assert_int_equal(n, 11);
    assert_string_equal(buf, "Jan: hallo\n");
    free(buf);
    put("leeg.txt", "");
    assert_int_equal(rd_files_read(at("leeg.txt"), 100, &buf, &n, &err), RD_OK);
    assert_int_equal(n, 0);
    assert_string_equal(buf, "");
    free(buf);
    /* Too large, missing, a folder: the path is named, nothing is handed out. */
    assert_int_equal(rd_files_read(at("a.txt"), 10, &buf, &n, &err), RD_EDATA);
    snprintf(msg, sizeof msg, "%s: file is 11 bytes; the limit is 10 bytes", at("a.txt"));
    assert_string_equal(err.msg, msg);
    assert_null(buf);
    assert_int_equal(n, 0);
    assert_int_equal(rd_files_read(at("weg.txt"), 10, &buf, &n, &err), RD_ENOINPUT);
    snprintf(msg, sizeof msg, "%s: cannot open: No such file or directory", at("weg.txt"));
    assert_string_equal(err.msg, msg);
    dir("map");
    assert_int_equal(rd_files_read(at("map"), 10, &buf, &n, &err), RD_EDATA);
    snprintf(msg, sizeof msg, "%s: not a regular file", at("map"));
    assert_string_equal(err.msg, msg);
    assert_null(buf);
}

/* One buffer across reads: a first read allocates exactly the file, a larger file at
 * least doubles it, a smaller one fits; the buffer stays the caller's after an error. */
static void test_read_into(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    rd_err err;
    char big[100];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    put("klein.txt", "abc");
    put("groot.txt", big);
    put("midden.txt", "0123456789");
    assert_int_equal(rd_files_read_into(at("klein.txt"), 1000, &buf, &cap, &n, &err), RD_OK);
    assert_int_equal(cap, 4);
    assert_string_equal(buf, "abc");
    assert_int_equal(rd_files_read_into(at("midden.txt"), 1000, &buf, &cap, &n, &err), RD_OK);
    assert_int_equal(cap, 11); /* twice 4 is too small: exactly the file */
    assert_int_equal(rd_files_read_into(at("klein.txt"), 1000, &buf, &cap, &n, &err), RD_OK);
    assert_int_equal(cap, 11);
    assert_string_equal(buf, "abc");
    put("twaalf.txt", "0123456789ab");
    assert_int_equal(rd_files_read_into(at("twaalf.txt"), 1000, &buf, &cap, &n, &err), RD_OK);
    assert_int_equal(cap, 22); /* doubled */
    assert_int_equal(rd_files_read_into(at("groot.txt"), 50, &buf, &cap, &n, &err), RD_EDATA);
    assert_non_null(buf);
    assert_int_equal(cap, 22);
    assert_int_equal(n, 0);
    assert_int_equal(rd_files_read_into(at("groot.txt"), 1000, &buf, &cap, &n, &err), RD_OK);
    assert_int_equal(n, 99);
    assert_int_equal(cap, 100);
    assert_string_equal(buf, big);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sorted_and_filtered, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_problems, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_same_file_once, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_symlink_loops, tmp_setup, tmp_teardown),
        cmocka_unit_test(test_extensions),
        cmocka_unit_test_setup_teardown(test_read, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_read_into, tmp_setup, tmp_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
