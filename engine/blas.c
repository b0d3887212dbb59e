/* engine/blas.c — see blas.h. */
#include "engine/blas.h"

#include "engine/pool.h"
#include "engine/work.h"

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
    size_t block; /* rows per block */
} gemm_ctx;

static void gemm_part(void *p, size_t lo, size_t hi)
{
    const gemm_ctx *g = p;
    for (size_t blk = lo; blk < hi; blk++) {
        size_t r0 = blk * g->block, r1 = r0 + g->block < g->rows ? r0 + g->block : g->rows;
        cblas_sgemm(CblasRowMajor, CblasNoTrans, g->trans_b ? CblasTrans : CblasNoTrans,
                    (blasint)(r1 - r0), (blasint)g->cols, (blasint)g->kk, g->alpha,
                    g->a + r0 * g->kk, (blasint)g->kk, g->b,
                    (blasint)(g->trans_b ? g->kk : g->cols), g->beta, g->c + r0 * g->cols,
                    (blasint)g->cols);
    }
}

size_t rd__blas_block_rows(size_t rows, size_t cols, size_t kk)
{
    size_t row_work = cols * kk;
    if (rows == 0 || row_work == 0 || rows * row_work < RD_BLAS_SPLIT_MIN)
        return rows ? rows : 1;
    size_t b = (RD_BLAS_BLOCK_WORK + row_work - 1) / row_work; /* rows for the block's work */
    b = (b + 63) / 64 * 64;
    return b < rows ? b : rows;
}

/* The blocks depend on the shape alone, so every row of C comes from the same BLAS call
 * shape (the same kernels, the same order of sums) whatever the thread count; the
 * threads only share the blocks out (engine/pool.h: contiguous ranges of blocks). */
void rd_blas_gemm(int threads, size_t rows, size_t cols, size_t kk, float alpha, const float *a,
                  const float *b, int trans_b, float beta, float *c)
{
    if (rows == 0 || cols == 0)
        return;
    rd_work_gemm(rows, cols, kk);
    size_t block = rd__blas_block_rows(rows, cols, kk), blocks = (rows + block - 1) / block;
    gemm_ctx g = {rows, cols, kk, alpha, beta, a, b, trans_b, c, block};
    rd_pool_for(threads < 1 ? 1 : threads, blocks, gemm_part, &g);
}
