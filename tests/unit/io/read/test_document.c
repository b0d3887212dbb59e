/* tests/unit/io/read/test_document.c — body text of .docx and .odt documents built in memory.
 *
 * Every document is zipped here from XML strings (mkzip), so each test shows the markup
 * it feeds the reader and the exact text it expects back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "io/read/document.h"
#include "nlp/utf8.h"

/* --- building documents ---------------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *data;
    size_t n; /* 0: strlen(data) */
} entry;

/* Zips the entries (deflated) into a malloc'd buffer. */
static unsigned char *mkzip(const entry *e, size_t ne, size_t *out_n)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    zip_source_keep(src);
    for (size_t i = 0; i < ne; i++) {
        size_t n = e[i].n ? e[i].n : strlen(e[i].data);
        zip_source_t *s = zip_source_buffer(za, e[i].data, n, 0);
        assert_non_null(s);
        assert_true(zip_file_add(za, e[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
    zip_int64_t len = zip_source_tell(src);
    assert_true(len > 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
    unsigned char *buf = malloc((size_t)len);
    assert_non_null(buf);
    assert_int_equal(zip_source_read(src, buf, (zip_uint64_t)len), len);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *out_n = (size_t)len;
    return buf;
}

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOC_HEAD                                                                              \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"                         \
    "<w:document xmlns:w=\"" W_NS "\" "                                                       \
    "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "               \
    "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "        \
    "xmlns:v=\"urn:schemas-microsoft-com:vml\" mc:Ignorable=\"wps\">\n"
#define DOC_TAIL "</w:document>\n"

static char *cat3(const char *a, const char *b, const char *c)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *s = malloc(na + nb + nc + 1);
    assert_non_null(s);
    memcpy(s, a, na);
    memcpy(s + na, b, nb);
    memcpy(s + na + nb, c, nc + 1);
    return s;
}

/* A .docx whose word/document.xml is DOC_HEAD <w:body>body</w:body> DOC_TAIL. */
static unsigned char *docx(const char *body, size_t *n)
{
    char *b = cat3("<w:body>", body, "</w:body>\n");
    char *xml = cat3(DOC_HEAD, b, DOC_TAIL);
    entry e[] = {{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>", 0},
                 {"word/document.xml", xml, 0},
                 {"word/styles.xml", "<w:styles xmlns:w=\"" W_NS "\"/>", 0}};
    unsigned char *z = mkzip(e, 3, n);
    free(b);
    free(xml);
    return z;
}

/* A .docx with word/document.xml exactly as given. */
static unsigned char *docx_raw(const char *xml, size_t xml_n, size_t *n)
{
    entry e[] = {{"word/document.xml", xml, xml_n}};
    return mkzip(e, 1, n);
}

#define ODT_HEAD                                                                              \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                            \
    "<office:document-content "                                                              \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                      \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "                        \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                          \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                        \
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "                       \
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" "                 \
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "                                          \
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "               \
    "office:version=\"1.3\">\n"

/* The automatic styles LibreOffice writes for bold and normal spans and a bold paragraph. */
#define ODT_STYLES                                                                            \
    "<office:automatic-styles>"                                                               \
    "<style:style style:name=\"T1\" style:family=\"text\">"                                   \
    "<style:text-properties fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/>"       \
    "</style:style>"                                                                          \
    "<style:style style:name=\"T2\" style:family=\"text\">"                                   \
    "<style:text-properties fo:font-style=\"italic\"/></style:style>"                         \
    "<style:style style:name=\"T3\" style:family=\"text\">"                                   \
    "<style:text-properties fo:font-weight=\"700\"/></style:style>"                           \
    "<style:style style:name=\"P1\" style:family=\"paragraph\" "                              \
    "style:parent-style-name=\"Standard\">"                                                   \
    "<style:text-properties fo:font-weight=\"bold\"/></style:style>"                          \
    "<style:style style:name=\"P2\" style:family=\"paragraph\" "                              \
    "style:parent-style-name=\"Title\"/>"                                                     \
    "</office:automatic-styles>"

static unsigned char *odt_with(const char *mimetype, const char *body, size_t *n)
{
    char *b = cat3("<office:body><office:text>", body, "</office:text></office:body>");
    char *x = cat3(ODT_HEAD ODT_STYLES, b, "</office:document-content>\n");
    entry e[] = {{"mimetype", mimetype, 0},
                 {"content.xml", x, 0},
                 {"styles.xml", "<?xml version=\"1.0\"?><x/>", 0}};
    unsigned char *z = mimetype ? mkzip(e, 3, n) : mkzip(e + 1, 2, n);
    free(b);
    free(x);
    return z;
}

static unsigned char *odt(const char *body, size_t *n)
{
    return odt_with("application/vnd.oasis.opendocument.text", body, n);
}

/* --- reading --------------------------------------------------------------------------- */

/* Reads z[0..n) as kind; asserts success and valid, NUL-terminated UTF-8. Frees z. */
static char *read_ok(unsigned char *z, size_t n, int kind)
{
    char *text = (char *)1;
    size_t tn = 99;
    rd_err err = {0};
    rd_status rc = rd_document_text(z, n, kind, &text, &tn, &err);
    if (rc != RD_OK)
        fail_msg("rd_document_text failed: %s", err.msg);
    assert_non_null(text);
    assert_int_equal(strlen(text), tn);
    assert_true(rd_utf8_valid(text, tn, NULL));
    for (size_t i = 0; i < tn; i++)
        assert_true((unsigned char)text[i] >= 0x20 || text[i] == '\n');
    free(z);
    return text;
}

static char *word(const char *body)
{
    size_t n;
    unsigned char *z = docx(body, &n);
    return read_ok(z, n, RD_DOCUMENT_WORD);
}

static char *odf(const char *body)
{
    size_t n;
    unsigned char *z = odt(body, &n);
    return read_ok(z, n, RD_DOCUMENT_ODT);
}

/* Reads z and expects failure with status want; returns the message. Frees z. */
static rd_err read_fail(const void *z, size_t n, int kind, rd_status want)
{
    char *text = (char *)1;
    size_t tn = 99;
    rd_err err = {0};
    rd_status rc = rd_document_text(z, n, kind, &text, &tn, &err);
    if (rc == RD_OK)
        fail_msg("expected an error, got text: %s", text);
    assert_int_equal(rc, want);
    assert_int_equal(err.code, want);
    assert_null(text);
    assert_int_equal(tn, 0);
    assert_true(strlen(err.msg) > 0);
    return err;
}

static void expect_word(const char *body, const char *want)
{
    char *t = word(body);
    assert_string_equal(t, want);
    free(t);
}

static void expect_odt(const char *body, const char *want)
{
    char *t = odf(body);
    assert_string_equal(t, want);
    free(t);
}

#define P(x) "<w:p>" x "</w:p>"
#define R(x) "<w:r>" x "</w:r>"
#define T(x) "<w:t xml:space=\"preserve\">" x "</w:t>"
#define BOLD "<w:rPr><w:b/></w:rPr>"
#define RT(x) R(T(x))
#define RB(x) R(BOLD T(x))

/* --- Word: paragraphs and runs --------------------------------------------------------- */

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

/* --- Word: tables ---------------------------------------------------------------------- */

#define TC(x) "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>" x "</w:tc>"
#define TR(x) "<w:tr>" x "</w:tr>"
#define TBL(x) "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>" x "</w:tbl>"

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

/* --- ODT ------------------------------------------------------------------------------- */

#define TP(x) "<text:p text:style-name=\"Standard\">" x "</text:p>"

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

static void test_odt_mimetype(void **state)
{
    (void)state;
    size_t n;
    /* No mimetype entry: fine. */
    unsigned char *z = odt_with(NULL, TP("zonder mimetype"), &n);
    char *t = read_ok(z, n, RD_DOCUMENT_ODT);
    assert_string_equal(t, "zonder mimetype\n");
    free(t);
    z = odt_with("application/vnd.oasis.opendocument.spreadsheet", TP("x"), &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "not an OpenDocument text (mimetype "
                               "application/vnd.oasis.opendocument.spreadsheet)");
    free(z);
    /* LibreOffice's password protection: the manifest declares encrypted entries. */
    entry enc[] = {{"mimetype", "application/vnd.oasis.opendocument.text", 0},
                   {"META-INF/manifest.xml", "<manifest:manifest xmlns:manifest=\"urn:oasis:names:"
                    "tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path="
                    "\"content.xml\"><manifest:encryption-data/></manifest:file-entry>"
                    "</manifest:manifest>", 0},
                   {"content.xml", "\x8f\x12\xa0garbage", 0}};
    z = mkzip(enc, 3, &n);
    e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_non_null(strstr(e.msg, "password-protected"));
    free(z);
}

/* --- errors ---------------------------------------------------------------------------- */

static void test_err_not_a_zip(void **state)
{
    (void)state;
    unsigned char junk[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 24);
    }
    rd_err e = read_fail(junk, sizeof junk, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "not a zip archive");
    e = read_fail("", 0, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "not a zip archive (the file is empty)");
    e = read_fail("Interviewer: dit is platte tekst\n", 33, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "not a zip archive");
    /* An encrypted .docx is an OLE compound file. */
    e = read_fail("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "password-protected"));
}

static void test_err_missing_part(void **state)
{
    (void)state;
    size_t n;
    entry e1[] = {{"xl/workbook.xml", "<workbook/>", 0}};
    unsigned char *z = mkzip(e1, 1, &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "not a Word document (a zip without word/document.xml)");
    e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "not an OpenDocument text (a zip without content.xml)");
    free(z);
    /* An .odt read as Word says what it looks like. */
    z = odt(TP("x"), &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "not a Word document (a zip without word/document.xml; it looks "
                               "like an OpenDocument file)");
    free(z);
}

static void test_err_truncated(void **state)
{
    (void)state;
    size_t n;
    unsigned char *z = docx(P(RT("Een paragraaf met wat tekst erin.")), &n);
    rd_err e = read_fail(z, n / 2, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "damaged or truncated zip archive ("));
    /* Every cut gives an error, never a crash (and never text from half an entry). */
    for (size_t k = 1; k < n; k++)
        read_fail(z, k, RD_DOCUMENT_WORD, RD_EDATA);
    free(z);
}

static void test_err_zip_bomb(void **state)
{
    (void)state;
    size_t big = 10u << 20, n;
    char *spaces = malloc(big);
    assert_non_null(spaces);
    memset(spaces, ' ', big);
    entry e1[] = {{"word/document.xml", spaces, big}};
    unsigned char *z = mkzip(e1, 1, &n);
    assert_true(n < big / 200);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "word/document.xml expands "));
    assert_non_null(strstr(e.msg, " times, over the limit of 200 (a zip bomb?)"));
    free(z);
    free(spaces);
}

