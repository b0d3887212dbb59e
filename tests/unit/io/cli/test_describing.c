/* tests/unit/io/cli/test_describing.c — the run's descriptions fed from files: six small
 * transcripts in a temporary folder go through the text stage (nlp/textstage.h over
 * io/read/reader.h's sources, as io/cli/inputs.c runs it) and the analysis (2 themes,
 * 2 segments); rd_cli_describe then reads the quoted passages from the files again.
 * Every respondent sentence holds a phone number, so every quote shows whether it was
 * masked: with redaction each quote is its source line with the number as [telefoon],
 * without it the line itself. Persona names given with a segment's terms come back on
 * that segment; a name whose terms match nothing is reported. A transcript emptied or
 * removed after the text stage fails the description with RD_EIO ("changed"). A survey's
 * other columns (respondent attributes) are masked too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "engine/analysis.h"
#include "engine/select.h"
#include "io/cli/describing.h"
#include "io/read/reader.h"
#include "nlp/stem.h"
#include "tests/unit/io/cli/corpus.h"
#include "tests/unit/tmpdir.h"


/* The corpus counted and analysed once for all tests. */
typedef struct {
    char dir[PATH_MAX];
    rd_strlist files;
    rd_reader_opts ro;
    rd_stop *stop;
    rd_cues *cues;
    rd_ts_result ts;
    rd_analysis an;
} fixture;

/* Writes the files into a new folder, counts them and analyses them (2 themes, 2
 * segments); 0 or -1 (with what failed on stderr). */
