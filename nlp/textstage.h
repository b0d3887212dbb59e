/* nlp/textstage.h — the text half of the pipeline, over a list of sources, in parallel.
 *
 * Phase 1 (parallel, engine/pool.h): each source is loaded through the caller's load
 * function (io/read/reader.h reads, decodes and parses files; tests hand in text from
 * memory), which refuses what is not a usable transcript. A "doc" is one respondent: a
 * unit of a source (a file, or an id in a CSV file). Every problem is collected, one per
 * source; unless skip_bad is set, any problem stops the stage before anything is printed
 * or analysed.
 * In COUNT mode each source is analysed as soon as it is loaded, on the same worker: its
 * respondent passages are counted (df, tf per term; with `matrix`, each passage's term
 * counts) against that worker's own term ids, and the workers' counts are merged into
 * one vocabulary (and matrix) afterwards; the result is the same for any number of
 * threads.
 * Phase 2 (parallel, VISIT): the caller's visit function renders each doc into a buffer
 * (with the worker's analyser); the buffers are handed to `emit` in doc order, so the
 * output does not depend on the thread count.
 * Respondent ids: a unit's id when it has one (CSV), else the source name's last component
 * without its extension; where two docs would share an id, the name without extension
 * (and without a leading "./"), followed for CSV ids by "/" and the id. The result keeps
 * them twice: `source_id` stays, `respondent` is what the outputs show (run replaces an id
 * that carries a person's name by a pseudonym, io/cli/privacy.h). */
#ifndef RD_TEXTSTAGE_H
#define RD_TEXTSTAGE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/csr.h"
#include "engine/lists.h"
#include "engine/status.h"
#include "engine/strbuf.h"
#include "nlp/analyse.h"
#include "nlp/cues.h"
#include "nlp/journey.h"
#include "nlp/people.h"
#include "nlp/frames.h"
#include "nlp/source.h"
#include "nlp/stopwords.h"
#include "nlp/vocab.h"

typedef enum { RD_TS_VISIT, RD_TS_COUNT } rd_ts_mode;

/* Loads source i into *out (zero-initialised; the stage frees it with rd_source_free, also
 * after an error) on worker `worker` (0..threads-1: the caller may keep scratch per worker;
 * a COUNT-mode transcript may borrow from it, as the stage is done with it before the
 * worker's next load). Errors name the source. */
typedef rd_status (*rd_ts_load_fn)(void *ctx, size_t i, int worker, rd_source *out, rd_err *err);
/* VISIT: renders doc u (respondent id resp, of source name src) into out, on worker
 * `worker` whose analyser is an (built with the stage's stop words, stemmer and cues). */
typedef rd_status (*rd_ts_visit_fn)(void *ctx, const rd_unit *u, const char *resp,
                                    const char *src, rd_an *an, rd_buf *out, rd_err *err);
/* VISIT: consumes one doc's rendering, in doc order, on the calling thread. */
typedef rd_status (*rd_ts_emit_fn)(void *ctx, const char *buf, size_t n, rd_err *err);

typedef struct {
    size_t n;                 /* sources */
    const char *const *name;  /* their names (file paths): messages and respondent ids */
    rd_ts_load_fn load;
    void *ctx;
    rd_ts_load_fn sample_load;  /* may be NULL (then load): loads a source for phase 0
                                   (rd_ts_opts.learn) without what load does besides
                                   loading, such as counting evidence over the corpus */
    void *sample_ctx;
} rd_ts_sources;

typedef struct {
    rd_ts_mode mode;
    int threads;
    const rd_stop *stop;           /* borrowed */
    const char *algo;              /* libstemmer algorithm name */
    const rd_cues *cues;           /* borrowed, may be NULL: COUNT records cue counts */
    const rd_journey *journey;     /* borrowed, may be NULL: COUNT with matrix records each
                                      row's journey cue counts per stage (nlp/journey.h) */
    _Atomic size_t *progress;      /* may be NULL: incremented once per source loaded */
    int skip_bad;
    int matrix;                    /* COUNT: also build the passage x term count matrix and
                                      the row_* arrays (run); vocab needs only df and tf */
    uint64_t min_df;               /* COUNT: keep terms in at least min_df passages */
    double max_df;                 /* COUNT: and in at most this fraction of them */
    rd_people *people;             /* COUNT, may be NULL: names of people are counted and
                                      decided (nlp/people.h) and never become terms */
    unsigned learn;                /* RD_FR_* (nlp/frames.h): what to learn from a sample of
                                      the sources before anything is counted or visited
                                      (phase 0: the sample's sources are read twice); the
                                      analysers then drop frame and formula words and join
                                      phrases. 0: nothing */
    const rd_frames *frames;       /* borrowed, may be NULL: with learn 0, what a saved run
                                      learned (classify): the analysers use it as their own */
    rd_ts_visit_fn visit;          /* VISIT */
    rd_ts_emit_fn emit;            /* VISIT */
    void *visit_ctx;               /* passed to visit and emit */
} rd_ts_opts;

