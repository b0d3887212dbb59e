/* tests/unit/engine/describe/test_describe.c — rd_describe_run on hand-built factors.
 *
 * 4 respondents (R1..R4), 6 passages, 6 terms, 2 themes, 2 segments:
 *
 *   passage  respondent  TF-IDF                      W (T1, T2)  cues          words
 *   p0       R1          huur .8  buren .6           1    0      motivation    25
 *   p1       R1          huur .6  tuin .8            .5   .1     contrast+neg  10
 *   p2       R2          trap 1                      .2   .8     —             30
 *   p3       R3          lift .6  trap .8            0    1      pos+neg       20
 *   p4       R3          geluid 1                    .1   .6     motivation×2   5
 *   p5       R4          huur .8  buren .6           .9   0      —             40
 *
 *   H: T1 = (huur .5, buren .3, tuin .2), T2 = (geluid .1, trap .4, lift .5)
 *   segments: R1, R4 → segment 1; R2, R3 → segment 2 (fit .9 .8 .95 .7)
 *
 * Motivation passages: p0, p4; tension passages: p1 (contrast with a negation), p3 (a
 * positive and a negative judgement). Short passages weigh (words + 1) / 21 for quotes.
 * The expected figures below follow README "Motivations and tensions" by hand:
 *   mass (2.7, 2.5); motivation rate (1.1/2.7, 0.6/2.5) = (.4074, .24); tension rate
 *   (.5/2.7, 1.1/2.5) = (.1852, .44); polarity mix (0, 1); theme shares: R1 (.9375,
 *   .0625), R2 (.2, .8), R3 (1/17, 16/17), R4 (1, 0); segment means (.96875, .03125) and
 *   (.1294, .8706), overall (.5491, .4509); spread (.7643, .9307). Against the corpus: 2 of
 *   the 6 passages are motivation passages and 2 tension passages, and the judgements mix
 *   1 positive with 1 negative (mix 1): motivation index (.4074 × 3, .24 × 3) = (1.2222,
 *   .72); tension index the mean of (.1852 × 3, 0 / 1) and (.44 × 3, 1 / 1) = (.2778,
 *   1.16): T1 a motivation, T2 a tension. Evenness over the respondents, exp(entropy) /
 *   N: T1's weight (1.5, .2, .1, .9) / 2.7 gives .685, T2's (.1, .8, 1.6, 0) / 2.5 gives
 *   .545, both under .8: no background theme.
 *   Lifts: segment 1 (1.7643, .0693), segment 2 (.2357, 1.9307). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/describe/cues.h"
#include "engine/describe/describe.h"
#include "tests/unit/engine/dense.h"

enum { P = 6, V = 6, T = 2, N = 4, K = 2 };

static const char *const LABEL[V] = {"huur", "buren", "tuin", "geluid", "trap", "lift"};
static const char *const TEXT[P] = {
    "Ik wil hier blijven omdat de huur laag is.",
    "Maar de tuin is niet onderhouden.",
    "De trap is steil.",
    "De lift is fijn maar vaak kapot.",
    "Ik wil een lift omdat het geluid went.",
    "Jan zegt dat de huur en de buren goed zijn.",
};

/* Each passage one sentence, no tokens; the mask replaces "Jan" by "***". */
typedef struct {
    rd_quote_span span;
    size_t tok[2];
    char out[256];
    size_t rows_asked;
} source;

static rd_status fake_passage(void *ctx, size_t row, rd_quote_passage *out, rd_err *err)
{
    (void)err;
    source *s = ctx;
    s->rows_asked++;
    s->span = (rd_quote_span){0, strlen(TEXT[row])};
    *out = (rd_quote_passage){TEXT[row], s->span.e, 1, &s->span, s->tok, NULL, NULL};
    return RD_OK;
}

static rd_status fake_mask(void *ctx, const char *txt, size_t n, const char **out,
                           size_t *out_n, rd_err *err)
{
    (void)err;
    source *s = ctx;
    memcpy(s->out, txt, n);
    for (size_t i = 0; i + 3 <= n; i++)
        if (memcmp(s->out + i, "Jan", 3) == 0)
            memcpy(s->out + i, "***", 3);
    *out = s->out;
    *out_n = n;
    return RD_OK;
}

