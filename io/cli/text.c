/* io/cli/text.c — see text.h. */
#include "io/cli/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/cli/inputs.h"
#include "io/write/tsv.h"
#include "nlp/vocab.h"

/* The header, written with the first file's lines (ctx), and where the lines go. */
typedef struct {
    const char *header;
} emit_ctx;

static rd_status emit_stdout(void *ctx, const char *b, size_t n, rd_err *err)
{
    emit_ctx *e = ctx;
    if (e->header) {
        fputs(e->header, stdout);
        e->header = NULL;
    }
    if (n && fwrite(b, 1, n, stdout) != n)
        return rd_fail(err, RD_EIO, "writing to standard output: %s", strerror(errno));
    return RD_OK;
}

/* The first fields of a line: respondent and passage number. */
static void line_start(rd_buf *b, const char *resp, size_t p)
{
    rd_tsv_str(b, resp);
    rd_buf_put(b, "\t", 1);
    rd_tsv_u64(b, p + 1);
    rd_buf_put(b, "\t", 1);
}

static rd_status visit_inspect(void *ctx, const rd_unit *u, const char *resp, const char *src,
                               rd_an *an, rd_buf *b, rd_err *err)
{
    (void)ctx, (void)an, (void)err;
    for (size_t p = 0; p < u->tr.n; p++) {
        const rd_passage *ps = &u->tr.v[p];
        line_start(b, resp, p);
        rd_tsv_str(b, ps->speaker);
        rd_buf_str(b, ps->role == RD_ROLE_INTERVIEWER ? "\tinterviewer\t" : "\trespondent\t");
        rd_tsv_str(b, src);
        rd_buf_put(b, ":", 1);
        rd_tsv_u64(b, ps->line);
        rd_buf_put(b, "\t", 1);
        rd_tsv_field(b, ps->text, ps->text_n);
        rd_buf_put(b, "\n", 1);
    }
    return RD_OK;
}

static rd_status visit_tokens(void *ctx, const rd_unit *u, const char *resp, const char *src,
                              rd_an *an, rd_buf *b, rd_err *err)
{
    rd_status rc = RD_OK;
    (void)ctx, (void)src;
    for (size_t p = 0; p < u->tr.n && rc == RD_OK; p++) {
        const rd_passage *ps = &u->tr.v[p];
        if (ps->role != RD_ROLE_RESPONDENT)
            continue;
        if ((rc = rd_an_run(an, ps->text, ps->text_n, err)) != RD_OK)
            break;
        size_t nt = rd_an_count(an);
        const rd_token *tk = rd_an_tokens(an);
        const uint32_t *fm = rd_an_forms(an);
        const uint8_t *kept = rd_an_kept(an);
        for (size_t t = 0; t < nt && rc == RD_OK; t++) {
            const char *nm, *stem = "";
            size_t nn, sn = 0;
            if ((rc = rd_an_norm(an, t, &nm, &nn, err)) != RD_OK)
                break;
            line_start(b, resp, p);
            rd_tsv_field(b, ps->text + tk[t].off, tk[t].len);
            rd_buf_put(b, "\t", 1);
            rd_tsv_field(b, nm, nn);
            rd_buf_put(b, "\t", 1);
            if (fm[t] != RD_AN_NOFORM && tk[t].kind == RD_TOK_WORD)
                rc = rd_an_form_stem(an, fm[t], &stem, &sn, err);
            rd_tsv_field(b, stem, sn);
            rd_buf_str(b, kept[t] ? "\t1\n" : "\t0\n");
        }
    }
    return rc;
}

#if defined(__GNUC__)
#define RD_PREFETCH_READ(p) __builtin_prefetch(p, 0)
#else
#define RD_PREFETCH_READ(p) ((void)(p))
#endif

/* The term table, by tf descending, then term. Terms and labels lie scattered through
 * memory: the strings of the line PREFETCH lines ahead are touched early, so that their
 * cache misses overlap instead of coming one after another. */
