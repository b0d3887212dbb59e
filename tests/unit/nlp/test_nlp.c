/* tests/unit/nlp/test_nlp.c — strtab, UTF-8 validation, normalisation, stop words,
 * stemming, the analyser and the vocabulary. */
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
#include "nlp/stem.h"
#include "nlp/stopwords.h"
#include "nlp/strtab.h"
#include "nlp/tokenise.h"
#include "nlp/utf8.h"
#include "nlp/vocab.h"

static void test_strtab(void **state)
{
    (void)state;
    rd_strtab *t = rd_strtab_new(0);
    char w[32];
    int is_new;
    assert_non_null(t);
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(w, sizeof w, "w%d", i);
        assert_int_equal(rd_strtab_intern(t, w, (size_t)n, &is_new), (uint32_t)i);
        assert_true(is_new);
    }
    for (int i = 0; i < 100000; i += 997) {
        int n = snprintf(w, sizeof w, "w%d", i);
        assert_int_equal(rd_strtab_find(t, w, (size_t)n), (uint32_t)i);
        assert_int_equal(rd_strtab_intern(t, w, (size_t)n, &is_new), (uint32_t)i);
        assert_false(is_new);
        size_t len;
        assert_string_equal(rd_strtab_str(t, (uint32_t)i, &len), w);
        assert_int_equal(len, (size_t)n);
    }
    assert_int_equal(rd_strtab_find(t, "nope", 4), RD_STRTAB_NONE);
    assert_int_equal(rd_strtab_count(t), 100000);
    /* embedded NUL and empty strings are distinct keys */
    uint32_t a = rd_strtab_intern(t, "a\0b", 3, NULL), b = rd_strtab_intern(t, "a", 1, NULL);
    uint32_t e = rd_strtab_intern(t, "", 0, NULL);
    assert_true(a != b && b != e && a != e);
    rd_strtab_free(t);
    rd_strtab_free(NULL);
}

static void test_utf8(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(rd_utf8_valid("", 0, &bad));
    assert_true(rd_utf8_valid("ideeën café €", strlen("ideeën café €"), &bad));
    assert_true(rd_utf8_valid("\xf0\x9f\x98\x80", 4, &bad)); /* emoji */
    const struct { const char *s; size_t n, at; } badc[] = {
        {"abc\xff", 4, 3},
        {"ab\xc3", 3, 2},                 /* truncated at the end */
        {"\xc0\xaf", 2, 0},               /* overlong / */
        {"x\xe0\x80\xaf", 4, 1},          /* overlong */
        {"ok \xed\xa0\x80", 6, 3},        /* surrogate */
        {"\xf4\x90\x80\x80", 4, 0},       /* above U+10FFFF */
        {"12345678901234567\x80", 18, 17}, /* after the 8-byte fast path */
        {"caf\xe9 ", 5, 3},               /* Latin-1 é */
    };
    for (size_t i = 0; i < sizeof badc / sizeof badc[0]; i++) {
        assert_false(rd_utf8_valid(badc[i].s, badc[i].n, &bad));
        assert_int_equal(bad, badc[i].at);
    }
}

