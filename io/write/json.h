/* io/write/json.h — model.json: the run manifest and every output table in one JSON file,
 * for scripts (Python, R) that want the results without parsing CSV or the workbook.
 *
 * Format (format_version 1). Keys appear in the order shown; tables and columns in the
 * order the caller gave them:
 *
 *   {
 *    "format": "rodedraad-model",
 *    "format_version": 1,
 *    "manifest": {
 *     "program": "rodedraad", "version": "0.1.0", "command": "rodedraad run ...",
 *     "created": "...",                         only present when m->created is not NULL
 *     "stemmer": {"algorithm": "dutch", "library": "libstemmer", "version": "2.2.0-4"},
 *     "unicode": {"version": "15.1.0", "utf8proc_version": "2.9.0"},
 *     "blas": "OpenBLAS ...",
 *     "seed": 42,                               see "seed" below
 *     "threads": 4,
 *     "options": {"segments": 5, "min_df": null, ...},
 *     "results": {"themes": 12, ...},
 *     "inputs": [{"path": "interviews/R01.txt", "bytes": 18311, "sha256": "3f0a..."}, ...],
 *     "not_used": [{"path": "interviews/~$R25.docx", "reason": "lock file",
 *                   "message": "interviews/~$R25.docx: an Office lock file …"}, ...]
 *    },
 * A path that had to be escaped to be shown (io/read/pathname.h: not valid UTF-8, or
 * control characters) also has "path_base64": its raw bytes, so nothing is lost.
 *    "tables": {
 *     "segments": {
 *      "sheet": "Segmenten",
 *      "columns": ["segment", "respondents", ...],
 *      "rows": [{"segment": 1, "respondents": 14, ...}, ...]
 *     }, ...
 *    }
 *   }
 *
 * Values (table cells, options, results): text → JSON string; integer → JSON integer;
 * number → JSON real; NaN, ±infinity and empty cells → null. A table cell's number is
 * the one the CSV files show, with the cell's significant digits (rd_table_shown: a
 * stability 0.800000011920929 in float is written 0.8; beyond ±1e300 the double itself);
 * an option's or result's number is written with 17 significant digits, so that parsing
 * it gives back the same double (0.1 is written 0.10000000000000001). A real always has
 * a '.' or an exponent, so it stays a float in Python.
 * Every row object has every column, in column order. Other string fields of the
 * manifest are null when the caller left them NULL.
 *
 * seed: a JSON integer when it is at most 2^63 − 1 (the largest integer jansson and
 * most JSON readers hold exactly); a larger uint64 seed is written as a string of its
 * decimal digits ("18446744073709551615"), so no reader ever rounds it.
 *
 * The file is UTF-8 (non-ASCII characters are written as is, not \u-escaped),
 * indented by one space per level, and ends with a newline. No clock time or random
 * value goes in: the same tables and manifest always give byte-identical files. */
#ifndef RD_EXPORT_JSON_H
#define RD_EXPORT_JSON_H

#include <stddef.h>

#include "engine/status.h"
#include "io/write/manifest.h"
#include "engine/table.h"

/* Writes model.json: the manifest and every table. tables[0..n) and m are borrowed, only
 * read. path is created or truncated and written directly; on failure it may be left
 * partial (callers write to a temporary name and rename it, see outdir).
 * Errors: RD_ENOMEM when memory runs out (also for a table left incomplete by an
 * allocation failure while it was built); RD_EINVAL when a string is not valid UTF-8
 * (the message names the table, column and row, or the manifest field) or two tables,
 * two columns of a table or two options/results share a name; RD_EOUTPUT
 * "PATH: cannot create: REASON" when the file cannot be created; RD_EIO "PATH: REASON"
 * when writing it fails (io/write/outfile.h). */
rd_status rd_json_write(const char *path, const rd_table *const *tables, size_t n,
                         const rd_manifest *m, rd_err *err);

#endif
