/* io/read/files.h — finding and reading input files.
 *
 * rd_files_expand turns the INPUT arguments into a sorted list of files: a file argument
 * is taken whatever its extension; a folder is walked recursively, skipping hidden entries
 * (names starting with '.'), taking files with a transcript extension (.txt, .md, .docx, .odt, .vtt, .srt,
 * .csv, .tsv), and
 * visiting every directory at most once (by device and inode), so symlink loops are
 * harmless. The same file reached twice is listed once. The list is sorted by path bytes
 * so the result does not depend on argument order or directory order. */
#ifndef RD_FILES_H
#define RD_FILES_H

#include <stddef.h>

#include "engine/lists.h"
#include "engine/status.h"

/* Expands inputs into out (sorted). Missing or unreadable inputs and folders without
 * transcripts are added to problems with RD_ENOINPUT; the return is RD_OK unless memory
 * ran out. */
rd_status rd_files_expand(char *const *inputs, size_t n, rd_strlist *out, rd_errlist *problems,
                          rd_err *err);

/* Reads a whole regular file (at most max bytes) into *buf (owned by the caller, free(),
 * NUL-terminated), *n its length. Errors name the path: RD_ENOINPUT when it cannot be
 * opened, RD_EIO when reading fails, RD_EDATA when it is too large or not a file. */
rd_status rd_files_read(const char *path, size_t max, char **buf, size_t *n, rd_err *err);
/* The same into a buffer the caller keeps across calls: *buf (NULL or malloc'd, *cap
 * bytes) grows as needed and stays the caller's, also after an error. */
rd_status rd_files_read_into(const char *path, size_t max, char **buf, size_t *cap, size_t *n,
                            rd_err *err);

/* The transcript extension path ends with (case-insensitive), as listed in lower case
 * (".docx"), or NULL. The one list of extensions: io/read/reader.c picks formats by it. */
const char *rd_files_transcript_ext(const char *path);
/* 1 when path ends with one of the transcript extensions. */
int rd_files_is_transcript(const char *path);

#endif
