/* io/cli/options.h — the command line: what the user asked for, parsed and checked.
 *
 * rd_cli_parse reads argv (the subcommand first, then options and INPUT in any order, as
 * getopt_long permutes them), prints --help and --version itself, and prints one line
 * for a usage error. Every value is checked here; the subcommands trust what they get. */
#ifndef RD_CLI_OPTIONS_H
#define RD_CLI_OPTIONS_H

#include <stddef.h>

#include "engine/lists.h"
#include "engine/represent.h"
#include "engine/status.h"
#include "io/write/csv.h"

/* --format: what run writes; RD_FMT_QDPX (rodedraad.qdpx and themes.qdc) is not in the
 * default set. */
enum { RD_FMT_CSV = 1, RD_FMT_XLSX = 2, RD_FMT_JSON = 4, RD_FMT_HTML = 8, RD_FMT_QDPX = 16 };

/* --lists: the built-in word lists (the same bits as nlp/stopwords.h's RD_STOP_LIST_*) and
 * what is learned from the corpus (nlp/frames.h). */
enum { RD_LISTS_STOP = 1, RD_LISTS_FILLER = 2, RD_LISTS_FRAME = 4, RD_LISTS_BUILTIN = 7,
       RD_LISTS_LEARN = 8, RD_LISTS_PHRASE = 16, RD_LISTS_ALL = 31 };

typedef enum { RD_CMD_RUN, RD_CMD_INSPECT, RD_CMD_TOKENS, RD_CMD_VOCAB, RD_CMD_CLASSIFY } rd_cli_cmd;

/* Options whose values a saved model fixes (classify refuses them). */
enum { RD_GIVEN_ANALYSIS = 1 };

typedef struct {
    const char *cmd_name;
    rd_cli_cmd cmd;
    int segments, themes; /* 0 = auto */
    unsigned long long seed;
    int threads;
    unsigned long min_df;
    double max_df;
    double context;       /* --context: a neighbouring passage's weight in the themes */
    rd_strlist interviewers;
    rd_strlist stopwords;
    rd_strlist cues;
    unsigned formats;     /* RD_FMT_* */
    rd_csv_dialect csv_dialect; /* --csv-dialect (io/write/csv.h), default rfc4180 */
    unsigned lists_off;   /* RD_LISTS_* switched off by --lists (0: all on, the default) */
    int argc;
    char **argv;          /* the whole command line, for the manifest */
    const char *csv_id, *csv_text, *names, *format, *outdir; /* classify: outdir is -o FILE */
    const char *model_dir;   /* classify: MODEL_DIR (the first INPUT) */
    const char *codebook;    /* run: --codebook, topic cards (io/read/codebook.h) */
    const char *key_file;    /* run: --key-file, the pseudonym key (io/cli/keyfile.h) */
    const char *attributes;  /* run: --attributes, respondent attributes by id (CSV/TSV) */
    const char *journey;     /* run: --journey FILE, or "none"; NULL: the built-in journey */
    const char *previous;    /* run: --previous OUTDIR, the previous wave (io/cli/previous.h) */
    int no_redact, force, quiet, skip_bad;
    unsigned given;          /* RD_GIVEN_*: options that classify refuses, when given */
    rd_represent_kind represent;
    char **inputs;
    size_t n_inputs;
} rd_cli_opts;

/* Fills *op from argv. RD_OK: run op->cmd; *done is 1 when --help or --version was
 * printed and there is nothing to run. RD_EINVAL: a usage error, already printed.
 * RD_ENOMEM: out of memory. Free with rd_cli_opts_free whatever the outcome. */
rd_status rd_cli_parse(int argc, char **argv, rd_cli_opts *op, int *done);
void rd_cli_opts_free(rd_cli_opts *op);

#endif
