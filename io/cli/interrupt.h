/* io/cli/interrupt.h — Ctrl-C (SIGINT) and SIGTERM during `run`: the staging folder is
 * removed and rodedraad exits 130 or 143, OUTDIR as it was.
 *
 * How. rd_interrupt_start installs a handler for both signals that does one
 * async-signal-safe thing: it writes the signal's number into a pipe. A watcher thread
 * reads the pipe and acts in ordinary thread context: it takes the lock the run holds
 * around rd_outdir_begin and rd_outdir_commit, removes the stage (rd_outdir_discard, which
 * copes with a writer still making files in it), prints one line, "rodedraad: interrupted
 * (SIGINT); OUTDIR was left as it was", and ends the process with _exit(128 + signal).
 * A handler, not a blocked mask and sigwait: OpenBLAS starts a thread before main with
 * every signal unblocked, so a mask set in main cannot cover the whole process, and the
 * kernel could hand the signal to that thread (default action: the process dies, the
 * stage stays). A handler runs in whichever thread the kernel picks.
 *
 * The final rename. The run holds the lock for the whole of rd_outdir_commit, so the
 * watcher waits for it. If the commit failed, the stage is removed and the exit is
 * 130/143 as above. If it succeeded, OUTDIR already holds the finished run and nothing is
 * undone: the signal is noted (rd_interrupt_stop returns it) and the run ends as it would
 * have. So an exit of 130 or 143 always means OUTDIR is as it was.
 *
 * A signal that was ignored when rodedraad started (nohup; `cmd &` in a script without job
 * control, for SIGINT) stays ignored, as for any program. The message goes to a copy of
 * file descriptor 2 taken at start, so it is seen even while the workbook writer points
 * fd 2 elsewhere (io/write/xlsx.c).
 *
 * One run at a time per process; start and stop from the thread that runs it. */
#ifndef RD_CLI_INTERRUPT_H
#define RD_CLI_INTERRUPT_H

#include "io/write/outdir.h"

/* Installs the handlers and starts the watcher; outdir (OUTDIR as given, borrowed until
 * rd_interrupt_stop) is named in the message. Call before any other thread of the run
 * starts. 0, or -1 when the pipe or the thread cannot be made (then signals keep their
 * default action: the process dies and the next run sweeps the stage). */
int rd_interrupt_start(const char *outdir);

/* While the lock is held the watcher cannot act: take it around rd_outdir_begin and
 * rd_outdir_commit. */
void rd_interrupt_lock(void);
void rd_interrupt_unlock(void);

/* With the lock held: od's stage is removed on a signal (NULL: there is none). od is
 * borrowed until rd_interrupt_watch(NULL) or rd_interrupt_stop. */
void rd_interrupt_watch(const rd_outdir *od);

/* With the lock held, after a successful commit: from now on a signal is noted, not acted
 * on. */
void rd_interrupt_finished(void);

/* Puts the old dispositions back and ends the watcher. Returns the signal that came after
 * rd_interrupt_finished (or during the commit that ended in it), 0 when none did. */
int rd_interrupt_stop(void);

#endif
