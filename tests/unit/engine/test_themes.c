/* tests/unit/engine/test_themes.c — themes found in a planted block structure (passages
 * that each speak of one group of terms), the automatic choice of T and its candidates,
 * the sampled fit (H on fit_rows passages, W by projection), the fit on the columns the
 * passages use, and the RD_EDATA cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/nmf.h"
#include "engine/select.h"
#include "engine/tfidf.h"
#include "engine/themes.h"
#include "tests/unit/engine/dense.h"

enum { BLOCKS = 4, PER = 6, TERMS = BLOCKS * PER };

/* n passages, passage i in block i % 4 (or blocks of unequal size with uneven), as TF-IDF. */
static rd_csr *planted(size_t n, int uneven, size_t *block)
{
    for (size_t i = 0; i < n; i++)
        block[i] = uneven ? (i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3) : i % BLOCKS;
    double *a = planted_counts(n, BLOCKS, PER, block, 17);
    rd_csr *x = csr_from_dense(a, n, TERMS);
    rd_err err;
    free(a);
    assert_int_equal(rd_tfidf_apply(x, NULL, &err), RD_OK);
    return x;
}

/* Every theme puts its PER largest term weights in one block, every block has a theme,
 * and every passage's largest theme weight is its block's theme. Returns the block of
 * each theme in tb. */
static void expect_blocks(const rd_themes *th, const size_t *block, size_t *tb)
{
    int seen[BLOCKS] = {0};
    assert_int_equal(th->k, BLOCKS);
    for (size_t j = 0; j < BLOCKS; j++) {
        const float *h = th->h + j * TERMS;
        size_t best = 0;
        for (size_t t = 1; t < TERMS; t++)
            if (h[t] > h[best])
                best = t;
        tb[j] = best / PER;
        double in = 0;
        for (size_t t = tb[j] * PER; t < (tb[j] + 1) * PER; t++)
            in += h[t];
        assert_true(in > 0.95); /* rows of H sum to 1: almost all of it in the block */
        assert_false(seen[tb[j]]);
        seen[tb[j]] = 1;
    }
    for (size_t p = 0; p < th->n_rows; p++) {
        const float *w = th->w + p * BLOCKS;
        size_t best = 0;
        for (size_t j = 1; j < BLOCKS; j++)
            if (w[j] > w[best])
                best = j;
        assert_int_equal(tb[best], block[p]);
    }
}

/* Rows of H sum to 1, W ≥ 0, weights sum to 1 in descending order. */
static void expect_scaled(const rd_themes *th)
{
    double ws = 0;
    for (size_t j = 0; j < th->k; j++) {
        double hs = 0;
        for (size_t t = 0; t < th->n_terms; t++) {
            assert_true(th->h[j * th->n_terms + t] >= 0.0f);
            hs += th->h[j * th->n_terms + t];
        }
        assert_float_equal(hs, 1.0, 1e-5);
        ws += th->weight[j];
        if (j > 0)
            assert_true(th->weight[j] <= th->weight[j - 1]);
    }
    assert_float_equal(ws, 1.0, 1e-9);
    for (size_t i = 0; i < th->n_rows * th->k; i++)
        assert_true(th->w[i] >= 0.0f);
}

static void test_planted(void **state)
{
    (void)state;
    size_t block[200], tb[BLOCKS];
    rd_csr *x = planted(200, 1, block); /* blocks hold 40 %, 30 %, 20 %, 10 % */
    rd_themes th;
    rd_err err;
    rd_themes_opts o = rd_select_themes(x->n_rows, BLOCKS, 0, 1, 2);
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_OK);
    expect_blocks(&th, block, tb);
    expect_scaled(&th);
    for (size_t j = 0; j < BLOCKS; j++) /* numbered by weight: the largest block first */
        assert_int_equal(tb[j], j);
    assert_int_equal(th.n_cands, 0);
    assert_int_equal(th.fit_rows, 200);
    assert_int_equal(th.n_rows, 200);
    assert_int_equal(th.n_terms, TERMS);
    assert_true(th.iters > 0);
    assert_true(th.rel_err > 0.0 && th.rel_err < 1.0);
    /* the same seed gives the same bytes */
    rd_themes again;
    assert_int_equal(rd_themes_fit(x, &o, &again, &err), RD_OK);
    assert_memory_equal(th.w, again.w, 200 * BLOCKS * sizeof *th.w);
    assert_memory_equal(th.h, again.h, BLOCKS * TERMS * sizeof *th.h);
    rd_themes_free(&again);
    rd_themes_free(&th);
    rd_themes_free(NULL);
    rd_csr_free(x);
}

