/* io/cli/qda.h — the run as a REFI-QDA project (io/write/qdpx.h), for `--format qdpx`.
 *
 * What maps to what:
 *   theme            a top-level code: name its label (" (T3)" added when two themes share
 *                    a label), description its top terms ("a; b; c", no weights), a
 *                    colour of the report's palette (io/write/svg.h) by theme number; its motivations and tensions (themes.csv's
 *                    `motivations`, `tensions`) as child codes "Motivaties" and
 *                    "Spanningen" with those terms as description (left out when empty);
 *   transcript       a text source: every passage rodedraad read, respondent and
 *                    interviewer turns, one paragraph each ("Speaker: text", or the text
 *                    alone in a file without labels), separated by an empty line, masked as
 *                    the quotes are (io/cli/describing.h: rd_cli_mask_doc; raw with
 *                    --no-redact); named as the outputs show the source (a pseudonym for a
 *                    name in a file name), a survey row "file.csv (id)";
 *   passage          each respondent passage with a theme (passages.csv's `theme`, the
 *                    strongest) a selection of its text coded with that theme's code, named
 *                    by its `source` (path:line);
 *   respondent       a case named by its respondent id as the outputs show it, with its
 *                    source and the variables segment (integer), segment_name and every
 *                    attribute column of respondents.csv (text, masked values; empty values
 *                    are left out);
 *   segment          a set of its respondents' sources (Project.xsd lets a set hold codes
 *                    and sources, not cases), named by its persona name or "Segment N",
 *                    with its top terms as description.
 * Each file is read again (as for quotes, one at a time); a file that changed or vanished
 * since the text stage fails with RD_EIO ("…: changed or unreadable while rodedraad was
 * running; rerun"). */
#ifndef RD_CLI_QDA_H
#define RD_CLI_QDA_H

#include "engine/describe/describe.h"
#include "io/read/reader.h"
#include "io/write/qdpx.h"
#include "nlp/cues.h"
#include "nlp/people.h"
#include "nlp/stopwords.h"
#include "nlp/textstage.h"

typedef struct {
    const rd_ts_result *ts;
    const rd_description *rep;         /* its themes, segments, respondents and passages */
    const rd_reader_opts *ropts;       /* how the text stage read the files */
    const char *const *doc_path;       /* per doc: its file to read again; NULL: ts->source */
    const char *const *shown_source;   /* per doc: the source the outputs show, or NULL */
    const char *const *mask_names;     /* per doc: names to mask besides speakers, or NULL */
    const rd_stop *stop;
    const rd_cues *cues;
    const char *algo;
    const rd_people *people;           /* may be NULL */
    int redact;
    const char *origin;                /* "rodedraad VERSION" */
} rd_cli_qda_in;

/* Builds the project into *out (rd_qdpx_free; NULL on failure). */
rd_status rd_cli_qda_build(const rd_cli_qda_in *in, rd_qdpx **out, rd_err *err);

#endif
