/* tests/unit/io/test_outdir.c — "nothing lost" output folders: a new OUTDIR, --force over an
 * old one (the user's files kept, rodedraad's replaced or dropped), refusals, trailing slashes
 * and symlinks, runs killed (SIGKILL) before commit, after the swap and between the two
 * renames of the fallback, in-place mode, a busy OUTDIR, and abandon. Each test works in its
 * own mkdtemp folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/unit/tmpdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/write/outdir.h"

static const char *const OWNED[] = {"segments.csv", "themes.csv",  "quotes.csv",
                                    "respondents.csv", "themes.xlsx", "model.json"};
enum { N_OWNED = sizeof OWNED / sizeof *OWNED };

static char base[PATH_MAX];

/* Rotating result buffers, so helpers can be nested in one assert. */
static char *buf(void)
{
    static char b[16][2 * PATH_MAX];
    static int i;
    i = (i + 1) % 16;
    return b[i];
}

/* base/rel */
static const char *at(const char *rel)
{
    char *p = buf();
    snprintf(p, 2 * PATH_MAX, "%s/%s", base, rel);
    return p;
}

static const char *join(const char *dir, const char *leaf)
{
    char *p = buf();
    snprintf(p, 2 * PATH_MAX, "%s/%s", dir, leaf);
    return p;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* The whole file, or "<missing>". */
static const char *get(const char *path)
{
    char *p = buf();
    FILE *f = fopen(path, "rb");
    size_t n = 0;
    if (f) {
        n = fread(p, 1, 2 * PATH_MAX - 1, f);
        fclose(f);
    }
    p[n] = '\0';
    return f ? p : "<missing>";
}

static int no_dots(const struct dirent *e)
{
    return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

/* The names in dir, hidden ones too, sorted by bytes, joined by commas; "<missing>". */
static const char *ls(const char *dir)
{
    char *p = buf();
    struct dirent **v;
    int n = scandir(dir, &v, no_dots, alphasort);
    p[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i)
            strcat(p, ",");
        strcat(p, v[i]->d_name);
        free(v[i]);
    }
    if (n >= 0)
        free(v);
    return n < 0 ? "<missing>" : p;
}

static ino_t ino(const char *path)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    return st.st_ino;
}

static void rm_rf(const char *path) { tmpdir_remove(path); }

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(base, sizeof base, "%s/rd_outdir_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    char real[PATH_MAX];
    if (!mkdtemp(base) || !realpath(base, real))
        return -1;
    memcpy(base, real, strlen(real) + 1); /* rd_outdir reports resolved paths */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rd__outdir_fault = 0;
    rm_rf(base);
    return 0;
}

/* out/ with an old output, an old output of another format, and the user's files. */
static void old_outdir(void)
{
    assert_int_equal(mkdir(at("out"), 0777), 0);
    put(at("out/segments.csv"), "old segments\n");
    put(at("out/quotes.csv"), "old quotes\n");
    put(at("out/notes.txt"), "keep me\n");
    put(at("out/.hidden"), "mine too\n");
    assert_int_equal(symlink("notes.txt", at("out/link.txt")), 0);
}

static const char *stage_name(pid_t pid)
{
    char *p = buf();
    snprintf(p, 2 * PATH_MAX, ".out.rodedraad-%ld", (long)pid);
    return p;
}

static void test_new_outdir(void **state)
{
    (void)state;
    rd_outdir od;
    rd_err err = {0};
    assert_int_equal(rd_outdir_begin(&od, at("out"), 0, OWNED, N_OWNED, &err), RD_OK);
    const char *st = rd_outdir_stage(&od);
    assert_non_null(st);
    assert_string_equal(ls(base), stage_name(getpid())); /* OUTDIR is not made by begin */
    put(join(st, "segments.csv"), "s\n");
    put(join(st, "themes.csv"), "t\n");
    assert_int_equal(rd_outdir_commit(&od, &err), RD_OK);
    assert_string_equal(ls(at("out")), "segments.csv,themes.csv");
    assert_string_equal(get(at("out/segments.csv")), "s\n");
    assert_string_equal(get(at("out/themes.csv")), "t\n");
    assert_string_equal(ls(base), "out");
    assert_null(rd_outdir_stage(&od));
    assert_null(rd_outdir_kept(&od));
    assert_int_equal(rd_outdir_commit(&od, &err), RD_EINVAL); /* only once */
    rd_outdir_abandon(&od);
    rd_outdir_abandon(&od);
    assert_string_equal(ls(at("out")), "segments.csv,themes.csv");
}

