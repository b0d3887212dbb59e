/* engine/status.h — result codes and error reports shared by every rodedraad library.
 *
 * Header-only on purpose: nlp/, engine/ and io/ all report through rd_err, and none of them
 * should have to link another just for this. The library fills an rd_err; the CLI prints
 * it and maps the code to an exit status (io/cli/main.c). Libraries never print or exit. */
#ifndef RD_STATUS_H
#define RD_STATUS_H

#include <stdarg.h>
#include <stdio.h>

typedef enum {
    RD_OK = 0,
    RD_ENOMEM,    /* an allocation failed */
    RD_EINVAL,    /* a bad argument or option value */
    RD_EIO,       /* reading or writing failed after opening */
    RD_EUTF8,     /* input is not valid UTF-8 */
    RD_EDATA,     /* input is well-formed but unusable (empty, binary, no text) */
    RD_ELAPACK,   /* a LAPACK routine reported failure */
    RD_ENOINPUT,  /* an input path is missing or cannot be opened */
    RD_EOUTPUT    /* an output cannot be created */
} rd_status;

/* Owned by the caller; msg says what went wrong in terms the user can act on. */
typedef struct {
    rd_status code;
    char msg[512];
} rd_err;

static inline const char *rd_strerror(rd_status s)
{
    switch (s) {
    case RD_OK: return "ok";
    case RD_ENOMEM: return "out of memory";
    case RD_EINVAL: return "invalid argument";
    case RD_EIO: return "I/O error";
    case RD_EUTF8: return "invalid UTF-8";
    case RD_EDATA: return "unusable input data";
    case RD_ELAPACK: return "LAPACK failure";
    case RD_ENOINPUT: return "input missing or unreadable";
    case RD_EOUTPUT: return "cannot create output";
    }
    return "unknown status";
}

/* Records code and a printf-style message in err (may be NULL); returns code. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static inline rd_status rd_fail(rd_err *err, rd_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

static inline void rd_err_clear(rd_err *err)
{
    if (err) {
        err->code = RD_OK;
        err->msg[0] = '\0';
    }
}

#endif
