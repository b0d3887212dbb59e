/* io/read/pdf.c — see pdf.h.
 *
 * The child is made with fork() and, between fork and execve, only calls functions that
 * are async-signal-safe (setrlimit, prctl, sigaction, sigprocmask, dup2, close_range,
 * execve, _exit): rodedraad's text stage runs several threads, and the child of one of
 * them must not touch a lock another thread held at the fork. Everything the child needs
 * (the tool's path, argv, the descriptors) is prepared before the fork. */
#define _GNU_SOURCE /* memfd_create, close_range */
#include "io/read/pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/grow.h"
#include "nlp/utf8.h"

extern char **environ;

enum { CHUNK = 64 * 1024, ERR_KEEP = 1024 };

/* --- finding and starting the tool -------------------------------------------------- */

/* The tool's path into out: as given when it holds a '/', else the first executable of
 * that name on PATH. 0, or -1 when there is none. */
static int find_tool(const char *tool, char *out, size_t cap)
{
    if (strchr(tool, '/')) {
        int k = snprintf(out, cap, "%s", tool);
        return k > 0 && (size_t)k < cap && access(out, X_OK) == 0 ? 0 : -1;
    }
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *p = path;;) {
        size_t len = strcspn(p, ":");
        int k = snprintf(out, cap, "%.*s/%s", len ? (int)len : 1, len ? p : ".", tool);
        if (k > 0 && (size_t)k < cap && access(out, X_OK) == 0)
            return 0;
        if (!p[len])
            return -1;
        p += len + 1;
    }
}

/* fd moved to a number of at least 3 (so that dup2 onto 0, 1 or 2 in the child never
 * meets itself), close-on-exec; -1 (fd closed) on failure. */
static int high_fd(int fd)
{
    if (fd < 0 || fd > 2)
        return fd;
    int h = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return h;
}

/* An anonymous in-memory file holding data[0..n), positioned at its start; -1 on failure
 * (errno set). */
