/* engine/pfor.h — fork-join parallel loop for the engine's own kernels (sparse products,
 * HALS row updates, distance scans).
 *
 * [0, n) is cut into `threads` contiguous ranges, decided by n and threads alone, so a
 * kernel whose ranges write disjoint outputs gives the same bytes for a given thread
 * count. Threads are created per call (microseconds, against kernels of milliseconds).
 * The engine's kernels and BLAS calls never overlap: while pfor threads run, no BLAS
 * call is in flight, so -j threads of each never compete for the cores. */
#ifndef RD_PFOR_H
#define RD_PFOR_H

#include <stddef.h>
#include <stdint.h>

typedef void (*rd_pfor_fn)(void *ctx, size_t lo, size_t hi);

/* Runs fn over [0, n) on up to `threads` threads (the caller's thread takes the first
 * range). If threads cannot be created the remaining ranges run on the caller's thread:
 * the result is the same, only slower. */
void rd_pfor(int threads, size_t n, rd_pfor_fn fn, void *ctx);

/* Range boundaries weighted by a prefix sum (e.g. CSR indptr, n + 1 entries) so each
 * thread gets about the same work; cuts[0..parts] receive row indices. */
void rd_pfor_cuts(const int64_t *prefix, size_t n, int parts, size_t *cuts);


/* C = alpha·A·op(B) + beta·C for row-major A (rows × kk), op(B) kk × cols (B given as
 * kk × cols, or as cols × kk with trans_b), C rows × cols: rows are split over `threads`
 * threads, each calling single-threaded BLAS on its block. Each row of C is computed by
 * the same kernel whatever the split only if BLAS itself is deterministic per row;
 * OpenBLAS's is, for a fixed block layout, so results are reproducible for a given -j. */
void rd_pgemm(int threads, size_t rows, size_t cols, size_t kk, float alpha, const float *a,
              const float *b, int trans_b, float beta, float *c);

#endif