static void test_normalise(void **state)
{
    (void)state;
    rd_norm *nz;
    rd_err err;
    const char *o;
    size_t n;
    assert_int_equal(rd_norm_new(&nz, &err), RD_OK);
    const struct { const char *in, *out; } c[] = {
        {"HUURDER", "huurder"},
        {"Geïnteresseerd", "geïnteresseerd"},
        {"Gei\xcc\x88nteresseerd", "geïnteresseerd"}, /* decomposed → NFC */
        {"IDEEËN", "ideeën"},
        {"Foto’s", "foto's"},
        {"STRAẞE", "strasse"},                        /* full case folding */
        {"e‐mail", "e-mail"},                         /* U+2010 hyphen */
        {"CAFÉ", "café"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        assert_int_equal(rd_norm_apply(nz, c[i].in, strlen(c[i].in), &o, &n, &err), RD_OK);
        assert_int_equal(n, strlen(c[i].out));
        assert_string_equal(o, c[i].out);
    }
    /* a long non-ASCII token grows the buffers */
    char big[3000];
    for (size_t i = 0; i + 2 <= sizeof big - 1; i += 2)
        memcpy(big + i, "\xc3\x89", 2); /* É */
    big[sizeof big - 2] = '\0';
    assert_int_equal(rd_norm_apply(nz, big, strlen(big), &o, &n, &err), RD_OK);
    assert_int_equal(n, strlen(big));
    assert_memory_equal(o, "\xc3\xa9", 2);
    assert_non_null(rd_norm_unicode_version());
    rd_norm_free(nz);
}

/* Longest filler phrase at the start of words[0..n), through the phrase-word ids the
 * analyser uses. */
static size_t match(const rd_stop *sw, const char *const *words, size_t n)
{
    uint32_t ids[8];
    for (size_t k = 0; k < n; k++)
        ids[k] = rd_stop_phrase_word(sw, words[k], strlen(words[k]));
    return rd_stop_match_ids(sw, ids, n);
}

static void test_stopwords(void **state)
{
    (void)state;
    rd_stop *sw;
    rd_err err;
    assert_int_equal(rd_stop_new(&sw, &err), RD_OK);
    assert_int_equal(rd_stop_load_builtin(sw, &err), RD_OK);
    assert_true(rd_stop_has(sw, "de", 2));
    assert_true(rd_stop_has(sw, "ehm", 3));
    assert_true(rd_stop_has(sw, "nou", 3));
    assert_false(rd_stop_has(sw, "huur", 4));
    assert_true(rd_stop_starts_phrase(sw, "zeg", 3));
    const char *f[] = {"weet", "je", "wel", "toch"};
    assert_int_equal(match(sw, f, 4), 3); /* longest: "weet je wel" */
    assert_int_equal(match(sw, f, 2), 2);
    const char *g[] = {"weet", "niet"};
    assert_int_equal(match(sw, g, 2), 0);
    /* user list: comments, blanks, case folding, phrases */
    const char *user = "# mijn lijst\n\n  Woningcorporatie  # trailing comment\nDe Linde\r\n";
    assert_int_equal(rd_stop_load(sw, user, strlen(user), "extra.txt", &err), RD_OK);
    assert_true(rd_stop_has(sw, "woningcorporatie", 16));
    const char *h[] = {"de", "linde"};
    assert_int_equal(match(sw, h, 2), 2);
    /* invalid UTF-8 names file, byte and line */
    assert_int_equal(rd_stop_load(sw, "a\nb\xff\n", 5, "extra.txt", &err), RD_EUTF8);
    assert_string_equal(err.msg, "extra.txt: invalid UTF-8 at byte 3 (line 2)");
    assert_int_equal(rd_utf8_line_of("a\nb\n\nc", 0), 1);
    assert_int_equal(rd_utf8_line_of("a\nb\n\nc", 2), 2);
    assert_int_equal(rd_utf8_line_of("a\nb\n\nc", 5), 4);
    rd_stop_free(sw);
}

static void test_stem(void **state)
{
    (void)state;
    rd_stemmer *s;
    rd_err err;
    const char *o;
    size_t n;
    assert_int_equal(rd_stemmer_new("no-such-algorithm", &s, &err), RD_EINVAL);
    assert_null(s);
    assert_int_equal(rd_stemmer_new(RD_STEM_ALGORITHM, &s, &err), RD_OK);
    assert_string_equal(rd_stemmer_algorithm(s), "dutch");
    /* Porter's Dutch stemmer as shipped in libstemmer 2.2.0 */
    const struct { const char *w, *st; } c[] = {
        {"kinderen", "kinder"}, {"woningen", "woning"}, {"huurders", "huurder"},
        {"bewoners", "bewoner"}, {"ideeën", "ideeen"}, {"lekkage", "lekkag"},
    };
    for (int rep = 0; rep < 2; rep++) /* second round comes from the cache */
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
            assert_int_equal(rd_stem(s, c[i].w, strlen(c[i].w), &o, &n, &err), RD_OK);
            assert_string_equal(o, c[i].st);
        }
    rd_stemmer_free(s);
}

static void test_analyse(void **state)
{
    (void)state;
    rd_stop *sw;
    rd_an *an;
    rd_err err;
    assert_int_equal(rd_stop_new(&sw, &err), RD_OK);
    assert_int_equal(rd_stop_load_builtin(sw, &err), RD_OK);
    assert_int_equal(rd_an_new(sw, "dutch", &an, &err), RD_OK);
    const char *s = "Nou, eh, de huur is zeg maar te hoog, weet je wel: € 45,- per maand. Foto's!";
    assert_int_equal(rd_an_run(an, s, strlen(s), &err), RD_OK);
    size_t nt = rd_an_count(an);
    const rd_token *t = rd_an_tokens(an);
    const uint8_t *kept = rd_an_kept(an);
    char got[256] = "";
    for (size_t i = 0; i < nt; i++)
        if (kept[i]) {
            strncat(got, s + t[i].off, t[i].len);
            strcat(got, " ");
        }
    assert_string_equal(got, "huur hoog maand Foto's ");
    const uint32_t *f = rd_an_forms(an);
    const char *stem;
    size_t sn;
    assert_int_equal(rd_an_form_stem(an, f[nt - 1], &stem, &sn, &err), RD_OK);
    assert_string_equal(stem, "foto");
    rd_an_free(an);
    rd_stop_free(sw);
}

