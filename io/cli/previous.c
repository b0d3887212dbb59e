/* io/cli/previous.c — see previous.h. */
#include "io/cli/previous.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/metrics.h"
#include "io/cli/account.h"
#include "io/cli/inputs.h"
#include "io/read/csvin.h"
#include "io/read/files.h"
#include "io/read/pathname.h"
#include "nlp/utf8.h"

rd_status rd_cli_remap(const rd_ts_result *res, const rd_strtab *terms, size_t n_terms,
                       rd_csr **out, uint32_t **doc_terms, rd_err *err)
{
    const rd_csr *c = res->counts;
    size_t nv = rd_vocab_size(res->vocab), nnz = 0;
    uint32_t *map = malloc((nv + 1) * sizeof *map);
    rd_status rc = RD_OK;
    *out = NULL;
    *doc_terms = NULL;
    if (!map || !(*doc_terms = calloc(res->n_docs + 1, sizeof **doc_terms))) {
        free(map);
        return rd_fail(err, RD_ENOMEM, "counts on the model's terms");
    }
    for (size_t t = 0; t < nv; t++) {
        size_t n;
        const char *s = rd_vocab_term(res->vocab, (uint32_t)t, &n);
        map[t] = rd_strtab_find(terms, s, n);
    }
    for (size_t e = 0; c && e < c->nnz; e++)
        nnz += map[c->indices[e]] != RD_STRTAB_NONE;
    if ((rc = rd_csr_new(c ? c->n_rows : 0, n_terms, nnz, out, err)) != RD_OK) {
        free(map);
        free(*doc_terms);
        *doc_terms = NULL;
        return rc;
    }
    rd_csr *x = *out;
    size_t q = 0;
    for (size_t r = 0; c && r < c->n_rows; r++) {
        size_t first = q;
        for (int64_t e = c->indptr[r]; e < c->indptr[r + 1]; e++) {
            uint32_t id = map[c->indices[e]];
            if (id == RD_STRTAB_NONE)
                continue;
            /* insertion into the sorted run: rows are short */
            size_t at = q++;
            while (at > first && (uint32_t)x->indices[at - 1] > id) {
                x->indices[at] = x->indices[at - 1];
                x->data[at] = x->data[at - 1];
                at--;
            }
            x->indices[at] = (int32_t)id;
            x->data[at] = c->data[e];
            (*doc_terms)[res->row_doc[r]] += (uint32_t)c->data[e];
        }
        x->indptr[r + 1] = (int64_t)q;
    }
    x->nnz = q;
    free(map);
    return RD_OK;
}

void rd_cli_previous_free(rd_cli_previous *p)
{
    if (!p)
        return;
    rd_model_free(&p->m);
    free(p->shown);
    for (size_t i = 0; i < p->n_resp; i++)
        free(p->resp_id[i]);
    free(p->resp_id);
    free(p->resp_seg);
    rd_strtab_free(p->resp_index);
    free(p->lift);
    free(p->mt);
    memset(p, 0, sizeof *p);
}

/* ---- reading the previous wave's tables --------------------------------------------- */

/* A cell as a number: a decimal comma (excel-nl) is read too. NaN when empty or not a
 * number. */
static double cell_num(const char *s)
{
    char buf[64], *end;
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof buf)
        return NAN;
    for (size_t i = 0; i <= n; i++)
        buf[i] = s[i] == ',' ? '.' : s[i];
    errno = 0;
    double v = strtod(buf, &end);
    return errno || *end || end == buf ? NAN : v;
}

/* An index 1..max in a cell, 0-based into *out; 0 when the cell is not one. */
static int cell_index(const char *s, size_t max, size_t *out)
{
    double v = cell_num(s);
    if (!(v >= 1.0 && v <= (double)max && v == floor(v)))
        return 0;
    *out = (size_t)v - 1;
    return 1;
}

/* The column named name, or RD_CSVIN_NONE. */
static size_t col_of(const rd_csvin *c, const char *name)
{
    for (size_t i = 0; i < c->n_col; i++)
        if (strcmp(c->col[i], name) == 0)
            return i;
    return RD_CSVIN_NONE;
}

