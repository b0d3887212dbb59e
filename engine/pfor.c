/* engine/pfor.c — see pfor.h. */
#include "engine/pfor.h"

#include <pthread.h>

enum { MAX_THREADS = 64 };

typedef struct {
    rd_pfor_fn fn;
    void *ctx;
    size_t lo, hi;
} job;

static void *trampoline(void *p)
{
    job *j = p;
    j->fn(j->ctx, j->lo, j->hi);
    return NULL;
}

void rd_pfor(int threads, size_t n, rd_pfor_fn fn, void *ctx)
{
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    if (threads < 1 || (size_t)threads > n)
        threads = n ? (int)(n < (size_t)MAX_THREADS ? n : MAX_THREADS) : 1;
    if (threads <= 1 || n < 2) {
        if (n)
            fn(ctx, 0, n);
        return;
    }
    job jobs[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (int t = 0; t < threads; t++) {
        jobs[t] = (job){fn, ctx, n * (size_t)t / (size_t)threads,
                        n * (size_t)(t + 1) / (size_t)threads};
    }
    for (int t = 1; t < threads; t++)
        started[t] = pthread_create(&tid[t], NULL, trampoline, &jobs[t]) == 0;
    trampoline(&jobs[0]);
    for (int t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            trampoline(&jobs[t]);
    }
}

void rd_pfor_cuts(const int64_t *prefix, size_t n, int parts, size_t *cuts)
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
