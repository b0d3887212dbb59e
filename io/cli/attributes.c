/* io/cli/attributes.c — see attributes.h. */
#include "io/cli/attributes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/stats/attributes.h"

/* Warnings listed one by one up to this many of each kind, then counted. */
enum { LIST_MAX = 20 };

typedef struct {
    const char *id;
    size_t row;
} id_row;

static int cmp_id_row(const void *a, const void *b)
{
    return strcmp(((const id_row *)a)->id, ((const id_row *)b)->id);
}

static rd_status say(rd_strlist *warn, rd_err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static rd_status say(rd_strlist *warn, rd_err *err, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rd_strlist_push(warn, msg, err);
}

rd_status rd_cli_attributes_join(const rd_attrfile *af, const char *path, rd_ts_result *ts,
                                 rd_strlist *warn, rd_cli_attr_join *out, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t nd = ts->n_docs, na0 = ts->n_attr, na = na0 + af->n_attr, nr = af->n_row;
    id_row *idx = NULL;
    unsigned char *used = NULL;
    char **names = NULL, **vals = NULL;
    memset(out, 0, sizeof *out);
    out->rows = nr;
    if (!(idx = malloc((nr + 1) * sizeof *idx)) || !(used = calloc(nr + 1, 1)) ||
        !(names = calloc(na + 1, sizeof *names)) || !(vals = calloc(nd * na + 1, sizeof *vals))) {
        rc = rd_fail(err, RD_ENOMEM, "attributes");
        goto done;
    }
    for (size_t r = 0; r < nr; r++)
        idx[r] = (id_row){af->id[r], r};
    qsort(idx, nr, sizeof *idx, cmp_id_row); /* ids are distinct (attrfile.h) */
    for (size_t a = 0; a < na; a++)
        if (!(names[a] = strdup(a < na0 ? ts->attr_name[a] : af->name[a - na0]))) {
            rc = rd_fail(err, RD_ENOMEM, "attributes");
            goto done;
        }
    for (size_t d = 0; d < nd; d++) {
        for (size_t a = 0; a < na0; a++) {
            vals[d * na + a] = ts->attr[d * na0 + a];
            ts->attr[d * na0 + a] = NULL;
        }
        const char *sid = ts->source_id ? ts->source_id[d] : ts->respondent[d];
        id_row key = {sid, 0};
        const id_row *hit = sid ? bsearch(&key, idx, nr, sizeof *idx, cmp_id_row) : NULL;
        if (!hit) {
            if (out->missing++ < LIST_MAX &&
                (rc = say(warn, err, "%s: no row for respondent '%s' (%s); its attributes "
                          "stay empty", path, ts->respondent[d], ts->source[d])) != RD_OK)
                goto done;
            continue;
        }
        used[hit->row] = 1;
        for (size_t a = 0; a < af->n_attr; a++) {
            const char *v = af->value[hit->row * af->n_attr + a];
            if (v && !(vals[d * na + na0 + a] = strdup(v))) {
                rc = rd_fail(err, RD_ENOMEM, "attributes");
                goto done;
            }
        }
    }
    for (size_t r = 0; r < nr; r++)
        if (!used[r] && out->unmatched_ids++ < LIST_MAX &&
            (rc = say(warn, err, "%s:%u: id '%s' matches no respondent; the row is not used",
                      path, (unsigned)af->line[r], af->id[r])) != RD_OK)
            goto done;
    if (out->missing > LIST_MAX &&
        (rc = say(warn, err, "%s: %zu more respondents without a row", path,
                  out->missing - LIST_MAX)) != RD_OK)
        goto done;
    if (out->unmatched_ids > LIST_MAX &&
        (rc = say(warn, err, "%s: %zu more ids that match no respondent", path,
                  out->unmatched_ids - LIST_MAX)) != RD_OK)
        goto done;
    /* the new columns replace the old */
    for (size_t i = 0; ts->attr && i < nd * na0; i++)
        free(ts->attr[i]);
    free(ts->attr);
    for (size_t a = 0; ts->attr_name && a < na0; a++)
        free(ts->attr_name[a]);
    free(ts->attr_name);
    ts->attr = vals;
    ts->attr_name = names;
    ts->n_attr = na;
    vals = NULL;
    names = NULL;
done:
    if (vals) { /* give the survey's values back */
        for (size_t d = 0; d < nd; d++)
            for (size_t a = 0; a < na; a++) {
                char **v = &vals[d * na + a];
                if (a < na0 && ts->attr)
                    ts->attr[d * na0 + a] = *v;
                else
                    free(*v);
            }
    }
    for (size_t a = 0; names && a < na; a++)
        free(names[a]);
    free(names);
    free(vals);
    free(idx);
    free(used);
    return rc;
}

rd_status rd_cli_attributes_table(const rd_table *resp, size_t k, uint64_t seed,
                                  rd_table **out, rd_err *err)
{
    size_t c0 = rd_table_col(resp, "source") + 1, c1 = rd_table_col(resp, "theme_1");
    size_t sc = rd_table_col(resp, "segment"), n = resp->n_rows;
    *out = NULL;
    if (c1 > resp->n_cols)
        c1 = resp->n_cols;
    if (c0 >= c1 || sc >= resp->n_cols)
        return RD_OK;
    size_t na = c1 - c0;
    size_t *seg = malloc((n + 1) * sizeof *seg);
    const char **val = malloc((n * na + 1) * sizeof *val);
    const char **name = malloc((na + 1) * sizeof *name);
    rd_status rc = RD_OK;
    if (!seg || !val || !name) {
        rc = rd_fail(err, RD_ENOMEM, "attributes table");
        goto done;
    }
    for (size_t a = 0; a < na; a++)
        name[a] = resp->cols[c0 + a];
    for (size_t r = 0; r < n; r++) {
        const rd_value *s = rd_table_at(resp, r, sc);
        seg[r] = s->kind == RD_V_INT && s->i >= 1 ? (size_t)(s->i - 1) : k;
        for (size_t a = 0; a < na; a++) {
            const rd_value *v = rd_table_at(resp, r, c0 + a);
            val[r * na + a] = v->kind == RD_V_STR ? v->s : NULL;
        }
    }
    rd_attr_in in = {n, seg, k, na, name, val, seed};
    rc = rd_attr_table(&in, out, err);
done:
    free(seg);
    free(val);
    free(name);
    return rc;
}
