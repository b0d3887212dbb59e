/* io/cli/cards.h — topic cards (--codebook, io/read/codebook.h) looked up in the run's
 * vocabulary: the seeds of the guided themes (engine/themes.h) and what the descriptions
 * report per card (engine/describe/describe.h).
 *
 * A card's words and phrases are analysed like corpus text (normalised, stop, filler and
 * frame words dropped, phrases joined, stemmed); its terms are the vocabulary terms they
 * give (a phrase of the vocabulary and each of its words). A card whose words are all stop,
 * filler or frame words is an error (RD_EDATA, "FILE:LINE: …"); a card none of whose
 * words the corpus uses is not: it gets its theme all the same and is reported as not
 * supported by the data. */
#ifndef RD_CLI_CARDS_H
#define RD_CLI_CARDS_H

#include "engine/describe/describe.h"
#include "engine/themes.h"
#include "io/read/codebook.h"
#include "nlp/stopwords.h"
#include "nlp/textstage.h"

typedef struct {
    rd_theme_seeds seeds;  /* for the themes: seeds.off / seeds.terms point into the below */
    size_t *off;           /* n + 1: card c's terms are terms[off[c] .. off[c+1]) */
    size_t *seed_off;      /* the same for the cards with terms (the seeds) */
    uint32_t *terms;       /* the cards' terms */
    rd_describe_card *info; /* n: per card what the descriptions report */
} rd_cli_cards;

/* Looks up the cards of cb (read from `shown`) in ts's vocabulary into *out (zeroed first;
 * rd_cli_cards_free). weight: the cards' prior weight (engine/select.h). */
rd_status rd_cli_cards_map(const rd_codebook *cb, const char *shown, const rd_ts_result *ts,
                           const rd_stop *stop, const char *algo, double weight,
                           rd_cli_cards *out, rd_err *err);
void rd_cli_cards_free(rd_cli_cards *c);

#endif
