/* io/write/outfile.h — opening and closing the files the table writers create (csv.c,
 * tsv.c), with the one wording of their errors.
 *
 * Internal to io/write: the writers report through these so that "cannot create" and
 * "writing failed" read the same for every format. */
#ifndef RD_OUTFILE_H
#define RD_OUTFILE_H

#include <stdio.h>

#include "engine/status.h"

/* Creates (or truncates) path for binary writing. NULL with RD_EOUTPUT
 * "PATH: cannot create: <reason>" in err when it cannot. */
FILE *rd__outfile_open(const char *path, rd_err *err);

/* Flushes and closes f (always). failed: a write to f already failed. RD_OK, or RD_EIO
 * "PATH: writing failed: <reason>" when a write, the flush or the close failed; the
 * reason is errno after the flush, or after the close when only the close failed. err
 * may be NULL (a caller that already reported a failure only needs f closed). */
rd_status rd__outfile_close(FILE *f, int failed, const char *path, rd_err *err);

#endif
