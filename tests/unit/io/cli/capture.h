/* tests/unit/io/cli/capture.h — what the CLI prints: standard output or standard error is
 * sent to a file while a call runs, and the text comes back as a string. The file lives in
 * the test's temporary folder (tests/unit/io/write/tmpdir.h). */
#ifndef RD_TEST_CAPTURE_H
#define RD_TEST_CAPTURE_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/unit/tmpdir.h"

typedef struct {
    FILE *stream;         /* stdout or stderr */
    int saved;            /* its descriptor before the capture */
    char path[PATH_MAX];  /* where it goes meanwhile */
} capture;

/* From now on, stream is written to dir/<name>. 0 or -1. */
static inline int capture_begin(capture *c, FILE *stream, const char *dir, const char *name)
{
    c->stream = stream;
    fflush(stream);
    tmpdir_path(c->path, dir, name);
    int fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    c->saved = dup(fileno(stream));
    int ok = c->saved >= 0 && dup2(fd, fileno(stream)) >= 0;
    close(fd);
    return ok ? 0 : -1;
}

/* Puts the stream back; returns what was written to it meanwhile (free()), or NULL. */
static inline char *capture_end(capture *c)
{
    fflush(c->stream);
    clearerr(c->stream);
    dup2(c->saved, fileno(c->stream));
    close(c->saved);
    char *s = tmpdir_slurp(c->path);
    unlink(c->path);
    return s;
}

#endif
