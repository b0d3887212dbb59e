/* engine/stats/signif.c — see signif.h. */
#include "engine/stats/signif.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "engine/rng.h"

double rd_stats_chisq_q(double x, double df)
{
    if (!(df > 0.0) || isnan(x))
        return NAN;
    if (x <= 0.0)
        return 1.0;
    return gsl_cdf_chisq_Q(x, df);
}

/* Pearson's X² = Σ (O - E)² / E with E = row·col / n, over the kept rows and columns. */
static double pearson(const size_t *tab, size_t c, const size_t *rows, size_t nr,
                      const size_t *cols, size_t nc, const double *rsum, const double *csum,
                      double n)
{
    double x2 = 0.0;
    for (size_t i = 0; i < nr; i++)
        for (size_t j = 0; j < nc; j++) {
            double e = rsum[i] * csum[j] / n;
            double d = (double)tab[rows[i] * c + cols[j]] - e;
            x2 += d * d / e;
        }
    return x2;
}

rd_status rd_stats_chisq(const size_t *tab, size_t r, size_t c, uint64_t seed, size_t n_perm,
                         rd_stats_test *out, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t *rows = NULL, *cols = NULL, *lab_r = NULL, *lab_c = NULL, *perm_tab = NULL;
    double *rsum = NULL, *csum = NULL;
    *out = (rd_stats_test){NAN, NAN, NAN, NAN, 0, 0};
    if (!tab && r * c > 0)
        return rd_fail(err, RD_EINVAL, "rd_stats_chisq: no table");
    if (!(rows = calloc(r + 1, sizeof *rows)) || !(cols = calloc(c + 1, sizeof *cols)) ||
        !(rsum = calloc(r + 1, sizeof *rsum)) || !(csum = calloc(c + 1, sizeof *csum))) {
        rc = rd_fail(err, RD_ENOMEM, "chi-square test");
        goto done;
    }
    size_t nr = 0, nc = 0, n = 0;
    for (size_t i = 0; i < r; i++) {
        size_t s = 0;
        for (size_t j = 0; j < c; j++)
            s += tab[i * c + j];
        if (s)
            rows[nr] = i, rsum[nr++] = (double)s;
        n += s;
    }
    for (size_t j = 0; j < c; j++) {
        size_t s = 0;
        for (size_t i = 0; i < r; i++)
            s += tab[i * c + j];
        if (s)
            cols[nc] = j, csum[nc++] = (double)s;
    }
    out->n = n;
    if (nr < 2 || nc < 2)
        goto done;
    double dn = (double)n, x2 = pearson(tab, c, rows, nr, cols, nc, rsum, csum, dn);
    int small = 0;
    for (size_t i = 0; i < nr; i++)
        for (size_t j = 0; j < nc; j++)
            small |= rsum[i] * csum[j] / dn < 5.0;
    out->stat = x2;
    out->df = (double)((nr - 1) * (nc - 1));
    size_t mdim = nr - 1 < nc - 1 ? nr - 1 : nc - 1;
    out->effect = sqrt(x2 / (dn * (double)mdim));
    if (!small || n_perm == 0) {
        out->p = rd_stats_chisq_q(x2, out->df);
        goto done;
    }
    /* The permutation test: the n observations as (row, column) label pairs; shuffling the
     * column labels (Fisher–Yates) keeps both margins and breaks any association. Each
     * shuffle's table gives X²*; p = (1 + #{X²* ≥ X²}) / (1 + N) (Davison & Hinkley 1997,
     * ch. 4), with a relative tolerance so that tables equal to the observed one count
     * whatever the rounding of the sum. */
    if (!(lab_r = malloc(n * sizeof *lab_r)) || !(lab_c = malloc(n * sizeof *lab_c)) ||
        !(perm_tab = malloc(r * c * sizeof *perm_tab))) {
        rc = rd_fail(err, RD_ENOMEM, "permutation test");
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < nr; i++)
        for (size_t j = 0; j < nc; j++)
            for (size_t m = 0; m < tab[rows[i] * c + cols[j]]; m++)
                lab_r[k] = rows[i], lab_c[k++] = cols[j];
    rd_rng g;
    rd_rng_seed(&g, seed);
    size_t ge = 0;
    double tol = 1e-9 * (x2 > 1.0 ? x2 : 1.0);
    for (size_t b = 0; b < n_perm; b++) {
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)rd_rng_below(&g, i), t = lab_c[i - 1];
            lab_c[i - 1] = lab_c[j];
            lab_c[j] = t;
        }
        memset(perm_tab, 0, r * c * sizeof *perm_tab);
        for (size_t i = 0; i < n; i++)
            perm_tab[lab_r[i] * c + lab_c[i]]++;
        if (pearson(perm_tab, c, rows, nr, cols, nc, rsum, csum, dn) >= x2 - tol)
            ge++;
    }
    out->p = (1.0 + (double)ge) / (1.0 + (double)n_perm);
    out->permuted = 1;
