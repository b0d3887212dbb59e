/* io/write/xlsx.h — the run's workbook (.xlsx), written with libxlsxwriter; the table
 * sheets' data rows are streamed into its package by rodedraad (xlsx.c says why and how).
 *
 * One sheet per rd_table, in the order given; after a table named "segment_themes" (with
 * columns segment, theme, label, share_segment, share_all, lift) the sheet "Matrix
 * segment x thema" (share and lift as segments × themes, each with a colour scale); then
 * "Grafieken" (a column chart of the sizes of a "segments" table with a size column, a
 * stacked bar chart of the matrix's shares) when there is something to chart, "Uitleg"
 * (each table column's Dutch title, machine name and meaning, io/write/columns.h) and
 * the run sheet "Uitvoering" (the manifest). Every table sheet has its columns' Dutch
 * titles (the machine name for a column io/write/columns.h does not know) in bold in row
 * 1, wrapped, the header row frozen, an autofilter over header and data, planned column
 * widths (below), and prints A4 landscape one page wide, the header row on every page.
 * Each row's height is computed from its wrapped cells and the column widths before the
 * row is written (constant memory mode, no autofit in libxlsxwriter): 15 pt a line, at
 * most 409 pt (see wrap_lines in xlsx.c).
 *
 * Cells:
 *   RD_V_STR    always a text cell, never a formula, whatever the first character
 *               (=, +, -, @, tab, CR): nothing in the workbook is ever evaluated. Text
 *               longer than Excel's cell limit (32,767 UTF-16 code units) is cut at a
 *               character boundary and ends in "…".
 *   RD_V_INT    a number cell (a double: integers beyond 2^53 lose their last digits).
 *   RD_V_NUM    a number cell holding the double as libxlsxwriter prints it (16
 *               significant digits, what Excel keeps anyway). The number format shows
 *               about v.digits significant digits in fixed notation: v.digits − k
 *               decimals for a value with k integer digits, a value below 1 counting
 *               as k = 1 (digits 4: 0.123 → "0.000", 12.5 → "0.00", 12345 → "0").
 *               Values whose fixed notation would show no significant digit
 *               (0 < |v| < 10^-(digits−1)), |v| ≥ 1e15 and digits ≤ 0 get Excel's
 *               General format. NaN and infinities leave the cell blank.
 *   RD_V_EMPTY  nothing.
 * In a table column that io/write/columns.h marks as a share, numbers are shown as "0.0%";
 * as a ratio (lift, indices) as "0.00"; list text gets decimal commas ("app 0,027").
 * Column width = the widest cell's character count (code points; numbers as displayed)
 * + 2, at least the title's longest word + 2, clamped to [8, 60] (quotes 45, lists 36, paths 30);
 * text wider than its column wraps. All data cells are aligned to the top.
 *
 * The run sheet has two columns, "eigenschap" and "waarde": program, version, command,
 * created, stemmer_algorithm, libstemmer_version, unicode_version, utf8proc_version,
 * blas (each skipped when NULL), seed, threads, then "optie: KEY" per m->options and
 * "resultaat: KEY" per m->results with typed values; after a blank row a table
 * "invoerbestand", "bytes", "sha256" with one row per m->inputs, and when files were found
 * but not used, after another blank row a table "niet gebruikt", "reden", "melding" with
 * one row per m->unused. Seeds and byte counts above 2^53 are written as text so they
 * stay exact.
 *
 * Same input, same bytes: the workbook's creation date (docProps/core.xml) is fixed at
 * 1980-01-01T00:00:00Z, the date libxlsxwriter 1.1.4 already gives every zip entry, so
 * nothing in the file depends on the clock, the time zone or the locale (the process
 * must be in the C LC_NUMERIC locale, as rodedraad's main sets it: libxlsxwriter prints
 * numbers with printf).
 *
 * Not thread-safe (it redirects file descriptor 2 for a moment, see xlsx.c). Never prints:
 * what libxlsxwriter prints about a failure is kept off stderr and turned into err. */
#ifndef RD_EXPORT_XLSX_H
#define RD_EXPORT_XLSX_H

#include <stddef.h>

#include "engine/status.h"
#include "io/write/manifest.h"
#include "engine/table.h"

/* The run sheet's name; no table may use it, nor "Uitleg", "Grafieken" or "Matrix segment
 * x thema". */
#define RD_XLSX_RUN_SHEET "Uitvoering"

/* Writes tables[0..n) as sheets, in that order, then a run sheet "Uitvoering" from m, to
 * path (created or replaced). tables may be NULL when n is 0; m must not be NULL.
 * Everything is borrowed for the duration of the call. threads (≥ 1) deflate the table
 * sheets (io/write/zipout.h); the file's bytes are the same for every count.
 *
 * RD_EINVAL  a NULL argument; a table that does not fit a worksheet (more than
 *            1,048,575 rows or 16,384 columns); a sheet name that is empty, longer than
 *            31 characters, holds []:*?/\, starts or ends with ', equals another
 *            table's (ASCII case-insensitively, as Excel compares) or "Uitvoering".
 *            err names the table.
 * RD_ENOMEM  out of memory, or a table that ran out of memory while it was built
 *            (!rd_table_ok).
 * RD_EOUTPUT path cannot be created: "PATH: cannot create: REASON" (io/write/outfile.h);
 *            it is made only after every check passed.
 * RD_EIO     writing failed: "PATH: REASON" from errno ("No space left on device"), or
 *            "PATH: cannot write the temporary file of sheet S: REASON" /
 *            "PATH: cannot assemble the workbook in temporary files: REASON" when
 *            libxlsxwriter's temporary files (tmpfile(3), /tmp) failed, or
 *            "PATH: cannot make a temporary file to assemble the workbook in: REASON"
 *            without memfd or /proc and with no writable $TMPDIR (or /tmp).
 *            A partial file may be left at path: write into a staging folder. */
rd_status rd_xlsx_write(const char *path, const rd_table *const *tables, size_t n,
                         const rd_manifest *m, int threads, rd_err *err);

/* Fault injection, for tests only (0 otherwise): bits of rd__xlsx_fault. */
enum {
    RD__XLSX_NO_MEMFD = 1, /* as without memfd or /proc: libxlsxwriter assembles the
                              workbook in a temporary file */
    RD__XLSX_LOUD = 2      /* libxlsxwriter's messages are not kept off stderr */
};
extern int rd__xlsx_fault;

#endif