static void test_not_empty_without_force(void **state)
{
    (void)state;
    rd_outdir od;
    rd_err err = {0};
    old_outdir();
    char before[512];
    snprintf(before, sizeof before, "%s", ls(at("out")));
    assert_int_equal(rd_outdir_begin(&od, at("out"), 0, OWNED, N_OWNED, &err), RD_EOUTPUT);
    assert_non_null(strstr(err.msg, "not empty"));
    assert_non_null(strstr(err.msg, "--force"));
    assert_non_null(strstr(err.msg, base));
    assert_null(rd_outdir_stage(&od));
    rd_outdir_abandon(&od);
    assert_string_equal(ls(at("out")), before);
    assert_string_equal(get(at("out/segments.csv")), "old segments\n");
    assert_string_equal(ls(base), "out");
}

/* --force over an old OUTDIR, with the swap, the two-rename fallback, or in place. */
static void force_run(int fault)
{
    rd_outdir od;
    rd_err err = {0};
    old_outdir();
    assert_int_equal(chmod(at("out"), 0750), 0);
    assert_int_equal(chmod(at("out/notes.txt"), 0640), 0);
    struct stat notes_st;
    assert_int_equal(stat(at("out/notes.txt"), &notes_st), 0);
    rd__outdir_fault = fault;
    assert_int_equal(rd_outdir_begin(&od, at("out"), 1, OWNED, N_OWNED, &err), RD_OK);
    put(join(rd_outdir_stage(&od), "segments.csv"), "new segments\n");
    put(join(rd_outdir_stage(&od), "themes.csv"), "new themes\n");
    assert_int_equal(rd_outdir_commit(&od, &err), RD_OK);
    rd__outdir_fault = 0;
    /* replaced: segments; new: themes; dropped: quotes (rodedraad's, not made this time);
     * kept as the same files: the user's notes, hidden file and symlink */
    assert_string_equal(ls(at("out")), ".hidden,link.txt,notes.txt,segments.csv,themes.csv");
    assert_string_equal(get(at("out/segments.csv")), "new segments\n");
    assert_string_equal(get(at("out/themes.csv")), "new themes\n");
    assert_string_equal(get(at("out/notes.txt")), "keep me\n");
    assert_string_equal(get(at("out/.hidden")), "mine too\n");
    struct stat st, was = notes_st;
    if (!(fault & RD__OD_NO_LINK))
        assert_true(ino(at("out/notes.txt")) == was.st_ino);
    assert_int_equal(stat(at("out/notes.txt"), &st), 0);
    assert_true(st.st_mtim.tv_sec == was.st_mtim.tv_sec && st.st_mtim.tv_nsec == was.st_mtim.tv_nsec);
    assert_int_equal(st.st_mode & 0777, was.st_mode & 0777);
    assert_int_equal(lstat(at("out/link.txt"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat(at("out"), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0750);
    assert_string_equal(ls(base), "out");
    assert_null(rd_outdir_kept(&od));
    rd_outdir_abandon(&od);
}

static void test_force_swap(void **state)
{
    (void)state;
    force_run(0);
}

static void test_force_two_renames(void **state)
{
    (void)state;
    force_run(RD__OD_NO_EXCHANGE);
}

static void test_force_swap_refused(void **state)
{
    (void)state;
    force_run(RD__OD_NO_SWAP);
}

static void test_force_copy(void **state)
{
    (void)state;
    force_run(RD__OD_NO_LINK);
}

static void test_subfolder_refused(void **state)
{
    (void)state;
    rd_outdir od;
    rd_err err = {0};
    old_outdir();
    assert_int_equal(mkdir(at("out/interviews"), 0777), 0);
    put(at("out/interviews/R01.txt"), "x");
    char before[512];
    snprintf(before, sizeof before, "%s", ls(at("out")));
    assert_int_equal(rd_outdir_begin(&od, at("out"), 1, OWNED, N_OWNED, &err), RD_EOUTPUT);
    assert_non_null(strstr(err.msg, "interviews"));
    assert_non_null(strstr(err.msg, "will not touch folders"));
    assert_string_equal(ls(at("out")), before);
    assert_string_equal(ls(base), "out");
}

/* A folder made in OUTDIR while the run works: commit refuses, nothing changes. */
static void test_subfolder_appears(void **state)
{
    (void)state;
    rd_outdir od;
    rd_err err = {0};
    old_outdir();
    assert_int_equal(rd_outdir_begin(&od, at("out"), 1, OWNED, N_OWNED, &err), RD_OK);
    put(join(rd_outdir_stage(&od), "segments.csv"), "new\n");
    assert_int_equal(mkdir(at("out/late"), 0777), 0);
    char before[512];
    snprintf(before, sizeof before, "%s", ls(at("out")));
    assert_int_equal(rd_outdir_commit(&od, &err), RD_EOUTPUT);
    assert_non_null(strstr(err.msg, "late"));
    assert_string_equal(ls(at("out")), before);
    assert_string_equal(get(at("out/segments.csv")), "old segments\n");
    rd_outdir_abandon(&od);
    assert_string_equal(ls(base), "out");
}

static void test_paths(void **state)
{
    (void)state;
    rd_outdir od;
    rd_err err = {0};
    struct stat st;

    put(at("afile"), "x\n");
    assert_int_equal(rd_outdir_begin(&od, at("afile"), 1, OWNED, N_OWNED, &err), RD_EOUTPUT);
    assert_non_null(strstr(err.msg, "not a folder"));
    assert_int_equal(rd_outdir_begin(&od, at("no/such/parent"), 1, OWNED, N_OWNED, &err),
                     RD_EOUTPUT);
    assert_non_null(strstr(err.msg, "cannot create the output folder"));
    assert_int_equal(rd_outdir_begin(&od, at("afile/sub"), 1, OWNED, N_OWNED, &err), RD_EOUTPUT);
    assert_int_equal(rd_outdir_begin(&od, "", 1, OWNED, N_OWNED, &err), RD_EOUTPUT);
    char *huge = malloc(PATH_MAX + 10);
    memset(huge, 'a', PATH_MAX + 9);
    huge[PATH_MAX + 9] = '\0';
    assert_int_equal(rd_outdir_begin(&od, huge, 1, OWNED, N_OWNED, &err), RD_EOUTPUT);
    assert_non_null(strstr(err.msg, "longer than"));
    free(huge);
    assert_int_equal(symlink("missing", at("dangling")), 0);
    assert_int_equal(rd_outdir_begin(&od, at("dangling"), 1, OWNED, N_OWNED, &err), RD_EOUTPUT);
    assert_non_null(strstr(err.msg, "symbolic link"));
    assert_string_equal(ls(base), "afile,dangling");

    /* owned[] must be plain, distinct names */
    const char *bad[] = {"a/b"}, *twice[] = {"x.csv", "x.csv"};
    assert_int_equal(rd_outdir_begin(&od, at("out"), 1, bad, 1, &err), RD_EINVAL);
    assert_int_equal(rd_outdir_begin(&od, at("out"), 1, twice, 2, &err), RD_EINVAL);

    /* trailing slashes, OUTDIR missing and then present */
    assert_int_equal(rd_outdir_begin(&od, at("out///"), 0, OWNED, N_OWNED, &err), RD_OK);
    put(join(rd_outdir_stage(&od), "model.json"), "{}\n");
    assert_int_equal(rd_outdir_commit(&od, &err), RD_OK);
    assert_string_equal(ls(at("out")), "model.json");
    assert_int_equal(rd_outdir_begin(&od, at("out/"), 1, OWNED, N_OWNED, &err), RD_OK);
    put(join(rd_outdir_stage(&od), "themes.csv"), "t\n");
    assert_int_equal(rd_outdir_commit(&od, &err), RD_OK);
    assert_string_equal(ls(at("out")), "themes.csv");
    assert_string_equal(ls(base), "afile,dangling,out");

    /* a symlinked OUTDIR: the real folder gets the new contents, the link stays a link */
    assert_int_equal(mkdir(at("real"), 0777), 0);
    put(at("real/segments.csv"), "old\n");
    put(at("real/notes.txt"), "keep\n");
    assert_int_equal(symlink("real", at("link")), 0);
    assert_int_equal(rd_outdir_begin(&od, at("link"), 1, OWNED, N_OWNED, &err), RD_OK);
    assert_non_null(strstr(rd_outdir_stage(&od), "/.real.rodedraad-"));
    put(join(rd_outdir_stage(&od), "segments.csv"), "new\n");
    assert_int_equal(rd_outdir_commit(&od, &err), RD_OK);
    assert_int_equal(lstat(at("link"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(ls(at("real")), "notes.txt,segments.csv");
    assert_string_equal(get(at("link/segments.csv")), "new\n");
    assert_string_equal(get(at("real/notes.txt")), "keep\n");
    assert_string_equal(ls(base), "afile,dangling,link,out,real");
}

/* Runs begin + a partial file (+ commit with the given fault) in a child that is killed;
 * returns the child's pid after reaping it. */
static pid_t killed_run(const char *outdir, int fault, int commit)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        rd_outdir od;
        rd_err err = {0};
        if (rd_outdir_begin(&od, outdir, 1, OWNED, N_OWNED, &err) != RD_OK)
            _exit(2);
        FILE *f = fopen(join(rd_outdir_stage(&od), "segments.csv"), "wb");
        if (!f)
            _exit(3);
        fputs(commit ? "new segments\n" : "partial, no newline at the e", f);
        if (commit) {
            fclose(f);
            rd__outdir_fault = fault;
            rd_outdir_commit(&od, &err);
        } else {
            fflush(f);
        }
        raise(SIGKILL);
        _exit(4);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    return pid;
}

static void test_killed_before_commit(void **state)
{
    (void)state;
    rd_outdir od;
    rd_err err = {0};
    old_outdir();
    char before[512];
    snprintf(before, sizeof before, "%s", ls(at("out")));
    pid_t pid = killed_run(at("out"), 0, 0);
    /* OUTDIR byte-identical, the partial file only in the hidden stage beside it */
    assert_string_equal(ls(at("out")), before);
    assert_string_equal(get(at("out/segments.csv")), "old segments\n");
    assert_string_equal(get(at("out/quotes.csv")), "old quotes\n");
    assert_string_equal(get(at("out/notes.txt")), "keep me\n");
    char want[64];
    snprintf(want, sizeof want, "%s,out", stage_name(pid));
    assert_string_equal(ls(base), want);
    /* the next run removes it (its process is gone) */
    assert_int_equal(rd_outdir_begin(&od, at("out"), 1, OWNED, N_OWNED, &err), RD_OK);
    snprintf(want, sizeof want, "%s,out", stage_name(getpid()));
    assert_string_equal(ls(base), want);
    rd_outdir_abandon(&od);
    assert_string_equal(ls(base), "out");
    assert_string_equal(ls(at("out")), before);
    assert_null(rd_outdir_kept(&od));
}

/* Killed after the swap, before the old folder was emptied: OUTDIR is the new one, whole;
 * the next begin empties the old one. With a stray file in it (one the user made during
 * the commit), that folder is kept visibly instead. */
static void killed_after_swap(int stray)
{
    rd_outdir od;
    rd_err err = {0};
    old_outdir();
    ino_t notes = ino(at("out/notes.txt"));
    pid_t pid = killed_run(at("out"), RD__OD_KILL_AFTER_SWAP, 1);
    assert_string_equal(ls(at("out")), ".hidden,link.txt,notes.txt,segments.csv");
    assert_string_equal(get(at("out/segments.csv")), "new segments\n");
    assert_true(ino(at("out/notes.txt")) == notes);
    char want[128];
    snprintf(want, sizeof want, "%s,out", stage_name(pid));
    assert_string_equal(ls(base), want);
    char old[PATH_MAX + 64];
    snprintf(old, sizeof old, "%s/%s", base, stage_name(pid));
    assert_string_equal(ls(old), ".hidden,link.txt,notes.txt,quotes.csv,segments.csv");
    if (stray) {
        strcat(old, "/late.txt");
        put(old, "written during the commit\n");
    }
    assert_int_equal(rd_outdir_begin(&od, at("out"), 1, OWNED, N_OWNED, &err), RD_OK);
    rd_outdir_abandon(&od);
    assert_string_equal(ls(at("out")), ".hidden,link.txt,notes.txt,segments.csv");
    assert_string_equal(get(at("out/notes.txt")), "keep me\n");
    if (stray) {
        snprintf(want, sizeof want, "out,out.rodedraad-kept-%ld", (long)pid);
        assert_string_equal(ls(base), want);
        assert_non_null(rd_outdir_kept(&od));
        assert_string_equal(rd_outdir_kept(&od), at(want + 4));
        assert_string_equal(ls(rd_outdir_kept(&od)), "late.txt");
    } else {
        assert_string_equal(ls(base), "out");
        assert_null(rd_outdir_kept(&od));
    }
}

static void test_killed_after_swap(void **state)
{
    (void)state;
    killed_after_swap(0);
}

static void test_killed_after_swap_stray(void **state)
{
    (void)state;
    killed_after_swap(1);
}

/* Killed between the fallback's two renames: no OUTDIR for a moment; begin puts it back. */
static void test_killed_mid_fallback(void **state)
{
    (void)state;
    rd_outdir od;
    rd_err err = {0};
    old_outdir();
    char before[512];
    snprintf(before, sizeof before, "%s", ls(at("out")));
    pid_t pid = killed_run(at("out"), RD__OD_NO_EXCHANGE | RD__OD_KILL_MID_FALLBACK, 1);
    char want[128];
    snprintf(want, sizeof want, "%s,%s-old", stage_name(pid), stage_name(pid));
    assert_string_equal(ls(base), want);
    assert_int_equal(rd_outdir_begin(&od, at("out"), 0, OWNED, N_OWNED, &err), RD_EOUTPUT);
    assert_non_null(strstr(err.msg, "not empty"));
    assert_string_equal(ls(base), "out");
    assert_string_equal(ls(at("out")), before);
    assert_string_equal(get(at("out/segments.csv")), "old segments\n");
    assert_string_equal(get(at("out/notes.txt")), "keep me\n");
}

/* OUTDIR "." (this process's working folder): staged inside it, files renamed one by one. */
static void test_inplace_cwd(void **state)
{
    (void)state;
    rd_outdir od;
    rd_err err = {0};
    old_outdir();
    char before[512];
    snprintf(before, sizeof before, "%s", ls(at("out")));
    int home = open(".", O_RDONLY | O_DIRECTORY);
    assert_true(home >= 0);
    assert_int_equal(chdir(at("out")), 0);

    pid_t pid = killed_run(".", 0, 0);
    char want[128];
    snprintf(want, sizeof want, ".hidden,.rodedraad-%ld,link.txt,notes.txt,quotes.csv,segments.csv",
             (long)pid);
    assert_string_equal(ls("."), want);
    assert_string_equal(get("segments.csv"), "old segments\n");

    assert_int_equal(rd_outdir_begin(&od, ".", 1, OWNED, N_OWNED, &err), RD_OK);
    snprintf(want, sizeof want, "/out/.rodedraad-%ld", (long)getpid());
    assert_non_null(strstr(rd_outdir_stage(&od), want));
    put(join(rd_outdir_stage(&od), "segments.csv"), "new segments\n");
    assert_int_equal(rd_outdir_commit(&od, &err), RD_OK);
    assert_string_equal(ls("."), ".hidden,link.txt,notes.txt,segments.csv");
    assert_string_equal(get("segments.csv"), "new segments\n");
    assert_string_equal(get("notes.txt"), "keep me\n");

    assert_int_equal(fchdir(home), 0);
    close(home);
    assert_string_equal(ls(base), "out");
}

/* A live run's stage: begin refuses; once that process is gone, begin cleans up. */
static void test_busy(void **state)
{
    (void)state;
    rd_outdir od;
    rd_err err = {0};
    int p[2];
    char c;
    old_outdir();
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        if (rd_outdir_begin(&od, at("out"), 1, OWNED, N_OWNED, &err) != RD_OK)
            _exit(2);
        if (write(p[1], "x", 1) != 1)
            _exit(3);
        for (;;)
            pause();
    }
    close(p[1]);
    assert_int_equal(read(p[0], &c, 1), 1);
    close(p[0]);
    assert_int_equal(rd_outdir_begin(&od, at("out"), 1, OWNED, N_OWNED, &err), RD_EOUTPUT);
    assert_non_null(strstr(err.msg, "another rodedraad run"));
    assert_non_null(strstr(err.msg, stage_name(pid)));
    assert_int_equal(kill(pid, SIGKILL), 0);
    assert_int_equal(waitpid(pid, NULL, 0), pid);
    assert_int_equal(rd_outdir_begin(&od, at("out"), 1, OWNED, N_OWNED, &err), RD_OK);
    rd_outdir_abandon(&od);
    assert_string_equal(ls(base), "out");
}

static void test_abandon(void **state)
{
    (void)state;
    rd_outdir od = {0};
    rd_err err = {0};
    rd_outdir_abandon(&od); /* zeroed */
    rd_outdir_abandon(NULL);
    assert_int_equal(rd_outdir_commit(&od, &err), RD_EINVAL);
    assert_int_equal(rd_outdir_begin(&od, at("out"), 0, OWNED, N_OWNED, &err), RD_OK);
    put(join(rd_outdir_stage(&od), "segments.csv"), "half");
    rd_outdir_abandon(&od);
    assert_string_equal(ls(base), "");
    assert_null(rd_outdir_stage(&od));
    rd_outdir_abandon(&od);
    assert_int_equal(rd_outdir_commit(&od, &err), RD_EINVAL);
    assert_string_equal(ls(base), "");
}

/* The stage may hold only owned names: anything else is refused, OUTDIR unchanged. */
static void test_stage_contract(void **state)
{
    (void)state;
    rd_outdir od;
    rd_err err = {0};
    old_outdir();
    char before[512];
    snprintf(before, sizeof before, "%s", ls(at("out")));
    assert_int_equal(rd_outdir_begin(&od, at("out"), 1, OWNED, N_OWNED, &err), RD_OK);
    put(join(rd_outdir_stage(&od), "segments.csv"), "new\n");
    put(join(rd_outdir_stage(&od), ".segments.csv.tmp-1"), "new\n");
    assert_int_equal(rd_outdir_commit(&od, &err), RD_EINVAL);
    assert_non_null(strstr(err.msg, ".segments.csv.tmp-1"));
    rd_outdir_abandon(&od);
    assert_string_equal(ls(at("out")), before);
    assert_string_equal(get(at("out/segments.csv")), "old segments\n");
    assert_string_equal(ls(base), "out");
}

/* The one entry of base other than `name`. */
static const char *beside(const char *name)
{
    char *p = buf();
    struct dirent **v;
    int n = scandir(base, &v, no_dots, alphasort), found = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(v[i]->d_name, name) != 0) {
            snprintf(p, 2 * PATH_MAX, "%s", v[i]->d_name);
            found++;
        }
        free(v[i]);
    }
    if (n >= 0)
        free(v);
    assert_int_equal(found, 1);
    return p;
}

/* s is whole UTF-8 characters (no cut one at the end) */
static int utf8_whole(const char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return n == 0;
    unsigned char c = (unsigned char)s[i - 1];
    size_t want = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    return n - (i - 1) == want;
}

/* An OUTDIR whose name is as long as a name can be: a new OUTDIR, --force through the
 * two-rename fallback (its "-old" name is the longest stage name), a killed run's stage
 * swept by the next begin, and a folder kept aside after a kill: every name rodedraad makes
 * beside OUTDIR fits NAME_MAX and is recognised again. */
static void long_name(const char *name)
{
    rd_outdir od;
    rd_err err = {0};
    char out[PATH_MAX], old[PATH_MAX];
    snprintf(out, sizeof out, "%s", at(name));
    assert_true(strlen(name) <= NAME_MAX);
    assert_int_equal(rd_outdir_begin(&od, out, 0, OWNED, N_OWNED, &err), RD_OK);
    const char *st = strrchr(rd_outdir_stage(&od), '/') + 1;
    assert_true(strlen(st) <= NAME_MAX && st[0] == '.' && strstr(st, ".rodedraad-"));
    assert_true(utf8_whole(st));
    assert_string_equal(beside(name), st);
    put(join(rd_outdir_stage(&od), "segments.csv"), "new\n");
    assert_int_equal(rd_outdir_commit(&od, &err), RD_OK);
    assert_string_equal(ls(base), name);
    assert_string_equal(ls(out), "segments.csv");

    put(join(out, "notes.txt"), "keep me\n");
    rd__outdir_fault = RD__OD_NO_EXCHANGE;
    assert_int_equal(rd_outdir_begin(&od, out, 1, OWNED, N_OWNED, &err), RD_OK);
    put(join(rd_outdir_stage(&od), "themes.csv"), "t\n");
    assert_int_equal(rd_outdir_commit(&od, &err), RD_OK);
    rd__outdir_fault = 0;
    assert_string_equal(ls(base), name);
    assert_string_equal(ls(out), "notes.txt,themes.csv");

    killed_run(out, 0, 0);
    const char *stale = beside(name);
    assert_true(strlen(stale) <= NAME_MAX);
    assert_int_equal(rd_outdir_begin(&od, out, 1, OWNED, N_OWNED, &err), RD_OK);
    rd_outdir_abandon(&od);
    assert_string_equal(ls(base), name);
    assert_string_equal(ls(out), "notes.txt,themes.csv");

    killed_run(out, RD__OD_KILL_AFTER_SWAP, 1);
    snprintf(old, sizeof old, "%s", at(beside(name)));
    put(join(old, "late.txt"), "written during the commit\n");
    assert_int_equal(rd_outdir_begin(&od, out, 1, OWNED, N_OWNED, &err), RD_OK);
    rd_outdir_abandon(&od);
    assert_non_null(rd_outdir_kept(&od));
    const char *kept = strrchr(rd_outdir_kept(&od), '/') + 1;
    assert_true(strlen(kept) <= NAME_MAX && strstr(kept, ".rodedraad-kept-"));
    assert_true(utf8_whole(kept));
    assert_string_equal(beside(name), kept);
    assert_string_equal(ls(rd_outdir_kept(&od)), "late.txt");
    assert_string_equal(ls(out), "notes.txt,segments.csv");
    rm_rf(rd_outdir_kept(&od));
    rm_rf(out);
}

static void test_long_names(void **state)
{
    (void)state;
    char name[NAME_MAX + 1];
    memset(name, 'x', 250);
    name[250] = '\0';
    long_name(name);
    memset(name, 'y', NAME_MAX);
    name[NAME_MAX] = '\0';
    long_name(name);
    for (int i = 0; i < 127; i++)
        memcpy(name + 2 * i, "\xC3\xA9", 2); /* é: the cut falls inside one */
    memcpy(name + 254, "z", 2);
    long_name(name);
    /* a name that already fits is used as it is */
    rd_outdir od;
    rd_err err = {0};
    memset(name, 'w', RD_OUTDIR_STEM_MAX);
    name[RD_OUTDIR_STEM_MAX] = '\0';
    assert_int_equal(rd_outdir_begin(&od, at(name), 0, OWNED, N_OWNED, &err), RD_OK);
    char want[2 * NAME_MAX];
    snprintf(want, sizeof want, ".%s.rodedraad-%ld", name, (long)getpid());
    assert_string_equal(strrchr(rd_outdir_stage(&od), '/') + 1, want);
    rd_outdir_abandon(&od);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_new_outdir),
        T(test_not_empty_without_force),
        T(test_force_swap),
        T(test_force_two_renames),
        T(test_force_swap_refused),
        T(test_force_copy),
        T(test_subfolder_refused),
        T(test_subfolder_appears),
        T(test_paths),
        T(test_killed_before_commit),
        T(test_killed_after_swap),
        T(test_killed_after_swap_stray),
        T(test_killed_mid_fallback),
        T(test_inplace_cwd),
        T(test_busy),
        T(test_abandon),
        T(test_stage_contract),
        T(test_long_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
