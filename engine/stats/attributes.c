/* engine/stats/attributes.c — see attributes.h. */
#include "engine/stats/attributes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rng.h"
#include "engine/stats/signif.h"

static const char *const COLS[] = {
    "attribute", "kind", "segment", "n", "missing", "value", "count", "share", "share_rest",
    "mean", "mean_rest", "median", "q1", "q3", "test", "statistic", "df", "p", "p_adjusted",
    "effect", "effect_size", "note"};
enum {
    C_ATTR, C_KIND, C_SEG, C_N, C_MISS, C_VALUE, C_COUNT, C_SHARE, C_SHARE_REST, C_MEAN,
    C_MEAN_REST, C_MEDIAN, C_Q1, C_Q3, C_TEST, C_STAT, C_DF, C_P, C_PADJ, C_EFFECT, C_EFFSIZE,
    C_NOTE, N_COLS
};

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int rd_attr_number(const char *s, double *out)
{
    char buf[64];
    size_t a = 0, b, k = 0, digits = 0, seps = 0;
    if (!s)
        return 0;
    b = strlen(s);
    while (a < b && is_space(s[a]))
        a++;
    while (b > a && is_space(s[b - 1]))
        b--;
    if (b == a || b - a >= sizeof buf)
        return 0;
    for (size_t i = a; i < b; i++) {
        char c = s[i];
        if ((c == '-' || c == '+') && i == a)
            buf[k++] = c;
        else if (c >= '0' && c <= '9')
            buf[k++] = c, digits++;
        else if ((c == '.' || c == ',') && seps++ == 0)
            buf[k++] = '.';
        else
            return 0;
    }
    if (!digits)
        return 0;
    buf[k] = '\0';
    /* Up to 15 digits (every score and count): the digits as an integer divided by a power
     * of ten, both exact in a double, so the one division rounds correctly and no locale's
     * decimal point is involved. Longer: strtod (rodedraad runs in the C locale). */
    if (digits <= 15) {
        double mant = 0.0, scale = 1.0;
        int after = 0;
        for (size_t i = 0; i < k; i++) {
            if (buf[i] == '.') {
                after = 1;
            } else if (buf[i] >= '0' && buf[i] <= '9') {
                mant = mant * 10.0 + (buf[i] - '0');
                if (after)
                    scale *= 10.0;
            }
        }
        *out = (buf[0] == '-' && mant > 0.0 ? -mant : mant) / scale; /* "-0" is 0 */
    } else {
        *out = strtod(buf, NULL);
    }
    return 1;
}

