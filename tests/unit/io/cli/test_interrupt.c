/* tests/unit/io/cli/test_interrupt.c — SIGINT and SIGTERM during a run, in child processes:
 * a signal while another thread keeps making files in the stage removes the stage and
 * exits 130/143 with one line naming OUTDIR, which is left as it was; a signal during the
 * commit waits for it and is then only reported (OUTDIR holds the new files); a signal
 * ignored at start stays ignored; start and stop can follow each other in one process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>

#include "io/cli/interrupt.h"
#include "tests/unit/tmpdir.h"

static const char *const OWNED[] = {"themes.csv", "segments.csv", "quotes.csv", "model.json"};
enum { N_OWNED = sizeof OWNED / sizeof *OWNED };

static char out[PATH_MAX], errfile[PATH_MAX];

static void pause_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0)
        ;
}

/* OUTDIR with one old output and one file of the user's. */
static int setup(void **state)
{
    if (tmpdir_setup(state) != 0)
        return -1;
    tmpdir_path(out, test_dir, "uit");
    tmpdir_path(errfile, test_dir, "stderr.txt");
    return mkdir(out, 0777) == 0 && tmpdir_puts(out, "themes.csv", "oud\n") == 0 &&
                   tmpdir_puts(out, "notities.txt", "van mij\n") == 0
               ? 0
               : -1;
}

/* The names in dir, sorted, comma-separated. */
static const char *listing(const char *dir)
{
    static char s[4096];
    struct dirent **v;
    int n = scandir(dir, &v, NULL, alphasort);
    s[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(v[i]->d_name, ".") && strcmp(v[i]->d_name, "..")) {
            if (s[0])
                strcat(s, ",");
            strcat(s, v[i]->d_name);
        }
        free(v[i]);
    }
    if (n >= 0)
        free(v);
    return s;
}

/* Begins a run on out in the child, as rd_cli_run does; exits 90 on failure. */
static void child_begin(rd_outdir *od)
{
    rd_err err = {0};
    int fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || dup2(fd, STDERR_FILENO) < 0)
        _exit(90);
    close(fd);
    if (rd_interrupt_start("uit") != 0)
        _exit(91);
    rd_interrupt_lock();
    if (rd_outdir_begin(od, out, 1, OWNED, N_OWNED, &err) != RD_OK)
        _exit(92);
    rd_interrupt_watch(od);
    rd_interrupt_unlock();
}

static int wait_child(pid_t pid)
{
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFEXITED(status))
        fail_msg("child ended by signal %d", WTERMSIG(status));
    return WEXITSTATUS(status);
}

static atomic_int files_made;

/* Keeps making (and remaking) files in the stage, as export_all would. */
static void *writer(void *arg)
{
    const rd_outdir *od = arg;
    char p[PATH_MAX];
    for (unsigned i = 0;; i++) {
        snprintf(p, sizeof p, "%s/%s", rd_outdir_stage(od), OWNED[i % N_OWNED]);
        FILE *f = fopen(p, "wb");
        if (f) {
            fputs("nieuw, half\n", f);
            fclose(f);
            atomic_fetch_add(&files_made, 1);
        }
    }
    return NULL;
}

static void signal_while_writing(int sig, int want_code, const char *name)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        static rd_outdir od;
        pthread_t th;
        child_begin(&od);
        if (pthread_create(&th, NULL, writer, &od) != 0)
            _exit(93);
        while (atomic_load(&files_made) < 50)
            pause_ms(1);
        kill(getpid(), sig);
        pause_ms(5000);
        _exit(94); /* not reached: the watcher ends the process */
    }
    assert_int_equal(wait_child(pid), want_code);
    assert_string_equal(listing(test_dir), "stderr.txt,uit");
    assert_string_equal(listing(out), "notities.txt,themes.csv");
    char p[PATH_MAX], want[128];
    char *t = tmpdir_slurp(tmpdir_path(p, out, "themes.csv")), *e = tmpdir_slurp(errfile);
    snprintf(want, sizeof want, "rodedraad: interrupted (%s); uit was left as it was\n", name);
    assert_string_equal(t, "oud\n");
    assert_string_equal(e, want);
    free(t);
    free(e);
}

static void test_sigterm_while_writing(void **state)
{
    (void)state;
    signal_while_writing(SIGTERM, 143, "SIGTERM");
}

static void test_sigint_while_writing(void **state)
{
    (void)state;
    signal_while_writing(SIGINT, 130, "SIGINT");
}

/* The signal comes while the commit holds the lock: the commit finishes, OUTDIR is the new
 * one, and stop reports the signal. A second start/stop in the same process works. */
static void test_signal_during_commit(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        rd_outdir od;
        rd_err err = {0};
        child_begin(&od);
        if (tmpdir_puts(rd_outdir_stage(&od), "segments.csv", "nieuw\n") != 0)
            _exit(93);
        rd_interrupt_lock();
        kill(getpid(), SIGTERM);
        pause_ms(200); /* the watcher has read it and waits for the lock */
        if (rd_outdir_commit(&od, &err) != RD_OK)
            _exit(94);
        rd_interrupt_finished();
        rd_interrupt_unlock();
        rd_interrupt_watch(NULL);
        int late = rd_interrupt_stop();
        if (rd_interrupt_start("uit") != 0 || rd_interrupt_stop() != 0)
            _exit(95);
        _exit(late);
    }
    assert_int_equal(wait_child(pid), SIGTERM);
    assert_string_equal(listing(test_dir), "stderr.txt,uit");
    assert_string_equal(listing(out), "notities.txt,segments.csv");
}

/* SIGINT ignored when the run starts (nohup, a background job of a script) stays ignored;
 * after stop the disposition is the old one again. */
static void test_ignored_stays_ignored(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        rd_outdir od;
        struct sigaction sa;
        signal(SIGINT, SIG_IGN);
        child_begin(&od);
        kill(getpid(), SIGINT);
        pause_ms(200);
        rd_interrupt_lock();
        rd_outdir_abandon(&od);
        rd_interrupt_watch(NULL);
        rd_interrupt_unlock();
        if (rd_interrupt_stop() != 0)
            _exit(93);
        if (sigaction(SIGINT, NULL, &sa) != 0 || sa.sa_handler != SIG_IGN)
            _exit(94);
        _exit(0);
    }
    assert_int_equal(wait_child(pid), 0);
    assert_string_equal(listing(test_dir), "stderr.txt,uit");
}

#define T(f) cmocka_unit_test(f)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_sigterm_while_writing),
        T(test_sigint_while_writing),
        T(test_signal_during_commit),
        T(test_ignored_stays_ignored),
    };
    return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
