/* tests/unit/nlp/test_vocab.c — the corpus vocabulary (nlp/vocab.h): counts, pruning by
 * document frequency, renumbering by stem bytes, labels (most used form, ties to the
 * smaller bytes), ordering by tf, lookup, and the merge the text stage does (one
 * analyser's tables adopted, another's terms and forms added). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/analyse.h"
#include "nlp/stopwords.h"
#include "nlp/vocab.h"

static void test_prune(void **state)
{
    (void)state;
    rd_vocab *v;
    rd_err err;
    uint32_t t_huur, t_huur2, t_kind, t_app, *map;
    size_t n_old;
    assert_int_equal(rd_vocab_new(&v, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "hur", 3, "huur", 4, 5, &t_huur, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "hur", 3, "huren", 5, 5, &t_huur2, &err), RD_OK);
    assert_int_equal(t_huur, t_huur2);
    assert_int_equal(rd_vocab_add_form(v, "kinder", 6, "kinderen", 8, 3, &t_kind, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "app", 3, "app", 3, 1, &t_app, &err), RD_OK);
    assert_int_equal(rd_vocab_size(v), 3);
    assert_string_equal(rd_vocab_label(v, t_kind, NULL), "kinder"); /* before pruning: the stem */
    /* 4 documents: huur in 3 (tf 10), kinder in 2 (tf 3), app in 1 */
    rd_vocab_add_counts(v, t_huur, 2, 7);
    rd_vocab_add_counts(v, t_huur, 1, 3); /* counts add up */
    rd_vocab_add_counts(v, t_kind, 2, 3);
    rd_vocab_add_counts(v, t_app, 1, 1);
    /* min_df 2 drops app; max_df 0.5 of 4 docs drops huur (df 3 > 2) */
    assert_int_equal(rd_vocab_prune(v, 4, 2, 0.5, &map, &n_old, &err), RD_OK);
    assert_int_equal(n_old, 3);
    assert_int_equal(rd_vocab_size(v), 1);
    assert_int_equal(map[t_huur], RD_VOCAB_NONE);
    assert_int_equal(map[t_app], RD_VOCAB_NONE);
    assert_int_equal(map[t_kind], 0);
    assert_string_equal(rd_vocab_term(v, 0, NULL), "kinder");
    assert_string_equal(rd_vocab_label(v, 0, NULL), "kinderen");
    assert_int_equal(rd_vocab_df(v, 0), 2);
    assert_int_equal(rd_vocab_tf(v, 0), 3);
    assert_int_equal(rd_vocab_find(v, "kinder", 6), 0);
    assert_int_equal(rd_vocab_find(v, "hur", 3), RD_VOCAB_NONE);
    free(map);
    /* pruning twice is refused, with *map NULL */
    map = (uint32_t *)&map;
    assert_int_equal(rd_vocab_prune(v, 4, 1, 1.0, &map, &n_old, &err), RD_EINVAL);
    assert_null(map);
    assert_int_equal(n_old, 0);
    rd_vocab_free(v);
    rd_vocab_free(NULL);

    /* max_df never cuts below min_df: on two passages a term in both stays */
    assert_int_equal(rd_vocab_new(&v, &err), RD_OK);
    assert_int_equal(rd_vocab_add_term(v, "hur", 3, &t_huur, &err), RD_OK);
    rd_vocab_add_counts(v, t_huur, 2, 2);
    assert_int_equal(rd_vocab_prune(v, 2, 2, 0.5, &map, &n_old, &err), RD_OK);
    assert_int_equal(rd_vocab_size(v), 1);
    free(map);
    rd_vocab_free(v);
}

/* Labels: ties go to the form that sorts first; terms ordered by stem bytes (a shared
 * eight-byte prefix sorted by the whole string); by_tf orders by tf, ties by term. */
