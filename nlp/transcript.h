/* nlp/transcript.h — the corpus data model of one respondent's text: speaker turns cut
 * into passages, and the builder every reader fills it through.
 *
 * A passage is one turn, or a part of a long one: turns longer than about 150 words are
 * split at sentence ends (nlp/tokenise.h's RD_TOKF_SENT_END) into passages of about 150
 * words — a passage is cut once it reaches 150 words, or before a sentence that would take
 * it past 225 words when it already has 75; a sentence of 300 words or more with no end is
 * cut every 300 words. A turn well under the target (fewer than 120 words counted by
 * spaces) is one passage without looking for sentences. Each passage keeps the line where
 * it starts; its text is the turn's lines joined by single spaces, with tabs, CR, VT and FF
 * as spaces and no leading or trailing space.
 *
 * The readers (io/read: text, subtitles, documents, CSV) decide who speaks; the builder
 * only keeps speakers, turns and lines:
 *
 *     rd_transcript_builder *b; rd_transcript_build_new(&b, err);
 *     size_t anne; rd_transcript_build_speaker(b, "Anne", 4, &anne, err);
 *     rd_transcript_build_turn(b, anne, RD_ROLE_RESPONDENT, err); // ends the turn before
 *     rd_transcript_build_line(b, "Goedemorgen.", 12, 7, err);    // text at source line 7
 *     rd_transcript_build_line(b, "Hoe gaat het?", 13, 9, err);   // same turn, joined
 *     rd_transcript_build_finish(b, &tr, err); rd_transcript_build_free(b);
 *
 * Text before the first turn belongs to an unlabelled respondent turn (speaker handle
 * RD_TRANSCRIPT_NO_SPEAKER, ""). The transcript's `labelled` is 1 when any turn had a
 * non-empty speaker. Text must be valid UTF-8. */
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
    int borrowed;        /* 1: v and pool belong to a builder (rd_transcript_build_borrow) */
} rd_transcript;

void rd_transcript_free(rd_transcript *t); /* frees the contents, not t; NULL is a no-op */

/* Target words of a passage (see above). */
enum { RD_TRANSCRIPT_TARGET_WORDS = 150 };
/* The handle of the empty speaker, valid in every builder. */
#define RD_TRANSCRIPT_NO_SPEAKER ((size_t)0)

typedef struct rd_transcript_builder rd_transcript_builder;

rd_status rd_transcript_build_new(rd_transcript_builder **out, rd_err *err);
void rd_transcript_build_free(rd_transcript_builder *b); /* NULL is a no-op */
/* Starts a new transcript, keeping the builder's memory (speaker handles are forgotten). */
rd_status rd_transcript_build_reset(rd_transcript_builder *b, rd_err *err);
/* Keeps speaker s[0..n) (leading and trailing blanks dropped; tabs and line breaks
 * inside become spaces) for this transcript; *spk is its handle for ..._turn. */
rd_status rd_transcript_build_speaker(rd_transcript_builder *b, const char *s, size_t n,
                                      size_t *spk, rd_err *err);
/* Ends the turn in progress (splitting it into passages) and starts one by spk. */
rd_status rd_transcript_build_turn(rd_transcript_builder *b, size_t spk, rd_role role,
                                   rd_err *err);
/* Ends the turn in progress; the next lines start a new turn of the same speaker (a
 * paragraph break in an unlabelled text). */
rd_status rd_transcript_build_break(rd_transcript_builder *b, rd_err *err);
/* Appends one line s[0..n) (no '\n'; leading and trailing blanks dropped; nothing when it
 * is blank) to the turn in progress, joined by a space; line is its source line. */
rd_status rd_transcript_build_line(rd_transcript_builder *b, const char *s, size_t n,
                                   uint32_t line, rd_err *err);
/* The same for text of several lines, the first at source line `line`. */
rd_status rd_transcript_build_text(rd_transcript_builder *b, const char *text, size_t n,
                                   uint32_t line, rd_err *err);
/* Ends the last turn and moves the passages into *out (zero-initialised or freed by the
 * caller; previous contents are dropped); the builder starts over. */
rd_status rd_transcript_build_finish(rd_transcript_builder *b, rd_transcript *out, rd_err *err);
/* As ..._finish, but *out's passages and strings are borrowed from the builder, valid until
 * its next reset or free (out->borrowed is 1; rd_transcript_free only clears *out). */
rd_status rd_transcript_build_borrow(rd_transcript_builder *b, rd_transcript *out, rd_err *err);

#endif
