/* tests/unit/nlp/test_textstage.c — the text stage (nlp/textstage.h) over sources held in
 * memory: a load function that builds rd_source units from strings with the transcript
 * builder (nlp/transcript.h), no files.
 *
 * A unit's text is written as lines: "Name: text" starts a turn of speaker Name (role
 * interviewer when Name is "Int"), any other line goes on the turn in progress, and an
 * empty line ends the turn (a paragraph break). Line numbers count from 1.
 *
 * COUNT mode: df, tf, the vocabulary, the CSR counts and the row_* arrays worked out by
 * hand on a small corpus; respondent ids (file names, CSV ids, the path form for
 * duplicates); attributes collected as a union; the same result on 1, 2 and 3 threads on
 * a larger generated corpus. Problems: collected per source, the most telling status
 * returned, skip_bad moving them aside. VISIT mode: visit once per doc, emit in doc
 * order, a failing visit stopping the output there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/cues.h"
#include "nlp/stem.h"
#include "nlp/stopwords.h"
#include "nlp/textstage.h"
#include "nlp/transcript.h"
#include "stemmed.h"

enum { MAX_WORKERS = 4 };

/* ---- the in-memory sources ------------------------------------------------------------ */

typedef struct {
    const char *id;          /* NULL: a transcript file */
    const char *text;
    const char *attr[3];     /* values for the source's attribute columns (NULL allowed) */
} munit;

typedef struct {
    const char *name;
    rd_status rc;            /* RD_OK, or the load fails with this and msg */
    const char *msg;
    munit u[4];
    size_t n_u;
    const char *attr_name[3];
    size_t n_attr;
    const char *note;        /* a warning the load gives, or NULL */
} msrc;

typedef struct {
    const msrc *src;
    size_t n;
    const char **name;
    rd_transcript_builder *b[MAX_WORKERS];
    int borrow;              /* COUNT: lend single-unit transcripts from the builder */
    _Atomic int loads;
} mctx;

static char *dup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Builds one unit's transcript from its text (see the top of the file). */
static rd_status build_unit(rd_transcript_builder *b, const char *text, int borrow,
                            rd_transcript *tr, rd_err *err)
{
    rd_status rc = rd_transcript_build_reset(b, err);
    uint32_t ln = 0;
    for (const char *p = text; rc == RD_OK && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        const char *colon = memchr(p, ':', n);
        ln++;
        if (n == 0) {
            rc = rd_transcript_build_break(b, err);
        } else if (colon && colon > p && !memchr(p, ' ', (size_t)(colon - p))) {
            size_t spk;
            size_t sn = (size_t)(colon - p);
            rd_role role = sn == 3 && memcmp(p, "Int", 3) == 0 ? RD_ROLE_INTERVIEWER
                                                                : RD_ROLE_RESPONDENT;
            if ((rc = rd_transcript_build_speaker(b, p, sn, &spk, err)) == RD_OK &&
                (rc = rd_transcript_build_turn(b, spk, role, err)) == RD_OK)
                rc = rd_transcript_build_line(b, colon + 1, n - sn - 1, ln, err);
        } else {
            rc = rd_transcript_build_line(b, p, n, ln, err);
        }
        p = nl ? nl + 1 : p + n;
    }
    if (rc != RD_OK)
        return rc;
    return borrow ? rd_transcript_build_borrow(b, tr, err) : rd_transcript_build_finish(b, tr, err);
}

static rd_status mem_load(void *ctx, size_t i, int worker, rd_source *out, rd_err *err)
{
    mctx *m = ctx;
    const msrc *s = &m->src[i];
    rd_status rc = RD_OK;
    atomic_fetch_add(&m->loads, 1);
    assert_true(worker >= 0 && worker < MAX_WORKERS);
    if (s->rc != RD_OK)
        return rd_fail(err, s->rc, "%s: %s", s->name, s->msg);
    out->n_u = s->n_u;
    out->n_attr = s->n_attr;
    if (!(out->u = calloc(s->n_u, sizeof *out->u)))
        return rd_fail(err, RD_ENOMEM, "units");
    if (s->n_attr && !(out->attr_name = calloc(s->n_attr, sizeof *out->attr_name)))
        return rd_fail(err, RD_ENOMEM, "attributes");
    for (size_t a = 0; a < s->n_attr; a++)
        out->attr_name[a] = dup0(s->attr_name[a]);
    for (size_t u = 0; u < s->n_u && rc == RD_OK; u++) {
        const munit *mu = &s->u[u];
        out->u[u].id = dup0(mu->id);
        if (s->n_attr && (out->u[u].attr = calloc(s->n_attr, sizeof *out->u[u].attr)))
            for (size_t a = 0; a < s->n_attr; a++)
                out->u[u].attr[a] = dup0(mu->attr[a]);
        out->bytes += strlen(mu->text);
        rc = build_unit(m->b[worker], mu->text, m->borrow && s->n_u == 1, &out->u[u].tr, err);
    }
    if (rc == RD_OK && s->note) {
        if (!(out->note = malloc(sizeof *out->note)))
            return rd_fail(err, RD_ENOMEM, "note");
        rd_fail(out->note, RD_OK, "%s: %s", s->name, s->note);
    }
    return rc;
}

