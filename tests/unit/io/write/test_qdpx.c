/* tests/unit/io/write/test_qdpx.c — the REFI-QDA writer: code points counted as REFI-QDA
 * counts them (ë, €, an emoji), GUIDs of the RFC 4122 shape with version 5 and the variant,
 * the same for the same key and different for others; a small project written, read back
 * with libzip (entries in name order, fixed time and mode), its project.qde valid against
 * ../shared/refi-qda/Project.xsd (when the checkout has it beside it) and every selection's
 * code points holding the text coded; the same bytes twice and under another time zone;
 * the codebook read back by --codebook's reader; characters XML cannot hold replaced;
 * refusals (bad positions, indexes, invalid UTF-8, a non-integer value) and write errors
 * naming the file (73 and 74). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <zip.h>

#include "io/read/codebook.h"
#include "io/write/qdpx.h"
#include "tests/unit/tmpdir.h"

#define XSD "../shared/refi-qda/Project.xsd"

static void test_codepoints(void **state)
{
    (void)state;
    assert_int_equal(rd_qdpx_codepoints("", 0), 0);
    assert_int_equal(rd_qdpx_codepoints("abc", 3), 3);
    /* ë (2 bytes), € (3), 😀 (4): one code point each */
    static const char s[] = "\xC3\xAB\xE2\x82\xAC\xF0\x9F\x98\x80";
    assert_int_equal(sizeof s - 1, 9);
    assert_int_equal(rd_qdpx_codepoints(s, 9), 3);
    assert_int_equal(rd_qdpx_codepoints(s, 2), 1);
    assert_int_equal(rd_qdpx_codepoints(s + 2, 3), 1);
    assert_int_equal(rd_qdpx_codepoints(s + 5, 4), 1);
    static const char t[] = "Dat kost \xE2\x82\xAC" "5 \xF0\x9F\x98\x80 of twee\xC3\xABn.";
    assert_int_equal(rd_qdpx_codepoints(t, sizeof t - 1), 24);
}

static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

static void test_guid(void **state)
{
    (void)state;
    char a[37], b[37], c[37];
    rd_qdpx_guid("code\0" "1", 6, a);
    rd_qdpx_guid("code\0" "1", 6, b);
    rd_qdpx_guid("code\0" "2", 6, c);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    for (const char *g = a; g; g = g == a ? c : NULL) {
        assert_int_equal(strlen(g), 36);
        for (size_t i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23)
                assert_int_equal(g[i], '-');
            else
                assert_true(is_hex(g[i]));
        }
        assert_int_equal(g[14], '5');                 /* version 5 */
        assert_non_null(strchr("89ab", g[19]));        /* RFC 4122 variant */
    }
    /* the key's bytes after a NUL count too */
    rd_qdpx_guid("code\0" "1", 5, b);
    assert_string_not_equal(a, b);
}

/* The small project of the tests: two codes (one with a child), two sources with text in
 * three scripts, selections, a case with variables, a set. The texts coded are returned
 * in coded[] (the first source's two selections). */
static const char TEXT1[] = "Interviewer: Wat kost het?\n\n"
                            "R01: Het kost \xE2\x82\xAC" "5 per maand \xF0\x9F\x98\x80, met "
                            "Cl\xC3\xABmentine.\n";
static const char TEXT2[] = "R02: Niets.\n";

