/* engine/pfor.c — see pfor.h. */
#include "engine/pfor.h"

#include <cblas.h>
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

typedef struct {
    size_t rows, cols, kk;
    float alpha, beta;
    const float *a, *b;
    int trans_b;
    float *c;
    int parts;
} gemm_ctx;

static void gemm_part(void *p, size_t lo, size_t hi)
{
    const gemm_ctx *g = p;
    for (size_t part = lo; part < hi; part++) {
        size_t r0 = g->rows * part / (size_t)g->parts, r1 = g->rows * (part + 1) / (size_t)g->parts;
        if (r1 > r0)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, g->trans_b ? CblasTrans : CblasNoTrans,
                        (blasint)(r1 - r0), (blasint)g->cols, (blasint)g->kk, g->alpha,
                        g->a + r0 * g->kk, (blasint)g->kk, g->b,
                        (blasint)(g->trans_b ? g->kk : g->cols), g->beta, g->c + r0 * g->cols,
                        (blasint)g->cols);
    }
}

void rd_pgemm(int threads, size_t rows, size_t cols, size_t kk, float alpha, const float *a,
              const float *b, int trans_b, float beta, float *c)
{
    if (threads < 1 || rows * cols * kk < 4000000)
        threads = 1;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    gemm_ctx g = {rows, cols, kk, alpha, beta, a, b, trans_b, c, threads};
    rd_pfor(threads, (size_t)threads, gemm_part, &g);
}