/* OLD_OUTDIR/name parsed into *c: RD_OK; RD_ENOINPUT when the file is not there, with the
 * note "OLD has no NAME: shifts.csv cannot LACKS" pushed to notes; RD_EDATA (said) when it
 * is and cannot be read as a table with the columns want (NULL-terminated). */
static rd_status read_table(const rd_cli_previous *p, const char *dir, const char *name,
                            const char *const *want, rd_csvin *c, size_t *cols,
                            rd_strlist *notes, const char *lacks)
{
    rd_err err = {0};
    char *buf = NULL;
    size_t n = 0, bad = 0;
    struct stat sb;
    size_t pn = strlen(dir) + strlen(name) + 2;
    char *path = malloc(pn);
    rd_status rc = RD_OK;
    if (!path)
        return RD_ENOMEM;
    snprintf(path, pn, "%s/%s", dir, name);
    if (stat(path, &sb) != 0 && errno == ENOENT) {
        char msg[600];
        free(path);
        snprintf(msg, sizeof msg, "%s has no %s: shifts.csv cannot %s", p->shown, name, lacks);
        rc = rd_strlist_push(notes, msg, &err);
        return rc == RD_OK ? RD_ENOINPUT : rc;
    }
    if ((rc = rd_files_read(path, RD_CLI_MAX_FILE_BYTES, &buf, &n, &err)) != RD_OK) {
        rd_cli_say("%s/%s: %s", p->shown, name, err.msg);
        rc = rc == RD_ENOMEM ? rc : RD_EDATA;
    } else if (!rd_utf8_valid(buf, n, &bad)) {
        rd_cli_say("%s/%s: invalid UTF-8 at byte %zu: not a table rodedraad wrote; leave out "
                   "--previous or run the previous wave again",
                   p->shown, name, bad);
        rc = RD_EDATA;
    } else if ((rc = rd_csvin_parse(buf, n, 0, NULL, RD_CSVIN_NO_TEXT, c, &err)) != RD_OK) {
        rd_cli_say("%s/%s: %s", p->shown, name, err.msg);
        rc = rc == RD_ENOMEM ? rc : RD_EDATA;
    }
    for (size_t i = 0; rc == RD_OK && want[i]; i++)
        if ((cols[i] = col_of(c, want[i])) == RD_CSVIN_NONE) {
            rd_cli_say("%s/%s: no column '%s': not a table rodedraad wrote", p->shown, name,
                       want[i]);
            rc = RD_EDATA;
        }
    free(buf);
    free(path);
    return rc;
}

/* A table row naming a segment or theme the model does not have. */
static rd_status out_of_model(const rd_cli_previous *p, const char *name, uint32_t line,
                              const char *what, const char *value)
{
    rd_cli_say("%s/%s:%u: %s '%s' is not in the previous model (%zu segments, %zu themes): "
               "the tables and rodedraad.model come from different runs",
               p->shown, name, (unsigned)line, what, value, p->m.k, p->m.themes);
    return RD_EDATA;
}

static rd_status read_respondents(rd_cli_previous *p, const char *dir, rd_strlist *notes)
{
    static const char *const want[] = {"respondent", "segment", NULL};
    rd_csvin c = {0};
    size_t cols[2];
    rd_status rc = read_table(p, dir, "respondents.csv", want, &c, cols, notes,
                              "say which respondents moved");
    if (rc == RD_ENOINPUT) {
        rc = RD_OK;
        goto done;
    }
    if (rc != RD_OK)
        goto done;
    if (!(p->resp_id = calloc(c.n_row + 1, sizeof *p->resp_id)) ||
        !(p->resp_seg = malloc((c.n_row + 1) * sizeof *p->resp_seg)) ||
        !(p->resp_index = rd_strtab_new(c.n_row + 1))) {
        rc = RD_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < c.n_row; r++) {
        const char *id = c.row[r].field[cols[0]], *seg = c.row[r].field[cols[1]];
        size_t s = 0;
        int fresh = 0;
        if (!*id)
            continue;
        if (*seg && !cell_index(seg, p->m.k, &s)) {
            rc = out_of_model(p, "respondents.csv", c.row[r].line, "segment", seg);
            goto done;
        }
        uint32_t at = rd_strtab_intern(p->resp_index, id, strlen(id), &fresh);
        if (at == RD_STRTAB_NONE || (fresh && !(p->resp_id[p->n_resp] = strdup(id)))) {
            rc = RD_ENOMEM;
            goto done;
        }
        if (!fresh)
            continue; /* an id twice: the first row counts */
        p->resp_seg[p->n_resp++] = *seg ? (int32_t)s : -1;
    }
    p->have_resp = 1;
done:
    rd_csvin_free(&c);
    return rc;
}

