/* tests/unit/io/read/test_odt.c — OpenDocument's elements (io/read/odt.h): paragraphs,
 * whitespace, bold from automatic styles, headings, tables and ignored parts of
 * content.xml, read through rd_document_text from documents built in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docfixture.h"

static void test_odt_paragraphs_and_spaces(void **state)
{
    (void)state;
    expect_odt(TP("Eerste alinea.") "<text:p/>" TP("a<text:s text:c=\"3\"/>b<text:s/>c")
               TP("\n   x   \n  y <text:tab/>z<text:line-break/>w  ")
               "<text:list><text:list-item>" TP("lijst") "</text:list-item></text:list>"
               "<text:section text:name=\"S\">" TP("sectie") "</text:section>",
               "Eerste alinea.\n\na   b c\nx y  z w\nlijst\nsectie\n");
    /* A huge count is clamped, not expanded without bound. */
    char *t = odf(TP("a<text:s text:c=\"999999999999\"/>b"));
    assert_int_equal(strlen(t), 1 + 1024 + 1 + 1);
    free(t);
}

static void test_odt_bold_speakers(void **state)
{
    (void)state;
    expect_odt(TP("<text:span text:style-name=\"T1\">Interviewer:</text:span> Hoe gaat het?")
               TP("<text:span text:style-name=\"T3\">Samira</text:span> Goed.")
               TP("<text:span text:style-name=\"T2\">Cursief</text:span> niet vet.")
               TP("<text:span text:style-name=\"Strong_20_Emphasis\">R</text:span>: ja")
               TP("<text:span text:style-name=\"T1\">Nee</text:span>, niet.")
               "<text:p text:style-name=\"P1\">Helemaal vet</text:p>"
               "<text:p text:style-name=\"P1\">Vet label:</text:p>"
               "<text:p text:style-name=\"P1\">Jan<text:span text:style-name=\"T2\">"
               "</text:span> <text:span text:style-name=\"Onbekend\">zegt</text:span></text:p>",
               "Interviewer: Hoe gaat het?\nSamira: Goed.\nCursief niet vet.\nR: ja\nNee, niet.\n"
               "Helemaal vet\nVet label:\nJan zegt\n");
}

static void test_odt_headings_tables_ignored_parts(void **state)
{
    (void)state;
    expect_odt("<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion>"
               TP("VERWIJDERD") "</text:deletion></text:changed-region></text:tracked-changes>"
               "<text:h text:outline-level=\"1\">Interview R07</text:h>"
               "<text:p text:style-name=\"P2\">Een titel</text:p>"
               TP("Tekst<office:annotation><dc:creator>A</dc:creator>" TP("OPMERKING")
                  "</office:annotation> met<text:note text:id=\"n1\" text:note-class=\"footnote\">"
                  "<text:note-citation>1</text:note-citation><text:note-body>" TP("VOETNOOT")
                  "</text:note-body></text:note> noot.<text:change text:change-id=\"c1\"/>")
               TP("<draw:frame><svg:title>BESCHRIJVING</svg:title><draw:text-box>" TP("kader")
                  "</draw:text-box></draw:frame>na")
               "<table:table table:name=\"T\">"
               "<table:table-column table:number-columns-repeated=\"2\"/>"
               "<table:table-header-rows><table:table-row><table:table-cell>" TP("Wie?")
               "</table:table-cell><table:table-cell>" TP("Wat?")
               "</table:table-cell></table:table-row>"
               "</table:table-header-rows>"
               "<table:table-row><table:table-cell>" TP("Interviewer")
               "</table:table-cell><table:table-cell>" TP("Hoe?") TP("Waarom?")
               "</table:table-cell></table:table-row>"
               "<table:table-row><table:table-cell>" TP("Samira")
               "</table:table-cell><table:covered-table-cell/><table:table-cell>" TP("Zo.")
               "</table:table-cell></table:table-row></table:table>"
               "<table:table><table:table-row><table:table-cell>" TP("Wat vindt u ervan?")
               "</table:table-cell><table:table-cell>" TP("Mooi.")
               "</table:table-cell></table:table-row></table:table>",
               "# Interview R07\n# Een titel\nTekst met noot.\nkader\nna\n"
               "Interviewer: Hoe? Waarom?\nSamira: Zo.\nWat vindt u ervan?\nMooi.\n");
}