/* The analyser runs the tokeniser's fast path fused with its lookups: its tokens must be
 * exactly rd_tok_words' tokens, and each word's form its normalised text, on any text.
 * Random strings over pieces that sit on the fast path's edges (dots, colons, "www",
 * "http", listed abbreviations, initials, e-mail and URL shapes, apostrophes, hyphens,
 * digits, accents, long words), 200,000 of them from a fixed seed. */
static void test_analyse_matches_tokeniser(void **state)
{
    (void)state;
    static const char *const piece[] = {
        "a", "B", "de", "Huur", "woning", "bijv", "enz", "Mevr", "www", "WWW", "http", "https",
        "d", "w", "z", "o", "x", ".", ".", ":", ":", ",", " ", " ", " ", "\n", "@", "-", "'", "+",
        "/", "1", "06", "2025", "€", "é", "ë", "Ä", "ß", "…", "’", "t", "s", "?", "!", "(", ")",
        "\"", "nl", "com", "_", "%", "Straßenbahnhaltestellen", "onderhoudswerkzaamheden",
        "verduurzamingsmaatregelenpakket", "zo'n", "e.d", "c.v.", "HR++", "t/m", "\t", "…"};
    rd_stop *sw;
    rd_an *an;
    rd_norm *nz;
    rd_err err;
    rd_tokens ref = {0};
    assert_int_equal(rd_stop_new(&sw, &err), RD_OK);
    assert_int_equal(rd_stop_load_builtin(sw, &err), RD_OK);
    assert_int_equal(rd_an_new(sw, "dutch", &an, &err), RD_OK);
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
    rd_an_free(an);
    rd_stop_free(sw);
}

/* Terms (stems of kept forms) with per-analyser ids, and a vocabulary that adopts one
 * analyser's tables and takes in another's: the merge the text stage does. */
