/* tests/unit/io/cli/test_options.c — the command line: the defaults, every option in its
 * short, long and --name=value forms, options and INPUT in any order, each value check
 * and usage error (RD_EINVAL with its one line on standard error), and --help/--version
 * (printed on standard output, done set). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "engine/pool.h"
#include "engine/select.h"
#include "io/cli/options.h"
#include "tests/unit/io/cli/capture.h"

/* argv[0] "rodedraad", then the NULL-terminated args. */
#define ARGV(...) ((char *[]){"rodedraad", __VA_ARGS__, NULL})

static int count(char **argv)
{
    int n = 0;
    while (argv[n])
        n++;
    return n;
}

/* Parses argv with standard output and standard error captured into *out / *errs (each
 * free(); may be NULL to drop them). */
static rd_status parse(char **argv, rd_cli_opts *op, int *done, char **out, char **errs)
{
    capture co, ce;
    assert_int_equal(capture_begin(&co, stdout, test_dir, "stdout"), 0);
    assert_int_equal(capture_begin(&ce, stderr, test_dir, "stderr"), 0);
    rd_status rc = rd_cli_parse(count(argv), argv, op, done);
    char *e = capture_end(&ce), *o = capture_end(&co);
    assert_non_null(o);
    assert_non_null(e);
    if (out)
        *out = o;
    else
        free(o);
    if (errs)
        *errs = e;
    else
        free(e);
    return rc;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Expects a usage error whose first line is "rodedraad: <msg>". */
static void expect_usage(char **argv, const char *msg)
{
    rd_cli_opts op;
    int done = -1;
    char *out, *errs, want[1024];
    assert_int_equal(parse(argv, &op, &done, &out, &errs), RD_EINVAL);
    snprintf(want, sizeof want, "rodedraad: %s\nrodedraad: see 'rodedraad --help' for usage\n",
             msg);
    assert_string_equal(errs, want);
    assert_string_equal(out, "");
    assert_int_equal(done, 0);
    free(out);
    free(errs);
    rd_cli_opts_free(&op);
}

static void test_defaults(void **state)
{
    (void)state;
    rd_cli_opts op;
    int done = -1;
    char *errs;
    char **argv = ARGV("inspect", "interviews/");
    assert_int_equal(parse(argv, &op, &done, NULL, &errs), RD_OK);
    assert_string_equal(errs, "");
    assert_int_equal(done, 0);
    assert_string_equal(op.cmd_name, "inspect");
    assert_int_equal(op.cmd, RD_CMD_INSPECT);
    assert_int_equal(op.segments, 0);
    assert_int_equal(op.themes, 0);
    assert_int_equal(op.seed, 1);
    assert_int_equal(op.threads, rd_pool_cores());
    assert_int_equal(op.min_df, 2);
    assert_true(op.max_df == 0.5);
    assert_true(op.context == RD_SELECT_THEME_CONTEXT);
    assert_int_equal(op.formats, RD_FMT_CSV | RD_FMT_XLSX | RD_FMT_JSON | RD_FMT_HTML);
    assert_int_equal(op.represent, RD_REP_LSA);
    assert_int_equal(op.lists_off, 0); /* every list and all learning on */
    assert_int_equal(op.interviewers.n + op.stopwords.n + op.cues.n, 0);
    assert_null(op.csv_id);
    assert_null(op.csv_text);
    assert_null(op.names);
    assert_null(op.format);
    assert_null(op.outdir);
    assert_int_equal(op.no_redact + op.force + op.quiet + op.skip_bad, 0);
    assert_int_equal(op.argc, 3);
    assert_ptr_equal(op.argv, argv);
    assert_int_equal(op.n_inputs, 1);
    assert_string_equal(op.inputs[0], "interviews/");
    free(errs);
    rd_cli_opts_free(&op);

    const struct {
        const char *name;
        rd_cli_cmd cmd;
    } cmds[] = {{"tokens", RD_CMD_TOKENS}, {"vocab", RD_CMD_VOCAB}};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(parse(ARGV((char *)cmds[i].name, "a.txt"), &op, &done, NULL, NULL),
                         RD_OK);
        assert_int_equal(op.cmd, cmds[i].cmd);
        rd_cli_opts_free(&op);
    }
}

