/* io/read/odt.h — OpenDocument's elements (content.xml of an .odt): internal to io/read's
 * document reader (see docmodel.h for how the reader is cut).
 *
 * Read: the paragraphs (text:p) and headings (text:h) of office:body/office:text, with
 * their spans, lists and sections, text boxes, tables (table:table, table:table-row,
 * table:table-cell and table:covered-table-cell; rows inside table:table-header-rows are
 * header rows). Whitespace in character data is collapsed as ODF prescribes (text:s,
 * text:tab and text:line-break are real spaces); text:s counts above 1024 are cut to
 * 1024.
 *
 * Bold comes from the automatic styles of content.xml: a text style whose
 * fo:font-weight is bold, bolder or 600..900, or whose parent is Strong_20_Emphasis, makes
 * a span bold; a paragraph style makes its paragraph bold the same way; a span of the
 * common style Strong_20_Emphasis is bold. Other common styles (styles.xml) are not read.
 * Headings are text:h and paragraphs in the Title or Subtitle style (or an automatic
 * style based on one).
 *
 * Ignored: annotations, notes (footnotes and endnotes), tracked changes, ruby text, image
 * titles and descriptions (svg:title, svg:desc), index templates. */
#ifndef RD_ODT_H
#define RD_ODT_H

#include "io/read/docmodel.h"

extern const rd__doc_format rd__odt_format;

#endif
