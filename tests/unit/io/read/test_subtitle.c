/* tests/unit/io/read/test_subtitle.c — WebVTT and SubRip: speakers, turns, roles, cleaning,
 * source lines and errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/read/subtitle.h"

static rd_transcript parse_n(const char *s, size_t n, int kind, const rd_labels_opts *o)
{
    rd_transcript t = {0};
    rd_err err = {0};
    rd_status rc = rd_subtitle_parse(s, n, kind, o, &t, &err);
    if (rc != RD_OK)
        fail_msg("rd_subtitle_parse: %s", err.msg);
    return t;
}

static rd_transcript parse(const char *s, int kind, const rd_labels_opts *o)
{
    return parse_n(s, strlen(s), kind, o);
}

/* Parses s expecting failure with code; returns the message (static buffer). */
static const char *parse_fail(const char *s, int kind, rd_status code)
{
    static rd_err err;
    rd_transcript t = {0};
    memset(&err, 0, sizeof err);
    assert_int_equal(rd_subtitle_parse(s, strlen(s), kind, NULL, &t, &err), code);
    assert_int_equal(err.code, code);
    assert_null(t.v);
    assert_null(t.pool);
    assert_int_equal(t.n, 0);
    return err.msg;
}

static void test_teams_voice_tags(void **state)
{
    (void)state;
    char *extra[] = {"Anne de Vries"};
    rd_labels_opts o = {extra, 1};
    const char *s = "WEBVTT\n"                                                    /* 1 */
                    "\n"                                                          /* 2 */
                    "6f1a2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c/12-0\n"                 /* 3 */
                    "00:00:03.120 --> 00:00:07.450\n"                             /* 4 */
                    "<v Anne de Vries>Goedemorgen, fijn dat u tijd heeft.</v>\n"  /* 5 */
                    "\n"                                                          /* 6 */
                    "6f1a2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c/13-0\n"                 /* 7 */
                    "00:00:07.450 --> 00:00:09.000\n"                             /* 8 */
                    "<v Anne de Vries>Hoe lang woont u hier al?</v>\n"            /* 9 */
                    "\n"                                                          /* 10 */
                    "6f1a2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c/14-0\n"                 /* 11 */
                    "00:00:09.500 --> 00:00:12.000\n"                             /* 12 */
                    "<v Jan van der Berg>Al twintig jaar.</v>\n"                  /* 13 */
                    "\n"                                                          /* 14 */
                    "6f1a2b3c-0d4e-4f5a-9b6c-7d8e9f0a1b2c/15-0\n"                 /* 15 */
                    "00:00:12.000 --> 00:00:15.000\n"                             /* 16 */
                    "<v Anne de Vries>En bevalt het?</v>\n";                      /* 17 */
    rd_transcript t = parse(s, RD_SUB_VTT, &o);
    assert_int_equal(t.n, 3);
    assert_true(t.labelled);
    assert_string_equal(t.v[0].speaker, "Anne de Vries");
    assert_string_equal(t.v[0].text, "Goedemorgen, fijn dat u tijd heeft. Hoe lang woont u hier al?");
    assert_int_equal(t.v[0].line, 5);
    assert_int_equal(t.v[0].role, RD_ROLE_INTERVIEWER);
    assert_string_equal(t.v[1].speaker, "Jan van der Berg");
    assert_string_equal(t.v[1].text, "Al twintig jaar.");
    assert_int_equal(t.v[1].line, 13);
    assert_int_equal(t.v[1].role, RD_ROLE_RESPONDENT);
    assert_string_equal(t.v[2].speaker, "Anne de Vries");
    assert_int_equal(t.v[2].line, 17);
    assert_int_equal(t.n_respondent, 1);
    rd_transcript_free(&t);

    /* Without the option Anne is a respondent like Jan. */
    t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 3);
    assert_int_equal(t.v[0].role, RD_ROLE_RESPONDENT);
    assert_int_equal(t.n_respondent, 3);
    rd_transcript_free(&t);
}

