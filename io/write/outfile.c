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

int rd__outfile_errno(void)
{
    return errno ? errno : EIO;
}

rd_status rd__outfile_close(FILE *f, int failed, const char *path, rd_err *err)
{
    int e = failed;
    if (!e && (fflush(f) != 0 || ferror(f)))
        e = rd__outfile_errno();
    if (fclose(f) != 0 && !e)
        e = rd__outfile_errno();
    return e ? rd_fail(err, RD_EIO, "%s: %s", path, strerror(e)) : RD_OK;
}
