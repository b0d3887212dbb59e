/* io/write/csv.c — see csv.h. */
#include "io/write/csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/write/columns.h"
#include "io/write/outfile.h"

int rd_csv_dialect_parse(const char *s, rd_csv_dialect *d)
{
    if (strcmp(s, "rfc4180") == 0)
        *d = RD_CSV_RFC4180;
    else if (strcmp(s, "excel-nl") == 0)
        *d = RD_CSV_EXCEL_NL;
    else
        return -1;
    return 0;
}

const char *rd_csv_dialect_name(rd_csv_dialect d)
{
    return d == RD_CSV_EXCEL_NL ? "excel-nl" : "rfc4180";
}

/* Remembers the first failure's errno. */
static void failed(rd_csv *c)
{
    if (!c->failed)
        c->failed = rd__outfile_errno();
}

static void sep(rd_csv *c)
{
    if (!c->first && putc(c->dialect == RD_CSV_EXCEL_NL ? ';' : ',', c->f) == EOF)
        failed(c);
    c->first = 0;
}

int rd_csv_formula_like(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '"'))
        i++;
    return i < n && (s[i] == '=' || s[i] == '+' || s[i] == '-' || s[i] == '@' || s[i] == '\t' ||
                     s[i] == '\r');
}

static void put(rd_csv *c, char ch)
{
    if (putc(ch, c->f) == EOF)
        failed(c);
}

/* Writes s[from, to) as it is. */
static void span(rd_csv *c, const char *s, size_t from, size_t to)
{
    if (to > from && fwrite(s + from, 1, to - from, c->f) != to - from)
        failed(c);
}

void rd_csv_text(rd_csv *c, const char *s, size_t n)
{
    int quote = 0;
    size_t done = 0; /* s[0, done) is written */
    sep(c);
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == ';' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote)
        put(c, '"');
    if (rd_csv_formula_like(s, n))
        put(c, '\'');
    /* the text in runs between the characters that need something added */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') { /* doubled */
            span(c, s, done, i);
            put(c, '"');
            done = i;
        } else if ((s[i] == ';' || s[i] == '\r' || s[i] == '\n') &&
                   rd_csv_formula_like(s + i + 1, n - i - 1)) {
            /* where a ';' reader or a line break starts a new cell (see csv.h) */
            span(c, s, done, i + 1);
            put(c, '\'');
            done = i + 1;
        }
    }
    span(c, s, done, n);
    if (quote)
        put(c, '"');
}

void rd_csv_str(rd_csv *c, const char *s)
{
    rd_csv_text(c, s, strlen(s));
}

static int digit(char ch) { return ch >= '0' && ch <= '9'; }

void rd_csv_list(rd_csv *c, const char *s)
{
    size_t n = strlen(s), k = 0, items = 0;
    char *d;
    if (c->dialect != RD_CSV_EXCEL_NL) {
        rd_csv_text(c, s, n);
        return;
    }
    for (size_t i = 0; i + 1 < n; i++)
        items += s[i] == ';' && s[i + 1] == ' ';
    if (!(d = malloc(n + items + 1))) { /* "; " (2) → " | " (3) */
        errno = ENOMEM;
        failed(c);
        rd_csv_text(c, s, n); /* the row keeps its cells */
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ';' && i + 1 < n && s[i + 1] == ' ') {
            memcpy(d + k, " | ", 3);
            k += 3;
            i++;
        } else if (s[i] == '.' && i > 0 && digit(s[i - 1]) && i + 1 < n && digit(s[i + 1])) {
            d[k++] = ',';
        } else {
            d[k++] = s[i];
        }
    }
    rd_csv_text(c, d, k);
    free(d);
}

void rd_csv_int(rd_csv *c, long long v)
{
    sep(c);
    if (fprintf(c->f, "%lld", v) < 0)
        failed(c);
}

/* %.4g for 1e-4 ≤ |v| < 1 (shares, fits, stabilities: most numbers of the tables)
 * without stdio: 4 significant digits in fixed notation, trailing zeros dropped. */
static int fmt_g4_unit(double v, char *buf)
{
    int n = 0, dec = 4;
    double a = fabs(v);
    if (v < 0)
        buf[n++] = '-';
    for (double lim = 0.1; a < lim && dec < 7; lim /= 10.0)
        dec++;
    static const double pow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7};
    long long q = llround(a * pow10[dec]);
    if (q >= (long long)pow10[dec]) { /* rounded up to 1 */
        buf[n++] = '1';
        return n;
    }
    buf[n++] = '0';
    buf[n++] = '.';
    for (int i = dec - 1; i >= 0; i--)
        buf[n + i] = (char)('0' + q % 10), q /= 10;
    n += dec;
    while (buf[n - 1] == '0')
        n--;
    if (buf[n - 1] == '.')
        n--;
    return n;
}

