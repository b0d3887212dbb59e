/* tests/unit/nlp/test_analyse.c — the per-passage pipeline (nlp/analyse.h): which tokens
 * are kept, forms and their uses, normalised text of any token, terms with per-analyser
 * ids, the frame list and signatures, cue counts with the negation rule, and the fused fast path against the tokeniser
 * on random text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/analyse.h"
#include "nlp/cues.h"
#include "nlp/normalise.h"
#include "nlp/stopwords.h"
#include "nlp/tokenise.h"

typedef struct {
    rd_stop *sw;
    rd_an *an;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    rd_err err;
    if (!f || rd_stop_new(&f->sw, &err) != RD_OK || rd_stop_load_builtin(f->sw, &err) != RD_OK ||
        rd_an_new(f->sw, "dutch", &f->an, &err) != RD_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rd_an_free(f->an);
    rd_stop_free(f->sw);
    free(f);
    return 0;
}

/* The kept tokens of s, as written, each followed by a space. */
static void kept_text(rd_an *an, const char *s, char *got, size_t cap)
{
    rd_err err;
    assert_int_equal(rd_an_run(an, s, strlen(s), &err), RD_OK);
    size_t nt = rd_an_count(an);
    const rd_token *t = rd_an_tokens(an);
    const uint8_t *kept = rd_an_kept(an);
    got[0] = '\0';
    for (size_t i = 0; i < nt; i++)
        if (kept[i]) {
            assert_true(strlen(got) + t[i].len + 2 <= cap);
            strncat(got, s + t[i].off, t[i].len);
            strcat(got, " ");
        }
}

/* The frame list (nlp/data/frames-nl.txt): backchannels, thanks and call chatter are
 * not kept; a short signature after a closing ("Groet, Sanne") goes with the closing,
 * but "de groeten doen" with a space after the closing is talk, and a long tail is no
 * signature. */
static void test_frame_list(void **state)
{
    fixture *f = *state;
    char got[512];
    kept_text(f->an, "Ja, klopt, prima. Hoort u mij? De camera doet het niet, de lift ook niet.", got,
              sizeof got);
    assert_string_equal(got, "lift ");
    kept_text(f->an, "De lift is kapot. Groet, Sanne", got, sizeof got);
    assert_string_equal(got, "lift kapot ");
    kept_text(f->an, "De lift is kapot.\nMet vriendelijke groet,\nJan de Vries", got, sizeof got);
    assert_string_equal(got, "lift kapot ");
    kept_text(f->an, "Ik moest de groeten doen van de buurvrouw", got, sizeof got);
    assert_string_equal(got, "buurvrouw ");
    kept_text(f->an, "Groeten, de lift is al weken kapot en niemand komt", got, sizeof got);
    assert_string_equal(got, "lift weken kapot ");
}

/* Kept: words of two characters to 64 bytes that are no stop word, filler or part of a
 * filler phrase; not numbers, amounts, dates, e-mail, abbreviations. */
static void test_kept(void **state)
{
    fixture *f = *state;
    char got[512];
    kept_text(f->an, "Nou, eh, de huur is zeg maar te hoog, weet je wel: € 45,- per maand. Foto's!",
              got, sizeof got);
    assert_string_equal(got, "huur hoog maand Foto's ");
    kept_text(f->an, "bijv. de cv-ketel op 12-03-2025 om 14.30, mail jan@x.nl of 06-12345678 x é keuken",
              got, sizeof got);
    assert_string_equal(got, "cv-ketel mail keuken ");
    /* 64 bytes is the longest kept word; 65 is not */
    char s[200];
    memset(s, 'a', 64);
    memcpy(s + 64, " ", 1);
    memset(s + 65, 'b', 65);
    s[130] = '\0';
    kept_text(f->an, s, got, sizeof got);
    assert_int_equal(strlen(got), 65);
    assert_int_equal(got[0], 'a');
    /* the same through the general path (non-ASCII): 32 × "é" is 64 bytes, 33 is not */
    char *p = s;
    for (int i = 0; i < 32; i++, p += 2)
        memcpy(p, "\xc3\xa9", 2);
    *p++ = ' ';
    for (int i = 0; i < 33; i++, p += 2)
        memcpy(p, "\xc3\xa9", 2);
    *p = '\0';
    kept_text(f->an, s, got, sizeof got);
    assert_int_equal(strlen(got), 65);
}

/* Forms: one id per normalised form, in first-seen order, with the uses of kept tokens;
 * rd_an_norm gives the normalised text of any token, forms or not. */