static void test_terms_and_adopt(void **state)
{
    (void)state;
    rd_stop *sw;
    rd_an *a, *b;
    rd_err err;
    const uint32_t *terms;
    size_t nk;
    assert_int_equal(rd_stop_new(&sw, &err), RD_OK);
    assert_int_equal(rd_stop_load_builtin(sw, &err), RD_OK);
    assert_int_equal(rd_an_new(sw, "dutch", &a, &err), RD_OK);
    assert_int_equal(rd_an_new(sw, "dutch", &b, &err), RD_OK);
    const char *sa = "De huur en de huren, huur! Kinderen.";
    assert_int_equal(rd_an_run(a, sa, strlen(sa), &err), RD_OK);
    assert_int_equal(rd_an_terms(a, &terms, &nk, &err), RD_OK);
    assert_int_equal(nk, 4); /* huur huren huur kinderen; de, en are stop words */
    assert_int_equal(terms[0], terms[1]);
    assert_int_equal(terms[0], terms[2]);
    assert_true(terms[3] != terms[0]);
    assert_int_equal(rd_an_term_count(a), 2);
    size_t n;
    assert_string_equal(rd_an_term_str(a, terms[0], &n), "hur");
    assert_string_equal(rd_an_term_str(a, terms[3], &n), "kinder");
    const char *sb = "kinderen kinderen kind huren huren huren";
    assert_int_equal(rd_an_run(b, sb, strlen(sb), &err), RD_OK);
    assert_int_equal(rd_an_terms(b, &terms, &nk, &err), RD_OK);
    assert_int_equal(nk, 6);
    assert_int_equal(terms[0], 0); /* b's own ids: kinder first */

    /* merge: a's tables become the vocabulary's, b's terms and forms are added */
    size_t na_t = rd_an_term_count(a), na_f = rd_an_form_count(a);
    rd_strtab *ta, *fa;
    rd_an_take_tables(a, &ta, &fa);
    rd_vocab *v;
    assert_int_equal(rd_vocab_adopt(ta, fa, &v, &err), RD_OK);
    for (size_t f = 0; f < na_f; f++)
        if (rd_an_form_uses(a, (uint32_t)f))
            rd_vocab_form_uses(v, (uint32_t)f, rd_an_form_term(a, (uint32_t)f),
                               rd_an_form_uses(a, (uint32_t)f));
    assert_int_equal(na_t, 2);
    rd_vocab_add_counts(v, 0, 1, 3); /* hur: one passage, three uses */
    rd_vocab_add_counts(v, 1, 1, 1); /* kinder */
    uint32_t map[8];
    for (size_t t = 0; t < rd_an_term_count(b); t++) {
        const char *st = rd_an_term_str(b, (uint32_t)t, &n);
        assert_int_equal(rd_vocab_add_term(v, st, n, &map[t], &err), RD_OK);
    }
    assert_int_equal(map[0], 1); /* kinder is a's term 1 */
    rd_vocab_add_counts(v, map[0], 1, 2);
    rd_vocab_add_counts(v, map[1], 1, 1); /* kind */
    rd_vocab_add_counts(v, map[2], 1, 3); /* hur */
    for (size_t f = 0; f < rd_an_form_count(b); f++) {
        uint64_t u = rd_an_form_uses(b, (uint32_t)f);
        if (!u)
            continue;
        const char *fs = rd_an_form_str(b, (uint32_t)f, &n);
        uint32_t g;
        assert_int_equal(rd_vocab_intern_form(v, fs, n, &g, &err), RD_OK);
        rd_vocab_form_uses(v, g, map[rd_an_form_term(b, (uint32_t)f)], u);
    }
    uint32_t *pm;
    size_t n_old;
    assert_int_equal(rd_vocab_prune(v, 3, 1, 1.0, &pm, &n_old, &err), RD_OK);
    /* the stop words in a's adopted lexicon are no term's forms: not labels, not terms */
    assert_int_equal(rd_vocab_size(v), 3);
    assert_string_equal(rd_vocab_term(v, 0, &n), "hur");
    assert_string_equal(rd_vocab_label(v, 0, &n), "huren"); /* 1 + 3 uses against huur's 2 */
    assert_int_equal(rd_vocab_df(v, 0), 2);
    assert_int_equal(rd_vocab_tf(v, 0), 6);
    assert_string_equal(rd_vocab_term(v, 1, &n), "kind");
    assert_string_equal(rd_vocab_term(v, 2, &n), "kinder");
    assert_string_equal(rd_vocab_label(v, 2, &n), "kinderen");
    assert_int_equal(rd_vocab_tf(v, 2), 3);
    free(pm);
    rd_vocab_free(v);
    rd_an_free(a);
    rd_an_free(b);
    rd_stop_free(sw);
}

/* Cue lists: kinds, prefixes, normalisation, format errors; the analyser's counts with
 * the negation rule. */
static void test_cues(void **state)
{
    (void)state;
    rd_cues *c;
    rd_stop *sw;
    rd_an *an;
    rd_err err;
    assert_int_equal(rd_cues_new(&c, &err), RD_OK);
    assert_int_equal(rd_cues_load_builtin(c, &err), RD_OK);
    assert_true(rd_cues_count(c) > 100);
    assert_int_equal(rd_cues_match(c, "graag", 5), 1u << RD_CUE_MOTIVATION);
    assert_int_equal(rd_cues_match(c, "belangrijkste", 13), 1u << RD_CUE_MOTIVATION);
    assert_int_equal(rd_cues_match(c, "maar", 4), 1u << RD_CUE_CONTRAST);
    assert_int_equal(rd_cues_match(c, "frustrerend", 11), 1u << RD_CUE_NEGATIVE);
    assert_int_equal(rd_cues_match(c, "huur", 4), 0u);
    const char *extra = "# comment\nmotivation PARKEERPLEK\n  negative tocht*  \n";
    assert_int_equal(rd_cues_load(c, extra, strlen(extra), "x.txt", &err), RD_OK);
    assert_int_equal(rd_cues_match(c, "parkeerplek", 11), 1u << RD_CUE_MOTIVATION);
    assert_int_equal(rd_cues_match(c, "tochtig", 7), 1u << RD_CUE_NEGATIVE);
    const char *bad = "motivation graag\nwens iets\n";
    assert_int_equal(rd_cues_load(c, bad, strlen(bad), "bad.txt", &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "bad.txt:2:"));
    const char *two = "negative twee woorden\n";
    assert_int_equal(rd_cues_load(c, two, strlen(two), "two.txt", &err), RD_EDATA);

    assert_int_equal(rd_stop_new(&sw, &err), RD_OK);
    assert_int_equal(rd_stop_load_builtin(sw, &err), RD_OK);
    assert_int_equal(rd_an_new(sw, "dutch", &an, &err), RD_OK);
    rd_an_set_cues(an, c);
    const char *s = "Ik wil graag een nieuwe keuken, maar de monteur is niet goed en nooit echt "
                    "prettig. Het is goed, fijn zelfs.";
    assert_int_equal(rd_an_run(an, s, strlen(s), &err), RD_OK);
    const uint32_t *n = rd_an_cue_counts(an);
    assert_int_equal(n[RD_CUE_MOTIVATION], 2);  /* wil graag */
    assert_int_equal(n[RD_CUE_CONTRAST], 1);    /* maar */
    assert_int_equal(n[RD_CUE_NEGATION], 2);    /* niet nooit */
    assert_int_equal(n[RD_CUE_NEGATIVE], 2);    /* niet goed, nooit echt prettig */
    assert_int_equal(n[RD_CUE_POSITIVE], 2);    /* goed, fijn */
    assert_int_equal(n[RD_CUE__COUNT], 21);     /* word tokens */
    rd_an_free(an);
    rd_stop_free(sw);
    rd_cues_free(c);
}

