/* tests/unit/io/read/test_lexfile.c — finding and reading the Dutch lexicon
 * (io/read/lexfile.h): RODEDRAAD_LEXICON naming a .dic, empty (off), missing or unusable
 * (a warning, never an error), and the $DICPATH search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tmpdir.h"
#include "io/read/lexfile.h"

static void load(rd_lex **lx, char *path, rd_err *note)
{
    rd_err err;
    assert_int_equal(rd_lexfile_load(lx, path, PATH_MAX, note, &err), RD_OK);
}

static void test_named(void **state)
{
    (void)state;
    rd_lex *lx;
    rd_err note;
    char path[PATH_MAX];
    assert_int_equal(tmpdir_puts(test_dir, "klein.dic", "2\nJansen/PN\nboek\n"), 0);
    assert_int_equal(tmpdir_puts(test_dir, "klein.aff", "SET UTF-8\nFLAG long\n"), 0);
    setenv("RODEDRAAD_LEXICON", tmpdir_at("klein.dic"), 1);
    load(&lx, path, &note);
    assert_non_null(lx);
    assert_int_equal(note.code, RD_OK);
    assert_string_equal(path, tmpdir_at("klein.dic"));
    assert_int_equal(rd_lex_lookup(lx, "Jansen", 6), RD_LEX_NAME | RD_LEX_PROPER);
    rd_lex_free(lx);
    /* switched off */
    setenv("RODEDRAAD_LEXICON", "", 1);
    load(&lx, path, &note);
    assert_null(lx);
    assert_int_equal(note.code, RD_ENOINPUT);
    assert_string_equal(path, "");
    /* missing: a warning naming the file */
    setenv("RODEDRAAD_LEXICON", tmpdir_at("weg.dic"), 1);
    load(&lx, path, &note);
    assert_null(lx);
    assert_int_equal(note.code, RD_ENOINPUT);
    assert_non_null(strstr(note.msg, "weg.dic"));
    /* not a .dic */
    setenv("RODEDRAAD_LEXICON", tmpdir_at("klein.aff"), 1);
    load(&lx, NULL, &note);
    assert_null(lx);
    assert_int_equal(note.code, RD_ENOINPUT);
    /* unusable: an .aff in another encoding */
    assert_int_equal(tmpdir_puts(test_dir, "oud.dic", "1\nboek\n"), 0);
    assert_int_equal(tmpdir_puts(test_dir, "oud.aff", "SET ISO8859-1\n"), 0);
    setenv("RODEDRAAD_LEXICON", tmpdir_at("oud.dic"), 1);
    load(&lx, path, &note);
    assert_null(lx);
    assert_int_equal(note.code, RD_EDATA);
    assert_non_null(strstr(note.msg, "ISO8859-1"));
    unsetenv("RODEDRAAD_LEXICON");
}

static void test_dicpath(void **state)
{
    (void)state;
    rd_lex *lx;
    rd_err note;
    char path[PATH_MAX];
    assert_int_equal(mkdir(tmpdir_at("dicts"), 0755), 0);
    assert_int_equal(tmpdir_puts(tmpdir_at("dicts"), "nl_NL.dic", "1\nKarin/PN\n"), 0);
    assert_int_equal(tmpdir_puts(tmpdir_at("dicts"), "nl_NL.aff", "FLAG long\n"), 0);
    char dp[2 * PATH_MAX + 8];
    snprintf(dp, sizeof dp, "%s:%s", tmpdir_at("nergens"), tmpdir_at("dicts"));
    unsetenv("RODEDRAAD_LEXICON");
    setenv("DICPATH", dp, 1);
    load(&lx, path, &note);
    assert_non_null(lx);
    assert_string_equal(path, tmpdir_at("dicts/nl_NL.dic"));
    assert_int_equal(rd_lex_size(lx), 1);
    rd_lex_free(lx);
    unsetenv("DICPATH");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_named),
        cmocka_unit_test(test_dicpath),
    };
    return cmocka_run_group_tests_name("lexfile", tests, tmpdir_setup, tmpdir_teardown);
}
