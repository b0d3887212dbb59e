/* tests/unit/engine/test_analysis.c — rd_analysis_run on a small planted count matrix:
 * 12 respondents of 3 passages each, in 3 groups that speak of different blocks of terms.
 * The steps are announced in order, the counts are taken over (and weighted in place),
 * and the results fit together: themes on every passage, theme shares per respondent,
 * segments that are the planted groups, LSA dimensions by engine/select. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/analysis.h"
#include "engine/metrics.h"
#include "engine/select.h"
#include "tests/unit/engine/dense.h"

enum { DOCS = 12, PER_DOC = 3, ROWS = DOCS * PER_DOC, BLOCKS = 6, PER = 4 };

/* Respondent d is in group d % 3; group g speaks of blocks 2g and 2g + 1. */
static rd_csr *counts(uint32_t *row_doc, int32_t *group)
{
    size_t block[ROWS];
    for (size_t p = 0; p < ROWS; p++) {
        size_t d = p / PER_DOC;
        row_doc[p] = (uint32_t)d;
        block[p] = 2 * (d % 3) + p % 2;
    }
    for (size_t d = 0; d < DOCS; d++)
        group[d] = (int32_t)(d % 3);
    double *a = planted_counts(ROWS, BLOCKS, PER, block, 11);
    rd_csr *c = csr_from_dense(a, ROWS, BLOCKS * PER);
    free(a);
    return c;
}

typedef struct {
    rd_analysis_step seen[8];
    size_t n;
} steps;

static void on_step(void *ctx, rd_analysis_step s)
{
    steps *st = ctx;
    st->seen[st->n++] = s;
}

static void run_ok(rd_represent_kind rep, size_t n_docs, size_t want_dims,
                   rd_represent_kind want_rep)
{
    uint32_t row_doc[ROWS];
    int32_t group[DOCS];
    rd_csr *c = counts(row_doc, group), *orig = c;
    steps st = {0};
    _Atomic size_t iters = 0;
    size_t rows = n_docs == 1 ? PER_DOC : ROWS;
    c->n_rows = rows; /* one respondent: its rows alone */
    c->nnz = (size_t)c->indptr[rows];
    rd_analysis_opts o = {.segments = 0, .themes = 0, .seed = 1, .threads = 2, .rep = rep,
                          .nmf_iters = &iters, .step = on_step, .step_ctx = &st};
    rd_analysis a;
    rd_err err;
    assert_int_equal(rd_analysis_run(&c, row_doc, n_docs, &o, &a, &err), RD_OK);
    assert_null(c);
    assert_ptr_equal(a.x, orig); /* taken over, weighted in place */
    /* on the LSA rows the segments come before the themes (their number sets T's window) */
    const rd_analysis_step want_themes_first[] = {RD_ANALYSIS_LSA,       RD_ANALYSIS_TFIDF,
                                                  RD_ANALYSIS_THEMES,    RD_ANALYSIS_REPRESENT,
                                                  RD_ANALYSIS_SEGMENTS,  RD_ANALYSIS_DONE};
    const rd_analysis_step want_segments_first[] = {RD_ANALYSIS_LSA,      RD_ANALYSIS_TFIDF,
                                                    RD_ANALYSIS_SEGMENTS, RD_ANALYSIS_THEMES,
                                                    RD_ANALYSIS_REPRESENT, RD_ANALYSIS_DONE};
    assert_int_equal(st.n, 6);
    assert_memory_equal(st.seen, want_rep == RD_REP_LSA ? want_segments_first : want_themes_first,
                        sizeof want_themes_first);
    if (want_rep == RD_REP_LSA) /* T in the window of the segments: k .. 2k, at least 3 .. 8 */
        assert_true(a.th.k >= (a.sg.k > 3 ? a.sg.k : 3) &&
                    a.th.k <= (2 * a.sg.k > 8 ? 2 * a.sg.k : 8));
    for (size_t p = 0; p < rows; p++) { /* TF-IDF rows have unit length */
        double ss = 0;
        for (int64_t e = a.x->indptr[p]; e < a.x->indptr[p + 1]; e++)
            ss += (double)a.x->data[e] * a.x->data[e];
        assert_float_equal(ss, 1.0, 1e-5);
    }
    assert_int_equal(a.rep, want_rep);
    assert_int_equal(a.dims, want_dims);
    assert_int_equal(a.n_docs, n_docs);
    assert_int_equal(a.th.n_rows, rows);
    assert_int_equal(a.th.n_terms, BLOCKS * PER);
    assert_true(atomic_load(&iters) >= a.th.iters);
    /* theme shares: the sums of each respondent's passages' W rows, scaled to 1 */
    size_t T = a.th.k;
    for (size_t d = 0; d < n_docs; d++) {
        double tot = 0, acc[32] = {0};
        for (size_t p = d * PER_DOC; p < (d + 1) * PER_DOC; p++)
            for (size_t j = 0; j < T; j++) {
                acc[j] += a.th.w[p * T + j];
                tot += a.th.w[p * T + j];
            }
        for (size_t j = 0; j < T; j++)
            assert_float_equal(a.profile[d * T + j], acc[j] / tot, 1e-6);
    }
    assert_int_equal(a.sg.n, n_docs);
    size_t d_rep = want_rep == RD_REP_PROFILE ? T : want_rep == RD_REP_LSA ? want_dims
                                                                           : T + want_dims;
    assert_int_equal(a.sg.d, d_rep);
    if (n_docs == DOCS) { /* the three planted groups */
        assert_int_equal(a.sg.k, 3);
        assert_float_equal(rd_metrics_ari(a.sg.label, 3, group, 3, DOCS), 1.0, 1e-12);
    } else {
        assert_int_equal(a.sg.k, 1);
    }
    rd_analysis_free(&a);
    rd_analysis_free(&a); /* zeroed: fine */
    rd_analysis_free(NULL);
}

