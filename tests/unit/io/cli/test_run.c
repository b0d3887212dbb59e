/* tests/unit/io/cli/test_run.c — `rodedraad run` end to end on a temporary folder, through
 * rd_cli_parse and rd_cli_run with standard error captured: the files written into OUTDIR
 * and nothing else, their headers and rows, quotes masked in every text output, the
 * manifest (command with OUTDIR, every input's SHA-256), the same bytes on a second run,
 * --format, a non-empty OUTDIR refused and replaced with --force (the user's file kept),
 * persona names carried over with --names, the stage timings, and the refusals that leave
 * OUTDIR as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "io/cli/options.h"
#include "io/cli/run.h"
#include "tests/unit/io/cli/capture.h"
#include "tests/unit/io/cli/corpus.h"

static char corpus[PATH_MAX];

static const char *const csv_files[] = {"themes.csv", "segments.csv", "respondents.csv",
                                        "segment_themes.csv", "quotes.csv", "selection.csv"};
static const char ALL_FILES[] = "journey.csv model.json names.tsv passages.csv quotes.csv report.html "
                                "respondents.csv rodedraad.model "
                                "rodedraad.xlsx segment_themes.csv segments.csv selection.csv "
                                "themes.csv";

static int setup(void **state)
{
    (void)state;
    if (tmpdir_setup(state) != 0 || mkdir(tmpdir_path(corpus, test_dir, "interviews"), 0700) != 0)
        return -1;
    return corpus_write(corpus, transcripts, N_FILES);
}

#define ARGV(...) ((char *[]){"rodedraad", "run", __VA_ARGS__, NULL})
/* The options every run here shares: a fixed analysis of the small corpus. */
#define FIXED "-k", "2", "-t", "2", "--min-df", "1", "--max-df", "1", "-j", "2"

