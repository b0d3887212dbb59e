/* tests/unit/io/cli/test_pages.c — when rodedraad asks glibc for large pages
 * (io/cli/pages.h): only with transparent huge pages on request, once (a GLIBC_TUNABLES
 * that names the tunable already, or RODEDRAAD_REEXEC, is left alone), never under
 * valgrind, not with RODEDRAAD_HUGEPAGES=0; other tunables are kept. The exec itself is
 * run by the e2e tests (tests/e2e/cli.sh: run_deterministic, reexec). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/cli/pages.h"

static const char *MADVISE = "always [madvise] never\n";

static void test_asks(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(rd_cli_pages_tunables(NULL, NULL, MADVISE, NULL, NULL, out, sizeof out), 1);
    assert_string_equal(out, "glibc.malloc.hugetlb=1");
    assert_int_equal(rd_cli_pages_tunables("", NULL, "[always] madvise never\n", "1", NULL, out,
                                           sizeof out), 1);
    assert_string_equal(out, "glibc.malloc.hugetlb=1");
    assert_int_equal(rd_cli_pages_tunables("glibc.malloc.arena_max=2", "/usr/lib/x.so",
                                           MADVISE, NULL, NULL, out, sizeof out), 1);
    assert_string_equal(out, "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
}

static void test_leaves_alone(void **state)
{
    (void)state;
    char out[64];
    /* the kernel gives none, or cannot be asked */
    assert_int_equal(rd_cli_pages_tunables(NULL, NULL, "always madvise [never]\n", NULL, NULL,
                                           out, sizeof out), 0);
    assert_int_equal(rd_cli_pages_tunables(NULL, NULL, NULL, NULL, NULL, out, sizeof out), 0);
    /* already asked (the second start), or the user's own setting */
    assert_int_equal(rd_cli_pages_tunables("glibc.malloc.hugetlb=1", NULL, MADVISE, NULL, NULL,
                                           out, sizeof out), 0);
    assert_int_equal(rd_cli_pages_tunables("glibc.malloc.hugetlb=0", NULL, MADVISE, NULL, NULL,
                                           out, sizeof out), 0);
    /* started anew already, whatever became of the tunable (glibc drops it for a
     * privileged program) */
    assert_int_equal(rd_cli_pages_tunables(NULL, NULL, MADVISE, NULL, "1", out, sizeof out), 0);
    /* under valgrind a new image would run outside it */
    assert_int_equal(rd_cli_pages_tunables(
                         NULL, "/usr/libexec/valgrind/vgpreload_core-amd64-linux.so", MADVISE,
                         NULL, NULL, out, sizeof out), 0);
    /* turned off */
    assert_int_equal(rd_cli_pages_tunables(NULL, NULL, MADVISE, "0", NULL, out, sizeof out), 0);
    /* no room for the value */
    char tiny[8];
    assert_int_equal(rd_cli_pages_tunables(NULL, NULL, MADVISE, NULL, NULL, tiny, sizeof tiny), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_asks),
        cmocka_unit_test(test_leaves_alone),
    };
    return cmocka_run_group_tests_name("pages", tests, NULL, NULL);
}
