/* tests/unit/engine/test_strbuf.c — the text buffer: appends, formatted appends (cut at
 * 511 bytes), reserve-then-write, reset, and sticky out-of-memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/strbuf.h"

static void test_append(void **state)
{
    (void)state;
    rd_buf b = {0};
    assert_string_equal(rd_buf_text(&b), ""); /* nothing written: "" */
    rd_buf_str(&b, "huur");
    rd_buf_put(&b, "verhoging!", 9); /* n bytes only */
    rd_buf_put(&b, NULL, 0);
    rd_buf_printf(&b, " %d%% %.2f", 3, 0.125);
    rd_buf_printf(&b, "%s", ""); /* empty: nothing */
    assert_string_equal(rd_buf_text(&b), "huurverhoging 3% 0.12");
    assert_int_equal(b.n, strlen("huurverhoging 3% 0.12"));
    assert_false(b.oom);
    char *s = b.s;
    rd_buf_reset(&b);
    assert_string_equal(rd_buf_text(&b), "");
    assert_int_equal(b.n, 0);
    assert_ptr_equal(b.s, s); /* memory kept */
    rd_buf_str(&b, "x");
    assert_string_equal(rd_buf_text(&b), "x");
    free(b.s);
    rd_buf empty = {0};
    rd_buf_reset(&empty); /* no memory yet: fine */
    assert_null(empty.s);
}

static void test_growth_and_printf_cut(void **state)
{
    (void)state;
    rd_buf b = {0};
    char big[2000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    rd_buf_printf(&b, "%s", big); /* one formatted append holds 511 bytes at most */
    assert_int_equal(b.n, 511);
    for (int i = 0; i < 100; i++)
        rd_buf_str(&b, big);
    assert_int_equal(b.n, 511 + 100 * 1999);
    assert_true(b.cap > b.n);
    assert_int_equal(b.s[b.n], '\0');
    assert_int_equal(strlen(b.s), b.n);
    free(b.s);
}

static void test_reserve(void **state)
{
    (void)state;
    rd_buf b = {0};
    rd_buf_str(&b, "ab");
    assert_int_equal(rd_buf_reserve(&b, 100), 0);
    assert_true(b.cap >= b.n + 101);
    memcpy(b.s + b.n, "cd", 2);
    b.n += 2;
    b.s[b.n] = '\0';
    assert_string_equal(rd_buf_text(&b), "abcd");
    /* a size that would overflow: refused, and every later call does nothing */
    assert_int_equal(rd_buf_reserve(&b, SIZE_MAX - 1), -1);
    assert_true(b.oom);
    rd_buf_str(&b, "ef");
    rd_buf_printf(&b, "%d", 5);
    assert_int_equal(rd_buf_reserve(&b, 1), -1);
    assert_string_equal(rd_buf_text(&b), "abcd");
    free(b.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append),
        cmocka_unit_test(test_growth_and_printf_cut),
        cmocka_unit_test(test_reserve),
    };
    return cmocka_run_group_tests_name("strbuf", tests, NULL, NULL);
}
