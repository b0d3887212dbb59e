/* io/cli/account.h — every file accounted for: what the command line says about the files
 * it found and did not use, and the list the run manifest keeps of them.
 *
 * A file found is either read (and then used, or left out with --skip-bad by the text
 * stage, with a warning naming it) or set aside by discovery (io/read/files.h) with its
 * reason. On stderr:
 *   - after discovery, one line per set-aside entry but files of other types:
 *       rodedraad: warning: not read: in/~$R25.docx: an Office lock file (…)
 *       rodedraad: warning: skipped in/dood.txt: a symbolic link to … (with --skip-bad)
 *       rodedraad: in/dood.txt: a symbolic link to …                  (without: an error)
 *     and one per file whose name is shown escaped (io/read/pathname.h);
 *   - after the text stage, when anything found was not used, one line that adds up:
 *       rodedraad: warning: 7 of 11 files used; not used: 1 left out (--skip-bad),
 *       1 lock file, 2 of other types (.jpg 1, .xlsx 1)
 * Files of other types (.jpg, .xlsx in an interview folder) are only counted, by
 * extension, in that last line: a folder of photos or spreadsheets beside the transcripts
 * would otherwise bury the warnings that matter; model.json lists each by name. */
#ifndef RD_CLI_ACCOUNT_H
#define RD_CLI_ACCOUNT_H

#include "io/cli/options.h"
#include "io/read/files.h"
#include "io/write/manifest.h"
#include "nlp/textstage.h"

/* Prints "rodedraad: " and the formatted line on stderr with control characters and
 * invalid UTF-8 escaped (io/read/pathname.h: rd_pathname_safe), for lines that hold names
 * the user gave (OUTDIR) or messages that may. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void rd_cli_say(const char *fmt, ...);

/* Prints what discovery set aside (see above). RD_ENOINPUT when entries could not be read
 * and op->skip_bad is not set (each printed as an error, with what to do); else RD_OK. */
rd_status rd_cli_account_found(const rd_cli_opts *op, const rd_files_set *fs);

/* Prints the line that adds up, when any file found was not used. res may be NULL (the
 * text stage did not run). */
void rd_cli_account_tally(const rd_files_set *fs, const rd_ts_result *res);

/* The manifest's list of files not used, sorted by path: the set-aside entries and the
 * files the text stage left out (res: a run's, with its sources). Owned by the list. */
typedef struct {
    rd_manifest_unused *v;
    size_t n;
} rd_cli_unused;
rd_status rd_cli_account_unused(rd_files_set *fs, const rd_ts_result *res, rd_cli_unused *out,
                                rd_err *err);
void rd_cli_account_unused_free(rd_cli_unused *u); /* NULL is a no-op */

/* Per doc of res, the path of its file as found (raw bytes, borrowed from fs), to read or
 * hash it again: *out is malloc'd (free it), n_docs entries. */
rd_status rd_cli_account_doc_paths(rd_files_set *fs, const rd_ts_result *res,
                                   const char ***out, rd_err *err);

#endif
