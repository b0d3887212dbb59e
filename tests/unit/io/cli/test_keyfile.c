/* tests/unit/io/cli/test_keyfile.c — `--key-file` (io/cli/keyfile.h): made when missing
 * (32 random bytes, mode 0600), read back the same, refused when too short, too long, not
 * a file or unreadable, or when it cannot be made; the HMAC-SHA256 against RFC 4231; and
 * the keyed pseudonym of nlp/pseudonym.h through it, pinned, so that pseudonyms stay the
 * same across versions and machines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/cli/keyfile.h"
#include "nlp/pseudonym.h"
#include "tests/unit/tmpdir.h"

static void test_make_and_read(void **state)
{
    (void)state;
    rd_cli_key a, b;
    struct stat st;
    const char *path = tmpdir_at("sleutel");
    assert_int_equal(rd_cli_key_open(path, &a), RD_OK);
    assert_int_equal(a.created, 1);
    assert_int_equal(a.n, RD_KEY_MIN);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, RD_KEY_MIN);
    assert_int_equal(rd_cli_key_open(path, &b), RD_OK);
    assert_int_equal(b.created, 0);
    assert_int_equal(b.n, RD_KEY_MIN);
    assert_memory_equal(a.key, b.key, RD_KEY_MIN);
    rd_cli_key_clear(&b);
    assert_int_equal(b.n, 0);
    /* a key is random: another file, another key */
    assert_int_equal(rd_cli_key_open(tmpdir_at("tweede"), &b), RD_OK);
    assert_memory_not_equal(a.key, b.key, RD_KEY_MIN);
    rd_cli_key_clear(&a);
    rd_cli_key_clear(&b);
    rd_cli_key_clear(NULL);
}

static void test_refused(void **state)
{
    (void)state;
    rd_cli_key k;
    char big[RD_KEY_MAX + 1];
    memset(big, 7, sizeof big);
    assert_int_equal(tmpdir_put(test_dir, "kort", "0123456789", 10), 0);
    assert_int_equal(rd_cli_key_open(tmpdir_at("kort"), &k), RD_EDATA);
    assert_int_equal(tmpdir_put(test_dir, "leeg", "", 0), 0);
    assert_int_equal(rd_cli_key_open(tmpdir_at("leeg"), &k), RD_EDATA);
    assert_int_equal(tmpdir_put(test_dir, "groot", big, sizeof big), 0);
    assert_int_equal(rd_cli_key_open(tmpdir_at("groot"), &k), RD_EDATA);
    assert_int_equal(rd_cli_key_open(test_dir, &k), RD_EDATA); /* a folder */
    assert_int_equal(k.n, 0);
    /* a name that exists but cannot be opened: a symbolic link to nothing */
    assert_int_equal(symlink(tmpdir_at("nergens"), tmpdir_at("link")), 0);
    assert_int_equal(rd_cli_key_open(tmpdir_at("link"), &k), RD_ENOINPUT);
    /* cannot be made */
    assert_int_equal(rd_cli_key_open(tmpdir_at("geen/map/sleutel"), &k), RD_EOUTPUT);
    /* exactly the limits are fine */
    assert_int_equal(tmpdir_put(test_dir, "max", big, RD_KEY_MAX), 0);
    assert_int_equal(rd_cli_key_open(tmpdir_at("max"), &k), RD_OK);
    assert_int_equal(k.n, RD_KEY_MAX);
    rd_cli_key_clear(&k);
}

static void test_hmac(void **state)
{
    (void)state;
    static const unsigned char want[32] = {
        0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
        0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
    rd_cli_key k = {.n = 4};
    unsigned char mac[32];
    rd_err err;
    memcpy(k.key, "Jefe", 4); /* RFC 4231, test case 2 */
    const char *msg = "what do ya want for nothing?";
    assert_int_equal(rd_cli_key_mac(&k, msg, strlen(msg), mac, &err), RD_OK);
    assert_memory_equal(mac, want, 32);
    /* the pseudonym of an id under a fixed key, computed independently (Python's hmac) */
    char p[RD_PSEUDO_KEYED_LEN + 1];
    memset(k.key, 1, RD_KEY_MIN);
    k.n = RD_KEY_MIN;
    const char *id = "Interview mevrouw Jansen";
    assert_int_equal(rd_pseudo_keyed(rd_cli_key_mac, &k, id, strlen(id), p, &err), RD_OK);
    assert_string_equal(p, "P-8DCY02JG");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_make_and_read),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_hmac),
    };
    return cmocka_run_group_tests_name("keyfile", tests, tmpdir_setup, tmpdir_teardown);
}
