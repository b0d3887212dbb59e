/* io/textstage.c — see textstage.h. */
#include "io/textstage.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/parallel.h"
#include "nlp/analyse.h"
#include "nlp/strtab.h"
#include "nlp/utf8.h"

typedef struct {
    char *b;
    size_t n, cap;
    int oom;
} buf;

static void buf_put(buf *o, const char *s, size_t n)
{
    if (o->oom)
        return;
    if (o->n + n + 1 > o->cap) {
        size_t nc = o->cap ? o->cap : 4096;
        while (nc < o->n + n + 1)
            nc *= 2;
        char *nb = realloc(o->b, nc);
        if (!nb) {
            o->oom = 1;
            return;
        }
        o->b = nb;
        o->cap = nc;
    }
    memcpy(o->b + o->n, s, n);
    o->n += n;
    o->b[o->n] = '\0';
}

static void buf_str(buf *o, const char *s) { buf_put(o, s, strlen(s)); }

/* A TSV field: tabs, newlines and carriage returns become spaces. */
static void buf_field(buf *o, const char *s, size_t n)
{
    size_t a = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            buf_put(o, s + a, i - a);
            buf_put(o, " ", 1);
            a = i + 1;
        }
    }
    buf_put(o, s + a, n - a);
}

static void buf_u64(buf *o, uint64_t v)
{
    char t[24];
    int k = snprintf(t, sizeof t, "%llu", (unsigned long long)v);
    buf_put(o, t, (size_t)k);
}

typedef struct {
    rd_transcript tr;
    rd_err err;
    rd_status rc;
    size_t bytes;
    int worker;          /* which analyser counted it */
    uint32_t *forms;     /* COUNT: kept form ids of all respondent passages */
    size_t n_forms, cap_forms;
    size_t *row_end;     /* COUNT: per respondent passage, end in forms */
    uint32_t *row_pnum;  /* COUNT: per respondent passage, its passage number */
    uint32_t *row_line;  /* COUNT: per respondent passage, its source line */
    size_t n_passages;   /* all passages */
    size_t n_rows;       /* respondent passages */
    buf out;             /* INSPECT, TOKENS */
} doc;

typedef struct {
    const rd_strlist *files;
    const rd_ts_opts *o;
    doc *docs;
    size_t *use;         /* usable doc indices */
    size_t n_use;
    char **resp;         /* per usable doc */
    rd_an **an;          /* per worker */
    rd_status worker_rc;
} stage;

static void analyse_doc(stage *st, doc *d, int worker, const char *resp, const char *path);

static void phase1(void *ctx, size_t i, int worker)
{
    stage *st = ctx;
    doc *d = &st->docs[i];
    const char *path = st->files->v[i];
    char *text = NULL;
    size_t n = 0, bad;
    d->rc = rd_file_read(path, st->o->max_file_bytes, &text, &n, &d->err);
    if (d->rc != RD_OK)
        return;
    d->bytes = n;
    if (n == 0) {
        d->rc = rd_fail(&d->err, RD_EDATA, "%s: empty file (0 bytes)", path);
    } else if (memchr(text, '\0', n)) {
        size_t at = (size_t)((char *)memchr(text, '\0', n) - text);
        d->rc = rd_fail(&d->err, RD_EDATA,
                        "%s: binary file (NUL byte at byte %zu), not a text transcript", path, at);
    } else if (!rd_utf8_valid(text, n, &bad)) {
        size_t line = 1;
        for (size_t k = 0; k < bad; k++)
            line += text[k] == '\n';
        d->rc = rd_fail(&d->err, RD_EUTF8, "%s: invalid UTF-8 at byte %zu (line %zu)", path,
                        bad, line);
    } else if ((d->rc = rd_transcript_parse(text, n, &st->o->topts, &d->tr, &d->err)) != RD_OK) {
        /* err filled; add the path */
        rd_err e = d->err;
        rd_fail(&d->err, d->rc, "%s: %s", path, e.msg);
    } else if (d->tr.n == 0) {
        d->rc = rd_fail(&d->err, RD_EDATA, "%s: no text (only headings or blank lines)", path);
    } else if (d->tr.n_respondent == 0) {
        d->rc = rd_fail(&d->err, RD_EDATA,
                        "%s: no respondent text: every turn is by an interviewer", path);
    }
    free(text);
    if (d->rc != RD_OK)
        return;
    d->n_passages = d->tr.n;
    d->n_rows = d->tr.n_respondent;
    if (st->o->mode == RD_TS_COUNT) {
        /* Counting needs no output order: analyse now and keep only the term ids. */
        analyse_doc(st, d, worker, NULL, path);
        rd_transcript_free(&d->tr);
    }
}

