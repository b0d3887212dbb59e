/* tests/unit/engine/test_csr.c — compressed sparse rows: the invariants rd_csr_check
 * enforces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "engine/csr.h"

/* 3 × 3:  d0: t0=1 t1=2   d1: t1=1   d2: t0=1 t2=3 */
static rd_csr *example(void)
{
    rd_csr *m;
    rd_err err;
    assert_int_equal(rd_csr_new(3, 3, 5, &m, &err), RD_OK);
    const int64_t ip[] = {0, 2, 3, 5};
    const int32_t ix[] = {0, 1, 1, 0, 2};
    const float v[] = {1, 2, 1, 1, 3};
    for (int i = 0; i < 4; i++)
        m->indptr[i] = ip[i];
    for (int i = 0; i < 5; i++) {
        m->indices[i] = ix[i];
        m->data[i] = v[i];
    }
    return m;
}

static void test_csr_check(void **state)
{
    (void)state;
    rd_csr *m = example();
    rd_err err;
    m->indices[1] = 0; /* not increasing */
    assert_int_equal(rd_csr_check(m, &err), RD_EINVAL);
    m->indices[1] = 5; /* out of range */
    assert_int_equal(rd_csr_check(m, &err), RD_EINVAL);
    m->indices[1] = 1;
    m->data[2] = NAN;
    assert_int_equal(rd_csr_check(m, &err), RD_EINVAL);
    rd_csr_free(m);
    rd_csr_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csr_check),
    };
    return cmocka_run_group_tests_name("csr", tests, NULL, NULL);
}
