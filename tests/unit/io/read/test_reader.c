/* tests/unit/io/read/test_reader.c — one input file as a source (io/read/reader.h): the
 * format picked by extension, the checks every format shares (empty file, a line over the
 * limit, no text, no respondent text), CSV units with attributes and notes, a
 * Windows-1252 note, the text stage's sources with per-worker scratch, .doc/.rtf refused
 * and .pdf handed to pdftotext, and names that are not UTF-8 shown escaped. Files are
 * written into a mkdtemp folder by the tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "docfixture.h"
#include "io/read/reader.h"
#include "tmpfolder.h"

static rd_reader_opts opts(void)
{
    rd_reader_opts o = {(size_t)64 << 20, {NULL, 0}, NULL, NULL, NULL, NULL};
    return o;
}

/* Loads rel, which must succeed with one unit; returns the source. */
static rd_source load_ok(const char *rel)
{
    rd_source f = {0};
    rd_err err = {0};
    rd_reader_opts o = opts();
    rd_status rc = rd_reader_load(at(rel), &o, &f, &err);
    if (rc != RD_OK)
        fail_msg("%s: %s", rel, err.msg);
    return f;
}

/* Loads rel expecting code; returns the message after "PATH: " (static buffer). */
static const char *load_fail(const char *rel, rd_status code)
{
    static char msg[600];
    rd_source f = {0};
    rd_err err = {0};
    rd_reader_opts o = opts();
    assert_int_equal(rd_reader_load(at(rel), &o, &f, &err), code);
    assert_int_equal(err.code, code);
    size_t pl = strlen(at(rel));
    assert_memory_equal(err.msg, at(rel), pl);
    assert_memory_equal(err.msg + pl, ": ", 2);
    snprintf(msg, sizeof msg, "%s", err.msg + pl + 2);
    rd_source_free(&f);
    return msg;
}

/* The one unit of f: its passages' speakers and texts, "speaker|text" per line. */
static void expect_unit(const rd_source *f, const char *want)
{
    char got[1024];
    size_t k = 0;
    assert_int_equal(f->n_u, 1);
    assert_null(f->u[0].id);
    const rd_transcript *t = &f->u[0].tr;
    for (size_t p = 0; p < t->n; p++)
        k += (size_t)snprintf(got + k, sizeof got - k, "%s|%s\n", t->v[p].speaker, t->v[p].text);
    assert_string_equal(got, want);
}

static void test_every_extension(void **state)
{
    (void)state;
    size_t n;
    const char *txt = "Interviewer: Hoe gaat het?\nBewoner: Goed.\n";
    put("a.txt", txt);
    put("a.md", txt);
    put("a.log", txt);
    put("transcript", txt);
    put("B.TXT", txt);
    unsigned char *z = docx(P(RB("Interviewer:") RT(" Hoe gaat het?")) P(RB("Bewoner") RT(" Goed.")),
                            &n);
    put_n("a.docx", z, n);
    free(z);
    z = odt(TP("<text:span text:style-name=\"T1\">Interviewer:</text:span> Hoe gaat het?")
            TP("<text:span text:style-name=\"T1\">Bewoner</text:span> Goed."), &n);
    put_n("a.odt", z, n);
    free(z);
    put("a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Hoe gaat het?\n\n"
                 "00:00:02.000 --> 00:00:03.000\n<v Bewoner>Goed.\n");
    put("C.VTT", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Hoe gaat het?\n\n"
                 "00:00:02.000 --> 00:00:03.000\n<v Bewoner>Goed.\n");
    put("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nInterviewer: Hoe gaat het?\n\n"
                 "2\n00:00:02,000 --> 00:00:03,000\nBewoner: Goed.\n");
    /* Text, a name with another extension or none, documents, subtitles: one unit each,
     * with the same turns. */
    static const char *const files[] = {"a.txt", "a.md",  "a.log", "transcript", "B.TXT",
                                        "a.docx", "a.odt", "a.vtt", "C.VTT",      "a.srt"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        rd_source f = load_ok(files[i]);
        expect_unit(&f, "Interviewer|Hoe gaat het?\nBewoner|Goed.\n");
        assert_int_equal(f.u[0].tr.v[0].role, RD_ROLE_INTERVIEWER);
        assert_int_equal(f.u[0].tr.v[1].role, RD_ROLE_RESPONDENT);
        assert_null(f.note);
        assert_int_equal(f.n_attr, 0);
        rd_source_free(&f);
    }
    /* The extension decides: text named .docx is no Word document. */
    put("tekst.docx", txt);
    assert_string_equal(load_fail("tekst.docx", RD_EDATA), "not a zip archive");
}

