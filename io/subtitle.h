/* io/subtitle.h — WebVTT (.vtt, as Microsoft Teams and Zoom write it) and SubRip (.srt).
 *
 * The header (WEBVTT line and what follows up to the first blank line), NOTE, STYLE and
 * REGION blocks, cue identifiers, timing lines (`00:01:02.345 --> 00:01:05.000 …`, or
 * `00:01:02,345 --> …` in SRT) and cue numbers are removed. The speaker of a cue comes
 * from a voice tag `<v Name>` / `<v.class Name>` (Teams) or a `Name: ` prefix on the cue's
 * first line (Zoom, SRT; at most 40 bytes and five words, starting with a letter). Other
 * tags (`<c>`, `<i>`, `<b>`, `</v>`, timestamps `<00:01:02.000>`) are dropped and the
 * entities &amp; &lt; &gt; &nbsp; &lrm; &rlm; decoded. Consecutive cues by the same speaker
 * are joined into one turn; the turn's passages keep the line of their first cue text. A
 * file without speakers is one respondent speaking throughout. Roles come from the
 * interviewer list as in io/transcript.h.
 *
 * The input is valid UTF-8 (the caller decodes and checks it; a leading BOM is skipped).
 * A file with no cue at all is RD_EDATA "no subtitle cues (… expected)". */
#ifndef RD_SUBTITLE_H
#define RD_SUBTITLE_H

#include <stddef.h>

#include "engine/status.h"
#include "io/transcript.h"

enum { RD_SUB_VTT = 0, RD_SUB_SRT = 1 };

rd_status rd_subtitle_parse(const char *text, size_t n, int kind, const rd_transcript_opts *opts,
                            rd_transcript *out, rd_err *err);

#endif
