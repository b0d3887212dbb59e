/* io/cli/text.h — `rodedraad inspect | tokens | vocab`: the text stage's view of the
 * corpus as TSV on standard output (io/write/tsv.h), for checking what rodedraad reads.
 *
 *   inspect  respondent passage speaker role source text — every passage, interviewer
 *            turns included; source is path:line where the passage starts;
 *   tokens   respondent passage token norm stem kept — every token of the respondent
 *            passages (stem empty for numbers, dates, URLs and other non-words);
 *   vocab    term label df tf — the pruned vocabulary by tf descending, then term.
 * The header line is written only once every file has passed its checks, so a failed
 * command prints nothing on standard output. The output does not depend on -j. */
#ifndef RD_CLI_TEXT_H
#define RD_CLI_TEXT_H

#include "engine/status.h"
#include "io/cli/options.h"

rd_status rd_cli_text(const rd_cli_opts *op);

#endif
