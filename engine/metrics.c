/* engine/metrics.c — see metrics.h. */
#include "engine/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/blas.h"

rd_status rd_metrics_match(const double *score, size_t k, int32_t *map, rd_err *err)
{
    unsigned char *used_r = calloc(k ? k : 1, 1), *used_c = calloc(k ? k : 1, 1);
    if (!used_r || !used_c) {
        free(used_r);
        free(used_c);
        return rd_fail(err, RD_ENOMEM, "matching of %zu items", k);
    }
    for (size_t step = 0; step < k; step++) {
        size_t bi = 0, bj = 0;
        int found = 0;
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++)
                if (!used_r[i] && !used_c[j] && (!found || score[i * k + j] > score[bi * k + bj])) {
                    bi = i;
                    bj = j;
                    found = 1;
                }
        used_r[bi] = used_c[bj] = 1;
        map[bi] = (int32_t)bj;
    }
    free(used_r);
    free(used_c);
    return RD_OK;
}


/* Contingency counts of two labelings, ka × kb, caller frees. */
static size_t *contingency(const int32_t *a, size_t ka, const int32_t *b, size_t kb, size_t n)
{
    size_t *t = calloc(ka * kb > 0 ? ka * kb : 1, sizeof *t);
    if (t)
        for (size_t i = 0; i < n; i++)
            t[(size_t)a[i] * kb + (size_t)b[i]]++;
    return t;
}

static double comb2(double x)
{
    return x * (x - 1.0) / 2.0;
}

double rd_metrics_ari(const int32_t *a, size_t ka, const int32_t *b, size_t kb, size_t n)
{
    size_t *t = contingency(a, ka, b, kb, n);
    if (!t)
        return NAN;
    double sij = 0.0, sa = 0.0, sb = 0.0;
    for (size_t i = 0; i < ka; i++) {
        double row = 0.0;
        for (size_t j = 0; j < kb; j++) {
            sij += comb2((double)t[i * kb + j]);
            row += (double)t[i * kb + j];
        }
        sa += comb2(row);
    }
    for (size_t j = 0; j < kb; j++) {
        double col = 0.0;
        for (size_t i = 0; i < ka; i++)
            col += (double)t[i * kb + j];
        sb += comb2(col);
    }
    free(t);
    double total = comb2((double)n), expected = total > 0 ? sa * sb / total : 0.0;
    double maxi = 0.5 * (sa + sb);
    if (maxi == expected) /* both trivial, or identical degenerate partitions */
        return 1.0;
    return (sij - expected) / (maxi - expected);
}

double rd_metrics_nmi(const int32_t *a, size_t ka, const int32_t *b, size_t kb, size_t n)
{
    size_t *t = contingency(a, ka, b, kb, n);
    if (!t)
        return NAN;
    double mi = 0.0, ha = 0.0, hb = 0.0, nn = (double)n;
    for (size_t i = 0; i < ka; i++) {
        double row = 0.0;
        for (size_t j = 0; j < kb; j++)
            row += (double)t[i * kb + j];
        if (row > 0)
            ha -= row / nn * log(row / nn);
        for (size_t j = 0; j < kb; j++) {
            double c = (double)t[i * kb + j];
            if (c > 0) {
                double col = 0.0;
                for (size_t r = 0; r < ka; r++)
                    col += (double)t[r * kb + j];
                mi += c / nn * log(c * nn / (row * col));
            }
        }
    }
    for (size_t j = 0; j < kb; j++) {
        double col = 0.0;
        for (size_t i = 0; i < ka; i++)
            col += (double)t[i * kb + j];
        if (col > 0)
            hb -= col / nn * log(col / nn);
    }
    free(t);
    if (ha == 0.0 && hb == 0.0)
        return 1.0;
    double den = 0.5 * (ha + hb);
    return den > 0 ? fmax(0.0, mi / den) : 0.0;
}

rd_status rd_metrics_silhouette(const float *x, size_t d, const int32_t *labels, size_t k,
                        const size_t *idx, size_t m, int threads, double *out, rd_err *err)
{
    double *sum = malloc((k ? k : 1) * sizeof *sum);
    size_t *cnt = calloc(k ? k : 1, sizeof *cnt);
    float *xs = malloc((m ? m : 1) * d * sizeof *xs), *g = malloc((m ? m * m : 1) * sizeof *g);
    double *nn = malloc((m ? m : 1) * sizeof *nn);
    int32_t *ls = malloc((m ? m : 1) * sizeof *ls);
    rd_status rc = RD_OK;
    *out = 0.0;
    if (!sum || !cnt || !xs || !g || !nn || !ls) {
        rc = rd_fail(err, RD_ENOMEM, "silhouette scratch for %zu points", m);
        goto done;
    }
    for (size_t a = 0; a < m; a++) {
        size_t i = idx ? idx[a] : a;
        memcpy(xs + a * d, x + i * d, d * sizeof *xs);
        ls[a] = labels[i];
        cnt[ls[a]]++;
        double q = 0.0;
        for (size_t t = 0; t < d; t++)
            q += (double)xs[a * d + t] * xs[a * d + t];
        nn[a] = q;
    }
    size_t used = 0;
    for (size_t j = 0; j < k; j++)
        used += cnt[j] > 0;
    if (used < 2)
        goto done;
    /* Distances from the Gram matrix: ‖a − b‖² = ‖a‖² + ‖b‖² − 2·a·b (one GEMM). */
    rd_blas_gemm(threads, m, m, d, 1.0f, xs, xs, 1, 0.0f, g);
    double total = 0.0;
    for (size_t a = 0; a < m; a++) {
        size_t la = (size_t)ls[a];
        memset(sum, 0, k * sizeof *sum);
        for (size_t b = 0; b < m; b++)
            if (b != a)
                sum[ls[b]] += sqrt(fmax(0.0, nn[a] + nn[b] - 2.0 * (double)g[a * m + b]));
        if (cnt[la] < 2)
            continue; /* a singleton's silhouette is 0 */
        double ai = sum[la] / (double)(cnt[la] - 1), bi = INFINITY;
        for (size_t j = 0; j < k; j++)
            if (j != la && cnt[j])
                bi = fmin(bi, sum[j] / (double)cnt[j]);
        double den = fmax(ai, bi);
        total += den > 0 ? (bi - ai) / den : 0.0;
    }
    *out = total / (double)m;
done:
    free(sum);
    free(cnt);
    free(xs);
    free(g);
    free(nn);
    free(ls);
    return rc;
}