/* Every option, short forms, options and inputs mixed. */
static void test_every_option(void **state)
{
    (void)state;
    rd_cli_opts op;
    int done = -1;
    char *errs;
    assert_int_equal(
        parse(ARGV("run", "in1", "-k", "5", "-t", "auto", "--seed", "18446744073709551615", "-j",
                   "3", "--min-df", "4", "--max-df", "0.25", "--interviewer", "I",
                   "--interviewer", "Onderzoeker", "--stopwords", "s1.txt", "in2",
                   "--csv-id", "nr", "--csv-text", "antwoord", "--names", "n.tsv", "--format",
                   "json,csv", "--no-redact", "--force", "--skip-bad", "--represent", "both",
                   "--cues", "c1.txt", "--cues", "c2.txt", "-o", "out", "-q", "in3"),
              &op, &done, NULL, &errs),
        RD_OK);
    assert_string_equal(errs, "");
    assert_int_equal(done, 0);
    assert_int_equal(op.cmd, RD_CMD_RUN);
    assert_int_equal(op.segments, 5);
    assert_int_equal(op.themes, 0);
    assert_true(op.seed == 18446744073709551615ull);
    assert_int_equal(op.threads, 3);
    assert_int_equal(op.min_df, 4);
    assert_true(op.max_df == 0.25);
    assert_int_equal(op.interviewers.n, 2);
    assert_string_equal(op.interviewers.v[0], "I");
    assert_string_equal(op.interviewers.v[1], "Onderzoeker");
    assert_int_equal(op.stopwords.n, 1);
    assert_string_equal(op.stopwords.v[0], "s1.txt");
    assert_int_equal(op.cues.n, 2);
    assert_string_equal(op.cues.v[1], "c2.txt");
    assert_string_equal(op.csv_id, "nr");
    assert_string_equal(op.csv_text, "antwoord");
    assert_string_equal(op.names, "n.tsv");
    assert_string_equal(op.format, "json,csv");
    assert_int_equal(op.formats, RD_FMT_JSON | RD_FMT_CSV);
    assert_int_equal(op.no_redact, 1);
    assert_int_equal(op.force, 1);
    assert_int_equal(op.skip_bad, 1);
    assert_int_equal(op.represent, RD_REP_BOTH);
    assert_string_equal(op.outdir, "out");
    assert_int_equal(op.quiet, 1);
    assert_int_equal(op.n_inputs, 3); /* permuted behind the options, in order */
    assert_string_equal(op.inputs[0], "in1");
    assert_string_equal(op.inputs[1], "in2");
    assert_string_equal(op.inputs[2], "in3");
    free(errs);
    rd_cli_opts_free(&op);
}

/* Long forms, --name=value, attached short values, and the edges of each range. */
static void test_long_forms_and_edges(void **state)
{
    (void)state;
    rd_cli_opts op;
    int done;
    assert_int_equal(parse(ARGV("run", "--segments=1000", "--themes", "1", "--threads=1024",
                                "--output=uit", "--quiet", "--seed=0", "--min-df=1",
                                "--max-df=1", "--represent=profile", "--format=xlsx", "x"),
                           &op, &done, NULL, NULL),
                     RD_OK);
    assert_int_equal(op.segments, 1000);
    assert_int_equal(op.themes, 1);
    assert_int_equal(op.threads, 1024);
    assert_string_equal(op.outdir, "uit");
    assert_int_equal(op.quiet, 1);
    assert_int_equal(op.seed, 0);
    assert_int_equal(op.min_df, 1);
    assert_true(op.max_df == 1.0);
    assert_int_equal(op.represent, RD_REP_PROFILE);
    assert_int_equal(op.formats, RD_FMT_XLSX);
    rd_cli_opts_free(&op);
    assert_int_equal(parse(ARGV("run", "-k1", "-tauto", "-j2", "-ouit", "--represent", "lsa",
                                "--format", "csv,xlsx,json,html", "x"),
                           &op, &done, NULL, NULL),
                     RD_OK);
    assert_int_equal(op.segments, 1);
    assert_int_equal(op.themes, 0);
    assert_int_equal(op.threads, 2);
    assert_string_equal(op.outdir, "uit");
    assert_int_equal(op.represent, RD_REP_LSA);
    assert_int_equal(op.formats, RD_FMT_CSV | RD_FMT_XLSX | RD_FMT_JSON | RD_FMT_HTML);
    rd_cli_opts_free(&op);
    /* qdpx is asked for by name, never in the default set */
    assert_int_equal(parse(ARGV("run", "-ouit", "--format", "csv,qdpx", "x"), &op, &done, NULL,
                           NULL),
                     RD_OK);
    assert_int_equal(op.formats, RD_FMT_CSV | RD_FMT_QDPX);
    rd_cli_opts_free(&op);
}

