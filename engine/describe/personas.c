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
        char msg[700];
        if (name_seg[i] >= 0) {
            (*matched)++;
            continue;
        }
        (*unmatched)++;
        double best = 0;
        for (size_t s = 0; s < k; s++)
            best = sim[i * k + s] > best ? sim[i * k + s] : best;
        snprintf(msg, sizeof msg,
                 "name \"%.200s\" (line %zu) found no matching segment (best similarity %.2f, "
                 "needed %.2f); it is not used",
                 names[i].name, names[i].line, best, min_sim);
        if ((rc = rd_strlist_push(notes, msg, err)) != RD_OK)
            goto done;
    }
done:
    free(sim);
    free(snorm);
    free(name_seg);
    return rc;
}
