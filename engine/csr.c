/* engine/csr.c — see csr.h. */
#include "engine/csr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pool.h"
#include "engine/work.h"

rd_status rd_csr_new(size_t n_rows, size_t n_cols, size_t nnz, rd_csr **out, rd_err *err)
{
    rd_csr *m;
    *out = NULL;
    if (n_cols > INT32_MAX)
        return rd_fail(err, RD_EINVAL, "%zu columns exceed the int32 index range", n_cols);
    if (!(m = calloc(1, sizeof *m)))
        return rd_fail(err, RD_ENOMEM, "sparse matrix");
    m->n_rows = n_rows;
    m->n_cols = n_cols;
    m->nnz = nnz;
    m->indptr = calloc(n_rows + 1, sizeof *m->indptr);
    m->indices = malloc((nnz ? nnz : 1) * sizeof *m->indices);
    m->data = malloc((nnz ? nnz : 1) * sizeof *m->data);
    if (!m->indptr || !m->indices || !m->data) {
        rd_csr_free(m);
        return rd_fail(err, RD_ENOMEM, "sparse matrix %zu x %zu with %zu entries", n_rows,
                       n_cols, nnz);
    }
    *out = m;
    return RD_OK;
}

void rd_csr_free(rd_csr *m)
{
    if (!m)
        return;
    free(m->indptr);
    free(m->indices);
    free(m->data);
    free(m);
}

rd_status rd_csr_check(const rd_csr *m, rd_err *err)
{
    if (m->indptr[0] != 0 || (size_t)m->indptr[m->n_rows] != m->nnz)
        return rd_fail(err, RD_EINVAL, "csr: indptr does not span 0..nnz");
    for (size_t r = 0; r < m->n_rows; r++) {
        if (m->indptr[r + 1] < m->indptr[r])
            return rd_fail(err, RD_EINVAL, "csr: indptr decreases at row %zu", r);
        for (int64_t p = m->indptr[r]; p < m->indptr[r + 1]; p++) {
            int32_t c = m->indices[p];
            if (c < 0 || (size_t)c >= m->n_cols || (p > m->indptr[r] && c <= m->indices[p - 1]))
                return rd_fail(err, RD_EINVAL, "csr: bad column %d in row %zu", (int)c, r);
            if (!isfinite(m->data[p]))
                return rd_fail(err, RD_EINVAL, "csr: non-finite value in row %zu", r);
        }
    }
    return RD_OK;
}

/* Rows [cuts[p], cuts[p + 1]) of a are part p: it counts its entries per column into
 * cnt[p·m ..], which then become its next positions per column for the scatter. */
typedef struct {
    const rd_csr *a;
    rd_csr *t;
    const size_t *cuts;
    int64_t *cnt; /* parts × n_cols: counts, then each part's next position */
    int count;    /* 1: the counting pass; 0: the scatter */
} tr_ctx;

static void tr_part(void *p, size_t lo, size_t hi)
{
    const tr_ctx *c = p;
    const rd_csr *a = c->a;
    for (size_t part = lo; part < hi; part++) {
        int64_t *cnt = c->cnt + part * a->n_cols;
        for (size_t r = c->cuts[part]; r < c->cuts[part + 1]; r++)
            for (int64_t q = a->indptr[r]; q < a->indptr[r + 1]; q++) {
                if (c->count) {
                    cnt[a->indices[q]]++;
                } else {
                    int64_t o = cnt[a->indices[q]]++;
                    c->t->indices[o] = (int32_t)r;
                    c->t->data[o] = a->data[q];
                }
            }
    }
}

