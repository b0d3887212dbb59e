/* io/write/csv.h — CSV writing for the run's tables, in two dialects.
 *
 * RD_CSV_RFC4180 (the default, the command-line contract):
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
 * RD_CSV_EXCEL_NL (`--csv-dialect excel-nl`): what Dutch Excel opens with a double-click.
 * The file starts with a UTF-8 byte order mark (EF BB BF: without it Excel reads the
 * bytes as Windows-1252, "×" shows as "Ã—"), fields are separated by ';', rows end in
 * CRLF, numbers have a decimal comma (0,274; 1,468e-05), and a field is quoted under the
 * same rule as above. In the list columns (io/write/columns.h: RD_COL_LIST, e.g.
 * top_terms) the items are separated by " | " instead of "; ", and a decimal point
 * between two digits becomes a comma ("app 0,027 | huur 0,015", "(×1,47)"): so no cell
 * needs its ';' protected by quotes to stay one cell, and its numbers read as Dutch.
 * Other text (quotes, labels, sources) is written as it is. The formula guard is the same.
 *
 * Errors are sticky: the first failed write is remembered (failed holds its errno) and
 * reported when rd_csv_write closes the file: "PATH: No space left on device"
 * (io/write/outfile.h). */
#ifndef RD_CSV_H
#define RD_CSV_H

#include <stdio.h>

#include "engine/status.h"
#include "engine/table.h"

typedef enum { RD_CSV_RFC4180 = 0, RD_CSV_EXCEL_NL } rd_csv_dialect;

/* "rfc4180" / "excel-nl" → *d; -1 for anything else. */
int rd_csv_dialect_parse(const char *s, rd_csv_dialect *d);
const char *rd_csv_dialect_name(rd_csv_dialect d);

typedef struct {
    FILE *f;
    int first; /* no field written yet on this row */
    int failed; /* 0, or the errno of the first write that failed */
    rd_csv_dialect dialect;
} rd_csv;

/* 1 when s[0..n), after any spaces and double quotes, starts with a formula character
 * (=, +, -, @, tab, CR): what gets the guard above. For the other writers of text that
 * people open in a spreadsheet (names.tsv) and for readers that undo the guard. */
int rd_csv_formula_like(const char *s, size_t n);

void rd_csv_text(rd_csv *c, const char *s, size_t n);
/* A list cell (RD_COL_LIST): as rd_csv_text in RFC 4180; in excel-nl "; " → " | " and
 * digit.digit → digit,digit (see above). */
void rd_csv_list(rd_csv *c, const char *s);
void rd_csv_str(rd_csv *c, const char *s); /* NUL-terminated text */
void rd_csv_int(rd_csv *c, long long v);
/* %.*g with `digits` significant digits (a decimal comma in excel-nl); NaN and
 * infinities are written empty. */
void rd_csv_num(rd_csv *c, double v, int digits);
/* The text rd_csv_num writes in RFC 4180 for v (digits ≤ 0: 6), which is the decimal
 * of rd_table_shown(v, digits): into buf (at least RD_CSV_NUM_MAX bytes, not terminated);
 * its length, 0 for NaN and infinities. model.json writes its numbers with it. */
#define RD_CSV_NUM_MAX 64
size_t rd_csv_num_text(double v, int digits, char *buf);
void rd_csv_end(rd_csv *c);

/* Writes table t as CSV in dialect d to path (header row with the machine names, then the
 * rows; numbers with each value's digits). RD_EOUTPUT when path cannot be created,
 * RD_EIO when writing fails. */
rd_status rd_csv_write(const char *path, const rd_table *t, rd_csv_dialect d, rd_err *err);

/* Fills t with rows [from, to) of a table too large to hold whole (t's rows are the
 * filler's to replace); RD_OK or the filler's failure. */
typedef rd_status (*rd_csv_fill_fn)(void *ctx, size_t from, size_t to, rd_table *t,
                                    rd_err *err);
/* Writes n_rows rows to path, the bytes rd_csv_write gives for a table holding them all:
 * t gives the header (its name and columns) and is filled by fill `batch` rows at a time.
 * A failure of fill is returned as it is, with the file closed unfinished (in the output
 * staging it is discarded with the rest). */
rd_status rd_csv_write_batches(const char *path, rd_table *t, size_t n_rows, size_t batch,
                               rd_csv_fill_fn fill, void *ctx, rd_csv_dialect d, rd_err *err);

#endif
