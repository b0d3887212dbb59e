/* engine/table.h — the run's output tables, built once and written by every exporter
 * (export_csv, export_xlsx, export_json), so the CSV files, the workbook's sheets and
 * model.json always hold the same rows.
 *
 * A table has a name (file stem and JSON key: "segments"), a Dutch sheet title
 * ("Segmenten"), column names (the CSV header, English, stable for scripts) and rows of
 * typed values: empty, text, integer or number. Text is copied in. Errors (out of
 * memory) are sticky: the setters do nothing once one failed, and rd_table_ok() says
 * whether the table is complete. Not thread-safe. */
#ifndef RD_TABLE_H
#define RD_TABLE_H

#include <stddef.h>

typedef enum { RD_V_EMPTY = 0, RD_V_STR, RD_V_INT, RD_V_NUM } rd_vkind;

typedef struct {
    rd_vkind kind;
    int digits;    /* RD_V_NUM: significant digits (%.*g; 6 when ≤ 0): the CSV prints
                      them, the workbook and JSON hold rd_table_shown(d, digits) */
    union {        /* by kind (16 bytes a cell: big tables have millions of cells) */
        long long i; /* RD_V_INT */
        double d;    /* RD_V_NUM; NaN and infinities are written empty */
        char *s;     /* RD_V_STR, NUL-terminated UTF-8, owned by the table */
    };
} rd_value;

typedef struct {
    char *name;     /* "segments" */
    char *sheet;    /* "Segmenten" (≤ 31 characters, no []:*?/\ — Excel's rules) */
    size_t n_cols, n_rows, cap_rows;
    char **cols;    /* n_cols column names */
    rd_value *v;    /* n_rows × n_cols, row-major */
    int oom;
} rd_table;

/* NULL when out of memory. cols[0..n_cols) are copied. */
rd_table *rd_table_new(const char *name, const char *sheet, size_t n_cols,
                       const char *const *cols);
void rd_table_free(rd_table *t); /* NULL is a no-op */
/* Drops every row (their text freed), keeping the columns and the room: a table filled a
 * batch at a time. A failed table stays failed. */
void rd_table_clear(rd_table *t);

/* Appends an empty row; returns its index (undefined after a failure: check rd_table_ok). */
size_t rd_table_add_row(rd_table *t);
void rd_table_str(rd_table *t, size_t row, size_t col, const char *s);
void rd_table_strn(rd_table *t, size_t row, size_t col, const char *s, size_t n);
void rd_table_int(rd_table *t, size_t row, size_t col, long long v);
void rd_table_num(rd_table *t, size_t row, size_t col, double v, int digits);

/* Index of a column by name, or n_cols when there is none. */
size_t rd_table_col(const rd_table *t, const char *name);

/* Reading a finished table by names, for the writers and the wiring that read the
 * description's tables: the table called name among ts[0..n) (NULL entries skipped), or
 * NULL; the text of cell (row, column col), "" when t is NULL, the row or the column is
 * missing or the cell is not text; its number, NaN likewise or when it is text or empty. */
const rd_table *rd_table_find(const rd_table *const *ts, size_t n, const char *name);
const char *rd_table_text(const rd_table *t, size_t row, const char *col);
double rd_table_number(const rd_table *t, size_t row, const char *col);

/* The number a cell shows: v rounded to digits significant digits (6 when digits ≤ 0),
 * the decimal the CSV prints with %.*g, as the double nearest to it; so the workbook and
 * model.json hold 0.8 where the float behind it is 0.800000011920929. NaN and infinities
 * come back as they are, -0 as 0, and a value whose rounding would pass the largest double
 * as it is. */
double rd_table_shown(double v, int digits);

static inline const rd_value *rd_table_at(const rd_table *t, size_t row, size_t col)
{
    return &t->v[row * t->n_cols + col];
}

static inline int rd_table_ok(const rd_table *t) { return t && !t->oom; }

#endif