static void test_odt_styles(void **state)
{
    (void)state;
    size_t n;
    const char *styles =
        "<office:automatic-styles>"
        "<style:style style:name=\"S1\" style:family=\"text\" "
        "style:parent-style-name=\"Strong_20_Emphasis\"/>"
        "<style:style style:name=\"S2\" style:family=\"text\">"
        "<style:text-properties fo:font-weight=\"600\"/></style:style>"
        "<style:style style:name=\"S3\" style:family=\"text\">"
        "<style:text-properties fo:font-weight=\"500\"/></style:style>"
        "<style:style style:name=\"S4\" style:family=\"text\">"
        "<style:text-properties fo:font-weight=\"normal\"/></style:style>"
        "<style:style style:name=\"S5\" style:family=\"graphic\">"
        "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
        "<style:style style:name=\"P1\" style:family=\"paragraph\">"
        "<style:text-properties fo:font-weight=\"bold\"/></style:style>"
        "<style:style style:name=\"P2\" style:family=\"paragraph\" "
        "style:parent-style-name=\"Subtitle\"/>"
        "</office:automatic-styles>";
    char *x = cat3(ODT_HEAD, styles,
                   "<office:body><office:text>"
                   TP("<text:span text:style-name=\"S1\">Jan</text:span> een")
                   TP("<text:span text:style-name=\"S2\">Piet</text:span> twee")
                   TP("<text:span text:style-name=\"S3\">Kees</text:span> drie")
                   TP("<text:span text:style-name=\"S5\">Anna</text:span> vier")
                   /* a normal span ends a bold paragraph's bold prefix */
                   "<text:p text:style-name=\"P1\">Vet<text:span text:style-name=\"S4\">"
                   " niet</text:span></text:p>"
                   "<text:p text:style-name=\"P1\">Bram:<text:span text:style-name=\"S4\">"
                   " ja</text:span></text:p>"
                   "<text:p text:style-name=\"P2\">Ondertitel</text:p>"
                   "<text:p text:style-name=\"Subtitle\">Ook een kop</text:p>"
                   "</office:text></office:body></office:document-content>");
    entry e[] = {{"content.xml", x, 0}};
    unsigned char *z = mkzip(e, 1, &n);
    char *t = read_ok(z, n, RD_DOCUMENT_ODT);
    assert_string_equal(t, "Jan: een\nPiet: twee\nKees drie\nAnna vier\nVet: niet\nBram: ja\n"
                           "# Ondertitel\n# Ook een kop\n");
    free(t);
    free(x);
}

static void test_odt_spaces_and_skipped(void **state)
{
    (void)state;
    /* text:c of 0, or not a number, is one space. */
    expect_odt(TP("a<text:s text:c=\"0\"/>b<text:s text:c=\"x\"/>c<text:s text:c=\"2\"/>d"),
               "a b c  d\n");
    /* Image descriptions and index templates are not text. */
    expect_odt(TP("<draw:frame><svg:desc>BESCHRIJVING</svg:desc></draw:frame>tekst")
               "<text:table-of-content><text:table-of-content-source>" TP("SJABLOON")
               "</text:table-of-content-source><text:index-body>" TP("Inhoud")
               "</text:index-body></text:table-of-content>",
               "tekst\nInhoud\n");
}

static void test_odt_outside_body(void **state)
{
    (void)state;
    size_t n;
    /* text:p outside office:body/office:text (here in office:master-styles of
     * content.xml, and in an office:text that is not the body's) gives nothing. */
    char *x = cat3(ODT_HEAD "<office:master-styles>" TP("KOPTEKST") "</office:master-styles>"
                   "<office:text>" TP("LOS") "</office:text>",
                   "<office:body><office:text>" TP("Tekst") "</office:text></office:body>",
                   "</office:document-content>");
    entry e[] = {{"content.xml", x, 0}};
    unsigned char *z = mkzip(e, 1, &n);
    char *t = read_ok(z, n, RD_DOCUMENT_ODT);
    assert_string_equal(t, "Tekst\n");
    free(t);
    free(x);
}

static void test_odt_speaker_table(void **state)
{
    (void)state;
    expect_odt("<table:table><table:table-row><table:table-cell>" TP("Tijd")
               "</table:table-cell><table:table-cell>" TP("Spreker") "</table:table-cell>"
               "<table:table-cell>" TP("Tekst") "</table:table-cell></table:table-row>"
               "<table:table-row><table:table-cell>" TP("00:00:05")
               "</table:table-cell><table:table-cell>" TP("Anne")
               "</table:table-cell><table:table-cell>" TP("Goedemorgen.")
               "</table:table-cell></table:table-row></table:table>",
               "00:00:05 Anne: Goedemorgen.\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_odt_paragraphs_and_spaces),
        cmocka_unit_test(test_odt_bold_speakers),
        cmocka_unit_test(test_odt_headings_tables_ignored_parts),
        cmocka_unit_test(test_odt_styles),
        cmocka_unit_test(test_odt_spaces_and_skipped),
        cmocka_unit_test(test_odt_outside_body),
        cmocka_unit_test(test_odt_speaker_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
