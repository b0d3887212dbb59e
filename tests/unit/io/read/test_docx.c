/* tests/unit/io/read/test_docx.c — Word's elements (io/read/docx.h): paragraphs, runs,
 * bold labels, headings, tracked changes, text boxes and tables of word/document.xml,
 * read through rd_document_text from documents built in memory (docfixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docfixture.h"

static void test_word_paragraphs(void **state)
{
    (void)state;
    expect_word(P(RT("Eerste alinea.")) "<w:p/>" P(RT("Tweede alinea.")) "<w:sectPr/>",
                "Eerste alinea.\n\nTweede alinea.\n");
}

static void test_word_plain_label_kept(void **state)
{
    (void)state;
    expect_word(P(RT("Interviewer: Hoe lang woont u hier?")) P(RT("Samira: Al tien jaar.")),
                "Interviewer: Hoe lang woont u hier?\nSamira: Al tien jaar.\n");
}

static void test_word_runs_joined_as_is(void **state)
{
    (void)state;
    /* Word splits runs anywhere, even inside words; they join without added spaces. */
    expect_word(P(RT("Het ") RT("ga") RT("at") RT(" goed") "<w:proofErr w:type=\"spellStart\"/>"
                  RT("!")),
                "Het gaat goed!\n");
    /* Leading and trailing spaces of a paragraph are trimmed. */
    expect_word(P(RT("   midden   ")), "midden\n");
}

static void test_word_bold_speakers(void **state)
{
    (void)state;
    /* Colon inside the bold run. */
    expect_word(P(RB("Interviewer:") RT(" Hoe gaat het?")), "Interviewer: Hoe gaat het?\n");
    /* No colon: the bold text is the label. */
    expect_word(P(RB("Samira") RT(" Goed, dank u.")), "Samira: Goed, dank u.\n");
    /* Colon outside the bold run, label split over runs, spaces squeezed. */
    expect_word(P(RB("Mevrouw ") RB(" de Vr") RB("ies") RT(": Ja.")), "Mevrouw de Vries: Ja.\n");
    /* No space after the colon. */
    expect_word(P(RB("R1:") RT("Nee.")), "R1: Nee.\n");
    /* w:val="1"/"true" is bold; the label may be the whole line when it ends in ':'. */
    expect_word(P(R("<w:rPr><w:b w:val=\"true\"/></w:rPr>" T("Interviewer:"))), "Interviewer:\n");
}

static void test_word_bold_that_is_not_a_label(void **state)
{
    (void)state;
    /* w:val="0" / "false" is not bold. */
    expect_word(P(R("<w:rPr><w:b w:val=\"0\"/></w:rPr>" T("Samira")) RT(" zegt iets")),
                "Samira zegt iets\n");
    expect_word(P(R("<w:rPr><w:b w:val=\"false\"/></w:rPr>" T("Samira")) RT(" zegt iets")),
                "Samira zegt iets\n");
    /* Bold on the paragraph mark only (pPr/rPr) is not bold text. */
    expect_word(P("<w:pPr><w:rPr><w:b/></w:rPr></w:pPr>" RT("Samira") RT(" zegt iets")),
                "Samira zegt iets\n");
    /* A bold first word followed by punctuation, or glued to the next word. */
    expect_word(P(RB("Nee") RT(", dat denk ik niet.")), "Nee, dat denk ik niet.\n");
    expect_word(P(RB("Be") RT("langrijk is dat.")), "Belangrijk is dat.\n");
    /* Bold throughout without a colon: a bold sentence or heading, not a label. */
    expect_word(P(RB("Deel 2")), "Deel 2\n");
    /* Too many words, too long, not starting with a letter, odd characters. */
    expect_word(P(RB("Dit is een hele lange zin:") RT(" tekst")),
                "Dit is een hele lange zin: tekst\n");
    expect_word(P(RB("Eenbijzonderlangewoordsamenstellingvanveelletters") RT(" x")),
                "Eenbijzonderlangewoordsamenstellingvanveelletters x\n");
    expect_word(P(RB("1.") RT(" Eerste punt")), "1. Eerste punt\n");
    expect_word(P(RB("Wat vindt u?") RT(" Prima.")), "Wat vindt u? Prima.\n");
    /* Text before the bold run. */
    expect_word(P(RT("Ik zei ") RB("nee") RT(" tegen hem.")), "Ik zei nee tegen hem.\n");
}

