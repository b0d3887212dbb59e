/* tests/unit/engine/describe/test_personas.c — persona names placed on the segments whose
 * distinguishing terms match theirs; a name below min_sim reported in the notes.
 *
 * Three segments over 5 terms (scores; only the positive part counts):
 *   seg 0: (1, 0.5, 0, 0, −1)   ‖+‖ = √1.25
 *   seg 1: (0, 0, 1, 0.5, 0)    ‖+‖ = √1.25
 *   seg 2: (0, 0, 0, 0, 2)      ‖+‖ = 2
 * Names (the i-th term weighs 1/(i+1)):
 *   Starters      terms 0, 1        → seg 0: (1 + 0.5·0.5) / (√1.25 · √1.25) = 1
 *   Doorstromers  terms 2, ?, 3     → seg 1: (1 + 0.5/3) / (√(1 + 1/4 + 1/9) · √1.25)
 *                                             = 0.894427… (the unknown word counts in the
 *                                             norm only)
 *   Senioren      term 0            → seg 0: 1 / √1.25 = 0.894427…, but seg 0 goes to
 *                                     Starters (1 is the largest pair) and seg 2 has
 *                                     nothing in common: not placed, and the note says
 *                                     that its closest segment went to Starters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "engine/describe/personas.h"

static const double SCORE[] = {1, 0.5, 0, 0, -1, 0, 0, 1, 0.5, 0, 0, 0, 0, 0, 2};

static void test_match(void **state)
{
    (void)state;
    const int32_t t0[] = {0, 1}, t1[] = {2, -1, 3}, t2[] = {0};
    const rd_persona names[] = {{"Starters", 2, t0, 2},
                                {"Doorstromers", 3, t1, 3},
                                {"Senioren", 4, t2, 1}};
    int32_t seg_name[3];
    rd_strlist notes = {0};
    size_t matched, unmatched;
    rd_err err;
    assert_int_equal(rd_personas_match(SCORE, 3, 5, names, 3, 0.2, seg_name, &notes, &matched,
                                       &unmatched, &err),
                     RD_OK);
    assert_int_equal(seg_name[0], 0);
    assert_int_equal(seg_name[1], 1);
    assert_int_equal(seg_name[2], -1);
    assert_int_equal(matched, 2);
    assert_int_equal(unmatched, 1);
    assert_int_equal(notes.n, 1);
    /* Senioren's closest segment is above the threshold, but went to Starters: say so */
    assert_string_equal(notes.v[0], "name \"Senioren\" (line 4) is not used: its closest segment "
                                    "(1, similarity 0.89) went to name \"Starters\" (1.00), and "
                                    "no other segment reaches 0.20");
    rd_strlist_free(&notes);

    /* a threshold above Doorstromers' 0.894: only Starters is placed */
    assert_int_equal(rd_personas_match(SCORE, 3, 5, names, 3, 0.95, seg_name, &notes, &matched,
                                       &unmatched, &err),
                     RD_OK);
    assert_int_equal(seg_name[0], 0);
    assert_int_equal(seg_name[1], -1);
    assert_int_equal(matched, 1);
    assert_int_equal(unmatched, 2);
    assert_int_equal(notes.n, 2);
    assert_string_equal(notes.v[0], "name \"Doorstromers\" (line 3) is not used: no segment "
                                    "reaches 0.95 (closest: segment 2, 0.89)");
    assert_string_equal(notes.v[1], "name \"Senioren\" (line 4) is not used: no segment "
                                    "reaches 0.95 (closest: segment 1, 0.89)");
    rd_strlist_free(&notes);
}

/* More names than segments, all alike (every similarity 1/√2): the names left over are
 * told that their closest segment and every other one that qualifies went to other names. */
static void test_notes_taken(void **state)
{
    (void)state;
    const double same[] = {1, 1, 1, 1, 1, 1};
    const int32_t t[] = {0};
    const rd_persona names[] = {{"A", 2, t, 1}, {"B", 3, t, 1}, {"C", 4, t, 1}, {"D", 5, t, 1}};
    int32_t seg_name[3];
    rd_strlist notes = {0};
    size_t matched, unmatched;
    rd_err err;
    assert_int_equal(rd_personas_match(same, 2, 2, names, 3, 0.2, seg_name, &notes, &matched,
                                       &unmatched, &err),
                     RD_OK);
    assert_int_equal(notes.n, 1);
    assert_string_equal(notes.v[0], "name \"C\" (line 4) is not used: its closest segment (1, "
                                    "similarity 0.71) went to name \"A\" (0.71), and the one "
                                    "other segment that reaches 0.20 went to another name");
    rd_strlist_free(&notes);
    assert_int_equal(rd_personas_match(same, 3, 2, names, 4, 0.2, seg_name, &notes, &matched,
                                       &unmatched, &err),
                     RD_OK);
    assert_int_equal(notes.n, 1);
    assert_string_equal(notes.v[0], "name \"D\" (line 5) is not used: its closest segment (1, "
                                    "similarity 0.71) went to name \"A\" (0.71), and the 2 "
                                    "other segments that reach 0.20 went to other names");
    rd_strlist_free(&notes);
}

/* Equal similarities: the first name takes the first segment. No names: every segment -1. */
static void test_ties_and_none(void **state)
{
    (void)state;
    const double same[] = {1, 1, 1, 1};
    const int32_t t[] = {0};
    const rd_persona names[] = {{"A", 1, t, 1}, {"B", 2, t, 1}};
    int32_t seg_name[2];
    rd_strlist notes = {0};
    size_t matched, unmatched;
    rd_err err;
    assert_int_equal(rd_personas_match(same, 2, 2, names, 2, 0.2, seg_name, &notes, &matched,
                                       &unmatched, &err),
                     RD_OK);
    assert_int_equal(seg_name[0], 0);
    assert_int_equal(seg_name[1], 1);
    assert_int_equal(notes.n, 0);
    assert_int_equal(rd_personas_match(same, 2, 2, NULL, 0, 0.2, seg_name, &notes, &matched,
                                       &unmatched, &err),
                     RD_OK);
    assert_int_equal(seg_name[0], -1);
    assert_int_equal(seg_name[1], -1);
    assert_int_equal(matched + unmatched, 0);
    /* a name with no terms at all is similar to nothing */
    const rd_persona empty[] = {{"Leeg", 9, NULL, 0}};
    assert_int_equal(rd_personas_match(same, 2, 2, empty, 1, 0.0, seg_name, &notes, &matched,
                                       &unmatched, &err),
                     RD_OK);
    assert_int_equal(seg_name[0], 0); /* similarity 0 ≥ min_sim 0: placed */
    assert_int_equal(matched, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_notes_taken),
        cmocka_unit_test(test_ties_and_none),
    };
    return cmocka_run_group_tests_name("personas", tests, NULL, NULL);
}
