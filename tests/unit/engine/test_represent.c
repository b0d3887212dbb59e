/* tests/unit/engine/test_represent.c — what k-means sees of each respondent: theme
 * profiles (hand-computed sums), LSA rows (unit length; respondents with the same summed
 * counts get the same row however their passages split them), and the rows of each kind
 * (`both`: two halves of length 1/√2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/represent.h"
#include "tests/unit/engine/dense.h"

static double norm(const float *v, size_t d)
{
    double s = 0.0;
    for (size_t i = 0; i < d; i++)
        s += (double)v[i] * v[i];
    return sqrt(s);
}

/* Respondent 0: rows (1, 0) and (2, 1) → (3, 1) / 4; respondent 1: one row of zeros;
 * respondent 2: (0.5, 1.5) → (0.25, 0.75); respondent 3: no rows at all. */
static void test_profile(void **state)
{
    (void)state;
    const float w[] = {1, 0, 2, 1, 0, 0, 0.5f, 1.5f};
    const uint32_t row_doc[] = {0, 0, 1, 2};
    float out[8];
    rd_err err;
    memset(out, 0xff, sizeof out);
    assert_int_equal(rd_represent_profile(w, 4, 2, row_doc, 4, out, &err), RD_OK);
    const float want[] = {0.75f, 0.25f, 0, 0, 0.25f, 0.75f, 0, 0};
    assert_memory_equal(out, want, sizeof want);
}

/* 4 respondents over 6 terms; respondents 0 and 2 say the same in total (0 in two
 * passages, 2 in one). */
static rd_csr *counts(uint32_t *row_doc)
{
    const double a[] = {
        2, 1, 0, 0, 0, 0, /* respondent 0 */
        1, 0, 1, 0, 0, 0, /* respondent 0 */
        0, 0, 0, 3, 1, 0, /* respondent 1 */
        0, 0, 0, 1, 0, 2, /* respondent 1 */
        3, 1, 1, 0, 0, 0, /* respondent 2 */
        0, 1, 0, 0, 2, 2, /* respondent 3 */
    };
    const uint32_t rd[] = {0, 0, 1, 1, 2, 3};
    memcpy(row_doc, rd, sizeof rd);
    return csr_from_dense(a, 6, 6);
}

/* Respondent × term counts: respondent 0's rows (1, 0, 2, 0) and (0, 0, 1, 3) add up to
 * (1, 0, 3, 3); respondent 1 has no rows; respondent 2's one row is kept; columns come out
 * sorted. Rows out of respondent order are refused, not lost. */
static void test_sum(void **state)
{
    (void)state;
    const double a[] = {1, 0, 2, 0, /**/ 0, 0, 1, 3, /**/ 0, 5, 0, 0};
    const uint32_t doc[] = {0, 0, 2}, bad[] = {0, 2, 0};
    rd_csr *c = csr_from_dense(a, 3, 4), *d;
    rd_err err;
    assert_int_equal(rd_represent_sum(c, doc, 3, &d, &err), RD_OK);
    const int64_t ip[] = {0, 3, 3, 4};
    const int32_t ix[] = {0, 2, 3, 1};
    const float v[] = {1, 3, 3, 5};
    expect_csr(d, 3, 4, 4, ip, ix, v);
    rd_csr_free(d);
    assert_int_equal(rd_represent_sum(c, bad, 3, &d, &err), RD_EINVAL);
    assert_null(d);
    assert_non_null(strstr(err.msg, "passage 2 belongs to respondent 0"));
    rd_csr_free(c);
}

static void test_lsa(void **state)
{
    (void)state;
    uint32_t row_doc[6];
    rd_csr *c = counts(row_doc);
    float out[4 * 3], again[4 * 3];
    rd_err err;
    rd_rng r;
    rd_rng_seed(&r, 1);
    assert_int_equal(rd_represent_lsa(c, row_doc, 4, 3, 1, &r, out, NULL, &err), RD_OK);
    for (size_t i = 0; i < 4; i++)
        assert_float_equal(norm(out + i * 3, 3), 1.0, 1e-5);
    for (size_t j = 0; j < 3; j++)
        assert_float_equal(out[0 * 3 + j], out[2 * 3 + j], 1e-5);
    /* respondents 0 and 1 share no term: orthogonal TF-IDF rows; the matrix has rank 3
     * (rows 0 and 2 are equal), so 3 components keep every inner product */
    double dot = 0;
    for (size_t j = 0; j < 3; j++)
        dot += (double)out[j] * out[3 + j];
    assert_float_equal(dot, 0.0, 1e-5);
    rd_rng_seed(&r, 1);
    assert_int_equal(rd_represent_lsa(c, row_doc, 4, 3, 2, &r, again, NULL, &err), RD_OK);
    assert_memory_equal(out, again, sizeof out); /* seeded: the same bytes */
    rd_csr_free(c);

    rd_csr *empty;
    assert_int_equal(rd_csr_new(2, 3, 0, &empty, &err), RD_OK);
    const uint32_t two[] = {0, 1};
    assert_int_equal(rd_represent_lsa(empty, two, 2, 1, 1, &r, out, NULL, &err), RD_EDATA);
    assert_string_equal(err.msg, "no terms left for any respondent");
    rd_csr_free(empty);
}

