/* io/cli/inputs.h — what every subcommand reads before its own work: the INPUT files, the
 * word lists, and the text stage over the files, with the user told about every file that
 * could not be used. The CLI speaks: these functions print their problems (one line each,
 * naming the file) and return the status main maps to an exit code. */
#ifndef RD_CLI_INPUTS_H
#define RD_CLI_INPUTS_H

#include "engine/lists.h"
#include "io/cli/options.h"
#include "io/cli/privacy.h"
#include "io/read/files.h"
#include "io/cli/progress.h"
#include "nlp/cues.h"
#include "nlp/journey.h"
#include "nlp/stopwords.h"
#include "nlp/textstage.h"

/* Maximum size of one input file (a larger one is refused, exit 65). */
enum { RD_CLI_MAX_FILE_BYTES = 256u << 20 };

/* Prints one "rodedraad: <prefix><message>" line per entry (control characters and
 * invalid UTF-8 escaped, io/read/pathname.h). */
void rd_cli_print_problems(const rd_errlist *l, const char *prefix);

/* The INPUT arguments as a sorted file set (io/read/files.h; *files zero-initialised by the
 * caller, rd_files_set_free), with what was set aside told (io/cli/account.h). A missing
 * input or a folder without transcripts is RD_ENOINPUT, with every such input named, and
 * so are entries that could not be read unless --skip-bad is given, and inputs that leave
 * nothing to read (only lock files named, say). For run, an OUTDIR
 * inside an input folder (or an input inside OUTDIR) is refused first (RD_EINVAL). */
rd_status rd_cli_files(const rd_cli_opts *op, rd_files_set *files);

/* The built-in stop words and fillers plus every --stopwords file. */
rd_status rd_cli_stopwords(const rd_cli_opts *op, rd_stop **out);
/* The built-in cue words plus every --cues file. */
rd_status rd_cli_cues(const rd_cli_opts *op, rd_cues **out);
/* The journey of run: the built-in one, --journey FILE, or none (*out NULL) for
 * --journey none. A bad file is RD_EDATA/RD_EUTF8 (exit 65) with its file and line; a
 * missing or unreadable one RD_ENOINPUT (66), as for the other option files. */
rd_status rd_cli_journey(const rd_cli_opts *op, rd_journey **out);

/* Runs the text stage (nlp/textstage.h) over files with o (its mode, word lists, callbacks
 * and limits set by the caller; threads, skip_bad and the df bounds are taken from op),
 * reading through io/read/reader.h with priv's lexicon and evidence counting
 * (io/cli/privacy.h; priv may be NULL). Prints the skipped files and the warnings, and, when
 * files cannot be used, each of them and what to do; at the end, when any file found was
 * not used, the line that adds up (io/cli/account.h). *res is zero-initialised by the
 * caller (rd_ts_result_free). prog may be NULL; it is stopped when the stage fails. */
rd_status rd_cli_text_stage(const rd_cli_opts *op, const rd_files_set *files, rd_ts_opts *o,
                            rd_cli_priv *priv, rd_progress **prog, rd_ts_result *res);

#endif