static void test_order_and_labels(void **state)
{
    (void)state;
    rd_vocab *v;
    rd_err err;
    uint32_t *map, *order, a, b, id;
    size_t n_old, n;
    assert_int_equal(rd_vocab_new(&v, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "zon", 3, "zonnen", 6, 2, &a, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "zon", 3, "zon", 3, 2, &a, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "aan", 3, "aan", 3, 1, &b, &err), RD_OK);
    rd_vocab_add_counts(v, a, 1, 2);
    rd_vocab_add_counts(v, b, 1, 2);
    /* long stems sharing their first eight bytes, added out of order */
    const char *longs[] = {"woningcorporatie", "woningcorp", "woningco", "woningcorporaties"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(rd_vocab_add_form(v, longs[i], strlen(longs[i]), longs[i],
                                           strlen(longs[i]), 1, &id, &err), RD_OK);
        rd_vocab_add_counts(v, id, 1, 10 + i);
    }
    /* before pruning: by_tf compares tf, then the stems' bytes */
    assert_int_equal(rd_vocab_by_tf(v, &order, &err), RD_OK);
    const char *want_tf[] = {"woningcorporaties", "woningco", "woningcorp", "woningcorporatie",
                             "aan", "zon"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(rd_vocab_term(v, order[i], &n), want_tf[i]);
    free(order);
    assert_int_equal(rd_vocab_prune(v, 2, 1, 1.0, &map, &n_old, &err), RD_OK);
    const char *want[] = {"aan", "woningco", "woningcorp", "woningcorporatie",
                          "woningcorporaties", "zon"};
    assert_int_equal(rd_vocab_size(v), 6);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(rd_vocab_term(v, (uint32_t)i, &n), want[i]);
        assert_int_equal(n, strlen(want[i]));
        assert_int_equal(rd_vocab_find(v, want[i], strlen(want[i])), i);
    }
    assert_int_equal(rd_vocab_find(v, "woningcorporatiesx", 18), RD_VOCAB_NONE);
    assert_int_equal(rd_vocab_find(v, "a", 1), RD_VOCAB_NONE);
    assert_int_equal(rd_vocab_find(v, "zzz", 3), RD_VOCAB_NONE);
    assert_string_equal(rd_vocab_label(v, 5, NULL), "zon"); /* 2 uses each: "zon" < "zonnen" */
    assert_int_equal(rd_vocab_by_tf(v, &order, &err), RD_OK);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(rd_vocab_term(v, order[i], &n), want_tf[i]);
    free(order);
    free(map);
    rd_vocab_free(v);

    /* an empty vocabulary prunes and orders to nothing */
    assert_int_equal(rd_vocab_new(&v, &err), RD_OK);
    assert_int_equal(rd_vocab_prune(v, 0, 1, 1.0, &map, &n_old, &err), RD_OK);
    assert_int_equal(n_old, 0);
    assert_int_equal(rd_vocab_size(v), 0);
    assert_int_equal(rd_vocab_by_tf(v, &order, &err), RD_OK);
    free(order);
    free(map);
    rd_vocab_free(v);
}

/* More terms and forms than the first capacity (16384): counts and forms stay with their
 * terms through the growth. Term i ("t%05d", so byte order is numeric order) is in
 * 1 + i % 3 documents, used i + 1 times, with one form "f%05d". */