static void test_lsa(void **state)
{
    (void)state;
    run_ok(RD_REP_LSA, DOCS, rd_select_lsa_dims(DOCS, BLOCKS * PER), RD_REP_LSA);
}

static void test_both_and_profile(void **state)
{
    (void)state;
    run_ok(RD_REP_BOTH, DOCS, 11, RD_REP_BOTH);
    run_ok(RD_REP_PROFILE, DOCS, 0, RD_REP_PROFILE);
}

/* One respondent: nothing to project, so profile rows whatever was asked. */
static void test_single_respondent(void **state)
{
    (void)state;
    run_ok(RD_REP_LSA, 1, 0, RD_REP_PROFILE);
}

/* Name-only columns (multi-word terms, counted besides their words): two columns added
 * after the planted terms, each a copy of a word's counts in the passages that have it;
 * their entries move to xp, nothing is fitted on them (x without them, idf 0 in the
 * model and in the LSA basis, zero rows of V and columns of H), and the planted groups
 * are found as without them. */
static void test_name_only(void **state)
{
    (void)state;
    enum { M = BLOCKS * PER, MX = M + 2 };
    uint32_t row_doc[ROWS];
    int32_t group[DOCS];
    rd_csr *w = counts(row_doc, group), *c;
    rd_err err;
    size_t extra = 0;
    for (size_t p = 0; p < ROWS; p++)
        for (int64_t e = w->indptr[p]; e < w->indptr[p + 1]; e++)
            extra += w->indices[e] == 0 || w->indices[e] == PER;
    assert_true(extra > 0);
    assert_int_equal(rd_csr_new(ROWS, MX, w->nnz + extra, &c, &err), RD_OK);
    size_t o = 0, n_phrase = 0;
    for (size_t p = 0; p < ROWS; p++) {
        float first = 0, second = 0;
        for (int64_t e = w->indptr[p]; e < w->indptr[p + 1]; e++) {
            c->indices[o] = w->indices[e];
            c->data[o++] = w->data[e];
            first = w->indices[e] == 0 ? w->data[e] : first;
            second = w->indices[e] == PER ? w->data[e] : second;
        }
        if (first > 0) {
            c->indices[o] = M;
            c->data[o++] = first;
        }
        if (second > 0) {
            c->indices[o] = M + 1;
            c->data[o++] = second;
        }
        n_phrase += (first > 0) + (second > 0);
        c->indptr[p + 1] = (int64_t)o;
    }
    assert_int_equal(o, c->nnz);
    rd_csr_free(w);
    unsigned char name_only[MX] = {0};
    name_only[M] = name_only[M + 1] = 1;
    rd_analysis_opts opt = {.seed = 1, .threads = 2, .rep = RD_REP_LSA, .name_only = name_only};
    rd_analysis a;
    assert_int_equal(rd_analysis_run(&c, row_doc, DOCS, &opt, &a, &err), RD_OK);
    assert_non_null(a.xp);
    assert_int_equal(a.xp->nnz, n_phrase);
    for (size_t e = 0; e < a.xp->nnz; e++)
        assert_true(a.xp->indices[e] >= M);
    for (size_t e = 0; e < a.x->nnz; e++)
        assert_true(a.x->indices[e] < M);
    assert_int_equal(a.x->nnz + a.xp->nnz, o);
    for (size_t t = M; t < MX; t++) {
        assert_true(a.idf[t] == 0.0);
        assert_true(a.basis.idf[t] == 0.0);
        for (size_t j = 0; j < a.dims; j++)
            assert_true(a.basis.v[t * a.dims + j] == 0.0f);
        for (size_t j = 0; j < a.th.k; j++)
            assert_true(a.th.h[j * MX + t] == 0.0f);
    }
    assert_int_equal(a.sg.k, 3);
    assert_float_equal(rd_metrics_ari(a.sg.label, 3, group, 3, DOCS), 1.0, 1e-12);
    rd_analysis_free(&a);
}

/* A failure (more themes than passages) still takes the counts, and leaves *out zeroed;
 * no step function is fine. */
static void test_failure(void **state)
{
    (void)state;
    uint32_t row_doc[ROWS];
    int32_t group[DOCS];
    rd_csr *c = counts(row_doc, group);
    rd_analysis_opts o = {.themes = ROWS + 1, .seed = 1, .threads = 1, .rep = RD_REP_LSA};
    rd_analysis a;
    rd_err err;
    assert_int_equal(rd_analysis_run(&c, row_doc, DOCS, &o, &a, &err), RD_EDATA);
    assert_null(c);
    assert_null(a.x);
    assert_null(a.profile);
    assert_null(a.th.w);
    assert_null(a.sg.label);
    assert_int_equal(a.n_docs, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lsa),
        cmocka_unit_test(test_both_and_profile),
        cmocka_unit_test(test_single_respondent),
        cmocka_unit_test(test_name_only),
        cmocka_unit_test(test_failure),
    };
    return cmocka_run_group_tests_name("analysis", tests, NULL, NULL);
}
