/* io/describe.h — from the engine's factors to what a researcher reads: the run's tables.
 *
 * Themes get a label (the surface forms that weigh most on the theme and least on the
 * others), top terms with weights, the share of respondents who talk about them,
 * motivation and tension measures, and quotes. Segments get size and share, the terms
 * that set them apart, their themes against the average, motivations and tensions, their
 * most typical respondents and quotes from them. Quotes are re-read from the transcripts,
 * trimmed at sentence boundaries, and (unless redact is 0) masked for personal data
 * (nlp/redact.h). The methods are described in README.md, "What run does".
 *
 * Tables (engine/table.h), all owned by the rd_report:
 *   themes, segments, respondents, segment_themes, quotes, selection — exported as CSV,
 *   workbook sheets and model.json; names — the names.tsv rows. */
#ifndef RD_DESCRIBE_H
#define RD_DESCRIBE_H

#include <stddef.h>

#include "engine/csr.h"
#include "engine/represent.h"
#include "engine/segments.h"
#include "engine/status.h"
#include "engine/themes.h"
#include "io/read/files.h"
#include "io/write/names.h"
#include "io/read/reader.h"
#include "engine/table.h"
#include "nlp/textstage.h"
#include "nlp/cues.h"
#include "nlp/stopwords.h"

typedef struct {
    const rd_ts_result *ts;       /* COUNT result: paths, respondents, rows, vocab, cues */
    const rd_csr *x;              /* TF-IDF of the passages (rows as ts) */
    const rd_themes *th;
    const rd_segments *sg;
    const float *profile;         /* n_docs × T theme shares */
    const rd_reader_opts *ropts;    /* to re-read the files for quotes */
    const rd_stop *stop;          /* to analyse quote sentences like the corpus */
    const rd_cues *cues;
    const char *algo;             /* libstemmer algorithm */
    int redact;                   /* mask personal data in quotes */
    const rd_names *names;        /* persona names to carry over; NULL or empty: none */
    double name_min_sim;          /* a name moves only to a segment at least this similar */
} rd_describe_in;

enum { RD_REPORT_TABLES = 6 };

typedef struct {
    rd_table *t[RD_REPORT_TABLES]; /* themes, segments, respondents, segment_themes,
                                      quotes, selection */
    rd_table *names;               /* segment, name, top_terms */
    rd_strlist notes;              /* messages for the user (names that found no segment) */
    size_t names_matched, names_unmatched;
} rd_report;

/* Builds every table. *out is zero-initialised by the caller; rd_report_free releases it. */
rd_status rd_describe(const rd_describe_in *in, rd_report *out, rd_err *err);
void rd_report_free(rd_report *r);

#endif
