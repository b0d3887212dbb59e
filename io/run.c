/* io/run.c — see run.h. */
#include "io/run.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/kmeans.h"
#include "engine/tfidf.h"
#include "engine/themes.h"
#include "io/csvout.h"
#include "io/files.h"
#include "io/transcript.h"

enum { TOP_TERMS = 10, LABEL_TERMS = 3, SEG_TERMS = 10, SEG_THEMES = 3, QUOTE_MAX = 400 };

static double peak_mb(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss / 1024.0 : 0.0;
}

rd_status rd_run_prepare_outdir(const char *outdir, int force, rd_err *err)
{
    struct stat st;
    if (stat(outdir, &st) != 0) {
        if (errno != ENOENT || mkdir(outdir, 0777) != 0)
            return rd_fail(err, RD_EOUTPUT, "%s: cannot create the output folder: %s", outdir,
                           strerror(errno));
        return RD_OK;
    }
    if (!S_ISDIR(st.st_mode))
        return rd_fail(err, RD_EOUTPUT, "%s: exists and is not a folder; give -o a folder", outdir);
    if (access(outdir, W_OK | X_OK) != 0)
        return rd_fail(err, RD_EOUTPUT, "%s: cannot write in the output folder: %s", outdir,
                       strerror(errno));
    DIR *d = opendir(outdir);
    if (!d)
        return rd_fail(err, RD_EOUTPUT, "%s: cannot read the output folder: %s", outdir,
                       strerror(errno));
    int empty = 1;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    if (!empty && !force)
        return rd_fail(err, RD_EOUTPUT,
                       "%s: the output folder is not empty; choose another folder, or add "
                       "--force to replace rodedraad's files in it",
                       outdir);
    return RD_OK;
}

/* ---- output files: temporary names, renamed together at the end ---- */

enum { MAX_OUT = 8 };

typedef struct {
    const char *dir;
    char tmp[MAX_OUT][4096], final[MAX_OUT][4096];
    size_t n;
} outset;

static rd_status out_open(outset *os, const char *name, rd_csv *c, rd_err *err)
{
    size_t i = os->n;
    int a = snprintf(os->final[i], sizeof os->final[i], "%s/%s", os->dir, name);
    int b = snprintf(os->tmp[i], sizeof os->tmp[i], "%s/.%s.tmp-%ld", os->dir, name, (long)getpid());
    if (a < 0 || b < 0 || (size_t)b >= sizeof os->tmp[i])
        return rd_fail(err, RD_EOUTPUT, "%s: output folder path too long", os->dir);
    c->f = fopen(os->tmp[i], "wb");
    c->first = 1;
    c->failed = 0;
    if (!c->f)
        return rd_fail(err, RD_EOUTPUT, "%s: cannot create: %s", os->tmp[i], strerror(errno));
    os->n++;
    return RD_OK;
}

static rd_status out_close(outset *os, rd_csv *c, rd_err *err)
{
    const char *path = os->tmp[os->n - 1];
    int bad = c->failed || fflush(c->f) != 0 || ferror(c->f) || fsync(fileno(c->f)) != 0;
    int e = errno;
    if (fclose(c->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    c->f = NULL;
    if (bad)
        return rd_fail(err, RD_EIO, "%s: writing failed: %s", path, strerror(e));
    return RD_OK;
}

static rd_status out_commit(outset *os, rd_err *err)
{
    for (size_t i = 0; i < os->n; i++)
        if (rename(os->tmp[i], os->final[i]) != 0)
            return rd_fail(err, RD_EIO, "%s: cannot rename into place: %s", os->final[i],
                           strerror(errno));
    os->n = 0;
    return RD_OK;
}

static void out_abandon(outset *os)
{
    for (size_t i = 0; i < os->n; i++)
        unlink(os->tmp[i]);
    os->n = 0;
}

/* ---- descriptions ---- */

/* Indices of the `top` largest of v[0..n) (descending, lower index on ties) into idx;
 * returns how many (≤ top), skipping values ≤ floor. */
static size_t top_idx(const double *v, size_t n, size_t top, double floor, size_t *idx)
{
    size_t got = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] > floor))
            continue;
        size_t p = got < top ? got++ : top;
        if (p == top) {
            if (!(v[i] > v[idx[top - 1]]))
                continue;
            p = top - 1;
        }
        while (p > 0 && v[i] > v[idx[p - 1]]) {
            idx[p] = idx[p - 1];
            p--;
        }
        idx[p] = i;
    }
    return got;
}

