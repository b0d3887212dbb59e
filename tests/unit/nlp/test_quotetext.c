/* tests/unit/nlp/test_quotetext.c — the text side of quotes (nlp/quotetext.h): a passage
 * prepared for the engine (sentences at the tokeniser's sentence ends, each token's term
 * and cue kinds), masking with and without redaction and with the speakers' names, and
 * the term of a single word. The vocabulary is built by hand: huur, keuken, lift. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/cues.h"
#include "nlp/quotetext.h"
#include "nlp/stem.h"
#include "nlp/stopwords.h"
#include "nlp/transcript.h"
#include "nlp/vocab.h"
#include "stemmed.h"

typedef struct {
    rd_stop *stop;
    rd_cues *cues;
    rd_vocab *v;
    int32_t huur, keuken, lift; /* their terms */
} fixture;

static int32_t term_of(const fixture *f, const char *w)
{
    uint32_t t = vocab_term_of(f->v, w);
    return t == RD_VOCAB_NONE ? -1 : (int32_t)t;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    rd_stemmer *st;
    rd_err err;
    if (!f || rd_stop_new(&f->stop, &err) || rd_stop_load_builtin(f->stop, &err) ||
        rd_cues_new(&f->cues, &err) || rd_cues_load_builtin(f->cues, &err) ||
        rd_vocab_new(&f->v, &err) || rd_stemmer_new(RD_STEM_ALGORITHM, &st, &err))
        return -1;
    const char *words[] = {"huur", "keuken", "lift"};
    for (size_t i = 0; i < 3; i++) {
        const char *s;
        size_t n;
        uint32_t t;
        if (rd_stem(st, words[i], strlen(words[i]), &s, &n, &err) ||
            rd_vocab_add_form(f->v, s, n, words[i], strlen(words[i]), 1, &t, &err))
            return -1;
        rd_vocab_add_counts(f->v, t, 1, 1);
    }
    rd_stemmer_free(st);
    uint32_t *map;
    size_t n_old;
    if (rd_vocab_prune(f->v, 3, 1, 1.0, &map, &n_old, &err))
        return -1;
    free(map);
    f->huur = term_of(f, "huur");
    f->keuken = term_of(f, "keuken");
    f->lift = term_of(f, "lift");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rd_vocab_free(f->v);
    rd_cues_free(f->cues);
    rd_stop_free(f->stop);
    free(f);
    return 0;
}

static rd_qtext *qtext(const fixture *f, int redact)
{
    rd_qtext *q = NULL;
    rd_err err;
    assert_int_equal(rd_qtext_new(f->stop, RD_STEM_ALGORITHM, f->cues, f->v, redact, &q, &err),
                     RD_OK);
    assert_non_null(q);
    return q;
}

static void expect_sentence(const rd_quote_passage *p, size_t i, const char *want)
{
    assert_true(i < p->n_sent);
    size_t b = p->sent[i].b, e = p->sent[i].e;
    assert_true(b <= e && e <= p->n);
    if (e - b != strlen(want) || memcmp(p->text + b, want, e - b) != 0)
        fail_msg("sentence %zu is \"%.*s\", not \"%s\"", i, (int)(e - b), p->text + b, want);
}

/* Sentences where the tokeniser ends them (! and ? always, . before a capital, not after a
 * listed abbreviation); each token's term (kept words in the vocabulary) and cue kinds. */
