/* tests/unit/io/cli/test_text.c — `inspect`, `tokens` and `vocab` end to end on a temporary
 * folder, through rd_cli_parse and rd_cli_text, with standard output captured: every
 * line known (a tab inside a turn written as a space, a turn over two lines one passage,
 * interviewer turns in inspect only), the same output for -j 1 and -j 3, nothing on
 * standard output when a file cannot be used, the stage timings with RODEDRAAD_TIMINGS,
 * and a full standard output (/dev/full) RD_EIO. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>

#include "io/cli/options.h"
#include "io/cli/text.h"
#include "tests/unit/io/cli/capture.h"

static char folder[PATH_MAX];

static int setup(void **state)
{
    (void)state;
    char p[PATH_MAX];
    if (tmpdir_setup(state) != 0 || mkdir(tmpdir_path(folder, test_dir, "t"), 0700) != 0 ||
        mkdir(tmpdir_path(p, test_dir, "bad"), 0700) != 0)
        return -1;
    return tmpdir_puts(test_dir, "t/R01.txt",
                       "Interviewer: Hoe bevalt de woning?\n"
                       "Respondent: De woning is fijn,\tmaar de huur is hoog.\n"
                       "De huur stijgt elk jaar.\n") ||
                   tmpdir_puts(test_dir, "t/R02.txt", "I: En de buurt?\nR: De buurt is fijn. De huur ook!\n") ||
                   tmpdir_puts(test_dir, "bad/R03.txt", "")
               ? -1
               : 0;
}

#define ARGV(...) ((char *[]){"rodedraad", __VA_ARGS__, NULL})

/* Parses argv and runs the subcommand with stdout and stderr captured. */
static rd_status run_text(char **argv, char **out, char **errs)
{
    rd_cli_opts op;
    int done = 0, argc = 0;
    capture co, ce;
    while (argv[argc])
        argc++;
    assert_int_equal(rd_cli_parse(argc, argv, &op, &done), RD_OK);
    assert_int_equal(done, 0);
    assert_int_equal(capture_begin(&co, stdout, test_dir, "stdout"), 0);
    assert_int_equal(capture_begin(&ce, stderr, test_dir, "stderr"), 0);
    rd_status rc = rd_cli_text(&op);
    *errs = capture_end(&ce);
    *out = capture_end(&co);
    assert_non_null(*out);
    assert_non_null(*errs);
    rd_cli_opts_free(&op);
    return rc;
}

static void test_inspect(void **state)
{
    (void)state;
    char *out, *errs, want[4 * PATH_MAX + 512];
    snprintf(want, sizeof want,
             "respondent\tpassage\tspeaker\trole\tsource\ttext\n"
             "R01\t1\tInterviewer\tinterviewer\t%s/R01.txt:1\tHoe bevalt de woning?\n"
             "R01\t2\tRespondent\trespondent\t%s/R01.txt:2\tDe woning is fijn, maar de huur is "
             "hoog. De huur stijgt elk jaar.\n"
             "R02\t1\tI\tinterviewer\t%s/R02.txt:1\tEn de buurt?\n"
             "R02\t2\tR\trespondent\t%s/R02.txt:2\tDe buurt is fijn. De huur ook!\n",
             folder, folder, folder, folder);
    const char *j[] = {"1", "3"};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(run_text(ARGV("inspect", "-j", (char *)j[i], folder), &out, &errs), RD_OK);
        assert_string_equal(out, want);
        assert_string_equal(errs, "");
        free(out);
        free(errs);
    }
}

static void test_tokens(void **state)
{
    (void)state;
    static const char want[] = "respondent\tpassage\ttoken\tnorm\tstem\tkept\n"
                               "R01\t2\tDe\tde\tde\t0\n"
                               "R01\t2\twoning\twoning\twoning\t1\n"
                               "R01\t2\tis\tis\tis\t0\n"
                               "R01\t2\tfijn\tfijn\tfijn\t1\n"
                               "R01\t2\tmaar\tmaar\tmar\t0\n"
                               "R01\t2\tde\tde\tde\t0\n"
                               "R01\t2\thuur\thuur\thur\t1\n"
                               "R01\t2\tis\tis\tis\t0\n"
                               "R01\t2\thoog\thoog\thog\t1\n"
                               "R01\t2\tDe\tde\tde\t0\n"
                               "R01\t2\thuur\thuur\thur\t1\n"
                               "R01\t2\tstijgt\tstijgt\tstijgt\t1\n"
                               "R01\t2\telk\telk\telk\t0\n"
                               "R01\t2\tjaar\tjaar\tjar\t1\n"
                               "R02\t2\tDe\tde\tde\t0\n"
                               "R02\t2\tbuurt\tbuurt\tbuurt\t1\n"
                               "R02\t2\tis\tis\tis\t0\n"
                               "R02\t2\tfijn\tfijn\tfijn\t1\n"
                               "R02\t2\tDe\tde\tde\t0\n"
                               "R02\t2\thuur\thuur\thur\t1\n"
                               "R02\t2\took\took\took\t0\n";
    char *out, *errs;
    assert_int_equal(run_text(ARGV("tokens", folder, "-j", "2"), &out, &errs), RD_OK);
    assert_string_equal(out, want);
    assert_string_equal(errs, "");
    free(out);
    free(errs);
}

