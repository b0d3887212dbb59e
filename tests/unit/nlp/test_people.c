/* tests/unit/nlp/test_people.c — names of people (nlp/people.h): the decision rule by rule
 * with a small lexicon written here, without a lexicon, and with Debian's hunspell-nl when
 * it is installed (skipped otherwise); the counting of the evidence (capitals at a
 * sentence start or inside one, lower case, person and place cues, capitals inside a word)
 * through the text stage on texts in memory, the same on 1 and 3 workers; the names leaving
 * the vocabulary (and its labels) while places stay; the list of names to mask. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nlp/people.h"
#include "nlp/stem.h"
#include "nlp/stopwords.h"
#include "nlp/textstage.h"
#include "nlp/transcript.h"

/* OpenTaal's style: PN proper nouns (persons and places), PI places, Zb a plural. */
static const char aff[] = "FLAG long\nSFX Zb Y 1\nSFX Zb 0 en .\n";
static const char dic[] =
    "Jansen/PN\nKarin/PN\nSamira/PN\nNoor/PN\nRoos/PN\nroos/Zb\nBas/PN\nbas\nUtrecht/PNPI\n"
    "Zwolle\nBelastingdienst\nTurks\njumbo\nbakker/Zb\nvisser/Zb\nschimmel\nlinde\nLinde/PN\n"
    "huis/Zb\nkoster/Zb\n";

static rd_lex *small_lexicon(void)
{
    rd_lex *lx = NULL;
    rd_err err;
    assert_int_equal(rd_lex_new(aff, strlen(aff), dic, strlen(dic), NULL, &lx, &err), RD_OK);
    return lx;
}

/* ---- the decision --------------------------------------------------------------------- */

typedef struct {
    const char *form;
    rd_people_ev ev; /* start, mid, person, place, caps, uses */
    rd_people_rule want;
} jcase;

