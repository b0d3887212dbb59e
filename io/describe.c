/* io/describe.c — see describe.h. The measures are documented in README.md ("What run
 * does"); the comments here say how each is computed. */
#include "io/describe.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/strbuf.h"
#include "nlp/analyse.h"
#include "nlp/redact.h"

enum {
    TOP_TERMS = 10,    /* top_terms of a theme or segment */
    LABEL_TERMS = 3,   /* surface forms in a theme label */
    CUE_TERMS = 5,     /* terms listed as a theme's motivations / tensions */
    SEG_THEMES = 3,    /* themes listed per segment (top_themes, motivations, tensions) */
    TYPICAL = 3,       /* typical respondents per segment, one quote each */
    THEME_QUOTES = 3,  /* quotes per theme, from different respondents */
    CUE_QUOTES = 2,    /* quotes per theme motivation / tension */
    QUOTE_MIN = 120,   /* a quote grows by neighbouring sentences up to about this */
    QUOTE_MAX = 320,   /* bytes; longer sentences are cut at a word with "…" */
    MAX_SENT = 512,
    FULL_WORDS = 20    /* passages shorter than this many words make weaker quotes */
};

#define TENSION_MASK ((1u << RD_CUE_CONTRAST) | (1u << RD_CUE_NEGATION) | (1u << RD_CUE_NEGATIVE))
#define MOTIVATION_MASK (1u << RD_CUE_MOTIVATION)

typedef struct {
    size_t b, e;
} span;

typedef struct {
    const rd_describe_in *in;
    const rd_ts_result *ts;
    size_t P, V, T, K, N;
    uint8_t *mot, *ten;    /* per passage: motivation / tension passage */
    double *lenw;          /* per passage: min(1, words / FULL_WORDS) */
    rd_an *an;
    int32_t *form_term;    /* per analyser form: vocabulary term, -1 none, -2 not looked up */
    size_t n_form_term;
    rd_redactor *red;
    size_t red_doc;        /* doc whose speaker names the redactor holds */
    size_t doc;            /* cached: the doc whose transcript is tr */
    int loaded;
    rd_source file;          /* cached: the file of that doc, read again */
    size_t file_doc;       /* a doc of that file */
    rd_transcript tr;      /* borrowed from file: the doc's unit */
    char src[4200];
    double *seg_score;     /* K × V: distinguishing score of each term per segment */
    size_t *doc_row;       /* N + 1: the rows of doc d are doc_row[d] .. doc_row[d+1]-1 */
} dctx;

/* ---- small helpers ---- */

/* Indices of the `top` largest of v[0..n) (descending, lower index on ties) into idx,
 * skipping values ≤ floor; returns how many. */
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

static void label_of(const dctx *c, size_t t, rd_buf *b)
{
    size_t ln;
    const char *l = rd_vocab_label(c->ts->vocab, (uint32_t)t, &ln);
    rd_buf_put(b, l, ln);
}

/* "a; b; c" from term indices. */
static void join_terms(const dctx *c, const size_t *idx, size_t n, const char *sep, rd_buf *b)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            rd_buf_put(b, sep, strlen(sep));
        label_of(c, idx[i], b);
    }
}

static void source_of(dctx *c, size_t row)
{
    snprintf(c->src, sizeof c->src, "%s:%u", c->ts->source[c->ts->row_doc[row]],
             (unsigned)c->ts->row_line[row]);
}

/* Vocabulary term of a stem (terms are sorted by stem bytes), or -1. */
static int32_t find_term(const rd_vocab *v, const char *s, size_t n)
{
    size_t lo = 0, hi = rd_vocab_size(v);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, tn;
        const char *t = rd_vocab_term(v, (uint32_t)mid, &tn);
        int cmp = memcmp(t, s, tn < n ? tn : n);
        if (cmp == 0)
            cmp = tn < n ? -1 : tn > n ? 1 : 0;
        if (cmp == 0)
            return (int32_t)mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* ---- quotes ---- */

/* Parses the transcript of doc d (cached: quotes come in runs from the same files). */
static rd_status load_doc(dctx *c, size_t d, rd_err *err)
{
    if (c->loaded && c->doc == d)
        return RD_OK;
    rd_status rc = RD_OK;
    if (!c->loaded || strcmp(c->ts->source[c->file_doc], c->ts->source[d]) != 0) {
        rd_source_free(&c->file);
        c->loaded = 0;
        rd_err e;
        rc = rd_reader_load(c->ts->source[d], c->in->ropts, &c->file, &e);
        c->file_doc = d;
    }
    if (rc != RD_OK || c->ts->doc_unit[d] >= c->file.n_u) {
        rd_source_free(&c->file);
        return rd_fail(err, rc == RD_ENOMEM ? RD_ENOMEM : RD_EIO,
                       "%s: changed or unreadable while rodedraad was running; rerun", c->ts->source[d]);
    }
    c->loaded = 1;
    c->tr = c->file.u[c->ts->doc_unit[d]].tr;
    c->doc = d;
    return RD_OK;
}

/* The redactor masks the speaker names of doc d: respondents' names become the
 * respondent id, interviewers' names "[interviewer]". Generic labels stay. */
static rd_status redact_names(dctx *c, size_t d, rd_err *err)
{
    rd_status rc = RD_OK;
    if (!c->red || c->red_doc == d)
        return RD_OK;
    rd_redact_clear_names(c->red);
    for (size_t p = 0; p < c->tr.n && rc == RD_OK; p++) {
        const char *sp = c->tr.v[p].speaker;
        size_t sn = strlen(sp);
        if (!sn || rd_redact_is_generic_label(sp, sn))
            continue;
        rc = rd_redact_add_name(c->red, sp, sn,
                                c->tr.v[p].role == RD_ROLE_INTERVIEWER ? "[interviewer]"
                                                                        : c->ts->respondent[d],
                                err);
    }
    c->red_doc = d;
    return rc;
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

/* Sentences of s[0..n): a sentence ends after . ! ? or … (and closing quotes or
 * brackets) followed by a space, unless the dot ends an abbreviation. */
static size_t split_sentences(const char *s, size_t n, span *out, size_t cap)
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
        out[k++] = (span){b, e};
        while (e < n && s[e] == ' ')
            e++;
        b = e;
        i = e - 1;
    }
    if (b < n)
        out[k++] = (span){b, n};
    return k;
}

