/* io/cli/progress.c — see progress.h. */
#include "io/cli/progress.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct rd_progress {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;
    const char *_Atomic stage;
    _Atomic size_t files, iters;
    size_t total;
    struct timespec t0;
};

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

static void draw(rd_progress *p)
{
    size_t f = atomic_load(&p->files), it = atomic_load(&p->iters);
    const char *st = atomic_load(&p->stage);
    char line[160];
    int n = snprintf(line, sizeof line, "\rrodedraad: %-22s files %zu/%zu", st, f, p->total);
    if (it && n > 0 && (size_t)n < sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, ", NMF iterations %zu", it);
    if (n > 0 && (size_t)n < sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, ", %.0f s\033[K", since(&p->t0));
    if (n > 0)
        fputs(line, stderr);
}

static void *loop(void *arg)
{
    rd_progress *p = arg;
    pthread_mutex_lock(&p->mu);
    draw(p); /* at once: even a short run shows what it does */
    while (!p->stop) {
        struct timespec dl;
        clock_gettime(CLOCK_REALTIME, &dl);
        dl.tv_nsec += 250000000L;
        if (dl.tv_nsec >= 1000000000L) {
            dl.tv_sec++;
            dl.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->cv, &p->mu, &dl);
        if (!p->stop)
            draw(p);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

rd_progress *rd_progress_start(int enabled, size_t total_files)
{
    if (!enabled || !isatty(STDERR_FILENO))
        return NULL;
    rd_progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->total = total_files;
    atomic_store(&p->stage, "reading");
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (pthread_create(&p->th, NULL, loop, p) != 0) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cv);
        free(p);
        return NULL;
    }
    return p;
}

void rd_progress_stage(rd_progress *p, const char *stage)
{
    if (p)
        atomic_store(&p->stage, stage);
}

_Atomic size_t *rd_progress_files(rd_progress *p) { return p ? &p->files : NULL; }
_Atomic size_t *rd_progress_iters(rd_progress *p) { return p ? &p->iters : NULL; }

void rd_progress_stop(rd_progress *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->th, NULL);
    fputs("\r\033[K", stderr);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
}
