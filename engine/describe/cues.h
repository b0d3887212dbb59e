/* engine/describe/cues.h — the kinds of cue words the descriptions count in a passage.
 *
 * nlp/cues.h finds them in text (Dutch word lists, nlp/data/cues-nl.txt); the text stage
 * records per passage how many words of each kind it holds, then its number of words
 * (RD_CUE_SLOTS counts); the descriptions turn the counts into motivation and tension
 * passages (engine/describe/facts.h). */
#ifndef RD_DESCRIBE_CUES_H
#define RD_DESCRIBE_CUES_H

typedef enum {
    RD_CUE_MOTIVATION = 0, /* omdat, want, belangrijk, wil, … */
    RD_CUE_CONTRAST,       /* maar, toch, hoewel, … */
    RD_CUE_NEGATION,       /* niet, geen, nooit, … */
    RD_CUE_POSITIVE,       /* fijn, blij, goed, … */
    RD_CUE_NEGATIVE,       /* vervelend, boos, slecht, … */
    RD_CUE__COUNT
} rd_cue_kind;

/* Counts per passage: one per kind, then the passage's number of word tokens. */
enum { RD_CUE_SLOTS = RD_CUE__COUNT + 1, RD_CUE_WORDS = RD_CUE__COUNT };

#endif
