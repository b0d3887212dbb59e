/* tests/unit/io/cli/test_inputs.c — what every subcommand reads first: the INPUT files of
 * a temporary folder (sorted, hidden and foreign files left out, a missing input or an
 * empty folder RD_ENOINPUT with each named on standard error), the word lists with extra
 * --stopwords/--cues files (and a missing or bad file: its status, its message, no set),
 * and the text stage over the files with the problems it prints, with and without
 * --skip-bad. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>

#include "engine/strbuf.h"
#include "io/cli/inputs.h"
#include "tests/unit/io/cli/capture.h"

/* A folder of transcripts: two good ones (one in a subfolder), an empty one, a hidden one
 * and a file that is not a transcript; an empty folder; word lists, good and bad. */
static int setup(void **state)
{
    (void)state;
    char p[PATH_MAX];
    if (tmpdir_setup(state) != 0 || mkdir(tmpdir_path(p, test_dir, "int"), 0700) != 0 ||
        mkdir(tmpdir_path(p, test_dir, "int/sub"), 0700) != 0 ||
        mkdir(tmpdir_path(p, test_dir, "leeg"), 0700) != 0)
        return -1;
    int bad = tmpdir_puts(test_dir, "int/R02.txt",
                          "Interviewer: Hoe bevalt de woning?\n"
                          "Respondent: De woning is fijn, maar de huur is hoog.\n") ||
              tmpdir_puts(test_dir, "int/sub/R01.txt",
                          "Interviewer: Hoe lang woont u hier?\n"
                          "Respondent: Twintig jaar. De buurt is veranderd.\n") ||
              tmpdir_puts(test_dir, "int/.verborgen.txt", "Respondent: geheim\n") ||
              tmpdir_puts(test_dir, "int/notities.jpg", "%PDF-1.4\n") ||
              tmpdir_puts(test_dir, "leeg/R03.txt", "") ||
              tmpdir_puts(test_dir, "extra-stop.txt", "# eigen stopwoorden\nWoning\nplofkip\n") ||
              tmpdir_puts(test_dir, "extra-stop2.txt", "huur\n") ||
              tmpdir_puts(test_dir, "bad-stop.txt", "woning\nCaf\xE9\n") ||
              tmpdir_puts(test_dir, "extra-cues.txt", "negative plofkip\nmotivation wooncarrière*\n") ||
              tmpdir_puts(test_dir, "bad-cues.txt", "motivation omdat\nwhatever word\n");
    return bad ? -1 : 0;
}

static rd_cli_opts opts_for(char **inputs, size_t n)
{
    return (rd_cli_opts){.cmd = RD_CMD_VOCAB, .cmd_name = "vocab", .threads = 2, .min_df = 1,
                         .max_df = 1.0, .inputs = inputs, .n_inputs = n};
}

static void begin_stderr(capture *c)
{
    assert_int_equal(capture_begin(c, stderr, test_dir, "stderr"), 0);
}

static void test_files(void **state)
{
    (void)state;
    char *in[] = {tmpdir_at("int"), tmpdir_at("int/R02.txt")}; /* the same file twice: listed once */
    rd_cli_opts op = opts_for(in, 2);
    rd_files_set files = {0};
    capture c;
    begin_stderr(&c);
    rd_status rc = rd_cli_files(&op, &files);
    char *errs = capture_end(&c);
    assert_int_equal(rc, RD_OK);
    assert_string_equal(errs, "");
    assert_int_equal(files.path.n, 2);
    assert_string_equal(files.path.v[0], tmpdir_at("int/R02.txt"));
    assert_string_equal(files.path.v[1], tmpdir_at("int/sub/R01.txt"));
    rd_files_set_free(&files);
    free(errs);
}

