/* nlp/textstage.c — see textstage.h. */
#include "nlp/textstage.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "engine/grow.h"
#include "engine/pool.h"
#include "nlp/analyse.h"
#include "nlp/strtab.h"

typedef struct fslot fslot;

typedef struct {
    rd_unit *un;         /* its respondent in the source (transcript, CSV id, attributes) */
    uint32_t unit;       /* which one */
    uint32_t worker;     /* COUNT: which worker analysed it (its terms are that worker's) */
    rd_status rc;        /* VISIT: of the visit; the message is the source's */
    const char *path;    /* its source's name, borrowed from the caller */
    fslot *slot;         /* its file */
    size_t n_passages;   /* all passages */
    size_t n_rows;       /* respondent passages */
    size_t row_off;      /* COUNT with matrix: its first row in the worker's store */
    rd_buf out;          /* VISIT */
} doc;

/* One source: one doc, or for a CSV file one doc per respondent id. Kept small: a
 * corpus has tens of thousands of them. */
struct fslot {
    rd_source file;      /* what the load function gave: units, attribute columns, a note */
    doc *d;              /* per unit */
    rd_status rc;        /* of the file as a whole (read, decode, parse, analyse) */
    int fatal;           /* COUNT: its analysis failed after counting part of it */
    rd_err *err;         /* its message when rc != RD_OK (NULL when even that failed) */
};

/* What one worker counts in COUNT mode, over its own analyser's term ids:
 * per term the passages it occurs in (df) and its occurrences (tf); with the matrix,
 * every respondent passage it analysed as a row of (term, count) pairs, rows of one doc
 * contiguous. */
typedef struct {
    uint64_t *df, *tf;     /* per term */
    uint32_t *stamp;       /* per term: the last row it was seen in */
    uint32_t *slot;        /* per term: its pair in that row */
    size_t cap_t;
    uint32_t row_id;       /* rows counted so far (stamps) */
    uint32_t **ct, **cc;   /* matrix: pairs (term, count), in chunks of PAIR_CHUNK (a
                              chunk the merge has used up is freed and NULL) */
    size_t n_pairs, n_chunks, cap_chunks;
    size_t n_freed;        /* chunks 0 .. n_freed - 1 are freed (merge_fill) */
    uint32_t *rt, *rn;     /* matrix: the pairs of the row being counted */
    size_t cap_row;
    size_t *row_end;       /* matrix: per row, end of its pairs */
    uint32_t *row_pnum;    /* matrix: per row, passage number within its doc (1-based) */
    uint32_t *row_line;    /* matrix: per row, source line */
    uint16_t *row_cue;     /* matrix: per row, RD_AN_CUE_SLOTS cue counts */
    uint16_t *row_stage;   /* matrix with a journey: per row, 2 × n_stages cue counts */
    size_t n_stages;       /* the journey's stages, 0 without one */
    size_t n_rows, cap_rows;
} wcount;

/* A worker's pairs are kept in chunks, not one array, so that the merge can give them
 * back as it moves through the docs (see merge_fill) while the matrix fills. */
unsigned rd__ts_pair_shift = 20; /* pairs per chunk: 4 MiB of terms, 4 of counts */
#define PAIR_SHIFT rd__ts_pair_shift
#define PAIR_CHUNK ((size_t)1 << PAIR_SHIFT)
#define PAIR_MASK (PAIR_CHUNK - 1)

/* A chunk is mapped from the system and unmapped when freed, so that freeing one gives
 * its pages back at once: malloc would serve 4 MiB from an arena (its mmap threshold
 * rises after the text stage frees larger blocks) and keep them when freed. From a
 * worker's second chunk on, transparent huge pages are asked for, as malloc does under
 * glibc.malloc.hugetlb=1 (io/cli/pages.h): fewer page faults on a large corpus, while a
 * small one (its pairs in one chunk) keeps its few pages. NULL when out of memory. */
