/* tests/unit/engine/describe/test_quotes.c — quotes from a fake, in-memory quote source:
 * the best sentence, the window grown to RD_QUOTE_MIN bytes by the better neighbour, the
 * cut at RD_QUOTE_MAX at a space with "…" and never inside a UTF-8 sequence, masking
 * applied to exactly the quoted bytes; and rd_quote_pick, one row per respondent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/describe/cues.h"
#include "engine/describe/quotes.h"

enum { MAX_SENT = 8, MAX_TOK = 64 };

/* One passage: sentences given as strings joined by single spaces; each sentence's tokens
 * given as (term, cue bits) pairs. */
typedef struct {
    char text[1024];
    size_t n, n_sent;
    rd_quote_span sent[MAX_SENT];
    size_t sent_tok[MAX_SENT + 1];
    int32_t tok_term[MAX_TOK];
    uint8_t tok_cue[MAX_TOK];
} passage;

typedef struct {
    passage *p;
    size_t n_p;
    int upper;               /* mask: ASCII letters to upper case */
    const char *masked_from; /* what the mask was handed */
    size_t masked_n;
    char out[1024];
    size_t calls;
} fake;

static rd_status fake_passage(void *ctx, size_t row, rd_quote_passage *out, rd_err *err)
{
    fake *f = ctx;
    f->calls++;
    if (row >= f->n_p)
        return rd_fail(err, RD_EIO, "passage %zu: cannot read its file", row);
    const passage *p = &f->p[row];
    *out = (rd_quote_passage){p->text, p->n, p->n_sent, p->sent, p->sent_tok, p->tok_term,
                              p->tok_cue};
    return RD_OK;
}

static rd_status fake_mask(void *ctx, const char *s, size_t n, const char **out, size_t *out_n,
                           rd_err *err)
{
    fake *f = ctx;
    f->masked_from = s;
    f->masked_n = n;
    if (!f->upper)
        return rd_fail(err, RD_EDATA, "mask failed");
    for (size_t i = 0; i < n; i++)
        f->out[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i];
    *out = f->out;
    *out_n = n;
    return RD_OK;
}

/* Appends sentence s with `nt` tokens (terms[i], cues[i]). */
static void add_sentence(passage *p, const char *s, size_t nt, const int32_t *terms,
                         const uint8_t *cues)
{
    if (p->n_sent)
        p->text[p->n++] = ' ';
    size_t b = p->n, len = strlen(s);
    memcpy(p->text + p->n, s, len);
    p->n += len;
    p->text[p->n] = '\0';
    size_t t0 = p->sent_tok[p->n_sent];
    for (size_t i = 0; i < nt; i++) {
        p->tok_term[t0 + i] = terms ? terms[i] : -1;
        p->tok_cue[t0 + i] = cues ? cues[i] : 0;
    }
    p->sent[p->n_sent] = (rd_quote_span){b, p->n};
    p->sent_tok[++p->n_sent] = t0 + nt;
}

/* A sentence of exactly `len` bytes: "w" followed by filler words. */
static const char *filler(size_t len, char c)
{
    static char buf[4][512];
    static int k;
    char *s = buf[k++ % 4];
    for (size_t i = 0; i < len; i++)
        s[i] = i % 6 == 5 ? ' ' : c;
    s[len - 1] = '.';
    s[len] = '\0';
    return s;
}

static char *quote(fake *f, size_t row, const float *rel, unsigned mask, rd_status want)
{
    rd_quote_source src = {fake_passage, f->upper >= 0 ? fake_mask : NULL, f};
    char *q = (char *)1;
    rd_err err;
    assert_int_equal(rd_quote_make(&src, row, rel, mask, &q, &err), want);
    return q;
}

/* Three sentences of 130 bytes (each over RD_QUOTE_MIN): the one with the relevant terms is
 * quoted alone, and the mask gets exactly its bytes. */