static void test_prepare(void **state)
{
    fixture *f = *state;
    rd_qtext *q = qtext(f, 1);
    rd_quote_passage p;
    rd_err err;
    const char *s = "Ik wil graag een nieuwe keuken. De huur is te hoog! "
                    "Bijv. de lift enz. werkt niet goed.";
    assert_int_equal(rd_qtext_prepare(q, s, strlen(s), &p, &err), RD_OK);
    assert_ptr_equal(p.text, s);
    assert_int_equal(p.n, strlen(s));
    assert_int_equal(p.n_sent, 3);
    expect_sentence(&p, 0, "Ik wil graag een nieuwe keuken.");
    expect_sentence(&p, 1, "De huur is te hoog!");
    expect_sentence(&p, 2, "Bijv. de lift enz. werkt niet goed.");
    const size_t st[] = {0, 6, 11, 18};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(p.sent_tok[i], st[i]);
    /* Ik wil graag een nieuwe keuken | De huur is te hoog | Bijv. de lift enz. werkt niet goed */
    const int32_t term[18] = {-1, -1, -1, -1, -1, f->keuken, -1, f->huur, -1, -1, -1,
                              -1, -1, f->lift, -1, -1, -1, -1};
    const uint8_t mot = 1u << RD_CUE_MOTIVATION, neg = 1u << RD_CUE_NEGATION,
                  pos = 1u << RD_CUE_POSITIVE;
    /* cue kinds as the forms have them: "goed" after "niet" is still positive here */
    const uint8_t cue[18] = {0, mot, mot, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, neg, pos};
    for (size_t t = 0; t < 18; t++) {
        assert_int_equal(p.tok_term[t], term[t]);
        assert_int_equal(p.tok_cue[t], cue[t]);
    }
    assert_true(f->huur >= 0 && f->keuken >= 0 && f->lift >= 0);
    /* blanks around sentences are not theirs; punctuation after a word is */
    const char *t = "  Is het huis mooi?\" Ja.  Klaar  ";
    assert_int_equal(rd_qtext_prepare(q, t, strlen(t), &p, &err), RD_OK);
    assert_int_equal(p.n_sent, 3);
    expect_sentence(&p, 0, "Is het huis mooi?\"");
    expect_sentence(&p, 1, "Ja.");
    expect_sentence(&p, 2, "Klaar");
    assert_int_equal(p.sent_tok[3], 6);
    assert_int_equal(p.tok_cue[3], pos); /* mooi */
    /* a passage of one sentence without an end */
    assert_int_equal(rd_qtext_prepare(q, "de lift", 7, &p, &err), RD_OK);
    assert_int_equal(p.n_sent, 1);
    expect_sentence(&p, 0, "de lift");
    assert_int_equal(p.tok_term[1], f->lift);
    rd_qtext_free(q);
    rd_qtext_free(NULL);
}

/* At most 512 sentences: the last holds the rest of the passage. */
static void test_many_sentences(void **state)
{
    fixture *f = *state;
    rd_qtext *q = qtext(f, 0);
    rd_quote_passage p;
    rd_err err;
    size_t n = 600 * 4;
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < 600; i++)
        memcpy(s + 4 * i, "Ja! ", 4);
    s[n] = '\0';
    assert_int_equal(rd_qtext_prepare(q, s, n, &p, &err), RD_OK);
    assert_int_equal(p.n_sent, 512);
    expect_sentence(&p, 0, "Ja!");
    expect_sentence(&p, 510, "Ja!");
    assert_int_equal(p.sent[511].b, 511 * 4);
    assert_int_equal(p.sent[511].e, n - 1); /* the trailing space is not the sentence's */
    assert_int_equal(p.sent_tok[511], 511);
    assert_int_equal(p.sent_tok[512], 600);
    for (size_t t = 0; t < 600; t++)
        assert_int_equal(p.tok_term[t], -1);
    free(s);
    rd_qtext_free(q);
}

/* Masking: the speakers' names (respondents' to the respondent id, interviewers' to
 * "[interviewer]", generic labels left alone) and personal data; without redaction the text
 * itself comes back. */
