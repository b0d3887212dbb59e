/* io/cli/classify.c — see classify.h. */
#include "io/cli/classify.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/classify.h"
#include "engine/table.h"
#include "io/cli/inputs.h"
#include "io/cli/keyfile.h"
#include "io/cli/previous.h"
#include "io/cli/privacy.h"
#include "io/read/model.h"
#include "io/read/pathname.h"
#include "io/write/csv.h"
#include "io/write/tsv.h"
#include "nlp/frames.h"

#define NO_FIT "geen passend segment"

/* MODEL_DIR/rodedraad.model, or MODEL_DIR itself when it is a file. */
static char *model_path(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) == 0 && S_ISREG(sb.st_mode))
        return strdup(dir);
    size_t n = strlen(dir) + sizeof RD_MODEL_FILE + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, RD_MODEL_FILE);
    return p;
}

static rd_table *results_table(const rd_model *m, const rd_ts_result *res,
                               const uint32_t *doc_terms, const rd_classify_row *rows,
                               const float *shares, const char *const *shown)
{
    size_t T = m->themes, nc = 11 + T;
    char **cols = calloc(nc, sizeof *cols);
    static const char *const fixed[] = {"respondent", "source", "segment", "segment_name",
                                        "nearest", "fit", "runner_up", "runner_up_name",
                                        "margin", "passages", "terms"};
    rd_table *t = NULL;
    if (!cols)
        return NULL;
    for (size_t i = 0; i < 11; i++)
        cols[i] = (char *)fixed[i];
    for (size_t j = 0; j < T; j++) {
        char nm[32];
        snprintf(nm, sizeof nm, "theme_%zu", j + 1);
        if (!(cols[11 + j] = strdup(nm)))
            goto done;
    }
    if (!(t = rd_table_new("classified", "Ingedeeld", nc, (const char *const *)cols)))
        goto done;
    size_t *passages = calloc(res->n_docs + 1, sizeof *passages);
    for (size_t r = 0; passages && r < res->n_rows; r++)
        passages[res->row_doc[r]]++;
    for (size_t i = 0; i < res->n_docs; i++) {
        const rd_classify_row *o = &rows[i];
        size_t r = rd_table_add_row(t);
        rd_table_str(t, r, 0, res->respondent[i]);
        rd_table_str(t, r, 1, shown ? shown[i] : res->source[i]);
        if (o->segment >= 0) {
            const char *name = m->seg_name[o->segment];
            if (o->fits) {
                rd_table_int(t, r, 2, o->segment + 1);
                rd_table_str(t, r, 3, name);
            } else {
                rd_table_str(t, r, 3, NO_FIT);
            }
            rd_table_int(t, r, 4, o->segment + 1);
            rd_table_num(t, r, 5, o->fit, 4);
            if (o->runner_up >= 0) {
                rd_table_int(t, r, 6, o->runner_up + 1);
                rd_table_str(t, r, 7, m->seg_name[o->runner_up]);
                rd_table_num(t, r, 8, (double)o->fit - (double)o->runner_fit, 4);
            }
        } else {
            rd_table_str(t, r, 3, NO_FIT);
        }
        rd_table_int(t, r, 9, passages ? (long long)passages[i] : 0);
        rd_table_int(t, r, 10, (long long)doc_terms[i]);
        for (size_t j = 0; j < T; j++)
            rd_table_num(t, r, 11 + j, shares[i * T + j], 4);
    }
    free(passages);
done:
    for (size_t j = 0; j < T; j++)
        free(cols[11 + j]);
    free(cols);
    return t;
}

/* Writes t: TSV on standard output, or CSV into op->outdir (beside it, then renamed). */
static rd_status write_out(const rd_cli_opts *op, const rd_table *t)
{
    rd_err err = {0};
    rd_status rc;
    if (!op->outdir) {
        rc = rd_tsv_put_table(stdout, "standard output", t, &err);
        if (rc == RD_OK && (fflush(stdout) != 0 || ferror(stdout)))
            rc = rd_fail(&err, RD_EIO, "writing to standard output: %s", strerror(errno));
        if (rc != RD_OK)
            fprintf(stderr, "rodedraad: %s\n", err.msg);
        return rc;
    }
    size_t n = strlen(op->outdir) + 32;
    char *tmp = malloc(n);
    if (!tmp)
        return RD_ENOMEM;
    snprintf(tmp, n, "%s.rodedraad-%ld.tmp", op->outdir, (long)getpid());
    rc = rd_csv_write(tmp, t, op->csv_dialect, &err);
    if (rc == RD_OK && rename(tmp, op->outdir) != 0)
        rc = rd_fail(&err, RD_EOUTPUT, "%s: cannot create: %s", op->outdir, strerror(errno));
    if (rc != RD_OK) {
        unlink(tmp);
        fprintf(stderr, "rodedraad: %s\n", err.msg);
    }
    free(tmp);
    return rc;
}

