/* io/cli/run.c — see run.h. */
#include "io/cli/run.h"

#include <errno.h>
#include <signal.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "engine/analysis.h"
#include "engine/blas.h"
#include "engine/pool.h"
#include "engine/select.h"
#include "engine/work.h"
#include "io/cli/account.h"
#include "io/cli/cards.h"
#include "io/cli/attributes.h"
#include "io/cli/inputs.h"
#include "io/cli/previous.h"
#include "io/cli/interrupt.h"
#include "io/cli/privacy.h"
#include "io/cli/progress.h"
#include "io/cli/describing.h"
#include "io/cli/qda.h"
#include "io/cli/saved.h"
#include "io/read/files.h"
#include "io/read/model.h"
#include "io/read/pathname.h"
#include "io/read/reader.h"
#include "io/write/csv.h"
#include "io/write/json.h"
#include "io/write/manifest.h"
#include "io/write/names.h"
#include "io/write/outdir.h"
#include "io/write/qdpx.h"
#include "io/write/report.h"
#include "io/write/tsv.h"
#include "io/write/xlsx.h"
#include "nlp/normalise.h"
#include "nlp/stem.h"

#ifndef RD_VERSION
#define RD_VERSION "0.0.0"
#endif

typedef struct {
    rd_outdir *outdir;   /* begun by the caller; run writes into its stage */
    unsigned formats;    /* RD_FMT_* (names.tsv is always written) */
    rd_csv_dialect csv_dialect;
    int redact;
    size_t segments;     /* 0 = automatic */
    size_t themes;       /* 0 = automatic */
    uint64_t seed;
    int threads;
    rd_represent_kind rep;        /* respondent representation */
    double context;               /* --context (engine/themes.h) */
    rd_reader_opts ropts;         /* to re-read quotes: the text stage's reading options */
    const rd_stop *stop;
    const rd_cues *cues;
    const rd_journey *journey;    /* may be NULL: --journey none */
    const char *algo;
    const rd_names *names;        /* may be NULL */
    const rd_codebook *codebook;  /* --codebook, or NULL */
    const char *codebook_shown;   /* its path as shown */
    const rd_manifest *manifest;  /* program, versions, options; run adds results, inputs */
    const char *const *doc_path;  /* per doc: its file's path as found, to read and hash */
    rd_progress *progress;        /* may be NULL */
    const rd_cli_priv *priv;      /* pseudonyms: shown sources, names to mask */
    const rd_cli_attr_join *attr_join; /* --attributes: how its rows met the respondents;
                                          NULL without the option */
    const rd_cli_previous *previous;   /* --previous: the previous wave, or NULL */
} run_opts;

typedef struct {
    double t_tfidf_s, t_themes_s, t_rep_s, t_segments_s, t_describe_s, t_write_s;
    size_t n_terms, nnz, themes, segments, nmf_iters, nmf_fit_rows;
    int nmf_converged;
    double nmf_rel_err, ari, silhouette;
    double peak_mb[5]; /* peak RSS after tfidf, themes, represent, segments, describe */
    double gflop[3], gb[3]; /* the kernels' work (engine/work.h) in represent, themes and
                               segments: 10^9 operations, 10^9 bytes */
    char files[512];    /* the files written, space-separated */
    size_t names_matched, names_unmatched;
    rd_strlist notes;   /* messages for the user */
    rd_cli_wave wave;   /* --previous: what the comparison found */
    int fresh_k;        /* --previous with a -k other than the previous wave's */
} run_stats;

/* Everything one run holds, released by run_free. */
typedef struct {
    const rd_cli_opts *op;
    rd_files_set files;
    rd_cli_unused unused;   /* files found and not used, for the manifest */
    const char **doc_path;  /* per doc: its file's path as found */
    rd_strlist shown;       /* option values as shown in the manifest */
    rd_stop *stop;
    rd_cues *cues;
    rd_journey *journey;
    rd_names names;
    rd_codebook codebook;
    char *codebook_shown;
    rd_outdir *od;
    rd_progress *prog;
    rd_ts_result res;
    rd_cli_priv *priv;
    rd_cli_key key;
    rd_attrfile attrs;       /* --attributes */
    rd_cli_attr_join attr_join;
    rd_cli_previous prev;    /* --previous */
    run_stats st;
    char *command;
    double t0, t_discover, text_peak_mb;
} run;

static double peak_mb(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss / 1024.0 : 0.0;
}

/* Every file name rodedraad may write into OUTDIR (io/write/outdir.h: these are replaced or
 * dropped on --force; other files are kept). */
static const char *const owned[] = {"themes.csv", "segments.csv", "respondents.csv",
                                    "segment_themes.csv", "quotes.csv", "selection.csv",
                                    "passages.csv", "journey.csv", "cards.csv",
                                    "attributes.csv", "rodedraad.xlsx", "model.json",
                                    "names.tsv", "report.html", "rodedraad.qdpx",
                                    "themes.qdc", "shifts.csv", RD_MODEL_FILE};
static const size_t n_owned = sizeof owned / sizeof *owned;

static rd_status stage_path(const run_opts *o, const char *name, char *buf, size_t cap,
                            rd_err *err)
{
    int k = snprintf(buf, cap, "%s/%s", rd_outdir_stage(o->outdir), name);
    if (k < 0 || (size_t)k >= cap)
        return rd_fail(err, RD_EOUTPUT, "%s: output folder path too long", rd_outdir_stage(o->outdir));
    return RD_OK;
}

/* The formats written as one file holding every table and the manifest, in this order. */
struct report_file {
    unsigned format; /* RD_FMT_* */
    const char *file;
    rd_status (*write)(const char *path, const rd_table *const *tables, size_t n,
                       const rd_manifest *m, int threads, rd_err *err);
};

/* model.json is written on one thread. */
static rd_status write_json(const char *path, const rd_table *const *tables, size_t n,
                            const rd_manifest *m, int threads, rd_err *err)
{
    (void)threads;
    return rd_json_write(path, tables, n, m, err);
}

static const struct report_file report_files[] = {
    {RD_FMT_XLSX, "rodedraad.xlsx", rd_xlsx_write}, {RD_FMT_JSON, "model.json", write_json}};

/* The manifest's inputs: every file the respondents came from, once, in their order (a
 * survey's respondents share a file and follow each other), with its SHA-256, its path as
 * shown (pseudonymised where it carries a name). */
