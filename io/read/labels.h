/* io/read/labels.h — speaker labels: one rule for every format (text, documents,
 * subtitles, CSV), so a label means the same wherever it is written.
 *
 * Shape: 1..40 bytes and at most five words separated by single spaces, starting with a
 * letter (ASCII, or a non-ASCII character of a Unicode letter category), holding only
 * letters, digits, non-ASCII characters and . - ' ( ) /. It is capitalised like a name
 * when every word starts with a capital, a digit, a non-ASCII character or '(', or (after
 * the first word) is a name particle (van, de, der, ten, 't, …), as in "Jan van der Berg".
 *
 * Roles: labels are compared case-insensitively after dropping "(…)" and a trailing
 * number: "Interviewer 2", "Onderzoeker (Anne)". Interviewer labels: Interviewer,
 * Interviewster, Onderzoeker, Onderzoekster, Gespreksleider, Gespreksleidster, Moderator,
 * Facilitator, Begeleider, Begeleidster, Int, Intv, Interv, Iv, I, Q, Vraag, Vragensteller,
 * Vragenstelster, Researcher, plus the user's extra labels. Known respondent labels: R,
 * Resp, Respondent, Respondente, A, Antwoord, Bewoner, Bewoonster, Huurder, Huurster,
 * Deelnemer, Deelneemster, Geïnterviewde, Partner, Spreker, B, P. Every other speaker is a
 * respondent. */
#ifndef RD_LABELS_H
#define RD_LABELS_H

#include <stddef.h>

#include "engine/status.h"
#include "nlp/transcript.h"

enum { RD_LABELS_MAX_BYTES = 40, RD_LABELS_MAX_WORDS = 5 };

/* Extra interviewer labels (as the user wrote them); may be NULL/0. */
typedef struct {
    char *const *interviewers;
    size_t n_interviewers;
} rd_labels_opts;

/* 1 when s[0..n) has the shape of a label; then *caps (may be NULL) is 1 when it is
 * capitalised like a name. */
int rd_labels_shape(const char *s, size_t n, int *caps);

/* 1 when label is an interviewer label under opts (built-in list or extra). */
int rd_labels_is_interviewer(const char *label, size_t n, const rd_labels_opts *opts);

/* 1 when label is one of the known respondent labels. */
int rd_labels_is_respondent(const char *label, size_t n);

/* Starts a turn of speaker s[0..n) ("" for none) in b, with its role by opts. */
rd_status rd_labels_turn(rd_transcript_builder *b, const char *s, size_t n,
                         const rd_labels_opts *opts, rd_err *err);

#endif
