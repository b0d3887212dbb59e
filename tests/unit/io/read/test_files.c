/* tests/unit/io/read/test_files.c — finding and reading input files (io/read/files.h):
 * sorted order, hidden entries skipped, transcript extensions, entries set aside with
 * their reasons (other types, lock files, broken links, an unreadable subfolder, a path
 * deeper than PATH_MAX), a folder without transcripts, missing inputs, symlink loops, the
 * same file reached twice, names shown escaped, OUTDIR against the inputs, and whole-file
 * reads (a FIFO refused without waiting). Each test works in its own mkdtemp folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sys/wait.h>

#include "io/read/files.h"
#include "tmpfolder.h"

static void dir(const char *rel) { assert_int_equal(mkdir(at(rel), 0777), 0); }

/* Expands the inputs (relative to tmp_base) into files, set-aside entries and problems,
 * the paths relative to tmp_base. */
typedef struct {
    rd_files_set set;
    rd_strlist files;
    rd_errlist problems;
} found;

static void strip_base(char *p)
{
    size_t bl = strlen(tmp_base) + 1;
    assert_memory_equal(p, at(""), bl); /* under tmp_base/ */
    memmove(p, p + bl, strlen(p + bl) + 1);
}

static found expand(const char *const *rel, size_t n)
{
    found f;
    memset(&f, 0, sizeof f);
    char *in[16];
    rd_err err = {0};
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++)
        assert_non_null(in[i] = strdup(at(rel[i])));
    assert_int_equal(rd_files_expand(in, n, &f.set, &f.problems, &err), RD_OK);
    for (size_t i = 0; i < n; i++)
        free(in[i]);
    for (size_t i = 0; i < f.set.path.n; i++) {
        assert_int_equal(rd_strlist_push(&f.files, f.set.path.v[i], &err), RD_OK);
        strip_base(f.files.v[i]);
    }
    for (size_t i = 0; i < f.set.n_aside; i++)
        strip_base(f.set.aside[i].path);
    return f;
}

static void expect_files(const found *f, const char *const *want, size_t n)
{
    for (size_t i = 0; i < f->files.n && i < n; i++)
        if (strcmp(f->files.v[i], want[i]) != 0)
            fail_msg("file %zu: got %s, want %s", i, f->files.v[i], want[i]);
    assert_int_equal(f->files.n, n);
}

/* Set-aside entry i is rel, for why, a problem or not, and its message ends with tail. */
static void expect_aside(const found *f, size_t i, const char *rel, rd_files_why why,
                         int problem, const char *tail)
{
    assert_true(i < f->set.n_aside);
    const rd_files_aside *a = &f->set.aside[i];
    if (strcmp(a->path, rel) != 0)
        fail_msg("aside %zu: got %s, want %s", i, a->path, rel);
    assert_int_equal(a->why, why);
    assert_int_equal(a->problem, problem);
    assert_int_equal(a->e.code, problem ? RD_ENOINPUT : RD_OK);
    size_t ml = strlen(a->e.msg), tl = strlen(tail);
    if (ml < tl || strcmp(a->e.msg + ml - tl, tail) != 0)
        fail_msg("aside %zu: message \"%s\" does not end with \"%s\"", i, a->e.msg, tail);
}