static rd_status read_lifts(rd_cli_previous *p, const char *dir, rd_strlist *notes)
{
    static const char *const want[] = {"segment", "theme", "lift", NULL};
    rd_csvin c = {0};
    size_t cols[3], k = p->m.k, T = p->m.themes;
    rd_status rc = read_table(p, dir, "segment_themes.csv", want, &c, cols, notes,
                              "give the themes' lift then");
    if (rc == RD_ENOINPUT) {
        rc = RD_OK;
        goto done;
    }
    if (rc != RD_OK)
        goto done;
    if (!(p->lift = malloc((k * T + 1) * sizeof *p->lift))) {
        rc = RD_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < k * T; i++)
        p->lift[i] = NAN;
    for (size_t r = 0; r < c.n_row; r++) {
        const char *seg = c.row[r].field[cols[0]], *th = c.row[r].field[cols[1]];
        size_t s = 0, t = 0;
        if (!cell_index(seg, k, &s)) {
            rc = out_of_model(p, "segment_themes.csv", c.row[r].line, "segment", seg);
            goto done;
        }
        if (!cell_index(th, T, &t)) {
            rc = out_of_model(p, "segment_themes.csv", c.row[r].line, "theme", th);
            goto done;
        }
        p->lift[s * T + t] = cell_num(c.row[r].field[cols[2]]);
    }
    p->have_lift = 1;
done:
    rd_csvin_free(&c);
    return rc;
}

/* The theme numbers a list cell names: items "T3 label (×1.85)" separated by "; " (or
 * " | ", excel-nl); flag is or-ed into row[t] for each theme t (0-based, < T). */
static void list_themes(const char *s, size_t T, unsigned char *row, unsigned char flag)
{
    const char *p = s;
    while (*p) {
        if (p[0] == 'T' && p[1] >= '0' && p[1] <= '9') {
            char *end;
            unsigned long t = strtoul(p + 1, &end, 10);
            if (t >= 1 && t <= T)
                row[t - 1] |= flag;
        }
        const char *a = strstr(p, "; "), *b = strstr(p, " | ");
        const char *next = a && (!b || a < b) ? a : b;
        if (!next)
            break;
        p = next + 2;
        while (*p == ' ')
            p++;
    }
}

static rd_status read_segments(rd_cli_previous *p, const char *dir, rd_strlist *notes)
{
    static const char *const want[] = {"segment", "motivations", "tensions", NULL};
    rd_csvin c = {0};
    size_t cols[3], k = p->m.k, T = p->m.themes;
    rd_status rc = read_table(p, dir, "segments.csv", want, &c, cols, notes,
                              "say which motivations and tensions are new");
    if (rc == RD_ENOINPUT) {
        rc = RD_OK;
        goto done;
    }
    if (rc != RD_OK)
        goto done;
    if (!(p->mt = calloc(k * T + 1, 1))) {
        rc = RD_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < c.n_row; r++) {
        const char *seg = c.row[r].field[cols[0]];
        size_t s = 0;
        if (!cell_index(seg, k, &s)) {
            rc = out_of_model(p, "segments.csv", c.row[r].line, "segment", seg);
            goto done;
        }
        list_themes(c.row[r].field[cols[1]], T, p->mt + s * T, 1);
        list_themes(c.row[r].field[cols[2]], T, p->mt + s * T, 2);
    }
    p->have_mt = 1;
done:
    rd_csvin_free(&c);
    return rc;
}

