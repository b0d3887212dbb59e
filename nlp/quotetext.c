/* nlp/quotetext.c — see quotetext.h. */
#include "nlp/quotetext.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "nlp/analyse.h"
#include "nlp/redact.h"
#include "nlp/tokenise.h"

enum { MAX_SENT = 512 };

struct rd_qtext {
    rd_an *an;
    const rd_vocab *v;
    rd_redactor *red;      /* NULL: no masking */
    int32_t *term_voc;     /* per analyser term: vocabulary term, -1 none, -2 not looked up */
    size_t n_term_voc;
    rd_quote_span sent[MAX_SENT];
    size_t sent_tok[MAX_SENT + 1];
    int32_t *tok_term;
    uint8_t *tok_cue;
    size_t n_tok, cap_tok, cap_cue;
    rd_tokens toks;        /* the passage's tokens with their sentence ends */
};

rd_status rd_qtext_new(const rd_stop *stop, const char *algo, const rd_cues *cues,
                        const rd_vocab *v, int redact, rd_qtext **out, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_qtext *q = calloc(1, sizeof *q);
    *out = NULL;
    if (!q)
        return rd_fail(err, RD_ENOMEM, "quotes");
    q->v = v;
    if ((rc = rd_an_new(stop, algo, &q->an, err)) != RD_OK ||
        (redact && (rc = rd_redact_new(&q->red, err)) != RD_OK)) {
        rd_qtext_free(q);
        return rc;
    }
    if (cues)
        rd_an_set_cues(q->an, cues);
    *out = q;
    return RD_OK;
}

void rd_qtext_free(rd_qtext *q)
{
    if (!q)
        return;
    rd_an_free(q->an);
    rd_redact_free(q->red);
    free(q->term_voc);
    free(q->tok_term);
    free(q->tok_cue);
    rd_tokens_free(&q->toks);
    free(q);
}

rd_status rd_qtext_speakers(rd_qtext *q, const rd_transcript *tr, const char *resp_id,
                             rd_err *err)
{
    rd_status rc = RD_OK;
    if (!q->red)
        return RD_OK;
    rd_redact_clear_names(q->red);
    for (size_t p = 0; tr && p < tr->n && rc == RD_OK; p++) {
        const char *sp = tr->v[p].speaker;
        size_t sn = strlen(sp);
        if (!sn || rd_redact_is_generic_label(sp, sn))
            continue;
        rc = rd_redact_add_name(q->red, sp, sn,
                                tr->v[p].role == RD_ROLE_INTERVIEWER ? "[interviewer]" : resp_id,
                                err);
    }
    return rc;
}

rd_status rd_qtext_add_name(rd_qtext *q, const char *name, size_t n, const char *repl,
                            rd_err *err)
{
    return q->red ? rd_redact_add_name(q->red, name, n, repl, err) : RD_OK;
}

rd_status rd_qtext_people(rd_qtext *q, const rd_people *p, rd_err *err)
{
    rd_status rc = RD_OK;
    for (size_t i = 0; q->red && i < rd_people_count(p) && rc == RD_OK; i++) {
        size_t n;
        int capitalised;
        const char *w = rd_people_name(p, i, &n, &capitalised);
        rc = rd_redact_add_lasting(q->red, w, n, NULL, capitalised, err);
        if (rc == RD_EINVAL) /* a form that does not start with a letter ("'s-hertogenbosch") */
            rc = RD_OK;
    }
    return rc;
}

rd_status rd_qtext_mask(rd_qtext *q, const char *s, size_t n, const char **out, size_t *out_n,
                         rd_err *err)
{
    if (!q->red) {
        *out = s;
        *out_n = n;
        return RD_OK;
    }
    return rd_redact_apply(q->red, s, n, out, out_n, err);
}

void rd_qtext_set_frames(rd_qtext *q, const rd_frames *fr)
{
    rd_an_set_frames(q->an, fr);
}