/* --context: the default (with topic cards too), as given; out of range refused. */
static void test_context(void **state)
{
    (void)state;
    rd_cli_opts op;
    int done;
    assert_int_equal(parse(ARGV("run", "x", "-o", "o"), &op, &done, NULL, NULL), RD_OK);
    assert_true(op.context == RD_SELECT_THEME_CONTEXT && RD_SELECT_THEME_CONTEXT > 0.0);
    rd_cli_opts_free(&op);
    assert_int_equal(parse(ARGV("run", "x", "-o", "o", "--codebook", "c.txt"), &op, &done, NULL,
                           NULL),
                     RD_OK);
    assert_true(op.context == RD_SELECT_THEME_CONTEXT);
    rd_cli_opts_free(&op);
    assert_int_equal(parse(ARGV("run", "--context", "0.5", "x", "-o", "o", "--codebook",
                                "c.txt"),
                           &op, &done, NULL, NULL),
                     RD_OK);
    assert_true(op.context == 0.5);
    rd_cli_opts_free(&op);
    assert_int_equal(parse(ARGV("run", "--context", "0", "x", "-o", "o"), &op, &done, NULL, NULL),
                     RD_OK);
    assert_true(op.context == 0.0);
    rd_cli_opts_free(&op);
    static const char *const bad[] = {"-0.1", "1.5", "x", ""};
    char msg[128];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(msg, sizeof msg, "--context wants a weight from 0 to 1, not '%s'", bad[i]);
        expect_usage(ARGV("run", "--context", (char *)bad[i], "x", "-o", "o"), msg);
    }
}

static void test_value_checks(void **state)
{
    (void)state;
    static const char *const counts[] = {"0", "1001", "abc", "5x", "", "-3", "7 "};
    char msg[256];
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
        snprintf(msg, sizeof msg,
                 "-k/--segments wants a number from 1 to 1000 or 'auto', not '%s'", counts[i]);
        expect_usage(ARGV("run", "-k", (char *)counts[i], "x", "-o", "o"), msg);
        snprintf(msg, sizeof msg, "-t/--themes wants a number from 1 to 1000 or 'auto', not '%s'",
                 counts[i]);
        expect_usage(ARGV("run", "--themes", (char *)counts[i], "x", "-o", "o"), msg);
    }
    expect_usage(ARGV("run", "-k", "AUTO", "x"),
                 "-k/--segments wants a number from 1 to 1000 or 'auto', not 'AUTO'");
    static const char *const seeds[] = {"-1", "x", "1.5", "", "18446744073709551616"};
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        snprintf(msg, sizeof msg, "--seed wants a non-negative whole number, not '%s'", seeds[i]);
        expect_usage(ARGV("vocab", "--seed", (char *)seeds[i], "x"), msg);
    }
    static const char *const threads[] = {"0", "1025", "auto", "2.0"};
    for (size_t i = 0; i < sizeof threads / sizeof *threads; i++) {
        snprintf(msg, sizeof msg, "-j/--threads wants a number from 1 to 1024, not '%s'",
                 threads[i]);
        expect_usage(ARGV("vocab", "-j", (char *)threads[i], "x"), msg);
    }
    static const char *const min_df[] = {"0", "-2", "x", "2147483648"};
    for (size_t i = 0; i < sizeof min_df / sizeof *min_df; i++) {
        snprintf(msg, sizeof msg, "--min-df wants a whole number of at least 1, not '%s'",
                 min_df[i]);
        expect_usage(ARGV("vocab", "--min-df", (char *)min_df[i], "x"), msg);
    }
    static const char *const max_df[] = {"0", "1.5", "-0.1", "x", "nan", "0.5%", "1e999"};
    for (size_t i = 0; i < sizeof max_df / sizeof *max_df; i++) {
        snprintf(msg, sizeof msg, "--max-df wants a fraction above 0 and at most 1, not '%s'",
                 max_df[i]);
        expect_usage(ARGV("vocab", "--max-df", (char *)max_df[i], "x"), msg);
    }
    static const char *const formats[] = {"", "csv,", ",csv", "pdf", "csv,,json", "CSV",
                                          "HTML", "pdf,html", "QDPX", "qdp", "qdpx,"};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        snprintf(msg, sizeof msg,
                 "--format wants a comma-separated list of xlsx, csv, json, html and qdpx, not '%s'",
                 formats[i]);
        expect_usage(ARGV("run", "--format", (char *)formats[i], "x", "-o", "o"), msg);
    }
    expect_usage(ARGV("run", "--represent", "tfidf", "x", "-o", "o"),
                 "--represent wants profile, lsa or both, not 'tfidf'");
    static const char *const lists[] = {"", "stop,", ",learn", "stops", "learn,,phrase"};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        snprintf(msg, sizeof msg,
                 "--lists wants 'none' or a comma-separated list of stop, filler, frame, learn "
                 "and phrase, not '%s'",
                 lists[i]);
        expect_usage(ARGV("run", "--lists", (char *)lists[i], "x", "-o", "o"), msg);
    }
}

