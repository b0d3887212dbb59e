/* engine/table.c — see table.h. */
#include "engine/table.h"

#include "engine/grow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

rd_table *rd_table_new(const char *name, const char *sheet, size_t n_cols,
                       const char *const *cols)
{
    rd_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->n_cols = n_cols;
    if (!(t->name = dup_n(name, strlen(name))) || !(t->sheet = dup_n(sheet, strlen(sheet))) ||
        !(t->cols = calloc(n_cols ? n_cols : 1, sizeof *t->cols))) {
        rd_table_free(t);
        return NULL;
    }
    for (size_t c = 0; c < n_cols; c++)
        if (!(t->cols[c] = dup_n(cols[c], strlen(cols[c])))) {
            rd_table_free(t);
            return NULL;
        }
    return t;
}

void rd_table_clear(rd_table *t)
{
    for (size_t i = 0; t->v && i < t->n_rows * t->n_cols; i++)
        if (t->v[i].kind == RD_V_STR)
            free(t->v[i].s);
    t->n_rows = 0;
}

void rd_table_free(rd_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->v && i < t->n_rows * t->n_cols; i++)
        if (t->v[i].kind == RD_V_STR)
            free(t->v[i].s);
    for (size_t c = 0; t->cols && c < t->n_cols; c++)
        free(t->cols[c]);
    free(t->cols);
    free(t->v);
    free(t->name);
    free(t->sheet);
    free(t);
}

size_t rd_table_add_row(rd_table *t)
{
    if (t->oom)
        return 0;
    size_t nc = t->n_rows == t->cap_rows ? rd_grow_cap(t->cap_rows, t->n_rows + 1, 16) : 0;
    if (t->n_rows == t->cap_rows &&
        (!nc || rd_grow_resize(&t->v, nc, (t->n_cols ? t->n_cols : 1) * sizeof *t->v))) {
        t->oom = 1;
        return 0;
    }
    if (nc)
        t->cap_rows = nc;
    memset(t->v + t->n_rows * t->n_cols, 0, t->n_cols * sizeof *t->v);
    return t->n_rows++;
}

static rd_value *cell(rd_table *t, size_t row, size_t col)
{
    if (t->oom || row >= t->n_rows || col >= t->n_cols)
        return NULL;
    rd_value *v = &t->v[row * t->n_cols + col];
    if (v->kind == RD_V_STR)
        free(v->s);
    memset(v, 0, sizeof *v);
    return v;
}

void rd_table_strn(rd_table *t, size_t row, size_t col, const char *s, size_t n)
{
    rd_value *v = cell(t, row, col);
    if (!v)
        return;
    if (!(v->s = dup_n(s, n))) {
        t->oom = 1;
        return;
    }
    v->kind = RD_V_STR;
}

void rd_table_str(rd_table *t, size_t row, size_t col, const char *s)
{
    rd_table_strn(t, row, col, s, strlen(s));
}

void rd_table_int(rd_table *t, size_t row, size_t col, long long x)
{
    rd_value *v = cell(t, row, col);
    if (v) {
        v->kind = RD_V_INT;
        v->i = x;
    }
}

void rd_table_num(rd_table *t, size_t row, size_t col, double x, int digits)
{
    rd_value *v = cell(t, row, col);
    if (v) {
        v->kind = RD_V_NUM;
        v->d = x;
        v->digits = digits;
    }
}

double rd_table_shown(double v, int digits)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (!isfinite(v))
        return v;
    if (v == 0.0)
        return 0.0;
    if (digits <= 0)
        digits = 6;
    if (digits > 17)
        return v;
    /* Fast path: m = v·10^p rounded, exact as a double (< 2^53), and 10^p exact (p ≤ 22),
     * so m / 10^p is the double nearest to the decimal, as strtod would give. A product
     * too close to a half could round otherwise than printf's exact decimal expansion:
     * those go the slow way. e may be one too high near a power of ten; the rounding is
     * then to the same value. */
    double a = fabs(v);
    int p = digits - 1 - (int)floor(log10(a));
    if (p >= 0 && p <= 22) {
        double x = a * p10[p], m = nearbyint(x);
        if (m < 9007199254740992.0 && fabs(fabs(x - m) - 0.5) > 1e-6)
            return copysign(m / p10[p], v);
    }
    char buf[48];
    snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
    double r = strtod(buf, NULL);
    return isfinite(r) ? r : v; /* rounded up past the largest double */
}

size_t rd_table_col(const rd_table *t, const char *name)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(t->cols[c], name) == 0)
            return c;
    return t->n_cols;
}

const rd_table *rd_table_find(const rd_table *const *ts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (ts[i] && strcmp(ts[i]->name, name) == 0)
            return ts[i];
    return NULL;
}

/* The cell (row, column col), or NULL when t, the row or the column is missing. */
static const rd_value *cell_of(const rd_table *t, size_t row, const char *col)
{
    size_t c = t ? rd_table_col(t, col) : 0;
    return t && c < t->n_cols && row < t->n_rows ? rd_table_at(t, row, c) : NULL;
}

const char *rd_table_text(const rd_table *t, size_t row, const char *col)
{
    const rd_value *v = cell_of(t, row, col);
    return v && v->kind == RD_V_STR && v->s ? v->s : "";
}

double rd_table_number(const rd_table *t, size_t row, const char *col)
{
    const rd_value *v = cell_of(t, row, col);
    return !v ? NAN : v->kind == RD_V_NUM ? v->d : v->kind == RD_V_INT ? (double)v->i : NAN;
}