/* Appends the labels of terms idx[0..n) to buf, separated by sep. */
static void join_labels(const rd_vocab *v, const size_t *idx, size_t n, const char *sep,
                        char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t ln;
        const char *l = rd_vocab_label(v, (uint32_t)idx[i], &ln);
        int w = snprintf(buf + k, cap - k, "%s%.*s", i ? sep : "", (int)ln, l);
        if (w < 0 || (size_t)w >= cap - k)
            break;
        k += (size_t)w;
    }
}

/* The text of passage number pnum (1-based) of path, cut at a word boundary to about
 * QUOTE_MAX bytes (with "…"). *out is malloc'ed; NULL when it cannot be read. */
static char *fetch_passage(const char *path, uint32_t pnum, const rd_transcript_opts *topts)
{
    char *buf = NULL, *res = NULL;
    size_t n;
    rd_err err;
    rd_transcript t = {0};
    if (rd_file_read(path, (size_t)256 << 20, &buf, &n, &err) != RD_OK)
        return NULL;
    if (rd_transcript_parse(buf, n, topts, &t, &err) == RD_OK && pnum >= 1 && pnum <= t.n) {
        const rd_passage *p = &t.v[pnum - 1];
        size_t len = p->text_n;
        int cut = 0;
        if (len > QUOTE_MAX) {
            len = QUOTE_MAX;
            while (len > QUOTE_MAX / 2 && p->text[len] != ' ')
                len--;
            while (len > 0 && ((unsigned char)p->text[len] & 0xC0) == 0x80)
                len--; /* never split a UTF-8 sequence */
            cut = 1;
        }
        if ((res = malloc(len + 4))) {
            memcpy(res, p->text, len);
            if (cut)
                memcpy(res + len, "\xE2\x80\xA6", 3), len += 3; /* … */
            res[len] = '\0';
        }
    }
    rd_transcript_free(&t);
    free(buf);
    return res;
}

static void source_of(const rd_ts_result *ts, size_t row, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s:%u", ts->path[ts->row_doc[row]], (unsigned)ts->row_line[row]);
}

typedef struct {
    const rd_ts_result *ts;
    const rd_run_opts *o;
    const rd_themes *th;
    const rd_segments *sg;
    const float *profile;  /* n_docs × T shares */
    const rd_csr *x;       /* TF-IDF passages */
    size_t n_docs, T, K;
} model;