static void test_best_sentence(void **state)
{
    (void)state;
    passage p = {0};
    const int32_t t1[] = {0, 1, 2}, t2[] = {5, 1, 5}, t3[] = {3, -1, 4};
    add_sentence(&p, filler(130, 'a'), 3, t1, NULL);
    add_sentence(&p, filler(130, 'b'), 3, t2, NULL);
    add_sentence(&p, filler(130, 'c'), 3, t3, NULL);
    fake f = {&p, 1, 1, NULL, 0, {0}, 0};
    float rel[6] = {0.1f, 0, 0.1f, 0.3f, 0.3f, 1.0f};
    char *q = quote(&f, 0, rel, 0, RD_OK);
    assert_int_equal(strlen(q), 130);
    assert_memory_equal(q, "BBBBB BBBBB", 11); /* upper-cased by the mask */
    assert_ptr_equal(f.masked_from, p.text + 131);
    assert_int_equal(f.masked_n, 130);
    free(q);
    /* cues alone (rel NULL): the sentence with a contrast cue */
    const uint8_t cue[] = {0, 1u << RD_CUE_CONTRAST, 0};
    p.tok_cue[6 + 1] = cue[1];
    q = quote(&f, 0, NULL, 1u << RD_CUE_CONTRAST, RD_OK);
    assert_memory_equal(q, "CCCCC", 5);
    free(q);
    /* a cue kind not asked for does not count: all score 0, the first sentence wins */
    q = quote(&f, 0, NULL, 1u << RD_CUE_MOTIVATION, RD_OK);
    assert_memory_equal(q, "AAAAA", 5);
    free(q);
}

/* Four sentences of 50 bytes; the second is the best. It grows by its better-scoring
 * neighbour until the quote holds RD_QUOTE_MIN (120) bytes: first right (the third
 * sentence scores 0.5 against the first's 0.3 — after the length division, the same
 * order), to 101 bytes; then left (the first, 0.3, over the fourth, 0): 152 bytes. */
static void test_window_growth(void **state)
{
    (void)state;
    passage p = {0};
    const int32_t t0[] = {0}, t1[] = {1}, t2[] = {2}, t3[] = {3};
    add_sentence(&p, filler(50, 'a'), 1, t0, NULL);
    add_sentence(&p, filler(50, 'b'), 1, t1, NULL);
    add_sentence(&p, filler(50, 'c'), 1, t2, NULL);
    add_sentence(&p, filler(50, 'd'), 1, t3, NULL);
    fake f = {&p, 1, -1, NULL, 0, {0}, 0}; /* no mask */
    const float rel[] = {0.3f, 1.0f, 0.5f, 0.0f};
    char *q = quote(&f, 0, rel, 0, RD_OK);
    assert_int_equal(strlen(q), 152);
    assert_memory_equal(q, p.text, 152);
    free(q);
    /* the best sentence first: growth to the right only */
    const float first[] = {1.0f, 0.3f, 0.5f, 0.0f};
    q = quote(&f, 0, first, 0, RD_OK);
    assert_int_equal(strlen(q), 152); /* sentences 0..2 */
    assert_memory_equal(q, p.text, 152);
    free(q);
    /* the last sentence best: growth to the left only, to sentences 1..3 */
    const float last[] = {0.0f, 0.3f, 0.5f, 1.0f};
    q = quote(&f, 0, last, 0, RD_OK);
    assert_int_equal(strlen(q), 152);
    assert_memory_equal(q, p.text + 51, 152);
    free(q);
}

/* A neighbour that would take the quote past RD_QUOTE_MAX is not added. */
static void test_window_stays_under_max(void **state)
{
    (void)state;
    passage p = {0};
    const int32_t t0[] = {0}, t1[] = {1}, t2[] = {2};
    add_sentence(&p, filler(300, 'a'), 1, t0, NULL);
    add_sentence(&p, filler(60, 'b'), 1, t1, NULL);
    add_sentence(&p, filler(40, 'c'), 1, t2, NULL);
    fake f = {&p, 1, -1, NULL, 0, {0}, 0};
    const float rel[] = {1.0f, 1.0f, 0.0f};
    char *q = quote(&f, 1, rel, 0, RD_EIO); /* row 1 does not exist */
    assert_null(q);
    q = quote(&f, 0, rel, 0, RD_OK);
    /* best: sentence 1 (1 / √2.5 over sentence 0's 1 / √8.5); sentence 0 would make 361
     * bytes, so sentence 2 comes in instead: 101 bytes, and then nothing fits */
    assert_int_equal(strlen(q), 101);
    assert_memory_equal(q, p.text + 301, 101);
    free(q);
}