typedef struct {
    rd_csr *x;
    rd_themes th;
    rd_segments sg;
    rd_themes_cand tc[2];
    rd_segments_cand sc[2];
    source src;
    rd_describe_in in;
} fixture;

static const uint32_t ROW_DOC[P] = {0, 0, 1, 2, 2, 3};
static const uint32_t ROW_LINE[P] = {3, 10, 5, 7, 12, 2};
static const uint16_t CUES[P * RD_CUE_SLOTS] = {
    1, 0, 0, 0, 0, 25, /* motivation, contrast, negation, positive, negative, words */
    0, 1, 1, 0, 0, 10, 0, 0, 0, 0, 0, 30, 0, 0, 0, 1, 1, 20, 2, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 40};
static float W[P * T] = {1, 0, .5f, .1f, .2f, .8f, 0, 1, .1f, .6f, .9f, 0};
static float H[T * V] = {.5f, .3f, .2f, 0, 0, 0, 0, 0, 0, .1f, .4f, .5f};
static double WEIGHT[T] = {.6, .4};
static int32_t LAB[N] = {0, 1, 1, 0};
static size_t SIZE[K] = {2, 2};
static float FIT[N] = {.9f, .8f, .95f, .7f};
static float STAB[N] = {1, .5f, 1, 1};
static float PROFILE[N * T] = {.9375f, .0625f, .2f, .8f, 1.0f / 17, 16.0f / 17, 1, 0};
static const char *const RESP[N] = {"R1", "R2", "R3", "R4"};
static const char *const SRC[N] = {"a.txt", "b.txt", "c.txt", "d.txt"};
static const char *const ATTR_NAME[2] = {"leeftijd", "segment"};
static const char *const ATTR[N * 2] = {"34", "A", "71", NULL, "25", "B", "50", "C"};

static void setup(fixture *f)
{
    const double x[P * V] = {.8, .6, 0, 0, 0, 0,  .6, 0, .8, 0, 0, 0,  0, 0, 0, 0, 1, 0,
                             0, 0, 0, 0, .8, .6,  0, 0, 0, 1, 0, 0,   .8, .6, 0, 0, 0, 0};
    memset(f, 0, sizeof *f);
    f->x = csr_from_dense(x, P, V);
    f->tc[0] = (rd_themes_cand){.t = 2, .stability = .9, .rel_err = .5};
    f->tc[1] = (rd_themes_cand){.t = 3, .stability = .7, .rel_err = .4};
    f->th = (rd_themes){.n_rows = P, .n_terms = V, .k = T, .w = W, .h = H, .weight = WEIGHT,
                        .cands = f->tc, .n_cands = 2};
    f->sc[0] = (rd_segments_cand){2, .6, .8, .48, 2, 1};
    f->sc[1] = (rd_segments_cand){3, .3, .5, .15, 1, 0};
    f->sg = (rd_segments){.n = N, .d = T, .k = K, .label = LAB, .size = SIZE, .fit = FIT,
                          .stability = STAB, .cands = f->sc, .n_cands = 2};
    f->in = (rd_describe_in){.x = f->x, .row_doc = ROW_DOC, .row_line = ROW_LINE,
                             .row_cues = CUES, .th = &f->th, .sg = &f->sg, .profile = PROFILE,
                             .term_label = LABEL, .n_docs = N, .respondent = RESP,
                             .source = SRC, .n_attr = 2, .attr_name = ATTR_NAME, .attr = ATTR,
                             .name_min_sim = 0.2,
                             .quotes = {fake_passage, fake_mask, &f->src}};
}

/* The description of the fixture as it stands. */
static void run_default(fixture *f, rd_description *d)
{
    rd_err err;
    setup(f);
    assert_int_equal(rd_describe_run(&f->in, d, &err), RD_OK);
}

static const char *str(const rd_table *t, size_t row, const char *col)
{
    size_t c = rd_table_col(t, col);
    assert_true(c < t->n_cols);
    const rd_value *v = rd_table_at(t, row, c);
    return v->kind == RD_V_STR ? v->s : "";
}

