/* io/cli/options.c — see options.h. */
#include "io/cli/options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/blas.h"
#include "engine/pool.h"
#include "engine/select.h"
#include "nlp/normalise.h"
#include "nlp/stem.h"

#ifndef RD_VERSION
#define RD_VERSION "0.0.0"
#endif

static const char *usage_text =
    "Usage:\n"
    "  rodedraad run     [OPTIONS] INPUT... -o OUTDIR   full analysis, writes OUTDIR\n"
    "  rodedraad inspect [OPTIONS] INPUT...             parsed passages, TSV on stdout\n"
    "  rodedraad tokens  [OPTIONS] INPUT...             tokens, TSV on stdout\n"
    "  rodedraad vocab   [OPTIONS] INPUT...             term table, TSV on stdout\n"
    "  rodedraad classify [OPTIONS] MODEL_DIR INPUT... [-o FILE]\n"
    "                    place new respondents on a run's segments (MODEL_DIR: the\n"
    "                    run's output folder); TSV on stdout, or CSV into FILE\n"
    "  rodedraad --help | --version\n"
    "\n"
    "INPUT is a file or a folder (read recursively in sorted path order; hidden files are\n"
    "skipped; in folders, .txt, .md, .docx, .odt, .pdf, .vtt, .srt, .csv and .tsv files are\n"
    "read; every other file found is named in a warning or counted, never silently lost).\n"
    "\n"
    "Options:\n"
    "  -k, --segments N|auto   number of segments (default auto)\n"
    "  -t, --themes N|auto     number of themes (default auto)\n"
    "      --seed N            random seed (default 1)\n"
    "  -j, --threads N         worker threads (default: all cores)\n"
    "      --min-df N          keep terms found in at least N passages (default 2)\n"
    "      --max-df F          and in at most this fraction of passages (default 0.5)\n"
    "      --context W         run: themes read each passage with its neighbours in the\n"
    "                          conversation, each weighing W against its own words\n"
    "                          (default 0.25); 0: every passage alone\n"
    "      --interviewer LABEL an extra interviewer label (repeatable)\n"
    "      --stopwords FILE    extra stop words, one per line (repeatable)\n"
    "      --lists LIST        diagnostic: the word lists and what is learned from the\n"
    "                          corpus that keep words out of the terms: any of stop,\n"
    "                          filler, frame (built-in lists), learn (frame words and\n"
    "                          formulas found in the corpus), phrase (multi-word terms),\n"
    "                          or none (default all five)\n"
    "      --cues FILE         extra motivation/tension cue words, \"KIND WORD\" lines\n"
    "                          (repeatable; see nlp/data/cues-nl.txt)\n"
    "      --journey FILE|none run: the stages of the tenant's journey with their cues\n"
    "                          (default: the built-in Dutch housing career, see\n"
    "                          nlp/data/journey-nl.txt); none: no journey\n"
    "      --csv-id COL        CSV/TSV input: the respondent id column (default: found by\n"
    "                          name: respondent, id, nr, …; never a column of names)\n"
    "      --csv-text COL      CSV/TSV input: the answer column (default: found by name:\n"
    "                          antwoord, tekst, text, bericht, opmerking, …)\n"
    "      --names FILE        persona names from an earlier names.tsv\n"
    "      --codebook FILE     run: topic cards (themakaartjes), each the seed of a theme:\n"
    "                          text (a card per block: name, then its words), CSV (card,\n"
    "                          words) or a REFI-QDA codebook (.qdc)\n"
    "      --attributes FILE   run: respondent attributes, a CSV/TSV file with one row\n"
    "                          per respondent id (the transcript's file name without\n"
    "                          extension; id column found by name or --csv-id); each is\n"
    "                          summarised and tested per segment (attributes.csv)\n"
    "      --previous OUTDIR   run: the previous wave's output folder: start the segments\n"
    "                          from its model, carry its names, report what changed\n"
    "                          (shifts.csv)\n"
    "      --format LIST       outputs of run: any of xlsx,csv,json,html,qdpx (default\n"
    "                          xlsx,csv,json,html; names.tsv is always written; qdpx:\n"
    "                          a REFI-QDA project rodedraad.qdpx and codebook themes.qdc)\n"
    "      --csv-dialect D     CSV files: rfc4180 (default: ',', decimal point) or excel-nl\n"
    "                          (for Dutch Excel: ';', UTF-8 BOM, decimal comma, lists\n"
    "                          in a cell separated by ' | ')\n"
    "      --no-redact         do not mask personal data in exports\n"
    "      --key-file FILE     run: the key that keeps pseudonyms (for ids that carry a\n"
    "                          person's name) stable across runs; made when missing\n"
    "      --force             replace rodedraad's files in a non-empty OUTDIR\n"
    "      --represent R       respondents for segmenting: profile (theme shares),\n"
    "                          lsa (SVD of their TF-IDF) or both (default lsa)\n"
    "  -o, --output OUTDIR     output folder of run; classify: the CSV file to write\n"
    "  -q, --quiet             no progress on stderr\n"
    "      --skip-bad          leave out files that cannot be used (bad content, broken\n"
    "                          links, unreadable folders) with a warning\n"
    "  -h, --help              this text\n"
    "  -V, --version           version and library versions\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 bad input data, 66 input missing, 70 internal,\n"
    "73 cannot create output, 74 I/O error,\n130 interrupted (Ctrl-C), 143 terminated.\n";

