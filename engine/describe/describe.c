/* engine/describe/describe.c — see describe.h. The measures are documented in README.md
 * ("What run does"); the parts: facts.c (theme measures), theme_rows.c, segment_rows.c,
 * personas.c, quotes.c. */
#include "engine/describe/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/describe/journey.h"
#include "engine/describe/terms.h"

static const char *const THEME_COLS[] = {
    "theme", "label", "kind", "weight", "respondents", "share_respondents", "top_terms",
    "motivation_index", "tension_index", "motivation_rate", "tension_rate", "polarity_mix",
    "segment_spread", "motivations", "tensions", "quote", "quote_source", "quote_respondent"};
static const char *const SEG_COLS[] = {
    "segment", "name", "size", "share", "stability", "kind", "top_terms", "top_themes", "motivations",
    "tensions", "typical_respondents", "quote", "quote_source", "quote_respondent"};
static const char *const ST_COLS[] = {"segment", "theme", "label", "share_segment", "share_all",
                                      "lift", "motivation_share", "tension_share"};
static const char *const Q_COLS[] = {"kind", "id", "rank", "respondent", "source", "text"};
static const char *const SEL_COLS[] = {"stage", "candidate", "score", "stability", "silhouette",
                                       "smallest", "rel_err", "chosen"};
static const char *const NAME_COLS[] = {"segment", "name", "top_terms"};
static const char *const CARD_COLS[] = {
    "card",          "supported", "theme",        "share_passages", "respondents",
    "share_respondents", "words_found", "words", "evidence", "coherence", "added_terms", "note"};
static const char *const PASSAGE_COLS[] = {"respondent", "source", "theme", "share", "theme_2",
                                           "share_2", "stage", "stage_2"};
static const char *const JOURNEY_COLS[] = {"segment", "order", "stage", "title", "passages",
                                           "share", "second", "motivation_rate", "tension_rate",
                                           "quote", "quote_source", "quote_respondent"};
/* The respondents table's own columns; then the attributes, then theme_1 .. theme_T. */
static const char *const RESP_FIXED[] = {"respondent", "segment", "segment_name", "fit",
                                         "stability",  "passages", "source"};
enum { N_FIXED = 7 };

#define NCOLS(a) (sizeof(a) / sizeof *(a))

size_t rd__strongest_theme(const rd__dctx *c, size_t p)
{
    const float *w = c->in->th->w + p * c->T;
    size_t best = 0;
    for (size_t j = 1; j < c->T; j++)
        if (w[j] > w[best])
            best = j;
    return c->T && w[best] > 0.0f ? best : c->T;
}

void rd__source_of(rd__dctx *c, size_t row)
{
    snprintf(c->src, sizeof c->src, "%s:%u", c->in->source[c->in->row_doc[row]],
             (unsigned)c->in->row_line[row]);
}

rd_status rd__add_quote(rd__dctx *c, rd_table *qt, const char *kind, const char *id, size_t rank,
                        size_t row, const float *rel, unsigned cue_mask, const char **text,
                        rd_err *err)
{
    char *q;
    rd_status rc = rd_quote_make(&c->in->quotes, row, rel, cue_mask, &q, err);
    if (rc != RD_OK)
        return rc;
    size_t r = rd_table_add_row(qt);
    rd__source_of(c, row);
    rd_table_str(qt, r, 0, kind);
    rd_table_str(qt, r, 1, id);
    rd_table_int(qt, r, 2, (long long)rank);
    rd_table_str(qt, r, 3, c->in->respondent[c->in->row_doc[row]]);
    rd_table_str(qt, r, 4, c->src);
    rd_table_str(qt, r, 5, q);
    free(q);
    if (!rd_table_ok(qt))
        return rd_fail(err, RD_ENOMEM, "quotes table");
    if (text)
        *text = rd_table_at(qt, r, 5)->s;
    return RD_OK;
}

/* The candidates of the automatic choices of T and k. */
static rd_status build_selection(rd__dctx *c, rd_table *t, rd_err *err)
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
        const rd_segments_cand *s = &sg->cands[i];
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

/* One row per respondent: segment, fit, stability, passages, source, attributes, theme
 * shares. */
