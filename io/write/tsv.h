/* io/write/tsv.h — the one TSV writer: `inspect`, `tokens` and `vocab` on standard output
 * and names.tsv in OUTDIR.
 *
 * A header line, then one line per row; fields are separated by a tab and lines end in
 * LF. A field never holds a tab or a line break: tabs, CR and LF inside it become spaces.
 * Numbers are written in the C locale (%lld, %.*g). Lines are built in a buffer
 * (engine/strbuf.h) and written out in large pieces.
 *
 * Formula guard: rd_tsv_write_table writes files that researchers open in a spreadsheet
 * (names.tsv), so its text cells get the CSV writer's guard: a ' in front of text that
 * starts, after spaces and double quotes, with =, +, -, @, tab or CR (io/write/csv.h).
 * The field functions do not: `inspect`, `tokens` and `vocab` print machine formats for
 * scripts (awk, cut, pandas), whose text must come out as it was read; a ' there would
 * change the data (a token "-", a passage "- ja"), and their consumers do not evaluate
 * cells. */
#ifndef RD_TSV_H
#define RD_TSV_H

#include <stdint.h>
#include <stdio.h>

#include "engine/status.h"
#include "engine/strbuf.h"
#include "engine/table.h"

/* Appends s[0..n) as a field (tabs, CR and LF as spaces). */
void rd_tsv_field(rd_buf *b, const char *s, size_t n);
/* Appends a NUL-terminated string as a field. */
void rd_tsv_str(rd_buf *b, const char *s);
/* Appends v in decimal. */
void rd_tsv_u64(rd_buf *b, uint64_t v);
/* Appends a table cell: text as a field, integers %lld, numbers %.*g (NaN and infinities
 * empty), empty cells empty. */
void rd_tsv_value(rd_buf *b, const rd_value *v);
/* Writes b's text to f and empties b: RD_EIO "WHAT: <reason>" when writing fails, RD_ENOMEM
 * when b ran out of memory while it was built. */
rd_status rd_tsv_flush(rd_buf *b, FILE *f, const char *what, rd_err *err);

/* Writes table t to path: its column names as the header, then its rows, text guarded as
 * above. RD_EOUTPUT when path cannot be created, RD_EIO when writing fails. */
rd_status rd_tsv_write_table(const char *path, const rd_table *t, rd_err *err);
/* The same into the open stream f (e.g. standard output; named `what` in messages). */
rd_status rd_tsv_put_table(FILE *f, const char *what, const rd_table *t, rd_err *err);

#endif