/* R's type 7 quantile of sorted v[0..n), n > 0: linear between order statistics. */
static double quantile(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct {
    const char *s;
    size_t i;
} sval;

static int cmp_sval(const void *a, const void *b)
{
    const sval *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

typedef struct {
    const char *s;
    size_t count;
} cat;

static int cmp_cat(const void *a, const void *b)
{
    const cat *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->s, y->s);
}

/* The work of one attribute: trimmed copies of its values and scratch, sized once. */
typedef struct {
    const rd_attr_in *in;
    rd_table *t;
    char **v;       /* n trimmed values, NULL when missing */
    double *x;      /* numeric values of the respondents with one */
    size_t *g;      /* their segments */
    double *sv;     /* one segment's sorted values */
    sval *sorted;   /* categorical: the values sorted */
    cat *cats;      /* distinct values by count */
    size_t *ci;     /* per respondent: its category, or SIZE_MAX */
    size_t *tab;    /* k × (RD_ATTR_TOP + 1) counts */
    size_t *seg_n, *seg_miss;
} work;

/* The columns every row of an attribute carries. */
static void common(work *w, size_t r, size_t a, const char *kind, size_t s,
                   const rd_stats_test *ts, int categorical, const char *note)
{
    rd_table *t = w->t;
    rd_table_str(t, r, C_ATTR, w->in->name[a]);
    rd_table_str(t, r, C_KIND, kind);
    rd_table_int(t, r, C_SEG, (long long)s + 1);
    rd_table_int(t, r, C_N, (long long)w->seg_n[s]);
    rd_table_int(t, r, C_MISS, (long long)w->seg_miss[s]);
    if (ts) {
        rd_table_str(t, r, C_TEST, categorical ? (ts->permuted ? "chi-square (permutation)"
                                                              : "chi-square")
                                              : "kruskal-wallis");
        rd_table_num(t, r, C_STAT, ts->stat, 4);
        rd_table_num(t, r, C_DF, ts->df, 3);
        rd_table_num(t, r, C_P, ts->p, 4);
        rd_table_num(t, r, C_EFFECT, ts->effect, 3);
        rd_table_str(t, r, C_EFFSIZE, categorical ? "cramers_v" : "epsilon_squared");
    }
    if (note && *note)
        rd_table_str(t, r, C_NOTE, note);
}

static rd_status numeric(work *w, size_t a, rd_stats_test *ts, rd_err *err)
{
    const rd_attr_in *in = w->in;
    size_t m = 0;
    double total = 0.0;
    for (size_t i = 0; i < in->n; i++)
        if (w->v[i] && rd_attr_number(w->v[i], &w->x[m])) {
            w->g[m] = in->segment[i];
            total += w->x[m++];
        }
    rd_status rc = rd_stats_kruskal(w->x, w->g, m, in->k, ts, err);
    if (rc != RD_OK)
        return rc;
    for (size_t s = 0; s < in->k; s++) {
        size_t ns = 0;
        double sum = 0.0;
        for (size_t i = 0; i < m; i++)
            if (w->g[i] == s)
                sum += (w->sv[ns++] = w->x[i]);
        qsort(w->sv, ns, sizeof *w->sv, cmp_double);
        size_t r = rd_table_add_row(w->t);
        common(w, r, a, "numeric", s, ts, 0, NULL);
        if (ns) {
            rd_table_num(w->t, r, C_MEAN, sum / (double)ns, 4);
            rd_table_num(w->t, r, C_MEDIAN, quantile(w->sv, ns, 0.5), 4);
            rd_table_num(w->t, r, C_Q1, quantile(w->sv, ns, 0.25), 4);
            rd_table_num(w->t, r, C_Q3, quantile(w->sv, ns, 0.75), 4);
        }
        if (m > ns)
            rd_table_num(w->t, r, C_MEAN_REST, (total - sum) / (double)(m - ns), 4);
    }
    return RD_OK;
}

static rd_status categorical(work *w, size_t a, rd_stats_test *ts, rd_err *err)
{
    const rd_attr_in *in = w->in;
    size_t m = 0, nd = 0, k = in->k;
    for (size_t i = 0; i < in->n; i++)
        if (w->v[i])
            w->sorted[m++] = (sval){w->v[i], i};
    qsort(w->sorted, m, sizeof *w->sorted, cmp_sval);
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && strcmp(w->sorted[j].s, w->sorted[i].s) == 0)
            j++;
        w->cats[nd++] = (cat){w->sorted[i].s, j - i};
        i = j;
    }
    qsort(w->cats, nd, sizeof *w->cats, cmp_cat);
    size_t top = nd > RD_ATTR_TOP + 1 ? RD_ATTR_TOP : nd, nc = top + (nd > top);
    /* each respondent's category: its value's rank among the top, else "overig" */
    for (size_t i = 0; i < in->n; i++)
        w->ci[i] = SIZE_MAX;
    for (size_t i = 0; i < m;) {
        size_t j = i + 1, c = top;
        while (j < m && strcmp(w->sorted[j].s, w->sorted[i].s) == 0)
            j++;
        for (size_t q = 0; q < top; q++)
            if (strcmp(w->cats[q].s, w->sorted[i].s) == 0)
                c = q;
        for (size_t q = i; q < j; q++)
            w->ci[w->sorted[q].i] = c;
        i = j;
    }
    memset(w->tab, 0, k * (RD_ATTR_TOP + 1) * sizeof *w->tab);
    for (size_t i = 0; i < in->n; i++)
        if (w->ci[i] != SIZE_MAX)
            w->tab[in->segment[i] * nc + w->ci[i]]++;
    /* Values mostly unique (a date, a free-text remark) make "overig" a bin of singletons:
     * no test, and the note says why. */
    int unique = nd > top && 2 * nd > m;
    char note[160] = "";
    if (unique)
        snprintf(note, sizeof note, "%zu van de %zu waarden verschillend: niet getoetst", nd, m);
    else if (nd > top)
        snprintf(note, sizeof note, "%zu minder vaak gegeven waarden samen als overig",
                 nd - top);
    if (!unique) {
        rd_rng base, child;
        rd_rng_seed(&base, in->seed ^ 0x41545452ull); /* "ATTR" */
        rd_rng_fork(&base, a, &child);
        rd_status rc = rd_stats_chisq(w->tab, k, nc, rd_rng_next(&child),
                                      RD_STATS_PERMUTATIONS, ts, err);
        if (rc != RD_OK)
            return rc;
    }
    for (size_t s = 0; s < k; s++) {
        size_t ns = 0;
        for (size_t c = 0; c < nc; c++)
            ns += w->tab[s * nc + c];
        for (size_t c = 0; c < nc; c++) {
            size_t cnt = w->tab[s * nc + c], all = 0;
            for (size_t q = 0; q < k; q++)
                all += w->tab[q * nc + c];
            size_t r = rd_table_add_row(w->t);
            common(w, r, a, "categorical", s, unique ? NULL : ts, 1, note);
            rd_table_str(w->t, r, C_VALUE, c < top ? w->cats[c].s : "overig");
            rd_table_int(w->t, r, C_COUNT, (long long)cnt);
            if (ns)
                rd_table_num(w->t, r, C_SHARE, (double)cnt / (double)ns, 4);
            if (m > ns)
                rd_table_num(w->t, r, C_SHARE_REST, (double)(all - cnt) / (double)(m - ns), 4);
        }
    }
    return RD_OK;
}

