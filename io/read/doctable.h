/* io/read/doctable.h — tables in Word and OpenDocument files, and how a finished table
 * becomes lines: internal to io/read's document reader (docmodel.c fills and writes
 * tables; see docmodel.h for how the reader is cut) and its tests.
 *
 * This module knows cells, rows and the speaker-table heuristics, nothing of XML or of a
 * format. A cell holds what its paragraphs gave: `plain`, their text joined by spaces
 * (without a label's added colon or a heading's '#'), and `lines`, the lines they would
 * have written outside a table, each ending in '\n'.
 *
 * A speaker table has two or more columns, and its first column (or its second, when the
 * first holds timestamps — cells io/read/timestamp.h's rd_timestamp_cell accepts — or
 * nothing, and there are three or more) holds labels (io/read/labels.h, a
 * trailing ':' dropped): each data row gives one line `[timestamp ]Label: text`, text
 * being the later cells' plain text joined by spaces, and a row with an empty label cell
 * is a continuation line (just the text). Header rows are dropped: rows marked as such
 * (w:tblHeader, table:table-header-rows), and a first row that says Spreker (or Speaker)
 * in one of its first two cells, or Naam, Wie, Rol, … there with Tekst, Transcript,
 * Tijd, … in another cell. Any other table gives its cells' lines in order, row by row
 * (empty cells give nothing). */
#ifndef RD_DOCTABLE_H
#define RD_DOCTABLE_H

#include <stddef.h>

#include "engine/strbuf.h"

typedef struct {
    rd_buf plain; /* the cell's paragraphs' text, joined by spaces */
    rd_buf lines; /* the cell's lines as they would be written, each ending in '\n' */
} rd__doctable_cell;

typedef struct {
    size_t first, n; /* cells[first .. first+n) of the table */
    int header;      /* marked as a header row */
} rd__doctable_row;

/* A table being read; zero-initialised is empty. */
typedef struct {
    rd__doctable_cell *cells;
    size_t n_cells, cap_cells;
    rd__doctable_row *rows;
    size_t n_rows, cap_rows;
    rd__doctable_cell open; /* the cell being filled */
    int in_row;             /* rows[n_rows - 1] is open */
    int header_rows;        /* depth of ODT's table:table-header-rows: rows begun inside
                               it are header rows */
} rd__doctable;

/* The building steps return 0, or -1 when memory runs out (the table stays valid). */

/* Closes a non-empty open cell, then starts a row. */
int rd__doctable_row_begin(rd__doctable *t);
/* Closes a non-empty open cell and ends the row. */
int rd__doctable_row_end(rd__doctable *t);
/* Closes the open cell into the current row (starting a row if a cell came without). */
int rd__doctable_cell_end(rd__doctable *t);
/* Closes a non-empty open cell: the table is then complete. */
int rd__doctable_close(rd__doctable *t);
void rd__doctable_free(rd__doctable *t); /* NULL-safe; leaves *t empty */

/* Receives one line: r[0..rn) as written, pl[0..pn) its plain text (equal here). Returns
 * 0, or -1 to stop. */
typedef int (*rd__doctable_emit)(void *ctx, const char *r, size_t rn, const char *pl,
                                 size_t pn);

/* Writes the lines of the complete table t (see the top of this file) through emit,
 * building each speaker line in *line (its contents are lost). 0, or -1 when memory ran
 * out (line->oom) or emit said stop. */
int rd__doctable_write(const rd__doctable *t, rd_buf *line, rd__doctable_emit emit, void *ctx);

#endif
