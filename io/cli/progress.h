/* io/cli/progress.h — progress on stderr while `run` works: the stage, files read, NMF
 * iterations and the elapsed time, redrawn on one line four times a second by a
 * background thread, and cleared when the run ends. Only when stderr is a terminal and
 * -q is not given; otherwise every call is a cheap no-op, so output that is piped or
 * logged never gets carriage returns. */
#ifndef RD_PROGRESS_H
#define RD_PROGRESS_H

#include <stdatomic.h>
#include <stddef.h>

typedef struct rd_progress rd_progress;

/* NULL (all calls no-ops) when disabled, stderr is not a terminal, or on failure. */
rd_progress *rd_progress_start(int enabled, size_t total_files);
void rd_progress_stage(rd_progress *p, const char *stage); /* stage: a static string */
/* Counters the workers increment (NULL when p is NULL). */
_Atomic size_t *rd_progress_files(rd_progress *p);
_Atomic size_t *rd_progress_iters(rd_progress *p);
void rd_progress_stop(rd_progress *p); /* clears the line; NULL is a no-op */

#endif
