/* tests/unit/engine/test_classify.c — placing respondents on a run's segments: the nearest
 * centre (ties to the lower index), the fit thresholds (5th percentile by nearest rank),
 * and, on the planted corpus of test_analysis, that every respondent of the run gets its
 * own segment and its own fit back when its counts are classified with the run's numbers,
 * for each representation; a respondent without known terms gets none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/analysis.h"
#include "engine/classify.h"
#include "tests/unit/engine/dense.h"

enum { DOCS = 24, PER_DOC = 3, ROWS = DOCS * PER_DOC, BLOCKS = 6, PER = 4 };

static rd_csr *counts(uint32_t *row_doc)
{
    size_t block[ROWS];
    for (size_t p = 0; p < ROWS; p++) {
        size_t d = p / PER_DOC;
        row_doc[p] = (uint32_t)d;
        block[p] = 2 * (d % 3) + p % 2;
    }
    double *a = planted_counts(ROWS, BLOCKS, PER, block, 7);
    rd_csr *c = csr_from_dense(a, ROWS, BLOCKS * PER);
    free(a);
    return c;
}

static void test_nearest(void **state)
{
    (void)state;
    const float c[] = {0, 0, 1, 0, 1, 0, 0, 2};
    const float x1[] = {0.9f, 0.1f}, x2[] = {0.1f, 0.0f}, x3[] = {0.5f, 0.0f};
    int32_t b, s;
    rd_classify_nearest(x1, c, 4, 2, &b, &s);
    assert_int_equal(b, 1); /* centres 1 and 2 are equal: the lower index */
    assert_int_equal(s, 2);
    rd_classify_nearest(x2, c, 4, 2, &b, &s);
    assert_int_equal(b, 0);
    assert_int_equal(s, 1);
    rd_classify_nearest(x3, c, 4, 2, &b, &s); /* equally far from 0 and 1: 0 */
    assert_int_equal(b, 0);
    assert_int_equal(s, 1);
    rd_classify_nearest(x3, c, 1, 2, &b, &s);
    assert_int_equal(b, 0);
    assert_int_equal(s, -1);
    int32_t lab[3];
    const float xs[] = {0.9f, 0.1f, 0.1f, 0.0f, 0.0f, 1.9f};
    rd_classify_assign(xs, 3, 2, c, 4, 2, lab);
    assert_int_equal(lab[0], 1);
    assert_int_equal(lab[1], 0);
    assert_int_equal(lab[2], 3);
    assert_true(fabsf(rd_classify_cosine(x1, c + 2, 2) - 0.9f / sqrtf(0.82f)) < 1e-6f);
    assert_true(rd_classify_cosine(x1, c, 2) == 0.0f);
}

static void test_thresholds(void **state)
{
    (void)state;
    int32_t label[45];
    float fit[45], th[3];
    /* segment 0: fits 0.01 … 0.40 (40 members: the 2nd smallest); segment 1: 5 members
     * (the smallest); segment 2: none */
    for (size_t i = 0; i < 40; i++) {
        label[i] = 0;
        fit[i] = (float)(40 - i) / 100.0f;
    }
    for (size_t i = 40; i < 45; i++) {
        label[i] = 1;
        fit[i] = 0.5f + (float)(i - 40) / 10.0f;
    }
    rd_err err;
    assert_int_equal(rd_classify_thresholds(label, fit, 45, 3, th, &err), RD_OK);
    assert_true(th[0] == 0.02f);
    assert_true(th[1] == 0.5f);
    assert_true(th[2] == 0.0f);
}

