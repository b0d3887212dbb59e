/* io/cli/privacy.c — see privacy.h. */
#include "io/cli/privacy.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/strbuf.h"
#include "io/read/files.h"
#include "io/read/lexfile.h"
#include "nlp/idname.h"
#include "nlp/pseudonym.h"

enum { MAX_PARTS = 8 };

struct rd_cli_priv {
    rd_lex *lex;
    int lex_tried;
    int lex_kept;         /* the lexicon is needed after rd_cli_priv_apply (CSV columns are
                             decided again when quotes are read) */
    rd_people *people;    /* NULL: names in the text not wanted */
    pthread_t loader;     /* loading the lexicon while the corpus is counted */
    int loading;
    rd_lex *bg_lex;       /* what the loader read */
    rd_err bg_note, bg_err;
    rd_status bg_rc;
    char *pending;        /* a warning about the lexicon not printed yet */
    int reported;         /* the names were listed (RODEDRAAD_NAMES) */
    rd_idn_ev *ev;        /* NULL: no evidence wanted */
    rd_ts_sources inner;  /* the reader's sources, when wrapped */
    size_t n_docs;
    const char *const *source; /* per doc: the result's source paths (borrowed) */
    char **shown;         /* per doc (after apply) */
    char **masks;         /* per doc, or NULL entries */
    size_t count;
};

/* ---- paths --------------------------------------------------------------------------- */

static const char *base_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* The length of the file name b without its extension (a leading dot is no extension). */
static size_t stem_len(const char *b)
{
    const char *dot = strrchr(b, '.');
    return dot && dot > b ? (size_t)(dot - b) : strlen(b);
}

static int is_csv(const char *path)
{
    const char *e = rd_files_transcript_ext(path);
    return e && (strcmp(e, ".csv") == 0 || strcmp(e, ".tsv") == 0);
}

/* path with its file name (extension kept) replaced by pseudo; NULL when out of memory. */
static char *with_name(const char *path, const char *pseudo)
{
    const char *b = base_of(path);
    size_t dir = (size_t)(b - path), st = stem_len(b);
    const char *ext = b + st;
    size_t pn = strlen(pseudo), en = strlen(ext);
    char *s = malloc(dir + pn + en + 1);
    if (s) {
        memcpy(s, path, dir);
        memcpy(s + dir, pseudo, pn);
        memcpy(s + dir + pn, ext, en + 1);
    }
    return s;
}

/* ---- before the stage ---------------------------------------------------------------- */

/* The warning about the lexicon's load (rc, note, err), printed now or kept for
 * rd_cli_priv_notes. */
static void lexicon_warning(rd_cli_priv *p, rd_status rc, const rd_err *note, const rd_err *err,
                            int now)
{
    const char *msg = rc != RD_OK ? err->msg : note->code != RD_OK ? note->msg : NULL;
    if (msg && now)
        fprintf(stderr, "rodedraad: warning: %s\n", msg);
    else if (msg && !p->pending)
        p->pending = strdup(msg);
}

static void load_lexicon(rd_cli_priv *p, int now)
{
    rd_err note = {0}, err = {0};
    p->lex_tried = 1;
    rd_status rc = rd_lexfile_load(&p->lex, NULL, 0, &note, &err);
    lexicon_warning(p, rc, &note, &err, now);
}

static void *load_in_background(void *arg)
{
    rd_cli_priv *p = arg;
    p->bg_rc = rd_lexfile_load(&p->bg_lex, NULL, 0, &p->bg_note, &p->bg_err);
    return NULL;
}

/* Waits for the loader; its warning is kept for rd_cli_priv_notes. */
static void join_loader(rd_cli_priv *p)
{
    if (!p->loading)
        return;
    pthread_join(p->loader, NULL);
    p->loading = 0;
    p->lex_tried = 1;
    p->lex = p->bg_lex;
    lexicon_warning(p, p->bg_rc, &p->bg_note, &p->bg_err, 0);
}

/* The lexicon for deciding names in the text (nlp/people.h): loaded by now, or now. */
static const rd_lex *people_lexicon(void *ctx)
{
    rd_cli_priv *p = ctx;
    join_loader(p);
    if (!p->lex_tried)
        load_lexicon(p, 0);
    return p->lex;
}