/* Relevance of s[0..n) to rel (over terms) plus one per cue of cue_mask. */
static rd_status score_text(dctx *c, const char *s, size_t n, const float *rel, unsigned cue_mask,
                            double *score, rd_err *err)
{
    rd_status rc = rd_an_run(c->an, s, n, err);
    *score = 0.0;
    if (rc != RD_OK)
        return rc;
    size_t nt = rd_an_count(c->an);
    const uint32_t *fm = rd_an_forms(c->an);
    const uint8_t *kept = rd_an_kept(c->an);
    size_t nf = rd_an_form_count(c->an);
    if (nf > c->n_form_term) {
        size_t nc = nf * 2;
        int32_t *ft = realloc(c->form_term, nc * sizeof *ft);
        if (!ft)
            return rd_fail(err, RD_ENOMEM, "quote scoring");
        for (size_t i = c->n_form_term; i < nc; i++)
            ft[i] = -2;
        c->form_term = ft;
        c->n_form_term = nc;
    }
    for (size_t t = 0; t < nt; t++) {
        if (fm[t] == RD_AN_NOFORM)
            continue;
        if (rd_an_form_cue(c->an, fm[t]) & cue_mask)
            *score += 1.0;
        if (!kept[t] || !rel)
            continue;
        if (c->form_term[fm[t]] == -2) {
            const char *st;
            size_t sn;
            if ((rc = rd_an_form_stem(c->an, fm[t], &st, &sn, err)) != RD_OK)
                return rc;
            c->form_term[fm[t]] = find_term(c->ts->vocab, st, sn);
        }
        if (c->form_term[fm[t]] >= 0)
            *score += rel[c->form_term[fm[t]]];
    }
    return RD_OK;
}

/* The quote of passage `row`: the sentence that scores best on rel and cue_mask, grown
 * by its better-scoring neighbours while the quote is under QUOTE_MIN bytes (and stays
 * within QUOTE_MAX); a single longer sentence is cut at a word with "…". Masked unless
 * redaction is off. *out malloc'ed. */
static rd_status make_quote(dctx *c, size_t row, const float *rel, unsigned cue_mask, char **out,
                            rd_err *err)
{
    rd_status rc;
    size_t d = c->ts->row_doc[row], pn = c->ts->row_passage[row];
    span sent[MAX_SENT];
    double sc[MAX_SENT];
    *out = NULL;
    if ((rc = load_doc(c, d, err)) != RD_OK || (rc = redact_names(c, d, err)) != RD_OK)
        return rc;
    if (pn < 1 || pn > c->tr.n)
        return rd_fail(err, RD_EIO, "%s: changed while rodedraad was running; rerun",
                       c->ts->source[d]);
    const char *s = c->tr.v[pn - 1].text;
    size_t n = c->tr.v[pn - 1].text_n;
    size_t ns = split_sentences(s, n, sent, MAX_SENT), best = 0;
    for (size_t i = 0; i < ns; i++) {
        if ((rc = score_text(c, s + sent[i].b, sent[i].e - sent[i].b, rel, cue_mask, &sc[i],
                             err)) != RD_OK)
            return rc;
        /* per sentence, longer sentences should not win only by their length */
        sc[i] /= sqrt(1.0 + (double)(sent[i].e - sent[i].b) / 40.0);
        if (sc[i] > sc[best])
            best = i;
    }
    size_t a = best, z = best; /* window of sentences [a, z] */
    while (ns && sent[z].e - sent[a].b < QUOTE_MIN) {
        int can_l = a > 0 && sent[z].e - sent[a - 1].b <= QUOTE_MAX;
        int can_r = z + 1 < ns && sent[z + 1].e - sent[a].b <= QUOTE_MAX;
        if (can_l && (!can_r || sc[a - 1] > sc[z + 1]))
            a--;
        else if (can_r)
            z++;
        else
            break;
    }
    size_t qb = ns ? sent[a].b : 0, qe = ns ? sent[z].e : n, len = qe - qb;
    int cut = 0;
    if (len > QUOTE_MAX) {
        len = QUOTE_MAX;
        while (len > QUOTE_MAX / 2 && s[qb + len] != ' ')
            len--;
        while (len > 0 && ((unsigned char)s[qb + len] & 0xC0) == 0x80)
            len--; /* never split a UTF-8 sequence */
        cut = 1;
    }
    const char *q = s + qb;
    size_t qn = len;
    if (c->red && (rc = rd_redact_apply(c->red, s + qb, len, &q, &qn, err)) != RD_OK)
        return rc;
    if (!(*out = malloc(qn + 4)))
        return rd_fail(err, RD_ENOMEM, "quotes");
    memcpy(*out, q, qn);
    if (cut)
        memcpy(*out + qn, "\xE2\x80\xA6", 3), qn += 3;
    (*out)[qn] = '\0';
    return RD_OK;
}

/* Appends a row to the quotes table and returns the quote text in *text (owned by the
 * table), so callers can put the first quote in their own table too. */
static rd_status add_quote(dctx *c, rd_table *qt, const char *kind, const char *id, size_t rank,
                           size_t row, const float *rel, unsigned cue_mask, const char **text,
                           rd_err *err)
{
    char *q;
    rd_status rc = make_quote(c, row, rel, cue_mask, &q, err);
    if (rc != RD_OK)
        return rc;
    size_t r = rd_table_add_row(qt);
    source_of(c, row);
    rd_table_str(qt, r, 0, kind);
    rd_table_str(qt, r, 1, id);
    rd_table_int(qt, r, 2, (long long)rank);
    rd_table_str(qt, r, 3, c->ts->respondent[c->ts->row_doc[row]]);
    rd_table_str(qt, r, 4, c->src);
    rd_table_str(qt, r, 5, q);
    free(q);
    if (!rd_table_ok(qt))
        return rd_fail(err, RD_ENOMEM, "quotes table");
    if (text)
        *text = rd_table_at(qt, r, 5)->s;
    return RD_OK;
}

/* Up to `want` passages with the largest score[p] (> 0), from different respondents. */
static size_t pick_passages(const dctx *c, const double *score, size_t want, size_t *out)
{
    size_t got = 0;
    for (size_t p = 0; p < c->P; p++) {
        if (!(score[p] > 0))
            continue;
        size_t d = c->ts->row_doc[p], k;
        for (k = 0; k < got; k++)
            if (c->ts->row_doc[out[k]] == d)
                break;
        if (k < got) { /* same respondent: keep the better one */
            if (score[p] > score[out[k]]) {
                for (size_t m = k; m + 1 < got; m++)
                    out[m] = out[m + 1];
                got--;
            } else {
                continue;
            }
        }
        size_t pos = got < want ? got++ : want;
        if (pos == want) {
            if (!(score[p] > score[out[want - 1]]))
                continue;
            pos = want - 1;
        }
        while (pos > 0 && score[p] > score[out[pos - 1]]) {
            out[pos] = out[pos - 1];
            pos--;
        }
        out[pos] = p;
    }
    return got;
}

/* ---- tables ---- */

static const char *const THEME_COLS[] = {
    "theme", "label", "kind", "weight", "respondents", "share_respondents", "top_terms",
    "motivation_index", "tension_index", "motivation_rate", "tension_rate", "polarity_mix",
    "segment_spread", "motivations", "tensions", "quote", "quote_source", "quote_respondent"};
