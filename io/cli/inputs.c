/* io/cli/inputs.c — see inputs.h. */
#include "io/cli/inputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/cli/account.h"
#include "io/read/files.h"
#include "io/read/pathname.h"
#include "io/read/reader.h"
#include "nlp/stem.h"

void rd_cli_print_problems(const rd_errlist *l, const char *prefix)
{
    for (size_t i = 0; i < l->n; i++) {
        char *safe = rd_pathname_safe(l->v[i].msg);
        fprintf(stderr, "rodedraad: %s%s\n", prefix, safe ? safe : l->v[i].msg);
        free(safe);
    }
}

/* run: an OUTDIR inside an input folder would be read back by the next run (its CSV
 * tables as transcripts), and an input inside OUTDIR could be replaced: both refused. */
static rd_status check_outdir(const rd_cli_opts *op)
{
    size_t which = 0;
    int clash = op->outdir ? rd_files_outdir_clash(op->inputs, op->n_inputs, op->outdir, &which)
                           : 0;
    char *out = clash ? rd_pathname_show(op->outdir) : NULL;
    char *in = clash ? rd_pathname_show(op->inputs[which]) : NULL;
    if (clash && (!out || !in)) {
        fprintf(stderr, "rodedraad: out of memory\n");
    } else if (clash == 1) {
        fprintf(stderr, "rodedraad: the output folder %s is inside the input folder %s: the "
                "next run would read its tables back as transcripts; choose an output folder "
                "outside %s\n", out, in, in);
    } else if (clash == 2) {
        fprintf(stderr, "rodedraad: the input %s is inside the output folder %s, which a run "
                "replaces; choose an output folder that holds no input\n", in, out);
    }
    free(out);
    free(in);
    return clash ? (out && in ? RD_EINVAL : RD_ENOMEM) : RD_OK;
}

rd_status rd_cli_files(const rd_cli_opts *op, rd_files_set *files)
{
    rd_err err = {0};
    rd_errlist problems = {0};
    rd_status rc = check_outdir(op);
    if (rc != RD_OK)
        return rc;
    rc = rd_files_expand(op->inputs, op->n_inputs, files, &problems, &err);
    if (rc != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
    } else {
        rd_status told = rd_cli_account_found(op, files);
        if (problems.n) {
            rd_cli_print_problems(&problems, "");
            fprintf(stderr, "rodedraad: check the paths given and that the files are readable\n");
            rc = RD_ENOINPUT;
        } else if (told == RD_OK && files->path.n == 0) {
            fprintf(stderr, "rodedraad: nothing to read: every file given was set aside (see "
                    "the warnings above)\n");
            rc = RD_ENOINPUT;
        } else {
            rc = told;
        }
    }
    rd_errlist_free(&problems);
    return rc;
}

/* Loads the built-in list and every file of extra into a new set, through the set's own
 * new/builtin/load/free functions (stop words and cues share the shape). */
#define LOAD_LISTS(type, new_fn, builtin_fn, load_fn, free_fn, extra, out)                      \
    do {                                                                                        \
        type *set_ = NULL;                                                                      \
        rd_err err_ = {0};                                                                      \
        rd_status rc_;                                                                          \
        *(out) = NULL;                                                                          \
        if ((rc_ = new_fn(&set_, &err_)) == RD_OK)                                              \
            rc_ = builtin_fn(set_, &err_);                                                      \
        for (size_t i_ = 0; rc_ == RD_OK && i_ < (extra)->n; i_++) {                           \
            char *buf_;                                                                         \
            size_t n_;                                                                          \
            if ((rc_ = rd_files_read((extra)->v[i_], 16u << 20, &buf_, &n_, &err_)) != RD_OK)    \
                break;                                                                          \
            char *shown_ = rd_pathname_show((extra)->v[i_]);                                    \
            rc_ = load_fn(set_, buf_, n_, shown_ ? shown_ : (extra)->v[i_], &err_);            \
            free(shown_);                                                                       \
            free(buf_);                                                                         \
        }                                                                                       \
        if (rc_ != RD_OK) {                                                                     \
            char *safe_ = rd_pathname_safe(err_.msg);                                           \
            fprintf(stderr, "rodedraad: %s\n", safe_ ? safe_ : err_.msg);                       \
            free(safe_);                                                                        \
            free_fn(set_);                                                                      \
            return rc_;                                                                         \
        }                                                                                       \
        *(out) = set_;                                                                          \
        return RD_OK;                                                                           \
    } while (0)

/* The built-in lists --lists names (all by default). */
#define STOP_BUILTIN(set, err) rd_stop_load_lists((set), RD_LISTS_BUILTIN & ~op->lists_off, (err))

rd_status rd_cli_stopwords(const rd_cli_opts *op, rd_stop **out)
{
    LOAD_LISTS(rd_stop, rd_stop_new, STOP_BUILTIN, rd_stop_load, rd_stop_free, &op->stopwords,
               out);
}

