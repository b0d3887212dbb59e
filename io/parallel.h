/* io/parallel.h — a small work-sharing loop over pthreads.
 *
 * Items 0..n-1 are handed to `threads` workers through an atomic counter. When in_order is
 * given, the calling thread receives each item, in item order, as soon as it and all
 * earlier items are done; output produced that way does not depend on the thread count. */
#ifndef RD_PARALLEL_H
#define RD_PARALLEL_H

#include <stddef.h>

#include "engine/status.h"

/* Processes one item on worker `worker` (0..threads-1). Must be thread-safe across items. */
typedef void (*rd_par_fn)(void *ctx, size_t item, int worker);
/* Consumes a finished item on the calling thread; a non-OK status stops the loop. */
typedef rd_status (*rd_par_done_fn)(void *ctx, size_t item, rd_err *err);

rd_status rd_par_run(size_t n, int threads, rd_par_fn fn, rd_par_done_fn in_order, void *ctx,
                     rd_err *err);

/* Online cores (at least 1). */
int rd_par_cores(void);

#endif