static rd_qdpx *small_project(void)
{
    rd_qdpx *p = NULL;
    rd_err err = {0};
    size_t c1, c2, child, s1, s2, v1, v2, cs, set;
    assert_int_equal(rd_qdpx_new("proef", "rodedraad test", "Een <proef> & \"meer\"", &p, &err),
                     RD_OK);
    assert_int_equal(rd_qdpx_code(p, "huur, kosten", "huur; kosten; euro", "#E69F00",
                                  RD_QDPX_NONE, &c1, &err), RD_OK);
    assert_int_equal(rd_qdpx_code(p, "Motivaties", "betalen; willen", "#E69F00", c1, &child,
                                  &err), RD_OK);
    /* a control character and a lone continuation byte become U+FFFD in the XML */
    assert_int_equal(rd_qdpx_code(p, "bel\x01len \x80", NULL, NULL, RD_QDPX_NONE, &c2, &err),
                     RD_OK);
    assert_int_equal(rd_qdpx_variable(p, "segment", RD_QDPX_INTEGER, "het segment", &v1, &err),
                     RD_OK);
    assert_int_equal(rd_qdpx_variable(p, "leeftijd", RD_QDPX_TEXT, NULL, &v2, &err), RD_OK);
    assert_int_equal(rd_qdpx_source(p, "interviews/R01.txt", TEXT1, sizeof TEXT1 - 1, &s1, &err),
                     RD_OK);
    assert_int_equal(rd_qdpx_source(p, "interviews/R02.txt", TEXT2, sizeof TEXT2 - 1, &s2, &err),
                     RD_OK);
    /* "Het kost €5 per maand 😀, met Clëmentine." starts at code point 33 */
    assert_int_equal(rd_qdpx_select(p, s1, 33, 73, c1, "interviews/R01.txt:3", &err), RD_OK);
    assert_int_equal(rd_qdpx_select(p, s1, 13, 26, c2, NULL, &err), RD_OK);
    assert_int_equal(rd_qdpx_select(p, s2, 5, 11, c1, "interviews/R02.txt:1", &err), RD_OK);
    assert_int_equal(rd_qdpx_case(p, "R01", s1, &cs, &err), RD_OK);
    assert_int_equal(rd_qdpx_value(p, cs, v1, "2", &err), RD_OK);
    assert_int_equal(rd_qdpx_value(p, cs, v2, "30-39 <jaar>", &err), RD_OK);
    assert_int_equal(rd_qdpx_value(p, cs, v2, "", &err), RD_OK); /* empty: not written */
    assert_int_equal(rd_qdpx_case(p, "R02", RD_QDPX_NONE, NULL, &err), RD_OK);
    assert_int_equal(rd_qdpx_set(p, "Segment 1", "huur; wachtlijst", &set, &err), RD_OK);
    assert_int_equal(rd_qdpx_member(p, set, s1, &err), RD_OK);
    assert_int_equal(rd_qdpx_member(p, set, s2, &err), RD_OK);
    (void)child;
    return p;
}

/* The whole file at path into *n bytes (malloc). */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long k = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)k + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)k, f), (size_t)k);
    b[k] = '\0';
    fclose(f);
    *n = (size_t)k;
    return b;
}

/* Entry name of za into a malloc'd text. */
static char *entry(zip_t *za, const char *name, size_t *n)
{
    zip_stat_t st;
    assert_int_equal(zip_stat(za, name, 0, &st), 0);
    zip_file_t *f = zip_fopen(za, name, 0);
    assert_non_null(f);
    char *b = malloc(st.size + 1);
    assert_int_equal(zip_fread(f, b, st.size), (zip_int64_t)st.size);
    b[st.size] = '\0';
    zip_fclose(f);
    *n = st.size;
    return b;
}

/* The code points [a, b) of s as bytes. */
static void cp_slice(const char *s, size_t a, size_t b, const char **out, size_t *n)
{
    size_t cp = 0, i = 0, start = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        if (cp == a)
            start = i;
        if (cp == b)
            break;
        cp++;
    }
    *out = s + start;
    *n = i - start;
}