static void test_builtin_interviewer_label_and_voice_classes(void **state)
{
    (void)state;
    const char *s = "WEBVTT - interview 7\n\n"
                    "00:01.000 --> 00:04.000\n"
                    "<v.loud Interviewer>Wat vindt u van de buurt?\n\n"
                    "00:04.000 --> 00:08.000\n"
                    "<v   Samira   El  Amrani >Gezellig, maar\n"
                    "de huur is hoog.</v>\n\n"
                    "00:08.000 --> 00:09.000\n"
                    "<v>Echt waar.\n\n"
                    "00:00:09.000 --> 00:00:10.000\n"
                    "<v Interviewer>Opmerking: dat klopt.\n";
    rd_transcript t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.v[0].speaker, "Interviewer");
    assert_int_equal(t.v[0].role, RD_ROLE_INTERVIEWER);
    assert_int_equal(t.v[0].line, 4);
    /* blanks in the name collapsed; two text lines and the nameless <v> cue joined */
    assert_string_equal(t.v[1].speaker, "Samira El Amrani");
    assert_string_equal(t.v[1].text, "Gezellig, maar de huur is hoog. Echt waar.");
    assert_int_equal(t.v[1].line, 7);
    /* after a voice tag "Opmerking: " is text, not a speaker */
    assert_string_equal(t.v[2].speaker, "Interviewer");
    assert_string_equal(t.v[2].text, "Opmerking: dat klopt.");
    assert_int_equal(t.n_respondent, 1);
    rd_transcript_free(&t);
}

static void test_voice_switch_inside_cue(void **state)
{
    (void)state;
    const char *s = "WEBVTT\n\n"
                    "00:00:01.000 --> 00:00:03.000\n"
                    "Eerst iets zonder naam.\n\n"
                    "00:00:03.000 --> 00:00:05.000\n"
                    "<v Anne>Hoi.</v> <v Piet>Hallo.</v>\n"
                    "<v Anne>Alles goed?\n";
    rd_transcript t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 4);
    assert_string_equal(t.v[0].speaker, "");
    assert_string_equal(t.v[0].text, "Eerst iets zonder naam.");
    assert_string_equal(t.v[1].speaker, "Anne");
    assert_string_equal(t.v[1].text, "Hoi.");
    assert_string_equal(t.v[2].speaker, "Piet");
    assert_string_equal(t.v[2].text, "Hallo.");
    assert_int_equal(t.v[1].line, 7);
    assert_int_equal(t.v[2].line, 7);
    assert_string_equal(t.v[3].speaker, "Anne");
    assert_string_equal(t.v[3].text, "Alles goed?");
    assert_int_equal(t.v[3].line, 8);
    assert_true(t.labelled);
    rd_transcript_free(&t);
}

static void test_zoom_prefixes(void **state)
{
    (void)state;
    const char *s = "WEBVTT\n"                                      /* 1 */
                    "\n"                                            /* 2 */
                    "1\n"                                           /* 3 */
                    "00:00:01.000 --> 00:00:04.000\n"               /* 4 */
                    "Interviewer: Goedemorgen, hoe gaat het?\n"     /* 5 */
                    "\n"                                            /* 6 */
                    "2\n"                                           /* 7 */
                    "00:00:04.000 --> 00:00:06.000\n"               /* 8 */
                    "Jan van der Berg: Goed hoor.\n"                /* 9 */
                    "\n"                                            /* 10 */
                    "3\n"                                           /* 11 */
                    "00:00:06.000 --> 00:00:08.000\n"               /* 12 */
                    "Dus wat ik bedoel: het is hier fijn.\n"        /* 13 */
                    "\n"                                            /* 14 */
                    "4\n"                                           /* 15 */
                    "00:00:08.000 --> 00:00:10.000\n"               /* 16 */
                    "Jan van der Berg: Om 14:30 komt de bus.\n"     /* 17 */
                    "\n"                                            /* 18 */
                    "5\n"                                           /* 19 */
                    "00:00:10.000 --> 00:00:12.000\n"               /* 20 */
                    "iPhone van Anne: Mag ik iets vragen?\n"        /* 21 */
                    "\n"                                            /* 22 */
                    "6\n"                                           /* 23 */
                    "00:00:12.000 --> 00:00:14.000\n"               /* 24 */
                    "iPhone van Anne: Nog een vraag.\n";            /* 25 */
    rd_transcript t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.v[0].speaker, "Interviewer");
    assert_int_equal(t.v[0].role, RD_ROLE_INTERVIEWER);
    assert_string_equal(t.v[0].text, "Goedemorgen, hoe gaat het?");
    assert_int_equal(t.v[0].line, 5);
    /* "Dus wat ik bedoel" is not capitalised and starts one cue only: text, which
     * continues Jan's turn; "iPhone van Anne" starts two cues: a speaker. */
    assert_string_equal(t.v[1].speaker, "Jan van der Berg");
    assert_string_equal(t.v[1].text,
                        "Goed hoor. Dus wat ik bedoel: het is hier fijn. Om 14:30 komt de bus.");
    assert_int_equal(t.v[1].line, 9);
    assert_string_equal(t.v[2].speaker, "iPhone van Anne");
    assert_string_equal(t.v[2].text, "Mag ik iets vragen? Nog een vraag.");
    assert_int_equal(t.v[2].line, 21);
    assert_int_equal(t.n_respondent, 2);
    rd_transcript_free(&t);
}

