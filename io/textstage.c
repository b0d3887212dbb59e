/* io/textstage.c — see textstage.h. */
#include "io/textstage.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/parallel.h"
#include "io/reader.h"
#include "io/strbuf.h"
#include "nlp/analyse.h"
#include "nlp/strtab.h"
#include "nlp/utf8.h"

/* A TSV field: tabs, newlines and carriage returns become spaces. */
static void buf_field(rd_buf *o, const char *s, size_t n)
{
    size_t a = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            rd_buf_put(o, s + a, i - a);
            rd_buf_put(o, " ", 1);
            a = i + 1;
        }
    }
    rd_buf_put(o, s + a, n - a);
}

static void buf_u64(rd_buf *o, uint64_t v)
{
    char t[24];
    int k = snprintf(t, sizeof t, "%llu", (unsigned long long)v);
    rd_buf_put(o, t, (size_t)k);
}

typedef struct {
    rd_unit *un;         /* its respondent in the file (transcript, CSV id, attributes) */
    uint32_t unit;       /* which one */
    rd_err err;
    rd_status rc;
    const char *path;    /* borrowed from the file list */
    int worker;          /* which analyser counted it */
    uint32_t *forms;     /* COUNT: kept form ids of all respondent passages; during the
                            merge, term ids of (term, count) pairs */
    uint32_t *cnt;       /* COUNT merge: the counts of those pairs */
    size_t n_forms, cap_forms;
    size_t *row_end;     /* COUNT: per respondent passage, end in forms */
    uint32_t *row_pnum;  /* COUNT: per respondent passage, its passage number */
    uint32_t *row_line;  /* COUNT: per respondent passage, its source line */
    uint16_t *row_cue;   /* COUNT: per respondent passage, RD_AN_CUE_SLOTS cue counts */
    size_t n_passages;   /* all passages */
    size_t n_rows;       /* respondent passages */
    rd_buf out;          /* INSPECT, TOKENS */
} doc;

/* One input file: one doc, or for a CSV file one doc per respondent id. */
typedef struct {
    rd_file file;        /* what io/reader.c read: units, CSV attribute columns, a note */
    doc *d;              /* per unit */
    rd_status rc;        /* of the file as a whole (read, decode, parse, analyse) */
    rd_err err;
} fslot;

typedef struct {
    const rd_strlist *files;
    const rd_ts_opts *o;
    fslot *fs;           /* per file */
    doc **use;           /* usable docs, in file order */
    size_t n_use;
    char **resp;         /* per usable doc */
    rd_an **an;          /* per worker */
    rd_status worker_rc;
} stage;

static void analyse_doc(stage *st, doc *d, int worker, const char *resp, const char *path);