rd_status rd_cli_previous_open(const char *dir, rd_cli_previous *p, rd_strlist *notes)
{
    rd_err err = {0};
    rd_status rc = RD_OK;
    struct stat sb;
    size_t pn = strlen(dir) + sizeof RD_MODEL_FILE + 2;
    char *path = malloc(pn), *mshown = NULL;
    memset(p, 0, sizeof *p);
    if (!path || !(p->shown = rd_pathname_show(dir))) {
        rc = RD_ENOMEM;
        goto done;
    }
    snprintf(path, pn, "%s/%s", dir, RD_MODEL_FILE);
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        rd_cli_say("--previous %s: %s; give the output folder of the previous wave's run",
                   p->shown, stat(dir, &sb) != 0 ? strerror(errno) : "not a folder");
        rc = RD_ENOINPUT;
        goto done;
    }
    if (!(mshown = rd_pathname_show(path))) {
        rc = RD_ENOMEM;
        goto done;
    }
    if (stat(path, &sb) != 0 && errno == ENOENT) {
        rd_cli_say("%s: missing: --previous wants the output folder of a run that wrote a "
                   "model (rodedraad.model, every run since the saved model was added); run "
                   "the previous wave again",
                   mshown);
        rc = RD_ENOINPUT;
        goto done;
    }
    if ((rc = rd_model_read(path, mshown, &p->m, &err)) != RD_OK) {
        rd_cli_say("%s", err.msg);
        goto done;
    }
    if ((rc = read_respondents(p, dir, notes)) != RD_OK ||
        (rc = read_lifts(p, dir, notes)) != RD_OK || (rc = read_segments(p, dir, notes)) != RD_OK)
        goto done;
done:
    if (rc == RD_ENOMEM)
        rd_cli_say("out of memory");
    free(path);
    free(mshown);
    return rc;
}

/* ---- placing, matching ---------------------------------------------------------------- */

rd_status rd_cli_previous_place(const rd_cli_previous *p, const rd_ts_result *ts, int threads,
                                rd_classify_row *rows, rd_err *err)
{
    const rd_model *m = &p->m;
    rd_csr *x = NULL;
    uint32_t *doc_terms = NULL;
    rd_status rc = rd_cli_remap(ts, m->term_index, m->terms, &x, &doc_terms, err);
    if (rc == RD_OK) {
        rd_classify_model cm = {.terms = m->terms, .idf = m->idf, .themes = m->themes,
                                .h = m->h, .context = m->context,
                                .rep = (rd_represent_kind)m->rep, .dims = m->dims,
                                .lsa_idf = m->lsa_idf, .v = m->v, .k = m->k, .d = m->d,
                                .centres = m->centres, .threshold = m->threshold};
        rc = rd_classify_run(&cm, &x, ts->row_doc, ts->n_docs, threads, rows, NULL, err);
    }
    rd_csr_free(x);
    free(doc_terms);
    return rc;
}

