/* engine/pool.c — see pool.h. Both loops start their threads through start_workers. */
#include "engine/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

/* Starts body(args + i * stride) on tid[i] for i in [from, to); ok[i] says whether it
 * started. Returns how many did. */
static int start_workers(pthread_t *tid, unsigned char *ok, int from, int to,
                         void *(*body)(void *), void *args, size_t stride)
{
    int started = 0;
    for (int t = from; t < to; t++) {
        ok[t] = pthread_create(&tid[t], NULL, body, (char *)args + (size_t)t * stride) == 0;
        started += ok[t];
    }
    return started;
}

/* ---- static ranges ---- */

typedef struct {
    rd_pool_range_fn fn;
    void *ctx;
    size_t lo, hi;
} range_job;

static void *range_body(void *p)
{
    range_job *j = p;
    j->fn(j->ctx, j->lo, j->hi);
    return NULL;
}

void rd_pool_for(int threads, size_t n, rd_pool_range_fn fn, void *ctx)
{
    if (threads > RD_POOL_MAX_FOR)
        threads = RD_POOL_MAX_FOR;
    if (threads < 1 || (size_t)threads > n)
        threads = n ? (int)(n < (size_t)RD_POOL_MAX_FOR ? n : RD_POOL_MAX_FOR) : 1;
    if (threads <= 1 || n < 2) {
        if (n)
            fn(ctx, 0, n);
        return;
    }
    range_job jobs[RD_POOL_MAX_FOR];
    pthread_t tid[RD_POOL_MAX_FOR];
    unsigned char ok[RD_POOL_MAX_FOR] = {0};
    for (int t = 0; t < threads; t++)
        jobs[t] = (range_job){fn, ctx, n * (size_t)t / (size_t)threads,
                              n * (size_t)(t + 1) / (size_t)threads};
    start_workers(tid, ok, 1, threads, range_body, jobs, sizeof *jobs);
    range_body(&jobs[0]);
    for (int t = 1; t < threads; t++) {
        if (ok[t])
            pthread_join(tid[t], NULL);
        else
            range_body(&jobs[t]);
    }
}

void rd_pool_cuts(const int64_t *prefix, size_t n, int parts, size_t *cuts)
{
    int64_t total = prefix[n] - prefix[0];
    size_t r = 0;
    cuts[0] = 0;
    for (int p = 1; p < parts; p++) {
        int64_t target = prefix[0] + total * p / parts;
        while (r < n && prefix[r] < target)
            r++;
        cuts[p] = r;
    }
    cuts[parts] = n;
}

/* ---- items through a counter ---- */

typedef struct {
    size_t n;
    atomic_size_t next;
    atomic_int stop;
    rd_pool_item_fn fn;
    void *ctx;
    unsigned char *done;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int ordered;
} queue;

typedef struct {
    queue *q;
    int id;
} item_worker;

static void *item_body(void *arg)
{
    item_worker *w = arg;
    queue *q = w->q;
    for (;;) {
        if (atomic_load(&q->stop))
            break;
        size_t i = atomic_fetch_add(&q->next, 1);
        if (i >= q->n)
            break;
        q->fn(q->ctx, i, w->id);
        if (q->ordered) {
            pthread_mutex_lock(&q->mu);
            q->done[i] = 1;
            pthread_cond_broadcast(&q->cv);
            pthread_mutex_unlock(&q->mu);
        }
    }
    return NULL;
}

int rd_pool_cores(void)
{
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? 1 : (int)c;
}

rd_status rd_pool_run(size_t n, int threads, rd_pool_item_fn fn, rd_pool_done_fn in_order,
                      void *ctx, rd_err *err)
{
    rd_status rc = RD_OK;
    queue q = {.n = n, .fn = fn, .ctx = ctx, .ordered = in_order != NULL};
    pthread_t *tid = NULL;
    item_worker *args = NULL;
    unsigned char *ok = NULL;
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > n)
        threads = n ? (int)n : 1;
    atomic_init(&q.next, 0);
    atomic_init(&q.stop, 0);
    pthread_mutex_init(&q.mu, NULL);
    pthread_cond_init(&q.cv, NULL);
    if (!(q.done = calloc(n ? n : 1, 1)) || !(tid = calloc((size_t)threads, sizeof *tid)) ||
        !(args = calloc((size_t)threads, sizeof *args)) || !(ok = calloc((size_t)threads, 1))) {
        rc = rd_fail(err, RD_ENOMEM, "thread pool");
        goto done;
    }
    for (int t = 0; t < threads; t++)
        args[t] = (item_worker){&q, t};
    if (start_workers(tid, ok, 0, threads, item_body, args, sizeof *args) == 0) {
        rc = rd_fail(err, RD_ENOMEM, "cannot start a worker thread");
        goto done;
    }
    for (size_t i = 0; in_order && i < n; i++) {
        pthread_mutex_lock(&q.mu);
        while (!q.done[i])
            pthread_cond_wait(&q.cv, &q.mu);
        pthread_mutex_unlock(&q.mu);
        if ((rc = in_order(ctx, i, err)) != RD_OK) {
            atomic_store(&q.stop, 1);
            break;
        }
    }
done:
    for (int t = 0; ok && t < threads; t++)
        if (ok[t])
            pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&q.mu);
    pthread_cond_destroy(&q.cv);
    free(q.done);
    free(tid);
    free(args);
    free(ok);
    return rc;
}