/* Zoom prefixes by the one label rule (io/read/labels.h): a name used once in the
 * conversation is a speaker when its text opens a sentence or it answers the
 * interviewer; common words, "Let op" and names going on in lower case after a
 * respondent are text. */
static void test_prefixes_used_once(void **state)
{
    (void)state;
    const char *s = "WEBVTT\n\n"
                    "00:01.000 --> 00:02.000\nInterviewer: Heeft u gebeld?\n\n"   /* 4 */
                    "00:02.000 --> 00:03.000\nKees: ja hoor, drie keer.\n\n"     /* 7 */
                    "00:03.000 --> 00:04.000\nNee: dat klopt niet.\n\n"          /* 10 */
                    "00:04.000 --> 00:05.000\nLet op: de huur.\n\n"              /* 13 */
                    "00:05.000 --> 00:06.000\nTip: bel het huurteam.\n\n"        /* 16 */
                    "00:06.000 --> 00:07.000\nAnne: Ik ook.\n\n"                 /* 19 */
                    "00:07.000 --> 00:08.000\nDe heer \xC3\x96zt\xC3\xBCrk: En ik.\n"; /* 22 */
    rd_transcript t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 4);
    assert_string_equal(t.v[0].speaker, "Interviewer");
    assert_string_equal(t.v[1].speaker, "Kees");
    assert_int_equal(t.v[1].role, RD_ROLE_RESPONDENT);
    assert_string_equal(t.v[1].text, "ja hoor, drie keer. Nee: dat klopt niet. Let op: de huur. "
                                     "Tip: bel het huurteam.");
    assert_string_equal(t.v[2].speaker, "Anne");
    assert_int_equal(t.v[2].line, 19);
    assert_string_equal(t.v[3].speaker, "De heer \xC3\x96zt\xC3\xBCrk");
    rd_transcript_free(&t);
}

static void test_srt_crlf(void **state)
{
    (void)state;
    const char *s = "1\r\n"                                         /* 1 */
                    "00:00:01,000 --> 00:00:04,000\r\n"             /* 2 */
                    "Interviewer: Waar werkt u?\r\n"                /* 3 */
                    "\r\n"                                          /* 4 */
                    "2\r\n"                                         /* 5 */
                    "00:00:04,000 --> 00:00:07,500\r\n"             /* 6 */
                    "Respondent: Bij de gemeente,\r\n"              /* 7 */
                    "al vijf jaar.\r\n"                             /* 8 */
                    "\r\n"                                          /* 9 */
                    "00:00:08,000 --> 00:00:09,000\r\n"             /* 10: no number */
                    "Respondent: Met plezier.\r\n";                 /* 11 */
    rd_transcript t = parse(s, RD_SUB_SRT, NULL);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.v[0].speaker, "Interviewer");
    assert_string_equal(t.v[0].text, "Waar werkt u?");
    assert_int_equal(t.v[0].line, 3);
    assert_string_equal(t.v[1].speaker, "Respondent");
    assert_string_equal(t.v[1].text, "Bij de gemeente, al vijf jaar. Met plezier.");
    assert_int_equal(t.v[1].line, 7);
    assert_null(strchr(t.v[1].text, '\r'));
    rd_transcript_free(&t);
}

static void test_lone_cr_and_missing_blank_lines(void **state)
{
    (void)state;
    /* Lone CR endings; cues not separated by blank lines; a WEBVTT header directly
     * followed by a timing line. */
    const char *s = "WEBVTT\r"                                      /* 1 */
                    "00:00:01.000 --> 00:00:02.000\r"               /* 2 */
                    "Een.\r"                                        /* 3 */
                    "2\r"                                           /* 4 */
                    "00:00:02.000 --> 00:00:03.000\r"               /* 5 */
                    "Twee.\r"                                       /* 6 */
                    "00:00:03.000 --> 00:00:04.000\r"               /* 7 */
                    "42\r";                                         /* 8 */
    rd_transcript t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 1);
    assert_false(t.labelled);
    assert_string_equal(t.v[0].text, "Een. Twee. 42");
    assert_int_equal(t.v[0].line, 3);
    rd_transcript_free(&t);
}