static const char *const SEG_COLS[] = {
    "segment", "name", "size", "share", "stability", "top_terms", "top_themes", "motivations",
    "tensions", "typical_respondents", "quote", "quote_source", "quote_respondent"};
static const char *const ST_COLS[] = {"segment", "theme", "label", "share_segment", "share_all",
                                      "lift", "motivation_share", "tension_share"};
static const char *const Q_COLS[] = {"kind", "id", "rank", "respondent", "source", "text"};
static const char *const SEL_COLS[] = {"stage", "candidate", "score", "stability", "silhouette",
                                       "smallest", "rel_err", "chosen"};
static const char *const NAME_COLS[] = {"segment", "name", "top_terms"};

#define NCOLS(a) (sizeof(a) / sizeof *(a))

typedef struct {
    double *mass, *mrate, *trate, *mix, *spread, *mi, *ti; /* per theme */
    double *seg_mean;   /* K × T mean theme share of the members */
    double *all_mean;   /* T */
    double *seg_mot, *seg_ten; /* K × T share of the segment's motivation / tension talk */
    double *all_mot, *all_ten; /* T */
    size_t *talks;      /* T: respondents for whom the theme dominates a passage */
    char **label;       /* T theme labels */
    float *rel;         /* T × V: H rows scaled to max 1, for quote scoring */
} theme_facts;

static void facts_free(theme_facts *f, size_t T)
{
    free(f->mass);
    free(f->mrate);
    free(f->trate);
    free(f->mix);
    free(f->spread);
    free(f->mi);
    free(f->ti);
    free(f->seg_mean);
    free(f->all_mean);
    free(f->seg_mot);
    free(f->seg_ten);
    free(f->all_mot);
    free(f->all_ten);
    free(f->talks);
    for (size_t j = 0; f->label && j < T; j++)
        free(f->label[j]);
    free(f->label);
    free(f->rel);
}

/* Per theme: mass, motivation and tension rates, polarity mix, spread across segments,
 * the two indices; per segment × theme: mean share and shares of motivation and tension
 * talk. See README "Motivations and tensions". */
static rd_status compute_facts(dctx *c, theme_facts *f, rd_err *err)
{
    size_t T = c->T, K = c->K, P = c->P, V = c->V;
    const float *w = c->in->th->w;
    const int32_t *lab = c->in->sg->label;
    double *pos = calloc(T, sizeof *pos), *neg = calloc(T, sizeof *neg);
    double *mt = calloc(K + 1, sizeof *mt), *tt = calloc(K + 1, sizeof *tt);
    unsigned char *talk = calloc(c->N * T + 1, 1);
    rd_status rc = RD_OK;
    if (!(f->mass = calloc(T, sizeof(double))) || !(f->mrate = calloc(T, sizeof(double))) ||
        !(f->trate = calloc(T, sizeof(double))) || !(f->mix = calloc(T, sizeof(double))) ||
        !(f->spread = calloc(T, sizeof(double))) || !(f->mi = calloc(T, sizeof(double))) ||
        !(f->ti = calloc(T, sizeof(double))) || !(f->seg_mean = calloc(K * T, sizeof(double))) ||
        !(f->all_mean = calloc(T, sizeof(double))) ||
        !(f->seg_mot = calloc(K * T, sizeof(double))) ||
        !(f->seg_ten = calloc(K * T, sizeof(double))) ||
        !(f->all_mot = calloc(T, sizeof(double))) || !(f->all_ten = calloc(T, sizeof(double))) ||
        !(f->talks = calloc(T, sizeof(size_t))) || !(f->label = calloc(T, sizeof(char *))) ||
        !(f->rel = malloc(T * V * sizeof(float) + 1)) || !pos || !neg || !mt || !tt || !talk) {
        rc = rd_fail(err, RD_ENOMEM, "theme measures");
        goto done;
    }
    for (size_t p = 0; p < P; p++) {
        const uint16_t *cu = c->ts->row_cues + p * RD_AN_CUE_SLOTS;
        size_t s = (size_t)lab[c->ts->row_doc[p]], best = 0;
        for (size_t j = 0; j < T; j++) {
            double x = w[p * T + j];
            f->mass[j] += x;
            f->mrate[j] += x * c->mot[p];
            f->trate[j] += x * c->ten[p];
            pos[j] += x * cu[RD_CUE_POSITIVE];
            neg[j] += x * cu[RD_CUE_NEGATIVE];
            f->seg_mot[s * T + j] += x * c->mot[p];
            f->seg_ten[s * T + j] += x * c->ten[p];
            if (w[p * T + j] > w[p * T + best])
                best = j;
        }
        if (T && w[p * T + best] > 0.0f)
            talk[(size_t)c->ts->row_doc[p] * T + best] = 1;
    }
    for (size_t r = 0; r < c->N; r++)
        for (size_t j = 0; j < T; j++) {
            double x = c->in->profile[r * T + j];
            f->seg_mean[(size_t)lab[r] * T + j] += x;
            f->all_mean[j] += x / (double)c->N;
            f->talks[j] += talk[r * T + j];
        }
    for (size_t s = 0; s < K; s++) {
        for (size_t j = 0; j < T; j++) {
            f->seg_mean[s * T + j] /= (double)c->in->sg->size[s];
            mt[s] += f->seg_mot[s * T + j];
            tt[s] += f->seg_ten[s * T + j];
        }
        for (size_t j = 0; j < T; j++) {
            f->all_mot[j] += f->seg_mot[s * T + j];
            f->all_ten[j] += f->seg_ten[s * T + j];
            f->seg_mot[s * T + j] = mt[s] > 0 ? f->seg_mot[s * T + j] / mt[s] : 0.0;
            f->seg_ten[s * T + j] = tt[s] > 0 ? f->seg_ten[s * T + j] / tt[s] : 0.0;
        }
    }
    double smt = 0, stt = 0;
    for (size_t j = 0; j < T; j++) {
        smt += f->all_mot[j];
        stt += f->all_ten[j];
    }
    double m_avg = 0, t_avg = 0, x_avg = 0, s_avg = 0;
    for (size_t j = 0; j < T; j++) {
        f->all_mot[j] = smt > 0 ? f->all_mot[j] / smt : 0.0;
        f->all_ten[j] = stt > 0 ? f->all_ten[j] / stt : 0.0;
        f->mrate[j] = f->mass[j] > 0 ? f->mrate[j] / f->mass[j] : 0.0;
        f->trate[j] = f->mass[j] > 0 ? f->trate[j] / f->mass[j] : 0.0;
        f->mix[j] = pos[j] + neg[j] > 0 ? 2.0 * fmin(pos[j], neg[j]) / (pos[j] + neg[j]) : 0.0;
        /* spread: coefficient of variation of the segments' mean shares of the theme,
         * weighted by segment size */
        double var = 0;
        for (size_t s = 0; s < K; s++) {
            double dlt = f->seg_mean[s * T + j] - f->all_mean[j];
            var += (double)c->in->sg->size[s] / (double)c->N * dlt * dlt;
        }
        f->spread[j] = f->all_mean[j] > 0 ? sqrt(var) / f->all_mean[j] : 0.0;
        m_avg += f->mrate[j] / (double)T;
        t_avg += f->trate[j] / (double)T;
        x_avg += f->mix[j] / (double)T;
        s_avg += f->spread[j] / (double)T;
    }
    /* Indices are relative to the average theme of this run: 1 = average. The tension
     * index averages the components that vary at all. */
    for (size_t j = 0; j < T; j++) {
        f->mi[j] = m_avg > 0 ? f->mrate[j] / m_avg : 0.0;
        double sum = 0;
        int parts = 0;
        if (t_avg > 0)
            sum += f->trate[j] / t_avg, parts++;
        if (x_avg > 0)
            sum += f->mix[j] / x_avg, parts++;
        if (s_avg > 0)
            sum += f->spread[j] / s_avg, parts++;
        f->ti[j] = parts ? sum / parts : 0.0;
    }
    /* Quote relevance: each theme's term weights scaled to a maximum of 1. */
    for (size_t j = 0; j < T; j++) {
        const float *h = c->in->th->h + j * V;
        float mx = 0;
        for (size_t t = 0; t < V; t++)
            mx = h[t] > mx ? h[t] : mx;
        for (size_t t = 0; t < V; t++)
            f->rel[j * V + t] = mx > 0 ? h[t] / mx : 0.0f;
    }
done:
    free(pos);
    free(neg);
    free(mt);
    free(tt);
    free(talk);
    return rc;
}