rd_status rd_csr_transpose_mt(const rd_csr *a, int threads, rd_csr **out, rd_err *err)
{
    enum { MAXP = 16 };
    rd_csr *t = NULL;
    rd_status rc;
    size_t cuts[MAXP + 1], m = a->n_cols;
    *out = NULL;
    if (a->n_rows > INT32_MAX)
        return rd_fail(err, RD_EINVAL, "%zu rows exceed the int32 index range", a->n_rows);
    if (threads < 1 || a->nnz < 1000000) /* not worth a thread */
        threads = 1;
    if (threads > MAXP)
        threads = MAXP;
    if ((rc = rd_csr_new(m, a->n_rows, a->nnz, &t, err)) != RD_OK)
        return rc;
    int64_t *cnt = calloc((size_t)threads * m + 1, sizeof *cnt);
    if (!cnt) {
        rd_csr_free(t);
        return rd_fail(err, RD_ENOMEM, "transpose of %zu x %zu", a->n_rows, m);
    }
    /* Counting sort by column over contiguous parts of the rows: each part counts its
     * entries per column, a column's entries are laid out part after part, and each part
     * scatters its rows in order. So every output row is sorted by its (old) row index,
     * the same bytes for every thread count. */
    rd_pool_cuts(a->indptr, a->n_rows, threads, cuts);
    tr_ctx c = {a, t, cuts, cnt, 1};
    rd_pool_for(threads, (size_t)threads, tr_part, &c);
    int64_t next = 0;
    for (size_t col = 0; col < m; col++) {
        for (int p = 0; p < threads; p++) {
            int64_t k = cnt[(size_t)p * m + col];
            cnt[(size_t)p * m + col] = next;
            next += k;
        }
        t->indptr[col + 1] = next;
    }
    c.count = 0;
    rd_pool_for(threads, (size_t)threads, tr_part, &c);
    free(cnt);
    *out = t;
    return RD_OK;
}

rd_status rd_csr_transpose(const rd_csr *a, rd_csr **out, rd_err *err)
{
    return rd_csr_transpose_mt(a, 1, out, err);
}

typedef struct {
    const rd_csr *a;
    const float *b;
    size_t k;
    float *y;
    const size_t *cuts;
} mm_ctx;

/* Row r of Y = A·B, 32 columns of B at a time: the 32 sums stay in registers while the
 * row's entries stream past, instead of a load and a store of Y per entry and column
 * (each sum still adds the entries in the row's order, from zero: the same bits). */
enum { MM_BLOCK = 32 };

/* A row of the product gathers a row of b for each of its entries, from anywhere in b (a
 * million passages: 23 M entries, each a 440-byte row of a 134 MB b): the loads wait on
 * memory, so the rows MM_AHEAD entries on are asked for in advance (__builtin_prefetch,
 * which changes no result). Microbenchmark, 100,000 × 305,000 with 15 M entries and
 * k = 110, 3 runs each alternated: A·B 0.80 → 0.52 s, Aᵀ·Y 0.84 → 0.46 s. */
enum { MM_AHEAD = 8 };

static void mm_row(const rd_csr *a, size_t r, const float *b, size_t k, float *restrict yr)
{
    const int64_t lo = a->indptr[r], hi = a->indptr[r + 1];
    size_t j0 = 0;
    for (; j0 + MM_BLOCK <= k; j0 += MM_BLOCK) {
        float acc[MM_BLOCK] = {0};
        for (int64_t q = lo; q < hi; q++) {
            if (j0 == 0 && q + MM_AHEAD < hi) { /* the gathered rows, some entries ahead */
                const char *nx = (const char *)(b + (size_t)a->indices[q + MM_AHEAD] * k);
                for (size_t o = 0; o < k * sizeof *b; o += 64)
                    __builtin_prefetch(nx + o);
            }
            const float v = a->data[q];
            const float *restrict br = b + (size_t)a->indices[q] * k + j0;
            for (size_t j = 0; j < MM_BLOCK; j++)
                acc[j] += v * br[j];
        }
        memcpy(yr + j0, acc, sizeof acc);
    }
    if (j0 == k)
        return;
    memset(yr + j0, 0, (k - j0) * sizeof *yr);
    for (int64_t q = lo; q < hi; q++) {
        if (j0 == 0 && q + MM_AHEAD < hi) { /* fewer than MM_BLOCK columns: this is the pass */
            const char *nx = (const char *)(b + (size_t)a->indices[q + MM_AHEAD] * k);
            for (size_t o = 0; o < k * sizeof *b; o += 64)
                __builtin_prefetch(nx + o);
        }
        const float v = a->data[q];
        const float *restrict br = b + (size_t)a->indices[q] * k;
        for (size_t j = j0; j < k; j++)
            yr[j] += v * br[j];
    }
}

static void mm_part(void *p, size_t lo, size_t hi)
{
    const mm_ctx *c = p;
    for (size_t part = lo; part < hi; part++)
        for (size_t r = c->cuts[part]; r < c->cuts[part + 1]; r++)
            mm_row(c->a, r, c->b, c->k, c->y + r * c->k);
}

enum { MM_MAXP = RD_CSR_MAXP };

/* A product of a (n×m) with a dense k-column operand, counted (engine/work.h: the matrix,
 * the operand and the result once each). */
static void mm_count(const rd_csr *a, size_t k)
{
    rd_work_add(2.0 * (double)a->nnz * (double)k,
                8.0 * (double)a->nnz + 8.0 * (double)(a->n_rows + 1) +
                    4.0 * (double)k * ((double)a->n_rows + (double)a->n_cols));
}

