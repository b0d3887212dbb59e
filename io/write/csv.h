/* io/write/csv.h — RFC 4180 CSV writing for the run's tables.
 *
 * Fields are separated by commas, rows end in CRLF (RFC 4180 §2.1), and a field is quoted
 * when it holds a comma, a semicolon, a double quote, CR or LF (quotes doubled): a
 * semicolon too, because Excel and LibreOffice with a Dutch (or any ';') list separator
 * split a line at every ';' that is not inside a field they see as quoted. UTF-8, no BOM.
 * Numbers are written in the C locale and never prefixed.
 *
 * Formula guard (OWASP "CSV Injection"): a spreadsheet reads a cell that starts with =, +,
 * -, @, tab or CR as a formula (=cmd|' /C calc'!A0 runs a program in old Excel). Text
 * whose first character other than spaces and double quotes is one of these gets a single
 * quote in front ('=SUM(A1)): spaces count as nothing because importers that trim them
 * (LibreOffice's "trim spaces", Google Sheets) would otherwise hand the formula over, and
 * quotes because a reader that splits at ';' starts a quoted cell at them. The same test
 * runs after every ';', CR and LF inside text, where a reader that splits at ';' (Excel
 * with a ';' list separator opening this comma-separated file) or that ends the record at
 * a line break starts a new cell; a ' is put right after that character
 * ("a;'=cmd", "regel\n'-2+3"). So no cell starts with a formula character whether the
 * file is read with ',' or with ';'.
 *
 * Errors are sticky: the first failed write is remembered (failed holds its errno) and
 * reported when rd_csv_write closes the file: "PATH: No space left on device"
 * (io/write/outfile.h). */
#ifndef RD_CSV_H
#define RD_CSV_H

#include <stdio.h>

#include "engine/status.h"
#include "engine/table.h"

typedef struct {
    FILE *f;
    int first; /* no field written yet on this row */
    int failed; /* 0, or the errno of the first write that failed */
} rd_csv;

/* 1 when s[0..n), after any spaces and double quotes, starts with a formula character
 * (=, +, -, @, tab, CR): what gets the guard above. For the other writers of text that
 * people open in a spreadsheet (names.tsv) and for readers that undo the guard. */
int rd_csv_formula_like(const char *s, size_t n);

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
