/* io/cli/privacy.h — names in respondent ids: the Dutch lexicon, the corpus evidence and
 * the pseudonyms, wired into the subcommands.
 *
 * Before the text stage, rd_cli_priv_new loads the lexicon (io/read/lexfile.h) when the
 * input needs it — a CSV or TSV file (its columns are checked for personal data), or for
 * `run` a file name with a word that may be a name — and prints one warning when it is
 * missing. For `run` it also asks the corpus about the capitalised words of the file names
 * (nlp/idname.h): rd_cli_priv_sources wraps the reader so that every source is counted as
 * it is loaded, on the worker that loads it.
 *
 * After the text stage, rd_cli_priv_apply (run) decides which respondents' ids carry a
 * person's name (nlp/idname.h; also every id of a personal column named by --csv-id) and
 * gives them pseudonyms (nlp/pseudonym.h): keyed with the --key-file key, else numbered
 * with a warning. res->respondent then holds the pseudonyms (res->source_id keeps the
 * source ids, for everything that matches on ids given by the user). It also makes, per
 * respondent, the names its quotes mask besides the speakers' (the name parts of its id
 * and the names of its survey row) and the source path the outputs show: a file whose name
 * carries a person's name is shown with the pseudonym in place of its name (folder and
 * extension kept: "interviews/P-7K2M9QXA.docx"); the manifest's SHA-256 still identifies
 * the file to whoever holds it. Folder names are shown as they are. */
#ifndef RD_CLI_PRIVACY_H
#define RD_CLI_PRIVACY_H

#include "engine/lists.h"
#include "engine/status.h"
#include "io/cli/keyfile.h"
#include "io/write/manifest.h"
#include "nlp/lexicon.h"
#include "nlp/textstage.h"

typedef struct rd_cli_priv rd_cli_priv;

/* What is wanted (bits): */
enum {
    RD_CLI_PRIV_COLUMNS = 1, /* CSV columns are checked for personal data (the lexicon is
                                loaded before the stage when a CSV or TSV file is read) */
    RD_CLI_PRIV_IDS = 2,     /* names in file names are decided (and evidence counted) */
    RD_CLI_PRIV_PEOPLE = 4   /* names of people in the text (nlp/people.h): never terms,
                                masked in quotes; the lexicon is read in the background
                                while the corpus is counted, unless loaded before */
};

/* files: the inputs; threads: the text stage's workers; what: RD_CLI_PRIV_* (run: all,
 * vocab: PEOPLE, inspect and tokens: COLUMNS). RD_ENOMEM only (printed). */
rd_status rd_cli_priv_new(const rd_strlist *files, int threads, unsigned what, rd_cli_priv **out);
void rd_cli_priv_free(rd_cli_priv *p); /* NULL is a no-op */

/* The lexicon, or NULL (not needed or not loaded yet, or missing; or, after
 * rd_cli_priv_apply, needed no more: no CSV or TSV input). */
const rd_lex *rd_cli_priv_lex(const rd_cli_priv *p);
/* The evidence for the text stage (rd_ts_opts.people) and, after it, the names found; NULL
 * when not wanted. */
rd_people *rd_cli_priv_people(const rd_cli_priv *p);
/* After the stage: prints a warning about the lexicon that came while it ran (once); and,
 * when the environment sets RODEDRAAD_NAMES, every capitalised word form with its name
 * decision (nlp/people.h: rd_people_report) on standard error. */
void rd_cli_priv_notes(rd_cli_priv *p);
/* src, counting evidence from every loaded source when there is some to count; p and the
 * inner sources must outlive the stage. */
rd_ts_sources rd_cli_priv_sources(rd_cli_priv *p, rd_ts_sources src);

/* Pseudonyms into res (see above); key may be NULL or empty (numbered). Prints the warning
 * about numbered pseudonyms. RD_ENOMEM (printed). */
rd_status rd_cli_priv_apply(rd_cli_priv *p, rd_ts_result *res, const rd_cli_key *key);
/* After apply: per doc, the source path to show; per doc, the names to mask ('\n'
 * between) or NULL; the number of pseudonyms given. */
const char *const *rd_cli_priv_shown(const rd_cli_priv *p);
const char *const *rd_cli_priv_masks(const rd_cli_priv *p);
size_t rd_cli_priv_count(const rd_cli_priv *p);
/* Replaces the paths of m's inputs by the shown ones: input i is the file of doc doc[i]
 * (a file that holds several respondents, a survey, is one input). */
rd_status rd_cli_priv_show_inputs(const rd_cli_priv *p, rd_manifest *m, const size_t *doc,
                                  rd_err *err);
/* The form of an input path to show (a command-line argument): the shown path of the file
 * it names when that file's name carries a name, else path itself. */
const char *rd_cli_priv_show_path(const rd_cli_priv *p, const char *path);

#endif