static void test_forms(void **state)
{
    fixture *f = *state;
    rd_err err;
    const char *s = "Huur HUUR huur de € 45,- bijv. CAFÉ";
    assert_int_equal(rd_an_run(f->an, s, strlen(s), &err), RD_OK);
    size_t nt = rd_an_count(f->an);
    const rd_token *t = rd_an_tokens(f->an);
    const uint32_t *fm = rd_an_forms(f->an);
    assert_int_equal(nt, 7);
    assert_int_equal(fm[0], fm[1]);
    assert_int_equal(fm[0], fm[2]);
    assert_true(fm[3] != fm[0]);
    assert_int_equal(t[4].kind, RD_TOK_AMOUNT);
    assert_int_equal(fm[4], RD_AN_NOFORM);
    assert_int_equal(t[5].kind, RD_TOK_ABBREV);
    assert_int_equal(t[5].len, 5);
    size_t n;
    assert_string_equal(rd_an_form_str(f->an, fm[5], &n), "bijv.");
    assert_string_equal(rd_an_form_str(f->an, fm[6], &n), "café");
    assert_int_equal(rd_an_form_uses(f->an, fm[0]), 3);
    assert_int_equal(rd_an_form_uses(f->an, fm[3]), 0); /* "de": a stop word, never kept */
    assert_int_equal(rd_an_form_uses(f->an, fm[5]), 0);
    assert_int_equal(rd_an_form_uses(f->an, fm[6]), 1);
    assert_true(fm[6] < rd_an_form_count(f->an));
    const char *o;
    assert_int_equal(rd_an_norm(f->an, 1, &o, &n, &err), RD_OK);
    assert_string_equal(o, "huur");
    assert_int_equal(rd_an_norm(f->an, 4, &o, &n, &err), RD_OK);
    assert_string_equal(o, "€ 45,-");
    assert_int_equal(n, strlen("€ 45,-"));
    /* a second run counts on, with the same ids */
    uint32_t huur = fm[0];
    assert_int_equal(rd_an_run(f->an, "huur", 4, &err), RD_OK);
    assert_int_equal(rd_an_forms(f->an)[0], huur);
    assert_int_equal(rd_an_form_uses(f->an, huur), 4);
    const char *stem;
    assert_int_equal(rd_an_form_stem(f->an, huur, &stem, &n, &err), RD_OK);
    assert_string_equal(stem, "hur");
    assert_string_equal(rd_an_algorithm(f->an), "dutch");
    /* an empty text has no tokens; a text of 4 GiB or more is refused before reading */
    assert_int_equal(rd_an_run(f->an, "", 0, &err), RD_OK);
    assert_int_equal(rd_an_count(f->an), 0);
    assert_int_equal(rd_an_run(f->an, "x", (size_t)UINT32_MAX, &err), RD_EINVAL);
}

/* Terms (stems of kept forms) with per-analyser ids in first-seen order; an apostrophe
 * plural stems as its singular. */
/* Tokens over RD_NORM_MAX bytes have no form and are not kept; rd_an_norm gives them with
 * only their ASCII letters lowercased. A token of RD_NORM_MAX bytes of decomposed "É"
 * still gets its normalised form. A 4 MB word of alternating combining marks, which
 * took minutes, is one token without a form. */
static void test_long_tokens(void **state)
{
    fixture *f = *state;
    rd_err err;
    size_t big = 4u << 20, n;
    char *s = malloc(big);
    assert_non_null(s);
    for (size_t i = 0; i < RD_NORM_MAX; i += 3)
        memcpy(s + i, "E\xcc\x81", 3); /* E + U+0301: 85 of them, 255 bytes */
    memcpy(s + 260, s + 1, 254); /* U+0301, then 84 × E + U+0301 */
    s[255] = 'X';
    memcpy(s + 256, " \xc3\x89x", 4); /* so a 257-byte token follows: "Éx" + those */
    assert_int_equal(rd_an_run(f->an, s, 514, &err), RD_OK);
    assert_int_equal(rd_an_count(f->an), 2);
    const rd_token *t = rd_an_tokens(f->an);
    const uint32_t *fm = rd_an_forms(f->an);
    assert_int_equal(t[0].len, RD_NORM_MAX);
    assert_int_equal(t[1].len, RD_NORM_MAX + 1);
    assert_int_not_equal(fm[0], RD_AN_NOFORM);
    assert_int_equal(fm[1], RD_AN_NOFORM);
    assert_false(rd_an_kept(f->an)[0]);
    assert_false(rd_an_kept(f->an)[1]);
    const char *o;
    assert_int_equal(rd_an_norm(f->an, 0, &o, &n, &err), RD_OK);
    assert_int_equal(n, 85 * 2 + 1); /* é (composed) 85 times, then x */
    assert_memory_equal(o, "\xc3\xa9\xc3\xa9", 4);
    assert_int_equal(rd_an_norm(f->an, 1, &o, &n, &err), RD_OK);
    assert_int_equal(n, RD_NORM_MAX + 1);
    assert_memory_equal(o, "\xc3\x89x", 3); /* É as written, X lowercased */
    s[0] = 'e';
    for (size_t i = 1; i + 4 <= big; i += 4)
        memcpy(s + i, "\xcc\x81\xcc\xa3", 4);
    size_t len = 1 + (big - 1) / 4 * 4;
    assert_int_equal(rd_an_run(f->an, s, len, &err), RD_OK);
    assert_int_equal(rd_an_count(f->an), 1);
    assert_int_equal(rd_an_forms(f->an)[0], RD_AN_NOFORM);
    free(s);
}