static void ctx_init(mctx *m, const msrc *src, size_t n)
{
    rd_err err;
    memset(m, 0, sizeof *m);
    m->src = src;
    m->n = n;
    assert_non_null(m->name = calloc(n ? n : 1, sizeof *m->name));
    for (size_t i = 0; i < n; i++)
        m->name[i] = src[i].name;
    for (int w = 0; w < MAX_WORKERS; w++)
        assert_int_equal(rd_transcript_build_new(&m->b[w], &err), RD_OK);
}

static void ctx_free(mctx *m)
{
    for (int w = 0; w < MAX_WORKERS; w++)
        rd_transcript_build_free(m->b[w]);
    free(m->name);
}

static rd_ts_sources sources(mctx *m)
{
    return (rd_ts_sources){.n = m->n, .name = m->name, .load = mem_load, .ctx = m};
}

/* ---- shared word lists ---------------------------------------------------------------- */

static rd_stop *g_stop;
static rd_cues *g_cues;

static int group_setup(void **state)
{
    rd_err err;
    (void)state;
    if (rd_stop_new(&g_stop, &err) != RD_OK || rd_stop_load_builtin(g_stop, &err) != RD_OK ||
        rd_cues_new(&g_cues, &err) != RD_OK || rd_cues_load_builtin(g_cues, &err) != RD_OK)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    rd_stop_free(g_stop);
    rd_cues_free(g_cues);
    return 0;
}

static rd_ts_opts count_opts(int threads)
{
    return (rd_ts_opts){.mode = RD_TS_COUNT, .threads = threads, .stop = g_stop,
                        .algo = RD_STEM_ALGORITHM, .cues = g_cues, .matrix = 1, .min_df = 1,
                        .max_df = 1.0};
}

/* Count of term t in row r of the matrix (0 when absent). */
static float cell(const rd_csr *m, size_t r, uint32_t t)
{
    for (int64_t k = m->indptr[r]; k < m->indptr[r + 1]; k++)
        if ((uint32_t)m->indices[k] == t)
            return m->data[k];
    return 0.0f;
}

/* ---- COUNT on a corpus worked out by hand ---------------------------------------------- */

static const msrc small[] = {
    {.name = "int/R01.txt",
     .u = {{.text = "Int: Hoe woont u hier?\n"
                    "Anna: De huur is hoog. De buren zijn aardig.\n"
                    "Int: En de keuken?\n"
                    "Anna: De keuken is oud,\n"
                    "de huur te hoog."}},
     .n_u = 1},
    {.name = "int/R02.txt", .u = {{.text = "Bob: Ik wil graag een nieuwe keuken."}}, .n_u = 1},
    {.name = "enq.csv",
     .u = {{.id = "X", .text = "De huur stijgt.", .attr = {"40", "Noord"}},
           {.id = "Y", .text = "Aardige buren.", .attr = {"55", NULL}}},
     .n_u = 2,
     .attr_name = {"leeftijd", "wijk"},
     .n_attr = 2,
     .note = "1 rij zonder antwoord"},
    {.name = "extra.csv",
     .u = {{.id = "Z", .text = "Huur huur huur.", .attr = {"Oost", "ja"}}},
     .n_u = 1,
     .attr_name = {"wijk", "gezin"},
     .n_attr = 2},
};

