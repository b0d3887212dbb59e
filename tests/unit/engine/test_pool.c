/* tests/unit/engine/test_pool.c — the thread pool: the static ranges of rd_pool_for,
 * rd_pool_cuts on a prefix sum, and rd_pool_run: every item once, on a valid worker; with
 * in_order, items consumed in item order, each only once it is done; a non-OK status
 * from the consumer stops the loop and is returned.
 *
 * What the early stop cannot be tested for deterministically is that no item starts
 * after it: the pool sets its stop flag after the consumer returns, and nothing a test can
 * observe tells a worker that it has. The test checks what is certain: no item is
 * consumed after the failing one, none runs twice, and the call returns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/pool.h"

/* ---- rd_pool_for ---- */

typedef struct {
    atomic_size_t calls;
    size_t lo[RD_POOL_MAX_FOR + 1], hi[RD_POOL_MAX_FOR + 1];
} ranges;

static void record(void *ctx, size_t lo, size_t hi)
{
    ranges *r = ctx;
    size_t i = atomic_fetch_add(&r->calls, 1);
    r->lo[i] = lo;
    r->hi[i] = hi;
}

/* Runs rd_pool_for and checks that it made `parts` calls, [n·t/parts, n·(t+1)/parts). */
static void expect_ranges(int threads, size_t n, size_t parts)
{
    ranges r;
    memset(&r, 0, sizeof r);
    atomic_init(&r.calls, 0);
    rd_pool_for(threads, n, record, &r);
    assert_int_equal(atomic_load(&r.calls), parts);
    for (size_t t = 0; t < parts; t++) {
        size_t lo = n * t / parts, hi = n * (t + 1) / parts, i = 0;
        while (i < parts && r.lo[i] != lo)
            i++;
        assert_true(i < parts);
        assert_int_equal(r.hi[i], hi);
    }
}

static void test_for(void **state)
{
    (void)state;
    expect_ranges(3, 10, 3);      /* [0,3) [3,6) [6,10) */
    expect_ranges(1, 10, 1);      /* the caller's thread alone */
    expect_ranges(4, 2, 2);       /* no more parts than items */
    expect_ranges(0, 5, 5);       /* threads < 1: one part per item */
    expect_ranges(100, 1000, 64); /* at most RD_POOL_MAX_FOR */
    expect_ranges(2, 0, 0);       /* nothing to do: no call */
    expect_ranges(2, 1, 1);
}

static void test_cuts(void **state)
{
    (void)state;
    /* rows hold 10, 0, 0, 10, 20 entries */
    const int64_t prefix[] = {0, 10, 10, 10, 20, 40};
    size_t cuts[5];
    rd_pool_cuts(prefix, 5, 2, cuts); /* half the work is rows 0..3, half row 4 */
    const size_t two[] = {0, 4, 5};
    assert_memory_equal(cuts, two, sizeof two);
    rd_pool_cuts(prefix, 5, 4, cuts); /* targets 10, 20, 30 */
    const size_t four[] = {0, 1, 4, 5, 5};
    assert_memory_equal(cuts, four, sizeof four);
    rd_pool_cuts(prefix, 5, 1, cuts);
    const size_t one[] = {0, 5};
    assert_memory_equal(cuts, one, sizeof one);
    /* a prefix that does not start at 0 (a slice of indptr) cuts the same way */
    const int64_t shifted[] = {100, 110, 110, 110, 120, 140};
    rd_pool_cuts(shifted, 5, 4, cuts);
    assert_memory_equal(cuts, four, sizeof four);
}

/* ---- rd_pool_run ---- */

enum { N_ITEMS = 300 };

typedef struct {
    int threads;
    atomic_int runs[N_ITEMS];
    atomic_int bad_worker;
    size_t consumed[N_ITEMS], n_consumed;
    int consumed_early; /* consumed before its item ran */
} items;

static void run_item(void *ctx, size_t item, int worker)
{
    items *it = ctx;
    if (worker < 0 || worker >= it->threads)
        atomic_store(&it->bad_worker, 1);
    volatile double x = 0; /* uneven work: later items finish out of order */
    for (size_t i = 0; i < (item * 7919) % 2000; i++)
        x += (double)i;
    atomic_fetch_add(&it->runs[item], 1);
}