/* The central directory claims 300 MB uncompressed: refused before anything is read. */
static void test_err_size_limit(void **state)
{
    (void)state;
    size_t n;
    unsigned char *z = docx(P(RT("x")), &n);
    int patched = 0;
    for (size_t i = 0; i + 46 < n; i++) {
        if (memcmp(z + i, "PK\x01\x02", 4) == 0 &&
            memcmp(z + i + 46, "word/document.xml", 17) == 0) {
            uint32_t v = 300u << 20;
            for (int b = 0; b < 4; b++)
                z[i + 24 + b] = (unsigned char)(v >> (8 * b));
            patched = 1;
        }
    }
    assert_true(patched);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    char want[200];
    snprintf(want, sizeof want, "word/document.xml is %u bytes uncompressed, over the limit of %zu",
             300u << 20, (size_t)RD_DOCUMENT_MAX_XML);
    assert_string_equal(e.msg, want);
    free(z);
}

static void test_err_xml_bomb(void **state)
{
    (void)state;
    const char *laughs =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
        " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
        " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
        " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
        " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
        "]>\n"
        "<w:document xmlns:w=\"" W_NS "\"><w:body>" P(RT("&lol9;")) "</w:body></w:document>";
    size_t n;
    unsigned char *z = docx_raw(laughs, 0, &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "refused: word/document.xml declares a DOCTYPE (entity expansion "
                               "is not allowed)");
    free(z);
    /* An external entity (XXE) is refused the same way, for ODT too. */
    entry x[] = {{"content.xml", "<?xml version=\"1.0\"?><!DOCTYPE d SYSTEM \"file:///etc/passwd\">"
                                 "<office:document-content/>", 0}};
    z = mkzip(x, 1, &n);
    e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "refused: content.xml declares a DOCTYPE (entity expansion is not "
                               "allowed)");
    free(z);
    /* Without a DOCTYPE, an undeclared entity is an XML error. */
    z = docx_raw("<w:document xmlns:w=\"" W_NS "\"><w:body>" P(RT("&xxe;"))
                 "</w:body></w:document>", 0, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(
        strstr(e.msg, "XML error in word/document.xml at line 1: Entity 'xxe' not defined"));
    free(z);
}