static void test_rows(void **state)
{
    (void)state;
    const float profile[] = {0.75f, 0.25f, 0, 0};
    const float lsa[] = {0.6f, 0.8f, 0, 1, 0, 0};
    float *out;
    size_t d;
    rd_err err;
    assert_int_equal(rd_represent_rows(RD_REP_PROFILE, profile, 2, lsa, 3, 2, &out, &d, &err),
                     RD_OK);
    assert_int_equal(d, 2);
    assert_float_equal(out[0], 0.75 / sqrt(0.625), 1e-6); /* scaled to unit length */
    assert_float_equal(out[1], 0.25 / sqrt(0.625), 1e-6);
    assert_float_equal(out[2], 0, 0); /* a zero row stays zero */
    assert_float_equal(out[3], 0, 0);
    free(out);
    assert_int_equal(rd_represent_rows(RD_REP_LSA, profile, 2, lsa, 3, 2, &out, &d, &err), RD_OK);
    assert_int_equal(d, 3);
    assert_memory_equal(out, lsa, sizeof lsa);
    free(out);
    assert_int_equal(rd_represent_rows(RD_REP_BOTH, profile, 2, lsa, 3, 2, &out, &d, &err), RD_OK);
    assert_int_equal(d, 5);
    assert_float_equal(norm(out, 2), M_SQRT1_2, 1e-6);
    assert_float_equal(norm(out + 2, 3), M_SQRT1_2, 1e-6);
    assert_float_equal(norm(out, 5), 1.0, 1e-6);
    assert_float_equal(out[2], 0.6 * M_SQRT1_2, 1e-6);
    assert_float_equal(norm(out + 5, 2), 0.0, 0); /* respondent 1: no theme weight */
    assert_float_equal(norm(out + 7, 3), M_SQRT1_2, 1e-6);
    free(out);
}

static void test_normalise(void **state)
{
    (void)state;
    float x[] = {3, 4, 0, 0, -1, 0};
    rd_represent_normalise(x, 3, 2);
    const float want[] = {0.6f, 0.8f, 0, 0, -1, 0};
    for (size_t i = 0; i < 6; i++)
        assert_float_equal(x[i], want[i], 1e-7);
}

/* The map: points spread most along (1, 1, 0)/√2, less along z, none along (1, −1, 0):
 * axis 1 is the first direction (largest entry positive), axis 2 the second; the
 * coordinates are centred; a sample of the rows finds the same axes; d = 1 gives 0 as the
 * second coordinate; the same bytes twice. */
static void test_map(void **state)
{
    (void)state;
    enum { n = 40 };
    float x[n * 3], m[n * 2], m2[n * 2], ms[n * 2];
    rd_err err = {0};
    for (size_t i = 0; i < n; i++) {
        /* b: −, +, +, − in every four rows: uncorrelated with a */
        double a = (double)i - 19.5, b = (i % 4 == 1 || i % 4 == 2 ? 1.0 : -1.0) * 2.0;
        x[3 * i] = (float)(1.0 + a / sqrt(2.0));
        x[3 * i + 1] = (float)(2.0 + a / sqrt(2.0));
        x[3 * i + 2] = (float)(3.0 + b);
    }
    assert_int_equal(rd_represent_map(x, n, 3, 5000, m, &err), RD_OK);
    double s1 = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(fabs(m[2 * i] - ((double)i - 19.5)) < 1e-3);
        assert_true(fabs(fabs(m[2 * i + 1]) - 2.0) < 1e-3);
        s1 += m[2 * i], s2 += m[2 * i + 1];
    }
    assert_true(fabs(s1) < 1e-3 && fabs(s2) < 1e-3);
    assert_int_equal(rd_represent_map(x, n, 3, 5000, m2, &err), RD_OK);
    assert_memory_equal(m, m2, sizeof m);
    assert_int_equal(rd_represent_map(x, n, 3, 10, ms, &err), RD_OK); /* every 4th row */
    for (size_t i = 0; i < n; i++) /* the same first axis; only the mean moves */
        assert_true(fabs((ms[2 * i] - m[2 * i]) - (ms[0] - m[0])) < 1e-3);
    assert_int_equal(rd_represent_map(x, n, 1, 5000, m, &err), RD_OK);
    for (size_t i = 0; i < n; i++)
        assert_true(m[2 * i + 1] == 0.0f);
    assert_int_equal(rd_represent_map(x, 0, 3, 5000, m, &err), RD_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profile),
        cmocka_unit_test(test_sum),
        cmocka_unit_test(test_lsa),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_map),
    };
    return cmocka_run_group_tests_name("represent", tests, NULL, NULL);
}