static rd_status hash_inputs(const run_opts *o, size_t n_docs, rd_manifest *man, rd_err *err)
{
    rd_status rc = RD_OK;
    const char **path = malloc((n_docs + 1) * sizeof *path);
    size_t *doc = malloc((n_docs + 1) * sizeof *doc), n = 0;
    if (!path || !doc) {
        rc = rd_fail(err, RD_ENOMEM, "manifest inputs of %zu respondents", n_docs);
        goto done;
    }
    for (size_t d = 0; d < n_docs; d++)
        if (n == 0 || strcmp(o->doc_path[d], path[n - 1]) != 0) {
            path[n] = o->doc_path[d];
            doc[n++] = d;
        }
    if ((rc = rd_manifest_hash_inputs(man, path, n, o->threads, err)) == RD_OK)
        rc = rd_cli_priv_show_inputs(o->priv, man, doc, err);
done:
    free(path);
    free(doc);
    return rc;
}

/* The REFI-QDA project (rodedraad.qdpx) and codebook (themes.qdc) into the stage
 * (io/cli/qda.h): needs the passages table, and each file is read again. */
static rd_status export_qdpx(const rd_ts_result *ts, const rd_description *rep,
                             const run_opts *o, rd_err *err)
{
    char path[4352];
    rd_qdpx *p = NULL;
    rd_cli_qda_in in = {.ts = ts, .rep = rep, .ropts = &o->ropts, .doc_path = o->doc_path,
                        .shown_source = rd_cli_priv_shown(o->priv),
                        .mask_names = rd_cli_priv_masks(o->priv), .stop = o->stop,
                        .cues = o->cues, .algo = o->algo,
                        .people = rd_cli_priv_people(o->priv), .redact = o->redact,
                        .origin = "rodedraad " RD_VERSION};
    rd_status rc = rd_cli_qda_build(&in, &p, err);
    if (rc == RD_OK && (rc = stage_path(o, "rodedraad.qdpx", path, sizeof path, err)) == RD_OK)
        rc = rd_qdpx_write(p, path, err);
    if (rc == RD_OK && (rc = stage_path(o, "themes.qdc", path, sizeof path, err)) == RD_OK)
        rc = rd_qdpx_write_codebook(p, path, err);
    rd_qdpx_free(p);
    return rc;
}

/* One output file of export_all's second part: a CSV or TSV table, a whole-report file
 * (report_files[report]), report.html or passages.csv. */
typedef enum { OUT_CSV, OUT_TSV, OUT_REPORT, OUT_HTML, OUT_PASSAGES } out_kind;

typedef struct {
    char name[64];
    out_kind kind;
    const rd_table *t; /* OUT_CSV, OUT_TSV */
    size_t report;     /* OUT_REPORT */
} out_job;

typedef struct {
    const run_opts *o;
    rd_description *rep; /* for passages.csv */
    const rd_table *const *all;
    size_t n_all;
    const rd_manifest *man;
    const rd_report_in *page;
    const out_job *job;
    const size_t *order; /* item i of the pool writes job[order[i]] */
    rd_status *rc;       /* per job */
    rd_err *err;         /* per job */
} out_ctx;

/* rd_csv_write_batches' filler for passages.csv. */
static rd_status passage_rows(void *ctx, size_t from, size_t to, rd_table *t, rd_err *err)
{
    return rd_describe_passages(ctx, from, to, t, err);
}

/* passages.csv: a row per passage, made and written 4,096 at a time, never held whole. */
static rd_status write_passages(const char *path, rd_description *rep, const run_opts *o,
                                rd_err *err)
{
    rd_table *pt = rd_describe_passages_table();
    if (!pt)
        return rd_fail(err, RD_ENOMEM, "passages table");
    rd_status rc = rd_csv_write_batches(path, pt, rep->passages.P, 4096, passage_rows, rep,
                                        o->csv_dialect, err);
    rd_table_free(pt);
    return rc;
}

static void out_item(void *ctx, size_t item, int worker)
{
    out_ctx *c = ctx;
    size_t i = c->order[item];
    const out_job *j = &c->job[i];
    char path[4352];
    rd_err *err = &c->err[i];
    (void)worker;
    rd_status rc = stage_path(c->o, j->name, path, sizeof path, err);
    if (rc == RD_OK) {
        switch (j->kind) {
        case OUT_CSV: rc = rd_csv_write(path, j->t, c->o->csv_dialect, err); break;
        case OUT_TSV: rc = rd_tsv_write_table(path, j->t, err); break;
        case OUT_REPORT:
            rc = report_files[j->report].write(path, c->all, c->n_all, c->man, c->o->threads,
                                               err);
            break;
        case OUT_HTML: rc = rd_report_write(path, c->page, err); break;
        case OUT_PASSAGES: rc = write_passages(path, c->rep, c->o, err); break;
        }
    }
    c->rc[i] = rc;
}

/* Writes the report in the formats asked for into the stage (CSV files, the whole-report
 * files, report.html, names.tsv, the REFI-QDA project); names the files in st. page: what
 * report.html shows besides the tables (its t and n_tables are set here). First the
 * REFI-QDA project, which makes the passages table whole for itself; then every other
 * file at once, -j of them side by side (each file is written by one thread and its bytes
 * do not depend on the others; the largest start first: the whole-report files, then
 * passages.csv, made a batch of rows at a time). */