rd_status rd_cli_cues(const rd_cli_opts *op, rd_cues **out)
{
    LOAD_LISTS(rd_cues, rd_cues_new, rd_cues_load_builtin, rd_cues_load, rd_cues_free, &op->cues,
               out);
}

rd_status rd_cli_journey(const rd_cli_opts *op, rd_journey **out)
{
    rd_err err = {0};
    rd_status rc;
    char *buf = NULL;
    size_t n = 0;
    *out = NULL;
    if (op->journey && strcmp(op->journey, "none") == 0)
        return RD_OK;
    if (!op->journey) {
        rc = rd_journey_load_builtin(RD_STEM_ALGORITHM, out, &err);
    } else if ((rc = rd_files_read(op->journey, 16u << 20, &buf, &n, &err)) == RD_OK) {
        char *shown = rd_pathname_show(op->journey);
        rc = rd_journey_load(buf, n, shown ? shown : op->journey, RD_STEM_ALGORITHM, out, &err);
        free(shown);
        free(buf);
    }
    if (rc != RD_OK) {
        char *safe = rd_pathname_safe(err.msg);
        fprintf(stderr, "rodedraad: %s\n", safe ? safe : err.msg);
        free(safe);
    }
    return rc;
}

/* RODEDRAAD_FRAMES set: what the text stage learned from the corpus (nlp/frames.h), as TSV
 * on stderr, for people who want to see it (a diagnostic, like RODEDRAAD_TIMINGS). */
static void print_frames(const rd_frames *fr)
{
    static const char *const kinds[] = {"frame word", "formula", "formula word", "phrase"};
    const rd_fr_item *it;
    size_t n = rd_fr_items(fr, &it), resp, words;
    rd_fr_sample_stats(fr, &resp, &words);
    fprintf(stderr, "frames: sample of %zu respondents, %zu words\nkind\ttext\tcount\trespondents\tscore\n",
            resp, words);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s\t%s\t%u\t%u\t%.3f\n", kinds[it[i].kind], it[i].text, it[i].count,
                it[i].resp, it[i].score);
}

rd_status rd_cli_text_stage(const rd_cli_opts *op, const rd_files_set *fs, rd_ts_opts *o,
                            rd_cli_priv *priv, rd_progress **prog, rd_ts_result *res)
{
    rd_err err = {0};
    rd_errlist problems = {0};
    rd_reader *rdr = NULL;
    const rd_strlist *files = &fs->path;
    rd_reader_opts ro = {.max_bytes = RD_CLI_MAX_FILE_BYTES,
                         .labels = {op->interviewers.v, op->interviewers.n},
                         .csv_id = op->csv_id, .csv_text = op->csv_text,
                         .lex = rd_cli_priv_lex(priv)};
    o->threads = op->threads;
    o->skip_bad = op->skip_bad;
    o->min_df = op->cmd == RD_CMD_CLASSIFY ? 1 : op->min_df; /* classify: the model decides */
    o->max_df = op->cmd == RD_CMD_CLASSIFY ? 1.0 : op->max_df;
    o->algo = RD_STEM_ALGORITHM;
    /* what --lists leaves on to learn from the corpus; inspect shows passages, not words */
    o->learn = op->cmd == RD_CMD_INSPECT || op->cmd == RD_CMD_CLASSIFY ? 0
               : ((op->lists_off & RD_LISTS_LEARN) ? 0 : RD_FR_FRAMES) |
                     ((op->lists_off & RD_LISTS_PHRASE) ? 0 : RD_FR_PHRASES);
    /* Counting is done with a file before the next is read: each worker keeps one read
     * buffer and one transcript workspace. */
    rd_status rc = rd_reader_new(files, &ro, op->threads, o->mode == RD_TS_COUNT, &rdr, &err);
    if (rc == RD_OK) {
        rd_ts_sources src = rd_cli_priv_sources(priv, rd_reader_sources(rdr));
        rc = rd_ts_run(&src, o, res, &problems, &err);
    }
    if (rc != RD_OK || problems.n) {
        rd_progress_stop(*prog);
        *prog = NULL;
    }
    if (*prog && (res->skipped.n || res->notes.n))
        fputs("\r\033[K", stderr); /* the warnings start on a clean line */
    rd_cli_print_problems(&res->skipped, "warning: skipped ");
    rd_cli_print_problems(&res->notes, "warning: ");
    rd_cli_priv_notes(priv);
    if (problems.n) {
        rd_cli_print_problems(&problems, "");
        fprintf(stderr,
                "rodedraad: %zu of %zu files could not be used; fix them, or rerun with "
                "--skip-bad to leave them out\n",
                problems.n, files->n);
    } else if (rc != RD_OK) {
        char *safe = rd_pathname_safe(err.msg);
        fprintf(stderr, "rodedraad: %s\n", safe ? safe : err.msg);
        free(safe);
    }
    if (rc == RD_OK)
        rd_cli_account_tally(fs, res);
    if (rc == RD_OK && res->frames && getenv("RODEDRAAD_FRAMES"))
        print_frames(res->frames);
    rd_errlist_free(&problems);
    rd_reader_free(rdr);
    return rc;
}
