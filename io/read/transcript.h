/* io/read/transcript.h — from a transcript's text to speaker turns and passages.
 *
 * Speaker turns are lines `Label: text`, optionally after a timestamp (`[00:01:02]`,
 * `(01:02)`, `00:01:02 -`). A label is at most 40 bytes and five words, starts with a
 * letter, and is followed by a colon and a space (or the end of the line). To tell labels
 * from sentences that happen to contain a colon, a candidate is accepted as a speaker when
 * it is a known role label (Interviewer, I, R, Vraag, Antwoord, Respondent, …), or carries
 * a timestamp, or is capitalised and occurs as a label on at least two lines of the file.
 * Continuation lines join the current turn; lines starting with '#' are headings and are
 * skipped; in a labelled file, lines before the first label are a preamble and skipped.
 * A file without speaker labels is one respondent speaking throughout, each paragraph
 * (blank-line separated) a turn.
 * Interviewer turns are recognised by label (built-in list plus extra labels), compared
 * case-insensitively after dropping a trailing number or "(…)": "Interviewer 2",
 * "Onderzoeker (Anne)". Every other speaker is a respondent.
 * Turns are split into passages of about 150 words at sentence ends (never more than
 * about 225 words unless one sentence is longer; such a sentence is cut every 150 words).
 * Each passage keeps the line where it starts. */
#ifndef RD_TRANSCRIPT_H
#define RD_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

typedef enum { RD_ROLE_RESPONDENT = 0, RD_ROLE_INTERVIEWER = 1 } rd_role;

typedef struct {
    const char *speaker; /* as written, "" when the file has no labels */
    const char *text;    /* lines joined by single spaces; no tabs or newlines */
    size_t text_n;
    uint32_t line;       /* 1-based line where the passage starts */
    rd_role role;
} rd_passage;

typedef struct {
    rd_passage *v;
    size_t n;
    size_t n_respondent; /* passages with role respondent */
    int labelled;        /* 1 when speaker labels were found */
    char *pool;          /* owns every string above */
    size_t pool_n, pool_cap;
    size_t cap;
    int borrowed;        /* 1: v and pool belong to a workspace (rd_transcript_parse_ws) */
} rd_transcript;

/* Extra interviewer labels (as the user wrote them); may be NULL/0. */
typedef struct {
    char *const *interviewers;
    size_t n_interviewers;
} rd_transcript_opts;

/* Parses valid UTF-8 text[0..n) into *out (zero-initialised by the caller; previous
 * contents are dropped). */
rd_status rd_transcript_parse(const char *text, size_t n, const rd_transcript_opts *opts,
                              rd_transcript *out, rd_err *err);
void rd_transcript_free(rd_transcript *t); /* frees the contents, not t */

/* Scratch for parsing many transcripts one after another on one thread, so that parsing
 * allocates nothing once the workspace has grown to the largest file. */
typedef struct rd_transcript_ws rd_transcript_ws;
rd_status rd_transcript_ws_new(rd_transcript_ws **out, rd_err *err);
void rd_transcript_ws_free(rd_transcript_ws *ws); /* NULL is a no-op */
/* As rd_transcript_parse, but *out's passages and strings are borrowed from ws, valid
 * until the next call on ws or rd_transcript_ws_free (out->borrowed is 1, and
 * rd_transcript_free only clears *out). *out need not be initialised. */
rd_status rd_transcript_parse_ws(const char *text, size_t n, const rd_transcript_opts *opts,
                                 rd_transcript_ws *ws, rd_transcript *out, rd_err *err);

/* Building a transcript from turns that a format reader found itself (subtitles, CSV
 * rows, …), with the same passage splitting and roles as rd_transcript_parse:
 *
 *     rd_tbuild *b; rd_tbuild_new(opts, &b, err);
 *     rd_tbuild_turn(b, "Anne", 4, err);          // starts a turn (ends the previous one)
 *     rd_tbuild_text(b, "Goedemorgen.", 12, 7, err); // text at source line 7
 *     rd_tbuild_text(b, "Hoe gaat het?", 13, 9, err);  // same turn, joined by a space
 *     rd_tbuild_finish(b, &tr, err); rd_tbuild_free(b);
 *
 * The speaker may be "" (unknown: a respondent). Its role comes from opts (interviewer
 * list). Text may contain any whitespace: tabs, CR and newlines become single spaces;
 * it must be valid UTF-8. Text before the first rd_tbuild_turn belongs to an unlabelled
 * respondent turn. The transcript's `labelled` is 1 when any turn had a non-empty
 * speaker. */
typedef struct rd_tbuild rd_tbuild;

rd_status rd_tbuild_new(const rd_transcript_opts *opts, rd_tbuild **out, rd_err *err);
rd_status rd_tbuild_turn(rd_tbuild *b, const char *speaker, size_t speaker_n, rd_err *err);
rd_status rd_tbuild_text(rd_tbuild *b, const char *text, size_t n, uint32_t line, rd_err *err);
/* Moves the passages into *out (zero-initialised or freed by the caller). */
rd_status rd_tbuild_finish(rd_tbuild *b, rd_transcript *out, rd_err *err);
void rd_tbuild_free(rd_tbuild *b);

/* The shape of a speaker label, one rule for every format (text, documents, subtitles):
 * s[0..n) is 1..40 bytes and at most five words separated by single spaces, starts with a
 * letter (ASCII, or a non-ASCII character of a Unicode letter category), and holds only
 * letters, digits, non-ASCII characters and . - ' ( ) /. Returns 1 when it has that shape;
 * then *caps (may be NULL) is 1 when it is capitalised like a name: every word starts
 * with a capital, a digit, a non-ASCII character or '(', or (after the first word) is a
 * name particle (van, de, der, ten, 't, …), as in "Jan van der Berg". */
int rd_transcript_label_shape(const char *s, size_t n, int *caps);

/* 1 when label is an interviewer label under opts (built-in list or extra). */
int rd_transcript_is_interviewer(const char *label, size_t n, const rd_transcript_opts *opts);

#endif
