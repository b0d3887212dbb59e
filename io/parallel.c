/* io/parallel.c — see parallel.h. */
#include "io/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
    size_t n;
    atomic_size_t next;
    atomic_int stop;
    rd_par_fn fn;
    void *ctx;
    unsigned char *done;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int ordered;
} pool;

typedef struct {
    pool *p;
    int id;
} worker_arg;

static void *worker(void *arg)
{
    worker_arg *w = arg;
    pool *p = w->p;
    for (;;) {
        if (atomic_load(&p->stop))
            break;
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n)
            break;
        p->fn(p->ctx, i, w->id);
        if (p->ordered) {
            pthread_mutex_lock(&p->mu);
            p->done[i] = 1;
            pthread_cond_broadcast(&p->cv);
            pthread_mutex_unlock(&p->mu);
        }
    }
    return NULL;
}

int rd_par_cores(void)
{
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? 1 : (int)c;
}

rd_status rd_par_run(size_t n, int threads, rd_par_fn fn, rd_par_done_fn in_order, void *ctx,
                     rd_err *err)
{
    rd_status rc = RD_OK;
    pool p = {.n = n, .fn = fn, .ctx = ctx, .ordered = in_order != NULL};
    pthread_t *tid = NULL;
    worker_arg *args = NULL;
    int started = 0;
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > n)
        threads = n ? (int)n : 1;
    atomic_init(&p.next, 0);
    atomic_init(&p.stop, 0);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    if (!(p.done = calloc(n ? n : 1, 1)) || !(tid = calloc((size_t)threads, sizeof *tid)) ||
        !(args = calloc((size_t)threads, sizeof *args))) {
        rc = rd_fail(err, RD_ENOMEM, "thread pool");
        goto done;
    }
    for (int t = 0; t < threads; t++) {
        args[t] = (worker_arg){&p, t};
        if (pthread_create(&tid[t], NULL, worker, &args[t]) != 0) {
            if (t == 0) {
                rc = rd_fail(err, RD_ENOMEM, "cannot start a worker thread");
                goto done;
            }
            break; /* fewer workers still finish the job */
        }
        started++;
    }
    if (in_order) {
        for (size_t i = 0; i < n; i++) {
            pthread_mutex_lock(&p.mu);
            while (!p.done[i])
                pthread_cond_wait(&p.cv, &p.mu);
            pthread_mutex_unlock(&p.mu);
            if ((rc = in_order(ctx, i, err)) != RD_OK) {
                atomic_store(&p.stop, 1);
                break;
            }
        }
    }
done:
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    free(p.done);
    free(tid);
    free(args);
    return rc;
}