static int push_form(doc *d, uint32_t f)
{
    if (d->n_forms == d->cap_forms) {
        size_t nc = d->cap_forms ? d->cap_forms * 2 : 1024;
        uint32_t *nf = realloc(d->forms, nc * sizeof *nf);
        if (!nf)
            return -1;
        d->forms = nf;
        d->cap_forms = nc;
    }
    d->forms[d->n_forms++] = f;
    return 0;
}

static void render_source(buf *o, const char *path, uint32_t line)
{
    buf_field(o, path, strlen(path));
    buf_put(o, ":", 1);
    buf_u64(o, line);
}

/* Analyses one parsed doc on worker `worker`: renders its TSV lines (INSPECT, TOKENS;
 * resp is the respondent id) or records the kept form ids of each respondent passage
 * (COUNT). */
static void analyse_doc(stage *st, doc *d, int worker, const char *resp, const char *path)
{
    rd_an *an = st->an[worker];
    const rd_ts_opts *o = st->o;
    size_t nresp = 0, nr = d->tr.n_respondent;
    d->worker = worker;
    if (o->mode == RD_TS_COUNT &&
        (!(d->row_end = malloc(nr * sizeof *d->row_end)) ||
         !(d->row_pnum = malloc(nr * sizeof *d->row_pnum)) ||
         !(d->row_line = malloc(nr * sizeof *d->row_line)))) {
        d->rc = rd_fail(&d->err, RD_ENOMEM, "%s: passage rows", path);
        return;
    }
    for (size_t p = 0; p < d->tr.n; p++) {
        const rd_passage *ps = &d->tr.v[p];
        if (o->mode == RD_TS_INSPECT) {
            buf *b = &d->out;
            buf_field(b, resp, strlen(resp));
            buf_put(b, "\t", 1);
            buf_u64(b, p + 1);
            buf_put(b, "\t", 1);
            buf_field(b, ps->speaker, strlen(ps->speaker));
            buf_str(b, ps->role == RD_ROLE_INTERVIEWER ? "\tinterviewer\t" : "\trespondent\t");
            render_source(b, path, ps->line);
            buf_put(b, "\t", 1);
            buf_field(b, ps->text, ps->text_n);
            buf_put(b, "\n", 1);
            continue;
        }
        if (ps->role != RD_ROLE_RESPONDENT)
            continue;
        if ((d->rc = rd_an_run(an, ps->text, ps->text_n, &d->err)) != RD_OK)
            return;
        size_t nt = rd_an_count(an);
        const rd_token *tk = rd_an_tokens(an);
        const uint32_t *fm = rd_an_forms(an);
        const uint8_t *kept = rd_an_kept(an);
        if (o->mode == RD_TS_TOKENS) {
            buf *b = &d->out;
            for (size_t t = 0; t < nt; t++) {
                const char *nm, *stem = "";
                size_t nn, sn = 0;
                if ((d->rc = rd_an_norm(an, t, &nm, &nn, &d->err)) != RD_OK)
                    return;
                buf_field(b, resp, strlen(resp));
                buf_put(b, "\t", 1);
                buf_u64(b, p + 1);
                buf_put(b, "\t", 1);
                buf_field(b, ps->text + tk[t].off, tk[t].len);
                buf_put(b, "\t", 1);
                buf_field(b, nm, nn);
                buf_put(b, "\t", 1);
                if (fm[t] != RD_AN_NOFORM && tk[t].kind == RD_TOK_WORD &&
                    (d->rc = rd_an_form_stem(an, fm[t], &stem, &sn, &d->err)) != RD_OK)
                    return;
                buf_field(b, stem, sn);
                buf_str(b, kept[t] ? "\t1\n" : "\t0\n");
            }
        } else {
            for (size_t t = 0; t < nt; t++)
                if (kept[t] && push_form(d, fm[t])) {
                    d->rc = rd_fail(&d->err, RD_ENOMEM, "%s: token list", path);
                    return;
                }
            d->row_pnum[nresp] = (uint32_t)(p + 1);
            d->row_line[nresp] = ps->line;
            d->row_end[nresp++] = d->n_forms;
        }
    }
    if (d->out.oom)
        d->rc = rd_fail(&d->err, RD_ENOMEM, "%s: output buffer", path);
    if (o->mode == RD_TS_COUNT && d->n_forms && d->n_forms < d->cap_forms) {
        uint32_t *nf = realloc(d->forms, d->n_forms * sizeof *nf); /* give back the slack */
        if (nf) {
            d->forms = nf;
            d->cap_forms = d->n_forms;
        }
    }
}