static void test_word_tabs_breaks(void **state)
{
    (void)state;
    expect_word(P("<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
                  R(T("a") "<w:tab/>" T("b") "<w:br/>" T("c") "<w:cr/>" T("d") "<w:noBreakHyphen/>"
                    T("e") "<w:softHyphen/>" T("f") "<w:sym w:font=\"Wingdings\" w:char=\"F04A\"/>"
                    "<w:lastRenderedPageBreak/>" T("g") "<w:br w:type=\"page\"/>")),
                "a b c d-efg\n");
    /* Tabs and line ends inside w:t become spaces; C1 controls and U+2028 are cleaned. */
    expect_word(P(RT("x&#9;y&#13;z\xC2\x85!\xE2\x80\xA8" "q")), "x y z! q\n");
}

static void test_word_headings(void **state)
{
    (void)state;
    expect_word(P("<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>" RT("Interview R07"))
                P("<w:pPr><w:pStyle w:val=\"Kop2\"/></w:pPr>" RT("Deel 1"))
                P("<w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>" RT("Titel"))
                P("<w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>" RT("Omtrek"))
                P("<w:pPr><w:pStyle w:val=\"Heading1Char\"/></w:pPr>" RT("Geen kop"))
                P("<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>")
                P(RT("Interviewer: tekst")),
                "# Interview R07\n# Deel 1\n# Titel\n# Omtrek\nGeen kop\n\nInterviewer: tekst\n");
    /* A bold heading is a heading, not a label. */
    expect_word(P("<w:pPr><w:pStyle w:val=\"kop1\"/></w:pPr>" RB("Intro:") RT(" x")) P(RT("y")),
                "# Intro: x\ny\n");
}

static void test_word_tracked_changes_and_fields(void **state)
{
    (void)state;
    expect_word(P(RT("Het was ")
                  "<w:del w:id=\"1\" w:author=\"A\"><w:r><w:delText>erg </w:delText></w:r></w:del>"
                  "<w:ins w:id=\"2\" w:author=\"A\">" RT("heel ") "</w:ins>"
                  "<w:moveFrom w:id=\"3\">" RT("weg ") "</w:moveFrom>"
                  "<w:moveTo w:id=\"4\">" RT("mooi") "</w:moveTo>"),
                "Het was heel mooi\n");
    /* Field code dropped, field result kept; a simple field's result kept. */
    expect_word(P(RT("Pagina ") R("<w:fldChar w:fldCharType=\"begin\"/>")
                  R("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>")
                  R("<w:fldChar w:fldCharType=\"separate\"/>") RT("3")
                  R("<w:fldChar w:fldCharType=\"end\"/>")
                  "<w:fldSimple w:instr=\" NUMPAGES \">" RT(" van 9") "</w:fldSimple>"),
                "Pagina 3 van 9\n");
    /* Old formatting of a tracked format change does not make a run bold. */
    expect_word(P(R("<w:rPr><w:rPrChange w:id=\"5\"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr>"
                    T("Samira")) RT(" zegt")),
                "Samira zegt\n");
}