static rd_status consume(void *ctx, size_t item, rd_err *err)
{
    (void)err;
    items *it = ctx;
    if (atomic_load(&it->runs[item]) != 1)
        it->consumed_early = 1;
    it->consumed[it->n_consumed++] = item;
    return RD_OK;
}

static void test_run(void **state)
{
    (void)state;
    rd_err err;
    const int threads[] = {1, 2, 4, 16};
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++)
        for (int ordered = 0; ordered < 2; ordered++) {
            items *it = calloc(1, sizeof *it);
            it->threads = threads[t];
            assert_int_equal(rd_pool_run(N_ITEMS, threads[t], run_item, ordered ? consume : NULL,
                                         it, &err),
                             RD_OK);
            for (size_t i = 0; i < N_ITEMS; i++)
                assert_int_equal(atomic_load(&it->runs[i]), 1);
            assert_false(atomic_load(&it->bad_worker));
            assert_int_equal(it->n_consumed, ordered ? N_ITEMS : 0);
            for (size_t i = 0; i < it->n_consumed; i++)
                assert_int_equal(it->consumed[i], i);
            assert_false(it->consumed_early);
            free(it);
        }
    /* more threads than items: only as many workers as items (ids 0..n-1) */
    items *it = calloc(1, sizeof *it);
    it->threads = 3;
    assert_int_equal(rd_pool_run(3, 8, run_item, consume, it, &err), RD_OK);
    assert_false(atomic_load(&it->bad_worker));
    assert_int_equal(it->n_consumed, 3);
    free(it);
    /* no items: nothing runs */
    it = calloc(1, sizeof *it);
    it->threads = 1;
    assert_int_equal(rd_pool_run(0, 0, run_item, consume, it, &err), RD_OK);
    assert_int_equal(it->n_consumed, 0);
    free(it);
    assert_true(rd_pool_cores() >= 1);
}

/* Item i (i ≥ 1) waits until the consumer has reached item i − 1, or has failed, so the
 * worker is never more than one item ahead of the consumer before the failure. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t entered; /* consumer calls so far */
    int failed;
    atomic_int runs[N_ITEMS];
    size_t consumed[N_ITEMS], n_consumed;
} gated;

static void gated_item(void *ctx, size_t item, int worker)
{
    (void)worker;
    gated *g = ctx;
    pthread_mutex_lock(&g->mu);
    while (!g->failed && g->entered < item)
        pthread_cond_wait(&g->cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
    atomic_fetch_add(&g->runs[item], 1);
}

static rd_status gated_consume(void *ctx, size_t item, rd_err *err)
{
    gated *g = ctx;
    rd_status rc = RD_OK;
    pthread_mutex_lock(&g->mu);
    g->entered++;
    g->consumed[g->n_consumed++] = item;
    if (item == 5) {
        g->failed = 1;
        rc = rd_fail(err, RD_EDATA, "item %zu is unusable", item);
    }
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    return rc;
}

static void test_run_stops(void **state)
{
    (void)state;
    for (int threads = 1; threads <= 3; threads++) {
        gated *g = calloc(1, sizeof *g);
        rd_err err;
        pthread_mutex_init(&g->mu, NULL);
        pthread_cond_init(&g->cv, NULL);
        assert_int_equal(rd_pool_run(N_ITEMS, threads, gated_item, gated_consume, g, &err),
                         RD_EDATA);
        assert_string_equal(err.msg, "item 5 is unusable");
        assert_int_equal(g->n_consumed, 6); /* 0..5, then nothing */
        for (size_t i = 0; i < 6; i++)
            assert_int_equal(g->consumed[i], i);
        for (size_t i = 0; i < N_ITEMS; i++)
            assert_true(atomic_load(&g->runs[i]) <= 1);
        for (size_t i = 0; i < 6; i++)
            assert_int_equal(atomic_load(&g->runs[i]), 1);
        pthread_mutex_destroy(&g->mu);
        pthread_cond_destroy(&g->cv);
        free(g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_for),
        cmocka_unit_test(test_cuts),
        cmocka_unit_test(test_run),
        cmocka_unit_test(test_run_stops),
    };
    return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
