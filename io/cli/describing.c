/* io/cli/describing.c — see describing.h. */
#include "io/cli/describing.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nlp/quotetext.h"

/* The quote source: the file of the doc quoted last, read again, and its transcript. */
typedef struct {
    const rd_ts_result *ts;
    rd_cli_reread file;
    rd_qtext *q;
    size_t doc;      /* the doc whose transcript is tr, and whose speakers q masks */
    const rd_transcript *tr;
    const char *const *masks; /* per doc: more names to mask, or NULL */
} quote_src;

rd_status rd_cli_reread_doc(rd_cli_reread *r, size_t d, const rd_transcript **tr, rd_err *err)
{
    rd_status rc = RD_OK;
    const char *const *src = (const char *const *)r->ts->source;
    const char *const *path = r->path ? r->path : src;
    *tr = NULL;
    if (!r->loaded || strcmp(src[r->file_doc], src[d]) != 0) {
        rd_source_free(&r->file);
        r->loaded = 0;
        rd_err e;
        rc = rd_reader_load(path[d], r->ro, &r->file, &e);
        r->file_doc = d;
    }
    if (rc != RD_OK || r->ts->doc_unit[d] >= r->file.n_u) {
        rd_source_free(&r->file);
        r->loaded = 0;
        return rd_fail(err, rc == RD_ENOMEM ? RD_ENOMEM : RD_EIO,
                       "%s: changed or unreadable while rodedraad was running; rerun", src[d]);
    }
    r->loaded = 1;
    *tr = &r->file.u[r->ts->doc_unit[d]].tr;
    return RD_OK;
}

void rd_cli_reread_free(rd_cli_reread *r)
{
    rd_source_free(&r->file);
    r->loaded = 0;
}

/* Adds the names ('\n' between) to mask with repl; one without letters is skipped. */
static rd_status add_masks(rd_qtext *q, const char *names, const char *repl, rd_err *err)
{
    for (const char *p = names; p && *p;) {
        size_t l = strcspn(p, "\n");
        rd_status rc = rd_qtext_add_name(q, p, l, repl, err);
        if (rc != RD_OK && rc != RD_EINVAL)
            return rc;
        p += l + (p[l] == '\n');
    }
    return RD_OK;
}

rd_status rd_cli_mask_doc(rd_qtext *q, const rd_transcript *tr, const char *resp,
                          const char *names, rd_err *err)
{
    rd_status rc = rd_qtext_speakers(q, tr, resp, err);
    if (rc == RD_OK && names)
        rc = add_masks(q, names, resp, err);
    return rc;
}

/* Parses the transcript of doc d (cached: quotes come in runs from the same files). */
static rd_status load_doc(quote_src *c, size_t d, rd_err *err)
{
    if (c->tr && c->doc == d)
        return RD_OK;
    rd_status rc = rd_cli_reread_doc(&c->file, d, &c->tr, err);
    if (rc != RD_OK)
        return rc;
    c->doc = d;
    return rd_cli_mask_doc(c->q, c->tr, c->ts->respondent[d], c->masks ? c->masks[d] : NULL,
                           err);
}

static rd_status quote_passage(void *ctx, size_t row, rd_quote_passage *out, rd_err *err)
{
    quote_src *c = ctx;
    size_t d = c->ts->row_doc[row], pn = c->ts->row_passage[row];
    rd_status rc = load_doc(c, d, err);
    if (rc != RD_OK)
        return rc;
    if (pn < 1 || pn > c->tr->n)
        return rd_fail(err, RD_EIO, "%s: changed while rodedraad was running; rerun",
                       c->ts->source[d]);
    const rd_passage *p = &c->tr->v[pn - 1];
    return rd_qtext_prepare(c->q, p->text, p->text_n, out, err);
}

static rd_status quote_mask(void *ctx, const char *s, size_t n, const char **out, size_t *out_n,
                            rd_err *err)
{
    quote_src *c = ctx;
    return rd_qtext_mask(c->q, s, n, out, out_n, err);
}

/* Attribute values are free text too: the same masks as quotes, with the names the doc's
 * id and row carry (masks) but not its speakers'. *out: n_docs × n_attr copies (NULL where
 * the doc has no value). */
static rd_status mask_attrs(const rd_ts_result *ts, rd_qtext *q, const char *const *masks,
                            char ***out, rd_err *err)
{
    size_t n = ts->n_docs * ts->n_attr;
    rd_status rc = rd_qtext_speakers(q, NULL, NULL, err);
    *out = NULL;
    if (rc != RD_OK || n == 0)
        return rc;
    if (!(*out = calloc(n, sizeof **out)))
        return rd_fail(err, RD_ENOMEM, "attributes");
    for (size_t i = 0; i < n; i++) {
        const char *m;
        size_t mn, d = i / ts->n_attr;
        if (masks && i % ts->n_attr == 0 &&
            ((rc = rd_qtext_speakers(q, NULL, NULL, err)) != RD_OK ||
             (rc = add_masks(q, masks[d], ts->respondent[d], err)) != RD_OK))
            return rc;
        if (!ts->attr[i])
            continue;
        if ((rc = rd_qtext_mask(q, ts->attr[i], strlen(ts->attr[i]), &m, &mn, err)) != RD_OK)
            return rc;
        if (!((*out)[i] = strndup(m, mn)))
            return rd_fail(err, RD_ENOMEM, "attributes");
    }
    return rd_qtext_speakers(q, NULL, NULL, err);
}