static void test_count(void **state)
{
    (void)state;
    mctx m;
    ctx_init(&m, small, 4);
    m.borrow = 1;
    _Atomic size_t progress = 0;
    rd_ts_opts o = count_opts(2);
    o.progress = &progress;
    rd_ts_result r = {0};
    rd_errlist problems = {0};
    rd_err err;
    rd_ts_sources src = sources(&m);
    assert_int_equal(rd_ts_run(&src, &o, &r, &problems, &err), RD_OK);
    assert_int_equal(problems.n, 0);
    assert_int_equal(progress, 4);
    assert_int_equal(m.loads, 4);
    /* docs: R01, R02, X, Y, Z; passages 4 + 1 + 1 + 1 + 1, of which the interviewer's two
     * are no rows */
    assert_int_equal(r.n_docs, 5);
    assert_int_equal(r.n_passages, 8);
    assert_int_equal(r.n_rows, 6);
    size_t bytes = 0;
    for (size_t i = 0; i < 4; i++)
        for (size_t u = 0; u < small[i].n_u; u++)
            bytes += strlen(small[i].u[u].text);
    assert_int_equal(r.bytes, bytes);
    const char *resp[] = {"R01", "R02", "X", "Y", "Z"};
    const char *srcn[] = {"int/R01.txt", "int/R02.txt", "enq.csv", "enq.csv", "extra.csv"};
    const uint32_t unit[] = {0, 0, 0, 1, 0};
    for (size_t k = 0; k < 5; k++) {
        assert_string_equal(r.respondent[k], resp[k]);
        assert_string_equal(r.source[k], srcn[k]);
        assert_int_equal(r.doc_unit[k], unit[k]);
    }
    /* rows: R01's passages 2 and 4 (lines 2 and 4: the turn goes on at line 5), then one
     * each */
    const uint32_t rdoc[] = {0, 0, 1, 2, 3, 4}, rpas[] = {2, 4, 1, 1, 1, 1},
                   rline[] = {2, 4, 1, 1, 1, 1};
    for (size_t k = 0; k < 6; k++) {
        assert_int_equal(r.row_doc[k], rdoc[k]);
        assert_int_equal(r.row_passage[k], rpas[k]);
        assert_int_equal(r.row_line[k], rline[k]);
    }
    /* df counts rows, tf occurrences; the interviewer's "keuken", "woont" count nowhere */
    const struct { const char *w; uint64_t df, tf; } want[] = {
        {"huur", 4, 6}, {"hoog", 2, 2}, {"keuken", 2, 2}, {"buren", 2, 2}, {"oud", 1, 1},
        {"stijgt", 1, 1},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        uint32_t t = vocab_term_of(r.vocab, want[i].w);
        if (t == RD_VOCAB_NONE)
            fail_msg("\"%s\" is not in the vocabulary", want[i].w);
        assert_int_equal(rd_vocab_df(r.vocab, t), want[i].df);
        assert_int_equal(rd_vocab_tf(r.vocab, t), want[i].tf);
    }
    assert_int_equal(vocab_term_of(r.vocab, "woont"), RD_VOCAB_NONE);
    assert_int_equal(vocab_term_of(r.vocab, "de"), RD_VOCAB_NONE); /* a stop word */
    size_t ln;
    assert_string_equal(rd_vocab_label(r.vocab, vocab_term_of(r.vocab, "huur"), &ln), "huur");
    /* the matrix: rows × vocabulary, each row sorted by term, holding the row's counts */
    const rd_csr *c = r.counts;
    assert_non_null(c);
    assert_int_equal(c->n_rows, 6);
    assert_int_equal(c->n_cols, rd_vocab_size(r.vocab));
    assert_int_equal(rd_csr_check(c, &err), RD_OK);
    uint32_t huur = vocab_term_of(r.vocab, "huur"), keuken = vocab_term_of(r.vocab, "keuken");
    const float huur_row[] = {1, 1, 0, 1, 0, 3}, keuken_row[] = {0, 1, 1, 0, 0, 0};
    uint64_t total = 0;
    for (size_t k = 0; k < 6; k++) {
        assert_true(cell(c, k, huur) == huur_row[k]);
        assert_true(cell(c, k, keuken) == keuken_row[k]);
    }
    for (size_t k = 0; k < c->nnz; k++)
        total += (uint64_t)c->data[k];
    uint64_t tf = 0;
    for (uint32_t t = 0; t < rd_vocab_size(r.vocab); t++)
        tf += rd_vocab_tf(r.vocab, t);
    assert_int_equal(total, tf); /* every kept term of every row, once */
    /* cue counts per row: R02 "Ik wil graag een nieuwe keuken." */
    const uint16_t *cue2 = r.row_cues + 2 * RD_AN_CUE_SLOTS;
    assert_int_equal(cue2[RD_CUE_MOTIVATION], 2);
    assert_int_equal(cue2[RD_CUE_WORDS], 6);
    assert_int_equal(r.row_cues[RD_CUE_WORDS], 8); /* De huur is hoog. De buren zijn aardig. */
    /* attributes: the union of both files' columns, in order of first appearance */
    assert_int_equal(r.n_attr, 3);
    assert_string_equal(r.attr_name[0], "leeftijd");
    assert_string_equal(r.attr_name[1], "wijk");
    assert_string_equal(r.attr_name[2], "gezin");
    const char *attr[5][3] = {{NULL, NULL, NULL}, {NULL, NULL, NULL}, {"40", "Noord", NULL},
                              {"55", "", NULL}, {NULL, "Oost", "ja"}};
    for (size_t k = 0; k < 5; k++)
        for (size_t a = 0; a < 3; a++) {
            const char *v = r.attr[k * 3 + a];
            if (!attr[k][a])
                assert_null(v);
            else
                assert_string_equal(v, attr[k][a]);
        }
    /* the note of enq.csv */
    assert_int_equal(r.notes.n, 1);
    assert_string_equal(r.notes.v[0].msg, "enq.csv: 1 rij zonder antwoord");
    assert_int_equal(r.skipped.n, 0);
    rd_ts_result_free(&r);
    rd_ts_result_free(NULL);
    rd_errlist_free(&problems);
    ctx_free(&m);
}

