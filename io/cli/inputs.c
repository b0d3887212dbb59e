/* io/cli/inputs.c — see inputs.h. */
#include "io/cli/inputs.h"

#include <stdio.h>
#include <stdlib.h>

#include "io/read/files.h"
#include "io/read/reader.h"
#include "nlp/stem.h"

void rd_cli_print_problems(const rd_errlist *l, const char *prefix)
{
    for (size_t i = 0; i < l->n; i++)
        fprintf(stderr, "rodedraad: %s%s\n", prefix, l->v[i].msg);
}

rd_status rd_cli_files(const rd_cli_opts *op, rd_strlist *files)
{
    rd_err err = {0};
    rd_errlist problems = {0};
    rd_status rc = rd_files_expand(op->inputs, op->n_inputs, files, &problems, &err);
    if (rc != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
    } else if (problems.n) {
        rd_cli_print_problems(&problems, "");
        fprintf(stderr, "rodedraad: check the paths given and that the files are readable\n");
        rc = RD_ENOINPUT;
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
            rc_ = load_fn(set_, buf_, n_, (extra)->v[i_], &err_);                               \
            free(buf_);                                                                         \
        }                                                                                       \
        if (rc_ != RD_OK) {                                                                     \
            fprintf(stderr, "rodedraad: %s\n", err_.msg);                                       \
            free_fn(set_);                                                                      \
            return rc_;                                                                         \
        }                                                                                       \
        *(out) = set_;                                                                          \
        return RD_OK;                                                                           \
    } while (0)

rd_status rd_cli_stopwords(const rd_cli_opts *op, rd_stop **out)
{
    LOAD_LISTS(rd_stop, rd_stop_new, rd_stop_load_builtin, rd_stop_load, rd_stop_free,
               &op->stopwords, out);
}

rd_status rd_cli_cues(const rd_cli_opts *op, rd_cues **out)
{
    LOAD_LISTS(rd_cues, rd_cues_new, rd_cues_load_builtin, rd_cues_load, rd_cues_free, &op->cues,
               out);
}

rd_status rd_cli_text_stage(const rd_cli_opts *op, const rd_strlist *files, rd_ts_opts *o,
                            rd_cli_priv *priv, rd_progress **prog, rd_ts_result *res)
{
    rd_err err = {0};
    rd_errlist problems = {0};
    rd_reader *rdr = NULL;
    rd_reader_opts ro = {.max_bytes = RD_CLI_MAX_FILE_BYTES,
                         .labels = {op->interviewers.v, op->interviewers.n},
                         .csv_id = op->csv_id, .csv_text = op->csv_text,
                         .lex = rd_cli_priv_lex(priv)};
    o->threads = op->threads;
    o->skip_bad = op->skip_bad;
    o->min_df = op->min_df;
    o->max_df = op->max_df;
    o->algo = RD_STEM_ALGORITHM;
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
    if (problems.n) {
        rd_cli_print_problems(&problems, "");
        fprintf(stderr,
                "rodedraad: %zu of %zu files could not be used; fix them, or rerun with "
                "--skip-bad to leave them out\n",
                problems.n, files->n);
    } else if (rc != RD_OK) {
        fprintf(stderr, "rodedraad: %s\n", err.msg);
    }
    rd_errlist_free(&problems);
    rd_reader_free(rdr);
    return rc;
}