static void test_err_malformed_xml(void **state)
{
    (void)state;
    size_t n;
    unsigned char *z = docx_raw("<?xml version=\"1.0\"?>\n<w:document xmlns:w=\"" W_NS "\">\n"
                                "<w:body>\n<w:p><w:r><w:t>x</w:t></w:r>\n</w:body>\n"
                                "</w:document>\n", 0, &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "XML error in word/document.xml at line 5: "));
    assert_non_null(strstr(e.msg, "mismatch"));
    free(z);
    /* Cut short: the document never ends. */
    z = docx_raw("<w:document xmlns:w=\"" W_NS "\"><w:body><w:p>", 0, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "XML error in word/document.xml at line 1"));
    free(z);
    /* Empty part, binary part, undeclared namespace prefix. */
    entry e0[] = {{"word/document.xml", "", 0}};
    z = mkzip(e0, 1, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "XML error in word/document.xml at line 1"));
    free(z);
    z = docx_raw("\x01\x02\x03\xff\xfe binary", 13, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "XML error in word/document.xml"));
    free(z);
    /* A declared encoding the bytes do not fit: libxml2 reports it outside its context. */
    z = docx_raw("<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><w:document xmlns:w=\"" W_NS
                 "\"><w:body><w:p><w:r><w:t>\x1b$B\xff\xff\x1b(B</w:t></w:r></w:p></w:body>"
                 "</w:document>", 0, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "XML error in word/document.xml at line 1: the text cannot be "
                               "decoded in the character encoding it declares");
    free(z);
    z = docx_raw("<w:document><w:body>" P(RT("x")) "</w:body></w:document>", 0, &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_non_null(strstr(e.msg, "XML error in word/document.xml at line 1: Namespace prefix w"));
    free(z);
}