/* min_df and max_df prune the vocabulary (max_df a fraction of the rows); without the
 * matrix there are no rows, respondents or attributes, only the term table. */
static void test_count_prune_and_no_matrix(void **state)
{
    (void)state;
    mctx m;
    ctx_init(&m, small, 4);
    rd_ts_opts o = count_opts(1);
    o.matrix = 0;
    o.cues = NULL;
    o.min_df = 2;
    o.max_df = 0.5; /* at most 3 of the 6 rows: huur (4) goes */
    rd_ts_result r = {0};
    rd_errlist problems = {0};
    rd_err err;
    rd_ts_sources src = sources(&m);
    assert_int_equal(rd_ts_run(&src, &o, &r, &problems, &err), RD_OK);
    assert_int_equal(r.n_docs, 5);
    assert_int_equal(r.n_rows, 6);
    assert_null(r.counts);
    assert_null(r.row_doc);
    assert_null(r.respondent);
    assert_null(r.source);
    assert_int_equal(r.n_attr, 0);
    assert_int_equal(vocab_term_of(r.vocab, "huur"), RD_VOCAB_NONE);
    assert_int_equal(vocab_term_of(r.vocab, "oud"), RD_VOCAB_NONE);
    uint32_t t = vocab_term_of(r.vocab, "keuken");
    assert_true(t != RD_VOCAB_NONE);
    assert_int_equal(rd_vocab_df(r.vocab, t), 2);
    for (uint32_t k = 0; k < rd_vocab_size(r.vocab); k++) {
        assert_true(rd_vocab_df(r.vocab, k) >= 2);
        assert_true(rd_vocab_df(r.vocab, k) <= 3);
    }
    rd_ts_result_free(&r);
    rd_errlist_free(&problems);
    ctx_free(&m);
}

/* ---- respondent ids ------------------------------------------------------------------- */

static void test_respondent_ids(void **state)
{
    (void)state;
    static const msrc dup[] = {
        {.name = "a/R01.txt", .u = {{.text = "Eerste huurder."}}, .n_u = 1},
        {.name = "./b/R01.txt", .u = {{.text = "Tweede huurder."}}, .n_u = 1},
        {.name = "R03.docx", .u = {{.text = "Derde huurder."}}, .n_u = 1},
        {.name = "c.csv", .u = {{.id = "X", .text = "Vierde huurder."}}, .n_u = 1},
        {.name = "d/e.f/g.csv", .u = {{.id = "X", .text = "Vijfde huurder."}}, .n_u = 1},
        {.name = "h.g/R07", .u = {{.text = "Zesde huurder."}}, .n_u = 1},
        {.name = "R07.txt", .u = {{.text = "Zevende huurder."}}, .n_u = 1},
        {.name = "R03", .u = {{.id = "R03", .text = "Achtste huurder."}}, .n_u = 1},
    };
    const char *want[] = {"a/R01", "b/R01", "R03", "c/X", "d/e.f/g/X", "h.g/R07", "R07",
                          "R03/R03"};
    mctx m;
    ctx_init(&m, dup, 8);
    rd_ts_opts o = count_opts(3);
    rd_ts_result r = {0};
    rd_errlist problems = {0};
    rd_err err;
    rd_ts_sources src = sources(&m);
    assert_int_equal(rd_ts_run(&src, &o, &r, &problems, &err), RD_OK);
    assert_int_equal(r.n_docs, 8);
    for (size_t k = 0; k < 8; k++)
        assert_string_equal(r.respondent[k], want[k]);
    rd_ts_result_free(&r);
    rd_errlist_free(&problems);
    ctx_free(&m);
}