static void found_free(found *f)
{
    rd_files_set_free(&f->set);
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
        "in/.hid/x.txt", "in/sub/c.srt", "in/sub/deeper/h.txt", "in/txt", "in/old.DOC",
        "in/r.rtf", "in/foto.JPG", "in/~$a.docx", "in/.~lock.g.odt#"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        put(names[i], "x\n");
    const char *in[] = {"in"};
    found f = expand(in, 1);
    /* Sorted by path bytes (capitals first); hidden files and folders left out silently;
     * .pdf, .doc and .rtf taken (the reader says what to do with the last two); files of
     * other types and lock files set aside, sorted by path, as notes. */
    static const char *const want[] = {"in/X.TXT", "in/Z.md",  "in/a.docx", "in/b.txt",
                                       "in/c.csv", "in/d.tsv", "in/e.vtt",  "in/f.srt",
                                       "in/g.odt", "in/notes.pdf", "in/old.DOC", "in/r.rtf",
                                       "in/sub/c.srt", "in/sub/deeper/h.txt"};
    expect_files(&f, want, sizeof want / sizeof *want);
    assert_int_equal(f.problems.n, 0);
    assert_int_equal(f.set.n_aside, 5);
    expect_aside(&f, 0, "in/.~lock.g.odt#", RD_FILES_LOCK, 0, "not a transcript");
    expect_aside(&f, 1, "in/Makefile", RD_FILES_OTHER, 0, "not a transcript format (no extension)");
    expect_aside(&f, 2, "in/foto.JPG", RD_FILES_OTHER, 0, "not a transcript format (.JPG)");
    expect_aside(&f, 3, "in/txt", RD_FILES_OTHER, 0, "not a transcript format (no extension)");
    expect_aside(&f, 4, "in/~$a.docx", RD_FILES_LOCK, 0,
                 ": an Office lock file (there while a document is open in Word or "
                 "LibreOffice), not a transcript");
    assert_int_equal(f.set.n_escaped, 0);
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
    static const char *const want[] = {"goed/a.txt", "leeg/notities.pdf"};
    expect_files(&f, want, 2);
    assert_int_equal(f.problems.n, 2);
    char msg[PATH_MAX + 256];
    snprintf(msg, sizeof msg, "%s: no such file or folder", at("ontbreekt.txt"));
    assert_string_equal(f.problems.v[0].msg, msg);
    assert_int_equal(f.problems.v[0].code, RD_ENOINPUT);
    snprintf(msg, sizeof msg, "%s: not a regular file or folder", at("pijp"));
    assert_string_equal(f.problems.v[1].msg, msg);
    found_free(&f);
    /* A folder with nothing to read: a problem, pointing at the entries set aside. */
    const char *in2[] = {"leeg/sub"};
    f = expand(in2, 1);
    assert_int_equal(f.problems.n, 1);
    snprintf(msg, sizeof msg, "%s: no transcripts found in this folder (looked for .txt, .md, "
             ".docx, .odt, .pdf, .vtt, .srt, .csv and .tsv files; the other files found are "
             "listed above)", at("leeg/sub"));
    assert_string_equal(f.problems.v[0].msg, msg);
    assert_int_equal(f.problems.v[0].code, RD_ENOINPUT);
    expect_aside(&f, 0, "leeg/sub/ook.docx.bak", RD_FILES_OTHER, 0, "(.bak)");
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
    /* Dangling links are set aside: a problem with a transcript's name, else a note. */
    assert_int_equal(f.problems.n, 0);
    assert_int_equal(f.set.n_aside, 2);
    char msg[PATH_MAX + 256];
    expect_aside(&f, 0, "in/dood.bin", RD_FILES_LINK, 0, "a symbolic link to something that "
                 "does not exist");
    expect_aside(&f, 1, "in/dood.txt", RD_FILES_LINK, 1, "a symbolic link to something that "
                 "does not exist");
    snprintf(msg, sizeof msg, "%s: a symbolic link to something that does not exist",
             at("in/dood.txt"));
    assert_string_equal(f.set.aside[1].e.msg, msg);
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
        {"a.doc", ".doc"},   {"a.docx/", NULL},     {"", NULL},            {"S.PDF", ".pdf"},
        {"x.rtf", ".rtf"},   {"a.jpg", NULL},       {"a.xlsx", NULL},
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
    assert_int_equal(rd_files_read(at("map"), 10, &buf, &n, &err), RD_ENOINPUT);
    snprintf(msg, sizeof msg, "%s: not a regular file (a folder)", at("map"));
    assert_string_equal(err.msg, msg);
    assert_null(buf);
    /* A FIFO is refused at once, not waited on (no writer ever comes). */
    assert_int_equal(mkfifo(at("pijp"), 0600), 0);
    assert_int_equal(rd_files_read(at("pijp"), 10, &buf, &n, &err), RD_ENOINPUT);
    snprintf(msg, sizeof msg, "%s: not a regular file (a FIFO (named pipe))", at("pijp"));
    assert_string_equal(err.msg, msg);
    assert_null(buf);
    assert_int_equal(rd_files_read("/dev/null", 10, &buf, &n, &err), RD_ENOINPUT);
    assert_string_equal(err.msg, "/dev/null: not a regular file (a character device)");
    /* A name that is not UTF-8 is shown escaped in the message. */
    assert_int_equal(rd_files_read(at("weg\xFF\x1B.txt"), 10, &buf, &n, &err), RD_ENOINPUT);
    snprintf(msg, sizeof msg, "%s: cannot open: No such file or directory",
             at("weg\\xFF\\x1B.txt"));
    assert_string_equal(err.msg, msg);
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

/* A lock file named on the command line is set aside too, never read. */
static void test_lock_named(void **state)
{
    (void)state;
    put("~$R25.docx", "lock");
    put("R25.txt", "x\n");
    const char *in[] = {"~$R25.docx", "R25.txt"};
    found f = expand(in, 2);
    static const char *const want[] = {"R25.txt"};
    expect_files(&f, want, 1);
    assert_int_equal(f.problems.n, 0);
    assert_int_equal(f.set.n_aside, 1);
    expect_aside(&f, 0, "~$R25.docx", RD_FILES_LOCK, 0, "not a transcript");
    assert_true(rd_files_is_lock("a/b/~$x.odt"));
    assert_true(rd_files_is_lock(".~lock.R27.odt#"));
    assert_false(rd_files_is_lock(".~lock.R27.odt"));
    assert_false(rd_files_is_lock("R~$.docx"));
    found_free(&f);
}

/* A folder deeper than PATH_MAX: reported once as a problem, never walked; what is above
 * it is read. Built with relative mkdir and chdir, as no absolute path reaches it. */
static void test_too_long(void **state)
{
    (void)state;
    char cwd[PATH_MAX];
    char name[201];
    memset(name, 'd', 200);
    name[200] = '\0';
    dir("diep");
    put("diep/boven.txt", "x\n");
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(at("diep")), 0);
    size_t depth = 0;
    for (; depth < (PATH_MAX / 201) + 2; depth++) {
        assert_int_equal(mkdir(name, 0700), 0);
        assert_int_equal(chdir(name), 0);
    }
    FILE *fp = fopen("onder.txt", "w");
    assert_non_null(fp);
    fputs("x\n", fp);
    fclose(fp);
    assert_int_equal(chdir(cwd), 0);
    const char *in[] = {"diep"};
    found f = expand(in, 1);
    static const char *const want[] = {"diep/boven.txt"};
    expect_files(&f, want, 1);
    assert_int_equal(f.set.n_aside, 1);
    assert_int_equal(f.set.aside[0].why, RD_FILES_TOO_LONG);
    assert_int_equal(f.set.aside[0].problem, 1);
    assert_true(strlen(f.set.aside[0].path) >= PATH_MAX);
    assert_non_null(strstr(f.set.aside[0].e.msg, "path too long ("));
    assert_non_null(strstr(f.set.aside[0].e.msg, "…"));
    assert_true(strlen(f.set.aside[0].e.msg) < 500);
    found_free(&f);
    /* remove it the same way, from the bottom */
    assert_int_equal(chdir(at("diep")), 0);
    for (size_t i = 0; i < depth; i++)
        assert_int_equal(chdir(name), 0);
    assert_int_equal(unlink("onder.txt"), 0);
    for (size_t i = 0; i < depth; i++) {
        assert_int_equal(chdir(".."), 0);
        assert_int_equal(rmdir(name), 0);
    }
    assert_int_equal(chdir(cwd), 0);
}