static rd_status write_themes(const model *m, outset *os, rd_err *err)
{
    rd_csv c;
    rd_status rc;
    const rd_themes *th = m->th;
    size_t V = th->n_terms, idx[TOP_TERMS];
    double *col = malloc((V > m->n_docs ? V : m->n_docs) * sizeof *col + 8);
    unsigned char *talks = calloc(m->n_docs * m->T + 1, 1);
    char lab[1024], terms[4096], src[4200];
    if (!col || !talks) {
        free(col);
        free(talks);
        return rd_fail(err, RD_ENOMEM, "theme descriptions");
    }
    /* A respondent talks about theme j when j dominates at least one of their passages. */
    for (size_t p = 0; p < th->n_rows; p++) {
        const float *w = th->w + p * m->T;
        size_t best = 0;
        for (size_t j = 1; j < m->T; j++)
            if (w[j] > w[best])
                best = j;
        if (w[best] > 0.0f)
            talks[(size_t)m->ts->row_doc[p] * m->T + best] = 1;
    }
    if ((rc = out_open(os, "themes.csv", &c, err)) != RD_OK)
        goto done;
    fputs("theme,label,kind,weight,respondents,share_respondents,top_terms,quote,quote_source,"
          "quote_respondent\r\n", c.f);
    for (size_t j = 0; j < m->T; j++) {
        for (size_t t = 0; t < V; t++)
            col[t] = th->h[j * V + t];
        size_t nt = top_idx(col, V, TOP_TERMS, 0.0, idx);
        join_labels(m->ts->vocab, idx, nt < LABEL_TERMS ? nt : LABEL_TERMS, ", ", lab, sizeof lab);
        join_labels(m->ts->vocab, idx, nt, "; ", terms, sizeof terms);
        size_t nresp = 0;
        for (size_t r = 0; r < m->n_docs; r++)
            nresp += talks[r * m->T + j];
        size_t best = 0;
        for (size_t p = 1; p < th->n_rows; p++)
            if (th->w[p * m->T + j] > th->w[best * m->T + j])
                best = p;
        char *q = th->n_rows ? fetch_passage(m->ts->path[m->ts->row_doc[best]],
                                             m->ts->row_passage[best], &m->o->topts)
                             : NULL;
        source_of(m->ts, best, src, sizeof src);
        rd_csv_int(&c, (long long)j + 1);
        rd_csv_str(&c, lab);
        rd_csv_str(&c, "theme");
        rd_csv_num(&c, th->weight[j], 6);
        rd_csv_int(&c, (long long)nresp);
        rd_csv_num(&c, (double)nresp / (double)m->n_docs, 6);
        rd_csv_str(&c, terms);
        rd_csv_str(&c, q ? q : "");
        rd_csv_str(&c, src);
        rd_csv_str(&c, m->ts->respondent[m->ts->row_doc[best]]);
        rd_csv_end(&c);
        free(q);
    }
    rc = out_close(os, &c, err);
done:
    free(col);
    free(talks);
    return rc;
}