static void test_vocab(void **state)
{
    (void)state;
    rd_vocab *v;
    rd_err err;
    uint32_t t_huur, t_huur2, t_kind, t_app, *map;
    size_t n_old;
    assert_int_equal(rd_vocab_new(&v, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "hur", 3, "huur", 4, 5, &t_huur, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "hur", 3, "huren", 5, 5, &t_huur2, &err), RD_OK);
    assert_int_equal(t_huur, t_huur2);
    assert_int_equal(rd_vocab_add_form(v, "kinder", 6, "kinderen", 8, 3, &t_kind, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "app", 3, "app", 3, 1, &t_app, &err), RD_OK);
    /* 4 documents: huur in 3 (tf 10), kinder in 2 (tf 3), app in 1 */
    rd_vocab_add_counts(v, t_huur, 2, 7);
    rd_vocab_add_counts(v, t_huur, 1, 3); /* counts add up */
    rd_vocab_add_counts(v, t_kind, 2, 3);
    rd_vocab_add_counts(v, t_app, 1, 1);
    /* min_df 2 drops app; max_df 0.5 of 4 docs drops huur (df 3 > 2) */
    assert_int_equal(rd_vocab_prune(v, 4, 2, 0.5, &map, &n_old, &err), RD_OK);
    assert_int_equal(n_old, 3);
    assert_int_equal(rd_vocab_size(v), 1);
    assert_int_equal(map[t_huur], RD_VOCAB_NONE);
    assert_int_equal(map[t_app], RD_VOCAB_NONE);
    assert_int_equal(map[t_kind], 0);
    assert_string_equal(rd_vocab_term(v, 0, NULL), "kinder");
    assert_string_equal(rd_vocab_label(v, 0, NULL), "kinderen");
    assert_int_equal(rd_vocab_df(v, 0), 2);
    assert_int_equal(rd_vocab_tf(v, 0), 3);
    free(map);
    rd_vocab_free(v);

    /* labels: ties go to the form that sorts first; order by stem bytes; by_tf order */
    assert_int_equal(rd_vocab_new(&v, &err), RD_OK);
    uint32_t a, b;
    assert_int_equal(rd_vocab_add_form(v, "zon", 3, "zonnen", 6, 2, &a, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "zon", 3, "zon", 3, 2, &a, &err), RD_OK);
    assert_int_equal(rd_vocab_add_form(v, "aan", 3, "aan", 3, 1, &b, &err), RD_OK);
    rd_vocab_add_counts(v, a, 1, 2);
    rd_vocab_add_counts(v, b, 1, 2);
    assert_int_equal(rd_vocab_prune(v, 2, 1, 1.0, &map, &n_old, &err), RD_OK);
    assert_string_equal(rd_vocab_term(v, 0, NULL), "aan");
    assert_string_equal(rd_vocab_label(v, 1, NULL), "zon");
    uint32_t *order;
    assert_int_equal(rd_vocab_by_tf(v, &order, &err), RD_OK);
    assert_int_equal(order[0], 0); /* equal tf: term order */
    free(order);
    free(map);
    rd_vocab_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strtab),    cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_normalise), cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_stem),      cmocka_unit_test(test_analyse),
        cmocka_unit_test(test_vocab),     cmocka_unit_test(test_cues),
        cmocka_unit_test(test_analyse_matches_tokeniser),
        cmocka_unit_test(test_terms_and_adopt),
    };
    return cmocka_run_group_tests_name("nlp", tests, NULL, NULL);
}