done:
    free(rows);
    free(cols);
    free(rsum);
    free(csum);
    free(lab_r);
    free(lab_c);
    free(perm_tab);
    return rc;
}

static const double *sort_key;
static int by_value(const void *a, const void *b)
{
    double x = sort_key[*(const size_t *)a], y = sort_key[*(const size_t *)b];
    if (x < y)
        return -1;
    if (x > y)
        return 1;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    return (i > j) - (i < j);
}

/* Sorts idx[0..n) by key (ties by index): qsort with a file-level key, so not re-entrant
 * across threads; the statistics run on one thread. */
static void sort_by(size_t *idx, size_t n, const double *key)
{
    sort_key = key;
    qsort(idx, n, sizeof *idx, by_value);
    sort_key = NULL;
}

/* Kruskal & Wallis (1952): with mid-ranks R over all n observations and R_i the rank sum
 * of group i (n_i observations),
 *     H = 12 / (n(n+1)) · Σ R_i² / n_i − 3(n+1),
 * divided by the tie correction 1 − Σ (t³ − t) / (n³ − n) over the groups of t tied values.
 * Under the null H follows chi-square with k'−1 degrees of freedom. */
rd_status rd_stats_kruskal(const double *x, const size_t *g, size_t n, size_t k,
                           rd_stats_test *out, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t *idx = NULL, *ng = NULL;
    double *rs = NULL;
    *out = (rd_stats_test){NAN, NAN, NAN, NAN, 0, n};
    if ((n && (!x || !g)) || k == 0)
        return rd_fail(err, RD_EINVAL, "rd_stats_kruskal: no data");
    if (!(idx = malloc((n + 1) * sizeof *idx)) || !(ng = calloc(k, sizeof *ng)) ||
        !(rs = calloc(k, sizeof *rs))) {
        rc = rd_fail(err, RD_ENOMEM, "Kruskal-Wallis test");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (g[i] >= k) {
            rc = rd_fail(err, RD_EINVAL, "rd_stats_kruskal: group %zu of %zu", g[i], k);
            goto done;
        }
        idx[i] = i;
        ng[g[i]]++;
    }
    size_t kk = 0;
    for (size_t j = 0; j < k; j++)
        kk += ng[j] > 0;
    if (kk < 2 || n < 3)
        goto done;
    sort_by(idx, n, x);
    double ties = 0.0;
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && x[idx[b]] == x[idx[a]])
            b++;
        double mid = ((double)a + 1.0 + (double)b) / 2.0, t = (double)(b - a);
        for (size_t i = a; i < b; i++)
            rs[g[idx[i]]] += mid;
        ties += t * t * t - t;
        a = b;
    }
    double dn = (double)n, s = 0.0;
    for (size_t j = 0; j < k; j++)
        if (ng[j])
            s += rs[j] * rs[j] / (double)ng[j];
    double h = 12.0 / (dn * (dn + 1.0)) * s - 3.0 * (dn + 1.0);
    double corr = 1.0 - ties / (dn * dn * dn - dn);
    out->df = (double)(kk - 1);
    if (corr <= 0.0) { /* every value the same: nothing to tell the groups apart */
        out->stat = 0.0;
        out->p = 1.0;
        out->effect = 0.0;
        goto done;
    }
    h /= corr;
    if (h < 0.0) /* rounding of a zero */
        h = 0.0;
    out->stat = h;
    out->p = rd_stats_chisq_q(h, out->df);
    out->effect = h / (dn - 1.0);
done:
    free(idx);
    free(ng);
    free(rs);
    return rc;
}

/* Benjamini & Hochberg (1995): sort the m p-values ascending; the adjusted value of the
 * i-th smallest is min over j ≥ i of m·p_(j)/j, capped at 1 (the step-up rule written as
 * adjusted p-values, as R's p.adjust "BH" documents them). */
rd_status rd_stats_bh(const double *p, size_t n, double *q, rd_err *err)
{
    size_t *idx = malloc((n + 1) * sizeof *idx), m = 0;
    double *key = malloc((n + 1) * sizeof *key);
    if (!idx || !key) {
        free(idx);
        free(key);
        return rd_fail(err, RD_ENOMEM, "Benjamini-Hochberg");
    }
    for (size_t i = 0; i < n; i++) {
        key[i] = p[i];
        if (!isnan(p[i]))
            idx[m++] = i;
    }
    sort_by(idx, m, key);
    double run = 1.0;
    for (size_t r = m; r > 0; r--) {
        double v = key[idx[r - 1]] * (double)m / (double)r;
        if (v < run)
            run = v;
        q[idx[r - 1]] = run;
    }
    for (size_t i = 0; i < n; i++)
        if (isnan(key[i]))
            q[i] = NAN;
    free(idx);
    free(key);
    return RD_OK;
}