/* ---- the same result for any number of threads ---------------------------------------- */

enum { GEN_SOURCES = 36 };

static msrc gen[GEN_SOURCES];
static char gen_text[GEN_SOURCES][4][4096];
static char gen_name[GEN_SOURCES][32];
static char gen_id[GEN_SOURCES][4][16];

static uint64_t xs(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Random Dutch-looking turns over a few hundred distinct words (stop words, fillers, cue
 * words, inflections sharing stems), some turns long enough to be split. */
static void gen_corpus(void)
{
    static const char *const words[] = {
        "de", "het", "een", "en", "maar", "niet", "goed", "fijn", "huur", "huren", "huurder",
        "woning", "woningen", "keuken", "keukens", "buren", "buurt", "zeg maar", "eh", "nou",
        "graag", "omdat", "vervelend", "lekkage", "schimmel", "tuin", "tuinen", "trap", "lift",
        "verwarming", "ketel", "kinderen", "school", "bus", "winkel", "parkeren", "auto",
        "fiets", "geluid", "overlast", "contact", "corporatie", "reparatie", "monteur",
        "wachten", "weken", "maanden", "duur", "goedkoop", "Café", "ideeën", "foto's",
        "e-mail", "06-12345678", "€ 45,-", "bijv.", "z'n", "gezellig", "rustig", "veilig"};
    const size_t nw = sizeof words / sizeof *words;
    uint64_t x = 0x2545F4914F6CDD1Du;
    for (size_t i = 0; i < GEN_SOURCES; i++) {
        msrc *s = &gen[i];
        memset(s, 0, sizeof *s);
        int csv = i % 7 == 3;
        snprintf(gen_name[i], sizeof gen_name[i], csv ? "enq%zu.csv" : "d%zu/R%zu.txt", i % 3,
                 i % 5);
        s->name = gen_name[i];
        s->n_u = csv ? 3 : 1;
        if (csv) {
            s->n_attr = 2;
            s->attr_name[0] = i % 2 ? "wijk" : "leeftijd";
            s->attr_name[1] = "gezin";
        }
        for (size_t u = 0; u < s->n_u; u++) {
            char *t = gen_text[i][u];
            size_t n = 0, turns = 1 + xs(&x) % 4;
            for (size_t k = 0; k < turns; k++) {
                int interviewer = !csv && k % 2 == 1;
                n += (size_t)snprintf(t + n, 4096 - n, "%s%s:", k ? "\n" : "",
                                      interviewer ? "Int" : "Bewoner");
                size_t len = xs(&x) % 5 == 0 ? 160 + xs(&x) % 200 : 3 + xs(&x) % 30;
                for (size_t w = 0; w < len && n < 4000; w++) {
                    const char *wd = words[xs(&x) % nw];
                    n += (size_t)snprintf(t + n, 4096 - n, " %s%s", wd, xs(&x) % 9 ? "" : ".");
                }
            }
            s->u[u].text = t;
            if (csv) {
                snprintf(gen_id[i][u], sizeof gen_id[i][u], "P%zu", (i + u) % 4);
                s->u[u].id = gen_id[i][u];
                s->u[u].attr[0] = u % 2 ? "ja" : NULL;
                s->u[u].attr[1] = "nee";
            }
        }
    }
}

static void same_strings(char **a, char **b, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (!a[k] || !b[k])
            assert_true(a[k] == b[k]);
        else
            assert_string_equal(a[k], b[k]);
    }
}