static rd_status export_all(const rd_ts_result *ts, rd_description *rep, const rd_table *attrs,
                            const rd_table *shifts, const run_opts *o, rd_manifest *man,
                            rd_report_in *page, run_stats *st, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t k = 0;
    /* the description's tables, then the attributes when there are any */
    const rd_table *all[RD_DESCRIBE_TABLES + 3]; /* the description's (the journey's when
                                                    there is one), the attributes, the cards,
                                                    the shifts */
    size_t n_all = rep->n_tables;
    for (size_t i = 0; i < rep->n_tables; i++)
        all[i] = rep->t[i];
    if (attrs)
        all[n_all++] = attrs;
    st->files[0] = '\0';
#define NOTE_FILE(nm)                                                                            \
    do {                                                                                         \
        int w_ = snprintf(st->files + k, sizeof st->files - k, "%s%s", k ? " " : "", nm);        \
        if (w_ > 0 && (size_t)w_ < sizeof st->files - k)                                        \
            k += (size_t)w_;                                                                     \
    } while (0)
    if ((o->formats & RD_FMT_QDPX) && (rc = export_qdpx(ts, rep, o, err)) != RD_OK)
        return rc;
    if (rep->cards)
        all[n_all++] = rep->cards;
    if (shifts)
        all[n_all++] = shifts;
    page->t = all;
    page->n_tables = n_all;

    /* the other files, in the order they are named */
    out_job job[RD_DESCRIBE_TABLES + 10];
    size_t n = 0;
#define ADD_JOB(kind_, t_, report_, ...)                                                         \
    do {                                                                                         \
        job[n] = (out_job){.kind = (kind_), .t = (t_), .report = (report_)};                     \
        snprintf(job[n++].name, sizeof job->name, __VA_ARGS__);                                  \
    } while (0)
    if (o->formats & RD_FMT_CSV) {
        for (size_t i = 0; i < rep->n_tables; i++)
            ADD_JOB(OUT_CSV, rep->t[i], 0, "%s.csv", rep->t[i]->name);
        ADD_JOB(OUT_PASSAGES, NULL, 0, "passages.csv");
        if (rep->cards)
            ADD_JOB(OUT_CSV, rep->cards, 0, "cards.csv");
        if (attrs)
            ADD_JOB(OUT_CSV, attrs, 0, "attributes.csv");
        if (shifts)
            ADD_JOB(OUT_CSV, shifts, 0, "shifts.csv");
    }
    for (size_t i = 0; i < sizeof report_files / sizeof *report_files; i++)
        if (o->formats & report_files[i].format)
            ADD_JOB(OUT_REPORT, NULL, i, "%s", report_files[i].file);
    if (o->formats & RD_FMT_HTML)
        ADD_JOB(OUT_HTML, NULL, 0, "report.html");
    ADD_JOB(OUT_TSV, rep->names, 0, "names.tsv");
#undef ADD_JOB
    size_t order[RD_DESCRIBE_TABLES + 10], m = 0;
    /* the whole-report files, passages.csv, report.html, the rest */
    static const out_kind first[] = {OUT_REPORT, OUT_PASSAGES, OUT_HTML};
    for (size_t pass = 0; pass <= 3; pass++)
        for (size_t i = 0; i < n; i++) {
            size_t f = 0;
            while (f < 3 && job[i].kind != first[f])
                f++;
            if (f == pass)
                order[m++] = i;
        }
    rd_status rcs[RD_DESCRIBE_TABLES + 10];
    rd_err errs[RD_DESCRIBE_TABLES + 10];
    out_ctx c = {o, rep, all, n_all, man, page, job, order, rcs, errs};
    if ((rc = rd_pool_run(n, o->threads, out_item, NULL, &c, err)) != RD_OK)
        return rc;
    for (size_t i = 0; i < n; i++) /* the first failure in the order the files are named */
        if (rcs[i] != RD_OK) {
            *err = errs[i];
            return rcs[i];
        }

    /* the description's CSV tables and passages.csv, the REFI-QDA files, the others */
    size_t csv_tables = o->formats & RD_FMT_CSV ? rep->n_tables + 1 : 0;
    for (size_t i = 0; i < csv_tables; i++)
        NOTE_FILE(job[i].name);
    if (o->formats & RD_FMT_QDPX) {
        NOTE_FILE("rodedraad.qdpx");
        NOTE_FILE("themes.qdc");
    }
    for (size_t i = csv_tables; i < n; i++)
        NOTE_FILE(job[i].name);
    NOTE_FILE(RD_MODEL_FILE); /* written by analyse right after the others */
#undef NOTE_FILE
    return RD_OK;
}

/* Stage timings and peak memory for RODEDRAAD_TIMINGS, and the progress line, as the
 * analysis announces its steps. */
typedef struct {
    const run_opts *o;
    run_stats *st;
    double t;                 /* when the current step started */
    double flops, bytes;      /* the kernels' work counters then (engine/work.h) */
    rd_analysis_step cur;
} step_clock;

/* The kernels' work since the current step started into stage i (0 represent, 1
 * themes, 2 segments). */
static void add_work(step_clock *c, int i, double flops, double bytes)
{
    c->st->gflop[i] += (flops - c->flops) / 1e9;
    c->st->gb[i] += (bytes - c->bytes) / 1e9;
}

static void on_step(void *ctx, rd_analysis_step s)
{
    step_clock *c = ctx;
    double now = rd_ts_now(), flops, bytes;
    rd_work_get(&flops, &bytes);
    if (s != RD_ANALYSIS_LSA) {
        double dt = now - c->t;
        switch (c->cur) {
        case RD_ANALYSIS_LSA:
            c->st->t_rep_s += dt;
            c->st->peak_mb[2] = peak_mb();
            add_work(c, 0, flops, bytes);
            break;
        case RD_ANALYSIS_TFIDF: c->st->t_tfidf_s = dt; c->st->peak_mb[0] = peak_mb(); break;
        case RD_ANALYSIS_THEMES:
            c->st->t_themes_s = dt;
            c->st->peak_mb[1] = peak_mb();
            add_work(c, 1, flops, bytes);
            break;
        case RD_ANALYSIS_REPRESENT: c->st->t_rep_s += dt; add_work(c, 0, flops, bytes); break;
        case RD_ANALYSIS_SEGMENTS:
            c->st->t_segments_s = dt;
            c->st->peak_mb[3] = peak_mb();
            add_work(c, 2, flops, bytes);
            break;
        case RD_ANALYSIS_DONE: break;
        }
    }
    c->flops = flops;
    c->bytes = bytes;
    if (s == RD_ANALYSIS_LSA)
        rd_progress_stage(c->o->progress, "LSA and TF-IDF");
    else if (s == RD_ANALYSIS_THEMES)
        rd_progress_stage(c->o->progress, "themes (NMF)");
    else if (s == RD_ANALYSIS_SEGMENTS)
        rd_progress_stage(c->o->progress, "segments (spectral)");
    c->cur = s;
    c->t = now;
}

/* The saved model (io/read/model.h) into the stage, for classify and later waves. */
static rd_status save_model(const rd_ts_result *ts, const rd_analysis *an,
                            const rd_description *rep, const run_opts *o,
                            const rd_cli_cards *cards, rd_err *err)
{
    static const char *const rep_names[] = {"profile", "lsa", "both"};
    char path[4352];
    rd_buf meta = {0};
    rd_buf_printf(&meta,
                  "program=rodedraad\nversion=%s\nstemmer_algorithm=%s\nlibstemmer_version=%s\n"
                  "unicode_version=%s\nrepresent=%s\nseed=%llu\nsegments=%zu\nthemes=%zu\n"
                  "theme_context=%g\n"
                  "respondents=%zu\npassages=%zu\nterms=%zu\nlsa_dimensions=%zu\n",
                  RD_VERSION, o->algo, rd_stem_library_version(), rd_norm_unicode_version(),
                  rep_names[an->rep], (unsigned long long)o->seed, an->sg.k, an->th.k,
                  (double)an->context,
                  ts->n_docs, an->n_passages, an->n_terms,
                  an->rep == RD_REP_PROFILE ? (size_t)0 : an->dims);
    if (meta.oom) {
        free(meta.s);
        return rd_fail(err, RD_ENOMEM, "the model");
    }
    rd_cli_saved_in in = {.stop = o->stop, .journey = o->journey, .codebook = o->codebook,
                          .cards = o->codebook ? cards : NULL,
                          .people = rd_cli_priv_people(o->priv), .meta = meta.s};
    rd_status rc = stage_path(o, RD_MODEL_FILE, path, sizeof path, err);
    if (rc == RD_OK && (rc = rd_cli_model_save(path, ts, an, rep, &in, err)) != RD_OK)
        rd_outdir_relabel(o->outdir, err);
    free(meta.s);
    return rc;
}