/* Which words of the file names need the corpus (ids), whether the lexicon is needed before
 * the text stage, and the people evidence. */
static rd_status priv_setup(rd_cli_priv *p, const rd_strlist *files, int threads, unsigned what,
                            int *need, rd_err *err)
{
    rd_status rc = RD_OK;
    if (((what & RD_CLI_PRIV_IDS) && (rc = rd_idn_ev_new(threads, &p->ev, err)) != RD_OK) ||
        ((what & RD_CLI_PRIV_PEOPLE) && (rc = rd_people_new(threads, &p->people, err)) != RD_OK))
        return rc;
    if (p->people)
        rd_people_set_lexicon(p->people, people_lexicon, p);
    for (size_t i = 0; i < files->n && rc == RD_OK; i++) {
        const char *b = base_of(files->v[i]);
        size_t bn = stem_len(b);
        *need |= ((what & RD_CLI_PRIV_COLUMNS) && is_csv(files->v[i])) ||
                 ((what & RD_CLI_PRIV_IDS) && rd_idn_may_carry(b, bn));
        if (what & RD_CLI_PRIV_IDS)
            rc = rd_idn_ev_want(p->ev, b, bn, err);
    }
    return rc;
}

rd_status rd_cli_priv_new(const rd_strlist *files, int threads, unsigned what, rd_cli_priv **out)
{
    rd_err err = {0};
    int need = 0;
    rd_cli_priv *p = calloc(1, sizeof *p);
    *out = NULL;
    if (!p) {
        fprintf(stderr, "rodedraad: out of memory\n");
        return RD_ENOMEM;
    }
    rd_status rc = priv_setup(p, files, threads, what, &need, &err);
    if (rc != RD_OK) {
        rd_cli_priv_free(p);
        fprintf(stderr, "rodedraad: %s\n", err.msg);
        return rc;
    }
    p->lex_kept = need;
    if (need)
        load_lexicon(p, 1);
    else if (p->people) /* needed only when the names are decided: read it meanwhile */
        p->loading = pthread_create(&p->loader, NULL, load_in_background, p) == 0;
    *out = p;
    return RD_OK;
}

rd_people *rd_cli_priv_people(const rd_cli_priv *p)
{
    return p ? p->people : NULL;
}

void rd_cli_priv_notes(rd_cli_priv *p)
{
    if (p && p->pending) {
        fprintf(stderr, "rodedraad: warning: %s\n", p->pending);
        free(p->pending);
        p->pending = NULL;
    }
    if (p && p->people && !p->reported && getenv("RODEDRAAD_NAMES")) {
        rd_buf b = {0};
        rd_err err = {0};
        p->reported = 1;
        if (rd_people_report(p->people, &b, &err) == RD_OK)
            fwrite(b.s, 1, b.n, stderr);
        free(b.s);
    }
}

void rd_cli_priv_free(rd_cli_priv *p)
{
    if (!p)
        return;
    for (size_t k = 0; k < p->n_docs; k++) {
        if (p->shown)
            free(p->shown[k]);
        if (p->masks)
            free(p->masks[k]);
    }
    free(p->shown);
    free(p->masks);
    join_loader(p);
    free(p->pending);
    rd_people_free(p->people);
    rd_idn_ev_free(p->ev);
    rd_lex_free(p->lex);
    free(p);
}

const rd_lex *rd_cli_priv_lex(const rd_cli_priv *p)
{
    return p ? p->lex : NULL;
}

/* The reader's load, then every passage and speaker label counted on this worker. */
static rd_status load_counting(void *ctx, size_t i, int worker, rd_source *out, rd_err *err)
{
    rd_cli_priv *p = ctx;
    rd_status rc = p->inner.load(p->inner.ctx, i, worker, out, err);
    for (size_t u = 0; rc == RD_OK && u < out->n_u; u++) {
        const rd_transcript *tr = &out->u[u].tr;
        for (size_t k = 0; k < tr->n; k++) {
            rd_idn_ev_scan(p->ev, worker, tr->v[k].text, tr->v[k].text_n);
            if (tr->v[k].speaker && tr->v[k].speaker[0] &&
                (k == 0 || !tr->v[k - 1].speaker || strcmp(tr->v[k].speaker, tr->v[k - 1].speaker)))
                rd_idn_ev_label(p->ev, worker, tr->v[k].speaker, strlen(tr->v[k].speaker));
        }
    }
    return rc;
}