static rd_status write_vocab(const rd_vocab *v, rd_err *err)
{
    enum { OUTBUF = 1 << 20, PREFETCH = 16 };
    uint32_t *order = NULL;
    rd_buf b = {0};
    rd_status rc = rd_vocab_by_tf(v, &order, err);
    size_t nv = rd_vocab_size(v);
    rd_buf_str(&b, "term\tlabel\tdf\ttf\n");
    for (size_t i = 0; rc == RD_OK && i < nv; i++) {
        size_t tn, ln;
        if (i + PREFETCH < nv) {
            RD_PREFETCH_READ(rd_vocab_term(v, order[i + PREFETCH], &tn));
            RD_PREFETCH_READ(rd_vocab_label(v, order[i + PREFETCH], &ln));
        }
        uint32_t t = order[i];
        const char *term = rd_vocab_term(v, t, &tn), *label = rd_vocab_label(v, t, &ln);
        rd_tsv_field(&b, term, tn);
        rd_buf_put(&b, "\t", 1);
        rd_tsv_field(&b, label, ln);
        rd_buf_put(&b, "\t", 1);
        rd_tsv_u64(&b, rd_vocab_df(v, t));
        rd_buf_put(&b, "\t", 1);
        rd_tsv_u64(&b, rd_vocab_tf(v, t));
        rd_buf_put(&b, "\n", 1);
        if (b.n > OUTBUF)
            rc = rd_tsv_flush(&b, stdout, "standard output", err);
    }
    if (rc == RD_OK)
        rc = rd_tsv_flush(&b, stdout, "standard output", err);
    free(b.s);
    free(order);
    return rc;
}

rd_status rd_cli_text(const rd_cli_opts *op)
{
    rd_err err = {0};
    rd_files_set files = {0};
    rd_stop *stop = NULL;
    rd_progress *prog = NULL;
    rd_cli_priv *priv = NULL;
    rd_ts_result res = {0};
    rd_status rc;
    emit_ctx ec = {op->cmd == RD_CMD_INSPECT
                       ? "respondent\tpassage\tspeaker\trole\tsource\ttext\n"
                       : "respondent\tpassage\ttoken\tnorm\tstem\tkept\n"};
    double t0 = rd_ts_now(), t_discover;
    if ((rc = rd_cli_files(op, &files)) != RD_OK || (rc = rd_cli_stopwords(op, &stop)) != RD_OK)
        goto done;
    /* the lexicon decides CSV id columns (vocab counts terms whatever the ids) and, for
     * vocab, which words are names of people */
    if ((rc = rd_cli_priv_new(&files.path, op->threads,
                              op->cmd == RD_CMD_VOCAB ? RD_CLI_PRIV_PEOPLE : RD_CLI_PRIV_COLUMNS,
                              &priv)) != RD_OK)
        goto done;
    rd_ts_opts o = {.mode = op->cmd == RD_CMD_VOCAB ? RD_TS_COUNT : RD_TS_VISIT,
                    .stop = stop,
                    .people = rd_cli_priv_people(priv),
                    .visit = op->cmd == RD_CMD_INSPECT ? visit_inspect : visit_tokens,
                    .emit = emit_stdout,
                    .visit_ctx = &ec};
    t_discover = rd_ts_now() - t0;
    if ((rc = rd_cli_text_stage(op, &files, &o, priv, &prog, &res)) != RD_OK)
        goto done;
    if (op->cmd == RD_CMD_VOCAB && (rc = write_vocab(res.vocab, &err)) != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
        goto done;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "rodedraad: writing to standard output failed: %s\n", strerror(errno));
        rc = RD_EIO;
    }
    if (getenv("RODEDRAAD_TIMINGS")) /* stage timings for benchmarks, in the C locale */
        fprintf(stderr,
                "timings: files=%zu bytes=%zu passages=%zu rows=%zu discover_s=%.4f read_s=%.4f "
                "analyse_s=%.4f merge_s=%.4f total_s=%.4f learn_s=%.4f\n",
                res.n_docs, res.bytes, res.n_passages, res.n_rows, t_discover, res.t_read_s,
                res.t_analyse_s, res.t_merge_s, rd_ts_now() - t0, res.t_learn_s);
done:
    rd_ts_result_free(&res);
    rd_cli_priv_free(priv);
    rd_files_set_free(&files);
    rd_stop_free(stop);
    return rc;
}
