/* tests/unit/io/write/test_report.c — report.html from hand-made tables: escaping of every
 * text the data supplies, locale-free Dutch numbers, a card and heat-map cells per segment
 * with the tables' values, the map's stated sample above RD_REPORT_MAP_MAX respondents,
 * the warnings (unstable segments, a catch-all), the fallback map on theme shares, the same
 * bytes twice, a missing table, and the file written (RD_EOUTPUT for a bad path). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/strbuf.h"
#include "engine/table.h"
#include "io/write/report.h"
#include "io/write/svg.h"
#include "tests/unit/tmpdir.h"

static const char *const TH[] = {"theme", "label", "kind", "weight", "respondents",
                                 "share_respondents", "top_terms", "quote", "quote_source",
                                 "quote_respondent"};
static const char *const SG[] = {"segment", "name", "size", "share", "stability", "kind",
                                 "top_terms", "typical_respondents"};
static const char *const ST[] = {"segment", "theme", "label", "share_segment", "share_all",
                                 "lift"};
static const char *const Q[] = {"kind", "id", "rank", "respondent", "source", "text"};
static const char *const SEL[] = {"stage", "candidate", "score", "stability", "chosen"};
static const char *const RS[] = {"respondent", "segment", "source", "woonvorm", "theme_1",
                                 "theme_2"};
#define N(a) (sizeof(a) / sizeof *(a))

typedef struct {
    rd_table *t[6];
    float *map;
} fixture;

/* Two themes, two segments (the second a catch-all, named with markup), n respondents
 * split between them, a quote with markup. */
static void build(fixture *f, size_t n)
{
    rd_table *th = rd_table_new("themes", "Thema's", N(TH), TH);
    rd_table *sg = rd_table_new("segments", "Segmenten", N(SG), SG);
    rd_table *st = rd_table_new("segment_themes", "x", N(ST), ST);
    rd_table *q = rd_table_new("quotes", "Citaten", N(Q), Q);
    rd_table *sel = rd_table_new("selection", "Modelkeuze", N(SEL), SEL);
    rd_table *rs = rd_table_new("respondents", "Respondenten", N(RS), RS);
    for (size_t t = 0; t < 2; t++) {
        size_t r = rd_table_add_row(th);
        rd_table_int(th, r, 0, (long long)t + 1);
        rd_table_str(th, r, 1, t ? "huur, euro" : "schimmel <b>, kozijn");
        rd_table_str(th, r, 2, t ? "tension" : "motivation");
        rd_table_num(th, r, 3, 0.5, 4);
        rd_table_int(th, r, 4, 3);
        rd_table_num(th, r, 5, 0.75, 4);
        rd_table_str(th, r, 6, t ? "huur 0.031; euro 0.020" : "schimmel 0.040; kozijn & co 0.012");
        rd_table_str(th, r, 7, "Het \"lekt\" <altijd>.");
        rd_table_str(th, r, 8, "R1.txt:3");
        rd_table_str(th, r, 9, "R1");
    }
    for (size_t s = 0; s < 2; s++) {
        size_t r = rd_table_add_row(sg);
        rd_table_int(sg, r, 0, (long long)s + 1);
        rd_table_str(sg, r, 1, s ? "Huurders <i>&</i> co" : "");
        rd_table_int(sg, r, 2, (long long)(s ? n / 2 : n - n / 2));
        rd_table_num(sg, r, 3, s ? 0.5 : 0.5, 4);
        rd_table_num(sg, r, 4, s ? 0.4 : 1.0, 4);
        rd_table_str(sg, r, 5, s ? "catch-all" : "segment");
        rd_table_str(sg, r, 6, "schimmel; kozijn");
        rd_table_str(sg, r, 7, "R1; R2");
        for (size_t t = 0; t < 2; t++) {
            size_t k = rd_table_add_row(st);
            rd_table_int(st, k, 0, (long long)s + 1);
            rd_table_int(st, k, 1, (long long)t + 1);
            rd_table_num(st, k, 3, s == t ? 0.8125 : 0.1875, 4);
            rd_table_num(st, k, 4, 0.5, 4);
            rd_table_num(st, k, 5, s == t ? 1.625 : 0.375, 4);
        }
        size_t k = rd_table_add_row(q);
        rd_table_str(q, k, 0, "motivation");
        rd_table_str(q, k, 1, s ? "S2/T1" : "S1/T2");
        rd_table_int(q, k, 2, 1);
        rd_table_str(q, k, 3, "R1");
        rd_table_str(q, k, 4, "R1.txt:9");
        rd_table_str(q, k, 5, "<script>alert('x')</script> [naam] zegt het");
    }
    for (size_t c = 2; c <= 4; c++) {
        size_t r = rd_table_add_row(sel);
        rd_table_str(sel, r, 0, "segments");
        rd_table_int(sel, r, 1, (long long)c);
        if (c != 3)
            rd_table_num(sel, r, 2, 0.1 * (double)c, 4);
        rd_table_int(sel, r, 4, c == 2);
    }
    f->map = malloc(2 * n * sizeof *f->map);
    assert_non_null(f->map);
    for (size_t i = 0; i < n; i++) {
        char id[32];
        size_t r = rd_table_add_row(rs);
        snprintf(id, sizeof id, "R%zu", i + 1);
        rd_table_str(rs, r, 0, id);
        rd_table_int(rs, r, 1, i < n - n / 2 ? 1 : 2);
        rd_table_str(rs, r, 2, "x.txt");
        rd_table_str(rs, r, 3, i % 3 ? "huur" : "koop");
        rd_table_num(rs, r, 4, 0.25, 4);
        rd_table_num(rs, r, 5, 0.75, 4);
        f->map[2 * i] = (float)i / (float)n;
        f->map[2 * i + 1] = i < n - n / 2 ? 0.25f : -0.25f;
    }
    f->t[0] = th, f->t[1] = sg, f->t[2] = rs, f->t[3] = st, f->t[4] = q, f->t[5] = sel;
    for (size_t i = 0; i < 6; i++)
        assert_true(rd_table_ok(f->t[i]));
}