static void phase2(void *ctx, size_t k, int worker)
{
    stage *st = ctx;
    size_t i = st->use[k];
    analyse_doc(st, &st->docs[i], worker, st->resp[k], st->files->v[i]);
}

static rd_status emit_doc(void *ctx, size_t k, rd_err *err)
{
    stage *st = ctx;
    doc *d = &st->docs[st->use[k]];
    rd_status rc = d->rc;
    if (rc != RD_OK) {
        *err = d->err;
        return rc;
    }
    rc = st->o->emit(st->o->emit_ctx, d->out.b ? d->out.b : "", d->out.n, err);
    free(d->out.b);
    d->out = (buf){0};
    return rc;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static char *strip_ext(const char *p, size_t n)
{
    const char *dot = NULL;
    for (const char *q = p; q < p + n; q++)
        if (*q == '.')
            dot = q;
        else if (*q == '/')
            dot = NULL;
    size_t len = dot && dot > p && dot[-1] != '/' ? (size_t)(dot - p) : n;
    char *r = malloc(len + 1);
    if (r) {
        memcpy(r, p, len);
        r[len] = '\0';
    }
    return r;
}

/* Respondent ids: the file name without extension; where two files share one, the path
 * without extension (and without a leading "./"). */
static rd_status name_respondents(stage *st, rd_err *err)
{
    if (!(st->resp = calloc(st->n_use ? st->n_use : 1, sizeof *st->resp)))
        return rd_fail(err, RD_ENOMEM, "respondent ids");
    for (size_t k = 0; k < st->n_use; k++) {
        const char *b = base_name(st->files->v[st->use[k]]);
        if (!(st->resp[k] = strip_ext(b, strlen(b))))
            return rd_fail(err, RD_ENOMEM, "respondent ids");
    }
    unsigned char *dup = calloc(st->n_use ? st->n_use : 1, 1);
    if (!dup)
        return rd_fail(err, RD_ENOMEM, "respondent ids");
    rd_strtab *seen = rd_strtab_new(st->n_use);
    uint32_t *first = malloc((st->n_use ? st->n_use : 1) * sizeof *first);
    if (!seen || !first) {
        rd_strtab_free(seen);
        free(first);
        free(dup);
        return rd_fail(err, RD_ENOMEM, "respondent ids");
    }
    for (size_t k = 0; k < st->n_use; k++) {
        int is_new;
        uint32_t id = rd_strtab_intern(seen, st->resp[k], strlen(st->resp[k]), &is_new);
        if (id == RD_STRTAB_NONE) {
            rd_strtab_free(seen);
            free(first);
            free(dup);
            return rd_fail(err, RD_ENOMEM, "respondent ids");
        }
        if (is_new) {
            first[id] = (uint32_t)k;
        } else {
            dup[k] = 1;
            dup[first[id]] = 1;
        }
    }
    rd_strtab_free(seen);
    free(first);
    for (size_t k = 0; k < st->n_use; k++) {
        if (!dup[k])
            continue;
        const char *p = st->files->v[st->use[k]];
        if (p[0] == '.' && p[1] == '/')
            p += 2;
        char *full = strip_ext(p, strlen(p));
        if (!full) {
            free(dup);
            return rd_fail(err, RD_ENOMEM, "respondent ids");
        }
        free(st->resp[k]);
        st->resp[k] = full;
    }
    free(dup);
    return RD_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Maps a row's forms through fmap (form -> id, RD_VOCAB_NONE dropped) into scratch,
 * sorted; returns the count. */
static size_t map_row(const uint32_t *forms, size_t n, const uint32_t *fmap,
                      const uint32_t *pmap, uint32_t *scratch)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t t = fmap[forms[i]];
        if (t != RD_VOCAB_NONE && pmap)
            t = pmap[t];
        if (t != RD_VOCAB_NONE)
            scratch[m++] = t;
    }
    qsort(scratch, m, sizeof *scratch, cmp_u32);
    return m;
}

