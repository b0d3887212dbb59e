/* io/read/attrfile.c — see attrfile.h. */
#include "io/read/attrfile.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/read/decode.h"
#include "io/read/files.h"

/* An attributes file is a table of respondents: far below this. */
#define ATTR_MAX_BYTES ((size_t)256 << 20)

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Sorting the rows by id finds repeats in O(n log n). */
typedef struct {
    const char *id;
    size_t row;
} by_id;

static int cmp_by_id(const void *a, const void *b)
{
    const by_id *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

rd_status rd_attrfile_read(const char *path, const char *want_id, rd_attrfile *out,
                           rd_err *err)
{
    char *buf = NULL;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    rd_status rc = rd_files_read(path, ATTR_MAX_BYTES, &buf, &n, err);
    if (rc == RD_OK)
        rc = rd_attrfile_parse(path, buf, n, want_id, out, err);
    free(buf);
    return rc;
}

rd_status rd_attrfile_parse(const char *path, const char *buf, size_t n, const char *want_id,
                            rd_attrfile *out, rd_err *err)
{
    rd_status rc;
    const char *s = NULL;
    int owned = 0;
    rd_encoding enc = RD_ENC_UTF8;
    rd_err why = {0};
    by_id *order = NULL;
    rd_csvin *c = &out->csv;
    memset(out, 0, sizeof *out);
    if ((rc = rd_decode(buf, n, &s, &n, &owned, &enc, &why)) != RD_OK) {
        rc = rd_fail(err, rc, "%s: %s; save the attributes file as UTF-8 CSV", path, why.msg);
        goto done;
    }
    size_t pl = strlen(path);
    int tsv = pl >= 4 && strcasecmp(path + pl - 4, ".tsv") == 0;
    if ((rc = rd_csvin_parse(s, n, tsv, want_id, RD_CSVIN_NO_TEXT, c, &why)) != RD_OK) {
        const char *m = why.msg;
        rc = rd_fail(err, rc, "%s:%s%s", path, strncmp(m, "line ", 5) == 0 ? "" : "1: ",
                     strncmp(m, "line ", 5) == 0 ? m + 5 : m);
        goto done;
    }
    if (c->id_col == RD_CSVIN_NONE) {
        char cols[256] = "";
        for (size_t i = 0, k = 0; i < c->n_col && k + 4 < sizeof cols; i++) {
            int w = snprintf(cols + k, sizeof cols - k, "%s'%s'", i ? ", " : "", c->col[i]);
            if (w < 0)
                break;
            k += (size_t)w < sizeof cols - k ? (size_t)w : sizeof cols - k - 1;
        }
        rc = rd_fail(err, RD_EDATA,
                     "%s:1: no respondent id column (columns: %s); call it 'respondent' or "
                     "name it with --csv-id",
                     path, cols);
        goto done;
    }
    /* the attribute columns: all but the id and the personal ones */
    size_t na = 0, nrow = c->n_row, left = 0;
    if (!(out->name = calloc(c->n_col + 1, sizeof *out->name)) ||
        !(out->id = calloc(nrow + 1, sizeof *out->id)) ||
        !(out->line = calloc(nrow + 1, sizeof *out->line)) ||
        !(out->value = calloc(nrow * c->n_col + 1, sizeof *out->value)) ||
        !(out->ids = malloc(n + nrow + 1)) || !(order = malloc((nrow + 1) * sizeof *order))) {
        rc = rd_fail(err, RD_ENOMEM, "%s: attributes", path);
        goto done;
    }
    for (size_t j = 0; j < c->n_col; j++) {
        if (j == c->id_col)
            continue;
        if (c->personal[j] != RD_CSVIN_PLAIN) {
            size_t k = strlen(out->note);
            snprintf(out->note + k, sizeof out->note - k, "%s'%s'", left++ ? ", " : "",
                     c->col[j]);
            continue;
        }
        out->name[na++] = c->col[j];
    }
    out->n_attr = na;
    if (left) {
        size_t k = strlen(out->note);
        snprintf(out->note + k, sizeof out->note - k,
                 " left out: personal data (%s)", path);
    } else if (enc == RD_ENC_CP1252) {
        snprintf(out->note, sizeof out->note,
                 "%s: not valid UTF-8; read as Windows-1252 and converted", path);
    }
    char *ip = out->ids;
    for (size_t r = 0; r < nrow; r++) {
        const char *f = c->row[r].field[c->id_col];
        size_t a = 0, b = strlen(f);
        while (a < b && is_ws(f[a]))
            a++;
        while (b > a && is_ws(f[b - 1]))
            b--;
        out->line[r] = c->row[r].line;
        if (a == b) {
            rc = rd_fail(err, RD_EDATA, "%s:%u: empty respondent id; every row needs one",
                         path, (unsigned)c->row[r].line);
            goto done;
        }
        memcpy(ip, f + a, b - a);
        ip[b - a] = '\0';
        out->id[r] = ip;
        ip += b - a + 1;
        order[r] = (by_id){out->id[r], r};
        for (size_t j = 0, k = 0; j < c->n_col; j++)
            if (j != c->id_col && c->personal[j] == RD_CSVIN_PLAIN)
                out->value[r * na + k++] = c->row[r].field[j];
    }
    out->n_row = nrow;
    qsort(order, nrow, sizeof *order, cmp_by_id);
    /* the first repeat in file order: of all repeated pairs, the one whose second row
     * comes first */
    size_t bad = SIZE_MAX, first = 0;
    for (size_t i = 1; i < nrow; i++)
        if (strcmp(order[i].id, order[i - 1].id) == 0 && (bad == SIZE_MAX || order[i].row < bad))
            bad = order[i].row, first = order[i - 1].row;
    if (bad != SIZE_MAX) {
        rc = rd_fail(err, RD_EDATA,
                     "%s:%u: respondent id '%s' appears twice (also on line %u); give each "
                     "respondent one row",
                     path, (unsigned)out->line[bad], out->id[bad], (unsigned)out->line[first]);
        goto done;
    }
done:
    free(order);
    if (owned)
        free((char *)s);
    if (rc != RD_OK)
        rd_attrfile_free(out);
    return rc;
}

void rd_attrfile_free(rd_attrfile *a)
{
    if (!a)
        return;
    rd_csvin_free(&a->csv);
    free(a->name);
    free(a->id);
    free(a->line);
    free(a->value);
    free(a->ids);
    memset(a, 0, sizeof *a);
}