static double num(const rd_table *t, size_t row, const char *col)
{
    size_t c = rd_table_col(t, col);
    assert_true(c < t->n_cols);
    const rd_value *v = rd_table_at(t, row, c);
    assert_true(v->kind == RD_V_NUM || v->kind == RD_V_INT);
    return v->kind == RD_V_NUM ? v->d : (double)v->i;
}

static void test_themes_table(void **state)
{
    (void)state;
    fixture f;
    rd_description d;
    run_default(&f, &d);
    const rd_table *t = d.t[0];
    assert_string_equal(t->name, "themes");
    assert_int_equal(t->n_rows, 2);
    /* label: weight × exclusivity, h² / Σ_themes h: every term belongs to one theme here */
    assert_string_equal(str(t, 0, "label"), "huur, buren, tuin");
    assert_string_equal(str(t, 1, "label"), "lift, trap, geluid");
    assert_string_equal(str(t, 0, "kind"), "motivation");
    assert_string_equal(str(t, 1, "kind"), "tension");
    assert_float_equal(num(t, 0, "theme"), 1, 0);
    assert_float_equal(num(t, 0, "weight"), .6, 0);
    assert_string_equal(str(t, 0, "top_terms"), "huur 0.500; buren 0.300; tuin 0.200");
    assert_string_equal(str(t, 1, "top_terms"), "lift 0.500; trap 0.400; geluid 0.100");
    /* the theme dominates a passage of R1 and R4 (T1), of R2 and R3 (T2) */
    assert_float_equal(num(t, 0, "respondents"), 2, 0);
    assert_float_equal(num(t, 1, "share_respondents"), 0.5, 0);
    assert_float_equal(num(t, 0, "motivation_rate"), 1.1 / 2.7, 1e-6);
    assert_float_equal(num(t, 1, "motivation_rate"), 0.24, 1e-6);
    assert_float_equal(num(t, 0, "tension_rate"), 0.5 / 2.7, 1e-6);
    assert_float_equal(num(t, 1, "tension_rate"), 0.44, 1e-6);
    assert_float_equal(num(t, 0, "polarity_mix"), 0, 0);
    assert_float_equal(num(t, 1, "polarity_mix"), 1, 1e-9);
    assert_float_equal(num(t, 0, "segment_spread"), 0.7643120187479077, 1e-6);
    assert_float_equal(num(t, 1, "segment_spread"), 0.930697105584998, 1e-6);
    assert_float_equal(num(t, 0, "motivation_index"), 1.1 / 2.7 * 3, 1e-6);
    assert_float_equal(num(t, 1, "motivation_index"), 0.72, 1e-6);
    assert_float_equal(num(t, 0, "tension_index"), (0.5 / 2.7 * 3 + 0) / 2, 1e-6);
    assert_float_equal(num(t, 1, "tension_index"), (0.44 * 3 + 1) / 2, 1e-6);
    /* motivations: terms whose mean weight in the theme's motivation passages (p0) most
     * exceeds their mean over all its passages (p0, p1, p5): buren .6 − .4, huur .8 − .733;
     * tensions: in p1, tuin .8 − .267 (huur falls) */
    assert_string_equal(str(t, 0, "motivations"), "buren; huur");
    assert_string_equal(str(t, 0, "tensions"), "tuin");
    assert_string_equal(str(t, 1, "motivations"), "geluid");   /* p4 */
    assert_string_equal(str(t, 1, "tensions"), "lift; trap"); /* p3: .6 − .2, .8 − .6 */
    /* quote: the passage weighing most on the theme, longer ones preferred */
    assert_string_equal(str(t, 0, "quote"), TEXT[0]);
    assert_string_equal(str(t, 0, "quote_source"), "a.txt:3");
    assert_string_equal(str(t, 0, "quote_respondent"), "R1");
    assert_string_equal(str(t, 1, "quote"), TEXT[3]);
    assert_string_equal(str(t, 1, "quote_source"), "c.txt:7");
    rd_describe_free(&d);
    rd_describe_free(NULL);
    rd_csr_free(f.x);
}

