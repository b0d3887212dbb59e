/* tests/unit/engine/describe/test_terms.c — the largest entries of a score vector
 * (descending, lower index on ties, above a floor, NaN skipped) and their labels joined. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>

#include <cmocka.h>

#include "engine/describe/terms.h"
#include "tests/unit/engine/dense.h"

static void test_top(void **state)
{
    (void)state;
    const double v[] = {0.5, 2, NAN, 2, -1, 3, 0};
    size_t idx[8];
    assert_int_equal(rd_terms_top(v, 7, 3, 0.0, idx), 3);
    const size_t three[] = {5, 1, 3}; /* 3, then the tie 2 = 2 by index */
    assert_memory_equal(idx, three, sizeof three);
    assert_int_equal(rd_terms_top(v, 7, 8, 0.0, idx), 4); /* 0, −1 and NaN are not > 0 */
    const size_t all[] = {5, 1, 3, 0};
    assert_memory_equal(idx, all, sizeof all);
    assert_int_equal(rd_terms_top(v, 7, 8, 1.0, idx), 3); /* above the floor only */
    assert_memory_equal(idx, three, sizeof three);
    assert_int_equal(rd_terms_top(v, 7, 8, -INFINITY, idx), 6);
    assert_int_equal(idx[5], 4);
    assert_int_equal(rd_terms_top(v, 7, 0, 0.0, idx), 0);
    /* ascending input: every new value displaces the smallest kept */
    const double up[] = {1, 2, 3, 4, 5};
    assert_int_equal(rd_terms_top(up, 5, 2, 0.0, idx), 2);
    assert_int_equal(idx[0], 4);
    assert_int_equal(idx[1], 3);
    /* a value equal to the smallest kept does not displace it */
    const double eq[] = {3, 1, 2, 1};
    assert_int_equal(rd_terms_top(eq, 4, 3, 0.0, idx), 3);
    const size_t eqw[] = {0, 2, 1};
    assert_memory_equal(idx, eqw, sizeof eqw);
}

static void test_join(void **state)
{
    (void)state;
    const char *const label[] = {"huur", "buren", "tuin"};
    const size_t idx[] = {2, 0, 1};
    rd_buf b = {0};
    rd_terms_join(label, idx, 3, "; ", &b);
    assert_string_equal(rd_buf_text(&b), "tuin; huur; buren");
    rd_buf_reset(&b);
    rd_terms_join(label, idx, 1, "; ", &b);
    assert_string_equal(rd_buf_text(&b), "tuin");
    rd_buf_reset(&b);
    rd_terms_join(label, idx, 0, "; ", &b);
    assert_string_equal(rd_buf_text(&b), "");
    free(b.s);
}

/* Terms 0 slimme, 1 meter, 2 huur, 3 vierkante, 4 "slimme meter", 5 "vierkante meter";
 * the phrases' own scores are never ranked. */
static void test_shown(void **state)
{
    (void)state;
    const unsigned char phrase[] = {0, 0, 0, 0, 1, 1};
    const uint32_t first[] = {RD_TERMS_NONE, RD_TERMS_NONE, RD_TERMS_NONE, RD_TERMS_NONE, 0, 3};
    const uint32_t second[] = {RD_TERMS_NONE, RD_TERMS_NONE, RD_TERMS_NONE, RD_TERMS_NONE, 1, 1};
    rd_term_phrases ph;
    rd_err err;
    size_t idx[4];
    assert_int_equal(rd_terms_phrases_init(&ph, 6, phrase, first, second, &err), RD_OK);
    assert_int_equal(ph.off[1 + 1] - ph.off[1], 2); /* meter is in both phrases */
    assert_int_equal(ph.n_slots, 5);                 /* every term but huur */
    assert_int_equal(ph.slot[2], -1);
    /* passages: words in x, phrases in xp; "slimme meter" in 3 of meter's 4 passages,
     * "vierkante meter" in 1 (and in the one passage with vierkante) */
    const double xd[] = {1, 1, 0, 0, 0, 0, /**/ 1, 1, 1, 0, 0, 0, /**/ 1, 1, 0, 0, 0, 0,
                         /**/ 0, 1, 0, 1, 0, 0};
    const double pd[] = {0, 0, 0, 0, 1, 0, /**/ 0, 0, 0, 0, 1, 0, /**/ 0, 0, 0, 0, 1, 0,
                         /**/ 0, 0, 0, 0, 0, 1};
    rd_csr *x = csr_from_dense(xd, 4, 6), *xp = csr_from_dense(pd, 4, 6);
    uint32_t cnt[5] = {0};
    for (size_t r = 0; r < 4; r++)
        rd_terms_phrases_count(&ph, x, xp, r, cnt);
    const uint32_t want_cnt[] = {3, 4, 1, 3, 1}; /* slimme meter vierkante sm vm */
    assert_memory_equal(cnt, want_cnt, sizeof want_cnt);
    const double v[] = {0.5, 3, 2, 0.1, 9, 9};
    /* meter is shown as "slimme meter" (3 of its 4 passages), slimme not again; vierkante
     * is said in "vierkante meter" wherever it is said */
    assert_int_equal(rd_terms_shown(v, 6, 4, 0.0, &ph, cnt, idx), 3);
    const size_t want[] = {4, 2, 5};
    assert_memory_equal(idx, want, sizeof want);
    /* in fewer than half of the word's passages: the word itself */
    const uint32_t rare[] = {3, 4, 1, 1, 1};
    assert_int_equal(rd_terms_shown(v, 6, 2, 0.0, &ph, rare, idx), 2);
    const size_t words[] = {1, 2};
    assert_memory_equal(idx, words, sizeof words);
    rd_terms_phrases_free(&ph);
    rd_csr_free(x);
    rd_csr_free(xp);
    /* without phrases: rd_terms_top over every term */
    assert_int_equal(rd_terms_phrases_init(&ph, 6, NULL, NULL, NULL, &err), RD_OK);
    assert_int_equal(rd_terms_shown(v, 6, 2, 0.0, &ph, cnt, idx), 2);
    assert_int_equal(idx[0], 4);
    assert_int_equal(idx[1], 5);
    rd_terms_phrases_free(&ph);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top),
        cmocka_unit_test(test_join),
        cmocka_unit_test(test_shown),
    };
    return cmocka_run_group_tests_name("terms", tests, NULL, NULL);
}
