/* engine/blas.c — see blas.h. */
#include "engine/blas.h"

#include "engine/pool.h"

#include <cblas.h>
#include <stdio.h>

const char *rd_blas_info(void)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s (core %s)", openblas_get_config(), openblas_get_corename());
    return buf;
}

/* OpenBLAS (pthreads build) starts its worker threads when the library is loaded, and
 * each spins on sched_yield for about 0.1 s of CPU before it goes to sleep: on a two-core
 * machine that steals a tenth of a second from the text workers at start-up. Its exported
 * blas_thread_shutdown_ stops them (OpenBLAS restarts them by itself if a threaded call
 * ever needs them). Declared weak: a serial OpenBLAS has no such function. */
extern void blas_thread_shutdown_(void) __attribute__((weak));

void rd_blas_set_threads(int n)
{
    openblas_set_num_threads(n < 1 ? 1 : n); /* (re)starts the threads: shut down after */
    if (n <= 1 && blas_thread_shutdown_)
        blas_thread_shutdown_();
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

void rd_blas_gemm(int threads, size_t rows, size_t cols, size_t kk, float alpha, const float *a,
              const float *b, int trans_b, float beta, float *c)
{
    if (threads < 1 || rows * cols * kk < 4000000)
        threads = 1;
    if (threads > RD_POOL_MAX_FOR)
        threads = RD_POOL_MAX_FOR;
    gemm_ctx g = {rows, cols, kk, alpha, beta, a, b, trans_b, c, threads};
    rd_pool_for(threads, (size_t)threads, gemm_part, &g);
}