static void test_segments_tables(void **state)
{
    (void)state;
    fixture f;
    rd_description d;
    run_default(&f, &d);
    const rd_table *s = d.t[1], *st = d.t[3];
    assert_int_equal(s->n_rows, 2);
    assert_float_equal(num(s, 0, "size"), 2, 0);
    assert_float_equal(num(s, 1, "share"), 0.5, 0);
    assert_float_equal(num(s, 0, "stability"), 1.0, 1e-9);
    assert_float_equal(num(s, 1, "stability"), 0.75, 1e-9);
    /* segment 1's mean fit .8 is below the median .85, but of 2 segments none is a
     * catch-all */
    assert_string_equal(str(s, 0, "kind"), "segment");
    assert_string_equal(str(s, 1, "kind"), "segment");
    assert_int_equal(d.notes.n, 0);
    /* distinguishing terms: mean TF-IDF in the segment's passages minus the others' */
    assert_string_equal(str(s, 0, "top_terms"), "huur; buren; tuin");
    assert_string_equal(str(s, 1, "top_terms"), "trap; geluid; lift");
    assert_string_equal(str(s, 0, "top_themes"), "T1 huur, buren, tuin (\xC3\x97" "1.76)");
    assert_string_equal(str(s, 1, "top_themes"), "T2 lift, trap, geluid (\xC3\x97" "1.93)");
    /* share of the segment's motivation (tension) talk × its ratio to the average */
    assert_string_equal(str(s, 0, "motivations"), "T1 huur, buren, tuin (\xC3\x97" "1.55)");
    assert_string_equal(str(s, 1, "motivations"), "T2 lift, trap, geluid (\xC3\x97" "2.43); "
                                                  "T1 huur, buren, tuin (\xC3\x97" "0.22)");
    assert_string_equal(str(s, 0, "tensions"), "T1 huur, buren, tuin (\xC3\x97" "2.67); "
                                               "T2 lift, trap, geluid (\xC3\x97" "0.24)");
    assert_string_equal(str(s, 1, "tensions"), "T2 lift, trap, geluid (\xC3\x97" "1.45)");
    /* typical respondents by fit; the quote from the first, its best passage */
    assert_string_equal(str(s, 0, "typical_respondents"), "R1; R4");
    assert_string_equal(str(s, 1, "typical_respondents"), "R3; R2");
    assert_string_equal(str(s, 0, "quote"), TEXT[0]);
    assert_string_equal(str(s, 1, "quote"), TEXT[3]);
    assert_string_equal(str(s, 1, "quote_source"), "c.txt:7");
    assert_string_equal(str(s, 1, "quote_respondent"), "R3");
    /* segment × theme */
    assert_int_equal(st->n_rows, K * T);
    const double lift[] = {1.7643120187479076, 0.06930289441500204, 0.23568798125209242,
                           1.930697105584998};
    const double mot[] = {1, 0, 1.0 / 7, 6.0 / 7}, ten[] = {5.0 / 6, 1.0 / 6, 0, 1};
    for (size_t r = 0; r < K * T; r++) {
        assert_float_equal(num(st, r, "segment"), (double)(r / T + 1), 0);
        assert_float_equal(num(st, r, "theme"), (double)(r % T + 1), 0);
        assert_float_equal(num(st, r, "lift"), lift[r], 1e-6);
        assert_float_equal(num(st, r, "motivation_share"), mot[r], 1e-6);
        assert_float_equal(num(st, r, "tension_share"), ten[r], 1e-6);
    }
    assert_string_equal(str(st, 3, "label"), "lift, trap, geluid");
    assert_float_equal(num(st, 0, "share_segment"), 0.96875, 1e-6);
    assert_float_equal(num(st, 0, "share_all"), 0.5490808823529412, 1e-6);
    rd_describe_free(&d);
    rd_csr_free(f.x);
}

/* T1 spread evenly over the respondents (weight 1 each: evenness 1) and the segments
 * (shares .5 and .45, spread .025 / .475 = .053): the background theme. It keeps its row
 * in the themes table, kind "background", and is left out of the segments' lists: segment
 * 1 has no theme above average, segment 2 has T2 (.55 against .525). */