size_t rd_csv_num_text(double v, int digits, char *buf)
{
    int n = 0;
    if (!isfinite(v))
        return 0;
    if (digits <= 0)
        digits = 6;
    v = rd_table_shown(v, digits); /* the workbook's and model.json's value, printed */
    if (v == 0.0) {
        buf[n++] = '0'; /* also turns -0 into 0 */
    } else if (digits == 4 && fabs(v) >= 1e-4 && fabs(v) < 1.0) {
        n = fmt_g4_unit(v, buf);
    } else {
        n = snprintf(buf, RD_CSV_NUM_MAX, "%.*g", digits > 17 ? 17 : digits, v);
        if (n < 0 || n >= RD_CSV_NUM_MAX)
            n = 0; /* cannot happen: %g of at most 17 digits */
    }
    return (size_t)n;
}

void rd_csv_num(rd_csv *c, double v, int digits)
{
    char buf[RD_CSV_NUM_MAX];
    sep(c);
    size_t n = rd_csv_num_text(v, digits, buf);
    if (c->dialect == RD_CSV_EXCEL_NL) /* %g in the C locale: one '.' at most */
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '.')
                buf[i] = ',';
    if (fwrite(buf, 1, n, c->f) != n)
        failed(c);
}

void rd_csv_end(rd_csv *c)
{
    if (fputs("\r\n", c->f) == EOF)
        failed(c);
    c->first = 1;
}

/* The header row of t; *list (excel-nl only, else NULL): per column, whether it is a list
 * column. */
static void write_header(rd_csv *c, const rd_table *t, unsigned char **list)
{
    *list = NULL;
    if (c->dialect == RD_CSV_EXCEL_NL && fputs("\xEF\xBB\xBF", c->f) == EOF)
        failed(c);
    if (c->dialect == RD_CSV_EXCEL_NL && !(*list = calloc(t->n_cols ? t->n_cols : 1, 1))) {
        errno = ENOMEM;
        failed(c);
    }
    for (size_t k = 0; k < t->n_cols; k++) {
        const rd_column_info *ci = rd_columns_find(t->name, t->cols[k]);
        if (*list)
            (*list)[k] = ci && (ci->flags & RD_COL_LIST);
        rd_csv_str(c, t->cols[k]);
    }
    rd_csv_end(c);
}

static void write_rows(rd_csv *c, const rd_table *t, const unsigned char *list)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t k = 0; k < t->n_cols; k++) {
            const rd_value *v = rd_table_at(t, r, k);
            switch (v->kind) {
            case RD_V_STR:
                if (list && list[k])
                    rd_csv_list(c, v->s);
                else
                    rd_csv_str(c, v->s);
                break;
            case RD_V_INT: rd_csv_int(c, v->i); break;
            case RD_V_NUM: rd_csv_num(c, v->d, v->digits > 0 ? v->digits : 6); break;
            default: rd_csv_text(c, "", 0); break;
            }
        }
        rd_csv_end(c);
    }
}

rd_status rd_csv_write(const char *path, const rd_table *t, rd_csv_dialect d, rd_err *err)
{
    rd_csv c = {rd__outfile_open(path, err), 1, 0, d};
    unsigned char *list = NULL;
    if (!c.f)
        return RD_EOUTPUT;
    write_header(&c, t, &list);
    write_rows(&c, t, list);
    free(list);
    return rd__outfile_close(c.f, c.failed, path, err);
}

rd_status rd_csv_write_batches(const char *path, rd_table *t, size_t n_rows, size_t batch,
                               rd_csv_fill_fn fill, void *ctx, rd_csv_dialect d, rd_err *err)
{
    rd_csv c = {rd__outfile_open(path, err), 1, 0, d};
    unsigned char *list = NULL;
    rd_status rc = RD_OK;
    if (!c.f)
        return RD_EOUTPUT;
    write_header(&c, t, &list);
    batch = batch ? batch : 1;
    for (size_t from = 0; from < n_rows && !c.failed; from += batch) {
        size_t to = n_rows - from < batch ? n_rows : from + batch;
        if ((rc = fill(ctx, from, to, t, err)) != RD_OK)
            break;
        write_rows(&c, t, list);
    }
    free(list);
    if (rc != RD_OK) {
        rd__outfile_close(c.f, 0, path, NULL);
        return rc;
    }
    return rd__outfile_close(c.f, c.failed, path, err);
}