static void test_terms(void **state)
{
    fixture *f = *state;
    rd_err err;
    const uint32_t *terms;
    size_t nk, n;
    const char *sa = "De huur en de huren, huur! Kinderen.";
    assert_int_equal(rd_an_run(f->an, sa, strlen(sa), &err), RD_OK);
    assert_int_equal(rd_an_terms(f->an, &terms, &nk, &err), RD_OK);
    assert_int_equal(nk, 4); /* huur huren huur kinderen; de, en are stop words */
    assert_int_equal(terms[0], 0);
    assert_int_equal(terms[1], 0);
    assert_int_equal(terms[2], 0);
    assert_int_equal(terms[3], 1);
    assert_int_equal(rd_an_term_count(f->an), 2);
    assert_string_equal(rd_an_term_str(f->an, 0, &n), "hur");
    assert_string_equal(rd_an_term_str(f->an, 1, &n), "kinder");
    const uint32_t *fm = rd_an_forms(f->an);
    assert_int_equal(rd_an_form_term(f->an, fm[1]), 0);
    assert_int_equal(rd_an_form_term(f->an, fm[0]), RD_AN_NOFORM); /* "de": never kept */
    const char *sb = "foto's van de foto";
    assert_int_equal(rd_an_run(f->an, sb, strlen(sb), &err), RD_OK);
    assert_int_equal(rd_an_terms(f->an, &terms, &nk, &err), RD_OK);
    assert_int_equal(nk, 2);
    assert_int_equal(terms[0], 2);
    assert_int_equal(terms[1], 2);
    assert_string_equal(rd_an_term_str(f->an, 2, &n), "foto");
    /* the tables leave with their ids; form uses and terms stay readable */
    uint32_t foto = rd_an_forms(f->an)[3];
    rd_strtab *st, *lex;
    rd_an_take_tables(f->an, &st, &lex);
    assert_int_equal(rd_strtab_count(st), 3);
    assert_int_equal(rd_strtab_find(st, "kinder", 6), 1);
    assert_int_equal(rd_strtab_find(lex, "foto", 4), foto);
    assert_int_equal(rd_an_form_uses(f->an, foto), 1);
    assert_int_equal(rd_an_form_term(f->an, foto), 2);
    rd_strtab_free(st);
    rd_strtab_free(lex);
}

/* Cue counts: per kind, with a positive word up to three words after a negation counted
 * as negative; then the number of word tokens. None without a cue list. */
static void test_cue_counts(void **state)
{
    fixture *f = *state;
    rd_cues *c;
    rd_an *an;
    rd_err err;
    const char *s = "Ik wil graag een nieuwe keuken, maar de monteur is niet goed en nooit echt "
                    "prettig. Het is goed, fijn zelfs.";
    assert_int_equal(rd_an_run(f->an, s, strlen(s), &err), RD_OK); /* no cues set */
    const uint32_t *n = rd_an_cue_counts(f->an);
    for (size_t k = 0; k < RD_AN_CUE_SLOTS; k++)
        assert_int_equal(n[k], 0);
    assert_int_equal(rd_cues_new(&c, &err), RD_OK);
    assert_int_equal(rd_cues_load_builtin(c, &err), RD_OK);
    assert_int_equal(rd_an_new(f->sw, "dutch", &an, &err), RD_OK);
    rd_an_set_cues(an, c);
    assert_int_equal(rd_an_run(an, s, strlen(s), &err), RD_OK);
    n = rd_an_cue_counts(an);
    assert_int_equal(n[RD_CUE_MOTIVATION], 2); /* wil graag */
    assert_int_equal(n[RD_CUE_CONTRAST], 1);   /* maar */
    assert_int_equal(n[RD_CUE_NEGATION], 2);   /* niet nooit */
    assert_int_equal(n[RD_CUE_NEGATIVE], 2);   /* niet goed, nooit echt prettig */
    assert_int_equal(n[RD_CUE_POSITIVE], 2);   /* goed, fijn */
    assert_int_equal(n[RD_CUE_WORDS], 21);     /* word tokens */
    /* the form keeps its own mask; the negation rule is per run */
    uint32_t goed = RD_AN_NOFORM;
    const rd_token *t = rd_an_tokens(an);
    for (size_t k = 0; k < rd_an_count(an); k++)
        if (t[k].len == 4 && memcmp(s + t[k].off, "goed", 4) == 0)
            goed = rd_an_forms(an)[k];
    assert_int_equal(rd_an_form_cue(an, goed), 1u << RD_CUE_POSITIVE);
    /* four words after the negation: positive again */
    const char *far = "niet een twee drie goed";
    assert_int_equal(rd_an_run(an, far, strlen(far), &err), RD_OK);
    n = rd_an_cue_counts(an);
    assert_int_equal(n[RD_CUE_POSITIVE], 1);
    assert_int_equal(n[RD_CUE_NEGATIVE], 0);
    assert_int_equal(n[RD_CUE_WORDS], 5);
    rd_an_free(an);
    rd_cues_free(c);
}