static int memory_file(const char *data, size_t n)
{
    int fd = high_fd(memfd_create("rodedraad-pdf", MFD_CLOEXEC));
    size_t done = 0;
    while (fd >= 0 && done < n) {
        ssize_t w = write(fd, data + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        done += (size_t)w;
    }
    if (fd >= 0 && lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* In the child: limits, default signals, the three descriptors, then the tool. */
__attribute__((noreturn)) static void child(const char *tool, char *const argv[], int in, int out, int errfd,
                  pid_t parent, rlim_t mem, rlim_t cpu)
{
    struct rlimit as = {mem, mem}, cpus = {cpu, cpu + 1}, zero = {0, 0};
    struct sigaction dfl;
    sigset_t none;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(126);
    if (setrlimit(RLIMIT_AS, &as) != 0 || setrlimit(RLIMIT_CPU, &cpus) != 0 ||
        setrlimit(RLIMIT_CORE, &zero) != 0 || setrlimit(RLIMIT_FSIZE, &zero) != 0)
        _exit(126);
    static const int sigs[] = {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGXCPU, SIGXFSZ};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        sigaction(sigs[i], &dfl, NULL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
        _exit(126);
    close_range(3, ~0u, 0);
    execve(tool, argv, environ);
    _exit(127);
}

/* --- collecting what the child writes ----------------------------------------------- */

typedef struct {
    char *text;           /* its standard output */
    size_t n, cap;
    char msg[ERR_KEEP];   /* the start of its standard error */
    size_t msg_n;
    int timed_out, too_big, failed; /* failed: poll or read error (errno in err_no) */
    int err_no;
} harvest;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Reads what is ready on fd (0: the text, 1: the messages); returns 0 at end of file. */
static int drain(harvest *h, int which, int fd, size_t max)
{
    char scratch[4096];
    ssize_t r;
    if (which == 0) {
        if (RD_GROW_MIN(h->text, h->cap, h->n + CHUNK + 1, CHUNK + 1)) {
            h->failed = 1;
            h->err_no = ENOMEM;
            return 0;
        }
        r = read(fd, h->text + h->n, CHUNK);
    } else {
        r = read(fd, scratch, sizeof scratch);
    }
    if (r < 0)
        return errno == EINTR || errno == EAGAIN ? 1 : (h->failed = 1, h->err_no = errno, 0);
    if (r == 0)
        return 0;
    if (which == 0) {
        h->n += (size_t)r;
        if (max && h->n > max) {
            h->too_big = 1;
            return 0;
        }
    } else {
        size_t keep = (size_t)r < sizeof h->msg - 1 - h->msg_n ? (size_t)r
                                                              : sizeof h->msg - 1 - h->msg_n;
        memcpy(h->msg + h->msg_n, scratch, keep);
        h->msg_n += keep;
    }
    return 1;
}

/* Reads both pipes until the child closes them, the deadline passes or the text grows too
 * large; stops the child in the last two cases. Then reaps it into *status. */
static void collect(pid_t pid, int out, int errfd, unsigned timeout_s, size_t max, harvest *h,
                    int *status)
{
    struct pollfd p[2] = {{out, POLLIN, 0}, {errfd, POLLIN, 0}};
    double deadline = now_s() + timeout_s;
    while (p[0].fd >= 0 || p[1].fd >= 0) {
        double left = deadline - now_s();
        if (left <= 0) {
            h->timed_out = 1;
            break;
        }
        int r = poll(p, 2, left > 1000.0 ? 1000000 : (int)(left * 1000.0) + 1);
        if (r < 0 && errno != EINTR) {
            h->failed = 1;
            h->err_no = errno;
            break;
        }
        for (int i = 0; r > 0 && i < 2; i++)
            if (p[i].fd >= 0 && (p[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
                !drain(h, i, p[i].fd, max))
                p[i].fd = -1;
        if (h->too_big || h->failed)
            break;
    }
    if (p[0].fd >= 0 || p[1].fd >= 0)
        kill(pid, SIGKILL);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
}

/* --- what it means ------------------------------------------------------------------ */

/* The line of the child's messages worth showing: the first that mentions an error, else
 * the first; printable ASCII only, at most 160 bytes. */
static void message_line(const harvest *h, char *out, size_t cap)
{
    const char *m = h->msg, *end = h->msg + h->msg_n, *pick = NULL;
    for (const char *l = m; l < end && !pick;) {
        const char *nl = memchr(l, '\n', (size_t)(end - l));
        size_t len = nl ? (size_t)(nl - l) : (size_t)(end - l);
        for (size_t i = 0; i + 5 <= len; i++)
            if (strncasecmp(l + i, "error", 5) == 0) {
                pick = l;
                break;
            }
        l += len + 1;
    }
    if (!pick)
        pick = m;
    size_t k = 0;
    for (const char *c = pick; c < end && *c != '\n' && k + 1 < cap && k < 160; c++)
        out[k++] = (*c >= 0x20 && *c < 0x7F) ? *c : ' ';
    out[k] = '\0';
    if (k == 0)
        snprintf(out, cap, "no message");
}

static int mentions(const harvest *h, const char *word)
{
    size_t wl = strlen(word);
    for (size_t i = 0; i + wl <= h->msg_n; i++)
        if (strncasecmp(h->msg + i, word, wl) == 0)
            return 1;
    return 0;
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV, a crash";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    default: return "a signal";
    }
}

/* The child's end as a status and message; RD_OK when it extracted the text. */
static rd_status verdict(const harvest *h, int status, const rd_pdf_opts *o, rd_err *err)
{
    char line[200];
    if (h->failed)
        return rd_fail(err, h->err_no == ENOMEM ? RD_ENOMEM : RD_EIO,
                       "reading pdftotext's output failed: %s", strerror(h->err_no));
    if (h->timed_out)
        return rd_fail(err, RD_EDATA, "pdftotext took longer than %u s on this PDF and was "
                       "stopped (a damaged or very large PDF?)", o->timeout_s);
    if (h->too_big)
        return rd_fail(err, RD_EDATA, "its text is over %zu MB, the limit per file (pdftotext "
                       "was stopped)", o->max_text >> 20);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
        return rd_fail(err, RD_EDATA, "pdftotext used more than %u s of CPU time on this PDF "
                       "and was stopped (a damaged or very large PDF?)", o->timeout_s);
    if (WIFSIGNALED(status))
        return rd_fail(err, RD_EDATA, "pdftotext crashed on this PDF (signal %d, %s): the PDF "
                       "is damaged, or needs more than the %zu MB memory limit",
                       WTERMSIG(status), signal_name(WTERMSIG(status)), o->mem_bytes >> 20);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 0)
        return RD_OK;
    message_line(h, line, sizeof line);
    if (code == 126 || code == 127)
        return rd_fail(err, RD_ENOINPUT, "cannot run %s to read PDF files (exit %d)",
                       o->tool, code);
    if (code == 1 && mentions(h, "password"))
        return rd_fail(err, RD_EDATA, "password-protected PDF: remove the password (for "
                       "instance print it to a new PDF) and run again");
    if (code == 1)
        return rd_fail(err, RD_EDATA, "damaged PDF: pdftotext could not read it (%s)", line);
    return rd_fail(err, RD_EDATA, "pdftotext failed on this PDF (exit %d: %s)", code, line);
}

/* Drops form feeds, turns NUL and the other controls but tab and newline into spaces, and
 * checks that text remains and is UTF-8. */
static rd_status clean_text(char *t, size_t *n, rd_err *err)
{
    size_t k = 0, bad;
    int any = 0;
    for (size_t i = 0; i < *n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '\f')
            continue;
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
            c = ' ';
        if (c != ' ' && c != '\t' && c != '\n')
            any = 1;
        t[k++] = (char)c;
    }
    t[k] = '\0';
    *n = k;
    if (!any)
        return rd_fail(err, RD_EDATA, "no text layer (a scanned PDF?): run OCR first (for "
                       "instance with ocrmypdf), or use the transcript's text file");
    if (!rd_utf8_valid(t, k, &bad))
        return rd_fail(err, RD_EDATA, "the text pdftotext extracted is not valid UTF-8 at "
                       "byte %zu", bad);
    return RD_OK;
}

/* --- the whole ----------------------------------------------------------------------- */

/* Starts the tool on in_fd and collects its output into h and its end into *status. */
static rd_status run_tool(const char *tool, int in_fd, const rd_pdf_opts *o, harvest *h,
                          int *status, rd_err *err)
{
    int out[2] = {-1, -1}, errp[2] = {-1, -1};
    char *argv[] = {(char *)"pdftotext", (char *)"-enc", (char *)"UTF-8", (char *)"-eol",
                    (char *)"unix", (char *)"-", (char *)"-", NULL};
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
        rd_status rc = rd_fail(err, RD_EIO, "cannot make a pipe for pdftotext: %s",
                               strerror(errno));
        for (int i = 0; i < 2; i++) {
            if (out[i] >= 0)
                close(out[i]);
            if (errp[i] >= 0)
                close(errp[i]);
        }
        return rc;
    }
    out[1] = high_fd(out[1]);
    errp[1] = high_fd(errp[1]);
    pid_t parent = getpid();
    pid_t pid = out[1] < 0 || errp[1] < 0 ? -1 : fork();
    if (pid == 0)
        child(tool, argv, in_fd, out[1], errp[1], parent, (rlim_t)o->mem_bytes,
              (rlim_t)o->timeout_s);
    int fork_errno = errno;
    if (out[1] >= 0)
        close(out[1]);
    if (errp[1] >= 0)
        close(errp[1]);
    if (pid < 0) {
        close(out[0]);
        close(errp[0]);
        return rd_fail(err, RD_EIO, "cannot start pdftotext: %s", strerror(fork_errno));
    }
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    fcntl(errp[0], F_SETFL, O_NONBLOCK);
    collect(pid, out[0], errp[0], o->timeout_s, o->max_text, h, status);
    close(out[0]);
    close(errp[0]);
    return RD_OK;
}

rd_status rd_pdf_text(const char *data, size_t n, const rd_pdf_opts *opts, char **out,
                      size_t *out_n, rd_err *err)
{
    rd_pdf_opts o = opts ? *opts : (rd_pdf_opts){0};
    harvest h;
    char tool[4096];
    int status = 0, in_fd = -1;
    rd_status rc = RD_OK;
    memset(&h, 0, sizeof h);
    *out = NULL;
    *out_n = 0;
    if (!o.tool)
        o.tool = "pdftotext";
    if (!o.timeout_s)
        o.timeout_s = RD_PDF_TIMEOUT_S;
    if (!o.mem_bytes)
        o.mem_bytes = RD_PDF_MEM_BYTES;
    if (!memmem(data, n < 1024 ? n : 1024, "%PDF-", 5))
        return rd_fail(err, RD_EDATA, "not a PDF file (no %%PDF- header in its first 1024 "
                       "bytes)");
    if (find_tool(o.tool, tool, sizeof tool) != 0)
        return rd_fail(err, RD_ENOINPUT, "cannot read PDF files here: %s is not installed "
                       "(Debian package poppler-utils)", o.tool);
    if ((in_fd = memory_file(data, n)) < 0)
        return rd_fail(err, RD_EIO, "cannot hand the PDF to pdftotext (in-memory file): %s",
                       strerror(errno));
    rc = run_tool(tool, in_fd, &o, &h, &status, err);
    close(in_fd);
    if (rc == RD_OK)
        rc = verdict(&h, status, &o, err);
    if (rc == RD_OK && !h.text && RD_GROW_MIN(h.text, h.cap, 1, 1))
        rc = rd_fail(err, RD_ENOMEM, "PDF text");
    if (rc == RD_OK)
        rc = clean_text(h.text, &h.n, err);
    if (rc != RD_OK) {
        free(h.text);
        return rc;
    }
    *out = h.text;
    *out_n = h.n;
    return RD_OK;
}
