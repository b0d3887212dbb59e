/* tests/unit/io/read/test_codebook.c — topic cards from text, CSV and REFI-QDA codebooks
 * (io/read/codebook.h): the cards and their words, the same cards from each format, and
 * every error naming the file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tmpdir.h"
#include "io/read/codebook.h"

static void parse_text(const char *s, rd_codebook *cb)
{
    rd_err err;
    assert_int_equal(rd_codebook_parse_text("k.txt", s, strlen(s), cb, &err), RD_OK);
}

/* The words of card i joined by '|'. */
static const char *words(const rd_codebook *cb, size_t i)
{
    static char buf[512];
    buf[0] = '\0';
    for (size_t k = 0; k < cb->v[i].words.n; k++) {
        if (k)
            strcat(buf, "|");
        strcat(buf, cb->v[i].words.v[k]);
    }
    return buf;
}

static void test_text(void **state)
{
    (void)state;
    rd_codebook cb;
    parse_text("# kaarten voor het huisbezoek\n"
               "Woonlasten\n"
               "huur, servicekosten ; energierekening\n"
               "  huurtoeslag   # na de zomer erbij\n"
               "\n\n"
               "Reparaties: lekkage, zwarte schimmel\n"
               "# een commentaarregel breekt een kaart niet\n"
               "monteur\r\n",
               &cb);
    assert_int_equal(cb.n, 2);
    assert_string_equal(cb.v[0].name, "Woonlasten");
    assert_int_equal(cb.v[0].line, 2);
    assert_string_equal(words(&cb, 0), "Woonlasten|huur|servicekosten|energierekening|huurtoeslag");
    assert_string_equal(cb.v[1].name, "Reparaties");
    assert_int_equal(cb.v[1].line, 7);
    assert_string_equal(words(&cb, 1), "Reparaties|lekkage|zwarte schimmel|monteur");
    rd_codebook_free(&cb);
    assert_int_equal(cb.n, 0);
}

static void expect_error(rd_status want, const char *msg_part, rd_status got, const rd_err *err)
{
    assert_int_equal(got, want);
    if (!strstr(err->msg, msg_part))
        fail_msg("message \"%s\" lacks \"%s\"", err->msg, msg_part);
}

static void test_text_errors(void **state)
{
    (void)state;
    rd_codebook cb;
    rd_err err;
    const char *s = "Woonlasten\nhuur\n\nReparaties\n\nBuurt\nburen\n";
    expect_error(RD_EDATA, "k.txt:4: the card \"Reparaties\" has no words",
                 rd_codebook_parse_text("k.txt", s, strlen(s), &cb, &err), &err);
    assert_int_equal(cb.n, 0);
    s = "Woonlasten\nhuur\n\nwoonlasten\nservicekosten\n";
    expect_error(RD_EDATA, "k.txt:4: the card \"Woonlasten\" is already on line 1",
                 rd_codebook_parse_text("k.txt", s, strlen(s), &cb, &err), &err);
    s = "# alleen commentaar\n\n   \n";
    expect_error(RD_EDATA, "k.txt: no topic cards found",
                 rd_codebook_parse_text("k.txt", s, strlen(s), &cb, &err), &err);
    s = ": huur\n";
    expect_error(RD_EDATA, "k.txt:1: a card without a name",
                 rd_codebook_parse_text("k.txt", s, strlen(s), &cb, &err), &err);
}

static void test_csv(void **state)
{
    (void)state;
    rd_codebook cb;
    rd_err err;
    const char *s = "kaart,woorden\r\n"
                    "Woonlasten,\"huur, servicekosten\"\r\n"
                    "Reparaties,lekkage,\"zwarte\nschimmel\"\r\n"
                    "woonlasten,huurtoeslag\r\n"
                    ",\r\n"
                    "Buurt;x,buren\r\n";
    assert_int_equal(rd_codebook_parse_csv("k.csv", s, strlen(s), ',', &cb, &err), RD_OK);
    assert_int_equal(cb.n, 3);
    assert_string_equal(words(&cb, 0), "Woonlasten|huur|servicekosten|huurtoeslag");
    assert_int_equal(cb.v[0].line, 2);
    assert_string_equal(words(&cb, 1), "Reparaties|lekkage|zwarte\nschimmel");
    assert_int_equal(cb.v[1].line, 3);
    assert_string_equal(cb.v[2].name, "Buurt;x");
    assert_int_equal(cb.v[2].line, 7); /* after the quoted line break and the blank record */
    rd_codebook_free(&cb);
    /* a card with a name only; an unclosed quote */
    s = "Woonlasten,huur\nReparaties\n";
    expect_error(RD_EDATA, "k.csv:2: the card \"Reparaties\" has no words",
                 rd_codebook_parse_csv("k.csv", s, strlen(s), ',', &cb, &err), &err);
    s = "Woonlasten;huur\nReparaties;\"lekkage\n";
    expect_error(RD_EDATA, "k.csv:2:",
                 rd_codebook_parse_csv("k.csv", s, strlen(s), ';', &cb, &err), &err);
}

