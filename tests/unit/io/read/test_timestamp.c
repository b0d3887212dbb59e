/* tests/unit/io/read/test_timestamp.c — the one timestamp grammar (io/read/timestamp.h)
 * and its three places: before a speaker label, in a cue's timing line, a table cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/read/timestamp.h"

typedef struct {
    const char *s;
    size_t want; /* the length / offset expected, 0 for none */
} known;

/* Each input is copied into a buffer of exactly its length, so that the sanitizer sees a
 * read past the end. */
static size_t call(size_t (*f)(const char *, size_t), const char *s)
{
    size_t n = strlen(s);
    char *b = malloc(n ? n : 1);
    assert_non_null(b);
    memcpy(b, s, n);
    size_t r = f(b, n);
    free(b);
    return r;
}

static size_t cue(const char *s, size_t n) { return (size_t)rd_timestamp_cue(s, n); }
static size_t cell(const char *s, size_t n) { return (size_t)rd_timestamp_cell(s, n); }

static void check(size_t (*f)(const char *, size_t), const known *k, size_t nk,
                  const char *what)
{
    for (size_t i = 0; i < nk; i++) {
        size_t got = call(f, k[i].s);
        if (got != k[i].want)
            fail_msg("%s(\"%s\"): got %zu, want %zu", what, k[i].s, got, k[i].want);
    }
}

static void test_grammar(void **state)
{
    (void)state;
    static const known k[] = {
        {"00:01:02", 8},         {"1:02", 4},              {"0:0", 3},
        {"125:07", 6},           {"100:00:00.000", 13},    {"00:00:01,000", 12},
        {"01:00:12:05", 11},     {"00:01:02:03:04", 11},   /* at most four groups */
        {"00:01:02.5 rest", 10}, {"00:01.", 5},            {"00:01,x", 5},
        {"00:01:", 5},           {"00::01", 0},        {"12", 0},
        {"", 0},                 {":01", 0},               {"a1:02", 0},
        {"14:30 uur", 5},        {"1:2:3.45.6", 8},        {"00:01:02.", 8},
    };
    check(rd_timestamp_scan, k, sizeof k / sizeof *k, "scan");
}

static void test_speaker_line(void **state)
{
    (void)state;
    static const known k[] = {
        /* the forms speaker lines have always had */
        {"[00:01:02] Jan: x", 11},  {"(01:02) Jan: x", 8},      {"00:01:02 - Jan: x", 11},
        {"[00:01:02]Jan: x", 10},   {"00:01:02\tJan: x", 9},    {"00:01:02", 8},
        {"[00:01:02.345] Jan", 15}, {"00:01:02,5 - Jan", 13},
        /* chosen where the readers disagreed: any digits, four groups, ranges, blanks */
        {"[105:12] Jan: x", 9},     {"01:00:12:05 Jan: x", 12}, {"[ 00:01:02 ] Jan", 13},
        {"[00:01 - 00:05] Jan", 16}, {"00:01 - 00:05 Jan", 14},
        {"00:00:01.000 --> 00:00:04.000 Jan", 30},
        {"(00:01\xE2\x80\x93" "00:05) Jan", 16},          {"00:01:02 -\tJan", 11},
        /* not a timestamp before a label */
        {"14:30: tekst", 0},        {"00:01:02-Jan", 0},        {"[00:01:02 Jan", 0},
        {"(00:01:02] Jan", 0},      {"00:01:02x Jan", 0},       {"[] Jan", 0},
        {"Jan: 00:01", 0},          {"12 Jan: x", 0},           {"00:01:02:03:04 Jan", 0},
        {"00:01:02\r", 0},
        /* a dash without a blank after it stays where it is */
        {"00:01:02 -", 9},          {"00:01:02 -- Jan", 9},     {"00:01 - Jan", 8},
    };
    check(rd_timestamp_line, k, sizeof k / sizeof *k, "line");
}

static void test_cue_timing(void **state)
{
    (void)state;
    static const known k[] = {
        {"00:00:01.000 --> 00:00:04.000", 1}, {"00:00:01,000 --> 00:00:04,000", 1},
        {"01:02.345 --> 01:05.000 align:start", 1},
        {"00:00:09.000-->00:00:10.000", 1},   {"  1:02 \t--> x", 1},
        {"100:00:00.000 --> 100:00:01.000", 1}, /* hours above 99 */
        {"00:00:01 -->", 1},                  {"00:00:01:12 --> 00:00:02:00", 1},
        {"xx:01.000 --> 00:02.000", 0},       {"--> 00:00:03,000", 0},
        {"00:00:01.000 -> 00:00:02.000", 0},  {"00:00:01 - 00:00:02", 0},
        {"1 --> 2", 0},                       {"00:00:01.000 --", 0},
        {"A --> B", 0},                       {"", 0},
    };
    check(cue, k, sizeof k / sizeof *k, "cue");
}

static void test_table_cell(void **state)
{
    (void)state;
    static const known k[] = {
        {"00:01:02", 1},           {"[00:01:09]", 1},             {"(1:00)", 1},
        {"  00:01:02,500  ", 1},   {"00:01:02 - 00:01:09", 1},    {"12:30-13:00", 1},
        {"00:01 \xE2\x80\x93 00:05", 1},                          {"[ 00:01 ]", 1},
        {"00:00:01.000 --> 00:00:04.000", 1},                     {"01:00:12:05", 1},
        /* what the old cell rule let through and a speaker line never read back */
        {"1:", 0},                 {"::", 0},                     {"1:2:3:4:5", 0},
        {"--:--", 0},              {"00:01 -", 0},                {"(00:01) (00:02)", 0},
        {"00:01 - 00:02 - 00:03", 0},
        /* not timestamps at all */
        {"", 0},                   {"   ", 0},                    {"Jan", 0},
        {"om 10:30 uur", 0},       {"10:30 uur", 0},              {"12", 0},
    };
    check(cell, k, sizeof k / sizeof *k, "cell");
}

/* A cell that passes is, as the start of a speaker line, read whole. */
static void test_cell_reads_back_as_line(void **state)
{
    (void)state;
    static const char *const cells[] = {"00:01:02", "[00:01:09]", "00:01:02 - 00:01:09",
                                        "00:00:01.000 --> 00:00:04.000", "(1:00)"};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        char line[128];
        snprintf(line, sizeof line, "%s Jan: hallo", cells[i]);
        assert_true(rd_timestamp_cell(cells[i], strlen(cells[i])));
        assert_int_equal(rd_timestamp_line(line, strlen(line)), strlen(cells[i]) + 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grammar),
        cmocka_unit_test(test_speaker_line),
        cmocka_unit_test(test_cue_timing),
        cmocka_unit_test(test_table_cell),
        cmocka_unit_test(test_cell_reads_back_as_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