static char *take_text(rd_buf *b)
{
    char *s = b->s ? b->s : calloc(1, 1);
    b->s = NULL;
    b->n = b->cap = 0;
    return s;
}

static rd_status build_themes(dctx *c, theme_facts *f, rd_table *tt, rd_table *qt, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t T = c->T, V = c->V, P = c->P;
    const float *h = c->in->th->h, *w = c->in->th->w;
    double *score = malloc((V > P ? V : P) * sizeof *score + 8), *colsum = calloc(V + 1, sizeof *colsum);
    /* theme-dominant passages: term sums over all, motivation and tension passages */
    float *acc = calloc(3 * T * V + 1, sizeof *acc);
    size_t *cnt = calloc(3 * T + 1, sizeof *cnt), idx[TOP_TERMS > CUE_QUOTES ? TOP_TERMS : CUE_QUOTES];
    size_t pick[THEME_QUOTES > CUE_QUOTES ? THEME_QUOTES : CUE_QUOTES];
    rd_buf b = {0};
    char id[32];
    if (!score || !colsum || !acc || !cnt) {
        rc = rd_fail(err, RD_ENOMEM, "theme descriptions");
        goto done;
    }
    for (size_t j = 0; j < T; j++)
        for (size_t t = 0; t < V; t++)
            colsum[t] += h[j * V + t];
    for (size_t p = 0; p < P; p++) {
        size_t best = 0;
        for (size_t j = 1; j < T; j++)
            if (w[p * T + j] > w[p * T + best])
                best = j;
        if (!(w[p * T + best] > 0.0f))
            continue;
        for (int k = 0; k < 3; k++) {
            if ((k == 1 && !c->mot[p]) || (k == 2 && !c->ten[p]))
                continue;
            float *a = acc + ((size_t)k * T + best) * V;
            cnt[(size_t)k * T + best]++;
            for (int64_t e = c->in->x->indptr[p]; e < c->in->x->indptr[p + 1]; e++)
                a[c->in->x->indices[e]] += c->in->x->data[e];
        }
    }
    for (size_t j = 0; j < T; j++) {
        /* label: weight × exclusivity (the share of the term's weight over all themes
         * that is this theme's), so that words every theme uses do not name one */
        for (size_t t = 0; t < V; t++)
            score[t] = colsum[t] > 0 ? (double)h[j * V + t] * h[j * V + t] / colsum[t] : 0.0;
        size_t nl = top_idx(score, V, LABEL_TERMS, 0.0, idx);
        join_terms(c, idx, nl, ", ", &b);
        f->label[j] = take_text(&b);
        if (!f->label[j]) {
            rc = rd_fail(err, RD_ENOMEM, "theme labels");
            goto done;
        }
        size_t r = rd_table_add_row(tt);
        rd_table_int(tt, r, 0, (long long)j + 1);
        rd_table_str(tt, r, 1, f->label[j]);
        const char *kind = "theme";
        if (f->ti[j] >= 1.1 && f->ti[j] >= f->mi[j])
            kind = "tension";
        else if (f->mi[j] >= 1.1)
            kind = "motivation";
        rd_table_str(tt, r, 2, kind);
        rd_table_num(tt, r, 3, c->in->th->weight[j], 4);
        rd_table_int(tt, r, 4, (long long)f->talks[j]);
        rd_table_num(tt, r, 5, (double)f->talks[j] / (double)c->N, 4);
        for (size_t t = 0; t < V; t++)
            score[t] = h[j * V + t];
        size_t nt = top_idx(score, V, TOP_TERMS, 0.0, idx);
        for (size_t i = 0; i < nt; i++) {
            if (i)
                rd_buf_put(&b, "; ", 2);
            label_of(c, idx[i], &b);
            rd_buf_printf(&b, " %.3f", score[idx[i]]);
        }
        rd_table_str(tt, r, 6, rd_buf_text(&b));
        rd_buf_reset(&b);
        rd_table_num(tt, r, 7, f->mi[j], 3);
        rd_table_num(tt, r, 8, f->ti[j], 3);
        rd_table_num(tt, r, 9, f->mrate[j], 3);
        rd_table_num(tt, r, 10, f->trate[j], 3);
        rd_table_num(tt, r, 11, f->mix[j], 3);
        rd_table_num(tt, r, 12, f->spread[j], 3);
        /* motivations / tensions: terms whose mean weight in the theme's motivation
         * (tension) passages most exceeds their mean weight in all its passages */
        for (int k = 1; k < 3; k++) {
            const float *a0 = acc + j * V, *ak = acc + ((size_t)k * T + j) * V;
            size_t n0 = cnt[j], nk = cnt[(size_t)k * T + j];
            for (size_t t = 0; t < V; t++)
                score[t] = nk && n0 ? ak[t] / (double)nk - a0[t] / (double)n0 : 0.0;
            size_t nc = top_idx(score, V, CUE_TERMS, 0.0, idx);
            join_terms(c, idx, nc, "; ", &b);
            rd_table_str(tt, r, (size_t)(12 + k), rd_buf_text(&b));
            rd_buf_reset(&b);
        }
        /* quotes: the passages that weigh most on the theme (longer ones preferred),
         * one per respondent; then motivation and tension quotes */
        for (size_t p = 0; p < P; p++)
            score[p] = w[p * T + j] * c->lenw[p];
        size_t nq = pick_passages(c, score, THEME_QUOTES, pick);
        snprintf(id, sizeof id, "T%zu", j + 1);
        for (size_t i = 0; i < nq; i++) {
            const char *q;
            if ((rc = add_quote(c, qt, "theme", id, i + 1, pick[i], f->rel + j * V, 0, &q, err)) !=
                RD_OK)
                goto done;
            if (i == 0) {
                rd_table_str(tt, r, 15, q);
                source_of(c, pick[0]);
                rd_table_str(tt, r, 16, c->src);
                rd_table_str(tt, r, 17, c->ts->respondent[c->ts->row_doc[pick[0]]]);
            }
        }
        for (int k = 1; k < 3; k++) {
            const uint8_t *flag = k == 1 ? c->mot : c->ten;
            for (size_t p = 0; p < P; p++)
                score[p] = flag[p] ? w[p * T + j] * c->lenw[p] : 0.0;
            nq = pick_passages(c, score, CUE_QUOTES, pick);
            for (size_t i = 0; i < nq; i++)
                if ((rc = add_quote(c, qt, k == 1 ? "motivation" : "tension", id, i + 1, pick[i],
                                    f->rel + j * V, k == 1 ? MOTIVATION_MASK : TENSION_MASK, NULL,
                                    err)) != RD_OK)
                    goto done;
        }
        if (!rd_table_ok(tt) || b.oom) {
            rc = rd_fail(err, RD_ENOMEM, "themes table");
            goto done;
        }
    }
done:
    free(score);
    free(colsum);
    free(acc);
    free(cnt);
    free(b.s);
    return rc;
}

