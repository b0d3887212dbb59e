/* tests/unit/nlp/test_stem.c — Snowball stemming (nlp/stem.h): Porter's Dutch stems as
 * libstemmer 2.2.0 gives them, the word cache, stem ids shared between rd_stem and
 * rd_stem_id, handing the stem table over, and bad algorithm names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/stem.h"

/* Porter's Dutch stemmer as shipped in libstemmer 2.2.0 */
static const struct { const char *w, *st; } known[] = {
    {"kinderen", "kinder"}, {"woningen", "woning"}, {"huurders", "huurder"},
    {"bewoners", "bewoner"}, {"ideeën", "ideeen"}, {"lekkage", "lekkag"},
    {"huur", "hur"}, {"huren", "hur"},
};

static void test_stems(void **state)
{
    (void)state;
    rd_stemmer *s;
    rd_err err;
    const char *o;
    size_t n;
    assert_int_equal(rd_stemmer_new(RD_STEM_ALGORITHM, &s, &err), RD_OK);
    assert_string_equal(rd_stemmer_algorithm(s), "dutch");
    for (int rep = 0; rep < 2; rep++) /* second round comes from the cache */
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
            assert_int_equal(rd_stem(s, known[i].w, strlen(known[i].w), &o, &n, &err), RD_OK);
            assert_string_equal(o, known[i].st);
            assert_int_equal(n, strlen(known[i].st));
        }
    assert_int_equal(rd_stem_count(s), 7); /* huur and huren share "hur" */
    rd_stemmer_free(s);
    rd_stemmer_free(NULL);
}

/* Stem ids: dense from 0 in first-seen order, the same for rd_stem and rd_stem_id. */
static void test_ids(void **state)
{
    (void)state;
    rd_stemmer *s;
    rd_err err;
    const char *o;
    size_t n;
    uint32_t id;
    assert_int_equal(rd_stemmer_new("dutch", &s, &err), RD_OK);
    assert_int_equal(rd_stem_count(s), 0);
    assert_int_equal(rd_stem_id(s, "woningen", 8, &id, &err), RD_OK);
    assert_int_equal(id, 0);
    assert_int_equal(rd_stem(s, "huren", 5, &o, &n, &err), RD_OK); /* "hur": id 1 */
    assert_int_equal(rd_stem_id(s, "huur", 4, &id, &err), RD_OK);
    assert_int_equal(id, 1);
    assert_int_equal(rd_stem_id(s, "woning", 6, &id, &err), RD_OK);
    assert_int_equal(id, 0);
    assert_int_equal(rd_stem_count(s), 2);
    assert_string_equal(rd_stem_str(s, 0, &n), "woning");
    assert_int_equal(n, 6);
    assert_string_equal(rd_stem_str(s, 1, NULL), "hur");
    /* the table goes to the caller with its ids; the stemmer counts none afterwards */
    rd_strtab *t = rd_stem_take_stems(s);
    assert_non_null(t);
    assert_int_equal(rd_stem_count(s), 0);
    assert_int_equal(rd_strtab_count(t), 2);
    assert_int_equal(rd_strtab_find(t, "hur", 3), 1);
    rd_stemmer_free(s);
    rd_strtab_free(t);
}

static void test_errors(void **state)
{
    (void)state;
    rd_stemmer *s = (rd_stemmer *)&s;
    rd_err err;
    assert_int_equal(rd_stemmer_new("no-such-algorithm", &s, &err), RD_EINVAL);
    assert_null(s);
    assert_non_null(strstr(err.msg, "no-such-algorithm"));
    assert_int_equal(rd_stemmer_new(NULL, &s, &err), RD_EINVAL);
    assert_null(s);
    assert_int_equal(rd_stemmer_new("an-algorithm-name-of-32-or-more-bytes", &s, &err), RD_EINVAL);
    assert_null(s);
    assert_non_null(rd_stem_library_version());
    assert_true(strlen(rd_stem_library_version()) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stems),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests_name("stem", tests, NULL, NULL);
}