rd_ts_sources rd_cli_priv_sources(rd_cli_priv *p, rd_ts_sources src)
{
    if (!p || rd_idn_ev_size(p->ev) == 0)
        return src;
    p->inner = src;
    /* phase 0 of the text stage reads a sample again: its evidence is counted once */
    return (rd_ts_sources){src.n, src.name, load_counting, p, src.load, src.ctx};
}

/* ---- after the stage (run) ----------------------------------------------------------- */

/* Appends the name parts of id to b ('\n' before each unless b is empty); their number. */
static size_t name_parts(const rd_idn_ctx *c, const char *id, rd_buf *b)
{
    rd_idn_span sp[MAX_PARTS];
    size_t np = rd_idn_carries_name(c, id, strlen(id), sp, MAX_PARTS);
    for (size_t i = 0; i < np && i < MAX_PARTS; i++) {
        if (b->n)
            rd_buf_put(b, "\n", 1);
        rd_buf_put(b, id + sp[i].b, sp[i].e - sp[i].b);
    }
    return np;
}

/* Which docs carry names (named[0..n)), and their masks; then the distinct CSV files whose
 * own names carry one, as extra entries ids[n..*m) (base names, owned), from files
 * from[n..*m). */
static rd_status decide(rd_cli_priv *p, const rd_ts_result *res, const char **ids,
                        const char **from, unsigned char *named, size_t *m)
{
    rd_idn_ctx c = {p->lex, p->ev};
    size_t n = res->n_docs;
    *m = n;
    for (size_t k = 0; k < n; k++) {
        rd_buf b = {0};
        if (res->names && res->names[k])
            rd_buf_str(&b, res->names[k]);
        ids[k] = res->source_id[k];
        named[k] = name_parts(&c, ids[k], &b) > 0 || (res->id_personal && res->id_personal[k]);
        p->masks[k] = b.s; /* NULL when nothing was put */
        if (b.oom)
            return RD_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        const char *src = res->source[k];
        if (!is_csv(src) || (k > 0 && strcmp(src, res->source[k - 1]) == 0))
            continue; /* the docs of one file are adjacent */
        const char *b = base_of(src);
        if (!rd_idn_carries_name(&c, b, stem_len(b), NULL, 0))
            continue;
        if (!(ids[*m] = strndup(b, stem_len(b))))
            return RD_ENOMEM;
        from[*m] = src;
        named[(*m)++] = 1;
    }
    return RD_OK;
}

/* The shown source of every doc: a named file's name replaced by its pseudonym; a CSV
 * file's by the pseudonym of its own name (an extra entry), when that carries one. */
static rd_status show_sources(rd_cli_priv *p, const rd_ts_result *res, const unsigned char *named,
                              const char **from, char **pseudo, size_t m)
{
    for (size_t k = 0; k < res->n_docs; k++) {
        const char *src = res->source[k], *ps = NULL;
        if (!is_csv(src))
            ps = named[k] ? pseudo[k] : NULL;
        for (size_t j = res->n_docs; j < m && is_csv(src) && !ps; j++)
            if (strcmp(from[j], src) == 0)
                ps = pseudo[j];
        if (!(p->shown[k] = ps ? with_name(src, ps) : strdup(src)))
            return RD_ENOMEM;
    }
    return RD_OK;
}

/* Loads the lexicon late when no file name asked for it but an id might need it (ids made
 * of paths when two files share a name; CSV ids). */
static void late_lexicon(rd_cli_priv *p, const rd_ts_result *res)
{
    for (size_t k = 0; k < res->n_docs && !p->lex_tried; k++)
        if (rd_idn_may_carry(res->source_id[k], strlen(res->source_id[k])))
            load_lexicon(p, 1);
}