static void test_cue_settings_and_short_times(void **state)
{
    (void)state;
    const char *s = "WEBVTT\n\n"
                    "01:02.345 --> 01:05.000 align:start position:10% line:0\n"
                    "Anne: Korte tijden.\n\n"
                    "id met spaties\n"
                    "1:05.5\t-->\t1:07.25 size:50%\n"
                    "Anne: Lenient gelezen.\n\n"
                    "00:00:09.000-->00:00:10.000\n"
                    "Zonder spaties.\n";
    rd_transcript t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 1);
    assert_string_equal(t.v[0].speaker, "Anne");
    assert_string_equal(t.v[0].text, "Korte tijden. Lenient gelezen. Zonder spaties.");
    assert_int_equal(t.v[0].line, 4);
    rd_transcript_free(&t);
}

static void test_note_style_region_and_header(void **state)
{
    (void)state;
    const char *s = "WEBVTT\n"
                    "Kind: captions\n"
                    "Language: nl\n"
                    "\n"
                    "REGION\n"
                    "id:fred width:40%\n"
                    "\n"
                    "STYLE\n"
                    "::cue { color: yellow }\n"
                    "\n"
                    "NOTE dit is een notitie\n"
                    "over twee regels\n"
                    "\n"
                    "NOTE\n"
                    "nog een\n"
                    "\n"
                    "00:00:01.000 --> 00:00:02.000\n"                 /* 17 */
                    "Alleen deze tekst.\n"                            /* 18 */
                    "\n"
                    "NOTE na een cue\n"
                    "\n"
                    "00:00:02.000 --> 00:00:03.000\n"
                    "NOTES zijn geen notitie als ze in de tekst staan.\n";
    rd_transcript t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 1);
    assert_string_equal(t.v[0].text,
                        "Alleen deze tekst. NOTES zijn geen notitie als ze in de tekst staan.");
    assert_int_equal(t.v[0].line, 18);
    rd_transcript_free(&t);
}

static void test_entities_and_tags(void **state)
{
    (void)state;
    const char *s = "WEBVTT\n\n"
                    "00:01.000 --> 00:02.000\n"
                    "<c.yellow>Huur</c> &amp; <i>lasten</i> &lt;hoog&gt;&nbsp;echt&lrm;.\n"
                    "<00:00:01.500><b>Woord</b> &onbekend; &amp a < b <3 &#233;&#xE9; &#39;t\n"
                    "<font color=\"red\">rood</font><br/>regel <span>x</span> <q>y</q>\n";
    rd_transcript t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 1);
    assert_string_equal(t.v[0].text, "Huur & lasten <hoog> echt. "
                                     "Woord &onbekend; &amp a < b <3 \xC3\xA9\xC3\xA9 't "
                                     "rood regel x <q>y</q>");
    rd_transcript_free(&t);

    /* SRT: position codes and upper-case tags. */
    t = parse("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<I>Boven</I> {niet dit}\n",
              RD_SUB_SRT, NULL);
    assert_int_equal(t.n, 1);
    assert_string_equal(t.v[0].text, "Boven {niet dit}");
    rd_transcript_free(&t);
}

static void test_bom_line_numbers(void **state)
{
    (void)state;
    const char *s = "\xEF\xBB\xBF" "WEBVTT\n"                     /* 1 */
                    "\n"                                            /* 2 */
                    "00:00:01.000 --> 00:00:02.000\n"               /* 3 */
                    "<v Anne>Een.\n"                                /* 4 */
                    "\n"                                            /* 5 */
                    "00:00:02.000 --> 00:00:03.000\n"               /* 6 */
                    "<v Piet>Twee,\n"                               /* 7 */
                    "drie.\n";                                      /* 8 */
    rd_transcript t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.v[0].line, 4);
    assert_int_equal(t.v[1].line, 7);
    assert_string_equal(t.v[1].text, "Twee, drie.");
    rd_transcript_free(&t);

    t = parse("\xEF\xBB\xBF" "1\n00:00:01,000 --> 00:00:02,000\nTekst.\n", RD_SUB_SRT, NULL);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.v[0].line, 3);
    rd_transcript_free(&t);
}