/* Names that are not UTF-8 or hold controls: kept raw to open, shown escaped, found again
 * by their shown names. */
static void test_escaped_names(void **state)
{
    (void)state;
    dir("in");
    put("in/R\xFF\xFE.txt", "x\n");
    put("in/R\x1B[31m.txt", "x\n");
    put("in/gewoon.txt", "x\n");
    const char *in[] = {"in"};
    rd_err err = {0};
    found f = expand(in, 1);
    static const char *const want[] = {"in/R\x1B[31m.txt", "in/R\xFF\xFE.txt", "in/gewoon.txt"};
    expect_files(&f, want, 3);
    assert_int_equal(f.set.n_escaped, 2);
    char shown[PATH_MAX + 64];
    snprintf(shown, sizeof shown, "%s", at("in/R\\x1B[31m.txt"));
    assert_string_equal(rd_files_shown(&f.set, 0), shown);
    snprintf(shown, sizeof shown, "%s", at("in/R\\xFF\\xFE.txt"));
    assert_string_equal(rd_files_shown(&f.set, 1), shown);
    assert_ptr_equal(rd_files_shown(&f.set, 2), f.set.path.v[2]);
    assert_int_equal(rd_files_index(&f.set, &err), RD_OK);
    assert_int_equal(rd_files_find(&f.set, shown), 1);
    assert_int_equal(rd_files_find(&f.set, f.set.path.v[2]), 2);
    assert_int_equal(rd_files_find(&f.set, "nergens"), (size_t)-1);
    found_free(&f);
}

