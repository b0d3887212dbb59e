/* io/csvin.h — CSV and TSV files of open survey answers or webcare messages (libcsv).
 *
 * The delimiter is sniffed from the first record (outside quotes): tab, ';' or ',',
 * whichever splits the header line into the most fields, ties in that order (the file
 * extension .tsv forces tab). Quoted fields may hold delimiters, doubled quotes and
 * newlines. The first record is the header. Blank records are skipped. A record with
 * fewer fields than the header is padded with empty fields; one with more is RD_EDATA
 * naming its line.
 *
 * The text column is the one named by want_text (exact header, case-insensitive), else
 * the first header among: antwoord, tekst, text, bericht, opmerking, toelichting,
 * reactie, comment, message, answer (case-insensitive, ignoring surrounding spaces and a
 * trailing ':'; a header that starts with one of these words also counts, e.g.
 * "Antwoord vraag 3"). The id column likewise from want_id, else: respondent,
 * respondentnummer, respondent_id, id, nr, nummer, naam, name. No text column, or a
 * want_id / want_text that names no column, is RD_EDATA listing the headers. No id
 * column is allowed: each record is then its own respondent, numbered by record.
 *
 * Field values keep their text; CR LF inside quoted fields becomes LF. */
#ifndef RD_CSVIN_H
#define RD_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

#define RD_CSVIN_NONE ((size_t)-1)

typedef struct {
    char **field;   /* n_col values, each NUL-terminated (possibly "") */
    uint32_t line;  /* 1-based line where the record starts */
} rd_csvin_row;

typedef struct {
    char **col;          /* header names, n_col */
    size_t n_col;
    size_t id_col;       /* RD_CSVIN_NONE when there is no id column */
    size_t text_col;
    char delim;          /* ',', ';' or '\t' */
    rd_csvin_row *row;   /* data records in file order */
    size_t n_row;
} rd_csvin;

/* Parses valid UTF-8 text[0..n) (a leading BOM skipped). tsv forces the tab delimiter.
 * want_id / want_text may be NULL. *out is zero-initialised by the caller and released
 * with rd_csvin_free, also after an error. Errors name the line, not the path. */
rd_status rd_csvin_parse(const char *text, size_t n, int tsv, const char *want_id,
                         const char *want_text, rd_csvin *out, rd_err *err);
void rd_csvin_free(rd_csvin *c);

#endif