/* "T3 label (×1.85); …" for the themes idx[0..n) with their ratios. */
static void theme_list(const theme_facts *f, const size_t *idx, size_t n, const double *ratio,
                       rd_buf *b)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            rd_buf_put(b, "; ", 2);
        rd_buf_printf(b, "T%zu %s (\xC3\x97%.2f)", idx[i] + 1, f->label[idx[i]], ratio[idx[i]]);
    }
}

static rd_status build_segments(dctx *c, const theme_facts *f, rd_table *st, rd_table *stt,
                                rd_table *qt, rd_table *resp, rd_err *err)
{
    rd_status rc = RD_OK;
    size_t K = c->K, T = c->T, V = c->V, P = c->P, N = c->N;
    const rd_segments *sg = c->in->sg;
    const rd_csr *x = c->in->x;
    double *sum = calloc(K * V + 1, sizeof *sum), *all = calloc(V + 1, sizeof *all);
    double *score = malloc(((V > P ? V : P) + T) * sizeof *score + 8);
    double *lift = malloc((T + 1) * sizeof *lift), *ml = malloc((T + 1) * sizeof *ml),
           *tl = malloc((T + 1) * sizeof *tl), *rank = malloc((T + 1) * sizeof *rank);
    float *rel = malloc((V + 1) * sizeof *rel);
    size_t *npass = calloc(K + 1, sizeof *npass), idx[TOP_TERMS + SEG_THEMES];
    size_t *typ = malloc((N + 1) * sizeof *typ);
    rd_buf b = {0};
    char id[48];
    if (!sum || !all || !score || !lift || !ml || !tl || !rank || !rel || !npass || !typ ||
        !(c->seg_score = calloc(K * V + 1, sizeof *c->seg_score))) {
        rc = rd_fail(err, RD_ENOMEM, "segment descriptions");
        goto done;
    }
    for (size_t p = 0; p < P; p++) {
        size_t s = (size_t)sg->label[c->ts->row_doc[p]];
        npass[s]++;
        for (int64_t e = x->indptr[p]; e < x->indptr[p + 1]; e++) {
            sum[s * V + (size_t)x->indices[e]] += x->data[e];
            all[x->indices[e]] += x->data[e];
        }
    }
    for (size_t s = 0; s < K; s++) {
        size_t r = rd_table_add_row(st);
        /* distinguishing terms: mean TF-IDF in the segment's passages minus the mean in
         * the other segments' passages */
        size_t rest = P - npass[s];
        double *ss = c->seg_score + s * V, mx = 0;
        for (size_t t = 0; t < V; t++) {
            double in = npass[s] ? sum[s * V + t] / (double)npass[s] : 0.0;
            double out = rest ? (all[t] - sum[s * V + t]) / (double)rest : 0.0;
            ss[t] = in - out;
            mx = ss[t] > mx ? ss[t] : mx;
        }
        for (size_t t = 0; t < V; t++)
            rel[t] = ss[t] > 0 && mx > 0 ? (float)(ss[t] / mx) : 0.0f;
        size_t nt = top_idx(ss, V, TOP_TERMS, 0.0, idx);
        join_terms(c, idx, nt, "; ", &b);
        rd_table_int(st, r, 0, (long long)s + 1);
        rd_table_str(st, r, 1, "");
        rd_table_int(st, r, 2, (long long)sg->size[s]);
        rd_table_num(st, r, 3, (double)sg->size[s] / (double)N, 4);
        double stab = 0;
        size_t nm = 0;
        for (size_t d = 0; d < N; d++)
            if ((size_t)sg->label[d] == s) {
                stab += sg->stability[d];
                typ[nm++] = d;
            }
        rd_table_num(st, r, 4, nm ? stab / (double)nm : 0.0, 4);
        rd_table_str(st, r, 5, rd_buf_text(&b));
        rd_buf_reset(&b);
        /* themes against the average: the members' mean share over everyone's */
        for (size_t j = 0; j < T; j++) {
            lift[j] = f->all_mean[j] > 0 ? f->seg_mean[s * T + j] / f->all_mean[j] : 0.0;
            ml[j] = f->all_mot[j] > 0 ? f->seg_mot[s * T + j] / f->all_mot[j] : 0.0;
            tl[j] = f->all_ten[j] > 0 ? f->seg_ten[s * T + j] / f->all_ten[j] : 0.0;
            size_t q = rd_table_add_row(stt);
            rd_table_int(stt, q, 0, (long long)s + 1);
            rd_table_int(stt, q, 1, (long long)j + 1);
            rd_table_str(stt, q, 2, f->label[j]);
            rd_table_num(stt, q, 3, f->seg_mean[s * T + j], 4);
            rd_table_num(stt, q, 4, f->all_mean[j], 4);
            rd_table_num(stt, q, 5, lift[j], 4);
            rd_table_num(stt, q, 6, f->seg_mot[s * T + j], 4);
            rd_table_num(stt, q, 7, f->seg_ten[s * T + j], 4);
        }
        size_t nth = top_idx(lift, T, SEG_THEMES, 1.0, idx);
        theme_list(f, idx, nth, lift, &b);
        rd_table_str(st, r, 6, rd_buf_text(&b));
        rd_buf_reset(&b);
        /* motivations (tensions): the themes that take the largest share of the
         * segment's motivation (tension) talk, weighted by how much more than the
         * average segment: share × ratio */
        size_t mot_th[SEG_THEMES], ten_th[SEG_THEMES], nmo, nte;
        for (size_t j = 0; j < T; j++)
            rank[j] = f->seg_mot[s * T + j] * ml[j];
        nmo = top_idx(rank, T, SEG_THEMES, 0.0, mot_th);
        theme_list(f, mot_th, nmo, ml, &b);
        rd_table_str(st, r, 7, rd_buf_text(&b));
        rd_buf_reset(&b);
        for (size_t j = 0; j < T; j++)
            rank[j] = f->seg_ten[s * T + j] * tl[j];
        nte = top_idx(rank, T, SEG_THEMES, 0.0, ten_th);
        theme_list(f, ten_th, nte, tl, &b);
        rd_table_str(st, r, 8, rd_buf_text(&b));
        rd_buf_reset(&b);
        /* typical respondents: highest fit (cosine to the segment centre) */
        for (size_t i = 1; i < nm; i++) {
            size_t v = typ[i], k = i;
            while (k > 0 && (sg->fit[typ[k - 1]] < sg->fit[v] ||
                             (sg->fit[typ[k - 1]] == sg->fit[v] && typ[k - 1] > v))) {
                typ[k] = typ[k - 1];
                k--;
            }
            typ[k] = v;
        }
        size_t nty = nm < TYPICAL ? nm : TYPICAL;
        for (size_t i = 0; i < nty; i++) {
            if (i)
                rd_buf_put(&b, "; ", 2);
            rd_buf_put(&b, c->ts->respondent[typ[i]], strlen(c->ts->respondent[typ[i]]));
        }
        rd_table_str(st, r, 9, rd_buf_text(&b));
        rd_buf_reset(&b);
        /* quotes: from each typical respondent, the passage that weighs most on the
         * segment's characteristic themes (by lift); with fewer than three members, more
         * passages of the same ones */
        snprintf(id, sizeof id, "S%zu", s + 1);
        size_t rank_q = 0;
        for (size_t round = 0; round < 3 && rank_q < TYPICAL; round++)
            for (size_t i = 0; i < nty && rank_q < TYPICAL; i++) {
                /* a respondent's passages are consecutive rows */
                size_t pa = c->doc_row[typ[i]], pz = c->doc_row[typ[i] + 1];
                for (size_t p = pa; p < pz; p++) {
                    score[p] = 0.0;
                    for (size_t j = 0; j < T; j++)
                        score[p] += (lift[j] > 1.0 ? lift[j] : 0.0) * c->in->th->w[p * T + j];
                    score[p] = (score[p] + 1e-6) * c->lenw[p];
                }
                size_t pk[3];
                size_t got = 0;
                /* the (round+1)-th best passage of this respondent */
                for (size_t q = 0; q <= round; q++) {
                    size_t bp = P;
                    for (size_t p = pa; p < pz; p++)
                        if (score[p] > 0 && (bp == P || score[p] > score[bp]))
                            bp = p;
                    if (bp == P)
                        break;
                    pk[got++] = bp;
                    score[bp] = 0.0;
                }
                if (got <= round)
                    continue;
                const char *q;
                if ((rc = add_quote(c, qt, "segment", id, ++rank_q, pk[round], rel, 0, &q, err)) !=
                    RD_OK)
                    goto done;
                if (rank_q == 1) {
                    rd_table_str(st, r, 10, q);
                    source_of(c, pk[round]);
                    rd_table_str(st, r, 11, c->src);
                    rd_table_str(st, r, 12, c->ts->respondent[typ[i]]);
                }
            }
        /* a quote per segment motivation and tension, from the segment's members */
        for (int k = 0; k < 2; k++) {
            const size_t *th_list = k == 0 ? mot_th : ten_th;
            size_t nl = k == 0 ? nmo : nte;
            const uint8_t *flag = k == 0 ? c->mot : c->ten;
            for (size_t i = 0; i < nl; i++) {
                size_t j = th_list[i];
                for (size_t p = 0; p < P; p++)
                    score[p] = flag[p] && (size_t)sg->label[c->ts->row_doc[p]] == s
                                   ? c->in->th->w[p * T + j] * c->lenw[p]
                                   : 0.0;
                size_t pk;
                if (!pick_passages(c, score, 1, &pk))
                    continue;
                snprintf(id, sizeof id, "S%zu/T%zu", s + 1, j + 1);
                if ((rc = add_quote(c, qt, k == 0 ? "motivation" : "tension", id, 1, pk,
                                    f->rel + j * V, k == 0 ? MOTIVATION_MASK : TENSION_MASK, NULL,
                                    err)) != RD_OK)
                    goto done;
            }
        }
        if (!rd_table_ok(st) || !rd_table_ok(stt) || b.oom) {
            rc = rd_fail(err, RD_ENOMEM, "segments table");
            goto done;
        }
    }
    /* respondents */
    for (size_t d = 0; d < N; d++) {
        size_t r = rd_table_add_row(resp);
        rd_table_str(resp, r, 0, c->ts->respondent[d]);
        rd_table_int(resp, r, 1, (long long)sg->label[d] + 1);
        rd_table_str(resp, r, 2, "");
        rd_table_num(resp, r, 3, sg->fit[d], 4);
        rd_table_num(resp, r, 4, sg->stability[d], 4);
        rd_table_int(resp, r, 5, (long long)(c->doc_row[d + 1] - c->doc_row[d]));
        rd_table_str(resp, r, 6, c->ts->source[d]);
        size_t na = c->ts->n_attr;
        for (size_t a = 0; a < na; a++) {
            const char *v = c->ts->attr[d * na + a];
            if (!v) {
                rd_table_str(resp, r, 7 + a, "");
                continue;
            }
            /* attribute values are free text too: the same masks as quotes */
            const char *m = v;
            size_t mn = strlen(v);
            if (c->red) {
                rd_redact_clear_names(c->red);
                c->red_doc = (size_t)-1;
                if ((rc = rd_redact_apply(c->red, v, mn, &m, &mn, err)) != RD_OK)
                    goto done;
            }
            rd_table_strn(resp, r, 7 + a, m, mn);
        }
        for (size_t j = 0; j < T; j++)
            rd_table_num(resp, r, 7 + na + j, c->in->profile[d * T + j], 4);
    }
    if (!rd_table_ok(resp))
        rc = rd_fail(err, RD_ENOMEM, "respondents table");
done:
    free(sum);
    free(all);
    free(score);
    free(lift);
    free(ml);
    free(tl);
    free(rank);
    free(rel);
    free(npass);
    free(typ);
    free(b.s);
    return rc;
}

