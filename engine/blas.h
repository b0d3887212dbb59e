/* engine/blas.h — the engine's side of BLAS: which library it runs on (for --version and
 * the run manifest), its thread count, and a GEMM whose rows are split over -j threads. */
#ifndef RD_BLAS_H
#define RD_BLAS_H

#include <stddef.h>

/* "OpenBLAS <config> (core <name>)"; a static string, valid for the program's life. */
const char *rd_blas_info(void);

/* Sets the number of BLAS threads; 1 also stops the worker threads OpenBLAS started when
 * it was loaded, so that they do not spin against the text workers. */
void rd_blas_set_threads(int n);

/* C = alpha·A·op(B) + beta·C for row-major A (rows × kk), op(B) kk × cols (B given as
 * kk × cols, or as cols × kk with trans_b), C rows × cols: rows are split over `threads`
 * threads (engine/pool.h), each calling single-threaded BLAS on its block. Each row of C is
 * computed by the same kernel whatever the split only if BLAS itself is deterministic per
 * row; OpenBLAS's is, for a fixed block layout, so results are reproducible for a given -j.
 * Products under 4 million multiply-adds run on one thread. */
void rd_blas_gemm(int threads, size_t rows, size_t cols, size_t kk, float alpha, const float *a,
                  const float *b, int trans_b, float beta, float *c);

#endif
