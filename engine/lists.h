/* engine/lists.h — two small owned lists used across the libraries: strings (paths, notes
 * for the user) and problems (one rd_err per file, reported together).
 * Zero-initialise a list before use; free it with its _free (NULL is a no-op). */
#ifndef RD_LISTS_H
#define RD_LISTS_H

#include <stddef.h>

#include "engine/status.h"

typedef struct {
    char **v;
    size_t n, cap;
} rd_strlist;

void rd_strlist_free(rd_strlist *l); /* frees the strings and the array, not l */
/* Appends a copy of s. */
rd_status rd_strlist_push(rd_strlist *l, const char *s, rd_err *err);

typedef struct {
    rd_err *v;
    size_t n, cap;
} rd_errlist;

void rd_errlist_free(rd_errlist *l);
/* Appends a copy of *e; RD_ENOMEM (l unchanged) when memory runs out. */
rd_status rd_errlist_push(rd_errlist *l, const rd_err *e);

#endif
