/* io/read/attrfile.h — the respondent attributes file of --attributes: a CSV or TSV file
 * (io/read/csvin.h: delimiter sniffed, .tsv forces tab; UTF-8, UTF-16 with BOM or
 * Windows-1252 as transcripts are read) with one row per respondent id and one column per
 * attribute.
 *
 * The id column is the one named by want_id (--csv-id) or, failing that, found by name
 * as for surveys (respondent, respondentnummer, respondent_id, id, nr, nummer; never a
 * column whose header says it holds personal data). Columns whose header says they hold
 * personal data (names, e-mail, phone, date of birth, BSN) are left out, with a note.
 * Every other column is an attribute; values are kept as written (io/cli masks them as it
 * masks survey attributes).
 *
 * Refused (RD_EDATA, the message naming the file and line): a file that csvin refuses,
 * no id column (line 1), an empty id, an id that appears on two rows (naming both lines).
 * A file that cannot be opened is RD_ENOINPUT. */
#ifndef RD_ATTRFILE_H
#define RD_ATTRFILE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "io/read/csvin.h"

typedef struct {
    size_t n_attr;         /* attribute columns */
    const char **name;     /* n_attr header names (point into csv) */
    size_t n_row;
    const char **id;       /* per row: the respondent id, trimmed copy in ids */
    uint32_t *line;        /* per row: its line in the file */
    const char **value;    /* n_row × n_attr (point into csv) */
    char note[512];        /* personal columns left out, or a conversion; "" when none */
    rd_csvin csv;          /* owns the texts */
    char *ids;             /* the trimmed ids, NUL after each */
} rd_attrfile;

/* Reads path into *out (zeroed by the caller; rd_attrfile_free releases it whatever the
 * outcome). want_id may be NULL. */
rd_status rd_attrfile_read(const char *path, const char *want_id, rd_attrfile *out,
                           rd_err *err);
/* The same over the file's bytes buf[0..n) with a NUL at buf[n] (as rd_files_read gives
 * them); path names the file in messages and picks TSV by its extension. */
rd_status rd_attrfile_parse(const char *path, const char *buf, size_t n, const char *want_id,
                            rd_attrfile *out, rd_err *err);
void rd_attrfile_free(rd_attrfile *a); /* NULL is a no-op; zeroes *a */

#endif
