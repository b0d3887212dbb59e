/* tests/unit/nlp/test_pseudonym.c — pseudonyms (nlp/pseudonym.h): keyed ones are stable,
 * depend on the key and the id, have the documented shape, and are derived from the MAC
 * as documented; numbered ones follow the order and widen; clashes with kept ids and
 * between pseudonyms are resolved. The MAC here is a stand-in (FNV-1a over key and
 * message); the HMAC-SHA256 that run uses is tested in tests/unit/io/cli/test_keyfile.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/pseudonym.h"

typedef struct {
    const char *key;
    int calls;
    int fixed; /* every MAC the same (forces clashes) */
} toy;

static rd_status toy_mac(void *ctx, const char *msg, size_t n, unsigned char mac[32], rd_err *err)
{
    toy *t = ctx;
    (void)err;
    t->calls++;
    uint64_t h = 1469598103934665603u;
    for (const char *k = t->key; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211u;
    for (size_t i = 0; i < n && !t->fixed; i++)
        h = (h ^ (unsigned char)msg[i]) * 1099511628211u;
    for (int i = 0; i < 32; i++)
        mac[i] = (unsigned char)(h >> (8 * (i % 8)));
    return RD_OK;
}

static rd_status failing_mac(void *ctx, const char *msg, size_t n, unsigned char mac[32], rd_err *err)
{
    (void)ctx, (void)msg, (void)n, (void)mac;
    return rd_fail(err, RD_EIO, "no MAC");
}

static void keyed(toy *t, const char *id, char *out)
{
    rd_err err;
    assert_int_equal(rd_pseudo_keyed(toy_mac, t, id, strlen(id), out, &err), RD_OK);
}

static void test_keyed(void **state)
{
    (void)state;
    toy a = {"sleutel-een", 0, 0}, b = {"sleutel-twee", 0, 0};
    char p1[16], p2[16], p3[16], p4[16];
    keyed(&a, "Interview mevrouw Jansen", p1);
    keyed(&a, "Interview mevrouw Jansen", p2);
    keyed(&b, "Interview mevrouw Jansen", p3);
    keyed(&a, "Interview meneer Bakker", p4);
    assert_string_equal(p1, p2);          /* stable */
    assert_string_not_equal(p1, p3);      /* keyed */
    assert_string_not_equal(p1, p4);      /* per id */
    assert_int_equal(strlen(p1), RD_PSEUDO_KEYED_LEN);
    assert_memory_equal(p1, "P-", 2);
    for (int k = 2; k < 10; k++)
        assert_non_null(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", p1[k]));
    /* the first 40 bits of the MAC of "rodedraad-pseudonym-1" NUL id, 5 bits a character */
    unsigned char m[32];
    rd_err err;
    char msg[64] = "rodedraad-pseudonym-1";
    memcpy(msg + 22, "x", 1);
    toy_mac(&a, msg, 23, m, &err);
    keyed(&a, "x", p1);
    uint64_t bits = 0;
    for (int k = 0; k < 5; k++)
        bits = bits << 8 | m[k];
    for (int k = 0; k < 8; k++)
        assert_int_equal(p1[2 + k], "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[(bits >> (35 - 5 * k)) & 31]);
    assert_int_equal(rd_pseudo_keyed(failing_mac, NULL, "x", 1, p1, &err), RD_EIO);
}

static void test_assign(void **state)
{
    (void)state;
    rd_err err;
    const char *ids[] = {"R01", "Interview Karin", "P02", "Gesprek Jansen", "Interview Anna", "P01"};
    unsigned char named[] = {0, 1, 0, 1, 1, 0};
    char *out[6];
    /* numbered, skipping the kept ids P01 and P02 */
    assert_int_equal(rd_pseudo_assign(ids, named, 6, NULL, NULL, out, &err), RD_OK);
    assert_null(out[0]);
    assert_string_equal(out[1], "P03");
    assert_string_equal(out[3], "P04");
    assert_string_equal(out[4], "P05");
    assert_null(out[5]);
    for (int k = 0; k < 6; k++)
        free(out[k]);
    /* keyed: stable across calls, one MAC per named id */
    toy t = {"k", 0, 0};
    char *again[6];
    assert_int_equal(rd_pseudo_assign(ids, named, 6, toy_mac, &t, out, &err), RD_OK);
    assert_int_equal(t.calls, 3);
    assert_int_equal(rd_pseudo_assign(ids, named, 6, toy_mac, &t, again, &err), RD_OK);
    for (int k = 0; k < 6; k++) {
        if (named[k])
            assert_string_equal(out[k], again[k]);
        free(out[k]);
        free(again[k]);
    }
    /* clashing MACs get -2, -3 */
    toy f = {"k", 0, 1};
    assert_int_equal(rd_pseudo_assign(ids, named, 6, toy_mac, &f, out, &err), RD_OK);
    char want[32];
    snprintf(want, sizeof want, "%s-2", out[1]);
    assert_string_equal(out[3], want);
    snprintf(want, sizeof want, "%s-3", out[1]);
    assert_string_equal(out[4], want);
    for (int k = 0; k < 6; k++)
        free(out[k]);
    /* a failing MAC leaves nothing behind */
    assert_int_equal(rd_pseudo_assign(ids, named, 6, failing_mac, NULL, out, &err), RD_EIO);
    for (int k = 0; k < 6; k++)
        assert_null(out[k]);
}

static void test_width(void **state)
{
    (void)state;
    rd_err err;
    enum { N = 120 };
    const char *ids[N];
    unsigned char named[N];
    char *out[N];
    for (int k = 0; k < N; k++)
        ids[k] = "naam", named[k] = 1;
    assert_int_equal(rd_pseudo_assign(ids, named, N, NULL, NULL, out, &err), RD_OK);
    assert_string_equal(out[0], "P001");
    assert_string_equal(out[N - 1], "P120");
    for (int k = 0; k < N; k++)
        free(out[k]);
    assert_int_equal(rd_pseudo_assign(ids, named, 0, NULL, NULL, out, &err), RD_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyed),
        cmocka_unit_test(test_assign),
        cmocka_unit_test(test_width),
    };
    return cmocka_run_group_tests_name("pseudonym", tests, NULL, NULL);
}
