/* io/read/labels.h — speaker labels: one rule for every format (text, documents,
 * subtitles), so a label means the same wherever it is written.
 *
 * Shape: 1..40 bytes and at most five words separated by single spaces, starting with a
 * letter (ASCII, or a non-ASCII character of a Unicode letter category), holding only
 * letters, digits, non-ASCII characters and . - ' ( ) /. It is capitalised when every word
 * starts with an upper-case letter (or a letter without case), a digit or '(', or (after
 * the first word) is a name particle (van, de, der, ten, 't, …), as in "Jan van der Berg".
 *
 * Roles. A label is compared case-insensitively after dropping "(…)", dots at the end and
 * a leading article "de"; a trailing number is dropped only when it stands apart ("Spreker
 * 3", "Interviewer-2", any number of digits) or is one or two digits right after a role
 * word ("R1", "I2", "Interviewer2"), so "i386" and "R101" are no roles. Interviewer labels:
 * Interviewer, Interviewster, Onderzoeker, Onderzoekster, Gespreksleider,
 * Gespreksleidster, Moderator, Facilitator, Begeleider, Begeleidster, Int, Intv, Interv,
 * Iv, I, Q, Vraag, Vragensteller, Vragenstelster, Researcher, Voorzitter, Voorzitster (the
 * chair of a debate leads it as a moderator does), plus the user's extra labels (compared
 * the same way). Known respondent labels: R, Resp, Respondent, Respondente, A, Antwoord,
 * Bewoner, Bewoonster, Huurder, Huurster, Deelnemer, Deelneemster, Geïnterviewde,
 * Partner, Spreker, B, P. Every other speaker is a respondent.
 *
 * Kinds. What the shape alone says (rd_labels_kind):
 *   strong  a role (any case: "Interviewer", "int", "Respondent 3", "De voorzitter"); a
 *           title with a name ("De heer Öztürk", "Mevrouw Jansen", "Dhr. Bakker",
 *           "Mw. El Amrani", "Minister De Jonge"); a name of several capitalised words with
 *           particles between ("Jan van der Berg", "Karim El Amrani"), its first and last
 *           word no common word; any of these or a name with "(…)" after it ("Mevrouw
 *           Jansen (SP)", "De heer Omtzigt (CDA)", "Jan (bewoner)").
 *   name    one capitalised word of letters that is no common word: "Jan", "Öztürk".
 *   word    any other label without a lower-case word after its first: a common word
 *           ("Nee", "Dus", "Kijk"), a word with digits ("i386", "Stap 2"), a lower-case id
 *           ("viking1", "jan"), capitalised words that are no name ("Let op", "Nou Ja").
 *   phrase  several words with a lower-case one after the first: "Let wel", "iPhone van
 *           Anne", "mijn punt is".
 * A common word is one of the built-in Dutch stop words and fillers (nlp/stopwords.h:
 * about 390 function words, pronouns, frequent verbs and discourse markers such as nee,
 * dus, kijk, nou, wel, oké), compared in lower case.
 *
 * Acceptance (rd_labels_accept): a candidate is a speaker when it is strong; or it starts
 * two or more lines (cues) of the file; or a timestamp stands before it and it is no
 * phrase; or it is a name used once inside the conversation — after the first line of a
 * label accepted by the other rules — whose text opens a sentence (does not start with a
 * lower-case letter: Dutch goes on in lower case after a colon, so "Tip: bel het
 * huurteam" stays text, "Jan: Ja, drie keer" is a turn), or whose line would otherwise go
 * on an interviewer's turn (whatever its case: a respondent's answer must not be taken for
 * the interviewer's words, which are left out of the analysis). */
#ifndef RD_LABELS_H
#define RD_LABELS_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"
#include "nlp/transcript.h"

enum { RD_LABELS_MAX_BYTES = 40, RD_LABELS_MAX_WORDS = 5 };

/* Extra interviewer labels (as the user wrote them); may be NULL/0. */
typedef struct {
    char *const *interviewers;
    size_t n_interviewers;
} rd_labels_opts;

/* 1 when s[0..n) has the shape of a label; then *caps (may be NULL) is 1 when it is
 * capitalised. */
int rd_labels_shape(const char *s, size_t n, int *caps);

/* 1 when label is an interviewer label under opts (built-in list or extra). */
int rd_labels_is_interviewer(const char *label, size_t n, const rd_labels_opts *opts);

/* 1 when label is one of the known respondent labels. */
int rd_labels_is_respondent(const char *label, size_t n);

typedef enum {
    RD_LABELS_NONE = 0, /* no label's shape */
    RD_LABELS_PHRASE,
    RD_LABELS_WORD,
    RD_LABELS_NAME,
    RD_LABELS_STRONG
} rd_labels_kind;

/* The kind of s[0..n) as the top of this file says; opts adds interviewer labels (may be
 * NULL). Pure; thread-safe. */
rd_labels_kind rd_labels_kind_of(const char *s, size_t n, const rd_labels_opts *opts);

/* What a file says about one label. */
typedef struct {
    uint32_t uses;   /* lines (cues) it starts */
    int timestamped; /* a timestamp stood right before it on one of them */
    int in_talk;     /* its first use comes after the first use of a label that is accepted
                        without in_talk */
    int opens;       /* at its first use, the text after the colon does not start with a
                        lower-case letter (an empty text opens) */
    int after_interviewer; /* at its first use, the line would otherwise go on an
                              interviewer's turn */
} rd_labels_evidence;

/* 1 when a label of kind k with evidence e is a speaker (see the top of this file). */
int rd_labels_accept(rd_labels_kind k, const rd_labels_evidence *e);

/* One candidate label of a file and what the file says about it (rd_labels_decide). */
typedef struct {
    const char *s;         /* the label, borrowed */
    uint32_t n;
    rd_labels_evidence ev; /* uses, timestamped, opens: filled by the caller */
    size_t first;          /* where it is first used, in any increasing measure of position
                              (a byte offset, a cue number) */
    uint8_t speaker;       /* out: accepted as a speaker */
} rd_labels_cand;

/* Decides which of the n candidates are speakers, once a file has been read; candidate k
 * is at (char *)c + k * stride (stride is sizeof(rd_labels_cand) for an array of them, or
 * the size of the structs they are kept in). Those accepted without
 * the conversation first; the conversation starts at the smallest `first` among them, or
 * at talk when that is smaller (a subtitle's first voice tag; SIZE_MAX for none); then
 * names used once after it whose text opens a sentence. A candidate with no uses is no
 * speaker. The kind is looked up only for labels used once. Returns where the
 * conversation starts (SIZE_MAX when nobody speaks). */
size_t rd_labels_decide(rd_labels_cand *c, size_t n, size_t stride, size_t talk,
                        const rd_labels_opts *opts);

/* While turns are built: candidate c, no speaker so far, stands where the current turn is
 * an interviewer's, the conversation having started at talk. Decides again with
 * after_interviewer (only a name used once, inside the conversation, changes); returns
 * c->speaker. */
int rd_labels_decide_late(rd_labels_cand *c, size_t talk, const rd_labels_opts *opts);

/* 1 when text s[0..n) (the words after a label's colon) opens a sentence: it is empty or
 * does not start with a lower-case letter. */
int rd_labels_opens(const char *s, size_t n);

/* Starts a turn of speaker s[0..n) ("" for none) in b, with its role by opts. */
rd_status rd_labels_turn(rd_transcript_builder *b, const char *s, size_t n,
                         const rd_labels_opts *opts, rd_err *err);

#endif
