/* io/read/subtitle.h — WebVTT (.vtt, as Microsoft Teams and Zoom write it) and SubRip (.srt).
 *
 * The header (WEBVTT line and what follows up to the first blank line), NOTE, STYLE and
 * REGION blocks, cue identifiers, timing lines (`00:01:02.345 --> 00:01:05.000 …`, or
 * `00:01:02,345 --> …` in SRT) and cue numbers are removed. The speaker of a cue comes
 * from a voice tag `<v Name>` / `<v.class Name>` (Teams) or a `Name: ` prefix on the cue's
 * first line (Zoom, SRT; a label as io/read/labels.h describes it). Other
 * tags (`<c>`, `<i>`, `<b>`, `</v>`, timestamps `<00:01:02.000>`) are dropped and the
 * entities &amp; &lt; &gt; &nbsp; &lrm; &rlm; decoded. Consecutive cues by the same speaker
 * are joined into one turn; the turn's passages keep the line of their first cue text. A
 * file without speakers is one respondent speaking throughout. Roles come from the
 * interviewer list as in io/read/labels.h.
 *
 * In detail:
 *   - Lines end in LF, CRLF or a lone CR; line numbers are 1-based and count the line of
 *     the BOM as line 1. A WebVTT file must have "WEBVTT" (then a blank or the end of the
 *     line) on line 1, after an optional BOM. A header that runs into a timing line
 *     without a blank line ends there.
 *   - A timing line is a start time, "-->" and anything after it (end time and cue
 *     settings are ignored). Times are timestamps as io/read/timestamp.h reads them:
 *     two to four groups of digits (hours optional, any number of digits per group),
 *     '.' or ',' before an optional fraction (`1:02.5`, `00:00:01,000`, `100:00:00.000`).
 *     A line holding "-->" where a block starts (or after a cue identifier) whose start
 *     time does not parse is RD_EDATA "line L: timing line without a valid start time
 *     (…)"; inside cue text such a line is text.
 *   - Cue identifiers and SRT numbers are optional. A timing line inside cue text starts
 *     the next cue (files that leave out the blank line), and a line of digits right
 *     before it is that cue's number.
 *   - A block without a timing line (cue text that held a blank line) continues the text
 *     of the cue before it; such blocks before the first cue are dropped, and so is a
 *     block that is only a number (an SRT cue number without its timing line). In WebVTT,
 *     blocks starting with NOTE, STYLE or REGION are skipped wherever they stand.
 *   - Multi-line cue text is joined with spaces; each line reaches the transcript with its
 *     own line number, so a passage split out of a long turn keeps the line it starts on.
 *   - A voice tag switches the speaker where it stands, also in the middle of a cue; text
 *     before it stays with the previous speaker. `<v>` without a name changes nothing.
 *     Names are entity-decoded with blanks collapsed.
 *   - A `Name: ` prefix is looked for on the first text of each cue (and of each block
 *     without timing) that does not start with a voice tag. It is a speaker by the label
 *     rule of io/read/labels.h, the same as in text: a role, a title with a name ("De
 *     heer Öztürk") or a name of several words ("Jan van der Berg") at once; any prefix
 *     that starts two or more cues of the file ("jan", "iPhone van Anne"); a one-word
 *     name ("Jan") used once after the first voice tag or accepted prefix, when its text
 *     opens a sentence. A cue's timing line is no timestamp before its prefix (every cue
 *     has one). So "Dus wat ik bedoel: …", "Nee: dat klopt niet" and "Let op: …" stay
 *     text.
 *   - A cue without speaker continues the current speaker's turn; cues before the first
 *     speaker form an unlabelled respondent turn.
 *   - Tags are recognised by name (c i b u v lang ruby rt font s span br, any case) or as
 *     a timestamp (as above: `<01:02.500>`, not `<3>`), closed by '>' on the same line;
 *     any other '<' is text ("a < b", "<3", "<3>").
 *     `<br>` becomes a space. SRT position codes `{\an8}` are dropped.
 *   - Entities also include &quot; &apos; and numeric &#…; / &#x…;. &nbsp;, control and
 *     non-breaking characters become spaces; &lrm; and &rlm; become nothing. Unknown or
 *     unterminated entities are kept as written.
 *   - Cues whose text is empty give a transcript without passages (RD_OK, n == 0); the
 *     caller decides whether that is an error.
 *
 * The input is valid UTF-8 (the caller decodes and checks it; a leading BOM is skipped).
 * A file with no cue at all is RD_EDATA "no subtitle cues (… expected)" (WebVTT: "no
 * subtitle cues (a WEBVTT header but no timing lines like …)"). Messages name the line but
 * not the path, which the caller adds. Time and memory are linear in n; the reader reads
 * the file twice (prefix counts, then the transcript). */
#ifndef RD_SUBTITLE_H
#define RD_SUBTITLE_H

#include <stddef.h>

#include "engine/status.h"
#include "io/read/labels.h"

enum { RD_SUB_VTT = 0, RD_SUB_SRT = 1 };

/* Parses text[0..n) of the given kind into *out (zero-initialised by the caller; previous
 * contents are dropped; zeroed again on failure; freed with rd_transcript_free). opts may
 * be NULL. RD_EDATA as above, RD_EINVAL for an unknown kind, RD_ENOMEM. */
rd_status rd_subtitle_parse(const char *text, size_t n, int kind, const rd_labels_opts *opts,
                            rd_transcript *out, rd_err *err);

#endif
