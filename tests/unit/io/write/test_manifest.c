/* tests/unit/io/write/test_manifest.c — SHA-256 of the inputs for the run manifest: known
 * digests (FIPS 180-2 examples, the empty file, a million 'a' read in 64 KiB pieces), the
 * inputs in the order given, the same result for 1 to 8 threads (also more threads than
 * files), and for files that cannot be read the first in order named, whatever the thread
 * count, with nothing left in the manifest; a name that is not UTF-8 kept as shown with
 * its raw bytes in base64. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>

#include "io/write/manifest.h"
#include "tests/unit/tmpdir.h"

static const struct {
    const char *name;
    const char *text; /* NULL: a million 'a' */
    uint64_t bytes;
    const char *sha256;
} known[] = {
    {"a-empty.txt", "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"b-abc.txt", "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"c-448.txt", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"d-million.txt", NULL, 1000000,
     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    {"e-nl.txt", "Ik woon hier al twintig jaar.\n", 30,
     "c94009f5acdd0cec7f08438fe83fbfd05f37ef737a7a31ce62fb3fdba9f22912"},
};
enum { N_KNOWN = sizeof known / sizeof *known };

static char paths[N_KNOWN][PATH_MAX];

static int setup(void **state)
{
    (void)state;
    if (tmpdir_setup(state) != 0)
        return -1;
    for (size_t i = 0; i < N_KNOWN; i++) {
        int rc;
        if (known[i].text) {
            rc = tmpdir_puts(test_dir, known[i].name, known[i].text);
        } else {
            char *a = malloc(known[i].bytes);
            if (!a)
                return -1;
            memset(a, 'a', known[i].bytes);
            rc = tmpdir_put(test_dir, known[i].name, a, known[i].bytes);
            free(a);
        }
        if (rc != 0)
            return -1;
        tmpdir_path(paths[i], test_dir, known[i].name);
    }
    return 0;
}

static void check_known(const rd_manifest *m, const size_t *order, size_t n)
{
    assert_int_equal(m->n_inputs, n);
    assert_non_null(m->inputs);
    for (size_t i = 0; i < n; i++) {
        size_t k = order[i];
        assert_string_equal(m->inputs[i].path, paths[k]);
        assert_ptr_not_equal(m->inputs[i].path, paths[k]); /* a copy */
        assert_int_equal(m->inputs[i].bytes, known[k].bytes);
        assert_string_equal(m->inputs[i].sha256, known[k].sha256);
    }
}

static void test_known_digests_any_threads(void **state)
{
    (void)state;
    const char *p[N_KNOWN];
    size_t order[N_KNOWN];
    for (size_t i = 0; i < N_KNOWN; i++)
        p[i] = paths[i], order[i] = i;
    const int threads[] = {1, 2, 3, 8, 0, -4}; /* below 1: one thread */
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        rd_manifest m = {0};
        rd_err err = {0};
        assert_int_equal(rd_manifest_hash_inputs(&m, p, N_KNOWN, threads[t], &err), RD_OK);
        check_known(&m, order, N_KNOWN);
        rd_manifest_free_inputs(&m);
        assert_null(m.inputs);
        assert_int_equal(m.n_inputs, 0);
        rd_manifest_free_inputs(&m); /* safe to repeat */
    }
    rd_manifest_free_inputs(NULL);
}

/* The inputs stay in the order given (the caller's path order), repeats included. */
static void test_order_given(void **state)
{
    (void)state;
    const size_t order[] = {4, 0, 3, 4, 1};
    enum { N = sizeof order / sizeof *order };
    const char *p[N];
    for (size_t i = 0; i < N; i++)
        p[i] = paths[order[i]];
    rd_manifest m = {0};
    rd_err err = {0};
    assert_int_equal(rd_manifest_hash_inputs(&m, p, N, 4, &err), RD_OK);
    check_known(&m, order, N);
    rd_manifest_free_inputs(&m);
}

static void test_no_inputs(void **state)
{
    (void)state;
    rd_manifest m = {.n_inputs = 99}; /* reset by the call */
    rd_err err = {0};
    assert_int_equal(rd_manifest_hash_inputs(&m, NULL, 0, 4, &err), RD_OK);
    assert_null(m.inputs);
    assert_int_equal(m.n_inputs, 0);
}

/* Two unreadable inputs (a missing file, then a folder) among readable ones: the first in
 * order is reported, for every thread count; the manifest keeps no inputs. */
static void test_unreadable(void **state)
{
    (void)state;
    char missing[PATH_MAX], want[2 * PATH_MAX];
    tmpdir_path(missing, test_dir, "gone.txt");
    const char *p[] = {paths[0], paths[3], missing, paths[1], test_dir, paths[4]};
    enum { N = sizeof p / sizeof *p };
    snprintf(want, sizeof want, "%s: cannot read for the manifest checksum: %s", missing,
             strerror(ENOENT));
    for (int t = 1; t <= 6; t++) {
        rd_manifest m = {0};
        rd_err err = {0};
        assert_int_equal(rd_manifest_hash_inputs(&m, p, N, t, &err), RD_EIO);
        assert_int_equal(err.code, RD_EIO);
        assert_string_equal(err.msg, want);
        assert_null(m.inputs);
        assert_int_equal(m.n_inputs, 0);
    }
    /* a folder alone: open works, read fails */
    rd_manifest m = {0};
    rd_err err = {0};
    const char *d[] = {test_dir};
    assert_int_equal(rd_manifest_hash_inputs(&m, d, 1, 1, &err), RD_EIO);
    snprintf(want, sizeof want, "%s: cannot read for the manifest checksum: %s", test_dir,
             strerror(EISDIR));
    assert_string_equal(err.msg, want);
    assert_null(m.inputs);
}

/* A file name that is not UTF-8 (or holds a control character) is kept as shown, with
 * its raw bytes in base64; a plain name has no base64. */
static void test_escaped_path(void **state)
{
    (void)state;
    char odd[PATH_MAX], plain[PATH_MAX], want[PATH_MAX];
    rd_manifest m = {0};
    rd_err err = {0};
    tmpdir_path(odd, test_dir, "R\xFF\xFE\x1B.txt");
    tmpdir_path(plain, test_dir, "plain.txt");
    assert_int_equal(tmpdir_puts(test_dir, "R\xFF\xFE\x1B.txt", "abc"), 0);
    assert_int_equal(tmpdir_puts(test_dir, "plain.txt", "abc"), 0);
    const char *both[] = {odd, plain};
    assert_int_equal(rd_manifest_hash_inputs(&m, both, 2, 1, &err), RD_OK);
    tmpdir_path(want, test_dir, "R\\xFF\\xFE\\x1B.txt");
    assert_string_equal(m.inputs[0].path, want);
    assert_non_null(m.inputs[0].path_base64);
    assert_int_equal(m.inputs[0].bytes, 3);
    assert_string_equal(m.inputs[1].path, plain);
    assert_null(m.inputs[1].path_base64);
    /* the base64 decodes back to the bytes of the path */
    char cmd[1024], got[400] = "";
    snprintf(cmd, sizeof cmd, "printf '%%s' '%s' | base64 -d", m.inputs[0].path_base64);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t gn = fread(got, 1, sizeof got - 1, p);
    pclose(p);
    got[gn] = '\0';
    assert_string_equal(got, odd);
    rd_manifest_free_inputs(&m);
    unlink(odd);
    unlink(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_digests_any_threads),
        cmocka_unit_test(test_order_given),
        cmocka_unit_test(test_no_inputs),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_escaped_path),
    };
    return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