/* The threads a product with a runs on: 1 to MM_MAXP, one below 100,000 entries (not
 * worth a thread). */
static int mm_parts(const rd_csr *a, int threads)
{
    if (threads < 1 || a->nnz < 100000)
        return 1;
    return threads > MM_MAXP ? MM_MAXP : threads;
}

void rd_csr_mm(const rd_csr *a, const float *b, size_t k, float *y, int threads)
{
    size_t cuts[MM_MAXP + 1];
    mm_count(a, k);
    threads = mm_parts(a, threads);
    rd_pool_cuts(a->indptr, a->n_rows, threads, cuts);
    mm_ctx c = {a, b, k, y, cuts};
    rd_pool_for(threads, (size_t)threads, mm_part, &c);
}

/* Aᵀ·B by columns of A (an mm_ctx whose cuts are columns): part p owns the rows
 * [cuts[p], cuts[p+1]) of y (columns of a, balanced by entries) and scatters into them
 * while it reads a and b row by row, so b is read in order and no transpose is made. Row
 * c of y gets its terms in ascending row order of a, as the rows of rd_csr_transpose hold
 * them: the same sums as rd_csr_mm on the transpose, bit for bit. */
static void tmm_part(void *p, size_t lo, size_t hi)
{
    const mm_ctx *c = p;
    const rd_csr *a = c->a;
    const size_t k = c->k;
    for (size_t part = lo; part < hi; part++) {
        const int32_t c0 = (int32_t)c->cuts[part], c1 = (int32_t)c->cuts[part + 1];
        memset(c->y + (size_t)c0 * k, 0, (size_t)(c1 - c0) * k * sizeof *c->y);
        for (size_t r = 0; r < a->n_rows; r++) {
            const float *restrict br = c->b + r * k;
            const int64_t qlo = a->indptr[r], qhi = a->indptr[r + 1];
            for (int64_t q = qlo; q < qhi; q++) {
                const int32_t col = a->indices[q];
                if (col < c0 || col >= c1)
                    continue;
                if (q + MM_AHEAD < qhi) {
                    const char *nx = (const char *)(c->y + (size_t)a->indices[q + MM_AHEAD] * k);
                    for (size_t o = 0; o < k * sizeof *c->y; o += 64)
                        __builtin_prefetch(nx + o, 1);
                }
                const float v = a->data[q];
                float *restrict yr = c->y + (size_t)col * k;
                for (size_t j = 0; j < k; j++)
                    yr[j] += v * br[j];
            }
        }
    }
}

rd_status rd_csr_tmm_plan(const rd_csr *a, int threads, rd_csr_tplan *plan, rd_err *err)
{
    int parts = mm_parts(a, threads);
    plan->parts = parts;
    if (parts == 1) {
        plan->cuts[0] = 0;
        plan->cuts[1] = a->n_cols;
        return RD_OK;
    }
    int64_t *pre = calloc(a->n_cols + 1, sizeof *pre);
    if (!pre)
        return rd_fail(err, RD_ENOMEM, "column counts of %zu columns", a->n_cols);
    for (size_t e = 0; e < a->nnz; e++)
        pre[a->indices[e] + 1]++;
    for (size_t t = 0; t < a->n_cols; t++)
        pre[t + 1] += pre[t];
    rd_pool_cuts(pre, a->n_cols, parts, plan->cuts);
    free(pre);
    return RD_OK;
}

void rd_csr_tmm(const rd_csr *a, const rd_csr_tplan *plan, const float *b, size_t k, float *y)
{
    mm_count(a, k);
    /* every part reads all of a's column indices, its own entries' values only */
    rd_work_add(0.0, 4.0 * (double)(plan->parts - 1) * (double)a->nnz);
    mm_ctx c = {a, b, k, y, plan->cuts};
    rd_pool_for(plan->parts, (size_t)plan->parts, tmm_part, &c);
}