rd_status rd_cli_previous_match(const rd_cli_previous *p, const rd_classify_row *place,
                                const rd_segments *sg, int32_t *prev_of, double *sim,
                                rd_err *err)
{
    size_t k = sg->k, K = p->m.k, q = k > K ? k : K;
    double *ov = calloc(q * q + 1, sizeof *ov), *placed = calloc(K + 1, sizeof *placed);
    int32_t *map = malloc((q + 1) * sizeof *map);
    rd_status rc = RD_OK;
    if (!ov || !placed || !map) {
        rc = rd_fail(err, RD_ENOMEM, "matching the previous wave's segments");
        goto done;
    }
    /* overlaps, then Jaccard: |A ∩ B| / (|A| + |B| − |A ∩ B|) */
    for (size_t i = 0; i < sg->n; i++)
        if (place[i].segment >= 0) {
            ov[(size_t)sg->label[i] * q + (size_t)place[i].segment] += 1.0;
            placed[place[i].segment] += 1.0;
        }
    for (size_t j = 0; j < k; j++)
        for (size_t o = 0; o < K; o++) {
            double a = ov[j * q + o], u = (double)sg->size[j] + placed[o] - a;
            ov[j * q + o] = u > 0 ? a / u : 0.0;
        }
    if ((rc = rd_metrics_match(ov, q, map, err)) != RD_OK)
        goto done;
    for (size_t j = 0; j < k; j++) {
        double best = 0.0;
        for (size_t o = 0; o < K; o++)
            best = ov[j * q + o] > best ? ov[j * q + o] : best;
        int32_t o = map[j];
        int paired = o >= 0 && (size_t)o < K && ov[j * q + (size_t)o] >= RD_CLI_WAVE_MIN_SIM;
        prev_of[j] = paired ? o : -1;
        sim[j] = paired ? ov[j * q + (size_t)o] : best;
    }
done:
    free(ov);
    free(placed);
    free(map);
    return rc;
}

/* ---- the shifts table ----------------------------------------------------------------- */

static const char *const SHIFT_COLS[] = {
    "kind",  "segment",        "previous_segment", "status",    "similarity", "name",
    "size_then", "size_now",   "share_then",       "share_now", "theme",      "previous_theme",
    "label", "previous_label", "lift_then",        "lift_now",  "respondent", "fit_previous"};
enum {
    C_KIND, C_SEG, C_PREV, C_STATUS, C_SIM, C_NAME, C_SIZE_THEN, C_SIZE_NOW, C_SHARE_THEN,
    C_SHARE_NOW, C_THEME, C_PREV_THEME, C_LABEL, C_PREV_LABEL, C_LIFT_THEN, C_LIFT_NOW, C_RESP,
    C_FIT, N_SHIFT_COLS
};

static const rd_table *table_of(const rd_description *rep, const char *name)
{
    return rd_table_find((const rd_table *const *)rep->t, rep->n_tables, name);
}

/* Themes of the new run (T × its terms) paired with the previous model's: prev_theme[b]
 * the previous theme of new theme b or −1, now_theme[a] the reverse. Cosine of the term
 * weights over the terms both know (by stem). */
static rd_status match_themes(const rd_cli_previous *p, const rd_ts_result *ts,
                              const rd_themes *th, int32_t *prev_theme, int32_t *now_theme,
                              rd_err *err)
{
    size_t T = th->k, Tp = p->m.themes, q = T > Tp ? T : Tp, V = th->n_terms;
    double *cs = calloc(q * q + 1, sizeof *cs), *na = calloc(q + 1, sizeof *na),
           *nb = calloc(q + 1, sizeof *nb);
    int32_t *map = malloc((q + 1) * sizeof *map);
    uint32_t *col = malloc((V + 1) * sizeof *col);
    rd_status rc = RD_OK;
    if (!cs || !na || !nb || !map || !col) {
        rc = rd_fail(err, RD_ENOMEM, "matching the previous wave's themes");
        goto done;
    }
    for (size_t t = 0; t < V; t++) {
        size_t n;
        const char *s = rd_vocab_term(ts->vocab, (uint32_t)t, &n);
        col[t] = rd_strtab_find(p->m.term_index, s, n);
    }
    for (size_t a = 0; a < Tp; a++)
        for (size_t t = 0; t < p->m.terms; t++)
            na[a] += (double)p->m.h[a * p->m.terms + t] * p->m.h[a * p->m.terms + t];
    for (size_t b = 0; b < T; b++)
        for (size_t t = 0; t < V; t++) {
            double w = th->h[b * V + t];
            nb[b] += w * w;
            if (col[t] == RD_STRTAB_NONE)
                continue;
            for (size_t a = 0; a < Tp; a++)
                cs[b * q + a] += w * p->m.h[a * p->m.terms + col[t]];
        }
    for (size_t b = 0; b < T; b++)
        for (size_t a = 0; a < Tp; a++)
            cs[b * q + a] = na[a] > 0 && nb[b] > 0 ? cs[b * q + a] / sqrt(na[a] * nb[b]) : 0.0;
    if ((rc = rd_metrics_match(cs, q, map, err)) != RD_OK)
        goto done;
    for (size_t a = 0; a < Tp; a++)
        now_theme[a] = -1;
    for (size_t b = 0; b < T; b++) {
        int32_t a = map[b];
        prev_theme[b] = a >= 0 && (size_t)a < Tp && cs[b * q + (size_t)a] >= RD_CLI_WAVE_MIN_THEME_SIM
                            ? a
                            : -1;
        if (prev_theme[b] >= 0)
            now_theme[a] = (int32_t)b;
    }
done:
    free(cs);
    free(na);
    free(nb);
    free(map);
    free(col);
    return rc;
}