/* The rule of themes.h on the candidates: the most stable, the smaller T on ties. */
static size_t rule(const rd_themes *th)
{
    size_t most = 0;
    for (size_t i = 0; i < th->n_cands; i++)
        if (th->cands[i].stability > th->cands[most].stability)
            most = i;
    return th->cands[most].t;
}

/* T = 0 without segments: candidates 3 .. 8 scored by stability. The four planted themes
 * come back on every subset (stability near 1); finer sets split a block in ways that
 * subsets of the passages do not all repeat, coarser ones merge blocks differently. The
 * planted T = 4 is the most stable. */
static void test_automatic(void **state)
{
    (void)state;
    size_t block[120], tb[BLOCKS];
    rd_csr *x = planted(120, 0, block);
    rd_themes th;
    rd_err err;
    _Atomic size_t iters = 0;
    rd_themes_opts o = rd_select_themes(x->n_rows, 0, 0, 1, 1);
    o.progress = &iters;
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_OK);
    assert_int_equal(th.n_cands, 6);
    for (size_t i = 0; i < th.n_cands; i++) {
        const rd_themes_cand *c = &th.cands[i];
        assert_int_equal(c->t, 3 + i);
        assert_true(c->stability >= 0.0 && c->stability <= 1.0 + 1e-9);
        assert_true(c->rel_err > 0.0 && c->rel_err < 1.0);
        if (i > 0) /* more themes fit better */
            assert_true(c->rel_err < th.cands[i - 1].rel_err);
    }
    assert_true(th.cands[1].stability > 0.99); /* T = 4 */
    for (size_t i = 0; i < th.n_cands; i++)
        if (i != 1)
            assert_true(th.cands[i].stability < 0.95);
    assert_int_equal(th.k, rule(&th));
    assert_int_equal(th.k, BLOCKS);
    expect_blocks(&th, block, tb);
    assert_true(atomic_load(&iters) > th.iters); /* every fit counted */
    /* the choice is a function of the passages: another seed, the same candidates */
    double stab[6];
    for (size_t i = 0; i < 6; i++)
        stab[i] = th.cands[i].stability;
    rd_themes_free(&th);
    rd_themes_opts o99 = rd_select_themes(x->n_rows, 0, 0, 99, 1);
    assert_int_equal(rd_themes_fit(x, &o99, &th, &err), RD_OK);
    assert_int_equal(th.k, BLOCKS);
    for (size_t i = 0; i < 6; i++)
        assert_float_equal(th.cands[i].stability, stab[i], 0);
    rd_themes_free(&th);

    /* with 5 segments the window is 5 .. 10: the planted T lies outside it, and the most
     * stable inside wins */
    rd_themes_opts o5 = rd_select_themes(x->n_rows, 0, 5, 1, 1);
    assert_int_equal(o5.t_min, 5);
    assert_int_equal(o5.t_max, 10);
    assert_int_equal(rd_themes_fit(x, &o5, &th, &err), RD_OK);
    assert_int_equal(th.cands[0].t, 5);
    assert_int_equal(th.k, rule(&th));
    rd_themes_free(&th);

    /* the choice made on a sample of 60 passages */
    o.select_rows = 60;
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_OK);
    assert_int_equal(th.n_cands, 6);
    assert_int_equal(th.k, rule(&th));
    assert_int_equal(th.n_rows, 120); /* the final fit on all passages */
    rd_themes_free(&th);
    rd_csr_free(x);
}