static void test_csv_units(void **state)
{
    (void)state;
    put("a.csv", "respondent;antwoord;leeftijd;wijk\n"
                 "r1;Te duur.;34;\n"
                 "r2;Fijne buurt.;;Noord\n"
                 "r1;En de lift is kapot.;35;Zuid\n"
                 "r3;;50;Oost\n");
    rd_source f = {0};
    rd_err err = {0};
    rd_reader_opts o = opts();
    assert_int_equal(rd_reader_load(at("a.csv"), &o, &f, &err), RD_OK);
    /* One unit per id in order of first appearance; rows joined; the other columns are
     * attributes, from the first row that fills them. */
    assert_int_equal(f.n_u, 2);
    assert_int_equal(f.n_attr, 2);
    assert_string_equal(f.attr_name[0], "leeftijd");
    assert_string_equal(f.attr_name[1], "wijk");
    assert_string_equal(f.u[0].id, "r1");
    assert_string_equal(f.u[0].attr[0], "34");
    assert_string_equal(f.u[0].attr[1], "Zuid");
    assert_int_equal(f.u[0].tr.n, 2);
    assert_string_equal(f.u[0].tr.v[0].text, "Te duur.");
    assert_int_equal(f.u[0].tr.v[0].line, 2);
    assert_string_equal(f.u[0].tr.v[1].text, "En de lift is kapot.");
    assert_int_equal(f.u[0].tr.v[1].line, 4);
    assert_string_equal(f.u[1].id, "r2");
    assert_string_equal(f.u[1].attr[0], "");
    assert_string_equal(f.u[1].attr[1], "Noord");
    /* The row without an answer is left out, with a note. */
    assert_non_null(f.note);
    assert_int_equal(f.note->code, RD_EDATA);
    char want[PATH_MAX + 100];
    snprintf(want, sizeof want, "%s: 1 row with an empty 'antwoord' left out", at("a.csv"));
    assert_string_equal(f.note->msg, want);
    rd_source_free(&f);

    /* TSV without an id column: each row its own respondent rijN. */
    put("a.tsv", "tekst\tscore\nEen.\t1\nTwee.\t2\n");
    memset(&f, 0, sizeof f);
    assert_int_equal(rd_reader_load(at("a.tsv"), &o, &f, &err), RD_OK);
    assert_int_equal(f.n_u, 2);
    assert_string_equal(f.u[0].id, "rij1");
    assert_string_equal(f.u[1].id, "rij2");
    assert_string_equal(f.u[1].attr[0], "2");
    assert_string_equal(f.u[1].tr.v[0].text, "Twee.");
    assert_null(f.note);
    rd_source_free(&f);

    /* Every answer empty. */
    put("lege.csv", "id,antwoord\n1,\n2, \n");
    assert_string_equal(load_fail("lege.csv", RD_EDATA),
                        "no answers: column 'antwoord' is empty in all 2 rows");
}

/* Columns of personal data: never the id, never attributes; the names they hold are the
 * unit's names to mask; a note names them. */
static void test_csv_personal(void **state)
{
    (void)state;
    put("p.csv", "Naam;Respondent;Contact;Wijk;Antwoord\n"
                 "Karin de Vries;r1;karin@voorbeeld.nl;Noord;Te duur.\n"
                 "Jan Jansen;r2;jan@voorbeeld.nl;Zuid;De lift.\n"
                 "Karin de Vries;r1;k.devries@voorbeeld.nl;Noord;Nog iets.\n");
    rd_source f = {0};
    rd_err err = {0};
    rd_reader_opts o = opts();
    assert_int_equal(rd_reader_load(at("p.csv"), &o, &f, &err), RD_OK);
    assert_int_equal(f.n_u, 2);
    assert_string_equal(f.u[0].id, "r1");
    assert_int_equal(f.n_attr, 1); /* only Wijk: Naam by header, Contact by content */
    assert_string_equal(f.attr_name[0], "Wijk");
    assert_string_equal(f.u[0].names, "Karin de Vries");
    assert_string_equal(f.u[1].names, "Jan Jansen");
    assert_int_equal(f.u[0].id_personal, 0);
    assert_non_null(f.note);
    assert_non_null(strstr(f.note->msg, "'Naam' (names), 'Contact' (e-mail addresses) hold "
                                        "personal data and are left out"));
    rd_source_free(&f);
    /* an id column whose values are e-mail addresses is not the id: the rows are numbered */
    put("q.csv", "id,antwoord\na@x.nl,Een.\nb@x.nl,Twee.\n");
    memset(&f, 0, sizeof f);
    assert_int_equal(rd_reader_load(at("q.csv"), &o, &f, &err), RD_OK);
    assert_string_equal(f.u[0].id, "rij1");
    assert_int_equal(f.n_attr, 0);
    rd_source_free(&f);
    /* --csv-id naming a name column: it groups the rows, the ids are personal */
    o.csv_id = "naam";
    put("r.csv", "naam,antwoord\nKarin,Een.\nJan,Twee.\nKarin,Drie.\n");
    memset(&f, 0, sizeof f);
    assert_int_equal(rd_reader_load(at("r.csv"), &o, &f, &err), RD_OK);
    assert_int_equal(f.n_u, 2);
    assert_string_equal(f.u[0].id, "Karin");
    assert_int_equal(f.u[0].id_personal, 1);
    assert_string_equal(f.u[0].names, "Karin"); /* masked in its quotes */
    assert_non_null(strstr(f.note->msg, "'naam' (--csv-id) holds names"));
    rd_source_free(&f);
}