/* Reads file i into its docs (io/reader.h); in COUNT mode also analyses them. */
static void phase1(void *ctx, size_t i, int worker)
{
    stage *st = ctx;
    fslot *f = &st->fs[i];
    const char *path = st->files->v[i];
    rd_read_opts ro = {st->o->max_file_bytes, st->o->topts, st->o->csv_id, st->o->csv_text};
    f->rc = rd_file_load(path, &ro, &f->file, &f->err);
    if (st->o->progress)
        atomic_fetch_add_explicit(st->o->progress, 1, memory_order_relaxed);
    if (f->rc != RD_OK)
        return;
    if (!(f->d = calloc(f->file.n_u, sizeof *f->d))) {
        f->rc = rd_fail(&f->err, RD_ENOMEM, "%s: documents", path);
        return;
    }
    for (size_t u = 0; u < f->file.n_u; u++) {
        doc *d = &f->d[u];
        d->un = &f->file.u[u];
        d->unit = (uint32_t)u;
        d->path = path;
        d->n_passages = d->un->tr.n;
        d->n_rows = d->un->tr.n_respondent;
    }
    if (st->o->mode != RD_TS_COUNT)
        return;
    /* Counting needs no output order: analyse now and keep only the term ids. */
    for (size_t u = 0; u < f->file.n_u; u++) {
        doc *d = &f->d[u];
        analyse_doc(st, d, worker, NULL, path);
        rd_transcript_free(&d->un->tr);
        if (d->rc != RD_OK) {
            f->rc = d->rc;
            f->err = d->err;
            return;
        }
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

static void render_source(rd_buf *o, const char *path, uint32_t line)
{
    buf_field(o, path, strlen(path));
    rd_buf_put(o, ":", 1);
    buf_u64(o, line);
}

/* Analyses one parsed doc on worker `worker`: renders its TSV lines (INSPECT, TOKENS;
 * resp is the respondent id) or records the kept form ids of each respondent passage
 * (COUNT). */
static void analyse_doc(stage *st, doc *d, int worker, const char *resp, const char *path)
{
    rd_an *an = st->an[worker];
    const rd_ts_opts *o = st->o;
    size_t nresp = 0, nr = d->un->tr.n_respondent;
    d->worker = worker;
    if (o->mode == RD_TS_COUNT &&
        (!(d->row_end = malloc(nr * sizeof *d->row_end)) ||
         !(d->row_pnum = malloc(nr * sizeof *d->row_pnum)) ||
         !(d->row_line = malloc(nr * sizeof *d->row_line)) ||
         !(d->row_cue = malloc(nr * RD_AN_CUE_SLOTS * sizeof *d->row_cue)))) {
        d->rc = rd_fail(&d->err, RD_ENOMEM, "%s: passage rows", path);
        return;
    }
    for (size_t p = 0; p < d->un->tr.n; p++) {
        const rd_passage *ps = &d->un->tr.v[p];
        if (o->mode == RD_TS_INSPECT) {
            rd_buf *b = &d->out;
            buf_field(b, resp, strlen(resp));
            rd_buf_put(b, "\t", 1);
            buf_u64(b, p + 1);
            rd_buf_put(b, "\t", 1);
            buf_field(b, ps->speaker, strlen(ps->speaker));
            rd_buf_str(b, ps->role == RD_ROLE_INTERVIEWER ? "\tinterviewer\t" : "\trespondent\t");
            render_source(b, path, ps->line);
            rd_buf_put(b, "\t", 1);
            buf_field(b, ps->text, ps->text_n);
            rd_buf_put(b, "\n", 1);
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
            rd_buf *b = &d->out;
            for (size_t t = 0; t < nt; t++) {
                const char *nm, *stem = "";
                size_t nn, sn = 0;
                if ((d->rc = rd_an_norm(an, t, &nm, &nn, &d->err)) != RD_OK)
                    return;
                buf_field(b, resp, strlen(resp));
                rd_buf_put(b, "\t", 1);
                buf_u64(b, p + 1);
                rd_buf_put(b, "\t", 1);
                buf_field(b, ps->text + tk[t].off, tk[t].len);
                rd_buf_put(b, "\t", 1);
                buf_field(b, nm, nn);
                rd_buf_put(b, "\t", 1);
                if (fm[t] != RD_AN_NOFORM && tk[t].kind == RD_TOK_WORD &&
                    (d->rc = rd_an_form_stem(an, fm[t], &stem, &sn, &d->err)) != RD_OK)
                    return;
                buf_field(b, stem, sn);
                rd_buf_str(b, kept[t] ? "\t1\n" : "\t0\n");
            }
        } else {
            for (size_t t = 0; t < nt; t++)
                if (kept[t] && push_form(d, fm[t])) {
                    d->rc = rd_fail(&d->err, RD_ENOMEM, "%s: token list", path);
                    return;
                }
            d->row_pnum[nresp] = (uint32_t)(p + 1);
            d->row_line[nresp] = ps->line;
            const uint32_t *cn = rd_an_cue_counts(an);
            for (size_t c = 0; c < RD_AN_CUE_SLOTS; c++)
                d->row_cue[nresp * RD_AN_CUE_SLOTS + c] =
                    (uint16_t)(cn[c] > UINT16_MAX ? UINT16_MAX : cn[c]);
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
    analyse_doc(st, st->use[k], worker, st->resp[k], st->use[k]->path);
}

static rd_status emit_doc(void *ctx, size_t k, rd_err *err)
{
    stage *st = ctx;
    doc *d = st->use[k];
    rd_status rc = d->rc;
    if (rc != RD_OK) {
        *err = d->err;
        return rc;
    }
    rc = st->o->emit(st->o->emit_ctx, d->out.s ? d->out.s : "", d->out.n, err);
    free(d->out.s);
    d->out = (rd_buf){0};
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

/* Respondent ids: the file name without extension, or for a CSV row its id; where two
 * share one, the path without extension (and without a leading "./"), followed for CSV
 * rows by "/" and the id. */
static char *full_name(const doc *d)
{
    const char *p = d->path;
    if (p[0] == '.' && p[1] == '/')
        p += 2;
    char *full = strip_ext(p, strlen(p));
    if (!full || !d->un->id)
        return full;
    size_t a = strlen(full), b = strlen(d->un->id);
    char *r = realloc(full, a + b + 2);
    if (!r) {
        free(full);
        return NULL;
    }
    r[a] = '/';
    memcpy(r + a + 1, d->un->id, b + 1);
    return r;
}

static rd_status name_respondents(stage *st, rd_err *err)
{
    if (!(st->resp = calloc(st->n_use ? st->n_use : 1, sizeof *st->resp)))
        return rd_fail(err, RD_ENOMEM, "respondent ids");
    for (size_t k = 0; k < st->n_use; k++) {
        const doc *d = st->use[k];
        const char *b = base_name(d->path);
        if (!(st->resp[k] = d->un->id ? strdup(d->un->id) : strip_ext(b, strlen(b))))
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
        char *full = full_name(st->use[k]);
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

/* --- merging the per-worker counts ------------------------------------------------
 *
 * 1. (serial) collect the forms kept at least once by any analyser, each once;
 *    (parallel, in chunks) stem them;
 * 2. (serial) register the forms in the vocabulary: form -> term id, per analyser;
 * 3. (parallel over docs) rewrite each passage's form ids as (term, count) pairs, and
 *    count df/tf in per-worker arrays, summed afterwards;
 * 4. (serial) prune the vocabulary and renumber terms by stem bytes;
 * 5. (parallel over docs) renumber the pairs, drop pruned terms, sort each row;
 * 6. (parallel over docs) copy the rows into the CSR matrix at each doc's offset.
 * Every step either works per doc or sums integers, so the result is independent of the
 * number of workers and of which worker analysed which doc. */

typedef struct {
    stage *st;
    int nw;
    uint32_t **fmap;      /* per analyser: form -> global form, then -> term */
    rd_strtab *forms;     /* global forms, each stemmed once */
    size_t n_forms;
    uint64_t *uses;       /* per global form */
    const char **stems;   /* per global form (borrowed from a worker's stemmer) */
    size_t *stem_n;
    size_t n_terms;
    uint32_t **stamp;     /* per worker: term -> last row seen + 1 */
    uint32_t **slot;      /* per worker: term -> position in the current row */
    uint32_t *row_id;     /* per worker: running row counter */
    uint64_t **df, **tf;  /* per worker */
    const uint32_t *pmap; /* old term -> new term or RD_VOCAB_NONE */
    size_t *doc_off;      /* per doc (use order): first entry in the CSR */
    rd_csr *m;
    size_t *row_base;     /* per doc (use order): first row in the CSR */
    rd_ts_result *out;
    rd_status rc;
    rd_err err;
} merge;

enum { STEM_CHUNK = 4096 };

/* Stems the global forms of one chunk with the worker's own stemmer. */
static void merge_stem(void *ctx, size_t chunk, int worker)
{
    merge *mg = ctx;
    rd_an *an = mg->st->an[worker];
    size_t a = chunk * STEM_CHUNK, b = a + STEM_CHUNK;
    rd_err err;
    if (b > mg->n_forms)
        b = mg->n_forms;
    for (size_t g = a; g < b; g++) {
        size_t wn;
        const char *w = rd_strtab_str(mg->forms, (uint32_t)g, &wn);
        if (rd_an_stem_word(an, w, wn, &mg->stems[g], &mg->stem_n[g], &err) != RD_OK)
            mg->stems[g] = NULL; /* out of memory: reported by the caller */
    }
}

/* Sorts pairs (t[i], c[i]) by t; rows are short, so insertion sort. */
static void sort_pairs(uint32_t *t, uint32_t *c, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t kt = t[i], kc = c[i];
        size_t j = i;
        while (j > 0 && t[j - 1] > kt) {
            t[j] = t[j - 1];
            c[j] = c[j - 1];
            j--;
        }
        t[j] = kt;
        c[j] = kc;
    }
}

static void merge_pairs(void *ctx, size_t k, int worker)
{
    merge *mg = ctx;
    doc *d = mg->st->use[k];
    const uint32_t *fmap = mg->fmap[d->worker];
    uint32_t *stamp = mg->stamp[worker], *slot = mg->slot[worker];
    uint64_t *df = mg->df[worker], *tf = mg->tf[worker];
    if (!(d->cnt = malloc((d->n_forms ? d->n_forms : 1) * sizeof *d->cnt))) {
        d->rc = RD_ENOMEM;
        return;
    }
    size_t rd = 0, wr = 0;
    for (size_t r = 0; r < d->n_rows; r++) {
        uint32_t id = ++mg->row_id[worker];
        size_t start = wr;
        for (; rd < d->row_end[r]; rd++) {
            uint32_t t = fmap[d->forms[rd]];
            if (stamp[t] != id) {
                stamp[t] = id;
                slot[t] = (uint32_t)wr;
                d->forms[wr] = t;
                d->cnt[wr++] = 1;
            } else {
                d->cnt[slot[t]]++;
            }
        }
        for (size_t p = start; p < wr; p++) {
            df[d->forms[p]]++;
            tf[d->forms[p]] += d->cnt[p];
        }
        d->row_end[r] = wr;
    }
}

static void merge_renumber(void *ctx, size_t k, int worker)
{
    merge *mg = ctx;
    doc *d = mg->st->use[k];
    size_t rd = 0, wr = 0;
    (void)worker;
    for (size_t r = 0; r < d->n_rows; r++) {
        size_t start = wr;
        for (; rd < d->row_end[r]; rd++) {
            uint32_t t = mg->pmap[d->forms[rd]];
            if (t == RD_VOCAB_NONE)
                continue;
            d->forms[wr] = t;
            d->cnt[wr++] = d->cnt[rd];
        }
        sort_pairs(d->forms + start, d->cnt + start, wr - start);
        d->row_end[r] = wr;
    }
    d->n_forms = wr;
}

static void merge_fill(void *ctx, size_t k, int worker)
{
    merge *mg = ctx;
    doc *d = mg->st->use[k];
    rd_csr *m = mg->m;
    size_t off = mg->doc_off[k], row = mg->row_base[k];
    (void)worker;
    for (size_t p = 0; p < d->n_forms; p++) {
        m->indices[off + p] = (int32_t)d->forms[p];
        m->data[off + p] = (float)d->cnt[p];
    }
    for (size_t r = 0; r < d->n_rows; r++) {
        m->indptr[row + r + 1] = (int64_t)(off + d->row_end[r]);
        mg->out->row_doc[row + r] = (uint32_t)k;
        mg->out->row_passage[row + r] = d->row_pnum[r];
        mg->out->row_line[row + r] = d->row_line[r];
        memcpy(mg->out->row_cues + (row + r) * RD_AN_CUE_SLOTS, d->row_cue + r * RD_AN_CUE_SLOTS,
               RD_AN_CUE_SLOTS * sizeof *d->row_cue);
    }
}

static rd_status merge_counts(stage *st, int nw, rd_ts_result *out, rd_err *err)
{
    rd_status rc = RD_OK;
    merge mg = {.st = st, .nw = nw, .out = out};
    uint32_t *pmap = NULL;
    size_t n_old = 0, nrows = 0, nnz = 0;
    int threads = st->o->threads < 1 ? 1 : st->o->threads;
    if ((rc = rd_vocab_new(&out->vocab, err)) != RD_OK)
        goto done;
    if (!(mg.fmap = calloc((size_t)nw, sizeof *mg.fmap)) || !(mg.forms = rd_strtab_new(1 << 16)))
        goto nomem;
    /* 1 */
    size_t cap_u = 0;
    for (int w = 0; w < nw; w++) {
        size_t nf = rd_an_form_count(st->an[w]);
        if (!(mg.fmap[w] = malloc((nf + 1) * sizeof **mg.fmap)))
            goto nomem;
        for (size_t f = 0; f < nf; f++) {
            uint64_t uses = rd_an_form_uses(st->an[w], (uint32_t)f);
            mg.fmap[w][f] = RD_VOCAB_NONE;
            if (!uses)
                continue;
            size_t fnl;
            const char *form = rd_an_form_str(st->an[w], (uint32_t)f, &fnl);
            uint32_t g = rd_strtab_intern(mg.forms, form, fnl, NULL);
            if (g == RD_STRTAB_NONE)
                goto nomem;
            if (g >= cap_u) {
                size_t nc = cap_u ? cap_u * 2 : 1 << 16;
                uint64_t *nu = realloc(mg.uses, nc * sizeof *nu);
                if (!nu)
                    goto nomem;
                memset(nu + cap_u, 0, (nc - cap_u) * sizeof *nu);
                mg.uses = nu;
                cap_u = nc;
            }
            mg.uses[g] += uses;
            mg.fmap[w][f] = g;
        }
    }
    mg.n_forms = rd_strtab_count(mg.forms);
    if (!(mg.stems = calloc(mg.n_forms + 1, sizeof *mg.stems)) ||
        !(mg.stem_n = calloc(mg.n_forms + 1, sizeof *mg.stem_n)))
        goto nomem;
    if ((rc = rd_par_run((mg.n_forms + STEM_CHUNK - 1) / STEM_CHUNK, nw, merge_stem, NULL, &mg,
                         err)) != RD_OK)
        goto done;
    /* 2: global forms in first-seen order; term ids are renumbered by prune anyway */
    uint32_t *gterm = malloc((mg.n_forms + 1) * sizeof *gterm);
    if (!gterm)
        goto nomem;
    for (size_t g = 0; g < mg.n_forms; g++) {
        size_t fnl;
        const char *form = rd_strtab_str(mg.forms, (uint32_t)g, &fnl);
        if (!mg.stems[g]) {
            free(gterm);
            goto nomem;
        }
        if ((rc = rd_vocab_add_form(out->vocab, mg.stems[g], mg.stem_n[g], form, fnl,
                                    mg.uses[g], &gterm[g], err)) != RD_OK) {
            free(gterm);
            goto done;
        }
    }
    for (int w = 0; w < nw; w++) {
        size_t nf = rd_an_form_count(st->an[w]);
        for (size_t f = 0; f < nf; f++)
            if (mg.fmap[w][f] != RD_VOCAB_NONE)
                mg.fmap[w][f] = gterm[mg.fmap[w][f]];
    }
    free(gterm);
    /* 3 */
    mg.n_terms = rd_vocab_size(out->vocab);
    size_t nt1 = mg.n_terms ? mg.n_terms : 1;
    if (!(mg.stamp = calloc((size_t)threads, sizeof *mg.stamp)) ||
        !(mg.slot = calloc((size_t)threads, sizeof *mg.slot)) ||
        !(mg.row_id = calloc((size_t)threads, sizeof *mg.row_id)) ||
        !(mg.df = calloc((size_t)threads, sizeof *mg.df)) ||
        !(mg.tf = calloc((size_t)threads, sizeof *mg.tf)))
        goto nomem;
    for (int w = 0; w < threads; w++)
        if (!(mg.stamp[w] = calloc(nt1, sizeof **mg.stamp)) ||
            !(mg.slot[w] = malloc(nt1 * sizeof **mg.slot)) ||
            !(mg.df[w] = calloc(nt1, sizeof **mg.df)) || !(mg.tf[w] = calloc(nt1, sizeof **mg.tf)))
            goto nomem;
    if ((rc = rd_par_run(st->n_use, threads, merge_pairs, NULL, &mg, err)) != RD_OK)
        goto done;
    for (size_t k = 0; k < st->n_use; k++) {
        if (st->use[k]->rc == RD_ENOMEM)
            goto nomem;
        nrows += st->use[k]->n_rows;
    }
    for (size_t t = 0; t < mg.n_terms; t++) {
        uint64_t df = 0, tf = 0;
        for (int w = 0; w < threads; w++) {
            df += mg.df[w][t];
            tf += mg.tf[w][t];
        }
        rd_vocab_add_counts(out->vocab, (uint32_t)t, df, tf);
    }
    /* 4 */
    if ((rc = rd_vocab_prune(out->vocab, nrows, st->o->min_df, st->o->max_df, &pmap, &n_old,
                             err)) != RD_OK)
        goto done;
    mg.pmap = pmap;
    /* 5 */
    if ((rc = rd_par_run(st->n_use, threads, merge_renumber, NULL, &mg, err)) != RD_OK)
        goto done;
    /* 6 */
    if (!(mg.doc_off = malloc((st->n_use + 1) * sizeof *mg.doc_off)) ||
        !(mg.row_base = malloc((st->n_use + 1) * sizeof *mg.row_base)))
        goto nomem;
    size_t row = 0;
    for (size_t k = 0; k < st->n_use; k++) {
        mg.doc_off[k] = nnz;
        mg.row_base[k] = row;
        nnz += st->use[k]->n_forms;
        row += st->use[k]->n_rows;
    }
    if ((rc = rd_csr_new(nrows, rd_vocab_size(out->vocab), nnz, &mg.m, err)) != RD_OK)
        goto done;
    if (!(out->row_doc = malloc((nrows ? nrows : 1) * sizeof *out->row_doc)) ||
        !(out->row_passage = malloc((nrows ? nrows : 1) * sizeof *out->row_passage)) ||
        !(out->row_line = malloc((nrows ? nrows : 1) * sizeof *out->row_line)) ||
        !(out->row_cues = malloc((nrows ? nrows : 1) * RD_AN_CUE_SLOTS * sizeof *out->row_cues)))
        goto nomem;
    if ((rc = rd_par_run(st->n_use, threads, merge_fill, NULL, &mg, err)) != RD_OK)
        goto done;
    out->counts = mg.m;
    mg.m = NULL;
    goto done;
nomem:
    rc = rd_fail(err, RD_ENOMEM, "merging the vocabulary");
done:
    for (int w = 0; w < nw; w++)
        if (mg.fmap)
            free(mg.fmap[w]);
    rd_strtab_free(mg.forms);
    free(mg.uses);
    for (int w = 0; w < threads; w++) {
        if (mg.stamp)
            free(mg.stamp[w]);
        if (mg.slot)
            free(mg.slot[w]);
        if (mg.df)
            free(mg.df[w]);
        if (mg.tf)
            free(mg.tf[w]);
    }
    free(mg.fmap);
    free(mg.stems);
    free(mg.stem_n);
    free(mg.stamp);
    free(mg.slot);
    free(mg.row_id);
    free(mg.df);
    free(mg.tf);
    free(mg.doc_off);
    free(mg.row_base);
    free(pmap);
    rd_csr_free(mg.m);
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

/* The attribute columns of all CSV files, as a union in order of first appearance, and
 * each doc's values under it (NULL where its file has no such column). */
static rd_status collect_attrs(stage *st, size_t n, rd_ts_result *out, rd_err *err)
{
    rd_strtab *names = rd_strtab_new(16);
    if (!names)
        return rd_fail(err, RD_ENOMEM, "attributes");
    for (size_t i = 0; i < n; i++) {
        fslot *f = &st->fs[i];
        if (f->rc != RD_OK)
            continue;
        for (size_t a = 0; a < f->file.n_attr; a++) {
            int is_new;
            if (rd_strtab_intern(names, f->file.attr_name[a], strlen(f->file.attr_name[a]), &is_new) ==
                RD_STRTAB_NONE) {
                rd_strtab_free(names);
                return rd_fail(err, RD_ENOMEM, "attributes");
            }
        }
    }
    size_t na = rd_strtab_count(names);
    out->n_attr = na;
    if (na == 0) {
        rd_strtab_free(names);
        return RD_OK;
    }
    if (!(out->attr_name = calloc(na, sizeof *out->attr_name)) ||
        !(out->attr = calloc(st->n_use * na, sizeof *out->attr)))
        goto nomem;
    for (size_t a = 0; a < na; a++) {
        size_t len;
        const char *nm = rd_strtab_str(names, (uint32_t)a, &len);
        if (!(out->attr_name[a] = strndup(nm, len)))
            goto nomem;
    }
    /* docs are in file order: walk the files alongside */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        fslot *f = &st->fs[i];
        if (f->rc != RD_OK)
            continue;
        for (size_t u = 0; u < f->file.n_u; u++, k++) {
            for (size_t a = 0; a < f->file.n_attr; a++) {
                uint32_t col = rd_strtab_find(names, f->file.attr_name[a], strlen(f->file.attr_name[a]));
                const char *v = f->file.u[u].attr[a] ? f->file.u[u].attr[a] : "";
                if (!(out->attr[k * na + col] = strdup(v)))
                    goto nomem;
            }
        }
    }
    rd_strtab_free(names);
    return RD_OK;
nomem:
    rd_strtab_free(names);
    return rd_fail(err, RD_ENOMEM, "attributes");
}

rd_status rd_ts_run(const rd_strlist *files, const rd_ts_opts *o, rd_ts_result *out,
                    rd_errlist *problems, rd_err *err)
{
    rd_status rc = RD_OK, worst = RD_OK;
    stage st = {files, o, NULL, NULL, 0, NULL, NULL, RD_OK};
    size_t n = files->n;
    int nw = o->threads < 1 ? 1 : o->threads;
    if (!(st.fs = calloc(n ? n : 1, sizeof *st.fs))) {
        rc = rd_fail(err, RD_ENOMEM, "%zu files", n);
        goto done;
    }
    if ((size_t)nw > n)
        nw = n ? (int)n : 1;
    if (!(st.an = calloc((size_t)nw, sizeof *st.an))) {
        rc = rd_fail(err, RD_ENOMEM, "analysers");
        goto done;
    }
    for (int w = 0; w < nw; w++) {
        if ((rc = rd_an_new(o->stop, o->algo, &st.an[w], err)) != RD_OK)
            goto done;
        if (o->cues)
            rd_an_set_cues(st.an[w], o->cues);
    }
    double t0 = rd_ts_now();
    if ((rc = rd_par_run(n, nw, phase1, NULL, &st, err)) != RD_OK)
        goto done;
    out->t_read_s = rd_ts_now() - t0;
    size_t n_docs = 0;
    for (size_t i = 0; i < n; i++) {
        fslot *f = &st.fs[i];
        if (f->rc == RD_ENOMEM) {
            rc = rd_fail(err, RD_ENOMEM, "%s", f->err.msg);
            goto done;
        }
        if (f->rc != RD_OK) {
            rd_errlist *l = o->skip_bad ? &out->skipped : problems;
            if (rd_errlist_push(l, &f->err) != RD_OK) {
                rc = rd_fail(err, RD_ENOMEM, "problem list");
                goto done;
            }
            if (!o->skip_bad && code_rank(f->rc) >= code_rank(worst))
                worst = f->rc;
            continue;
        }
        if (f->file.note.code != RD_OK && rd_errlist_push(&out->notes, &f->file.note) != RD_OK) {
            rc = rd_fail(err, RD_ENOMEM, "warnings");
            goto done;
        }
        n_docs += f->file.n_u;
    }
    if (!(st.use = calloc(n_docs ? n_docs : 1, sizeof *st.use))) {
        rc = rd_fail(err, RD_ENOMEM, "%zu documents", n_docs);
        goto done;
    }
    for (size_t i = 0; i < n && worst == RD_OK; i++) {
        fslot *f = &st.fs[i];
        if (f->rc != RD_OK)
            continue;
        out->bytes += f->file.bytes;
        for (size_t u = 0; u < f->file.n_u; u++) {
            doc *d = &f->d[u];
            st.use[st.n_use++] = d;
            out->n_passages += d->n_passages;
            out->n_rows += d->n_rows;
        }
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
        doc *d = st.use[k];
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
    if ((rc = collect_attrs(&st, n, out, err)) != RD_OK)
        goto done;
    if (!(out->path = calloc(st.n_use ? st.n_use : 1, sizeof *out->path))) {
        rc = rd_fail(err, RD_ENOMEM, "paths");
        goto done;
    }
    if (!(out->doc_unit = calloc(st.n_use ? st.n_use : 1, sizeof *out->doc_unit))) {
        rc = rd_fail(err, RD_ENOMEM, "paths");
        goto done;
    }
    for (size_t k = 0; k < st.n_use; k++) {
        if (!(out->path[k] = strdup(st.use[k]->path))) {
            rc = rd_fail(err, RD_ENOMEM, "paths");
            goto done;
        }
        out->doc_unit[k] = st.use[k]->unit;
    }
    out->respondent = st.resp;
    st.resp = NULL;
done:
    for (size_t i = 0; st.fs && i < n; i++) {
        fslot *f = &st.fs[i];
        for (size_t u = 0; f->d && u < f->file.n_u; u++) {
            doc *d = &f->d[u];
            free(d->forms);
            free(d->cnt);
            free(d->row_end);
            free(d->row_pnum);
            free(d->row_line);
            free(d->row_cue);
            free(d->out.s);
        }
        free(f->d);
        rd_file_free(&f->file);
    }
    if (st.resp)
        for (size_t k = 0; k < st.n_use; k++)
            free(st.resp[k]);
    free(st.resp);
    if (st.an)
        for (int w = 0; w < nw; w++)
            rd_an_free(st.an[w]);
    free(st.an);
    free(st.fs);
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
    free(r->doc_unit);
    free(r->respondent);
    for (size_t k = 0; r->attr && k < r->n_docs * r->n_attr; k++)
        free(r->attr[k]);
    free(r->attr);
    for (size_t a = 0; r->attr_name && a < r->n_attr; a++)
        free(r->attr_name[a]);
    free(r->attr_name);
    rd_errlist_free(&r->notes);
    free(r->row_doc);
    free(r->row_passage);
    free(r->row_line);
    free(r->row_cues);
    rd_vocab_free(r->vocab);
    rd_csr_free(r->counts);
    rd_errlist_free(&r->skipped);
    memset(r, 0, sizeof *r);
}