rd_status rd_attr_table(const rd_attr_in *in, rd_table **out, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t n = in->n, k = in->k, na = in->n_attr;
    work w = {.in = in};
    size_t *first = NULL, *last = NULL;
    double *p = NULL, *q = NULL;
    *out = NULL;
    if (k == 0)
        return rd_fail(err, RD_EINVAL, "attributes: no segments");
    for (size_t i = 0; i < n; i++)
        if (in->segment[i] >= k)
            return rd_fail(err, RD_EINVAL, "attributes: segment %zu of %zu", in->segment[i], k);
    w.t = rd_table_new("attributes", "Kenmerken", N_COLS, COLS);
    if (!w.t || !(w.v = calloc(n + 1, sizeof *w.v)) || !(w.x = malloc((n + 1) * sizeof *w.x)) ||
        !(w.g = malloc((n + 1) * sizeof *w.g)) || !(w.sv = malloc((n + 1) * sizeof *w.sv)) ||
        !(w.sorted = malloc((n + 1) * sizeof *w.sorted)) ||
        !(w.cats = malloc((n + 1) * sizeof *w.cats)) || !(w.ci = malloc((n + 1) * sizeof *w.ci)) ||
        !(w.tab = malloc(k * (RD_ATTR_TOP + 1) * sizeof *w.tab)) ||
        !(w.seg_n = malloc(k * sizeof *w.seg_n)) || !(w.seg_miss = malloc(k * sizeof *w.seg_miss)) ||
        !(first = calloc(na + 1, sizeof *first)) || !(last = calloc(na + 1, sizeof *last)) ||
        !(p = malloc((na + 1) * sizeof *p)) || !(q = malloc((na + 1) * sizeof *q))) {
        rc = rd_fail(err, RD_ENOMEM, "attributes table");
        goto done;
    }
    for (size_t a = 0; a < na; a++) {
        size_t filled = 0, numbers = 0;
        memset(w.seg_n, 0, k * sizeof *w.seg_n);
        memset(w.seg_miss, 0, k * sizeof *w.seg_miss);
        for (size_t i = 0; i < n; i++) {
            const char *s = in->value ? in->value[i * na + a] : NULL;
            size_t b = 0, e = s ? strlen(s) : 0;
            double d;
            free(w.v[i]);
            w.v[i] = NULL;
            while (b < e && is_space(s[b]))
                b++;
            while (e > b && is_space(s[e - 1]))
                e--;
            w.seg_n[in->segment[i]]++;
            if (e == b) {
                w.seg_miss[in->segment[i]]++;
                continue;
            }
            if (!(w.v[i] = strndup(s + b, e - b))) {
                rc = rd_fail(err, RD_ENOMEM, "attributes table");
                goto done;
            }
            filled++;
            numbers += rd_attr_number(w.v[i], &d);
        }
        rd_stats_test ts = {NAN, NAN, NAN, NAN, 0, 0};
        first[a] = w.t->n_rows;
        if (filled == 0) {
            for (size_t s = 0; s < k; s++)
                common(&w, rd_table_add_row(w.t), a, "empty", s, NULL, 0,
                       "geen respondent heeft een waarde");
        } else if (numbers == filled) {
            rc = numeric(&w, a, &ts, err);
        } else {
            rc = categorical(&w, a, &ts, err);
        }
        if (rc != RD_OK)
            goto done;
        last[a] = w.t->n_rows;
        p[a] = ts.p;
    }
    if ((rc = rd_stats_bh(p, na, q, err)) != RD_OK)
        goto done;
    for (size_t a = 0; a < na; a++)
        for (size_t r = first[a]; r < last[a]; r++)
            rd_table_num(w.t, r, C_PADJ, q[a], 4);
    if (!rd_table_ok(w.t)) {
        rc = rd_fail(err, RD_ENOMEM, "attributes table");
        goto done;
    }
    *out = w.t;
    w.t = NULL;
done:
    for (size_t i = 0; w.v && i < n; i++)
        free(w.v[i]);
    free(w.v);
    free(w.x);
    free(w.g);
    free(w.sv);
    free(w.sorted);
    free(w.cats);
    free(w.ci);
    free(w.tab);
    free(w.seg_n);
    free(w.seg_miss);
    free(first);
    free(last);
    free(p);
    free(q);
    rd_table_free(w.t);
    return rc;
}