static void test_err_empty_body(void **state)
{
    (void)state;
    size_t n;
    unsigned char *z = docx("", &n);
    rd_err e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "no text in the document body");
    free(z);
    /* Empty paragraphs, a deleted paragraph's text and headings only: still no text. */
    z = docx("<w:p/>" P(RT("   ")) P("<w:del>" RT("weg") "</w:del>")
             P("<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>" RT("Kop")) "<w:sectPr/>", &n);
    e = read_fail(z, n, RD_DOCUMENT_WORD, RD_EDATA);
    assert_string_equal(e.msg, "no text in the document body");
    free(z);
    z = odt("<text:p/><text:sequence-decls/>", &n);
    e = read_fail(z, n, RD_DOCUMENT_ODT, RD_EDATA);
    assert_string_equal(e.msg, "no text in the document body");
    free(z);
}

static void test_err_arguments(void **state)
{
    (void)state;
    char *t;
    size_t tn;
    rd_err e = {0};
    assert_int_equal(rd_document_text("PK", 2, 7, &t, &tn, &e), RD_EINVAL);
    assert_null(t);
    assert_int_equal(rd_document_text(NULL, 5, RD_DOCUMENT_WORD, &t, &tn, &e), RD_EINVAL);
    assert_int_equal(rd_document_text("PK", 2, RD_DOCUMENT_WORD, &t, &tn, NULL), RD_EDATA);
}

/* --- behaviour: silence, threads, any input -------------------------------------------- */

/* libxml2 must print nothing, whatever the input: fd 2 goes to a file meanwhile. */
static void test_nothing_on_stderr(void **state)
{
    (void)state;
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    fflush(stderr);
    int saved = dup(2);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(tmp), 2) >= 0);
    const char *bad[] = {
        "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p></w:body>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:document xmlns:w=\"" W_NS "\"/>",
        "<?xml version=\"1.0\" encoding=\"bogus-8\"?><w:document xmlns:w=\"" W_NS "\"/>",
        "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><w:document xmlns:w=\"" W_NS "\">"
        "<w:body><w:p><w:r><w:t>\x1b$B\xff\xff\x1b(B</w:t></w:r></w:p></w:body></w:document>",
        "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>\xc3\x28</w:t></w:r></w:p>"
        "</w:body></w:document>",
        "<w:document xmlns:w=\"" W_NS "\" xmlns:w=\"x\"/>",
        "<w:document xmlns:w=\"not a uri\"><w:body/></w:document>",
        "<!DOCTYPE x [<!ENTITY a SYSTEM \"http://example.invalid/\">]><x>&a;</x>",
        "<x>&#0;</x>",
        "<?xml version=\"1.1\"?><x>&#1;</x>",
        "\xef\xbb\xbf<x/>",
        "\xff\xfe<\0x\0/\0>\0",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t n, len = strlen(bad[i]);
        if (i + 1 == sizeof bad / sizeof *bad)
            len = 10;
        unsigned char *z = docx_raw(bad[i], len, &n);
        char *t = NULL;
        size_t tn;
        rd_err e;
        if (rd_document_text(z, n, RD_DOCUMENT_WORD, &t, &tn, &e) == RD_OK)
            free(t);
        free(z);
    }
    fflush(stderr);
    assert_true(dup2(saved, 2) >= 0);
    close(saved);
    assert_int_equal(fseek(tmp, 0, SEEK_END), 0);
    long written = ftell(tmp);
    fclose(tmp);
    assert_int_equal(written, 0);
}