static int prepare(fixture *f, const char *const (*files)[2], size_t n)
{
    rd_err err = {0};
    rd_errlist problems = {0};
    rd_reader *rdr = NULL;
    char p[PATH_MAX];
    if (tmpdir_make(f->dir) != 0 || corpus_write(f->dir, files, n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (rd_strlist_push(&f->files, tmpdir_path(p, f->dir, files[i][0]), &err) != RD_OK)
            return -1;
    f->ro = (rd_reader_opts){.max_bytes = 1u << 20};
    if (rd_stop_new(&f->stop, &err) != RD_OK || rd_stop_load_builtin(f->stop, &err) != RD_OK ||
        rd_cues_new(&f->cues, &err) != RD_OK || rd_cues_load_builtin(f->cues, &err) != RD_OK)
        return -1;
    rd_ts_opts o = {.mode = RD_TS_COUNT, .threads = 2, .stop = f->stop, .algo = RD_STEM_ALGORITHM,
                    .cues = f->cues, .matrix = 1, .min_df = 1, .max_df = 1.0};
    if (rd_reader_new(&f->files, &f->ro, o.threads, 1, &rdr, &err) != RD_OK)
        return -1;
    rd_ts_sources src = rd_reader_sources(rdr);
    rd_status rc = rd_ts_run(&src, &o, &f->ts, &problems, &err);
    rd_reader_free(rdr);
    if (rc != RD_OK || problems.n) {
        fprintf(stderr, "text stage: %s\n", problems.n ? problems.v[0].msg : err.msg);
        rd_errlist_free(&problems);
        return -1;
    }
    rd_analysis_opts ao = {.segments = 2, .themes = 2, .seed = 1, .threads = 1,
                           .rep = RD_REP_LSA};
    if (rd_analysis_run(&f->ts.counts, f->ts.row_doc, f->ts.n_docs, &ao, &f->an, &err) != RD_OK) {
        fprintf(stderr, "analysis: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static void release(fixture *f)
{
    if (f->dir[0])
        tmpdir_remove(f->dir);
    rd_analysis_free(&f->an);
    rd_ts_result_free(&f->ts);
    rd_stop_free(f->stop);
    rd_cues_free(f->cues);
    rd_strlist_free(&f->files);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    *state = f;
    return prepare(f, transcripts, N_FILES) == 0 && f->ts.n_docs == N_FILES ? 0 : -1;
}

static int teardown(void **state)
{
    release(*state);
    free(*state);
    return 0;
}

static rd_cli_describe_opts dopts(const fixture *f, int redact, const rd_names *names)
{
    return (rd_cli_describe_opts){.ropts = &f->ro, .stop = f->stop, .cues = f->cues,
                                  .algo = RD_STEM_ALGORITHM, .redact = redact, .names = names,
                                  .name_min_sim = RD_SELECT_NAME_MIN_SIM};
}

static const rd_table *table(const rd_description *d, const char *name)
{
    for (size_t i = 0; i < RD_DESCRIBE_TABLES; i++)
        if (strcmp(d->t[i]->name, name) == 0)
            return d->t[i];
    fail_msg("no table %s", name);
    return NULL;
}

static const char *cell(const rd_table *t, size_t r, const char *col)
{
    size_t k = rd_table_col(t, col);
    assert_true(k < t->n_cols);
    const rd_value *v = rd_table_at(t, r, k);
    return v->kind == RD_V_STR ? v->s : "";
}

/* Line `line` (1-based) of the file at path, into out. */
static void file_line(const char *path, long line, char *out, size_t cap)
{
    char *s = tmpdir_slurp(path), *p = s;
    assert_non_null(s);
    for (long i = 1; i < line && p; i++)
        if ((p = strchr(p, '\n')))
            p++;
    assert_non_null(p);
    size_t n = strcspn(p, "\n");
    assert_true(n < cap);
    memcpy(out, p, n);
    out[n] = '\0';
    free(s);
}

/* A quote with its source "path:line": it holds the number masked (or not), and with the
 * number put back it is part of that line of the file. */
static void check_quote(const char *text, const char *source, int redact)
{
    char path[PATH_MAX], line[1024], plain[1024];
    const char *colon = strrchr(source, ':');
    assert_non_null(colon);
    assert_true((size_t)(colon - source) < sizeof path);
    memcpy(path, source, (size_t)(colon - source));
    path[colon - source] = '\0';
    file_line(path, strtol(colon + 1, NULL, 10), line, sizeof line);
    assert_true(strlen(text) > 20);
    if (redact) {
        const char *m = strstr(text, MASK);
        if (!m)
            fail_msg("quote without " MASK ": %s", text);
        assert_null(strstr(text, "12345678"));
        snprintf(plain, sizeof plain, "%.*s%s%s", (int)(m - text), text, PHONE, m + strlen(MASK));
    } else {
        assert_non_null(strstr(text, PHONE));
        snprintf(plain, sizeof plain, "%s", text);
    }
    if (!strstr(line, plain))
        fail_msg("quote \"%s\" is not in %s", plain, source);
}

static void check_quotes(const rd_description *d, int redact)
{
    const rd_table *q = table(d, "quotes");
    assert_true(q->n_rows >= 4);
    for (size_t r = 0; r < q->n_rows; r++)
        check_quote(cell(q, r, "text"), cell(q, r, "source"), redact);
    const rd_table *sg = table(d, "segments");
    assert_int_equal(sg->n_rows, 2);
    for (size_t r = 0; r < sg->n_rows; r++)
        check_quote(cell(sg, r, "quote"), cell(sg, r, "quote_source"), redact);
}

static void test_quotes_masked(void **state)
{
    fixture *f = *state;
    rd_description d;
    rd_err err = {0};
    rd_cli_describe_opts o = dopts(f, 1, NULL);
    assert_int_equal(rd_cli_describe(&f->ts, &f->an, &o, &d, &err), RD_OK);
    check_quotes(&d, 1);
    /* the two groups of the corpus are the two segments */
    const rd_table *resp = table(&d, "respondents");
    assert_int_equal(resp->n_rows, N_FILES);
    size_t k = rd_table_col(resp, "segment");
    for (size_t r = 0; r < N_FILES; r++)
        assert_int_equal(rd_table_at(resp, r, k)->i, rd_table_at(resp, r < 3 ? 0 : 3, k)->i);
    assert_int_not_equal(rd_table_at(resp, 0, k)->i, rd_table_at(resp, 3, k)->i);
    assert_int_equal(d.names_matched + d.names_unmatched, 0);
    rd_describe_free(&d);
}

static void test_quotes_unmasked(void **state)
{
    fixture *f = *state;
    rd_description d;
    rd_err err = {0};
    rd_cli_describe_opts o = dopts(f, 0, NULL);
    assert_int_equal(rd_cli_describe(&f->ts, &f->an, &o, &d, &err), RD_OK);
    check_quotes(&d, 0);
    rd_describe_free(&d);
}

/* Splits "a; b; c" into terms[] (pointers into s, which is changed). */
static size_t split(char *s, char **terms, size_t cap)
{
    size_t n = 0;
    for (char *t = strtok(s, ";"); t && n < cap; t = strtok(NULL, ";"))
        terms[n++] = t + (*t == ' ');
    return n;
}

static void test_persona_names(void **state)
{
    fixture *f = *state;
    rd_description d;
    rd_err err = {0};
    rd_cli_describe_opts o = dopts(f, 1, NULL);
    assert_int_equal(rd_cli_describe(&f->ts, &f->an, &o, &d, &err), RD_OK);
    assert_int_equal(d.names->n_rows, 2);
    /* names.tsv as a researcher fills it in: each segment named, plus one that fits none */
    char top[2][512], *terms[3][16];
    char *stray[] = {"zwembad", "paardenstal"};
    rd_name nm[3] = {{.segment = 1, .name = "Woonlasten", .line = 2},
                     {.segment = 2, .name = "Buurtleven", .line = 3},
                     {.segment = 3, .name = "Niemand", .terms = stray, .n_terms = 2, .line = 4}};
    for (size_t r = 0; r < 2; r++) {
        assert_int_equal(rd_table_at(d.names, r, 0)->i, (long long)r + 1);
        snprintf(top[r], sizeof top[r], "%s", cell(d.names, r, "top_terms"));
        nm[r].terms = terms[r];
        nm[r].n_terms = split(top[r], terms[r], 16);
        assert_true(nm[r].n_terms >= 3);
    }
    /* the named segments swapped round: names follow their terms, not their numbers */
    rd_name tmp = nm[0];
    nm[0] = nm[1], nm[1] = tmp;
    rd_names names = {nm, 3, ""};
    rd_describe_free(&d);
    o = dopts(f, 1, &names);
    assert_int_equal(rd_cli_describe(&f->ts, &f->an, &o, &d, &err), RD_OK);
    assert_int_equal(d.names_matched, 2);
    assert_int_equal(d.names_unmatched, 1);
    assert_string_equal(cell(d.names, 0, "name"), "Woonlasten");
    assert_string_equal(cell(d.names, 1, "name"), "Buurtleven");
    const rd_table *sg = table(&d, "segments");
    assert_string_equal(cell(sg, 0, "name"), "Woonlasten");
    assert_string_equal(cell(sg, 1, "name"), "Buurtleven");
    assert_int_equal(d.notes.n, 1);
    assert_non_null(strstr(d.notes.v[0], "Niemand"));
    check_quotes(&d, 1);
    rd_describe_free(&d);
}

/* A transcript emptied, or every one removed, after the text stage: RD_EIO, rerun. */
static void test_changed_on_disk(void **state)
{
    fixture *f = *state;
    rd_description d;
    rd_err err = {0};
    char p[PATH_MAX];
    rd_cli_describe_opts o = dopts(f, 1, NULL);
    for (size_t i = 0; i < N_FILES; i++)
        assert_int_equal(tmpdir_puts(f->dir, transcripts[i][0], ""), 0);
    assert_int_equal(rd_cli_describe(&f->ts, &f->an, &o, &d, &err), RD_EIO);
    assert_int_equal(err.code, RD_EIO);
    assert_non_null(strstr(err.msg, ": changed or unreadable while rodedraad was running; rerun"));
    assert_true(strncmp(err.msg, f->dir, strlen(f->dir)) == 0);
    for (size_t i = 0; i < RD_DESCRIBE_TABLES; i++)
        assert_null(d.t[i]); /* nothing left on failure */
    rd_describe_free(&d);

    for (size_t i = 0; i < N_FILES; i++)
        assert_int_equal(unlink(tmpdir_path(p, f->dir, transcripts[i][0])), 0);
    assert_int_equal(rd_cli_describe(&f->ts, &f->an, &o, &d, &err), RD_EIO);
    assert_non_null(strstr(err.msg, "changed"));
    rd_describe_free(&d);

    /* every transcript cut to its first respondent turn: a quote from a later turn finds
     * its passage gone */
    for (size_t i = 0; i < N_FILES; i++) {
        const char *s = transcripts[i][1], *e = strchr(strchr(s, '\n') + 1, '\n') + 1;
        assert_int_equal(tmpdir_put(f->dir, transcripts[i][0], s, (size_t)(e - s)), 0);
    }
    rd_status rc = rd_cli_describe(&f->ts, &f->an, &o, &d, &err);
    rd_describe_free(&d);
    assert_int_equal(corpus_write(f->dir, transcripts, N_FILES), 0); /* as it was */
    assert_int_equal(rc, RD_EIO);
    assert_non_null(strstr(err.msg, ": changed while rodedraad was running; rerun"));
}

/* A survey (CSV): the other columns are respondent attributes, masked like quotes. */
static void test_attributes_masked(void **state)
{
    (void)state;
    static const char *const survey[][2] = {
        {"enquete.csv",
         "id,antwoord,contact,wijk\n"
         "1,De huur van mijn woning is veel te hoog en de verwarming is kapot.,bel " PHONE ",Noord\n"
         "2,De huur is hoog en de woning is vochtig.,mail jan@example.nl,Noord\n"
         "3,Mijn woning is duur en de huur stijgt.,,Zuid\n"
         "4,De buurt is gezellig en de buren helpen elkaar.,0612345678,Zuid\n"
         "5,De buren zijn aardig en het park is mooi groen.,geen,Zuid\n"
         "6,De speeltuin en het park maken de buurt fijn.,Kerkstraat 12,Noord\n"}};
    static const char *const want[][2] = {{"bel [telefoon]", "Noord"}, {"mail [e-mail]", "Noord"},
                                          {"", "Zuid"}, {"[telefoon]", "Zuid"},
                                          {"geen", "Zuid"}, {"[adres]", "Noord"}};
    fixture f = {0};
    rd_description d;
    rd_err err = {0};
    assert_int_equal(prepare(&f, survey, 1), 0);
    assert_int_equal(f.ts.n_docs, 6);
    assert_int_equal(f.ts.n_attr, 2);
    rd_cli_describe_opts o = dopts(&f, 1, NULL);
    assert_int_equal(rd_cli_describe(&f.ts, &f.an, &o, &d, &err), RD_OK);
    const rd_table *resp = table(&d, "respondents");
    assert_int_equal(resp->n_rows, 6);
    for (size_t r = 0; r < 6; r++) {
        assert_string_equal(cell(resp, r, "contact"), want[r][0]);
        assert_string_equal(cell(resp, r, "wijk"), want[r][1]);
    }
    rd_describe_free(&d);
    o = dopts(&f, 0, NULL); /* --no-redact: as written */
    assert_int_equal(rd_cli_describe(&f.ts, &f.an, &o, &d, &err), RD_OK);
    resp = table(&d, "respondents");
    assert_string_equal(cell(resp, 0, "contact"), "bel " PHONE);
    assert_string_equal(cell(resp, 5, "contact"), "Kerkstraat 12");
    rd_describe_free(&d);
    release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quotes_masked),
        cmocka_unit_test(test_quotes_unmasked),
        cmocka_unit_test(test_persona_names),
        cmocka_unit_test(test_changed_on_disk),
        cmocka_unit_test(test_attributes_masked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
