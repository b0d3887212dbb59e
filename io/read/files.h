/* io/read/files.h — finding and reading input files, with every file accounted for.
 *
 * rd_files_expand turns the INPUT arguments into a sorted list of files to read and a list
 * of the entries it found but did not take, each with the reason:
 *   - a file argument is taken whatever its extension (unless it is an Office lock file);
 *   - a folder is walked recursively, visiting every directory at most once (by device
 *     and inode), so symlink loops are harmless; it takes files with a transcript
 *     extension (.txt, .md, .docx, .odt, .pdf, .vtt, .srt, .csv, .tsv, and .doc and .rtf,
 *     which the reader refuses with what to do, so that they are accounted for);
 *   - hidden entries (names starting with '.') are skipped silently: they are the system's
 *     and tools' (.DS_Store, .git, editor swap files), never a researcher's transcript;
 *     LibreOffice's lock files (.~lock.NAME#) are the exception and are set aside as locks;
 *   - set aside, as notes: a researcher's settings files, named by what they are for
 *     (NAME.codebook.txt, NAME.codebook.csv: topic cards for --codebook;
 *     NAME.attributes.csv, NAME.attributes.tsv: --attributes; NAME.journey.txt:
 *     --journey), so that they can sit beside the transcripts without being read as one;
 *   - set aside, as notes: files of other types (.jpg, .xlsx …), Office lock files (~$NAME,
 *     .~lock.NAME#), and, where the name has no transcript extension, a special file (FIFO,
 *     socket, device) or a symbolic link to nothing;
 *   - set aside, as problems (an error unless the user asks to skip bad files): an entry
 *     with a transcript extension that is a link to nothing or not a regular file, a folder
 *     or entry that cannot be opened, and a path of PATH_MAX bytes or more (no file call
 *     takes it; a folder that deep is reported once, not walked).
 * The same file reached twice is listed once. Files and set-aside entries are sorted by
 * path bytes, so the result does not depend on argument or directory order.
 *
 * Paths are kept as their raw bytes (to open them); messages name them as shown
 * (io/read/pathname.h). */
#ifndef RD_FILES_H
#define RD_FILES_H

#include <stddef.h>

#include "engine/lists.h"
#include "engine/status.h"
#include "nlp/strtab.h"

typedef enum {
    RD_FILES_OTHER,      /* not a transcript format (.jpg, .xlsx …): a note */
    RD_FILES_LOCK,       /* an Office lock file: a note */
    RD_FILES_SETTINGS,   /* a settings file for an option (NAME.codebook.txt …): a note */
    RD_FILES_SPECIAL,    /* not a regular file (FIFO, socket, device) */
    RD_FILES_LINK,       /* a symbolic link to nothing (or a loop of links) */
    RD_FILES_UNREADABLE, /* cannot be opened or looked at */
    RD_FILES_TOO_LONG    /* a path of PATH_MAX bytes or more */
} rd_files_why;

typedef struct {
    char *path;          /* raw bytes, as found */
    rd_files_why why;
    int problem;         /* 1: a transcript or folder that could not be read */
    rd_err e;            /* "SHOWN: why"; code RD_ENOINPUT for problems, RD_OK for notes */
} rd_files_aside;

typedef struct {
    rd_strlist path;          /* the files to read, sorted by bytes: open these */
    char **shown;             /* per file: its shown name when that differs, else NULL */
    size_t n_escaped;         /* files whose shown name differs */
    rd_files_aside *aside;    /* entries not taken, sorted by path */
    size_t n_aside, cap_aside;
    rd_strtab *index;         /* shown name -> file (rd_files_index) */
} rd_files_set;

/* Expands inputs into *out (zero-initialised by the caller; rd_files_set_free). Inputs that
 * are missing, not a file or folder, an unreadable folder given by name, and folders
 * without transcripts are added to problems with RD_ENOINPUT: these stop every command.
 * The return is RD_OK unless memory ran out. */
rd_status rd_files_expand(char *const *inputs, size_t n, rd_files_set *out,
                          rd_errlist *problems, rd_err *err);
void rd_files_set_free(rd_files_set *s); /* NULL is a no-op; s is zeroed */

/* File i's shown name (io/read/pathname.h). */
const char *rd_files_shown(const rd_files_set *s, size_t i);
/* Builds the index of shown names (once); then rd_files_find gives the file shown as
 * `shown`, or (size_t)-1. Shown names are unique, since the paths are. */
rd_status rd_files_index(rd_files_set *s, rd_err *err);
size_t rd_files_find(const rd_files_set *s, const char *shown);

/* 1 when the output folder outdir is one of the input folders or inside one (the next
 * run would read its tables back as transcripts), *which the input; 2 when an input lies
 * inside outdir (a run would replace it), *which that input; 0 otherwise. Decided by
 * device and inode of the folders up to the root (symlinks and ".." spellings do not fool
 * it); an outdir that does not exist yet counts as its parent's child. */
int rd_files_outdir_clash(char *const *inputs, size_t n, const char *outdir, size_t *which);

/* Reads a whole regular file (at most max bytes) into *buf (owned by the caller, free(),
 * NUL-terminated), *n its length. The file is opened without blocking and must be a
 * regular file: a FIFO or a device is refused at once, never waited on. Errors name the
 * path as shown: RD_ENOINPUT when it cannot be opened or is not a regular file, RD_EIO
 * when reading fails, RD_EDATA when it is too large. */
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
/* The option a settings file is for ("--codebook", "--attributes", "--journey") when the
 * last component of path is named like one (case-insensitive), or NULL. */
const char *rd_files_settings_option(const char *path);
/* 1 when the last component of path is an Office lock file: "~$NAME" (Word, Excel,
 * PowerPoint) or ".~lock.NAME#" (LibreOffice). */
int rd_files_is_lock(const char *path);

#endif