static void same_result(const rd_ts_result *a, const rd_ts_result *b)
{
    assert_int_equal(a->n_docs, b->n_docs);
    assert_int_equal(a->n_passages, b->n_passages);
    assert_int_equal(a->n_rows, b->n_rows);
    assert_int_equal(a->bytes, b->bytes);
    same_strings(a->source, b->source, a->n_docs);
    same_strings(a->respondent, b->respondent, a->n_docs);
    assert_memory_equal(a->doc_unit, b->doc_unit, a->n_docs * sizeof *a->doc_unit);
    assert_memory_equal(a->row_doc, b->row_doc, a->n_rows * sizeof *a->row_doc);
    assert_memory_equal(a->row_passage, b->row_passage, a->n_rows * sizeof *a->row_passage);
    assert_memory_equal(a->row_line, b->row_line, a->n_rows * sizeof *a->row_line);
    assert_memory_equal(a->row_cues, b->row_cues,
                        a->n_rows * RD_AN_CUE_SLOTS * sizeof *a->row_cues);
    size_t nv = rd_vocab_size(a->vocab), n1, n2;
    assert_int_equal(nv, rd_vocab_size(b->vocab));
    for (uint32_t t = 0; t < nv; t++) {
        assert_string_equal(rd_vocab_term(a->vocab, t, &n1), rd_vocab_term(b->vocab, t, &n2));
        assert_string_equal(rd_vocab_label(a->vocab, t, &n1), rd_vocab_label(b->vocab, t, &n2));
        assert_int_equal(rd_vocab_df(a->vocab, t), rd_vocab_df(b->vocab, t));
        assert_int_equal(rd_vocab_tf(a->vocab, t), rd_vocab_tf(b->vocab, t));
    }
    const rd_csr *x = a->counts, *y = b->counts;
    assert_int_equal(x->n_rows, y->n_rows);
    assert_int_equal(x->n_cols, y->n_cols);
    assert_int_equal(x->nnz, y->nnz);
    assert_memory_equal(x->indptr, y->indptr, (x->n_rows + 1) * sizeof *x->indptr);
    assert_memory_equal(x->indices, y->indices, x->nnz * sizeof *x->indices);
    assert_memory_equal(x->data, y->data, x->nnz * sizeof *x->data);
    assert_int_equal(a->n_attr, b->n_attr);
    same_strings(a->attr_name, b->attr_name, a->n_attr);
    same_strings(a->attr, b->attr, a->n_docs * a->n_attr);
    assert_int_equal(a->notes.n, b->notes.n);
}

static void test_threads(void **state)
{
    (void)state;
    gen_corpus();
    rd_ts_result r[3] = {{0}};
    rd_err err;
    for (int j = 1; j <= 3; j++) {
        mctx m;
        ctx_init(&m, gen, GEN_SOURCES);
        m.borrow = j == 2; /* borrowed or owned transcripts: the same counts */
        rd_ts_opts o = count_opts(j);
        rd_errlist problems = {0};
        rd_ts_sources src = sources(&m);
        assert_int_equal(rd_ts_run(&src, &o, &r[j - 1], &problems, &err), RD_OK);
        assert_int_equal(problems.n, 0);
        ctx_free(&m);
    }
    /* the corpus is what it should be: many docs and terms, split turns, shared ids */
    assert_int_equal(r[0].n_docs, GEN_SOURCES + 2 * 5); /* five CSV files of three units */
    assert_true(rd_vocab_size(r[0].vocab) > 40);
    assert_true(r[0].n_rows > r[0].n_docs);
    assert_int_equal(rd_csr_check(r[0].counts, &err), RD_OK);
    assert_string_equal(r[0].respondent[0], "d0/R0");
    same_result(&r[0], &r[1]);
    same_result(&r[0], &r[2]);
    for (int j = 0; j < 3; j++)
        rd_ts_result_free(&r[j]);
}

/* Pairs in chunks of 8 and of 2 (rows span chunks; chunks are given back batch by batch
 * as the matrix fills, with one worker and with three) give the matrix the default
 * chunks give: a chunk given back too early would be read after it is unmapped. */
static void test_small_chunks(void **state)
{
    (void)state;
    gen_corpus();
    rd_ts_result ref = {0};
    rd_err err;
    const unsigned shifts[] = {20, 3, 1};
    for (size_t i = 0; i < sizeof shifts / sizeof *shifts; i++) {
        for (int j = 1; j <= 3; j += 2) {
            mctx m;
            ctx_init(&m, gen, GEN_SOURCES);
            rd_ts_opts o = count_opts(j);
            rd_errlist problems = {0};
            rd_ts_sources src = sources(&m);
            rd_ts_result r = {0};
            rd__ts_pair_shift = shifts[i];
            rd_status rc = rd_ts_run(&src, &o, &r, &problems, &err);
            rd__ts_pair_shift = 20;
            assert_int_equal(rc, RD_OK);
            assert_int_equal(problems.n, 0);
            ctx_free(&m);
            if (i == 0 && j == 1) {
                ref = r;
                continue;
            }
            same_result(&ref, &r);
            rd_ts_result_free(&r);
        }
    }
    assert_true(ref.counts->nnz > 200); /* many more pairs than a chunk of 8 holds */
    rd_ts_result_free(&ref);
}

/* ---- problems ------------------------------------------------------------------------- */

