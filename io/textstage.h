/* io/textstage.h — the text half of the pipeline, over a list of files, in parallel.
 *
 * Phase 1 (parallel): read each file, decode it (io/decode.h) or extract a document's
 * text (io/docx.h), refuse what is not a usable transcript (empty, binary, invalid
 * UTF-8, a line over 16 MB, no respondent text), parse it by its extension: .docx/.odt
 * and anything else as text with speaker turns (io/read/text.h), .vtt/.srt as
 * subtitles (io/subtitle.h), .csv/.tsv as one respondent per id (io/csvin.h).
 * A "doc" is one respondent: a file, or an id in a CSV file.
 * Every problem is collected, one per file; unless skip_bad is set, any problem stops the
 * stage before anything is printed or analysed.
 * In COUNT mode each file is analysed as soon as it is read, on the same worker: its
 * respondent passages are counted (df, tf per term; with `matrix`, each passage's term
 * counts) against that worker's own term ids, and the workers' counts are merged into
 * one vocabulary (and matrix) afterwards; the result is the same for any number of
 * threads.
 * Phase 2 (parallel, INSPECT and TOKENS): analyse the passages; each file's TSV lines are
 * handed to `emit` in file order. */
#ifndef RD_TEXTSTAGE_H
#define RD_TEXTSTAGE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/csr.h"
#include "engine/status.h"
#include "io/read/files.h"
#include "io/read/text.h"
#include "nlp/analyse.h"
#include "nlp/cues.h"
#include "nlp/stopwords.h"
#include "nlp/vocab.h"

typedef enum { RD_TS_INSPECT, RD_TS_TOKENS, RD_TS_COUNT } rd_ts_mode;

typedef rd_status (*rd_ts_emit_fn)(void *ctx, const char *buf, size_t n, rd_err *err);

typedef struct {
    rd_ts_mode mode;
    int threads;
    size_t max_file_bytes;
    const rd_stop *stop;           /* borrowed */
    const char *algo;              /* libstemmer algorithm name */
    const rd_cues *cues;           /* borrowed, may be NULL: COUNT records cue counts */
    _Atomic size_t *progress;      /* may be NULL: incremented once per file read */
    rd_labels_opts labels;
    const char *csv_id;            /* CSV: the id column's header, NULL to recognise it */
    const char *csv_text;          /* CSV: the text column's header, NULL to recognise it */
    int skip_bad;
    int matrix;                    /* COUNT: also build the passage x term count matrix and
                                      the row_* arrays (run); vocab needs only df and tf */
    uint64_t min_df;               /* COUNT: keep terms in at least min_df passages */
    double max_df;                 /* COUNT: and in at most this fraction of them */
    rd_ts_emit_fn emit;            /* INSPECT, TOKENS */
    void *emit_ctx;
} rd_ts_opts;

/* path, respondent, doc_unit and the attributes are left NULL (n_attr 0) in COUNT mode
 * without matrix: a term table needs no respondents. */
typedef struct {
    size_t n_docs;          /* files analysed (bad ones skipped) */
    char **path;            /* per doc */
    char **respondent;      /* per doc: file name without extension, or its CSV id (with
                               the path in front where two docs would share one) */
    uint32_t *doc_unit;     /* per doc: its unit in the file (io/reader.h; 0 unless CSV) */
    size_t bytes;           /* bytes read from the analysed files */
    size_t n_passages;      /* all passages, both roles */
    size_t n_rows;          /* respondent passages: the matrix rows */
    uint32_t *row_doc;      /* COUNT with matrix: per row, its doc */
    uint32_t *row_passage;  /* COUNT with matrix: per row, passage number within the doc */
    uint32_t *row_line;     /* COUNT with matrix: per row, source line */
    uint16_t *row_cues;     /* COUNT with matrix: per row, RD_AN_CUE_SLOTS counts: cue words per kind
                               (nlp/cues.h), then word tokens; all zero without cues */
    rd_vocab *vocab;        /* COUNT: pruned vocabulary */
    rd_csr *counts;         /* COUNT with matrix: n_rows × vocabulary raw counts */
    size_t n_attr;          /* respondent attributes: the other columns of CSV files */
    char **attr_name;       /* n_attr names, in order of first appearance */
    char **attr;            /* n_docs × n_attr values; NULL where a doc's file lacks it */
    rd_errlist skipped;     /* problems of files left out under skip_bad */
    rd_errlist notes;       /* warnings about files that were read (e.g. converted from
                               Windows-1252, CSV rows without an answer) */
    double t_read_s;        /* wall time: read, check, parse (and in COUNT mode analyse) */
    double t_analyse_s;     /* wall time: analyse and emit (INSPECT, TOKENS) */
    double t_merge_s;       /* wall time: COUNT merge into vocabulary and matrix */
} rd_ts_result;

/* Monotonic wall-clock seconds. */
double rd_ts_now(void);

/* Runs the stage over files. Problems with individual files go to problems (and the
 * return is the most telling of their codes: RD_ENOINPUT before RD_EUTF8/RD_EDATA before
 * RD_EIO) unless skip_bad moves them to out->skipped. *out is zero-initialised by the
 * caller and released with rd_ts_result_free. */
rd_status rd_ts_run(const rd_strlist *files, const rd_ts_opts *o, rd_ts_result *out,
                    rd_errlist *problems, rd_err *err);
void rd_ts_result_free(rd_ts_result *r);

#endif
