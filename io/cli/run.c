/* io/cli/run.c — see run.h. */
#include "io/cli/run.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "engine/analysis.h"
#include "engine/select.h"
#include "io/write/csv.h"
#include "io/describe.h"
#include "io/write/json.h"
#include "io/write/xlsx.h"
#include "io/read/files.h"
#include "io/read/text.h"


static double peak_mb(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss / 1024.0 : 0.0;
}

/* Every file name rodedraad may write into OUTDIR (io/outdir.h: these are replaced or
 * dropped on --force; other files are kept). */
const char *const rd_run_owned[] = {"themes.csv", "segments.csv", "respondents.csv",
                                    "segment_themes.csv", "quotes.csv", "selection.csv",
                                    "rodedraad.xlsx", "model.json", "names.tsv"};
const size_t rd_run_n_owned = sizeof rd_run_owned / sizeof *rd_run_owned;

static rd_status stage_path(const rd_run_opts *o, const char *name, char *buf, size_t cap,
                            rd_err *err)
{
    int k = snprintf(buf, cap, "%s/%s", rd_outdir_stage(o->outdir), name);
    if (k < 0 || (size_t)k >= cap)
        return rd_fail(err, RD_EOUTPUT, "%s: output folder path too long", rd_outdir_stage(o->outdir));
    return RD_OK;
}

/* Writes the report in the formats asked for into the stage; names the files in st. */
static rd_status export_all(const rd_report *rep, const rd_run_opts *o, rd_manifest *man,
                            rd_run_stats *st, rd_err *err)
{
    rd_status rc = RD_OK;
    char path[4352];
    size_t k = 0;
    st->files[0] = '\0';
#define NOTE_FILE(nm)                                                                            \
    do {                                                                                         \
        int w_ = snprintf(st->files + k, sizeof st->files - k, "%s%s", k ? " " : "", nm);        \
        if (w_ > 0 && (size_t)w_ < sizeof st->files - k)                                        \
            k += (size_t)w_;                                                                     \
    } while (0)
    if (o->formats & RD_FMT_CSV)
        for (size_t i = 0; i < RD_REPORT_TABLES; i++) {
            char nm[64];
            snprintf(nm, sizeof nm, "%s.csv", rep->t[i]->name);
            if ((rc = stage_path(o, nm, path, sizeof path, err)) != RD_OK ||
                (rc = rd_export_csv(path, rep->t[i], err)) != RD_OK)
                return rc;
            NOTE_FILE(nm);
        }
    if (o->formats & RD_FMT_XLSX) {
        if ((rc = stage_path(o, "rodedraad.xlsx", path, sizeof path, err)) != RD_OK ||
            (rc = rd_export_xlsx(path, (const rd_table *const *)rep->t, RD_REPORT_TABLES, man,
                                 err)) != RD_OK)
            return rc;
        NOTE_FILE("rodedraad.xlsx");
    }
    if (o->formats & RD_FMT_JSON) {
        if ((rc = stage_path(o, "model.json", path, sizeof path, err)) != RD_OK ||
            (rc = rd_export_json(path, (const rd_table *const *)rep->t, RD_REPORT_TABLES, man,
                                 err)) != RD_OK)
            return rc;
        NOTE_FILE("model.json");
    }
    if ((rc = stage_path(o, "names.tsv", path, sizeof path, err)) != RD_OK ||
        (rc = rd_export_tsv(path, rep->names, err)) != RD_OK)
        return rc;
    NOTE_FILE("names.tsv");
#undef NOTE_FILE
    return RD_OK;
}

/* Stage timings and peak memory for RODEDRAAD_TIMINGS, and the progress line, as the
 * analysis announces its steps. */
typedef struct {
    const rd_run_opts *o;
    rd_run_stats *st;
    double t;                 /* when the current step started */
    rd_analysis_step cur;
} step_clock;

