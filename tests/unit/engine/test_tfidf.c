/* tests/unit/engine/test_tfidf.c — TF-IDF against hand-computed values.
 *
 * The TF-IDF case (3 passages, 3 terms):
 *   counts  d0: t0=1 t1=2   d1: t1=1   d2: t0=1 t2=3
 *   df = (2, 2, 1), n = 3  →  idf(t0) = idf(t1) = ln(4/3) + 1 = 1.2876820724517808,
 *                             idf(t2) = ln(4/2) + 1 = 1.6931471805599454
 *   d0 = (1·1.28768, (1+ln 2)·1.28768) / norm = (0.5085423203783267, 0.8610369959439763)
 *   d1 = (1) → 1
 *   d2 = (1·1.28768, (1+ln 3)·1.69315) / norm = (0.3407117433703762, 0.9401678083882254) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "engine/csr.h"
#include "engine/tfidf.h"
#include "tests/unit/engine/dense.h"

static void test_tfidf_hand(void **state)
{
    (void)state;
    rd_csr *m = example_3x3();
    rd_err err;
    double idf[3];
    assert_int_equal(rd_csr_check(m, &err), RD_OK);
    assert_int_equal(rd_tfidf_apply(m, idf, &err), RD_OK);
    assert_float_equal(idf[0], 1.2876820724517808, 1e-12);
    assert_float_equal(idf[1], 1.2876820724517808, 1e-12);
    assert_float_equal(idf[2], 1.6931471805599454, 1e-12);
    const double want[] = {0.5085423203783267, 0.8610369959439763, 1.0, 0.3407117433703762,
                           0.9401678083882254};
    for (int i = 0; i < 5; i++)
        assert_float_equal(m->data[i], want[i], 1e-6);
    rd_csr_free(m);
}

static void test_tfidf_empty_row_and_bad_count(void **state)
{
    (void)state;
    rd_csr *m;
    rd_err err;
    assert_int_equal(rd_csr_new(2, 2, 1, &m, &err), RD_OK);
    m->indptr[1] = 0; /* row 0 empty */
    m->indptr[2] = 1;
    m->indices[0] = 1;
    m->data[0] = 7;
    assert_int_equal(rd_tfidf_apply(m, NULL, &err), RD_OK);
    assert_float_equal(m->data[0], 1.0, 1e-7);
    m->data[0] = 0;
    assert_int_equal(rd_tfidf_apply(m, NULL, &err), RD_EINVAL);
    rd_csr_free(m);
}

/* Every non-empty row comes out with unit length; a term in no row gets the largest idf,
 * ln(1 + n) + 1. */
static void test_unit_rows_and_unused_term(void **state)
{
    (void)state;
    rd_csr *m;
    rd_err err;
    double idf[4];
    assert_int_equal(rd_csr_new(4, 4, 6, &m, &err), RD_OK);
    const int64_t ip[] = {0, 3, 3, 4, 6}; /* row 1 empty, column 3 unused */
    const int32_t ix[] = {0, 1, 2, 2, 0, 2};
    const float v[] = {5, 1, 2, 9, 1, 1};
    memcpy(m->indptr, ip, sizeof ip);
    memcpy(m->indices, ix, sizeof ix);
    memcpy(m->data, v, sizeof v);
    assert_int_equal(rd_tfidf_apply(m, idf, &err), RD_OK);
    assert_float_equal(idf[3], log(5.0) + 1.0, 1e-12);
    assert_float_equal(idf[2], log(5.0 / 4.0) + 1.0, 1e-12);
    for (size_t r = 0; r < 4; r++) {
        double ss = 0.0;
        for (int64_t p = m->indptr[r]; p < m->indptr[r + 1]; p++)
            ss += (double)m->data[p] * m->data[p];
        assert_float_equal(ss, r == 1 ? 0.0 : 1.0, 1e-6);
    }
    /* row 3: tf 1 and 1, idf(t0) = ln(5/3) + 1 and idf(t2) = ln(5/4) + 1 */
    double a = log(5.0 / 3.0) + 1.0, b = log(5.0 / 4.0) + 1.0, nrm = sqrt(a * a + b * b);
    assert_float_equal(m->data[4], a / nrm, 1e-6);
    assert_float_equal(m->data[5], b / nrm, 1e-6);
    rd_csr_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tfidf_hand),
        cmocka_unit_test(test_tfidf_empty_row_and_bad_count),
        cmocka_unit_test(test_unit_rows_and_unused_term),
    };
    return cmocka_run_group_tests_name("tfidf", tests, NULL, NULL);
}