static void test_word_alternate_content(void **state)
{
    (void)state;
    const char *box =
        P(RT("Voor ")
          R("<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>"
            "<w:txbxContent>" P(RT("In het kader")) "</w:txbxContent></wps:txbx></wps:wsp>"
            "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
            P(RT("In het kader")) "</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
            "</mc:AlternateContent>")
          RT("na"));
    /* The text box's paragraph is written before the paragraph that holds it; its
     * fallback copy is not written. */
    expect_word(box, "In het kader\nVoor na\n");
    /* Only a Fallback: it is read. */
    expect_word(P(R("<mc:AlternateContent><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
                    P(RT("alleen fallback")) "</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
                    "</mc:AlternateContent>")),
                "alleen fallback\n\n");
    /* A run inside the text box does not end the bold state of the run around it. */
    expect_word(P(R(BOLD T("Jan")
                    "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
                    P(RT("kader")) "</w:txbxContent></w:drawing></mc:Choice></mc:AlternateContent>"
                    T(":")) RT(" tekst")),
                "kader\nJan: tekst\n");
}

static void test_word_references_hidden_and_other_parts(void **state)
{
    (void)state;
    size_t n;
    char *xml = cat3(DOC_HEAD "<w:body>",
                     P("<w:commentRangeStart w:id=\"0\"/>" RT("Tekst")
                       "<w:commentRangeEnd w:id=\"0\"/>"
                       R("<w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr>"
                         "<w:commentReference w:id=\"0\"/>")
                       R("<w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>"
                         "<w:footnoteReference w:id=\"1\"/>")
                       R("<w:rPr><w:vanish/></w:rPr>" T(" verborgen")) RT(".")),
                     "</w:body>" DOC_TAIL);
    entry e[] = {{"word/document.xml", xml, 0},
                 {"word/comments.xml", "<w:comments xmlns:w=\"" W_NS "\"><w:comment w:id=\"0\">"
                                        P(RT("COMMENTAAR")) "</w:comment></w:comments>", 0},
                 {"word/footnotes.xml", "<w:footnotes xmlns:w=\"" W_NS "\"><w:footnote w:id=\"1\">"
                                         P(RT("VOETNOOT")) "</w:footnote></w:footnotes>", 0},
                 {"word/header1.xml",
                  "<w:hdr xmlns:w=\"" W_NS "\">" P(RT("KOPTEKST")) "</w:hdr>", 0}};
    unsigned char *z = mkzip(e, 4, &n);
    char *t = read_ok(z, n, RD_DOCUMENT_WORD);
    assert_string_equal(t, "Tekst.\n");
    free(t);
    free(xml);
}

static void test_word_strict_and_case_insensitive_part(void **state)
{
    (void)state;
    size_t n;
    const char *xml = "<w:document xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\">"
                      "<w:body>" P(RB("Jan") RT(" strikt")) "</w:body></w:document>";
    entry e[] = {{"Word/Document.xml", xml, 0}};
    unsigned char *z = mkzip(e, 1, &n);
    char *t = read_ok(z, n, RD_DOCUMENT_WORD);
    assert_string_equal(t, "Jan: strikt\n");
    free(t);
}

static void test_word_speaker_table(void **state)
{
    (void)state;
    expect_word(P(RT("Interview 3"))
                TBL(TR(TC(P(RB("Spreker"))) TC(P(RB("Tekst"))))
                    TR(TC(P(RT("Interviewer"))) TC(P(RT("Hoe gaat het?")) P(RT("En thuis?"))))
                    TR(TC(P(RT("Samira:"))) TC(P(RT("Goed."))))
                    TR(TC("<w:p/>") TC(P(RT("En verder ook."))))
                    TR(TC(P(RT("Interviewer"))) TC("<w:p/>")))
                P(RT("Einde")),
                "Interview 3\nInterviewer: Hoe gaat het? En thuis?\nSamira: Goed.\nEn verder ook.\n"
                "Interviewer:\nEinde\n");
    /* A header row marked w:tblHeader, any words in it. */
    expect_word(TBL(TR("<w:trPr><w:tblHeader/></w:trPr>" TC(P(RT("Wie?"))) TC(P(RT("Zegt wat?"))))
                    TR(TC(P(RT("I"))) TC(P(RT("Vraag."))))
                    TR(TC(P(RT("R"))) TC(P(RT("Ja."))))),
                "I: Vraag.\nR: Ja.\n");
    /* A timestamp column before the label column, three columns, merged title row. */
    expect_word(TBL(TR(TC(P(RT("Tijd"))) TC(P(RT("Spreker"))) TC(P(RT("Tekst"))))
                    TR(TC(P(RT("00:01:02"))) TC(P(RT("Jan"))) TC(P(RT("Hallo."))))
                    TR(TC(P(RT("[00:01:09]"))) TC(P(RT("Piet"))) TC(P(RT("Dag."))))),
                "00:01:02 Jan: Hallo.\n[00:01:09] Piet: Dag.\n");
}