static void test_many_terms(void **state)
{
    (void)state;
    rd_vocab *v;
    rd_err err;
    uint32_t *map, id;
    size_t n_old, n;
    char s[32], f[32];
    assert_int_equal(rd_vocab_new(&v, &err), RD_OK);
    for (int i = 0; i < 40000; i++) {
        int sn = snprintf(s, sizeof s, "t%05d", i), fn = snprintf(f, sizeof f, "f%05d", i);
        assert_int_equal(rd_vocab_add_form(v, s, (size_t)sn, f, (size_t)fn, 1, &id, &err), RD_OK);
        assert_int_equal(id, (uint32_t)i);
        rd_vocab_add_counts(v, id, (uint64_t)(1 + i % 3), (uint64_t)i + 1);
    }
    /* min_df 2 drops the 13334 terms with i % 3 == 0 */
    assert_int_equal(rd_vocab_prune(v, 40000, 2, 1.0, &map, &n_old, &err), RD_OK);
    assert_int_equal(n_old, 40000);
    assert_int_equal(rd_vocab_size(v), 26666);
    assert_int_equal(map[12345], RD_VOCAB_NONE);
    assert_int_equal(map[12346], 8230); /* 12346 terms before it, 4116 of them dropped */
    assert_int_equal(rd_vocab_find(v, "t12346", 6), 8230);
    assert_string_equal(rd_vocab_label(v, 8230, &n), "f12346");
    assert_int_equal(rd_vocab_tf(v, 8230), 12347);
    assert_int_equal(rd_vocab_df(v, 8230), 2);
    assert_string_equal(rd_vocab_term(v, 26665, &n), "t39998");
    free(map);
    rd_vocab_free(v);
}

/* The text stage's merge: analyser a's tables become the vocabulary's (ids kept), b's
 * terms and used forms are added under the vocabulary's ids. */
static void test_adopt(void **state)
{
    (void)state;
    rd_stop *sw;
    rd_an *a, *b;
    rd_err err;
    const uint32_t *terms;
    size_t nk, n;
    assert_int_equal(rd_stop_new(&sw, &err), RD_OK);
    assert_int_equal(rd_stop_load_builtin(sw, &err), RD_OK);
    assert_int_equal(rd_an_new(sw, "dutch", &a, &err), RD_OK);
    assert_int_equal(rd_an_new(sw, "dutch", &b, &err), RD_OK);
    const char *sa = "De huur en de huren, huur! Kinderen.";
    assert_int_equal(rd_an_run(a, sa, strlen(sa), &err), RD_OK);
    assert_int_equal(rd_an_terms(a, &terms, &nk, &err), RD_OK);
    const char *sb = "kinderen kinderen kind huren huren huren";
    assert_int_equal(rd_an_run(b, sb, strlen(sb), &err), RD_OK);
    assert_int_equal(rd_an_terms(b, &terms, &nk, &err), RD_OK);
    assert_int_equal(terms[0], 0); /* b's own ids: kinder first */

    size_t na_t = rd_an_term_count(a), na_f = rd_an_form_count(a);
    rd_strtab *ta, *fa;
    rd_an_take_tables(a, &ta, &fa);
    rd_vocab *v;
    assert_int_equal(rd_vocab_adopt(ta, fa, &v, &err), RD_OK);
    for (size_t f = 0; f < na_f; f++)
        if (rd_an_form_uses(a, (uint32_t)f))
            rd_vocab_form_uses(v, (uint32_t)f, rd_an_form_term(a, (uint32_t)f),
                               rd_an_form_uses(a, (uint32_t)f));
    assert_int_equal(na_t, 2);
    rd_vocab_add_counts(v, 0, 1, 3); /* hur: one passage, three uses */
    rd_vocab_add_counts(v, 1, 1, 1); /* kinder */
    uint32_t map[8];
    for (size_t t = 0; t < rd_an_term_count(b); t++) {
        const char *st = rd_an_term_str(b, (uint32_t)t, &n);
        assert_int_equal(rd_vocab_add_term(v, st, n, &map[t], &err), RD_OK);
    }
    assert_int_equal(map[0], 1); /* kinder is a's term 1 */
    assert_int_equal(map[1], 2); /* kind: new, after a's */
    assert_int_equal(map[2], 0); /* hur */
    rd_vocab_add_counts(v, map[0], 1, 2);
    rd_vocab_add_counts(v, map[1], 1, 1); /* kind */
    rd_vocab_add_counts(v, map[2], 1, 3); /* hur */
    for (size_t f = 0; f < rd_an_form_count(b); f++) {
        uint64_t u = rd_an_form_uses(b, (uint32_t)f);
        if (!u)
            continue;
        const char *fs = rd_an_form_str(b, (uint32_t)f, &n);
        uint32_t g;
        assert_int_equal(rd_vocab_intern_form(v, fs, n, &g, &err), RD_OK);
        rd_vocab_form_uses(v, g, map[rd_an_form_term(b, (uint32_t)f)], u);
    }
    uint32_t *pm;
    size_t n_old;
    assert_int_equal(rd_vocab_prune(v, 3, 1, 1.0, &pm, &n_old, &err), RD_OK);
    assert_int_equal(n_old, 3);
    /* the stop words in a's adopted lexicon are no term's forms: not labels, not terms */
    assert_int_equal(rd_vocab_size(v), 3);
    assert_string_equal(rd_vocab_term(v, 0, &n), "hur");
    assert_string_equal(rd_vocab_label(v, 0, &n), "huren"); /* 1 + 3 uses against huur's 2 */
    assert_int_equal(rd_vocab_df(v, 0), 2);
    assert_int_equal(rd_vocab_tf(v, 0), 6);
    assert_string_equal(rd_vocab_term(v, 1, &n), "kind");
    assert_string_equal(rd_vocab_term(v, 2, &n), "kinder");
    assert_string_equal(rd_vocab_label(v, 2, &n), "kinderen");
    assert_int_equal(rd_vocab_tf(v, 2), 3);
    assert_int_equal(pm[0], 0);
    assert_int_equal(pm[1], 2);
    assert_int_equal(pm[2], 1);
    free(pm);
    rd_vocab_free(v);
    rd_an_free(a);
    rd_an_free(b);
    rd_stop_free(sw);
}

