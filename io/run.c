/* io/run.c — see run.h. */
#include "io/run.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "engine/kmeans.h"
#include "engine/tfidf.h"
#include "engine/themes.h"
#include "io/csvout.h"
#include "io/describe.h"
#include "io/export_json.h"
#include "io/export_xlsx.h"
#include "io/files.h"
#include "io/transcript.h"


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

rd_status rd_run_analyse(rd_ts_result *ts, const rd_run_opts *o, rd_run_stats *st, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_themes th = {0};
    rd_segments sg = {0};
    rd_csr *x = NULL;
    float *profile = NULL, *rep = NULL, *lsa = NULL;
    rd_report report = {0};
    size_t n_docs = ts->n_docs;
    double t0 = rd_ts_now(), t1;
    memset(st, 0, sizeof *st);
    if (!ts->counts || ts->counts->nnz == 0) {
        return rd_fail(err, RD_EDATA,
                       "no terms left to analyse: every word is a stop word, or --min-df/--max-df "
                       "pruned them all (%zu passages); lower --min-df or add transcripts",
                       ts->n_rows);
    }
    rd_progress_stage(o->progress, "LSA and TF-IDF");
    /* LSA first, from the raw counts (it frees its scratch before the themes need theirs);
     * then TF-IDF of the passages in place. */
    size_t dims = 0;
    rd_rep r = o->rep;
    if (r != RD_REP_PROFILE) {
        dims = n_docs - 1 < 100 ? n_docs - 1 : 100;
        if (dims > ts->counts->n_cols)
            dims = ts->counts->n_cols;
        if (dims < 1)
            r = RD_REP_PROFILE; /* one respondent: nothing to project */
    }
    if (r != RD_REP_PROFILE) {
        rd_rng lr;
        rd_rng_seed(&lr, o->seed ^ 0x4c5341ull);
        if (!(lsa = malloc(n_docs * dims * sizeof *lsa))) {
            rc = rd_fail(err, RD_ENOMEM, "LSA rows");
            goto done;
        }
        if ((rc = rd_rep_lsa(ts->counts, ts->row_doc, n_docs, dims, o->threads, &lr, lsa, err)) !=
            RD_OK)
            goto done;
    }
    t1 = rd_ts_now();
    st->t_rep_s = t1 - t0;
    st->peak_mb[2] = peak_mb();

    x = ts->counts; /* consumed: from here on the passages' TF-IDF */
    ts->counts = NULL;
    if ((rc = rd_tfidf_apply(x, NULL, err)) != RD_OK)
        goto done;
    st->n_terms = x->n_cols;
    st->nnz = x->nnz;
    t0 = rd_ts_now();
    st->t_tfidf_s = t0 - t1;
    st->peak_mb[0] = peak_mb();

    /* Automatic T: 3 up to one theme per 30 passages, at least 6 and at most 20. */
    size_t t_max = x->n_rows / 30;
    t_max = t_max < 6 ? 6 : t_max > 20 ? 20 : t_max;
    rd_themes_opts to = {
        .themes = o->themes, .t_min = 3, .t_max = t_max, .boot = 3, .min_stability = 0.8,
        .select_rows = 5000,
        .fit_rows = 20000, .max_iter = 200, .tol = 1e-4, .threads = o->threads,
        .seed = o->seed, .progress = rd_progress_iters(o->progress)};
    rd_progress_stage(o->progress, "themes (NMF)");
    if ((rc = rd_themes_fit(x, &to, &th, err)) != RD_OK)
        goto done;
    size_t T = th.k;
    st->themes = T;
    st->nmf_iters = th.iters;
    st->nmf_converged = th.converged;
    st->nmf_rel_err = th.rel_err;
    st->nmf_fit_rows = th.fit_rows;
    t1 = rd_ts_now();
    st->t_themes_s = t1 - t0;
    st->peak_mb[1] = peak_mb();

    /* Theme shares per respondent (reported), and the rows k-means sees. */
    if (!(profile = malloc(n_docs * T * sizeof *profile))) {
        rc = rd_fail(err, RD_ENOMEM, "theme profiles");
        goto done;
    }
    if ((rc = rd_rep_profile(th.w, th.n_rows, T, ts->row_doc, n_docs, profile, err)) != RD_OK)
        goto done;
    size_t d = r == RD_REP_PROFILE ? T : r == RD_REP_LSA ? dims : T + dims;
    if (r == RD_REP_LSA) {
        rep = lsa;
        lsa = NULL;
    } else if (!(rep = malloc(n_docs * d * sizeof *rep))) {
        rc = rd_fail(err, RD_ENOMEM, "respondent rows");
        goto done;
    }
    for (size_t i = 0; r != RD_REP_LSA && i < n_docs; i++) {
        float *ri = rep + i * d;
        memcpy(ri, profile + i * T, T * sizeof *ri);
        rd_rows_normalise(ri, 1, T);
        if (r == RD_REP_BOTH) {
            memcpy(ri + T, lsa + i * dims, dims * sizeof *ri);
            for (size_t t = 0; t < d; t++)
                ri[t] *= (float)M_SQRT1_2;
        }
    }
    t0 = rd_ts_now();
    st->t_rep_s += t0 - t1;
    t1 = t0;

    rd_progress_stage(o->progress, "segments (k-means)");
    size_t min_size = (n_docs + 19) / 20;
    rd_segments_opts so = {
        .k = o->segments, .k_max = 10, .min_size = min_size < 3 ? 3 : min_size,
        .n_init = n_docs <= 5000 ? 10 : 3, .boot = 10, .select_n = 5000,
        .threads = o->threads, .seed = o->seed};
    if ((rc = rd_segments_fit(rep, n_docs, d, &so, &sg, err)) != RD_OK)
        goto done;
    st->segments = sg.k;
    st->ari = sg.ari;
    st->silhouette = sg.silhouette;
    t0 = rd_ts_now();
    st->t_segments_s = t0 - t1;
    st->peak_mb[3] = peak_mb();

    rd_progress_stage(o->progress, "describing");
    rd_describe_in din = {
        .ts = ts, .x = x, .th = &th, .sg = &sg, .profile = profile, .ropts = &o->ropts,
        .stop = o->stop, .cues = o->cues, .algo = o->algo, .redact = o->redact,
        .names = o->names, .name_min_sim = RD_RUN_NAME_MIN_SIM};
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
        {"segments", {.kind = RD_V_INT, .i = (long long)sg.k}},
        {"nmf_iterations", {.kind = RD_V_INT, .i = (long long)th.iters}},
        {"nmf_converged", {.kind = RD_V_INT, .i = th.converged}},
        {"nmf_relative_error", {.kind = RD_V_NUM, .d = th.rel_err, .digits = 4}},
        {"nmf_fit_passages", {.kind = RD_V_INT, .i = (long long)th.fit_rows}},
        {"segment_stability_ari", {.kind = RD_V_NUM, .d = sg.ari, .digits = 4}},
        {"segment_silhouette", {.kind = RD_V_NUM, .d = sg.silhouette, .digits = 4}},
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
    rd_themes_free(&th);
    rd_segments_free(&sg);
    rd_csr_free(x);
    free(profile);
    free(rep);
    free(lsa);
    return rc;
}