/* Parses argv and runs it with standard error captured into *errs (free()). */
static rd_status run(char **argv, char **errs)
{
    rd_cli_opts op;
    int done = 0, argc = 0;
    capture ce;
    while (argv[argc])
        argc++;
    assert_int_equal(rd_cli_parse(argc, argv, &op, &done), RD_OK);
    assert_int_equal(capture_begin(&ce, stderr, test_dir, "stderr"), 0);
    rd_status rc = rd_cli_run(&op);
    *errs = capture_end(&ce);
    assert_non_null(*errs);
    rd_cli_opts_free(&op);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in folder d, sorted, space-separated (hidden ones too), or "<missing>". */
static const char *listing(const char *d)
{
    static char out[4096];
    char *names[64];
    size_t n = 0, k = 0;
    DIR *dd = opendir(d);
    struct dirent *e;
    if (!dd)
        return "<missing>";
    while ((e = readdir(dd)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    closedir(dd);
    qsort(names, n, sizeof *names, by_name);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%s", i ? " " : "", names[i]);
        free(names[i]);
    }
    return out;
}

static char *file_in(const char *d, const char *name)
{
    char p[PATH_MAX];
    return tmpdir_slurp(tmpdir_path(p, d, name));
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void sha256_hex(const char *s, size_t n, char out[65])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dn = 0;
    assert_int_equal(EVP_Digest(s, n, d, &dn, EVP_sha256(), NULL), 1);
    assert_int_equal(dn, 32);
    for (unsigned i = 0; i < dn; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check_manifest(const char *out, const char *command)
{
    json_error_t je;
    json_t *doc = json_load_file(tmpdir_path((char[PATH_MAX]){0}, out, "model.json"), 0, &je);
    if (!doc)
        fail_msg("model.json: %s", je.text);
    json_t *man = json_object_get(doc, "manifest");
    assert_non_null(man);
    assert_string_equal(json_string_value(json_object_get(man, "command")), command);
    assert_string_equal(json_string_value(json_object_get(man, "program")), "rodedraad");
    assert_int_equal(json_integer_value(json_object_get(man, "seed")), 1);
    assert_int_equal(json_integer_value(json_object_get(man, "threads")), 2);
    json_t *in = json_object_get(man, "inputs");
    assert_int_equal(json_array_size(in), N_FILES);
    for (size_t i = 0; i < N_FILES; i++) {
        json_t *e = json_array_get(in, i);
        char p[PATH_MAX], hex[65];
        const char *text = transcripts[i][1];
        sha256_hex(text, strlen(text), hex);
        assert_string_equal(json_string_value(json_object_get(e, "path")),
                            tmpdir_path(p, corpus, transcripts[i][0]));
        assert_int_equal(json_integer_value(json_object_get(e, "bytes")), strlen(text));
        assert_string_equal(json_string_value(json_object_get(e, "sha256")), hex);
    }
    json_decref(doc);
}

static void test_outputs(void **state)
{
    (void)state;
    char *errs, want[2 * PATH_MAX], command[2 * PATH_MAX];
    const char *out = tmpdir_at("uit");
    assert_int_equal(run(ARGV(FIXED, corpus, "-o", (char *)out), &errs), RD_OK);
    /* one summary line; no progress (standard error is a file) */
    assert_true(strncmp(errs, "rodedraad: 6 respondents, 13 passages, ", 39) == 0);
    assert_non_null(strstr(errs, " terms: 2 themes, 2 segments (stability ARI "));
    snprintf(want, sizeof want,
             "); wrote themes.csv segments.csv respondents.csv segment_themes.csv quotes.csv "
             "selection.csv journey.csv passages.csv rodedraad.xlsx model.json report.html names.tsv "
             "rodedraad.model in %s\n",
             out);
    assert_true(strlen(errs) > strlen(want));
    assert_string_equal(errs + strlen(errs) - strlen(want), want);
    assert_int_equal(count_lines(errs), 1);
    free(errs);
    assert_string_equal(listing(out), ALL_FILES); /* no staging folder left behind */

    char *names = file_in(out, "names.tsv");
    assert_true(strncmp(names, "segment\tname\ttop_terms\n1\t\t", 26) == 0);
    assert_non_null(strstr(names, "\n2\t\t"));
    assert_int_equal(count_lines(names), 3);
    free(names);
    char *resp = file_in(out, "respondents.csv");
    assert_true(strncmp(resp, "respondent,segment,segment_name,fit,stability,passages,source,"
                              "theme_1,theme_2\r\nR1,", 79) == 0);
    assert_int_equal(count_lines(resp), 1 + N_FILES);
    free(resp);
    /* the number is masked in every text output, and quotes show it so */
    for (size_t i = 0; i < sizeof csv_files / sizeof *csv_files; i++) {
        char *s = file_in(out, csv_files[i]);
        assert_non_null(s);
        assert_null(strstr(s, "12345678"));
        free(s);
    }
    char *q = file_in(out, "quotes.csv"), *json = file_in(out, "model.json");
    assert_true(strncmp(q, "kind,id,rank,respondent,source,text\r\n", 37) == 0);
    assert_non_null(strstr(q, MASK));
    assert_null(strstr(json, "12345678"));
    assert_non_null(strstr(json, MASK));
    free(q);
    free(json);
    /* the arguments as getopt_long left them: options first, then INPUT */
    snprintf(command, sizeof command,
             "rodedraad run -k 2 -t 2 --min-df 1 --max-df 1 -j 2 -o OUTDIR %s", corpus);
    check_manifest(out, command);
}

/* The same run into another folder: the same bytes, file by file. */
static void test_same_bytes(void **state)
{
    (void)state;
    char *errs, opt[PATH_MAX + 16];
    const char *a = tmpdir_at("a"), *b = tmpdir_at("b"), *c = tmpdir_at("c");
    assert_int_equal(run(ARGV(FIXED, "-q", corpus, "-o", (char *)a), &errs), RD_OK);
    assert_string_equal(errs, ""); /* -q */
    free(errs);
    assert_int_equal(run(ARGV(FIXED, "-q", corpus, "-o", (char *)b), &errs), RD_OK);
    free(errs);
    assert_string_equal(listing(b), ALL_FILES);
    static const char *const all[] = {"journey.csv", "model.json", "names.tsv", "passages.csv", "quotes.csv",
                                      "report.html",
                                      "respondents.csv", "rodedraad.model", "rodedraad.xlsx",
                                      "segment_themes.csv",
                                      "segments.csv", "selection.csv", "themes.csv"};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        char pa[PATH_MAX], pb[PATH_MAX];
        struct stat sa, sb;
        assert_int_equal(stat(tmpdir_path(pa, a, all[i]), &sa), 0);
        assert_int_equal(stat(tmpdir_path(pb, b, all[i]), &sb), 0);
        assert_int_equal(sa.st_size, sb.st_size);
        char *x = tmpdir_slurp(pa), *y = tmpdir_slurp(pb);
        if (memcmp(x, y, (size_t)sa.st_size) != 0)
            fail_msg("%s differs between the two runs", all[i]);
        free(x);
        free(y);
    }
    /* the manifest names the folder OUTDIR whichever way it is given */
    snprintf(opt, sizeof opt, "--output=%s", c);
    assert_int_equal(run(ARGV(FIXED, "-q", "--format", "json", corpus, opt), &errs), RD_OK);
    free(errs);
    char *ja = file_in(a, "model.json"), *jc = file_in(c, "model.json");
    assert_non_null(strstr(ja, " -o OUTDIR"));
    assert_non_null(strstr(jc, " --output=OUTDIR"));
    assert_null(strstr(jc, c));
    free(ja);
    free(jc);
}

static void test_format_and_force(void **state)
{
    (void)state;
    char *errs, want[2 * PATH_MAX];
    const char *out = tmpdir_at("csv");
    assert_int_equal(run(ARGV(FIXED, "-q", "--format", "csv", corpus, "-o", (char *)out), &errs),
                     RD_OK);
    free(errs);
    assert_string_equal(listing(out), "journey.csv names.tsv passages.csv quotes.csv respondents.csv "
                                      "rodedraad.model segment_themes.csv segments.csv selection.csv themes.csv");
    /* not empty: refused, nothing changed */
    assert_int_equal(tmpdir_puts(out, "mijn-notities.txt", "niet weggooien\n"), 0);
    assert_int_equal(run(ARGV(FIXED, "-q", corpus, "-o", (char *)out), &errs), RD_EOUTPUT);
    snprintf(want, sizeof want,
             "rodedraad: %s: the output folder is not empty; choose another folder, or add "
             "--force to replace rodedraad's files in it\n",
             out);
    assert_string_equal(errs, want);
    free(errs);
    assert_string_equal(listing(out), "journey.csv mijn-notities.txt names.tsv passages.csv quotes.csv "
                                      "respondents.csv rodedraad.model segment_themes.csv segments.csv "
                                      "selection.csv themes.csv");
    /* --force: rodedraad's files replaced, the user's kept */
    assert_int_equal(run(ARGV(FIXED, "-q", "--force", "--format", "json", corpus, "-o",
                              (char *)out),
                         &errs),
                     RD_OK);
    assert_string_equal(errs, "");
    free(errs);
    assert_string_equal(listing(out), "mijn-notities.txt model.json names.tsv rodedraad.model");
    char *mine = file_in(out, "mijn-notities.txt");
    assert_string_equal(mine, "niet weggooien\n");
    free(mine);
}

/* names.tsv filled in and given back: the names land on their segments. */
static void test_names(void **state)
{
    (void)state;
    char *errs;
    const char *first = tmpdir_at("eerste"), *second = tmpdir_at("tweede");
    assert_int_equal(run(ARGV(FIXED, "-q", "--format", "csv", corpus, "-o", (char *)first),
                         &errs),
                     RD_OK);
    free(errs);
    /* "1\t\tterms" -> "1\tNaam 1\tterms" */
    char *names = file_in(first, "names.tsv"), filled[4096];
    size_t k = 0;
    for (const char *s = names; *s && k < sizeof filled - 16; s++) {
        filled[k++] = *s;
        if (*s == '\t' && s[1] == '\t')
            k += (size_t)snprintf(filled + k, sizeof filled - k, "Naam %c", s[-1]);
    }
    filled[k] = '\0';
    free(names);
    assert_int_equal(tmpdir_puts(test_dir, "namen.tsv", filled), 0);
    assert_int_equal(run(ARGV(FIXED, "-q", "--format", "csv", "--names", tmpdir_at("namen.tsv"), corpus,
                              "-o", (char *)second),
                         &errs),
                     RD_OK);
    assert_string_equal(errs, "");
    free(errs);
    char *again = file_in(second, "names.tsv");
    assert_string_equal(again, filled);
    free(again);
    char *seg = file_in(second, "segments.csv");
    assert_non_null(strstr(seg, "\r\n1,Naam 1,"));
    assert_non_null(strstr(seg, "\r\n2,Naam 2,"));
    free(seg);
}

static void test_timings(void **state)
{
    (void)state;
    char *errs;
    assert_int_equal(setenv("RODEDRAAD_TIMINGS", "1", 1), 0);
    rd_status rc = run(ARGV(FIXED, "-q", "--format", "csv", corpus, "-o", tmpdir_at("tijden")), &errs);
    unsetenv("RODEDRAAD_TIMINGS");
    assert_int_equal(rc, RD_OK);
    assert_true(strncmp(errs, "timings: files=6 bytes=", 23) == 0);
    assert_non_null(strstr(errs, " passages=26 rows=13 terms="));
    assert_non_null(strstr(errs, " themes=2 segments=2 "));
    assert_non_null(strstr(errs, " peak_mb_describe="));
    assert_int_equal(count_lines(errs), 1);
    free(errs);
}

/* Refusals: each printed, OUTDIR not made. */
static void test_refusals(void **state)
{
    (void)state;
    char *errs, want[2 * PATH_MAX];
    const char *out = tmpdir_at("nooit");
    assert_int_equal(tmpdir_puts(test_dir, "fout.tsv", "segment\tname\n"), 0);
    assert_int_equal(run(ARGV("-q", "--names", tmpdir_at("fout.tsv"), corpus, "-o", (char *)out), &errs),
                     RD_EDATA);
    snprintf(want, sizeof want,
             "rodedraad: %s:1: expected the header \"segment<TAB>name<TAB>top_terms\" as "
             "rodedraad writes it in names.tsv\n",
             tmpdir_at("fout.tsv"));
    assert_string_equal(errs, want);
    free(errs);
    assert_string_equal(listing(out), "<missing>");

    assert_int_equal(tmpdir_puts(test_dir, "stop.txt", "Respondent: de het de het een.\n"), 0);
    assert_int_equal(run(ARGV("-q", tmpdir_at("stop.txt"), "-o", (char *)out), &errs), RD_EDATA);
    snprintf(want, sizeof want,
             "rodedraad: no terms left to analyse: every word is a stop word, or "
             "--min-df/--max-df pruned them all (1 passages); lower --min-df or add transcripts\n"
             "rodedraad: %s was left as it was\n",
             out);
    assert_string_equal(errs, want);
    free(errs);
    assert_string_equal(listing(out), "<missing>");
    assert_string_equal(listing(test_dir), "a b c csv eerste fout.tsv interviews namen.tsv stop.txt "
                                      "tijden tweede uit");

    assert_int_equal(run(ARGV("-q", tmpdir_at("weg"), "-o", (char *)out), &errs), RD_ENOINPUT);
    free(errs);
    assert_int_equal(run(ARGV("-q", "--cues", tmpdir_at("fout.tsv"), corpus, "-o", (char *)out), &errs),
                     RD_EDATA);
    assert_non_null(strstr(errs, "fout.tsv:1: expected \"KIND WORD\""));
    free(errs);
    assert_string_equal(listing(out), "<missing>");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outputs),
        cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_format_and_force),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_timings),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
