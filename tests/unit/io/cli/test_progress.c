/* tests/unit/io/cli/test_progress.c — the progress line: disabled (-q) or with standard
 * error not a terminal there is no handle and every call is a no-op that writes nothing;
 * on a terminal (a pseudo-terminal here) the line is drawn and cleared when stopped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <pty.h>
#include <termios.h>

#include "io/cli/progress.h"
#include "tests/unit/io/cli/capture.h"

/* Every call on NULL does nothing. */
static void use(rd_progress *p)
{
    rd_progress_stage(p, "themes (NMF)");
    assert_null(rd_progress_files(p));
    assert_null(rd_progress_iters(p));
    rd_progress_stop(p);
}

static void test_disabled(void **state)
{
    (void)state;
    capture c;
    assert_int_equal(capture_begin(&c, stderr, test_dir, "stderr"), 0);
    rd_progress *p = rd_progress_start(0, 10); /* -q */
    assert_null(p);
    use(p);
    /* enabled, but standard error is a file */
    p = rd_progress_start(1, 10);
    assert_null(p);
    use(p);
    rd_progress_stop(NULL);
    char *errs = capture_end(&c);
    assert_string_equal(errs, "");
    free(errs);
}

static void test_terminal(void **state)
{
    (void)state;
    int master, slave;
    if (openpty(&master, &slave, NULL, NULL, NULL) != 0)
        skip(); /* no pseudo-terminals here */
    struct termios t;
    assert_int_equal(tcgetattr(slave, &t), 0);
    cfmakeraw(&t);
    assert_int_equal(tcsetattr(slave, TCSANOW, &t), 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(slave, STDERR_FILENO) >= 0);

    rd_progress *p = rd_progress_start(1, 3);
    int on_tty = p != NULL;
    _Atomic size_t *files = rd_progress_files(p), *iters = rd_progress_iters(p);
    rd_progress_stage(p, "themes (NMF)");
    if (files)
        atomic_fetch_add(files, 2);
    if (iters)
        atomic_fetch_add(iters, 7);
    rd_progress_stop(p);

    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(slave);
    char got[4096];
    size_t n = 0;
    fcntl(master, F_SETFL, O_NONBLOCK);
    for (ssize_t k; n < sizeof got - 1 && (k = read(master, got + n, sizeof got - 1 - n)) > 0;)
        n += (size_t)k;
    got[n] = '\0';
    close(master);

    assert_true(on_tty);
    assert_non_null(files);
    assert_non_null(iters);
    assert_ptr_not_equal(files, iters);
    /* at least one line was drawn (at once, when the thread starts), and the last thing
     * written clears it */
    assert_true(strncmp(got, "\rrodedraad: ", 12) == 0);
    assert_non_null(strstr(got, "/3"));
    assert_true(n >= 4 && strcmp(got + n - 4, "\r\033[K") == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disabled),
        cmocka_unit_test(test_terminal),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