static void test_files_missing(void **state)
{
    (void)state;
    char *in[] = {tmpdir_at("int"), tmpdir_at("weg.txt"), tmpdir_at("leeg/R03.txt"), tmpdir_at("nergens")};
    rd_cli_opts op = opts_for(in, 4);
    rd_files_set files = {0};
    capture c;
    char want[4 * PATH_MAX];
    begin_stderr(&c);
    rd_status rc = rd_cli_files(&op, &files);
    char *errs = capture_end(&c);
    assert_int_equal(rc, RD_ENOINPUT);
    snprintf(want, sizeof want,
             "rodedraad: %s: no such file or folder\n"
             "rodedraad: %s: no such file or folder\n"
             "rodedraad: check the paths given and that the files are readable\n",
             tmpdir_at("weg.txt"), tmpdir_at("nergens"));
    assert_string_equal(errs, want);
    free(errs);
    rd_files_set_free(&files);

    /* a folder without transcripts */
    char *in2[] = {tmpdir_at("int/sub"), tmpdir_at("int/.verborgen.txt"), tmpdir_at("leeg/..//int/notities.jpg")};
    char empty[PATH_MAX];
    assert_int_equal(mkdir(tmpdir_path(empty, test_dir, "niets"), 0700), 0);
    char *in3[] = {empty};
    op = opts_for(in2, 3); /* files named on the command line are taken whatever they are */
    begin_stderr(&c);
    rc = rd_cli_files(&op, &files);
    errs = capture_end(&c);
    assert_int_equal(rc, RD_OK);
    assert_string_equal(errs, "");
    assert_int_equal(files.path.n, 3);
    rd_files_set_free(&files);
    free(errs);
    op = opts_for(in3, 1);
    begin_stderr(&c);
    rc = rd_cli_files(&op, &files);
    errs = capture_end(&c);
    assert_int_equal(rc, RD_ENOINPUT);
    snprintf(want, sizeof want,
             "rodedraad: %s: no transcripts found in this folder (looked for .txt, .md, .docx, "
             ".odt, .pdf, .vtt, .srt, .csv and .tsv files)\n"
             "rodedraad: check the paths given and that the files are readable\n",
             empty);
    assert_string_equal(errs, want);
    free(errs);
    rd_files_set_free(&files);
    rmdir(empty);
}

static void test_stopwords(void **state)
{
    (void)state;
    rd_cli_opts op = opts_for(NULL, 0);
    rd_stop *base = NULL, *more = NULL;
    assert_int_equal(rd_cli_stopwords(&op, &base), RD_OK);
    assert_non_null(base);
    assert_true(rd_stop_has(base, "de", 2));
    assert_false(rd_stop_has(base, "woning", 6));
    assert_false(rd_stop_has(base, "plofkip", 7));
    assert_int_equal(rd_strlist_push(&op.stopwords, tmpdir_at("extra-stop.txt"), NULL), RD_OK);
    assert_int_equal(rd_strlist_push(&op.stopwords, tmpdir_at("extra-stop2.txt"), NULL), RD_OK);
    assert_int_equal(rd_cli_stopwords(&op, &more), RD_OK);
    assert_true(rd_stop_has(more, "de", 2));
    assert_true(rd_stop_has(more, "woning", 6)); /* case folded */
    assert_true(rd_stop_has(more, "plofkip", 7));
    assert_true(rd_stop_has(more, "huur", 4));
    assert_int_equal(rd_stop_count(more), rd_stop_count(base) + 3);
    rd_stop_free(base);
    rd_stop_free(more);
    rd_strlist_free(&op.stopwords);
}

/* Loads the list with one extra file and expects code, stderr "rodedraad: <msg>\n", no set. */
static void expect_stop_fail(const char *file, rd_status code, const char *msg)
{
    rd_cli_opts op = opts_for(NULL, 0);
    rd_stop *sw = (rd_stop *)&op; /* not NULL: the call must set it */
    capture c;
    char want[2 * PATH_MAX];
    assert_int_equal(rd_strlist_push(&op.stopwords, tmpdir_at("extra-stop.txt"), NULL), RD_OK);
    assert_int_equal(rd_strlist_push(&op.stopwords, file, NULL), RD_OK);
    begin_stderr(&c);
    rd_status rc = rd_cli_stopwords(&op, &sw);
    char *errs = capture_end(&c);
    assert_int_equal(rc, code);
    assert_null(sw);
    snprintf(want, sizeof want, "rodedraad: %s%s\n", file, msg);
    assert_string_equal(errs, want);
    free(errs);
    rd_strlist_free(&op.stopwords);
}

