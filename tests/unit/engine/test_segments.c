/* tests/unit/engine/test_segments.c — segments of planted clusters: automatic k (spectral
 * clusters scored by modularity) finds them, segments are numbered by size (first member on ties), a clean split is stable
 * (ARI and every respondent's stability near 1); RD_EDATA when k exceeds the respondents
 * or the distinct ones; one segment when there are too few respondents to split; segments
 * grown from a previous wave's (init). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/classify.h"
#include "engine/metrics.h"
#include "engine/segments.h"
#include "engine/select.h"

/* Points around centre c (one of 4 orthogonal directions of length 10 in d = 6) with
 * unit normal noise; truth[i] = the cluster of point i. */
static float *clusters(const int32_t *truth, size_t n, uint64_t seed)
{
    rd_rng g;
    rd_rng_seed(&g, seed);
    float *x = malloc(n * 6 * sizeof *x);
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < 6; t++)
            x[i * 6 + t] = (float)((t == (size_t)truth[i] ? 10.0 : 0.0) + rd_rng_normal(&g));
    return x;
}

/* 30, 20 and 10 points, interleaved. */
static void sizes_30_20_10(int32_t *truth)
{
    for (size_t i = 0; i < 60; i++)
        truth[i] = i % 6 < 3 ? 2 : i % 6 < 5 ? 0 : 1; /* cluster 2 largest, then 0, then 1 */
}

static void test_automatic_k(void **state)
{
    (void)state;
    int32_t truth[60];
    sizes_30_20_10(truth);
    float *x = clusters(truth, 60, 5);
    rd_segments sg;
    rd_err err;
    rd_segments_opts o = rd_select_segments(60, 0, 1, 2);
    assert_int_equal(rd_segments_fit(x, 60, 6, &o, &sg, &err), RD_OK);
    assert_int_equal(sg.k, 3);
    assert_int_equal(sg.n, 60);
    assert_int_equal(sg.d, 6);
    /* candidates 2..12, then 14 (k_max 2·√60 = 15); scored by modularity; the chosen one the
     * eligible one of highest modularity */
    assert_int_equal(o.k_max, 15);
    assert_int_equal(sg.n_cands, 12);
    double best = -1;
    size_t chosen = 1;
    for (size_t i = 0; i < sg.n_cands; i++) {
        const rd_segments_cand *c = &sg.cands[i];
        assert_int_equal(c->k, i < 11 ? 2 + i : 14);
        assert_true(isnan(c->silhouette) && isnan(c->stability));
        assert_true(c->score > -0.5 && c->score < 1.0);
        assert_int_equal(c->eligible, c->smallest >= o.min_size);
        if (c->eligible && c->score > best) {
            best = c->score;
            chosen = c->k;
        }
    }
    assert_int_equal(chosen, sg.k);
    assert_int_equal(sg.cands[1].smallest, 10);
    /* numbered by size: planted cluster 2 (30) is segment 1, 0 (20) is 2, 1 (10) is 3 */
    const size_t want_size[] = {30, 20, 10};
    assert_memory_equal(sg.size, want_size, sizeof want_size);
    const int32_t seg_of[] = {1, 2, 0};
    for (size_t i = 0; i < 60; i++)
        assert_int_equal(sg.label[i], seg_of[truth[i]]);
    /* a clean split: every run agrees */
    assert_true(sg.ari > 0.99);
    for (size_t i = 0; i < 60; i++) {
        assert_true(sg.stability[i] > 0.9);
        assert_true(sg.fit[i] > 0.8 && sg.fit[i] <= 1.0f + 1e-6f);
    }
    assert_true(sg.silhouette > 0.7);
    /* inertia: the squared distances to the centres */
    double in = 0;
    for (size_t i = 0; i < 60; i++)
        for (size_t t = 0; t < 6; t++) {
            double dd = x[i * 6 + t] - sg.centers[(size_t)sg.label[i] * 6 + t];
            in += dd * dd;
        }
    assert_float_equal(sg.inertia, in, 1e-6 * in);
    /* centres: the mean of the members */
    for (size_t s = 0; s < 3; s++)
        for (size_t t = 0; t < 6; t++) {
            double m = 0;
            for (size_t i = 0; i < 60; i++)
                if ((size_t)sg.label[i] == s)
                    m += x[i * 6 + t];
            assert_float_equal(sg.centers[s * 6 + t], m / (double)want_size[s], 1e-4);
        }
    rd_segments_free(&sg);
    rd_segments_free(NULL);

    /* chosen on a sample of 40 of the 60: the same three segments */
    o.select_n = 40;
    assert_int_equal(rd_segments_fit(x, 60, 6, &o, &sg, &err), RD_OK);
    assert_int_equal(sg.k, 3);
    assert_memory_equal(sg.size, want_size, sizeof want_size);
    rd_segments_free(&sg);
    free(x);
}

