/* io/cli/run.h — `rodedraad run INPUT... -o OUTDIR`: the whole analysis, wired from files
 * to written tables.
 *
 * files (io/read) → text stage: vocabulary and passage counts (nlp/textstage) → analysis:
 * TF-IDF, themes, theme shares, segments (engine/analysis) → descriptions: labels, quotes,
 * motivations, tensions, persona names (io/cli/describing) → the manifest, CSV, workbook,
 * model.json and names.tsv (io/write) written into a staging folder of OUTDIR
 * (io/write/outdir.h) and moved into place only when everything was written. */
#ifndef RD_CLI_RUN_H
#define RD_CLI_RUN_H

#include "engine/status.h"
#include "io/cli/options.h"

/* Runs op (op->cmd is RD_CMD_RUN); prints every problem, the summary and (with
 * RODEDRAAD_TIMINGS set) the stage timings on stderr. */
rd_status rd_cli_run(const rd_cli_opts *op);

#endif
