/* io/run.h — `rodedraad run`: from the text stage's counts to themes, segments and the
 * output tables in OUTDIR.
 *
 * Steps: TF-IDF of the passages (engine/tfidf) → themes by NMF (engine/themes) → one
 * row per respondent (theme profile and/or LSA, engine/segments) → segments by k-means
 * with automatic k and stability (engine/segments) → descriptions (top terms, lifts,
 * quotes re-read from the transcripts) → CSV tables written to temporary files in
 * OUTDIR and renamed into place only when all of them are complete. */
#ifndef RD_RUN_H
#define RD_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "engine/segments.h"
#include "engine/status.h"
#include "io/textstage.h"

typedef struct {
    const char *outdir;
    int force;           /* write into a non-empty OUTDIR */
    size_t segments;     /* 0 = automatic */
    size_t themes;       /* 0 = automatic */
    uint64_t seed;
    int threads;
    rd_rep rep;          /* respondent representation */
    rd_transcript_opts topts; /* to re-read quotes */
} rd_run_opts;

typedef struct {
    double t_tfidf_s, t_themes_s, t_rep_s, t_segments_s, t_describe_s, t_write_s;
    size_t n_terms, nnz, themes, segments, nmf_iters, nmf_fit_rows;
    int nmf_converged;
    double nmf_rel_err, ari, silhouette;
    double peak_mb[5]; /* peak RSS after tfidf, themes, represent, segments, describe */
    char files[256];    /* the files written, space-separated */
} rd_run_stats;

/* Checks OUTDIR before any work: creates it when missing (its parent must exist);
 * RD_EOUTPUT when it cannot be created or written, or is not empty and force is 0. */
rd_status rd_run_prepare_outdir(const char *outdir, int force, rd_err *err);

/* Runs the analysis on ts (a COUNT-mode text stage result; its counts are consumed) and
 * writes the tables. */
rd_status rd_run_analyse(rd_ts_result *ts, const rd_run_opts *o, rd_run_stats *st, rd_err *err);

#endif
