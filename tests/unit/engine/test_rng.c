/* tests/unit/engine/test_rng.c — the seeded generator: rd_rng_sample. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/rng.h"

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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample),
    };
    return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
