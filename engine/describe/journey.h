/* engine/describe/journey.h — placing passages on the stages of the tenant's journey.
 *
 * The text stage counts, per passage, the cue words and phrases of each stage it holds,
 * and those of the question it answers (the interviewer's turns before it; nlp/journey.h,
 * nlp/textstage.h); the engine gets those counts as plain data with the passages' theme
 * weights (NMF W) and places every passage on one stage or on none:
 *
 *  1. By its cues. A passage's evidence for stage s is e[s] = own[s] +
 *     RD_JOURNEY_QUESTION × question[s] (an answer is about what was asked, but its own
 *     words weigh more). A passage with evidence goes to the stage with the most. A tie is
 *     broken by the passage's theme evidence q (step 3), then by the journey's order (the
 *     earlier stage). The stage with the next most evidence (ties: as before) is its
 *     second stage, shown beside it (passages.csv: stage_2); a passage counts for its
 *     first stage only.
 *  2. By the conversation (with group given). A passage without evidence that follows
 *     a passage of the same respondent (group) placed on a stage stays on that stage: an
 *     answer without a cue of its own or in its question goes on about what the
 *     conversation was about ("En toen?" – "Drie weken niks."). Passages are in the
 *     order they were said.
 *  3. By its themes. From the passages placed in step 1 with one clear winner, each theme
 *     j gets a stage distribution D[j][s] = Σ_p w̃[p][j] [stage(p) = s] / Σ_p w̃[p][j],
 *     w̃ the passage's theme weights scaled to sum 1. Any other passage without evidence
 *     scores q[s] = Σ_j w̃[p][j] D[j][s] (a distribution over the stages) and goes to the
 *     best stage when q of that stage is at least RD_JOURNEY_MIN_THEME; otherwise, and
 *     when it has no theme weight, it is on no stage.
 *
 * RD_JOURNEY_QUESTION and RD_JOURNEY_MIN_THEME were chosen by measurement on the sample
 * interviews' ground truth (README.md, "The tenant's journey"). */
#ifndef RD_DESCRIBE_JOURNEY_H
#define RD_DESCRIBE_JOURNEY_H

#include <stddef.h>
#include <stdint.h>

#include "engine/status.h"

#define RD_JOURNEY_QUESTION 2.0
#define RD_JOURNEY_MIN_THEME 0.3

enum {
    RD_JOURNEY_BY_NONE = 0,
    RD_JOURNEY_BY_CUES = 1,
    RD_JOURNEY_BY_THEMES = 2,
    RD_JOURNEY_BY_CONVERSATION = 3
};

typedef struct {
    size_t P, S, T;        /* passages, stages, themes */
    const uint16_t *hits;  /* P × 2S: per passage its own cue hits per stage, then the
                              hits of the question it answers */
    const float *w;        /* P × T: theme weights (>= 0) */
    const uint32_t *group; /* P: each passage's respondent, passages in the order said
                              (step 2), or NULL: no step 2 */
    double question;       /* the question's weight (RD_JOURNEY_QUESTION) */
    double min_theme;      /* step 2's threshold (RD_JOURNEY_MIN_THEME) */
} rd_journey_in;

typedef struct {
    int32_t *stage;   /* P: the stage, -1 for none */
    int32_t *stage2;  /* P: the second stage (cue hits only), -1 for none */
    uint8_t *by;      /* P: RD_JOURNEY_BY_* */
    double *score;    /* P: e of the stage (by cues), q of the stage (by themes), 0 (by
                         the conversation, or none) */
} rd_journey_place;

/* Places the P passages; the arrays of out are the caller's (P each). RD_ENOMEM only. */
rd_status rd_journey_place_run(const rd_journey_in *in, rd_journey_place *out, rd_err *err);

#endif
