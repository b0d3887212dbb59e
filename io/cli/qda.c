/* io/cli/qda.c — see qda.h. */
#include "io/cli/qda.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/grow.h"
#include "engine/strbuf.h"
#include "io/cli/describing.h"
#include "io/write/svg.h"
#include "nlp/quotetext.h"

/* The run's tables the project is made of. */
typedef struct {
    const rd_table *themes, *segments, *resp, *passages;
} tables;

static const rd_table *table_named(const rd_description *rep, const char *name)
{
    return rd_table_find((const rd_table *const *)rep->t, rep->n_tables, name);
}

/* The integer of cell (r, col name), or -1. */
static long long cell_int(const rd_table *t, size_t r, const char *name)
{
    size_t c = rd_table_col(t, name);
    if (c >= t->n_cols)
        return -1;
    const rd_value *v = rd_table_at(t, r, c);
    return v->kind == RD_V_INT ? v->i : -1;
}

/* "wonen 0.021; kinderen 0.021" → "wonen; kinderen": the top terms without their weights. */
static void terms_only(rd_buf *b, const char *s)
{
    rd_buf_reset(b);
    while (*s) {
        size_t l = strcspn(s, ";");
        const char *e = s + l;
        while (e > s && e[-1] == ' ')
            e--;
        const char *sp = e;
        while (sp > s && sp[-1] != ' ')
            sp--;
        if (sp > s && strspn(sp, "0123456789.eE-+") == (size_t)(e - sp))
            e = sp - 1; /* drop " 0.021" */
        const char *a = s;
        while (a < e && *a == ' ')
            a++;
        if (e > a) {
            if (b->n)
                rd_buf_str(b, "; ");
            rd_buf_put(b, a, (size_t)(e - a));
        }
        s += l + (s[l] == ';');
    }
}

/* A code per theme, with child codes for its motivations and tensions. */
static rd_status theme_codes(rd_qdpx *p, const tables *tb, size_t **code_of, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t T = tb->themes->n_rows;
    rd_buf b = {0};
    char name[1100];
    if (!(*code_of = calloc(T + 1, sizeof **code_of)))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    for (size_t j = 0; j < T && rc == RD_OK; j++) {
        const char *label = rd_table_text(tb->themes, j, "label");
        int dup = !*label;
        for (size_t i = 0; i < j && !dup; i++)
            dup = strcasecmp(label, rd_table_text(tb->themes, i, "label")) == 0;
        if (!*label)
            snprintf(name, sizeof name, "T%zu", j + 1);
        else
            snprintf(name, sizeof name, dup ? "%.1000s (T%zu)" : "%.1000s", label, j + 1);
        terms_only(&b, rd_table_text(tb->themes, j, "top_terms"));
        const char *colour = rd__svg_colour(j);
        if (b.oom) {
            rc = rd_fail(err, RD_ENOMEM, "REFI-QDA export");
            break;
        }
        size_t c;
        if ((rc = rd_qdpx_code(p, name, rd_buf_text(&b), colour, RD_QDPX_NONE, &c, err)) != RD_OK)
            break;
        (*code_of)[j] = c;
        const char *mot = rd_table_text(tb->themes, j, "motivations");
        const char *ten = rd_table_text(tb->themes, j, "tensions");
        if (*mot && (rc = rd_qdpx_code(p, "Motivaties", mot, colour, c, NULL, err)) != RD_OK)
            break;
        if (*ten && (rc = rd_qdpx_code(p, "Spanningen", ten, colour, c, NULL, err)) != RD_OK)
            break;
    }
    free(b.s);
    return rc;
}

/* The file being read, and the masks of its doc. */
typedef struct {
    const rd_cli_qda_in *in;
    rd_cli_reread file;
    rd_qtext *q;
    rd_buf text;       /* the source's text being built */
    size_t cp;         /* its length in code points */
    size_t *start, *end; /* per passage of the doc: its text's code points in `text` */
    size_t cap_pos;
} reading;

/* Appends s[0..n) masked (with the masks set for the doc) to the text. */
static rd_status put_masked(reading *r, const char *s, size_t n, rd_err *err)
{
    const char *m;
    size_t mn;
    rd_status rc = rd_qtext_mask(r->q, s, n, &m, &mn, err);
    if (rc != RD_OK)
        return rc;
    rd_buf_put(&r->text, m, mn);
    r->cp += rd_qdpx_codepoints(m, mn);
    return RD_OK;
}

static void put(reading *r, const char *s)
{
    rd_buf_str(&r->text, s);
    r->cp += rd_qdpx_codepoints(s, strlen(s));
}

/* The source of doc d: its transcript's passages, masked, one paragraph each; *src its
 * index. Fills r->start/end per passage. */