/* Merges the per-worker lexicons into one vocabulary and builds the count matrix, in
 * doc order: the result is independent of which worker analysed which doc. */
static rd_status merge_counts(stage *st, int nw, rd_ts_result *out, rd_err *err)
{
    rd_status rc = RD_OK;
    uint32_t **fmap = NULL, *pmap = NULL, *scratch = NULL;
    size_t n_old = 0, max_row = 0, nrows = 0, nnz = 0;
    rd_csr *m = NULL;
    if ((rc = rd_vocab_new(&out->vocab, err)) != RD_OK)
        goto done;
    if (!(fmap = calloc((size_t)nw, sizeof *fmap)))
        goto nomem;
    for (int w = 0; w < nw; w++) {
        size_t nf = rd_an_form_count(st->an[w]);
        if (!(fmap[w] = malloc((nf ? nf : 1) * sizeof **fmap)))
            goto nomem;
        for (size_t f = 0; f < nf; f++) {
            fmap[w][f] = RD_VOCAB_NONE;
            uint64_t uses = rd_an_form_uses(st->an[w], (uint32_t)f);
            if (!uses)
                continue;
            const char *stem, *form;
            size_t sn, fnl;
            if ((rc = rd_an_form_stem(st->an[w], (uint32_t)f, &stem, &sn, err)) != RD_OK)
                goto done;
            form = rd_an_form_str(st->an[w], (uint32_t)f, &fnl);
            if ((rc = rd_vocab_add_form(out->vocab, stem, sn, form, fnl, uses, &fmap[w][f],
                                        err)) != RD_OK)
                goto done;
        }
    }
    for (size_t k = 0; k < st->n_use; k++) {
        doc *d = &st->docs[st->use[k]];
        size_t prev = 0;
        for (size_t r = 0; r < d->n_rows; r++) {
            size_t len = d->row_end[r] - prev;
            if (len > max_row)
                max_row = len;
            prev = d->row_end[r];
        }
        nrows += d->n_rows;
    }
    if (!(scratch = malloc((max_row ? max_row : 1) * sizeof *scratch)))
        goto nomem;
    /* pass 1: document and term frequencies */
    for (size_t k = 0; k < st->n_use; k++) {
        doc *d = &st->docs[st->use[k]];
        size_t prev = 0;
        for (size_t r = 0; r < d->n_rows; r++) {
            size_t m1 = map_row(d->forms + prev, d->row_end[r] - prev, fmap[d->worker], NULL,
                                scratch);
            for (size_t a = 0; a < m1;) {
                size_t b = a;
                while (b < m1 && scratch[b] == scratch[a])
                    b++;
                rd_vocab_count(out->vocab, scratch[a], b - a);
                a = b;
            }
            prev = d->row_end[r];
        }
    }
    if ((rc = rd_vocab_prune(out->vocab, nrows, st->o->min_df, st->o->max_df, &pmap, &n_old,
                             err)) != RD_OK)
        goto done;
    /* pass 2: the count matrix over the kept terms */
    for (int pass = 0; pass < 2; pass++) {
        size_t row = 0, pos = 0;
        for (size_t k = 0; k < st->n_use; k++) {
            doc *d = &st->docs[st->use[k]];
            size_t prev = 0;
            for (size_t r = 0; r < d->n_rows; r++) {
                size_t m1 = map_row(d->forms + prev, d->row_end[r] - prev, fmap[d->worker],
                                    pmap, scratch);
                for (size_t a = 0; a < m1;) {
                    size_t b = a;
                    while (b < m1 && scratch[b] == scratch[a])
                        b++;
                    if (pass == 1) {
                        m->indices[pos] = (int32_t)scratch[a];
                        m->data[pos] = (float)(b - a);
                    }
                    pos++;
                    a = b;
                }
                if (pass == 1) {
                    m->indptr[row + 1] = (int64_t)pos;
                    out->row_doc[row] = (uint32_t)k;
                    out->row_passage[row] = d->row_pnum[r];
                    out->row_line[row] = d->row_line[r];
                }
                row++;
                prev = d->row_end[r];
            }
        }
        if (pass == 0) {
            nnz = pos;
            if ((rc = rd_csr_new(nrows, rd_vocab_size(out->vocab), nnz, &m, err)) != RD_OK)
                goto done;
            if (!(out->row_doc = malloc((nrows ? nrows : 1) * sizeof *out->row_doc)) ||
                !(out->row_passage = malloc((nrows ? nrows : 1) * sizeof *out->row_passage)) ||
                !(out->row_line = malloc((nrows ? nrows : 1) * sizeof *out->row_line)))
                goto nomem;
        }
    }
    out->counts = m;
    m = NULL;
    goto done;
nomem:
    rc = rd_fail(err, RD_ENOMEM, "merging the vocabulary");
done:
    if (fmap)
        for (int w = 0; w < nw; w++)
            free(fmap[w]);
    free(fmap);
    free(pmap);
    free(scratch);
    rd_csr_free(m);
    return rc;
}

