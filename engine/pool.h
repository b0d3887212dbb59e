/* engine/pool.h — the one thread pool: every parallel loop in rodedraad runs through it.
 *
 * Two ways to share out work, over the same worker threads (POSIX threads, created per
 * call: microseconds, against loops of milliseconds or more):
 *
 *   rd_pool_for   static ranges, for the engine's kernels (sparse products, HALS row
 *                 updates, distance scans): [0, n) is cut into `threads` contiguous
 *                 ranges decided by n and threads alone, so a kernel whose ranges write
 *                 disjoint outputs gives the same bytes for a given thread count. The
 *                 caller's thread takes the first range. No allocation (kernels run inside
 *                 iteration loops); at most RD_POOL_MAX_FOR threads.
 *   rd_pool_run   items handed out one at a time through an atomic counter, for work of
 *                 uneven size (files of the text stage, hashing the inputs). Every item
 *                 runs on a worker thread; with in_order, the caller's thread receives
 *                 each item, in item order, as soon as it and all earlier ones are done,
 *                 so output produced that way does not depend on the thread count.
 *
 * The engine's kernels and BLAS calls never overlap: while pool threads run kernels, no
 * BLAS call is in flight, so -j threads of each never compete for the cores. */
#ifndef RD_POOL_H
#define RD_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

enum { RD_POOL_MAX_FOR = 64 };

typedef void (*rd_pool_range_fn)(void *ctx, size_t lo, size_t hi);

/* Runs fn over [0, n) on up to `threads` threads. If a thread cannot be created its range
 * runs on the caller's thread: the result is the same, only slower. */
void rd_pool_for(int threads, size_t n, rd_pool_range_fn fn, void *ctx);

/* Range boundaries weighted by a prefix sum (e.g. CSR indptr, n + 1 entries) so each part
 * gets about the same work; cuts[0..parts] receive row indices. */
void rd_pool_cuts(const int64_t *prefix, size_t n, int parts, size_t *cuts);

/* Processes one item on worker `worker` (0..threads-1). Must be thread-safe across items. */
typedef void (*rd_pool_item_fn)(void *ctx, size_t item, int worker);
/* Consumes a finished item on the calling thread; a non-OK status stops the loop (items
 * not yet started are not started). */
typedef rd_status (*rd_pool_done_fn)(void *ctx, size_t item, rd_err *err);

/* Runs fn on items 0..n-1 over min(threads, n) worker threads (at least one). RD_ENOMEM
 * when no worker can be started; with fewer than asked, the ones started do the work. */
rd_status rd_pool_run(size_t n, int threads, rd_pool_item_fn fn, rd_pool_done_fn in_order,
                      void *ctx, rd_err *err);

/* Online cores (at least 1). */
int rd_pool_cores(void);

#endif
