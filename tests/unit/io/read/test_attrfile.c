/* tests/unit/io/read/test_attrfile.c — the --attributes file: columns, ids, personal
 * columns left out, and the files refused with their line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "io/read/attrfile.h"
#include "tests/unit/tmpdir.h"

static char *put(const char *name, const char *s)
{
    assert_int_equal(tmpdir_put(test_dir, name, s, strlen(s)), 0);
    return tmpdir_at(name);
}

static void test_reads(void **state)
{
    (void)state;
    const char *p = put("a.csv", "\xEF\xBB\xBFNaam;respondent;buurt;cijfer\r\n"
                                 "Jan Jansen; R01 ;Bomenbuurt;7,5\r\n"
                                 "Piet;R02;\"Kerk;wijk\";\r\n");
    rd_attrfile a;
    rd_err err;
    assert_int_equal(rd_attrfile_read(p, NULL, &a, &err), RD_OK);
    assert_int_equal(a.n_attr, 2); /* Naam is left out */
    assert_string_equal(a.name[0], "buurt");
    assert_string_equal(a.name[1], "cijfer");
    assert_int_equal(a.n_row, 2);
    assert_string_equal(a.id[0], "R01"); /* trimmed */
    assert_string_equal(a.id[1], "R02");
    assert_int_equal(a.line[1], 3);
    assert_string_equal(a.value[0 * 2 + 1], "7,5");
    assert_string_equal(a.value[1 * 2 + 0], "Kerk;wijk");
    assert_string_equal(a.value[1 * 2 + 1], "");
    assert_non_null(strstr(a.note, "'Naam'"));
    rd_attrfile_free(&a);
    rd_attrfile_free(&a); /* twice is fine */
    /* .tsv forces tab; --csv-id names the column */
    p = put("b.tsv", "code\tx;y\nR01\t1;2\n");
    assert_int_equal(rd_attrfile_read(p, "code", &a, &err), RD_OK);
    assert_int_equal(a.n_attr, 1);
    assert_string_equal(a.name[0], "x;y");
    assert_string_equal(a.id[0], "R01");
    rd_attrfile_free(&a);
}

static void test_refused(void **state)
{
    (void)state;
    rd_attrfile a;
    rd_err err;
    const char *p = put("dup.csv", "id,x\nR01,1\nR02,2\nR03,3\nR02,4\nR01,5\n");
    assert_int_equal(rd_attrfile_read(p, NULL, &a, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "dup.csv:5: respondent id 'R02' appears twice (also on line 3)"));
    assert_int_equal(a.n_row, 0);
    p = put("noid.csv", "wie,x\nR01,1\n");
    assert_int_equal(rd_attrfile_read(p, NULL, &a, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "noid.csv:1: no respondent id column (columns: 'wie', 'x')"));
    assert_int_equal(rd_attrfile_read(p, "code", &a, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "noid.csv:1: no column 'code'"));
    p = put("empty.csv", "respondent,x\nR01,1\n  ,2\n");
    assert_int_equal(rd_attrfile_read(p, NULL, &a, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "empty.csv:3: empty respondent id"));
    p = put("open.csv", "respondent,x\nR01,\"1\n");
    assert_int_equal(rd_attrfile_read(p, NULL, &a, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "open.csv:2: quoted field never closed"));
    assert_int_equal(rd_attrfile_read(tmpdir_at("none.csv"), NULL, &a, &err), RD_ENOINPUT);
    rd_attrfile_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
