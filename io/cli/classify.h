/* io/cli/classify.h — `rodedraad classify MODEL_DIR INPUT... [-o FILE]`: new respondents
 * placed on a run's segments and themes with the saved model (io/read/model.h), never
 * refitted (engine/classify.h).
 *
 * The inputs are read like run's (every format; a CSV file gives a respondent per id or,
 * without an id column, per row) and analysed with the model's word lists, what the run
 * learned from its corpus and its stemmer; only the model's vocabulary counts. Respondent
 * ids that carry a person's name get pseudonyms as in run (--key-file keeps them stable).
 * One line per respondent, in input order:
 *   respondent, source, segment (empty when it does not fit), segment_name ("geen passend
 *   segment" when it does not fit), nearest (the nearest segment, always), fit, runner_up,
 *   runner_up_name, margin (fit less the runner-up's fit), passages, terms (of the model's
 *   vocabulary it used), theme_1 … theme_T (theme shares)
 * as TSV on standard output, or with -o FILE as CSV (--csv-dialect), written beside FILE
 * and renamed into place when complete; an existing FILE is replaced only with --force. */
#ifndef RD_CLI_CLASSIFY_H
#define RD_CLI_CLASSIFY_H

#include "engine/status.h"
#include "io/cli/options.h"

rd_status rd_cli_classify(const rd_cli_opts *op);

#endif
