/* io/read/timestamp.h — the one grammar of a timestamp, and the places one stands in a
 * transcript: before a speaker label (io/read/text.c), at the start of a subtitle cue's
 * timing line and as a cue-text tag (io/read/subtitle.c), and as a table cell of its own
 * (io/read/doctable.c).
 *
 * A timestamp is two to four groups of digits separated by ':', each group one digit or
 * more, then optionally '.' or ',' and one digit or more:
 *
 *     timestamp = digits 1*3( ":" digits ) [ ( "." / "," ) digits ]
 *
 * so h:m:s, m:s and SMPTE's h:m:s:frames, minutes or hours above 99 in long recordings,
 * and milliseconds as WebVTT (.) and SubRip (,) write them: `00:01:02`, `1:02`,
 * `125:07`, `100:00:00.000`, `00:00:01,000`, `01:00:12:05`. A range is two timestamps
 * with "-->", "–" (U+2013) or "-" between them, blanks (space, tab) allowed around it:
 * `00:01:02 - 00:01:09`, `00:00:01.000 --> 00:00:04.000`.
 *
 * A mark is a timestamp or a range, bare or in [ ] or ( ) with blanks allowed inside:
 * `[00:01:02]`, `(01:02)`, `[ 00:01 - 00:05 ]`. Every function is linear in what it
 * reads and reads nothing past s[n - 1]. */
#ifndef RD_TIMESTAMP_H
#define RD_TIMESTAMP_H

#include <stddef.h>

/* The length of the timestamp at the start of s[0..n), or 0 when none starts there. */
size_t rd_timestamp_scan(const char *s, size_t n);

/* Before a speaker label: a mark at the start of s[0..n) — bare only when a blank or the
 * end follows it —, then blanks, then an optional '-' with a blank after it and more
 * blanks: `[00:01:02] `, `00:01:02 - `. Returns the offset after all of it (where a label
 * may start), or 0 when s does not start with a mark. */
size_t rd_timestamp_line(const char *s, size_t n);

/* A cue's timing line s[0..n): blanks, a timestamp, blanks and "-->". What follows (the
 * end time, cue settings) is not looked at. */
int rd_timestamp_cue(const char *s, size_t n);

/* A table cell s[0..n) that is a timestamp and nothing else: blanks around it trimmed,
 * exactly what rd_timestamp_line accepts, so that the line `cell Label: text` a speaker
 * table writes is read back with its timestamp. */
int rd_timestamp_cell(const char *s, size_t n);

#endif