static void test_background(void **state)
{
    (void)state;
    fixture f;
    rd_description d;
    rd_err err;
    float w[P * T] = {.5f, 0, .5f, .1f, 1, .8f, .5f, 1, .5f, .6f, 1, 0};
    float profile[N * T] = {.5f, .5f, .45f, .55f, .45f, .55f, .5f, .5f};
    setup(&f);
    f.th.w = w;
    f.in.profile = profile;
    assert_int_equal(rd_describe_run(&f.in, &d, &err), RD_OK);
    const rd_table *t = d.t[0], *s = d.t[1];
    assert_string_equal(str(t, 0, "kind"), "background");
    assert_string_not_equal(str(t, 1, "kind"), "background");
    assert_string_equal(str(s, 0, "top_themes"), "");
    assert_string_equal(str(s, 1, "top_themes"), "T2 lift, trap, geluid (\xC3\x97" "1.05)");
    assert_null(strstr(str(s, 0, "motivations"), "T1"));
    assert_null(strstr(str(s, 1, "tensions"), "T1"));
    rd_describe_free(&d);
    rd_csr_free(f.x);
}

/* Three segments: R1 and R4 (half the respondents, mean fit .8, below the median .85) form
 * a catch-all; R2 and R3 alone are segments. */
static void test_catch_all(void **state)
{
    (void)state;
    fixture f;
    rd_description d;
    rd_err err;
    int32_t lab[N] = {0, 1, 2, 0};
    size_t size[3] = {2, 1, 1};
    setup(&f);
    f.sg.k = 3;
    f.sg.label = lab;
    f.sg.size = size;
    assert_int_equal(rd_describe_run(&f.in, &d, &err), RD_OK);
    const rd_table *s = d.t[1];
    assert_int_equal(s->n_rows, 3);
    assert_string_equal(str(s, 0, "kind"), "catch-all");
    assert_string_equal(str(s, 1, "kind"), "segment");
    assert_string_equal(str(s, 2, "kind"), "segment");
    assert_int_equal(d.notes.n, 1);
    assert_non_null(strstr(d.notes.v[0], "segment 1 is a catch-all: it holds 50 % of the "
                                         "respondents, and their mean fit (0.80) is below the "
                                         "median fit of all respondents (0.85)"));
    rd_describe_free(&d);
    /* with R4 fitting as well as R1 the segment is no longer looser than the median */
    float fit[N] = {.9f, .8f, .95f, .9f};
    f.sg.fit = fit;
    assert_int_equal(rd_describe_run(&f.in, &d, &err), RD_OK);
    assert_string_equal(str(d.t[1], 0, "kind"), "segment");
    assert_int_equal(d.notes.n, 0);
    rd_describe_free(&d);
    rd_csr_free(f.x);
}

/* Every quote in order: kind, id, rank, passage. */
static void test_quotes_table(void **state)
{
    (void)state;
    fixture f;
    rd_description d;
    run_default(&f, &d);
    static const struct {
        const char *kind, *id;
        int rank, row;
    } want[] = {
        /* T1: theme quotes one per respondent (p0 1, p5 .9, p2 .2), motivation (p0, then
         * p4 at .1 · 6/21), tension (p1; p3 weighs 0 on T1) */
        {"theme", "T1", 1, 0},      {"theme", "T1", 2, 5},      {"theme", "T1", 3, 2},
        {"motivation", "T1", 1, 0}, {"motivation", "T1", 2, 4}, {"tension", "T1", 1, 1},
        /* T2: p3 1, p2 .8, p1 .1 · 11/21 (R3's p4 loses to p3) */
        {"theme", "T2", 1, 3},      {"theme", "T2", 2, 2},      {"theme", "T2", 3, 1},
        {"motivation", "T2", 1, 4}, {"tension", "T2", 1, 3},    {"tension", "T2", 2, 1},
        /* S1: typical R1 (p0), R4 (p5), then R1's second passage (p1) */
        {"segment", "S1", 1, 0},    {"segment", "S1", 2, 5},    {"segment", "S1", 3, 1},
        {"motivation", "S1/T1", 1, 0}, {"tension", "S1/T1", 1, 1}, {"tension", "S1/T2", 1, 1},
        /* S2: typical R3 (p3), R2 (p2), R3's second (p4) */
        {"segment", "S2", 1, 3},    {"segment", "S2", 2, 2},    {"segment", "S2", 3, 4},
        {"motivation", "S2/T2", 1, 4}, {"motivation", "S2/T1", 1, 4}, {"tension", "S2/T2", 1, 3},
    };
    const rd_table *q = d.t[4];
    assert_int_equal(q->n_rows, sizeof want / sizeof *want);
    for (size_t i = 0; i < q->n_rows; i++) {
        char src[32], text[256];
        size_t row = (size_t)want[i].row;
        snprintf(src, sizeof src, "%s:%u", SRC[ROW_DOC[row]], (unsigned)ROW_LINE[row]);
        strcpy(text, TEXT[row]);
        if (row == 5)
            memcpy(text, "***", 3); /* masked */
        assert_string_equal(str(q, i, "kind"), want[i].kind);
        assert_string_equal(str(q, i, "id"), want[i].id);
        assert_float_equal(num(q, i, "rank"), want[i].rank, 0);
        assert_string_equal(str(q, i, "respondent"), RESP[ROW_DOC[row]]);
        assert_string_equal(str(q, i, "source"), src);
        assert_string_equal(str(q, i, "text"), text);
    }
    assert_int_equal(f.src.rows_asked, q->n_rows);
    rd_describe_free(&d);
    rd_csr_free(f.x);
}