rd_status rd_csr_narrow(const rd_csr *a, const unsigned char *keep, rd_csr **out,
                        uint32_t **cols, size_t *n_kept, rd_err *err)
{
    size_t m = a->n_cols, kept = 0;
    rd_status rc;
    *out = NULL;
    *cols = NULL;
    *n_kept = m;
    uint32_t *map = malloc((m ? m : 1) * sizeof *map);
    if (!map)
        return rd_fail(err, RD_ENOMEM, "column map of %zu columns", m);
    for (size_t t = 0; t < m; t++)
        map[t] = keep && keep[t] ? 1u : 0u;
    for (size_t e = 0; e < a->nnz; e++)
        map[a->indices[e]] = 1u;
    for (size_t t = 0; t < m; t++)
        kept += map[t];
    if (kept == m) {
        free(map);
        return RD_OK;
    }
    uint32_t *ids = malloc((kept ? kept : 1) * sizeof *ids);
    rd_csr *s = NULL;
    if (!ids) {
        free(map);
        return rd_fail(err, RD_ENOMEM, "column ids of %zu columns", kept);
    }
    if ((rc = rd_csr_new(a->n_rows, kept, a->nnz, &s, err)) != RD_OK) {
        free(map);
        free(ids);
        return rc;
    }
    for (size_t t = 0, c = 0; t < m; t++)
        if (map[t]) {
            ids[c] = (uint32_t)t;
            map[t] = (uint32_t)c++;
        }
    memcpy(s->indptr, a->indptr, (a->n_rows + 1) * sizeof *s->indptr);
    memcpy(s->data, a->data, a->nnz * sizeof *s->data);
    for (size_t e = 0; e < a->nnz; e++)
        s->indices[e] = (int32_t)map[a->indices[e]];
    free(map);
    *out = s;
    *cols = ids;
    *n_kept = kept;
    return RD_OK;
}

double rd_csr_sqnorm(const rd_csr *a)
{
    double s = 0.0;
    for (size_t p = 0; p < a->nnz; p++)
        s += (double)a->data[p] * (double)a->data[p];
    return s;
}

rd_status rd_csr_rows(const rd_csr *a, const size_t *rows, size_t n, rd_csr **out, rd_err *err)
{
    size_t nnz = 0;
    rd_status rc;
    rd_csr *s;
    *out = NULL;
    for (size_t i = 0; i < n; i++)
        nnz += (size_t)(a->indptr[rows[i] + 1] - a->indptr[rows[i]]);
    if ((rc = rd_csr_new(n, a->n_cols, nnz, &s, err)) != RD_OK)
        return rc;
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t lo = a->indptr[rows[i]], hi = a->indptr[rows[i] + 1];
        size_t len = (size_t)(hi - lo);
        memcpy(s->indices + q, a->indices + lo, len * sizeof *s->indices);
        memcpy(s->data + q, a->data + lo, len * sizeof *s->data);
        q += len;
        s->indptr[i + 1] = (int64_t)q;
    }
    *out = s;
    return RD_OK;
}

/* The neighbours of row r that count for it (same group, inside a): *lo .. *hi. */
static void context_span(const rd_csr *a, const uint32_t *group, size_t r, size_t *lo, size_t *hi)
{
    *lo = r > 0 && group[r - 1] == group[r] ? r - 1 : r;
    *hi = r + 1 < a->n_rows && group[r + 1] == group[r] ? r + 1 : r;
}

typedef struct {
    const rd_csr *a;
    const uint32_t *group;
    float c;
    const size_t *rows; /* NULL: every row */
    const size_t *ub;   /* n + 1: where each row's room starts (its entries at most) */
    rd_csr *s;          /* indptr[i + 1] receives row i's length */
} context_ctx;

/* Rows [lo, hi), each written from the start of its room, ub[i]. */
static void context_part(void *vctx, size_t lo, size_t hi)
{
    const context_ctx *cx = vctx;
    const rd_csr *a = cx->a;
    rd_csr *s = cx->s;
    size_t nlo, nhi;
    for (size_t i = lo; i < hi; i++) {
        size_t r = cx->rows ? cx->rows[i] : i, start = cx->ub[i], q = start;
        if (a->indptr[r + 1] > a->indptr[r]) {
            context_span(a, cx->group, r, &nlo, &nhi);
            /* a merge of the rows before, of and after r (the first and last may be
             * empty), each in ascending column order; a column's sum in that order */
            const int32_t *ix = a->indices;
            const float *d = a->data;
            int64_t p0 = a->indptr[nlo], e0 = nlo < r ? a->indptr[r] : p0;
            int64_t p1 = a->indptr[r], e1 = a->indptr[r + 1];
            int64_t p2 = nhi > r ? a->indptr[r + 1] : e1, e2 = a->indptr[nhi + 1];
            const float c = cx->c;
            int32_t c0 = p0 < e0 ? ix[p0] : INT32_MAX, c1 = p1 < e1 ? ix[p1] : INT32_MAX,
                    c2 = p2 < e2 ? ix[p2] : INT32_MAX;
            for (;;) {
                int32_t col = c0 < c1 ? c0 : c1;
                col = c2 < col ? c2 : col;
                if (col == INT32_MAX)
                    break;
                float v = 0.0f;
                if (c0 == col) {
                    v += c * d[p0++];
                    c0 = p0 < e0 ? ix[p0] : INT32_MAX;
                }
                if (c1 == col) {
                    v += 1.0f * d[p1++];
                    c1 = p1 < e1 ? ix[p1] : INT32_MAX;
                }
                if (c2 == col) {
                    v += c * d[p2++];
                    c2 = p2 < e2 ? ix[p2] : INT32_MAX;
                }
                if (v != 0.0f) {
                    s->indices[q] = col;
                    s->data[q++] = v;
                }
            }
            double ss = 0.0;
            for (size_t k = start; k < q; k++)
                ss += (double)s->data[k] * s->data[k];
            if (ss > 0.0) {
                float inv = (float)(1.0 / sqrt(ss));
                for (size_t k = start; k < q; k++)
                    s->data[k] *= inv;
            }
        }
        s->indptr[i + 1] = (int64_t)(q - start);
    }
}

