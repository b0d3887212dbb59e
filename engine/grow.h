/* engine/grow.h — growable arrays: the one way an array grows in rodedraad.
 *
 *     rd_token *v = NULL; size_t n = 0, cap = 0;
 *     if (RD_GROW(v, cap, n + 1))
 *         return rd_fail(err, RD_ENOMEM, "tokens");
 *     v[n++] = tk;
 *
 * RD_GROW(p, cap, need) makes room for at least `need` elements in p, a pointer lvalue
 * whose capacity (in elements) is the size_t lvalue cap: when need > cap, the capacity
 * doubles, starting from 16 (RD_GROW_MIN: from `min`), until it holds need; p is
 * reallocated and cap updated. Returns 0, or -1 when memory runs out or the size in
 * bytes would overflow; p and cap are then unchanged (p still owns its old block).
 *
 * Arrays that share one capacity (columns of one table) grow together: take the new
 * capacity from rd_grow_cap, RD_RESIZE each array to it, then store it. */
#ifndef RD_GROW_H
#define RD_GROW_H

#include <stddef.h>

/* pp points to the pointer to grow (a T **, passed as void *). */
int rd_grow(void *pp, size_t *cap, size_t need, size_t elsize, size_t min_cap);
/* The capacity to grow cap to so that it holds need: cap (at least min_cap) doubled until
 * it does; 0 when that would overflow. */
size_t rd_grow_cap(size_t cap, size_t need, size_t min_cap);
/* Reallocates *pp to n elements of elsize bytes: 0, or -1 (and *pp unchanged) when memory
 * runs out or n * elsize overflows. */
int rd_grow_resize(void *pp, size_t n, size_t elsize);

#define RD_GROW(p, cap, need) ((need) <= (cap) ? 0 : rd_grow(&(p), &(cap), (need), sizeof *(p), 16))
#define RD_GROW_MIN(p, cap, need, min)                                                         \
    ((need) <= (cap) ? 0 : rd_grow(&(p), &(cap), (need), sizeof *(p), (min)))
#define RD_RESIZE(p, n) rd_grow_resize(&(p), (n), sizeof *(p))

#endif
