/* io/write/outfile.h — opening and closing the files the writers create (csv.c, tsv.c,
 * json.c, xlsx.c), with the one wording of their errors.
 *
 * Internal to io/write: every writer reports through these, so that a file that cannot be
 * made (RD_EOUTPUT, exit 73) and a write that failed (RD_EIO, exit 74) read the same for
 * every format: "PATH: cannot create: Permission denied", "PATH: No space left on device"
 * (strerror of the errno of the first failure). */
#ifndef RD_OUTFILE_H
#define RD_OUTFILE_H

#include <stdio.h>

#include "engine/status.h"

/* Creates (or truncates) path for binary writing. NULL with RD_EOUTPUT
 * "PATH: cannot create: <reason>" in err when it cannot. */
FILE *rd__outfile_open(const char *path, rd_err *err);

/* Flushes and closes f (always). failed: 0, or the errno of a write to f that already
 * failed. RD_OK, or RD_EIO "PATH: <reason>"
 * when a write, the flush or the close failed; the reason is the first failure's: failed,
 * else errno after the flush, else after the close. err may be NULL (a caller that
 * already reported a failure only needs f closed). */
rd_status rd__outfile_close(FILE *f, int failed, const char *path, rd_err *err);

/* errno, or EIO when a failed call left errno 0: for `failed` above. */
int rd__outfile_errno(void);

#endif