static rd_status write_segments(const model *m, outset *os, rd_err *err)
{
    rd_csv c;
    rd_status rc = RD_OK;
    const rd_segments *sg = m->sg;
    size_t V = m->x->n_cols, T = m->T, K = m->K;
    double *sum = calloc(K * V + 1, sizeof *sum), *all = calloc(V + 1, sizeof *all);
    double *score = malloc((V + 1) * sizeof *score), *mean_all = calloc(T + 1, sizeof *mean_all),
           *lift = malloc((T + 1) * sizeof *lift);
    size_t *npass = calloc(K + 1, sizeof *npass), idx[SEG_TERMS + SEG_THEMES];
    char terms[4096], themes[4096], src[4200];
    if (!sum || !all || !score || !mean_all || !lift || !npass) {
        rc = rd_fail(err, RD_ENOMEM, "segment descriptions");
        goto done;
    }
    for (size_t r = 0; r < m->n_docs; r++)
        for (size_t j = 0; j < T; j++)
            mean_all[j] += m->profile[r * T + j] / (double)m->n_docs;
    /* Distinguishing terms: mean TF-IDF in the segment's passages minus the mean in the
     * other segments' passages; the largest positive differences. */
    for (size_t p = 0; p < m->x->n_rows; p++) {
        size_t s = (size_t)sg->label[m->ts->row_doc[p]];
        npass[s]++;
        for (int64_t e = m->x->indptr[p]; e < m->x->indptr[p + 1]; e++) {
            sum[s * V + (size_t)m->x->indices[e]] += m->x->data[e];
            all[m->x->indices[e]] += m->x->data[e];
        }
    }
    if ((rc = out_open(os, "segments.csv", &c, err)) != RD_OK)
        goto done;
    fputs("segment,name,size,share,stability,top_terms,top_themes,quote,quote_source,"
          "quote_respondent\r\n",
          c.f);
    for (size_t s = 0; s < K; s++) {
        size_t rest = m->x->n_rows - npass[s];
        for (size_t t = 0; t < V; t++) {
            double in = npass[s] ? sum[s * V + t] / (double)npass[s] : 0.0;
            double out = rest ? (all[t] - sum[s * V + t]) / (double)rest : 0.0;
            score[t] = in - out;
        }
        size_t nt = top_idx(score, V, SEG_TERMS, 0.0, idx);
        join_labels(m->ts->vocab, idx, nt, "; ", terms, sizeof terms);
        /* Themes by lift: the segment's mean share over everyone's mean share. */
        for (size_t j = 0; j < T; j++) {
            double in = 0.0;
            for (size_t r = 0; r < m->n_docs; r++)
                if ((size_t)sg->label[r] == s)
                    in += m->profile[r * T + j];
            in /= (double)sg->size[s];
            lift[j] = mean_all[j] > 0 ? in / mean_all[j] : 0.0;
        }
        size_t nth = top_idx(lift, T, SEG_THEMES, 1.0, idx);
        size_t k = 0;
        themes[0] = '\0';
        for (size_t i = 0; i < nth; i++) {
            int w = snprintf(themes + k, sizeof themes - k, "%s%zu (x%.2f)", i ? "; " : "",
                             idx[i] + 1, lift[idx[i]]);
            if (w < 0 || (size_t)w >= sizeof themes - k)
                break;
            k += (size_t)w;
        }
        /* Quote: the most typical member's passage weighing most on the top theme. */
        size_t typ = m->n_docs, top_theme = nth ? idx[0] : 0;
        double stab = 0.0;
        for (size_t r = 0; r < m->n_docs; r++)
            if ((size_t)sg->label[r] == s) {
                stab += sg->stability[r];
                if (typ == m->n_docs || sg->fit[r] > sg->fit[typ])
                    typ = r;
            }
        stab /= (double)sg->size[s];
        size_t best = m->x->n_rows;
        for (size_t p = 0; p < m->x->n_rows; p++)
            if (m->ts->row_doc[p] == typ &&
                (best == m->x->n_rows || m->th->w[p * T + top_theme] > m->th->w[best * T + top_theme]))
                best = p;
        char *q = best < m->x->n_rows ? fetch_passage(m->ts->path[typ], m->ts->row_passage[best],
                                                      &m->o->topts)
                                      : NULL;
        if (best < m->x->n_rows)
            source_of(m->ts, best, src, sizeof src);
        else
            src[0] = '\0';
        rd_csv_int(&c, (long long)s + 1);
        rd_csv_str(&c, "");
        rd_csv_int(&c, (long long)sg->size[s]);
        rd_csv_num(&c, (double)sg->size[s] / (double)m->n_docs, 6);
        rd_csv_num(&c, stab, 4);
        rd_csv_str(&c, terms);
        rd_csv_str(&c, themes);
        rd_csv_str(&c, q ? q : "");
        rd_csv_str(&c, src);
        rd_csv_str(&c, typ < m->n_docs ? m->ts->respondent[typ] : "");
        rd_csv_end(&c);
        free(q);
    }
    rc = out_close(os, &c, err);
done:
    free(sum);
    free(all);
    free(score);
    free(mean_all);
    free(lift);
    free(npass);
    return rc;
}

static rd_status write_respondents(const model *m, outset *os, rd_err *err)
{
    rd_csv c;
    rd_status rc;
    size_t T = m->T;
    size_t *np = calloc(m->n_docs + 1, sizeof *np);
    if (!np)
        return rd_fail(err, RD_ENOMEM, "respondent table");
    for (size_t p = 0; p < m->ts->n_rows; p++)
        np[m->ts->row_doc[p]]++;
    if ((rc = out_open(os, "respondents.csv", &c, err)) != RD_OK)
        goto done;
    fputs("respondent,segment,segment_name,fit,stability,passages,source", c.f);
    for (size_t j = 0; j < T; j++)
        fprintf(c.f, ",theme_%zu", j + 1);
    fputs("\r\n", c.f);
    for (size_t r = 0; r < m->n_docs; r++) {
        rd_csv_str(&c, m->ts->respondent[r]);
        rd_csv_int(&c, (long long)m->sg->label[r] + 1);
        rd_csv_str(&c, "");
        rd_csv_num(&c, m->sg->fit[r], 4);
        rd_csv_num(&c, m->sg->stability[r], 4);
        rd_csv_int(&c, (long long)np[r]);
        rd_csv_str(&c, m->ts->path[r]);
        for (size_t j = 0; j < T; j++)
            rd_csv_num(&c, m->profile[r * T + j], 4);
        rd_csv_end(&c);
    }
    rc = out_close(os, &c, err);
done:
    free(np);
    return rc;
}

