/* tests/unit/engine/test_grow.c — growable arrays: capacities double from the minimum,
 * contents survive growth, and a failed growth leaves the array as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/grow.h"

static void test_cap(void **state)
{
    (void)state;
    assert_int_equal(rd_grow_cap(0, 1, 16), 16);    /* starts at the minimum */
    assert_int_equal(rd_grow_cap(0, 16, 16), 16);
    assert_int_equal(rd_grow_cap(16, 17, 16), 32);  /* doubles */
    assert_int_equal(rd_grow_cap(0, 100, 16), 128); /* 16, 32, 64, 128 */
    assert_int_equal(rd_grow_cap(40, 41, 16), 80);  /* from cap when above the minimum */
    assert_int_equal(rd_grow_cap(0, 5, 0), 8);      /* minimum 0: from 1 */
    assert_int_equal(rd_grow_cap(0, 0, 64), 64);
    assert_int_equal(rd_grow_cap(0, SIZE_MAX, 16), 0); /* would overflow */
    assert_int_equal(rd_grow_cap(SIZE_MAX / 2 + 1, SIZE_MAX, 1), 0);
}

static void test_grow_keeps_contents(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(RD_GROW(v, cap, (size_t)i + 1), 0);
        v[i] = i * 7;
    }
    assert_int_equal(cap, 1024); /* 16 · 2⁶ */
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i], i * 7);
    int *before = v;
    assert_int_equal(RD_GROW(v, cap, 1024), 0); /* fits: nothing moves */
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 1024);
    free(v);

    double *d = NULL;
    cap = 0;
    assert_int_equal(RD_GROW_MIN(d, cap, 1, 64), 0);
    assert_int_equal(cap, 64);
    assert_int_equal(RD_GROW_MIN(d, cap, 65, 64), 0);
    assert_int_equal(cap, 128);
    free(d);
}

static void test_failure_leaves_array(void **state)
{
    (void)state;
    uint64_t *v = NULL;
    size_t cap = 0;
    assert_int_equal(RD_GROW(v, cap, 3), 0);
    v[0] = 42;
    uint64_t *before = v;
    /* bytes would overflow size_t: refused, v and cap unchanged */
    assert_int_equal(RD_GROW(v, cap, SIZE_MAX / 4), -1);
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 16);
    assert_int_equal(rd_grow_resize(&v, SIZE_MAX / 2, sizeof *v), -1);
    assert_ptr_equal(v, before);
    assert_int_equal(v[0], 42);
    /* resizing to 0 elements still gives a valid block */
    assert_int_equal(RD_RESIZE(v, 0), 0);
    assert_non_null(v);
    free(v);
}

/* Columns sharing one capacity: rd_grow_cap once, RD_RESIZE each. */
static void test_shared_capacity(void **state)
{
    (void)state;
    int *a = NULL;
    float *b = NULL;
    size_t cap = 0;
    for (size_t n = 0; n < 100; n++) {
        if (n == cap) {
            size_t nc = rd_grow_cap(cap, n + 1, 8);
            assert_int_equal(RD_RESIZE(a, nc), 0);
            assert_int_equal(RD_RESIZE(b, nc), 0);
            cap = nc;
        }
        a[n] = (int)n;
        b[n] = (float)n / 2;
    }
    assert_int_equal(cap, 128);
    for (size_t n = 0; n < 100; n++) {
        assert_int_equal(a[n], (int)n);
        assert_float_equal(b[n], (double)n / 2, 0);
    }
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_grow_keeps_contents),
        cmocka_unit_test(test_failure_leaves_array),
        cmocka_unit_test(test_shared_capacity),
    };
    return cmocka_run_group_tests_name("grow", tests, NULL, NULL);
}