static void test_stopwords_bad(void **state)
{
    (void)state;
    char msg[256];
    snprintf(msg, sizeof msg, ": cannot open: %s", strerror(ENOENT));
    expect_stop_fail(tmpdir_at("geen-lijst.txt"), RD_ENOINPUT, msg);
    expect_stop_fail(tmpdir_at("bad-stop.txt"), RD_EUTF8, ": invalid UTF-8 at byte 10 (line 2)");
    expect_stop_fail(tmpdir_at("int"), RD_ENOINPUT, ": not a regular file (a folder)");
    /* a FIFO: refused at once (no writer ever comes), never waited on */
    char fifo[PATH_MAX];
    assert_int_equal(mkfifo(tmpdir_path(fifo, test_dir, "pijp"), 0600), 0);
    expect_stop_fail(fifo, RD_ENOINPUT, ": not a regular file (a FIFO (named pipe))");
    unlink(fifo);
}

static void test_cues(void **state)
{
    (void)state;
    rd_cli_opts op = opts_for(NULL, 0);
    rd_cues *base = NULL, *more = NULL;
    assert_int_equal(rd_cli_cues(&op, &base), RD_OK);
    assert_true(rd_cues_match(base, "omdat", 5) & (1u << RD_CUE_MOTIVATION));
    assert_int_equal(rd_cues_match(base, "plofkip", 7), 0);
    assert_int_equal(rd_strlist_push(&op.cues, tmpdir_at("extra-cues.txt"), NULL), RD_OK);
    assert_int_equal(rd_cli_cues(&op, &more), RD_OK);
    assert_int_equal(rd_cues_match(more, "plofkip", 7), 1u << RD_CUE_NEGATIVE);
    assert_int_equal(rd_cues_match(more, "wooncarrièreplanning", strlen("wooncarrièreplanning")),
                     1u << RD_CUE_MOTIVATION);
    assert_int_equal(rd_cues_count(more), rd_cues_count(base) + 2);
    rd_cues_free(base);
    rd_cues_free(more);

    /* a bad line, then a missing file: each reported, no set */
    const struct {
        const char *file;
        rd_status code;
        const char *msg;
    } bad[] = {
        {"bad-cues.txt", RD_EDATA,
         ":2: expected \"KIND WORD\" with KIND one of motivation, contrast, negation, positive, "
         "negative, and one word"},
        {"geen-cues.txt", RD_ENOINPUT, ": cannot open: No such file or directory"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        rd_cues *cu = (rd_cues *)&op; /* not NULL: the call must set it */
        capture c;
        char want[2 * PATH_MAX];
        /* after the good file, which stays first */
        assert_int_equal(rd_strlist_push(&op.cues, tmpdir_at(bad[i].file), NULL), RD_OK);
        begin_stderr(&c);
        rd_status rc = rd_cli_cues(&op, &cu);
        char *errs = capture_end(&c);
        assert_int_equal(rc, bad[i].code);
        assert_null(cu);
        snprintf(want, sizeof want, "rodedraad: %s%s\n", tmpdir_at(bad[i].file), bad[i].msg);
        assert_string_equal(errs, want);
        free(errs);
        free(op.cues.v[--op.cues.n]);
    }
    rd_strlist_free(&op.cues);
}

/* The text stage in VISIT mode: each doc renders "respondent passages\n"; emit keeps the
 * lines in doc order. */
static rd_status visit(void *ctx, const rd_unit *u, const char *resp, const char *src, rd_an *an,
                       rd_buf *b, rd_err *err)
{
    (void)ctx, (void)src, (void)an, (void)err;
    rd_buf_printf(b, "%s %zu\n", resp, u->tr.n);
    return RD_OK;
}

static rd_status emit(void *ctx, const char *s, size_t n, rd_err *err)
{
    (void)err;
    rd_buf_put(ctx, s, n);
    return RD_OK;
}

static rd_status stage(char **in, size_t n, int skip_bad, rd_buf *out, char **errs, size_t *docs)
{
    rd_cli_opts op = opts_for(in, n);
    rd_files_set files = {0};
    rd_stop *sw = NULL;
    rd_progress *prog = NULL;
    rd_ts_result res = {0};
    capture c;
    op.skip_bad = skip_bad;
    assert_int_equal(rd_cli_files(&op, &files), RD_OK);
    assert_int_equal(rd_cli_stopwords(&op, &sw), RD_OK);
    rd_ts_opts o = {.mode = RD_TS_VISIT, .stop = sw, .visit = visit, .emit = emit,
                    .visit_ctx = out};
    begin_stderr(&c);
    rd_status rc = rd_cli_text_stage(&op, &files, &o, NULL, &prog, &res);
    *errs = capture_end(&c);
    assert_null(prog);
    *docs = res.n_docs;
    rd_ts_result_free(&res);
    rd_stop_free(sw);
    rd_files_set_free(&files);
    return rc;
}

static void test_text_stage(void **state)
{
    (void)state;
    char *in[] = {tmpdir_at("int")};
    rd_buf out = {0};
    char *errs;
    size_t docs;
    assert_int_equal(stage(in, 1, 0, &out, &errs, &docs), RD_OK);
    /* every file found is accounted for: the picture beside the transcripts too */
    assert_string_equal(errs, "rodedraad: warning: 2 of 3 files used; not used: 1 of another "
                        "type (.jpg 1)\n");
    assert_int_equal(docs, 2);
    assert_string_equal(rd_buf_text(&out), "R02 2\nR01 2\n");
    free(errs);
    free(out.s);
}

static void test_text_stage_bad_file(void **state)
{
    (void)state;
    char *in[] = {tmpdir_at("int"), tmpdir_at("leeg/R03.txt")};
    rd_buf out = {0};
    char *errs, want[4 * PATH_MAX];
    size_t docs;
    assert_int_equal(stage(in, 2, 0, &out, &errs, &docs), RD_EDATA);
    snprintf(want, sizeof want,
             "rodedraad: %s: empty file (0 bytes)\n"
             "rodedraad: 1 of 3 files could not be used; fix them, or rerun with --skip-bad to "
             "leave them out\n",
             tmpdir_at("leeg/R03.txt"));
    assert_string_equal(errs, want);
    assert_string_equal(rd_buf_text(&out), ""); /* nothing rendered */
    free(errs);

    assert_int_equal(stage(in, 2, 1, &out, &errs, &docs), RD_OK);
    snprintf(want, sizeof want, "rodedraad: warning: skipped %s: empty file (0 bytes)\n"
             "rodedraad: warning: 2 of 4 files used; not used: 1 left out (--skip-bad), 1 of "
             "another type (.jpg 1)\n", tmpdir_at("leeg/R03.txt"));
    assert_string_equal(errs, want);
    assert_int_equal(docs, 2);
    assert_string_equal(rd_buf_text(&out), "R02 2\nR01 2\n");
    free(errs);
    free(out.s);
}

static void test_print_problems(void **state)
{
    (void)state;
    rd_errlist l = {0};
    rd_err e = {0};
    capture c;
    rd_fail(&e, RD_EDATA, "a.txt: no text");
    assert_int_equal(rd_errlist_push(&l, &e), RD_OK);
    rd_fail(&e, RD_EUTF8, "b.txt: invalid UTF-8 at byte 3 (line 1)");
    assert_int_equal(rd_errlist_push(&l, &e), RD_OK);
    begin_stderr(&c);
    rd_cli_print_problems(&l, "warning: ");
    char *errs = capture_end(&c);
    assert_string_equal(errs, "rodedraad: warning: a.txt: no text\n"
                              "rodedraad: warning: b.txt: invalid UTF-8 at byte 3 (line 1)\n");
    free(errs);
    rd_errlist_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_files_missing),
        cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_stopwords_bad),
        cmocka_unit_test(test_cues),
        cmocka_unit_test(test_text_stage),
        cmocka_unit_test(test_text_stage_bad_file),
        cmocka_unit_test(test_print_problems),
    };
    return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