rd_status rd_csr_context_rows(const rd_csr *a, const uint32_t *group, float c,
                              const size_t *rows, size_t n, int threads, rd_csr **out,
                              rd_err *err)
{
    size_t lo, hi, *ub = malloc((n + 1) * sizeof *ub);
    rd_status rc;
    rd_csr *s;
    *out = NULL;
    if (!ub)
        return rd_fail(err, RD_ENOMEM, "passages in their context");
    ub[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        ub[i + 1] = ub[i];
        if (a->indptr[r + 1] == a->indptr[r])
            continue;
        context_span(a, group, r, &lo, &hi);
        ub[i + 1] += (size_t)(a->indptr[hi + 1] - a->indptr[lo]);
    }
    if ((rc = rd_csr_new(n, a->n_cols, ub[n], &s, err)) != RD_OK) {
        free(ub);
        return rc;
    }
    /* Each thread writes its rows, each from the start of its room; then the rows close up
     * in order (a row only moves towards the front): the same bytes for any thread
     * count. */
    int parts = threads < 1 ? 1 : threads > RD_POOL_MAX_FOR ? RD_POOL_MAX_FOR : threads;
    if (ub[n] < 100000 || (size_t)parts > n)
        parts = 1;
    context_ctx cx = {a, group, c, rows, ub, s};
    rd_pool_for(parts, n, context_part, &cx);
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = (size_t)s->indptr[i + 1];
        if (q != ub[i] && len) {
            memmove(s->indices + q, s->indices + ub[i], len * sizeof *s->indices);
            memmove(s->data + q, s->data + ub[i], len * sizeof *s->data);
        }
        q += len;
        s->indptr[i + 1] = (int64_t)q;
    }
    s->nnz = q;
    free(ub);
    *out = s;
    return RD_OK;
}

rd_status rd_csr_split_cols(rd_csr *a, const unsigned char *mark, rd_csr **side, rd_err *err)
{
    size_t nnz = 0;
    rd_status rc;
    *side = NULL;
    for (size_t e = 0; e < a->nnz; e++)
        nnz += mark[a->indices[e]] != 0;
    if (nnz == 0)
        return RD_OK;
    rd_csr *s = NULL;
    if ((rc = rd_csr_new(a->n_rows, a->n_cols, nnz, &s, err)) != RD_OK)
        return rc;
    size_t o = 0, q = 0;
    int64_t start = 0;
    s->indptr[0] = 0;
    for (size_t i = 0; i < a->n_rows; i++) {
        int64_t end = a->indptr[i + 1];
        for (int64_t e = start; e < end; e++) {
            if (mark[a->indices[e]]) {
                s->indices[q] = a->indices[e];
                s->data[q++] = a->data[e];
            } else {
                a->indices[o] = a->indices[e];
                a->data[o++] = a->data[e];
            }
        }
        start = end;
        a->indptr[i + 1] = (int64_t)o;
        s->indptr[i + 1] = (int64_t)q;
    }
    a->nnz = o;
    int32_t *ix = realloc(a->indices, (o ? o : 1) * sizeof *ix); /* give the rest back */
    if (ix)
        a->indices = ix;
    float *d = realloc(a->data, (o ? o : 1) * sizeof *d);
    if (d)
        a->data = d;
    *side = s;
    return RD_OK;
}