static void test_word_other_tables(void **state)
{
    (void)state;
    /* Questions in the first column are not labels: cells in order, empty ones dropped,
     * bold speakers inside cells still recognised. */
    expect_word(TBL(TR(TC(P(RT("Wat vindt u van de buurt?"))) TC(P(RT("Prima.")) "<w:p/>"))
                    TR(TC(P(RB("Jan:") RT(" ja"))) TC(P(RT("Eh, 14:30 was het.")))))
                P(RT("Na")),
                "Wat vindt u van de buurt?\nPrima.\nJan: ja\nEh, 14:30 was het.\nNa\n");
    /* One column. */
    expect_word(TBL(TR(TC(P(RT("Jan")))) TR(TC(P(RT("Piet"))))), "Jan\nPiet\n");
    /* "Naam | Jan" is a two-column label table, its first row is data, not a header. */
    expect_word(TBL(TR(TC(P(RT("Naam"))) TC(P(RT("Jan"))))
                    TR(TC(P(RT("Woonplaats"))) TC(P(RT("Utrecht"))))),
                "Naam: Jan\nWoonplaats: Utrecht\n");
    /* A nested table's lines become its cell's paragraphs. */
    expect_word(TBL(TR(TC(P(RT("Blok")) TBL(TR(TC(P(RT("1."))) TC(P(RT("b, c"))))))
                       TC(P(RT("z"))))),
                "Blok\n1.\nb, c\nz\n");
    /* ... and a nested speaker table gives its turns there. */
    expect_word(TBL(TR(TC(P(RT("Blok")) TBL(TR(TC(P(RT("Jan"))) TC(P(RT("ja")))))) TC(P(RT("z"))))),
                "Blok\nJan: ja\nz\n");
}

static void test_word_run_properties(void **state)
{
    (void)state;
    /* The Strong character style (Dutch "Zwaar") is bold; a run style of another name
     * is not. */
    expect_word(P(R("<w:rPr><w:rStyle w:val=\"Strong\"/></w:rPr>" T("Jan")) RT(" ja"))
                P(R("<w:rPr><w:rStyle w:val=\"zwaar\"/></w:rPr>" T("Piet")) RT(" nee"))
                P(R("<w:rPr><w:rStyle w:val=\"Emphasis\"/></w:rPr>" T("Kees")) RT(" zegt")),
                "Jan: ja\nPiet: nee\nKees zegt\n");
    /* w:vanish w:val="0" is shown; w:b outside w:rPr does nothing; bold ends with its
     * run. */
    expect_word(P(R("<w:rPr><w:vanish w:val=\"0\"/></w:rPr>" T("zichtbaar"))
                  R("<w:rPr><w:vanish w:val=\"off\"/></w:rPr>" T(" ook"))),
                "zichtbaar ook\n");
    expect_word(P(R("<w:b/>" T("Jan")) RT(" ja")), "Jan ja\n");
    expect_word(P(RB("Jan") R(T(" ja")) RB(" vet")), "Jan: ja vet\n");
    /* Tabs and breaks of a hidden run are hidden too. */
    expect_word(P(RT("a") R("<w:rPr><w:vanish/></w:rPr><w:tab/>" T("b")) RT("c")), "ac\n");
}