/* Two clusters of 20: the one holding respondent 0 is segment 1. */
/* Starting from a previous wave's segments: a start segment without members and one whose
 * two members belong elsewhere vanish, wrong and missing start labels are put right by
 * the Lloyd rounds, origin says where each segment came from, and a k other than the
 * start's is refused. */
static void test_from_init(void **state)
{
    (void)state;
    int32_t truth[60], init[60];
    sizes_30_20_10(truth);
    float *x = clusters(truth, 60, 5);
    /* start segments: 0 ↔ planted 1, 1 ↔ planted 2, 2 ↔ planted 0, 3 empty, 4 holds a
     * point of planted 2 and one of planted 0 */
    const int32_t start_of[] = {2, 0, 1};
    for (size_t i = 0; i < 60; i++)
        init[i] = start_of[truth[i]];
    init[0] = 0;  /* planted 2, started wrong */
    init[6] = -1; /* planted 2, not placed by the previous model */
    init[3] = 4;  /* planted 0 */
    init[12] = 4; /* planted 2 */
    rd_segments sg;
    rd_err err;
    rd_segments_opts o = rd_select_segments(60, 0, 1, 2);
    o.init = init;
    o.init_k = 5;
    assert_int_equal(rd_segments_fit(x, 60, 6, &o, &sg, &err), RD_OK);
    assert_int_equal(sg.k, 3);
    assert_int_equal(sg.n_cands, 0);
    assert_true(sg.converged);
    assert_true(sg.iters >= 2 && sg.iters <= 5);
    const size_t want_size[] = {30, 20, 10};
    assert_memory_equal(sg.size, want_size, sizeof want_size);
    const int32_t want_origin[] = {1, 2, 0}; /* by size: planted 2, 0, 1 */
    assert_memory_equal(sg.origin, want_origin, sizeof want_origin);
    const int32_t seg_of[] = {1, 2, 0};
    for (size_t i = 0; i < 60; i++)
        assert_int_equal(sg.label[i], seg_of[truth[i]]);
    for (size_t i = 0; i < 60; i++) { /* every respondent on its nearest centre */
        int32_t best, second;
        rd_classify_nearest(x + i * 6, sg.centers, sg.k, 6, &best, &second);
        assert_int_equal(best, sg.label[i]);
    }
    rd_segments_free(&sg);
    assert_null(sg.origin);
    /* the same with a cap of one round: stops unconverged */
    o.init_iters = 1;
    assert_int_equal(rd_segments_fit(x, 60, 6, &o, &sg, &err), RD_OK);
    assert_int_equal(sg.iters, 1);
    assert_false(sg.converged);
    rd_segments_free(&sg);
    /* a k other than the start's; a label out of range */
    o.init_iters = 0;
    o.k = 3;
    assert_int_equal(rd_segments_fit(x, 60, 6, &o, &sg, &err), RD_EINVAL);
    assert_null(sg.label);
    o.k = 5;
    init[9] = 5;
    assert_int_equal(rd_segments_fit(x, 60, 6, &o, &sg, &err), RD_EINVAL);
    /* nothing placed: one segment */
    for (size_t i = 0; i < 60; i++)
        init[i] = -1;
    o.k = 0;
    assert_int_equal(rd_segments_fit(x, 60, 6, &o, &sg, &err), RD_OK);
    assert_int_equal(sg.k, 1);
    assert_int_equal(sg.origin[0], -1);
    rd_segments_free(&sg);
    free(x);
}

