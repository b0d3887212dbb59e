/* tests/unit/io/write/test_outfile.c — opening and closing the writers' output files: the
 * file is created and truncated, a folder that does not exist is RD_EOUTPUT, and a failed
 * write, flush (/dev/full) or earlier write is RD_EIO with the path and the reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>

#include "io/write/outfile.h"
#include "tests/unit/tmpdir.h"

static void test_create_truncate_close(void **state)
{
    (void)state;
    char dir[PATH_MAX], p[PATH_MAX];
    rd_err err = {0};
    assert_int_equal(tmpdir_make(dir), 0);
    tmpdir_path(p, dir, "out.txt");
    assert_int_equal(tmpdir_puts(dir, "out.txt", "an older and longer text\n"), 0);
    FILE *f = rd__outfile_open(p, &err);
    assert_non_null(f);
    fputs("nieuw\n", f);
    assert_int_equal(rd__outfile_close(f, 0, p, &err), RD_OK);
    assert_int_equal(err.code, RD_OK);
    char *got = tmpdir_slurp(p);
    assert_string_equal(got, "nieuw\n");
    free(got);
    tmpdir_remove(dir);
}

static void test_cannot_create(void **state)
{
    (void)state;
    char dir[PATH_MAX], p[PATH_MAX], want[2 * PATH_MAX];
    rd_err err = {0};
    assert_int_equal(tmpdir_make(dir), 0);
    tmpdir_path(p, dir, "missing/out.csv");
    assert_null(rd__outfile_open(p, &err));
    assert_int_equal(err.code, RD_EOUTPUT);
    snprintf(want, sizeof want, "%s: cannot create: %s", p, strerror(ENOENT));
    assert_string_equal(err.msg, want);
    assert_null(rd__outfile_open(p, NULL)); /* err may be NULL */
    tmpdir_remove(dir);
}

static void test_flush_fails(void **state)
{
    (void)state;
    rd_err err = {0};
    FILE *f = rd__outfile_open("/dev/full", &err);
    if (!f)
        skip(); /* no /dev/full on this system */
    fputs("past the end of the disk\n", f); /* buffered: fails at the flush */
    assert_int_equal(rd__outfile_close(f, 0, "/dev/full", &err), RD_EIO);
    char want[128];
    snprintf(want, sizeof want, "/dev/full: %s", strerror(ENOSPC));
    assert_string_equal(err.msg, want);
}

static void test_earlier_failure_reported(void **state)
{
    (void)state;
    char dir[PATH_MAX], p[PATH_MAX];
    rd_err err = {0};
    assert_int_equal(tmpdir_make(dir), 0);
    tmpdir_path(p, dir, "t.tsv");
    FILE *f = rd__outfile_open(p, &err);
    assert_non_null(f);
    /* the earlier failure's errno is the reason, whatever errno holds now */
    char want[2 * PATH_MAX];
    errno = EIO;
    assert_int_equal(rd__outfile_close(f, ENOSPC, p, &err), RD_EIO);
    assert_int_equal(err.code, RD_EIO);
    snprintf(want, sizeof want, "%s: %s", p, strerror(ENOSPC));
    assert_string_equal(err.msg, want);
    /* err NULL: the file is still closed, the status still returned */
    f = rd__outfile_open(p, NULL);
    assert_non_null(f);
    assert_int_equal(rd__outfile_close(f, EDQUOT, p, NULL), RD_EIO);
    tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_truncate_close),
        cmocka_unit_test(test_cannot_create),
        cmocka_unit_test(test_flush_fails),
        cmocka_unit_test(test_earlier_failure_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