/* Starts a row of kind with the segment now (j, −1: none) and then (o, −1: none). */
static size_t row_of(rd_table *t, const char *kind, long long j, long long o)
{
    size_t r = rd_table_add_row(t);
    rd_table_str(t, r, C_KIND, kind);
    if (j >= 0)
        rd_table_int(t, r, C_SEG, j + 1);
    if (o >= 0)
        rd_table_int(t, r, C_PREV, o + 1);
    return r;
}

rd_status rd_cli_previous_shifts(const rd_cli_previous *p, const rd_ts_result *ts,
                                 const rd_analysis *an, const rd_description *rep,
                                 const rd_classify_row *place, const int32_t *prev_of,
                                 const double *sim, rd_table **out, rd_cli_wave *sum,
                                 rd_err *err)
{
    const rd_segments *sg = &an->sg;
    const rd_model *m = &p->m;
    size_t k = sg->k, K = m->k, T = an->th.k, Tp = m->themes, n = sg->n;
    const rd_table *segs = table_of(rep, "segments"), *st = table_of(rep, "segment_themes");
    const rd_table *themes = table_of(rep, "themes");
    int32_t *now_of = malloc((K + 1) * sizeof *now_of);
    int32_t *prev_theme = malloc((T + 1) * sizeof *prev_theme);
    int32_t *now_theme = malloc((Tp + 1) * sizeof *now_theme);
    unsigned char *mt_now = calloc(k * T + 1, 1);
    double *lift_now = malloc((k * T + 1) * sizeof *lift_now);
    rd_table *t = rd_table_new("shifts", "Verschuivingen", N_SHIFT_COLS, SHIFT_COLS);
    rd_status rc = RD_OK;
    double total_then = 0.0;
    memset(sum, 0, sizeof *sum);
    *out = NULL;
    if (!now_of || !prev_theme || !now_theme || !mt_now || !lift_now || !t) {
        rc = rd_fail(err, RD_ENOMEM, "shifts.csv");
        goto done;
    }
    if ((rc = match_themes(p, ts, &an->th, prev_theme, now_theme, err)) != RD_OK)
        goto done;
    for (size_t o = 0; o < K; o++) {
        now_of[o] = -1;
        total_then += (double)m->size[o];
    }
    for (size_t j = 0; j < k; j++)
        if (prev_of[j] >= 0)
            now_of[prev_of[j]] = (int32_t)j;
    /* this run's lifts and motivation/tension themes, from its own tables */
    for (size_t i = 0; i < k * T; i++)
        lift_now[i] = NAN;
    for (size_t r = 0; st && r < st->n_rows; r++) {
        double s = rd_table_number(st, r, "segment"), th = rd_table_number(st, r, "theme");
        if (s >= 1 && s <= (double)k && th >= 1 && th <= (double)T)
            lift_now[((size_t)s - 1) * T + (size_t)th - 1] = rd_table_number(st, r, "lift");
    }
    for (size_t j = 0; segs && j < k && j < segs->n_rows; j++) {
        list_themes(rd_table_text(segs, j, "motivations"), T, mt_now + j * T, 1);
        list_themes(rd_table_text(segs, j, "tensions"), T, mt_now + j * T, 2);
    }

    /* segments: now, in their order, then the previous ones that vanished */
    for (size_t j = 0; j < k; j++) {
        int32_t o = prev_of[j];
        size_t r = row_of(t, "segment", (long long)j, o);
        rd_table_str(t, r, C_STATUS, o >= 0 ? "same" : "new");
        rd_table_num(t, r, C_SIM, sim[j], 3);
        rd_table_str(t, r, C_NAME, rd_table_text(segs, j, "name"));
        if (o >= 0) {
            rd_table_int(t, r, C_SIZE_THEN, (long long)m->size[o]);
            rd_table_num(t, r, C_SHARE_THEN, total_then > 0 ? (double)m->size[o] / total_then : NAN, 4);
        }
        rd_table_int(t, r, C_SIZE_NOW, (long long)sg->size[j]);
        rd_table_num(t, r, C_SHARE_NOW, (double)sg->size[j] / (double)n, 4);
        sum->same += o >= 0;
        sum->fresh += o < 0;
    }
    for (size_t o = 0; o < K; o++) {
        if (now_of[o] >= 0)
            continue;
        size_t r = row_of(t, "segment", -1, (long long)o);
        rd_table_str(t, r, C_STATUS, "vanished");
        rd_table_str(t, r, C_NAME, m->seg_name[o]);
        rd_table_int(t, r, C_SIZE_THEN, (long long)m->size[o]);
        rd_table_num(t, r, C_SHARE_THEN, total_then > 0 ? (double)m->size[o] / total_then : NAN, 4);
        rd_table_int(t, r, C_SIZE_NOW, 0);
        rd_table_num(t, r, C_SHARE_NOW, 0.0, 4);
        sum->vanished++;
    }

    /* themes that rose or fell (lift changed by RD_CLI_WAVE_LIFT_STEP or more, above
     * average, lift ≥ 1, in at least one wave) in a segment present in both waves; themes
     * new to this wave that the segment talks about clearly more than average */
    for (size_t j = 0; j < k; j++) {
        int32_t o = prev_of[j];
        if (o < 0)
            continue;
        for (size_t b = 0; b < T; b++) {
            int32_t a = prev_theme[b];
            double now = lift_now[j * T + b];
            double then = a >= 0 && p->have_lift ? p->lift[(size_t)o * Tp + (size_t)a] : NAN;
            const char *status = NULL;
            int above = (isfinite(then) && then >= 1.0) || (isfinite(now) && now >= 1.0);
            if (a < 0 && now >= 1.0 + RD_CLI_WAVE_LIFT_STEP)
                status = "new theme";
            else if (above && isfinite(then) && isfinite(now) && now - then >= RD_CLI_WAVE_LIFT_STEP)
                status = "rose";
            else if (above && isfinite(then) && isfinite(now) && then - now >= RD_CLI_WAVE_LIFT_STEP)
                status = "fell";
            if (!status)
                continue;
            size_t r = row_of(t, "theme", (long long)j, o);
            rd_table_str(t, r, C_STATUS, status);
            rd_table_str(t, r, C_NAME, rd_table_text(segs, j, "name"));
            rd_table_int(t, r, C_THEME, (long long)b + 1);
            rd_table_str(t, r, C_LABEL, rd_table_text(themes, b, "label"));
            if (a >= 0) {
                rd_table_int(t, r, C_PREV_THEME, (long long)a + 1);
                rd_table_str(t, r, C_PREV_LABEL, m->theme_label[a]);
            }
            rd_table_num(t, r, C_LIFT_THEN, then, 3);
            rd_table_num(t, r, C_LIFT_NOW, now, 3);
        }
    }

    /* motivation and tension themes new to a segment present in both waves, or gone from
     * it (by the themes' pairing) */
    for (int kindbit = 1; p->have_mt && kindbit <= 2; kindbit++) {
        const char *kind = kindbit == 1 ? "motivation" : "tension";
        for (size_t j = 0; j < k; j++) {
            int32_t o = prev_of[j];
            if (o < 0)
                continue;
            for (size_t b = 0; b < T; b++) {
                int32_t a = prev_theme[b];
                if (!(mt_now[j * T + b] & kindbit) ||
                    (a >= 0 && (p->mt[(size_t)o * Tp + (size_t)a] & kindbit)))
                    continue;
                size_t r = row_of(t, kind, (long long)j, o);
                rd_table_str(t, r, C_STATUS, "new");
                rd_table_str(t, r, C_NAME, rd_table_text(segs, j, "name"));
                rd_table_int(t, r, C_THEME, (long long)b + 1);
                rd_table_str(t, r, C_LABEL, rd_table_text(themes, b, "label"));
                if (a >= 0) {
                    rd_table_int(t, r, C_PREV_THEME, (long long)a + 1);
                    rd_table_str(t, r, C_PREV_LABEL, m->theme_label[a]);
                }
                rd_table_num(t, r, C_LIFT_NOW, lift_now[j * T + b], 3);
            }
            for (size_t a = 0; a < Tp; a++) {
                int32_t b = now_theme[a];
                if (!(p->mt[(size_t)o * Tp + a] & kindbit) ||
                    (b >= 0 && (mt_now[j * T + (size_t)b] & kindbit)))
                    continue;
                size_t r = row_of(t, kind, (long long)j, o);
                rd_table_str(t, r, C_STATUS, "gone");
                rd_table_str(t, r, C_NAME, rd_table_text(segs, j, "name"));
                if (b >= 0) {
                    rd_table_int(t, r, C_THEME, (long long)b + 1);
                    rd_table_str(t, r, C_LABEL, rd_table_text(themes, (size_t)b, "label"));
                    rd_table_num(t, r, C_LIFT_NOW, lift_now[j * T + (size_t)b], 3);
                }
                rd_table_int(t, r, C_PREV_THEME, (long long)a + 1);
                rd_table_str(t, r, C_PREV_LABEL, m->theme_label[a]);
                if (p->have_lift)
                    rd_table_num(t, r, C_LIFT_THEN, p->lift[(size_t)o * Tp + a], 3);
            }
        }
    }

    /* respondents in both waves (by id) whose segment is not the one theirs became */
    for (size_t i = 0; p->have_resp && i < n; i++) {
        const char *id = ts->respondent[i];
        uint32_t at = rd_strtab_find(p->resp_index, id, strlen(id));
        if (at == RD_STRTAB_NONE || p->resp_seg[at] < 0)
            continue;
        int32_t then = p->resp_seg[at], j = sg->label[i];
        sum->returning++;
        if (prev_of[j] == then) {
            sum->kept++;
            continue;
        }
        sum->moved++;
        size_t r = row_of(t, "moved", j, then);
        rd_table_str(t, r, C_STATUS, now_of[then] < 0 ? "segment vanished" : "moved");
        rd_table_str(t, r, C_NAME, rd_table_text(segs, (size_t)j, "name"));
        rd_table_str(t, r, C_RESP, id);
    }
    /* respondents new to this wave that fit no previous segment */
    for (size_t i = 0; i < n; i++) {
        const char *id = ts->respondent[i];
        if (p->have_resp && rd_strtab_find(p->resp_index, id, strlen(id)) != RD_STRTAB_NONE)
            continue;
        if (place[i].segment >= 0 && place[i].fits)
            continue;
        sum->no_fit++;
        size_t r = row_of(t, "no_fit", sg->label[i], place[i].segment);
        rd_table_str(t, r, C_STATUS, "geen passend segment");
        rd_table_str(t, r, C_NAME, rd_table_text(segs, (size_t)sg->label[i], "name"));
        rd_table_str(t, r, C_RESP, id);
        if (place[i].segment >= 0)
            rd_table_num(t, r, C_FIT, place[i].fit, 4);
    }
    if (!rd_table_ok(t)) {
        rc = rd_fail(err, RD_ENOMEM, "shifts.csv");
        goto done;
    }
    *out = t;
    t = NULL;
done:
    rd_table_free(t);
    free(now_of);
    free(prev_theme);
    free(now_theme);
    free(mt_now);
    free(lift_now);
    return rc;
}