static rd_status build_selection(dctx *c, rd_table *t, rd_err *err)
{
    const rd_themes *th = c->in->th;
    const rd_segments *sg = c->in->sg;
    for (size_t i = 0; i < th->n_cands; i++) {
        size_t r = rd_table_add_row(t);
        rd_table_str(t, r, 0, "themes");
        rd_table_int(t, r, 1, (long long)th->cands[i].t);
        rd_table_num(t, r, 2, th->cands[i].stability, 4);
        rd_table_num(t, r, 3, th->cands[i].stability, 4);
        rd_table_num(t, r, 6, th->cands[i].rel_err, 4);
        rd_table_int(t, r, 7, th->cands[i].t == c->T);
    }
    for (size_t i = 0; i < sg->n_cands; i++) {
        const rd_seg_cand *s = &sg->cands[i];
        size_t r = rd_table_add_row(t);
        rd_table_str(t, r, 0, "segments");
        rd_table_int(t, r, 1, (long long)s->k);
        rd_table_num(t, r, 2, s->eligible ? s->score : NAN, 4);
        rd_table_num(t, r, 3, s->stability, 4);
        rd_table_num(t, r, 4, s->silhouette, 4);
        rd_table_int(t, r, 5, (long long)s->smallest);
        rd_table_int(t, r, 7, s->k == c->K);
    }
    return rd_table_ok(t) ? RD_OK : rd_fail(err, RD_ENOMEM, "selection table");
}