static uint32_t *chunk_new(int huge)
{
    void *p = mmap(NULL, PAIR_CHUNK * sizeof(uint32_t), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    if (huge)
        (void)madvise(p, PAIR_CHUNK * sizeof(uint32_t), MADV_HUGEPAGE);
#else
    (void)huge;
#endif
    return p;
}

static void chunk_free(uint32_t *p)
{
    if (p)
        (void)munmap(p, PAIR_CHUNK * sizeof(uint32_t));
}

typedef struct {
    const rd_ts_sources *src;
    const rd_ts_opts *o;
    fslot *fs;           /* per file */
    doc **use;           /* usable docs, in file order */
    size_t n_use;
    char **resp;         /* per usable doc */
    rd_an **an;          /* per worker */
    rd_journey_scan **scan; /* per worker, with a journey (COUNT with matrix) */
    rd_an **qan;         /* per worker, with a journey: the analyser of interviewer turns
                            (apart, so that their words never count as the corpus's) */
    rd_journey_scan **qscan; /* per worker: the journey scan over qan */
    wcount *wc;          /* per worker (COUNT) */
    int nw;              /* workers */
} stage;

/* Keeps a copy of e as the slot's message; returns e->code. */
static rd_status slot_fail(fslot *f, const rd_err *e)
{
    f->rc = e->code;
    if (!f->err)
        f->err = malloc(sizeof *f->err);
    if (f->err)
        *f->err = *e;
    return f->rc;
}

static void count_doc(stage *st, doc *d, int worker, rd_err *err);

/* Loads source i into its docs; in COUNT mode also analyses them. */
static void phase1(void *ctx, size_t i, int worker)
{
    stage *st = ctx;
    fslot *f = &st->fs[i];
    const char *path = st->src->name[i];
    rd_err e;
    f->rc = st->src->load(st->src->ctx, i, worker, &f->file, &e);
    if (f->rc != RD_OK)
        slot_fail(f, &e);
    if (st->o->progress)
        atomic_fetch_add_explicit(st->o->progress, 1, memory_order_relaxed);
    if (f->rc != RD_OK)
        return;
    if (!(f->d = calloc(f->file.n_u, sizeof *f->d))) {
        rd_fail(&e, RD_ENOMEM, "%s: documents", path);
        slot_fail(f, &e);
        return;
    }
    for (size_t u = 0; u < f->file.n_u; u++) {
        doc *d = &f->d[u];
        d->un = &f->file.u[u];
        d->unit = (uint32_t)u;
        d->path = path;
        d->slot = f;
        d->n_passages = d->un->tr.n;
        d->n_rows = d->un->tr.n_respondent;
    }
    if (st->o->mode != RD_TS_COUNT)
        return;
    /* Counting needs no output order: analyse now and keep only the counts. */
    for (size_t u = 0; u < f->file.n_u; u++) {
        doc *d = &f->d[u];
        count_doc(st, d, worker, &e);
        rd_transcript_free(&d->un->tr);
        if (d->rc != RD_OK) {
            slot_fail(f, &e);
            f->fatal = 1;
            return;
        }
    }
}

/* Room in the worker's count arrays for nt terms and, with the matrix, np more pairs and
 * one more row: 0, or -1 when out of memory. New terms start at zero counts. Arrays of one
 * kind share a capacity and grow together (engine/grow.h). */
static int wc_reserve(wcount *w, size_t nt, size_t np, int matrix)
{
    if (nt > w->cap_t) {
        size_t nc = rd_grow_cap(w->cap_t, nt, 1024), old = w->cap_t;
        if (!nc || RD_RESIZE(w->df, nc) || RD_RESIZE(w->tf, nc) || RD_RESIZE(w->stamp, nc) ||
            RD_RESIZE(w->slot, nc))
            return -1;
        memset(w->df + old, 0, (nc - old) * sizeof *w->df);
        memset(w->tf + old, 0, (nc - old) * sizeof *w->tf);
        memset(w->stamp + old, 0, (nc - old) * sizeof *w->stamp);
        w->cap_t = nc;
    }
    if (!matrix)
        return 0;
    if (np > w->cap_row) {
        size_t nc = rd_grow_cap(w->cap_row, np, 256);
        if (!nc || RD_RESIZE(w->rt, nc) || RD_RESIZE(w->rn, nc))
            return -1;
        w->cap_row = nc;
    }
    while ((w->n_chunks << PAIR_SHIFT) < w->n_pairs + np) {
        if (w->n_chunks == w->cap_chunks) {
            size_t nc = rd_grow_cap(w->cap_chunks, w->n_chunks + 1, 64);
            if (!nc || RD_RESIZE(w->ct, nc) || RD_RESIZE(w->cc, nc))
                return -1;
            w->cap_chunks = nc;
        }
        int huge = w->n_chunks > 0;
        uint32_t *t = chunk_new(huge), *c = t ? chunk_new(huge) : NULL;
        if (!c) {
            chunk_free(t);
            return -1;
        }
        w->ct[w->n_chunks] = t;
        w->cc[w->n_chunks++] = c;
    }
    if (w->n_rows == w->cap_rows) {
        size_t nc = rd_grow_cap(w->cap_rows, w->n_rows + 1, 4096);
        if (!nc || RD_RESIZE(w->row_end, nc) || RD_RESIZE(w->row_pnum, nc) ||
            RD_RESIZE(w->row_line, nc) || rd_grow_resize(&w->row_cue, nc, RD_AN_CUE_SLOTS * sizeof *w->row_cue) ||
            (w->n_stages && rd_grow_resize(&w->row_stage, nc, 2 * w->n_stages * sizeof *w->row_stage)))
            return -1;
        w->cap_rows = nc;
    }
    return 0;
}

/* Counts the kept terms of the analyser's last run as one row of worker w:
 * tf[t] += occurrences, df[t] += 1 for each distinct t (a stamp per term says whether t
 * was seen in this row already), and with the matrix the row's (term, count) pairs in
 * order of first occurrence. */
static rd_status count_row(wcount *w, rd_an *an, int matrix, uint32_t pnum, uint32_t line,
                           const char *path, rd_err *err)
{
    const uint32_t *terms;
    size_t nk;
    rd_status rc = rd_an_terms(an, &terms, &nk, err);
    if (rc != RD_OK)
        return rc;
    if (wc_reserve(w, rd_an_term_count(an), nk, matrix))
        return rd_fail(err, RD_ENOMEM, "%s: term counts", path);
    if (w->row_id == UINT32_MAX) { /* stamps wrap: start them over */
        memset(w->stamp, 0, w->cap_t * sizeof *w->stamp);
        w->row_id = 0;
    }
    uint32_t id = ++w->row_id;
    uint64_t *df = w->df, *tf = w->tf;
    uint32_t *stamp = w->stamp, *slot = w->slot, *pt = w->rt, *pc = w->rn;
    size_t np = 0;
    for (size_t k = 0; k < nk; k++) {
        uint32_t t = terms[k];
        tf[t]++;
        if (stamp[t] != id) {
            stamp[t] = id;
            df[t]++;
            if (matrix) {
                slot[t] = (uint32_t)np;
                pt[np] = t;
                pc[np++] = 1;
            }
        } else if (matrix) {
            pc[slot[t]]++;
        }
    }
    if (!matrix)
        return RD_OK;
    /* the row's pairs into the chunks (a row may span two) */
    for (size_t done = 0, p = w->n_pairs; done < np;) {
        size_t c = p >> PAIR_SHIFT, o = p & PAIR_MASK;
        size_t m = np - done < PAIR_CHUNK - o ? np - done : PAIR_CHUNK - o;
        memcpy(w->ct[c] + o, pt + done, m * sizeof *pt);
        memcpy(w->cc[c] + o, pc + done, m * sizeof *pc);
        done += m;
        p += m;
    }
    size_t r = w->n_rows++;
    w->n_pairs += np;
    w->row_end[r] = w->n_pairs;
    w->row_pnum[r] = pnum;
    w->row_line[r] = line;
    const uint32_t *cn = rd_an_cue_counts(an);
    for (size_t c = 0; c < RD_AN_CUE_SLOTS; c++)
        w->row_cue[r * RD_AN_CUE_SLOTS + c] = (uint16_t)(cn[c] > UINT16_MAX ? UINT16_MAX : cn[c]);
    return RD_OK;
}

/* Counts the respondent passages of one parsed doc on worker `worker` (COUNT). */
static void count_doc(stage *st, doc *d, int worker, rd_err *err)
{
    rd_an *an = st->an[worker];
    const rd_ts_opts *o = st->o;
    d->worker = (uint32_t)worker;
    if (o->matrix)
        d->row_off = st->wc[worker].n_rows;
    uint16_t q[RD_JOURNEY_MAX_STAGES] = {0}; /* journey cues of the question last asked */
    int after_answer = 1;
    for (size_t p = 0; p < d->un->tr.n; p++) {
        const rd_passage *ps = &d->un->tr.v[p];
        wcount *w = &st->wc[worker];
        if (ps->role != RD_ROLE_RESPONDENT) {
            /* the interviewer turns since the last answer, summed */
            uint16_t qt[RD_JOURNEY_MAX_STAGES];
            if (!o->matrix || !w->n_stages)
                continue;
            if ((d->rc = rd_an_run(st->qan[worker], ps->text, ps->text_n, err)) != RD_OK ||
                (d->rc = rd_journey_scan_count(st->qscan[worker], st->qan[worker], ps->text, qt,
                                               err)) != RD_OK)
                return;
            for (size_t s = 0; s < w->n_stages; s++) {
                unsigned v = (after_answer ? 0u : q[s]) + qt[s];
                q[s] = (uint16_t)(v > UINT16_MAX ? UINT16_MAX : v);
            }
            after_answer = 0;
            continue;
        }
        after_answer = 1;
        if ((d->rc = rd_an_run(an, ps->text, ps->text_n, err)) != RD_OK ||
            (o->people &&
             (d->rc = rd_people_scan(o->people, worker, an, ps->text, ps->text_n, err)) != RD_OK) ||
            (d->rc = count_row(&st->wc[worker], an, o->matrix, (uint32_t)(p + 1), ps->line,
                               d->path, err)) != RD_OK)
            return;
        if (o->matrix && w->n_stages) {
            uint16_t *rs = w->row_stage + (w->n_rows - 1) * 2 * w->n_stages;
            if ((d->rc = rd_journey_scan_count(st->scan[worker], an, ps->text, rs, err)) != RD_OK)
                return;
            memcpy(rs + w->n_stages, q, w->n_stages * sizeof *q);
        }
    }
}

/* VISIT: the caller renders doc k into its buffer. */
static void phase2(void *ctx, size_t k, int worker)
{
    stage *st = ctx;
    doc *d = st->use[k];
    rd_err e;
    d->rc = st->o->visit(st->o->visit_ctx, d->un, st->resp[k], d->path, st->an[worker], &d->out,
                         &e);
    if (d->rc == RD_OK && d->out.oom)
        d->rc = rd_fail(&e, RD_ENOMEM, "%s: output buffer", d->path);
    if (d->rc != RD_OK)
        slot_fail(d->slot, &e);
}

static rd_status emit_doc(void *ctx, size_t k, rd_err *err)
{
    stage *st = ctx;
    doc *d = st->use[k];
    rd_status rc = d->rc;
    if (rc != RD_OK) {
        const fslot *f = d->slot;
        if (f->err)
            *err = *f->err;
        else
            rd_fail(err, rc, "%s: %s", d->path, rd_strerror(rc));
        return rc;
    }
    rc = st->o->emit(st->o->visit_ctx, d->out.s ? d->out.s : "", d->out.n, err);
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
 * 1. (serial) register every worker's terms (stems) in the vocabulary: local term ->
 *    vocabulary term, per worker; add their df and tf;
 * 2. (serial) register every worker's kept forms under their terms, with their uses, for
 *    the labels;
 * 3. (serial) prune the vocabulary, which renumbers the terms by stem bytes;
 * 4. with the matrix: (parallel over docs) count each doc's pairs that survive pruning,
 *    then (parallel over docs, in 32 batches in doc order) write its rows into the CSR
 *    matrix at the doc's offset, each row sorted by term; after each batch the workers'
 *    pair chunks no later doc needs are given back, so the pairs and the matrix are not
 *    both held whole (release_pairs).
 * df and tf are sums of integers and every row is counted by exactly one worker, and
 * steps 3-4 depend only on strings and per-doc data, so the result is independent of the
 * number of workers and of which worker analysed which doc. */

typedef struct {
    stage *st;
    int nw;
    rd_vocab *v;
    size_t *n_terms;      /* per worker */
    size_t *n_forms;      /* per worker */
    uint32_t **gform;     /* per worker but 0: local form -> vocabulary form (used forms) */
    rd_status rc;         /* of merge_strings */
    rd_err err;
    uint32_t **map;       /* per worker: local term -> final term or RD_VOCAB_NONE */
    size_t *doc_nnz;      /* per doc (use order) */
    size_t *doc_off;      /* per doc (use order): first entry in the CSR */
    size_t *row_base;     /* per doc (use order): first row in the CSR */
    rd_csr *m;
    rd_ts_result *out;
    size_t base;          /* merge_fill: the first doc of the batch */
} merge;

/* Task 0: the terms of workers 1.. into the vocabulary, with their counts; task 1: their
 * used forms. The two touch disjoint parts of the vocabulary (nlp/vocab.h). */
static void merge_strings(void *ctx, size_t task, int worker)
{
    merge *mg = ctx;
    rd_err e;
    rd_status rc = RD_OK;
    (void)worker;
    for (int w = 1; w < mg->nw && rc == RD_OK; w++) {
        const rd_an *an = mg->st->an[w];
        const wcount *wc = &mg->st->wc[w];
        if (task == 0) {
            for (size_t t = 0; t < mg->n_terms[w] && rc == RD_OK; t++) {
                mg->map[w][t] = RD_VOCAB_NONE;
                if (t >= wc->cap_t || !wc->tf[t])
                    continue; /* a stem of this analyser that was never counted */
                size_t sn;
                const char *stem = rd_an_term_str(an, (uint32_t)t, &sn);
                if ((rc = rd_vocab_add_term(mg->v, stem, sn, &mg->map[w][t], &e)) == RD_OK)
                    rd_vocab_add_counts(mg->v, mg->map[w][t], wc->df[t], wc->tf[t]);
            }
        } else {
            for (size_t f = 0; f < mg->n_forms[w] && rc == RD_OK; f++) {
                mg->gform[w][f] = RD_VOCAB_NONE; /* a form never kept (a frame word) */
                if (!rd_an_form_uses(an, (uint32_t)f))
                    continue;
                size_t fnl;
                const char *form = rd_an_form_str(an, (uint32_t)f, &fnl);
                rc = rd_vocab_intern_form(mg->v, form, fnl, &mg->gform[w][f], &e);
            }
        }
    }
    if (rc != RD_OK) {
        mg->rc = rc; /* either task may fail; both report out of memory */
        mg->err = e;
    }
}

/* The first pair of doc d in its worker's store. */
static size_t doc_first_pair(const stage *st, const doc *d)
{
    const wcount *w = &st->wc[d->worker];
    return d->row_off ? w->row_end[d->row_off - 1] : 0;
}

static void merge_count(void *ctx, size_t k, int worker)
{
    merge *mg = ctx;
    const doc *d = mg->st->use[k];
    const wcount *w = &mg->st->wc[d->worker];
    const uint32_t *map = mg->map[d->worker];
    size_t a = doc_first_pair(mg->st, d), b = a, nnz = 0;
    (void)worker;
    if (d->n_rows)
        b = w->row_end[d->row_off + d->n_rows - 1];
    const unsigned sh = PAIR_SHIFT;
    const size_t mask = PAIR_MASK;
    for (size_t p = a; p < b; p++)
        nnz += map[w->ct[p >> sh][p & mask]] != RD_VOCAB_NONE;
    mg->doc_nnz[k] = nnz;
}

static void merge_fill(void *ctx, size_t item, int worker)
{
    merge *mg = ctx;
    size_t k = mg->base + item;
    const doc *d = mg->st->use[k];
    const wcount *w = &mg->st->wc[d->worker];
    const uint32_t *map = mg->map[d->worker];
    rd_csr *m = mg->m;
    int32_t *ix = m->indices;
    float *dv = m->data;
    size_t off = mg->doc_off[k], row = mg->row_base[k];
    size_t p = doc_first_pair(mg->st, d);
    const unsigned sh = PAIR_SHIFT;
    const size_t mask = PAIR_MASK;
    (void)worker;
    for (size_t r = 0; r < d->n_rows; r++) {
        size_t wr = d->row_off + r, start = off;
        for (; p < w->row_end[wr]; p++) {
            uint32_t t = map[w->ct[p >> sh][p & mask]];
            if (t == RD_VOCAB_NONE)
                continue;
            /* insertion into the sorted row: rows are short */
            size_t j = off++;
            while (j > start && (uint32_t)ix[j - 1] > t) {
                ix[j] = ix[j - 1];
                dv[j] = dv[j - 1];
                j--;
            }
            ix[j] = (int32_t)t;
            dv[j] = (float)w->cc[p >> sh][p & mask];
        }
        m->indptr[row + r + 1] = (int64_t)off;
        mg->out->row_doc[row + r] = (uint32_t)k;
        mg->out->row_passage[row + r] = w->row_pnum[wr];
        mg->out->row_line[row + r] = w->row_line[wr];
        memcpy(mg->out->row_cues + (row + r) * RD_AN_CUE_SLOTS, w->row_cue + wr * RD_AN_CUE_SLOTS,
               RD_AN_CUE_SLOTS * sizeof *w->row_cue);
        if (w->n_stages)
            memcpy(mg->out->row_stage + (row + r) * 2 * w->n_stages,
                   w->row_stage + wr * 2 * w->n_stages, 2 * w->n_stages * sizeof *w->row_stage);
    }
}

/* 1 when each worker's docs, in doc order, start at increasing places of its store: each
 * worker takes its files in file order (an atomic counter), so this holds; merge_fill
 * relies on it to give back a worker's chunks below the first doc it has still to fill,
 * and does not when it does not hold. */
static int pairs_in_doc_order(const stage *st, int nw, size_t *last)
{
    for (int w = 0; w < nw; w++)
        last[w] = 0;
    for (size_t k = 0; k < st->n_use; k++) {
        const doc *d = st->use[k];
        size_t a = doc_first_pair(st, d);
        if (a < last[d->worker])
            return 0;
        last[d->worker] = a;
    }
    return 1;
}

/* Docs [0, e) are in the matrix: each worker's chunks that lie wholly below its first doc
 * from e on (below its end when it has none left) are freed. cur[w]: where the search for
 * worker w's next doc stands. */
static void release_pairs(stage *st, int nw, size_t e, size_t *cur)
{
    for (int w = 0; w < nw; w++) {
        wcount *c = &st->wc[w];
        size_t k = cur[w] > e ? cur[w] : e;
        while (k < st->n_use && st->use[k]->worker != (uint32_t)w)
            k++;
        cur[w] = k;
        size_t low = k < st->n_use ? doc_first_pair(st, st->use[k]) : c->n_pairs;
        for (; c->n_freed < c->n_chunks && ((c->n_freed + 1) << PAIR_SHIFT) <= low; c->n_freed++) {
            chunk_free(c->ct[c->n_freed]);
            chunk_free(c->cc[c->n_freed]);
            c->ct[c->n_freed] = c->cc[c->n_freed] = NULL;
        }
    }
}

/* Not inlined: benchmarks/run counts the instructions of this stage by function name. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static rd_status merge_counts(stage *st, int nw, rd_ts_result *out, rd_err *err)
{
    rd_status rc = RD_OK;
    merge mg = {.st = st, .nw = nw, .out = out};
    uint32_t *pmap = NULL;
    size_t n_old = 0, nrows = 0, nnz = 0;
    int threads = st->o->threads < 1 ? 1 : st->o->threads;
    if (!(mg.map = calloc((size_t)nw, sizeof *mg.map)) ||
        !(mg.gform = calloc((size_t)nw, sizeof *mg.gform)) ||
        !(mg.n_terms = calloc((size_t)nw, sizeof *mg.n_terms)) ||
        !(mg.n_forms = calloc((size_t)nw, sizeof *mg.n_forms)))
        goto nomem;
    for (int w = 0; w < nw; w++) {
        size_t nt = rd_an_term_count(st->an[w]), nf = rd_an_form_count(st->an[w]);
        mg.n_terms[w] = nt;
        mg.n_forms[w] = nf;
        if (!(mg.map[w] = malloc((nt ? nt : 1) * sizeof **mg.map)) ||
            (w > 0 && !(mg.gform[w] = malloc((nf ? nf : 1) * sizeof **mg.gform))))
            goto nomem;
    }
    /* 1, 2 for worker 0: its tables become the vocabulary's */
    rd_strtab *terms0, *lex0;
    rd_an_take_tables(st->an[0], &terms0, &lex0);
    if ((rc = rd_vocab_adopt(terms0, lex0, &out->vocab, err)) != RD_OK)
        goto done;
    mg.v = out->vocab;
    for (size_t t = 0; t < mg.n_terms[0]; t++) {
        const wcount *wc = &st->wc[0];
        int counted = t < wc->cap_t && wc->tf[t];
        mg.map[0][t] = counted ? (uint32_t)t : RD_VOCAB_NONE;
        if (counted)
            rd_vocab_add_counts(mg.v, (uint32_t)t, wc->df[t], wc->tf[t]);
    }
    for (size_t f = 0; f < mg.n_forms[0]; f++) {
        uint64_t uses = rd_an_form_uses(st->an[0], (uint32_t)f);
        if (uses)
            rd_vocab_form_uses(mg.v, (uint32_t)f, rd_an_form_term(st->an[0], (uint32_t)f), uses);
    }
    /* 1, 2 for the other workers: terms (task 0) and forms (task 1) side by side */
    if ((rc = rd_pool_run(2, threads, merge_strings, NULL, &mg, err)) != RD_OK)
        goto done;
    if (mg.rc != RD_OK) {
        rc = rd_fail(err, mg.rc, "%s", mg.err.msg);
        goto done;
    }
    for (int w = 1; w < nw; w++) {
        const rd_an *an = st->an[w];
        for (size_t f = 0; f < mg.n_forms[w]; f++) {
            uint64_t uses = rd_an_form_uses(an, (uint32_t)f);
            if (uses)
                rd_vocab_form_uses(mg.v, mg.gform[w][f], mg.map[w][rd_an_form_term(an, (uint32_t)f)],
                                   uses);
        }
    }
    /* 2b: names of people, from every worker's evidence, leave the terms (nlp/people.h) */
    for (int w = 0; st->o->people && w < nw && rc == RD_OK; w++)
        rc = rd_people_gather(st->o->people, w, w ? mg.gform[w] : NULL, mg.v, err);
    if (rc != RD_OK || (st->o->people && (rc = rd_people_decide(st->o->people, mg.v, err)) != RD_OK))
        goto done;
    /* 3 */
    for (size_t k = 0; k < st->n_use; k++)
        nrows += st->use[k]->n_rows;
    if ((rc = rd_vocab_prune(out->vocab, nrows, st->o->min_df, st->o->max_df, &pmap, &n_old,
                             err)) != RD_OK)
        goto done;
    if (!st->o->matrix)
        goto done;
    /* 4 */
    for (int w = 0; w < nw; w++) {
        for (size_t t = 0; t < mg.n_terms[w]; t++)
            if (mg.map[w][t] != RD_VOCAB_NONE)
                mg.map[w][t] = pmap[mg.map[w][t]];
    }
    size_t n1 = st->n_use + 1;
    if (!(mg.doc_nnz = malloc(n1 * sizeof *mg.doc_nnz)) ||
        !(mg.doc_off = malloc(n1 * sizeof *mg.doc_off)) ||
        !(mg.row_base = malloc(n1 * sizeof *mg.row_base)))
        goto nomem;
    if ((rc = rd_pool_run(st->n_use, threads, merge_count, NULL, &mg, err)) != RD_OK)
        goto done;
    size_t row = 0;
    for (size_t k = 0; k < st->n_use; k++) {
        mg.doc_off[k] = nnz;
        mg.row_base[k] = row;
        nnz += mg.doc_nnz[k];
        row += st->use[k]->n_rows;
    }
    if ((rc = rd_csr_new(nrows, rd_vocab_size(out->vocab), nnz, &mg.m, err)) != RD_OK)
        goto done;
    if (!(out->row_doc = malloc((nrows ? nrows : 1) * sizeof *out->row_doc)) ||
        !(out->row_passage = malloc((nrows ? nrows : 1) * sizeof *out->row_passage)) ||
        !(out->row_line = malloc((nrows ? nrows : 1) * sizeof *out->row_line)) ||
        !(out->row_cues = malloc((nrows ? nrows : 1) * RD_AN_CUE_SLOTS * sizeof *out->row_cues)) ||
        (out->n_stages &&
         !(out->row_stage = malloc((nrows ? nrows : 1) * 2 * out->n_stages * sizeof *out->row_stage))))
        goto nomem;
    /* The docs are filled batch by batch, in doc order, and after each batch the pairs no
     * doc still needs are given back: the matrix's pages are touched as it fills, so the
     * two are not held whole at once (at 10 M passages, 2.5 GB each). */
    size_t batch = st->n_use / 32 + 1, *cur = calloc((size_t)nw, sizeof *cur);
    int release = cur && pairs_in_doc_order(st, nw, cur);
    if (cur)
        memset(cur, 0, (size_t)nw * sizeof *cur);
    for (size_t s0 = 0; s0 < st->n_use && rc == RD_OK; s0 += batch) {
        size_t e = st->n_use - s0 < batch ? st->n_use : s0 + batch;
        mg.base = s0;
        if ((rc = rd_pool_run(e - s0, threads, merge_fill, NULL, &mg, err)) == RD_OK && release)
            release_pairs(st, nw, e, cur);
    }
    free(cur);
    if (rc != RD_OK)
        goto done;
    out->counts = mg.m;
    mg.m = NULL;
    goto done;
nomem:
    rc = rd_fail(err, RD_ENOMEM, "merging the vocabulary");
done:
    for (int w = 0; mg.map && w < nw; w++)
        free(mg.map[w]);
    for (int w = 0; mg.gform && w < nw; w++)
        free(mg.gform[w]);
    free(mg.map);
    free(mg.gform);
    free(mg.n_terms);
    free(mg.n_forms);
    free(mg.doc_nnz);
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

/* --- the stage, step by step ------------------------------------------------------ */

/* One analyser per worker (with the cues) and, in COUNT mode, one count store per worker;
 * one slot per source. */
static rd_status stage_open(stage *st, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t n = st->src->n;
    if (!(st->fs = calloc(n ? n : 1, sizeof *st->fs)))
        return rd_fail(err, RD_ENOMEM, "%zu files", n);
    if (!(st->an = calloc((size_t)st->nw, sizeof *st->an)))
        return rd_fail(err, RD_ENOMEM, "analysers");
    if (st->o->mode == RD_TS_COUNT && !(st->wc = calloc((size_t)st->nw, sizeof *st->wc)))
        return rd_fail(err, RD_ENOMEM, "counts");
    for (int w = 0; w < st->nw; w++) {
        if ((rc = rd_an_new(st->o->stop, st->o->algo, &st->an[w], err)) != RD_OK)
            return rc;
        if (st->o->cues)
            rd_an_set_cues(st->an[w], st->o->cues);
    }
    if (st->o->mode == RD_TS_COUNT && st->o->matrix && st->o->journey) {
        if (!(st->scan = calloc((size_t)st->nw, sizeof *st->scan)) ||
            !(st->qscan = calloc((size_t)st->nw, sizeof *st->qscan)) ||
            !(st->qan = calloc((size_t)st->nw, sizeof *st->qan)))
            return rd_fail(err, RD_ENOMEM, "journey scans");
        for (int w = 0; w < st->nw; w++) {
            st->wc[w].n_stages = rd_journey_stages(st->o->journey);
            if ((rc = rd_journey_scan_new(st->o->journey, st->o->algo, &st->scan[w], err)) != RD_OK ||
                (rc = rd_an_new(st->o->stop, st->o->algo, &st->qan[w], err)) != RD_OK ||
                (rc = rd_journey_scan_new(st->o->journey, st->o->algo, &st->qscan[w], err)) != RD_OK)
                return rc;
        }
    }
    return RD_OK;
}

/* Frees what the stage holds; what was handed to the result is no longer in it. */
static void stage_close(stage *st)
{
    for (size_t i = 0; st->fs && i < st->src->n; i++) {
        fslot *f = &st->fs[i];
        for (size_t u = 0; f->d && u < f->file.n_u; u++)
            free(f->d[u].out.s);
        free(f->d);
        free(f->err);
        rd_source_free(&f->file);
    }
    for (int w = 0; st->wc && w < st->nw; w++) {
        wcount *c = &st->wc[w];
        free(c->df);
        free(c->tf);
        free(c->stamp);
        free(c->slot);
        for (size_t k = c->n_freed; k < c->n_chunks; k++) {
            chunk_free(c->ct[k]);
            chunk_free(c->cc[k]);
        }
        free(c->ct);
        free(c->cc);
        free(c->rt);
        free(c->rn);
        free(c->row_end);
        free(c->row_pnum);
        free(c->row_line);
        free(c->row_cue);
        free(c->row_stage);
    }
    for (int w = 0; st->scan && w < st->nw; w++) {
        rd_journey_scan_free(st->scan[w]);
        rd_journey_scan_free(st->qscan ? st->qscan[w] : NULL);
        rd_an_free(st->qan ? st->qan[w] : NULL);
    }
    free(st->scan);
    free(st->qscan);
    free(st->qan);
    free(st->wc);
    if (st->resp)
        for (size_t k = 0; k < st->n_use; k++)
            free(st->resp[k]);
    free(st->resp);
    if (st->an)
        for (int w = 0; w < st->nw; w++)
            rd_an_free(st->an[w]);
    free(st->an);
    free(st->fs);
    free(st->use);
}

/* After phase 1, source by source: a source that ran out of memory, or whose counts were
 * taken in part, stops the stage (its error); any other problem goes to `problems`, or
 * to out->skipped under skip_bad; notes go to out->notes. Then room for the usable docs.
 * Returns the most telling status of the problems (RD_OK when there are none). */
static rd_status sort_sources(stage *st, rd_ts_result *out, rd_errlist *problems, rd_err *err)
{
    const rd_ts_opts *o = st->o;
    rd_status worst = RD_OK;
    size_t n_docs = 0;
    for (size_t i = 0; i < st->src->n; i++) {
        fslot *f = &st->fs[i];
        if (f->rc != RD_OK && (!f->err || f->rc == RD_ENOMEM || f->fatal)) {
            /* out of memory, or counts of a file taken in part: stop */
            if (f->err)
                *err = *f->err;
            return f->err ? f->err->code
                          : rd_fail(err, f->rc, "%s: %s", st->src->name[i], rd_strerror(f->rc));
        }
        if (f->rc != RD_OK) {
            rd_errlist *l = o->skip_bad ? &out->skipped : problems;
            if (rd_errlist_push(l, f->err) != RD_OK)
                return rd_fail(err, RD_ENOMEM, "problem list");
            if (!o->skip_bad && code_rank(f->rc) >= code_rank(worst))
                worst = f->rc;
            continue;
        }
        if (f->file.note && rd_errlist_push(&out->notes, f->file.note) != RD_OK)
            return rd_fail(err, RD_ENOMEM, "warnings");
        n_docs += f->file.n_u;
    }
    if (!(st->use = calloc(n_docs ? n_docs : 1, sizeof *st->use)))
        return rd_fail(err, RD_ENOMEM, "%zu documents", n_docs);
    return worst;
}

/* The usable docs in source order, with the bytes, passages and rows of their sources. */
static void gather_docs(stage *st, rd_ts_result *out)
{
    for (size_t i = 0; i < st->src->n; i++) {
        fslot *f = &st->fs[i];
        if (f->rc != RD_OK)
            continue;
        out->bytes += f->file.bytes;
        for (size_t u = 0; u < f->file.n_u; u++) {
            doc *d = &f->d[u];
            st->use[st->n_use++] = d;
            out->n_passages += d->n_passages;
            out->n_rows += d->n_rows;
        }
    }
}

/* The first doc whose analysis or rendering failed, as the stage's error; RD_OK when none
 * did. */
static rd_status doc_failure(const stage *st, rd_err *err)
{
    for (size_t k = 0; k < st->n_use; k++) {
        const doc *d = st->use[k];
        if (d->rc != RD_OK) {
            const fslot *f = d->slot;
            return f->err ? rd_fail(err, f->err->code, "%s", f->err->msg)
                          : rd_fail(err, d->rc, "%s: %s", d->path, rd_strerror(d->rc));
        }
    }
    return RD_OK;
}

/* Per doc: its source's name and its unit; the respondent ids move to the result. */
static rd_status describe_docs(stage *st, rd_ts_result *out, rd_err *err)
{
    rd_status rc = collect_attrs(st, st->src->n, out, err);
    if (rc != RD_OK)
        return rc;
    if (!(out->source = calloc(st->n_use ? st->n_use : 1, sizeof *out->source)))
        return rd_fail(err, RD_ENOMEM, "paths");
    size_t m = st->n_use ? st->n_use : 1;
    if (!(out->doc_unit = calloc(m, sizeof *out->doc_unit)) ||
        !(out->source_id = calloc(m, sizeof *out->source_id)) ||
        !(out->names = calloc(m, sizeof *out->names)) ||
        !(out->id_personal = calloc(m, sizeof *out->id_personal)))
        return rd_fail(err, RD_ENOMEM, "paths");
    for (size_t k = 0; k < st->n_use; k++) {
        const rd_unit *u = st->use[k]->un;
        if (!(out->source[k] = strdup(st->use[k]->path)) ||
            !(out->source_id[k] = strdup(st->resp[k])) ||
            (u->names && !(out->names[k] = strdup(u->names))))
            return rd_fail(err, RD_ENOMEM, "paths");
        out->doc_unit[k] = st->use[k]->unit;
        out->id_personal[k] = u->id_personal != 0;
    }
    out->respondent = st->resp;
    st->resp = NULL;
    return RD_OK;
}

/* Phase 0 (o->learn): a sample of the sources read and recorded (nlp/frames.h), then
 * what is learned from it handed to every analyser before phase 1. A source that cannot
 * be read is left out here: phase 1 reads it again and reports it. */
typedef struct {
    stage *st;
    rd_fr_sample *fs;
    rd_status *rc;       /* per sampled source */
} learn;

static void phase0(void *ctx, size_t k, int worker)
{
    learn *l = ctx;
    const rd_ts_sources *src = l->st->src;
    rd_source s = {0};
    rd_err e;
    rd_ts_load_fn load = src->sample_load ? src->sample_load : src->load;
    void *lctx = src->sample_load ? src->sample_ctx : src->ctx;
    if (load(lctx, rd_fr_sample_source(k, src->n), worker, &s, &e) == RD_OK)
        for (size_t u = 0; u < s.n_u && l->rc[k] == RD_OK; u++)
            l->rc[k] = rd_fr_sample_add(l->fs, k, worker, &s.u[u].tr, &e);
    rd_source_free(&s);
}

static rd_status learn_frames(stage *st, rd_ts_result *out, rd_err *err)
{
    size_t m = rd_fr_sample_sources(st->src->n);
    learn l = {st, NULL, calloc(m ? m : 1, sizeof *l.rc)};
    rd_status rc = l.rc ? rd_fr_sample_new(m, st->nw, st->o->stop, st->o->algo, &l.fs, err)
                        : rd_fail(err, RD_ENOMEM, "frame sample");
    if (rc == RD_OK)
        rc = rd_pool_run(m, st->nw, phase0, NULL, &l, err);
    for (size_t k = 0; rc == RD_OK && k < m; k++)
        if (l.rc[k] != RD_OK)
            rc = rd_fail(err, l.rc[k], "%s: learning the conversation's frame: %s",
                         st->src->name[rd_fr_sample_source(k, st->src->n)], rd_strerror(l.rc[k]));
    if (rc == RD_OK)
        rc = rd_fr_learn(l.fs, st->o->learn, &out->frames, err);
    for (int w = 0; rc == RD_OK && w < st->nw; w++)
        rd_an_set_frames(st->an[w], out->frames);
    rd_fr_sample_free(l.fs);
    free(l.rc);
    return rc;
}

/* Phase 1 (load, and in COUNT mode count), the sources' problems, the respondent ids,
 * phase 2 (VISIT) or the merge (COUNT), then what the result says per doc. */
rd_status rd_ts_run(const rd_ts_sources *src, const rd_ts_opts *o, rd_ts_result *out,
                    rd_errlist *problems, rd_err *err)
{
    rd_status rc = RD_OK;
    stage st = {.src = src, .o = o, .nw = o->threads < 1 ? 1 : o->threads};
    size_t n = src->n;
    if ((size_t)st.nw > n)
        st.nw = n ? (int)n : 1;
    if ((rc = stage_open(&st, err)) != RD_OK)
        goto done;
    double t0 = rd_ts_now();
    if (o->learn && n && (rc = learn_frames(&st, out, err)) != RD_OK)
        goto done;
    for (int w = 0; !o->learn && o->frames && w < st.nw; w++)
        rd_an_set_frames(st.an[w], o->frames);
    out->t_learn_s = rd_ts_now() - t0;
    t0 = rd_ts_now();
    if ((rc = rd_pool_run(n, st.nw, phase1, NULL, &st, err)) != RD_OK)
        goto done;
    out->t_read_s = rd_ts_now() - t0;
    if ((rc = sort_sources(&st, out, problems, err)) != RD_OK)
        goto done;
    gather_docs(&st, out);
    if (st.n_use == 0) {
        rc = rd_fail(err, RD_EDATA, "no usable transcripts among the %zu files given", n);
        goto done;
    }
    /* Who is who: for the TSV lines and for run's tables; a term table needs none of it. */
    int per_doc = o->mode != RD_TS_COUNT || o->matrix;
    if (per_doc && (rc = name_respondents(&st, err)) != RD_OK)
        goto done;
    t0 = rd_ts_now();
    if (o->mode != RD_TS_COUNT &&
        (rc = rd_pool_run(st.n_use, st.nw, phase2, emit_doc, &st, err)) != RD_OK)
        goto done;
    out->t_analyse_s = rd_ts_now() - t0;
    if ((rc = doc_failure(&st, err)) != RD_OK)
        goto done;
    t0 = rd_ts_now();
    if (st.scan)
        out->n_stages = rd_journey_stages(o->journey);
    if (o->mode == RD_TS_COUNT && (rc = merge_counts(&st, st.nw, out, err)) != RD_OK)
        goto done;
    out->t_merge_s = rd_ts_now() - t0;
    out->n_docs = st.n_use;
    if (per_doc)
        rc = describe_docs(&st, out, err);
done:
    stage_close(&st);
    return rc;
}

void rd_ts_result_free(rd_ts_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->n_docs; k++) {
        if (r->source)
            free(r->source[k]);
        if (r->respondent)
            free(r->respondent[k]);
        if (r->source_id)
            free(r->source_id[k]);
        if (r->names)
            free(r->names[k]);
    }
    free(r->source_id);
    free(r->names);
    free(r->id_personal);
    free(r->source);
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
    free(r->row_stage);
    rd_vocab_free(r->vocab);
    rd_frames_free(r->frames);
    rd_csr_free(r->counts);
    rd_errlist_free(&r->skipped);
    memset(r, 0, sizeof *r);
}