/* Runs the analysis on ts (its counts are consumed) and writes the outputs into o->outdir's
 * stage. */
static rd_status analyse(rd_ts_result *ts, const run_opts *o, run_stats *st, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_analysis an = {0};
    rd_description report = {0};
    rd_table *attrs = NULL, *shifts = NULL;
    size_t n_docs = ts->n_docs;
    double t0, t1;
    rd_classify_row *place = NULL; /* --previous: each respondent on the previous model */
    int32_t *init = NULL, *prev_of = NULL;
    double *sim = NULL;
    const char **carried = NULL;
    unsigned char *phr = NULL; /* the multi-word terms (rd_vocab_phrases) */
    uint32_t *phr_first = NULL, *phr_second = NULL;
    memset(st, 0, sizeof *st);
    if (!ts->counts || ts->counts->nnz == 0) {
        return rd_fail(err, RD_EDATA,
                       "no terms left to analyse: every word is a stop word, or --min-df/--max-df "
                       "pruned them all (%zu passages); lower --min-df or add transcripts",
                       ts->n_rows);
    }
    step_clock clock = {.o = o, .st = st};
    rd_cli_cards cards = {0};
    if (o->codebook &&
        (rc = rd_cli_cards_map(o->codebook, o->codebook_shown, ts, o->stop, o->algo,
                               RD_SELECT_CARD_WEIGHT, &cards, err)) != RD_OK)
        return rc;
    rd_analysis_opts ao = {.segments = o->segments, .themes = o->themes, .seed = o->seed,
                           .threads = o->threads, .rep = o->rep, .context = o->context,
                           .seeds = cards.seeds.n ? &cards.seeds : NULL,
                           .nmf_iters = rd_progress_iters(o->progress), .step = on_step,
                           .step_ctx = &clock};
    /* --previous: every respondent on the previous wave's segments, the start of this
     * wave's (with -k other than the previous k: segments found anew, then matched) */
    if (o->previous) {
        size_t K = o->previous->m.k;
        if (!(place = calloc(n_docs + 1, sizeof *place)) ||
            !(init = malloc((n_docs + 1) * sizeof *init))) {
            rc = rd_fail(err, RD_ENOMEM, "placing the respondents on the previous wave");
            goto done;
        }
        if ((rc = rd_cli_previous_place(o->previous, ts, o->threads, place, err)) != RD_OK)
            goto done;
        for (size_t i = 0; i < n_docs; i++)
            init[i] = place[i].segment;
        if (o->segments == 0 || o->segments == K) {
            ao.init = init;
            ao.init_k = K;
        } else {
            st->fresh_k = 1;
        }
    }
    if ((rc = rd_vocab_phrases(ts->vocab, &phr, &phr_first, &phr_second, err)) != RD_OK)
        goto done;
    ao.name_only = phr; /* fitted on words; the phrases name (engine/analysis.h) */
    if ((rc = rd_analysis_run(&ts->counts, ts->row_doc, n_docs, &ao, &an, err)) != RD_OK)
        goto done;
    if (o->previous) {
        size_t k = an.sg.k;
        if (!(prev_of = malloc((k + 1) * sizeof *prev_of)) ||
            !(sim = malloc((k + 1) * sizeof *sim)) ||
            !(carried = calloc(k + 1, sizeof *carried))) {
            rc = rd_fail(err, RD_ENOMEM, "matching the previous wave's segments");
            goto done;
        }
        if ((rc = rd_cli_previous_match(o->previous, place, &an.sg, prev_of, sim, err)) != RD_OK)
            goto done;
        for (size_t j = 0; j < k; j++)
            carried[j] = prev_of[j] >= 0 ? o->previous->m.seg_name[prev_of[j]] : NULL;
    }
    const rd_csr *x = an.x;
    size_t T = an.th.k;
    st->n_terms = x->n_cols;
    st->nnz = x->nnz;
    st->themes = T;
    st->nmf_iters = an.th.iters;
    st->nmf_converged = an.th.converged;
    st->nmf_rel_err = an.th.rel_err;
    st->nmf_fit_rows = an.th.fit_rows;
    st->segments = an.sg.k;
    st->ari = an.sg.ari;
    st->silhouette = an.sg.silhouette;
    t0 = rd_ts_now();

    rd_progress_stage(o->progress, "describing");
    rd_cli_describe_opts dop = {.ropts = &o->ropts, .stop = o->stop, .cues = o->cues,
                                .algo = o->algo, .redact = o->redact, .names = o->names,
                                .name_min_sim = RD_SELECT_NAME_MIN_SIM, .doc_path = o->doc_path,
                                .shown_source = rd_cli_priv_shown(o->priv),
                                .mask_names = rd_cli_priv_masks(o->priv),
                                .people = rd_cli_priv_people(o->priv), .journey = o->journey,
                                .cards = cards.info,
                                .n_cards = o->codebook ? o->codebook->n : 0,
                                .carried = carried, .phrase = phr,
                                .phrase_first = phr_first, .phrase_second = phr_second,
                                .threads = o->threads};
    if ((rc = rd_cli_describe(ts, &an, &dop, &report, err)) != RD_OK)
        goto done;
    st->names_matched = report.names_matched;
    st->names_unmatched = report.names_unmatched;
    for (size_t i = 0; i < report.notes.n; i++)
        if ((rc = rd_strlist_push(&st->notes, report.notes.v[i], err)) != RD_OK)
            goto done;
    /* the attributes per segment, from the respondents table (masked values) */
    for (size_t i = 0; i < report.n_tables; i++)
        if (strcmp(report.t[i]->name, "respondents") == 0 &&
            (rc = rd_cli_attributes_table(report.t[i], an.sg.k, o->seed, &attrs, err)) != RD_OK)
            goto done;
    if (o->previous &&
        (rc = rd_cli_previous_shifts(o->previous, ts, &an, &report, place, prev_of, sim,
                                     &shifts, &st->wave, err)) != RD_OK)
        goto done;
    t1 = rd_ts_now();
    st->t_describe_s = t1 - t0;
    st->peak_mb[4] = peak_mb();
    rd_analysis_release_passages(&an); /* the writing needs only x's shape */
    x = NULL;

    /* The manifest: what the caller filled in, the run's results, the inputs' SHA-256. */
    rd_manifest man = *o->manifest;
    rd_manifest_option res[] = {
        {"respondents", {.kind = RD_V_INT, .i = (long long)n_docs}},
        {"passages", {.kind = RD_V_INT, .i = (long long)an.n_passages}},
        {"terms", {.kind = RD_V_INT, .i = (long long)an.n_terms}},
        {"themes", {.kind = RD_V_INT, .i = (long long)T}},
        {"segments", {.kind = RD_V_INT, .i = (long long)an.sg.k}},
        {"nmf_iterations", {.kind = RD_V_INT, .i = (long long)an.th.iters}},
        {"nmf_converged", {.kind = RD_V_INT, .i = an.th.converged}},
        {"nmf_relative_error", {.kind = RD_V_NUM, .d = an.th.rel_err, .digits = 4}},
        {"nmf_fit_passages", {.kind = RD_V_INT, .i = (long long)an.th.fit_rows}},
        {"segment_stability_ari", {.kind = RD_V_NUM, .d = an.sg.ari, .digits = 4}},
        {"segment_silhouette", {.kind = RD_V_NUM, .d = an.sg.silhouette, .digits = 4}},
        {"names_matched", {.kind = RD_V_INT, .i = (long long)report.names_matched}},
        {"names_unmatched", {.kind = RD_V_INT, .i = (long long)report.names_unmatched}},
        {"skipped_files", {.kind = RD_V_INT, .i = (long long)ts->skipped.n}},
        {"pseudonyms", {.kind = RD_V_INT, .i = (long long)rd_cli_priv_count(o->priv)}},
        /* with --attributes only (the last three) */
        {"attributes_rows", {.kind = RD_V_INT, .i = o->attr_join ? (long long)o->attr_join->rows : 0}},
        {"attributes_unmatched_ids",
         {.kind = RD_V_INT, .i = o->attr_join ? (long long)o->attr_join->unmatched_ids : 0}},
        {"attributes_missing_respondents",
         {.kind = RD_V_INT, .i = o->attr_join ? (long long)o->attr_join->missing : 0}},
    };
    /* with --previous: the comparison with the previous wave */
    rd_manifest_option wave[] = {
        {"previous_segments", {.kind = RD_V_INT, .i = o->previous ? (long long)o->previous->m.k : 0}},
        {"segments_same", {.kind = RD_V_INT, .i = (long long)st->wave.same}},
        {"segments_new", {.kind = RD_V_INT, .i = (long long)st->wave.fresh}},
        {"segments_vanished", {.kind = RD_V_INT, .i = (long long)st->wave.vanished}},
        {"respondents_returning", {.kind = RD_V_INT, .i = (long long)st->wave.returning}},
        {"respondents_kept_segment", {.kind = RD_V_INT, .i = (long long)st->wave.kept}},
        {"respondents_moved", {.kind = RD_V_INT, .i = (long long)st->wave.moved}},
        {"respondents_no_fit", {.kind = RD_V_INT, .i = (long long)st->wave.no_fit}},
        {"segments_from_previous", {.kind = RD_V_INT, .i = o->previous && !st->fresh_k}},
    };
    rd_manifest_option results[sizeof res / sizeof *res + sizeof wave / sizeof *wave];
    size_t n_res = sizeof res / sizeof *res - (o->attr_join ? 0 : 3);
    memcpy(results, res, n_res * sizeof *res);
    if (o->previous) {
        memcpy(results + n_res, wave, sizeof wave);
        n_res += sizeof wave / sizeof *wave;
    }
    rd_progress_stage(o->progress, "writing");
    man.results = results;
    man.n_results = n_res;
    if ((o->formats & (RD_FMT_JSON | RD_FMT_XLSX)) &&
        (rc = hash_inputs(o, n_docs, &man, err)) != RD_OK)
        goto done;
    rd_report_in page = {
        .respondents = n_docs, .passages = an.n_passages, .terms = an.n_terms,
        .themes_auto = o->themes == 0, .segments_auto = o->segments == 0, .ari = an.sg.ari,
        .silhouette = an.sg.silhouette, .map = an.map,
        .projection = "de twee hoofdassen (PCA) van de LSA-weergave van de respondenten "
                      "(latente semantische analyse van hun woorden): de twee richtingen "
                      "waarin hun woordkeus het meest verschilt",
        .unused = man.unused, .n_unused = man.n_unused, .version = RD_VERSION, .seed = o->seed,
        .wave_returning = st->wave.returning, .wave_kept = st->wave.kept};
    if ((rc = export_all(ts, &report, attrs, shifts, o, &man, &page, st, err)) != RD_OK)
        rd_outdir_relabel(o->outdir, err); /* "OUTDIR/quotes.csv: …", not the stage */
    else
        rc = save_model(ts, &an, &report, o, &cards, err);
    rd_manifest_free_inputs(&man);
    if (rc != RD_OK)
        goto done;
    st->t_write_s = rd_ts_now() - t1;
done:
    rd_table_free(attrs);
    rd_table_free(shifts);
    free(place);
    free(init);
    free(prev_of);
    free(sim);
    free(carried);
    free(phr);
    free(phr_first);
    free(phr_second);
    rd_describe_free(&report);
    rd_analysis_free(&an);
    rd_cli_cards_free(&cards);
    return rc;
}

