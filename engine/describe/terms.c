/* engine/describe/terms.c — see terms.h. */
#include "engine/describe/terms.h"

#include <string.h>

size_t rd_terms_top(const double *v, size_t n, size_t top, double floor, size_t *idx)
{
    size_t got = 0;
    if (top == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] > floor))
            continue;
        size_t p = got < top ? got++ : top;
        if (p == top) {
            if (!(v[i] > v[idx[top - 1]]))
                continue;
            p = top - 1;
        }
        while (p > 0 && v[i] > v[idx[p - 1]]) {
            idx[p] = idx[p - 1];
            p--;
        }
        idx[p] = i;
    }
    return got;
}

void rd_terms_join(const char *const *label, const size_t *idx, size_t n, const char *sep,
                   rd_buf *b)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            rd_buf_str(b, sep);
        rd_buf_str(b, label[idx[i]]);
    }
}
