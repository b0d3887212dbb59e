/* io/read/text.h — text transcripts (.txt, .md, the text of Word and OpenDocument files):
 * speaker turns from lines, cut into passages by the transcript builder (nlp/transcript.h).
 *
 * Speaker turns are lines `Label: text`, optionally after a timestamp (`[00:01:02]`,
 * `(01:02)`, `00:01:02 -`, a range `[00:01:02 - 00:01:09]`; io/read/timestamp.h). A label
 * has the shape io/read/labels.h describes and is followed by a colon and a space (or the
 * end of the line). Whether a candidate is a speaker is io/read/labels.h's rule, on what
 * the file says about it: how many lines it starts, whether a timestamp stands before it,
 * whether it comes after the first line of an accepted label (the conversation), whether
 * its text opens a sentence and whether its line would otherwise go on an interviewer's
 * turn. So a role, a title with a name or a name of several words is a speaker at once;
 * "Jan: Ja, …" once in the conversation is one; "Tip: bel …", "Nee: dat klopt niet",
 * "i386: …" used once are text.
 * A header line — a label, blanks and a timestamp, nothing else (`Jan de Vries   0:03`,
 * as Teams writes its transcripts) — starts a turn whose words follow on the next lines,
 * when the file has two or more such lines (each is then a use with a timestamp); a lone
 * "Dinsdag 14:30" stays text.
 * Continuation lines join the current turn; lines starting with '#' are headings and are
 * skipped; in a labelled file, lines before the first label are a preamble and skipped.
 * A file without speaker labels is one respondent speaking throughout, each paragraph
 * (blank-line separated) a turn. Interviewer turns are recognised by label
 * (io/read/labels.h); every other speaker is a respondent. */
#ifndef RD_TEXT_H
#define RD_TEXT_H

#include <stddef.h>

#include "engine/status.h"
#include "io/read/labels.h"
#include "nlp/transcript.h"

/* Parses valid UTF-8 text[0..n) (a leading byte order mark is skipped) into *out
 * (zero-initialised by the caller; previous contents are dropped). */
rd_status rd_text_parse(const char *text, size_t n, const rd_labels_opts *opts,
                        rd_transcript *out, rd_err *err);

/* Scratch for parsing many transcripts one after another on one thread, so that parsing
 * allocates nothing once the workspace has grown to the largest file. */
typedef struct rd_text_ws rd_text_ws;
rd_status rd_text_ws_new(rd_text_ws **out, rd_err *err);
void rd_text_ws_free(rd_text_ws *ws); /* NULL is a no-op */
/* As rd_text_parse, but *out's passages and strings are borrowed from ws, valid until the
 * next call on ws or rd_text_ws_free (out->borrowed is 1, and rd_transcript_free only
 * clears *out). *out need not be initialised. */
rd_status rd_text_parse_ws(const char *text, size_t n, const rd_labels_opts *opts,
                           rd_text_ws *ws, rd_transcript *out, rd_err *err);

#endif