static rd_status build_respondents(rd__dctx *c, rd_table *resp, rd_err *err)
{
    const rd_segments *sg = c->in->sg;
    size_t na = c->in->n_attr, T = c->T;
    for (size_t d = 0; d < c->N; d++) {
        size_t r = rd_table_add_row(resp);
        rd_table_str(resp, r, 0, c->in->respondent[d]);
        rd_table_int(resp, r, 1, (long long)sg->label[d] + 1);
        rd_table_str(resp, r, 2, "");
        rd_table_num(resp, r, 3, sg->fit[d], 4);
        rd_table_num(resp, r, 4, sg->stability[d], 4);
        rd_table_int(resp, r, 5, (long long)(c->doc_row[d + 1] - c->doc_row[d]));
        rd_table_str(resp, r, 6, c->in->source[d]);
        for (size_t a = 0; a < na; a++) {
            const char *v = c->in->attr[d * na + a];
            rd_table_str(resp, r, N_FIXED + a, v ? v : "");
        }
        for (size_t j = 0; j < T; j++)
            rd_table_num(resp, r, N_FIXED + na + j, c->in->profile[d * T + j], 4);
    }
    return rd_table_ok(resp) ? RD_OK : rd_fail(err, RD_ENOMEM, "respondents table");
}

rd_table *rd_describe_passages_table(void)
{
    return rd_table_new("passages", "Passages", NCOLS(PASSAGE_COLS), PASSAGE_COLS);
}

rd_status rd_describe_passages(const rd_description *d, size_t from, size_t to, rd_table *t,
                               rd_err *err)
{
    const rd_passage_rows *pr = &d->passages;
    size_t T = pr->T;
    char src[4352];
    rd_table_clear(t);
    for (size_t p = from; p < to && p < pr->P; p++) {
        const float *wp = pr->w + p * T;
        size_t a = T, b = T;
        double sum = 0.0;
        for (size_t j = 0; j < T; j++) {
            if (!(wp[j] > 0.0f))
                continue;
            sum += wp[j];
            if (a == T || wp[j] > wp[a]) {
                b = a;
                a = j;
            } else if (b == T || wp[j] > wp[b]) {
                b = j;
            }
        }
        size_t r = rd_table_add_row(t);
        snprintf(src, sizeof src, "%s:%u", pr->source[pr->row_doc[p]], (unsigned)pr->row_line[p]);
        rd_table_str(t, r, 0, pr->respondent[pr->row_doc[p]]);
        rd_table_str(t, r, 1, src);
        if (a < T) {
            rd_table_int(t, r, 2, (long long)a + 1);
            rd_table_num(t, r, 3, wp[a] / sum, 4);
        }
        if (b < T) {
            rd_table_int(t, r, 4, (long long)b + 1);
            rd_table_num(t, r, 5, wp[b] / sum, 4);
        }
        if (pr->stage && pr->stage[p] >= 0)
            rd_table_str(t, r, 6, pr->stage_key[pr->stage[p]]);
        if (pr->stage2 && pr->stage2[p] >= 0)
            rd_table_str(t, r, 7, pr->stage_key[pr->stage2[p]]);
    }
    return rd_table_ok(t) ? RD_OK : rd_fail(err, RD_ENOMEM, "passages table");
}

/* Puts the persona names on their segments: the segments table, the respondents table and
 * the names.tsv rows. */
static rd_status apply_names(rd__dctx *c, rd_description *out, const int32_t *seg_name,
                             rd_err *err)
{
    rd_table *st = out->t[1], *resp = out->t[2], *nt = out->names;
    size_t top = rd_table_col(st, "top_terms");
    for (size_t s = 0; s < c->K; s++) {
        const char *name = seg_name[s] >= 0 ? c->in->names[seg_name[s]].name : "";
        if (seg_name[s] < 0 && c->in->carried && c->in->carried[s]) {
            name = c->in->carried[s];
            for (size_t o = 0; o < c->K; o++)
                if (seg_name[o] >= 0 && strcmp(c->in->names[seg_name[o]].name, name) == 0)
                    name = ""; /* the persona names file put it elsewhere */
        }
        rd_table_str(st, s, 1, name);
        size_t r = rd_table_add_row(nt);
        rd_table_int(nt, r, 0, (long long)s + 1);
        rd_table_str(nt, r, 1, name);
        const rd_value *v = rd_table_at(st, s, top);
        rd_table_str(nt, r, 2, v->kind == RD_V_STR ? v->s : "");
    }
    size_t name_col = rd_table_col(st, "name");
    for (size_t d = 0; d < c->N; d++) {
        const rd_value *v = rd_table_at(st, (size_t)c->in->sg->label[d], name_col);
        if (v->kind == RD_V_STR && v->s && v->s[0])
            rd_table_str(resp, d, 2, v->s);
    }
    return rd_table_ok(st) && rd_table_ok(resp) && rd_table_ok(nt)
               ? RD_OK
               : rd_fail(err, RD_ENOMEM, "names");
}

