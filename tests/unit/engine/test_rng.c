/* tests/unit/engine/test_rng.c — the seeded generator.
 *
 * Known answers: splitmix64 from 0 gives 0xe220a8397b1dcdaf first (the published first
 * output of Vigna's splitmix64.c), and the xoshiro256** outputs below were computed with
 * an independent Python transcription of the published algorithm (Blackman & Vigna,
 * xoshiro256starstar.c). Then the derived draws: uniform in [0, 1), unbiased below n,
 * normals with mean 0 and variance 1, forks, and sorted samples without repeats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/rng.h"

static void test_known_answers(void **state)
{
    (void)state;
    rd_rng r;
    rd_rng_seed(&r, 0);
    const uint64_t s0[] = {0xe220a8397b1dcdafull, 0x6e789e6aa1b965f4ull, 0x06c45d188009454full,
                           0xf88bb8a8724c81ecull};
    assert_memory_equal(r.s, s0, sizeof s0);
    const uint64_t out0[] = {0x99ec5f36cb75f2b4ull, 0xbf6e1f784956452aull, 0x1a5f849d4933e6e0ull,
                             0x6aa594f1262d2d2cull};
    for (int i = 0; i < 4; i++)
        assert_true(rd_rng_next(&r) == out0[i]);
    rd_rng_seed(&r, 12345);
    const uint64_t out1[] = {0xbe6a36374160d49bull, 0x214aaa0637a688c6ull, 0xf69d16de9954d388ull,
                             0x0c60048c4e96e033ull};
    for (int i = 0; i < 4; i++)
        assert_true(rd_rng_next(&r) == out1[i]);
    /* uniform = the top 53 bits / 2^53 */
    rd_rng_seed(&r, 1);
    assert_float_equal(rd_rng_uniform(&r), 0.7029218331588505, 0);
    assert_float_equal(rd_rng_uniform(&r), 0.5204366199388569, 0);
}

static void test_draws(void **state)
{
    (void)state;
    rd_rng r;
    rd_rng_seed(&r, 7);
    size_t hist[10] = {0};
    double sum = 0, sq = 0;
    const size_t n = 200000;
    for (size_t i = 0; i < n; i++) {
        double u = rd_rng_uniform(&r);
        assert_true(u >= 0.0 && u < 1.0);
        uint64_t b = rd_rng_below(&r, 10);
        assert_true(b < 10);
        hist[b]++;
        double z = rd_rng_normal(&r);
        assert_true(isfinite(z));
        sum += z;
        sq += z * z;
    }
    /* 200,000 normals: the mean within 5 standard errors (0.011) of 0, variance of 1 */
    assert_true(fabs(sum / n) < 0.011);
    assert_true(fabs(sq / n - 1.0) < 0.016);
    for (int i = 0; i < 10; i++) /* each digit 20,000 ± 5 standard deviations (670) */
        assert_true(hist[i] > 19330 && hist[i] < 20670);
    assert_int_equal(rd_rng_below(&r, 1), 0);
    /* n just above 2^63: about half of all draws are rejected, none lands at or above n */
    uint64_t big = (UINT64_C(1) << 63) + 1;
    for (int i = 0; i < 1000; i++)
        assert_true(rd_rng_below(&r, big) < big);
}

/* A fork is a function of the parent's state and the stream number; it does not move the
 * parent. */
static void test_fork(void **state)
{
    (void)state;
    rd_rng p, q, c1, c2, c3;
    rd_rng_seed(&p, 99);
    q = p;
    rd_rng_fork(&p, 4, &c1);
    assert_memory_equal(&p, &q, sizeof p); /* parent untouched */
    rd_rng_fork(&q, 4, &c2);
    assert_memory_equal(&c1, &c2, sizeof c1); /* same state, same stream: same child */
    rd_rng_fork(&p, 5, &c3);
    assert_true(rd_rng_next(&c1) != rd_rng_next(&c3)); /* another stream */
    assert_true(memcmp(&c1, &p, sizeof p) != 0);
    rd_rng_next(&q);
    rd_rng_fork(&q, 4, &c3); /* the parent moved: another child */
    assert_true(rd_rng_next(&c2) != rd_rng_next(&c3));
}

static void test_sample(void **state)
{
    (void)state;
    rd_rng a, b;
    rd_rng_seed(&a, 5);
    rd_rng_seed(&b, 5);
    size_t *s1 = rd_rng_sample(&a, 1000, 300), *s2 = rd_rng_sample(&b, 1000, 300);
    assert_non_null(s1);
    assert_memory_equal(s1, s2, 300 * sizeof *s1);
    for (size_t i = 1; i < 300; i++)
        assert_true(s1[i] > s1[i - 1] && s1[i] < 1000);
    free(s1);
    free(s2);
    /* all of them: 0..n-1 */
    size_t *all = rd_rng_sample(&a, 50, 50);
    for (size_t i = 0; i < 50; i++)
        assert_int_equal(all[i], i);
    free(all);
    size_t *none = rd_rng_sample(&a, 0, 0);
    assert_non_null(none);
    free(none);
    /* uniform: over 4,000 samples of 10 of 20, each index drawn 2,000 times ± 5 standard
     * deviations (√(4000 · ¼) = 31.6) */
    size_t cnt[20] = {0};
    for (int t = 0; t < 4000; t++) {
        size_t *s = rd_rng_sample(&a, 20, 10);
        for (size_t i = 0; i < 10; i++)
            cnt[s[i]]++;
        free(s);
    }
    for (size_t i = 0; i < 20; i++)
        assert_true(cnt[i] > 1842 && cnt[i] < 2158);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_draws),
        cmocka_unit_test(test_fork),
        cmocka_unit_test(test_sample),
    };
    return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
