/* io/read/reader.h — one input file, whatever its format, as a source (nlp/source.h):
 * respondents with passages.
 *
 * The format follows the extension (case-insensitive): .docx and .odt are documents
 * (io/read/document.h) whose paragraphs are then parsed as text; .pdf is the text layer
 * pdftotext extracts (io/read/pdf.h), then parsed as text; .doc and .rtf are refused with
 * what to do ("an old Word document (.doc …): … save it as .docx"); .vtt and .srt are
 * subtitles (io/read/subtitle.h); .csv and .tsv hold one respondent per id
 * (io/read/csvin.h); anything else (.txt, .md, or a file named on the command line) is text
 * with speaker turns (io/read/text.h). Text files are decoded first (io/read/decode.h:
 * UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 with a warning).
 *
 * Files are opened by their path's bytes and named in messages as shown
 * (io/read/pathname.h: invalid UTF-8 and control characters escaped); the reader's sources
 * carry the shown names, so respondent ids and `source` fields are always valid UTF-8.
 *
 * Limits: the file at most o->max_bytes (the CLI uses 256 MB); a line of text (for a
 * document, a paragraph) at most RD_READER_MAX_LINE bytes; a CSV answer likewise; the
 * document limits of io/read/document.h.
 *
 * A CSV file gives one unit per respondent id, in order of first appearance: its rows
 * (each a turn of an unlabelled respondent, source line = the row's line) joined, rows
 * with an empty answer left out (with a note), attribute values from the id's first row
 * or, where that row leaves a column empty, from the first later row that fills it.
 * Without an id column each row is its own respondent, with id "rijN" (N counts the data
 * rows from 1). Columns that hold personal data (io/read/csvcols.h) are neither id nor
 * attribute; the names in them become the unit's names to mask. A note lists them.
 * Every other format gives one unit with id NULL.
 * A unit must have text and some respondent text: otherwise the file is RD_EDATA. */
#ifndef RD_READER_H
#define RD_READER_H

#include <stddef.h>

#include "engine/status.h"
#include "io/read/text.h"
#include "engine/lists.h"
#include "nlp/lexicon.h"
#include "nlp/source.h"
#include "nlp/textstage.h"

#define RD_READER_MAX_LINE ((size_t)16 << 20)

typedef struct {
    size_t max_bytes;
    rd_labels_opts labels;
    const char *csv_id, *csv_text; /* CSV: chosen columns, NULL to recognise them */
    rd_text_ws *tws;               /* NULL, or scratch for text transcripts, which are then
                                      borrowed from it until its next use (one thread) */
    const rd_lex *lex;             /* CSV: the Dutch lexicon for personal-data columns
                                      (io/read/csvcols.h); may be NULL */
} rd_reader_opts;

/* Reads path into *out (zero-initialised by the caller, released with rd_source_free
 * also after an error). Errors start with the path: "PATH: empty file (0 bytes)", "PATH:
 * invalid UTF-8 at byte N (line L)", "PATH: not a Word document (…)", … */
rd_status rd_reader_load(const char *path, const rd_reader_opts *o, rd_source *out, rd_err *err);
/* The same reading into a buffer the caller keeps across calls (rd_files_read_into). */
rd_status rd_reader_load_into(const char *path, const rd_reader_opts *o, char **buf, size_t *cap,
                            rd_source *out, rd_err *err);
/* The same for a file's bytes raw[0..n) already in memory (raw[n] must be '\0', as
 * rd_files_read gives); path names the file in messages and picks the format. */
rd_status rd_reader_parse(const char *path, const char *raw, size_t n, const rd_reader_opts *o,
                        rd_source *out, rd_err *err);

/* The text stage's sources (nlp/textstage.h) over a list of files: their names are the
 * files' shown names (io/read/pathname.h); the load function reads file i with
 * rd_reader_load. With scratch, each of `workers` workers reads into its own
 * buffer and parses text files in its own workspace, so a COUNT-mode stage allocates
 * nothing per file once the scratch has grown (transcripts are then borrowed until that
 * worker's next load). files and o are borrowed and must outlive the reader. */
typedef struct rd_reader rd_reader;
rd_status rd_reader_new(const rd_strlist *files, const rd_reader_opts *o, int workers,
                        int scratch, rd_reader **out, rd_err *err);
void rd_reader_free(rd_reader *r); /* NULL is a no-op */
rd_ts_sources rd_reader_sources(rd_reader *r);

#endif