/* The persona names with their terms looked up in this run's vocabulary. */
static rd_status personas(const rd_names *nm, rd_qtext *q, rd_persona **out, int32_t **terms,
                          rd_err *err)
{
    size_t total = 0, m = nm ? nm->n : 0;
    *out = NULL;
    *terms = NULL;
    for (size_t i = 0; i < m; i++)
        total += nm->v[i].n_terms;
    if (!(*out = calloc(m + 1, sizeof **out)) || !(*terms = calloc(total + 1, sizeof **terms)))
        return rd_fail(err, RD_ENOMEM, "name matching");
    int32_t *t = *terms;
    for (size_t i = 0; i < m; i++) {
        const rd_name *n = &nm->v[i];
        (*out)[i] = (rd_persona){n->name, n->line, t, n->n_terms};
        for (size_t k = 0; k < n->n_terms; k++) {
            rd_status rc = rd_qtext_term(q, n->terms[k], strlen(n->terms[k]), t++, err);
            if (rc != RD_OK)
                return rc;
        }
    }
    return RD_OK;
}

rd_status rd_cli_describe(const rd_ts_result *ts, const rd_analysis *an,
                          const rd_cli_describe_opts *o, rd_description *out, rd_err *err)
{
    rd_status rc;
    quote_src qs = {.ts = ts, .file = {.ts = ts, .path = o->doc_path, .ro = o->ropts},
                    .doc = SIZE_MAX, .masks = o->mask_names};
    const char **labels = NULL;
    char **attr = NULL;
    rd_persona *names = NULL;
    int32_t *name_terms = NULL;
    size_t V = rd_vocab_size(ts->vocab);
    size_t S = o->journey && ts->row_stage ? ts->n_stages : 0;
    const char **skey = NULL, **stitle = NULL;
    memset(out, 0, sizeof *out);
    if (!(skey = malloc((S + 1) * sizeof *skey)) || !(stitle = malloc((S + 1) * sizeof *stitle))) {
        rc = rd_fail(err, RD_ENOMEM, "journey stages");
        goto done;
    }
    for (size_t s = 0; s < S; s++) {
        skey[s] = rd_journey_key(o->journey, s);
        stitle[s] = rd_journey_title(o->journey, s);
    }
    if ((rc = rd_qtext_new(o->stop, o->algo, o->cues, ts->vocab, o->redact, &qs.q, err)) != RD_OK ||
        (rc = rd_qtext_people(qs.q, o->people, err)) != RD_OK)
        goto done;
    rd_qtext_set_frames(qs.q, ts->frames);
    if (!(labels = malloc((V + 1) * sizeof *labels))) {
        rc = rd_fail(err, RD_ENOMEM, "term labels");
        goto done;
    }
    for (size_t t = 0; t < V; t++) {
        size_t ln;
        labels[t] = rd_vocab_label(ts->vocab, (uint32_t)t, &ln);
    }
    if ((rc = mask_attrs(ts, qs.q, o->mask_names, &attr, err)) != RD_OK ||
        (rc = personas(o->names, qs.q, &names, &name_terms, err)) != RD_OK)
        goto done;
    rd_describe_in din = {
        .x = an->x, .row_doc = ts->row_doc, .row_line = ts->row_line, .row_cues = ts->row_cues,
        .th = &an->th, .sg = &an->sg, .profile = an->profile, .term_label = labels,
        .phrase = o->phrase, .phrase_first = o->phrase_first, .phrase_second = o->phrase_second,
        .xp = an->xp, .threads = o->threads,
        .n_docs = ts->n_docs, .respondent = (const char *const *)ts->respondent,
        .source = o->shown_source ? o->shown_source : (const char *const *)ts->source,
        .n_attr = ts->n_attr,
        .attr_name = (const char *const *)ts->attr_name, .attr = (const char *const *)attr,
        .names = names, .n_names = o->names ? o->names->n : 0, .name_min_sim = o->name_min_sim,
        .carried = o->carried,
        .quotes = {quote_passage, quote_mask, &qs}, .cards = o->cards,
        .n_cards = o->n_cards, .n_stages = S, .stage_key = skey,
        .stage_title = stitle, .row_stages = ts->row_stage};
    rc = rd_describe_run(&din, out, err);
done:
    for (size_t i = 0; attr && i < ts->n_docs * ts->n_attr; i++)
        free(attr[i]);
    free(attr);
    free(labels);
    free(skey);
    free(stitle);
    free(names);
    free(name_terms);
    rd_cli_reread_free(&qs.file);
    rd_qtext_free(qs.q);
    return rc;
}
