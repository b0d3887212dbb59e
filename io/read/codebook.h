/* io/read/codebook.h — topic cards (themakaartjes) and codebooks for --codebook.
 *
 * Three formats, chosen by the file's extension:
 *   .qdc       a REFI-QDA codebook (XML, libxml2; read without the network and without
 *              expanding entities): every top-level <Code name="…"> is a card, its
 *              <Description> text its words (split at , ; . : and line ends); the codes
 *              nested in it give their names and descriptions to it as words (a card is a
 *              broad subject; its sub-codes are how people talk about it);
 *   .csv .tsv  (libcsv) one row per card or per word: the card's name in the first column,
 *              its words in the others (a cell may hold several, split at , and ;); rows of
 *              the same card are joined; a first row whose first cell is "card", "kaart",
 *              "code", "thema" or "name"/"naam" is a header. The separator is a tab for
 *              .tsv, else ';' when the first line holds more ';' than ',', else ',';
 *   otherwise  plain text: a card per block of lines (blocks end at an empty line); the
 *              block's first line is the card's name (a ':' after it may start its words on
 *              the same line), the rest its words and phrases, separated by , ; or line
 *              ends; '#' starts a comment to the end of the line.
 * In every format the words of a card's name are words of the card too. A word or phrase
 * is kept as written (trimmed); what it means for the corpus (normalised, stemmed, stop
 * words dropped) is decided by the caller (io/cli/cards.h). Text is decoded as transcripts
 * are (io/read/decode.h: UTF-8, UTF-16 with BOM, Windows-1252 with a note).
 *
 * Errors (RD_EDATA, "FILE:LINE: …" naming the card): no card at all, a card without words
 * (its name only counts when the name has words — a card is at least one word), the same
 * card name twice (case-insensitive), malformed XML or CSV; a missing or unreadable file,
 * a FIFO or device: RD_ENOINPUT (io/read/files.h: rd_files_read). */
#ifndef RD_CODEBOOK_H
#define RD_CODEBOOK_H

#include <stddef.h>

#include "engine/lists.h"
#include "engine/status.h"

typedef struct {
    char *name;       /* as written, trimmed */
    size_t line;      /* where the card starts (1-based) */
    rd_strlist words; /* its name, then its words and phrases, as written */
} rd_card;

typedef struct {
    rd_card *v;
    size_t n, cap;
    char note[600]; /* a note for the user (read as Windows-1252), or "" */
} rd_codebook;

/* Reads path (shown as `shown` in messages) into *out (zeroed first; rd_codebook_free). */
rd_status rd_codebook_read(const char *path, const char *shown, rd_codebook *out, rd_err *err);
/* The three parsers on text already decoded to UTF-8 (s[0..n)), for tests and fuzzing. */
rd_status rd_codebook_parse_text(const char *shown, const char *s, size_t n, rd_codebook *out,
                                 rd_err *err);
rd_status rd_codebook_parse_csv(const char *shown, const char *s, size_t n, char delim,
                                rd_codebook *out, rd_err *err);
rd_status rd_codebook_parse_qdc(const char *shown, const char *s, size_t n, rd_codebook *out,
                                rd_err *err);
void rd_codebook_free(rd_codebook *cb); /* NULL is a no-op; cb is zeroed */

#endif