/* ---- persona names ----
 * A name's terms (from the researcher's names.tsv) are stemmed like the corpus and
 * looked up in this run's vocabulary; the name's vector weighs its i-th term 1/(i+1).
 * Its similarity to a segment is the cosine between that vector and the positive part of
 * the segment's distinguishing-term scores. Names and segments are paired greedily, most
 * similar pair first, one to one; a name whose best remaining segment is less similar
 * than name_min_sim is reported and not placed. */
static rd_status match_names(dctx *c, rd_report *out, int32_t *seg_name, rd_err *err)
{
    rd_status rc = RD_OK;
    const rd_names *nm = c->in->names;
    size_t K = c->K, V = c->V, M = nm ? nm->n : 0;
    double *sim = calloc(M * K + 1, sizeof *sim), *snorm = calloc(K + 1, sizeof *snorm);
    int32_t *name_seg = malloc((M + 1) * sizeof *name_seg);
    if (!sim || !snorm || !name_seg) {
        rc = rd_fail(err, RD_ENOMEM, "name matching");
        goto done;
    }
    for (size_t s = 0; s < K; s++) {
        seg_name[s] = -1;
        for (size_t t = 0; t < V; t++) {
            double v = c->seg_score[s * V + t];
            snorm[s] += v > 0 ? v * v : 0.0;
        }
        snorm[s] = sqrt(snorm[s]);
    }
    for (size_t i = 0; i < M; i++) {
        const rd_name *n = &nm->v[i];
        double unorm = 0;
        name_seg[i] = -1;
        for (size_t k = 0; k < n->n_terms; k++) {
            /* normalise and stem the term like a corpus word */
            if ((rc = rd_an_run(c->an, n->terms[k], strlen(n->terms[k]), err)) != RD_OK)
                goto done;
            const uint32_t *fm = rd_an_forms(c->an);
            int32_t term = -1;
            for (size_t t = 0; t < rd_an_count(c->an) && term < 0; t++) {
                const char *st;
                size_t sn;
                if (fm[t] == RD_AN_NOFORM)
                    continue;
                if ((rc = rd_an_form_stem(c->an, fm[t], &st, &sn, err)) != RD_OK)
                    goto done;
                term = find_term(c->ts->vocab, st, sn);
            }
            double wgt = 1.0 / (double)(k + 1);
            unorm += wgt * wgt;
            if (term < 0)
                continue;
            for (size_t s = 0; s < K; s++) {
                double v = c->seg_score[s * V + (size_t)term];
                sim[i * K + s] += v > 0 ? wgt * v : 0.0;
            }
        }
        for (size_t s = 0; s < K; s++)
            sim[i * K + s] = unorm > 0 && snorm[s] > 0 ? sim[i * K + s] / (sqrt(unorm) * snorm[s])
                                                       : 0.0;
    }
    for (;;) {
        size_t bi = M, bs = K;
        for (size_t i = 0; i < M; i++)
            for (size_t s = 0; s < K; s++)
                if (name_seg[i] < 0 && seg_name[s] < 0 &&
                    (bi == M || sim[i * K + s] > sim[bi * K + bs]))
                    bi = i, bs = s;
        if (bi == M || sim[bi * K + bs] < c->in->name_min_sim)
            break;
        name_seg[bi] = (int32_t)bs;
        seg_name[bs] = (int32_t)bi;
    }
    for (size_t i = 0; i < M; i++) {
        char msg[700];
        if (name_seg[i] >= 0) {
            out->names_matched++;
            continue;
        }
        out->names_unmatched++;
        double best = 0;
        for (size_t s = 0; s < K; s++)
            best = sim[i * K + s] > best ? sim[i * K + s] : best;
        snprintf(msg, sizeof msg,
                 "name \"%.200s\" (line %zu) found no matching segment (best similarity %.2f, "
                 "needed %.2f); it is not used",
                 nm->v[i].name, nm->v[i].line, best, c->in->name_min_sim);
        if ((rc = rd_strlist_push(&out->notes, msg, err)) != RD_OK)
            goto done;
    }
done:
    free(sim);
    free(snorm);
    free(name_seg);
    return rc;
}

static rd_status apply_names(dctx *c, rd_report *out, const int32_t *seg_name, rd_err *err)
{
    rd_table *st = out->t[1], *resp = out->t[2], *nt = out->names;
    size_t top = rd_table_col(st, "top_terms");
    for (size_t s = 0; s < c->K; s++) {
        const char *name = seg_name[s] >= 0 ? c->in->names->v[seg_name[s]].name : "";
        rd_table_str(st, s, 1, name);
        size_t r = rd_table_add_row(nt);
        rd_table_int(nt, r, 0, (long long)s + 1);
        rd_table_str(nt, r, 1, name);
        const rd_value *v = rd_table_at(st, s, top);
        rd_table_str(nt, r, 2, v->kind == RD_V_STR ? v->s : "");
    }
    for (size_t d = 0; d < c->N; d++) {
        int32_t k = seg_name[c->in->sg->label[d]];
        if (k >= 0)
            rd_table_str(resp, d, 2, c->in->names->v[k].name);
    }
    return rd_table_ok(st) && rd_table_ok(resp) && rd_table_ok(nt)
               ? RD_OK
               : rd_fail(err, RD_ENOMEM, "names");
}

