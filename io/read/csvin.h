/* io/read/csvin.h — CSV and TSV files of open survey answers or webcare messages (libcsv).
 *
 * The delimiter is sniffed from the first record (outside quotes): tab, ';' or ',',
 * whichever splits the header line into the most fields, ties in that order (the file
 * extension .tsv forces tab). A header without any of them is read with tab, so that a
 * one-column file keeps its commas and semicolons. Quoted fields may hold delimiters,
 * doubled quotes and newlines. The first record is the header. Blank records are skipped:
 * empty lines, lines of spaces, and records whose fields are all empty (";;;" rows as
 * Excel writes them), also before the header. A record with fewer fields than the header
 * is padded with empty fields; one with more is RD_EDATA naming its line.
 *
 * Lines are physical lines, 1-based: a line break is LF, CR LF or a lone CR, and those
 * inside quoted fields count too. A record's line is the line its first field starts on.
 * A file that ends inside a quoted field is RD_EDATA "line L: quoted field never closed",
 * L being the line where that field starts. At most 10,000 columns and 64 MiB per field
 * (counted as stored in the file); beyond is RD_EDATA naming the line.
 *
 * Header names are trimmed of surrounding white space; an empty one is called "kolom N"
 * (N counting columns from 1). Names may repeat.
 *
 * The text column is the one named by want_text (exact header, case-insensitive, both
 * trimmed), else the header among: antwoord, tekst, text, bericht, opmerking, toelichting,
 * reactie, comment, message, answer (case-insensitive, ignoring a trailing ':'); when no
 * header is one of these, a header that starts with one of these words (followed by
 * something other than a letter or digit) also counts, e.g. "Antwoord vraag 3". The
 * lists are in order of preference ("respondent" beats "naam" wherever the columns
 * stand); for one name, the leftmost column wins. The id column likewise from want_id,
 * else: respondent, respondentnummer, respondent_id, id, nr, nummer, never the text column
 * nor a column whose header says it holds personal data (rd_csvin_header_kind: "Naam",
 * "E-mail", "Telefoon", ...; a name is never an id). No text column, or a
 * want_id / want_text that names no column, is RD_EDATA listing the headers. No id column
 * is allowed: each record is then its own respondent, numbered by record. A header
 * without data records is not an error (n_row = 0); a file without any record is.
 *
 * Field values keep their text, with three exceptions: libcsv's convention of removing
 * spaces (and tabs, unless tab is the delimiter) around unquoted fields; line breaks
 * inside quoted fields become LF (so no value holds a CR); NUL bytes are dropped. Values
 * are as valid UTF-8 as the input. Quoted fields are kept verbatim, spaces included. */
#ifndef RD_CSVIN_H
#define RD_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

#define RD_CSVIN_NONE ((size_t)-1)
/* want_text for a file without a text column (an attributes file): text_col stays
 * RD_CSVIN_NONE and no text column is looked for. */
#define RD_CSVIN_NO_TEXT ""

/* What a column holds, as far as personal data goes. */
typedef enum {
    RD_CSVIN_PLAIN = 0,
    RD_CSVIN_NAMES,  /* people's names */
    RD_CSVIN_EMAIL,  /* e-mail addresses */
    RD_CSVIN_PHONE,  /* phone numbers */
    RD_CSVIN_BIRTH,  /* dates of birth */
    RD_CSVIN_BSN     /* citizen service numbers */
} rd_csvin_kind;

/* The kind its header gives a column: a word of the header (split at anything but
 * letters and digits, after dropping a '-' or '.' between two letters, ignoring case) is
 * naam, name, namen, voornaam, voornamen, achternaam, roepnaam, tussenvoegsel, firstname,
 * lastname, surname, fullname (names); email, emailadres, emailaddress, mail, mailadres
 * (e-mail); telefoon, telefoonnummer, tel, telnr, mobiel, mobielnummer, mobiele, gsm,
 * phone, mobile, telephone (phone); geboortedatum, gebdatum, geboortedag, birthdate, dob
 * (birth); bsn, burgerservicenummer, sofinummer (BSN). "Naam", "Uw e-mailadres", "Tel.nr",
 * "Naam respondent" are personal; "Wijknaam", "Mailing" are not. */
rd_csvin_kind rd_csvin_header_kind(const char *name);

/* row[i].field is one allocation holding the n_col pointers and the texts they point to;
 * never free a single field (rd_csvin_free frees it all). */
typedef struct {
    char **field;   /* n_col values, each NUL-terminated (possibly "") */
    uint32_t line;  /* 1-based line where the record starts */
} rd_csvin_row;

typedef struct {
    char **col;          /* header names, n_col (one allocation with its texts) */
    size_t n_col;
    unsigned char *personal; /* per column: its rd_csvin_kind by header */
    size_t id_col;       /* RD_CSVIN_NONE when there is no id column */
    size_t text_col;
    char delim;          /* ',', ';' or '\t' */
    rd_csvin_row *row;   /* data records in file order */
    size_t n_row;
} rd_csvin;

/* Parses valid UTF-8 text[0..n) (a leading BOM skipped). tsv forces the tab delimiter.
 * want_id / want_text may be NULL. *out is zero-initialised by the caller and released
 * with rd_csvin_free, also after an error (on error it is already empty and zeroed).
 * Errors name the line, not the path. Linear in n; never crashes on any bytes. */
rd_status rd_csvin_parse(const char *text, size_t n, int tsv, const char *want_id,
                         const char *want_text, rd_csvin *out, rd_err *err);
void rd_csvin_free(rd_csvin *c); /* NULL or a zeroed struct is a no-op; zeroes *c */

/* The id column recognised by header among the columns skip[k] does not flag (skip may be
 * NULL), never the text column; RD_CSVIN_NONE when there is none. */
size_t rd_csvin_pick_id(const rd_csvin *c, const unsigned char *skip);

#endif