static void judge_all(const rd_lex *lx, const jcase *cs, size_t n)
{
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        rd_people_rule r = rd_people_judge(lx, cs[i].form, strlen(cs[i].form), &cs[i].ev);
        if (r != cs[i].want) {
            print_error("%s: got %s, want %s\n", cs[i].form, rd_people_rule_name(r),
                        rd_people_rule_name(cs[i].want));
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static void test_rules(void **state)
{
    (void)state;
    rd_lex *lx = small_lexicon();
    static const jcase cases[] = {
        /* 1. only at sentence starts: a name only for a proper noun never in lower case */
        {"karin", {3, 0, 0, 0, 0, 3}, RD_PEOPLE_START_NAME},
        {"karin", {3, 0, 0, 0, 0, 4}, RD_PEOPLE_RARE},
        {"schimmel", {2, 0, 0, 0, 0, 20}, RD_PEOPLE_RARE},
        {"kowalczyk", {2, 0, 0, 0, 0, 2}, RD_PEOPLE_RARE},
        {"kowalczyk", {2, 0, 1, 0, 0, 2}, RD_PEOPLE_START_NAME}, /* "Kowalczyk zegt" */
        {"kowalczyk", {2, 0, 1, 0, 0, 3}, RD_PEOPLE_RARE},       /* once in lower case */
        {"schimmel", {2, 0, 1, 0, 0, 2}, RD_PEOPLE_RARE},        /* an ordinary word */
        /* 2. capitals, inner capitals, not letters */
        {"ggd", {0, 4, 0, 0, 4, 4}, RD_PEOPLE_SHAPE},
        {"whatsapp", {0, 3, 0, 0, 2, 3}, RD_PEOPLE_SHAPE},
        {"hr++-glas", {0, 2, 0, 0, 0, 2}, RD_PEOPLE_SHAPE},
        {"a4'tje", {0, 1, 0, 0, 0, 1}, RD_PEOPLE_SHAPE},
        /* 3. person cues: a name; it leaves the terms when not in lower case more often */
        {"bakker", {0, 3, 2, 0, 0, 4}, RD_PEOPLE_CUE_NAME},
        {"bakker", {0, 3, 1, 0, 0, 9}, RD_PEOPLE_CUE_WORD},
        {"zwolle", {0, 2, 2, 1, 0, 2}, RD_PEOPLE_CUE_NAME}, /* "meneer Zwolle" */
        {"jansen", {0, 2, 1, 1, 0, 2}, RD_PEOPLE_PROPER_NAME}, /* a tie is no cue */
        /* 4. places by the lexicon, by their ending, made from a place name */
        {"utrecht", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_PLACE},
        {"zwolle", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_PLACE},
        {"belastingdienst", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_PLACE},
        {"rivierenbuurt", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_PLACE},
        {"kerkstraat", {0, 1, 0, 0, 0, 1}, RD_PEOPLE_PLACE},
        {"turkse", {0, 2, 0, 0, 0, 2}, RD_PEOPLE_PLACE},
        /* 5. place cues in half the mid-sentence uses */
        {"lindenhorst", {0, 4, 0, 2, 0, 4}, RD_PEOPLE_PLACE_CUES},
        {"lindenhorst", {0, 4, 2, 2, 0, 4}, RD_PEOPLE_CAPITALISED}, /* a tie is no cue */
        {"linde", {0, 70, 0, 69, 0, 70}, RD_PEOPLE_PLACE_CUES},
        {"lindenhorst", {0, 5, 0, 2, 0, 5}, RD_PEOPLE_PLACE_CUES}, /* 7's quarter */
        {"lindenhorst", {0, 9, 0, 2, 0, 9}, RD_PEOPLE_CAPITALISED},
        {"lindenhorst", {0, 8, 2, 2, 0, 8}, RD_PEOPLE_CAPITALISED},
        /* 6. a proper noun of the lexicon that is no ordinary word */
        {"samira", {1, 2, 0, 0, 0, 3}, RD_PEOPLE_PROPER_NAME},
        {"samira's", {0, 1, 0, 0, 0, 1}, RD_PEOPLE_PROPER_NAME},
        {"noor", {0, 1, 0, 0, 0, 3}, RD_PEOPLE_PROPER_WORD},
        /* 7. capitalised nearly everywhere: proper and ordinary, unknown, common surname */
        {"roos", {0, 9, 0, 0, 0, 10}, RD_PEOPLE_CAPITALISED},
        {"roos", {0, 5, 0, 0, 0, 10}, RD_PEOPLE_CAPITALISED}, /* proper noun: most uses */
        {"roos", {0, 4, 0, 0, 0, 10}, RD_PEOPLE_CAPITALISED_WORD},
        {"kowalczyk", {0, 8, 0, 0, 0, 9}, RD_PEOPLE_CAPITALISED_WORD}, /* unknown: 9 x */
        {"kowalczyk", {1, 1, 0, 0, 0, 2}, RD_PEOPLE_CAPITALISED},
        {"visser", {0, 2, 0, 0, 0, 2}, RD_PEOPLE_CAPITALISED},
        {"een", {16, 1, 0, 0, 0, 17}, RD_PEOPLE_WORD}, /* mostly sentence starts */
        {"kowalczyk", {0, 1, 0, 0, 0, 2}, RD_PEOPLE_WORD},
        /* 8. an ordinary word capitalised here */
        {"jumbo", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_WORD},
        {"schimmel", {0, 1, 0, 0, 0, 21}, RD_PEOPLE_WORD},
        {"huis", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_WORD},
    };
    judge_all(lx, cases, sizeof cases / sizeof *cases);
    rd_lex_free(lx);
}

static void test_rules_without_lexicon(void **state)
{
    (void)state;
    static const jcase cases[] = {
        {"karin", {3, 0, 0, 0, 0, 3}, RD_PEOPLE_RARE},       /* no lexicon to say so */
        {"gisteren", {3, 0, 2, 0, 0, 3}, RD_PEOPLE_RARE},    /* "Gisteren zei ik" */
        {"utrecht", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_CAPITALISED}, /* every word is unknown */
        {"utrecht", {0, 3, 0, 2, 0, 3}, RD_PEOPLE_PLACE_CUES},
        {"rivierenbuurt", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_PLACE},
        {"jumbo", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_CAPITALISED},
        {"bakker", {0, 1, 1, 0, 0, 1}, RD_PEOPLE_CUE_NAME},
        {"schimmel", {0, 1, 0, 0, 0, 21}, RD_PEOPLE_WORD},
    };
    judge_all(NULL, cases, sizeof cases / sizeof *cases);
    assert_true(rd_people_rule_drops(RD_PEOPLE_CUE_NAME) && rd_people_rule_masks(RD_PEOPLE_CUE_NAME));
    assert_true(!rd_people_rule_drops(RD_PEOPLE_CUE_WORD) && rd_people_rule_masks(RD_PEOPLE_CUE_WORD));
    assert_true(!rd_people_rule_masks(RD_PEOPLE_PLACE) && !rd_people_rule_masks(RD_PEOPLE_WORD));
    assert_string_equal(rd_people_rule_name(RD_PEOPLE_CAPITALISED_WORD), "capitalised-word");
}

/* Debian's hunspell-nl (skipped when it is not installed). */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long len = ftell(f);
        rewind(f);
        if (len >= 0 && (s = malloc((size_t)len + 1)) && fread(s, 1, (size_t)len, f) == (size_t)len)
            *n = (size_t)len;
        else
            free(s), s = NULL;
    }
    fclose(f);
    return s;
}

