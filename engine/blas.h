/* engine/blas.h — the engine's side of BLAS: which library it runs on (for --version and
 * the run manifest), its thread count, and a GEMM whose row blocks are shared out over -j
 * threads. */
#ifndef RD_BLAS_H
#define RD_BLAS_H

#include <stddef.h>

/* "OpenBLAS <config> (core <name>)"; a static string, valid for the program's life. */
const char *rd_blas_info(void);

/* Sets the number of BLAS threads; 1 also stops the worker threads OpenBLAS started when
 * it was loaded, so that they do not spin against the text workers. */
void rd_blas_set_threads(int n);

/* C = alpha·A·op(B) + beta·C for row-major A (rows × kk), op(B) kk × cols (B given as
 * kk × cols, or as cols × kk with trans_b), C rows × cols. The rows are cut into blocks
 * decided by the shape alone (rd__blas_block_rows), each one single-threaded BLAS call;
 * the blocks are shared out over `threads` threads (engine/pool.h). So C is the same,
 * byte for byte, for every thread count: OpenBLAS computes the rows at the end of a call
 * with other kernels than the rows inside one, so a split that followed the thread count
 * made the last bits of some entries depend on -j. */
void rd_blas_gemm(int threads, size_t rows, size_t cols, size_t kk, float alpha, const float *a,
                  const float *b, int trans_b, float beta, float *c);

/* Products under RD_BLAS_SPLIT_MIN multiply-adds are one call; larger ones are cut into
 * blocks of about RD_BLAS_BLOCK_WORK multiply-adds (a multiple of 64 rows, so whole
 * register tiles; a fraction of a millisecond each, against microseconds per call). */
#define RD_BLAS_SPLIT_MIN ((size_t)4000000)
#define RD_BLAS_BLOCK_WORK ((size_t)1 << 21)
/* Rows per block of rd_blas_gemm for that shape (the last block may be shorter); rows
 * itself (at least 1) when the product is one call. For tests. */
size_t rd__blas_block_rows(size_t rows, size_t cols, size_t kk);

#endif