static int valid_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t n = *u < 0x80 ? 1 : (*u & 0xE0) == 0xC0 ? 2 : (*u & 0xF0) == 0xE0 ? 3 : 4;
        for (size_t i = 1; i < n; i++)
            if ((u[i] & 0xC0) != 0x80)
                return 0;
        u += n;
    }
    return 1;
}

/* One sentence longer than RD_QUOTE_MAX: cut at the last space at or before byte 320 (and
 * after byte 160), "…" appended. */
static void test_cut_at_space(void **state)
{
    (void)state;
    passage p = {0};
    add_sentence(&p, filler(400, 'e'), 0, NULL, NULL);
    fake f = {&p, 1, 1, NULL, 0, {0}, 0};
    char *q = quote(&f, 0, NULL, 0, RD_OK);
    /* spaces sit at bytes 5, 11, …, 6i + 5: the last at or before 320 is 317 */
    assert_int_equal(strlen(q), 317 + 3);
    assert_string_equal(q + 317, "\xE2\x80\xA6");
    assert_int_equal(p.text[317], ' ');
    assert_int_equal(f.masked_n, 317); /* the mask sees the cut text, before the "…" */
    assert_memory_equal(q, "EEEEE EEEEE", 11);
    free(q);
}

/* No space in the second half: cut at 160 bytes, moved back to the start of a UTF-8
 * sequence. "a" then 2-byte "é" characters: byte 160 is the second byte of one, so the
 * quote keeps 159 bytes (the "a" and 79 "é"). */
static void test_cut_not_inside_utf8(void **state)
{
    (void)state;
    char s[512] = "a";
    for (size_t i = 0; i < 200; i++)
        strcat(s, "\xC3\xA9");
    passage p = {0};
    add_sentence(&p, s, 0, NULL, NULL);
    fake f = {&p, 1, -1, NULL, 0, {0}, 0};
    char *q = quote(&f, 0, NULL, 0, RD_OK);
    assert_int_equal(strlen(q), 159 + 3);
    assert_true(valid_utf8(q));
    assert_memory_equal(q, s, 159);
    assert_string_equal(q + 159, "\xE2\x80\xA6");
    free(q);
    /* three-byte characters after "ab": the cut moves back over continuation bytes */
    strcpy(s, "ab");
    for (size_t i = 0; i < 130; i++)
        strcat(s, "\xE2\x82\xAC"); /* € */
    p = (passage){0};
    add_sentence(&p, s, 0, NULL, NULL);
    q = quote(&f, 0, NULL, 0, RD_OK);
    assert_true(valid_utf8(q));
    assert_int_equal(strlen(q), 158 + 3); /* 2 + 52 · 3 */
    free(q);
}

/* A passage without sentences is quoted whole; a failing mask fails the quote. */
static void test_no_sentences_and_mask_failure(void **state)
{
    (void)state;
    passage p = {0};
    strcpy(p.text, "kort");
    p.n = 4;
    fake f = {&p, 1, 1, NULL, 0, {0}, 0};
    char *q = quote(&f, 0, NULL, 0, RD_OK);
    assert_string_equal(q, "KORT");
    free(q);
    f.upper = 0;
    q = quote(&f, 0, NULL, 0, RD_EDATA);
    assert_null(q);
}

/* Scores by row, respondents by row: per respondent its best row; then the best first,
 * the earlier row on ties. */