/* The multi-word terms after pruning: a key with a space is a phrase, its words are
 * found by their stems (RD_VOCAB_NONE for a word pruned away). */
static void test_phrases(void **state)
{
    (void)state;
    rd_vocab *v;
    rd_err err;
    uint32_t id[4], *map;
    size_t n_old;
    const char *keys[] = {"slimm", "meter", "slimm meter", "vierkant meter"};
    assert_int_equal(rd_vocab_new(&v, &err), RD_OK);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(rd_vocab_add_term(v, keys[i], strlen(keys[i]), &id[i], &err), RD_OK);
        rd_vocab_add_counts(v, id[i], 2, 2);
    }
    assert_int_equal(rd_vocab_prune(v, 10, 2, 1.0, &map, &n_old, &err), RD_OK);
    free(map);
    unsigned char *phrase;
    uint32_t *first, *second;
    assert_int_equal(rd_vocab_phrases(v, &phrase, &first, &second, &err), RD_OK);
    uint32_t slimm = rd_vocab_find(v, "slimm", 5), meter = rd_vocab_find(v, "meter", 5);
    uint32_t sm = rd_vocab_find(v, "slimm meter", 11), vm = rd_vocab_find(v, "vierkant meter", 14);
    assert_int_equal(phrase[slimm] + phrase[meter], 0);
    assert_int_equal(first[slimm], RD_VOCAB_NONE);
    assert_int_equal(phrase[sm], 1);
    assert_int_equal(first[sm], slimm);
    assert_int_equal(second[sm], meter);
    assert_int_equal(phrase[vm], 1);
    assert_int_equal(first[vm], RD_VOCAB_NONE); /* "vierkant" is no term */
    assert_int_equal(second[vm], meter);
    free(phrase);
    free(first);
    free(second);
    rd_vocab_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prune),
        cmocka_unit_test(test_order_and_labels),
        cmocka_unit_test(test_many_terms),
        cmocka_unit_test(test_adopt),
        cmocka_unit_test(test_phrases),
    };
    return cmocka_run_group_tests_name("vocab", tests, NULL, NULL);
}