static void test_rules_debian(void **state)
{
    (void)state;
    size_t an = 0, dn = 0;
    char *a = slurp("/usr/share/hunspell/nl.aff", &an), *d = slurp("/usr/share/hunspell/nl.dic", &dn);
    if (!a || !d) {
        free(a);
        free(d);
        skip();
    }
    rd_lex *lx = NULL;
    rd_err err;
    assert_int_equal(rd_lex_new(a, an, d, dn, NULL, &lx, &err), RD_OK);
    static const jcase cases[] = {
        {"samira", {0, 2, 0, 0, 0, 2}, RD_PEOPLE_PROPER_NAME},
        {"jayden", {5, 5, 1, 0, 0, 10}, RD_PEOPLE_CUE_NAME},
        {"jayden", {5, 5, 0, 0, 0, 10}, RD_PEOPLE_PROPER_NAME},
        {"zofia", {0, 5, 0, 0, 0, 5}, RD_PEOPLE_CAPITALISED},      /* not in the lexicon */
        {"bakker", {0, 3, 2, 0, 0, 3}, RD_PEOPLE_CUE_NAME},        /* mevrouw Bakker */
        {"roos", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_CAPITALISED},       /* Roos, and roos */
        {"utrecht", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_PLACE},
        {"zwolle", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_PLACE},           /* no flag at all */
        {"kanaleneiland", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_PLACE},
        {"belastingdienst", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_PLACE},
        {"marokkaanse", {0, 2, 0, 0, 0, 2}, RD_PEOPLE_PLACE},
        {"jumbo", {0, 3, 0, 0, 0, 3}, RD_PEOPLE_WORD},
        {"leiden", {0, 2, 0, 0, 0, 2}, RD_PEOPLE_WORD},            /* a verb too */
    };
    judge_all(lx, cases, sizeof cases / sizeof *cases);
    rd_lex_free(lx);
    free(a);
    free(d);
}

/* ---- counting, through the text stage -------------------------------------------------- */

/* Each source is one transcript; its passages are the strings, each a respondent turn. */
typedef struct {
    const char *const *src[8];
    size_t n;
} corpus;

static rd_status mem_load(void *ctx, size_t i, int worker, rd_source *out, rd_err *err)
{
    const corpus *c = ctx;
    rd_transcript_builder *b = NULL;
    size_t spk;
    rd_status rc = rd_transcript_build_new(&b, err);
    (void)worker;
    if (rc == RD_OK && !(out->u = calloc(1, sizeof *out->u)))
        rc = rd_fail(err, RD_ENOMEM, "units");
    if (rc == RD_OK)
        out->n_u = 1;
    if (rc == RD_OK)
        rc = rd_transcript_build_speaker(b, "R", 1, &spk, err);
    for (const char *const *p = c->src[i]; rc == RD_OK && *p; p++)
        if ((rc = rd_transcript_build_turn(b, spk, RD_ROLE_RESPONDENT, err)) == RD_OK)
            rc = rd_transcript_build_line(b, *p, strlen(*p), (uint32_t)(p - c->src[i] + 1), err);
    if (rc == RD_OK)
        rc = rd_transcript_build_finish(b, &out->u[0].tr, err);
    rd_transcript_build_free(b);
    return rc;
}

typedef struct {
    rd_stop *stop;
    rd_people *p;
    rd_ts_result res;
    const rd_lex *lex;
} staged;

static const rd_lex *get_lex(void *ctx)
{
    return ((staged *)ctx)->lex;
}

static void stage(staged *s, const corpus *c, int threads, const rd_lex *lx)
{
    static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    rd_err err;
    rd_errlist problems = {0};
    memset(s, 0, sizeof *s);
    s->lex = lx;
    assert_int_equal(rd_stop_new(&s->stop, &err), RD_OK);
    assert_int_equal(rd_stop_load_builtin(s->stop, &err), RD_OK);
    assert_int_equal(rd_people_new(threads, &s->p, &err), RD_OK);
    rd_people_set_lexicon(s->p, get_lex, s);
    rd_ts_sources src = {.n = c->n, .name = names, .load = mem_load, .ctx = (void *)c};
    rd_ts_opts o = {.mode = RD_TS_COUNT, .threads = threads, .stop = s->stop,
                    .algo = RD_STEM_ALGORITHM, .min_df = 1, .max_df = 1.0, .people = s->p};
    assert_int_equal(rd_ts_run(&src, &o, &s->res, &problems, &err), RD_OK);
    assert_int_equal(problems.n, 0);
}