static void test_shared_checks(void **state)
{
    (void)state;
    put("leeg.txt", "");
    assert_string_equal(load_fail("leeg.txt", RD_EDATA), "empty file (0 bytes)");
    put("kop.txt", "# Alleen een kop\n\n   \n");
    assert_string_equal(load_fail("kop.txt", RD_EDATA),
                        "no text (only headings or blank lines)");
    put("iv.txt", "Interviewer: Een.\nInterviewer: Twee.\n");
    assert_string_equal(load_fail("iv.txt", RD_EDATA),
                        "no respondent text: every turn is by an interviewer");
    put("bad.txt", "Jan: \x81\x81\x81 en \xC3\xA9\xC3\xA9n\n");
    assert_string_equal(load_fail("bad.txt", RD_EUTF8), "invalid UTF-8 at byte 5 (line 1)");
    /* Over the caller's size limit. */
    rd_source f = {0};
    rd_err err = {0};
    rd_reader_opts o = opts();
    o.max_bytes = 4;
    put("a.txt", "Jan: hallo\n");
    assert_int_equal(rd_reader_load(at("a.txt"), &o, &f, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, ": file is 11 bytes; the limit is 4 bytes"));
    rd_source_free(&f);
}

/* A line (here: of text in memory, named like a file) over RD_READER_MAX_LINE. */
static void test_line_limit(void **state)
{
    (void)state;
    size_t n = 7 + (RD_READER_MAX_LINE + 1) + 1; /* "Jan: a\n", line 2, '\n' */
    char *raw = malloc(n + 1);
    assert_non_null(raw);
    memcpy(raw, "Jan: a\n", 7);
    memset(raw + 7, 'x', n - 7);
    raw[n - 1] = '\n';
    raw[n] = '\0';
    rd_source f = {0};
    rd_err err = {0};
    rd_reader_opts o = opts();
    assert_int_equal(rd_reader_parse("lang.txt", raw, n, &o, &f, &err), RD_EDATA);
    char want[200];
    snprintf(want, sizeof want, "lang.txt: line 2 is %zu bytes long, over the limit of 16 MB "
             "per line (not a transcript?)", RD_READER_MAX_LINE + 1);
    assert_string_equal(err.msg, want);
    rd_source_free(&f);
    /* Exactly at the limit is fine. */
    raw[7 + RD_READER_MAX_LINE] = '\n';
    raw[n - 1] = 'y';
    memset(&f, 0, sizeof f);
    assert_int_equal(rd_reader_parse("lang.txt", raw, n, &o, &f, &err), RD_OK);
    assert_int_equal(f.bytes, n);
    rd_source_free(&f);
    free(raw);
}

static void test_windows_1252_note(void **state)
{
    (void)state;
    put("cp.txt", "Interviewer: Hoe was het caf\xE9?\nBewoner: Gezellig \x96 echt.\n");
    rd_source f = load_ok("cp.txt");
    expect_unit(&f, "Interviewer|Hoe was het caf\xC3\xA9?\n"
                    "Bewoner|Gezellig \xE2\x80\x93 echt.\n");
    assert_non_null(f.note);
    assert_int_equal(f.note->code, RD_EUTF8);
    char want[PATH_MAX + 100];
    snprintf(want, sizeof want, "%s: not valid UTF-8; read as Windows-1252 and converted "
             "(save it as UTF-8 to silence this)", at("cp.txt"));
    assert_string_equal(f.note->msg, want);
    rd_source_free(&f);
}

/* The text stage's sources: file i loaded on a worker, with its own buffer and workspace
 * (transcripts borrowed until that worker's next load), or without scratch. */
