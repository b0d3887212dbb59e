/* tests/unit/engine/describe/test_journey.c — placing passages on the journey's stages
 * (engine/describe/journey.h) on hand-built counts and theme weights: the most evidence
 * wins, the question's cues weigh RD_JOURNEY_QUESTION, ties go to the theme evidence and
 * then to the earlier stage, the second stage, passages without cues placed by their
 * themes or on none under the threshold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/describe/journey.h"

enum { P = 8, S = 3, T = 2 };

static void test_place(void **state)
{
    (void)state;
    /* per passage: own hits for stages 0..2, then the question's */
    static const uint16_t hits[P * 2 * S] = {
        3, 0, 0, 0, 0, 0, /* p0: stage 0, clearly (theme 0) */
        0, 2, 1, 0, 0, 0, /* p1: stage 1, second stage 2 (theme 1) */
        0, 0, 0, 0, 0, 0, /* p2: no cues, theme 0 only: stage 0 by themes */
        0, 0, 0, 0, 0, 0, /* p3: no cues, no theme weight: none */
        1, 1, 0, 0, 0, 0, /* p4: tie 0/1, theme 1 leans to stage 1 */
        0, 0, 1, 0, 0, 0, /* p5: stage 2 clearly (theme 0 and 1 evenly) */
        0, 0, 1, 0, 1, 0, /* p6: own 1 for stage 2, the question 1 for stage 1: 2 > 1 */
        0, 0, 0, 0, 0, 0, /* p7: no cues, themes evenly: below the threshold */
    };
    static const float w[P * T] = {
        1.0f, 0.0f, /* p0 */
        0.0f, 2.0f, /* p1 */
        0.5f, 0.0f, /* p2 */
        0.0f, 0.0f, /* p3 */
        0.0f, 1.0f, /* p4 */
        1.0f, 1.0f, /* p5 */
        0.0f, 1.0f, /* p6 */
        1.0f, 1.0f, /* p7 */
    };
    /* D from the clear passages p0 (stage 0, theme 0), p1 (1, theme 1), p5 (2, half each),
     * p6 (1, theme 1): theme 0 → {0: 2/3, 2: 1/3}; theme 1 → {1: 2/2.5, 2: 0.5/2.5} */
    int32_t stage[P], stage2[P];
    uint8_t by[P];
    double score[P];
    rd_journey_place out = {stage, stage2, by, score};
    rd_journey_in in = {.P = P, .S = S, .T = T, .hits = hits, .w = w,
                        .question = RD_JOURNEY_QUESTION, .min_theme = 0.6};
    rd_err err;
    assert_int_equal(rd_journey_place_run(&in, &out, &err), RD_OK);
    static const int32_t want[P] = {0, 1, 0, -1, 1, 2, 1, -1};
    static const int32_t want2[P] = {-1, 2, -1, -1, 0, -1, 2, -1};
    static const uint8_t want_by[P] = {RD_JOURNEY_BY_CUES, RD_JOURNEY_BY_CUES,
                                       RD_JOURNEY_BY_THEMES, RD_JOURNEY_BY_NONE,
                                       RD_JOURNEY_BY_CUES, RD_JOURNEY_BY_CUES,
                                       RD_JOURNEY_BY_CUES, RD_JOURNEY_BY_NONE};
    for (size_t p = 0; p < P; p++) {
        if (stage[p] != want[p] || stage2[p] != want2[p] || by[p] != want_by[p])
            fail_msg("p%zu: stage %d, second %d, by %u", p, stage[p], stage2[p], by[p]);
    }
    assert_true(score[0] == 3.0);
    assert_true(score[6] == 2.0); /* the question's hit weighs 2 */
    assert_true(score[2] > 0.66 && score[2] < 0.67); /* q of stage 0 from theme 0: 2/3 */
    assert_true(score[3] == 0.0);
    /* p7: q = (1/3, 0.4, 4/15): best 0.4 < 0.6 → none; with a lower threshold, stage 1 */
    in.min_theme = 0.35;
    assert_int_equal(rd_journey_place_run(&in, &out, &err), RD_OK);
    assert_int_equal(stage[7], 1);
    assert_int_equal(by[7], RD_JOURNEY_BY_THEMES);
    /* step 2, the conversation: p2 follows p1 of the same respondent (stage 1) and p7
     * follows p6 (stage 1), neither with cues of its own; p3 has no theme weight (no
     * words that count) and stays on none. When the passage before is another
     * respondent's, the themes place it as before (p2: stage 0; p7: none). */
    in.min_theme = 0.6;
    static const uint32_t talk[P] = {0, 0, 0, 0, 1, 1, 2, 2};
    in.group = talk;
    assert_int_equal(rd_journey_place_run(&in, &out, &err), RD_OK);
    static const int32_t want_talk[P] = {0, 1, 1, -1, 1, 2, 1, 1};
    static const uint8_t by_talk[P] = {RD_JOURNEY_BY_CUES, RD_JOURNEY_BY_CUES,
                                       RD_JOURNEY_BY_CONVERSATION, RD_JOURNEY_BY_NONE,
                                       RD_JOURNEY_BY_CUES, RD_JOURNEY_BY_CUES,
                                       RD_JOURNEY_BY_CUES, RD_JOURNEY_BY_CONVERSATION};
    for (size_t p = 0; p < P; p++) {
        if (stage[p] != want_talk[p] || by[p] != by_talk[p])
            fail_msg("conversation, p%zu: stage %d, by %u", p, stage[p], by[p]);
    }
    assert_true(score[2] == 0.0);
    static const uint32_t apart[P] = {0, 0, 1, 1, 2, 2, 3, 4};
    in.group = apart;
    assert_int_equal(rd_journey_place_run(&in, &out, &err), RD_OK);
    assert_int_equal(stage[2], 0);
    assert_int_equal(by[2], RD_JOURNEY_BY_THEMES);
    assert_int_equal(stage[3], -1); /* p2 is on stage 0, but p3 has no theme weight */
    assert_int_equal(stage[7], -1);
    in.group = NULL;
    /* without theme evidence a tie goes to the earlier stage */
    static const float flat[P * T] = {0};
    in.w = flat;
    assert_int_equal(rd_journey_place_run(&in, &out, &err), RD_OK);
    assert_int_equal(stage[4], 0);
    assert_int_equal(stage2[4], 1);
    assert_int_equal(stage[2], -1);
    assert_int_equal(stage[7], -1);
}

/* No passages, or no stages: nothing placed, nothing read. */
static void test_empty(void **state)
{
    (void)state;
    int32_t stage[1] = {7}, stage2[1] = {7};
    uint8_t by[1] = {9};
    double score[1] = {1};
    rd_journey_place out = {stage, stage2, by, score};
    rd_journey_in in = {.P = 0, .S = 3, .T = 2, .question = 2, .min_theme = 0.3};
    rd_err err;
    assert_int_equal(rd_journey_place_run(&in, &out, &err), RD_OK);
    assert_int_equal(stage[0], 7);
    static const uint16_t none[1] = {0};
    static const float w[2] = {1.0f, 0.0f};
    in = (rd_journey_in){.P = 1, .S = 0, .T = 2, .hits = none, .w = w, .question = 2,
                         .min_theme = 0.3};
    assert_int_equal(rd_journey_place_run(&in, &out, &err), RD_OK);
    assert_int_equal(stage[0], -1);
    assert_int_equal(by[0], RD_JOURNEY_BY_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_place),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests_name("journey placement", tests, NULL, NULL);
}