double rd_ts_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int code_rank(rd_status c)
{
    switch (c) {
    case RD_ENOINPUT: return 3;
    case RD_EUTF8: case RD_EDATA: return 2;
    case RD_EIO: return 1;
    default: return 0;
    }
}

rd_status rd_ts_run(const rd_strlist *files, const rd_ts_opts *o, rd_ts_result *out,
                    rd_errlist *problems, rd_err *err)
{
    rd_status rc = RD_OK, worst = RD_OK;
    stage st = {files, o, NULL, NULL, 0, NULL, NULL, RD_OK};
    size_t n = files->n;
    int nw = o->threads < 1 ? 1 : o->threads;
    if (!(st.docs = calloc(n ? n : 1, sizeof *st.docs)) ||
        !(st.use = calloc(n ? n : 1, sizeof *st.use))) {
        rc = rd_fail(err, RD_ENOMEM, "%zu files", n);
        goto done;
    }
    if ((size_t)nw > n)
        nw = n ? (int)n : 1;
    if (!(st.an = calloc((size_t)nw, sizeof *st.an))) {
        rc = rd_fail(err, RD_ENOMEM, "analysers");
        goto done;
    }
    for (int w = 0; w < nw; w++)
        if ((rc = rd_an_new(o->stop, o->algo, &st.an[w], err)) != RD_OK)
            goto done;
    double t0 = rd_ts_now();
    if ((rc = rd_par_run(n, nw, phase1, NULL, &st, err)) != RD_OK)
        goto done;
    out->t_read_s = rd_ts_now() - t0;
    for (size_t i = 0; i < n; i++) {
        doc *d = &st.docs[i];
        if (d->rc == RD_ENOMEM) {
            rc = rd_fail(err, RD_ENOMEM, "%s", d->err.msg);
            goto done;
        }
        if (d->rc != RD_OK) {
            rd_errlist *l = o->skip_bad ? &out->skipped : problems;
            if (rd_errlist_push(l, &d->err) != RD_OK) {
                rc = rd_fail(err, RD_ENOMEM, "problem list");
                goto done;
            }
            if (!o->skip_bad && code_rank(d->rc) >= code_rank(worst))
                worst = d->rc;
            continue;
        }
        st.use[st.n_use++] = i;
        out->bytes += d->bytes;
        out->n_passages += d->n_passages;
        out->n_rows += d->n_rows;
    }
    if (worst != RD_OK) {
        rc = worst;
        goto done;
    }
    if (st.n_use == 0) {
        rc = rd_fail(err, RD_EDATA, "no usable transcripts among the %zu files given", n);
        goto done;
    }
    if ((rc = name_respondents(&st, err)) != RD_OK)
        goto done;
    t0 = rd_ts_now();
    if (o->mode != RD_TS_COUNT &&
        (rc = rd_par_run(st.n_use, nw, phase2, emit_doc, &st, err)) != RD_OK)
        goto done;
    out->t_analyse_s = rd_ts_now() - t0;
    for (size_t k = 0; k < st.n_use; k++) {
        doc *d = &st.docs[st.use[k]];
        if (d->rc != RD_OK) {
            rc = d->rc;
            *err = d->err;
            goto done;
        }
    }
    t0 = rd_ts_now();
    if (o->mode == RD_TS_COUNT && (rc = merge_counts(&st, nw, out, err)) != RD_OK)
        goto done;
    out->t_merge_s = rd_ts_now() - t0;
    out->n_docs = st.n_use;
    if (!(out->path = calloc(st.n_use, sizeof *out->path))) {
        rc = rd_fail(err, RD_ENOMEM, "paths");
        goto done;
    }
    for (size_t k = 0; k < st.n_use; k++)
        if (!(out->path[k] = strdup(files->v[st.use[k]]))) {
            rc = rd_fail(err, RD_ENOMEM, "paths");
            goto done;
        }
    out->respondent = st.resp;
    st.resp = NULL;
done:
    for (size_t i = 0; st.docs && i < n; i++) {
        rd_transcript_free(&st.docs[i].tr);
        free(st.docs[i].forms);
        free(st.docs[i].row_end);
        free(st.docs[i].row_pnum);
        free(st.docs[i].row_line);
        free(st.docs[i].out.b);
    }
    if (st.resp)
        for (size_t k = 0; k < st.n_use; k++)
            free(st.resp[k]);
    free(st.resp);
    if (st.an)
        for (int w = 0; w < nw; w++)
            rd_an_free(st.an[w]);
    free(st.an);
    free(st.docs);
    free(st.use);
    return rc;
}

void rd_ts_result_free(rd_ts_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->n_docs; k++) {
        if (r->path)
            free(r->path[k]);
        if (r->respondent)
            free(r->respondent[k]);
    }
    free(r->path);
    free(r->respondent);
    free(r->row_doc);
    free(r->row_passage);
    free(r->row_line);
    rd_vocab_free(r->vocab);
    rd_csr_free(r->counts);
    rd_errlist_free(&r->skipped);
    memset(r, 0, sizeof *r);
}