static void test_respondents_and_selection(void **state)
{
    (void)state;
    fixture f;
    rd_description d;
    run_default(&f, &d);
    const rd_table *r = d.t[2], *sel = d.t[5];
    const char *const cols[] = {"respondent", "segment", "segment_name", "fit", "stability",
                                "passages", "source", "leeftijd", "segment (csv)", "theme_1",
                                "theme_2"};
    assert_int_equal(r->n_cols, 11);
    for (size_t c = 0; c < 11; c++)
        assert_string_equal(r->cols[c], cols[c]);
    assert_int_equal(r->n_rows, N);
    assert_string_equal(str(r, 2, "respondent"), "R3");
    assert_float_equal(num(r, 2, "segment"), 2, 0);
    assert_float_equal(num(r, 2, "fit"), .95f, 0);
    assert_float_equal(num(r, 1, "stability"), .5, 0);
    assert_float_equal(num(r, 0, "passages"), 2, 0);
    assert_float_equal(num(r, 3, "passages"), 1, 0);
    assert_string_equal(str(r, 3, "source"), "d.txt");
    assert_string_equal(str(r, 0, "leeftijd"), "34");
    assert_string_equal(str(r, 1, "segment (csv)"), ""); /* NULL attribute */
    assert_int_equal(rd_table_at(r, 1, 8)->kind, RD_V_STR);
    assert_float_equal(num(r, 2, "theme_2"), 16.0f / 17, 0);
    /* selection: T candidates, then k candidates; an ineligible k has no score */
    assert_int_equal(sel->n_rows, 4);
    assert_string_equal(str(sel, 0, "stage"), "themes");
    assert_float_equal(num(sel, 0, "candidate"), 2, 0);
    assert_float_equal(num(sel, 0, "score"), .9, 0);
    assert_float_equal(num(sel, 0, "rel_err"), .5, 0);
    assert_float_equal(num(sel, 0, "chosen"), 1, 0);
    assert_float_equal(num(sel, 1, "chosen"), 0, 0);
    assert_string_equal(str(sel, 2, "stage"), "segments");
    assert_float_equal(num(sel, 2, "score"), .48, 0);
    assert_float_equal(num(sel, 2, "silhouette"), .6, 0);
    assert_float_equal(num(sel, 2, "smallest"), 2, 0);
    assert_float_equal(num(sel, 2, "chosen"), 1, 0);
    assert_true(isnan(num(sel, 3, "score")));
    assert_float_equal(num(sel, 3, "chosen"), 0, 0);
    assert_int_equal(rd_table_at(sel, 2, rd_table_col(sel, "rel_err"))->kind, RD_V_EMPTY);
    /* no names given: names rows with empty names, no notes */
    assert_int_equal(d.names->n_rows, K);
    assert_string_equal(str(d.names, 0, "name"), "");
    assert_string_equal(str(d.names, 1, "top_terms"), "trap; geluid; lift");
    assert_int_equal(d.notes.n, 0);
    assert_int_equal(d.names_matched + d.names_unmatched, 0);
    rd_describe_free(&d);
    rd_csr_free(f.x);
}