static rd_status doc_source(rd_qdpx *p, reading *r, size_t d, size_t *src, rd_err *err)
{
    const rd_ts_result *ts = r->in->ts;
    const rd_transcript *tr = NULL;
    rd_status rc = rd_cli_reread_doc(&r->file, d, &tr, err);
    if (rc != RD_OK)
        return rc;
    const rd_source *file = &r->file.file;
    int several = file->n_u > 1 || file->u[ts->doc_unit[d]].id != NULL;
    if ((rc = rd_cli_mask_doc(r->q, tr, ts->respondent[d],
                              r->in->mask_names ? r->in->mask_names[d] : NULL, err)) != RD_OK)
        return rc;
    if (RD_GROW(r->start, r->cap_pos, tr->n + 1) || RD_RESIZE(r->end, r->cap_pos))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    rd_buf_reset(&r->text);
    r->cp = 0;
    for (size_t i = 0; i < tr->n && rc == RD_OK; i++) {
        const rd_passage *ps = &tr->v[i];
        if (i)
            put(r, "\n\n");
        if (ps->speaker && *ps->speaker) {
            if ((rc = put_masked(r, ps->speaker, strlen(ps->speaker), err)) != RD_OK)
                break;
            put(r, ": ");
        }
        r->start[i] = r->cp;
        rc = put_masked(r, ps->text, ps->text_n, err);
        r->end[i] = r->cp;
    }
    put(r, "\n");
    if (rc != RD_OK)
        return rc;
    if (r->text.oom)
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export: %s", ts->source[d]);
    const char *shown = r->in->shown_source ? r->in->shown_source[d] : ts->source[d];
    char *name = NULL;
    if (several) {
        size_t n = strlen(shown) + strlen(ts->respondent[d]) + 4;
        if (!(name = malloc(n)))
            return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
        snprintf(name, n, "%s (%s)", shown, ts->respondent[d]);
    }
    rc = rd_qdpx_source(p, name ? name : shown, r->text.s ? r->text.s : "", r->text.n, src, err);
    free(name);
    return rc;
}

/* The case of doc d (respondents row d) with its variables: segment, segment_name, the
 * attribute columns (vars[0..n_vars), columns attr_col...). */
static rd_status doc_case(rd_qdpx *p, const tables *tb, size_t d, size_t src, const size_t *vars,
                          size_t attr_col, size_t n_attr, rd_err *err)
{
    size_t cs;
    char seg[32] = "";
    long long s = cell_int(tb->resp, d, "segment");
    if (s >= 0)
        snprintf(seg, sizeof seg, "%lld", s);
    rd_status rc = rd_qdpx_case(p, rd_table_text(tb->resp, d, "respondent"), src, &cs, err);
    if (rc == RD_OK)
        rc = rd_qdpx_value(p, cs, vars[0], seg, err);
    if (rc == RD_OK)
        rc = rd_qdpx_value(p, cs, vars[1], rd_table_text(tb->resp, d, "segment_name"), err);
    for (size_t a = 0; a < n_attr && rc == RD_OK; a++) {
        const rd_value *v = rd_table_at(tb->resp, d, attr_col + a);
        rc = rd_qdpx_value(p, cs, vars[2 + a], v->kind == RD_V_STR ? v->s : "", err);
    }
    return rc;
}

/* Variables: segment, segment_name, then the respondents table's attribute columns (those
 * between `source` and `theme_1`). */
static rd_status variables(rd_qdpx *p, const tables *tb, size_t **vars, size_t *attr_col,
                           size_t *n_attr, rd_err *err)
{
    size_t src_col = rd_table_col(tb->resp, "source"), th_col = rd_table_col(tb->resp, "theme_1");
    if (th_col > tb->resp->n_cols)
        th_col = tb->resp->n_cols;
    *attr_col = src_col + 1;
    *n_attr = src_col < th_col ? th_col - src_col - 1 : 0;
    if (!(*vars = calloc(*n_attr + 2, sizeof **vars)))
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export");
    rd_status rc = rd_qdpx_variable(p, "segment", RD_QDPX_INTEGER,
                                    "het segment van de respondent (1 is het grootste)",
                                    &(*vars)[0], err);
    if (rc == RD_OK)
        rc = rd_qdpx_variable(p, "segment_name", RD_QDPX_TEXT,
                              "de naam van het segment (persona), uit --names", &(*vars)[1], err);
    for (size_t a = 0; a < *n_attr && rc == RD_OK; a++)
        rc = rd_qdpx_variable(p, tb->resp->cols[*attr_col + a], RD_QDPX_TEXT,
                              "kenmerk van de respondent (--attributes of een kolom van de enquête)",
                              &(*vars)[2 + a], err);
    return rc;
}