__attribute__((format(printf, 1, 2))) static rd_status usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "rodedraad: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nrodedraad: see 'rodedraad --help' for usage\n");
    return RD_EINVAL;
}

static int parse_count(const char *s, int lo, int hi, int allow_auto, int *out)
{
    char *end;
    if (allow_auto && strcmp(s, "auto") == 0) {
        *out = 0;
        return 0;
    }
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* The git commit, defined in the executable alone (io/cli/commit.cmake); a weak
 * reference, so the tests that link this library without it print "unknown". */
const char *rd_cli_commit(void) __attribute__((weak));

static void print_version(void)
{
    printf("rodedraad %s\n", RD_VERSION);
    printf("stemmer: Snowball \"%s\" (libstemmer %s)\n", RD_STEM_ALGORITHM,
           rd_stem_library_version());
    printf("unicode: %s (utf8proc)\n", rd_norm_unicode_version());
    printf("blas: %s\n", rd_blas_info());
    printf("commit: %s\n", rd_cli_commit ? rd_cli_commit() : "unknown");
}

/* "xlsx,csv,json,html,qdpx" → RD_FMT_* bits; 0 for an unknown or empty entry. */
static unsigned parse_formats(const char *s)
{
    unsigned f = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n == 3 && strncmp(s, "csv", 3) == 0)
            f |= RD_FMT_CSV;
        else if (n == 4 && strncmp(s, "xlsx", 4) == 0)
            f |= RD_FMT_XLSX;
        else if (n == 4 && strncmp(s, "json", 4) == 0)
            f |= RD_FMT_JSON;
        else if (n == 4 && strncmp(s, "html", 4) == 0)
            f |= RD_FMT_HTML;
        else if (n == 4 && strncmp(s, "qdpx", 4) == 0)
            f |= RD_FMT_QDPX;
        else
            return 0;
        s += n;
        if (*s == ',' && *++s == '\0')
            return 0;
    }
    return f;
}

/* "stop,filler,frame,learn,phrase" or "none" -> RD_LISTS_* bits; -1 for an unknown or empty
 * entry. */
static int parse_lists(const char *s)
{
    static const char *const names[] = {"stop", "filler", "frame", "learn", "phrase"};
    int f = 0;
    if (strcmp(s, "none") == 0)
        return 0;
    if (!*s)
        return -1;
    while (*s) {
        size_t n = strcspn(s, ","), k = 0;
        while (k < 5 && !(strlen(names[k]) == n && strncmp(s, names[k], n) == 0))
            k++;
        if (k == 5)
            return -1;
        f |= 1 << k;
        s += n;
        if (*s == ',' && *++s == '\0')
            return -1;
    }
    return f;
}

/* Applies option c (getopt_long's value) with its argument; args and optind name the
 * option in messages. A flat switch over the options. */
