/* tests/unit/io/read/test_model.c — the saved model (io/read/model.h, io/write/model.h): a
 * small model written and read back field by field, the same bytes for the same model, and
 * a damaged file refused with exit-65 errors that name it, never a crash: every single
 * byte changed (with the digest: always refused; without it, the sections' own checks
 * hold), every truncation, another format version, and a file that is no model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/read/model.h"
#include "io/write/model.h"
#include "tests/unit/io/read/tmpfolder.h"

static const char *const terms[] = {"huur", "reparatie", "slimm meter", "buurt"};
static const double idf[] = {1.5, 2.0, 2.5, 1.25};
static const double lsa_idf[] = {1.1, 1.2, 1.3, 1.4};
static const float v[] = {0.5f, 0.1f, -0.5f, 0.2f, 0.25f, 0.3f, 0.0f, -1.0f};
static const float h[] = {0.4f, 0.3f, 0.2f, 0.1f, 0.1f, 0.2f, 0.3f, 0.4f};
static const char *const labels[] = {"huur, woonlasten", "reparatie, meter"};
static const float centres[] = {0.6f, 0.8f, -0.6f, 0.8f, 1.0f, 0.0f};
static const float thr[] = {0.2f, 0.25f, 0.1f};
static const float pthr[] = {0.1f, 0.125f, 0.05f};
static const uint64_t sizes[] = {10, 7, 3};
static const char *const names[] = {"Gezin op zoek", "", "Kritische huurder"};
static const char *const cnames[] = {"Woonlasten", "Buurt"};
static const size_t coff[] = {0, 1, 2};
static const char *const cterms[] = {"huur", "buurt"};

static rd_model sample(void)
{
    static const char meta[] = "program=rodedraad\nstemmer_algorithm=dutch\n";
    static const char stop[] = "de\nhet\nzeg maar\n";
    static const char frames[] = "drop\tdoei\nphrase\tslimm\tmeter\n";
    static const char journey[] = "[wonen] Wonen\nthuis\n";
    return (rd_model){.meta = meta, .meta_n = sizeof meta - 1, .stop = stop,
                      .stop_n = sizeof stop - 1, .frames = frames, .frames_n = sizeof frames - 1,
                      .journey = journey, .journey_n = sizeof journey - 1, .n_cards = 2,
                      .card_name = cnames, .card_off = coff, .card_term = cterms, .terms = 4,
                      .term = terms, .idf = idf, .dims = 2, .lsa_idf = lsa_idf, .v = v,
                      .themes = 2, .h = h, .context = 0.25f, .theme_label = labels, .rep = 1,
                      .k = 3, .d = 2,
                      .centres = centres, .threshold = thr, .passage_threshold = pthr,
                      .size = sizes, .seg_name = names};
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(*n);
    assert_int_equal(fread(b, 1, *n, f), *n);
    fclose(f);
    return b;
}

static void test_round_trip(void **state)
{
    (void)state;
    rd_err err;
    rd_model m = sample(), r;
    assert_int_equal(rd_model_write(at("a.model"), &m, &err), RD_OK);
    assert_int_equal(rd_model_write(at("b.model"), &m, &err), RD_OK);
    size_t na, nb;
    unsigned char *a = slurp(at("a.model"), &na), *b = slurp(at("b.model"), &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    assert_memory_equal(a, RD_MODEL_MAGIC, 16);
    assert_int_equal(rd_model_read(at("a.model"), "a.model", &r, &err), RD_OK);
    assert_int_equal(r.terms, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(r.term[i], terms[i]);
        assert_true(r.idf[i] == idf[i] && r.lsa_idf[i] == lsa_idf[i]);
    }
    assert_memory_equal(r.v, v, sizeof v);
    assert_memory_equal(r.h, h, sizeof h);
    assert_memory_equal(r.centres, centres, sizeof centres);
    assert_memory_equal(r.threshold, thr, sizeof thr);
    assert_memory_equal(r.passage_threshold, pthr, sizeof pthr);
    assert_memory_equal(r.size, sizes, sizeof sizes);
    assert_int_equal(r.dims, 2);
    assert_int_equal(r.themes, 2);
    assert_true(r.context == 0.25f);
    assert_int_equal(r.k, 3);
    assert_int_equal(r.d, 2);
    assert_int_equal(r.rep, 1);
    for (size_t j = 0; j < 3; j++)
        assert_string_equal(r.seg_name[j], names[j]);
    assert_string_equal(r.theme_label[1], labels[1]);
    assert_int_equal(r.n_cards, 2);
    assert_string_equal(r.card_name[1], "Buurt");
    assert_int_equal(r.card_off[2], 2);
    assert_string_equal(r.card_term[r.card_off[1]], "buurt");
    for (size_t i = 0; i < 4; i++) /* the index gives each term its column */
        assert_int_equal(rd_strtab_find(r.term_index, terms[i], strlen(terms[i])), i);
    assert_int_equal(rd_strtab_find(r.term_index, "huu", 3), RD_STRTAB_NONE);
    assert_string_equal(r.stop, m.stop);
    assert_string_equal(r.frames, m.frames);
    assert_string_equal(r.journey, m.journey);
    char val[32];
    assert_true(rd_model_meta(&r, "stemmer_algorithm", val, sizeof val));
    assert_string_equal(val, "dutch");
    assert_false(rd_model_meta(&r, "stemmer", val, sizeof val));
    rd_model_free(&r);
    rd_model_free(&r); /* zeroed: fine */
    free(a);
    free(b);
}