static void warn_numbered(size_t count)
{
    fprintf(stderr,
            "rodedraad: warning: %zu respondent id%s carr%s a person's name (a file name or an "
            "id column) and %s shown as %s: numbered in this run only, so another run can "
            "number them differently; give --key-file FILE to keep pseudonyms stable across "
            "runs (FILE is made on first use: keep it secret and out of OUTDIR)\n",
            count, count == 1 ? "" : "s", count == 1 ? "ies" : "y", count == 1 ? "is" : "are",
            count == 1 ? "a pseudonym (P01)" : "pseudonyms P01, P02, ...");
}

rd_status rd_cli_priv_apply(rd_cli_priv *p, rd_ts_result *res, const rd_cli_key *key)
{
    rd_status rc = RD_OK;
    rd_err err = {0};
    size_t n = res->n_docs, m = n, cap = 2 * n + 1;
    const char **ids = calloc(cap, sizeof *ids), **from = calloc(cap, sizeof *from);
    unsigned char *named = calloc(cap, 1);
    char **pseudo = calloc(cap, sizeof *pseudo);
    p->n_docs = n;
    p->source = (const char *const *)res->source;
    p->shown = calloc(n + 1, sizeof *p->shown);
    p->masks = calloc(n + 1, sizeof *p->masks);
    if (!ids || !from || !named || !pseudo || !p->shown || !p->masks) {
        rc = rd_fail(&err, RD_ENOMEM, "pseudonyms");
        goto done;
    }
    join_loader(p);
    rd_cli_priv_notes(p);
    if (!p->lex_tried)
        late_lexicon(p, res);
    if ((rc = decide(p, res, ids, from, named, &m)) != RD_OK ||
        (rc = rd_pseudo_assign(ids, named, m, key && key->n ? rd_cli_key_mac : NULL, (void *)key,
                               pseudo, &err)) != RD_OK ||
        (rc = show_sources(p, res, named, from, pseudo, m)) != RD_OK)
        goto done;
    for (size_t k = 0; k < n; k++) {
        if (!named[k])
            continue;
        free(res->respondent[k]);
        res->respondent[k] = pseudo[k];
        pseudo[k] = NULL;
        p->count++;
    }
    if (p->count && !(key && key->n))
        warn_numbered(p->count);
    if (!p->lex_kept) { /* read for the names only: its memory goes before the analysis */
        rd_lex_free(p->lex);
        p->lex = NULL;
    }
done:
    if (rc != RD_OK)
        fprintf(stderr, "rodedraad: %s\n", rc == RD_ENOMEM ? "out of memory (pseudonyms)" : err.msg);
    for (size_t j = 0; pseudo && j < m; j++)
        free(pseudo[j]);
    for (size_t j = n; ids && j < m; j++)
        free((char *)ids[j]);
    free(pseudo);
    free(named);
    free(ids);
    free(from);
    return rc;
}

const char *const *rd_cli_priv_shown(const rd_cli_priv *p)
{
    return (const char *const *)p->shown;
}

const char *const *rd_cli_priv_masks(const rd_cli_priv *p)
{
    return (const char *const *)p->masks;
}

size_t rd_cli_priv_count(const rd_cli_priv *p)
{
    return p ? p->count : 0;
}

const char *rd_cli_priv_show_path(const rd_cli_priv *p, const char *path)
{
    for (size_t k = 0; p && p->shown && k < p->n_docs; k++)
        if (strcmp(p->source[k], path) == 0)
            return p->shown[k];
    return path;
}

rd_status rd_cli_priv_show_inputs(const rd_cli_priv *p, rd_manifest *m, const size_t *doc,
                                  rd_err *err)
{
    for (size_t i = 0; p && p->shown && i < m->n_inputs; i++) {
        if (doc[i] >= p->n_docs || strcmp(m->inputs[i].path, p->shown[doc[i]]) == 0)
            continue;
        char *s = strdup(p->shown[doc[i]]);
        if (!s)
            return rd_fail(err, RD_ENOMEM, "manifest inputs");
        free(m->inputs[i].path);
        m->inputs[i].path = s;
    }
    return RD_OK;
}