void rd_report_free(rd_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < RD_REPORT_TABLES; i++)
        rd_table_free(r->t[i]);
    rd_table_free(r->names);
    rd_strlist_free(&r->notes);
    memset(r, 0, sizeof *r);
}

rd_status rd_describe(const rd_describe_in *in, rd_report *out, rd_err *err)
{
    rd_status rc = RD_OK;
    dctx c = {.in = in, .ts = in->ts, .P = in->x->n_rows, .V = in->x->n_cols, .T = in->th->k,
              .K = in->sg->k, .N = in->ts->n_docs, .red_doc = SIZE_MAX, .doc = SIZE_MAX};
    theme_facts f = {0};
    int32_t *seg_name = NULL;
    size_t T = c.T;
    char **rcols = NULL;
    memset(out, 0, sizeof *out);
    if (!(c.mot = calloc(c.P + 1, 1)) || !(c.ten = calloc(c.P + 1, 1)) ||
        !(c.lenw = malloc((c.P + 1) * sizeof *c.lenw)) ||
        !(seg_name = malloc((c.K + 1) * sizeof *seg_name)) ||
        !(c.doc_row = calloc(c.N + 1, sizeof *c.doc_row)) ||
        !(rcols = calloc(7 + in->ts->n_attr + T, sizeof *rcols))) {
        rc = rd_fail(err, RD_ENOMEM, "descriptions");
        goto done;
    }
    /* The text stage writes each doc's rows together, in doc order. */
    for (size_t p = 0; p < c.P; p++)
        c.doc_row[in->ts->row_doc[p] + 1] = p + 1;
    for (size_t d = 1; d <= c.N; d++)
        if (c.doc_row[d] < c.doc_row[d - 1])
            c.doc_row[d] = c.doc_row[d - 1];
    /* Motivation passage: at least one motivation cue. Tension passage: a contrast cue
     * together with a negation or a negative judgement, or a positive and a negative
     * judgement side by side. */
    for (size_t p = 0; p < c.P; p++) {
        const uint16_t *cu = in->ts->row_cues + p * RD_AN_CUE_SLOTS;
        c.mot[p] = cu[RD_CUE_MOTIVATION] > 0;
        c.ten[p] = (cu[RD_CUE_CONTRAST] > 0 && cu[RD_CUE_NEGATION] + cu[RD_CUE_NEGATIVE] > 0) ||
                   (cu[RD_CUE_POSITIVE] > 0 && cu[RD_CUE_NEGATIVE] > 0);
        double wd = cu[RD_CUE__COUNT];
        c.lenw[p] = wd >= FULL_WORDS ? 1.0 : (wd + 1.0) / (FULL_WORDS + 1.0);
    }
    if ((rc = rd_an_new(in->stop, in->algo, &c.an, err)) != RD_OK)
        goto done;
    if (in->cues)
        rd_an_set_cues(c.an, in->cues);
    if (in->redact && (rc = rd_redact_new(&c.red, err)) != RD_OK)
        goto done;
    static const char *const fixed[] = {"respondent", "segment", "segment_name", "fit",
                                        "stability",  "passages", "source"};
    size_t NA = in->ts->n_attr;
    for (size_t i = 0; i < 7; i++)
        rcols[i] = (char *)fixed[i];
    /* CSV attribute columns, between the fixed columns and the theme shares; a name that
     * would clash with one of rodedraad's gets " (csv)" */
    for (size_t a = 0; a < NA; a++) {
        const char *an = in->ts->attr_name[a];
        int clash = strncmp(an, "theme_", 6) == 0;
        for (size_t i = 0; i < 7; i++)
            clash |= strcmp(an, fixed[i]) == 0;
        size_t len = strlen(an) + 7;
        if (!(rcols[7 + a] = malloc(len))) {
            rc = rd_fail(err, RD_ENOMEM, "descriptions");
            goto done;
        }
        snprintf(rcols[7 + a], len, clash ? "%s (csv)" : "%s", an);
    }
    for (size_t j = 0; j < T; j++) {
        char nm[32];
        snprintf(nm, sizeof nm, "theme_%zu", j + 1);
        if (!(rcols[7 + NA + j] = strdup(nm))) {
            rc = rd_fail(err, RD_ENOMEM, "descriptions");
            goto done;
        }
    }
    if (!(out->t[0] = rd_table_new("themes", "Thema's", NCOLS(THEME_COLS), THEME_COLS)) ||
        !(out->t[1] = rd_table_new("segments", "Segmenten", NCOLS(SEG_COLS), SEG_COLS)) ||
        !(out->t[2] = rd_table_new("respondents", "Respondenten", 7 + NA + T,
                                   (const char *const *)rcols)) ||
        !(out->t[3] = rd_table_new("segment_themes", "Segmenten x thema's", NCOLS(ST_COLS),
                                   ST_COLS)) ||
        !(out->t[4] = rd_table_new("quotes", "Citaten", NCOLS(Q_COLS), Q_COLS)) ||
        !(out->t[5] = rd_table_new("selection", "Modelkeuze", NCOLS(SEL_COLS), SEL_COLS)) ||
        !(out->names = rd_table_new("names", "Namen", NCOLS(NAME_COLS), NAME_COLS))) {
        rc = rd_fail(err, RD_ENOMEM, "tables");
        goto done;
    }
    if ((rc = compute_facts(&c, &f, err)) != RD_OK ||
        (rc = build_themes(&c, &f, out->t[0], out->t[4], err)) != RD_OK ||
        (rc = build_segments(&c, &f, out->t[1], out->t[3], out->t[4], out->t[2], err)) != RD_OK ||
        (rc = build_selection(&c, out->t[5], err)) != RD_OK ||
        (rc = match_names(&c, out, seg_name, err)) != RD_OK ||
        (rc = apply_names(&c, out, seg_name, err)) != RD_OK)
        goto done;
done:
    if (rc != RD_OK)
        rd_report_free(out);
    for (size_t j = 0; rcols && j < in->ts->n_attr + T; j++)
        free(rcols[7 + j]);
    free(rcols);
    facts_free(&f, T);
    free(seg_name);
    free(c.mot);
    free(c.ten);
    free(c.lenw);
    free(c.form_term);
    free(c.seg_score);
    free(c.doc_row);
    rd_source_free(&c.file);
    rd_an_free(c.an);
    rd_redact_free(c.red);
    return rc;
}
