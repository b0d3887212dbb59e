/* io/cli/saved.h — the saved model of a run (io/read/model.h), gathered from what the run
 * used and found: its word lists, what it learned from the corpus (names of people left
 * out), the journey and the topic cards, the vocabulary and its weighting, the LSA basis,
 * the themes and the segments with their names and fit thresholds
 * (engine/classify.h). */
#ifndef RD_CLI_SAVED_H
#define RD_CLI_SAVED_H

#include "engine/analysis.h"
#include "engine/describe/describe.h"
#include "io/cli/cards.h"
#include "nlp/journey.h"
#include "nlp/people.h"
#include "nlp/stopwords.h"
#include "nlp/textstage.h"

typedef struct {
    const rd_stop *stop;
    const rd_journey *journey;    /* NULL: --journey none */
    const rd_codebook *codebook;  /* NULL without --codebook */
    const rd_cli_cards *cards;    /* its cards in the vocabulary (with codebook) */
    const rd_people *people;      /* names of people the run found, or NULL */
    const char *meta;             /* the META text: versions, options, sizes */
} rd_cli_saved_in;

rd_status rd_cli_model_save(const char *path, const rd_ts_result *ts, const rd_analysis *an,
                            const rd_description *rep, const rd_cli_saved_in *in, rd_err *err);

#endif
