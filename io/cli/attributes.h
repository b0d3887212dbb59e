/* io/cli/attributes.h — run's respondent attributes: the --attributes file joined to the
 * respondents, and the attributes table (engine/stats/attributes.h) built from the
 * respondents table, whose attribute columns are already masked.
 *
 * Joining: a row of the file belongs to every doc whose source id (the transcript's file
 * name without extension, or its CSV id: nlp/textstage.h source_id) equals the row's id.
 * The file's columns are appended to the docs' attributes (after a survey's own columns);
 * a doc without a row gets empty values. Ids that match no respondent and respondents
 * without a row are reported in *warn, one line each, never dropped silently. */
#ifndef RD_CLI_ATTRIBUTES_H
#define RD_CLI_ATTRIBUTES_H

#include <stddef.h>
#include <stdint.h>

#include "engine/lists.h"
#include "engine/status.h"
#include "engine/table.h"
#include "io/read/attrfile.h"
#include "nlp/textstage.h"

typedef struct {
    size_t rows;            /* rows of the file */
    size_t unmatched_ids;   /* rows whose id matches no respondent */
    size_t missing;         /* respondents without a row */
} rd_cli_attr_join;

/* Appends af's columns to ts's attributes. path: the file as the messages name it.
 * RD_ENOMEM only. */
rd_status rd_cli_attributes_join(const rd_attrfile *af, const char *path, rd_ts_result *ts,
                                 rd_strlist *warn, rd_cli_attr_join *out, rd_err *err);

/* The attributes table from the respondents table resp (describe.h: its columns between
 * "source" and "theme_1" are the attributes, "segment" is 1..k). *out NULL when resp has
 * no attribute columns. */
rd_status rd_cli_attributes_table(const rd_table *resp, size_t k, uint64_t seed,
                                  rd_table **out, rd_err *err);

#endif