/* Which rows belong to which respondent, and which passages are motivation or tension
 * passages: a motivation passage has at least one motivation cue; a tension passage a
 * contrast cue together with a negation or a negative judgement, or a positive and a
 * negative judgement side by side. Short passages make weaker quotes (lenw). */
static void passage_facts(rd__dctx *c)
{
    const rd_describe_in *in = c->in;
    /* The text stage writes each doc's rows together, in doc order. */
    for (size_t p = 0; p < c->P; p++)
        c->doc_row[in->row_doc[p] + 1] = p + 1;
    for (size_t d = 1; d <= c->N; d++)
        if (c->doc_row[d] < c->doc_row[d - 1])
            c->doc_row[d] = c->doc_row[d - 1];
    for (size_t p = 0; p < c->P; p++) {
        const uint16_t *cu = in->row_cues + p * RD_CUE_SLOTS;
        c->mot[p] = cu[RD_CUE_MOTIVATION] > 0;
        c->ten[p] = (cu[RD_CUE_CONTRAST] > 0 && cu[RD_CUE_NEGATION] + cu[RD_CUE_NEGATIVE] > 0) ||
                    (cu[RD_CUE_POSITIVE] > 0 && cu[RD_CUE_NEGATIVE] > 0);
        double wd = cu[RD_CUE_WORDS];
        c->lenw[p] = wd >= FULL_WORDS ? 1.0 : (wd + 1.0) / (FULL_WORDS + 1.0);
    }
}

/* The respondents table's columns: the fixed ones, the attribute columns (a name that
 * would clash with one of rodedraad's gets " (csv)"), theme_1 .. theme_T. */
static rd_table *respondents_table(const rd_describe_in *in, size_t T)
{
    size_t na = in->n_attr, n = N_FIXED + na + T;
    char **cols = calloc(n, sizeof *cols);
    rd_table *t = NULL;
    int ok = cols != NULL;
    for (size_t i = 0; ok && i < N_FIXED; i++)
        ok = (cols[i] = strdup(RESP_FIXED[i])) != NULL;
    for (size_t a = 0; ok && a < na; a++) {
        const char *an = in->attr_name[a];
        int clash = strncmp(an, "theme_", 6) == 0;
        for (size_t i = 0; i < N_FIXED; i++)
            clash |= strcmp(an, RESP_FIXED[i]) == 0;
        size_t len = strlen(an) + 7;
        if ((ok = (cols[N_FIXED + a] = malloc(len)) != NULL))
            snprintf(cols[N_FIXED + a], len, clash ? "%s (csv)" : "%s", an);
    }
    for (size_t j = 0; ok && j < T; j++) {
        char nm[32];
        snprintf(nm, sizeof nm, "theme_%zu", j + 1);
        ok = (cols[N_FIXED + na + j] = strdup(nm)) != NULL;
    }
    if (ok)
        t = rd_table_new("respondents", "Respondenten", n, (const char *const *)cols);
    for (size_t i = 0; cols && i < n; i++)
        free(cols[i]);
    free(cols);
    return t;
}

void rd_describe_free(rd_description *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < RD_DESCRIBE_TABLES; i++)
        rd_table_free(d->t[i]);
    rd_table_free(d->names);
    free(d->passages.stage);
    free(d->passages.stage2);
    free(d->passages.stage_key);
    rd_table_free(d->cards);
    rd_strlist_free(&d->notes);
    memset(d, 0, sizeof *d);
}