/* The vocabulary term of analyser term t (looked up once per term, by its string). */
static rd_status term_voc(rd_qtext *q, uint32_t t, int32_t *term, rd_err *err)
{
    size_t nt = rd_an_term_count(q->an);
    if (nt > q->n_term_voc) {
        size_t old = q->n_term_voc, nc = nt * 2;
        if (RD_RESIZE(q->term_voc, nc))
            return rd_fail(err, RD_ENOMEM, "quote scoring");
        for (size_t i = old; i < nc; i++)
            q->term_voc[i] = -2;
        q->n_term_voc = nc;
    }
    if (q->term_voc[t] == -2) {
        size_t sn;
        const char *st = rd_an_term_str(q->an, t, &sn);
        uint32_t v = rd_vocab_find(q->v, st, sn);
        q->term_voc[t] = v == RD_VOCAB_NONE ? -1 : (int32_t)v;
    }
    *term = q->term_voc[t];
    return RD_OK;
}

rd_status rd_qtext_term(rd_qtext *q, const char *w, size_t n, int32_t *term, rd_err *err)
{
    const uint32_t *terms;
    size_t nk;
    rd_status rc = rd_an_run(q->an, w, n, err);
    *term = -1;
    if (rc != RD_OK || (rc = rd_an_terms(q->an, &terms, &nk, err)) != RD_OK)
        return rc;
    for (size_t k = 0; k < nk && *term < 0; k++) { /* a phrase the vocabulary has comes first */
        size_t sn = 0;
        const char *st = rd_an_term_str(q->an, terms[k], &sn); /* sn set before it is read */
        if (memchr(st, ' ', sn) && (rc = term_voc(q, terms[k], term, err)) != RD_OK)
            return rc;
    }
    const uint32_t *fm = rd_an_forms(q->an);
    for (size_t t = 0; t < rd_an_count(q->an) && *term < 0; t++) {
        if (fm[t] == RD_AN_NOFORM)
            continue;
        const char *st;
        size_t sn;
        if ((rc = rd_an_form_stem(q->an, fm[t], &st, &sn, err)) != RD_OK)
            return rc;
        uint32_t id = rd_vocab_find(q->v, st, sn);
        *term = id == RD_VOCAB_NONE ? -1 : (int32_t)id;
    }
    return RD_OK;
}

static void push_term(uint32_t id, uint32_t *out, size_t cap, size_t *n_out)
{
    for (size_t i = 0; i < *n_out; i++)
        if (out[i] == id)
            return;
    if (*n_out < cap)
        out[(*n_out)++] = id;
}