static void test_damage(void **state)
{
    (void)state;
    rd_err err;
    rd_model m = sample(), r;
    assert_int_equal(rd_model_write(at("c.model"), &m, &err), RD_OK);
    size_t n;
    unsigned char *b = slurp(at("c.model"), &n);
    unsigned char *x = malloc(n);
    size_t refused_without = 0;
    for (size_t i = 0; i < n; i++)
        for (int bit = 0; bit < 8; bit += 3) {
            memcpy(x, b, n);
            x[i] ^= (unsigned char)(1u << bit);
            rd_status rc = rd_model_parse("c.model", x, n, 1, &r, &err);
            assert_int_equal(rc, RD_EDATA); /* the digest, the magic or the version */
            assert_non_null(strstr(err.msg, "c.model"));
            assert_null(r.own);
            rc = rd_model_parse("c.model", x, n, 0, &r, &err);
            assert_true(rc == RD_OK || rc == RD_EDATA);
            refused_without += rc != RD_OK;
            rd_model_free(&r);
        }
    assert_true(refused_without > n / 4); /* the sections' own checks catch many */
    for (size_t len = 0; len < n; len++) {
        assert_int_equal(rd_model_parse("c.model", b, len, 1, &r, &err), RD_EDATA);
        assert_int_equal(rd_model_parse("c.model", b, len, 0, &r, &err), RD_EDATA);
    }
    memcpy(x, b, n);
    x[16] = 1; /* format 1: before the themes' context weight */
    assert_int_equal(rd_model_parse("c.model", x, n, 1, &r, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "format 1"));
    x[16] = 3; /* a later format */
    assert_int_equal(rd_model_parse("c.model", x, n, 1, &r, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "format 3"));
    put("text.model", "segment,name\n1,a\n");
    assert_int_equal(rd_model_read(at("text.model"), "text.model", &r, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "not a rodedraad model"));
    assert_int_equal(rd_model_read(at("missing.model"), "missing.model", &r, &err), RD_ENOINPUT);
    free(x);
    free(b);
}

/* What the loader refuses though the bytes are sound: a term given twice (the columns
 * would be ambiguous) and a model stemmed with another Snowball algorithm. */
static void test_refused_content(void **state)
{
    (void)state;
    rd_err err;
    rd_model m = sample(), r;
    static const char *const twice[] = {"huur", "reparatie", "huur", "buurt"};
    m.term = twice;
    assert_int_equal(rd_model_write(at("twice.model"), &m, &err), RD_OK);
    assert_int_equal(rd_model_read(at("twice.model"), "twice.model", &r, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "twice.model: damaged model: section TERM"));
    assert_non_null(strstr(err.msg, "a term given twice"));
    assert_null(r.own);
    m = sample();
    static const char meta[] = "program=rodedraad\nstemmer_algorithm=english\n";
    m.meta = meta;
    m.meta_n = sizeof meta - 1;
    assert_int_equal(rd_model_write(at("english.model"), &m, &err), RD_OK);
    assert_int_equal(rd_model_read(at("english.model"), "english.model", &r, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "english.model: made with the Snowball stemmer 'english'"));
    assert_null(r.own);
    assert_null(r.term_index);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_damage),
        cmocka_unit_test(test_refused_content),
    };
    return cmocka_run_group_tests(tests, tmp_setup, tmp_teardown);
}