/* The command line for the manifest, with the output folder written as OUTDIR: the same
 * run into another folder gives the same files. Each argument as shown: a file whose name
 * carries a person's name with its pseudonym (io/cli/privacy.h), others as
 * io/read/pathname.h shows them, so that file names with invalid UTF-8 or controls stay
 * readable and model.json valid. NULL when out of memory. */
static char *command_line(const rd_cli_opts *op, const rd_cli_priv *priv)
{
    size_t cl = 1;
    for (int i = 0; i < op->argc; i++)
        cl += 4 * strlen(op->argv[i]) + 16; /* escapes at most quadruple; "OUTDIR" */
    char *command = malloc(cl);
    if (!command)
        return NULL;
    command[0] = '\0';
    for (int i = 0; i < op->argc; i++) {
        const char *a = op->argv[i];
        char *shown = NULL;
        if (i)
            strcat(command, " ");
        if (i > 0 && (strcmp(op->argv[i - 1], "-o") == 0 ||
                      strcmp(op->argv[i - 1], "--output") == 0))
            a = "OUTDIR";
        else if (strncmp(a, "--output=", 9) == 0)
            a = "--output=OUTDIR";
        else if (strncmp(a, "-o", 2) == 0 && a[2])
            a = "-oOUTDIR";
        else if ((a = rd_cli_priv_show_path(priv, a)) == op->argv[i] && !rd_pathname_plain(a) &&
                 !(a = shown = rd_pathname_show(a))) {
            free(command);
            return NULL;
        }
        strcat(command, a);
        free(shown);
    }
    return command;
}