rd_status rd_cli_classify(const rd_cli_opts *op)
{
    rd_err err = {0};
    rd_status rc;
    rd_model m = {0};
    rd_stop *stop = NULL;
    rd_frames *frames = NULL;
    rd_files_set files = {0};
    rd_cli_priv *priv = NULL;
    rd_cli_key key = {0};
    rd_progress *prog = NULL;
    rd_ts_result res = {0};
    uint32_t *doc_terms = NULL;
    rd_csr *x = NULL;
    rd_classify_row *rows = NULL;
    float *shares = NULL;
    rd_table *t = NULL;
    char *path = model_path(op->model_dir), *shown = NULL;
    struct stat sb;
    if (!path || !(shown = rd_pathname_show(path))) {
        rc = RD_ENOMEM;
        fprintf(stderr, "rodedraad: out of memory\n");
        goto done;
    }
    if (op->outdir && !op->force && stat(op->outdir, &sb) == 0) {
        fprintf(stderr, "rodedraad: %s exists; add --force to replace it\n", op->outdir);
        rc = RD_EOUTPUT;
        goto done;
    }
    if ((rc = rd_model_read(path, shown, &m, &err)) != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
        goto done;
    }
    if ((rc = rd_stop_new(&stop, &err)) != RD_OK ||
        (rc = rd_stop_load(stop, m.stop, m.stop_n, shown, &err)) != RD_OK ||
        (rc = rd_frames_restore(m.frames, m.frames_n, shown, &frames, &err)) != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
        goto done;
    }
    if ((rc = rd_cli_files(op, &files)) != RD_OK ||
        (op->key_file && (rc = rd_cli_key_open(op->key_file, &key)) != RD_OK) ||
        (rc = rd_cli_priv_new(&files.path, op->threads, RD_CLI_PRIV_COLUMNS | RD_CLI_PRIV_IDS,
                              &priv)) != RD_OK)
        goto done;
    double t0 = rd_ts_now(), t1, t2, t3;
    /* counted as run counts (every term kept: min_df 1, max_df 1), then on the model's terms */
    rd_ts_opts o = {.mode = RD_TS_COUNT, .stop = stop, .frames = frames, .matrix = 1};
    if ((rc = rd_cli_text_stage(op, &files, &o, priv, &prog, &res)) != RD_OK ||
        (rc = rd_cli_priv_apply(priv, &res, &key)) != RD_OK)
        goto done;
    if ((rc = rd_cli_remap(&res, m.term_index, m.terms, &x, &doc_terms, &err)) != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
        goto done;
    }
    rd_csr_free(res.counts);
    res.counts = NULL;
    t1 = rd_ts_now();
    rd_classify_model cm = {.terms = m.terms, .idf = m.idf, .themes = m.themes, .h = m.h,
                            .context = m.context,
                            .rep = (rd_represent_kind)m.rep, .dims = m.dims,
                            .lsa_idf = m.lsa_idf, .v = m.v, .k = m.k, .d = m.d,
                            .centres = m.centres, .threshold = m.threshold,
                            .passage_threshold = m.passage_threshold};
    if (!(rows = calloc(res.n_docs + 1, sizeof *rows)) ||
        !(shares = calloc(res.n_docs * m.themes + 1, sizeof *shares))) {
        rc = RD_ENOMEM;
        fprintf(stderr, "rodedraad: out of memory\n");
        goto done;
    }
    if ((rc = rd_classify_run(&cm, &x, res.row_doc, res.n_docs, op->threads, rows, shares,
                              &err)) != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
        goto done;
    }
    t2 = rd_ts_now();
    if (!(t = results_table(&m, &res, doc_terms, rows, shares, rd_cli_priv_shown(priv))) ||
        !rd_table_ok(t)) {
        rc = RD_ENOMEM;
        fprintf(stderr, "rodedraad: out of memory\n");
        goto done;
    }
    rc = write_out(op, t);
    t3 = rd_ts_now();
    if (getenv("RODEDRAAD_TIMINGS"))
        fprintf(stderr, "timings: respondents=%zu passages=%zu text_s=%.4f read_s=%.4f "
                        "classify_s=%.4f write_s=%.4f\n",
                res.n_docs, res.n_rows, t1 - t0, res.t_read_s, t2 - t1, t3 - t2);
    if (rc == RD_OK && !op->quiet) {
        size_t placed = 0;
        for (size_t i = 0; i < res.n_docs; i++)
            placed += rows[i].segment >= 0 && rows[i].fits;
        fprintf(stderr, "rodedraad: %zu respondents: %zu placed on a segment, %zu with no "
                        "fitting segment\n", res.n_docs, placed, res.n_docs - placed);
    }
done:
    rd_table_free(t);
    free(rows);
    free(shares);
    rd_csr_free(x);
    free(doc_terms);
    rd_ts_result_free(&res);
    rd_progress_stop(prog);
    rd_cli_priv_free(priv);
    rd_cli_key_clear(&key);
    rd_files_set_free(&files);
    rd_frames_free(frames);
    rd_stop_free(stop);
    rd_model_free(&m);
    free(path);
    free(shown);
    return rc;
}