static rd_status apply_option(rd_cli_opts *op, int c, char **args, int *done)
{
    rd_status rc = RD_OK;
    char *end;
    switch (c) { /* what a saved model fixes: classify refuses it (rd_cli_parse) */
    case 'k': case 't': case 2: case 3: case 5: case 14: case 8: case 9: case 13: case 15:
    case 17: case 41: case 42: case 43: case 44:
        op->given |= RD_GIVEN_ANALYSIS;
        break;
    default:
        break;
    }
    switch (c) {
    case 'k':
        if (parse_count(optarg, 1, 1000, 1, &op->segments))
            rc = usage_error("-k/--segments wants a number from 1 to 1000 or 'auto', not '%s'", optarg);
        break;
    case 't':
        if (parse_count(optarg, 1, 1000, 1, &op->themes))
            rc = usage_error("-t/--themes wants a number from 1 to 1000 or 'auto', not '%s'", optarg);
        break;
    case 1:
        errno = 0;
        op->seed = strtoull(optarg, &end, 10);
        if (errno || *end || end == optarg || optarg[0] == '-')
            rc = usage_error("--seed wants a non-negative whole number, not '%s'", optarg);
        break;
    case 'j':
        if (parse_count(optarg, 1, 1024, 0, &op->threads))
            rc = usage_error("-j/--threads wants a number from 1 to 1024, not '%s'", optarg);
        break;
    case 2: {
        int v;
        if (parse_count(optarg, 1, INT_MAX, 0, &v))
            rc = usage_error("--min-df wants a whole number of at least 1, not '%s'", optarg);
        else
            op->min_df = (unsigned long)v;
        break;
    }
    case 3:
        errno = 0;
        op->max_df = strtod(optarg, &end);
        if (errno || *end || end == optarg || !(op->max_df > 0.0 && op->max_df <= 1.0))
            rc = usage_error("--max-df wants a fraction above 0 and at most 1, not '%s'", optarg);
        break;
    case 44:
        errno = 0;
        op->context = strtod(optarg, &end);
        if (errno || *end || end == optarg || !(op->context >= 0.0 && op->context <= 1.0))
            rc = usage_error("--context wants a weight from 0 to 1, not '%s'", optarg);
        break;
    case 4: /* --interviewer, --stopwords, --cues: repeatable, each value kept */
    case 5:
    case 14: {
        rd_strlist *l = c == 4 ? &op->interviewers : c == 5 ? &op->stopwords : &op->cues;
        if (rd_strlist_push(l, optarg, NULL) != RD_OK)
            rc = RD_ENOMEM;
        break;
    }
    case 6: op->csv_id = optarg; break;
    case 7: op->csv_text = optarg; break;
    case 8: op->names = optarg; break;
    case 9:
        op->format = optarg;
        if (!(op->formats = parse_formats(optarg)))
            rc = usage_error("--format wants a comma-separated list of xlsx, csv, json, html and qdpx, "
                               "not '%s'",
                               optarg);
        break;
    case 10: op->no_redact = 1; break;
    case 11: op->force = 1; break;
    case 12: op->skip_bad = 1; break;
    case 13:
        if (strcmp(optarg, "profile") == 0)
            op->represent = RD_REP_PROFILE;
        else if (strcmp(optarg, "lsa") == 0)
            op->represent = RD_REP_LSA;
        else if (strcmp(optarg, "both") == 0)
            op->represent = RD_REP_BOTH;
        else
            rc = usage_error("--represent wants profile, lsa or both, not '%s'", optarg);
        break;
    case 15: {
        int l = parse_lists(optarg);
        if (l < 0)
            rc = usage_error("--lists wants 'none' or a comma-separated list of stop, filler, "
                             "frame, learn and phrase, not '%s'",
                             optarg);
        else
            op->lists_off = RD_LISTS_ALL & ~(unsigned)l;
        break;
    }
    case 16:
        if (rd_csv_dialect_parse(optarg, &op->csv_dialect) != 0)
            rc = usage_error("--csv-dialect wants rfc4180 or excel-nl, not '%s'", optarg);
        break;
    case 17: op->codebook = optarg; break;
    case 40: op->key_file = optarg; break;
    case 41: op->attributes = optarg; break;
    case 42: op->journey = optarg; break;
    case 43: op->previous = optarg; break;
    case 'o': op->outdir = optarg; break;
    case 'q': op->quiet = 1; break;
    case 'h':
        fputs(usage_text, stdout);
        *done = 1;
        break;
    case 'V':
        print_version();
        *done = 1;
        break;
    case ':':
        rc = usage_error("option '%s' needs a value", args[optind - 1]);
        break;
    default:
        rc = usage_error("unknown option '%s'", args[optind - 1]);
        break;
    }
    return rc;
}

static const struct {
    const char *name;
    rd_cli_cmd cmd;
} commands[] = {{"run", RD_CMD_RUN}, {"inspect", RD_CMD_INSPECT}, {"tokens", RD_CMD_TOKENS},
                {"vocab", RD_CMD_VOCAB}, {"classify", RD_CMD_CLASSIFY}};

