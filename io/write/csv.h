/* io/write/csv.h — RFC 4180 CSV writing for the run's tables.
 *
 * Fields are separated by commas, rows end in CRLF (RFC 4180 §2.1), and a field is quoted
 * when it holds a comma, a double quote, CR or LF (quotes doubled). UTF-8, no BOM.
 * Numbers are written in the C locale. Text that a spreadsheet would read as a formula
 * (starting with =, +, -, @, tab or CR) is prefixed with a single quote, as OWASP's
 * "CSV Injection" page recommends; numbers are never prefixed.
 * Errors are sticky: the first failed write is remembered (failed) and reported when
 * rd_csv_write closes the file (io/write/outfile.h). */
#ifndef RD_CSV_H
#define RD_CSV_H

#include <stdio.h>

#include "engine/status.h"
#include "engine/table.h"

typedef struct {
    FILE *f;
    int first; /* no field written yet on this row */
    int failed;
} rd_csv;

void rd_csv_text(rd_csv *c, const char *s, size_t n);
void rd_csv_str(rd_csv *c, const char *s); /* NUL-terminated text */
void rd_csv_int(rd_csv *c, long long v);
/* %.*g with `digits` significant digits; NaN and infinities are written empty. */
void rd_csv_num(rd_csv *c, double v, int digits);
void rd_csv_end(rd_csv *c);

/* Writes table t as CSV to path (header row, then the rows; numbers with each value's
 * digits). RD_EOUTPUT when path cannot be created, RD_EIO when writing fails. */
rd_status rd_csv_write(const char *path, const rd_table *t, rd_err *err);

#endif
