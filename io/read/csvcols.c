/* io/read/csvcols.c — see csvcols.h. */
#include "io/read/csvcols.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/idname.h"
#include "nlp/redact.h"

const char *rd_csvcols_what(rd_csvin_kind kind)
{
    switch (kind) {
    case RD_CSVIN_NAMES: return "names";
    case RD_CSVIN_EMAIL: return "e-mail addresses";
    case RD_CSVIN_PHONE: return "phone numbers";
    case RD_CSVIN_BIRTH: return "dates of birth";
    case RD_CSVIN_BSN: return "citizen service numbers";
    case RD_CSVIN_PLAIN: break;
    }
    return "no personal data";
}

/* The kind of column k by its values. */
static rd_status by_content(const rd_csvin *c, size_t k, const rd_idn_ctx *ctx, rd_redactor *r,
                            const char **vals, unsigned char *kind, rd_err *err)
{
    rd_idn_col col;
    for (size_t i = 0; i < c->n_row; i++)
        vals[i] = c->row[i].field[k];
    rd_status rc = rd_idn_column(ctx, r, vals, c->n_row, &col, err);
    *kind = col == RD_IDN_COL_NAMES   ? RD_CSVIN_NAMES
            : col == RD_IDN_COL_EMAIL ? RD_CSVIN_EMAIL
            : col == RD_IDN_COL_PHONE ? RD_CSVIN_PHONE
                                      : RD_CSVIN_PLAIN;
    return rc;
}

/* "'Naam' (names), 'E-mail' (e-mail addresses)" of the personal columns other than skip. */
static void describe(const rd_csvin *c, const unsigned char *kind, size_t skip, char *buf,
                     size_t cap, size_t *count)
{
    size_t k = 0;
    *count = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->n_col; i++) {
        if (!kind[i] || i == skip)
            continue;
        int w = snprintf(buf + k, cap - k, "%s'%.40s' (%s)", *count ? ", " : "", c->col[i],
                         rd_csvcols_what((rd_csvin_kind)kind[i]));
        (*count)++;
        if (w < 0 || (size_t)w >= cap - k) {
            snprintf(buf + cap - 8, 8, ", \xE2\x80\xA6");
            return;
        }
        k += (size_t)w;
    }
}

rd_status rd_csvcols_decide(const rd_csvin *c, int id_given, const rd_lex *lex, rd_csvcols *out,
                            rd_err *err)
{
    rd_status rc = RD_OK;
    rd_redactor *r = NULL;
    const char **vals = NULL;
    rd_idn_ctx ctx = {lex, NULL};
    memset(out, 0, sizeof *out);
    out->id_col = c->id_col;
    if (!(out->kind = calloc(c->n_col ? c->n_col : 1, 1)) ||
        !(vals = malloc((c->n_row ? c->n_row : 1) * sizeof *vals))) {
        rc = rd_fail(err, RD_ENOMEM, "CSV columns");
        goto done;
    }
    if ((rc = rd_redact_new(&r, err)) != RD_OK)
        goto done;
    for (size_t k = 0; k < c->n_col; k++) {
        if (k == c->text_col)
            continue;
        out->kind[k] = c->personal ? c->personal[k] : RD_CSVIN_PLAIN;
        if (!out->kind[k] && (rc = by_content(c, k, &ctx, r, vals, &out->kind[k], err)) != RD_OK)
            goto done;
    }
    if (c->id_col != RD_CSVIN_NONE && out->kind[c->id_col]) {
        if (id_given)
            out->id_personal = 1;
        else
            out->id_col = rd_csvin_pick_id(c, out->kind);
    }
    size_t count;
    char cols[360];
    describe(c, out->kind, id_given ? out->id_col : RD_CSVIN_NONE, cols, sizeof cols, &count);
    if (count)
        snprintf(out->note, sizeof out->note,
                 "%s hold%s personal data and %s left out (not an id, not exported)", cols,
                 count == 1 ? "s" : "", count == 1 ? "is" : "are");
    if (out->id_personal)
        snprintf(out->note + strlen(out->note), sizeof out->note - strlen(out->note),
                 "%s'%.40s' (--csv-id) holds %s: it only groups the rows, and every respondent "
                 "gets a pseudonym", count ? "; " : "", c->col[out->id_col],
                 rd_csvcols_what((rd_csvin_kind)out->kind[out->id_col]));
done:
    free(vals);
    rd_redact_free(r);
    if (rc != RD_OK)
        rd_csvcols_free(out);
    return rc;
}

void rd_csvcols_free(rd_csvcols *k)
{
    if (!k)
        return;
    free(k->kind);
    memset(k, 0, sizeof *k);
    k->id_col = RD_CSVIN_NONE;
}
