/* tests/unit/engine/test_lists.c — the string and problem lists: copies are kept, order
 * is kept, freeing empties the list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/lists.h"

static void test_strlist(void **state)
{
    (void)state;
    rd_strlist l = {0};
    rd_err err;
    char word[32];
    for (int i = 0; i < 100; i++) {
        snprintf(word, sizeof word, "pad/%d.txt", i);
        assert_int_equal(rd_strlist_push(&l, word, &err), RD_OK);
    }
    strcpy(word, "changed"); /* the list holds its own copy */
    assert_int_equal(l.n, 100);
    assert_int_equal(l.cap, 128); /* from 64, doubled */
    assert_string_equal(l.v[0], "pad/0.txt");
    assert_string_equal(l.v[99], "pad/99.txt");
    rd_strlist_free(&l);
    assert_null(l.v);
    assert_int_equal(l.n, 0);
    assert_int_equal(l.cap, 0);
    rd_strlist_free(&l); /* twice is fine */
    rd_strlist_free(NULL);
}

static void test_errlist(void **state)
{
    (void)state;
    rd_errlist l = {0};
    rd_err e;
    for (int i = 0; i < 20; i++) {
        rd_fail(&e, i % 2 ? RD_EUTF8 : RD_EIO, "file %d", i);
        assert_int_equal(rd_errlist_push(&l, &e), RD_OK);
    }
    rd_err_clear(&e);
    assert_int_equal(e.code, RD_OK);
    assert_string_equal(e.msg, "");
    assert_int_equal(l.n, 20);
    assert_int_equal(l.v[0].code, RD_EIO);
    assert_string_equal(l.v[0].msg, "file 0");
    assert_int_equal(l.v[19].code, RD_EUTF8);
    assert_string_equal(l.v[19].msg, "file 19");
    rd_errlist_free(&l);
    assert_null(l.v);
    assert_int_equal(l.n, 0);
    rd_errlist_free(NULL);
}

/* rd_fail and rd_strerror, the status header every list entry carries. */
static void test_status(void **state)
{
    (void)state;
    rd_err e;
    assert_int_equal(rd_fail(&e, RD_EDATA, "%s: %d", "a.txt", 7), RD_EDATA);
    assert_string_equal(e.msg, "a.txt: 7");
    assert_int_equal(rd_fail(NULL, RD_EIO, "x"), RD_EIO);
    rd_err_clear(NULL);
    const rd_status all[] = {RD_OK,    RD_ENOMEM,  RD_EINVAL,   RD_EIO,    RD_EUTF8,
                             RD_EDATA, RD_ELAPACK, RD_ENOINPUT, RD_EOUTPUT};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(rd_strerror(all[i]), rd_strerror(all[j]));
    assert_string_equal(rd_strerror(RD_OK), "ok");
    assert_string_equal(rd_strerror((rd_status)99), "unknown status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strlist),
        cmocka_unit_test(test_errlist),
        cmocka_unit_test(test_status),
    };
    return cmocka_run_group_tests_name("lists", tests, NULL, NULL);
}