rd_status rd_describe_run(const rd_describe_in *in, rd_description *out, rd_err *err)
{
    rd_status rc = RD_OK;
    rd__dctx c = {.in = in, .P = in->x->n_rows, .V = in->x->n_cols, .T = in->th->k,
                  .K = in->sg->k, .N = in->n_docs, .notes = &out->notes};
    rd__facts f = {0};
    int32_t *seg_name = NULL;
    rd_journey_place jp = {0};
    size_t S = in->n_stages;
    memset(out, 0, sizeof *out);
    if ((rc = rd_terms_phrases_init(&c.ph, c.V, in->phrase, in->phrase_first, in->phrase_second,
                                    err)) != RD_OK)
        return rc;
    if (!(c.mot = calloc(c.P + 1, 1)) || !(c.ten = calloc(c.P + 1, 1)) ||
        !(c.lenw = malloc((c.P + 1) * sizeof *c.lenw)) ||
        !(seg_name = malloc((c.K + 1) * sizeof *seg_name)) ||
        !(c.doc_row = calloc(c.N + 1, sizeof *c.doc_row))) {
        rc = rd_fail(err, RD_ENOMEM, "descriptions");
        goto done;
    }
    if (S && (!(jp.stage = malloc((c.P + 1) * sizeof *jp.stage)) ||
              !(jp.stage2 = malloc((c.P + 1) * sizeof *jp.stage2)) ||
              !(jp.by = malloc(c.P + 1)) || !(jp.score = malloc((c.P + 1) * sizeof *jp.score)))) {
        rc = rd_fail(err, RD_ENOMEM, "journey");
        goto done;
    }
    passage_facts(&c);
    if (!(out->t[0] = rd_table_new("themes", "Thema's", NCOLS(THEME_COLS), THEME_COLS)) ||
        !(out->t[1] = rd_table_new("segments", "Segmenten", NCOLS(SEG_COLS), SEG_COLS)) ||
        !(out->t[2] = respondents_table(in, c.T)) ||
        !(out->t[3] = rd_table_new("segment_themes", "Segmenten x thema's", NCOLS(ST_COLS),
                                   ST_COLS)) ||
        !(out->t[4] = rd_table_new("quotes", "Citaten", NCOLS(Q_COLS), Q_COLS)) ||
        !(out->t[5] = rd_table_new("selection", "Modelkeuze", NCOLS(SEL_COLS), SEL_COLS)) ||
        !(out->names = rd_table_new("names", "Namen", NCOLS(NAME_COLS), NAME_COLS)) ||
        (in->n_cards && !(out->cards = rd_table_new("cards", "Themakaartjes", NCOLS(CARD_COLS),
                                                    CARD_COLS))) ||
        (S && !(out->t[6] = rd_table_new("journey", "Klantreis", NCOLS(JOURNEY_COLS),
                                         JOURNEY_COLS)))) {
        rc = rd_fail(err, RD_ENOMEM, "tables");
        goto done;
    }
    out->n_tables = S ? 7 : 6;
    rd_journey_in ji = {.P = c.P, .S = S, .T = c.T, .hits = in->row_stages, .w = in->th->w,
                        .group = in->row_doc,
                        .question = RD_JOURNEY_QUESTION, .min_theme = RD_JOURNEY_MIN_THEME};
    if (S && ((rc = rd_journey_place_run(&ji, &jp, err)) != RD_OK))
        goto done;
    if ((rc = rd__facts_compute(&c, &f, err)) != RD_OK ||
        (rc = rd__describe_themes(&c, &f, out->t[0], out->t[4], err)) != RD_OK ||
        (rc = rd__describe_segments(&c, &f, out->t[1], out->t[3], out->t[4], err)) != RD_OK ||
        (rc = build_respondents(&c, out->t[2], err)) != RD_OK ||
        (rc = build_selection(&c, out->t[5], err)) != RD_OK ||
        (out->cards && (rc = rd__describe_cards(&c, &f, out->cards, err)) != RD_OK) ||
        (S && (rc = rd__describe_journey(&c, jp.stage, jp.stage2, out->t[6], out->t[4], err)) != RD_OK) ||
        (rc = rd_personas_match(c.seg_score, c.K, c.V, in->names, in->names ? in->n_names : 0,
                                in->name_min_sim, seg_name, &out->notes, &out->names_matched,
                                &out->names_unmatched, err)) != RD_OK ||
        (rc = apply_names(&c, out, seg_name, err)) != RD_OK)
        goto done;
    /* the passages table's rows are made when it is written (rd_describe_passages) */
    out->passages = (rd_passage_rows){.P = c.P, .T = c.T, .n_stages = S, .w = in->th->w,
                                      .row_doc = in->row_doc, .row_line = in->row_line,
                                      .respondent = in->respondent, .source = in->source};
    if (S) {
        if (!(out->passages.stage_key = malloc(S * sizeof *out->passages.stage_key))) {
            rc = rd_fail(err, RD_ENOMEM, "passages table");
            goto done;
        }
        memcpy(out->passages.stage_key, in->stage_key, S * sizeof *in->stage_key);
        out->passages.stage = jp.stage;
        out->passages.stage2 = jp.stage2;
        jp.stage = jp.stage2 = NULL;
    }
done:
    if (rc != RD_OK)
        rd_describe_free(out);
    rd__facts_free(&f, c.T);
    free(seg_name);
    free(jp.stage);
    free(jp.stage2);
    free(jp.by);
    free(jp.score);
    free(c.mot);
    free(c.ten);
    free(c.lenw);
    free(c.seg_score);
    free(c.doc_row);
    rd_terms_phrases_free(&c.ph);
    return rc;
}
