/* io/write/svg.h — the small pieces report.html is written with: HTML/XML escaping,
 * locale-free number formatting, the Okabe–Ito palette with marker shapes, and the frame of
 * an accessible inline SVG chart. Everything appends to an rd_buf (engine/strbuf.h; errors
 * are sticky there).
 *
 * Internal to io/write (report.c and its tests). */
#ifndef RD_SVG_H
#define RD_SVG_H

#include <stddef.h>

#include "engine/strbuf.h"

/* Appends s[0..n) with & < > " ' escaped (for element text and attribute values alike);
 * control characters other than tab and newline become spaces. */
void rd__html_escn(rd_buf *b, const char *s, size_t n);
void rd__html_esc(rd_buf *b, const char *s); /* NULL appends nothing */

/* v with `decimals` digits after a decimal comma, the Dutch way ("0,25", "-1,5"), written
 * with no locale and no "-0"; NaN and infinities as "–". buf holds at least 48 bytes;
 * returns buf. */
char *rd__nl_num(char *buf, double v, int decimals);

/* A count the Dutch way: digits grouped by "." from 10.000 on ("9999", "12.000"). buf holds
 * at least 48 bytes; returns buf. */
char *rd__nl_int(char *buf, unsigned long long v);

/* A percentage of a share in [0, 1] with `decimals` digits ("25 %", with a no-break
 * space), or "–" when not finite. buf holds at least 48 bytes; returns buf. */
char *rd__nl_pct(char *buf, double share, int decimals);

/* Appends v with a decimal point and one decimal, for SVG coordinates ("12.5"; "-0.0"
 * written "0.0"). */
void rd__svg_num(rd_buf *b, double v);
/* '<rect x="X" y="Y" width="W" height="H"' (each by rd__svg_num), the tag left open for
 * the caller's attributes and its "/>". */
void rd__svg_rect(rd_buf *b, double x, double y, double w, double h);

/* Okabe & Ito (2008), "Color Universal Design": eight colours told apart with every common
 * colour-vision deficiency. Colour i % 8; the marker shape (circle, square, triangle,
 * diamond) varies with i as well, so that no two of the first 32 series look alike, in
 * colour or in grey. */
const char *rd__svg_colour(size_t i);
enum { RD_SVG_CIRCLE, RD_SVG_SQUARE, RD_SVG_TRIANGLE, RD_SVG_DIAMOND };
int rd__svg_shape(size_t i);

/* Appends a marker of series i centred at (x, y) with radius r. extra: more attributes
 * (already escaped, e.g. "data-segment=\"2\""), or NULL. */
void rd__svg_marker(rd_buf *b, size_t i, double x, double y, double r, const char *extra);

/* Opens an inline SVG chart with a viewBox of w × h, role="img", aria-labelledby pointing
 * at its <title> (title) and <desc> (desc; both escaped here), inside a <div
 * class="chart"> (the page's CSS lets a chart scroll sideways on a phone rather than
 * shrink its text below reading size); id must be unique in the page. Close with
 * rd__svg_close. */
void rd__svg_open(rd_buf *b, const char *id, double w, double h, const char *title,
                  const char *desc);
void rd__svg_close(rd_buf *b);

/* Appends <text> at (x, y) with the given anchor ("start", "middle", "end"), an optional
 * class (NULL: none) and escaped content. */
void rd__svg_text(rd_buf *b, double x, double y, const char *anchor, const char *cls,
                  const char *s);

#endif