/* --lists: what is named stays on, the rest is switched off. */
static void test_lists(void **state)
{
    (void)state;
    rd_cli_opts op;
    int done;
    char *out, *errs;
    assert_int_equal(parse(ARGV("run", "--lists", "learn,phrase", "x", "-o", "o"), &op, &done, &out, &errs), RD_OK);
    assert_int_equal(op.lists_off, RD_LISTS_BUILTIN);
    rd_cli_opts_free(&op);
    free(out);
    free(errs);
    assert_int_equal(parse(ARGV("run", "--lists", "none", "x", "-o", "o"), &op, &done, &out, &errs), RD_OK);
    assert_int_equal(op.lists_off, RD_LISTS_ALL);
    rd_cli_opts_free(&op);
    free(out);
    free(errs);
    assert_int_equal(parse(ARGV("run", "--lists=stop,filler,frame,learn", "x", "-o", "o"), &op, &done, &out, &errs), RD_OK);
    assert_int_equal(op.lists_off, RD_LISTS_PHRASE);
    rd_cli_opts_free(&op);
    free(out);
    free(errs);
}

static void test_usage_errors(void **state)
{
    (void)state;
    expect_usage(ARGV("run", "x", "-o"), "option '-o' needs a value");
    expect_usage(ARGV("run", "x", "--seed"), "option '--seed' needs a value");
    expect_usage(ARGV("inspect", "x", "--bogus"), "unknown option '--bogus'");
    expect_usage(ARGV("inspect", "-x", "y"), "unknown option '-x'");
    expect_usage(ARGV("inspect", "--quiet=yes", "y"), "unknown option '--quiet=yes'");
    expect_usage((char *[]){"rodedraad", NULL}, "no subcommand given (run, classify, inspect, tokens or vocab)");
    expect_usage(ARGV("-k", "3", "x"), "no subcommand given (run, classify, inspect, tokens or vocab)");
    expect_usage(ARGV("analyse", "x"), "unknown subcommand 'analyse' (run, classify, inspect, tokens or vocab)");
    expect_usage(ARGV("inspect"), "inspect: no INPUT given (a transcript file or a folder)");
    expect_usage(ARGV("run", "-o", "out"), "run: no INPUT given (a transcript file or a folder)");
    expect_usage(ARGV("tokens", "x", "-o", "out"),
                 "-o/--output applies to 'run' only; 'tokens' writes to standard output");
    expect_usage(ARGV("run", "x"), "run: no output folder given; add -o OUTDIR");
    expect_usage(ARGV("classify", "model"),
                 "classify: give MODEL_DIR (the output folder of a run) and at least one INPUT");
    static const char classify_fixed[] =
        "classify takes its word lists, cards, journey and sizes from the model; leave out -k, "
        "-t, --min-df, --max-df, --context, --stopwords, --cues, --lists, --codebook, "
        "--journey, --attributes, --names, --previous, --represent and --format";
    expect_usage(ARGV("classify", "model", "x", "-k", "3"), classify_fixed);
    expect_usage(ARGV("classify", "model", "x", "--previous", "old"), classify_fixed);
    expect_usage(ARGV("classify", "model", "x", "--journey", "none"), classify_fixed);
    expect_usage(ARGV("classify", "model", "x", "--format", "csv"), classify_fixed);
}

