/* io/cli/cards.c — see cards.h. */
#include "io/cli/cards.h"

#include <stdlib.h>
#include <string.h>

#include "nlp/quotetext.h"

void rd_cli_cards_free(rd_cli_cards *c)
{
    if (!c)
        return;
    free(c->off);
    free(c->seed_off);
    free(c->terms);
    free(c->info);
    memset(c, 0, sizeof *c);
}

enum { TERMS_PER_WORD = 16 };

rd_status rd_cli_cards_map(const rd_codebook *cb, const char *shown, const rd_ts_result *ts,
                           const rd_stop *stop, const char *algo, double weight,
                           rd_cli_cards *out, rd_err *err)
{
    rd_status rc;
    rd_qtext *q = NULL;
    size_t cap = 0, n = 0;
    memset(out, 0, sizeof *out);
    for (size_t c = 0; c < cb->n; c++)
        cap += cb->v[c].words.n * TERMS_PER_WORD;
    if (!(out->off = calloc(cb->n + 1, sizeof *out->off)) ||
        !(out->seed_off = calloc(cb->n + 1, sizeof *out->seed_off)) ||
        !(out->terms = malloc((cap + 1) * sizeof *out->terms)) ||
        !(out->info = calloc(cb->n + 1, sizeof *out->info))) {
        rc = rd_fail(err, RD_ENOMEM, "topic cards");
        goto done;
    }
    if ((rc = rd_qtext_new(stop, algo, NULL, ts->vocab, 0, &q, err)) != RD_OK)
        goto done;
    rd_qtext_set_frames(q, ts->frames);
    for (size_t c = 0; c < cb->n; c++) {
        const rd_card *card = &cb->v[c];
        size_t kept = 0, kept_name = 0, found = 0, given = 0;
        out->off[c] = n;
        for (size_t i = 0; i < card->words.n; i++) {
            size_t got, k;
            const char *w = card->words.v[i];
            if ((rc = rd_qtext_terms(q, w, strlen(w), out->terms + n, TERMS_PER_WORD, &got, &k,
                                     err)) != RD_OK)
                goto done;
            /* a term the card already has counts once */
            size_t fresh = 0;
            for (size_t a = 0; a < got; a++) {
                int seen = 0;
                for (size_t b = out->off[c]; b < n && !seen; b++)
                    seen = out->terms[b] == out->terms[n + a];
                if (!seen)
                    out->terms[n + fresh++] = out->terms[n + a];
            }
            n += fresh;
            if (i)
                kept += k;
            else
                kept_name = k;
            given += k > 0 && i > 0; /* the card's own words, not its name */
            found += got > 0 && i > 0;
        }
        /* its own words decide; a card of a name only (a .qdc code without description)
         * is its name */
        if (card->words.n > 1 ? !kept : !kept_name) {
            rc = rd_fail(err, RD_EDATA,
                         "%s:%zu: the card \"%s\" holds only stop words, fillers or words of "
                         "the conversation's frame (nothing a theme can be about); give it "
                         "the words its subject is talked about with",
                         shown, card->line, card->name);
            goto done;
        }
        out->info[c] = (rd_describe_card){.name = card->name, .terms = NULL,
                                          .n_terms = n - out->off[c], .words = given,
                                          .words_found = found};
    }
    out->off[cb->n] = n;
    /* The seeds: the cards with terms (their terms lie in order in terms[]). */
    size_t ns = 0;
    out->seed_off[0] = 0;
    for (size_t c = 0; c < cb->n; c++) {
        out->info[c].terms = out->terms + out->off[c];
        if (out->info[c].n_terms) {
            out->seed_off[ns + 1] = out->seed_off[ns] + out->info[c].n_terms;
            ns++;
        }
    }
    /* terms[] of the cards without terms is empty, so the seeds' terms are contiguous */
    out->seeds = (rd_theme_seeds){.n = ns, .off = out->seed_off, .terms = out->terms,
                                  .weight = weight};
done:
    rd_qtext_free(q);
    if (rc != RD_OK)
        rd_cli_cards_free(out);
    return rc;
}