static void test_sources(void **state)
{
    (void)state;
    put("a.txt", "Bewoner: een\n");
    put("a.md", "Huurder: twee\n");
    put("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nKees de Vries: drie\n");
    rd_strlist files = {0};
    rd_err err = {0};
    assert_int_equal(rd_strlist_push(&files, at("a.txt"), &err), RD_OK);
    assert_int_equal(rd_strlist_push(&files, at("a.md"), &err), RD_OK);
    assert_int_equal(rd_strlist_push(&files, at("a.srt"), &err), RD_OK);
    rd_reader_opts o = opts();
    static const char *const spk[] = {"Bewoner", "Huurder", "Kees de Vries"};
    for (int scratch = 0; scratch < 2; scratch++) {
        rd_reader *r = NULL;
        assert_int_equal(rd_reader_new(&files, &o, 2, scratch, &r, &err), RD_OK);
        rd_ts_sources s = rd_reader_sources(r);
        assert_int_equal(s.n, 3);
        assert_string_equal(s.name[1], at("a.md"));
        for (size_t i = 0; i < 3; i++) {
            rd_source f = {0};
            assert_int_equal(s.load(s.ctx, i, (int)(i % 2), &f, &err), RD_OK);
            assert_int_equal(f.n_u, 1);
            assert_string_equal(f.u[0].tr.v[0].speaker, spk[i]);
            /* text is borrowed from the worker's workspace with scratch; subtitles never */
            assert_int_equal(f.u[0].tr.borrowed, scratch && i < 2);
            rd_source_free(&f);
        }
        rd_reader_free(r);
    }
    rd_reader_free(NULL);
    rd_strlist_free(&files);
}

/* .doc and .rtf are refused with what to do; a .pdf goes to pdftotext (not decoded as
 * text): one that is not a PDF says so without starting it. */
static void test_old_formats_and_pdf(void **state)
{
    (void)state;
    put("oud.doc", "\320\317\021\340\241\261\032\341");
    put("brief.RTF", "{\\rtf1\\ansi Bewoner: tekst}");
    put("nep.pdf", "Interviewer: Hoe gaat het?\nBewoner: Goed.\n");
    assert_string_equal(load_fail("oud.doc", RD_EDATA),
                        "an old Word document (.doc, Word 97-2003): open it in Word or "
                        "LibreOffice, save it as .docx and run again");
    assert_string_equal(load_fail("brief.RTF", RD_EDATA),
                        "an RTF document: open it in Word or LibreOffice, save it as .docx and "
                        "run again");
    assert_string_equal(load_fail("nep.pdf", RD_EDATA),
                        "not a PDF file (no %PDF- header in its first 1024 bytes)");
}

/* A name that is not UTF-8 or holds an ESC: opened by its bytes, named escaped in
 * messages and in the sources' names (which become respondent ids and sources). */
static void test_escaped_names(void **state)
{
    (void)state;
    put("R\xFF\xFE.txt", "Bewoner: een\n");
    put("R\x1B[2J.txt", "");
    rd_strlist files = {0};
    rd_err err = {0};
    char want[PATH_MAX + 64];
    assert_int_equal(rd_strlist_push(&files, at("R\xFF\xFE.txt"), &err), RD_OK);
    assert_int_equal(rd_strlist_push(&files, at("R\x1B[2J.txt"), &err), RD_OK);
    rd_reader_opts o = opts();
    rd_reader *r = NULL;
    assert_int_equal(rd_reader_new(&files, &o, 1, 1, &r, &err), RD_OK);
    rd_ts_sources s = rd_reader_sources(r);
    assert_string_equal(s.name[0], at("R\\xFF\\xFE.txt"));
    assert_string_equal(s.name[1], at("R\\x1B[2J.txt"));
    rd_source f = {0};
    assert_int_equal(s.load(s.ctx, 0, 0, &f, &err), RD_OK);
    rd_source_free(&f);
    memset(&f, 0, sizeof f);
    assert_int_equal(s.load(s.ctx, 1, 0, &f, &err), RD_EDATA);
    snprintf(want, sizeof want, "%s: empty file (0 bytes)", at("R\\x1B[2J.txt"));
    assert_string_equal(err.msg, want);
    rd_source_free(&f);
    rd_reader_free(r);
    rd_strlist_free(&files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_extension, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_csv_units, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_csv_personal, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_shared_checks, tmp_setup, tmp_teardown),
        cmocka_unit_test(test_line_limit),
        cmocka_unit_test_setup_teardown(test_windows_1252_note, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_sources, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_old_formats_and_pdf, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(test_escaped_names, tmp_setup, tmp_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