/* classify: the first INPUT is MODEL_DIR, -o is the CSV file; the analysis options a model
 * fixes are refused (above), the reading options are taken. */
static void test_classify(void **state)
{
    (void)state;
    rd_cli_opts op;
    int done;
    char *out, *errs;
    assert_int_equal(parse(ARGV("classify", "res", "a.txt", "b.csv", "-o", "x.csv", "--csv-text",
                                "bericht", "--force", "-j", "2"),
                           &op, &done, &out, &errs),
                     RD_OK);
    assert_int_equal(op.cmd, RD_CMD_CLASSIFY);
    assert_string_equal(op.model_dir, "res");
    assert_int_equal(op.n_inputs, 2);
    assert_string_equal(op.inputs[0], "a.txt");
    assert_string_equal(op.outdir, "x.csv");
    assert_string_equal(op.csv_text, "bericht");
    assert_int_equal(op.force, 1);
    rd_cli_opts_free(&op);
    free(out);
    free(errs);
}

static void test_help_and_version(void **state)
{
    (void)state;
    rd_cli_opts op;
    int done;
    char *out, *errs;
    /* --help ends the parsing: what follows is not looked at */
    assert_int_equal(parse(ARGV("--help", "-k", "0"), &op, &done, &out, &errs), RD_OK);
    assert_int_equal(done, 1);
    assert_string_equal(errs, "");
    assert_true(starts(out, "Usage:\n  rodedraad run     [OPTIONS] INPUT... -o OUTDIR"));
    assert_non_null(strstr(out, "  -k, --segments N|auto   number of segments (default auto)\n"));
    assert_non_null(strstr(out, "\nExit codes: 0 ok, 64 usage, 65 bad input data, 66 input "
                                "missing, 70 internal,\n73 cannot create output, 74 I/O error,\n130 interrupted (Ctrl-C), 143 terminated.\n"));
    size_t help_len = strlen(out);
    free(out);
    free(errs);
    rd_cli_opts_free(&op);
    assert_int_equal(parse(ARGV("vocab", "-h"), &op, &done, &out, NULL), RD_OK);
    assert_int_equal(done, 1);
    assert_int_equal(strlen(out), help_len);
    free(out);
    rd_cli_opts_free(&op);

    assert_int_equal(parse(ARGV("--version"), &op, &done, &out, &errs), RD_OK);
    assert_int_equal(done, 1);
    assert_string_equal(errs, "");
    assert_true(starts(out, "rodedraad 0.1.0\nstemmer: Snowball \"dutch\" (libstemmer "));
    assert_non_null(strstr(out, "\nunicode: "));
    assert_non_null(strstr(out, " (utf8proc)\nblas: "));
    assert_non_null(strstr(out, "\ncommit: unknown\n")); /* defined in the executable alone */
    free(out);
    free(errs);
    rd_cli_opts_free(&op);
    assert_int_equal(parse(ARGV("run", "-V", "x"), &op, &done, &out, NULL), RD_OK);
    assert_int_equal(done, 1);
    assert_true(starts(out, "rodedraad 0.1.0\n"));
    free(out);
    rd_cli_opts_free(&op);
}

/* A parse that stopped inside a group of short options (-hq: after h) leaves nothing
 * behind for the next parse in the same process. */
static void test_parse_again(void **state)
{
    (void)state;
    rd_cli_opts op;
    int done;
    assert_int_equal(parse(ARGV("inspect", "-hq", "x"), &op, &done, NULL, NULL), RD_OK);
    assert_int_equal(done, 1);
    assert_int_equal(op.quiet, 0);
    rd_cli_opts_free(&op);
    assert_int_equal(parse(ARGV("inspect", "y"), &op, &done, NULL, NULL), RD_OK);
    assert_int_equal(done, 0);
    assert_int_equal(op.quiet, 0);
    assert_int_equal(op.n_inputs, 1);
    assert_string_equal(op.inputs[0], "y");
    rd_cli_opts_free(&op);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_every_option),
        cmocka_unit_test(test_long_forms_and_edges),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_value_checks),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_usage_errors), cmocka_unit_test(test_classify),
        cmocka_unit_test(test_help_and_version),
        cmocka_unit_test(test_parse_again),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
