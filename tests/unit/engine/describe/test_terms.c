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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top),
        cmocka_unit_test(test_join),
    };
    return cmocka_run_group_tests_name("terms", tests, NULL, NULL);
}