/* The run's options for the manifest (m->options points into opts, m's strings into op,
 * fmt and command) and the versions of everything it ran on. A flat table. */
static void manifest_of(const rd_cli_opts *op, const char *command, char *fmt, rd_manifest_option *opts,
                        size_t n_opts, rd_manifest *m)
{
    static const char *const rep_names[] = {"profile", "lsa", "both"};
    if (op->formats & RD_FMT_XLSX)
        strcat(fmt, "xlsx,");
    if (op->formats & RD_FMT_CSV)
        strcat(fmt, "csv,");
    if (op->formats & RD_FMT_JSON)
        strcat(fmt, "json,");
    if (op->formats & RD_FMT_HTML)
        strcat(fmt, "html,");
    if (op->formats & RD_FMT_QDPX)
        strcat(fmt, "qdpx,");
    if (*fmt)
        fmt[strlen(fmt) - 1] = '\0';
    rd_manifest_option o[] = {
        {"segments", op->segments ? (rd_value){.kind = RD_V_INT, .i = op->segments}
                                  : (rd_value){.kind = RD_V_STR, .s = (char *)"auto"}},
        {"themes", op->themes ? (rd_value){.kind = RD_V_INT, .i = op->themes}
                              : (rd_value){.kind = RD_V_STR, .s = (char *)"auto"}},
        {"min_df", {.kind = RD_V_INT, .i = (long long)op->min_df}},
        {"max_df", {.kind = RD_V_NUM, .d = op->max_df, .digits = 6}},
        {"context", {.kind = RD_V_NUM, .d = op->context, .digits = 6}},
        {"represent", {.kind = RD_V_STR, .s = (char *)rep_names[op->represent]}},
        {"format", {.kind = RD_V_STR, .s = fmt}},
        {"csv_dialect", {.kind = RD_V_STR, .s = (char *)rd_csv_dialect_name(op->csv_dialect)}},
        {"redact", {.kind = RD_V_INT, .i = !op->no_redact}},
        {"names", op->names ? (rd_value){.kind = RD_V_STR, .s = (char *)op->names}
                            : (rd_value){.kind = RD_V_EMPTY}},
        {"stopword_files", {.kind = RD_V_INT, .i = (long long)op->stopwords.n}},
        {"cue_files", {.kind = RD_V_INT, .i = (long long)op->cues.n}},
        {"interviewer_labels", {.kind = RD_V_INT, .i = (long long)op->interviewers.n}},
        {"csv_id", op->csv_id ? (rd_value){.kind = RD_V_STR, .s = (char *)op->csv_id}
                              : (rd_value){.kind = RD_V_EMPTY}},
        {"csv_text", op->csv_text ? (rd_value){.kind = RD_V_STR, .s = (char *)op->csv_text}
                                  : (rd_value){.kind = RD_V_EMPTY}},
        {"skip_bad", {.kind = RD_V_INT, .i = op->skip_bad}},
        {"force", {.kind = RD_V_INT, .i = op->force}},
        {"key_file", op->key_file ? (rd_value){.kind = RD_V_STR, .s = (char *)op->key_file}
                                  : (rd_value){.kind = RD_V_EMPTY}},
        {"attributes", op->attributes ? (rd_value){.kind = RD_V_STR, .s = (char *)op->attributes}
                                      : (rd_value){.kind = RD_V_EMPTY}},
        {"codebook", op->codebook ? (rd_value){.kind = RD_V_STR, .s = (char *)op->codebook}
                                  : (rd_value){.kind = RD_V_EMPTY}},
        {"journey", {.kind = RD_V_STR, .s = (char *)(op->journey ? op->journey : "built-in")}},
        {"previous", {.kind = RD_V_STR, .s = (char *)(op->previous ? op->previous : "")}},
    };
    size_t n_o = sizeof o / sizeof *o - (op->previous ? 0 : 1); /* listed with --previous only */
    for (size_t i = 0; i < n_opts && i < n_o; i++)
        opts[i] = o[i];
    *m = (rd_manifest){
        .program = "rodedraad", .version = RD_VERSION, .command = command,
        .stemmer_algorithm = RD_STEM_ALGORITHM,
        .libstemmer_version = rd_stem_library_version(),
        .unicode_version = rd_norm_unicode_version(), .utf8proc_version = rd_norm_library_version(),
        .blas = rd_blas_info(), .seed = op->seed, .threads = op->threads, .options = opts,
        .n_options = n_opts < n_o ? n_opts : n_o};
}

/* --previous OLD_OUTDIR (io/cli/previous.h), read whole before OUTDIR is touched. OLD_OUTDIR
 * may not be OUTDIR (the run would replace the wave it compares with) nor lie in an input
 * folder (its tables would be read as transcripts): both refused (64). */