static rd_status write_selection(const model *m, outset *os, rd_err *err)
{
    rd_csv c;
    rd_status rc;
    if ((rc = out_open(os, "selection.csv", &c, err)) != RD_OK)
        return rc;
    fputs("stage,candidate,score,stability,silhouette,smallest,rel_err,chosen\r\n", c.f);
    for (size_t i = 0; i < m->th->n_cands; i++) {
        const rd_theme_cand *t = &m->th->cands[i];
        rd_csv_str(&c, "themes");
        rd_csv_int(&c, (long long)t->t);
        rd_csv_num(&c, t->stability, 4);
        rd_csv_num(&c, t->stability, 4);
        rd_csv_str(&c, "");
        rd_csv_str(&c, "");
        rd_csv_num(&c, t->rel_err, 4);
        rd_csv_int(&c, t->t == m->T);
        rd_csv_end(&c);
    }
    for (size_t i = 0; i < m->sg->n_cands; i++) {
        const rd_seg_cand *s = &m->sg->cands[i];
        rd_csv_str(&c, "segments");
        rd_csv_int(&c, (long long)s->k);
        rd_csv_num(&c, s->eligible ? s->score : NAN, 4);
        rd_csv_num(&c, s->stability, 4);
        rd_csv_num(&c, s->silhouette, 4);
        rd_csv_int(&c, (long long)s->smallest);
        rd_csv_str(&c, "");
        rd_csv_int(&c, s->k == m->K);
        rd_csv_end(&c);
    }
    return out_close(os, &c, err);
}

