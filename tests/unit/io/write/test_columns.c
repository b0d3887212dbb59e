/* tests/unit/io/write/test_columns.c — the column dictionary: every column of the tables
 * engine/describe makes has a Dutch title and a meaning; the respondents' theme_N columns
 * are found by their prefix (theme_1, theme_12; not theme_, theme_x, theme_1x); unknown
 * columns are not found; flags where the writers rely on them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "io/write/columns.h"

static void test_find(void **state)
{
    (void)state;
    const rd_column_info *c = rd_columns_find("themes", "share_respondents");
    assert_non_null(c);
    assert_string_equal(c->title, "Aandeel respondenten");
    assert_true(c->flags & RD_COL_SHARE);
    c = rd_columns_find("segment_themes", "lift");
    assert_non_null(c);
    assert_true(c->flags & RD_COL_RATIO);
    c = rd_columns_find("segments", "top_themes");
    assert_non_null(c);
    assert_true(c->flags & RD_COL_LIST);
    assert_non_null(rd_columns_find("respondents", "theme_1"));
    assert_non_null(rd_columns_find("respondents", "theme_12"));
    assert_null(rd_columns_find("respondents", "theme_"));
    assert_null(rd_columns_find("respondents", "theme_x"));
    assert_null(rd_columns_find("respondents", "theme_1x"));
    assert_null(rd_columns_find("respondents", "leeftijd"));
    assert_null(rd_columns_find("themes", "share")); /* share belongs to segments */
    assert_null(rd_columns_find("nergens", "segment"));
}

static void test_all_described(void **state)
{
    (void)state;
    size_t n;
    const rd_column_info *all = rd_columns_all(&n);
    assert_true(n > 50);
    for (size_t i = 0; i < n; i++) {
        assert_true(all[i].title[0] && all[i].meaning[0] && all[i].col[0]);
        assert_false((all[i].flags & RD_COL_SHARE) && (all[i].flags & RD_COL_RATIO));
        for (size_t j = 0; j < i; j++) /* one entry per table and column */
            assert_false(strcmp(all[i].table, all[j].table) == 0 &&
                         strcmp(all[i].col, all[j].col) == 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_all_described),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