static rd_status open_previous(run *r)
{
    const rd_cli_opts *op = r->op;
    struct stat a, b;
    size_t which = 0;
    rd_strlist notes = {0};
    char *shown = rd_pathname_show(op->previous);
    rd_status rc = RD_OK;
    if (!shown) {
        fprintf(stderr, "rodedraad: out of memory\n");
        return RD_ENOMEM;
    }
    if (stat(op->previous, &a) == 0 && stat(op->outdir, &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino) {
        rd_cli_say("--previous %s is the output folder: the run would replace the wave it "
                   "compares with; write the new wave to another folder", shown);
        rc = RD_EINVAL;
    } else if (rd_files_outdir_clash(op->inputs, op->n_inputs, op->previous, &which) == 1) {
        rd_cli_say("--previous %s is inside the input folder %s: its tables would be read as "
                   "transcripts; move it out of the input", shown, op->inputs[which]);
        rc = RD_EINVAL;
    }
    free(shown);
    if (rc != RD_OK)
        return rc;
    rc = rd_cli_previous_open(op->previous, &r->prev, &notes);
    for (size_t i = 0; rc == RD_OK && i < notes.n; i++)
        rd_cli_say("warning: %s", notes.v[i]);
    rd_strlist_free(&notes);
    return rc;
}

/* Reads what run needs besides the transcripts, in the order the user learns of problems:
 * the input list, --names, OUTDIR (begun: its staging folder made), cues, stop words. */
static rd_status prepare(run *r)
{
    const rd_cli_opts *op = r->op;
    rd_err err = {0};
    rd_status rc;
    if ((rc = rd_cli_files(op, &r->files)) != RD_OK ||
        (op->key_file && (rc = rd_cli_key_open(op->key_file, &r->key)) != RD_OK) ||
        (rc = rd_cli_priv_new(&r->files.path, op->threads,
                              RD_CLI_PRIV_COLUMNS | RD_CLI_PRIV_IDS | RD_CLI_PRIV_PEOPLE,
                              &r->priv)) != RD_OK)
        return rc;
    if (op->names && (rc = rd_names_read(op->names, &r->names, &err)) != RD_OK) {
        rd_cli_say("%s", err.msg);
        return rc;
    }
    if (op->names && r->names.note[0])
        fprintf(stderr, "rodedraad: warning: %s\n", r->names.note);
    /* --attributes: refused before anything is written (duplicate ids, no id column) */
    if (op->attributes &&
        (rc = rd_attrfile_read(op->attributes, op->csv_id, &r->attrs, &err)) != RD_OK) {
        rd_cli_say("%s", err.msg);
        return rc;
    }
    if (op->attributes && r->attrs.note[0])
        rd_cli_say("warning: %s", r->attrs.note);
    if (op->codebook) {
        r->codebook_shown = rd_pathname_show(op->codebook);
        rc = r->codebook_shown
                 ? rd_codebook_read(op->codebook, r->codebook_shown, &r->codebook, &err)
                 : RD_ENOMEM;
        if (rc != RD_OK) {
            rd_cli_say("%s", rc == RD_ENOMEM && !err.msg[0] ? "out of memory" : err.msg);
            return rc;
        }
        if (r->codebook.note[0])
            fprintf(stderr, "rodedraad: warning: %s\n", r->codebook.note);
    }
    if (op->previous && (rc = open_previous(r)) != RD_OK)
        return rc;
    if (!(r->od = calloc(1, sizeof *r->od))) {
        fprintf(stderr, "rodedraad: out of memory\n");
        return RD_ENOMEM;
    }
    rd_interrupt_lock(); /* a signal now waits until the stage exists and is watched */
    rc = rd_outdir_begin(r->od, op->outdir, op->force, owned, n_owned, &err);
    if (rc == RD_OK)
        rd_interrupt_watch(r->od);
    rd_interrupt_unlock();
    if (rc != RD_OK) {
        free(r->od);
        r->od = NULL;
        rd_cli_say("%s", err.msg);
        return rc;
    }
    if ((rc = rd_cli_cues(op, &r->cues)) != RD_OK ||
        (rc = rd_cli_journey(op, &r->journey)) != RD_OK)
        return rc;
    return rd_cli_stopwords(op, &r->stop);
}

/* Analyses the counted corpus, writes the outputs and moves them into OUTDIR. */
static rd_status analyse_and_commit(run *r)
{
    const rd_cli_opts *op = r->op;
    rd_err err = {0};
    rd_status rc;
    char fmt[48] = ""; /* "xlsx,csv,json,html,qdpx" */
    rd_manifest_option opts[22];
    rd_manifest man;
    if (!(r->command = command_line(op, r->priv))) {
        fprintf(stderr, "rodedraad: out of memory\n");
        return RD_ENOMEM;
    }
    manifest_of(op, r->command, fmt, opts, sizeof opts / sizeof *opts, &man);
    /* Option values as shown (a --names path with invalid UTF-8 would break model.json); the
     * files found and not used; each doc's file as found, to read it again and hash it. */
    for (size_t i = 0; i < man.n_options; i++) {
        if (opts[i].v.kind != RD_V_STR || rd_pathname_plain(opts[i].v.s))
            continue;
        char *shown = rd_pathname_show(opts[i].v.s);
        if (!shown || rd_strlist_push(&r->shown, shown, &err) != RD_OK) {
            free(shown);
            fprintf(stderr, "rodedraad: out of memory\n");
            return RD_ENOMEM;
        }
        free(shown);
        opts[i].v.s = r->shown.v[r->shown.n - 1];
    }
    if ((rc = rd_cli_account_unused(&r->files, &r->res, &r->unused, &err)) != RD_OK ||
        (rc = rd_cli_account_doc_paths(&r->files, &r->res, &r->doc_path, &err)) != RD_OK) {
        rd_cli_say("%s", err.msg);
        return rc;
    }
    man.unused = r->unused.v;
    man.n_unused = r->unused.n;
    run_opts ro = {
        .outdir = r->od, .formats = op->formats, .csv_dialect = op->csv_dialect,
        .redact = !op->no_redact,
        .segments = (size_t)op->segments, .themes = (size_t)op->themes, .seed = op->seed,
        .threads = op->threads, .rep = op->represent, .context = op->context,
        .ropts = {RD_CLI_MAX_FILE_BYTES, {op->interviewers.v, op->interviewers.n}, op->csv_id,
                  op->csv_text, NULL, rd_cli_priv_lex(r->priv)},
        .stop = r->stop, .cues = r->cues, .journey = r->journey,
        .algo = RD_STEM_ALGORITHM, .names = op->names ? &r->names : NULL,
        .codebook = op->codebook ? &r->codebook : NULL, .codebook_shown = r->codebook_shown,
        .manifest = &man, .doc_path = r->doc_path, .progress = r->prog, .priv = r->priv,
        .attr_join = op->attributes ? &r->attr_join : NULL,
        .previous = op->previous ? &r->prev : NULL};
    r->text_peak_mb = peak_mb();
    /* The text workers freed their scratch in their own malloc arenas, which the
     * engine (on this thread) cannot reuse: hand it back to the system. */
    malloc_trim(0);
    /* BLAS runs single-threaded: the engine splits its own work over -j threads (row
     * blocks, sparse products), and idle OpenBLAS threads would spin against them. */
    rd_blas_set_threads(1);
    rc = analyse(&r->res, &ro, &r->st, &err);
    if (rc == RD_OK) {
        rd_interrupt_lock(); /* a signal waits for the commit (io/cli/interrupt.h) */
        if ((rc = rd_outdir_commit(r->od, &err)) == RD_OK)
            rd_interrupt_finished();
        rd_interrupt_unlock();
    }
    rd_progress_stop(r->prog);
    r->prog = NULL;
    for (size_t i = 0; i < r->st.notes.n; i++)
        rd_cli_say("warning: %s", r->st.notes.v[i]);
    if (rc != RD_OK) {
        rd_cli_say("%s", err.msg);
        if (rc != RD_ENOMEM && rc != RD_ELAPACK)
            rd_cli_say("%s was left as it was", op->outdir);
    }
    return rc;
}

/* The summary line, a warning about files kept aside, and the stage timings. */
static void tell(const run *r)
{
    const rd_cli_opts *op = r->op;
    const rd_ts_result *res = &r->res;
    const run_stats *st = &r->st;
    if (rd_outdir_kept(r->od))
        rd_cli_say("warning: files that appeared in %s during the run were kept in %s",
                   op->outdir, rd_outdir_kept(r->od));
    if (!op->quiet)
        rd_cli_say("%zu respondents, %zu passages, %zu terms: %zu themes, %zu "
                "segments (stability ARI %.2f); wrote %s in %s",
                res->n_docs, res->n_rows, st->n_terms, st->themes, st->segments, st->ari,
                st->files, op->outdir);
    if (op->previous && st->fresh_k)
        rd_cli_say("warning: -k %d differs from the previous wave's %zu segments: the segments "
                   "were found anew and then matched to the previous ones",
                   op->segments, r->prev.m.k);
    if (op->previous && !op->quiet) {
        const rd_cli_wave *w = &st->wave;
        rd_cli_say("wave: %zu segments the same, %zu new, %zu vanished (Jaccard >= %.2f); "
                   "%zu of %zu respondents in both waves kept their segment (%.1f%%), %zu moved; "
                   "%zu new respondents fit no previous segment (shifts.csv)",
                   w->same, w->fresh, w->vanished, RD_CLI_WAVE_MIN_SIM, w->kept, w->returning,
                   w->returning ? 100.0 * (double)w->kept / (double)w->returning : 0.0, w->moved,
                   w->no_fit);
    }
    if (getenv("RODEDRAAD_TIMINGS"))
        fprintf(stderr,
                "timings: files=%zu bytes=%zu passages=%zu rows=%zu terms=%zu nnz=%zu "
                "themes=%zu segments=%zu nmf_iters=%zu nmf_fit_rows=%zu nmf_rel_err=%.4f "
                "discover_s=%.4f read_s=%.4f merge_s=%.4f tfidf_s=%.4f themes_s=%.4f "
                "represent_s=%.4f segments_s=%.4f describe_s=%.4f write_s=%.4f "
                "total_s=%.4f peak_mb_text=%.1f peak_mb_tfidf=%.1f peak_mb_themes=%.1f "
                "peak_mb_represent=%.1f peak_mb_segments=%.1f peak_mb_describe=%.1f learn_s=%.4f "
                "represent_gflop=%.4f represent_gb=%.4f themes_gflop=%.4f themes_gb=%.4f "
                "segments_gflop=%.4f segments_gb=%.4f\n",
                res->n_docs, res->bytes, res->n_passages, res->n_rows, st->n_terms, st->nnz,
                st->themes, st->segments, st->nmf_iters, st->nmf_fit_rows, st->nmf_rel_err,
                r->t_discover, res->t_read_s, res->t_merge_s, st->t_tfidf_s, st->t_themes_s,
                st->t_rep_s, st->t_segments_s, st->t_describe_s, st->t_write_s,
                rd_ts_now() - r->t0, r->text_peak_mb, st->peak_mb[0], st->peak_mb[1],
                st->peak_mb[2], st->peak_mb[3], st->peak_mb[4], res->t_learn_s, st->gflop[0],
                st->gb[0], st->gflop[1], st->gb[1], st->gflop[2], st->gb[2]);
}

static void run_free(run *r)
{
    rd_progress_stop(r->prog);
    if (r->od) {
        rd_interrupt_lock();
        rd_outdir_abandon(r->od); /* no-op after a commit */
        rd_interrupt_watch(NULL);
        rd_interrupt_unlock();
        free(r->od);
    }
    free(r->command);
    free(r->doc_path);
    rd_cli_account_unused_free(&r->unused);
    rd_strlist_free(&r->shown);
    rd_names_free(&r->names);
    rd_codebook_free(&r->codebook);
    free(r->codebook_shown);
    rd_cli_priv_free(r->priv);
    rd_cli_key_clear(&r->key);
    rd_attrfile_free(&r->attrs);
    rd_cli_previous_free(&r->prev);
    rd_cues_free(r->cues);
    rd_journey_free(r->journey);
    rd_ts_result_free(&r->res);
    rd_files_set_free(&r->files);
    rd_strlist_free(&r->st.notes);
    rd_stop_free(r->stop);
}

/* Joins the --attributes rows to the respondents, warning about ids that match none and
 * respondents without a row. */
static rd_status join_attributes(run *r)
{
    rd_err err = {0};
    rd_strlist warn = {0};
    rd_status rc = rd_cli_attributes_join(&r->attrs, r->op->attributes, &r->res, &warn,
                                          &r->attr_join, &err);
    for (size_t i = 0; i < warn.n; i++)
        rd_cli_say("warning: %s", warn.v[i]);
    rd_strlist_free(&warn);
    if (rc != RD_OK)
        rd_cli_say("%s", err.msg);
    return rc;
}

rd_status rd_cli_run(const rd_cli_opts *op)
{
    run r = {.op = op, .t0 = rd_ts_now()};
    if (rd_interrupt_start(op->outdir) != 0) { /* before any thread of the run */
        /* signals keep their default action; the next run sweeps a stage left behind */
    }
    rd_status rc = prepare(&r);
    if (rc == RD_OK) {
        rd_ts_opts o = {.mode = RD_TS_COUNT, .stop = r.stop, .cues = r.cues, .matrix = 1,
                        .journey = r.journey,
                        .people = rd_cli_priv_people(r.priv)};
        r.t_discover = rd_ts_now() - r.t0;
        r.prog = rd_progress_start(!op->quiet, r.files.path.n);
        o.progress = rd_progress_files(r.prog);
        rc = rd_cli_text_stage(op, &r.files, &o, r.priv, &r.prog, &r.res);
        if (rc == RD_OK)
            rc = rd_cli_priv_apply(r.priv, &r.res, &r.key);
        if (rc == RD_OK && op->attributes)
            rc = join_attributes(&r);
    }
    if (rc == RD_OK && (rc = analyse_and_commit(&r)) == RD_OK)
        tell(&r);
    run_free(&r);
    int late = rd_interrupt_stop();
    if (late)
        fprintf(stderr,
                "rodedraad: warning: %s came during the final rename; the run had finished "
                "and %s holds its results\n",
                late == SIGINT ? "SIGINT" : "SIGTERM", op->outdir);
    return rc;
}
