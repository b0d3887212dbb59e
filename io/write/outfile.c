/* io/write/outfile.c — see outfile.h. */
#include "io/write/outfile.h"

#include <errno.h>
#include <string.h>

FILE *rd__outfile_open(const char *path, rd_err *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        rd_fail(err, RD_EOUTPUT, "%s: cannot create: %s", path, strerror(errno));
    return f;
}

rd_status rd__outfile_close(FILE *f, int failed, const char *path, rd_err *err)
{
    int bad = failed || fflush(f) != 0 || ferror(f);
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    return bad ? rd_fail(err, RD_EIO, "%s: writing failed: %s", path, strerror(e)) : RD_OK;
}
