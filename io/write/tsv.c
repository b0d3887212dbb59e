/* io/write/tsv.c — see tsv.h. */
#include "io/write/tsv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/write/csv.h"
#include "io/write/outfile.h"

void rd_tsv_field(rd_buf *b, const char *s, size_t n)
{
    size_t a = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            rd_buf_put(b, s + a, i - a);
            rd_buf_put(b, " ", 1);
            a = i + 1;
        }
    }
    rd_buf_put(b, s + a, n - a);
}

void rd_tsv_str(rd_buf *b, const char *s) { rd_tsv_field(b, s, strlen(s)); }

void rd_tsv_u64(rd_buf *b, uint64_t v)
{
    char t[24];
    size_t n = 0;
    do {
        t[sizeof t - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    rd_buf_put(b, t + sizeof t - n, n);
}

void rd_tsv_value(rd_buf *b, const rd_value *v)
{
    switch (v->kind) {
    case RD_V_STR: rd_tsv_str(b, v->s); break;
    case RD_V_INT: rd_buf_printf(b, "%lld", v->i); break;
    case RD_V_NUM:
        if (isfinite(v->d))
            rd_buf_printf(b, "%.*g", v->digits > 0 ? v->digits : 6, v->d);
        break;
    default: break;
    }
}

rd_status rd_tsv_flush(rd_buf *b, FILE *f, const char *what, rd_err *err)
{
    if (b->oom)
        return rd_fail(err, RD_ENOMEM, "%s: output buffer", what);
    if (b->n && fwrite(b->s, 1, b->n, f) != b->n)
        return rd_fail(err, RD_EIO, "%s: %s", what, strerror(errno));
    rd_buf_reset(b);
    return RD_OK;
}

/* A text cell of a file meant for a spreadsheet: guarded (see tsv.h). */
static void guarded(rd_buf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (rd_csv_formula_like(s, n))
        rd_buf_put(b, "'", 1);
    rd_tsv_field(b, s ? s : "", n);
}

rd_status rd_tsv_put_table(FILE *f, const char *what, const rd_table *t, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_buf b = {0};
    for (size_t k = 0; k < t->n_cols; k++) {
        if (k)
            rd_buf_put(&b, "\t", 1);
        guarded(&b, t->cols[k]);
    }
    rd_buf_put(&b, "\n", 1);
    for (size_t r = 0; r < t->n_rows && rc == RD_OK; r++) {
        for (size_t k = 0; k < t->n_cols; k++) {
            if (k)
                rd_buf_put(&b, "\t", 1);
            const rd_value *v = rd_table_at(t, r, k);
            if (v->kind == RD_V_STR)
                guarded(&b, v->s);
            else
                rd_tsv_value(&b, v);
        }
        rd_buf_put(&b, "\n", 1);
        if (b.n > (1u << 16))
            rc = rd_tsv_flush(&b, f, what, err);
    }
    if (rc == RD_OK)
        rc = rd_tsv_flush(&b, f, what, err);
    free(b.s);
    return rc;
}

rd_status rd_tsv_write_table(const char *path, const rd_table *t, rd_err *err)
{
    FILE *f = rd__outfile_open(path, err);
    if (!f)
        return RD_EOUTPUT;
    rd_status rc = rd_tsv_put_table(f, path, t, err);
    /* Closed whatever happened; a failure already reported keeps its message. */
    rd_status rc_close = rd__outfile_close(f, 0, path, rc == RD_OK ? err : NULL);
    if (rc == RD_OK)
        rc = rc_close;
    return rc;
}