/* Expands "in" and checks that only in/a.txt is taken and in/dicht is set aside as an
 * unreadable folder (a problem, not a stop); 0 when so. Plain checks: it may run in a
 * child process. */
static int unreadable_ok(void)
{
    const char *in[] = {"in"};
    char *arg = strdup(at(in[0]));
    rd_files_set set;
    rd_errlist problems = {0};
    rd_err err = {0};
    char want[PATH_MAX + 64];
    memset(&set, 0, sizeof set);
    int bad = !arg || rd_files_expand(&arg, 1, &set, &problems, &err) != RD_OK;
    snprintf(want, sizeof want, "%s: cannot open folder: Permission denied", at("in/dicht"));
    bad = bad || problems.n != 0 || set.path.n != 1 || set.n_aside != 1 ||
          strcmp(set.path.v[0], at("in/a.txt")) != 0 ||
          set.aside[0].why != RD_FILES_UNREADABLE || !set.aside[0].problem ||
          strcmp(set.aside[0].e.msg, want) != 0;
    if (bad && set.n_aside)
        fprintf(stderr, "aside: %s\n", set.aside[0].e.msg);
    rd_files_set_free(&set);
    rd_errlist_free(&problems);
    free(arg);
    return bad;
}

/* An unreadable subfolder is a problem of its own, not a stop. Root reads everything, so
 * as root the check runs in a child process that has become the user nobody. */
static void test_unreadable_subfolder(void **state)
{
    (void)state;
    dir("in");
    dir("in/dicht");
    put("in/a.txt", "x\n");
    put("in/dicht/b.txt", "x\n");
    assert_int_equal(chmod(at("in/dicht"), 0), 0);
    if (geteuid() != 0) {
        int bad = unreadable_ok();
        chmod(at("in/dicht"), 0700);
        assert_int_equal(bad, 0);
        return;
    }
    assert_int_equal(chmod(tmp_base, 0755), 0);
    assert_int_equal(chmod(at("in"), 0755), 0);
    assert_int_equal(chmod(at("in/a.txt"), 0644), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(setgid(65534) != 0 || setuid(65534) != 0 ? 2 : unreadable_ok());
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    chmod(at("in/dicht"), 0700);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* OUTDIR inside an input folder (also before it exists), an input inside OUTDIR, and
 * folders that merely sit side by side. */
static void test_outdir_clash(void **state)
{
    (void)state;
    char *in[2];
    size_t which = 99;
    char out[PATH_MAX + 64];
    dir("proj");
    dir("proj/interviews");
    dir("proj/uit");
    dir("elders");
    put("proj/interviews/a.txt", "x\n");
    assert_non_null(in[0] = strdup(at("proj/interviews")));
    assert_non_null(in[1] = strdup(at("proj")));
    snprintf(out, sizeof out, "%s", at("proj/interviews/nieuw"));
    assert_int_equal(rd_files_outdir_clash(in, 1, out, &which), 1); /* does not exist yet */
    assert_int_equal(which, 0);
    snprintf(out, sizeof out, "%s", at("proj/interviews/../uit"));
    assert_int_equal(rd_files_outdir_clash(in, 1, out, &which), 0); /* beside it */
    assert_int_equal(rd_files_outdir_clash(in, 2, out, &which), 1); /* inside proj */
    assert_int_equal(which, 1);
    snprintf(out, sizeof out, "%s", at("proj/interviews"));
    assert_int_equal(rd_files_outdir_clash(in, 1, out, &which), 1); /* the folder itself */
    snprintf(out, sizeof out, "%s", at("elders"));
    assert_int_equal(rd_files_outdir_clash(in, 2, out, &which), 0);
    assert_int_equal(symlink(at("proj/interviews"), at("elders/link")), 0);
    snprintf(out, sizeof out, "%s", at("elders/link/x"));
    assert_int_equal(rd_files_outdir_clash(in, 1, out, &which), 1); /* through a symlink */
    free(in[1]);
    assert_non_null(in[1] = strdup(at("proj/interviews/a.txt")));
    snprintf(out, sizeof out, "%s", at("proj"));
    assert_int_equal(rd_files_outdir_clash(in + 1, 1, out, &which), 2); /* input in OUTDIR */
    assert_int_equal(which, 0);
    free(in[0]);
    free(in[1]);
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
        cmocka_unit_test_setup_teardown(test_lock_named, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_too_long, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_escaped_names, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_subfolder, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_outdir_clash, tmp_setup, tmp_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