static void drop(fixture *f)
{
    for (size_t i = 0; i < 6; i++)
        rd_table_free(f->t[i]);
    free(f->map);
}

static char *render(const fixture *f, const float *map, double ari)
{
    rd_manifest_unused un = {.path = (char *)"a/~$lock <x>.docx", .reason = "lock file",
                             .message = (char *)"a & b"};
    rd_report_in in = {.t = (const rd_table *const *)f->t, .n_tables = 6, .respondents = 4,
                       .passages = 9, .terms = 20, .segments_auto = 1, .themes_auto = 0,
                       .ari = ari, .map = map, .projection = "proj <1>", .unused = &un,
                       .n_unused = 1, .version = "9.9", .seed = 7};
    char *s = NULL;
    size_t n = 0;
    rd_err err = {0};
    assert_int_equal(rd_report_render(&in, &s, &n, &err), RD_OK);
    assert_non_null(s);
    assert_int_equal(strlen(s), n);
    return s;
}

static size_t count(const char *s, const char *what)
{
    size_t k = 0;
    for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
        k++;
    return k;
}

static void test_helpers(void **state)
{
    (void)state;
    char buf[48];
    assert_string_equal(rd__nl_num(buf, 0.25, 2), "0,25");
    assert_string_equal(rd__nl_num(buf, -0.001, 2), "0,00");
    assert_string_equal(rd__nl_num(buf, -1.5, 1), "-1,5");
    assert_string_equal(rd__nl_num(buf, 1.0 / 0.0, 2), "–");
    assert_string_equal(rd__nl_pct(buf, 0.254, 0), "25\xc2\xa0%");
    assert_string_equal(rd__nl_int(buf, 9999), "9999");
    assert_string_equal(rd__nl_int(buf, 12000), "12.000");
    assert_string_equal(rd__nl_int(buf, 1234567), "1.234.567");
    assert_string_equal(rd__nl_int(buf, 0), "0");
    rd_buf b = {0};
    rd__html_esc(&b, "a<b>&\"c'\x01");
    assert_string_equal(rd_buf_text(&b), "a&lt;b&gt;&amp;&quot;c&#39; ");
    rd_buf_reset(&b);
    rd__svg_num(&b, -0.01);
    assert_string_equal(rd_buf_text(&b), "0.0");
    free(b.s);
    /* The first 32 series differ in colour or shape. */
    for (size_t i = 0; i < 32; i++)
        for (size_t j = i + 1; j < 32; j++)
            assert_false(strcmp(rd__svg_colour(i), rd__svg_colour(j)) == 0 &&
                         rd__svg_shape(i) == rd__svg_shape(j));
}