static void unstage(staged *s)
{
    rd_ts_result_free(&s->res);
    rd_people_free(s->p);
    rd_stop_free(s->stop);
}

static rd_people_ev ev_of(const staged *s, const char *w, rd_people_rule *rule)
{
    rd_people_ev e;
    rd_people_rule r;
    if (!rd_people_lookup(s->p, w, strlen(w), &e, &r)) {
        print_error("%s: no evidence\n", w);
        fail();
    }
    if (rule)
        *rule = r;
    return e;
}

#define EXPECT_EV(s, w, st, mi, pe, pl, ca, us)                                                 \
    do {                                                                                       \
        rd_people_ev e_ = ev_of(s, w, NULL);                                                   \
        /* field by field: memcmp would compare the padding before uses */                    \
        if (e_.start != (st) || e_.mid != (mi) || e_.person != (pe) || e_.place != (pl) ||     \
            e_.caps != (ca) || e_.uses != (us)) {                                              \
            print_error("%s: start %u mid %u person %u place %u caps %u uses %llu\n", w,        \
                        e_.start, e_.mid, e_.person, e_.place, e_.caps,                        \
                        (unsigned long long)e_.uses);                                          \
            fail();                                                                            \
        }                                                                                      \
    } while (0)

static const char *const doc_a[] = {
    "Mijn dochter Noor gaat naar school. Noor is zes, en Noor's juf is lief.",
    "Ik woon in Utrecht. Bij de Belastingdienst werkt Gerrit van der Wal.",
    "De GGD en WhatsApp. Een roos in de tuin, zei mevrouw Roos.",
    NULL};
static const char *const doc_b[] = {
    "Vroeger woonde ik in Utrecht, nu bij Noor. Schimmel! Er is schimmel, veel schimmel.",
    "Karin zegt het ook. Met Karin en meneer van Dijk, in de Rivierenbuurt. Elif zei niets.",
    "Een medewerker van Ymere, en klant bij Ymere. Tijdens de Ramadan. G. de Boer",
    NULL};

static void test_count(void **state)
{
    (void)state;
    staged s;
    corpus c = {{doc_a, doc_b}, 2};
    stage(&s, &c, 1, NULL);
    /* start, mid, person, place, caps, uses */
    EXPECT_EV(&s, "noor", 1, 2, 1, 0, 0, 3);       /* dochter; bij is no place cue */
    EXPECT_EV(&s, "noor's", 0, 1, 0, 0, 0, 1);
    EXPECT_EV(&s, "utrecht", 0, 2, 0, 2, 0, 2);
    EXPECT_EV(&s, "belastingdienst", 0, 1, 0, 1, 0, 1); /* Bij de ... */
    EXPECT_EV(&s, "gerrit", 0, 1, 0, 0, 0, 1);
    EXPECT_EV(&s, "wal", 0, 1, 1, 0, 0, 1);        /* Gerrit van der Wal */
    EXPECT_EV(&s, "ggd", 0, 1, 0, 1, 1, 1);        /* "De GGD": a name starting with an article */
    EXPECT_EV(&s, "whatsapp", 0, 1, 0, 0, 1, 1);
    EXPECT_EV(&s, "roos", 0, 1, 1, 0, 0, 2);       /* one roos in lower case */
    EXPECT_EV(&s, "schimmel", 1, 0, 0, 0, 0, 3);
    EXPECT_EV(&s, "karin", 1, 1, 1, 0, 0, 2);       /* Karin zegt */
    EXPECT_EV(&s, "elif", 1, 0, 1, 0, 0, 1);
    EXPECT_EV(&s, "dijk", 0, 1, 1, 0, 0, 1);       /* meneer van Dijk */
    EXPECT_EV(&s, "rivierenbuurt", 0, 1, 0, 1, 0, 1);
    EXPECT_EV(&s, "ymere", 0, 2, 0, 2, 0, 2);      /* medewerker van, klant bij */
    EXPECT_EV(&s, "ramadan", 0, 1, 0, 1, 0, 1);    /* no first name: a sentence start */
    EXPECT_EV(&s, "boer", 0, 1, 1, 0, 0, 1);       /* G. de Boer */
    rd_people_ev e;
    rd_people_rule r;
    assert_false(rd_people_lookup(s.p, "tuin", 4, &e, &r)); /* never capitalised */
    unstage(&s);
}