static void round_trip(rd_represent_kind rep)
{
    uint32_t row_doc[ROWS];
    rd_csr *c = counts(row_doc), *again = counts(row_doc);
    rd_analysis an;
    rd_err err;
    rd_analysis_opts o = {.segments = 3, .themes = 3, .seed = 5, .threads = 2, .rep = rep};
    assert_int_equal(rd_analysis_run(&c, row_doc, DOCS, &o, &an, &err), RD_OK);
    float th[3];
    assert_int_equal(rd_classify_thresholds(an.sg.label, an.sg.fit, DOCS, an.sg.k, th, &err),
                     RD_OK);
    rd_classify_model m = {.terms = an.x->n_cols, .idf = an.idf, .themes = an.th.k,
                           .h = an.th.h, .rep = an.rep, .dims = an.rep == RD_REP_PROFILE ? 0 : an.dims,
                           .lsa_idf = an.basis.idf, .v = an.basis.v, .k = an.sg.k,
                           .d = an.sg.d, .centres = an.sg.centers, .threshold = th};
    rd_classify_row rows[DOCS];
    float shares[DOCS * 3];
    assert_int_equal(rd_classify_run(&m, &again, row_doc, DOCS, 1, rows, shares, &err), RD_OK);
    assert_null(again);
    size_t fits = 0;
    for (size_t d = 0; d < DOCS; d++) {
        assert_int_equal(rows[d].segment, an.sg.label[d]);
        if (rep == RD_REP_LSA)
            assert_true(rows[d].fit == an.sg.fit[d]); /* the same bits */
        else
            assert_true(fabsf(rows[d].fit - an.sg.fit[d]) < 0.05f);
        assert_true(rows[d].runner_up >= 0 && rows[d].runner_up != rows[d].segment);
        assert_true(rows[d].runner_fit <= rows[d].fit + 1e-6f);
        fits += (size_t)rows[d].fits;
        double s = 0;
        for (size_t j = 0; j < 3; j++)
            s += shares[d * 3 + j];
        assert_true(fabs(s - 1.0) < 1e-4);
    }
    if (rep == RD_REP_LSA)
        assert_int_equal(fits, DOCS); /* every member at or above its segment's 5th percentile */
    /* a respondent of one passage is held to the passage threshold (LSA runs learn one) */
    if (rep == RD_REP_LSA) {
        assert_non_null(an.passage_threshold);
        for (size_t j = 0; j < an.sg.k; j++)
            assert_true(an.passage_threshold[j] > 0.0f && an.passage_threshold[j] <= 1.0f);
    } else {
        assert_null(an.passage_threshold);
    }
    uint32_t one_doc[1] = {0};
    const float never[3] = {2, 2, 2}, always[3] = {-1, -1, -1};
    for (int pass = 0; pass < 2; pass++) {
        uint32_t rd_one[ROWS];
        rd_csr *all = counts(rd_one), *one = NULL;
        int64_t n0 = all->indptr[1];
        assert_int_equal(rd_csr_new(1, all->n_cols, (size_t)n0, &one, &err), RD_OK);
        memcpy(one->indices, all->indices, (size_t)n0 * sizeof *one->indices);
        memcpy(one->data, all->data, (size_t)n0 * sizeof *one->data);
        one->indptr[1] = n0;
        one->nnz = (size_t)n0;
        rd_csr_free(all);
        m.passage_threshold = pass ? never : always;
        assert_int_equal(rd_classify_run(&m, &one, one_doc, 1, 1, rows, shares, &err), RD_OK);
        assert_true(rows[0].segment >= 0);
        assert_int_equal(rows[0].fits, pass ? 0 : 1);
    }
    m.passage_threshold = NULL;
    /* one respondent of a single passage without a single known term: no segment */
    rd_csr *none = NULL;
    uint32_t rd0[1] = {0};
    assert_int_equal(rd_csr_new(1, an.x->n_cols, 0, &none, &err), RD_OK);
    assert_int_equal(rd_classify_run(&m, &none, rd0, 1, 1, rows, shares, &err), RD_OK);
    assert_int_equal(rows[0].segment, -1);
    assert_int_equal(rows[0].fits, 0);
    /* a model of other terms is refused */
    rd_csr *wrong = NULL;
    assert_int_equal(rd_csr_new(1, an.x->n_cols + 1, 0, &wrong, &err), RD_OK);
    assert_int_equal(rd_classify_run(&m, &wrong, rd0, 1, 1, rows, shares, &err), RD_EINVAL);
    rd_analysis_free(&an);
}

static void test_run_lsa(void **state)
{
    (void)state;
    round_trip(RD_REP_LSA);
}

static void test_run_profile(void **state)
{
    (void)state;
    round_trip(RD_REP_PROFILE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nearest), cmocka_unit_test(test_thresholds),
        cmocka_unit_test(test_run_lsa), cmocka_unit_test(test_run_profile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