static void test_no_speakers(void **state)
{
    (void)state;
    const char *s = "1\n00:00:01,000 --> 00:00:02,000\nIk woon hier al lang.\n\n"
                    "2\n00:00:02,000 --> 00:00:03,000\nDe kozijnen rotten.\n";
    rd_transcript t = parse(s, RD_SUB_SRT, NULL);
    assert_int_equal(t.n, 1);
    assert_false(t.labelled);
    assert_string_equal(t.v[0].speaker, "");
    assert_int_equal(t.v[0].role, RD_ROLE_RESPONDENT);
    assert_string_equal(t.v[0].text, "Ik woon hier al lang. De kozijnen rotten.");
    assert_int_equal(t.v[0].line, 3);
    assert_int_equal(t.n_respondent, 1);
    rd_transcript_free(&t);
}

static void test_mixed_speakers_continue(void **state)
{
    (void)state;
    const char *s = "WEBVTT\n\n"
                    "00:01.000 --> 00:02.000\nVoor iedereen.\n\n"            /* 4: unlabelled */
                    "00:02.000 --> 00:03.000\nAnne Smit: Eerste vraag.\n\n"  /* 7 */
                    "00:03.000 --> 00:04.000\nvervolg zonder naam.\n\n"      /* 10 */
                    "00:04.000 --> 00:05.000\n<v Piet>Antwoord.\n\n"         /* 13 */
                    "00:05.000 --> 00:06.000\nen meer.\n";                   /* 16 */
    rd_transcript t = parse(s, RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 3);
    assert_true(t.labelled);
    assert_string_equal(t.v[0].speaker, "");
    assert_int_equal(t.v[0].line, 4);
    assert_string_equal(t.v[1].speaker, "Anne Smit");
    assert_string_equal(t.v[1].text, "Eerste vraag. vervolg zonder naam.");
    assert_string_equal(t.v[2].speaker, "Piet");
    assert_string_equal(t.v[2].text, "Antwoord. en meer.");
    assert_int_equal(t.v[2].line, 13);
    rd_transcript_free(&t);
}

static void test_srt_block_without_timing(void **state)
{
    (void)state;
    const char *s = "Ondertiteld door iemand\n\n"                          /* 1: dropped */
                    "1\n00:00:01,000 --> 00:00:02,000\nPiet Smit: Een zin\n\n" /* 3-5 */
                    "die doorloopt na een lege regel.\n\n"                /* 7 */
                    "12\n\n"                                              /* 9: dropped */
                    "Anne: Nieuwe spreker zonder tijd.\n";                 /* 11 */
    /* Anne speaks once, after Piet Smit (a name of two words, a speaker at once), and her
     * text opens a sentence: a speaker too (io/read/labels.h). */
    rd_transcript t = parse(s, RD_SUB_SRT, NULL);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.v[0].speaker, "Piet Smit");
    assert_string_equal(t.v[0].text, "Een zin die doorloopt na een lege regel.");
    assert_int_equal(t.v[0].line, 5);
    assert_string_equal(t.v[1].speaker, "Anne");
    assert_string_equal(t.v[1].text, "Nieuwe spreker zonder tijd.");
    assert_int_equal(t.v[1].line, 11);
    rd_transcript_free(&t);
}

static void test_long_turn_split(void **state)
{
    (void)state;
    /* 40 cues of one 10-word sentence by one speaker: one 400-word turn. */
    char *s = malloc(16384);
    assert_non_null(s);
    size_t k = (size_t)snprintf(s, 16384, "WEBVTT\n\n");
    for (int c = 0; c < 40; c++)
        k += (size_t)snprintf(s + k, 16384 - k,
                              "00:%02d:00.000 --> 00:%02d:05.000\n"
                              "<v Bewoner>Zin %d heeft precies tien woorden voor deze test hier.\n\n",
                              c, c, c);
    rd_transcript t = parse_n(s, k, RD_SUB_VTT, NULL);
    assert_true(t.n >= 2);
    assert_true(t.n <= 4);
    size_t words = 0;
    for (size_t i = 0; i < t.n; i++) {
        assert_string_equal(t.v[i].speaker, "Bewoner");
        /* cue c's text is on line 4 + 3c */
        assert_int_equal((t.v[i].line - 4) % 3, 0);
        const char *p = t.v[i].text;
        int c;
        assert_int_equal(sscanf(p, "Zin %d", &c), 1);
        assert_int_equal(t.v[i].line, (uint32_t)(4 + 3 * c));
        for (; *p; p++)
            words += *p == ' ';
        words++;
    }
    assert_int_equal(t.v[0].line, 4);
    assert_true(t.v[1].line > 4);
    assert_int_equal(words, 400);
    rd_transcript_free(&t);
    free(s);
}