/* The same evidence and names whatever the number of workers. */
static void test_threads(void **state)
{
    (void)state;
    static const char *const more[4][3] = {
        {"Zofia komt uit Polen. Met Zofia naar de markt.", "Ik ken Zofia al jaren.", NULL},
        {"In Zwolle woont mijn zus. Naar Zwolle rijdt de bus.", "Mijn buurman Kees helpt.", NULL},
        {"De bakker op de hoek. Mevrouw Bakker woont ernaast, en Bakker zegt het ook.", NULL},
        {"Zofia en Kees. In Zwolle.", "Bakker, Bakker, Bakker.", NULL}};
    corpus c = {{doc_a, doc_b, more[0], more[1], more[2], more[3]}, 6};
    rd_buf r1 = {0}, r3 = {0};
    rd_err err;
    staged s;
    stage(&s, &c, 1, NULL);
    assert_int_equal(rd_people_report(s.p, &r1, &err), RD_OK);
    unstage(&s);
    stage(&s, &c, 3, NULL);
    assert_int_equal(rd_people_report(s.p, &r3, &err), RD_OK);
    EXPECT_EV(&s, "zofia", 2, 2, 0, 0, 0, 4);
    EXPECT_EV(&s, "bakker", 1, 4, 1, 0, 0, 6); /* one bakker in lower case */
    unstage(&s);
    assert_true(r1.n > 100);
    assert_int_equal(r1.n, r3.n);
    assert_memory_equal(r1.s, r3.s, r1.n);
    assert_memory_equal(r1.s, "form\tname\trule\t", 15);
    free(r1.s);
    free(r3.s);
}

/* ---- the vocabulary and the names ------------------------------------------------------ */

static int in_vocab(const rd_vocab *v, const char *label)
{
    for (uint32_t t = 0; t < rd_vocab_size(v); t++) {
        size_t n;
        const char *l = rd_vocab_label(v, t, &n);
        if (n == strlen(label) && memcmp(l, label, n) == 0)
            return 1;
    }
    return 0;
}

static void test_vocabulary_and_names(void **state)
{
    (void)state;
    static const char *const more[] = {
        "Roos speelt buiten met Roos en Samira. Mijn zoon Kuba ook, Kuba is zeven.",
        "Roos, Kuba en Samira. In Utrecht en in Zwolle. De roos bloeit, een rode roos.",
        "Mijn man Jansen. Jansen heeft een huis, en Samira's huis staat in Zwolle.", NULL};
    corpus c = {{doc_a, doc_b, more}, 3};
    rd_lex *lx = small_lexicon();
    staged s;
    stage(&s, &c, 2, lx);
    const rd_vocab *v = s.res.vocab;
    /* names leave the terms; places, organisations and words stay */
    static const char *const gone[] = {"noor", "kuba", "samira", "jansen", "karin", "wal", NULL};
    static const char *const stay[] = {"utrecht", "zwolle", "belastingdienst", "rivierenbuurt",
                                       "ymere", "schimmel", "huis", "tuin", NULL};
    for (const char *const *w = gone; *w; w++)
        if (in_vocab(v, *w))
            print_error("%s is a term\n", *w), fail();
    for (const char *const *w = stay; *w; w++)
        if (!in_vocab(v, *w))
            print_error("%s is no term\n", *w), fail();
    /* "roos": Roos twice capitalised mid-sentence (once after "mevrouw"), three times in
     * lower case: a name that stays a term (rule 3: lower case more often), masked only
     * where capitalised */
    assert_true(in_vocab(v, "roos"));
    size_t n = rd_people_count(s.p), nn;
    int cap, seen_roos = 0, seen_samira = 0;
    const char *prev = "";
    for (size_t i = 0; i < n; i++) {
        const char *w = rd_people_name(s.p, i, &nn, &cap);
        assert_int_equal(strlen(w), nn);
        assert_true(strcmp(prev, w) < 0); /* sorted, once each */
        prev = w;
        if (strcmp(w, "roos") == 0)
            seen_roos = 1, assert_true(cap);
        if (strcmp(w, "samira") == 0) /* samira and samira's: one name, any case */
            seen_samira = 1, assert_false(cap);
        assert_true(strcmp(w, "utrecht") && strcmp(w, "schimmel") && strcmp(w, "ymere"));
    }
    assert_true(seen_roos && seen_samira);
    unstage(&s);
    rd_lex_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_rules_without_lexicon),
        cmocka_unit_test(test_rules_debian),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_vocabulary_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
