/* engine/lists.c — see lists.h. */
#include "engine/lists.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"

void rd_strlist_free(rd_strlist *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

rd_status rd_strlist_push(rd_strlist *l, const char *s, rd_err *err)
{
    if (RD_GROW_MIN(l->v, l->cap, l->n + 1, 64) || !(l->v[l->n] = strdup(s)))
        return rd_fail(err, RD_ENOMEM, "path list");
    l->n++;
    return RD_OK;
}

void rd_errlist_free(rd_errlist *l)
{
    if (!l)
        return;
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

rd_status rd_errlist_push(rd_errlist *l, const rd_err *e)
{
    if (RD_GROW(l->v, l->cap, l->n + 1))
        return RD_ENOMEM;
    l->v[l->n++] = *e;
    return RD_OK;
}