rd_status rd_cli_parse(int argc, char **argv, rd_cli_opts *op, int *done)
{
    static const struct option longopts[] = {
        {"segments", required_argument, NULL, 'k'},
        {"themes", required_argument, NULL, 't'},
        {"seed", required_argument, NULL, 1},
        {"threads", required_argument, NULL, 'j'},
        {"min-df", required_argument, NULL, 2},
        {"max-df", required_argument, NULL, 3},
        {"interviewer", required_argument, NULL, 4},
        {"stopwords", required_argument, NULL, 5},
        {"csv-id", required_argument, NULL, 6},
        {"csv-text", required_argument, NULL, 7},
        {"names", required_argument, NULL, 8},
        {"format", required_argument, NULL, 9},
        {"no-redact", no_argument, NULL, 10},
        {"force", no_argument, NULL, 11},
        {"skip-bad", no_argument, NULL, 12},
        {"represent", required_argument, NULL, 13},
        {"cues", required_argument, NULL, 14},
        {"lists", required_argument, NULL, 15},
        {"csv-dialect", required_argument, NULL, 16},
        {"codebook", required_argument, NULL, 17},
        {"key-file", required_argument, NULL, 40},
        {"attributes", required_argument, NULL, 41},
        {"journey", required_argument, NULL, 42},
        {"previous", required_argument, NULL, 43},
        {"context", required_argument, NULL, 44},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};

    rd_status rc = RD_OK;
    memset(op, 0, sizeof *op);
    *op = (rd_cli_opts){.seed = 1, .min_df = 2, .max_df = 0.5,
                        .context = RD_SELECT_THEME_CONTEXT, .represent = RD_REP_LSA,
                        .formats = RD_FMT_CSV | RD_FMT_XLSX | RD_FMT_JSON | RD_FMT_HTML,
                        .argc = argc, .argv = argv, .threads = rd_pool_cores()};
    *done = 0;
    if (argc >= 2 && argv[1][0] != '-')
        op->cmd_name = argv[1];
    int first = op->cmd_name ? 2 : 1;
    char **args = argv + first - 1;
    int nargs = argc - first + 1;
    int c;
    opterr = 0;
    optind = 0; /* glibc: 0 starts getopt afresh; 1 would resume a group of short options an
                   earlier parse stopped in (-hq after the h) */
    while (rc == RD_OK && !*done &&
           (c = getopt_long(nargs, args, ":k:t:j:o:qhV", longopts, NULL)) != -1)
        rc = apply_option(op, c, args, done);
    if (rc != RD_OK || *done)
        return rc;
    if (!op->cmd_name)
        return usage_error("%s", "no subcommand given (run, classify, inspect, tokens or vocab)");
    op->inputs = args + optind;
    op->n_inputs = (size_t)(nargs - optind);
    size_t k = 0;
    while (k < sizeof commands / sizeof *commands && strcmp(op->cmd_name, commands[k].name) != 0)
        k++;
    if (k == sizeof commands / sizeof *commands)
        return usage_error("unknown subcommand '%s' (run, classify, inspect, tokens or vocab)",
                           op->cmd_name);
    op->cmd = commands[k].cmd;
    if (op->cmd == RD_CMD_CLASSIFY) {
        if (op->given & RD_GIVEN_ANALYSIS)
            return usage_error("%s", "classify takes its word lists, cards, journey and sizes "
                                     "from the model; leave out -k, -t, --min-df, --max-df, "
                                     "--context, --stopwords, --cues, --lists, --codebook, "
                                     "--journey, --attributes, --names, --previous, --represent "
                                     "and --format");
        if (op->n_inputs < 2)
            return usage_error("%s", "classify: give MODEL_DIR (the output folder of a run) and "
                                     "at least one INPUT");
        op->model_dir = op->inputs[0];
        op->inputs++;
        op->n_inputs--;
        return RD_OK;
    }
    if (op->n_inputs == 0)
        return usage_error("%s: no INPUT given (a transcript file or a folder)", op->cmd_name);
    if (op->outdir && op->cmd != RD_CMD_RUN)
        return usage_error("-o/--output applies to 'run' only; '%s' writes to standard output",
                           op->cmd_name);
    if (op->cmd == RD_CMD_RUN && !op->outdir)
        return usage_error("%s", "run: no output folder given; add -o OUTDIR");
    return RD_OK;
}

void rd_cli_opts_free(rd_cli_opts *op)
{
    rd_strlist_free(&op->interviewers);
    rd_strlist_free(&op->stopwords);
    rd_strlist_free(&op->cues);
}
