/* io/read/docx.h — Word's elements (word/document.xml of a .docx): internal to io/read's
 * document reader (see docmodel.h for how the reader is cut).
 *
 * Read: the paragraphs (w:p) of w:body, their runs' text (w:t; w:tab, w:br, w:cr and
 * w:ptab as spaces, w:noBreakHyphen as '-'), tables (w:tbl, w:tr, w:tc, and w:tblHeader
 * marking a header row), text boxes (w:txbxContent inside the first mc:Choice of an
 * mc:AlternateContent, or inside its mc:Fallback when there is no Choice). Both the
 * transitional and the strict main namespace are read.
 *
 * Bold is direct run formatting: w:rPr/w:b (ST_OnOff: absent, or anything but 0, false or
 * off, is on), or the character style Strong / "Zwaar"; bold that comes only from a
 * paragraph or character style defined in styles.xml is not seen, as styles.xml is not
 * read. Headings are paragraphs whose style id is Heading1..9 or Kop1..9 (an optional
 * space or '_' before the digit), Title, Subtitle, Titel or Ondertitel (any case), or that
 * carry an outline level 0..8.
 *
 * Ignored: tracked deletions and moves away (w:del, w:moveFrom), field codes
 * (w:instrText), the old formatting of revision marks (w:rPrChange, w:pPrChange), ruby
 * annotations (w:rt), hidden runs (w:vanish), mc:Fallback when a mc:Choice was taken (and
 * any mc:Choice after the first), symbols (w:sym). Headers, footers, footnotes, endnotes
 * and comments live in other parts, which are not read. */
#ifndef RD_DOCX_H
#define RD_DOCX_H

#include "io/read/docmodel.h"

extern const rd__doc_format rd__docx_format;

#endif