static const msrc bad[] = {
    {.name = "a.txt", .u = {{.text = "Goed bestand."}}, .n_u = 1},
    {.name = "b.txt", .rc = RD_EIO, .msg = "read error"},
    {.name = "c.txt", .rc = RD_EDATA, .msg = "no text"},
    {.name = "d.txt", .rc = RD_ENOINPUT, .msg = "no such file"},
    {.name = "e.txt", .rc = RD_EUTF8, .msg = "invalid UTF-8 at byte 3"},
    {.name = "f.txt", .u = {{.text = "Nog een goed bestand."}}, .n_u = 1},
};

/* Runs the stage over the sources picked by idx; returns its status. */
static rd_status run_some(const size_t *idx, size_t n, int skip_bad, rd_ts_result *r,
                          rd_errlist *problems, rd_err *err)
{
    msrc pick[8];
    mctx m;
    for (size_t k = 0; k < n; k++)
        pick[k] = bad[idx[k]];
    ctx_init(&m, pick, n);
    rd_ts_opts o = count_opts(2);
    o.skip_bad = skip_bad;
    rd_ts_sources src = sources(&m);
    rd_status rc = rd_ts_run(&src, &o, r, problems, err);
    ctx_free(&m);
    return rc;
}

static void test_problems(void **state)
{
    (void)state;
    rd_ts_result r = {0};
    rd_errlist problems = {0};
    rd_err err;
    /* every problem collected, in source order; the most telling status returned */
    const size_t all[] = {0, 1, 2, 3, 4, 5};
    assert_int_equal(run_some(all, 6, 0, &r, &problems, &err), RD_ENOINPUT);
    assert_int_equal(problems.n, 4);
    assert_string_equal(problems.v[0].msg, "b.txt: read error");
    assert_int_equal(problems.v[0].code, RD_EIO);
    assert_string_equal(problems.v[1].msg, "c.txt: no text");
    assert_string_equal(problems.v[2].msg, "d.txt: no such file");
    assert_string_equal(problems.v[3].msg, "e.txt: invalid UTF-8 at byte 3");
    assert_int_equal(r.skipped.n, 0);
    assert_null(r.vocab); /* nothing analysed */
    rd_ts_result_free(&r);
    rd_errlist_free(&problems);
    const struct { size_t idx[3], n; rd_status want; } rank[] = {
        {{1, 0}, 2, RD_EIO},
        {{1, 2}, 2, RD_EDATA},
        {{2, 1}, 2, RD_EDATA},
        {{4, 1}, 2, RD_EUTF8},
        {{3, 2, 1}, 3, RD_ENOINPUT},
        {{1, 3, 0}, 3, RD_ENOINPUT},
    };
    for (size_t i = 0; i < sizeof rank / sizeof *rank; i++) {
        assert_int_equal(run_some(rank[i].idx, rank[i].n, 0, &r, &problems, &err), rank[i].want);
        rd_ts_result_free(&r);
        rd_errlist_free(&problems);
    }
    /* skip_bad: the problems move to skipped; the good sources are analysed */
    assert_int_equal(run_some(all, 6, 1, &r, &problems, &err), RD_OK);
    assert_int_equal(problems.n, 0);
    assert_int_equal(r.skipped.n, 4);
    assert_string_equal(r.skipped.v[2].msg, "d.txt: no such file");
    assert_int_equal(r.n_docs, 2);
    assert_string_equal(r.respondent[0], "a");
    assert_string_equal(r.respondent[1], "f");
    assert_string_equal(r.source[1], "f.txt");
    assert_true(vocab_term_of(r.vocab, "bestand") != RD_VOCAB_NONE);
    rd_ts_result_free(&r);
    /* nothing usable left: RD_EDATA, also under skip_bad */
    const size_t none[] = {1, 2};
    assert_int_equal(run_some(none, 2, 1, &r, &problems, &err), RD_EDATA);
    assert_string_equal(err.msg, "no usable transcripts among the 2 files given");
    assert_int_equal(r.skipped.n, 2);
    rd_ts_result_free(&r);
    assert_int_equal(run_some(none, 0, 0, &r, &problems, &err), RD_EDATA);
    rd_ts_result_free(&r);
    rd_errlist_free(&problems);
}