static void test_page(void **state)
{
    (void)state;
    fixture f;
    build(&f, 4);
    char *s = render(&f, f.map, 0.45);
    /* Nothing from the data as markup; the page loads nothing. */
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<b>"));
    assert_null(strstr(s, "<i>"));
    assert_null(strstr(s, "http:"));
    assert_null(strstr(s, "https:"));
    assert_null(strstr(s, " src="));
    assert_non_null(strstr(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; [naam] zegt het"));
    assert_non_null(strstr(s, "Huurders &lt;i&gt;&amp;&lt;/i&gt; co"));
    assert_non_null(strstr(s, "~$lock &lt;x&gt;.docx"));
    assert_non_null(strstr(s, "Content-Security-Policy\" content=\"default-src 'none';"));
    assert_non_null(strstr(s, "<html lang=\"nl\">"));
    /* A card per segment with its numbers; a cell per segment × theme. */
    assert_int_equal(count(s, "<article class=\"card\""), 2);
    assert_non_null(strstr(s, "data-segment=\"2\" data-size=\"2\" data-share=\"0.5\" "
                              "data-stability=\"0.4\""));
    assert_int_equal(count(s, "<g data-segment="), 4);
    assert_non_null(strstr(s, "<g data-segment=\"1\" data-theme=\"1\" data-share=\"0.8125\" "
                              "data-lift=\"1.625\">"));
    assert_non_null(strstr(s, ">81</text></g>"));
    /* Warnings: unstable (ARI 0.45), the catch-all, the unstable segment 2. */
    assert_non_null(strstr(s, "data-warning=\"unstable\""));
    assert_non_null(strstr(s, "data-warning=\"catch-all\" data-segment=\"2\""));
    assert_non_null(strstr(s, "data-warning=\"segment-unstable\" data-segment=\"2\""));
    assert_non_null(strstr(s, "restgroep"));
    /* T was given, k chosen: the curve for k only, with the unscored candidate marked. */
    assert_non_null(strstr(s, "Dit aantal is opgegeven met <code>--themes</code>"));
    assert_null(strstr(s, "id=\"sel-themes\""));
    assert_non_null(strstr(s, "id=\"sel-segments\""));
    assert_non_null(strstr(s, "data-candidate=\"2\" data-chosen=\"1\""));
    assert_non_null(strstr(s, "niet beoordeeld"));
    /* The map: every respondent, the projection named. */
    assert_int_equal(count(s, "data-respondent="), 4);
    assert_non_null(strstr(s, "data-projection=\"lsa\">proj &lt;1&gt;"));
    /* Term bars with the weights, a decimal comma in the text. */
    assert_non_null(strstr(s, "data-weight=\"0.04\""));
    assert_non_null(strstr(s, ">0,040</text>"));
    assert_non_null(strstr(s, "kozijn &amp; co"));
    /* Attribute counts per segment. */
    assert_non_null(strstr(s, "<strong>woonvorm</strong>: huur (1), koop (1)"));
    /* Every chart has a title and a description. */
    assert_int_equal(count(s, "<svg id="), count(s, "<title id="));
    assert_int_equal(count(s, "<svg id="), count(s, "<desc id="));
    /* The same bytes twice. */
    char *again = render(&f, f.map, 0.45);
    assert_string_equal(s, again);
    free(again);
    free(s);
    /* Without a map: the themes' shares. */
    s = render(&f, NULL, 0.95);
    assert_non_null(strstr(s, "data-projection=\"themes\""));
    assert_null(strstr(s, "data-warning=\"unstable\""));
    free(s);
    drop(&f);
}

static void test_map_sample(void **state)
{
    (void)state;
    fixture f;
    size_t n = RD_REPORT_MAP_MAX * 2 + 3;
    build(&f, n);
    char *s = render(&f, f.map, 0.95);
    assert_int_equal(count(s, "data-respondent="), RD_REPORT_MAP_MAX);
    char want[64];
    snprintf(want, sizeof want, "data-sample=\"%d\"", RD_REPORT_MAP_MAX);
    assert_non_null(strstr(s, want));
    assert_non_null(strstr(s, "een steekproef van 5000 van de 10.003 respondenten"));
    assert_non_null(strstr(s, "data-respondent=\"R1\""));
    free(s);
    drop(&f);
}

static void test_errors_and_file(void **state)
{
    (void)state;
    fixture f;
    build(&f, 4);
    rd_err err = {0};
    char *s = (char *)"x";
    size_t n = 1;
    rd_report_in in = {.t = (const rd_table *const *)f.t, .n_tables = 4, .respondents = 4};
    assert_int_equal(rd_report_render(&in, &s, &n, &err), RD_EINVAL); /* no quotes table */
    assert_null(s);
    in.n_tables = 6;
    char dir[PATH_MAX], path[PATH_MAX + 32];
    assert_int_equal(tmpdir_make(dir), 0);
    snprintf(path, sizeof path, "%s/report.html", dir);
    assert_int_equal(rd_report_write(path, &in, &err), RD_OK);
    char *txt = tmpdir_slurp(path);
    assert_non_null(txt);
    assert_true(strncmp(txt, "<!DOCTYPE html>\n", 16) == 0);
    free(txt);
    snprintf(path, sizeof path, "%s/missing/report.html", dir);
    assert_int_equal(rd_report_write(path, &in, &err), RD_EOUTPUT);
    assert_non_null(strstr(err.msg, "cannot create"));
    tmpdir_remove(dir);
    drop(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_map_sample),
        cmocka_unit_test(test_errors_and_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
