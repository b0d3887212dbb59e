/* io/cli/run.h — `rodedraad run`: from the text stage's counts to themes, segments and the
 * output files in OUTDIR.
 *
 * Steps: LSA of the respondents (engine/segments) → TF-IDF of the passages
 * (engine/tfidf) → themes by NMF (engine/themes) → theme profiles → segments by k-means
 * with automatic k and stability (engine/segments) → descriptions, quotes, motivations,
 * tensions and persona names (io/describe) → exports (CSV, workbook, model.json,
 * names.tsv) into the staging folder of OUTDIR (io/outdir), which the caller commits. */
#ifndef RD_RUN_H
#define RD_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "engine/represent.h"
#include "engine/status.h"
#include "io/read/files.h"
#include "io/write/manifest.h"
#include "io/write/names.h"
#include "io/read/reader.h"
#include "io/write/outdir.h"
#include "io/cli/progress.h"
#include "io/textstage.h"
#include "nlp/cues.h"
#include "nlp/stopwords.h"

enum { RD_FMT_CSV = 1, RD_FMT_XLSX = 2, RD_FMT_JSON = 4 };

/* Every file name run may write (for rd_outdir_begin). */
extern const char *const rd_run_owned[];
extern const size_t rd_run_n_owned;

typedef struct {
    rd_outdir *outdir;   /* begun by the caller; run writes into its stage */
    unsigned formats;    /* RD_FMT_* (names.tsv is always written) */
    int redact;
    size_t segments;     /* 0 = automatic */
    size_t themes;       /* 0 = automatic */
    uint64_t seed;
    int threads;
    rd_represent_kind rep;          /* respondent representation */
    rd_read_opts ropts;       /* to re-read quotes: the text stage's reading options */
    const rd_stop *stop;
    const rd_cues *cues;
    const char *algo;
    const rd_names *names;     /* may be NULL */
    const rd_manifest *manifest; /* program, versions, options; run adds results, inputs */
    rd_progress *progress;     /* may be NULL */
} rd_run_opts;

typedef struct {
    double t_tfidf_s, t_themes_s, t_rep_s, t_segments_s, t_describe_s, t_write_s;
    size_t n_terms, nnz, themes, segments, nmf_iters, nmf_fit_rows;
    int nmf_converged;
    double nmf_rel_err, ari, silhouette;
    double peak_mb[5]; /* peak RSS after tfidf, themes, represent, segments, describe */
    char files[512];    /* the files written, space-separated */
    size_t names_matched, names_unmatched;
    rd_strlist notes;   /* messages for the user; the caller frees it */
} rd_run_stats;

/* Runs the analysis on ts (a COUNT-mode text stage result; its counts are consumed) and
 * writes the outputs into o->outdir's stage. */
rd_status rd_run_analyse(rd_ts_result *ts, const rd_run_opts *o, rd_run_stats *st, rd_err *err);

#endif