/* The analyser runs the tokeniser's fast path fused with its lookups: its tokens must be
 * exactly rd_tok_words' tokens, and each word's form its normalised text, on any text.
 * Random strings over pieces that sit on the fast path's edges (dots, colons, "www",
 * "http", listed abbreviations, initials, e-mail and URL shapes, apostrophes, hyphens,
 * digits, accents, long words), 200,000 of them from a fixed seed. */
static void test_matches_tokeniser(void **state)
{
    static const char *const piece[] = {
        "a", "B", "de", "Huur", "woning", "bijv", "enz", "Mevr", "www", "WWW", "http", "https",
        "d", "w", "z", "o", "x", ".", ".", ":", ":", ",", " ", " ", " ", "\n", "@", "-", "'", "+",
        "/", "1", "06", "2025", "€", "é", "ë", "Ä", "ß", "…", "’", "t", "s", "?", "!", "(", ")",
        "\"", "nl", "com", "_", "%", "Straßenbahnhaltestellen", "onderhoudswerkzaamheden",
        "verduurzamingsmaatregelenpakket", "zo'n", "e.d", "c.v.", "HR++", "t/m", "\t", "…"};
    fixture *fx = *state;
    rd_an *an = fx->an;
    rd_norm *nz;
    rd_err err;
    rd_tokens ref = {0};
    assert_int_equal(rd_norm_new(&nz, &err), RD_OK);
    uint64_t x = 0x9E3779B97F4A7C15u;
    char s[512];
    for (int iter = 0; iter < 200000; iter++) {
        size_t n = 0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int parts = 1 + (int)(x % 12);
        for (int p = 0; p < parts; p++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            const char *w = piece[x % (sizeof piece / sizeof *piece)];
            size_t wl = strlen(w);
            if (n + wl >= sizeof s)
                break;
            memcpy(s + n, w, wl);
            n += wl;
        }
        s[n] = '\0';
        assert_int_equal(rd_tok_words(s, n, &ref, &err), RD_OK);
        assert_int_equal(rd_an_run(an, s, n, &err), RD_OK);
        size_t nt = rd_an_count(an);
        const rd_token *t = rd_an_tokens(an);
        const uint32_t *f = rd_an_forms(an);
        if (nt != ref.n)
            fail_msg("\"%s\": %zu tokens, the tokeniser finds %zu", s, nt, ref.n);
        for (size_t k = 0; k < nt; k++) {
            if (t[k].off != ref.v[k].off || t[k].len != ref.v[k].len ||
                t[k].kind != ref.v[k].kind || t[k].flags != ref.v[k].flags)
                fail_msg("\"%s\": token %zu is %u+%u kind %u flags %u, the tokeniser's "
                         "%u+%u kind %u flags %u", s, k, t[k].off, t[k].len, t[k].kind,
                         t[k].flags, ref.v[k].off, ref.v[k].len, ref.v[k].kind, ref.v[k].flags);
            if (t[k].kind != RD_TOK_WORD && t[k].kind != RD_TOK_ABBREV) {
                assert_int_equal(f[k], RD_AN_NOFORM);
                continue;
            }
            const char *want, *got;
            size_t wn, gn;
            assert_int_equal(rd_norm_apply(nz, s + t[k].off, t[k].len, &want, &wn, &err), RD_OK);
            got = rd_an_form_str(an, f[k], &gn);
            if (gn != wn || memcmp(got, want, wn) != 0)
                fail_msg("\"%s\": token %zu has form \"%s\", not \"%.*s\"", s, k, got,
                         (int)wn, want);
        }
    }
    rd_tokens_free(&ref);
    rd_norm_free(nz);
}

static void test_new_errors(void **state)
{
    fixture *f = *state;
    rd_an *an = (rd_an *)&an;
    rd_err err;
    assert_int_equal(rd_an_new(f->sw, "no-such-algorithm", &an, &err), RD_EINVAL);
    assert_null(an);
    rd_an_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frame_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_terms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cue_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_matches_tokeniser, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_errors, setup, teardown),
    };
    return cmocka_run_group_tests_name("analyse", tests, NULL, NULL);
}
