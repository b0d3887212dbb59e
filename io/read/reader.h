/* io/read/reader.h — one input file, whatever its format, as respondents with passages.
 *
 * The format follows the extension (case-insensitive): .docx and .odt are documents
 * (io/docx.h) whose paragraphs are then parsed as text; .vtt and .srt are subtitles
 * (io/subtitle.h); .csv and .tsv hold one respondent per id (io/csvin.h); anything else
 * (.txt, .md, or a file named on the command line) is text with speaker turns
 * (io/transcript.h). Text files are decoded first (io/decode.h: UTF-8 with or without
 * BOM, UTF-16 with BOM, Windows-1252 with a warning).
 *
 * Limits: the file at most o->max_bytes (the CLI uses 256 MB); a line of text (for a
 * document, a paragraph) at most RD_READ_MAX_LINE bytes; a CSV answer likewise; the
 * document limits of io/docx.h.
 *
 * A CSV file gives one unit per respondent id, in order of first appearance: its rows
 * (each a turn of an unlabelled respondent, source line = the row's line) joined, rows
 * with an empty answer left out (with a note), attribute values from the id's first row
 * or, where that row leaves a column empty, from the first later row that fills it.
 * Without an id column each row is its own respondent, with id "rijN" (N counts the data
 * rows from 1). Every other format gives one unit with id NULL.
 * A unit must have text and some respondent text: otherwise the file is RD_EDATA. */
#ifndef RD_READER_H
#define RD_READER_H

#include <stddef.h>

#include "engine/status.h"
#include "io/read/transcript.h"

#define RD_READ_MAX_LINE ((size_t)16 << 20)

typedef struct {
    size_t max_bytes;
    rd_transcript_opts topts;
    const char *csv_id, *csv_text; /* CSV: chosen columns, NULL to recognise them */
    rd_transcript_ws *tws;         /* NULL, or scratch for text transcripts, which are then
                                      borrowed from it until its next use (one thread) */
} rd_read_opts;

typedef struct {
    rd_transcript tr;
    char *id;       /* CSV: the respondent id as written; NULL otherwise */
    char **attr;    /* CSV: n_attr values (never NULL entries); NULL otherwise */
} rd_unit;

typedef struct {
    rd_unit *u;
    size_t n_u;
    char **attr_name; /* CSV: the columns that are neither id nor text */
    size_t n_attr;
    size_t bytes;     /* bytes read */
    rd_err *note;     /* a warning, or NULL (converted encoding, rows left out); the
                         message starts with the path; freed by rd_file_free */
} rd_file;

/* Reads path into *out (zero-initialised by the caller, released with rd_file_free also
 * after an error). Errors start with the path: "PATH: empty file (0 bytes)", "PATH:
 * invalid UTF-8 at byte N (line L)", "PATH: not a Word document (…)", … */
rd_status rd_file_load(const char *path, const rd_read_opts *o, rd_file *out, rd_err *err);
/* The same reading into a buffer the caller keeps across calls (rd_file_read_into). */
rd_status rd_file_load_into(const char *path, const rd_read_opts *o, char **buf, size_t *cap,
                            rd_file *out, rd_err *err);
/* The same for a file's bytes raw[0..n) already in memory (raw[n] must be '\0', as
 * rd_file_read gives); path names the file in messages and picks the format. */
rd_status rd_file_parse(const char *path, const char *raw, size_t n, const rd_read_opts *o,
                        rd_file *out, rd_err *err);
void rd_file_free(rd_file *f); /* NULL is a no-op */

#endif