rd_status rd_qtext_terms(rd_qtext *q, const char *w, size_t n, uint32_t *out, size_t cap,
                         size_t *n_out, size_t *n_kept, rd_err *err)
{
    const uint32_t *terms;
    size_t nk;
    rd_status rc = rd_an_run(q->an, w, n, err);
    *n_out = *n_kept = 0;
    if (rc != RD_OK || (rc = rd_an_terms(q->an, &terms, &nk, err)) != RD_OK)
        return rc;
    for (size_t k = 0; k < nk; k++) {
        size_t sn = 0;
        const char *st = rd_an_term_str(q->an, terms[k], &sn);
        int32_t id;
        if (memchr(st, ' ', sn) && (rc = term_voc(q, terms[k], &id, err)) != RD_OK)
            return rc;
        if (memchr(st, ' ', sn) && id >= 0)
            push_term((uint32_t)id, out, cap, n_out);
    }
    const uint32_t *fm = rd_an_forms(q->an);
    const uint8_t *kept = rd_an_kept(q->an);
    for (size_t t = 0; t < rd_an_count(q->an); t++) {
        if (fm[t] == RD_AN_NOFORM || !kept[t])
            continue;
        const char *st;
        size_t sn;
        (*n_kept)++;
        if ((rc = rd_an_form_stem(q->an, fm[t], &st, &sn, err)) != RD_OK)
            return rc;
        uint32_t id = rd_vocab_find(q->v, st, sn);
        if (id != RD_VOCAB_NONE)
            push_term(id, out, cap, n_out);
    }
    return RD_OK;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Sentences of s[0..n) from the tokeniser's sentence ends (RD_TOKF_SENT_END): sentence i
 * holds the tokens up to its end token, from the first non-space after the sentence before
 * it to the end of its last token and the punctuation attached to it ("huis." "huis?!"
 * "huis.\")"); the last sentence runs to the end of the text. sent_tok gets each sentence's
 * first token. Returns the number of sentences (at most MAX_SENT: the last holds the rest). */
static size_t split_sentences(const char *s, size_t n, const rd_tokens *tk, rd_quote_span *out,
                              size_t *sent_tok)
{
    size_t k = 0, b = 0;
    while (b < n && is_space(s[b]))
        b++;
    if (tk->n == 0) {
        out[0] = (rd_quote_span){0, n};
        sent_tok[0] = sent_tok[1] = 0; /* one sentence without tokens */
        return 1;
    }
    sent_tok[0] = 0;
    for (size_t t = 0; t < tk->n; t++) {
        int last = t + 1 == tk->n;
        if (!last && (!(tk->v[t].flags & RD_TOKF_SENT_END) || k + 1 == MAX_SENT))
            continue;
        size_t e = last ? n : (size_t)tk->v[t].off + tk->v[t].len;
        size_t next = last ? n : tk->v[t + 1].off;
        while (e < next && !is_space(s[e]))
            e++;
        while (e > b && is_space(s[e - 1]))
            e--;
        out[k++] = (rd_quote_span){b, e};
        sent_tok[k] = t + 1;
        b = e;
        while (b < n && is_space(s[b]))
            b++;
    }
    return k;
}

/* Appends the tokens of the analyser's last run: their terms (kept words) and cues. */
static rd_status add_tokens(rd_qtext *q, rd_err *err)
{
    size_t nt = rd_an_count(q->an), nk;
    const uint32_t *fm = rd_an_forms(q->an), *terms;
    rd_status rc = rd_an_terms(q->an, &terms, &nk, err);
    if (rc != RD_OK)
        return rc;
    const uint32_t *ktok = rd_an_term_tokens(q->an);
    if (RD_GROW(q->tok_term, q->cap_tok, q->n_tok + nt) ||
        RD_GROW(q->tok_cue, q->cap_cue, q->n_tok + nt))
        return rd_fail(err, RD_ENOMEM, "quote scoring");
    for (size_t t = 0; t < nt; t++) {
        q->tok_term[q->n_tok + t] = -1;
        q->tok_cue[q->n_tok + t] = fm[t] != RD_AN_NOFORM ? (uint8_t)rd_an_form_cue(q->an, fm[t]) : 0;
    }
    nk = rd_an_word_terms(q->an); /* the words' terms: the themes weigh words, not phrases */
    for (size_t k = 0; k < nk && rc == RD_OK; k++)
        rc = term_voc(q, terms[k], &q->tok_term[q->n_tok + ktok[k]], err);
    q->n_tok += nt;
    return rc;
}

rd_status rd_qtext_prepare(rd_qtext *q, const char *s, size_t n, rd_quote_passage *out,
                            rd_err *err)
{
    rd_status rc;
    q->n_tok = 0;
    if ((rc = rd_tok_run(s, n, &q->toks, err)) != RD_OK || (rc = rd_an_run(q->an, s, n, err)) != RD_OK ||
        (rc = add_tokens(q, err)) != RD_OK)
        return rc;
    if (q->n_tok != q->toks.n) /* the analyser takes the tokeniser's tokens: cannot happen */
        return rd_fail(err, RD_EINVAL, "quote scoring: %zu tokens against %zu", q->n_tok, q->toks.n);
    size_t ns = split_sentences(s, n, &q->toks, q->sent, q->sent_tok);
    *out = (rd_quote_passage){s, n, ns, q->sent, q->sent_tok, q->tok_term, q->tok_cue};
    return RD_OK;
}
