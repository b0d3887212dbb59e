/* engine/describe/personas.c — see personas.h. */
#include "engine/describe/personas.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* sim[i * k + s]: the cosine of name i and segment s (see the header). */
static void similarities(const double *seg_score, size_t k, size_t v, const rd_persona *names,
                         size_t m, const double *snorm, double *sim)
{
    for (size_t i = 0; i < m; i++) {
        const rd_persona *n = &names[i];
        double unorm = 0;
        for (size_t j = 0; j < n->n_terms; j++) {
            double wgt = 1.0 / (double)(j + 1);
            unorm += wgt * wgt;
            if (n->terms[j] < 0)
                continue;
            for (size_t s = 0; s < k; s++) {
                double x = seg_score[s * v + (size_t)n->terms[j]];
                sim[i * k + s] += x > 0 ? wgt * x : 0.0;
            }
        }
        for (size_t s = 0; s < k; s++)
            sim[i * k + s] = unorm > 0 && snorm[s] > 0 ? sim[i * k + s] / (sqrt(unorm) * snorm[s])
                                                       : 0.0;
    }
}

/* The note for name i, left without a segment. Every segment still free is below min_sim
 * for it (the pairing stops only then), so either no segment reaches min_sim at all, or
 * its closest one went to another name, more similar to it. Segments are shown 1..k. */
static rd_status unplaced_note(const double *sim, size_t k, const rd_persona *names, size_t i,
                               const int32_t *seg_name, double min_sim, rd_strlist *notes,
                               rd_err *err)
{
    char msg[900];
    size_t best = 0, others = 0;
    for (size_t s = 1; s < k; s++)
        if (sim[i * k + s] > sim[i * k + best])
            best = s;
    for (size_t s = 0; s < k; s++)
        others += s != best && sim[i * k + s] >= min_sim;
    double b = k ? sim[i * k + best] : 0.0;
    int n = snprintf(msg, sizeof msg, "name \"%.200s\" (line %zu) is not used: ", names[i].name,
                     names[i].line);
    if (k == 0) {
        snprintf(msg + n, sizeof msg - (size_t)n, "there are no segments");
    } else if (b < min_sim || seg_name[best] < 0) {
        snprintf(msg + n, sizeof msg - (size_t)n, "no segment reaches %.2f (closest: segment %zu, "
                 "%.2f)", min_sim, best + 1, b);
    } else {
        size_t y = (size_t)seg_name[best];
        n += snprintf(msg + n, sizeof msg - (size_t)n, "its closest segment (%zu, similarity "
                      "%.2f) went to name \"%.200s\" (%.2f), and ", best + 1, b, names[y].name,
                      sim[y * k + best]);
        if (others == 0)
            snprintf(msg + n, sizeof msg - (size_t)n, "no other segment reaches %.2f", min_sim);
        else if (others == 1)
            snprintf(msg + n, sizeof msg - (size_t)n, "the one other segment that reaches %.2f "
                     "went to another name", min_sim);
        else
            snprintf(msg + n, sizeof msg - (size_t)n, "the %zu other segments that reach %.2f "
                     "went to other names", others, min_sim);
    }
    return rd_strlist_push(notes, msg, err);
}

rd_status rd_personas_match(const double *seg_score, size_t k, size_t v, const rd_persona *names,
                            size_t m, double min_sim, int32_t *seg_name, rd_strlist *notes,
                            size_t *matched, size_t *unmatched, rd_err *err)
{
    rd_status rc = RD_OK;
    double *sim = calloc(m * k + 1, sizeof *sim), *snorm = calloc(k + 1, sizeof *snorm);
    int32_t *name_seg = malloc((m + 1) * sizeof *name_seg);
    *matched = *unmatched = 0;
    if (!sim || !snorm || !name_seg) {
        rc = rd_fail(err, RD_ENOMEM, "name matching");
        goto done;
    }
    for (size_t s = 0; s < k; s++) {
        seg_name[s] = -1;
        for (size_t t = 0; t < v; t++) {
            double x = seg_score[s * v + t];
            snorm[s] += x > 0 ? x * x : 0.0;
        }
        snorm[s] = sqrt(snorm[s]);
    }
    for (size_t i = 0; i < m; i++)
        name_seg[i] = -1;
    similarities(seg_score, k, v, names, m, snorm, sim);
    for (;;) {
        size_t bi = m, bs = k;
        for (size_t i = 0; i < m; i++)
            for (size_t s = 0; s < k; s++)
                if (name_seg[i] < 0 && seg_name[s] < 0 &&
                    (bi == m || sim[i * k + s] > sim[bi * k + bs]))
                    bi = i, bs = s;
        if (bi == m || sim[bi * k + bs] < min_sim)
            break;
        name_seg[bi] = (int32_t)bs;
        seg_name[bs] = (int32_t)bi;
    }
    for (size_t i = 0; i < m; i++) {
        if (name_seg[i] >= 0) {
            (*matched)++;
            continue;
        }
        (*unmatched)++;
        if ((rc = unplaced_note(sim, k, names, i, seg_name, min_sim, notes, err)) != RD_OK)
            goto done;
    }
done:
    free(sim);
    free(snorm);
    free(name_seg);
    return rc;
}