/* source, respondent, source_id, names, id_personal, doc_unit and the attributes are left
 * NULL (n_attr 0) in COUNT mode without matrix: a term table needs no respondents. */
typedef struct {
    size_t n_docs;          /* docs analysed (bad sources skipped) */
    char **source;          /* per doc: its source's name */
    char **respondent;      /* per doc: file name without extension, or its CSV id (with
                               the path in front where two docs would share one) */
    char **source_id;       /* per doc: the respondent id the source gives (as `respondent`
                               is made); it stays when the caller replaces `respondent` by a
                               pseudonym, and is what ids given by the user match on */
    char **names;           /* per doc: its unit's personal names to mask (nlp/source.h), or
                               NULL */
    unsigned char *id_personal; /* per doc: its unit's id is personal data (nlp/source.h) */
    uint32_t *doc_unit;     /* per doc: its unit in the source (0 unless CSV) */
    size_t bytes;           /* bytes read from the analysed sources */
    size_t n_passages;      /* all passages, both roles */
    size_t n_rows;          /* respondent passages: the matrix rows */
    uint32_t *row_doc;      /* COUNT with matrix: per row, its doc */
    uint32_t *row_passage;  /* COUNT with matrix: per row, passage number within the doc */
    uint32_t *row_line;     /* COUNT with matrix: per row, source line */
    uint16_t *row_cues;     /* COUNT with matrix: per row, RD_AN_CUE_SLOTS counts: cue words per kind
                               (nlp/cues.h), then word tokens; all zero without cues */
    size_t n_stages;        /* COUNT with matrix and a journey: its stages; else 0 */
    uint16_t *row_stage;    /* n_stages > 0: per row, 2 × n_stages journey cue counts: the
                               passage's own per stage, then those of the question it
                               answers (the interviewer turns since the respondent's
                               previous turn; the same for the chunks of one long turn) */
    rd_vocab *vocab;        /* COUNT: pruned vocabulary */
    rd_csr *counts;         /* COUNT with matrix: n_rows × vocabulary raw counts */
    size_t n_attr;          /* respondent attributes: the other columns of CSV files */
    char **attr_name;       /* n_attr names, in order of first appearance */
    char **attr;            /* n_docs × n_attr values; NULL where a doc's file lacks it */
    rd_frames *frames;      /* what was learned (o->learn), or NULL; the analysers of the
                               stage used it, and a later analysis of the same corpus
                               (quotes: nlp/quotetext.h) should too */
    rd_errlist skipped;     /* problems of sources left out under skip_bad */
    rd_errlist notes;       /* warnings about sources that were read (e.g. converted from
                               Windows-1252, CSV rows without an answer) */
    double t_learn_s;       /* wall time: phase 0 (o->learn) */
    double t_read_s;        /* wall time: load (and in COUNT mode analyse) */
    double t_analyse_s;     /* wall time: visit and emit (VISIT) */
    double t_merge_s;       /* wall time: COUNT merge into vocabulary and matrix */
} rd_ts_result;

/* Monotonic wall-clock seconds. */
double rd_ts_now(void);

/* Runs the stage over the sources. Problems with individual sources go to problems (and the
 * return is the most telling of their codes: RD_ENOINPUT before RD_EUTF8/RD_EDATA before
 * RD_EIO) unless skip_bad moves them to out->skipped. *out is zero-initialised by the
 * caller and released with rd_ts_result_free. */
rd_status rd_ts_run(const rd_ts_sources *src, const rd_ts_opts *o, rd_ts_result *out,
                    rd_errlist *problems, rd_err *err);
void rd_ts_result_free(rd_ts_result *r);


/* Test hook: a worker's (term, count) pairs are kept in chunks of 2^rd__ts_pair_shift
 * (default 20; the merge gives chunks back as it fills the matrix). Unit tests make it
 * small, so that rows span chunks and chunks are given back mid-merge. Set it only while
 * no text stage runs. */
extern unsigned rd__ts_pair_shift;

#endif
