/* nlp/quotes.c — see quotes.h. */
#include "nlp/quotes.h"

#include <stdlib.h>
#include <string.h>

#include "engine/grow.h"
#include "nlp/analyse.h"
#include "nlp/redact.h"

enum { MAX_SENT = 512 };

struct rd_quotes {
    rd_an *an;
    const rd_vocab *v;
    rd_redactor *red;      /* NULL: no masking */
    int32_t *form_term;    /* per analyser form: vocabulary term, -1 none, -2 not looked up */
    size_t n_form_term;
    rd_quote_span sent[MAX_SENT];
    size_t sent_tok[MAX_SENT + 1];
    int32_t *tok_term;
    uint8_t *tok_cue;
    size_t n_tok, cap_tok, cap_cue;
};

rd_status rd_quotes_new(const rd_stop *stop, const char *algo, const rd_cues *cues,
                        const rd_vocab *v, int redact, rd_quotes **out, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_quotes *q = calloc(1, sizeof *q);
    *out = NULL;
    if (!q)
        return rd_fail(err, RD_ENOMEM, "quotes");
    q->v = v;
    if ((rc = rd_an_new(stop, algo, &q->an, err)) != RD_OK ||
        (redact && (rc = rd_redact_new(&q->red, err)) != RD_OK)) {
        rd_quotes_free(q);
        return rc;
    }
    if (cues)
        rd_an_set_cues(q->an, cues);
    *out = q;
    return RD_OK;
}

void rd_quotes_free(rd_quotes *q)
{
    if (!q)
        return;
    rd_an_free(q->an);
    rd_redact_free(q->red);
    free(q->form_term);
    free(q->tok_term);
    free(q->tok_cue);
    free(q);
}

rd_status rd_quotes_speakers(rd_quotes *q, const rd_transcript *tr, const char *resp_id,
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

rd_status rd_quotes_mask(rd_quotes *q, const char *s, size_t n, const char **out, size_t *out_n,
                         rd_err *err)
{
    if (!q->red) {
        *out = s;
        *out_n = n;
        return RD_OK;
    }
    return rd_redact_apply(q->red, s, n, out, out_n, err);
}

/* The vocabulary term of analyser form f (looked up once per form). */
static rd_status form_term(rd_quotes *q, uint32_t f, int32_t *term, rd_err *err)
{
    size_t nf = rd_an_form_count(q->an);
    if (nf > q->n_form_term) {
        size_t old = q->n_form_term, nc = nf * 2;
        if (RD_RESIZE(q->form_term, nc))
            return rd_fail(err, RD_ENOMEM, "quote scoring");
        for (size_t i = old; i < nc; i++)
            q->form_term[i] = -2;
        q->n_form_term = nc;
    }
    if (q->form_term[f] == -2) {
        const char *st;
        size_t sn;
        rd_status rc = rd_an_form_stem(q->an, f, &st, &sn, err);
        if (rc != RD_OK)
            return rc;
        uint32_t t = rd_vocab_find(q->v, st, sn);
        q->form_term[f] = t == RD_VOCAB_NONE ? -1 : (int32_t)t;
    }
    *term = q->form_term[f];
    return RD_OK;
}

rd_status rd_quotes_term(rd_quotes *q, const char *w, size_t n, int32_t *term, rd_err *err)
{
    rd_status rc = rd_an_run(q->an, w, n, err);
    *term = -1;
    if (rc != RD_OK)
        return rc;
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

static int is_abbrev_before(const char *s, size_t dot)
{
    /* the word that ends at s[dot] == '.': an abbreviation when it holds another dot
     * (d.w.z., o.a.) or is a common title or short form */
    static const char *const ab[] = {"bijv", "bv", "ca", "nr", "evt", "enz", "etc", "dhr", "mevr",
                                     "mw", "mr", "dr", "ir", "ing", "drs", "prof", "st", "jl",
                                     "vs", "zgn", "resp", "incl", "excl", "tel", "blz"};
    size_t b = dot;
    while (b > 0 && s[b - 1] != ' ')
        b--;
    if (memchr(s + b, '.', dot - b))
        return 1;
    for (size_t i = 0; i < sizeof ab / sizeof *ab; i++) {
        size_t n = strlen(ab[i]);
        if (dot - b == n) {
            size_t k = 0;
            while (k < n && (s[b + k] | 0x20) == ab[i][k])
                k++;
            if (k == n)
                return 1;
        }
    }
    return 0;
}

/* Sentences of s[0..n) (see the header). */
static size_t split_sentences(const char *s, size_t n, rd_quote_span *out, size_t cap)
{
    size_t k = 0, b = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        size_t e = i + 1;
        int end = s[i] == '!' || s[i] == '?' || (s[i] == '.' && !is_abbrev_before(s, i));
        if (!end && i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0xA6) {
            end = 1;
            e = i + 3;
        }
        if (!end)
            continue;
        while (e < n && (s[e] == '"' || s[e] == '\'' || s[e] == ')' || s[e] == '.' ||
                         s[e] == '!' || s[e] == '?'))
            e++;
        if (e < n && s[e] != ' ')
            continue;
        out[k++] = (rd_quote_span){b, e};
        while (e < n && s[e] == ' ')
            e++;
        b = e;
        i = e - 1;
    }
    if (b < n)
        out[k++] = (rd_quote_span){b, n};
    return k;
}

/* Appends the tokens of the analyser's last run: their terms (kept words) and cues. */
static rd_status add_tokens(rd_quotes *q, rd_err *err)
{
    size_t nt = rd_an_count(q->an);
    const uint32_t *fm = rd_an_forms(q->an);
    const uint8_t *kept = rd_an_kept(q->an);
    if (RD_GROW(q->tok_term, q->cap_tok, q->n_tok + nt) ||
        RD_GROW(q->tok_cue, q->cap_cue, q->n_tok + nt))
        return rd_fail(err, RD_ENOMEM, "quote scoring");
    for (size_t t = 0; t < nt; t++) {
        int32_t term = -1;
        uint8_t cue = 0;
        if (fm[t] != RD_AN_NOFORM) {
            cue = (uint8_t)rd_an_form_cue(q->an, fm[t]);
            rd_status rc = kept[t] ? form_term(q, fm[t], &term, err) : RD_OK;
            if (rc != RD_OK)
                return rc;
        }
        q->tok_term[q->n_tok] = term;
        q->tok_cue[q->n_tok++] = cue;
    }
    return RD_OK;
}

rd_status rd_quotes_prepare(rd_quotes *q, const char *s, size_t n, rd_quote_passage *out,
                            rd_err *err)
{
    rd_status rc = RD_OK;
    size_t ns = split_sentences(s, n, q->sent, MAX_SENT);
    q->n_tok = 0;
    for (size_t i = 0; i < ns; i++) {
        q->sent_tok[i] = q->n_tok;
        if ((rc = rd_an_run(q->an, s + q->sent[i].b, q->sent[i].e - q->sent[i].b, err)) != RD_OK ||
            (rc = add_tokens(q, err)) != RD_OK)
            return rc;
    }
    q->sent_tok[ns] = q->n_tok;
    *out = (rd_quote_passage){s, n, ns, q->sent, q->sent_tok, q->tok_term, q->tok_cue};
    return RD_OK;
}
