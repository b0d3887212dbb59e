/* io/read/document.h — the body text of Word (.docx) and OpenDocument (.odt) documents.
 *
 * The document is read from memory (so the same code serves files and fuzzing) with
 * libzip, and its main part (word/document.xml, or content.xml) with libxml2. The result
 * is plain UTF-8 text with one body paragraph per line, which io/read/text.c then parses
 * like a .txt transcript, so the "line" of a passage in a Word or ODT file is its
 * paragraph number:
 *   - paragraphs in body order, trimmed; line breaks and tabs inside a paragraph become
 *     spaces; an empty paragraph is an empty line; runs are joined as they are (Word
 *     splits runs anywhere, even inside words); ODT whitespace is collapsed as ODF says;
 *   - a paragraph that starts with bold text is a speaker turn when that bold text
 *     (without a trailing ':') is label-like — at most 40 bytes and five words, starting
 *     with a letter, made of letters, digits and . - ' ( ) / as io/read/labels.h describes —
 *     and is followed by a colon (bold or not) or by a space and more text; the line is
 *     then written `Label: rest` (`Label:` when nothing follows). A paragraph that is bold
 *     throughout is a label only when it ends in ':' (otherwise it is a bold heading or
 *     sentence), and "**Nee**, …" is not one. A plain `Label: rest` paragraph is left as
 *     it is. Bold is direct formatting (Word: w:rPr/w:b or the Strong character style;
 *     ODT: the automatic styles of content.xml); bold that comes only from styles.xml is
 *     not seen (io/read/docmodel.h);
 *   - headings (Word: style Heading1..9, Kop1..9, Title, Subtitle, Titel, Ondertitel, or
 *     an outline level; ODT: text:h, Title and Subtitle paragraphs) are written `# text`,
 *     which io/read/text.c skips (io/read/docx.h, io/read/odt.h);
 *   - a table with two or more columns whose first column holds labels (as above, a
 *     trailing ':' dropped), or whose second does when the first holds timestamps, gives
 *     one line `[timestamp ]Label: text` per row, the text being the remaining cells
 *     joined by spaces; a row with an empty label cell is a continuation line (just the
 *     text); a header row (marked as one, or `Spreker | Tekst`, `Tijd | Naam | Tekst`, …)
 *     is dropped; other tables give their cells' non-empty paragraphs in order, row by
 *     row. A nested table is written where its cell is (io/read/doctable.h);
 *   - text boxes are read (their paragraphs come just before the paragraph that anchors
 *     them), their duplicate fallbacks are not; headers, footers, footnotes, endnotes,
 *     comments, tracked deletions, field codes and hidden text are ignored.
 * Limits (documented in the README): the compressed document is limited by the caller
 * (its file limit); the main part at most RD_DOCUMENT_MAX_XML bytes uncompressed and at
 * most RD_DOCUMENT_MAX_RATIO times its compressed size (zip bombs, io/read/doczip.h); the
 * part is streamed, never held whole; the XML parsed without DTD loading, entity
 * substitution or network access, and any DOCTYPE refused (XML bombs, external
 * entities); the text produced at most RD_DOCUMENT_MAX_XML bytes. Nothing is printed, and
 * calls may run in several threads at once.
 */
#ifndef RD_DOCUMENT_H
#define RD_DOCUMENT_H

#include <stddef.h>

#include "engine/status.h"

enum { RD_DOCUMENT_WORD = 0, RD_DOCUMENT_ODT = 1 };

#define RD_DOCUMENT_MAX_XML ((size_t)256 << 20)
#define RD_DOCUMENT_MAX_RATIO 200

/* Reads data[0..n) as a document of the given kind into *text (malloc'd, NUL-terminated,
 * valid UTF-8 without control characters other than '\n', each line ending in '\n';
 * owned by the caller) and *text_n. On failure *text is NULL and *text_n 0. Errors are
 * RD_EINVAL (bad arguments or kind), RD_ENOMEM, or RD_EDATA saying what is wrong without
 * the path, which the caller adds: "not a zip archive", "damaged or truncated zip archive
 * (…)", "not a Word document (a zip without word/document.xml)", "not an OpenDocument
 * text (mimetype …)", "word/document.xml is N bytes uncompressed, over the limit of …",
 * "word/document.xml expands N times, over the limit of 200 (a zip bomb?)", "… is
 * encrypted" / "… password-protected …", "XML error in word/document.xml at line L: …
 * (column C)", "refused: word/document.xml declares a DOCTYPE (entity expansion is not
 * allowed)", "no text in the document body" (nothing but empty paragraphs and
 * headings). An ODT's `mimetype`, when present, must be …opendocument.text or
 * …opendocument.text-template. */
rd_status rd_document_text(const void *data, size_t n, int kind, char **text, size_t *text_n,
                           rd_err *err);

#endif