static void test_ties_by_first_member(void **state)
{
    (void)state;
    int32_t truth[40];
    for (size_t i = 0; i < 40; i++)
        truth[i] = i < 20 ? 3 : 1;
    truth[0] = 1; /* respondent 0 in the second block of indices */
    truth[20] = 3;
    float *x = clusters(truth, 40, 9);
    rd_segments sg;
    rd_err err;
    rd_segments_opts o = rd_select_segments(40, 2, 4, 1);
    assert_int_equal(rd_segments_fit(x, 40, 6, &o, &sg, &err), RD_OK);
    assert_int_equal(sg.k, 2);
    assert_int_equal(sg.n_cands, 0); /* k given */
    assert_int_equal(sg.size[0], 20);
    assert_int_equal(sg.size[1], 20);
    for (size_t i = 0; i < 40; i++)
        assert_int_equal(sg.label[i], truth[i] == 1 ? 0 : 1);
    rd_segments_free(&sg);
    free(x);
}

static void test_edata(void **state)
{
    (void)state;
    rd_segments sg;
    rd_err err;
    rd_segments_opts o = rd_select_segments(10, 3, 1, 1);
    float x[10 * 2];
    for (size_t i = 0; i < 10; i++) { /* two distinct rows, five times each */
        x[i * 2] = i % 2 ? 1.0f : 0.0f;
        x[i * 2 + 1] = 1.0f;
    }
    x[2 * 2 + 1] = 1.0f + 1e-7f; /* within 1e-6 relative: the same respondent */
    assert_int_equal(rd_segments_fit(x, 10, 2, &o, &sg, &err), RD_EDATA);
    assert_string_equal(err.msg, "3 segments asked for, but only 2 respondents differ in what "
                                 "they say (the others are duplicates); ask for at most 2");
    assert_null(sg.label);
    o.k = 11;
    assert_int_equal(rd_segments_fit(x, 10, 2, &o, &sg, &err), RD_EDATA);
    assert_string_equal(err.msg, "11 segments asked for, but there are only 10 respondents");
    assert_int_equal(rd_segments_fit(x, 0, 2, &o, &sg, &err), RD_EDATA);
    assert_string_equal(err.msg, "no respondents to segment");
    /* automatic: k_max is cut to the distinct respondents, here 2 */
    o = rd_select_segments(10, 0, 1, 1);
    o.min_size = 1;
    assert_int_equal(rd_segments_fit(x, 10, 2, &o, &sg, &err), RD_OK);
    assert_int_equal(sg.k, 2);
    assert_int_equal(sg.n_cands, 1);
    rd_segments_free(&sg);
}

/* Fewer than 2 · min_size respondents: one segment, everyone in it, fully stable. */
static void test_too_few_to_split(void **state)
{
    (void)state;
    int32_t truth[5] = {0, 1, 0, 1, 0};
    float *x = clusters(truth, 5, 2);
    rd_segments sg;
    rd_err err;
    rd_segments_opts o = rd_select_segments(5, 0, 1, 1); /* min_size 3 */
    assert_int_equal(rd_segments_fit(x, 5, 6, &o, &sg, &err), RD_OK);
    assert_int_equal(sg.k, 1);
    assert_int_equal(sg.n_cands, 0);
    assert_int_equal(sg.size[0], 5);
    assert_float_equal(sg.ari, 1.0, 0);
    assert_float_equal(sg.silhouette, 0.0, 0);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(sg.label[i], 0);
        assert_float_equal(sg.stability[i], 1.0, 0);
    }
    rd_segments_free(&sg);
    free(x);
}

/* 2,100 respondents: the silhouette is taken on a sample of 2,000; two clusters are still
 * found exactly, and the same seed gives the same bytes. */