static void on_step(void *ctx, rd_analysis_step s)
{
    step_clock *c = ctx;
    double now = rd_ts_now();
    if (s != RD_ANALYSIS_LSA) {
        double dt = now - c->t;
        switch (c->cur) {
        case RD_ANALYSIS_LSA: c->st->t_rep_s += dt; c->st->peak_mb[2] = peak_mb(); break;
        case RD_ANALYSIS_TFIDF: c->st->t_tfidf_s = dt; c->st->peak_mb[0] = peak_mb(); break;
        case RD_ANALYSIS_THEMES: c->st->t_themes_s = dt; c->st->peak_mb[1] = peak_mb(); break;
        case RD_ANALYSIS_REPRESENT: c->st->t_rep_s += dt; break;
        case RD_ANALYSIS_SEGMENTS: c->st->t_segments_s = dt; c->st->peak_mb[3] = peak_mb(); break;
        case RD_ANALYSIS_DONE: break;
        }
    }
    if (s == RD_ANALYSIS_LSA)
        rd_progress_stage(c->o->progress, "LSA and TF-IDF");
    else if (s == RD_ANALYSIS_THEMES)
        rd_progress_stage(c->o->progress, "themes (NMF)");
    else if (s == RD_ANALYSIS_SEGMENTS)
        rd_progress_stage(c->o->progress, "segments (k-means)");
    c->cur = s;
    c->t = now;
}

rd_status rd_run_analyse(rd_ts_result *ts, const rd_run_opts *o, rd_run_stats *st, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_analysis an = {0};
    rd_report report = {0};
    size_t n_docs = ts->n_docs;
    double t0, t1;
    memset(st, 0, sizeof *st);
    if (!ts->counts || ts->counts->nnz == 0) {
        return rd_fail(err, RD_EDATA,
                       "no terms left to analyse: every word is a stop word, or --min-df/--max-df "
                       "pruned them all (%zu passages); lower --min-df or add transcripts",
                       ts->n_rows);
    }
    step_clock clock = {.o = o, .st = st};
    rd_analysis_opts ao = {.segments = o->segments, .themes = o->themes, .seed = o->seed,
                           .threads = o->threads, .rep = o->rep,
                           .nmf_iters = rd_progress_iters(o->progress), .step = on_step,
                           .step_ctx = &clock};
    if ((rc = rd_analysis_run(&ts->counts, ts->row_doc, n_docs, &ao, &an, err)) != RD_OK)
        goto done;
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
    rd_describe_in din = {
        .ts = ts, .x = x, .th = &an.th, .sg = &an.sg, .profile = an.profile, .ropts = &o->ropts,
        .stop = o->stop, .cues = o->cues, .algo = o->algo, .redact = o->redact,
        .names = o->names, .name_min_sim = RD_SELECT_NAME_MIN_SIM};
    if ((rc = rd_describe(&din, &report, err)) != RD_OK)
        goto done;
    st->names_matched = report.names_matched;
    st->names_unmatched = report.names_unmatched;
    for (size_t i = 0; i < report.notes.n; i++)
        if ((rc = rd_strlist_push(&st->notes, report.notes.v[i], err)) != RD_OK)
            goto done;
    t1 = rd_ts_now();
    st->t_describe_s = t1 - t0;
    st->peak_mb[4] = peak_mb();

    /* The manifest: what the caller filled in, the run's results, the inputs' SHA-256. */
    rd_manifest man = *o->manifest;
    rd_option res[] = {
        {"respondents", {.kind = RD_V_INT, .i = (long long)n_docs}},
        {"passages", {.kind = RD_V_INT, .i = (long long)x->n_rows}},
        {"terms", {.kind = RD_V_INT, .i = (long long)x->n_cols}},
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
    };
    rd_progress_stage(o->progress, "writing");
    man.results = res;
    man.n_results = sizeof res / sizeof *res;
    if ((o->formats & (RD_FMT_JSON | RD_FMT_XLSX)) &&
        (rc = rd_manifest_hash_inputs(&man, (const char *const *)ts->path, n_docs, o->threads,
                                      err)) != RD_OK)
        goto done;
    rc = export_all(&report, o, &man, st, err);
    rd_manifest_free_inputs(&man);
    if (rc != RD_OK)
        goto done;
    st->t_write_s = rd_ts_now() - t1;
done:
    rd_report_free(&report);
    rd_analysis_free(&an);
    return rc;
}