/* H learnt on 50 of 120 passages; every passage gets its weights by projection and still
 * falls in its block's theme. */
static void test_sampled_fit(void **state)
{
    (void)state;
    size_t block[120], tb[BLOCKS];
    rd_csr *x = planted(120, 0, block);
    rd_themes th;
    rd_err err;
    rd_themes_opts o = rd_select_themes(x->n_rows, BLOCKS, 0, 3, 1);
    o.fit_rows = 50;
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_OK);
    assert_int_equal(th.fit_rows, 50);
    assert_int_equal(th.n_rows, 120);
    expect_blocks(&th, block, tb);
    expect_scaled(&th);
    rd_themes_free(&th);
    rd_csr_free(x);
}

/* Passages read in their context (o.context, o.context_group) give the themes of the
 * context rows themselves (rd_csr_context_rows) fitted plainly: on all passages (bit for
 * bit), and with H fitted on a sample and every passage projected a batch at a time (the
 * same H bit for bit; W to rounding), over more passages than one batch holds. */
static void test_context(void **state)
{
    (void)state;
    const size_t sizes[] = {120, 70000};
    for (size_t c = 0; c < 2; c++) {
        size_t n = sizes[c];
        size_t *block = malloc(n * sizeof *block);
        uint32_t *group = malloc(n * sizeof *group);
        for (size_t i = 0; i < n; i++)
            group[i] = (uint32_t)(i / 5);
        rd_csr *x = planted(n, 0, block), *xc = NULL;
        rd_themes a, b;
        rd_err err;
        assert_int_equal(rd_csr_context_rows(x, group, 0.25f, NULL, n, 1, &xc, &err), RD_OK);
        rd_themes_opts o = rd_select_themes(n, BLOCKS, 0, 3, 1);
        if (c == 1)
            o.fit_rows = 2000;
        assert_int_equal(rd_themes_fit(xc, &o, &b, &err), RD_OK);
        o.context = 0.25f;
        o.context_group = group;
        assert_int_equal(rd_themes_fit(x, &o, &a, &err), RD_OK);
        assert_int_equal(a.k, b.k);
        assert_int_equal(a.fit_rows, b.fit_rows);
        assert_memory_equal(a.h, b.h, a.k * a.n_terms * sizeof *a.h);
        if (c == 0)
            assert_memory_equal(a.w, b.w, n * a.k * sizeof *a.w);
        for (size_t i = 0; i < n * a.k; i++)
            assert_float_equal(a.w[i], b.w[i], 1e-5 + 1e-5 * fabsf(b.w[i]));
        expect_scaled(&a);
        /* Only the weights in context (topic cards): H is the plain fit's, bit for bit, and
         * W the context rows projected on it (10 sweeps after a fit on every passage, 2
         * after a sample). */
        rd_themes p, q;
        o.context = 0.0f;
        assert_int_equal(rd_themes_fit(x, &o, &p, &err), RD_OK);
        o.context = 0.25f;
        o.context_weights_only = 1;
        assert_int_equal(rd_themes_fit(x, &o, &q, &err), RD_OK);
        assert_memory_equal(p.h, q.h, p.k * p.n_terms * sizeof *p.h);
        float *pw = malloc(n * q.k * sizeof *pw);
        assert_int_equal(rd_nmf_project(xc, q.h, q.k, c == 0 ? 10 : 2, 1, pw, &err), RD_OK);
        size_t differ = 0;
        for (size_t i = 0; i < n * q.k; i++) {
            assert_float_equal(q.w[i], pw[i], 1e-4 + 1e-3 * fabsf(pw[i]));
            differ += fabsf(q.w[i] - p.w[i]) > 1e-3f;
        }
        assert_true(differ > n / 10); /* the context moved the weights */
        free(pw);
        rd_themes_free(&p);
        rd_themes_free(&q);
        if (c == 0) { /* automatic T, H from a sample of 50: the final fit as on the context
                         rows; T chosen on them too (the subsets are keyed by the plain
                         matrix, so the candidates' stabilities differ from a plain run's
                         on the same subsets) */
            rd_themes_opts oa = rd_select_themes(n, 0, 0, 3, 1);
            oa.fit_rows = 50;
            assert_int_equal(rd_themes_fit(x, &oa, &q, &err), RD_OK);
            oa.context = 0.25f;
            oa.context_group = group;
            assert_int_equal(rd_themes_fit(x, &oa, &p, &err), RD_OK);
            assert_true(p.n_cands > 1 && p.fit_rows == 50 && p.n_cands == q.n_cands);
            size_t moved = 0;
            for (size_t i = 0; i < p.n_cands; i++)
                moved += p.cands[i].stability != q.cands[i].stability;
            assert_true(moved > 0);
            rd_themes_free(&q);
            rd_themes_opts ob = rd_select_themes(n, p.k, 0, 3, 1);
            ob.fit_rows = 50;
            assert_int_equal(rd_themes_fit(xc, &ob, &q, &err), RD_OK);
            assert_memory_equal(p.h, q.h, p.k * p.n_terms * sizeof *p.h);
            for (size_t i = 0; i < n * p.k; i++)
                assert_float_equal(p.w[i], q.w[i], 1e-5 + 1e-5 * fabsf(q.w[i]));
            rd_themes_free(&p);
            rd_themes_free(&q);
        }
        rd_themes_free(&a);
        rd_themes_free(&b);
        rd_csr_free(xc);
        rd_csr_free(x);
        free(group);
        free(block);
    }
}

