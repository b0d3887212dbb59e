/* io/write/names.h — persona names: the names.tsv file a researcher fills in.
 *
 * names.tsv is text (UTF-8 as rodedraad writes it; see rd_names_read for what else is
 * read), tab-separated, with the header line
 *     segment<TAB>name<TAB>top_terms
 * and one line per segment; top_terms are the segment's distinguishing terms joined by
 * "; ". A line with an empty name is allowed (not named yet) and ignored when matching.
 * rodedraad writes text that starts with a formula character with a ' in front (the
 * formula guard of io/write/tsv.h); the reader takes that ' off again, so a name such as
 * "-40 plus" comes back as given, whether the spreadsheet it was edited in kept the ' or
 * not.
 * rodedraad writes it (empty names) into OUTDIR; `run --names FILE` reads it back and
 * puts each name on the new segment whose terms match its terms best
 * (engine/describe/personas.h, fed by io/cli/describing.c). */
#ifndef RD_NAMES_H
#define RD_NAMES_H

#include <stddef.h>

#include "engine/status.h"

typedef struct {
    long segment;     /* as written in the file (informative only) */
    char *name;       /* non-empty */
    char **terms;     /* n_terms term labels, as written */
    size_t n_terms;
    size_t line;      /* 1-based line in the file */
} rd_name;

typedef struct {
    rd_name *v;       /* only the lines with a name */
    size_t n;
    char note[512];   /* "" or a warning for the user: the file was Windows-1252 */
} rd_names;

/* Reads path into *out (zero-initialised by the caller). The bytes are decoded as
 * transcripts are (io/read/decode.h): UTF-8 with or without BOM, UTF-16 LE/BE with BOM
 * (what Excel saves as "Unicode-tekst"), Windows-1252 (Excel's "Tekst
 * (tab-gescheiden)"), the last with out->note set to the transcripts' warning.
 * RD_ENOINPUT when it cannot be opened; RD_EUTF8 for invalid UTF-8 or UTF-16 (byte and
 * line), RD_EDATA for a binary file; RD_EDATA "path:line: ..." for a
 * missing header, a line without three fields, a segment that is not a number, or a name
 * given twice. On failure *out is empty. */
rd_status rd_names_read(const char *path, rd_names *out, rd_err *err);
void rd_names_free(rd_names *n); /* frees the contents, not n */

#endif
