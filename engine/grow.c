/* engine/grow.c — see grow.h. The pointer is read and written through memcpy, so one
 * function serves arrays of every element type without breaking aliasing rules. */
#include "engine/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t rd_grow_cap(size_t cap, size_t need, size_t min_cap)
{
    size_t nc = cap > min_cap ? cap : (min_cap ? min_cap : 1);
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            return 0;
        nc *= 2;
    }
    return nc;
}

int rd_grow_resize(void *pp, size_t n, size_t elsize)
{
    void *old, *nw;
    if (elsize && n > SIZE_MAX / elsize)
        return -1;
    memcpy(&old, pp, sizeof old);
    size_t bytes = n * elsize;
    if (!(nw = realloc(old, bytes ? bytes : 1)))
        return -1;
    memcpy(pp, &nw, sizeof nw);
    return 0;
}

int rd_grow(void *pp, size_t *cap, size_t need, size_t elsize, size_t min_cap)
{
    if (need <= *cap)
        return 0;
    size_t nc = rd_grow_cap(*cap, need, min_cap);
    if (!nc || rd_grow_resize(pp, nc, elsize))
        return -1;
    *cap = nc;
    return 0;
}