static void test_large(void **state)
{
    (void)state;
    size_t n = 2100;
    int32_t *truth = malloc(n * sizeof *truth);
    for (size_t i = 0; i < n; i++)
        truth[i] = (int32_t)(i % 3 == 0);
    float *x = clusters(truth, n, 3);
    rd_segments a, b;
    rd_err err;
    rd_segments_opts o = rd_select_segments(n, 2, 1, 2);
    o.boot = 2;
    assert_int_equal(rd_segments_fit(x, n, 6, &o, &a, &err), RD_OK);
    assert_int_equal(a.size[0], 1400);
    assert_float_equal(rd_metrics_ari(a.label, 2, truth, 2, n), 1.0, 1e-12);
    assert_true(a.silhouette > 0.5);
    assert_int_equal(rd_segments_fit(x, n, 6, &o, &b, &err), RD_OK);
    assert_memory_equal(a.label, b.label, n * sizeof *a.label);
    assert_memory_equal(a.stability, b.stability, n * sizeof *a.stability);
    assert_float_equal(a.silhouette, b.silhouette, 0);
    rd_segments_free(&a);
    rd_segments_free(&b);
    free(truth);
    free(x);
}

/* Bagged segments (segments.h). Planted clusters far apart (test_automatic_k's): the
 * bagged segments are the planted ones, as without bagging. Five overlapping clusters
 * (centres 3 apart along the axes of d = 6, unit noise; k = 5), six seeds: the bagged
 * segments agree with the planted clusters about as well as the plain ones (mean ARI
 * within 0.02: on such round clusters the plain spectral result is already the same on
 * every seed, so votes of runs on subsets cannot improve it; the labelled corpora of the
 * README show where they do), every respondent sits on its segment's nearest centre (the
 * rule classify places by), and the same seed gives the same segments. */
static void test_bagged(void **state)
{
    (void)state;
    rd_err err;
    rd_segments sg;
    int32_t clean[60];
    sizes_30_20_10(clean);
    float *xc = clusters(clean, 60, 5);
    rd_segments_opts oc = rd_select_segments(60, 3, 1, 2);
    assert_int_equal(oc.bag_runs, 30);
    assert_int_equal(rd_segments_fit(xc, 60, 6, &oc, &sg, &err), RD_OK);
    assert_float_equal(rd_metrics_ari(sg.label, 3, clean, 3, 60), 1.0, 1e-12);
    rd_segments_free(&sg);
    free(xc);

    size_t n = 500, d = 6;
    int32_t *truth = malloc(n * sizeof *truth), *near = malloc(n * sizeof *near);
    float *x = malloc(n * d * sizeof *x);
    rd_rng g;
    rd_rng_seed(&g, 11);
    for (size_t i = 0; i < n; i++) {
        truth[i] = (int32_t)(i % 5);
        for (size_t t = 0; t < d; t++)
            x[i * d + t] = (float)((t == (size_t)truth[i] ? 3.0 : 0.0) + rd_rng_normal(&g));
    }
    double with = 0.0, without = 0.0;
    for (uint64_t seed = 1; seed <= 6; seed++)
        for (int bagged = 0; bagged < 2; bagged++) {
            rd_segments_opts o = rd_select_segments(n, 5, seed, 2);
            o.bag_runs = bagged ? o.bag_runs : 0;
            assert_int_equal(rd_segments_fit(x, n, d, &o, &sg, &err), RD_OK);
            *(bagged ? &with : &without) += rd_metrics_ari(sg.label, 5, truth, 5, n) / 6.0;
            rd_classify_assign(x, n, d, sg.centers, 5, 1, near);
            assert_memory_equal(near, sg.label, n * sizeof *near);
            if (bagged && seed == 1) {
                rd_segments again;
                assert_int_equal(rd_segments_fit(x, n, d, &o, &again, &err), RD_OK);
                assert_memory_equal(again.label, sg.label, n * sizeof *sg.label);
                rd_segments_free(&again);
            }
            rd_segments_free(&sg);
        }
    assert_true(with > 0.85 && fabs(with - without) < 0.02);
    free(truth);
    free(near);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_automatic_k),
        cmocka_unit_test(test_from_init),
        cmocka_unit_test(test_ties_by_first_member),
        cmocka_unit_test(test_edata),
        cmocka_unit_test(test_too_few_to_split),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_bagged),
    };
    return cmocka_run_group_tests_name("segments", tests, NULL, NULL);
}