static const char QDC[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"test\">\n"
    "  <Codes>\n"
    "    <Code guid=\"6c4d2b7e-2f1a-4c9e-9b1a-000000000001\" name=\"Woonlasten\" isCodable=\"true\">\n"
    "      <Description>huur, servicekosten; energierekening</Description>\n"
    "      <Code guid=\"6c4d2b7e-2f1a-4c9e-9b1a-000000000002\" name=\"Huurtoeslag\" isCodable=\"true\"/>\n"
    "    </Code>\n"
    "    <Code guid=\"6c4d2b7e-2f1a-4c9e-9b1a-000000000003\" name=\"Reparaties\" isCodable=\"true\">\n"
    "      <Description>lekkage.\nzwarte schimmel</Description>\n"
    "    </Code>\n"
    "  </Codes>\n"
    "</CodeBook>\n";

static void test_qdc(void **state)
{
    (void)state;
    rd_codebook cb;
    rd_err err;
    assert_int_equal(rd_codebook_parse_qdc("k.qdc", QDC, strlen(QDC), &cb, &err), RD_OK);
    assert_int_equal(cb.n, 2); /* a nested code is words of its top-level card */
    assert_string_equal(words(&cb, 0),
                        "Woonlasten|huur|servicekosten|energierekening|Huurtoeslag");
    assert_int_equal(cb.v[0].line, 4);
    assert_string_equal(words(&cb, 1), "Reparaties|lekkage|zwarte schimmel");
    rd_codebook_free(&cb);
    const char *bad = "<CodeBook><Codes><Code name=\"x\"></Codes></CodeBook>";
    expect_error(RD_EDATA, "k.qdc:1: not a REFI-QDA codebook",
                 rd_codebook_parse_qdc("k.qdc", bad, strlen(bad), &cb, &err), &err);
    bad = "<CodeBook><Codes/></CodeBook>";
    expect_error(RD_EDATA, "k.qdc: no <Code> in this codebook",
                 rd_codebook_parse_qdc("k.qdc", bad, strlen(bad), &cb, &err), &err);
    bad = "<CodeBook><Codes>\n<Code guid=\"g\"/></Codes></CodeBook>";
    expect_error(RD_EDATA, "k.qdc:2: a <Code> without a name",
                 rd_codebook_parse_qdc("k.qdc", bad, strlen(bad), &cb, &err), &err);
    /* an entity is never expanded: the text keeps the reference's name, not the file */
    bad = "<?xml version=\"1.0\"?>\n<!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
          "<CodeBook><Codes><Code guid=\"g\" name=\"a\"><Description>&x;</Description></Code>"
          "</Codes></CodeBook>";
    if (rd_codebook_parse_qdc("k.qdc", bad, strlen(bad), &cb, &err) == RD_OK) {
        for (size_t i = 0; i < cb.v[0].words.n; i++)
            assert_null(strstr(cb.v[0].words.v[i], "root:"));
        rd_codebook_free(&cb);
    }
}

/* The file reader: the format by extension, decoding, and a missing file. */
static void test_read(void **state)
{
    (void)state;
    rd_codebook a, b, c;
    rd_err err;
    assert_int_equal(tmpdir_puts(test_dir, "k.codebook.txt",
                                 "Woonlasten\nhuur, servicekosten, energierekening\n\n"
                                 "Reparaties\nlekkage, zwarte schimmel\n"),
                     0);
    assert_int_equal(tmpdir_puts(test_dir, "k.tsv",
                                 "card\twords\nWoonlasten\thuur, servicekosten\t"
                                 "energierekening\nReparaties\tlekkage; zwarte schimmel\n"),
                     0);
    assert_int_equal(tmpdir_puts(test_dir, "k.qdc", QDC), 0);
    assert_int_equal(rd_codebook_read(tmpdir_at("k.codebook.txt"), "k.codebook.txt", &a, &err),
                     RD_OK);
    assert_int_equal(rd_codebook_read(tmpdir_at("k.tsv"), "k.tsv", &b, &err), RD_OK);
    assert_int_equal(rd_codebook_read(tmpdir_at("k.qdc"), "k.qdc", &c, &err), RD_OK);
    assert_int_equal(a.n, 2);
    assert_int_equal(b.n, 2);
    for (size_t i = 0; i < 2; i++) {
        char wa[512];
        snprintf(wa, sizeof wa, "%s", words(&a, i));
        assert_string_equal(wa, words(&b, i));
    }
    assert_int_equal(c.n, 2);
    assert_string_equal(a.note, "");
    rd_codebook_free(&a);
    rd_codebook_free(&b);
    rd_codebook_free(&c);
    /* Windows-1252 ("één") with a note */
    assert_int_equal(tmpdir_puts(test_dir, "oud.txt", "Kaart \xe9\xe9n\nhuur\n"), 0);
    assert_int_equal(rd_codebook_read(tmpdir_at("oud.txt"), "oud.txt", &a, &err), RD_OK);
    assert_string_equal(a.v[0].name, "Kaart \xc3\xa9\xc3\xa9n");
    assert_non_null(strstr(a.note, "oud.txt: not valid UTF-8; read as Windows-1252"));
    rd_codebook_free(&a);
    assert_int_equal(rd_codebook_read(tmpdir_at("weg.txt"), "weg.txt", &a, &err), RD_ENOINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),  cmocka_unit_test(test_text_errors),
        cmocka_unit_test(test_csv),   cmocka_unit_test(test_qdc),
        cmocka_unit_test(test_read),
    };
    return cmocka_run_group_tests_name("codebook", tests, tmpdir_setup, tmpdir_teardown);
}