static void test_pick(void **state)
{
    (void)state;
    const double score[] = {0.5, 0.9, 0.2, 0.0, 0.7, 0.9, -1, 0.8};
    const uint32_t row_doc[] = {0, 0, 1, 1, 2, 3, 3, 4};
    size_t out[8];
    assert_int_equal(rd_quote_pick(score, 8, row_doc, 3, out), 3);
    const size_t three[] = {1, 5, 7};
    assert_memory_equal(out, three, sizeof three);
    assert_int_equal(rd_quote_pick(score, 8, row_doc, 8, out), 5);
    const size_t all[] = {1, 5, 7, 4, 2};
    assert_memory_equal(out, all, sizeof all);
    assert_int_equal(rd_quote_pick(score, 8, row_doc, 0, out), 0);
    /* a later, better row of a respondent already picked replaces it */
    const double later[] = {0.3, 0.2, 0.6};
    const uint32_t docs[] = {0, 1, 0};
    assert_int_equal(rd_quote_pick(later, 3, docs, 2, out), 2);
    assert_int_equal(out[0], 2);
    assert_int_equal(out[1], 1);
    /* nothing above 0 */
    const double none[] = {0, -1};
    assert_int_equal(rd_quote_pick(none, 2, docs, 2, out), 0);
}

/* The pick by its definition, for the test below: each respondent's best row (the
 * earliest on ties), then the best first (the earlier row on ties), at most want. */
static size_t pick_by_definition(const double *score, const size_t *rows, size_t n,
                                 const uint32_t *row_doc, size_t want, size_t *out)
{
    size_t best[64], got = 0;
    for (size_t d = 0; d < 64; d++)
        best[d] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t p = rows ? rows[i] : i;
        if (score[p] > 0 && (best[row_doc[p]] == SIZE_MAX || score[p] > score[best[row_doc[p]]]))
            best[row_doc[p]] = p;
    }
    for (; got < want; got++) {
        size_t b = SIZE_MAX;
        for (size_t d = 0; d < 64; d++) {
            size_t p = best[d];
            if (p != SIZE_MAX && (b == SIZE_MAX || score[p] > score[b] ||
                                  (score[p] == score[b] && p < b)))
                b = p;
        }
        if (b == SIZE_MAX)
            break;
        out[got] = b;
        best[row_doc[b]] = SIZE_MAX;
    }
    return got;
}

/* rd_quote_pick, rd_quote_pick_rows (some rows) and the streaming picker against the
 * definition, on random scores with many ties and respondents with several rows. */
static void test_pick_rows_and_stream(void **state)
{
    (void)state;
    enum { N = 200 };
    double score[N], sc[4];
    uint32_t row_doc[N];
    size_t rows[N], want_out[4], out[4];
    unsigned r = 7;
    for (int round = 0; round < 300; round++) {
        size_t n_rows = 0;
        for (size_t p = 0; p < N; p++) {
            r = r * 1103515245u + 12345u;
            score[p] = (double)((r >> 8) % 7) / 6.0; /* 0 .. 1 in sevenths: ties */
            row_doc[p] = (r >> 16) % 40;
            if ((r >> 4) % 3 == 0)
                rows[n_rows++] = p;
        }
        size_t want = 1 + (size_t)round % 4;
        size_t nw = pick_by_definition(score, NULL, N, row_doc, want, want_out);
        assert_int_equal(rd_quote_pick(score, N, row_doc, want, out), nw);
        assert_memory_equal(out, want_out, nw * sizeof *out);
        rd_quote_picker pk = {want, 0, out, sc};
        for (size_t p = 0; p < N; p++)
            rd_quote_picker_offer(&pk, p, score[p], row_doc);
        assert_int_equal(pk.got, nw);
        assert_memory_equal(out, want_out, nw * sizeof *out);
        nw = pick_by_definition(score, rows, n_rows, row_doc, want, want_out);
        assert_int_equal(rd_quote_pick_rows(score, rows, n_rows, row_doc, want, out), nw);
        assert_memory_equal(out, want_out, nw * sizeof *out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_best_sentence),
        cmocka_unit_test(test_window_growth),
        cmocka_unit_test(test_window_stays_under_max),
        cmocka_unit_test(test_cut_at_space),
        cmocka_unit_test(test_cut_not_inside_utf8),
        cmocka_unit_test(test_no_sentences_and_mask_failure),
        cmocka_unit_test(test_pick),
        cmocka_unit_test(test_pick_rows_and_stream),
    };
    return cmocka_run_group_tests_name("quotes", tests, NULL, NULL);
}
