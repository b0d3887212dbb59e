/* io/read/csvcols.h — which columns of a survey CSV hold personal data, and so are never
 * the respondent id and never exported (neither as attributes nor anywhere else).
 *
 * A column holds personal data when its header says so (io/read/csvin.h:
 * rd_csvin_header_kind) or, failing that, its values do (nlp/idname.h: rd_idn_column — most
 * values wholly an e-mail address or a phone number as nlp/redact masks them, or mostly
 * distinct personal names). The text column is never looked at.
 *
 * The id column: the one csvin recognised by header, unless its values turn out personal;
 * then the next one by header among the columns that are not personal, or none (rows are
 * numbered rijN). A column the user named with --csv-id is kept as the id even when it is
 * personal: its values then only group the rows and every respondent gets a pseudonym
 * (id_personal; the CLI assigns them). */
#ifndef RD_CSVCOLS_H
#define RD_CSVCOLS_H

#include <stddef.h>

#include "engine/status.h"
#include "io/read/csvin.h"
#include "nlp/lexicon.h"

typedef struct {
    unsigned char *kind; /* per column: rd_csvin_kind (RD_CSVIN_PLAIN for the text column) */
    size_t id_col;       /* the id column to use, or RD_CSVIN_NONE */
    int id_personal;     /* the id column (named by --csv-id) holds personal data */
    char note[512];      /* the personal columns left out, for a warning; "" when none */
} rd_csvcols;

/* Decides for c (parsed with want_id when id_given). lex may be NULL. *out is zeroed by
 * the caller and released with rd_csvcols_free. RD_ENOMEM only. */
rd_status rd_csvcols_decide(const rd_csvin *c, int id_given, const rd_lex *lex, rd_csvcols *out,
                            rd_err *err);
void rd_csvcols_free(rd_csvcols *k); /* zeroes it; NULL is a no-op */

/* "names", "e-mail addresses", ... for a kind. */
const char *rd_csvcols_what(rd_csvin_kind kind);

#endif
