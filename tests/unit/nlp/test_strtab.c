/* tests/unit/nlp/test_strtab.c — string interning (nlp/strtab.h): dense ids in insertion
 * order, lookups through every table growth, strings that never move, the arena's big
 * strings, and the hash's fixed values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/strtab.h"

/* 100,000 strings: ids 0.. in insertion order, found again after the slots have doubled
 * twelve times (64 to 262144, load at most 1/2) and the entries nine times (256 up). */
static void test_ids_and_growth(void **state)
{
    (void)state;
    rd_strtab *t = rd_strtab_new(0);
    char w[32];
    int is_new;
    assert_non_null(t);
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(w, sizeof w, "w%d", i);
        assert_int_equal(rd_strtab_intern(t, w, (size_t)n, &is_new), (uint32_t)i);
        assert_true(is_new);
    }
    for (int i = 0; i < 100000; i += 997) {
        int n = snprintf(w, sizeof w, "w%d", i);
        assert_int_equal(rd_strtab_find(t, w, (size_t)n), (uint32_t)i);
        assert_int_equal(rd_strtab_intern(t, w, (size_t)n, &is_new), (uint32_t)i);
        assert_false(is_new);
        size_t len;
        assert_string_equal(rd_strtab_str(t, (uint32_t)i, &len), w);
        assert_int_equal(len, (size_t)n);
    }
    assert_int_equal(rd_strtab_find(t, "nope", 4), RD_STRTAB_NONE);
    assert_int_equal(rd_strtab_count(t), 100000);
    /* embedded NUL and empty strings are distinct keys */
    uint32_t a = rd_strtab_intern(t, "a\0b", 3, NULL), b = rd_strtab_intern(t, "a", 1, NULL);
    uint32_t e = rd_strtab_intern(t, "", 0, NULL);
    assert_true(a != b && b != e && a != e);
    size_t len = 9;
    assert_memory_equal(rd_strtab_str(t, a, &len), "a\0b", 4);
    assert_int_equal(len, 3);
    assert_string_equal(rd_strtab_str(t, e, NULL), "");
    rd_strtab_free(t);
    rd_strtab_free(NULL);
}

/* A pointer handed out stays valid and unchanged while the table grows: strings live in
 * arena blocks that never move, and strings longer than a block (64 KiB) get their own
 * block without retiring the current one. */
static void test_pointers_stay(void **state)
{
    (void)state;
    rd_strtab *t = rd_strtab_new(1000); /* a hint: starts with 2048 slots, nothing else */
    assert_non_null(t);
    const char *first = rd_strtab_str(t, rd_strtab_intern(t, "eerste", 6, NULL), NULL);
    size_t bign = 200000;
    char *big = malloc(bign);
    assert_non_null(big);
    for (size_t i = 0; i < bign; i++)
        big[i] = (char)('a' + i % 26);
    uint32_t small_before = rd_strtab_intern(t, "voor", 4, NULL);
    uint32_t bid = rd_strtab_intern(t, big, bign, NULL);
    uint32_t small_after = rd_strtab_intern(t, "na", 2, NULL);
    const char *before = rd_strtab_str(t, small_before, NULL);
    assert_int_equal(bid, 2);
    assert_int_equal(small_after, 3);
    char w[32];
    for (int i = 0; i < 20000; i++) { /* many 1-64 KiB blocks and several slot growths */
        int n = snprintf(w, sizeof w, "woord-%d", i);
        assert_int_equal(rd_strtab_intern(t, w, (size_t)n, NULL), (uint32_t)(4 + i));
    }
    assert_ptr_equal(rd_strtab_str(t, 0, NULL), first);
    assert_ptr_equal(rd_strtab_str(t, small_before, NULL), before);
    assert_string_equal(first, "eerste");
    assert_string_equal(before, "voor");
    assert_string_equal(rd_strtab_str(t, small_after, NULL), "na");
    size_t len;
    const char *bs = rd_strtab_str(t, bid, &len);
    assert_int_equal(len, bign);
    assert_memory_equal(bs, big, bign);
    assert_int_equal(bs[bign], '\0');
    assert_int_equal(rd_strtab_find(t, big, bign), bid);
    assert_int_equal(rd_strtab_find(t, big, bign - 1), RD_STRTAB_NONE);
    free(big);
    rd_strtab_free(t);
}

/* The hash is seedless and fixed: the same bytes hash alike in any table, run or
 * machine (strtab.h promises it); length is part of it; every byte of a tail counts. */
static void test_hash(void **state)
{
    (void)state;
    assert_int_equal(rd_strtab_hash("huur", 4), rd_strtab_hash("huurder", 4));
    assert_true(rd_strtab_hash("huur", 4) != rd_strtab_hash("huur", 3));
    assert_true(rd_strtab_hash("", 0) != rd_strtab_hash("\0", 1));
    assert_true(rd_strtab_hash("abcdefgh", 8) != rd_strtab_hash("abcdefgi", 8));
    assert_true(rd_strtab_hash("abcdefghi", 9) != rd_strtab_hash("abcdefghj", 9));
    /* fixed values: the same on every run and machine */
    assert_int_equal(rd_strtab_hash("", 0), 0xca009717f87d8879u);
    assert_int_equal(rd_strtab_hash("a", 1), 0x939b6fa9740d20c2u);
    assert_int_equal(rd_strtab_hash("huurwoning", 10), 0x71e44a91c8c2f158u); /* a word, a tail */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_and_growth),
        cmocka_unit_test(test_pointers_stay),
        cmocka_unit_test(test_hash),
    };
    return cmocka_run_group_tests_name("strtab", tests, NULL, NULL);
}
