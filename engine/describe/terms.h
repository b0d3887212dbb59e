/* engine/describe/terms.h — picking and listing the terms (or themes) that describe
 * something: the largest entries of a score vector, and their labels joined into a cell. */
#ifndef RD_DESCRIBE_TERMS_H
#define RD_DESCRIBE_TERMS_H

#include <stddef.h>

#include "engine/strbuf.h"

/* Indices of the `top` largest of v[0..n) (descending, lower index on ties) into idx,
 * skipping values ≤ floor (and NaN); returns how many. */
size_t rd_terms_top(const double *v, size_t n, size_t top, double floor, size_t *idx);

/* Appends label[idx[0]], sep, label[idx[1]], … to b. */
void rd_terms_join(const char *const *label, const size_t *idx, size_t n, const char *sep,
                   rd_buf *b);

#endif