/* x with `extra` empty columns put in front of column 0, between columns 11 and 12 and
 * after the last (columns no passage uses: a sample of a large corpus's passages leaves
 * most of the vocabulary so). */
static rd_csr *with_empty_columns(const rd_csr *x, size_t *where)
{
    rd_csr *y;
    rd_err err;
    assert_int_equal(rd_csr_new(x->n_rows, x->n_cols + 3, x->nnz, &y, &err), RD_OK);
    memcpy(y->indptr, x->indptr, (x->n_rows + 1) * sizeof *y->indptr);
    memcpy(y->data, x->data, x->nnz * sizeof *y->data);
    for (size_t e = 0; e < x->nnz; e++)
        y->indices[e] = x->indices[e] + 1 + (x->indices[e] >= 12);
    where[0] = 0;
    where[1] = 13;
    where[2] = x->n_cols + 2;
    return y;
}

/* Themes are fitted on the columns the passages use (rd_csr_narrow): with empty columns
 * added, H is the same at every used column, bit for bit, and zero at the empty ones,
 * and W is the same. */
static void test_empty_columns(void **state)
{
    (void)state;
    size_t block[120], where[3];
    rd_csr *x = planted(120, 0, block), *y = with_empty_columns(x, where);
    rd_themes a, b;
    rd_err err;
    rd_themes_opts o = rd_select_themes(x->n_rows, BLOCKS, 0, 5, 1);
    assert_int_equal(rd_themes_fit(x, &o, &a, &err), RD_OK);
    assert_int_equal(rd_themes_fit(y, &o, &b, &err), RD_OK);
    assert_int_equal(b.n_terms, TERMS + 3);
    assert_memory_equal(a.w, b.w, 120 * BLOCKS * sizeof *a.w);
    for (size_t j = 0; j < BLOCKS; j++) {
        for (size_t e = 0; e < 3; e++)
            assert_true(b.h[j * (TERMS + 3) + where[e]] == 0.0f);
        for (size_t t = 0; t < TERMS; t++) {
            size_t u = t + 1 + (t >= 12);
            assert_memory_equal(&a.h[j * TERMS + t], &b.h[j * (TERMS + 3) + u], sizeof *a.h);
        }
    }
    rd_themes_free(&a);
    rd_themes_free(&b);
    rd_csr_free(y);
    rd_csr_free(x);
}

/* Topic cards: a card on two terms of the smallest block and one on the second block take
 * those blocks' themes (rd_themes.card says which), whatever their size; automatic T then
 * counts from cards + 1; fewer themes than cards is RD_EDATA. */