typedef struct {
    const unsigned char *good, *bad;
    size_t good_n, bad_n;
    int failures;
} thread_job;

static void *thread_main(void *arg)
{
    thread_job *j = arg;
    for (int i = 0; i < 40; i++) {
        char *t = NULL;
        size_t tn;
        rd_err e;
        if (rd_document_text(j->good, j->good_n, RD_DOCUMENT_WORD, &t, &tn, &e) != RD_OK ||
            strcmp(t, "Jan: een\n# Kop\n") != 0)
            j->failures++;
        free(t);
        t = NULL;
        if (rd_document_text(j->bad, j->bad_n, RD_DOCUMENT_WORD, &t, &tn, &e) != RD_EDATA ||
            !strstr(e.msg, "at line 3:"))
            j->failures++;
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    size_t gn, bn;
    unsigned char *good = docx(P(RB("Jan") RT(" een"))
                               P("<w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr>" RT("Kop")), &gn);
    unsigned char *bad = docx_raw("<w:document xmlns:w=\"" W_NS "\">\n<w:body>\n</w:bod>", 0, &bn);
    enum { NT = 4 };
    pthread_t th[NT];
    thread_job jobs[NT];
    for (int i = 0; i < NT; i++) {
        jobs[i] = (thread_job){good, bad, gn, bn, 0};
        assert_int_equal(pthread_create(&th[i], NULL, thread_main, &jobs[i]), 0);
    }
    for (int i = 0; i < NT; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].failures, 0);
    }
    free(good);
    free(bad);
}

/* Flipped bytes anywhere in a document: an error or valid text, never a crash. */
static void test_mutations(void **state)
{
    (void)state;
    size_t n;
    unsigned char *z = docx(TBL(TR(TC(P(RB("Jan:") RT(" a"))) TC(P(RT("b")))))
                            P("<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>" RT("k"))
                            P(R("<mc:AlternateContent><mc:Choice><w:txbxContent>" P(RT("c"))
                                "</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>"
                                P(RT("d")) "</w:txbxContent></mc:Fallback></mc:AlternateContent>")),
                            &n);
    unsigned char *m = malloc(n);
    assert_non_null(m);
    uint32_t x = 42;
    int ok = 0;
    for (int it = 0; it < 3000; it++) {
        memcpy(m, z, n);
        int flips = 1 + it % 4;
        for (int f = 0; f < flips; f++) {
            x = x * 1664525u + 1013904223u;
            size_t at = (x >> 8) % n;
            x = x * 1664525u + 1013904223u;
            m[at] = (unsigned char)(x >> 24);
        }
        char *t = NULL;
        size_t tn = 0;
        rd_err e = {0};
        rd_status rc = rd_document_text(m, n, it % 7 ? RD_DOCUMENT_WORD : RD_DOCUMENT_ODT, &t, &tn, &e);
        if (rc == RD_OK) {
            assert_true(rd_utf8_valid(t, tn, NULL));
            assert_int_equal(strlen(t), tn);
            ok++;
            free(t);
        } else {
            assert_null(t);
            assert_true(e.msg[0] != '\0');
        }
    }
    assert_true(ok > 0); /* flips in unread bytes (names, times) keep the document readable */
    free(m);
    free(z);
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
        cmocka_unit_test(test_odt_paragraphs_and_spaces),
        cmocka_unit_test(test_odt_bold_speakers),
        cmocka_unit_test(test_odt_headings_tables_ignored_parts),
        cmocka_unit_test(test_odt_mimetype),
        cmocka_unit_test(test_err_not_a_zip),
        cmocka_unit_test(test_err_missing_part),
        cmocka_unit_test(test_err_truncated),
        cmocka_unit_test(test_err_zip_bomb),
        cmocka_unit_test(test_err_size_limit),
        cmocka_unit_test(test_err_xml_bomb),
        cmocka_unit_test(test_err_malformed_xml),
        cmocka_unit_test(test_err_empty_body),
        cmocka_unit_test(test_err_arguments),
        cmocka_unit_test(test_nothing_on_stderr),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