static void test_vocab(void **state)
{
    (void)state;
    char *out, *errs;
    assert_int_equal(run_text(ARGV("vocab", "--min-df", "1", "--max-df", "1", folder), &out, &errs),
                     RD_OK);
    assert_string_equal(out, "term\tlabel\tdf\ttf\n"
                             "hur\thuur\t2\t3\n"
                             "fijn\tfijn\t2\t2\n"
                             "buurt\tbuurt\t1\t1\n"
                             "hog\thoog\t1\t1\n"
                             "jar\tjaar\t1\t1\n"
                             "stijgt\tstijgt\t1\t1\n"
                             "woning\twoning\t1\t1\n");
    assert_string_equal(errs, "");
    free(out);
    free(errs);
    /* the default --max-df 0.5 drops the terms of both passages; --stopwords adds to the list */
    char sw[PATH_MAX];
    assert_int_equal(tmpdir_puts(test_dir, "stop.txt", "stijgt\nwoning\n"), 0);
    assert_int_equal(run_text(ARGV("vocab", "--min-df", "1", "--stopwords",
                                   tmpdir_path(sw, test_dir, "stop.txt"), folder),
                              &out, &errs),
                     RD_OK);
    assert_string_equal(out, "term\tlabel\tdf\ttf\nbuurt\tbuurt\t1\t1\nhog\thoog\t1\t1\n"
                             "jar\tjaar\t1\t1\n");
    free(out);
    free(errs);
}

/* A file that cannot be used: its message, and not even the header on standard output. */
static void test_bad_file(void **state)
{
    (void)state;
    char bad[PATH_MAX], want[2 * PATH_MAX];
    tmpdir_path(bad, test_dir, "bad/R03.txt");
    snprintf(want, sizeof want,
             "rodedraad: %s: empty file (0 bytes)\n"
             "rodedraad: 1 of 3 files could not be used; fix them, or rerun with --skip-bad to "
             "leave them out\n",
             bad);
    const char *cmd[] = {"inspect", "tokens", "vocab"};
    for (size_t i = 0; i < 3; i++) {
        char *out, *errs;
        assert_int_equal(run_text(ARGV((char *)cmd[i], folder, bad), &out, &errs), RD_EDATA);
        assert_string_equal(out, "");
        assert_string_equal(errs, want);
        free(out);
        free(errs);
    }
    char *out, *errs, missing[PATH_MAX];
    tmpdir_path(missing, test_dir, "nergens");
    assert_int_equal(run_text(ARGV("tokens", missing), &out, &errs), RD_ENOINPUT);
    assert_string_equal(out, "");
    free(out);
    free(errs);
}

static void test_timings(void **state)
{
    (void)state;
    char *out, *errs;
    assert_int_equal(setenv("RODEDRAAD_TIMINGS", "1", 1), 0);
    rd_status rc = run_text(ARGV("vocab", "--min-df", "1", folder), &out, &errs);
    unsetenv("RODEDRAAD_TIMINGS");
    assert_int_equal(rc, RD_OK);
    assert_string_equal(out, "term\tlabel\tdf\ttf\nbuurt\tbuurt\t1\t1\nhog\thoog\t1\t1\n"
                             "jar\tjaar\t1\t1\nstijgt\tstijgt\t1\t1\nwoning\twoning\t1\t1\n");
    assert_true(strncmp(errs, "timings: files=2 bytes=163 passages=4 rows=2 discover_s=", 56) == 0);
    assert_non_null(strstr(errs, " total_s="));
    assert_ptr_equal(strchr(errs, '\n'), errs + strlen(errs) - 1); /* one line */
    free(out);
    free(errs);
}

/* Standard output on a full disk: RD_EIO with one line saying so. */
static void test_stdout_full(void **state)
{
    (void)state;
    rd_cli_opts op;
    int done;
    char want[256];
    snprintf(want, sizeof want, "rodedraad: writing to standard output failed: %s\n",
             strerror(ENOSPC));
    int full = open("/dev/full", O_WRONLY);
    if (full < 0)
        skip();
    const char *cmd[] = {"inspect", "tokens", "vocab"};
    for (size_t i = 0; i < 3; i++) {
        char **argv = ARGV((char *)cmd[i], folder);
        assert_int_equal(rd_cli_parse(3, argv, &op, &done), RD_OK);
        capture ce;
        fflush(stdout);
        int saved = dup(STDOUT_FILENO);
        assert_true(saved >= 0 && dup2(full, STDOUT_FILENO) >= 0);
        assert_int_equal(capture_begin(&ce, stderr, test_dir, "stderr"), 0);
        rd_status rc = rd_cli_text(&op);
        char *errs = capture_end(&ce);
        fflush(stdout); /* fails again: nothing left to write */
        clearerr(stdout);
        dup2(saved, STDOUT_FILENO);
        close(saved);
        assert_int_equal(rc, RD_EIO);
        assert_string_equal(errs, want);
        free(errs);
        rd_cli_opts_free(&op);
    }
    close(full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inspect),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_vocab),
        cmocka_unit_test(test_bad_file),
        cmocka_unit_test(test_timings),
        cmocka_unit_test(test_stdout_full),
    };
    return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