/* Out of memory while loading is no problem of the source: the stage stops with it. */
static void test_load_out_of_memory(void **state)
{
    (void)state;
    static const msrc oom[] = {
        {.name = "a.txt", .u = {{.text = "Goed."}}, .n_u = 1},
        {.name = "b.txt", .rc = RD_ENOMEM, .msg = "read buffer"},
    };
    mctx m;
    ctx_init(&m, oom, 2);
    rd_ts_opts o = count_opts(1);
    o.skip_bad = 1;
    rd_ts_result r = {0};
    rd_errlist problems = {0};
    rd_err err;
    rd_ts_sources src = sources(&m);
    assert_int_equal(rd_ts_run(&src, &o, &r, &problems, &err), RD_ENOMEM);
    assert_string_equal(err.msg, "b.txt: read buffer");
    assert_int_equal(problems.n, 0);
    assert_int_equal(r.skipped.n, 0);
    rd_ts_result_free(&r);
    ctx_free(&m);
}

/* ---- VISIT ---------------------------------------------------------------------------- */

typedef struct {
    rd_buf out;             /* what emit received, in order */
    _Atomic int visits;
    const char *fail_resp;  /* visit fails for this respondent */
} vctx;

/* "resp src unit passages words-of-the-first-passage" */
static rd_status visit(void *ctx, const rd_unit *u, const char *resp, const char *src,
                       rd_an *an, rd_buf *out, rd_err *err)
{
    vctx *v = ctx;
    atomic_fetch_add(&v->visits, 1);
    if (v->fail_resp && strcmp(resp, v->fail_resp) == 0)
        return rd_fail(err, RD_EDATA, "%s: cannot render", src);
    rd_status rc = rd_an_run(an, u->tr.v[0].text, u->tr.v[0].text_n, err);
    if (rc != RD_OK)
        return rc;
    rd_buf_printf(out, "%s\t%s\t%s\t%zu\t%zu\n", resp, src, u->id ? u->id : "-", u->tr.n,
                  rd_an_count(an));
    return RD_OK;
}

static rd_status emit(void *ctx, const char *buf, size_t n, rd_err *err)
{
    vctx *v = ctx;
    (void)err;
    rd_buf_put(&v->out, buf, n);
    return RD_OK;
}

static void test_visit(void **state)
{
    (void)state;
    const char *want = "R01\tint/R01.txt\t-\t4\t4\n"
                       "R02\tint/R02.txt\t-\t1\t6\n"
                       "X\tenq.csv\tX\t1\t3\n"
                       "Y\tenq.csv\tY\t1\t2\n"
                       "Z\textra.csv\tZ\t1\t3\n";
    for (int j = 1; j <= 3; j++) {
        mctx m;
        vctx v = {0};
        ctx_init(&m, small, 4);
        rd_ts_opts o = {.mode = RD_TS_VISIT, .threads = j, .stop = g_stop,
                        .algo = RD_STEM_ALGORITHM, .visit = visit, .emit = emit, .visit_ctx = &v};
        rd_ts_result r = {0};
        rd_errlist problems = {0};
        rd_err err;
        rd_ts_sources src = sources(&m);
        assert_int_equal(rd_ts_run(&src, &o, &r, &problems, &err), RD_OK);
        assert_int_equal(v.visits, 5);
        assert_string_equal(rd_buf_text(&v.out), want);
        assert_int_equal(r.n_docs, 5);
        assert_null(r.vocab);
        assert_null(r.counts);
        assert_string_equal(r.respondent[3], "Y");
        assert_int_equal(r.n_attr, 3);
        rd_ts_result_free(&r);
        free(v.out.s);
        ctx_free(&m);
    }
    /* a visit that fails stops the output before its doc, with its message */
    mctx m;
    vctx v = {.fail_resp = "X"};
    ctx_init(&m, small, 4);
    rd_ts_opts o = {.mode = RD_TS_VISIT, .threads = 2, .stop = g_stop,
                    .algo = RD_STEM_ALGORITHM, .visit = visit, .emit = emit, .visit_ctx = &v};
    rd_ts_result r = {0};
    rd_errlist problems = {0};
    rd_err err;
    rd_ts_sources src = sources(&m);
    assert_int_equal(rd_ts_run(&src, &o, &r, &problems, &err), RD_EDATA);
    assert_string_equal(err.msg, "enq.csv: cannot render");
    assert_string_equal(rd_buf_text(&v.out), "R01\tint/R01.txt\t-\t4\t4\n"
                                             "R02\tint/R02.txt\t-\t1\t6\n");
    rd_ts_result_free(&r);
    free(v.out.s);
    ctx_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_count_prune_and_no_matrix),
        cmocka_unit_test(test_respondent_ids),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_small_chunks),
        cmocka_unit_test(test_problems),
        cmocka_unit_test(test_load_out_of_memory),
        cmocka_unit_test(test_visit),
    };
    return cmocka_run_group_tests_name("textstage", tests, group_setup, group_teardown);
}