/* A set per segment, of its members' sources. */
static rd_status segment_sets(rd_qdpx *p, const tables *tb, const size_t *src_of, size_t n_docs,
                              rd_err *err)
{
    rd_status rc = RD_OK;
    char name[1100];
    for (size_t s = 0; s < tb->segments->n_rows && rc == RD_OK; s++) {
        long long k = cell_int(tb->segments, s, "segment");
        const char *nm = rd_table_text(tb->segments, s, "name");
        if (*nm)
            snprintf(name, sizeof name, "%.1000s", nm);
        else
            snprintf(name, sizeof name, "Segment %lld", k);
        size_t set;
        if ((rc = rd_qdpx_set(p, name, rd_table_text(tb->segments, s, "top_terms"), &set, err)) != RD_OK)
            break;
        for (size_t d = 0; d < n_docs && rc == RD_OK; d++)
            if (cell_int(tb->resp, d, "segment") == k)
                rc = rd_qdpx_member(p, set, src_of[d], err);
    }
    return rc;
}

rd_status rd_cli_qda_build(const rd_cli_qda_in *in, rd_qdpx **out, rd_err *err)
{
    const rd_ts_result *ts = in->ts;
    /* the passages table whole (it is made row by row for passages.csv; the project needs
     * every passage's theme and source) */
    rd_table *pt = rd_describe_passages_table();
    tables tb = {table_named(in->rep, "themes"), table_named(in->rep, "segments"),
                 table_named(in->rep, "respondents"), pt};
    rd_qdpx *p = NULL;
    reading r = {.in = in, .file = {.ts = ts, .path = in->doc_path, .ro = in->ropts}};
    size_t *code_of = NULL, *vars = NULL, *src_of = NULL, attr_col = 0, n_attr = 0;
    rd_status rc;
    *out = NULL;
    if (!pt)
        return rd_fail(err, RD_ENOMEM, "REFI-QDA export: passages table");
    if ((rc = rd_describe_passages(in->rep, 0, in->rep->passages.P, pt, err)) != RD_OK) {
        rd_table_free(pt);
        return rc;
    }
    if (!tb.themes || !tb.segments || !tb.resp || tb.resp->n_rows != ts->n_docs ||
        tb.passages->n_rows != ts->n_rows) {
        rd_table_free(pt);
        return rd_fail(err, RD_EINVAL, "REFI-QDA export: the run's tables are missing");
    }
    if ((rc = rd_qdpx_new("rodedraad", in->origin,
                          "Thema's, segmenten en respondenten van rodedraad. Elke passage van "
                          "een respondent is gecodeerd met het thema dat er het zwaarst in weegt "
                          "(passages.csv); de segmenten zijn sets van bronnen, de respondenten "
                          "cases met hun segment en kenmerken.",
                          &p, err)) != RD_OK ||
        (rc = theme_codes(p, &tb, &code_of, err)) != RD_OK ||
        (rc = variables(p, &tb, &vars, &attr_col, &n_attr, err)) != RD_OK ||
        (rc = rd_qtext_new(in->stop, in->algo, in->cues, ts->vocab, in->redact, &r.q, err)) != RD_OK ||
        (rc = rd_qtext_people(r.q, in->people, err)) != RD_OK)
        goto done;
    rd_qtext_set_frames(r.q, ts->frames);
    if (!(src_of = calloc(ts->n_docs + 1, sizeof *src_of))) {
        rc = rd_fail(err, RD_ENOMEM, "REFI-QDA export");
        goto done;
    }
    size_t row = 0, T = tb.themes->n_rows;
    for (size_t d = 0; d < ts->n_docs && rc == RD_OK; d++) {
        size_t src;
        if ((rc = doc_source(p, &r, d, &src, err)) != RD_OK)
            break;
        src_of[d] = src;
        const rd_transcript *tr = &r.file.file.u[ts->doc_unit[d]].tr;
        for (; row < ts->n_rows && ts->row_doc[row] == d && rc == RD_OK; row++) {
            size_t pn = ts->row_passage[row];
            long long t = cell_int(tb.passages, row, "theme");
            if (pn < 1 || pn > tr->n)
                rc = rd_fail(err, RD_EIO, "%s: changed while rodedraad was running; rerun",
                             ts->source[d]);
            else if (t >= 1 && (size_t)t <= T)
                rc = rd_qdpx_select(p, src, r.start[pn - 1], r.end[pn - 1], code_of[t - 1],
                                    rd_table_text(tb.passages, row, "source"), err);
        }
        if (rc == RD_OK)
            rc = doc_case(p, &tb, d, src, vars, attr_col, n_attr, err);
    }
    if (rc == RD_OK)
        rc = segment_sets(p, &tb, src_of, ts->n_docs, err);
    if (rc == RD_OK) {
        *out = p;
        p = NULL;
    }
done:
    rd_table_free(pt);
    rd_qdpx_free(p);
    rd_qtext_free(r.q);
    rd_cli_reread_free(&r.file);
    free(r.text.s);
    free(r.start);
    free(r.end);
    free(code_of);
    free(vars);
    free(src_of);
    return rc;
}