rd_status rd_run_analyse(rd_ts_result *ts, const rd_run_opts *o, rd_run_stats *st, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_themes th = {0};
    rd_segments sg = {0};
    rd_csr *x = NULL;
    float *profile = NULL, *rep = NULL, *lsa = NULL;
    outset os = {.dir = o->outdir};
    size_t n_docs = ts->n_docs;
    double t0 = rd_ts_now(), t1;
    memset(st, 0, sizeof *st);
    if (!ts->counts || ts->counts->nnz == 0) {
        return rd_fail(err, RD_EDATA,
                       "no terms left to analyse: every word is a stop word, or --min-df/--max-df "
                       "pruned them all (%zu passages); lower --min-df or add transcripts",
                       ts->n_rows);
    }
    /* LSA first, from the raw counts (it frees its scratch before the themes need theirs);
     * then TF-IDF of the passages in place. */
    size_t dims = 0;
    rd_rep r = o->rep;
    if (r != RD_REP_PROFILE) {
        dims = n_docs - 1 < 100 ? n_docs - 1 : 100;
        if (dims > ts->counts->n_cols)
            dims = ts->counts->n_cols;
        if (dims < 1)
            r = RD_REP_PROFILE; /* one respondent: nothing to project */
    }
    if (r != RD_REP_PROFILE) {
        rd_rng lr;
        rd_rng_seed(&lr, o->seed ^ 0x4c5341ull);
        if (!(lsa = malloc(n_docs * dims * sizeof *lsa))) {
            rc = rd_fail(err, RD_ENOMEM, "LSA rows");
            goto done;
        }
        if ((rc = rd_rep_lsa(ts->counts, ts->row_doc, n_docs, dims, o->threads, &lr, lsa, err)) !=
            RD_OK)
            goto done;
    }
    t1 = rd_ts_now();
    st->t_rep_s = t1 - t0;
    st->peak_mb[2] = peak_mb();

    x = ts->counts; /* consumed: from here on the passages' TF-IDF */
    ts->counts = NULL;
    if ((rc = rd_tfidf_apply(x, NULL, err)) != RD_OK)
        goto done;
    st->n_terms = x->n_cols;
    st->nnz = x->nnz;
    t0 = rd_ts_now();
    st->t_tfidf_s = t0 - t1;
    st->peak_mb[0] = peak_mb();

    /* Automatic T: 3 up to one theme per 30 passages, at least 6 and at most 20. */
    size_t t_max = x->n_rows / 30;
    t_max = t_max < 6 ? 6 : t_max > 20 ? 20 : t_max;
    rd_themes_opts to = {
        .themes = o->themes, .t_min = 3, .t_max = t_max, .boot = 3, .min_stability = 0.8,
        .select_rows = 5000,
        .fit_rows = 20000, .max_iter = 200, .tol = 1e-4, .threads = o->threads,
        .seed = o->seed};
    if ((rc = rd_themes_fit(x, &to, &th, err)) != RD_OK)
        goto done;
    size_t T = th.k;
    st->themes = T;
    st->nmf_iters = th.iters;
    st->nmf_converged = th.converged;
    st->nmf_rel_err = th.rel_err;
    st->nmf_fit_rows = th.fit_rows;
    t1 = rd_ts_now();
    st->t_themes_s = t1 - t0;
    st->peak_mb[1] = peak_mb();

    /* Theme shares per respondent (reported), and the rows k-means sees. */
    if (!(profile = malloc(n_docs * T * sizeof *profile))) {
        rc = rd_fail(err, RD_ENOMEM, "theme profiles");
        goto done;
    }
    if ((rc = rd_rep_profile(th.w, th.n_rows, T, ts->row_doc, n_docs, profile, err)) != RD_OK)
        goto done;
    size_t d = r == RD_REP_PROFILE ? T : r == RD_REP_LSA ? dims : T + dims;
    if (r == RD_REP_LSA) {
        rep = lsa;
        lsa = NULL;
    } else if (!(rep = malloc(n_docs * d * sizeof *rep))) {
        rc = rd_fail(err, RD_ENOMEM, "respondent rows");
        goto done;
    }
    for (size_t i = 0; r != RD_REP_LSA && i < n_docs; i++) {
        float *ri = rep + i * d;
        memcpy(ri, profile + i * T, T * sizeof *ri);
        rd_rows_normalise(ri, 1, T);
        if (r == RD_REP_BOTH) {
            memcpy(ri + T, lsa + i * dims, dims * sizeof *ri);
            for (size_t t = 0; t < d; t++)
                ri[t] *= (float)M_SQRT1_2;
        }
    }
    t0 = rd_ts_now();
    st->t_rep_s += t0 - t1;
    t1 = t0;

    size_t min_size = (n_docs + 19) / 20;
    rd_segments_opts so = {
        .k = o->segments, .k_max = 10, .min_size = min_size < 3 ? 3 : min_size,
        .n_init = n_docs <= 5000 ? 10 : 3, .boot = 10, .select_n = 5000,
        .threads = o->threads, .seed = o->seed};
    if ((rc = rd_segments_fit(rep, n_docs, d, &so, &sg, err)) != RD_OK)
        goto done;
    st->segments = sg.k;
    st->ari = sg.ari;
    st->silhouette = sg.silhouette;
    t0 = rd_ts_now();
    st->t_segments_s = t0 - t1;
    st->peak_mb[3] = peak_mb();

    model m = {ts, o, &th, &sg, profile, x, n_docs, T, sg.k};
    if ((rc = write_themes(&m, &os, err)) != RD_OK || (rc = write_segments(&m, &os, err)) != RD_OK ||
        (rc = write_respondents(&m, &os, err)) != RD_OK ||
        (rc = write_selection(&m, &os, err)) != RD_OK)
        goto done;
    t1 = rd_ts_now();
    st->t_describe_s = t1 - t0;
    st->peak_mb[4] = peak_mb();
    if ((rc = out_commit(&os, err)) != RD_OK)
        goto done;
    snprintf(st->files, sizeof st->files, "themes.csv segments.csv respondents.csv selection.csv");
    st->t_write_s = rd_ts_now() - t1;
done:
    out_abandon(&os);
    rd_themes_free(&th);
    rd_segments_free(&sg);
    rd_csr_free(x);
    free(profile);
    free(rep);
    free(lsa);
    return rc;
}
