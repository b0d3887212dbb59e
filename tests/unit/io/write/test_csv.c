/* tests/unit/io/test_csvout.c — RFC 4180 quoting, formula neutralisation and number
 * formatting of the CSV writer (the fast %.4g path must print what printf prints). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/rng.h"
#include "io/write/csv.h"

static char out[1 << 16];

static rd_csv open_mem(void)
{
    rd_csv c = {fmemopen(out, sizeof out, "w"), 1, 0};
    assert_non_null(c.f);
    return c;
}

static void test_quoting_and_guard(void **state)
{
    (void)state;
    rd_csv c = open_mem();
    rd_csv_str(&c, "plain");
    rd_csv_str(&c, "a,b");
    rd_csv_str(&c, "zei \"nee\"");
    rd_csv_str(&c, "regel\neen");
    rd_csv_str(&c, "=SUM(A1)");
    rd_csv_str(&c, "-1 euro, echt");
    rd_csv_str(&c, "@user");
    rd_csv_int(&c, -12);
    rd_csv_num(&c, -0.0, 4);
    rd_csv_end(&c);
    fclose(c.f);
    assert_string_equal(out, "plain,\"a,b\",\"zei \"\"nee\"\"\",\"regel\neen\",'=SUM(A1),\"'-1 euro, "
                             "echt\",'@user,-12,0\r\n");
    assert_false(c.failed);
}

static void test_numbers_like_printf(void **state)
{
    (void)state;
    rd_rng r;
    rd_rng_seed(&r, 3);
    for (int i = 0; i < 200000; i++) {
        double v = rd_rng_uniform(&r);
        v = i % 3 == 0 ? v : i % 3 == 1 ? v * 0.01 : -v * 0.001; /* several decades */
        char want[64];
        snprintf(want, sizeof want, "%.4g", v);
        rd_csv c = open_mem();
        rd_csv_num(&c, v, 4);
        fclose(c.f);
        if (strcmp(out, want) != 0)
            fail_msg("%.17g: got %s, printf %s", v, out, want);
    }
    const double edge[] = {0.99996, 0.099996, 0.0001, 0.00012, 0.5, 1.0, 123.456, 1e-7};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        char want[64];
        snprintf(want, sizeof want, "%.4g", edge[i]);
        rd_csv c = open_mem();
        rd_csv_num(&c, edge[i], 4);
        fclose(c.f);
        assert_string_equal(out, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting_and_guard),
        cmocka_unit_test(test_numbers_like_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