static void validate(const char *xml, size_t n)
{
    xmlDoc *doc = xmlReadMemory(xml, (int)n, "project.qde", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    if (access(XSD, R_OK) != 0) {
        print_message("skipped: no %s beside the checkout; project.qde not validated\n", XSD);
        xmlFreeDoc(doc);
        return;
    }
    xmlSchemaParserCtxt *pc = xmlSchemaNewParserCtxt(XSD);
    xmlSchema *schema = xmlSchemaParse(pc);
    assert_non_null(schema);
    xmlSchemaValidCtxt *vc = xmlSchemaNewValidCtxt(schema);
    assert_int_equal(xmlSchemaValidateDoc(vc, doc), 0);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    xmlFreeDoc(doc);
}

static void test_project(void **state)
{
    (void)state;
    char path[PATH_MAX];
    rd_err err = {0};
    rd_qdpx *p = small_project();
    tmpdir_path(path, test_dir, "p.qdpx");
    assert_int_equal(rd_qdpx_write(p, path, &err), RD_OK);
    int ze = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &ze);
    assert_non_null(za);
    assert_int_equal(zip_get_num_entries(za, 0), 3);
    /* entries in name order, each at 1980-01-01 00:00 with mode 0644 */
    const char *prev = "";
    for (zip_uint64_t i = 0; i < 3; i++) {
        const char *name = zip_get_name(za, i, 0);
        assert_true(strcmp(prev, name) < 0);
        prev = name;
        zip_uint8_t os;
        zip_uint32_t attr;
        assert_int_equal(zip_file_get_external_attributes(za, i, 0, &os, &attr), 0);
        assert_int_equal(os, ZIP_OPSYS_UNIX);
        assert_int_equal(attr >> 16, 0100644);
    }
    assert_string_equal(zip_get_name(za, 0, 0), "project.qde");
    size_t n, tn;
    char *xml = entry(za, "project.qde", &n);
    validate(xml, n);
    /* the plain text is referred to by its GUID, and the first selection's code points
     * hold the passage */
    const char *g = strstr(xml, "plainTextPath=\"internal://");
    assert_non_null(g);
    char name[64];
    snprintf(name, sizeof name, "sources/%.36s.txt", g + strlen("plainTextPath=\"internal://"));
    char *text = entry(za, name, &tn);
    assert_int_equal(tn, sizeof TEXT1 - 1);
    assert_memory_equal(text, TEXT1, tn);
    const char *s;
    size_t sn;
    cp_slice(text, 33, 73, &s, &sn);
    static const char want[] = "Het kost \xE2\x82\xAC" "5 per maand \xF0\x9F\x98\x80, met "
                               "Cl\xC3\xABmentine.";
    assert_int_equal(sn, sizeof want - 1);
    assert_memory_equal(s, want, sn);
    cp_slice(text, 13, 26, &s, &sn);
    assert_int_equal(sn, 13);
    assert_memory_equal(s, "Wat kost het?", 13);
    assert_non_null(strstr(xml, "startPosition=\"33\" endPosition=\"73\""));
    assert_non_null(strstr(xml, "name=\"bel\xEF\xBF\xBDlen \xEF\xBF\xBD\""));
    assert_non_null(strstr(xml, "<Description>Een &lt;proef&gt; &amp; "));
    assert_non_null(strstr(xml, "<IntegerValue>2</IntegerValue>"));
    assert_non_null(strstr(xml, "<TextValue>30-39 &lt;jaar&gt;</TextValue>"));
    assert_null(strstr(xml, "DateTime"));
    free(text);
    free(xml);
    zip_close(za);
    rd_qdpx_free(p);
}

static void test_same_bytes(void **state)
{
    (void)state;
    char a[PATH_MAX], b[PATH_MAX];
    rd_err err = {0};
    rd_qdpx *p = small_project(), *q = small_project();
    tmpdir_path(a, test_dir, "a.qdpx");
    tmpdir_path(b, test_dir, "b.qdpx");
    assert_int_equal(rd_qdpx_write(p, a, &err), RD_OK);
    /* another time zone: the zip's times are fixed DOS times, never local time */
    const char *tz = getenv("TZ");
    char *old = tz ? strdup(tz) : NULL;
    setenv("TZ", "Pacific/Kiritimati", 1);
    tzset();
    assert_int_equal(rd_qdpx_write(q, b, &err), RD_OK);
    if (old) {
        setenv("TZ", old, 1);
        free(old);
    } else {
        unsetenv("TZ");
    }
    tzset();
    size_t na, nb;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(x, y, na);
    free(x);
    free(y);
    rd_qdpx_free(p);
    rd_qdpx_free(q);
}