static void test_cards(void **state)
{
    (void)state;
    size_t block[200], tb[BLOCKS];
    rd_csr *x = planted(200, 1, block);
    rd_themes th;
    rd_err err;
    const uint32_t terms[] = {3 * PER, 3 * PER + 1, 1 * PER + 2, 1 * PER + 4};
    const size_t off[] = {0, 2, 4};
    rd_theme_seeds sd = {.n = 2, .off = off, .terms = terms, .weight = RD_SELECT_CARD_WEIGHT};
    rd_themes_opts o = rd_select_themes(x->n_rows, BLOCKS, 0, 1, 2);
    o.seeds = &sd;
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_OK);
    expect_blocks(&th, block, tb);
    for (size_t j = 0; j < BLOCKS; j++)
        assert_int_equal(th.card[j], tb[j] == 3 ? 0 : tb[j] == 1 ? 1 : -1);
    rd_themes_free(&th);
    /* automatic: a card per block, the window 3 .. 8 moves to 7 .. 12 */
    const uint32_t one[] = {0, PER, 2 * PER, 3 * PER};
    const size_t off4[] = {0, 1, 2, 3, 4};
    rd_theme_seeds four = {.n = 4, .off = off4, .terms = one, .weight = RD_SELECT_CARD_WEIGHT};
    o = rd_select_themes(x->n_rows, 0, 0, 1, 2);
    o.seeds = &four;
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_OK);
    assert_true(th.n_cands > 0);
    assert_int_equal(th.cands[0].t, 7);
    assert_int_equal(th.cands[th.n_cands - 1].t, 12);
    assert_true(th.k >= 7);
    size_t carded = 0;
    for (size_t j = 0; j < th.k; j++)
        carded += th.card[j] >= 0;
    assert_int_equal(carded, 4);
    rd_themes_free(&th);
    /* fewer themes than cards */
    o = rd_select_themes(x->n_rows, 3, 0, 1, 2);
    o.seeds = &four;
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_EDATA);
    assert_string_equal(err.msg, "3 themes asked for, but the codebook has 4 cards and each "
                                 "card is a theme; ask for at least 4 (or leave -t automatic)");
    rd_csr_free(x);
}

static void test_edata(void **state)
{
    (void)state;
    rd_csr *x;
    rd_themes th;
    rd_err err;
    assert_int_equal(rd_csr_new(5, 4, 0, &x, &err), RD_OK);
    rd_themes_opts o = rd_select_themes(5, 0, 0, 1, 1);
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_EDATA);
    assert_non_null(strstr(err.msg, "no terms to find themes in"));
    assert_null(th.w);
    rd_csr_free(x);

    size_t block[4];
    x = planted(4, 0, block); /* 4 passages × 24 terms */
    o = rd_select_themes(4, 5, 0, 1, 1);
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_EDATA);
    assert_string_equal(err.msg, "5 themes asked for, but there are only 4 passages and 24 "
                                 "terms; ask for at most 4");
    assert_null(th.cands);
    /* automatic with 4 passages: 3 .. 6 clamped to 3 .. 4 */
    o = rd_select_themes(4, 0, 0, 1, 1);
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_OK);
    assert_int_equal(th.n_cands, 2);
    rd_themes_free(&th);
    rd_csr_free(x);
    /* 3 passages: the range is 3 .. 3, no choice to make */
    x = planted(3, 0, block);
    assert_int_equal(rd_themes_fit(x, &o, &th, &err), RD_OK);
    assert_int_equal(th.k, 3);
    assert_int_equal(th.n_cands, 0);
    rd_themes_free(&th);
    rd_csr_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planted),
        cmocka_unit_test(test_automatic),
        cmocka_unit_test(test_sampled_fit),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_empty_columns),
        cmocka_unit_test(test_cards),
        cmocka_unit_test(test_edata),
    };
    return cmocka_run_group_tests_name("themes", tests, NULL, NULL);
}