/* One passages row per passage: respondent, source "file:line", the strongest two themes
 * with their shares of the passage's theme weight; empty cells where there is none. */
static void test_passages(void **state)
{
    (void)state;
    fixture f;
    rd_description d;
    rd_err err;
    setup(&f);
    float w[P * T];
    memcpy(w, W, sizeof w);
    w[2 * T] = w[2 * T + 1] = 0; /* p2: no theme weight */
    f.th.w = w;
    assert_int_equal(rd_describe_run(&f.in, &d, &err), RD_OK);
    rd_table *p = rd_describe_passages_table();
    assert_non_null(p);
    const char *const cols[] = {"respondent", "source", "theme", "share", "theme_2", "share_2",
                                "stage", "stage_2"};
    assert_int_equal(p->n_cols, 8);
    for (size_t c = 0; c < 8; c++)
        assert_string_equal(p->cols[c], cols[c]);
    /* a batch, then the whole table into the same table: the batch's rows are dropped */
    assert_int_equal(rd_describe_passages(&d, 3, 5, p, &err), RD_OK);
    assert_int_equal(p->n_rows, 2);
    assert_float_equal(num(p, 1, "theme"), 2, 0); /* passage 4 */
    assert_int_equal(rd_describe_passages(&d, 0, P + 5, p, &err), RD_OK); /* to past P */
    assert_int_equal(p->n_rows, P);
    assert_string_equal(str(p, 1, "respondent"), "R1");
    assert_string_equal(str(p, 1, "source"), "a.txt:10");
    assert_float_equal(num(p, 1, "theme"), 1, 0);
    assert_float_equal(num(p, 1, "share"), .5 / .6, 1e-6);
    assert_float_equal(num(p, 1, "theme_2"), 2, 0);
    assert_float_equal(num(p, 1, "share_2"), .1 / .6, 1e-6);
    assert_float_equal(num(p, 4, "theme"), 2, 0); /* the larger weight first */
    assert_float_equal(num(p, 4, "share"), .6 / .7, 1e-6);
    assert_float_equal(num(p, 4, "theme_2"), 1, 0);
    assert_float_equal(num(p, 0, "share"), 1, 0); /* one theme: no second */
    assert_int_equal(rd_table_at(p, 0, 4)->kind, RD_V_EMPTY);
    assert_int_equal(rd_table_at(p, 0, 5)->kind, RD_V_EMPTY);
    assert_string_equal(str(p, 2, "source"), "b.txt:5");
    for (size_t c = 2; c < 6; c++) /* no theme weight: empty */
        assert_int_equal(rd_table_at(p, 2, c)->kind, RD_V_EMPTY);
    rd_table_free(p);
    rd_describe_free(&d);
    rd_csr_free(f.x);
}

/* Names follow the distinguishing terms: huur/buren to segment 1, trap to segment 2; a name
 * whose word this run does not know finds nothing. */
static void test_names(void **state)
{
    (void)state;
    fixture f;
    rd_description d;
    rd_err err;
    setup(&f);
    const int32_t t_huur[] = {0, 1}, t_trap[] = {4}, t_none[] = {-1};
    const rd_persona names[] = {{"Trappenlopers", 2, t_trap, 1},
                                {"Niemand", 3, t_none, 1},
                                {"Huurders", 4, t_huur, 2}};
    f.in.names = names;
    f.in.n_names = 3;
    assert_int_equal(rd_describe_run(&f.in, &d, &err), RD_OK);
    assert_string_equal(str(d.t[1], 0, "name"), "Huurders");
    assert_string_equal(str(d.t[1], 1, "name"), "Trappenlopers");
    assert_string_equal(str(d.t[2], 0, "segment_name"), "Huurders");
    assert_string_equal(str(d.t[2], 1, "segment_name"), "Trappenlopers");
    assert_string_equal(str(d.t[2], 3, "segment_name"), "Huurders");
    assert_int_equal(d.names->n_rows, 2);
    assert_float_equal(num(d.names, 1, "segment"), 2, 0);
    assert_string_equal(str(d.names, 1, "name"), "Trappenlopers");
    assert_string_equal(str(d.names, 0, "top_terms"), "huur; buren; tuin");
    assert_int_equal(d.names_matched, 2);
    assert_int_equal(d.names_unmatched, 1);
    assert_int_equal(d.notes.n, 1);
    assert_non_null(strstr(d.notes.v[0], "\"Niemand\" (line 3)"));
    rd_describe_free(&d);
    rd_csr_free(f.x);
}