static void test_codebook(void **state)
{
    (void)state;
    char path[PATH_MAX];
    rd_err err = {0};
    rd_qdpx *p = small_project();
    tmpdir_path(path, test_dir, "themes.qdc");
    assert_int_equal(rd_qdpx_write_codebook(p, path, &err), RD_OK);
    size_t n;
    char *xml = slurp(path, &n);
    assert_non_null(strstr(xml, "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""));
    assert_null(strstr(xml, "<Sources"));
    /* the same GUIDs as the project's codes */
    char guid[37];
    const char *g = strstr(xml, "<Code guid=\"");
    assert_non_null(g);
    snprintf(guid, sizeof guid, "%.36s", g + strlen("<Code guid=\""));
    char ppath[PATH_MAX];
    tmpdir_path(ppath, test_dir, "c.qdpx");
    assert_int_equal(rd_qdpx_write(p, ppath, &err), RD_OK);
    int ze = 0;
    zip_t *za = zip_open(ppath, ZIP_RDONLY, &ze);
    size_t pn;
    char *pxml = entry(za, "project.qde", &pn);
    assert_non_null(strstr(pxml, guid));
    free(pxml);
    zip_close(za);
    /* --codebook reads it back: the top-level codes are cards, the child's name and
     * description words of its card */
    rd_codebook cb;
    assert_int_equal(rd_codebook_parse_qdc("themes.qdc", xml, n, &cb, &err), RD_OK);
    assert_int_equal(cb.n, 2);
    assert_string_equal(cb.v[0].name, "huur, kosten");
    int found = 0;
    for (size_t i = 0; i < cb.v[0].words.n; i++)
        found += strcmp(cb.v[0].words.v[i], "willen") == 0 ||
                 strcmp(cb.v[0].words.v[i], "euro") == 0;
    assert_int_equal(found, 2);
    rd_codebook_free(&cb);
    free(xml);
    rd_qdpx_free(p);
}

static void test_refusals(void **state)
{
    (void)state;
    rd_qdpx *p = NULL;
    rd_err err = {0};
    size_t c, s, v, cs;
    assert_int_equal(rd_qdpx_new(NULL, NULL, NULL, &p, &err), RD_OK);
    assert_int_equal(rd_qdpx_code(p, "a", NULL, NULL, RD_QDPX_NONE, &c, &err), RD_OK);
    assert_int_equal(rd_qdpx_code(p, "b", NULL, NULL, 7, NULL, &err), RD_EINVAL);
    assert_int_equal(rd_qdpx_code(p, "b", NULL, "red", RD_QDPX_NONE, NULL, &err), RD_EINVAL);
    assert_int_equal(rd_qdpx_source(p, "x.txt", "a\xFF", 2, &s, &err), RD_EINVAL);
    assert_string_equal(err.msg, "REFI-QDA export: source \"x.txt\": not valid UTF-8 at byte 1");
    assert_int_equal(rd_qdpx_source(p, "x.txt", "\xC3\xAB\xC3\xAB", 4, &s, &err), RD_OK);
    assert_int_equal(rd_qdpx_select(p, s, 0, 2, c, NULL, &err), RD_OK);
    assert_int_equal(rd_qdpx_select(p, s, 0, 3, c, NULL, &err), RD_EINVAL);
    assert_string_equal(err.msg, "REFI-QDA export: source \"x.txt\": selection 0..3 outside its 2 "
                                 "characters");
    assert_int_equal(rd_qdpx_select(p, s, 2, 1, c, NULL, &err), RD_EINVAL);
    assert_int_equal(rd_qdpx_select(p, s + 1, 0, 1, c, NULL, &err), RD_EINVAL);
    assert_int_equal(rd_qdpx_select(p, s, 0, 1, c + 1, NULL, &err), RD_EINVAL);
    assert_int_equal(rd_qdpx_variable(p, "n", RD_QDPX_INTEGER, NULL, &v, &err), RD_OK);
    assert_int_equal(rd_qdpx_case(p, "R01", s + 1, &cs, &err), RD_EINVAL);
    assert_int_equal(rd_qdpx_case(p, "R01", s, &cs, &err), RD_OK);
    assert_int_equal(rd_qdpx_value(p, cs, v, "-12", &err), RD_OK);
    assert_int_equal(rd_qdpx_value(p, cs, v, "1,5", &err), RD_EINVAL);
    assert_int_equal(rd_qdpx_value(p, cs, v, "-", &err), RD_EINVAL);
    assert_int_equal(rd_qdpx_value(p, cs + 1, v, "1", &err), RD_EINVAL);
    assert_int_equal(rd_qdpx_member(p, 0, s, &err), RD_EINVAL);
    rd_qdpx_free(p);
    rd_qdpx_free(NULL);
}

static void test_write_errors(void **state)
{
    (void)state;
    char path[PATH_MAX], want[PATH_MAX + 64];
    rd_err err = {0};
    rd_qdpx *p = small_project();
    tmpdir_path(path, test_dir, "missing/p.qdpx");
    assert_int_equal(rd_qdpx_write(p, path, &err), RD_EOUTPUT);
    snprintf(want, sizeof want, "%s: cannot create: No such file or directory", path);
    assert_string_equal(err.msg, want);
    assert_int_equal(rd_qdpx_write_codebook(p, path, &err), RD_EOUTPUT);
    if (access("/dev/full", W_OK) == 0) {
        assert_int_equal(rd_qdpx_write(p, "/dev/full", &err), RD_EIO);
        assert_string_equal(err.msg, "/dev/full: No space left on device");
    }
    rd_qdpx_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codepoints), cmocka_unit_test(test_guid),
        cmocka_unit_test(test_project),    cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_codebook),   cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_write_errors),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
