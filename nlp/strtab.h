/* nlp/strtab.h — string interning: maps byte strings to dense ids 0..n-1.
 *
 * The table owns copies of its strings (NUL-terminated, in an arena, so pointers stay
 * valid until rd_strtab_free). Ids are assigned in insertion order; callers keep per-id
 * data in parallel arrays. Open addressing with linear probing, load at most 1/2.
 * Not thread-safe: one table per thread, merged by the caller. */
#ifndef RD_STRTAB_H
#define RD_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#define RD_STRTAB_NONE UINT32_MAX

typedef struct rd_strtab rd_strtab;

/* NULL when out of memory. hint: expected number of strings (0 is fine). */
rd_strtab *rd_strtab_new(size_t hint);
void rd_strtab_free(rd_strtab *t); /* NULL is a no-op */

/* Id of s[0..n), inserting it when absent (*is_new = 1, may be NULL).
 * RD_STRTAB_NONE when out of memory; the table is unchanged then. */
uint32_t rd_strtab_intern(rd_strtab *t, const char *s, size_t n, int *is_new);

/* Id of s[0..n), or RD_STRTAB_NONE when absent. */
uint32_t rd_strtab_find(const rd_strtab *t, const char *s, size_t n);

/* Borrowed, NUL-terminated, valid until rd_strtab_free; *n gets the length (may be NULL). */
const char *rd_strtab_str(const rd_strtab *t, uint32_t id, size_t *n);

size_t rd_strtab_count(const rd_strtab *t);

/* The hash the table uses (64-bit, seedless, deterministic). */
uint64_t rd_strtab_hash(const char *s, size_t n);

#endif