/* Short passages make weaker quotes: with p0 at 2 words (weight 3/21), T1's quote is R4's
 * p5 (0.9) over p0 (1 · 3/21), and segment 1's quote from R1 is p1 (T1 lift 1.76 · 0.5 ·
 * 11/21 = 0.46) over p0 (1.76 · 3/21 = 0.25). */
static void test_short_passages(void **state)
{
    (void)state;
    fixture f;
    rd_description d;
    rd_err err;
    uint16_t cues[P * RD_CUE_SLOTS];
    setup(&f);
    memcpy(cues, CUES, sizeof cues);
    cues[RD_CUE_WORDS] = 2;
    f.in.row_cues = cues;
    assert_int_equal(rd_describe_run(&f.in, &d, &err), RD_OK);
    assert_string_equal(str(d.t[0], 0, "quote"), "*** zegt dat de huur en de buren goed zijn.");
    assert_string_equal(str(d.t[0], 0, "quote_respondent"), "R4");
    assert_string_equal(str(d.t[1], 0, "quote"), TEXT[1]);
    assert_string_equal(str(d.t[1], 0, "quote_source"), "a.txt:10");
    rd_describe_free(&d);
    rd_csr_free(f.x);
}

/* An attribute column named like one of rodedraad's, or theme_*, gets " (csv)"; a failing
 * quote source fails the run and leaves the description empty. */
static rd_status broken_passage(void *ctx, size_t row, rd_quote_passage *out, rd_err *err)
{
    (void)ctx;
    (void)out;
    return rd_fail(err, RD_EIO, "passage %zu: file changed", row);
}

static void test_clash_and_failure(void **state)
{
    (void)state;
    fixture f;
    rd_description d;
    rd_err err;
    setup(&f);
    const char *const names[2] = {"theme_1", "fit"};
    f.in.attr_name = names;
    f.in.attr = NULL;
    f.in.n_attr = 0; /* no attributes … */
    assert_int_equal(rd_describe_run(&f.in, &d, &err), RD_OK);
    assert_int_equal(d.t[2]->n_cols, 9);
    rd_describe_free(&d);
    const char *const vals[N * 2] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    f.in.n_attr = 2; /* … and two that clash */
    f.in.attr = vals;
    assert_int_equal(rd_describe_run(&f.in, &d, &err), RD_OK);
    assert_string_equal(d.t[2]->cols[7], "theme_1 (csv)");
    assert_string_equal(d.t[2]->cols[8], "fit (csv)");
    assert_string_equal(d.t[2]->cols[9], "theme_1");
    assert_string_equal(str(d.t[2], 3, "fit (csv)"), "h");
    rd_describe_free(&d);
    f.in.quotes.passage = broken_passage;
    assert_int_equal(rd_describe_run(&f.in, &d, &err), RD_EIO);
    assert_string_equal(err.msg, "passage 0: file changed");
    for (size_t i = 0; i < RD_DESCRIBE_TABLES; i++)
        assert_null(d.t[i]);
    assert_null(d.names);
    rd_describe_free(&d);
    rd_csr_free(f.x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_themes_table),
        cmocka_unit_test(test_segments_tables),
        cmocka_unit_test(test_background),
        cmocka_unit_test(test_catch_all),
        cmocka_unit_test(test_quotes_table),
        cmocka_unit_test(test_respondents_and_selection),
        cmocka_unit_test(test_passages),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_short_passages),
        cmocka_unit_test(test_clash_and_failure),
    };
    return cmocka_run_group_tests_name("describe", tests, NULL, NULL);
}