static void test_errors(void **state)
{
    (void)state;
    assert_string_equal(parse_fail("1\n00:00:01.000 --> 00:00:02.000\nTekst\n", RD_SUB_VTT, RD_EDATA),
                        "not a WebVTT file (no WEBVTT header on line 1)");
    parse_fail("\nWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTekst\n", RD_SUB_VTT, RD_EDATA);
    parse_fail("WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nTekst\n", RD_SUB_VTT, RD_EDATA);
    parse_fail("", RD_SUB_VTT, RD_EDATA);
    assert_string_equal(parse_fail("WEBVTT\n\nNOTE alleen een notitie\n\nen tekst\n", RD_SUB_VTT,
                                   RD_EDATA),
                        "no subtitle cues (a WEBVTT header but no timing lines like "
                        "`00:00:01.000 --> 00:00:04.000`)");
    const char *m = parse_fail("Gewoon tekst.\nGeen tijden.\n", RD_SUB_SRT, RD_EDATA);
    assert_non_null(strstr(m, "no subtitle cues"));
    assert_non_null(strstr(m, "expected"));
    parse_fail("", RD_SUB_SRT, RD_EDATA);
    m = parse_fail("WEBVTT\n\nxx:01.000 --> 00:02.000\nTekst\n", RD_SUB_VTT, RD_EDATA);
    assert_non_null(strstr(m, "line 3: timing line without a valid start time"));
    m = parse_fail("1\n00:00:01,000 --> 00:00:02,000\nTekst\n\n2\n--> 00:00:03,000\nMeer\n",
                   RD_SUB_SRT, RD_EDATA);
    assert_non_null(strstr(m, "line 6: timing line without a valid start time"));
    parse_fail("WEBVTT\n", 7, RD_EINVAL);

    /* A previous transcript in *out is dropped on failure too. */
    rd_transcript t = parse("1\n00:00:01,000 --> 00:00:02,000\nTekst\n", RD_SUB_SRT, NULL);
    assert_int_equal(t.n, 1);
    rd_err err;
    assert_int_equal(rd_subtitle_parse("x", 1, RD_SUB_VTT, NULL, &t, &err), RD_EDATA);
    assert_null(t.v);
    assert_int_equal(t.n, 0);
}

static void test_arrow_in_text_and_empty_cues(void **state)
{
    (void)state;
    /* "-->" inside cue text without a valid start time is text; cues with no text at
     * all give no passages but are not an error. */
    rd_transcript t = parse("WEBVTT\n\n00:01.000 --> 00:02.000\nA --> B\n", RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 1);
    assert_string_equal(t.v[0].text, "A --> B");
    rd_transcript_free(&t);
    t = parse("WEBVTT\n\n00:01.000 --> 00:02.000\n<i></i>\n", RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 0);
    rd_transcript_free(&t);
}

/* Deterministic garbage: truncations and byte flips of a sample, and ASCII noise made of
 * the characters the reader reacts to. Run under ASan/UBSan this is a small fuzzer;
 * here it checks the calls return a status and leave a consistent transcript. */
static uint32_t lcg(uint32_t *x)
{
    *x = *x * 1664525u + 1013904223u;
    return *x >> 8;
}

static void check_any(const char *s, size_t n, int kind)
{
    rd_transcript t = {0};
    rd_err err = {0};
    rd_status rc = rd_subtitle_parse(s, n, kind, NULL, &t, &err);
    assert_true(rc == RD_OK || rc == RD_EDATA);
    if (rc == RD_OK) {
        for (size_t i = 0; i < t.n; i++) {
            assert_int_equal(strlen(t.v[i].text), t.v[i].text_n);
            assert_true(t.v[i].text_n > 0);
            assert_null(strpbrk(t.v[i].text, "\r\n\t"));
            assert_true(t.v[i].line >= 1);
        }
    } else {
        assert_true(err.msg[0] != '\0');
        assert_null(t.v);
    }
    rd_transcript_free(&t);
}

