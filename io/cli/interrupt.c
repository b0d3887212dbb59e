/* io/cli/interrupt.c — see interrupt.h. */
#define _GNU_SOURCE /* pipe2 */
#include "io/cli/interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

/* Made once and never closed: a handler still running in another thread while the run
 * ends can then never write into a descriptor that was reused meanwhile. */
static int pipe_fd[2] = {-1, -1};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_t watcher;
static int running;
static int err_fd = -1;          /* fd 2 as it was at start */
static const char *shown;        /* OUTDIR as given */
static const rd_outdir *watched; /* guarded by mu */
static int finished, late;       /* guarded by mu */

static const int sigs[] = {SIGINT, SIGTERM};
static struct sigaction old_action[2];
static int installed[2];

/* The handler: one write(2), which is async-signal-safe; errno is left as it was. */
static void on_signal(int sig)
{
    int e = errno;
    unsigned char b = (unsigned char)sig;
    if (write(pipe_fd[1], &b, 1) < 0) {
        /* the pipe is full of signals already: one is enough */
    }
    errno = e;
}

static void say(int sig)
{
    char msg[4096 + 128];
    int n = snprintf(msg, sizeof msg, "%srodedraad: interrupted (%s); %s was left as it was\n",
                     isatty(err_fd) ? "\r\033[K" : "", sig == SIGINT ? "SIGINT" : "SIGTERM",
                     shown);
    if (n > (int)sizeof msg - 1)
        n = (int)sizeof msg - 1;
    if (err_fd >= 0 && n > 0 && write(err_fd, msg, (size_t)n) < 0) {
        /* nowhere left to say it */
    }
}

/* Reads signal numbers from the pipe until a 0 (rd_interrupt_stop). */
static void *watch(void *arg)
{
    (void)arg;
    for (;;) {
        unsigned char b;
        ssize_t k = read(pipe_fd[0], &b, 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0 || b == 0)
            return NULL;
        pthread_mutex_lock(&mu); /* waits for a begin or a commit under way */
        if (finished) {
            if (!late)
                late = b;
            pthread_mutex_unlock(&mu);
            continue;
        }
        rd_outdir_discard(watched);
        say(b);
        _exit(128 + b);
    }
}

/* Reads whatever an earlier run in this process left in the pipe. */
static void drain(void)
{
    unsigned char buf[64];
    int fl = fcntl(pipe_fd[0], F_GETFL);
    if (fl >= 0 && fcntl(pipe_fd[0], F_SETFL, fl | O_NONBLOCK) == 0) {
        while (read(pipe_fd[0], buf, sizeof buf) > 0)
            ;
        fcntl(pipe_fd[0], F_SETFL, fl);
    }
}

int rd_interrupt_start(const char *outdir)
{
    if (running)
        return 0;
    if (pipe_fd[0] < 0) {
        if (pipe2(pipe_fd, O_CLOEXEC) != 0)
            return -1;
        fcntl(pipe_fd[1], F_SETFL, O_NONBLOCK); /* the handler never blocks */
    }
    drain();
    shown = outdir;
    watched = NULL;
    finished = late = 0;
    err_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (pthread_create(&watcher, NULL, watch, NULL) != 0) {
        if (err_fd >= 0)
            close(err_fd);
        err_fd = -1;
        return -1;
    }
    struct sigaction sa;
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < 2; i++)
        sigaddset(&sa.sa_mask, sigs[i]);
    for (size_t i = 0; i < 2; i++) {
        installed[i] = sigaction(sigs[i], NULL, &old_action[i]) == 0 &&
                       old_action[i].sa_handler != SIG_IGN &&
                       sigaction(sigs[i], &sa, NULL) == 0;
    }
    running = 1;
    return 0;
}

void rd_interrupt_lock(void) { pthread_mutex_lock(&mu); }
void rd_interrupt_unlock(void) { pthread_mutex_unlock(&mu); }
void rd_interrupt_watch(const rd_outdir *od) { watched = od; }
void rd_interrupt_finished(void) { finished = 1; }

int rd_interrupt_stop(void)
{
    unsigned char stop = 0;
    int sig;
    if (!running)
        return 0;
    for (size_t i = 0; i < 2; i++)
        if (installed[i])
            sigaction(sigs[i], &old_action[i], NULL);
    while (write(pipe_fd[1], &stop, 1) < 0 && (errno == EINTR || errno == EAGAIN))
        ;
    pthread_join(watcher, NULL);
    if (err_fd >= 0)
        close(err_fd);
    err_fd = -1;
    running = 0;
    pthread_mutex_lock(&mu);
    sig = late;
    watched = NULL;
    pthread_mutex_unlock(&mu);
    return sig;
}