static void test_mask(void **state)
{
    fixture *f = *state;
    rd_transcript_builder *b;
    rd_transcript tr = {0};
    rd_err err;
    assert_int_equal(rd_transcript_build_new(&b, &err), RD_OK);
    const struct { const char *name; rd_role role; } spk[] = {
        {"Karin de Vries", RD_ROLE_RESPONDENT},
        {"Piet", RD_ROLE_INTERVIEWER},
        {"Respondent 3", RD_ROLE_RESPONDENT},
        {"", RD_ROLE_RESPONDENT},
    };
    for (size_t i = 0; i < 4; i++) {
        size_t h;
        assert_int_equal(rd_transcript_build_speaker(b, spk[i].name, strlen(spk[i].name), &h, &err),
                         RD_OK);
        assert_int_equal(rd_transcript_build_turn(b, h, spk[i].role, &err), RD_OK);
        assert_int_equal(rd_transcript_build_line(b, "Tekst.", 6, (uint32_t)i + 1, &err), RD_OK);
    }
    assert_int_equal(rd_transcript_build_finish(b, &tr, &err), RD_OK);
    rd_transcript_build_free(b);

    const char *s = "Karin zei tegen Piet dat Respondent 3 en De Vries belden: 06-12345678.";
    const char *o;
    size_t on;
    rd_qtext *q = qtext(f, 1);
    assert_int_equal(rd_qtext_mask(q, s, strlen(s), &o, &on, &err), RD_OK); /* no speakers yet */
    assert_string_equal(o, "Karin zei tegen Piet dat Respondent 3 en De Vries belden: [telefoon].");
    assert_int_equal(rd_qtext_speakers(q, &tr, "R07", &err), RD_OK);
    assert_int_equal(rd_qtext_mask(q, s, strlen(s), &o, &on, &err), RD_OK);
    assert_string_equal(o, "R07 zei tegen [interviewer] dat Respondent 3 en R07 belden: [telefoon].");
    assert_int_equal(on, strlen(o));
    /* speakers of another transcript replace them; none forgets them */
    assert_int_equal(rd_qtext_speakers(q, NULL, NULL, &err), RD_OK);
    assert_int_equal(rd_qtext_mask(q, "Karin belt.", 11, &o, &on, &err), RD_OK);
    assert_string_equal(o, "Karin belt.");
    assert_int_equal(rd_qtext_mask(q, "ab\xff", 3, &o, &on, &err), RD_EUTF8);
    rd_qtext_free(q);

    /* redaction off: the text itself, names or not */
    q = qtext(f, 0);
    assert_int_equal(rd_qtext_speakers(q, &tr, "R07", &err), RD_OK);
    assert_int_equal(rd_qtext_mask(q, s, strlen(s), &o, &on, &err), RD_OK);
    assert_ptr_equal(o, s);
    assert_int_equal(on, strlen(s));
    rd_qtext_free(q);
    rd_transcript_free(&tr);
}

/* The term of one word, normalised and stemmed like a corpus word. */
static void test_term(void **state)
{
    fixture *f = *state;
    rd_qtext *q = qtext(f, 0);
    rd_err err;
    int32_t t = 7;
    assert_int_equal(rd_qtext_term(q, "Huren", 5, &t, &err), RD_OK);
    assert_int_equal(t, f->huur);
    assert_int_equal(rd_qtext_term(q, "LIFT", 4, &t, &err), RD_OK);
    assert_int_equal(t, f->lift);
    assert_int_equal(rd_qtext_term(q, "Keuken", 6, &t, &err), RD_OK);
    assert_int_equal(t, f->keuken);
    assert_int_equal(rd_qtext_term(q, "hoog", 4, &t, &err), RD_OK);
    assert_int_equal(t, -1);
    assert_int_equal(rd_qtext_term(q, "45", 2, &t, &err), RD_OK); /* a number: no form */
    assert_int_equal(t, -1);
    assert_int_equal(rd_qtext_term(q, "", 0, &t, &err), RD_OK);
    assert_int_equal(t, -1);
    rd_qtext_free(q);
}

static void test_new_errors(void **state)
{
    fixture *f = *state;
    rd_qtext *q = (rd_qtext *)&q;
    rd_err err;
    assert_int_equal(rd_qtext_new(f->stop, "no-such-algorithm", NULL, f->v, 1, &q, &err), RD_EINVAL);
    assert_null(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_prepare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_sentences, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_term, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_errors, setup, teardown),
    };
    return cmocka_run_group_tests_name("quotetext", tests, NULL, NULL);
}