static void test_word_heading_styles(void **state)
{
    (void)state;
    expect_word(P("<w:pPr><w:pStyle w:val=\"heading 3\"/></w:pPr>" RT("a"))
                P("<w:pPr><w:pStyle w:val=\"Kop_2\"/></w:pPr>" RT("b"))
                P("<w:pPr><w:pStyle w:val=\"Ondertitel\"/></w:pPr>" RT("c"))
                P("<w:pPr><w:pStyle w:val=\"SUBTITLE\"/></w:pPr>" RT("d"))
                P("<w:pPr><w:pStyle w:val=\"Heading10\"/></w:pPr>" RT("e"))
                P("<w:pPr><w:pStyle w:val=\"Heading\"/></w:pPr>" RT("f"))
                P("<w:pPr><w:outlineLvl w:val=\"8\"/></w:pPr>" RT("g"))
                P("<w:pPr><w:outlineLvl w:val=\"9\"/></w:pPr>" RT("h"))
                P("<w:pStyle w:val=\"Heading1\"/>" RT("i")) /* not inside w:pPr */
                P(RT("Jan: tekst")),
                "# a\n# b\n# c\n# d\ne\nf\n# g\nh\ni\nJan: tekst\n");
}

static void test_word_outside_body_and_alternatives(void **state)
{
    (void)state;
    size_t n;
    /* Paragraphs outside w:body (here in w:background) are not read. */
    const char *xml = "<w:document xmlns:w=\"" W_NS "\"><w:background>" P(RT("ACHTERGROND"))
                      "</w:background><w:body>" P(RT("Tekst")) "</w:body></w:document>";
    unsigned char *z = docx_raw(xml, 0, &n);
    char *t = read_ok(z, n, RD_DOCUMENT_WORD);
    assert_string_equal(t, "Tekst\n");
    free(t);
    /* A second mc:Choice is skipped like the Fallback. */
    expect_word(P(R("<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:txbxContent>"
                    P(RT("een")) "</w:txbxContent></mc:Choice><mc:Choice Requires=\"x\">"
                    "<w:txbxContent>" P(RT("twee")) "</w:txbxContent></mc:Choice>"
                    "<mc:Fallback><w:txbxContent>" P(RT("drie")) "</w:txbxContent>"
                    "</mc:Fallback></mc:AlternateContent>") RT("na")),
                "een\nna\n");
}

static void test_word_table_headers(void **state)
{
    (void)state;
    /* w:tblHeader w:val="false" does not mark a header; outside w:trPr it does nothing. */
    expect_word(TBL(TR("<w:trPr><w:tblHeader w:val=\"false\"/></w:trPr>" TC(P(RT("Jan")))
                       TC(P(RT("ja"))))
                    TR("<w:tblHeader/>" TC(P(RT("Piet"))) TC(P(RT("nee"))))),
                "Jan: ja\nPiet: nee\n");
    /* A cell without a row around it opens one. */
    expect_word("<w:tbl>" TC(P(RT("Jan"))) TC(P(RT("ja"))) "</w:tbl>", "Jan: ja\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_paragraphs),
        cmocka_unit_test(test_word_plain_label_kept),
        cmocka_unit_test(test_word_runs_joined_as_is),
        cmocka_unit_test(test_word_bold_speakers),
        cmocka_unit_test(test_word_bold_that_is_not_a_label),
        cmocka_unit_test(test_word_tabs_breaks),
        cmocka_unit_test(test_word_headings),
        cmocka_unit_test(test_word_tracked_changes_and_fields),
        cmocka_unit_test(test_word_alternate_content),
        cmocka_unit_test(test_word_references_hidden_and_other_parts),
        cmocka_unit_test(test_word_strict_and_case_insensitive_part),
        cmocka_unit_test(test_word_speaker_table),
        cmocka_unit_test(test_word_other_tables),
        cmocka_unit_test(test_word_run_properties),
        cmocka_unit_test(test_word_heading_styles),
        cmocka_unit_test(test_word_outside_body_and_alternatives),
        cmocka_unit_test(test_word_table_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
