/* io/cli/saved.c — see saved.h. */
#include "io/cli/saved.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/classify.h"
#include "engine/strbuf.h"
#include "io/write/model.h"
#include "nlp/frames.h"

/* A learned frame word that is also a name of a person the run found stays out. */
static int is_person(void *ctx, const char *w, size_t n)
{
    const rd_people *p = ctx;
    for (size_t i = 0, np = rd_people_count(p); i < np; i++) {
        size_t m;
        int cap;
        const char *name = rd_people_name(p, i, &m, &cap);
        if (m == n && strncasecmp(name, w, n) == 0)
            return 1;
    }
    return 0;
}

/* Column col of a description table as strings, one per row (borrowed; "" when empty). */
static const char **column(const rd_table *t, const char *col, size_t rows)
{
    const char **v = calloc(rows + 1, sizeof *v);
    for (size_t r = 0; v && r < rows; r++)
        v[r] = rd_table_text(t, r, col);
    return v;
}

rd_status rd_cli_model_save(const char *path, const rd_ts_result *ts, const rd_analysis *an,
                            const rd_description *rep, const rd_cli_saved_in *in, rd_err *err)
{
    rd_status rc = RD_OK;
    rd_buf frames = {0};
    size_t nt = an->n_terms, k = an->sg.k, T = an->th.k, nc = 0;
    const char **term = malloc((nt + 1) * sizeof *term), **labels = NULL, **names = NULL;
    const char **card_name = NULL, **card_term = NULL;
    float *threshold = malloc((k + 1) * sizeof *threshold);
    uint64_t *size = malloc((k + 1) * sizeof *size);
    if (!term || !threshold || !size) {
        rc = rd_fail(err, RD_ENOMEM, "%s: the model", path);
        goto done;
    }
    for (size_t t = 0; t < nt; t++) {
        size_t n;
        term[t] = rd_vocab_term(ts->vocab, (uint32_t)t, &n);
    }
    if (ts->frames &&
        (rc = rd_frames_save(ts->frames, in->people ? is_person : NULL, (void *)in->people,
                             &frames, err)) != RD_OK)
        goto done;
    const rd_table *const *tabs = (const rd_table *const *)rep->t;
    const rd_table *themes = rd_table_find(tabs, rep->n_tables, "themes");
    const rd_table *segs = rd_table_find(tabs, rep->n_tables, "segments");
    if (!(labels = column(themes, "label", T)) || !(names = column(segs, "name", k))) {
        rc = rd_fail(err, RD_ENOMEM, "%s: the model", path);
        goto done;
    }
    if ((rc = rd_classify_thresholds(an->sg.label, an->sg.fit, an->sg.n, k, threshold, err)) !=
        RD_OK)
        goto done;
    for (size_t j = 0; j < k; j++)
        size[j] = an->sg.size[j];
    if (in->codebook && in->cards) {
        nc = in->codebook->n;
        size_t nterms = in->cards->off[nc];
        if (!(card_name = malloc((nc + 1) * sizeof *card_name)) ||
            !(card_term = malloc((nterms + 1) * sizeof *card_term))) {
            rc = rd_fail(err, RD_ENOMEM, "%s: the model", path);
            goto done;
        }
        for (size_t c = 0; c < nc; c++)
            card_name[c] = in->codebook->v[c].name;
        for (size_t i = 0; i < nterms; i++) {
            size_t n;
            card_term[i] = rd_vocab_term(ts->vocab, in->cards->terms[i], &n);
        }
    }
    size_t stop_n = 0, journey_n = 0;
    const char *stop = rd_stop_text(in->stop, &stop_n);
    const char *journey = in->journey ? rd_journey_text(in->journey, &journey_n) : "";
    static const size_t no_off[1] = {0};
    rd_model m = {
        .meta = in->meta, .meta_n = strlen(in->meta), .stop = stop, .stop_n = stop_n,
        .frames = frames.s ? frames.s : "", .frames_n = frames.n, .journey = journey,
        .journey_n = journey_n, .n_cards = nc, .card_name = card_name,
        .card_off = nc ? in->cards->off : no_off, .card_term = card_term, .terms = nt,
        .term = term, .idf = an->idf, .dims = an->rep == RD_REP_PROFILE ? 0 : an->dims,
        .lsa_idf = an->basis.idf, .v = an->basis.v, .themes = T, .h = an->th.h,
        .context = an->context,
        .theme_label = labels, .rep = (uint32_t)an->rep, .k = k, .d = an->sg.d,
        .centres = an->sg.centers, .threshold = threshold,
        .passage_threshold = an->passage_threshold ? an->passage_threshold : threshold,
        .size = size, .seg_name = names};
    rc = rd_model_write(path, &m, err);
done:
    free(frames.s);
    free(term);
    free(labels);
    free(names);
    free(card_name);
    free(card_term);
    free(threshold);
    free(size);
    return rc;
}