static void test_garbage_does_not_crash(void **state)
{
    (void)state;
    const char *sample = "\xEF\xBB\xBF" "WEBVTT\r\n\r\nNOTE x\r\n\r\n1\r\n"
                         "00:00:01.000 --> 00:00:02.000 align:start\r\n"
                         "<v.a Anne &amp; Co>Hoi &#233; <c.x>daar</c> {\\an8}\r\n"
                         "Piet: <00:00:01.500>ja &#x1F600; &#xD800; &#99999999;\r\n\r\n"
                         "00:02.000 --> 00:03.000\r2\r00:03.000 --> 00:04.000\r<v>\r";
    size_t sn = strlen(sample);
    char *buf = malloc(sn + 1);
    assert_non_null(buf);
    for (size_t cut = 0; cut <= sn; cut++) {
        memcpy(buf, sample, cut);
        check_any(buf, cut, RD_SUB_VTT);
        check_any(buf, cut, RD_SUB_SRT);
    }
    uint32_t x = 7;
    for (int r = 0; r < 2000; r++) {
        memcpy(buf, sample, sn);
        for (int f = 0; f < 4; f++) {
            size_t at = lcg(&x) % sn;
            if ((unsigned char)buf[at] < 0x80) /* keep the input valid UTF-8 */
                buf[at] = "<>&;:-\n\r v#0{\\}."[lcg(&x) % 17];
        }
        check_any(buf, sn, r & 1 ? RD_SUB_SRT : RD_SUB_VTT);
    }
    free(buf);
    static const char alpha[] = "<>&;:-\n\r\t v.#x0123456789{\\}/aAbBnNiIWEBVT,%";
    char noise[600];
    memcpy(noise, "WEBVTT\n", 7);
    for (int r = 0; r < 3000; r++) {
        size_t len = 7 + lcg(&x) % (sizeof noise - 7);
        for (size_t i = 7; i < len; i++)
            noise[i] = alpha[lcg(&x) % (sizeof alpha - 1)];
        check_any(noise, len, r & 1 ? RD_SUB_SRT : RD_SUB_VTT);
    }
}


/* Timing lines and timestamp tags read with io/read/timestamp.h's grammar: hours above
 * 99, SMPTE frames; "<3>" is text, not a timestamp tag. */
static void test_timestamp_grammar(void **state)
{
    (void)state;
    rd_transcript t = parse("WEBVTT\n\n"
                            "100:00:00.000 --> 100:00:02.000\n"
                            "Na honderd uur <100:00:01.500>nog <3> hier.\n\n"
                            "01:00:00:05 --> 01:00:01:00\n"
                            "Met frames.\n",
                            RD_SUB_VTT, NULL);
    assert_int_equal(t.n, 1);
    assert_string_equal(t.v[0].text, "Na honderd uur nog <3> hier. Met frames.");
    assert_int_equal(t.v[0].line, 4);
    rd_transcript_free(&t);
    /* One group is no start time. */
    assert_string_equal(parse_fail("1\n12 --> 13\nTekst\n", RD_SUB_SRT, RD_EDATA),
                        "line 2: timing line without a valid start time "
                        "(`00:00:01,000 --> 00:00:04,000` expected)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_teams_voice_tags),
        cmocka_unit_test(test_builtin_interviewer_label_and_voice_classes),
        cmocka_unit_test(test_voice_switch_inside_cue),
        cmocka_unit_test(test_zoom_prefixes),
        cmocka_unit_test(test_prefixes_used_once),
        cmocka_unit_test(test_srt_crlf),
        cmocka_unit_test(test_lone_cr_and_missing_blank_lines),
        cmocka_unit_test(test_cue_settings_and_short_times),
        cmocka_unit_test(test_note_style_region_and_header),
        cmocka_unit_test(test_entities_and_tags),
        cmocka_unit_test(test_timestamp_grammar),
        cmocka_unit_test(test_bom_line_numbers),
        cmocka_unit_test(test_no_speakers),
        cmocka_unit_test(test_mixed_speakers_continue),
        cmocka_unit_test(test_srt_block_without_timing),
        cmocka_unit_test(test_long_turn_split),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_arrow_in_text_and_empty_cues),
        cmocka_unit_test(test_garbage_does_not_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
