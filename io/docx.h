/* io/docx.h — the body text of Word (.docx) and OpenDocument (.odt) documents.
 *
 * The document is read from memory (so the same code serves files and fuzzing) with
 * libzip, and its main part (word/document.xml, or content.xml) with libxml2. The result
 * is plain UTF-8 text with one body paragraph per line, which io/transcript.c then parses
 * like a .txt transcript, so the "line" of a passage in a Word or ODT file is its
 * paragraph number:
 *   - paragraphs in body order; line breaks and tabs inside a paragraph become spaces;
 *     an empty paragraph is an empty line;
 *   - a paragraph that starts with a bold run is a speaker turn: the bold text (without a
 *     trailing ':') becomes the label and the line is written `Label: rest`; a plain
 *     `Label: rest` paragraph is left as it is;
 *   - a table with two or more columns whose first column holds short labels (speaker
 *     names, at most 40 bytes) gives one line `Label: text` per row, the text being the
 *     remaining cells joined by spaces; a header row (`Spreker | Tekst`, …) is dropped;
 *     other tables give their cell paragraphs in order;
 *   - headers, footers, footnotes, comments, tracked deletions and text boxes' duplicate
 *     fallbacks are ignored.
 * Limits (documented in the README): the compressed document at most RD_DOCX_MAX_IN
 * bytes (the caller's file limit), the main part at most RD_DOCX_MAX_XML bytes
 * uncompressed and at most RD_DOCX_MAX_RATIO times its compressed size (zip bombs), the
 * XML parsed without DTD loading, entity substitution or network access, and any DOCTYPE
 * refused (XML bombs); the text produced at most RD_DOCX_MAX_XML bytes. */
#ifndef RD_DOCX_H
#define RD_DOCX_H

#include <stddef.h>

#include "engine/status.h"

enum { RD_DOCX_WORD = 0, RD_DOCX_ODT = 1 };

#define RD_DOCX_MAX_XML ((size_t)256 << 20)
#define RD_DOCX_MAX_RATIO 200

/* Reads data[0..n) as a document of the given kind into *text (malloc'd, NUL-terminated,
 * valid UTF-8, owned by the caller) and *text_n. Errors (RD_EDATA, or RD_ENOMEM) say what
 * is wrong without the path, which the caller adds: "not a Word document (a zip without
 * word/document.xml)", "damaged or truncated zip archive (…)", "XML error in
 * word/document.xml at line L: …", "refused: word/document.xml declares a DOCTYPE", … */
rd_status rd_docx_text(const void *data, size_t n, int kind, char **text, size_t *text_n,
                       rd_err *err);

#endif
